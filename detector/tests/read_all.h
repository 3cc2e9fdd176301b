/* read_all.h - read a whole file, for the tests and the test-side
 * benchmarks (no CMocka here, so programs without it can use it too). */
#ifndef READ_ALL_H
#define READ_ALL_H

#include <stdio.h>
#include <stdlib.h>

/* The file's bytes, NUL-terminated (the caller frees), with their count in
 * *len; NULL if it cannot be read. */
static inline char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    if (buf) {
        buf[n] = '\0';
        *len = (size_t)n;
    }
    return buf;
}

#endif
