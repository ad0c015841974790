"""Connection-level frames against the h2c listener on 127.0.0.1:PORT. Prints the h2_common report.

  h2_frames.py PORT handshake       our SETTINGS (with a value) and a PING; waits for the SETTINGS ACK and the
                                    PING ACK, then sends a second SETTINGS and waits for its ACK too
  h2_frames.py PORT data-on-stream-0
                                    after the handshake, a DATA frame on stream 0 (RFC 9113 6.1: a connection
                                    error of type PROTOCOL_ERROR); waits for GOAWAY and the close"""
import sys

import h2.settings

from h2_common import Client, raw_frame

port, mode = int(sys.argv[1]), sys.argv[2]
PING = b"h2-ping!"

client = Client(port, settings={h2.settings.SettingCodes.MAX_CONCURRENT_STREAMS: 77})
acked = lambda n: len([f for f in client.frames("SETTINGS") if f["ack"]]) >= n

if mode == "handshake":
    client.handshake()
    client.conn.ping(PING)
    client.flush()
    client.until(lambda: any(f["ack"] for f in client.frames("PING")), 5)
    client.conn.update_settings({h2.settings.SettingCodes.HEADER_TABLE_SIZE: 1024})
    client.flush()
    client.until(lambda: acked(2), 5)
    client.close()
    client.report(ping=PING.hex())
elif mode == "data-on-stream-0":
    client.handshake()
    client.send_raw(raw_frame(0x0, 0x0, 0, b"not allowed on stream 0"))
    client.until(lambda: False, 5)
    client.close()
    client.report()
else:
    raise SystemExit("unknown mode " + mode)
