"""A real gRPC client (grpcio, raw bytes) calling TARGET (host:port, h2c). Modes:
  unary SERVICE MESSAGE   one call to /SERVICE/Unary (or /SERVICE/Fail with MESSAGE prefixed "fail:")
  bidi SERVICE M1 M2 ...  one /SERVICE/Bidi stream, each message sent only after the previous reply
                          arrived (a proxy that buffered the request stream would hang it)
Prints one JSON object: code, details, replies, trailers."""
import json
import queue
import sys

import grpc


def metadata(items):
    return {item.key: item.value for item in (items or ())}


def unary(channel, service, message):
    method = "Fail" if message.startswith("fail:") else "Unary"
    call = channel.unary_unary(f"/{service}/{method}")
    try:
        reply, outcome = call.with_call(message.encode(), timeout=10)
        return {"code": outcome.code().name, "details": outcome.details() or "",
                "replies": [reply.decode()], "trailers": metadata(outcome.trailing_metadata())}
    except grpc.RpcError as error:
        return {"code": error.code().name, "details": error.details() or "", "replies": [],
                "trailers": metadata(error.trailing_metadata())}


def bidi(channel, service, messages):
    outgoing = queue.Queue()

    def requests():
        while True:
            message = outgoing.get()
            if message is None:
                return
            yield message.encode()

    call = channel.stream_stream(f"/{service}/Bidi")
    responses = call(requests(), timeout=20)
    replies = []
    try:
        for message in messages:
            outgoing.put(message)
            replies.append(next(responses).decode())
        outgoing.put(None)
        for extra in responses:
            replies.append(extra.decode())
        return {"code": responses.code().name, "details": responses.details() or "", "replies": replies,
                "trailers": metadata(responses.trailing_metadata())}
    except grpc.RpcError as error:
        outgoing.put(None)
        return {"code": error.code().name, "details": error.details() or "", "replies": replies,
                "trailers": metadata(error.trailing_metadata())}


target, mode, service = sys.argv[1], sys.argv[2], sys.argv[3]
with grpc.insecure_channel(target) as channel:
    result = unary(channel, service, sys.argv[4]) if mode == "unary" else bidi(channel, service, sys.argv[4:])
print(json.dumps(result), flush=True)
