#!/bin/bash
# test_restore.sh - `unspun restore`, one case per CTest.
#
#   test_restore.sh CASE UNSPUN DATA FIXTURES WORKDIR [SRC]
#
# Cases:
#   ref-roundtrip  the hand-spun copies of fixtures/ref restored against
#                  their references: 001_spin gives its reference byte for
#                  byte, 004_two-refs the words of its two references, and
#                  each restored text scored again against its references
#                  has no artifact left
#   seed-siblings  seed 002 restored with its four siblings as peers:
#                  scored again the same way, fewer artifacts, lower score
#   bytes          every byte outside the replaced artifacts is the
#                  input's (checked against the JSON's offsets for every
#                  fixture); --min-confidence above every confidence and a
#                  text without artifacts give the input unchanged, one
#                  below the listing threshold replaces weaker swaps too
#   stdin          `restore -` reads standard input, same bytes as a file
#   errors         a missing file, binary input, two files, a bad
#                  --min-confidence: exit 2, one stderr line, no stdout
#   readme         the README's "$ unspun restore ..." example is what the
#                  program prints
set -u
case_name=$1 UNSPUN=$2 DATA=$3 FIXTURES=$4 WORK=$5 SRC=${6:-}
export UNSPUN_DATA=$DATA
. "$(dirname "$0")/cli_case.sh"
case_folder "$WORK" stay

# score FILE ARGS... -> "score count" of `unspun score --format json`.
score_of() {
    "$UNSPUN" score --format json "$@" |
        python3 -c 'import json,sys; d=json.loads(sys.stdin.readline()); print(d["score"], len(d["artifacts"]))'
}

case $case_name in
ref-roundtrip)
    cd "$FIXTURES/ref" || exit 1
    "$UNSPUN" restore --ref 001_spin.ref.txt 001_spin.txt >"$T/001" ||
        fail "001_spin: exit status $?"
    cmp 001_spin.ref.txt "$T/001" ||
        fail "001_spin restored is not its reference byte for byte"
    "$UNSPUN" restore --ref 004_two-refs.ref1.txt --ref 004_two-refs.ref2.txt \
        004_two-refs.txt >"$T/004" || fail "004: exit status $?"
    [ "$(cat 004_two-refs.ref1.txt 004_two-refs.ref2.txt | tr -s ' \n' '\n\n')" = \
      "$(tr -s ' \n' '\n\n' <"$T/004")" ] ||
        fail "004_two-refs restored does not have its references' words"
    for c in 001_spin 003_reordered 004_two-refs; do
        refs=()
        for r in "$c".ref*.txt; do refs+=(--ref "$r"); done
        before=$(score_of "${refs[@]}" "$c.txt")
        "$UNSPUN" restore "${refs[@]}" "$c.txt" >"$T/$c.txt" ||
            fail "$c: exit status $?"
        after=$(score_of "${refs[@]}" "$T/$c.txt")
        echo "$c: score and artifacts before ($before), restored ($after)"
        [ "${after#* }" = 0 ] || fail "$c: restored text still has artifacts ($after)"
        [ "${before#* }" != 0 ] || fail "$c: the fixture has no artifacts to restore"
    done
    ;;
seed-siblings)
    cd "$FIXTURES" || exit 1
    sib=(--peers --ref 000_72a97853bd7d81fd.txt --ref 001_f905eb775b8b4349.txt
         --ref 003_296e8881fdeba8b7.txt --ref 004_2d0845110708aec0.txt)
    before=$(score_of "${sib[@]}" 002_322fb44b1aae548c.txt)
    "$UNSPUN" restore "${sib[@]}" 002_322fb44b1aae548c.txt >"$T/002.txt" ||
        fail "exit status $?"
    after=$(score_of "${sib[@]}" "$T/002.txt")
    echo "002 with its siblings: before ($before), restored ($after)"
    python3 - "$before" "$after" <<'EOF' || fail "restoring did not lower the damage"
import sys
(bs, bn), (as_, an) = (map(float, x.split()) for x in sys.argv[1:3])
sys.exit(0 if bn > 0 and an < bn and as_ < bs else 1)
EOF
    ;;
bytes)
    cd "$FIXTURES" || exit 1
    for f in *.txt ref/*.txt html/*.txt; do
        "$UNSPUN" restore "$f" >"$T/out" || fail "$f: exit status $?"
        "$UNSPUN" score --format json "$f" >"$T/json" || fail "$f: score failed"
        python3 - "$f" "$T/out" "$T/json" <<'EOF' || fail "$f: bytes outside the artifacts changed"
import json, sys
src = open(sys.argv[1], "rb").read()
out = open(sys.argv[2], "rb").read()
arts = [a for a in json.load(open(sys.argv[3]))["artifacts"] if a["suggestion"] is not None]
# Walk the input: between artifacts the bytes must be equal; each
# replaced artifact's place holds its suggestion, up to case.
pos = opos = 0
for a in arts:
    gap = src[pos:a["start"]]
    if out[opos:opos + len(gap)] != gap:
        sys.exit(f"differs before byte {a['start']}")
    opos += len(gap)
    sugg = a["suggestion"].encode()
    if out[opos:opos + len(sugg)].lower() == sugg.lower():
        opos += len(sugg)
    else:  # an inflected tortured phrase: its last word grows a suffix
        stem = sugg[:-1].lower()
        if not out[opos:].lower().startswith(stem):
            sys.exit(f"no suggestion {a['suggestion']!r} at byte {a['start']}")
        opos += len(stem)
        while opos < len(out) and chr(out[opos]).isalpha():
            opos += 1
    pos = a["end"]
if out[opos:] != src[pos:]:
    sys.exit("differs after the last artifact")
EOF
        "$UNSPUN" restore --min-confidence 1 "$f" | cmp -s - "$f" ||
            fail "$f: --min-confidence 1 changed the text"
    done
    "$UNSPUN" score --format json 111_clean-letter.txt | grep -q '"artifacts":\[\]' ||
        fail "111_clean-letter.txt is expected to have no artifacts"
    "$UNSPUN" restore 111_clean-letter.txt | cmp -s - 111_clean-letter.txt ||
        fail "a text without artifacts changed"
    # --min-confidence below the listing threshold replaces weaker swaps
    # too: 101's swap is weak evidence in a text of 27 words
    "$UNSPUN" restore 101_synonym-swap.txt | cmp -s - 101_synonym-swap.txt ||
        fail "101_synonym-swap.txt: restored at the default threshold"
    "$UNSPUN" restore --min-confidence 0.2 101_synonym-swap.txt >"$T/weak" ||
        fail "--min-confidence 0.2: exit status $?"
    ! cmp -s "$T/weak" 101_synonym-swap.txt ||
        fail "--min-confidence 0.2 replaced nothing in 101_synonym-swap.txt"
    ;;
stdin)
    cd "$FIXTURES" || exit 1
    "$UNSPUN" restore 100_fingerprint-tortured-phrase.txt >"$T/file" || fail "file"
    "$UNSPUN" restore - <100_fingerprint-tortured-phrase.txt >"$T/stdin" || fail "stdin"
    cmp "$T/file" "$T/stdin" || fail "standard input and file differ"
    grep -q "artificial intelligence" "$T/file" || fail "the tortured phrase was not restored"
    ! grep -q "counterfeit consciousness" "$T/file" || fail "the tortured phrase is still there"
    ;;
errors)
    cd "$FIXTURES" || exit 1
    check() { # want-rc, stderr regex, args...
        local want=$1 re=$2
        shift 2
        "$UNSPUN" restore "$@" >"$T/out" 2>"$T/err"
        local rc=$?
        [ "$rc" = "$want" ] || fail "restore $*: exit status $rc, expected $want"
        [ ! -s "$T/out" ] || fail "restore $*: wrote to standard output"
        grep -Eq -e "$re" "$T/err" || fail "restore $*: stderr $(cat "$T/err")"
        [ "$(grep -c '^unspun: ' "$T/err")" = 1 ] || fail "restore $*: not one message: $(cat "$T/err")"
    }
    check 2 "no-such.txt: cannot read file: No such file or directory" no-such.txt
    check 2 "image.png: binary input" bad/image.png
    check 2 "latin1.txt: invalid UTF-8, likely Windows-1252 .* at byte 7" bad/latin1.txt
    check 2 "restore takes one FILE" 000_72a97853bd7d81fd.txt 001_f905eb775b8b4349.txt
    check 2 "--min-confidence needs a number between 0 and 1" --min-confidence 2 000_72a97853bd7d81fd.txt
    check 2 "restore needs a FILE" --quotes
    check 2 "unknown option '--bogus'" --bogus x.txt
    ;;
readme)
    [ -n "$SRC" ] || fail "no source directory given"
    cd "$SRC" || exit 1
    python3 - "$UNSPUN" <<'EOF' || fail "README example differs"
import re, shlex, subprocess, sys
md = open("README.md", encoding="utf-8").read()
m = re.search(r"\n\$ unspun restore ([^\n]*)\n([^`]*)```", md)
if not m:
    sys.exit("README.md has no '$ unspun restore ...' example block")
got = subprocess.run([sys.argv[1], "restore", *shlex.split(m.group(1))],
                     capture_output=True, text=True, check=True).stdout
if got != m.group(2):
    sys.exit(f"README shows:\n{m.group(2)}\nthe program prints:\n{got}")
print("ok: README.md's restore example is the program's output")
EOF
    ;;
*)
    fail "no such case"
    ;;
esac
echo "ok: $case_name"
