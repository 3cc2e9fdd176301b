"""Sentence splitting for the text pipelines of this repository: the
training text (wordlists/corpus/build-corpus.py) and the benchmark corpus
(bench/corpus/sources.py) cut running text into sentences the same way.

A small rule set, no model: a '.', '!' or '?' (plus closing quotes or
brackets) followed by white space and an upper-case letter or digit ends a
sentence, unless the word before a '.' is a known abbreviation, a single
letter (an initial) or a dotted abbreviation ("u.s.a", "a.k.a")."""

import re

# Words after which a full stop does not end a sentence (lower case, without
# the final dot).  Single letters (initials) are handled separately.
ABBREVIATIONS = frozenset("""
    mr mrs ms messrs mme mlle dr st jr sr gen col capt maj lt sgt cmdr adm
    gov sen rep reps hon rev prof pres supt esq no nos vs viz etc cf al ibid
    e.g i.e a.m p.m u.s u.n u.k d.c u.s.a n.y inc co corp ltd bros dept
    jan feb mar apr jun jul aug sep sept oct nov dec mt ft fig figs vol vols
    pp ch chap sec art arts esp fr gr lat obs ca approx dist
    """.split())
_BOUNDARY = re.compile(r"[.!?]+[\"'\u201d\u2019)\]]*\s+(?=[\"'\u201c\u2018(\[]*[A-Z0-9])")
_LAST_WORD = re.compile(r"(\S+)$")
_DOTTED = re.compile(r"(?:[a-z]\.)+[a-z]")


def sentences(text):
    """The sentences of running text, stripped, in order (see the module's
    comment for the rules)."""
    out = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        head = text[start:m.start()]
        if text[m.start()] == ".":
            w = _LAST_WORD.search(head)
            word = w.group(1).lstrip("\"'(\u201c\u2018[").lower() if w else ""
            if word in ABBREVIATIONS or (len(word) == 1 and word.isalpha()) \
                    or _DOTTED.fullmatch(word):
                continue
        piece = text[start:m.end()].strip()
        if piece:
            out.append(piece)
        start = m.end()
    tail = text[start:].strip()
    if tail:
        out.append(tail)
    return out
