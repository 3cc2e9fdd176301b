#!/usr/bin/env python3
"""A held-out check: text the bench corpus never draws from, spun by a
translation pair it never uses.

    python3 bench/heldout.py --unspun build/bin/unspun [--baseline OLD_UNSPUN]

The bench's corpus (bench/corpus/) is tuned on: its dev split set every
threshold, and its test split, though never tuned on, comes from the same
sources and generators.  This check takes neither:
  text        the prose paragraphs of the GNU manuals installed in
              /usr/share/info (coreutils, grep, sed, find, ...: Debian's
              required packages ship them), cut into 300-900-word pieces;
              neither the language model nor the bench corpus uses them
  generator   a round trip through Galician with Apertium (apertium-en-gl:
              English -> Galician -> English), a pair the corpus never uses
              (it uses Spanish and Catalan)
Truth spans are the round trip's changed words, aligned as for the corpus
(bench/corpus/mt.py).  The report is eval.py's tables for the two sets: the
document AUC, artifact precision and recall on the round trips, and the false
artifacts per 1,000 words of the manuals.  `--baseline` runs a second unspun
on the same files, to show what a change does on text it was not tuned on.
Python 3 standard library only; deterministic (sorted files, seeded sample).
"""

import argparse
import glob
import gzip
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "corpus"))
import eval as bench_eval  # noqa: E402
import mt  # noqa: E402
import peers  # noqa: E402
import sources  # noqa: E402

INFO_DIR = "/usr/share/info"
PAIR = ("en-gl", "gl-en")
PIECES = 60
MIN_PARA_WORDS = 40
# A prose paragraph: most of its words plain words (no option lists, code or
# tables), none of its lines indented (examples) or a menu or node line.
_PLAIN = re.compile(r"[A-Za-z][a-z]*[,.;:]?")
_NOT_PROSE = (" ", "\t", "*", "=", "-", "File:", "\x1f")


def manual_paragraphs(info_dir=INFO_DIR):
    out = []
    for path in sorted(glob.glob(os.path.join(info_dir, "*.info*.gz"))):
        with gzip.open(path, "rt", encoding="utf-8", errors="replace") as f:
            text = f.read()
        for block in re.split(r"\n\s*\n", text):
            lines = block.split("\n")
            if any(line.startswith(_NOT_PROSE) for line in lines):
                continue
            para = sources.clean(" ".join(line.strip() for line in lines))
            words = para.split()
            if len(words) < MIN_PARA_WORDS or "`" in para:
                continue
            if sum(1 for w in words if _PLAIN.fullmatch(w)) < 0.8 * len(words):
                continue
            out.append(para)
    return out


def unavailable():
    """Why the check cannot run here, or None."""
    if not glob.glob(os.path.join(INFO_DIR, "*.info*.gz")):
        return f"no GNU manuals in {INFO_DIR}"
    if not shutil.which("apertium"):
        return "no apertium (apt-get install apertium apertium-en-gl)"
    modes = subprocess.run(["apertium", "-l"], capture_output=True, text=True).stdout.split()
    if not all(m in modes for m in PAIR):
        return "no English-Galician pair (apt-get install apertium-en-gl)"
    return None


def build(work):
    """Write the pieces and their round trips under work/; return the
    manifest records eval.py reads."""
    paras = manual_paragraphs()
    pieces = sources.pieces_from_paragraphs(paras)
    if len(pieces) > PIECES:
        pieces = random.Random(1).sample(pieces, PIECES)
    outs = mt.round_trip(pieces, *PAIR)
    recs = []
    for d in ("clean", "mt-gl"):
        os.makedirs(os.path.join(work, d), exist_ok=True)
    for i, (text, out) in enumerate(zip(pieces, outs)):
        if out is None:
            continue
        name = f"manual-{i:02d}.txt"
        clean_file, mt_file = f"clean/{name}", f"mt-gl/{name}"
        with open(os.path.join(work, clean_file), "w", encoding="utf-8") as f:
            f.write(text)
        with open(os.path.join(work, mt_file), "w", encoding="utf-8") as f:
            f.write(out)
        spans, st = mt.truth_spans(text, out)
        recs.append({"file": clean_file, "path": os.path.join(work, clean_file), "label": 0,
                     "variant": "clean", "register": "manuals", "original": None,
                     "spans": [], "words": sources.nwords(text)})
        recs.append({"file": mt_file, "path": os.path.join(work, mt_file), "label": 1,
                     "variant": "mt-gl", "register": "manuals", "original": clean_file,
                     "spans": spans, "deletions": st["deletions"],
                     "words": sources.nwords(out)})
    return recs


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--unspun", default=os.path.join(os.path.dirname(HERE), "build", "bin",
                                                     "unspun"))
    ap.add_argument("--baseline", help="a second unspun to run on the same files")
    ap.add_argument("--work", help="where the files go (default: a temporary directory)")
    ap.add_argument("--jobs", type=int, default=peers.nproc())
    a = ap.parse_args()
    why = unavailable()
    if why:
        print(f"Held-out check skipped: {why}.")
        return 0
    work = a.work or tempfile.mkdtemp(prefix="unspun-heldout-")
    recs = build(work)
    words = sum(r["words"] for r in recs if r["label"] == 0)
    print(f"bench/heldout: {len(recs) // 2} pieces of the GNU manuals ({words} words) and their "
          f"round trips through Galician, in {work}", file=sys.stderr)
    evals = []
    for label, exe in (("unspun", a.unspun), ("baseline", a.baseline)):
        if not exe:
            continue
        ctx = {"unspun": os.path.abspath(exe), "jobs": a.jobs, "tmp": work}
        e = bench_eval.evaluate(recs, "unspun", "intrinsic", ctx, [])
        e["detector"] = label
        evals.append(e)
    print(f"{len(recs) // 2} pieces of the GNU manuals in {INFO_DIR} ({words} words), clean and "
          f"round-tripped English -> Galician -> English (Apertium {'/'.join(PAIR)}):\n")
    print(bench_eval.table(evals))
    return 0


if __name__ == "__main__":
    sys.exit(main())
