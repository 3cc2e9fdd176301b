#!/usr/bin/env python3
"""The whole benchmark in one command, from a clean clone:

    python3 bench/run.py

builds unspun (cmake -B build -S . && cmake --build build -j N), builds the
labelled corpus (bench/corpus/build.py), measures accuracy on the TEST split
against the peers (bench/eval.py), on text and a generator the corpus never
uses (bench/heldout.py) and on long texts (bench/longtext.py), measures
speed (bench/speed.py), writes
bench/results/<UTC date>.md (machine, compiler, commit, command) and puts the
latest tables into bench/README.md.

    python3 bench/run.py --smoke --no-build --unspun build/bin/unspun \
        --work build/bench-smoke

is the CTest smoke test: a few documents, a token speed run, results kept in
the work directory, and a check that the tables hold numbers.
"""

import argparse
import datetime
import hashlib
import json
import os
import platform
import re
import shlex
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
BEGIN, END = "<!-- results:begin -->", "<!-- results:end -->"


def log(msg):
    print(f"bench/run: {msg}", file=sys.stderr, flush=True)


def sh(argv, **kw):
    log("$ " + " ".join(shlex.quote(a) for a in argv))
    t = time.time()
    r = subprocess.run(argv, **kw)
    if r.returncode != 0:
        raise SystemExit(f"bench/run: failed ({r.returncode}): {' '.join(argv)}")
    return r, time.time() - t


def text_of(argv):
    try:
        return subprocess.run(argv, capture_output=True, text=True, timeout=60).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def machine():
    cpu = ""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = ""
    try:
        with open("/proc/meminfo") as f:
            kb = int(f.readline().split()[1])
            mem = f"{kb / 1024 / 1024:.1f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    osname = ""
    try:
        with open("/etc/os-release") as f:
            osname = dict(l.rstrip("\n").split("=", 1) for l in f if "=" in l).get(
                "PRETTY_NAME", "").strip('"')
    except OSError:
        pass
    cores = len(os.sched_getaffinity(0))
    return f"{cpu or platform.processor()}, {cores} cores, {mem}; {osname}; Linux {platform.release()}"


def compiler(build):
    cc, bt = "", "?"
    try:
        with open(os.path.join(build, "CMakeCache.txt")) as f:
            for line in f:
                if line.startswith("CMAKE_C_COMPILER:"):
                    cc = line.split("=", 1)[1].strip()
                if line.startswith("CMAKE_BUILD_TYPE:"):
                    bt = line.split("=", 1)[1].strip()
    except OSError:
        pass
    if not cc:
        return "unknown (no CMakeCache.txt)"
    return f"{text_of([cc, '--version']).splitlines()[0]} ({cc}), CMAKE_BUILD_TYPE={bt}"


def commit():
    h = text_of(["git", "-C", ROOT, "rev-parse", "HEAD"])
    dirty = text_of(["git", "-C", ROOT, "status", "--porcelain", "--untracked-files=no"])
    return (h or "unknown") + (" (with uncommitted changes)" if dirty else "")


def versions():
    out = []
    for argv in (["hunspell", "--version"], ["wdiff", "--version"],
                 ["dwdiff", "--version"], ["grep", "--version"], ["hyperfine", "--version"]):
        t = text_of(argv)
        first = t.splitlines()[0] if t else "?"
        out.append(first)
    pk = text_of(["dpkg-query", "-W", "-f", "${Package} ${Version}\\n", "apertium",
                  "apertium-eng-spa", "apertium-eng-cat", "apertium-en-gl", "apertium-eo-en",
                  "aiksaurus", "libaiksaurus-1.2-data", "mythes-en-us",
                  "hunspell-en-us", "debian-handbook"])
    return [v for v in out if v != "?"], pk.splitlines()


def corpus_stamp(args):
    h = hashlib.sha256()
    for d in ("corpus",):
        for name in sorted(os.listdir(os.path.join(HERE, d))):
            if name.endswith(".py"):
                with open(os.path.join(HERE, d, name), "rb") as f:
                    h.update(name.encode() + f.read())
    for p in ("wordlists/function-words.tsv", "wordlists/fingerprints-pps.tsv",
              "wordlists/corpus/package-lock.json"):
        with open(os.path.join(ROOT, p), "rb") as f:
            h.update(f.read())
    h.update(" ".join(args).encode())
    return h.hexdigest()


def numbers_ok(ev):
    """Smoke assertion: every detector row has numeric AUC and artifact
    metrics where they are defined, and unspun's spin rows exist."""
    problems = []
    un = [e for e in ev["evals"] if e["detector"] == "unspun" and e["mode"] == "intrinsic"]
    if not un:
        return ["no unspun intrinsic evaluation"]
    for v in ("spin10", "spin30", "spin50", "mt-spa", "mt-cat"):
        m = un[0]["variants"].get(v)
        if not m:
            problems.append(f"no {v} row")
            continue
        for k in ("auc", "p", "r", "ap", "ar"):
            if not isinstance(m.get(k), (int, float)) and k in ("auc", "r", "ar"):
                problems.append(f"{v}: {k} is not a number")
        if m["docs"] < 1:
            problems.append(f"{v}: no documents scored")
        if m["errors"]:
            problems.append(f"{v}: {m['errors']} scoring errors")
    if not isinstance(un[0]["clean"].get("false_per_1k"), (int, float)):
        problems.append("no false artifacts per 1k words")
    return problems


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build", default=os.path.join(ROOT, "build"), help="CMake build directory")
    ap.add_argument("--no-build", action="store_true", help="use the existing build")
    ap.add_argument("--unspun", help="unspun binary (default BUILD/bin/unspun)")
    ap.add_argument("--work", help="work directory (default BUILD/bench)")
    ap.add_argument("--per-register", type=int, default=40)
    ap.add_argument("--budget", type=float, default=45.0,
                    help="speed: seconds allowed per measurement (default 45)")
    ap.add_argument("--smoke", action="store_true",
                    help="CTest smoke run: tiny corpus, token speed run, results in --work only")
    a = ap.parse_args()
    t_all = time.time()
    build = os.path.abspath(a.build)
    work = os.path.abspath(a.work or os.path.join(build, "bench"))
    exe = os.path.abspath(a.unspun or os.path.join(build, "bin", "unspun"))
    os.makedirs(work, exist_ok=True)
    steps = {}
    py = sys.executable or "python3"

    if not a.no_build:
        jobs = str(len(os.sched_getaffinity(0)))
        _, steps["configure"] = sh(["cmake", "-B", build, "-S", ROOT])
        _, steps["build"] = sh(["cmake", "--build", build, "-j", jobs])
    if not os.access(exe, os.X_OK):
        raise SystemExit(f"bench/run: no unspun binary at {exe} (build first or pass --unspun)")

    per = 1 if a.smoke else a.per_register
    corpus = os.path.join(work, "corpus")
    cargs = ["--node-modules", os.path.join(build, "npm", "node_modules"), "--out", corpus,
             "--per-register", str(per)]
    stamp = corpus_stamp(cargs[2:])
    stamp_file = os.path.join(corpus, "STAMP")
    if os.path.exists(stamp_file) and open(stamp_file).read().strip() == stamp \
            and os.path.exists(os.path.join(corpus, "manifest.jsonl")):
        log("corpus up to date (same builder, lists and arguments)")
        steps["corpus"] = 0.0
    else:
        _, steps["corpus"] = sh([py, os.path.join(HERE, "corpus", "build.py")] + cargs)
        with open(stamp_file, "w") as f:
            f.write(stamp + "\n")
    with open(os.path.join(corpus, "manifest.jsonl"), "rb") as f:
        manifest_sha = hashlib.sha256(f.read()).hexdigest()

    eval_json = os.path.join(work, "eval.json")
    r, steps["accuracy"] = sh([py, os.path.join(HERE, "eval.py"), "--unspun", exe,
                               "--corpus", corpus, "--split", "test", "--peers", "all",
                               "--mode", "both", "--json", eval_json],
                              stdout=subprocess.PIPE, text=True)
    acc_md = r.stdout.strip()
    r, steps["long texts"] = sh([py, os.path.join(HERE, "longtext.py"), "--unspun", exe,
                                 "--corpus", corpus, "--split", "test",
                                 "--json", os.path.join(work, "longtext.json")],
                                stdout=subprocess.PIPE, text=True)
    long_md = r.stdout.strip()
    speed_json = os.path.join(work, "speed.json")
    sargs = [py, os.path.join(HERE, "speed.py"), "--unspun", exe, "--corpus", corpus,
             "--json", speed_json]
    if a.smoke:
        sargs += ["--budget", "3", "--size", "0.01", "--max-scale", "0.01"]
    else:
        sargs += ["--budget", str(a.budget)]
    r, steps["speed"] = sh(sargs, stdout=subprocess.PIPE, text=True)
    speed_md = r.stdout.strip()
    heldout_md = ""
    if not a.smoke:
        r, steps["held-out"] = sh([py, os.path.join(HERE, "heldout.py"), "--unspun", exe,
                                   "--work", os.path.join(work, "heldout")],
                                  stdout=subprocess.PIPE, text=True)
        heldout_md = "\n\n## Held-out check (bench/heldout.py)\n\n" + r.stdout.strip()

    now = datetime.datetime.now(datetime.timezone.utc)
    tools, pkgs = versions()
    command = "python3 bench/run.py" + ("" if not sys.argv[1:] else " " + " ".join(
        shlex.quote(x) for x in sys.argv[1:]))
    total = time.time() - t_all
    head = [f"# unspun benchmark, {now:%Y-%m-%d %H:%M} UTC", "",
            f"- command: `{command}` (total {total / 60:.1f} min: "
            + ", ".join(f"{k} {v:.0f} s" for k, v in steps.items()) + ")",
            f"- commit: {commit()}",
            f"- unspun: `{text_of([exe, '--version']).replace(chr(10), '; ')}`",
            f"- machine: {machine()}",
            f"- compiler: {compiler(build)}",
            f"- corpus: bench/corpus/build.py --per-register {per} --seed 1, manifest sha256 "
            f"{manifest_sha[:16]}; TEST split reported (DEV is for tuning)",
            f"- tools: {'; '.join(tools)}",
            f"- packages: {'; '.join(pkgs)}", ""]
    body = (acc_md + heldout_md + "\n\n## Long texts\n\n" + long_md + "\n\n## Speed\n\n"
            + speed_md + "\n")
    doc = "\n".join(head) + "\n" + body
    if a.smoke:
        out = os.path.join(work, "results.md")
    else:
        os.makedirs(os.path.join(HERE, "results"), exist_ok=True)
        out = os.path.join(HERE, "results", f"{now:%Y-%m-%d}.md")
    with open(out, "w", encoding="utf-8") as f:
        f.write(doc)
    log(f"wrote {out} ({total / 60:.1f} min)")

    if a.smoke:
        with open(eval_json) as f:
            problems = numbers_ok(json.load(f))
        if not re.search(r"\| unspun \| intrinsic \| spin30 \| \d+ \| \d\.\d{3} \|", acc_md):
            problems.append("accuracy table has no numeric unspun spin30 row")
        if not re.search(r"\| clean \| \d+ \| [\d.]+ \| \d+ \| [\d.]+ \| \w+ \|", long_md):
            problems.append("long-text table has no numeric clean row")
        if not re.search(r"\| unspun \| [\d.]+ \| \d+ \| [\d.]+ \| [\d.]+ \| [\d.]+ \|", speed_md):
            problems.append("speed table has no numeric unspun row")
        if problems:
            print("bench smoke test FAILED:\n  " + "\n  ".join(problems), file=sys.stderr)
            return 1
        print(f"bench smoke test passed: {out}")
        return 0

    readme = os.path.join(HERE, "README.md")
    with open(readme, encoding="utf-8") as f:
        text = f.read()
    if BEGIN in text and END in text:
        rel = os.path.relpath(out, HERE)
        block = (f"{BEGIN}\nLatest run: [{rel}]({rel}), {now:%Y-%m-%d}, commit "
                 f"{commit()[:12]}; machine: {machine()}.\n\n"
                 + body.replace("## Accuracy", "### Accuracy")
                 .replace("## Held-out", "### Held-out")
                 .replace("## Long texts", "### Long texts").replace("## Speed", "### Speed")
                 .replace("\n### Single", "\n#### Single").replace("\n### All", "\n#### All")
                 .replace("\n### Start", "\n#### Start").replace("\n### Time", "\n#### Time")
                 .replace("\n### Reference", "\n#### Reference") + f"\n{END}")
        text = text[:text.index(BEGIN)] + block + text[text.index(END) + len(END):]
        with open(readme, "w", encoding="utf-8") as f:
            f.write(text)
        log(f"updated {readme}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
