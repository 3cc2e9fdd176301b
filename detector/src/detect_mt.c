/* detect_mt.c - machine-translation literalism.
 *
 * Round-trip translation leaves two traces a bigram model sees directly:
 *   - words no English dictionary knows, written in lower case (so not a
 *     name): left untranslated, or mangled;
 *   - two common words side by side that ordinary English never joins,
 *     although chance alone would put them together several times in the
 *     training text ("of the the", "has been stated to"): word-order and
 *     function-word rewrites. */
#include <string.h>

#include "detect.h"

#define UNKNOWN_CONF 0.45
#define COLLOC_MIN_COUNT 30    /* both words at least this common */
#define COLLOC_MIN_EXPECT 2.0  /* expected co-occurrences by chance */
#define COLLOC_MIN_DEFICIT 1.5 /* nats below chance to be evidence */
#define COLLOC_SCALE 1.5
#define QUOTE_FACTOR 0.5

int us_detect_mt(unspun_worker *w)
{
    const unspun_engine *e = w->eng;
    const us_tokens *t = &w->toks;
    for (size_t i = 0; i < t->n; i++) {
        const us_token *k = &t->tok[i];
        if (k->kind != US_TOK_WORD)
            continue;
        uint16_t fl = us_lex_flags(w, k->id);
        double qf = (k->flags & US_TF_QUOTE) ? QUOTE_FACTOR : 1.0;
        /* Unknown lower-case word. */
        if (k->id >= e->hd->n_words && (fl & US_WF_ALPHA) &&
            !(fl & US_WF_KNOWN) &&
            !(k->flags & (US_TF_CAP | US_TF_HYPH | US_TF_CLITIC)) &&
            k->norm_len >= 3 && k->norm_len < 64) {
            char *s = us_lex_suggest(w, us_tok_norm(t, k));
            /* Repeated: a name or a term of the trade, not a slip. */
            qf /= us_doc_count(w, k->id);
            int rc = us_art_add(w, i, i, UNSPUN_KIND_UNKNOWN, UNKNOWN_CONF * qf,
                                s, s ? strlen(s) : 0);
            us_free(w->alc, s);
            if (rc)
                return -1;
            continue;
        }
        /* Unseen pair of common words. */
        if (i + 1 >= t->n)
            continue;
        const us_token *n = &t->tok[i + 1];
        if (n->kind != US_TOK_WORD || (n->flags & US_TF_SENT) ||
            ((k->flags | n->flags) & (US_TF_HYPH | US_TF_CLITIC)) ||
            ((n->flags & US_TF_CAP)) || k->id >= e->hd->n_words ||
            n->id >= e->hd->n_words)
            continue;
        if ((k->flags & US_TF_CAP) && !(k->flags & US_TF_SENT))
            continue;
        const us_word_rec *a = &e->words[k->id], *b = &e->words[n->id];
        if (a->count < COLLOC_MIN_COUNT || b->count < COLLOC_MIN_COUNT ||
            !(a->flags & US_WF_ALPHA) || !(b->flags & US_WF_ALPHA))
            continue;
        /* How far below chance the pair is: log of (seen + 1) over
         * (expected + 1). Zero-count pairs of rare words say nothing;
         * "of system" (common words, almost never adjacent) says much. */
        double expect = (double)a->count * b->count / (double)e->hd->total;
        double seen = us_engine_bigram(e, k->id, n->id);
        double deficit = log((expect + 1.0) / (seen + 1.0));
        if (expect < COLLOC_MIN_EXPECT || deficit < COLLOC_MIN_DEFICIT)
            continue;
        double conf =
            1.0 - exp(-(deficit - COLLOC_MIN_DEFICIT + 0.3) / COLLOC_SCALE);
        if (conf > 0.9)
            conf = 0.9;
        if (us_art_add(w, i, i + 1, UNSPUN_KIND_COLLOCATION, conf * qf, NULL,
                       0))
            return -1;
    }
    return 0;
}
