/* render_json.c - the contract's JSON for one result or one error.
 *
 * Field order and float precision are fixed (score one decimal, confidence
 * three), so the same result always renders to the same bytes: golden
 * files compare them exactly. */
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "error.h"

/* Rendered output is the caller's to free with unspun_free(), which is
 * the C library's free: every renderer allocates it with the default
 * allocator. */
void unspun_free(void *p)
{
    free(p);
}

static void json_string_or_null(us_buf *b, const char *s)
{
    if (!s) {
        us_buf_puts(b, "null");
        return;
    }
    us_buf_putc(b, '"');
    us_buf_json_str(b, s, strlen(s));
    us_buf_putc(b, '"');
}

unspun_status unspun_render_json(const unspun_result *r, const char *file,
                                 char **out, size_t *len)
{
    if (!r || !out)
        return UNSPUN_E_ARG;
    us_buf b;
    us_buf_init(&b, &us_default_allocator);
    us_buf_puts(&b, "{\"file\":");
    json_string_or_null(&b, file);
    us_buf_printf(&b, ",\"score\":%.1f,\"verdict\":\"%s\",\"words\":%zu,",
                  unspun_result_score(r),
                  unspun_verdict_name(unspun_result_verdict(r)),
                  unspun_result_words(r));
    us_buf_puts(&b, "\"artifacts\":[");
    for (size_t i = 0; i < unspun_result_count(r); i++) {
        const unspun_artifact *a = unspun_result_artifact(r, i);
        us_buf_printf(&b,
                      "%s{\"start\":%zu,\"end\":%zu,\"line\":%zu,\"col\":%zu,"
                      "\"text\":",
                      i ? "," : "", a->start, a->end, a->line, a->col);
        json_string_or_null(&b, a->text);
        us_buf_puts(&b, ",\"suggestion\":");
        json_string_or_null(&b, a->suggestion);
        us_buf_printf(&b, ",\"kind\":\"%s\",\"confidence\":%.3f",
                      unspun_kind_name(a->kind), a->confidence);
        if (a->ref)
            us_buf_printf(&b,
                          ",\"reference\":{\"index\":%zu,\"start\":%zu,"
                          "\"end\":%zu}",
                          (size_t)(a->ref - unspun_result_ref(r, 0)),
                          a->ref_start, a->ref_end);
        us_buf_putc(&b, '}');
    }
    us_buf_putc(&b, ']');
    /* Reference mode only, after every field of the original contract. */
    size_t nref = unspun_result_ref_count(r);
    if (nref) {
        us_buf_puts(&b, ",\"references\":[");
        for (size_t k = 0; k < nref; k++) {
            const unspun_reference *rf = unspun_result_ref(r, k);
            us_buf_puts(&b, k ? ",{\"path\":" : "{\"path\":");
            json_string_or_null(&b, rf->name);
            us_buf_printf(&b, ",\"coverage\":%.3f}", rf->coverage);
        }
        us_buf_putc(&b, ']');
    }
    us_buf_puts(&b, "}\n");
    return us_buf_take(&b, out, len);
}

unspun_status unspun_render_error_json(const char *file,
                                       const unspun_error *err, char **out,
                                       size_t *len)
{
    if (!err || !out)
        return UNSPUN_E_ARG;
    us_buf b;
    us_buf_init(&b, &us_default_allocator);
    us_buf_puts(&b, "{\"file\":");
    json_string_or_null(&b, file);
    us_buf_puts(&b, ",\"error\":\"");
    const char *m = us_error_message(err);
    us_buf_json_str(&b, m, strlen(m));
    us_error_where(&b, err);
    us_buf_puts(&b, "\"}\n");
    return us_buf_take(&b, out, len);
}
