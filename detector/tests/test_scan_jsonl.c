/* test_scan_jsonl.c - the JSON Lines reader of `unspun scan --stdin`. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "jsonl.h"

static jsonl_record parse_ok(const char *line)
{
    jsonl_record r;
    int rc = jsonl_parse(line, strlen(line), &r);
    if (rc != 0)
        fail_msg("'%s': %s at %zu", line, r.error, r.error_col);
    return r;
}

/* A malformed line: its error, column and the id its record keeps. */
static void expect_error_id(const char *line, const char *msg, size_t col,
                            const char *id)
{
    jsonl_record r;
    assert_int_equal(jsonl_parse(line, strlen(line), &r), -1);
    assert_string_equal(r.error, msg);
    assert_int_equal(r.error_col, col);
    if (id)
        assert_string_equal(r.id, id);
    else
        assert_null(r.id);
    assert_null(r.text);
    jsonl_record_free(&r);
}

static void expect_error(const char *line, const char *msg, size_t col)
{
    expect_error_id(line, msg, col, NULL);
}

static void a_record_gives_its_id_and_text(void **state)
{
    (void)state;
    jsonl_record r = parse_ok("{\"id\": \"doc-1\", \"text\": \"Hello.\"}");
    assert_string_equal(r.id, "doc-1");
    assert_string_equal(r.text, "Hello.");
    assert_int_equal(r.text_len, 6);
    jsonl_record_free(&r);
    r = parse_ok(" { \"text\" : \"\" } \r");
    assert_null(r.id);
    assert_non_null(r.text);
    assert_int_equal(r.text_len, 0);
    jsonl_record_free(&r);
}

static void every_escape_decodes_to_utf8(void **state)
{
    (void)state;
    jsonl_record r = parse_ok("{\"text\": \"q\\\" b\\\\ s\\/ \\b\\f\\n\\r\\t "
                              "\\u00e9 \\u20AC \\ud83d\\ude00 \\u0000.\"}");
    const char want[] = "q\" b\\ s/ \b\f\n\r\t \xc3\xa9 \xe2\x82\xac "
                        "\xf0\x9f\x98\x80 \0.";
    assert_int_equal(r.text_len, sizeof want - 1);
    assert_memory_equal(r.text, want, sizeof want - 1);
    jsonl_record_free(&r);
    /* Raw UTF-8 passes through untouched. */
    r = parse_ok("{\"text\": \"caf\xc3\xa9\"}");
    assert_string_equal(r.text, "caf\xc3\xa9");
    jsonl_record_free(&r);
}

static void lone_surrogates_become_replacement_characters(void **state)
{
    (void)state;
    jsonl_record r =
        parse_ok("{\"text\": \"a\\ud800b\\udc00c\\ud83d\\u0041\"}");
    assert_string_equal(r.text, "a\xef\xbf\xbd"
                                "b\xef\xbf\xbd"
                                "c\xef\xbf\xbd"
                                "A");
    jsonl_record_free(&r);
}

static void ids_that_are_not_strings_keep_their_json_text(void **state)
{
    (void)state;
    static const struct {
        const char *line, *id;
    } cases[] = {
        {"{\"id\": 42, \"text\": \"x\"}", "42"},
        {"{\"id\": -1.5e+3, \"text\": \"x\"}", "-1.5e+3"},
        {"{\"id\": true, \"text\": \"x\"}", "true"},
        {"{\"id\": false, \"text\": \"x\"}", "false"},
        {"{\"id\": null, \"text\": \"x\"}", NULL},
        {"{\"text\": \"x\", \"id\": \"\\u00e9\"}", "\xc3\xa9"},
        {"{\"extra\": {\"id\": [1, {\"a\": null}]}, \"text\": \"x\"}", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        jsonl_record r = parse_ok(cases[i].line);
        if (cases[i].id)
            assert_string_equal(r.id, cases[i].id);
        else
            assert_null(r.id);
        assert_string_equal(r.text, "x");
        jsonl_record_free(&r);
    }
    expect_error("{\"id\": [1], \"text\": \"x\"}",
                 "\"id\" must be a string, number, true, false or null", 8);
}

static void malformed_records_name_the_column(void **state)
{
    (void)state;
    expect_error("", "a record must be a JSON object", 1);
    expect_error("[1]", "a record must be a JSON object", 1);
    expect_error("{\"text\": \"abc", "unterminated string", 14);
    expect_error("{\"text\": 1}", "\"text\" must be a string", 10);
    expect_error("{\"text\": \"a\"} x", "extra characters after the record",
                 15);
    expect_error("{\"text\": \"a\",}", "expected a member name", 14);
    expect_error("{\"text\" \"a\"}", "expected ':'", 9);
    expect_error("{\"text\": \"a\\q\"}", "invalid escape in string", 13);
    expect_error("{\"text\": \"a\x01\"}",
                 "control character in string "
                 "(escape it)",
                 12);
    expect_error("{\"text\": \"\\u12x4\"}", "bad hex digit in \\u escape", 13);
    expect_error("{\"n\": 01, \"text\": \"a\"}", "expected ',' or '}'", 8);
    expect_error("{\"n\": 1., \"text\": \"a\"}", "invalid number", 9);
    expect_error("{\"n\": tru, \"text\": \"a\"}", "invalid value", 7);
    expect_error_id("{\"id\": \"a\"}", "the record has no \"text\" string", 1,
                    "a");
}

/* Well-formed JSON with a good id: the error record names the id, in
 * whatever order the members come (issue 12: {"id":"notext"} gave null).
 * A line that is not JSON, or an id of the wrong type, names none. */
static void a_well_formed_record_keeps_its_id_in_errors(void **state)
{
    (void)state;
    expect_error_id("{\"id\":\"notext\"}", "the record has no \"text\" string",
                    1, "notext");
    expect_error_id("{\"id\": 7}", "the record has no \"text\" string", 1, "7");
    expect_error_id("{\"text\": 1, \"id\": \"x\"}", "\"text\" must be a string",
                    10, "x");
    expect_error_id("{\"id\": \"x\", \"text\": [\"a\"]}",
                    "\"text\" must be a string", 21, "x");
    expect_error_id("{\"id\": [1], \"text\": 2}",
                    "\"id\" must be a string, number, true, false or null", 8,
                    NULL);
    expect_error_id("{\"id\": \"x\", \"text\": \"abc", "unterminated string",
                    25, NULL);
    expect_error_id("{\"id\": \"x\", \"text\": 1} x",
                    "extra characters after the record", 24, NULL);
}

static void deep_nesting_is_refused_not_a_crash(void **state)
{
    (void)state;
    size_t depth = 100000;
    char *line = malloc(depth * 2 + 32);
    assert_non_null(line);
    size_t n = (size_t)sprintf(line, "{\"x\": ");
    for (size_t i = 0; i < depth; i++)
        line[n++] = '[';
    for (size_t i = 0; i < depth; i++)
        line[n++] = ']';
    n += (size_t)sprintf(line + n, ", \"text\": \"a\"}");
    jsonl_record r;
    assert_int_equal(jsonl_parse(line, n, &r), -1);
    assert_string_equal(r.error, "nesting too deep");
    free(line);
}

static void the_last_text_member_wins_and_others_are_skipped(void **state)
{
    (void)state;
    jsonl_record r = parse_ok("{\"text\": \"one\", \"meta\": {\"text\": "
                              "\"inner\"}, \"\\u0074ext\": \"two\"}");
    assert_string_equal(r.text, "two");
    jsonl_record_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_record_gives_its_id_and_text),
        cmocka_unit_test(every_escape_decodes_to_utf8),
        cmocka_unit_test(lone_surrogates_become_replacement_characters),
        cmocka_unit_test(ids_that_are_not_strings_keep_their_json_text),
        cmocka_unit_test(malformed_records_name_the_column),
        cmocka_unit_test(a_well_formed_record_keeps_its_id_in_errors),
        cmocka_unit_test(deep_nesting_is_refused_not_a_crash),
        cmocka_unit_test(the_last_text_member_wins_and_others_are_skipped),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
