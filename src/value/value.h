/*
 * value/value.h - KQL values, dynamic documents, batches and schemas.
 *
 * Values are the public trawl_value (16 bytes, passed by value); the
 * internal names below are aliases so library code reads naturally.
 * Strings and dynamic trees are never owned by a value: they live in the
 * arena of the batch, operator or query that made them.
 *
 * A batch holds up to TW_BATCH_ROWS rows column by column: cols[c][r].
 * Operators pass batches along; a batch's arena owns what its values point
 * to, so anything kept beyond the batch must be copied (tw_value_copy).
 */
#ifndef TW_VALUE_VALUE_H
#define TW_VALUE_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "trawl.h"

typedef trawl_value tw_value;
typedef trawl_dyn tw_dyn;
typedef trawl_type tw_type;

#define TW_T_UNKNOWN TRAWL_T_UNKNOWN
#define TW_T_BOOL TRAWL_T_BOOL
#define TW_T_INT TRAWL_T_INT
#define TW_T_LONG TRAWL_T_LONG
#define TW_T_REAL TRAWL_T_REAL
#define TW_T_DECIMAL TRAWL_T_DECIMAL
#define TW_T_STRING TRAWL_T_STRING
#define TW_T_DATETIME TRAWL_T_DATETIME
#define TW_T_TIMESPAN TRAWL_T_TIMESPAN
#define TW_T_GUID TRAWL_T_GUID
#define TW_T_DYNAMIC TRAWL_T_DYNAMIC
#define TW_T_COUNT (TRAWL_T_DYNAMIC + 1)

/* ------------------------------------------------------ value builders */

static inline tw_value tw_null(tw_type t) {
  tw_value v = {0};
  v.type = (uint8_t)t;
  v.null = t == TW_T_STRING ? 0 : 1;
  if (t == TW_T_STRING) {
    v.u.s = "";
  }
  return v;
}
static inline tw_value tw_bool(bool b) {
  tw_value v = {0};
  v.type = TW_T_BOOL;
  v.u.i = b ? 1 : 0;
  return v;
}
static inline tw_value tw_long(int64_t i) {
  tw_value v = {0};
  v.type = TW_T_LONG;
  v.u.i = i;
  return v;
}
static inline tw_value tw_int(int32_t i) {
  tw_value v = {0};
  v.type = TW_T_INT;
  v.u.i = i;
  return v;
}
static inline tw_value tw_real(double r) {
  tw_value v = {0};
  v.type = TW_T_REAL;
  v.u.r = r;
  return v;
}
static inline tw_value tw_datetime(int64_t ticks) {
  tw_value v = {0};
  v.type = TW_T_DATETIME;
  v.u.i = ticks;
  return v;
}
static inline tw_value tw_timespan(int64_t ticks) {
  tw_value v = {0};
  v.type = TW_T_TIMESPAN;
  v.u.i = ticks;
  return v;
}
/* A string value borrowing `s` (must outlive the value). */
static inline tw_value tw_str(const char *s, size_t len) {
  tw_value v = {0};
  v.type = TW_T_STRING;
  v.u.s = s;
  v.len = (uint32_t)len;
  return v;
}
static inline tw_value tw_dynamic(const tw_dyn *d) {
  tw_value v = {0};
  v.type = TW_T_DYNAMIC;
  v.u.d = d;
  v.null = d == NULL;
  return v;
}

/* Deep-copy a value's strings / dynamic tree into `a`. 0 or -1 (OOM). */
int tw_value_copy(tw_arena *a, const tw_value *src, tw_value *dst);
/* Deep-copy a dynamic tree. NULL on OOM. */
const tw_dyn *tw_dyn_copy(tw_arena *a, const tw_dyn *d);

/* ------------------------------------------------------------- schema */

typedef struct tw_column {
  const char *name;  /* owned by the schema's creator (static or arena) */
  tw_type type;
} tw_column;

typedef struct tw_schema {
  uint32_t ncols;
  tw_column *cols;   /* owned by the creator's arena */
} tw_schema;

/* ------------------------------------------------------------- batches */

typedef struct tw_batch {
  uint32_t nrows;    /* rows present */
  uint32_t cap;      /* rows allocated in each column */
  uint32_t ncols;
  tw_value **cols;   /* cols[c][r]; owned by arena */
  tw_arena arena;    /* owns columns, strings and dynamic trees */
} tw_batch;

/* A new empty batch of `ncols` columns with room for `cap` rows. */
tw_batch *tw_batch_new(uint32_t ncols, uint32_t cap);
/* Drop all rows and everything they pointed to; keeps the columns. */
void tw_batch_clear(tw_batch *b);
void tw_batch_free(tw_batch *b);

/* ------------------------------------------------------------- tables */

/* Column ids of the two tables, in table order: TW_AWS_<Column> indexes an
 * AWSCloudTrail row, TW_AZ_<Column> an AzureActivity row. */
enum {
#define COL_AWS(name, type) TW_AWS_##name,
#define COL_AZ(name, type)
#include "value/tables.def"
  TW_AWS_NCOLS
};
enum {
#define COL_AWS(name, type)
#define COL_AZ(name, type) TW_AZ_##name,
#include "value/tables.def"
  TW_AZ_NCOLS
};

/* The static schema of a table (names and types in table order). */
const tw_schema *tw_table_schema(trawl_table t);
/* The table named `name` (case-sensitive), or -1. */
int tw_table_lookup(const char *name, size_t len);
/* Column index in table t, or -1. */
int tw_table_column_index(trawl_table t, const char *name, size_t len);

#endif
