#!/usr/bin/env python3
"""One streaming client that stops reading, against `switchboard serve`, and the gateway's memory meanwhile.

    python3 Benchmarks/slow_client.py --port PORT --pid PID [--model big/gpt-4o-mini] [--hold 10]

Sends one streamed request, reads the response head and the first kilobyte, then reads nothing for `--hold` seconds
while it samples the gateway's VmRSS from /proc/PID/status once a second, and then reads the rest at full speed.
Prints the gateway's VmRSS before the request, its highest sample while the client held still, and the bytes the
client received in all. Run by Benchmarks/run.sh against an upstream that answers 30 MB at full speed: a gateway
without backpressure reads the whole answer into memory while the client holds still.
"""
import argparse
import socket
import time


def rss(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--pid", type=int, required=True)
    parser.add_argument("--model", default="big/gpt-4o-mini")
    parser.add_argument("--hold", type=int, default=10)
    options = parser.parse_args()
    before = rss(options.pid)
    body = ('{"model":"%s","stream":true,"messages":[{"role":"user","content":"hi"}]}' % options.model).encode()
    client = socket.create_connection(("127.0.0.1", options.port))
    client.sendall(
        b"POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        + f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode()
        + body
    )
    received = len(client.recv(1024))
    highest = before
    for _ in range(options.hold):
        time.sleep(1)
        highest = max(highest, rss(options.pid))
    while True:
        chunk = client.recv(1 << 16)
        if not chunk:
            break
        received += len(chunk)
    client.close()
    print(
        f"one client holding still for {options.hold} s on a 30 MB answer: gateway VmRSS {before:.1f} MiB before, "
        f"{highest:.1f} MiB at most while it held; the client then received {received / 1e6:.1f} MB"
    )


main()
