/* test_fixtures.c - every fixtures/NNN_slug.txt scored through the library
 * API renders to exactly the bytes of its .expected.json, which the golden
 * tests compare with the CLI's output: the library and the program give
 * identical JSON (as cmark runs its spec through both). */
#define _POSIX_C_SOURCE 200809L
#include "test_util.h"

#include <dirent.h>

static int is_fixture(const char *name)
{
    size_t n = strlen(name);
    return n > 8 && name[0] >= '0' && name[0] <= '9' &&
           !strcmp(name + n - 4, ".txt");
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The API's JSON for one fixture, named as the CLI names it (it runs in
 * the fixtures directory, so the name is the file name). */
static char *api_json(const char *name, size_t *len)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", UNSPUN_TEST_FIXTURES, name);
    size_t n = 0;
    char *text = read_all(path, &n);
    assert_non_null(text);
    unspun_result *r = NULL;
    unspun_error err;
    char *out = NULL;
    if (unspun_score(wk, text, n, NULL, &r, &err) == UNSPUN_OK)
        assert_int_equal(unspun_render_json(r, name, &out, len), UNSPUN_OK);
    else
        assert_int_equal(unspun_render_error_json(name, &err, &out, len),
                         UNSPUN_OK);
    unspun_result_free(r);
    free(text);
    return out;
}

static void api_matches_the_cli_goldens(void **state)
{
    (void)state;
    DIR *d = opendir(UNSPUN_TEST_FIXTURES);
    assert_non_null(d);
    char *names[512];
    size_t count = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (is_fixture(e->d_name)) {
            assert_true(count < sizeof names / sizeof *names);
            names[count] = strdup(e->d_name);
            assert_non_null(names[count]);
            count++;
        }
    closedir(d);
    qsort(names, count, sizeof *names, by_name);
    assert_true(count >= 5);
    size_t mismatches = 0;
    for (size_t i = 0; i < count; i++) {
        char golden[1024];
        snprintf(golden, sizeof golden, "%s/%.*s.expected.json",
                 UNSPUN_TEST_FIXTURES, (int)(strlen(names[i]) - 4), names[i]);
        size_t want_len = 0, got_len = 0;
        char *want = read_all(golden, &want_len);
        if (!want) {
            print_error("%s: missing (UNSPUN_UPDATE_GOLDEN=1 ctest -R "
                        "golden writes it)\n",
                        golden);
            mismatches++;
            free(names[i]);
            continue;
        }
        char *got = api_json(names[i], &got_len);
        if (got_len != want_len || memcmp(got, want, got_len) != 0) {
            print_error("%s: the API's JSON differs from the golden file\n"
                        "  api:    %s",
                        names[i], got);
            mismatches++;
        }
        unspun_free(got);
        free(want);
        free(names[i]);
    }
    assert_int_equal(mismatches, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(api_matches_the_cli_goldens),
    };
    return cmocka_run_group_tests(tests, test_setup, test_teardown);
}
