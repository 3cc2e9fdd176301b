/* detect.h - helpers shared by the detectors. */
#ifndef US_DETECT_H
#define US_DETECT_H

#include <math.h>

#include "engine.h"

/* Does record fp match the tokens from i on? */
static inline int us_fp_matches(const unspun_worker *w, const us_fp_rec *fp,
                                size_t i)
{
    const us_tokens *t = &w->toks;
    if (i + fp->len > t->n)
        return 0;
    for (uint32_t k = 1; k < fp->len; k++)
        if ((t->tok[i + k].flags & US_TF_SENT) ||
            us_lex_stem(w, t->tok[i + k].id) != w->eng->fp_seq[fp->seq + k])
            return 0;
    return 1;
}

/* The first record in [lo, hi) (all of two stems or more, sorted) whose
 * second stem is not below s. */
static inline uint32_t us_fp_first_second(const unspun_engine *e, uint32_t lo,
                                          uint32_t hi, uint32_t s)
{
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (e->fp_seq[e->fps[mid].seq + 1] < s)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The stem-sequence records that may match at token i, as two ranges of
 * record indexes, r[0]..r[1] and r[2]..r[3] (either may be empty):
 * records are sorted by stem sequence (wordlists/compile.c), the one-stem
 * records of a first stem first, then by second stem, so besides those
 * only the run whose second stem is the next token's can match. */
static inline void us_fp_ranges(const unspun_worker *w, size_t i, uint32_t r[4])
{
    const unspun_engine *e = w->eng;
    const us_tokens *t = &w->toks;
    r[0] = r[1] = r[2] = r[3] = 0;
    uint32_t s0 = us_lex_stem(w, t->tok[i].id);
    if (s0 == US_NONE || !e->stems[s0].nfp)
        return;
    uint32_t f = e->stems[s0].fp, end = f + e->stems[s0].nfp;
    r[0] = f;
    while (f < end && e->fps[f].len < 2)
        f++;
    r[1] = f;
    if (f < end && i + 1 < t->n && !(t->tok[i + 1].flags & US_TF_SENT)) {
        uint32_t s1 = us_lex_stem(w, t->tok[i + 1].id);
        if (s1 != US_NONE) {
            r[2] = r[3] = us_fp_first_second(e, f, end, s1);
            while (r[3] < end && e->fp_seq[e->fps[r[3]].seq + 1] == s1)
                r[3]++;
        }
    }
}

#endif
