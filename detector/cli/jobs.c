/* jobs.c - the ring of jobs, its worker threads and its ordered writer
 * (jobs.h). Workers are made and freed by the caller on the main thread:
 * the library wants them made on the engine's thread. */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "jobs.h"

/* J_HELD: run, waiting for the rest of its group. */
enum { J_FREE, J_READY, J_HELD, J_DONE };

typedef struct worker_arg {
    jobs *q;
    unspun_worker *w;
} worker_arg;

struct jobs {
    jobs_hooks hooks;
    int by_seq;
    pthread_mutex_t mu;
    pthread_cond_t can_produce, can_take, can_write;
    job *ring;
    size_t nring;
    size_t next_in, next_take, next_out;
    int input_done;
    /* jobs out of the ring, waiting for their rank (writer thread only):
     * a group is produced at its first member's place, so its later
     * members are done before the inputs between them */
    job *held;
    size_t nheld, capheld, next_rank;
    pthread_t writer, *threads;
    worker_arg *args;
    int started;
};

void job_forget_output(job *j)
{
    unspun_free(j->out);
    unspun_free(j->section);
    free(j->errline);
    j->out = j->section = j->errline = NULL;
    j->outlen = 0;
    j->failed = j->above = 0;
    j->score = 0;
    j->words = j->bytes = 0;
}

void job_clear(job *j)
{
    unspun_free(j->out);
    unspun_free(j->section);
    free(j->errline);
    free(j->name_owned);
    free(j->skip_msg);
    free(j->text);
    memset(j, 0, sizeof *j);
}

static void *worker_main(void *arg)
{
    worker_arg *wa = arg;
    jobs *q = wa->q;
    pthread_mutex_lock(&q->mu);
    for (;;) {
        while (q->next_take == q->next_in && !q->input_done)
            pthread_cond_wait(&q->can_take, &q->mu);
        if (q->next_take == q->next_in)
            break;
        job *j = &q->ring[q->next_take % q->nring];
        q->next_take++;
        pthread_mutex_unlock(&q->mu);
        q->hooks.run(q->hooks.ctx, wa->w, j);
        pthread_mutex_lock(&q->mu);
        job_group *g = j->grp;
        if (!g) {
            j->state = J_DONE;
            if (j->seq == q->next_out)
                pthread_cond_signal(&q->can_write);
            continue;
        }
        j->state = J_HELD;
        if (++g->scored < g->n)
            continue;
        pthread_mutex_unlock(&q->mu);
        q->hooks.resolve(q->hooks.ctx, wa->w, g);
        pthread_mutex_lock(&q->mu);
        for (size_t m = 0; m < g->n; m++)
            g->jobs[m]->state = J_DONE;
        pthread_cond_broadcast(&q->can_write);
    }
    pthread_mutex_unlock(&q->mu);
    return NULL;
}

/* Emit the held jobs whose turn has come (writer thread). */
static void emit_held(jobs *q)
{
    for (size_t i = 0; i < q->nheld;) {
        if (q->held[i].rank != q->next_rank) {
            i++;
            continue;
        }
        q->hooks.emit(q->hooks.ctx, &q->held[i]);
        job_clear(&q->held[i]);
        q->held[i] = q->held[--q->nheld];
        q->next_rank++;
        i = 0;
    }
}

static void *writer_main(void *arg)
{
    jobs *q = arg;
    pthread_mutex_lock(&q->mu);
    for (;;) {
        job *j = &q->ring[q->next_out % q->nring];
        while (!(q->next_out < q->next_in && j->state == J_DONE) &&
               !(q->input_done && q->next_out == q->next_in))
            pthread_cond_wait(&q->can_write, &q->mu);
        if (q->next_out == q->next_in)
            break;
        pthread_mutex_unlock(&q->mu);
        /* Out of the ring, then out in rank order. */
        if (q->nheld == q->capheld) {
            q->capheld = q->capheld ? q->capheld * 2 : 16;
            q->held = xrealloc(q->held, q->capheld * sizeof *q->held);
        }
        q->held[q->nheld++] = *j;
        memset(j, 0, sizeof *j);
        emit_held(q);
        pthread_mutex_lock(&q->mu);
        q->next_out++;
        pthread_cond_signal(&q->can_produce);
    }
    pthread_mutex_unlock(&q->mu);
    emit_held(q); /* nothing is left: every rank was produced */
    return NULL;
}

jobs *jobs_start(unspun_worker **workers, int nworkers, size_t nring,
                 int by_seq, const jobs_hooks *hooks)
{
    jobs *q = xmalloc(sizeof *q);
    memset(q, 0, sizeof *q);
    q->hooks = *hooks;
    q->by_seq = by_seq;
    q->nring = nring;
    q->ring = xmalloc(nring * sizeof *q->ring);
    memset(q->ring, 0, nring * sizeof *q->ring);
    pthread_mutex_init(&q->mu, NULL);
    pthread_cond_init(&q->can_produce, NULL);
    pthread_cond_init(&q->can_take, NULL);
    pthread_cond_init(&q->can_write, NULL);
    q->threads = xmalloc((size_t)nworkers * sizeof *q->threads);
    q->args = xmalloc((size_t)nworkers * sizeof *q->args);
    if (pthread_create(&q->writer, NULL, writer_main, q) != 0) {
        fprintf(stderr, "%s: cannot start a thread\n", prog);
        return NULL;
    }
    for (int i = 0; i < nworkers; i++) {
        q->args[i].q = q;
        q->args[i].w = workers[i];
        if (pthread_create(&q->threads[i], NULL, worker_main, &q->args[i]) != 0)
            break;
        q->started++;
    }
    if (!q->started) {
        fprintf(stderr, "%s: cannot start a thread\n", prog);
        return NULL;
    }
    return q;
}

void jobs_produce(jobs *q, const job *tmpl)
{
    pthread_mutex_lock(&q->mu);
    while (q->next_in - q->next_out >= q->nring)
        pthread_cond_wait(&q->can_produce, &q->mu);
    job *j = &q->ring[q->next_in % q->nring];
    *j = *tmpl;
    j->seq = q->next_in;
    if (q->by_seq)
        j->rank = q->next_in; /* streams: input order */
    j->state = J_READY;
    if (j->grp)
        j->grp->jobs[j->member] = j;
    q->next_in++;
    pthread_cond_signal(&q->can_take);
    pthread_mutex_unlock(&q->mu);
}

void jobs_finish(jobs *q)
{
    pthread_mutex_lock(&q->mu);
    q->input_done = 1;
    pthread_cond_broadcast(&q->can_take);
    pthread_cond_broadcast(&q->can_write);
    pthread_mutex_unlock(&q->mu);
    for (int i = 0; i < q->started; i++)
        pthread_join(q->threads[i], NULL);
    pthread_join(q->writer, NULL);
    pthread_mutex_destroy(&q->mu);
    pthread_cond_destroy(&q->can_produce);
    pthread_cond_destroy(&q->can_take);
    pthread_cond_destroy(&q->can_write);
    free(q->held);
    free(q->ring);
    free(q->threads);
    free(q->args);
    free(q);
}
