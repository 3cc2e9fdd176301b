/* error.h - filling an optional unspun_error. */
#ifndef US_ERROR_H
#define US_ERROR_H

#include "unspun.h"

/* Fill *err (if non-NULL) and return `code`. offset: SIZE_MAX if none. */
unspun_status us_fail(unspun_error *err, unspun_status code, size_t offset,
                      int sys_errno);
/* Same with a more specific constant message than unspun_strerror's. */
unspun_status us_fail_msg(unspun_error *err, unspun_status code,
                          const char *msg, size_t offset, int sys_errno);

#endif
