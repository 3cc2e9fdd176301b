/* render_html.c - the report as one self-contained HTML page.
 *
 * A person decides by looking, so the page shows the document itself with
 * every artifact marked, and, in reference mode, the reference beside it.
 * Choices, and why:
 * - No script at all: hover and keyboard focus show the tooltips through
 *   CSS (`::after { content: attr(data-tip) }`), links do the navigation.
 *   A Content-Security-Policy without script-src then makes any script
 *   that escaping failed to neutralise inert as well (defence in depth).
 * - Kinds differ by hue *and* underline style (double, solid, wavy,
 *   dotted, dashed): the Okabe-Ito hues stay apart under the common
 *   colour-vision deficiencies, the styles survive greyscale printing.
 * - Text is shown with `white-space: pre-wrap` exactly as given, so the
 *   DOM text of every mark is the artifact's `text` (the browser test
 *   checks that) and line breaks need no markup.
 * - Each document's element ids carry its number (d7-a3), so sections
 *   rendered on different threads can be concatenated into one page.
 * - Nothing varies between runs (no dates, no addresses of objects). */
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "error.h"
#include "refset.h"
#include "result.h"

/* ---- Escaping ------------------------------------------------------------ */

/* Length of the valid UTF-8 sequence at s[0..n), or 0. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    size_t len;
    unsigned lo = 0x80, hi = 0xBF;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        len = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        if (c == 0xE0)
            lo = 0xA0; /* overlong */
        else if (c == 0xED)
            hi = 0x9F; /* surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F;
    } else
        return 0;
    if (len > n)
        return 0;
    if (s[1] < lo || s[1] > hi)
        return 0;
    for (size_t k = 2; k < len; k++)
        if ((s[k] & 0xC0) != 0x80)
            return 0;
    return len;
}

/* Append n bytes as HTML text or attribute value: the five markup
 * characters as references, invalid UTF-8 as U+FFFD, C0 controls other
 * than tab and line breaks (and DEL) as their Control Pictures. */
static void put_html(us_buf *b, const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t run = 0, i = 0;
    while (i < n) {
        unsigned char c = u[i];
        const char *rep = NULL;
        char pic[3];
        size_t adv = 1, rl = 0;
        if (c == '&')
            rep = "&amp;";
        else if (c == '<')
            rep = "&lt;";
        else if (c == '>')
            rep = "&gt;";
        else if (c == '"')
            rep = "&quot;";
        else if (c == '\'')
            rep = "&#39;";
        else if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') ||
                 c == 0x7f) {
            /* U+2400 + c, and U+2421 for DEL */
            pic[0] = (char)0xE2;
            pic[1] = (char)0x90;
            pic[2] = (char)(c == 0x7f ? 0xA1 : 0x80 + c);
            rep = pic;
            rl = 3;
        } else if (c >= 0x80) {
            adv = utf8_len(u + i, n - i);
            if (!adv) {
                rep = "\xEF\xBF\xBD";
                adv = 1;
            }
        }
        if (rep) {
            us_buf_put(b, s + run, i - run);
            us_buf_put(b, rep, rl ? rl : strlen(rep));
            run = i + adv;
        }
        i += adv;
    }
    us_buf_put(b, s + run, n - run);
}

static void put_html_str(us_buf *b, const char *s)
{
    if (s)
        put_html(b, s, strlen(s));
}

/* The error text of unspun_render_error_json. */
static void put_error_text(us_buf *b, const unspun_error *err)
{
    put_html_str(b, us_error_message(err));
    us_error_where(b, err);
}

/* ---- Page ---------------------------------------------------------------- */

/* Colours: Okabe & Ito (2008), "Color Universal Design". */
static const char css[] =
    ":root{--fg:#1b1b1f;--muted:#5b5b66;--rule:#d4d4dc;--bg:#fff;"
    "--fp:#D55E00;--syn:#0072B2;--col:#E69F00;--unk:#CC79A7;--fw:#009E73;"
    "--rw:#56B4E9}\n"
    "*{box-sizing:border-box}\n"
    "html{-webkit-text-size-adjust:100%;text-size-adjust:100%}\n"
    "body{margin:0 auto;max-width:78rem;padding:1rem;color:var(--fg);"
    "background:var(--bg);font:1rem/1.5 system-ui,-apple-system,'Segoe UI',"
    "Roboto,'DejaVu Sans',sans-serif}\n"
    "h1{font-size:1.45rem;margin:.2rem 0 .4rem;overflow-wrap:anywhere}\n"
    "h2{font-size:1.2rem;margin:0 0 .3rem;overflow-wrap:anywhere}\n"
    "h3{font-size:1rem;margin:.8rem 0 .3rem;overflow-wrap:anywhere}\n"
    "a{color:#0a4f8a}\n"
    "header.top p{margin:.2rem 0;color:var(--muted)}\n"
    ".legend{display:flex;flex-wrap:wrap;gap:.3rem 1rem;list-style:none;"
    "padding:.4rem 0;margin:0;font-size:.9rem}\n"
    ".legend .chip{white-space:nowrap}\n"
    "section.doc,section.ranking{border-top:2px solid var(--rule);"
    "margin-top:1.2rem;padding-top:.8rem}\n"
    ".sum{margin:.2rem 0 .6rem;font-size:1.05rem}\n"
    ".sum meter{width:8rem;vertical-align:middle}\n"
    ".score{font-size:1.5rem;font-weight:700}\n"
    ".v{display:inline-block;border:2px solid;border-radius:.3rem;"
    "padding:0 .35rem;font-weight:600;line-height:1.35}\n"
    ".v-clean{color:#00583f;border-color:#009E73;background:#dcf2ea}\n"
    ".v-suspect{color:#6b4700;border-color:#E69F00;background:#fcefd2}\n"
    ".v-spun{color:#8a3300;border-color:#D55E00;background:#fbe1cf}\n"
    ".v-err{color:#444;border-color:#888;background:#eee;"
    "border-style:dashed}\n"
    /* Artifacts: hue + underline style; k-* also styles legend chips. */
    ".hl,.chip{color:inherit;text-decoration-line:underline;"
    "text-decoration-thickness:2px;text-underline-offset:.22em;"
    "text-decoration-skip-ink:none;border-radius:.15em;"
    "-webkit-print-color-adjust:exact;print-color-adjust:exact}\n"
    ".k-fingerprint{text-decoration-style:double;"
    "text-decoration-color:var(--fp);background:rgba(213,94,0,.17)}\n"
    ".k-synonym{text-decoration-style:solid;"
    "text-decoration-color:var(--syn);background:rgba(0,114,178,.15)}\n"
    ".k-collocation{text-decoration-style:wavy;"
    "text-decoration-color:var(--col);background:rgba(230,159,0,.2)}\n"
    ".k-unknown-word{text-decoration-style:dotted;"
    "text-decoration-color:var(--unk);background:rgba(204,121,167,.2)}\n"
    ".k-function-word{text-decoration-style:dashed;"
    "text-decoration-color:var(--fw);background:rgba(0,158,115,.16)}\n"
    ".k-rewrite{text-decoration-style:solid;text-decoration-thickness:3px;"
    "text-decoration-color:var(--rw);background:rgba(86,180,233,.2)}\n"
    ".hl{position:relative;cursor:help}\n"
    "a.hl{cursor:pointer}\n"
    ".hl:focus{outline:2px solid var(--fg);outline-offset:1px}\n"
    ".hl:hover::after,.hl:focus::after,.hl:target::after{"
    "content:attr(data-tip);"
    "position:absolute;left:0;top:calc(100% + .3em);z-index:3;"
    "width:max-content;max-width:min(20rem,80vw);padding:.25rem .5rem;"
    "border-radius:.3rem;background:#1b1b1f;color:#fff;"
    "font:500 .85rem/1.35 system-ui,sans-serif;white-space:normal;"
    "pointer-events:none}\n"
    ".hl:target,li:target,.ref:target>h3{outline:3px solid var(--fg);"
    "outline-offset:2px}\n"
    ".gap::before{content:'\\2038'}\n"
    /* Text panes, alone or side by side. */
    ".text{white-space:pre-wrap;overflow-wrap:anywhere;"
    "font:1.05rem/1.75 Georgia,'DejaVu Serif',serif;margin:0}\n"
    ".cols>.pane{min-width:0}\n"
    ".cols.side{display:grid;grid-template-columns:minmax(0,46rem) "
    "minmax(0,1fr);gap:2rem;align-items:start}\n"
    ".cols.side .list{position:sticky;top:.5rem;max-height:calc(100vh - 1rem);"
    "overflow:auto}\n"
    "caption{text-align:left;font-weight:600;padding:.2rem 0}\n"
    ".cols.two{display:grid;grid-template-columns:1fr 1fr;gap:1.5rem}\n"
    ".cols.two .text{max-height:min(75vh,56rem);overflow:auto;"
    "border:1px solid var(--rule);padding:.4rem .6rem}\n"
    ".pane h3 small,.refs small{color:var(--muted);font-weight:400}\n"
    "table{border-collapse:collapse;font-size:.95rem}\n"
    "th,td{text-align:left;vertical-align:top;padding:.25rem .5rem;"
    "border-bottom:1px solid var(--rule)}\n"
    "td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}\n"
    ".refs meter{width:6rem;vertical-align:middle}\n"
    ".scroll{overflow-x:auto}\n"
    "table.rank{width:100%}\n"
    "table.rank tbody{counter-reset:rank}\n"
    "table.rank tbody tr{counter-increment:rank}\n"
    "table.rank td.rank::before{content:counter(rank)}\n"
    "table.rank tr.err{counter-increment:none;color:var(--muted)}\n"
    "table.rank td.file{overflow-wrap:anywhere;min-width:8rem}\n"
    "ol.arts{padding-left:2.2rem}\n"
    "ol.arts li{margin:.15rem 0}\n"
    ".pos{font-variant-numeric:tabular-nums}\n"
    ".kind,.conf{color:var(--muted);font-size:.9rem}\n"
    ".note{color:var(--muted)}\n"
    "footer{border-top:2px solid var(--rule);margin-top:2rem;"
    "padding-top:.5rem;color:var(--muted);font-size:.9rem}\n"
    "footer code{overflow-wrap:anywhere}\n"
    "@media (max-width:52rem){.cols.two,.cols.side{display:block}"
    ".cols.side .list{position:static;max-height:none}"
    ".cols.two .text{max-height:60vh}body{padding:.6rem}}\n"
    "@media print{body{max-width:none;padding:0;font-size:10.5pt}"
    ".cols.side{display:block}.cols.side .list{position:static;"
    "max-height:none;overflow:visible}"
    ".cols.two .text{max-height:none;overflow:visible;border:0;padding:0}"
    ".hl::after{display:none!important}a{color:inherit}"
    "section.doc{break-before:page}section.doc:first-of-type"
    "{break-before:auto}tr,li{break-inside:avoid}}\n";

static const struct {
    unspun_kind kind;
    const char *what;
} legend[] = {
    {UNSPUN_KIND_FINGERPRINT, "known tortured phrase, double underline"},
    {UNSPUN_KIND_SYNONYM, "misfit synonym, solid"},
    {UNSPUN_KIND_COLLOCATION, "odd word pair, wavy"},
    {UNSPUN_KIND_UNKNOWN, "not in a dictionary, dotted"},
    {UNSPUN_KIND_FUNCTION, "rewritten little words, dashed"},
    {UNSPUN_KIND_REWRITE, "other wording than the original's, thick"},
};

unspun_status unspun_render_html_begin(const unspun_html_page *page, char **out,
                                       size_t *len)
{
    if (!out)
        return UNSPUN_E_ARG;
    const char *title = page && page->title ? page->title : "unspun report";
    us_buf b;
    us_buf_init(&b, &us_default_allocator);
    us_buf_puts(
        &b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
            "<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, "
            "initial-scale=1\">\n"
            "<meta http-equiv=\"Content-Security-Policy\" "
            "content=\"default-src 'none'; style-src 'unsafe-inline'; "
            "base-uri 'none'; form-action 'none'\">\n"
            "<meta name=\"referrer\" content=\"no-referrer\">\n"
            "<meta name=\"generator\" content=\"unspun " UNSPUN_VERSION_STRING
            "\">\n<title>");
    put_html_str(&b, title);
    us_buf_puts(&b, " \xE2\x80\x94 unspun</title>\n<style>\n");
    us_buf_puts(&b, css);
    us_buf_puts(&b, "</style>\n</head>\n<body>\n<header class=\"top\">\n"
                    "<h1>");
    put_html_str(&b, title);
    us_buf_puts(&b, "</h1>\n"
                    "<ul class=\"legend\" aria-label=\"Artifact kinds\">\n");
    for (size_t i = 0; i < sizeof legend / sizeof *legend; i++) {
        const char *k = unspun_kind_name(legend[i].kind);
        us_buf_printf(&b, "<li><span class=\"chip k-%s\">%s</span> %s</li>\n",
                      k, k, legend[i].what);
    }
    us_buf_puts(&b, "<li class=\"note\">hover over a mark or tab to it: its "
                    "likely original wording</li>\n</ul>\n</header>\n"
                    "<main>\n");
    return us_buf_take(&b, out, len);
}

unspun_status unspun_render_html_end(const unspun_html_page *page, char **out,
                                     size_t *len)
{
    if (!out)
        return UNSPUN_E_ARG;
    us_buf b;
    us_buf_init(&b, &us_default_allocator);
    us_buf_puts(&b, "</main>\n<footer>\n<p>unspun " UNSPUN_VERSION_STRING);
    if (page && page->data_version) {
        us_buf_puts(&b, ", data version <code>");
        put_html_str(&b, page->data_version);
        us_buf_puts(&b, "</code>");
    }
    us_buf_puts(&b, "</p>\n");
    if (page && page->options) {
        us_buf_puts(&b, "<p>Options: <code>");
        put_html_str(&b, page->options);
        us_buf_puts(&b, "</code></p>\n");
    }
    us_buf_puts(&b, "<p>Paraphrase damage 0\xE2\x80\x93"
                    "100: 0 is no more "
                    "odd wording than ordinary English; 30 and up (suspect) "
                    "more than 95% of human-written text shows; 50 and up "
                    "(spun) more than any human-written text of the bench. "
                    "The score measures damage, not authorship: the marked "
                    "passages are the evidence. Hover over a marked passage "
                    "or tab to it for its likely original wording; "
                    "positions are line:column of the input as given. The "
                    "same input and data always give this same page.</p>\n"
                    "</footer>\n</body>\n</html>\n");
    return us_buf_take(&b, out, len);
}

/* ---- One document -------------------------------------------------------- */

static void put_verdict(us_buf *b, unspun_verdict v)
{
    const char *n = unspun_verdict_name(v);
    us_buf_printf(b, "<span class=\"v v-%s\">%s</span>", n, n);
}

static size_t ref_index(const unspun_result *r, const unspun_artifact *a)
{
    return (size_t)(a->ref - unspun_result_ref(r, 0));
}

/* The reference document behind result reference k, if `rs` holds it. */
static const us_refdoc *ref_doc(const unspun_result *r, const unspun_refset *rs,
                                size_t k)
{
    const unspun_reference *rf = unspun_result_ref(r, k);
    if (!rs || !rf || rf->index >= rs->n)
        return NULL;
    const us_refdoc *d = &rs->docs[rf->index];
    if (!d->name || !rf->name || strcmp(d->name, rf->name))
        return NULL;
    return d;
}

/* An artifact's reference span, if it lies in a reference text shown. */
static int ref_span_ok(const unspun_result *r, const unspun_refset *rs,
                       const unspun_artifact *a)
{
    if (!a->ref)
        return 0;
    const us_refdoc *d = ref_doc(r, rs, ref_index(r, a));
    return d && a->ref_start <= a->ref_end && a->ref_end <= d->len;
}

static void put_tip(us_buf *b, const unspun_result *r, const unspun_artifact *a)
{
    us_buf_puts(b, " data-tip=\"");
    if (a->suggestion) {
        us_buf_puts(b, "\xE2\x86\x92 ");
        put_html_str(b, a->suggestion);
        us_buf_puts(b, " \xC2\xB7 ");
    }
    us_buf_printf(b, "%s \xC2\xB7 %.2f", unspun_kind_name(a->kind),
                  a->confidence);
    if (!a->suggestion)
        us_buf_puts(b, " \xC2\xB7 no suggestion");
    if (a->ref)
        us_buf_printf(b, " \xC2\xB7 reference [%zu]", ref_index(r, a) + 1);
    us_buf_putc(b, '"');
}

/* An artifact's wording in a reference: [start, end) of its text, and the
 * artifact (SIZE_MAX once merged into an earlier span it overlaps). */
typedef struct span {
    size_t start, end, art;
} span;

static int cmp_span(const void *x, const void *y)
{
    const span *a = x, *b = y;
    if (a->start != b->start)
        return a->start < b->start ? -1 : 1;
    if (a->end != b->end)
        return a->end > b->end ? -1 : 1; /* longer first */
    return a->art < b->art ? -1 : a->art > b->art;
}

/* The spans of reference k's artifacts, sorted, and for each of those
 * artifacts target[i]: the artifact whose span element it links to (itself,
 * or the first of the spans it overlaps). Returns how many spans (0 when
 * none, or out of memory: *oom set). */
static size_t ref_spans(const unspun_result *r, const unspun_refset *rs,
                        size_t k, span **out, size_t *target, int *oom)
{
    size_t n = unspun_result_count(r), m = 0;
    *out = NULL;
    for (size_t i = 0; i < n; i++) {
        const unspun_artifact *a = unspun_result_artifact(r, i);
        m += ref_span_ok(r, rs, a) && ref_index(r, a) == k;
    }
    if (!m)
        return 0;
    span *s = malloc(m * sizeof *s);
    if (!s) {
        *oom = 1;
        return 0;
    }
    m = 0;
    for (size_t i = 0; i < n; i++) {
        const unspun_artifact *a = unspun_result_artifact(r, i);
        if (ref_span_ok(r, rs, a) && ref_index(r, a) == k) {
            s[m].start = a->ref_start;
            s[m].end = a->ref_end;
            s[m].art = i;
            m++;
        }
    }
    qsort(s, m, sizeof *s, cmp_span);
    /* An overlapping span shares the element of the first: marks in a
     * text never nest. */
    size_t lead = SIZE_MAX, lead_end = 0;
    for (size_t j = 0; j < m; j++) {
        if (lead != SIZE_MAX && s[j].start < lead_end) {
            target[s[j].art] = lead;
            if (s[j].end > lead_end)
                lead_end = s[j].end;
            s[j].art = SIZE_MAX; /* no element of its own */
            continue;
        }
        lead = s[j].art;
        lead_end = s[j].end;
        target[lead] = lead;
    }
    *out = s;
    return m;
}

static void put_ref_pane(us_buf *b, const unspun_result *r, size_t id, size_t k,
                         const us_refdoc *d, const span *s, size_t m)
{
    const unspun_reference *rf = unspun_result_ref(r, k);
    us_buf_printf(b, "<div class=\"ref\" id=\"d%zu-r%zu\">\n<h3>[%zu] ", id, k,
                  k + 1);
    put_html_str(b, rf->name);
    us_buf_printf(b,
                  " <small>(%.1f%% of the document's words aligned)</small>"
                  "</h3>\n<div class=\"text\">",
                  100.0 * rf->coverage);
    size_t pos = 0;
    for (size_t j = 0; j < m; j++) {
        if (s[j].art == SIZE_MAX)
            continue;
        const unspun_artifact *a = unspun_result_artifact(r, s[j].art);
        /* The element covers every span that overlaps this one. */
        size_t end = s[j].end;
        for (size_t q = j + 1; q < m && s[q].art == SIZE_MAX; q++)
            if (s[q].end > end)
                end = s[q].end;
        put_html(b, d->text + pos, s[j].start - pos);
        us_buf_printf(b,
                      "<a class=\"hl k-%s%s\" id=\"d%zu-r%zu-a%zu\" "
                      "href=\"#d%zu-a%zu\"",
                      unspun_kind_name(a->kind),
                      end == s[j].start ? " gap" : "", id, k, s[j].art, id,
                      s[j].art);
        us_buf_puts(b, " data-tip=\"");
        us_buf_puts(b, "document: ");
        put_html_str(b, a->text);
        us_buf_printf(b, " \xC2\xB7 %s \xC2\xB7 %.2f\">",
                      unspun_kind_name(a->kind), a->confidence);
        put_html(b, d->text + s[j].start, end - s[j].start);
        us_buf_puts(b, "</a>");
        pos = end;
    }
    put_html(b, d->text + pos, d->len - pos);
    us_buf_puts(b, "</div>\n</div>\n");
}

static void put_list_item(us_buf *b, const unspun_result *r,
                          const unspun_refset *rs, size_t id, size_t i,
                          const size_t *target)
{
    const unspun_artifact *a = unspun_result_artifact(r, i);
    const char *k = unspun_kind_name(a->kind);
    us_buf_printf(b,
                  "<li id=\"d%zu-l%zu\"><a class=\"pos\" href=\"#d%zu-a%zu\">"
                  "%zu:%zu</a> <span class=\"chip k-%s\">",
                  id, i, id, i, a->line, a->col, k);
    put_html_str(b, a->text);
    us_buf_puts(b, "</span>");
    if (a->suggestion) {
        us_buf_puts(b, " \xE2\x86\x92 <b>");
        put_html_str(b, a->suggestion);
        us_buf_puts(b, "</b>");
    }
    us_buf_printf(b,
                  " <span class=\"kind\">%s</span> <span class=\"conf\">"
                  "%.2f</span>",
                  k, a->confidence);
    if (a->ref) {
        size_t kr = ref_index(r, a);
        if (ref_span_ok(r, rs, a) && target[i] != SIZE_MAX)
            us_buf_printf(b,
                          " <a href=\"#d%zu-r%zu-a%zu\">in reference "
                          "[%zu]</a>",
                          id, kr, target[i], kr + 1);
        else
            us_buf_printf(b, " <span class=\"kind\">reference [%zu]</span>",
                          kr + 1);
    }
    us_buf_puts(b, "</li>\n");
}

static void put_row(us_buf *b, const unspun_result *r, const char *file,
                    size_t id)
{
    us_buf_printf(b,
                  "<tr><td class=\"rank num\"></td><td class=\"num\">%.1f"
                  "</td><td>",
                  unspun_result_score(r));
    put_verdict(b, unspun_result_verdict(r));
    us_buf_printf(b,
                  "</td><td class=\"num\">%zu</td><td class=\"file\">"
                  "<a href=\"#d%zu\">",
                  unspun_result_words(r), id);
    put_html_str(b, file ? file : "(no name)");
    us_buf_puts(b, "</a></td><td>");
    size_t pick[US_TOP_ARTIFACTS], n = us_result_top(r, pick);
    for (size_t q = 0; q < n; q++) {
        const unspun_artifact *a = unspun_result_artifact(r, pick[q]);
        us_buf_printf(b, "%s<a href=\"#d%zu-a%zu\"><span class=\"chip k-%s\">",
                      q ? "; " : "", id, pick[q], unspun_kind_name(a->kind));
        put_html_str(b, a->text);
        us_buf_puts(b, "</span>");
        if (a->suggestion) {
            us_buf_puts(b, " \xE2\x86\x92 ");
            put_html_str(b, a->suggestion);
        }
        us_buf_puts(b, "</a>");
    }
    if (unspun_result_count(r) > n)
        us_buf_printf(b, " <span class=\"note\">(%zu in all)</span>",
                      unspun_result_count(r));
    us_buf_puts(b, "</td></tr>\n");
}

unspun_status unspun_render_html(const unspun_result *r, const char *file,
                                 const char *in, size_t in_len,
                                 const unspun_refset *rs, size_t id,
                                 uint32_t flags, char **out, size_t *len)
{
    if (!r || !out || (!(flags & UNSPUN_RENDER_HTML_ROW) && !in && in_len))
        return UNSPUN_E_ARG;
    us_buf b;
    us_buf_init(&b, &us_default_allocator);
    if (flags & UNSPUN_RENDER_HTML_ROW) {
        put_row(&b, r, file, id);
        return us_buf_take(&b, out, len);
    }
    if (rs && !rs->sealed)
        rs = NULL;
    size_t n = unspun_result_count(r), nref = unspun_result_ref_count(r);
    size_t *target = malloc((n ? n : 1) * sizeof *target);
    span **spans = calloc(nref ? nref : 1, sizeof *spans);
    size_t *nspans = calloc(nref ? nref : 1, sizeof *nspans);
    int oom = !target || !spans || !nspans, shown = 0;
    for (size_t i = 0; !oom && i < n; i++)
        target[i] = SIZE_MAX;
    for (size_t k = 0; !oom && k < nref; k++) {
        if (!ref_doc(r, rs, k))
            continue;
        shown++;
        nspans[k] = ref_spans(r, rs, k, &spans[k], target, &oom);
    }
    if (oom) {
        for (size_t k = 0; spans && k < nref; k++)
            free(spans[k]);
        free(spans);
        free(nspans);
        free(target);
        return UNSPUN_E_NOMEM;
    }

    /* Heading and summary: what a reader needs first. */
    us_buf_printf(&b,
                  "<section class=\"doc\" id=\"d%zu\" aria-labelledby="
                  "\"d%zu-h\">\n<h2 id=\"d%zu-h\">",
                  id, id, id);
    put_html_str(&b, file ? file : "(no name)");
    double score = unspun_result_score(r);
    us_buf_printf(&b,
                  "</h2>\n<p class=\"sum\"><span class=\"score\">%.1f"
                  "</span>/100 <meter min=\"0\" max=\"100\" low=\"30\" "
                  "high=\"50\" optimum=\"0\" value=\"%.1f\">%.1f</meter> ",
                  score, score, score);
    put_verdict(&b, unspun_result_verdict(r));
    us_buf_printf(&b, " \xC2\xB7 %zu words \xC2\xB7 %zu artifact%s</p>\n",
                  unspun_result_words(r), n, n == 1 ? "" : "s");
    if (nref) {
        us_buf_puts(&b, "<table class=\"refs\"><caption>References (the share "
                        "of the document's words aligned to each)</caption>\n"
                        "<tr><th>#</th><th>reference</th><th class=\"num\">"
                        "coverage</th></tr>\n");
        for (size_t k = 0; k < nref; k++) {
            const unspun_reference *rf = unspun_result_ref(r, k);
            us_buf_printf(&b, "<tr><td>[%zu]</td><td>", k + 1);
            if (ref_doc(r, rs, k))
                us_buf_printf(&b, "<a href=\"#d%zu-r%zu\">", id, k);
            put_html_str(&b, rf->name);
            if (ref_doc(r, rs, k))
                us_buf_puts(&b, "</a>");
            us_buf_printf(&b,
                          "</td><td class=\"num\"><meter min=\"0\" "
                          "max=\"1\" value=\"%.3f\"></meter> %.1f%%"
                          "</td></tr>\n",
                          rf->coverage, 100.0 * rf->coverage);
        }
        us_buf_puts(&b, "</table>\n");
    }

    /* The document, and beside it the references. */
    us_buf_printf(&b, "<div class=\"cols %s\">\n<div class=\"pane\">\n",
                  shown ? "two" : "side");
    if (shown)
        us_buf_puts(&b, "<h3>Document</h3>\n");
    us_buf_printf(&b, "<div class=\"text\" id=\"d%zu-t\">", id);
    size_t pos = 0;
    for (size_t i = 0; i < n; i++) {
        const unspun_artifact *a = unspun_result_artifact(r, i);
        if (a->start < pos || a->end < a->start || a->end > in_len)
            continue; /* never overlapping (contract); defensive */
        put_html(&b, in + pos, a->start - pos);
        int link = target[i] != SIZE_MAX;
        const char *k = unspun_kind_name(a->kind);
        if (link)
            us_buf_printf(&b,
                          "<a class=\"hl k-%s\" id=\"d%zu-a%zu\" "
                          "href=\"#d%zu-r%zu-a%zu\"",
                          k, id, i, id, ref_index(r, a), target[i]);
        else
            us_buf_printf(&b,
                          "<mark class=\"hl k-%s\" id=\"d%zu-a%zu\" "
                          "tabindex=\"0\"",
                          k, id, i);
        us_buf_printf(&b, " aria-describedby=\"d%zu-l%zu\"", id, i);
        put_tip(&b, r, a);
        us_buf_putc(&b, '>');
        put_html(&b, in + a->start, a->end - a->start);
        us_buf_puts(&b, link ? "</a>" : "</mark>");
        pos = a->end;
    }
    put_html(&b, in + pos, in_len - pos);
    us_buf_puts(&b, "</div>\n</div>\n");
    if (shown) {
        us_buf_puts(&b, "<div class=\"pane\">\n");
        for (size_t k = 0; k < nref; k++) {
            const us_refdoc *d = ref_doc(r, rs, k);
            if (d)
                put_ref_pane(&b, r, id, k, d, spans[k], nspans[k]);
        }
        us_buf_puts(&b, "</div>\n</div>\n");
    }

    /* Every artifact, linking to its place: beside the text, or below
     * the text and its references. */
    us_buf_puts(&b, shown ? "<div class=\"list\">\n"
                          : "<div class=\"pane list\">\n");
    if (n) {
        us_buf_puts(&b, "<h3>Artifacts</h3>\n<ol class=\"arts\">\n");
        for (size_t i = 0; i < n; i++)
            put_list_item(&b, r, rs, id, i, target);
        us_buf_puts(&b, "</ol>\n");
    } else {
        us_buf_puts(&b, "<p class=\"note\">No artifacts listed.</p>\n");
    }
    us_buf_puts(&b, shown ? "</div>\n" : "</div>\n</div>\n");
    us_buf_puts(&b, "</section>\n");
    for (size_t k = 0; k < nref; k++)
        free(spans[k]);
    free(spans);
    free(nspans);
    free(target);
    return us_buf_take(&b, out, len);
}

unspun_status unspun_render_html_error(const char *file,
                                       const unspun_error *err, size_t id,
                                       uint32_t flags, char **out, size_t *len)
{
    if (!err || !out)
        return UNSPUN_E_ARG;
    us_buf b;
    us_buf_init(&b, &us_default_allocator);
    if (flags & UNSPUN_RENDER_HTML_ROW) {
        us_buf_puts(&b, "<tr class=\"err\"><td class=\"rank num\">\xE2\x80\x93"
                        "</td><td class=\"num\">\xE2\x80\x93</td><td><span "
                        "class=\"v v-err\">not scored</span></td><td "
                        "class=\"num\">\xE2\x80\x93</td><td class=\"file\">");
        put_html_str(&b, file ? file : "(no name)");
        us_buf_puts(&b, "</td><td>");
        put_error_text(&b, err);
        us_buf_puts(&b, "</td></tr>\n");
        return us_buf_take(&b, out, len);
    }
    us_buf_printf(&b, "<section class=\"doc\" id=\"d%zu\">\n<h2>", id);
    put_html_str(&b, file ? file : "(no name)");
    us_buf_puts(&b, "</h2>\n<p class=\"sum\"><span class=\"v v-err\">not "
                    "scored</span> ");
    put_error_text(&b, err);
    us_buf_puts(&b, "</p>\n</section>\n");
    return us_buf_take(&b, out, len);
}

/* ---- A scan's ranked table ----------------------------------------------- */

unspun_status unspun_render_html_table_begin(const unspun_html_summary *s,
                                             char **out, size_t *len)
{
    if (!s || !out)
        return UNSPUN_E_ARG;
    us_buf b;
    us_buf_init(&b, &us_default_allocator);
    us_buf_printf(&b,
                  "<section class=\"ranking\" id=\"ranking\">\n<h2>Ranking"
                  "</h2>\n<p class=\"sum\"><b>%zu</b> file%s: %zu ",
                  s->files, s->files == 1 ? "" : "s", s->spun);
    put_verdict(&b, UNSPUN_VERDICT_SPUN);
    us_buf_printf(&b, ", %zu ", s->suspect);
    put_verdict(&b, UNSPUN_VERDICT_SUSPECT);
    us_buf_printf(&b, ", %zu ", s->clean);
    put_verdict(&b, UNSPUN_VERDICT_CLEAN);
    us_buf_printf(&b, ", %zu <span class=\"v v-err\">not scored</span></p>\n",
                  s->failed);
    if (s->shown < s->files) {
        us_buf_printf(&b,
                      "<p class=\"note\">This page lists and details the "
                      "first %zu of the %zu files in this order (the "
                      "most damaged first, then those not scored). ",
                      s->shown, s->files);
        put_html_str(&b, s->note ? s->note
                                 : "The complete list is in the CSV or "
                                   "JSON Lines output.");
        us_buf_puts(&b, "</p>\n");
    }
    us_buf_puts(&b, "<div class=\"scroll\"><table class=\"rank\">\n<thead><tr>"
                    "<th class=\"num\" scope=\"col\">#</th>"
                    "<th class=\"num\" scope=\"col\">score</th>"
                    "<th scope=\"col\">verdict</th>"
                    "<th class=\"num\" scope=\"col\">words</th>"
                    "<th scope=\"col\">file</th>"
                    "<th scope=\"col\">top artifacts, or why not scored</th>"
                    "</tr></thead>\n<tbody>\n");
    return us_buf_take(&b, out, len);
}

unspun_status unspun_render_html_table_end(const unspun_html_summary *s,
                                           char **out, size_t *len)
{
    if (!s || !out)
        return UNSPUN_E_ARG;
    us_buf b;
    us_buf_init(&b, &us_default_allocator);
    us_buf_puts(&b, "</tbody>\n</table></div>\n");
    if (!s->shown)
        us_buf_puts(&b, "<p class=\"note\">No files.</p>\n");
    us_buf_puts(&b, "</section>\n");
    return us_buf_take(&b, out, len);
}
