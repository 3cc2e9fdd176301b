/* report.c - a scan's ranked outputs and the HTML footer (report.h). */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "report.h"

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

/* ---- A scan's ranked rows ------------------------------------------------ */

typedef struct row {
    size_t seq; /* arrival order: the last tie-break */
    char *name;
    int failed;
    double score;
    unspun_verdict verdict;
    char *text, *section; /* NULL once dropped (ranked below top) */
} row;

struct report {
    report_kind kind;
    size_t top;
    row *r;
    size_t n, cap;
    size_t counts[3], failed;
    size_t kept; /* rows still held that --top may drop */
};

report *report_new(report_kind kind, size_t top)
{
    report *h = xmalloc(sizeof *h);
    memset(h, 0, sizeof *h);
    h->kind = kind;
    h->top = top;
    return h;
}

/* The order of the ranked outputs: scored before failed, higher score
 * first, then by name, then by arrival. */
static int cmp_row(const void *x, const void *y)
{
    const row *a = x, *b = y;
    if (a->failed != b->failed)
        return a->failed - b->failed;
    if (!a->failed && a->score != b->score)
        return a->score < b->score ? 1 : -1;
    int c = strcmp(a->name, b->name);
    if (c)
        return c;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static int cmp_row_ptr(const void *x, const void *y)
{
    return cmp_row(*(row *const *)x, *(row *const *)y);
}

/* Does --top limit this row? Every input not scored is in the table. */
static int limited(const report *h, const row *r)
{
    return r->text && (h->kind == REPORT_HTML || !r->failed);
}

/* Keep the rows and sections of the `top` best-ranked rows only. The
 * order is total (names, then arrival break ties), so dropping the worst
 * as we go gives the same output as ranking everything at the end. */
static void prune(report *h)
{
    row **live = xmalloc(h->kept * sizeof *live);
    size_t m = 0;
    for (size_t i = 0; i < h->n; i++)
        if (limited(h, &h->r[i]))
            live[m++] = &h->r[i];
    qsort(live, m, sizeof *live, cmp_row_ptr);
    for (size_t i = h->top; i < m; i++) {
        unspun_free(live[i]->text);
        unspun_free(live[i]->section);
        live[i]->text = live[i]->section = NULL;
    }
    h->kept = m < h->top ? m : h->top;
    free(live);
}

void report_add(report *h, const char *name, int failed, double score,
                unspun_verdict verdict, char *text, char *section)
{
    if (h->n == h->cap) {
        h->cap = h->cap ? h->cap * 2 : 256;
        h->r = xrealloc(h->r, h->cap * sizeof *h->r);
    }
    row *r = &h->r[h->n];
    r->seq = h->n++;
    r->name = xstrdup(name ? name : "");
    r->failed = failed;
    r->score = score;
    r->verdict = verdict;
    r->text = text;
    r->section = section;
    if (failed)
        h->failed++;
    else
        h->counts[verdict]++;
    if (limited(h, r))
        h->kept++;
    if (h->top && h->kept >= 2 * h->top + 64)
        prune(h);
}

static void report_free(report *h)
{
    for (size_t i = 0; i < h->n; i++) {
        free(h->r[i].name);
        unspun_free(h->r[i].text);
        unspun_free(h->r[i].section);
    }
    free(h->r);
    free(h);
}

/* Rank the rows; how many of them the output lists (failed ones aside,
 * for the table). */
static size_t rank(report *h)
{
    if (h->n > 1)
        qsort(h->r, h->n, sizeof *h->r, cmp_row);
    size_t of = h->kind == REPORT_TABLE ? h->n - h->failed : h->n;
    return h->top && h->top < of ? h->top : of;
}

int report_table_finish(report *h, FILE *f, const unspun_table_summary *run)
{
    unspun_table_summary s = *run;
    s.files = h->n;
    s.spun = h->counts[UNSPUN_VERDICT_SPUN];
    s.suspect = h->counts[UNSPUN_VERDICT_SUSPECT];
    s.clean = h->counts[UNSPUN_VERDICT_CLEAN];
    s.failed = h->failed;
    s.shown = rank(h);
    s.more = "--top 0 shows all";
    char *part = NULL;
    size_t len = 0;
    int rc =
        report_put(f, unspun_render_table_begin(&s, &part, &len), &part, &len);
    for (size_t i = 0; !rc && i < s.shown; i++)
        fputs(h->r[i].text, f);
    if (!rc)
        rc = report_put(f, unspun_render_table_failed(&s, &part, &len), &part,
                        &len);
    for (size_t i = h->n - h->failed; !rc && i < h->n; i++)
        fputs(h->r[i].text, f);
    if (!rc)
        rc = report_put(f, unspun_render_table_end(&s, &part, &len), &part,
                        &len);
    report_free(h);
    return rc;
}

int report_html_finish(report *h, FILE *f, const unspun_html_page *page)
{
    size_t shown = rank(h);
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
        if (h->r[i].text)
            fputs(h->r[i].text, f);
    if (!rc)
        rc = report_put(f, unspun_render_html_table_end(&s, &part, &len), &part,
                        &len);
    for (size_t i = 0; !rc && i < shown; i++)
        if (h->r[i].section)
            fputs(h->r[i].section, f);
    if (!rc)
        rc = report_put(f, unspun_render_html_end(page, &part, &len), &part,
                        &len);
    report_free(h);
    return rc;
}
