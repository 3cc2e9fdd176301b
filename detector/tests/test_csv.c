/* test_csv.c - the CSV renderer: RFC 4180 quoting, rows, errors. */
#include "test_util.h"

static unspun_result *score(const char *s)
{
    unspun_result *r = NULL;
    assert_int_equal(unspun_score(wk, s, strlen(s), NULL, &r, NULL), UNSPUN_OK);
    return r;
}

static void the_header_names_seven_columns(void **state)
{
    (void)state;
    assert_string_equal(unspun_csv_header(), "file,score,verdict,words,"
                                             "artifacts,top_artifacts,"
                                             "error\r\n");
}

static void fields_with_commas_quotes_or_newlines_are_quoted(void **state)
{
    (void)state;
    unspun_result *r = score("The team applied counterfeit consciousness to "
                             "the survey data, and the results were clear.");
    char *out = NULL;
    size_t len = 0;
    assert_int_equal(unspun_render_csv(r, "a,\"b\"\n.txt", &out, &len),
                     UNSPUN_OK);
    assert_int_equal(strlen(out), len);
    const char *want_start = "\"a,\"\"b\"\"\n.txt\",";
    assert_memory_equal(out, want_start, strlen(want_start));
    assert_non_null(strstr(out, "counterfeit consciousness -> artificial "
                                "intelligence (fingerprint)"));
    assert_string_equal(out + len - 3, ",\r\n"); /* empty error field */
    char score_field[32];
    snprintf(score_field, sizeof score_field, ",%.1f,%s,%zu,%zu,",
             unspun_result_score(r),
             unspun_verdict_name(unspun_result_verdict(r)),
             unspun_result_words(r), unspun_result_count(r));
    assert_non_null(strstr(out, score_field));
    unspun_free(out);
    /* A plain name is not quoted; NULL is an empty field. */
    assert_int_equal(unspun_render_csv(r, "plain.txt", &out, &len), UNSPUN_OK);
    assert_memory_equal(out, "plain.txt,", 10);
    unspun_free(out);
    assert_int_equal(unspun_render_csv(r, NULL, &out, &len), UNSPUN_OK);
    assert_int_equal(out[0], ',');
    unspun_free(out);
    unspun_result_free(r);
}

/* The top artifacts (unspun.h): at most three, the most confident first,
 * each wording once. */
static void the_top_three_wordings_are_listed_once_each(void **state)
{
    (void)state;
    unspun_result *r = score(
        "Counterfeit consciousness, profound learning, colossal information, "
        "irregular woodland, counterfeit consciousness, profound learning "
        "and colossal information were all in the paper, said the team.");
    size_t n = unspun_result_count(r);
    assert_true(n > 5);
    char *out = NULL;
    assert_int_equal(unspun_render_csv(r, "x", &out, NULL), UNSPUN_OK);
    size_t seps = 0;
    for (const char *p = out; (p = strstr(p, "; ")); p += 2)
        seps++;
    assert_int_equal(seps, 2);
    /* Each listed wording appears once; no artifact left out is more
     * confident than a listed one of another wording. */
    double least = 2;
    for (size_t i = 0; i < n; i++) {
        const unspun_artifact *a = unspun_result_artifact(r, i);
        char item[256];
        snprintf(item, sizeof item, "%s -> %s (", a->text,
                 a->suggestion ? a->suggestion : "");
        const char *hit = strstr(out, item);
        if (hit) {
            assert_null(strstr(hit + 1, item));
            if (a->confidence < least)
                least = a->confidence;
        }
    }
    for (size_t i = 0; i < n; i++) {
        const unspun_artifact *a = unspun_result_artifact(r, i);
        char item[256];
        snprintf(item, sizeof item, "%s -> %s (", a->text,
                 a->suggestion ? a->suggestion : "");
        if (!strstr(out, item))
            assert_true(a->confidence <= least);
    }
    unspun_free(out);
    unspun_result_free(r);
}

static void error_rows_carry_the_json_error_text(void **state)
{
    (void)state;
    unspun_error e = {UNSPUN_E_UTF8, NULL, 7, 0};
    char *out = NULL, *json = NULL;
    assert_int_equal(unspun_render_error_csv("x.txt", &e, &out, NULL),
                     UNSPUN_OK);
    assert_string_equal(out, "x.txt,,,,,,invalid UTF-8 at byte 7\r\n");
    unspun_free(out);
    assert_int_equal(unspun_render_error_json("x.txt", &e, &json, NULL),
                     UNSPUN_OK);
    assert_non_null(strstr(json, "\"invalid UTF-8 at byte 7\""));
    unspun_free(json);
    unspun_error io = {UNSPUN_E_IO, "cannot read file: No such file, really",
                       SIZE_MAX, 0};
    assert_int_equal(unspun_render_error_csv(NULL, &io, &out, NULL), UNSPUN_OK);
    assert_string_equal(out, ",,,,,,\"cannot read file: No such file, "
                             "really\"\r\n");
    unspun_free(out);
    unspun_error big = {UNSPUN_E_TOO_BIG, NULL, 1024, 0};
    assert_int_equal(unspun_render_error_csv("b", &big, &out, NULL), UNSPUN_OK);
    assert_string_equal(out, "b,,,,,,input too large (limit 1024 bytes)\r\n");
    unspun_free(out);
}

static void null_arguments_are_refused(void **state)
{
    (void)state;
    char *out = NULL;
    unspun_error e = {UNSPUN_E_IO, NULL, SIZE_MAX, 0};
    assert_int_equal(unspun_render_csv(NULL, "x", &out, NULL), UNSPUN_E_ARG);
    assert_int_equal(unspun_render_error_csv("x", NULL, &out, NULL),
                     UNSPUN_E_ARG);
    assert_int_equal(unspun_render_error_csv("x", &e, NULL, NULL),
                     UNSPUN_E_ARG);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_header_names_seven_columns),
        cmocka_unit_test(fields_with_commas_quotes_or_newlines_are_quoted),
        cmocka_unit_test(the_top_three_wordings_are_listed_once_each),
        cmocka_unit_test(error_rows_carry_the_json_error_text),
        cmocka_unit_test(null_arguments_are_refused),
    };
    return cmocka_run_group_tests(tests, test_setup, test_teardown);
}
