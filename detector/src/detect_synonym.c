/* detect_synonym.c - thesaurus substitutes that do not fit their context.
 *
 * A spinner replaces a word c by a thesaurus synonym w without looking at
 * the neighbours: "5 years old" becomes "5 years previous", "last week"
 * becomes "final week". For a word w the compiled data lists the words c it
 * can stand for, already inflected like w. Two kinds of evidence compare c
 * with w in place:
 *   - collocation: how strongly each goes with the left and right
 *     neighbour (smoothed observed/expected bigram counts of the background
 *     model), and
 *   - topic: how strongly each is associated with the document's other
 *     content words (same-sentence co-occurrence in the training text),
 *     which catches "vogue powerhouse" in an article about clothes where the
 *     neighbours alone say little.
 * A word that already fits its neighbours well is never questioned, which
 * keeps the cost to a hash probe or two for most tokens. */
#include <string.h>

#include "detect.h"

/* Tuned on bench corpora built from held-out text (bench/), not on the
 * fixtures: see README "How the score is made". */
#define FITS_WELL 1.0     /* w's own collocation evidence: leave it alone */
#define MIN_DELTA 3.5     /* evidence (nats) needed to report a swap */
#define PRIOR_WEIGHT 0.5  /* weight of log(count(c) / count(w)) */
#define MIN_SEEN 3        /* bigram count that attests a collocation */
#define SIDE_MIN 1.5      /* association gain (nats) on the breaking side */
#define TOPIC_WEIGHT 0.25 /* nats per unit of topical association */
#define TOPIC_CAP 3.0
#define QUOTE_FACTOR 0.5

static double fit(const unspun_engine *e, uint32_t x, uint32_t a, uint32_t b)
{
    return us_assoc2(e, a, x) + us_assoc2(e, x, b);
}

/* A neighbour whose collocations say something: a content word, not a
 * function word, punctuation or sentence boundary. */
static int contentful(const unspun_engine *e, uint32_t id)
{
    const us_word_rec *r = &e->words[id];
    return (r->flags & US_WF_ALPHA) && !(r->flags & US_WF_FUNC) &&
           id != e->hd->id_unk;
}

/* The substitution breaks a collocation: on some side with a content
 * neighbour the candidate is attested (MIN_SEEN or more times) and goes
 * with that neighbour clearly better than the word does; and on no side
 * does the word go clearly better than the candidate (then the writer
 * chose the word for its context). */
static int breaks_collocation(const unspun_engine *e, uint32_t w, uint32_t c,
                              uint32_t a, uint32_t b)
{
    double dl = us_assoc2(e, a, c) - us_assoc2(e, a, w);
    double dr = us_assoc2(e, c, b) - us_assoc2(e, w, b);
    if (dl <= -SIDE_MIN || dr <= -SIDE_MIN)
        return 0;
    return (contentful(e, a) && dl >= SIDE_MIN &&
            us_engine_bigram(e, a, c) >= MIN_SEEN) ||
           (contentful(e, b) && dr >= SIDE_MIN &&
            us_engine_bigram(e, c, b) >= MIN_SEEN);
}

/* ---- the document's content words, as a hash set ---- */

static int docset_build(unspun_worker *w)
{
    const unspun_engine *e = w->eng;
    size_t ns = 64;
    while (ns < w->toks.n * 2)
        ns <<= 1;
    if (ns > w->ndocset_slots) {
        uint32_t *p = us_realloc(w->alc, w->docset,
                                 w->ndocset_slots * sizeof *p, ns * sizeof *p);
        if (!p)
            return -1;
        w->docset = p;
        w->ndocset_slots = ns;
    }
    ns = w->ndocset_slots;
    memset(w->docset, 0xff, ns * sizeof *w->docset);
    w->ndocset = 0;
    for (size_t i = 0; i < w->toks.n; i++) {
        uint32_t id = w->toks.tok[i].id;
        if (id >= e->hd->n_words ||
            (e->words[id].flags & (US_WF_FUNC | US_WF_SYMBOL)) ||
            !(e->words[id].flags & US_WF_ALPHA))
            continue;
        size_t h = us_hash_pair(id, 0) & (ns - 1);
        while (w->docset[h] != US_NONE && w->docset[h] != id)
            h = (h + 1) & (ns - 1);
        if (w->docset[h] == US_NONE) {
            w->docset[h] = id;
            w->ndocset++;
        }
    }
    return 0;
}

static int docset_has(const unspun_worker *w, uint32_t id)
{
    size_t mask = w->ndocset_slots - 1;
    for (size_t h = us_hash_pair(id, 0) & mask; w->docset[h] != US_NONE;
         h = (h + 1) & mask)
        if (w->docset[h] == id)
            return 1;
    return 0;
}

/* Sum of x's associations with the document's words, leaving out the
 * words under comparison themselves. */
static double topic(const unspun_worker *w, uint32_t x, uint32_t skip1,
                    uint32_t skip2)
{
    const unspun_engine *e = w->eng;
    const us_word_rec *r = &e->words[x];
    double s = 0;
    for (uint32_t j = 0; j < r->nassoc; j++) {
        const us_assoc_rec *a = &e->assoc[r->assoc + j];
        if (a->word != skip1 && a->word != skip2 && a->word < e->hd->n_words &&
            docset_has(w, a->word))
            s += a->weight;
    }
    return s;
}

static double clamp(double x, double lo, double hi)
{
    return x < lo ? lo : x > hi ? hi : x;
}

int us_detect_synonym(unspun_worker *w, uint32_t opt_flags)
{
    const unspun_engine *e = w->eng;
    const us_tokens *t = &w->toks;
    if (docset_build(w))
        return -1;
    for (size_t i = 0; i < t->n; i++) {
        const us_token *k = &t->tok[i];
        if (k->kind != US_TOK_WORD ||
            (k->flags & (US_TF_CLITIC | US_TF_HYPH | US_TF_ALLCAP)))
            continue;
        /* Capitalised inside a sentence: a name or a title. */
        if ((k->flags & US_TF_CAP) && !(k->flags & US_TF_SENT))
            continue;
        uint32_t id = k->id;
        if (id >= e->hd->n_words)
            continue;
        const us_word_rec *wr = &e->words[id];
        if (!wr->ncand || (wr->flags & (US_WF_FUNC | US_WF_PROPER)))
            continue;
        uint32_t a = us_left(w, i), b = us_right(w, i);
        double fw = fit(e, id, a, b);
        if (fw >= FITS_WELL)
            continue;
        double tw = -1;
        double best = -1e9;
        uint32_t bestc = US_NONE;
        for (uint32_t j = 0; j < wr->ncand; j++) {
            uint32_t c = e->cands[wr->cand + j];
            if (c >= e->hd->n_words || !breaks_collocation(e, id, c, a, b))
                continue;
            /* log P(c | a, b) / P(w | a, b): the association difference
             * plus the unigram prior ratio. */
            double d = fit(e, c, a, b) - fw +
                       PRIOR_WEIGHT *
                           log((e->words[c].count + 1.0) / (wr->count + 1.0));
            if (d < MIN_DELTA - TOPIC_CAP)
                continue; /* even the topic could not make up for it */
            if (tw < 0)
                tw = topic(w, id, id, c);
            double dt =
                TOPIC_WEIGHT * (topic(w, c, id, c) - topic(w, id, id, c));
            d += clamp(dt, -TOPIC_CAP, TOPIC_CAP);
            if (d > best) {
                best = d;
                bestc = c;
            }
        }
        if (bestc == US_NONE || best < MIN_DELTA)
            continue;
        double conf = 1.0 - exp(-(best - MIN_DELTA + 0.7) / 2.0);
        if ((k->flags & US_TF_QUOTE) && !(opt_flags & UNSPUN_OPT_QUOTES))
            conf *= QUOTE_FACTOR;
        const char *s = us_engine_str(e, e->words[bestc].str);
        size_t sl = strlen(s);
        char cap[128];
        if ((k->flags & US_TF_CAP) && sl < sizeof cap) {
            memcpy(cap, s, sl + 1);
            if (cap[0] >= 'a' && cap[0] <= 'z')
                cap[0] = (char)(cap[0] - 32);
            s = cap;
        }
        if (us_art_add(w, i, i, UNSPUN_KIND_SYNONYM, conf, s, sl))
            return -1;
    }
    return 0;
}
