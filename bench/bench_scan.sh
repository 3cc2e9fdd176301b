#!/bin/bash
# bench_scan.sh - throughput and memory of `unspun scan` (not a CTest:
# speed targets belong to bench/; this is the reproducible measurement
# behind the figures in the scan report).
#
#   bench/bench_scan.sh [BUILD_DIR] [WORK_DIR]
#
# 1. N_ARTICLES (default 10,000) article-sized files (~600 words each,
#    consecutive paragraphs of the build's training text,
#    build/wordlists/corpus.txt: no seed articles, no Brown) scanned with
#    --jobs 1 and --jobs 2: files/s, MB/s, speed-up, peak RSS.
# 2. Peak RSS as the number of (small) files grows 1,000 -> 10,000 ->
#    100,000, plus the record count of each run (must equal the files).
# Needs /usr/bin/time (Debian package time). WORK_DIR defaults to /dev/shm
# so that file creation does not dominate. Making the articles takes about
# a minute (once; they are kept in WORK_DIR); N_ARTICLES=2000 is quicker
# on a shared machine (the rates do not depend on the count).
set -eu
SRC=$(cd "$(dirname "$0")/.." && pwd)
B=${1:-$SRC/build}
W=${2:-/dev/shm/unspun-scan-bench}
U=$B/bin/unspun
export UNSPUN_DATA=$B/share/unspun/unspun.dat
CORPUS=$B/wordlists/corpus.txt
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
mkdir -p "$W"

make_articles() { # DIR COUNT
    python3 - "$1" "$2" "$CORPUS" <<'EOF'
import os, sys
d, n, corpus = sys.argv[1], int(sys.argv[2]), sys.argv[3]
os.makedirs(d, exist_ok=True)
lines = [l for l in open(corpus, encoding="utf-8") if len(l.split()) >= 5]
i = 0
for k in range(n):
    words, paras = 0, []
    while words < 600:
        l = lines[i % len(lines)]
        i += 1
        paras.append(l.strip())
        words += len(l.split())
    sub = os.path.join(d, "%03d" % (k // 1000))
    if k % 1000 == 0:
        os.makedirs(sub, exist_ok=True)
    with open(os.path.join(sub, "%05d.txt" % k), "w", encoding="utf-8") as f:
        f.write("\n\n".join(paras) + "\n")
EOF
}

make_small() { # DIR COUNT
    python3 - "$1" "$2" <<'EOF'
import os, sys
d, n = sys.argv[1], int(sys.argv[2])
words = "council budget schools river bridge storm museum library students winter".split()
for k in range(n):
    sub = os.path.join(d, "%03d" % (k // 1000))
    if k % 1000 == 0:
        os.makedirs(sub, exist_ok=True)
    with open(os.path.join(sub, "%06d.txt" % k), "w") as f:
        f.write("The %s was discussed again on Monday, and the members agreed to meet next week. Item %d.\n" % (words[k % len(words)], k))
EOF
}

run() { # LABEL ARGS... -> prints wall seconds, peak RSS kB, records
    local label=$1
    shift
    /usr/bin/time -f "%e %M" -o "$W/time.txt" "$U" scan --format jsonl "$@" \
        >"$W/out.jsonl" 2>"$W/err.txt" || true
    read -r secs rss <"$W/time.txt"
    recs=$(wc -l <"$W/out.jsonl")
    echo "$label $secs $rss $recs"
}

echo "# unspun scan benchmark: $(date -u +%FT%TZ), commit $(git -C "$SRC" rev-parse --short HEAD)"
echo "# cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores, load: $(cut -d' ' -f1-3 /proc/loadavg)"
N=${N_ARTICLES:-10000}
A=$W/articles-$N
[ -d "$A" ] || make_articles "$A" "$N"
bytes=$(du -sb --apparent-size "$A" | cut -f1)
# The files are in tmpfs: no page-cache warm-up needed. Each run includes
# the process start and data load (under a second), as a user sees it.
echo "## $N articles, $((bytes / 1000000)) MB"
echo "jobs  seconds  files/s  MB/s  peak_RSS_MB  records"
for j in 1 2; do
    read -r _ secs rss recs < <(run "jobs$j" --jobs "$j" "$A")
    awk -v j="$j" -v s="$secs" -v r="$rss" -v n="$recs" -v b="$bytes" 'BEGIN {
        printf "%4d  %7.2f  %7.0f  %4.2f  %11.1f  %7d\n", j, s, n / s, b / 1e6 / s, r / 1024, n }'
    echo "$secs" >"$W/secs.$j"
done
awk -v a="$(cat "$W/secs.1")" -v b="$(cat "$W/secs.2")" 'BEGIN { printf "speed-up jobs 2 / jobs 1: %.2fx\n", a / b }'

echo "## peak RSS by number of small files (--jobs 2)"
echo "files  seconds  peak_RSS_MB  records"
for n in 1000 10000 100000; do
    D=$W/small-$n
    [ -d "$D" ] || make_small "$D" "$n"
    read -r _ secs rss recs < <(run "n$n" --jobs 2 "$D")
    awk -v n="$n" -v s="$secs" -v r="$rss" -v c="$recs" 'BEGIN {
        printf "%6d  %7.2f  %11.1f  %7d\n", n, s, r / 1024, c }'
done
echo "## peak RSS of --stdin by number of records (--jobs 2): constant"
echo "records  seconds  peak_RSS_MB  records_out"
for n in 1000 100000; do
    python3 -c "
import json
for i in range($n):
    print(json.dumps({'id': i, 'text': 'The council met on Monday to discuss item %d of the budget.' % i}))" >"$W/stdin-$n.jsonl"
    /usr/bin/time -f "%e %M" -o "$W/time.txt" "$U" scan --stdin --jobs 2 \
        <"$W/stdin-$n.jsonl" >"$W/out.jsonl" 2>/dev/null || true
    read -r secs rss <"$W/time.txt"
    awk -v n="$n" -v s="$secs" -v r="$rss" -v c="$(wc -l <"$W/out.jsonl")" 'BEGIN {
        printf "%7d  %7.2f  %11.1f  %11d\n", n, s, r / 1024, c }'
done
echo "# remove $W when done"
