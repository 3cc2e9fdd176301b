/* tokenize.h - UTF-8 validation, typographic folding and tokenisation.
 *
 * Tokens keep byte offsets into the input as given; their normalised form
 * (lower case, typographic apostrophes folded to ', numbers to "<num>") lives
 * in one shared buffer. Quotes are not tokens: they set US_TF_QUOTE on the
 * words they enclose. */
#ifndef US_TOKENIZE_H
#define US_TOKENIZE_H

#include <stddef.h>
#include <stdint.h>

#include "unspun.h"

enum us_tok_kind { US_TOK_WORD = 1, US_TOK_NUM = 2, US_TOK_PUNCT = 3 };

enum us_tok_flag {
    US_TF_CAP = 1u << 0,      /* first letter upper case */
    US_TF_ALLCAP = 1u << 1,   /* two or more letters, all upper case */
    US_TF_SENT = 1u << 2,     /* first token of a sentence */
    US_TF_QUOTE = 1u << 3,    /* inside a quotation */
    US_TF_HYPH = 1u << 4,     /* joined to a neighbour by a hyphen */
    US_TF_NONASCII = 1u << 5, /* holds non-ASCII letters */
    US_TF_CLITIC = 1u << 6,   /* the possessive/contracted 's split off */
    US_TF_PARA = 1u << 7,     /* first token of a paragraph */
    US_TF_SCRIPT = 1u << 8    /* holds letters of a script other than Latin */
};

/* Offsets are 32-bit: documents and references are refused from 2 GiB
 * (UNSPUN_E_TOO_BIG, score.c and refset.c), and 24 bytes a token instead
 * of 32 is a quarter less memory for a long document. */
typedef struct us_token {
    uint32_t start;    /* byte offset of the first byte */
    uint32_t end;      /* byte offset past the last byte */
    uint32_t norm;     /* offset of the normalised form in us_tokens.norm */
    uint32_t norm_len; /* its length in bytes */
    uint32_t id;       /* lexicon id, filled in by the lexicon */
    uint16_t flags;    /* US_TF_* */
    uint8_t kind;      /* US_TOK_* */
    uint8_t pad;
} us_token;

typedef struct us_tokens {
    const unspun_allocator *alc;
    us_token *tok;
    size_t n, cap;
    char *norm;
    size_t norm_len, norm_cap;
    size_t words; /* WORD + NUM tokens, clitics excluded */
} us_tokens;

void us_tokens_init(us_tokens *t, const unspun_allocator *alc);
void us_tokens_free(us_tokens *t);

/* Check `len` bytes of `s` (NUL bytes: UNSPUN_E_BINARY, bad UTF-8:
 * UNSPUN_E_UTF8, both with the offset) and tokenise them into `t`, which is
 * reset first. UNSPUN_E_NOMEM on allocation failure. */
unspun_status us_tokenize(us_tokens *t, const char *s, size_t len,
                          unspun_error *err);

/* Only the validation part: UNSPUN_OK, UNSPUN_E_BINARY or UNSPUN_E_UTF8. */
unspun_status us_validate_utf8(const char *s, size_t len, unspun_error *err);

/* UNSPUN_E_BINARY at the first NUL byte of s[0, len), else UNSPUN_OK.
 * Checked before UTF-8, by documents and references alike: most binary
 * files start with bytes that are not UTF-8, and "binary" is what a
 * person needs to hear. Text in UTF-16 or UTF-32 (by its byte-order mark,
 * or ASCII letters in UTF-16 without one) is UNSPUN_E_BINARY too, with no
 * offset and a message that names the encoding and how to convert it. */
unspun_status us_refuse_binary(const char *s, size_t len, unspun_error *err);

static inline const char *us_tok_norm(const us_tokens *t, const us_token *k)
{
    return t->norm + k->norm;
}

#endif
