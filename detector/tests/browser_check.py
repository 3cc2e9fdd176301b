#!/usr/bin/env python3
"""browser_check.py - the HTML reports as a browser builds them.

    browser_check.py --unspun BIN --data FILE --chromium BIN --fixtures DIR
                     --work DIR [--screenshots DIR]

For each case below the report is written with `--format html` and the
same command's JSON with `--format json`/`jsonl`; headless Chromium opens
the page, dumps the DOM it built (--dump-dom) and takes a screenshot. The
checks, on the DOM, not on the bytes:

- every artifact of the JSON is exactly one marked element (class "hl") in
  its document's text pane, in order, with the artifact's text;
- an artifact explained by a reference links to its span in that
  reference's text beside the document, whose text is the reference's
  bytes [start, end), and that span links back;
- a scan has one table row per input and one section per scored input;
- nothing from an input became markup: no element the renderer does not
  write, no event-handler attribute, every link within the page, and no
  script ran (the hostile fixtures' scripts mark the page "data-pwned"
  when they run; a control page with the same payload unescaped shows
  that Chromium does run them here).

--screenshots DIR also writes the screenshots the README points to
(docs/report-*.png). Exit status 1 on any failed check.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from html.parser import HTMLParser

ap = argparse.ArgumentParser()
ap.add_argument("--unspun", required=True)
ap.add_argument("--data", required=True)
ap.add_argument("--chromium", required=True)
ap.add_argument("--fixtures", required=True)
ap.add_argument("--work", required=True)
ap.add_argument("--screenshots")
args = ap.parse_args()
FIX = os.path.abspath(args.fixtures)
args.unspun = os.path.abspath(args.unspun)
args.data = os.path.abspath(args.data)
WORK = os.path.abspath(args.work)
shutil.rmtree(WORK, ignore_errors=True)
os.makedirs(WORK)
failures = []


def fail(case, msg):
    failures.append(f"{case}: {msg}")
    print(f"FAIL {case}: {msg}")


# The elements and attributes render_html.c writes; anything else in the
# DOM came from an input.
TAGS = {"html", "head", "meta", "title", "style", "body", "header", "h1",
        "h2", "h3", "p", "ul", "ol", "li", "span", "main", "section",
        "meter", "table", "caption", "thead", "tbody", "tr", "th", "td",
        "div", "mark", "a", "b", "small", "footer", "code"}
ATTRS = {"lang", "charset", "name", "content", "http-equiv", "class", "id",
         "href", "tabindex", "aria-describedby", "aria-labelledby",
         "aria-label", "data-tip", "min", "max", "low", "high", "optimum",
         "value", "scope"}
CHROME = [args.chromium, "--headless", "--no-sandbox", "--disable-gpu",
          "--disable-quic", "--no-first-run", "--disable-background-networking",
          "--disable-component-update", "--disable-sync", "--hide-scrollbars",
          "--virtual-time-budget=3000"]


def chromium(url, *extra):
    profile = tempfile.mkdtemp(prefix="chromium-", dir=WORK)
    try:
        p = subprocess.run(CHROME + [f"--user-data-dir={profile}", *extra, url],
                           capture_output=True, text=True, timeout=120)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    return p


def dump_dom(path):
    p = chromium("file://" + path, "--dump-dom")
    if p.returncode != 0 or "<html" not in p.stdout:
        raise RuntimeError(f"chromium --dump-dom failed ({p.returncode}): "
                           f"{p.stderr[-500:]}")
    return p.stdout


def screenshot(path, png, size="1280,1600", fragment="", scale=None):
    extra = [f"--screenshot={png}", f"--window-size={size}"]
    if scale:
        extra.append(f"--force-device-scale-factor={scale}")
    p = chromium("file://" + path + fragment, *extra)
    ok = os.path.exists(png) and os.path.getsize(png) > 10000
    with open(png, "rb") if os.path.exists(png) else open(os.devnull, "rb") as f:
        ok = ok and f.read(8) == b"\x89PNG\r\n\x1a\n"
    if not ok:
        raise RuntimeError(f"no screenshot {png}: {p.stderr[-500:]}")


class Node:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent = tag, dict(attrs), parent
        self.children = []  # Nodes and strings

    def text(self):
        return "".join(c if isinstance(c, str) else c.text()
                       for c in self.children)

    def walk(self):
        yield self
        for c in self.children:
            if isinstance(c, Node):
                yield from c.walk()

    def classes(self):
        return (self.attrs.get("class") or "").split()


VOID = {"meta", "br", "img", "input", "link", "hr", "base", "col", "area",
        "embed", "source", "track", "wbr", "param"}


class Tree(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", [], None)
        self.cur = self.root

    def handle_starttag(self, tag, attrs):
        n = Node(tag, attrs, self.cur)
        self.cur.children.append(n)
        if tag not in VOID:
            self.cur = n

    def handle_startendtag(self, tag, attrs):
        self.cur.children.append(Node(tag, attrs, self.cur))

    def handle_endtag(self, tag):
        n = self.cur
        while n is not self.root and n.tag != tag:
            n = n.parent
        if n is not self.root:
            self.cur = n.parent

    def handle_data(self, data):
        self.cur.children.append(data)


def parse(dom):
    t = Tree()
    t.feed(dom)
    t.close()
    return t.root


def norm(s):
    """What an HTML parser makes of line breaks."""
    return s.replace("\r\n", "\n").replace("\r", "\n")


def inert(case, root):
    """Nothing from an input became markup, and no script ran."""
    bad = set()
    for n in root.walk():
        if n is root:
            continue
        if n.tag not in TAGS:
            bad.add(f"element <{n.tag}>")
        for k, v in n.attrs.items():
            if k not in ATTRS:
                bad.add(f"attribute {k} on <{n.tag}>")
            if k == "href" and not (v or "").startswith("#"):
                bad.add(f"link out of the page: {v!r}")
    for b in sorted(bad):
        fail(case, b)
    pwned = [n for n in root.walk() if "data-pwned" in n.attrs]
    if pwned:
        fail(case, "a script from an input ran: data-pwned="
             + pwned[0].attrs["data-pwned"])


def run(cwd, argv, ok=(0,), stdin=None):
    p = subprocess.run([args.unspun, argv[0], "--data", args.data, *argv[1:]],
                       cwd=cwd, capture_output=True, input=stdin)
    if p.returncode not in ok:
        raise RuntimeError(f"unspun {' '.join(argv)}: exit {p.returncode}: "
                           f"{p.stderr.decode(errors='replace')[-500:]}")
    return p.stdout


def check_case(name, cwd, cmd, opts, files=(), ok=(0,), stdin=None):
    """cmd: score or scan; opts: the options but --format; files: inputs."""
    before = len(failures)
    page = os.path.join(WORK, name + ".html")
    html = run(cwd, [cmd, "--format", "html", *opts, *files], ok, stdin)
    with open(page, "wb") as f:
        f.write(html)
    fmt = "json" if cmd == "score" else "jsonl"
    recs = [json.loads(l) for l in
            run(cwd, [cmd, "--format", fmt, *opts, *files], ok, stdin)
            .decode().splitlines()]
    root = parse(dump_dom(page))
    inert(name, root)
    by_id = {n.attrs["id"]: n for n in root.walk() if "id" in n.attrs}
    arts = marked = linked = 0
    for k, rec in enumerate(recs):
        doc = f"d{k + 1}"
        if "error" in rec:
            if cmd == "scan":
                rows = [n for n in root.walk()
                        if n.tag == "tr" and "err" in n.classes()
                        and rec["error"] in n.text()]
                if not rows:
                    fail(name, f"{rec['file']}: no row with its error")
            continue
        pane = by_id.get(doc + "-t")
        if pane is None:
            fail(name, f"{rec['file']}: no section {doc}")
            continue
        hl = [n for n in pane.walk() if "hl" in n.classes()]
        marked += len(hl)
        arts += len(rec["artifacts"])
        if len(hl) != len(rec["artifacts"]):
            fail(name, f"{rec['file']}: {len(rec['artifacts'])} artifacts, "
                       f"{len(hl)} marked elements")
        for i, (a, n) in enumerate(zip(rec["artifacts"], hl)):
            if n.attrs.get("id") != f"{doc}-a{i}" or n.text() != norm(a["text"]):
                fail(name, f"{rec['file']}: artifact {i} {a['text']!r} is "
                           f"marked as {n.text()!r} (id {n.attrs.get('id')})")
            if "reference" not in a:
                continue
            ref = a["reference"]
            href = n.attrs.get("href", "")
            target = by_id.get(href[1:]) if href.startswith("#") else None
            if target is None:
                fail(name, f"{rec['file']}: artifact {i} does not link to "
                           f"its reference")
                continue
            own = f"{doc}-r{ref['index']}-a{i}"
            tid = target.attrs.get("id", "")
            if not tid.startswith(f"{doc}-r{ref['index']}-a"):
                fail(name, f"{rec['file']}: artifact {i} links to {tid}, not "
                           f"to reference {ref['index']}")
            back = target.attrs.get("href", "")
            if tid == own and by_id.get(back[1:]) is not n:
                fail(name, f"{rec['file']}: reference span of artifact {i} "
                           f"does not link back")
            if tid != own and "hl" not in by_id.get(back[1:], Node("", [], None)).classes():
                fail(name, f"{rec['file']}: shared reference span {tid} "
                           f"does not link back to a marked element")
            path = rec["references"][ref["index"]]["path"]
            if path.lower().endswith((".html", ".htm", ".xhtml")):
                # An HTML reference is kept as its text content, which its
                # pane shows whole (--markup auto): the span counts in that.
                shown = norm(target.parent.text()).encode()
                want = shown[ref["start"]:ref["end"]].decode()
            else:
                with open(os.path.join(cwd, path), "rb") as f:
                    want = f.read()[ref["start"]:ref["end"]].decode()
            if tid == own and target.text() != norm(want):
                fail(name, f"{rec['file']}: reference span {target.text()!r}, "
                           f"the reference has {want!r}")
            linked += 1
    if cmd == "scan":
        rank = [n for n in root.walk() if n.tag == "table"
                and "rank" in n.classes()]
        rows = [n for t in rank for n in t.walk() if n.tag == "tr"
                and n.parent.tag == "tbody"]
        if len(rows) != min(len(recs), 200):
            fail(name, f"{len(recs)} inputs, {len(rows)} rows in the ranking")
    png = os.path.join(WORK, name + ".png")
    screenshot(page, png)
    print(f"{'ok' if len(failures) == before else 'FAIL'}: {name}: {len(recs)} record(s), "
          f"{arts} artifacts, {marked} marked elements with their text, "
          f"{linked} linked to a reference and back; no input markup or "
          f"script in the DOM; screenshot {os.path.relpath(png, WORK)}")
    return page


def control():
    """The hostile payload unescaped: its scripts must run here, or the
    checks above prove nothing."""
    page = os.path.join(WORK, "control.html")
    with open(os.path.join(FIX, "html", "hostile.txt"), encoding="utf-8") as f:
        body = f.read()
    with open(page, "w", encoding="utf-8") as f:
        f.write("<!DOCTYPE html><html><body>" + body + "</body></html>")
    root = parse(dump_dom(page))
    ran = [n.attrs["data-pwned"] for n in root.walk() if "data-pwned" in n.attrs]
    if not ran:
        fail("control", "the unescaped payload's scripts did not run: the "
                        "browser would not show an escaping failure")
    else:
        print(f"ok: control: unescaped, the payload's scripts run "
              f"(data-pwned={ran[0]})")


try:
    control()
    seeds = ["000_72a97853bd7d81fd.txt", "001_f905eb775b8b4349.txt",
             "002_322fb44b1aae548c.txt", "003_296e8881fdeba8b7.txt",
             "004_2d0845110708aec0.txt"]
    sib = ["--peers"] + [x for s in seeds if s[:3] != "002"
                         for x in ("--ref", s)]
    alone = check_case("seed-002-alone", FIX, "score", [], [seeds[2]])
    peers = check_case("seed-002-siblings", FIX, "score", sib, [seeds[2]])
    os.makedirs(os.path.join(WORK, "seeds"))
    for s in seeds:
        shutil.copy(os.path.join(FIX, s), os.path.join(WORK, "seeds", s))
    seeds_scan = check_case("scan-seeds", WORK, "scan", ["--jobs", "2"],
                            ["seeds"])
    fixtures_scan = check_case("scan-fixtures", os.path.dirname(FIX), "scan",
                               ["--jobs", "2"], [os.path.basename(FIX)],
                               ok=(0, 3))
    check_case("hostile-ref", os.path.join(FIX, "html"), "score",
               ["--ref", "hostile.ref.txt"], ["hostile.txt"])
    # Hostile names: a file name, and --stdin ids (any bytes).
    os.makedirs(os.path.join(WORK, "names"))
    evil = ("<img src=x onerror=\"document.documentElement.setAttribute("
            "'data-pwned','name')\">.txt")
    shutil.copy(os.path.join(FIX, "html", "hostile.txt"),
                os.path.join(WORK, "names", evil))
    check_case("hostile-name", os.path.join(WORK, "names"), "score", [], [evil])
    with open(os.path.join(FIX, "html", "hostile.txt"), encoding="utf-8") as f:
        text = f.read()
    records = "".join(json.dumps({"id": i, "text": text}) + "\n" for i in (
        "</textarea><script>document.documentElement.setAttribute("
        "'data-pwned','id')</script>",
        "<svg onload=\"document.documentElement.setAttribute('data-pwned',"
        "'svg-id')\">", 42)).encode()
    check_case("hostile-stdin", WORK, "scan", ["--stdin"], stdin=records)

    if args.screenshots:
        # A fragment shows that artifact's tooltip (:target), as hover and
        # keyboard focus do. The windows are taller than the pages, so that
        # the fragment does not scroll them (headless Chromium then paints
        # a blank band where the page scrolled from).
        out = os.path.abspath(args.screenshots)
        os.makedirs(out, exist_ok=True)
        shots = [(alone, "report-002-alone.png", "1280,2400", "#d1-a0", None),
                 (alone, "report-002-alone-phone.png", "390,1000", "", 2),
                 (peers, "report-002-siblings.png", "1280,2000", "#d1-a0",
                  None),
                 (seeds_scan, "report-scan-seeds.png", "1280,1300", "", None),
                 (fixtures_scan, "report-scan-fixtures.png", "1280,1700", "",
                  None)]
        for page, png, size, frag, scale in shots:
            screenshot(page, os.path.join(out, png), size, frag, scale)
        # The same page as a greyscale printout would show it.
        grey = os.path.join(WORK, "seed-002-siblings-grey.html")
        with open(peers, encoding="utf-8") as f:
            g = f.read().replace("</head>", "<style>html{filter:grayscale(1)}"
                                 "</style></head>", 1)
        with open(grey, "w", encoding="utf-8") as f:
            f.write(g)
        screenshot(grey, os.path.join(out, "report-002-siblings-grey.png"),
                   "1280,2000", "#d1-a0")
        print(f"screenshots in {out}")
except (RuntimeError, subprocess.TimeoutExpired) as e:
    fail("run", str(e))

if failures:
    print(f"{len(failures)} failure(s)")
sys.exit(1 if failures else 0)
