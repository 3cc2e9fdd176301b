"""Fingerprint insertion: known tortured phrases put where their established
wording stood.

For every pair of wordlists/fingerprints-pps.tsv (tortured<TAB>correct) whose
correct wording is a phrase of several words, or a single content word of at
least 4 letters that is not a function word, occurrences of the correct
wording in the clean text (whole words, any case) are candidates.  Up to
`per_doc` of them, drawn at random, are replaced by one of their tortured
forms (drawn at random) -- what a paraphrasing tool that produced the PPS
fingerprints would have written there.  Nothing is inserted where the text
had no such wording: documents with no candidate are left out of this
variant (the manifest build reports how many).
"""

import re

import edits


def load_pairs(path, function_words):
    corr = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or "\t" not in line:
                continue
            tortured, correct = line.rstrip("\n").split("\t")[:2]
            if " " not in correct and (correct in function_words or len(correct) < 4
                                       or not correct.isalpha()):
                continue
            corr.setdefault(correct, []).append(tortured)
    keys = sorted(corr, key=lambda k: (-len(k), k))
    rx = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(k) for k in keys) + r")(?![\w-])",
                    re.I)
    return corr, rx


def insert(text, rng, corr, rx, per_doc=3):
    """Return (text, spans, stats) or (None, [], stats) when nothing fits."""
    cands = list(rx.finditer(text))
    stats = {"candidates": len(cands)}
    if not cands:
        return None, [], stats
    chosen = sorted(rng.sample(range(len(cands)), min(per_doc, len(cands))))
    reps = []
    for k in chosen:
        m = cands[k]
        forms = sorted(corr[m.group().lower()])
        new = forms[rng.randrange(len(forms))]
        if m.group()[0].isupper():
            new = new[0].upper() + new[1:]
        reps.append((m, new))
    out, spans = edits.apply(text, reps)
    return out, spans, stats
