/* report.h - what the CLI adds around the library's HTML renderer: the
 * page's footer text, and a scan's collection of rows and sections
 * (ranked once every input is done, at most --top of them kept).
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

/* A scan's HTML: rows and sections arrive in input order from the writer
 * thread; report_html_finish ranks them like the table (score, then
 * name; inputs not scored last) and writes the page. Only the `top`
 * best-ranked keep their row and section in memory (0: all), so a scan
 * of a million files holds `top` sections, not a million. */
typedef struct report_html report_html;

report_html *report_html_new(size_t top);
/* Take ownership of row and section (malloc'ed by the library; section
 * may be NULL). name is copied. */
void report_html_add(report_html *h, const char *name, int failed, double score,
                     unspun_verdict verdict, char *row, char *section);
/* Write the page to f: head, summary and ranked table, sections, footer.
 * Returns 0, or -1 after one stderr line. Frees h. */
int report_html_finish(report_html *h, FILE *f, const unspun_html_page *page);

#endif
