"""A real gRPC server (grpcio, generic handlers, raw bytes: no protoc step) for service test.Echo on
127.0.0.1:PORT over h2c. Unary and Bidi echo with an "echo:" prefix and set a trailer; Fail aborts with
NOT_FOUND. Prints READY once serving."""
import sys
from concurrent import futures

import grpc


def unary(request, context):
    context.set_trailing_metadata((("x-trailer", "unary-done"),))
    return b"echo:" + request


def bidi(requests, context):
    for message in requests:
        yield b"echo:" + message
    context.set_trailing_metadata((("x-trailer", "bidi-done"),))


def fail(request, context):
    context.set_trailing_metadata((("x-trailer", "failed"),))
    context.abort(grpc.StatusCode.NOT_FOUND, "no such thing: " + request.decode())


handler = grpc.method_handlers_generic_handler("test.Echo", {
    "Unary": grpc.unary_unary_rpc_method_handler(unary),
    "Bidi": grpc.stream_stream_rpc_method_handler(bidi),
    "Fail": grpc.unary_unary_rpc_method_handler(fail),
})
server = grpc.server(futures.ThreadPoolExecutor(max_workers=8))
server.add_generic_rpc_handlers((handler,))
server.add_insecure_port(f"127.0.0.1:{sys.argv[1]}")
server.start()
print("READY", flush=True)
server.wait_for_termination()
