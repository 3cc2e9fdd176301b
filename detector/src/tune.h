/* tune.h - the detectors' parameters, and a way to tune them.
 *
 * Every parameter a detector calibrates on the bench's dev split is written
 * TUNE(NAME, default). In a normal build that is the default, a constant.
 * A build configured with -DUNSPUN_TUNING=ON (bench/tune.py makes one)
 * reads NAME from the environment instead, so a parameter sweep over the
 * dev split needs no rebuild; such a build is for the bench only (the
 * library must not read the environment: STYLE.md 4), and CMake refuses to
 * install it. */
#ifndef US_TUNE_H
#define US_TUNE_H

#ifdef UNSPUN_TUNING
#include <stdlib.h>
static inline double us_tune(const char *name, double def)
{
    const char *v = getenv(name);
    return v && *v ? atof(v) : def;
}
#define TUNE(name, def) us_tune(#name, def)
#else
#define TUNE(name, def) (def)
#endif

#endif
