/* restore.c - `unspun restore`: the text with its artifacts undone.
 *
 * Scores one document exactly as `unspun score` does (same options, same
 * references) and writes what unspun_render_restored makes of it: every
 * artifact that has a suggestion replaced by it, every other byte as it
 * was. Its use is to find a spun text's source: a plagiarism search finds
 * the restored wording where it would miss the spun one. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "unspun.h"

const char restore_usage_text[] =
    "usage: unspun restore [options] FILE|-\n"
    "\n"
    "Write FILE (or standard input) with each artifact that has a\n"
    "suggestion replaced by it, in the artifact's case (and, for a known\n"
    "tortured phrase found inflected, its inflection); every other byte is\n"
    "copied unchanged. Give the result to a plagiarism search to find the\n"
    "source of a spun text.\n"
    "\n"
    "Examples:\n"
    "  unspun restore article.txt > restored.txt\n"
    "  unspun restore --peers --ref-dir siblings/ article.txt\n"
    "  unspun restore --min-confidence 0.9 - < article.txt\n"
    "\n"
    "Options:\n"
    "  --min-confidence X   replace only artifacts of confidence X or more\n"
    "                       (0..1; default 0: every listed artifact)\n"
    "  --ref FILE, --ref-dir DIR, --peers\n"
    "                       compare with references as `unspun score` does:\n"
    "                       a swap then takes the reference's wording\n"
    "  --quotes, --any-language, --max-bytes N, --data FILE, --dict-dir DIR\n"
    "                       as for `unspun score`\n"
    "\n"
    "Exit status: 0 the text was written; 2 usage error, missing data, or\n"
    "the file could not be scored (standard error says why).\n";

static double parse_confidence(const char *s)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || *end || !(v >= 0 && v <= 1))
        usage_error("--min-confidence needs a number between 0 and 1, not "
                    "'%s'",
                    s);
    return v;
}

int cmd_restore(int argc, char **argv)
{
    help_hint = "unspun restore --help";
    unspun_score_options so = {0, 0, 0, 0};
    unspun_ref_options ro = {NULL, 0, 0, 0};
    double min_conf = 0;
    const char *data = NULL, *dict_dir = NULL, *file = NULL;
    char **refs = calloc((size_t)argc + 1, sizeof *refs);
    char **dirs = calloc((size_t)argc + 1, sizeof *dirs);
    size_t nrefs = 0, ndirs = 0;
    if (!refs || !dirs) {
        fprintf(stderr, "%s: out of memory\n", prog);
        return EXIT_FATAL;
    }
    int opts_done = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (opts_done || a[0] != '-' || !strcmp(a, "-")) {
            if (file) {
                free(refs);
                free(dirs);
                usage_error("%s", "restore takes one FILE (or - for standard "
                                  "input)");
            }
            file = a;
            continue;
        }
        if (!strcmp(a, "--")) {
            opts_done = 1;
        } else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(restore_usage_text, stdout);
            free(refs);
            free(dirs);
            return 0;
        } else if (!strcmp(a, "--quotes")) {
            so.flags |= UNSPUN_OPT_QUOTES;
        } else if (!strcmp(a, "--any-language")) {
            so.flags |= UNSPUN_OPT_ANY_LANGUAGE;
        } else if (!strcmp(a, "--peers")) {
            ro.flags |= UNSPUN_REF_PEERS;
        } else {
            static const char *const valued[] = {
                "--min-confidence", "--ref",  "--ref-dir",
                "--max-bytes",      "--data", "--dict-dir"};
            char name[CLI_OPT_NAME];
            const char *val = cli_option_value(
                argc, argv, &i, valued, sizeof valued / sizeof *valued, name);
            if (!strcmp(name, "--min-confidence"))
                min_conf = parse_confidence(val);
            else if (!strcmp(name, "--ref"))
                refs[nrefs++] = (char *)val;
            else if (!strcmp(name, "--ref-dir"))
                dirs[ndirs++] = (char *)val;
            else if (!strcmp(name, "--max-bytes"))
                so.max_bytes = parse_size(val);
            else if (!strcmp(name, "--data"))
                data = val;
            else
                dict_dir = val;
        }
    }
    if (!file) {
        free(refs);
        free(dirs);
        usage_error("%s", "restore needs a FILE, or - for standard input");
    }

    int status = EXIT_FATAL;
    unspun_engine *eng = NULL;
    unspun_worker *w = NULL;
    unspun_refset *rs = NULL;
    unspun_result *r = NULL;
    char *text = NULL, *out = NULL;
    size_t len = 0, olen = 0;
    unspun_error e = {UNSPUN_OK, NULL, SIZE_MAX, 0};
    if (!data)
        data = getenv("UNSPUN_DATA");
    if (!data || !*data)
        data = data_near_exe();
    unspun_engine_options eo = {data, dict_dir, NULL};
    if (unspun_engine_new(&eo, &eng, &e) != UNSPUN_OK) {
        fprintf(stderr, "%s: %s (%s)%s%s\n", prog, e.message,
                data ? data : UNSPUN_DEFAULT_DATA, e.sys_errno ? ": " : "",
                e.sys_errno ? strerror(e.sys_errno) : "");
        goto done;
    }
    if (unspun_worker_new(eng, &w, &e) != UNSPUN_OK) {
        fprintf(stderr, "%s: %s\n", prog, e.message);
        goto done;
    }
    size_t max = so.max_bytes ? so.max_bytes : UNSPUN_DEFAULT_MAX_BYTES;
    if (nrefs || ndirs) {
        rs = cli_refs_open(eng, w, max, refs, nrefs, dirs, ndirs);
        if (!rs || cli_refs_seal(rs, w))
            goto done;
        ro.refs = rs;
        /* As `unspun score`: never the document itself from a --ref-dir. */
        struct stat ds;
        if (strcmp(file, "-") && stat(file, &ds) == 0)
            for (size_t k = nrefs; k < unspun_refset_count(rs); k++) {
                struct stat sb;
                if (stat(unspun_refset_name(rs, k), &sb) == 0 &&
                    sb.st_dev == ds.st_dev && sb.st_ino == ds.st_ino) {
                    ro.skip = k + 1;
                    break;
                }
            }
    }
    int sys_errno = 0;
    const char *why = NULL;
    /* The file read as `unspun score` and `unspun scan` read it (cli.h):
     * HTML by its extension, standard input as text. */
    int is_stdin = !strcmp(file, "-");
    unspun_status rc =
        is_stdin ? read_fd(STDIN_FILENO, max, 0, &text, &len, &sys_errno)
                 : cli_read_path(file, max,
                                 "is a directory (use unspun scan for folders)",
                                 &text, &len, &sys_errno, &why);
    if (!is_stdin && cli_has_html_ext(file))
        so.flags |= UNSPUN_OPT_HTML;
    if (rc == UNSPUN_OK)
        rc = unspun_score_refs(w, text, len, &so, &ro, &r, &e);
    else
        cli_read_error(rc, why, sys_errno, max, &e);
    if (rc == UNSPUN_OK)
        rc = unspun_render_restored(eng, r, text, len, min_conf, &out, &olen,
                                    NULL);
    if (rc != UNSPUN_OK) {
        /* The same words as the error record of `unspun score`. */
        if (!e.code)
            e.code = rc;
        char *msg = cli_error_message(&e);
        if (msg)
            e.message = msg;
        char *et = cli_error_text(&e);
        fprintf(stderr, "%s: %s: %s\n", prog, file,
                et ? et : unspun_strerror(rc));
        free(et);
        free(msg);
        goto done;
    }
    fwrite(out, 1, olen, stdout);
    fflush(stdout);
    if (ferror(stdout))
        fprintf(stderr, "%s: cannot write output\n", prog);
    else
        status = 0;
done:
    unspun_free(out);
    unspun_result_free(r);
    free(text);
    unspun_refset_free(rs);
    unspun_worker_free(w);
    unspun_engine_free(eng);
    free(refs);
    free(dirs);
    return status;
}
