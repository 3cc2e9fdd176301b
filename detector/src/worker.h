/* worker.h - per-thread scoring state (unspun_worker), and the artifact
 * list the detectors append to.
 *
 * A worker holds everything one document's scoring writes: its tokens,
 * the lexicon (word analyses, the Snowball stemmer, the document's word
 * types), the artifacts found so far with their suggestions, and the
 * document as the language model reads it (lm.c). The engine it reads is
 * shared; the worker is used by one thread at a time. */
#ifndef US_WORKER_H
#define US_WORKER_H

#include "engine.h"
#include "lexicon.h"
#include "result.h"
#include "tokenize.h"
#include "tune.h"

/* Artifacts less confident are weak evidence: they count in the score
 * only at their weight as evidence (score.c), and are not listed unless
 * the caller asks for them (unspun_score_options.min_confidence). */
#define US_REPORT_MIN TUNE(REPORT_MIN, UNSPUN_DEFAULT_MIN_CONFIDENCE)

/* Tokens first..last (inclusive) and a confidence. */
typedef struct us_tokspan {
    size_t first, last;
    double conf;
} us_tokspan;

/* A detected artifact before it is copied into a result. */
typedef struct us_art {
    uint32_t tok_first, tok_last; /* token range, inclusive (tokenize.h:
                                     fewer than 2^31 tokens) */
    unspun_kind kind;
    uint32_t sugg; /* offset in the worker's suggestion buffer, or US_NONE */
    double confidence;
    uint32_t spell; /* lexicon id whose spelling suggestion is wanted if
                       the artifact is listed (us_lex_suggest), or US_NONE */
    int confirmed;  /* a reference shows other wording here (us_ref_merge) */
} us_art;

struct unspun_worker {
    const unspun_engine *eng;
    const unspun_allocator *alc;
    us_tokens toks;
    us_lexicon lex;
    /* per document */
    us_art *arts;
    size_t narts, caparts;
    us_buf sugg;
    /* artifacts of this confidence or more are listed and keep their
     * suggestions (unspun_score_options.min_confidence, else
     * US_REPORT_MIN) */
    double list_min;
    /* reference mode, while the intrinsic detectors run: per token, 1
     * where a reference has the word as it is (us_refrun.explained), whose
     * wording is the original's; NULL otherwise */
    const unsigned char *original;
    /* reference mode, while the intrinsic detectors run: the thesaurus
     * swaps a reference shows, with their confidences, sorted by first
     * token; they count in the document's share of swaps
     * (detect_synonym.c). None otherwise. */
    const us_tokspan *ref_swaps;
    size_t nref_swaps;
    /* us_detect_synonym: the document's mixture log likelihood ratio,
     * its swap evidence as a whole (score.c) */
    double mix_llr;
    us_lang lang; /* the language check's counts over the document */
    /* the document as the language model reads it (lm.c) */
    uint32_t *lms;
    size_t nlms, caplms;
    uint32_t *tok_lms; /* per token: its position in lms, or US_NONE */
    size_t captoklms;
};

/* In reference mode the detectors skip the tokens w->original marks. */
static inline int us_is_original(const unspun_worker *w, size_t i)
{
    return w->original && w->original[i];
}

/* Is token k written as a name: a capital that no sentence start explains?
 * The detectors leave such words alone ("Paris", "the Executive
 * Departments"): a spinner does not swap them, and a thesaurus has no
 * candidates for what they name. */
static inline int us_tok_named(const us_token *k)
{
    return (k->flags & US_TF_CAP) && !(k->flags & US_TF_SENT);
}

/* Forget the current document's artifacts and suggestions. */
void us_art_clear(unspun_worker *w);

/* Append an artifact; returns 0 or -1 on allocation failure. Its
 * suggestion is `sugg`, or none; us_art_spell makes it a spelling
 * suggestion for the word, worked out only if the artifact is listed.
 * An artifact below w->list_min is never listed (no confidence rises
 * once added): its suggestion is not kept (a long document has hundreds
 * of thousands of such weak ones). */
int us_art_add(unspun_worker *w, size_t first, size_t last, unspun_kind kind,
               double conf, const char *sugg, size_t sugg_len);
/* us_art_add with the suggestion written as token `first` is: with a
 * capital when it has one ("Made" for "Did" at a sentence start). */
int us_art_add_cased(unspun_worker *w, size_t first, size_t last,
                     unspun_kind kind, double conf, const char *sugg);
int us_art_spell(unspun_worker *w, us_art *a);

#endif
