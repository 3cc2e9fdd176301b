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
        for (uint32_t f = sr->fp; f < sr->fp + sr->nfp; f++) {
            const us_fp_rec *fp = &e->fps[f];
            if (fp->kind == US_FP_TORTURED) {
                if ((!tort || fp->len > tort->len) && matches(w, fp, i))
                    tort = fp;
            } else if (matches(w, fp, i)) {
                double d = phrase_evidence(w, fp, i);
                if (d > phr_d) {
                    phr_d = d;
                    phr = fp;
                }
            }
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
