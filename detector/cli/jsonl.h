/* jsonl.h - the JSON Lines records `unspun scan --stdin` reads.
 *
 * One record per line: a JSON object with a "text" string (required) and
 * an "id" (optional: string, number, true, false or null); other members
 * are checked for well-formedness and ignored. The parser is complete for
 * RFC 8259 syntax (nesting, numbers, every string escape: \uXXXX surrogate
 * pairs become one 4-byte UTF-8 sequence; a lone surrogate becomes U+FFFD,
 * as it cannot be UTF-8) but keeps only those two members. Raw bytes of
 * strings are copied as they are: the scorer reports invalid UTF-8. */
#ifndef UNSPUN_JSONL_H
#define UNSPUN_JSONL_H

#include <stddef.h>

typedef struct jsonl_record {
    /* The id as the "file" of the result: a string id decoded; a number,
     * true or false as its JSON text ("42", "1e3", "true"); NULL when the
     * id is absent or null. malloc'ed. */
    char *id;
    char *text; /* decoded "text", malloc'ed, NUL-terminated */
    size_t text_len;
    /* On failure: a constant description and the 1-based byte column. */
    const char *error;
    size_t error_col;
} jsonl_record;

/* Parse one line (without its newline). Returns 0 on success, -1 for a
 * malformed record (error, error_col set), -2 when out of memory. Nesting
 * deeper than 512 levels is refused as malformed. A line that is not
 * well-formed JSON has no id; one that is, but whose "text" is missing or
 * not a string (or whose "id" is an object or array), keeps a good id in
 * rec->id, so that its error record names it: free it with
 * jsonl_record_free. */
int jsonl_parse(const char *line, size_t len, jsonl_record *rec);

/* Free the record's strings; safe on a zeroed or failed record. */
void jsonl_record_free(jsonl_record *rec);

#endif
