"""Apply word replacements to a text and record where they landed."""


def apply(text, replacements):
    """replacements: (match, new) in text order, where match is the re.Match
    of the replaced wording in `text`.  Returns (new text, spans): one span
    per replacement, {"start", "end" (byte offsets in the new text, end
    exclusive), "text" (new), "original" (the replaced wording)}."""
    out, spans, pos, opos = [], [], 0, 0
    for m, new in replacements:
        before = text[pos:m.start()]
        out.append(before)
        opos += len(before.encode("utf-8"))
        nb = len(new.encode("utf-8"))
        spans.append({"start": opos, "end": opos + nb, "text": new,
                      "original": m.group()})
        out.append(new)
        opos += nb
        pos = m.end()
    out.append(text[pos:])
    return "".join(out), spans
