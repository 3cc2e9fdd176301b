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

#endif
