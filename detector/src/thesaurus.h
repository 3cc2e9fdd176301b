/* thesaurus.h - the thesaurus and WordNet's lemmas as the data file holds
 * them: the one interface through which the detectors ask which words may
 * stand for which.
 *
 *   candidates  per vocabulary word, the words a spinner may have replaced
 *               with it (MyThes, re-inflected to its form) and the cost of
 *               that pick (data.h cands, cand-cost): detect_synonym.c,
 *               and detect_ref.c for a swap no pair below explains
 *   pairs       every MyThes pair of phrases, by the keys of refkey.h, so
 *               that inflected forms match (thes-pairs, thes-phrases)
 *   lemmas      WordNet's irregular forms ("bought" -> "buy", lemma-exc)
 *
 * All are looked up in place in the mapped file, by any number of threads:
 * nothing is parsed or copied at run time. */
#ifndef US_THESAURUS_H
#define US_THESAURUS_H

#include "engine.h"
#include "refkey.h"

/* The candidates of vocabulary word `word`: n ids (each < n_words is
 * checked by the caller) with their pick costs in units of US_PICK_UNIT,
 * likeliest pick first; n = 0 for a word out of range. */
typedef struct us_cands {
    const uint32_t *id;
    const uint8_t *cost;
    uint32_t n;
} us_cands;

static inline us_cands us_thes_cands(const unspun_engine *e, uint32_t word)
{
    us_cands c = {NULL, NULL, 0};
    if (word < e->hd->n_words) {
        const us_word_rec *r = us_word(e, word);
        /* (none when a block of the lists fails its checksum) */
        if (r->ncand &&
            us_engine_blocks(e, US_SEC_CANDS, (uint64_t)r->cand * 4,
                             (uint64_t)r->ncand * 4) &&
            us_engine_blocks(e, US_SEC_CAND_COST, r->cand, r->ncand)) {
            c.id = e->cands + r->cand;
            c.cost = e->cand_cost + r->cand;
            c.n = r->ncand;
        }
    }
    return c;
}

/* Is c one of w's candidates? 0 for US_NONE or ids out of range. */
int us_thes_has_cand(const unspun_engine *e, uint32_t w, uint32_t c);

/* Are phrases a and b (keys: us_phrase_key) a thesaurus pair? The pair
 * set, probed in place. */
int us_thes_pair(const unspun_engine *e, uint64_t a, uint64_t b);

/* May `k` be the key of a multi-word thesaurus phrase? One bit of the
 * phrase bitmap: most word pairs and triples of a text are none. */
static inline int us_thes_phrase(const unspun_engine *e, uint64_t k)
{
    uint64_t bit = us_phrase_bit(k, e->hd->n_phrase_bits);
    return (e->thes_phrases[bit >> 6] >> (bit & 63)) & 1;
}

/* The keys of the lemmas of an irregular form, given the form's key
 * (us_lex_key), at most `max` into keys[]; returns how many. */
size_t us_thes_lemmas(const unspun_engine *e, uint64_t form, uint64_t *keys,
                      size_t max);

/* Verify the sections read whole here (the phrase bitmap, the lemmas),
 * once per engine: before the first reference pool is used (the loader
 * leaves them to their first use; the pair set and the known-form
 * dictionaries are checked a block at a time as looked up). UNSPUN_OK or
 * UNSPUN_E_DATA naming the section. Thread-safe. */
unspun_status us_thes_verify(const unspun_engine *e, unspun_error *err);

#endif
