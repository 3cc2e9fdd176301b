/* progress.c - a scan's progress bar (progress.h). */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>

#include "progress.h"

static double seconds_between(const struct timespec *a,
                              const struct timespec *b)
{
    return (double)(b->tv_sec - a->tv_sec) +
           (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

void progress_start(progress *p, int on, size_t total)
{
    p->on = on;
    p->shown = 0;
    p->total = total;
    clock_gettime(CLOCK_MONOTONIC, &p->t0);
    p->last_draw = p->t0;
}

double progress_seconds(const progress *p)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return seconds_between(&p->t0, &t);
}

void progress_clear(progress *p)
{
    if (p->shown) {
        fputs("\r\033[K", stderr);
        p->shown = 0;
    }
}

void progress_draw(progress *p, size_t done, int force)
{
    if (!p->on)
        return;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (!force && p->shown && seconds_between(&p->last_draw, &now) < 0.1)
        return;
    p->last_draw = now;
    double el = progress_seconds(p);
    double rate = el > 0 ? (double)done / el : 0;
    char line[128];
    if (p->total) {
        int width = 24;
        int fill = (int)((double)width * (double)done / (double)p->total);
        char bar[32];
        for (int i = 0; i < width; i++)
            bar[i] = i < fill ? '#' : '.';
        bar[width] = '\0';
        double eta = rate > 0 ? (double)(p->total - done) / rate : 0;
        snprintf(line, sizeof line,
                 "[%s] %zu/%zu files  %.0f files/s  ETA %d:%02d", bar, done,
                 p->total, rate, (int)(eta / 60), (int)eta % 60);
    } else {
        snprintf(line, sizeof line, "%zu records  %.0f records/s", done, rate);
    }
    fprintf(stderr, "\r%s\033[K", line);
    p->shown = 1;
}

void progress_end(progress *p, size_t done)
{
    if (p->shown) {
        progress_draw(p, done, 1);
        fputc('\n', stderr);
    }
}
