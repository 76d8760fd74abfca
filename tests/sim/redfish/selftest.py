"""Checks of the emulator's streaming multipart parser, run by
tests/cli/test-redfish-sim.sh: every chunk size from 1 byte up, so that
the delimiter straddles chunk borders at every offset, with parts that hold
near-delimiters ("\\r\\n--" and most of the boundary), an empty part, a
preamble and an epilogue; and the refusals (no closing boundary).
Prints one line per failure; exit 1 if any.
"""
import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.realpath(__file__))))

from redfish import update  # noqa: E402


class Chunks:
    def __init__(self, data, size):
        self.data, self.size, self.pos = data, size, 0

    def read(self):
        chunk = self.data[self.pos:self.pos + self.size]
        self.pos += len(chunk)
        return chunk


class Sink:
    def __init__(self):
        self.data = bytearray()

    def write(self, b):
        self.data += b

    def close(self):
        pass


def parse(body, boundary, size):
    parts = []

    def open_part(name, headers):
        sink = Sink()
        parts.append((name, sink))
        return sink
    update.parse_multipart(Chunks(body, size), boundary, open_part)
    return [(n, bytes(s.data)) for n, s in parts]


def main():
    failures = 0
    b = b"XyZ-boundary-0123"
    tricky = b"\r\n--XyZ-boundary-012\r\n-" + bytes(range(256)) + b"\r\n--XyZ" + b"\r\n"
    params = b'{"Targets": []}'
    body = (b"preamble\r\n--" + b + b"\r\n"
            b'Content-Disposition: form-data; name="UpdateParameters"\r\n'
            b"Content-Type: application/json\r\n\r\n" + params + b"\r\n--" + b + b"\r\n"
            b'Content-Disposition: form-data; name="Empty"\r\n\r\n' + b"\r\n--" + b + b"  \r\n"
            b'Content-Disposition: form-data; name="UpdateFile"; filename="x.img"\r\n\r\n'
            + tricky + b"\r\n--" + b + b"--\r\nepilogue")
    want = [("UpdateParameters", params), ("Empty", b""), ("UpdateFile", tricky)]
    for size in list(range(1, 80)) + [len(body)]:
        try:
            got = parse(body, b, size)
        except update.BadRequest as e:
            got = [("refused", str(e.reply[1]).encode())]
        if got != want:
            print("chunk size %d: parts %r" % (size, [(n, len(d)) for n, d in got]))
            failures += 1
    try:
        parse(body[:-20], b, 64)
        print("a body without its closing boundary was accepted")
        failures += 1
    except update.BadRequest:
        pass
    print("multipart parser: %d failures" % failures)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
