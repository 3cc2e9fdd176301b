/* alloc.c - allocator hook and growable buffers.
 *
 * Every allocation of the library goes through an unspun_allocator so that
 * tests can fail the Nth allocation and check that nothing leaks. Buffers
 * keep a sticky failure flag instead of returning a status per append: the
 * caller checks it once, which keeps renderers readable. */
#include "alloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *c_malloc(void *ctx, size_t n)
{
    (void)ctx;
    return malloc(n ? n : 1);
}

static void *c_realloc(void *ctx, void *p, size_t old_n, size_t n)
{
    (void)ctx;
    (void)old_n;
    return realloc(p, n ? n : 1);
}

static void c_free(void *ctx, void *p)
{
    (void)ctx;
    free(p);
}

const unspun_allocator us_default_allocator = {c_malloc, c_realloc, c_free,
                                               NULL};

void *us_malloc(const unspun_allocator *a, size_t n)
{
    return a->malloc(a->ctx, n);
}

void *us_calloc(const unspun_allocator *a, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        return NULL;
    /* The C library's calloc knows when fresh pages are zero already (a
     * large block is mapped anew): the per-word tables a worker makes are
     * then only faulted in where they are used, not all by memset. */
    if (a->malloc == c_malloc)
        return calloc(n ? n : 1, size ? size : 1);
    void *p = a->malloc(a->ctx, n * size);
    if (p)
        memset(p, 0, n * size);
    return p;
}

void *us_realloc(const unspun_allocator *a, void *p, size_t old_n, size_t n)
{
    if (!p)
        return a->malloc(a->ctx, n);
    return a->realloc(a->ctx, p, old_n, n);
}

void us_free(const unspun_allocator *a, void *p)
{
    if (p)
        a->free(a->ctx, p);
}

int us_grow(const unspun_allocator *a, void **p, size_t *cap, size_t need,
            size_t size)
{
    if (need <= *cap)
        return 0;
    size_t ncap = *cap ? *cap : 16;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2)
            return -1;
        ncap *= 2;
    }
    if (ncap > SIZE_MAX / size)
        return -1;
    void *np = us_realloc(a, *p, *cap * size, ncap * size);
    if (!np)
        return -1;
    *p = np;
    *cap = ncap;
    return 0;
}

void us_buf_init(us_buf *b, const unspun_allocator *alc)
{
    b->alc = alc;
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
    b->failed = 0;
}

void us_buf_free(us_buf *b)
{
    us_free(b->alc, b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

static int reserve(us_buf *b, size_t extra)
{
    if (b->failed)
        return -1;
    if (extra > SIZE_MAX - b->len - 1) {
        b->failed = 1;
        return -1;
    }
    void *p = b->data;
    if (us_grow(b->alc, &p, &b->cap, b->len + extra + 1, 1)) {
        b->failed = 1;
        return -1;
    }
    b->data = p;
    return 0;
}

void us_buf_put(us_buf *b, const char *s, size_t n)
{
    if (reserve(b, n))
        return;
    if (n)
        memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void us_buf_puts(us_buf *b, const char *s)
{
    us_buf_put(b, s, strlen(s));
}

void us_buf_putc(us_buf *b, char c)
{
    us_buf_put(b, &c, 1);
}

void us_buf_printf(us_buf *b, const char *fmt, ...)
{
    char small[128];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->failed = 1;
        return;
    }
    if ((size_t)n < sizeof small) {
        us_buf_put(b, small, (size_t)n);
        return;
    }
    if (reserve(b, (size_t)n))
        return;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void us_buf_json_str(us_buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7f)
            continue;
        us_buf_put(b, s + run, i - run);
        run = i + 1;
        switch (c) {
        case '"':
            us_buf_put(b, "\\\"", 2);
            break;
        case '\\':
            us_buf_put(b, "\\\\", 2);
            break;
        case '\n':
            us_buf_put(b, "\\n", 2);
            break;
        case '\r':
            us_buf_put(b, "\\r", 2);
            break;
        case '\t':
            us_buf_put(b, "\\t", 2);
            break;
        default: {
            char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            us_buf_put(b, u, 6);
        }
        }
    }
    us_buf_put(b, s + run, n - run);
}

unspun_status us_buf_take(us_buf *b, char **out, size_t *len)
{
    if (b->failed) {
        us_buf_free(b);
        return UNSPUN_E_NOMEM;
    }
    *out = b->data;
    if (len)
        *len = b->len;
    return UNSPUN_OK;
}
