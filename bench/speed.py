#!/usr/bin/env python3
"""Speed and scale of unspun next to its peers, on the benchmark's own text.

    python3 bench/speed.py --unspun build/bin/unspun [--budget 45] [--json out.json]

Input text: every file of the benchmark corpus (clean and altered, both
splits, manifest order) concatenated, repeated as often as needed and cut at
a line end to the wanted size (MB = 10^6 bytes).  Measured, each with wall
time (time.perf_counter) and the child's peak RSS (wait4):
  * single-thread throughput (MB/s, words/s) of unspun and every peer on the
    largest input up to --size (default 20 MB) that fits the time budget,
    best and median of up to 3 runs after a warm-up on 100 kB;
  * all cores: the same input cut into N parts (N = cores) scored by N
    processes at once, the way GNU parallel distributes unspun (best of 3
    after a warm-up run);
  * start-up: hyperfine on a one-line file minus an empty-input run;
  * time against input size, 1 kB to 100 MB, and the log-log slope
    (1.0 = linear);
  * adversarial inputs, each at three sizes up to 1.6 MB with its log-log
    slope: one word repeated, two words repeated (an artifact at nearly
    every word), the prose on one line (a line of many artifacts), scored
    with the text report at --min-confidence 0.01, which lists every
    artifact with an excerpt of its line;
  * reference alignment time against document length (unspun --ref when
    the CLI has it, wdiff and dwdiff);
  * reference pairs, whole process, run by run in turn (unspun --ref, wdiff,
    dwdiff, unspun, ...): the seed pair (fixtures/000_*.txt as the
    reference of fixtures/002_*.txt, 3-4 kB each) and a 1 MB / 1 MB pair (a
    spin30 text and its original), median wall and peak RSS of each and the
    median (and quartiles) of the run-by-run ratios to wdiff.
Before anything is timed, the data file's pages are dropped from the page
cache and read cold by unspun (settle_data: the state after a reboot, not
whatever the last build's writes left).
A measurement predicted (from the smaller sizes) to take longer than
--budget seconds is skipped and said so; nothing is extrapolated into the
tables.  Python 3 standard library only.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import peers  # noqa: E402
from peers import unspun as unspun_peer  # noqa: E402

MB = 1_000_000


def log(msg):
    print(f"bench/speed: {msg}", file=sys.stderr, flush=True)


# ---- inputs -------------------------------------------------------------------
def pooled(corpus, recs):
    """The records' files run together (each without its final line ends,
    then a blank line), and where each one starts: (bytes, [(offset, rec)])."""
    parts, regions, off = [], [], 0
    for r in recs:
        with open(os.path.join(corpus, r["file"]), "rb") as g:
            b = g.read().rstrip(b"\n") + b"\n\n"
        regions.append((off, r))
        parts.append(b)
        off += len(b)
    return b"".join(parts), regions


def pool_text(corpus, variant=None, split=None):
    with open(os.path.join(corpus, "manifest.jsonl"), encoding="utf-8") as f:
        recs = [r for r in map(json.loads, f)
                if (not variant or r["variant"] == variant)
                and (not split or r["split"] == split)]
    return pooled(corpus, recs)[0]


def sized(pool, size):
    """pool repeated and cut at the last line end before `size` bytes."""
    reps = size // len(pool) + 1
    data = (pool * reps)[:size]
    cut = data.rfind(b"\n")
    return data[:cut + 1] if cut > 0 else data


def make_file(d, name, data):
    p = os.path.join(d, name)
    if not (os.path.exists(p) and os.path.getsize(p) == len(data)):
        with open(p, "wb") as f:
            f.write(data)
    return p


# ---- running ------------------------------------------------------------------
GNU_TIME = "/usr/bin/time"


def _spawn(argv, k):
    """Start argv under GNU time, which forks it from its own small process:
    the child's peak RSS is then its own (a child forked straight from this
    Python process would report Python's high-water mark as its own)."""
    if os.path.exists(GNU_TIME):
        out = os.path.join(tempfile.gettempdir(), f"unspun-bench-rss-{os.getpid()}-{k}")
        return subprocess.Popen([GNU_TIME, "-f", "%M %R", "-o", out] + argv,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL), out
    return subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL), None


def _reap(p, out):
    """(peak RSS in kB, exit status, minor page faults) of a spawned run."""
    _, status, ru = os.wait4(p.pid, 0)
    code = os.waitstatus_to_exitcode(status)
    rss, faults = ru.ru_maxrss, ru.ru_minflt
    if out:
        try:
            with open(out) as f:
                rss, faults = (int(x) for x in f.read().split()[-2:])
            os.unlink(out)
        except (OSError, ValueError):
            pass
    return rss, code, faults


def run_counted(argv):
    """(wall seconds, peak RSS in kB, exit status, minor page faults) of one
    run, output discarded."""
    t0 = time.perf_counter()
    p, out = _spawn(argv, 0)
    rss, code, faults = _reap(p, out)
    return time.perf_counter() - t0, rss, code, faults


def run_once(argv):
    """(wall seconds, peak RSS in kB, exit status) of one run, output discarded."""
    return run_counted(argv)[:3]


def run_parallel(argvs):
    t0 = time.perf_counter()
    procs = [_spawn(a, k) for k, a in enumerate(argvs)]
    rss, codes = 0, []
    for p, out in procs:
        r, c, _faults = _reap(p, out)
        rss = max(rss, r)
        codes.append(c)
    return time.perf_counter() - t0, rss, max(codes)


def words_of(data):
    return len(data.split())


# ---- measurements ---------------------------------------------------------------
def throughput(dets, ctx, files, budget, target):
    """Single-thread: pick, per detector, the largest size <= target whose
    predicted time fits the budget."""
    rows = []
    sizes = sorted(s for s in files if s <= target)
    for name in dets:
        mod = peers.load(name)
        argv = lambda p: mod.speed_argv(p, ctx)  # noqa: E731
        warm = files[min(sizes, key=lambda s: abs(s - 100_000))]
        run_once(argv(warm[0]))
        rate, chosen = None, None
        floor = min(100_000, sizes[-1])
        for s in sizes:
            if s < floor:
                continue
            if rate is not None and s / rate > budget:
                break
            w, _, _ = run_once(argv(files[s][0]))
            rate = s / max(w, 1e-6)
            chosen = s
        if chosen is None:
            continue
        path, nw = files[chosen]
        runs = []
        for _ in range(3):
            runs.append(run_once(argv(path)))
            if sum(r[0] for r in runs) + runs[-1][0] > budget:
                break
        walls = [r[0] for r in runs]
        best = min(walls)
        rows.append({"detector": name, "bytes": chosen, "words": nw, "runs": len(runs),
                     "best_s": best, "median_s": statistics.median(walls),
                     "mb_s": chosen / MB / best, "words_s": nw / best,
                     "peak_rss_kb": max(r[1] for r in runs),
                     "exit": max(r[2] for r in runs)})
        log(f"{name}: {chosen / MB:.2f} MB in {best:.2f} s")
    return rows


ALL_CORES_RUNS = 3


def all_cores(dets, ctx, pool, tmp, size, ncores):
    rows = []
    data = sized(pool, size)
    parts, n = [], len(data)
    start = 0
    for k in range(ncores):
        end = n if k == ncores - 1 else data.rfind(b"\n", 0, (k + 1) * n // ncores) + 1
        parts.append(make_file(tmp, f"part{ncores}-{k}-{size}.txt", data[start:end]))
        start = end
    for name in dets:
        mod = peers.load(name)
        # Best of ALL_CORES_RUNS after a warm-up, as for one thread: a single
        # cold run measured the page cache of the freshly written parts too.
        argvs = [mod.speed_argv(p, ctx) for p in parts]
        run_parallel(argvs)
        runs = [run_parallel(argvs) for _ in range(ALL_CORES_RUNS)]
        wall = min(r[0] for r in runs)
        rss = max(r[1] for r in runs)
        code = max(r[2] for r in runs)
        rows.append({"detector": name, "bytes": len(data), "words": words_of(data),
                     "processes": ncores, "runs": ALL_CORES_RUNS, "wall_s": wall,
                     "mb_s": len(data) / MB / wall,
                     "words_s": words_of(data) / wall, "peak_rss_kb_per_process": rss,
                     "exit": code})
    return rows


def seed_pair():
    """(reference, document) of the seed pair: fixtures/000_*.txt and
    fixtures/002_*.txt, or None for one that is missing."""
    import glob
    seeds = sorted(glob.glob(os.path.join(ROOT, "fixtures", "00[0-4]_*.txt")))
    pick = lambda n: next((f for f in seeds if os.path.basename(f).startswith(n)), None)  # noqa: E731
    return pick("000_"), pick("002_")


def settle_data(ctx):
    """Put the data file's pages in one known state before anything is timed:
    dropped from the page cache, then read cold by unspun itself, which asks
    for the mapping in large folios (engine.c): the state after a reboot or
    once memory pressure has evicted the file, which is how an installed data
    file is usually found. Right after a build the file sits in the page cache
    however unspun-compile's writes left it (large folios or page by page,
    from one build to the next), and the seed pair's time moves with it. The
    seed pair's minor page faults in one run as found and in one run after,
    to show what the state was."""
    path = os.environ.get("UNSPUN_DATA") or os.path.join(
        os.path.dirname(os.path.dirname(ctx["unspun"])), "share", "unspun", "unspun.dat")
    ref, doc = seed_pair()
    if not os.path.isfile(path) or not hasattr(os, "posix_fadvise"):
        return {"note": "data file's page-cache state left as found"}
    argv = [ctx["unspun"], "score", "--ref", ref, doc] if ref and doc else None
    before = run_counted(argv)[3] if argv else None
    fd = os.open(path, os.O_RDONLY)
    try:
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    finally:
        os.close(fd)
    if argv:
        run_counted(argv)  # reads the pages it touches, cold
    after = run_counted(argv)[3] if argv else None
    return {"path": path, "faults_as_found": before, "faults_settled": after,
            "note": "data file's pages dropped from the page cache, then read cold by "
                    "unspun (as after a reboot)"}


def startup(ctx, tmp):
    one = make_file(tmp, "one-line.txt", b"The committee said the new rules would take effect next week.\n")
    empty = make_file(tmp, "empty.txt", b"")
    out = os.path.join(tmp, "hyperfine.json")
    exe = ctx["unspun"]
    # `wc -w` on the same file is the yardstick: what starting any process
    # costs on this machine (1 ms on one, 3 ms on another, as measured).
    opts = ["hyperfine", "-N", "-i", "--warmup", "3", "--runs", "20", "--export-json", out]
    cmd = opts + [f"{exe} score --format json {one}", f"{exe} score --format json {empty}",
                  f"wc -w {one}"]
    try:
        subprocess.run(cmd, capture_output=True, check=True, timeout=600)
    except (OSError, subprocess.SubprocessError) as e:
        return {"error": f"hyperfine failed: {e}"}
    with open(out) as f:
        res = json.load(f)["results"]
    return {"one_line_mean_s": res[0]["mean"], "one_line_stddev_s": res[0]["stddev"],
            "empty_mean_s": res[1]["mean"], "startup_s": res[0]["mean"] - res[1]["mean"],
            "wc_mean_s": res[2]["mean"],
            "command": " ".join(opts) + " '<unspun> score --format json one-line.txt' "
                       "'<unspun> score --format json empty.txt' 'wc -w one-line.txt'"}


def timed_sizes(name, runs, budget, rows, skipped):
    """Time `name` on each (size, argv) of `runs`, smallest first, into rows;
    a size the largest run so far predicts to take longer than `budget`
    seconds is skipped and said so in `skipped`."""
    rate = None
    for s, argv in runs:
        if rate is not None and s / rate > budget:
            skipped.append(f"{name} {human(s)} (predicted {s / rate:.0f} s > budget "
                           f"{budget:.0f} s)")
            continue
        w, rss, code = run_once(argv)
        rate = s / max(w, 1e-6)  # the largest run so far predicts best
        rows.append({"detector": name, "bytes": s, "seconds": w, "mb_s": s / MB / w,
                     "peak_rss_kb": rss, "exit": code})


def scale(names, ctx, files, budget):
    rows, skipped = [], []
    for name in names:
        mod = peers.load(name)
        timed_sizes(name, [(s, mod.speed_argv(files[s][0], ctx)) for s in sorted(files)],
                    budget, rows, skipped)
    return rows, skipped


def slope(rows, name):
    """Least-squares slope of log time against log size over the points from
    100 kB up (from 10 kB up when fewer than two are that large); returns
    (slope, smallest size used) or (None, None)."""
    import math
    for floor in (100_000, 10_000):
        pts = [(math.log(r["bytes"]), math.log(r["seconds"])) for r in rows
               if r["detector"] == name and r["bytes"] >= floor and r["seconds"] > 0]
        if len(pts) >= 2:
            break
    else:
        return None, None
    mx = sum(p[0] for p in pts) / len(pts)
    my = sum(p[1] for p in pts) / len(pts)
    num = sum((x - mx) * (y - my) for x, y in pts)
    den = sum((x - mx) ** 2 for x, _ in pts)
    return (num / den if den else None), floor


# Inputs built so that any work done per artifact over the whole text, or
# per artifact over its whole line, shows as a slope near 2 (both were
# there until this table was added: "and the " repeated took 92 s at
# 320,000 words).
ADVERSARIAL = (
    ("one word repeated", lambda pool, n: b"the " * (n // 4)),
    ("two words repeated", lambda pool, n: b"and the " * (n // 8)),
    ("prose on one line", lambda pool, n: sized(pool, n).replace(b"\n", b" ")),
)


def adversarial(ctx, pool, tmp, top, budget):
    rows, skipped = [], []
    for j, (name, make) in enumerate(ADVERSARIAL):
        runs = []
        for s in (top // 16, top // 4, top):
            path = make_file(tmp, f"adversarial-{j}-{s}.txt", make(pool, s))
            runs.append((s, [ctx["unspun"], "score", "--format", "text",
                             "--min-confidence", "0.01", path]))
        timed_sizes(name, runs, budget, rows, skipped)
    return rows, skipped


def alignment(ctx, corpus, tmp, budget, sizes):
    ref_pool = pool_text(corpus, "clean", "test")
    spun_pool = pool_text(corpus, "spin30", "test")
    tools = []
    if unspun_peer.has_ref(ctx):
        tools.append("unspun")
    notes = [] if tools else ["unspun --ref: not measured, `unspun score --help` has no --ref "
                              "option yet"]
    for t in ("wdiff", "dwdiff"):
        if peers.load(t).available(ctx) is None:
            tools.append(t)
    rows = []
    for t in tools:
        mod = peers.load(t)
        rate = None
        for s in sizes:
            if rate is not None and s / rate > budget:
                notes.append(f"{t} {s / 1000:g} kB skipped (predicted {s / rate:.0f} s)")
                continue
            ref = make_file(tmp, f"ref-{s}.txt", sized(ref_pool, s))
            doc = make_file(tmp, f"doc-{s}.txt", sized(spun_pool, s))
            w, rss, code = run_once(mod.speed_argv(doc, ctx, ref=ref))
            rate = s / max(w, 1e-6)
            rows.append({"tool": t, "bytes": s, "words": words_of(open(doc, "rb").read()),
                         "seconds": w, "peak_rss_kb": rss, "exit": code})
    return rows, notes


def ref_pairs(ctx, corpus, tmp, runs):
    """Whole-process time of `unspun score --ref REF DOC` next to `wdiff` and
    `dwdiff` on the same pair, the three run in turn (paired run by run, so
    that drift in the machine's speed hits all alike)."""
    pairs = []
    ref0, doc2 = seed_pair()
    # The seed pair takes milliseconds, and a run's ratio to wdiff's spreads
    # over 1.5-2.5 on a shared machine: six times the runs (a second in
    # all) keep its median from moving by more than a few hundredths.
    if ref0 and doc2:
        pairs.append(("seed pair (000 -> 002)", ref0, doc2, 6 * runs))
    pairs.append(("1 MB / 1 MB (spin30 and its original)",
                  make_file(tmp, f"ref-{MB}.txt", sized(pool_text(corpus, "clean", "test"), MB)),
                  make_file(tmp, f"doc-{MB}.txt", sized(pool_text(corpus, "spin30", "test"), MB)),
                  runs))
    tools = ["unspun"] if unspun_peer.has_ref(ctx) else []
    tools += [t for t in ("wdiff", "dwdiff") if peers.load(t).available(ctx) is None]
    rows = []
    for name, ref, doc, n in pairs:
        argv = {t: peers.load(t).speed_argv(doc, ctx, ref=ref) for t in tools}
        for t in tools:  # warm-up: page cache, data file
            run_once(argv[t])
        wall = {t: [] for t in tools}
        rss = {t: [] for t in tools}
        faults = {t: [] for t in tools}
        for _ in range(n):
            for t in tools:
                w, r, _code, f = run_counted(argv[t])
                wall[t].append(w)
                rss[t].append(r)
                faults[t].append(f)
        for t in tools:
            row = {"pair": name, "tool": t, "bytes": os.path.getsize(doc),
                   "ref_bytes": os.path.getsize(ref), "runs": n,
                   "median_s": statistics.median(wall[t]), "min_s": min(wall[t]),
                   "peak_rss_kb": max(rss[t]),
                   "median_faults": statistics.median(faults[t])}
            if "wdiff" in wall and t != "wdiff":
                ratios = [a / b for a, b in zip(wall[t], wall["wdiff"])]
                row["ratio_to_wdiff"] = statistics.median(ratios)
                if len(ratios) >= 4:
                    q = statistics.quantiles(ratios, n=4)
                    row["ratio_q1"], row["ratio_q3"] = q[0], q[2]
            rows.append(row)
    return rows


# ---- report ---------------------------------------------------------------------
def report_ref(res):
    """Start-up and the reference pairs."""
    L = []
    st = res["startup"]
    L += ["", "### Start-up", ""]
    if "error" in st:
        L.append(st["error"])
    else:
        L.append(f"Whole process on a one-line file (what a user waits for): "
                 f"**{st['one_line_mean_s'] * 1000:.1f} ms** (sd "
                 f"{st['one_line_stddev_s'] * 1000:.1f}); target at most 5 ms: "
                 f"{'meets' if st['one_line_mean_s'] <= 0.005 else 'MISSES'}. "
                 f"(Minus an empty-input run, {st['empty_mean_s'] * 1000:.1f} ms: "
                 f"{st['startup_s'] * 1000:.1f} ms.)"
                 f" The yardstick, `wc -w` on the same file, takes "
                 f"{st['wc_mean_s'] * 1000:.1f} ms here: starting any process costs that "
                 f"much on this machine, so unspun's own start-up is about "
                 f"{(st['one_line_mean_s'] - st['wc_mean_s']) * 1000:.1f} ms more. "
                 f"`{st['command']}`")
    L += ["", "### Reference pairs, whole process (run by run in turn with wdiff and dwdiff)",
          ""]
    dt = res.get("data_state")
    if dt:
        line = f"Before timing, the {dt['note']}"
        if dt.get("faults_as_found") is not None:
            line += (f": the seed pair took {dt['faults_as_found']} page faults as found, "
                     f"{dt['faults_settled']} after")
        L += [line + ".", ""]
    L += ["| pair | tool | runs | median s | min s | ratio to wdiff (median of pairs; "
          "quartiles) | peak RSS MB | page faults (median) |", "|---|---|---|---|---|---|---|---|"]
    for r in res.get("ref_pairs", []):
        ratio = f"{r['ratio_to_wdiff']:.2f}" if "ratio_to_wdiff" in r else "-"
        if "ratio_q1" in r:
            ratio += f" ({r['ratio_q1']:.2f}-{r['ratio_q3']:.2f})"
        flt = f"{r['median_faults']:.0f}" if "median_faults" in r else "-"
        L.append(f"| {r['pair']} | {r['tool']} | {r['runs']} | {r['median_s']:.4f} "
                 f"| {r['min_s']:.4f} | {ratio} | {r['peak_rss_kb'] / 1024:.1f} | {flt} |")
    seed = next((r for r in res.get("ref_pairs", []) if r["tool"] == "unspun"
                 and r["pair"].startswith("seed") and "ratio_to_wdiff" in r), None)
    big = next((r for r in res.get("ref_pairs", []) if r["tool"] == "unspun"
                and r["pair"].startswith("1 MB") and "ratio_to_wdiff" in r), None)
    if seed:
        L.append(f"- seed pair: unspun/wdiff {seed['ratio_to_wdiff']:.2f} (target at most 2: "
                 f"{'meets' if seed['ratio_to_wdiff'] <= 2 else 'MISSES'}); peak RSS "
                 f"{seed['peak_rss_kb'] / 1024:.1f} MB (target at most 40: "
                 f"{'meets' if seed['peak_rss_kb'] <= 40 * 1024 else 'MISSES'})")
    if big:
        L.append(f"- 1 MB pair: wdiff/unspun {1 / big['ratio_to_wdiff']:.1f}x (target at least "
                 f"10x: {'meets' if big['ratio_to_wdiff'] <= 0.1 else 'MISSES'})")
    return "\n".join(L)


def report(res):
    L = []
    wc = next((r for r in res["throughput"] if r["detector"] == "wc"), None)
    un = next((r for r in res["throughput"] if r["detector"] == "unspun"), None)
    L += ["### Single thread", "",
          "| tool | input MB | runs | best s | median s | MB/s | words/s | peak RSS MB |",
          "|---|---|---|---|---|---|---|---|"]
    for r in res["throughput"]:
        L.append(f"| {r['detector']} | {r['bytes'] / MB:.2f} | {r['runs']} | {r['best_s']:.3f} "
                 f"| {r['median_s']:.3f} | {r['mb_s']:.2f} | {r['words_s']:,.0f} "
                 f"| {r['peak_rss_kb'] / 1024:.1f} |")
    if wc and un:
        ratio = wc["mb_s"] / un["mb_s"]
        L += ["", f"unspun single-thread throughput is 1/{ratio:,.1f} of `wc -w` "
                  f"(target: within 5x, i.e. at most 1/5; {'meets' if ratio <= 5 else 'MISSES'}). "
                  f"Target >= 50 MB/s on >= 20 MB: {un['mb_s']:.2f} MB/s on "
                  f"{un['bytes'] / MB:.2f} MB ({'meets' if un['mb_s'] >= 50 and un['bytes'] >= 20 * MB else 'MISSES'})."]
    L += ["", f"### All cores ({res['cores']} processes on {res['cores']} parts of the input)", "",
          "| tool | input MB | runs | best wall s | MB/s | words/s | peak RSS MB per process |",
          "|---|---|---|---|---|---|---|"]
    for r in res["all_cores"]:
        L.append(f"| {r['detector']} | {r['bytes'] / MB:.2f} | {r.get('runs', 1)} "
                 f"| {r['wall_s']:.3f} | {r['mb_s']:.2f} "
                 f"| {r['words_s']:,.0f} | {r['peak_rss_kb_per_process'] / 1024:.1f} |")
    L.append(report_ref(res))
    L += ["", "### Time against input size", ""]
    size_table(L, "tool", res["scale"])
    L += [slope_line(res["scale"], n) for n in res["slopes"]]
    for s in res["scale_skipped"]:
        L.append(f"- skipped: {s}")
    L += ["", "### Adversarial inputs (text report, every artifact listed)", ""]
    size_table(L, "text", res["adversarial"])
    L += [slope_line(res["adversarial"], n, 1.2) for n, _ in ADVERSARIAL]
    for r in res["adversarial"]:
        if r["exit"]:
            L.append(f"- {r['detector']} {human(r['bytes'])}: exit status {r['exit']}")
    for s in res["adversarial_skipped"]:
        L.append(f"- skipped: {s}")
    L += ["", "### Reference alignment time against document length", "",
          "| tool | document | words | seconds | peak RSS MB |", "|---|---|---|---|---|"]
    for r in res["alignment"]:
        L.append(f"| {r['tool']} | {human(r['bytes'])} | {r['words']} | {r['seconds']:.3f} "
                 f"| {r['peak_rss_kb'] / 1024:.1f} |")
    for n in res["alignment_notes"]:
        L.append(f"- {n}")
    return "\n".join(L)


def size_table(L, first, rows):
    """Append a table of time against input size: one row per run."""
    L += [f"| {first} | input | seconds | MB/s | peak RSS MB |", "|---|---|---|---|---|"]
    for r in rows:
        L.append(f"| {r['detector']} | {human(r['bytes'])} | {r['seconds']:.3f} | {r['mb_s']:.2f} "
                 f"| {r['peak_rss_kb'] / 1024:.1f} |")
    L.append("")


def slope_line(rows, name, target=None):
    """One line: the log-log slope of `name`'s time against size, and
    whether it is within `target` where one is set."""
    s, floor = slope(rows, name)
    if s is None:
        return f"- {name}: log-log slope of time against size -: fewer than two sizes measured"
    t = "" if target is None else \
        f"; target at most {target}: {'meets' if s <= target else 'MISSES'}"
    return (f"- {name}: log-log slope of time against size from {human(floor)} up: {s:.2f} "
            f"(1.00 = linear{t})")


def human(b):
    return f"{b / MB:g} MB" if b >= MB else f"{b / 1000:g} kB"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--unspun", default=os.path.join(ROOT, "build", "bin", "unspun"))
    ap.add_argument("--corpus", default=os.path.join(ROOT, "build", "bench", "corpus"))
    ap.add_argument("--budget", type=float, default=45.0,
                    help="seconds allowed per measurement (default 45)")
    ap.add_argument("--size", type=float, default=20.0, help="throughput input, MB (default 20)")
    ap.add_argument("--max-scale", type=float, default=100.0, help="largest scale input, MB")
    ap.add_argument("--ref-runs", type=int, default=10,
                    help="runs of each tool on the 1 MB pair (default 10; the seed "
                         "pair gets six times as many)")
    ap.add_argument("--only", choices=["ref-pairs"],
                    help="measure only this (and start-up)")
    ap.add_argument("--json")
    a = ap.parse_args()
    tmp = os.path.join(ROOT, "build", "bench", "speed")
    os.makedirs(tmp, exist_ok=True)
    ctx = {"unspun": os.path.abspath(a.unspun), "tmp": tempfile.mkdtemp(prefix="unspun-speed-"),
           "fingerprints": os.path.join(ROOT, "wordlists", "fingerprints-pps.tsv"), "jobs": 1}
    data_state = settle_data(ctx)
    if a.only == "ref-pairs":
        res = {"data_state": data_state, "startup": startup(ctx, tmp),
               "ref_pairs": ref_pairs(ctx, a.corpus, tmp, a.ref_runs)}
        print(report_ref(res))
        if a.json:
            with open(a.json, "w") as f:
                json.dump(res, f, indent=1)
        return 0
    pool = pool_text(a.corpus)
    scale_sizes = [s for s in (1_000, 10_000, 100_000, MB, 10 * MB, 100 * MB)
                   if s <= a.max_scale * MB]
    tp_sizes = sorted(set(s for s in (100_000, MB, 5 * MB, 10 * MB) if s < a.size * MB)
                      | {int(a.size * MB)})
    files = {}
    for s in sorted(set(scale_sizes + tp_sizes)):
        data = sized(pool, s)
        files[s] = (make_file(tmp, f"input-{s}.txt", data), words_of(data))
    ncores = peers.nproc()
    dets = ["unspun", "wc", "pps_grep", "hunspell"]
    res = {"cores": ncores, "pool_bytes": len(pool), "data_state": data_state}
    log("single-thread throughput")
    res["throughput"] = throughput(dets, ctx, {s: files[s] for s in tp_sizes}, a.budget,
                                   a.size * MB)
    log("all cores")
    un = next((r for r in res["throughput"] if r["detector"] == "unspun"), None)
    pc_size = un["bytes"] if un else MB
    res["all_cores"] = all_cores(["unspun", "wc"], ctx, pool, tmp, pc_size, ncores)
    log("start-up")
    res["startup"] = startup(ctx, tmp)
    log("scale")
    res["scale"], res["scale_skipped"] = scale(["unspun", "wc"], ctx,
                                               {s: files[s] for s in scale_sizes}, a.budget)
    res["slopes"] = {n: slope(res["scale"], n) for n in ("unspun", "wc")}
    log("adversarial inputs")
    res["adversarial"], res["adversarial_skipped"] = adversarial(
        ctx, pool, tmp, int(min(1.6, a.max_scale) * MB), a.budget)
    log("reference pairs")
    res["ref_pairs"] = ref_pairs(ctx, a.corpus, tmp, a.ref_runs)
    log("reference alignment")
    res["alignment"], res["alignment_notes"] = alignment(
        ctx, a.corpus, tmp, a.budget, [1_000, 10_000, 100_000, MB])
    print(report(res))
    if a.json:
        with open(a.json, "w") as f:
            json.dump(res, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
