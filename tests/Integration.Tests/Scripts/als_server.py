"""A real gRPC access log service (grpcio, generic handler, raw bytes: no protoc step): serves
envoy.service.accesslog.v3.AccessLogService/StreamAccessLogs on 127.0.0.1:PORT and appends each received
StreamAccessLogsMessage to OUT as a 4-byte big-endian length and the message bytes. Prints READY once serving."""
import struct
import sys
import threading
from concurrent import futures

import grpc

out_path = sys.argv[2]
lock = threading.Lock()


def stream_access_logs(requests, context):
    for message in requests:
        with lock, open(out_path, "ab") as out:
            out.write(struct.pack(">I", len(message)) + message)
            out.flush()
    return b""


handler = grpc.method_handlers_generic_handler("envoy.service.accesslog.v3.AccessLogService", {
    "StreamAccessLogs": grpc.stream_unary_rpc_method_handler(stream_access_logs),
})
server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
server.add_generic_rpc_handlers((handler,))
server.add_insecure_port(f"127.0.0.1:{sys.argv[1]}")
server.start()
print("READY", flush=True)
server.wait_for_termination()
