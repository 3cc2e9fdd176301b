/* result.c - the result of one scored document: its accessors (unspun.h
 * says what each gives for NULL), and the top-artifact rule of the
 * reports (result.h). score.c builds results. */
#include <math.h>
#include <string.h>

#include "alloc.h"
#include "result.h"

void unspun_result_free(unspun_result *r)
{
    if (r) {
        us_free(r->alc, r->story);
        us_free(r->alc, r);
    }
}

const uint64_t *unspun_result_story(const unspun_result *r, size_t *n)
{
    if (n)
        *n = r ? r->nstory : 0;
    return r ? r->story : NULL;
}

double unspun_result_score(const unspun_result *r)
{
    return r ? r->score : NAN;
}

unspun_verdict unspun_result_verdict(const unspun_result *r)
{
    return r ? r->verdict : UNSPUN_VERDICT_NONE;
}

size_t unspun_result_words(const unspun_result *r)
{
    return r ? r->words : 0;
}

size_t unspun_result_count(const unspun_result *r)
{
    return r ? r->n : 0;
}

const unspun_artifact *unspun_result_artifact(const unspun_result *r, size_t i)
{
    return r && i < r->n ? &r->arts[i] : NULL;
}

size_t unspun_result_ref_count(const unspun_result *r)
{
    return r ? r->nrefs : 0;
}

const unspun_reference *unspun_result_ref(const unspun_result *r, size_t i)
{
    return r && i < r->nrefs ? &r->refs[i] : NULL;
}

const char *unspun_verdict_name(unspun_verdict v)
{
    switch (v) {
    case UNSPUN_VERDICT_CLEAN:
        return "clean";
    case UNSPUN_VERDICT_SUSPECT:
        return "suspect";
    case UNSPUN_VERDICT_SPUN:
        return "spun";
    case UNSPUN_VERDICT_NONE:
        break;
    }
    return NULL;
}

const char *unspun_kind_name(unspun_kind k)
{
    switch (k) {
    case UNSPUN_KIND_FINGERPRINT:
        return "fingerprint";
    case UNSPUN_KIND_SYNONYM:
        return "synonym";
    case UNSPUN_KIND_COLLOCATION:
        return "collocation";
    case UNSPUN_KIND_UNKNOWN:
        return "unknown-word";
    case UNSPUN_KIND_FUNCTION:
        return "function-word";
    case UNSPUN_KIND_REWRITE:
        return "rewrite";
    }
    return NULL;
}

/* Two artifacts of the same wording: text and suggestion alike. */
static int same_wording(const unspun_artifact *a, const unspun_artifact *b)
{
    return !strcmp(a->text, b->text) &&
           (a->suggestion == b->suggestion ||
            (a->suggestion && b->suggestion &&
             !strcmp(a->suggestion, b->suggestion)));
}

size_t us_result_top(const unspun_result *r, size_t pick[US_TOP_ARTIFACTS])
{
    size_t n = unspun_result_count(r), k = 0;
    while (k < US_TOP_ARTIFACTS) {
        size_t best = SIZE_MAX;
        for (size_t i = 0; i < n; i++) {
            const unspun_artifact *a = unspun_result_artifact(r, i);
            int dup = 0;
            for (size_t q = 0; q < k && !dup; q++)
                dup = same_wording(a, unspun_result_artifact(r, pick[q]));
            if (dup)
                continue;
            if (best == SIZE_MAX ||
                a->confidence > unspun_result_artifact(r, best)->confidence)
                best = i;
        }
        if (best == SIZE_MAX)
            break;
        pick[k++] = best;
    }
    return k;
}
