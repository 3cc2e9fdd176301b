/* xxh.h - XXH3-64, the data file's section checksum.
 *
 * From Debian's libxxhash-dev, compiled inline (XXH_INLINE_ALL): the
 * library and its data compiler get the same function without a link
 * dependency, and XXH3 hashes the mapped file at memory speed (about
 * 0.1 ms per MB here), cheap enough to check every section at load. */
#ifndef US_XXH_H
#define US_XXH_H

#define XXH_INLINE_ALL
#include <xxhash.h>

#include <stddef.h>
#include <stdint.h>

#include "data.h"

/* A block's checksum (data.h, verification by blocks): the low 32 bits of
 * its XXH3-64, as strong as a CRC-32 against a corrupted block and half
 * the bytes of the whole hash. */
static inline uint32_t us_block_sum(const void *p, size_t n)
{
    return (uint32_t)XXH3_64bits(p, n);
}

/* The checksum section "blocks" holds for the block at byte `o` (a
 * multiple of US_BLOCK) of a blocked section of `size` bytes at `sec`:
 * what the compiler writes, the engine and the tests check. */
static inline uint32_t us_section_block_sum(const void *sec, uint64_t size,
                                            uint64_t o)
{
    uint64_t len = size - o < US_BLOCK ? size - o : US_BLOCK;
    return us_block_sum((const char *)sec + o, (size_t)len);
}

#endif
