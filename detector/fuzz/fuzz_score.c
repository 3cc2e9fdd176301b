/* fuzz_score.c - fuzz target for scoring and every renderer.
 *
 * The engine is loaded once (UNSPUN_DATA, else the build's data file) and
 * one worker is reused for every input, as a scan thread does. The first
 * two bytes pick the options, masked to valid bits; the rest is the text:
 *   byte 0: score flags (UNSPUN_OPT_*) and, in bit 7, a small size limit
 *   byte 1: render flags (UNSPUN_RENDER_*)
 * Every renderer runs on every input (JSON, text, HTML section and row and
 * the restored text on a result; the error record and HTML error on a
 * failure), and the result's invariants are checked: a broken one aborts,
 * which libFuzzer and the replay driver report as a crash. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unspun.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static unspun_engine *engine;
static unspun_worker *worker;

static void load(void)
{
    const char *path = getenv("UNSPUN_DATA");
    if (!path || !*path)
        path = UNSPUN_FUZZ_DATA;
    unspun_engine_options o = {path, NULL, NULL};
    unspun_error err;
    if (unspun_engine_new(&o, &engine, &err) != UNSPUN_OK ||
        unspun_worker_new(engine, &worker, &err) != UNSPUN_OK) {
        fprintf(stderr, "fuzz_score: cannot load %s: %s\n", path, err.message);
        abort();
    }
}

#define CHECK(cond)                                                            \
    do {                                                                       \
        if (!(cond)) {                                                         \
            fprintf(stderr, "fuzz_score: invariant failed: %s\n", #cond);      \
            abort();                                                           \
        }                                                                      \
    } while (0)

static void check_result(const unspun_result *r, const char *text, size_t len)
{
    double s = unspun_result_score(r);
    CHECK(s >= 0 && s <= 100);
    CHECK(unspun_verdict_name(unspun_result_verdict(r)) != NULL);
    size_t prev = 0;
    for (size_t i = 0; i < unspun_result_count(r); i++) {
        const unspun_artifact *a = unspun_result_artifact(r, i);
        CHECK(a != NULL);
        CHECK(a->start < a->end && a->end <= len);
        CHECK(a->start >= prev); /* sorted, not overlapping */
        prev = a->end;
        CHECK(a->line >= 1 && a->col >= 1);
        CHECK(strlen(a->text) == a->end - a->start);
        CHECK(memcmp(a->text, text + a->start, a->end - a->start) == 0);
        CHECK(a->confidence >= 0 && a->confidence <= 1);
        CHECK(unspun_kind_name(a->kind) != NULL);
    }
    CHECK(unspun_result_artifact(r, unspun_result_count(r)) == NULL);
}

/* Call after the renderer has returned (not as its argument list: the
 * order in which arguments are evaluated is unspecified). */
static void check_rendered(unspun_status rc, char *out, size_t len)
{
    CHECK(rc == UNSPUN_OK);
    CHECK(out != NULL && strlen(out) == len);
    CHECK(len > 0 && out[len - 1] == '\n');
    unspun_free(out);
}

/* The HTML of a document: one marked element per artifact, and never a
 * script element, whatever the text holds (it is all escaped). */
static void check_html(unspun_status rc, char *out, size_t len, size_t arts)
{
    CHECK(rc == UNSPUN_OK);
    CHECK(out != NULL && strlen(out) == len);
    CHECK(len > 0 && out[len - 1] == '\n');
    size_t marks = 0;
    for (const char *p = out; (p = strstr(p, "class=\"hl ")); p++)
        marks++;
    CHECK(marks == arts);
    for (const char *p = out; (p = strchr(p, '<')); p++) {
        static const char tag[] = "script";
        size_t k = 0;
        while (k < 6 && (p[1 + k] | 0x20) == tag[k])
            k++;
        CHECK(k < 6);
    }
    unspun_free(out);
}

/* The restored text: the input itself when nothing is replaced. */
static void check_restored(const unspun_result *r, const char *text, size_t len)
{
    char *out = NULL;
    size_t olen = 0, n = 1;
    CHECK(unspun_render_restored(engine, r, text, len, 2.0, &out, &olen, &n) ==
          UNSPUN_OK);
    CHECK(n == 0 && olen == len && (!len || !memcmp(out, text, len)));
    unspun_free(out);
    CHECK(unspun_render_restored(engine, r, text, len, 0, &out, &olen, &n) ==
          UNSPUN_OK);
    CHECK(out != NULL && strlen(out) <= olen && n <= unspun_result_count(r));
    unspun_free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!engine)
        load();
    uint8_t b0 = size > 0 ? data[0] : 0, b1 = size > 1 ? data[1] : 0;
    const char *text = size > 2 ? (const char *)data + 2 : NULL;
    size_t len = size > 2 ? size - 2 : 0;
    unspun_score_options o = {b0 & UNSPUN_OPT_ALL, 0, 0, 0};
    if (b0 & 0x80)
        o.max_bytes = 64 + (b1 & 0x3f) * 16;
    uint32_t rflags = b1 & UNSPUN_RENDER_COLOR;

    unspun_result *r = NULL;
    unspun_error err;
    char *out = NULL;
    size_t olen = 0;
    if (unspun_score(worker, text, len, &o, &r, &err) == UNSPUN_OK) {
        check_result(r, text, len);
        unspun_status rc = unspun_render_json(r, "fuzz", &out, &olen);
        check_rendered(rc, out, olen);
        out = NULL;
        rc = unspun_render_text(r, "fuzz", text, len, rflags, &out, &olen);
        check_rendered(rc, out, olen);
        out = NULL;
        rc =
            unspun_render_html(r, "<fuzz>", text, len, NULL, 1, 0, &out, &olen);
        check_html(rc, out, olen, unspun_result_count(r));
        out = NULL;
        rc = unspun_render_html(r, "<fuzz>", text, len, NULL, 1,
                                UNSPUN_RENDER_HTML_ROW, &out, &olen);
        check_rendered(rc, out, olen);
        check_restored(r, text, len);
        unspun_result_free(r);
    } else {
        CHECK(r == NULL);
        CHECK(err.code != UNSPUN_OK && err.message != NULL);
        unspun_status rc = unspun_render_error_json("fuzz", &err, &out, &olen);
        check_rendered(rc, out, olen);
        out = NULL;
        rc = unspun_render_html_error("fuzz", &err, 1, 0, &out, &olen);
        check_rendered(rc, out, olen);
    }
    return 0;
}
