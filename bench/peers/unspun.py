"""unspun itself: `unspun score --format json FILES...` (intrinsic, many files
per call) and `unspun score --ref REF --format json FILE` (ref mode, one call
per document since each has its own reference); the seed articles also as
siblings of one another (`run_siblings`).  Score = the 0..100 damage
score; flag = verdict other than "clean" (the default thresholds)."""

import concurrent.futures
import json
import os
import shutil
import subprocess

from peers import failed, ok

NAME = "unspun"
MODES = ("intrinsic", "ref")
BATCH = 200


def has_ref(ctx):
    try:
        h = subprocess.run([ctx["unspun"], "score", "--help"], capture_output=True,
                           text=True, timeout=30)
    except OSError:
        return False
    return "--ref" in (h.stdout + h.stderr)


def available(ctx, mode="intrinsic"):
    try:
        subprocess.run([ctx["unspun"], "--version"], capture_output=True, timeout=30)
    except OSError as e:
        return f"cannot run {ctx['unspun']}: {e}"
    if mode == "ref" and not has_ref(ctx):
        return "`unspun score --help` has no --ref option (reference mode not built yet)"
    return None


def _parse(out, want):
    res = {}
    for line in out.splitlines():
        line = line.strip()
        if not line:
            continue
        try:
            r = json.loads(line)
        except ValueError:
            continue
        f = r.get("file")
        if f not in want:
            continue
        if "error" in r:
            res[f] = failed(r["error"])
        else:
            arts = [(a["start"], a["end"]) for a in r.get("artifacts", [])]
            res[f] = ok(r["score"], r.get("verdict", "clean") != "clean", arts)
            res[f]["kinds"] = [a.get("kind", "?") for a in r.get("artifacts", [])]
            res[f]["verdict"] = r.get("verdict")
            res[f]["words"] = r.get("words")
    return res


def _call(args, files):
    p = subprocess.run(args + files, capture_output=True, text=True)
    res = _parse(p.stdout, set(files))
    for f in files:
        if f not in res:
            msg = (p.stderr.strip().splitlines() or [f"exit status {p.returncode}"])[-1]
            res[f] = failed(f"no output record: {msg}")
    return res


def run(jobs, ctx, options=()):
    """jobs: (file, reference or None); options: more arguments for every
    call (e.g. --min-confidence X)."""
    exe = ctx["unspun"]
    res = {}
    intrinsic = [f for f, ref in jobs if ref is None]
    batches = [intrinsic[i:i + BATCH] for i in range(0, len(intrinsic), BATCH)]
    refjobs = [(f, ref) for f, ref in jobs if ref is not None]
    with concurrent.futures.ThreadPoolExecutor(max(1, ctx.get("jobs", 1))) as ex:
        futs = [ex.submit(_call, [exe, "score", "--format", "json", *options], b)
                for b in batches]
        futs += [ex.submit(_call, [exe, "score", "--ref", ref, "--format", "json", *options],
                           [f]) for f, ref in refjobs]
        for fu in futs:
            res.update(fu.result())
    return res


def run_siblings(files, ctx):
    """Each file against the others as sibling articles on its story, as
    `unspun scan` compares the files of a folder: `unspun score --peers
    --ref-dir DIR` over a folder holding just these files."""
    d = os.path.join(ctx["tmp"], "siblings")
    os.makedirs(d, exist_ok=True)
    copies = []
    for f in files:
        c = os.path.join(d, os.path.basename(f))
        shutil.copyfile(f, c)
        copies.append(c)
    res = _call([ctx["unspun"], "score", "--peers", "--ref-dir", d, "--format", "json"],
                copies)
    return {f: res[c] for f, c in zip(files, copies)}


def speed_argv(path, ctx, ref=None):
    # --max-bytes: the scale runs go up to 100 MB, past the 64 MiB default
    # (which would make the largest run an instant "too large" error).
    args = [ctx["unspun"], "score", "--format", "json", "--max-bytes", "1G"]
    if ref:
        args += ["--ref", ref]
    return args + [path]
