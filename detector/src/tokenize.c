/* tokenize.c - UTF-8 validation, typographic folding and tokenisation.
 *
 * One left-to-right pass. Offsets always refer to the input as given: the
 * folding (curly apostrophes to ', dashes, NBSP, case) happens only in the
 * normalised copy, so an artifact's span can be cut from the original bytes.
 * The compiler in wordlists/ uses this same tokenizer on the training text,
 * which is what makes the background model's counts comparable with what
 * the detectors look up. */
#include "tokenize.h"

#include <string.h>
#include <utf8proc.h>

#include "alloc.h"
#include "error.h"

void us_tokens_init(us_tokens *t, const unspun_allocator *alc)
{
    memset(t, 0, sizeof *t);
    t->alc = alc;
}

void us_tokens_free(us_tokens *t)
{
    us_free(t->alc, t->tok);
    us_free(t->alc, t->norm);
    us_tokens_init(t, t->alc);
}

/* ---- UTF-8 ------------------------------------------------------------- */

/* Of the first `n` (even) bytes, how many of those at even and at odd
 * offsets are NUL. */
static void nul_parity(const unsigned char *s, size_t n, size_t *even,
                       size_t *odd)
{
    *even = *odd = 0;
    for (size_t i = 0; i + 1 < n; i += 2) {
        *even += s[i] == 0;
        *odd += s[i + 1] == 0;
    }
}

/* Text in UTF-16 or UTF-32 (Windows editors save "Unicode" so): by its
 * byte-order mark, or, without one, by a NUL in nearly every code unit of
 * its first kilobyte on one side only (ASCII letters in UTF-16). The
 * message says how to convert it; NULL if it does not look so. */
static const char *wide_text(const unsigned char *s, size_t len)
{
    if (len >= 4 && ((s[0] == 0xFF && s[1] == 0xFE && !s[2] && !s[3]) ||
                     (!s[0] && !s[1] && s[2] == 0xFE && s[3] == 0xFF)))
        return "UTF-32 text, not UTF-8 (convert it: iconv -f UTF-32 -t "
               "UTF-8)";
    if (len >= 2 &&
        ((s[0] == 0xFF && s[1] == 0xFE) || (s[0] == 0xFE && s[1] == 0xFF)))
        return "UTF-16 text, not UTF-8 (convert it: iconv -f UTF-16 -t "
               "UTF-8)";
    size_t n = len < 1024 ? len & ~(size_t)1 : 1024, even, odd;
    if (n < 8)
        return NULL;
    nul_parity(s, n, &even, &odd);
    size_t units = n / 2;
    if (odd * 10 >= units * 9 && even * 20 <= units)
        return "UTF-16LE text, not UTF-8 (convert it: iconv -f UTF-16LE -t "
               "UTF-8)";
    if (even * 10 >= units * 9 && odd * 20 <= units)
        return "UTF-16BE text, not UTF-8 (convert it: iconv -f UTF-16BE -t "
               "UTF-8)";
    return NULL;
}

unspun_status us_refuse_binary(const char *s, size_t len, unspun_error *err)
{
    const char *wide = wide_text((const unsigned char *)s, len);
    if (wide)
        return us_fail_msg(err, UNSPUN_E_BINARY, wide, SIZE_MAX, 0);
    const char *nul = len ? memchr(s, 0, len) : NULL;
    return nul ? us_fail(err, UNSPUN_E_BINARY, (size_t)(nul - s), 0)
               : UNSPUN_OK;
}

/* How many bytes a sequence led by byte c needs (0: c leads none). */
static size_t utf8_need(unsigned c)
{
    return c >= 0xC2 && c <= 0xDF   ? 2
           : c >= 0xE0 && c <= 0xEF ? 3
           : c >= 0xF0 && c <= 0xF4 ? 4
                                    : 0;
}

/* The length of the valid UTF-8 sequence of two to four bytes at s[i]
 * (whose byte is 0x80 or above), or 0: not one. */
static size_t utf8_seq(const unsigned char *s, size_t i, size_t len)
{
    static const unsigned min_of[5] = {0, 0, 0x80, 0x800, 0x10000};
    size_t n = utf8_need(s[i]);
    if (!n)
        return 0;
    unsigned min = min_of[n];
    uint32_t cp = s[i] & (0x7Fu >> n);
    if (len - i < n)
        return 0;
    for (size_t k = 1; k < n; k++) {
        if ((s[i + k] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return n;
}

/* Invalid UTF-8 at s[i], said as precisely as the bytes allow:
 *   - a sequence begun and cut off by the end of the text (two bytes of
 *     "€" at least, or one lead byte in a text that has valid sequences):
 *     a truncated file;
 *   - no byte above 0x7F in the whole text starts a valid sequence: a
 *     single-byte encoding. Where those bytes are a few among ASCII
 *     letters, they are accented letters: named with the likeliest
 *     encoding for English (Windows-1252, a superset of Latin-1's
 *     letters) and how to convert it. Where they outnumber the ASCII
 *     letters, the text is in another script (KOI8-R or Windows-1251 for
 *     Russian, ISO-8859-7 for Greek, ...), which the bytes alone do not
 *     name: the message says how to find out;
 *   - else plain invalid UTF-8. */
static unspun_status utf8_fail(const unsigned char *s, size_t len, size_t i,
                               int seen_multi, unspun_error *err)
{
    size_t need = utf8_need(s[i]), k = i + 1;
    while (k < len && (s[k] & 0xC0) == 0x80)
        k++;
    if (need && k == len && len - i < need && (len - i >= 2 || seen_multi))
        return us_fail_msg(err, UNSPUN_E_UTF8,
                           "invalid UTF-8: the text ends in the middle of "
                           "a character",
                           i, 0);
    for (k = i + 1; k < len && !seen_multi; k++)
        seen_multi = s[k] >= 0x80 && utf8_seq(s, k, len);
    if (seen_multi)
        return us_fail(err, UNSPUN_E_UTF8, i, 0);
    size_t high = 0, ascii = 0;
    for (k = 0; k < len; k++) {
        high += s[k] >= 0x80;
        ascii += (s[k] | 0x20) >= 'a' && (s[k] | 0x20) <= 'z';
    }
    if (high > ascii)
        return us_fail_msg(err, UNSPUN_E_UTF8,
                           "invalid UTF-8, likely a single-byte encoding "
                           "of another script such as KOI8-R or "
                           "Windows-1251 (find it with uchardet, then "
                           "iconv -f ENCODING -t UTF-8)",
                           i, 0);
    return us_fail_msg(err, UNSPUN_E_UTF8,
                       "invalid UTF-8, likely Windows-1252 or Latin-1 "
                       "(convert it: iconv -f WINDOWS-1252 -t UTF-8)",
                       i, 0);
}

unspun_status us_validate_utf8(const char *str, size_t len, unspun_error *err)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    int seen_multi = 0;
    while (i < len) {
        unsigned c = s[i];
        if (c >= 0x20 && c < 0x80) {
            i++;
            continue;
        }
        if (c == 0)
            return us_fail(err, UNSPUN_E_BINARY, i, 0);
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t n = utf8_seq(s, i, len);
        if (!n)
            return utf8_fail(s, len, i, seen_multi, err);
        seen_multi = 1;
        i += n;
    }
    return UNSPUN_OK;
}

/* Decode one code point of already validated text. */
static size_t decode(const unsigned char *s, size_t i, uint32_t *cp)
{
    unsigned c = s[i];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c < 0xE0) {
        *cp = ((c & 0x1Fu) << 6) | (s[i + 1] & 0x3Fu);
        return 2;
    }
    if (c < 0xF0) {
        *cp = ((c & 0x0Fu) << 12) | ((s[i + 1] & 0x3Fu) << 6) |
              (s[i + 2] & 0x3Fu);
        return 3;
    }
    *cp = ((c & 0x07u) << 18) | ((s[i + 1] & 0x3Fu) << 12) |
          ((s[i + 2] & 0x3Fu) << 6) | (s[i + 3] & 0x3Fu);
    return 4;
}

/* ---- Character classes --------------------------------------------------- */

enum cls {
    C_SPACE,
    C_NEWLINE,
    C_LETTER,
    C_DIGIT,
    C_APOS,   /* ' U+2019 U+02BC */
    C_LSQUO,  /* U+2018 */
    C_DQUOTE, /* " */
    C_LDQUO,  /* U+201C U+201E U+00AB */
    C_RDQUO,  /* U+201D U+00BB */
    C_HYPHEN, /* - U+2010 U+2011 */
    C_DASH,   /* U+2013 U+2014 U+2015 U+2212 */
    C_ELLIPSIS,
    C_IGNORE, /* zero-width characters, BOM */
    C_OTHER
};

static enum cls classify(uint32_t cp)
{
    if (cp < 0x80) {
        if ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z')
            return C_LETTER;
        if (cp >= '0' && cp <= '9')
            return C_DIGIT;
        switch (cp) {
        case ' ':
        case '\t':
        case '\r':
        case '\f':
        case '\v':
            return C_SPACE;
        case '\n':
            return C_NEWLINE;
        case '\'':
            return C_APOS;
        case '"':
            return C_DQUOTE;
        case '-':
            return C_HYPHEN;
        }
        return cp < 0x20 || cp == 0x7f ? C_SPACE : C_OTHER;
    }
    switch (cp) {
    case 0x00A0:
    case 0x202F:
    case 0x3000:
    case 0x0085:
        return C_SPACE;
    case 0x2028:
    case 0x2029:
        return C_NEWLINE;
    case 0x2019:
    case 0x02BC:
        return C_APOS;
    case 0x2018:
        return C_LSQUO;
    case 0x201C:
    case 0x201E:
    case 0x00AB:
        return C_LDQUO;
    case 0x201D:
    case 0x00BB:
        return C_RDQUO;
    case 0x2010:
    case 0x2011:
        return C_HYPHEN;
    case 0x2013:
    case 0x2014:
    case 0x2015:
    case 0x2212:
        return C_DASH;
    case 0x2026:
        return C_ELLIPSIS;
    case 0x200B:
    case 0x200C:
    case 0x200D:
    case 0x2060:
    case 0xFEFF:
        return C_IGNORE;
    }
    if (cp >= 0x2000 && cp <= 0x200A)
        return C_SPACE;
    switch (utf8proc_category((utf8proc_int32_t)cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
        return C_LETTER;
    case UTF8PROC_CATEGORY_ND:
        return C_OTHER; /* non-ASCII digits */
    case UTF8PROC_CATEGORY_ZS:
        return C_SPACE;
    case UTF8PROC_CATEGORY_CC:
    case UTF8PROC_CATEGORY_CF:
        return C_IGNORE;
    default:
        return C_OTHER;
    }
}

/* Is letter cp (not ASCII) written in a script other than Latin? The
 * Latin blocks of Unicode (Latin-1 to Latin Extended-B, IPA and modifier
 * letters, Latin Extended Additional, C, D and E, the ligatures ff-st and
 * the full-width Latin letters); combining marks belong to the letter
 * before them, so they are no script of their own. */
static int other_script(uint32_t cp)
{
    if (cp < 0x0300 || (cp >= 0x1E00 && cp <= 0x1EFF) ||
        (cp >= 0x2C60 && cp <= 0x2C7F) || (cp >= 0xA720 && cp <= 0xA7FF) ||
        (cp >= 0xAB30 && cp <= 0xAB6F) || (cp >= 0xFB00 && cp <= 0xFB06) ||
        (cp >= 0xFF21 && cp <= 0xFF5A))
        return 0;
    utf8proc_category_t c = utf8proc_category((utf8proc_int32_t)cp);
    return c != UTF8PROC_CATEGORY_MN && c != UTF8PROC_CATEGORY_MC;
}

static int is_upper(uint32_t cp)
{
    if (cp < 0x80)
        return cp >= 'A' && cp <= 'Z';
    return utf8proc_isupper((utf8proc_int32_t)cp);
}

/* ---- Token emission ---------------------------------------------------------
 */

typedef struct state {
    us_tokens *t;
    const unsigned char *s;
    size_t len;
    int failed;
    int pending_sent, pending_para;
    int in_dq, in_sq;
} state;

static int norm_grow(state *st, size_t n)
{
    us_tokens *t = st->t;
    void *np = t->norm;
    if (n > UINT32_MAX - t->norm_len ||
        us_grow(t->alc, &np, &t->norm_cap, t->norm_len + n + 1, 1)) {
        st->failed = 1;
        return -1;
    }
    t->norm = np;
    return 0;
}

/* Append n bytes to the normalised text, keeping it NUL-terminated. Called
 * per letter: the common case is a bounds check and a copy. */
static inline int norm_put(state *st, const char *p, size_t n)
{
    us_tokens *t = st->t;
    if (t->norm_cap - t->norm_len <= n && norm_grow(st, n))
        return -1;
    memcpy(t->norm + t->norm_len, p, n);
    t->norm_len += n;
    t->norm[t->norm_len] = '\0';
    return 0;
}

static us_token *emit(state *st, enum us_tok_kind kind, size_t start,
                      size_t end, unsigned flags)
{
    us_tokens *t = st->t;
    if (t->n == t->cap) {
        void *p = t->tok;
        if (us_grow(t->alc, &p, &t->cap, t->n + 1, sizeof *t->tok)) {
            st->failed = 1;
            return NULL;
        }
        t->tok = p;
    }
    us_token *k = &t->tok[t->n++];
    memset(k, 0, sizeof *k);
    k->kind = (uint8_t)kind;
    k->start = start;
    k->end = end;
    if (kind != US_TOK_PUNCT) {
        if (st->pending_sent)
            flags |= US_TF_SENT;
        if (st->pending_para)
            flags |= US_TF_PARA;
        st->pending_sent = st->pending_para = 0;
    }
    if (st->in_dq || st->in_sq)
        flags |= US_TF_QUOTE;
    k->flags = (uint16_t)flags;
    k->norm = (uint32_t)t->norm_len;
    if (kind != US_TOK_PUNCT && !(flags & US_TF_CLITIC))
        t->words++;
    return k;
}

static void finish(state *st, us_token *k)
{
    if (k)
        k->norm_len = (uint32_t)(st->t->norm_len - k->norm);
    /* Keep every normalised form NUL-terminated and separate. */
    if (!st->failed)
        norm_put(st, "", 1);
}

/* Abbreviations after which a full stop does not end a sentence. */
static const char *const abbrev[] = {
    "mr",  "mrs", "ms",   "dr",   "st",     "jr",  "sr",  "vs",  "inc",  "co",
    "ltd", "no",  "gov",  "sen",  "rep",    "gen", "col", "lt",  "sgt",  "prof",
    "mt",  "etc", "e.g",  "i.e",  "fig",    "jan", "feb", "aug", "sept", "oct",
    "nov", "dec", "corp", "dept", "approx", "ft",  "vol", "pp"};

static int is_abbrev(const us_tokens *t, const us_token *k)
{
    if (k->kind != US_TOK_WORD)
        return 0;
    if (k->norm_len == 1)
        return 1; /* initials: "J. Smith", "U.S." */
    const char *w = us_tok_norm(t, k);
    for (size_t i = 0; i < sizeof abbrev / sizeof *abbrev; i++)
        if (strlen(abbrev[i]) == k->norm_len &&
            memcmp(abbrev[i], w, k->norm_len) == 0)
            return 1;
    return 0;
}

/* After a full stop at s[..e): does the sentence go on? It does when a
 * letter or digit follows at once ("4.zero", "example.com") or after spaces
 * on the same line comes a lower-case letter ("sq. accreditation"). */
static int continues_sentence(const unsigned char *s, size_t e, size_t len)
{
    if (e < len &&
        ((s[e] >= 'a' && s[e] <= 'z') || (s[e] >= 'A' && s[e] <= 'Z') ||
         (s[e] >= '0' && s[e] <= '9')))
        return 1;
    while (e < len && (s[e] == ' ' || s[e] == '\t'))
        e++;
    return e < len && s[e] >= 'a' && s[e] <= 'z';
}

/* Scan a word starting at `i` (a letter). Splits off a possessive or
 * contracted "'s" as its own token, keeps other inner apostrophes, and
 * stops at hyphens (the caller joins hyphenated parts with US_TF_HYPH). */
static size_t scan_word(state *st, size_t i, unsigned extra_flags)
{
    const unsigned char *s = st->s;
    size_t start = i, end = i;
    unsigned letters = 0, uppers = 0, nonascii = 0, script = 0;
    int first_upper = -1;
    size_t norm_start = st->t->norm_len;
    char enc[8];
    while (end < st->len) {
        /* Most letters are ASCII: no decoding, no table. */
        unsigned char b = s[end];
        uint32_t cp;
        size_t n;
        enum cls c;
        if ((b | 0x20) >= 'a' && (b | 0x20) <= 'z') {
            cp = b;
            n = 1;
            c = C_LETTER;
        } else {
            n = decode(s, end, &cp);
            c = classify(cp);
        }
        if (c == C_LETTER) {
            letters++;
            int up = cp < 0x80 ? cp <= 'Z' : is_upper(cp);
            uppers += (unsigned)up;
            if (first_upper < 0)
                first_upper = up;
            if (cp < 0x80) {
                enc[0] = (char)(cp | 0x20);
                norm_put(st, enc, 1);
            } else {
                nonascii = 1;
                script |= (unsigned)other_script(cp);
                utf8proc_int32_t lc = utf8proc_tolower((utf8proc_int32_t)cp);
                utf8proc_ssize_t m =
                    utf8proc_encode_char(lc, (utf8proc_uint8_t *)enc);
                norm_put(st, enc, (size_t)m);
            }
            end += n;
            continue;
        }
        if (c == C_DIGIT && letters) {
            enc[0] = (char)cp;
            norm_put(st, enc, 1);
            end += n;
            continue;
        }
        if (c == C_APOS && end + n < st->len) {
            uint32_t nx;
            size_t m = decode(s, end + n, &nx);
            if (classify(nx) != C_LETTER)
                break;
            /* "'s" at the end of a word: a clitic of its own. */
            if ((nx | 0x20) == 's') {
                size_t after = end + n + m;
                uint32_t nn = ' ';
                if (after < st->len)
                    decode(s, after, &nn);
                if (after >= st->len || classify(nn) != C_LETTER)
                    break;
            }
            norm_put(st, "'", 1);
            end += n;
            continue;
        }
        break;
    }
    /* Emit the word; its normalised bytes were already appended. */
    size_t norm_len = st->t->norm_len - norm_start;
    unsigned flags = extra_flags;
    if (first_upper == 1)
        flags |= US_TF_CAP;
    if (letters >= 2 && uppers == letters)
        flags |= US_TF_ALLCAP;
    if (nonascii)
        flags |= US_TF_NONASCII;
    if (script)
        flags |= US_TF_SCRIPT;
    us_token *k = emit(st, US_TOK_WORD, start, end, flags);
    if (k) {
        k->norm = (uint32_t)norm_start;
        k->norm_len = (uint32_t)norm_len;
    }
    if (!st->failed)
        norm_put(st, "", 1);
    return end;
}

static size_t scan_number(state *st, size_t i)
{
    const unsigned char *s = st->s;
    size_t end = i;
    while (end < st->len) {
        unsigned char c = s[end];
        if (c >= '0' && c <= '9') {
            end++;
            continue;
        }
        if ((c == '.' || c == ',' || c == ':') && end + 1 < st->len &&
            s[end + 1] >= '0' && s[end + 1] <= '9') {
            end++;
            continue;
        }
        if (((c | 0x20) >= 'a' && (c | 0x20) <= 'z')) {
            end++; /* 5th, 1990s, 3pm */
            continue;
        }
        break;
    }
    us_token *k = emit(st, US_TOK_NUM, i, end, 0);
    if (k) {
        norm_put(st, "<num>", 5);
        finish(st, k);
    }
    return end;
}

static void punct(state *st, size_t start, size_t end, const char *norm)
{
    us_token *k = emit(st, US_TOK_PUNCT, start, end, 0);
    if (!k)
        return;
    norm_put(st, norm, strlen(norm));
    finish(st, k);
}

static us_token *last_tok(state *st)
{
    return st->t->n ? &st->t->tok[st->t->n - 1] : NULL;
}

/* An apostrophe or opening single quote at i (n bytes, class c): a
 * split-off "'s" right after a word, else a single quotation mark,
 * opening when it does not follow a word, closing when a quotation is
 * open. Returns where scanning goes on. */
static size_t scan_apostrophe(state *st, size_t i, size_t n, enum cls c)
{
    const unsigned char *s = st->s;
    size_t len = st->len;
    us_token *prev = last_tok(st);
    if (c == C_APOS && prev && prev->end == i && i + n < len &&
        (s[i + n] | 0x20) == 's' &&
        (i + n + 1 >= len ||
         classify(s[i + n + 1] < 0x80 ? s[i + n + 1] : 0x20) != C_LETTER)) {
        us_token *k = emit(st, US_TOK_WORD, i, i + n + 1, US_TF_CLITIC);
        if (k) {
            norm_put(st, "'s", 2);
            finish(st, k);
        }
        return i + n + 1;
    }
    int after_word = prev && prev->end == i;
    if (c == C_LSQUO || !after_word)
        st->in_sq = 1;
    else if (st->in_sq)
        st->in_sq = 0;
    return i + n;
}

/* A hyphen at i (n bytes): one joining two words or numbers marks both
 * (*hyph_next: the flag of the word to come), else it and any hyphens
 * after it are a dash ("--", or a lone hyphen between spaces). */
static size_t scan_hyphen(state *st, size_t i, size_t n, unsigned *hyph_next)
{
    const unsigned char *s = st->s;
    size_t len = st->len;
    us_token *prev = last_tok(st);
    size_t next = i + n;
    uint32_t nx = 0;
    if (next < len)
        decode(s, next, &nx);
    enum cls nc = next < len ? classify(nx) : C_SPACE;
    if (prev && prev->end == i && prev->kind != US_TOK_PUNCT &&
        (nc == C_LETTER || nc == C_DIGIT)) {
        prev->flags |= US_TF_HYPH;
        *hyph_next = US_TF_HYPH;
        return next;
    }
    size_t e = next;
    while (e < len && s[e] == '-')
        e++;
    punct(st, i, e, "--");
    return e;
}

/* Line breaks (and the white space between them) from i: a new sentence
 * unless one break hard-wraps a sentence, a new paragraph at two or
 * more; quotations end with them. */
static size_t scan_newline(state *st, size_t i)
{
    const unsigned char *s = st->s;
    size_t len = st->len, e = i, lines = 0;
    while (e < len) {
        uint32_t x;
        size_t m = decode(s, e, &x);
        enum cls xc = classify(x);
        if (xc == C_NEWLINE)
            lines++;
        else if (xc != C_SPACE && xc != C_IGNORE)
            break;
        e += m;
    }
    us_token *prev = last_tok(st);
    int soft = 0;
    if (lines == 1 && prev && e < len) {
        /* A hard-wrapped line: continues mid-sentence. */
        int cont =
            prev->kind != US_TOK_PUNCT || us_tok_norm(st->t, prev)[0] == ',';
        soft = cont && s[e] >= 'a' && s[e] <= 'z';
    }
    if (!soft) {
        st->pending_sent = 1;
        st->in_dq = st->in_sq = 0;
        if (lines >= 2)
            st->pending_para = 1;
    }
    return e;
}

/* Any other character at i (n bytes, code point cp): periods (one after
 * an abbreviation, or before a lower-case word, ends no sentence; more
 * are an ellipsis), ! and ?, and any other symbol, which stands for
 * itself. */
static size_t scan_symbol(state *st, size_t i, size_t n, uint32_t cp)
{
    const unsigned char *s = st->s;
    size_t len = st->len;
    if (cp == '.') {
        size_t e = i;
        while (e < len && s[e] == '.')
            e++;
        us_token *prev = last_tok(st);
        int abbr =
            e - i == 1 && prev && prev->end == i && is_abbrev(st->t, prev);
        punct(st, i, e, e - i > 1 ? "..." : ".");
        if (!abbr && !continues_sentence(s, e, len))
            st->pending_sent = 1;
        return e;
    }
    if (cp == '!' || cp == '?') {
        punct(st, i, i + n, cp == '!' ? "!" : "?");
        st->pending_sent = 1;
        return i + n;
    }
    char buf[8];
    memcpy(buf, s + i, n);
    buf[n] = '\0';
    punct(st, i, i + n, buf);
    return i + n;
}

unspun_status us_tokenize(us_tokens *t, const char *str, size_t len,
                          unspun_error *err)
{
    unspun_status rc = us_validate_utf8(str, len, err);
    if (rc)
        return rc;
    t->n = 0;
    t->norm_len = 0;
    t->words = 0;
    state st = {t, (const unsigned char *)str, len, 0, 1, 1, 0, 0};
    size_t i = 0;
    unsigned hyph_next = 0; /* the next word follows a hyphen */
    while (i < len && !st.failed) {
        uint32_t cp;
        size_t n = decode(st.s, i, &cp);
        enum cls c = classify(cp);
        if (c == C_LETTER) {
            i = scan_word(&st, i, hyph_next);
            hyph_next = 0;
            continue;
        }
        if (c == C_DIGIT) {
            i = scan_number(&st, i);
            hyph_next = 0;
            continue;
        }
        if (c == C_APOS || c == C_LSQUO) {
            i = scan_apostrophe(&st, i, n, c);
            continue;
        }
        if (c == C_HYPHEN) {
            i = scan_hyphen(&st, i, n, &hyph_next);
            continue;
        }
        hyph_next = 0;
        switch (c) {
        case C_SPACE:
        case C_IGNORE:
            i += n;
            break;
        case C_NEWLINE:
            i = scan_newline(&st, i);
            break;
        case C_DQUOTE:
            st.in_dq = !st.in_dq;
            i += n;
            break;
        case C_LDQUO:
            st.in_dq = 1;
            i += n;
            break;
        case C_RDQUO:
            st.in_dq = 0;
            i += n;
            break;
        case C_DASH:
            punct(&st, i, i + n, "--");
            i += n;
            break;
        case C_ELLIPSIS:
            punct(&st, i, i + n, "...");
            st.pending_sent = 1;
            i += n;
            break;
        default:
            i = scan_symbol(&st, i, n, cp);
        }
    }
    if (st.failed)
        return us_fail(err, UNSPUN_E_NOMEM, SIZE_MAX, 0);
    return UNSPUN_OK;
}
