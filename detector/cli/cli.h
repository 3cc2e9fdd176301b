/* cli.h - helpers shared by the unspun commands (score, scan, restore):
 * messages, memory that cannot fail, reading inputs, reference pools.
 *
 * Program code, not library: these may print and exit. The commands'
 * options are parsed by options.h. */
#ifndef UNSPUN_CLI_H
#define UNSPUN_CLI_H

#include <stddef.h>

#include "unspun.h"

/* Exit statuses (documented in --help). */
#define EXIT_ABOVE 1    /* some file scored above --fail-above */
#define EXIT_FATAL 2    /* usage error or fatal error */
#define EXIT_UNSCORED 3 /* scan: some input could not be scored */

/* The program name for messages, "unspun". */
extern const char *const prog;
/* What usage errors point to: "unspun --help" unless a subcommand changes
 * it (set once, on the main thread, before any other thread exists). */
extern const char *help_hint;

/* Print "unspun: <message>" and the help hint on stderr, exit 2. */
void usage_error(const char *fmt, ...)
    __attribute__((format(printf, 1, 2), noreturn));

/* Allocation that cannot fail: out of memory, one stderr line and exit 2.
 * xasprintf may return NULL only when the format fails. */
void *xmalloc(size_t n);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The option at argv[*i], which takes a value: "--name value" or
 * "--name=value". Copies its name into name and returns the value,
 * advancing *i past a separate value; a usage error if the name is not one
 * of valued[0..n) or the value is missing. */
#define CLI_OPT_NAME 32
const char *cli_option_value(int argc, char **argv, int *i,
                             const char *const *valued, size_t n,
                             char name[CLI_OPT_NAME]);

/* A score 0..100, or a usage error naming `flag`. */
double parse_score(const char *flag, const char *s);
/* A confidence 0..1 (--min-confidence), or a usage error. */
double parse_confidence(const char *flag, const char *s);
/* A byte size for --max-bytes with an optional K/M/G suffix, or a usage
 * error. */
size_t parse_size(const char *s);

/* The data file next to the program: <exe>/../share/unspun/unspun.dat
 * (both the build tree and an installed tree have this layout), or NULL.
 * Points to static storage: call from the main thread. */
char *data_near_exe(void);

/* Read from fd to its end, refusing more than `max` bytes (UNSPUN_E_TOO_BIG
 * after reading at most max + 1); `hint`: the expected size, or 0. The
 * caller closes fd and frees *out. */
unspun_status read_fd(int fd, size_t max, size_t hint, char **out, size_t *len,
                      int *sys_errno);

/* Inputs named by path. `unspun score` and `unspun scan` read a file the
 * same way and describe the same failure with the same bytes (issue 12):
 * only regular files are opened; FIFOs, devices and sockets are refused
 * unopened (a stream is read as "-"), and links that lead nowhere say so.
 *
 * cli_classify: what `path` is, following symbolic links; for
 * CLI_PATH_SKIP a constant reason in *why and the errno that explains it
 * (or 0). cli_kind_skip: the reason for a file of mode m that is not
 * regular. */
#include <sys/stat.h>
typedef enum { CLI_PATH_REGULAR, CLI_PATH_DIR, CLI_PATH_SKIP } cli_path_kind;
cli_path_kind cli_classify(const char *path, const char **why, int *sys_errno);
const char *cli_kind_skip(mode_t m);

/* Read a regular file whole, refusing more than `max` bytes without
 * reading them (UNSPUN_E_TOO_BIG), and anything no longer a regular file
 * when opened. Returns 0, or UNSPUN_E_* with *why (a constant, or NULL) and
 * *sys_errno (or 0) saying why. The caller frees *out. */
unspun_status cli_read_regular(const char *path, size_t max, char **out,
                               size_t *len, int *sys_errno, const char **why);
/* cli_classify, then cli_read_regular; a directory fails with dir_why. */
unspun_status cli_read_path(const char *path, size_t max, const char *dir_why,
                            char **out, size_t *len, int *sys_errno,
                            const char **why);
/* Fill *e from a failed read (TOO_BIG's offset is the limit). */
void cli_read_error(unspun_status rc, const char *why, int sys_errno,
                    size_t max, unspun_error *e);
/* The input `path` names, as score and restore read it: "-" is standard
 * input, else cli_read_path (a folder is refused: "use unspun scan").
 * UNSPUN_OK, or the failure in *e. The caller frees *out. */
unspun_status cli_read_input(const char *path, size_t max, char **out,
                             size_t *len, unspun_error *e);
/* The "error" of a record: the message, then ": " and strerror when there
 * is an errno ("cannot read file: Permission denied"). malloc'ed, or NULL
 * when out of memory. */
char *cli_error_message(const unspun_error *e);
/* An error as the renderers write it, offsets included ("invalid UTF-8 at
 * byte 7"): what the stderr line says after the file name. malloc'ed. */
char *cli_error_text(const unspun_error *e);
/* An input that could not be scored: e's message gains the text of its
 * errno (cli_error_message; *owned is what to free once e is no longer
 * used, or NULL), and the stderr line every command prints for it,
 * "unspun: NAME: error text\n", is returned, malloc'ed (NULL when out of
 * memory). */
char *cli_input_error(const char *name, unspun_error *e, char **owned);
/* Does the file name end in .html, .htm or .xhtml (any case)? How
 * --markup auto decides, for score and scan alike. */
int cli_has_html_ext(const char *path);
/* --markup, and whether it makes `path` HTML: always with html, never
 * with text, by the name with auto, where standard input ("-" or NULL)
 * is text. How score, scan and restore decide alike, for inputs and
 * references. */
enum cli_markup { CLI_MARKUP_AUTO, CLI_MARKUP_TEXT, CLI_MARKUP_HTML };
int cli_markup_html(enum cli_markup m, const char *path);

/* A reference --ref names: its path as given and, for a stream, its
 * bytes (cli_ref_read_stream); text NULL: a file, read whenever a pool is
 * made. */
typedef struct cli_ref {
    const char *path;
    char *text; /* malloc'ed */
    size_t len;
} cli_ref;
/* Read the reference r into r->text if it is a stream: "-" (standard
 * input) or a named pipe (a shell's <(git show HEAD:a.txt)). A stream
 * can be read once only, and scan makes a pool per folder, so it is read
 * here, once. An input to score must be a regular file (its record says
 * what scan's would), but a reference is the original a user names for
 * one run, as diff and wdiff take theirs, and a pipe is what they mean.
 * 1 when read, 0 when r names no stream, -1 after one stderr line. */
int cli_ref_read_stream(cli_ref *r, size_t max);

/* Reference pools (--ref, --ref-dir). cli_refs_open makes a pool holding
 * the files (their text if read already), then every regular file of
 * each directory (name order), read with at most `max` bytes each; NULL
 * after one stderr line if one cannot be used. cli_refs_add adds one
 * file; quiet: a file that cannot be used is left out silently (a
 * sibling: its own record will say why), else -1 after one stderr line.
 * cli_refs_seal: 0, or -1 after one stderr line. All on the main thread,
 * with a worker of the engine. */
unspun_refset *cli_refs_open(unspun_engine *eng, unspun_worker *w, size_t max,
                             enum cli_markup m, const cli_ref *files,
                             size_t nfiles, char *const *dirs, size_t ndirs);
int cli_refs_add(unspun_refset *rs, unspun_worker *w, size_t max,
                 enum cli_markup m, const char *path, int quiet);
int cli_refs_seal(unspun_refset *rs, unspun_worker *w);
/* 1 + the index of the reference that is the file `path` itself (same
 * device and inode), looked for past the first `nfiles` (the explicit
 * --ref files, always used); 0 when none is, or path is "-". A document
 * is never its own reference through --ref-dir. */
size_t cli_refs_self(const unspun_refset *rs, size_t nfiles, const char *path);

/* The commands; argv excludes "unspun CMD". Each returns the exit
 * status. Their --help texts: score's is also `unspun --help`. */
int cmd_score(int argc, char **argv);
int cmd_scan(int argc, char **argv);
int cmd_restore(int argc, char **argv);
extern const char score_usage_text[];
extern const char scan_usage_text[];
extern const char restore_usage_text[];

#endif
