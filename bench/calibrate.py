#!/usr/bin/env python3
"""Measure the detectors' calibration on the bench's DEV split, and compare it
with the constants in the source.

    python3 bench/calibrate.py [--corpus build/bench/corpus] [--build build/tune]

Every number the intrinsic detectors calibrate comes from here, never from the
fixtures (bench/README.md, "Calibration"):

  - detect_synonym.c single_calib / oov_calib / phrase_calib: for each event
    (a word against its thesaurus candidates, a word the language model lacks
    likewise, or a thesaurus phrase against its headword), the raw log of the summed candidate ratios ("lse"); in 14
    equal-count bins of lse over the spun variants (spin10/30/50), the log of
    the share of swapped events over the share of other events, made
    monotone. Tokens inside a multi-word swap are left to the phrase table.
    TYPE_SINGLE / TYPE_OOV / TYPE_PHRASE: the log of the share of swapped
    events of that kind over the share of other events of that kind (each
    table holds the ratio within its kind; the kind is evidence too).
  - score.c DENSITY_*, FUNC_*, ODD_*, FLU_*, MIX_*: the median of each damage
    measure over the human-written (clean) DEV documents and its top, the
    98.3rd percentile (TOP = 100 - 5 / 3: the score takes the largest of
    three measures, so each leaves 5% / 3 of human text above 1 and the
    largest about 5%); within the fluency, its two parts' 95th (5th)
    percentiles.
  - detect_mt.c EDIT_MIN: false reports per 1,000 clean words of the
    function-word edits, by margin.

It builds a tuning build of the library (-DUNSPUN_TUNING=ON, the same code
with its parameters and diagnostic lines readable from the environment) next
to the normal build, copying the normal build's data file, and runs it on
every DEV document. Python 3 standard library only.
"""

import argparse
import bisect
import json
import math
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def log(msg):
    print(f"bench/calibrate: {msg}", file=sys.stderr, flush=True)


def tuning_build(build, data):
    if not os.path.exists(data):
        sys.exit(f"bench/calibrate: no data file {data}: build first "
                 "(cmake -B build && cmake --build build)")
    subprocess.run(["cmake", "-S", ROOT, "-B", build, "-DUNSPUN_TUNING=ON",
                    "-DUNSPUN_BUILD_TESTS=OFF", f"-DUNSPUN_PREBUILT_DATA={data}",
                    "-Wno-dev"], check=True, stdout=subprocess.DEVNULL)
    subprocess.run(["cmake", "--build", build, "-j2", "--target", "unspun_cli",
                    "unspun_wordlists"], check=True, stdout=subprocess.DEVNULL)
    return os.path.join(build, "bin", "unspun")


TOP = 100.0 - 5.0 / 3.0  # the spreads' top percentile (the docstring)


def percentile(xs, q):
    xs = sorted(xs)
    if not xs:
        return float("nan")
    k = (len(xs) - 1) * q / 100.0
    f = math.floor(k)
    c = min(f + 1, len(xs) - 1)
    return xs[f] + (xs[c] - xs[f]) * (k - f)


def calib_table(events, nbins=14):
    """events: (lse, swapped) pairs -> (x, y) knots of the log LR."""
    events = sorted(events)
    npos = sum(1 for _, s in events if s) or 1
    nneg = sum(1 for _, s in events if not s) or 1
    xs, ys = [], []
    for b in range(nbins):
        part = events[len(events) * b // nbins:len(events) * (b + 1) // nbins]
        if not part:
            continue
        pos = sum(1 for _, s in part if s) / npos
        neg = sum(1 for _, s in part if not s) / nneg
        xs.append(percentile([x for x, _ in part], 50))
        ys.append(math.log((pos + 1e-4) / (neg + 1e-4)))
    for i in range(1, len(ys)):  # monotone
        ys[i] = max(ys[i], ys[i - 1])
    return xs, ys


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", default=os.path.join(ROOT, "build", "bench", "corpus"))
    ap.add_argument("--build", default=os.path.join(ROOT, "build", "tune"))
    ap.add_argument("--data", default=os.path.join(ROOT, "build", "share", "unspun",
                                                   "unspun.dat"))
    args = ap.parse_args()
    man = os.path.join(args.corpus, "manifest.jsonl")
    if not os.path.exists(man):
        sys.exit("bench/calibrate: no corpus: python3 bench/corpus/build.py")
    exe = tuning_build(args.build, args.data)
    log(f"tuning build {exe}")
    recs = [json.loads(l) for l in open(man)]
    recs = [r for r in recs if r["split"] == "dev"]
    single, oov, phrase, docs, edits = [], [], [], [], []
    clean_words = 0
    env = dict(os.environ, UNSPUN_DUMP="1", UNSPUN_DOC="1")
    for r in recs:
        v = r["variant"]
        if v not in ("clean", "spin10", "spin30", "spin50"):
            continue
        path = os.path.join(args.corpus, r["file"])
        p = subprocess.run([exe, "score", "--format", "json", path], env=env,
                           capture_output=True, text=True)
        spans = r["spans"]
        for line in p.stderr.splitlines():
            f = line.split("\t")
            if f[0] == "POST" and v != "clean":
                a, b, lse, kind = int(f[1]), int(f[2]), float(f[4]), f[5]
                hit = [s for s in spans if a < s["end"] and s["start"] < b]
                multi = bool(hit) and (" " in hit[0]["text"] or " " in hit[0]["original"])
                if lse <= -29.9:
                    continue  # the model could not read it
                if kind == "1":
                    phrase.append((lse, bool(hit)))
                elif not multi:
                    (oov if kind == "2" else single).append((lse, bool(hit)))
            elif f[0] == "DOC" and v == "clean":
                words, nflu, func, odd = int(f[1]), int(f[2]), float(f[3]), float(f[4])
                # f[11]: the artifacts' confidences weighed by kind as
                # score.c's density weighs them (fingerprints apart)
                docs.append((words, func, odd, float(f[11]), float(f[10])))
            elif f[0] == "MTE" and v == "clean":
                edits.append(float(f[4]))
        if v == "clean":
            clean_words += r["words"]
    log(f"{len(single)} single-word, {len(oov)} out-of-model and "
        f"{len(phrase)} phrase events, "
        f"{len(docs)} clean documents")

    print("/* detect_synonym.c, measured on the dev split (bench/calibrate.py) */")
    for name, ev in (("single_calib", single), ("oov_calib", oov),
                     ("phrase_calib", phrase)):
        xs, ys = calib_table(ev)
        print(f"static const calib {name} = {{")
        print("    {" + ", ".join(f"{x:.2f}" for x in xs) + "},")
        print("    {" + ", ".join(f"{y:.2f}" for y in ys) + "}};")
    # Each table is the ratio within its kind of event; the kind itself is
    # evidence too (a word the model lacks is far likelier a swap than one
    # it knows), since the document's share of swaps is one for all kinds.
    npos = sum(1 for ev in (single, oov, phrase) for _, hit in ev if hit) or 1
    nneg = sum(1 for ev in (single, oov, phrase) for _, hit in ev if not hit) or 1
    for name, ev in (("TYPE_SINGLE", single), ("TYPE_OOV", oov),
                     ("TYPE_PHRASE", phrase)):
        pos = sum(1 for _, hit in ev if hit) / npos
        neg = sum(1 for _, hit in ev if not hit) / nneg
        print(f"#define {name} {math.log((pos + 1e-4) / (neg + 1e-4)):.2f}"
              f" /* {100 * pos:.1f}% of the swapped events, {100 * neg:.1f}%"
              " of the others */")

    # score.c: the human spread of each damage measure
    dens, func, odd, mix = [], [], [], []
    for words, fu, od, weighed, mx in docs:
        w = max(words, 80)
        mix.append(mx / w * 100)
        dens.append(weighed / w * 100)
        func.append(fu)
        odd.append(od)
    fm, f5 = percentile(func, 50), percentile(func, 5)
    om, o95 = percentile(odd, 50), percentile(odd, 95)
    raw = [(fm - a) / (fm - f5) + (b - om) / (o95 - om) for a, b in zip(func, odd)]
    print("/* score.c, the spread of the clean dev documents */")
    for name, val in (("DENSITY_MED", percentile(dens, 50)),
                      ("DENSITY_TOP", percentile(dens, TOP)),
                      ("FUNC_MED", fm), ("FUNC_P5", f5), ("ODD_MED", om),
                      ("ODD_P95", o95), ("FLU_MED", percentile(raw, 50)),
                      ("FLU_TOP", percentile(raw, TOP)),
                      ("MIX_MED", percentile(mix, 50)),
                      ("MIX_TOP", percentile(mix, TOP))):
        print(f"#define {name} {val:.4f}")
    print("/* detect_mt.c: function-word edits on clean text, false reports per "
          "1,000 words by margin */")
    for t in (6, 8, 9, 10, 11, 12):
        n = sum(1 for x in edits if x >= t)
        print(f"/*   margin >= {t:2d}: {1000.0 * n / max(clean_words, 1):.2f} */")


if __name__ == "__main__":
    main()
