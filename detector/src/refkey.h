/* refkey.h - the keys reference mode compares words and phrases by,
 * shared by the data compiler (wordlists/compile.c), which stores the
 * thesaurus and WordNet's lists under them, and the detector (refset.c,
 * detect_ref.c), which looks them up: one definition, so both always
 * agree.
 *
 * A word's key is the hash of its Snowball stem when it is made of
 * letters ("bags" and "bag" share one), else of its bytes; a phrase's key
 * combines its words' keys in order; a pair's key is symmetric. */
#ifndef US_REFKEY_H
#define US_REFKEY_H

#include <libstemmer.h>
#include <stddef.h>
#include <stdint.h>

#include "data.h"

#define US_PHRASE_MAX 6     /* words in a thesaurus phrase that are kept */
#define US_KEY_WORD_MAX 128 /* bytes in one word of a phrase */

/* Key of one word from its stem (or its bytes; lower case). */
static inline uint64_t us_word_key(const char *s, size_t n)
{
    return us_hash_str(s, n) * 0x9E3779B97F4A7C15ull + 1;
}

/* Key of a phrase from its word keys (a one-word phrase: the word's). */
static inline uint64_t us_phrase_key(const uint64_t *k, size_t n)
{
    if (n == 1)
        return k[0];
    uint64_t h = 0xD6E8FEB86659FD93ull;
    for (size_t i = 0; i < n; i++) {
        h ^= k[i];
        h *= 0xBF58476D1CE4E5B9ull;
        h ^= h >> 31;
    }
    return h;
}

/* Key of an unordered pair of phrases. */
static inline uint64_t us_pair_key(uint64_t a, uint64_t b)
{
    uint64_t lo = a < b ? a : b, hi = a < b ? b : a;
    uint64_t h = lo * 0x9E3779B97F4A7C15ull ^ (hi + 0x632BE59BD9B4E019ull);
    h ^= h >> 31;
    h *= 0xBF58476D1CE4E5B9ull;
    return h ^ (h >> 29);
}

/* Lower-case letters and apostrophes (and any non-ASCII byte) only. */
static inline int us_alpha_word(const char *s, size_t n)
{
    if (!n)
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (!((c >= 'a' && c <= 'z') || c == '\'' || c >= 0x80))
            return 0;
    }
    return 1;
}

/* Key of a normalised (lower-case) word: its stem's when it is made of
 * letters. 0, or -1 when the stemmer fails (out of memory). */
static inline int us_norm_key(struct sb_stemmer *st, const char *s, size_t n,
                              uint64_t *out)
{
    if (!us_alpha_word(s, n)) {
        *out = us_word_key(s, n) ^ 0x5555;
        return 0;
    }
    const sb_symbol *r = sb_stemmer_stem(st, (const sb_symbol *)s, (int)n);
    if (!r)
        return -1;
    *out = us_word_key((const char *)r, (size_t)sb_stemmer_length(st));
    return 0;
}

/* Keys of the words of a thesaurus phrase (split at spaces, hyphens and
 * WordNet's underscores, as the tokeniser splits words; ASCII lower-cased)
 * into keys[US_PHRASE_MAX]. Returns the word count; 0 when the phrase is
 * empty, too long, or the stemmer fails. */
static inline size_t us_phrase_keys(struct sb_stemmer *st, const char *s,
                                    size_t n, uint64_t *keys)
{
    char buf[US_KEY_WORD_MAX];
    size_t nk = 0, i = 0;
    while (i < n) {
        while (i < n && (s[i] == ' ' || s[i] == '-' || s[i] == '_'))
            i++;
        size_t b = 0;
        while (i < n && s[i] != ' ' && s[i] != '-' && s[i] != '_') {
            char c = s[i++];
            if (c >= 'A' && c <= 'Z')
                c = (char)(c + 32);
            if (b + 1 >= sizeof buf)
                return 0;
            buf[b++] = c;
        }
        if (!b)
            continue;
        if (nk == US_PHRASE_MAX)
            return 0;
        if (us_norm_key(st, buf, b, &keys[nk]))
            return 0;
        nk++;
    }
    return nk;
}

/* ---- the compiled tables (sections thes-pairs, thes-phrases, lemma-exc) */

/* thes-pairs: an open-addressing set of thesaurus pairs (head phrase,
 * synonym phrase), n_thes_slots (a power of 2) 32-bit tags: pair key k
 * lives at the first free slot from k & mask, as the tag
 * us_thes_tag(k); 0 is an empty slot. Less than 2/3 full. */
static inline uint32_t us_thes_tag(uint64_t k)
{
    uint32_t t = (uint32_t)(k >> 32);
    return t ? t : 1;
}

/* thes-phrases: a bitmap of `nbits` bits (a power of 2, the header's
 * n_phrase_bits), set for the key of every multi-word phrase of the
 * thesaurus: most word pairs and triples of a text are none, and one bit
 * says so. Its size follows the thesaurus (US_PHRASE_BITS_PER at least
 * per phrase, at most US_PHRASE_BITS_MAX), so a small data file (the
 * tests' and the fuzzer's) stays small. */
#define US_PHRASE_BITS_PER 16
#define US_PHRASE_BITS_MAX ((uint64_t)1 << 21)
static inline uint64_t us_phrase_bit(uint64_t k, uint64_t nbits)
{
    return (k >> 7) & (nbits - 1);
}

/* lemma-exc: WordNet's irregular forms ("bought" -> "buy"), as keys,
 * sorted by form then lemma. */
typedef struct us_exc {
    uint64_t form, lemma;
} us_exc;

#endif
