/* test_detect_fingerprint.c - known tortured phrases (detect_fingerprint.c)
 * on the unit tests' data file: fp.tsv lists "big facts", "big
 * information" and "big information investigation" (for "big data" and
 * "big data analytics") and "profound learning", which its training text
 * uses twice. */
#include "test_detect.h"

static const us_art *found(const char *text, const char *what, uint32_t flags)
{
    read_doc(text);
    assert_int_equal(us_detect_fingerprint(uw, flags), 0);
    return art_at(text, what, UNSPUN_KIND_FINGERPRINT);
}

static void a_tortured_phrase_is_found_with_its_correction(void **state)
{
    (void)state;
    const us_art *a = found("The team used big facts here.", "big facts", 0);
    assert_non_null(a);
    assert_string_equal(sugg_of(a), "big data");
    assert_true(fabs(a->confidence - 0.95) < 1e-9);
    assert_int_equal(uw->narts, 1);
}

static void inflected_forms_match_by_stem(void **state)
{
    (void)state;
    const us_art *a =
        found("The team read the big informations.", "big informations", 0);
    assert_non_null(a);
    assert_string_equal(sugg_of(a), "big data");
}

static void the_longest_phrase_at_a_place_wins(void **state)
{
    (void)state;
    const char *text = "They ran a big information investigation today.";
    const us_art *a = found(text, "big information investigation", 0);
    assert_non_null(a);
    assert_string_equal(sugg_of(a), "big data analytics");
    assert_int_equal(uw->narts, 1);
}

static void a_phrase_ordinary_text_uses_is_weaker(void **state)
{
    (void)state;
    /* the training text has it twice: 0.95 * 4 / (4 + 2), under
     * US_REPORT_MIN: counted in the score, never listed, so its suggestion
     * is not kept (worker.h, us_art_add) */
    const us_art *a =
        found("They use profound learning now.", "profound learning", 0);
    assert_non_null(a);
    assert_true(fabs(a->confidence - 0.95 * 4 / 6) < 1e-9);
    assert_true(a->confidence < US_REPORT_MIN);
    assert_null(sugg_of(a));
}

static void quotations_count_less_unless_asked(void **state)
{
    (void)state;
    const char *text = "\"We used big facts,\" she said.";
    assert_true(fabs(found(text, "big facts", 0)->confidence - 0.665) < 1e-9);
    assert_true(fabs(found(text, "big facts", UNSPUN_OPT_QUOTES)->confidence -
                     0.95) < 1e-9);
}

static void a_phrase_never_spans_two_sentences(void **state)
{
    (void)state;
    read_doc("It was big. Facts matter.");
    assert_int_equal(us_detect_fingerprint(uw, 0), 0);
    assert_int_equal(uw->narts, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_tortured_phrase_is_found_with_its_correction),
        cmocka_unit_test(inflected_forms_match_by_stem),
        cmocka_unit_test(the_longest_phrase_at_a_place_wins),
        cmocka_unit_test(a_phrase_ordinary_text_uses_is_weaker),
        cmocka_unit_test(quotations_count_less_unless_asked),
        cmocka_unit_test(a_phrase_never_spans_two_sentences),
    };
    return cmocka_run_group_tests(tests, unit_setup, unit_teardown);
}
