#!/usr/bin/env python3
"""Makes crates/read/tests/ocr/matrix-scan.pdf: page 1 of fixtures/tables/matrix-q2-2024.pdf (a
ruled matrix table with a two-row merged header) as an image-only scan: pdftoppm 200 dpi grey,
saved by Pillow as a one-page PDF (a DCTDecode JPEG, quality 75, no text layer).

usage: python3 scripts/make_matrix_scan_fixture.py [OUT]
"""
import os
import subprocess
import sys
import tempfile

from PIL import Image

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SOURCE = os.path.join(ROOT, "fixtures", "tables", "matrix-q2-2024.pdf")
OUT = os.path.join(ROOT, "crates", "read", "tests", "ocr", "matrix-scan.pdf")


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else OUT
    with tempfile.TemporaryDirectory() as d:
        base = os.path.join(d, "p")
        subprocess.run(["pdftoppm", "-r", "200", "-gray", "-png", "-f", "1", "-l", "1", SOURCE, base],
                       check=True)
        name = next(f for f in os.listdir(d) if f.endswith(".png"))
        img = Image.open(os.path.join(d, name)).convert("L")
        img.save(out, "PDF", resolution=200, quality=75)
    print(out, os.path.getsize(out), "bytes")


if __name__ == "__main__":
    main()
