/* lm.c - read a backoff trigram model and pack it for the data file.
 *
 * Two inputs:
 *   - CMU Sphinx's binary trie ("Trie Language Model", sphinxbase 5), the
 *     form pocketsphinx-en-us ships en-us.lm.bin in. sphinxbase can read
 *     it but neither exports its n-gram iterators nor writes it back as
 *     ARPA (sphinx_lm_convert stops on an assertion: the trie holds the
 *     "blank" bigrams it adds so that every trigram is reachable, which
 *     the ARPA writer does not expect). The layout is simple, so it is
 *     read here directly: the header, the quantiser's codebooks, the
 *     unigram records, then two bit-packed arrays (bigram and trigram
 *     nodes) and the word strings. Every offset and range is checked
 *     against the file's size.
 *   - ARPA text, for the small hand-made models of tests and fuzz seeds.
 *
 * Both become one in-memory form (lm.h): the trie from the predicted word
 * back through its history, with natural-log probabilities. lm_pack then
 * quantises the probabilities to 8 bits (equal-frequency bins, each coded
 * by its mean) and writes the records of data.h. */
#define _POSIX_C_SOURCE 200809L
#include "lm.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void lm_die(const char *fmt, ...)
    __attribute__((format(printf, 1, 2), noreturn));

static void lm_die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("unspun-compile: language model: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(2);
}

static void *lm_alloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        lm_die("out of memory");
    return p;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        lm_die("cannot open %s: %s (install the Debian package "
               "pocketsphinx-en-us)",
               path, strerror(errno));
    if (fseek(f, 0, SEEK_END) != 0)
        lm_die("cannot seek %s", path);
    long n = ftell(f);
    if (n < 0 || fseek(f, 0, SEEK_SET) != 0)
        lm_die("cannot size %s", path);
    /* 8 spare zero bytes: the bit reader loads 8 bytes at a time. */
    char *buf = lm_alloc((size_t)n + 9, 1);
    if (fread(buf, 1, (size_t)n, f) != (size_t)n)
        lm_die("cannot read %s", path);
    fclose(f);
    *len = (size_t)n;
    return buf;
}

/* ---- Sphinx's binary trie ------------------------------------------------ */

#define SPHINX_MAGIC "Trie Language Model"
/* sphinxbase stores log probabilities in units of log base 1.0001. */
#define SPHINX_LN_UNIT 9.9995000333308e-05 /* ln(1.0001) */
#define SPHINX_QBITS 16                    /* its quantiser's code width */
#define LN10 2.302585092994045684

/* Bits needed for the values 0..max, as the trie sizes its fields. */
static unsigned bits_for(uint64_t max)
{
    unsigned r = 0;
    if (!max)
        return 0;
    while (max >>= 1)
        r++;
    return r + 1;
}

/* `bits` (<= 32) bits at bit offset `off` of p, least significant first;
 * the caller has checked that p + off / 8 + 8 lies in the buffer. */
static uint32_t bits_at(const unsigned char *p, uint64_t off, unsigned bits)
{
    uint64_t v;
    memcpy(&v, p + off / 8, sizeof v);
    v >>= off % 8;
    return (uint32_t)(v & ((1ull << bits) - 1));
}

typedef struct sphinx_unigram {
    float prob, bo; /* in units of log 1.0001 */
    uint32_t next;  /* first bigram node */
} sphinx_unigram;

/* Each bigram's trigrams must be sorted by h2 for the detector's binary
 * search. In en-us.lm.bin two of the two million ranges are not (Sphinx's
 * own search misses their trigrams): sort them. */
static void sort_trigram_ranges(lm_model *m)
{
    unsigned fixed = 0;
    for (uint64_t j = 0; j < m->nbi; j++) {
        uint64_t a = m->bi_tri[j], b = m->bi_tri[j + 1];
        int sorted = 1;
        for (uint64_t k = a + 1; k < b && sorted; k++)
            sorted = m->tri_h2[k] > m->tri_h2[k - 1];
        if (sorted)
            continue;
        for (uint64_t k = a + 1; k < b; k++) /* insertion sort: short */
            for (uint64_t i = k; i > a && m->tri_h2[i] < m->tri_h2[i - 1];
                 i--) {
                uint32_t th = m->tri_h2[i];
                float tp = m->tri_p[i];
                m->tri_h2[i] = m->tri_h2[i - 1];
                m->tri_p[i] = m->tri_p[i - 1];
                m->tri_h2[i - 1] = th;
                m->tri_p[i - 1] = tp;
            }
        for (uint64_t k = a + 1; k < b; k++)
            if (m->tri_h2[k] == m->tri_h2[k - 1])
                lm_die("a trigram twice under bigram node %llu",
                       (unsigned long long)j);
        fixed++;
    }
    if (fixed)
        fprintf(stderr,
                "unspun-compile: language model: sorted the trigrams of %u "
                "bigram nodes\n",
                fixed);
}

static void read_sphinx(const char *buf, size_t len, lm_model *m)
{
    size_t p = strlen(SPHINX_MAGIC);
    if (len < p + 1)
        lm_die("truncated header");
    unsigned order = (unsigned char)buf[p++];
    if (order != 3)
        lm_die("order %u: only trigram models are supported", order);
    uint32_t counts[3];
    if (len < p + sizeof counts + 4)
        lm_die("truncated header");
    memcpy(counts, buf + p, sizeof counts);
    p += sizeof counts + 4; /* and the quantiser's unused int */
    if (!counts[0] || counts[0] >= US_LM_MAXW)
        lm_die("%u words: the data file holds at most %u", counts[0],
               US_LM_MAXW - 1);
    /* Codebooks: bigram probabilities, bigram backoffs, trigram
     * probabilities, 2^16 floats each. */
    size_t qn = (size_t)1 << SPHINX_QBITS;
    if (len - p < 3 * qn * sizeof(float))
        lm_die("truncated codebooks");
    float *q_bp = lm_alloc(qn, sizeof *q_bp), *q_bo = lm_alloc(qn, 4),
          *q_tp = lm_alloc(qn, 4);
    memcpy(q_bp, buf + p, qn * 4);
    memcpy(q_bo, buf + p + qn * 4, qn * 4);
    memcpy(q_tp, buf + p + 2 * qn * 4, qn * 4);
    p += 3 * qn * 4;
    uint32_t nw = counts[0];
    if ((len - p) / sizeof(sphinx_unigram) < (size_t)nw + 1)
        lm_die("truncated unigrams");
    sphinx_unigram *u = lm_alloc((size_t)nw + 1, sizeof *u);
    memcpy(u, buf + p, ((size_t)nw + 1) * sizeof *u);
    p += ((size_t)nw + 1) * sizeof *u;
    /* Node arrays: bigram nodes are (word, backoff code, probability
     * code, first trigram node); trigram nodes (word, probability code). */
    unsigned wbits = bits_for(nw), nbits = bits_for(counts[2]);
    unsigned bi_bits = wbits + 2 * SPHINX_QBITS + nbits;
    unsigned tri_bits = wbits + SPHINX_QBITS;
    uint64_t bi_bytes = ((1 + (uint64_t)counts[1]) * bi_bits + 7) / 8 + 8;
    uint64_t tri_bytes = ((1 + (uint64_t)counts[2]) * tri_bits + 7) / 8 + 8;
    if (len - p < bi_bytes + tri_bytes + 4)
        lm_die("truncated n-gram arrays");
    const unsigned char *bi = (const unsigned char *)buf + p;
    const unsigned char *tri = bi + bi_bytes;
    p += bi_bytes + tri_bytes;
    int32_t slen;
    memcpy(&slen, buf + p, 4);
    p += 4;
    if (slen < 0 || (size_t)slen > len - p)
        lm_die("truncated word strings");
    m->nw = nw;
    m->word = lm_alloc(nw, sizeof *m->word);
    const char *s = buf + p, *send = buf + p + slen;
    for (uint32_t i = 0; i < nw; i++) {
        const char *z = memchr(s, '\0', (size_t)(send - s));
        if (!z)
            lm_die("word strings end early");
        m->word[i] = strdup(s);
        if (!m->word[i])
            lm_die("out of memory");
        s = z + 1;
    }
    /* The bigram nodes the trie really holds (its header may count a few
     * more): the last unigram record marks their end. */
    uint64_t nbi = u[nw].next;
    if (nbi > counts[1])
        lm_die("bigram ranges beyond the array");
    m->uprob = lm_alloc(nw, sizeof(float));
    m->ubo = lm_alloc(nw, sizeof(float));
    m->nbi = nbi;
    m->bi_w = lm_alloc(nbi, 4);
    m->bi_h = lm_alloc(nbi, 4);
    m->bi_p = lm_alloc(nbi, 4);
    m->bi_bo = lm_alloc(nbi, 4);
    m->bi_tri = lm_alloc(nbi + 1, 8);
    uint64_t ntri = 0;
    for (uint32_t w = 0; w < nw; w++) {
        m->uprob[w] = (float)(u[w].prob * SPHINX_LN_UNIT);
        m->ubo[w] = (float)(u[w].bo * SPHINX_LN_UNIT);
        if (u[w].next > u[w + 1].next || u[w + 1].next > nbi)
            lm_die("bad bigram range of word %u", w);
        for (uint32_t j = u[w].next; j < u[w + 1].next; j++) {
            uint64_t off = (uint64_t)j * bi_bits;
            uint32_t h = bits_at(bi, off, wbits);
            uint32_t bo = bits_at(bi, off + wbits, SPHINX_QBITS);
            uint32_t pr = bits_at(bi, off + wbits + SPHINX_QBITS, SPHINX_QBITS);
            uint32_t t0 = bits_at(bi, off + wbits + 2 * SPHINX_QBITS, nbits);
            uint32_t t1 =
                bits_at(bi, off + bi_bits + wbits + 2 * SPHINX_QBITS, nbits);
            if (h >= nw || t0 > t1 || t1 > counts[2] ||
                (j > u[w].next && h <= m->bi_h[j - 1]))
                lm_die("bad bigram node %u", j);
            m->bi_w[j] = w;
            m->bi_h[j] = h;
            m->bi_p[j] = (float)(q_bp[pr] * SPHINX_LN_UNIT);
            m->bi_bo[j] = (float)(q_bo[bo] * SPHINX_LN_UNIT);
            m->bi_tri[j] = t0;
            if (t1 > ntri)
                ntri = t1;
        }
    }
    m->bi_tri[nbi] = ntri;
    m->ntri = ntri;
    m->tri_h2 = lm_alloc(ntri, 4);
    m->tri_p = lm_alloc(ntri, 4);
    for (uint64_t k = 0; k < ntri; k++) {
        uint64_t off = k * tri_bits;
        uint32_t h2 = bits_at(tri, off, wbits);
        if (h2 >= nw)
            lm_die("bad trigram node %llu", (unsigned long long)k);
        m->tri_h2[k] = h2;
        m->tri_p[k] = (float)(q_tp[bits_at(tri, off + wbits, SPHINX_QBITS)] *
                              SPHINX_LN_UNIT);
    }
    sort_trigram_ranges(m);
    snprintf(m->source, sizeof m->source, "sphinx trie");
    free(q_bp);
    free(q_bo);
    free(q_tp);
    free(u);
}

/* ---- ARPA text ----------------------------------------------------------- */

typedef struct arpa_ng {
    uint32_t w[3]; /* predicted word, h1, h2 */
    float p, bo;
} arpa_ng;

static int cmp_ng(const void *x, const void *y)
{
    const arpa_ng *a = x, *b = y;
    for (int k = 0; k < 3; k++)
        if (a->w[k] != b->w[k])
            return a->w[k] < b->w[k] ? -1 : 1;
    return 0;
}

static int cmp_cstr(const void *x, const void *y)
{
    return strcmp(*(char *const *)x, *(char *const *)y);
}

static uint32_t arpa_word(char *const *sorted, uint32_t n, const char *s)
{
    uint32_t lo = 0, hi = n;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        int c = strcmp(sorted[mid], s);
        if (!c)
            return mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    lm_die("ARPA n-gram with a word not among the unigrams: %s", s);
}

/* Split a line into at most `max` fields on blanks; returns the count. */
static int fields(char *line, char **f, int max)
{
    int n = 0;
    for (char *s = strtok(line, " \t\r"); s && n < max;
         s = strtok(NULL, " \t\r"))
        f[n++] = s;
    return n;
}

/* The unigram lines (each "log10 P<TAB>word[<TAB>log10 backoff]"): the
 * words, sorted, into words[] (room for count), their probabilities and
 * backoffs, natural logs, into up[] and ub[] by sorted id; how many. */
static uint32_t arpa_unigrams(char **lines, size_t nlines, uint64_t count,
                              char **words, float *up, float *ub)
{
    uint32_t nw = 0;
    int section = 0;
    /* fields() splits a line in place: each is read from a copy, so that
     * the n-gram pass finds the lines whole */
    char **ustr = lm_alloc(count, sizeof *ustr);
    float *rp = lm_alloc(count, 4), *rb = lm_alloc(count, 4);
    for (size_t i = 0; i < nlines; i++) {
        char *l = lines[i], *f[6];
        if (l[0] == '\\') {
            section = !strncmp(l, "\\1-grams:", 9) ? 1 : 0;
            continue;
        }
        if (section != 1 || !l[strspn(l, " \t\r")])
            continue;
        char *copy = strdup(l);
        if (!copy)
            lm_die("out of memory");
        int n = fields(copy, f, 6);
        if (n < 2)
            lm_die("bad unigram line: %s", l);
        ustr[nw] = strdup(f[1]);
        rp[nw] = (float)(strtod(f[0], NULL) * LN10);
        rb[nw] = n > 2 ? (float)(strtod(f[2], NULL) * LN10) : 0.0f;
        nw++;
        free(copy);
    }
    memcpy(words, ustr, nw * sizeof *words);
    qsort(words, nw, sizeof *words, cmp_cstr);
    for (uint32_t i = 0; i < nw; i++) {
        if (i && !strcmp(words[i], words[i - 1]))
            lm_die("duplicate unigram %s", words[i]);
    }
    for (uint32_t i = 0; i < nw; i++) {
        uint32_t id = arpa_word(words, nw, ustr[i]);
        up[id] = rp[i];
        ub[id] = rb[i];
    }
    free(ustr); /* its strings are words[] now */
    free(rp);
    free(rb);
    return nw;
}

/* The bigram and trigram nodes of m from the n-grams ng (sorted by
 * cmp_ng). With US_NONE (all ones) as h2, a bigram sorts after its
 * trigrams: walk bigram by bigram. */
static void arpa_trie(lm_model *m, const arpa_ng *ng, uint64_t nng)
{
    uint64_t nbi = 0, ntri = 0;
    for (uint64_t i = 0; i < nng; i++) {
        if (ng[i].w[2] == US_NONE)
            nbi++;
        else
            ntri++;
    }
    m->nbi = nbi;
    m->ntri = ntri;
    m->bi_w = lm_alloc(nbi, 4);
    m->bi_h = lm_alloc(nbi, 4);
    m->bi_p = lm_alloc(nbi, 4);
    m->bi_bo = lm_alloc(nbi, 4);
    m->bi_tri = lm_alloc(nbi + 1, 8);
    m->tri_h2 = lm_alloc(ntri, 4);
    m->tri_p = lm_alloc(ntri, 4);
    uint64_t b = 0, t = 0;
    for (uint64_t i = 0; i < nng;) {
        /* the trigrams of (w, h1), then its bigram */
        uint64_t j = i;
        m->bi_tri[b] = t;
        while (j < nng && ng[j].w[2] != US_NONE) {
            if (ng[j].w[0] != ng[i].w[0] || ng[j].w[1] != ng[i].w[1])
                lm_die("trigram without its bigram");
            m->tri_h2[t] = ng[j].w[2];
            m->tri_p[t++] = ng[j].p;
            j++;
        }
        if (j == nng || ng[j].w[0] != ng[i].w[0] || ng[j].w[1] != ng[i].w[1])
            lm_die("trigram without its bigram");
        m->bi_w[b] = ng[j].w[0];
        m->bi_h[b] = ng[j].w[1];
        m->bi_p[b] = ng[j].p;
        m->bi_bo[b] = ng[j].bo;
        b++;
        i = j + 1;
    }
    m->bi_tri[nbi] = ntri;
}

static void read_arpa(char *buf, lm_model *m)
{
    /* Pass 1: the unigrams, to number the words in sorted order. */
    uint64_t cnt[4] = {0};
    int section = 0;
    char **lines = NULL;
    size_t nlines = 0, cap = 0;
    for (char *save = NULL, *l = strtok_r(buf, "\n", &save); l;
         l = strtok_r(NULL, "\n", &save)) {
        if (nlines == cap) {
            cap = cap ? cap * 2 : 1024;
            lines = realloc(lines, cap * sizeof *lines);
            if (!lines)
                lm_die("out of memory");
        }
        lines[nlines++] = l;
    }
    char **words = NULL;
    uint32_t nw = 0;
    for (size_t i = 0; i < nlines; i++) {
        char *l = lines[i];
        if (l[0] == '\\') {
            section = !strncmp(l, "\\1-grams:", 9)   ? 1
                      : !strncmp(l, "\\2-grams:", 9) ? 2
                      : !strncmp(l, "\\3-grams:", 9) ? 3
                                                     : 0;
            continue;
        }
        if (section >= 1 && section <= 3 && l[strspn(l, " \t\r")])
            cnt[section]++;
    }
    if (!cnt[1])
        lm_die("ARPA model without unigrams");
    if (cnt[1] >= US_LM_MAXW)
        lm_die("too many words");
    words = lm_alloc(cnt[1], sizeof *words);
    float *up = lm_alloc(cnt[1], 4), *ub = lm_alloc(cnt[1], 4);
    arpa_ng *ng = lm_alloc(cnt[2] + 2 * cnt[3], sizeof *ng);
    uint64_t nng = 0;
    nw = arpa_unigrams(lines, nlines, cnt[1], words, up, ub);
    /* Bigrams and trigrams. */
    section = 0;
    for (size_t i = 0; i < nlines; i++) {
        char *l = lines[i], *f[6];
        if (l[0] == '\\') {
            section = !strncmp(l, "\\2-grams:", 9)   ? 2
                      : !strncmp(l, "\\3-grams:", 9) ? 3
                                                     : 0;
            continue;
        }
        if (section < 2 || !l[strspn(l, " \t\r")])
            continue;
        int n = fields(l, f, 6);
        if (n < section + 1)
            lm_die("bad %d-gram line", section);
        arpa_ng *g = &ng[nng++];
        g->p = (float)(strtod(f[0], NULL) * LN10);
        g->bo = 0;
        if (section == 2) {
            g->w[2] = US_NONE;
            g->w[1] = arpa_word(words, nw, f[1]);
            g->w[0] = arpa_word(words, nw, f[2]);
            if (n > 3)
                g->bo = (float)(strtod(f[3], NULL) * LN10);
        } else {
            g->w[2] = arpa_word(words, nw, f[1]);
            g->w[1] = arpa_word(words, nw, f[2]);
            g->w[0] = arpa_word(words, nw, f[3]);
        }
    }
    /* Every trigram needs its bigram node (w, h1): where the model has no
     * such bigram, a blank one carries the backed-off probability, as
     * Sphinx's trie does. */
    uint64_t nreal = nng;
    qsort(ng, nng, sizeof *ng, cmp_ng);
    for (uint64_t i = 0; i < nreal; i++) {
        if (ng[i].w[2] == US_NONE)
            continue;
        arpa_ng key = {{ng[i].w[0], ng[i].w[1], US_NONE}, 0, 0};
        if (!bsearch(&key, ng, nreal, sizeof *ng, cmp_ng)) {
            int dup = nng > nreal && !cmp_ng(&ng[nng - 1], &key);
            if (!dup) {
                key.p = up[key.w[0]] + ub[key.w[1]];
                ng[nng++] = key;
            }
        }
    }
    qsort(ng, nng, sizeof *ng, cmp_ng);
    m->nw = nw;
    m->word = words;
    m->uprob = up;
    m->ubo = ub;
    arpa_trie(m, ng, nng);
    snprintf(m->source, sizeof m->source, "arpa");
    free(ng);
    free(lines);
}

void lm_load(const char *path, lm_model *m)
{
    memset(m, 0, sizeof *m);
    size_t len;
    char *buf = slurp(path, &len);
    if (len >= strlen(SPHINX_MAGIC) &&
        !memcmp(buf, SPHINX_MAGIC, strlen(SPHINX_MAGIC)))
        read_sphinx(buf, len, m);
    else if (strstr(buf, "\\data\\"))
        read_arpa(buf, m);
    else
        lm_die("%s: neither a Sphinx trie nor an ARPA model", path);
    free(buf);
}

void lm_free(lm_model *m)
{
    for (uint32_t i = 0; i < m->nw; i++)
        free(m->word[i]);
    free(m->word);
    free(m->uprob);
    free(m->ubo);
    free(m->bi_w);
    free(m->bi_h);
    free(m->bi_p);
    free(m->bi_bo);
    free(m->bi_tri);
    free(m->tri_h2);
    free(m->tri_p);
    memset(m, 0, sizeof *m);
}

/* ---- Packing ------------------------------------------------------------- */

static int cmp_float(const void *x, const void *y)
{
    float a = *(const float *)x, b = *(const float *)y;
    return (a > b) - (a < b);
}

/* A codebook of `levels` values for v[0..n): Lloyd's algorithm (k-means
 * in one dimension, least squared error), started from the means of
 * equal-frequency bins. Equal-frequency bins alone leave the rare, very
 * low probabilities of the tail one wide bin (errors of 2 nats there);
 * a few Lloyd rounds spread the levels out over it. Deterministic: sorted
 * input, fixed rounds. */
static void codebook(const float *v, uint64_t n, unsigned levels, float *book)
{
    float *s = lm_alloc(n, sizeof *s);
    memcpy(s, v, n * sizeof *s);
    qsort(s, n, sizeof *s, cmp_float);
    for (unsigned i = 0; i < levels; i++) {
        uint64_t a = n * i / levels, b = n * (i + 1) / levels;
        if (a == b) {
            book[i] = i ? book[i - 1] : (n ? s[0] : 0.0f);
            continue;
        }
        double sum = 0;
        for (uint64_t k = a; k < b; k++)
            sum += s[k];
        book[i] = (float)(sum / (double)(b - a));
    }
    double *sum = lm_alloc(levels, sizeof *sum);
    uint64_t *cnt = lm_alloc(levels, sizeof *cnt);
    for (int round = 0; round < 20 && n; round++) {
        memset(sum, 0, levels * sizeof *sum);
        memset(cnt, 0, levels * sizeof *cnt);
        unsigned c = 0;
        for (uint64_t k = 0; k < n; k++) {
            /* values ascend: the nearest level only moves up */
            while (c + 1 < levels && s[k] - book[c] > book[c + 1] - s[k])
                c++;
            sum[c] += s[k];
            cnt[c]++;
        }
        for (unsigned i = 0; i < levels; i++)
            if (cnt[i])
                book[i] = (float)(sum[i] / (double)cnt[i]);
        for (unsigned i = 1; i < levels; i++) /* keep it non-decreasing */
            if (book[i] < book[i - 1])
                book[i] = book[i - 1];
    }
    free(sum);
    free(cnt);
    free(s);
}

/* The code of the book value nearest x (books are non-decreasing). */
static uint32_t encode(const float *book, unsigned levels, float x)
{
    unsigned lo = 0, hi = levels;
    while (lo < hi) {
        unsigned mid = (lo + hi) / 2;
        if (book[mid] < x)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == levels)
        return levels - 1;
    if (lo > 0 && x - book[lo - 1] <= book[lo] - x)
        return lo - 1;
    return lo;
}

void lm_pack(const lm_model *m, const uint32_t *word_of, lm_packed *p)
{
    memset(p, 0, sizeof *p);
    if (m->nbi > UINT32_MAX - 1 || m->ntri > UINT32_MAX)
        lm_die("too many n-grams");
    codebook(m->bi_p, m->nbi, 256, p->quant.bi_prob);
    codebook(m->bi_bo, m->nbi, 128, p->quant.bi_bo);
    codebook(m->tri_p, m->ntri, 256, p->quant.tri_prob);
    p->uni = lm_alloc((size_t)m->nw + 1, sizeof *p->uni);
    p->bi = lm_alloc(m->nbi, 4);
    p->bi_next = lm_alloc(m->nbi + 1, US_LM_NEXT_BYTES);
    if (m->ntri >= (1ull << (8 * US_LM_NEXT_BYTES)))
        lm_die("too many trigrams for %d-byte ranges", US_LM_NEXT_BYTES);
    p->tri = lm_alloc(m->ntri, 4);
    uint64_t j = 0;
    for (uint32_t w = 0; w < m->nw; w++) {
        p->uni[w].prob = m->uprob[w];
        p->uni[w].bo = m->ubo[w];
        p->uni[w].word = word_of[w];
        p->uni[w].bi = (uint32_t)j;
        while (j < m->nbi && m->bi_w[j] == w)
            j++;
    }
    p->uni[m->nw].prob = p->uni[m->nw].bo = 0;
    p->uni[m->nw].bi = (uint32_t)m->nbi;
    p->uni[m->nw].word = US_NONE;
    if (j != m->nbi)
        lm_die("bigram nodes out of order");
    for (uint64_t k = 0; k < m->nbi; k++) {
        p->bi[k] =
            us_lm_key(m->bi_h[k], encode(p->quant.bi_prob, 256, m->bi_p[k]),
                      encode(p->quant.bi_bo, 128, m->bi_bo[k]));
        us_lm_put_next(p->bi_next, k, (uint32_t)m->bi_tri[k]);
    }
    us_lm_put_next(p->bi_next, m->nbi, (uint32_t)m->bi_tri[m->nbi]);
    for (uint64_t k = 0; k < m->ntri; k++)
        p->tri[k] = us_lm_key(m->tri_h2[k],
                              encode(p->quant.tri_prob, 256, m->tri_p[k]), 0);
}

void lm_packed_free(lm_packed *p)
{
    free(p->uni);
    free(p->bi);
    free(p->bi_next);
    free(p->tri);
    memset(p, 0, sizeof *p);
}
