#!/usr/bin/env python3
"""Character error between the texts baocao reads from two files (`baocao text`), e.g. a legacy
PDF against its Unicode twin:

    python3 scripts/compare_text.py BAOCAO REFERENCE.pdf OTHER.pdf [--show]

Prints three figures (standard library only):

- sequential CER: Levenshtein distance over the whole normalized text, aligned line by line
  first (difflib), then character by character inside each differing block; text that sits
  in another place (a table row split at a different page break) counts as deleted and
  inserted;
- word-multiset error: characters of the words whose counts differ (order ignored);
- per page: the sequential CER of each page that differs.

`--show` lists the differing blocks. Page and table markers and the repair summary line of
`baocao text` are left out.
"""

import collections
import difflib
import re
import subprocess
import sys


def text_of(baocao, path):
    out = subprocess.run([baocao, "text", path], check=True, capture_output=True,
                         text=True).stdout
    pages = collections.OrderedDict()
    page = 0
    for line in out.splitlines():
        m = re.match(r"=== page (\d+) ===", line)
        if m:
            page = int(m.group(1))
            continue
        if not line.strip() or line.startswith("[ocr damage") or re.match(r"\[table \d+", line):
            continue
        pages.setdefault(page, []).append(line)
    return pages


def lev(a, b):
    if len(a) < len(b):
        a, b = b, a
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def seq_errors(ref, hyp, show=False):
    errs = 0
    sm = difflib.SequenceMatcher(None, ref, hyp, autojunk=False)
    for op, a1, a2, b1, b2 in sm.get_opcodes():
        if op == "equal":
            continue
        r, h = "\n".join(ref[a1:a2]), "\n".join(hyp[b1:b2])
        errs += lev(r, h)
        if show:
            print(f"  - {r!r}\n  + {h!r}")
    return errs


def main():
    args = [a for a in sys.argv[1:] if a != "--show"]
    show = "--show" in sys.argv
    baocao, ref_path, hyp_path = args
    ref, hyp = text_of(baocao, ref_path), text_of(baocao, hyp_path)
    ref_lines = [l for p in ref.values() for l in p]
    hyp_lines = [l for p in hyp.values() for l in p]
    n = sum(len(l) + 1 for l in ref_lines)
    e = seq_errors(ref_lines, hyp_lines, show)
    print(f"sequential CER: {e} errors / {n} chars = {100 * e / n:.3f} %")
    words = lambda lines: collections.Counter(
        w for l in lines for w in re.split(r"[\s|]+", l) if w)
    rw, hw = words(ref_lines), words(hyp_lines)
    wn = sum(len(w) * c for w, c in rw.items())
    we = sum(len(w) * abs(rw[w] - hw[w]) for w in set(rw) | set(hw))
    print(f"word-multiset error: {we} / {wn} chars = {100 * we / wn:.3f} %")
    for p in sorted(set(ref) | set(hyp)):
        r, h = ref.get(p, []), hyp.get(p, [])
        pe = seq_errors(r, h)
        if pe:
            pn = sum(len(l) + 1 for l in r)
            print(f"  page {p}: {pe} errors / {pn} chars = {100 * pe / max(pn, 1):.3f} %")


if __name__ == "__main__":
    main()
