/* thesaurus.c - lookups in the compiled thesaurus (see thesaurus.h).
 *
 * MyThes lists, per headword, synonyms including phrases ("situation" ->
 * "state of affairs"). unspun-compile stores every pair as the key of two
 * stemmed phrases (refkey.h), so inflected forms match as well, and
 * WordNet's irregular forms ("bought" -> "buy") as keys too. */
#include "thesaurus.h"

int us_thes_has_cand(const unspun_engine *e, uint32_t w, uint32_t c)
{
    if (w == US_NONE || c == US_NONE || w >= e->hd->n_words)
        return 0;
    us_cands cs = us_thes_cands(e, w);
    for (uint32_t k = 0; k < cs.n; k++)
        if (cs.id[k] == c)
            return 1;
    return 0;
}

int us_thes_pair(const unspun_engine *e, uint64_t a, uint64_t b)
{
    if (a == b)
        return 0;
    uint64_t k = us_pair_key(a, b);
    uint32_t tag = us_thes_tag(k);
    uint32_t mask = e->hd->n_thes_slots - 1;
    /* At most 2/3 full when written; a corrupt table is refused by its
     * checksum, but bound the probe all the same. */
    for (uint32_t h = (uint32_t)k & mask, probes = 0; probes <= mask;
         h = (h + 1) & mask, probes++) {
        if (!us_engine_blocks(e, US_SEC_THES_PAIRS, (uint64_t)h * 4, 4))
            return 0;
        uint32_t t = e->thes_pairs[h];
        if (t == tag)
            return 1;
        if (!t)
            return 0;
    }
    return 0;
}

size_t us_thes_lemmas(const unspun_engine *e, uint64_t form, uint64_t *keys,
                      size_t max)
{
    /* sorted by form, then lemma */
    const us_exc *exc = e->lemma_exc;
    size_t nexc = e->hd->n_exc, lo = 0, hi = nexc, k = 0;
    while (lo < hi) {
        size_t m = lo + (hi - lo) / 2;
        if (exc[m].form < form)
            lo = m + 1;
        else
            hi = m;
    }
    for (; lo < nexc && exc[lo].form == form && k < max; lo++)
        keys[k++] = exc[lo].lemma;
    return k;
}

unspun_status us_thes_verify(const unspun_engine *e, unspun_error *err)
{
    static const int whole[] = {US_SEC_THES_PHRASES, US_SEC_LEMMA_EXC};
    for (size_t i = 0; i < sizeof whole / sizeof *whole; i++) {
        unspun_status rc = us_engine_verify(e, whole[i], err);
        if (rc)
            return rc;
    }
    return UNSPUN_OK;
}
