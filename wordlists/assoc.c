/* assoc.c - unspun-compile's association step (build.h, step 6): which
 * words go together in the training text. Two content words on one line
 * (a paragraph) co-occur; a pair's positive pointwise mutual information
 * over the lines, discounted for pairs seen rarely, is its weight, and
 * each word that takes part in the thesaurus (as a word or a candidate)
 * keeps its ASSOC_MAX strongest: the topic evidence of detect_synonym.c
 * ("vogue" fits a fashion article, not one on politics). Two common words
 * side by side are a pair: the filter of every pair seen answers
 * detect_mt.c's question of a pair written English never joins. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "build.h"

#define ASSOC_MIN_DF 5 /* context words for associations */
#define ASSOC_MAX 36   /* associations kept per word */
#define ASSOC_LINE_MAX 48

/* ---- pair counting ---- */

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

/* The lines' distinct content words (at most ASSOC_LINE_MAX of a line,
 * each in ASSOC_MIN_DF lines or more): each word's line count in df[],
 * each pair's in co; the number of lines in *nlines. */
static void cooccurrences(const build *b, pairtab *co, uint32_t *df,
                          uint64_t *nlines)
{
    uint32_t line[ASSOC_LINE_MAX];
    uint32_t nl = 0;
    const uint32_t *seq = b->seq;
    for (uint64_t i = 0; i <= b->nseq; i++) {
        if (i == b->nseq || seq[i] == US_NONE) {
            if (nl) {
                qsort(line, nl, sizeof *line, cmp_u32);
                uint32_t m = 0;
                for (uint32_t k = 0; k < nl; k++)
                    if (!k || line[k] != line[k - 1])
                        line[m++] = line[k];
                for (uint32_t a = 0; a < m; a++) {
                    df[line[a]]++;
                    for (uint32_t c = a + 1; c < m; c++)
                        pt_add(co, line[a], line[c], 1);
                }
                (*nlines)++;
            }
            nl = 0;
            continue;
        }
        uint32_t v = seq[i];
        if (nl < ASSOC_LINE_MAX && (b->wr[v].flags & US_WF_ALPHA) &&
            !(b->wr[v].flags & US_WF_FUNC) && b->voc.count[v] >= ASSOC_MIN_DF)
            line[nl++] = v;
    }
}

/* Per word that needs them, every pair's weight with the other word, in
 * b->al[word] (aln[word] of them). */
static void weigh_pairs(build *b, const pairtab *co, const uint32_t *df,
                        uint64_t nlines, const unsigned char *need,
                        uint32_t *aln)
{
    uint32_t *alc = xcalloc(b->voc.n, sizeof *alc);
    for (uint64_t s = 0; s < co->nslot; s++) {
        if (co->a[s] == US_NONE || co->c[s] < 2)
            continue;
        uint32_t a = co->a[s], c = co->b[s];
        double pmi = log((double)co->c[s] * (double)nlines /
                         ((double)df[a] * (double)df[c]));
        if (pmi <= 0.5)
            continue;
        /* Discount pairs seen rarely. */
        float w = (float)(pmi * (1.0 - 1.0 / sqrt((double)co->c[s])));
        uint32_t ab[2][2] = {{a, c}, {c, a}};
        for (int k = 0; k < 2; k++) {
            uint32_t x = ab[k][0], y = ab[k][1];
            if (!need[x])
                continue;
            if (aln[x] == alc[x]) {
                alc[x] = alc[x] ? alc[x] * 2 : 8;
                b->al[x] = xrealloc(b->al[x], alc[x] * sizeof **b->al);
            }
            b->al[x][aln[x]].word = y;
            b->al[x][aln[x]].w = w;
            aln[x]++;
        }
    }
    free(alc);
}

/* The pairs of common words the training text puts side by side, as a
 * Bloom filter (data.h, pairs): a set of a few hundred thousand pairs in
 * a megabyte, where their counts would take fifty. A false "seen" (about
 * one in a hundred at 8 bits a pair) only hides an odd pair. */
static void adjacent_pairs(build *b)
{
    unsigned char *common = xcalloc(b->voc.n, 1);
    for (uint32_t id = 0; id < b->voc.n; id++)
        common[id] = b->voc.count[id] >= US_PAIR_MIN_COUNT &&
                     is_alpha_word(b->voc.str[id]);
    pairtab pt;
    pt_init(&pt, 1 << 20);
    const uint32_t *seq = b->seq;
    for (uint64_t i = 0; i + 1 < b->nseq; i++)
        if (seq[i] != US_NONE && seq[i + 1] != US_NONE && common[seq[i]] &&
            common[seq[i + 1]])
            pt_add(&pt, seq[i], seq[i + 1], 1);
    uint64_t nbits = 64;
    while (nbits < pt.n * 8)
        nbits <<= 1;
    if (nbits > UINT32_MAX)
        die("too many word pairs");
    b->pair_bits = xcalloc(nbits / 64, 8);
    for (uint64_t k = 0; k < pt.nslot; k++)
        if (pt.a[k] != US_NONE)
            us_pairs_add(b->pair_bits, (uint32_t)nbits, pt.a[k], pt.b[k]);
    b->npair_bits = (uint32_t)nbits;
    fprintf(stderr,
            "unspun-compile: %llu pairs of common words, %llu-bit filter\n",
            (unsigned long long)pt.n, (unsigned long long)nbits);
    free(pt.a);
    free(pt.b);
    free(pt.c);
    free(common);
}

void step_associations(build *b)
{
    adjacent_pairs(b);
    uint32_t nvoc = b->voc.n;
    uint32_t *df = xcalloc(nvoc, sizeof *df);
    uint64_t nlines = 0;
    pairtab co;
    pt_init(&co, 1 << 22);
    cooccurrences(b, &co, df, &nlines);
    fprintf(stderr, "unspun-compile: %llu lines, %llu co-occurring pairs\n",
            (unsigned long long)nlines, (unsigned long long)co.n);
    /* Only words that take part in the thesaurus (as substitute or
     * candidate) need them. */
    unsigned char *need = xcalloc(nvoc, 1);
    for (uint32_t id = 0; id < nvoc; id++)
        if (b->cands[id].n) {
            need[id] = 1;
            for (uint32_t j = 0; j < b->cands[id].n; j++)
                need[b->cands[id].v[j]] = 1;
        }
    b->al = xcalloc(nvoc, sizeof *b->al);
    uint32_t *aln = xcalloc(nvoc, sizeof *aln);
    weigh_pairs(b, &co, df, nlines, need, aln);
    for (uint32_t id = 0; id < nvoc; id++) {
        if (!aln[id])
            continue;
        qsort(b->al[id], aln[id], sizeof **b->al, cmp_assoc_w);
        if (aln[id] > ASSOC_MAX)
            aln[id] = ASSOC_MAX;
        qsort(b->al[id], aln[id], sizeof **b->al, cmp_assoc_id);
        b->wr[id].assoc = b->nassoc;
        b->wr[id].nassoc = aln[id];
        b->nassoc += aln[id];
    }
    free(co.a);
    free(co.b);
    free(co.c);
    free(df);
    free(need);
    free(aln);
}
