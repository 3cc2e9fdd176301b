/* test_ref.c - reference mode through the public API and the classifier:
 * one case per kind of difference, the invariants (a text against itself,
 * against a copy changed only by inflection, spelling and typography),
 * reference selection, JSON, errors and an out-of-memory sweep. */
#include "test_util.h"

#include "detect_ref.h"
#include "worker.h"

/* A neutral base text (written for this test). Each case changes one
 * sentence of it; the rest anchors the alignment. */
static const char BASE[] =
    "The city council voted on Tuesday to close the old bridge over the "
    "river for repairs, after engineers found deep cracks in two of its "
    "supports. The bridge, which was built in 1932, carries about 14,000 "
    "cars a day.\n\n"
    "Officials were said to be worried about the situation since a report "
    "in March warned that the supports were getting weaker. The mayor "
    "asked drivers to be patient while the red crane works.\n\n"
    "The repairs will cost about $3 million and should take eight months. "
    "During that time, buses will use a temporary road near the railway "
    "station, and a free ferry will run every twenty minutes. Local shop "
    "owners bought extra stock before the closure, but most residents "
    "welcomed the decision.\n";

static char *replace_in(const char *text, const char *from, const char *to)
{
    const char *p = strstr(text, from);
    assert_non_null(p);
    size_t n = strlen(text) - strlen(from) + strlen(to);
    char *s = malloc(n + 1);
    assert_non_null(s);
    size_t pre = (size_t)(p - text);
    memcpy(s, text, pre);
    strcpy(s + pre, to);
    strcat(s, p + strlen(from));
    return s;
}

static char *replace(const char *from, const char *to)
{
    return replace_in(BASE, from, to);
}

static unspun_refset *refset_of(const char *const *texts, size_t n)
{
    unspun_refset *rs = NULL;
    unspun_error err;
    assert_int_equal(unspun_refset_new(eng, NULL, &rs, &err), UNSPUN_OK);
    for (size_t i = 0; i < n; i++) {
        char name[32];
        snprintf(name, sizeof name, "ref%zu", i);
        assert_int_equal(
            unspun_refset_add(rs, wk, name, texts[i], strlen(texts[i]), &err),
            UNSPUN_OK);
    }
    assert_int_equal(unspun_refset_seal(rs, wk, &err), UNSPUN_OK);
    return rs;
}

/* doc scored against rs with UNSPUN_REF_* flags. */
static unspun_result *score_flags(const unspun_refset *rs, const char *doc,
                                  uint32_t flags)
{
    unspun_ref_options ro = {rs, 0, 0, flags};
    unspun_result *r = NULL;
    unspun_error err;
    assert_int_equal(
        unspun_score_refs(wk, doc, strlen(doc), NULL, &ro, &r, &err),
        UNSPUN_OK);
    return r;
}

static unspun_result *score_with(const unspun_refset *rs, const char *doc)
{
    return score_flags(rs, doc, 0);
}

/* The classifier's word counts for doc against BASE. */
static void diff_counts(const char *doc, size_t counts[US_DIFF_COUNT])
{
    const char *refs[] = {BASE};
    unspun_refset *rs = refset_of(refs, 1);
    unspun_error err;
    assert_int_equal(us_tokenize(&wk->toks, doc, strlen(doc), &err), UNSPUN_OK);
    assert_int_equal(us_lex_assign(&wk->lex, &wk->toks, &err), UNSPUN_OK);
    us_refrun rr;
    us_refrun_init(&rr, wk->alc);
    unspun_ref_options ro = {rs, 0, 0, 0};
    assert_int_equal(us_detect_ref(wk, doc, &ro, &rr, &err), UNSPUN_OK);
    memcpy(counts, rr.diff_words, sizeof rr.diff_words);
    us_refrun_free(&rr);
    unspun_refset_free(rs);
}

/* The one artifact whose text is `text`, or NULL. */
static const unspun_artifact *find(const unspun_result *r, const char *text)
{
    for (size_t i = 0; i < unspun_result_count(r); i++)
        if (!strcmp(unspun_result_artifact(r, i)->text, text))
            return unspun_result_artifact(r, i);
    return NULL;
}

/* The artifact on `text` in r (it must be there: doc made by from -> to,
 * when given), of its kind, with its suggestion, taken from a reference. */
static const unspun_artifact *ref_art(const unspun_result *r, const char *text,
                                      unspun_kind kind, const char *sugg,
                                      const char *from, const char *to)
{
    const unspun_artifact *a = find(r, text);
    if (!a && from)
        fail_msg("no artifact '%s' for '%s' -> '%s'", text, from, to);
    if (!a)
        fail_msg("no artifact '%s'", text);
    assert_int_equal(a->kind, kind);
    assert_non_null(a->suggestion);
    assert_string_equal(a->suggestion, sugg);
    assert_non_null(a->ref);
    return a;
}

/* One swap: the artifact, its kind, its suggestion and where the
 * suggestion is in the reference. */
static void expect_swap(const char *from, const char *to, unspun_kind kind,
                        const char *art_text, const char *sugg)
{
    char *doc = replace(from, to);
    const char *refs[] = {BASE};
    unspun_refset *rs = refset_of(refs, 1);
    unspun_result *r = score_with(rs, doc);
    const unspun_artifact *a = ref_art(r, art_text, kind, sugg, from, to);
    assert_string_equal(a->ref->name, "ref0");
    assert_int_equal(a->ref_end - a->ref_start, strlen(sugg));
    assert_memory_equal(BASE + a->ref_start, sugg, strlen(sugg));
    assert_true(unspun_result_score(r) > 0);
    unspun_result_free(r);
    unspun_refset_free(rs);
    free(doc);
}

/* ---- each kind of difference ---- */

static void identical_text_scores_zero_with_full_coverage(void **state)
{
    (void)state;
    const char *refs[] = {BASE};
    unspun_refset *rs = refset_of(refs, 1);
    unspun_result *r = score_with(rs, BASE);
    assert_true(unspun_result_score(r) == 0.0);
    assert_int_equal(unspun_result_count(r), 0);
    assert_int_equal(unspun_result_ref_count(r), 1);
    assert_true(unspun_result_ref(r, 0)->coverage > 0.999);
    assert_string_equal(unspun_result_ref(r, 0)->name, "ref0");
    unspun_result_free(r);
    unspun_refset_free(rs);
    size_t c[US_DIFF_COUNT];
    diff_counts(BASE, c);
    assert_int_equal(c[US_DIFF_SYNONYM] + c[US_DIFF_FUNCTION] +
                         c[US_DIFF_UNRELATED] + c[US_DIFF_INSERTION] +
                         c[US_DIFF_DELETION],
                     0);
    assert_true(c[US_DIFF_IDENTICAL] > 100);
}

static void inflection_is_no_damage(void **state)
{
    (void)state;
    char *doc =
        replace("carries about 14,000 cars", "carried about 14,000 cars");
    size_t c[US_DIFF_COUNT];
    diff_counts(doc, c);
    assert_true(c[US_DIFF_INFLECTION] >= 1);
    assert_int_equal(c[US_DIFF_SYNONYM] + c[US_DIFF_FUNCTION], 0);
    free(doc);
}

static void irregular_inflection_is_no_damage(void **state)
{
    (void)state;
    char *doc = replace("owners bought extra", "owners buy extra");
    size_t c[US_DIFF_COUNT];
    diff_counts(doc, c);
    assert_true(c[US_DIFF_INFLECTION] >= 1);
    assert_int_equal(c[US_DIFF_SYNONYM] + c[US_DIFF_FUNCTION], 0);
    free(doc);
}

static void spelling_variant_is_no_damage(void **state)
{
    (void)state;
    char *doc = replace("the old bridge over the river for repairs",
                        "the old bridge over the river for repairs, "
                        "apologising");
    free(doc);
    /* a US/UK pair in place of a word of the base */
    doc = replace("asked drivers", "apologised to drivers");
    free(doc);
    const char *refs[] = {"The mayor apologized to drivers on Monday for the "
                          "color of the signs near the center of the town, "
                          "which many residents had criticized."};
    const char *doc2 = "The mayor apologised to drivers on Monday for the "
                       "colour of the signs near the centre of the town, "
                       "which many residents had criticised.";
    unspun_refset *rs = refset_of(refs, 1);
    unspun_error err;
    assert_int_equal(us_tokenize(&wk->toks, doc2, strlen(doc2), &err),
                     UNSPUN_OK);
    assert_int_equal(us_lex_assign(&wk->lex, &wk->toks, &err), UNSPUN_OK);
    us_refrun rr;
    us_refrun_init(&rr, wk->alc);
    unspun_ref_options ro = {rs, 0, 0, 0};
    assert_int_equal(us_detect_ref(wk, doc2, &ro, &rr, &err), UNSPUN_OK);
    assert_true(rr.diff_words[US_DIFF_SPELLING] >= 3);
    assert_int_equal(rr.narts, 0);
    us_refrun_free(&rr);
    unspun_result *r = score_with(rs, doc2);
    assert_int_equal(unspun_result_count(r), 0);
    unspun_result_free(r);
    unspun_refset_free(rs);
}

static void synonym_swap_is_damage_with_the_reference_wording(void **state)
{
    (void)state;
    expect_swap("deep cracks", "deep fissures", UNSPUN_KIND_SYNONYM, "fissures",
                "cracks");
    expect_swap("temporary road", "impermanent road", UNSPUN_KIND_SYNONYM,
                "impermanent", "temporary");
}

/* Swaps a reference shows count in the document's share of swapped words:
 * a swap in a sentence no reference has is likelier in a document whose
 * other sentences show swaps against the reference than in one whose
 * other sentences are the reference's words. */
static void swaps_a_reference_shows_raise_the_share(void **state)
{
    (void)state;
    static const char added[] = "The youngest child was five years previous "
                                "when the old bridge first closed.\n";
    char *plain = malloc(sizeof BASE + sizeof added);
    assert_non_null(plain);
    memcpy(plain, BASE, sizeof BASE - 1);
    memcpy(plain + sizeof BASE - 1, added, sizeof added);
    char *a = replace_in(plain, "The city council", "The metropolis council");
    char *b = replace_in(a, "deep cracks", "deep fissures");
    char *c = replace_in(b, "temporary road", "impermanent road");
    char *spun = replace_in(c, "14,000 cars", "14,000 automobiles");
    const char *refs[] = {BASE};
    unspun_refset *rs = refset_of(refs, 1);
    unspun_ref_options ro = {rs, 0, 0, 0};
    unspun_score_options so = {.min_confidence = 0.01};
    double conf[2] = {0, 0};
    const char *docs[2] = {plain, spun};
    for (int k = 0; k < 2; k++) {
        unspun_result *r = NULL;
        assert_int_equal(
            unspun_score_refs(wk, docs[k], strlen(docs[k]), &so, &ro, &r, NULL),
            UNSPUN_OK);
        const unspun_artifact *x = find(r, "previous");
        assert_non_null(x);
        assert_int_equal(x->kind, UNSPUN_KIND_SYNONYM);
        assert_null(x->ref);
        conf[k] = x->confidence;
        unspun_result_free(r);
    }
    /* 0.27 and 0.71 (0.50 when the swaps the reference shows counted
     * only by their own ratios) */
    assert_true(conf[1] > conf[0] + 0.3);
    unspun_refset_free(rs);
    free(plain);
    free(a);
    free(b);
    free(c);
    free(spun);
}

static void phrase_swap_is_one_artifact(void **state)
{
    (void)state;
    expect_swap("about the situation", "about the state of affairs",
                UNSPUN_KIND_SYNONYM, "state of affairs", "situation");
}

/* A phrase that keeps the word it stands for: the anchors match the word,
 * so the phrase's other words first look like an insertion. */
static void phrase_around_the_word_is_one_swap(void **state)
{
    (void)state;
    expect_swap("near the railway station", "near the railway line station",
                UNSPUN_KIND_SYNONYM, "railway line", "railway");
    expect_swap("the old bridge over", "the old bridge circuit over",
                UNSPUN_KIND_SYNONYM, "bridge circuit", "bridge");
}

static void inflected_swap_is_found_through_lemmas(void **state)
{
    (void)state;
    expect_swap("owners bought", "owners purchased", UNSPUN_KIND_SYNONYM,
                "purchased", "bought");
}

static void function_word_rewrite_is_damage(void **state)
{
    (void)state;
    expect_swap("Officials were said", "Officials have been said",
                UNSPUN_KIND_FUNCTION, "have been", "were");
}

/* Against the original any other wording is damage, listed or not: an
 * unrelated word is a rewrite with the original's word as suggestion.
 * Among siblings (UNSPUN_REF_PEERS) independent writers reword freely:
 * nothing. */
static void unrelated_rewrite_is_damage_only_against_the_original(void **state)
{
    (void)state;
    char *doc = replace("the red crane", "the yellow crane");
    size_t c[US_DIFF_COUNT];
    diff_counts(doc, c);
    assert_true(c[US_DIFF_UNRELATED] >= 1);
    assert_int_equal(c[US_DIFF_SYNONYM] + c[US_DIFF_FUNCTION], 0);
    const char *refs[] = {BASE};
    unspun_refset *rs = refset_of(refs, 1);
    unspun_result *r = score_with(rs, doc);
    const unspun_artifact *a =
        ref_art(r, "yellow", UNSPUN_KIND_REWRITE, "red", NULL, NULL);
    assert_true(a->confidence >= 0.7);
    unspun_result_free(r);
    r = score_flags(rs, doc, UNSPUN_REF_PEERS);
    a = find(r, "yellow");
    assert_true(a == NULL || a->ref == NULL);
    unspun_result_free(r);
    unspun_refset_free(rs);
    free(doc);
}

/* One artifact of doc against BASE (original), by its text: kind and
 * suggestion. */
static void expect_art(const char *from, const char *to, const char *text,
                       unspun_kind kind, const char *sugg)
{
    char *doc = replace(from, to);
    const char *refs[] = {BASE};
    unspun_refset *rs = refset_of(refs, 1);
    unspun_result *r = score_with(rs, doc);
    const unspun_artifact *a = ref_art(r, text, kind, sugg, from, to);
    assert_memory_equal(BASE + a->ref_start, sugg, strlen(sugg));
    unspun_result_free(r);
    unspun_refset_free(rs);
    free(doc);
}

/* Words only one side has are shown on the nearest words of both sides,
 * with the original's wording; next to a substitution they join it. */
static void insertions_and_deletions_are_shown_on_their_neighbours(void **state)
{
    (void)state;
    expect_art("cracks in two", "cracks in exactly two", "in exactly two",
               UNSPUN_KIND_REWRITE, "in two");
    expect_art("the old bridge over", "the bridge over", "the bridge",
               UNSPUN_KIND_REWRITE, "the old bridge");
    expect_art("which was built in", "which built in", "which built",
               UNSPUN_KIND_FUNCTION, "which was built");
}

/* The aligner matches Snowball stems; a derivation sharing one is other
 * wording, an inflection is not. */
static void derivation_is_damage_inflection_is_not(void **state)
{
    (void)state;
    expect_art("deep cracks", "deep crackings", "crackings",
               UNSPUN_KIND_REWRITE, "cracks");
    char *doc = replace("carries about", "carried about");
    size_t c[US_DIFF_COUNT];
    diff_counts(doc, c);
    assert_int_equal(c[US_DIFF_UNRELATED] + c[US_DIFF_SYNONYM], 0);
    free(doc);
}

/* "1932" / "nineteen thirty-two" is beyond it, but one number written
 * with digits or a word is a format, not damage. */
static void numbers_written_two_ways_are_no_damage(void **state)
{
    (void)state;
    char *doc =
        replace("found deep cracks in two of", "found deep cracks in 2 of");
    size_t c[US_DIFF_COUNT];
    diff_counts(doc, c);
    assert_true(c[US_DIFF_NUMBER] >= 1);
    assert_int_equal(c[US_DIFF_UNRELATED] + c[US_DIFF_SYNONYM] +
                         c[US_DIFF_INSERTION] + c[US_DIFF_DELETION],
                     0);
    const char *refs[] = {BASE};
    unspun_refset *rs = refset_of(refs, 1);
    unspun_result *r = score_with(rs, doc);
    assert_int_equal(unspun_result_count(r), 0);
    unspun_result_free(r);
    unspun_refset_free(rs);
    free(doc);
}

/* In a sentence mostly rewritten, synonyms can pair up by chance between
 * two texts by different writers: among siblings (UNSPUN_REF_PEERS) the
 * segment yields nothing. Against the original, a thesaurus swap in it is
 * still a swap (round-trip translation rewrites whole clauses). */
static void swaps_in_a_rewrite_count_only_against_the_original(void **state)
{
    (void)state;
    char *doc =
        replace("asked drivers to be patient while the red crane works",
                "told pilots to stay patient while the blue hoist works");
    size_t c[US_DIFF_COUNT];
    diff_counts(doc, c);
    assert_true(c[US_DIFF_UNRELATED] >= 3);
    const char *refs[] = {BASE};
    unspun_refset *rs = refset_of(refs, 1);
    unspun_result *r = score_with(rs, doc);
    const unspun_artifact *a = find(r, "stay");
    assert_non_null(a);
    assert_int_equal(a->kind, UNSPUN_KIND_SYNONYM);
    assert_non_null(a->ref);
    assert_string_equal(a->suggestion, "be");
    unspun_result_free(r);
    r = score_flags(rs, doc, UNSPUN_REF_PEERS);
    a = find(r, "stay");
    assert_true(a == NULL || a->ref == NULL);
    unspun_result_free(r);
    unspun_refset_free(rs);
    free(doc);
}

static void insertion_and_deletion_are_no_artifacts(void **state)
{
    (void)state;
    char *doc = replace("deep cracks in two", "deep cracks in exactly two");
    size_t c[US_DIFF_COUNT];
    diff_counts(doc, c);
    assert_true(c[US_DIFF_INSERTION] >= 1);
    assert_int_equal(c[US_DIFF_SYNONYM] + c[US_DIFF_FUNCTION], 0);
    free(doc);
    doc = replace("the old bridge", "the bridge");
    diff_counts(doc, c);
    assert_true(c[US_DIFF_DELETION] >= 1);
    assert_int_equal(c[US_DIFF_SYNONYM] + c[US_DIFF_FUNCTION], 0);
    free(doc);
}

/* ---- invariants ---- */

static void variants_and_typography_score_zero(void **state)
{
    (void)state;
    const char *ref =
        "The company was apologizing on Monday for the color of its new "
        "advertising campaign, which many customers had criticized as "
        "tasteless. \"We are organizing a review of the program,\" a "
        "spokesman said. Analysts said the brand had realized too late that "
        "its favorite designer's work would be analyzed so closely.\n";
    const char *doc =
        "The company was apologising on Monday for the colour of its new "
        "advertising campaigns, which many customers had criticised as "
        "tasteless.  \xe2\x80\x9cWe are organising a review of the "
        "programme,\xe2\x80\x9d a spokesman said.\r\n\r\nAnalysts said the "
        "brand had realised too late that its favourite designer\xe2\x80\x99s "
        "work would be analysed so closely.\n";
    const char *refs[] = {ref};
    unspun_refset *rs = refset_of(refs, 1);
    unspun_result *r = score_with(rs, doc);
    assert_true(unspun_result_score(r) == 0.0);
    assert_int_equal(unspun_result_count(r), 0);
    unspun_result_free(r);
    unspun_refset_free(rs);
}

/* A known tortured phrase where the original has other wording: the
 * alignment sees a rewrite (no thesaurus links the two), but the phrase
 * keeps its kind and counts as confirmed, so the baseline of ordinary odd
 * wording is not taken off it. Siblings (UNSPUN_REF_PEERS) are no
 * original: the same phrase scores lower against them. */
static void tortured_phrase_is_confirmed_by_the_original(void **state)
{
    (void)state;
    char *doc =
        replace("the red crane works", "the counterfeit consciousness works");
    const char *refs[] = {BASE};
    unspun_refset *rs = refset_of(refs, 1);
    unspun_result *r1 = score_with(rs, doc);
    unspun_result *r2 = score_flags(rs, doc, UNSPUN_REF_PEERS);
    for (int k = 0; k < 2; k++) {
        const unspun_artifact *a =
            find(k ? r2 : r1, "counterfeit consciousness");
        assert_non_null(a);
        assert_int_equal(a->kind, UNSPUN_KIND_FINGERPRINT);
    }
    assert_true(unspun_result_score(r1) > unspun_result_score(r2));
    unspun_result_free(r1);
    unspun_result_free(r2);
    unspun_refset_free(rs);
    free(doc);
}

/* ---- the story's vocabulary (siblings) ---- */

/* Three sibling reports of one story (written for this test), and a
 * rewrite of it whose clause about the bags no sibling matches word for
 * word. */
static const char *const STORY[] = {
    "Police at the airport found two bags of stolen watches on Monday. The "
    "bags were left near gate nine, officers said, and the owner has not "
    "been found. A spokesman said the watches were worth about $40,000.\n",
    "Two bags full of stolen watches were found at the airport on Monday, "
    "police said. Officers said the bags had been left near gate nine. The "
    "watches were worth about $40,000, according to a spokesman.\n",
    "Officers found stolen watches in two bags left near gate nine at the "
    "airport on Monday. Police are looking for the owner of the bags. The "
    "watches were worth about $40,000, a spokesman said.\n"};
static const char STORY_DOC[] =
    "Police at the airport found stolen watches on Monday. Somebody had "
    "abandoned a heap of luggage beside the ninth gate, officers said, and "
    "the owner has not been found. A spokesman said the watches were worth "
    "about $40,000.\n";

static unspun_result *score_peers(const char *const *refs, size_t n,
                                  const char *doc)
{
    unspun_refset *rs = refset_of(refs, n);
    unspun_result *r = score_flags(rs, doc, UNSPUN_REF_PEERS);
    unspun_refset_free(rs);
    return r;
}

static void word_the_siblings_all_avoid_is_a_swap(void **state)
{
    (void)state;
    unspun_result *r = score_peers(STORY, 3, STORY_DOC);
    const unspun_artifact *a = find(r, "luggage");
    assert_non_null(a);
    assert_int_equal(a->kind, UNSPUN_KIND_SYNONYM);
    assert_string_equal(a->suggestion, "bags");
    /* Either side may be the spun one: weak evidence, not confirmed. */
    assert_true(a->confidence < 0.8);
    unspun_result_free(r);

    /* The document uses the siblings' word itself: its choice of another
     * word elsewhere is the writer's. */
    char *doc = replace_in(STORY_DOC, "found stolen watches",
                           "found bags of stolen watches");
    r = score_peers(STORY, 3, doc);
    assert_null(find(r, "luggage"));
    unspun_result_free(r);
    free(doc);

    /* One sibling of three is no majority. */
    char *b = replace_in(STORY[1], "Two bags full", "Two cases full");
    char *b2 = replace_in(b, "the bags had", "the cases had");
    char *c = replace_in(STORY[2], "in two bags left", "in two cases left");
    char *c2 = replace_in(c, "owner of the bags", "owner of the cases");
    const char *const few[] = {STORY[0], b2, c2};
    r = score_peers(few, 3, STORY_DOC);
    assert_null(find(r, "luggage"));
    unspun_result_free(r);
    free(b);
    free(b2);
    free(c);
    free(c2);
}

/* Against references too, min_confidence changes what is listed, never
 * the score, whether it lists more or less: the seed articles as one
 * another's peers, and a spun copy of BASE against its original. */
static void min_confidence_changes_the_list_not_the_score(void **state)
{
    (void)state;
    static const char *const files[] = {
        "000_72a97853bd7d81fd.txt", "001_f905eb775b8b4349.txt",
        "002_322fb44b1aae548c.txt", "003_296e8881fdeba8b7.txt"};
    char *seed[4];
    for (size_t i = 0; i < 4; i++) {
        char path[512];
        size_t len = 0;
        snprintf(path, sizeof path, "%s/%s", UNSPUN_TEST_FIXTURES, files[i]);
        seed[i] = read_all(path, &len);
        assert_non_null(seed[i]);
    }
    char *spun = replace("said to be worried", "stated to be anxious");
    unspun_refset *peers = refset_of((const char *const *)seed, 4);
    const char *base = BASE;
    unspun_refset *orig = refset_of(&base, 1);
    struct {
        const unspun_refset *rs;
        const char *doc;
        size_t self;
        uint32_t flags;
    } runs[] = {{peers, seed[2], 3, UNSPUN_REF_PEERS},
                {peers, seed[0], 1, UNSPUN_REF_PEERS},
                {orig, spun, 0, 0}};
    size_t weak = 0, dropped = 0;
    for (size_t k = 0; k < sizeof runs / sizeof *runs; k++) {
        unspun_ref_options ro = {runs[k].rs, 0, runs[k].self, runs[k].flags};
        unspun_score_options def = {0}, low = {.min_confidence = 0.05},
                             high = {.min_confidence = 0.99};
        unspun_result *d = NULL, *l = NULL, *h = NULL;
        const char *doc = runs[k].doc;
        assert_int_equal(
            unspun_score_refs(wk, doc, strlen(doc), &def, &ro, &d, NULL),
            UNSPUN_OK);
        assert_int_equal(
            unspun_score_refs(wk, doc, strlen(doc), &low, &ro, &l, NULL),
            UNSPUN_OK);
        assert_int_equal(
            unspun_score_refs(wk, doc, strlen(doc), &high, &ro, &h, NULL),
            UNSPUN_OK);
        assert_true(unspun_result_score(d) == unspun_result_score(l));
        /* the unlisted confident artifacts still count (a reference's
         * confirmed swaps among them) */
        assert_true(unspun_result_score(d) == unspun_result_score(h));
        assert_true(unspun_result_count(h) <= unspun_result_count(d));
        dropped += unspun_result_count(d) - unspun_result_count(h);
        size_t j = 0;
        for (size_t i = 0; i < unspun_result_count(l); i++) {
            const unspun_artifact *a = unspun_result_artifact(l, i);
            if (a->confidence < UNSPUN_DEFAULT_MIN_CONFIDENCE) {
                weak++;
                continue;
            }
            const unspun_artifact *b = unspun_result_artifact(d, j++);
            assert_non_null(b);
            assert_int_equal(a->start, b->start);
            assert_int_equal(a->kind, b->kind);
            assert_true(a->confidence == b->confidence);
            assert_true(a->ref_start == b->ref_start);
        }
        assert_int_equal(j, unspun_result_count(d));
        unspun_result_free(d);
        unspun_result_free(l);
        unspun_result_free(h);
    }
    assert_true(weak > 0 && dropped > 0);
    unspun_refset_free(peers);
    unspun_refset_free(orig);
    free(spun);
    for (size_t i = 0; i < 4; i++)
        free(seed[i]);
}

static void intrinsic_artifacts_on_identical_wording_are_dropped(void **state)
{
    (void)state;
    /* Pick a text the intrinsic detectors flag, then give it as its own
     * reference: identical aligned wording is by definition no damage. */
    static const char *const cands[] = {
        "The Paris-based brand unveiled adverts final week depicting kids "
        "holding plush bears. The label said the campaign had been planned "
        "for months and would not be repeated. Shoppers were unhappy.",
        "Researchers trained a counterfeit consciousness model on big "
        "information to predict the weather. The team said the method "
        "works well and will publish the code next month.",
    };
    int checked = 0;
    for (size_t k = 0; k < sizeof cands / sizeof *cands; k++) {
        unspun_result *r0 = NULL;
        unspun_error err;
        assert_int_equal(
            unspun_score(wk, cands[k], strlen(cands[k]), NULL, &r0, &err),
            UNSPUN_OK);
        size_t n0 = unspun_result_count(r0);
        unspun_result_free(r0);
        if (!n0)
            continue;
        const char *refs[] = {cands[k]};
        unspun_refset *rs = refset_of(refs, 1);
        unspun_result *r = score_with(rs, cands[k]);
        assert_int_equal(unspun_result_count(r), 0);
        assert_true(unspun_result_score(r) == 0.0);
        unspun_result_free(r);
        unspun_refset_free(rs);
        checked++;
    }
    assert_true(checked > 0);
}

/* ---- selection, several references ---- */

static void the_related_reference_is_picked_and_skip_works(void **state)
{
    (void)state;
    const char *unrelated =
        "Bees visit flowers to collect nectar and pollen. A hive can hold "
        "fifty thousand workers in summer, and the queen lays up to two "
        "thousand eggs a day. Beekeepers smoke the hive before opening it.";
    const char *refs[] = {unrelated, BASE};
    unspun_refset *rs = refset_of(refs, 2);
    assert_int_equal(unspun_refset_count(rs), 2);
    assert_string_equal(unspun_refset_name(rs, 1), "ref1");
    assert_null(unspun_refset_name(rs, 2));
    char *doc = replace("deep cracks", "deep fissures");
    unspun_result *r = score_with(rs, doc);
    assert_int_equal(unspun_result_ref_count(r), 1);
    assert_int_equal(unspun_result_ref(r, 0)->index, 1);
    unspun_result_free(r);
    /* the document's own copy skipped: nothing related is left */
    unspun_ref_options ro = {rs, 0, 2, 0};
    unspun_error err;
    assert_int_equal(
        unspun_score_refs(wk, doc, strlen(doc), NULL, &ro, &r, &err),
        UNSPUN_OK);
    assert_int_equal(unspun_result_ref_count(r), 0);
    unspun_result_free(r);
    unspun_refset_free(rs);
    free(doc);
}

static void each_part_is_aligned_to_its_own_reference(void **state)
{
    (void)state;
    const char *p1 = strstr(BASE, "Officials");
    char *first = malloc((size_t)(p1 - BASE) + 1);
    assert_non_null(first);
    memcpy(first, BASE, (size_t)(p1 - BASE));
    first[p1 - BASE] = '\0';
    const char *refs[] = {first, p1};
    unspun_refset *rs = refset_of(refs, 2);
    char *doc = replace("deep cracks", "deep fissures");
    char *doc2 = replace_in(doc, "temporary road", "makeshift road");
    unspun_result *r = score_with(rs, doc2);
    assert_int_equal(unspun_result_ref_count(r), 2);
    double cov =
        unspun_result_ref(r, 0)->coverage + unspun_result_ref(r, 1)->coverage;
    assert_true(cov > 0.95 && cov <= 1.0 + 1e-9);
    const unspun_artifact *a = find(r, "fissures");
    assert_non_null(a);
    assert_string_equal(a->ref->name, "ref0");
    a = find(r, "makeshift");
    assert_non_null(a);
    assert_string_equal(a->ref->name, "ref1");
    assert_string_equal(a->suggestion, "temporary");
    unspun_result_free(r);
    unspun_refset_free(rs);
    free(doc);
    free(doc2);
    free(first);
}

/* ---- output ---- */

/* unspun_story_links says, from fingerprints alone, exactly which
 * documents a pool of them all would give references (us_refset_pick), as
 * peers and as originals; and a document it leaves unlinked gets the same
 * record with that pool as without (issue 12: scan builds no pool then). */
static void story_links_agree_with_the_pool(void **state)
{
    (void)state;
    static const char *const files[] = {
        "000_72a97853bd7d81fd.txt", "001_f905eb775b8b4349.txt",
        "002_322fb44b1aae548c.txt", "003_296e8881fdeba8b7.txt",
        "004_2d0845110708aec0.txt", "100_fingerprint-tortured-phrase.txt",
        "101_synonym-swap.txt",     "104_collocation.txt",
        "110_clean-prose.txt",      "111_clean-letter.txt"};
    enum { NF = sizeof files / sizeof *files, N = NF + 2 };
    char *text[N];
    for (size_t i = 0; i < NF; i++) {
        char path[512];
        size_t len = 0;
        snprintf(path, sizeof path, "%s/%s", UNSPUN_TEST_FIXTURES, files[i]);
        text[i] = read_all(path, &len);
        assert_non_null(text[i]);
    }
    text[NF] = replace("", "");
    text[NF + 1] = replace("said to be worried", "stated to be anxious");
    const uint64_t *fp[N];
    size_t nfp[N];
    unspun_result *res[N];
    unspun_score_options so = {.flags =
                                   UNSPUN_OPT_ANY_LANGUAGE | UNSPUN_OPT_STORY};
    for (size_t i = 0; i < N; i++) {
        assert_int_equal(
            unspun_score(wk, text[i], strlen(text[i]), &so, &res[i], NULL),
            UNSPUN_OK);
        fp[i] = unspun_result_story(res[i], &nfp[i]);
        assert_true(nfp[i] > 0);
    }
    unspun_refset *rs = refset_of((const char *const *)text, N);
    for (int peers = 0; peers < 2; peers++) {
        uint32_t flags = peers ? UNSPUN_REF_PEERS : 0;
        unsigned char linked[N];
        assert_int_equal(unspun_story_links(fp, nfp, N, flags, linked),
                         UNSPUN_OK);
        size_t nlinked = 0;
        for (size_t i = 0; i < N; i++) {
            unspun_error err;
            assert_int_equal(
                us_tokenize(&wk->toks, text[i], strlen(text[i]), &err),
                UNSPUN_OK);
            assert_int_equal(us_lex_assign(&wk->lex, &wk->toks, &err),
                             UNSPUN_OK);
            us_wseq seq;
            assert_int_equal(us_wseq_build(&wk->lex, &wk->toks, text[i], &seq),
                             0);
            uint32_t used[US_REF_MAX], story[US_REF_MAX];
            size_t nstory = 0;
            long np = us_refset_pick(rs, &seq, US_REF_DEFAULT, i + 1, flags,
                                     used, story, US_REF_MAX, &nstory);
            us_wseq_free(&seq, wk->alc);
            assert_true(np >= 0);
            assert_int_equal(linked[i], np > 0 || nstory > 0);
            nlinked += linked[i];
            if (linked[i])
                continue;
            /* Unlinked: the pool changes nothing. */
            unspun_score_options plain = {.flags = UNSPUN_OPT_ANY_LANGUAGE};
            unspun_ref_options ro = {rs, 0, i + 1, flags};
            unspun_result *a = NULL, *b = NULL;
            assert_int_equal(
                unspun_score(wk, text[i], strlen(text[i]), &plain, &a, NULL),
                UNSPUN_OK);
            assert_int_equal(unspun_score_refs(wk, text[i], strlen(text[i]),
                                               &plain, &ro, &b, NULL),
                             UNSPUN_OK);
            char *ja = NULL, *jb = NULL;
            size_t la, lb;
            assert_int_equal(unspun_render_json(a, "d", &ja, &la), UNSPUN_OK);
            assert_int_equal(unspun_render_json(b, "d", &jb, &lb), UNSPUN_OK);
            assert_string_equal(ja, jb);
            unspun_free(ja);
            unspun_free(jb);
            unspun_result_free(a);
            unspun_result_free(b);
        }
        /* The seeds are one story, BASE and its copy another; the
         * fixtures 100-111 belong to none. */
        assert_true(nlinked >= 7 && nlinked < N);
    }
    /* Without the flag there is no fingerprint. */
    size_t n = 1;
    unspun_result *r = NULL;
    so.flags = UNSPUN_OPT_ANY_LANGUAGE;
    assert_int_equal(unspun_score(wk, text[0], strlen(text[0]), &so, &r, NULL),
                     UNSPUN_OK);
    assert_null(unspun_result_story(r, &n));
    assert_int_equal(n, 0);
    unspun_result_free(r);
    unsigned char l1;
    assert_int_equal(unspun_story_links(NULL, NULL, 1, 0, &l1), UNSPUN_E_ARG);
    unspun_refset_free(rs);
    for (size_t i = 0; i < N; i++) {
        unspun_result_free(res[i]);
        free(text[i]);
    }
}

/* unspun_story_links on a large synthetic set (more documents than one
 * block of its pair matrix): pairs sharing many shingles are linked, also
 * across blocks; a shingle most documents hold links nobody; a few shared
 * shingles link only outside peers. */
static void story_links_on_many_documents(void **state)
{
    (void)state;
    enum { N = 1100, OWN = 40 };
    uint64_t *fp[N];
    size_t nfp[N];
    uint64_t x = 88172645463325252ull; /* xorshift: distinct shingles */
    for (size_t d = 0; d < N; d++) {
        fp[d] = malloc(100 * sizeof **fp);
        assert_non_null(fp[d]);
        nfp[d] = 0;
        for (size_t i = 0; i < OWN; i++) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            fp[d][nfp[d]++] = x;
        }
        fp[d][nfp[d]++] = 42; /* held by all: says nothing */
        if (d >= 500 && d < 550)
            fp[d][nfp[d]++] = 43; /* one shingle in common: too few */
    }
    /* Pairs that share 30 shingles: (0,1) ... (98,99), and (1023,1024)
     * across the first block's edge; 600-603 share 5 (11%). */
    static const size_t pairs[][2] = {{1023, 1024}};
    for (size_t k = 0; k < 51; k++) {
        size_t a = k < 50 ? 2 * k : pairs[0][0],
               b = k < 50 ? a + 1 : pairs[0][1];
        for (size_t i = 0; i < 30; i++)
            fp[b][nfp[b]++] = fp[a][i];
    }
    for (size_t d = 601; d < 604; d++)
        for (size_t i = 0; i < 5; i++)
            fp[d][nfp[d]++] = fp[600][i];
    const uint64_t *cfp[N];
    for (size_t d = 0; d < N; d++)
        cfp[d] = fp[d];
    unsigned char linked[N], loose[N];
    assert_int_equal(unspun_story_links(cfp, nfp, N, UNSPUN_REF_PEERS, linked),
                     UNSPUN_OK);
    assert_int_equal(unspun_story_links(cfp, nfp, N, 0, loose), UNSPUN_OK);
    for (size_t d = 0; d < N; d++) {
        int paired = d < 100 || d == 1023 || d == 1024;
        assert_int_equal(linked[d], paired);
        assert_int_equal(loose[d], paired || (d >= 600 && d < 604));
    }
    for (size_t d = 0; d < N; d++)
        free(fp[d]);
}

static void json_adds_references_only_in_reference_mode(void **state)
{
    (void)state;
    char *doc = replace("deep cracks", "deep fissures");
    unspun_result *r0 = NULL;
    unspun_error err;
    assert_int_equal(unspun_score(wk, doc, strlen(doc), NULL, &r0, &err),
                     UNSPUN_OK);
    unspun_result *r1 = NULL;
    unspun_ref_options none = {NULL, 0, 0, 0};
    assert_int_equal(
        unspun_score_refs(wk, doc, strlen(doc), NULL, &none, &r1, &err),
        UNSPUN_OK);
    char *j0, *j1;
    size_t l0, l1;
    assert_int_equal(unspun_render_json(r0, "d", &j0, &l0), UNSPUN_OK);
    assert_int_equal(unspun_render_json(r1, "d", &j1, &l1), UNSPUN_OK);
    assert_string_equal(j0, j1);
    assert_null(strstr(j0, "\"reference"));
    unspun_free(j1);
    unspun_result_free(r1);
    const char *refs[] = {BASE};
    unspun_refset *rs = refset_of(refs, 1);
    r1 = score_with(rs, doc);
    assert_int_equal(unspun_render_json(r1, "d", &j1, &l1), UNSPUN_OK);
    /* the original fields first, in order; the new ones after */
    const char *art = strstr(j1, "\"artifacts\":[");
    const char *refs_at = strstr(j1, "],\"references\":[{\"path\":\"ref0\","
                                     "\"coverage\":");
    assert_non_null(art);
    assert_non_null(refs_at);
    assert_true(art < refs_at);
    assert_true(strncmp(j1, "{\"file\":\"d\",\"score\":", 20) == 0);
    const char *fis = strstr(j1, "\"text\":\"fissures\"");
    assert_non_null(fis);
    const char *conf = strstr(fis, "\"confidence\":");
    const char *ref = strstr(fis, "\"reference\":{\"index\":0,\"start\":");
    assert_non_null(conf);
    assert_non_null(ref);
    assert_true(conf < ref);
    unspun_free(j0);
    unspun_free(j1);
    char *txt;
    assert_int_equal(
        unspun_render_text(r1, "d", doc, strlen(doc), 0, &txt, NULL),
        UNSPUN_OK);
    assert_non_null(strstr(txt, "reference [1] ref0"));
    unspun_free(txt);
    unspun_result_free(r0);
    unspun_result_free(r1);
    unspun_refset_free(rs);
    free(doc);
}

/* ---- errors ---- */

/* A reference in HTML is read as a reader sees it: the swap is found as
 * against the plain text, its suggestion has no markup even where a tag
 * or a character reference sits inside the wording, and its span counts
 * in the text content; bad HTML fails with offsets into it. */
static void html_reference_is_read_as_its_text(void **state)
{
    (void)state;
    char *page =
        replace_in(BASE, "deep cracks", "<em>deep</em> <b>cr&#97;cks</b>");
    char *html = malloc(strlen(page) + 64);
    assert_non_null(html);
    sprintf(html, "<html><head><style>p{}</style></head><body>%s</body></html>",
            page);
    unspun_refset *rs = NULL;
    unspun_error err;
    assert_int_equal(unspun_refset_new(eng, NULL, &rs, &err), UNSPUN_OK);
    assert_int_equal(
        unspun_refset_add_html(rs, wk, "page.html", html, strlen(html), &err),
        UNSPUN_OK);
    assert_int_equal(unspun_refset_seal(rs, wk, &err), UNSPUN_OK);
    char *doc = replace("deep cracks", "deep fissures");
    unspun_result *r = score_with(rs, doc);
    const unspun_artifact *a =
        ref_art(r, "fissures", UNSPUN_KIND_SYNONYM, "cracks", NULL, NULL);
    assert_int_equal(a->ref_end - a->ref_start, strlen("cracks"));
    for (size_t i = 0; i < unspun_result_count(r); i++) {
        const char *s = unspun_result_artifact(r, i)->suggestion;
        assert_true(!s || !strchr(s, '<'));
    }
    unspun_result_free(r);
    unspun_refset_free(rs);
    assert_int_equal(unspun_refset_new(eng, NULL, &rs, &err), UNSPUN_OK);
    assert_int_equal(
        unspun_refset_add_html(rs, wk, "b", "<p>ab\xff</p>", 9, &err),
        UNSPUN_E_UTF8);
    assert_int_equal(err.offset, 5);
    assert_int_equal(unspun_refset_add_html(rs, wk, "e", "<p></p>", 7, &err),
                     UNSPUN_E_EMPTY);
    assert_int_equal(unspun_refset_add_html(NULL, wk, "x", "<p>a</p>", 8, &err),
                     UNSPUN_E_ARG);
    assert_int_equal(unspun_refset_count(rs), 0);
    unspun_refset_free(rs);
    free(doc);
    free(html);
    free(page);
}

static void misuse_and_bad_references_are_errors(void **state)
{
    (void)state;
    unspun_refset_free(NULL);
    assert_int_equal(unspun_refset_count(NULL), 0);
    unspun_refset *rs = NULL;
    unspun_error err;
    assert_int_equal(unspun_refset_new(NULL, NULL, &rs, &err), UNSPUN_E_ARG);
    assert_int_equal(unspun_refset_new(eng, NULL, &rs, &err), UNSPUN_OK);
    assert_int_equal(unspun_refset_add(rs, wk, "e", "", 0, &err),
                     UNSPUN_E_EMPTY);
    assert_int_equal(unspun_refset_add(rs, wk, "b", "ab\xff cd", 6, &err),
                     UNSPUN_E_UTF8);
    assert_int_equal(err.offset, 2);
    /* binary before invalid UTF-8, as for a document */
    assert_int_equal(unspun_refset_add(rs, wk, "p", "\x89PNG\0\0", 6, &err),
                     UNSPUN_E_BINARY);
    assert_int_equal(err.offset, 4);
    assert_int_equal(
        unspun_refset_add_html(rs, wk, "h", "<p>\xff a\0</p>", 10, &err),
        UNSPUN_E_BINARY);
    assert_int_equal(err.offset, 6);
    assert_int_equal(unspun_refset_count(rs), 0);
    /* scoring with an unsealed pool is a usage error */
    unspun_ref_options ro = {rs, 0, 0, 0};
    unspun_result *r = NULL;
    assert_int_equal(
        unspun_score_refs(wk, BASE, strlen(BASE), NULL, &ro, &r, &err),
        UNSPUN_E_ARG);
    assert_null(r);
    assert_int_equal(unspun_refset_add(rs, wk, "b", BASE, strlen(BASE), &err),
                     UNSPUN_OK);
    assert_int_equal(unspun_refset_seal(rs, wk, &err), UNSPUN_OK);
    assert_int_equal(unspun_refset_add(rs, wk, "c", BASE, strlen(BASE), &err),
                     UNSPUN_E_ARG);
    assert_int_equal(unspun_refset_seal(rs, wk, &err), UNSPUN_E_ARG);
    unspun_refset_free(rs);
    /* a missing thesaurus is not an error: the compiled candidates remain */
    unspun_refset_options o = {"/nonexistent/th.dat", "/nonexistent"};
    assert_int_equal(unspun_refset_new(eng, &o, &rs, &err), UNSPUN_OK);
    assert_int_equal(unspun_refset_add(rs, wk, "b", BASE, strlen(BASE), &err),
                     UNSPUN_OK);
    assert_int_equal(unspun_refset_seal(rs, wk, &err), UNSPUN_OK);
    r = score_with(rs, BASE);
    assert_int_equal(unspun_result_count(r), 0);
    unspun_result_free(r);
    unspun_refset_free(rs);
}

static void out_of_memory_everywhere_leaks_nothing(void **state)
{
    (void)state;
    char *doc = replace("deep cracks", "deep fissures");
    /* One engine and worker for the whole sweep (their own allocations are
     * not the subject): allocation n of the reference-mode calls fails. */
    test_alc t = {0, 0, 0};
    unspun_allocator alc = test_allocator(&t);
    unspun_engine_options eo = {UNSPUN_TEST_DATA, UNSPUN_TEST_DICT_DIR, &alc};
    unspun_engine *e = NULL;
    unspun_worker *w = NULL;
    unspun_error err;
    assert_int_equal(unspun_engine_new(&eo, &e, &err), UNSPUN_OK);
    assert_int_equal(unspun_worker_new(e, &w, &err), UNSPUN_OK);
    for (long n = 1;; n++) {
        t.calls = 0;
        t.fail_at = n;
        unspun_refset *rs = NULL;
        unspun_result *r = NULL;
        unspun_status rc = unspun_refset_new(e, NULL, &rs, &err);
        if (!rc)
            rc = unspun_refset_add(rs, w, "b", BASE, strlen(BASE), &err);
        if (!rc)
            rc = unspun_refset_seal(rs, w, &err);
        unspun_ref_options ro = {rs, 0, 0, 0};
        if (!rc)
            rc = unspun_score_refs(w, doc, strlen(doc), NULL, &ro, &r, &err);
        int done = rc == UNSPUN_OK;
        if (!done)
            assert_int_equal(rc, UNSPUN_E_NOMEM);
        t.fail_at = 0;
        unspun_result_free(r);
        unspun_refset_free(rs);
        if (done)
            break;
        assert_true(n < 5000);
    }
    unspun_worker_free(w);
    unspun_engine_free(e);
    assert_int_equal(t.live, 0); /* nothing leaked in any round */
    free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(identical_text_scores_zero_with_full_coverage),
        cmocka_unit_test(inflection_is_no_damage),
        cmocka_unit_test(irregular_inflection_is_no_damage),
        cmocka_unit_test(spelling_variant_is_no_damage),
        cmocka_unit_test(synonym_swap_is_damage_with_the_reference_wording),
        cmocka_unit_test(phrase_around_the_word_is_one_swap),
        cmocka_unit_test(swaps_a_reference_shows_raise_the_share),
        cmocka_unit_test(phrase_swap_is_one_artifact),
        cmocka_unit_test(inflected_swap_is_found_through_lemmas),
        cmocka_unit_test(function_word_rewrite_is_damage),
        cmocka_unit_test(unrelated_rewrite_is_damage_only_against_the_original),
        cmocka_unit_test(
            insertions_and_deletions_are_shown_on_their_neighbours),
        cmocka_unit_test(derivation_is_damage_inflection_is_not),
        cmocka_unit_test(numbers_written_two_ways_are_no_damage),
        cmocka_unit_test(swaps_in_a_rewrite_count_only_against_the_original),
        cmocka_unit_test(insertion_and_deletion_are_no_artifacts),
        cmocka_unit_test(variants_and_typography_score_zero),
        cmocka_unit_test(tortured_phrase_is_confirmed_by_the_original),
        cmocka_unit_test(word_the_siblings_all_avoid_is_a_swap),
        cmocka_unit_test(min_confidence_changes_the_list_not_the_score),
        cmocka_unit_test(intrinsic_artifacts_on_identical_wording_are_dropped),
        cmocka_unit_test(the_related_reference_is_picked_and_skip_works),
        cmocka_unit_test(each_part_is_aligned_to_its_own_reference),
        cmocka_unit_test(story_links_agree_with_the_pool),
        cmocka_unit_test(story_links_on_many_documents),
        cmocka_unit_test(json_adds_references_only_in_reference_mode),
        cmocka_unit_test(html_reference_is_read_as_its_text),
        cmocka_unit_test(misuse_and_bad_references_are_errors),
        cmocka_unit_test(out_of_memory_everywhere_leaks_nothing),
    };
    return cmocka_run_group_tests(tests, test_setup, test_teardown);
}
