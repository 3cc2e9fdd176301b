/* test_render_html.c - the HTML renderer: escaping of every input byte,
 * one marked element per artifact with its text, links both ways in
 * reference mode, rows, errors, the page's frame, determinism. */
#include "test_util.h"

/* A document with a tortured phrase among markup that must stay text. */
static const char HOSTILE[] =
    "The team applied counterfeit consciousness<script>alert('x')</script> "
    "to the survey data, and the results were clear to the reviewers. "
    "<img src=x onerror=\"alert(1)\"> & \"quotes\" 'apostrophes' "
    "</textarea><a href=\"javascript:alert(2)\">a link</a>\n";

static unspun_result *score(const char *s)
{
    unspun_result *r = NULL;
    assert_int_equal(unspun_score(wk, s, strlen(s), NULL, &r, NULL), UNSPUN_OK);
    return r;
}

static char *section(const unspun_result *r, const char *file, const char *in,
                     const unspun_refset *rs, size_t id)
{
    char *out = NULL;
    size_t len = 0;
    assert_int_equal(
        unspun_render_html(r, file, in, strlen(in), rs, id, 0, &out, &len),
        UNSPUN_OK);
    assert_non_null(out);
    assert_int_equal(strlen(out), len);
    return out;
}

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
        n++;
    return n;
}

/* The text of the element whose start tag holds `attr` (e.g. id="d1-a0"):
 * from its '>' to the next '<'. */
static char *element_text(const char *html, const char *attr)
{
    const char *p = strstr(html, attr);
    assert_non_null(p);
    p = strchr(p, '>');
    assert_non_null(p);
    p++;
    const char *e = strchr(p, '<');
    assert_non_null(e);
    char *s = malloc((size_t)(e - p) + 1);
    assert_non_null(s);
    memcpy(s, p, (size_t)(e - p));
    s[e - p] = '\0';
    return s;
}

static void markup_in_the_input_comes_out_as_text(void **state)
{
    (void)state;
    unspun_result *r = score(HOSTILE);
    char *out = section(r, "<b>name</b>.txt", HOSTILE, NULL, 1);
    /* No tag of the input survives; each markup character is a
     * reference. */
    assert_null(strstr(out, "<script"));
    assert_null(strstr(out, "<img"));
    assert_null(strstr(out, "<b>name"));
    assert_null(strstr(out, "</textarea"));
    assert_null(strstr(out, "href=\"javascript"));
    assert_non_null(strstr(out, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script"
                                "&gt;"));
    assert_non_null(strstr(out, "&lt;img src=x onerror=&quot;alert(1)&quot;"
                                "&gt; &amp; &quot;quotes&quot;"));
    assert_non_null(strstr(out, "&lt;b&gt;name&lt;/b&gt;.txt"));
    /* Every href of the page is a link within it. */
    for (const char *p = out; (p = strstr(p, "href=\"")); p += 6)
        assert_int_equal(p[6], '#');
    unspun_free(out);
    unspun_result_free(r);
}

static void each_artifact_is_one_marked_element_with_its_text(void **state)
{
    (void)state;
    unspun_result *r = score(HOSTILE);
    size_t n = unspun_result_count(r);
    assert_true(n >= 1);
    char *out = section(r, "x.txt", HOSTILE, NULL, 7);
    assert_int_equal(count(out, "class=\"hl "), n);
    for (size_t i = 0; i < n; i++) {
        const unspun_artifact *a = unspun_result_artifact(r, i);
        char id[128];
        snprintf(id, sizeof id, "id=\"d7-a%zu\"", i);
        assert_int_equal(count(out, id), 1);
        char *t = element_text(out, id);
        assert_string_equal(t, a->text); /* artifacts here hold no markup */
        free(t);
        /* The list item it is described by, linking back to it. */
        snprintf(id, sizeof id,
                 "<li id=\"d7-l%zu\"><a class=\"pos\" "
                 "href=\"#d7-a%zu\">",
                 i, i);
        assert_int_equal(count(out, id), 1);
        char kind[64];
        snprintf(kind, sizeof kind, "k-%s", unspun_kind_name(a->kind));
        assert_non_null(strstr(out, kind));
    }
    assert_non_null(strstr(out, "data-tip=\"\xE2\x86\x92 artificial "
                                "intelligence \xC2\xB7 fingerprint"));
    unspun_free(out);
    unspun_result_free(r);
}

static void the_text_between_marks_is_the_input(void **state)
{
    (void)state;
    /* Removing the tags and decoding the five references gives back the
     * input: nothing is dropped or added in the text pane. */
    unspun_result *r = score(HOSTILE);
    char *out = section(r, "x.txt", HOSTILE, NULL, 1);
    const char *p = strstr(out, "id=\"d1-t\">");
    assert_non_null(p);
    p += strlen("id=\"d1-t\">");
    char *back = malloc(strlen(p) + 1);
    assert_non_null(back);
    size_t k = 0;
    int depth = 0;
    while (*p) {
        if (*p == '<') {
            if (!strncmp(p, "</div>", 6) && depth == 0)
                break;
            depth += p[1] == '/' ? -1 : 1;
            p = strchr(p, '>') + 1;
            continue;
        }
        static const char *const refs[][2] = {{"&amp;", "&"},
                                              {"&lt;", "<"},
                                              {"&gt;", ">"},
                                              {"&quot;", "\""},
                                              {"&#39;", "'"}};
        int done = 0;
        for (size_t q = 0; q < 5 && !done; q++)
            if (!strncmp(p, refs[q][0], strlen(refs[q][0]))) {
                back[k++] = refs[q][1][0];
                p += strlen(refs[q][0]);
                done = 1;
            }
        if (!done)
            back[k++] = *p++;
    }
    back[k] = '\0';
    assert_string_equal(back, HOSTILE);
    free(back);
    unspun_free(out);
    unspun_result_free(r);
}

static void bad_utf8_and_controls_in_names_are_replaced(void **state)
{
    (void)state;
    unspun_result *r = score(HOSTILE);
    char *out = section(r, "a\xff\x1b[31mb\x7f.txt", HOSTILE, NULL, 1);
    /* U+FFFD for the invalid byte, U+241B for ESC, U+2421 for DEL. */
    assert_non_null(strstr(out, "a\xEF\xBF\xBD\xE2\x90\x9B[31mb\xE2\x90\xA1"
                                ".txt"));
    assert_null(strchr(out, 0x1b));
    unspun_free(out);
    unspun_result_free(r);
}

static void same_input_same_bytes(void **state)
{
    (void)state;
    unspun_result *r = score(HOSTILE);
    char *a = section(r, "x.txt", HOSTILE, NULL, 3);
    char *b = section(r, "x.txt", HOSTILE, NULL, 3);
    assert_string_equal(a, b);
    unspun_free(a);
    unspun_free(b);
    unspun_html_page page = {"t", "0123abcd", "unspun score --format html"};
    char *p1 = NULL, *p2 = NULL;
    assert_int_equal(unspun_render_html_begin(&page, &p1, NULL), UNSPUN_OK);
    assert_int_equal(unspun_render_html_begin(&page, &p2, NULL), UNSPUN_OK);
    assert_string_equal(p1, p2);
    unspun_free(p1);
    unspun_free(p2);
    unspun_result_free(r);
}

static void the_page_is_self_contained_and_says_its_versions(void **state)
{
    (void)state;
    unspun_html_page page = {"<i>title</i>", "0123abcd",
                             "unspun score --ref '<x>.txt'"};
    char *head = NULL, *tail = NULL;
    assert_int_equal(unspun_render_html_begin(&page, &head, NULL), UNSPUN_OK);
    assert_int_equal(unspun_render_html_end(&page, &tail, NULL), UNSPUN_OK);
    assert_memory_equal(head, "<!DOCTYPE html>", 15);
    assert_non_null(strstr(head, "Content-Security-Policy\" content=\""
                                 "default-src 'none'"));
    assert_null(strstr(head, "<script"));
    assert_null(strstr(head, "http://"));
    assert_null(strstr(head, "https://"));
    assert_null(strstr(head, "url("));
    assert_null(strstr(head, "@import"));
    assert_non_null(strstr(head, "<title>&lt;i&gt;title&lt;/i&gt;"));
    for (int k = 0; k <= UNSPUN_KIND_FUNCTION; k++) {
        char chip[64];
        snprintf(chip, sizeof chip, "<span class=\"chip k-%s\">",
                 unspun_kind_name((unspun_kind)k));
        assert_non_null(strstr(head, chip));
    }
    assert_non_null(strstr(tail, "unspun " UNSPUN_VERSION_STRING));
    assert_non_null(strstr(tail, "data version <code>0123abcd</code>"));
    assert_non_null(strstr(tail, "--ref &#39;&lt;x&gt;.txt&#39;"));
    assert_non_null(strstr(tail, "</html>\n"));
    unspun_free(head);
    unspun_free(tail);
    /* NULL page: defaults. */
    assert_int_equal(unspun_render_html_begin(NULL, &head, NULL), UNSPUN_OK);
    assert_non_null(strstr(head, "<title>unspun report"));
    unspun_free(head);
}

static void rows_link_to_the_section_and_its_artifacts(void **state)
{
    (void)state;
    unspun_result *r = score(HOSTILE);
    char *row = NULL;
    assert_int_equal(unspun_render_html(r, "a&b.txt", NULL, 0, NULL, 12,
                                        UNSPUN_RENDER_HTML_ROW, &row, NULL),
                     UNSPUN_OK);
    assert_memory_equal(row, "<tr>", 4);
    assert_non_null(strstr(row, "<a href=\"#d12\">a&amp;b.txt</a>"));
    assert_non_null(strstr(row, "href=\"#d12-a"));
    assert_non_null(strstr(row, "counterfeit consciousness</span> \xE2\x86\x92 "
                                "artificial intelligence"));
    char score_cell[64];
    snprintf(score_cell, sizeof score_cell, "<td class=\"num\">%.1f</td>",
             unspun_result_score(r));
    assert_non_null(strstr(row, score_cell));
    unspun_free(row);
    unspun_result_free(r);
}

static void errors_carry_the_json_error_text(void **state)
{
    (void)state;
    unspun_error e = {UNSPUN_E_UTF8, NULL, 7, 0};
    char *sec = NULL, *row = NULL;
    assert_int_equal(unspun_render_html_error("<x>.txt", &e, 4, 0, &sec, NULL),
                     UNSPUN_OK);
    assert_non_null(strstr(sec, "id=\"d4\""));
    assert_non_null(strstr(sec, "&lt;x&gt;.txt"));
    assert_non_null(strstr(sec, "invalid UTF-8 at byte 7"));
    assert_int_equal(unspun_render_html_error(
                         "<x>.txt", &e, 4, UNSPUN_RENDER_HTML_ROW, &row, NULL),
                     UNSPUN_OK);
    assert_memory_equal(row, "<tr class=\"err\">", 16);
    assert_non_null(strstr(row, "invalid UTF-8 at byte 7"));
    unspun_free(sec);
    unspun_free(row);
}

static void the_table_says_what_it_leaves_out(void **state)
{
    (void)state;
    unspun_html_summary s = {1000, 10, 20, 960, 10, 200, "use --top 0"};
    char *head = NULL, *tail = NULL;
    assert_int_equal(unspun_render_html_table_begin(&s, &head, NULL),
                     UNSPUN_OK);
    assert_non_null(strstr(head, "<b>1000</b> files: 10 "));
    assert_non_null(strstr(head, "first 200 of the 1000 files"));
    assert_non_null(strstr(head, "use --top 0"));
    assert_non_null(strstr(head, "<tbody>"));
    unspun_free(head);
    s.shown = s.files; /* all shown: no note */
    assert_int_equal(unspun_render_html_table_begin(&s, &head, NULL),
                     UNSPUN_OK);
    assert_null(strstr(head, "use --top 0"));
    assert_int_equal(unspun_render_html_table_end(&s, &tail, NULL), UNSPUN_OK);
    assert_non_null(strstr(tail, "</tbody>"));
    unspun_free(head);
    unspun_free(tail);
}

static void references_stand_beside_and_link_both_ways(void **state)
{
    (void)state;
    static const char ref[] =
        "The city council voted on Tuesday to close the old bridge over the "
        "river for repairs, after engineers found deep cracks in two of its "
        "supports. The <b>bridge</b>, which was built in 1932, carries about "
        "14,000 cars a day.\n";
    static const char doc[] =
        "The metropolis council voted on Tuesday to close the old bridge "
        "over the river for repairs, after engineers found deep fissures in "
        "two of its supports. The <b>bridge</b>, which was built in 1932, "
        "carries about 14,000 cars a day.\n";
    unspun_refset *rs = NULL;
    unspun_error err;
    assert_int_equal(unspun_refset_new(eng, NULL, &rs, &err), UNSPUN_OK);
    assert_int_equal(
        unspun_refset_add(rs, wk, "orig<1>.txt", ref, strlen(ref), &err),
        UNSPUN_OK);
    assert_int_equal(unspun_refset_seal(rs, wk, &err), UNSPUN_OK);
    unspun_ref_options ro = {rs, 0, 0, 0};
    unspun_result *r = NULL;
    assert_int_equal(
        unspun_score_refs(wk, doc, strlen(doc), NULL, &ro, &r, &err),
        UNSPUN_OK);
    char *out = section(r, "spun.txt", doc, rs, 2);
    size_t linked = 0;
    for (size_t i = 0; i < unspun_result_count(r); i++) {
        const unspun_artifact *a = unspun_result_artifact(r, i);
        if (!a->ref)
            continue;
        linked++;
        /* document -> reference, and back */
        char there[128], back[128];
        snprintf(there, sizeof there, "id=\"d2-a%zu\" href=\"#d2-r0-a%zu\"", i,
                 i);
        snprintf(back, sizeof back, "id=\"d2-r0-a%zu\" href=\"#d2-a%zu\"", i,
                 i);
        assert_int_equal(count(out, there), 1);
        assert_int_equal(count(out, back), 1);
        char *t = element_text(out, back);
        assert_int_equal(strlen(t), a->ref_end - a->ref_start);
        assert_memory_equal(t, ref + a->ref_start, strlen(t));
        free(t);
    }
    assert_true(linked >= 2); /* metropolis -> city, fissures -> cracks */
    assert_non_null(strstr(out, "id=\"d2-r0\""));
    assert_non_null(strstr(out, "orig&lt;1&gt;.txt"));
    assert_non_null(strstr(out, "The &lt;b&gt;bridge&lt;/b&gt;"));
    assert_non_null(strstr(out, "class=\"cols two\""));
    unspun_free(out);
    /* Without the refset: coverage and names, no text beside. */
    out = section(r, "spun.txt", doc, NULL, 2);
    assert_null(strstr(out, "id=\"d2-r0\""));
    assert_non_null(strstr(out, "orig&lt;1&gt;.txt"));
    assert_null(strstr(out, "href=\"#d2-r0"));
    unspun_free(out);
    unspun_result_free(r);
    unspun_refset_free(rs);
}

static void bad_arguments_are_refused(void **state)
{
    (void)state;
    unspun_result *r = score(HOSTILE);
    char *out = NULL;
    assert_int_equal(
        unspun_render_html(NULL, "x", "a", 1, NULL, 1, 0, &out, NULL),
        UNSPUN_E_ARG);
    assert_int_equal(
        unspun_render_html(r, "x", NULL, 5, NULL, 1, 0, &out, NULL),
        UNSPUN_E_ARG);
    assert_int_equal(unspun_render_html(r, "x", "a", 1, NULL, 1, 0, NULL, NULL),
                     UNSPUN_E_ARG);
    assert_int_equal(unspun_render_html_error("x", NULL, 1, 0, &out, NULL),
                     UNSPUN_E_ARG);
    assert_int_equal(unspun_render_html_table_begin(NULL, &out, NULL),
                     UNSPUN_E_ARG);
    assert_int_equal(unspun_render_html_begin(NULL, NULL, NULL), UNSPUN_E_ARG);
    unspun_result_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(markup_in_the_input_comes_out_as_text),
        cmocka_unit_test(each_artifact_is_one_marked_element_with_its_text),
        cmocka_unit_test(the_text_between_marks_is_the_input),
        cmocka_unit_test(bad_utf8_and_controls_in_names_are_replaced),
        cmocka_unit_test(same_input_same_bytes),
        cmocka_unit_test(the_page_is_self_contained_and_says_its_versions),
        cmocka_unit_test(rows_link_to_the_section_and_its_artifacts),
        cmocka_unit_test(errors_carry_the_json_error_text),
        cmocka_unit_test(the_table_says_what_it_leaves_out),
        cmocka_unit_test(references_stand_beside_and_link_both_ways),
        cmocka_unit_test(bad_arguments_are_refused),
    };
    return cmocka_run_group_tests(tests, test_setup, test_teardown);
}
