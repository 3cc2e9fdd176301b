/* stream.h - a scan's inputs from standard input, one per line: JSON Lines
 * records {"id": ..., "text": "..."} (--stdin) or paths (--stdin-paths).
 *
 * Lines are read in constant memory: one longer than 2 --max-bytes + 64K
 * is an input that cannot be scored ("record too long"), its bytes
 * discarded; so is a malformed record, named by its line (and its id when
 * the line is well-formed JSON). Blank lines are no input. Program code. */
#ifndef UNSPUN_CLI_STREAM_H
#define UNSPUN_CLI_STREAM_H

#include "jobs.h"
#include "options.h"

/* Produce a job per input line into q (records: --markup html makes them
 * HTML; paths: as a folder scan decides), each with the pool `refs`
 * (NULL: none). 0, or -1 after one stderr line when standard input could
 * not be read. */
int stream_produce(jobs *q, int paths, const cli_common *c,
                   const unspun_refset *refs);

#endif
