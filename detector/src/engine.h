/* engine.h - the loaded data file (read-only, shared by every thread):
 * its sections, their verification, and the vocabulary lookups. */
#ifndef US_ENGINE_H
#define US_ENGINE_H

#include <stdatomic.h>
#include <string.h>

#include "alloc.h"
#include "data.h"
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
    const uint64_t *pairs;           /* data.h: seen pairs of common words */
    const unsigned char *known_dict; /* US_DICT_* per known slot */
    /* reference mode (refkey.h) */
    const uint32_t *thes_pairs;
    const uint64_t *thes_phrases;
    const struct us_exc *lemma_exc;
    /* verification state (engine.c), written by any thread */
    struct us_verify *vf;
    /* verification by blocks (data.h): the hashes, and the index of each
     * blocked section's first block in them */
    const uint32_t *blocks;
    uint32_t blk_first[US_NSEC];
    const us_lm_uni *lm_uni; /* the language model (data.h) */
    const uint32_t *lm_bi, *lm_tri;
    const uint8_t *lm_bi_next; /* us_lm_next */
    const us_lm_quant *lm_q;
    const uint8_t *cand_cost; /* per candidate: data.h cand-cost */
    uint32_t lm_num;          /* the model word a number reads as ("five") */
    double lm_oov; /* ln P of a word the model lacks: below its rarest */
};

/* What the engine has verified so far: per section, 1 once its checksum
 * was found right; per block (us_engine_blocks), 0 not yet, 1 right, 2
 * corrupt; per stem, the same for its fingerprint records
 * (us_engine_fp_range); and 1 + the first section found corrupt while
 * scoring (US_NSEC + 1 + the section for a bad record). */
struct us_verify {
    atomic_uchar *sec;
    atomic_uchar *blk;
    atomic_uchar *stem;
    atomic_int corrupt;
    atomic_int workers; /* made so far (unspun_worker_new) */
};

int us_engine_blocks_slow(const unspun_engine *e, int sec, uint64_t b0,
                          uint64_t b1);

/* Count a worker made over e (unspun_worker_new, on the engine's thread):
 * with the second, every block is verified at once, before any thread
 * reads one. */
void us_engine_add_worker(const unspun_engine *e);

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

/* Whether the block holding byte `off` of blocked section `sec` was
 * already found right (no check made now): a hint, for prefetching. */
static inline int us_engine_block_ok(const unspun_engine *e, int sec,
                                     uint64_t off)
{
    uint64_t b = e->blk_first[sec] + (off >> US_BLOCK_SHIFT);
    return atomic_load_explicit(&e->vf->blk[b], memory_order_relaxed) == 1;
}

/* Ask the memory system for byte `off` of blocked section `sec` ahead of
 * its use: the whole block when it is still to be hashed (its checksum
 * too), else the line. No effect on any result. */
static inline void us_engine_prefetch(const unspun_engine *e, int sec,
                                      uint64_t off)
{
    uint64_t b = e->blk_first[sec] + (off >> US_BLOCK_SHIFT);
    const char *base = (const char *)e->map + e->hd->sec[sec].off;
    if (us_engine_block_ok(e, sec, off)) {
        __builtin_prefetch(base + off);
        return;
    }
    const char *p = base + ((off >> US_BLOCK_SHIFT) << US_BLOCK_SHIFT);
    for (uint64_t k = 0; k <= US_BLOCK; k += 64)
        __builtin_prefetch(p + k);
    __builtin_prefetch(&e->blocks[b]);
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

/* The records of no word and no stem: no string (""), model word, stem,
 * candidates, associations or fingerprints. */
extern const us_word_rec us_no_word;
extern const us_stem_rec us_no_stem;

/* Note a record of section `sec` that points outside the tables (a file
 * built wrong, or made by hand, with right checksums): the document fails
 * with UNSPUN_E_DATA, "section '...' has a bad record". */
void us_engine_bad_record(const unspun_engine *e, int sec);

/* Record `id` of the n records of `size` bytes at `recs`, blocked section
 * `sec`, when it is in range and its block was found right (checked now
 * if not before); NULL otherwise. What us_word and us_stem share. */
static inline const void *us_engine_rec(const unspun_engine *e, int sec,
                                        const void *recs, size_t size,
                                        uint32_t n, uint32_t id)
{
    if (id >= n ||
        !us_engine_blocks(e, sec, (uint64_t)id * size, (uint64_t)size))
        return NULL;
    return (const char *)recs + (size_t)id * size;
}

/* Word record `id`, read through its block's checksum and with every
 * reference it holds in range: word records are checked where they are
 * read, not at load (data.h). &us_no_word for an id out of range, a
 * block that fails its checksum or a bad record; in the last two cases
 * the document fails (us_engine_corrupt). Thread-safe. */
static inline const us_word_rec *us_word(const unspun_engine *e, uint32_t id)
{
    const us_data_header *h = e->hd;
    const us_word_rec *w =
        us_engine_rec(e, US_SEC_WORDS, e->words, sizeof *w, h->n_words, id);
    if (!w)
        return &us_no_word;
    /* One flag, no branch per test (as the load's loop over the model
     * words): US_NONE + 1 wraps to 0, so "x != US_NONE && x >= n" is
     * "x + 1 > n". */
    unsigned bad = ((uint32_t)(w->lm + 1u) > h->n_lm) |
                   ((uint64_t)w->str >= h->strings_size) |
                   ((uint32_t)(w->stem + 1u) > h->n_stems) |
                   ((uint64_t)w->cand + w->ncand > h->n_cands) |
                   ((uint64_t)w->assoc + w->nassoc > h->n_assoc);
    if (bad) {
        us_engine_bad_record(e, US_SEC_WORDS);
        return &us_no_word;
    }
    return w;
}

/* Stem record `id`, read as us_word reads a word's: &us_no_stem for an id
 * out of range, a block that fails its checksum or a bad record. */
static inline const us_stem_rec *us_stem(const unspun_engine *e, uint32_t id)
{
    const us_data_header *h = e->hd;
    const us_stem_rec *s =
        us_engine_rec(e, US_SEC_STEMS, e->stems, sizeof *s, h->n_stems, id);
    if (!s)
        return &us_no_stem;
    unsigned bad = ((uint64_t)s->str >= h->strings_size) |
                   ((s->nfp != 0) & ((uint64_t)s->fp + s->nfp > h->n_fps));
    if (bad) {
        us_engine_bad_record(e, US_SEC_STEMS);
        return &us_no_stem;
    }
    return s;
}

/* The fingerprint records of stem `stem` (those whose phrase starts with
 * it), [*first, *end): their blocks, fields, stems and order (the
 * one-stem records first, then by second stem) checked the first time
 * the stem is asked for, and for every stem at once when a second worker
 * is made. An empty range for a stem with none, or when a check fails
 * (the document then fails, us_engine_corrupt). */
void us_engine_fp_range(const unspun_engine *e, uint32_t stem, uint32_t *first,
                        uint32_t *end);

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
/* The NUL-terminated string at `off` (an offset a checked record holds):
 * "" when a block it lies in fails its checksum (the document then fails:
 * us_engine_corrupt). The load checked that the section ends in a NUL. */
static inline const char *us_engine_str(const unspun_engine *e, uint32_t off)
{
    const char *s = e->strings + off;
    return us_engine_blocks(e, US_SEC_STRINGS, off, strlen(s) + 1) ? s : "";
}

/* Does the training text put vocabulary words a, b side by side (the pair
 * filter, data.h)? 1 too when a block of the filter fails its checksum:
 * no collocation is reported from an unchecked byte. */
int us_engine_pair_seen(const unspun_engine *e, uint32_t a, uint32_t b);

/* The Hunspell dictionaries that accept the n bytes at s as written
 * (US_DICT_US, US_DICT_GB), from the compiled known forms; 0 for none. */
unsigned us_engine_dicts(const unspun_engine *e, const char *s, size_t n);

/* The reference key (refkey.h) of compiled stem `stem`: the key
 * us_lex_key gives the words with that stem; 0 for US_NONE or an id out
 * of range. */
uint64_t us_engine_stem_key(const unspun_engine *e, uint32_t stem);

#endif
