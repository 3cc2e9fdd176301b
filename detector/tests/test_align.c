/* test_align.c - the anchor-and-chain aligner on synthetic key sequences:
 * identity, substitutions, insertions, omissions, reordered paragraphs,
 * several references, partial coverage, repeated text, and the sort. */
#include "test_util.h"

#include "align.h"
#include "alloc.h"

#define SENT 10 /* words per synthetic sentence */

typedef struct seq {
    uint64_t key[4096];
    unsigned char weight[4096];
    unsigned char brk[4096];
    size_t n;
} seq;

/* A deterministic "text": word j of sentence s of stream `stream`. Keys
 * are distinct across streams, so nothing aligns by accident. */
static uint64_t word(unsigned stream, size_t j)
{
    uint64_t x = ((uint64_t)stream << 32 | j) * 0x9E3779B97F4A7C15ull;
    return (x ^ (x >> 29)) | 1;
}

static void add(seq *s, uint64_t k)
{
    s->brk[s->n] = s->n % SENT == 0;
    s->weight[s->n] = 2;
    s->key[s->n++] = k;
}

/* words [from, to) of a stream */
static void add_run(seq *s, unsigned stream, size_t from, size_t to)
{
    for (size_t j = from; j < to; j++)
        add(s, word(stream, j));
}

static us_aseq view(const seq *s)
{
    us_aseq a = {s->key, s->weight, s->brk, s->n};
    return a;
}

static size_t matched(const us_alignment *al)
{
    size_t m = 0;
    for (size_t i = 0; i < al->n; i++)
        m += al->match[i] != US_ALIGN_NONE;
    return m;
}

static seq A, B, C;

static void reset(void)
{
    memset(&A, 0, sizeof A);
    memset(&B, 0, sizeof B);
    memset(&C, 0, sizeof C);
}

static void identical_texts_align_word_for_word(void **state)
{
    (void)state;
    reset();
    add_run(&A, 1, 0, 200);
    add_run(&B, 1, 0, 200);
    us_alignment al;
    us_alignment_init(&al, &us_default_allocator);
    us_aseq a = view(&A), b = view(&B);
    assert_int_equal(us_align(&al, &a, &b, 1), 0);
    for (size_t i = 0; i < A.n; i++) {
        assert_int_equal(al.match[i], i);
        assert_int_not_equal(al.owner[i], US_ALIGN_NONE);
    }
    us_alignment_free(&al);
}

static void substituted_words_stay_unmatched_between_anchors(void **state)
{
    (void)state;
    reset();
    add_run(&B, 1, 0, 300);
    add_run(&A, 1, 0, 300);
    size_t changed = 0;
    for (size_t i = 5; i < 300; i += 7, changed++)
        A.key[i] = word(9, i); /* a "synonym": another key */
    us_alignment al;
    us_alignment_init(&al, &us_default_allocator);
    us_aseq a = view(&A), b = view(&B);
    assert_int_equal(us_align(&al, &a, &b, 1), 0);
    for (size_t i = 0; i < A.n; i++) {
        if (A.key[i] == B.key[i])
            assert_int_equal(al.match[i], i);
        else
            assert_int_equal(al.match[i], US_ALIGN_NONE);
        assert_int_not_equal(al.owner[i], US_ALIGN_NONE);
    }
    assert_int_equal(matched(&al), 300 - changed);
    us_alignment_free(&al);
}

static void inserted_and_omitted_sentences_are_skipped(void **state)
{
    (void)state;
    reset();
    /* ref: sentences 0..19; doc: 0..4, an unknown sentence, 5..9, then
     * 12..19 (10 and 11 omitted) */
    add_run(&B, 1, 0, 200);
    add_run(&A, 1, 0, 50);
    add_run(&A, 2, 0, 10);
    add_run(&A, 1, 50, 100);
    add_run(&A, 1, 120, 200);
    us_alignment al;
    us_alignment_init(&al, &us_default_allocator);
    us_aseq a = view(&A), b = view(&B);
    assert_int_equal(us_align(&al, &a, &b, 1), 0);
    for (size_t i = 0; i < 50; i++)
        assert_int_equal(al.match[i], i);
    for (size_t i = 50; i < 60; i++)
        assert_int_equal(al.match[i], US_ALIGN_NONE);
    for (size_t i = 60; i < 110; i++)
        assert_int_equal(al.match[i], i - 10);
    for (size_t i = 110; i < A.n; i++)
        assert_int_equal(al.match[i], i + 10);
    us_alignment_free(&al);
}

static void reordered_paragraphs_each_find_their_place(void **state)
{
    (void)state;
    reset();
    add_run(&B, 1, 0, 300);
    add_run(&A, 1, 200, 300); /* last paragraph first */
    add_run(&A, 1, 0, 100);
    add_run(&A, 1, 100, 200);
    us_alignment al;
    us_alignment_init(&al, &us_default_allocator);
    us_aseq a = view(&A), b = view(&B);
    assert_int_equal(us_align(&al, &a, &b, 1), 0);
    for (size_t i = 0; i < 100; i++)
        assert_int_equal(al.match[i], 200 + i);
    for (size_t i = 100; i < 300; i++)
        assert_int_equal(al.match[i], i - 100);
    assert_true(al.nblocks >= 2);
    us_alignment_free(&al);
}

static void two_references_share_the_document(void **state)
{
    (void)state;
    reset();
    add_run(&B, 1, 0, 100);
    add_run(&C, 3, 0, 100);
    add_run(&A, 1, 0, 100);
    add_run(&A, 3, 0, 100);
    us_alignment al;
    us_alignment_init(&al, &us_default_allocator);
    us_aseq a = view(&A), r[2] = {view(&B), view(&C)};
    assert_int_equal(us_align(&al, &a, r, 2), 0);
    for (size_t i = 0; i < 200; i++) {
        assert_int_not_equal(al.owner[i], US_ALIGN_NONE);
        assert_int_equal(al.blocks[al.owner[i]].ref, i < 100 ? 0 : 1);
        assert_int_equal(al.match[i], i % 100);
    }
    us_alignment_free(&al);
}

static void a_partial_reference_leaves_the_rest_unowned(void **state)
{
    (void)state;
    reset();
    add_run(&B, 1, 0, 80);
    add_run(&A, 1, 0, 80);
    add_run(&A, 4, 0, 120);
    us_alignment al;
    us_alignment_init(&al, &us_default_allocator);
    us_aseq a = view(&A), b = view(&B);
    assert_int_equal(us_align(&al, &a, &b, 1), 0);
    for (size_t i = 0; i < 80; i++)
        assert_int_equal(al.match[i], i);
    for (size_t i = 80; i < 200; i++) {
        assert_int_equal(al.match[i], US_ALIGN_NONE);
        assert_int_equal(al.owner[i], US_ALIGN_NONE);
    }
    us_alignment_free(&al);
}

static void unrelated_texts_do_not_align(void **state)
{
    (void)state;
    reset();
    add_run(&A, 1, 0, 300);
    add_run(&B, 2, 0, 300);
    us_alignment al;
    us_alignment_init(&al, &us_default_allocator);
    us_aseq a = view(&A), b = view(&B);
    assert_int_equal(us_align(&al, &a, &b, 1), 0);
    assert_int_equal(matched(&al), 0);
    assert_int_equal(al.nblocks, 0);
    us_alignment_free(&al);
}

static void a_repeated_paragraph_still_aligns(void **state)
{
    (void)state;
    reset();
    add_run(&B, 1, 0, 100);
    add_run(&B, 1, 0, 100);
    add_run(&B, 1, 100, 150);
    add_run(&A, 1, 0, 100);
    add_run(&A, 1, 0, 100);
    add_run(&A, 1, 100, 150);
    us_alignment al;
    us_alignment_init(&al, &us_default_allocator);
    us_aseq a = view(&A), b = view(&B);
    assert_int_equal(us_align(&al, &a, &b, 1), 0);
    assert_int_equal(matched(&al), A.n);
    for (size_t i = 0; i < A.n; i++)
        assert_int_equal(B.key[al.match[i]], A.key[i]);
    us_alignment_free(&al);
}

static void empty_and_tiny_inputs_are_fine(void **state)
{
    (void)state;
    reset();
    us_alignment al;
    us_alignment_init(&al, &us_default_allocator);
    us_aseq a = view(&A), b = view(&B);
    assert_int_equal(us_align(&al, &a, &b, 1), 0);
    assert_int_equal(al.nblocks, 0);
    add(&A, 7);
    a = view(&A);
    assert_int_equal(us_align(&al, &a, &b, 0), 0);
    assert_int_equal(al.owner[0], US_ALIGN_NONE);
    us_alignment_free(&al);
}

static void out_of_memory_is_reported_without_leaks(void **state)
{
    (void)state;
    reset();
    add_run(&B, 1, 0, 300);
    add_run(&A, 1, 0, 300);
    for (size_t i = 3; i < 300; i += 5)
        A.key[i] = word(9, i);
    us_aseq a = view(&A), b = view(&B);
    for (long n = 1;; n++) {
        test_alc t = {n, 0, 0};
        unspun_allocator alc = test_allocator(&t);
        us_alignment al;
        us_alignment_init(&al, &alc);
        int rc = us_align(&al, &a, &b, 1);
        us_alignment_free(&al);
        assert_int_equal(t.live, 0);
        if (rc == 0)
            break;
        assert_int_equal(rc, -1);
        assert_true(n < 10000);
    }
}

static void radix_sort_is_stable_and_ordered(void **state)
{
    (void)state;
    struct rec {
        uint64_t k;
        uint32_t seq;
    } r[1000];
    uint64_t x = 12345;
    for (uint32_t i = 0; i < 1000; i++) {
        x = x * 6364136223846793005ull + 1442695040888963407ull;
        r[i].k = (x >> 33) % 50; /* many equal keys */
        r[i].seq = i;
    }
    assert_int_equal(
        us_radix_sort(&us_default_allocator, r, 1000, sizeof *r, 0, 8), 0);
    for (size_t i = 1; i < 1000; i++) {
        assert_true(r[i - 1].k <= r[i].k);
        if (r[i - 1].k == r[i].k)
            assert_true(r[i - 1].seq < r[i].seq);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(identical_texts_align_word_for_word),
        cmocka_unit_test(substituted_words_stay_unmatched_between_anchors),
        cmocka_unit_test(inserted_and_omitted_sentences_are_skipped),
        cmocka_unit_test(reordered_paragraphs_each_find_their_place),
        cmocka_unit_test(two_references_share_the_document),
        cmocka_unit_test(a_partial_reference_leaves_the_rest_unowned),
        cmocka_unit_test(unrelated_texts_do_not_align),
        cmocka_unit_test(a_repeated_paragraph_still_aligns),
        cmocka_unit_test(empty_and_tiny_inputs_are_fine),
        cmocka_unit_test(out_of_memory_is_reported_without_leaks),
        cmocka_unit_test(radix_sort_is_stable_and_ordered),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
