#!/bin/bash
# test_html_cli.sh - `--format html` of the command line, one case per CTest
# (the pages themselves: golden.html.*, unit.render_html, browser.report).
#
#   test_html_cli.sh CASE UNSPUN DATA FIXTURES WORKDIR
#
# Cases:
#   top        a scan of 150 files with --top 5 lists and details the same
#              five files, in the same order, as the full page's first five
#              (the scan keeps only the best-ranked sections in memory while
#              it runs), and says how many it leaves out; html's default
#              is 200
#   score      score --format html of two files and a missing one: one
#              page, a section per file in argument order (the missing one
#              with its error), exit 2, one stderr line; --jobs does not
#              change a scan's page
set -u
case_name=$1 UNSPUN=$2 DATA=$3 FIXTURES=$4 WORK=$5
export UNSPUN_DATA=$DATA
. "$(dirname "$0")/cli_case.sh"
case_folder "$WORK"

# The table rows of a page, one per line, without the footer.
rows() { sed -n '/<tbody>/,/<\/tbody>/p' "$1" | grep '^<tr'; }
sections() { grep -o '<section class="doc" id="d[0-9]*"' "$1" | sed 's/.*id="//; s/"$//'; }

case $case_name in
top)
    mkdir docs
    python3 - "$FIXTURES" <<'EOF'
import glob, os, random, sys
rng = random.Random(14)
texts = [open(f, encoding="utf-8").read() for f in sorted(glob.glob(os.path.join(sys.argv[1], "*.txt")))]
spins = ["counterfeit consciousness", "colossal information", "profound learning"]
for i in range(150):
    t = texts[i % len(texts)]
    # Some tortured phrases at random, so that scores differ.
    extra = " ".join(rng.choice(spins) for _ in range(rng.randrange(4)))
    open(f"docs/{i:03d}.txt", "w", encoding="utf-8").write(
        t + "\nThe study used " + (extra or "plain words") + " again.\n")
EOF
    "$UNSPUN" scan --format html --no-siblings --top 0 docs >all.html ||
        fail "--top 0: exit status $?"
    "$UNSPUN" scan --format html --no-siblings --top 5 docs >five.html ||
        fail "--top 5: exit status $?"
    "$UNSPUN" scan --format html --no-siblings docs >default.html ||
        fail "default: exit status $?"
    [ "$(rows all.html | wc -l)" = 150 ] || fail "--top 0 does not list 150 rows"
    [ "$(rows five.html | wc -l)" = 5 ] || fail "--top 5 does not list 5 rows"
    [ "$(rows default.html | wc -l)" = 150 ] || fail "default does not list 150 rows"
    [ "$(rows all.html | head -5)" = "$(rows five.html)" ] ||
        fail "--top 5 lists other rows than the full ranking's first five"
    [ "$(sections five.html | wc -l)" = 5 ] || fail "--top 5: not 5 sections"
    for id in $(sections five.html); do
        a=$(sed -n "/<section class=\"doc\" id=\"$id\"/,/<\/section>/p" all.html)
        b=$(sed -n "/<section class=\"doc\" id=\"$id\"/,/<\/section>/p" five.html)
        [ -n "$a" ] && [ "$a" = "$b" ] || fail "section $id differs"
    done
    grep -q 'first 5 of the 150 files' five.html || fail "no note on the cap"
    grep -q -- '--top 5 set this limit' five.html || fail "the note does not name --top"
    ! grep -q 'first .* of the' all.html || fail "a note without a cap"
    ;;
score)
    cp "$FIXTURES/100_fingerprint-tortured-phrase.txt" "$FIXTURES/110_clean-prose.txt" .
    "$UNSPUN" score --format html 100_fingerprint-tortured-phrase.txt missing.txt \
        110_clean-prose.txt >page.html 2>err.txt
    rc=$?
    [ "$rc" = 2 ] || fail "exit status $rc, expected 2 (a file could not be scored)"
    [ "$(wc -l <err.txt)" = 1 ] || fail "stderr: $(cat err.txt)"
    grep -q "missing.txt: cannot read file" err.txt || fail "stderr: $(cat err.txt)"
    [ "$(grep -c '<!DOCTYPE html>' page.html)" = 1 ] || fail "not one page"
    [ "$(grep -c '</html>' page.html)" = 1 ] || fail "not one page end"
    [ "$(sections page.html | tr '\n' ' ')" = 'd1 d2 d3 ' ] ||
        fail "sections: $(sections page.html | tr '\n' ' ')"
    grep -q '<section class="doc" id="d2">' page.html || fail "no section for the missing file"
    grep -q 'cannot read file' page.html || fail "the missing file's section has no error"
    grep -q '<title>unspun score' page.html || fail "title of a page of several files"
    "$UNSPUN" scan --format html --jobs 1 "$FIXTURES/ref" | sed '/<footer>/,$d' >j1.html
    "$UNSPUN" scan --format html --jobs 3 "$FIXTURES/ref" | sed '/<footer>/,$d' >j3.html
    cmp -s j1.html j3.html || fail "--jobs changes a scan's page"
    ;;
*)
    fail "no such case"
    ;;
esac
echo "ok: $case_name"
