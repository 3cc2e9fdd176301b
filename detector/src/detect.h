/* detect.h - helpers shared by the detectors. */
#ifndef US_DETECT_H
#define US_DETECT_H

#include <math.h>

#include "engine.h"

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

/* The neighbours two tokens away, as the compiler saw them: "<s>" at a
 * sentence boundary (or beyond one). */
static inline uint32_t us_left2(const unspun_worker *w, size_t i)
{
    if (i < 2 || (w->toks.tok[i].flags & US_TF_SENT) ||
        (w->toks.tok[i - 1].flags & US_TF_SENT))
        return w->eng->hd->id_bos;
    return us_ctx_id(w, i - 2);
}

static inline uint32_t us_right2(const unspun_worker *w, size_t i)
{
    if (i + 2 >= w->toks.n || (w->toks.tok[i + 1].flags & US_TF_SENT) ||
        (w->toks.tok[i + 2].flags & US_TF_SENT))
        return w->eng->hd->id_bos;
    return us_ctx_id(w, i + 2);
}

/* Count of the bigram (token i, token i + 1), i + 1 < n, with unknown
 * words as "<unk>" (us_doc_build). */
static inline uint32_t us_pair(const unspun_worker *w, size_t i)
{
    return w->pairs[i];
}

/* Count of the bigram (us_left(w, i), token i) and (token i,
 * us_right(w, i)): from the pairs, or a probe at a sentence boundary. */
static inline uint32_t us_pair_left(const unspun_worker *w, size_t i)
{
    if (i == 0 || (w->toks.tok[i].flags & US_TF_SENT))
        return us_engine_bigram(w->eng, w->eng->hd->id_bos, us_ctx_id(w, i));
    return w->pairs[i - 1];
}

static inline uint32_t us_pair_right(const unspun_worker *w, size_t i)
{
    if (i + 1 >= w->toks.n || (w->toks.tok[i + 1].flags & US_TF_SENT))
        return us_engine_bigram(w->eng, us_ctx_id(w, i), w->eng->hd->id_bos);
    return w->pairs[i];
}

/* Smoothed pointwise association of the bigram (a, b) seen `seen` times:
 * log of observed over expected count, each plus one. Positive: they go
 * together more than chance; about zero: no evidence either way (rare words);
 * negative: common words that ordinary English keeps apart. */
static inline double us_assoc2_n(const unspun_engine *e, uint32_t a, uint32_t b,
                                 double seen)
{
    double ca = e->words[a].count, cb = e->words[b].count;
    double expect = ca * cb / (double)e->hd->total;
    return log((seen + 1.0) / (expect + 1.0));
}

/* The same, given the bigram's count. */
static inline double us_assoc2(const unspun_engine *e, uint32_t a, uint32_t b)
{
    return us_assoc2_n(e, a, b, us_engine_bigram(e, a, b));
}

/* log P(n | x): the chance that neighbour n stands next to x, on x's left
 * (left != 0) or right, given `seen`, the count of that bigram. Witten-Bell:
 * the bigram count of (n, x), backed off, with the weight of the number of
 * distinct neighbours x has, to the class model: how often x has a neighbour of
 * n's class there, times n's share of its class. So "vogue" before a content
 * word is unlikely although that bigram was never seen ("vogue" stands before
 * punctuation: "in vogue."), while "years old", seen often, beats "years
 * previous". */
static inline double us_side_n(const unspun_engine *e, uint32_t x, uint32_t n,
                               int left, double seen)
{
    const us_word_rec *xr = &e->words[x], *nr = &e->words[n];
    const us_ctx_rec *cx = &e->ctx[x];
    unsigned k = us_word_class(nr->flags, n, e->hd->id_bos);
    const uint32_t *cls = left ? cx->left : cx->right;
    double types = (left ? cx->types_left : cx->types_right) + 1.0;
    double pk = (cls[k] + 0.5) / (xr->count + 2.0);
    double share = (nr->count + 1.0) / (e->cls_total[k] + 1.0);
    return log((seen + types * pk * share) / (xr->count + types));
}

/* The same, probing the bigram (n, x) or (x, n). */
static inline double us_side(const unspun_engine *e, uint32_t x, uint32_t n,
                             int left)
{
    return us_side_n(e, x, n, left,
                     left ? us_engine_bigram(e, n, x)
                          : us_engine_bigram(e, x, n));
}

#endif
