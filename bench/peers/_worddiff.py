"""Shared by the wdiff and dwdiff wrappers: align FILE to its reference
word by word, the words of FILE that are not in the reference (inserted or
changed) are the artifacts.  Score = changed words / words of FILE; flag =
any changed word."""

import concurrent.futures
import re
import subprocess

from peers import failed, ok, read_bytes

START, END = "\x02", "\x03"
TOKEN = re.compile(rb"\S+")


def one(tool, f, ref):
    r = subprocess.run([tool, "-1", "-w", "\x04", "-x", "\x05", "-y", START, "-z", END,
                        ref, f], capture_output=True)
    if r.returncode > 1:
        return failed(r.stderr.decode(errors="replace").strip() or f"{tool} failed")
    out = r.stdout
    flags, inside = [], False
    for m in re.finditer(rb"\x02|\x03|[^\s\x02\x03]+", out):
        t = m.group()
        if t == b"\x02":
            inside = True
        elif t == b"\x03":
            inside = False
        elif m.start() > 0 and out[m.start() - 1:m.start()] not in (b" ", b"\t", b"\n", b"\r",
                                                                    b"\x02", b"\x03", b"\f",
                                                                    b"\v") and flags:
            flags[-1] = flags[-1] or inside  # a marker split a token: same word
        else:
            flags.append(inside)
    data = read_bytes(f)
    toks = [(m.start(), m.end()) for m in TOKEN.finditer(data)]
    if len(toks) != len(flags):
        return failed(f"{tool}: could not map its output to the file "
                      f"({len(flags)} vs {len(toks)} words)")
    arts, changed = [], 0
    for (s, e), ins in zip(toks, flags):
        if not ins:
            continue
        changed += 1
        if arts and data[arts[-1][1]:s].strip() == b"":
            arts[-1] = (arts[-1][0], e)
        else:
            arts.append((s, e))
    rate = changed / len(toks) if toks else 0.0
    return ok(rate, changed > 0, arts)


def available(tool):
    try:
        subprocess.run([tool, "--version"], capture_output=True, timeout=30)
    except OSError as e:
        return f"{tool} not installed ({e})"
    return None


def run(tool, jobs, ctx):
    with concurrent.futures.ThreadPoolExecutor(max(1, ctx.get("jobs", 1))) as ex:
        futs = {f: ex.submit(one, tool, f, ref) for f, ref in jobs if ref is not None}
        return {f: fu.result() for f, fu in futs.items()}
