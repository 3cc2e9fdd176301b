#!/usr/bin/env python3
"""ref_lexicons.py - fuzz_ref's thesaurus and WordNet exception lists: the
entries of the words a set of texts uses.

    ref_lexicons.py THESAURUS WORDNET_DIR OUTDIR TEXT...

writes OUTDIR/th.dat and OUTDIR/{verb,noun,adj}.exc. fuzz_ref builds and
seals a reference pool for every input, and sealing reads the whole
thesaurus (18 MB) and the exception lists (100 KB, every line stemmed):
tens of milliseconds, more than everything else an input does. The entries
of the reference fixtures' words keep the synonym-swap and irregular-form
paths reachable at a small fraction of that cost. Deterministic: entries
in their files' order."""
import os
import re
import sys

thes, wordnet, out, texts = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
os.makedirs(out, exist_ok=True)
words = set()
for t in texts:
    words.update(w.lower() for w in re.findall(r"[A-Za-z']+", open(t, encoding="utf-8").read()))

lines = open(thes, encoding="utf-8", errors="replace").read().split("\n")
kept = [lines[0]]  # the encoding line
i = 1
while i < len(lines):
    head = lines[i]
    if "|" not in head:
        i += 1
        continue
    word, n = head.rsplit("|", 1)
    n = int(n) if n.isdigit() else 0
    if word.lower() in words:
        kept.extend(lines[i:i + 1 + n])
    i += 1 + n
open(os.path.join(out, "th.dat"), "w", encoding="utf-8").write("\n".join(kept) + "\n")

for name in ("verb.exc", "noun.exc", "adj.exc"):
    keep = []
    path = os.path.join(wordnet, name)
    if os.path.exists(path):
        for line in open(path, encoding="utf-8", errors="replace"):
            if any(w in words for w in line.split()):
                keep.append(line)
    open(os.path.join(out, name), "w", encoding="utf-8").writelines(keep)
