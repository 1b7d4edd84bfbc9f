#!/usr/bin/env python3
"""Holds many concurrent streaming requests open against `switchboard serve` and reports its memory.

    python3 Benchmarks/streams.py --port PORT --pid PID [--streams 1000] [--model slow/gpt-4o-mini]

Opens every stream (`"stream": true`), waits until each has received its first event, reads the gateway's
VmRSS from /proc/PID/status, keeps every stream reading for a few more seconds, then reports VmRSS and VmHWM again
and closes the connections. Run by Benchmarks/run.sh against an upstream that sends slowly (nginx `limit_rate`).
"""
import argparse
import asyncio
import json
import time


def memory(pid):
    fields = {}
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            name, _, value = line.partition(":")
            if name in ("VmRSS", "VmHWM"):
                fields[name] = int(value.split()[0]) / 1024
    return fields


async def stream(port, body, first_event, stop):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(
        b"POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        + f"Content-Length: {len(body)}\r\n\r\n".encode()
        + body
    )
    await writer.drain()
    received = b""
    try:
        while b"data:" not in received:
            chunk = await reader.read(65536)
            if not chunk:
                return False
            received = (received + chunk)[-4096:]
        first_event()
        while not stop.is_set():
            if not await reader.read(65536):
                break
        return True
    finally:
        writer.close()


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--pid", type=int, required=True)
    parser.add_argument("--streams", type=int, default=1000)
    parser.add_argument("--model", default="slow/gpt-4o-mini")
    parser.add_argument("--hold", type=float, default=5)
    options = parser.parse_args()
    body = json.dumps({"model": options.model, "stream": True, "messages": [{"role": "user", "content": "Say hi"}]})
    started = time.monotonic()
    streaming = 0
    all_streaming = asyncio.Event()
    stop = asyncio.Event()

    def first_event():
        nonlocal streaming
        streaming += 1
        if streaming == options.streams:
            all_streaming.set()

    tasks = [asyncio.create_task(stream(options.port, body.encode(), first_event, stop)) for _ in range(options.streams)]
    try:
        await asyncio.wait_for(all_streaming.wait(), timeout=120)
    except asyncio.TimeoutError:
        pass
    opened = time.monotonic() - started
    at_open = memory(options.pid)
    await asyncio.sleep(options.hold)
    held = memory(options.pid)
    print(f"{streaming} of {options.streams} streams receiving events after {opened:.1f} s: VmRSS {at_open['VmRSS']:.1f} MiB")
    print(f"after holding them {options.hold:.0f} s more: VmRSS {held['VmRSS']:.1f} MiB, VmHWM {held['VmHWM']:.1f} MiB")
    stop.set()
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)


asyncio.run(main())
