/* fuzz_common.h - what the scoring fuzz targets share: the option byte,
 * the result's invariants, and every renderer run on every outcome. A
 * broken invariant aborts, which libFuzzer and the replay driver report as
 * a crash. */
#ifndef FUZZ_COMMON_H
#define FUZZ_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unspun.h"

#define CHECK(cond)                                                            \
    do {                                                                       \
        if (!(cond)) {                                                         \
            fprintf(stderr, "fuzz: invariant failed: %s (%s:%d)\n", #cond,     \
                    __FILE__, __LINE__);                                       \
            abort();                                                           \
        }                                                                      \
    } while (0)

/* The engine of the data file $UNSPUN_DATA names (else the build's), and
 * n workers over it; when they cannot be made, one line naming the
 * target and abort. */
static inline unspun_engine *fuzz_load(const char *target,
                                       unspun_worker **workers, size_t n)
{
    const char *path = getenv("UNSPUN_DATA");
    if (!path || !*path)
        path = UNSPUN_FUZZ_DATA;
    unspun_engine_options o = {path, NULL, NULL};
    unspun_engine *e = NULL;
    unspun_error err;
    int ok = unspun_engine_new(&o, &e, &err) == UNSPUN_OK;
    for (size_t i = 0; ok && i < n; i++)
        ok = unspun_worker_new(e, &workers[i], &err) == UNSPUN_OK;
    if (!ok) {
        fprintf(stderr, "%s: cannot load %s: %s\n", target, path, err.message);
        abort();
    }
    return e;
}

/* Score flags from an option byte: its bits 0..6 go, in order, to the set
 * bits of UNSPUN_OPT_ALL (today ANY_LANGUAGE, QUOTES and HTML, bit 8), so
 * every valid flag is reachable however the flags are numbered; bit 7 is
 * left to the targets. A mask (b & UNSPUN_OPT_ALL) could never reach a
 * flag above bit 7: HTML input was never fuzzed that way (issue 12). */
static inline uint32_t fuzz_score_flags(uint8_t b)
{
    uint32_t flags = 0;
    int k = 0;
    for (int bit = 0; bit < 32 && k < 7; bit++) {
        uint32_t f = (uint32_t)1 << bit;
        if (!(UNSPUN_OPT_ALL & f))
            continue;
        if (b >> k & 1)
            flags |= f;
        k++;
    }
    return flags;
}

static inline void fuzz_check_result(const unspun_result *r, const char *text,
                                     size_t len)
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
        if (a->ref) {
            /* The reference is one of the result's, its span in order. */
            size_t k = 0, n = unspun_result_ref_count(r);
            while (k < n && unspun_result_ref(r, k) != a->ref)
                k++;
            CHECK(k < n);
            CHECK(a->ref_start <= a->ref_end);
        } else {
            CHECK(a->ref_start == 0 && a->ref_end == 0);
        }
    }
    CHECK(unspun_result_artifact(r, unspun_result_count(r)) == NULL);
    for (size_t k = 0; k < unspun_result_ref_count(r); k++) {
        const unspun_reference *ref = unspun_result_ref(r, k);
        CHECK(ref != NULL && ref->name != NULL);
        CHECK(ref->coverage >= 0 && ref->coverage <= 1);
    }
    CHECK(unspun_result_ref(r, unspun_result_ref_count(r)) == NULL);
}

/* Call after the renderer has returned (not as its argument list: the
 * order in which arguments are evaluated is unspecified). `crlf`: rows end
 * in CRLF (CSV), else in LF. */
static inline void fuzz_check_rendered(unspun_status rc, char *out, size_t len,
                                       int crlf)
{
    CHECK(rc == UNSPUN_OK);
    CHECK(out != NULL && strlen(out) == len);
    CHECK(len > 0 && out[len - 1] == '\n');
    CHECK(!crlf || (len > 1 && out[len - 2] == '\r'));
    unspun_free(out);
}

/* The HTML of a document: one marked element per artifact (at least, when
 * the references' texts are shown beside it), and never a script element,
 * whatever the text holds (it is all escaped). */
static inline void fuzz_check_html(unspun_status rc, char *out, size_t len,
                                   size_t arts, int with_refs)
{
    CHECK(rc == UNSPUN_OK);
    CHECK(out != NULL && strlen(out) == len);
    CHECK(len > 0 && out[len - 1] == '\n');
    size_t marks = 0;
    for (const char *p = out; (p = strstr(p, "class=\"hl ")); p++)
        marks++;
    CHECK(with_refs ? marks >= arts : marks == arts);
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
static inline void fuzz_check_restored(const unspun_engine *engine,
                                       const unspun_result *r, const char *text,
                                       size_t len)
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

/* Every renderer on a result (JSON, text with `rflags`, CSV, the HTML
 * section, with `refs` beside it when given, and row, the table's row at a
 * width the input picks, the restored text), or on a failure (the JSON,
 * CSV, HTML and table error records). */
static inline void fuzz_render_all(const unspun_engine *engine,
                                   const unspun_result *r,
                                   const unspun_refset *refs,
                                   const unspun_error *err, const char *text,
                                   size_t len, uint32_t rflags)
{
    char *out = NULL;
    size_t olen = 0;
    unspun_status rc;
    if (r) {
        rc = unspun_render_json(r, "fuzz", &out, &olen);
        fuzz_check_rendered(rc, out, olen, 0);
        rc = unspun_render_text(r, "fuzz", text, len, rflags, &out, &olen);
        fuzz_check_rendered(rc, out, olen, 0);
        rc = unspun_render_csv(r, "fuzz", &out, &olen);
        fuzz_check_rendered(rc, out, olen, 1);
        rc =
            unspun_render_html(r, "<fuzz>", text, len, refs, 1, 0, &out, &olen);
        fuzz_check_html(rc, out, olen, unspun_result_count(r), refs != NULL);
        rc = unspun_render_html(r, "<fuzz>", text, len, NULL, 1,
                                UNSPUN_RENDER_HTML_ROW, &out, &olen);
        fuzz_check_rendered(rc, out, olen, 0);
        rc = unspun_render_table_row(r, "fuzz", 30 + len % 90, &out, &olen);
        fuzz_check_rendered(rc, out, olen, 0);
        fuzz_check_restored(engine, r, text, len);
    } else {
        CHECK(err->code != UNSPUN_OK && err->message != NULL);
        rc = unspun_render_error_json("fuzz", err, &out, &olen);
        fuzz_check_rendered(rc, out, olen, 0);
        rc = unspun_render_error_csv("fuzz", err, &out, &olen);
        fuzz_check_rendered(rc, out, olen, 1);
        rc = unspun_render_html_error("fuzz", err, 1, 0, &out, &olen);
        fuzz_check_rendered(rc, out, olen, 0);
        rc = unspun_render_table_error("fuzz", err, 30 + len % 90, &out, &olen);
        fuzz_check_rendered(rc, out, olen, 0);
    }
}

#endif
