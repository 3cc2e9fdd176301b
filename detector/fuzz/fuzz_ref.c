/* fuzz_ref.c - fuzz target for reference mode: pools, alignment, the
 * reference detectors, and every renderer of a result with references.
 *
 * The engine is loaded once and one worker is reused, as in fuzz_score.c;
 * each input builds, seals and frees its own pool. Input:
 *   byte 0: score flags, bits 0..6 as in fuzz_score.c (HTML included);
 *           bit 7: coloured text rendering
 *   byte 1: bit 0 UNSPUN_REF_PEERS; bits 1..4 max_refs (0: default);
 *           bits 5..6 skip (0: none, else 1 + a reference's index)
 *   then the article, then up to 8 references, each after a 0xFF byte
 *   (a byte UTF-8 never has: an article or reference that must hold one
 *   is invalid anyway, which the first part still reaches)
 * A reference the pool refuses (empty, binary, bad UTF-8) is left out, as
 * the CLI leaves out a sibling that cannot be read. The pool's thesaurus
 * and WordNet exception lists are the parts of Debian's that the reference
 * fixtures use (UNSPUN_FUZZ_LEXICONS, made by ref_lexicons.py): sealing a
 * pool with the whole files would cost more than the rest of an input. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_REFS 8

static unspun_engine *engine;
static unspun_worker *worker;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!engine)
        engine = fuzz_load("fuzz_ref", &worker, 1);
    uint8_t b0 = size > 0 ? data[0] : 0, b1 = size > 1 ? data[1] : 0;
    const char *p = size > 2 ? (const char *)data + 2 : NULL;
    size_t n = size > 2 ? size - 2 : 0;
    /* Split at 0xFF: part 0 is the article, the others references. */
    const char *part[MAX_REFS + 1];
    size_t plen[MAX_REFS + 1], nparts = 0;
    while (nparts < MAX_REFS + 1) {
        const char *ff = p ? memchr(p, 0xff, n) : NULL;
        if (!ff || nparts == MAX_REFS) {
            part[nparts] = p;
            plen[nparts++] = n;
            break;
        }
        part[nparts] = p;
        plen[nparts++] = (size_t)(ff - p);
        n -= (size_t)(ff - p) + 1;
        p = ff + 1;
    }

    unspun_refset_options ro = {UNSPUN_FUZZ_LEXICONS "/th.dat",
                                UNSPUN_FUZZ_LEXICONS};
    unspun_refset *rs = NULL;
    unspun_error err;
    CHECK(unspun_refset_new(engine, &ro, &rs, &err) == UNSPUN_OK);
    size_t added = 0, ref_part[MAX_REFS];
    for (size_t k = 1; k < nparts; k++) {
        char name[16];
        snprintf(name, sizeof name, "ref%zu", k);
        unspun_status rc =
            unspun_refset_add(rs, worker, name, part[k], plen[k], &err);
        CHECK(rc == UNSPUN_OK || err.message != NULL);
        if (rc == UNSPUN_OK)
            ref_part[added++] = k;
        CHECK(unspun_refset_count(rs) == added);
    }
    CHECK(unspun_refset_seal(rs, worker, &err) == UNSPUN_OK);
    /* A sealed pool takes no more documents. */
    CHECK(unspun_refset_add(rs, worker, "late", "x", 1, &err) == UNSPUN_E_ARG);

    unspun_score_options so = {.flags = fuzz_score_flags(b0)};
    unspun_ref_options rf = {rs, (size_t)(b1 >> 1 & 0x0f),
                             (size_t)(b1 >> 5 & 0x03),
                             b1 & 1 ? UNSPUN_REF_PEERS : 0};
    uint32_t rflags = b0 & 0x80 ? UNSPUN_RENDER_COLOR : 0;
    unspun_result *r = NULL;
    if (unspun_score_refs(worker, part[0], plen[0], &so, &rf, &r, &err) ==
        UNSPUN_OK) {
        fuzz_check_result(r, part[0], plen[0]);
        /* At most max_refs aligned (coverage above 0); the story's other
         * references may be named too, for the vocabulary they decided,
         * 16 in all; each once, never the skipped one. */
        size_t max = rf.max_refs ? rf.max_refs : 4, aligned = 0;
        size_t nref = unspun_result_ref_count(r);
        CHECK(nref <= 16);
        for (size_t k = 0; k < nref; k++) {
            const unspun_reference *ref = unspun_result_ref(r, k);
            CHECK(ref->index < added);
            CHECK(rf.skip == 0 || ref->index + 1 != rf.skip);
            CHECK(!strcmp(ref->name, unspun_refset_name(rs, ref->index)));
            aligned += ref->coverage > 0;
            for (size_t q = 0; q < k; q++)
                CHECK(unspun_result_ref(r, q)->index != ref->index);
        }
        CHECK(aligned <= (max > 16 ? 16 : max));
        /* An artifact's span in its reference lies in that reference. */
        for (size_t i = 0; i < unspun_result_count(r); i++) {
            const unspun_artifact *a = unspun_result_artifact(r, i);
            if (a->ref)
                CHECK(a->ref_end <= plen[ref_part[a->ref->index]]);
        }
        fuzz_render_all(engine, r, rs, NULL, part[0], plen[0], rflags);
        unspun_result_free(r);
    } else {
        CHECK(r == NULL);
        fuzz_render_all(engine, NULL, NULL, &err, part[0], plen[0], rflags);
    }
    unspun_refset_free(rs);
    return 0;
}
