/* score.c - `unspun score`: one report per file, for a person or a
 * program.
 *
 * The command only maps flags to options, reads files, and prints what the
 * library renders; every byte of JSON comes from libunspun, so callers of
 * the library and of the CLI get identical output. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "options.h"
#include "report.h"
#include "unspun.h"

const char score_usage_text[] =
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
    "  git show HEAD~1:a.txt | unspun score --ref - a.txt\n"
    "                                      ... with the last commit's wording\n"
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
    "  --min-confidence X   list artifacts of confidence X or more (0..1,\n"
    "                       default 0.7). Lower lists weaker evidence too,\n"
    "                       more of the damage and more false alarms\n"
    "                       (bench/README.md has the trade-off); the score\n"
    "                       and the verdict do not change\n"
    "  --quotes             judge quoted speech like other text (by\n"
    "                       default it counts half: spinners leave quotes)\n"
    "  --any-language       score text even if it does not look English\n"
    "  --markup auto|text|html  how to read FILEs (default auto: HTML by\n"
    "                       file extension, .html .htm .xhtml; - is text),\n"
    "                       as unspun scan reads them: HTML has tags,\n"
    "                       comments, scripts and styles ignored, offsets\n"
    "                       still into the HTML as given; references too\n"
    "                       (their wording is cut from their text content)\n"
    "  --ref FILE           the original (or, with --peers, a sibling\n"
    "                       article); repeatable: the best-matching ones are\n"
    "                       aligned word by word, and every difference in\n"
    "                       wording is reported with the original's words:\n"
    "                       swaps, rewrites, words added or dropped; only\n"
    "                       inflection, US/UK spelling, typography and\n"
    "                       numbers written another way ('5'/'five') are no\n"
    "                       damage. So is a rare word no reference uses where\n"
    "                       most of them use a commoner synonym ('vogue'\n"
    "                       where they say 'fashion'). FILE may be -\n"
    "                       (standard input) or a named pipe: read once\n"
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

enum score_format { FORMAT_TEXT, FORMAT_JSON, FORMAT_HTML };

typedef struct score_cmd {
    cli_common c;
    enum score_format format;
    const char *color; /* --color: auto, always or never */
    int use_color;
    unspun_ref_options ropt;
    size_t doc_id; /* html: the number of the file being scored */
} score_cmd;

static void own_option(void *ctx, const char *name, const char *val)
{
    score_cmd *sc = ctx;
    if (!strcmp(name, "--format")) {
        if (!strcmp(val, "json"))
            sc->format = FORMAT_JSON;
        else if (!strcmp(val, "html"))
            sc->format = FORMAT_HTML;
        else if (!strcmp(val, "text"))
            sc->format = FORMAT_TEXT;
        else
            usage_error("--format must be text, json or html, not '%s'", val);
    } else if (!strcmp(name, "--color")) {
        if (strcmp(val, "auto") && strcmp(val, "always") &&
            strcmp(val, "never"))
            usage_error("--color must be auto, always or never, not '%s'", val);
        sc->color = val;
    }
}

static const char *const flags[] = {"--quotes", "--peers", "--any-language"};
static const char *const valued[] = {
    "--format",  "--color",     "--fail-above", "--suspect-at",
    "--spun-at", "--max-bytes", "--data",       "--dict-dir",
    "--ref",     "--ref-dir",   "--markup",     "--min-confidence"};

/* --color auto: on a terminal, unless NO_COLOR (no-color.org) or a dumb
 * terminal says otherwise. */
static int want_color(const char *color)
{
    if (!strcmp(color, "always"))
        return 1;
    if (strcmp(color, "auto"))
        return 0;
    const char *nc = getenv("NO_COLOR");
    const char *term = getenv("TERM");
    return isatty(STDOUT_FILENO) && !(nc && *nc) &&
           !(term && !strcmp(term, "dumb"));
}

/* One line on stderr and one record (JSON or HTML) per failed file: the
 * bytes `unspun scan` gives for the same failure (cli.h). */
static void report_error(const score_cmd *sc, const char *file, unspun_error *e)
{
    char *msg = NULL;
    char *line = cli_input_error(file, e, &msg);
    fputs(line ? line : "unspun: out of memory\n", stderr);
    free(line);
    char *rec = NULL;
    size_t rl = 0;
    if (unspun_render_error_json(file, e, &rec, &rl) == UNSPUN_OK) {
        if (sc->format == FORMAT_JSON)
            fwrite(rec, 1, rl, stdout);
        else if (sc->format == FORMAT_HTML) {
            char *sec = NULL;
            size_t sl = 0;
            report_put(
                stdout,
                unspun_render_html_error(file, e, sc->doc_id, 0, &sec, &sl),
                &sec, &sl);
        } else
            printf("%s: error: see stderr\n", file);
    }
    unspun_free(rec);
    free(msg);
}

/* Read, score and render one file; -1 when it could not be scored. */
static int score_file(const score_cmd *sc, unspun_worker *w, const char *path,
                      int *above)
{
    char *text = NULL;
    size_t len = 0;
    unspun_error e = {UNSPUN_OK, NULL, SIZE_MAX, 0};
    if (cli_read_input(path, sc->c.max_bytes, &text, &len, &e)) {
        report_error(sc, path, &e);
        return -1;
    }
    unspun_ref_options ro = sc->ropt;
    ro.skip = cli_refs_self(ro.refs, sc->c.nrefs, path);
    unspun_score_options so = sc->c.sopt;
    if (cli_markup_html(sc->c.markup, path))
        so.flags |= UNSPUN_OPT_HTML;
    unspun_result *r = NULL;
    unspun_status rc = unspun_score_refs(w, text, len, &so, &ro, &r, &e);
    if (rc) {
        report_error(sc, path, &e);
        free(text);
        return -1;
    }
    char *out = NULL;
    size_t ol = 0;
    if (sc->format == FORMAT_JSON)
        rc = unspun_render_json(r, path, &out, &ol);
    else if (sc->format == FORMAT_HTML)
        rc = unspun_render_html(r, path, text, len, ro.refs, sc->doc_id, 0,
                                &out, &ol);
    else
        rc = unspun_render_text(r, path, text, len,
                                sc->use_color ? UNSPUN_RENDER_COLOR : 0, &out,
                                &ol);
    if (rc == UNSPUN_OK)
        fwrite(out, 1, ol, stdout);
    else
        fprintf(stderr, "%s: %s: %s\n", prog, path, unspun_strerror(rc));
    if (sc->c.have_fail_above && unspun_result_score(r) > sc->c.fail_above)
        *above = 1;
    unspun_free(out);
    unspun_result_free(r);
    free(text);
    return rc ? -1 : 0;
}

/* Score every file in order, the HTML page's head and foot around them;
 * 1 when some file failed. */
static int score_files(score_cmd *sc, unspun_engine *eng, unspun_worker *w,
                       char **files, size_t nfiles, int argc, char **argv,
                       int *above)
{
    int html = sc->format == FORMAT_HTML, failed = 0;
    char *cmd = html ? report_command_text("score", argc, argv) : NULL;
    unspun_html_page page = {nfiles == 1 ? files[0] : "unspun score",
                             unspun_engine_data_version(eng), cmd};
    char *part = NULL;
    size_t plen = 0;
    if (html &&
        report_put(stdout, unspun_render_html_begin(&page, &part, &plen), &part,
                   &plen))
        failed = 1;
    for (size_t i = 0; i < nfiles; i++) {
        sc->doc_id = i + 1;
        failed |= score_file(sc, w, files[i], above) != 0;
    }
    if (html && report_put(stdout, unspun_render_html_end(&page, &part, &plen),
                           &part, &plen))
        failed = 1;
    free(cmd);
    return failed;
}

int cmd_score(int argc, char **argv)
{
    score_cmd sc;
    memset(&sc, 0, sizeof sc);
    sc.color = "auto";
    cli_spec spec = {score_usage_text,
                     flags,
                     sizeof flags / sizeof *flags,
                     valued,
                     sizeof valued / sizeof *valued,
                     own_option,
                     &sc,
                     0,
                     NULL};
    char **files = xmalloc(((size_t)argc + 1) * sizeof *files);
    size_t nfiles = cli_parse(argc, argv, &spec, &sc.c, files);
    if (!nfiles) {
        free(files);
        cli_common_free(&sc.c);
        usage_error("%s", "score needs a FILE, or - for standard input");
    }
    sc.use_color = want_color(sc.color);
    sc.ropt.flags = sc.c.ref_flags;
    for (size_t i = 0; i < nfiles; i++)
        if (!strcmp(files[i], "-") && cli_ref_stdin(&sc.c)) {
            free(files);
            cli_common_free(&sc.c);
            usage_error("%s", CLI_REF_STDIN_BUSY);
        }
    int status = EXIT_FATAL, above = 0;
    int failed = cli_read_ref_streams(&sc.c);
    unspun_engine *eng = failed ? NULL : cli_open_engine(&sc.c);
    unspun_worker *w = eng ? cli_new_worker(eng) : NULL;
    unspun_refset *rs = w ? cli_open_refs(&sc.c, eng, w, &failed) : NULL;
    if (w && !failed) {
        sc.ropt.refs = rs;
        failed = score_files(&sc, eng, w, files, nfiles, argc, argv, &above);
        fflush(stdout);
        if (ferror(stdout))
            fprintf(stderr, "%s: cannot write output\n", prog);
        else
            status = failed ? EXIT_FATAL : above ? EXIT_ABOVE : 0;
    }
    unspun_refset_free(rs);
    unspun_worker_free(w);
    unspun_engine_free(eng);
    cli_common_free(&sc.c);
    free(files);
    return status;
}
