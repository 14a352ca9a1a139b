/*
 * ingest/mapval.h - small helpers the Azure, Sentinel-row and CSV mappers
 * share: JSON spans to column values, lower-casing into an arena, JSON
 * string escaping, and JSON text to a dynamic column value.
 */
#ifndef TW_INGEST_MAPVAL_H
#define TW_INGEST_MAPVAL_H

#include <stdbool.h>
#include <stddef.h>

#include "ingest/record.h"

/* A span that is absent has p == NULL. */
static inline bool tw_mv_has(const tw_json_span *s) { return s->p != NULL; }

/*
 * A string column value from any JSON value: strings decoded, null or an
 * absent span give "", numbers and booleans their text, objects and arrays
 * their compact JSON text; a string with broken escapes its raw text.
 * 0, or -1 (malformed / OOM).
 */
int tw_mv_string(const tw_json_span *v, tw_arena *a, tw_value *out);

/* A copy of s in `a`, ASCII letters lower-cased. NULL on OOM. */
char *tw_mv_lower(tw_arena *a, const char *s, size_t n);

/* Case-insensitive ASCII comparison of n bytes. */
bool tw_mv_ieq(const char *a, const char *b, size_t n);

/* Does the raw key text `k` (escapes not decoded; "\/" counts as "/")
 * equal `want` exactly? */
bool tw_mv_key_eq(const char *k, size_t klen, const char *want);

/* Bytes needed to write s as a quoted JSON string (worst case 6n + 2). */
static inline size_t tw_mv_json_str_max(size_t n) { return 6 * n + 2; }
/* Write s as a quoted JSON string at dst; returns bytes written. */
size_t tw_mv_json_str(char *dst, const char *s, size_t n);

/* A dynamic value from JSON text (dynamic null when empty or not JSON).
 * -1 only on OOM. */
int tw_mv_dynamic(const char *s, size_t n, tw_arena *a, tw_value *out);

/*
 * Parse a datetime in an exporter's locale: "21/04/2025, 09:45:54.000",
 * "4/26/2021, 7:18:24.156 PM", "1/9/2007 9:41:00 AM", "21.04.2025 09:45"
 * (date separators / . -, optional comma, seconds, fraction, AM/PM; a
 * date alone is midnight). `day_first` says how to read an ambiguous
 * date. *hint is set to 1 when the text itself proves day-first (first
 * number > 12), 2 when it proves month-first (second number > 12), else
 * 0. Returns 0 and *ticks (UTC), or -1.
 */
int tw_mv_locale_datetime(const char *s, size_t n, int day_first,
                          int64_t *ticks, int *hint);

/* A dynamic value holding the string s (borrowed). -1 on OOM. */
int tw_mv_dyn_string(const char *s, size_t n, tw_arena *a, tw_value *out);

/*
 * A column value of type t from cell text (CSV cells, JSON strings):
 * strings borrow s; bool from true/false/1/0 (any case); datetime by
 * tw_mv_datetime; dynamic parses JSON text starting with { [ or a
 * quote, else holds the text as a string; numbers by their text. Empty
 * or unreadable text gives null ("" for strings). -1 only on OOM.
 */
int tw_mv_text_value(const char *s, size_t n, tw_type t, tw_arena *a,
                     tw_value *out);

/* A datetime value from text: ISO 8601 / RFC 1123 first, then the locale
 * forms above read month-first (Azure's off-spec "1/9/2007 9:41:00 AM");
 * null when nothing parses. */
tw_value tw_mv_datetime(const char *s, size_t n);

/* Length of a Sentinel column name as exports write it, without trailing
 * blanks and a " [unit]" suffix ("TimeGenerated [UTC]" -> 13). */
size_t tw_mv_column_base(const char *k, size_t n);

/* True for the column names both tables have (TimeGenerated, Type, ...),
 * which say nothing about which table a row belongs to. */
bool tw_mv_shared_column(const char *k, size_t n);

#endif
