/* report.c - the CLI side of the HTML report (see report.h). */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "report.h"

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) {
        fprintf(stderr, "%s: out of memory\n", prog);
        exit(EXIT_FATAL);
    }
    return p;
}

static char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    return memcpy(xmalloc(n), s, n);
}

/* ---- The command in the footer ------------------------------------------- */

static int plain_word(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                    "0123456789-_./=:,+@%",
                    *s))
            return 0;
    return 1;
}

/* Append s, quoted with '...' for a POSIX shell if needed. */
static size_t put_word(char *out, const char *s)
{
    size_t n = 0;
    if (plain_word(s)) {
        n = strlen(s);
        if (out)
            memcpy(out, s, n);
        return n;
    }
    if (out)
        out[n] = '\'';
    n++;
    for (; *s; s++) {
        if (*s == '\'') {
            if (out)
                memcpy(out + n, "'\\''", 4);
            n += 4;
        } else {
            if (out)
                out[n] = *s;
            n++;
        }
    }
    if (out)
        out[n] = '\'';
    return n + 1;
}

static int hidden_value(const char *opt)
{
    return !strcmp(opt, "--data") || !strcmp(opt, "--dict-dir");
}

/* Two passes: measure, then write. */
static size_t command_text(char *out, const char *cmd, int argc, char **argv)
{
    size_t n = 0;
    n += put_word(out ? out + n : NULL, "unspun");
    if (out)
        out[n] = ' ';
    n++;
    n += put_word(out ? out + n : NULL, cmd);
    int opts_done = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        const char *shown = a;
        char tmp[CLI_OPT_NAME + 8];
        if (!opts_done && !strcmp(a, "--"))
            opts_done = 1;
        if (!opts_done && a[0] == '-' && a[1] == '-') {
            const char *eq = strchr(a, '=');
            size_t nl = eq ? (size_t)(eq - a) : strlen(a);
            if (nl < CLI_OPT_NAME) {
                char name[CLI_OPT_NAME];
                memcpy(name, a, nl);
                name[nl] = '\0';
                if (hidden_value(name)) {
                    if (!eq)
                        i++; /* its value is the next argument */
                    snprintf(tmp, sizeof tmp, "%s=...", name);
                    shown = tmp;
                }
            }
        }
        if (out)
            out[n] = ' ';
        n++;
        n += put_word(out ? out + n : NULL, shown);
    }
    if (out)
        out[n] = '\0';
    return n;
}

char *report_command_text(const char *cmd, int argc, char **argv)
{
    size_t n = command_text(NULL, cmd, argc, argv);
    char *s = xmalloc(n + 1);
    command_text(s, cmd, argc, argv);
    return s;
}

int report_put(FILE *f, unspun_status rc, char **part, const size_t *len)
{
    if (rc != UNSPUN_OK) {
        fprintf(stderr, "%s: cannot render the HTML report: %s\n", prog,
                unspun_strerror(rc));
        return -1;
    }
    fwrite(*part, 1, *len, f);
    unspun_free(*part);
    *part = NULL;
    return 0;
}

/* ---- A scan's rows and sections ------------------------------------------ */

typedef struct entry {
    size_t seq; /* arrival order: the last tie-break */
    char *name;
    int failed;
    double score;
    unspun_verdict verdict;
    char *row, *section; /* NULL once dropped (ranked below top) */
} entry;

struct report_html {
    size_t top;
    entry *e;
    size_t n, cap;
    size_t counts[3], failed;
    size_t kept; /* entries still holding their row */
};

report_html *report_html_new(size_t top)
{
    report_html *h = xmalloc(sizeof *h);
    memset(h, 0, sizeof *h);
    h->top = top;
    return h;
}

/* The table's order: scored before failed, higher score first, then by
 * name (as `unspun scan --format table`). */
static int cmp_entry(const void *x, const void *y)
{
    const entry *a = x, *b = y;
    if (a->failed != b->failed)
        return a->failed - b->failed;
    if (!a->failed && a->score != b->score)
        return a->score < b->score ? 1 : -1;
    int c = strcmp(a->name, b->name);
    if (c)
        return c;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static int cmp_entry_ptr(const void *x, const void *y)
{
    return cmp_entry(*(entry *const *)x, *(entry *const *)y);
}

/* Keep the rows and sections of the `top` best-ranked entries only. The
 * order is total (names, then arrival break ties), so dropping the worst
 * as we go gives the same page as ranking everything at the end. */
static void prune(report_html *h)
{
    entry **live = xmalloc(h->kept * sizeof *live);
    size_t m = 0;
    for (size_t i = 0; i < h->n; i++)
        if (h->e[i].row)
            live[m++] = &h->e[i];
    qsort(live, m, sizeof *live, cmp_entry_ptr);
    for (size_t i = h->top; i < m; i++) {
        unspun_free(live[i]->row);
        unspun_free(live[i]->section);
        live[i]->row = live[i]->section = NULL;
    }
    h->kept = m < h->top ? m : h->top;
    free(live);
}

void report_html_add(report_html *h, const char *name, int failed, double score,
                     unspun_verdict verdict, char *row, char *section)
{
    if (h->n == h->cap) {
        h->cap = h->cap ? h->cap * 2 : 256;
        entry *ne = realloc(h->e, h->cap * sizeof *ne);
        if (!ne) {
            fprintf(stderr, "%s: out of memory\n", prog);
            exit(EXIT_FATAL);
        }
        h->e = ne;
    }
    entry *e = &h->e[h->n];
    e->seq = h->n++;
    e->name = xstrdup(name ? name : "");
    e->failed = failed;
    e->score = score;
    e->verdict = verdict;
    e->row = row;
    e->section = section;
    if (failed)
        h->failed++;
    else
        h->counts[verdict]++;
    if (row)
        h->kept++;
    if (h->top && h->kept >= 2 * h->top + 64)
        prune(h);
}

int report_html_finish(report_html *h, FILE *f, const unspun_html_page *page)
{
    if (h->n > 1)
        qsort(h->e, h->n, sizeof *h->e, cmp_entry);
    size_t shown = h->top && h->top < h->n ? h->top : h->n;
    unspun_html_summary s = {h->n,
                             h->counts[UNSPUN_VERDICT_SPUN],
                             h->counts[UNSPUN_VERDICT_SUSPECT],
                             h->counts[UNSPUN_VERDICT_CLEAN],
                             h->failed,
                             shown,
                             NULL};
    char note[160];
    snprintf(note, sizeof note,
             "--top %zu set this limit: --top 0 lists all; --format csv or "
             "jsonl give every record.",
             h->top);
    s.note = note;
    char *part = NULL;
    size_t len = 0;
    int rc =
        report_put(f, unspun_render_html_begin(page, &part, &len), &part, &len);
    if (!rc)
        rc = report_put(f, unspun_render_html_table_begin(&s, &part, &len),
                        &part, &len);
    for (size_t i = 0; !rc && i < shown; i++)
        if (h->e[i].row)
            fputs(h->e[i].row, f);
    if (!rc)
        rc = report_put(f, unspun_render_html_table_end(&s, &part, &len), &part,
                        &len);
    for (size_t i = 0; !rc && i < shown; i++)
        if (h->e[i].section)
            fputs(h->e[i].section, f);
    if (!rc)
        rc = report_put(f, unspun_render_html_end(page, &part, &len), &part,
                        &len);
    for (size_t i = 0; i < h->n; i++) {
        free(h->e[i].name);
        unspun_free(h->e[i].row);
        unspun_free(h->e[i].section);
    }
    free(h->e);
    free(h);
    return rc;
}
