/* main.c - the unspun command line: which command runs.
 *
 *   unspun score    score.c    one report per file
 *   unspun scan     scan.c     many files, many threads, ranked
 *   unspun restore  restore.c  the text with its artifacts undone
 *
 * The commands share their option parser (options.c), their input
 * reading and messages (cli_util.c); every byte they print about a
 * document is rendered by libunspun. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "options.h"
#include "unspun.h"

/* unspun --version [--data FILE]: the program's and the data file's. */
static int cmd_version(int argc, char **argv)
{
    cli_common c;
    memset(&c, 0, sizeof c);
    for (int i = 2; i + 1 < argc; i++)
        if (!strcmp(argv[i], "--data"))
            c.data = argv[i + 1];
    printf("unspun %s (data format %u)\n", UNSPUN_VERSION_STRING,
           unspun_data_format_version());
    unspun_engine *eng = cli_open_engine(&c);
    if (!eng)
        return EXIT_FATAL;
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
        fputs(score_usage_text, stdout);
        return 0;
    }
    if (!strcmp(cmd, "--version") || !strcmp(cmd, "-V"))
        return cmd_version(argc, argv);
    if (!strcmp(cmd, "score"))
        return cmd_score(argc - 2, argv + 2);
    if (!strcmp(cmd, "scan"))
        return cmd_scan(argc - 2, argv + 2);
    if (!strcmp(cmd, "restore"))
        return cmd_restore(argc - 2, argv + 2);
    usage_error("unknown command '%s' (try: score, scan, restore)", cmd);
}
