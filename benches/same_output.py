#!/usr/bin/env python3
"""Checks that two baocao output folders hold the same dataset (timing columns aside).

    python3 benches/same_output.py OUT_BEFORE OUT_AFTER

Used when optimising or restructuring: every such change must leave
documents/values/findings.parquet unchanged. Columns that only OUT_AFTER has (a column a change
added on purpose) are listed and left out of the comparison; a column that disappeared is a
difference. Needs pyarrow. Exit status 0 when equal, 1 with the first differences otherwise.
"""
import sys

import pyarrow.parquet as pq

IGNORED = {"elapsed_ms"}


def rows(path, keep=None):
    t = pq.read_table(path)
    cols = [c for c in t.column_names if c not in IGNORED and (keep is None or c in keep)]
    return cols, t.select(cols).to_pylist()


def main(a, b):
    bad = 0
    for name in ("documents.parquet", "values.parquet", "findings.parquet"):
        ca, ra = rows(f"{a}/{name}")
        added = [c for c in pq.read_schema(f"{b}/{name}").names if c not in ca and c not in IGNORED]
        if added:
            print(f"{name}: new columns (not compared): {added}")
        cb, rb = rows(f"{b}/{name}", keep=set(ca))
        if ca != cb:
            print(f"{name}: columns differ: {ca} vs {cb}")
            bad += 1
            continue
        if len(ra) != len(rb):
            print(f"{name}: {len(ra)} rows vs {len(rb)}")
            bad += 1
        diffs = [(x, y) for x, y in zip(ra, rb) if x != y]
        for x, y in diffs[:3]:
            keys = [k for k in x if x[k] != y[k]]
            print(f"{name}: row differs in {keys}: {[x[k] for k in keys]} vs {[y[k] for k in keys]}")
        bad += len(diffs)
        print(f"{name}: {len(ra)} rows, {len(diffs)} differ")
    return 1 if bad else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2]))
