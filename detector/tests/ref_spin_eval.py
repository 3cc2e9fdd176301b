#!/usr/bin/env python3
"""Honest check of reference mode on thesaurus-spun text.

Builds documents from held-out prose (npm nlp-corpus builds/doc-40..49.json,
never used to build the wordlists' model), spins 10-50% of each document's
content words with random MyThes synonyms (phrases included, inflection
not adjusted: as a context-free spinner does), records the byte span of
every replacement, and runs `unspun score --format json --ref ORIGINAL
SPUN`. Reports:
  - artifact precision: artifacts overlapping a replaced span / artifacts
  - artifact recall: replaced spans overlapped by an artifact / spans
  - document ROC AUC: spun-vs-original scores against original-vs-itself
Usage: ref_spin_eval.py UNSPUN CORPUS_DIR [--docs N] [--seed S] [--keep DIR]
       ref_spin_eval.py UNSPUN CORPUS_DIR --make-big DIR   (speed pair)
"""
import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile

THESAURUS = "/usr/share/mythes/th_en_US_v2.dat"


def load_thesaurus(path):
    syn = {}
    with open(path, encoding="utf-8", errors="replace") as f:
        f.readline()
        while True:
            head = f.readline()
            if not head:
                break
            word, _, n = head.rstrip("\n").partition("|")
            out = syn.setdefault(word.lower(), [])
            for _ in range(int(n or 0)):
                fields = f.readline().rstrip("\n").split("|")[1:]
                for s in fields:
                    if "(antonym" in s:
                        continue
                    s = re.sub(r"\s*\(.*?\)\s*", "", s).strip().lower()
                    if s and s != word.lower():
                        out.append(s)
    return syn


def same_stem(a, b):
    """Rough guard: a 'synonym' that is an inflection of the word itself is
    no swap (unspun rightly ignores inflections)."""
    def root(w):
        for suf in ("ies", "ied", "ing", "ed", "es", "s", "er", "est", "ly"):
            if w.endswith(suf) and len(w) - len(suf) >= 3:
                return w[: -len(suf)]
        return w
    return root(a)[:5] == root(b)[:5] or canon(a) == canon(b)


def canon(w):
    """en_GB -> en_US respelling ("armour" / "armor" is no swap either)."""
    for gb, us in (("isation", "ization"), ("ise", "ize"), ("yse", "yze"),
                   ("our", "or"), ("tre", "ter"), ("ogue", "og"),
                   ("ae", "e"), ("oe", "e"), ("ll", "l"), ("ence", "ense"),
                   ("mme", "m")):
        w = w.replace(gb, us)
    return w


def load_function_words(path):
    fw = set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            fw.add(line.split("\t")[0].strip().lower())
    return fw


# Whole words only: not the "don" of "don't" (a spinner swaps words).
WORD = re.compile(r"(?<![A-Za-z'\u2019])[A-Za-z]+(?![A-Za-z'\u2019])")


def spin(text, rate, syn, fw, rng):
    """Return (spun text, [(start, end) byte spans of replacements])."""
    out, spans, pos, blen = [], [], 0, 0
    for m in WORD.finditer(text):
        w = m.group(0)
        lw = w.lower()
        if lw in fw or len(lw) < 3 or w[1:] != w[1:].lower():
            continue
        cands = [s for s in syn.get(lw, []) if not same_stem(lw, s)
                 and all(x.isalpha() or x in " -'" for x in s)]
        if not cands or rng.random() >= rate:
            continue
        s = rng.choice(cands)
        if w[0].isupper():
            s = s[0].upper() + s[1:]
        chunk = text[pos:m.start()]
        out.append(chunk)
        blen += len(chunk.encode())
        out.append(s)
        sb = len(s.encode())
        spans.append((blen, blen + sb))
        blen += sb
        pos = m.end()
    out.append(text[pos:])
    return "".join(out), spans


def score(unspun, ref, path):
    r = subprocess.run([unspun, "score", "--format", "json", "--ref", ref,
                        path], capture_output=True, text=True)
    if not r.stdout.strip():
        sys.exit("unspun failed on %s: %s" % (path, r.stderr))
    return json.loads(r.stdout)


def auc(pos, neg):
    wins = 0.0
    for p in pos:
        for n in neg:
            wins += 1.0 if p > n else 0.5 if p == n else 0.0
    return wins / (len(pos) * len(neg))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("unspun")
    ap.add_argument("corpus", help="node_modules/nlp-corpus/builds")
    ap.add_argument("--docs", type=int, default=40)
    ap.add_argument("--sentences", type=int, default=30)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--keep", help="write the pairs and spans here")
    ap.add_argument("--make-big", metavar="DIR",
                    help="only write DIR/orig.txt (~1 MB of the held-out "
                    "prose) and DIR/spun.txt (30%% spun) for the speed "
                    "comparison, then stop")
    a = ap.parse_args()
    here = os.path.dirname(os.path.abspath(__file__))
    fw = load_function_words(os.path.join(
        here, "..", "..", "wordlists", "function-words.tsv"))
    syn = load_thesaurus(THESAURUS)
    rng = random.Random(a.seed)
    sents = []
    for i in range(40, 50):
        with open(os.path.join(a.corpus, "doc-%d.json" % i)) as f:
            sents.extend(json.load(f))
    if a.make_big:
        paras, size, k = [], 0, 0
        while size < 1_000_000:  # wraps: ~20% of the text repeats
            p = " ".join(sents[(k * 5 + j) % len(sents)] for j in range(5))
            k += 1
            paras.append(p)
            size += len(p.encode()) + 2
        orig = "\n\n".join(paras) + "\n"
        spun, spans = spin(orig, 0.3, syn, fw, random.Random(7))
        os.makedirs(a.make_big, exist_ok=True)
        with open(os.path.join(a.make_big, "orig.txt"), "w") as f:
            f.write(orig)
        with open(os.path.join(a.make_big, "spun.txt"), "w") as f:
            f.write(spun)
        print("wrote %d + %d bytes, %d swaps" %
              (len(orig.encode()), len(spun.encode()), len(spans)))
        return
    docs = []
    for d in range(a.docs):
        chunk = sents[d * a.sentences:(d + 1) * a.sentences]
        paras = [" ".join(chunk[k:k + 5]) for k in range(0, len(chunk), 5)]
        docs.append("\n\n".join(paras) + "\n")
    tmp = a.keep or tempfile.mkdtemp(prefix="unspun-spin-")
    os.makedirs(tmp, exist_ok=True)
    tp_art = n_art = found = n_span = 0
    pos_scores, neg_scores = [], []
    kinds = {}
    for d, orig in enumerate(docs):
        rate = rng.uniform(0.10, 0.50)
        spun, spans = spin(orig, rate, syn, fw, rng)
        op = os.path.join(tmp, "doc%03d.orig.txt" % d)
        sp = os.path.join(tmp, "doc%03d.spun.txt" % d)
        with open(op, "w") as f:
            f.write(orig)
        with open(sp, "w") as f:
            f.write(spun)
        with open(sp + ".spans.json", "w") as f:
            json.dump(spans, f)
        rs = score(a.unspun, op, sp)
        rn = score(a.unspun, op, op)
        pos_scores.append(rs["score"])
        neg_scores.append(rn["score"])
        arts = rs["artifacts"]
        hit = [False] * len(spans)
        for x in arts:
            ok = False
            for k, (s, e) in enumerate(spans):
                if x["start"] < e and s < x["end"]:
                    ok = hit[k] = True
            tp_art += ok
            n_art += 1
            kinds.setdefault(x["kind"], [0, 0])
            kinds[x["kind"]][0] += ok
            kinds[x["kind"]][1] += 1
            if not ok and os.environ.get("VERBOSE"):
                print("FP", sp, x["text"], "->", x["suggestion"], x["kind"])
        found += sum(hit)
        n_span += len(spans)
        if os.environ.get("VERBOSE"):
            for k, (s, e) in enumerate(spans):
                if not hit[k]:
                    print("FN", sp, spun.encode()[s:e].decode())
    p = tp_art / n_art if n_art else 1.0
    r = found / n_span if n_span else 1.0
    print("documents %d, replaced spans %d, artifacts %d" %
          (len(docs), n_span, n_art))
    print("artifact precision %.4f  recall %.4f" % (p, r))
    for k, (ok, n) in sorted(kinds.items()):
        print("  %-14s %d/%d correct" % (k, ok, n))
    print("document AUC %.4f (spun min %.1f, originals vs themselves max %.1f)"
          % (auc(pos_scores, neg_scores), min(pos_scores), max(neg_scores)))


if __name__ == "__main__":
    main()
