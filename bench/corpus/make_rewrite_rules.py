#!/usr/bin/env python3
"""Write bench/corpus/rewrite-rules.tsv from the plain-language lists that
article spinners invert, plus the function-word rewrites seen in real spun
text.  Run once by hand when the lists change (the bench itself never
downloads anything and reads only the TSV):

    npm pack retext-simplify@8.0.0 wordy-words@1.0.0   # in a scratch folder
    tar xzf ... ; node -e '...patterns...' > retext-simplify.json
    python3 bench/corpus/make_rewrite_rules.py RETEXT_JSON WORDY_INDEX_JSON > bench/corpus/rewrite-rules.tsv

RETEXT_JSON: retext-simplify 8.0.0's lib/patterns.js as [[plain, wordy], ...]
(every `replace` suggestion of every pattern); WORDY_INDEX_JSON:
wordy-words 1.0.0's index.json ({wordy: plain}).  Both lists say "write the
plain wording instead of the wordy one"; a spinner does the opposite, which
is what the rewriter (rewriter.py) does with them.
"""

import json
import re
import sys

PLAIN = re.compile(r"[a-z]+(?: [a-z]+){0,2}")
WORDY = re.compile(r"[a-z]+(?: [a-z]+){0,5}")
# Plain words too common to rewrite wherever they stand: a list rule
# "to" -> "in order to" would touch every infinitive.
TOO_COMMON = {"to", "a", "an", "the", "of", "and", "or", "is", "be", "it", "in", "on",
              "for", "if", "as", "at", "by", "do", "so", "we", "you", "with", "all",
              "can", "may", "must", "will", "not", "no", "this", "that", "these", "there"}

# Function-word and phrase rewrites seen in real spun text, with where.
OBSERVED = [
    ("were said to", "have been stated to", "fixtures/002_322fb44b1aae548c.txt (a real spinner's output): 'have been stated to be' for 'were said to be'"),
    ("was said to", "has been stated to", "fixtures/002_322fb44b1aae548c.txt, the same rewrite in the singular"),
    ("also", "additionally", "fixtures/002_322fb44b1aae548c.txt: 'The campaign additionally included' (the other reports: 'also'); wordy-words 1.0.0 additionally -> also"),
    ("people", "individuals", "issue 16: 'people -> individuals', a rewrite of held-out spinner output"),
    ("because", "due to the fact that", "issue 16; retext-simplify 8.0.0 and wordy-words 1.0.0: 'due to the fact that' -> because"),
]


def main():
    rs = json.load(open(sys.argv[1]))
    ww = json.load(open(sys.argv[2]))
    rules = {}
    for plain, wordy, src in OBSERVED:
        rules.setdefault(plain, []).append((wordy, src))
    pairs = [(p, w, "retext-simplify 8.0.0 (MIT, plainlanguage.gov list)") for p, w in rs]
    pairs += [(p, w, "wordy-words 1.0.0 (CC0-1.0)") for w, p in ww.items()]
    for plain, wordy, src in pairs:
        plain, wordy = plain.strip().lower(), wordy.strip().lower()
        if (not PLAIN.fullmatch(plain) or not WORDY.fullmatch(wordy) or plain == wordy
                or plain in TOO_COMMON or plain in wordy.split()):
            continue
        if any(w == wordy for w, _ in rules.get(plain, [])):
            continue
        rules.setdefault(plain, []).append((wordy, src))
    print("# rewrite-rules.tsv - plain wording -> the wordy wording an article spinner puts")
    print("# for it (the inverse of plain-language lists), one rule per line:")
    print("# plain<TAB>wordy<TAB>source. Written by make_rewrite_rules.py; sources:")
    print("# retext-simplify 8.0.0 lib/patterns.js (MIT, (c) Titus Wormer; its list comes from")
    print("# the US federal plainlanguage.gov word list), wordy-words 1.0.0 index.json (CC0-1.0),")
    print("# and rewrites observed in real spun text (each line says where).")
    for plain in sorted(rules):
        for wordy, src in rules[plain]:
            print(f"{plain}\t{wordy}\t{src}")


if __name__ == "__main__":
    main()
