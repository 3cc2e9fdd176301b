/* alloc.h - the library's allocator hook and a growable byte buffer. */
#ifndef US_ALLOC_H
#define US_ALLOC_H

#include <stddef.h>
#include <stdint.h>

#include "unspun.h"

/* The C library allocator wrapped as an unspun_allocator. */
extern const unspun_allocator us_default_allocator;

void *us_malloc(const unspun_allocator *a, size_t n);
void *us_calloc(const unspun_allocator *a, size_t n, size_t size);
void *us_realloc(const unspun_allocator *a, void *p, size_t old_n, size_t n);
void us_free(const unspun_allocator *a, void *p);

/* Grow *p (an array of *cap elements of `size` bytes) to hold at least
 * `need` elements, geometrically and overflow-checked. 0 on success, -1 on
 * overflow or allocation failure (then *p is unchanged). */
int us_grow(const unspun_allocator *a, void **p, size_t *cap, size_t need,
            size_t size);

/* A growable NUL-terminated byte string. */
typedef struct us_buf {
    const unspun_allocator *alc;
    char *data;
    size_t len;
    size_t cap;
    int failed; /* sticky: set once an append could not allocate */
} us_buf;

void us_buf_init(us_buf *b, const unspun_allocator *alc);
void us_buf_free(us_buf *b);
void us_buf_put(us_buf *b, const char *s, size_t n);
void us_buf_puts(us_buf *b, const char *s);
void us_buf_putc(us_buf *b, char c);
void us_buf_printf(us_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Append `s` (n bytes) as the body of a JSON string (no quotes). */
void us_buf_json_str(us_buf *b, const char *s, size_t n);
/* Hand b's bytes to the caller as rendered output (*out, and their count
 * in *len when len is not NULL): UNSPUN_OK, or UNSPUN_E_NOMEM when an
 * append failed (b is then freed). */
unspun_status us_buf_take(us_buf *b, char **out, size_t *len);

#endif
