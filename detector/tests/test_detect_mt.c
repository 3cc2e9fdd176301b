/* test_detect_mt.c - machine-translation literalism (detect_mt.c) on the
 * unit tests' data file: words no dictionary knows, words with a regular
 * ending their stem does not take, an article the model finds far less
 * likely than another, and neighbours the model keeps apart ("said a":
 * its model gives it a very low probability, and "said the" a high one),
 * and a compound in a Romance language's order ("the report of council":
 * the model knows "council report", and "of council" not at all). */
#include "test_detect.h"

static void detect(const char *text, uint32_t flags)
{
    read_doc(text);
    assert_int_equal(us_detect_mt(uw, flags), 0);
}

static void an_unknown_word_is_reported_with_its_spelling(void **state)
{
    (void)state;
    const char *text = "The chlid was five years old.";
    detect(text, 0);
    us_art *a = (us_art *)art_at(text, "chlid", UNSPUN_KIND_UNKNOWN);
    assert_non_null(a);
    assert_true(fabs(a->confidence - 0.45) < 1e-9);
    /* the spelling suggestion is worked out when the artifact is listed */
    assert_null(sugg_of(a));
    assert_int_equal(us_art_spell(uw, a), 0);
    assert_string_equal(sugg_of(a), "child");
    /* no known word one edit away: no suggestion */
    const char *odd = "The child was zorbled.";
    detect(odd, 0);
    a = (us_art *)art_at(odd, "zorbled", UNSPUN_KIND_UNKNOWN);
    assert_non_null(a);
    assert_int_equal(us_art_spell(uw, a), 0);
    assert_null(sugg_of(a));
}

static void names_repeats_and_quotes_count_less_or_nothing(void **state)
{
    (void)state;
    /* a capital: a name, at a sentence start too */
    detect("The child met Zorbled. Zorbled met the child.", 0);
    assert_int_equal(arts_of(UNSPUN_KIND_UNKNOWN), 0);
    /* repeated: a term of the trade, each counting half */
    const char *twice = "The zorbled child said zorbled.";
    detect(twice, 0);
    assert_int_equal(arts_of(UNSPUN_KIND_UNKNOWN), 2);
    assert_true(fabs(uw->arts[0].confidence - 0.225) < 1e-9);
    /* quoted: half */
    const char *quoted = "She said \"zorbled\" once.";
    detect(quoted, 0);
    const us_art *q = art_at(quoted, "zorbled", UNSPUN_KIND_UNKNOWN);
    assert_non_null(q);
    assert_true(fabs(q->confidence - 0.225) < 1e-9);
}

static void a_regular_ending_on_a_known_stem_is_misinflected(void **state)
{
    (void)state;
    const char *text = "The council weeked.";
    detect(text, 0);
    us_art *a = (us_art *)art_at(text, "weeked", UNSPUN_KIND_UNKNOWN);
    assert_non_null(a);
    assert_true(fabs(a->confidence - 0.75) < 1e-9);
    /* its nearest spelling is not its original: none is looked for */
    assert_int_equal(a->spell, US_NONE);
}

/* `word` of `text` is an unknown word of confidence `conf`. */
static void unknown_at(const char *text, const char *word, double conf)
{
    detect(text, 0);
    const us_art *a = art_at(text, word, UNSPUN_KIND_UNKNOWN);
    assert_non_null(a);
    assert_true(fabs(a->confidence - conf) < 1e-9);
}

static void an_irregular_past_made_regular_is_misinflected(void **state)
{
    (void)state;
    /* this dictionary knows "learning" (so "learn" is a verb) but not
     * "learned": to it, as "running" and "runned" to English's, the
     * regular past is a slip */
    unknown_at("The council learned.", "learned", 0.75);
}

static void a_derivation_no_dictionary_lists_is_misinflected(void **state)
{
    (void)state;
    unknown_at("The council praised its oldness.", "oldness", 0.75);
    /* the suffix on no known word: an unknown word like any other */
    unknown_at("The council praised its zorbleness.", "zorbleness", 0.45);
    /* nor is a prefix a sign: technical writers make terms with them */
    unknown_at("The council unmeet.", "unmeet", 0.45);
}

/* `s` three times over: a function word out of place counts in full only
 * with two other traces in its document (detect_mt.c, weigh_traces), so
 * the detectors' own judgement is tested where each sentence has them. */
static const char *thrice(const char *s)
{
    static char buf[512];
    snprintf(buf, sizeof buf, "%s %s %s", s, s, s);
    return buf;
}

static void an_unlikely_article_gets_the_likely_one(void **state)
{
    (void)state;
    const char *text = thrice("She said a council would meet.");
    detect(text, 0);
    const us_art *a = art_at(text, "a", UNSPUN_KIND_FUNCTION);
    assert_non_null(a);
    assert_string_equal(sugg_of(a), "the");
    assert_true(a->confidence >= 0.7);
    /* and the pair the model keeps apart */
    assert_non_null(art_at(text, "said a", UNSPUN_KIND_COLLOCATION));
    /* the likely wording: nothing */
    detect("She said the council would meet.", 0);
    assert_int_equal(uw->narts, 0);
}

static void a_pair_counts_in_full_among_other_traces(void **state)
{
    (void)state;
    /* once: the edit of "a" and the pair "a council" are the same trace
     * as "said a", which has no other and counts a third of what it
     * would with two or more (thrice: the other sentences' edits) */
    const char *once = "She said a council would meet.";
    detect(once, 0);
    double alone = art_at(once, "said a", UNSPUN_KIND_COLLOCATION)->confidence;
    const char *thrice = "She said a council would meet. She said a council "
                         "would meet. She said a council would meet.";
    detect(thrice, 0);
    double among =
        art_at(thrice, "said a", UNSPUN_KIND_COLLOCATION)->confidence;
    assert_true(among >= 0.7);
    assert_true(fabs(alone - among / 3) < 1e-9);
    /* and so does the edit of "a" itself */
    detect(once, 0);
    alone = art_at(once, "a", UNSPUN_KIND_FUNCTION)->confidence;
    detect(thrice, 0);
    among = art_at(thrice, "a", UNSPUN_KIND_FUNCTION)->confidence;
    assert_true(among >= 0.7);
    assert_true(fabs(alone - among / 3) < 1e-9);
}

static void no_pair_across_a_quotation_mark(void **state)
{
    (void)state;
    /* "said a" is a pair (above); with "a council" quoted, in single or
     * double quotes, "a" is mentioned, not joined to "said", and the pair
     * is gone, while the quoted words keep theirs */
    const char *plain = "She said a council would meet. She said a council "
                        "would meet. She said a council would meet.";
    detect(plain, 0);
    assert_non_null(art_at(plain, "said a", UNSPUN_KIND_COLLOCATION));
    static const char *const quoted[][2] = {
        {"She said 'a council' would meet. She said 'a council' would "
         "meet. She said 'a council' would meet.",
         "said 'a"},
        {"She said \"a council\" would meet. She said \"a council\" would "
         "meet. She said \"a council\" would meet.",
         "said \"a"},
    };
    for (size_t k = 0; k < 2; k++) {
        detect(quoted[k][0], 0);
        assert_null(
            art_at(quoted[k][0], quoted[k][1], UNSPUN_KIND_COLLOCATION));
        assert_non_null(
            art_at(quoted[k][0], "a council", UNSPUN_KIND_COLLOCATION));
    }
}

static void a_translated_document_makes_weak_traces_credible(void **state)
{
    (void)state;
    /* thrice: "a council" has two edits elsewhere, and keeps its weight;
     * five times: four edits elsewhere, the document is translated beyond
     * doubt, and its log-odds gain 2 ln(0.7 / 0.3): 0.3 would read 0.7 */
    const char *thrice = "She said a council would meet. She said a council "
                         "would meet. She said a council would meet.";
    detect(thrice, 0);
    double some =
        art_at(thrice, "a council", UNSPUN_KIND_COLLOCATION)->confidence;
    assert_true(some >= 0.5 && some < 0.7);
    const char *five = "She said a council would meet. She said a council "
                       "would meet. She said a council would meet. She said "
                       "a council would meet. She said a council would meet.";
    detect(five, 0);
    double many =
        art_at(five, "a council", UNSPUN_KIND_COLLOCATION)->confidence;
    double odds = some / (1 - some) * (0.7 / 0.3) * (0.7 / 0.3);
    /* (the source rounds ln(0.7 / 0.3) to 0.8473) */
    assert_true(fabs(many - fmin(odds / (1 + odds), 0.9)) < 1e-5);
}

static void quoted_edits_count_half_unless_asked(void **state)
{
    (void)state;
    const char *text = "He wrote: \"She said a council would meet.\"";
    detect(text, 0);
    double quoted = art_at(text, "a", UNSPUN_KIND_FUNCTION)->confidence;
    detect(text, UNSPUN_OPT_QUOTES);
    double plain = art_at(text, "a", UNSPUN_KIND_FUNCTION)->confidence;
    assert_true(fabs(quoted - plain / 2) < 1e-9);
}

static void a_parenthetical_function_word_is_not_weighed(void **state)
{
    (void)state;
    /* the same words as above, but "a" set off by commas: the model's
     * stream has no punctuation, so its deletion is not weighed */
    detect("She said, a, council would meet.", 0);
    assert_int_equal(arts_of(UNSPUN_KIND_FUNCTION), 0);
    /* one comma is not enough */
    const char *text = "She said, a council would meet.";
    detect(text, 0);
    assert_non_null(art_at(text, "a", UNSPUN_KIND_FUNCTION));
}

static void an_inverted_compound_gets_english_order(void **state)
{
    (void)state;
    const char *text = thrice("She said the report of council would meet.");
    detect(text, 0);
    const us_art *a = art_at(text, "report of council", UNSPUN_KIND_FUNCTION);
    assert_non_null(a);
    assert_string_equal(sugg_of(a), "council report");
    assert_true(a->confidence >= 0.7);
    /* at a sentence's start, the suggestion with its capital */
    const char *first = "Report of council would meet.";
    detect(first, 0);
    a = art_at(first, "Report of council", UNSPUN_KIND_FUNCTION);
    assert_non_null(a);
    assert_string_equal(sugg_of(a), "Council report");
    /* English order: nothing */
    detect("She said the council report would meet.", 0);
    assert_int_equal(arts_of(UNSPUN_KIND_FUNCTION), 0);
    /* the second word going on into a phrase ("of council report"), a
     * comma between: not weighed */
    const char *phrase = "She said the report of council report would meet.";
    detect(phrase, 0);
    assert_null(art_at(phrase, "report of council", UNSPUN_KIND_FUNCTION));
    detect("She said the report, of council would meet.", 0);
    assert_int_equal(arts_of(UNSPUN_KIND_FUNCTION), 0);
}

/* In `text`, `word` is a translation's mix-up, listed with `meant` (an
 * edit of a preposition may weigh it too, less surely: the result keeps
 * the surer of two artifacts on one word); in `fits`, nor in `right`
 * (when not NULL), nothing is. */
static void mixed_up(const char *once, const char *word, const char *meant,
                     const char *fits, const char *right)
{
    const char *text = thrice(once);
    detect(text, 0);
    const us_art *a = art_at(text, word, UNSPUN_KIND_FUNCTION), *best = a;
    assert_non_null(a);
    for (; a < uw->arts + uw->narts; a++)
        if (a->kind == best->kind && a->tok_first == best->tok_first &&
            a->tok_last == best->tok_last && a->confidence > best->confidence)
            best = a;
    assert_non_null(sugg_of(best));
    assert_string_equal(sugg_of(best), meant);
    assert_true(best->confidence >= 0.7);
    detect(fits, 0);
    assert_int_equal(arts_of(UNSPUN_KIND_FUNCTION), 0);
    if (right) {
        detect(right, 0);
        assert_int_equal(arts_of(UNSPUN_KIND_FUNCTION), 0);
    }
}

/* A Romance language's one word for "no" and "not": where "not" is far
 * likelier, "no" is reported with it; where "no" fits, nothing. */
static void no_for_not_gets_not(void **state)
{
    (void)state;
    mixed_up("She would no meet in the spring.", "no", "not",
             "The child met no council in March.",
             "She would not meet in the spring.");
}

/* "dejar" is both "let" and "leave": "left us meet" gets "let"; "left
 * the council" is left alone. */
static void left_for_let_gets_let(void **state)
{
    (void)state;
    mixed_up("She said left us meet in the spring.", "left", "let",
             "She left the council in March.", NULL);
}

/* Spanish "a" and "en" are "at", "to", "in" and "on": "meet at the
 * spring" gets the likeliest of the three, "in"; "met at the spring",
 * where "at" fits, nothing. */
static void at_for_in_gets_in(void **state)
{
    (void)state;
    mixed_up("She would meet at the spring.", "at", "in",
             "She said the council met at the spring.", NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(an_unknown_word_is_reported_with_its_spelling),
        cmocka_unit_test(names_repeats_and_quotes_count_less_or_nothing),
        cmocka_unit_test(a_regular_ending_on_a_known_stem_is_misinflected),
        cmocka_unit_test(an_irregular_past_made_regular_is_misinflected),
        cmocka_unit_test(a_derivation_no_dictionary_lists_is_misinflected),
        cmocka_unit_test(an_unlikely_article_gets_the_likely_one),
        cmocka_unit_test(a_pair_counts_in_full_among_other_traces),
        cmocka_unit_test(no_pair_across_a_quotation_mark),
        cmocka_unit_test(a_translated_document_makes_weak_traces_credible),
        cmocka_unit_test(quoted_edits_count_half_unless_asked),
        cmocka_unit_test(a_parenthetical_function_word_is_not_weighed),
        cmocka_unit_test(an_inverted_compound_gets_english_order),
        cmocka_unit_test(no_for_not_gets_not),
        cmocka_unit_test(left_for_let_gets_let),
        cmocka_unit_test(at_for_in_gets_in),
    };
    return cmocka_run_group_tests(tests, unit_setup, unit_teardown);
}
