#!/bin/bash
# helgrind_scan.sh - a threaded sibling scan under valgrind's helgrind.
#
#   detector/tests/helgrind_scan.sh UNSPUN DATA_FILE FIXTURES_DIR [WORK_DIR]
#
# ThreadSanitizer sees only instrumented code; helgrind sees every load and
# store, in libhunspell, libstemmer and the C library too. The scan is the
# five seed articles plus a copy changed only by US/UK spelling and its
# original (fixtures/ref/002_variants*), in one folder, so that with
# --jobs 2 both workers compare siblings and meet spelling variants: that
# is where the library used to create Hunspell handles on the worker
# threads (issue 12, item 5), and helgrind reported races in libhunspell's
# globals. A second run gives the same files an explicit --ref as well.
#
# No suppression file: the only suppressions used are valgrind's own
# defaults for glibc (helgrind-glibc2X-005). Fails on any helgrind report
# (--error-exitcode) and on output that differs from a run without
# valgrind.
set -eu
[ $# -ge 3 ] || { echo "usage: $0 UNSPUN DATA_FILE FIXTURES_DIR [WORK_DIR]" >&2; exit 2; }
bin=$1 data=$2 fix=$3
work=${4:-$(mktemp -d)}
command -v valgrind >/dev/null || {
    echo "helgrind_scan: valgrind not found (install Debian package valgrind)" >&2
    exit 2
}
rm -rf "$work/seeds"
mkdir -p "$work/seeds"
cp "$fix"/00[0-4]_*.txt "$fix"/ref/002_variants.txt "$fix"/ref/002_variants.ref.txt \
    "$work/seeds/"
status=0
run() { # name, scan arguments...
    local name=$1
    shift
    "$bin" scan --data "$data" --jobs 2 --format jsonl "$@" >"$work/$name.plain" || true
    if valgrind --tool=helgrind --error-exitcode=99 --log-file="$work/$name.log" \
        "$bin" scan --data "$data" --jobs 2 --format jsonl "$@" >"$work/$name.out"; then
        :
    elif [ $? -eq 99 ]; then
        echo "helgrind_scan: $name: helgrind reported errors:" >&2
        head -n 200 "$work/$name.log" >&2
        status=1
    fi
    if ! cmp -s "$work/$name.plain" "$work/$name.out"; then
        echo "helgrind_scan: $name: output under helgrind differs" >&2
        status=1
    fi
    local n
    n=$(wc -l <"$work/$name.out")
    echo "helgrind_scan: $name: $n records," \
        "$(grep -o 'ERROR SUMMARY: [0-9]* errors' "$work/$name.log")"
}
run siblings "$work/seeds"
run siblings-ref --ref "$fix/ref/001_spin.ref.txt" "$work/seeds"
[ $status -eq 0 ] && echo "helgrind_scan: no errors in the threaded sibling scans"
exit $status
