/* restore.c - `unspun restore`: the text with its artifacts undone.
 *
 * Scores one document exactly as `unspun score` does (same options, same
 * references) and writes what unspun_render_restored makes of it: every
 * artifact that has a suggestion replaced by it, every other byte as it
 * was. Its use is to find a spun text's source: a plagiarism search finds
 * the restored wording where it would miss the spun one. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "options.h"
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
    "  --min-confidence X   replace the artifacts of confidence X or more\n"
    "                       (0..1; default 0.7: those `unspun score` lists)\n"
    "  --ref FILE, --ref-dir DIR, --peers\n"
    "                       compare with references as `unspun score` does:\n"
    "                       a swap then takes the reference's wording\n"
    "  --quotes, --any-language, --max-bytes N, --data FILE, --dict-dir DIR\n"
    "                       as for `unspun score`\n"
    "\n"
    "Exit status: 0 the text was written; 2 usage error, missing data, or\n"
    "the file could not be scored (standard error says why).\n";

static const char *const flags[] = {"--quotes", "--any-language", "--peers"};
static const char *const valued[] = {"--min-confidence", "--ref",
                                     "--ref-dir",        "--max-bytes",
                                     "--data",           "--dict-dir"};

/* Score `file` and write it restored; the exit status. */
static int restore_file(const cli_common *c, unspun_engine *eng,
                        unspun_worker *w, const unspun_refset *rs,
                        const char *file)
{
    unspun_score_options so = c->sopt;
    unspun_ref_options ro = {rs, 0, cli_refs_self(rs, c->nrefs, file),
                             c->ref_flags};
    unspun_result *r = NULL;
    char *text = NULL, *out = NULL;
    size_t len = 0, olen = 0;
    unspun_error e = {UNSPUN_OK, NULL, SIZE_MAX, 0};
    /* The file read as `unspun score` and `unspun scan` read it (cli.h):
     * HTML by its extension, standard input as text. */
    unspun_status rc = cli_read_input(file, c->max_bytes, &text, &len, &e);
    if (cli_markup_html(c->markup, file))
        so.flags |= UNSPUN_OPT_HTML;
    if (rc == UNSPUN_OK)
        rc = unspun_score_refs(w, text, len, &so, &ro, &r, &e);
    if (rc == UNSPUN_OK)
        rc = unspun_render_restored(eng, r, text, len, 0, &out, &olen, NULL);
    int status = EXIT_FATAL;
    if (rc != UNSPUN_OK) {
        /* The same words as the error record of `unspun score`. */
        if (!e.code)
            e.code = rc;
        char *msg = NULL;
        char *line = cli_input_error(file, &e, &msg);
        fputs(line ? line : "unspun: out of memory\n", stderr);
        free(line);
        free(msg);
    } else {
        fwrite(out, 1, olen, stdout);
        fflush(stdout);
        if (ferror(stdout))
            fprintf(stderr, "%s: cannot write output\n", prog);
        else
            status = 0;
    }
    unspun_free(out);
    unspun_result_free(r);
    free(text);
    return status;
}

int cmd_restore(int argc, char **argv)
{
    help_hint = "unspun restore --help";
    cli_spec spec = {restore_usage_text,
                     flags,
                     sizeof flags / sizeof *flags,
                     valued,
                     sizeof valued / sizeof *valued,
                     NULL,
                     NULL,
                     1,
                     "restore takes one FILE (or - for standard input)"};
    cli_common c;
    char **files = xmalloc(((size_t)argc + 1) * sizeof *files);
    size_t nfiles = cli_parse(argc, argv, &spec, &c, files);
    if (!nfiles) {
        free(files);
        cli_common_free(&c);
        usage_error("%s", "restore needs a FILE, or - for standard input");
    }
    if (!strcmp(files[0], "-") && cli_ref_stdin(&c)) {
        free(files);
        cli_common_free(&c);
        usage_error("%s", CLI_REF_STDIN_BUSY);
    }
    int status = EXIT_FATAL;
    int failed = cli_read_ref_streams(&c);
    unspun_engine *eng = failed ? NULL : cli_open_engine(&c);
    unspun_worker *w = eng ? cli_new_worker(eng) : NULL;
    unspun_refset *rs = w ? cli_open_refs(&c, eng, w, &failed) : NULL;
    if (w && !failed)
        status = restore_file(&c, eng, w, rs, files[0]);
    unspun_refset_free(rs);
    unspun_worker_free(w);
    unspun_engine_free(eng);
    cli_common_free(&c);
    free(files);
    return status;
}
