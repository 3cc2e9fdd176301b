/* test_detect_synonym.c - thesaurus substitutes that do not fit their
 * context (detect_synonym.c), on the unit tests' data file: its model
 * makes "five years old" and "the previous week" likely and "five years
 * previous" very unlikely; its thesaurus lists "previous" under "old". */
#include "test_detect.h"

static const char spun[] = "The child was five years previous.";

/* The synonym artifact on "previous" in `text`, after detecting. */
static const us_art *previous_in(const char *text, uint32_t flags)
{
    read_doc(text);
    assert_int_equal(us_detect_synonym(uw, flags), 0);
    return art_at(text, "previous", UNSPUN_KIND_SYNONYM);
}

static void a_swap_that_breaks_its_context_names_the_original(void **state)
{
    (void)state;
    const us_art *a = previous_in(spun, 0);
    assert_non_null(a);
    assert_string_equal(sugg_of(a), "old");
    assert_true(a->confidence > 0.9);
}

static void a_word_that_fits_its_context_is_left_alone(void **state)
{
    (void)state;
    assert_null(previous_in("The council met the previous week.", 0));
    /* a word the thesaurus lists under no other has nothing to weigh */
    read_doc("The child was five years old.");
    assert_int_equal(us_detect_synonym(uw, 0), 0);
    assert_int_equal(arts_of(UNSPUN_KIND_SYNONYM), 0);
}

static void quoted_speech_counts_less_unless_asked(void **state)
{
    (void)state;
    double plain = previous_in(spun, 0)->confidence;
    const char *quoted = "\"The child was five years previous.\"";
    const us_art *q = previous_in(quoted, 0);
    assert_non_null(q);
    assert_true(q->confidence < plain);
    q = previous_in(quoted, UNSPUN_OPT_QUOTES);
    assert_non_null(q);
    assert_true(fabs(q->confidence - plain) < 1e-9);
}

static void a_word_repeated_is_the_writers_term(void **state)
{
    (void)state;
    const char *twice = "The child was five years previous. The child was "
                        "five years previous.";
    read_doc(twice);
    assert_int_equal(us_detect_synonym(uw, 0), 0);
    assert_int_equal(arts_of(UNSPUN_KIND_SYNONYM), 2);
    for (size_t i = 0; i < uw->narts; i++)
        assert_true(uw->arts[i].confidence <= 0.5); /* posterior / count */
}

static void names_and_the_references_words_are_not_weighed(void **state)
{
    (void)state;
    /* capitalised inside a sentence: a name */
    const char *name = "The child was five years Previous.";
    read_doc(name);
    assert_int_equal(us_detect_synonym(uw, 0), 0);
    assert_null(art_at(name, "Previous", UNSPUN_KIND_SYNONYM));
    /* reference mode: a word a reference has as it is */
    read_doc(spun);
    unsigned char *orig = calloc(uw->toks.n, 1);
    assert_non_null(orig);
    for (size_t i = 0; i < uw->toks.n; i++)
        orig[i] =
            uw->toks.tok[i].start == (size_t)(strstr(spun, "previous") - spun);
    uw->original = orig;
    assert_int_equal(us_detect_synonym(uw, 0), 0);
    uw->original = NULL;
    free(orig);
    assert_int_equal(arts_of(UNSPUN_KIND_SYNONYM), 0);
}

static void a_phrase_for_a_function_word_is_no_swap(void **state)
{
    (void)state;
    /* the thesaurus lists "not a" under "no", and the model finds "met
     * no council" far likelier than "met not a council"; but a spinner
     * leaves function words alone, so "no" is never what it replaced,
     * and the phrase is no swap (while a word of it may be one) */
    const char *text = "The child met not a council in March.";
    read_doc(text);
    assert_int_equal(us_detect_synonym(uw, 0), 0);
    for (size_t i = 0; i < uw->narts; i++)
        assert_true(uw->arts[i].tok_first == uw->arts[i].tok_last);
    assert_null(art_at(text, "not a", UNSPUN_KIND_SYNONYM));
}

/* The document's swap likelihood (the mixture's log likelihood ratio,
 * score.c's third measure of damage): 0 where no share of swapped words
 * beats none, adding up over the swaps of a document. */
static void the_swap_likelihood_adds_up_a_documents_swaps(void **state)
{
    (void)state;
    read_doc("The council met the previous week.");
    assert_int_equal(us_detect_synonym(uw, 0), 0);
    assert_true(uw->mix_llr == 0.0); /* the word fits: no share beats none */
    read_doc(spun);
    assert_int_equal(us_detect_synonym(uw, 0), 0);
    double once = uw->mix_llr;
    assert_true(once > 1.0);
    read_doc("The child was five years previous. The child was five years "
             "previous.");
    assert_int_equal(us_detect_synonym(uw, 0), 0);
    assert_true(uw->mix_llr > 1.9 * once);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_swap_that_breaks_its_context_names_the_original),
        cmocka_unit_test(a_word_that_fits_its_context_is_left_alone),
        cmocka_unit_test(quoted_speech_counts_less_unless_asked),
        cmocka_unit_test(a_word_repeated_is_the_writers_term),
        cmocka_unit_test(names_and_the_references_words_are_not_weighed),
        cmocka_unit_test(a_phrase_for_a_function_word_is_no_swap),
        cmocka_unit_test(the_swap_likelihood_adds_up_a_documents_swaps),
    };
    return cmocka_run_group_tests(tests, unit_setup, unit_teardown);
}
