/* synonyms.c - unspun-compile's thesaurus step (build.h, step 4): per
 * vocabulary word, its flags and stem, and the words a spinner may have
 * replaced with it (its candidates), in its own inflection; and the
 * thesaurus phrases a spinner may put for a word.
 *
 * MyThes lists, per headword, senses and their synonyms (h -> syn(h)); a
 * spinner holding h puts one of syn(h). The detector needs the other way
 * round: for a word w of a text, the headwords h with w in syn(h), as
 * lemmas first ("wear" for "carry"), then re-inflected like w ("wearing"
 * for "carrying"), each with the chance a spinner picks w for h. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "build.h"

#define MAX_CANDS 32 /* thesaurus candidates kept per word */
/* ... those a spinner picks with at least this chance (-ln), and their
 * pick costs' unit in the data file (data.h cand-cost) */
#define MAX_PICK_COST 7.0
/* Thesaurus phrases: the headword at least this common. */
#define PHRASE_MIN_HEAD 30

/* Add x with weight q to l; an x already there gets the sum of the two
 * weights (sum != 0) or the larger. */
static void cl_addq(cand_list *l, uint32_t x, float q, int sum)
{
    for (uint32_t i = 0; i < l->n; i++)
        if (l->v[i] == x) {
            l->q[i] = sum ? l->q[i] + q : (q > l->q[i] ? q : l->q[i]);
            return;
        }
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 4;
        l->v = xrealloc(l->v, l->cap * sizeof *l->v);
        l->q = xrealloc(l->q, l->cap * sizeof *l->q);
    }
    l->q[l->n] = q;
    l->v[l->n++] = x;
}

/* How likely a spinner is to pick an entry of a MyThes sense line, by the
 * relation MyThes gives it: a plain synonym ("concluding|final|terminal")
 * most, a "(similar term)" less, a "(generic term)" or "(related term)",
 * a broader or looser word, least; an antonym never. Spinners substitute
 * synonyms (the bench's spinner takes plain and similar terms only);
 * looser relations are kept, at a low weight, for the looser thesauri
 * other spinners use. */
#define PICK_SIMILAR 0.7
#define PICK_LOOSE 0.3

static double relation_weight(const char *fs, const char *fe)
{
    const char *paren = memchr(fs, '(', (size_t)(fe - fs));
    if (fe == fs)
        return 0;
    if (!paren)
        return 1.0;
    size_t n = (size_t)(fe - paren);
    if (n >= 8 && !memcmp(paren, "(antonym", 8))
        return 0;
    if (n >= 8 && !memcmp(paren, "(similar", 8))
        return PICK_SIMILAR;
    return PICK_LOOSE;
}

/* The total weight of the entries of one sense line, "(pos)|syn|syn
 * (generic term)|...": what a spinner chooses among in that sense. */
static double sense_choices(const char *p, const char *le)
{
    double n = 0;
    const char *f = memchr(p, '|', (size_t)(le - p));
    while (f && f < le) {
        const char *fs = f + 1;
        const char *fe = memchr(fs, '|', (size_t)(le - fs));
        if (!fe)
            fe = le;
        n += relation_weight(fs, fe);
        f = fe < le ? fe : NULL;
    }
    return n;
}

typedef struct cand_pick {
    uint32_t v;
    float q;
} cand_pick;

/* Likelier picks first, then commoner words (the model's unigram
 * probability where it has the word: it saw far more text than the
 * training text; else the training count on the same scale), then id. */
static const double *g_freq; /* for cmp_pick */
static int cmp_pick(const void *x, const void *y)
{
    const cand_pick *a = x, *b = y;
    if (a->q != b->q)
        return a->q < b->q ? 1 : -1;
    if (g_freq[a->v] != g_freq[b->v])
        return g_freq[a->v] < g_freq[b->v] ? 1 : -1;
    return a->v < b->v ? -1 : a->v > b->v;
}

/* ---- regular English inflection ---- */

static int ends(const char *s, const char *suf)
{
    size_t n = strlen(s), m = strlen(suf);
    return n >= m && !strcmp(s + n - m, suf);
}

static int is_vowel(char c)
{
    return strchr("aeiou", c) != NULL;
}

/* Write up to 4 forms of h inflected the way w inflects its lemma l
 * (plural or third person -s, past -ed, -ing, comparative -er, superlative
 * -est, with e-drop, y -> i and doubled consonants). Returns how many; 0
 * when w is not a regular inflection of l or a form would not fit. The
 * caller keeps only forms that occur in the training text, which weeds
 * out the wrong guesses ("stoped"). */
static int inflect_like(const char *l, const char *w, const char *h,
                        char out[4][256])
{
    static const char *const sufs[] = {"s", "ed", "ing", "er", "est"};
    size_t ll = strlen(l), hl = strlen(h);
    if (hl < 2 || hl > 200 || strncmp(w, l, ll > 2 ? ll - 2 : ll))
        return 0;
    for (size_t k = 0; k < sizeof sufs / sizeof *sufs; k++) {
        const char *suf = sufs[k];
        char t[256];
        /* Does w = l + suffix (in one of its spellings)? */
        int hit = 0;
        snprintf(t, sizeof t, "%s%s", l, suf);
        hit |= !strcmp(t, w);
        snprintf(t, sizeof t, "%s%s%s", l, suf[0] == 's' ? "e" : "", suf);
        hit |= !strcmp(t, w);
        if (ll > 1) {
            snprintf(t, sizeof t, "%.*s%s", (int)ll - 1, l, suf);
            hit |= l[ll - 1] == 'e' && !strcmp(t, w);
            snprintf(t, sizeof t, "%.*si%s%s", (int)ll - 1, l,
                     suf[0] == 's' ? "e" : "", suf);
            hit |= l[ll - 1] == 'y' && !strcmp(t, w);
            snprintf(t, sizeof t, "%s%c%s", l, l[ll - 1], suf);
            hit |= !strcmp(t, w);
        }
        if (!hit || (suf[0] == 's' && !ends(w, "s")))
            continue;
        int n = 0;
        char last = h[hl - 1], prev = h[hl - 2];
        if (suf[0] == 's') {
            if (ends(h, "s") || ends(h, "x") || ends(h, "z") || ends(h, "ch") ||
                ends(h, "sh"))
                snprintf(out[n++], 256, "%ses", h);
            else if (last == 'y' && !is_vowel(prev))
                snprintf(out[n++], 256, "%.*sies", (int)hl - 1, h);
            else
                snprintf(out[n++], 256, "%ss", h);
            return n;
        }
        if (last == 'e')
            snprintf(out[n++], 256, "%.*s%s", (int)hl - 1, h, suf);
        else if (last == 'y' && !is_vowel(prev))
            snprintf(out[n++], 256, "%.*si%s", (int)hl - 1, h, suf);
        else {
            snprintf(out[n++], 256, "%s%s", h, suf);
            if (!is_vowel(last) && is_vowel(prev) && last != 'w' &&
                last != 'x' && last != 'y')
                snprintf(out[n++], 256, "%s%c%s", h, last, suf);
        }
        return n;
    }
    return 0;
}

/* Every word form Hunspell accepts (known.txt) that is a single-word
 * MyThes entry or a form of one (by Hunspell's stems): the thesaurus words
 * a spinner can put in a text, in every inflection, whether or not the
 * training text or the language model has them ("grangers", "rescript").
 * Returns their number; the forms go to *out (pointers into `known`, which
 * the caller keeps). */
uint32_t thesaurus_forms(const char *thes, size_t tlen, char *known,
                         Hunhandle *hus, char ***out)
{
    strtab thw = {0};
    for (const char *p = thes; p < thes + tlen;) {
        const char *nl = memchr(p, '\n', (size_t)(thes + tlen - p));
        const char *le = nl ? nl : thes + tlen;
        /* headword lines "word|n" and sense lines "(pos)|a|b (x)|..." */
        for (const char *f = p; f < le;) {
            const char *fe = memchr(f, '|', (size_t)(le - f));
            if (!fe)
                fe = le;
            const char *paren = memchr(f, '(', (size_t)(fe - f));
            const char *we = paren ? paren : fe;
            char *w = lower_trim(f, (size_t)(we - f));
            if (*w && !strchr(w, ' ') && is_alpha_word(w))
                st_find(&thw, w, strlen(w), 1);
            free(w);
            f = fe + 1;
        }
        p = le + 1;
    }
    uint32_t n = 0, cap = 1024;
    char **v = xmalloc(cap * sizeof *v);
    char *save = NULL;
    for (char *line = strtok_r(known, "\n", &save); line;
         line = strtok_r(NULL, "\n", &save)) {
        line[strcspn(line, "\r")] = '\0';
        if (!is_alpha_word(line))
            continue; /* lower case letters only: no names */
        int keep = st_find(&thw, line, strlen(line), 0) != US_NONE;
        if (!keep) {
            char **lem = NULL;
            int nl = Hunspell_stem(hus, &lem, line);
            for (int k = 0; k < nl && !keep; k++)
                keep = st_find(&thw, lem[k], strlen(lem[k]), 0) != US_NONE;
            Hunspell_free_list(hus, &lem, nl);
        }
        if (!keep)
            continue;
        if (n == cap)
            v = xrealloc(v, (cap *= 2) * sizeof *v);
        v[n++] = line;
    }
    st_free(&thw);
    *out = v;
    return n;
}

/* One sense line of headword hid (head; nsense senses), "(pos)|syn|syn
 * (generic term)|...": each single-word synonym gets hid in its lemma
 * list, each phrase is kept as a thesaurus phrase for hid. A spinner
 * holding the headword picks a sense, then one of its words by
 * relation_weight: each word of this sense has the chance weight /
 * (senses * the sense's weight), summed over the senses it is in. */
static void sense_line(build *b, const char *p, const char *le, uint32_t hid,
                       const char *head, long nsense, cand_list *lemma_of,
                       uint32_t *capphr)
{
    strtab *voc = &b->voc;
    double nch = sense_choices(p, le);
    const char *f = memchr(p, '|', (size_t)(le - p));
    while (f && f < le && hid != US_NONE) {
        const char *fs = f + 1;
        const char *fe = memchr(fs, '|', (size_t)(le - fs));
        if (!fe)
            fe = le;
        size_t n = (size_t)(fe - fs);
        const char *paren = memchr(fs, '(', n);
        int antonym = paren && n - (size_t)(paren - fs) >= 8 &&
                      !memcmp(paren, "(antonym", 8);
        float pick =
            nch > 0 ? (float)(relation_weight(fs, fe) / ((double)nsense * nch))
                    : 0;
        if (paren)
            n = (size_t)(paren - fs);
        char *syn = lower_trim(fs, n);
        if (!antonym && *syn && !strchr(syn, ' ') && strcmp(syn, head)) {
            uint32_t sid = st_find(voc, syn, strlen(syn), 0);
            if (sid != US_NONE && sid < b->nvoc_corpus)
                cl_addq(&lemma_of[sid], hid, pick, 1);
        } else if (!antonym && strchr(syn, ' ') &&
                   (voc->count[hid] >= PHRASE_MIN_HEAD ||
                    b->voc_lm[hid] != US_NONE)) {
            /* A phrase a spinner may put for the headword: "calendar
             * month" for "month". */
            if (b->nphr == *capphr) {
                *capphr = *capphr ? *capphr * 2 : 1024;
                b->phr = xrealloc(b->phr, *capphr * sizeof *b->phr);
            }
            b->phr[b->nphr].text = syn;
            b->phr[b->nphr].head = hid;
            b->phr[b->nphr].pick = pick;
            b->nphr++;
            syn = NULL;
        }
        free(syn);
        f = fe < le ? fe : NULL;
    }
}

/* Map each vocabulary word (as a lemma) to the headwords it can stand
 * for, into lemma_of[]; and the thesaurus phrases into b->phr. MyThes:
 * the encoding on the first line, then "head|nsenses" and its sense
 * lines. */
static void lemma_lists(build *b, cand_list *lemma_of)
{
    size_t tlen;
    char *th = read_file(b->o.thesaurus, &tlen);
    build_hash(b, th, tlen);
    uint32_t capphr = 0;
    char *p = th, *endp = th + tlen;
    char *nl = memchr(p, '\n', (size_t)(endp - p));
    p = nl ? nl + 1 : endp;
    while (p < endp) {
        nl = memchr(p, '\n', (size_t)(endp - p));
        char *le = nl ? nl : endp;
        char *bar = memchr(p, '|', (size_t)(le - p));
        if (!bar) {
            p = le + 1;
            continue;
        }
        char *head = lower_trim(p, (size_t)(bar - p));
        long nsense = strtol(bar + 1, NULL, 10);
        p = le + 1;
        uint32_t hid = strchr(head, ' ')
                           ? US_NONE
                           : st_find(&b->voc, head, strlen(head), 0);
        for (long s = 0; s < nsense && p < endp; s++) {
            nl = memchr(p, '\n', (size_t)(endp - p));
            le = nl ? nl : endp;
            sense_line(b, p, le, hid, head, nsense, lemma_of, &capphr);
            p = le + 1;
        }
        free(head);
    }
    free(th);
}

/* The commonest English words (US_WF_COMMON), which the language check
 * counts (score.c): about half of the words of English prose (median 48%,
 * 1st percentile 26% on the training text's paragraphs), but under 12% of
 * French, Spanish, German, Italian or Portuguese prose, whose other words
 * English dictionaries often know ("budget", "parents"). */
static const char *const english_common[] = {
    "a",   "about", "after", "all",   "also",  "an",   "and",   "are",
    "as",  "at",    "be",    "been",  "but",   "by",   "can",   "could",
    "do",  "for",   "from",  "had",   "has",   "have", "he",    "her",
    "him", "his",   "i",     "if",    "in",    "into", "is",    "it",
    "its", "just",  "like",  "me",    "more",  "my",   "new",   "no",
    "not", "of",    "on",    "one",   "only",  "or",   "other", "our",
    "out", "over",  "said",  "she",   "so",    "some", "than",  "that",
    "the", "their", "them",  "there", "these", "they", "this",  "to",
    "two", "up",    "was",   "we",    "were",  "what", "when",  "which",
    "who", "will",  "with",  "would", "you"};

static int is_english_common(const char *w)
{
    for (size_t i = 0; i < sizeof english_common / sizeof *english_common; i++)
        if (!strcmp(english_common[i], w))
            return 1;
    return 0;
}

/* Per word: its flags (letters or a symbol, a function word and its
 * classes, one of the commonest words, known to Hunspell as written or only
 * capitalised) and its Snowball stem (an id of b->stems, in order of first
 * use). */
static void word_records(build *b)
{
    const strtab *voc = &b->voc;
    b->wr = xcalloc(voc->n, sizeof *b->wr);
    b->word_stem = xmalloc((size_t)voc->n * sizeof *b->word_stem);
    for (uint32_t id = 0; id < voc->n; id++) {
        const char *w = voc->str[id];
        unsigned flags = 0;
        int alpha = is_alpha_word(w);
        if (alpha)
            flags |= US_WF_ALPHA;
        else if (w[0] < '0' || (w[0] > '9' && w[0] < 'A') || w[0] == '<' ||
                 !((unsigned char)w[0] >= 0x80 || (w[0] >= 'a' && w[0] <= 'z')))
            flags |= US_WF_SYMBOL;
        uint32_t fwid = st_find(&b->fw, w, voc->len[id], 0);
        if (fwid != US_NONE)
            flags |= US_WF_FUNC | (unsigned)b->fw.count[fwid];
        if (is_english_common(w))
            flags |= US_WF_COMMON;
        if (alpha) {
            if (Hunspell_spell(b->hus, w) || Hunspell_spell(b->hgb, w)) {
                flags |= US_WF_KNOWN;
            } else {
                char cap[256];
                size_t n = voc->len[id];
                if (n < sizeof cap) {
                    memcpy(cap, w, n + 1);
                    if (cap[0] >= 'a' && cap[0] <= 'z')
                        cap[0] = (char)(cap[0] - 32);
                    if (Hunspell_spell(b->hus, cap) ||
                        Hunspell_spell(b->hgb, cap))
                        flags |= US_WF_KNOWN | US_WF_PROPER;
                }
            }
        }
        b->wr[id].flags = (uint16_t)flags;
        const sb_symbol *st = sb_stemmer_stem(b->stemmer, (const sb_symbol *)w,
                                              (int)voc->len[id]);
        int sl = sb_stemmer_length(b->stemmer);
        b->word_stem[id] =
            st ? st_find(&b->stems, (const char *)st, (size_t)sl, 1) : US_NONE;
    }
}

/* Re-inflect headword h like w, whose lemma is l ("wear" like
 * "carrying"): by Hunspell where the dictionary can, else by the regular
 * English rules; only forms the training text or the model has count.
 * The first such form other than w is a candidate of w. */
static void inflected_candidate(build *b, uint32_t id, const char *l,
                                uint32_t h, float q)
{
    const char *w = b->voc.str[id];
    char **gen = NULL;
    int ng = Hunspell_generate(b->hus, &gen, b->voc.str[h], w);
    char forms[4][256];
    int nf = ng > 0 ? 0 : inflect_like(l, w, b->voc.str[h], forms);
    for (int g = 0; g < ng + nf; g++) {
        const char *f = g < ng ? gen[g] : forms[g - ng];
        uint32_t gid = st_find(&b->voc, f, strlen(f), 0);
        if (gid != US_NONE && gid != id && build_present(b, gid) &&
            b->word_stem[gid] != b->word_stem[id]) {
            cl_addq(&b->cands[id], gid, q, 0);
            break;
        }
    }
    Hunspell_free_list(b->hus, &gen, ng);
}

/* Candidates of word id: for each lemma of it (itself and Hunspell's
 * stems), each headword h it can stand for, in its inflection. */
static void candidates_of(build *b, uint32_t id, const cand_list *lemma_of)
{
    const char *w = b->voc.str[id];
    char **lem = NULL;
    int nl = Hunspell_stem(b->hus, &lem, w);
    for (int k = -1; k < nl; k++) {
        const char *l = k < 0 ? w : lem[k];
        uint32_t lid = st_find(&b->voc, l, strlen(l), 0);
        if (lid == US_NONE || !lemma_of[lid].n)
            continue;
        for (uint32_t j = 0; j < lemma_of[lid].n; j++) {
            uint32_t h = lemma_of[lid].v[j];
            if (k < 0 || !strcmp(l, w)) {
                if (h != id && b->word_stem[h] != b->word_stem[id])
                    cl_addq(&b->cands[id], h, lemma_of[lid].q[j], 0);
                continue;
            }
            inflected_candidate(b, id, l, h, lemma_of[lid].q[j]);
        }
    }
    Hunspell_free_list(b->hus, &lem, nl);
}

/* Keep candidates seen in the training text or by the model, a spinner
 * would pick the word from with some chance, likeliest pick first (then
 * commonest), MAX_CANDS at most; number them into the word records. */
static void keep_candidates(build *b)
{
    g_freq = b->freq;
    for (uint32_t id = 0; id < b->voc.n; id++) {
        cand_list *l = &b->cands[id];
        cand_pick *cp = xmalloc((l->n ? l->n : 1) * sizeof *cp);
        uint32_t m = 0;
        for (uint32_t j = 0; j < l->n; j++)
            if (build_present(b, l->v[j]) && l->q[j] > 0 &&
                -log(l->q[j]) <= MAX_PICK_COST) {
                cp[m].v = l->v[j];
                cp[m].q = l->q[j];
                m++;
            }
        if (m > 1)
            qsort(cp, m, sizeof *cp, cmp_pick);
        if (m > MAX_CANDS)
            m = MAX_CANDS;
        for (uint32_t j = 0; j < m; j++) {
            l->v[j] = cp[j].v;
            l->q[j] = cp[j].q;
        }
        l->n = m;
        free(cp);
        b->wr[id].cand = b->ncands;
        b->wr[id].ncand = (uint16_t)l->n;
        b->ncands += l->n;
    }
}

void step_thesaurus(build *b)
{
    /* Lemma-level lists first; inflected forms are derived after. */
    cand_list *lemma_of = xcalloc(b->voc.n + 1, sizeof *lemma_of);
    lemma_lists(b, lemma_of);
    word_records(b);
    b->cands = xcalloc(b->voc.n, sizeof *b->cands);
    for (uint32_t id = 0; id < b->nvoc_corpus; id++)
        if ((b->wr[id].flags & US_WF_ALPHA) &&
            (build_present(b, id) || b->is_thform[id]))
            candidates_of(b, id, lemma_of);
    keep_candidates(b);
}
