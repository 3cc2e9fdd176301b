/* test_tokenize.c - offsets, folding, sentences, quotes, bad input. */
#include "test_util.h"

#include "alloc.h"
#include "tokenize.h"

static us_tokens toks;

static void tok(const char *s)
{
    unspun_error err;
    assert_int_equal(us_tokenize(&toks, s, strlen(s), &err), UNSPUN_OK);
}

static const char *norm(size_t i)
{
    return us_tok_norm(&toks, &toks.tok[i]);
}

static void offsets_point_into_the_input_as_given(void **state)
{
    (void)state;
    const char *s = "Kim\xe2\x80\x99s \xe2\x80\x9cvogue\xe2\x80\x9d house";
    tok(s);
    assert_int_equal(toks.n, 4);
    assert_string_equal(norm(0), "kim");
    assert_string_equal(norm(1), "'s"); /* curly apostrophe folded */
    assert_true(toks.tok[1].flags & US_TF_CLITIC);
    assert_string_equal(norm(2), "vogue");
    assert_int_equal(toks.tok[2].start, 11);
    assert_int_equal(toks.tok[2].end, 16);
    assert_memory_equal(s + toks.tok[2].start, "vogue", 5);
    assert_true(toks.tok[2].flags & US_TF_QUOTE);
    assert_false(toks.tok[3].flags & US_TF_QUOTE);
    assert_int_equal(toks.words, 3);
}

static void contractions_stay_whole(void **state)
{
    (void)state;
    tok("I haven't seen it");
    assert_int_equal(toks.n, 4);
    assert_string_equal(norm(1), "haven't");
}

static void numbers_and_hyphens(void **state)
{
    (void)state;
    tok("a 42-year-old star, 1,200.5 fans");
    assert_string_equal(norm(1), "<num>");
    assert_string_equal(norm(2), "year");
    assert_true(toks.tok[2].flags & US_TF_HYPH);
    assert_true(toks.tok[3].flags & US_TF_HYPH);
    assert_string_equal(norm(3), "old");
    assert_string_equal(norm(5), ",");
    assert_string_equal(norm(6), "<num>");
    assert_int_equal(toks.tok[6].end - toks.tok[6].start, 7);
}

static void sentences_start_after_stops_and_lines(void **state)
{
    (void)state;
    tok("He left. Mr. Smith stayed\nHeadline here\nand wrapped");
    /* He left . Mr . Smith stayed Headline here and wrapped */
    assert_true(toks.tok[0].flags & US_TF_SENT);
    assert_true(toks.tok[3].flags & US_TF_SENT);  /* Mr */
    assert_false(toks.tok[5].flags & US_TF_SENT); /* Smith: after "Mr." */
    assert_true(toks.tok[7].flags & US_TF_SENT);  /* Headline */
    assert_false(toks.tok[9].flags & US_TF_SENT); /* hard-wrapped "and" */
}

static void crlf_is_whitespace(void **state)
{
    (void)state;
    tok("One line.\r\nTwo lines.\r\n");
    assert_int_equal(toks.n, 6);
    assert_true(toks.tok[3].flags & US_TF_SENT);
    assert_int_equal(toks.tok[3].start, 11);
}

static void case_flags(void **state)
{
    (void)state;
    tok("BDSM Paris \xc3\x89lan");
    assert_true(toks.tok[0].flags & US_TF_ALLCAP);
    assert_true(toks.tok[1].flags & US_TF_CAP);
    assert_string_equal(norm(2), "\xc3\xa9lan");
    assert_true(toks.tok[2].flags & US_TF_NONASCII);
}

static void script_flag_marks_letters_not_latin(void **state)
{
    (void)state;
    /* Latin letters with accents (composed or with a combining mark),
     * IPA and a ligature are Latin; Cyrillic, Greek and Han are not. */
    tok("na\xc3\xafve cafe\xcc\x81 \xc9\x99 \xef\xac\x81t "
        "\xd0\xbc\xd0\xb8\xd1\x80 \xce\xb1\xce\xb2 "
        "\xe5\xb8\x82\xe8\xae\xae");
    assert_int_equal(toks.n, 7);
    for (size_t i = 0; i < 4; i++)
        assert_false(toks.tok[i].flags & US_TF_SCRIPT);
    for (size_t i = 4; i < 7; i++)
        assert_true(toks.tok[i].flags & US_TF_SCRIPT);
    tok("plain words");
    assert_false(toks.tok[0].flags & US_TF_SCRIPT);
}

static void nul_byte_is_binary_with_offset(void **state)
{
    (void)state;
    unspun_error err;
    assert_int_equal(us_tokenize(&toks, "ab\0cd", 5, &err), UNSPUN_E_BINARY);
    assert_int_equal(err.offset, 2);
}

static void invalid_utf8_reports_first_bad_byte(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        size_t len, off;
    } cases[] = {
        {"ok \xff", 4, 3},          /* never valid */
        {"ok \xc3", 4, 3},          /* truncated */
        {"\xe2\x28\xa1", 3, 0},     /* bad continuation */
        {"x\xc0\xaf", 3, 1},        /* overlong */
        {"xy\xed\xa0\x80", 5, 2},   /* surrogate */
        {"\xf4\x90\x80\x80", 4, 0}, /* above U+10FFFF */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        unspun_error err;
        assert_int_equal(us_tokenize(&toks, cases[i].s, cases[i].len, &err),
                         UNSPUN_E_UTF8);
        assert_int_equal(err.offset, cases[i].off);
    }
}

/* The message says what the bytes most likely are: a file cut in the
 * middle of a character, a single-byte encoding (no byte above 0x7F
 * starts a valid sequence anywhere), or plain invalid UTF-8. */
static void invalid_utf8_is_named_as_precisely_as_its_bytes_allow(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        size_t off;
        const char *says;
    } cases[] = {
        {"caf\xc3\xa9 \xe2\x82", 6, "ends in the middle of a character"},
        {"plain \xe2\x82", 6, "ends in the middle of a character"},
        {"caf\xc3\xa9 \xe2", 6, "ends in the middle of a character"},
        {"caf\xe9 \x93quoted\x94", 3, "likely Windows-1252"},
        {"caf\xe9", 3, "likely Windows-1252"},
        {"caf\xe9 na\xc3\xafve", 3, NULL}, /* valid UTF-8 later: plain */
        {"na\xc3\xafve caf\xe9 ok", 10, NULL},
        /* "Городской совет." in KOI8-R: another script's single-byte code */
        {"\xe7\xcf\xd2\xcf\xc4\xd3\xcb\xcf\xca \xd3\xcf\xd7\xc5\xd4.", 0,
         "another script such as KOI8-R"},
        /* a Greek name among more ASCII letters: read as accented letters */
        {"Minister \xe3\xe9\xe1\xed\xed\xe7\xf2 said so", 9,
         "likely Windows-1252"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        unspun_error err;
        assert_int_equal(
            us_tokenize(&toks, cases[i].s, strlen(cases[i].s), &err),
            UNSPUN_E_UTF8);
        assert_int_equal(err.offset, cases[i].off);
        if (cases[i].says)
            assert_non_null(strstr(err.message, cases[i].says));
        else
            assert_string_equal(err.message, unspun_strerror(UNSPUN_E_UTF8));
    }
}

static void allocation_failure_is_reported(void **state)
{
    (void)state;
    for (long n = 1; n < 40; n++) {
        test_alc t = {n, 0, 0};
        unspun_allocator a = test_allocator(&t);
        us_tokens tt;
        us_tokens_init(&tt, &a);
        unspun_error err;
        unspun_status rc =
            us_tokenize(&tt, "Some words, here. More!", 23, &err);
        assert_true(rc == UNSPUN_OK || rc == UNSPUN_E_NOMEM);
        us_tokens_free(&tt);
        assert_int_equal(t.live, 0);
        if (rc == UNSPUN_OK)
            break;
    }
}

int main(void)
{
    us_tokens_init(&toks, &us_default_allocator);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(offsets_point_into_the_input_as_given),
        cmocka_unit_test(contractions_stay_whole),
        cmocka_unit_test(numbers_and_hyphens),
        cmocka_unit_test(sentences_start_after_stops_and_lines),
        cmocka_unit_test(crlf_is_whitespace),
        cmocka_unit_test(case_flags),
        cmocka_unit_test(script_flag_marks_letters_not_latin),
        cmocka_unit_test(nul_byte_is_binary_with_offset),
        cmocka_unit_test(invalid_utf8_reports_first_bad_byte),
        cmocka_unit_test(invalid_utf8_is_named_as_precisely_as_its_bytes_allow),
        cmocka_unit_test(allocation_failure_is_reported),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    us_tokens_free(&toks);
    return rc;
}
