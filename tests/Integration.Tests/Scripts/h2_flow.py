"""HTTP/2 flow control through the h2c listener on 127.0.0.1:PORT. Prints the h2_common report.

  h2_flow.py PORT upload PATH BYTES      POSTs BYTES bytes, never more than the proxy's windows allow (h2
                                         keeps to them); the proxy must send WINDOW_UPDATEs for it to finish
  h2_flow.py PORT download PATH WINDOW   GETs PATH advertising SETTINGS_INITIAL_WINDOW_SIZE WINDOW; the stream
                                         and connection windows grow only by the WINDOW_UPDATEs sent as the body
                                         is read. h2 raises FlowControlError (reported as client_error) if the
                                         proxy sends beyond them; the report also has our own account:
                                         max_overrun = most DATA bytes received beyond what was granted"""
import sys

import h2.settings

from h2_common import Client

port, mode, path, number = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])

if mode == "upload":
    client = Client(port)
    client.handshake()
    stream = client.request("POST", path, [("content-type", "application/octet-stream")], end_stream=False)
    sent_all = client.send_body(stream, b"u" * number, end_stream=True, deadline=30)
    client.until(lambda: client.done(stream), 15)
    client.close()
    client.report(stream=stream, sent_all=sent_all)
elif mode == "download":
    window = number
    client = Client(port, settings={h2.settings.SettingCodes.INITIAL_WINDOW_SIZE: window})
    client.handshake()
    stream = client.request("GET", path)
    client.until(lambda: client.done(stream), 30)
    client.close()

    # Replay both directions in time order: DATA takes from the windows, our WINDOW_UPDATEs give back.
    timeline = [(f["seq"], 1, f) for f in client.received.frames] + [(f["seq"], 0, f) for f in client.sent.frames]
    timeline.sort(key=lambda item: item[0])
    stream_credit, connection_credit = window, 65535
    max_overrun = 0
    for _, received, f in timeline:
        if received and f["type"] == "DATA":
            stream_credit -= f["length"]
            connection_credit -= f["length"]
            max_overrun = max(max_overrun, -stream_credit, -connection_credit)
        elif not received and f["type"] == "WINDOW_UPDATE":
            if f["stream"] == stream:
                stream_credit += f["increment"]
            elif f["stream"] == 0:
                connection_credit += f["increment"]
    updates = [f for f in client.sent.frames if f["type"] == "WINDOW_UPDATE"]
    client.report(stream=stream, window=window, max_overrun=max_overrun,
                  stream_window_updates=sum(1 for f in updates if f["stream"] == stream),
                  largest_data_frame=max((f["length"] for f in client.frames("DATA", stream)), default=0))
else:
    raise SystemExit("unknown mode " + mode)
