"""Round-trip machine translation with Apertium, and truth spans by alignment.

English -> pivot -> English with the installed Apertium pairs (eng-spa +
spa-eng, eng-cat + cat-eng).  `apertium -u` drops the '*' marks of unknown
words; the '#' (generation) and '@' (transfer) marks that remain are removed
too, since no reader of translated text would see them.  Documents are sent
in one batch per pair, separated by "[DOC n]" lines (square brackets are an
Apertium superblank: passed through untouched).

Truth spans: the output's words are aligned to the original's words with
difflib (lower-cased word sequences, no junk heuristic); every output run
that is not an equal block (a replacement or an insertion) is one truth span,
its original wording the aligned original words.  Deleted original words
leave nothing in the output to point at: each run of them is counted and
also recorded as a deletion point, the output words on either side of the
gap ("the said" where "the police said" lost "police"), where a reader sees
the damage; the manifest keeps these apart from the spans ("deletions").
"""

import difflib
import re
import subprocess

WORDTOK = re.compile(r"[A-Za-z0-9]+(?:['\u2019][A-Za-z]+)*")
SEP = re.compile(r"\s*\[DOC (\d+)\]\s*")


def _pipe(batch, there, back):
    try:
        mid = subprocess.run(["apertium", "-u", there], input=batch, text=True,
                             capture_output=True, check=True).stdout
        return subprocess.run(["apertium", "-u", back], input=mid, text=True,
                              capture_output=True, check=True).stdout
    except FileNotFoundError as e:
        raise SystemExit(f"bench: {e}: apt-get install apertium apertium-eng-spa "
                         "apertium-eng-cat")
    except subprocess.CalledProcessError:
        return None


def _translate(texts, ids, there, back):
    batch = "".join(f"[DOC {i}]\n\n{texts[i]}\n\n" for i in ids)
    out = _pipe(batch, there, back)
    if out is None:
        return None
    parts = SEP.split(out)
    got = {int(parts[k]): parts[k + 1] for k in range(1, len(parts) - 1, 2)}
    return got if all(i in got for i in ids) else None


def _halving(texts, ids, there, back, res):
    got = _translate(texts, ids, there, back)
    if got is not None:
        for i, t in got.items():
            res[i] = tidy(t)
    elif len(ids) > 1:
        half = len(ids) // 2
        _halving(texts, ids[:half], there, back, res)
        _halving(texts, ids[half:], there, back, res)


def round_trip(texts, there, back):
    """Translate each text en->pivot->en; returns the list of outputs, None
    for a text Apertium failed on.  All documents go in one batch; a failed
    batch is halved and retried (the Debian 12 eng-cat pipeline dies on some
    long inputs that it translates fine in pieces)."""
    res = [None] * len(texts)
    _halving(texts, list(range(len(texts))), there, back, res)
    return res


def tidy(text):
    text = re.sub(r"(?<![\w])[#@](?=\w)", "", text)
    lines = [re.sub(r"[ \t]+", " ", l).strip() for l in text.split("\n")]
    text = "\n".join(lines)
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    return text + "\n"


def tokens(text):
    """[(lower word, byte start, byte end)] with UTF-8 byte offsets."""
    b = text.encode("utf-8")
    out = []
    # offsets by characters then converted: keep a running char->byte map
    pos_c, pos_b = 0, 0
    for m in WORDTOK.finditer(text):
        pos_b += len(text[pos_c:m.start()].encode("utf-8"))
        pos_c = m.start()
        s = pos_b
        e = s + len(m.group().encode("utf-8"))
        out.append((m.group().lower().replace("\u2019", "'"), s, e))
    assert not out or out[-1][2] <= len(b)
    return out


def truth_spans(original, output):
    """Changed output spans (see module comment), and stats: the deletion
    count and the deletion points."""
    a = tokens(original)
    b = tokens(output)
    obytes = output.encode("utf-8")
    abytes = original.encode("utf-8")
    sm = difflib.SequenceMatcher(None, [t[0] for t in a], [t[0] for t in b],
                                 autojunk=False)
    spans, dels, deleted = [], [], 0
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            continue
        if j2 == j1:
            deleted += i2 - i1
            lo, hi = max(j1 - 1, 0), min(j1, len(b) - 1)
            if b and lo <= hi:
                s, e = b[lo][1], b[hi][2]
                dels.append({"start": s, "end": e, "text": obytes[s:e].decode("utf-8"),
                             "original": abytes[a[i1][1]:a[i2 - 1][2]].decode("utf-8")})
            continue
        s, e = b[j1][1], b[j2 - 1][2]
        orig = (abytes[a[i1][1]:a[i2 - 1][2]].decode("utf-8")
                if i2 > i1 else "")
        spans.append({"start": s, "end": e,
                      "text": obytes[s:e].decode("utf-8"), "original": orig})
    return spans, {"deleted_words": deleted, "ratio": round(sm.ratio(), 4),
                   "deletions": dels}
