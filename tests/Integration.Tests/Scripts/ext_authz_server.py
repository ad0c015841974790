"""A real gRPC external authorization service (grpcio, generic handler, raw bytes: no protoc step) for
envoy.service.auth.v3.Authorization/Check on 127.0.0.1:PORT. Each CheckRequest is appended to OUT as a
4-byte big-endian length and the message bytes. The verdict is read from the request bytes:
'deny-me' -> denied (PERMISSION_DENIED, 401, header x-denied-by: authz, body "go away");
'slow-me' -> answers OK after 8 s (the proxy's timeout is shorter);
anything else -> OK, setting request header x-authz-user: alice, removing x-secret, adding response header
x-authz-resp: yes. Prints READY once serving."""
import struct
import sys
import threading
import time
from concurrent import futures

import grpc

out_path = sys.argv[2]
lock = threading.Lock()


def varint(n):
    out = bytearray()
    while True:
        byte = n & 0x7F
        n >>= 7
        if n:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def message(number, payload):
    return varint(number << 3 | 2) + varint(len(payload)) + payload


def number(field, value):
    return varint(field << 3) + varint(value)


def header_option(key, value):
    # HeaderValueOption.header = 1: HeaderValue { key = 1, value = 2 }
    return message(1, message(1, key.encode()) + message(2, value.encode()))


def check(request, context):
    with lock, open(out_path, "ab") as out:
        out.write(struct.pack(">I", len(request)) + request)
    if b"deny-me" in request:
        status = message(1, number(1, 7))
        denied = message(1, number(1, 401)) + message(2, header_option("x-denied-by", "authz")) + message(3, b"go away")
        return status + message(2, denied)
    if b"slow-me" in request:
        time.sleep(8)
    ok = message(2, header_option("x-authz-user", "alice")) + message(5, b"x-secret") + message(6, header_option("x-authz-resp", "yes"))
    return message(1, b"") + message(3, ok)


handler = grpc.method_handlers_generic_handler("envoy.service.auth.v3.Authorization", {
    "Check": grpc.unary_unary_rpc_method_handler(check),
})
server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
server.add_generic_rpc_handlers((handler,))
server.add_insecure_port(f"127.0.0.1:{sys.argv[1]}")
server.start()
print("READY", flush=True)
server.wait_for_termination()
