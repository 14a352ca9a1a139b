/*
 * value/json.h - JSON text <-> dynamic trees, and values as JSON cells.
 *
 * tw_dyn_parse turns RFC 8259 JSON into an immutable tw_dyn tree in an
 * arena (parse_json, dynamic literals). tw_dyn_write prints a tree the way
 * Kusto prints dynamic values (compact: no spaces). tw_value_write_json
 * prints one scalar value as a JSON-lines cell (the output writers use it).
 * tw_real_format is Kusto's text for a real (tostring, JSON).
 *
 * Access helpers (d.key, d["key"], d[i]) live here too: they never fail;
 * missing keys, out-of-range indexes and access on a non-container give
 * NULL (dynamic null).
 */
#ifndef TW_VALUE_JSON_H
#define TW_VALUE_JSON_H

#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/buf.h"
#include "value/value.h"

/* Parse flags. */
enum {
  /* KQL dynamic(...) literal extensions: single-quoted strings and keys,
   * embedded datetime(...), timespan(...)/time(...), guid(...) and
   * typed nulls (int(null), ...), trailing commas. */
  TW_JSON_KQL = 1
};

/*
 * Parse `len` bytes of JSON into a tree allocated in `a`. Numbers with an
 * integral value that fit in int64 become LONG (also 118.0, as Kusto's
 * parse_json does; with TW_JSON_KQL only integer literals), other numbers
 * REAL; object key order is kept.
 * Nesting deeper than TW_MAX_JSON_DEPTH is an error. Returns 0 and sets
 * *out (a JSON null gives a node of kind NULL), or -1 with *err_off (may be
 * NULL) the byte offset of the problem (also -1 when the arena is full).
 */
int tw_dyn_parse(const char *s, size_t len, tw_arena *a, const tw_dyn **out,
                 size_t *err_off);
/* As tw_dyn_parse with TW_JSON_* flags. */
int tw_dyn_parse_ex(const char *s, size_t len, unsigned flags, tw_arena *a,
                    const tw_dyn **out, size_t *err_off);

/*
 * Append compact JSON for `d` (NULL prints null): datetimes as
 * "YYYY-MM-DDTHH:MM:SS.fffffffZ" strings, timespans as "[d.]hh:mm:ss"
 * strings, reals as Kusto prints them. 0 or -1 (buffer cap / OOM).
 */
int tw_dyn_write(tw_buf *out, const tw_dyn *d);

/*
 * Append one value as a JSON cell: null, true/false, numbers, strings
 * escaped per RFC 8259, datetimes as "YYYY-MM-DDTHH:MM:SS[.fffffff]Z",
 * timespans as Kusto's string form, guids as strings, dynamic as JSON.
 * NaN and infinities become the strings "NaN", "Infinity", "-Infinity".
 */
int tw_value_write_json(tw_buf *out, const tw_value *v);

/* Append `s` as a quoted JSON string. */
int tw_json_write_string(tw_buf *out, const char *s, size_t len);

/* Kusto's text for a real (.NET "R": 15 significant digits when they
 * round-trip, else 17), integral values without
 * ".0", exponent form 1E+20 / 1E-05 outside [1e-4, 1e15), NaN, Infinity,
 * -Infinity. `out` must hold 40 bytes. Returns the length. */
size_t tw_real_format(double r, char *out);

/* Datetime as it appears in dynamic / tostring: always 7 fraction digits
 * ("2020-01-01T00:00:00.0000000Z"). `out` holds 40 bytes. Returns length. */
size_t tw_datetime_format7(int64_t ticks, char *out);

/* ------------------------------------------------------------- access */

/* Value of member `key` of an object (last one if duplicated), or NULL. */
const tw_dyn *tw_dyn_member(const tw_dyn *d, const char *key, size_t len);
/* Element i of an array (negative counts from the end), or NULL. */
const tw_dyn *tw_dyn_index(const tw_dyn *d, int64_t i);
/* True for NULL and for a node of kind NULL. */
static inline int tw_dyn_is_null(const tw_dyn *d) {
  return d == NULL || d->kind == TRAWL_DYN_NULL;
}
/* Deep equality of two trees (numbers compare by value across long/real;
 * strings exactly). */
int tw_dyn_equal(const tw_dyn *a, const tw_dyn *b);

#endif
