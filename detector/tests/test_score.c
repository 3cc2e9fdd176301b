/* test_score.c - the scoring API: errors, invariants, fingerprints, OOM. */
#include "test_util.h"

#include "detect.h"

static unspun_status score(const char *s, size_t n, uint32_t flags,
                           unspun_result **r, unspun_error *err)
{
    unspun_score_options o = {flags, 0, 0, 0};
    return unspun_score(wk, s, n, &o, r, err);
}

static void empty_and_blank_input_is_empty(void **state)
{
    (void)state;
    unspun_result *r = (unspun_result *)1;
    unspun_error err;
    assert_int_equal(score("", 0, 0, &r, &err), UNSPUN_E_EMPTY);
    assert_null(r);
    assert_int_equal(score(" \n\t ...", 7, 0, &r, &err), UNSPUN_E_EMPTY);
    assert_int_equal(unspun_score(wk, NULL, 0, NULL, &r, &err), UNSPUN_E_EMPTY);
}

static void bad_bytes_give_their_offsets(void **state)
{
    (void)state;
    unspun_result *r;
    unspun_error err;
    assert_int_equal(score("Hello\0world", 11, 0, &r, &err), UNSPUN_E_BINARY);
    assert_int_equal(err.offset, 5);
    assert_int_equal(score("Hello w\xf8rld", 11, 0, &r, &err), UNSPUN_E_UTF8);
    assert_int_equal(err.offset, 7);
}

static void size_limit_and_arguments(void **state)
{
    (void)state;
    unspun_result *r;
    unspun_error err;
    unspun_score_options o = {0, 10, 0, 0};
    assert_int_equal(
        unspun_score(wk, "The cat sat on the mat.", 23, &o, &r, &err),
        UNSPUN_E_TOO_BIG);
    assert_int_equal(err.offset, 10);
    o.max_bytes = 0;
    o.flags = 1u << 20;
    assert_int_equal(unspun_score(wk, "x", 1, &o, &r, &err), UNSPUN_E_ARG);
    assert_int_equal(unspun_score(NULL, "x", 1, NULL, &r, &err), UNSPUN_E_ARG);
    assert_int_equal(unspun_score(wk, NULL, 3, NULL, &r, &err), UNSPUN_E_ARG);
}

static void other_languages_are_refused_unless_asked(void **state)
{
    (void)state;
    const char *es = "El gobierno anunci\xc3\xb3 ayer que las nuevas medidas "
                     "econ\xc3\xb3micas entrar\xc3\xa1n en vigor durante el "
                     "pr\xc3\xb3ximo mes, seg\xc3\xban fuentes oficiales.";
    unspun_result *r = NULL;
    unspun_error err;
    assert_int_equal(score(es, strlen(es), 0, &r, &err), UNSPUN_E_NOT_ENGLISH);
    assert_int_equal(score(es, strlen(es), UNSPUN_OPT_ANY_LANGUAGE, &r, &err),
                     UNSPUN_OK);
    unspun_result_free(r);
}

static void plain_english_is_clean(void **state)
{
    (void)state;
    const char *s =
        "The committee met on Tuesday to discuss the budget for next year. "
        "Members agreed that the school needs more teachers, and they asked "
        "the city to pay for two new classrooms before the end of the month.";
    unspun_result *r = NULL;
    unspun_error err;
    assert_int_equal(score(s, strlen(s), 0, &r, &err), UNSPUN_OK);
    assert_int_equal(unspun_result_verdict(r), UNSPUN_VERDICT_CLEAN);
    assert_true(unspun_result_words(r) > 30);
    unspun_result_free(r);
}

/* Artifacts of CRLF text are those of LF text, shifted by the CRs. */
static void crlf_and_lf_give_the_same_artifacts(void **state)
{
    (void)state;
    size_t n = 0;
    char *text = read_all(UNSPUN_TEST_FIXTURES "/002_322fb44b1aae548c.txt", &n);
    assert_non_null(text);
    /* a known tortured phrase on a line of its own: an artifact whatever
     * the statistical detectors make of the article */
    static const char tail[] =
        "\nThe firm uses counterfeit consciousness to sort them.\n";
    char *lf = malloc(n + sizeof tail);
    assert_non_null(lf);
    memcpy(lf, text, n);
    memcpy(lf + n, tail, sizeof tail);
    n += sizeof tail - 1;
    free(text);
    char *crlf = malloc(2 * n + 1);
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (lf[i] == '\n')
            crlf[m++] = '\r';
        crlf[m++] = lf[i];
    }
    unspun_result *a = NULL, *b = NULL;
    unspun_error err;
    assert_int_equal(score(lf, n, 0, &a, &err), UNSPUN_OK);
    assert_int_equal(score(crlf, m, 0, &b, &err), UNSPUN_OK);
    assert_int_equal(unspun_result_count(a), unspun_result_count(b));
    assert_true(unspun_result_count(a) > 0);
    for (size_t i = 0; i < unspun_result_count(a); i++) {
        const unspun_artifact *x = unspun_result_artifact(a, i);
        const unspun_artifact *y = unspun_result_artifact(b, i);
        assert_int_equal(y->start - x->start, x->line - 1);
        assert_int_equal(x->line, y->line);
        assert_string_equal(x->text, y->text);
        assert_int_equal(x->kind, y->kind);
        assert_memory_equal(lf + x->start, x->text, x->end - x->start);
    }
    assert_null(unspun_result_artifact(a, unspun_result_count(a)));
    unspun_result_free(a);
    unspun_result_free(b);
    free(lf);
    free(crlf);
}

/* Does the fingerprint detector alone report bytes [start, end) of text?
 * Called on the detector itself, so that another detector's more confident
 * artifact over the same words cannot hide the answer. */
static int fingerprint_found(const char *text, size_t start, size_t end)
{
    unspun_error err;
    wk->narts = 0;
    assert_int_equal(us_tokenize(&wk->toks, text, strlen(text), &err),
                     UNSPUN_OK);
    assert_int_equal(us_lex_assign(&wk->lex, &wk->toks, &err), UNSPUN_OK);
    assert_int_equal(us_detect_fingerprint(wk, 0), 0);
    for (size_t i = 0; i < wk->narts; i++) {
        const us_art *a = &wk->arts[i];
        if (a->kind == UNSPUN_KIND_FINGERPRINT &&
            wk->toks.tok[a->tok_first].start < end &&
            start < wk->toks.tok[a->tok_last].end)
            return 1;
    }
    return 0;
}

/* Every fingerprint of the shipped list is found in a neutral sentence
 * (the list is data; this checks the compiler and matcher agree on it). */
static void every_fingerprint_is_found(void **state)
{
    (void)state;
    FILE *f = fopen(UNSPUN_TEST_WORDLISTS "/fingerprints-pps.tsv", "r");
    assert_non_null(f);
    char line[1024];
    long lineno = 0, checked = 0, missed = 0;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        if (line[0] == '#' || line[0] == '\n')
            continue;
        char *tab = strchr(line, '\t');
        if (!tab)
            continue;
        *tab = '\0';
        char text[1200];
        int pre = snprintf(text, sizeof text, "We describe the ");
        snprintf(text + pre, sizeof text - (size_t)pre, "%s in this work.",
                 line);
        size_t start = (size_t)pre, end = start + strlen(line);
        if (!fingerprint_found(text, start, end)) {
            missed++;
            print_error("fingerprints-pps.tsv:%ld: '%s' not found\n", lineno,
                        line);
        }
        checked++;
    }
    fclose(f);
    assert_true(checked > 1000);
    assert_int_equal(missed, 0);
}

static void scoring_survives_allocation_failures(void **state)
{
    (void)state;
    size_t n = 0;
    char *text = read_all(UNSPUN_TEST_FIXTURES "/002_322fb44b1aae548c.txt", &n);
    assert_non_null(text);
    for (long k = 1;; k++) {
        test_alc t = {0, 0, 0};
        unspun_allocator a = test_allocator(&t);
        unspun_engine *e = test_engine(&a);
        unspun_worker *w = NULL;
        unspun_error err;
        assert_int_equal(unspun_worker_new(e, &w, &err), UNSPUN_OK);
        t.calls = 0;
        t.fail_at = k;
        unspun_result *r = NULL;
        unspun_status rc = unspun_score(w, text, n, NULL, &r, &err);
        t.fail_at = 0;
        unspun_result_free(r);
        unspun_worker_free(w);
        unspun_engine_free(e);
        if (oom_step_done(&t, rc, k, 10000))
            break;
    }
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(empty_and_blank_input_is_empty),
        cmocka_unit_test(bad_bytes_give_their_offsets),
        cmocka_unit_test(size_limit_and_arguments),
        cmocka_unit_test(other_languages_are_refused_unless_asked),
        cmocka_unit_test(plain_english_is_clean),
        cmocka_unit_test(crlf_and_lf_give_the_same_artifacts),
        cmocka_unit_test(every_fingerprint_is_found),
        cmocka_unit_test(scoring_survives_allocation_failures),
    };
    return cmocka_run_group_tests(tests, test_setup, test_teardown);
}
