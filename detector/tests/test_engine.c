/* test_engine.c - loading the data file: every failure has its code. */
#define _POSIX_C_SOURCE 200809L
#include "test_util.h"

#include <math.h>
#include <unistd.h>

#include "data.h"
#include "worker.h"
#include "xxh.h"

static char tmpdir[] = "/tmp/unspun-test-XXXXXX";

static const char *write_tmp(const char *name, const char *data, size_t n)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, n, f), n);
    fclose(f);
    return path;
}

/* Recompute every checksum of a data file image, as the compiler would
 * have written it (the blocks' first): tests of the structural checks
 * behind the checksums. */
static void reseal(char *img)
{
    us_data_header h;
    memcpy(&h, img, sizeof h);
    uint64_t nb = 0;
    for (int k = 0; k < US_NSEC; k++) {
        if (!us_sec_blocked(k))
            continue;
        for (uint64_t o = 0; o < h.sec[k].size; o += US_BLOCK, nb++) {
            uint32_t sum =
                us_section_block_sum(img + h.sec[k].off, h.sec[k].size, o);
            memcpy(img + h.sec[US_SEC_BLOCKS].off + nb * 4, &sum, 4);
        }
    }
    assert_int_equal(nb, h.n_blocks);
    for (int k = 0; k < US_NSEC; k++)
        h.sec[k].hash = XXH3_64bits(img + h.sec[k].off, h.sec[k].size);
    h.header_hash = 0;
    h.header_hash = XXH3_64bits(&h, sizeof h);
    memcpy(img, &h, sizeof h);
}

static unspun_status load(const char *data, const char *dict, unspun_error *err)
{
    unspun_engine_options o = {data, dict, NULL};
    unspun_engine *e = (unspun_engine *)1;
    unspun_status rc = unspun_engine_new(&o, &e, err);
    if (rc) {
        assert_null(e);
    } else {
        unspun_engine_free(e);
    }
    return rc;
}

/* Load a data file, seal a one-document reference pool with it, and
 * read byte `off` of section `sec` as a lookup would: the status of
 * whichever step fails first. Sections the loader leaves to their first
 * use must fail there: reference mode's at the seal, the blocked ones
 * (data.h) on the lookup that touches the block. */
static unspun_status load_and_use(const char *data, int sec, uint64_t off,
                                  unspun_error *err)
{
    unspun_engine_options o = {data, NULL, NULL};
    unspun_engine *e = NULL;
    unspun_status rc = unspun_engine_new(&o, &e, err);
    if (rc)
        return rc;
    unspun_worker *w = NULL;
    unspun_refset *rs = NULL;
    static const char ref[] = "The council said the new road was clear.";
    rc = unspun_worker_new(e, &w, err);
    if (!rc)
        rc = unspun_refset_new(e, NULL, &rs, err);
    if (!rc)
        rc = unspun_refset_add(rs, w, "ref", ref, sizeof ref - 1, err);
    if (!rc)
        rc = unspun_refset_seal(rs, w, err);
    if (!rc && us_sec_blocked(sec)) {
        assert_int_equal(us_engine_corrupt(e, err), UNSPUN_OK);
        assert_int_equal(us_engine_blocks(e, sec, off, 1), 0);
        rc = us_engine_corrupt(e, err);
    }
    unspun_refset_free(rs);
    unspun_worker_free(w);
    unspun_engine_free(e);
    return rc;
}

static void loads_the_built_data(void **state)
{
    (void)state;
    unspun_engine *e = test_engine(NULL);
    const char *v = unspun_engine_data_version(e);
    assert_non_null(v);
    assert_int_equal(strlen(v), 16);
    unspun_engine_free(e);
}

static void missing_file_is_io_error_with_errno(void **state)
{
    (void)state;
    unspun_error err;
    assert_int_equal(load("/nonexistent/unspun.dat", NULL, &err), UNSPUN_E_IO);
    assert_int_equal(err.code, UNSPUN_E_IO);
    assert_int_not_equal(err.sys_errno, 0);
}

static void missing_dictionary_is_dict_error(void **state)
{
    (void)state;
    unspun_error err;
    assert_int_equal(load(UNSPUN_TEST_DATA, "/nonexistent", &err),
                     UNSPUN_E_DICT);
}

static void corrupt_files_are_data_errors(void **state)
{
    (void)state;
    size_t len = 0;
    char *good = read_all(UNSPUN_TEST_DATA, &len);
    assert_non_null(good);
    if (len <= sizeof(us_data_header))
        fail_msg("data file too short: %zu bytes", len);
    unspun_error err;
    /* empty, truncated header, truncated body */
    assert_int_equal(load(write_tmp("empty", "", 0), NULL, &err),
                     UNSPUN_E_DATA);
    assert_string_equal(err.message, "data file: empty");
    assert_int_equal(err.sys_errno, 0); /* none: fstat succeeded */
    assert_int_equal(load(tmpdir, NULL, &err), UNSPUN_E_DATA);
    assert_string_equal(err.message, "data file: is a directory");
    assert_int_equal(err.sys_errno, 0);
    assert_int_equal(load(write_tmp("short", good, 100), NULL, &err),
                     UNSPUN_E_DATA);
    assert_int_equal(load(write_tmp("trunc", good, len / 2), NULL, &err),
                     UNSPUN_E_DATA);
    /* wrong magic, wrong format version */
    char *bad = malloc(len);
    assert_non_null(bad);
    memcpy(bad, good, len);
    bad[0] = 'X';
    assert_int_equal(load(write_tmp("magic", bad, len), NULL, &err),
                     UNSPUN_E_DATA);
    memcpy(bad, good, len);
    bad[8] ^= 0x7f; /* format */
    assert_int_equal(load(write_tmp("format", bad, len), NULL, &err),
                     UNSPUN_E_DATA);
    /* a section offset beyond the file, checksums recomputed */
    us_data_header h;
    memcpy(&h, good, sizeof h);
    memcpy(bad, good, len);
    {
        us_data_header hb = h;
        hb.sec[US_SEC_WORDS].off = (uint64_t)len * 4;
        hb.header_hash = 0;
        hb.header_hash = XXH3_64bits(&hb, sizeof hb);
        memcpy(bad, &hb, sizeof hb);
    }
    assert_int_equal(load(write_tmp("offset", bad, len), NULL, &err),
                     UNSPUN_E_DATA);
    assert_non_null(strstr(err.message, "'words' lies outside"));
    /* one flipped byte in each section: refused, naming the section, by
     * the loader or, for the sections checked on first use, before that
     * use (a reference pool's seal, a lookup in a blocked section) */
    for (int k = 0; k < US_NSEC; k++) {
        if (!h.sec[k].size)
            continue;
        memcpy(bad, good, len);
        bad[h.sec[k].off + h.sec[k].size / 2] ^= 0x5a;
        assert_int_equal(load_and_use(write_tmp("flip", bad, len), k,
                                      h.sec[k].size / 2, &err),
                         UNSPUN_E_DATA);
        char want[96];
        snprintf(want, sizeof want, "'%.16s' fails its checksum",
                 us_section_names[k]);
        if (!strstr(err.message, want))
            fail_msg("section %s: %s", us_section_names[k], err.message);
    }
    /* the header's own checksum */
    memcpy(bad, good, len);
    bad[offsetof(us_data_header, total)] ^= 1;
    assert_int_equal(load(write_tmp("header", bad, len), NULL, &err),
                     UNSPUN_E_DATA);
    assert_non_null(strstr(err.message, "header fails its checksum"));
    /* a stem's fingerprints out of order (the detector binary-searches
     * them by second stem): swap the first and last of a group whose
     * second stems differ; with the checksums recomputed, the structural
     * check must still catch it, where the stem's records are first read
     * (the file loads: records are checked as used) */
    memcpy(bad, good, len);
    uint32_t swapped_stem = US_NONE;
    const uint64_t off_stems = h.sec[US_SEC_STEMS].off,
                   off_fps = h.sec[US_SEC_FPS].off,
                   off_fp_seq = h.sec[US_SEC_FP_SEQ].off;
    int swapped = 0;
    for (uint32_t i = 0; i < h.n_stems && !swapped; i++) {
        us_stem_rec sr;
        memcpy(&sr, good + off_stems + i * sizeof sr, sizeof sr);
        if (sr.nfp < 2)
            continue;
        char *first = bad + off_fps + sr.fp * sizeof(us_fp_rec);
        char *last = first + (sr.nfp - 1) * sizeof(us_fp_rec);
        us_fp_rec a, b;
        memcpy(&a, first, sizeof a);
        memcpy(&b, last, sizeof b);
        uint32_t sa, sb;
        if (a.len < 2 || b.len < 2)
            continue;
        memcpy(&sa, good + off_fp_seq + (a.seq + 1) * 4, 4);
        memcpy(&sb, good + off_fp_seq + (b.seq + 1) * 4, 4);
        if (sa == sb)
            continue;
        memcpy(first, &b, sizeof b);
        memcpy(last, &a, sizeof a);
        swapped = 1;
        swapped_stem = i;
    }
    assert_true(swapped);
    reseal(bad);
    {
        unspun_engine_options oo = {write_tmp("order", bad, len), NULL, NULL};
        unspun_engine *oe = NULL;
        assert_int_equal(unspun_engine_new(&oo, &oe, &err), UNSPUN_OK);
        uint32_t f0 = 1, f1 = 1;
        us_engine_fp_range(oe, swapped_stem, &f0, &f1);
        assert_int_equal(f0, f1); /* no records read from it */
        assert_int_equal(us_engine_corrupt(oe, &err), UNSPUN_E_DATA);
        assert_non_null(strstr(err.message, "'fps' has a bad record"));
        unspun_engine_free(oe);
    }
    /* a word record pointing past the model, checksums recomputed: word
     * records are checked where they are read, so the file loads and the
     * first document to read the word fails, naming the section */
    unspun_engine *ge = test_engine(NULL);
    uint32_t road = us_engine_word(ge, "road", 4);
    assert_int_not_equal(road, US_NONE);
    unspun_engine_free(ge);
    memcpy(bad, good, len);
    us_word_rec wr;
    char *at = bad + h.sec[US_SEC_WORDS].off + (uint64_t)road * sizeof wr;
    memcpy(&wr, at, sizeof wr);
    wr.lm = h.n_lm + 5;
    memcpy(at, &wr, sizeof wr);
    reseal(bad);
    unspun_engine_options o = {write_tmp("word", bad, len), NULL, NULL};
    unspun_engine *e = NULL;
    assert_int_equal(unspun_engine_new(&o, &e, &err), UNSPUN_OK);
    unspun_worker *w = NULL;
    assert_int_equal(unspun_worker_new(e, &w, &err), UNSPUN_OK);
    unspun_score_options so = {0};
    unspun_result *r = NULL;
    static const char clear[] = "The council said the new bridge was clear.",
                      doc[] = "The council said the new road was clear.";
    assert_int_equal(unspun_score(w, clear, sizeof clear - 1, &so, &r, &err),
                     UNSPUN_OK);
    unspun_result_free(r);
    r = NULL;
    assert_int_equal(unspun_score(w, doc, sizeof doc - 1, &so, &r, &err),
                     UNSPUN_E_DATA);
    assert_null(r);
    assert_non_null(strstr(err.message, "'words' has a bad record"));
    unspun_worker_free(w);
    unspun_engine_free(e);
    free(bad);
    free(good);
}

/* An unknown word's spelling suggestion: the most common known word one
 * edit away, worked out once per word type. */
static void unknown_words_get_spelling_suggestions(void **state)
{
    (void)state;
    unspun_engine *e = test_engine(NULL);
    unspun_worker *w = NULL;
    assert_int_equal(unspun_worker_new(e, &w, NULL), UNSPUN_OK);
    /* misspellings the training text does not have */
    const char *text = "They will beleive the houzes.";
    assert_int_equal(us_tokenize(&w->toks, text, strlen(text), NULL),
                     UNSPUN_OK);
    assert_int_equal(us_lex_assign(&w->lex, &w->toks, NULL), UNSPUN_OK);
    const char *want[] = {"believe", "houses"};
    for (size_t k = 0; k < 2; k++) {
        uint32_t id = w->toks.tok[2 + k * 2].id;
        assert_true(id >= e->hd->n_words); /* not in the vocabulary */
        uint32_t s = us_lex_suggest(&w->lex, id);
        assert_int_not_equal(s, US_NONE);
        assert_string_equal(us_engine_str(e, e->words[s].str), want[k]);
        assert_int_equal(us_lex_suggest(&w->lex, id), s); /* cached */
    }
    /* a vocabulary word has none */
    assert_int_equal(us_lex_suggest(&w->lex, w->toks.tok[0].id), US_NONE);
    unspun_worker_free(w);
    unspun_engine_free(e);
}

/* An unknown word's flags belong to its type: the same whichever spelling
 * ("JSON", "json", "Json") a worker met first (issue 12). */
static uint16_t flags_of(unspun_worker *w, const char *text, size_t tok)
{
    assert_int_equal(us_tokenize(&w->toks, text, strlen(text), NULL),
                     UNSPUN_OK);
    assert_int_equal(us_lex_assign(&w->lex, &w->toks, NULL), UNSPUN_OK);
    assert_true(tok < w->toks.n);
    return us_lex_flags(&w->lex, w->toks.tok[tok].id);
}

static void unknown_word_flags_do_not_depend_on_the_first_spelling(void **state)
{
    (void)state;
    unspun_engine *e = test_engine(NULL);
    static const char *const forms[][3] = {
        {"JSON", "json", "Json"},
        {"NASA", "nasa", "Nasa"},
        {"Ayer", "ayer", "AYER"},
        {"McDonald", "mcdonald", "MCDONALD"}};
    for (size_t f = 0; f < sizeof forms / sizeof *forms; f++) {
        uint16_t first = 0;
        for (size_t k = 0; k < 3; k++) {
            unspun_worker *w = NULL;
            assert_int_equal(unspun_worker_new(e, &w, NULL), UNSPUN_OK);
            flags_of(w, forms[f][k], 0); /* this spelling first */
            uint16_t got = flags_of(w, forms[f][(k + 1) % 3], 0);
            if (k == 0)
                first = got;
            else
                assert_int_equal(got, first);
            unspun_worker_free(w);
        }
    }
    /* The case: a document's record with a fresh worker and after
     * a one-word document. */
    size_t len = 0;
    char *doc = read_all(UNSPUN_TEST_FIXTURES "/ref/README.md", &len);
    assert_non_null(doc);
    char *json[2];
    for (int k = 0; k < 2; k++) {
        unspun_worker *w = NULL;
        assert_int_equal(unspun_worker_new(e, &w, NULL), UNSPUN_OK);
        unspun_score_options o = {.flags = UNSPUN_OPT_ANY_LANGUAGE};
        unspun_result *r = NULL;
        if (k) {
            assert_int_equal(unspun_score(w, "JSON\n", 5, &o, &r, NULL),
                             UNSPUN_OK);
            unspun_result_free(r);
        }
        assert_int_equal(unspun_score(w, doc, len, &o, &r, NULL), UNSPUN_OK);
        size_t jl;
        assert_int_equal(unspun_render_json(r, "README.md", &json[k], &jl),
                         UNSPUN_OK);
        unspun_result_free(r);
        unspun_worker_free(w);
    }
    assert_string_equal(json[0], json[1]);
    unspun_free(json[0]);
    unspun_free(json[1]);
    free(doc);
    unspun_engine_free(e);
}

static void null_arguments(void **state)
{
    (void)state;
    unspun_error err;
    assert_int_equal(unspun_engine_new(NULL, NULL, &err), UNSPUN_E_ARG);
    unspun_worker *w;
    assert_int_equal(unspun_worker_new(NULL, &w, &err), UNSPUN_E_ARG);
    unspun_engine_free(NULL);
    unspun_worker_free(NULL);
    unspun_result_free(NULL);
    unspun_free(NULL);
    assert_string_equal(unspun_strerror((unspun_status)999), "unknown error");
}

/* No accessor reports a missing result (NULL) as a clean document: no
 * score, no verdict, nothing counted (unspun.h). */
static void a_null_result_is_not_clean(void **state)
{
    (void)state;
    assert_true(isnan(unspun_result_score(NULL)));
    assert_false(unspun_result_score(NULL) <= UNSPUN_DEFAULT_SUSPECT_AT);
    assert_int_equal(unspun_result_verdict(NULL), UNSPUN_VERDICT_NONE);
    assert_true(unspun_result_verdict(NULL) != UNSPUN_VERDICT_CLEAN);
    assert_null(unspun_verdict_name(UNSPUN_VERDICT_NONE));
    assert_int_equal(unspun_result_words(NULL), 0);
    assert_int_equal(unspun_result_count(NULL), 0);
    assert_null(unspun_result_artifact(NULL, 0));
    size_t n = 99;
    assert_null(unspun_result_story(NULL, &n));
    assert_int_equal(n, 0);
    assert_null(unspun_result_story(NULL, NULL));
    assert_int_equal(unspun_result_ref_count(NULL), 0);
    assert_null(unspun_result_ref(NULL, 0));
    assert_null(unspun_engine_data_version(NULL));
    assert_int_equal(unspun_refset_count(NULL), 0);
    assert_null(unspun_refset_name(NULL, 0));
    char *out = NULL;
    size_t len = 0;
    assert_int_equal(unspun_render_json(NULL, "f", &out, &len), UNSPUN_E_ARG);
    assert_int_equal(unspun_render_csv(NULL, "f", &out, &len), UNSPUN_E_ARG);
    assert_null(out);
}

static void engine_and_worker_survive_allocation_failures(void **state)
{
    (void)state;
    for (long n = 1;; n++) {
        test_alc t = {n, 0, 0};
        unspun_allocator a = test_allocator(&t);
        unspun_engine_options o = {UNSPUN_TEST_DATA, UNSPUN_TEST_DICT_DIR, &a};
        unspun_engine *e = NULL;
        unspun_error err;
        unspun_status rc = unspun_engine_new(&o, &e, &err);
        unspun_worker *w = NULL;
        if (rc == UNSPUN_OK) {
            rc = unspun_worker_new(e, &w, &err);
            unspun_worker_free(w);
            unspun_engine_free(e);
        }
        if (oom_step_done(&t, rc, n, 100))
            break;
    }
}

static int setup(void **state)
{
    (void)state;
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    /* every name write_tmp is given */
    const char *names[] = {"empty",  "short", "trunc",  "magic", "format",
                           "offset", "flip",  "header", "order", "word"};
    char path[512];
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        snprintf(path, sizeof path, "%s/%s", tmpdir, names[i]);
        unlink(path);
    }
    return rmdir(tmpdir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(loads_the_built_data),
        cmocka_unit_test(missing_file_is_io_error_with_errno),
        cmocka_unit_test(missing_dictionary_is_dict_error),
        cmocka_unit_test(corrupt_files_are_data_errors),
        cmocka_unit_test(unknown_words_get_spelling_suggestions),
        cmocka_unit_test(
            unknown_word_flags_do_not_depend_on_the_first_spelling),
        cmocka_unit_test(null_arguments),
        cmocka_unit_test(a_null_result_is_not_clean),
        cmocka_unit_test(engine_and_worker_survive_allocation_failures),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
