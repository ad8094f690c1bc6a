#!/usr/bin/env python3
"""An outside reference for the Austen corpus tests (Tests/RegistryTests/CorpusStoreTests.swift).

Reads janeaustenr's R lazy-load database (Rdata.rdx + Rdata.rdb from the Debian package
r-cran-janeaustenr 1.0.0-1) with nothing but the standard library: gzip, zlib, struct and its own
reader of R's XDR serialization, written apart from the Swift decoder so that the two can check
each other. Prints, per novel, the line count and the SHA-256 of the text as lenscribe stores it:
lines joined by "\\n" with a final "\\n", NA lines as empty lines, UTF-8.

Usage: scripts/austen-reference.py DIR    (DIR holds Rdata.rdx and Rdata.rdb, e.g. the package's
       ./usr/lib/R/site-library/janeaustenr/data after `dpkg-deb -x` or `ar x` + `tar -xJf`)
"""

import gzip
import hashlib
import os
import struct
import sys
import zlib

# SEXP types and the special items of R's serialize.c used here.
SYMSXP, LISTSXP, CHARSXP, LGLSXP, INTSXP, REALSXP, STRSXP, VECSXP = 1, 2, 9, 10, 13, 14, 16, 19
REFSXP, NILVALUE_SXP = 255, 254
# CHARSXP encoding bits, in the "levels" (flags >> 12).
LATIN1_MASK, UTF8_MASK, BYTES_MASK, ASCII_MASK = 1 << 2, 1 << 3, 1 << 1, 1 << 6
NA_STRING = None


class Reader:
    """Reads one R XDR serialization ("X\\n", versions 2 and 3) into Python values."""

    def __init__(self, data):
        self.data = data
        self.at = 0
        self.refs = []

    def take(self, count):
        if count < 0 or self.at + count > len(self.data):
            raise ValueError(f"truncated: {count} bytes wanted at {self.at} of {len(self.data)}")
        chunk = self.data[self.at:self.at + count]
        self.at += count
        return chunk

    def int(self):
        return struct.unpack(">i", self.take(4))[0]

    def header(self):
        if self.take(2) != b"X\n":
            raise ValueError("not an XDR serialization")
        version = self.int()
        self.int()  # the R version that wrote it
        self.int()  # the oldest R that reads it
        if version == 3:
            self.take(self.int())  # native encoding name
        elif version != 2:
            raise ValueError(f"serialization version {version}")

    def length(self):
        n = self.int()
        if n == -1:
            upper, lower = self.int(), self.int()
            n = (upper << 32) + lower
        return n

    def item(self):
        flags = self.int()
        kind = flags & 0xFF
        levels = flags >> 12
        has_attributes = bool(flags & (1 << 9))
        has_tag = bool(flags & (1 << 10))
        if kind == NILVALUE_SXP:
            return None
        if kind == REFSXP:
            index = flags >> 8 or self.int()
            return self.refs[index - 1]
        if kind == SYMSXP:
            symbol = ("symbol", self.item())
            self.refs.append(symbol)
            return symbol
        if kind == LISTSXP:
            attributes = self.item() if has_attributes else None
            tag = self.item() if has_tag else None
            head = self.item()
            rest = self.item()
            return [(tag, head)] + (rest or [])
        if kind == CHARSXP:
            n = self.int()
            if n == -1:
                return NA_STRING
            raw = self.take(n)
            if levels & UTF8_MASK or levels & ASCII_MASK:
                return raw.decode("utf-8")
            if levels & LATIN1_MASK:
                return raw.decode("latin-1")
            return raw.decode("utf-8")  # native encoding: UTF-8 in this package's header
        if kind in (LGLSXP, INTSXP):
            n = self.length()
            value = list(struct.unpack(f">{n}i", self.take(4 * n)))
        elif kind == REALSXP:
            n = self.length()
            value = list(struct.unpack(f">{n}d", self.take(8 * n)))
        elif kind in (STRSXP, VECSXP):
            value = [self.item() for _ in range(self.length())]
        else:
            raise ValueError(f"SEXP type {kind} is not read here")
        if has_attributes:
            attributes = dict((tag[1], v) for tag, v in self.item())
            if "names" in attributes:
                return dict(zip(attributes["names"], value))
        return value


def read(data):
    reader = Reader(data)
    reader.header()
    return reader.item()


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else "."
    with open(os.path.join(folder, "Rdata.rdx"), "rb") as f:
        index = read(gzip.decompress(f.read()))
    with open(os.path.join(folder, "Rdata.rdb"), "rb") as f:
        database = f.read()
    for name, (offset, length) in sorted(index["variables"].items()):
        entry = database[offset:offset + length]
        size = struct.unpack(">I", entry[:4])[0]
        serialized = zlib.decompress(entry[4:])
        assert len(serialized) == size, (name, len(serialized), size)
        lines = read(serialized)
        text = "".join((line if line is not NA_STRING else "") + "\n" for line in lines)
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        nas = sum(line is NA_STRING for line in lines)
        print(f"{name}\t{len(lines)} lines\t{nas} NA\t{len(text.encode('utf-8'))} bytes\t{digest}")
        print(f"  first line: {lines[0]!r}")


if __name__ == "__main__":
    main()
