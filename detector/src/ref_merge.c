/* ref_merge.c - reference mode's evidence folded into the intrinsic
 * detectors' (detect_ref.h): artifacts on words a reference has as they
 * are dropped, those a reference artifact overlaps merged into it (surer
 * for being found both ways), a known tortured phrase kept whole with the
 * reference's wording for all of it. */
#include <string.h>

#include "detect_ref.h"
#include "worker.h"

/* Is a token within NEAR tokens of `i` in direction `dir` (excluded) one
 * the reference has too? */
#define NEAR 4
static int explained_near(const us_refrun *rr, size_t i, int dir)
{
    for (size_t k = 1; k <= NEAR; k++) {
        if (dir < 0 ? i < k : i + k >= rr->ntok)
            return 0;
        if (rr->explained[dir < 0 ? i - k : i + k])
            return 1;
    }
    return 0;
}

/* A known tortured phrase is one artifact: the reference artifacts on its
 * words ("counterfeit" -> "red", "consciousness" -> "crane") become one,
 * spanning the phrase and them, with the reference's wording for all of
 * it ("red crane"); the main loop then gives it the phrase's kind. 0, or
 * -1 when out of memory. */
static int join_fingerprints(const unspun_worker *w, us_refrun *rr)
{
    int joined = 0;
    for (size_t j = 0; j < w->narts; j++) {
        const us_art *a = &w->arts[j];
        if (a->kind != UNSPUN_KIND_FINGERPRINT)
            continue;
        size_t k0 = SIZE_MAX;
        for (size_t k = 0; k < rr->narts; k++) {
            us_refart *r = &rr->arts[k];
            if (r->tok_last < a->tok_first || r->tok_first > a->tok_last ||
                r->kind == (unspun_kind)-1)
                continue;
            if (k0 == SIZE_MAX) {
                k0 = k;
                continue;
            }
            us_refart *o = &rr->arts[k0];
            if (r->ref != o->ref)
                continue;
            o->tok_first =
                r->tok_first < o->tok_first ? r->tok_first : o->tok_first;
            o->tok_last = r->tok_last > o->tok_last ? r->tok_last : o->tok_last;
            o->rstart = r->rstart < o->rstart ? r->rstart : o->rstart;
            o->rend = r->rend > o->rend ? r->rend : o->rend;
            r->kind = (unspun_kind)-1; /* absorbed */
            joined = 1;
        }
        if (k0 == SIZE_MAX)
            continue;
        us_refart *o = &rr->arts[k0];
        if (a->tok_first < o->tok_first)
            o->tok_first = a->tok_first;
        if (a->tok_last > o->tok_last)
            o->tok_last = a->tok_last;
        const us_refdoc *d = &rr->rs->docs[o->ref];
        o->sugg = (uint32_t)rr->sugg.len;
        us_buf_put(&rr->sugg, d->text + o->rstart, o->rend - o->rstart);
        us_buf_putc(&rr->sugg, '\0');
        if (rr->sugg.failed)
            return -1;
        joined = 1;
    }
    if (!joined)
        return 0;
    size_t m = 0;
    for (size_t k = 0; k < rr->narts; k++)
        if (rr->arts[k].kind != (unspun_kind)-1)
            rr->arts[m++] = rr->arts[k];
    rr->narts = m;
    us_refart_sort(rr->arts, m);
    return 0;
}

int us_ref_merge(unspun_worker *w, us_refrun *rr)
{
    const us_tokens *t = &w->toks;
    uint32_t *at = NULL;
    if (rr->rs && join_fingerprints(w, rr))
        return -1;
    if (rr->narts) {
        at = us_malloc(w->alc, (t->n + 1) * sizeof *at);
        if (!at)
            return -1;
        for (size_t i = 0; i < t->n; i++)
            at[i] = US_NONE;
        for (size_t k = 0; k < rr->narts; k++)
            for (size_t i = rr->arts[k].tok_first; i <= rr->arts[k].tok_last;
                 i++)
                at[i] = (uint32_t)k;
    }
    size_t kept = 0;
    for (size_t j = 0; j < w->narts; j++) {
        const us_art *a = &w->arts[j];
        size_t words = 0, expl = 0;
        uint32_t hit = US_NONE;
        for (size_t i = a->tok_first; i <= a->tok_last && i < t->n; i++) {
            if (at && at[i] != US_NONE && hit == US_NONE)
                hit = at[i];
            if (t->tok[i].kind != US_TOK_WORD && t->tok[i].kind != US_TOK_NUM)
                continue;
            words++;
            expl += rr->explained[i] != 0;
        }
        if (hit != US_NONE) { /* found both ways: one, surer artifact */
            us_refart *r = &rr->arts[hit];
            r->confidence = 1.0 - (1.0 - r->confidence) * (1.0 - a->confidence);
            /* A known tortured phrase stays one when the reference shows
             * what it replaced: the reference adds the wording, not a
             * weaker kind. */
            if (a->kind == UNSPUN_KIND_FINGERPRINT)
                r->kind = UNSPUN_KIND_FINGERPRINT;
            continue;
        }
        if (words && expl == words)
            continue; /* the reference says the same: not damage */
        w->arts[kept] = *a;
        /* A known tortured phrase where the original, aligned on both
         * sides, has other wording: the alignment counts it as a rewrite
         * (no thesaurus links "get right of entry to" and "access"), but
         * the reference confirms the phrase is not the writer's. */
        if (a->kind == UNSPUN_KIND_FINGERPRINT && !expl &&
            !(rr->flags & UNSPUN_REF_PEERS) &&
            explained_near(rr, a->tok_first, -1) &&
            explained_near(rr, a->tok_last, 1))
            w->arts[kept].confirmed = 1;
        kept++;
    }
    w->narts = kept;
    us_free(w->alc, at);
    for (size_t k = 0; k < rr->narts; k++) {
        const us_refart *r = &rr->arts[k];
        const char *s = rr->sugg.data + r->sugg;
        if (us_art_add(w, r->tok_first, r->tok_last, r->kind, r->confidence, s,
                       strlen(s)))
            return -1;
    }
    return 0;
}

const us_refart *us_ref_find(const us_refrun *rr, size_t first, size_t last,
                             unspun_kind kind)
{
    size_t lo = 0, hi = rr->narts;
    while (lo < hi) {
        size_t m = lo + (hi - lo) / 2;
        if (rr->arts[m].tok_first < first)
            lo = m + 1;
        else
            hi = m;
    }
    for (; lo < rr->narts && rr->arts[lo].tok_first == first; lo++)
        if (rr->arts[lo].tok_last == last && rr->arts[lo].kind == kind)
            return &rr->arts[lo];
    return NULL;
}
