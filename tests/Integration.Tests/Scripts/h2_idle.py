"""An h2c connection to 127.0.0.1:PORT that, after the handshake (and one GET of PATH when given), stays idle and
reads for up to WAIT seconds, until the proxy closes it. Prints READY once idle, then the h2_common report with
idle_since (seconds since the connection started, as all "at" values are).

  h2_idle.py PORT WAIT [PATH]"""
import sys

from h2_common import Client

port, wait = int(sys.argv[1]), float(sys.argv[2])
path = sys.argv[3] if len(sys.argv) > 3 else None

client = Client(port)
client.handshake()
first = None
if path:
    first = client.request("GET", path)
    client.until(lambda: client.done(first), 10)
idle_since = round(client.now(), 3)
print("READY", flush=True)
client.until(lambda: False, wait)
client.close()
client.report(first=first, idle_since=idle_since)
