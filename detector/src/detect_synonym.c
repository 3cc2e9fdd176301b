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
#define MIN_DELTA 5.0     /* evidence (nats) needed to report a swap */
#define PRIOR_WEIGHT 0.5  /* weight of log(count(c) / count(w)) */
#define MIN_SEEN 3        /* bigram count that attests a collocation */
#define SIDE_MIN 1.5      /* association gain (nats) on the breaking side */
#define TOPIC_WEIGHT 0.25 /* nats per unit of topical association */
#define TOPIC_CAP 3.0
#define QUOTE_FACTOR 0.5
#define TRI_WEIGHT 0.5 /* nats per nat of trigram evidence */
#define TRI_CAP 4.0
#define MIN_PRIOR 0.7 /* log(count(c) / count(w)) needed */

/* Topical association of candidate c with the document, leaving out the
 * word w it would replace (which is in the document, but only because it
 * was put there in c's place). */
static double topic(unspun_worker *w, uint32_t c, uint32_t word)
{
    double s = us_doc_topic(w, c);
    if (c != word)
        s -= us_assoc_weight(w->eng, c, word);
    return s;
}

static double clamp(double x, double lo, double hi)
{
    return x < lo ? lo : x > hi ? hi : x;
}

/* The counts of the three trigrams holding x at a position with
 * neighbours a2 a _ b b2 (ctx), given the bigram counts sl of (a, x) and
 * sr of (x, b). The trigram table holds trigrams seen twice or more, and a
 * trigram is never more common than the bigrams in it: where sl or sr is
 * under 2, the trigram is known to be absent without a probe. */
static void trigrams(const unspun_engine *e, uint32_t x, const uint32_t ctx[4],
                     uint32_t sl, uint32_t sr, uint32_t out[3])
{
    int l = sl >= 2, r = sr >= 2;
    out[0] = l ? us_engine_trigram(e, ctx[0], ctx[1], x) : 0;
    out[1] = l && r ? us_engine_trigram(e, ctx[1], x, ctx[2]) : 0;
    out[2] = r ? us_engine_trigram(e, x, ctx[2], ctx[3]) : 0;
}

/* Trigram evidence for c over w: for each of the three trigrams holding
 * the word, the log ratio of P(trigram context | c) to P(trigram context |
 * w), where either was seen (twice or more); clamped, since one trigram is
 * little text. */
static double trigram_gain(const unspun_engine *e, uint32_t w, uint32_t c,
                           const uint32_t tw[3], const uint32_t tc[3])
{
    double g = 0;
    double nw = e->words[w].count + 1.0, nc = e->words[c].count + 1.0;
    for (int k = 0; k < 3; k++) {
        if (!tw[k] && !tc[k])
            continue;
        g += clamp(log((tc[k] + 0.5) / nc) - log((tw[k] + 0.5) / nw), -TRI_CAP,
                   TRI_CAP);
    }
    return g;
}

/* Collocation fit of x between a and b, given the bigram counts sl of
 * (a, x) and sr of (x, b), for deciding whether x needs a second look:
 * punctuation and sentence boundaries count as neutral (a word is often
 * followed by a comma in lists, which says nothing about its choice),
 * function words count ("the luggage", "years old"). */
static double gate_fit(const unspun_engine *e, uint32_t x, uint32_t a,
                       uint32_t b, uint32_t sl, uint32_t sr)
{
    const unsigned sym = US_WF_SYMBOL;
    return ((e->words[a].flags & sym) || a == e->hd->id_bos
                ? 0.0
                : us_assoc2_n(e, a, x, sl)) +
           ((e->words[b].flags & sym) || b == e->hd->id_bos
                ? 0.0
                : us_assoc2_n(e, x, b, sr));
}

/* A token's neighbours in the model's sequence and the counts of the
 * bigrams it forms with them. */
typedef struct nbrs {
    uint32_t a, b;   /* us_left, us_right */
    uint32_t sl, sr; /* counts of (a, token) and (token, b) */
} nbrs;

/* Is token i worth a second look: a content word with thesaurus
 * candidates common enough to have been replaced by it, which does not
 * already fit its neighbours well? The neighbour pairs were looked up by
 * us_doc_build: no model probe but at a sentence's edge. Fills *nb when
 * it is. */
static int suspect(const unspun_worker *w, size_t i, nbrs *nb)
{
    const unspun_engine *e = w->eng;
    const us_tokens *t = &w->toks;
    const us_token *k = &t->tok[i];
    if (k->kind != US_TOK_WORD ||
        (k->flags & (US_TF_CLITIC | US_TF_HYPH | US_TF_ALLCAP)))
        return 0;
    /* Capitalised inside a sentence: a name or a title. */
    if ((k->flags & US_TF_CAP) && !(k->flags & US_TF_SENT))
        return 0;
    uint32_t id = k->id;
    if (id >= e->hd->n_words)
        return 0;
    const us_word_rec *wr = &e->words[id];
    if (!wr->ncand || (wr->flags & (US_WF_FUNC | US_WF_PROPER)))
        return 0;
    /* Candidates come most common first: if even the first is not
     * common enough to have been replaced by w, none is. */
    uint32_t c0 = e->cands[wr->cand];
    if (c0 >= e->hd->n_words ||
        log((e->words[c0].count + 1.0) / (wr->count + 1.0)) < MIN_PRIOR)
        return 0;
    nb->a = us_left(w, i);
    nb->b = us_right(w, i);
    nb->sl = us_pair_left(w, i);
    nb->sr = us_pair_right(w, i);
    return gate_fit(e, id, nb->a, nb->b, nb->sl, nb->sr) < FITS_WELL;
}

/* Weigh token i (a suspect) against each candidate; report the swap. */
static int judge(unspun_worker *w, size_t i, const nbrs *nb, uint32_t opt_flags)
{
    const unspun_engine *e = w->eng;
    const us_token *k = &w->toks.tok[i];
    uint32_t id = k->id;
    const us_word_rec *wr = &e->words[id];
    uint32_t a = nb->a, b = nb->b, wsl = nb->sl, wsr = nb->sr;
    double wl = us_side_n(e, id, a, 1, wsl), wrt = us_side_n(e, id, b, 0, wsr);
    const uint32_t ctx4[4] = {us_left2(w, i), a, b, us_right2(w, i)};
    double tw = -1;
    uint32_t triw[3];
    int have_triw = 0;
    double best = -1e9, best_rank = -1e9;
    uint32_t bestc = US_NONE;
    for (uint32_t j = 0; j < wr->ncand; j++) {
        uint32_t c = e->cands[wr->cand + j];
        if (c >= e->hd->n_words)
            continue;
        double prior = log((e->words[c].count + 1.0) / (wr->count + 1.0));
        /* Spinners trade words for rarer ones: a candidate rarer
         * than the word itself is not what stood there (nor are the
         * rest, rarer still). */
        if (prior < MIN_PRIOR)
            break;
        /* Evidence, in nats, that c stood here and a spinner put w:
         * how much better c explains each neighbour, plus part of
         * the prior (spinners reach for rarer words). A side where w
         * fits clearly better means the writer chose w on purpose. */
        uint32_t csl = us_engine_bigram(e, a, c),
                 csr = us_engine_bigram(e, c, b);
        double dl = us_side_n(e, c, a, 1, csl) - wl,
               dr = us_side_n(e, c, b, 0, csr) - wrt;
        if (dl <= -SIDE_MIN || dr <= -SIDE_MIN)
            continue;
        double d0 = dl + dr + PRIOR_WEIGHT * prior;
        if (d0 + 3 * TRI_WEIGHT * TRI_CAP + TOPIC_CAP < MIN_DELTA)
            continue; /* nothing else could make up for it */
        if (tw < 0)
            tw = us_doc_topic(w, id);
        d0 +=
            clamp(TOPIC_WEIGHT * (topic(w, c, id) - tw), -TOPIC_CAP, TOPIC_CAP);
        if (d0 + 3 * TRI_WEIGHT * TRI_CAP < MIN_DELTA)
            continue;
        if (!have_triw) {
            trigrams(e, id, ctx4, wsl, wsr, triw);
            have_triw = 1;
        }
        uint32_t tric[3];
        trigrams(e, c, ctx4, csl, csr, tric);
        double tg = TRI_WEIGHT * trigram_gain(e, id, c, triw, tric);
        double d = d0 + tg;
        if (d < MIN_DELTA)
            continue;
        if (d > best)
            best = d;
        /* The suggestion: the likeliest candidate in place. */
        double rank = dl + dr + tg + prior;
        if (rank > best_rank) {
            best_rank = rank;
            bestc = c;
        }
    }
    if (bestc == US_NONE)
        return 0;
    double conf = 1.0 - exp(-(best - MIN_DELTA + 0.7) / 2.0);
    /* A word the document uses again and again is the writer's term:
     * a spinner's random picks rarely repeat. */
    conf /= us_doc_count(w, id);
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
    return us_art_add(w, i, i, UNSPUN_KIND_SYNONYM, conf, s, sl);
}

int us_detect_synonym(unspun_worker *w, uint32_t opt_flags)
{
    for (size_t i = 0; i < w->toks.n; i++) {
        nbrs nb;
        if (suspect(w, i, &nb) && judge(w, i, &nb, opt_flags))
            return -1;
    }
    return 0;
}
