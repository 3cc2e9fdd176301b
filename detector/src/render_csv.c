/* render_csv.c - one CSV row per document (RFC 4180).
 *
 * A scan's CSV is for spreadsheets and for sorting by damage, so a row is
 * a document, not an artifact: its numbers plus a short, human-readable
 * list of its most confident artifacts. The JSON output carries every
 * artifact with offsets for programs. Quoting follows RFC 4180 exactly
 * (CRLF rows, quote a field only when it holds , " CR or LF, double the
 * quotes), which is what spreadsheet programs and Python's csv read. */
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "error.h"
#include "result.h"

static const char header[] =
    "file,score,verdict,words,artifacts,top_artifacts,error\r\n";

const char *unspun_csv_header(void)
{
    return header;
}

static void csv_field(us_buf *b, const char *s, size_t n)
{
    int quote = 0;
    for (size_t i = 0; i < n && !quote; i++)
        quote = s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n';
    if (!quote) {
        us_buf_put(b, s, n);
        return;
    }
    us_buf_putc(b, '"');
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"')
            us_buf_putc(b, '"');
        us_buf_putc(b, s[i]);
    }
    us_buf_putc(b, '"');
}

unspun_status unspun_render_csv(const unspun_result *r, const char *file,
                                char **out, size_t *len)
{
    if (!r || !out)
        return UNSPUN_E_ARG;
    us_buf b, top;
    us_buf_init(&b, &us_default_allocator);
    us_buf_init(&top, &us_default_allocator);
    size_t idx[US_TOP_ARTIFACTS], n = us_result_top(r, idx);
    for (size_t i = 0; i < n; i++) {
        const unspun_artifact *a = unspun_result_artifact(r, idx[i]);
        if (i)
            us_buf_puts(&top, "; ");
        us_buf_puts(&top, a->text);
        if (a->suggestion) {
            us_buf_puts(&top, " -> ");
            us_buf_puts(&top, a->suggestion);
        }
        us_buf_printf(&top, " (%s)", unspun_kind_name(a->kind));
    }
    if (file)
        csv_field(&b, file, strlen(file));
    us_buf_printf(&b, ",%.1f,%s,%zu,%zu,", unspun_result_score(r),
                  unspun_verdict_name(unspun_result_verdict(r)),
                  unspun_result_words(r), unspun_result_count(r));
    if (top.failed)
        b.failed = 1;
    else if (top.len)
        csv_field(&b, top.data, top.len);
    us_buf_puts(&b, ",\r\n");
    us_buf_free(&top);
    return us_buf_take(&b, out, len);
}

unspun_status unspun_render_error_csv(const char *file, const unspun_error *err,
                                      char **out, size_t *len)
{
    if (!err || !out)
        return UNSPUN_E_ARG;
    us_buf b, msg;
    us_buf_init(&b, &us_default_allocator);
    us_buf_init(&msg, &us_default_allocator);
    /* The same text as unspun_render_error_json's "error". */
    us_buf_puts(&msg, us_error_message(err));
    us_error_where(&msg, err);
    if (file)
        csv_field(&b, file, strlen(file));
    us_buf_puts(&b, ",,,,,,");
    if (msg.failed)
        b.failed = 1;
    else
        csv_field(&b, msg.data, msg.len);
    us_buf_puts(&b, "\r\n");
    us_buf_free(&msg);
    return us_buf_take(&b, out, len);
}
