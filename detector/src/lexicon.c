/* lexicon.c - one analysis per word type.
 *
 * Words of the compiled vocabulary were analysed at build time (Hunspell,
 * Snowball, thesaurus): looking them up is one hash probe. Other words are
 * analysed here once per worker and cached, so the cost follows the number
 * of distinct unknown words, not the number of tokens: a Snowball stem,
 * and whether Hunspell accepts the word, answered by the compiled set of
 * every form Hunspell's en_US and en_GB dictionaries generate (loading
 * Hunspell itself costs 0.1-0.2 s per process and per thread). */
#include <stdio.h>
#include <string.h>

#include <utf8proc.h>

#include "error.h"
#include "lexicon.h"
#include "refkey.h"

#define OOV_CACHE_MAX (1u << 20) /* entries before the cache is emptied */

void us_lex_init(us_lexicon *lx, const unspun_engine *e,
                 const unspun_allocator *alc)
{
    memset(lx, 0, sizeof *lx);
    lx->eng = e;
    lx->alc = alc;
    us_buf_init(&lx->oov_pool, alc);
}

void us_lex_free(us_lexicon *lx)
{
    const unspun_allocator *alc = lx->alc;
    us_free(alc, lx->oov);
    us_free(alc, lx->oov_slots);
    us_buf_free(&lx->oov_pool);
    us_free(alc, lx->tcache);
    us_free(alc, lx->docset);
    us_free(alc, lx->docbits);
    us_free(alc, lx->topic);
    if (lx->stemmer)
        sb_stemmer_delete(lx->stemmer);
    us_lex_init(lx, lx->eng, alc);
}

void us_lex_reset(us_lexicon *lx)
{
    lx->noov = 0;
    lx->oov_pool.len = 0;
    if (lx->oov_slots)
        memset(lx->oov_slots, 0, lx->noov_slots * sizeof *lx->oov_slots);
}

/* The lexicon's stemmer, made on first use; NULL when out of memory. */
static struct sb_stemmer *stemmer(us_lexicon *lx)
{
    if (!lx->stemmer)
        lx->stemmer = sb_stemmer_new("english", NULL);
    return lx->stemmer;
}

int us_lex_key(us_lexicon *lx, const char *s, size_t n, uint64_t *out)
{
    struct sb_stemmer *st = us_alpha_word(s, n) ? stemmer(lx) : NULL;
    if (!st && us_alpha_word(s, n))
        return -1;
    return us_norm_key(st, s, n, out);
}

static int oov_rehash(us_lexicon *lx)
{
    size_t ns = lx->noov_slots ? lx->noov_slots * 2 : 1024;
    uint32_t *sl = us_calloc(lx->alc, ns, sizeof *sl);
    if (!sl)
        return -1;
    for (size_t i = 0; i < lx->noov; i++) {
        const us_oov *o = &lx->oov[i];
        size_t h = us_hash_str(lx->oov_pool.data + o->norm, o->len) & (ns - 1);
        while (sl[h])
            h = (h + 1) & (ns - 1);
        sl[h] = (uint32_t)i + 1;
    }
    us_free(lx->alc, lx->oov_slots);
    lx->oov_slots = sl;
    lx->noov_slots = ns;
    return 0;
}

/* Does Hunspell know the word type `norm` (lower case, n <= 100 bytes)
 * only capitalised: "Paris", or all in capitals: "NASA"? A question about
 * the type, never about the spelling met first: the cache below answers it
 * once for every later document and spelling, so an answer taken from the
 * first spelling seen made a document's score depend on which documents,
 * and which of its own spellings, came before (issue 12: "JSON" in one
 * file changed the score of a file that writes "json"). The vocabulary's
 * flags are made from the type the same way (wordlists/compile.c). */
static int known_capitalised(const unspun_engine *e, const char *norm, size_t n)
{
    char title[4 * 101], upper[4 * 101];
    size_t tl = 0, ul = 0;
    if (n == 0 || n > 100)
        return 0;
    const utf8proc_uint8_t *s = (const utf8proc_uint8_t *)norm;
    for (size_t i = 0; i < n;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t m =
            utf8proc_iterate(s + i, (utf8proc_ssize_t)(n - i), &cp);
        if (m <= 0)
            return 0; /* the tokenizer checked the UTF-8: cannot happen */
        utf8proc_int32_t up = utf8proc_toupper(cp);
        tl += (size_t)utf8proc_encode_char(i ? cp : up,
                                           (utf8proc_uint8_t *)title + tl);
        ul += (size_t)utf8proc_encode_char(up, (utf8proc_uint8_t *)upper + ul);
        i += (size_t)m;
    }
    return us_engine_known(e, title, tl) ||
           (n > 1 && us_engine_known(e, upper, ul));
}

/* Analyse an unknown word from its normalised form alone; `sn`, the length
 * of the bytes as written, only bounds the work. */
static unspun_status analyse(us_lexicon *lx, us_oov *o, const char *norm,
                             size_t n, size_t sn, unspun_error *err)
{
    o->stem = US_NONE;
    o->sugg = US_SUGG_UNSET;
    o->flags = 0;
    int alpha = n > 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)norm[i];
        if (!((c >= 'a' && c <= 'z') || c == '\'' || c >= 0x80))
            alpha = 0;
    }
    /* Every word gets a stem, letters or not ("i7", "b6"), so stem
     * sequences such as fingerprints match whatever the word is made of. */
    struct sb_stemmer *sb = stemmer(lx);
    if (!sb)
        return us_fail(err, UNSPUN_E_NOMEM, SIZE_MAX, 0);
    const sb_symbol *st = sb_stemmer_stem(sb, (const sb_symbol *)norm, (int)n);
    if (!st)
        return us_fail(err, UNSPUN_E_NOMEM, SIZE_MAX, 0);
    o->stem = us_engine_stem(lx->eng, (const char *)st,
                             (size_t)sb_stemmer_length(sb));
    if (!alpha)
        return UNSPUN_OK;
    o->flags |= US_WF_ALPHA;
    if (n > 100 || sn > 100)
        return UNSPUN_OK; /* nothing that long is a dictionary word */
    if (us_engine_known(lx->eng, norm, n)) {
        o->flags |= US_WF_KNOWN;
        return UNSPUN_OK;
    }
    if (known_capitalised(lx->eng, norm, n))
        o->flags |= US_WF_KNOWN | US_WF_PROPER;
    return UNSPUN_OK;
}

static unspun_status lookup_oov(us_lexicon *lx, const us_tokens *t, us_token *k,
                                unspun_error *err)
{
    const char *norm = us_tok_norm(t, k);
    size_t n = k->norm_len;
    if (lx->noov + 1 > lx->noov_slots / 2 && oov_rehash(lx))
        return us_fail(err, UNSPUN_E_NOMEM, SIZE_MAX, 0);
    size_t mask = lx->noov_slots - 1;
    size_t h = us_hash_str(norm, n) & mask;
    for (; lx->oov_slots[h]; h = (h + 1) & mask) {
        uint32_t i = lx->oov_slots[h] - 1;
        const us_oov *o = &lx->oov[i];
        if (o->len == n && memcmp(lx->oov_pool.data + o->norm, norm, n) == 0) {
            k->id = lx->eng->hd->n_words + i;
            return UNSPUN_OK;
        }
    }
    void *p = lx->oov;
    if (us_grow(lx->alc, &p, &lx->capoov, lx->noov + 1, sizeof *lx->oov))
        return us_fail(err, UNSPUN_E_NOMEM, SIZE_MAX, 0);
    lx->oov = p;
    us_oov *o = &lx->oov[lx->noov];
    o->norm = (uint32_t)lx->oov_pool.len;
    o->len = (uint32_t)n;
    us_buf_put(&lx->oov_pool, norm, n);
    us_buf_putc(&lx->oov_pool, '\0');
    if (lx->oov_pool.failed)
        return us_fail(err, UNSPUN_E_NOMEM, SIZE_MAX, 0);
    unspun_status rc = analyse(lx, o, norm, n, k->end - k->start, err);
    if (rc)
        return rc;
    lx->oov_slots[h] = (uint32_t)lx->noov + 1;
    k->id = lx->eng->hd->n_words + (uint32_t)lx->noov;
    lx->noov++;
    return UNSPUN_OK;
}

unspun_status us_lex_assign(us_lexicon *lx, us_tokens *t, unspun_error *err)
{
    const unspun_engine *e = lx->eng;
    if (lx->noov >= OOV_CACHE_MAX)
        us_lex_reset(lx);
    /* As many entries as the document has tokens (at least 512, at most
     * US_TCACHE_MAX), grown for a longer document and then kept. Zeroed
     * entries are empty (len1 0 matches no word). Sized by the document:
     * at 1 MB a seed-sized one had 200 of its pages zeroed and faulted
     * in for a few hundred words. */
    size_t want = 512;
    while (want < t->n && want < US_TCACHE_MAX)
        want *= 2;
    if (lx->ntcache < want) {
        us_free(lx->alc, lx->tcache);
        lx->ntcache = 0;
        lx->tcache = us_calloc(lx->alc, want, sizeof *lx->tcache);
        if (!lx->tcache)
            return us_fail(err, UNSPUN_E_NOMEM, SIZE_MAX, 0);
        lx->ntcache = want;
    }
    for (size_t i = 0; i < t->n; i++) {
        us_token *k = &t->tok[i];
        if (k->kind == US_TOK_NUM) {
            k->id = e->hd->id_num;
            continue;
        }
        const char *norm = us_tok_norm(t, k);
        uint64_t hash = us_hash_str(norm, k->norm_len);
        struct us_tcache *tc = &lx->tcache[hash & (lx->ntcache - 1)];
        if (tc->hash == hash && tc->len1 == k->norm_len + 1 &&
            !memcmp(us_engine_str(e, us_word(e, tc->id)->str), norm,
                    k->norm_len)) {
            k->id = tc->id;
            continue;
        }
        uint32_t id = us_engine_word_h(e, norm, k->norm_len, hash);
        if (id != US_NONE) {
            tc->hash = hash;
            tc->id = id;
            tc->len1 = k->norm_len + 1;
        }
        if (id != US_NONE) {
            k->id = id;
            continue;
        }
        unspun_status rc = lookup_oov(lx, t, k, err);
        if (rc)
            return rc;
    }
    return UNSPUN_OK;
}

/* Keep x as the best suggestion so far if it is a known, lower-case
 * vocabulary word more common than the current best. */
static void consider(const unspun_engine *e, const char *x, size_t n,
                     uint32_t *best)
{
    uint32_t id = us_engine_word(e, x, n);
    const us_word_rec *r = us_word(e, id); /* us_no_word for US_NONE */
    if (id == US_NONE || (r->flags & (US_WF_PROPER | US_WF_SYMBOL)) ||
        !(r->flags & US_WF_KNOWN))
        return;
    if (*best == US_NONE || r->count > us_word(e, *best)->count)
        *best = id;
}

/* The likeliest word one edit away (a letter deleted, swapped with its
 * neighbour, replaced or inserted): a vocabulary lookup per variant, so
 * hundreds of hash probes instead of Hunspell's suggest, which costs tens
 * of milliseconds a word. The most common known word wins. */
static uint32_t suggest(const unspun_engine *e, const char *word, size_t n)
{
    if (n < 2 || n > 60)
        return US_NONE;
    char buf[64];
    uint32_t best = US_NONE;
    for (size_t i = 0; i < n; i++) { /* deletions */
        memcpy(buf, word, i);
        memcpy(buf + i, word + i + 1, n - i - 1);
        consider(e, buf, n - 1, &best);
    }
    memcpy(buf, word, n);
    for (size_t i = 0; i + 1 < n; i++) { /* transpositions */
        char t = buf[i];
        buf[i] = buf[i + 1];
        buf[i + 1] = t;
        consider(e, buf, n, &best);
        buf[i + 1] = buf[i];
        buf[i] = t;
    }
    for (size_t i = 0; i < n; i++) { /* replacements */
        char orig = buf[i];
        for (char c = 'a'; c <= 'z'; c++)
            if (c != orig) {
                buf[i] = c;
                consider(e, buf, n, &best);
            }
        buf[i] = orig;
    }
    for (size_t i = 0; i <= n; i++) { /* insertions */
        memcpy(buf, word, i);
        memcpy(buf + i + 1, word + i, n - i);
        for (char c = 'a'; c <= 'z'; c++) {
            buf[i] = c;
            consider(e, buf, n + 1, &best);
        }
    }
    return best;
}

uint32_t us_lex_suggest(us_lexicon *lx, uint32_t id)
{
    uint32_t nw = lx->eng->hd->n_words;
    if (id < nw || id - nw >= lx->noov)
        return US_NONE;
    us_oov *o = &lx->oov[id - nw];
    if (o->sugg == US_SUGG_UNSET)
        o->sugg = suggest(lx->eng, lx->oov_pool.data + o->norm, o->len);
    return o->sugg;
}

/* ---- the document's word types ---- */

/* The slot of `id` in a table of `n` slots (a power of 2, never full):
 * where it is, or the empty slot where it would go. */
static struct us_docent *docset_slot(struct us_docent *t, size_t n, uint32_t id)
{
    size_t h = us_hash_pair(id, 0) & (n - 1);
    while (t[h].id != US_NONE && t[h].id != id)
        h = (h + 1) & (n - 1);
    return &t[h];
}

/* Double the document's type table; -1 (table unchanged) when out of
 * memory. */
static int docset_grow(us_lexicon *lx)
{
    size_t ns = lx->ndocset_slots * 2;
    struct us_docent *t = us_malloc(lx->alc, ns * sizeof *t);
    if (!t)
        return -1;
    for (size_t h = 0; h < ns; h++)
        t[h].id = US_NONE;
    for (size_t h = 0; h < lx->ndocset_slots; h++)
        if (lx->docset[h].id != US_NONE)
            *docset_slot(t, ns, lx->docset[h].id) = lx->docset[h];
    us_free(lx->alc, lx->docset);
    lx->docset = t;
    lx->ndocset_slots = lx->capdocset = ns;
    return 0;
}

int us_doc_build(us_lexicon *lx, const us_tokens *t)
{
    /* A bit per vocabulary word: which of them the document has. */
    size_t nbits = (lx->eng->hd->n_words + 63) / 64;
    if (!lx->docbits) {
        lx->docbits = us_calloc(lx->alc, nbits, sizeof *lx->docbits);
        if (!lx->docbits)
            return -1;
    } else {
        memset(lx->docbits, 0, nbits * sizeof *lx->docbits);
    }
    for (size_t i = 0; i < t->n; i++) {
        uint32_t id = t->tok[i].id;
        if (t->tok[i].kind == US_TOK_WORD && id < lx->eng->hd->n_words)
            lx->docbits[id / 64] |= (uint64_t)1 << (id % 64);
    }
    if (++lx->doc_gen == 0) { /* wrapped: forget every stamp */
        if (lx->topic)
            memset(lx->topic, 0, lx->ntopic_slots * sizeof *lx->topic);
        lx->doc_gen = 1;
    }
    lx->ntopic_used = 0;
    /* Types are far fewer than tokens: start small, grow at half load. */
    size_t ns = 64;
    while (ns < 2 * (t->n < 4096 ? t->n : 4096))
        ns <<= 1;
    if (ns > lx->capdocset) {
        struct us_docent *p = us_realloc(
            lx->alc, lx->docset, lx->capdocset * sizeof *p, ns * sizeof *p);
        if (!p)
            return -1;
        lx->docset = p;
        lx->capdocset = ns;
    }
    lx->ndocset_slots = ns;
    size_t used = 0;
    for (size_t h = 0; h < ns; h++)
        lx->docset[h].id = US_NONE;
    for (size_t i = 0; i < t->n; i++) {
        if (t->tok[i].kind != US_TOK_WORD)
            continue;
        if ((used + 1) * 2 > lx->ndocset_slots && docset_grow(lx))
            return -1;
        uint32_t id = t->tok[i].id;
        struct us_docent *e = docset_slot(lx->docset, lx->ndocset_slots, id);
        if (e->id == US_NONE) {
            e->id = id;
            e->count = 0;
            used++;
        }
        e->count++;
    }
    return 0;
}

int us_doc_has(const us_lexicon *lx, uint32_t id)
{
    return id < lx->eng->hd->n_words && (lx->docbits[id / 64] >> (id % 64) & 1);
}

uint32_t us_doc_count(const us_lexicon *lx, uint32_t id)
{
    const struct us_docent *e = docset_slot(lx->docset, lx->ndocset_slots, id);
    return e->id == id ? e->count : 0;
}

/* The association table is checked a block at a time, on first use
 * (data.h): are word r's entries right? */
static int assoc_ok(const unspun_engine *e, const us_word_rec *r)
{
    return !r->nassoc ||
           us_engine_blocks(e, US_SEC_ASSOC,
                            (uint64_t)r->assoc * sizeof(us_assoc_rec),
                            (uint64_t)r->nassoc * sizeof(us_assoc_rec));
}

/* Word x's entry in the topic cache: its own for this document, or the
 * free one where it goes (the cache must have slots). */
static struct us_topicent *topic_slot(const us_lexicon *lx, uint32_t x)
{
    size_t mask = lx->ntopic_slots - 1;
    size_t h = (x * 0x9E3779B1u) & mask;
    while (lx->topic[h].gen == lx->doc_gen && lx->topic[h].id != x)
        h = (h + 1) & mask;
    return &lx->topic[h];
}

/* Twice the slots (1024 at first), this document's entries kept. */
static int topic_grow(us_lexicon *lx)
{
    struct us_topicent *old = lx->topic;
    size_t nold = lx->ntopic_slots, n = nold ? 2 * nold : 1024;
    struct us_topicent *t = us_calloc(lx->alc, n, sizeof *t);
    if (!t)
        return -1;
    lx->topic = t;
    lx->ntopic_slots = n;
    for (size_t i = 0; old && i < nold; i++)
        if (old[i].gen == lx->doc_gen)
            *topic_slot(lx, old[i].id) = old[i];
    us_free(lx->alc, old);
    return 0;
}

double us_doc_topic(us_lexicon *lx, uint32_t x)
{
    if (x >= lx->eng->hd->n_words)
        return 0;
    if (lx->topic) {
        const struct us_topicent *t = topic_slot(lx, x);
        if (t->gen == lx->doc_gen)
            return t->val;
    }
    const unspun_engine *e = lx->eng;
    const us_word_rec *r = us_word(e, x);
    double s = 0;
    if (!assoc_ok(e, r))
        return 0;
    for (uint32_t j = 0; j < r->nassoc; j++) {
        const us_assoc_rec *a = &e->assoc[r->assoc + j];
        if (a->word != x && us_doc_has(lx, a->word))
            s += a->weight;
    }
    /* Cached at most half full; out of memory, the value is not cached
     * (and is the same when asked again). */
    if ((!lx->topic || 2 * (lx->ntopic_used + 1) > lx->ntopic_slots) &&
        topic_grow(lx))
        return s;
    struct us_topicent *t = topic_slot(lx, x);
    t->id = x;
    t->gen = lx->doc_gen;
    t->val = s;
    lx->ntopic_used++;
    return s;
}

double us_assoc_weight(const unspun_engine *e, uint32_t x, uint32_t y)
{
    const us_word_rec *r = us_word(e, x);
    if (!assoc_ok(e, r))
        return 0;
    /* Each word's entries are sorted by the other word's id. */
    const us_assoc_rec *a = &e->assoc[r->assoc];
    uint32_t lo = 0, hi = r->nassoc;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (a[mid].word < y)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < r->nassoc && a[lo].word == y ? a[lo].weight : 0;
}
