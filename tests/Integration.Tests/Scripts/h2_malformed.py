"""A malformed request (RFC 9113 8.2 and 8.3) on a fresh h2c connection to 127.0.0.1:PORT, sent with h2's own
header checks off, then a well-formed GET of AFTER on the same connection when it is still open, and one on a
new connection. Prints the h2_common report of the first connection plus "fresh" (the new connection's stream).

  h2_malformed.py PORT KIND AFTER    KIND: uppercase | no-path | connection-header"""
import sys

from h2_common import Client

port, kind, after = int(sys.argv[1]), sys.argv[2], sys.argv[3]
base = [(":method", "GET"), (":scheme", "http"), (":authority", "localhost")]
blocks = {
    "uppercase": base + [(":path", after + "?malformed=uppercase"), ("X-Upper-Case", "1")],
    "no-path": base,
    "connection-header": base + [(":path", after + "?malformed=connection"), ("connection", "keep-alive")],
}

client = Client(port, validate=False)
client.handshake()
first = client.conn.get_next_available_stream_id()
client.conn.send_headers(first, blocks[kind], end_stream=True)
client.stream(first)
client.flush()
client.until(lambda: client.done(first) or client.goaway is not None, 10)

second = None
if not client.closed and client.goaway is None:
    second = client.request("GET", after + "?same-connection")
    client.until(lambda: client.done(second) or client.goaway is not None, 10)
else:
    # A GOAWAY is followed by the close: wait for it so the report shows it.
    client.until(lambda: False, 5)

fresh = Client(port)
fresh.handshake()
fresh_stream = fresh.request("GET", after + "?fresh-connection")
fresh.until(lambda: fresh.done(fresh_stream), 10)
fresh.close()
client.close()
client.report(first=first, second=second, fresh={"status": fresh.streams[fresh_stream]["status"],
                                                 "body": bytes(fresh.streams[fresh_stream]["body"]).decode("latin-1")})
