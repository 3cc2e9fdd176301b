/* detect_mt.c - machine-translation literalism.
 *
 * Round-trip translation leaves two traces a bigram model sees directly:
 *   - words no English dictionary knows, written in lower case (so not a
 *     name): left untranslated, or mangled;
 *   - two common words side by side that ordinary English never joins,
 *     although chance alone would put them together several times in the
 *     training text ("of the the", "has been stated to"): word-order and
 *     function-word rewrites;
 *   - three words each pair of which is common, but which ordinary English
 *     does not put together ("have been stated", "can also be surrounded"):
 *     a function-word rewrite when most of them are function words. */
#include <string.h>

#include "detect.h"

#define UNKNOWN_CONF 0.45
#define COLLOC_MIN_COUNT 30    /* both words at least this common */
#define COLLOC_MIN_EXPECT 2.0  /* expected co-occurrences by chance */
#define COLLOC_MIN_DEFICIT 1.5 /* nats below chance to be evidence */
#define COLLOC_SCALE 1.5
#define QUOTE_FACTOR 0.5
#define TRI_MIN_PAIR 20     /* both pairs of a triple this common */
#define TRI_MIN_EXPECT 4.0  /* expected count of the triple */
#define TRI_MIN_DEFICIT 2.0 /* nats below expectation to be evidence */

/* Can token j take part in a pair or triple? A word of letters the model
 * knows, not split off, not a name in mid-sentence. */
static int plain_word(const unspun_worker *w, size_t j)
{
    const us_token *k = &w->toks.tok[j];
    if (k->kind != US_TOK_WORD || k->id >= w->eng->hd->n_words ||
        (k->flags & (US_TF_HYPH | US_TF_CLITIC)) ||
        !(w->eng->words[k->id].flags & US_WF_ALPHA))
        return 0;
    return !(k->flags & US_TF_CAP) || (k->flags & US_TF_SENT);
}

/* Three words x y z where both pairs are common but the triple is (almost)
 * unseen: expected count from the pairs, c(x y) c(y z) / c(y). */
static int triple(unspun_worker *w, size_t i)
{
    const unspun_engine *e = w->eng;
    const us_tokens *t = &w->toks;
    if (i + 2 >= t->n || !plain_word(w, i) || !plain_word(w, i + 1) ||
        !plain_word(w, i + 2) || (t->tok[i + 1].flags & US_TF_SENT) ||
        (t->tok[i + 2].flags & US_TF_SENT))
        return 0;
    uint32_t x = t->tok[i].id, y = t->tok[i + 1].id, z = t->tok[i + 2].id;
    /* Bounds from the word counts alone, before any table lookup: a pair
     * is no more common than its rarer word. */
    double cx = e->words[x].count, cy = e->words[y].count,
           cz = e->words[z].count;
    double mxy = cx < cy ? cx : cy, myz = cy < cz ? cy : cz;
    if (mxy < TRI_MIN_PAIR || myz < TRI_MIN_PAIR ||
        mxy * myz / (cy + 1.0) < TRI_MIN_EXPECT)
        return 0;
    double bxy = us_pair(w, i), byz = us_pair(w, i + 1);
    if (bxy < TRI_MIN_PAIR || byz < TRI_MIN_PAIR)
        return 0;
    double expect = bxy * byz / (e->words[y].count + 1.0);
    double seen = us_engine_trigram(e, x, y, z);
    double deficit = log((expect + 1.0) / (seen + 1.0));
    if (expect < TRI_MIN_EXPECT || deficit < TRI_MIN_DEFICIT)
        return 0;
    double conf = 1.0 - exp(-(deficit - TRI_MIN_DEFICIT + 0.3) / COLLOC_SCALE);
    if (conf > 0.9)
        conf = 0.9;
    if (t->tok[i].flags & US_TF_QUOTE)
        conf *= QUOTE_FACTOR;
    int funcs = 0;
    for (size_t j = i; j < i + 3; j++)
        funcs += (e->words[t->tok[j].id].flags & US_WF_FUNC) != 0;
    return us_art_add(w, i, i + 2,
                      funcs >= 2 ? UNSPUN_KIND_FUNCTION
                                 : UNSPUN_KIND_COLLOCATION,
                      conf, NULL, 0)
               ? -1
               : 0;
}

int us_detect_mt(unspun_worker *w)
{
    const unspun_engine *e = w->eng;
    const us_tokens *t = &w->toks;
    for (size_t i = 0; i < t->n; i++) {
        const us_token *k = &t->tok[i];
        if (k->kind != US_TOK_WORD)
            continue;
        if (triple(w, i))
            return -1;
        uint16_t fl = us_lex_flags(w, k->id);
        double qf = (k->flags & US_TF_QUOTE) ? QUOTE_FACTOR : 1.0;
        /* Unknown lower-case word. */
        if (k->id >= e->hd->n_words && (fl & US_WF_ALPHA) &&
            !(fl & US_WF_KNOWN) &&
            !(k->flags & (US_TF_CAP | US_TF_HYPH | US_TF_CLITIC)) &&
            k->norm_len >= 3 && k->norm_len < 64) {
            /* Repeated: a name or a term of the trade, not a slip. */
            qf /= us_doc_count(w, k->id);
            if (us_art_add(w, i, i, UNSPUN_KIND_UNKNOWN, UNKNOWN_CONF * qf,
                           NULL, 0))
                return -1;
            w->arts[w->narts - 1].spell = k->id;
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
        if (expect < COLLOC_MIN_EXPECT)
            continue; /* decided by the counts: no table lookup */
        double seen = us_pair(w, i);
        double deficit = log((expect + 1.0) / (seen + 1.0));
        if (deficit < COLLOC_MIN_DEFICIT)
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
