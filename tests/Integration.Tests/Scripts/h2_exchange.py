"""One request on a fresh h2c connection to 127.0.0.1:PORT, then (with --then PATH) a second request on the
same connection when the first did not end it. Prints the h2_common report.

  h2_exchange.py PORT METHOD PATH [--header NAME=VALUE]... [--filler NAME=BYTES] [--body-bytes N]
                 [--trailer NAME=VALUE]... [--authority HOST] [--then PATH]

--filler adds a header NAME whose value is BYTES 'a's (a large header block); --trailer sends the request body
followed by a trailers HEADERS frame."""
import argparse

from h2_common import Client

parser = argparse.ArgumentParser()
parser.add_argument("port", type=int)
parser.add_argument("method")
parser.add_argument("path")
parser.add_argument("--header", action="append", default=[])
parser.add_argument("--filler", action="append", default=[])
parser.add_argument("--trailer", action="append", default=[])
parser.add_argument("--body-bytes", type=int, default=None)
parser.add_argument("--authority", default="localhost")
parser.add_argument("--then", default=None)
args = parser.parse_args()

headers = [tuple(h.split("=", 1)) for h in args.header]
headers += [(name, "a" * int(size)) for name, size in (f.split("=", 1) for f in args.filler)]
trailers = [tuple(t.split("=", 1)) for t in args.trailer]
body = b"b" * args.body_bytes if args.body_bytes is not None else (b"" if trailers else None)

client = Client(args.port)
client.handshake()
first = client.request(args.method, args.path, headers, body, end_stream=not trailers, authority=args.authority)
if trailers and not client.closed:
    client.conn.send_headers(first, trailers, end_stream=True)
    client.flush()
client.until(lambda: client.done(first) or client.goaway is not None, 15)

second = None
if args.then and not client.closed and client.goaway is None:
    second = client.request("GET", args.then)
    client.until(lambda: client.done(second) or client.goaway is not None, 15)
client.close()
client.report(first=first, second=second)
