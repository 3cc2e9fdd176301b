/* score.c - run the pipeline on one document and build its result.
 *
 * Paraphrase damage (README.md, "The score"): three measures, each in
 * units of the spread of the human-written documents of the bench's dev
 * split (0 at their median, 1 at their top: the 98.3rd percentile, so
 * that the largest of the three leaves about 95% of them under 1, as
 * 5% / 3 each would): the evidence
 * density, the artifacts' confidences weighted by kind per 100 words
 * (overlaps resolved in favour of the more confident; weak evidence that
 * is not listed included); the swap likelihood, the document's mixture
 * log likelihood ratio per 100 words (detect_synonym.c); and the fluency
 * (us_lm_fluency). The largest of them, plus the tortured phrases and,
 * in reference mode, the confirmed swaps, is mapped onto 0..100:
 *
 *     score = 100 * (1 - exp(-max(0, damage) * SCORE_K))
 *
 * with the top of human-written text at 30 (suspect) and twice it near
 * 50 (spun). MIN_WORDS keeps one artifact in a ten-word
 * snippet from reading as heavy damage. The spreads are measured again
 * by bench/calibrate.py when the detectors change.
 *
 * Reference mode: artifacts a reference confirms (the original wording is
 * known) add their density in full, outside the spread. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "detect.h"
#include "detect_ref.h"
#include "error.h"
#include "html.h"
#include "lm.h"
#include "result.h"
#include "tune.h"
#include "worker.h"

#define MIN_WORDS 80.0

/* How much an artifact of each kind weighs in the density of evidence,
 * per unit of confidence: a synonym swap's confidence is its posterior
 * probability (detect_synonym.c); the translation detectors' evidence is
 * noisier (a half, set on the bench's dev split: the largest weight at
 * which no other variant's document AUC fell by more than 0.001 (1.5, 2
 * and 3 times a quarter tried), round trips' 0.978 -> 0.982 and
 * 0.992 -> 0.993; a quarter until their pairs were weighed by the
 * document's other traces, detect_mt.c, when more weight only blurred
 * spun documents with clean ones); an unknown word is often a name or a
 * term (a quarter). Known tortured phrases are curated evidence and count
 * apart (FP_Z). */
static const double kind_weight[] = {
    [UNSPUN_KIND_FINGERPRINT] = 0.0,
    [UNSPUN_KIND_SYNONYM] = 1.0,
    [UNSPUN_KIND_COLLOCATION] = 0.5,
    [UNSPUN_KIND_UNKNOWN] = 0.25,
    [UNSPUN_KIND_FUNCTION] = 0.5,
    /* reference mode: wording the original does not have, like a swap */
    [UNSPUN_KIND_REWRITE] = 1.0,
};
/* What one unit of confidence per 100 words of a tortured phrase adds to
 * the damage, in units of the human spread: one phrase in 500 words
 * puts a document at twice the top of human-written text. */
#define FP_Z 10.0
/* Artifacts a reference confirms (the original wording is known) count in
 * full, a tortured phrase as FP_Z. */
static const double ref_weight[] = {
    [UNSPUN_KIND_FINGERPRINT] = 10.0, [UNSPUN_KIND_SYNONYM] = 1.0,
    [UNSPUN_KIND_COLLOCATION] = 1.0,  [UNSPUN_KIND_UNKNOWN] = 1.0,
    [UNSPUN_KIND_FUNCTION] = 1.0,     [UNSPUN_KIND_REWRITE] = 1.0,
};
/* The spread of human-written text (build_result), measured on the
 * bench's dev split (bench/README.md, "Calibration"). */
#define DENSITY_MED TUNE(DENSITY_MED, 0.7043)
#define DENSITY_TOP TUNE(DENSITY_TOP, 2.5604)
/* fluency (us_lm_fluency): each measure in the human spread, their sum
 * in its own */
#define FUNC_MED TUNE(FUNC_MED, 1.2798)
#define FUNC_P5 TUNE(FUNC_P5, 1.0101)
#define ODD_MED TUNE(ODD_MED, 0.0243)
#define ODD_P95 TUNE(ODD_P95, 0.0364)
#define FLU_MED TUNE(FLU_MED, 0.0003)
#define FLU_TOP TUNE(FLU_TOP, 2.2201)
#define FLUENCY_SHORT 50.0 /* words at which fluency counts half */
/* the mixture log likelihood ratio of the swaps (detect_synonym.c), per
 * 100 words */
#define MIX_MED TUNE(MIX_MED, 0.0000)
#define MIX_TOP TUNE(MIX_TOP, 0.8317)
#define SCORE_K 0.35667 /* -ln(0.7): the top of human text scores 30 */
#define REF_UNIT 0.763  /* 2.14 * SCORE_K: reference mode's scale */

static int cmp_conf(const void *x, const void *y)
{
    const us_art *a = x, *b = y;
    if (a->confidence != b->confidence)
        return a->confidence < b->confidence ? 1 : -1;
    if (a->tok_first != b->tok_first)
        return a->tok_first < b->tok_first ? -1 : 1;
    return (int)a->kind - (int)b->kind;
}

static int cmp_pos(const void *x, const void *y)
{
    const us_art *a = x, *b = y;
    if (a->tok_first != b->tok_first)
        return a->tok_first < b->tok_first ? -1 : 1;
    return a->tok_last < b->tok_last ? -1 : a->tok_last > b->tok_last;
}

/* Keep the most confident of overlapping artifacts; order by position.
 * A mark per token makes this linear in the number of artifacts. */
static int resolve_overlaps(unspun_worker *w)
{
    if (!w->narts)
        return 0;
    unsigned char *taken = us_calloc(w->alc, w->toks.n, 1);
    if (!taken)
        return -1;
    qsort(w->arts, w->narts, sizeof *w->arts, cmp_conf);
    size_t kept = 0;
    for (size_t i = 0; i < w->narts; i++) {
        const us_art *a = &w->arts[i];
        int clash = 0;
        for (size_t k = a->tok_first; k <= a->tok_last && !clash; k++)
            clash = taken[k];
        if (clash)
            continue;
        memset(taken + a->tok_first, 1, a->tok_last - a->tok_first + 1);
        w->arts[kept++] = *a;
    }
    us_free(w->alc, taken);
    w->narts = kept;
    qsort(w->arts, w->narts, sizeof *w->arts, cmp_pos);
    return 0;
}

/* The language check's counts over the document (us_lang). */
static void english_counts(unspun_worker *w)
{
    us_lang c = {0};
    for (size_t i = 0; i < w->toks.n; i++) {
        const us_token *k = &w->toks.tok[i];
        if (k->kind != US_TOK_WORD || (k->flags & US_TF_CLITIC))
            continue;
        c.words++;
        /* A word Hunspell knows only as a name ("Durante") is English
         * only where it is written as one (us_tok_known). */
        int known =
            us_tok_known(&w->lex, k) || us_lex_count(&w->lex, k->id) >= 20;
        c.known += (size_t)known;
        if (us_word(w->eng, k->id)->flags & US_WF_COMMON)
            c.func++;
        if (k->flags & US_TF_SCRIPT)
            c.script++;
        if (!known && (k->flags & US_TF_CAP) && !(k->flags & US_TF_SENT))
            c.names++;
    }
    w->lang = c;
}

/* Is a text of counts c English enough to score (always, with
 * UNSPUN_OPT_ANY_LANGUAGE among `flags`)? */
static int english_enough(const us_lang *c, uint32_t flags)
{
    if (flags & UNSPUN_OPT_ANY_LANGUAGE)
        return 1;
    /* English is written in Latin letters: a text whose words are mostly
     * in another script is not English however short ("Привет, мир"), and
     * Chinese or Japanese runs are few "words" for many characters. */
    if (c->script * 2 > c->words)
        return 0;
    if (c->words < 3)
        return 1; /* too short to tell */
    if (c->words < 8) {
        /* Too few words for shares of them to mean much, but English of
         * three words or more nearly always has one of its commonest
         * words, or else mostly words its dictionaries know, names apart
         * ("Kardashian slams Balenciaga"). Of 6,000 English lines and
         * sentence starts of 3-7 words (the bench's texts, spun ones too,
         * the held-out manuals, the fixtures), one had neither: "postfix
         * | sendmail | exim4". Of 1,500 of the bench's sentences
         * translated by Apertium into Spanish, Catalan, Galician and
         * Esperanto and cut likewise, 51%, 45%, 50% and 81% are refused
         * (about 1% before). What is left ("Le chat est noir.") is made
         * of words English dictionaries know. */
        return c->func > 0 || c->known * 2 >= c->words - c->names;
    }
    if (c->words >= 20 && c->func * 100 < c->words * 15)
        return 0;
    return c->known * 2 >= c->words;
}

/* The score, 0..100, of the evidence (the file's comment). */
static double score_of(const us_evidence *ev)
{
    double words = (double)ev->words;
    double norm = 100.0 / (words > MIN_WORDS ? words : MIN_WORDS);
    double density = norm * ev->sum;
    double func = us_flu_func(ev->flu_nfunc, ev->flu_func_sum);
    double odd = us_flu_odd(ev->flu_low, ev->flu_words);
    double fw = (double)ev->flu_words;
    /* Two measures of damage, each in units of how far the human-written
     * documents of the bench's dev split spread: 0 at their median, 1 at
     * their top (the file's comment). The evidence of the artifacts, per 100
     * words; and how badly the words fit their neighbours (us_lm_fluency),
     * which a translation round trip lowers although it leaves few
     * artifacts a detector can name. Damage is the larger of the two, a
     * short text's fluency counting less (it is noisy). */
    double zd = (density - DENSITY_MED) / (DENSITY_TOP - DENSITY_MED);
    double zf = ((FUNC_MED - func) / (FUNC_MED - FUNC_P5) +
                 (odd - ODD_MED) / (ODD_P95 - ODD_MED) - FLU_MED) /
                (FLU_TOP - FLU_MED) * (fw / (fw + FLUENCY_SHORT));
    /* Against references, only the wording they do not cover can be
     * judged by its fluency: the rest is the original's. */
    zf *= 1.0 - (ev->cover > 1.0 ? 1.0 : ev->cover);
    /* And the swaps' evidence as a whole: at a tenth of the words
     * swapped, few swaps are likely enough to count in the density, but
     * the document's likelihood ratio adds up every one. */
    double zm = (norm * ev->mix - MIX_MED) / (MIX_TOP - MIX_MED);
    double z = zd > zf ? zd : zf;
    z = zm > z ? zm : z;
    z += FP_Z * norm * ev->fp;
    /* Swaps a reference confirms count in full, outside the spread: as
     * before the language model, one confirmed swap per 100 words is
     * REF_UNIT of damage. */
    z += norm * ev->confirmed / REF_UNIT;
    /* The level of ordinary English and below scores 0; then 0..100,
     * with the top of human-written text at 30. */
    double excess = z > 0 ? z : 0.0;
    return 100.0 * (1.0 - exp(-excess * SCORE_K));
}

static void set_score(unspun_result *r, const unspun_score_options *opt)
{
    r->score = score_of(&r->ev);
    double suspect_at =
        opt->suspect_at > 0 ? opt->suspect_at : UNSPUN_DEFAULT_SUSPECT_AT;
    double spun_at = opt->spun_at > 0 ? opt->spun_at : UNSPUN_DEFAULT_SPUN_AT;
    r->verdict = r->score >= spun_at      ? UNSPUN_VERDICT_SPUN
                 : r->score >= suspect_at ? UNSPUN_VERDICT_SUSPECT
                                          : UNSPUN_VERDICT_CLEAN;
}

/* Lines and columns of artifacts met in increasing order of offset (they
 * are sorted by position and do not overlap): one scan of the text that
 * never goes back, counting the column as it goes (a long line with many
 * artifacts stays linear). */
typedef struct placer {
    const char *text;
    size_t line, col; /* of text[scanned] */
    size_t scanned;
} placer;

static void place(placer *p, unspun_artifact *o)
{
    for (; p->scanned < o->start; p->scanned++) {
        if (p->text[p->scanned] == '\n') {
            p->line++;
            p->col = 1;
        } else {
            p->col += ((unsigned char)p->text[p->scanned] & 0xC0) != 0x80;
        }
    }
    o->line = p->line;
    o->col = p->col;
}

/* Copy `n` bytes of `s` to *sp as a string; returns the copy. */
static const char *put_str(char **sp, const char *s, size_t n)
{
    char *d = *sp;
    memcpy(d, s, n);
    d[n] = '\0';
    *sp += n + 1;
    return d;
}

/* The evidence of the worker's artifacts, listed or not (so that the
 * score never depends on unspun_score_options.min_confidence) into ev's
 * sum, fp and confirmed, the rest zeroed. Weak evidence (below
 * US_REPORT_MIN) counts only at its weight as evidence; the rest counts in
 * the order of the artifacts, after it. */
static void artifact_evidence(const unspun_worker *w, const us_refrun *rr,
                              us_evidence *ev)
{
    memset(ev, 0, sizeof *ev);
    for (size_t i = 0; i < w->narts; i++) {
        const us_art *a = &w->arts[i];
        /* A tortured phrase's weight is FP_Z (score_of), listed or not:
         * a quoted one (0.95 * 0.7) or one ordinary text has used too is
         * weaker, not none. */
        if (a->kind == UNSPUN_KIND_FINGERPRINT)
            ev->fp += a->confidence;
        if (a->confidence < US_REPORT_MIN)
            ev->sum += a->confidence * kind_weight[a->kind];
    }
    for (size_t i = 0; i < w->narts; i++) {
        const us_art *a = &w->arts[i];
        if (a->confidence < US_REPORT_MIN)
            continue;
        ev->sum += a->confidence * kind_weight[a->kind];
        /* Swaps a reference confirms are not the odd wording ordinary
         * English has too: the baseline only applies to the rest. */
        const us_refart *ra =
            rr ? us_ref_find(rr, a->tok_first, a->tok_last, a->kind) : NULL;
        int used = 0;
        for (size_t k = 0; ra && k < rr->nused; k++)
            used |= rr->used[k] == ra->ref;
        if (ra ? used && !ra->doubt : a->confirmed)
            ev->confirmed += a->confidence * ref_weight[a->kind];
    }
}

static unspun_status build_result(unspun_worker *w, const char *text,
                                  const unspun_score_options *opt,
                                  const us_evidence *arts_ev,
                                  const us_fluency *flu, double cover,
                                  const unspun_refset *rs, const us_refrun *rr,
                                  unspun_result **out, unspun_error *err)
{
    const us_tokens *t = &w->toks;
    size_t strbytes = 0;
    size_t nrefs = rr ? rr->nused : 0;
    for (size_t k = 0; k < nrefs; k++)
        strbytes += strlen(unspun_refset_name(rs, rr->used[k])) + 1;
    for (size_t i = 0; i < w->narts; i++) {
        const us_art *a = &w->arts[i];
        strbytes += t->tok[a->tok_last].end - t->tok[a->tok_first].start + 1;
        if (a->sugg != US_NONE)
            strbytes += strlen(w->sugg.data + a->sugg) + 1;
    }
    size_t head = sizeof(unspun_result);
    size_t arts = w->narts * sizeof(unspun_artifact);
    arts += nrefs * sizeof(unspun_reference);
    if (strbytes > SIZE_MAX - head - arts)
        return us_fail(err, UNSPUN_E_NOMEM, SIZE_MAX, 0);
    unspun_result *r = us_malloc(w->alc, head + arts + strbytes);
    if (!r)
        return us_fail(err, UNSPUN_E_NOMEM, SIZE_MAX, 0);
    r->alc = w->alc;
    r->words = t->words;
    r->n = w->narts;
    r->arts = (unspun_artifact *)(void *)((char *)r + head);
    r->nrefs = nrefs;
    r->refs = (unspun_reference *)(void *)(r->arts + w->narts);
    r->story = NULL;
    r->nstory = 0;
    char *sp = (char *)r + head + arts;
    for (size_t k = 0; k < nrefs; k++) {
        const char *nm = unspun_refset_name(rs, rr->used[k]);
        size_t nl = strlen(nm);
        memcpy(sp, nm, nl + 1);
        r->refs[k].name = sp;
        r->refs[k].index = rr->used[k];
        r->refs[k].coverage = rr->coverage[k];
        sp += nl + 1;
    }
    placer pl = {text, 1, 1, 0};
    for (size_t i = 0; i < w->narts; i++) {
        const us_art *a = &w->arts[i];
        unspun_artifact *o = &r->arts[i];
        o->start = t->tok[a->tok_first].start;
        o->end = t->tok[a->tok_last].end;
        place(&pl, o);
        o->kind = a->kind;
        o->confidence = a->confidence;
        o->text = put_str(&sp, text + o->start, o->end - o->start);
        o->suggestion = a->sugg == US_NONE
                            ? NULL
                            : put_str(&sp, w->sugg.data + a->sugg,
                                      strlen(w->sugg.data + a->sugg));
        o->ref = NULL;
        o->ref_start = o->ref_end = 0;
        const us_refart *ra =
            rr ? us_ref_find(rr, a->tok_first, a->tok_last, a->kind) : NULL;
        for (size_t k = 0; ra && k < nrefs; k++)
            if (rr->used[k] == ra->ref) {
                o->ref = &r->refs[k];
                o->ref_start = ra->rstart;
                o->ref_end = ra->rend;
            }
    }
    us_evidence *ev = &r->ev;
    *ev = *arts_ev;
    ev->lang = w->lang;
    ev->mix = w->mix_llr;
    ev->cover = cover;
    ev->words = t->words;
    ev->flu_words = flu->words;
    ev->flu_nfunc = flu->nfunc;
    ev->flu_low = flu->low;
    ev->flu_func_sum = flu->func_sum;
    set_score(r, opt);
    *out = r;
    return UNSPUN_OK;
}

unspun_status us_score_read(unspun_worker *w, const char *text, size_t len,
                            uint32_t flags, unspun_error *err)
{
    us_art_clear(w);
    unspun_status rc = us_tokenize(&w->toks, text, len, err);
    if (rc)
        return rc;
    if (w->toks.words == 0)
        return us_fail(err, UNSPUN_E_EMPTY, SIZE_MAX, 0);
    rc = us_lex_assign(&w->lex, &w->toks, err);
    if (rc)
        return rc;
    english_counts(w);
    if (!english_enough(&w->lang, flags))
        return us_fail(err, UNSPUN_E_NOT_ENGLISH, SIZE_MAX, 0);
    if (us_doc_build(&w->lex, &w->toks) || us_lm_stream(w))
        return us_fail(err, UNSPUN_E_NOMEM, SIZE_MAX, 0);
    return UNSPUN_OK;
}

static int cmp_tokspan(const void *x, const void *y)
{
    const us_tokspan *a = x, *b = y;
    return a->first < b->first ? -1 : a->first > b->first;
}

/* The thesaurus swaps the references show, with their confidences, sorted
 * by first token, into w->ref_swaps (us_free it): -1 when out of memory. */
static int ref_swaps(unspun_worker *w, const us_refrun *rr)
{
    size_t n = 0;
    for (size_t k = 0; k < rr->narts; k++)
        n += rr->arts[k].kind == UNSPUN_KIND_SYNONYM;
    w->ref_swaps = NULL;
    w->nref_swaps = 0;
    if (!n)
        return 0;
    us_tokspan *v = us_malloc(w->alc, n * sizeof *v);
    if (!v)
        return -1;
    n = 0;
    for (size_t k = 0; k < rr->narts; k++)
        if (rr->arts[k].kind == UNSPUN_KIND_SYNONYM)
            v[n++] = (us_tokspan){rr->arts[k].tok_first, rr->arts[k].tok_last,
                                  rr->arts[k].confidence};
    qsort(v, n, sizeof *v, cmp_tokspan);
    w->ref_swaps = v;
    w->nref_swaps = n;
    return 0;
}

/* The pipeline proper. With `html`, `text` is its text content: tokens
 * are mapped back to the original before the result is built. */
static unspun_status score_doc(unspun_worker *w, const char *text, size_t len,
                               const unspun_score_options *opt,
                               const unspun_ref_options *ropt,
                               unspun_result **out, unspun_error *err,
                               const us_html *html)
{
    if (!text)
        text = ""; /* len is 0 */
    w->list_min = opt->min_confidence > 0 ? opt->min_confidence : US_REPORT_MIN;
    unspun_status rc = us_score_read(w, text, len, opt->flags, err);
    if (rc)
        return rc;
    /* Reference mode first: the words a reference has as they are (or
     * inflected, or respelt) are the original's, so the intrinsic
     * detectors need not weigh them (us_ref_merge would drop what they
     * found there); the alignment's evidence is folded into the
     * intrinsic artifacts before overlaps are resolved. */
    us_refrun rr;
    us_refrun_init(&rr, w->alc);
    w->original = NULL;
    if (ropt) {
        rc = us_detect_ref(w, text, ropt, &rr, err);
        if (rc) {
            us_refrun_free(&rr);
            return rc;
        }
        w->original = rr.explained;
    }
    int failed = (ropt && ref_swaps(w, &rr)) ||
                 us_detect_fingerprint(w, opt->flags) ||
                 us_detect_synonym(w, opt->flags) ||
                 us_detect_mt(w, opt->flags) || (ropt && us_ref_merge(w, &rr));
    w->original = NULL;
    us_free(w->alc, (void *)w->ref_swaps);
    w->ref_swaps = NULL;
    w->nref_swaps = 0;
    if (failed) {
        us_refrun_free(&rr);
        return us_fail(err, UNSPUN_E_NOMEM, SIZE_MAX, 0);
    }
    if (resolve_overlaps(w)) {
        us_refrun_free(&rr);
        return us_fail(err, UNSPUN_E_NOMEM, SIZE_MAX, 0);
    }
    /* A block of the data file failed its checksum while this document
     * (or another) was scored: no result can be trusted. */
    rc = us_engine_corrupt(w->eng, err);
    if (rc) {
        us_refrun_free(&rr);
        return rc;
    }
    /* Fluency judges only the wording no reference covers: none to
     * judge when one covers it all. */
    us_fluency flu = {0, 0, 0, 0};
    double cover = 0;
    for (size_t k = 0; ropt && k < rr.nused; k++)
        if (rr.coverage[k] > cover)
            cover = rr.coverage[k];
    if (cover < 0.999)
        us_lm_fluency(w, &flu);
    /* Every artifact counts towards the score; a reader is shown only what
     * is probably damage, unless the caller asks for less (w->list_min),
     * and the score is the same either way. */
    us_evidence arts_ev;
    artifact_evidence(w, ropt ? &rr : NULL, &arts_ev);
#ifdef UNSPUN_TUNING
    if (getenv("UNSPUN_DOC")) { /* bench/calibrate.py */
        double k[UNSPUN_KIND_REWRITE + 1] = {0};
        for (size_t i = 0; i < w->narts; i++)
            k[w->arts[i].kind] += w->arts[i].confidence;
        fprintf(stderr,
                "DOC\t%zu\t%zu\t%.5f\t%.5f"      /* words, fluency */
                "\t%.5f\t%.5f\t%.5f\t%.5f\t%.5f" /* per kind */
                "\t%.5f\t%.5f\n", /* mixture, the density's weighed sum */
                w->toks.words, flu.words, us_flu_func(flu.nfunc, flu.func_sum),
                us_flu_odd(flu.low, flu.words), k[0], k[1], k[2], k[3], k[4],
                w->mix_llr, arts_ev.sum);
    }
#endif
    size_t kept = 0;
    for (size_t i = 0; i < w->narts; i++) {
        if (w->arts[i].confidence < w->list_min)
            continue;
        if (us_art_spell(w, &w->arts[i])) {
            us_refrun_free(&rr);
            return us_fail(err, UNSPUN_E_NOMEM, SIZE_MAX, 0);
        }
        w->arts[kept++] = w->arts[i];
    }
    w->narts = kept;
    /* The story fingerprint, from the words as the detectors saw them
     * (us_detect_ref builds its word sequence the same way). */
    uint64_t *story = NULL;
    size_t nstory = 0;
    if ((opt->flags & UNSPUN_OPT_STORY) &&
        us_story_fingerprint(&w->lex, &w->toks, text, &story, &nstory)) {
        us_refrun_free(&rr);
        return us_fail(err, UNSPUN_E_NOMEM, SIZE_MAX, 0);
    }
    if (html) {
        us_html_remap(html, &w->toks);
        text = html->orig;
    }
    rc = build_result(w, text, opt, &arts_ev, &flu, cover,
                      ropt ? ropt->refs : NULL, ropt ? &rr : NULL, out, err);
    us_refrun_free(&rr);
    if (rc == UNSPUN_OK && *out) {
        (*out)->story = story;
        (*out)->nstory = nstory;
    } else {
        us_free(w->alc, story);
    }
    return rc;
}

/* A long text is scored in sections of about SECTION_BYTES, each as a
 * document, and their evidence added up. What the detectors learn from a
 * document (its share of swapped words, its subject, the words it uses
 * elsewhere or again and again) was calibrated on articles of 600 words
 * (3-5 kB, bench/README.md) and does not hold for a whole book or a
 * folder's worth of articles run together: the bench's 240 clean
 * articles as one text scored 69.5 ("spun") with 4.7 false artifacts per
 * 1,000 words; in sections of 8 kB, 8.9 and 1.1, and the spun texts'
 * artifacts came out more precise too (spin30 0.72 -> 0.76, mt-spa
 * 0.42 -> 0.63). A worker then also holds one section's tokens, model
 * stream and weighed words at a time: 20 MB of text peaked at 347 MB
 * and now needs a tenth of that beyond the text and the data file. A
 * section ends at a blank line, else at a line end, so that its
 * artifacts keep their columns; texts under 1.5 sections (every article
 * of the bench) are one. An HTML page is cut in sections of its text
 * content. Reference mode reads the whole document: the alignment is
 * the document's. */
#ifdef FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION
/* The fuzzers cut their inputs at 4 kB: sections of 256 bytes put the
 * cutting and joining within their reach. */
#define SECTION_BYTES ((size_t)256)
#else
#define SECTION_BYTES ((size_t)TUNE(SECTION_BYTES, 8192.0))
#endif

/* Where the section starting at `from` (the start of a line) ends: past
 * the first blank line at or after from + SECTION_BYTES, within another
 * SECTION_BYTES; else past the first line end from there; else at the
 * end. The rest of the text, when under 1.5 sections, is one. */
static size_t section_end(const char *text, size_t len, size_t from)
{
    if (len - from < SECTION_BYTES + SECTION_BYTES / 2)
        return len;
    size_t lo = from + SECTION_BYTES, hi = lo + SECTION_BYTES;
    if (hi > len)
        hi = len;
    size_t first_nl = len;
    for (size_t i = lo; i < len; i++) {
        if (text[i] != '\n')
            continue;
        if (first_nl == len)
            first_nl = i + 1;
        if (i >= hi)
            break;
        size_t j = i + 1; /* a line of blanks only, then '\n' */
        while (j < len &&
               (text[j] == ' ' || text[j] == '\t' || text[j] == '\r'))
            j++;
        if (j < len && text[j] == '\n')
            return j + 1;
    }
    return first_nl;
}

typedef struct section {
    unspun_result *r;
    size_t off; /* where it starts in the text */
} section;

/* The result of the sections sec[0..n) of `text` as one: artifacts in
 * order, at their offsets, lines and columns in the whole (with `html`,
 * whose text content `text` is: in the HTML as given, their text cut from
 * it, as build_result does after us_html_remap); words, evidence and
 * story fingerprints added up. */
static unspun_result *join_sections(const unspun_allocator *alc,
                                    const char *text, const us_html *html,
                                    const section *sec, size_t n,
                                    const us_evidence *ev)
{
    const char *src = html ? html->orig : text;
    size_t na = 0, strbytes = 0, nstory = 0;
    for (size_t k = 0; k < n; k++) {
        na += sec[k].r->n;
        nstory += sec[k].r->nstory;
        for (size_t i = 0; i < sec[k].r->n; i++) {
            const unspun_artifact *a = &sec[k].r->arts[i];
            size_t s = a->start + sec[k].off, e = a->end + sec[k].off;
            if (html) {
                s = us_html_start(html, s);
                e = us_html_end(html, e);
            }
            strbytes += e - s + 1;
            if (a->suggestion)
                strbytes += strlen(a->suggestion) + 1;
        }
    }
    size_t head = sizeof(unspun_result);
    if (na > (SIZE_MAX - head) / 2 / sizeof(unspun_artifact))
        return NULL;
    unspun_result *r =
        us_malloc(alc, head + na * sizeof(unspun_artifact) + strbytes);
    if (!r)
        return NULL;
    memset(r, 0, head);
    r->alc = alc;
    r->arts = (unspun_artifact *)(void *)((char *)r + head);
    r->ev = *ev;
    if (nstory) {
        r->story = us_malloc(alc, nstory * sizeof *r->story);
        if (!r->story) {
            us_free(alc, r);
            return NULL;
        }
    }
    char *sp = (char *)(r->arts + na);
    placer pl = {src, 1, 1, 0};
    for (size_t k = 0; k < n; k++) {
        r->words += sec[k].r->words;
        for (size_t i = 0; i < sec[k].r->n; i++) {
            unspun_artifact *o = &r->arts[r->n++];
            *o = sec[k].r->arts[i];
            o->start += sec[k].off;
            o->end += sec[k].off;
            if (html) {
                size_t e = us_html_end(html, o->end);
                o->start = us_html_start(html, o->start);
                o->end = e;
            }
            place(&pl, o);
            o->text = put_str(&sp, src + o->start, o->end - o->start);
            if (o->suggestion)
                o->suggestion =
                    put_str(&sp, o->suggestion, strlen(o->suggestion));
        }
        if (sec[k].r->nstory) {
            memcpy(r->story + r->nstory, sec[k].r->story,
                   sec[k].r->nstory * sizeof *r->story);
            r->nstory += sec[k].r->nstory;
        }
    }
    return r;
}

static void add_evidence(us_evidence *a, const us_evidence *b)
{
    a->sum += b->sum;
    a->fp += b->fp;
    a->confirmed += b->confirmed;
    a->mix += b->mix;
    a->words += b->words;
    a->flu_words += b->flu_words;
    a->flu_nfunc += b->flu_nfunc;
    a->flu_low += b->flu_low;
    a->flu_func_sum += b->flu_func_sum;
    a->lang.words += b->lang.words;
    a->lang.known += b->lang.known;
    a->lang.func += b->lang.func;
    a->lang.script += b->lang.script;
    a->lang.names += b->lang.names;
}

static unspun_status score_sections(unspun_worker *w, const char *text,
                                    size_t len, const unspun_score_options *opt,
                                    unspun_result **out, unspun_error *err,
                                    const us_html *html)
{
    /* the language is judged on the whole text, from the sections'
     * counts */
    unspun_score_options so = *opt;
    so.flags |= UNSPUN_OPT_ANY_LANGUAGE;
    section *sec = NULL;
    size_t n = 0, cap = 0;
    us_evidence ev;
    memset(&ev, 0, sizeof ev);
    unspun_status rc = UNSPUN_OK;
    for (size_t at = 0; at < len;) {
        size_t end = section_end(text, len, at);
        unspun_error e;
        unspun_result *r = NULL;
        rc = score_doc(w, text + at, end - at, &so, NULL, &r, &e, NULL);
        if (rc == UNSPUN_E_EMPTY) { /* no words in this one */
            rc = UNSPUN_OK;
            at = end;
            continue;
        }
        if (!rc && !r) { /* (score_doc makes a result when it succeeds) */
            us_fail(&e, UNSPUN_E_NOMEM, SIZE_MAX, 0);
            rc = UNSPUN_E_NOMEM;
        }
        if (rc) {
            size_t where = e.offset;
            if (where != SIZE_MAX &&
                (e.code == UNSPUN_E_UTF8 || e.code == UNSPUN_E_BINARY))
                where += at;
            us_fail_msg(err, rc, e.message, where, e.sys_errno);
            goto done;
        }
        void *p = sec;
        if (us_grow(w->alc, &p, &cap, n + 1, sizeof *sec)) {
            unspun_result_free(r);
            rc = us_fail(err, UNSPUN_E_NOMEM, SIZE_MAX, 0);
            goto done;
        }
        sec = p;
        sec[n].r = r;
        sec[n++].off = at;
        add_evidence(&ev, &r->ev);
        at = end;
    }
    if (!n) {
        rc = us_fail(err, UNSPUN_E_EMPTY, SIZE_MAX, 0);
        goto done;
    }
    if (!english_enough(&ev.lang, opt->flags)) {
        rc = us_fail(err, UNSPUN_E_NOT_ENGLISH, SIZE_MAX, 0);
        goto done;
    }
    *out = join_sections(w->alc, text, html, sec, n, &ev);
    if (!*out) {
        rc = us_fail(err, UNSPUN_E_NOMEM, SIZE_MAX, 0);
        goto done;
    }
    set_score(*out, opt);
done:
    for (size_t k = 0; k < n; k++)
        unspun_result_free(sec[k].r);
    us_free(w->alc, sec);
    return rc;
}

unspun_status unspun_score(unspun_worker *w, const char *text, size_t len,
                           const unspun_score_options *opt, unspun_result **out,
                           unspun_error *err)
{
    return unspun_score_refs(w, text, len, opt, NULL, out, err);
}

unspun_status unspun_score_refs(unspun_worker *w, const char *text, size_t len,
                                const unspun_score_options *opt,
                                const unspun_ref_options *ropt,
                                unspun_result **out, unspun_error *err)
{
    if (!w || !out || (!text && len))
        return us_fail(err, UNSPUN_E_ARG, SIZE_MAX, 0);
    *out = NULL;
    unspun_score_options def = {0};
    if (!opt)
        opt = &def;
    if (opt->flags & ~UNSPUN_OPT_ALL)
        return us_fail(err, UNSPUN_E_ARG, SIZE_MAX, 0);
    if (ropt && !ropt->refs)
        ropt = NULL;
    if (ropt && (!ropt->refs->sealed || ropt->refs->eng != w->eng))
        return us_fail(err, UNSPUN_E_ARG, SIZE_MAX, 0);
    size_t max = opt->max_bytes ? opt->max_bytes : UNSPUN_DEFAULT_MAX_BYTES;
    if (len > max)
        return us_fail(err, UNSPUN_E_TOO_BIG, max, 0);
    if (len > UINT32_MAX / 2)
        return us_fail(err, UNSPUN_E_TOO_BIG, UINT32_MAX / 2, 0);
    if (us_refuse_binary(text, len, err))
        return UNSPUN_E_BINARY;
    if (!(opt->flags & UNSPUN_OPT_HTML))
        return ropt || section_end(text, len, 0) == len
                   ? score_doc(w, text, len, opt, ropt, out, err, NULL)
                   : score_sections(w, text, len, opt, out, err, NULL);
    us_html html;
    unspun_status rc = us_html_strip(&html, w->alc, text, len, err);
    if (rc == UNSPUN_OK)
        rc = ropt || section_end(html.text, html.len, 0) == html.len
                 ? score_doc(w, html.text, html.len, opt, ropt, out, err, &html)
                 : score_sections(w, html.text, html.len, opt, out, err, &html);
    us_html_free(&html);
    return rc;
}
