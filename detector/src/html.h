/* html.h - the text content of an HTML document, mapped back to its bytes.
 *
 * UNSPUN_OPT_HTML scores what a reader sees: tags, comments, <script> and
 * <style> are dropped and character references (&amp; &#8217; &eacute;)
 * are decoded. The pipeline runs on that compact text; every byte of it
 * remembers where it came from, so artifacts are reported as offsets into
 * the HTML exactly as given and their `text` is cut from the original. */
#ifndef US_HTML_H
#define US_HTML_H

#include <stddef.h>
#include <stdint.h>

#include "tokenize.h"
#include "unspun.h"

typedef struct us_html {
    const unspun_allocator *alc;
    const char *orig; /* the HTML as given (not owned) */
    size_t orig_len;
    char *text; /* the text content, NUL-terminated */
    size_t len;
    /* map[i]: offset in `orig` of the unit text[i] came from; bit 31 set
     * when that unit is a character reference (its length is recomputed). */
    uint32_t *map;
} us_html;

/* Validate `s` like the tokenizer (UNSPUN_E_BINARY / UNSPUN_E_UTF8 with
 * offsets into `s`) and fill `h` with its text content. `len` must be
 * below 2^31. On failure `h` owns nothing. UNSPUN_E_NOMEM on allocation
 * failure. */
unspun_status us_html_strip(us_html *h, const unspun_allocator *alc,
                            const char *s, size_t len, unspun_error *err);

/* Map a start offset / an exclusive end offset of the text content to the
 * corresponding offsets in the original. */
size_t us_html_start(const us_html *h, size_t off);
size_t us_html_end(const us_html *h, size_t end);

/* Rewrite every token's offsets from the text content to the original. */
void us_html_remap(const us_html *h, us_tokens *t);

/* Release what us_html_strip allocated; safe on a zeroed struct. */
void us_html_free(us_html *h);

#endif
