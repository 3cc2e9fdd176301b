/* test_threads.c - one engine shared read-only by several threads, each
 * with its own worker, gives every thread the same bytes as one thread
 * does (the goldens). Run under ThreadSanitizer by the tsan stage of
 * .ci/run (CTest label "thread"): a data race in the library or in a
 * dependency it calls from workers (Hunspell, Snowball) fails it there. */
#define _POSIX_C_SOURCE 200809L
#include "test_util.h"

#include <dirent.h>
#include <pthread.h>

#define THREADS 4
#define ROUNDS 2
#define MAX_FIXTURES 256

typedef struct fixture {
    char *name;
    char *text;
    size_t len;
    char *want; /* the golden JSON */
    size_t want_len;
} fixture;

static fixture fx[MAX_FIXTURES];
static size_t nfx;

typedef struct job {
    unspun_worker *w;
    size_t first; /* each thread starts at another fixture */
    size_t mismatches;
    size_t errors;
} job;

static void *run(void *arg)
{
    job *j = arg;
    for (size_t round = 0; round < ROUNDS; round++)
        for (size_t k = 0; k < nfx; k++) {
            const fixture *f = &fx[(j->first + k) % nfx];
            unspun_result *r = NULL;
            unspun_error err;
            char *out = NULL;
            size_t len = 0;
            unspun_status rc;
            if (unspun_score(j->w, f->text, f->len, NULL, &r, &err) ==
                UNSPUN_OK)
                rc = unspun_render_json(r, f->name, &out, &len);
            else
                rc = unspun_render_error_json(f->name, &err, &out, &len);
            if (rc != UNSPUN_OK)
                j->errors++;
            else if (len != f->want_len || memcmp(out, f->want, len) != 0)
                j->mismatches++;
            unspun_free(out);
            unspun_result_free(r);
        }
    return NULL;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(((const fixture *)a)->name, ((const fixture *)b)->name);
}

static void load_fixtures(void)
{
    DIR *d = opendir(UNSPUN_TEST_FIXTURES);
    assert_non_null(d);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t n = strlen(e->d_name);
        if (n < 5 || e->d_name[0] < '0' || e->d_name[0] > '9' ||
            strcmp(e->d_name + n - 4, ".txt") != 0)
            continue;
        assert_true(nfx < MAX_FIXTURES);
        char path[1024];
        fixture *f = &fx[nfx++];
        f->name = strdup(e->d_name);
        assert_non_null(f->name);
        snprintf(path, sizeof path, "%s/%s", UNSPUN_TEST_FIXTURES, f->name);
        f->text = read_all(path, &f->len);
        assert_non_null(f->text);
        snprintf(path, sizeof path, "%s/%.*s.expected.json",
                 UNSPUN_TEST_FIXTURES, (int)(n - 4), f->name);
        f->want = read_all(path, &f->want_len);
        assert_non_null(f->want);
    }
    closedir(d);
    qsort(fx, nfx, sizeof *fx, by_name);
    assert_true(nfx >= 5);
}

static void threads_sharing_an_engine_match_the_goldens(void **state)
{
    (void)state;
    load_fixtures();
    eng = test_engine(NULL);
    job jobs[THREADS];
    pthread_t tid[THREADS];
    /* Workers are made and freed on this thread, as the header asks. */
    for (size_t i = 0; i < THREADS; i++) {
        unspun_error err;
        memset(&jobs[i], 0, sizeof jobs[i]);
        assert_int_equal(unspun_worker_new(eng, &jobs[i].w, &err), UNSPUN_OK);
        jobs[i].first = i * nfx / THREADS;
    }
    for (size_t i = 0; i < THREADS; i++)
        assert_int_equal(pthread_create(&tid[i], NULL, run, &jobs[i]), 0);
    size_t mismatches = 0, errors = 0;
    for (size_t i = 0; i < THREADS; i++) {
        assert_int_equal(pthread_join(tid[i], NULL), 0);
        mismatches += jobs[i].mismatches;
        errors += jobs[i].errors;
        unspun_worker_free(jobs[i].w);
    }
    unspun_engine_free(eng);
    for (size_t i = 0; i < nfx; i++) {
        free(fx[i].name);
        free(fx[i].text);
        free(fx[i].want);
    }
    assert_int_equal(errors, 0);
    assert_int_equal(mismatches, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(threads_sharing_an_engine_match_the_goldens),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
