/*
 * functions/convert.h - conversions between KQL types (kql-semantics 2.3,
 * 5.4): tostring text, tolong/toint/toreal/tobool/todatetime/totimespan/
 * toguid/parse_json, and dynamic <-> scalar views.
 *
 * Every conversion is total: input that does not convert gives a null of
 * the target type (tostring gives ""), never an error. Converters return 0,
 * or -1 only when the arena is full.
 */
#ifndef TW_FUNCTIONS_CONVERT_H
#define TW_FUNCTIONS_CONVERT_H

#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/buf.h"
#include "value/value.h"

/* .NET ticks of 1970-01-01 (Kusto's tolong(datetime) counts from 0001). */
#define TW_DOTNET_EPOCH_TICKS 621355968000000000LL
/* Smallest and largest datetime (0001-01-01, 9999-12-31 23:59:59.9999999)
 * in ticks since the Unix epoch. */
#define TW_DATETIME_MIN (-TW_DOTNET_EPOCH_TICKS)
#define TW_DATETIME_MAX (3155378975999999999LL - TW_DOTNET_EPOCH_TICKS)

/* Append Kusto's tostring() text of v: null -> "", dynamic string -> the
 * string unquoted, other dynamic -> compact JSON. 0 or -1 (buffer cap). */
int tw_value_to_string(tw_buf *out, const tw_value *v);

/* tostring() text of a non-dynamic, non-null scalar into out[64]; returns
 * the length. Strings are not copied (returns 0 for them). */
size_t tw_scalar_format(const tw_value *v, char out[64]);

/*
 * The tostring() text of v without copying when it is already text:
 * strings and dynamic strings are borrowed; others are formatted into `a`.
 * 0 or -1 (arena full).
 */
int tw_value_str(tw_arena *a, const tw_value *v, const char **s, size_t *n);

/* The scalar value a dynamic node holds (long, real, bool, string, datetime,
 * timespan, guid; strings borrowed from the node). Arrays and objects stay
 * dynamic; NULL or a null node gives a dynamic null. */
tw_value tw_dyn_to_value(const tw_dyn *d);

/* A dynamic node holding v (deep copy of strings into `a`; a dynamic value
 * is returned as is). Null values become a null node. NULL on OOM. */
const tw_dyn *tw_value_to_dyn(tw_arena *a, const tw_value *v);
/* As tw_value_to_dyn but fills *node (strings still copied into `a`). */
int tw_value_to_dyn_node(tw_arena *a, const tw_value *v, tw_dyn *node);

/* The conversion functions; `out` gets the target type. */
int tw_conv_tolong(const tw_value *v, tw_value *out);
int tw_conv_toint(const tw_value *v, tw_value *out);
int tw_conv_toreal(const tw_value *v, tw_value *out);
int tw_conv_tobool(const tw_value *v, tw_value *out);
int tw_conv_todatetime(const tw_value *v, tw_value *out);
int tw_conv_totimespan(const tw_value *v, tw_value *out);
int tw_conv_toguid(tw_arena *a, const tw_value *v, tw_value *out);
int tw_conv_tostring(tw_arena *a, const tw_value *v, tw_value *out);
/* parse_json / todynamic: "" -> null; valid JSON -> tree; other text ->
 * a dynamic string; dynamic unchanged; scalars wrapped. */
int tw_conv_todynamic(tw_arena *a, const tw_value *v, tw_value *out);
/* Convert to any type (cast, extract(..., typeof(T)), mv-expand to
 * typeof(T)). */
int tw_conv_to_type(tw_arena *a, const tw_value *v, tw_type t,
                    tw_value *out);

/* Parse datetimes the way todatetime() does: tw_datetime_parse plus the
 * measured extra forms (2022/12/02, 12-02-2022, 12/02/2022, 12.02.2022,
 * 2 Dec 2022, Dec 2, 2022, 20221202, 2/3/2022). 0 or -1. */
int tw_todatetime_text(const char *s, size_t n, int64_t *ticks);

#endif
