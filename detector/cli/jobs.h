/* jobs.h - many documents on many threads, one record each, in order.
 *
 *   producer (main thread) -> ring of jobs -> N worker threads
 *                                          -> writer thread (in order)
 *
 * The producer hands out inputs in their final order: paths found by the
 * walk, sorted (so output never depends on the number of threads or on
 * timing), or records read from a stream. Workers take the next job and
 * run it with their own unspun_worker over the one shared engine (the
 * command's `run` reads, scores and renders it). The writer gives the
 * jobs to the command's `emit` strictly in rank order. A job's slot is
 * reused only once it is emitted, so at most as many documents as the
 * ring has slots are in flight whatever the input size: memory stays
 * constant for streams, and for folders grows only with the list of
 * paths.
 *
 * A group of jobs (sibling files, which may be each other's references)
 * is produced whole, at its first member's place: each member is held
 * once run, and when the last is, the command's `resolve` runs on that
 * worker before the group is emitted, member by member in rank order. */
#ifndef UNSPUN_CLI_JOBS_H
#define UNSPUN_CLI_JOBS_H

#include <stddef.h>

#include "unspun.h"

typedef struct job_group job_group;

/* One input and its record. */
typedef struct job {
    int state;      /* (jobs.c) */
    size_t seq;     /* (jobs.c) its place in the ring's order */
    size_t rank;    /* its place in the output */
    job_group *grp; /* its group, or NULL */
    size_t member;  /* its index in the group */
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
    size_t lineno; /* a stream's line, for messages */
    const unspun_refset *refs;
    size_t ref_skip;
    int peers; /* refs is a sibling pool */
    /* output */
    char *out; /* the record (or the ranked output's row) */
    size_t outlen;
    char *errline; /* the stderr line of an input not scored */
    char *section; /* html: the document's section */
    int failed, above;
    int data_error; /* the data file failed a checksum: fatal */
    double score;
    unspun_verdict verdict;
    size_t words, bytes;
} job;

/* A group's jobs, once produced (ring slots, held until all are run). */
struct job_group {
    size_t n;      /* members */
    job **jobs;    /* their jobs, by member */
    size_t scored; /* members run once (jobs.c) */
};

/* What the command does with a job: run it (on a worker thread, with
 * that thread's unspun_worker), resolve a group whose members are all
 * run (on the worker that ran the last), emit it (on the writer thread,
 * in rank order; emit may take the job's outputs, setting them NULL). */
typedef struct jobs_hooks {
    void (*run)(void *ctx, unspun_worker *w, job *j);
    void (*resolve)(void *ctx, unspun_worker *w, job_group *g);
    void (*emit)(void *ctx, job *j);
    void *ctx;
} jobs_hooks;

typedef struct jobs jobs;

/* Start a worker thread per worker (made by the caller, on this thread)
 * and the writer, over a ring of `nring` slots (at least the largest
 * group). by_seq: a job's rank is its order of production (streams).
 * NULL after one stderr line when the threads cannot start. */
jobs *jobs_start(unspun_worker **workers, int nworkers, size_t nring,
                 int by_seq, const jobs_hooks *hooks);
/* Hand one job to the ring (main thread; waits while it is full); the
 * template is copied, and a group's member is known to its group from
 * now on. */
void jobs_produce(jobs *q, const job *tmpl);
/* No more input: wait until every job is emitted, join the threads and
 * free the ring. */
void jobs_finish(jobs *q);

/* Forget a job's record (to run it again), or all of the job. */
void job_forget_output(job *j);
void job_clear(job *j);

#endif
