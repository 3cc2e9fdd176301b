#!/usr/bin/env python3
"""restore_share.py - how much of a spun article `unspun restore` brings
back to the wording of its sibling articles.

    python3 bench/restore_share.py [--unspun build/bin/unspun]
        [--data build/share/unspun/unspun.dat] [--doc fixtures/002_...txt]
        [SIBLING ...]   (default: the other four seeds, fixtures/00[0134]_*)

The document is scored and restored with its siblings as peers (--peers
--ref ... for each sibling, as `unspun scan` compares the files of a
folder). For each artifact the restored wording is looked up in the
siblings, as words (case and punctuation aside):

- "both sides": the replacement with the word before and the word after
  it, as the restored text has them, occurs in a sibling;
- "in context": the replacement with the word before or the word after it
  ("last week", "years old") occurs in a sibling;
- "as words": the replacement's own words occur in a sibling.

The share counts every listed artifact, those without a suggestion too
(they restore nothing). Prints one line per artifact and the shares.
"""
import argparse
import glob
import json
import os
import re
import subprocess
import sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ap = argparse.ArgumentParser()
ap.add_argument("--unspun", default=os.path.join(root, "build/bin/unspun"))
ap.add_argument("--data", default=os.path.join(root,
                                               "build/share/unspun/unspun.dat"))
ap.add_argument("--doc", default=os.path.join(
    root, "fixtures/002_322fb44b1aae548c.txt"))
ap.add_argument("siblings", nargs="*")
a = ap.parse_args()
sibs = a.siblings or sorted(f for f in glob.glob(os.path.join(
    root, "fixtures/00[0-4]_*.txt")) if os.path.basename(f)[:3] != "002")
opts = ["--data", a.data, "--peers"] + [x for s in sibs for x in ("--ref", s)]
rec = json.loads(subprocess.run([a.unspun, "score", "--format", "json", *opts,
                                 a.doc], capture_output=True, check=True)
                 .stdout.splitlines()[0])
restored = subprocess.run([a.unspun, "restore", *opts, a.doc],
                          capture_output=True, check=True).stdout
src = open(a.doc, "rb").read()

WORD = re.compile(r"[0-9A-Za-z\u00C0-\u024F]+(?:['\u2019][A-Za-z]+)?")


def words(b):
    return [w.lower().replace("\u2019", "'") for w in WORD.findall(
        b.decode("utf-8", "replace"))]


sib_words = [words(open(s, "rb").read()) for s in sibs]


def found(seq):
    n = len(seq)
    for k, ws in enumerate(sib_words):
        for i in range(len(ws) - n + 1):
            if ws[i:i + n] == seq:
                return os.path.basename(sibs[k])[:3]
    return None


# Where each replaced artifact landed in the restored text: the bytes
# between artifacts are the input's (unspun restore keeps them), so walk
# both texts together.
pos = opos = 0
rows = []
hits = {"both sides": 0, "in context": 0, "as words": 0}
arts = rec["artifacts"]
for i, art in enumerate(arts):
    opos += art["start"] - pos
    pos = art["start"]
    if art["suggestion"] is None:
        rows.append((art, None, {}))
        continue
    # The replacement runs up to where the next unchanged bytes start.
    nxt = arts[i + 1]["start"] if i + 1 < len(arts) else len(src)
    tail = src[art["end"]:nxt]
    end = restored.find(tail, opos) if tail else len(restored) - (len(src) - nxt)
    rep = words(restored[opos:end])
    before = words(restored[max(0, opos - 60):opos])[-1:]
    after = words(restored[end:end + 60])[:1]
    where = {"both sides": found(before + rep + after),
             "in context": found(before + rep) or found(rep + after),
             "as words": found(rep)}
    for k, v in where.items():
        hits[k] += v is not None
    rows.append((art, " ".join(before + ["[" + " ".join(rep) + "]"] + after),
                 where))
    opos = end
    pos = art["end"]

print(f"{os.path.basename(a.doc)} with {len(sibs)} siblings as peers: "
      f"score {rec['score']}, {len(arts)} artifacts")
for art, ctx, where in rows:
    if ctx is None:
        print(f"  {art['text']!r:18} no suggestion")
        continue
    got = [f"{k} ({v})" for k, v in where.items() if v]
    print(f"  {art['text']!r:18} {ctx!r:32} "
          f"{got[0] if got else 'not in the siblings'}")
n = len(arts)
print("restored to the siblings' wording: " + "; ".join(
    f"{k} {v}/{n} = {100 * v / n:.0f}%" for k, v in hits.items()))
