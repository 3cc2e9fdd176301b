/* engine.h - the loaded data (read-only) and per-thread workers. */
#ifndef US_ENGINE_H
#define US_ENGINE_H

#include <libstemmer.h>
#include <stdatomic.h>

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
    const char *known_str;           /* the forms known points into */
    const unsigned char *known_dict; /* US_DICT_* per known slot */
    /* reference mode (refkey.h) */
    const uint32_t *thes_pairs;
    const uint64_t *thes_phrases;
    const struct us_exc *lemma_exc;
    /* verification state (engine.c), written by any thread */
    struct us_verify *vf;
    /* verification by blocks (data.h): the hashes, and the index of each
     * blocked section's first block in them */
    const uint64_t *blocks;
    uint32_t blk_first[US_NSEC];
    const us_lm_uni *lm_uni; /* the language model (data.h) */
    const uint32_t *lm_bi, *lm_tri;
    const uint8_t *lm_bi_next; /* us_lm_next */
    const us_lm_quant *lm_q;
    const uint8_t *cand_cost; /* per candidate: data.h cand-cost */
    uint32_t lm_num;          /* the model word a number reads as ("five") */
    double lm_oov; /* ln P of a word the model lacks: below its rarest */
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
    /* reference mode, while the intrinsic detectors run: per token, 1
     * where a reference has the word as it is (us_refrun.explained), whose
     * wording is the original's; NULL otherwise */
    const unsigned char *original;
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

/* What the engine has verified so far: per section, 1 once its checksum
 * was found right; per block (us_engine_blocks), 0 not yet, 1 right, 2
 * corrupt; and 1 + the first section found corrupt while scoring. */
struct us_verify {
    atomic_uchar *sec;
    atomic_uchar *blk;
    atomic_int corrupt;
    atomic_int workers; /* made so far (unspun_worker_new) */
};

int us_engine_blocks_slow(const unspun_engine *e, int sec, uint64_t b0,
                          uint64_t b1);

/* Whether bytes [off, off + len) of blocked section `sec` may be read:
 * 1 when their blocks were found right (checked now if not before), 0
 * when one fails its checksum; the caller then treats the record as
 * absent, and us_engine_corrupt fails the document. Thread-safe. */
static inline int us_engine_blocks(const unspun_engine *e, int sec,
                                   uint64_t off, uint64_t len)
{
    uint64_t b0 = e->blk_first[sec] + (off >> US_BLOCK_SHIFT);
    uint64_t b1 = e->blk_first[sec] + ((off + len - 1) >> US_BLOCK_SHIFT);
    if (b1 - b0 <= 1 &&
        atomic_load_explicit(&e->vf->blk[b0], memory_order_acquire) == 1 &&
        (b1 == b0 ||
         atomic_load_explicit(&e->vf->blk[b1], memory_order_acquire) == 1))
        return 1;
    return us_engine_blocks_slow(e, sec, b0, b1);
}

/* us_engine_blocks for `len` bytes at `off` that lie in one block (an
 * aligned 4- or 8-byte record): one state load on the fast path. */
static inline int us_engine_block1(const unspun_engine *e, int sec,
                                   uint64_t off)
{
    uint64_t b = e->blk_first[sec] + (off >> US_BLOCK_SHIFT);
    if (atomic_load_explicit(&e->vf->blk[b], memory_order_acquire) == 1)
        return 1;
    return us_engine_blocks_slow(e, sec, b, b);
}

/* UNSPUN_E_DATA naming the section when a block was found corrupt (by
 * any thread, in any document: the engine's data cannot be trusted),
 * else UNSPUN_OK. */
unspun_status us_engine_corrupt(const unspun_engine *e, unspun_error *err);

/* Check section `sec`'s checksum unless done before (by any thread):
 * UNSPUN_OK, or UNSPUN_E_DATA naming the section. The sections only
 * reference mode uses are verified so, when a reference pool is sealed,
 * not at load: a run without references never reads them. Thread-safe. */
unspun_status us_engine_verify(const unspun_engine *e, int sec,
                               unspun_error *err);

/* Vocabulary lookups (data in the engine). US_NONE when absent. */
uint32_t us_engine_word(const unspun_engine *e, const char *s, size_t n);
/* The same, given us_hash_str(s, n). */
uint32_t us_engine_word_h(const unspun_engine *e, const char *s, size_t n,
                          uint64_t hash);
uint32_t us_engine_stem(const unspun_engine *e, const char *s, size_t n);
/* The known-form table's slot of the n bytes at s, or US_NONE. */
uint32_t us_engine_known_slot(const unspun_engine *e, const char *s, size_t n);
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

/* Detectors (detect_*.c): append to w->arts. In reference mode they skip
 * the tokens w->original marks (us_is_original). */
static inline int us_is_original(const unspun_worker *w, size_t i)
{
    return w->original && w->original[i];
}
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
