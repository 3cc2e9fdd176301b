"""`hunspell -l` as a detector: the share of words Hunspell (en_US) does not
know.  Spinners and MT round trips leave odd forms; so do names and jargon.
    hunspell -d en_US -l FILE
Score = misspelled words / words; flag = score >= 2% (fixed, stated here,
not tuned on the test split); artifacts = every occurrence of a listed word."""

import concurrent.futures
import re
import subprocess

from peers import failed, ok, read_bytes

NAME = "hunspell"
MODES = ("intrinsic",)
THRESHOLD = 0.02
WORD = re.compile(rb"[A-Za-z0-9]+(?:['\-][A-Za-z0-9]+)*")


def available(ctx, mode="intrinsic"):
    try:
        subprocess.run(["hunspell", "-d", "en_US", "-l"], input=b"", capture_output=True,
                       timeout=30, check=True)
    except (OSError, subprocess.SubprocessError) as e:
        return f"hunspell -d en_US unusable: {e}"
    return None


def speed_argv(path, ctx):
    return ["hunspell", "-d", "en_US", "-l", path]


def _one(f):
    r = subprocess.run(["hunspell", "-d", "en_US", "-l", f], capture_output=True)
    if r.returncode != 0:
        return failed(r.stderr.decode(errors="replace").strip() or "hunspell failed")
    bad = set(w for w in r.stdout.split(b"\n") if w)
    data = read_bytes(f)
    words = 0
    arts = []
    for m in WORD.finditer(data):
        words += 1
        if m.group() in bad:
            arts.append((m.start(), m.end()))
    n = sum(1 for w in r.stdout.split(b"\n") if w)
    rate = n / words if words else 0.0
    return ok(rate, rate >= THRESHOLD, arts)


def run(jobs, ctx):
    with concurrent.futures.ThreadPoolExecutor(max(1, ctx.get("jobs", 1))) as ex:
        files = [f for f, _ in jobs]
        return dict(zip(files, ex.map(_one, files)))
