/* fuzz_score.c - fuzz target for scoring and every renderer.
 *
 * The engine is loaded once (UNSPUN_DATA, else the build's data file) and
 * one worker is reused for every input, as a scan thread does. The first
 * two bytes pick the options; the rest is the text:
 *   byte 0: score flags, bits 0..6 onto the valid UNSPUN_OPT_* bits in
 *           order (fuzz_score_flags: ANY_LANGUAGE, QUOTES, HTML), and in
 *           bit 7 a small size limit
 *   byte 1: render flags (UNSPUN_RENDER_*), and the size limit's value in
 *           bits 0..5; bit 6: the history check below; bit 7: weak
 *           evidence listed too (min_confidence 0.05)
 * Every renderer runs on every input (JSON, text, CSV, HTML section and
 * row and the restored text on a result; the JSON, CSV and HTML error
 * records on a failure), and the result's invariants are checked
 * (fuzz_common.h). History check: a second worker first scores
 * the text in capitals, then the text; its record must be the first
 * worker's byte for byte, whatever each scored before (issue 12: a word's
 * analysis was cached from the first spelling seen). */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static unspun_engine *engine;
/* the worker every input is scored with, and check_history's */
static unspun_worker *workers[2];

static void check_history(const unspun_result *r, const char *text, size_t len,
                          const unspun_score_options *o)
{
    char *upper = malloc(len ? len : 1);
    CHECK(upper != NULL);
    for (size_t i = 0; i < len; i++)
        upper[i] =
            text[i] >= 'a' && text[i] <= 'z' ? (char)(text[i] - 32) : text[i];
    unspun_result *u = NULL, *again = NULL;
    if (unspun_score(workers[1], upper, len, o, &u, NULL) == UNSPUN_OK)
        unspun_result_free(u);
    free(upper);
    CHECK(unspun_score(workers[1], text, len, o, &again, NULL) == UNSPUN_OK);
    char *a = NULL, *b = NULL;
    size_t al = 0, bl = 0;
    CHECK(unspun_render_json(r, "fuzz", &a, &al) == UNSPUN_OK);
    CHECK(unspun_render_json(again, "fuzz", &b, &bl) == UNSPUN_OK);
    if (al != bl || memcmp(a, b, al)) {
        fprintf(stderr, "fuzz_score: history changed the record:\n%s%s", a, b);
        abort();
    }
    unspun_free(a);
    unspun_free(b);
    unspun_result_free(again);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!engine)
        engine = fuzz_load("fuzz_score", workers, 2);
    uint8_t b0 = size > 0 ? data[0] : 0, b1 = size > 1 ? data[1] : 0;
    const char *text = size > 2 ? (const char *)data + 2 : NULL;
    size_t len = size > 2 ? size - 2 : 0;
    unspun_score_options o = {.flags = fuzz_score_flags(b0)};
    if (b0 & 0x80)
        o.max_bytes = 64 + (b1 & 0x3f) * 16;
    if (b1 & 0x80) /* weak evidence listed too: its suggestions, rendered */
        o.min_confidence = 0.05;
    uint32_t rflags = b1 & UNSPUN_RENDER_COLOR;

    unspun_result *r = NULL;
    unspun_error err;
    if (unspun_score(workers[0], text, len, &o, &r, &err) == UNSPUN_OK) {
        fuzz_check_result(r, text, len);
        CHECK(unspun_result_ref_count(r) == 0);
        if (b1 & 0x40)
            check_history(r, text, len, &o);
        fuzz_render_all(engine, r, NULL, NULL, text, len, rflags);
        unspun_result_free(r);
    } else {
        CHECK(r == NULL);
        fuzz_render_all(engine, NULL, NULL, &err, text, len, rflags);
    }
    return 0;
}
