#!/usr/bin/env python3
"""Word error of baocao's text of a scanned PDF against the clean source, order-free.

    python3 tools/ocr_wer.py CLEAN.pdf SCAN.pdf [SCAN.ocr.txt] [--baocao target/release/baocao]

The measure of the OCR-repair issue: NFC, lower case, words = runs of letters and digits,
error = 1 - |clean ∩ text| / |clean| over word multisets, so that the reading order of table
cells does not count as damage. The clean text is `pdftotext CLEAN.pdf`. Prints the error of
the raw OCR layer (the .ocr.txt file, when given), of `baocao text --raw SCAN.pdf` (baocao's
reading before repair) and of `baocao text SCAN.pdf` (after repair), and the ratios. The
page and table markers of `baocao text` are removed first.
"""
import argparse
import collections
import re
import subprocess
import unicodedata


def words(text):
    text = re.sub(r"^=== page \d+ ===$", " ", text, flags=re.M)
    text = re.sub(r"\[table[^\]\n]*\]", " ", text)
    text = unicodedata.normalize("NFC", text).lower()
    return collections.Counter(w for w in re.split(r"[\W_]+", text) if w)


def error(clean, text):
    n = sum(clean.values())
    return 1 - sum((clean & text).values()) / n if n else 0.0


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("clean")
    ap.add_argument("scan")
    ap.add_argument("ocr_txt", nargs="?")
    ap.add_argument("--baocao", default="target/release/baocao")
    a = ap.parse_args()
    run = lambda *cmd: subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    clean = words(run("pdftotext", a.clean, "-"))
    rows = []
    if a.ocr_txt:
        rows.append(("raw OCR layer", error(clean, words(open(a.ocr_txt, encoding="utf-8").read()))))
    rows.append(("baocao text --raw", error(clean, words(run(a.baocao, "text", "--raw", a.scan)))))
    rows.append(("baocao text", error(clean, words(run(a.baocao, "text", a.scan)))))
    base = rows[0][1]
    for name, e in rows:
        print(f"{name:20} word error {e:.4f}  ({e / base:.2f} of {rows[0][0]})" if base else f"{name:20} word error {e:.4f}")


if __name__ == "__main__":
    main()
