/* html.c - the text content of an HTML document, mapped back to its bytes.
 *
 * A forgiving single pass, not an HTML5 tree builder: it only has to find
 * what a reader would read. Tags, comments, declarations and processing
 * instructions vanish; <script>, <style> and <template> lose their content
 * too. Block-level tags (<p>, <br>, <li>, <h1>...) become line breaks so
 * that headings and paragraphs end sentences the way blank lines do in
 * plain text; inline tags (<b>, <a>, <span>...) vanish without a trace so
 * "un<b>believ</b>able" stays one word. Character references decode to
 * their code point; unknown or unterminated ones stay literal text, as
 * browsers show them. A '<' that does not start a tag is text ("a < b").
 *
 * Why a compact copy plus an offset map rather than masking in place with
 * spaces: a reference inside a word ("don&rsquo;t", "caf&eacute;s") would
 * otherwise be split by its padding, and the detectors would see "don'"
 * and "t". The map costs four bytes per byte of text content, freed as
 * soon as the document is scored. */
#include "html.h"

#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "error.h"
#include "utf8.h"

#define ENTITY_FLAG 0x80000000u
#define ENTITY_MAX 32 /* longest reference we look at, "&...;" included */

typedef struct entity {
    const char *name;
    uint32_t cp;
} entity;

/* Named references that occur in running text, sorted by strcmp. */
static const entity entities[] = {
    {"AElig", 0x00C6},  {"Aacute", 0x00C1}, {"Acirc", 0x00C2},
    {"Agrave", 0x00C0}, {"Aring", 0x00C5},  {"Atilde", 0x00C3},
    {"Auml", 0x00C4},   {"Ccedil", 0x00C7}, {"Dagger", 0x2021},
    {"Eacute", 0x00C9}, {"Ecirc", 0x00CA},  {"Egrave", 0x00C8},
    {"Euml", 0x00CB},   {"Iacute", 0x00CD}, {"Icirc", 0x00CE},
    {"Igrave", 0x00CC}, {"Iuml", 0x00CF},   {"Ntilde", 0x00D1},
    {"OElig", 0x0152},  {"Oacute", 0x00D3}, {"Ocirc", 0x00D4},
    {"Ograve", 0x00D2}, {"Oslash", 0x00D8}, {"Otilde", 0x00D5},
    {"Ouml", 0x00D6},   {"Prime", 0x2033},  {"Scaron", 0x0160},
    {"Uacute", 0x00DA}, {"Ucirc", 0x00DB},  {"Ugrave", 0x00D9},
    {"Uuml", 0x00DC},   {"Yacute", 0x00DD}, {"Zcaron", 0x017D},
    {"aacute", 0x00E1}, {"acirc", 0x00E2},  {"acute", 0x00B4},
    {"aelig", 0x00E6},  {"agrave", 0x00E0}, {"amp", 0x0026},
    {"apos", 0x0027},   {"aring", 0x00E5},  {"asymp", 0x2248},
    {"atilde", 0x00E3}, {"auml", 0x00E4},   {"bdquo", 0x201E},
    {"bull", 0x2022},   {"ccedil", 0x00E7}, {"cedil", 0x00B8},
    {"cent", 0x00A2},   {"copy", 0x00A9},   {"dagger", 0x2020},
    {"darr", 0x2193},   {"dash", 0x2010},   {"deg", 0x00B0},
    {"divide", 0x00F7}, {"eacute", 0x00E9}, {"ecirc", 0x00EA},
    {"egrave", 0x00E8}, {"emsp", 0x2003},   {"ensp", 0x2002},
    {"euml", 0x00EB},   {"euro", 0x20AC},   {"frac12", 0x00BD},
    {"frac14", 0x00BC}, {"frac34", 0x00BE}, {"ge", 0x2265},
    {"gt", 0x003E},     {"harr", 0x2194},   {"hellip", 0x2026},
    {"hyphen", 0x2010}, {"iacute", 0x00ED}, {"icirc", 0x00EE},
    {"iexcl", 0x00A1},  {"igrave", 0x00EC}, {"infin", 0x221E},
    {"iquest", 0x00BF}, {"iuml", 0x00EF},   {"laquo", 0x00AB},
    {"larr", 0x2190},   {"ldquo", 0x201C},  {"le", 0x2264},
    {"lrm", 0x200E},    {"lsaquo", 0x2039}, {"lsquo", 0x2018},
    {"lt", 0x003C},     {"macr", 0x00AF},   {"mdash", 0x2014},
    {"micro", 0x00B5},  {"middot", 0x00B7}, {"minus", 0x2212},
    {"nbsp", 0x00A0},   {"ndash", 0x2013},  {"ne", 0x2260},
    {"not", 0x00AC},    {"ntilde", 0x00F1}, {"oacute", 0x00F3},
    {"ocirc", 0x00F4},  {"oelig", 0x0153},  {"ograve", 0x00F2},
    {"ordf", 0x00AA},   {"ordm", 0x00BA},   {"oslash", 0x00F8},
    {"otilde", 0x00F5}, {"ouml", 0x00F6},   {"para", 0x00B6},
    {"plusmn", 0x00B1}, {"pound", 0x00A3},  {"prime", 0x2032},
    {"quot", 0x0022},   {"raquo", 0x00BB},  {"rarr", 0x2192},
    {"rdquo", 0x201D},  {"reg", 0x00AE},    {"rlm", 0x200F},
    {"rsaquo", 0x203A}, {"rsquo", 0x2019},  {"sbquo", 0x201A},
    {"scaron", 0x0161}, {"sect", 0x00A7},   {"shy", 0x00AD},
    {"sup1", 0x00B9},   {"sup2", 0x00B2},   {"sup3", 0x00B3},
    {"szlig", 0x00DF},  {"thinsp", 0x2009}, {"times", 0x00D7},
    {"trade", 0x2122},  {"uacute", 0x00FA}, {"uarr", 0x2191},
    {"ucirc", 0x00FB},  {"ugrave", 0x00F9}, {"uml", 0x00A8},
    {"uuml", 0x00FC},   {"yacute", 0x00FD}, {"yen", 0x00A5},
    {"yuml", 0x00FF},   {"zcaron", 0x017E}, {"zwj", 0x200D},
    {"zwnj", 0x200C},
};

static int cmp_entity(const void *key, const void *elem)
{
    return strcmp(key, ((const entity *)elem)->name);
}

static int is_alpha(unsigned char c)
{
    return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

static int is_alnum(unsigned char c)
{
    return is_alpha(c) || (c >= '0' && c <= '9');
}

static unsigned char lower(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

/* Case-insensitive prefix test of s[0..n) against a lower-case word. */
static int has_prefix_ci(const char *s, size_t n, const char *word)
{
    size_t k = strlen(word);
    if (n < k)
        return 0;
    for (size_t i = 0; i < k; i++)
        if (lower((unsigned char)s[i]) != (unsigned char)word[i])
            return 0;
    return 1;
}

static int eq_ci(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (lower((unsigned char)a[i]) != lower((unsigned char)b[i]))
            return 0;
    return 1;
}

/* Decode the character reference at s[0] == '&'. Returns its length in
 * bytes (';' included) and the code point, or 0 when it is not one. */
static size_t decode_entity(const char *s, size_t n, uint32_t *cp)
{
    size_t lim = n < ENTITY_MAX ? n : ENTITY_MAX;
    if (lim >= 3 && s[1] == '#') {
        size_t i = 2;
        int hex = 0;
        if (s[i] == 'x' || s[i] == 'X')
            hex = 1, i++;
        uint32_t v = 0;
        size_t digits = 0;
        for (; i < lim; i++, digits++) {
            unsigned char c = (unsigned char)s[i];
            unsigned d;
            if (c >= '0' && c <= '9')
                d = c - '0';
            else if (hex && (c | 0x20) >= 'a' && (c | 0x20) <= 'f')
                d = (c | 0x20) - 'a' + 10;
            else
                break;
            if (v <= 0x10FFFF)
                v = v * (hex ? 16 : 10) + d;
        }
        if (!digits || i >= lim || s[i] != ';')
            return 0;
        /* As HTML does: NUL, surrogates and out-of-range become U+FFFD. */
        if (v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
            v = 0xFFFD;
        *cp = v;
        return i + 1;
    }
    char name[ENTITY_MAX];
    size_t i = 1;
    while (i < lim && is_alnum((unsigned char)s[i]))
        i++;
    if (i == 1 || i >= lim || s[i] != ';')
        return 0;
    memcpy(name, s + 1, i - 1);
    name[i - 1] = '\0';
    const entity *e =
        bsearch(name, entities, sizeof entities / sizeof *entities,
                sizeof *entities, cmp_entity);
    if (!e)
        return 0;
    *cp = e->cp;
    return i + 1;
}

/* Invisible format characters that must not split the word around them
 * (&shy; in "hyphen&shy;ation"): dropped from the text content. */
static int invisible(uint32_t cp)
{
    return cp == 0x00AD || (cp >= 0x200B && cp <= 0x200F) || cp == 0x2060 ||
           cp == 0xFEFF;
}

/* Elements that break the flow of text (a line break in the text content). */
static const char *const block_tags[] = {
    "address", "article", "aside", "blockquote", "br",       "caption",
    "dd",      "div",     "dl",    "dt",         "fieldset", "figcaption",
    "figure",  "footer",  "form",  "h1",         "h2",       "h3",
    "h4",      "h5",      "h6",    "header",     "hr",       "li",
    "main",    "nav",     "ol",    "option",     "p",        "pre",
    "section", "table",   "td",    "th",         "title",    "tr",
    "ul"};

/* Elements whose content is not text for a reader. */
static const char *const raw_tags[] = {"script", "style", "template"};

static int in_list(const char *const *list, size_t n, const char *name,
                   size_t len)
{
    for (size_t i = 0; i < n; i++)
        if (strlen(list[i]) == len && has_prefix_ci(name, len, list[i]))
            return 1;
    return 0;
}

/* End of the construct starting at s[i] == '<' that ends with `close`
 * (e.g. "-->"), or n when unterminated (the rest is markup). */
static size_t skip_past(const char *s, size_t n, size_t i, const char *close)
{
    size_t k = strlen(close);
    for (; i + k <= n; i++)
        if (memcmp(s + i, close, k) == 0)
            return i + k;
    return n;
}

/* End of a tag starting at s[i] == '<': the '>' outside quoted attribute
 * values, or n when unterminated. */
static size_t skip_tag(const char *s, size_t n, size_t i)
{
    char quote = 0;
    for (i++; i < n; i++) {
        char c = s[i];
        if (quote) {
            if (c == quote)
                quote = 0;
        } else if (c == '"' || c == '\'') {
            quote = c;
        } else if (c == '>') {
            return i + 1;
        }
    }
    return n;
}

typedef struct out {
    us_html *h;
    size_t cap;
    int failed;
} out;

/* Append n bytes; byte k comes from original offset from + k * step. */
static void put(out *o, const char *p, size_t n, uint32_t from, uint32_t step)
{
    us_html *h = o->h;
    if (o->failed)
        return;
    if (h->len + n + 1 > o->cap) {
        size_t cap = o->cap;
        void *t = h->text, *m = h->map;
        size_t cap2 = cap;
        if (us_grow(h->alc, &t, &cap, h->len + n + 1, 1)) {
            o->failed = 1;
            return;
        }
        h->text = t;
        if (us_grow(h->alc, &m, &cap2, h->len + n + 1, sizeof *h->map)) {
            o->failed = 1;
            return;
        }
        h->map = m;
        o->cap = cap;
    }
    memcpy(h->text + h->len, p, n);
    for (size_t i = 0; i < n; i++)
        h->map[h->len + i] = from + (uint32_t)i * step;
    h->len += n;
    h->text[h->len] = '\0';
}

unspun_status us_html_strip(us_html *h, const unspun_allocator *alc,
                            const char *s, size_t n, unspun_error *err)
{
    memset(h, 0, sizeof *h);
    h->alc = alc;
    h->orig = s;
    h->orig_len = n;
    if (n >= ENTITY_FLAG)
        return us_fail(err, UNSPUN_E_TOO_BIG, ENTITY_FLAG - 1, 0);
    unspun_status rc = us_validate_utf8(s, n, err);
    if (rc)
        return rc;
    out o = {h, 0, 0};
    put(&o, "", 0, 0, 0); /* an empty document is still a string */
    size_t i = 0;
    while (i < n && !o.failed) {
        char c = s[i];
        if (c == '&') {
            uint32_t cp;
            size_t k = decode_entity(s + i, n - i, &cp);
            if (k) {
                char enc[4];
                if (!invisible(cp))
                    put(&o, enc, us_utf8_encode(cp, enc),
                        (uint32_t)i | ENTITY_FLAG, 0);
                i += k;
                continue;
            }
        } else if (c == '<' && i + 1 < n) {
            const char *t = s + i + 1;
            size_t rest = n - i - 1;
            if (has_prefix_ci(t, rest, "!--")) {
                i = skip_past(s, n, i + 4, "-->");
                continue;
            }
            if (has_prefix_ci(t, rest, "![cdata[")) {
                i = skip_past(s, n, i + 9, "]]>");
                continue;
            }
            if (t[0] == '!' || t[0] == '?') {
                i = skip_tag(s, n, i);
                continue;
            }
            int closing = t[0] == '/';
            const char *name = t + closing;
            size_t nl = 0;
            while (nl < rest - (size_t)closing &&
                   is_alnum((unsigned char)name[nl]))
                nl++;
            if (nl && is_alpha((unsigned char)name[0])) {
                size_t end = skip_tag(s, n, i);
                if (in_list(block_tags, sizeof block_tags / sizeof *block_tags,
                            name, nl))
                    put(&o, "\n\n",
                        nl == 2 && has_prefix_ci(name, 2, "br") ? 1 : 2,
                        (uint32_t)i, 0);
                if (!closing &&
                    in_list(raw_tags, sizeof raw_tags / sizeof *raw_tags, name,
                            nl)) {
                    /* Content runs to the matching end tag "</name". */
                    size_t j = end, found = n;
                    for (; j + 2 + nl <= n && found == n; j++)
                        if (s[j] == '<' && s[j + 1] == '/' &&
                            eq_ci(s + j + 2, name, nl) &&
                            (j + 2 + nl == n ||
                             !is_alnum((unsigned char)s[j + 2 + nl])))
                            found = j;
                    end = found < n ? skip_tag(s, n, found) : n;
                }
                i = end;
                continue;
            }
        }
        /* Plain text: copy a run up to the next markup character. */
        size_t j = i + 1;
        while (j < n && s[j] != '<' && s[j] != '&')
            j++;
        put(&o, s + i, j - i, (uint32_t)i, 1);
        i = j;
    }
    if (o.failed) {
        us_html_free(h);
        return us_fail(err, UNSPUN_E_NOMEM, SIZE_MAX, 0);
    }
    return UNSPUN_OK;
}

size_t us_html_start(const us_html *h, size_t off)
{
    if (off >= h->len)
        return h->orig_len;
    return h->map[off] & ~ENTITY_FLAG;
}

size_t us_html_end(const us_html *h, size_t end)
{
    if (end == 0)
        return us_html_start(h, 0);
    uint32_t m = h->map[end - 1];
    if (!(m & ENTITY_FLAG))
        return (size_t)m + 1;
    size_t at = m & ~ENTITY_FLAG;
    uint32_t cp;
    return at + decode_entity(h->orig + at, h->orig_len - at, &cp);
}

void us_html_remap(const us_html *h, us_tokens *t)
{
    for (size_t i = 0; i < t->n; i++) {
        us_token *k = &t->tok[i];
        size_t end = us_html_end(h, k->end);
        k->start = us_html_start(h, k->start);
        k->end = end;
    }
}

void us_html_free(us_html *h)
{
    if (h->alc) {
        us_free(h->alc, h->text);
        us_free(h->alc, h->map);
    }
    h->text = NULL;
    h->map = NULL;
    h->len = 0;
}
