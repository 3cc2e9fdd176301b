#!/usr/bin/env python3
"""check_man.py - the man page unspun(1) and the program's --help agree.

    check_man.py UNSPUN MANPAGE

For each command (score: `unspun --help`, scan, restore: `unspun CMD
--help`) the options the help defines (the flags at the start of an option
line, before its description) must be exactly those the man page's
"CMD OPTIONS" section defines (the tag lines of its .TP paragraphs); the
commands of the usage lines must be those of the man page's COMMANDS; the
page's version must be the program's; and groff must format the page
without a warning. Each difference is printed; the exit status is 1 if
there is one.
"""
import re
import shutil
import subprocess
import sys

unspun, manpage = sys.argv[1], sys.argv[2]
problems = []


def run(*args):
    return subprocess.run([unspun, *args], capture_output=True, text=True,
                          check=True).stdout


def help_options(text):
    """Flags defined on option lines: "  --name ARG, --other  description"."""
    opts = set()
    for line in text.splitlines():
        if not line.startswith("  --"):
            continue
        head = re.split(r"(?<=\S)\s{2,}", line.strip(), maxsplit=1)[0]
        opts.update(re.findall(r"--[a-z][a-z-]*", head))
    return opts


def man_sections(text):
    sections, name = {}, None
    for line in text.splitlines():
        m = re.match(r'\.SH\s+"?([^"]+)"?', line)
        if m:
            name = m.group(1).strip()
            sections[name] = []
        elif name:
            sections[name].append(line)
    return sections


def man_options(lines):
    """Flags on the tag line of each .TP paragraph."""
    opts = set()
    for i, line in enumerate(lines):
        if line.strip() == ".TP" and i + 1 < len(lines):
            tag = lines[i + 1].replace("\\-", "-")
            opts.update(re.findall(r"--[a-z][a-z-]*", tag))
    return opts


man = open(manpage, encoding="utf-8").read()
sections = man_sections(man)
helps = {"score": run("--help"), "scan": run("scan", "--help"),
         "restore": run("restore", "--help")}
for cmd, text in helps.items():
    want = help_options(text)
    section = cmd.upper() + " OPTIONS"
    if section not in sections:
        problems.append(f"the man page has no section {section}")
        continue
    got = man_options(sections[section])
    if not want:
        problems.append(f"no options found in `{cmd} --help`")
    for o in sorted(want - got):
        problems.append(f"{cmd}: {o} is in --help but not in the man page")
    for o in sorted(got - want):
        problems.append(f"{cmd}: {o} is in the man page but not in --help")
    print(f"{cmd}: {len(want)} options in --help, {len(got)} in the man page")

usage_cmds = set(re.findall(r"^(?:usage:)?\s+unspun (\w+) \[options\]",
                            helps["score"], re.M))
man_cmds = set(re.findall(r"^\.B (\w+)$", "\n".join(sections.get("COMMANDS", [])),
                          re.M))
if usage_cmds != man_cmds:
    problems.append(f"commands: --help has {sorted(usage_cmds)}, "
                    f"the man page {sorted(man_cmds)}")

version = run("--version").split()
th = re.search(r'^\.TH .*"unspun ([^"]+)"', man, re.M)
if not th or len(version) < 2 or th.group(1) != version[1]:
    problems.append(f"version: man page {th.group(1) if th else None}, "
                    f"program {version[1] if len(version) > 1 else None}")

if shutil.which("groff"):
    lint = subprocess.run(["groff", "-man", "-Tutf8", "-ww", "-z", manpage],
                          capture_output=True, text=True)
    if lint.returncode or lint.stderr.strip():
        problems.append("groff: " + lint.stderr.strip())
else:
    problems.append("groff is not installed (Debian groff-base): cannot "
                    "check that the page formats")

for p in problems:
    print("FAIL:", p)
sys.exit(1 if problems else 0)
