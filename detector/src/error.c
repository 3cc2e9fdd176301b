/* error.c - status codes, their messages, and the optional error record. */
#include "error.h"

#include <stdint.h>

const char *unspun_strerror(unspun_status code)
{
    switch (code) {
    case UNSPUN_OK:
        return "success";
    case UNSPUN_E_NOMEM:
        return "out of memory";
    case UNSPUN_E_ARG:
        return "invalid argument";
    case UNSPUN_E_IO:
        return "cannot read file";
    case UNSPUN_E_DATA:
        return "compiled data file is missing or corrupt";
    case UNSPUN_E_DICT:
        return "cannot load the Hunspell dictionary";
    case UNSPUN_E_EMPTY:
        return "empty input: no words to score";
    case UNSPUN_E_BINARY:
        return "binary input: contains NUL bytes";
    case UNSPUN_E_UTF8:
        return "invalid UTF-8";
    case UNSPUN_E_TOO_BIG:
        return "input too large";
    case UNSPUN_E_NOT_ENGLISH:
        return "not English text";
    }
    return "unknown error";
}

unspun_status us_fail_msg(unspun_error *err, unspun_status code,
                          const char *msg, size_t offset, int sys_errno)
{
    if (err) {
        err->code = code;
        err->message = msg ? msg : unspun_strerror(code);
        err->offset = offset;
        err->sys_errno = sys_errno;
    }
    return code;
}

unspun_status us_fail(unspun_error *err, unspun_status code, size_t offset,
                      int sys_errno)
{
    return us_fail_msg(err, code, NULL, offset, sys_errno);
}

const char *us_error_message(const unspun_error *err)
{
    return err->message ? err->message : unspun_strerror(err->code);
}

void us_error_where(us_buf *b, const unspun_error *err)
{
    if (err->offset != SIZE_MAX &&
        (err->code == UNSPUN_E_UTF8 || err->code == UNSPUN_E_BINARY))
        us_buf_printf(b, " at byte %zu", err->offset);
    else if (err->offset != SIZE_MAX && err->code == UNSPUN_E_TOO_BIG)
        us_buf_printf(b, " (limit %zu bytes)", err->offset);
}
