/* detect.h - helpers shared by the detectors. */
#ifndef US_DETECT_H
#define US_DETECT_H

#include <math.h>

#include "engine.h"

/* Model id of token i as a context word (unknown words are "<unk>"). */
static inline uint32_t us_ctx_id(const unspun_worker *w, size_t i)
{
    uint32_t id = w->toks.tok[i].id;
    return id < w->eng->hd->n_words ? id : w->eng->hd->id_unk;
}

/* Left and right neighbours of token i in the model's sequence, with
 * sentence boundaries as "<s>" just as the compiler counted them. */
static inline uint32_t us_left(const unspun_worker *w, size_t i)
{
    if (i == 0 || (w->toks.tok[i].flags & US_TF_SENT))
        return w->eng->hd->id_bos;
    return us_ctx_id(w, i - 1);
}

static inline uint32_t us_right(const unspun_worker *w, size_t i)
{
    if (i + 1 >= w->toks.n || (w->toks.tok[i + 1].flags & US_TF_SENT))
        return w->eng->hd->id_bos;
    return us_ctx_id(w, i + 1);
}

/* Smoothed pointwise association of the bigram (a, b): log of observed
 * over expected count, each plus one. Positive: they go together more than
 * chance; about zero: no evidence either way (rare words); negative:
 * common words that ordinary English keeps apart. */
static inline double us_assoc2(const unspun_engine *e, uint32_t a, uint32_t b)
{
    double ca = e->words[a].count, cb = e->words[b].count;
    double expect = ca * cb / (double)e->hd->total;
    double seen = us_engine_bigram(e, a, b);
    return log((seen + 1.0) / (expect + 1.0));
}

#endif
