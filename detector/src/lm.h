/* lm.h - the language model: probabilities of words in context, and the
 * document as the model reads it.
 *
 * The model is CMU's backoff trigram model of US English (data.h). Its
 * words are lower case, without digits or punctuation, so the document is
 * read into a stream of model words: one per word token (a name by its
 * lower-case form, a possessive joined to its word when the model knows
 * "company's"), numbers as a number word, sentence ends as </s> <s>, other
 * punctuation dropped (the model was trained on speech, where commas are
 * not heard), and a break where a word is not in the model, so that no
 * probability is conditioned across an unknown word. */
#ifndef US_LM_H
#define US_LM_H

#include "worker.h"

/* A stream entry that is not a model word: the history starts again. */
#define US_LM_BREAK US_NONE

/* ln P(w | h2 h1) by the backoff rules (Katz): h1, h2 may be
 * US_LM_BREAK (no history of that length). w must be a model word. */
double us_lm_prob(const unspun_engine *e, uint32_t h2, uint32_t h1, uint32_t w);

/* The same, and the length of the n-gram the model had (1 when it backed
 * off to the word alone, 2 a bigram, 3 the trigram; 0 for a word not in
 * the model): "does ordinary English put these words together?" */
double us_lm_prob_n(const unspun_engine *e, uint32_t h2, uint32_t h1,
                    uint32_t w, int *order);

/* Sum of ln P(s[k] | s[k-2] s[k-1]) for k in [from, n), over a stream of
 * model words and breaks (a break scores nothing and cuts the history).
 * from >= 0; the words before `from` serve as history only. */
double us_lm_seq(const unspun_engine *e, const uint32_t *s, size_t n,
                 size_t from);

/* A five-word window "h2 h1 _ r1 r2" to score many words x in the
 * middle of: ln P(x | h2 h1) + ln P(r1 | h1 x) + ln P(r2 | x r1), the
 * same sum as us_lm_seq over {h2, h1, x, r1, r2} from 2, with the
 * lookups that do not depend on x done once. Any of the four may be
 * US_LM_BREAK. */
typedef struct us_lm_win {
    uint32_t v[5];
    double bo_h;   /* backoff weight of "h2 h1" */
    uint32_t j_rr; /* bigram node "r1 r2" */
    double p_rr;   /* ln P(r2 | r1) */
} us_lm_win;

void us_lm_win_init(const unspun_engine *e, const uint32_t win[5],
                    us_lm_win *c);
double us_lm_win_score(const unspun_engine *e, const us_lm_win *c, uint32_t x);
/* Ask the memory system for what us_lm_win_score(e, c, x) will read
 * first (the ends of x's bigram nodes and the first guess among the
 * nodes of the word after), so that the lookups of many candidates
 * overlap; no effect on any result. */
void us_lm_win_prefetch(const unspun_engine *e, const us_lm_win *c, uint32_t x);
/* The same score in stages, for many candidates at once: each stage asks
 * the memory system for what the next one reads, so that the cache
 * misses of all candidates overlap instead of coming one after the
 * other. us_lm_win_nodes finds the bigram nodes "h1 x" and "x r1";
 * us_lm_win_prefetch_tri asks for the start of each trigram search;
 * us_lm_win_score_at gives what us_lm_win_score gives. */
typedef struct us_lm_nodes {
    uint32_t hx, xr; /* bigram nodes "h1 x" and "x r1", or US_NONE */
} us_lm_nodes;
void us_lm_win_nodes(const unspun_engine *e, const us_lm_win *c, uint32_t x,
                     us_lm_nodes *nd);
void us_lm_win_prefetch_tri(const unspun_engine *e, const us_lm_win *c,
                            uint32_t x, const us_lm_nodes *nd);
double us_lm_win_score_at(const unspun_engine *e, const us_lm_win *c,
                          uint32_t x, const us_lm_nodes *nd);

/* Build the worker's stream of the current document (after
 * us_lex_assign): w->lms[0..nlms) and, per token, w->tok_lms[i], its
 * position in the stream or US_NONE. 0, or -1 when out of memory. */
int us_lm_stream(unspun_worker *w);

/* How well the document's words fit their neighbours, over the stream's
 * words that have a word before them in their sentence, by the gain
 * ln P(word | two before) - ln P(word):
 *   - func (us_flu_func): its mean over the function words. A translation
 *     round trip puts the other language's articles and prepositions
 *     where English has others, and they lose most;
 *   - odd (us_flu_odd): the share of words whose gain is below US_LM_ODD
 *     (the model thinks their neighbours make them e^2 times less likely
 *     than anywhere): odd word order, wrong collocations.
 * Ordinary English scores near its own level on both; spun and translated
 * text lower on func, higher on odd. The counts they are made of add up
 * over the parts of a text (score.c's sections). */
#define US_LM_ODD (-2.0)
typedef struct us_fluency {
    size_t words;    /* how many words were weighed */
    size_t nfunc;    /* function words among them */
    size_t low;      /* words whose gain is below US_LM_ODD */
    double func_sum; /* the function words' gains, summed */
} us_fluency;

static inline double us_flu_func(size_t nfunc, double func_sum)
{
    return nfunc ? func_sum / (double)nfunc : 0.0;
}

static inline double us_flu_odd(size_t low, size_t words)
{
    return words ? (double)low / (double)words : 0.0;
}

void us_lm_fluency(const unspun_worker *w, us_fluency *f);

/* How well vocabulary word x would fit at token i, between the model
 * words before and after it in the stream: ln P(x | before) - ln P(x) +
 * ln P(after | x) - ln P(after), over the sides that have a word (not a
 * sentence boundary); 0 when x or the token is not in the model. The
 * model's version of pointwise association with each neighbour. */
double us_lm_fit(const unspun_worker *w, size_t i, uint32_t x);

/* The model id of token i's word, read as its en_US spelling where only
 * en_GB spells it so (us_form_us_spelling: the model is of US English,
 * and a spelling is never a swap); as us_lm_of otherwise. */
uint32_t us_lm_word(const unspun_worker *w, size_t i);

/* The model id of vocabulary word `id` (US_LM_BREAK if none). */
static inline uint32_t us_lm_of(const unspun_engine *e, uint32_t id)
{
    return id < e->hd->n_words ? us_word(e, id)->lm : US_LM_BREAK;
}

#endif
