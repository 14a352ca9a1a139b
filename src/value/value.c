/*
 * value/value.c - batches, deep copies and the static table schemas.
 */
#include "value/value.h"

#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------- copies */

const tw_dyn *tw_dyn_copy(tw_arena *a, const tw_dyn *d) {
  if (!d) {
    return NULL;
  }
  tw_dyn *out = tw_arena_alloc(a, sizeof *out);
  if (!out) {
    return NULL;
  }
  *out = *d;
  switch (d->kind) {
  case TRAWL_DYN_STRING:
  case TRAWL_DYN_GUID:
    out->u.s = tw_arena_memdup(a, d->u.s, d->n ? d->n : 1);
    if (!out->u.s) {
      return NULL;
    }
    break;
  case TRAWL_DYN_ARRAY:
  case TRAWL_DYN_OBJECT: {
    size_t n = d->kind == TRAWL_DYN_ARRAY ? d->n : 2 * (size_t)d->n;
    if (n == 0) {
      out->u.items = NULL;
      break;
    }
    tw_dyn *items = tw_arena_alloc(a, n * sizeof *items);
    if (!items) {
      return NULL;
    }
    for (size_t i = 0; i < n; i++) {
      const tw_dyn *c = tw_dyn_copy(a, &d->u.items[i]);
      if (!c) {
        return NULL;
      }
      items[i] = *c;
    }
    out->u.items = items;
    break;
  }
  default:
    break;
  }
  return out;
}

int tw_value_copy(tw_arena *a, const tw_value *src, tw_value *dst) {
  *dst = *src;
  if (src->null) {
    return 0;
  }
  if (src->type == TW_T_STRING || src->type == TW_T_GUID) {
    if (src->len == 0) {
      dst->u.s = "";
      return 0;
    }
    dst->u.s = tw_arena_memdup(a, src->u.s, src->len);
    return dst->u.s ? 0 : -1;
  }
  if (src->type == TW_T_DYNAMIC) {
    dst->u.d = tw_dyn_copy(a, src->u.d);
    return dst->u.d ? 0 : -1;
  }
  return 0;
}

/* ------------------------------------------------------------- batches */

tw_batch *tw_batch_new(uint32_t ncols, uint32_t cap) {
  tw_batch *b = calloc(1, sizeof *b);
  if (!b) {
    return NULL;
  }
  b->ncols = ncols;
  b->cap = cap;
  b->cols = calloc(ncols ? ncols : 1, sizeof *b->cols);
  if (!b->cols) {
    free(b);
    return NULL;
  }
  for (uint32_t c = 0; c < ncols; c++) {
    b->cols[c] = calloc(cap ? cap : 1, sizeof(tw_value));
    if (!b->cols[c]) {
      tw_batch_free(b);
      return NULL;
    }
  }
  tw_arena_init(&b->arena, 0);
  return b;
}

void tw_batch_clear(tw_batch *b) {
  b->nrows = 0;
  tw_arena_reset(&b->arena);
}

void tw_batch_free(tw_batch *b) {
  if (!b) {
    return;
  }
  for (uint32_t c = 0; c < b->ncols; c++) {
    free(b->cols[c]);
  }
  free(b->cols);
  tw_arena_free(&b->arena);
  free(b);
}

/* ------------------------------------------------------------- tables */

static tw_column aws_cols[] = {
#define COL_AWS(name, type) {#name, TW_T_##type},
#define COL_AZ(name, type)
#include "value/tables.def"
};
static tw_column az_cols[] = {
#define COL_AWS(name, type)
#define COL_AZ(name, type) {#name, TW_T_##type},
#include "value/tables.def"
};
static const tw_schema table_schemas[TRAWL_TABLE_COUNT] = {
    {TW_AWS_NCOLS, aws_cols},
    {TW_AZ_NCOLS, az_cols},
};
static const char *const table_names[TRAWL_TABLE_COUNT] = {
    "AWSCloudTrail",
    "AzureActivity",
};

const tw_schema *tw_table_schema(trawl_table t) {
  return (unsigned)t < TRAWL_TABLE_COUNT ? &table_schemas[t] : NULL;
}

int tw_table_lookup(const char *name, size_t len) {
  for (int t = 0; t < TRAWL_TABLE_COUNT; t++) {
    if (strlen(table_names[t]) == len && memcmp(table_names[t], name, len) == 0) {
      return t;
    }
  }
  return -1;
}

int tw_table_column_index(trawl_table t, const char *name, size_t len) {
  const tw_schema *s = tw_table_schema(t);
  if (!s) {
    return -1;
  }
  for (uint32_t i = 0; i < s->ncols; i++) {
    if (strlen(s->cols[i].name) == len &&
        memcmp(s->cols[i].name, name, len) == 0) {
      return (int)i;
    }
  }
  return -1;
}

const char *trawl_table_name(trawl_table t) {
  return (unsigned)t < TRAWL_TABLE_COUNT ? table_names[t] : "?";
}

size_t trawl_table_ncolumns(trawl_table t) {
  const tw_schema *s = tw_table_schema(t);
  return s ? s->ncols : 0;
}

const char *trawl_table_column(trawl_table t, size_t i) {
  const tw_schema *s = tw_table_schema(t);
  return s && i < s->ncols ? s->cols[i].name : NULL;
}

trawl_type trawl_table_column_type(trawl_table t, size_t i) {
  const tw_schema *s = tw_table_schema(t);
  return s && i < s->ncols ? s->cols[i].type : TRAWL_T_UNKNOWN;
}

const char *trawl_type_name(trawl_type t) {
  static const char *const names[] = {
      "unknown", "bool", "int", "long", "real", "decimal",
      "string", "datetime", "timespan", "guid", "dynamic",
  };
  return (unsigned)t < sizeof names / sizeof names[0] ? names[t] : "unknown";
}
