/* cli_util.c - messages, input reading and reference pools shared by the
 * unspun commands (cli.h). */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

const char *const prog = "unspun";
const char *help_hint = "unspun --help";

void usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%s: ", prog);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry '%s' for more information.\n", help_hint);
    exit(EXIT_FATAL);
}

void *xmalloc(size_t n)
{
    return xrealloc(NULL, n);
}

void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) {
        fprintf(stderr, "%s: out of memory\n", prog);
        exit(EXIT_FATAL);
    }
    return q;
}

char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    return memcpy(xmalloc(n), s, n);
}

char *xasprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return NULL;
    char *s = xmalloc((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return s;
}

const char *cli_option_value(int argc, char **argv, int *i,
                             const char *const *valued, size_t n,
                             char name[CLI_OPT_NAME])
{
    const char *a = argv[*i];
    const char *eq = strchr(a, '=');
    size_t nl = eq ? (size_t)(eq - a) : strlen(a);
    int known = 0;
    if (nl < CLI_OPT_NAME) {
        memcpy(name, a, nl);
        name[nl] = '\0';
        for (size_t k = 0; k < n && !known; k++)
            known = !strcmp(name, valued[k]);
    }
    if (!known)
        usage_error("unknown option '%s'", a);
    if (eq)
        return eq + 1;
    if (*i + 1 >= argc)
        usage_error("option '%s' needs a value", name);
    return argv[++*i];
}

double parse_score(const char *flag, const char *s)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || *end || v < 0 || v > 100)
        usage_error("%s needs a score between 0 and 100", flag);
    return v;
}

double parse_confidence(const char *flag, const char *s)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || *end || !(v >= 0 && v <= 1))
        usage_error("%s needs a number between 0 and 1, not '%s'", flag, s);
    return v;
}

size_t parse_size(const char *s)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s || s[0] == '-')
        usage_error("--max-bytes needs a size like 1000000 or 64M, not '%s'",
                    s);
    unsigned shift = 0;
    switch (*end) {
    case 'k':
    case 'K':
        shift = 10, end++;
        break;
    case 'm':
    case 'M':
        shift = 20, end++;
        break;
    case 'g':
    case 'G':
        shift = 30, end++;
        break;
    }
    if (*end || v == 0 || v > (SIZE_MAX >> shift))
        usage_error("--max-bytes needs a size like 1000000 or 64M, not '%s'",
                    s);
    return (size_t)v << shift;
}

char *data_near_exe(void)
{
    static char path[PATH_MAX + 64];
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return NULL;
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (!slash)
        return NULL;
    *slash = '\0';
    snprintf(path, sizeof path, "%s/../share/unspun/unspun.dat", exe);
    return access(path, R_OK) == 0 ? path : NULL;
}

unspun_status read_fd(int fd, size_t max, size_t hint, char **out, size_t *len,
                      int *sys_errno)
{
    *out = NULL;
    *len = 0;
    /* Read to EOF, but never more than max + 1 bytes: the size may change
     * while we read, and a stream has none. */
    size_t cap = hint + 1 > 4096 ? hint + 1 : 4096, n = 0;
    if (cap > max + 1)
        cap = max + 1;
    char *buf = malloc(cap);
    if (!buf)
        return UNSPUN_E_NOMEM;
    for (;;) {
        if (n == cap) {
            if (cap > max)
                break;
            size_t ncap = cap * 2 > max + 1 ? max + 1 : cap * 2;
            char *nb = realloc(buf, ncap);
            if (!nb) {
                free(buf);
                return UNSPUN_E_NOMEM;
            }
            buf = nb;
            cap = ncap;
        }
        ssize_t r = read(fd, buf + n, cap - n);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            *sys_errno = errno;
            free(buf);
            return UNSPUN_E_IO;
        }
        if (r == 0)
            break;
        n += (size_t)r;
    }
    if (n > max) {
        free(buf);
        return UNSPUN_E_TOO_BIG;
    }
    *out = buf;
    *len = n;
    return UNSPUN_OK;
}

/* ---- inputs named by path: one reading for score and scan ---- */

const char *cli_kind_skip(mode_t m)
{
    if (S_ISFIFO(m))
        return "not a regular file (FIFO): skipped";
    if (S_ISCHR(m))
        return "not a regular file (character device): skipped";
    if (S_ISBLK(m))
        return "not a regular file (block device): skipped";
    if (S_ISSOCK(m))
        return "not a regular file (socket): skipped";
    return "not a regular file: skipped";
}

cli_path_kind cli_classify(const char *path, const char **why, int *sys_errno)
{
    *why = NULL;
    *sys_errno = 0;
    struct stat sb;
    if (stat(path, &sb) != 0) {
        int e = errno;
        struct stat lb;
        if (lstat(path, &lb) == 0 && S_ISLNK(lb.st_mode)) {
            *why = e == ELOOP ? "symbolic link loop: skipped"
                              : "broken symbolic link: skipped";
            *sys_errno = e == ELOOP || e == ENOENT ? 0 : e;
        } else {
            *why = "cannot read file";
            *sys_errno = e;
        }
        return CLI_PATH_SKIP;
    }
    if (S_ISDIR(sb.st_mode))
        return CLI_PATH_DIR;
    if (S_ISREG(sb.st_mode))
        return CLI_PATH_REGULAR;
    *why = cli_kind_skip(sb.st_mode);
    return CLI_PATH_SKIP;
}

unspun_status cli_read_regular(const char *path, size_t max, char **out,
                               size_t *len, int *sys_errno, const char **why)
{
    *out = NULL;
    *len = 0;
    *why = NULL;
    *sys_errno = 0;
    /* O_NONBLOCK: a FIFO swapped in since the path was classified cannot
     * block the open; fstat on the open descriptor decides. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        *sys_errno = errno;
        return UNSPUN_E_IO;
    }
    struct stat sb;
    if (fstat(fd, &sb) != 0) {
        *sys_errno = errno;
        close(fd);
        return UNSPUN_E_IO;
    }
    if (!S_ISREG(sb.st_mode)) {
        close(fd);
        *why = S_ISDIR(sb.st_mode) ? "is a directory: skipped"
                                   : cli_kind_skip(sb.st_mode);
        return UNSPUN_E_IO;
    }
    if ((unsigned long long)sb.st_size > max) {
        close(fd);
        return UNSPUN_E_TOO_BIG;
    }
    unspun_status rc =
        read_fd(fd, max, (size_t)sb.st_size, out, len, sys_errno);
    close(fd);
    return rc;
}

unspun_status cli_read_path(const char *path, size_t max, const char *dir_why,
                            char **out, size_t *len, int *sys_errno,
                            const char **why)
{
    *out = NULL;
    *len = 0;
    switch (cli_classify(path, why, sys_errno)) {
    case CLI_PATH_SKIP:
        return UNSPUN_E_IO;
    case CLI_PATH_DIR:
        *why = dir_why;
        return UNSPUN_E_IO;
    case CLI_PATH_REGULAR:
        break;
    }
    return cli_read_regular(path, max, out, len, sys_errno, why);
}

void cli_read_error(unspun_status rc, const char *why, int sys_errno,
                    size_t max, unspun_error *e)
{
    e->code = rc;
    e->message = why;
    e->sys_errno = sys_errno;
    e->offset = rc == UNSPUN_E_TOO_BIG ? max : SIZE_MAX;
}

unspun_status cli_read_input(const char *path, size_t max, char **out,
                             size_t *len, unspun_error *e)
{
    int sys_errno = 0;
    const char *why = NULL;
    unspun_status rc =
        !strcmp(path, "-")
            ? read_fd(STDIN_FILENO, max, 0, out, len, &sys_errno)
            : cli_read_path(path, max,
                            "is a directory (use unspun scan for folders)", out,
                            len, &sys_errno, &why);
    if (rc)
        cli_read_error(rc, why, sys_errno, max, e);
    return rc;
}

char *cli_error_message(const unspun_error *e)
{
    const char *m = e->message ? e->message : unspun_strerror(e->code);
    char eb[128] = "";
    if (e->sys_errno && strerror_r(e->sys_errno, eb, sizeof eb) != 0)
        snprintf(eb, sizeof eb, "errno %d", e->sys_errno);
    size_t n = strlen(m) + strlen(eb) + 3;
    char *s = malloc(n);
    if (s)
        snprintf(s, n, "%s%s%s", m, e->sys_errno ? ": " : "", eb);
    return s;
}

char *cli_error_text(const unspun_error *e)
{
    const char *m = e->message ? e->message : unspun_strerror(e->code);
    char tail[64] = "";
    if (e->offset != SIZE_MAX &&
        (e->code == UNSPUN_E_UTF8 || e->code == UNSPUN_E_BINARY))
        snprintf(tail, sizeof tail, " at byte %zu", e->offset);
    else if (e->offset != SIZE_MAX && e->code == UNSPUN_E_TOO_BIG)
        snprintf(tail, sizeof tail, " (limit %zu bytes)", e->offset);
    size_t n = strlen(m) + strlen(tail) + 1;
    char *s = malloc(n);
    if (s)
        snprintf(s, n, "%s%s", m, tail);
    return s;
}

/* e's message with its errno's text (*owned: what to free once e is no
 * longer used, or NULL), then as the renderers write it, offsets
 * included: what every stderr line says after the input's name. */
static char *full_error_text(unspun_error *e, char **owned)
{
    *owned = cli_error_message(e);
    if (*owned)
        e->message = *owned;
    return cli_error_text(e);
}

char *cli_input_error(const char *name, unspun_error *e, char **owned)
{
    char *et = full_error_text(e, owned);
    const char *text = et ? et : unspun_strerror(e->code);
    size_t n = strlen(prog) + strlen(name) + strlen(text) + 6;
    char *line = malloc(n);
    if (line)
        snprintf(line, n, "%s: %s: %s\n", prog, name, text);
    free(et);
    return line;
}

int cli_has_html_ext(const char *path)
{
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    const char *dot = strrchr(b, '.');
    if (!dot)
        return 0;
    static const char *const ext[] = {".html", ".htm", ".xhtml"};
    for (size_t i = 0; i < sizeof ext / sizeof *ext; i++) {
        size_t n = strlen(ext[i]);
        if (strlen(dot) != n)
            continue;
        size_t k = 0;
        while (k < n && (dot[k] | 0x20) == ext[i][k])
            k++;
        if (k == n)
            return 1;
    }
    return 0;
}

int cli_markup_html(enum cli_markup m, const char *path)
{
    int is_stdin = !path || !strcmp(path, "-");
    return m == CLI_MARKUP_HTML ||
           (m == CLI_MARKUP_AUTO && !is_stdin && cli_has_html_ext(path));
}

/* ---- reference pools ---- */

/* One stderr line for a reference that cannot be used: e says why, and
 * where, as a document's line does (cli_input_error). */
static void ref_failed(const char *path, const unspun_error *e)
{
    unspun_error c = *e;
    char *m, *t = full_error_text(&c, &m);
    fprintf(stderr, "%s: reference %s: %s\n", prog, path,
            t ? t : unspun_strerror(e->code));
    free(t);
    free(m);
}

/* ... and for one that could not be read. */
static void ref_unread(const char *path, unspun_status rc, const char *why,
                       int sys_errno, size_t max)
{
    unspun_error e;
    cli_read_error(rc, why, sys_errno, max, &e);
    ref_failed(path, &e);
}

/* Add `text` to the pool as the reference `path`, read as --markup `m`
 * says: 0, or -1 after one stderr line (quiet: 0, nothing said). */
static int refs_add_text(unspun_refset *rs, unspun_worker *w, enum cli_markup m,
                         const char *path, const char *text, size_t len,
                         int quiet)
{
    unspun_error e = {UNSPUN_OK, NULL, SIZE_MAX, 0};
    unspun_status rc = cli_markup_html(m, path)
                           ? unspun_refset_add_html(rs, w, path, text, len, &e)
                           : unspun_refset_add(rs, w, path, text, len, &e);
    if (rc && !quiet) {
        ref_failed(path, &e);
        return -1;
    }
    return 0;
}

int cli_refs_add(unspun_refset *rs, unspun_worker *w, size_t max,
                 enum cli_markup m, const char *path, int quiet)
{
    char *text;
    size_t len;
    int sys_errno = 0;
    const char *why = NULL;
    unspun_status rc = cli_read_path(path, max, "is a directory", &text, &len,
                                     &sys_errno, &why);
    if (rc) {
        if (!quiet)
            ref_unread(path, rc, why, sys_errno, max);
        return quiet ? 0 : -1;
    }
    int failed = refs_add_text(rs, w, m, path, text, len, quiet);
    free(text);
    return failed;
}

int cli_ref_read_stream(cli_ref *r, size_t max)
{
    int fd = STDIN_FILENO;
    if (strcmp(r->path, "-")) {
        struct stat sb;
        if (stat(r->path, &sb) != 0 || !S_ISFIFO(sb.st_mode))
            return 0; /* read, or refused with its reason, with the pool */
        /* Blocking, as cat and diff open a pipe: its writer comes. */
        fd = open(r->path, O_RDONLY | O_NOCTTY | O_CLOEXEC);
        if (fd < 0) {
            ref_unread(r->path, UNSPUN_E_IO, NULL, errno, max);
            return -1;
        }
    }
    int sys_errno = 0;
    unspun_status rc = read_fd(fd, max, 0, &r->text, &r->len, &sys_errno);
    if (fd != STDIN_FILENO)
        close(fd);
    if (rc) {
        ref_unread(r->path, rc, NULL, sys_errno, max);
        return -1;
    }
    return 1;
}

static int cmp_path(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every regular file of a directory, in name order (stable output). */
static int add_dir(unspun_refset *rs, unspun_worker *w, size_t max,
                   enum cli_markup m, const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "%s: --ref-dir %s: %s\n", prog, dir, strerror(errno));
        return -1;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    int rc = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        size_t l = strlen(dir) + strlen(de->d_name) + 2;
        char *p = malloc(l);
        if (!p) {
            rc = -1;
            break;
        }
        snprintf(p, l, "%s/%s", dir, de->d_name);
        struct stat sb;
        if (stat(p, &sb) != 0 || !S_ISREG(sb.st_mode)) {
            free(p);
            continue;
        }
        if (n == cap) {
            size_t nc = cap ? cap * 2 : 64;
            char **nn = realloc(names, nc * sizeof *nn);
            if (!nn) {
                free(p);
                rc = -1;
                break;
            }
            names = nn;
            cap = nc;
        }
        names[n++] = p;
    }
    closedir(d);
    if (rc)
        fprintf(stderr, "%s: out of memory\n", prog);
    if (n)
        qsort(names, n, sizeof *names, cmp_path);
    for (size_t i = 0; i < n; i++) {
        if (!rc)
            rc = cli_refs_add(rs, w, max, m, names[i], 0);
        free(names[i]);
    }
    free(names);
    return rc;
}

unspun_refset *cli_refs_open(unspun_engine *eng, unspun_worker *w, size_t max,
                             enum cli_markup m, const cli_ref *files,
                             size_t nfiles, char *const *dirs, size_t ndirs)
{
    unspun_refset *rs = NULL;
    unspun_error e;
    if (unspun_refset_new(eng, NULL, &rs, &e) != UNSPUN_OK) {
        fprintf(stderr, "%s: %s\n", prog, e.message);
        return NULL;
    }
    for (size_t i = 0; i < nfiles; i++)
        if (files[i].text ? refs_add_text(rs, w, m, files[i].path,
                                          files[i].text, files[i].len, 0)
                          : cli_refs_add(rs, w, max, m, files[i].path, 0))
            goto fail;
    for (size_t i = 0; i < ndirs; i++)
        if (add_dir(rs, w, max, m, dirs[i]))
            goto fail;
    return rs;
fail:
    unspun_refset_free(rs);
    return NULL;
}

int cli_refs_seal(unspun_refset *rs, unspun_worker *w)
{
    unspun_error e;
    if (unspun_refset_seal(rs, w, &e) != UNSPUN_OK) {
        fprintf(stderr, "%s: references: %s\n", prog, e.message);
        return -1;
    }
    return 0;
}

size_t cli_refs_self(const unspun_refset *rs, size_t nfiles, const char *path)
{
    struct stat ds;
    if (!rs || !strcmp(path, "-") || stat(path, &ds) != 0)
        return 0;
    for (size_t k = nfiles; k < unspun_refset_count(rs); k++) {
        struct stat sb;
        if (stat(unspun_refset_name(rs, k), &sb) == 0 &&
            sb.st_dev == ds.st_dev && sb.st_ino == ds.st_ino)
            return k + 1;
    }
    return 0;
}
