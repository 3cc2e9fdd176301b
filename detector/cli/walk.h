/* walk.h - the inputs of a folder scan: every file under each PATH, in
 * path order, and the folders they share.
 *
 * Folders are walked recursively, entries in name order; symbolic links
 * are followed, but every folder is walked once (by device and inode),
 * under its real path: links to folders are walked last, and link loops
 * cannot recur. What is not a regular file or a folder is an input that
 * cannot be scored, named with the reason (cli_classify), never opened.
 * Program code. */
#ifndef UNSPUN_CLI_WALK_H
#define UNSPUN_CLI_WALK_H

#include <stddef.h>
#include <sys/types.h>

#include "unspun.h"

/* One input. `skip` is set when it is known, without opening it, that it
 * cannot be scored (then `sys_errno` may explain). The rest is the scan's
 * (scan.c), zero until it sets it. */
typedef struct entry {
    char *path;
    const char *skip;
    int sys_errno;
    const unspun_refset *refs; /* its reference pool, or NULL */
    size_t ref_skip;           /* 1 + its own index in that pool, or 0 */
    int peers;                 /* the pool is its folder's siblings */
    size_t group;              /* 1 + its sibling group, or 0 */
    size_t member;             /* its index in that group */
} entry;

typedef struct walk {
    /* --include and --exclude (fnmatch globs: one with '/' matches the
     * whole path, else the file name) */
    const char *const *includes, *const *excludes;
    size_t ninc, nexc;
    entry *e; /* the inputs, sorted by path */
    size_t n, cap;
    struct devino *seen; /* open-addressing set of the folders walked */
    size_t nseen, capseen;
    char **deferred; /* symbolic links to folders, walked last */
    size_t ndeferred, capdeferred;
} walk;

/* Walk the n paths into w->e (w's globs set, the rest zero); "dir/" and
 * "dir" name one folder. */
void walk_inputs(walk *w, char *const *paths, size_t n);
void walk_free(walk *w);

/* Call fn for each folder of the inputs, with the indexes of its inputs
 * in path order (idx[0..n)) and how many of them may be scored (no
 * `skip`); stop at the first that returns nonzero and return that. */
int walk_folders(const walk *w,
                 int (*fn)(void *ctx, const size_t *idx, size_t n,
                           size_t members),
                 void *ctx);

#endif
