#!/usr/bin/env python3
"""Build the OCR-repair lexicon of baocao (crates/text/data/lexicon/syllables.tsv, bigrams.tsv, abbrev.txt).

Inputs (paths are arguments, defaults = the shared material of the project):
  --wiki   viwiki-2022-08-30.txt  (MIT, Ilya Semenov, wikipedia-word-frequency): unigram priors
  --seed   clean administrative report texts (repeatable): bigrams, extra unigrams, abbreviations
  --phrases crates/text/data/lexicon/phrases.txt (hand-written admin phrases): extra bigrams
Only syllables that pass a Vietnamese phonotactic check are kept from the Wikipedia list.
Deterministic: same inputs -> byte-identical outputs.
"""
import argparse, collections, re, unicodedata, os

TONES = {'\u0301': 1, '\u0300': 2, '\u0309': 3, '\u0303': 4, '\u0323': 5}
ONSET = r'(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?'
NUCLEI = ('oai oay oao oeo iêu uôi ươi ươu uya uyê uyu yêu uây '
          'ai ao au ay âu ây eo êu ia iê iu oa oă oe oi ôi ơi oo ua uâ uê ui uô uơ ưa ưi ươ ưu uy yê '
          'a ă â e ê i o ô ơ u ư y').split()
NUC = '(?:' + '|'.join(sorted(NUCLEI, key=len, reverse=True)) + ')'
SYL = re.compile('^' + ONSET + NUC + '(?:ch|ng|nh|[cmnpt])?$')
STOP = re.compile('(?:c|ch|p|t)$')


def strip_tone(s):
    d = unicodedata.normalize('NFD', s)
    tone = 0
    out = []
    for ch in d:
        if ch in TONES:
            tone = TONES[ch]
        else:
            out.append(ch)
    return unicodedata.normalize('NFC', ''.join(out)), tone


def is_syllable(w):
    base, tone = strip_tone(w)
    if not SYL.match(base):
        return False
    if STOP.search(base) and tone not in (0, 1, 5):
        return False
    # tone mark on a stop coda syllable must be sắc or nặng (ngang is rare: "ấc" is fine via 1)
    if STOP.search(base) and tone == 0 and base not in ('cút', ):
        # ngang + stop coda does not exist in Vietnamese
        return False
    return True


WORD = re.compile(r'[^\W\d_]+')


def chains(text):
    """Yield runs of lower-case words not broken by punctuation or digits."""
    text = unicodedata.normalize('NFC', text)
    for piece in re.split(r'[^\w\s]|\d|_|\n\s*\n', text):
        ws = WORD.findall(piece)
        if ws:
            yield ws


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--wiki', default='../shared/lexicon/viwiki-2022-08-30.txt')
    ap.add_argument('--seed', action='append')
    ap.add_argument('--phrases', default='crates/text/data/lexicon/phrases.txt')
    ap.add_argument('--min-count', type=int, default=20)
    ap.add_argument('--out', default='crates/text/data/lexicon')
    ap.add_argument('--seed-weight', type=int, default=50, help='unigram count added per seed occurrence')
    ap.add_argument('--phrase-weight', type=int, default=2, help='bigram count per phrase pair')
    a = ap.parse_args()
    seeds = a.seed or ['../shared/seeds/ngoc-ky-2023.txt', '../shared/seeds/nhu-quynh-q1-2024.txt']

    uni = collections.Counter()
    with open(a.wiki, encoding='utf-8') as f:
        for line in f:
            parts = line.split()
            if len(parts) != 2:
                continue
            w, c = parts[0], int(parts[1])
            w = unicodedata.normalize('NFC', w)
            if c >= a.min_count and is_syllable(w):
                uni[w] += c

    bi = collections.Counter()
    abbrev = collections.Counter()
    for path in seeds:
        text = open(path, encoding='utf-8').read()
        for m in re.finditer(r'\b[A-ZĐ]{2,}\b', unicodedata.normalize('NFC', text)):
            w = m.group(0)
            if not is_syllable(w.lower()):
                abbrev[w] += 1
        for ws in chains(text):
            low = [w.lower() for w in ws]
            for w in low:
                if is_syllable(w):
                    uni[w] += a.seed_weight
            for x, y in zip(low, low[1:]):
                if is_syllable(x) and is_syllable(y):
                    bi[(x, y)] += 1
    for line in open(a.phrases, encoding='utf-8'):
        line = line.split('#', 1)[0].strip()
        if not line:
            continue
        ws = [unicodedata.normalize('NFC', w.lower()) for w in WORD.findall(line)]
        for w in ws:
            if is_syllable(w):
                uni[w] += a.seed_weight
        for x, y in zip(ws, ws[1:]):
            bi[(x, y)] += a.phrase_weight
    hand_abbrev = ('UBND HĐND TTHC CCHC VBQPPL QPPL PAKN SNCL ĐVSNCL DVC NĐ CP QĐ KH BC NQ MTTQ ISO '
                   'PAPI PAR SIPAS CNTT TCVN VNeID VPCP BNV LGSP STT TT').split()
    for w in hand_abbrev:
        abbrev[w] += 1

    os.makedirs(a.out, exist_ok=True)
    with open(os.path.join(a.out, 'syllables.tsv'), 'w', encoding='utf-8') as f:
        for w, c in sorted(uni.items(), key=lambda kv: (-kv[1], kv[0])):
            f.write(f'{w}\t{c}\n')
    with open(os.path.join(a.out, 'bigrams.tsv'), 'w', encoding='utf-8') as f:
        for (x, y), c in sorted(bi.items(), key=lambda kv: (-kv[1], kv[0])):
            f.write(f'{x} {y}\t{c}\n')
    with open(os.path.join(a.out, 'abbrev.txt'), 'w', encoding='utf-8') as f:
        for w in sorted(abbrev):
            f.write(w + '\n')
    print(f'{len(uni)} syllables, {len(bi)} bigrams, {len(abbrev)} abbreviations -> {a.out}')


if __name__ == '__main__':
    main()
