/* utf8.h - code shared by the library and the command line, which do not
 * include each other's private headers: UTF-8 encoding of one code point
 * (html.c decodes character references with it, the CLI's JSON Lines
 * reader \u escapes). Header-only, no state. */
#ifndef US_COMMON_UTF8_H
#define US_COMMON_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Write code point cp (at most 0x10FFFF; the caller has replaced
 * surrogates) as UTF-8 into out (4 bytes of room); the bytes written. */
static inline size_t us_utf8_encode(uint32_t cp, char *out)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

#endif
