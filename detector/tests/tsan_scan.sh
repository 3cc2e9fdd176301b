#!/bin/bash
# tsan_scan.sh - run the threaded `unspun scan` cases under ThreadSanitizer.
#
#   detector/tests/tsan_scan.sh [BUILD_DIR] [DATA_FILE]
#
# Builds only the CLI (and libunspun) with -DUNSPUN_SANITIZE=thread in
# BUILD_DIR (default build-tsan next to the sources) and reuses the data
# file of a normal build (default build/share/unspun/unspun.dat), so it
# does not recompile the wordlists. Fails on any TSan report. A full
# `cmake -DUNSPUN_SANITIZE=thread` tree can instead run `ctest -R scan`.
set -eu
SRC=$(cd "$(dirname "$0")/../.." && pwd)
B=${1:-$SRC/build-tsan}
DATA=${2:-$SRC/build/share/unspun/unspun.dat}
[ -f "$DATA" ] || { echo "tsan_scan: no data file $DATA (build first)" >&2; exit 2; }
cmake -S "$SRC" -B "$B" -DUNSPUN_SANITIZE=thread >/dev/null
cmake --build "$B" -j2 --target unspun_cli >/dev/null
W=$B/tsan-work
rm -rf "$W"
mkdir -p "$W"
export TSAN_OPTIONS="halt_on_error=1 log_path=$W/tsan second_deadlock_stack=1"
status=0
for c in jobs-identical stdin parallel bad-golden many; do
    MANY_FILES=2000 bash "$SRC/detector/tests/test_scan.sh" "$c" \
        "$B/bin/unspun" "$DATA" "$SRC/fixtures" "$W" || status=1
done
if ls "$W"/tsan.* >/dev/null 2>&1; then
    cat "$W"/tsan.* >&2
    echo "tsan_scan: ThreadSanitizer reported problems" >&2
    status=1
fi
[ $status -eq 0 ] && echo "tsan_scan: no data races in the threaded scan"
exit $status
