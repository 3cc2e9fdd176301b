/* engine.h - the loaded data (read-only) and per-thread workers. */
#ifndef US_ENGINE_H
#define US_ENGINE_H

#include <hunspell/hunspell.h>
#include <libstemmer.h>

#include "alloc.h"
#include "data.h"
#include "tokenize.h"
#include "unspun.h"

struct unspun_engine {
    unspun_allocator alc;
    void *map;
    size_t map_len;
    const us_data_header *hd;
    const char *strings;
    const us_word_rec *words;
    const uint32_t *word_slots;
    const us_stem_rec *stems;
    const uint32_t *stem_slots;
    const uint32_t *cands;
    const us_fp_rec *fps;
    const uint32_t *fp_seq;
    const us_assoc_rec *assoc;
    const uint32_t *known;
    const us_lm_uni *lm_uni; /* the language model (data.h) */
    const uint32_t *lm_bi, *lm_bi_next, *lm_tri;
    const us_lm_quant *lm_q;
    const uint8_t *cand_cost; /* per candidate: data.h cand-cost */
    uint32_t lm_num;          /* the model word a number reads as ("five") */
    /* The commonest determiners and prepositions the model knows, most
     * common first (vocabulary ids): what a function word may have been
     * before a translation changed it (detect_mt.c). */
#define US_FW_ALT 16
    uint32_t fw_alt[2][US_FW_ALT];
    unsigned n_fw_alt[2];
    uint64_t *common; /* bit per word: english_function_words (engine.c) */
    char *dict_dir;
};

#define US_TCACHE_SIZE 65536u /* power of 2 */
struct us_tcache {
    uint64_t hash;
    uint32_t id, len;
};

/* What the lexicon knows of a word it met outside the vocabulary. */
typedef struct us_oov {
    uint32_t norm; /* offset in the worker's oov string pool */
    uint32_t len;
    uint32_t stem;  /* stem id or US_NONE */
    uint32_t sugg;  /* us_lex_suggest's answer, US_SUGG_UNSET until asked */
    uint16_t flags; /* US_WF_* */
} us_oov;

#define US_SUGG_UNSET (US_NONE - 1)

/* A detected artifact before it is copied into a result. */
typedef struct us_art {
    size_t tok_first, tok_last; /* token range, inclusive */
    unspun_kind kind;
    double confidence;
    uint32_t sugg;  /* offset in the worker's suggestion buffer, or US_NONE */
    uint32_t spell; /* lexicon id whose spelling suggestion is wanted if
                       the artifact is listed (us_lex_suggest), or US_NONE */
    int confirmed;  /* a reference shows other wording here (us_ref_merge) */
} us_art;

struct unspun_worker {
    const unspun_engine *eng;
    const unspun_allocator *alc;
    us_tokens toks;
    /* out-of-vocabulary cache: ids n_words + index */
    us_oov *oov;
    size_t noov, capoov;
    uint32_t *oov_slots;
    size_t noov_slots;
    us_buf oov_pool;
    /* lazily created */
    Hunhandle *hun_us, *hun_gb;
    int hun_failed, gb_tried;
    struct sb_stemmer *stemmer;
    /* per document */
    us_art *arts;
    size_t narts, caparts;
    us_buf sugg;
    /* recently seen vocabulary words by hash (direct-mapped), so that the
     * common words skip the vocabulary's hash table */
    struct us_tcache *tcache;
    /* the document's word types and their counts (open addressing, sized
     * by the types, not the tokens) */
    struct us_docent {
        uint32_t id, count;
    } * docset;
    size_t ndocset_slots, capdocset;
    uint64_t *docbits; /* a bit per vocabulary word the document has */
    /* the document as the language model reads it (lm.c) */
    uint32_t *lms;
    size_t nlms, caplms;
    uint32_t *tok_lms; /* per token: its position in lms, or US_NONE */
    size_t captoklms;
    /* a vocabulary word's topical association with the document
     * (us_doc_topic), valid where topic_gen[id] == doc_gen */
    double *topic_val;
    uint32_t *topic_gen, doc_gen;
};

/* Vocabulary lookups (data in the engine). US_NONE when absent. */
uint32_t us_engine_word(const unspun_engine *e, const char *s, size_t n);
/* The same, given us_hash_str(s, n). */
uint32_t us_engine_word_h(const unspun_engine *e, const char *s, size_t n,
                          uint64_t hash);
uint32_t us_engine_stem(const unspun_engine *e, const char *s, size_t n);
/* Does Hunspell (en_US or en_GB) accept the n bytes at s as written? */
int us_engine_known(const unspun_engine *e, const char *s, size_t n);
static inline const char *us_engine_str(const unspun_engine *e, uint32_t off)
{
    return e->strings + off;
}

/* Lexicon (lexicon.c): give every token an id (vocabulary id, or
 * n_words + OOV index) and answer per-id questions. */
unspun_status us_lex_assign(unspun_worker *w, const char *text,
                            unspun_error *err);
static inline uint16_t us_lex_flags(const unspun_worker *w, uint32_t id)
{
    uint32_t nw = w->eng->hd->n_words;
    if (id < nw)
        return w->eng->words[id].flags;
    return id - nw < w->noov ? w->oov[id - nw].flags : 0;
}

/* Does Hunspell accept token k as written, as far as case goes: a known
 * word, or a word known only capitalised ("Paris", "NASA") written with a
 * capital? From its type's flags and its own case only, never from another
 * spelling or another document (issue 12). */
static inline int us_tok_known(const unspun_worker *w, const us_token *k)
{
    uint16_t f = us_lex_flags(w, k->id);
    return (f & US_WF_KNOWN) && (!(f & US_WF_PROPER) || (k->flags & US_TF_CAP));
}

static inline uint32_t us_lex_stem(const unspun_worker *w, uint32_t id)
{
    uint32_t nw = w->eng->hd->n_words;
    if (id < nw)
        return w->eng->words[id].stem;
    return id - nw < w->noov ? w->oov[id - nw].stem : US_NONE;
}

static inline uint32_t us_lex_count(const unspun_worker *w, uint32_t id)
{
    uint32_t nw = w->eng->hd->n_words;
    return id < nw ? w->eng->words[id].count : 0;
}

/* The likeliest known word one edit away from out-of-vocabulary word
 * `id`, as a vocabulary id, or US_NONE. Worked out once per word type. */
uint32_t us_lex_suggest(unspun_worker *w, uint32_t id);
void us_lex_reset(unspun_worker *w);
/* Count the document's word types (after us_lex_assign); -1 on
 * allocation failure.
 * us_doc_count: occurrences of lexicon id `id`, 0 if none. */
int us_doc_build(unspun_worker *w);
uint32_t us_doc_count(const unspun_worker *w, uint32_t id);
/* Does the document have vocabulary word `id`? One bit test. */
int us_doc_has(const unspun_worker *w, uint32_t id);
/* Sum of vocabulary word x's association weights with the document's
 * words other than x itself (the topic evidence of detect_synonym.c),
 * worked out once per word type and document. */
double us_doc_topic(unspun_worker *w, uint32_t x);
/* x's association weight with y, 0 if none. */
double us_assoc_weight(const unspun_engine *e, uint32_t x, uint32_t y);

/* Detectors (detect_*.c): append to w->arts. */
int us_detect_fingerprint(unspun_worker *w, uint32_t opt_flags);
int us_detect_synonym(unspun_worker *w, uint32_t flags);
int us_detect_mt(unspun_worker *w, uint32_t opt_flags);

/* Append an artifact; returns 0 or -1 on allocation failure. Its
 * suggestion is `sugg`, or none; us_art_spell makes it a spelling
 * suggestion for the word, worked out only if the artifact is listed. */
int us_art_add(unspun_worker *w, size_t first, size_t last, unspun_kind kind,
               double conf, const char *sugg, size_t sugg_len);
int us_art_spell(unspun_worker *w, us_art *a);

#endif
