"""An HTTP/1.1 client that reads a response at a steady rate, a few KiB at a time, with a small receive buffer:
unlike curl --limit-rate, which reads ahead in bursts and then stops reading for up to a second to even out its
average, it never leaves the connection unread for long. Prints "STATUS N BODY M COMPLETE true|false": the status
code, the body octets received, and whether the whole Content-Length arrived before the connection ended.

  steady_reader.py PORT PATH BYTES_PER_SECOND"""
import socket
import sys
import time

port, path, rate = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
CHUNK = 16 * 1024

sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 64 * 1024)
sock.settimeout(30)
sock.connect(("127.0.0.1", port))
sock.sendall(f"GET {path} HTTP/1.1\r\nHost: steady\r\nConnection: close\r\n\r\n".encode("ascii"))

head = b""
while b"\r\n\r\n" not in head:
    data = sock.recv(CHUNK)
    if not data:
        break
    head += data
head, _, body_start = head.partition(b"\r\n\r\n")
lines = head.decode("latin-1").split("\r\n")
status = int(lines[0].split(" ")[1]) if lines and lines[0].startswith("HTTP/") else 0
length = next((int(line.split(":", 1)[1]) for line in lines[1:] if line.lower().startswith("content-length:")), -1)

received = len(body_start)
start = time.monotonic()
try:
    while length < 0 or received < length:
        ahead = received / rate - (time.monotonic() - start)
        if ahead > 0:
            time.sleep(ahead)
        data = sock.recv(CHUNK)
        if not data:
            break
        received += len(data)
except (ConnectionResetError, socket.timeout):
    pass
sock.close()
print(f"STATUS {status} BODY {received} COMPLETE {'true' if length >= 0 and received >= length else 'false'}")
