/* align.h - anchor-and-chain alignment of a document with references.
 *
 * Both sides are sequences of 64-bit keys (one per word: a hash of its
 * Snowball stem, or of the digits of a number), so inflections already
 * compare equal. The aligner finds the pairs (doc position, reference,
 * reference position) that a reader would draw lines between:
 *
 *   1. anchors: k-grams of keys that occur once in the document and once in
 *      a reference (or equally few times in both: repeated paragraphs)
 * (spinners cannot change names, numbers, quotes and most function words, so
 * such k-grams survive even heavy spinning);
 *   2. chains: anchors joined, in document order, into blocks that advance
 *      together in document and reference (a few open blocks at a time, so
 *      reordered paragraphs, several references and stray anchors each get
 *      their own block);
 *   3. gaps: between consecutive anchors of a block, and out to the
 *      sentence boundaries at both ends, a weighted longest common
 *      subsequence (gaps are bounded, so the work is linear in the lengths
 *      and the memory is that of the largest gap);
 *   4. ownership: blocks, best first, claim the document words they span
 *      that no better block claimed.
 * A short document with no block at all (a sentence whose every three
 * words in a row were rewritten) is aligned whole with each short
 * reference instead, if that matches enough.
 *
 * Time O((n + m) log(n + m)) for the anchors plus the gaps (each at most
 * US_ALIGN_MAX_GAP squared cells); memory linear. */
#ifndef US_ALIGN_H
#define US_ALIGN_H

#include <stddef.h>
#include <stdint.h>

#include "unspun.h"

#define US_ALIGN_NONE UINT32_MAX

/* One side: keys, per-word weight (content words weigh more) and
 * sentence-start marks. */
typedef struct us_aseq {
    const uint64_t *key;
    const unsigned char *weight; /* >= 1 */
    const unsigned char *brk;    /* 1: word starts a sentence */
    size_t n;
} us_aseq;

/* A block: a stretch of the document aligned to one reference. The
 * document words [a0, a1) and reference words [b0, b1) are its extent
 * (out to sentence boundaries); its matches are pairs[first .. first+n). */
typedef struct us_ablock {
    uint32_t ref;
    size_t a0, a1, b0, b1;
    size_t first, n;
    double score; /* sum of matched weights */
} us_ablock;

typedef struct us_apair {
    uint32_t a, b;
} us_apair;

/* The result. owner[i] is the block that owns document word i, or
 * US_ALIGN_NONE; match[i] the reference position word i is matched with
 * (same key) inside its owner, or US_ALIGN_NONE. */
typedef struct us_alignment {
    const unspun_allocator *alc;
    us_ablock *blocks;
    size_t nblocks, capblocks;
    us_apair *pairs;
    size_t npairs, cappairs;
    uint32_t *owner;
    uint32_t *match;
    size_t n;
} us_alignment;

void us_alignment_init(us_alignment *al, const unspun_allocator *alc);
void us_alignment_free(us_alignment *al);

/* Align `doc` with `nrefs` references. 0 on success, -1 when out of
 * memory (al is then left empty but valid). */
int us_align(us_alignment *al, const us_aseq *doc, const us_aseq *refs,
             size_t nrefs);

/* Sort n records of `size` bytes by the little-endian unsigned key of
 * key_bytes (1..8) bytes at key_off, stably, in linear time. 0, or -1 when
 * out of memory (the array is then unchanged). */
int us_radix_sort(const unspun_allocator *alc, void *base, size_t n,
                  size_t size, size_t key_off, int key_bytes);

#define US_ALIGN_K 3         /* anchor k-gram length */
#define US_ALIGN_MAX_GAP 400 /* largest jump between chained anchors */
#define US_ALIGN_BRIDGE 30   /* ... when both sides of it are longer */
#define US_ALIGN_MAX_EXT 80  /* words a block extends to a sentence edge */
#define US_ALIGN_MIN_SCORE                                                     \
    10                      /* matched weight a block needs (about five        \
                               content words) */
#define US_ALIGN_MAX_MULT 4 /* ... or more often in one text */
#define US_ALIGN_MAX_REFS 8 /* an anchor k-gram in more refs is no anchor */
#define US_ALIGN_SHORT 40   /* words: with no block, short texts align whole */

#endif
