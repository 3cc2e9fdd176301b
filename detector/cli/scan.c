/* scan.c - `unspun scan`: many documents, many threads, one record each.
 *
 * Shape of a run:
 *
 *   producer (main thread)  -> ring of W jobs -> N worker threads
 *                                            -> writer thread (in order)
 *
 * The producer hands out inputs in their final order: paths found by the
 * walk, sorted (so output never depends on --jobs or timing), or records
 * read from standard input. Workers take the next job, read and score it
 * with their own unspun_worker over the one shared engine, and render its
 * record. The writer emits records strictly in sequence, prints the stderr
 * line of failed inputs and draws the progress bar. A job's slot is reused
 * only once the writer has emitted it, so at most W documents are in
 * flight whatever the input size: memory stays constant for streams, and
 * for folders grows only with the list of paths.
 *
 * Workers are made and freed on the main thread, before and after the
 * threads run: Hunspell's loader is not known to be thread-safe. */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE /* d_type in struct dirent (glibc, BSDs) */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "jsonl.h"
#include "report.h"
#include "unspun.h"

/* ---- Help ---------------------------------------------------------------- */

const char scan_usage_text[] =
    "usage: unspun scan [options] PATH...\n"
    "       unspun scan [options] --stdin         (JSON Lines records)\n"
    "       unspun scan [options] --stdin-paths   (one path per line)\n"
    "\n"
    "Score every file under each PATH (folders recursively, files as\n"
    "given) with all cores, and rank them by paraphrase damage. Plain text\n"
    "and Markdown are read as they are; .html/.htm/.xhtml files have tags,\n"
    "comments, scripts and styles ignored and character references\n"
    "decoded, while offsets still point into the HTML as given. Symbolic\n"
    "links are followed, but every folder is scanned once (tracked by\n"
    "device and inode), under its real path: link loops cannot recur.\n"
    "\n"
    "Examples:\n"
    "  unspun scan corpus/                      ranked table on a terminal\n"
    "  unspun scan corpus/ > results.jsonl      JSON Lines when redirected\n"
    "  unspun scan --format csv --include '*.txt' corpus/ > results.csv\n"
    "  unspun scan --fail-above 50 site/ && deploy   gate a pipeline\n"
    "  unspun scan --stdin < records.jsonl      {\"id\":..,\"text\":..} "
    "per line\n"
    "  find . -name '*.md' | unspun scan --stdin-paths\n"
    "  parallel --pipe -k unspun scan --stdin < big.jsonl   many machines:\n"
    "                              see STREAMING.md (Hadoop, Spark too)\n"
    "\n"
    "Options:\n"
    "  --format table|jsonl|csv|html  output (default: table on a\n"
    "                       terminal, else jsonl). jsonl: one record per\n"
    "                       input, the same bytes as `unspun score\n"
    "                       --format json`; inputs that could not be\n"
    "                       scored give {\"file\",\"error\"}. csv: RFC 4180\n"
    "                       with a header row: file,score,verdict,words,\n"
    "                       artifacts,top_artifacts,error. table: files\n"
    "                       ranked by score with their top artifacts, then\n"
    "                       a summary. html: one self-contained page, the\n"
    "                       ranked table linking to a section per file\n"
    "                       (text marked, siblings side by side)\n"
    "  --jobs N             worker threads (default: all cores)\n"
    "  --include GLOB       in folders, scan only files matching GLOB\n"
    "                       (repeatable; a GLOB with '/' matches the whole\n"
    "                       path, else the file name; fnmatch syntax)\n"
    "  --exclude GLOB       in folders, skip files and folders matching\n"
    "                       GLOB, e.g. --exclude '.*' skips hidden ones\n"
    "  --markup auto|text|html  how to read inputs (default auto: HTML by\n"
    "                       file extension; --stdin records are text), as\n"
    "                       unspun score reads them\n"
    "  --stdin              read JSON Lines records {\"id\": ..., \"text\":\n"
    "                       \"...\"} and write one result per record, in\n"
    "                       input order, in constant memory. \"file\" is\n"
    "                       the id: a string as is, a number or boolean as\n"
    "                       its JSON text (42 -> \"42\"), absent/null id ->\n"
    "                       null. A malformed record gives an error record\n"
    "                       naming its line (and its id, if the line is\n"
    "                       well-formed JSON); blank lines are skipped\n"
    "  --stdin-paths        read one path per line and scan those files\n"
    "  --fail-above SCORE   exit 1 if some input scores above SCORE\n"
    "  --top N              table, html: show the N most damaged files\n"
    "                       only (html: default 200, 0 = all; the page\n"
    "                       says how many it leaves out)\n"
    "  --no-header          csv: omit the header row (for --pipe chunks)\n"
    "  --progress | --no-progress  progress bar on stderr (default: when\n"
    "                       stderr is a terminal and inputs are counted)\n"
    "  --max-bytes N        inputs larger than N bytes get an error record\n"
    "                       without being read (default 64M; K, M, G);\n"
    "                       --stdin lines longer than 2N+64K likewise\n"
    "  --ref FILE           compare every input with FILE, the known\n"
    "                       original wording (repeatable); every difference\n"
    "                       in wording but inflection, spelling, typography\n"
    "                       and number format is reported with the\n"
    "                       reference's wording\n"
    "  --ref-dir DIR        every file of DIR is a possible reference; the\n"
    "                       best-matching ones are used per input\n"
    "  --no-siblings        do not use the other files of an input's folder\n"
    "                       as its references. By default, in a folder of\n"
    "                       2 to --max-siblings files (default 200) every\n"
    "                       file is compared with the siblings it shares\n"
    "                       wording with (articles on one story), never\n"
    "                       with itself, as with --peers: only thesaurus\n"
    "                       swaps and function-word rewrites count\n"
    "  --max-siblings N     the largest folder whose files are siblings\n"
    "  --suspect-at SCORE, --spun-at SCORE, --quotes, --any-language,\n"
    "  --data FILE, --dict-dir DIR   as for `unspun score`\n"
    "\n"
    "Every input yields exactly one record, in path order (folders) or\n"
    "input order (--stdin): nothing is silently dropped. Inputs that cannot\n"
    "be scored (binary, invalid UTF-8, empty, too large, not English,\n"
    "unreadable, vanished, FIFOs and devices -- never opened --, symbolic\n"
    "link loops, malformed records) each give an error record and one line\n"
    "on stderr, and the scan goes on.\n"
    "\n"
    "Exit status:\n"
    "  0  every input was scored and none is above --fail-above\n"
    "  1  some input scored above --fail-above (takes precedence over 3)\n"
    "  2  usage error or fatal error (missing data, cannot write output)\n"
    "  3  the scan completed but some inputs could not be scored; their\n"
    "     records say why. Distinct from 2 because all other records are\n"
    "     valid: a pipeline can keep them and look at the failed inputs.\n";

/* ---- Options ------------------------------------------------------------- */

enum format { F_TABLE, F_JSONL, F_CSV, F_HTML };
enum markup { M_AUTO, M_TEXT, M_HTML };
enum source { S_PATHS, S_STDIN, S_STDIN_PATHS };

typedef struct scan_opts {
    enum format format;
    enum markup markup;
    enum source source;
    int jobs;
    int progress; /* -1 auto */
    int header;
    size_t top;
    int top_given;
    double fail_above;
    int have_fail_above;
    unspun_score_options sopt;
    size_t max_bytes;
    const char *data, *dict_dir;
    const char **includes, **excludes;
    size_t ninc, nexc;
    char **paths;
    size_t npaths;
    char **refs, **ref_dirs; /* --ref, --ref-dir */
    size_t nrefs, nref_dirs;
    int siblings;        /* folders' files are each other's references */
    size_t max_siblings; /* ... in folders of at most this many files */
} scan_opts;

/* ---- Inputs: the walk ---------------------------------------------------- */

/* One input of a folder scan. `skip` is set when it is known, without
 * opening it, that it cannot be scored (then `sys_errno` may explain). */
typedef struct entry {
    char *path;
    const char *skip;
    int sys_errno;
    const unspun_refset *refs; /* its reference pool, or NULL */
    size_t ref_skip;           /* 1 + its own index in that pool, or 0 */
    int peers;                 /* the pool is its folder's siblings */
    size_t group;              /* 1 + its sibling group (make_groups), or 0 */
    size_t member;             /* its index in that group */
} entry;

typedef struct devino {
    dev_t dev;
    ino_t ino;
} devino;

typedef struct walk {
    const scan_opts *o;
    entry *e;
    size_t n, cap;
    devino *seen; /* open-addressing set of directories scanned */
    size_t nseen, capseen;
    char **deferred; /* symbolic links to directories, walked last */
    size_t ndeferred, capdeferred;
    int oom;
} walk;

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) {
        fprintf(stderr, "%s: out of memory\n", prog);
        exit(EXIT_FATAL);
    }
    return q;
}

static char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    return memcpy(xrealloc(NULL, n), s, n);
}

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
        if (glob_hit(w->o->excludes, w->o->nexc, child))
            continue;
        unsigned char t = ents[k].type;
        int included =
            !w->o->ninc || glob_hit(w->o->includes, w->o->ninc, child);
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

/* ---- Jobs and the ring --------------------------------------------------- */

/* J_HELD: scored, waiting for the rest of its sibling group. */
enum { J_FREE, J_READY, J_HELD, J_DONE };

struct group;

typedef struct job {
    int state;
    size_t seq;
    size_t rank;       /* its place in the output (path order) */
    struct group *grp; /* its sibling group, or NULL */
    size_t member;     /* its index in the group */
    /* input */
    const char *name; /* the record's "file" (NULL: null) */
    char *name_owned; /* freed with the job when set */
    const char *path; /* file to read, or NULL: `text` is the document */
    char *text;
    size_t len;
    const char *skip; /* known failure: constant message */
    int sys_errno;
    char *skip_msg; /* known failure: malloc'ed message (bad records) */
    int html;
    size_t lineno; /* --stdin: the record's line, for messages */
    const unspun_refset *refs;
    size_t ref_skip;
    int peers; /* refs is a sibling pool */
    /* output */
    char *out;
    size_t outlen;
    char *errline;
    char *top;     /* table: the top artifacts, one line */
    char *section; /* html: the document's section (out is its row) */
    int failed, above;
    int data_error; /* the data file failed a checksum: fatal */
    double score;
    unspun_verdict verdict;
    size_t words, bytes;
} job;

/* The files of one folder of 2 to --max-siblings files, which may be each
 * other's references. Each is scored alone first, keeping its story
 * fingerprint; once all are, the ones unspun_story_links finds on a story
 * with another are scored again against a pool of the folder (resolve):
 * a pool is only built, and a file only read twice, where one is used. */
typedef struct group {
    size_t n;      /* members */
    size_t *entry; /* their entries, path order */
    job **jobs;    /* their jobs, once produced (ring slots, held) */
    uint64_t **fp; /* their fingerprints (NULL: not scored) */
    size_t *nfp;
    size_t scored; /* members scored once */
    int produced;
} group;

typedef struct row {
    const char *name;
    char *name_owned;
    char *top; /* or the error message */
    double score;
    unspun_verdict verdict;
    size_t words;
    int failed;
} row;

typedef struct scan {
    const scan_opts *o;
    unspun_engine *eng;
    const unspun_refset *stdin_refs; /* --stdin: the explicit references */
    report_html *html;               /* --format html: rows and sections */
    pthread_mutex_t mu;
    pthread_cond_t can_produce, can_take, can_write;
    job *ring;
    size_t nring;
    size_t next_in, next_take, next_out;
    int input_done;
    /* jobs out of the ring, waiting for their rank (writer thread only):
     * a sibling group is produced at its first member's place, so its
     * later members are done before the files between them */
    job *held;
    size_t nheld, capheld, next_rank;
    /* writer's statistics and table rows (writer thread, then main) */
    size_t total; /* inputs, when known (0: unknown) */
    size_t done, failed, above, counts[3], words, bytes;
    int data_error; /* some input met a corrupt block of the data file */
    row *rows;
    size_t nrows, caprows;
    int out_error;
    int progress;
    int bar_shown;
    struct timespec t0, last_draw;
} scan;

typedef struct worker_arg {
    scan *s;
    unspun_worker *w;
} worker_arg;

static double seconds_since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) +
           (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

static char *xasprintf(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

static char *xasprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return NULL;
    char *s = malloc((size_t)n + 1);
    if (!s)
        return NULL;
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return s;
}

/* The most confident artifacts as "text -> suggestion; ..." for the
 * table (the CSV renderer has its own, in the library). */
static int same_artifact(const unspun_artifact *a, const unspun_artifact *b)
{
    return !strcmp(a->text, b->text) &&
           (a->suggestion == b->suggestion ||
            (a->suggestion && b->suggestion &&
             !strcmp(a->suggestion, b->suggestion)));
}

static char *top_line(const unspun_result *r)
{
    /* Up to three, most confident first (ties: document order), each
     * wording once: "txt -> text" twice would waste the line. */
    size_t n = unspun_result_count(r), pick[3], k = 0;
    while (k < 3) {
        size_t best = SIZE_MAX;
        for (size_t i = 0; i < n; i++) {
            const unspun_artifact *a = unspun_result_artifact(r, i);
            int dup = 0;
            for (size_t q = 0; q < k && !dup; q++)
                dup = same_artifact(a, unspun_result_artifact(r, pick[q]));
            if (dup)
                continue;
            if (best == SIZE_MAX ||
                a->confidence > unspun_result_artifact(r, best)->confidence)
                best = i;
        }
        if (best == SIZE_MAX)
            break;
        pick[k++] = best;
    }
    size_t cap = 1;
    for (size_t i = 0; i < k; i++) {
        const unspun_artifact *a = unspun_result_artifact(r, pick[i]);
        cap += strlen(a->text) + 8 +
               (a->suggestion ? strlen(a->suggestion) + 4 : 0);
    }
    char *s = malloc(cap);
    if (!s)
        return NULL;
    s[0] = '\0';
    size_t len = 0;
    for (size_t i = 0; i < k; i++) {
        const unspun_artifact *a = unspun_result_artifact(r, pick[i]);
        len += (size_t)snprintf(s + len, cap - len, "%s%s%s%s", i ? "; " : "",
                                a->text, a->suggestion ? " -> " : "",
                                a->suggestion ? a->suggestion : "");
    }
    /* Artifacts may span a line break: keep the table one line each. */
    for (char *p = s; *p; p++)
        if (*p == '\n' || *p == '\r' || *p == '\t')
            *p = ' ';
    return s;
}

/* Read and score job j against `refs` (1 + skip: the file's own index in
 * them, or 0; peers: they are its siblings), rendering its record into the
 * job. With fp, a copy of its story fingerprint goes to *fp (NULL when it
 * could not be scored). */
static void score_job(scan *s, unspun_worker *w, job *j,
                      const unspun_refset *refs, size_t ref_skip, int peers,
                      uint64_t **fp, size_t *nfp)
{
    const scan_opts *o = s->o;
    unspun_error e = {UNSPUN_OK, NULL, SIZE_MAX, 0};
    unspun_status rc = UNSPUN_OK;
    char *buf = NULL, *msg = NULL;
    const char *text = j->text;
    size_t len = j->len;
    unspun_result *r = NULL;
    if (j->skip || j->skip_msg) {
        rc = UNSPUN_E_IO;
        e.message = j->skip_msg ? j->skip_msg : j->skip;
        e.sys_errno = j->sys_errno;
    } else if (j->path) {
        int err = 0;
        const char *why = NULL;
        rc = cli_read_regular(j->path, o->max_bytes, &buf, &len, &err, &why);
        e.message = why;
        e.sys_errno = err;
        if (rc == UNSPUN_E_TOO_BIG)
            e.offset = o->max_bytes;
        text = buf;
    }
    if (rc == UNSPUN_OK) {
        unspun_score_options so = o->sopt;
        if (j->html)
            so.flags |= UNSPUN_OPT_HTML;
        if (fp)
            so.flags |= UNSPUN_OPT_STORY;
        unspun_ref_options ro = {refs, 0, ref_skip,
                                 peers ? UNSPUN_REF_PEERS : 0};
        rc = unspun_score_refs(w, text, len, &so, &ro, &r, &e);
    }
    if (fp) {
        *fp = NULL;
        *nfp = 0;
        size_t n = 0;
        const uint64_t *f = rc == UNSPUN_OK ? unspun_result_story(r, &n) : NULL;
        if (f) {
            *fp = xrealloc(NULL, (n ? n : 1) * sizeof **fp);
            memcpy(*fp, f, n * sizeof **fp);
            *nfp = n;
        }
    }
    j->bytes = len;
    if (rc == UNSPUN_OK) {
        j->score = unspun_result_score(r);
        j->verdict = unspun_result_verdict(r);
        j->words = unspun_result_words(r);
        j->above = o->have_fail_above && j->score > o->fail_above;
        unspun_status rr = UNSPUN_OK;
        if (o->format == F_JSONL)
            rr = unspun_render_json(r, j->name, &j->out, &j->outlen);
        else if (o->format == F_CSV)
            rr = unspun_render_csv(r, j->name, &j->out, &j->outlen);
        else if (o->format == F_HTML) {
            /* The pool it was scored with, while it exists; ids by path
             * order, whatever order the groups are scored in. */
            rr =
                unspun_render_html(r, j->name, text, len, refs, j->rank + 1,
                                   UNSPUN_RENDER_HTML_ROW, &j->out, &j->outlen);
            if (rr == UNSPUN_OK)
                rr = unspun_render_html(r, j->name, text, len, refs,
                                        j->rank + 1, 0, &j->section, NULL);
        } else
            j->top = top_line(r);
        if (rr != UNSPUN_OK) {
            rc = rr;
            e.code = rr;
            e.message = NULL;
            e.offset = SIZE_MAX;
            e.sys_errno = 0;
        }
    } else {
        e.code = rc;
    }
    if (rc != UNSPUN_OK) {
        /* I/O errors say which: "cannot read file: Permission denied". */
        if (e.sys_errno) {
            msg = cli_error_message(&e);
            if (msg)
                e.message = msg;
        }
        j->failed = 1;
        j->data_error = rc == UNSPUN_E_DATA;
        char *et = cli_error_text(&e);
        if (j->name)
            j->errline = xasprintf("%s: %s: %s\n", prog, j->name,
                                   et ? et : unspun_strerror(rc));
        else
            j->errline = xasprintf("%s: standard input, line %zu: %s\n", prog,
                                   j->lineno, et ? et : unspun_strerror(rc));
        unspun_free(j->out);
        unspun_free(j->section);
        j->out = j->section = NULL;
        if (o->format == F_JSONL)
            unspun_render_error_json(j->name, &e, &j->out, &j->outlen);
        else if (o->format == F_CSV)
            unspun_render_error_csv(j->name, &e, &j->out, &j->outlen);
        else if (o->format == F_HTML)
            unspun_render_html_error(j->name, &e, j->rank + 1,
                                     UNSPUN_RENDER_HTML_ROW, &j->out,
                                     &j->outlen);
        else
            j->top = et, et = NULL;
        free(et);
    }
    free(msg);
    unspun_result_free(r);
    free(buf);
    free(j->text);
    j->text = NULL;
}

static void run_job(scan *s, unspun_worker *w, job *j)
{
    if (j->grp)
        score_job(s, w, j, NULL, 0, 0, &j->grp->fp[j->member],
                  &j->grp->nfp[j->member]);
    else
        score_job(s, w, j, j->refs, j->ref_skip, j->peers, NULL, NULL);
}

/* Forget a job's record, to score it again. */
static void job_reset_output(job *j)
{
    unspun_free(j->out);
    unspun_free(j->section);
    free(j->errline);
    free(j->top);
    j->out = j->section = j->errline = j->top = NULL;
    j->outlen = 0;
    j->failed = j->above = 0;
    j->score = 0;
    j->words = j->bytes = 0;
}

/* All of a group scored once (on the worker that scored the last): score
 * the members on a story with another again, against a pool of the
 * members that could be scored (path order, as score --ref-dir --peers
 * makes it). The others' records stand: that pool would give them no
 * reference (unspun_story_links), so they are the bytes --no-siblings
 * gives. */
static void resolve(scan *s, unspun_worker *w, group *g)
{
    const scan_opts *o = s->o;
    size_t k = 0;
    const uint64_t **fp = xrealloc(NULL, g->n * sizeof *fp);
    size_t *nfp = xrealloc(NULL, g->n * sizeof *nfp);
    size_t *who = xrealloc(NULL, g->n * sizeof *who);
    for (size_t m = 0; m < g->n; m++)
        if (g->fp[m]) {
            fp[k] = g->fp[m];
            nfp[k] = g->nfp[m];
            who[k++] = m;
        }
    unsigned char *linked = xrealloc(NULL, k + 1);
    size_t nlinked = 0;
    if (k >= 2 &&
        unspun_story_links(fp, nfp, k, UNSPUN_REF_PEERS, linked) == UNSPUN_OK)
        for (size_t i = 0; i < k; i++)
            nlinked += linked[i];
    unspun_refset *rs = NULL;
    size_t *pool_index = NULL;
    if (nlinked) {
        /* The pool the fingerprints describe: the members scored once. */
        rs = cli_refs_open(s->eng, w, o->max_bytes, NULL, 0, NULL, 0);
        pool_index = xrealloc(NULL, k * sizeof *pool_index);
        for (size_t i = 0; rs && i < k; i++) {
            size_t before = unspun_refset_count(rs);
            cli_refs_add(rs, w, o->max_bytes, g->jobs[who[i]]->path, 1);
            pool_index[i] = unspun_refset_count(rs) > before ? before + 1 : 0;
        }
        if (rs && cli_refs_seal(rs, w)) {
            unspun_refset_free(rs);
            rs = NULL;
        }
    }
    for (size_t i = 0; rs && i < k; i++) {
        if (!linked[i])
            continue;
        job *j = g->jobs[who[i]];
        job_reset_output(j);
        score_job(s, w, j, rs, pool_index[i], 1, NULL, NULL);
    }
    unspun_refset_free(rs);
    free(pool_index);
    free(linked);
    free(who);
    free(nfp);
    free(fp);
    for (size_t m = 0; m < g->n; m++) {
        free(g->fp[m]);
        g->fp[m] = NULL;
    }
}

static void *worker_main(void *arg)
{
    worker_arg *wa = arg;
    scan *s = wa->s;
    pthread_mutex_lock(&s->mu);
    for (;;) {
        while (s->next_take == s->next_in && !s->input_done)
            pthread_cond_wait(&s->can_take, &s->mu);
        if (s->next_take == s->next_in)
            break;
        job *j = &s->ring[s->next_take % s->nring];
        s->next_take++;
        pthread_mutex_unlock(&s->mu);
        run_job(s, wa->w, j);
        pthread_mutex_lock(&s->mu);
        group *g = j->grp;
        if (!g) {
            j->state = J_DONE;
            if (j->seq == s->next_out)
                pthread_cond_signal(&s->can_write);
            continue;
        }
        j->state = J_HELD;
        if (++g->scored < g->n)
            continue;
        pthread_mutex_unlock(&s->mu);
        resolve(s, wa->w, g);
        pthread_mutex_lock(&s->mu);
        for (size_t m = 0; m < g->n; m++)
            g->jobs[m]->state = J_DONE;
        pthread_cond_broadcast(&s->can_write);
    }
    pthread_mutex_unlock(&s->mu);
    return NULL;
}

/* ---- Progress ------------------------------------------------------------ */

static void bar_clear(scan *s)
{
    if (s->bar_shown) {
        fputs("\r\033[K", stderr);
        s->bar_shown = 0;
    }
}

static void bar_draw(scan *s, int force)
{
    if (!s->progress)
        return;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    double since = (double)(now.tv_sec - s->last_draw.tv_sec) +
                   (double)(now.tv_nsec - s->last_draw.tv_nsec) / 1e9;
    if (!force && s->bar_shown && since < 0.1)
        return;
    s->last_draw = now;
    double el = seconds_since(&s->t0);
    double rate = el > 0 ? (double)s->done / el : 0;
    char line[128];
    if (s->total) {
        int width = 24;
        int fill = (int)((double)width * (double)s->done / (double)s->total);
        char bar[32];
        for (int i = 0; i < width; i++)
            bar[i] = i < fill ? '#' : '.';
        bar[width] = '\0';
        double eta = rate > 0 ? (double)(s->total - s->done) / rate : 0;
        snprintf(line, sizeof line,
                 "[%s] %zu/%zu files  %.0f files/s  ETA %d:%02d", bar, s->done,
                 s->total, rate, (int)(eta / 60), (int)eta % 60);
    } else {
        snprintf(line, sizeof line, "%zu records  %.0f records/s", s->done,
                 rate);
    }
    fprintf(stderr, "\r%s\033[K", line);
    s->bar_shown = 1;
}

/* ---- Writer -------------------------------------------------------------- */

static void emit(scan *s, job *j)
{
    if (j->errline) {
        bar_clear(s);
        fputs(j->errline, stderr);
    }
    if (s->html) {
        report_html_add(s->html, j->name, j->failed, j->score, j->verdict,
                        j->out, j->section);
        j->out = j->section = NULL;
    }
    if (j->out && fwrite(j->out, 1, j->outlen, stdout) != j->outlen)
        s->out_error = 1;
    s->done++;
    s->bytes += j->bytes;
    if (j->failed) {
        s->failed++;
        s->data_error |= j->data_error;
    } else {
        s->counts[j->verdict]++;
        s->words += j->words;
    }
    s->above += (size_t)j->above;
    if (s->o->format == F_TABLE) {
        if (s->nrows == s->caprows) {
            s->caprows = s->caprows ? s->caprows * 2 : 256;
            s->rows = xrealloc(s->rows, s->caprows * sizeof *s->rows);
        }
        row *r = &s->rows[s->nrows++];
        r->name = j->name;
        r->name_owned = j->name_owned;
        j->name_owned = NULL;
        r->top = j->top;
        j->top = NULL;
        r->score = j->score;
        r->verdict = j->verdict;
        r->words = j->words;
        r->failed = j->failed;
    }
    bar_draw(s, 0);
}

static void job_clear(job *j)
{
    unspun_free(j->out);
    unspun_free(j->section);
    free(j->errline);
    free(j->top);
    free(j->name_owned);
    free(j->skip_msg);
    free(j->text);
    memset(j, 0, sizeof *j);
}

/* Emit the held jobs whose turn has come (writer thread). */
static void emit_held(scan *s)
{
    for (size_t i = 0; i < s->nheld;) {
        if (s->held[i].rank != s->next_rank) {
            i++;
            continue;
        }
        emit(s, &s->held[i]);
        job_clear(&s->held[i]);
        s->held[i] = s->held[--s->nheld];
        s->next_rank++;
        i = 0;
    }
}

static void *writer_main(void *arg)
{
    scan *s = arg;
    pthread_mutex_lock(&s->mu);
    for (;;) {
        job *j = &s->ring[s->next_out % s->nring];
        while (!(s->next_out < s->next_in && j->state == J_DONE) &&
               !(s->input_done && s->next_out == s->next_in))
            pthread_cond_wait(&s->can_write, &s->mu);
        if (s->next_out == s->next_in)
            break;
        pthread_mutex_unlock(&s->mu);
        /* Out of the ring, then out in rank order. */
        if (s->nheld == s->capheld) {
            s->capheld = s->capheld ? s->capheld * 2 : 16;
            s->held = xrealloc(s->held, s->capheld * sizeof *s->held);
        }
        s->held[s->nheld++] = *j;
        memset(j, 0, sizeof *j);
        emit_held(s);
        pthread_mutex_lock(&s->mu);
        s->next_out++;
        pthread_cond_signal(&s->can_produce);
    }
    pthread_mutex_unlock(&s->mu);
    emit_held(s); /* nothing is left: every rank was produced */
    if (s->bar_shown) {
        bar_draw(s, 1);
        fputc('\n', stderr);
    }
    return NULL;
}

/* Hand one job to the ring (main thread). `tmpl` is copied. */
static void produce(scan *s, const job *tmpl)
{
    pthread_mutex_lock(&s->mu);
    while (s->next_in - s->next_out >= s->nring)
        pthread_cond_wait(&s->can_produce, &s->mu);
    job *j = &s->ring[s->next_in % s->nring];
    *j = *tmpl;
    j->seq = s->next_in;
    if (s->o->source != S_PATHS)
        j->rank = s->next_in; /* streams: input order */
    j->state = J_READY;
    if (j->grp)
        j->grp->jobs[j->member] = j;
    s->next_in++;
    pthread_cond_signal(&s->can_take);
    pthread_mutex_unlock(&s->mu);
}

/* ---- Standard input ------------------------------------------------------ */

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

static void produce_stdin(scan *s)
{
    const scan_opts *o = s->o;
    lines l = {STDIN_FILENO, NULL, 1 << 16, 0, 0, 0, 0, 0};
    size_t lim = o->max_bytes;
    l.limit =
        lim > (SIZE_MAX - (1u << 16)) / 2 ? SIZE_MAX / 2 : lim * 2 + (1u << 16);
    l.buf = xrealloc(NULL, l.cap);
    for (;;) {
        char *p = NULL;
        size_t n = 0;
        int r = next_line(&l, &p, &n);
        if (r == 0)
            break;
        if (r < 0) {
            fprintf(stderr, "%s: cannot read standard input: %s\n", prog,
                    strerror(errno));
            s->out_error = 1;
            break;
        }
        job j;
        memset(&j, 0, sizeof j);
        j.lineno = l.lineno;
        j.refs = s->stdin_refs;
        if (r == 2) {
            j.skip_msg = xasprintf("record too long at line %zu (limit %zu "
                                   "bytes): skipped",
                                   l.lineno, l.limit);
            if (!j.skip_msg)
                j.skip = "record too long: skipped";
            produce(s, &j);
            continue;
        }
        if (n && p[n - 1] == '\r')
            n--;
        size_t k = 0;
        while (k < n && (p[k] == ' ' || p[k] == '\t'))
            k++;
        if (k == n)
            continue; /* blank line: not a record */
        if (o->source == S_STDIN_PATHS) {
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
            j.html = o->markup == M_HTML ||
                     (o->markup == M_AUTO && cli_has_html_ext(path));
            produce(s, &j);
            continue;
        }
        jsonl_record rec;
        int pr = jsonl_parse(p, n, &rec);
        if (pr == 0) {
            j.name_owned = rec.id;
            j.name = rec.id;
            j.text = rec.text;
            j.len = rec.text_len;
            j.html = o->markup == M_HTML;
        } else {
            j.name_owned = rec.id; /* a well-formed record's id, or NULL */
            j.name = rec.id;
            j.skip_msg = xasprintf("malformed JSON Lines record at line "
                                   "%zu, byte %zu: %s",
                                   l.lineno, rec.error_col, rec.error);
            if (!j.skip_msg)
                j.skip = "malformed JSON Lines record";
        }
        produce(s, &j);
    }
    free(l.buf);
}

/* ---- Table --------------------------------------------------------------- */

/* Bytes of the longest prefix of s that fits in `cols` code points. */
static size_t fit(const char *s, size_t cols, size_t *used)
{
    size_t i = 0, c = 0;
    while (s[i] && c < cols) {
        i++;
        while (((unsigned char)s[i] & 0xC0) == 0x80)
            i++;
        c++;
    }
    if (used)
        *used = c;
    return i;
}

static size_t width_of(const char *s)
{
    size_t c = 0;
    for (; *s; s++)
        c += ((unsigned char)*s & 0xC0) != 0x80;
    return c;
}

/* Print s in `cols` columns: cut at the end with "...", or with keep_tail
 * at the start (paths: the file name matters most). */
static void print_fit(const char *s, size_t cols, int keep_tail)
{
    size_t w = width_of(s);
    if (w <= cols) {
        fputs(s, stdout);
        return;
    }
    if (cols <= 3) {
        fwrite("...", 1, cols, stdout);
        return;
    }
    if (keep_tail) {
        const char *p = s;
        for (size_t skip = w - (cols - 3); skip; skip--) {
            p++;
            while (((unsigned char)*p & 0xC0) == 0x80)
                p++;
        }
        printf("...%s", p);
    } else {
        fwrite(s, 1, fit(s, cols - 3, NULL), stdout);
        fputs("...", stdout);
    }
}

static int cmp_row(const void *a, const void *b)
{
    const row *x = a, *y = b;
    if (x->failed != y->failed)
        return x->failed - y->failed;
    if (!x->failed && x->score != y->score)
        return x->score < y->score ? 1 : -1;
    const char *nx = x->name ? x->name : "", *ny = y->name ? y->name : "";
    return strcmp(nx, ny);
}

static void thousands(char *out, size_t cap, size_t v)
{
    char tmp[32];
    int n = snprintf(tmp, sizeof tmp, "%zu", v);
    size_t o = 0;
    for (int i = 0; i < n && o + 2 < cap; i++) {
        if (i && (n - i) % 3 == 0)
            out[o++] = ',';
        out[o++] = tmp[i];
    }
    out[o] = '\0';
}

static void human_bytes(char *out, size_t cap, double b)
{
    if (b < 1e6)
        snprintf(out, cap, "%.1f kB", b / 1e3);
    else if (b < 1e9)
        snprintf(out, cap, "%.1f MB", b / 1e6);
    else
        snprintf(out, cap, "%.2f GB", b / 1e9);
}

static void print_table(scan *s, double secs)
{
    size_t cols = 80;
    struct winsize ws;
    if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 &&
        ws.ws_col >= 40)
        cols = ws.ws_col;
    if (cols > 200)
        cols = 200;
    if (s->nrows > 1)
        qsort(s->rows, s->nrows, sizeof *s->rows, cmp_row);
    size_t scored = s->nrows - s->failed, shown = 0;
    if (scored)
        printf("%6s  %-7s  %7s  %s\n", "SCORE", "VERDICT", "WORDS", "FILE");
    for (size_t i = 0; i < s->nrows; i++) {
        row *r = &s->rows[i];
        if (r->failed)
            break;
        if (s->o->top && shown == s->o->top) {
            printf("... and %zu more (--top 0 shows all)\n", scored - shown);
            break;
        }
        shown++;
        printf("%6.1f  %-7s  %7zu  ", r->score, unspun_verdict_name(r->verdict),
               r->words);
        print_fit(r->name ? r->name : "(no id)", cols - 27, 1);
        putchar('\n');
        if (r->top && *r->top) {
            fputs("        ", stdout);
            print_fit(r->top, cols - 9, 0);
            putchar('\n');
        }
    }
    if (s->failed) {
        printf("%sNOT SCORED (%zu)\n", scored ? "\n" : "", s->failed);
        for (size_t i = scored; i < s->nrows; i++) {
            row *r = &s->rows[i];
            char *line = xasprintf("%s: %s", r->name ? r->name : "(no id)",
                                   r->top ? r->top : "error");
            fputs("  ", stdout);
            print_fit(line ? line : "", cols - 3, 0);
            putchar('\n');
            free(line);
        }
    }
    char words[32], files[32];
    thousands(words, sizeof words, s->words);
    thousands(files, sizeof files, s->done);
    printf("\n%s files: %zu spun, %zu suspect, %zu clean, %zu not scored\n",
           files, s->counts[UNSPUN_VERDICT_SPUN],
           s->counts[UNSPUN_VERDICT_SUSPECT], s->counts[UNSPUN_VERDICT_CLEAN],
           s->failed);
    char size[32], rate[32];
    human_bytes(size, sizeof size, (double)s->bytes);
    human_bytes(rate, sizeof rate, secs > 0 ? (double)s->bytes / secs : 0);
    printf("%s words, %s in %.2f s (%.0f files/s, %s/s, %d thread%s)\n", words,
           size, secs, secs > 0 ? (double)s->done / secs : 0, rate, s->o->jobs,
           s->o->jobs == 1 ? "" : "s");
    if (s->o->have_fail_above)
        printf("%zu above --fail-above %.1f\n", s->above, s->o->fail_above);
}

/* ---- Options parsing ----------------------------------------------------- */

static void parse_args(int argc, char **argv, scan_opts *o)
{
    memset(o, 0, sizeof *o);
    o->format = isatty(STDOUT_FILENO) ? F_TABLE : F_JSONL;
    o->progress = -1;
    o->header = 1;
    o->siblings = 1;
    o->max_siblings = 200;
    o->refs = xrealloc(NULL, ((size_t)argc + 1) * sizeof *o->refs);
    o->ref_dirs = xrealloc(NULL, ((size_t)argc + 1) * sizeof *o->ref_dirs);
    o->includes = xrealloc(NULL, (size_t)argc * sizeof *o->includes);
    o->excludes = xrealloc(NULL, (size_t)argc * sizeof *o->excludes);
    o->paths = xrealloc(NULL, (size_t)argc * sizeof *o->paths);
    int format_given = 0, opts_done = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (opts_done || a[0] != '-' || !strcmp(a, "-")) {
            o->paths[o->npaths++] = argv[i];
            continue;
        }
        if (!strcmp(a, "--")) {
            opts_done = 1;
            continue;
        }
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(scan_usage_text, stdout);
            exit(0);
        }
        static const char *const bools[] = {
            "--stdin",     "--stdin-paths", "--progress",     "--no-progress",
            "--no-header", "--quotes",      "--any-language", "--no-siblings"};
        int is_bool = 0;
        for (size_t k = 0; k < sizeof bools / sizeof *bools; k++)
            is_bool |= !strcmp(a, bools[k]);
        if (is_bool) {
            if (!strcmp(a, "--stdin"))
                o->source = S_STDIN;
            else if (!strcmp(a, "--stdin-paths"))
                o->source = S_STDIN_PATHS;
            else if (!strcmp(a, "--progress"))
                o->progress = 1;
            else if (!strcmp(a, "--no-progress"))
                o->progress = 0;
            else if (!strcmp(a, "--no-header"))
                o->header = 0;
            else if (!strcmp(a, "--quotes"))
                o->sopt.flags |= UNSPUN_OPT_QUOTES;
            else if (!strcmp(a, "--no-siblings"))
                o->siblings = 0;
            else
                o->sopt.flags |= UNSPUN_OPT_ANY_LANGUAGE;
            continue;
        }
        /* Options with a value: "--opt value" or "--opt=value". */
        static const char *const valued[] = {
            "--format",  "--jobs",      "--include",     "--exclude",
            "--markup",  "--top",       "--fail-above",  "--suspect-at",
            "--spun-at", "--max-bytes", "--data",        "--dict-dir",
            "--ref",     "--ref-dir",   "--max-siblings"};
        char name[CLI_OPT_NAME];
        const char *val = cli_option_value(
            argc, argv, &i, valued, sizeof valued / sizeof *valued, name);
        if (!strcmp(name, "--format")) {
            format_given = 1;
            if (!strcmp(val, "table"))
                o->format = F_TABLE;
            else if (!strcmp(val, "jsonl") || !strcmp(val, "json"))
                o->format = F_JSONL;
            else if (!strcmp(val, "csv"))
                o->format = F_CSV;
            else if (!strcmp(val, "html"))
                o->format = F_HTML;
            else
                usage_error("--format must be table, jsonl, csv or html, not "
                            "'%s'",
                            val);
        } else if (!strcmp(name, "--jobs")) {
            char *end;
            errno = 0;
            long v = strtol(val, &end, 10);
            if (errno || end == val || *end || v < 1 || v > 1024)
                usage_error("--jobs needs a number of threads from 1 to "
                            "1024, not '%s'",
                            val);
            o->jobs = (int)v;
        } else if (!strcmp(name, "--include")) {
            o->includes[o->ninc++] = val;
        } else if (!strcmp(name, "--exclude")) {
            o->excludes[o->nexc++] = val;
        } else if (!strcmp(name, "--markup")) {
            if (!strcmp(val, "auto"))
                o->markup = M_AUTO;
            else if (!strcmp(val, "text"))
                o->markup = M_TEXT;
            else if (!strcmp(val, "html"))
                o->markup = M_HTML;
            else
                usage_error("--markup must be auto, text or html, not '%s'",
                            val);
        } else if (!strcmp(name, "--top")) {
            char *end;
            errno = 0;
            unsigned long long v = strtoull(val, &end, 10);
            if (errno || end == val || *end || val[0] == '-')
                usage_error("--top needs a number of files, not '%s'", val);
            o->top = (size_t)v;
            o->top_given = 1;
        } else if (!strcmp(name, "--fail-above")) {
            o->fail_above = parse_score(name, val);
            o->have_fail_above = 1;
        } else if (!strcmp(name, "--suspect-at")) {
            o->sopt.suspect_at = parse_score(name, val);
        } else if (!strcmp(name, "--spun-at")) {
            o->sopt.spun_at = parse_score(name, val);
        } else if (!strcmp(name, "--max-bytes")) {
            o->sopt.max_bytes = parse_size(val);
        } else if (!strcmp(name, "--data")) {
            o->data = val;
        } else if (!strcmp(name, "--dict-dir")) {
            o->dict_dir = val;
        } else if (!strcmp(name, "--ref")) {
            o->refs[o->nrefs++] = (char *)val;
        } else if (!strcmp(name, "--ref-dir")) {
            o->ref_dirs[o->nref_dirs++] = (char *)val;
        } else if (!strcmp(name, "--max-siblings")) {
            char *end;
            errno = 0;
            unsigned long long v = strtoull(val, &end, 10);
            if (errno || end == val || *end || val[0] == '-')
                usage_error("--max-siblings needs a number of files, not '%s'",
                            val);
            o->max_siblings = (size_t)v;
        }
    }
    if (o->source != S_PATHS && o->npaths)
        usage_error("%s", "--stdin and --stdin-paths take no PATH arguments");
    if (o->source == S_PATHS && !o->npaths)
        usage_error("%s", "scan needs a PATH (a folder or a file), or "
                          "--stdin");
    if (o->source != S_PATHS && !format_given)
        o->format = F_JSONL; /* streams stay streams, even on a terminal */
    if (o->format == F_HTML && !o->top_given)
        o->top = 200; /* a page stays readable; the note says so */
    o->max_bytes =
        o->sopt.max_bytes ? o->sopt.max_bytes : UNSPUN_DEFAULT_MAX_BYTES;
    if (!o->jobs) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        o->jobs = n < 1 ? 1 : n > 64 ? 64 : (int)n;
    }
}

/* ---- The command --------------------------------------------------------- */

/* unspun.h allows a worker to load Hunspell lazily, inside unspun_score,
 * on the first word the compiled vocabulary does not know: that would run
 * Hunspell's loader (not known to be thread-safe) on several worker
 * threads at once. So with more than one thread every worker first scores
 * a one-word document of such a word here, on the main thread. (The
 * current library answers from compiled data and never loads Hunspell
 * while scoring: the probe then costs microseconds.) */
static void preload_hunspell(unspun_worker *w)
{
    static const char probe[] = "Qzxjvbkwq.";
    unspun_score_options so = {UNSPUN_OPT_ANY_LANGUAGE, 0, 0, 0};
    unspun_result *r = NULL;
    if (unspun_score(w, probe, sizeof probe - 1, &so, &r, NULL) == UNSPUN_OK)
        unspun_result_free(r);
}

/* ---- Reference pools ----------------------------------------------------- */

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

static const entry *g_sort_entries; /* main thread only, for cmp_by_dir */
static int cmp_by_dir(const void *x, const void *y)
{
    const char *a = g_sort_entries[*(const size_t *)x].path;
    const char *b = g_sort_entries[*(const size_t *)y].path;
    size_t na = dir_len(a), nb = dir_len(b);
    int c = memcmp(a, b, na < nb ? na : nb);
    if (c)
        return c;
    if (na != nb)
        return na < nb ? -1 : 1;
    return strcmp(a, b);
}

/* Give every entry its reference pool: the explicit references (--ref,
 * --ref-dir) and, for folders of 2 to max_siblings files, the folder's
 * other files. One pool per such folder, built here on the main thread
 * (every sibling is read once more for it) and sealed before any worker
 * thread starts; the pools are then shared read-only. Returns the pools
 * to free, or -1 when an explicit reference cannot be used. */
static int make_pools(const scan_opts *o, walk *wk, unspun_engine *eng,
                      unspun_worker *w, unspun_refset ***pools, size_t *npools)
{
    *pools = NULL;
    *npools = 0;
    int explicit = o->nrefs || o->nref_dirs;
    unspun_refset *base = NULL;
    if (explicit) {
        base = cli_refs_open(eng, w, o->max_bytes, o->refs, o->nrefs,
                             o->ref_dirs, o->nref_dirs);
        if (!base || cli_refs_seal(base, w)) {
            unspun_refset_free(base);
            return -1;
        }
        *pools = xrealloc(*pools, (*npools + 1) * sizeof **pools);
        (*pools)[(*npools)++] = base;
        for (size_t i = 0; i < wk->n; i++)
            wk->e[i].refs = base;
    }
    if (!o->siblings || wk->n < 2)
        return 0;
    size_t *order = xrealloc(NULL, wk->n * sizeof *order);
    for (size_t i = 0; i < wk->n; i++)
        order[i] = i;
    g_sort_entries = wk->e;
    qsort(order, wk->n, sizeof *order, cmp_by_dir);
    for (size_t a = 0; a < wk->n;) {
        size_t b = a + 1;
        while (b < wk->n &&
               same_dir(wk->e[order[a]].path, wk->e[order[b]].path))
            b++;
        size_t members = 0;
        for (size_t k = a; k < b; k++)
            members += !wk->e[order[k]].skip;
        if (members >= 2 && members <= o->max_siblings) {
            unspun_refset *rs =
                cli_refs_open(eng, w, o->max_bytes, o->refs, o->nrefs,
                              o->ref_dirs, o->nref_dirs);
            if (!rs) {
                free(order);
                return -1;
            }
            for (size_t k = a; k < b; k++) {
                entry *en = &wk->e[order[k]];
                if (en->skip)
                    continue;
                size_t before = unspun_refset_count(rs);
                cli_refs_add(rs, w, o->max_bytes, en->path, 1);
                if (unspun_refset_count(rs) > before)
                    en->ref_skip = before + 1;
            }
            if (cli_refs_seal(rs, w)) {
                unspun_refset_free(rs);
                free(order);
                return -1;
            }
            *pools = xrealloc(*pools, (*npools + 1) * sizeof **pools);
            (*pools)[(*npools)++] = rs;
            for (size_t k = a; k < b; k++) {
                wk->e[order[k]].refs = rs;
                wk->e[order[k]].peers = 1;
            }
        }
        a = b;
    }
    free(order);
    return 0;
}

/* Sibling groups, when no pool is made up front (no --ref, --ref-dir):
 * the files of each folder of 2 to max_siblings files that are not known
 * failures. Returns the groups (*ngroups of them) and their largest size. */
static group *make_groups(const scan_opts *o, walk *wk, size_t *ngroups,
                          size_t *largest)
{
    *ngroups = 0;
    *largest = 0;
    if (!o->siblings || wk->n < 2)
        return NULL;
    group *gs = NULL;
    size_t *order = xrealloc(NULL, wk->n * sizeof *order);
    for (size_t i = 0; i < wk->n; i++)
        order[i] = i;
    g_sort_entries = wk->e;
    qsort(order, wk->n, sizeof *order, cmp_by_dir);
    for (size_t a = 0; a < wk->n;) {
        size_t b = a + 1;
        while (b < wk->n &&
               same_dir(wk->e[order[a]].path, wk->e[order[b]].path))
            b++;
        size_t members = 0;
        for (size_t k = a; k < b; k++)
            members += !wk->e[order[k]].skip;
        if (members >= 2 && members <= o->max_siblings) {
            gs = xrealloc(gs, (*ngroups + 1) * sizeof *gs);
            group *g = &gs[(*ngroups)++];
            memset(g, 0, sizeof *g);
            g->entry = xrealloc(NULL, members * sizeof *g->entry);
            g->jobs = xrealloc(NULL, members * sizeof *g->jobs);
            g->fp = xrealloc(NULL, members * sizeof *g->fp);
            g->nfp = xrealloc(NULL, members * sizeof *g->nfp);
            for (size_t k = a; k < b; k++) {
                entry *en = &wk->e[order[k]];
                if (en->skip)
                    continue;
                en->group = *ngroups;
                en->member = g->n;
                g->fp[g->n] = NULL;
                g->nfp[g->n] = 0;
                g->entry[g->n++] = order[k];
            }
            if (g->n > *largest)
                *largest = g->n;
        }
        a = b;
    }
    free(order);
    return gs;
}

static void free_groups(group *gs, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        for (size_t m = 0; m < gs[i].n; m++)
            free(gs[i].fp[m]);
        free(gs[i].entry);
        free(gs[i].jobs);
        free(gs[i].fp);
        free(gs[i].nfp);
    }
    free(gs);
}

/* Free what cmd_scan made before its threads exist, and return the fatal
 * status: an early exit leaks nothing (LSan runs the CLI tests). */
static int fail_early(scan_opts *o, walk *wk, unspun_engine *eng,
                      unspun_worker **workers, int nworkers,
                      unspun_refset **pools, size_t npools)
{
    for (size_t i = 0; i < npools; i++)
        unspun_refset_free(pools[i]);
    free(pools);
    for (int i = 0; i < nworkers; i++)
        unspun_worker_free(workers[i]);
    free(workers);
    unspun_engine_free(eng);
    for (size_t i = 0; i < wk->n; i++)
        free(wk->e[i].path);
    free(wk->e);
    free(wk->seen);
    free(o->refs);
    free(o->ref_dirs);
    free(o->includes);
    free(o->excludes);
    free(o->paths);
    return EXIT_FATAL;
}

int cmd_scan(int argc, char **argv)
{
    help_hint = "unspun scan --help";
    scan_opts o;
    parse_args(argc, argv, &o);

    /* The inputs of a folder scan, sorted: output order is path order. */
    walk wk;
    memset(&wk, 0, sizeof wk);
    wk.o = &o;
    if (o.source == S_PATHS) {
        for (size_t i = 0; i < o.npaths; i++) {
            /* "dir/" and "dir" name the same folder: report it one way. */
            char *p = xstrdup(o.paths[i]);
            size_t n = strlen(p);
            while (n > 1 && p[n - 1] == '/')
                p[--n] = '\0';
            walk_path(&wk, p);
            free(p);
        }
        /* Links to directories, once every real directory is known; a
         * linked folder may hold further links, appended as we go. */
        for (size_t i = 0; i < wk.ndeferred; i++) {
            walk_path(&wk, wk.deferred[i]);
            free(wk.deferred[i]);
        }
        free(wk.deferred);
        if (wk.n > 1)
            qsort(wk.e, wk.n, sizeof *wk.e, cmp_entry);
        if (o.jobs > 1 && (size_t)o.jobs > wk.n)
            o.jobs = wk.n ? (int)wk.n : 1;
    }

    unspun_engine *eng = NULL;
    {
        const char *data = o.data;
        if (!data)
            data = getenv("UNSPUN_DATA");
        if (!data || !*data)
            data = data_near_exe();
        unspun_engine_options eo = {data, o.dict_dir, NULL};
        unspun_error e;
        if (unspun_engine_new(&eo, &eng, &e) != UNSPUN_OK) {
            fprintf(stderr, "%s: %s (%s)%s%s\n", prog, e.message,
                    data ? data : UNSPUN_DEFAULT_DATA, e.sys_errno ? ": " : "",
                    e.sys_errno ? strerror(e.sys_errno) : "");
            return fail_early(&o, &wk, NULL, NULL, 0, NULL, 0);
        }
    }
    /* Workers on this thread: Hunspell's loader is not thread-safe. */
    unspun_worker **workers = xrealloc(NULL, (size_t)o.jobs * sizeof *workers);
    for (int i = 0; i < o.jobs; i++) {
        unspun_error e;
        if (unspun_worker_new(eng, &workers[i], &e) != UNSPUN_OK) {
            fprintf(stderr, "%s: %s\n", prog, e.message);
            return fail_early(&o, &wk, eng, workers, i, NULL, 0);
        }
        if (o.jobs > 1)
            preload_hunspell(workers[i]);
    }

    /* Reference pools, complete and sealed before any thread starts. */
    unspun_refset **pools = NULL;
    size_t npools = 0;
    /* With explicit references, every pool is made up front; without, a
     * folder's pool only once its files are known to share a story. */
    group *groups = NULL;
    size_t ngroups = 0, largest = 0;
    if (o.source == S_PATHS && (o.nrefs || o.nref_dirs) &&
        make_pools(&o, &wk, eng, workers[0], &pools, &npools))
        return fail_early(&o, &wk, eng, workers, o.jobs, pools, npools);
    if (o.source == S_PATHS && !o.nrefs && !o.nref_dirs)
        groups = make_groups(&o, &wk, &ngroups, &largest);
    if (o.source != S_PATHS && (o.nrefs || o.nref_dirs)) {
        unspun_refset *rs = cli_refs_open(eng, workers[0], o.max_bytes, o.refs,
                                          o.nrefs, o.ref_dirs, o.nref_dirs);
        if (!rs || cli_refs_seal(rs, workers[0])) {
            unspun_refset_free(rs);
            return fail_early(&o, &wk, eng, workers, o.jobs, pools, npools);
        }
        pools = xrealloc(NULL, sizeof *pools);
        pools[npools++] = rs;
    }

    scan s;
    memset(&s, 0, sizeof s);
    s.o = &o;
    s.eng = eng;
    s.stdin_refs = o.source != S_PATHS && npools ? pools[0] : NULL;
    /* A group is held in the ring until all of it is scored. */
    s.nring = (size_t)o.jobs * 4 + 4 + largest;
    s.ring = xrealloc(NULL, s.nring * sizeof *s.ring);
    memset(s.ring, 0, s.nring * sizeof *s.ring);
    s.total = o.source == S_PATHS ? wk.n : 0;
    s.progress = o.progress >= 0 ? o.progress
                                 : isatty(STDERR_FILENO) && o.source == S_PATHS;
    pthread_mutex_init(&s.mu, NULL);
    pthread_cond_init(&s.can_produce, NULL);
    pthread_cond_init(&s.can_take, NULL);
    pthread_cond_init(&s.can_write, NULL);
    clock_gettime(CLOCK_MONOTONIC, &s.t0);

    if (o.format == F_CSV && o.header)
        fputs(unspun_csv_header(), stdout);
    if (o.format == F_HTML)
        s.html = report_html_new(o.top);

    pthread_t writer,
        *threads = xrealloc(NULL, (size_t)o.jobs * sizeof *threads);
    worker_arg *args = xrealloc(NULL, (size_t)o.jobs * sizeof *args);
    int started = 0;
    if (pthread_create(&writer, NULL, writer_main, &s) != 0) {
        fprintf(stderr, "%s: cannot start a thread\n", prog);
        return EXIT_FATAL;
    }
    for (int i = 0; i < o.jobs; i++) {
        args[i].s = &s;
        args[i].w = workers[i];
        if (pthread_create(&threads[i], NULL, worker_main, &args[i]) != 0)
            break;
        started++;
    }
    if (!started) {
        fprintf(stderr, "%s: cannot start a thread\n", prog);
        return EXIT_FATAL;
    }

    if (o.source == S_PATHS) {
        for (size_t i = 0; i < wk.n; i++) {
            /* A group goes out whole, at its first member's place. */
            group *g = wk.e[i].group ? &groups[wk.e[i].group - 1] : NULL;
            if (g && g->produced)
                continue;
            for (size_t m = 0; m < (g ? g->n : 1); m++) {
                size_t at = g ? g->entry[m] : i;
                const entry *en = &wk.e[at];
                job j;
                memset(&j, 0, sizeof j);
                j.rank = at;
                j.grp = g;
                j.member = m;
                j.name = en->path;
                j.path = en->path;
                j.skip = en->skip;
                j.sys_errno = en->sys_errno;
                j.refs = en->refs;
                j.ref_skip = en->ref_skip;
                j.peers = en->peers;
                j.html = o.markup == M_HTML ||
                         (o.markup == M_AUTO && cli_has_html_ext(j.path));
                produce(&s, &j);
            }
            if (g)
                g->produced = 1;
        }
    } else {
        produce_stdin(&s);
    }
    pthread_mutex_lock(&s.mu);
    s.input_done = 1;
    pthread_cond_broadcast(&s.can_take);
    pthread_cond_broadcast(&s.can_write);
    pthread_mutex_unlock(&s.mu);
    for (int i = 0; i < started; i++)
        pthread_join(threads[i], NULL);
    pthread_join(writer, NULL);
    double secs = seconds_since(&s.t0);

    if (o.format == F_TABLE)
        print_table(&s, secs);
    if (o.format == F_HTML) {
        char *cmd = report_command_text("scan", argc, argv);
        unspun_html_page page = {"unspun scan", unspun_engine_data_version(eng),
                                 cmd};
        if (report_html_finish(s.html, stdout, &page))
            s.out_error = 1;
        free(cmd);
    }
    fflush(stdout);
    int write_failed = s.out_error || ferror(stdout);

    for (size_t i = 0; i < npools; i++)
        unspun_refset_free(pools[i]);
    free(pools);
    free_groups(groups, ngroups);
    free(s.held);
    free(o.refs);
    free(o.ref_dirs);
    for (int i = 0; i < o.jobs; i++)
        unspun_worker_free(workers[i]);
    unspun_engine_free(eng);
    for (size_t i = 0; i < s.nrows; i++) {
        free(s.rows[i].top);
        free(s.rows[i].name_owned);
    }
    free(s.rows);
    for (size_t i = 0; i < wk.n; i++)
        free(wk.e[i].path);
    free(wk.e);
    free(wk.seen);
    free(s.ring);
    free(threads);
    free(args);
    free(workers);
    free(o.includes);
    free(o.excludes);
    free(o.paths);
    pthread_mutex_destroy(&s.mu);
    pthread_cond_destroy(&s.can_produce);
    pthread_cond_destroy(&s.can_take);
    pthread_cond_destroy(&s.can_write);

    if (write_failed) {
        fprintf(stderr, "%s: cannot write output\n", prog);
        return EXIT_FATAL;
    }
    /* The data file is checked a block at a time as it is used: a corrupt
     * block found while scoring is as fatal as one found at load. */
    if (s.data_error)
        return EXIT_FATAL;
    if (s.above)
        return EXIT_ABOVE;
    return s.failed ? EXIT_UNSCORED : 0;
}
