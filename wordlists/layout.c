/* layout.c - unspun-compile's last step (build.h, step 7): the data
 * file. Every table the steps before made becomes a section (data.h): the
 * strings, word, stem and fingerprint records, their hash slots,
 * candidates and associations, the known-form table, reference mode's
 * tables and the language model; then the blocks' hashes, the header with
 * its section table, and the file, written whole under a temporary name
 * and renamed. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "build.h"
#include "refkey.h"
#include "xxh.h"

/* The file's sections as they are made. */
typedef struct layout {
    us_data_header hd;
    const void *ptr[US_NSEC];
    uint64_t size[US_NSEC];
    us_buf strings, kstr;
    lm_packed lmp;
} layout;

static void section(layout *l, int k, const void *p, uint64_t size)
{
    l->ptr[k] = p;
    l->size[k] = size;
}

/* ---- strings and records ---- */

/* The string table (offset 0: the empty string) with every word, stem
 * and correction, and the word, stem and fingerprint records pointing
 * into it. */
static void records(build *b, layout *l)
{
    us_buf *strings = &l->strings;
    us_buf_init(strings, &us_default_allocator);
    us_buf_put(strings, "", 1);
    const strtab *voc = &b->voc, *stems = &b->stems;
    for (uint32_t id = 0; id < voc->n; id++) {
        b->wr[id].str = (uint32_t)strings->len;
        b->wr[id].count =
            (uint32_t)(voc->count[id] > UINT32_MAX ? UINT32_MAX
                                                   : voc->count[id]);
        b->wr[id].lm = b->voc_lm[id];
        us_buf_put(strings, voc->str[id], voc->len[id] + 1);
    }
    us_stem_rec *sr = xcalloc(stems->n, sizeof *sr);
    for (uint32_t i = 0; i < stems->n; i++) {
        uint32_t old = b->stem_order[i];
        sr[i].str = (uint32_t)strings->len;
        sr[i].fp = US_NONE;
        us_buf_put(strings, stems->str[old], stems->len[old] + 1);
    }
    us_fp_rec *fr = xcalloc(b->nfps, sizeof *fr);
    uint32_t *fpseq = xmalloc(((size_t)b->nfpseq + 1) * sizeof *fpseq);
    uint32_t fq = 0;
    for (uint32_t f = 0; f < b->nfps; f++) {
        const fp_tmp *t = &b->fps[f];
        fr[f].seq = fq;
        fr[f].len = t->len;
        fr[f].count = t->count;
        double c = t->pick > 0 ? -log(t->pick) * US_PICK_UNIT : 255;
        fr[f].cost = (uint32_t)(c > 255 ? 255 : c + 0.5);
        fr[f].head = t->head;
        fr[f].kind = t->kind;
        fr[f].correct = (uint32_t)strings->len;
        us_buf_put(strings, t->correct, strlen(t->correct) + 1);
        memcpy(fpseq + fq, t->seq, t->len * sizeof *fpseq);
        fq += t->len;
        us_stem_rec *s0 = &sr[t->seq[0]];
        if (s0->fp == US_NONE)
            s0->fp = f;
        s0->nfp++;
    }
    section(l, US_SEC_WORDS, b->wr, (uint64_t)voc->n * sizeof *b->wr);
    section(l, US_SEC_STEMS, sr, (uint64_t)stems->n * sizeof *sr);
    section(l, US_SEC_FPS, fr, (uint64_t)b->nfps * sizeof *fr);
    section(l, US_SEC_FP_SEQ, fpseq, (uint64_t)b->nfpseq * 4);
}

/* Every form Hunspell accepts (known.txt), as a hash set of offsets into
 * its own string table (offset 0 is "no form": the slot is empty): the
 * detector asks it instead of loading Hunspell (0.1-0.2 s a process).
 * Returns the slots; their count in *nks. */
static uint32_t *known_forms(build *b, layout *l, uint32_t *nks)
{
    size_t klen;
    char *ktext = read_file(b->o.known, &klen);
    build_hash(b, ktext, klen);
    uint32_t nknown = 0;
    for (size_t i = 0; i < klen; i++)
        nknown += ktext[i] == '\n';
    *nks = 1;
    while (*nks < nknown * 2u + 2)
        *nks <<= 1;
    uint32_t mask = *nks - 1;
    uint32_t *kslots = xcalloc(*nks, sizeof *kslots);
    us_buf *kstr = &l->kstr;
    us_buf_init(kstr, &us_default_allocator);
    us_buf_putc(kstr, '\0');
    char *save = NULL;
    for (char *line = strtok_r(ktext, "\n", &save); line;
         line = strtok_r(NULL, "\n", &save)) {
        size_t n = strcspn(line, "\r");
        if (!n || n > 200)
            continue;
        uint32_t h = (uint32_t)us_hash_str(line, n) & mask;
        int dup = 0;
        while (kslots[h] && !dup) {
            const char *o2 = kstr->data + kslots[h];
            dup = strlen(o2) == n && !memcmp(o2, line, n);
            if (!dup)
                h = (h + 1) & mask;
        }
        if (dup)
            continue;
        kslots[h] = (uint32_t)kstr->len;
        us_buf_put(kstr, line, n);
        us_buf_putc(kstr, '\0');
    }
    free(ktext);
    if (kstr->failed || kstr->len > UINT32_MAX - 8)
        die("known-form table too large");
    while (kstr->len % 8)
        us_buf_putc(kstr, '\0');
    return kslots;
}

/* ---- reference mode: which dictionary accepts each known form ---- */

/* A byte per slot of the known table (US_DICT_*), parallel to it: the
 * detector tells a spelling variant ("colour" / "color": each accepted by
 * one dictionary only) from two different words without loading Hunspell
 * at run time. Answered by Hunspell itself, as the detector used to ask. */
static unsigned char *known_dicts(Hunhandle *hus, Hunhandle *hgb,
                                  const uint32_t *kslots, uint32_t nks,
                                  const char *strings)
{
    unsigned char *d = xcalloc((size_t)nks + 8, 1);
    for (uint32_t h = 0; h < nks; h++) {
        if (!kslots[h])
            continue;
        const char *w = strings + kslots[h];
        d[h] = (unsigned char)((Hunspell_spell(hus, w) ? US_DICT_US : 0) |
                               (Hunspell_spell(hgb, w) ? US_DICT_GB : 0));
    }
    return d;
}

/* ---- reference mode: the thesaurus and WordNet's irregular forms ----
 *
 * What reference mode needs from MyThes and WordNet, as keys (refkey.h)
 * the detector looks up in place in the mapped file: no parsing at run
 * time, no per-pool copies. */

typedef struct ref_tables {
    uint32_t *thes; /* thes-pairs */
    uint32_t nthes;
    uint64_t *phrase_bits; /* thes-phrases */
    uint32_t nphrase_bits;
    us_exc *exc; /* lemma-exc */
    uint32_t nexc;
    uint64_t hash; /* of the WordNet files read, for the data version */
} ref_tables;

static void push_u64(uint64_t **v, size_t *n, size_t *cap, uint64_t x)
{
    if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 1024;
        *v = xrealloc(*v, *cap * sizeof **v);
    }
    (*v)[(*n)++] = x;
}

static int cmp_key64(const void *x, const void *y)
{
    uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
    return a < b ? -1 : a > b;
}

/* Sort the n keys at v and drop repeats; returns how many are left. */
static size_t sort_unique(uint64_t *v, size_t n)
{
    qsort(v, n, sizeof *v, cmp_key64);
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (!m || v[i] != v[m - 1])
            v[m++] = v[i];
    return m;
}

/* The phrase bitmap (refkey.h) of the n phrase keys at k (sorted). */
static void phrase_bitmap(ref_tables *rt, const uint64_t *k, size_t n)
{
    uint64_t nbits = 64;
    while (nbits < US_PHRASE_BITS_MAX && nbits < n * US_PHRASE_BITS_PER)
        nbits <<= 1;
    rt->phrase_bits = xcalloc(nbits / 64, 8);
    rt->nphrase_bits = (uint32_t)nbits;
    for (size_t i = 0; i < n; i++) {
        uint64_t bit = us_phrase_bit(k[i], nbits);
        rt->phrase_bits[bit >> 6] |= (uint64_t)1 << (bit & 63);
    }
}

/* MyThes: "head|nsenses", then per sense "(pos)|syn|syn (x)|...". Every
 * pair (head, synonym) but antonyms, phrases of up to US_PHRASE_MAX
 * words; multi-word phrases also in the phrase bitmap. */
static void ref_thesaurus(const char *path, struct sb_stemmer *st,
                          ref_tables *rt)
{
    size_t len;
    char *buf = read_file(path, &len);
    uint64_t *pairs = NULL, *phrases = NULL;
    size_t np = 0, cap = 0, nphr = 0, capphr = 0;
    long senses = 0;
    uint64_t headkey = 0;
    int keep = 0;
    char *end = buf + len;
    char *line = memchr(buf, '\n', len);
    line = line ? line + 1 : end; /* the first line: the encoding */
    while (line < end) {
        char *nl = memchr(line, '\n', (size_t)(end - line));
        if (!nl)
            nl = end;
        *nl = '\0';
        char *next = nl + 1;
        if (senses == 0) {
            char *bar = strchr(line, '|');
            if (bar) {
                senses = strtol(bar + 1, NULL, 10);
                if (senses < 0)
                    senses = 0;
                uint64_t k[US_PHRASE_MAX];
                size_t nk = us_phrase_keys(st, line, (size_t)(bar - line), k);
                keep = nk > 0;
                headkey = keep ? us_phrase_key(k, nk) : 0;
                if (nk > 1)
                    push_u64(&phrases, &nphr, &capphr, headkey);
            }
            line = next;
            continue;
        }
        senses--;
        char *p = keep ? strchr(line, '|') : NULL;
        while (p) {
            char *sy = p + 1;
            char *e = strchr(sy, '|');
            size_t n = e ? (size_t)(e - sy) : strlen(sy);
            char *paren = memchr(sy, '(', n);
            int antonym = paren && !strncmp(paren, "(antonym", 8);
            if (paren)
                n = (size_t)(paren - sy);
            uint64_t k[US_PHRASE_MAX];
            size_t nk = antonym ? 0 : us_phrase_keys(st, sy, n, k);
            if (nk) {
                uint64_t sk = us_phrase_key(k, nk);
                if (nk > 1)
                    push_u64(&phrases, &nphr, &capphr, sk);
                if (sk != headkey)
                    push_u64(&pairs, &np, &cap, us_pair_key(headkey, sk));
            }
            p = e;
        }
        line = next;
    }
    free(buf);
    /* Sorted and unique, so the table's layout depends on the pairs
     * only; then at most 2/3 full. */
    size_t m = sort_unique(pairs, np);
    uint64_t ns = 16;
    while (ns < m + m / 2 + 1)
        ns <<= 1;
    if (ns > UINT32_MAX)
        die("thesaurus too large");
    rt->thes = xcalloc(ns, sizeof *rt->thes);
    rt->nthes = (uint32_t)ns;
    for (size_t i = 0; i < m; i++) {
        uint32_t tag = us_thes_tag(pairs[i]);
        uint64_t h = pairs[i] & (ns - 1);
        while (rt->thes[h])
            h = (h + 1) & (ns - 1);
        rt->thes[h] = tag;
    }
    free(pairs);
    size_t mp = sort_unique(phrases, nphr);
    phrase_bitmap(rt, phrases, mp);
    free(phrases);
    fprintf(stderr,
            "unspun-compile: thesaurus: %zu pairs in %llu slots (%.1f MB), "
            "%zu phrases in a %u-bit map\n",
            m, (unsigned long long)ns, (double)ns * 4 / 1e6, mp,
            rt->nphrase_bits);
}

static int cmp_exc(const void *x, const void *y)
{
    const us_exc *a = x, *b = y;
    if (a->form != b->form)
        return a->form < b->form ? -1 : 1;
    return a->lemma < b->lemma ? -1 : a->lemma > b->lemma;
}

/* WordNet's exception lists ("began begin", "mice mouse"): neither
 * Snowball nor Hunspell undoes irregular forms. The first lemma of each
 * line, as keys; sorted by form, then lemma. */
static void ref_exceptions(const char *dir, struct sb_stemmer *st,
                           ref_tables *rt)
{
    static const char *const files[] = {"verb.exc", "noun.exc", "adj.exc"};
    size_t cap = 0;
    for (size_t f = 0; f < sizeof files / sizeof *files; f++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, files[f]);
        size_t len;
        char *buf = read_file(path, &len);
        rt->hash = rt->hash * 31 + us_hash_str(buf, len);
        char *save = NULL;
        for (char *line = strtok_r(buf, "\n", &save); line;
             line = strtok_r(NULL, "\n", &save)) {
            char *sp = strchr(line, ' ');
            if (!sp)
                continue;
            char *lemma = sp + 1;
            size_t ll = strcspn(lemma, " \r");
            uint64_t fk, lk;
            if (us_norm_key(st, line, (size_t)(sp - line), &fk) ||
                us_norm_key(st, lemma, ll, &lk) || fk == lk)
                continue;
            if (rt->nexc == cap) {
                cap = cap ? cap * 2 : 4096;
                rt->exc = xrealloc(rt->exc, cap * sizeof *rt->exc);
            }
            rt->exc[rt->nexc].form = fk;
            rt->exc[rt->nexc].lemma = lk;
            rt->nexc++;
        }
        free(buf);
    }
    if (rt->nexc)
        qsort(rt->exc, rt->nexc, sizeof *rt->exc, cmp_exc);
    fprintf(stderr, "unspun-compile: %u irregular forms (WordNet)\n", rt->nexc);
}

/* ---- verification by blocks (data.h) ---- */

/* The checksum (us_block_sum) of every US_BLOCK bytes of the sections
 * checked by blocks, in section order; *n gets the count. */
static uint32_t *block_hashes(const void *const *ptr, const uint64_t *size,
                              uint32_t *n)
{
    uint64_t total = 0;
    for (int k = 0; k < US_NSEC; k++)
        if (us_sec_blocked(k))
            total += us_blocks_of(size[k]);
    if (total > UINT32_MAX)
        die("too many blocks");
    uint32_t *h = xmalloc((total + 1) * sizeof *h);
    uint64_t i = 0;
    for (int k = 0; k < US_NSEC; k++) {
        if (!us_sec_blocked(k))
            continue;
        for (uint64_t o = 0; o < size[k]; o += US_BLOCK)
            h[i++] = us_section_block_sum(ptr[k], size[k], o);
    }
    *n = (uint32_t)total;
    return h;
}

/* An open-addressing table of the n strings (str[order[i]], or str[i]
 * without order; each at slot hash & (slots - 1) or the next free one,
 * as i + 1), at most half full. */
static uint32_t *hash_slots(char *const *str, const uint32_t *len,
                            const uint32_t *order, uint32_t n, uint32_t *nslots)
{
    uint32_t ns = 1;
    while (ns < n * 2u)
        ns <<= 1;
    uint32_t *slots = xcalloc(ns, sizeof *slots);
    for (uint32_t i = 0; i < n; i++) {
        uint32_t k = order ? order[i] : i;
        uint32_t h = (uint32_t)us_hash_str(str[k], len[k]) & (ns - 1);
        while (slots[h])
            h = (h + 1) & (ns - 1);
        slots[h] = i + 1;
    }
    *nslots = ns;
    return slots;
}

/* The candidates and their pick costs, and the associations, each word's
 * after the one before. */
static void candidates_and_associations(const build *b, layout *l)
{
    uint32_t *cv = xmalloc(((size_t)b->ncands + 1) * sizeof *cv);
    uint8_t *ccost = xmalloc((size_t)b->ncands + 1);
    for (uint32_t id = 0, k = 0; id < b->voc.n; id++)
        for (uint32_t j = 0; j < b->wr[id].ncand; j++, k++) {
            cv[k] = b->cands[id].v[j];
            double c = -log(b->cands[id].q[j]) * US_PICK_UNIT;
            ccost[k] = (uint8_t)(c > 255 ? 255 : c + 0.5);
        }
    us_assoc_rec *ar = xmalloc(((size_t)b->nassoc + 1) * sizeof *ar);
    for (uint32_t id = 0, k = 0; id < b->voc.n; id++)
        for (uint32_t j = 0; j < b->wr[id].nassoc; j++, k++) {
            ar[k].word = b->al[id][j].word;
            ar[k].weight = b->al[id][j].w;
        }
    section(l, US_SEC_CANDS, cv, (uint64_t)b->ncands * 4);
    section(l, US_SEC_CAND_COST, ccost, b->ncands);
    section(l, US_SEC_ASSOC, ar, (uint64_t)b->nassoc * sizeof *ar);
    section(l, US_SEC_PAIRS, b->pair_bits, (uint64_t)b->npair_bits / 8);
}

/* The language model, packed, and its header fields. */
static void model(const build *b, layout *l)
{
    const lm_model *lm = &b->lm;
    us_data_header *hd = &l->hd;
    lm_pack(lm, b->lm_word_of, &l->lmp);
    hd->n_lm = lm->nw;
    hd->n_lm_bi = (uint32_t)lm->nbi;
    hd->n_lm_tri = (uint32_t)lm->ntri;
    hd->lm_bos = hd->lm_eos = hd->lm_rarest = US_NONE;
    for (uint32_t i = 0; i < lm->nw; i++) {
        if (!strcmp(lm->word[i], "<s>"))
            hd->lm_bos = i;
        else if (!strcmp(lm->word[i], "</s>"))
            hd->lm_eos = i;
    }
    /* The least likely word as packed ("<s>" aside: -99, never
     * predicted), the floor under a word the model lacks (engine.c). */
    for (uint32_t i = 0; i < lm->nw; i++)
        if (i != hd->lm_bos &&
            (hd->lm_rarest == US_NONE ||
             l->lmp.uni[i].prob < l->lmp.uni[hd->lm_rarest].prob))
            hd->lm_rarest = i;
    section(l, US_SEC_LM_UNI, l->lmp.uni,
            ((uint64_t)lm->nw + 1) * sizeof *l->lmp.uni);
    section(l, US_SEC_LM_BI, l->lmp.bi, lm->nbi * 4);
    section(l, US_SEC_LM_BI_NEXT, l->lmp.bi_next,
            (lm->nbi + 1) * US_LM_NEXT_BYTES);
    section(l, US_SEC_LM_TRI, l->lmp.tri, lm->ntri * 4);
    section(l, US_SEC_LM_QUANT, &l->lmp.quant, sizeof l->lmp.quant);
}

/* The articles the model knows ("the", "a", "an", in that order) and its
 * US_FW_ALT commonest prepositions by unigram probability (insertion
 * sort into a short list, one pass over the vocabulary; the earlier id
 * first among equals): data.h fw_alt. */
static void function_word_alts(build *b, layout *l)
{
    us_data_header *hd = &l->hd;
    const us_lm_uni *uni = l->lmp.uni;
    static const char *const articles[] = {"the", "a", "an"};
    hd->n_fw_alt[0] = 0;
    for (size_t k = 0; k < 3; k++) {
        uint32_t id = st_find(&b->voc, articles[k], strlen(articles[k]), 0);
        if (id != US_NONE && b->wr[id].lm != US_NONE)
            hd->fw_alt[0][hd->n_fw_alt[0]++] = id;
    }
    unsigned n = 0;
    uint32_t *alt = hd->fw_alt[1];
    for (uint32_t id = 0; id < b->voc.n; id++) {
        const us_word_rec *r = &b->wr[id];
        if (!(r->flags & US_WF_PREP) || r->lm == US_NONE)
            continue;
        float p = uni[r->lm].prob;
        unsigned k = n < US_FW_ALT ? n++ : US_FW_ALT;
        while (k > 0 && uni[b->wr[alt[k - 1]].lm].prob < p) {
            if (k < US_FW_ALT)
                alt[k] = alt[k - 1];
            k--;
        }
        if (k < US_FW_ALT)
            alt[k] = id;
    }
    hd->n_fw_alt[1] = n;
}

/* The header's counts, the data version (the stamp hashed last), and the
 * section table: extents in file order, each with its checksum, the
 * blocks' hashes, then the header's own checksum. */
static void header(build *b, layout *l)
{
    us_data_header *hd = &l->hd;
    memcpy(hd->magic, US_DATA_MAGIC, 8);
    hd->format = US_DATA_FORMAT;
    hd->endian = 0x01020304;
    if (b->o.stamp)
        build_hash(b, b->o.stamp, strlen(b->o.stamp));
    if (b->o.stamp_file) {
        size_t sl;
        char *st = read_file(b->o.stamp_file, &sl);
        build_hash(b, st, sl);
        free(st);
    }
    snprintf(hd->version, sizeof hd->version, "%016llx",
             (unsigned long long)b->vh);
    hd->total = b->total;
    hd->n_words = b->voc.n;
    hd->n_stems = b->stems.n;
    hd->n_cands = b->ncands;
    hd->n_fps = b->nfps;
    hd->n_fp_seq = b->nfpseq;
    hd->n_assoc = b->nassoc;
    hd->id_bos = b->id_bos;
    hd->id_num = b->id_num;
    hd->id_unk = b->id_unk;
    hd->strings_size = l->strings.len;
    hd->known_str_size = (uint32_t)l->kstr.len;
    hd->n_pair_bits = b->npair_bits;
    l->ptr[US_SEC_BLOCKS] = block_hashes(l->ptr, l->size, &hd->n_blocks);
    l->size[US_SEC_BLOCKS] = (uint64_t)hd->n_blocks * 4;
    uint64_t off = (sizeof *hd + 7) / 8 * 8;
    hd->n_sections = US_NSEC;
    for (int k = 0; k < US_NSEC; k++) {
        memcpy(hd->sec[k].name, us_section_names[k], sizeof hd->sec[k].name);
        hd->sec[k].off = off;
        hd->sec[k].size = l->size[k];
        hd->sec[k].hash = XXH3_64bits(l->ptr[k], (size_t)l->size[k]);
        off += (l->size[k] + 7) / 8 * 8;
    }
    hd->file_size = off;
    hd->header_hash = 0;
    hd->header_hash = XXH3_64bits(hd, sizeof *hd);
}

/* Write `bytes` at p and zeros to the next multiple of 8. */
static void emit(FILE *out, const char *name, const void *p, uint64_t bytes)
{
    static const char zeros[8];
    if (bytes && fwrite(p, 1, bytes, out) != bytes)
        die("write error on %s", name);
    fwrite(zeros, 1, (8 - bytes % 8) % 8, out);
}

/* The header and the sections, under a temporary name, then renamed. */
static void write_file(const char *path, const layout *l)
{
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *out = fopen(tmp, "wb");
    if (!out)
        die("cannot write %s: %s", tmp, strerror(errno));
    emit(out, tmp, &l->hd, sizeof l->hd);
    for (int k = 0; k < US_NSEC; k++)
        emit(out, tmp, l->ptr[k], l->size[k]);
    if (fclose(out) != 0)
        die("write error on %s", tmp);
    if (rename(tmp, path) != 0)
        die("cannot rename %s to %s: %s", tmp, path, strerror(errno));
}

void step_layout(build *b)
{
    layout l;
    memset(&l, 0, sizeof l);
    records(b, &l);
    uint32_t nks;
    uint32_t *kslots = known_forms(b, &l, &nks);
    if (l.strings.failed || l.strings.len > UINT32_MAX)
        die("string table too large");
    unsigned char *kdict =
        known_dicts(b->hus, b->hgb, kslots, nks, l.kstr.data);
    ref_tables rt = {0};
    ref_thesaurus(b->o.thesaurus, b->stemmer, &rt);
    ref_exceptions(b->o.wordnet ? b->o.wordnet : "/usr/share/wordnet",
                   b->stemmer, &rt);
    b->vh = b->vh * 31 + rt.hash;
    while (l.strings.len % 8)
        us_buf_putc(&l.strings, '\0');
    uint32_t nws, nss;
    uint32_t *wslots = hash_slots(b->voc.str, b->voc.len, NULL, b->voc.n, &nws);
    uint32_t *sslots =
        hash_slots(b->stems.str, b->stems.len, b->stem_order, b->stems.n, &nss);
    candidates_and_associations(b, &l);
    model(b, &l);
    function_word_alts(b, &l);
    l.hd.n_word_slots = nws;
    l.hd.n_stem_slots = nss;
    l.hd.n_known_slots = nks;
    l.hd.n_thes_slots = rt.nthes;
    l.hd.n_exc = rt.nexc;
    l.hd.n_phrase_bits = rt.nphrase_bits;
    section(&l, US_SEC_STRINGS, l.strings.data, l.strings.len);
    section(&l, US_SEC_WORD_SLOTS, wslots, (uint64_t)nws * 4);
    section(&l, US_SEC_STEM_SLOTS, sslots, (uint64_t)nss * 4);
    section(&l, US_SEC_KNOWN, kslots, (uint64_t)nks * 4);
    section(&l, US_SEC_KNOWN_DICT, kdict, nks);
    section(&l, US_SEC_KNOWN_STR, l.kstr.data, l.kstr.len);
    section(&l, US_SEC_THES_PAIRS, rt.thes, (uint64_t)rt.nthes * 4);
    section(&l, US_SEC_THES_PHRASES, rt.phrase_bits, rt.nphrase_bits / 8);
    section(&l, US_SEC_LEMMA_EXC, rt.exc, (uint64_t)rt.nexc * sizeof *rt.exc);
    header(b, &l);
    write_file(b->o.out, &l);
    fprintf(stderr,
            "unspun-compile: wrote %s: %.1f MB, %u words, %u stems, "
            "%u candidates, %u fingerprints, %u associations, version %s\n",
            b->o.out, (double)l.hd.file_size / 1e6, b->voc.n, b->stems.n,
            b->ncands, b->nfps, b->nassoc, l.hd.version);
}
