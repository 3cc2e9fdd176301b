#!/usr/bin/env python3
"""Filter the Problematic Paper Screener's tortured phrases into
wordlists/fingerprints-pps.tsv.

Inputs (copies kept in shared/data, each described by a SOURCE.md):
  pps-tortured-pairs/tortured-phrases.json   {"tortured", "correct"} pairs
                                             (giladfeldman/torturedcheck)
  pps-tortured-raw/tortured.csv              PPS fingerprint queries with
                                             their expected phrase
                                             (hahuyhoang411/tortured-phrase)

The JSON list is the base.  Its known defects are filtered (see RULES
below: query context clauses taken for tortured phrases, corrections that
contain the tortured phrase, curator notes and question marks, ...), the
corrections are reduced to plain phrases, and plain raw rows that the JSON
lacks are merged in.  The output starts with '#' lines giving the sources,
licence, attribution, the rules and how many entries each rule touched,
followed by one sorted 'tortured<TAB>correct' line per entry, lower case
with single spaces.  The same inputs always give the same bytes.

Exit status: 0 on success, 2 when an input is missing, malformed or not
the copy its SOURCE.md describes.
"""

import argparse
import csv
import hashlib
import json
import os
import re
import sys
import unicodedata
from collections import Counter, OrderedDict

PROG = "pps-filter.py"
HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
DATA = os.path.join(REPO, "..", "shared", "data")

# Hand-made whitelist of the upstream tool (giladfeldman/torturedcheck
# CHANGELOG 0.1.1): PPS entries that are ordinary wording in their domain.
WHITELIST = ("brain organization", "feedback processing",
             "facial expression processing", "malignant growth")

ATTRIBUTION_PAIRS = (
    "Tortured-phrase list from the Problematic Paper Screener "
    "(Cabanac, Labb\u00e9 & Magazinov), via github.com/giladfeldman/torturedcheck.")
ATTRIBUTION_RAW = (
    "Tortured-phrase fingerprints from the Problematic Paper Screener "
    "(Cabanac, Labb\u00e9 & Magazinov), via github.com/hahuyhoang411/tortured-phrase.")


class InputError(Exception):
    """An input file is missing or not what SOURCE.md describes."""


def fail(message):
    """Print one line on stderr and exit with status 2."""
    print(f"{PROG}: {message}", file=sys.stderr)
    sys.exit(2)


# --------------------------------------------------------------------------
# Normalisation

def norm(text):
    """Lower case, NFC, typographic apostrophes and non-breaking spaces and
    hyphens folded, escaping backslashes and double quotes removed, white
    space collapsed."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    text = text.replace("\u2011", "-").replace("\\", "").replace('"', "")
    text = text.replace("\u201c", "").replace("\u201d", "")
    return " ".join(text.lower().split())


def contains(haystack, needle):
    """needle occurs in haystack as whole words (or they are equal)."""
    return re.search(r"(?<![\w-])" + re.escape(needle) + r"(?![\w-])",
                     haystack) is not None


# --------------------------------------------------------------------------
# Raw PPS queries: '"profound learning" AND "deep learning"',
# '"gatherings clustering"~10', '"a" OR "b" AND "c"', '"x" NOT specular'.

_QTOKEN = re.compile(r'"([^"]*)"(~\d+)?|(\()|(\))|([^\s()"]+)')


class Query:
    """The parts of one PPS fingerprint query that matter here."""

    def __init__(self, text):
        self.text = text
        self.first = []       # tortured phrase(s): leading OR alternatives
        self.context = []     # quoted or bare terms after AND / NOT
        self.has_and = self.has_not = False
        self.proximity = self.wildcard = False
        in_context = False
        depth = 0
        for m in _QTOKEN.finditer(text):
            quoted, prox, opened, closed, bare = m.groups()
            if opened:
                depth += 1
            elif closed:
                depth -= 1
            elif bare in ("AND", "ADN", "NOT") and depth == 0:
                in_context = True
                if bare == "NOT":
                    self.has_not = True
                else:
                    self.has_and = True
            elif bare == "OR":
                continue
            else:
                term = norm(quoted if quoted is not None else bare)
                if in_context or depth > 0:
                    self.context.append(term)
                    continue
                if quoted is None:  # a bare word before any operator
                    self.wildcard = True
                self.first.append(term)
                if prox:
                    self.proximity = True
                if "*" in term:
                    self.wildcard = True

    @property
    def plain(self):
        """A standalone phrase query: no context, proximity or wildcard."""
        return not (self.has_and or self.has_not or self.proximity or
                    self.wildcard)


# --------------------------------------------------------------------------
# Corrections

_NOTE = re.compile(r"https?:|\bsee\b|\bnote\b|paraphras|\bthe words?\b|"
                   r"\bcaveat\b|\bcould be either\b|\bas in\b|\be\.g\b|"
                   r"\bi\.e\b|\breferring to\b|\bin this context\b|"
                   r"\bin the context\b|\bpossibly\b|\bunclear\b")
_REFERENCE = re.compile(r"\s*,?\s*\(?\s*see\s+(?:\S+\s+)?https?://\S*\)?\s*$")
_ABBREV = re.compile(r"[a-z0-9][a-z0-9&./-]{0,11}")
_CLEAN = re.compile(r"[^\W_][\w '&+./,\u2013-]*")
_DOUBT = re.compile(r"[(\[][^()\[\]]*\?[^()\[\]]*[)\]]")


def letters(word):
    """Only the letters a-z of word."""
    return re.sub(r"[^a-z]", "", word)


def initials(phrase):
    """'next-generation sequencing' -> 'ngs'."""
    return "".join(w[0] for w in re.split(r"[\s-]+", letters_only(phrase))
                   if w)


def letters_only(text):
    """text without anything but letters a-z, spaces and hyphens."""
    return re.sub(r"[^a-z\s-]", "", text)


def strip_groups(text, counts):
    """Remove (...) and [...] groups, nested ones included, and classify
    them: curator doubt '(?)', abbreviation '(roi)', or clarification
    '(in svm)', '[neural network]'.  When the text outside the groups is a
    single word and a group spells it out ('ngs (next-generation
    sequencing)'), the spelled-out form is kept instead."""
    groups, outside, depth, cur = [], [], 0, []
    for ch in text:
        if ch in "([":
            if depth == 0:
                cur = []
            else:
                cur.append(ch)
            depth += 1
        elif ch in ")]" and depth > 0:
            depth -= 1
            if depth == 0:
                groups.append("".join(cur).strip())
            else:
                cur.append(ch)
        elif depth > 0:
            cur.append(ch)
        else:
            outside.append(ch)
    if depth > 0:  # unclosed group: keep what it held as a group
        groups.append("".join(cur).strip())
    rest = " ".join("".join(outside).split())
    if not groups:
        return rest
    kinds = []
    for g in groups:
        if "?" in g:
            kinds.append("doubt")
        elif _ABBREV.fullmatch(g):
            kinds.append("abbreviation")
        else:
            kinds.append("clarification")
    expansions = [g for g, k in zip(groups, kinds)
                  if k == "clarification" and initials(g) == letters(rest)]
    if len(rest.split()) == 1 and expansions:
        counts["abbreviation replaced by its spelled-out form"] += 1
        return expansions[0]
    for k in set(kinds):
        counts[{"doubt": "curator's '(?)' or '(...?)' removed",
                "abbreviation": "parenthesised abbreviation removed",
                "clarification": "parenthesised or bracketed "
                                 "clarification removed"}[k]] += 1
    return rest


def clean_correction(correct, counts, keep_doubtful):
    """Reduce a correction to a plain phrase.

    Returns (phrase, None) or (None, reason-for-dropping)."""
    c = norm(correct)
    c, n = _REFERENCE.subn("", c)
    if n:
        counts["trailing 'see <url>' reference removed"] += 1
    doubtful = False
    m = _DOUBT.search(c)
    if m:  # 'rythm pattern (?)', 'molar ratio (percentages?)'
        c = c[:m.start()]
        doubtful = True
        counts["curator's '(?)' and what follows removed"] += 1
    c = strip_groups(c, counts)
    if re.search(r"\?\s*$", c) and re.search(r"[^\W_]", c):
        c = re.sub(r"[\s?]+$", "", c)  # 'strengths and weaknesses?'
        doubtful = True
        counts["curator's trailing '?' removed"] += 1
    if not re.search(r"[^\W_]", c):
        return None, ("nothing but '?' (curator unsure)" if "?" in correct
                      else "correction is empty")
    if "?" in c:
        return None, "correction holds '?' inside (curator unsure)"
    if doubtful and not keep_doubtful:
        return None, "correction marked '?' (curator unsure)"
    if _NOTE.search(c):
        return None, "correction is a note, not a phrase"
    c = re.sub(r"\s+([,/])", r"\1", c)
    c = re.sub(r"/\s+", "/", c)
    c = " ".join(c.strip(" ,;:.").split())
    if not c or not _CLEAN.fullmatch(c):
        return None, "correction is not a plain phrase"
    if doubtful:
        counts["kept: the phrase before the curator's '?'"] += 1
    return c, None


# --------------------------------------------------------------------------
# Inputs

def sha256(path):
    """Hex SHA-256 of a file's bytes."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 16), b""):
            h.update(chunk)
    return h.hexdigest()


def source_md(path):
    """The fields of a shared/data SOURCE.md table: {field: value}."""
    fields = {}
    try:
        with open(path, encoding="utf-8") as f:
            for line in f:
                m = re.match(r"\|\s*([^|]+?)\s*\|\s*(.+?)\s*\|\s*$", line)
                if m:
                    fields[m.group(1)] = m.group(2)
    except OSError as e:
        raise InputError(f"cannot read {path}: {e.strerror}")
    return fields


def describe(data_file):
    """Check data_file against the SOURCE.md beside it; return what the
    header needs: repository, path, commit, date, sha256."""
    if not os.path.isfile(data_file):
        raise InputError(f"missing {data_file} (shared/data is copied "
                         f"beside the repository; see its SOURCE.md)")
    md = os.path.join(os.path.dirname(data_file), "SOURCE.md")
    fields = source_md(md)
    digest = sha256(data_file)
    want = re.search(r"[0-9a-f]{64}", fields.get("file", ""))
    if not want:
        raise InputError(f"{md} gives no sha256 for {data_file}")
    if want.group(0) != digest:
        raise InputError(f"{data_file} is not the copy {md} describes "
                         f"(sha256 {digest}); update SOURCE.md first")
    commits = re.findall(r"[0-9a-f]{40}", fields.get("commit", ""))
    dates = re.findall(r"\d{4}-\d{2}-\d{2}", fields.get("commit", ""))
    return {
        "repository": fields.get("repository", "?"),
        "path": fields.get("path in repo", "?").strip("`"),
        "commit": commits[0] if commits else "?",
        "date": dates[-1] if dates else "?",
        "sha256": digest,
    }


def read_pairs(path):
    """The JSON object and its (tortured, correct) pairs, in file order."""
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
        pairs = [(p["tortured"], p["correct"]) for p in data["phrases"]]
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise InputError(f"cannot read {path}: {e}")
    return data, pairs


def read_raw(path):
    """The CSV rows, each with its parsed Query and paper count added."""
    columns = {"tortured_phrase", "expected_phrase", "num_papers"}
    try:
        with open(path, encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f)
            if not columns <= set(reader.fieldnames or ()):
                raise InputError(f"{path}: expected the columns "
                                 f"{', '.join(sorted(columns))}")
            rows = list(reader)
        for r in rows:
            r["query"] = Query(r["tortured_phrase"])
            r["papers"] = int(r["num_papers"].replace(",", "") or 0)
    except (OSError, ValueError, csv.Error) as e:
        raise InputError(f"cannot read {path}: {e}")
    return rows


# --------------------------------------------------------------------------
# The filter

RULES = OrderedDict([
    ("context", "tortured string occurs in the raw queries only as an "
                "AND/NOT/OR context clause, never as the searched phrase"),
    ("whitelist", "upstream whitelist of ordinary domain wording: "
                  + ", ".join(WHITELIST)),
    ("single", "tortured phrase is a single word (meaningful only with "
               "its query context), numbers aside: unspun reads every "
               "number alike, so '128 pieces' would be any number, then "
               "'pieces'"),
    ("correction", "correction unusable (see the reasons below)"),
    ("substring", "tortured phrase and correction are equal or one "
                  "contains the other as whole words"),
])


def non_numbers(phrase):
    """The tokens of `phrase` that unspun's tokenizer does not read as a
    number: a number with what is attached to it ('10g', '512mb', '4.0')
    is one token, as are a word and a punctuation mark."""
    toks = re.findall(r"[0-9]+(?:[.,][0-9]+)*[a-z]*|[a-z][a-z']*|[^\sa-z0-9]",
                      phrase)
    return sum(1 for t in toks if not t[0].isdigit())


def judge(tortured, correct, raw_first, raw_context, counts, reasons,
          keep_doubtful):
    """Apply the rules to one pair; return the cleaned correction, or None
    after counting why the pair was dropped."""
    if tortured in raw_context and tortured not in raw_first:
        counts["context"] += 1
        return None
    if tortured in WHITELIST:
        counts["whitelist"] += 1
        return None
    if len(tortured.split()) < 2 or non_numbers(tortured) < 2:
        counts["single"] += 1
        return None
    c, why = clean_correction(correct, reasons, keep_doubtful)
    if c is None:
        counts["correction"] += 1
        reasons["dropped: " + why] += 1
        return None
    unwrapped = norm(re.sub(r"[()\[\]]", " ", correct))
    if (contains(c, tortured) or contains(tortured, c) or
            contains(unwrapped, tortured)):
        counts["substring"] += 1
        return None
    return c


def build(pairs_path, raw_path, keep_doubtful, drop_and_only=False):
    """Return (header lines, sorted entries)."""
    pairs_info = describe(pairs_path)
    raw_info = describe(raw_path)
    meta, pairs = read_pairs(pairs_path)
    rows = read_raw(raw_path)

    raw_first, raw_context = set(), set()
    raw_plain, raw_and = set(), set()
    for r in rows:
        q = r["query"]
        raw_first.update(q.first)
        raw_context.update(q.context)
        if q.plain:
            raw_plain.update(q.first)
        elif q.has_and:
            raw_and.update(q.first)

    counts = {"json": Counter(), "raw": Counter()}
    reasons = Counter()
    entries = {}
    json_tortured = set()
    and_only_kept = 0
    for tortured, correct in pairs:
        t = norm(tortured)
        json_tortured.add(t)
        c = judge(t, correct, raw_first, raw_context, counts["json"],
                  reasons, keep_doubtful)
        if c is None:
            continue
        if t in raw_and and t not in raw_plain:
            if drop_and_only:
                counts["json"]["and_only"] += 1
                continue
            and_only_kept += 1
        entries[t] = c
        counts["json"]["kept"] += 1

    # Raw rows the JSON lacks: only plain phrase queries are merged; the
    # most-cited row wins when a phrase has several.
    best = {}
    for r in rows:
        q = r["query"]
        for p in q.first:
            if p in json_tortured:
                counts["raw"]["phrase already in the JSON"] += 1
                continue
            if q.has_and or q.has_not:
                counts["raw"]["not merged: AND/NOT context"] += 1
                continue
            if q.proximity or q.wildcard:
                counts["raw"]["not merged: proximity or wildcard query"] += 1
                continue
            if p in best:
                counts["raw"]["not merged: repeated phrase"] += 1
                if r["papers"] <= best[p]["papers"]:
                    continue
            best[p] = r
    for p in sorted(best):
        c = judge(p, best[p]["expected_phrase"], raw_first, raw_context,
                  counts["raw"], reasons, keep_doubtful)
        if c is None:
            continue
        entries[p] = c
        counts["raw"]["kept"] += 1

    header = make_header(meta, pairs, rows, pairs_info, raw_info, counts,
                         reasons, and_only_kept, len(entries), keep_doubtful,
                         drop_and_only)
    return header, sorted(entries.items())


def make_header(meta, pairs, rows, pairs_info, raw_info, counts, reasons,
                and_only_kept, total, keep_doubtful, drop_and_only):
    """The '#' lines: sources, licence, attribution, rules and counts."""
    h = []
    add = h.append
    add("fingerprints-pps.tsv - tortured phrases (machine-paraphrase "
        "fingerprints of research papers) with the established wording "
        "they replace.")
    add("Generated by wordlists/pps-filter.py; do not edit by hand.")
    add("")
    add("Source: Problematic Paper Screener (PPS), tortured-phrases "
        "detector, by G. Cabanac, C. Labb\u00e9 and A. Magazinov,")
    add("  https://dbrech.irit.fr/pls/apex/f?p=9999:5:::NO::: "
        "(concept paper arXiv:2107.06751, 2021).")
    add("Licence: CC BY 4.0 as claimed by the redistributor "
        f"({meta.get('license', '?')!s} in its file); not verified against "
        "the PPS site.")
    add("Attribution: " + ATTRIBUTION_PAIRS)
    add("Attribution: " + ATTRIBUTION_RAW)
    add("")
    add(f"Input 1: {pairs_info['repository']} {pairs_info['path']} "
        f"commit {pairs_info['commit']}")
    add(f"  (MIT repository); data lastUpdated {meta.get('lastUpdated', '?')}, "
        f"{len(pairs)} pairs, sha256 {pairs_info['sha256']}.")
    add(f"Input 2: {raw_info['repository']} {raw_info['path']} "
        f"commit {raw_info['commit']}")
    add(f"  (MIT repository); file last changed {raw_info['date']}, "
        f"{len(rows)} query rows, sha256 {raw_info['sha256']}.")
    add("")
    add("Format: tortured<TAB>correct, one entry per tortured phrase, lower "
        "case, single spaces, typographic")
    add("apostrophes folded to ', sorted by tortured phrase (code point "
        "order).")
    add("")
    add("Rules, applied in this order to every pair (first matching rule "
        "drops it):")
    for i, (key, text) in enumerate(RULES.items(), 1):
        add(f"  {i}. {text}: JSON {counts['json'][key]}, raw "
            f"{counts['raw'][key]}.")
    add("Corrections are reduced to a plain phrase: a trailing 'see <url>' "
        "reference and every")
    add("(...) or [...] group are removed ('region of interest (roi)' -> "
        "'region of interest',")
    add("'supervised [machine] learning' -> 'supervised learning'); a lone "
        "abbreviation followed by its")
    add("spelled-out form becomes that form ('ngs (next-generation "
        "sequencing)'). A curator's '?'")
    if keep_doubtful:
        add("('rythm pattern (?)', 'strengths and weaknesses?') is removed "
            "and the phrase before it kept")
        add("when it is plain; corrections that are only '?' or hold '?' "
            "inside are dropped.")
    else:
        add("('rythm pattern (?)', 'strengths and weaknesses?') drops the "
            "pair (--drop-doubtful).")
    add("Counts (JSON and raw together):")
    for what, n in sorted(reasons.items()):
        add(f"  {what}: {n}")
    add("Merge: raw rows whose searched phrase is missing from the JSON are "
        "added with their expected")
    add("phrase when the query is a plain phrase (alternatives joined by OR "
        "allowed); rows with AND/NOT")
    add("context, proximity (~N) or wildcards are not merged, since a plain "
        "list cannot honour their")
    if drop_and_only:
        add("context. JSON pairs whose phrase the raw export only has with AND "
            "context are dropped too")
        add(f"(--drop-and-only: {counts['json']['and_only']} pairs).")
    else:
        add("context. JSON pairs are kept as the JSON lists them standalone, "
            "even when the raw export")
        add(f"only has the phrase with AND context ({and_only_kept} such "
            "pairs kept; --drop-and-only drops them).")
    for key in sorted(k for k in counts["raw"] if k not in RULES and
                      k != "kept"):
        add(f"  raw: {key}: {counts['raw'][key]}")
    add("")
    add(f"Kept: {counts['json']['kept']} of {len(pairs)} JSON pairs + "
        f"{counts['raw']['kept']} raw rows = {total} entries.")
    return ["#" + (" " + line if line else "") for line in h]


def write(path, header, entries):
    """Write atomically: a temporary file renamed over the target."""
    tmp = f"{path}.tmp{os.getpid()}"
    try:
        with open(tmp, "w", encoding="utf-8", newline="\n") as f:
            for line in header:
                f.write(line + "\n")
            for t, c in entries:
                f.write(f"{t}\t{c}\n")
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def main(argv=None):
    ap = argparse.ArgumentParser(
        prog=PROG,
        description="Filter the Problematic Paper Screener tortured "
        "phrases (shared/data) into wordlists/fingerprints-pps.tsv.",
        epilog="Exit status 2 when an input is missing, malformed or "
        "differs from the copy its SOURCE.md describes.")
    ap.add_argument("pairs", nargs="?", default=os.path.join(
        DATA, "pps-tortured-pairs", "tortured-phrases.json"),
        help="torturedcheck's tortured-phrases.json "
        "(default: ../shared/data/pps-tortured-pairs/tortured-phrases.json "
        "relative to the repository)")
    ap.add_argument("raw", nargs="?", default=os.path.join(
        DATA, "pps-tortured-raw", "tortured.csv"),
        help="the raw PPS export tortured.csv "
        "(default: ../shared/data/pps-tortured-raw/tortured.csv)")
    ap.add_argument("--out", default=os.path.join(HERE, "fingerprints-pps.tsv"),
                    metavar="FILE",
                    help="output (default: wordlists/fingerprints-pps.tsv)")
    ap.add_argument("--drop-doubtful", action="store_true",
                    help="drop pairs whose correction carries a curator's "
                    "'?' instead of keeping the phrase before it")
    ap.add_argument("--drop-and-only", action="store_true",
                    help="also drop JSON pairs whose phrase the raw export "
                    "only searches with an AND context clause")
    ap.add_argument("--stats", action="store_true",
                    help="print the header's rule counts on stderr")
    args = ap.parse_args(argv)
    try:
        header, entries = build(os.path.normpath(args.pairs),
                                os.path.normpath(args.raw),
                                not args.drop_doubtful, args.drop_and_only)
        write(args.out, header, entries)
    except InputError as e:
        fail(str(e))
    except OSError as e:
        fail(f"cannot write {args.out}: {e.strerror}")
    if args.stats:
        for line in header:
            print(line, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
