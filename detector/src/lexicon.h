/* lexicon.h - one analysis per word type, and the document's word types.
 *
 * The lexicon gives every token an id: a vocabulary id (< n_words) for
 * the words the data file knows, analysed at build time, or n_words + an
 * index into its cache of the other words, analysed here once per word
 * type (a Snowball stem, whether Hunspell's dictionaries accept it). It
 * also counts the current document's word types, which the detectors ask
 * about, and gives a word its reference key (refkey.h).
 *
 * One lexicon per worker: it owns the worker's Snowball stemmer, the only
 * stemmer the library makes (libstemmer reuses its output buffer, so a
 * stemmer is never shared between threads). Nothing here loads Hunspell:
 * the data file holds every form its dictionaries accept. */
#ifndef US_LEXICON_H
#define US_LEXICON_H

#include "engine.h"
#include "tokenize.h"

/* What the lexicon knows of a word it met outside the vocabulary. */
typedef struct us_oov {
    uint32_t norm; /* offset in the oov string pool */
    uint32_t len;
    uint32_t stem;  /* stem id or US_NONE */
    uint32_t sugg;  /* us_lex_suggest's answer, US_SUGG_UNSET until asked */
    uint16_t flags; /* US_WF_* */
} us_oov;

#define US_SUGG_UNSET (US_NONE - 1)

/* The cache's most entries (a power of 2): 1 MB. */
#define US_TCACHE_MAX 65536u
struct us_tcache {
    uint64_t hash;
    uint32_t id, len1; /* the word's length + 1; 0: an empty entry */
};

typedef struct us_lexicon {
    const unspun_engine *eng;
    const unspun_allocator *alc;
    /* out-of-vocabulary cache: ids n_words + index */
    us_oov *oov;
    size_t noov, capoov;
    uint32_t *oov_slots;
    size_t noov_slots;
    us_buf oov_pool;
    struct sb_stemmer *stemmer; /* made on first use */
    /* recently seen vocabulary words by hash (direct-mapped), so that the
     * common words skip the vocabulary's hash table; ntcache entries, a
     * power of 2 */
    struct us_tcache *tcache;
    size_t ntcache;
    /* the document's word types and their counts (open addressing, sized
     * by the types, not the tokens) */
    struct us_docent {
        uint32_t id, count;
    } * docset;
    size_t ndocset_slots, capdocset;
    uint64_t *docbits; /* a bit per vocabulary word the document has */
    /* a vocabulary word's topical association with the document
     * (us_doc_topic), cached for the words asked about: open addressing
     * on the id, an entry of an earlier document (gen != doc_gen) free */
    struct us_topicent {
        uint32_t id, gen;
        double val;
    } * topic;
    size_t ntopic_slots, ntopic_used; /* used: by this document */
    uint32_t doc_gen;
} us_lexicon;

/* An empty lexicon over engine e (nothing allocated yet), and its
 * release. */
void us_lex_init(us_lexicon *lx, const unspun_engine *e,
                 const unspun_allocator *alc);
void us_lex_free(us_lexicon *lx);
/* Forget the out-of-vocabulary cache (ids handed out before are void). */
void us_lex_reset(us_lexicon *lx);

/* Give every token of t an id (vocabulary id, or n_words + OOV index).
 * UNSPUN_OK, or UNSPUN_E_NOMEM. */
unspun_status us_lex_assign(us_lexicon *lx, us_tokens *t, unspun_error *err);

static inline uint16_t us_lex_flags(const us_lexicon *lx, uint32_t id)
{
    uint32_t nw = lx->eng->hd->n_words;
    if (id < nw)
        return us_word(lx->eng, id)->flags;
    return id - nw < lx->noov ? lx->oov[id - nw].flags : 0;
}

/* Does Hunspell accept token k as written, as far as case goes: a known
 * word, or a word known only capitalised ("Paris", "NASA") written with a
 * capital? From its type's flags and its own case only, never from another
 * spelling or another document (issue 12). */
static inline int us_tok_known(const us_lexicon *lx, const us_token *k)
{
    uint16_t f = us_lex_flags(lx, k->id);
    return (f & US_WF_KNOWN) && (!(f & US_WF_PROPER) || (k->flags & US_TF_CAP));
}

static inline uint32_t us_lex_stem(const us_lexicon *lx, uint32_t id)
{
    uint32_t nw = lx->eng->hd->n_words;
    if (id < nw)
        return us_word(lx->eng, id)->stem;
    return id - nw < lx->noov ? lx->oov[id - nw].stem : US_NONE;
}

static inline uint32_t us_lex_count(const us_lexicon *lx, uint32_t id)
{
    uint32_t nw = lx->eng->hd->n_words;
    return id < nw ? us_word(lx->eng, id)->count : 0;
}

/* The likeliest known word one edit away from out-of-vocabulary word
 * `id`, as a vocabulary id, or US_NONE. Worked out once per word type. */
uint32_t us_lex_suggest(us_lexicon *lx, uint32_t id);

/* The reference key (refkey.h) of the n bytes at s, a normalised word:
 * its Snowball stem's when it is made of letters. 0, or -1 when out of
 * memory. */
int us_lex_key(us_lexicon *lx, const char *s, size_t n, uint64_t *out);

/* Count the document's word types (t: its tokens, ids assigned); -1 on
 * allocation failure. The us_doc_* questions below are about the last
 * document counted. */
int us_doc_build(us_lexicon *lx, const us_tokens *t);
/* Occurrences of lexicon id `id`, 0 if none. */
uint32_t us_doc_count(const us_lexicon *lx, uint32_t id);
/* Does the document have vocabulary word `id`? One bit test. */
int us_doc_has(const us_lexicon *lx, uint32_t id);
/* Sum of vocabulary word x's association weights with the document's
 * words other than x itself (the topic evidence of detect_synonym.c),
 * worked out once per word type and document. */
double us_doc_topic(us_lexicon *lx, uint32_t x);
/* x's association weight with y, 0 if none. */
double us_assoc_weight(const unspun_engine *e, uint32_t x, uint32_t y);

#endif
