/* compile.c - build unspun's compiled data file from the wordlists and the
 * training text.
 *
 *   unspun-compile --corpus corpus.txt --thesaurus th_en_US_v2.dat
 *                  --fingerprints fingerprints-pps.tsv
 *                  --function-words function-words.tsv
 *                  --dict-dir /usr/share/hunspell --stamp "pkg versions"
 *                  --out unspun.dat
 *
 * The training text is tokenised with the detector's own tokenizer, so the
 * counts the detectors look up are counts of exactly the units they see.
 * Everything the detectors need per word (Hunspell verdict, Snowball stem,
 * thesaurus candidates re-inflected to the word's form, topical
 * associations) is computed here once, so scoring never parses text data
 * and never waits for Hunspell on ordinary words.
 *
 * Output is deterministic: ids are assigned in sorted string order and every
 * table is filled in id order, so the same inputs give the same bytes. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <hunspell/hunspell.h>
#include <libstemmer.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "data.h"
#include "lm.h"
#include "refkey.h"
#include "xxh.h"
#include "tokenize.h"

#define MIN_COUNT 2  /* rarer training words become <unk> */
#define MAX_CANDS 32 /* thesaurus candidates kept per word */
/* ... those a spinner picks with at least this chance (-ln), and their
 * pick costs' unit in the data file (data.h cand-cost) */
#define MAX_PICK_COST 7.0
#define ASSOC_MIN_DF 5 /* context words for associations */
#define ASSOC_MAX 36   /* associations kept per word */
/* Thesaurus phrases: the headword at least this common; headwords kept
 * per phrase. */
#define PHRASE_MIN_HEAD 30
#define PHRASE_MAX_HEADS 4
#define ASSOC_LINE_MAX 48

static void die(const char *fmt, ...)
    __attribute__((format(printf, 1, 2), noreturn));

static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("unspun-compile: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(2);
}

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        die("out of memory");
    return p;
}

static void *xcalloc(size_t n, size_t m)
{
    void *p = calloc(n ? n : 1, m ? m : 1);
    if (!p)
        die("out of memory");
    return p;
}

static void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p)
        die("out of memory");
    return p;
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        die("cannot open %s: %s", path, strerror(errno));
    size_t cap = 1 << 20, n = 0;
    char *buf = xmalloc(cap);
    size_t r;
    while ((r = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += r;
        if (cap - n - 1 == 0)
            buf = xrealloc(buf, cap *= 2);
    }
    if (ferror(f))
        die("cannot read %s: %s", path, strerror(errno));
    fclose(f);
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* ---- String interning -----------------------------------------------------
 */

typedef struct strtab {
    char **str;
    uint32_t *len;
    uint64_t *count;
    uint32_t n, cap;
    uint32_t *slot; /* id + 1 */
    uint32_t nslot;
} strtab;

static uint32_t st_find(strtab *t, const char *s, size_t n, int add)
{
    if (!t->nslot) {
        t->nslot = 1 << 16;
        t->slot = xcalloc(t->nslot, sizeof *t->slot);
    }
    uint32_t mask = t->nslot - 1;
    uint32_t h = (uint32_t)us_hash_str(s, n) & mask;
    for (;; h = (h + 1) & mask) {
        uint32_t id = t->slot[h];
        if (!id)
            break;
        id--;
        if (t->len[id] == n && memcmp(t->str[id], s, n) == 0)
            return id;
    }
    if (!add)
        return US_NONE;
    if (t->n == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 1024;
        t->str = xrealloc(t->str, t->cap * sizeof *t->str);
        t->len = xrealloc(t->len, t->cap * sizeof *t->len);
        t->count = xrealloc(t->count, t->cap * sizeof *t->count);
    }
    uint32_t id = t->n++;
    t->str[id] = xmalloc(n + 1);
    memcpy(t->str[id], s, n);
    t->str[id][n] = '\0';
    t->len[id] = (uint32_t)n;
    t->count[id] = 0;
    t->slot[h] = id + 1;
    if ((uint64_t)t->n * 2 > t->nslot) { /* rehash */
        uint32_t ns = t->nslot * 2;
        uint32_t *sl = xcalloc(ns, sizeof *sl);
        for (uint32_t i = 0; i < t->n; i++) {
            uint32_t k = (uint32_t)us_hash_str(t->str[i], t->len[i]) & (ns - 1);
            while (sl[k])
                k = (k + 1) & (ns - 1);
            sl[k] = i + 1;
        }
        free(t->slot);
        t->slot = sl;
        t->nslot = ns;
    }
    return id;
}

/* ---- Pair counting
 * ----------------------------------------------------------- */

typedef struct pairtab {
    uint32_t *a, *b, *c;
    uint64_t n, nslot;
} pairtab;

static void pt_init(pairtab *t, uint64_t nslot)
{
    t->nslot = nslot;
    t->n = 0;
    t->a = xmalloc(nslot * sizeof *t->a);
    t->b = xmalloc(nslot * sizeof *t->b);
    t->c = xcalloc(nslot, sizeof *t->c);
    memset(t->a, 0xff, nslot * sizeof *t->a);
}

static void pt_add(pairtab *t, uint32_t a, uint32_t b, uint32_t k);

static void pt_grow(pairtab *t)
{
    pairtab o = *t;
    pt_init(t, o.nslot * 2);
    for (uint64_t i = 0; i < o.nslot; i++)
        if (o.a[i] != US_NONE)
            pt_add(t, o.a[i], o.b[i], o.c[i]);
    free(o.a);
    free(o.b);
    free(o.c);
}

static void pt_add(pairtab *t, uint32_t a, uint32_t b, uint32_t k)
{
    uint64_t mask = t->nslot - 1;
    uint64_t h = us_hash_pair(a, b) & mask;
    while (t->a[h] != US_NONE) {
        if (t->a[h] == a && t->b[h] == b) {
            t->c[h] += k;
            return;
        }
        h = (h + 1) & mask;
    }
    t->a[h] = a;
    t->b[h] = b;
    t->c[h] = k;
    if (++t->n * 10 > t->nslot * 7)
        pt_grow(t);
}

/* ---- Helpers
 * ------------------------------------------------------------------- */

static int cmp_str(const void *x, const void *y)
{
    return strcmp(*(char *const *)x, *(char *const *)y);
}

static int is_alpha_word(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (!((c >= 'a' && c <= 'z') || c == '\'' || c >= 0x80))
            return 0;
    }
    return 1;
}

/* Lower-case ASCII copy with surrounding space trimmed. */
static char *lower_trim(const char *s, size_t n)
{
    while (n && (*s == ' ' || *s == '\t'))
        s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' ||
                 s[n - 1] == '\n'))
        n--;
    char *r = xmalloc(n + 1);
    for (size_t i = 0; i < n; i++)
        r[i] = (char)((s[i] >= 'A' && s[i] <= 'Z') ? s[i] + 32 : s[i]);
    r[n] = '\0';
    return r;
}

/* ---- Main
 * ---------------------------------------------------------------------- */

typedef struct opts {
    const char *corpus, *thesaurus, *fps, *funcs, *dict_dir, *stamp,
        *stamp_file, *known, *lm, *out, *wordnet;
} opts;

static void usage(void)
{
    fputs("usage: unspun-compile --corpus FILE --thesaurus FILE "
          "--fingerprints FILE\n"
          "                      --function-words FILE --dict-dir DIR "
          "[--stamp TEXT] [--stamp-file FILE]\n"
          "                      --known FILE --lm FILE [--wordnet DIR] "
          "--out FILE\n"
          "--known: every word form Hunspell accepts, one per line (the\n"
          "build writes it with hunspell-tools' unmunch from en_US, en_GB)\n"
          "--lm: a backoff trigram model, Sphinx's binary trie (Debian's\n"
          "pocketsphinx-en-us en-us.lm.bin) or ARPA text\n"
          "--wordnet: WordNet's dict directory (default /usr/share/wordnet)\n",
          stderr);
    exit(2);
}

typedef struct cand_list {
    uint32_t *v;
    float *q; /* per entry: the spinner's chance of the pick (see below) */
    uint32_t n, cap;
} cand_list;

/* Add x with weight q to l; an x already there gets the sum of the two
 * weights (sum != 0) or the larger. */
static void cl_addq(cand_list *l, uint32_t x, float q, int sum)
{
    for (uint32_t i = 0; i < l->n; i++)
        if (l->v[i] == x) {
            l->q[i] = sum ? l->q[i] + q : (q > l->q[i] ? q : l->q[i]);
            return;
        }
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 4;
        l->v = xrealloc(l->v, l->cap * sizeof *l->v);
        l->q = xrealloc(l->q, l->cap * sizeof *l->q);
    }
    l->q[l->n] = q;
    l->v[l->n++] = x;
}

/* How likely a spinner is to pick an entry of a MyThes sense line, by the
 * relation MyThes gives it: a plain synonym ("concluding|final|terminal")
 * most, a "(similar term)" less, a "(generic term)" or "(related term)",
 * a broader or looser word, least; an antonym never. Spinners substitute
 * synonyms (the bench's spinner takes plain and similar terms only);
 * looser relations are kept, at a low weight, for the looser thesauri
 * other spinners use. */
#define PICK_SIMILAR 0.7
#define PICK_LOOSE 0.3

static double relation_weight(const char *fs, const char *fe)
{
    const char *paren = memchr(fs, '(', (size_t)(fe - fs));
    if (fe == fs)
        return 0;
    if (!paren)
        return 1.0;
    size_t n = (size_t)(fe - paren);
    if (n >= 8 && !memcmp(paren, "(antonym", 8))
        return 0;
    if (n >= 8 && !memcmp(paren, "(similar", 8))
        return PICK_SIMILAR;
    return PICK_LOOSE;
}

/* The total weight of the entries of one sense line, "(pos)|syn|syn
 * (generic term)|...": what a spinner chooses among in that sense. */
static double sense_choices(const char *p, const char *le)
{
    double n = 0;
    const char *f = memchr(p, '|', (size_t)(le - p));
    while (f && f < le) {
        const char *fs = f + 1;
        const char *fe = memchr(fs, '|', (size_t)(le - fs));
        if (!fe)
            fe = le;
        n += relation_weight(fs, fe);
        f = fe < le ? fe : NULL;
    }
    return n;
}

static const uint64_t *g_counts;

typedef struct cand_pick {
    uint32_t v;
    float q;
} cand_pick;

/* Likelier picks first, then commoner words (the model's unigram
 * probability where it has the word: it saw far more text than the
 * training text; else the training count on the same scale), then id. */
static const double *g_freq;
static int cmp_pick(const void *x, const void *y)
{
    const cand_pick *a = x, *b = y;
    if (a->q != b->q)
        return a->q < b->q ? 1 : -1;
    if (g_freq[a->v] != g_freq[b->v])
        return g_freq[a->v] < g_freq[b->v] ? 1 : -1;
    return a->v < b->v ? -1 : a->v > b->v;
}

/* ---- regular English inflection ---- */

static int ends(const char *s, const char *suf)
{
    size_t n = strlen(s), m = strlen(suf);
    return n >= m && !strcmp(s + n - m, suf);
}

static int is_vowel(char c)
{
    return strchr("aeiou", c) != NULL;
}

/* Write up to 4 forms of h inflected the way w inflects its lemma l
 * (plural or third person -s, past -ed, -ing, comparative -er, superlative
 * -est, with e-drop, y -> i and doubled consonants). Returns how many; 0
 * when w is not a regular inflection of l or a form would not fit. The
 * caller keeps only forms that occur in the training text, which weeds
 * out the wrong guesses ("stoped"). */
static int inflect_like(const char *l, const char *w, const char *h,
                        char out[4][256])
{
    static const char *const sufs[] = {"s", "ed", "ing", "er", "est"};
    size_t ll = strlen(l), hl = strlen(h);
    if (hl < 2 || hl > 200 || strncmp(w, l, ll > 2 ? ll - 2 : ll))
        return 0;
    for (size_t k = 0; k < sizeof sufs / sizeof *sufs; k++) {
        const char *suf = sufs[k];
        char t[256];
        /* Does w = l + suffix (in one of its spellings)? */
        int hit = 0;
        snprintf(t, sizeof t, "%s%s", l, suf);
        hit |= !strcmp(t, w);
        snprintf(t, sizeof t, "%s%s%s", l, suf[0] == 's' ? "e" : "", suf);
        hit |= !strcmp(t, w);
        if (ll > 1) {
            snprintf(t, sizeof t, "%.*s%s", (int)ll - 1, l, suf);
            hit |= l[ll - 1] == 'e' && !strcmp(t, w);
            snprintf(t, sizeof t, "%.*si%s%s", (int)ll - 1, l,
                     suf[0] == 's' ? "e" : "", suf);
            hit |= l[ll - 1] == 'y' && !strcmp(t, w);
            snprintf(t, sizeof t, "%s%c%s", l, l[ll - 1], suf);
            hit |= !strcmp(t, w);
        }
        if (!hit || (suf[0] == 's' && !ends(w, "s")))
            continue;
        int n = 0;
        char last = h[hl - 1], prev = h[hl - 2];
        if (suf[0] == 's') {
            if (ends(h, "s") || ends(h, "x") || ends(h, "z") || ends(h, "ch") ||
                ends(h, "sh"))
                snprintf(out[n++], 256, "%ses", h);
            else if (last == 'y' && !is_vowel(prev))
                snprintf(out[n++], 256, "%.*sies", (int)hl - 1, h);
            else
                snprintf(out[n++], 256, "%ss", h);
            return n;
        }
        if (last == 'e')
            snprintf(out[n++], 256, "%.*s%s", (int)hl - 1, h, suf);
        else if (last == 'y' && !is_vowel(prev))
            snprintf(out[n++], 256, "%.*si%s", (int)hl - 1, h, suf);
        else {
            snprintf(out[n++], 256, "%s%s", h, suf);
            if (!is_vowel(last) && is_vowel(prev) && last != 'w' &&
                last != 'x' && last != 'y')
                snprintf(out[n++], 256, "%s%c%s", h, last, suf);
        }
        return n;
    }
    return 0;
}

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

/* Order by stem sequence, then tortured phrases before thesaurus phrases,
 * then the most common headword, then the correction: equal sequences end
 * up adjacent with the one to keep first. */
static int cmp_fp(const void *px, const void *py)
{
    const fp_tmp *x = px, *y = py;
    for (uint32_t k = 0; k < x->len && k < y->len; k++)
        if (x->seq[k] != y->seq[k])
            return x->seq[k] < y->seq[k] ? -1 : 1;
    if (x->len != y->len)
        return x->len < y->len ? -1 : 1;
    if (x->kind != y->kind)
        return x->kind < y->kind ? -1 : 1;
    if (x->kind == US_FP_PHRASE && g_counts[x->head] != g_counts[y->head])
        return g_counts[x->head] > g_counts[y->head] ? -1 : 1;
    return strcmp(x->correct, y->correct);
}

static int same_seq(const fp_tmp *x, const fp_tmp *y)
{
    return x->len == y->len && !memcmp(x->seq, y->seq, x->len * sizeof *x->seq);
}

typedef struct assoc_tmp {
    uint32_t word;
    float w;
} assoc_tmp;

static int cmp_assoc_w(const void *x, const void *y)
{
    const assoc_tmp *a = x, *b = y;
    if (a->w != b->w)
        return a->w < b->w ? 1 : -1;
    return a->word < b->word ? -1 : a->word > b->word;
}

static int cmp_assoc_id(const void *x, const void *y)
{
    const assoc_tmp *a = x, *b = y;
    return a->word < b->word ? -1 : a->word > b->word;
}

static int cmp_u32(const void *x, const void *y)
{
    uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
    return a < b ? -1 : a > b;
}

/* ---- reference mode: which dictionary accepts each known form ---- */

/* A byte per slot of the known table (US_DICT_*), parallel to it: the
 * detector tells a spelling variant ("colour" / "color": each accepted by
 * one dictionary only) from two different words without loading Hunspell
 * at run time. Answered by Hunspell itself, as the detector used to ask. */
static unsigned char *known_dicts(Hunhandle *hus, Hunhandle *hgb,
                                  const uint32_t *kslots, uint32_t nks,
                                  const char *strings)
{
    unsigned char *d = xcalloc((size_t)nks + 8, 1);
    for (uint32_t h = 0; h < nks; h++) {
        if (!kslots[h])
            continue;
        const char *w = strings + kslots[h];
        d[h] = (unsigned char)((Hunspell_spell(hus, w) ? US_DICT_US : 0) |
                               (Hunspell_spell(hgb, w) ? US_DICT_GB : 0));
    }
    return d;
}

/* ---- reference mode: the thesaurus and WordNet's irregular forms ----
 *
 * What reference mode needs from MyThes and WordNet, as keys (refkey.h)
 * the detector looks up in place in the mapped file: no parsing at run
 * time, no per-pool copies. */

typedef struct ref_tables {
    uint32_t *thes; /* thes-pairs */
    uint32_t nthes;
    uint64_t *phrase_bits; /* thes-phrases */
    us_exc *exc;           /* lemma-exc */
    uint32_t nexc;
    uint64_t hash; /* of the WordNet files read, for the data version */
} ref_tables;

static void push_u64(uint64_t **v, size_t *n, size_t *cap, uint64_t x)
{
    if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 1024;
        *v = xrealloc(*v, *cap * sizeof **v);
    }
    (*v)[(*n)++] = x;
}

static int cmp_key64(const void *x, const void *y)
{
    uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
    return a < b ? -1 : a > b;
}

static void mark_phrase(ref_tables *rt, uint64_t k)
{
    uint64_t bit = us_phrase_bit(k);
    rt->phrase_bits[bit >> 6] |= (uint64_t)1 << (bit & 63);
}

/* MyThes: "head|nsenses", then per sense "(pos)|syn|syn (x)|...". Every
 * pair (head, synonym) but antonyms, phrases of up to US_PHRASE_MAX
 * words; multi-word phrases also in the phrase bitmap. */
static void ref_thesaurus(const char *path, struct sb_stemmer *st,
                          ref_tables *rt)
{
    size_t len;
    char *buf = read_file(path, &len);
    rt->phrase_bits = xcalloc(US_PHRASE_BITS / 64, 8);
    uint64_t *pairs = NULL;
    size_t np = 0, cap = 0;
    long senses = 0;
    uint64_t headkey = 0;
    int keep = 0;
    char *end = buf + len;
    char *line = memchr(buf, '\n', len);
    line = line ? line + 1 : end; /* the first line: the encoding */
    while (line < end) {
        char *nl = memchr(line, '\n', (size_t)(end - line));
        if (!nl)
            nl = end;
        *nl = '\0';
        char *next = nl + 1;
        if (senses == 0) {
            char *bar = strchr(line, '|');
            if (bar) {
                senses = strtol(bar + 1, NULL, 10);
                if (senses < 0)
                    senses = 0;
                uint64_t k[US_PHRASE_MAX];
                size_t nk = us_phrase_keys(st, line, (size_t)(bar - line), k);
                keep = nk > 0;
                headkey = keep ? us_phrase_key(k, nk) : 0;
                if (nk > 1)
                    mark_phrase(rt, headkey);
            }
            line = next;
            continue;
        }
        senses--;
        char *p = keep ? strchr(line, '|') : NULL;
        while (p) {
            char *sy = p + 1;
            char *e = strchr(sy, '|');
            size_t n = e ? (size_t)(e - sy) : strlen(sy);
            char *paren = memchr(sy, '(', n);
            int antonym = paren && !strncmp(paren, "(antonym", 8);
            if (paren)
                n = (size_t)(paren - sy);
            uint64_t k[US_PHRASE_MAX];
            size_t nk = antonym ? 0 : us_phrase_keys(st, sy, n, k);
            if (nk) {
                uint64_t sk = us_phrase_key(k, nk);
                if (nk > 1)
                    mark_phrase(rt, sk);
                if (sk != headkey)
                    push_u64(&pairs, &np, &cap, us_pair_key(headkey, sk));
            }
            p = e;
        }
        line = next;
    }
    free(buf);
    /* Sorted and unique, so the table's layout depends on the pairs
     * only; then at most 2/3 full. */
    qsort(pairs, np, sizeof *pairs, cmp_key64);
    size_t m = 0;
    for (size_t i = 0; i < np; i++)
        if (!m || pairs[i] != pairs[m - 1])
            pairs[m++] = pairs[i];
    uint64_t ns = 16;
    while (ns < m + m / 2 + 1)
        ns <<= 1;
    if (ns > UINT32_MAX)
        die("thesaurus too large");
    rt->thes = xcalloc(ns, sizeof *rt->thes);
    rt->nthes = (uint32_t)ns;
    for (size_t i = 0; i < m; i++) {
        uint32_t tag = us_thes_tag(pairs[i]);
        uint64_t h = pairs[i] & (ns - 1);
        while (rt->thes[h])
            h = (h + 1) & (ns - 1);
        rt->thes[h] = tag;
    }
    free(pairs);
    fprintf(stderr,
            "unspun-compile: thesaurus: %zu pairs in %llu slots (%.1f MB)\n", m,
            (unsigned long long)ns, (double)ns * 4 / 1e6);
}

static int cmp_exc(const void *x, const void *y)
{
    const us_exc *a = x, *b = y;
    if (a->form != b->form)
        return a->form < b->form ? -1 : 1;
    return a->lemma < b->lemma ? -1 : a->lemma > b->lemma;
}

/* WordNet's exception lists ("began begin", "mice mouse"): neither
 * Snowball nor Hunspell undoes irregular forms. The first lemma of each
 * line, as keys; sorted by form, then lemma. */
static void ref_exceptions(const char *dir, struct sb_stemmer *st,
                           ref_tables *rt)
{
    static const char *const files[] = {"verb.exc", "noun.exc", "adj.exc"};
    size_t cap = 0;
    for (size_t f = 0; f < sizeof files / sizeof *files; f++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, files[f]);
        size_t len;
        char *buf = read_file(path, &len);
        rt->hash = rt->hash * 31 + us_hash_str(buf, len);
        char *save = NULL;
        for (char *line = strtok_r(buf, "\n", &save); line;
             line = strtok_r(NULL, "\n", &save)) {
            char *sp = strchr(line, ' ');
            if (!sp)
                continue;
            char *lemma = sp + 1;
            size_t ll = strcspn(lemma, " \r");
            uint64_t fk, lk;
            if (us_norm_key(st, line, (size_t)(sp - line), &fk) ||
                us_norm_key(st, lemma, ll, &lk) || fk == lk)
                continue;
            if (rt->nexc == cap) {
                cap = cap ? cap * 2 : 4096;
                rt->exc = xrealloc(rt->exc, cap * sizeof *rt->exc);
            }
            rt->exc[rt->nexc].form = fk;
            rt->exc[rt->nexc].lemma = lk;
            rt->nexc++;
        }
        free(buf);
    }
    if (rt->nexc)
        qsort(rt->exc, rt->nexc, sizeof *rt->exc, cmp_exc);
    fprintf(stderr, "unspun-compile: %u irregular forms (WordNet)\n", rt->nexc);
}

/* ---- verification by blocks (data.h) ---- */

/* The XXH3-64 of every US_BLOCK bytes of the sections checked by blocks,
 * in section order; *n gets the count. */
static uint64_t *block_hashes(const void *const *ptr, const uint64_t *size,
                              uint32_t *n)
{
    uint64_t total = 0;
    for (int k = 0; k < US_NSEC; k++)
        if (us_sec_blocked(k))
            total += (size[k] + US_BLOCK - 1) / US_BLOCK;
    if (total > UINT32_MAX)
        die("too many blocks");
    uint64_t *h = xmalloc((total + 1) * sizeof *h);
    uint64_t i = 0;
    for (int k = 0; k < US_NSEC; k++) {
        if (!us_sec_blocked(k))
            continue;
        for (uint64_t o = 0; o < size[k]; o += US_BLOCK) {
            uint64_t len = size[k] - o < US_BLOCK ? size[k] - o : US_BLOCK;
            h[i++] = XXH3_64bits((const char *)ptr[k] + o, (size_t)len);
        }
    }
    *n = (uint32_t)total;
    return h;
}

/* Every word form Hunspell accepts (known.txt) that is a single-word
 * MyThes entry or a form of one (by Hunspell's stems): the thesaurus words
 * a spinner can put in a text, in every inflection, whether or not the
 * training text or the language model has them ("grangers", "rescript").
 * Returns their number; the forms go to *out (pointers into `known`, which
 * the caller keeps). */
static uint32_t thesaurus_forms(const char *thes, size_t tlen, char *known,
                                Hunhandle *hus, char ***out)
{
    strtab thw = {0};
    for (const char *p = thes; p < thes + tlen;) {
        const char *nl = memchr(p, '\n', (size_t)(thes + tlen - p));
        const char *le = nl ? nl : thes + tlen;
        /* headword lines "word|n" and sense lines "(pos)|a|b (x)|..." */
        for (const char *f = p; f < le;) {
            const char *fe = memchr(f, '|', (size_t)(le - f));
            if (!fe)
                fe = le;
            const char *paren = memchr(f, '(', (size_t)(fe - f));
            const char *we = paren ? paren : fe;
            char *w = lower_trim(f, (size_t)(we - f));
            if (*w && !strchr(w, ' ') && is_alpha_word(w))
                st_find(&thw, w, strlen(w), 1);
            free(w);
            f = fe + 1;
        }
        p = le + 1;
    }
    uint32_t n = 0, cap = 1024;
    char **v = xmalloc(cap * sizeof *v);
    char *save = NULL;
    for (char *line = strtok_r(known, "\n", &save); line;
         line = strtok_r(NULL, "\n", &save)) {
        line[strcspn(line, "\r")] = '\0';
        if (!is_alpha_word(line))
            continue; /* lower case letters only: no names */
        int keep = st_find(&thw, line, strlen(line), 0) != US_NONE;
        if (!keep) {
            char **lem = NULL;
            int nl = Hunspell_stem(hus, &lem, line);
            for (int k = 0; k < nl && !keep; k++)
                keep = st_find(&thw, lem[k], strlen(lem[k]), 0) != US_NONE;
            Hunspell_free_list(hus, &lem, nl);
        }
        if (!keep)
            continue;
        if (n == cap)
            v = xrealloc(v, (cap *= 2) * sizeof *v);
        v[n++] = line;
    }
    for (uint32_t i = 0; i < thw.n; i++)
        free(thw.str[i]);
    free(thw.str);
    free(thw.len);
    free(thw.count);
    free(thw.slot);
    *out = v;
    return n;
}

int main(int argc, char **argv)
{
    opts o = {0};
    for (int i = 1; i < argc; i++) {
        const char **dst = NULL;
        if (!strcmp(argv[i], "--corpus"))
            dst = &o.corpus;
        else if (!strcmp(argv[i], "--thesaurus"))
            dst = &o.thesaurus;
        else if (!strcmp(argv[i], "--fingerprints"))
            dst = &o.fps;
        else if (!strcmp(argv[i], "--function-words"))
            dst = &o.funcs;
        else if (!strcmp(argv[i], "--dict-dir"))
            dst = &o.dict_dir;
        else if (!strcmp(argv[i], "--stamp"))
            dst = &o.stamp;
        else if (!strcmp(argv[i], "--stamp-file"))
            dst = &o.stamp_file;
        else if (!strcmp(argv[i], "--known"))
            dst = &o.known;
        else if (!strcmp(argv[i], "--lm"))
            dst = &o.lm;
        else if (!strcmp(argv[i], "--out"))
            dst = &o.out;
        else if (!strcmp(argv[i], "--wordnet"))
            dst = &o.wordnet;
        else
            usage();
        if (++i >= argc)
            usage();
        *dst = argv[i];
    }
    if (!o.corpus || !o.thesaurus || !o.fps || !o.funcs || !o.dict_dir ||
        !o.known || !o.lm || !o.out)
        usage();

    /* The data version hashes the format, every input's bytes and the
     * stamp. */
    uint64_t vh = 1469598103934665603ull;
#define VHASH(p, n) (vh = vh * 31 + us_hash_str((p), (n)))
    {
        char fmt[16];
        snprintf(fmt, sizeof fmt, "format %u", US_DATA_FORMAT);
        VHASH(fmt, strlen(fmt));
    }

    /* ---- 1. tokenise the training text ---- */
    size_t clen;
    char *corpus = read_file(o.corpus, &clen);
    VHASH(corpus, clen);
    strtab raw = {0};
    uint32_t *seq = NULL; /* raw ids; US_NONE marks a line break */
    uint64_t nseq = 0, capseq = 0;
    us_tokens toks;
    us_tokens_init(&toks, &us_default_allocator);
    uint32_t raw_bos = st_find(&raw, "<s>", 3, 1);
    size_t pos = 0;
    while (pos < clen) {
        char *nl = memchr(corpus + pos, '\n', clen - pos);
        size_t end = nl ? (size_t)(nl - corpus) : clen;
        unspun_error err;
        if (us_tokenize(&toks, corpus + pos, end - pos, &err) == UNSPUN_OK &&
            toks.n) {
            if (nseq + toks.n * 2 + 4 > capseq) {
                capseq = (capseq + toks.n * 2 + 4) * 2;
                seq = xrealloc(seq, capseq * sizeof *seq);
            }
            seq[nseq++] = US_NONE;
            for (size_t i = 0; i < toks.n; i++) {
                const us_token *k = &toks.tok[i];
                if (k->flags & US_TF_SENT && i) {
                    seq[nseq++] = raw_bos;
                    raw.count[raw_bos]++;
                }
                uint32_t id =
                    st_find(&raw, us_tok_norm(&toks, k), k->norm_len, 1);
                raw.count[id]++;
                seq[nseq++] = id;
            }
            seq[nseq++] = raw_bos;
            raw.count[raw_bos]++;
        }
        pos = end + 1;
    }
    us_tokens_free(&toks);
    free(corpus);
    fprintf(stderr, "unspun-compile: %llu tokens, %u raw types\n",
            (unsigned long long)nseq, raw.n);

    /* ---- 2. vocabulary: kept training words and the language model's
     * words, in sorted order ---- */
    lm_model lm;
    lm_load(o.lm, &lm);
    {
        /* The model's words and probabilities are part of the data. */
        for (uint32_t i = 0; i < lm.nw; i++)
            VHASH(lm.word[i], strlen(lm.word[i]));
        VHASH((const char *)lm.uprob, (size_t)lm.nw * sizeof *lm.uprob);
        VHASH((const char *)lm.bi_p, (size_t)lm.nbi * sizeof *lm.bi_p);
        VHASH((const char *)lm.tri_p, (size_t)lm.ntri * sizeof *lm.tri_p);
    }
    fprintf(stderr,
            "unspun-compile: language model (%s): %u words, %llu bigram "
            "nodes, %llu trigram nodes\n",
            lm.source, lm.nw, (unsigned long long)lm.nbi,
            (unsigned long long)lm.ntri);
    /* The thesaurus words, in every form Hunspell accepts. */
    char **thforms = NULL;
    uint32_t nthforms = 0;
    char *kforms = NULL;
    {
        size_t tl, kl;
        char *tt = read_file(o.thesaurus, &tl);
        kforms = read_file(o.known, &kl);
        char aff0[4096], dic0[4096];
        snprintf(aff0, sizeof aff0, "%s/en_US.aff", o.dict_dir);
        snprintf(dic0, sizeof dic0, "%s/en_US.dic", o.dict_dir);
        Hunhandle *h0 = Hunspell_create(aff0, dic0);
        if (!h0)
            die("cannot load %s (install Debian package hunspell-en-us)", dic0);
        nthforms = thesaurus_forms(tt, tl, kforms, h0, &thforms);
        Hunspell_destroy(h0);
        free(tt);
    }
    fprintf(stderr, "unspun-compile: %u word forms of thesaurus words\n",
            nthforms);
    strtab voc = {0};
    {
        char **keep =
            xmalloc(((size_t)raw.n + lm.nw + nthforms + 4) * sizeof *keep);
        uint32_t nk = 0;
        for (uint32_t i = 0; i < lm.nw; i++)
            keep[nk++] = lm.word[i];
        for (uint32_t i = 0; i < nthforms; i++)
            keep[nk++] = thforms[i];
        for (uint32_t i = 0; i < raw.n; i++)
            if (raw.count[i] >= MIN_COUNT || i == raw_bos)
                keep[nk++] = raw.str[i];
        const char *specials[] = {"<unk>", "<num>", "<s>"};
        for (int k = 0; k < 3; k++) {
            uint32_t r = st_find(&raw, specials[k], strlen(specials[k]), 0);
            if (r == US_NONE || raw.count[r] < MIN_COUNT)
                keep[nk++] = (char *)specials[k];
        }
        qsort(keep, nk, sizeof *keep, cmp_str);
        for (uint32_t i = 0; i < nk; i++) {
            if (i && !strcmp(keep[i], keep[i - 1]))
                continue;
            uint32_t id = st_find(&voc, keep[i], strlen(keep[i]), 1);
            uint32_t r = st_find(&raw, keep[i], strlen(keep[i]), 0);
            voc.count[id] = r == US_NONE ? 0 : raw.count[r];
        }
        free(keep);
    }
    uint32_t id_unk = st_find(&voc, "<unk>", 5, 0);
    uint32_t id_num = st_find(&voc, "<num>", 5, 0);
    uint32_t id_bos = st_find(&voc, "<s>", 3, 0);
    uint32_t nvoc_corpus = voc.n;
    /* Each model word's vocabulary id, and each word's frequency on the
     * model's scale (ln P; training counts where the model lacks it). */
    uint32_t *lm_word_of = xmalloc(((size_t)lm.nw + 1) * sizeof *lm_word_of);
    uint32_t *voc_lm = xmalloc((size_t)voc.n * sizeof *voc_lm);
    for (uint32_t id = 0; id < voc.n; id++)
        voc_lm[id] = US_NONE;
    for (uint32_t i = 0; i < lm.nw; i++) {
        lm_word_of[i] = st_find(&voc, lm.word[i], strlen(lm.word[i]), 0);
        if (lm_word_of[i] == US_NONE)
            die("language model word lost: %s", lm.word[i]);
        voc_lm[lm_word_of[i]] = i;
    }
    double *freq = xmalloc((size_t)voc.n * sizeof *freq);
    {
        uint64_t ctotal = 0;
        for (uint32_t id = 0; id < voc.n; id++)
            ctotal += voc.count[id];
        for (uint32_t id = 0; id < voc.n; id++)
            freq[id] = voc_lm[id] != US_NONE
                           ? lm.uprob[voc_lm[id]]
                           : log((voc.count[id] + 0.5) / (ctotal + 1.0));
    }
#define PRESENT(id) (voc.count[id] >= MIN_COUNT || voc_lm[id] != US_NONE)
    /* ... and the thesaurus forms, which get candidates too (a spinner may
     * have put them in) but are never a candidate the model cannot weigh */
    unsigned char *is_thform = xcalloc(voc.n, 1);
    for (uint32_t i = 0; i < nthforms; i++) {
        uint32_t id = st_find(&voc, thforms[i], strlen(thforms[i]), 0);
        if (id != US_NONE)
            is_thform[id] = 1;
    }
    free(thforms);
    free(kforms);
    uint32_t *raw2voc = xmalloc((size_t)raw.n * sizeof *raw2voc);
    for (uint32_t i = 0; i < raw.n; i++) {
        uint32_t v = st_find(&voc, raw.str[i], raw.len[i], 0);
        raw2voc[i] = v == US_NONE ? id_unk : v;
        if (v == US_NONE)
            voc.count[id_unk] += raw.count[i];
    }
    uint64_t total = 0;
    for (uint64_t i = 0; i < nseq; i++)
        if (seq[i] != US_NONE) {
            seq[i] = raw2voc[seq[i]];
            total++;
        }

    fprintf(stderr, "unspun-compile: %u words kept\n", voc.n);

    /* ---- 4. Hunspell, stems, flags ---- */
    char aff[4096], dic[4096];
    snprintf(aff, sizeof aff, "%s/en_US.aff", o.dict_dir);
    snprintf(dic, sizeof dic, "%s/en_US.dic", o.dict_dir);
    FILE *probe = fopen(dic, "rb");
    if (!probe)
        die("cannot open %s (install Debian package hunspell-en-us)", dic);
    fclose(probe);
    Hunhandle *hus = Hunspell_create(aff, dic);
    snprintf(aff, sizeof aff, "%s/en_GB.aff", o.dict_dir);
    snprintf(dic, sizeof dic, "%s/en_GB.dic", o.dict_dir);
    probe = fopen(dic, "rb");
    if (!probe)
        die("cannot open %s (install Debian package hunspell-en-gb)", dic);
    fclose(probe);
    Hunhandle *hgb = Hunspell_create(aff, dic);
    struct sb_stemmer *stemmer = sb_stemmer_new("english", NULL);
    if (!hus || !hgb || !stemmer)
        die("cannot initialise Hunspell or libstemmer");

    /* function words */
    size_t flen;
    char *funcs = read_file(o.funcs, &flen);
    VHASH(funcs, flen);
    strtab fw = {0};
    for (char *line = strtok(funcs, "\n"); line; line = strtok(NULL, "\n")) {
        if (line[0] == '#' || !line[0])
            continue;
        char *w = lower_trim(line, strcspn(line, "\t"));
        if (*w) {
            /* the word's classes: "det", "prep,conj", ... (count) */
            uint32_t id = st_find(&fw, w, strlen(w), 1);
            const char *cls = strchr(line, '\t');
            size_t cl = cls ? strcspn(cls + 1, "\t") : 0;
            static const struct {
                const char *name;
                unsigned flag;
            } classes[] = {{"det", US_WF_DET},   {"prep", US_WF_PREP},
                           {"aux", US_WF_AUX},   {"modal", US_WF_MODAL},
                           {"pron", US_WF_PRON}, {"conj", US_WF_CONJ}};
            for (size_t c = 0; cls && c < sizeof classes / sizeof *classes;
                 c++) {
                size_t nl = strlen(classes[c].name);
                for (const char *q = cls + 1; q + nl <= cls + 1 + cl; q++)
                    if (!memcmp(q, classes[c].name, nl) &&
                        (q == cls + 1 || q[-1] == ',') &&
                        (q + nl == cls + 1 + cl || q[nl] == ','))
                        fw.count[id] |= classes[c].flag;
            }
        }
        free(w);
    }

    /* ---- 5. thesaurus: h -> synonyms; we need w -> {h : w in syn(h)} ---- */
    size_t tlen;
    char *th = read_file(o.thesaurus, &tlen);
    VHASH(th, tlen);
    /* Map each vocabulary word (as a lemma) to the headwords it can stand
     * for. Lemma-level lists first; inflected forms are derived after. */
    cand_list *lemma_of = xcalloc(voc.n + 1, sizeof *lemma_of);
    typedef struct phrase_tmp {
        char *text;
        uint32_t head;
        float pick; /* the spinner's chance of this pick */
    } phrase_tmp;
    phrase_tmp *phr = NULL;
    uint32_t nphr = 0, capphr = 0;
    {
        char *p = th, *endp = th + tlen;
        /* first line is the encoding */
        char *nl = memchr(p, '\n', (size_t)(endp - p));
        p = nl ? nl + 1 : endp;
        while (p < endp) {
            nl = memchr(p, '\n', (size_t)(endp - p));
            char *le = nl ? nl : endp;
            char *bar = memchr(p, '|', (size_t)(le - p));
            if (!bar) {
                p = le + 1;
                continue;
            }
            char *head = lower_trim(p, (size_t)(bar - p));
            long nsense = strtol(bar + 1, NULL, 10);
            p = le + 1;
            uint32_t hid = strchr(head, ' ')
                               ? US_NONE
                               : st_find(&voc, head, strlen(head), 0);
            for (long s = 0; s < nsense && p < endp; s++) {
                nl = memchr(p, '\n', (size_t)(endp - p));
                le = nl ? nl : endp;
                /* A spinner holding the headword picks a sense, then one
                 * of its words by relation_weight: each word of this
                 * sense has the chance weight / (senses * the sense's
                 * weight), summed over the senses it is in. */
                double nch = sense_choices(p, le);
                /* fields: (pos)|syn|syn (generic term)|... */
                char *f = memchr(p, '|', (size_t)(le - p));
                while (f && f < le && hid != US_NONE) {
                    char *fs = f + 1;
                    char *fe = memchr(fs, '|', (size_t)(le - fs));
                    if (!fe)
                        fe = le;
                    size_t n = (size_t)(fe - fs);
                    char *paren = memchr(fs, '(', n);
                    int antonym = paren && n - (size_t)(paren - fs) >= 8 &&
                                  !memcmp(paren, "(antonym", 8);
                    float pick = nch > 0 ? (float)(relation_weight(fs, fe) /
                                                   ((double)nsense * nch))
                                         : 0;
                    if (paren)
                        n = (size_t)(paren - fs);
                    char *syn = lower_trim(fs, n);
                    if (!antonym && *syn && !strchr(syn, ' ') &&
                        strcmp(syn, head)) {
                        uint32_t sid = st_find(&voc, syn, strlen(syn), 0);
                        if (sid != US_NONE && sid < nvoc_corpus)
                            cl_addq(&lemma_of[sid], hid, pick, 1);
                    } else if (!antonym && strchr(syn, ' ') &&
                               (voc.count[hid] >= PHRASE_MIN_HEAD ||
                                voc_lm[hid] != US_NONE)) {
                        /* A phrase a spinner may put for the headword:
                         * "calendar month" for "month". */
                        if (nphr == capphr) {
                            capphr = capphr ? capphr * 2 : 1024;
                            phr = xrealloc(phr, capphr * sizeof *phr);
                        }
                        phr[nphr].text = syn;
                        phr[nphr].head = hid;
                        phr[nphr].pick = pick;
                        nphr++;
                        syn = NULL;
                    }
                    free(syn);
                    f = fe < le ? fe : NULL;
                }
                p = le + 1;
            }
            free(head);
        }
    }
    free(th);

    /* Per word: flags, stem, and candidates in the word's own form. */
    us_word_rec *wr = xcalloc(voc.n, sizeof *wr);
    cand_list *cands = xcalloc(voc.n, sizeof *cands);
    strtab stems = {0};
    uint32_t *word_stem = xmalloc((size_t)voc.n * sizeof *word_stem);
    for (uint32_t id = 0; id < voc.n; id++) {
        const char *w = voc.str[id];
        unsigned flags = 0;
        int alpha = is_alpha_word(w);
        if (alpha)
            flags |= US_WF_ALPHA;
        else if (w[0] < '0' || (w[0] > '9' && w[0] < 'A') || w[0] == '<' ||
                 !((unsigned char)w[0] >= 0x80 || (w[0] >= 'a' && w[0] <= 'z')))
            flags |= US_WF_SYMBOL;
        uint32_t fwid = st_find(&fw, w, voc.len[id], 0);
        if (fwid != US_NONE)
            flags |= US_WF_FUNC | (unsigned)fw.count[fwid];
        if (alpha) {
            if (Hunspell_spell(hus, w) || Hunspell_spell(hgb, w)) {
                flags |= US_WF_KNOWN;
            } else {
                char cap[256];
                size_t n = voc.len[id];
                if (n < sizeof cap) {
                    memcpy(cap, w, n + 1);
                    if (cap[0] >= 'a' && cap[0] <= 'z')
                        cap[0] = (char)(cap[0] - 32);
                    if (Hunspell_spell(hus, cap) || Hunspell_spell(hgb, cap))
                        flags |= US_WF_KNOWN | US_WF_PROPER;
                }
            }
        }
        wr[id].flags = (uint16_t)flags;
        const sb_symbol *st =
            sb_stemmer_stem(stemmer, (const sb_symbol *)w, (int)voc.len[id]);
        int sl = sb_stemmer_length(stemmer);
        word_stem[id] =
            st ? st_find(&stems, (const char *)st, (size_t)sl, 1) : US_NONE;
    }
    /* Candidates: for each lemma of w (w itself and Hunspell's stems),
     * each headword h it can stand for, in w's inflection. */
    for (uint32_t id = 0; id < nvoc_corpus; id++) {
        if (!(wr[id].flags & US_WF_ALPHA) || !(PRESENT(id) || is_thform[id]))
            continue;
        const char *w = voc.str[id];
        char **lem = NULL;
        int nl = Hunspell_stem(hus, &lem, w);
        for (int k = -1; k < nl; k++) {
            const char *l = k < 0 ? w : lem[k];
            uint32_t lid = st_find(&voc, l, strlen(l), 0);
            if (lid == US_NONE || !lemma_of[lid].n)
                continue;
            for (uint32_t j = 0; j < lemma_of[lid].n; j++) {
                uint32_t h = lemma_of[lid].v[j];
                if (k < 0 || !strcmp(l, w)) {
                    if (h != id && word_stem[h] != word_stem[id])
                        cl_addq(&cands[id], h, lemma_of[lid].q[j], 0);
                    continue;
                }
                /* Re-inflect h like w ("wear" like "carrying"): by
                 * Hunspell where the dictionary can, else by the regular
                 * English rules; only forms the training text or the
                 * model has count. */
                char **gen = NULL;
                int ng = Hunspell_generate(hus, &gen, voc.str[h], w);
                char forms[4][256];
                int nf = ng > 0 ? 0 : inflect_like(l, w, voc.str[h], forms);
                for (int g = 0; g < ng + nf; g++) {
                    const char *f = g < ng ? gen[g] : forms[g - ng];
                    uint32_t gid = st_find(&voc, f, strlen(f), 0);
                    if (gid != US_NONE && gid != id && PRESENT(gid) &&
                        word_stem[gid] != word_stem[id]) {
                        cl_addq(&cands[id], gid, lemma_of[lid].q[j], 0);
                        break;
                    }
                }
                Hunspell_free_list(hus, &gen, ng);
            }
        }
        Hunspell_free_list(hus, &lem, nl);
    }
    g_freq = freq;
    uint32_t ncands = 0;
    for (uint32_t id = 0; id < voc.n; id++) {
        cand_list *l = &cands[id];
        /* Keep candidates seen in the training text or by the model, a
         * spinner would pick the word from with some chance, likeliest
         * pick first (then commonest). */
        cand_pick *cp = xmalloc((l->n ? l->n : 1) * sizeof *cp);
        uint32_t m = 0;
        for (uint32_t j = 0; j < l->n; j++)
            if (PRESENT(l->v[j]) && l->q[j] > 0 &&
                -log(l->q[j]) <= MAX_PICK_COST) {
                cp[m].v = l->v[j];
                cp[m].q = l->q[j];
                m++;
            }
        if (m > 1)
            qsort(cp, m, sizeof *cp, cmp_pick);
        if (m > MAX_CANDS)
            m = MAX_CANDS;
        for (uint32_t j = 0; j < m; j++) {
            l->v[j] = cp[j].v;
            l->q[j] = cp[j].q;
        }
        l->n = m;
        free(cp);
        wr[id].cand = ncands;
        wr[id].ncand = (uint16_t)l->n;
        ncands += l->n;
    }

    /* ---- 6. fingerprints: stem sequences ---- */
    size_t fplen;
    char *fptext = read_file(o.fps, &fplen);
    VHASH(fptext, fplen);
    fp_tmp *fps = NULL;
    uint32_t nfps = 0, capfps = 0, nfpseq = 0;
    {
        us_tokens ft;
        us_tokens_init(&ft, &us_default_allocator);
        char *save = NULL;
        for (char *line = strtok_r(fptext, "\n", &save); line;
             line = strtok_r(NULL, "\n", &save)) {
            if (line[0] == '#' || !line[0])
                continue;
            char *tab = strchr(line, '\t');
            if (!tab)
                continue;
            *tab = '\0';
            char *correct = tab + 1;
            char *t2 = strchr(correct, '\t');
            if (t2)
                *t2 = '\0';
            unspun_error e;
            if (us_tokenize(&ft, line, strlen(line), &e) || ft.n < 2)
                continue;
            uint32_t *sq = xmalloc(ft.n * sizeof *sq);
            uint32_t n = 0;
            for (size_t i = 0; i < ft.n; i++) {
                const char *w = us_tok_norm(&ft, &ft.tok[i]);
                const sb_symbol *s = sb_stemmer_stem(
                    stemmer, (const sb_symbol *)w, (int)ft.tok[i].norm_len);
                sq[n++] = st_find(&stems, (const char *)s,
                                  (size_t)sb_stemmer_length(stemmer), 1);
            }
            if (nfps == capfps) {
                capfps = capfps ? capfps * 2 : 256;
                fps = xrealloc(fps, capfps * sizeof *fps);
            }
            fps[nfps].seq = sq;
            fps[nfps].len = n;
            fps[nfps].correct = lower_trim(correct, strlen(correct));
            fps[nfps].count = 0;
            fps[nfps].head = US_NONE;
            fps[nfps].kind = US_FP_TORTURED;
            fps[nfps].pick = 1;
            nfps++;
            nfpseq += n;
        }
        /* Thesaurus phrases, after the tortured phrases so that an equal
         * sequence keeps its curated correction. */
        for (uint32_t p = 0; p < nphr; p++) {
            unspun_error e;
            const char *line = phr[p].text;
            if (us_tokenize(&ft, line, strlen(line), &e) || ft.n < 2)
                continue;
            uint32_t *sq = xmalloc(ft.n * sizeof *sq);
            for (size_t i = 0; i < ft.n; i++) {
                const char *w = us_tok_norm(&ft, &ft.tok[i]);
                const sb_symbol *st = sb_stemmer_stem(
                    stemmer, (const sb_symbol *)w, (int)ft.tok[i].norm_len);
                sq[i] = st_find(&stems, (const char *)st,
                                (size_t)sb_stemmer_length(stemmer), 1);
            }
            if (nfps == capfps) {
                capfps = capfps ? capfps * 2 : 256;
                fps = xrealloc(fps, capfps * sizeof *fps);
            }
            fps[nfps].seq = sq;
            fps[nfps].len = (uint32_t)ft.n;
            fps[nfps].correct =
                lower_trim(voc.str[phr[p].head], voc.len[phr[p].head]);
            fps[nfps].count = 0;
            fps[nfps].head = phr[p].head;
            fps[nfps].kind = US_FP_PHRASE;
            fps[nfps].pick = phr[p].pick;
            nfps++;
            nfpseq += (uint32_t)ft.n;
        }
        us_tokens_free(&ft);
        for (uint32_t p = 0; p < nphr; p++)
            free(phr[p].text);
        free(phr);
    }
    free(fptext);

    /* Sort stems by string for deterministic ids; remap. */
    uint32_t *stem_order = xmalloc((size_t)stems.n * sizeof *stem_order);
    uint32_t *stem_new = xmalloc((size_t)stems.n * sizeof *stem_new);
    {
        char **ss = xmalloc((size_t)stems.n * sizeof *ss);
        for (uint32_t i = 0; i < stems.n; i++)
            ss[i] = stems.str[i];
        qsort(ss, stems.n, sizeof *ss, cmp_str);
        for (uint32_t i = 0; i < stems.n; i++) {
            uint32_t old = st_find(&stems, ss[i], strlen(ss[i]), 0);
            stem_order[i] = old;
            stem_new[old] = i;
        }
        free(ss);
    }
    for (uint32_t id = 0; id < voc.n; id++)
        wr[id].stem =
            word_stem[id] == US_NONE ? US_NONE : stem_new[word_stem[id]];
    for (uint32_t f = 0; f < nfps; f++)
        for (uint32_t k = 0; k < fps[f].len; k++)
            fps[f].seq[k] = stem_new[fps[f].seq[k]];
    /* Sort fingerprints by (first stem, sequence, correction). */
    g_counts = voc.count;
    qsort(fps, nfps, sizeof *fps, cmp_fp);
    {
        uint32_t m = 0;
        nfpseq = 0;
        for (uint32_t i = 0; i < nfps; i++) {
            /* Keep a tortured phrase alone, and up to PHRASE_MAX_HEADS
             * headwords of a thesaurus phrase (most common first): the
             * detector weighs each in place ("state of affairs" may stand
             * for "situation" or "thing"). */
            uint32_t same = 0;
            while (same < m && same_seq(&fps[m - 1 - same], &fps[i]))
                same++;
            int drop = same && (fps[m - 1].kind == US_FP_TORTURED ||
                                fps[i].kind == US_FP_TORTURED ||
                                same >= PHRASE_MAX_HEADS ||
                                fps[m - 1].head == fps[i].head);
            if (drop) {
                free(fps[i].seq);
                free(fps[i].correct);
                continue;
            }
            fps[m++] = fps[i];
            nfpseq += fps[i].len;
        }
        nfps = m;
    }
    /* Count each fingerprint in the training text (by stems): a tortured
     * phrase that ordinary text uses often is weak evidence. */
    {
        uint32_t *sst = xmalloc((size_t)voc.n * sizeof *sst);
        for (uint32_t id = 0; id < voc.n; id++)
            sst[id] = wr[id].stem;
        uint32_t *first = xmalloc((size_t)stems.n * sizeof *first);
        uint32_t *nfirst = xcalloc(stems.n, sizeof *nfirst);
        for (uint32_t f = nfps; f-- > 0;) {
            first[fps[f].seq[0]] = f;
            nfirst[fps[f].seq[0]]++;
        }
        for (uint64_t i = 0; i < nseq; i++) {
            if (seq[i] == US_NONE)
                continue;
            uint32_t s0 = sst[seq[i]];
            if (s0 == US_NONE || !nfirst[s0])
                continue;
            for (uint32_t f = first[s0]; f < first[s0] + nfirst[s0]; f++) {
                uint32_t k = 1;
                while (k < fps[f].len && i + k < nseq &&
                       seq[i + k] != US_NONE &&
                       sst[seq[i + k]] == fps[f].seq[k])
                    k++;
                if (k == fps[f].len)
                    fps[f].count++;
            }
        }
        free(sst);
        free(first);
        free(nfirst);
    }

    /* ---- 7. topical associations (same-line co-occurrence, PPMI) ---- */
    uint32_t *df = xcalloc(voc.n, sizeof *df);
    uint64_t nlines = 0;
    pairtab co;
    pt_init(&co, 1 << 22);
    {
        uint32_t line[ASSOC_LINE_MAX];
        uint32_t nl = 0;
        for (uint64_t i = 0; i <= nseq; i++) {
            if (i == nseq || seq[i] == US_NONE) {
                if (nl) {
                    qsort(line, nl, sizeof *line, cmp_u32);
                    uint32_t m = 0;
                    for (uint32_t k = 0; k < nl; k++)
                        if (!k || line[k] != line[k - 1])
                            line[m++] = line[k];
                    for (uint32_t a = 0; a < m; a++) {
                        df[line[a]]++;
                        for (uint32_t b = a + 1; b < m; b++)
                            pt_add(&co, line[a], line[b], 1);
                    }
                    nlines++;
                }
                nl = 0;
                continue;
            }
            uint32_t v = seq[i];
            if (nl < ASSOC_LINE_MAX && (wr[v].flags & US_WF_ALPHA) &&
                !(wr[v].flags & US_WF_FUNC) && voc.count[v] >= ASSOC_MIN_DF)
                line[nl++] = v;
        }
    }
    fprintf(stderr, "unspun-compile: %llu lines, %llu co-occurring pairs\n",
            (unsigned long long)nlines, (unsigned long long)co.n);
    /* Collect per word the strongest associations. Only words that take
     * part in the thesaurus (as substitute or candidate) need them. */
    unsigned char *need = xcalloc(voc.n, 1);
    for (uint32_t id = 0; id < voc.n; id++)
        if (cands[id].n) {
            need[id] = 1;
            for (uint32_t j = 0; j < cands[id].n; j++)
                need[cands[id].v[j]] = 1;
        }
    assoc_tmp **al = xcalloc(voc.n, sizeof *al);
    uint32_t *aln = xcalloc(voc.n, sizeof *aln);
    uint32_t *alc = xcalloc(voc.n, sizeof *alc);
    for (uint64_t s = 0; s < co.nslot; s++) {
        if (co.a[s] == US_NONE || co.c[s] < 2)
            continue;
        uint32_t a = co.a[s], b = co.b[s];
        double pmi = log((double)co.c[s] * (double)nlines /
                         ((double)df[a] * (double)df[b]));
        if (pmi <= 0.5)
            continue;
        /* Discount pairs seen rarely. */
        float w = (float)(pmi * (1.0 - 1.0 / sqrt((double)co.c[s])));
        uint32_t ab[2][2] = {{a, b}, {b, a}};
        for (int k = 0; k < 2; k++) {
            uint32_t x = ab[k][0], y = ab[k][1];
            if (!need[x])
                continue;
            if (aln[x] == alc[x]) {
                alc[x] = alc[x] ? alc[x] * 2 : 8;
                al[x] = xrealloc(al[x], alc[x] * sizeof **al);
            }
            al[x][aln[x]].word = y;
            al[x][aln[x]].w = w;
            aln[x]++;
        }
    }
    uint32_t nassoc = 0;
    for (uint32_t id = 0; id < voc.n; id++) {
        if (!aln[id])
            continue;
        qsort(al[id], aln[id], sizeof **al, cmp_assoc_w);
        if (aln[id] > ASSOC_MAX)
            aln[id] = ASSOC_MAX;
        qsort(al[id], aln[id], sizeof **al, cmp_assoc_id);
        wr[id].assoc = nassoc;
        wr[id].nassoc = aln[id];
        nassoc += aln[id];
    }
    free(co.a);
    free(co.b);
    free(co.c);

    /* ---- 8. lay out the file ---- */
    us_buf strings;
    us_buf_init(&strings, &us_default_allocator);
    us_buf_put(&strings, "", 1); /* offset 0: the empty string */
    for (uint32_t id = 0; id < voc.n; id++) {
        wr[id].str = (uint32_t)strings.len;
        wr[id].count =
            (uint32_t)(voc.count[id] > UINT32_MAX ? UINT32_MAX : voc.count[id]);
        wr[id].lm = voc_lm[id];
        us_buf_put(&strings, voc.str[id], voc.len[id] + 1);
    }
    us_stem_rec *sr = xcalloc(stems.n, sizeof *sr);
    for (uint32_t i = 0; i < stems.n; i++) {
        uint32_t old = stem_order[i];
        sr[i].str = (uint32_t)strings.len;
        sr[i].fp = US_NONE;
        us_buf_put(&strings, stems.str[old], stems.len[old] + 1);
    }
    us_fp_rec *fr = xcalloc(nfps, sizeof *fr);
    uint32_t *fpseq = xmalloc(((size_t)nfpseq + 1) * sizeof *fpseq);
    uint32_t fq = 0;
    for (uint32_t f = 0; f < nfps; f++) {
        fr[f].seq = fq;
        fr[f].len = fps[f].len;
        fr[f].count = fps[f].count;
        {
            double c = fps[f].pick > 0 ? -log(fps[f].pick) * US_PICK_UNIT : 255;
            fr[f].cost = (uint32_t)(c > 255 ? 255 : c + 0.5);
        }
        fr[f].head = fps[f].head;
        fr[f].kind = fps[f].kind;
        fr[f].correct = (uint32_t)strings.len;
        us_buf_put(&strings, fps[f].correct, strlen(fps[f].correct) + 1);
        memcpy(fpseq + fq, fps[f].seq, fps[f].len * sizeof *fpseq);
        fq += fps[f].len;
        us_stem_rec *s0 = &sr[fps[f].seq[0]];
        if (s0->fp == US_NONE)
            s0->fp = f;
        s0->nfp++;
    }
    /* Every form Hunspell accepts, as a hash set of string offsets: the
     * detector asks it instead of loading Hunspell (0.1-0.2 s a process). */
    size_t klen;
    char *ktext = read_file(o.known, &klen);
    VHASH(ktext, klen);
    uint32_t nknown = 0;
    for (size_t i = 0; i < klen; i++)
        nknown += ktext[i] == '\n';
    uint32_t nks = 1;
    while (nks < nknown * 2u + 2)
        nks <<= 1;
    uint32_t *kslots = xcalloc(nks, sizeof *kslots);
    us_buf kstr; /* offset 0 is "no form": the slot is empty */
    us_buf_init(&kstr, &us_default_allocator);
    us_buf_putc(&kstr, '\0');
    {
        char *save = NULL;
        for (char *line = strtok_r(ktext, "\n", &save); line;
             line = strtok_r(NULL, "\n", &save)) {
            size_t n = strcspn(line, "\r");
            if (!n || n > 200)
                continue;
            uint32_t h = (uint32_t)us_hash_str(line, n) & (nks - 1);
            int dup = 0;
            while (kslots[h] && !dup) {
                const char *o2 = kstr.data + kslots[h];
                dup = strlen(o2) == n && !memcmp(o2, line, n);
                if (!dup)
                    h = (h + 1) & (nks - 1);
            }
            if (dup)
                continue;
            kslots[h] = (uint32_t)kstr.len;
            us_buf_put(&kstr, line, n);
            us_buf_putc(&kstr, '\0');
        }
    }
    free(ktext);
    if (kstr.failed || kstr.len > UINT32_MAX - 8)
        die("known-form table too large");
    while (kstr.len % 8)
        us_buf_putc(&kstr, '\0');
    if (strings.failed || strings.len > UINT32_MAX)
        die("string table too large");
    unsigned char *kdict = known_dicts(hus, hgb, kslots, nks, kstr.data);
    ref_tables rt = {0};
    ref_thesaurus(o.thesaurus, stemmer, &rt);
    ref_exceptions(o.wordnet ? o.wordnet : "/usr/share/wordnet", stemmer, &rt);
    vh = vh * 31 + rt.hash;
    while (strings.len % 8)
        us_buf_putc(&strings, '\0');

    uint32_t nws = 1;
    while (nws < voc.n * 2u)
        nws <<= 1;
    uint32_t *wslots = xcalloc(nws, sizeof *wslots);
    for (uint32_t id = 0; id < voc.n; id++) {
        uint32_t h =
            (uint32_t)us_hash_str(voc.str[id], voc.len[id]) & (nws - 1);
        while (wslots[h])
            h = (h + 1) & (nws - 1);
        wslots[h] = id + 1;
    }
    uint32_t nss = 1;
    while (nss < stems.n * 2u)
        nss <<= 1;
    uint32_t *sslots = xcalloc(nss, sizeof *sslots);
    for (uint32_t i = 0; i < stems.n; i++) {
        uint32_t old = stem_order[i];
        uint32_t h =
            (uint32_t)us_hash_str(stems.str[old], stems.len[old]) & (nss - 1);
        while (sslots[h])
            h = (h + 1) & (nss - 1);
        sslots[h] = i + 1;
    }
    uint32_t *cv = xmalloc(((size_t)ncands + 1) * sizeof *cv);
    uint8_t *ccost = xmalloc((size_t)ncands + 1);
    for (uint32_t id = 0, k = 0; id < voc.n; id++)
        for (uint32_t j = 0; j < wr[id].ncand; j++, k++) {
            cv[k] = cands[id].v[j];
            double c = -log(cands[id].q[j]) * US_PICK_UNIT;
            ccost[k] = (uint8_t)(c > 255 ? 255 : c + 0.5);
        }
    us_assoc_rec *ar = xmalloc(((size_t)nassoc + 1) * sizeof *ar);
    for (uint32_t id = 0, k = 0; id < voc.n; id++)
        for (uint32_t j = 0; j < wr[id].nassoc; j++, k++) {
            ar[k].word = al[id][j].word;
            ar[k].weight = al[id][j].w;
        }

    us_data_header hd;
    memset(&hd, 0, sizeof hd);
    memcpy(hd.magic, US_DATA_MAGIC, 8);
    hd.format = US_DATA_FORMAT;
    hd.endian = 0x01020304;
    if (o.stamp)
        VHASH(o.stamp, strlen(o.stamp));
    if (o.stamp_file) {
        size_t sl;
        char *st = read_file(o.stamp_file, &sl);
        VHASH(st, sl);
        free(st);
    }
    snprintf(hd.version, sizeof hd.version, "%016llx", (unsigned long long)vh);
    hd.total = total;
    hd.n_words = voc.n;
    hd.n_word_slots = nws;
    hd.n_stems = stems.n;
    hd.n_stem_slots = nss;
    hd.n_cands = ncands;
    hd.n_fps = nfps;
    hd.n_fp_seq = nfpseq;
    hd.n_assoc = nassoc;
    hd.n_known_slots = nks;
    hd.n_thes_slots = rt.nthes;
    hd.n_exc = rt.nexc;
    hd.id_bos = id_bos;
    hd.id_num = id_num;
    hd.id_unk = id_unk;
    hd.strings_size = strings.len;
    lm_packed lmp;
    lm_pack(&lm, lm_word_of, &lmp);
    hd.n_lm = lm.nw;
    hd.n_lm_bi = (uint32_t)lm.nbi;
    hd.n_lm_tri = (uint32_t)lm.ntri;
    hd.lm_bos = hd.lm_eos = US_NONE;
    for (uint32_t i = 0; i < lm.nw; i++) {
        if (!strcmp(lm.word[i], "<s>"))
            hd.lm_bos = i;
        else if (!strcmp(lm.word[i], "</s>"))
            hd.lm_eos = i;
    }
    /* The section table: extents in file order, each with its checksum,
     * then the header's own. */
    const void *sec_ptr[US_NSEC] = {[US_SEC_STRINGS] = strings.data,
                                    [US_SEC_WORDS] = wr,
                                    [US_SEC_WORD_SLOTS] = wslots,
                                    [US_SEC_STEMS] = sr,
                                    [US_SEC_STEM_SLOTS] = sslots,
                                    [US_SEC_CANDS] = cv,
                                    [US_SEC_FPS] = fr,
                                    [US_SEC_FP_SEQ] = fpseq,
                                    [US_SEC_ASSOC] = ar,
                                    [US_SEC_KNOWN] = kslots,
                                    [US_SEC_LM_UNI] = lmp.uni,
                                    [US_SEC_LM_BI] = lmp.bi,
                                    [US_SEC_LM_BI_NEXT] = lmp.bi_next,
                                    [US_SEC_LM_TRI] = lmp.tri,
                                    [US_SEC_LM_QUANT] = &lmp.quant,
                                    [US_SEC_CAND_COST] = ccost,
                                    [US_SEC_KNOWN_DICT] = kdict,
                                    [US_SEC_THES_PAIRS] = rt.thes,
                                    [US_SEC_THES_PHRASES] = rt.phrase_bits,
                                    [US_SEC_LEMMA_EXC] = rt.exc,
                                    [US_SEC_KNOWN_STR] = kstr.data};
    uint64_t sec_size[US_NSEC] = {
        [US_SEC_STRINGS] = strings.len,
        [US_SEC_WORDS] = (uint64_t)voc.n * sizeof *wr,
        [US_SEC_WORD_SLOTS] = (uint64_t)nws * 4,
        [US_SEC_STEMS] = (uint64_t)stems.n * sizeof *sr,
        [US_SEC_STEM_SLOTS] = (uint64_t)nss * 4,
        [US_SEC_CANDS] = (uint64_t)ncands * 4,
        [US_SEC_FPS] = (uint64_t)nfps * sizeof *fr,
        [US_SEC_FP_SEQ] = (uint64_t)nfpseq * 4,
        [US_SEC_ASSOC] = (uint64_t)nassoc * sizeof *ar,
        [US_SEC_KNOWN] = (uint64_t)nks * 4,
        [US_SEC_LM_UNI] = ((uint64_t)lm.nw + 1) * sizeof *lmp.uni,
        [US_SEC_LM_BI] = lm.nbi * 4,
        [US_SEC_LM_BI_NEXT] = (lm.nbi + 1) * US_LM_NEXT_BYTES,
        [US_SEC_LM_TRI] = lm.ntri * 4,
        [US_SEC_LM_QUANT] = sizeof lmp.quant,
        [US_SEC_CAND_COST] = ncands,
        [US_SEC_KNOWN_DICT] = nks,
        [US_SEC_THES_PAIRS] = (uint64_t)rt.nthes * 4,
        [US_SEC_THES_PHRASES] = US_PHRASE_BITS / 8,
        [US_SEC_LEMMA_EXC] = (uint64_t)rt.nexc * sizeof *rt.exc,
        [US_SEC_KNOWN_STR] = kstr.len};
    hd.known_str_size = (uint32_t)kstr.len;
    sec_ptr[US_SEC_BLOCKS] = block_hashes(sec_ptr, sec_size, &hd.n_blocks);
    sec_size[US_SEC_BLOCKS] = (uint64_t)hd.n_blocks * 8;
    uint64_t off = (sizeof hd + 7) / 8 * 8;
    hd.n_sections = US_NSEC;
    for (int k = 0; k < US_NSEC; k++) {
        memcpy(hd.sec[k].name, us_section_names[k], sizeof hd.sec[k].name);
        hd.sec[k].off = off;
        hd.sec[k].size = sec_size[k];
        hd.sec[k].hash = XXH3_64bits(sec_ptr[k], (size_t)sec_size[k]);
        off += (sec_size[k] + 7) / 8 * 8;
    }
    hd.file_size = off;
    hd.header_hash = 0;
    hd.header_hash = XXH3_64bits(&hd, sizeof hd);

    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp", o.out);
    FILE *out = fopen(tmp, "wb");
    if (!out)
        die("cannot write %s: %s", tmp, strerror(errno));
    static const char zeros[8];
#define EMIT(ptr, bytes)                                                       \
    do {                                                                       \
        uint64_t b_ = (uint64_t)(bytes);                                       \
        if (b_ && fwrite((ptr), 1, b_, out) != b_)                             \
            die("write error on %s", tmp);                                     \
        fwrite(zeros, 1, (8 - b_ % 8) % 8, out);                               \
    } while (0)
    EMIT(&hd, sizeof hd);
    for (int k = 0; k < US_NSEC; k++)
        EMIT(sec_ptr[k], sec_size[k]);
    if (fclose(out) != 0)
        die("write error on %s", tmp);
    if (rename(tmp, o.out) != 0)
        die("cannot rename %s to %s: %s", tmp, o.out, strerror(errno));
    fprintf(stderr,
            "unspun-compile: wrote %s: %.1f MB, %u words, %u stems, "
            "%u candidates, %u fingerprints, %u associations, version %s\n",
            o.out, (double)hd.file_size / 1e6, voc.n, stems.n, ncands, nfps,
            nassoc, hd.version);
    /* The process exits: the OS reclaims the build-time tables. */
    Hunspell_destroy(hus);
    Hunspell_destroy(hgb);
    sb_stemmer_delete(stemmer);
    return 0;
}
