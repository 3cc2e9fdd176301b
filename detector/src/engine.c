/* engine.c - the compiled data file: loading, verifying, and the
 * vocabulary's lookups.
 *
 * The data file is mapped read-only and checked once: the header, every
 * section's extent and checksum, and every record the detectors follow without
 * a further check - the word and stem records where they are read (us_word,
 * us_stem), a stem's fingerprint records the first time it is asked for
 * (us_engine_fp_range). Ids that come out of the bigram, candidate and
 * association tables are checked where they are used, which keeps start-up
 * independent of the model's size. The large tables (those records among
 * them) are checked a block at a time, on first use, or all at once when a
 * second worker is made (us_engine_add_worker). */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE /* madvise, MADV_HUGEPAGE (Linux, glibc and musl) */
#include <errno.h>
#include <stddef.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <math.h>

#include "engine.h"
#include "error.h"
#include "refkey.h"
#include "xxh.h"

unsigned unspun_data_format_version(void)
{
    return US_DATA_FORMAT;
}

/* The extent every section must have, from the header's counts. */
static uint64_t expected_size(const us_data_header *h, int k)
{
    switch (k) {
    case US_SEC_STRINGS:
        return h->strings_size;
    case US_SEC_WORDS:
        return (uint64_t)h->n_words * sizeof(us_word_rec);
    case US_SEC_WORD_SLOTS:
        return (uint64_t)h->n_word_slots * 4;
    case US_SEC_STEMS:
        return (uint64_t)h->n_stems * sizeof(us_stem_rec);
    case US_SEC_STEM_SLOTS:
        return (uint64_t)h->n_stem_slots * 4;
    case US_SEC_CANDS:
        return (uint64_t)h->n_cands * 4;
    case US_SEC_FPS:
        return (uint64_t)h->n_fps * sizeof(us_fp_rec);
    case US_SEC_FP_SEQ:
        return (uint64_t)h->n_fp_seq * 4;
    case US_SEC_ASSOC:
        return (uint64_t)h->n_assoc * sizeof(us_assoc_rec);
    case US_SEC_KNOWN:
        return (uint64_t)h->n_known_slots * 4;
    case US_SEC_LM_UNI:
        return ((uint64_t)h->n_lm + 1) * sizeof(us_lm_uni);
    case US_SEC_LM_BI:
        return (uint64_t)h->n_lm_bi * 4;
    case US_SEC_LM_BI_NEXT:
        return ((uint64_t)h->n_lm_bi + 1) * US_LM_NEXT_BYTES;
    case US_SEC_LM_TRI:
        return (uint64_t)h->n_lm_tri * 4;
    case US_SEC_LM_QUANT:
        return sizeof(us_lm_quant);
    case US_SEC_CAND_COST:
        return h->n_cands;
    case US_SEC_KNOWN_DICT:
        return h->n_known_slots;
    case US_SEC_KNOWN_STR:
        return h->known_str_size;
    case US_SEC_PAIRS:
        return (uint64_t)h->n_pair_bits / 8;
    case US_SEC_THES_PAIRS:
        return (uint64_t)h->n_thes_slots * 4;
    case US_SEC_THES_PHRASES:
        return (uint64_t)h->n_phrase_bits / 8;
    case US_SEC_LEMMA_EXC:
        return (uint64_t)h->n_exc * sizeof(us_exc);
    case US_SEC_BLOCKS:
        return (uint64_t)h->n_blocks * 4;
    default:
        return UINT64_MAX;
    }
}

#ifndef FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION
/* Sections whose checksum is checked on first use (us_engine_verify), not
 * at load: reference mode's, which a run without references never reads
 * (4-5 MB that every start-up would otherwise hash and page in). */
static int lazy_section(int k)
{
    return k == US_SEC_THES_PHRASES || k == US_SEC_LEMMA_EXC;
}
#endif

/* Messages naming the section, constant like every error message. */
#define US_SEC_MSG(id, name) "data file: section '" name "' is missing",
static const char *const missing_msg[] = {US_SECTIONS(US_SEC_MSG)};
#undef US_SEC_MSG
#define US_SEC_MSG(id, name)                                                   \
    "data file: section '" name "' lies outside the file",
static const char *const outside_msg[] = {US_SECTIONS(US_SEC_MSG)};
#undef US_SEC_MSG
#define US_SEC_MSG(id, name) "data file: section '" name "' has the wrong size",
static const char *const size_msg[] = {US_SECTIONS(US_SEC_MSG)};
#undef US_SEC_MSG
#define US_SEC_MSG(id, name)                                                   \
    "data file: section '" name "' fails its checksum (corrupt: rebuild it)",
static const char *const checksum_msg[] = {US_SECTIONS(US_SEC_MSG)};
#undef US_SEC_MSG
#define US_SEC_MSG(id, name) "data file: section '" name "' has a bad record",
static const char *const record_msg[] = {US_SECTIONS(US_SEC_MSG)};
#undef US_SEC_MSG

/* The header and the section table: magic, format, extents in the file,
 * and every checksum. */
static unspun_status check_sections(unspun_engine *e, unspun_error *err)
{
    const us_data_header *h = e->hd;
#define BAD(msg) us_fail_msg(err, UNSPUN_E_DATA, (msg), SIZE_MAX, 0)
    if (e->map_len < sizeof *h || memcmp(h->magic, US_DATA_MAGIC, 8))
        return BAD("data file: not an unspun data file");
    if (h->endian != 0x01020304)
        return BAD("data file: written on a machine of other byte order");
    if (h->format != US_DATA_FORMAT)
        return BAD("data file: other format version (rebuild wordlists)");
    if (h->file_size != e->map_len)
        return BAD("data file: truncated or extended");
    if (h->n_sections != US_NSEC)
        return BAD("data file: bad section table");
#ifndef FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION
    /* (Fuzz builds skip the checksums so that the fuzzer reaches the
     * structural checks behind them.) */
    us_data_header copy;
    memcpy(&copy, h, sizeof copy);
    copy.header_hash = 0;
    if (XXH3_64bits(&copy, sizeof copy) != h->header_hash)
        return BAD("data file: the header fails its checksum");
#endif
    for (int k = 0; k < US_NSEC; k++) {
        const us_section *s = &h->sec[k];
        if (memcmp(s->name, us_section_names[k], sizeof s->name))
            return BAD(missing_msg[k]);
        if (s->off % 8 || s->off > h->file_size ||
            s->size > h->file_size - s->off)
            return BAD(outside_msg[k]);
        if (s->size != expected_size(h, k))
            return BAD(size_msg[k]);
#ifndef FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION
        if (lazy_section(k) || us_sec_blocked(k))
            continue;
        if (XXH3_64bits((const char *)e->map + s->off, (size_t)s->size) !=
            s->hash)
            return BAD(checksum_msg[k]);
#endif
        atomic_store_explicit(&e->vf->sec[k], 1, memory_order_relaxed);
    }
    /* The blocks' hashes: as many as the blocked sections have blocks. */
    uint64_t nb = 0;
    for (int k = 0; k < US_NSEC; k++) {
        if (!us_sec_blocked(k))
            continue;
        e->blk_first[k] = (uint32_t)nb;
        nb += us_blocks_of(h->sec[k].size);
    }
    if (nb != h->n_blocks)
        return BAD("data file: section 'blocks' has the wrong size");
#undef BAD
    return UNSPUN_OK;
}

int us_engine_blocks_slow(const unspun_engine *e, int sec, uint64_t b0,
                          uint64_t b1)
{
    const us_section *s = &e->hd->sec[sec];
    for (uint64_t b = b0; b <= b1; b++) {
        unsigned st =
            atomic_load_explicit(&e->vf->blk[b], memory_order_acquire);
        if (st == 2)
            return 0;
        if (st == 1)
            continue;
        int ok = 1;
#ifndef FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION
        ok = us_section_block_sum((const char *)e->map + s->off, s->size,
                                  (b - e->blk_first[sec]) << US_BLOCK_SHIFT) ==
             e->blocks[b];
#else
        (void)s;
#endif
        /* Two threads may both check a block: the same answer. */
        atomic_store_explicit(&e->vf->blk[b], ok ? 1 : 2, memory_order_release);
        if (!ok) {
            int none = 0;
            atomic_compare_exchange_strong(&e->vf->corrupt, &none, sec + 1);
            return 0;
        }
    }
    return 1;
}

/* Every block not checked yet, checked now. */
static void verify_all_blocks(const unspun_engine *e)
{
    for (int k = 0; k < US_NSEC; k++) {
        if (!us_sec_blocked(k) || !e->hd->sec[k].size)
            continue;
        uint64_t n = us_blocks_of(e->hd->sec[k].size);
        us_engine_blocks_slow(e, k, e->blk_first[k], e->blk_first[k] + n - 1);
    }
}

void us_engine_add_worker(const unspun_engine *e)
{
    /* A second worker means threads (workers are made on the engine's
     * thread, before they start): then every block is checked now, once,
     * so that the threads only ever read the blocks' states. (They would
     * agree on them anyway, by atomics; but then no checker of thread
     * safety, helgrind or DRD, has to take atomics on trust, and 37 MB
     * hashed once is nothing next to a scan.) So are the stems'
     * fingerprint records. A single worker keeps the checks lazy: one
     * document touches a few thousand blocks. */
    if (atomic_fetch_add(&e->vf->workers, 1) == 1) {
        verify_all_blocks(e);
        uint32_t f, end;
        for (uint32_t s = 0; s < e->hd->n_stems; s++)
            us_engine_fp_range(e, s, &f, &end);
    }
}

unspun_status us_engine_corrupt(const unspun_engine *e, unspun_error *err)
{
    int c = atomic_load_explicit(&e->vf->corrupt, memory_order_acquire);
    if (!c)
        return UNSPUN_OK;
    return us_fail_msg(err, UNSPUN_E_DATA,
                       c <= US_NSEC ? checksum_msg[c - 1]
                                    : record_msg[c - 1 - US_NSEC],
                       SIZE_MAX, 0);
}

const us_word_rec us_no_word = {.lm = US_NONE, .stem = US_NONE};
const us_stem_rec us_no_stem = {0, 0, 0};

void us_engine_bad_record(const unspun_engine *e, int sec)
{
    int none = 0;
    atomic_compare_exchange_strong(&e->vf->corrupt, &none, US_NSEC + sec + 1);
}

/* Whether the fingerprint records of stem record s are all right: their
 * blocks, each record's fields and stems, and their order. */
static int fp_range_ok(const unspun_engine *e, const us_stem_rec *s)
{
    const us_data_header *h = e->hd;
    if (!us_engine_blocks(e, US_SEC_FPS, (uint64_t)s->fp * sizeof(us_fp_rec),
                          (uint64_t)s->nfp * sizeof(us_fp_rec)))
        return 0;
    unsigned bad = 0;
    uint64_t prev = 0;
    for (uint32_t f = s->fp; f < s->fp + s->nfp; f++) {
        const us_fp_rec *r = &e->fps[f];
        bad |= ((uint64_t)r->correct >= h->strings_size) | (r->len == 0) |
               (r->kind > US_FP_PHRASE) |
               ((r->kind == US_FP_PHRASE) & (r->head >= h->n_words)) |
               ((uint64_t)r->seq + r->len > h->n_fp_seq);
        if (bad || !us_engine_blocks(e, US_SEC_FP_SEQ, (uint64_t)r->seq * 4,
                                     (uint64_t)r->len * 4))
            return 0;
        for (uint32_t k = 0; k < r->len; k++)
            bad |= e->fp_seq[r->seq + k] >= h->n_stems;
        /* The detector binary-searches a stem's records by second stem:
         * as a key, 0 for one stem and 1 + the second stem for more,
         * which must not go down (fp_seq[seq + (len > 1)] is one of the
         * record's stems either way). */
        uint64_t two = r->len > 1;
        uint64_t key = two * ((uint64_t)e->fp_seq[r->seq + two] + 1);
        bad |= key < prev;
        prev = key;
    }
    return !bad;
}

void us_engine_fp_range(const unspun_engine *e, uint32_t stem, uint32_t *first,
                        uint32_t *end)
{
    *first = *end = 0;
    const us_stem_rec *s = us_stem(e, stem);
    if (!s->nfp)
        return;
    unsigned st =
        atomic_load_explicit(&e->vf->stem[stem], memory_order_acquire);
    if (st == 0) {
        /* Two threads may both check a stem: the same answer. */
        st = fp_range_ok(e, s) ? 1 : 2;
        atomic_store_explicit(&e->vf->stem[stem], (unsigned char)st,
                              memory_order_release);
    }
    if (st != 1) {
        us_engine_bad_record(e, US_SEC_FPS); /* unless a checksum failed */
        return;
    }
    *first = s->fp;
    *end = s->fp + s->nfp;
}

unspun_status us_engine_verify(const unspun_engine *e, int sec,
                               unspun_error *err)
{
    if (sec < 0 || sec >= US_NSEC)
        return us_fail(err, UNSPUN_E_ARG, SIZE_MAX, 0);
    if (atomic_load_explicit(&e->vf->sec[sec], memory_order_acquire))
        return UNSPUN_OK;
#ifndef FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION
    const us_section *s = &e->hd->sec[sec];
    if (XXH3_64bits((const char *)e->map + s->off, (size_t)s->size) != s->hash)
        return us_fail_msg(err, UNSPUN_E_DATA, checksum_msg[sec], SIZE_MAX, 0);
#endif
    /* Two threads may both hash it: the same answer, stored twice. */
    atomic_store_explicit(&e->vf->sec[sec], 1, memory_order_release);
    return UNSPUN_OK;
}

static unspun_status check_data(unspun_engine *e, unspun_error *err)
{
    const us_data_header *h = e->hd;
#define BAD(msg) us_fail_msg(err, UNSPUN_E_DATA, (msg), SIZE_MAX, 0)
    /* Hash tables must be non-empty powers of two with a free slot. */
    if (h->n_pair_bits < 64 || (h->n_pair_bits & (h->n_pair_bits - 1)))
        return BAD("data file: bad pair filter size");
    if (h->n_phrase_bits < 64 || (h->n_phrase_bits & (h->n_phrase_bits - 1)))
        return BAD("data file: bad phrase bitmap size");
    uint32_t pw[3] = {h->n_word_slots, h->n_stem_slots, h->n_known_slots};
    uint32_t used[3] = {h->n_words, h->n_stems, 0};
    for (int i = 0; i < 3; i++)
        if (!pw[i] || (pw[i] & (pw[i] - 1)) || used[i] >= pw[i])
            return BAD("data file: bad hash table size");
    if (!h->strings_size || e->strings[h->strings_size - 1] != '\0')
        return BAD("data file: string table not terminated");
    if (h->id_bos >= h->n_words || h->id_num >= h->n_words ||
        h->id_unk >= h->n_words || h->total == 0)
        return BAD("data file: bad special word ids");
    if (h->n_lm >= US_LM_MAXW ||
        (h->lm_bos != US_NONE && h->lm_bos >= h->n_lm) ||
        (h->lm_eos != US_NONE && h->lm_eos >= h->n_lm) ||
        (h->lm_rarest != US_NONE && h->lm_rarest >= h->n_lm) ||
        e->lm_uni[h->n_lm].bi != h->n_lm_bi ||
        us_lm_next(e->lm_bi_next, h->n_lm_bi) > h->n_lm_tri)
        return BAD("data file: bad language model header");
    for (int c = 0; c < 2; c++) {
        if (h->n_fw_alt[c] > US_FW_ALT)
            return BAD("data file: bad function-word list");
        for (uint32_t k = 0; k < h->n_fw_alt[c]; k++)
            if (h->fw_alt[c][k] >= h->n_words)
                return BAD("data file: bad function-word list");
    }
    /* (Word, stem and fingerprint records are checked where they are read,
     * us_word, us_stem and us_engine_fp_range: passes over all of them,
     * 8 MB hashed and checked, took 1.2 ms of a 3 ms start-up. The word and
     * stem hash slots likewise: a pass over their 786,432 slots cost half
     * a millisecond.) The model words, every one at each start-up: each test is
     * folded into one flag without a branch (| and &, not || and &&), which the
     * compiler turns into vector code. US_NONE is UINT32_MAX, so
     * "x != US_NONE && x >= n" is "x + 1 > n" in 32 bits (US_NONE + 1
     * wraps to 0). */
    unsigned bad = 0;
    for (uint32_t i = 0; i < h->n_lm; i++) {
        const us_lm_uni *u = &e->lm_uni[i];
        bad |= (u->bi > u[1].bi) | ((uint32_t)(u->word + 1u) > h->n_words);
    }
    if (bad)
        return BAD("data file: bad language model word");
#undef BAD
    return UNSPUN_OK;
}

/* Reference mode's tables (refkey.h): the pair set is probed from any
 * slot, so it must be a power of two with free slots. */
static unspun_status check_ref_data(const unspun_engine *e, unspun_error *err)
{
    uint32_t n = e->hd->n_thes_slots;
    if (n < 16 || (n & (n - 1)))
        return us_fail_msg(err, UNSPUN_E_DATA,
                           "data file: bad thesaurus table size", SIZE_MAX, 0);
    return UNSPUN_OK;
}

/* Map the data file at `path` read-only into e->map (e->map_len bytes).
 * UNSPUN_OK, or UNSPUN_E_IO (errno kept) or UNSPUN_E_DATA for what is no
 * data file at all (a folder, an empty file, a device). */
static unspun_status map_file(unspun_engine *e, const char *path,
                              unspun_error *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return us_fail_msg(err, UNSPUN_E_IO, "cannot open the data file",
                           SIZE_MAX, errno);
    }
    struct stat sb;
    if (fstat(fd, &sb) != 0) {
        int en = errno;
        close(fd);
        return us_fail_msg(err, UNSPUN_E_IO, "cannot read the data file",
                           SIZE_MAX, en);
    }
    if (!S_ISREG(sb.st_mode) || sb.st_size <= 0) {
        /* fstat succeeded: errno is stale here, so none is reported. */
        close(fd);
        return us_fail_msg(err, UNSPUN_E_DATA,
                           S_ISDIR(sb.st_mode) ? "data file: is a directory"
                           : S_ISREG(sb.st_mode)
                               ? "data file: empty"
                               : "data file: not a regular file",
                           SIZE_MAX, 0);
    }
    e->map_len = (size_t)sb.st_size;
    e->map = mmap(NULL, e->map_len, PROT_READ, MAP_PRIVATE, fd, 0);
    int en = errno;
    close(fd);
    if (e->map == MAP_FAILED) {
        e->map = NULL;
        return us_fail_msg(err, UNSPUN_E_IO, "cannot map the data file",
                           SIZE_MAX, en);
    }
#ifdef MADV_HUGEPAGE
    /* Where Linux keeps files in large folios (ext4, XFS, ...), a fault
     * on a page not yet in memory then reads a large folio, and a later
     * fault maps a whole folio at once: a document probes the file all
     * over, a few thousand times. Read cold that way, the seed pair 000
     * -> 002 takes 7.1 ms and 474 page faults afterwards, against 12.7 ms
     * and 1,209 read page by page; peak RSS counts the whole folios
     * mapped (62 MB against 52 MB), though they are the same shared page
     * cache. Without the advice (THP "never", other systems) nothing
     * changes. */
    (void)madvise(e->map, e->map_len, MADV_HUGEPAGE);
#endif
    return UNSPUN_OK;
}

/* Point the engine's tables at their sections in the mapped file (the
 * section table is checked). */
static void point_sections(unspun_engine *e)
{
    const char *base = e->map;
    const us_section *sec = e->hd->sec;
    e->strings = base + sec[US_SEC_STRINGS].off;
    e->words = (const us_word_rec *)(base + sec[US_SEC_WORDS].off);
    e->word_slots = (const uint32_t *)(base + sec[US_SEC_WORD_SLOTS].off);
    e->stems = (const us_stem_rec *)(base + sec[US_SEC_STEMS].off);
    e->stem_slots = (const uint32_t *)(base + sec[US_SEC_STEM_SLOTS].off);
    e->cands = (const uint32_t *)(base + sec[US_SEC_CANDS].off);
    e->fps = (const us_fp_rec *)(base + sec[US_SEC_FPS].off);
    e->fp_seq = (const uint32_t *)(base + sec[US_SEC_FP_SEQ].off);
    e->assoc = (const us_assoc_rec *)(base + sec[US_SEC_ASSOC].off);
    e->known = (const uint32_t *)(base + sec[US_SEC_KNOWN].off);
    e->known_str = base + sec[US_SEC_KNOWN_STR].off;
    e->pairs = (const uint64_t *)(base + sec[US_SEC_PAIRS].off);
    e->lm_uni = (const us_lm_uni *)(base + sec[US_SEC_LM_UNI].off);
    e->lm_bi = (const uint32_t *)(base + sec[US_SEC_LM_BI].off);
    e->lm_bi_next = (const uint8_t *)(base + sec[US_SEC_LM_BI_NEXT].off);
    e->lm_tri = (const uint32_t *)(base + sec[US_SEC_LM_TRI].off);
    e->lm_q = (const us_lm_quant *)(base + sec[US_SEC_LM_QUANT].off);
    e->cand_cost = (const uint8_t *)(base + sec[US_SEC_CAND_COST].off);
    e->known_dict = (const unsigned char *)(base + sec[US_SEC_KNOWN_DICT].off);
    e->thes_pairs = (const uint32_t *)(base + sec[US_SEC_THES_PAIRS].off);
    e->thes_phrases = (const uint64_t *)(base + sec[US_SEC_THES_PHRASES].off);
    e->lemma_exc = (const us_exc *)(base + sec[US_SEC_LEMMA_EXC].off);
    e->blocks = (const uint32_t *)(base + sec[US_SEC_BLOCKS].off);
}

unspun_status unspun_engine_new(const unspun_engine_options *opt,
                                unspun_engine **out, unspun_error *err)
{
    if (!out)
        return us_fail(err, UNSPUN_E_ARG, SIZE_MAX, 0);
    *out = NULL;
    unspun_engine_options def = {0};
    if (!opt)
        opt = &def;
    const unspun_allocator *alc =
        opt->allocator ? opt->allocator : &us_default_allocator;
    unspun_engine *e = us_calloc(alc, 1, sizeof *e);
    if (!e)
        return us_fail(err, UNSPUN_E_NOMEM, SIZE_MAX, 0);
    e->alc = *alc;
    unspun_status rc = UNSPUN_OK;
    const char *dir = opt->dict_dir ? opt->dict_dir : "/usr/share/hunspell";
    /* The en_US dictionary must be there (unspun.h), although the library
     * never opens it: the data file holds every form it accepts. */
    {
        char path[4096];
        if (snprintf(path, sizeof path, "%s/en_US.dic", dir) >=
                (int)sizeof path ||
            access(path, R_OK) != 0) {
            rc = us_fail_msg(err, UNSPUN_E_DICT,
                             "cannot read the Hunspell en_US dictionary "
                             "(install Debian package hunspell-en-us)",
                             SIZE_MAX, errno);
            goto fail;
        }
    }
    rc =
        map_file(e, opt->data_path ? opt->data_path : UNSPUN_DEFAULT_DATA, err);
    if (rc)
        goto fail;
    e->hd = e->map;
    e->vf = us_calloc(&e->alc, 1, sizeof *e->vf);
    if (e->vf)
        e->vf->sec = us_calloc(&e->alc, US_NSEC, sizeof *e->vf->sec);
    if (!e->vf || !e->vf->sec) {
        rc = us_fail(err, UNSPUN_E_NOMEM, SIZE_MAX, 0);
        goto fail;
    }
    atomic_init(&e->vf->corrupt, 0);
    atomic_init(&e->vf->workers, 0);
    rc = check_sections(e, err);
    if (rc)
        goto fail;
    e->vf->blk =
        us_calloc(&e->alc, (size_t)e->hd->n_blocks + 1, sizeof *e->vf->blk);
    e->vf->stem =
        us_calloc(&e->alc, (size_t)e->hd->n_stems + 1, sizeof *e->vf->stem);
    if (!e->vf->blk || !e->vf->stem) {
        rc = us_fail(err, UNSPUN_E_NOMEM, SIZE_MAX, 0);
        goto fail;
    }
    if (rc)
        goto fail;
    point_sections(e);
    rc = check_data(e, err);
    if (rc)
        goto fail;
    rc = check_ref_data(e, err);
    if (rc)
        goto fail;
    /* A word outside the model's vocabulary is rarer than its rarest
     * word ("<s>" aside, whose -99 means "never predicted"), which the
     * compiler found (check_data: in range). */
    uint32_t rarest = e->hd->lm_rarest;
    e->lm_oov =
        (rarest == US_NONE ? 0.0 : fmin(0.0, e->lm_uni[rarest].prob)) - 1.0;
    e->lm_num = us_engine_word(e, "five", 4);
    e->lm_num = e->lm_num == US_NONE ? US_NONE : us_word(e, e->lm_num)->lm;
    /* The lookups above read blocks of the lazily checked sections. */
    rc = us_engine_corrupt(e, err);
    if (rc)
        goto fail;
    *out = e;
    return UNSPUN_OK;
fail:
    unspun_engine_free(e);
    return rc;
}

void unspun_engine_free(unspun_engine *e)
{
    if (!e)
        return;
    if (e->map)
        munmap(e->map, e->map_len);
    unspun_allocator alc = e->alc;
    if (e->vf) {
        us_free(&alc, (void *)e->vf->sec);
        us_free(&alc, (void *)e->vf->blk);
        us_free(&alc, (void *)e->vf->stem);
    }
    us_free(&alc, e->vf);
    us_free(&alc, e);
}

const char *unspun_engine_data_version(const unspun_engine *e)
{
    return e ? e->hd->version : NULL;
}

uint32_t us_engine_word(const unspun_engine *e, const char *s, size_t n)
{
    return us_engine_word_h(e, s, n, us_hash_str(s, n));
}

/* The id of the record whose string is the n bytes at s (hash: their
 * us_hash_str), in a table of nslots slots (a power of 2; a slot holds
 * id + 1, 0 when empty) over nrec records: words or stems, read through
 * us_word or us_stem; US_NONE when absent. */
static uint32_t probe(const unspun_engine *e, int sec, const uint32_t *slots,
                      uint32_t nslots, int words, uint32_t nrec, const char *s,
                      size_t n, uint64_t hash)
{
    uint32_t mask = nslots - 1;
    uint32_t h = (uint32_t)hash & mask;
    for (uint32_t probes = 0; probes <= mask; probes++, h = (h + 1) & mask) {
        if (!us_engine_block1(e, sec, (uint64_t)h * 4))
            return US_NONE;
        uint32_t id = slots[h];
        if (!id || id > nrec)
            return US_NONE;
        uint32_t str =
            words ? us_word(e, id - 1)->str : us_stem(e, id - 1)->str;
        const char *w = us_engine_str(e, str);
        if (strncmp(w, s, n) == 0 && w[n] == '\0')
            return id - 1;
    }
    return US_NONE;
}

uint32_t us_engine_word_h(const unspun_engine *e, const char *s, size_t n,
                          uint64_t hash)
{
    return probe(e, US_SEC_WORD_SLOTS, e->word_slots, e->hd->n_word_slots, 1,
                 e->hd->n_words, s, n, hash);
}

uint32_t us_engine_stem(const unspun_engine *e, const char *s, size_t n)
{
    return probe(e, US_SEC_STEM_SLOTS, e->stem_slots, e->hd->n_stem_slots, 0,
                 e->hd->n_stems, s, n, us_hash_str(s, n));
}

int us_engine_pair_seen(const unspun_engine *e, uint32_t a, uint32_t b)
{
    uint32_t nbits = e->hd->n_pair_bits;
    for (unsigned k = 0; k < US_PAIR_HASHES; k++) {
        uint32_t i = (uint32_t)us_pair_hash(a, b, k) & (nbits - 1);
        if (!us_engine_block1(e, US_SEC_PAIRS, (uint64_t)(i / 64) * 8))
            return 1;
        if (!(e->pairs[i / 64] >> (i % 64) & 1))
            return 0;
    }
    return 1;
}

uint32_t us_engine_known_slot(const unspun_engine *e, const char *s, size_t n)
{
    uint32_t mask = e->hd->n_known_slots - 1;
    uint32_t h = (uint32_t)us_hash_str(s, n) & mask;
    uint64_t size = e->hd->known_str_size;
    for (uint32_t probes = 0; probes <= mask; probes++, h = (h + 1) & mask) {
        if (!us_engine_blocks(e, US_SEC_KNOWN, (uint64_t)h * 4, 4))
            return US_NONE;
        uint32_t off = e->known[h];
        if (!off)
            return US_NONE;
        /* Offsets are checked here, not at load: start-up stays short. */
        if (n >= size || off >= size - n ||
            !us_engine_blocks(e, US_SEC_KNOWN_STR, off, n + 1))
            return US_NONE;
        const char *k = e->known_str + off;
        if (!memcmp(k, s, n) && k[n] == '\0')
            return h;
    }
    return US_NONE;
}

int us_engine_known(const unspun_engine *e, const char *s, size_t n)
{
    return us_engine_known_slot(e, s, n) != US_NONE;
}

/* The compiled known-form table answers for both dictionaries: no
 * Hunspell handle is ever made at run time, so nothing is loaded on the
 * scan's worker threads (Hunspell's loader touches unsynchronised
 * globals) and no process pays the 0.1-0.2 s of loading it. */
unsigned us_engine_dicts(const unspun_engine *e, const char *s, size_t n)
{
    uint32_t h = us_engine_known_slot(e, s, n);
    if (h == US_NONE || !us_engine_blocks(e, US_SEC_KNOWN_DICT, h, 1))
        return 0;
    return e->known_dict[h] & (US_DICT_US | US_DICT_GB);
}

uint64_t us_engine_stem_key(const unspun_engine *e, uint32_t stem)
{
    if (stem == US_NONE || stem >= e->hd->n_stems)
        return 0;
    const char *ss = us_engine_str(e, us_stem(e, stem)->str);
    return us_word_key(ss, strlen(ss));
}
