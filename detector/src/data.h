/* data.h - layout of the compiled data file (wordlists + background model).
 *
 * Written by wordlists/compile.c at build time, mapped read-only by the
 * engine. Every section is an array of fixed-size little-endian records at
 * an 8-byte aligned offset given in the header's section table, with a
 * checksum; the loader checks every checksum, offset, count and
 * cross-reference before the detectors may trust them, so a truncated or
 * corrupt file is UNSPUN_E_DATA naming what is wrong, never a crash or a
 * silently different score.
 *
 * Bump US_DATA_FORMAT on any change to this file. */
#ifndef US_DATA_H
#define US_DATA_H

#include <stddef.h>
#include <stdint.h>

#define US_DATA_MAGIC "UNSPUNDB"
#define US_DATA_FORMAT 16u
#define US_NONE UINT32_MAX

/* Which Hunspell dictionaries accept a known form (section known-dict: a
 * byte per slot of the known table, parallel to it). Reference mode tells
 * spelling variants ("colour" / "color") with it, without loading
 * Hunspell at run time. */
enum { US_DICT_US = 1u << 0, US_DICT_GB = 1u << 1 };

/* Word flags. */
enum {
    US_WF_KNOWN = 1u << 0,  /* Hunspell en_US or en_GB accepts it */
    US_WF_FUNC = 1u << 1,   /* function word (wordlists/function-words.tsv) */
    US_WF_PROPER = 1u << 2, /* Hunspell knows it only capitalised */
    US_WF_SYMBOL = 1u << 3, /* punctuation, <s>, <num> */
    US_WF_ALPHA = 1u << 4,  /* letters and apostrophes only */
    /* function-word classes (wordlists/function-words.tsv; several may
     * be set: "that" is det, pron and conj) */
    US_WF_DET = 1u << 5,
    US_WF_PREP = 1u << 6,
    US_WF_AUX = 1u << 7,
    US_WF_MODAL = 1u << 8,
    US_WF_PRON = 1u << 9,
    US_WF_CONJ = 1u << 10,
    /* one of the commonest English words (wordlists/synonyms.c,
     * english_common): the language check counts them */
    US_WF_COMMON = 1u << 11
};

/* The sections of the file, in file order (an X-macro: the enum, the
 * names and the loader's messages all come from this one list). Each has
 * an entry in the header's table: its name, extent and checksum. */
#define US_SECTIONS(X)                                                         \
    X(STRINGS, "strings")                                                      \
    X(WORDS, "words")                                                          \
    X(WORD_SLOTS, "word-slots")                                                \
    X(STEMS, "stems")                                                          \
    X(STEM_SLOTS, "stem-slots")                                                \
    X(CANDS, "cands")                                                          \
    X(FPS, "fps")                                                              \
    X(FP_SEQ, "fp-seq")                                                        \
    X(ASSOC, "assoc")                                                          \
    X(KNOWN, "known")                                                          \
    X(LM_UNI, "lm-uni")                                                        \
    X(LM_BI, "lm-bi")                                                          \
    X(LM_BI_NEXT, "lm-bi-next")                                                \
    X(LM_TRI, "lm-tri")                                                        \
    X(LM_QUANT, "lm-quant")                                                    \
    X(CAND_COST, "cand-cost")                                                  \
    X(KNOWN_DICT, "known-dict")                                                \
    X(THES_PAIRS, "thes-pairs")                                                \
    X(THES_PHRASES, "thes-phrases")                                            \
    X(LEMMA_EXC, "lemma-exc")                                                  \
    X(BLOCKS, "blocks")                                                        \
    X(KNOWN_STR, "known-str")                                                  \
    X(PAIRS, "pairs")

enum {
#define US_SEC_ENUM(id, name) US_SEC_##id,
    US_SECTIONS(US_SEC_ENUM)
#undef US_SEC_ENUM
        US_NSEC
};

static const char us_section_names[US_NSEC][16] = {
#define US_SEC_NAME(id, name) name,
    US_SECTIONS(US_SEC_NAME)
#undef US_SEC_NAME
};

/* One section: where it lies and the XXH3-64 hash of its bytes, checked
 * at load so that a corrupt or tampered file is refused (a flipped bit in
 * a count table would otherwise load and silently change scores). */
typedef struct us_section {
    char name[16]; /* us_section_names[i], NUL-padded */
    uint64_t off;  /* from the start of the file, a multiple of 8 */
    uint64_t size; /* bytes */
    uint64_t hash; /* XXH3_64bits of the size bytes at off */
} us_section;

/* Verification by blocks. Checking every section's checksum at load
 * reads the whole file (110 MB: 11 ms and as much resident memory) though
 * a document touches a few hundred slots of the big hash tables. So the
 * sections for which us_sec_blocked() holds are checked one block of
 * US_BLOCK bytes at a time, on the first lookup that touches the block:
 * section "blocks" holds a 32-bit checksum of every such block
 * (us_block_sum, xxh.h), section by section in file order,
 * ceil(size / US_BLOCK) per section, and is itself checked at load. The
 * other sections are checked whole, at load or on first use (engine.c).
 * A seed-sized document makes some ten thousand random probes, each
 * hashing the block it lands in, and the hashing reads the whole block:
 * 4 KiB blocks took seed 002 to 12.5 ms, 1 KiB ones to 10 ms; 256-byte
 * ones read a quarter of that again (the seed pair 000 -> 002: 10.5 ->
 * 7.7 ms, start-up 3.7 -> 3.1 ms, page faults 1066 -> 865) for 390 kB
 * more of checksums. 128-byte ones were no faster and take the file past
 * 60 MB. */
#define US_BLOCK_SHIFT 8
#define US_BLOCK ((uint64_t)1 << US_BLOCK_SHIFT)

/* The blocks of a blocked section of `size` bytes (the last may be
 * short). */
static inline uint64_t us_blocks_of(uint64_t size)
{
    return (size + US_BLOCK - 1) >> US_BLOCK_SHIFT;
}

static inline int us_sec_blocked(int k)
{
    return k == US_SEC_WORDS || k == US_SEC_STEMS || k == US_SEC_FPS ||
           k == US_SEC_FP_SEQ || k == US_SEC_KNOWN || k == US_SEC_KNOWN_DICT ||
           k == US_SEC_KNOWN_STR || k == US_SEC_ASSOC ||
           k == US_SEC_THES_PAIRS || k == US_SEC_LM_BI ||
           k == US_SEC_LM_BI_NEXT || k == US_SEC_LM_TRI ||
           k == US_SEC_STRINGS || k == US_SEC_WORD_SLOTS ||
           k == US_SEC_STEM_SLOTS || k == US_SEC_CANDS ||
           k == US_SEC_CAND_COST || k == US_SEC_PAIRS;
}

#define US_FW_ALT 16

typedef struct us_data_header {
    char magic[8];
    uint32_t format;
    uint32_t endian;  /* 0x01020304 as written */
    char version[40]; /* NUL-terminated hex data version */
    uint64_t file_size;
    uint64_t total; /* tokens in the training text */
    /* counts */
    uint32_t n_words, n_word_slots; /* vocabulary, its hash (power of 2) */
    uint32_t n_stems, n_stem_slots;
    uint32_t n_cands;         /* candidate word ids, all words */
    uint32_t n_fps, n_fp_seq; /* fingerprints, their stem ids */
    uint32_t n_assoc;         /* association entries */
    uint32_t n_known_slots;   /* Hunspell's word forms: offsets in known-str,
                                 0 = empty (power of 2) */
    uint32_t id_bos, id_num;  /* ids of "<s>" and "<num>" */
    uint32_t id_unk;          /* id of "<unk>": rare training words */
    uint32_t n_sections;      /* US_NSEC */
    uint32_t n_lm;            /* language model: words (< US_LM_MAXW), */
    uint32_t n_lm_bi;         /* bigram nodes, */
    uint32_t n_lm_tri;        /* trigram nodes */
    uint32_t lm_bos, lm_eos;  /* LM ids of <s> and </s> */
    uint32_t lm_rarest;       /* LM id of the least likely word, <s> aside */
    /* reference mode (refkey.h): thesaurus pair slots (a power of 2),
     * WordNet's irregular forms */
    uint32_t n_thes_slots, n_exc;
    uint32_t n_blocks;       /* records of section "blocks" */
    uint32_t known_str_size; /* bytes of section "known-str" */
    uint32_t n_pair_bits;    /* bits of section "pairs" (a power of 2) */
    uint32_t n_phrase_bits;  /* bits of section "thes-phrases" (a power of 2) */
    uint64_t strings_size;
    /* The commonest articles (fw_alt[0]: "the", "a", "an") and
     * prepositions (fw_alt[1]) the model knows, most common first
     * (vocabulary ids): what a function word may have been before a
     * translation changed it (detect_mt.c). */
    uint32_t fw_alt[2][US_FW_ALT];
    uint32_t n_fw_alt[2];
    /* XXH3-64 of this header with header_hash set to 0 */
    uint64_t header_hash;
    us_section sec[US_NSEC];
} us_data_header;

typedef struct us_word_rec {
    uint32_t str;   /* offset in strings */
    uint32_t count; /* occurrences in the training text */
    uint32_t stem;  /* stem id (US_NONE: none) */
    uint32_t cand;  /* first candidate in cands */
    uint16_t ncand; /* words this word can stand for (thesaurus) */
    uint16_t flags; /* US_WF_* */
    uint32_t assoc; /* first association entry */
    uint32_t nassoc;
    uint32_t lm; /* the word's id in the language model, or US_NONE */
} us_word_rec;

typedef struct us_stem_rec {
    uint32_t str;
    uint32_t fp;  /* first fingerprint starting with this stem */
    uint32_t nfp; /* how many */
} us_stem_rec;

/* Kinds of stem-sequence records. */
enum {
    US_FP_TORTURED = 0, /* a known tortured phrase (wordlists/) */
    US_FP_PHRASE = 1    /* a thesaurus phrase that can stand for a word */
};

typedef struct us_fp_rec {
    uint32_t seq;     /* first stem id in fp_seq */
    uint32_t len;     /* stems in the phrase */
    uint32_t correct; /* suggested wording, offset in strings */
    uint32_t count;   /* occurrences in the training text */
    uint32_t head;    /* US_FP_PHRASE: the word it stands for, else US_NONE */
    uint32_t kind;    /* US_FP_* */
    uint32_t cost;    /* US_FP_PHRASE: the spinner's pick cost, as in
                         cand-cost (US_PICK_UNIT), else 0 */
} us_fp_rec;

/* Topical association of a word with a context word, sorted by word. */
typedef struct us_assoc_rec {
    uint32_t word;
    float weight; /* positive PMI */
} us_assoc_rec;

/* cand-cost: one byte per candidate (parallel to cands), the cost of the
 * spinner's pick: -ln P(a spinner holding the candidate c picks the word w)
 * in units of 1/US_PICK_UNIT nat, from MyThes: a sense of c at random,
 * then one of its words (antonyms excepted). */
#define US_PICK_UNIT 16.0

/* ---- The language model ------------------------------------------------
 *
 * CMU's backoff trigram model of US English (Debian's pocketsphinx-en-us,
 * BSD-2), kept as Sphinx keeps it: a trie from the predicted word back
 * through its history. The bigram nodes of LM word w, one per history h1
 * seen before it, are lm-bi[uni[w].bi .. uni[w + 1].bi), sorted by h1; the
 * trigram nodes of bigram node j, one per h2 seen before "h1 w", are
 * lm-tri[bi_next[j] .. bi_next[j + 1]), sorted by h2. Log probabilities
 * are natural logs; those of bigrams and trigrams are 8-bit codes into
 * the codebooks of lm-quant (backoff weights 7 bits). A word and its
 * codes share one 32-bit key, so a search touches one array. */
#define US_LM_WBITS 17
#define US_LM_MAXW (1u << US_LM_WBITS)

typedef struct us_lm_uni {
    float prob;    /* ln P(w) */
    float bo;      /* ln backoff weight of w as a one-word history */
    uint32_t bi;   /* first bigram node (the last record: their end) */
    uint32_t word; /* vocabulary id of the word */
} us_lm_uni;

/* Keys: history word << 15 | probability code << 7 | backoff code. */
static inline uint32_t us_lm_key(uint32_t word, uint32_t prob, uint32_t bo)
{
    return word << 15 | prob << 7 | bo;
}
static inline uint32_t us_lm_key_word(uint32_t k)
{
    return k >> 15;
}
static inline uint32_t us_lm_key_prob(uint32_t k)
{
    return (k >> 7) & 0xffu;
}
static inline uint32_t us_lm_key_bo(uint32_t k)
{
    return k & 0x7fu;
}

/* lm-bi-next: a bigram node's first trigram node, 3 bytes little-endian
 * (1.67 M trigrams fit in 24 bits; 4 bytes would cost 2 MB more). */
#define US_LM_NEXT_BYTES 3
static inline uint32_t us_lm_next(const uint8_t *next, uint64_t j)
{
    const uint8_t *b = next + j * US_LM_NEXT_BYTES;
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16;
}
static inline void us_lm_put_next(uint8_t *next, uint64_t j, uint32_t v)
{
    uint8_t *b = next + j * US_LM_NEXT_BYTES;
    b[0] = (uint8_t)v;
    b[1] = (uint8_t)(v >> 8);
    b[2] = (uint8_t)(v >> 16);
}

/* pairs: a Bloom filter of the pairs of common words (US_PAIR_MIN_COUNT
 * or more in the training text, letters only) that the training text puts
 * side by side: US_PAIR_HASHES bits per pair, set by us_pairs_add (the
 * detector asks us_engine_pair_seen, which checks each block it reads). */
#define US_PAIR_MIN_COUNT 30
#define US_PAIR_HASHES 7
static inline uint64_t us_pair_hash(uint32_t a, uint32_t b, unsigned k)
{
    uint64_t x = ((uint64_t)a << 32 | b) + 0x9E3779B97F4A7C15ull * (k + 1);
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}
static inline void us_pairs_add(uint64_t *bits, uint32_t nbits, uint32_t a,
                                uint32_t b)
{
    for (unsigned k = 0; k < US_PAIR_HASHES; k++) {
        uint32_t i = (uint32_t)us_pair_hash(a, b, k) & (nbits - 1);
        bits[i / 64] |= (uint64_t)1 << (i % 64);
    }
}

typedef struct us_lm_quant {
    float bi_prob[256];
    float bi_bo[128];
    float tri_prob[256];
} us_lm_quant;

/* Hashes shared by the compiler and the loader. */
static inline uint64_t us_hash_str(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ull;
    }
    return h ^ (h >> 29);
}

/* A full 64-bit mix (the splitmix64 finaliser): tables take the low bits. */
static inline uint64_t us_hash_key(uint64_t k)
{
    k = (k ^ (k >> 30)) * 0xBF58476D1CE4E5B9ull;
    k = (k ^ (k >> 27)) * 0x94D049BB133111EBull;
    return k ^ (k >> 31);
}

static inline uint64_t us_hash_pair(uint32_t a, uint32_t b)
{
    return us_hash_key((uint64_t)a << 32 | b);
}

#endif
