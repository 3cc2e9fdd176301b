/* test_table.c - the ranked table's parts (render_table.c), and the one
 * top-artifact rule the table, the CSV and the HTML table share. */
#include "test_util.h"

static unspun_result *score(const char *s)
{
    unspun_result *r = NULL;
    assert_int_equal(unspun_score(wk, s, strlen(s), NULL, &r, NULL), UNSPUN_OK);
    return r;
}

static const char many[] =
    "Counterfeit consciousness, profound learning, colossal information, "
    "irregular woodland, counterfeit consciousness, profound learning "
    "and colossal information were all in the paper, said the team.";

/* Code points of the longest line of s. */
static size_t widest(const char *s)
{
    size_t w = 0, cur = 0;
    for (; *s; s++) {
        if (*s == '\n') {
            cur = 0;
            continue;
        }
        cur += ((unsigned char)*s & 0xC0) != 0x80;
        if (cur > w)
            w = cur;
    }
    return w;
}

static void a_row_shows_the_numbers_then_the_top_artifacts(void **state)
{
    (void)state;
    unspun_result *r = score("The team applied counterfeit consciousness to "
                             "the survey data, and the results were clear.");
    char *out = NULL;
    size_t len = 0;
    assert_int_equal(unspun_render_table_row(r, "a.txt", 80, &out, &len),
                     UNSPUN_OK);
    assert_int_equal(strlen(out), len);
    char head[64];
    snprintf(
        head, sizeof head, "%6.1f  %-7s  %7zu  a.txt\n", unspun_result_score(r),
        unspun_verdict_name(unspun_result_verdict(r)), unspun_result_words(r));
    assert_memory_equal(out, head, strlen(head));
    assert_string_equal(out + strlen(head), "        counterfeit consciousness "
                                            "-> artificial intelligence\n");
    unspun_free(out);
    /* No name: "(no id)". */
    assert_int_equal(unspun_render_table_row(r, NULL, 0, &out, &len),
                     UNSPUN_OK);
    assert_non_null(strstr(out, "  (no id)\n"));
    unspun_free(out);
    unspun_result_free(r);
}

static void lines_fit_the_columns_names_cut_at_their_start(void **state)
{
    (void)state;
    unspun_result *r = score(many);
    const char *name = "a/very/long/folder/name/that/goes/on/and/on/\xC3\xA9t"
                       "\xC3\xA9/and/ends/in/the-file-that-matters.txt";
    char *out = NULL;
    assert_int_equal(unspun_render_table_row(r, name, 40, &out, NULL),
                     UNSPUN_OK);
    assert_true(widest(out) <= 40);
    /* 13 columns for the name: its last 10 code points after "..." */
    assert_non_null(strstr(out, "  ...atters.txt\n"));
    assert_null(strstr(out, "a/very"));
    unspun_free(out);
    /* Fewer than 40 columns count as 40. */
    assert_int_equal(unspun_render_table_row(r, name, 10, &out, NULL),
                     UNSPUN_OK);
    assert_true(widest(out) <= 40 && widest(out) > 10);
    unspun_free(out);
    unspun_result_free(r);
}

/* One rule for every report: the table's line, the CSV's top_artifacts
 * and the HTML table's row name the same artifacts, in the same order. */
static void table_csv_and_html_list_the_same_top_artifacts(void **state)
{
    (void)state;
    unspun_result *r = score(many);
    char *row = NULL, *csv = NULL, *html = NULL;
    assert_int_equal(unspun_render_table_row(r, "x", 200, &row, NULL),
                     UNSPUN_OK);
    assert_int_equal(unspun_render_csv(r, "x", &csv, NULL), UNSPUN_OK);
    assert_int_equal(unspun_render_html(r, "x", NULL, 0, NULL, 1,
                                        UNSPUN_RENDER_HTML_ROW, &html, NULL),
                     UNSPUN_OK);
    /* The table's items, "text -> suggestion; ...", on its second line. */
    char *top = strchr(row, '\n') + 1 + 8;
    top[strcspn(top, "\n")] = '\0';
    const char *at_csv = csv, *at_html = html;
    size_t items = 0;
    for (char *item = top; *item; items++) {
        char *end = strstr(item, "; ");
        if (end)
            *end = '\0';
        char *arrow = strstr(item, " -> ");
        assert_non_null(arrow);
        /* CSV: "text -> suggestion (kind)", after the one before */
        char with_kind[300];
        snprintf(with_kind, sizeof with_kind, "%s (", item);
        const char *c = strstr(at_csv, with_kind);
        assert_non_null(c);
        at_csv = c + 1;
        /* HTML: the text in its chip, after the one before */
        *arrow = '\0';
        const char *h = strstr(at_html, item);
        assert_non_null(h);
        at_html = h + 1;
        item = end ? end + 2 : item + strlen(item);
    }
    assert_int_equal(items, 3);
    assert_null(strstr(at_csv, ";")); /* nothing after the third */
    unspun_free(row);
    unspun_free(csv);
    unspun_free(html);
    unspun_result_free(r);
}

static void the_summary_parts(void **state)
{
    (void)state;
    unspun_table_summary s = {5,     1,       1,   1, 2, 2, "--top 0 shows all",
                              12345, 2500000, 2.0, 2};
    char *out = NULL;
    size_t len = 0;
    assert_int_equal(unspun_render_table_begin(&s, &out, &len), UNSPUN_OK);
    assert_string_equal(out, " SCORE  VERDICT    WORDS  FILE\n");
    unspun_free(out);
    assert_int_equal(unspun_render_table_failed(&s, &out, &len), UNSPUN_OK);
    assert_string_equal(out, "... and 1 more (--top 0 shows all)\n"
                             "\nNOT SCORED (2)\n");
    unspun_free(out);
    assert_int_equal(unspun_render_table_end(&s, &out, &len), UNSPUN_OK);
    assert_string_equal(out, "\n5 files: 1 spun, 1 suspect, 1 clean, 2 not "
                             "scored\n12,345 words, 2.5 MB in 2.00 s (2 "
                             "files/s, 1.2 MB/s, 2 threads)\n");
    unspun_free(out);
    /* Nothing scored: no heads; no time: no line on speed. */
    unspun_table_summary none = {1, 0, 0, 0, 1, 0, NULL, 0, 0, -1, 1};
    assert_int_equal(unspun_render_table_begin(&none, &out, &len), UNSPUN_OK);
    assert_string_equal(out, "");
    assert_int_equal(len, 0);
    unspun_free(out);
    assert_int_equal(unspun_render_table_failed(&none, &out, &len), UNSPUN_OK);
    assert_string_equal(out, "NOT SCORED (1)\n");
    unspun_free(out);
    assert_int_equal(unspun_render_table_end(&none, &out, &len), UNSPUN_OK);
    assert_string_equal(out, "\n1 files: 0 spun, 0 suspect, 0 clean, 1 not "
                             "scored\n");
    unspun_free(out);
}

static void error_rows_carry_the_json_error_text(void **state)
{
    (void)state;
    unspun_error e = {UNSPUN_E_UTF8, NULL, 7, 0};
    char *out = NULL;
    assert_int_equal(unspun_render_table_error("x.txt", &e, 80, &out, NULL),
                     UNSPUN_OK);
    assert_string_equal(out, "  x.txt: invalid UTF-8 at byte 7\n");
    unspun_free(out);
    assert_int_equal(unspun_render_table_error(NULL, &e, 80, &out, NULL),
                     UNSPUN_OK);
    assert_string_equal(out, "  (no id): invalid UTF-8 at byte 7\n");
    unspun_free(out);
}

static void null_arguments_are_refused(void **state)
{
    (void)state;
    char *out = NULL;
    unspun_error e = {UNSPUN_E_IO, NULL, SIZE_MAX, 0};
    assert_int_equal(unspun_render_table_row(NULL, "x", 80, &out, NULL),
                     UNSPUN_E_ARG);
    assert_int_equal(unspun_render_table_error("x", NULL, 80, &out, NULL),
                     UNSPUN_E_ARG);
    assert_int_equal(unspun_render_table_error("x", &e, 80, NULL, NULL),
                     UNSPUN_E_ARG);
    assert_int_equal(unspun_render_table_begin(NULL, &out, NULL), UNSPUN_E_ARG);
    assert_int_equal(unspun_render_table_failed(NULL, &out, NULL),
                     UNSPUN_E_ARG);
    assert_int_equal(unspun_render_table_end(NULL, &out, NULL), UNSPUN_E_ARG);
    assert_null(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_row_shows_the_numbers_then_the_top_artifacts),
        cmocka_unit_test(lines_fit_the_columns_names_cut_at_their_start),
        cmocka_unit_test(table_csv_and_html_list_the_same_top_artifacts),
        cmocka_unit_test(the_summary_parts),
        cmocka_unit_test(error_rows_carry_the_json_error_text),
        cmocka_unit_test(null_arguments_are_refused),
    };
    return cmocka_run_group_tests(tests, test_setup, test_teardown);
}
