/* options.h - one parser for the command lines of `unspun score`, `scan`
 * and `restore`, and the options they share.
 *
 * Each command lists the options it accepts (the shared ones it takes
 * included); the parser handles "--name value" and "--name=value", "--"
 * and "-", --help and the shared options, and hands the command its own.
 * Program code: a usage error prints one line and exits 2. */
#ifndef UNSPUN_CLI_OPTIONS_H
#define UNSPUN_CLI_OPTIONS_H

#include <stddef.h>
#include <stdint.h>

#include "cli.h"
#include "unspun.h"

/* The shared options. */
typedef struct cli_common {
    /* --quotes, --any-language, --suspect-at, --spun-at, --max-bytes,
     * --min-confidence */
    unspun_score_options sopt;
    size_t max_bytes;   /* sopt.max_bytes, or the default */
    uint32_t ref_flags; /* --peers: UNSPUN_REF_PEERS */
    double fail_above;  /* --fail-above, when have_fail_above */
    int have_fail_above;
    enum cli_markup markup; /* --markup */
    const char *data;       /* --data */
    const char *dict_dir;   /* --dict-dir */
    cli_ref *refs;          /* --ref, in order */
    size_t nrefs;
    char **ref_dirs; /* --ref-dir, in order */
    size_t nref_dirs;
} cli_common;

/* A command's options. */
typedef struct cli_spec {
    const char *help; /* printed by --help or -h, then exit 0 */
    /* every option it accepts, without a value and with one */
    const char *const *flags;
    size_t nflags;
    const char *const *valued;
    size_t nvalued;
    /* its own options (val NULL for one without a value), in order; NULL
     * when it takes only shared ones */
    void (*own)(void *ctx, const char *name, const char *val);
    void *ctx;
    size_t max_operands;  /* 0: any number */
    const char *too_many; /* the usage error for one operand more */
} cli_spec;

/* Parse the argc arguments after the command's name: the shared options
 * into *c (zeroed first; free with cli_common_free), the command's own
 * through spec->own, the operands (FILE, PATH, "-", and everything after
 * "--") into operands[], which has room for argc; returns their count. */
size_t cli_parse(int argc, char **argv, const cli_spec *spec, cli_common *c,
                 char **operands);
void cli_common_free(cli_common *c);

/* Is some --ref "-" (standard input)? A usage error where the command
 * reads its input there too (CLI_REF_STDIN_BUSY says so). */
int cli_ref_stdin(const cli_common *c);
#define CLI_REF_STDIN_BUSY                                                     \
    "--ref -: standard input is already where the input comes from"
/* Read every --ref that is a stream ("-", a named pipe) once, now
 * (cli_ref_read_stream): 0, or -1 after one stderr line. */
int cli_read_ref_streams(cli_common *c);

/* The engine the options name: --data, else $UNSPUN_DATA, else the data
 * file next to the program, else the installed one. NULL after one
 * stderr line. */
unspun_engine *cli_open_engine(const cli_common *c);
/* A worker of eng; NULL after one stderr line. */
unspun_worker *cli_new_worker(const unspun_engine *eng);
/* The pool of --ref and --ref-dir, sealed (NULL with neither, *failed
 * 0); NULL and *failed 1 after one stderr line when one cannot be used. */
unspun_refset *cli_open_refs(const cli_common *c, unspun_engine *eng,
                             unspun_worker *w, int *failed);

#endif
