#!/usr/bin/env python3
"""Accuracy on long texts: each variant's documents of a split run together
into one text, as bench/speed.py pools them (each file without its final
line ends, then a blank line), and scored as one file.

A book, a transcript or a folder's worth of articles pasted into one file
reaches unspun as one long text. What the detectors learn from a document
(its share of swapped words, its subject, the words it repeats) is
calibrated on articles of about 600 words, so unspun scores a long text in
sections of about 8 kB (detector/src/score.c); this table is the evidence
that the whole is still judged as its articles are. Per variant: the
text's score and verdict, its listed artifacts, their precision (an
artifact overlapping a truth span or deletion of the document it falls in,
over the artifacts in spun documents) and recall (truth spans overlapped),
and for the clean text the false artifacts per 1,000 words. Compare with
the per-document rows of bench/eval.py.

    python3 bench/longtext.py [--unspun build/bin/unspun] [--split test]
"""
import argparse
import bisect
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
from speed import pooled  # noqa: E402  (the same text the speed bench pools)
ORDER = ["clean", "spin10", "spin30", "spin50", "wn30", "rewrite", "mt-spa",
         "mt-cat", "fingerprint"]


def overlaps(s, e, spans, base):
    return any(s < base + t["end"] and base + t["start"] < e for t in spans)


def measure(exe, corpus, recs, tmp):
    data, regions = pooled(corpus, recs)
    path = os.path.join(tmp, "long.txt")
    with open(path, "wb") as f:
        f.write(data)
    p = subprocess.run([exe, "score", "--format", "json", path], capture_output=True,
                       text=True)
    j = json.loads(p.stdout)
    if "error" in j:
        return {"error": j["error"]}
    starts = [o for o, _ in regions]
    tp = fp = 0
    hit = set()
    for a in j["artifacts"]:
        k = bisect.bisect_right(starts, a["start"]) - 1
        base, r = regions[k]
        if r["label"] == 0:
            fp += 1
            continue
        if overlaps(a["start"], a["end"], r["spans"] + r.get("deletions", []), base):
            tp += 1
        else:
            fp += 1
        for i, t in enumerate(r["spans"]):
            if a["start"] < base + t["end"] and base + t["start"] < a["end"]:
                hit.add((k, i))
    spans = sum(len(r["spans"]) for _, r in regions if r["label"] == 1)
    clean_words = sum(r["words"] for _, r in regions if r["label"] == 0)
    return {"docs": len(recs), "bytes": len(data), "words": j["words"],
            "score": j["score"], "verdict": j["verdict"], "listed": len(j["artifacts"]),
            "precision": tp / (tp + fp) if spans and tp + fp else None,
            "recall": len(hit) / spans if spans else None,
            "false_per_1k": 1000 * fp / clean_words if clean_words else None}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--unspun", default=os.path.join(ROOT, "build", "bin", "unspun"))
    ap.add_argument("--corpus", default=os.path.join(ROOT, "build", "bench", "corpus"))
    ap.add_argument("--split", choices=("dev", "test"), default="test")
    ap.add_argument("--json", help="write the figures here too")
    a = ap.parse_args()
    with open(os.path.join(a.corpus, "manifest.jsonl"), encoding="utf-8") as f:
        recs = [json.loads(x) for x in f if x.strip()]
    recs = [r for r in recs if r["split"] == a.split]
    variants = sorted({r["variant"] for r in recs},
                      key=lambda v: (ORDER.index(v) if v in ORDER else 99, v))
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        for v in variants:
            out[v] = measure(a.unspun, a.corpus, [r for r in recs if r["variant"] == v], tmp)
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"split": a.split, "variants": out}, f, indent=1)

    def fmt(x, d=3):
        return "-" if x is None else f"{x:.{d}f}"

    lines = [f"Each variant's {a.split} documents run together into one text and scored as "
             "one file (`bench/longtext.py`; unspun scores it in sections of about 8 kB).", "",
             "| text | docs | MB | words | score | verdict | listed | precision | recall "
             "| false / 1k words |", "|---|---|---|---|---|---|---|---|---|---|"]
    for v, m in out.items():
        if "error" in m:
            lines.append(f"| {v} | error: {m['error']} |||||||||")
            continue
        lines.append(f"| {v} | {m['docs']} | {m['bytes'] / 1e6:.2f} | {m['words']} | "
                     f"{m['score']:.1f} | {m['verdict']} | {m['listed']} | "
                     f"{fmt(m['precision'])} | {fmt(m['recall'])} | "
                     f"{fmt(m['false_per_1k'], 2)} |")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
