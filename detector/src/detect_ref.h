/* detect_ref.h - reference mode: align a document with its references and
 * classify every difference. */
#ifndef US_DETECT_REF_H
#define US_DETECT_REF_H

#include "refset.h"

#define US_REF_MAX 16 /* references aligned with one document at most */
#define US_REF_DEFAULT 4

/* How a stretch of the document differs from the reference. */
typedef enum us_diff {
    US_DIFF_IDENTICAL = 0,
    US_DIFF_INFLECTION, /* same stem ("bag" / "bags") */
    US_DIFF_SPELLING,   /* en_US / en_GB ("apologizing" / "apologising") */
    US_DIFF_SYNONYM,    /* thesaurus swap, phrases included: damage */
    US_DIFF_FUNCTION,   /* function words rewritten: damage */
    US_DIFF_UNRELATED,  /* other wording */
    US_DIFF_INSERTION,  /* words the reference does not have */
    US_DIFF_DELETION,   /* reference words the document lacks */
    US_DIFF_NUMBER,     /* one number written two ways ("5" / "five") */
    US_DIFF_COUNT
} us_diff;

/* An artifact found by alignment. */
typedef struct us_refart {
    size_t tok_first, tok_last; /* document tokens, inclusive */
    unspun_kind kind;
    double confidence;
    uint32_t ref;        /* index in the refset */
    size_t rstart, rend; /* bytes of the reference's wording */
    uint32_t sugg;       /* offset in sugg */
    int doubt;           /* the document's wording fits better: not confirmed */
} us_refart;

typedef struct us_refrun {
    const unspun_allocator *alc;
    size_t nused;
    uint32_t used[US_REF_MAX];
    double coverage[US_REF_MAX];
    /* every reference on the document's story (us_refset_pick), whose
     * vocabulary the document is compared with */
    uint32_t story[US_REF_MAX];
    size_t nstory;
    us_refart *arts;
    size_t narts, caparts;
    unsigned char *explained; /* per document token: 1 + the index in used[]
                                 of the reference that has it identically
                                 (or inflected, or respelt), or 0 */
    size_t ntok;
    us_buf sugg;
    /* counts of each us_diff, in document words (for tests and bench) */
    size_t diff_words[US_DIFF_COUNT];
    size_t *aligned_now;     /* the current block's reference's aligned words */
    unsigned char slot_now;  /* 1 + its index in used[]: what explained[]
                                marks with, so that a reference dropped as
                                unused takes its marks with it */
    struct lemma_memo *memo; /* per call: lemmas of the words met */
    uint32_t flags;          /* UNSPUN_REF_* of the call */
    const char *text;        /* the document's bytes (this call) */
    const unspun_refset *rs; /* the pool (this call) */
} us_refrun;

void us_refrun_init(us_refrun *rr, const unspun_allocator *alc);
void us_refrun_free(us_refrun *rr);

/* Align the worker's current document (tokenised, lexicon assigned) with
 * the best references of opt->refs and fill rr. */
unspun_status us_detect_ref(unspun_worker *w, const char *text,
                            const unspun_ref_options *opt, us_refrun *rr,
                            unspun_error *err);

/* ref_merge.c: fold rr into the worker's intrinsic artifacts: drop those on
 * words the reference explains identically, merge those that overlap a
 * reference artifact into it (raising its confidence), and append the reference
 * artifacts. 0 or -1 when out of memory. */
int us_ref_merge(unspun_worker *w, us_refrun *rr);

/* Sort reference artifacts by token range (first, then last token). */
void us_refart_sort(us_refart *arts, size_t n);

/* The reference artifact with exactly this token range and kind, or NULL
 * (rr's artifacts sorted). */
const us_refart *us_ref_find(const us_refrun *rr, size_t first, size_t last,
                             unspun_kind kind);

#endif
