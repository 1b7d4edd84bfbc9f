#!/usr/bin/env python3
"""Lists the largest async frames of a binary: the context size each async function allocates when called.

    python3 Benchmarks/async_frames.py .build/release/switchboard [COUNT]

A task allocates the frames of the async functions it runs from slabs it keeps until it ends, so a task that lives as
long as a stream (a gateway connection's, a strategy's) holds the deepest chain of frames it ever reached. Swift
records each async function's frame size in its "async function pointer" (the symbol ending in `Tu`: a 32-bit
relative address, then the 32-bit size); this reads them from the ELF file and demangles the names.
"""
import struct
import subprocess
import sys


def sections(binary):
    """(address, file offset, size) of every section with contents."""
    found = []
    for line in subprocess.run(["readelf", "-SW", binary], capture_output=True, text=True).stdout.splitlines():
        fields = line.replace("[ ", "[").split()
        if len(fields) > 6 and fields[0].startswith("[") and fields[2] != "NOBITS":
            try:
                found.append((int(fields[3], 16), int(fields[4], 16), int(fields[5], 16)))
            except ValueError:
                continue
    return found


def main():
    binary = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 30
    mapped = sections(binary)
    sizes = []
    with open(binary, "rb") as data:
        for line in subprocess.run(["nm", binary], capture_output=True, text=True).stdout.splitlines():
            fields = line.split()
            if len(fields) != 3 or not fields[2].endswith("Tu"):
                continue
            address = int(fields[0], 16)
            for start, offset, size in mapped:
                if start <= address < start + size:
                    data.seek(offset + address - start)
                    sizes.append((struct.unpack("<iI", data.read(8))[1], fields[2]))
                    break
    sizes.sort(reverse=True)
    names = subprocess.run(
        ["swift", "demangle", "--simplified"], input="\n".join(name for _, name in sizes[:count]),
        capture_output=True, text=True).stdout.splitlines()
    for (size, _), name in zip(sizes, names):
        print(f"{size:7d}  {name.removeprefix('async function pointer to ')}")


if __name__ == "__main__":
    main()
