#!/usr/bin/env python3
"""Crops rows TOP..BOTTOM of an 8-bit RGB or RGBA PNG (what headless Chromium writes).

Usage: crop-png.py IN.png OUT.png TOP BOTTOM. Standard library only, so the README's screenshot
can be remade without image tools.
"""
import struct
import sys
import zlib


def chunks(data):
    position = 8
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        yield kind, data[position + 8:position + 8 + length]
        position += 12 + length


def unfilter(raw, width, height, channels):
    stride = width * channels
    rows, previous, position = [], bytearray(stride), 0
    for _ in range(height):
        kind, line = raw[position], bytearray(raw[position + 1:position + 1 + stride])
        position += 1 + stride
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                best = left if pa <= pb and pa <= pc else (up if pb <= pc else corner)
                line[i] = (line[i] + best) & 255
        rows.append(bytes(line))
        previous = line
    return rows


def chunk(kind, payload):
    body = kind + payload
    return struct.pack(">I", len(payload)) + body + struct.pack(">I", zlib.crc32(body))


def main():
    source, target, top, bottom = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    data = open(source, "rb").read()
    header, idat = None, b""
    for kind, payload in chunks(data):
        if kind == b"IHDR":
            header = payload
        elif kind == b"IDAT":
            idat += payload
    width, height, depth, colour = struct.unpack(">IIBB", header[:10])
    if depth != 8 or colour not in (2, 6) or header[12] != 0:
        sys.exit("crop-png: only 8-bit, non-interlaced RGB or RGBA PNG files")
    channels = 3 if colour == 2 else 4
    rows = unfilter(zlib.decompress(idat), width, height, channels)[top:bottom]
    raw = b"".join(b"\x00" + row for row in rows)
    new_header = struct.pack(">II", width, len(rows)) + header[8:]
    out = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", new_header)
    out += chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")
    open(target, "wb").write(out)


if __name__ == "__main__":
    main()
