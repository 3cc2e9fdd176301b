/* jsonl.c - a small, strict JSON reader for `unspun scan --stdin`.
 *
 * Recursive descent over one line. Only "id" and "text" are materialised;
 * everything else is validated and skipped, so a record with large extra
 * members costs no memory beyond the line. Errors name the byte column:
 * the caller adds the line number. */
#include "jsonl.h"
#include "utf8.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 512

typedef struct parser {
    const unsigned char *s;
    size_t n, i;
    const char *error;
    size_t error_at;
    int oom;
} parser;

/* A growable output string for decoded JSON strings. */
typedef struct str {
    char *p;
    size_t len, cap;
} str;

static int fail(parser *p, const char *msg)
{
    if (!p->error) {
        p->error = msg;
        p->error_at = p->i;
    }
    return -1;
}

static int str_put(parser *p, str *o, const char *b, size_t n)
{
    if (!o)
        return 0;
    if (o->len + n + 1 > o->cap) {
        size_t cap = o->cap ? o->cap : 64;
        while (cap < o->len + n + 1) {
            if (cap > SIZE_MAX / 2) {
                p->oom = 1;
                return fail(p, "out of memory");
            }
            cap *= 2;
        }
        char *np = realloc(o->p, cap);
        if (!np) {
            p->oom = 1;
            return fail(p, "out of memory");
        }
        o->p = np;
        o->cap = cap;
    }
    memcpy(o->p + o->len, b, n);
    o->len += n;
    o->p[o->len] = '\0';
    return 0;
}

static void skip_ws(parser *p)
{
    while (p->i < p->n && (p->s[p->i] == ' ' || p->s[p->i] == '\t' ||
                           p->s[p->i] == '\r' || p->s[p->i] == '\n'))
        p->i++;
}

static int hex4(parser *p, uint32_t *v)
{
    if (p->n - p->i < 4)
        return fail(p, "truncated \\u escape");
    uint32_t x = 0;
    for (int k = 0; k < 4; k++) {
        unsigned char c = p->s[p->i + (size_t)k];
        unsigned d;
        if (c >= '0' && c <= '9')
            d = c - '0';
        else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
            d = (c | 0x20) - 'a' + 10;
        else
            return fail(p, "bad hex digit in \\u escape");
        x = x * 16 + d;
    }
    p->i += 4;
    *v = x;
    return 0;
}

/* A string at p->i == '"'; decoded into `o` unless o is NULL. */
/* The code point of a \\uXXXX escape (after its "\\u"): a surrogate pair
 * is one 4-byte code point; a lone surrogate becomes U+FFFD, as it cannot
 * be UTF-8. 0, or -1 after fail(). */
static int unicode_escape(parser *p, uint32_t *out)
{
    uint32_t cp;
    if (hex4(p, &cp))
        return -1;
    if (cp >= 0xD800 && cp <= 0xDBFF) {
        /* A high surrogate: a low one must follow to make a pair. */
        uint32_t lo = 0;
        if (p->n - p->i >= 6 && p->s[p->i] == '\\' && p->s[p->i + 1] == 'u') {
            size_t save = p->i;
            p->i += 2;
            if (hex4(p, &lo))
                return -1;
            if (lo >= 0xDC00 && lo <= 0xDFFF)
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            else {
                p->i = save; /* not a pair: decode it on its own */
                cp = 0xFFFD;
            }
        } else {
            cp = 0xFFFD;
        }
    } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
        cp = 0xFFFD;
    }
    *out = cp;
    return 0;
}

static int parse_string(parser *p, str *o)
{
    p->i++;
    for (;;) {
        size_t run = p->i;
        while (p->i < p->n && p->s[p->i] != '"' && p->s[p->i] != '\\' &&
               p->s[p->i] >= 0x20)
            p->i++;
        if (str_put(p, o, (const char *)p->s + run, p->i - run))
            return -1;
        if (p->i >= p->n)
            return fail(p, "unterminated string");
        unsigned char c = p->s[p->i];
        if (c == '"') {
            p->i++;
            if (o && !o->p)
                return str_put(p, o, "", 0);
            return 0;
        }
        if (c < 0x20)
            return fail(p, "control character in string (escape it)");
        /* A backslash escape. */
        p->i++;
        if (p->i >= p->n)
            return fail(p, "unterminated string");
        c = p->s[p->i++];
        char buf[4];
        size_t bl = 1;
        /* the one-character escapes and what they stand for */
        static const char esc[] = "\"\\/bfnrt", val[] = "\"\\/\b\f\n\r\t";
        const char *e = c ? strchr(esc, c) : NULL;
        if (e) {
            buf[0] = val[e - esc];
        } else if (c == 'u') {
            uint32_t cp;
            if (unicode_escape(p, &cp))
                return -1;
            bl = us_utf8_encode(cp, buf);
        } else {
            p->i--;
            return fail(p, "invalid escape in string");
        }
        if (str_put(p, o, buf, bl))
            return -1;
    }
}

static int parse_value(parser *p, int depth);

/* The digits of a fraction or an exponent from i, at least one: their end
 * in *end; -1 after fail() when there is none. */
static int digits(parser *p, size_t i, size_t *end)
{
    const unsigned char *s = p->s;
    if (i >= p->n || s[i] < '0' || s[i] > '9') {
        p->i = i;
        return fail(p, "invalid number");
    }
    while (i < p->n && s[i] >= '0' && s[i] <= '9')
        i++;
    *end = i;
    return 0;
}

static int parse_number(parser *p)
{
    size_t i = p->i;
    const unsigned char *s = p->s;
    if (i < p->n && s[i] == '-')
        i++;
    if (i < p->n && s[i] == '0')
        i++;
    else if (i < p->n && s[i] >= '1' && s[i] <= '9')
        while (i < p->n && s[i] >= '0' && s[i] <= '9')
            i++;
    else
        return fail(p, "invalid value");
    if (i < p->n && s[i] == '.' && digits(p, ++i, &i))
        return -1;
    if (i < p->n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < p->n && (s[i] == '+' || s[i] == '-'))
            i++;
        if (digits(p, i, &i))
            return -1;
    }
    p->i = i;
    return 0;
}

static int literal(parser *p, const char *word)
{
    size_t k = strlen(word);
    if (p->n - p->i < k || memcmp(p->s + p->i, word, k) != 0)
        return fail(p, "invalid value");
    p->i += k;
    return 0;
}

static int parse_container(parser *p, int depth, int object)
{
    if (depth >= MAX_DEPTH)
        return fail(p, "nesting too deep");
    p->i++;
    skip_ws(p);
    char close = object ? '}' : ']';
    if (p->i < p->n && p->s[p->i] == close) {
        p->i++;
        return 0;
    }
    for (;;) {
        skip_ws(p);
        if (object) {
            if (p->i >= p->n || p->s[p->i] != '"')
                return fail(p, "expected a member name");
            if (parse_string(p, NULL))
                return -1;
            skip_ws(p);
            if (p->i >= p->n || p->s[p->i] != ':')
                return fail(p, "expected ':'");
            p->i++;
        }
        if (parse_value(p, depth + 1))
            return -1;
        skip_ws(p);
        if (p->i < p->n && p->s[p->i] == ',') {
            p->i++;
            continue;
        }
        if (p->i < p->n && p->s[p->i] == close) {
            p->i++;
            return 0;
        }
        return fail(p, object ? "expected ',' or '}'" : "expected ',' or ']'");
    }
}

static int parse_value(parser *p, int depth)
{
    skip_ws(p);
    if (p->i >= p->n)
        return fail(p, "unexpected end of line");
    switch (p->s[p->i]) {
    case '{':
        return parse_container(p, depth, 1);
    case '[':
        return parse_container(p, depth, 0);
    case '"':
        return parse_string(p, NULL);
    case 't':
        return literal(p, "true");
    case 'f':
        return literal(p, "false");
    case 'n':
        return literal(p, "null");
    default:
        return parse_number(p);
    }
}

static int member_is(parser *p, size_t start, size_t end, const char *name)
{
    /* Member names are compared as written: "text" with escapes in its
     * name ("\u0074ext") is decoded first. */
    str o = {0};
    parser q = *p;
    q.i = start;
    q.n = end;
    int r = parse_string(&q, &o) == 0 && o.p && strcmp(o.p, name) == 0;
    if (q.oom)
        p->oom = 1;
    free(o.p);
    return r;
}

void jsonl_record_free(jsonl_record *rec)
{
    free(rec->id);
    free(rec->text);
    rec->id = rec->text = NULL;
    rec->text_len = 0;
}

int jsonl_parse(const char *line, size_t len, jsonl_record *rec)
{
    memset(rec, 0, sizeof *rec);
    parser p = {(const unsigned char *)line, len, 0, NULL, 0, 0};
    int have_text = 0, id_bad = 0;
    /* A member of the wrong type: reported once the whole line is known
     * to be well-formed JSON, with the id if it has a good one. */
    const char *sem = NULL;
    size_t sem_at = 0;
    skip_ws(&p);
    if (p.i >= p.n || p.s[p.i] != '{') {
        fail(&p, "a record must be a JSON object");
        goto bad;
    }
    p.i++;
    skip_ws(&p);
    if (p.i < p.n && p.s[p.i] == '}') {
        p.i++;
    } else {
        for (;;) {
            skip_ws(&p);
            if (p.i >= p.n || p.s[p.i] != '"') {
                fail(&p, "expected a member name");
                goto bad;
            }
            size_t ns = p.i;
            if (parse_string(&p, NULL))
                goto bad;
            size_t ne = p.i;
            skip_ws(&p);
            if (p.i >= p.n || p.s[p.i] != ':') {
                fail(&p, "expected ':'");
                goto bad;
            }
            p.i++;
            skip_ws(&p);
            int is_text = member_is(&p, ns, ne, "text");
            int is_id = !is_text && member_is(&p, ns, ne, "id");
            if (p.oom)
                goto bad;
            size_t vs = p.i;
            if (is_text && (p.i >= p.n || p.s[p.i] != '"')) {
                if (!sem) {
                    sem = "\"text\" must be a string";
                    sem_at = p.i;
                }
                if (parse_value(&p, 1))
                    goto bad;
            } else if (is_text) {
                str o = {0};
                if (parse_string(&p, &o)) {
                    free(o.p);
                    goto bad;
                }
                free(rec->text);
                rec->text = o.p;
                rec->text_len = o.len;
                have_text = 1;
            } else if (is_id && p.i < p.n &&
                       (p.s[p.i] == '{' || p.s[p.i] == '[')) {
                if (!sem) {
                    sem = "\"id\" must be a string, number, true, false or "
                          "null";
                    sem_at = p.i;
                }
                id_bad = 1;
                if (parse_value(&p, 1))
                    goto bad;
            } else if (is_id) {
                str o = {0};
                int string = p.i < p.n && p.s[p.i] == '"';
                if (string ? parse_string(&p, &o) : parse_value(&p, 1)) {
                    free(o.p);
                    goto bad;
                }
                free(rec->id);
                rec->id = NULL;
                if (string) {
                    rec->id = o.p;
                } else if (!(p.i - vs == 4 && !memcmp(p.s + vs, "null", 4))) {
                    /* A number or boolean: its JSON text, as written. */
                    rec->id = malloc(p.i - vs + 1);
                    if (!rec->id) {
                        p.oom = 1;
                        goto bad;
                    }
                    memcpy(rec->id, p.s + vs, p.i - vs);
                    rec->id[p.i - vs] = '\0';
                }
            } else if (parse_value(&p, 1)) {
                goto bad;
            }
            skip_ws(&p);
            if (p.i < p.n && p.s[p.i] == ',') {
                p.i++;
                continue;
            }
            if (p.i < p.n && p.s[p.i] == '}') {
                p.i++;
                break;
            }
            fail(&p, "expected ',' or '}'");
            goto bad;
        }
    }
    skip_ws(&p);
    if (p.i < p.n) {
        fail(&p, "extra characters after the record");
        goto bad;
    }
    if (!sem && !have_text)
        sem = "the record has no \"text\" string";
    if (sem) {
        /* Well-formed JSON: its id, if good, names the error record. */
        if (id_bad) {
            free(rec->id);
            rec->id = NULL;
        }
        free(rec->text);
        rec->text = NULL;
        rec->text_len = 0;
        rec->error = sem;
        rec->error_col = sem_at + 1;
        return -1;
    }
    return 0;
bad:
    jsonl_record_free(rec);
    rec->error = p.error ? p.error : "out of memory";
    rec->error_col = p.error_at + 1;
    return p.oom ? -2 : -1;
}
