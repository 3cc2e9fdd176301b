"""A looser spinner: substitutes from every WordNet relation, not MyThes.

Real spinners draw on synonym dictionaries far larger and looser than
MyThes.  This one takes its substitutes from WordNet 3.0 (Debian's
wordnet-base): for a word's sense (a synset) the substitutes are the
synset's other words and the words of every synset it points to, by any
relation but antonymy (hypernyms and hyponyms, similar-to, also-see, verb
groups, entailments and causes, meronyms and holonyms, attributes,
derivationally related forms, pertainyms, participles, domains).  So
"road" may become "thoroughfare" (hypernym), "highway" (hyponym) or
"roadway"; "quick" may become "speedy" or "fast".  Everything else is the
classic spinner's (spinner.py): which words are touched, base forms,
re-inflection, random sense, random substitute, the rates.
"""

import os
import re

POS = {"noun": "n", "verb": "v", "adj": "a", "adv": "r"}
NAMES = {"n": "noun", "v": "verb", "a": "adj", "s": "adj", "r": "adv"}
LEMMA = re.compile(r"[a-z][a-z' -]*[a-z]")


def _synsets(path):
    """{offset: (pos letter, [words], [(pointer, pos letter, offset)])} of
    one data.* file."""
    out = {}
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            if line.startswith(" "):
                continue
            head = line.split("|")[0].split()
            off, ss_type, nw = head[0], head[2], int(head[3], 16)
            words = [head[4 + 2 * i].replace("_", " ") for i in range(nw)]
            words = [re.sub(r"\(.*\)$", "", w) for w in words]
            k = 4 + 2 * nw
            np = int(head[k])
            ptrs = []
            for i in range(np):
                sym, poff, ppos = head[k + 1 + 4 * i: k + 4 + 4 * i]
                ptrs.append((sym, ppos, poff))
            out[(ss_type if ss_type != "s" else "a", off)] = (words, ptrs)
    return out


def load_wordnet(d):
    """{lemma: [(pos name, [substitute, ...]), ...]} in the shape of
    spinner.load_mythes, one entry per synset of the lemma."""
    syn = {}
    for name in ("noun", "verb", "adj", "adv"):
        syn.update(_synsets(os.path.join(d, "data." + name)))
    th = {}
    for (pos, off), (words, ptrs) in sorted(syn.items()):
        subs = [w for w in words]
        for sym, ppos, poff in ptrs:
            if sym == "!":  # antonym
                continue
            other = syn.get((ppos if ppos != "s" else "a", poff))
            if other:
                subs.extend(other[0])
        for w in words:
            if not LEMMA.fullmatch(w):
                continue
            cands = sorted({s for s in subs if s != w and LEMMA.fullmatch(s)})
            if cands:
                th.setdefault(w, []).append((NAMES[pos], cands))
    return th
