/* test_render.c - the renderers: JSON escaping and field order, fixed
 * float precision, error records, the text report with and without
 * colour. Results come from scoring real sentences with the built data. */
#include "test_util.h"

#include "alloc.h"

/* A tortured phrase from wordlists/fingerprints-pps.tsv in a neutral
 * sentence: whatever the tuning, it yields at least one artifact. */
static const char sentence[] =
    "The committee asked how the new system would use counterfeit "
    "consciousness to sort the incoming applications.\n";

static unspun_result *score_text(const char *s)
{
    unspun_result *r = NULL;
    unspun_error err;
    assert_int_equal(unspun_score(wk, s, strlen(s), NULL, &r, &err), UNSPUN_OK);
    assert_non_null(r);
    return r;
}

static char *json_escape(const char *s, size_t n)
{
    us_buf b;
    us_buf_init(&b, &us_default_allocator);
    us_buf_json_str(&b, s, n);
    us_buf_putc(&b, '\0');
    assert_false(b.failed);
    return b.data;
}

/* Every byte JSON forbids raw is escaped; UTF-8 passes through. */
static void json_strings_are_escaped(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        size_t n;
        const char *want;
    } cases[] = {
        {"plain", 5, "plain"},
        {"say \"hi\"", 8, "say \\\"hi\\\""},
        {"back\\slash", 10, "back\\\\slash"},
        {"a\nb\rc\td", 7, "a\\nb\\rc\\td"},
        {"\x01\x1f\x7f", 3, "\\u0001\\u001f\\u007f"},
        {"nul\0x", 5, "nul\\u0000x"},
        {"caf\xc3\xa9 \xe2\x80\x9cq\xe2\x80\x9d", 13,
         "caf\xc3\xa9 \xe2\x80\x9cq\xe2\x80\x9d"},
        {"", 0, ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *got = json_escape(cases[i].in, cases[i].n);
        assert_string_equal(got, cases[i].want);
        free(got);
    }
}

/* The file name is escaped too, and NULL is JSON null. */
static void file_names_are_escaped_or_null(void **state)
{
    (void)state;
    unspun_result *r = score_text(sentence);
    char *out = NULL;
    size_t len = 0;
    assert_int_equal(unspun_render_json(r, "a \"b\"\n.txt", &out, &len),
                     UNSPUN_OK);
    assert_int_equal(strncmp(out, "{\"file\":\"a \\\"b\\\"\\n.txt\",", 24), 0);
    unspun_free(out);
    assert_int_equal(unspun_render_json(r, NULL, &out, &len), UNSPUN_OK);
    assert_int_equal(strncmp(out, "{\"file\":null,\"score\":", 21), 0);
    unspun_free(out);
    unspun_result_free(r);
}

/* Skip digits from p; return the first non-digit. */
static const char *digits(const char *p, size_t *count)
{
    size_t n = 0;
    while (*p >= '0' && *p <= '9')
        p++, n++;
    *count = n;
    return p;
}

/* A number with exactly `decimals` digits after the point, then `next`. */
static void assert_fixed(const char *p, size_t decimals, char next)
{
    size_t n;
    p = digits(p, &n);
    assert_true(n >= 1);
    assert_int_equal(*p, '.');
    p = digits(p + 1, &n);
    assert_int_equal(n, decimals);
    assert_int_equal(*p, next);
}

/* One line, the contract's field order, the API's values, score with one
 * decimal and confidences with three, whatever their values. */
static void json_is_one_line_in_contract_order(void **state)
{
    (void)state;
    unspun_result *r = score_text(sentence);
    assert_true(unspun_result_count(r) >= 1);
    char *out = NULL;
    size_t len = 0;
    assert_int_equal(unspun_render_json(r, "f.txt", &out, &len), UNSPUN_OK);
    assert_int_equal(strlen(out), len);
    assert_true(len > 2);
    assert_int_equal(out[len - 1], '\n');
    assert_ptr_equal(strchr(out, '\n'), out + len - 1);

    const char *p = out;
    static const char *const fields[] = {
        "\"file\":", "\"score\":", "\"verdict\":", "\"words\":",
        "\"artifacts\":["};
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
        const char *q = strstr(p, fields[i]);
        assert_non_null(q);
        p = q + strlen(fields[i]);
        if (i == 1)
            assert_fixed(p, 1, ',');
    }
    char want[64];
    snprintf(want, sizeof want, "\"verdict\":\"%s\",\"words\":%zu,",
             unspun_verdict_name(unspun_result_verdict(r)),
             unspun_result_words(r));
    assert_non_null(strstr(out, want));

    p = out;
    for (size_t i = 0; i < unspun_result_count(r); i++) {
        const unspun_artifact *a = unspun_result_artifact(r, i);
        char head[160];
        snprintf(head, sizeof head,
                 "{\"start\":%zu,\"end\":%zu,\"line\":%zu,\"col\":%zu,"
                 "\"text\":\"%s\",\"suggestion\":",
                 a->start, a->end, a->line, a->col, a->text);
        const char *q = strstr(p, head);
        assert_non_null(q);
        assert_memory_equal(sentence + a->start, a->text, a->end - a->start);
        q = strstr(q, "\"kind\":\"");
        assert_non_null(q);
        assert_int_equal(strncmp(q + 8, unspun_kind_name(a->kind),
                                 strlen(unspun_kind_name(a->kind))),
                         0);
        q = strstr(q, "\"confidence\":");
        assert_non_null(q);
        assert_fixed(q + 13, 3, '}');
        p = q;
    }
    assert_string_equal(out + len - 3, "]}\n");
    unspun_free(out);
    unspun_result_free(r);
}

/* The same result renders to the same bytes every time. */
static void rendering_is_byte_stable(void **state)
{
    (void)state;
    unspun_result *r1 = score_text(sentence);
    unspun_result *r2 = score_text(sentence);
    char *a = NULL, *b = NULL;
    size_t la = 0, lb = 0;
    assert_int_equal(unspun_render_json(r1, "x", &a, &la), UNSPUN_OK);
    assert_int_equal(unspun_render_json(r2, "x", &b, &lb), UNSPUN_OK);
    assert_int_equal(la, lb);
    assert_memory_equal(a, b, la);
    unspun_free(a);
    unspun_free(b);
    unspun_result_free(r1);
    unspun_result_free(r2);
}

static char *error_record(const char *file, unspun_status code,
                          const char *message, size_t offset)
{
    unspun_error e = {code, message, offset, 0};
    char *out = NULL;
    size_t len = 0;
    assert_int_equal(unspun_render_error_json(file, &e, &out, &len), UNSPUN_OK);
    assert_int_equal(strlen(out), len);
    return out;
}

/* {"file","error"}: the message, the offset where the code has one. */
static void error_records_say_what_and_where(void **state)
{
    (void)state;
    char *out = error_record("a.txt", UNSPUN_E_IO, NULL, SIZE_MAX);
    assert_string_equal(out, "{\"file\":\"a.txt\",\"error\":\"cannot read "
                             "file\"}\n");
    unspun_free(out);
    out = error_record("b.txt", UNSPUN_E_UTF8, NULL, 7);
    assert_string_equal(out, "{\"file\":\"b.txt\",\"error\":\"invalid UTF-8 "
                             "at byte 7\"}\n");
    unspun_free(out);
    out = error_record("c", UNSPUN_E_BINARY, NULL, 0);
    assert_string_equal(out, "{\"file\":\"c\",\"error\":\"binary input: "
                             "contains NUL bytes at byte 0\"}\n");
    unspun_free(out);
    out = error_record("d", UNSPUN_E_TOO_BIG, NULL, 1024);
    assert_string_equal(out, "{\"file\":\"d\",\"error\":\"input too large "
                             "(limit 1024 bytes)\"}\n");
    unspun_free(out);
    /* An offset is only shown for codes that have a position. */
    out = error_record("e", UNSPUN_E_EMPTY, NULL, 3);
    assert_string_equal(out, "{\"file\":\"e\",\"error\":\"empty input: no "
                             "words to score\"}\n");
    unspun_free(out);
    /* A specific message wins over the code's; both are escaped. */
    out = error_record(NULL, UNSPUN_E_IO, "is a \"directory\"", SIZE_MAX);
    assert_string_equal(out, "{\"file\":null,\"error\":\"is a "
                             "\\\"directory\\\"\"}\n");
    unspun_free(out);
    /* Every code has a message of its own. */
    for (int c = UNSPUN_E_NOMEM; c <= UNSPUN_E_NOT_ENGLISH; c++) {
        out = error_record("f", (unspun_status)c, NULL, SIZE_MAX);
        assert_non_null(strstr(out, unspun_strerror((unspun_status)c)));
        assert_null(strstr(out, "unknown error"));
        unspun_free(out);
    }
}

static void bad_arguments_are_refused(void **state)
{
    (void)state;
    unspun_result *r = score_text(sentence);
    char *out = (char *)1;
    size_t len = 0;
    assert_int_equal(unspun_render_json(NULL, "x", &out, &len), UNSPUN_E_ARG);
    assert_int_equal(unspun_render_json(r, "x", NULL, &len), UNSPUN_E_ARG);
    assert_int_equal(unspun_render_error_json("x", NULL, &out, &len),
                     UNSPUN_E_ARG);
    assert_int_equal(unspun_render_text(NULL, "x", sentence, strlen(sentence),
                                        0, &out, &len),
                     UNSPUN_E_ARG);
    assert_int_equal(unspun_render_text(r, "x", NULL, 5, 0, &out, &len),
                     UNSPUN_E_ARG);
    assert_int_equal(
        unspun_render_text(r, "x", sentence, strlen(sentence), 0, NULL, &len),
        UNSPUN_E_ARG);
    /* len is optional */
    assert_int_equal(unspun_render_json(r, "x", &out, NULL), UNSPUN_OK);
    unspun_free(out);
    unspun_result_free(r);
}

static char *render_text(const unspun_result *r, const char *file,
                         const char *in, uint32_t flags)
{
    char *out = NULL;
    size_t len = 0;
    assert_int_equal(
        unspun_render_text(r, file, in, strlen(in), flags, &out, &len),
        UNSPUN_OK);
    assert_int_equal(strlen(out), len);
    return out;
}

/* Plain text: a summary line, then per artifact a line with position,
 * kind and text, the excerpt, and carets exactly under the artifact. No
 * escape codes, no raw control characters from the input. */
static void text_without_colour_underlines_with_carets(void **state)
{
    (void)state;
    static const char in[] = "Intro line.\nOur\tsystem would use counterfeit "
                             "consciousness to sort the applications.\n";
    unspun_result *r = score_text(in);
    size_t n = unspun_result_count(r);
    assert_true(n >= 1);
    char *out = render_text(r, "doc.txt", in, 0);
    assert_null(strchr(out, '\x1b'));
    assert_null(strchr(out, '\t'));
    char want[96];
    snprintf(want, sizeof want, "doc.txt: score %.1f/100, %s (%zu words, ",
             unspun_result_score(r),
             unspun_verdict_name(unspun_result_verdict(r)),
             unspun_result_words(r));
    assert_int_equal(strncmp(out, want, strlen(want)), 0);

    const char *p = out;
    for (size_t i = 0; i < n; i++) {
        const unspun_artifact *a = unspun_result_artifact(r, i);
        char pos[48];
        snprintf(pos, sizeof pos, "  %zu:%zu", a->line, a->col);
        p = strstr(p, pos);
        assert_non_null(p);
        const char *eol = strchr(p, '\n');
        assert_non_null(eol);
        assert_non_null(strstr(p, unspun_kind_name(a->kind)));
        /* excerpt line, then the caret line */
        const char *ex = eol + 1;
        const char *ex_end = strchr(ex, '\n');
        assert_non_null(ex_end);
        const char *hit = strstr(ex, a->text);
        assert_non_null(hit);
        assert_true(hit < ex_end);
        const char *car = ex_end + 1;
        size_t col = (size_t)(hit - ex);
        for (size_t k = 0; k < col; k++)
            assert_int_equal(car[k], ' ');
        for (size_t k = 0; k < strlen(a->text); k++)
            assert_int_equal(car[col + k], '^');
        assert_int_equal(car[col + strlen(a->text)], '\n');
        p = car;
    }
    unspun_free(out);
    /* NULL file is shown as "-". */
    out = render_text(r, NULL, in, 0);
    assert_int_equal(strncmp(out, "-: score ", 9), 0);
    unspun_free(out);
    unspun_result_free(r);
}

/* On a line of many kilobytes the position counts code points from the
 * line's start, and the excerpt is cut to EXCERPT (30) code points either
 * side with "..." where the line goes on; near the line's start, without. */
static void text_excerpt_of_a_long_line(void **state)
{
    (void)state;
    const char *phrase = "counterfeit consciousness";
    const char *unit = "The caf\xc3\xa9 sorts the mail. "; /* 25 code points */
    size_t reps = 200, ulen = strlen(unit);
    size_t cap = (2 * reps + 2) * ulen + 64;
    char *in = malloc(cap);
    assert_non_null(in);
    size_t n = 0;
    for (size_t i = 0; i < reps; i++, n += ulen)
        memcpy(in + n, unit, ulen);
    n += (size_t)snprintf(in + n, cap - n, "We use %s daily. ", phrase);
    for (size_t i = 0; i < reps; i++, n += ulen)
        memcpy(in + n, unit, ulen);
    in[n++] = '\n';
    in[n] = '\0';
    unspun_result *r = score_text(in);
    const unspun_artifact *a = NULL;
    for (size_t i = 0; i < unspun_result_count(r); i++)
        if (!strcmp(unspun_result_artifact(r, i)->text, phrase))
            a = unspun_result_artifact(r, i);
    assert_non_null(a);
    assert_int_equal(a->line, 1);
    assert_int_equal(a->col, reps * 25 + 8);
    char *out = render_text(r, "long.txt", in, 0);
    const char *ex = strstr(out, "\n            ...");
    assert_non_null(ex);
    const char *hit = strstr(ex, phrase), *eol = strchr(ex + 1, '\n');
    assert_true(hit && hit < eol);
    assert_int_equal(strncmp(eol - 3, "...", 3), 0);
    assert_true(eol - ex < 16 + 4 * 30 + (long)strlen(phrase) + 8);
    unspun_free(out);
    unspun_result_free(r);
    /* the same phrase near the line's start: no "..." before it */
    memcpy(in, "Now we use ", 11);
    memcpy(in + 11, phrase, strlen(phrase));
    in[11 + strlen(phrase)] = ' ';
    r = score_text(in);
    out = render_text(r, "long.txt", in, 0);
    ex = strstr(out, "\n            Now we use counterfeit");
    assert_non_null(ex);
    unspun_free(out);
    unspun_result_free(r);
    free(in);
}

/* A verdict with nothing listed says why; a clean one says nothing. */
static void text_says_why_nothing_is_listed(void **state)
{
    (void)state;
    unspun_score_options o = {.min_confidence = 1.0};
    unspun_result *r = NULL;
    unspun_error err;
    assert_int_equal(unspun_score(wk, sentence, strlen(sentence), &o, &r, &err),
                     UNSPUN_OK);
    assert_int_equal(unspun_result_count(r), 0);
    assert_true(unspun_result_verdict(r) != UNSPUN_VERDICT_CLEAN);
    char *out = render_text(r, "doc.txt", sentence, 0);
    assert_non_null(strstr(out, "\n  nothing listed: "));
    free(out);
    unspun_result_free(r);
    static const char plain[] = "The committee met on Tuesday to discuss the "
                                "budget for next year.\n";
    r = score_text(plain);
    assert_int_equal(unspun_result_verdict(r), UNSPUN_VERDICT_CLEAN);
    out = render_text(r, "doc.txt", plain, 0);
    assert_null(strstr(out, "nothing listed"));
    free(out);
    unspun_result_free(r);
}

/* Colour: ANSI highlighting around the artifact, every escape reset, and
 * no caret lines (the highlight replaces them). */
static void text_with_colour_highlights(void **state)
{
    (void)state;
    unspun_result *r = score_text(sentence);
    const unspun_artifact *a = unspun_result_artifact(r, 0);
    assert_non_null(a);
    char *out = render_text(r, "doc.txt", sentence, UNSPUN_RENDER_COLOR);
    char want[128];
    snprintf(want, sizeof want, "\x1b[1;31m%s\x1b[0m", a->text);
    assert_non_null(strstr(out, want));
    size_t opens = 0, resets = 0;
    for (const char *p = out; (p = strstr(p, "\x1b[")) != NULL; p++)
        opens++;
    for (const char *p = out; (p = strstr(p, "\x1b[0m")) != NULL; p++)
        resets++;
    assert_true(resets >= 1);
    assert_true(opens >= resets);
    /* the text ends with colours reset */
    const char *last = NULL;
    for (const char *p = out; (p = strstr(p, "\x1b[")) != NULL; p++)
        last = p;
    assert_int_equal(strncmp(last, "\x1b[0m", 4), 0);
    assert_null(strstr(out, "^^"));
    /* the same report without colour differs only by the escapes and the
     * caret lines: its first line is the uncoloured summary */
    char *plain = render_text(r, "doc.txt", sentence, 0);
    const char *v = unspun_verdict_name(unspun_result_verdict(r));
    assert_non_null(strstr(plain, v));
    assert_null(strchr(plain, '\x1b'));
    unspun_free(plain);
    unspun_free(out);
    unspun_result_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(json_strings_are_escaped),
        cmocka_unit_test(file_names_are_escaped_or_null),
        cmocka_unit_test(json_is_one_line_in_contract_order),
        cmocka_unit_test(rendering_is_byte_stable),
        cmocka_unit_test(error_records_say_what_and_where),
        cmocka_unit_test(bad_arguments_are_refused),
        cmocka_unit_test(text_without_colour_underlines_with_carets),
        cmocka_unit_test(text_excerpt_of_a_long_line),
        cmocka_unit_test(text_says_why_nothing_is_listed),
        cmocka_unit_test(text_with_colour_highlights),
    };
    return cmocka_run_group_tests(tests, test_setup, test_teardown);
}
