/*
 * functions/signatures.h - what the binder knows about each built-in
 * function and aggregate: KQL names and aliases, argument counts, the type
 * class each argument must have, the rule giving the result type, and the
 * rule naming an unnamed result column (Kusto's "result name kinds").
 *
 * Ids are those of functions.def / aggregates.def (TW_FN_*, TW_AGG_*).
 */
#ifndef TW_FUNCTIONS_SIGNATURES_H
#define TW_FUNCTIONS_SIGNATURES_H

#include <stddef.h>
#include <stdint.h>

#include "value/value.h"

/* How an unnamed call names its column (Kusto's ResultNameKind). */
typedef enum tw_name_kind {
  TW_NAME_NONE = 0,        /* no inference: Column1, print_0 ... */
  TW_NAME_FIRST_ARG,       /* the first argument's name: tostring(x) -> x */
  TW_NAME_PREFIX_FIRST,    /* prefix_firstarg: dcount(x) -> dcount_x */
  TW_NAME_ONLY_ARG,        /* the argument's name if there is exactly one */
  TW_NAME_VALUE_IF_COLUMN, /* column_ifexists("x", ...) -> x if a column */
  TW_NAME_EXPAND           /* arg_max, take_any: one column per argument */
} tw_name_kind;

/* How the result type is computed from the argument types. */
typedef enum tw_ret_rule {
  TW_RET_DECLARED = 0,  /* sig->ret_type */
  TW_RET_ARG0,          /* type of argument 0 */
  TW_RET_ARG1,          /* type of argument 1 */
  TW_RET_WIDEST,        /* bin/floor: widest number, else arg 0's type */
  TW_RET_COMMON,        /* coalesce, max_of: common type of all args */
  TW_RET_BRANCHES,      /* iff/case: common type of the value arguments */
  TW_RET_PROMOTED,      /* sum: int -> long, else arg 0 */
  TW_RET_AVG,           /* avg: datetime/timespan/decimal kept, else real */
  TW_RET_ABS,           /* abs: integer -> long, else arg 0 */
  TW_RET_TYPE_ARG,      /* extract(..., typeof(T)): T; else declared */
  TW_RET_TOSCALAR       /* type of the first column of the tabular arg */
} tw_ret_rule;

typedef struct tw_fn_sig {
  const char *name;      /* canonical KQL name */
  uint16_t min_args;
  uint16_t max_args;
  /* One class letter per argument (the last repeats for further args):
   *  a any scalar   s string   S string or dynamic   n number
   *  i integer (int, long)     b bool   d datetime   t timespan
   *  D dynamic      o orderable (not dynamic, guid) u summable
   *  x not dynamic  T tabular  * `*` allowed (or any scalar)
   *  c datetime or timespan or number (bin family) */
  const char *args;
  uint8_t ret;           /* tw_ret_rule */
  uint8_t ret_type;      /* tw_type for TW_RET_DECLARED (and fallback) */
  uint8_t name_kind;     /* tw_name_kind */
  const char *prefix;    /* for TW_NAME_PREFIX_FIRST (NULL otherwise) */
} tw_fn_sig;

/* Signature of a scalar function id / aggregate id, or NULL. */
const tw_fn_sig *tw_fn_sig_get(int fn_id);
const tw_fn_sig *tw_agg_sig_get(int agg_id);

/* Scalar function id for a KQL name or alias (iif, todynamic ...), or -1.
 * Names are case-sensitive. */
int tw_fn_find(const char *name);
/* Aggregate id for a name or alias (any, makeset ...), or -1. When the
 * alias names its column differently (any(x) -> any_x), *sig_override is
 * set to that alias's signature; otherwise NULL. */
int tw_agg_find(const char *name, const tw_fn_sig **sig_override);

/* Does a value of type `t` fit argument class `cls`? */
int tw_sig_arg_ok(char cls, tw_type t);
/* Human name of an argument class for messages ("string", "number" ...). */
const char *tw_sig_class_name(char cls);
/* Class letter for argument i (repeating the last letter). */
char tw_sig_arg_class(const tw_fn_sig *s, size_t i);

/* Common type of two scalar types for iff/case/coalesce: numeric
 * widening; a dynamic side takes the other's type; TW_T_UNKNOWN when the
 * two do not unify. */
tw_type tw_type_common(tw_type x, tw_type y);
/* Widest numeric type of two (int+int -> long); TW_T_UNKNOWN if either is
 * not a number. */
tw_type tw_type_widest_number(tw_type x, tw_type y);
int tw_type_is_number(tw_type t);

#endif
