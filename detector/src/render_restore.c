/* render_restore.c - the text with each artifact replaced by its
 * suggestion: the likely original, to give a plagiarism search.
 *
 * Only the artifacts' bytes change; every other byte is copied, so the
 * restored text lines up with the input line for line. A suggestion is
 * written in the artifact's case, because the detectors give it in the
 * case of their source: the thesaurus and the tortured-phrase list in
 * lower case, a reference as its sentence has it ("In" at the start of
 * one). The detectors also inflect their suggestions, except the
 * tortured-phrase list, which matches any inflection of a phrase by its
 * stems and suggests the list's form: "counterfeit consciousnesses" ->
 * "artificial intelligence". Its last word is inflected like the
 * artifact's (plural -s, past -ed, -ing), but only into a form the
 * dictionaries accept, so an unsure guess leaves the list's form. */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "alloc.h"
#include "engine.h"
#include "restore.h"

enum casing { C_KEEP, C_UPPER, C_TITLE, C_FIRST_UP, C_FIRST_DOWN };

/* Decode one code point at s[i..n) (invalid bytes as themselves). */
static size_t next_cp(const char *s, size_t n, size_t i, int32_t *cp)
{
    utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                          (utf8proc_ssize_t)(n - i), cp);
    if (k <= 0) {
        *cp = -1;
        return 1;
    }
    return (size_t)k;
}

static int is_letter(int32_t cp)
{
    if (cp < 0)
        return 0;
    utf8proc_category_t c = utf8proc_category(cp);
    return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO;
}

static int is_upper(int32_t cp)
{
    return cp >= 0 && utf8proc_category(cp) == UTF8PROC_CATEGORY_LU;
}

static int is_lower(int32_t cp)
{
    return cp >= 0 && utf8proc_category(cp) == UTF8PROC_CATEGORY_LL;
}

/* How the artifact's letters are cased. */
static enum casing casing_of(const char *s, size_t n)
{
    size_t letters = 0, upper = 0, words = 0, capwords = 0;
    int32_t first = -1, prev = -1;
    for (size_t i = 0; i < n;) {
        int32_t cp;
        i += next_cp(s, n, i, &cp);
        if (is_letter(cp)) {
            if (first < 0)
                first = cp;
            letters++;
            upper += is_upper(cp);
            if (!is_letter(prev) && prev != '\'') {
                words++;
                capwords += is_upper(cp);
            }
        }
        prev = cp;
    }
    if (letters >= 2 && upper == letters)
        return C_UPPER;
    if (words >= 2 && capwords == words)
        return C_TITLE;
    if (is_upper(first))
        return C_FIRST_UP;
    if (is_lower(first))
        return C_FIRST_DOWN;
    return C_KEEP;
}

static void put_cp(us_buf *b, int32_t cp)
{
    utf8proc_uint8_t u[4];
    utf8proc_ssize_t k = utf8proc_encode_char(cp, u);
    us_buf_put(b, (const char *)u, (size_t)k);
}

/* Append the suggestion s[0..n) in casing c. C_FIRST_DOWN lowers the first
 * letter only when the first word is capitalised and otherwise lower case
 * ("In" -> "in"; "NASA" and "iPhone" stay). */
static void put_cased(us_buf *b, const char *s, size_t n, enum casing c)
{
    if (c == C_FIRST_DOWN) {
        size_t i = 0, caps = 0, letters = 0;
        while (i < n) {
            int32_t cp;
            i += next_cp(s, n, i, &cp);
            if (!is_letter(cp))
                break;
            letters++;
            caps += is_upper(cp);
        }
        int32_t cp0;
        next_cp(s, n, 0, &cp0);
        if (!(letters >= 1 && caps == 1 && is_upper(cp0)))
            c = C_KEEP;
    }
    int32_t prev = -1;
    int seen_letter = 0;
    for (size_t i = 0; i < n;) {
        int32_t cp;
        size_t k = next_cp(s, n, i, &cp);
        if (cp < 0 || !is_letter(cp)) {
            us_buf_put(b, s + i, k);
        } else {
            int word_start = !is_letter(prev) && prev != '\'';
            int32_t out = cp;
            if (c == C_UPPER || (c == C_TITLE && word_start) ||
                (c == C_FIRST_UP && !seen_letter))
                out = utf8proc_toupper(cp);
            else if (c == C_FIRST_DOWN && !seen_letter)
                out = utf8proc_tolower(cp);
            put_cp(b, out);
            seen_letter = 1;
        }
        prev = cp;
        i += k;
    }
}

void us_restore_cased(us_buf *b, const char *art, size_t an, const char *sugg,
                      size_t sn)
{
    put_cased(b, sugg, sn, casing_of(art, an));
}

/* ---- Inflection of a tortured phrase's last word ------------------------- */

enum infl { I_NONE, I_S, I_ED, I_ING };

#define WORD_MAX 64

static int ends(const char *w, size_t n, const char *suf)
{
    size_t k = strlen(suf);
    return n > k && !memcmp(w + n - k, suf, k);
}

/* Is w[0..n) minus `cut` bytes, plus `add`, a word the dictionaries
 * accept? */
static int known_base(const unspun_engine *e, const char *w, size_t n,
                      size_t cut, const char *add)
{
    char buf[WORD_MAX + 8];
    size_t al = strlen(add);
    if (cut >= n || n - cut + al > WORD_MAX)
        return 0;
    memcpy(buf, w, n - cut);
    memcpy(buf + n - cut, add, al);
    return n - cut + al >= 2 && us_engine_known(e, buf, n - cut + al);
}

/* The inflection of lower-case ASCII word w, judged by a known base. */
static enum infl inflection(const unspun_engine *e, const char *w, size_t n)
{
    if (ends(w, n, "ies") && known_base(e, w, n, 3, "y"))
        return I_S;
    if (ends(w, n, "s") && !ends(w, n, "ss") &&
        (known_base(e, w, n, 1, "") ||
         (ends(w, n, "es") && known_base(e, w, n, 2, ""))))
        return I_S;
    if (ends(w, n, "ied") && known_base(e, w, n, 3, "y"))
        return I_ED;
    if (ends(w, n, "ed") &&
        (known_base(e, w, n, 2, "") || known_base(e, w, n, 1, "")))
        return I_ED;
    if (ends(w, n, "ing") &&
        (known_base(e, w, n, 3, "") || known_base(e, w, n, 3, "e")))
        return I_ING;
    return I_NONE;
}

/* Write into out the known form of base s[0..n) with inflection f;
 * returns its length, or 0 when none of the regular forms is known. */
static size_t inflect(const unspun_engine *e, const char *s, size_t n,
                      enum infl f, char *out)
{
    static const struct {
        size_t cut;      /* drop the base's last byte: it must be `last` */
        const char *add; /* then the ending */
        enum infl f;
        char last;
        char dbl; /* double the last consonant first */
    } forms[] = {
        {0, "s", I_S, 0, 0},       {0, "es", I_S, 0, 0},
        {1, "ies", I_S, 'y', 0},   {0, "ed", I_ED, 0, 0},
        {0, "d", I_ED, 'e', 0},    {1, "ied", I_ED, 'y', 0},
        {0, "ed", I_ED, 0, 1},     {0, "ing", I_ING, 0, 0},
        {1, "ing", I_ING, 'e', 0}, {0, "ing", I_ING, 0, 1},
    };

    for (size_t k = 0; k < sizeof forms / sizeof *forms; k++) {
        if (forms[k].f != f || forms[k].cut >= n ||
            (forms[k].last && s[n - 1] != forms[k].last))
            continue;
        size_t len = n - forms[k].cut;
        if (len + 1 + strlen(forms[k].add) > WORD_MAX)
            continue;
        memcpy(out, s, len);
        if (forms[k].dbl)
            out[len++] = s[n - 1];
        memcpy(out + len, forms[k].add, strlen(forms[k].add));
        len += strlen(forms[k].add);
        if (us_engine_known(e, out, len))
            return len;
    }
    return 0;
}

/* The last run of ASCII letters of s[0..n): its offset and length. */
static size_t last_word(const char *s, size_t n, size_t *len)
{
    size_t end = n;
    while (end > 0 &&
           !((s[end - 1] | 0x20) >= 'a' && (s[end - 1] | 0x20) <= 'z'))
        end--;
    size_t start = end;
    while (start > 0 && (s[start - 1] | 0x20) >= 'a' &&
           (s[start - 1] | 0x20) <= 'z')
        start--;
    /* Only a word that ends the text (trailing punctuation aside) and is
     * pure ASCII letters. */
    if (start > 0 && ((unsigned char)s[start - 1] >= 0x80))
        end = start;
    *len = end - start;
    return start;
}

/* The suggestion, inflected like the artifact's last word, into b (as
 * is when that cannot be done surely). */
static void inflected(const unspun_engine *e, const unspun_artifact *a,
                      us_buf *b)
{
    const char *s = a->suggestion;
    size_t n = strlen(s);
    size_t wl, sl;
    size_t wo = last_word(a->text, strlen(a->text), &wl);
    size_t so = last_word(s, n, &sl);
    char w[WORD_MAX + 1], base[WORD_MAX + 1], form[WORD_MAX + 8];
    if (!e || a->kind != UNSPUN_KIND_FINGERPRINT || wl < 3 || wl > WORD_MAX ||
        sl < 2 || sl > WORD_MAX || so + sl != n) {
        us_buf_put(b, s, n);
        return;
    }
    for (size_t i = 0; i < wl; i++)
        w[i] = (char)(a->text[wo + i] | 0x20);
    for (size_t i = 0; i < sl; i++)
        base[i] = s[so + i];
    enum infl f = inflection(e, w, wl);
    /* The suggestion's word must be a base form: not inflected itself. */
    int lower = 1;
    for (size_t i = 0; i < sl; i++)
        lower &= base[i] >= 'a' && base[i] <= 'z';
    size_t fl = 0;
    if (f != I_NONE && lower && inflection(e, base, sl) == I_NONE)
        fl = inflect(e, base, sl, f, form);
    if (!fl) {
        us_buf_put(b, s, n);
        return;
    }
    us_buf_put(b, s, so);
    us_buf_put(b, form, fl);
}

unspun_status unspun_render_restored(const unspun_engine *e,
                                     const unspun_result *r, const char *in,
                                     size_t in_len, double min_confidence,
                                     char **out, size_t *len, size_t *replaced)
{
    if (!r || !out || (!in && in_len))
        return UNSPUN_E_ARG;
    us_buf b, sugg;
    us_buf_init(&b, &us_default_allocator);
    us_buf_init(&sugg, &us_default_allocator);
    size_t pos = 0, count = 0;
    for (size_t i = 0; i < unspun_result_count(r); i++) {
        const unspun_artifact *a = unspun_result_artifact(r, i);
        if (!a->suggestion || a->confidence < min_confidence ||
            a->start < pos || a->end < a->start || a->end > in_len)
            continue;
        us_buf_put(&b, in + pos, a->start - pos);
        sugg.len = 0;
        inflected(e, a, &sugg);
        if (sugg.failed)
            b.failed = 1;
        else
            us_restore_cased(&b, in + a->start, a->end - a->start,
                             sugg.data ? sugg.data : "", sugg.len);
        pos = a->end;
        count++;
    }
    us_buf_put(&b, in + pos, in_len - pos); /* allocates even for 0 */
    us_buf_free(&sugg);
    unspun_status rc = us_buf_take(&b, out, len);
    if (rc == UNSPUN_OK && replaced)
        *replaced = count;
    return rc;
}
