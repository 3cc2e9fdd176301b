/* render_text.c - a report for a person.
 *
 *   article.txt: score 78.4/100, spun (412 words, 9 artifacts)
 *     3:31  synonym 0.91  vogue -> fashion
 *           ...with vogue powerhouse Balenciaga is now unsure after...
 *                   ^^^^^
 *
 * The excerpt is cut from the artifact's own line, at most EXCERPT code
 * points either side, so long paragraphs stay readable at 80 columns. */
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "error.h"

#define EXCERPT 30

#define BOLD_RED "\x1b[1;31m"
#define GREEN "\x1b[32m"
#define DIM "\x1b[2m"
#define RESET "\x1b[0m"

/* Step back/forward n code points from p within [lo, hi). */
static size_t back_cp(const char *s, size_t p, size_t lo, size_t n)
{
    while (p > lo && n) {
        p--;
        if (((unsigned char)s[p] & 0xC0) != 0x80)
            n--;
    }
    while (p > lo && ((unsigned char)s[p] & 0xC0) == 0x80)
        p--;
    return p;
}

static size_t fwd_cp(const char *s, size_t p, size_t hi, size_t n)
{
    while (p < hi && n) {
        p++;
        while (p < hi && ((unsigned char)s[p] & 0xC0) == 0x80)
            p++;
        n--;
    }
    return p;
}

static size_t count_cp(const char *s, size_t a, size_t b)
{
    size_t n = 0;
    for (size_t i = a; i < b; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

/* Append bytes with control characters (tabs, CR) shown as spaces. */
static void put_clean(us_buf *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        us_buf_putc(b, c < 0x20 || c == 0x7f ? ' ' : (char)c);
    }
}

unspun_status unspun_render_text(const unspun_result *r, const char *file,
                                 const char *in, size_t in_len, uint32_t flags,
                                 char **out, size_t *len)
{
    if (!r || !out || (!in && in_len))
        return UNSPUN_E_ARG;
    int color = (flags & UNSPUN_RENDER_COLOR) != 0;
    us_buf b;
    us_buf_init(&b, &us_default_allocator);
    size_t n = unspun_result_count(r);
    unspun_verdict v = unspun_result_verdict(r);
    us_buf_printf(&b, "%s: score %.1f/100, ", file ? file : "-",
                  unspun_result_score(r));
    if (color)
        us_buf_puts(&b, v == UNSPUN_VERDICT_SPUN      ? BOLD_RED
                        : v == UNSPUN_VERDICT_SUSPECT ? "\x1b[1;33m"
                                                      : GREEN);
    us_buf_puts(&b, unspun_verdict_name(v));
    if (color)
        us_buf_puts(&b, RESET);
    us_buf_printf(&b, " (%zu words, %zu artifact%s)\n", unspun_result_words(r),
                  n, n == 1 ? "" : "s");
    for (size_t k = 0; k < unspun_result_ref_count(r); k++) {
        const unspun_reference *rf = unspun_result_ref(r, k);
        us_buf_printf(&b, "  reference [%zu] %s: %.1f%% of the words aligned\n",
                      k + 1, rf->name, 100.0 * rf->coverage);
    }
    /* A verdict with nothing listed would leave a reader guessing. */
    if (!n && v != UNSPUN_VERDICT_CLEAN)
        us_buf_puts(&b,
                    "  nothing listed: the score comes from evidence too weak "
                    "to list one by one\n  and from how the words read as a "
                    "whole (--min-confidence lists weaker\n  artifacts)\n");
    for (size_t i = 0; i < n; i++) {
        const unspun_artifact *a = unspun_result_artifact(r, i);
        char pos[48];
        int pl = snprintf(pos, sizeof pos, "%zu:%zu", a->line, a->col);
        us_buf_printf(&b, "  %-9s %-12s %.2f  ", pos, unspun_kind_name(a->kind),
                      a->confidence);
        if (color)
            us_buf_puts(&b, BOLD_RED);
        put_clean(&b, a->text, strlen(a->text));
        if (color)
            us_buf_puts(&b, RESET);
        if (a->suggestion) {
            us_buf_puts(&b, " -> ");
            if (color)
                us_buf_puts(&b, GREEN);
            us_buf_puts(&b, a->suggestion);
            if (color)
                us_buf_puts(&b, RESET);
        }
        if (a->ref)
            us_buf_printf(&b, "  [%zu@%zu]",
                          (size_t)(a->ref - unspun_result_ref(r, 0)) + 1,
                          a->ref_start);
        us_buf_putc(&b, '\n');
        (void)pl;
        if (!in || a->end > in_len)
            continue;
        /* The excerpt: the artifact's line, trimmed around it. Its ends
         * are looked for no further than EXCERPT code points can reach
         * (and a little more, so that "..." still says the line goes on):
         * a long line with many artifacts stays linear. */
        const size_t reach = 4 * EXCERPT + 8;
        size_t lo = a->start > reach ? a->start - reach : 0;
        size_t hi = in_len - a->end > reach ? a->end + reach : in_len;
        size_t ls = a->start, le = a->end;
        while (ls > lo && in[ls - 1] != '\n')
            ls--;
        while (le < hi && in[le] != '\n' && in[le] != '\r')
            le++;
        size_t from = back_cp(in, a->start, ls, EXCERPT);
        size_t to = fwd_cp(in, a->end, le, EXCERPT);
        const char *pre = from > ls ? "..." : "";
        us_buf_puts(&b, "            ");
        if (color)
            us_buf_puts(&b, DIM);
        us_buf_puts(&b, pre);
        put_clean(&b, in + from, a->start - from);
        if (color)
            us_buf_puts(&b, RESET BOLD_RED);
        put_clean(&b, in + a->start, a->end - a->start);
        if (color)
            us_buf_puts(&b, RESET DIM);
        put_clean(&b, in + a->end, to - a->end);
        if (to < le)
            us_buf_puts(&b, "...");
        if (color)
            us_buf_puts(&b, RESET);
        us_buf_putc(&b, '\n');
        if (!color) {
            size_t pad = 12 + strlen(pre) + count_cp(in, from, a->start);
            size_t w = count_cp(in, a->start, a->end);
            for (size_t k = 0; k < pad; k++)
                us_buf_putc(&b, ' ');
            for (size_t k = 0; k < (w ? w : 1); k++)
                us_buf_putc(&b, '^');
            us_buf_putc(&b, '\n');
        }
    }
    return us_buf_take(&b, out, len);
}
