/* detect_ref.c - classify the differences between a document and the
 * references it is aligned with.
 *
 * The aligner (align.c) matches words with equal stems. Matched content
 * words, and runs of two or more matched words, are "solid": a spinner
 * cannot have produced them by accident. Between two solid matches of one
 * block lies a difference segment, doc words against reference words,
 * usually a handful. Each segment is explained by the cheapest sequence of
 * relations, found by a small dynamic program over phrase pairs of up to
 * PHRASE words a side:
 *
 *   identical 0, inflection 0.1, spelling variant 0.1, synonym 1 (plus a
 *   little per extra word), function-word rewrite 1 (same), unrelated
 *   single word 2.3, insertion or deletion 1.2 per word.
 *
 * So "state of affairs" against "situation" is one synonym swap (1.1),
 * not a swap plus two insertions, and "have been stated" against "were
 * said" is a function-word rewrite plus a synonym swap. Synonym swaps and
 * function-word rewrites are damage; the rest is not (an unrelated rewrite
 * is editing, not spinning). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "detect_ref.h"
#include "error.h"
#include "lm.h"
#include "thesaurus.h"
#include "wordform.h"
#include "worker.h"

#define PHRASE 4 /* words a side in one relation */
#define SEG_MAX 40
#define MIN_REF_WORDS                                                          \
    20 /* aligned words a reference must explain */ /* longer segments are     \
                                                       left unexplained */
#define CONF_SYNONYM 0.9
#define CONF_SYNONYM_DOUBT 0.7 /* the document's word fits better */
#define FIT_MARGIN 1.0         /* nats of collocation evidence */
#define CONF_FUNCTION 0.75
#define CONF_REWRITE_MIN 0.72 /* a rewrite's pairing, in a long segment */
#define CONF_ONE_SIDED 0.8    /* words only one side has */
#define ONE_SIDED_MAX 6       /* ... at most, else added or dropped matter */
#define US_DIFF_ADDED 99      /* (report_original: such matter, left out) */

void us_refrun_init(us_refrun *rr, const unspun_allocator *alc)
{
    memset(rr, 0, sizeof *rr);
    rr->alc = alc;
    us_buf_init(&rr->sugg, alc);
}

void us_refrun_free(us_refrun *rr)
{
    us_free(rr->alc, rr->arts);
    us_free(rr->alc, rr->explained);
    us_buf_free(&rr->sugg);
    us_refrun_init(rr, rr->alc);
}

/* ---- one relation ---- */

typedef struct side {
    const char *norm; /* normalised form */
    size_t len;
    const char *raw; /* the bytes as written (numbers keep their digits) */
    size_t rawlen;
    uint32_t id; /* vocabulary id or US_NONE */
    uint16_t lflags;
    int number;
} side;

static side doc_word(const unspun_worker *w, const us_wseq *doc, size_t i,
                     const char *text)
{
    const us_token *k = &w->toks.tok[doc->tok[i]];
    side s;
    s.norm = us_tok_norm(&w->toks, k);
    s.len = k->norm_len;
    s.raw = text ? text + k->start : s.norm;
    s.rawlen = text ? k->end - k->start : s.len;
    s.id = k->id < w->eng->hd->n_words ? k->id : US_NONE;
    s.lflags = us_lex_flags(&w->lex, k->id);
    s.number = k->kind == US_TOK_NUM;
    return s;
}

static side ref_word(const us_refdoc *d, size_t i)
{
    const us_rword *r = &d->w[i];
    side s;
    s.norm = d->norm + r->norm;
    s.len = strlen(s.norm);
    s.raw = d->text + r->start;
    s.rawlen = r->end - r->start;
    s.id = r->id;
    s.lflags = r->lflags;
    s.number = (r->lflags & US_WF_SYMBOL) && !(r->lflags & US_WF_ALPHA);
    return s;
}

static int is_func(uint16_t f)
{
    return (f & US_WF_FUNC) != 0;
}

/* ---- lemmas, cached per segment ---- */

#define LEMMAS 4

typedef struct lemmas {
    int done, n;
    uint64_t k[LEMMAS]; /* the word's own key, then its lemmas' */
} lemmas;

/* Lemma look-ups repeat for the same word types: a document-wide memo
 * keyed by the word's normalised form answers each type once. */
typedef struct lemma_memo {
    uint64_t *hash; /* 0: empty */
    lemmas *val;
    size_t cap, n;
} lemma_memo;

/* The lemmas of one segment's words: doc[i] of document word x0 + i,
 * ref[j] of reference word y0 + j. */
typedef struct lemma_cache {
    lemmas *doc, *ref;
    size_t x0, y0;
    lemma_memo *memo;
} lemma_cache;

/* The keys of the lemmas of normalised word s by WordNet's irregular
 * forms, at most `max`; how many. */
static size_t lemma_keys(unspun_worker *w, const char *s, size_t n,
                         uint64_t *keys, size_t max)
{
    uint64_t form;
    if (n == 0 || n >= 64 || !us_alpha_word(s, n) || !w->eng->hd->n_exc ||
        us_lex_key(&w->lex, s, n, &form))
        return 0;
    return us_thes_lemmas(w->eng, form, keys, max);
}

static lemmas *get_lemmas(unspun_worker *w, lemmas *c, side s, uint64_t key,
                          lemma_memo *m)
{
    if (c->done)
        return c;
    uint64_t h = us_hash_str(s.norm, s.len) | 1;
    size_t slot = 0;
    if (m && m->cap) {
        slot = (size_t)(h >> 7) & (m->cap - 1);
        while (m->hash[slot] && m->hash[slot] != h)
            slot = (slot + 1) & (m->cap - 1);
        if (m->hash[slot] == h) {
            *c = m->val[slot];
            c->k[0] = key;
            return c;
        }
    }
    c->done = 1;
    c->k[0] = key;
    c->n = 1 + (int)lemma_keys(w, s.norm, s.len, c->k + 1, LEMMAS - 1);
    if (m && m->cap && m->n * 4 < m->cap * 3) {
        m->hash[slot] = h;
        m->val[slot] = *c;
        m->n++;
    }
    return c;
}

/* ---- pairings of document and reference words ---- */

/* Document words [x, x+a) set against words [y, y+b) of a reference. */
typedef struct span {
    size_t x, a, y, b;
} span;

/* One reference's part of a run: the document's words set against the
 * words of reference r of the pool, and the run that collects what the
 * differences show. */
typedef struct pairing {
    unspun_worker *w;
    const unspun_refset *rs;
    uint32_t r;         /* the reference's index in the pool */
    const us_refdoc *d; /* the reference */
    const us_wseq *doc; /* the document's words */
    us_refrun *rr;
} pairing;

/* The relation of two single words (sp.a == sp.b == 1), cheapest
 * explanation first. */
static int word_relation(const pairing *pr, span sp, double *cost,
                         lemma_cache *lc)
{
    unspun_worker *w = pr->w;
    const unspun_engine *e = w->eng;
    const us_wseq *doc = pr->doc, *ref = &pr->d->seq;
    size_t x = sp.x, y = sp.y;
    side p = doc_word(w, doc, x, pr->rr->text), q = ref_word(pr->d, y);
    int same_key = doc->key[x] == ref->key[y];
    if (same_key) {
        if (p.number || (p.len == q.len && !memcmp(p.norm, q.norm, p.len))) {
            *cost = 0;
            return US_DIFF_IDENTICAL;
        }
        *cost = 0.1;
        if (us_form_inflected(p.norm, p.len, q.norm, q.len))
            return US_DIFF_INFLECTION;
        if (us_form_spelling(w->eng, p.norm, p.len, q.norm, q.len))
            return US_DIFF_SPELLING;
        /* a derivation sharing the stem ("goodness" / "good"): other
         * wording, classified below */
    }
    if ((p.number || q.number) &&
        us_form_number(p.raw, p.rawlen, q.raw, q.rawlen)) {
        *cost = 0.1;
        return US_DIFF_NUMBER;
    }
    /* Cheap tests first; the dictionaries only for words that start
     * alike (variants and irregular forms do: "colour" / "color",
     * "ran" / "run"). */
    int alike =
        !p.number && !q.number && p.len && q.len && p.norm[0] == q.norm[0];
    /* a regular inflection the stemmer leaves apart ("buses" / "bus") */
    if (!same_key && alike && !p.number && !q.number &&
        us_form_inflected(p.norm, p.len, q.norm, q.len)) {
        *cost = 0.1;
        return US_DIFF_INFLECTION;
    }
    if (!same_key && alike &&
        us_form_spelling(w->eng, p.norm, p.len, q.norm, q.len)) {
        *cost = 0.1;
        return US_DIFF_SPELLING;
    }
    /* The thesaurus (and the compiled candidates) first: most pairs a
     * spinner leaves are listed as they stand. */
    if (us_thes_pair(e, doc->key[x], ref->key[y]) ||
        us_thes_has_cand(e, p.id, q.id) || us_thes_has_cand(e, q.id, p.id)) {
        *cost = 1.0;
        return US_DIFF_SYNONYM;
    }
    /* WordNet's lemmas of irregular forms join them ("said" / "say") and
     * let the thesaurus, which lists lemmas, see through inflection
     * ("bought" for "purchased": buy / purchase). */
    int gate = !p.number && !q.number &&
               (alike || (!is_func(p.lflags) && !is_func(q.lflags)));
    if (gate) {
        lemmas *lp =
            get_lemmas(w, &lc->doc[x - lc->x0], p, doc->key[x], lc->memo);
        lemmas *lq =
            get_lemmas(w, &lc->ref[y - lc->y0], q, ref->key[y], lc->memo);
        /* (the words' own keys, k[0], were compared above) */
        for (int i = 0; i < lp->n; i++)
            for (int j = 0; j < lq->n; j++)
                if ((i || j) && lp->k[i] == lq->k[j]) {
                    *cost = 0.1;
                    return US_DIFF_INFLECTION;
                }
        for (int i = 0; i < lp->n; i++)
            for (int j = 0; j < lq->n; j++)
                if (us_thes_pair(e, lp->k[i], lq->k[j])) {
                    *cost = 1.0;
                    return US_DIFF_SYNONYM;
                }
    }
    if (is_func(p.lflags) && is_func(q.lflags)) {
        *cost = 1.0;
        return US_DIFF_FUNCTION;
    }
    *cost = 2.3; /* just under a deletion plus an insertion */
    return US_DIFF_UNRELATED;
}

/* The relation of the words of sp (up to PHRASE a side), with its cost
 * in *cost; -1 when they are no single relation (e.g. several unrelated
 * words). */
static int relation(const pairing *pr, span sp, double *cost, lemma_cache *lc)
{
    const unspun_engine *e = pr->w->eng;
    const us_wseq *doc = pr->doc, *ref = &pr->d->seq;
    size_t a = sp.a, b = sp.b;
    if (a == 0 && b == 1) {
        *cost = 1.2;
        return US_DIFF_DELETION;
    }
    if (a == 1 && b == 0) {
        *cost = 1.2;
        return US_DIFF_INSERTION;
    }
    if (!a || !b)
        return -1;
    if (a == 1 && b == 1)
        return word_relation(pr, sp, cost, lc);
    uint64_t pa = us_phrase_key(doc->key + sp.x, a);
    uint64_t pb = us_phrase_key(ref->key + sp.y, b);
    if ((a == 1 || us_thes_phrase(e, pa)) &&
        (b == 1 || us_thes_phrase(e, pb)) && us_thes_pair(e, pa, pb)) {
        *cost = 1.0 + 0.05 * (double)(a + b - 2);
        return US_DIFF_SYNONYM;
    }
    for (size_t i = 0; i < a; i++)
        if (!is_func(doc_word(pr->w, doc, sp.x + i, NULL).lflags))
            return -1;
    for (size_t i = 0; i < b; i++)
        if (!is_func(ref_word(pr->d, sp.y + i).lflags))
            return -1;
    *cost = 1.0 + 0.1 * (double)(a + b - 2);
    return US_DIFF_FUNCTION;
}

/* ---- segments ---- */

typedef struct cell {
    double cost;
    unsigned char a, b, diff;
} cell;

/* Record an artifact on the document words of sp, with the reference's
 * words of sp as its suggestion. 0, or -1 when out of memory. */
static int add_art(const pairing *pr, span sp, unspun_kind kind, double conf)
{
    us_refrun *rr = pr->rr;
    const us_refdoc *d = pr->d;
    void *p = rr->arts;
    if (us_grow(rr->alc, &p, &rr->caparts, rr->narts + 1, sizeof *rr->arts))
        return -1;
    rr->arts = p;
    us_refart *o = &rr->arts[rr->narts++];
    o->tok_first = pr->doc->tok[sp.x];
    o->tok_last = pr->doc->tok[sp.x + sp.a - 1];
    o->kind = kind;
    o->confidence = conf;
    o->ref = pr->r;
    o->rstart = d->w[sp.y].start;
    o->rend = d->w[sp.y + sp.b - 1].end;
    o->doubt = conf < CONF_SYNONYM && kind == UNSPUN_KIND_SYNONYM;
    o->sugg = (uint32_t)rr->sugg.len;
    us_buf_put(&rr->sugg, d->text + o->rstart, o->rend - o->rstart);
    us_buf_putc(&rr->sugg, '\0');
    return rr->sugg.failed ? -1 : 0;
}

/* Which side of a swap is the spun one? With the known original as the
 * reference it is the document, but a sibling article may itself be the
 * spun text. So ask the background model: when the document's word goes
 * clearly better with its neighbours than the reference's word would, or
 * (among peers, UNSPUN_REF_PEERS) is clearly the more common word, the swap is
 * reported with less confidence, and scored like intrinsic evidence (under the
 * baseline of ordinary English), not as confirmed. */
static double swap_confidence(const pairing *pr, span sp)
{
    const unspun_worker *w = pr->w;
    const unspun_engine *e = w->eng;
    uint32_t flags = pr->rr->flags;
    if (sp.a != 1 || sp.b != 1)
        return CONF_SYNONYM;
    size_t ti = pr->doc->tok[sp.x];
    uint32_t dw = w->toks.tok[ti].id, rw = pr->d->w[sp.y].id;
    if (dw >= e->hd->n_words || rw == US_NONE || rw >= e->hd->n_words)
        return CONF_SYNONYM;
    double fd = us_lm_fit(w, ti, dw), fr = us_lm_fit(w, ti, rw);
    /* Spinners trade words for rarer ones: a document word clearly more
     * common than the reference's is more likely the original. */
    int commoner = (flags & UNSPUN_REF_PEERS) &&
                   us_word(e, dw)->count > 2.0 * us_word(e, rw)->count + 1.0;
    /* Against an original (not --peers) the reference wording is the
     * original: only among peers can the direction be in doubt. */
    if (!(flags & UNSPUN_REF_PEERS))
        return CONF_SYNONYM;
    return fd > fr + FIT_MARGIN || commoner ? CONF_SYNONYM_DOUBT : CONF_SYNONYM;
}

/* Whether the document's words of sp and the reference's are each one run
 * of words, with no punctuation inside. */
static int plain_span(const pairing *pr, span sp)
{
    const us_wseq *doc = pr->doc;
    for (size_t t = doc->tok[sp.x]; t <= doc->tok[sp.x + sp.a - 1]; t++)
        if (pr->w->toks.tok[t].kind == US_TOK_PUNCT)
            return 0;
    const us_refdoc *d = pr->d;
    for (size_t i = d->w[sp.y].start; i < d->w[sp.y + sp.b - 1].end; i++) {
        unsigned char c = (unsigned char)d->text[i];
        if (c < 0x80 && c != ' ' && c != '\'' && c != '-' &&
            !((c | 0x20) >= 'a' && (c | 0x20) <= 'z'))
            return 0;
    }
    return 1;
}

/* Do the document's words of sp form a thesaurus phrase for its one
 * reference word (sp.b == 1)? Then report them as one swap. 1: reported,
 * 0: not a phrase, -1: OOM. */
static int phrase_for_word(const pairing *pr, span sp)
{
    const unspun_engine *e = pr->w->eng;
    const us_wseq *ref = &pr->d->seq;
    uint64_t pa = us_phrase_key(pr->doc->key + sp.x, sp.a);
    uint64_t pb = us_phrase_key(ref->key + sp.y, 1);
    if (!us_thes_phrase(e, pa) || !us_thes_pair(e, pa, pb))
        return 0;
    if (add_art(pr, sp, UNSPUN_KIND_SYNONYM, CONF_SYNONYM))
        return -1;
    pr->rr->diff_words[US_DIFF_SYNONYM] += sp.a;
    return 1;
}

/* Words only the document has (seg: seg.a of them, no reference words),
 * next to a word both have, may be a phrase the spinner put for that one
 * word, which the anchors split: "security department" for "security",
 * "data file" for "file". 1 when reported, -1 when out of memory. */
static int inserted_phrase(const pairing *pr, span seg)
{
    const us_wseq *doc = pr->doc, *ref = &pr->d->seq;
    size_t x0 = seg.x, x1 = seg.x + seg.a, y0 = seg.y, A = seg.a;
    if (!A || A >= PHRASE)
        return 0;
    int rc = 0;
    if (x0 >= 1 && y0 >= 1 && doc->key[x0 - 1] == ref->key[y0 - 1]) {
        span sp = {x0 - 1, A + 1, y0 - 1, 1};
        rc = phrase_for_word(pr, sp);
    }
    if (!rc && x1 < doc->n && y0 < ref->n && doc->key[x1] == ref->key[y0]) {
        span sp = {x0, A + 1, y0, 1};
        rc = phrase_for_word(pr, sp);
    }
    return rc;
}

/* Differences that are no damage: the same word inflected or respelt, a
 * number written another way. (Typography, case and whitespace never
 * reach the classifier: tokens compare by their normalised stems.) */
static int innocent(int d)
{
    return d == US_DIFF_IDENTICAL || d == US_DIFF_INFLECTION ||
           d == US_DIFF_SPELLING || d == US_DIFF_NUMBER;
}

/* One relation of a segment's cheapest explanation. */
typedef struct step {
    span sp;
    int diff;
} step;

/* How sure the pairing of a rewritten stretch with the reference's
 * wording is: certain in a short segment between two solid matches (a
 * word or two changed), less so in a long one, where the cheapest
 * explanation may pair words the writer did not. */
static double pairing_confidence(size_t A, size_t B)
{
    double c = 0.95 - 0.01 * (double)(A + B);
    return c < CONF_REWRITE_MIN ? CONF_REWRITE_MIN : c;
}

/* The cheapest explanation of segment seg (doc words [seg.x, seg.x +
 * seg.a) against reference words [seg.y, seg.y + seg.b), each at most
 * SEG_MAX): dp[x * (seg.b + 1) + y] is the cheapest way to explain the
 * first x document and y reference words, and its last relation. */
static void explain(const pairing *pr, span seg, cell *dp)
{
    size_t A = seg.a, B = seg.b;
    lemmas dl[SEG_MAX], rl[SEG_MAX];
    memset(dl, 0, A * sizeof *dl);
    memset(rl, 0, B * sizeof *rl);
    lemma_cache lc = {dl, rl, seg.x, seg.y, pr->rr->memo};
    size_t W = B + 1;
    for (size_t i = 0; i < (A + 1) * W; i++)
        dp[i].cost = 1e30;
    dp[0].cost = 0;
    for (size_t x = 0; x <= A; x++)
        for (size_t y = 0; y <= B; y++) {
            double c0 = dp[x * W + y].cost;
            if (c0 >= 1e29)
                continue;
            for (size_t a = 0; a <= PHRASE && x + a <= A; a++)
                for (size_t b = 0; b <= PHRASE && y + b <= B; b++) {
                    if (!a && !b)
                        continue;
                    double c;
                    span sp = {seg.x + x, a, seg.y + y, b};
                    int k = relation(pr, sp, &c, &lc);
                    if (k < 0)
                        continue;
                    cell *t = &dp[(x + a) * W + y + b];
                    if (c0 + c < t->cost) {
                        t->cost = c0 + c;
                        t->a = (unsigned char)a;
                        t->b = (unsigned char)b;
                        t->diff = (unsigned char)k;
                    }
                }
        }
}

/* The steps of seg's cheapest explanation (dp, from explain), in
 * document order, into st[]; how many. */
static size_t trace(span seg, const cell *dp, step *st)
{
    size_t W = seg.b + 1, ns = 0;
    for (size_t x = seg.a, y = seg.b; x || y;) {
        const cell *t = &dp[x * W + y];
        x -= t->a;
        y -= t->b;
        step s = {{seg.x + x, t->a, seg.y + y, t->b}, t->diff};
        st[ns++] = s;
    }
    for (size_t i = 0; i < ns / 2; i++) {
        step t = st[i];
        st[i] = st[ns - 1 - i];
        st[ns - 1 - i] = t;
    }
    return ns;
}

/* Count the steps' words by difference, the reference's aligned words,
 * and the document words the reference explains. */
static void count_steps(const pairing *pr, const step *st, size_t ns)
{
    us_refrun *rr = pr->rr;
    for (size_t i = 0; i < ns; i++) {
        const span *s = &st[i].sp;
        rr->diff_words[st[i].diff] += s->a ? s->a : s->b;
        if (s->a && s->b)
            *rr->aligned_now += s->a;
        if (innocent(st[i].diff))
            for (size_t k = 0; k < s->a; k++)
                rr->explained[pr->doc->tok[s->x + k]] = rr->slot_now;
    }
}

/* Whole sentences, or more than a few words, that one side has alone are
 * added or dropped material, not rewording: marked US_DIFF_ADDED, to be
 * left out (the reference's coverage shows them). */
static void mark_added(const pairing *pr, step *st, size_t ns)
{
    const us_wseq *doc = pr->doc, *ref = &pr->d->seq;
    for (size_t i = 0; i < ns;) {
        if (st[i].sp.a && st[i].sp.b) {
            i++;
            continue;
        }
        size_t j = i, da = 0, db = 0;
        while (j < ns && !(st[j].sp.a && st[j].sp.b) && !innocent(st[j].diff)) {
            da += st[j].sp.a;
            db += st[j].sp.b;
            j++;
        }
        if (j == i) {
            i++;
            continue;
        }
        size_t xa = st[i].sp.x, ya = st[i].sp.y;
        int whole =
            (da && doc->brk[xa] && (xa + da >= doc->n || doc->brk[xa + da])) ||
            (db && ref->brk[ya] && (ya + db >= ref->n || ref->brk[ya + db]));
        if (da + db > ONE_SIDED_MAX || whole)
            for (size_t k = i; k < j; k++)
                st[k].diff = US_DIFF_ADDED;
        i = j;
    }
}

/* Report the steps st[k, end) as one artifact: the substitution `sub`
 * (NULL: none) with the one-sided steps around it. Its kind: a synonym
 * swap when sub is one and nothing but function words comes with it, a
 * function-word rewrite when only function words change, else a rewrite
 * (conf: the segment's pairing confidence). Words one side has alone,
 * with no substitution, are shown with the nearest words of both sides.
 * 0, or -1 when out of memory. */
static int report_group(const pairing *pr, const step *st, size_t k, size_t end,
                        const step *sub, double conf)
{
    const us_wseq *doc = pr->doc, *ref = &pr->d->seq;
    span u = {SIZE_MAX, 0, SIZE_MAX, 0}; /* what the steps cover */
    int all_func = 1, content_extra = 0;
    for (size_t t = k; t < end; t++) {
        const span *s = &st[t].sp;
        if (s->a) {
            if (u.x == SIZE_MAX)
                u.x = s->x;
            u.a = s->x + s->a - u.x;
        }
        if (s->b) {
            if (u.y == SIZE_MAX)
                u.y = s->y;
            u.b = s->y + s->b - u.y;
        }
        for (size_t q = 0; q < s->a; q++) {
            all_func &= doc->weight[s->x + q] == 1;
            content_extra |= &st[t] != sub && doc->weight[s->x + q] == 2;
        }
        for (size_t q = 0; q < s->b; q++) {
            all_func &= ref->weight[s->y + q] == 1;
            content_extra |= &st[t] != sub && ref->weight[s->y + q] == 2;
        }
    }
    unspun_kind kind = UNSPUN_KIND_REWRITE;
    double c = conf;
    if (sub) {
        int plain = plain_span(pr, u);
        if (sub->diff == US_DIFF_SYNONYM && !content_extra) {
            kind = UNSPUN_KIND_SYNONYM;
            c = swap_confidence(pr, sub->sp);
        } else if (all_func && plain) {
            kind = UNSPUN_KIND_FUNCTION;
            c = CONF_FUNCTION;
        }
    } else {
        /* words one side has alone, with no substitution next to them:
         * shown with the nearest words of both sides */
        if (all_func)
            kind = UNSPUN_KIND_FUNCTION, c = CONF_FUNCTION;
        else
            c = CONF_ONE_SIDED;
        size_t px = u.x != SIZE_MAX ? u.x : st[k].sp.x;
        size_t py = u.y != SIZE_MAX ? u.y : st[k].sp.y;
        size_t lo = px > 0 ? px - 1 : px;
        size_t hi = px + u.a < doc->n ? px + u.a + 1 : px + u.a;
        size_t rlo = py > 0 ? py - 1 : py;
        size_t rhi = py + u.b < ref->n ? py + u.b + 1 : py + u.b;
        span around = {lo, hi - lo, rlo, rhi - rlo};
        u = around;
        if (!u.a || !u.b)
            return 0;
    }
    return add_art(pr, u, kind, c);
}

/* Against the original every difference in the segment is damage unless
 * innocent: each substitution is an artifact (synonym for a thesaurus or
 * WordNet relation, function-word for closed-class words, else rewrite),
 * and the words one side has alone join the substitution next to them,
 * or, with none, are shown on the nearest words of both sides ("the
 * said" for "the police said"). */
static int report_original(const pairing *pr, span seg, const cell *dp)
{
    step st[2 * SEG_MAX + 2];
    size_t ns = trace(seg, dp, st);
    count_steps(pr, st, ns);
    mark_added(pr, st, ns);
    double conf = pairing_confidence(seg.a, seg.b);
    for (size_t i = 0; i < ns;) {
        if (innocent(st[i].diff) || st[i].diff == US_DIFF_ADDED) {
            i++;
            continue;
        }
        size_t j = i;
        while (j < ns && !innocent(st[j].diff) && st[j].diff != US_DIFF_ADDED)
            j++;
        /* the run st[i, j): its substitutions, each with the one-sided
         * steps up to the next one (those before the first join it) */
        size_t k = i;
        while (k < j) {
            size_t sub = k;
            while (sub < j && !(st[sub].sp.a && st[sub].sp.b))
                sub++;
            size_t end = sub < j ? sub + 1 : j;
            if (sub < j) /* one-sided steps after it, up to the next one */
                while (end < j && !(st[end].sp.a && st[end].sp.b))
                    end++;
            if (report_group(pr, st, k, end, sub < j ? &st[sub] : NULL, conf))
                return -1;
            k = end;
        }
        i = j;
    }
    return 0;
}

/* Among siblings (UNSPUN_REF_PEERS), a segment where relations with
 * unexplained content words (unrelated, inserted, deleted) outnumber the
 * explained ones, or are more than two, is a rewrite by another writer,
 * not spinning: its function words and synonyms pair up by chance, so it
 * yields no artifact. */
static int report_peers(const pairing *pr, span seg, const cell *dp)
{
    us_refrun *rr = pr->rr;
    const us_wseq *doc = pr->doc, *ref = &pr->d->seq;
    size_t W = seg.b + 1, x0 = seg.x, y0 = seg.y;
    size_t loose = 0, held = 0;
    for (size_t x = seg.a, y = seg.b; x || y;) {
        const cell *t = &dp[x * W + y];
        x -= t->a;
        y -= t->b;
        size_t content = 0;
        for (size_t i = 0; i < t->a; i++)
            content += doc->weight[x0 + x + i] == 2;
        for (size_t i = 0; i < t->b; i++)
            content += ref->weight[y0 + y + i] == 2;
        if (!content)
            continue;
        if (!innocent(t->diff) && t->diff >= US_DIFF_UNRELATED)
            loose++;
        else
            held++;
    }
    int rewrite = (rr->flags & UNSPUN_REF_PEERS) && (loose > 2 || loose > held);
    for (size_t x = seg.a, y = seg.b; x || y;) {
        const cell *t = &dp[x * W + y];
        size_t a = t->a, b = t->b;
        x -= a;
        y -= b;
        span sp = {x0 + x, a, y0 + y, b};
        if (rewrite &&
            (t->diff == US_DIFF_SYNONYM || t->diff == US_DIFF_FUNCTION)) {
            rr->diff_words[US_DIFF_UNRELATED] += a ? a : b;
            continue;
        }
        rr->diff_words[t->diff] += a ? a : b;
        if (innocent(t->diff) || (!rewrite && t->diff <= US_DIFF_UNRELATED))
            *rr->aligned_now += a;
        switch (t->diff) {
        case US_DIFF_IDENTICAL:
        case US_DIFF_INFLECTION:
        case US_DIFF_SPELLING:
        case US_DIFF_NUMBER:
            for (size_t i = 0; i < a; i++)
                rr->explained[doc->tok[x0 + x + i]] = rr->slot_now;
            break;
        case US_DIFF_SYNONYM:
            if (add_art(pr, sp, UNSPUN_KIND_SYNONYM, swap_confidence(pr, sp)))
                return -1;
            break;
        case US_DIFF_FUNCTION:
            /* Across punctuation it is a sentence rewritten ("them, I"
             * for "she"), not function words swapped in place. */
            if (plain_span(pr, sp) &&
                add_art(pr, sp, UNSPUN_KIND_FUNCTION, CONF_FUNCTION))
                return -1;
            break;
        default:
            break;
        }
    }
    return 0;
}

/* Explain and report segment seg, between two solid matches. Against the
 * original the text was rewritten from it (round-trip translation
 * rewrites whole clauses), and the swaps in it are the spinner's; among
 * peers, see report_peers. */
static int segment(const pairing *pr, span seg, cell *dp)
{
    us_refrun *rr = pr->rr;
    if (!seg.a && !seg.b)
        return 0;
    if (!seg.b) {
        int rc = inserted_phrase(pr, seg);
        if (rc)
            return rc < 0 ? -1 : 0;
    }
    if (seg.a > SEG_MAX || seg.b > SEG_MAX) {
        rr->diff_words[US_DIFF_UNRELATED] += seg.a;
        return 0;
    }
    explain(pr, seg, dp);
    if (!(rr->flags & UNSPUN_REF_PEERS))
        return report_original(pr, seg, dp);
    return report_peers(pr, seg, dp);
}

static int solid(const us_alignment *al, const us_wseq *doc, size_t i)
{
    uint32_t m = al->match[i], o = al->owner[i];
    if (m == US_ALIGN_NONE)
        return 0;
    if (doc->weight[i] == 2)
        return 1;
    if (i > 0 && al->owner[i - 1] == o && al->match[i - 1] != US_ALIGN_NONE &&
        al->match[i - 1] + 1 == m)
        return 1;
    return i + 1 < doc->n && al->owner[i + 1] == o && al->match[i + 1] == m + 1;
}

/* Walk block bi's document words (aligned with pr's reference), solid
 * match to solid match. */
static int block_segments(const pairing *pr, const us_alignment *al,
                          uint32_t bi, cell *dp)
{
    us_refrun *rr = pr->rr;
    const us_wseq *doc = pr->doc;
    const us_ablock *bk = &al->blocks[bi];
    int open = al->owner[bk->a0] == bi; /* starts at its sentence start */
    size_t sa = bk->a0, sb = bk->b0;
    for (size_t i = bk->a0; i < bk->a1; i++) {
        if (al->owner[i] != bi) {
            open = 0;
            continue;
        }
        if (!solid(al, doc, i))
            continue;
        size_t m = al->match[i];
        if (open && m >= sb) {
            span seg = {sa, i - sa, sb, m - sb};
            if (segment(pr, seg, dp))
                return -1;
        }
        side p = doc_word(pr->w, doc, i, NULL), q = ref_word(pr->d, m);
        int same =
            p.number || (p.len == q.len && !memcmp(p.norm, q.norm, p.len));
        (*rr->aligned_now)++;
        /* The aligner matches stems: against the original, a derivation
         * sharing one ("goodness" for "good") is other wording. */
        if (!same && !(rr->flags & UNSPUN_REF_PEERS) &&
            !us_form_inflected(p.norm, p.len, q.norm, q.len) &&
            !us_form_spelling(pr->w->eng, p.norm, p.len, q.norm, q.len)) {
            rr->diff_words[US_DIFF_UNRELATED]++;
            span sp = {i, 1, m, 1};
            if (add_art(pr, sp, UNSPUN_KIND_REWRITE, pairing_confidence(1, 1)))
                return -1;
        } else {
            rr->diff_words[same ? US_DIFF_IDENTICAL : US_DIFF_INFLECTION]++;
            rr->explained[doc->tok[i]] = rr->slot_now;
        }
        open = 1;
        sa = i + 1;
        sb = m + 1;
    }
    if (open && sa < bk->a1 && al->owner[bk->a1 - 1] == bi) {
        size_t y1 = bk->b1 > sb ? bk->b1 : sb;
        span seg = {sa, bk->a1 - sa, sb, y1 - sb};
        if (segment(pr, seg, dp))
            return -1;
    }
    return 0;
}

/* ---- the story's vocabulary ---- */

/* A spinner replaces words wherever they stand, also in the clauses no
 * reference matches word for word, and its picks are its own: other
 * articles on the same story say "fashion", "bags", "removal" where the
 * spun one says "vogue", "luggage", "elimination". So a content word
 * outside quotes that no reference uses is reported as a swap for a word
 * it can stand for (no rarer than it, fitting the neighbours about as
 * well) when most references use that word and chance would hardly put it
 * in them: "world" or "said" are in most texts, and a human writer's
 * "reality" or "stated" beside them is no evidence. Among peers the doubt
 * is the same as for an aligned swap: either side may be the spun one. */
#define VOCAB_CONF_PEERS 0.75
#define VOCAB_SURPRISE 8.0 /* nats: -log P(the references use it by chance) */
#define VOCAB_PRIOR 0.7    /* log(count(c) / count(w)) needed, as intrinsic */
#define VOCAB_IN_DOC (1u << US_REF_MAX)

/* Stem keys, each with the story references that use it (a bit per index
 * in rr->story) and VOCAB_IN_DOC when the document does. */
typedef struct vocab_set {
    uint64_t *key; /* 0 = empty; keys are stored | 1 */
    uint32_t *refs;
    size_t mask;
} vocab_set;

static size_t vocab_slot(const vocab_set *v, uint64_t k)
{
    size_t i = (size_t)(k ^ (k >> 29)) & v->mask;
    while (v->key[i] && v->key[i] != (k | 1))
        i = (i + 1) & v->mask;
    return i;
}

static void vocab_put(vocab_set *v, uint64_t k, uint32_t bit)
{
    size_t at = vocab_slot(v, k);
    v->key[at] = k | 1;
    v->refs[at] |= bit;
}

/* Who uses the stem with key k: bits as in vocab_set. */
static unsigned vocab_refs(const vocab_set *v, uint64_t k)
{
    size_t i = vocab_slot(v, k);
    return v->key[i] ? v->refs[i] : 0;
}

/* How surprising it is that the references in `refs` all use word c, in
 * nats: a reference of n words has it by chance with probability 1 -
 * exp(-n p), p its frequency in the training text (of the form, a little
 * under that of the stem the references are matched on). */
static double vocab_surprise(const unspun_engine *e, const unspun_refset *rs,
                             const us_refrun *rr, uint32_t c, unsigned refs)
{
    double p = (us_word(e, c)->count + 1.0) / ((double)e->hd->total + 1.0);
    double s = 0;
    for (size_t k = 0; k < rr->nstory; k++)
        if (refs >> k & 1)
            s -= log(-expm1(-p * (double)rs->docs[rr->story[k]].seq.n));
    return s;
}

static int is_used(const us_refrun *rr, uint32_t r)
{
    for (size_t u = 0; u < rr->nused; u++)
        if (rr->used[u] == r)
            return 1;
    return 0;
}

/* The set of the story's stems: who uses each, the references and the
 * document (only for stems some reference uses: the set's size follows
 * the references). 0, or -1 when out of memory (v's arrays may then be
 * partly allocated: the caller frees them). */
static int vocab_build(const unspun_worker *w, const unspun_refset *rs,
                       const us_wseq *doc, const us_refrun *rr, vocab_set *v)
{
    size_t total = 0;
    for (size_t k = 0; k < rr->nstory; k++)
        total += rs->docs[rr->story[k]].seq.n;
    size_t cap = 64;
    while (cap < 2 * total)
        cap <<= 1;
    v->mask = cap - 1;
    v->key = us_calloc(w->alc, cap, sizeof *v->key);
    v->refs = us_calloc(w->alc, cap, sizeof *v->refs);
    if (!v->key || !v->refs)
        return -1;
    for (size_t k = 0; k < rr->nstory; k++) {
        const us_wseq *q = &rs->docs[rr->story[k]].seq;
        for (size_t i = 0; i < q->n; i++)
            vocab_put(v, q->key[i], 1u << k);
    }
    for (size_t i = 0; i < doc->n; i++) {
        size_t at = vocab_slot(v, doc->key[i]);
        if (v->key[at])
            v->refs[at] |= VOCAB_IN_DOC;
    }
    return 0;
}

/* Document word x may be a swap no reference aligned: a content word
 * outside quotes, written in lower case (or capitalised at a sentence
 * start), neither explained nor in an artifact already (taken), with
 * thesaurus candidates, that no story reference uses. */
static int vocab_word(const unspun_worker *w, const us_wseq *doc,
                      const us_refrun *rr, const unsigned char *taken,
                      const vocab_set *v, size_t x)
{
    const unspun_engine *e = w->eng;
    size_t ti = doc->tok[x];
    const us_token *t = &w->toks.tok[ti];
    if (doc->weight[x] != 2 || t->kind != US_TOK_WORD || rr->explained[ti] ||
        taken[ti] ||
        (t->flags & (US_TF_QUOTE | US_TF_HYPH | US_TF_CLITIC | US_TF_ALLCAP)) ||
        us_tok_named(t) || t->id >= e->hd->n_words)
        return 0;
    const us_word_rec *wr = us_word(e, t->id);
    return us_thes_cands(e, t->id).n &&
           !(wr->flags & (US_WF_FUNC | US_WF_PROPER)) &&
           !(vocab_refs(v, doc->key[x]) & ~VOCAB_IN_DOC);
}

/* The candidate a vocabulary swap names: its word, stem key and users. */
typedef struct vocab_pick {
    uint32_t c;
    uint64_t key;
    unsigned refs;
} vocab_pick;

/* The best candidate for document word x (vocab_word): no rarer than
 * it, unknown to the writer, used by at least half the story's
 * references and by chance hardly (the most surprising wins), fitting
 * the neighbours about as well. c is US_NONE when there is none. */
static vocab_pick vocab_best(const unspun_worker *w, const unspun_refset *rs,
                             const us_wseq *doc, const us_refrun *rr,
                             const vocab_set *v, size_t x)
{
    const unspun_engine *e = w->eng;
    size_t ti = doc->tok[x];
    uint32_t id = w->toks.tok[ti].id;
    const us_word_rec *wr = us_word(e, id);
    us_cands cs = us_thes_cands(e, id);
    size_t need = (rr->nstory + 1) / 2;
    double fd = us_lm_fit(w, ti, id);
    double best = VOCAB_SURPRISE;
    vocab_pick pick = {US_NONE, 0, 0};
    for (uint32_t j = 0; j < cs.n; j++) {
        uint32_t c = cs.id[j];
        if (c >= e->hd->n_words ||
            log((us_word(e, c)->count + 1.0) / (wr->count + 1.0)) < VOCAB_PRIOR)
            continue;
        uint64_t ck = us_engine_stem_key(e, us_word(e, c)->stem);
        unsigned refs = ck ? vocab_refs(v, ck) : 0;
        if (refs & VOCAB_IN_DOC)
            continue; /* the writer knows the word */
        size_t n = 0;
        for (unsigned b = refs; b; b &= b - 1)
            n++;
        if (n < need)
            continue;
        double sup = vocab_surprise(e, rs, rr, c, refs);
        if (sup < best)
            continue;
        double fc = us_lm_fit(w, ti, c);
        if (fd > FIT_MARGIN && fd > fc + FIT_MARGIN)
            continue;
        best = sup;
        pick.c = c;
        pick.key = ck;
        pick.refs = refs;
    }
    return pick;
}

/* Report document word x as a swap for pick's word, pointing at the word
 * as the first reference using it has it (one of those aligned, and so
 * listed in the result, if it can), and naming every reference whose
 * vocabulary decided it. 0, or -1 when out of memory. */
static int vocab_report(unspun_worker *w, const unspun_refset *rs,
                        const us_wseq *doc, us_refrun *rr, size_t x,
                        vocab_pick pick)
{
    size_t k = rr->nstory;
    for (size_t j = 0; j < rr->nstory; j++) {
        if (!(pick.refs >> j & 1))
            continue;
        if (k == rr->nstory)
            k = j;
        if (is_used(rr, rr->story[j])) {
            k = j;
            break;
        }
    }
    uint32_t r = rr->story[k];
    const us_wseq *q = &rs->docs[r].seq;
    size_t y = 0;
    while (y < q->n && q->key[y] != pick.key)
        y++;
    if (y == q->n)
        return 0;
    /* Every reference whose vocabulary decided this is named in the
     * result, aligned or not (coverage 0): a record never changes without
     * naming the references that changed it (issue 12). */
    size_t missing = 0;
    for (size_t j = 0; j < rr->nstory; j++)
        missing += (pick.refs >> j & 1) && !is_used(rr, rr->story[j]);
    if (rr->nused + missing > US_REF_MAX)
        return 0; /* it could not be named: not reported */
    for (size_t j = 0; j < rr->nstory; j++)
        if ((pick.refs >> j & 1) && !is_used(rr, rr->story[j])) {
            rr->used[rr->nused] = rr->story[j];
            rr->coverage[rr->nused++] = 0;
        }
    pairing pr = {w, rs, r, &rs->docs[r], doc, rr};
    span sp = {x, 1, y, 1};
    int peers = (rr->flags & UNSPUN_REF_PEERS) != 0;
    return add_art(&pr, sp, UNSPUN_KIND_SYNONYM,
                   peers ? VOCAB_CONF_PEERS : CONF_SYNONYM);
}

static int vocab_swaps(unspun_worker *w, const unspun_refset *rs,
                       const us_wseq *doc, us_refrun *rr)
{
    if (!rr->nstory)
        return 0;
    vocab_set v = {NULL, NULL, 0};
    unsigned char *taken = us_calloc(w->alc, rr->ntok + 1, 1);
    int rc = -1;
    if (!taken || vocab_build(w, rs, doc, rr, &v))
        goto done;
    for (size_t k = 0; k < rr->narts; k++)
        memset(taken + rr->arts[k].tok_first, 1,
               rr->arts[k].tok_last - rr->arts[k].tok_first + 1);
    for (size_t x = 0; x < doc->n; x++) {
        if (!vocab_word(w, doc, rr, taken, &v, x))
            continue;
        vocab_pick pick = vocab_best(w, rs, doc, rr, &v, x);
        if (pick.c != US_NONE && vocab_report(w, rs, doc, rr, x, pick))
            goto done;
    }
    rc = 0;
done:
    us_free(w->alc, v.key);
    us_free(w->alc, v.refs);
    us_free(w->alc, taken);
    return rc;
}

static int cmp_refart(const void *x, const void *y)
{
    const us_refart *a = x, *b = y;
    if (a->tok_first != b->tok_first)
        return a->tok_first < b->tok_first ? -1 : 1;
    return a->tok_last < b->tok_last ? -1 : a->tok_last > b->tok_last;
}

void us_refart_sort(us_refart *arts, size_t n)
{
    if (n > 1)
        qsort(arts, n, sizeof *arts, cmp_refart);
}

unspun_status us_detect_ref(unspun_worker *w, const char *text,
                            const unspun_ref_options *opt, us_refrun *rr,
                            unspun_error *err)
{
    const unspun_refset *rs = opt->refs;
    us_refrun_free(rr);
    rr->flags = opt->flags;
    rr->text = text;
    rr->rs = rs;
    us_wseq doc;
    us_alignment al;
    us_alignment_init(&al, w->alc);
    us_aseq refs[US_REF_MAX];
    cell *dp = NULL;
    lemma_memo memo = {NULL, NULL, 0, 0};
    int rc = -1;
    if (us_wseq_build(&w->lex, &w->toks, text, &doc))
        return us_fail(err, UNSPUN_E_NOMEM, SIZE_MAX, 0);
    rr->ntok = w->toks.n;
    rr->explained = us_calloc(w->alc, w->toks.n + 1, 1);
    if (!rr->explained)
        goto done;
    size_t max = opt->max_refs ? opt->max_refs : US_REF_DEFAULT;
    if (max > US_REF_MAX)
        max = US_REF_MAX;
    long np = us_refset_pick(rs, &doc, max, opt->skip, opt->flags, rr->used,
                             rr->story, US_REF_MAX, &rr->nstory);
    if (np < 0)
        goto done;
    rr->nused = (size_t)np;
    for (size_t k = 0; k < rr->nused; k++)
        refs[k] = us_wseq_view(&rs->docs[rr->used[k]].seq);
    us_aseq dv = us_wseq_view(&doc);
    if (us_align(&al, &dv, refs, rr->nused))
        goto done;
    dp = us_malloc(w->alc, (SEG_MAX + 1) * (SEG_MAX + 1) * sizeof *dp);
    if (!dp)
        goto done;
    memo.cap = 256;
    while (memo.cap < doc.n * 2 && memo.cap < ((size_t)1 << 16))
        memo.cap <<= 1;
    memo.hash = us_calloc(w->alc, memo.cap, sizeof *memo.hash);
    memo.val = us_malloc(w->alc, memo.cap * sizeof *memo.val);
    if (!memo.hash || !memo.val)
        goto done;
    rr->memo = &memo;
    /* Coverage: document words matched or paired with the reference's
     * (identical, inflected, respelt, swapped, rewritten one for one);
     * inserted words and long rewrites do not count. */
    size_t aligned[US_REF_MAX] = {0};
    for (size_t b = 0; b < al.nblocks; b++) {
        rr->aligned_now = &aligned[al.blocks[b].ref];
        rr->slot_now = (unsigned char)(al.blocks[b].ref + 1);
        uint32_t r = rr->used[al.blocks[b].ref];
        pairing pr = {w, rs, r, &rs->docs[r], &doc, rr};
        if (block_segments(&pr, &al, (uint32_t)b, dp))
            goto done;
    }
    rr->aligned_now = NULL;
    for (size_t k = 0; k < rr->nused; k++)
        rr->coverage[k] = doc.n ? (double)aligned[k] / (double)doc.n : 0;
    /* A picked reference that explains less than a sentence of the
     * document was not used: a name and a stock phrase in common are no
     * evidence of whose wording is whose, and its swaps are dropped. */
    size_t kept = 0;
    for (size_t k = 0; k < rr->nused; k++) {
        if (aligned[k] >= MIN_REF_WORDS || aligned[k] == doc.n) {
            rr->used[kept] = rr->used[k];
            rr->coverage[kept++] = rr->coverage[k];
            continue;
        }
        /* Nor does the wording it has: an intrinsic artifact it alone
         * "explained" stays, or the record would change without naming
         * the reference that changed it (issue 12). */
        for (size_t i = 0; i < rr->ntok; i++)
            if (rr->explained[i] == k + 1)
                rr->explained[i] = 0;
        size_t m = 0;
        for (size_t i = 0; i < rr->narts; i++)
            if (rr->arts[i].ref != rr->used[k])
                rr->arts[m++] = rr->arts[i];
        rr->narts = m;
    }
    rr->nused = kept;
    if (vocab_swaps(w, rs, &doc, rr))
        goto done;
    us_refart_sort(rr->arts, rr->narts);
    rc = 0;
done:
    rr->memo = NULL;
    us_free(w->alc, memo.hash);
    us_free(w->alc, memo.val);
    us_free(w->alc, dp);
    us_alignment_free(&al);
    us_wseq_free(&doc, w->alc);
    if (rc)
        return us_fail(err, UNSPUN_E_NOMEM, SIZE_MAX, 0);
    return UNSPUN_OK;
}
