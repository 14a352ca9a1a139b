/*
 * ingest/jsonscan.h - the JSON scanner's extras beyond record.h: a skip
 * that says why it stopped (truncated input vs malformed vs too deep, and
 * where), UTF-8 repair, used by the framing code in reader.c.
 */
#ifndef TW_INGEST_JSONSCAN_H
#define TW_INGEST_JSONSCAN_H

#include <stddef.h>
#include <stdint.h>

#include "ingest/record.h"

enum {
  TW_JS_OK = 0,
  TW_JS_TRUNC, /* input ended inside the value (more bytes may complete it) */
  TW_JS_BAD,   /* malformed at *errp */
  TW_JS_DEEP   /* nesting deeper than max_depth at *errp */
};

/* As tw_json_skip; on failure returns NULL, sets *why (TW_JS_*) and *errp
 * to where the problem was found. */
const char *tw_json_skip_ex(const char *p, const char *end, int max_depth,
                            int *why, const char **errp);

/* Find the end of the value at p by counting brackets outside strings,
 * without checking the grammar or bounding the depth (no recursion, so a
 * value nested 100,000 deep is fine). NULL when it does not end. */
const char *tw_json_skip_struct(const char *p, const char *end);

/* Skip JSON whitespace. */
static inline const char *tw_json_ws(const char *p, const char *end) {
  while (p < end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')) {
    p++;
  }
  return p;
}

/* Length of a valid UTF-8 sequence starting at p (1..4), or 0 if the bytes
 * at p are not valid UTF-8 (or the sequence is cut by end). */
size_t tw_utf8_seq(const unsigned char *p, const unsigned char *end);

/* Raw text of a span as a string value, with invalid UTF-8 replaced by
 * U+FFFD (borrowing when already valid). 0 or -1 (OOM). */
int tw_json_raw_text(const tw_json_span *v, tw_arena *a, tw_value *out);

#endif
