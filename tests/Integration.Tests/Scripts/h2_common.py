"""Shared by the h2_*.py scripts: an HTTP/2 client (hyper-h2, Debian's python3-h2) over a plain socket to a
proxy listener, h2c with prior knowledge. Besides h2's events it keeps its own log of every frame received and
sent (type, flags, stream, length, error codes, settings, window increments), parsed from the raw bytes, so a
test can assert what went over the wire rather than what h2 made of it. Scripts end by printing one JSON
object (Client.report) on a line of its own."""
import itertools
import json
import socket
import struct
import time

import h2.config
import h2.connection
import h2.events
import h2.exceptions
import h2.settings

FRAME_TYPES = {0: "DATA", 1: "HEADERS", 2: "PRIORITY", 3: "RST_STREAM", 4: "SETTINGS", 5: "PUSH_PROMISE",
               6: "PING", 7: "GOAWAY", 8: "WINDOW_UPDATE", 9: "CONTINUATION"}
ERRORS = {0: "NO_ERROR", 1: "PROTOCOL_ERROR", 2: "INTERNAL_ERROR", 3: "FLOW_CONTROL_ERROR", 4: "SETTINGS_TIMEOUT",
          5: "STREAM_CLOSED", 6: "FRAME_SIZE_ERROR", 7: "REFUSED_STREAM", 8: "CANCEL", 9: "COMPRESSION_ERROR",
          10: "CONNECT_ERROR", 11: "ENHANCE_YOUR_CALM", 12: "INADEQUATE_SECURITY", 13: "HTTP_1_1_REQUIRED"}
SETTINGS = {1: "HEADER_TABLE_SIZE", 2: "ENABLE_PUSH", 3: "MAX_CONCURRENT_STREAMS", 4: "INITIAL_WINDOW_SIZE",
            5: "MAX_FRAME_SIZE", 6: "MAX_HEADER_LIST_SIZE", 8: "ENABLE_CONNECT_PROTOCOL"}
PREFACE = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
SEQUENCE = itertools.count()  # orders the frames of both directions as this client saw or sent them


def error_name(code):
    return ERRORS.get(int(code), str(int(code)))


class FrameLog:
    """Splits a byte stream into frames and records each one as a dict."""

    def __init__(self, skip_preface=False):
        self.frames = []
        self._buffer = b""
        self._skip = len(PREFACE) if skip_preface else 0

    def feed(self, data, at):
        if self._skip:
            taken = min(self._skip, len(data))
            self._skip -= taken
            data = data[taken:]
        self._buffer += data
        while len(self._buffer) >= 9:
            length = int.from_bytes(self._buffer[0:3], "big")
            if len(self._buffer) < 9 + length:
                return
            kind, flags = self._buffer[3], self._buffer[4]
            stream = int.from_bytes(self._buffer[5:9], "big") & 0x7FFFFFFF
            payload = self._buffer[9:9 + length]
            self._buffer = self._buffer[9 + length:]
            self.frames.append(describe(kind, flags, stream, payload, at))


def describe(kind, flags, stream, payload, at):
    frame = {"type": FRAME_TYPES.get(kind, str(kind)), "flags": flags, "stream": stream, "length": len(payload),
             "at": round(at, 3), "seq": next(SEQUENCE)}
    name = frame["type"]
    if name in ("DATA", "HEADERS"):
        frame["end_stream"] = bool(flags & 0x1)
        if name == "DATA":
            padding = payload[0] + 1 if flags & 0x8 and payload else 0
            frame["data_length"] = len(payload) - padding
    elif name == "SETTINGS":
        frame["ack"] = bool(flags & 0x1)
        values = {}
        for i in range(0, len(payload) - 5, 6):
            ident, value = struct.unpack(">HI", payload[i:i + 6])
            values[SETTINGS.get(ident, str(ident))] = value
        frame["settings"] = values
    elif name == "PING":
        frame["ack"] = bool(flags & 0x1)
        frame["data"] = payload.hex()
    elif name == "RST_STREAM" and len(payload) >= 4:
        frame["error"] = error_name(int.from_bytes(payload[0:4], "big"))
    elif name == "GOAWAY" and len(payload) >= 8:
        frame["last_stream"] = int.from_bytes(payload[0:4], "big") & 0x7FFFFFFF
        frame["error"] = error_name(int.from_bytes(payload[4:8], "big"))
    elif name == "WINDOW_UPDATE" and len(payload) >= 4:
        frame["increment"] = int.from_bytes(payload[0:4], "big") & 0x7FFFFFFF
    return frame


def raw_frame(kind, flags, stream, payload):
    """The bytes of one frame, for what h2 refuses to send."""
    return len(payload).to_bytes(3, "big") + bytes([kind, flags]) + stream.to_bytes(4, "big") + payload


class Connection(h2.connection.H2Connection):
    """h2's connection, able to open a stream beyond the peer's SETTINGS_MAX_CONCURRENT_STREAMS when asked."""

    ignore_stream_limit = False

    @property
    def open_outbound_streams(self):
        return 0 if self.ignore_stream_limit else super().open_outbound_streams


class Client:
    def __init__(self, port, settings=None, validate=True, auto_window=True, timeout=10.0):
        self.started = time.monotonic()
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        config = h2.config.H2Configuration(client_side=True, header_encoding="utf-8",
                                           validate_outbound_headers=validate, normalize_outbound_headers=validate)
        self.conn = Connection(config=config)
        if settings:
            self.conn.local_settings = h2.settings.Settings(client=True, initial_values=settings)
        self.auto_window = auto_window
        self.received = FrameLog()
        self.sent = FrameLog(skip_preface=True)
        self.events = []
        self.streams = {}
        self.goaway = None
        self.closed = False
        self.closed_at = None
        self.close_reason = None
        self.client_error = None
        self.conn.initiate_connection()
        self.flush()

    def now(self):
        return time.monotonic() - self.started

    # --- sending ---------------------------------------------------------------------------------------------

    def flush(self):
        data = self.conn.data_to_send()
        if data:
            self.send_raw(data, log=True)

    def send_raw(self, data, log=True):
        if log:
            self.sent.feed(data, self.now())
        try:
            self.sock.sendall(data)
        except OSError as error:
            self._close(f"send failed: {error}")

    def request(self, method, path, headers=(), body=None, end_stream=True, authority="localhost"):
        stream = self.conn.get_next_available_stream_id()
        block = [(":method", method), (":scheme", "http"), (":authority", authority), (":path", path)]
        block += list(headers)
        self.conn.send_headers(stream, block, end_stream=end_stream and body is None)
        self.stream(stream)
        self.flush()
        if body is not None:
            self.send_body(stream, body, end_stream=end_stream)
        return stream

    def send_body(self, stream, body, end_stream=True, deadline=20.0):
        """Sends body as the peer's flow-control windows allow, reading (and waiting for WINDOW_UPDATEs) between."""
        view = memoryview(body)
        stop = time.monotonic() + deadline
        while view and not self.closed and time.monotonic() < stop:
            window = min(self.conn.local_flow_control_window(stream), self.conn.max_outbound_frame_size, len(view))
            if window <= 0:
                self.pump(0.5)
                continue
            self.conn.send_data(stream, view[:window].tobytes())
            view = view[window:]
            self.flush()
            self.pump(0)
        if not view and end_stream and not self.closed:
            self.conn.end_stream(stream)
            self.flush()
        return not view

    def stream(self, stream_id):
        return self.streams.setdefault(stream_id, {"status": None, "headers": {}, "body": bytearray(),
                                                   "trailers": {}, "ended": False, "reset": None,
                                                   "headers_end_stream": False, "data_frames": 0})

    # --- receiving -------------------------------------------------------------------------------------------

    def pump(self, timeout):
        """Reads what arrives within timeout seconds (0: only what is already there). False once closed."""
        if self.closed:
            return False
        self.sock.settimeout(timeout if timeout > 0 else 0.0)
        try:
            data = self.sock.recv(1 << 20)
        except (socket.timeout, BlockingIOError):
            return True
        except OSError as error:
            self._close(f"recv failed: {error}")
            return False
        if not data:
            self._close("peer closed")
            return False
        self.received.feed(data, self.now())
        if self.goaway is not None:
            # h2 4.1 takes no frame but GOAWAY once it saw one (its connection state is then CLOSED): what
            # follows is only logged, raw.
            return True
        try:
            events = self.conn.receive_data(data)
        except h2.exceptions.ProtocolError as error:
            self.client_error = f"{type(error).__name__}: {error}"
            self.flush()
            self._close("client error")
            return False
        for event in events:
            self.handle(event)
        self.flush()
        return True

    def until(self, condition, timeout=10.0):
        """Reads until condition() holds, the connection closes or timeout seconds pass; returns condition()."""
        stop = time.monotonic() + timeout
        while not condition() and not self.closed:
            left = stop - time.monotonic()
            if left <= 0:
                break
            self.pump(min(left, 0.5))
        return condition()

    def handshake(self, timeout=5.0):
        """Waits for the server's SETTINGS and its ACK of ours."""
        settings = lambda ack: any(f["ack"] == ack for f in self.frames("SETTINGS"))
        return self.until(lambda: settings(False) and settings(True), timeout)

    def done(self, stream_id):
        s = self.streams.get(stream_id)
        return s is not None and (s["ended"] or s["reset"] is not None)

    def handle(self, event):
        name = type(event).__name__
        stream_id = getattr(event, "stream_id", 0) or 0
        self.events.append({"event": name, "stream": stream_id, "at": round(self.now(), 3)})
        if isinstance(event, (h2.events.ResponseReceived, h2.events.InformationalResponseReceived)):
            s = self.stream(stream_id)
            headers = dict(event.headers)
            if isinstance(event, h2.events.ResponseReceived):
                s["status"] = int(headers.get(":status", "0"))
                s["headers"] = {k: v for k, v in headers.items() if not k.startswith(":")}
                s["headers_end_stream"] = event.stream_ended is not None
        elif isinstance(event, h2.events.DataReceived):
            s = self.stream(stream_id)
            s["body"] += event.data
            s["data_frames"] += 1
            if self.auto_window and event.flow_controlled_length:
                self.conn.acknowledge_received_data(event.flow_controlled_length, stream_id)
        elif isinstance(event, h2.events.TrailersReceived):
            self.stream(stream_id)["trailers"] = dict(event.headers)
        elif isinstance(event, h2.events.StreamEnded):
            self.stream(stream_id)["ended"] = True
        elif isinstance(event, h2.events.StreamReset):
            self.stream(stream_id)["reset"] = error_name(event.error_code)
        elif isinstance(event, h2.events.ConnectionTerminated):
            self.goaway = {"error": error_name(event.error_code), "last_stream": event.last_stream_id,
                           "at": round(self.now(), 3)}

    def _close(self, why):
        if not self.closed:
            self.closed = True
            self.closed_at = round(self.now(), 3)
            self.close_reason = why
            try:
                self.sock.close()
            except OSError:
                pass

    def close(self):
        self._close("client closed")

    # --- reporting -------------------------------------------------------------------------------------------

    def frames(self, kind, stream=None):
        return [f for f in self.received.frames if f["type"] == kind and (stream is None or f["stream"] == stream)]

    def report(self, **extra):
        streams = {}
        for stream_id, s in self.streams.items():
            body = bytes(s["body"])
            streams[str(stream_id)] = {
                "status": s["status"], "headers": s["headers"], "trailers": s["trailers"], "ended": s["ended"],
                "reset": s["reset"], "headers_end_stream": s["headers_end_stream"], "data_frames": s["data_frames"],
                "body_length": len(body), "body": body[:4096].decode("latin-1"),
                "data_frames_with_payload": sum(1 for f in self.frames("DATA", stream_id) if f["data_length"] > 0),
            }
        result = {"frames": self.received.frames, "sent": self.sent.frames, "events": self.events,
                  "streams": streams, "goaway": self.goaway, "closed": self.closed,
                  "closed_at": self.closed_at, "close_reason": self.close_reason, "client_error": self.client_error}
        result.update(extra)
        print(json.dumps(result), flush=True)
