/* progress.h - a scan's progress bar on stderr, and its clock.
 *
 *   [########................] 412/1000 files  118 files/s  ETA 0:04
 *   5210 records  1200 records/s              (a stream: no total)
 *
 * Redrawn at most ten times a second, on the writer thread; cleared
 * before a line about a failed input is printed, so that the two never
 * mix. Program code. */
#ifndef UNSPUN_CLI_PROGRESS_H
#define UNSPUN_CLI_PROGRESS_H

#include <stddef.h>
#include <time.h>

typedef struct progress {
    int on;       /* draw the bar at all */
    int shown;    /* a bar is on the screen now */
    size_t total; /* inputs, when known (0: a stream) */
    struct timespec t0, last_draw;
} progress;

/* Start the clock; the bar is drawn only when `on`. */
void progress_start(progress *p, int on, size_t total);
/* Seconds since progress_start. */
double progress_seconds(const progress *p);
/* The bar after `done` inputs (not again within 0.1 s unless forced). */
void progress_draw(progress *p, size_t done, int force);
/* Take the bar off the screen (before another line on stderr). */
void progress_clear(progress *p);
/* The last bar, left on the screen with its newline, if one was shown. */
void progress_end(progress *p, size_t done);

#endif
