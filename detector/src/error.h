/* error.h - filling an optional unspun_error. */
#ifndef US_ERROR_H
#define US_ERROR_H

#include "alloc.h"
#include "unspun.h"

/* Fill *err (if non-NULL) and return `code`. offset: SIZE_MAX if none. */
unspun_status us_fail(unspun_error *err, unspun_status code, size_t offset,
                      int sys_errno);
/* Same with a more specific constant message than unspun_strerror's. */
unspun_status us_fail_msg(unspun_error *err, unspun_status code,
                          const char *msg, size_t offset, int sys_errno);

/* How every renderer writes an error (the "error" of
 * unspun_render_error_json): its message (err->message, else
 * unspun_strerror's), then where there is one the offset, " at byte N"
 * (UNSPUN_E_UTF8, UNSPUN_E_BINARY) or " (limit N bytes)"
 * (UNSPUN_E_TOO_BIG). us_error_message gives the first part (to be
 * escaped as the format needs), us_error_where appends the second. */
const char *us_error_message(const unspun_error *err);
void us_error_where(us_buf *b, const unspun_error *err);

#endif
