#!/usr/bin/env python3
"""ref_seeds.py - libFuzzer seeds for fuzz_ref from the reference fixtures.

    ref_seeds.py FIXTURES_REF OUTDIR

One seed per article of fixtures/ref/ (NAME.txt with NAME.ref*.txt): the
two option bytes (0: defaults; a second seed with 1: peers), the article,
then each of its references after a 0xFF byte (fuzz_ref.c's format)."""
import glob
import os
import sys

src, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
for art in sorted(glob.glob(os.path.join(src, "*.txt"))):
    if ".ref" in os.path.basename(art):
        continue
    stem = art[:-4]
    refs = sorted(glob.glob(stem + ".ref*.txt"))
    if not refs:
        continue
    body = open(art, "rb").read()
    for r in refs:
        body += b"\xff" + open(r, "rb").read()
    name = os.path.basename(stem)
    for b1 in (0, 1):
        open(os.path.join(out, "%s-%d" % (name, b1)), "wb").write(bytes([0, b1]) + body)
