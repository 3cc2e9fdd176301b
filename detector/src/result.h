/* result.h - the result of one scored document (unspun_result), and the
 * rule by which every report picks a document's top artifacts. */
#ifndef US_RESULT_H
#define US_RESULT_H

#include "unspun.h"

/* The language check's counts over a text (score.c): its words, those
 * the dictionaries know, the commonest English words, the words in a
 * script other than Latin, and the capitalised words inside a sentence
 * that no dictionary knows (names). */
typedef struct us_lang {
    size_t words, known, func, script, names;
} us_lang;

/* What a document's score is made of, each part a sum over the text, so
 * that the sections of a long one add up (score.c): artifact_evidence
 * and build_result fill it, and the score and verdict are worked out from
 * it alone. */
typedef struct us_evidence {
    double sum;       /* artifacts' confidences weighted by kind, listed
                         and weak */
    double fp;        /* tortured phrases' confidences */
    double confirmed; /* reference mode: confirmed artifacts, weighted */
    double mix;       /* the swaps' mixture log likelihood ratio */
    double cover;     /* reference mode: the best reference's coverage */
    size_t words;
    /* us_lm_fluency's sums: words weighed, function words among them,
     * their gains' sum, words below US_LM_ODD */
    size_t flu_words, flu_nfunc, flu_low;
    double flu_func_sum;
    us_lang lang; /* the language check's counts */
} us_evidence;

/* One block: the struct, then the artifacts, the references and every
 * string they point to (score.c's build_result lays it out); the story
 * fingerprint, when kept, is a block of its own. */
struct unspun_result {
    const unspun_allocator *alc;
    double score;
    unspun_verdict verdict;
    size_t words;
    size_t n;
    unspun_artifact *arts;
    size_t nrefs; /* reference mode: the references used */
    unspun_reference *refs;
    uint64_t *story; /* UNSPUN_OPT_STORY: the fingerprint (own block) */
    size_t nstory;
    us_evidence ev;
};

/* The top artifacts a report lists for a document (the ranked table's
 * line, the CSV's top_artifacts, the HTML table's row): up to
 * US_TOP_ARTIFACTS of them, the most confident first (ties in document
 * order), each wording (text and suggestion) once: "txt -> text" twice
 * would waste the line. Their indexes go to pick[]; returns how many. */
#define US_TOP_ARTIFACTS 3
size_t us_result_top(const unspun_result *r, size_t pick[US_TOP_ARTIFACTS]);

#endif
