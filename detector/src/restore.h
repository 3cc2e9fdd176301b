/* restore.h - the case rule of unspun_render_restored, for its tests. */
#ifndef US_RESTORE_H
#define US_RESTORE_H

#include "alloc.h"

/* Append suggestion sugg[0..sn) in the case of artifact art[0..an): all
 * capitals if the artifact is (two letters or more, none lower case);
 * every word capitalised if every word of a multiword artifact is; a
 * capital first letter if the artifact's is; a lower-case first letter if
 * the artifact's is and the suggestion's first word is merely capitalised
 * ("In" -> "in", but "NASA", "iPhone" stay); else as it is. */
void us_restore_cased(us_buf *b, const char *art, size_t an, const char *sugg,
                      size_t sn);

#endif
