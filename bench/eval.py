#!/usr/bin/env python3
"""Accuracy of unspun (and its peers) on the labelled benchmark corpus.

    python3 bench/eval.py --unspun build/bin/unspun --split dev
    python3 bench/eval.py --split test --peers all --json out.json

Per variant (spun files against their clean originals, same split):
  AUC        document-level ROC AUC of the score (Mann-Whitney, ties 1/2)
  P R F1     document precision/recall/F1 of the default verdict
             (unspun: verdict other than "clean"; peers: see bench/peers/)
  aP aR aF1  artifact precision (artifacts overlapping a truth span / all
             artifacts in the spun files) and recall (truth spans overlapped
             by some artifact / all truth spans)
and on the clean files of the split: false artifacts per 1,000 words and the
share of clean files flagged.  Ref mode gives every file its reference: the
clean original for a spun file, the file itself for a clean one.
Python 3 standard library only.
"""

import argparse
import json
import os
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import peers  # noqa: E402

VARIANT_ORDER = ("spin10", "spin30", "spin50", "wn30", "rewrite", "mt-spa", "mt-cat",
                 "fingerprint")
TARGET_AUC, TARGET_AP = 0.95, 0.80


# ---- metrics --------------------------------------------------------------------
def auc(pos, neg):
    """Mann-Whitney U / (|pos| |neg|): P(score of a spun doc > a clean one)."""
    if not pos or not neg:
        return None
    allv = sorted([(v, 1) for v in pos] + [(v, 0) for v in neg])
    i, rank_sum = 0, 0.0
    while i < len(allv):
        j = i
        while j < len(allv) and allv[j][0] == allv[i][0]:
            j += 1
        r = (i + 1 + j) / 2.0  # mean rank of the tie block (1-based)
        rank_sum += r * sum(1 for k in range(i, j) if allv[k][1] == 1)
        i = j
    u = rank_sum - len(pos) * (len(pos) + 1) / 2.0
    return u / (len(pos) * len(neg))


def prf(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else None
    r = tp / (tp + fn) if tp + fn else None
    f = 2 * p * r / (p + r) if p and r else (0.0 if p is not None and r is not None else None)
    return p, r, f


def overlaps(a, spans):
    s, e = a
    return any(s < t["end"] and t["start"] < e for t in spans)


def variant_metrics(recs, results, by_file):
    """recs: altered records of one variant; their originals from by_file."""
    pos, neg, tp, fp, fn = [], [], 0, 0, 0
    a_tp = a_all = t_hit = t_all = a_tp_changed = 0
    errors = 0
    origs = set()
    for r in recs:
        res = results.get(r["path"])
        if res is None or res["error"]:
            errors += 1
            continue
        pos.append(res["score"])
        if res["flag"]:
            tp += 1
        else:
            fn += 1
        arts = res["artifacts"]
        a_all += len(arts)
        # An artifact is right when it points at a change of the truth: a
        # changed output span, or the words around a deletion (MT round
        # trips drop words; the gap has nothing else to point at).
        a_tp += sum(1 for a in arts if overlaps(a, r["spans"] + r.get("deletions", [])))
        a_tp_changed += sum(1 for a in arts if overlaps(a, r["spans"]))
        t_all += len(r["spans"])
        t_hit += sum(1 for t in r["spans"]
                     if any(a[0] < t["end"] and t["start"] < a[1] for a in arts))
        origs.add(r["original"])
    for o in sorted(origs):
        res = results.get(by_file[o]["path"])
        if res is None or res["error"]:
            errors += 1
            continue
        neg.append(res["score"])
        if res["flag"]:
            fp += 1
    p, rc, f = prf(tp, fp, fn)
    ap = a_tp / a_all if a_all else None
    ar = t_hit / t_all if t_all else None
    af = 2 * ap * ar / (ap + ar) if ap and ar else (0.0 if ap is not None and ar is not None else None)
    return {"docs": len(pos), "originals": len(neg), "auc": auc(pos, neg), "p": p, "r": rc,
            "f1": f, "ap": ap, "ar": ar, "af1": af, "artifacts": a_all,
            "ap_changed_only": a_tp_changed / a_all if a_all else None,
            "truth_spans": t_all, "errors": errors}


def kind_metrics(recs, results):
    """Per artifact kind (detectors that report one): artifacts in altered
    files, how many overlap a truth span, and false artifacts in clean files."""
    kinds = {}
    clean_words = sum(r["words"] for r in recs if r["label"] == 0)
    for r in recs:
        res = results.get(r["path"])
        if res is None or res["error"] or "kinds" not in res:
            continue
        for a, k in zip(res["artifacts"], res["kinds"]):
            d = kinds.setdefault(k, {"spun": 0, "hit": 0, "clean": 0})
            if r["label"] == 0:
                d["clean"] += 1
            else:
                d["spun"] += 1
                d["hit"] += 1 if overlaps(a, r["spans"] + r.get("deletions", [])) else 0
    for d in kinds.values():
        d["precision"] = d["hit"] / d["spun"] if d["spun"] else None
        d["clean_per_1k"] = 1000.0 * d["clean"] / clean_words if clean_words else None
    return kinds


def clean_metrics(recs, results):
    words = arts = flagged = n = errors = 0
    for r in recs:
        res = results.get(r["path"])
        if res is None or res["error"]:
            errors += 1
            continue
        n += 1
        words += r["words"]
        arts += len(res["artifacts"])
        flagged += 1 if res["flag"] else 0
    return {"docs": n, "words": words, "false_artifacts": arts,
            "false_per_1k": 1000.0 * arts / words if words else None,
            "flagged": flagged / n if n else None, "errors": errors}


# ---- corpus ----------------------------------------------------------------------
def load_manifest(corpus, split):
    path = os.path.join(corpus, "manifest.jsonl")
    if not os.path.isfile(path):
        raise SystemExit(f"bench/eval: no {path}: run bench/corpus/build.py first")
    recs = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                r = json.loads(line)
                if split in ("all", r["split"]):
                    r["path"] = os.path.abspath(os.path.join(corpus, r["file"]))
                    recs.append(r)
    if not recs:
        raise SystemExit(f"bench/eval: no records of split {split} in {path}")
    return recs


def seed_records(seeds_dir):
    """The project's seed articles: 002_* is the spun one (shared/seeds/README.md)."""
    if not seeds_dir or not os.path.isdir(seeds_dir):
        return []
    out = []
    for name in sorted(os.listdir(seeds_dir)):
        if name.endswith(".txt") and name[:3].isdigit() and "." not in name[:-4]:
            p = os.path.abspath(os.path.join(seeds_dir, name))
            out.append({"path": p, "name": name, "label": 1 if name.startswith("002_") else 0})
    return out


# ---- evaluation ------------------------------------------------------------------
def evaluate(recs, det, mode, ctx, seeds):
    mod = peers.load(det)
    by_file = {r["file"]: r for r in recs}
    if mode == "ref":
        jobs = [(r["path"], by_file[r["original"]]["path"] if r["original"] else r["path"])
                for r in recs]
    else:
        jobs = [(r["path"], None) for r in recs]
        jobs += [(s["path"], None) for s in seeds]
    t0 = time.time()
    results = mod.run(jobs, ctx)
    elapsed = time.time() - t0
    out = {"detector": det, "mode": mode, "seconds": round(elapsed, 2), "variants": {}}
    variants = sorted({r["variant"] for r in recs if r["label"] == 1},
                      key=lambda v: (VARIANT_ORDER.index(v) if v in VARIANT_ORDER else 99, v))
    for v in variants:
        out["variants"][v] = variant_metrics([r for r in recs if r["variant"] == v],
                                             results, by_file)
    clean = [r for r in recs if r["label"] == 0]
    out["clean"] = clean_metrics(clean, results)
    out["kinds"] = kind_metrics(recs, results)
    out["clean_by_register"] = {
        reg: clean_metrics([r for r in clean if r["register"] == reg], results)
        for reg in sorted({r["register"] for r in clean})}
    sib = None
    if seeds and mode == "ref" and hasattr(mod, "run_siblings"):
        sib = mod.run_siblings([s["path"] for s in seeds], ctx)
    if seeds and (mode == "intrinsic" or sib):
        rows = []
        for s in seeds:
            res = (sib or results).get(s["path"], peers.failed("missing"))
            rows.append({"file": s["name"], "label": s["label"], "score": res["score"],
                         "flag": res["flag"], "verdict": res.get("verdict"),
                         "artifacts": len(res["artifacts"]), "error": res["error"]})
        out["seeds"] = rows
        out["seeds_auc"] = auc([r["score"] for r in rows if r["label"]],
                               [r["score"] for r in rows if not r["label"]])
    out["errors"] = sum(1 for r in results.values() if r["error"])
    return out


THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
THRESHOLD_VARIANTS = ("spin10", "spin30", "spin50", "wn30", "mt-spa", "mt-cat")


def threshold_metrics(recs, ctx):
    """unspun's artifacts at each listing threshold (`--min-confidence`; the
    default is 0.7, and the score does not depend on it): one intrinsic run
    per threshold, so that each row is exactly what users get (a filter of
    one run would go by the confidences as printed, rounded to 0.001)."""
    mod = peers.load("unspun")
    jobs = [(r["path"], None) for r in recs]
    by_file = {r["file"]: r for r in recs}
    clean = [r for r in recs if r["label"] == 0]
    rows = []
    for t in THRESHOLDS:
        res = mod.run(jobs, ctx, ("--min-confidence", str(t)))
        row = {"threshold": t, "variants": {}}
        for v in THRESHOLD_VARIANTS:
            m = variant_metrics([r for r in recs if r["variant"] == v], res, by_file)
            row["variants"][v] = {"ap": m["ap"], "ar": m["ar"]}
        row["false_per_1k"] = clean_metrics(clean, res)["false_per_1k"]
        regs = [(clean_metrics([r for r in clean if r["register"] == reg], res)["false_per_1k"],
                 reg) for reg in sorted({r["register"] for r in clean})]
        row["false_per_1k_worst"] = max(regs) if regs else None
        rows.append(row)
    return rows


def threshold_table(rows):
    head = " | ".join(f"{v} art P / R" for v in THRESHOLD_VARIANTS)
    lines = [f"| listed from | {head} | false / 1k clean words | worst register |",
             "|---" * (len(THRESHOLD_VARIANTS) + 3) + "|"]
    for row in rows:
        cells = " | ".join(f"{fmt(row['variants'][v]['ap'])} / {fmt(row['variants'][v]['ar'])}"
                           for v in THRESHOLD_VARIANTS)
        worst = row["false_per_1k_worst"]
        mark = " (default)" if row["threshold"] == 0.7 else ""
        lines.append(f"| {row['threshold']:.1f}{mark} | {cells} | {fmt(row['false_per_1k'], 2)} "
                     f"| {fmt(worst[0], 2)} {worst[1]} |" if worst else " | - |")
    return "\n".join(lines)


def fmt(x, nd=3):
    return "-" if x is None else f"{x:.{nd}f}"


def table(evals):
    lines = ["| detector | mode | variant | docs | AUC | P | R | F1 | art P | art R | art F1 "
             "| art P, changed words only |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for e in evals:
        for v, m in e["variants"].items():
            lines.append(f"| {e['detector']} | {e['mode']} | {v} | {m['docs']} | {fmt(m['auc'])} "
                         f"| {fmt(m['p'])} | {fmt(m['r'])} | {fmt(m['f1'])} | {fmt(m['ap'])} "
                         f"| {fmt(m['ar'])} | {fmt(m['af1'])} "
                         f"| {fmt(m.get('ap_changed_only'))} |")
    lines += ["", "| detector | mode | clean docs | words | false artifacts / 1k words | "
                  "clean docs flagged | errors | seconds |",
              "|---|---|---|---|---|---|---|---|"]
    for e in evals:
        c = e["clean"]
        lines.append(f"| {e['detector']} | {e['mode']} | {c['docs']} | {c['words']} "
                     f"| {fmt(c['false_per_1k'], 2)} | {fmt(c['flagged'])} | {e['errors']} "
                     f"| {e['seconds']} |")
    regs = [(e, reg, c) for e in evals for reg, c in e["clean_by_register"].items()]
    if regs:
        lines += ["", "| detector | mode | clean register | false artifacts / 1k words | flagged |",
                  "|---|---|---|---|---|"]
        for e, reg, c in regs:
            lines.append(f"| {e['detector']} | {e['mode']} | {reg} | {fmt(c['false_per_1k'], 2)} "
                         f"| {fmt(c['flagged'])} |")
    kinds = [(e, k, d) for e in evals for k, d in sorted(e.get("kinds", {}).items())]
    if kinds:
        lines += ["", "| detector | mode | artifact kind | in altered files | overlapping truth "
                      "| precision | in clean files | per 1k clean words |",
                  "|---|---|---|---|---|---|---|---|"]
        for e, k, d in kinds:
            lines.append(f"| {e['detector']} | {e['mode']} | {k} | {d['spun']} | {d['hit']} "
                         f"| {fmt(d['precision'])} | {d['clean']} | {fmt(d['clean_per_1k'], 2)} |")
    seeds = [e for e in evals if e.get("seeds")]
    if seeds:
        lines += ["", "| detector | mode | seed articles (002 is spun): score per file "
                      "| AUC 002 vs others |",
                  "|---|---|---|---|"]
        for e in seeds:
            cells = ", ".join(f"{s['file'][:3]}{'*' if s['label'] else ''}={s['score']:.3g}"
                              + (f" ({s['verdict']})" if s.get("verdict") else "")
                              for s in e["seeds"])
            mode = e["mode"] if e["mode"] == "intrinsic" else "siblings (each seed against the others, --peers)"
            lines.append(f"| {e['detector']} | {mode} | {cells} | {fmt(e['seeds_auc'])} |")
    return "\n".join(lines)


def versus_peers(evals):
    """Per mode and variant: does unspun beat every peer on AUC and artifact F1?"""
    lines = []
    for mode in ("intrinsic", "ref"):
        mine = [e for e in evals if e["detector"] == "unspun" and e["mode"] == mode]
        others = [e for e in evals if e["detector"] != "unspun" and e["mode"] == mode]
        if not mine or not others:
            continue
        for v, m in mine[0]["variants"].items():
            worse = []
            for o in others:
                om = o["variants"].get(v)
                if om is None:
                    continue
                for key, label in (("auc", "AUC"), ("af1", "artifact F1")):
                    a, b = m[key] or 0.0, om[key] or 0.0
                    if not a > b:
                        worse.append(f"{label} {fmt(a)} <= {o['detector']} {fmt(b)}")
            lines.append(f"- {mode} {v}: " + ("unspun beats every peer" if not worse
                                               else "NOT beating: " + "; ".join(worse)))
    return "\n".join(lines)


def targets(evals):
    lines = []
    for e in evals:
        if e["detector"] != "unspun":
            continue
        for v, m in e["variants"].items():
            if v == "fingerprint":
                continue
            ok_auc = m["auc"] is not None and m["auc"] >= TARGET_AUC
            ok_ap = m["ap"] is not None and m["ap"] >= TARGET_AP
            lines.append(f"- unspun {e['mode']} {v}: AUC {fmt(m['auc'])} "
                         f"({'meets' if ok_auc else 'MISSES'} >= {TARGET_AUC}), artifact precision "
                         f"{fmt(m['ap'])} ({'meets' if ok_ap else 'MISSES'} >= {TARGET_AP})")
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--unspun", default=os.path.join(ROOT, "build", "bin", "unspun"))
    ap.add_argument("--corpus", default=os.path.join(ROOT, "build", "bench", "corpus"))
    ap.add_argument("--split", choices=("dev", "test", "all"), default="dev")
    ap.add_argument("--peers", default="none",
                    help="comma list of peers to compare (pps_grep,hunspell,wdiff), 'all' or 'none'")
    ap.add_argument("--mode", choices=("intrinsic", "ref", "both"), default="both")
    ap.add_argument("--seeds", default=None,
                    help="directory of the seed articles (default: /work/shared/seeds if present)")
    ap.add_argument("--jobs", type=int, default=peers.nproc())
    ap.add_argument("--json", help="also write all metrics as JSON to this file")
    a = ap.parse_args()

    recs = load_manifest(a.corpus, a.split)
    seeds_dir = a.seeds
    if seeds_dir is None:
        for d in (os.path.join(ROOT, "fixtures"), "/work/shared/seeds"):
            if os.path.isdir(d) and any(n.startswith("002_") for n in os.listdir(d)):
                seeds_dir = d
                break
    seeds = seed_records(seeds_dir)
    dets = ["unspun"]
    if a.peers == "all":
        dets += [p for p in peers.ALL if p != "unspun"]
    elif a.peers != "none":
        dets += [p for p in a.peers.split(",") if p and p != "unspun"]
    modes = ("intrinsic", "ref") if a.mode == "both" else (a.mode,)
    tmp = tempfile.mkdtemp(prefix="unspun-bench-")
    ctx = {"unspun": os.path.abspath(a.unspun), "jobs": a.jobs, "tmp": tmp,
           "fingerprints": os.path.join(ROOT, "wordlists", "fingerprints-pps.tsv")}
    evals, notes = [], []
    for mode in modes:
        for det in dets:
            mod = peers.load(det)
            if mode not in mod.MODES:
                continue
            why = mod.available(ctx, mode)
            if why:
                notes.append(f"- {det} {mode} mode skipped: {why}")
                continue
            print(f"bench/eval: {det} {mode} on {len(recs)} files ({a.split})", file=sys.stderr)
            evals.append(evaluate(recs, det, mode, ctx, seeds))
    shown = os.path.relpath(os.path.abspath(a.corpus), ROOT)
    if shown.startswith(".."):
        shown = a.corpus
    print(f"## Accuracy, split {a.split} ({len(recs)} files, corpus {shown})\n")
    print(table(evals))
    if notes:
        print("\n" + "\n".join(notes))
    vp = versus_peers(evals)
    if vp:
        print("\nunspun against the peers (document AUC and artifact F1, same files):\n" + vp)
    thr = None
    if any(e["detector"] == "unspun" and e["mode"] == "intrinsic" for e in evals):
        thr = threshold_metrics(recs, ctx)
    if thr:
        print("\nunspun intrinsic, artifacts listed from each confidence (`--min-confidence`; "
              "the score and the verdict are the same at every one):\n")
        print(threshold_table(thr))
    t = targets(evals)
    if t:
        print("\nTargets (issue 2: AUC >= 0.95, artifact precision >= 0.8 per variant):\n" + t)
    if a.json:
        with open(a.json, "w", encoding="utf-8") as f:
            json.dump({"split": a.split, "corpus": a.corpus, "evals": evals, "notes": notes,
                       "thresholds": thr},
                      f, indent=1, sort_keys=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
