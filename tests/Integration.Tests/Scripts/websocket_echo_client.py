"""WebSocket client (python3-websockets): sends each argument after the URL as a text message and prints
each reply on its own line, then closes. Exit status 2 with the HTTP status when the handshake is refused."""
import asyncio
import sys

import websockets


async def main(url, messages):
    try:
        async with websockets.connect(url, open_timeout=10, close_timeout=5) as socket:
            for message in messages:
                await socket.send(message)
                reply = await asyncio.wait_for(socket.recv(), timeout=10)
                print(reply, flush=True)
    except websockets.exceptions.InvalidStatusCode as refused:
        print(f"REFUSED {refused.status_code}", flush=True)
        return 2
    return 0


sys.exit(asyncio.run(main(sys.argv[1], sys.argv[2:])))
