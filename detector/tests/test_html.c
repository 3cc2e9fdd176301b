/* test_html.c - UNSPUN_OPT_HTML: text content, offsets, errors, memory. */
#include "test_util.h"

#include "alloc.h"
#include "html.h"

static unspun_status score_html(const char *s, unspun_result **r,
                                unspun_error *err)
{
    unspun_score_options o = {.flags = UNSPUN_OPT_HTML};
    return unspun_score(wk, s, strlen(s), &o, r, err);
}

static void text_content_drops_markup_and_decodes_references(void **state)
{
    (void)state;
    const char *s = "<!DOCTYPE html><title>T</title><style>p{x:1}</style>"
                    "<script>var a = \"</p>\";</script><!-- c -->"
                    "<p class=\"a>b\">caf&eacute; &amp; don&rsquo;t &#x41;"
                    "&#66; a < b &bogus; &amp</p>un<b>believ</b>able";
    us_html h;
    assert_int_equal(
        us_html_strip(&h, &us_default_allocator, s, strlen(s), NULL),
        UNSPUN_OK);
    assert_string_equal(h.text, "\n\nT\n\n\n\ncaf\xc3\xa9 & don\xe2\x80\x99t "
                                "AB a < b &bogus; &amp\n\nunbelievable");
    /* Every byte maps back to where it came from. */
    const char *cafe = strstr(s, "caf&");
    size_t at = (size_t)(strstr(h.text, "caf") - h.text);
    assert_int_equal(us_html_start(&h, at), (size_t)(cafe - s));
    /* "café" ends after "&eacute;" in the original. */
    assert_int_equal(us_html_end(&h, at + 5), (size_t)(cafe - s) + 11);
    us_html_free(&h);
}

static void artifacts_point_into_the_html_as_given(void **state)
{
    (void)state;
    const char *s = "<html><body>\n<h1>Lab news</h1>\n<p>The team applied "
                    "<em>counterfeit</em> consciousness &amp; profound "
                    "learning to the survey data, and the authors "
                    "don&rsquo;t expect the results to change.</p>\n"
                    "</body></html>\n";
    unspun_result *r = NULL;
    unspun_error err;
    assert_int_equal(score_html(s, &r, &err), UNSPUN_OK);
    assert_true(unspun_result_count(r) >= 2);
    int found_tagged = 0;
    for (size_t i = 0; i < unspun_result_count(r); i++) {
        const unspun_artifact *a = unspun_result_artifact(r, i);
        /* text is the original bytes at [start, end) */
        assert_true(a->end <= strlen(s));
        assert_int_equal(strlen(a->text), a->end - a->start);
        assert_memory_equal(s + a->start, a->text, a->end - a->start);
        /* line and col are those of start in the original */
        size_t line = 1, col = 1;
        for (size_t k = 0; k < a->start; k++) {
            if (s[k] == '\n')
                line++, col = 1;
            else if (((unsigned char)s[k] & 0xC0) != 0x80)
                col++;
        }
        assert_int_equal(a->line, line);
        assert_int_equal(a->col, col);
        if (!strcmp(a->text, "counterfeit</em> consciousness"))
            found_tagged = 1;
    }
    assert_true(found_tagged);
    unspun_result_free(r);
}

static void references_inside_words_keep_words_whole(void **state)
{
    (void)state;
    const char *html = "<p>They don&rsquo;t know the caf&eacute;s or the "
                       "na&iuml;ve hyphen&shy;ation well.</p>";
    const char *text = "They don\xe2\x80\x99t know the caf\xc3\xa9s or the "
                       "na\xc3\xafve hyphenation well.";
    unspun_result *a = NULL, *b = NULL;
    unspun_score_options o = {.flags = UNSPUN_OPT_ANY_LANGUAGE};
    assert_int_equal(unspun_score(wk, text, strlen(text), &o, &b, NULL),
                     UNSPUN_OK);
    o.flags |= UNSPUN_OPT_HTML;
    assert_int_equal(unspun_score(wk, html, strlen(html), &o, &a, NULL),
                     UNSPUN_OK);
    assert_int_equal(unspun_result_words(a), unspun_result_words(b));
    assert_int_equal(unspun_result_count(a), unspun_result_count(b));
    unspun_result_free(a);
    unspun_result_free(b);
}

static void markup_alone_is_empty(void **state)
{
    (void)state;
    unspun_result *r = NULL;
    unspun_error err;
    assert_int_equal(
        score_html("<html><head><script>var words = 'many words';</script>"
                   "<style>.x{}</style></head><body><!-- a comment with "
                   "words --><br/></body></html>",
                   &r, &err),
        UNSPUN_E_EMPTY);
    assert_null(r);
    /* An unterminated tag or comment swallows the rest, like a browser. */
    assert_int_equal(score_html("<p class=\"open", &r, &err), UNSPUN_E_EMPTY);
    assert_int_equal(score_html("<!-- never closed", &r, &err), UNSPUN_E_EMPTY);
}

static void errors_give_offsets_into_the_html(void **state)
{
    (void)state;
    unspun_result *r = NULL;
    unspun_error err;
    assert_int_equal(score_html("<p>caf\xe9</p>", &r, &err), UNSPUN_E_UTF8);
    assert_int_equal(err.offset, 6);
    /* Bytes inside tags are checked too: the file is not text. */
    assert_int_equal(score_html("<p title=\"\xff\">x</p>", &r, &err),
                     UNSPUN_E_UTF8);
    assert_int_equal(err.offset, 10);
    unspun_score_options o = {.flags = UNSPUN_OPT_HTML};
    assert_int_equal(unspun_score(wk, "<p>a\0b</p>", 10, &o, &r, &err),
                     UNSPUN_E_BINARY);
    assert_int_equal(err.offset, 4);
}

static void numeric_references_out_of_range_become_replacements(void **state)
{
    (void)state;
    const char *s = "&#0;&#xD800;&#x110000;&#99999999999;&#x;&#;";
    us_html h;
    assert_int_equal(
        us_html_strip(&h, &us_default_allocator, s, strlen(s), NULL),
        UNSPUN_OK);
    assert_string_equal(h.text, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"
                                "\xef\xbf\xbd&#x;&#;");
    us_html_free(&h);
}

static void stripping_survives_allocation_failures(void **state)
{
    (void)state;
    const char *s = "<p>Some <b>bold</b> caf&eacute; text, repeated. "
                    "Some <b>bold</b> caf&eacute; text, repeated.</p>";
    for (long n = 1;; n++) {
        test_alc t = {n, 0, 0};
        unspun_allocator a = test_allocator(&t);
        us_html h;
        unspun_error err;
        unspun_status rc = us_html_strip(&h, &a, s, strlen(s), &err);
        if (rc == UNSPUN_OK) {
            us_html_free(&h);
            assert_int_equal(t.live, 0);
            assert_true(n > 1);
            break;
        }
        assert_int_equal(rc, UNSPUN_E_NOMEM);
        assert_int_equal(err.code, UNSPUN_E_NOMEM);
        assert_int_equal(t.live, 0);
        assert_true(n < 1000);
    }
}

/* A long page is scored in sections of its text content (score.c), and
 * its artifacts are those of that text content scored as plain text,
 * placed in the HTML as given. */
static void a_long_page_is_scored_in_sections(void **state)
{
    (void)state;
    size_t n = 0;
    char *art = read_all(UNSPUN_TEST_FIXTURES "/003_296e8881fdeba8b7.txt", &n);
    assert_non_null(art);
    us_buf b;
    us_buf_init(&b, &us_default_allocator);
    us_buf_printf(&b, "<html><body>\n");
    for (int k = 0; k < 3; k++) {
        us_buf_printf(&b, "<p>The firm&rsquo;s team applied <em>counterfeit"
                          "</em> consciousness to it.</p>\n<p>");
        for (size_t i = 0; i < n; i++)
            if (art[i] == '\n' && i + 1 < n && art[i + 1] == '\n')
                us_buf_printf(&b, "</p>\n<p>");
            else if (art[i] == '&')
                us_buf_printf(&b, "&amp;");
            else
                us_buf_putc(&b, art[i]);
        us_buf_printf(&b, "</p>\n");
    }
    us_buf_printf(&b, "</body></html>\n");
    assert_false(b.failed);
    const char *s = b.data;
    us_html h;
    assert_int_equal(us_html_strip(&h, &us_default_allocator, s, b.len, NULL),
                     UNSPUN_OK);
    assert_true(h.len > 12 * 1024);
    unspun_result *page = NULL, *plain = NULL;
    unspun_error err;
    assert_int_equal(score_html(s, &page, &err), UNSPUN_OK);
    assert_int_equal(unspun_score(wk, h.text, h.len, NULL, &plain, &err),
                     UNSPUN_OK);
    assert_int_equal(unspun_result_words(page), unspun_result_words(plain));
    assert_true(unspun_result_score(page) == unspun_result_score(plain));
    assert_int_equal(unspun_result_count(page), unspun_result_count(plain));
    assert_true(unspun_result_count(page) >= 3);
    size_t line = 1, col = 1, at = 0;
    for (size_t i = 0; i < unspun_result_count(page); i++) {
        const unspun_artifact *a = unspun_result_artifact(page, i);
        const unspun_artifact *t = unspun_result_artifact(plain, i);
        assert_int_equal(a->start, us_html_start(&h, t->start));
        assert_int_equal(a->end, us_html_end(&h, t->end));
        assert_int_equal(a->kind, t->kind);
        assert_true(a->confidence == t->confidence);
        assert_memory_equal(s + a->start, a->text, a->end - a->start);
        assert_int_equal(strlen(a->text), a->end - a->start);
        for (; at < a->start; at++) {
            if (s[at] == '\n')
                line++, col = 1;
            else if (((unsigned char)s[at] & 0xC0) != 0x80)
                col++;
        }
        assert_int_equal(a->line, line);
        assert_int_equal(a->col, col);
    }
    unspun_result_free(page);
    unspun_result_free(plain);
    us_html_free(&h);
    us_buf_free(&b);
    free(art);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(text_content_drops_markup_and_decodes_references),
        cmocka_unit_test(artifacts_point_into_the_html_as_given),
        cmocka_unit_test(references_inside_words_keep_words_whole),
        cmocka_unit_test(markup_alone_is_empty),
        cmocka_unit_test(errors_give_offsets_into_the_html),
        cmocka_unit_test(numeric_references_out_of_range_become_replacements),
        cmocka_unit_test(stripping_survives_allocation_failures),
        cmocka_unit_test(a_long_page_is_scored_in_sections),
    };
    return cmocka_run_group_tests(tests, test_setup, test_teardown);
}
