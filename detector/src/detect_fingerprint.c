/* detect_fingerprint.c - known tortured phrases, matched on stems.
 *
 * Each fingerprint is a sequence of Snowball stems, indexed by its first
 * stem, so "counterfeit consciousnesses" matches "counterfeit
 * consciousness". The longest match at a position wins. A phrase that the
 * training text itself uses is weaker evidence: its confidence falls with
 * its count there. */
#include <string.h>

#include "detect.h"

int us_detect_fingerprint(unspun_worker *w)
{
    const unspun_engine *e = w->eng;
    const us_tokens *t = &w->toks;
    for (size_t i = 0; i < t->n; i++) {
        uint32_t s0 = us_lex_stem(w, t->tok[i].id);
        if (s0 == US_NONE || !e->stems[s0].nfp)
            continue;
        const us_stem_rec *sr = &e->stems[s0];
        const us_fp_rec *best = NULL;
        for (uint32_t f = sr->fp; f < sr->fp + sr->nfp; f++) {
            const us_fp_rec *fp = &e->fps[f];
            if (i + fp->len > t->n || (best && fp->len <= best->len))
                continue;
            uint32_t k = 1;
            while (k < fp->len && !(t->tok[i + k].flags & US_TF_SENT) &&
                   us_lex_stem(w, t->tok[i + k].id) == e->fp_seq[fp->seq + k])
                k++;
            if (k == fp->len)
                best = fp;
        }
        if (!best)
            continue;
        double conf = 0.95 * 4.0 / (4.0 + best->count);
        if (t->tok[i].flags & US_TF_QUOTE)
            conf *= 0.7;
        const char *sugg = us_engine_str(e, best->correct);
        if (us_art_add(w, i, i + best->len - 1, UNSPUN_KIND_FINGERPRINT, conf,
                       sugg, strlen(sugg)))
            return -1;
        i += best->len - 1;
    }
    return 0;
}
