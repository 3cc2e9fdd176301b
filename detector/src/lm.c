/* lm.c - the language model's probabilities and the document's stream.
 *
 * A probability is one to three binary searches: the bigram nodes of the
 * predicted word (by the previous word), then that node's trigram nodes
 * (by the word before). Keys pack the history word above its codes, so a
 * search compares whole keys. The layout was checked at load (unigram
 * ranges); trigram ranges are checked here, where they are used, which
 * keeps start-up from touching the whole table, and so are the bigram
 * and trigram keys' checksums, a block at a time (key_at). */
#include "lm.h"
#include "wordform.h"

#include <string.h>

/* Key i of section `sec` (lm-bi or lm-tri), its block verified first
 * (data.h: these tables are checked a block at a time, as used); a key
 * of a corrupt block reads as UINT32_MAX, and the document fails with
 * UNSPUN_E_DATA (us_engine_corrupt). */
static inline uint32_t key_at(const unspun_engine *e, int sec,
                              const uint32_t *keys, uint32_t i)
{
    return us_engine_block1(e, sec, (uint64_t)i * 4) ? keys[i] : UINT32_MAX;
}

/* Ranges of at most FIND_SHORT keys are binary-searched; longer ones are
 * narrowed by interpolation first (find). */
#define FIND_SHORT 32

/* Where interpolation guesses history h among keys[lo, hi), whose ends
 * hold histories a < h <= b. */
static inline uint32_t interpolate(uint32_t lo, uint32_t hi, uint32_t a,
                                   uint32_t b, uint32_t h)
{
    uint64_t span = (uint64_t)(hi - 1 - lo);
    return lo + (uint32_t)(span * (h - a) / (b - a));
}

/* The node of history `h` among keys[lo, hi) of section `sec`, or
 * US_NONE. */
static uint32_t find(const unspun_engine *e, int sec, const uint32_t *keys,
                     uint32_t lo, uint32_t hi, uint32_t h)
{
    const uint32_t want = h << 15, end = hi;
    /* Interpolation first, as Sphinx searches its trie: word ids spread
     * over the range about evenly, so a guess from the key lands near the
     * node and long ranges (the histories of "the") take a few probes
     * instead of seventeen. Each step keeps keys[lo-1] < want <= keys[hi]
     * (with the range's ends as sentinels), then a binary search ends. */
    while (hi - lo > FIND_SHORT) {
        uint32_t a = us_lm_key_word(key_at(e, sec, keys, lo)),
                 b = us_lm_key_word(key_at(e, sec, keys, hi - 1));
        if (h <= a) {
            hi = lo + 1;
            break;
        }
        if (h > b) {
            lo = hi;
            break;
        }
        uint32_t guess = interpolate(lo, hi, a, b, h);
        if (guess <= lo)
            guess = lo + 1;
        if (key_at(e, sec, keys, guess) < want) {
            lo = guess + 1;
        } else if (key_at(e, sec, keys, guess - 1) < want) {
            lo = guess; /* guess > lo: keys[guess - 1] is in the range */
            hi = guess + 1;
            break;
        } else {
            hi = guess; /* the node is before guess: the range shrinks */
        }
    }
    /* At most 33 keys are left (132 bytes: two blocks at most, checked
     * once) for the binary search, and the one at lo after it. */
    uint32_t last = hi < end ? hi : end - 1;
    if (lo > last || !us_engine_block1(e, sec, (uint64_t)lo * 4) ||
        !us_engine_block1(e, sec, (uint64_t)last * 4))
        return US_NONE;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (keys[mid] < want)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < end && us_lm_key_word(keys[lo]) == h ? lo : US_NONE;
}

/* The trigram range of bigram node j: [*t0, *t1), its end cut at the
 * table's (ranges are checked where used: lm.c's head comment). */
static void tri_range(const unspun_engine *e, uint32_t j, uint32_t *t0,
                      uint32_t *t1)
{
    if (!us_engine_blocks(e, US_SEC_LM_BI_NEXT, (uint64_t)j * US_LM_NEXT_BYTES,
                          2 * US_LM_NEXT_BYTES)) {
        *t0 = *t1 = 0;
        return;
    }
    *t0 = us_lm_next(e->lm_bi_next, j);
    *t1 = us_lm_next(e->lm_bi_next, j + 1);
    if (*t1 > e->hd->n_lm_tri)
        *t1 = e->hd->n_lm_tri;
}

/* The bigram node "h w" (history h, predicted w), or US_NONE. */
static uint32_t bigram(const unspun_engine *e, uint32_t h, uint32_t w)
{
    const us_lm_uni *u = &e->lm_uni[w];
    if (u[0].bi == u[1].bi)
        return US_NONE;
    return find(e, US_SEC_LM_BI, e->lm_bi, u[0].bi, u[1].bi, h);
}

/* ln backoff weight of the history "h2 h1" (0 when the model has no such
 * bigram: nothing to back off from). */
static double backoff2(const unspun_engine *e, uint32_t h2, uint32_t h1)
{
    uint32_t j = bigram(e, h2, h1);
    return j == US_NONE ? 0.0 : e->lm_q->bi_bo[us_lm_key_bo(e->lm_bi[j])];
}

double us_lm_prob_n(const unspun_engine *e, uint32_t h2, uint32_t h1,
                    uint32_t w, int *order)
{
    const uint32_t n = e->hd->n_lm;
    *order = 0;
    if (w >= n)
        return -30.0; /* not a model word: callers avoid asking */
    *order = 1;
    if (h1 >= n)
        return e->lm_uni[w].prob;
    uint32_t j = bigram(e, h1, w);
    if (j == US_NONE) {
        double p = e->lm_uni[w].prob + e->lm_uni[h1].bo;
        return h2 < n ? p + backoff2(e, h2, h1) : p;
    }
    *order = 2;
    double p2 = e->lm_q->bi_prob[us_lm_key_prob(e->lm_bi[j])];
    if (h2 >= n)
        return p2;
    uint32_t t0, t1;
    tri_range(e, j, &t0, &t1);
    if (t0 < t1) {
        uint32_t t = find(e, US_SEC_LM_TRI, e->lm_tri, t0, t1, h2);
        if (t != US_NONE) {
            *order = 3;
            return e->lm_q->tri_prob[us_lm_key_prob(e->lm_tri[t])];
        }
    }
    return p2 + backoff2(e, h2, h1);
}

double us_lm_prob(const unspun_engine *e, uint32_t h2, uint32_t h1, uint32_t w)
{
    int order;
    return us_lm_prob_n(e, h2, h1, w, &order);
}

double us_lm_seq(const unspun_engine *e, const uint32_t *s, size_t n,
                 size_t from)
{
    double sum = 0;
    for (size_t k = from; k < n; k++) {
        if (s[k] == US_LM_BREAK)
            continue;
        uint32_t h1 = k >= 1 ? s[k - 1] : US_LM_BREAK;
        uint32_t h2 = k >= 2 && h1 != US_LM_BREAK ? s[k - 2] : US_LM_BREAK;
        sum += us_lm_prob(e, h2, h1, s[k]);
    }
    return sum;
}

static int push(unspun_worker *w, uint32_t x)
{
    if (w->nlms == w->caplms) {
        void *p = w->lms;
        if (us_grow(w->alc, &p, &w->caplms, w->nlms + 1, sizeof *w->lms))
            return -1;
        w->lms = p;
    }
    w->lms[w->nlms++] = x;
    return 0;
}

/* The model word of token i, joined with a possessive at i + 1 when the
 * model knows the pair ("company's"); *joined says so. */
static uint32_t token_lm(const unspun_worker *w, size_t i, int *joined)
{
    const unspun_engine *e = w->eng;
    const us_tokens *t = &w->toks;
    const us_token *k = &t->tok[i];
    *joined = 0;
    if (k->kind == US_TOK_NUM)
        return e->lm_num;
    if (k->kind != US_TOK_WORD)
        return US_LM_BREAK;
    if (i + 1 < t->n && (t->tok[i + 1].flags & US_TF_CLITIC) &&
        k->norm_len + t->tok[i + 1].norm_len < 64) {
        char buf[64];
        size_t a = k->norm_len, b = t->tok[i + 1].norm_len;
        memcpy(buf, us_tok_norm(t, k), a);
        memcpy(buf + a, us_tok_norm(t, &t->tok[i + 1]), b);
        uint32_t id = us_engine_word(e, buf, a + b);
        uint32_t m = us_lm_of(e, id);
        if (m != US_LM_BREAK) {
            *joined = 1;
            return m;
        }
    }
    return us_lm_word(w, i);
}

uint32_t us_lm_word(const unspun_worker *w, size_t i)
{
    const unspun_engine *e = w->eng;
    const us_token *k = &w->toks.tok[i];
    uint32_t us = us_form_us_spelling(e, us_tok_norm(&w->toks, k), k->norm_len);
    uint32_t m = us != US_NONE ? us_word(e, us)->lm : US_NONE;
    return m != US_NONE ? m : us_lm_of(e, k->id);
}

int us_lm_stream(unspun_worker *w)
{
    const unspun_engine *e = w->eng;
    const us_tokens *t = &w->toks;
    void *p = w->tok_lms;
    if (us_grow(w->alc, &p, &w->captoklms, t->n ? t->n : 1, sizeof *w->tok_lms))
        return -1;
    w->tok_lms = p;
    w->nlms = 0;
    uint32_t bos = e->hd->lm_bos, eos = e->hd->lm_eos;
    int joined = 0; /* the previous token took this clitic in */
    for (size_t i = 0; i < t->n; i++) {
        const us_token *k = &t->tok[i];
        w->tok_lms[i] = US_NONE;
        if (i == 0 || (k->flags & US_TF_SENT)) {
            if (w->nlms && eos != US_NONE && push(w, eos))
                return -1;
            if (push(w, bos))
                return -1;
        }
        if (k->kind == US_TOK_PUNCT)
            continue;
        if (joined) {
            joined = 0;
            continue;
        }
        uint32_t m = token_lm(w, i, &joined);
        w->tok_lms[i] = (uint32_t)w->nlms;
        if (push(w, m))
            return -1;
    }
    if (w->nlms && eos != US_NONE && push(w, eos))
        return -1;
    return 0;
}

void us_lm_fluency(const unspun_worker *w, us_fluency *f)
{
    const unspun_engine *e = w->eng;
    double func = 0;
    size_t n = 0, nfunc = 0, low = 0;
    for (size_t p = 1; p < w->nlms; p++) {
        uint32_t x = w->lms[p], h1 = w->lms[p - 1];
        if (x == US_LM_BREAK || x == e->hd->lm_bos || x == e->hd->lm_eos ||
            h1 == US_LM_BREAK || h1 == e->hd->lm_bos)
            continue; /* no history to judge it by */
        uint32_t h2 = p >= 2 ? w->lms[p - 2] : US_LM_BREAK;
        double d = us_lm_prob(e, h2, h1, x) - e->lm_uni[x].prob;
        n++;
        low += d < US_LM_ODD;
        uint32_t id = e->lm_uni[x].word;
        if (id != US_NONE && (us_word(e, id)->flags & US_WF_FUNC)) {
            func += d;
            nfunc++;
        }
    }
    f->words = n;
    f->nfunc = nfunc;
    f->low = low;
    f->func_sum = func;
}

double us_lm_fit(const unspun_worker *w, size_t i, uint32_t x)
{
    const unspun_engine *e = w->eng;
    uint32_t p = i < w->toks.n ? w->tok_lms[i] : US_NONE;
    uint32_t m = us_lm_of(e, x);
    if (p == US_NONE || m == US_LM_BREAK)
        return 0.0;
    double fit = 0;
    uint32_t a = p > 0 ? w->lms[p - 1] : US_LM_BREAK;
    uint32_t b = p + 1 < w->nlms ? w->lms[p + 1] : US_LM_BREAK;
    if (a != US_LM_BREAK && a != e->hd->lm_bos)
        fit += us_lm_prob(e, US_LM_BREAK, a, m) - e->lm_uni[m].prob;
    if (b != US_LM_BREAK && b != e->hd->lm_eos)
        fit += us_lm_prob(e, US_LM_BREAK, m, b) - e->lm_uni[b].prob;
    return fit;
}

/* ---- The five-word window, for many words in its middle ---------------- */

/* ln P(w | h) from bigram node j (US_NONE: backed off to the unigram). */
static double p2_of(const unspun_engine *e, uint32_t j, uint32_t h, uint32_t w)
{
    if (j != US_NONE)
        return e->lm_q->bi_prob[us_lm_key_prob(e->lm_bi[j])];
    return e->lm_uni[w].prob + e->lm_uni[h].bo;
}

/* The trigram "h2 h1 w" under bigram node j of "h1 w": its ln P, or
 * +1 (no such trigram). */
static double p3_of(const unspun_engine *e, uint32_t j, uint32_t h2)
{
    if (j == US_NONE)
        return 1.0;
    uint32_t t0, t1;
    tri_range(e, j, &t0, &t1);
    if (t0 >= t1)
        return 1.0;
    uint32_t t = find(e, US_SEC_LM_TRI, e->lm_tri, t0, t1, h2);
    return t == US_NONE ? 1.0 : e->lm_q->tri_prob[us_lm_key_prob(e->lm_tri[t])];
}

static double bo_of(const unspun_engine *e, uint32_t j)
{
    return j == US_NONE ? 0.0 : e->lm_q->bi_bo[us_lm_key_bo(e->lm_bi[j])];
}

/* Prefetch what find() reads first for history h among keys[lo, hi) of
 * section `sec`: the start of a short range; the ends of a long one, or,
 * once both ends are checked, its first interpolation guess. */
static void prefetch_guess(const unspun_engine *e, int sec,
                           const uint32_t *keys, uint32_t lo, uint32_t hi,
                           uint32_t h)
{
    if (hi - lo <= FIND_SHORT) {
        us_engine_prefetch(e, sec, (uint64_t)lo * 4);
        return;
    }
    if (!us_engine_block_ok(e, sec, (uint64_t)lo * 4) ||
        !us_engine_block_ok(e, sec, (uint64_t)(hi - 1) * 4)) {
        us_engine_prefetch(e, sec, (uint64_t)lo * 4);
        us_engine_prefetch(e, sec, (uint64_t)(hi - 1) * 4);
        return;
    }
    uint32_t a = us_lm_key_word(keys[lo]), b = us_lm_key_word(keys[hi - 1]);
    if (h <= a || h > b)
        return;
    us_engine_prefetch(e, sec, (uint64_t)interpolate(lo, hi, a, b, h) * 4);
}

void us_lm_win_prefetch(const unspun_engine *e, const us_lm_win *c, uint32_t x)
{
    const uint32_t n = e->hd->n_lm;
    if (x >= n)
        return;
    const us_lm_uni *u = &e->lm_uni[x];
    if (c->v[1] < n && u[0].bi < u[1].bi && u[1].bi <= e->hd->n_lm_bi)
        prefetch_guess(e, US_SEC_LM_BI, e->lm_bi, u[0].bi, u[1].bi, c->v[1]);
    if (c->v[3] < n) {
        const us_lm_uni *r = &e->lm_uni[c->v[3]];
        if (r[0].bi < r[1].bi && r[1].bi <= e->hd->n_lm_bi)
            prefetch_guess(e, US_SEC_LM_BI, e->lm_bi, r[0].bi, r[1].bi, x);
    }
}

void us_lm_win_init(const unspun_engine *e, const uint32_t win[5], us_lm_win *c)
{
    const uint32_t n = e->hd->n_lm;
    memcpy(c->v, win, sizeof c->v);
    /* as us_lm_seq reads them: no h2 without an h1 */
    if (c->v[1] >= n)
        c->v[0] = US_LM_BREAK;
    c->bo_h = c->v[0] < n ? backoff2(e, c->v[0], c->v[1]) : 0.0;
    c->j_rr = US_NONE;
    c->p_rr = 0;
    if (c->v[3] < n && c->v[4] < n) {
        c->j_rr = bigram(e, c->v[3], c->v[4]);
        c->p_rr = p2_of(e, c->j_rr, c->v[3], c->v[4]);
    } else if (c->v[4] < n) {
        c->p_rr = e->lm_uni[c->v[4]].prob;
    }
}

void us_lm_win_nodes(const unspun_engine *e, const us_lm_win *c, uint32_t x,
                     us_lm_nodes *nd)
{
    const uint32_t n = e->hd->n_lm;
    nd->hx = nd->xr = US_NONE;
    if (x >= n)
        return;
    if (c->v[1] < n)
        nd->hx = bigram(e, c->v[1], x);
    if (c->v[3] < n)
        nd->xr = bigram(e, x, c->v[3]);
    if (nd->hx != US_NONE)
        us_engine_prefetch(e, US_SEC_LM_BI_NEXT,
                           (uint64_t)nd->hx * US_LM_NEXT_BYTES);
    if (nd->xr != US_NONE)
        us_engine_prefetch(e, US_SEC_LM_BI_NEXT,
                           (uint64_t)nd->xr * US_LM_NEXT_BYTES);
}

/* Prefetch the first guess of the trigram search for history h among
 * the trigram nodes of bigram node j. */
static void prefetch_tri(const unspun_engine *e, uint32_t j, uint32_t h)
{
    if (j == US_NONE || h >= e->hd->n_lm)
        return;
    uint32_t t0, t1;
    tri_range(e, j, &t0, &t1);
    if (t0 < t1)
        prefetch_guess(e, US_SEC_LM_TRI, e->lm_tri, t0, t1, h);
}

void us_lm_win_prefetch_tri(const unspun_engine *e, const us_lm_win *c,
                            uint32_t x, const us_lm_nodes *nd)
{
    if (x >= e->hd->n_lm)
        return;
    prefetch_tri(e, nd->hx, c->v[0]);
    prefetch_tri(e, nd->xr, c->v[1]);
    if (c->v[3] < e->hd->n_lm)
        prefetch_tri(e, c->j_rr, x);
}

double us_lm_win_score_at(const unspun_engine *e, const us_lm_win *c,
                          uint32_t x, const us_lm_nodes *nd)
{
    const uint32_t n = e->hd->n_lm;
    const uint32_t h2 = c->v[0], h1 = c->v[1], r1 = c->v[3], r2 = c->v[4];
    if (x >= n)
        return -30.0;
    double s;
    const uint32_t j_hx = nd->hx; /* "h1 x" */
    if (h1 >= n) {
        s = e->lm_uni[x].prob;
    } else {
        double p3 = h2 < n ? p3_of(e, j_hx, h2) : 1.0;
        s = p3 <= 0 ? p3 : p2_of(e, j_hx, h1, x) + (h2 < n ? c->bo_h : 0.0);
    }
    const uint32_t j_xr = nd->xr; /* "x r1" */
    if (r1 < n) {
        double p3 = h1 < n ? p3_of(e, j_xr, h1) : 1.0;
        s += p3 <= 0 ? p3
                     : p2_of(e, j_xr, x, r1) + (h1 < n ? bo_of(e, j_hx) : 0.0);
    }
    if (r2 < n) {
        if (r1 >= n) {
            s += c->p_rr; /* no history: the unigram */
        } else {
            double p3 = p3_of(e, c->j_rr, x);
            s += p3 <= 0 ? p3 : c->p_rr + bo_of(e, j_xr);
        }
    }
    return s;
}

double us_lm_win_score(const unspun_engine *e, const us_lm_win *c, uint32_t x)
{
    us_lm_nodes nd;
    us_lm_win_nodes(e, c, x, &nd);
    return us_lm_win_score_at(e, c, x, &nd);
}
