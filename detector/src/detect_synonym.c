/* detect_synonym.c - thesaurus substitutes that do not fit their context.
 *
 * A spinner replaces a word c by a thesaurus synonym w without looking at
 * the neighbours: "5 years old" becomes "5 years previous", "last week"
 * becomes "final week". For a word w the compiled data lists the words c
 * it can stand for, already inflected like w. Two hypotheses explain the
 * word in place:
 *   - the writer chose w: the language model's probability of the window
 *     of five words around it, with w;
 *   - the writer chose c and a spinner put w for it: the window's
 *     probability with c, times the chance that the spinner, holding c,
 *     picked w among c's synonyms.
 * Their ratio, summed over the candidates, is the token's likelihood
 * ratio L (with a little topical evidence: a candidate that belongs to
 * the document's subject is the likelier original).
 *
 * Ordinary writers choose rarer words too ("atomic" where "nuclear" is
 * likelier), so one ratio alone proves little. What decides is the whole
 * document: a spinner replaces a share r of the words it can, so each
 * token is a swap with prior probability r, and r is estimated from the
 * document itself (expectation-maximisation over its tokens, with a prior
 * that expects r near zero). In a clean text a few high ratios leave r
 * small and their posteriors low; in a spun text many high ratios raise r,
 * and weaker ratios become credible too. A token's confidence is its
 * posterior probability of being a swap. */
#include <math.h>
#include <string.h>
#ifdef UNSPUN_TUNING
#include <stdio.h>
#include <stdlib.h>
#endif

#include "detect.h"
#include "lm.h"
#include "thesaurus.h"
#include "tune.h"

/* Set on the bench's dev split (bench/README.md), never on fixtures. */
#define LM_WEIGHT TUNE(LM_WEIGHT, 0.8)       /* of the window's log ratio */
#define PICK_WEIGHT TUNE(PICK_WEIGHT, 1.0)   /* of the spinner's pick cost */
#define RESTORE_POST TUNE(RESTORE_POST, 0.5) /* undo swaps this likely */
#define CALIB_SLOPE TUNE(CALIB_SLOPE, 0.3)   /* beyond the last bin */
/* A candidate the document uses elsewhere is the likelier original: a
 * spinner that replaces words at a rate leaves some occurrences alone. */
#define DOC_BONUS TUNE(DOC_BONUS, 2.0)
#define MAX_EVAL TUNE(MAX_EVAL, 32) /* candidates weighed, likeliest first */
#define MAX_EVAL_CAP 64             /* ... and never more (tuning builds) */
#define PHRASE_BIAS TUNE(PHRASE_BIAS, 0.0) /* nats added to a phrase */
#define TOPIC_WEIGHT                                                           \
    TUNE(TOPIC_WEIGHT, 0.25) /* nats per unit of topical association */
#define TOPIC_CAP TUNE(TOPIC_CAP, 2.0)
#define PRIOR_A                                                                \
    TUNE(PRIOR_A, 0.5) /* Beta(a, b) prior on the share of swapped words: */
#define PRIOR_B TUNE(PRIOR_B, 10.0) /* mean 1.6%, most mass near zero */
#define EM_ROUNDS 30
#define QUOTE_ODDS TUNE(QUOTE_ODDS, 0.2) /* spinners leave quotations alone */
#define MIN_POST                                                               \
    TUNE(MIN_POST, 0.05) /* posteriors below this are not reported at all */
#define LLR_FLOOR -30.0
/* What the kind of an event says by itself, nats, added to its table's
 * ratio: each table holds the ratio within its kind, but the document's
 * share of swaps r is one for all kinds, and the kinds are not alike. On
 * the dev split's spun text, 6.8% of the swapped events are words the
 * model lacks and 0.7% of the others ("unneurotic" for "together",
 * "potbellies" for "corporations"): ln 9.5; 40.3% of them thesaurus
 * phrases and 11.2% of the others: ln 3.6; single known words the rest
 * (bench/calibrate.py). Without them a word the model lacks counted as a
 * tenth of what it is worth against the document's r. */
#define TYPE_SINGLE TUNE(TYPE_SINGLE, -0.51)
#define TYPE_PHRASE TUNE(TYPE_PHRASE, 1.28)
#define TYPE_OOV TUNE(TYPE_OOV, 2.25)

/* A token weighed by the model: its log likelihood ratio (swap against
 * chosen) and the likeliest original. */
typedef struct weighed {
    uint32_t tok, last; /* the token, or the phrase's tokens */
    double lse;         /* log of the summed candidate ratios */
    double llr;         /* its calibrated log likelihood ratio */
    uint32_t best;      /* vocabulary id of the likeliest original */
    uint32_t fp;        /* a thesaurus phrase: its index in fps, else US_NONE */
    double ref;         /* a reference shows a swap here this surely, or 0 */
    uint32_t lm;        /* a single word's model id, read once (us_lm_word), or
                         * US_NONE: the model lacks it (a phrase: unused) */
} weighed;

/* The log likelihood ratio (swap against the writer's choice) that a
 * summed candidate ratio `lse` stands for, measured on the bench's dev
 * split (bench/README.md, "Calibration"): in 14 equal-count bins of lse,
 * the log of the share of swapped events over the share of other events,
 * made monotone, interpolated between bin medians, extended with slope
 * 0.3 beyond them. The raw sum overstates weak evidence both ways; this
 * is what it is worth. Single words, words the model lacks and thesaurus
 * phrases apart. */
typedef struct calib {
    double x[14], y[14];
} calib;

static const calib single_calib = {
    {-10.95, -7.52, -5.66, -4.38, -3.37, -2.52, -1.77, -1.06, -0.37, 0.39, 1.29,
     2.50, 4.34, 8.25},
    {-4.00, -3.07, -2.36, -1.97, -1.54, -1.24, -0.85, -0.51, -0.19, 0.13, 0.58,
     1.07, 1.79, 3.13}};

static const calib oov_calib = {{6.35, 8.40, 9.52, 10.36, 11.14, 11.91, 12.79,
                                 13.70, 14.63, 15.58, 16.57, 17.91, 19.57,
                                 22.92},
                                {-1.79, -0.98, -0.53, -0.53, 0.18, 0.18, 0.27,
                                 0.64, 0.99, 0.99, 0.99, 1.99, 1.99, 1.99}};

static const calib phrase_calib = {
    {-10.95, -8.18, -6.61, -5.36, -4.17, -3.06, -2.07, -1.08, -0.10, 0.95, 2.08,
     3.53, 5.58, 9.14},
    {-2.25, -1.79, -1.49, -1.04, -0.49, -0.12, 0.10, 0.42, 0.64, 1.36, 1.65,
     2.12, 2.55, 4.02}};

static double calibrate(const calib *c, double lse)
{
    const size_t n = sizeof c->x / sizeof *c->x;
    if (lse <= c->x[0])
        return c->y[0] + 0.3 * (lse - c->x[0]);
    if (lse >= c->x[n - 1])
        return c->y[n - 1] + CALIB_SLOPE * (lse - c->x[n - 1]);
    size_t i = 1;
    while (c->x[i] < lse)
        i++;
    double f = (lse - c->x[i - 1]) / (c->x[i] - c->x[i - 1]);
    return c->y[i - 1] + f * (c->y[i] - c->y[i - 1]);
}

/* Is token i a candidate: a content word with thesaurus candidates,
 * written in lower case (or capitalised at a sentence start), that the
 * model knows? */
static int candidate_word(const unspun_worker *w, size_t i)
{
    const unspun_engine *e = w->eng;
    const us_token *k = &w->toks.tok[i];
    if (k->kind != US_TOK_WORD ||
        (k->flags & (US_TF_CLITIC | US_TF_HYPH | US_TF_ALLCAP)))
        return 0;
    if (us_tok_named(k))
        return 0;
    if (k->id >= e->hd->n_words)
        return 0;
    const us_word_rec *wr = us_word(e, k->id);
    if (!us_thes_cands(e, k->id).n || (wr->flags & (US_WF_FUNC | US_WF_PROPER)))
        return 0;
    /* A word the model lacks (rare: "grangers", "rescript") is weighed
     * too, as a word rarer than any it knows. */
    uint32_t pos = w->tok_lms[i];
    return pos != US_NONE && (w->lms[pos] != US_LM_BREAK || wr->lm == US_NONE);
}

/* A candidate word that is to be weighed: not one a reference has as it
 * is (reference mode), which is the original's word. */
static int eligible(const unspun_worker *w, size_t i)
{
    return !us_is_original(w, i) && candidate_word(w, i);
}

/* The window's score with a word the model lacks in the middle: rarer
 * than its rarest word, after any history (backed off through h1), and no
 * history for the words after it. */
static double oov_score(const unspun_engine *e, uint32_t win[5])
{
    double left = e->lm_oov;
    if (win[1] < e->hd->n_lm)
        left += e->lm_uni[win[1]].bo;
    uint32_t s[5] = {win[0], win[1], US_LM_BREAK, win[3], win[4]};
    return left + us_lm_seq(e, s, 5, 3);
}

/* The five-word window around stream position pos: two words of history
 * (none before a sentence start), the word, two words after (none after a
 * sentence end). */
static void window(const unspun_worker *w, const uint32_t *lms, uint32_t pos,
                   uint32_t win[5])
{
    const uint32_t bos = w->eng->hd->lm_bos, eos = w->eng->hd->lm_eos;
    for (int d = -2; d <= 2; d++) {
        long p = (long)pos + d;
        win[d + 2] = p >= 0 && (size_t)p < w->nlms ? lms[p] : US_LM_BREAK;
    }
    if (win[1] == bos || win[1] == US_LM_BREAK)
        win[0] = US_LM_BREAK;
    if (win[3] == eos || win[3] == US_LM_BREAK)
        win[4] = US_LM_BREAK;
}

/* Topical association of candidate c with the document, leaving out the
 * word it would replace (which is in the document only because it was put
 * there in c's place). */
static double topic(unspun_worker *w, uint32_t c, uint32_t word)
{
    double s = us_doc_topic(&w->lex, c);
    if (c != word)
        s -= us_assoc_weight(w->eng, c, word);
    return s;
}

static double clamp(double x, double lo, double hi)
{
    return x < lo ? lo : x > hi ? hi : x;
}

/* Weigh token i, whose model id is `self` ("realise" read as "realize":
 * us_lm_word), against its candidates. */
static weighed weigh(unspun_worker *w, const uint32_t *lms, size_t i,
                     uint32_t self)
{
    const unspun_engine *e = w->eng;
    uint32_t id = w->toks.tok[i].id;
    uint32_t win[5];
    window(w, lms, w->tok_lms[i], win);
    us_lm_win lw;
    us_lm_win_init(e, win, &lw);
    double sw =
        self == US_NONE ? oov_score(e, win) : us_lm_win_score(e, &lw, self);
    double tw = -1;
    weighed r = {(uint32_t)i, (uint32_t)i, LLR_FLOOR, LLR_FLOOR,
                 US_NONE,     US_NONE,     0.0,       self};
#ifdef UNSPUN_TUNING
    int dump = getenv("UNSPUN_DUMP") != NULL;
    char dbuf[4096];
    size_t dn = 0;
    dbuf[0] = 0;
#endif
    double best = -1e300, sum = 0, top = -1e300;
    us_cands cs = us_thes_cands(e, id);
    uint32_t ncand = cs.n < (uint32_t)MAX_EVAL ? cs.n : (uint32_t)MAX_EVAL;
    if (ncand > MAX_EVAL_CAP)
        ncand = MAX_EVAL_CAP;
    /* Nearly all the time of a weighing is waiting for memory: the
     * candidates' records, model words and bigram nodes lie anywhere in
     * tens of megabytes. Asked for in rounds over all candidates before
     * any is scored (records; model words and topical associations; the
     * first bigram reads; bigram nodes; the first trigram reads), their
     * cache misses overlap instead of coming one after the other (1 MB
     * of text: 1.8 -> 1.45 s in three rounds; the last two and the
     * associations took a further 9%, paired runs, output the same). */
    uint32_t lmc[MAX_EVAL_CAP];
    for (uint32_t j = 0; j < ncand; j++)
        if (cs.id[j] < e->hd->n_words)
            us_engine_prefetch(e, US_SEC_WORDS,
                               (uint64_t)cs.id[j] * sizeof(us_word_rec));
    for (uint32_t j = 0; j < ncand; j++) {
        const us_word_rec *cr = us_word(e, cs.id[j]);
        lmc[j] = cr->lm;
        if (lmc[j] < e->hd->n_lm)
            __builtin_prefetch(&e->lm_uni[lmc[j]]);
        /* the topical evidence's reads */
        for (uint64_t b = 0; b < (uint64_t)cr->nassoc * sizeof(us_assoc_rec);
             b += 64)
            us_engine_prefetch(e, US_SEC_ASSOC,
                               (uint64_t)cr->assoc * sizeof(us_assoc_rec) + b);
    }
    for (uint32_t j = 0; j < ncand; j++)
        us_lm_win_prefetch(e, &lw, lmc[j]);
    /* no model word, no such word, or the word itself in another spelling
     * ("offense" for "offence"): a spelling is no swap */
    for (uint32_t j = 0; j < ncand; j++)
        if (lmc[j] == self)
            lmc[j] = US_NONE;
    /* the bigram nodes, then the trigram searches' first reads */
    us_lm_nodes nd[MAX_EVAL_CAP];
    for (uint32_t j = 0; j < ncand; j++)
        us_lm_win_nodes(e, &lw, lmc[j], &nd[j]);
    for (uint32_t j = 0; j < ncand; j++)
        us_lm_win_prefetch_tri(e, &lw, lmc[j], &nd[j]);
    for (uint32_t j = 0; j < ncand; j++) {
        uint32_t c = cs.id[j];
        if (lmc[j] == US_NONE)
            continue;
        double l = us_lm_win_score_at(e, &lw, lmc[j], &nd[j]) - sw -
                   PICK_WEIGHT * cs.cost[j] / US_PICK_UNIT;
        if (us_doc_has(&w->lex, c))
            l += DOC_BONUS;
        /* The topical evidence moves a ratio by TOPIC_CAP at most: worth
         * working out only where the candidate could count. */
        if (l + TOPIC_CAP > top - 12.0) {
            if (tw < 0)
                tw = us_doc_topic(&w->lex, id);
            l += clamp(TOPIC_WEIGHT * (topic(w, c, id) - tw), -TOPIC_CAP,
                       TOPIC_CAP);
        }
        /* log-sum-exp, shifted by the largest term so far */
        if (l > top) {
            sum = sum * exp(top - l) + 1.0;
            top = l;
        } else {
            sum += exp(l - top);
        }
        if (l > best) {
            best = l;
            r.best = c;
        }
#ifdef UNSPUN_TUNING
        if (dump && dn < sizeof dbuf - 64)
            dn += (size_t)snprintf(
                dbuf + dn, sizeof dbuf - dn, "%s:%.2f:%.2f:%.2f,",
                us_engine_str(e, us_word(e, c)->str),
                us_lm_win_score(e, &lw, us_word(e, c)->lm) - sw,
                cs.cost[j] / US_PICK_UNIT, topic(w, c, id) - tw);
#endif
    }
    if (r.best != US_NONE)
        r.lse = top + log(sum);
#ifdef UNSPUN_TUNING
    if (dump && r.best != US_NONE) {
        const us_token *k = &w->toks.tok[i];
        uint32_t bl = us_word(e, r.best)->lm;
        fprintf(stderr,
                "SYN\t%u\t%u\t%s\t%s\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%u\t%.3f\n",
                k->start, k->end, us_engine_str(e, us_word(e, id)->str),
                us_engine_str(e, us_word(e, r.best)->str), r.llr, best,
                e->lm_uni[bl].prob -
                    (self == US_NONE ? e->lm_oov : e->lm_uni[self].prob),
                self == US_NONE ? e->lm_oov : e->lm_uni[self].prob,
                tw < 0 ? 0 : tw, cs.n, topic(w, r.best, id));
        fprintf(stderr, "CANDS\t%s\n", dbuf);
    }
#endif
    return r;
}

/* Does a word of tokens [a, b] have a capital that no sentence start
 * explains? */
static int has_name(const unspun_worker *w, size_t a, size_t b)
{
    for (size_t i = a; i <= b; i++) {
        const us_token *k = &w->toks.tok[i];
        if ((k->flags & US_TF_ALLCAP) || us_tok_named(k))
            return 1;
    }
    return 0;
}

/* The prior odds factor of weighed event t: spinners leave quotations
 * alone (QUOTE_ODDS, unless UNSPUN_OPT_QUOTES asks to treat them alike),
 * and names: a thesaurus phrase with a capital no sentence start explains
 * ("the Argentine Republic", "the Executive Departments") is a name or
 * part of one, as a single word with a capital is (candidate_word). It
 * stays among the weighed events as a word the spinner left (factor 0,
 * posterior 0), as a word a reference shows unswapped does. On the dev
 * split the speeches' false artifacts went 2.11 -> 1.86 per 1,000 words
 * and spin30's precision 0.877 -> 0.887, for recall 0.343 -> 0.337.
 * Left out of the events instead, the names no longer held the share of
 * swaps down in documents full of them: 2.11 -> 2.19. Else 1. Worked out
 * where used rather than kept: a long document weighs hundreds of
 * thousands of words. */
static double odds_factor(const unspun_worker *w, const weighed *t,
                          uint32_t opt_flags)
{
    if (t->fp != US_NONE && has_name(w, t->tok, t->last))
        return 0.0;
    return (w->toks.tok[t->tok].flags & US_TF_QUOTE) &&
                   !(opt_flags & UNSPUN_OPT_QUOTES)
               ? QUOTE_ODDS
               : 1.0;
}

/* The share of swapped words that best explains the document's ratios
 * (EM with a Beta prior), and each token's posterior in post[]. A swap a
 * reference shows (t->ref, its confidence) counts in the share at least
 * that surely: its own ratio may be weak (the spinner's word can fit its
 * neighbours well), but a document whose references show swaps is likelier
 * to hold more. */
static void posteriors(const unspun_worker *w, const weighed *t,
                       uint32_t opt_flags, size_t n, size_t known, double *post)
{
    /* `known`: candidate words a reference shows unswapped, which count
     * as words the spinner left (posterior 0) */
    double r = PRIOR_A / (PRIOR_A + PRIOR_B);
    for (int round = 0; round < EM_ROUNDS; round++) {
        double s = 0;
        double lo = log(r / (1.0 - r));
        for (size_t k = 0; k < n; k++) {
            double z = lo + t[k].llr + log(odds_factor(w, &t[k], opt_flags));
            post[k] = z > 30 ? 1.0 : z < -30 ? 0.0 : 1.0 / (1.0 + exp(-z));
            s += post[k] > t[k].ref ? post[k] : t[k].ref;
        }
        double nr = (s + PRIOR_A) / ((double)(n + known) + PRIOR_A + PRIOR_B);
        if (fabs(nr - r) < 1e-6)
            break; /* the posteriors are those of nr already, near enough */
        r = nr;
    }
}

/* The document's swap evidence as a whole: the log likelihood ratio of
 * its weighed tokens under the likeliest share r of swapped words against
 * none (a generalised likelihood ratio of the mixture posteriors() fits),
 *
 *     L = max over r in [0, 1) of sum_k ln(1 + r (LR_k - 1))
 *                                 + known ln(1 - r),
 *
 * LR_k the token's likelihood ratio (e^llr times its odds factor). Each
 * token's ratio says little at a tenth of the words swapped; their
 * product over the document says much more, and L is 0 when no share
 * beats none. L is concave in r: its slope is found 0 by bisection.
 * The events' lse fields, no longer needed, hold their ratios minus 1. */
static double mixture_llr(const unspun_worker *w, weighed *t,
                          uint32_t opt_flags, size_t n, size_t known)
{
    for (size_t k = 0; k < n; k++)
        t[k].lse = exp(t[k].llr < 30 ? t[k].llr : 30) *
                       odds_factor(w, &t[k], opt_flags) -
                   1.0;
    double lo = 0, hi = 1;
    for (int it = 0; it < 50; it++) {
        double r = (lo + hi) / 2, slope = -(double)known / (1.0 - r);
        for (size_t k = 0; k < n; k++)
            slope += t[k].lse / (1.0 + r * t[k].lse);
        if (slope > 0)
            lo = r;
        else
            hi = r;
    }
    if (lo <= 0)
        return 0;
    double l = (double)known * log(1.0 - lo);
    for (size_t k = 0; k < n; k++)
        l += log1p(lo * t[k].lse);
    return l > 0 ? l : 0;
}

/* Does a reference have every token of [a, b] as it is? */
static int all_original(const unspun_worker *w, size_t a, size_t b)
{
    if (!w->original)
        return 0;
    for (size_t i = a; i <= b; i++)
        if (!w->original[i])
            return 0;
    return 1;
}

/* The thesaurus phrases that match at token i, as events in out[] (when
 * not NULL); returns how many. Not those listed under a function word
 * ("at that place" under "there", "make up" under "be"): a spinner leaves
 * function words alone, as the single words' weighing assumes
 * (candidate_word). On the bench's dev split such phrases were 126 of
 * the listed swaps outside the spinner's changes and 96 inside them,
 * where 92 of the 96 named a wrong original ("putted up" -> "can"). */
static size_t phrases_at(const unspun_worker *w, size_t i, weighed *out)
{
    const unspun_engine *e = w->eng;
    uint32_t r[4];
    size_t n = 0;
    us_fp_ranges(w, i, r);
    for (int k = 0; k < 4; k += 2)
        for (uint32_t f = r[k]; f < r[k + 1]; f++) {
            const us_fp_rec *fp = &e->fps[f];
            if (fp->kind != US_FP_PHRASE ||
                (us_word(e, fp->head)->flags & US_WF_FUNC) ||
                !us_fp_matches(w, fp, i) || all_original(w, i, i + fp->len - 1))
                continue;
            if (out) {
                weighed *o = &out[n];
                o->tok = i;
                o->last = i + fp->len - 1;
                o->lse = o->llr = LLR_FLOOR;
                o->best = fp->head;
                o->fp = f;
                o->lm = US_NONE;
            }
            n++;
        }
    return n;
}

/* The model id of headword h inflected like token `last` (a plural
 * phrase stands for the plural: "calendar months" for "months"). */
static uint32_t inflected_head(const unspun_worker *w, uint32_t h, size_t last)
{
    const unspun_engine *e = w->eng;
    const us_token *k = &w->toks.tok[last];
    const char *t = us_tok_norm(&w->toks, k);
    const char *hs = us_engine_str(e, us_word(e, h)->str);
    size_t hl = strlen(hs);
    if (k->norm_len > 2 && t[k->norm_len - 1] == 's' &&
        t[k->norm_len - 2] != 's' && hl && hs[hl - 1] != 's' && hl < 60) {
        static const char *const suf[] = {"s", "es"};
        char buf[64];
        for (size_t j = 0; j < 2; j++) {
            size_t sl = strlen(suf[j]);
            memcpy(buf, hs, hl);
            memcpy(buf + hl, suf[j], sl);
            uint32_t lm = us_word(e, us_engine_word(e, buf, hl + sl))->lm;
            if (lm != US_NONE)
                return lm;
        }
    }
    return us_word(e, h)->lm;
}

/* The phrase at tokens [i, last] against the single word it may stand
 * for: the window of the phrase with two words either side, against the
 * window with the headword in its place. 0 (and nothing weighed) when a
 * word of the phrase is not in the model or punctuation parts it. */
static int weigh_phrase(const unspun_worker *w, const uint32_t *lms,
                        const us_fp_rec *fp, size_t i, double *lse)
{
    const unspun_engine *e = w->eng;
    size_t last = i + fp->len - 1;
    uint32_t p0 = w->tok_lms[i];
    if (p0 == US_NONE || fp->head >= e->hd->n_words ||
        us_word(e, fp->head)->lm == US_NONE)
        return 0;
    for (size_t k = i; k <= last; k++)
        if (w->tok_lms[k] != p0 + (k - i) || lms[p0 + (k - i)] == US_LM_BREAK)
            return 0;
    uint32_t pk = p0 + (uint32_t)(fp->len - 1);
    uint32_t a[16], b[8];
    uint32_t win[5];
    window(w, lms, p0, win); /* the history */
    uint32_t after[5];
    window(w, lms, pk, after); /* the words after */
    size_t na = 0;
    a[na++] = win[0];
    a[na++] = win[1];
    for (uint32_t p = p0; p <= pk; p++)
        a[na++] = lms[p];
    a[na++] = after[3];
    a[na++] = after[4];
    b[0] = win[0];
    b[1] = win[1];
    b[2] = inflected_head(w, fp->head, last);
    b[3] = after[3];
    b[4] = after[4];
    *lse = LM_WEIGHT * (us_lm_seq(e, b, 5, 2) - us_lm_seq(e, a, na, 2)) -
           PICK_WEIGHT * fp->cost / US_PICK_UNIT + PHRASE_BIAS;
    return 1;
}

/* Weigh every eligible token against the stream `lms` and work out the
 * posteriors; with `restored`, a copy of the stream in which the likely
 * swaps of the first pass hold their likeliest originals. */
/* Whether the stream `now` differs from `before` within two words of
 * positions [a, b]: only then can a weighing change. */
static int window_changed(const unspun_worker *w, const uint32_t *before,
                          const uint32_t *now, uint32_t a, uint32_t b)
{
    uint32_t lo = a >= 2 ? a - 2 : 0;
    uint32_t hi = b + 2 < w->nlms ? b + 2 : (uint32_t)w->nlms - 1;
    for (uint32_t p = lo; p <= hi; p++)
        if (p != a && before[p] != now[p])
            return 1;
    return 0;
}

static void weigh_all(unspun_worker *w, const uint32_t *before,
                      const uint32_t *lms, weighed *tw, uint32_t opt_flags,
                      double *post, size_t m, size_t known)
{
    for (size_t k = 0; k < m; k++) {
        if (before) {
            uint32_t a = w->tok_lms[tw[k].tok], b = w->tok_lms[tw[k].last];
            if (a == US_NONE || b == US_NONE ||
                !window_changed(w, before, lms, a, b))
                continue;
        }
        if (tw[k].fp != US_NONE) {
            /* A phrase the model cannot read says nothing either way. */
            double l;
            int ok =
                weigh_phrase(w, lms, &w->eng->fps[tw[k].fp], tw[k].tok, &l);
            tw[k].lse = ok ? l : LLR_FLOOR;
            tw[k].llr = ok ? calibrate(&phrase_calib, l) + TYPE_PHRASE : 0.0;
            continue;
        }
        weighed r = weigh(w, lms, tw[k].tok, tw[k].lm);
        tw[k].lse = r.lse;
        tw[k].llr = r.best == US_NONE ? LLR_FLOOR
                    : tw[k].lm == US_NONE
                        ? calibrate(&oov_calib, r.lse) + TYPE_OOV
                        : calibrate(&single_calib, r.lse) + TYPE_SINGLE;
        tw[k].best = r.best;
    }
    posteriors(w, tw, opt_flags, m, known, post);
}

/* Each event's ref: the surest swap a reference shows on its tokens (the
 * events are in token order, as w->ref_swaps). */
static void ref_evidence(const unspun_worker *w, weighed *t, size_t n)
{
    const us_tokspan *s = w->ref_swaps;
    size_t c = 0;
    for (size_t k = 0; k < n; k++) {
        t[k].ref = 0;
        while (c < w->nref_swaps && s[c].last < t[k].tok)
            c++;
        for (size_t j = c; j < w->nref_swaps && s[j].first <= t[k].last; j++)
            if (s[j].last >= t[k].tok && s[j].conf > t[k].ref)
                t[k].ref = s[j].conf;
    }
}

int us_detect_synonym(unspun_worker *w, uint32_t opt_flags)
{
    const unspun_engine *e = w->eng;
    const us_tokens *t = &w->toks;
    size_t n = 0, known = 0;
    w->mix_llr = 0;
    for (size_t i = 0; i < t->n; i++) {
        n += eligible(w, i) + phrases_at(w, i, NULL);
        known += us_is_original(w, i) && candidate_word(w, i);
    }
    if (!n)
        return 0;
    weighed *tw = us_malloc(w->alc, n * sizeof *tw);
    double *post = us_malloc(w->alc, n * sizeof *post);
    uint32_t *lms2 = us_malloc(w->alc, (w->nlms ? w->nlms : 1) * sizeof *lms2);
    int rc = -1;
    if (!tw || !post || !lms2)
        goto done;
    size_t m = 0;
    for (size_t i = 0; i < t->n; i++) {
        m += phrases_at(w, i, tw + m);
        if (!eligible(w, i))
            continue;
        tw[m].tok = tw[m].last = i;
        tw[m].fp = US_NONE;
        tw[m].best = US_NONE;
        tw[m].lm = us_lm_word(w, i);
        m++;
    }
    ref_evidence(w, tw, m);
    weigh_all(w, NULL, w->lms, tw, opt_flags, post, m, known);
    /* A swap's neighbours were judged in the spinner's context, not the
     * writer's: with the likely swaps undone, judge them again. */
    memcpy(lms2, w->lms, w->nlms * sizeof *lms2);
    int changed = 0;
    for (size_t k = 0; k < m; k++)
        if (post[k] >= RESTORE_POST && tw[k].fp == US_NONE &&
            tw[k].best != US_NONE) {
            lms2[w->tok_lms[tw[k].tok]] = us_word(e, tw[k].best)->lm;
            changed = 1;
        }
    if (changed && RESTORE_POST < 1.0)
        weigh_all(w, w->lms, lms2, tw, opt_flags, post, m, known);
#ifdef UNSPUN_TUNING
    if (getenv("UNSPUN_DUMP"))
        for (size_t k = 0; k < m; k++)
            fprintf(stderr, "POST\t%u\t%u\t%.4f\t%.3f\t%d\n",
                    t->tok[tw[k].tok].start, t->tok[tw[k].last].end, post[k],
                    tw[k].lse,
                    tw[k].fp != US_NONE   ? 1
                    : tw[k].lm == US_NONE ? 2
                                          : 0);
#endif
    w->mix_llr = mixture_llr(w, tw, opt_flags, m, known);
    for (size_t k = 0; k < m; k++) {
        if (post[k] < MIN_POST || tw[k].best == US_NONE)
            continue;
        const us_token *tok = &t->tok[tw[k].tok];
        /* A word the document uses again and again is the writer's
         * term: a spinner's random picks rarely repeat. */
        int phrase = tw[k].fp != US_NONE;
        double conf =
            phrase ? post[k] : post[k] / us_doc_count(&w->lex, tok->id);
        const char *s = us_engine_str(e, phrase ? e->fps[tw[k].fp].correct
                                                : us_word(e, tw[k].best)->str);
        if (us_art_add_cased(w, tw[k].tok, tw[k].last, UNSPUN_KIND_SYNONYM,
                             conf, s))
            goto done;
    }
    rc = 0;
done:
    us_free(w->alc, tw);
    us_free(w->alc, post);
    us_free(w->alc, lms2);
    return rc;
}
