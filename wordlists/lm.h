/* lm.h - the backoff trigram model for the data file (compile.c's step).
 *
 * Reads CMU Sphinx's binary trie model (pocketsphinx-en-us's en-us.lm.bin)
 * or an ARPA text model (the small hand-made models of tests and fuzz
 * seeds), and packs it into the data file's lm-* sections (data.h): a
 * trie from the predicted word back through its history, log probabilities
 * quantised to 8 bits. */
#ifndef US_WORDLISTS_LM_H
#define US_WORDLISTS_LM_H

#include <stddef.h>
#include <stdint.h>

#include "data.h"

/* A model as read: every array in trie order, natural logs. */
typedef struct lm_model {
    uint32_t nw;
    char **word;        /* LM id -> word */
    float *uprob, *ubo; /* per word */
    uint64_t nbi;       /* bigram nodes, sorted by (word, history) */
    uint32_t *bi_w, *bi_h;
    float *bi_p, *bi_bo;
    uint64_t *bi_tri; /* first trigram node of each, nbi + 1 entries */
    uint64_t ntri;    /* trigram nodes, sorted by (word, h1, h2) */
    uint32_t *tri_h2;
    float *tri_p;
    char source[64]; /* "sphinx trie" or "arpa" */
} lm_model;

/* Load `path` (format told by its first bytes); exits with a message
 * naming the Debian package on failure, like the rest of the compiler. */
void lm_load(const char *path, lm_model *m);
void lm_free(lm_model *m);

/* The packed sections, ready to write. */
typedef struct lm_packed {
    us_lm_uni *uni;   /* nw + 1 (the last holds the end of the bigrams) */
    uint32_t *bi;     /* nbi keys */
    uint8_t *bi_next; /* nbi + 1 entries of US_LM_NEXT_BYTES */
    uint32_t *tri;    /* ntri keys */
    us_lm_quant quant;
} lm_packed;

/* Pack m; word_of[i] is the vocabulary id of LM word i. */
void lm_pack(const lm_model *m, const uint32_t *word_of, lm_packed *p);
void lm_packed_free(lm_packed *p);

#endif
