/* A program using an installed libunspun: score argv[2] with data argv[1]. */
#include <stdio.h>
#include <string.h>
#include <unspun.h>

int main(int argc, char **argv)
{
    unspun_engine_options o = {argc > 1 ? argv[1] : NULL, NULL, NULL};
    unspun_engine *e = NULL;
    unspun_worker *w = NULL;
    unspun_result *r = NULL;
    unspun_error err;
    const char *text = argc > 2 ? argv[2] : "The cat sat on the mat.";
    char *json = NULL;
    if (unspun_engine_new(&o, &e, &err) || unspun_worker_new(e, &w, &err) ||
        unspun_score(w, text, strlen(text), NULL, &r, &err) ||
        unspun_render_json(r, "arg", &json, NULL)) {
        fprintf(stderr, "consumer: %s\n", unspun_strerror(err.code));
        return 1;
    }
    printf("%s %s", UNSPUN_VERSION_STRING, json);
    unspun_free(json);
    unspun_result_free(r);
    unspun_worker_free(w);
    unspun_engine_free(e);
    return 0;
}
