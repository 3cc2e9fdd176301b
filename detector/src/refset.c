/* refset.c - the pool of reference documents.
 *
 * Each reference is tokenised and analysed once, when it is added: its
 * words' keys (Snowball stems), weights and sentence starts are what the
 * aligner needs, and its words' vocabulary ids and flags are what the
 * classifier needs, so scoring a document never re-reads a reference.
 *
 * Picking references: every pair of neighbouring words with at least one
 * content word is a shingle; sealing indexes each reference's shingles.
 * A document's shingles vote for the references holding them (shingles in
 * very many references are skipped: they say nothing), and references are
 * taken greedily, each for the shingles the ones before it did not
 * explain, so a second reference is only taken for what it adds.
 *
 * The words' keys and the thesaurus lookups come from the data file
 * (lexicon.h, thesaurus.h): a pool parses nothing and copies nothing of
 * them, and every pool and sibling set shares them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "html.h"
#include "refset.h"
#include "thesaurus.h"
#include "worker.h"

#define MIN_SHARED 3   /* shingles a reference must share to be used */
#define MIN_SHARE 0.02 /* ... and this share of the document's */
/* Among peers (UNSPUN_REF_PEERS: a folder's other files, not known
 * sources) a reference is on the document's story only if it shares this
 * share of the document's shingles: articles on one story share quotes
 * and facts (the five seed articles share 18-52% with each other), while
 * unrelated articles of one genre or even one book share common phrases
 * (at most 10% among 83 from the bench's clean corpus: Debian handbook
 * sections, State of the Union addresses, web texts), which are no
 * evidence of whose wording is whose (issue 12). */
#define MIN_SHARE_PEERS 0.13
#define REF_MAX_BYTES ((size_t)64 << 20)

void us_wseq_free(us_wseq *s, const unspun_allocator *alc)
{
    us_free(alc, s->tok);
    us_free(alc, s->key);
    us_free(alc, s->weight);
    us_free(alc, s->brk);
    memset(s, 0, sizeof *s);
}

int us_wseq_build(us_lexicon *lx, const us_tokens *t, const char *text,
                  us_wseq *s)
{
    const unspun_allocator *alc = lx->alc;
    memset(s, 0, sizeof *s);
    size_t n = 0;
    for (size_t i = 0; i < t->n; i++)
        n += t->tok[i].kind == US_TOK_WORD || t->tok[i].kind == US_TOK_NUM;
    size_t cap = n ? n : 1;
    s->tok = us_malloc(alc, cap * sizeof *s->tok);
    s->key = us_malloc(alc, cap * sizeof *s->key);
    s->weight = us_malloc(alc, cap);
    s->brk = us_malloc(alc, cap);
    if (!s->tok || !s->key || !s->weight || !s->brk)
        goto fail;
    int pending = 1;
    for (size_t i = 0; i < t->n; i++) {
        const us_token *k = &t->tok[i];
        if (k->flags & (US_TF_SENT | US_TF_PARA))
            pending = 1;
        if (k->kind != US_TOK_WORD && k->kind != US_TOK_NUM)
            continue;
        size_t j = s->n++;
        s->tok[j] = (uint32_t)i;
        s->brk[j] = (unsigned char)pending;
        pending = 0;
        if (k->kind == US_TOK_NUM) {
            s->key[j] = us_word_key(text + k->start, k->end - k->start) ^ 7;
            s->weight[j] = 2;
            continue;
        }
        /* The compiled stems come from the same Snowball stemmer: hash
         * the stored stem instead of stemming again. */
        uint64_t sk = us_engine_stem_key(lx->eng, us_lex_stem(lx, k->id));
        if (sk && us_alpha_word(us_tok_norm(t, k), k->norm_len)) {
            s->key[j] = sk;
        } else if (us_lex_key(lx, us_tok_norm(t, k), k->norm_len, &s->key[j])) {
            goto fail;
        }
        s->weight[j] = (us_lex_flags(lx, k->id) & US_WF_FUNC) ? 1 : 2;
    }
    return 0;
fail:
    us_wseq_free(s, alc);
    return -1;
}

/* ---- the pool ---- */

static char *dup_bytes(const unspun_allocator *alc, const char *s, size_t n)
{
    char *p = us_malloc(alc, n + 1);
    if (p) {
        if (n)
            memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

unspun_status unspun_refset_new(const unspun_engine *eng,
                                const unspun_refset_options *opt,
                                unspun_refset **out, unspun_error *err)
{
    (void)opt; /* its paths are no longer read: see unspun.h */
    if (!eng || !out)
        return us_fail(err, UNSPUN_E_ARG, SIZE_MAX, 0);
    *out = NULL;
    unspun_refset *rs = us_calloc(&eng->alc, 1, sizeof *rs);
    if (!rs)
        return us_fail(err, UNSPUN_E_NOMEM, SIZE_MAX, 0);
    rs->eng = eng;
    rs->alc = &eng->alc;
    *out = rs;
    return UNSPUN_OK;
}

static void refdoc_free(const unspun_allocator *alc, us_refdoc *d)
{
    us_free(alc, d->name);
    us_free(alc, d->text);
    us_free(alc, d->w);
    us_free(alc, d->norm);
    us_wseq_free(&d->seq, alc);
}

void unspun_refset_free(unspun_refset *rs)
{
    if (!rs)
        return;
    for (size_t i = 0; i < rs->n; i++)
        refdoc_free(rs->alc, &rs->docs[i]);
    us_free(rs->alc, rs->docs);
    us_free(rs->alc, rs->ig);
    us_free(rs->alc, rs->iref);
    us_free(rs->alc, rs);
}

size_t unspun_refset_count(const unspun_refset *rs)
{
    return rs ? rs->n : 0;
}

const char *unspun_refset_name(const unspun_refset *rs, size_t i)
{
    return rs && i < rs->n ? rs->docs[i].name : NULL;
}

/* What unspun_refset_add and unspun_refset_add_html refuse before they
 * read a word: misuse, a text too large, and a binary one (as
 * unspun_score refuses a document). */
static unspun_status add_refused(const unspun_refset *rs,
                                 const unspun_worker *w, const char *text,
                                 size_t len, unspun_error *err)
{
    if (!rs || !w || (!text && len) || rs->sealed || w->eng != rs->eng)
        return us_fail(err, UNSPUN_E_ARG, SIZE_MAX, 0);
    if (len > REF_MAX_BYTES || len > UINT32_MAX / 2)
        return us_fail(err, UNSPUN_E_TOO_BIG, REF_MAX_BYTES, 0);
    return text ? us_refuse_binary(text, len, err) : UNSPUN_OK;
}

unspun_status unspun_refset_add(unspun_refset *rs, unspun_worker *w,
                                const char *name, const char *text, size_t len,
                                unspun_error *err)
{
    unspun_status refused = add_refused(rs, w, text, len, err);
    if (refused)
        return refused;
    if (!text)
        text = "";
    us_tokens t;
    us_tokens_init(&t, w->alc);
    us_refdoc d;
    memset(&d, 0, sizeof d);
    unspun_status rc = us_tokenize(&t, text, len, err);
    if (rc)
        goto done;
    if (!t.words) {
        rc = us_fail(err, UNSPUN_E_EMPTY, SIZE_MAX, 0);
        goto done;
    }
    /* The worker's lexicon analyses the reference's words. */
    rc = us_lex_assign(&w->lex, &t, err);
    int bad = 0;
    if (!rc)
        bad = us_wseq_build(&w->lex, &t, text, &d.seq);
    if (rc)
        goto done;
    rc = UNSPUN_E_NOMEM;
    if (bad)
        goto done;
    d.name = dup_bytes(rs->alc, name ? name : "", name ? strlen(name) : 0);
    d.text = dup_bytes(rs->alc, text, len);
    d.len = len;
    d.w = us_malloc(rs->alc, (d.seq.n + 1) * sizeof *d.w);
    d.norm = us_malloc(rs->alc, t.norm_len + 1);
    if (!d.name || !d.text || !d.w || !d.norm)
        goto done;
    memcpy(d.norm, t.norm, t.norm_len);
    d.norm[t.norm_len] = '\0';
    d.normlen = t.norm_len;
    uint32_t nw = rs->eng->hd->n_words;
    for (size_t i = 0; i < d.seq.n; i++) {
        const us_token *k = &t.tok[d.seq.tok[i]];
        us_rword *r = &d.w[i];
        r->start = (uint32_t)k->start;
        r->end = (uint32_t)k->end;
        r->norm = k->norm;
        r->id = k->id < nw ? k->id : US_NONE;
        r->lflags = us_lex_flags(&w->lex, k->id);
        r->tflags = k->flags;
        if (k->kind == US_TOK_NUM)
            r->lflags |= US_WF_SYMBOL;
    }
    us_free(w->alc, d.seq.tok);
    d.seq.tok = NULL;
    void *p = rs->docs;
    if (us_grow(rs->alc, &p, &rs->cap, rs->n + 1, sizeof d))
        goto done;
    rs->docs = p;
    rs->docs[rs->n++] = d;
    memset(&d, 0, sizeof d);
    rc = UNSPUN_OK;
done:
    if (rc == UNSPUN_E_NOMEM)
        us_fail(err, UNSPUN_E_NOMEM, SIZE_MAX, 0);
    refdoc_free(rs->alc, &d);
    us_tokens_free(&t);
    return rc;
}

unspun_status unspun_refset_add_html(unspun_refset *rs, unspun_worker *w,
                                     const char *name, const char *html,
                                     size_t len, unspun_error *err)
{
    unspun_status rc = add_refused(rs, w, html, len, err);
    if (rc)
        return rc;
    /* The pool keeps what a reader sees, as unspun_score reads an HTML
     * document: a reference's wording is then cut from it without tags. */
    us_html h;
    rc = us_html_strip(&h, w->alc, html ? html : "", len, err);
    if (rc)
        return rc;
    rc = unspun_refset_add(rs, w, name, h.text, h.len, err);
    us_html_free(&h);
    return rc;
}

/* ---- sealing: the shingle index ---- */

static uint64_t shingle(uint64_t a, uint64_t b)
{
    uint64_t h = a * 0xC2B2AE3D27D4EB4Full ^ b;
    h ^= h >> 33;
    h *= 0xFF51AFD7ED558CCDull;
    return h ^ (h >> 33);
}

typedef struct gref {
    uint64_t g;
    uint32_t ref;
} gref;

static size_t uniq_u64(uint64_t *v, size_t n)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (!m || v[i] != v[m - 1])
            v[m++] = v[i];
    return m;
}

static int build_index(unspun_refset *rs)
{
    size_t total = 0;
    for (size_t r = 0; r < rs->n; r++)
        total += rs->docs[r].seq.n;
    gref *g = us_malloc(rs->alc, (total + 1) * sizeof *g);
    if (!g)
        return -1;
    size_t ng = 0;
    for (size_t r = 0; r < rs->n; r++) {
        const us_wseq *s = &rs->docs[r].seq;
        for (size_t i = 0; i + 1 < s->n; i++)
            if (s->weight[i] == 2 || s->weight[i + 1] == 2) {
                g[ng].g = shingle(s->key[i], s->key[i + 1]);
                g[ng].ref = (uint32_t)r;
                ng++;
            }
    }
    if (us_radix_sort(rs->alc, g, ng, sizeof *g, 0, 8)) {
        us_free(rs->alc, g);
        return -1;
    }
    size_t m = 0;
    for (size_t i = 0; i < ng; i++)
        if (!m || g[i].g != g[m - 1].g || g[i].ref != g[m - 1].ref)
            g[m++] = g[i];
    rs->ig = us_malloc(rs->alc, (m + 1) * sizeof *rs->ig);
    rs->iref = us_malloc(rs->alc, (m + 1) * sizeof *rs->iref);
    if (!rs->ig || !rs->iref) {
        us_free(rs->alc, g);
        return -1;
    }
    for (size_t i = 0; i < m; i++) {
        rs->ig[i] = g[i].g;
        rs->iref[i] = g[i].ref;
    }
    rs->ni = m;
    us_free(rs->alc, g);
    return 0;
}

unspun_status unspun_refset_seal(unspun_refset *rs, unspun_worker *w,
                                 unspun_error *err)
{
    if (!rs || !w || rs->sealed || w->eng != rs->eng)
        return us_fail(err, UNSPUN_E_ARG, SIZE_MAX, 0);
    /* The thesaurus's sections that are read whole, once per engine. */
    unspun_status rc = us_thes_verify(rs->eng, err);
    if (rc)
        return rc;
    if (build_index(rs)) {
        us_free(rs->alc, rs->ig);
        us_free(rs->alc, rs->iref);
        rs->ig = NULL;
        rs->iref = NULL;
        rs->ni = 0;
        return us_fail(err, UNSPUN_E_NOMEM, SIZE_MAX, 0);
    }
    rs->sealed = 1;
    return UNSPUN_OK;
}

/* ---- picking references for a document ---- */

/* Does a reference sharing `c` of the document's `ng` shingles share
 * enough to be used? A given original (not a peer) may also be used by a
 * short document that shares a third of its shingles: a rewritten
 * sentence keeps few word pairs ("The bluecoat was clear." keeps one of
 * "The police said the law was clear."), and the aligner still asks for
 * half of the document's words matched. */
static int enough_shared(size_t c, size_t ng, int peers)
{
    if (!peers && c > 0 && 3 * c >= ng)
        return 1;
    return c >= MIN_SHARED && (double)c >= MIN_SHARE * (double)ng;
}

/* ... and to be on its story, among peers or not? */
static int on_story_share(size_t c, size_t ng, int peers)
{
    return enough_shared(c, ng, peers) &&
           (!peers || (double)c >= MIN_SHARE_PEERS * (double)ng);
}

/* Shingles held by more of a pool of n documents than this say nothing. */
static size_t max_df(size_t n)
{
    return n / 10 > 16 ? n / 10 : 16;
}

/* The document's distinct shingles (pairs of neighbouring words, one of
 * them a content word), sorted, into g[] (doc->n places); their count, or
 * -1 when out of memory. What a document is picked by, and picks with. */
static long doc_shingles(const unspun_allocator *alc, const us_wseq *doc,
                         uint64_t *g)
{
    size_t ng = 0;
    for (size_t i = 0; i + 1 < doc->n; i++)
        if (doc->weight[i] == 2 || doc->weight[i + 1] == 2)
            g[ng++] = shingle(doc->key[i], doc->key[i + 1]);
    if (us_radix_sort(alc, g, ng, sizeof *g, 0, 8))
        return -1;
    return (long)uniq_u64(g, ng);
}

long us_refset_pick(const unspun_refset *rs, const us_wseq *doc, size_t max,
                    size_t skip, uint32_t flags, uint32_t *out, uint32_t *story,
                    size_t smax, size_t *nstory)
{
    const unspun_allocator *alc = rs->alc;
    if (nstory)
        *nstory = 0;
    if (!rs->n || doc->n < 2 || !max)
        return 0;
    uint64_t *g = us_malloc(alc, doc->n * sizeof *g);
    size_t *cnt = us_calloc(alc, rs->n, sizeof *cnt);
    /* per distinct shingle: its index range, and whether it is explained */
    size_t *lo = us_malloc(alc, doc->n * sizeof *lo);
    size_t *hi = us_malloc(alc, doc->n * sizeof *hi);
    unsigned char *done = us_calloc(alc, doc->n, 1);
    unsigned char *on_story = us_calloc(alc, rs->n, 1);
    int peers = (flags & UNSPUN_REF_PEERS) != 0;
    long nout = -1;
    if (!g || !cnt || !lo || !hi || !done || !on_story)
        goto out;
    long sg = doc_shingles(alc, doc, g);
    if (sg < 0)
        goto out;
    size_t ng = (size_t)sg;
    size_t maxdf = max_df(rs->n);
    size_t nuse = 0;
    for (size_t i = 0; i < ng; i++) {
        size_t a = 0, b = rs->ni;
        while (a < b) {
            size_t m = a + (b - a) / 2;
            if (rs->ig[m] < g[i])
                a = m + 1;
            else
                b = m;
        }
        size_t e = a;
        while (e < rs->ni && rs->ig[e] == g[i])
            e++;
        if (e == a || e - a > maxdf)
            continue;
        lo[nuse] = a;
        hi[nuse] = e;
        nuse++;
    }
    nout = 0;
    while ((size_t)nout < max) {
        /* Shingles each reference shares with the document, of those no
         * reference picked so far covers (all of them at first). */
        memset(cnt, 0, rs->n * sizeof *cnt);
        for (size_t i = 0; i < nuse; i++)
            if (!done[i])
                for (size_t k = lo[i]; k < hi[i]; k++)
                    cnt[rs->iref[k]]++;
        if (!nout)
            for (size_t r = 0; r < rs->n; r++)
                on_story[r] =
                    r + 1 != skip && on_story_share(cnt[r], ng, peers);
        if (!nout && story && nstory) {
            /* The story: every reference sharing enough, best first (an
             * insertion sort into at most smax places). */
            size_t ns = 0;
            for (size_t r = 0; r < rs->n; r++) {
                if (!on_story[r])
                    continue;
                size_t at = ns < smax ? ns++ : smax;
                while (at > 0 && cnt[story[at - 1]] < cnt[r]) {
                    if (at < smax)
                        story[at] = story[at - 1];
                    at--;
                }
                if (at < smax)
                    story[at] = (uint32_t)r;
            }
            *nstory = ns;
        }
        size_t best = SIZE_MAX;
        for (size_t r = 0; r < rs->n; r++) {
            if (r + 1 == skip || (peers && !on_story[r]))
                continue;
            if (best == SIZE_MAX || cnt[r] > cnt[best])
                best = r;
        }
        if (best == SIZE_MAX || !enough_shared(cnt[best], ng, peers))
            break;
        out[nout++] = (uint32_t)best;
        for (size_t i = 0; i < nuse; i++)
            for (size_t k = lo[i]; k < hi[i] && !done[i]; k++)
                if (rs->iref[k] == best)
                    done[i] = 1;
    }
out:
    us_free(alc, g);
    us_free(alc, cnt);
    us_free(alc, lo);
    us_free(alc, hi);
    us_free(alc, done);
    us_free(alc, on_story);
    return nout;
}

/* ---- stories among a set of documents, before any pool exists ---- */

#define PAIR_MAX 1024 /* rows of the pair matrix at a time (4 KiB each) */

int us_story_fingerprint(us_lexicon *lx, const us_tokens *t, const char *text,
                         uint64_t **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    us_wseq doc;
    if (us_wseq_build(lx, t, text, &doc))
        return -1;
    /* As doc_shingles, unsorted: unspun_story_links sorts them all at
     * once, which costs a scan less than sorting each. */
    uint64_t *g = us_malloc(lx->alc, (doc.n + 1) * sizeof *g);
    size_t ng = 0;
    for (size_t i = 0; g && i + 1 < doc.n; i++)
        if (doc.weight[i] == 2 || doc.weight[i + 1] == 2)
            g[ng++] = shingle(doc.key[i], doc.key[i + 1]);
    us_wseq_free(&doc, lx->alc);
    if (!g)
        return -1;
    *out = g;
    *n = ng;
    return 0;
}

unspun_status unspun_story_links(const uint64_t *const *fp, const size_t *nfp,
                                 size_t n, uint32_t ref_flags,
                                 unsigned char *linked)
{
    if (n && (!fp || !nfp || !linked))
        return UNSPUN_E_ARG;
    size_t total = 0;
    for (size_t r = 0; r < n; r++) {
        if (nfp[r] && !fp[r])
            return UNSPUN_E_ARG;
        total += nfp[r];
    }
    if (!n)
        return UNSPUN_OK;
    memset(linked, 0, n);
    /* The index a pool of exactly these documents would have (build_index):
     * (shingle, document), sorted, each pair once; and each document's
     * count of distinct shingles, as doc_shingles gives it to the picker. */
    const unspun_allocator *alc = &us_default_allocator;
    gref *g = us_malloc(alc, (total + 1) * sizeof *g);
    size_t *ng = us_calloc(alc, n, sizeof *ng);
    uint32_t *pair = NULL;
    unspun_status rc = UNSPUN_E_NOMEM;
    if (!g || !ng)
        goto out;
    size_t m = 0;
    for (size_t r = 0; r < n; r++)
        for (size_t i = 0; i < nfp[r]; i++) {
            g[m].g = fp[r][i];
            g[m++].ref = (uint32_t)r;
        }
    if (us_radix_sort(alc, g, m, sizeof *g, 0, 8))
        goto out;
    size_t u = 0;
    for (size_t i = 0; i < m; i++)
        if (!u || g[i].g != g[u - 1].g || g[i].ref != g[u - 1].ref) {
            g[u++] = g[i];
            ng[g[i].ref]++;
        }
    m = u;
    /* For each document, what us_refset_pick counts on that pool with the
     * document skipped: the shingles it shares with each other one, of
     * those at most max_df(n) documents hold. Each shingle held by 2 to
     * max_df(n) documents counts once for every pair of them: a matrix,
     * PAIR_MAX rows at a time. */
    size_t maxdf = max_df(n);
    int peers = (ref_flags & UNSPUN_REF_PEERS) != 0;
    size_t rows = n <= PAIR_MAX ? n : PAIR_MAX;
    pair = us_malloc(alc, rows * n * sizeof *pair);
    if (!pair)
        goto out;
    for (size_t d0 = 0; d0 < n; d0 += rows) {
        memset(pair, 0, rows * n * sizeof *pair);
        for (size_t a = 0; a < m;) {
            size_t e = a + 1;
            while (e < m && g[e].g == g[a].g)
                e++;
            if (e - a >= 2 && e - a <= maxdf)
                for (size_t x = a; x < e; x++) {
                    size_t d = g[x].ref;
                    if (d < d0 || d >= d0 + rows)
                        continue;
                    for (size_t y = a; y < e; y++)
                        pair[(d - d0) * n + g[y].ref] += x != y;
                }
            a = e;
        }
        for (size_t d = d0; d < d0 + rows && d < n; d++)
            for (size_t r = 0; r < n && !linked[d]; r++)
                linked[d] = r != d && on_story_share(pair[(d - d0) * n + r],
                                                     ng[d], peers);
    }
    rc = UNSPUN_OK;
out:
    us_free(alc, g);
    us_free(alc, ng);
    us_free(alc, pair);
    return rc;
}
