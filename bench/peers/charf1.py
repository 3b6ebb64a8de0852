#!/usr/bin/env python3
"""Character F1 of extracted texts against the true texts, as tests/extractor/f1.h defines it:
multiset overlap of CJK ideographs (U+4E00–9FFF, U+3400–4DBF, ≥ U+20000), ASCII letters (folded to
lower case; full-width forms folded to ASCII) and digits; white space and punctuation ignored.
  charf1.py TRUTH_DIR EXTRACTED_DIR [--json]
Pairs TRUTH_DIR/<name>.txt with EXTRACTED_DIR/<name>.txt (a missing extraction scores 0)."""
import json, os, sys
from collections import Counter


def fold(cp):
    if 0xFF01 <= cp <= 0xFF5E:
        cp -= 0xFEE0
    if ord("A") <= cp <= ord("Z"):
        cp += 32
    return cp


def bag(text):
    c = Counter()
    for ch in text:
        cp = fold(ord(ch))
        if 0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or cp >= 0x20000 \
                or ord("0") <= cp <= ord("9") or ord("a") <= cp <= ord("z"):
            c[cp] += 1
    return c


def f1(extracted, truth):
    a, b = bag(extracted), bag(truth)
    na, nb = sum(a.values()), sum(b.values())
    common = sum((a & b).values())
    if na == 0 and nb == 0:
        return 1.0
    if na == 0 or nb == 0 or common == 0:
        return 0.0
    p, r = common / na, common / nb
    return 2 * p * r / (p + r)


def main():
    truth_dir, ext_dir = sys.argv[1], sys.argv[2]
    scores = {}
    for f in sorted(os.listdir(truth_dir)):
        if not f.endswith(".txt"):
            continue
        truth = open(os.path.join(truth_dir, f), encoding="utf-8", errors="replace").read()
        p = os.path.join(ext_dir, f)
        got = open(p, encoding="utf-8", errors="replace").read() if os.path.exists(p) else ""
        scores[f[:-4]] = f1(got, truth)
    mean = sum(scores.values()) / len(scores) if scores else 0.0
    ge90 = sum(1 for s in scores.values() if s >= 0.9)
    result = {"pages": len(scores), "mean_f1": mean, "pages_f1_ge_0.9": ge90,
              "worst": sorted(scores.items(), key=lambda kv: kv[1])[:3]}
    print(json.dumps(result) if "--json" in sys.argv else
          f"{len(scores)} pages, mean char-F1 {mean:.3f}, {ge90} with F1 ≥ 0.9")


if __name__ == "__main__":
    main()
