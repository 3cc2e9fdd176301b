/* stream.c - `unspun scan --stdin` and `--stdin-paths`: one input per
 * line of standard input (stream.h). */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "jsonl.h"
#include "stream.h"

/* Lines of at most `limit` bytes from a descriptor, in constant memory: a
 * longer line is reported as such and its bytes are discarded. */
typedef struct lines {
    int fd;
    char *buf;
    size_t cap, start, end, limit;
    int eof;
    size_t lineno;
} lines;

/* 1: a line in (*p, *n); 2: a line over the limit (skipped); 0: end;
 * -1: read error (errno). */
static int next_line(lines *l, char **p, size_t *n)
{
    int too_long = 0;
    for (;;) {
        char *nl = memchr(l->buf + l->start, '\n', l->end - l->start);
        if (nl || (l->eof && l->end > l->start)) {
            size_t len =
                nl ? (size_t)(nl - (l->buf + l->start)) : l->end - l->start;
            *p = l->buf + l->start;
            *n = len;
            l->start += len + (nl != NULL);
            l->lineno++;
            if (too_long)
                return 2;
            return 1;
        }
        if (l->eof) {
            if (too_long) {
                l->lineno++;
                return 2;
            }
            return 0;
        }
        /* Need more bytes: compact, grow up to the limit, or discard. */
        if (l->start) {
            memmove(l->buf, l->buf + l->start, l->end - l->start);
            l->end -= l->start;
            l->start = 0;
        }
        if (l->end - l->start >= l->limit) {
            too_long = 1;
            l->start = l->end = 0;
        }
        if (l->end == l->cap) {
            size_t ncap = l->cap * 2;
            if (ncap > l->limit + 1)
                ncap = l->limit + 1;
            l->buf = xrealloc(l->buf, ncap);
            l->cap = ncap;
        }
        ssize_t r = read(l->fd, l->buf + l->end, l->cap - l->end);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        if (r == 0)
            l->eof = 1;
        l->end += (size_t)r;
    }
}

int stream_produce(jobs *q, int paths, const cli_common *c,
                   const unspun_refset *refs)
{
    lines l = {STDIN_FILENO, NULL, 1 << 16, 0, 0, 0, 0, 0};
    size_t lim = c->max_bytes;
    l.limit =
        lim > (SIZE_MAX - (1u << 16)) / 2 ? SIZE_MAX / 2 : lim * 2 + (1u << 16);
    l.buf = xrealloc(NULL, l.cap);
    int rc = 0;
    for (;;) {
        char *p = NULL;
        size_t n = 0;
        int r = next_line(&l, &p, &n);
        if (r == 0)
            break;
        if (r < 0) {
            fprintf(stderr, "%s: cannot read standard input: %s\n", prog,
                    strerror(errno));
            rc = -1;
            break;
        }
        job j;
        memset(&j, 0, sizeof j);
        j.lineno = l.lineno;
        j.refs = refs;
        if (r == 2) {
            j.skip_msg = xasprintf("record too long at line %zu (limit %zu "
                                   "bytes): skipped",
                                   l.lineno, l.limit);
            if (!j.skip_msg)
                j.skip = "record too long: skipped";
            jobs_produce(q, &j);
            continue;
        }
        if (n && p[n - 1] == '\r')
            n--;
        size_t k = 0;
        while (k < n && (p[k] == ' ' || p[k] == '\t'))
            k++;
        if (k == n)
            continue; /* blank line: not a record */
        if (paths) {
            char *path = xrealloc(NULL, n + 1);
            memcpy(path, p, n);
            path[n] = '\0';
            j.name_owned = path;
            j.name = path;
            j.path = path;
            const char *why;
            int err;
            cli_path_kind pk = cli_classify(path, &why, &err);
            if (pk == CLI_PATH_DIR) {
                j.skip = "is a directory: skipped (give folders as PATH "
                         "arguments)";
            } else if (pk == CLI_PATH_SKIP) {
                j.skip = why;
                j.sys_errno = err;
            }
            j.html = cli_markup_html(c->markup, path);
            jobs_produce(q, &j);
            continue;
        }
        jsonl_record rec;
        int pr = jsonl_parse(p, n, &rec);
        if (pr == 0) {
            j.name_owned = rec.id;
            j.name = rec.id;
            j.text = rec.text;
            j.len = rec.text_len;
            j.html = cli_markup_html(c->markup, NULL);
        } else {
            j.name_owned = rec.id; /* a well-formed record's id, or NULL */
            j.name = rec.id;
            j.skip_msg = xasprintf("malformed JSON Lines record at line "
                                   "%zu, byte %zu: %s",
                                   l.lineno, rec.error_col, rec.error);
            if (!j.skip_msg)
                j.skip = "malformed JSON Lines record";
        }
        jobs_produce(q, &j);
    }
    free(l.buf);
    return rc;
}
