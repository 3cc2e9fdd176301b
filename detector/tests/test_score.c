/* test_score.c - the scoring API: errors, invariants, fingerprints, OOM. */
#include "test_util.h"

#include "detect.h"

static unspun_status score(const char *s, size_t n, uint32_t flags,
                           unspun_result **r, unspun_error *err)
{
    unspun_score_options o = {.flags = flags};
    return unspun_score(wk, s, n, &o, r, err);
}

static void empty_and_blank_input_is_empty(void **state)
{
    (void)state;
    unspun_result *r = (unspun_result *)1;
    unspun_error err;
    assert_int_equal(score("", 0, 0, &r, &err), UNSPUN_E_EMPTY);
    assert_null(r);
    assert_int_equal(score(" \n\t ...", 7, 0, &r, &err), UNSPUN_E_EMPTY);
    assert_int_equal(unspun_score(wk, NULL, 0, NULL, &r, &err), UNSPUN_E_EMPTY);
}

static void bad_bytes_give_their_offsets(void **state)
{
    (void)state;
    unspun_result *r;
    unspun_error err;
    assert_int_equal(score("Hello\0world", 11, 0, &r, &err), UNSPUN_E_BINARY);
    assert_int_equal(err.offset, 5);
    assert_int_equal(score("Hello w\xf8rld", 11, 0, &r, &err), UNSPUN_E_UTF8);
    assert_int_equal(err.offset, 7);
}

/* Text saved as "Unicode" (UTF-16, UTF-32) is refused as binary, but the
 * message names the encoding and the conversion; a binary file with a NUL
 * here and there is still binary at its first NUL. */
static void wide_unicode_text_is_named(void **state)
{
    (void)state;
    static const struct {
        const char *bytes;
        size_t len;
        const char *names;
    } cases[] = {
        {"\xff\xfeT\0h\0e\0 \0c\0a\0t\0", 16, "UTF-16 text"},
        {"\xfe\xff\0T\0h\0e", 8, "UTF-16 text"},
        {"\xff\xfe\0\0T\0\0\0", 8, "UTF-32 text"},
        {"T\0h\0e\0 \0c\0a\0t\0 \0s\0a\0t\0", 22, "UTF-16LE text"},
        {"\0T\0h\0e\0 \0c\0a\0t\0 \0s\0a\0t", 22, "UTF-16BE text"},
    };
    unspun_result *r = NULL;
    unspun_error err;
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        assert_int_equal(score(cases[i].bytes, cases[i].len, 0, &r, &err),
                         UNSPUN_E_BINARY);
        assert_non_null(strstr(err.message, cases[i].names));
        assert_non_null(strstr(err.message, "iconv -f"));
        assert_int_equal(err.offset, SIZE_MAX);
    }
    /* NULs on both sides: binary, at the first */
    static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0";
    assert_int_equal(score(png, sizeof png - 1, 0, &r, &err), UNSPUN_E_BINARY);
    assert_int_equal(err.offset, 8);
    assert_string_equal(err.message, unspun_strerror(UNSPUN_E_BINARY));
}

static void size_limit_and_arguments(void **state)
{
    (void)state;
    unspun_result *r;
    unspun_error err;
    unspun_score_options o = {.max_bytes = 10};
    assert_int_equal(
        unspun_score(wk, "The cat sat on the mat.", 23, &o, &r, &err),
        UNSPUN_E_TOO_BIG);
    assert_int_equal(err.offset, 10);
    o.max_bytes = 0;
    o.flags = 1u << 20;
    assert_int_equal(unspun_score(wk, "x", 1, &o, &r, &err), UNSPUN_E_ARG);
    assert_int_equal(unspun_score(NULL, "x", 1, NULL, &r, &err), UNSPUN_E_ARG);
    assert_int_equal(unspun_score(wk, NULL, 3, NULL, &r, &err), UNSPUN_E_ARG);
}

/* `text` is refused as not English, and scored with --any-language. */
static void refused_as_not_english(const char *text)
{
    unspun_result *r = NULL;
    unspun_error err;
    assert_int_equal(score(text, strlen(text), 0, &r, &err),
                     UNSPUN_E_NOT_ENGLISH);
    assert_null(r);
    assert_int_equal(
        score(text, strlen(text), UNSPUN_OPT_ANY_LANGUAGE, &r, &err),
        UNSPUN_OK);
    unspun_result_free(r);
}

static void other_languages_are_refused_unless_asked(void **state)
{
    (void)state;
    const char *es = "El gobierno anunci\xc3\xb3 ayer que las nuevas medidas "
                     "econ\xc3\xb3micas entrar\xc3\xa1n en vigor durante el "
                     "pr\xc3\xb3ximo mes, seg\xc3\xban fuentes oficiales.";
    refused_as_not_english(es);
}

static void short_texts_in_other_scripts_are_not_english(void **state)
{
    (void)state;
    /* Too short to judge by vocabulary (under 8 words), but English is
     * written in Latin letters: Russian, and Chinese (one "word" for a
     * sentence), are refused all the same. */
    static const char *const other[] = {
        "\xd0\x93\xd0\xbe\xd1\x80\xd0\xbe\xd0\xb4 "
        "\xd1\x81\xd0\xbf\xd0\xb8\xd1\x82.",
        "\xe5\xb8\x82\xe8\xae\xae\xe4\xbc\x9a\xe9\x80\x9a\xe8\xbf\x87\xe3\x80"
        "\x82"};
    unspun_result *r = NULL;
    unspun_error err;
    for (size_t i = 0; i < sizeof other / sizeof *other; i++)
        refused_as_not_english(other[i]);
    /* A name in its own script inside English text is still English. */
    const char *en = "Sergei \xd0\x98\xd0\xb2\xd0\xb0\xd0\xbd\xd0\xbe\xd0\xb2 "
                     "said on Tuesday that the shop would open again.";
    assert_int_equal(score(en, strlen(en), 0, &r, &err), UNSPUN_OK);
    unspun_result_free(r);
}

/* Under 8 words, a text with none of the commonest English words and
 * mostly words no English dictionary knows is not English; names inside a
 * sentence do not count against it ("Kardashian slams Balenciaga"). */
static void short_texts_in_other_languages(void **state)
{
    (void)state;
    static const char *const other[] = {"Los precios subieron otra vez.",
                                        "El consell aprova el pressupost.",
                                        "Il governo approva la riforma.",
                                        "La ciudad proh\xc3\xad"
                                        "be los coches."};
    static const char *const english[] = {
        "Kardashian slams Balenciaga campaign",
        "Zelensky visits Kyiv",
        "Stocks Rally After Strong Jobs Report",
        "Nvidia shares jump",
        "Thank you very much",
        "Hello world"};
    unspun_result *r = NULL;
    unspun_error err;
    for (size_t i = 0; i < sizeof other / sizeof *other; i++)
        refused_as_not_english(other[i]);
    for (size_t i = 0; i < sizeof english / sizeof *english; i++) {
        assert_int_equal(score(english[i], strlen(english[i]), 0, &r, &err),
                         UNSPUN_OK);
        unspun_result_free(r);
    }
}

static void plain_english_is_clean(void **state)
{
    (void)state;
    const char *s =
        "The committee met on Tuesday to discuss the budget for next year. "
        "Members agreed that the school needs more teachers, and they asked "
        "the city to pay for two new classrooms before the end of the month.";
    unspun_result *r = NULL;
    unspun_error err;
    assert_int_equal(score(s, strlen(s), 0, &r, &err), UNSPUN_OK);
    assert_int_equal(unspun_result_verdict(r), UNSPUN_VERDICT_CLEAN);
    assert_true(unspun_result_words(r) > 30);
    unspun_result_free(r);
}

/* A spelling is never a swap: British English is read as the US
 * English the language model knows ("realise" as "realize"), and the
 * other spelling is no candidate ("offense" for "offence"). */
static void british_spelling_is_no_swap(void **state)
{
    (void)state;
    const char *s =
        "The offence was minor, and the programme starts in the centre of "
        "town. He will realise his behaviour was not honourable, and the "
        "organisation will recognise his favour.";
    unspun_result *r = NULL;
    unspun_error err;
    unspun_score_options o = {.min_confidence = 0.05};
    assert_int_equal(unspun_score(wk, s, strlen(s), &o, &r, &err), UNSPUN_OK);
    assert_int_equal(unspun_result_verdict(r), UNSPUN_VERDICT_CLEAN);
    for (size_t i = 0; i < unspun_result_count(r); i++) {
        const unspun_artifact *a = unspun_result_artifact(r, i);
        assert_true(a->kind != UNSPUN_KIND_SYNONYM ||
                    strcmp(a->text, "offence") != 0);
        assert_true(a->confidence < 0.7);
    }
    unspun_result_free(r);
}

/* A round trip's "do" where English uses "make" is a collocation, with
 * the light verb English uses; "do" where English uses it is nothing. */
static void a_translated_light_verb_is_a_collocation(void **state)
{
    (void)state;
    const char *bad =
        "By morning the officials did a decision to close the schools.";
    const char *good =
        "By morning the officials did their homework and closed the schools.";
    unspun_result *r = NULL;
    unspun_error err;
    assert_int_equal(score(bad, strlen(bad), 0, &r, &err), UNSPUN_OK);
    int found = 0;
    for (size_t i = 0; i < unspun_result_count(r); i++) {
        const unspun_artifact *a = unspun_result_artifact(r, i);
        if (!strcmp(a->text, "did")) {
            assert_int_equal(a->kind, UNSPUN_KIND_COLLOCATION);
            assert_string_equal(a->suggestion, "made");
            assert_true(a->confidence >= 0.7);
            found = 1;
        }
    }
    assert_true(found);
    unspun_result_free(r);
    assert_int_equal(score(good, strlen(good), 0, &r, &err), UNSPUN_OK);
    assert_int_equal(unspun_result_count(r), 0);
    unspun_result_free(r);
}

/* Is some artifact of r on the text `what`, listed from 0.05? */
static const unspun_artifact *listed(const char *text, const char *what,
                                     unspun_result **r)
{
    unspun_score_options o = {.min_confidence = 0.05};
    unspun_error err;
    assert_int_equal(unspun_score(wk, text, strlen(text), &o, r, &err),
                     UNSPUN_OK);
    for (size_t i = 0; i < unspun_result_count(*r); i++) {
        const unspun_artifact *a = unspun_result_artifact(*r, i);
        if (!strcmp(a->text, what))
            return a;
    }
    return NULL;
}

/* A thesaurus phrase written as a name ("the Executive Departments")
 * is no swap, as a capitalised word is none: it is not listed, even
 * weakly, and adds nothing to the score. The same words in lower case
 * are weighed. */
static void a_phrase_written_as_a_name_is_not_weighed(void **state)
{
    (void)state;
    const char *name = "Provision should be made for the accommodation of "
                       "the several Executive Departments in the new "
                       "buildings.";
    const char *lower = "Provision should be made for the accommodation of "
                        "the several executive departments in the new "
                        "buildings.";
    unspun_result *r = NULL;
    assert_null(listed(name, "Executive Departments", &r));
    assert_true(unspun_result_score(r) < 30);
    unspun_result_free(r);
    const unspun_artifact *a = listed(lower, "executive departments", &r);
    assert_non_null(a);
    assert_int_equal(a->kind, UNSPUN_KIND_SYNONYM);
    unspun_result_free(r);
}

/* The fixture `name` with `tail` after it; its length goes to *n; free()
 * it. */
static char *seed_plus(const char *name, const char *tail, size_t *n)
{
    char *text = read_all(name, n);
    assert_non_null(text);
    size_t tl = strlen(tail);
    char *out = realloc(text, *n + tl + 1);
    assert_non_null(out);
    memcpy(out + *n, tail, tl + 1);
    *n += tl;
    return out;
}

/* Seed 002 with a known tortured phrase on a line of its own after it:
 * an artifact whatever the statistical detectors make of the article, and
 * weak evidence all over it. Its length goes to *n; free() it. */
static char *seed_with_a_tortured_phrase(size_t *n)
{
    return seed_plus(
        UNSPUN_TEST_FIXTURES "/002_322fb44b1aae548c.txt",
        "\nThe firm uses counterfeit consciousness to sort them.\n", n);
}

/* Human seed 000 with `tail` after it, scored with everything listed
 * from 0.05. Free the text with free(). */
static char *seed_and(const char *tail, size_t *n, unspun_result **r)
{
    char *out =
        seed_plus(UNSPUN_TEST_FIXTURES "/000_72a97853bd7d81fd.txt", tail, n);
    unspun_score_options o = {.min_confidence = 0.05};
    unspun_error err;
    assert_int_equal(unspun_score(wk, out, *n, &o, r, &err), UNSPUN_OK);
    return out;
}

/* A tortured phrase under the listing threshold still counts in the
 * score, at its confidence: in a quotation (spinners seldom touch one)
 * it is weaker evidence, not none. A clean article scores more with one
 * than without, and less than with the same phrase unquoted. */
static void a_weak_tortured_phrase_still_counts(void **state)
{
    (void)state;
    size_t n;
    unspun_result *plain = NULL, *quoted = NULL, *open = NULL;
    free(seed_and("\nThe firm sorts them.\n", &n, &plain));
    free(seed_and("\nShe said: \"The firm uses counterfeit consciousness "
                  "to sort them.\"\n",
                  &n, &quoted));
    free(seed_and("\nThe firm uses counterfeit consciousness to sort "
                  "them.\n",
                  &n, &open));
    const unspun_artifact *q = NULL;
    for (size_t i = 0; i < unspun_result_count(quoted); i++)
        if (unspun_result_artifact(quoted, i)->kind == UNSPUN_KIND_FINGERPRINT)
            q = unspun_result_artifact(quoted, i);
    assert_non_null(q);
    assert_true(q->confidence < UNSPUN_DEFAULT_MIN_CONFIDENCE);
    assert_true(unspun_result_score(quoted) > unspun_result_score(plain));
    assert_true(unspun_result_score(open) > unspun_result_score(quoted));
    unspun_result_free(plain);
    unspun_result_free(quoted);
    unspun_result_free(open);
}

/* The tokenizer reads every number alike, so a tortured phrase of one
 * word besides a number ("128 pieces" for "128 bits") is not in the
 * data: "4,000 pieces" is ordinary English. */
static void a_number_and_a_word_is_no_tortured_phrase(void **state)
{
    (void)state;
    unspun_result *r = NULL;
    assert_null(listed("The library holds 4,000 pieces of the 128 pieces "
                       "that were found, and 256 pieces more.",
                       "4,000 pieces", &r));
    for (size_t i = 0; i < unspun_result_count(r); i++)
        assert_int_not_equal(unspun_result_artifact(r, i)->kind,
                             UNSPUN_KIND_FINGERPRINT);
    unspun_result_free(r);
}

/* Artifacts of CRLF text are those of LF text, shifted by the CRs. */
static void crlf_and_lf_give_the_same_artifacts(void **state)
{
    (void)state;
    size_t n = 0;
    char *lf = seed_with_a_tortured_phrase(&n);
    char *crlf = malloc(2 * n + 1);
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (lf[i] == '\n')
            crlf[m++] = '\r';
        crlf[m++] = lf[i];
    }
    unspun_result *a = NULL, *b = NULL;
    unspun_error err;
    assert_int_equal(score(lf, n, 0, &a, &err), UNSPUN_OK);
    assert_int_equal(score(crlf, m, 0, &b, &err), UNSPUN_OK);
    assert_int_equal(unspun_result_count(a), unspun_result_count(b));
    assert_true(unspun_result_count(a) > 0);
    for (size_t i = 0; i < unspun_result_count(a); i++) {
        const unspun_artifact *x = unspun_result_artifact(a, i);
        const unspun_artifact *y = unspun_result_artifact(b, i);
        assert_int_equal(y->start - x->start, x->line - 1);
        assert_int_equal(x->line, y->line);
        assert_string_equal(x->text, y->text);
        assert_int_equal(x->kind, y->kind);
        assert_memory_equal(lf + x->start, x->text, x->end - x->start);
    }
    assert_null(unspun_result_artifact(a, unspun_result_count(a)));
    unspun_result_free(a);
    unspun_result_free(b);
    free(lf);
    free(crlf);
}

/* A lower min_confidence lists weaker evidence too, a higher one less;
 * the score, the verdict and what the default lists do not change. */
static void min_confidence_changes_the_list_not_the_score(void **state)
{
    (void)state;
    size_t n = 0;
    char *text = seed_with_a_tortured_phrase(&n);
    unspun_score_options def = {0}, low = {.min_confidence = 0.05},
                         high = {.min_confidence = 0.95};
    unspun_result *d = NULL, *l = NULL, *h = NULL;
    unspun_error err;
    assert_int_equal(unspun_score(wk, text, n, &def, &d, &err), UNSPUN_OK);
    assert_int_equal(unspun_score(wk, text, n, &low, &l, &err), UNSPUN_OK);
    assert_int_equal(unspun_score(wk, text, n, &high, &h, &err), UNSPUN_OK);
    assert_true(unspun_result_score(l) == unspun_result_score(d));
    assert_true(unspun_result_score(h) == unspun_result_score(d));
    assert_int_equal(unspun_result_verdict(l), unspun_result_verdict(d));
    assert_int_equal(unspun_result_verdict(h), unspun_result_verdict(d));
    size_t nd = unspun_result_count(d), nl = unspun_result_count(l),
           nh = unspun_result_count(h);
    assert_true(nd > 0 && nl > nd && nh <= nd);
    /* the default list is the low one's artifacts from 0.7, unchanged */
    size_t k = 0, weak_synonyms = 0;
    for (size_t i = 0; i < nl; i++) {
        const unspun_artifact *a = unspun_result_artifact(l, i);
        assert_true(a->confidence >= 0.05);
        if (a->confidence < UNSPUN_DEFAULT_MIN_CONFIDENCE) {
            /* a weak swap listed on request keeps its suggestion */
            if (a->kind == UNSPUN_KIND_SYNONYM) {
                assert_non_null(a->suggestion);
                weak_synonyms++;
            }
            continue;
        }
        assert_true(k < nd);
        const unspun_artifact *b = unspun_result_artifact(d, k++);
        assert_int_equal(a->start, b->start);
        assert_int_equal(a->end, b->end);
        assert_int_equal(a->kind, b->kind);
        assert_true(a->confidence == b->confidence);
        assert_true((a->suggestion == NULL) == (b->suggestion == NULL));
        if (a->suggestion)
            assert_string_equal(a->suggestion, b->suggestion);
    }
    assert_int_equal(k, nd);
    assert_true(weak_synonyms > 0);
    for (size_t i = 0; i < nh; i++)
        assert_true(unspun_result_artifact(h, i)->confidence >= 0.95);
    unspun_result_free(d);
    unspun_result_free(l);
    unspun_result_free(h);
    free(text);
}

/* Does the fingerprint detector alone report bytes [start, end) of text?
 * Called on the detector itself, so that another detector's more confident
 * artifact over the same words cannot hide the answer. */
static int fingerprint_found(const char *text, size_t start, size_t end)
{
    unspun_error err;
    wk->narts = 0;
    assert_int_equal(us_tokenize(&wk->toks, text, strlen(text), &err),
                     UNSPUN_OK);
    assert_int_equal(us_lex_assign(&wk->lex, &wk->toks, &err), UNSPUN_OK);
    assert_int_equal(us_detect_fingerprint(wk, 0), 0);
    for (size_t i = 0; i < wk->narts; i++) {
        const us_art *a = &wk->arts[i];
        if (a->kind == UNSPUN_KIND_FINGERPRINT &&
            wk->toks.tok[a->tok_first].start < end &&
            start < wk->toks.tok[a->tok_last].end)
            return 1;
    }
    return 0;
}

/* Every fingerprint of the shipped list is found in a neutral sentence
 * (the list is data; this checks the compiler and matcher agree on it). */
static void every_fingerprint_is_found(void **state)
{
    (void)state;
    FILE *f = fopen(UNSPUN_TEST_WORDLISTS "/fingerprints-pps.tsv", "r");
    assert_non_null(f);
    char line[1024];
    long lineno = 0, checked = 0, missed = 0;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        if (line[0] == '#' || line[0] == '\n')
            continue;
        char *tab = strchr(line, '\t');
        if (!tab)
            continue;
        *tab = '\0';
        char text[1200];
        int pre = snprintf(text, sizeof text, "We describe the ");
        snprintf(text + pre, sizeof text - (size_t)pre, "%s in this work.",
                 line);
        size_t start = (size_t)pre, end = start + strlen(line);
        if (!fingerprint_found(text, start, end)) {
            missed++;
            print_error("fingerprints-pps.tsv:%ld: '%s' not found\n", lineno,
                        line);
        }
        checked++;
    }
    fclose(f);
    assert_true(checked > 1000);
    assert_int_equal(missed, 0);
}

/* `f` (a fixture) with its blank lines made single line ends, `times`
 * times over, then one blank line: a part of a long text whose only
 * blank line is its last. */
static size_t append_part(char *buf, size_t at, const char *f, int times)
{
    size_t n = 0;
    char *text = read_all(f, &n);
    assert_non_null(text);
    for (int k = 0; k < times; k++) {
        for (size_t i = 0; i < n; i++)
            if (!(text[i] == '\n' && at > 0 && buf[at - 1] == '\n'))
                buf[at++] = text[i];
        if (buf[at - 1] != '\n')
            buf[at++] = '\n';
    }
    buf[at++] = '\n';
    free(text);
    return at;
}

/* A long text is scored in sections that end at blank lines, each as a
 * document (score.c): its artifacts are those of its sections scored
 * alone, at their places in the whole, and its words add up. */
static void a_long_text_is_its_sections(void **state)
{
    (void)state;
    char *t = malloc(64 * 1024);
    assert_non_null(t);
    /* the spun seed three times (8.4 kB, one section), then two human
     * ones (the rest, under 1.5 sections: one) */
    size_t p1 =
        append_part(t, 0, UNSPUN_TEST_FIXTURES "/002_322fb44b1aae548c.txt", 3);
    /* a known tortured phrase in each part, so that both have artifacts */
    static const char tp1[] = "Its counterfeit consciousness sorts them.\n\n";
    static const char tp2[] =
        "The firm uses profound learning to sort them.\n\n";
    memcpy(t + p1 - 1, tp1, sizeof tp1 - 1);
    p1 += sizeof tp1 - 2;
    size_t n =
        append_part(t, p1, UNSPUN_TEST_FIXTURES "/000_72a97853bd7d81fd.txt", 1);
    n = append_part(t, n, UNSPUN_TEST_FIXTURES "/004_2d0845110708aec0.txt", 1);
    memcpy(t + n - 1, tp2, sizeof tp2 - 1);
    n += sizeof tp2 - 2;
    assert_true(p1 > 8 * 1024 && n - p1 < 8 * 1024 && n > 12 * 1024);
    unspun_result *all = NULL, *a = NULL, *b = NULL;
    unspun_error err;
    assert_int_equal(score(t, n, 0, &all, &err), UNSPUN_OK);
    assert_int_equal(score(t, p1, 0, &a, &err), UNSPUN_OK);
    assert_int_equal(score(t + p1, n - p1, 0, &b, &err), UNSPUN_OK);
    assert_int_equal(unspun_result_words(all),
                     unspun_result_words(a) + unspun_result_words(b));
    size_t na = unspun_result_count(a), nb = unspun_result_count(b);
    assert_true(na > 0 && nb > 0);
    assert_int_equal(unspun_result_count(all), na + nb);
    size_t lines_p1 = 0;
    for (size_t i = 0; i < p1; i++)
        lines_p1 += t[i] == '\n';
    for (size_t i = 0; i < na + nb; i++) {
        const unspun_artifact *x = unspun_result_artifact(all, i);
        const unspun_artifact *y = i < na ? unspun_result_artifact(a, i)
                                          : unspun_result_artifact(b, i - na);
        size_t shift = i < na ? 0 : p1;
        assert_int_equal(x->start, y->start + shift);
        assert_int_equal(x->end, y->end + shift);
        assert_int_equal(x->line, y->line + (i < na ? 0 : lines_p1));
        assert_int_equal(x->col, y->col);
        assert_int_equal(x->kind, y->kind);
        assert_true(x->confidence == y->confidence);
        assert_memory_equal(t + x->start, x->text, x->end - x->start);
        if (y->suggestion)
            assert_string_equal(x->suggestion, y->suggestion);
        else
            assert_null(x->suggestion);
    }
    unspun_result_free(all);
    unspun_result_free(a);
    unspun_result_free(b);
    free(t);
}

/* A long text's language is judged on the whole of it, and a bad byte
 * in a later section is reported at its place in the whole. */
static void a_long_texts_language_and_bad_bytes(void **state)
{
    (void)state;
    static const char es[] =
        "El gobierno anunci\xc3\xb3 ayer que las nuevas medidas "
        "econ\xc3\xb3micas entrar\xc3\xa1n en vigor durante el "
        "pr\xc3\xb3ximo mes, seg\xc3\xban fuentes oficiales.\n";
    size_t n = 0, cap = 40 * 1024;
    char *t = malloc(cap);
    assert_non_null(t);
    while (n + sizeof es < cap) {
        memcpy(t + n, es, sizeof es - 1);
        n += sizeof es - 1;
    }
    unspun_result *r = NULL;
    unspun_error err;
    assert_int_equal(score(t, n, 0, &r, &err), UNSPUN_E_NOT_ENGLISH);
    assert_null(r);
    assert_int_equal(score(t, n, UNSPUN_OPT_ANY_LANGUAGE, &r, &err), UNSPUN_OK);
    unspun_result_free(r);
    t[n - 100] = (char)0xf8; /* in the last section */
    assert_int_equal(score(t, n, UNSPUN_OPT_ANY_LANGUAGE, &r, &err),
                     UNSPUN_E_UTF8);
    assert_int_equal(err.offset, n - 100);
    free(t);
}

/* Every allocation of a scoring fails in turn: NOMEM, nothing leaked,
 * until none fails and the text scores. */
static void score_under_failures(const char *text, size_t n)
{
    for (long k = 1;; k++) {
        test_alc t = {0, 0, 0};
        unspun_allocator a = test_allocator(&t);
        unspun_engine *e = test_engine(&a);
        unspun_worker *w = NULL;
        unspun_error err;
        assert_int_equal(unspun_worker_new(e, &w, &err), UNSPUN_OK);
        t.calls = 0;
        t.fail_at = k;
        unspun_result *r = NULL;
        unspun_status rc = unspun_score(w, text, n, NULL, &r, &err);
        t.fail_at = 0;
        unspun_result_free(r);
        unspun_worker_free(w);
        unspun_engine_free(e);
        if (oom_step_done(&t, rc, k, 10000))
            break;
    }
}

static void scoring_survives_allocation_failures(void **state)
{
    (void)state;
    size_t n = 0;
    char *text = read_all(UNSPUN_TEST_FIXTURES "/002_322fb44b1aae548c.txt", &n);
    assert_non_null(text);
    score_under_failures(text, n);
    free(text);
    /* and a long text, in two sections */
    text = read_all(UNSPUN_TEST_FIXTURES "/003_296e8881fdeba8b7.txt", &n);
    assert_non_null(text);
    char *two = malloc(2 * n + 2);
    assert_non_null(two);
    memcpy(two, text, n);
    memcpy(two + n, "\n\n", 2);
    memcpy(two + n + 2, text, n);
    assert_true(2 * n + 2 > 12 * 1024);
    score_under_failures(two, 2 * n + 2);
    free(two);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(empty_and_blank_input_is_empty),
        cmocka_unit_test(bad_bytes_give_their_offsets),
        cmocka_unit_test(wide_unicode_text_is_named),
        cmocka_unit_test(size_limit_and_arguments),
        cmocka_unit_test(other_languages_are_refused_unless_asked),
        cmocka_unit_test(short_texts_in_other_scripts_are_not_english),
        cmocka_unit_test(short_texts_in_other_languages),
        cmocka_unit_test(plain_english_is_clean),
        cmocka_unit_test(british_spelling_is_no_swap),
        cmocka_unit_test(a_translated_light_verb_is_a_collocation),
        cmocka_unit_test(a_phrase_written_as_a_name_is_not_weighed),
        cmocka_unit_test(crlf_and_lf_give_the_same_artifacts),
        cmocka_unit_test(min_confidence_changes_the_list_not_the_score),
        cmocka_unit_test(a_weak_tortured_phrase_still_counts),
        cmocka_unit_test(a_number_and_a_word_is_no_tortured_phrase),
        cmocka_unit_test(every_fingerprint_is_found),
        cmocka_unit_test(a_long_text_is_its_sections),
        cmocka_unit_test(a_long_texts_language_and_bad_bytes),
        cmocka_unit_test(scoring_survives_allocation_failures),
    };
    return cmocka_run_group_tests(tests, test_setup, test_teardown);
}
