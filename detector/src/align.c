/* align.c - anchor-and-chain alignment (see align.h for the method).
 *
 * Why not one dynamic-programming table: a 1 MB article against a 1 MB
 * reference is ~180k words a side, and a full table is 3e10 cells. Unique
 * k-grams pin the alignment down almost everywhere; dynamic programming is
 * only needed between neighbouring anchors, where the gaps are a few words.
 * Why not one monotone chain (patience diff): articles reorder paragraphs
 * and draw on several sources, so a few chains are kept open at once. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "align.h"
#include "alloc.h"

#define OPEN_CHAINS 32 /* chains that may be extended at once */
#define MIN_ANCHORS 2  /* a chain of one anchor may be chance */

typedef struct dgram {
    uint64_t g;
    uint32_t pos;
} dgram;

typedef struct rgram {
    uint64_t g;
    uint32_t ref, pos;
} rgram;

typedef struct anchor {
    uint32_t a, ref, b;
    uint32_t next; /* next anchor of its chain */
} anchor;

typedef struct chain {
    uint32_t ref;
    uint32_t head, tail, count;
    uint32_t la, lb; /* last anchor */
} chain;

void us_alignment_init(us_alignment *al, const unspun_allocator *alc)
{
    memset(al, 0, sizeof *al);
    al->alc = alc;
}

void us_alignment_free(us_alignment *al)
{
    us_free(al->alc, al->blocks);
    us_free(al->alc, al->pairs);
    us_free(al->alc, al->owner);
    us_free(al->alc, al->match);
    us_alignment_init(al, al->alc);
}

static uint64_t gram(const uint64_t *k)
{
    uint64_t h = 0x9E3779B97F4A7C15ull;
    for (int t = 0; t < US_ALIGN_K; t++) {
        h ^= k[t];
        h *= 0xBF58476D1CE4E5B9ull;
        h ^= h >> 29;
    }
    return h;
}

/* ---- sorting: stable LSD radix sort on a leading 64-bit key ----
 *
 * qsort of a few hundred thousand k-grams was most of the alignment time;
 * eight byte-wide counting passes are linear and stable, so records made
 * in (ref, pos) order stay in that order within equal keys. */

int us_radix_sort(const unspun_allocator *alc, void *base, size_t n,
                  size_t size, size_t key_off, int key_bytes)
{
    if (n < 2)
        return 0;
    /* 16-bit digits for large inputs: half the passes of bytes, and the
     * 64K counters are cheap next to 100K+ records. */
    int bits = n >= 65536 && key_bytes % 2 == 0 ? 16 : 8;
    size_t nb = (size_t)1 << bits, mask = nb - 1;
    unsigned char *a = base, *tmp = us_malloc(alc, n * size);
    size_t *count = us_malloc(alc, (nb + 1) * sizeof *count);
    if (!tmp || !count) {
        us_free(alc, tmp);
        us_free(alc, count);
        return -1;
    }
    unsigned char *src = a, *dst = tmp;
    for (int shift = 0; shift < key_bytes * 8; shift += bits) {
        memset(count, 0, (nb + 1) * sizeof *count);
        for (size_t i = 0; i < n; i++) {
            uint64_t k = 0;
            memcpy(&k, src + i * size + key_off, (size_t)key_bytes);
            count[((k >> shift) & mask) + 1]++;
        }
        int same = 0;
        for (size_t b = 1; b <= nb && !same; b++)
            same = count[b] == n;
        if (same)
            continue; /* all equal in this digit */
        for (size_t b = 0; b < nb; b++)
            count[b + 1] += count[b];
        /* fixed-size copies for the common record sizes (inlined) */
        for (size_t i = 0; i < n; i++) {
            uint64_t k = 0;
            memcpy(&k, src + i * size + key_off, (size_t)key_bytes);
            unsigned char *to = dst + count[(k >> shift) & mask]++ * size;
            if (size == 16)
                memcpy(to, src + i * 16, 16);
            else if (size == 8)
                memcpy(to, src + i * 8, 8);
            else
                memcpy(to, src + i * size, size);
        }
        unsigned char *t = src;
        src = dst;
        dst = t;
    }
    if (src != a)
        memcpy(a, src, n * size);
    us_free(alc, tmp);
    us_free(alc, count);
    return 0;
}

/* ---- growing arrays ---- */

static int push_pair(us_alignment *al, uint32_t a, uint32_t b)
{
    void *p = al->pairs;
    if (us_grow(al->alc, &p, &al->cappairs, al->npairs + 1, sizeof(us_apair)))
        return -1;
    al->pairs = p;
    al->pairs[al->npairs].a = a;
    al->pairs[al->npairs].b = b;
    al->npairs++;
    return 0;
}

/* ---- gap alignment: weighted longest common subsequence ---- */

typedef struct scratch {
    const unspun_allocator *alc;
    double doc_weight; /* the document's words' weights, summed */
    int32_t *row;
    size_t caprow;
    unsigned char *dir;
    size_t capdir;
} scratch;

/* Align doc [a0, a1) with ref [b0, b1) and append the matched pairs in
 * order. Gaps larger than the cap are left unaligned. */
static int gap(us_alignment *al, scratch *s, const us_aseq *A, const us_aseq *B,
               size_t a0, size_t a1, size_t b0, size_t b1)
{
    size_t la = a1 - a0, lb = b1 - b0;
    if (!la || !lb)
        return 0;
    if (la > US_ALIGN_MAX_GAP * 2 || lb > US_ALIGN_MAX_GAP * 2 ||
        la * lb > (size_t)US_ALIGN_MAX_GAP * US_ALIGN_MAX_GAP)
        return 0;
    size_t cells = (la + 1) * (lb + 1);
    void *p = s->dir;
    if (us_grow(s->alc, &p, &s->capdir, cells, 1))
        return -1;
    s->dir = p;
    p = s->row;
    if (us_grow(s->alc, &p, &s->caprow, 2 * (lb + 1), sizeof(int32_t)))
        return -1;
    s->row = p;
    int32_t *prev = s->row, *cur = s->row + lb + 1;
    memset(prev, 0, (lb + 1) * sizeof *prev);
    /* dir: 0 up (skip doc word), 1 left (skip ref word), 2 diagonal */
    for (size_t x = 1; x <= la; x++) {
        cur[0] = 0;
        unsigned char *d = s->dir + x * (lb + 1);
        uint64_t ka = A->key[a0 + x - 1];
        int32_t wa = A->weight[a0 + x - 1];
        for (size_t y = 1; y <= lb; y++) {
            int32_t best = prev[y];
            unsigned char how = 0;
            if (cur[y - 1] > best) {
                best = cur[y - 1];
                how = 1;
            }
            if (ka == B->key[b0 + y - 1] && prev[y - 1] + wa > best) {
                best = prev[y - 1] + wa;
                how = 2;
            }
            cur[y] = best;
            d[y] = how;
        }
        int32_t *t = prev;
        prev = cur;
        cur = t;
    }
    /* Trace back, collecting pairs in reverse, then append in order. */
    size_t x = la, y = lb, start = al->npairs;
    while (x > 0 && y > 0) {
        unsigned char how = s->dir[x * (lb + 1) + y];
        if (how == 2) {
            if (push_pair(al, (uint32_t)(a0 + x - 1), (uint32_t)(b0 + y - 1)))
                return -1;
            x--, y--;
        } else if (how == 1) {
            y--;
        } else {
            x--;
        }
    }
    for (size_t i = start, j = al->npairs; i + 1 < j; i++, j--) {
        us_apair t = al->pairs[i];
        al->pairs[i] = al->pairs[j - 1];
        al->pairs[j - 1] = t;
    }
    return 0;
}

/* ---- anchors ---- */

static int find_anchors(const unspun_allocator *alc, const us_aseq *doc,
                        const us_aseq *refs, size_t nrefs, anchor **out,
                        size_t *nout)
{
    *out = NULL;
    *nout = 0;
    if (doc->n < US_ALIGN_K)
        return 0;
    size_t nd = doc->n - US_ALIGN_K + 1, nr = 0;
    for (size_t r = 0; r < nrefs; r++)
        if (refs[r].n >= US_ALIGN_K)
            nr += refs[r].n - US_ALIGN_K + 1;
    if (!nr)
        return 0;
    dgram *D = us_malloc(alc, nd * sizeof *D);
    rgram *R = us_malloc(alc, nr * sizeof *R);
    anchor *an = NULL;
    size_t nan = 0, capan = 0;
    int rc = -1;
    if (!D || !R)
        goto done;
    for (size_t i = 0; i < nd; i++) {
        D[i].g = gram(doc->key + i);
        D[i].pos = (uint32_t)i;
    }
    size_t k = 0;
    for (size_t r = 0; r < nrefs; r++)
        for (size_t j = 0; j + US_ALIGN_K <= refs[r].n; j++) {
            R[k].g = gram(refs[r].key + j);
            R[k].ref = (uint32_t)r;
            R[k].pos = (uint32_t)j;
            k++;
        }
    if (us_radix_sort(alc, D, nd, sizeof *D, 0, 8) ||
        us_radix_sort(alc, R, nr, sizeof *R, 0, 8))
        goto done;
    size_t i = 0, j = 0;
    while (i < nd && j < nr) {
        if (D[i].g < R[j].g) {
            i++;
            continue;
        }
        if (R[j].g < D[i].g) {
            j++;
            continue;
        }
        uint64_t g = D[i].g;
        size_t ie = i, je = j;
        while (ie < nd && D[ie].g == g)
            ie++;
        while (je < nr && R[je].g == g)
            je++;
        /* count the refs holding g, and keep those holding it once */
        size_t nref = 0;
        for (size_t t = j; t < je; t++)
            nref += t == j || R[t].ref != R[t - 1].ref;
        /* A k-gram a few times in the document and as many times in a
         * reference (a repeated paragraph) anchors every pairing: the
         * chains keep the pairings that advance together. */
        size_t mult = ie - i;
        if (mult <= US_ALIGN_MAX_MULT && nref <= US_ALIGN_MAX_REFS) {
            for (size_t t = j; t < je;) {
                size_t te = t;
                while (te < je && R[te].ref == R[t].ref)
                    te++;
                if (te - t != mult) {
                    t = te;
                    continue;
                }
                for (size_t u = t; u < te; u++)
                    for (size_t v = i; v < ie; v++) {
                        void *p = an;
                        if (us_grow(alc, &p, &capan, nan + 1, sizeof *an))
                            goto done;
                        an = p;
                        an[nan].a = D[v].pos;
                        an[nan].ref = R[u].ref;
                        an[nan].b = R[u].pos;
                        an[nan].next = US_ALIGN_NONE;
                        nan++;
                    }
                t = te;
            }
        }
        i = ie;
        j = je;
    }
    /* by doc position; within one, (ref, pos) order is already kept */
    if (us_radix_sort(alc, an, nan, sizeof *an, offsetof(anchor, a), 4))
        goto done;
    *out = an;
    *nout = nan;
    an = NULL;
    rc = 0;
done:
    us_free(alc, D);
    us_free(alc, R);
    us_free(alc, an);
    return rc;
}

/* ---- chains ---- */

static int make_chains(const unspun_allocator *alc, anchor *an, size_t nan,
                       chain **out, size_t *nout)
{
    chain *ch = NULL;
    size_t nch = 0, capch = 0;
    uint32_t open[OPEN_CHAINS];
    size_t nopen = 0;
    for (size_t x = 0; x < nan; x++) {
        anchor *q = &an[x];
        size_t best = SIZE_MAX;
        uint32_t bestskew = UINT32_MAX;
        for (size_t o = 0; o < nopen;) {
            chain *c = &ch[open[o]];
            if (q->a - c->la > US_ALIGN_MAX_GAP) { /* closed for good */
                open[o] = open[--nopen];
                continue;
            }
            uint32_t da = q->a - c->la, db = q->b - c->lb;
            /* One side may hold a long insertion, not both: two long
             * stretches between anchors are different texts that happen
             * to share words on either side. */
            if (c->ref == q->ref && q->a > c->la && q->b > c->lb &&
                db <= US_ALIGN_MAX_GAP &&
                (da <= US_ALIGN_BRIDGE || db <= US_ALIGN_BRIDGE)) {
                uint32_t skew = da > db ? da - db : db - da;
                if (skew < bestskew) {
                    bestskew = skew;
                    best = o;
                }
            }
            o++;
        }
        if (best != SIZE_MAX) {
            chain *c = &ch[open[best]];
            an[c->tail].next = (uint32_t)x;
            c->tail = (uint32_t)x;
            c->count++;
            c->la = q->a;
            c->lb = q->b;
            continue;
        }
        void *p = ch;
        if (us_grow(alc, &p, &capch, nch + 1, sizeof *ch)) {
            us_free(alc, ch);
            return -1;
        }
        ch = p;
        chain *c = &ch[nch];
        c->ref = q->ref;
        c->head = c->tail = (uint32_t)x;
        c->count = 1;
        c->la = q->a;
        c->lb = q->b;
        if (nopen < OPEN_CHAINS) {
            open[nopen++] = (uint32_t)nch;
        } else { /* replace the chain that advanced least recently */
            size_t old = 0;
            for (size_t o = 1; o < nopen; o++)
                if (ch[open[o]].la < ch[open[old]].la)
                    old = o;
            open[old] = (uint32_t)nch;
        }
        nch++;
    }
    *out = ch;
    *nout = nch;
    return 0;
}

/* ---- blocks ---- */

static size_t sent_start(const us_aseq *s, size_t p)
{
    size_t lim = p > US_ALIGN_MAX_EXT ? p - US_ALIGN_MAX_EXT : 0;
    while (p > lim && !s->brk[p])
        p--;
    return p;
}

/* One past the last word of the sentence holding p. */
static size_t sent_end(const us_aseq *s, size_t p)
{
    size_t lim = p + US_ALIGN_MAX_EXT < s->n ? p + US_ALIGN_MAX_EXT : s->n;
    p++;
    while (p < lim && !s->brk[p])
        p++;
    return p;
}

/* Close block `blk` (its pairs are al->pairs[blk->first ..]): kept if it
 * matches enough, else its pairs are dropped. */
static int keep_block(us_alignment *al, const scratch *s, const us_aseq *doc,
                      us_ablock *blk)
{
    blk->n = al->npairs - blk->first;
    blk->score = 0;
    for (size_t i = blk->first; i < al->npairs; i++)
        blk->score += doc->weight[al->pairs[i].a];
    /* A name or two in common is no alignment; but a short document
     * (a sentence) can match in full and still weigh less. */
    if (blk->score < US_ALIGN_MIN_SCORE && 2 * blk->score < s->doc_weight) {
        al->npairs = blk->first;
        return 0;
    }
    void *p = al->blocks;
    if (us_grow(al->alc, &p, &al->capblocks, al->nblocks + 1, sizeof *blk))
        return -1;
    al->blocks = p;
    al->blocks[al->nblocks++] = *blk;
    return 0;
}

static int build_block(us_alignment *al, scratch *s, const us_aseq *doc,
                       const us_aseq *refs, const anchor *an, const chain *c)
{
    const us_aseq *B = &refs[c->ref];
    us_ablock blk;
    memset(&blk, 0, sizeof blk);
    blk.ref = c->ref;
    blk.first = al->npairs;
    const anchor *q0 = &an[c->head];
    blk.a0 = sent_start(doc, q0->a);
    blk.b0 = sent_start(B, q0->b);
    if (gap(al, s, doc, B, blk.a0, q0->a, blk.b0, q0->b))
        return -1;
    size_t la = SIZE_MAX, lb = SIZE_MAX; /* last pair */
    for (uint32_t x = c->head; x != US_ALIGN_NONE; x = an[x].next) {
        for (uint32_t t = 0; t < US_ALIGN_K; t++) {
            size_t p = an[x].a + t, q = an[x].b + t;
            if (la != SIZE_MAX && (p <= la || q <= lb))
                continue;
            if (la != SIZE_MAX && gap(al, s, doc, B, la + 1, p, lb + 1, q))
                return -1;
            if (push_pair(al, (uint32_t)p, (uint32_t)q))
                return -1;
            la = p;
            lb = q;
        }
    }
    blk.a1 = sent_end(doc, la);
    blk.b1 = sent_end(B, lb);
    if (gap(al, s, doc, B, la + 1, blk.a1, lb + 1, blk.b1))
        return -1;
    return keep_block(al, s, doc, &blk);
}

/* A short document and a short reference that share no anchor ("The
 * police said the law was clear." and "The bluecoat was clear.": no three
 * words in a row in common) are aligned whole, end to end, when that
 * matches enough (keep_block's test): a sentence rewritten around its
 * names and function words. */
static int whole_block(us_alignment *al, scratch *s, const us_aseq *doc,
                       const us_aseq *refs, uint32_t r)
{
    us_ablock blk;
    memset(&blk, 0, sizeof blk);
    blk.ref = r;
    blk.first = al->npairs;
    blk.a1 = doc->n;
    blk.b1 = refs[r].n;
    if (gap(al, s, doc, &refs[r], 0, doc->n, 0, refs[r].n))
        return -1;
    return keep_block(al, s, doc, &blk);
}

typedef struct rank {
    double score;
    size_t a0;
    uint32_t id;
} rank;

static int cmp_rank(const void *x, const void *y)
{
    const rank *a = x, *b = y;
    if (a->score != b->score)
        return a->score > b->score ? -1 : 1;
    if (a->a0 != b->a0)
        return a->a0 < b->a0 ? -1 : 1;
    return a->id < b->id ? -1 : a->id > b->id;
}

static int assign_owners(us_alignment *al)
{
    size_t n = al->n;
    for (size_t i = 0; i < n; i++)
        al->owner[i] = al->match[i] = US_ALIGN_NONE;
    if (!al->nblocks)
        return 0;
    rank *rk = us_malloc(al->alc, al->nblocks * sizeof *rk);
    if (!rk)
        return -1;
    for (size_t b = 0; b < al->nblocks; b++) {
        rk[b].score = al->blocks[b].score;
        rk[b].a0 = al->blocks[b].a0;
        rk[b].id = (uint32_t)b;
    }
    qsort(rk, al->nblocks, sizeof *rk, cmp_rank);
    for (size_t r = 0; r < al->nblocks; r++) {
        const us_ablock *b = &al->blocks[rk[r].id];
        for (size_t i = b->a0; i < b->a1; i++)
            if (al->owner[i] == US_ALIGN_NONE)
                al->owner[i] = rk[r].id;
    }
    us_free(al->alc, rk);
    for (size_t b = 0; b < al->nblocks; b++) {
        const us_ablock *bk = &al->blocks[b];
        for (size_t k = bk->first; k < bk->first + bk->n; k++)
            if (al->owner[al->pairs[k].a] == b)
                al->match[al->pairs[k].a] = al->pairs[k].b;
    }
    return 0;
}

int us_align(us_alignment *al, const us_aseq *doc, const us_aseq *refs,
             size_t nrefs)
{
    const unspun_allocator *alc = al->alc;
    us_alignment_free(al);
    al->n = doc->n;
    al->owner = us_malloc(alc, (doc->n + 1) * sizeof *al->owner);
    al->match = us_malloc(alc, (doc->n + 1) * sizeof *al->match);
    if (!al->owner || !al->match) {
        us_alignment_free(al);
        return -1;
    }
    anchor *an = NULL;
    size_t nan = 0;
    chain *ch = NULL;
    size_t nch = 0;
    scratch s = {alc, 0, NULL, 0, NULL, 0};
    for (size_t i = 0; i < doc->n; i++)
        s.doc_weight += doc->weight[i];
    int rc = -1;
    if (find_anchors(alc, doc, refs, nrefs, &an, &nan))
        goto done;
    if (make_chains(alc, an, nan, &ch, &nch))
        goto done;
    for (size_t c = 0; c < nch; c++)
        if (ch[c].count >= MIN_ANCHORS &&
            build_block(al, &s, doc, refs, an, &ch[c]))
            goto done;
    if (!al->nblocks && doc->n <= US_ALIGN_SHORT)
        for (uint32_t r = 0; r < nrefs; r++)
            if (refs[r].n && refs[r].n <= US_ALIGN_SHORT &&
                whole_block(al, &s, doc, refs, r))
                goto done;
    if (assign_owners(al))
        goto done;
    rc = 0;
done:
    us_free(alc, an);
    us_free(alc, ch);
    us_free(alc, s.row);
    us_free(alc, s.dir);
    if (rc) {
        us_alignment_free(al);
        al->n = 0;
    }
    return rc;
}
