/* test_lexicon.c - one analysis per word type (lexicon.c), on the unit
 * tests' data file: its vocabulary is the words its training text uses
 * twice or more and its model's; its dictionaries (known.txt) know a few
 * words more, "Paris" and "March" only capitalised. */
#include "test_detect.h"

static const us_lexicon *lx(void)
{
    return &uw->lex;
}

/* The lexicon id of the token at the first whole-word `what` in text. */
static uint32_t id_of(const char *text, const char *what)
{
    const char *at = strstr(text, what);
    assert_non_null(at);
    for (size_t i = 0; i < uw->toks.n; i++)
        if (uw->toks.tok[i].start == (size_t)(at - text))
            return uw->toks.tok[i].id;
    fail_msg("no token at '%s'", what);
    return US_NONE;
}

static uint32_t n_words(void)
{
    return ueng->hd->n_words;
}

static void vocabulary_words_carry_their_compiled_analysis(void **state)
{
    (void)state;
    const char *text = "The child said the council would meet.";
    read_doc(text);
    uint32_t the = id_of(text, "the"), child = id_of(text, "child");
    assert_true(the < n_words() && child < n_words());
    assert_int_equal(id_of(text, "The"), the); /* by the normalised form */
    uint16_t f = us_lex_flags(lx(), the);
    assert_true((f & US_WF_FUNC) && (f & US_WF_DET));
    f = us_lex_flags(lx(), child);
    assert_true((f & US_WF_KNOWN) && (f & US_WF_ALPHA) && !(f & US_WF_FUNC));
    assert_true(us_lex_count(lx(), child) >= 2);
    assert_int_equal(us_doc_count(lx(), the), 2);
    assert_true(us_doc_has(lx(), child));
    read_doc("The bridge.");
    assert_false(us_doc_has(lx(), child)); /* the document's, not the last */
}

static void other_words_are_analysed_once_per_type(void **state)
{
    (void)state;
    /* "discuss": known to the dictionaries, not in the vocabulary */
    const char *text = "They discuss zorbled plans, Zorbled plans and Paris "
                       "or paris, and 5 weeks.";
    read_doc(text);
    uint32_t discuss = id_of(text, "discuss");
    assert_true(discuss >= n_words());
    uint16_t f = us_lex_flags(lx(), discuss);
    assert_true((f & US_WF_KNOWN) && !(f & US_WF_PROPER));
    uint32_t z = id_of(text, "zorbled");
    assert_true(z >= n_words());
    assert_false(us_lex_flags(lx(), z) & US_WF_KNOWN);
    assert_int_equal(id_of(text, "Zorbled"), z); /* one type */
    /* known only capitalised: a name, known where written as one */
    uint32_t paris = id_of(text, "Paris");
    f = us_lex_flags(lx(), paris);
    assert_true((f & US_WF_KNOWN) && (f & US_WF_PROPER));
    for (size_t i = 0; i < uw->toks.n; i++)
        if (uw->toks.tok[i].id == paris)
            assert_int_equal(us_tok_known(lx(), &uw->toks.tok[i]),
                             text[uw->toks.tok[i].start] == 'P');
    /* a number reads as <num>; a word outside the vocabulary gets the
     * stem of its vocabulary sibling */
    assert_int_equal(id_of(text, "5"), ueng->hd->id_num);
    const char *week = "The week.";
    read_doc(week);
    uint32_t stem = us_lex_stem(lx(), id_of(week, "week"));
    read_doc(text);
    assert_true(stem != US_NONE);
    assert_int_equal(us_lex_stem(lx(), id_of(text, "weeks")), stem);
}

static void an_unknown_word_gets_the_commonest_word_one_edit_away(void **state)
{
    (void)state;
    const char *text = "The chlid and the zzzzzz.";
    read_doc(text);
    uint32_t s = us_lex_suggest(&uw->lex, id_of(text, "chlid"));
    assert_true(s < n_words());
    assert_string_equal(us_engine_str(ueng, ueng->words[s].str), "child");
    assert_int_equal(us_lex_suggest(&uw->lex, id_of(text, "zzzzzz")), US_NONE);
    /* vocabulary words have no suggestion */
    assert_int_equal(us_lex_suggest(&uw->lex, id_of(text, "The")), US_NONE);
}

static void reference_keys_join_inflections(void **state)
{
    (void)state;
    uint64_t week, weeks, child, num;
    assert_int_equal(us_lex_key(&uw->lex, "week", 4, &week), 0);
    assert_int_equal(us_lex_key(&uw->lex, "weeks", 5, &weeks), 0);
    assert_int_equal(us_lex_key(&uw->lex, "child", 5, &child), 0);
    assert_int_equal(us_lex_key(&uw->lex, "5g", 2, &num), 0);
    assert_true(week == weeks);
    assert_true(week != child && num != child);
    /* the compiled stem's key is the same key */
    const char *text = "The week.";
    read_doc(text);
    uint32_t stem = us_lex_stem(lx(), id_of(text, "week"));
    assert_true(us_engine_stem_key(ueng, stem) == week);
}

static void a_reset_forgets_the_other_words(void **state)
{
    (void)state;
    const char *text = "A zorbled child.";
    read_doc(text);
    assert_true(uw->lex.noov > 0);
    us_lex_reset(&uw->lex);
    assert_int_equal(uw->lex.noov, 0);
    read_doc(text);
    assert_int_equal(id_of(text, "zorbled"), n_words()); /* numbered anew */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(vocabulary_words_carry_their_compiled_analysis),
        cmocka_unit_test(other_words_are_analysed_once_per_type),
        cmocka_unit_test(an_unknown_word_gets_the_commonest_word_one_edit_away),
        cmocka_unit_test(reference_keys_join_inflections),
        cmocka_unit_test(a_reset_forgets_the_other_words),
    };
    return cmocka_run_group_tests(tests, unit_setup, unit_teardown);
}
