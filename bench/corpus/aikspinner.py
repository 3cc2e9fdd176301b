"""Substitutes from a thesaurus unspun never reads: Aiksaurus (Moby).

The corpus's spinners draw on MyThes (spinner.py) and WordNet
(wnspinner.py), and unspun's data is built from both, so a spinner that
uses either tests unspun with the dictionaries it knows.  Real spinners use
their own.  This one asks Aiksaurus (Debian's `aiksaurus`, whose data,
libaiksaurus-1.2-data, GPL-2+, is drawn from Grady Ward's Moby Thesaurus)
for each word's meanings: a meaning is a group of words that includes the
word, and the substitutes are the group's other words.  Aiksaurus has no
parts of speech, so every group stands for every part of speech (the
inflections spinner.py applies still need one: an -ing word takes verb
endings).  Everything else is the classic spinner's (spinner.py): which
words are touched, base forms, re-inflection, random meaning, random
substitute, the rates.  Only bench/heldout.py uses it, so that the bench
corpus stays as it was and this stays held out.
"""

import re
import shutil
import subprocess

import spinner

LEMMA = re.compile(r"[a-z][a-z' -]*[a-z]")
POSES = ("noun", "verb", "adj", "adv")


def available():
    return shutil.which("aiksaurus") is not None


def meanings(word):
    """[[substitute, ...], ...]: Aiksaurus's meaning groups for word, each
    without the word itself; [] when it knows none."""
    out = subprocess.run(["aiksaurus", word], capture_output=True, text=True,
                         check=False).stdout
    groups, cur = [], None
    for line in out.splitlines():
        if line.startswith("*** No synonyms known"):
            return []
        if line.startswith("=== "):
            cur = []
            groups.append(cur)
        elif cur is not None and line.strip():
            cur.extend(s.strip() for s in line.split(","))
    groups = [[s for s in g if s != word and LEMMA.fullmatch(s)] for g in groups]
    return [g for g in groups if g]


def load_aiksaurus(texts, function_words):
    """{lemma: [(pos, [substitute, ...]), ...]} in the shape of
    spinner.load_mythes, for the words of texts and their base forms only
    (Aiksaurus is asked one word at a time)."""
    words = {m.group() for t in texts
             for m in spinner.content_words(spinner.WORD.finditer(t), function_words)}
    # and the base forms spinner.analyses may look them up by
    asked = words | {base for w in words for base, _ in spinner.base_candidates(w)}
    th = {}
    for w in sorted(asked):
        groups = meanings(w)
        if groups:
            th[w] = [(pos, g) for g in groups for pos in POSES]
    return th
