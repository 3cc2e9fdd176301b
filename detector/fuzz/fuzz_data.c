/* fuzz_data.c - fuzz target for the data-file loader.
 *
 * The input is a whole data file. It is written to a temporary file and
 * loaded; a file the loader accepts must then be safe to score with, so a
 * worker scores a fixed text over it and every renderer runs. A corrupt
 * file must give UNSPUN_E_DATA (or UNSPUN_E_IO), never a crash, a hang or
 * an out-of-bounds read. Hunspell comes from a two-word dictionary
 * (UNSPUN_FUZZ_DICT_DIR) so loading it for every input stays cheap. */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "unspun.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char path[] = "/tmp/unspun-fuzz-data-XXXXXX";
static int fd = -1;

static void cleanup(void)
{
    unlink(path);
}

#define CHECK(cond)                                                            \
    do {                                                                       \
        if (!(cond)) {                                                         \
            fprintf(stderr, "fuzz_data: invariant failed: %s\n", #cond);       \
            abort();                                                           \
        }                                                                      \
    } while (0)

static const char text[] =
    "Last week the child was 5 years previous. Big information and "
    "counterfeit consciousness, \"the model\" said; the the old old.\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (fd < 0) {
        fd = mkstemp(path);
        CHECK(fd >= 0);
        atexit(cleanup);
    }
    CHECK(ftruncate(fd, 0) == 0);
    CHECK(pwrite(fd, data, size, 0) == (ssize_t)size);

    unspun_engine_options o = {path, UNSPUN_FUZZ_DICT_DIR, NULL};
    unspun_engine *e = NULL;
    unspun_error err;
    unspun_status rc = unspun_engine_new(&o, &e, &err);
    if (rc != UNSPUN_OK) {
        CHECK(e == NULL);
        CHECK(rc == UNSPUN_E_DATA || rc == UNSPUN_E_IO);
        CHECK(err.message != NULL);
        return 0;
    }
    CHECK(unspun_engine_data_version(e) != NULL);
    unspun_worker *w = NULL;
    CHECK(unspun_worker_new(e, &w, &err) == UNSPUN_OK);
    unspun_result *r = NULL;
    char *out = NULL;
    size_t len = 0;
    unspun_score_options so = {.flags = UNSPUN_OPT_ANY_LANGUAGE};
    rc = unspun_score(w, text, sizeof text - 1, &so, &r, &err);
    if (rc == UNSPUN_OK) {
        for (size_t i = 0; i < unspun_result_count(r); i++) {
            const unspun_artifact *a = unspun_result_artifact(r, i);
            CHECK(a->start < a->end && a->end <= sizeof text - 1);
        }
        CHECK(unspun_render_json(r, "fuzz", &out, &len) == UNSPUN_OK);
        unspun_free(out);
        CHECK(unspun_render_text(r, "fuzz", text, sizeof text - 1,
                                 UNSPUN_RENDER_COLOR, &out, &len) == UNSPUN_OK);
        unspun_free(out);
        unspun_result_free(r);
    } else {
        CHECK(r == NULL);
        CHECK(unspun_render_error_json("fuzz", &err, &out, &len) == UNSPUN_OK);
        unspun_free(out);
    }
    unspun_worker_free(w);
    unspun_engine_free(e);
    return 0;
}
