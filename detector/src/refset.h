/* refset.h - the reference pool (private layout) and the word sequences
 * the aligner and the classifier share. */
#ifndef US_REFSET_H
#define US_REFSET_H

#include "align.h"
#include "engine.h"
#include "refkey.h"

/* The words of a document (WORD and NUM tokens) as the aligner sees them. */
typedef struct us_wseq {
    size_t n;
    uint32_t *tok;         /* token index of word i */
    uint64_t *key;         /* stem (or number) hash */
    unsigned char *weight; /* 2 content word or number, 1 function word */
    unsigned char *brk;    /* 1: starts a sentence */
} us_wseq;

void us_wseq_free(us_wseq *s, const unspun_allocator *alc);
/* Fill `s` from the worker's current tokens (lexicon ids assigned). 0 or
 * -1 when out of memory. */
int us_wseq_build(unspun_worker *w, const us_tokens *t, const char *text,
                  us_wseq *s);
static inline us_aseq us_wseq_view(const us_wseq *s)
{
    us_aseq a = {s->key, s->weight, s->brk, s->n};
    return a;
}

/* The Hunspell dictionaries that accept the n bytes at s as written
 * (US_DICT_US, US_DICT_GB), from the compiled known forms; 0 for none. */
unsigned us_known_dicts(const unspun_engine *e, const char *s, size_t n);

/* Keys of the lemmas of an irregular form (WordNet's exception lists:
 * "bought" -> "buy"), at most `max`; returns how many. */
size_t us_lemma_keys(unspun_worker *w, const unspun_refset *rs, const char *s,
                     size_t n, uint64_t *keys, size_t max);

/* Key of a compiled stem (the key us_wseq_build gives its words), or 0
 * for US_NONE or an id out of range. */
uint64_t us_stem_key(const unspun_engine *e, uint32_t stem);

/* One word of a reference. */
typedef struct us_rword {
    uint32_t start, end; /* bytes in the reference text */
    uint32_t norm;       /* offset of the normalised form in the pool */
    uint32_t id;         /* vocabulary id, or US_NONE */
    uint16_t lflags;     /* US_WF_* */
    uint16_t tflags;     /* US_TF_* */
} us_rword;

typedef struct us_refdoc {
    char *name;
    char *text;
    size_t len;
    us_rword *w;
    char *norm;
    size_t normlen;
    us_wseq seq; /* seq.tok is unused (NULL) */
} us_refdoc;

struct unspun_refset {
    const unspun_engine *eng;
    const unspun_allocator *alc;
    us_refdoc *docs;
    size_t n, cap;
    int sealed;
    /* selection index: (gram, ref) sorted by gram */
    uint64_t *ig;
    uint32_t *iref;
    size_t ni;
};

/* Whether `k` may be the key of a multiword thesaurus phrase (the
 * compiled bitmap, refkey.h). */
static inline int us_refset_phrase(const unspun_refset *rs, uint64_t k)
{
    uint64_t bit = us_phrase_bit(k);
    return (rs->eng->thes_phrases[bit >> 6] >> (bit & 63)) & 1;
}

/* Pick up to `max` references for the document (best first) into out[],
 * each covering shingles of the document the ones before it do not.
 * `skip` is 1 + an index never to pick, or 0. With `story`, also every
 * reference that shares enough shingles with the document, however many
 * others share the same ones: up to `smax`, most shared first, into
 * story[] and their count into *nstory. `flags`: UNSPUN_REF_PEERS asks
 * more shared shingles of a reference on the story, and picks only those.
 * Returns the count of out, or -1 when out of memory. Thread-safe on a
 * sealed refset. */
long us_refset_pick(const unspun_refset *rs, const us_wseq *doc, size_t max,
                    size_t skip, uint32_t flags, uint32_t *out, uint32_t *story,
                    size_t smax, size_t *nstory);

/* The story fingerprint of the worker's current document (tokenised,
 * lexicon assigned; `text` the bytes its tokens point into): the shingles
 * us_refset_pick counts, in no order, repeats included, in *out (the
 * worker's allocator; the caller frees) and their count in *n. 0, or -1
 * when out of memory. unspun_story_links compares them. */
int us_story_fingerprint(unspun_worker *w, const char *text, uint64_t **out,
                         size_t *n);

/* Whether two phrases (keys) are thesaurus synonyms: the compiled pair
 * set, looked up in place. */
int us_refset_thes(const unspun_refset *rs, uint64_t a, uint64_t b);

#endif
