/* build.c - what the steps of unspun-compile share (build.h): failing
 * with one line, allocation that cannot fail, reading a file, interned
 * strings, and the data version's hash. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "build.h"

void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("unspun-compile: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(2);
}

void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        die("out of memory");
    return p;
}

void *xcalloc(size_t n, size_t m)
{
    void *p = calloc(n ? n : 1, m ? m : 1);
    if (!p)
        die("out of memory");
    return p;
}

void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p)
        die("out of memory");
    return p;
}

char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        die("cannot open %s: %s", path, strerror(errno));
    size_t cap = 1 << 20, n = 0;
    char *buf = xmalloc(cap);
    size_t r;
    while ((r = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += r;
        if (cap - n - 1 == 0)
            buf = xrealloc(buf, cap *= 2);
    }
    if (ferror(f))
        die("cannot read %s: %s", path, strerror(errno));
    fclose(f);
    buf[n] = '\0';
    *len = n;
    return buf;
}

uint32_t st_find(strtab *t, const char *s, size_t n, int add)
{
    if (!t->nslot) {
        t->nslot = 1 << 16;
        t->slot = xcalloc(t->nslot, sizeof *t->slot);
    }
    uint32_t mask = t->nslot - 1;
    uint32_t h = (uint32_t)us_hash_str(s, n) & mask;
    for (;; h = (h + 1) & mask) {
        uint32_t id = t->slot[h];
        if (!id)
            break;
        id--;
        if (t->len[id] == n && memcmp(t->str[id], s, n) == 0)
            return id;
    }
    if (!add)
        return US_NONE;
    if (t->n == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 1024;
        t->str = xrealloc(t->str, t->cap * sizeof *t->str);
        t->len = xrealloc(t->len, t->cap * sizeof *t->len);
        t->count = xrealloc(t->count, t->cap * sizeof *t->count);
    }
    uint32_t id = t->n++;
    t->str[id] = xmalloc(n + 1);
    memcpy(t->str[id], s, n);
    t->str[id][n] = '\0';
    t->len[id] = (uint32_t)n;
    t->count[id] = 0;
    t->slot[h] = id + 1;
    if ((uint64_t)t->n * 2 > t->nslot) { /* rehash */
        uint32_t ns = t->nslot * 2;
        uint32_t *sl = xcalloc(ns, sizeof *sl);
        for (uint32_t i = 0; i < t->n; i++) {
            uint32_t k = (uint32_t)us_hash_str(t->str[i], t->len[i]) & (ns - 1);
            while (sl[k])
                k = (k + 1) & (ns - 1);
            sl[k] = i + 1;
        }
        free(t->slot);
        t->slot = sl;
        t->nslot = ns;
    }
    return id;
}

void st_free(strtab *t)
{
    for (uint32_t i = 0; i < t->n; i++)
        free(t->str[i]);
    free(t->str);
    free(t->len);
    free(t->count);
    free(t->slot);
    memset(t, 0, sizeof *t);
}

int cmp_str(const void *x, const void *y)
{
    return strcmp(*(char *const *)x, *(char *const *)y);
}

int is_alpha_word(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (!((c >= 'a' && c <= 'z') || c == '\'' || c >= 0x80))
            return 0;
    }
    return 1;
}

char *lower_trim(const char *s, size_t n)
{
    while (n && (*s == ' ' || *s == '\t'))
        s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' ||
                 s[n - 1] == '\n'))
        n--;
    char *r = xmalloc(n + 1);
    for (size_t i = 0; i < n; i++)
        r[i] = (char)((s[i] >= 'A' && s[i] <= 'Z') ? s[i] + 32 : s[i]);
    r[n] = '\0';
    return r;
}

void build_hash(build *b, const void *p, size_t n)
{
    b->vh = b->vh * 31 + us_hash_str(p, n);
}
