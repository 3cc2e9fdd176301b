/* detect_fingerprint.c - known tortured phrases.
 *
 * Each record is a sequence of Snowball stems, indexed by its first stem,
 * so "counterfeit consciousnesses" matches "counterfeit consciousness".
 * The tortured phrases of wordlists/ are known fingerprints of spinners
 * (the Problematic Paper Screener's list). A phrase the training text
 * itself uses is weaker evidence: its confidence falls with its count
 * there. At a position the longest phrase wins. (The thesaurus phrases
 * that share the index, "calendar month" for "month", are weighed in
 * context by detect_synonym.c.) */
#include <string.h>

#include "detect.h"

#define QUOTED_FACTOR 0.7 /* spinners leave quotations alone */

int us_detect_fingerprint(unspun_worker *w, uint32_t opt_flags)
{
    const unspun_engine *e = w->eng;
    const us_tokens *t = &w->toks;
    for (size_t i = 0; i < t->n; i++) {
        uint32_t r[4];
        us_fp_ranges(w, i, r);
        const us_fp_rec *best = NULL;
        for (int k = 0; k < 4; k += 2)
            for (uint32_t f = r[k]; f < r[k + 1]; f++) {
                const us_fp_rec *fp = &e->fps[f];
                if (fp->kind == US_FP_TORTURED &&
                    (!best || fp->len > best->len) && us_fp_matches(w, fp, i))
                    best = fp;
            }
        if (!best)
            continue;
        double conf = 0.95 * 4.0 / (4.0 + best->count);
        if ((t->tok[i].flags & US_TF_QUOTE) && !(opt_flags & UNSPUN_OPT_QUOTES))
            conf *= QUOTED_FACTOR;
        const char *sugg = us_engine_str(e, best->correct);
        if (us_art_add(w, i, i + best->len - 1, UNSPUN_KIND_FINGERPRINT, conf,
                       sugg, strlen(sugg)))
            return -1;
        i += best->len - 1;
    }
    return 0;
}
