/* detect.h - the intrinsic detectors, and helpers they share.
 *
 * Each detector reads the worker's current document (tokenised, lexicon
 * ids assigned, word types counted, the language model's stream built:
 * score.c's order) and appends what it finds to the worker's artifacts
 * (us_art_add). In reference mode they skip the tokens w->original marks
 * (us_is_original). 0, or -1 when out of memory. */
#ifndef US_DETECT_H
#define US_DETECT_H

#include <math.h>

#include "worker.h"

/* Read `len` bytes of `text` into w as every detector reads a document
 * (score.c): its artifacts cleared, tokens, lexicon ids, word types, the
 * language model's stream. UNSPUN_E_BINARY or UNSPUN_E_UTF8 (with the
 * offset), UNSPUN_E_EMPTY, UNSPUN_E_NOT_ENGLISH (unless flags holds
 * UNSPUN_OPT_ANY_LANGUAGE), UNSPUN_E_NOMEM. */
unspun_status us_score_read(unspun_worker *w, const char *text, size_t len,
                            uint32_t flags, unspun_error *err);

/* detect_fingerprint.c: known tortured phrases. */
int us_detect_fingerprint(unspun_worker *w, uint32_t opt_flags);
/* detect_synonym.c: thesaurus substitutes that do not fit their context. */
int us_detect_synonym(unspun_worker *w, uint32_t flags);
/* detect_mt.c: machine-translation literalism (unknown words, function
 * words and word pairs ordinary English does not use). */
int us_detect_mt(unspun_worker *w, uint32_t opt_flags);

/* Does record fp match the tokens from i on? */
static inline int us_fp_matches(const unspun_worker *w, const us_fp_rec *fp,
                                size_t i)
{
    const us_tokens *t = &w->toks;
    if (i + fp->len > t->n)
        return 0;
    for (uint32_t k = 1; k < fp->len; k++)
        if ((t->tok[i + k].flags & US_TF_SENT) ||
            us_lex_stem(&w->lex, t->tok[i + k].id) !=
                w->eng->fp_seq[fp->seq + k])
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
    uint32_t s0 = us_lex_stem(&w->lex, t->tok[i].id);
    uint32_t f, end;
    us_engine_fp_range(e, s0, &f, &end); /* empty for US_NONE */
    if (f == end)
        return;
    r[0] = f;
    while (f < end && e->fps[f].len < 2)
        f++;
    r[1] = f;
    if (f < end && i + 1 < t->n && !(t->tok[i + 1].flags & US_TF_SENT)) {
        uint32_t s1 = us_lex_stem(&w->lex, t->tok[i + 1].id);
        if (s1 != US_NONE) {
            r[2] = r[3] = us_fp_first_second(e, f, end, s1);
            while (r[3] < end && e->fp_seq[e->fps[r[3]].seq + 1] == s1)
                r[3]++;
        }
    }
}

#endif
