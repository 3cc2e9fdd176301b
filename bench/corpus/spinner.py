"""A classic article spinner: random sense, random synonym, no context.

What the cheap spinners do, on purpose without any intelligence:
  * candidates are lower-case alphabetic content words (capitalised words,
    names, numbers and the function words of wordlists/function-words.tsv
    are never touched; so sentence-initial words are left alone too);
  * the word, or its base form by a few regular rules (-s/-es/-ies,
    -ed/-d/-ied, -ing), is looked up in MyThes (mythes-en-us);
  * one sense is drawn at random among the senses of a fitting part of
    speech, then one synonym at random from that sense (plain synonyms and
    "(similar term)" entries; never antonyms, generic or related terms);
  * the synonym gets the inflection the original had (plural on the last
    word of a noun phrase, verb endings on the first word of a verb phrase);
  * multi-word synonyms are allowed.
The share of content words replaced is the rate (0.1, 0.3, 0.5); when fewer
content words have synonyms than the rate asks for, all of them are replaced.
Every replaced span is recorded in output byte offsets with its original.
"""

import re

import edits

WORD = re.compile(r"[A-Za-z]+(?:['\u2019-][A-Za-z]+)*")
VOWELS = set("aeiou")


def load_function_words(path):
    out = set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            out.add(line.split("\t")[0].strip())
    return out


def load_mythes(path):
    """MyThes .dat -> {headword: [(pos, [synonym, ...]), ...]}."""
    th = {}
    with open(path, encoding="utf-8", errors="replace") as f:
        f.readline()  # encoding line
        while True:
            head = f.readline()
            if not head:
                break
            word, _, n = head.rstrip("\n").rpartition("|")
            senses = []
            for _ in range(int(n)):
                parts = f.readline().rstrip("\n").split("|")
                pos = parts[0].strip("()")
                syns = []
                for p in parts[1:]:
                    if p.endswith("(antonym)") or p.endswith("(generic term)") \
                            or p.endswith("(related term)"):
                        continue
                    p = p.replace(" (similar term)", "").strip()
                    if p and p != word and re.fullmatch(r"[a-z][a-z' -]*[a-z]", p):
                        syns.append(p)
                if syns:
                    senses.append((pos, syns))
            if senses and word.islower():
                th[word] = senses
    return th


# ---- inflection ---------------------------------------------------------------
def _plural(w):
    if re.search(r"(s|x|z|ch|sh)$", w):
        return w + "es"
    if len(w) > 1 and w[-1] == "y" and w[-2] not in VOWELS:
        return w[:-1] + "ies"
    return w + "s"


def _double(w):
    # stop -> stopp(ed): consonant-vowel-consonant, one syllable-ish
    return (len(w) >= 3 and w[-1] not in VOWELS and w[-1] not in "wxy"
            and w[-2] in VOWELS and w[-3] not in VOWELS and len(w) <= 4)


def _past(w):
    if w.endswith("e"):
        return w + "d"
    if len(w) > 1 and w[-1] == "y" and w[-2] not in VOWELS:
        return w[:-1] + "ied"
    if _double(w):
        return w + w[-1] + "ed"
    return w + "ed"


def _ing(w):
    if w.endswith("ie"):
        return w[:-2] + "ying"
    if w.endswith("e") and not w.endswith("ee"):
        return w[:-1] + "ing"
    if _double(w):
        return w + w[-1] + "ing"
    return w + "ing"


def _inflect_phrase(phrase, form, pos):
    words = phrase.split(" ")
    if form == "plural":
        words[-1] = _plural(words[-1])
    elif form == "3sg":
        words[0] = _plural(words[0])
    elif form == "past":
        words[0] = _past(words[0])
    elif form == "ing":
        words[0] = _ing(words[0])
    return " ".join(words)


def base_candidates(word):
    """[(base, suffix)]: the base forms a lower-case word may have by the
    regular rules (-s/-es/-ies, -ed/-d/-ied, -ing), each with the suffix
    class ("s", "ed", "ing") that analyses checks it by."""
    cands = []
    if word.endswith("ies") and len(word) > 4:
        cands.append((word[:-3] + "y", "s"))
    if word.endswith("es") and len(word) > 3:
        cands.append((word[:-2], "s"))
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        cands.append((word[:-1], "s"))
    if word.endswith("ied") and len(word) > 4:
        cands.append((word[:-3] + "y", "ed"))
    if word.endswith("ed") and len(word) > 4:
        cands.append((word[:-2], "ed"))
        cands.append((word[:-1], "ed"))
        if len(word) > 5 and word[-3] == word[-4]:
            cands.append((word[:-3], "ed"))
    if word.endswith("ing") and len(word) > 5:
        cands.append((word[:-3], "ing"))
        cands.append((word[:-3] + "e", "ing"))
        if word[-4] == word[-5]:
            cands.append((word[:-4], "ing"))
    return cands


def analyses(word, th):
    """[(base, form, allowed parts of speech)] for a lower-case word."""
    out = []
    if word in th:
        out.append((word, "base", None))
    for base, suf in base_candidates(word):
        if base not in th or base == word:
            continue
        if suf == "s":
            if _plural(base) == word:
                out.append((base, "plural", {"noun"}))
                out.append((base, "3sg", {"verb"}))
        elif suf == "ed" and _past(base) == word:
            out.append((base, "past", {"verb"}))
        elif suf == "ing" and _ing(base) == word:
            out.append((base, "ing", {"verb"}))
    return out


def substitutes(word, th):
    """All (sense index key, [inflected synonym, ...]) options for word."""
    opts = []
    for base, form, poses in analyses(word, th):
        for pos, syns in th[base]:
            if poses is not None and pos not in poses:
                continue
            inflected = [_inflect_phrase(s, form, pos) for s in syns]
            inflected = [s for s in inflected if s != word]
            if inflected:
                opts.append(inflected)
    return opts


def content_words(words, function_words):
    """The matches of WORD a spinner may touch: lower-case, not function
    words, no apostrophe, three letters or more."""
    return [m for m in words
            if m.group().islower() and m.group() not in function_words
            and "'" not in m.group() and "\u2019" not in m.group()
            and len(m.group()) >= 3]


def spin(text, rate, rng, th, function_words):
    """Return (spun text, spans) with spans in output byte offsets."""
    words = [m for m in WORD.finditer(text)]
    content = content_words(words, function_words)
    options = {}
    for m in content:
        o = substitutes(m.group(), th)
        if o:
            options[m.start()] = o
    want = min(len(options), round(rate * len(content)))
    chosen = set(rng.sample(sorted(options), want)) if want else set()
    reps = []
    for m in words:
        if m.start() not in chosen:
            continue
        senses = options[m.start()]
        sense = senses[rng.randrange(len(senses))]
        reps.append((m, sense[rng.randrange(len(sense))]))
    out, spans = edits.apply(text, reps)
    return out, spans, {"content_words": len(content),
                                 "replaceable": len(options)}
