"""HTTP server for capture tests: answers every GET with JSON naming who connected (peer address), the
address it was reached on, and the request headers; serves each listed address until killed."""
import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        body = json.dumps({
            "peer": self.client_address[0],
            "local": "%s:%d" % self.connection.getsockname()[:2],
            "headers": {k.lower(): v for k, v in self.headers.items()},
        }).encode()
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


servers = []
for spec in sys.argv[1:]:
    host, port = spec.rsplit(":", 1)
    server = ThreadingHTTPServer((host, int(port)), Handler)
    servers.append(server)
    threading.Thread(target=server.serve_forever, daemon=True).start()
print("serving", flush=True)
threading.Event().wait()
