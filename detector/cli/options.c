/* options.c - the commands' one option parser (options.h). */
#define _POSIX_C_SOURCE 200809L
#include <float.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "options.h"

/* A shared option: 1 when it is one (and is now in c). */
static int shared_option(cli_common *c, const char *name, const char *val)
{
    if (!strcmp(name, "--quotes"))
        c->sopt.flags |= UNSPUN_OPT_QUOTES;
    else if (!strcmp(name, "--any-language"))
        c->sopt.flags |= UNSPUN_OPT_ANY_LANGUAGE;
    else if (!strcmp(name, "--peers"))
        c->ref_flags |= UNSPUN_REF_PEERS;
    else if (!strcmp(name, "--fail-above")) {
        c->fail_above = parse_score(name, val);
        c->have_fail_above = 1;
    } else if (!strcmp(name, "--suspect-at"))
        c->sopt.suspect_at = parse_score(name, val);
    else if (!strcmp(name, "--spun-at"))
        c->sopt.spun_at = parse_score(name, val);
    else if (!strcmp(name, "--min-confidence")) {
        /* 0 lists everything: the library reads 0 as its default */
        double v = parse_confidence(name, val);
        c->sopt.min_confidence = v > 0 ? v : DBL_MIN;
    } else if (!strcmp(name, "--max-bytes"))
        c->sopt.max_bytes = parse_size(val);
    else if (!strcmp(name, "--data"))
        c->data = val;
    else if (!strcmp(name, "--dict-dir"))
        c->dict_dir = val;
    else if (!strcmp(name, "--ref")) {
        /* A stream is read once: a second "-" would only ever be empty. */
        if (!strcmp(val, "-") && cli_ref_stdin(c))
            usage_error("%s", "--ref - given twice: standard input can be "
                              "read only once");
        c->refs[c->nrefs++] = (cli_ref){val, NULL, 0};
    } else if (!strcmp(name, "--ref-dir"))
        c->ref_dirs[c->nref_dirs++] = (char *)val;
    else if (!strcmp(name, "--markup")) {
        if (!strcmp(val, "auto"))
            c->markup = CLI_MARKUP_AUTO;
        else if (!strcmp(val, "text"))
            c->markup = CLI_MARKUP_TEXT;
        else if (!strcmp(val, "html"))
            c->markup = CLI_MARKUP_HTML;
        else
            usage_error("--markup must be auto, text or html, not '%s'", val);
    } else
        return 0;
    return 1;
}

static int listed(const char *const *names, size_t n, const char *a)
{
    for (size_t k = 0; k < n; k++)
        if (!strcmp(a, names[k]))
            return 1;
    return 0;
}

size_t cli_parse(int argc, char **argv, const cli_spec *spec, cli_common *c,
                 char **operands)
{
    memset(c, 0, sizeof *c);
    c->refs = xmalloc(((size_t)argc + 1) * sizeof *c->refs);
    c->ref_dirs = xmalloc(((size_t)argc + 1) * sizeof *c->ref_dirs);
    size_t n = 0;
    int opts_done = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (opts_done || a[0] != '-' || !strcmp(a, "-")) {
            if (spec->max_operands && n == spec->max_operands)
                usage_error("%s", spec->too_many);
            operands[n++] = argv[i];
            continue;
        }
        if (!strcmp(a, "--")) {
            opts_done = 1;
            continue;
        }
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(spec->help, stdout);
            exit(0);
        }
        if (listed(spec->flags, spec->nflags, a)) {
            if (!shared_option(c, a, NULL) && spec->own)
                spec->own(spec->ctx, a, NULL);
            continue;
        }
        /* Options with a value: "--opt value" or "--opt=value". */
        char name[CLI_OPT_NAME];
        const char *val =
            cli_option_value(argc, argv, &i, spec->valued, spec->nvalued, name);
        if (!shared_option(c, name, val) && spec->own)
            spec->own(spec->ctx, name, val);
    }
    c->max_bytes =
        c->sopt.max_bytes ? c->sopt.max_bytes : UNSPUN_DEFAULT_MAX_BYTES;
    return n;
}

void cli_common_free(cli_common *c)
{
    for (size_t k = 0; c->refs && k < c->nrefs; k++)
        free(c->refs[k].text);
    free(c->refs);
    free(c->ref_dirs);
    c->refs = NULL;
    c->ref_dirs = NULL;
}

int cli_ref_stdin(const cli_common *c)
{
    for (size_t k = 0; k < c->nrefs; k++)
        if (!strcmp(c->refs[k].path, "-"))
            return 1;
    return 0;
}

int cli_read_ref_streams(cli_common *c)
{
    for (size_t k = 0; k < c->nrefs; k++)
        if (cli_ref_read_stream(&c->refs[k], c->max_bytes) < 0)
            return -1;
    return 0;
}

unspun_engine *cli_open_engine(const cli_common *c)
{
    const char *data = c->data;
    if (!data)
        data = getenv("UNSPUN_DATA");
    if (!data || !*data)
        data = data_near_exe();
    unspun_engine_options eo = {data, c->dict_dir, NULL};
    unspun_engine *eng = NULL;
    unspun_error e;
    if (unspun_engine_new(&eo, &eng, &e) != UNSPUN_OK) {
        fprintf(stderr, "%s: %s (%s)%s%s\n", prog, e.message,
                data ? data : UNSPUN_DEFAULT_DATA, e.sys_errno ? ": " : "",
                e.sys_errno ? strerror(e.sys_errno) : "");
        return NULL;
    }
    return eng;
}

unspun_worker *cli_new_worker(const unspun_engine *eng)
{
    unspun_worker *w = NULL;
    unspun_error e;
    if (unspun_worker_new(eng, &w, &e) != UNSPUN_OK) {
        fprintf(stderr, "%s: %s\n", prog, e.message);
        return NULL;
    }
    return w;
}

unspun_refset *cli_open_refs(const cli_common *c, unspun_engine *eng,
                             unspun_worker *w, int *failed)
{
    *failed = 0;
    if (!c->nrefs && !c->nref_dirs)
        return NULL;
    unspun_refset *rs = cli_refs_open(eng, w, c->max_bytes, c->markup, c->refs,
                                      c->nrefs, c->ref_dirs, c->nref_dirs);
    if (!rs || cli_refs_seal(rs, w)) {
        unspun_refset_free(rs);
        *failed = 1;
        return NULL;
    }
    return rs;
}
