/* render_table.c - a scan's ranked table, for a person.
 *
 *    SCORE  VERDICT    WORDS  FILE
 *     98.7  spun          35  corpus/100_fingerprint-tortured-phrase.txt
 *           counterfeit consciousness -> artificial intelligence
 *   ... and 12 more (--top 0 shows all)
 *
 *   NOT SCORED (1)
 *     corpus/b.bin: binary input: contains NUL bytes at byte 3
 *
 *   15 files: 2 spun, 0 suspect, 12 clean, 1 not scored
 *   5,210 words, 31.5 kB in 0.21 s (71 files/s, 150.0 kB/s, 2 threads)
 *
 * The parts are rendered as the HTML report's are (unspun.h): each row
 * on the thread that scored its document, the ranking left to the caller.
 * Widths count code points, so a name in another script is cut where a
 * terminal shows it. */
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "error.h"
#include "result.h"

#define DEFAULT_COLUMNS 80
#define MIN_COLUMNS 40
#define ROW_LEAD 27 /* "%6.1f  %-7s  %7zu  ": before the file name */
#define TOP_INDENT "        "

static size_t columns_of(size_t columns)
{
    if (!columns)
        return DEFAULT_COLUMNS;
    return columns < MIN_COLUMNS ? MIN_COLUMNS : columns;
}

static int continuation(char c)
{
    return ((unsigned char)c & 0xC0) == 0x80;
}

/* Code points in s. */
static size_t width_of(const char *s)
{
    size_t c = 0;
    for (; *s; s++)
        c += !continuation(*s);
    return c;
}

/* Bytes of the longest prefix of s that fits in `cols` code points. */
static size_t prefix_bytes(const char *s, size_t cols)
{
    size_t i = 0, c = 0;
    while (s[i] && c < cols) {
        i++;
        while (continuation(s[i]))
            i++;
        c++;
    }
    return i;
}

/* Append s in at most `cols` code points: cut at the end with "...", or
 * with keep_tail at the start (paths: the file name matters most). */
static void put_fit(us_buf *b, const char *s, size_t cols, int keep_tail)
{
    size_t w = width_of(s);
    if (w <= cols) {
        us_buf_puts(b, s);
        return;
    }
    if (cols <= 3) {
        us_buf_put(b, "...", cols);
        return;
    }
    if (keep_tail) {
        const char *p = s;
        for (size_t skip = w - (cols - 3); skip; skip--) {
            p++;
            while (continuation(*p))
                p++;
        }
        us_buf_puts(b, "...");
        us_buf_puts(b, p);
    } else {
        us_buf_put(b, s, prefix_bytes(s, cols - 3));
        us_buf_puts(b, "...");
    }
}

/* 1234567 -> "1,234,567". */
static void thousands(char *out, size_t cap, size_t v)
{
    char tmp[32];
    int n = snprintf(tmp, sizeof tmp, "%zu", v);
    size_t o = 0;
    for (int i = 0; i < n && o + 2 < cap; i++) {
        if (i && (n - i) % 3 == 0)
            out[o++] = ',';
        out[o++] = tmp[i];
    }
    out[o] = '\0';
}

static void human_bytes(char *out, size_t cap, double b)
{
    if (b < 1e6)
        snprintf(out, cap, "%.1f kB", b / 1e3);
    else if (b < 1e9)
        snprintf(out, cap, "%.1f MB", b / 1e6);
    else
        snprintf(out, cap, "%.2f GB", b / 1e9);
}

unspun_status unspun_render_table_begin(const unspun_table_summary *s,
                                        char **out, size_t *len)
{
    if (!s || !out)
        return UNSPUN_E_ARG;
    us_buf b;
    us_buf_init(&b, &us_default_allocator);
    us_buf_put(&b, "", 0); /* an empty part is still a string */
    if (s->files > s->failed)
        us_buf_printf(&b, "%6s  %-7s  %7s  %s\n", "SCORE", "VERDICT", "WORDS",
                      "FILE");
    return us_buf_take(&b, out, len);
}

/* The top artifacts on one line: "text -> suggestion; text". */
static void put_top(us_buf *b, const unspun_result *r)
{
    size_t pick[US_TOP_ARTIFACTS], n = us_result_top(r, pick);
    size_t start = b->len;
    for (size_t i = 0; i < n; i++) {
        const unspun_artifact *a = unspun_result_artifact(r, pick[i]);
        us_buf_printf(b, "%s%s%s%s", i ? "; " : "", a->text,
                      a->suggestion ? " -> " : "",
                      a->suggestion ? a->suggestion : "");
    }
    /* Artifacts may span a line break: the line stays one line. */
    for (size_t i = start; !b->failed && i < b->len; i++)
        if (b->data[i] == '\n' || b->data[i] == '\r' || b->data[i] == '\t')
            b->data[i] = ' ';
}

unspun_status unspun_render_table_row(const unspun_result *r, const char *file,
                                      size_t columns, char **out, size_t *len)
{
    if (!r || !out)
        return UNSPUN_E_ARG;
    size_t cols = columns_of(columns);
    us_buf b, top;
    us_buf_init(&b, &us_default_allocator);
    us_buf_init(&top, &us_default_allocator);
    us_buf_printf(&b, "%6.1f  %-7s  %7zu  ", unspun_result_score(r),
                  unspun_verdict_name(unspun_result_verdict(r)),
                  unspun_result_words(r));
    put_fit(&b, file ? file : "(no id)", cols - ROW_LEAD, 1);
    us_buf_putc(&b, '\n');
    put_top(&top, r);
    if (top.failed) {
        b.failed = 1;
    } else if (top.len) {
        us_buf_puts(&b, TOP_INDENT);
        put_fit(&b, top.data, cols - 9, 0);
        us_buf_putc(&b, '\n');
    }
    us_buf_free(&top);
    return us_buf_take(&b, out, len);
}

unspun_status unspun_render_table_failed(const unspun_table_summary *s,
                                         char **out, size_t *len)
{
    if (!s || !out)
        return UNSPUN_E_ARG;
    us_buf b;
    us_buf_init(&b, &us_default_allocator);
    us_buf_put(&b, "", 0);
    size_t scored = s->files - s->failed;
    if (s->shown < scored) {
        us_buf_printf(&b, "... and %zu more", scored - s->shown);
        if (s->more)
            us_buf_printf(&b, " (%s)", s->more);
        us_buf_putc(&b, '\n');
    }
    if (s->failed)
        us_buf_printf(&b, "%sNOT SCORED (%zu)\n", scored ? "\n" : "",
                      s->failed);
    return us_buf_take(&b, out, len);
}

unspun_status unspun_render_table_error(const char *file,
                                        const unspun_error *err, size_t columns,
                                        char **out, size_t *len)
{
    if (!err || !out)
        return UNSPUN_E_ARG;
    us_buf b, line;
    us_buf_init(&b, &us_default_allocator);
    us_buf_init(&line, &us_default_allocator);
    us_buf_printf(&line, "%s: %s", file ? file : "(no id)",
                  us_error_message(err));
    us_error_where(&line, err);
    us_buf_puts(&b, "  ");
    if (line.failed)
        b.failed = 1;
    else
        put_fit(&b, line.data, columns_of(columns) - 3, 0);
    us_buf_putc(&b, '\n');
    us_buf_free(&line);
    return us_buf_take(&b, out, len);
}

unspun_status unspun_render_table_end(const unspun_table_summary *s, char **out,
                                      size_t *len)
{
    if (!s || !out)
        return UNSPUN_E_ARG;
    us_buf b;
    us_buf_init(&b, &us_default_allocator);
    char words[32], files[32];
    thousands(words, sizeof words, s->words);
    thousands(files, sizeof files, s->files);
    us_buf_printf(&b,
                  "\n%s files: %zu spun, %zu suspect, %zu clean, %zu not "
                  "scored\n",
                  files, s->spun, s->suspect, s->clean, s->failed);
    if (s->seconds >= 0) {
        double secs = s->seconds;
        char size[32], rate[32];
        human_bytes(size, sizeof size, (double)s->bytes);
        human_bytes(rate, sizeof rate, secs > 0 ? (double)s->bytes / secs : 0);
        us_buf_printf(&b,
                      "%s words, %s in %.2f s (%.0f files/s, %s/s, %u "
                      "thread%s)\n",
                      words, size, secs, secs > 0 ? (double)s->files / secs : 0,
                      rate, s->threads, s->threads == 1 ? "" : "s");
    }
    return us_buf_take(&b, out, len);
}
