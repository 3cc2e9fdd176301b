/* detect_fingerprint.c - stem sequences: tortured phrases and thesaurus
 * phrases.
 *
 * Each record is a sequence of Snowball stems, indexed by its first stem,
 * so "counterfeit consciousnesses" matches "counterfeit consciousness".
 * Two kinds share the index:
 *   - tortured phrases (wordlists/): known fingerprints of spinners. A
 *     phrase the training text itself uses is weaker evidence: its
 *     confidence falls with its count there.
 *   - thesaurus phrases: several words a spinner can put for one ("clock
 *     time" for "time", "calendar month" for "month"). Ordinary English
 *     uses some of them all the time ("take place"); the evidence is how
 *     much more common the single word is than the phrase in the training
 *     text, and how much better the word fits the neighbours.
 * At a position the longest tortured phrase wins, else the thesaurus
 * phrase, among all that match there with all their headwords, with the
 * most evidence. */
#include <string.h>

#include "detect.h"

#define PHRASE_PRIOR_WEIGHT 0.5 /* nats per nat of log(count ratio) */
#define PHRASE_MIN_DELTA 3.0    /* evidence needed to report */
#define QUOTE_FACTOR 0.5

/* Does record fp match the tokens from i on? */
static int matches(const unspun_worker *w, const us_fp_rec *fp, size_t i)
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

/* Evidence (nats) that the phrase at tokens [i, i + len) stands for its
 * headword. */
static double phrase_evidence(const unspun_worker *w, const us_fp_rec *fp,
                              size_t i)
{
    const unspun_engine *e = w->eng;
    uint32_t h = fp->head;
    double d = PHRASE_PRIOR_WEIGHT *
               log((e->words[h].count + 1.0) / (fp->count + 1.0));
    size_t last = i + fp->len - 1;
    uint32_t p0 = us_ctx_id(w, i), pl = us_ctx_id(w, last);
    uint32_t a = us_left(w, i), b = us_right(w, last);
    if (p0 != e->hd->id_unk)
        d += us_side(e, h, a, 1) - us_side(e, p0, a, 1);
    if (pl != e->hd->id_unk)
        d += us_side(e, h, b, 0) - us_side(e, pl, b, 0);
    return d;
}

/* Keep fp as the longest tortured phrase or the thesaurus phrase with
 * the most evidence so far, if it matches at token i. */
static void try_fp(const unspun_worker *w, const us_fp_rec *fp, size_t i,
                   const us_fp_rec **tort, const us_fp_rec **phr, double *phr_d)
{
    if (fp->kind == US_FP_TORTURED) {
        if ((!*tort || fp->len > (*tort)->len) && matches(w, fp, i))
            *tort = fp;
    } else if (matches(w, fp, i)) {
        double d = phrase_evidence(w, fp, i);
        if (d > *phr_d) {
            *phr_d = d;
            *phr = fp;
        }
    }
}

/* The first record in [lo, hi) (all of two stems or more, sorted) whose
 * second stem is not below s. */
static uint32_t first_second(const unspun_engine *e, uint32_t lo, uint32_t hi,
                             uint32_t s)
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

int us_detect_fingerprint(unspun_worker *w, uint32_t opt_flags)
{
    const unspun_engine *e = w->eng;
    const us_tokens *t = &w->toks;
    for (size_t i = 0; i < t->n; i++) {
        uint32_t s0 = us_lex_stem(w, t->tok[i].id);
        if (s0 == US_NONE || !e->stems[s0].nfp)
            continue;
        const us_stem_rec *sr = &e->stems[s0];
        /* The longest tortured phrase; the thesaurus phrase (of any
         * length, any headword) with the most evidence. */
        const us_fp_rec *tort = NULL, *phr = NULL;
        double phr_d = -1e9;
        /* Records are sorted by stem sequence (wordlists/compile.c): the
         * one-stem records first, then by second stem, so besides those
         * only the run whose second stem is the next token's can match. */
        uint32_t f = sr->fp, end = sr->fp + sr->nfp;
        for (; f < end && e->fps[f].len < 2; f++)
            try_fp(w, &e->fps[f], i, &tort, &phr, &phr_d);
        if (f < end && i + 1 < t->n && !(t->tok[i + 1].flags & US_TF_SENT)) {
            uint32_t s1 = us_lex_stem(w, t->tok[i + 1].id);
            if (s1 != US_NONE)
                for (f = first_second(e, f, end, s1);
                     f < end && e->fp_seq[e->fps[f].seq + 1] == s1; f++)
                    try_fp(w, &e->fps[f], i, &tort, &phr, &phr_d);
        }
        int quoted =
            (t->tok[i].flags & US_TF_QUOTE) && !(opt_flags & UNSPUN_OPT_QUOTES);
        const us_fp_rec *best = tort;
        double conf = 0;
        unspun_kind kind = UNSPUN_KIND_FINGERPRINT;
        if (tort) {
            conf = 0.95 * 4.0 / (4.0 + tort->count);
            if (quoted)
                conf *= 0.7;
        } else if (phr) {
            double d = phr_d;
            if (d < PHRASE_MIN_DELTA)
                continue;
            best = phr;
            kind = UNSPUN_KIND_SYNONYM;
            conf = 1.0 - exp(-(d - PHRASE_MIN_DELTA + 0.7) / 2.0);
            if (quoted)
                conf *= QUOTE_FACTOR;
        } else {
            continue;
        }
        const char *sugg = us_engine_str(e, best->correct);
        if (us_art_add(w, i, i + best->len - 1, kind, conf, sugg, strlen(sugg)))
            return -1;
        i += best->len - 1;
    }
    return 0;
}
