#!/usr/bin/env python3
"""Reads PNG screenshots with the standard library only (zlib + struct), so
the checks do not share code with rvx's libpng writer.

usage: png.py size FILE            print "WIDTH HEIGHT"
       png.py colours FILE         print the number of distinct colours
       png.py nonblack FILE        print how many pixels are not black
       png.py white FILE Y0 Y1     print how many pixels of rows Y0..Y1-1 are white
       png.py diff A B             print how many pixels differ (sizes must match)
       png.py pattern FILE         check the bare-metal test pattern (fbfill.S):
                                   pixel (x, y) = R x&255, G y&255, B ((x+2y)>>3)&255
"""
import struct
import sys
import zlib


def read_png(path):
    """Returns (width, height, rows) with rows a list of bytes objects of RGB
    triplets.  Handles 8-bit RGB and RGBA, non-interlaced (what rvx writes
    and what the PNG spec's filter types 0..4 allow)."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{path}: not a PNG file")
    pos, idat, ihdr = 8, b"", None
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind = data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + length]
        crc = struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])[0]
        if zlib.crc32(kind + body) & 0xffffffff != crc:
            raise ValueError(f"{path}: bad CRC in {kind!r} chunk")
        if kind == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        elif kind == b"IEND":
            break
        pos += 12 + length
    if ihdr is None:
        raise ValueError(f"{path}: no IHDR")
    width, height, depth, ctype, _comp, _filt, interlace = ihdr
    if depth != 8 or ctype not in (2, 6) or interlace:
        raise ValueError(f"{path}: unsupported PNG (depth {depth}, type {ctype}, interlace {interlace})")
    bpp = 3 if ctype == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows, prev = [], bytearray(stride)
    for y in range(height):
        base = y * (stride + 1)
        ftype = raw[base]
        line = bytearray(raw[base + 1:base + 1 + stride])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if ftype == 1:
                line[i] = (line[i] + a) & 255
            elif ftype == 2:
                line[i] = (line[i] + b) & 255
            elif ftype == 3:
                line[i] = (line[i] + ((a + b) >> 1)) & 255
            elif ftype == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pred) & 255
            elif ftype != 0:
                raise ValueError(f"{path}: bad filter type {ftype}")
        prev = line
        if bpp == 4:
            line = bytearray(b for i, b in enumerate(line) if i % 4 != 3)
        rows.append(bytes(line))
    return width, height, rows


def pixels(rows):
    for row in rows:
        for i in range(0, len(row), 3):
            yield row[i:i + 3]


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    cmd = argv[1]
    w, h, rows = read_png(argv[2])
    if cmd == "size":
        print(w, h)
    elif cmd == "colours":
        print(len(set(pixels(rows))))
    elif cmd == "nonblack":
        print(sum(1 for p in pixels(rows) if p != b"\0\0\0"))
    elif cmd == "white":
        band = rows[int(argv[3]):int(argv[4])]
        print(sum(1 for p in pixels(band) if p == b"\xff\xff\xff"))
    elif cmd == "diff":
        w2, h2, rows2 = read_png(argv[3])
        if (w, h) != (w2, h2):
            print(f"sizes differ: {w}x{h} vs {w2}x{h2}", file=sys.stderr)
            return 1
        print(sum(1 for p, q in zip(pixels(rows), pixels(rows2)) if p != q))
    elif cmd == "pattern":
        bad = 0
        for y, row in enumerate(rows):
            want = bytes(v for x in range(w)
                         for v in (x & 255, y & 255, ((x + 2 * y) >> 3) & 255))
            if row != want:
                if bad == 0:
                    x = next(i // 3 for i in range(len(row)) if row[i] != want[i])
                    print(f"first mismatch at ({x}, {y}): got {row[3*x:3*x+3].hex()} "
                          f"want {want[3*x:3*x+3].hex()}", file=sys.stderr)
                bad += 1
        print(f"{bad} rows differ")
        return 1 if bad else 0
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
