"""A phrase and function-word rewriter: what article spinners do besides
swapping single words from a thesaurus.

Spinners ("rewriters") pad plain wording into officialese: "also" ->
"additionally", "because" -> "due to the fact that", "people" ->
"individuals", "were said to" -> "have been stated to".  Plain-language
word lists say the opposite ("write 'because', not 'due to the fact that'"),
so their rules, inverted, are a spinner's rules.  The rules are
bench/corpus/rewrite-rules.tsv (plain, wordy, source), made by
make_rewrite_rules.py from retext-simplify 8.0.0 (whose list is the US
federal plainlanguage.gov word list) and wordy-words 1.0.0, plus the
rewrites seen in real spun text, each line citing where.

Every lower-case occurrence of a rule's plain wording (longest match first,
whole words, not overlapping) is a candidate; a share of them (the rate,
seeded) is rewritten, each with one of its rule's wordy forms at random.
Truth spans: each rewritten output span, with the plain wording it replaced.
"""

import re

import edits


def load_rules(path):
    """{plain: [wordy, ...]} from rewrite-rules.tsv."""
    rules = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            plain, wordy, _src = line.rstrip("\n").split("\t")
            rules.setdefault(plain, []).append(wordy)
    return rules


def compile_rules(rules):
    """One regular expression for every plain wording, longest first."""
    alts = sorted(rules, key=lambda p: (-len(p), p))
    return re.compile(r"(?<![A-Za-z'\u2019-])(?:" + "|".join(re.escape(p) for p in alts)
                      + r")(?![A-Za-z'\u2019-])")


def rewrite(text, rate, rng, rules, rx):
    """Return (rewritten text, spans, stats)."""
    cands = list(rx.finditer(text))
    want = round(rate * len(cands))
    chosen = sorted(rng.sample(range(len(cands)), want)) if want else []
    reps = []
    for i in chosen:
        m = cands[i]
        forms = rules[m.group()]
        reps.append((m, forms[rng.randrange(len(forms))]))
    out, spans = edits.apply(text, reps)
    return out, spans, {"candidates": len(cands), "rewritten": len(reps)}
