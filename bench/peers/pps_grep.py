"""Fingerprint grep in the style of the Problematic Paper Screener: the
lower-cased tortured phrases of wordlists/fingerprints-pps.tsv (column 1)
searched as fixed whole-word strings in the lower-cased text:
    tr A-Z a-z < FILE | grep -F -w -o -b -f phrases.txt
(the harness lower-cases ASCII in Python, which keeps byte offsets, and runs
one grep over many files).  Score = matches; flag = at least one match;
artifacts = the matched byte spans."""

import os
import subprocess

from peers import failed, ok, read_bytes

NAME = "pps_grep"
MODES = ("intrinsic",)
BATCH = 500


def phrases(ctx):
    out = os.path.join(ctx["tmp"], "pps-phrases.txt")
    if not os.path.exists(out):
        with open(ctx["fingerprints"], encoding="utf-8") as f, \
                open(out, "w", encoding="utf-8") as g:
            for line in f:
                if line.startswith("#") or "\t" not in line:
                    continue
                g.write(line.split("\t")[0].lower() + "\n")
    return out


def available(ctx, mode="intrinsic"):
    if not os.path.isfile(ctx["fingerprints"]):
        return f"no {ctx['fingerprints']}"
    return None


def speed_argv(path, ctx):
    return ["sh", "-c", f"tr A-Z a-z < '{path}' | grep -F -w -o -b -f '{phrases(ctx)}'"]


def run(jobs, ctx):
    pat = phrases(ctx)
    lowdir = os.path.join(ctx["tmp"], "pps-lower")
    os.makedirs(lowdir, exist_ok=True)
    files = [f for f, _ in jobs]
    res = {}
    for b in range(0, len(files), BATCH):
        part = files[b:b + BATCH]
        low = []
        for i, f in enumerate(part):
            p = os.path.join(lowdir, f"{b + i}.txt")
            with open(p, "wb") as g:
                g.write(read_bytes(f).lower())  # bytes.lower(): ASCII only
            low.append(p)
        r = subprocess.run(["grep", "-F", "-w", "-o", "-b", "-H", "-f", pat] + low,
                           capture_output=True)
        if r.returncode > 1:
            for f in part:
                res[f] = failed(r.stderr.decode(errors="replace").strip())
            continue
        hits = {p: [] for p in low}
        for line in r.stdout.split(b"\n"):
            if not line:
                continue
            name, off, match = line.split(b":", 2)
            s = int(off)
            hits[name.decode()].append((s, s + len(match)))
        for f, p in zip(part, low):
            res[f] = ok(len(hits[p]), len(hits[p]) > 0, hits[p])
    return res
