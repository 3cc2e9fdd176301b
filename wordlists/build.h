/* build.h - the steps of unspun-compile, the `build` they fill, and what
 * they share.
 *
 * The compiler builds the data file (detector/src/data.h) in steps, each
 * a function that reads what the steps before it made in the `build` and
 * adds its own part:
 *
 *   1. corpus        compile.c      tokenise the training text
 *   2. vocabulary    compile.c      its words and the language model's
 *   3. dictionaries  compile.c      Hunspell, Snowball, function words
 *   4. thesaurus     synonyms.c     per word, the words it may stand for
 *   5. fingerprints  fingerprints.c tortured and thesaurus phrases
 *   6. associations  assoc.c        words that share lines, or stand
 *                                   side by side
 *   7. layout        layout.c       the sections, the header, the file
 *
 * main (compile.c) runs them in order; build.c holds what they share.
 * The data version hashes every input as its step reads it (build_hash),
 * in this order, with the stamp last. Program code: any failure is one
 * line on stderr and exit 2. Output is deterministic: ids are assigned in
 * sorted string order and every table is filled in id order. */
#ifndef US_WORDLISTS_BUILD_H
#define US_WORDLISTS_BUILD_H

#include <hunspell/hunspell.h>
#include <libstemmer.h>
#include <stddef.h>
#include <stdint.h>

#include "data.h"
#include "lm.h"

#define MIN_COUNT 2 /* rarer training words become <unk> */

/* ---- helpers (build.c) ---- */

void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t m);
void *xrealloc(void *p, size_t n);
/* A whole file, NUL-terminated; its length in *len. */
char *read_file(const char *path, size_t *len);
/* Lower-case ASCII copy with surrounding space trimmed. */
char *lower_trim(const char *s, size_t n);
/* Lower-case letters and apostrophes (and any non-ASCII byte) only. */
int is_alpha_word(const char *s);
int cmp_str(const void *x, const void *y);

/* Interned strings: id by string, with a count (or flags) each. */
typedef struct strtab {
    char **str;
    uint32_t *len;
    uint64_t *count;
    uint32_t n, cap;
    uint32_t *slot; /* id + 1 */
    uint32_t nslot;
} strtab;

/* The id of the n bytes at s; with add, a new id if it has none, else
 * US_NONE. */
uint32_t st_find(strtab *t, const char *s, size_t n, int add);
void st_free(strtab *t);

/* A list of words with a weight each. */
typedef struct cand_list {
    uint32_t *v;
    float *q; /* per entry: the spinner's chance of the pick */
    uint32_t n, cap;
} cand_list;

/* A thesaurus phrase a spinner may put for a headword ("calendar month"
 * for "month"): found by step 4, made a fingerprint record by step 5. */
typedef struct phrase_tmp {
    char *text;
    uint32_t head;
    float pick; /* the spinner's chance of this pick */
} phrase_tmp;

/* A fingerprint or thesaurus phrase while the file is being made. */
typedef struct fp_tmp {
    uint32_t *seq;
    uint32_t len;
    char *correct;
    uint32_t count;
    uint32_t head; /* thesaurus phrase: the headword's id */
    uint32_t kind; /* US_FP_* */
    float pick;    /* thesaurus phrase: the spinner's chance of the pick */
} fp_tmp;

typedef struct assoc_tmp {
    uint32_t word;
    float w;
} assoc_tmp;

typedef struct opts {
    const char *corpus, *thesaurus, *fps, *funcs, *dict_dir, *stamp,
        *stamp_file, *known, *lm, *out, *wordnet;
} opts;

/* Everything the steps make, in the order they make it. */
typedef struct build {
    opts o;
    uint64_t vh; /* the data version so far */
    /* 1. the training text: raw ids, then (2.) vocabulary ids; US_NONE
     * marks a line break */
    strtab raw;
    uint32_t raw_bos;
    uint32_t *seq;
    uint64_t nseq;
    /* 2. the vocabulary: the training text's words that are common
     * enough, the model's words and the thesaurus's word forms */
    lm_model lm;
    strtab voc;
    uint32_t id_unk, id_num, id_bos;
    uint32_t nvoc_corpus; /* words before the model's additions */
    uint32_t *lm_word_of; /* model word -> vocabulary id */
    uint32_t *voc_lm;     /* vocabulary id -> model word, or US_NONE */
    double *freq;         /* per word, ln P on the model's scale */
    unsigned char *is_thform;
    uint64_t total; /* tokens of the training text */
    /* 3. the dictionaries, the stemmer, the function words (classes) */
    Hunhandle *hus, *hgb;
    struct sb_stemmer *stemmer;
    strtab fw;
    /* 4. per word: flags, stem, candidates; and thesaurus phrases */
    us_word_rec *wr;
    cand_list *cands;
    uint32_t ncands;
    strtab stems;
    uint32_t *word_stem;
    phrase_tmp *phr;
    uint32_t nphr;
    /* 5. fingerprint records; the stems in sorted order */
    fp_tmp *fps;
    uint32_t nfps, nfpseq;
    uint32_t *stem_order; /* new stem id -> strtab id */
    /* 6. per word, its strongest associations */
    assoc_tmp **al;
    uint32_t nassoc;
    /* 6. the pairs of common words the training text puts side by side
     * (a Bloom filter, data.h: pairs) */
    uint64_t *pair_bits;
    uint32_t npair_bits;
} build;

/* Add the n bytes at p to the data version. */
void build_hash(build *b, const void *p, size_t n);

/* Does the vocabulary word occur: in the training text often enough, or
 * in the model? */
static inline int build_present(const build *b, uint32_t id)
{
    return b->voc.count[id] >= MIN_COUNT || b->voc_lm[id] != US_NONE;
}

/* ---- the steps ---- */

void step_corpus(build *b);
void step_vocabulary(build *b);
void step_dictionaries(build *b);
void step_thesaurus(build *b);    /* synonyms.c */
void step_fingerprints(build *b); /* fingerprints.c */
void step_associations(build *b); /* assoc.c */
void step_layout(build *b);       /* layout.c */

/* synonyms.c: every word form Hunspell accepts (known, one a line) that
 * is a single-word MyThes entry or a form of one; into *out (pointers
 * into known); returns how many. */
uint32_t thesaurus_forms(const char *thes, size_t tlen, char *known,
                         Hunhandle *hus, char ***out);

#endif
