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
  generators  round trips with Apertium through languages the corpus never
              uses (it uses Spanish and Catalan): Galician (apertium-en-gl,
              English -> Galician -> English) and, where apertium-eo-en is
              installed, Esperanto (English -> Esperanto -> English); and,
              where Debian's aiksaurus is installed, a spinner whose synonyms
              come from a thesaurus unspun never reads (Aiksaurus, from the
              Moby Thesaurus; corpus/aikspinner.py) at 10% and 30% of the
              content words
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
import aikspinner  # noqa: E402
import mt  # noqa: E402
import peers  # noqa: E402
import sources  # noqa: E402
import spinner  # noqa: E402

INFO_DIR = "/usr/share/info"
# The held-out spinner's rates: (variant, share of content words).
AIK_RATES = (("aik10", 0.1), ("aik30", 0.3))
# The held-out round trips: (variant, pair, pivot language, package). The
# first is required; the others run where their package is installed.
PAIRS = (("mt-gl", ("en-gl", "gl-en"), "Galician", "apertium-en-gl"),
         ("mt-eo", ("en-eo", "eo-en"), "Esperanto", "apertium-eo-en"))
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
    if not all(m in apertium_modes() for m in PAIRS[0][1]):
        return "no English-Galician pair (apt-get install apertium-en-gl)"
    return None


def apertium_modes():
    return subprocess.run(["apertium", "-l"], capture_output=True, text=True).stdout.split()


def pairs_here():
    """The PAIRS whose modes are installed (the first always is, see
    unavailable); a missing one is said on stderr, not silently dropped."""
    modes = apertium_modes()
    out = []
    for p in PAIRS:
        if all(m in modes for m in p[1]):
            out.append(p)
        else:
            print(f"bench/heldout: no {p[2]} round trip ({p[3]} is not installed)",
                  file=sys.stderr)
    return out


def write(work, rel, text):
    """Write text to work/rel, its folder made as needed; return the path."""
    path = os.path.join(work, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def altered(work, variant, i, text, spans, **extra):
    """The manifest record of piece i altered as `variant` (written)."""
    rel = f"{variant}/manual-{i:02d}.txt"
    return {"file": rel, "path": write(work, rel, text), "label": 1, "variant": variant,
            "register": "manuals", "original": f"clean/manual-{i:02d}.txt",
            "spans": spans, "words": sources.nwords(text), **extra}


def build(work, pairs):
    """Write the pieces and their altered versions under work/; return the
    manifest records eval.py reads, the number of clean pieces, and a line
    on each altered set."""
    paras = manual_paragraphs()
    pieces = sources.pieces_from_paragraphs(paras)
    if len(pieces) > PIECES:
        pieces = random.Random(1).sample(pieces, PIECES)
    recs = []
    for i, text in enumerate(pieces):
        rel = f"clean/manual-{i:02d}.txt"
        recs.append({"file": rel, "path": write(work, rel, text), "label": 0,
                     "variant": "clean", "register": "manuals", "original": None,
                     "spans": [], "words": sources.nwords(text)})
    sets = []
    for variant, pair, lang, _ in pairs:
        sets.append(f"{variant}: round-tripped English -> {lang} -> English "
                    f"(Apertium {'/'.join(pair)})")
        outs = mt.round_trip(pieces, *pair)
        failed = sum(out is None for out in outs)
        if failed:
            print(f"bench/heldout: Apertium failed on {failed} of {len(pieces)} pieces "
                  f"through {lang}; they are left out of {variant}", file=sys.stderr)
        for i, (text, out) in enumerate(zip(pieces, outs)):
            if out is None:
                continue
            spans, st = mt.truth_spans(text, out)
            recs.append(altered(work, variant, i, out, spans, deletions=st["deletions"]))
    if aikspinner.available():
        recs += spun(work, pieces)
        sets += [f"{v}: spun with Aiksaurus's synonyms at {rate:.0%} of the content words "
                 "(corpus/aikspinner.py)" for v, rate in AIK_RATES]
    else:
        print("bench/heldout: no Aiksaurus spinner (aiksaurus is not installed)",
              file=sys.stderr)
    return recs, len(pieces), sets


def spun(work, pieces):
    """The pieces spun with Aiksaurus's synonyms at each of AIK_RATES."""
    fw = spinner.load_function_words(os.path.join(os.path.dirname(HERE), "wordlists",
                                                  "function-words.tsv"))
    th = aikspinner.load_aiksaurus(pieces, fw)
    recs = []
    for variant, rate in AIK_RATES:
        for i, text in enumerate(pieces):
            out, spans, _ = spinner.spin(text, rate, random.Random(f"1:{variant}:{i}"), th, fw)
            recs.append(altered(work, variant, i, out, spans))
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
    pairs = pairs_here()
    recs, n, sets = build(work, pairs)
    words = sum(r["words"] for r in recs if r["label"] == 0)
    print(f"bench/heldout: {n} pieces of the GNU manuals ({words} words) and "
          f"{len(sets)} altered sets of them, in {work}", file=sys.stderr)
    evals = []
    for label, exe in (("unspun", a.unspun), ("baseline", a.baseline)):
        if not exe:
            continue
        ctx = {"unspun": os.path.abspath(exe), "jobs": a.jobs, "tmp": work}
        e = bench_eval.evaluate(recs, "unspun", "intrinsic", ctx, [])
        e["detector"] = label
        evals.append(e)
    print(f"{n} pieces of the GNU manuals in {INFO_DIR} ({words} words), clean and "
          f"altered ({'; '.join(sets)}):\n")
    print(bench_eval.table(evals))
    return 0


if __name__ == "__main__":
    sys.exit(main())
