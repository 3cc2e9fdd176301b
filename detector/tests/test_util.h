/* test_util.h - shared helpers for the CMocka tests. */
#ifndef TEST_UTIL_H
#define TEST_UTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "read_all.h"
#include "unspun.h"

/* An allocator that fails the Nth allocation (0: never) and counts live
 * blocks, for OOM sweeps and leak checks. */
typedef struct test_alc {
    long fail_at;
    long calls;
    long live;
} test_alc;

static void *t_malloc(void *ctx, size_t n)
{
    test_alc *t = ctx;
    if (t->fail_at && ++t->calls == t->fail_at)
        return NULL;
    void *p = malloc(n ? n : 1);
    if (p)
        t->live++;
    return p;
}

static void *t_realloc(void *ctx, void *p, size_t old, size_t n)
{
    test_alc *t = ctx;
    (void)old;
    if (t->fail_at && ++t->calls == t->fail_at)
        return NULL;
    void *q = realloc(p, n ? n : 1);
    if (q && !p)
        t->live++;
    return q;
}

static void t_free(void *ctx, void *p)
{
    test_alc *t = ctx;
    if (p)
        t->live--;
    free(p);
}

static inline unspun_allocator test_allocator(test_alc *t)
{
    unspun_allocator a = {t_malloc, t_realloc, t_free, t};
    return a;
}

/* The end of one step of an allocation-failure sweep (allocation n = 1,
 * 2, ... fails, rc is what the call gave): nothing may leak, and the call
 * either succeeded (1: the sweep is done) or failed for want of memory
 * (0: on to n + 1); a sweep longer than `limit` steps fails the test. */
static inline int oom_step_done(const test_alc *t, unspun_status rc, long n,
                                long limit)
{
    assert_int_equal(t->live, 0);
    if (rc == UNSPUN_OK)
        return 1;
    assert_int_equal(rc, UNSPUN_E_NOMEM);
    assert_true(n < limit);
    return 0;
}

static inline unspun_engine *test_engine(const unspun_allocator *alc)
{
    unspun_engine_options o = {UNSPUN_TEST_DATA, UNSPUN_TEST_DICT_DIR, alc};
    unspun_engine *e = NULL;
    unspun_error err;
    assert_int_equal(unspun_engine_new(&o, &e, &err), UNSPUN_OK);
    assert_non_null(e);
    return e;
}

/* The engine and worker most tests share, made and freed around a group:
 * cmocka_run_group_tests(tests, test_setup, test_teardown). */
static unspun_engine *eng;
static unspun_worker *wk;

__attribute__((unused)) static int test_setup(void **state)
{
    (void)state;
    eng = test_engine(NULL);
    unspun_error err;
    return eng && unspun_worker_new(eng, &wk, &err) == UNSPUN_OK ? 0 : -1;
}

__attribute__((unused)) static int test_teardown(void **state)
{
    (void)state;
    unspun_worker_free(wk);
    unspun_engine_free(eng);
    return 0;
}

#endif
