/*
 * functions/strmatch.h - the string matching primitives behind KQL's string
 * operators: ASCII case folding, substring search, Kusto term rules for
 * has / hasprefix / hassuffix (kql-semantics 4.3) and `like` patterns.
 *
 * Case-insensitive forms fold ASCII letters only (kql-semantics 4.1: "Ä"
 * =~ "ä" is false). A term is a maximal run of alphanumeric characters;
 * ASCII letters and digits are alphanumeric, and so are non-ASCII letters
 * (decoded from UTF-8; Unicode punctuation and spaces separate terms).
 */
#ifndef TW_FUNCTIONS_STRMATCH_H
#define TW_FUNCTIONS_STRMATCH_H

#include <stdbool.h>
#include <stddef.h>

static inline unsigned char tw_ascii_lower(unsigned char c) {
  return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + 32) : c;
}

/* Equality of two byte strings, ASCII case-insensitive when `ci`. */
bool tw_str_eq(const char *a, size_t an, const char *b, size_t bn, bool ci);
/* Ordinal compare: <0, 0, >0. */
int tw_str_cmp(const char *a, size_t an, const char *b, size_t bn);

/* Offset of the first occurrence of needle in hay at or after `from`, or
 * (size_t)-1. An empty needle is found at `from`. */
size_t tw_str_find(const char *hay, size_t hn, const char *needle, size_t nn,
                   size_t from, bool ci);

bool tw_str_contains(const char *hay, size_t hn, const char *needle,
                     size_t nn, bool ci);
bool tw_str_startswith(const char *hay, size_t hn, const char *needle,
                       size_t nn, bool ci);
bool tw_str_endswith(const char *hay, size_t hn, const char *needle,
                     size_t nn, bool ci);

/* Is the character starting at byte i (ending just before byte i for
 * tw_term_char_before) a term character? i may be 0 / hn (then false). */
bool tw_term_char_at(const char *s, size_t n, size_t i);
bool tw_term_char_before(const char *s, size_t i);

/* `has`: the needle occurs as whole terms (kql-semantics 4.3 boundary
 * rule). An empty needle never matches. */
bool tw_str_has(const char *hay, size_t hn, const char *needle, size_t nn,
                bool ci);
/* Needle is a prefix / suffix of some term of hay (needle's own
 * non-alphanumerics must occur literally). */
bool tw_str_hasprefix(const char *hay, size_t hn, const char *needle,
                      size_t nn, bool ci);
bool tw_str_hassuffix(const char *hay, size_t hn, const char *needle,
                      size_t nn, bool ci);
/* True when every character of the needle is a term character. */
bool tw_str_is_single_term(const char *s, size_t n);

/* Iterate terms: starting at *pos, find the next term; returns false at
 * the end. */
bool tw_term_next(const char *s, size_t n, size_t *pos, size_t *tstart,
                  size_t *tlen);

/* SQL-style `like`: % any run, _ one character. */
bool tw_str_like(const char *s, size_t n, const char *pat, size_t pn,
                 bool ci);

/* Number of UTF-8 code points (bytes that are not continuation bytes). */
size_t tw_utf8_count(const char *s, size_t n);
/* Byte offset of code point index `cp` (clamped to n). */
size_t tw_utf8_offset(const char *s, size_t n, size_t cp);

#endif
