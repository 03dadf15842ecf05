#!/usr/bin/env python3
"""Draws the extension icon (a white label tag on a teal rounded square) as PNGs, with no
image library: supersampled coverage, written with zlib. Run once; the PNGs are committed."""
import math, struct, zlib, pathlib

def inside(x, y):
    # Rounded square background.
    r = 0.2
    cx, cy = min(max(x, r), 1 - r), min(max(y, r), 1 - r)
    bg = (x - cx) ** 2 + (y - cy) ** 2 <= r * r
    # Tag: a pentagon pointing left, with a hole.
    tag = (0.42 <= x <= 0.82 and 0.3 <= y <= 0.7) or (0.2 <= x < 0.42 and abs(y - 0.5) <= (x - 0.2) / 0.22 * 0.2)
    hole = (x - 0.38) ** 2 + (y - 0.5) ** 2 <= 0.055 ** 2
    return bg, tag and not hole

def png(size):
    ss = 4
    rows = []
    for py in range(size):
        row = bytearray([0])
        for px in range(size):
            bgc = tagc = 0
            for sy in range(ss):
                for sx in range(ss):
                    x, y = (px + (sx + 0.5) / ss) / size, (py + (sy + 0.5) / ss) / size
                    b, t = inside(x, y)
                    bgc += b; tagc += t
            n = ss * ss
            a = bgc / n; t = tagc / n
            # teal #0f766e background, white tag
            r = round(15 * (1 - t) + 255 * t); g = round(118 * (1 - t) + 255 * t); b_ = round(110 * (1 - t) + 255 * t)
            row += bytes([r, g, b_, round(255 * a)])
        rows.append(bytes(row))
    raw = zlib.compress(b"".join(rows), 9)
    chunk = lambda t, d: struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")

out = pathlib.Path(__file__).resolve().parent.parent / "extension" / "icons"
out.mkdir(parents=True, exist_ok=True)
for s in (16, 32, 48, 128):
    (out / f"icon{s}.png").write_bytes(png(s))
