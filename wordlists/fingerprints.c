/* fingerprints.c - unspun-compile's fingerprint step (build.h, step 5):
 * the tortured phrases of wordlists/ and the thesaurus's phrases as
 * sequences of Snowball stems, so that the detector matches them in any
 * inflection ("counterfeit consciousnesses"), sorted by sequence with
 * each stem's records together (the detector's index), and counted in
 * the training text: a phrase ordinary text uses often is weak evidence.
 * Stems get their final ids here, in sorted string order. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "build.h"
#include "tokenize.h"

/* A thesaurus phrase may stand for this many headwords at most. */
#define PHRASE_MAX_HEADS 4

static const uint64_t *g_counts; /* for cmp_fp: the words' counts */

/* Order by stem sequence, then tortured phrases before thesaurus phrases,
 * then the most common headword, then the correction: equal sequences end
 * up adjacent with the one to keep first. */
static int cmp_fp(const void *px, const void *py)
{
    const fp_tmp *x = px, *y = py;
    for (uint32_t k = 0; k < x->len && k < y->len; k++)
        if (x->seq[k] != y->seq[k])
            return x->seq[k] < y->seq[k] ? -1 : 1;
    if (x->len != y->len)
        return x->len < y->len ? -1 : 1;
    if (x->kind != y->kind)
        return x->kind < y->kind ? -1 : 1;
    if (x->kind == US_FP_PHRASE && g_counts[x->head] != g_counts[y->head])
        return g_counts[x->head] > g_counts[y->head] ? -1 : 1;
    return strcmp(x->correct, y->correct);
}

static int same_seq(const fp_tmp *x, const fp_tmp *y)
{
    return x->len == y->len && !memcmp(x->seq, y->seq, x->len * sizeof *x->seq);
}

/* Tokenise `text` and add it as a record of kind `kind` (correction
 * `correct`, malloc'ed; head and pick for a thesaurus phrase) unless it
 * has fewer than two tokens besides numbers; stems are ids of b->stems.
 * The tokenizer writes every number as "<num>", so "128 pieces" (for "128
 * bits") would be "any number, then pieces", which ordinary text writes
 * ("4,000 pieces"). */
static void add_record(build *b, us_tokens *ft, uint32_t *cap, const char *text,
                       char *correct, uint32_t head, uint32_t kind, float pick)
{
    unspun_error e;
    size_t other = 0; /* tokens that are not numbers */
    if (!us_tokenize(ft, text, strlen(text), &e))
        for (size_t i = 0; i < ft->n; i++)
            other += ft->tok[i].kind != US_TOK_NUM;
    if (other < 2) {
        free(correct);
        return;
    }
    uint32_t *sq = xmalloc(ft->n * sizeof *sq);
    for (size_t i = 0; i < ft->n; i++) {
        const char *w = us_tok_norm(ft, &ft->tok[i]);
        const sb_symbol *s = sb_stemmer_stem(b->stemmer, (const sb_symbol *)w,
                                             (int)ft->tok[i].norm_len);
        sq[i] = st_find(&b->stems, (const char *)s,
                        (size_t)sb_stemmer_length(b->stemmer), 1);
    }
    if (b->nfps == *cap) {
        *cap = *cap ? *cap * 2 : 256;
        b->fps = xrealloc(b->fps, *cap * sizeof *b->fps);
    }
    fp_tmp *f = &b->fps[b->nfps++];
    f->seq = sq;
    f->len = (uint32_t)ft->n;
    f->correct = correct;
    f->count = 0;
    f->head = head;
    f->kind = kind;
    f->pick = pick;
    b->nfpseq += (uint32_t)ft->n;
}

/* The records: the tortured phrases ("tortured<TAB>correct"), then the
 * thesaurus phrases, so that an equal sequence keeps its curated
 * correction. */
static void read_records(build *b)
{
    size_t fplen;
    char *fptext = read_file(b->o.fps, &fplen);
    build_hash(b, fptext, fplen);
    uint32_t cap = 0;
    us_tokens ft;
    us_tokens_init(&ft, &us_default_allocator);
    char *save = NULL;
    for (char *line = strtok_r(fptext, "\n", &save); line;
         line = strtok_r(NULL, "\n", &save)) {
        if (line[0] == '#' || !line[0])
            continue;
        char *tab = strchr(line, '\t');
        if (!tab)
            continue;
        *tab = '\0';
        char *correct = tab + 1;
        char *t2 = strchr(correct, '\t');
        if (t2)
            *t2 = '\0';
        add_record(b, &ft, &cap, line, lower_trim(correct, strlen(correct)),
                   US_NONE, US_FP_TORTURED, 1);
    }
    for (uint32_t p = 0; p < b->nphr; p++) {
        uint32_t h = b->phr[p].head;
        add_record(b, &ft, &cap, b->phr[p].text,
                   lower_trim(b->voc.str[h], b->voc.len[h]), h, US_FP_PHRASE,
                   b->phr[p].pick);
    }
    us_tokens_free(&ft);
    for (uint32_t p = 0; p < b->nphr; p++)
        free(b->phr[p].text);
    free(b->phr);
    b->phr = NULL;
    free(fptext);
}

/* Stems sorted by string, for deterministic ids: renumber the words' and
 * the records' stems; b->stem_order maps the new ids back. */
static void order_stems(build *b)
{
    strtab *stems = &b->stems;
    uint32_t *stem_new = xmalloc((size_t)stems->n * sizeof *stem_new);
    b->stem_order = xmalloc((size_t)stems->n * sizeof *b->stem_order);
    char **ss = xmalloc((size_t)stems->n * sizeof *ss);
    for (uint32_t i = 0; i < stems->n; i++)
        ss[i] = stems->str[i];
    qsort(ss, stems->n, sizeof *ss, cmp_str);
    for (uint32_t i = 0; i < stems->n; i++) {
        uint32_t old = st_find(stems, ss[i], strlen(ss[i]), 0);
        b->stem_order[i] = old;
        stem_new[old] = i;
    }
    free(ss);
    for (uint32_t id = 0; id < b->voc.n; id++)
        b->wr[id].stem =
            b->word_stem[id] == US_NONE ? US_NONE : stem_new[b->word_stem[id]];
    for (uint32_t f = 0; f < b->nfps; f++)
        for (uint32_t k = 0; k < b->fps[f].len; k++)
            b->fps[f].seq[k] = stem_new[b->fps[f].seq[k]];
    free(stem_new);
}

/* Sort the records by (first stem, sequence, kind, correction) and keep
 * a tortured phrase alone, and up to PHRASE_MAX_HEADS headwords of a
 * thesaurus phrase (most common first): the detector weighs each in
 * place ("state of affairs" may stand for "situation" or "thing"). */
static void sort_records(build *b)
{
    g_counts = b->voc.count;
    qsort(b->fps, b->nfps, sizeof *b->fps, cmp_fp);
    fp_tmp *fps = b->fps;
    uint32_t m = 0;
    b->nfpseq = 0;
    for (uint32_t i = 0; i < b->nfps; i++) {
        uint32_t same = 0;
        while (same < m && same_seq(&fps[m - 1 - same], &fps[i]))
            same++;
        int drop = same &&
                   (fps[m - 1].kind == US_FP_TORTURED ||
                    fps[i].kind == US_FP_TORTURED || same >= PHRASE_MAX_HEADS ||
                    fps[m - 1].head == fps[i].head);
        if (drop) {
            free(fps[i].seq);
            free(fps[i].correct);
            continue;
        }
        fps[m++] = fps[i];
        b->nfpseq += fps[i].len;
    }
    b->nfps = m;
}

/* Count each record in the training text (by stems). */
static void count_records(build *b)
{
    uint32_t nstems = b->stems.n;
    uint32_t *sst = xmalloc((size_t)b->voc.n * sizeof *sst);
    for (uint32_t id = 0; id < b->voc.n; id++)
        sst[id] = b->wr[id].stem;
    uint32_t *first = xmalloc((size_t)nstems * sizeof *first);
    uint32_t *nfirst = xcalloc(nstems, sizeof *nfirst);
    fp_tmp *fps = b->fps;
    for (uint32_t f = b->nfps; f-- > 0;) {
        first[fps[f].seq[0]] = f;
        nfirst[fps[f].seq[0]]++;
    }
    const uint32_t *seq = b->seq;
    for (uint64_t i = 0; i < b->nseq; i++) {
        if (seq[i] == US_NONE)
            continue;
        uint32_t s0 = sst[seq[i]];
        if (s0 == US_NONE || !nfirst[s0])
            continue;
        for (uint32_t f = first[s0]; f < first[s0] + nfirst[s0]; f++) {
            uint32_t k = 1;
            while (k < fps[f].len && i + k < b->nseq && seq[i + k] != US_NONE &&
                   sst[seq[i + k]] == fps[f].seq[k])
                k++;
            if (k == fps[f].len)
                fps[f].count++;
        }
    }
    free(sst);
    free(first);
    free(nfirst);
}

void step_fingerprints(build *b)
{
    read_records(b);
    order_stems(b);
    sort_records(b);
    count_records(b);
}
