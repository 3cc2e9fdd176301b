#!/bin/sh
# expand-dicts.sh UNMUNCH DICT_DIR OUT - every word form the Hunspell
# dictionaries en_US and en_GB accept, one per line, sorted bytewise (the
# same bytes on every run), for unspun-compile --known.
set -eu
unmunch=$1 dir=$2 out=$3
for d in en_US en_GB; do
    "$unmunch" "$dir/$d.dic" "$dir/$d.aff" 2>/dev/null
done | LC_ALL=C sort -u >"$out.tmp"
mv "$out.tmp" "$out"
