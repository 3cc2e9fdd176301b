/* test_ref_threads.c - one sealed refset shared read-only by four threads,
 * each scoring with its own worker, gives the same bytes as one thread.
 * Labelled "thread": the TSan stage of .ci/run runs it. */
#include <pthread.h>

#include "test_util.h"

#define THREADS 4
#define DOCS 3

static const char REF_A[] =
    "The city council voted on Tuesday to close the old bridge over the "
    "river for repairs, after engineers found deep cracks in two of its "
    "supports. The bridge, which was built in 1932, carries about 14,000 "
    "cars a day. Officials were said to be worried about the situation "
    "since a report in March warned that the supports were getting "
    "weaker.\n";
static const char REF_B[] =
    "The repairs will cost about $3 million and should take eight months. "
    "During that time, buses will use a temporary road near the railway "
    "station, and a free ferry will run every twenty minutes. Local shop "
    "owners bought extra stock before the closure, but most residents "
    "welcomed the decision.\n";
static const char *const DOC[DOCS] = {
    "The city council voted on Tuesday to close the old bridge over the "
    "stream for repairs, after engineers found deep fissures in two of its "
    "supports. The bridge, which was constructed in 1932, carries about "
    "14,000 automobiles a day.\n",
    "The repairs will cost about $3 million and should take eight months. "
    "During that time, buses will use a makeshift road near the railway "
    "station, and a free ferry will run every twenty minutes. Local shop "
    "owners purchased extra stock before the closure, but most residents "
    "welcomed the determination.\n",
    "Officials have been said to be worried about the state of affairs since "
    "a report in March warned that the supports were getting weaker. The "
    "repairs will cost about $3 million and should take eight months.\n"};

static unspun_refset *refs;

typedef struct job {
    unspun_worker *w;
    char *out[DOCS];
    int failed;
} job;

static char *score_json(unspun_worker *w, const char *doc)
{
    unspun_ref_options ro = {refs, 0, 0, 0};
    unspun_result *r = NULL;
    unspun_error err;
    if (unspun_score_refs(w, doc, strlen(doc), NULL, &ro, &r, &err))
        return NULL;
    char *j = NULL;
    size_t n;
    if (unspun_render_json(r, "doc", &j, &n))
        j = NULL;
    unspun_result_free(r);
    return j;
}

static void *run(void *arg)
{
    job *jb = arg;
    for (int round = 0; round < 3; round++)
        for (int d = 0; d < DOCS; d++) {
            char *j = score_json(jb->w, DOC[d]);
            if (!j) {
                jb->failed = 1;
                continue;
            }
            if (round == 0)
                jb->out[d] = j;
            else {
                if (strcmp(j, jb->out[d]))
                    jb->failed = 1;
                unspun_free(j);
            }
        }
    return NULL;
}

static void threads_share_one_refset(void **state)
{
    (void)state;
    unspun_error err;
    unspun_worker *w0 = NULL;
    assert_int_equal(unspun_worker_new(eng, &w0, &err), UNSPUN_OK);
    assert_int_equal(unspun_refset_new(eng, NULL, &refs, &err), UNSPUN_OK);
    assert_int_equal(
        unspun_refset_add(refs, w0, "a", REF_A, strlen(REF_A), &err),
        UNSPUN_OK);
    assert_int_equal(
        unspun_refset_add(refs, w0, "b", REF_B, strlen(REF_B), &err),
        UNSPUN_OK);
    assert_int_equal(unspun_refset_seal(refs, w0, &err), UNSPUN_OK);
    char *want[DOCS];
    for (int d = 0; d < DOCS; d++) {
        want[d] = score_json(w0, DOC[d]);
        assert_non_null(want[d]);
        assert_non_null(strstr(want[d], "\"references\":[")); /* aligned */
    }
    job jobs[THREADS];
    pthread_t tid[THREADS];
    memset(jobs, 0, sizeof jobs);
    for (int i = 0; i < THREADS; i++) /* workers made on one thread */
        assert_int_equal(unspun_worker_new(eng, &jobs[i].w, &err), UNSPUN_OK);
    for (int i = 0; i < THREADS; i++)
        assert_int_equal(pthread_create(&tid[i], NULL, run, &jobs[i]), 0);
    for (int i = 0; i < THREADS; i++)
        assert_int_equal(pthread_join(tid[i], NULL), 0);
    for (int i = 0; i < THREADS; i++) {
        assert_false(jobs[i].failed);
        for (int d = 0; d < DOCS; d++) {
            assert_non_null(jobs[i].out[d]);
            assert_string_equal(jobs[i].out[d], want[d]);
            unspun_free(jobs[i].out[d]);
        }
        unspun_worker_free(jobs[i].w);
    }
    for (int d = 0; d < DOCS; d++)
        unspun_free(want[d]);
    unspun_refset_free(refs);
    unspun_worker_free(w0);
}

static int setup(void **state)
{
    (void)state;
    eng = test_engine(NULL);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    unspun_engine_free(eng);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(threads_share_one_refset),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
