# cli_case.sh - sourced by the CTest shell scripts of the command line
# (test_scan.sh, test_html_cli.sh, test_restore.sh): each runs one case,
# named in $case_name, in a fresh folder of its own.

# A fresh $T = $1/$case_name, made the working folder unless $2 is "stay".
case_folder() {
    T=$1/$case_name
    rm -rf "$T"
    mkdir -p "$T"
    if [ "${2:-}" != stay ]; then
        cd "$T" || exit 1
    fi
}

# The case fails: one line on stderr, exit 1.
fail() {
    echo "FAIL ($case_name): $*" >&2
    exit 1
}
