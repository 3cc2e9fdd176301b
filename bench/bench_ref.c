/* bench_ref.c - time reference mode alone: building the refset, and
 * aligning + classifying one document against it, single thread.
 *
 *   bench_ref DATA DICT_DIR REFERENCE DOCUMENT
 *
 * Prints wall times per stage and the process's peak resident memory. The
 * intrinsic detectors are not run (unspun score --ref runs both). Not a
 * test: speed targets live in bench/, never in timed unit tests. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "detect.h"
#include "detect_ref.h"
#include "read_all.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* CPU time of this process: on a shared, loaded machine it varies far
 * less than wall time (both are printed). */
static double cpu(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: bench_ref DATA DICT_DIR REFERENCE DOCUMENT\n");
        return 2;
    }
    size_t rl = 0, dl = 0;
    char *rt = read_all(argv[3], &rl), *dt = read_all(argv[4], &dl);
    if (!rt || !dt) {
        fprintf(stderr, "bench_ref: cannot read the inputs\n");
        return 2;
    }
    unspun_engine_options eo = {argv[1], argv[2], NULL};
    unspun_engine *e = NULL;
    unspun_worker *w = NULL;
    unspun_refset *rs = NULL;
    unspun_error err;
    if (unspun_engine_new(&eo, &e, &err) || unspun_worker_new(e, &w, &err) ||
        unspun_refset_new(e, NULL, &rs, &err)) {
        fprintf(stderr, "bench_ref: %s\n", err.message);
        return 2;
    }
    double t0 = now();
    if (unspun_refset_add(rs, w, argv[3], rt, rl, &err)) {
        fprintf(stderr, "bench_ref: reference: %s\n", err.message);
        return 2;
    }
    double t1 = now();
    if (unspun_refset_seal(rs, w, &err)) {
        fprintf(stderr, "bench_ref: seal: %s\n", err.message);
        return 2;
    }
    double t2 = now();
    /* The document as unspun_score prepares it for the reference stage:
     * tokens, lexicon, word types and the language model's stream. */
    if (us_score_read(w, dt, dl, UNSPUN_OPT_ANY_LANGUAGE, &err)) {
        fprintf(stderr, "bench_ref: document: %s\n", err.message);
        return 2;
    }
    double t3 = now();
    /* The stages of us_detect_ref, timed one by one. */
    us_wseq ds;
    uint32_t used[US_REF_MAX];
    us_alignment al;
    us_alignment_init(&al, w->alc);
    double s0 = cpu();
    if (us_wseq_build(&w->lex, &w->toks, dt, &ds))
        return 2;
    double s1 = cpu();
    long np =
        us_refset_pick(rs, &ds, US_REF_DEFAULT, 0, 0, used, NULL, 0, NULL);
    double s2 = cpu();
    us_aseq refs[US_REF_MAX];
    for (long k = 0; k < np; k++)
        refs[k] = us_wseq_view(&rs->docs[used[k]].seq);
    us_aseq dv = us_wseq_view(&ds);
    if (us_align(&al, &dv, refs, (size_t)(np > 0 ? np : 0)))
        return 2;
    double s3 = cpu();
    printf(
        "  stages (CPU): keys %.3f s, pick %.3f s, align %.3f s (%zu blocks, "
        "%zu pairs)\n",
        s1 - s0, s2 - s1, s3 - s2, al.nblocks, al.npairs);
    us_alignment_free(&al);
    us_wseq_free(&ds, w->alc);
    t3 = now();
    /* Five runs of the whole reference stage; the fastest is reported
     * (a shared machine only ever adds time). */
    us_refrun rr;
    us_refrun_init(&rr, w->alc);
    unspun_ref_options ro = {rs, 0, 0, 0};
    double best = 1e30, bestcpu = 1e30;
    for (int rep = 0; rep < 5; rep++) {
        double c0 = cpu();
        double a0 = now();
        if (us_detect_ref(w, dt, &ro, &rr, &err)) {
            fprintf(stderr, "bench_ref: align: %s\n", err.message);
            return 2;
        }
        double a1 = now();
        double c1 = cpu();
        if (a1 - a0 < best)
            best = a1 - a0;
        if (c1 - c0 < bestcpu)
            bestcpu = c1 - c0;
    }
    double t4 = t3 + best;
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("reference %zu bytes, document %zu bytes, %zu tokens\n", rl, dl,
           w->toks.n);
    printf("refset add (tokenise+analyse reference) %.3f s\n", t1 - t0);
    printf("refset seal (index + thesaurus)         %.3f s\n", t2 - t1);
    printf("document tokenise+analyse               %.3f s\n", t3 - t2);
    printf("pick + align + classify (best of 5)     %.3f s wall, %.3f s "
           "CPU\n",
           t4 - t3, bestcpu);
    printf("coverage %.3f, %zu reference artifacts\n",
           rr.nused ? rr.coverage[0] : 0.0, rr.narts);
    printf("words: identical %zu inflection %zu spelling %zu synonym %zu "
           "function %zu unrelated %zu inserted %zu deleted %zu\n",
           rr.diff_words[0], rr.diff_words[1], rr.diff_words[2],
           rr.diff_words[3], rr.diff_words[4], rr.diff_words[5],
           rr.diff_words[6], rr.diff_words[7]);
    printf("peak RSS %ld KB\n", ru.ru_maxrss);
    us_refrun_free(&rr);
    unspun_refset_free(rs);
    unspun_worker_free(w);
    unspun_engine_free(e);
    free(rt);
    free(dt);
    return 0;
}
