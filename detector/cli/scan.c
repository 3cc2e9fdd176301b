/* scan.c - `unspun scan`: many documents, many threads, one record each.
 *
 * The inputs come from the walk of the PATHs (walk.c), sorted, or from
 * standard input (stream.c); the jobs run on every core and their records
 * come out in order (jobs.c), each rendered on the thread that scored it:
 * JSON Lines and CSV straight to the output, the table and the HTML page
 * ranked once every input is done (report.c). A folder of 2 to
 * --max-siblings files is a sibling group: each file is scored alone,
 * and those that share a story with another (unspun_story_links) again
 * against a pool of the folder (resolve). With --ref or --ref-dir every
 * input has its pool up front (make_pools). */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli.h"
#include "jobs.h"
#include "options.h"
#include "progress.h"
#include "report.h"
#include "stream.h"
#include "unspun.h"
#include "walk.h"

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
    "                       unspun score reads them; references and\n"
    "                       siblings too\n"
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
    "                       reference's wording; FILE may be - (standard\n"
    "                       input, unless --stdin reads it) or a named pipe\n"
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
    "  --suspect-at SCORE, --spun-at SCORE, --min-confidence X, --quotes,\n"
    "  --any-language, --data FILE, --dict-dir DIR   as for `unspun score`\n"
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
enum source { S_PATHS, S_STDIN, S_STDIN_PATHS };

typedef struct scan_opts {
    cli_common c;
    enum format format;
    int format_given;
    enum source source;
    int jobs;
    int progress; /* -1 auto */
    int header;
    size_t top;
    int top_given;
    const char **includes, **excludes;
    size_t ninc, nexc;
    int siblings;        /* folders' files are each other's references */
    size_t max_siblings; /* ... in folders of at most this many files */
} scan_opts;

static const char *const flags[] = {
    "--stdin",     "--stdin-paths", "--progress",     "--no-progress",
    "--no-header", "--quotes",      "--any-language", "--no-siblings"};
static const char *const valued[] = {
    "--format",  "--jobs",      "--include",      "--exclude",
    "--markup",  "--top",       "--fail-above",   "--suspect-at",
    "--spun-at", "--max-bytes", "--data",         "--dict-dir",
    "--ref",     "--ref-dir",   "--max-siblings", "--min-confidence"};

/* A count for --top or --max-siblings, or a usage error. */
static size_t parse_count(const char *name, const char *val)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(val, &end, 10);
    if (errno || end == val || *end || val[0] == '-')
        usage_error("%s needs a number of files, not '%s'", name, val);
    return (size_t)v;
}

static void own_flag(scan_opts *o, const char *a)
{
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
    else if (!strcmp(a, "--no-siblings"))
        o->siblings = 0;
}

static void own_option(void *ctx, const char *name, const char *val)
{
    scan_opts *o = ctx;
    if (!val) {
        own_flag(o, name);
    } else if (!strcmp(name, "--format")) {
        o->format_given = 1;
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
    } else if (!strcmp(name, "--top")) {
        o->top = parse_count(name, val);
        o->top_given = 1;
    } else if (!strcmp(name, "--max-siblings")) {
        o->max_siblings = parse_count(name, val);
    }
}

/* The options; the PATHs into *paths (malloc'ed), their count returned. */
static size_t parse_args(int argc, char **argv, scan_opts *o, char ***paths)
{
    memset(o, 0, sizeof *o);
    o->format = isatty(STDOUT_FILENO) ? F_TABLE : F_JSONL;
    o->progress = -1;
    o->header = 1;
    o->siblings = 1;
    o->max_siblings = 200;
    o->includes = xmalloc((size_t)argc * sizeof *o->includes);
    o->excludes = xmalloc((size_t)argc * sizeof *o->excludes);
    *paths = xmalloc(((size_t)argc + 1) * sizeof **paths);
    cli_spec spec = {scan_usage_text,
                     flags,
                     sizeof flags / sizeof *flags,
                     valued,
                     sizeof valued / sizeof *valued,
                     own_option,
                     o,
                     0,
                     NULL};
    size_t npaths = cli_parse(argc, argv, &spec, &o->c, *paths);
    if (o->source != S_PATHS && npaths)
        usage_error("%s", "--stdin and --stdin-paths take no PATH arguments");
    if (o->source == S_PATHS && !npaths)
        usage_error("%s", "scan needs a PATH (a folder or a file), or "
                          "--stdin");
    if (o->source != S_PATHS && cli_ref_stdin(&o->c))
        usage_error("%s", CLI_REF_STDIN_BUSY);
    if (o->source != S_PATHS && !o->format_given)
        o->format = F_JSONL; /* streams stay streams, even on a terminal */
    if (o->format == F_HTML && !o->top_given)
        o->top = 200; /* a page stays readable; the note says so */
    if (!o->jobs) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        o->jobs = n < 1 ? 1 : n > 64 ? 64 : (int)n;
    }
    return npaths;
}

static void free_opts(scan_opts *o)
{
    cli_common_free(&o->c);
    free(o->includes);
    free(o->excludes);
}

/* ---- Reference pools and sibling groups ---------------------------------- */

/* The files of one folder of 2 to --max-siblings files, which may be each
 * other's references. Each is scored alone first, keeping its story
 * fingerprint; once all are, the ones unspun_story_links finds on a story
 * with another are scored again against a pool of the folder (resolve):
 * a pool is only built, and a file only read twice, where one is used. */
typedef struct group {
    job_group g;   /* the members' jobs (jobs.h) */
    size_t *entry; /* their entries, path order */
    uint64_t **fp; /* their fingerprints (NULL: not scored) */
    size_t *nfp;
    int produced;
} group;

typedef struct scan {
    const scan_opts *o;
    unspun_engine *eng;
    walk wk;
    unspun_refset **pools; /* made up front (make_pools) */
    size_t npools;
    group *groups;
    size_t ngroups, largest;
    size_t columns; /* table: the terminal's width */
    report *report; /* table, html: the ranked rows */
    progress bar;
    /* the writer's statistics */
    size_t done, failed, above, words, bytes;
    int data_error; /* some input met a corrupt block of the data file */
    int out_error;
} scan;

static void add_pool(scan *s, unspun_refset *rs)
{
    s->pools = xrealloc(s->pools, (s->npools + 1) * sizeof *s->pools);
    s->pools[s->npools++] = rs;
}

typedef struct pool_ctx {
    scan *s;
    unspun_worker *w;
} pool_ctx;

/* A folder's pool: the explicit references, then its files. */
static int folder_pool(void *ctx, const size_t *idx, size_t n, size_t members)
{
    scan *s = ((pool_ctx *)ctx)->s;
    unspun_worker *w = ((pool_ctx *)ctx)->w;
    const cli_common *c = &s->o->c;
    if (members < 2 || members > s->o->max_siblings)
        return 0;
    unspun_refset *rs =
        cli_refs_open(s->eng, w, c->max_bytes, c->markup, c->refs, c->nrefs,
                      c->ref_dirs, c->nref_dirs);
    if (!rs)
        return -1;
    for (size_t k = 0; k < n; k++) {
        entry *en = &s->wk.e[idx[k]];
        if (en->skip)
            continue;
        size_t before = unspun_refset_count(rs);
        cli_refs_add(rs, w, c->max_bytes, c->markup, en->path, 1);
        if (unspun_refset_count(rs) > before)
            en->ref_skip = before + 1;
    }
    if (cli_refs_seal(rs, w)) {
        unspun_refset_free(rs);
        return -1;
    }
    add_pool(s, rs);
    for (size_t k = 0; k < n; k++) {
        s->wk.e[idx[k]].refs = rs;
        s->wk.e[idx[k]].peers = 1;
    }
    return 0;
}

/* Give every entry its reference pool: the explicit references (--ref,
 * --ref-dir) and, for folders of 2 to max_siblings files, the folder's
 * other files. One pool per such folder, built here on the main thread
 * (every sibling is read once more for it) and sealed before any worker
 * thread starts; the pools are then shared read-only. -1 when an explicit
 * reference cannot be used. */
static int make_pools(scan *s, unspun_worker *w)
{
    int failed = 0;
    unspun_refset *base = cli_open_refs(&s->o->c, s->eng, w, &failed);
    if (failed)
        return -1;
    add_pool(s, base);
    for (size_t i = 0; i < s->wk.n; i++)
        s->wk.e[i].refs = base;
    if (!s->o->siblings || s->wk.n < 2)
        return 0;
    pool_ctx pc = {s, w};
    return walk_folders(&s->wk, folder_pool, &pc);
}

/* A folder of 2 to max_siblings files that are not known failures is a
 * sibling group. */
static int folder_group(void *ctx, const size_t *idx, size_t n, size_t members)
{
    scan *s = ctx;
    if (members < 2 || members > s->o->max_siblings)
        return 0;
    s->groups = xrealloc(s->groups, (s->ngroups + 1) * sizeof *s->groups);
    group *g = &s->groups[s->ngroups++];
    memset(g, 0, sizeof *g);
    g->entry = xmalloc(members * sizeof *g->entry);
    g->g.jobs = xmalloc(members * sizeof *g->g.jobs);
    g->fp = xmalloc(members * sizeof *g->fp);
    g->nfp = xmalloc(members * sizeof *g->nfp);
    for (size_t k = 0; k < n; k++) {
        entry *en = &s->wk.e[idx[k]];
        if (en->skip)
            continue;
        en->group = s->ngroups;
        en->member = g->g.n;
        g->fp[g->g.n] = NULL;
        g->nfp[g->g.n] = 0;
        g->entry[g->g.n++] = idx[k];
    }
    if (g->g.n > s->largest)
        s->largest = g->g.n;
    return 0;
}

/* Sibling groups, when no pool is made up front (no --ref, --ref-dir). */
static void make_groups(scan *s)
{
    if (s->o->siblings && s->wk.n >= 2)
        walk_folders(&s->wk, folder_group, s);
}

static void free_groups(group *gs, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        for (size_t m = 0; m < gs[i].g.n; m++)
            free(gs[i].fp[m]);
        free(gs[i].entry);
        free(gs[i].g.jobs);
        free(gs[i].fp);
        free(gs[i].nfp);
    }
    free(gs);
}

/* ---- Scoring one job ----------------------------------------------------- */

/* Read job j (unless its text came with it): UNSPUN_OK and its text in
 * *text (*buf: what to free), or the failure in *e. */
static unspun_status read_job(const scan *s, job *j, const char **text,
                              char **buf, unspun_error *e)
{
    *text = j->text;
    if (j->skip || j->skip_msg) {
        e->message = j->skip_msg ? j->skip_msg : j->skip;
        e->sys_errno = j->sys_errno;
        return UNSPUN_E_IO;
    }
    if (!j->path)
        return UNSPUN_OK;
    int err = 0;
    const char *why = NULL;
    size_t max = s->o->c.max_bytes;
    unspun_status rc = cli_read_regular(j->path, max, buf, &j->len, &err, &why);
    e->message = why;
    e->sys_errno = err;
    if (rc == UNSPUN_E_TOO_BIG)
        e->offset = max;
    *text = *buf;
    return rc;
}

/* Render a scored job's record (its row and section, for the ranked
 * outputs) into the job. */
static unspun_status render_job(const scan *s, job *j, const unspun_result *r,
                                const char *text, const unspun_refset *refs)
{
    j->score = unspun_result_score(r);
    j->verdict = unspun_result_verdict(r);
    j->words = unspun_result_words(r);
    j->above = s->o->c.have_fail_above && j->score > s->o->c.fail_above;
    switch (s->o->format) {
    case F_JSONL:
        return unspun_render_json(r, j->name, &j->out, &j->outlen);
    case F_CSV:
        return unspun_render_csv(r, j->name, &j->out, &j->outlen);
    case F_TABLE:
        return unspun_render_table_row(r, j->name, s->columns, &j->out,
                                       &j->outlen);
    case F_HTML:
        break;
    }
    /* The pool it was scored with, while it exists; ids by path order,
     * whatever order the groups are scored in. */
    unspun_status rc =
        unspun_render_html(r, j->name, text, j->len, refs, j->rank + 1,
                           UNSPUN_RENDER_HTML_ROW, &j->out, &j->outlen);
    if (rc == UNSPUN_OK)
        rc = unspun_render_html(r, j->name, text, j->len, refs, j->rank + 1, 0,
                                &j->section, NULL);
    return rc;
}

/* A job that could not be scored: its stderr line and error record. */
static void fail_job(const scan *s, job *j, unspun_error *e)
{
    j->failed = 1;
    j->data_error = e->code == UNSPUN_E_DATA;
    char *lineno =
        j->name ? NULL : xasprintf("standard input, line %zu", j->lineno);
    char *msg = NULL;
    /* I/O errors say which: "cannot read file: Permission denied". */
    j->errline = cli_input_error(j->name ? j->name : lineno, e, &msg);
    free(lineno);
    unspun_free(j->out);
    unspun_free(j->section);
    j->out = j->section = NULL;
    if (s->o->format == F_JSONL)
        unspun_render_error_json(j->name, e, &j->out, &j->outlen);
    else if (s->o->format == F_CSV)
        unspun_render_error_csv(j->name, e, &j->out, &j->outlen);
    else if (s->o->format == F_HTML)
        unspun_render_html_error(j->name, e, j->rank + 1,
                                 UNSPUN_RENDER_HTML_ROW, &j->out, &j->outlen);
    else
        unspun_render_table_error(j->name, e, s->columns, &j->out, &j->outlen);
    free(msg);
}

/* Read and score job j against `refs` (1 + ref_skip: the file's own index
 * in them, or 0; peers: they are its siblings), rendering its record into
 * the job. With fp, a copy of its story fingerprint goes to *fp (NULL
 * when it could not be scored). */
static void score_job(const scan *s, unspun_worker *w, job *j,
                      const unspun_refset *refs, size_t ref_skip, int peers,
                      uint64_t **fp, size_t *nfp)
{
    unspun_error e = {UNSPUN_OK, NULL, SIZE_MAX, 0};
    char *buf = NULL;
    const char *text = NULL;
    unspun_result *r = NULL;
    unspun_status rc = read_job(s, j, &text, &buf, &e);
    if (rc == UNSPUN_OK) {
        unspun_score_options so = s->o->c.sopt;
        if (j->html)
            so.flags |= UNSPUN_OPT_HTML;
        if (fp)
            so.flags |= UNSPUN_OPT_STORY;
        unspun_ref_options ro = {refs, 0, ref_skip,
                                 peers ? UNSPUN_REF_PEERS : 0};
        rc = unspun_score_refs(w, text, j->len, &so, &ro, &r, &e);
    }
    if (fp) {
        *fp = NULL;
        *nfp = 0;
        size_t n = 0;
        const uint64_t *f = rc == UNSPUN_OK ? unspun_result_story(r, &n) : NULL;
        if (f) {
            *fp = xmalloc((n ? n : 1) * sizeof **fp);
            memcpy(*fp, f, n * sizeof **fp);
            *nfp = n;
        }
    }
    j->bytes = j->len;
    if (rc == UNSPUN_OK) {
        unspun_status rr = render_job(s, j, r, text, refs);
        if (rr != UNSPUN_OK) {
            rc = rr;
            e.message = NULL;
            e.offset = SIZE_MAX;
            e.sys_errno = 0;
        }
    }
    if (rc != UNSPUN_OK) {
        e.code = rc;
        fail_job(s, j, &e);
    }
    unspun_result_free(r);
    free(buf);
    free(j->text);
    j->text = NULL;
}

static void run_job(void *ctx, unspun_worker *w, job *j)
{
    const scan *s = ctx;
    if (j->grp) {
        group *g = (group *)j->grp;
        score_job(s, w, j, NULL, 0, 0, &g->fp[j->member], &g->nfp[j->member]);
    } else {
        score_job(s, w, j, j->refs, j->ref_skip, j->peers, NULL, NULL);
    }
}

/* All of a group scored once (on the worker that scored the last): score
 * the members on a story with another again, against a pool of the
 * members that could be scored (path order, as score --ref-dir --peers
 * makes it). The others' records stand: that pool would give them no
 * reference (unspun_story_links), so they are the bytes --no-siblings
 * gives. */
static void resolve(void *ctx, unspun_worker *w, job_group *jg)
{
    const scan *s = ctx;
    group *g = (group *)jg;
    size_t n = g->g.n, k = 0, max = s->o->c.max_bytes;
    const uint64_t **fp = xmalloc(n * sizeof *fp);
    size_t *nfp = xmalloc(n * sizeof *nfp);
    size_t *who = xmalloc(n * sizeof *who);
    for (size_t m = 0; m < n; m++)
        if (g->fp[m]) {
            fp[k] = g->fp[m];
            nfp[k] = g->nfp[m];
            who[k++] = m;
        }
    unsigned char *linked = xmalloc(k + 1);
    size_t nlinked = 0;
    if (k >= 2 &&
        unspun_story_links(fp, nfp, k, UNSPUN_REF_PEERS, linked) == UNSPUN_OK)
        for (size_t i = 0; i < k; i++)
            nlinked += linked[i];
    unspun_refset *rs = NULL;
    size_t *pool_index = NULL;
    if (nlinked) {
        /* The pool the fingerprints describe: the members scored once. */
        rs = cli_refs_open(s->eng, w, max, s->o->c.markup, NULL, 0, NULL, 0);
        pool_index = xmalloc(k * sizeof *pool_index);
        for (size_t i = 0; rs && i < k; i++) {
            size_t before = unspun_refset_count(rs);
            cli_refs_add(rs, w, max, s->o->c.markup, g->g.jobs[who[i]]->path,
                         1);
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
        job *j = g->g.jobs[who[i]];
        job_forget_output(j);
        score_job(s, w, j, rs, pool_index[i], 1, NULL, NULL);
    }
    unspun_refset_free(rs);
    free(pool_index);
    free(linked);
    free(who);
    free(nfp);
    free(fp);
    for (size_t m = 0; m < n; m++) {
        free(g->fp[m]);
        g->fp[m] = NULL;
    }
}

/* ---- Output -------------------------------------------------------------- */

/* The writer's turn for job j: its stderr line, its record (or, for the
 * ranked outputs, its row), the statistics and the progress bar. */
static void emit(void *ctx, job *j)
{
    scan *s = ctx;
    if (j->errline) {
        progress_clear(&s->bar);
        fputs(j->errline, stderr);
    }
    if (s->report) {
        report_add(s->report, j->name, j->failed, j->score, j->verdict, j->out,
                   j->section);
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
        s->words += j->words;
    }
    s->above += (size_t)j->above;
    progress_draw(&s->bar, s->done, 0);
}

/* The width of the table: the terminal's, within 40 to 200 columns (80
 * when the output is no terminal). */
static size_t table_columns(void)
{
    size_t cols = 80;
    struct winsize ws;
    if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 &&
        ws.ws_col >= 40)
        cols = ws.ws_col;
    return cols > 200 ? 200 : cols;
}

/* After the last record: the ranked outputs, and the end of the output. */
static void finish_output(scan *s, int argc, char **argv)
{
    const scan_opts *o = s->o;
    if (o->format == F_TABLE) {
        unspun_table_summary run;
        memset(&run, 0, sizeof run);
        run.words = s->words;
        run.bytes = s->bytes;
        run.seconds = progress_seconds(&s->bar);
        run.threads = (unsigned)o->jobs;
        if (report_table_finish(s->report, stdout, &run))
            s->out_error = 1;
        if (o->c.have_fail_above)
            printf("%zu above --fail-above %.1f\n", s->above, o->c.fail_above);
    } else if (o->format == F_HTML) {
        char *cmd = report_command_text("scan", argc, argv);
        unspun_html_page page = {"unspun scan",
                                 unspun_engine_data_version(s->eng), cmd};
        if (report_html_finish(s->report, stdout, &page))
            s->out_error = 1;
        free(cmd);
    }
    s->report = NULL;
    fflush(stdout);
    if (ferror(stdout))
        s->out_error = 1;
}

/* ---- The command --------------------------------------------------------- */

/* The inputs of a folder scan, in path order; a group goes out whole, at
 * its first member's place. */
static void produce_paths(scan *s, jobs *q)
{
    for (size_t i = 0; i < s->wk.n; i++) {
        group *g = s->wk.e[i].group ? &s->groups[s->wk.e[i].group - 1] : NULL;
        if (g && g->produced)
            continue;
        for (size_t m = 0; m < (g ? g->g.n : 1); m++) {
            size_t at = g ? g->entry[m] : i;
            const entry *en = &s->wk.e[at];
            job j;
            memset(&j, 0, sizeof j);
            j.rank = at;
            j.grp = g ? &g->g : NULL;
            j.member = m;
            j.name = en->path;
            j.path = en->path;
            j.skip = en->skip;
            j.sys_errno = en->sys_errno;
            j.refs = en->refs;
            j.ref_skip = en->ref_skip;
            j.peers = en->peers;
            j.html = cli_markup_html(s->o->c.markup, j.path);
            jobs_produce(q, &j);
        }
        if (g)
            g->produced = 1;
    }
}

/* Engine, workers (made here, on the main thread, as the library wants)
 * and the reference pools, sealed before any thread starts. 0, or -1
 * after one stderr line. */
static int prepare(scan *s, unspun_worker **workers)
{
    const scan_opts *o = s->o;
    s->eng = cli_open_engine(&o->c);
    if (!s->eng)
        return -1;
    for (int i = 0; i < o->jobs; i++)
        if (!(workers[i] = cli_new_worker(s->eng)))
            return -1;
    int explicit = o->c.nrefs || o->c.nref_dirs, failed = 0;
    /* With explicit references, every pool is made up front; without, a
     * folder's pool only once its files are known to share a story. */
    if (o->source == S_PATHS && explicit)
        return make_pools(s, workers[0]);
    if (o->source == S_PATHS)
        make_groups(s);
    else if (explicit) {
        unspun_refset *rs = cli_open_refs(&o->c, s->eng, workers[0], &failed);
        if (failed)
            return -1;
        add_pool(s, rs);
    }
    return 0;
}

/* Score every input on the threads; 0, or -1 when they cannot start. */
static int run(scan *s, unspun_worker **workers, int argc, char **argv)
{
    const scan_opts *o = s->o;
    /* A group is held in the ring until all of it is scored. */
    size_t nring = (size_t)o->jobs * 4 + 4 + s->largest;
    progress_start(&s->bar,
                   o->progress >= 0
                       ? o->progress
                       : isatty(STDERR_FILENO) && o->source == S_PATHS,
                   o->source == S_PATHS ? s->wk.n : 0);
    if (o->format == F_CSV && o->header)
        fputs(unspun_csv_header(), stdout);
    if (o->format == F_TABLE || o->format == F_HTML) {
        s->columns = table_columns();
        s->report = report_new(o->format == F_HTML ? REPORT_HTML : REPORT_TABLE,
                               o->top);
    }
    jobs_hooks hooks = {run_job, resolve, emit, s};
    jobs *q = jobs_start(workers, o->jobs, nring, o->source != S_PATHS, &hooks);
    if (!q)
        return -1;
    if (o->source == S_PATHS)
        produce_paths(s, q);
    else if (stream_produce(q, o->source == S_STDIN_PATHS, &o->c,
                            s->npools ? s->pools[0] : NULL))
        s->out_error = 1;
    jobs_finish(q);
    progress_end(&s->bar, s->done);
    finish_output(s, argc, argv);
    return 0;
}

int cmd_scan(int argc, char **argv)
{
    help_hint = "unspun scan --help";
    scan_opts o;
    char **paths;
    size_t npaths = parse_args(argc, argv, &o, &paths);
    scan s;
    memset(&s, 0, sizeof s);
    s.o = &o;
    s.wk.includes = o.includes;
    s.wk.excludes = o.excludes;
    s.wk.ninc = o.ninc;
    s.wk.nexc = o.nexc;
    if (o.source == S_PATHS) {
        walk_inputs(&s.wk, paths, npaths);
        if (o.jobs > 1 && (size_t)o.jobs > s.wk.n)
            o.jobs = s.wk.n ? (int)s.wk.n : 1;
    }
    unspun_worker **workers = xmalloc((size_t)o.jobs * sizeof *workers);
    memset(workers, 0, (size_t)o.jobs * sizeof *workers);
    int fatal = cli_read_ref_streams(&o.c) || prepare(&s, workers) ||
                run(&s, workers, argc, argv);
    for (size_t i = 0; i < s.npools; i++)
        unspun_refset_free(s.pools[i]);
    free(s.pools);
    free_groups(s.groups, s.ngroups);
    for (int i = 0; i < o.jobs; i++)
        unspun_worker_free(workers[i]);
    free(workers);
    unspun_engine_free(s.eng);
    walk_free(&s.wk);
    free_opts(&o);
    free(paths);
    if (fatal)
        return EXIT_FATAL;
    if (s.out_error) {
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
