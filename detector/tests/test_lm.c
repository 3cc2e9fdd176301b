/* test_lm.c - the language model: backoff arithmetic on a model written by
 * hand, the shared-lookup window against the plain sum, and the stream a
 * document is read into. */
#define _POSIX_C_SOURCE 200809L
#include "test_util.h"

#include <math.h>

#include "lm.h"

#define LN10 2.302585092994046

/* The fuzz seed data file: its model is detector/fuzz/data-seed/lm.arpa,
 * fourteen words, every value known. */
static unspun_engine *tiny_engine(void)
{
    unspun_engine_options o = {UNSPUN_TEST_TINY_DATA, UNSPUN_TEST_TINY_DICT,
                               NULL};
    unspun_engine *e = NULL;
    unspun_error err;
    if (unspun_engine_new(&o, &e, &err) != UNSPUN_OK)
        fail_msg("cannot load %s: %s", UNSPUN_TEST_TINY_DATA, err.message);
    return e;
}

static uint32_t lm_id(const unspun_engine *e, const char *w)
{
    uint32_t id = us_engine_word(e, w, strlen(w));
    assert_int_not_equal(id, US_NONE);
    assert_int_not_equal(e->words[id].lm, US_NONE);
    return e->words[id].lm;
}

/* Within the 8-bit codebooks' error of the hand-written log10 values. */
static void assert_near(double got, double want_log10)
{
    double want = want_log10 * LN10;
    if (fabs(got - want) > 0.05)
        fail_msg("ln P %.4f, expected %.4f", got, want);
}

static void backoff_follows_katz_on_a_model_written_by_hand(void **state)
{
    (void)state;
    unspun_engine *e = tiny_engine();
    uint32_t five = lm_id(e, "five"), years = lm_id(e, "years"),
             old = lm_id(e, "old"), prev = lm_id(e, "previous"),
             was = lm_id(e, "was"), week = lm_id(e, "week"),
             last = lm_id(e, "last"), final = lm_id(e, "final");
    int order;
    /* the trigram itself */
    assert_near(us_lm_prob_n(e, five, years, old, &order), -0.2);
    assert_int_equal(order, 3);
    /* no trigram "was years old": bo(was years) is 0 (no such bigram), so
     * P(old | years) = -0.5 */
    assert_near(us_lm_prob_n(e, was, years, old, &order), -0.5);
    assert_int_equal(order, 2);
    /* no bigram "years previous": bo(five years) + bo(years) + P(previous)
     * = -0.2 - 0.3 - 2.4 */
    assert_near(us_lm_prob_n(e, five, years, prev, &order), -2.9);
    assert_int_equal(order, 1);
    /* no history */
    assert_near(us_lm_prob(e, US_LM_BREAK, US_LM_BREAK, final), -2.6);
    assert_near(us_lm_prob(e, US_LM_BREAK, last, week), -0.6);
    assert_near(us_lm_prob(e, US_LM_BREAK, final, week), -0.3 - 2.0);
    unspun_engine_free(e);
}

/* us_lm_win_score shares lookups between candidates, and so do its
 * stages (us_lm_win_nodes, us_lm_win_score_at); each must give the
 * sum us_lm_seq gives, to the bit, for any window, breaks included: every
 * window of a real article (so that trigrams, bigrams and backoffs all occur),
 * with its own word and with other words in the middle. */
static void window_score_equals_the_plain_sum(void **state)
{
    (void)state;
    unspun_engine *e = test_engine(NULL);
    unspun_worker *w = NULL;
    assert_int_equal(unspun_worker_new(e, &w, NULL), UNSPUN_OK);
    size_t len = 0;
    char *text =
        read_all(UNSPUN_TEST_FIXTURES "/002_322fb44b1aae548c.txt", &len);
    assert_non_null(text);
    unspun_error err;
    assert_int_equal(us_tokenize(&w->toks, text, len, &err), UNSPUN_OK);
    assert_int_equal(us_lex_assign(&w->lex, &w->toks, &err), UNSPUN_OK);
    assert_int_equal(us_lm_stream(w), 0);
    assert_true(w->nlms > 400);
    int orders[4] = {0};
    for (size_t p = 0; p < w->nlms; p++) {
        uint32_t v[5];
        for (int d = -2; d <= 2; d++) {
            long q = (long)p + d;
            v[d + 2] = q >= 0 && (size_t)q < w->nlms ? w->lms[q] : US_LM_BREAK;
        }
        if (p % 7 == 3)
            v[1] = US_LM_BREAK; /* a cut history */
        us_lm_win c;
        us_lm_win_init(e, v, &c);
        /* the word itself, and words from elsewhere in the article */
        for (size_t k = 0; k < 4; k++) {
            uint32_t x = k == 0 ? v[2] : w->lms[(p * 31 + k * 17) % w->nlms];
            if (x == US_LM_BREAK)
                continue;
            uint32_t s[5];
            memcpy(s, v, sizeof s);
            s[2] = x;
            if (s[1] == US_LM_BREAK)
                s[0] = US_LM_BREAK;
            double a = us_lm_win_score(e, &c, x);
            double b = us_lm_seq(e, s, 5, 2);
            /* exactly: one stands in for the other (detect_mt.c) */
            if (a != b)
                fail_msg("window at %zu: %.17g, plain sum %.17g", p, a, b);
            /* and so must the stages the synonym detector runs in rounds */
            us_lm_nodes nd;
            us_lm_win_nodes(e, &c, x, &nd);
            us_lm_win_prefetch_tri(e, &c, x, &nd);
            double st = us_lm_win_score_at(e, &c, x, &nd);
            if (st != b)
                fail_msg("window at %zu in stages: %.17g, plain sum %.17g", p,
                         st, b);
            int o;
            us_lm_prob_n(e, s[0], s[1], x, &o);
            orders[o]++;
        }
    }
    /* all three orders of n-gram were exercised */
    assert_true(orders[1] > 0 && orders[2] > 0 && orders[3] > 0);
    free(text);
    unspun_worker_free(w);
    unspun_engine_free(e);
}

/* The search behind every probability (interpolation, then binary) finds
 * a bigram node exactly when a scan of the word's histories does: every
 * history of 300 words spread over the vocabulary, and as many that are
 * not among them. */
static void bigram_search_agrees_with_a_scan(void **state)
{
    (void)state;
    unspun_engine *e = test_engine(NULL);
    uint32_t n = e->hd->n_lm, found = 0, absent = 0;
    for (uint32_t k = 0; k < 300; k++) {
        uint32_t w = (uint32_t)((uint64_t)k * 2654435761u % n);
        const us_lm_uni *u = &e->lm_uni[w];
        for (uint32_t j = u[0].bi; j < u[1].bi; j++) {
            uint32_t h = us_lm_key_word(e->lm_bi[j]);
            int order;
            us_lm_prob_n(e, US_LM_BREAK, h, w, &order);
            assert_int_equal(order, 2);
            found++;
            /* a history next to it that the word never had */
            uint32_t h2 = h + 1;
            /* the histories are sorted: h + 1 is listed only next to h */
            int listed =
                j + 1 < u[1].bi && us_lm_key_word(e->lm_bi[j + 1]) == h2;
            if (h2 < n && !listed) {
                us_lm_prob_n(e, US_LM_BREAK, h2, w, &order);
                assert_int_equal(order, 1);
                absent++;
            }
        }
    }
    assert_true(found > 1000 && absent > 100);
    unspun_engine_free(e);
}

/* The stream: sentence marks, numbers as a number word, possessives
 * joined when the model knows them, punctuation dropped. */
static void a_document_reads_as_model_words(void **state)
{
    (void)state;
    unspun_engine *e = test_engine(NULL);
    unspun_worker *w = NULL;
    assert_int_equal(unspun_worker_new(e, &w, NULL), UNSPUN_OK);
    const char *text = "The company's profits rose, by 5 percent. Then fell.";
    unspun_error err;
    assert_int_equal(us_tokenize(&w->toks, text, strlen(text), &err),
                     UNSPUN_OK);
    assert_int_equal(us_lex_assign(&w->lex, &w->toks, &err), UNSPUN_OK);
    assert_int_equal(us_lm_stream(w), 0);
    const char *want[] = {"<s>",  "the",  "company's", "profits", "rose",
                          "by",   "five", "percent",   "</s>",    "<s>",
                          "then", "fell", "</s>"};
    size_t nw = sizeof want / sizeof *want;
    assert_int_equal(w->nlms, nw);
    for (size_t k = 0; k < nw; k++) {
        uint32_t m = w->lms[k];
        assert_int_not_equal(m, US_LM_BREAK);
        const char *got = us_engine_str(e, e->words[e->lm_uni[m].word].str);
        if (strcmp(got, want[k]))
            fail_msg("stream word %zu: '%s', expected '%s'", k, got, want[k]);
    }
    /* the comma and the full stops have no place; "'s" went into its word */
    for (size_t i = 0; i < w->toks.n; i++) {
        const us_token *k = &w->toks.tok[i];
        if (k->kind == US_TOK_PUNCT || (k->flags & US_TF_CLITIC))
            assert_int_equal(w->tok_lms[i], US_NONE);
        else
            assert_int_not_equal(w->tok_lms[i], US_NONE);
    }
    unspun_worker_free(w);
    unspun_engine_free(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(backoff_follows_katz_on_a_model_written_by_hand),
        cmocka_unit_test(window_score_equals_the_plain_sum),
        cmocka_unit_test(bigram_search_agrees_with_a_scan),
        cmocka_unit_test(a_document_reads_as_model_words),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
