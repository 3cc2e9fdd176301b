/* fuzz_main.c - replay inputs through the fuzz target without libFuzzer,
 * so every gcc build (and the sanitizer and valgrind ones) runs it as a
 * test (as utf8proc's test/fuzz_main.c does).
 *
 *   fuzz_replay FILE|DIR...
 *
 * Directories are walked recursively. Each file runs as given and then in
 * variants: for fuzz_score (its first bytes pick the options) behind each
 * prefix of option bytes, so plain-text fixtures exercise every flag and
 * renderer; for fuzz_ref (built with REPLAY_REF) as an article with itself
 * and with the previous file as its reference; for fuzz_data (built with
 * REPLAY_CORRUPT) cut at every 8th byte and with each of its first 512 bytes
 * flipped, so the data-file seeds exercise the loader's checks. Files are cut
 * at 1 MiB: size limits have their own tests. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_INPUT ((size_t)1 << 20)

static size_t files;

static int replay_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return -1;
    }
    uint8_t *buf = malloc(MAX_INPUT + 2);
    if (!buf) {
        fclose(f);
        return -1;
    }
    size_t n = fread(buf + 2, 1, MAX_INPUT, f);
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        perror(path);
        free(buf);
        return -1;
    }
    LLVMFuzzerTestOneInput(buf + 2, n);
#ifdef REPLAY_CORRUPT
    for (size_t cut = 0; cut < n; cut += 8)
        LLVMFuzzerTestOneInput(buf + 2, cut);
    for (size_t i = 0; i < n && i < 512; i++) {
        uint8_t keep = buf[2 + i];
        buf[2 + i] = (uint8_t)(keep ^ 0x80);
        LLVMFuzzerTestOneInput(buf + 2, n);
        buf[2 + i] = 0xff;
        LLVMFuzzerTestOneInput(buf + 2, n);
        buf[2 + i] = keep;
    }
#elif defined(REPLAY_REF)
    /* fuzz_ref: the file against itself, and against the file replayed
     * before it, as known originals and as peers, text and HTML. */
    static uint8_t *prev;
    static size_t prevn;
    static const uint8_t opts[][2] = {{0, 0}, {1, 1}, {4, 0}, {0x83, 0x25}};
    for (size_t i = 0; i < sizeof opts / sizeof *opts; i++) {
        const uint8_t *other = prev ? prev : buf + 2;
        size_t on = prev ? prevn : n;
        uint8_t *in = malloc(3 + n + (on > n ? on : n));
        if (!in)
            break;
        in[0] = opts[i][0];
        in[1] = opts[i][1];
        memcpy(in + 2, buf + 2, n);
        in[2 + n] = 0xff;
        memcpy(in + 3 + n, buf + 2, n);
        LLVMFuzzerTestOneInput(in, 3 + 2 * n);
        memcpy(in + 3 + n, other, on);
        LLVMFuzzerTestOneInput(in, 3 + n + on);
        free(in);
    }
    free(prev);
    prev = malloc(n ? n : 1);
    if (prev)
        memcpy(prev, buf + 2, n);
    prevn = prev ? n : 0;
#else
    /* byte 0: flags (bit 2: HTML) and bit 7 (small size limit); byte 1:
     * colour, and bit 6: the history check */
    static const uint8_t b0s[] = {0, 1, 2, 3, 4, 5, 7, 0x83, 0x84};
    for (size_t i = 0; i < sizeof b0s; i++)
        for (int c = 0; c < 2; c++) {
            buf[0] = b0s[i];
            buf[1] = c ? 0x41 : 0;
            LLVMFuzzerTestOneInput(buf, n + 2);
        }
#endif
    free(buf);
    files++;
    return 0;
}

static int replay(const char *path)
{
    struct stat sb;
    if (stat(path, &sb) != 0) {
        perror(path);
        return -1;
    }
    if (!S_ISDIR(sb.st_mode))
        return S_ISREG(sb.st_mode) ? replay_file(path) : 0;
    DIR *d = opendir(path);
    if (!d) {
        perror(path);
        return -1;
    }
    int rc = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        size_t len = strlen(path) + strlen(e->d_name) + 2;
        char *sub = malloc(len);
        if (!sub) {
            rc = -1;
            break;
        }
        snprintf(sub, len, "%s/%s", path, e->d_name);
        rc |= replay(sub);
        free(sub);
    }
    closedir(d);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: fuzz_replay FILE|DIR...\n");
        return 2;
    }
    int rc = 0;
    for (int i = 1; i < argc; i++)
        rc |= replay(argv[i]);
    printf("replayed %zu files\n", files);
    return rc || files == 0 ? 1 : 0;
}
