/* compile.c - unspun-compile: build unspun's data file from the wordlists,
 * the training text and Debian's data.
 *
 *   unspun-compile --corpus corpus.txt --thesaurus th_en_US_v2.dat
 *                  --fingerprints fingerprints-pps.tsv
 *                  --function-words function-words.tsv
 *                  --dict-dir /usr/share/hunspell --known known.txt
 *                  --lm en-us.lm.bin [--wordnet DIR]
 *                  [--stamp TEXT] [--stamp-file FILE] --out unspun.dat
 *
 * The training text is tokenised with the detector's own tokenizer, so the
 * counts the detectors look up are counts of exactly the units they see.
 * Everything the detectors need per word (Hunspell verdict, Snowball stem,
 * thesaurus candidates re-inflected to the word's form, topical
 * associations) is computed here once, so scoring never parses text data
 * and never waits for Hunspell on ordinary words. This file holds main
 * and the first three steps (build.h lists them; build.c the helpers
 * they share). */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "build.h"
#include "tokenize.h"

/* ---- 1. the training text ---- */

/* Tokenise the training text line by line with the detector's tokenizer:
 * b->seq gets each line's word ids (raw: every spelling met), a sentence
 * start <s> between its sentences and at its end, US_NONE before it. */
void step_corpus(build *b)
{
    size_t clen;
    char *corpus = read_file(b->o.corpus, &clen);
    build_hash(b, corpus, clen);
    strtab *raw = &b->raw;
    uint64_t capseq = 0;
    us_tokens toks;
    us_tokens_init(&toks, &us_default_allocator);
    b->raw_bos = st_find(raw, "<s>", 3, 1);
    size_t pos = 0;
    while (pos < clen) {
        char *nl = memchr(corpus + pos, '\n', clen - pos);
        size_t end = nl ? (size_t)(nl - corpus) : clen;
        unspun_error err;
        if (us_tokenize(&toks, corpus + pos, end - pos, &err) == UNSPUN_OK &&
            toks.n) {
            if (b->nseq + toks.n * 2 + 4 > capseq) {
                capseq = (capseq + toks.n * 2 + 4) * 2;
                b->seq = xrealloc(b->seq, capseq * sizeof *b->seq);
            }
            b->seq[b->nseq++] = US_NONE;
            for (size_t i = 0; i < toks.n; i++) {
                const us_token *k = &toks.tok[i];
                if (k->flags & US_TF_SENT && i) {
                    b->seq[b->nseq++] = b->raw_bos;
                    raw->count[b->raw_bos]++;
                }
                uint32_t id =
                    st_find(raw, us_tok_norm(&toks, k), k->norm_len, 1);
                raw->count[id]++;
                b->seq[b->nseq++] = id;
            }
            b->seq[b->nseq++] = b->raw_bos;
            raw->count[b->raw_bos]++;
        }
        pos = end + 1;
    }
    us_tokens_free(&toks);
    free(corpus);
    fprintf(stderr, "unspun-compile: %llu tokens, %u raw types\n",
            (unsigned long long)b->nseq, raw->n);
}

/* ---- 2. the vocabulary ---- */

/* The background model; its words and probabilities are part of the
 * data. */
static void load_model(build *b)
{
    lm_model *lm = &b->lm;
    lm_load(b->o.lm, lm);
    for (uint32_t i = 0; i < lm->nw; i++)
        build_hash(b, lm->word[i], strlen(lm->word[i]));
    build_hash(b, lm->uprob, (size_t)lm->nw * sizeof *lm->uprob);
    build_hash(b, lm->bi_p, (size_t)lm->nbi * sizeof *lm->bi_p);
    build_hash(b, lm->tri_p, (size_t)lm->ntri * sizeof *lm->tri_p);
    fprintf(stderr,
            "unspun-compile: language model (%s): %u words, %llu bigram "
            "nodes, %llu trigram nodes\n",
            lm->source, lm->nw, (unsigned long long)lm->nbi,
            (unsigned long long)lm->ntri);
}

/* The words kept, sorted, each once: the model's, the thesaurus's forms
 * (*thforms, nthforms), the training text's common enough, and the
 * special words the training text lacks. */
static void keep_words(build *b, char **thforms, uint32_t nthforms)
{
    strtab *raw = &b->raw, *voc = &b->voc;
    char **keep =
        xmalloc(((size_t)raw->n + b->lm.nw + nthforms + 4) * sizeof *keep);
    uint32_t nk = 0;
    for (uint32_t i = 0; i < b->lm.nw; i++)
        keep[nk++] = b->lm.word[i];
    for (uint32_t i = 0; i < nthforms; i++)
        keep[nk++] = thforms[i];
    for (uint32_t i = 0; i < raw->n; i++)
        if (raw->count[i] >= MIN_COUNT || i == b->raw_bos)
            keep[nk++] = raw->str[i];
    const char *specials[] = {"<unk>", "<num>", "<s>"};
    for (int k = 0; k < 3; k++) {
        uint32_t r = st_find(raw, specials[k], strlen(specials[k]), 0);
        if (r == US_NONE || raw->count[r] < MIN_COUNT)
            keep[nk++] = (char *)specials[k];
    }
    qsort(keep, nk, sizeof *keep, cmp_str);
    for (uint32_t i = 0; i < nk; i++) {
        if (i && !strcmp(keep[i], keep[i - 1]))
            continue;
        uint32_t id = st_find(voc, keep[i], strlen(keep[i]), 1);
        uint32_t r = st_find(raw, keep[i], strlen(keep[i]), 0);
        voc->count[id] = r == US_NONE ? 0 : raw->count[r];
    }
    free(keep);
}

/* Each model word's vocabulary id and back, and each word's frequency on
 * the model's scale (ln P; training counts where the model lacks it). */
static void map_model(build *b)
{
    strtab *voc = &b->voc;
    const lm_model *lm = &b->lm;
    b->lm_word_of = xmalloc(((size_t)lm->nw + 1) * sizeof *b->lm_word_of);
    b->voc_lm = xmalloc((size_t)voc->n * sizeof *b->voc_lm);
    for (uint32_t id = 0; id < voc->n; id++)
        b->voc_lm[id] = US_NONE;
    for (uint32_t i = 0; i < lm->nw; i++) {
        b->lm_word_of[i] = st_find(voc, lm->word[i], strlen(lm->word[i]), 0);
        if (b->lm_word_of[i] == US_NONE)
            die("language model word lost: %s", lm->word[i]);
        b->voc_lm[b->lm_word_of[i]] = i;
    }
    b->freq = xmalloc((size_t)voc->n * sizeof *b->freq);
    uint64_t ctotal = 0;
    for (uint32_t id = 0; id < voc->n; id++)
        ctotal += voc->count[id];
    for (uint32_t id = 0; id < voc->n; id++)
        b->freq[id] = b->voc_lm[id] != US_NONE
                          ? lm->uprob[b->voc_lm[id]]
                          : log((voc->count[id] + 0.5) / (ctotal + 1.0));
}

/* The vocabulary: the model's words, the thesaurus's words in every form
 * Hunspell accepts (a spinner may have put them in, so they get
 * candidates, but are never a candidate the model cannot weigh), and the
 * training text's words seen MIN_COUNT times, in sorted order; the
 * training text renumbered into it (rarer words: <unk>). */
void step_vocabulary(build *b)
{
    load_model(b);
    char **thforms = NULL;
    size_t tl, kl;
    char *tt = read_file(b->o.thesaurus, &tl);
    char *kforms = read_file(b->o.known, &kl);
    char aff0[4096], dic0[4096];
    snprintf(aff0, sizeof aff0, "%s/en_US.aff", b->o.dict_dir);
    snprintf(dic0, sizeof dic0, "%s/en_US.dic", b->o.dict_dir);
    Hunhandle *h0 = Hunspell_create(aff0, dic0);
    if (!h0)
        die("cannot load %s (install Debian package hunspell-en-us)", dic0);
    uint32_t nthforms = thesaurus_forms(tt, tl, kforms, h0, &thforms);
    Hunspell_destroy(h0);
    free(tt);
    fprintf(stderr, "unspun-compile: %u word forms of thesaurus words\n",
            nthforms);
    keep_words(b, thforms, nthforms);
    strtab *voc = &b->voc, *raw = &b->raw;
    b->id_unk = st_find(voc, "<unk>", 5, 0);
    b->id_num = st_find(voc, "<num>", 5, 0);
    b->id_bos = st_find(voc, "<s>", 3, 0);
    b->nvoc_corpus = voc->n;
    map_model(b);
    b->is_thform = xcalloc(voc->n, 1);
    for (uint32_t i = 0; i < nthforms; i++) {
        uint32_t id = st_find(voc, thforms[i], strlen(thforms[i]), 0);
        if (id != US_NONE)
            b->is_thform[id] = 1;
    }
    free(thforms);
    free(kforms);
    uint32_t *raw2voc = xmalloc((size_t)raw->n * sizeof *raw2voc);
    for (uint32_t i = 0; i < raw->n; i++) {
        uint32_t v = st_find(voc, raw->str[i], raw->len[i], 0);
        raw2voc[i] = v == US_NONE ? b->id_unk : v;
        if (v == US_NONE)
            voc->count[b->id_unk] += raw->count[i];
    }
    for (uint64_t i = 0; i < b->nseq; i++)
        if (b->seq[i] != US_NONE) {
            b->seq[i] = raw2voc[b->seq[i]];
            b->total++;
        }
    free(raw2voc);
    fprintf(stderr, "unspun-compile: %u words kept\n", voc->n);
}

/* ---- 3. dictionaries, stemmer, function words ---- */

static Hunhandle *open_dictionary(const char *dir, const char *lang,
                                  const char *package)
{
    char aff[4096], dic[4096];
    snprintf(aff, sizeof aff, "%s/%s.aff", dir, lang);
    snprintf(dic, sizeof dic, "%s/%s.dic", dir, lang);
    FILE *probe = fopen(dic, "rb");
    if (!probe)
        die("cannot open %s (install Debian package %s)", dic, package);
    fclose(probe);
    return Hunspell_create(aff, dic);
}

/* One line of function-words.tsv, "word<TAB>classes<TAB>source": the
 * word, its classes ("det", "prep,conj", ...) as US_WF_* bits in its
 * count. */
static void function_word(strtab *fw, char *line)
{
    static const struct {
        const char *name;
        unsigned flag;
    } classes[] = {{"det", US_WF_DET},   {"prep", US_WF_PREP},
                   {"aux", US_WF_AUX},   {"modal", US_WF_MODAL},
                   {"pron", US_WF_PRON}, {"conj", US_WF_CONJ}};
    char *w = lower_trim(line, strcspn(line, "\t"));
    if (*w) {
        uint32_t id = st_find(fw, w, strlen(w), 1);
        const char *cls = strchr(line, '\t');
        size_t cl = cls ? strcspn(cls + 1, "\t") : 0;
        for (size_t c = 0; cls && c < sizeof classes / sizeof *classes; c++) {
            size_t nl = strlen(classes[c].name);
            for (const char *q = cls + 1; q + nl <= cls + 1 + cl; q++)
                if (!memcmp(q, classes[c].name, nl) &&
                    (q == cls + 1 || q[-1] == ',') &&
                    (q + nl == cls + 1 + cl || q[nl] == ','))
                    fw->count[id] |= classes[c].flag;
        }
    }
    free(w);
}

void step_dictionaries(build *b)
{
    b->hus = open_dictionary(b->o.dict_dir, "en_US", "hunspell-en-us");
    b->hgb = open_dictionary(b->o.dict_dir, "en_GB", "hunspell-en-gb");
    b->stemmer = sb_stemmer_new("english", NULL);
    if (!b->hus || !b->hgb || !b->stemmer)
        die("cannot initialise Hunspell or libstemmer");
    size_t flen;
    char *funcs = read_file(b->o.funcs, &flen);
    build_hash(b, funcs, flen);
    for (char *line = strtok(funcs, "\n"); line; line = strtok(NULL, "\n"))
        if (line[0] != '#' && line[0])
            function_word(&b->fw, line);
    free(funcs);
}

/* ---- main ---- */

static void usage(void)
{
    fputs("usage: unspun-compile --corpus FILE --thesaurus FILE "
          "--fingerprints FILE\n"
          "                      --function-words FILE --dict-dir DIR "
          "[--stamp TEXT] [--stamp-file FILE]\n"
          "                      --known FILE --lm FILE [--wordnet DIR] "
          "--out FILE\n"
          "--known: every word form Hunspell accepts, one per line (the\n"
          "build writes it with hunspell-tools' unmunch from en_US, en_GB)\n"
          "--lm: a backoff trigram model, Sphinx's binary trie (Debian's\n"
          "pocketsphinx-en-us en-us.lm.bin) or ARPA text\n"
          "--wordnet: WordNet's dict directory (default /usr/share/wordnet)\n",
          stderr);
    exit(2);
}

static void parse_options(int argc, char **argv, opts *o)
{
    static const char *const names[] = {
        "--corpus",   "--thesaurus", "--fingerprints", "--function-words",
        "--dict-dir", "--stamp",     "--stamp-file",   "--known",
        "--lm",       "--out",       "--wordnet"};
    memset(o, 0, sizeof *o);
    const char **fields[] = {&o->corpus,     &o->thesaurus, &o->fps,
                             &o->funcs,      &o->dict_dir,  &o->stamp,
                             &o->stamp_file, &o->known,     &o->lm,
                             &o->out,        &o->wordnet};
    for (int i = 1; i < argc; i++) {
        size_t k = 0, n = sizeof names / sizeof *names;
        while (k < n && strcmp(argv[i], names[k]))
            k++;
        if (k == n || ++i >= argc)
            usage();
        *fields[k] = argv[i];
    }
    if (!o->corpus || !o->thesaurus || !o->fps || !o->funcs || !o->dict_dir ||
        !o->known || !o->lm || !o->out)
        usage();
}

int main(int argc, char **argv)
{
    build b;
    memset(&b, 0, sizeof b);
    parse_options(argc, argv, &b.o);
    /* The data version hashes the format, every input's bytes and the
     * stamp. */
    b.vh = 1469598103934665603ull;
    char fmt[16];
    snprintf(fmt, sizeof fmt, "format %u", US_DATA_FORMAT);
    build_hash(&b, fmt, strlen(fmt));
    step_corpus(&b);
    step_vocabulary(&b);
    step_dictionaries(&b);
    step_thesaurus(&b);
    step_fingerprints(&b);
    step_associations(&b);
    step_layout(&b);
    /* The process exits: the OS reclaims the build-time tables. */
    Hunspell_destroy(b.hus);
    Hunspell_destroy(b.hgb);
    sb_stemmer_delete(b.stemmer);
    return 0;
}
