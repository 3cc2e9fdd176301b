/* walk.c - the inputs of a folder scan (walk.h). */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE /* d_type in struct dirent (glibc, BSDs) */
#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "walk.h"

struct devino {
    dev_t dev;
    ino_t ino;
};
typedef struct devino devino;

static void add_entry(walk *w, const char *path, const char *skip, int err)
{
    if (w->n == w->cap) {
        w->cap = w->cap ? w->cap * 2 : 1024;
        w->e = xrealloc(w->e, w->cap * sizeof *w->e);
    }
    entry *e = &w->e[w->n++];
    memset(e, 0, sizeof *e); /* no reference pool until make_pools */
    e->path = xstrdup(path);
    e->skip = skip;
    e->sys_errno = err;
}

static size_t hash_devino(dev_t d, ino_t i)
{
    uint64_t h = (uint64_t)d * 0x9E3779B97F4A7C15u ^ (uint64_t)i;
    h ^= h >> 31;
    h *= 0xBF58476D1CE4E5B9u;
    return (size_t)(h ^ (h >> 29));
}

/* Add a directory to the set; 0 if it was already there. */
static int first_visit(walk *w, dev_t d, ino_t i)
{
    if ((w->nseen + 1) * 2 > w->capseen) {
        size_t ncap = w->capseen ? w->capseen * 2 : 256;
        devino *ns = xrealloc(NULL, ncap * sizeof *ns);
        memset(ns, 0, ncap * sizeof *ns);
        for (size_t k = 0; k < w->capseen; k++) {
            devino x = w->seen[k];
            if (!x.ino && !x.dev)
                continue;
            size_t h = hash_devino(x.dev, x.ino) & (ncap - 1);
            while (ns[h].ino || ns[h].dev)
                h = (h + 1) & (ncap - 1);
            ns[h] = x;
        }
        free(w->seen);
        w->seen = ns;
        w->capseen = ncap;
    }
    size_t h = hash_devino(d, i) & (w->capseen - 1);
    while (w->seen[h].ino || w->seen[h].dev) {
        if (w->seen[h].dev == d && w->seen[h].ino == i)
            return 0;
        h = (h + 1) & (w->capseen - 1);
    }
    w->seen[h].dev = d;
    w->seen[h].ino = i;
    w->nseen++;
    return 1;
}

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

static int glob_hit(const char *const *globs, size_t n, const char *path)
{
    for (size_t i = 0; i < n; i++) {
        const char *g = globs[i];
        const char *subject = strchr(g, '/') ? path : base_name(path);
        if (fnmatch(g, subject, 0) == 0)
            return 1;
    }
    return 0;
}

static void walk_path(walk *w, const char *path);

typedef struct dirent_copy {
    char *name;
    unsigned char type;
} dirent_copy;

static int cmp_dirent(const void *a, const void *b)
{
    return strcmp(((const dirent_copy *)a)->name,
                  ((const dirent_copy *)b)->name);
}

static void defer(walk *w, const char *path)
{
    if (w->ndeferred == w->capdeferred) {
        w->capdeferred = w->capdeferred ? w->capdeferred * 2 : 64;
        w->deferred =
            xrealloc(w->deferred, w->capdeferred * sizeof *w->deferred);
    }
    w->deferred[w->ndeferred++] = xstrdup(path);
}

/* Entries are read first and visited in name order (readdir's order
 * depends on the file system), with the directory closed: deep trees do
 * not hold one descriptor per level. Symbolic links to directories are
 * deferred until every real directory has been walked, so a folder is
 * always reported under its real path, never under a link to it. */
static void walk_dir(walk *w, const char *path)
{
    DIR *d = opendir(path);
    if (!d) {
        add_entry(w, path, "cannot read directory", errno);
        return;
    }
    dirent_copy *ents = NULL;
    size_t n = 0, capn = 0;
    for (;;) {
        errno = 0;
        struct dirent *de = readdir(d);
        if (!de) {
            if (errno)
                add_entry(w, path, "cannot read directory", errno);
            break;
        }
        const char *nm = de->d_name;
        if (nm[0] == '.' && (!nm[1] || (nm[1] == '.' && !nm[2])))
            continue;
        if (n == capn) {
            capn = capn ? capn * 2 : 64;
            ents = xrealloc(ents, capn * sizeof *ents);
        }
        ents[n].name = xstrdup(nm);
        ents[n].type = de->d_type;
        n++;
    }
    closedir(d);
    if (n > 1)
        qsort(ents, n, sizeof *ents, cmp_dirent);
    size_t pl = strlen(path);
    int slash = pl && path[pl - 1] == '/';
    size_t cap = pl + 256;
    char *child = xrealloc(NULL, cap);
    for (size_t k = 0; k < n; k++) {
        const char *nm = ents[k].name;
        size_t need = pl + 1 + strlen(nm) + 1;
        if (need > cap) {
            cap = need * 2;
            child = xrealloc(child, cap);
        }
        snprintf(child, cap, "%s%s%s", path, slash ? "" : "/", nm);
        if (glob_hit(w->excludes, w->nexc, child))
            continue;
        unsigned char t = ents[k].type;
        int included = !w->ninc || glob_hit(w->includes, w->ninc, child);
        if (t == DT_DIR) {
            walk_path(w, child);
        } else if (t == DT_REG) {
            if (included)
                add_entry(w, child, NULL, 0);
        } else if (t != DT_LNK && t != DT_UNKNOWN) {
            /* FIFO, device, socket: reported, never opened. */
            if (included)
                walk_path(w, child);
        } else {
            /* A symbolic link or unknown type: find out what it is. */
            struct stat lb, sb;
            if (lstat(child, &lb) == 0 && S_ISDIR(lb.st_mode))
                walk_path(w, child);
            else if (lstat(child, &lb) == 0 && S_ISLNK(lb.st_mode) &&
                     stat(child, &sb) == 0 && S_ISDIR(sb.st_mode))
                defer(w, child);
            else if (included)
                walk_path(w, child);
        }
    }
    for (size_t k = 0; k < n; k++)
        free(ents[k].name);
    free(ents);
    free(child);
}

/* Classify one path (following symbolic links) and add what it holds:
 * what is not a regular file or a folder gets its record unopened, the
 * same one `unspun score` gives (cli_classify). */
static void walk_path(walk *w, const char *path)
{
    const char *why;
    int err;
    switch (cli_classify(path, &why, &err)) {
    case CLI_PATH_SKIP:
        add_entry(w, path, why, err);
        return;
    case CLI_PATH_REGULAR:
        add_entry(w, path, NULL, 0);
        return;
    case CLI_PATH_DIR:
        break;
    }
    struct stat sb;
    if (stat(path, &sb) != 0) { /* vanished since: say so */
        add_entry(w, path, "cannot read file", errno);
        return;
    }
    if (!first_visit(w, sb.st_dev, sb.st_ino)) {
        add_entry(w, path,
                  "directory already scanned (a symbolic link loop "
                  "or a second link to it): skipped",
                  0);
        return;
    }
    walk_dir(w, path);
}

static int cmp_entry(const void *a, const void *b)
{
    return strcmp(((const entry *)a)->path, ((const entry *)b)->path);
}

void walk_inputs(walk *w, char *const *paths, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        /* "dir/" and "dir" name the same folder: report it one way. */
        char *p = xstrdup(paths[i]);
        size_t len = strlen(p);
        while (len > 1 && p[len - 1] == '/')
            p[--len] = '\0';
        walk_path(w, p);
        free(p);
    }
    /* Links to folders, once every real folder is known; a linked folder
     * may hold further links, appended as we go. */
    for (size_t i = 0; i < w->ndeferred; i++) {
        walk_path(w, w->deferred[i]);
        free(w->deferred[i]);
    }
    free(w->deferred);
    w->deferred = NULL;
    w->ndeferred = w->capdeferred = 0;
    if (w->n > 1)
        qsort(w->e, w->n, sizeof *w->e, cmp_entry);
}

void walk_free(walk *w)
{
    for (size_t i = 0; i < w->n; i++)
        free(w->e[i].path);
    free(w->e);
    free(w->seen);
    w->e = NULL;
    w->seen = NULL;
    w->n = w->cap = w->nseen = w->capseen = 0;
}

/* The folder part of a path ("a/b/c.txt" -> 3 bytes "a/b"; "c.txt" -> 0). */
static size_t dir_len(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? (size_t)(slash - path) : 0;
}

static int same_dir(const char *a, const char *b)
{
    size_t n = dir_len(a);
    return n == dir_len(b) && !memcmp(a, b, n);
}

/* Folder first, then path. */
static int cmp_by_dir(const void *x, const void *y)
{
    const char *a = (*(const entry *const *)x)->path;
    const char *b = (*(const entry *const *)y)->path;
    size_t na = dir_len(a), nb = dir_len(b);
    int c = memcmp(a, b, na < nb ? na : nb);
    if (c)
        return c;
    if (na != nb)
        return na < nb ? -1 : 1;
    return strcmp(a, b);
}

int walk_folders(const walk *w,
                 int (*fn)(void *ctx, const size_t *idx, size_t n,
                           size_t members),
                 void *ctx)
{
    if (!w->n)
        return 0;
    const entry **by = xmalloc(w->n * sizeof *by);
    size_t *idx = xmalloc(w->n * sizeof *idx);
    for (size_t i = 0; i < w->n; i++)
        by[i] = &w->e[i];
    qsort(by, w->n, sizeof *by, cmp_by_dir);
    int rc = 0;
    for (size_t a = 0; a < w->n && !rc;) {
        size_t b = a + 1;
        while (b < w->n && same_dir(by[a]->path, by[b]->path))
            b++;
        size_t members = 0;
        for (size_t k = a; k < b; k++) {
            idx[k - a] = (size_t)(by[k] - w->e);
            members += !by[k]->skip;
        }
        rc = fn(ctx, idx, b - a, members);
        a = b;
    }
    free(idx);
    free(by);
    return rc;
}
