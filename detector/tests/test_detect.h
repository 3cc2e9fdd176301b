/* test_detect.h - what the unit tests of the lexicon and of the intrinsic
 * detectors share: the unit tests' own data file (data/README.md), a
 * document read into the worker as unspun_score reads it, and the
 * worker's artifacts found by the text they cover. */
#ifndef TEST_DETECT_H
#define TEST_DETECT_H

#include "test_util.h"

#include "detect.h"

static unspun_engine *ueng;
static unspun_worker *uw;

__attribute__((unused)) static int unit_setup(void **state)
{
    (void)state;
    unspun_engine_options o = {UNSPUN_TEST_UNIT_DATA, UNSPUN_TEST_UNIT_DICT,
                               NULL};
    unspun_error err;
    if (unspun_engine_new(&o, &ueng, &err) != UNSPUN_OK) {
        print_error("cannot load %s: %s\n", UNSPUN_TEST_UNIT_DATA, err.message);
        return -1;
    }
    return unspun_worker_new(ueng, &uw, &err) == UNSPUN_OK ? 0 : -1;
}

__attribute__((unused)) static int unit_teardown(void **state)
{
    (void)state;
    unspun_worker_free(uw);
    unspun_engine_free(ueng);
    return 0;
}

/* Read `text` into uw (any language: the documents are short). */
__attribute__((unused)) static void read_doc(const char *text)
{
    unspun_error err;
    assert_int_equal(
        us_score_read(uw, text, strlen(text), UNSPUN_OPT_ANY_LANGUAGE, &err),
        UNSPUN_OK);
}

static int letter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* The artifact of kind `kind` that covers exactly the bytes of `what`
 * (its first occurrence in text as whole words), or NULL. */
__attribute__((unused)) static const us_art *
art_at(const char *text, const char *what, unspun_kind kind)
{
    size_t wl = strlen(what);
    const char *at = strstr(text, what);
    while (at && ((at > text && letter(at[-1])) || letter(at[wl])))
        at = strstr(at + 1, what);
    assert_non_null(at);
    size_t start = (size_t)(at - text), end = start + wl;
    for (size_t i = 0; i < uw->narts; i++) {
        const us_art *a = &uw->arts[i];
        if (a->kind == kind && uw->toks.tok[a->tok_first].start == start &&
            uw->toks.tok[a->tok_last].end == end)
            return a;
    }
    return NULL;
}

/* Artifacts of `kind` among the worker's. */
__attribute__((unused)) static size_t arts_of(unspun_kind kind)
{
    size_t n = 0;
    for (size_t i = 0; i < uw->narts; i++)
        n += uw->arts[i].kind == kind;
    return n;
}

/* An artifact's suggestion, or NULL. */
__attribute__((unused)) static const char *sugg_of(const us_art *a)
{
    return a->sugg == US_NONE ? NULL : uw->sugg.data + a->sugg;
}

#endif
