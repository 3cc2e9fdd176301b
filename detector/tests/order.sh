#!/bin/bash
# order.sh - a file's record never depends on what else was scored, in what
# order, by which command or on how many threads (issue 12).
#
#   order.sh UNSPUN DATA SRC WORKDIR
#
# The inputs: every fixture (articles, reference pairs, the bad inputs),
# the repository's Markdown documents (real prose full of names, terms and
# acronyms, in several spellings: "JSON", "json"), and inputs that cannot be
# committed (FIFO, dangling link, link loop, device, a read error, a file
# over --max-bytes, a missing file), all in one folder. Each one's record, scored alone by a fresh process, is the
# reference; then every record must be the same bytes when the set is
# scored by one `unspun score` in forward, reverse and shuffled order, by
# `unspun scan --no-siblings` with 1 and 2 threads, by `scan --stdin-paths`
# in the three orders with 1 and 2 threads, and by `scan --stdin` (the text
# files, as records). A scan with siblings may change a record only if the
# record names the references that changed it; its output must not depend
# on the number of threads.
set -u
UNSPUN=$1 DATA=$2 SRC=$3 WORK=$4
export UNSPUN_DATA=$DATA LC_ALL=C
MAX="--max-bytes 1M" # every command, so that one input is over it
rm -rf "$WORK"
mkdir -p "$WORK/all"
cd "$WORK" || exit 1

fail() {
    echo "FAIL (order): $*" >&2
    exit 1
}

# One flat folder; names keep the source's path (a/b.md -> a_b.md).
(cd "$SRC" && git ls-files 2>/dev/null | grep -E '\.md$' ||
    find . -name '*.md' -not -path './build*' | sed 's|^\./||') >md.list
[ -s md.list ] || fail "no Markdown documents under $SRC"
while read -r f; do
    cp "$SRC/$f" "all/${f//\//_}"
done <md.list
for f in "$SRC"/fixtures/*.txt "$SRC"/fixtures/ref/*.txt "$SRC"/fixtures/regress/*; do
    [ -f "$f" ] && cp "$f" "all/fixture_$(basename "$f")"
done
for f in "$SRC"/fixtures/bad/*; do
    case $(basename "$f") in expected.jsonl | README.md) continue ;; esac
    cp "$f" "all/bad_$(basename "$f")"
done
mkfifo all/bad_fifo
ln -s nowhere all/bad_dangling
ln -s bad_self all/bad_self
ln -s /dev/null all/bad_device
ln -s /proc/self/mem all/bad_io-error # opens, then reading fails (EIO)
head -c 1100000 /dev/zero | tr '\0' 'a' >all/bad_huge.txt # over --max-bytes
n=$(ls all | wc -l)
[ "$n" -ge 40 ] || fail "only $n inputs"

ls all | sed 's|^|all/|' >forward.list
tac forward.list >reverse.list
shuf --random-source=<(yes) forward.list >shuffled.list
cmp -s forward.list shuffled.list && fail "shuffle left the order unchanged"

# Alone: one process per file (and a missing file, which only score and
# --stdin-paths can be given).
echo all/missing.txt >>forward.list
echo all/missing.txt >>reverse.list
echo all/missing.txt >>shuffled.list
: >alone.jsonl
while read -r f; do
    "$UNSPUN" score --format json $MAX "$f" >>alone.jsonl 2>/dev/null
done <forward.list
[ "$(wc -l <alone.jsonl)" -eq $((n + 1)) ] ||
    fail "$(wc -l <alone.jsonl) records alone for $((n + 1)) inputs"

run() { # name, command...: records of one run, stderr kept
    local name=$1
    shift
    "$@" >"$name.jsonl" 2>"$name.err"
    echo "$name" >>runs.list
}
: >runs.list
for o in forward reverse shuffled; do
    mapfile -t files <$o.list
    run score-$o "$UNSPUN" score --format json $MAX "${files[@]}"
    for j in 1 2; do
        run paths-$o-j$j "$UNSPUN" scan --format jsonl --jobs $j $MAX \
            --stdin-paths <$o.list
    done
done
for j in 1 2; do
    run scan-j$j "$UNSPUN" scan --format jsonl --no-siblings --jobs $j $MAX all
    "$UNSPUN" scan --format jsonl --jobs $j $MAX all >siblings-j$j.jsonl \
        2>/dev/null
done
# --stdin: the text inputs as records, their ids the paths.
python3 - forward.list >records.jsonl <<'EOF'
import json, os, sys
for p in open(sys.argv[1]).read().split():
    if os.path.isfile(p) and not os.path.islink(p) and not p.endswith(".html"):
        try:
            text = open(p, encoding="utf-8").read()
        except (UnicodeDecodeError, OSError):
            continue
        if "\0" not in text:
            print(json.dumps({"id": p, "text": text}))
EOF
for j in 1 2; do
    run stdin-j$j "$UNSPUN" scan --format jsonl --jobs $j $MAX --stdin \
        <records.jsonl
done

cmp siblings-j1.jsonl siblings-j2.jsonl ||
    fail "a scan with siblings differs between --jobs 1 and --jobs 2"

python3 - <<'EOF' || fail "records depend on what else was scored (see above)"
import json, sys

def records(name):
    out = {}
    for line in open(name + ".jsonl"):
        rec = json.loads(line)
        out.setdefault(rec["file"], []).append(line)
    return out

def brief(line):
    r = json.loads(line)
    if "error" in r:
        return "error %r" % r["error"]
    return "score %s, %d artifacts" % (r["score"], len(r["artifacts"]))

alone = {k: v[0] for k, v in records("alone").items()}
bad = 0
for run in open("runs.list").read().split():
    got = records(run)
    differ = []
    for f, line in alone.items():
        if f not in got:
            if run.startswith("scan-") and f == "all/missing.txt":
                continue  # not in the folder
            if run.startswith("stdin-"):
                continue  # only text files are records
            differ.append("%s: no record" % f)
        elif got[f] != [line]:
            differ.append("%s: alone %s; here %s" % (f, brief(line), brief(got[f][0])))
    extra = set(got) - set(alone)
    differ += ["%s: not an input" % f for f in extra]
    print("%-20s %3d records, %d differ from alone" % (run, sum(map(len, got.values())), len(differ)))
    for d in differ[:10]:
        print("    " + d)
    bad += len(differ)

# With siblings: a record may differ from alone only if it names references.
named = changed = 0
for line in open("siblings-j1.jsonl"):
    r = json.loads(line)
    if r.get("references"):
        named += 1
        continue
    if line != alone.get(r["file"]):
        changed += 1
        print("siblings: %s: alone %s; in the folder %s, no reference named"
              % (r["file"], brief(alone.get(r["file"], "{}")), brief(line)))
print("siblings: %d records name references, %d changed without naming any" % (named, changed))
bad += changed
sys.exit(1 if bad else 0)
EOF
echo "ok (order): $n inputs"
