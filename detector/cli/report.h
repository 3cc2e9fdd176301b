/* report.h - what the CLI adds around the library's renderers: a scan's
 * ranked outputs (the table, the HTML page), and the HTML page's footer
 * text.
 *
 * Program code, not library: these may print and exit. */
#ifndef UNSPUN_CLI_REPORT_H
#define UNSPUN_CLI_REPORT_H

#include <stddef.h>
#include <stdio.h>

#include "unspun.h"

/* The command as the footer shows it: "unspun CMD" and every argument,
 * each quoted for a POSIX shell when it needs it, except the values of
 * --data and --dict-dir (machine-specific paths: the data version stands
 * for them), so the page does not depend on where it was made. malloc'ed;
 * exits on allocation failure. */
char *report_command_text(const char *cmd, int argc, char **argv);

/* Write a page part rendered by the library, *part of *len bytes, and free
 * it; returns -1 (after one stderr line) if rendering failed (rc). Called
 * as report_put(f, unspun_render_html_...(.., &part, &len), &part, &len):
 * pointers, because the render call may run after the other arguments
 * are evaluated. */
int report_put(FILE *f, unspun_status rc, char **part, const size_t *len);

/* A scan's ranked output: the rows (and, for HTML, the sections) the
 * library rendered for each input arrive in input order from the writer
 * thread; the finish functions rank them (score, then name, then arrival;
 * inputs not scored last) and write them. Only the `top` best-ranked
 * (0: all) keep their row and section in memory, so a scan of a million
 * files holds `top` of them, not a million. The table lists `top` scored
 * inputs and every input not scored; the HTML page `top` inputs of
 * either kind. */
typedef enum report_kind { REPORT_TABLE, REPORT_HTML } report_kind;
typedef struct report report;

report *report_new(report_kind kind, size_t top);
/* Take ownership of row and section (malloc'ed by the library; section
 * may be NULL). name is copied. */
void report_add(report *h, const char *name, int failed, double score,
                unspun_verdict verdict, char *row, char *section);
/* Write the table to f: heads, rows, inputs not scored, the counts, and
 * the speed (s: words, bytes, seconds and threads; the counts are the
 * report's). Returns 0, or -1 after one stderr line. Frees h. */
int report_table_finish(report *h, FILE *f, const unspun_table_summary *s);
/* Write the page to f: head, summary and ranked table, sections, footer.
 * Returns 0, or -1 after one stderr line. Frees h. */
int report_html_finish(report *h, FILE *f, const unspun_html_page *page);

#endif
