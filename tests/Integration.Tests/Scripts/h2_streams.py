"""Streams on one h2c connection to 127.0.0.1:PORT. Prints the h2_common report.

  h2_streams.py PORT concurrent N PREFIX
      opens N POST streams PREFIX/I?i=I (headers only), then sends their bodies interleaved, last stream first,
      in two DATA frames each (stream I carries (I+1)*10 bytes): all N are open at once on the proxy
  h2_streams.py PORT limit N PATH
      opens N POST streams (headers only) and keeps them open, then one more stream beyond the proxy's
      SETTINGS_MAX_CONCURRENT_STREAMS (h2 is told to ignore the limit), then ends the N and, once they are
      answered, sends one more GET on the same connection
  h2_streams.py PORT cancel SLOW_PATH AFTER_PATH ADMIN_PORT GAUGE
      GETs SLOW_PATH, waits until the admin gauge GAUGE is at least 1 (the request is upstream), resets the stream
      with RST_STREAM(CANCEL), then GETs AFTER_PATH on the same connection"""
import re
import sys
import time
import urllib.parse
import urllib.request

import h2.errors

from h2_common import Client

port, mode = int(sys.argv[1]), sys.argv[2]
client = Client(port)
client.handshake()


def gauge(admin_port, name):
    query = urllib.parse.quote("^" + re.escape(name) + "$")
    with urllib.request.urlopen(f"http://127.0.0.1:{admin_port}/stats?filter={query}", timeout=5) as response:
        for line in response.read().decode().splitlines():
            key, _, value = line.rpartition(": ")
            if key == name:
                return int(value)
    return 0


if mode == "concurrent":
    n, prefix = int(sys.argv[3]), sys.argv[4]
    streams = [client.request("POST", f"{prefix}/{i}?i={i}", [("content-type", "text/plain")], end_stream=False)
               for i in range(n)]
    for half in range(2):
        for i in reversed(range(n)):
            size = (i + 1) * 10
            part = size // 2 if half == 0 else size - size // 2
            client.conn.send_data(streams[i], b"c" * part, end_stream=half == 1)
        client.flush()
    client.until(lambda: all(client.done(s) for s in streams), 20)
    client.close()
    client.report(streams_in_order=streams)
elif mode == "limit":
    n, path = int(sys.argv[3]), sys.argv[4]
    advertised = client.conn.remote_settings.max_concurrent_streams
    held = [client.request("POST", f"{path}?held={i}", end_stream=False) for i in range(n)]
    client.conn.ignore_stream_limit = True
    extra = client.request("GET", f"{path}?extra")
    client.conn.ignore_stream_limit = False
    client.until(lambda: client.done(extra) or client.goaway is not None, 10)
    if not client.closed and client.goaway is None:
        for stream in held:
            client.conn.end_stream(stream)
        client.flush()
        client.until(lambda: all(client.done(s) for s in held) or client.goaway is not None, 10)
    after = None
    if not client.closed and client.goaway is None:
        after = client.request("GET", f"{path}?after")
        client.until(lambda: client.done(after) or client.goaway is not None, 10)
    client.close()
    client.report(advertised=advertised, held=held, extra=extra, after=after)
elif mode == "cancel":
    slow_path, after_path, admin_port, name = sys.argv[3], sys.argv[4], int(sys.argv[5]), sys.argv[6]
    slow = client.request("GET", slow_path)
    stop = time.monotonic() + 10
    upstream = False
    while not upstream and time.monotonic() < stop and not client.closed:
        upstream = gauge(admin_port, name) >= 1
        client.pump(0.02)
    client.conn.reset_stream(slow, error_code=h2.errors.ErrorCodes.CANCEL)
    client.flush()
    after = client.request("GET", after_path)
    client.until(lambda: client.done(after) or client.goaway is not None, 10)
    client.close()
    client.report(slow=slow, after=after, upstream_seen=upstream)
else:
    raise SystemExit("unknown mode " + mode)
