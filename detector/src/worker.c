/* worker.c - per-thread scoring state, and the artifact list.
 *
 * Workers are made and freed on the engine's thread (unspun.h): making
 * the second one is when the engine checks all of its data blocks, before
 * any thread reads them (us_engine_add_worker). */
#include <string.h>

#include "error.h"
#include "worker.h"

unspun_status unspun_worker_new(const unspun_engine *e, unspun_worker **out,
                                unspun_error *err)
{
    if (!e || !out)
        return us_fail(err, UNSPUN_E_ARG, SIZE_MAX, 0);
    *out = NULL;
    unspun_worker *w = us_calloc(&e->alc, 1, sizeof *w);
    if (!w)
        return us_fail(err, UNSPUN_E_NOMEM, SIZE_MAX, 0);
    w->eng = e;
    w->alc = &e->alc;
    w->list_min = US_REPORT_MIN;
    us_engine_add_worker(e);
    us_tokens_init(&w->toks, w->alc);
    us_lex_init(&w->lex, e, w->alc);
    us_buf_init(&w->sugg, w->alc);
    *out = w;
    return UNSPUN_OK;
}

void unspun_worker_free(unspun_worker *w)
{
    if (!w)
        return;
    const unspun_allocator *alc = w->alc;
    us_tokens_free(&w->toks);
    us_lex_free(&w->lex);
    us_buf_free(&w->sugg);
    us_free(alc, w->arts);
    us_free(alc, w->lms);
    us_free(alc, w->tok_lms);
    us_free(alc, w);
}

void us_art_clear(unspun_worker *w)
{
    w->narts = 0;
    w->sugg.len = 0;
    w->sugg.failed = 0;
}

int us_art_add(unspun_worker *w, size_t first, size_t last, unspun_kind kind,
               double conf, const char *sugg, size_t sugg_len)
{
    void *p = w->arts;
    if (us_grow(w->alc, &p, &w->caparts, w->narts + 1, sizeof *w->arts))
        return -1;
    w->arts = p;
    us_art *a = &w->arts[w->narts];
    a->tok_first = first;
    a->tok_last = last;
    a->kind = kind;
    a->confidence = conf;
    a->sugg = US_NONE;
    a->spell = US_NONE;
    a->confirmed = 0;
    if (sugg && conf >= w->list_min) {
        a->sugg = (uint32_t)w->sugg.len;
        us_buf_put(&w->sugg, sugg, sugg_len);
        us_buf_putc(&w->sugg, '\0');
        if (w->sugg.failed)
            return -1;
    }
    w->narts++;
    return 0;
}

int us_art_add_cased(unspun_worker *w, size_t first, size_t last,
                     unspun_kind kind, double conf, const char *sugg)
{
    if (us_art_add(w, first, last, kind, conf, sugg, strlen(sugg)))
        return -1;
    uint32_t at = w->arts[w->narts - 1].sugg;
    char *c = at == US_NONE ? NULL : w->sugg.data + at;
    if (c && (w->toks.tok[first].flags & US_TF_CAP) && *c >= 'a' && *c <= 'z')
        *c = (char)(*c - 'a' + 'A');
    return 0;
}

int us_art_spell(unspun_worker *w, us_art *a)
{
    if (a->spell == US_NONE || a->sugg != US_NONE)
        return 0;
    uint32_t id = us_lex_suggest(&w->lex, a->spell);
    if (id == US_NONE)
        return 0;
    const char *s = us_engine_str(w->eng, us_word(w->eng, id)->str);
    a->sugg = (uint32_t)w->sugg.len;
    us_buf_puts(&w->sugg, s);
    us_buf_putc(&w->sugg, '\0');
    return w->sugg.failed ? -1 : 0;
}
