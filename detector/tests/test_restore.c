/* test_restore.c - unspun_render_restored: replacements, case, the
 * inflection of tortured phrases, --min-confidence, untouched bytes. */
#include "test_util.h"

#include "restore.h"

static char *restore(const char *text, double min_conf, size_t *replaced)
{
    unspun_score_options so = {.flags = UNSPUN_OPT_ANY_LANGUAGE};
    unspun_result *r = NULL;
    assert_int_equal(unspun_score(wk, text, strlen(text), &so, &r, NULL),
                     UNSPUN_OK);
    char *out = NULL;
    size_t len = 0;
    assert_int_equal(unspun_render_restored(eng, r, text, strlen(text),
                                            min_conf, &out, &len, replaced),
                     UNSPUN_OK);
    assert_int_equal(strlen(out), len);
    unspun_result_free(r);
    return out;
}

/* Ordinary sentences around the phrase, so that it is the only artifact
 * the tests look at. */
#define PRE "The reviewers read the report. "
#define POST                                                                   \
    " was the subject of the second chapter, and the members "                 \
    "thanked the staff for their work on the survey.\n"

static void a_tortured_phrase_takes_the_suggestion(void **state)
{
    (void)state;
    size_t n = 0;
    char *out = restore(PRE "Counterfeit consciousness" POST, 0.9, &n);
    assert_string_equal(out, PRE "Artificial intelligence" POST);
    assert_int_equal(n, 1);
    unspun_free(out);
}

static void the_artifacts_case_is_kept(void **state)
{
    (void)state;
    char *out = restore(PRE "COUNTERFEIT CONSCIOUSNESS" POST, 0.9, NULL);
    assert_string_equal(out, PRE "ARTIFICIAL INTELLIGENCE" POST);
    unspun_free(out);
    out = restore(PRE "Counterfeit Consciousness Review" POST, 0.9, NULL);
    assert_string_equal(out, PRE "Artificial Intelligence Review" POST);
    unspun_free(out);
    out =
        restore(PRE "In their work counterfeit consciousness" POST, 0.9, NULL);
    assert_string_equal(out, PRE "In their work artificial intelligence" POST);
    unspun_free(out);
}

static void an_inflected_phrase_is_inflected_back(void **state)
{
    (void)state;
    char *out =
        restore(PRE "Their counterfeit consciousnesses" POST, 0.9, NULL);
    assert_string_equal(out, PRE "Their artificial intelligences" POST);
    unspun_free(out);
}

static void min_confidence_above_every_artifact_changes_nothing(void **state)
{
    (void)state;
    const char *text = PRE "Counterfeit consciousness" POST;
    size_t n = 99;
    char *out = restore(text, 1.0, &n);
    assert_string_equal(out, text);
    assert_int_equal(n, 0);
    unspun_free(out);
}

static void bytes_outside_artifacts_are_kept(void **state)
{
    (void)state;
    /* CR LF, tabs, non-ASCII punctuation and two artifacts. */
    const char *text =
        "The reviewers\tread the report \xE2\x80\x94 twice.\r\n"
        "Counterfeit consciousness and colossal information were the "
        "subjects of the second chapter.\r\n";
    unspun_score_options so = {.flags = UNSPUN_OPT_ANY_LANGUAGE};
    unspun_result *r = NULL;
    assert_int_equal(unspun_score(wk, text, strlen(text), &so, &r, NULL),
                     UNSPUN_OK);
    char *out = NULL;
    size_t len = 0, n = 0;
    assert_int_equal(
        unspun_render_restored(eng, r, text, strlen(text), 0, &out, &len, &n),
        UNSPUN_OK);
    /* Rebuild the expected bytes from the artifacts themselves. */
    char want[1024];
    size_t k = 0, pos = 0, reps = 0;
    for (size_t i = 0; i < unspun_result_count(r); i++) {
        const unspun_artifact *a = unspun_result_artifact(r, i);
        if (!a->suggestion)
            continue;
        memcpy(want + k, text + pos, a->start - pos);
        k += a->start - pos;
        size_t sl = strlen(a->suggestion);
        memcpy(want + k, a->suggestion, sl);
        if (text[a->start] >= 'A' && text[a->start] <= 'Z' && want[k] >= 'a' &&
            want[k] <= 'z')
            want[k] = (char)(want[k] - 'a' + 'A');
        k += sl;
        pos = a->end;
        reps++;
    }
    memcpy(want + k, text + pos, strlen(text) - pos);
    k += strlen(text) - pos;
    want[k] = '\0';
    assert_true(reps >= 2);
    assert_int_equal(n, reps);
    assert_string_equal(out, want);
    unspun_free(out);
    unspun_result_free(r);
}

static void cased(const char *art, const char *sugg, const char *want)
{
    us_buf b;
    us_buf_init(&b, &us_default_allocator);
    us_restore_cased(&b, art, strlen(art), sugg, strlen(sugg));
    assert_false(b.failed);
    assert_string_equal(b.data, want);
    us_buf_free(&b);
}

static void the_case_rule(void **state)
{
    (void)state;
    /* A reference's sentence-initial wording in mid-sentence. */
    cased("and that after", "In", "in");
    cased("and that after", "NASA said", "NASA said");
    cased("the gadget", "iPhone", "iPhone");
    cased("vogue", "fashion", "fashion");
    cased("Vogue", "fashion", "Fashion");
    cased("VOGUE", "fashion house", "FASHION HOUSE");
    cased("Counterfeit Consciousness", "artificial intelligence",
          "Artificial Intelligence");
    cased("Counterfeit consciousness", "artificial intelligence",
          "Artificial intelligence");
    cased("A", "one", "One"); /* one capital letter is not all capitals */
    cased("\xC3\xA9lan", "Verve", "verve");
    cased("\xC3\x89lan", "verve", "Verve");
    cased("verve", "\xC3\x89lan", "\xC3\xA9lan");
    cased("42", "forty-two", "forty-two");
}

static void bad_arguments_are_refused(void **state)
{
    (void)state;
    unspun_result *r = NULL;
    const char *t = PRE "Counterfeit consciousness" POST;
    assert_int_equal(unspun_score(wk, t, strlen(t), NULL, &r, NULL), UNSPUN_OK);
    char *out = NULL;
    assert_int_equal(
        unspun_render_restored(eng, NULL, t, strlen(t), 0, &out, NULL, NULL),
        UNSPUN_E_ARG);
    assert_int_equal(
        unspun_render_restored(eng, r, NULL, 3, 0, &out, NULL, NULL),
        UNSPUN_E_ARG);
    assert_int_equal(
        unspun_render_restored(eng, r, t, strlen(t), 0, NULL, NULL, NULL),
        UNSPUN_E_ARG);
    /* No engine: no inflection, still a restore. */
    assert_int_equal(
        unspun_render_restored(NULL, r, t, strlen(t), 0, &out, NULL, NULL),
        UNSPUN_OK);
    assert_non_null(strstr(out, "Artificial intelligence"));
    unspun_free(out);
    unspun_result_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_tortured_phrase_takes_the_suggestion),
        cmocka_unit_test(the_artifacts_case_is_kept),
        cmocka_unit_test(an_inflected_phrase_is_inflected_back),
        cmocka_unit_test(min_confidence_above_every_artifact_changes_nothing),
        cmocka_unit_test(bytes_outside_artifacts_are_kept),
        cmocka_unit_test(the_case_rule),
        cmocka_unit_test(bad_arguments_are_refused),
    };
    return cmocka_run_group_tests(tests, test_setup, test_teardown);
}
