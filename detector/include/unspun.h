/*
 * unspun.h - detect spun and machine-translated English text.
 *
 * This is the one public header of libunspun. The library reads a document,
 * finds the artifacts an article spinner or a round-trip machine translation
 * leaves behind (tortured phrases, out-of-place synonyms, broken
 * collocations), and scores the document's paraphrase damage from 0 to 100.
 *
 * Objects and ownership
 *   unspun_engine  the loaded language model and wordlists. Immutable once
 *                  built: one engine may be shared read-only by any number of
 *                  threads.
 *   unspun_worker  per-thread state (Snowball stemmer, the word cache,
 *                  scratch memory). A worker must only be used by one
 *                  thread at a time. Create and free workers on one thread.
 *                  Intrinsic scoring never loads Hunspell: the data file
 *                  holds every word form its dictionaries accept.
 *   unspun_result  everything about one scored document. It owns every
 *                  artifact and string it hands out; they stay valid until
 *                  unspun_result_free().
 *
 * Every *_new has a *_free, and *_free(NULL) does nothing. Memory returned by
 * the renderers is released with unspun_free().
 *
 * Errors
 *   Fallible calls return an unspun_status (UNSPUN_OK is 0) and, when the
 *   caller passes a non-NULL unspun_error, fill it with the code, a constant
 *   English message, the byte offset in the input the problem was found at
 *   (when it has one) and the saved errno (for I/O errors). The library never
 *   prints, never exits and never aborts; running out of memory returns
 *   UNSPUN_E_NOMEM and leaks nothing.
 *
 * The library calls no setlocale() and reads no environment variable.
 */
#ifndef UNSPUN_H
#define UNSPUN_H

#include <stddef.h>
#include <stdint.h>

#include "unspun_version.h"

#ifdef __cplusplus
extern "C" {
#endif

#if defined(UNSPUN_STATIC)
#define UNSPUN_API
#elif defined(__GNUC__)
#define UNSPUN_API __attribute__((visibility("default")))
#else
#define UNSPUN_API
#endif

/* ------------------------------------------------------------------------ */
/* Status codes and errors                                                  */
/* ------------------------------------------------------------------------ */

/* Result of every fallible call. Numeric values are stable. */
typedef enum unspun_status {
    UNSPUN_OK = 0,
    UNSPUN_E_NOMEM = 1,   /* an allocation failed */
    UNSPUN_E_ARG = 2,     /* an argument is NULL or out of range */
    UNSPUN_E_IO = 3,      /* a file could not be opened or read (errno set) */
    UNSPUN_E_DATA = 4,    /* the compiled data file is missing, corrupt or of
                             another format version */
    UNSPUN_E_DICT = 5,    /* a Hunspell dictionary could not be loaded */
    UNSPUN_E_EMPTY = 6,   /* the document has no words */
    UNSPUN_E_BINARY = 7,  /* the document holds NUL bytes (offset set), or
                             is UTF-16 or UTF-32 text (the message says
                             which; no offset): not UTF-8 text */
    UNSPUN_E_UTF8 = 8,    /* the document is not valid UTF-8 (offset set;
                             the message says so where the bytes show a
                             file cut mid-character or a single-byte
                             encoding) */
    UNSPUN_E_TOO_BIG = 9, /* the document exceeds the size limit */
    UNSPUN_E_NOT_ENGLISH = 10 /* too few of the document's words are English,
                                or most are in a script other than Latin */
} unspun_status;

/* Details of a failure. `message` points to a constant string (never free
 * it); `offset` is the byte offset in the input where the problem was found,
 * or SIZE_MAX when the error has no position; `sys_errno` is the errno of a
 * failed system call, else 0. */
typedef struct unspun_error {
    unspun_status code;
    const char *message;
    size_t offset;
    int sys_errno;
} unspun_error;

/* A constant English description of `code` ("out of memory", ...). Never
 * NULL: unknown codes give "unknown error". Thread-safe. */
UNSPUN_API const char *unspun_strerror(unspun_status code);

/* ------------------------------------------------------------------------ */
/* Allocation                                                               */
/* ------------------------------------------------------------------------ */

/* An allocator the library uses for all of its own memory (Hunspell and
 * libstemmer allocate with the C library). `realloc` receives the old size.
 * Any function may be called from several threads at once when an engine is
 * shared; `ctx` is passed back unchanged. */
typedef struct unspun_allocator {
    void *(*malloc)(void *ctx, size_t size);
    void *(*realloc)(void *ctx, void *ptr, size_t old_size, size_t size);
    void (*free)(void *ctx, void *ptr);
    void *ctx;
} unspun_allocator;

/* Free memory the library handed to the caller (rendered output). NULL is a
 * no-op. Such memory always comes from the C library's malloc, whatever
 * allocator the engine uses. */
UNSPUN_API void unspun_free(void *ptr);

/* ------------------------------------------------------------------------ */
/* Engine                                                                   */
/* ------------------------------------------------------------------------ */

typedef struct unspun_engine unspun_engine;

/* Knobs for unspun_engine_new. Zero/NULL fields mean the documented
 * defaults, so `{0}` is a valid value. */
typedef struct unspun_engine_options {
    /* Compiled data file (wordlists + language model). NULL: the
     * installed default, UNSPUN_DEFAULT_DATA. */
    const char *data_path;
    /* Directory holding en_US.{aff,dic} and en_GB.{aff,dic}. NULL:
     * "/usr/share/hunspell". en_GB is optional; en_US is required. */
    const char *dict_dir;
    /* Allocator for the engine and every worker and result made from it.
     * NULL: the C library's malloc/realloc/free. Copied; must outlive the
     * engine's objects only through its ctx. */
    const unspun_allocator *allocator;
} unspun_engine_options;

/* Load the data file and check that the dictionaries exist. On success
 * stores a new engine in *out (the caller owns it; free with
 * unspun_engine_free) and returns UNSPUN_OK; on failure *out is set to NULL.
 * `opt` may be NULL (all defaults). Errors: UNSPUN_E_ARG (out is NULL),
 * UNSPUN_E_IO (data file unreadable), UNSPUN_E_DATA (bad data file),
 * UNSPUN_E_DICT (no en_US dictionary), UNSPUN_E_NOMEM. Not thread-safe with
 * respect to other engine or worker creation. */
UNSPUN_API unspun_status unspun_engine_new(const unspun_engine_options *opt,
                                           unspun_engine **out,
                                           unspun_error *err);

/* Release an engine. All of its workers and results must have been freed.
 * NULL is a no-op. */
UNSPUN_API void unspun_engine_free(unspun_engine *engine);

/* The data version of the loaded data file: a hex digest of the wordlist
 * sources and Debian package versions it was compiled from. Owned by the
 * engine; NULL for a NULL engine. Thread-safe. */
UNSPUN_API const char *unspun_engine_data_version(const unspun_engine *engine);

/* The format version of the data files this library reads. */
UNSPUN_API unsigned unspun_data_format_version(void);

/* ------------------------------------------------------------------------ */
/* Worker                                                                   */
/* ------------------------------------------------------------------------ */

typedef struct unspun_worker unspun_worker;

/* Make per-thread scoring state over a shared engine. Errors: UNSPUN_E_ARG,
 * UNSPUN_E_NOMEM. The engine must outlive the worker. Call from the thread that
 * created the engine. */
UNSPUN_API unspun_status unspun_worker_new(const unspun_engine *engine,
                                           unspun_worker **out,
                                           unspun_error *err);

/* Release a worker. NULL is a no-op. */
UNSPUN_API void unspun_worker_free(unspun_worker *worker);

/* ------------------------------------------------------------------------ */
/* Scoring                                                                  */
/* ------------------------------------------------------------------------ */

/* Verdict derived from the score and the thresholds. */
typedef enum unspun_verdict {
    UNSPUN_VERDICT_CLEAN = 0,
    UNSPUN_VERDICT_SUSPECT = 1,
    UNSPUN_VERDICT_SPUN = 2,
    /* No verdict: what unspun_result_verdict gives for a NULL result (a
     * document that was not scored is not a clean one). New values are
     * only ever added at the end. */
    UNSPUN_VERDICT_NONE = 3
} unspun_verdict;

/* Kinds of artifact. */
typedef enum unspun_kind {
    UNSPUN_KIND_FINGERPRINT = 0, /* a known tortured phrase */
    UNSPUN_KIND_SYNONYM = 1,     /* a thesaurus substitute that does not fit */
    UNSPUN_KIND_COLLOCATION = 2, /* words that ordinary English never joins */
    UNSPUN_KIND_UNKNOWN = 3,     /* a word no English dictionary knows */
    UNSPUN_KIND_FUNCTION = 4,    /* a function-word rewrite ("have been
                                    stated to be" for "were said to be";
                                    "the file of configuration" for "the
                                    configuration file"; "no" for "not") */
    UNSPUN_KIND_REWRITE = 5      /* reference mode, against an original:
                                    other wording than the original's,
                                    that no thesaurus or WordNet relation
                                    explains ("bluecoat" for "police") */
} unspun_kind;

/* Option bits for unspun_score (unspun_score_options.flags), all of
 * them; 0 is the documented default. A bit outside UNSPUN_OPT_ALL makes
 * unspun_score fail with UNSPUN_E_ARG. */
enum {
    UNSPUN_OPT_DEFAULT = 0,
    /* Skip the English-language check (score any text). */
    UNSPUN_OPT_ANY_LANGUAGE = 1u << 0,
    /* Report artifacts inside quotations like any other (by default their
     * confidence is lowered: spinners usually leave quoted speech alone). */
    UNSPUN_OPT_QUOTES = 1u << 1
};
/* The input is HTML. Tags, comments, <script>/<style> content are ignored
 * and character references (&amp; &#8217; &eacute;) decoded before
 * analysis; artifact offsets, line, col and text still refer to the HTML
 * bytes as given. UNSPUN_E_BINARY and UNSPUN_E_UTF8 offsets too. Markdown
 * needs no flag: it is scored as plain text. */
#define UNSPUN_OPT_HTML (1u << 8)
/* Keep the document's story fingerprint in the result (see
 * unspun_result_story, under References). */
#define UNSPUN_OPT_STORY (1u << 9)
#define UNSPUN_OPT_ALL                                                         \
    ((uint32_t)(UNSPUN_OPT_ANY_LANGUAGE | UNSPUN_OPT_QUOTES |                  \
                UNSPUN_OPT_HTML | UNSPUN_OPT_STORY))

/* Numeric knobs for unspun_score. Zero fields mean the defaults. */
typedef struct unspun_score_options {
    uint32_t flags;    /* UNSPUN_OPT_* bits */
    size_t max_bytes;  /* larger input: UNSPUN_E_TOO_BIG. 0: 64 MiB */
    double suspect_at; /* score from which the verdict is "suspect"; 0: 30 */
    double spun_at;    /* score from which the verdict is "spun"; 0: 50 */
    /* List artifacts of this confidence or more; 0: 0.7. Weaker evidence
     * counts towards the score all the same, so the score and the verdict
     * never depend on it: a lower value lists more of what was weighed
     * (down to the detectors' own floors, 0.05-0.1), a higher one less. */
    double min_confidence;
} unspun_score_options;

#define UNSPUN_DEFAULT_MAX_BYTES ((size_t)64 << 20)
#define UNSPUN_DEFAULT_SUSPECT_AT 30.0
#define UNSPUN_DEFAULT_SPUN_AT 50.0
#define UNSPUN_DEFAULT_MIN_CONFIDENCE 0.7

/* One artifact: a located piece of likely paraphrase damage. */
typedef struct unspun_artifact {
    size_t start;           /* byte offset into the input as given */
    size_t end;             /* end byte offset, exclusive */
    size_t line;            /* 1-based line of `start` */
    size_t col;             /* 1-based column of `start`, in code points */
    const char *text;       /* the input bytes [start, end), NUL-terminated */
    const char *suggestion; /* likely original wording, or NULL */
    unspun_kind kind;
    double confidence; /* 0..1 */
    /* Reference mode: the reference whose wording explains this artifact
     * (owned by the result), and the byte span [ref_start, ref_end) of that
     * wording in it (in its text content when it was added as HTML:
     * unspun_refset_add_html); NULL and 0, 0 when the artifact has no
     * reference. */
    const struct unspun_reference *ref;
    size_t ref_start, ref_end;
} unspun_artifact;

typedef struct unspun_result unspun_result;

/* Score `len` bytes of UTF-8 text. `text` need not be NUL-terminated and may
 * be NULL only when len is 0. `opt` may be NULL (defaults). On success
 * stores a new result in *out (free with unspun_result_free). Errors:
 * UNSPUN_E_ARG, UNSPUN_E_NOMEM, UNSPUN_E_EMPTY, UNSPUN_E_BINARY (offset of the
 * first NUL), UNSPUN_E_UTF8 (offset of the first bad byte),
 * UNSPUN_E_TOO_BIG, UNSPUN_E_NOT_ENGLISH. The worker may be reused for the next
 * document in any case. Thread-safe for distinct workers. */
UNSPUN_API unspun_status unspun_score(unspun_worker *worker, const char *text,
                                      size_t len,
                                      const unspun_score_options *opt,
                                      unspun_result **out, unspun_error *err);

/* Release a result and everything it owns. NULL is a no-op. */
UNSPUN_API void unspun_result_free(unspun_result *result);

/* The result's accessors. All are thread-safe, and none reports a NULL
 * result (no document scored) as a clean document. */

/* Paraphrase damage, 0 (no evidence) to 100 (heavily damaged); NaN for a
 * NULL result (not 0, a clean document's score: any comparison with a
 * threshold is false). */
UNSPUN_API double unspun_result_score(const unspun_result *result);
/* The verdict; UNSPUN_VERDICT_NONE for a NULL result. */
UNSPUN_API unspun_verdict unspun_result_verdict(const unspun_result *result);
/* Number of words in the document; 0 for a NULL result. */
UNSPUN_API size_t unspun_result_words(const unspun_result *result);
/* Number of artifacts, sorted by start offset; 0 for a NULL result. */
UNSPUN_API size_t unspun_result_count(const unspun_result *result);
/* Artifact `i` (< count), owned by the result; NULL when out of range or
 * for a NULL result. */
UNSPUN_API const unspun_artifact *
unspun_result_artifact(const unspun_result *result, size_t i);

/* "clean", "suspect", "spun"; "fingerprint", "synonym", "collocation",
 * "unknown-word", "function-word", "rewrite". Constant strings; NULL for
 * UNSPUN_VERDICT_NONE and values out of range. */
UNSPUN_API const char *unspun_verdict_name(unspun_verdict verdict);
UNSPUN_API const char *unspun_kind_name(unspun_kind kind);

/* ------------------------------------------------------------------------ */
/* References                                                               */
/* ------------------------------------------------------------------------ */

/* A pool of reference documents: the known original(s) of an article, or
 * the sibling articles of a scanned folder. Built once on one thread with
 * unspun_refset_add() for each document, then sealed; once sealed it is
 * immutable and may be shared read-only by any number of threads, each
 * scoring with its own worker. For each scored document the best-matching
 * references (shared word pairs) are picked from the pool, the document is
 * aligned to them word by word (anchored on rare shared word triples,
 * robust to reordered, omitted and inserted sentences), and every
 * difference is classified: identical, inflection, spelling variant
 * (en_US/en_GB), synonym swap, function-word rewrite, unrelated rewrite,
 * insertion, deletion. Synonym swaps and function-word rewrites become
 * artifacts whose suggestion is the reference's wording; intrinsic
 * artifacts on words the reference explains identically are dropped. */
typedef struct unspun_refset unspun_refset;

typedef struct unspun_refset_options {
    /* No longer read (kept so that existing callers still compile): the
     * thesaurus (MyThes) and WordNet's lists of irregular forms are
     * compiled into the engine's data file (unspun-compile --thesaurus,
     * --wordnet) and shared by every pool. */
    const char *thesaurus_path;
    const char *wordnet_dir;
} unspun_refset_options;

/* Make an empty pool. `opt` may be NULL. Errors: UNSPUN_E_ARG, NOMEM. The
 * engine must outlive the refset. */
UNSPUN_API unspun_status unspun_refset_new(const unspun_engine *engine,
                                           const unspun_refset_options *opt,
                                           unspun_refset **out,
                                           unspun_error *err);

/* Add a reference document: `len` bytes of UTF-8 `text` (copied), known as
 * `name` (copied; reported in results; may be NULL: ""). The worker
 * (same engine) analyses its words. Errors: UNSPUN_E_ARG (NULL arguments,
 * or the refset is already sealed), UNSPUN_E_NOMEM, UNSPUN_E_EMPTY,
 * UNSPUN_E_BINARY (checked first, as unspun_score checks a document),
 * UNSPUN_E_UTF8, UNSPUN_E_TOO_BIG (over 64 MiB), UNSPUN_E_DICT; the
 * first two with the offset. On error the pool is unchanged. Not
 * thread-safe. */
UNSPUN_API unspun_status unspun_refset_add(unspun_refset *refs,
                                           unspun_worker *worker,
                                           const char *name, const char *text,
                                           size_t len, unspun_error *err);

/* unspun_refset_add for a reference in HTML: the pool keeps its text
 * content (tags, comments, <script> and <style> dropped, character
 * references decoded, as unspun_score reads a document with
 * UNSPUN_OPT_HTML), so a suggestion is the reference's wording without
 * markup, and an artifact's [ref_start, ref_end) counts bytes of that
 * text content. UNSPUN_E_BINARY and UNSPUN_E_UTF8 offsets are into
 * `html` as given; other errors as unspun_refset_add. */
UNSPUN_API unspun_status unspun_refset_add_html(unspun_refset *refs,
                                                unspun_worker *worker,
                                                const char *name,
                                                const char *html, size_t len,
                                                unspun_error *err);

/* Index the pool, and check (once per engine) the data file's sections
 * that reference mode reads. Must be called once, after the last add and
 * before scoring with it. Errors: UNSPUN_E_ARG, UNSPUN_E_NOMEM,
 * UNSPUN_E_DATA (a corrupt section, named in the message). Not
 * thread-safe. */
UNSPUN_API unspun_status unspun_refset_seal(unspun_refset *refs,
                                            unspun_worker *worker,
                                            unspun_error *err);

/* Number of documents in the pool (0 for a NULL pool), and the name of
 * document i (owned by the refset; NULL when out of range or for a NULL
 * pool). Thread-safe once sealed. */
UNSPUN_API size_t unspun_refset_count(const unspun_refset *refs);
UNSPUN_API const char *unspun_refset_name(const unspun_refset *refs, size_t i);

/* Release a pool. Results copy what they need from it, so they may
 * outlive it. NULL is a no-op. */
UNSPUN_API void unspun_refset_free(unspun_refset *refs);

/* Reference-mode knobs for unspun_score_refs. Zero fields: defaults. */
typedef struct unspun_ref_options {
    /* The pool, sealed. NULL: no reference mode (as unspun_score). */
    const unspun_refset *refs;
    /* At most this many references are aligned with a document; 0: 4;
     * values above 16 count as 16. The result may name more, 16 at most:
     * the references of the document's story whose vocabulary decided a
     * swap (coverage 0 when they were not aligned). */
    size_t max_refs;
    /* 1 + the index of a reference never to use (the document itself, when
     * a scanned folder is its own pool); 0: none. */
    size_t skip;
    /* UNSPUN_REF_* bits; 0: the references are known originals. */
    uint32_t flags;
} unspun_ref_options;

/* Flags of unspun_ref_options. */
enum {
    /* The pool holds peers (sibling articles on one story), not known
     * originals: either side of a swap may be the spun one, so a swap whose
     * document word is clearly the more common (spinners reach for rarer
     * words) counts as weak evidence only. */
    UNSPUN_REF_PEERS = 1u << 0
};

/* unspun_score, comparing the document with the best-matching references
 * of ropt->refs (ropt NULL, or ropt->refs NULL: exactly unspun_score).
 * Same errors as unspun_score, plus UNSPUN_E_ARG when the refset is not
 * sealed or was made for another engine. Thread-safe for distinct
 * workers sharing one sealed refset. */
UNSPUN_API unspun_status unspun_score_refs(unspun_worker *worker,
                                           const char *text, size_t len,
                                           const unspun_score_options *opt,
                                           const unspun_ref_options *ropt,
                                           unspun_result **out,
                                           unspun_error *err);

/* Which documents of a set are on one story (sibling articles sharing
 * quotes and facts), known before any pool is built: what `unspun scan`
 * asks of a folder, so that a pool is made only when it will be used, and
 * each file is read and analysed once when none is (issue 12).
 *
 * With UNSPUN_OPT_STORY, unspun_score keeps the document's story
 * fingerprint in the result; unspun_result_story gives it: *n hashes of
 * neighbouring word pairs (in no order, repeats included), owned by the
 * result (NULL and 0 without the flag or for a NULL result; n may be
 * NULL). unspun_story_links sets linked[i] for
 * each of n documents (fingerprints fp[i] of nfp[i] hashes; fp[i] may be NULL
 * when nfp[i] is 0) to 1 exactly when unspun_score_refs on document i, with a
 * pool of these n documents (in any order; document i skipped) and
 * ref_flags (UNSPUN_REF_PEERS), would use any of them, else 0. Errors:
 * UNSPUN_E_ARG, UNSPUN_E_NOMEM. Thread-safe. */
UNSPUN_API const uint64_t *unspun_result_story(const unspun_result *result,
                                               size_t *n);
UNSPUN_API unspun_status unspun_story_links(const uint64_t *const *fp,
                                            const size_t *nfp, size_t n,
                                            uint32_t ref_flags,
                                            unsigned char *linked);

/* A reference used for one document, owned by its result. */
typedef struct unspun_reference {
    const char *name; /* as given to unspun_refset_add */
    size_t index;     /* its index in the refset */
    double coverage;  /* share of the document's words aligned to it, 0..1 */
} unspun_reference;

/* Number of references used for the result (0 without reference mode or
 * for a NULL result), and reference i, in the order they were chosen (best
 * first); NULL when out of range or for a NULL result. Owned by the
 * result. */
UNSPUN_API size_t unspun_result_ref_count(const unspun_result *result);
UNSPUN_API const unspun_reference *
unspun_result_ref(const unspun_result *result, size_t i);

/* ------------------------------------------------------------------------ */
/* Rendering                                                                */
/* ------------------------------------------------------------------------ */

/* Render flags. */
enum {
    UNSPUN_RENDER_DEFAULT = 0,
    UNSPUN_RENDER_COLOR = 1u << 0 /* text: ANSI highlighting */
};

/* Render a result as one JSON object on one line, ending in '\n', in the
 * contract's field order: {"file","score","verdict","words","artifacts"},
 * then, in reference mode only, "references": [{"path","coverage"}]; such
 * artifacts end with "reference": {"index","start","end"} (index into
 * "references", byte span in that reference).
 * Floats have fixed precision, so output is byte-stable. `file` is the
 * name to report (NULL: null). On success *out holds a NUL-terminated string
 * of *len bytes that the caller frees with unspun_free(). Errors:
 * UNSPUN_E_ARG, UNSPUN_E_NOMEM. Thread-safe. */
UNSPUN_API unspun_status unspun_render_json(const unspun_result *result,
                                            const char *file, char **out,
                                            size_t *len);

/* Render an error record {"file","error"} on one line, ending in '\n'. The
 * error text is unspun_strerror(err->code), plus the byte offset for
 * errors that have one. Same ownership as unspun_render_json. */
UNSPUN_API unspun_status unspun_render_error_json(const char *file,
                                                  const unspun_error *err,
                                                  char **out, size_t *len);

/* Render a result for a person: a summary line, then each artifact with its
 * line:col, kind, confidence and suggestion, and the line it is in with the
 * artifact highlighted (UNSPUN_RENDER_COLOR) or underlined with carets.
 * `input`/`input_len` must be the scored text. Same ownership as
 * unspun_render_json. */
UNSPUN_API unspun_status unspun_render_text(const unspun_result *result,
                                            const char *file, const char *input,
                                            size_t input_len, uint32_t flags,
                                            char **out, size_t *len);

/* ------------------------------------------------------------------------ */
/* Scanning: CSV output and the ranked table                                */
/* ------------------------------------------------------------------------ */

/* Every report of a scan lists a document's top artifacts by one rule:
 * up to three, the most confident first (ties in document order), each
 * wording (text and suggestion) once. The CSV, the ranked table and the
 * HTML report's table give the same ones. */

/* The header row of unspun_render_csv's rows, with its CRLF:
 * "file,score,verdict,words,artifacts,top_artifacts,error". Constant
 * string; thread-safe. */
UNSPUN_API const char *unspun_csv_header(void);

/* Render one CSV row (RFC 4180: fields holding a comma, a double quote, CR
 * or LF are quoted, quotes doubled; the row ends in CRLF) for a scored
 * document: file, score (one decimal, as in JSON), verdict, words, the
 * number of artifacts, and top_artifacts: the top artifacts (above) as
 * "text -> suggestion (kind)" (or "text (kind)") joined by "; "; the
 * error field is empty. `file` NULL gives an empty field. Same ownership
 * and errors as unspun_render_json. Thread-safe. */
UNSPUN_API unspun_status unspun_render_csv(const unspun_result *result,
                                           const char *file, char **out,
                                           size_t *len);

/* Render the CSV row of a document that could not be scored: file, four
 * empty fields, and the same error text as unspun_render_error_json. */
UNSPUN_API unspun_status unspun_render_error_csv(const char *file,
                                                 const unspun_error *err,
                                                 char **out, size_t *len);

/* A scan's ranked table for a person (`unspun scan --format table`),
 * assembled from parts as the HTML report is, so that each document's row
 * is rendered on the thread that scored it and only the ranking waits for
 * the end:
 *
 *   unspun_render_table_begin     the column heads (none when no input
 *                                 was scored)
 *   unspun_render_table_row...    per scored document, best ranked first
 *   unspun_render_table_failed    "... and N more" when the table holds
 *                                 fewer rows than were scored; the heading
 *                                 of the inputs that were not
 *   unspun_render_table_error...  per input not scored
 *   unspun_render_table_end       the counts, and the speed of the scan
 *
 * Each line fits `columns` code points (0: 80; fewer than 40 count as
 * 40): a file name is cut at its start, where it matters least, other
 * text at its end, each with "...". Line breaks and tabs in artifacts
 * become spaces. Ownership and errors as for unspun_render_json
 * (UNSPUN_E_ARG, UNSPUN_E_NOMEM); all are thread-safe. */

/* What the table's parts say about the whole scan. */
typedef struct unspun_table_summary {
    size_t files;                /* inputs, scored or not */
    size_t spun, suspect, clean; /* scored inputs by verdict */
    size_t failed;               /* inputs that could not be scored */
    size_t shown;                /* scored documents the table lists */
    const char *more;            /* after "... and N more": how to see
                                    them, in parentheses; NULL: nothing */
    size_t words;                /* words of the scored inputs */
    size_t bytes;                /* bytes of the inputs read */
    double seconds;              /* the scan's wall time; negative: the
                                    line on speed is left out */
    unsigned threads;            /* that scored them */
} unspun_table_summary;

UNSPUN_API unspun_status unspun_render_table_begin(
    const unspun_table_summary *summary, char **out, size_t *len);

/* A scored document's row: score (one decimal), verdict, words and `file`
 * (NULL: "(no id)"), then on a line of its own, indented, its top
 * artifacts (above) as "text -> suggestion" (or "text") joined by "; ",
 * when it has any. */
UNSPUN_API unspun_status unspun_render_table_row(const unspun_result *result,
                                                 const char *file,
                                                 size_t columns, char **out,
                                                 size_t *len);

UNSPUN_API unspun_status unspun_render_table_failed(
    const unspun_table_summary *summary, char **out, size_t *len);

/* An input that could not be scored: "file: error", the error text of
 * unspun_render_error_json. */
UNSPUN_API unspun_status unspun_render_table_error(const char *file,
                                                   const unspun_error *err,
                                                   size_t columns, char **out,
                                                   size_t *len);

UNSPUN_API unspun_status unspun_render_table_end(
    const unspun_table_summary *summary, char **out, size_t *len);

/* ------------------------------------------------------------------------ */
/* HTML report and restored text (issue 14)                                 */
/* ------------------------------------------------------------------------ */

/* An HTML report is one self-contained page (inline CSS, no script, no
 * external resource; a Content-Security-Policy forbids both), assembled
 * from parts so that a scan can render each document on its own thread:
 *
 *   unspun_render_html_begin          <!DOCTYPE html> ... <main>
 *   [unspun_render_html_table_begin   a scan's summary and ranked table
 *    unspun_render_html(..ROW)...     one row per document
 *    unspun_render_html_table_end]
 *   unspun_render_html(...)...        one section per document
 *   unspun_render_html_end            the footer ... </html>
 *
 * Every byte taken from an input (text, file names, references,
 * suggestions, options) is escaped, so markup in it is shown, never
 * interpreted; invalid UTF-8 in names becomes U+FFFD and control
 * characters their visible Control Pictures. The output holds no time or
 * other varying data: identical input gives identical bytes. Ownership and
 * errors as for unspun_render_json (UNSPUN_E_ARG, UNSPUN_E_NOMEM); all are
 * thread-safe. */

/* What the page says about itself. NULL fields are left out. */
typedef struct unspun_html_page {
    const char *title;        /* <title> and heading; NULL: "unspun report" */
    const char *data_version; /* footer: unspun_engine_data_version() */
    const char *options;      /* footer: the options used, as text */
} unspun_html_page;

/* Flags of unspun_render_html and unspun_render_html_error. */
enum {
    /* Render the document's row of the ranked table (score, verdict,
     * words, file linking to its section, top artifacts linking to their
     * places, or the error) instead of its section. */
    UNSPUN_RENDER_HTML_ROW = 1u << 0
};

/* The page's head, styles, heading and legend of artifact kinds, up to
 * and including <main>. `page` may be NULL. */
UNSPUN_API unspun_status unspun_render_html_begin(const unspun_html_page *page,
                                                  char **out, size_t *len);

/* </main>, the footer (library version, data version, options) and the
 * end of the page. `page` may be NULL. */
UNSPUN_API unspun_status unspun_render_html_end(const unspun_html_page *page,
                                                char **out, size_t *len);

/* One scored document as a <section id="dID">: its score and verdict, the
 * text with every artifact highlighted by kind (hue and underline style;
 * suggestion, kind and confidence on hover and on keyboard focus), and the
 * list of artifacts linking to their places. In reference mode the
 * coverage of each reference, and, when `refs` is the refset the document
 * was scored with, each reference's text beside the document with the
 * wording of every swap marked and linked both ways. `input`/`input_len`
 * must be the scored text. `refs` may be NULL (no reference texts). `id`
 * makes the element ids of this document unique in the page (d<id>,
 * d<id>-a<artifact>, ...). With UNSPUN_RENDER_HTML_ROW, the table row
 * instead (input and refs unused). */
UNSPUN_API unspun_status unspun_render_html(const unspun_result *result,
                                            const char *file, const char *input,
                                            size_t input_len,
                                            const unspun_refset *refs,
                                            size_t id, uint32_t flags,
                                            char **out, size_t *len);

/* A document that could not be scored: a section (or, with
 * UNSPUN_RENDER_HTML_ROW, a table row) with the same error text as
 * unspun_render_error_json. */
UNSPUN_API unspun_status unspun_render_html_error(const char *file,
                                                  const unspun_error *err,
                                                  size_t id, uint32_t flags,
                                                  char **out, size_t *len);

/* Counts for a scan's ranked table. */
typedef struct unspun_html_summary {
    size_t files;                /* inputs, scored or not */
    size_t spun, suspect, clean; /* scored inputs by verdict */
    size_t failed;               /* inputs that could not be scored */
    size_t shown;                /* rows the table will hold */
    const char *note;            /* shown under the counts when the table
                                    holds fewer rows than files (how to
                                    see the rest); NULL: a generic note */
} unspun_html_summary;

/* The summary and the head of the ranked table; its rows follow, best
 * ranked first, then unspun_render_html_table_end. */
UNSPUN_API unspun_status unspun_render_html_table_begin(
    const unspun_html_summary *summary, char **out, size_t *len);
UNSPUN_API unspun_status unspun_render_html_table_end(
    const unspun_html_summary *summary, char **out, size_t *len);

/* The scored text with each artifact that has a suggestion and a
 * confidence of at least `min_confidence` replaced by its suggestion, and
 * every other byte as it was: what a plagiarism search should be given
 * to find the source. The suggestion takes the artifact's case (all
 * capitals, capitalised words, or a lower-case start where the suggestion
 * comes capitalised from the start of a reference's sentence) and, for a
 * known tortured phrase matched in an inflected form, its inflection
 * ("counterfeit consciousnesses" -> "artificial intelligences") when
 * `engine` (the one that scored it; may be NULL: no inflection) knows the
 * inflected word. `input`/`input_len` must be the scored text. If
 * `replaced` is not NULL it receives the number of artifacts replaced.
 * Ownership and errors as for unspun_render_json. Thread-safe. */
UNSPUN_API unspun_status unspun_render_restored(
    const unspun_engine *engine, const unspun_result *result, const char *input,
    size_t input_len, double min_confidence, char **out, size_t *len,
    size_t *replaced);

#ifdef __cplusplus
}
#endif

#endif /* UNSPUN_H */
