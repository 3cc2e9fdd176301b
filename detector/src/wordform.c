/* wordform.c - two written forms of one word (wordform.h): regular
 * inflections by English's rules, en_US and en_GB spellings by rough
 * rewriting rules that the dictionaries confirm, numbers by value. */
#include <string.h>

#include "wordform.h"

/* ---- inflection ---- */

#define BASES 12
#define BASE_LEN 64

/* The words `s` may be an inflected form of by English's regular
 * inflections (plural and third person -s/-es/-ies, -ed/-ied, -ing,
 * comparative -er/-est, possessive 's), itself included. */
static size_t bases(const char *s, size_t n, char out[BASES][BASE_LEN])
{
    size_t k = 0;
    if (n < 2 || n >= BASE_LEN - 2)
        return 0;
#define ENDS(suf)                                                              \
    (n > strlen(suf) + 1 && !memcmp(s + n - strlen(suf), suf, strlen(suf)))
#define ADD(len, tail)                                                         \
    do {                                                                       \
        if (k < BASES && (len) >= 2) {                                         \
            memcpy(out[k], s, (len));                                          \
            memcpy(out[k] + (len), (tail), strlen(tail) + 1);                  \
            k++;                                                               \
        }                                                                      \
    } while (0)
    ADD(n, "");
    int dbl = n >= 5 && s[n - 4] == s[n - 5]; /* "stopping" */
    if (ENDS("'s"))
        ADD(n - 2, "");
    if (ENDS("s'"))
        ADD(n - 1, "");
    if (ENDS("ies"))
        ADD(n - 3, "y");
    if (ENDS("es"))
        ADD(n - 2, "");
    if (ENDS("s") && !ENDS("ss"))
        ADD(n - 1, "");
    if (ENDS("ied"))
        ADD(n - 3, "y");
    if (ENDS("ed")) {
        ADD(n - 2, "");
        ADD(n - 1, "");
        if (n >= 4 && s[n - 3] == s[n - 4])
            ADD(n - 3, "");
    }
    if (ENDS("ing")) {
        ADD(n - 3, "");
        ADD(n - 3, "e");
        if (dbl)
            ADD(n - 4, "");
        if (ENDS("ying"))
            ADD(n - 4, "ie");
    }
    if (ENDS("ier"))
        ADD(n - 3, "y");
    if (ENDS("iest"))
        ADD(n - 4, "y");
    if (ENDS("er")) {
        ADD(n - 2, "");
        ADD(n - 1, "");
        if (n >= 4 && s[n - 3] == s[n - 4])
            ADD(n - 3, "");
    }
    if (ENDS("est")) {
        ADD(n - 3, "");
        ADD(n - 2, "");
        if (dbl)
            ADD(n - 4, "");
    }
#undef ADD
#undef ENDS
    return k;
}

/* Two forms of one lemma by a regular inflection ("bags" / "bag",
 * "stopped" / "stopping"), unlike two words that only share a Snowball
 * stem by derivation ("goodness" / "good", "productions" / "products"),
 * which are other wording. */
int us_form_inflected(const char *a, size_t na, const char *b, size_t nb)
{
    char ba[BASES][BASE_LEN], bb[BASES][BASE_LEN];
    size_t ka = bases(a, na, ba), kb = bases(b, nb, bb);
    for (size_t i = 0; i < ka; i++)
        for (size_t j = 0; j < kb; j++)
            if (!strcmp(ba[i], bb[j]))
                return 1;
    return 0;
}

/* ---- spelling variants ---- */

/* Map en_GB spellings onto en_US ones, roughly: the dictionaries decide
 * whether two words that map alike really are variants. */
static size_t canon(const char *s, size_t n, char *out, size_t cap)
{
    static const char *const rules[][2] = {{"isation", "ization"},
                                           {"ising", "izing"},
                                           {"ysing", "yzing"},
                                           {"ise", "ize"},
                                           {"yse", "yze"},
                                           {"our", "or"},
                                           {"tre", "ter"},
                                           {"ogue", "og"},
                                           {"ae", "e"},
                                           {"oe", "e"},
                                           {"ll", "l"},
                                           {"ence", "ense"},
                                           {"mme", "m"},
                                           {"eable", "able"},
                                           {"grey", "gray"}};
    /* the letters a rule starts with (a bit per letter from 'a'): other
     * bytes are copied at once */
#define LETTER(c) (1u << ((c) - 'a'))
    const unsigned starts = LETTER('i') | LETTER('y') | LETTER('o') |
                            LETTER('t') | LETTER('a') | LETTER('l') |
                            LETTER('e') | LETTER('m') | LETTER('g');
#undef LETTER
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        const size_t nr = sizeof rules / sizeof *rules;
        size_t k = nr, gl = 0;
        unsigned c = (unsigned char)s[i] - 'a';
        if (c < 26 && (starts >> c) & 1)
            for (k = 0; k < nr; k++) {
                if (rules[k][0][0] != s[i])
                    continue;
                gl = strlen(rules[k][0]);
                if (i + gl <= n && !memcmp(s + i, rules[k][0], gl))
                    break;
            }
        size_t rl = k < nr ? strlen(rules[k][1]) : 1;
        if (o + rl + 1 > cap)
            return 0;
        if (k < nr) {
            memcpy(out + o, rules[k][1], rl);
            i += gl;
        } else {
            out[o] = s[i++];
        }
        o += rl;
    }
    out[o] = '\0';
    return o;
}

/* Two different words that are the same word spelt the en_US and the en_GB
 * way (or inflected forms of such): they map alike, both are English, and
 * they are not both accepted by both dictionaries ("four" and "for" map
 * alike but are two words). */
int us_form_spelling(const unspun_engine *e, const char *a, size_t na,
                     const char *b, size_t nb)
{
    char ca[128], cb[128];
    size_t la = canon(a, na, ca, sizeof ca), lb = canon(b, nb, cb, sizeof cb);
    if (!la || !lb || na >= 100 || nb >= 100)
        return 0;
    /* inflected too: "apologised" / "apologizing" */
    int same =
        (la == lb && !memcmp(ca, cb, la)) || us_form_inflected(ca, la, cb, lb);
    if (!same)
        return 0;
    unsigned da = us_engine_dicts(e, a, na);
    unsigned db = us_engine_dicts(e, b, nb);
    const unsigned both = US_DICT_US | US_DICT_GB;
    return da && db && !(da == both && db == both);
}

/* The vocabulary word that spells s the en_US way where only en_GB
 * spells it so ("realise" -> "realize", "offence" -> "offense",
 * "programme" -> "program"), else US_NONE. */
uint32_t us_form_us_spelling(const unspun_engine *e, const char *s, size_t n)
{
    char c[128];
    size_t l = n >= 4 && n < 100 ? canon(s, n, c, sizeof c) : 0;
    if (!l || (l == n && !memcmp(c, s, n)) ||
        us_engine_dicts(e, s, n) != US_DICT_GB)
        return US_NONE;
    uint32_t id = us_engine_word(e, c, l);
    if (id >= e->hd->n_words || !(us_engine_dicts(e, c, l) & US_DICT_US))
        return US_NONE;
    return id;
}

/* ---- numbers written two ways ---- */

/* Number words a writer may use for digits, and their values; ordinals
 * ("fifth" / "5th") separately. */
static const struct numword {
    const char *w;
    long v;
} cardinals[] = {{"zero", 0},          {"one", 1},
                 {"two", 2},           {"three", 3},
                 {"four", 4},          {"five", 5},
                 {"six", 6},           {"seven", 7},
                 {"eight", 8},         {"nine", 9},
                 {"ten", 10},          {"eleven", 11},
                 {"twelve", 12},       {"thirteen", 13},
                 {"fourteen", 14},     {"fifteen", 15},
                 {"sixteen", 16},      {"seventeen", 17},
                 {"eighteen", 18},     {"nineteen", 19},
                 {"twenty", 20},       {"thirty", 30},
                 {"forty", 40},        {"fifty", 50},
                 {"sixty", 60},        {"seventy", 70},
                 {"eighty", 80},       {"ninety", 90},
                 {"hundred", 100},     {"thousand", 1000},
                 {"million", 1000000}, {"billion", 1000000000},
                 {"dozen", 12}},
  ordinals[] = {{"first", 1},       {"second", 2},       {"third", 3},
                {"fourth", 4},      {"fifth", 5},        {"sixth", 6},
                {"seventh", 7},     {"eighth", 8},       {"ninth", 9},
                {"tenth", 10},      {"eleventh", 11},    {"twelfth", 12},
                {"thirteenth", 13}, {"fourteenth", 14},  {"fifteenth", 15},
                {"sixteenth", 16},  {"seventeenth", 17}, {"eighteenth", 18},
                {"nineteenth", 19}, {"twentieth", 20},   {"thirtieth", 30},
                {"fortieth", 40},   {"fiftieth", 50},    {"sixtieth", 60},
                {"seventieth", 70}, {"eightieth", 80},   {"ninetieth", 90},
                {"hundredth", 100}, {"thousandth", 1000}};

/* The value of a number written with digits ("5", "2,000", "5th") or as
 * one word ("five", "fifth"), with *ord 1 for an ordinal; -1 when the
 * bytes are neither (decimals, "1990s" and "3pm" included). */
static long number_value(const char *s, size_t n, int *ord)
{
    *ord = 0;
    if (n && s[0] >= '0' && s[0] <= '9') {
        long v = 0;
        size_t i = 0;
        for (; i < n && ((s[i] >= '0' && s[i] <= '9') || s[i] == ','); i++)
            if (s[i] != ',') {
                if (v > 100000000000L)
                    return -1;
                v = v * 10 + (s[i] - '0');
            }
        if (i == n)
            return v;
        if (n - i == 2) {
            char a = (char)(s[i] | 0x20), b = (char)(s[i + 1] | 0x20);
            if ((a == 's' && b == 't') || (a == 'n' && b == 'd') ||
                (a == 'r' && b == 'd') || (a == 't' && b == 'h')) {
                *ord = 1;
                return v;
            }
        }
        return -1;
    }
    if (n >= 16)
        return -1;
    char low[16];
    for (size_t i = 0; i < n; i++)
        low[i] = (char)((s[i] >= 'A' && s[i] <= 'Z') ? s[i] + 32 : s[i]);
    for (size_t i = 0; i < sizeof cardinals / sizeof *cardinals; i++)
        if (strlen(cardinals[i].w) == n && !memcmp(cardinals[i].w, low, n))
            return cardinals[i].v;
    for (size_t i = 0; i < sizeof ordinals / sizeof *ordinals; i++)
        if (strlen(ordinals[i].w) == n && !memcmp(ordinals[i].w, low, n)) {
            *ord = 1;
            return ordinals[i].v;
        }
    return -1;
}

int us_form_number(const char *a, size_t na, const char *b, size_t nb)
{
    int oa, ob;
    long va = number_value(a, na, &oa);
    long vb = number_value(b, nb, &ob);
    return va >= 0 && va == vb && oa == ob;
}
