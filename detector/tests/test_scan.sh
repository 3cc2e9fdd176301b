#!/bin/bash
# test_scan.sh - behaviour of `unspun scan`, one case per CTest.
#
#   test_scan.sh CASE UNSPUN DATA FIXTURES WORKDIR
#
# Cases: bad-golden, unreadable, jobs-identical, stdin, parallel, many,
# csv, table, progress, exit-status. Inputs that cannot be committed
# (FIFO, symbolic link loops, devices, unreadable files, huge files) are
# made here, at run time, in WORKDIR/CASE. UNSPUN_UPDATE_GOLDEN=1 rewrites
# fixtures/bad/expected.jsonl. MANY_FILES (default 10000) sets the size of
# the `many` case (100000 for the bench, see bench/bench_scan.sh).
set -u
case_name=$1 UNSPUN=$2 DATA=$3 FIXTURES=$4 WORK=$5
# Optional 6th argument: a wrapper (CMake list, e.g. valgrind;--quiet) for
# the bad-golden run, which CI's valgrind stage runs (label golden).
IFS=';' read -r -a WRAP <<<"${6:-}"
export UNSPUN_DATA=$DATA FIXTURES
. "$(dirname "$0")/cli_case.sh"
case_folder "$WORK"

# The folder of bad inputs: the committed ones plus those made here.
make_bad() {
    mkdir -p bad/sub
    for f in "$FIXTURES"/bad/*; do
        case $(basename "$f") in expected.jsonl | README.md) continue ;; esac
        cp "$f" bad/
    done
    mkfifo bad/fifo                           # would block if opened
    ln -s .. bad/sub/loop                     # a symbolic link loop
    ln -s nowhere bad/dangling                # a broken link
    ln -s self bad/self                       # a link to itself (ELOOP)
    ln -s /dev/null bad/device                # a character device
    ln -s /proc/self/mem bad/io-error         # open works, read fails (EIO)
    head -c 2000000 /dev/zero | tr '\0' 'a' >bad/huge.txt  # over --max-bytes
    python3 - <<'EOF'
sentence = "The council met on Tuesday to discuss the new budget for the schools. "
open("bad/long-line.txt", "w").write(sentence * 5000)  # 350 kB, one line
open("bad/long-word.txt", "w").write(
    "The word is " + "ab" * 100000 + " and that is all there is to say.\n")
EOF
}

# Ordinary documents: the fixture articles and generated English text.
make_docs() {
    mkdir -p seeds
    cp "$FIXTURES"/*.txt seeds/ 2>/dev/null
    python3 - <<'EOF'
import random
rng = random.Random(4)
subjects = ["The council", "The museum", "The team", "Researchers", "The library", "Local residents"]
verbs = ["discussed", "reviewed", "announced", "questioned", "welcomed", "postponed"]
objects = ["the new budget", "the bridge repairs", "a plan for the schools", "the survey results", "the winter opening hours"]
tails = ["on Monday.", "after a long debate.", "despite the storm.", "for the second time this year.", "with some reservations."]
odd = ["counterfeit consciousness", "profound learning", "colossal information", "irregular woodland"]
for i in range(60):
    s = []
    for k in range(rng.randint(8, 40)):
        o = rng.choice(objects) if rng.random() > 0.08 else rng.choice(odd)
        s.append("%s %s %s %s" % (rng.choice(subjects), rng.choice(verbs), o, rng.choice(tails)))
    open("seeds/gen-%02d.txt" % i, "w").write(" ".join(s) + "\n")
EOF
}

case $case_name in
bad-golden)
    make_bad
    ${WRAP[@]+"${WRAP[@]}"} "$UNSPUN" scan --format jsonl --jobs 2 --max-bytes 1M bad \
        >out.jsonl 2>err.txt
    rc=$?
    [ $rc -eq 3 ] || fail "exit status $rc, expected 3 (some inputs not scored): $(tail -5 err.txt)"
    # One record per input, one stderr line per error record.
    inputs=$(find bad -mindepth 1 ! -type d | wc -l)
    [ "$(wc -l <out.jsonl)" -eq "$inputs" ] ||
        fail "$(wc -l <out.jsonl) records for $inputs inputs"
    [ "$(grep -c '"error":' out.jsonl)" -eq "$(wc -l <err.txt)" ] ||
        fail "error records and stderr lines differ"
    want=$FIXTURES/bad/expected.jsonl
    if [ "${UNSPUN_UPDATE_GOLDEN:-}" = 1 ]; then
        cp out.jsonl "$want"
        echo "rewrote $want"
    fi
    diff -u "$want" out.jsonl || fail "output differs from $want"
    ;;

unreadable)
    # Permission errors. Root reads everything, so run as nobody then.
    mkdir -p d/locked
    echo "The bridge stayed open all night while the river rose." >d/ok.txt
    echo "Nobody may read this file about the weather on Monday." >d/secret.txt
    chmod 000 d/secret.txt d/locked
    chmod 755 "$T" d
    run=()
    if [ "$(id -u)" = 0 ]; then
        command -v setpriv >/dev/null || fail "root without setpriv"
        run=(setpriv --reuid=65534 --regid=65534 --clear-groups)
        "${run[@]}" "$UNSPUN" --help >/dev/null 2>&1 ||
            fail "user nobody cannot run $UNSPUN (is the build tree world-readable?)"
    fi
    "${run[@]}" "$UNSPUN" scan --format jsonl --data "$DATA" d >out.jsonl 2>err.txt
    rc=$?
    [ $rc -eq 3 ] || fail "exit status $rc, expected 3"
    grep -qx '{"file":"d/secret.txt","error":"cannot read file: Permission denied"}' out.jsonl ||
        fail "no permission error for the file: $(cat out.jsonl)"
    grep -qx '{"file":"d/locked","error":"cannot read directory: Permission denied"}' out.jsonl ||
        fail "no permission error for the folder: $(cat out.jsonl)"
    grep -q '^{"file":"d/ok.txt","score":' out.jsonl || fail "readable file not scored"
    [ "$(wc -l <err.txt)" -eq 2 ] || fail "expected 2 stderr lines: $(cat err.txt)"
    # unspun score gives the same record and stderr line (issue 12).
    "${run[@]}" "$UNSPUN" score --format json --data "$DATA" d/secret.txt \
        >score.jsonl 2>score.err
    [ $? -eq 2 ] || fail "score: exit status, expected 2"
    cmp score.jsonl <(grep '"d/secret.txt"' out.jsonl) ||
        fail "score and scan records differ: $(cat score.jsonl)"
    cmp score.err <(grep 'd/secret.txt' err.txt) ||
        fail "score and scan stderr differ: $(cat score.err)"
    ;;

jobs-identical)
    make_bad
    make_docs
    for fmt in jsonl csv; do
        for j in 1 2 4; do
            "$UNSPUN" scan --format $fmt --jobs $j --max-bytes 1M bad seeds \
                >out.$fmt.$j 2>err.$fmt.$j
        done
        cmp out.$fmt.1 out.$fmt.2 || fail "$fmt: --jobs 1 and 2 differ"
        cmp out.$fmt.1 out.$fmt.4 || fail "$fmt: --jobs 1 and 4 differ"
        cmp err.$fmt.1 err.$fmt.2 || fail "$fmt: stderr of --jobs 1 and 2 differ"
    done
    # A scan's records are the bytes `unspun score --format json` gives:
    # without references, and with the folder's siblings as references,
    # which is what `score --ref-dir` does with the same folder.
    LC_ALL=C "$UNSPUN" scan --no-siblings --format jsonl seeds >scan.jsonl
    (LC_ALL=C; "$UNSPUN" score --format json seeds/*) >score.jsonl
    cmp scan.jsonl score.jsonl || fail "scan and score records differ"
    LC_ALL=C "$UNSPUN" scan --format jsonl seeds >scan-sib.jsonl
    (LC_ALL=C; "$UNSPUN" score --format json --ref-dir seeds --peers \
        seeds/*) >score-sib.jsonl
    cmp scan-sib.jsonl score-sib.jsonl ||
        fail "scan with siblings and score --ref-dir --peers differ"
    # Sorted by path, whatever the thread count.
    python3 - <<'EOF' || fail "records not sorted by path"
import json
names = [json.loads(l)["file"] for l in open("out.jsonl.2")]
assert names == sorted(names, key=lambda s: s.encode()), names
EOF
    ;;

stdin)
    # Records in, one result per record, in input order.
    python3 - <<'EOF'
import json
recs = []
base = "The council met on Tuesday to discuss the budget for the schools, and members agreed to publish the minutes within a week. "
for i in range(300):
    recs.append(json.dumps({"id": "doc-%03d" % i, "text": base * (1 + i % 7)}))
recs[10] = json.dumps({"id": 10, "text": "Researchers used counterfeit consciousness and profound learning on the survey data, and the results were clear."})
recs[11] = json.dumps({"id": None, "text": "Smile \ud83d\ude00: the caf\u00e9 reopened after the storm, and the owners thanked the neighbours for their patience."}, ensure_ascii=True)
recs[12] = '{"id": "broken", "text": "no end}'
recs[13] = '{"text": "a \\ud800 lone surrogate, then the weather stayed fine and dry for the rest of the week in the town."}'
recs[14] = '   '
recs[15] = '{"id": [1], "text": "x"}'
recs[16] = '{"id": true, "text": "Hello \\u0000 world"}'
open("in.jsonl", "w").write("\n".join(recs) + "\n")
EOF
    "$UNSPUN" scan --stdin --jobs 2 <in.jsonl >out.jsonl 2>err.txt
    rc=$?
    [ $rc -eq 3 ] || fail "exit status $rc, expected 3"
    python3 - <<'EOF' || fail "stdin results wrong"
import json
out = [json.loads(l) for l in open("out.jsonl")]
assert len(out) == 299, len(out)            # the blank line is not a record
files = [o["file"] for o in out]
assert files[:10] == ["doc-%03d" % i for i in range(10)], files[:10]
assert files[10] == "10" and out[10]["verdict"] == "spun", out[10]
assert files[11] is None and "score" in out[11], out[11]
assert out[12] == {"file": None, "error": "malformed JSON Lines record at line 13, byte 34: unterminated string"}, out[12]
assert files[13] is None and "score" in out[13], out[13]
assert out[14]["error"].startswith("malformed JSON Lines record at line 16, byte 8: \"id\" must be"), out[14]
assert out[15] == {"file": "true", "error": "binary input: contains NUL bytes at byte 6"}, out[15]
assert files[16:] == ["doc-%03d" % i for i in range(17, 300)], files[16:20]
EOF
    [ "$(wc -l <err.txt)" -eq 3 ] || fail "expected 3 stderr lines: $(cat err.txt)"
    # The same text through a file and through a record scores the same.
    sed -n 1p in.jsonl | python3 -c 'import json,sys; open("one.txt","w").write(json.loads(sys.stdin.read())["text"])'
    a=$("$UNSPUN" scan --format jsonl one.txt | sed 's/^{"file":"one.txt",//')
    b=$(sed -n 1p out.jsonl | sed 's/^{"file":"doc-000",//')
    [ "$a" = "$b" ] || fail "record and file results differ"
    # A line over the limit (2 x --max-bytes + 64K) is refused unread and
    # the stream goes on; so is a last line without a newline.
    python3 -c 'print("{\"text\": \"" + "word " * 30000 + "\"}"); print("{\"id\": \"next\", \"text\": \"The river rose after the storm.\"}", end="")' >long.jsonl
    "$UNSPUN" scan --stdin --max-bytes 1K <long.jsonl >long.out 2>/dev/null
    [ "$(sed -n 1p long.out)" = '{"file":null,"error":"record too long at line 1 (limit 67584 bytes): skipped"}' ] &&
        sed -n 2p long.out | grep -q '^{"file":"next","score":' &&
        [ "$(wc -l <long.out)" -eq 2 ] || fail "long line: $(cut -c1-200 long.out)"
    # A well-formed record without a text is named by its id (issue 12).
    printf '{"id":"notext"}\n' | "$UNSPUN" scan --stdin >notext.jsonl 2>/dev/null
    [ "$(cat notext.jsonl)" = '{"file":"notext","error":"malformed JSON Lines record at line 1, byte 1: the record has no \"text\" string"}' ] ||
        fail "record without text: $(cat notext.jsonl)"
    # --stdin-paths: one path per line, input order kept.
    printf '%s\n' one.txt missing.txt one.txt >paths.txt
    "$UNSPUN" scan --stdin-paths <paths.txt >p.jsonl 2>/dev/null
    [ $? -eq 3 ] || fail "--stdin-paths exit status"
    [ "$(cut -c1-40 p.jsonl | sed 's/,.*//')" = "$(printf '{"file":"one.txt"\n{"file":"missing.txt"\n{"file":"one.txt"')" ] ||
        fail "--stdin-paths order: $(cat p.jsonl)"
    ;;

parallel)
    # GNU parallel splits a JSON Lines file across processes; -k keeps the
    # order, so the output equals a single-process run byte for byte.
    command -v parallel >/dev/null || fail "GNU parallel is not installed"
    python3 - <<'EOF'
import json, glob
texts = [open(f).read() for f in sorted(glob.glob(__import__("os").environ["FIXTURES"] + "/*.txt"))]
base = "The council met on Tuesday to discuss the budget for the schools. "
recs = []
for i in range(400):
    t = texts[i % len(texts)] if texts and i % 3 == 0 else base * (1 + i % 5)
    recs.append(json.dumps({"id": i, "text": t}))
recs[77] = "not json"
open("in.jsonl", "w").write("\n".join(recs) + "\n")
EOF
    "$UNSPUN" scan --stdin --jobs 1 <in.jsonl >single.jsonl 2>/dev/null
    parallel --will-cite --pipe -k --block 20k -j2 \
        "$UNSPUN" scan --stdin --jobs 1 <in.jsonl >multi.jsonl 2>/dev/null
    [ "$(wc -l <single.jsonl)" -eq 400 ] || fail "single run: $(wc -l <single.jsonl) records"
    # Error records name the line within each chunk: compare the rest.
    grep -v '"error":"malformed' single.jsonl >a
    grep -v '"error":"malformed' multi.jsonl >b
    cmp a b || fail "parallel --pipe output differs from a single process"
    [ "$(wc -l <multi.jsonl)" -eq 400 ] || fail "parallel: $(wc -l <multi.jsonl) records"
    ;;

many)
    # Many small files: exactly one record each, nothing dropped.
    n=${MANY_FILES:-10000}
    python3 - "$n" <<'EOF'
import os, sys
n = int(sys.argv[1])
words = "council budget schools river bridge storm museum library students winter".split()
for i in range(n):
    d = "many/%03d" % (i // 1000)
    if i % 1000 == 0:
        os.makedirs(d, exist_ok=True)
    w = words[i % len(words)]
    with open("%s/%06d.txt" % (d, i), "w") as f:
        f.write("The %s was discussed again on Monday, and the members agreed to meet next week. Item %d.\n" % (w, i))
EOF
    "$UNSPUN" scan --format jsonl many >out.jsonl 2>err.txt
    rc=$?
    [ $rc -eq 0 ] || fail "exit status $rc: $(head -3 err.txt)"
    [ "$(wc -l <out.jsonl)" -eq "$n" ] || fail "$(wc -l <out.jsonl) records for $n files"
    [ "$(cut -d, -f1 out.jsonl | sort -u | wc -l)" -eq "$n" ] || fail "duplicate records"
    ;;

csv)
    make_bad
    "$UNSPUN" scan --format csv --max-bytes 1M bad >out.csv 2>/dev/null
    mkdir -p 'odd,name'
    printf 'The "quoted" river rose after the storm, residents said.\n' >'odd,name/a "b".txt'
    "$UNSPUN" scan --format csv --no-header 'odd,name' >odd.csv
    python3 - <<'EOF' || fail "CSV not RFC 4180 / wrong rows"
import csv, json, subprocess
rows = list(csv.reader(open("out.csv", newline="")))
assert rows[0] == ["file", "score", "verdict", "words", "artifacts", "top_artifacts", "error"], rows[0]
assert all(len(r) == 7 for r in rows), rows
assert open("out.csv", newline="").read().count("\r\n") == len(rows)
errs = [r for r in rows[1:] if r[6]]
assert all(r[1] == r[2] == r[3] == r[4] == "" for r in errs)
assert any(r[6] == "not English text" for r in errs), errs
odd = list(csv.reader(open("odd.csv", newline="")))
assert len(odd) == 1 and odd[0][0] == 'odd,name/a "b".txt', odd
EOF
    ;;

table)
    # The default on a terminal; readable at 80 columns.
    make_docs
    make_bad
    "$UNSPUN" scan --format table --max-bytes 1M seeds bad >out.txt 2>/dev/null
    python3 -c '
import sys
wide = [l for l in open("out.txt", encoding="utf-8").read().split("\n") if len(l) > 80]
sys.exit(len(wide))' || fail "lines wider than 80 columns"
    grep -q '^ SCORE  VERDICT    WORDS  FILE$' out.txt || fail "no header"
    grep -q '^NOT SCORED (' out.txt || fail "errors not listed"
    grep -Eq '^[0-9,]+ files: [0-9]+ spun, [0-9]+ suspect, [0-9]+ clean, [0-9]+ not scored$' out.txt ||
        fail "no summary"
    # Ranked: scores never increase down the table.
    awk '/^ *[0-9]+\.[0-9] /{print $1}' out.txt | sort -s -g -r -c ||
        fail "rows not ranked by score"
    ;;

progress)
    # A bar on stderr when stderr is a terminal, nothing when it is not.
    make_docs
    "$UNSPUN" scan --format jsonl seeds >out.jsonl 2>err.txt
    [ ! -s err.txt ] || fail "stderr not empty without a terminal: $(head -c 200 err.txt)"
    command -v script >/dev/null || fail "script (util-linux) is not installed"
    script -qec "'$UNSPUN' scan --format jsonl seeds >tty.jsonl" tty.txt >/dev/null
    grep -q 'files/s  ETA [0-9]*:[0-9][0-9]' tty.txt || fail "no progress bar on a terminal: $(head -c 300 tty.txt)"
    grep -q "\] $(ls seeds | wc -l)/$(ls seeds | wc -l) files" tty.txt || fail "bar does not reach the total"
    cmp out.jsonl tty.jsonl || fail "the bar changed the output"
    ;;

exit-status)
    mkdir -p ok
    printf 'The council met on Tuesday to discuss the budget for the schools.\n' >ok/a.txt
    printf 'Researchers used counterfeit consciousness and profound learning on the data.\n' >ok/b.txt
    "$UNSPUN" scan --format jsonl ok >/dev/null 2>&1
    [ $? -eq 0 ] || fail "clean scan should exit 0"
    "$UNSPUN" scan --format jsonl --fail-above 50 ok >/dev/null 2>&1
    [ $? -eq 1 ] || fail "--fail-above should exit 1"
    : >ok/empty.txt
    "$UNSPUN" scan --format jsonl ok >/dev/null 2>&1
    [ $? -eq 3 ] || fail "a file not scored should exit 3"
    "$UNSPUN" scan --format jsonl --fail-above 50 ok >/dev/null 2>&1
    [ $? -eq 1 ] || fail "above --fail-above takes precedence over 3"
    "$UNSPUN" scan --format nope ok >/dev/null 2>&1
    [ $? -eq 2 ] || fail "usage error should exit 2"
    "$UNSPUN" scan --data /nonexistent ok >/dev/null 2>&1
    [ $? -eq 2 ] || fail "missing data should exit 2"
    "$UNSPUN" scan --help | grep -q 'Exit status' || fail "--help lacks exit statuses"
    ;;

*)
    fail "unknown case"
    ;;
esac
echo "ok ($case_name)"
