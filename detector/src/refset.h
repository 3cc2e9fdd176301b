/* refset.h - the reference pool (private layout) and the word sequences
 * the aligner and the classifier share. */
#ifndef US_REFSET_H
#define US_REFSET_H

#include "align.h"
#include "lexicon.h"

/* The words of a document (WORD and NUM tokens) as the aligner sees them. */
typedef struct us_wseq {
    size_t n;
    uint32_t *tok;         /* token index of word i */
    uint64_t *key;         /* stem (or number) hash */
    unsigned char *weight; /* 2 content word or number, 1 function word */
    unsigned char *brk;    /* 1: starts a sentence */
} us_wseq;

void us_wseq_free(us_wseq *s, const unspun_allocator *alc);
/* Fill `s` from tokens t, whose lexicon ids lx assigned (and `text`, the
 * bytes they point into). 0 or -1 when out of memory. */
int us_wseq_build(us_lexicon *lx, const us_tokens *t, const char *text,
                  us_wseq *s);
static inline us_aseq us_wseq_view(const us_wseq *s)
{
    us_aseq a = {s->key, s->weight, s->brk, s->n};
    return a;
}

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

/* The story fingerprint of a document (tokens t, lexicon ids assigned by
 * lx; `text` the bytes they point into): the shingles us_refset_pick
 * counts, in no order, repeats included, in *out (lx's allocator; the
 * caller frees) and their count in *n. 0, or -1 when out of memory.
 * unspun_story_links compares them. */
int us_story_fingerprint(us_lexicon *lx, const us_tokens *t, const char *text,
                         uint64_t **out, size_t *n);

#endif
