"""HTTP server for capture tests: answers every GET with JSON naming who connected (peer address), the
address it was reached on, and the request headers; serves each listed address until killed."""
import json
import socket
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        body = json.dumps({
            "peer": self.client_address[0],
            "local": "%s:%d" % self.connection.getsockname()[:2],
            "family": "ipv6" if self.connection.family == socket.AF_INET6 else "ipv4",
            "headers": {k.lower(): v for k, v in self.headers.items()},
        }).encode()
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class Server6(ThreadingHTTPServer):
    address_family = socket.AF_INET6

    def server_bind(self):
        self.socket.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
        super().server_bind()


servers = []
for spec in sys.argv[1:]:
    host, port = spec.rsplit(":", 1)
    host = host.strip("[]")
    server = (Server6 if ":" in host else ThreadingHTTPServer)((host, int(port)), Handler)
    servers.append(server)
    threading.Thread(target=server.serve_forever, daemon=True).start()
print("serving", flush=True)
threading.Event().wait()
