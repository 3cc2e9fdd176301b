/* main.c - the unspun command line.
 *
 * The program only maps flags to options, reads files, and prints what the
 * library renders; every byte of JSON comes from libunspun, so callers of
 * the library and of the CLI get identical output. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "report.h"
#include "unspun.h"

static const char usage_text[] =
    "usage: unspun score [options] FILE|-...\n"
    "       unspun scan [options] PATH...    (see: unspun scan --help)\n"
    "       unspun restore [options] FILE|-  (see: unspun restore --help)\n"
    "       unspun --version | --help\n"
    "\n"
    "Find the artifacts an article spinner or a round-trip machine\n"
    "translation leaves in English text, and score the damage 0..100.\n"
    "\n"
    "Examples:\n"
    "  unspun score article.txt            report for a person\n"
    "  unspun score --format json a.txt    one JSON object per file\n"
    "  unspun score --format html a.txt > a.html   a page to look at\n"
    "  curl -s URL | unspun score -        read standard input\n"
    "  unspun score --fail-above 50 *.txt  exit 1 if any file scores > 50\n"
    "  unspun score --ref orig.txt a.txt   compare with the original wording\n"
    "  unspun scan corpus/                 rank a folder (table, CSV,\n"
    "                                      JSON Lines or HTML, many threads)\n"
    "  unspun restore --ref orig.txt a.txt   the text with each artifact\n"
    "                                      replaced by its suggestion\n"
    "\n"
    "Options:\n"
    "  --format text|json|html  output format (default: text). html:\n"
    "                       one self-contained page, artifacts marked in\n"
    "                       the text, references side by side\n"
    "  --color auto|always|never\n"
    "                       highlight artifacts (default: auto = on a\n"
    "                       terminal, unless NO_COLOR is set)\n"
    "  --fail-above SCORE   exit with status 1 if a file scores above SCORE\n"
    "  --suspect-at SCORE   verdict 'suspect' from SCORE (default 30)\n"
    "  --spun-at SCORE      verdict 'spun' from SCORE (default 50)\n"
    "  --quotes             judge quoted speech like other text (by\n"
    "                       default it counts half: spinners leave quotes)\n"
    "  --any-language       score text even if it does not look English\n"
    "  --markup auto|text|html  how to read FILEs (default auto: HTML by\n"
    "                       file extension, .html .htm .xhtml; - is text),\n"
    "                       as unspun scan reads them: HTML has tags,\n"
    "                       comments, scripts and styles ignored, offsets\n"
    "                       still into the HTML as given\n"
    "  --ref FILE           the original (or, with --peers, a sibling\n"
    "                       article); repeatable: the best-matching ones are\n"
    "                       aligned word by word, and every difference in\n"
    "                       wording is reported with the original's words:\n"
    "                       swaps, rewrites, words added or dropped; only\n"
    "                       inflection, US/UK spelling, typography and\n"
    "                       numbers written another way ('5'/'five') are no\n"
    "                       damage. So is a rare word no reference uses where\n"
    "                       most of them use a commoner synonym ('vogue'\n"
    "                       where they say 'fashion')\n"
    "  --ref-dir DIR        every regular file in DIR is a reference (a\n"
    "                       document is never compared with itself)\n"
    "  --peers              the references are sibling articles, not known\n"
    "                       originals: independent writers reword freely, so\n"
    "                       only thesaurus swaps and function-word rewrites\n"
    "                       count, a swap to a clearly commoner word as weak\n"
    "                       evidence (either side may be the spun one); other\n"
    "                       rewording, added or dropped words and a clause\n"
    "                       mostly rewritten yield nothing (`unspun scan`\n"
    "                       does this for siblings)\n"
    "  --max-bytes N        refuse files larger than N bytes (default 64M;\n"
    "                       suffixes K, M, G)\n"
    "  --data FILE          compiled data file (default: UNSPUN_DATA, else\n"
    "                       ../share/unspun/unspun.dat next to the program,\n"
    "                       else the installed copy)\n"
    "  --dict-dir DIR       Hunspell dictionaries (default "
    "/usr/share/hunspell)\n"
    "\n"
    "Score: 0 means no more odd wording than ordinary English; 30 means\n"
    "more than 95% of human-written text shows ('suspect'); 50 and up\n"
    "means more than any human-written text of the bench ('spun'); 100 is\n"
    "saturated damage.\n"
    "Artifact kinds: fingerprint (known tortured phrase), synonym (thesaurus\n"
    "substitute that does not fit its context), collocation (words ordinary\n"
    "English never joins), unknown-word (no dictionary knows it),\n"
    "function-word (a rewrite of the little words: 'have been stated to'),\n"
    "rewrite (with --ref, against the original: other wording no thesaurus\n"
    "explains, or words added or dropped).\n"
    "\n"
    "Exit status: 0 all files scored and none above --fail-above;\n"
    "1 some file scored above --fail-above; 2 usage error, missing data,\n"
    "or some file could not be scored (its record says why, with the bytes\n"
    "unspun scan gives; FIFOs and devices are not opened: give a stream\n"
    "as -). unspun scan uses 3 for that instead, so that 2 always means no\n"
    "usable output.\n";

enum { MARKUP_AUTO, MARKUP_TEXT, MARKUP_HTML };

typedef struct cli {
    int json;
    int html;
    int markup; /* MARKUP_*: how to read FILEs (--markup) */
    int color;
    double fail_above;
    int have_fail_above;
    unspun_score_options sopt;
    const char *data;
    const char *dict_dir;
    const char **refs; /* --ref files, then --ref-dir directories */
    int nrefs;
    const char **ref_dirs;
    int nref_dirs;
    unspun_ref_options ropt;
    size_t doc_id; /* html: the number of the file being scored */
} cli;

/* One line on stderr and one record (JSON mode) per failed file: the
 * bytes `unspun scan` gives for the same failure (cli.h). */
static void report_error(const cli *c, const char *file, unspun_error *e)
{
    char *msg = cli_error_message(e);
    if (msg)
        e->message = msg;
    char *et = cli_error_text(e);
    fprintf(stderr, "%s: %s: %s\n", prog, file,
            et ? et : unspun_strerror(e->code));
    free(et);
    char *rec = NULL;
    size_t rl = 0;
    if (unspun_render_error_json(file, e, &rec, &rl) == UNSPUN_OK) {
        if (c->json)
            fwrite(rec, 1, rl, stdout);
        else if (c->html) {
            char *sec = NULL;
            size_t sl = 0;
            report_put(
                stdout,
                unspun_render_html_error(file, e, c->doc_id, 0, &sec, &sl),
                &sec, &sl);
        } else
            printf("%s: error: see stderr\n", file);
    }
    unspun_free(rec);
    free(msg);
}

static int score_file(const cli *c, unspun_worker *w, const char *path,
                      int *above)
{
    char *text;
    size_t len;
    int sys_errno = 0;
    const char *why = NULL;
    unspun_error e = {UNSPUN_OK, NULL, SIZE_MAX, 0};
    size_t max =
        c->sopt.max_bytes ? c->sopt.max_bytes : UNSPUN_DEFAULT_MAX_BYTES;
    int is_stdin = !strcmp(path, "-");
    const char *name = is_stdin ? "-" : path;
    unspun_status rc =
        is_stdin ? read_fd(STDIN_FILENO, max, 0, &text, &len, &sys_errno)
                 : cli_read_path(path, max,
                                 "is a directory (use unspun scan for folders)",
                                 &text, &len, &sys_errno, &why);
    if (rc) {
        cli_read_error(rc, why, sys_errno, max, &e);
        report_error(c, name, &e);
        return -1;
    }
    unspun_result *r = NULL;
    /* A document is never its own reference through --ref-dir (a folder
     * of siblings): skip the one that is the same file. An explicit --ref
     * is always used (the pool holds those first). */
    unspun_ref_options ro = c->ropt;
    struct stat ds;
    if (ro.refs && !is_stdin && stat(path, &ds) == 0)
        for (size_t k = (size_t)c->nrefs; k < unspun_refset_count(ro.refs);
             k++) {
            struct stat rsb;
            if (stat(unspun_refset_name(ro.refs, k), &rsb) == 0 &&
                rsb.st_dev == ds.st_dev && rsb.st_ino == ds.st_ino) {
                ro.skip = k + 1;
                break;
            }
        }
    /* HTML as `unspun scan` decides it: --markup, else the file name. */
    unspun_score_options so = c->sopt;
    if (c->markup == MARKUP_HTML ||
        (c->markup == MARKUP_AUTO && !is_stdin && cli_has_html_ext(path)))
        so.flags |= UNSPUN_OPT_HTML;
    rc = unspun_score_refs(w, text, len, &so, &ro, &r, &e);
    if (rc) {
        report_error(c, name, &e);
        free(text);
        return -1;
    }
    char *out = NULL;
    size_t ol = 0;
    if (c->json)
        rc = unspun_render_json(r, name, &out, &ol);
    else if (c->html)
        rc = unspun_render_html(r, name, text, len, ro.refs, c->doc_id, 0, &out,
                                &ol);
    else
        rc = unspun_render_text(r, name, text, len,
                                c->color ? UNSPUN_RENDER_COLOR : 0, &out, &ol);
    if (rc == UNSPUN_OK)
        fwrite(out, 1, ol, stdout);
    else
        fprintf(stderr, "%s: %s: %s\n", prog, name, unspun_strerror(rc));
    if (c->have_fail_above && unspun_result_score(r) > c->fail_above)
        *above = 1;
    unspun_free(out);
    unspun_result_free(r);
    free(text);
    return rc ? -1 : 0;
}

static unspun_engine *open_engine(const cli *c)
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
        exit(EXIT_FATAL);
    }
    return eng;
}

/* ---- references ---- */

static int load_refs(const cli *c, unspun_engine *eng, unspun_worker *w,
                     unspun_refset **out)
{
    size_t max =
        c->sopt.max_bytes ? c->sopt.max_bytes : UNSPUN_DEFAULT_MAX_BYTES;
    unspun_refset *rs =
        cli_refs_open(eng, w, max, (char **)c->refs, (size_t)c->nrefs,
                      (char **)c->ref_dirs, (size_t)c->nref_dirs);
    if (!rs || cli_refs_seal(rs, w)) {
        unspun_refset_free(rs);
        return -1;
    }
    *out = rs;
    return 0;
}

static int cmd_score(int argc, char **argv)
{
    cli c;
    memset(&c, 0, sizeof c);
    const char *color = "auto";
    int nfiles = 0;
    char **files = calloc((size_t)argc + 1, sizeof *files);
    c.refs = calloc((size_t)argc + 1, sizeof *c.refs);
    c.ref_dirs = calloc((size_t)argc + 1, sizeof *c.ref_dirs);
    if (!files || !c.refs || !c.ref_dirs) {
        fprintf(stderr, "%s: out of memory\n", prog);
        return EXIT_FATAL;
    }
    int opts_done = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (opts_done || a[0] != '-' || !strcmp(a, "-")) {
            files[nfiles++] = argv[i];
            continue;
        }
        if (!strcmp(a, "--")) {
            opts_done = 1;
            continue;
        }
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(usage_text, stdout);
            free(files);
            free(c.refs);
            free(c.ref_dirs);
            return 0;
        }
        if (!strcmp(a, "--quotes")) {
            c.sopt.flags |= UNSPUN_OPT_QUOTES;
            continue;
        }
        if (!strcmp(a, "--peers")) {
            c.ropt.flags |= UNSPUN_REF_PEERS;
            continue;
        }
        if (!strcmp(a, "--any-language")) {
            c.sopt.flags |= UNSPUN_OPT_ANY_LANGUAGE;
            continue;
        }
        /* Options with a value: "--opt value" or "--opt=value". */
        static const char *const valued[] = {
            "--format",  "--color",     "--fail-above", "--suspect-at",
            "--spun-at", "--max-bytes", "--data",       "--dict-dir",
            "--ref",     "--ref-dir",   "--markup"};
        char name[CLI_OPT_NAME];
        const char *val = cli_option_value(
            argc, argv, &i, valued, sizeof valued / sizeof *valued, name);
        if (!strcmp(name, "--format")) {
            c.json = !strcmp(val, "json");
            c.html = !strcmp(val, "html");
            if (!c.json && !c.html && strcmp(val, "text"))
                usage_error("--format must be text, json or html, not '%s'",
                            val);
        } else if (!strcmp(name, "--color")) {
            if (strcmp(val, "auto") && strcmp(val, "always") &&
                strcmp(val, "never"))
                usage_error("--color must be auto, always or never, not '%s'",
                            val);
            color = val;
        } else if (!strcmp(name, "--fail-above")) {
            c.fail_above = parse_score(name, val);
            c.have_fail_above = 1;
        } else if (!strcmp(name, "--suspect-at")) {
            c.sopt.suspect_at = parse_score(name, val);
        } else if (!strcmp(name, "--spun-at")) {
            c.sopt.spun_at = parse_score(name, val);
        } else if (!strcmp(name, "--max-bytes")) {
            c.sopt.max_bytes = parse_size(val);
        } else if (!strcmp(name, "--data")) {
            c.data = val;
        } else if (!strcmp(name, "--dict-dir")) {
            c.dict_dir = val;
        } else if (!strcmp(name, "--ref")) {
            c.refs[c.nrefs++] = val;
        } else if (!strcmp(name, "--ref-dir")) {
            c.ref_dirs[c.nref_dirs++] = val;
        } else if (!strcmp(name, "--markup")) {
            if (!strcmp(val, "auto"))
                c.markup = MARKUP_AUTO;
            else if (!strcmp(val, "text"))
                c.markup = MARKUP_TEXT;
            else if (!strcmp(val, "html"))
                c.markup = MARKUP_HTML;
            else
                usage_error("--markup must be auto, text or html, not '%s'",
                            val);
        }
    }
    if (!nfiles) {
        free(files);
        free(c.refs);
        free(c.ref_dirs);
        usage_error("%s", "score needs a FILE, or - for standard input");
    }
    if (!strcmp(color, "always"))
        c.color = 1;
    else if (!strcmp(color, "auto")) {
        const char *nc = getenv("NO_COLOR");
        const char *term = getenv("TERM");
        c.color = isatty(STDOUT_FILENO) && !(nc && *nc) &&
                  !(term && !strcmp(term, "dumb"));
    }
    unspun_engine *eng = open_engine(&c);
    unspun_worker *w = NULL;
    unspun_error e;
    if (unspun_worker_new(eng, &w, &e) != UNSPUN_OK) {
        fprintf(stderr, "%s: %s\n", prog, e.message);
        unspun_engine_free(eng);
        free(files);
        free(c.refs);
        free(c.ref_dirs);
        return EXIT_FATAL;
    }
    unspun_refset *rs = NULL;
    if ((c.nrefs || c.nref_dirs) && load_refs(&c, eng, w, &rs)) {
        unspun_worker_free(w);
        unspun_engine_free(eng);
        free(files);
        free(c.refs);
        free(c.ref_dirs);
        return EXIT_FATAL;
    }
    c.ropt.refs = rs;
    int failed = 0, above = 0;
    char *cmd = c.html ? report_command_text("score", argc, argv) : NULL;
    unspun_html_page page = {nfiles == 1 ? files[0] : "unspun score",
                             unspun_engine_data_version(eng), cmd};
    char *part = NULL;
    size_t plen = 0;
    if (c.html &&
        report_put(stdout, unspun_render_html_begin(&page, &part, &plen), &part,
                   &plen))
        failed = 1;
    for (int i = 0; i < nfiles; i++) {
        c.doc_id = (size_t)i + 1;
        failed |= score_file(&c, w, files[i], &above) != 0;
    }
    if (c.html &&
        report_put(stdout, unspun_render_html_end(&page, &part, &plen), &part,
                   &plen))
        failed = 1;
    free(cmd);
    fflush(stdout);
    unspun_refset_free(rs);
    free(c.refs);
    free(c.ref_dirs);
    unspun_worker_free(w);
    unspun_engine_free(eng);
    free(files);
    if (ferror(stdout)) {
        fprintf(stderr, "%s: cannot write output\n", prog);
        return EXIT_FATAL;
    }
    return failed ? EXIT_FATAL : above ? EXIT_ABOVE : 0;
}

static int cmd_version(const cli *c)
{
    printf("unspun %s (data format %u)\n", UNSPUN_VERSION_STRING,
           unspun_data_format_version());
    unspun_engine *eng = open_engine(c);
    printf("data version %s\n", unspun_engine_data_version(eng));
    unspun_engine_free(eng);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        usage_error("%s", "missing command (score, scan or restore)");
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
        fputs(usage_text, stdout);
        return 0;
    }
    if (!strcmp(cmd, "--version") || !strcmp(cmd, "-V")) {
        cli c;
        memset(&c, 0, sizeof c);
        for (int i = 2; i + 1 < argc; i++)
            if (!strcmp(argv[i], "--data"))
                c.data = argv[i + 1];
        return cmd_version(&c);
    }
    if (!strcmp(cmd, "score"))
        return cmd_score(argc - 2, argv + 2);
    if (!strcmp(cmd, "scan"))
        return cmd_scan(argc - 2, argv + 2);
    if (!strcmp(cmd, "restore"))
        return cmd_restore(argc - 2, argv + 2);
    usage_error("unknown command '%s' (try: score, scan, restore)", cmd);
}
