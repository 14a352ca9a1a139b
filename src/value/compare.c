/*
 * value/compare.c - ordering, key equality and hashing of KQL values.
 *
 * See compare.h. Ordering follows kql-semantics 3.14: nulls (and NaN) are
 * the smallest value, strings compare by ordinal byte order, numbers by
 * value across int/long/real/decimal.
 */
#include "value/compare.h"

#include <math.h>
#include <string.h>

/* Type classes: values of one class compare with each other. */
enum { CL_NULL, CL_BOOL, CL_NUM, CL_DATETIME, CL_TIMESPAN, CL_STRING,
       CL_GUID, CL_DYN };

static int type_class(uint8_t t) {
  switch (t) {
  case TW_T_BOOL:
    return CL_BOOL;
  case TW_T_INT:
  case TW_T_LONG:
  case TW_T_REAL:
  case TW_T_DECIMAL:
    return CL_NUM;
  case TW_T_DATETIME:
    return CL_DATETIME;
  case TW_T_TIMESPAN:
    return CL_TIMESPAN;
  case TW_T_STRING:
    return CL_STRING;
  case TW_T_GUID:
    return CL_GUID;
  case TW_T_DYNAMIC:
    return CL_DYN;
  default:
    return CL_NULL;
  }
}

static bool is_intlike(uint8_t t) {
  return t == TW_T_INT || t == TW_T_LONG;
}

static double num_of(const tw_value *v) {
  return is_intlike(v->type) ? (double)v->u.i : v->u.r;
}

static int cmp_i64(int64_t a, int64_t b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

static int cmp_dbl(double a, double b) {
  /* NaN sorts below everything (with null). */
  bool an = isnan(a), bn = isnan(b);
  if (an || bn) {
    return an && bn ? 0 : an ? -1 : 1;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

static int cmp_bytes(const char *a, size_t al, const char *b, size_t bl) {
  size_t n = al < bl ? al : bl;
  int c = n ? memcmp(a, b, n) : 0;
  if (c != 0) {
    return c < 0 ? -1 : 1;
  }
  return al < bl ? -1 : al > bl ? 1 : 0;
}

static bool dyn_is_null(const tw_dyn *d) {
  return d == NULL || d->kind == TRAWL_DYN_NULL;
}

bool tw_value_sort_null(const tw_value *v) {
  if (v->type == TW_T_STRING) {
    return false;
  }
  if (v->null) {
    return true;
  }
  if ((v->type == TW_T_REAL || v->type == TW_T_DECIMAL) && isnan(v->u.r)) {
    return true;
  }
  if (v->type == TW_T_DYNAMIC) {
    return dyn_is_null(v->u.d);
  }
  return false;
}

/* ----------------------------------------------------------- dynamic */

static int dyn_rank(uint8_t k) {
  switch (k) {
  case TRAWL_DYN_NULL:
    return 0;
  case TRAWL_DYN_BOOL:
    return 1;
  case TRAWL_DYN_LONG:
  case TRAWL_DYN_REAL:
    return 2;
  case TRAWL_DYN_DATETIME:
    return 3;
  case TRAWL_DYN_TIMESPAN:
    return 4;
  case TRAWL_DYN_STRING:
    return 5;
  case TRAWL_DYN_GUID:
    return 6;
  case TRAWL_DYN_ARRAY:
    return 7;
  default:
    return 8;
  }
}

static int dyn_cmp_depth(const tw_dyn *a, const tw_dyn *b, int depth) {
  if (dyn_is_null(a) || dyn_is_null(b)) {
    return dyn_is_null(a) && dyn_is_null(b) ? 0 : dyn_is_null(a) ? -1 : 1;
  }
  int ra = dyn_rank(a->kind), rb = dyn_rank(b->kind);
  if (ra != rb) {
    return ra < rb ? -1 : 1;
  }
  if (depth > 600) {
    return 0;
  }
  switch (a->kind) {
  case TRAWL_DYN_BOOL:
  case TRAWL_DYN_DATETIME:
  case TRAWL_DYN_TIMESPAN:
    return cmp_i64(a->u.i, b->u.i);
  case TRAWL_DYN_LONG:
  case TRAWL_DYN_REAL:
    if (a->kind == TRAWL_DYN_LONG && b->kind == TRAWL_DYN_LONG) {
      return cmp_i64(a->u.i, b->u.i);
    }
    return cmp_dbl(a->kind == TRAWL_DYN_LONG ? (double)a->u.i : a->u.r,
                   b->kind == TRAWL_DYN_LONG ? (double)b->u.i : b->u.r);
  case TRAWL_DYN_STRING:
  case TRAWL_DYN_GUID:
    return cmp_bytes(a->u.s, a->n, b->u.s, b->n);
  case TRAWL_DYN_ARRAY:
  case TRAWL_DYN_OBJECT: {
    size_t na = a->kind == TRAWL_DYN_ARRAY ? a->n : 2 * (size_t)a->n;
    size_t nb = b->kind == TRAWL_DYN_ARRAY ? b->n : 2 * (size_t)b->n;
    size_t n = na < nb ? na : nb;
    for (size_t i = 0; i < n; i++) {
      int c = dyn_cmp_depth(&a->u.items[i], &b->u.items[i], depth + 1);
      if (c != 0) {
        return c;
      }
    }
    return na < nb ? -1 : na > nb ? 1 : 0;
  }
  default:
    return 0;
  }
}

int tw_dyn_cmp(const tw_dyn *a, const tw_dyn *b) {
  return dyn_cmp_depth(a, b, 0);
}

static bool dyn_eq_depth(const tw_dyn *a, const tw_dyn *b, int depth) {
  if (dyn_is_null(a) || dyn_is_null(b)) {
    return dyn_is_null(a) && dyn_is_null(b);
  }
  if (depth > 600) {
    return false;
  }
  if (a->kind != b->kind) {
    if ((a->kind == TRAWL_DYN_LONG && b->kind == TRAWL_DYN_REAL) ||
        (a->kind == TRAWL_DYN_REAL && b->kind == TRAWL_DYN_LONG)) {
      double x = a->kind == TRAWL_DYN_LONG ? (double)a->u.i : a->u.r;
      double y = b->kind == TRAWL_DYN_LONG ? (double)b->u.i : b->u.r;
      return x == y;
    }
    return false;
  }
  switch (a->kind) {
  case TRAWL_DYN_BOOL:
  case TRAWL_DYN_LONG:
  case TRAWL_DYN_DATETIME:
  case TRAWL_DYN_TIMESPAN:
    return a->u.i == b->u.i;
  case TRAWL_DYN_REAL:
    return a->u.r == b->u.r || (isnan(a->u.r) && isnan(b->u.r));
  case TRAWL_DYN_STRING:
  case TRAWL_DYN_GUID:
    return a->n == b->n && (a->n == 0 || memcmp(a->u.s, b->u.s, a->n) == 0);
  case TRAWL_DYN_ARRAY:
  case TRAWL_DYN_OBJECT: {
    if (a->n != b->n) {
      return false;
    }
    size_t n = a->kind == TRAWL_DYN_ARRAY ? a->n : 2 * (size_t)a->n;
    for (size_t i = 0; i < n; i++) {
      if (!dyn_eq_depth(&a->u.items[i], &b->u.items[i], depth + 1)) {
        return false;
      }
    }
    return true;
  }
  default:
    return true;
  }
}

bool tw_dyn_eq(const tw_dyn *a, const tw_dyn *b) {
  return dyn_eq_depth(a, b, 0);
}

uint64_t tw_hash_bytes(const void *p, size_t n) {
  const unsigned char *s = p;
  uint64_t h = 0xcbf29ce484222325ULL ^ (n * 0x100000001b3ULL);
  while (n >= 8) {
    uint64_t w;
    memcpy(&w, s, 8);
    h = (h ^ w) * 0x9fb21c651e98df25ULL;
    h ^= h >> 29;
    s += 8;
    n -= 8;
  }
  uint64_t w = 0;
  for (size_t i = 0; i < n; i++) {
    w |= (uint64_t)s[i] << (8 * i);
  }
  h = (h ^ w) * 0x9fb21c651e98df25ULL;
  h ^= h >> 32;
  h *= 0xd6e8feb86659fd93ULL;
  return h ^ (h >> 32);
}

static uint64_t hash_i64(int64_t i) {
  uint64_t h = (uint64_t)i * 0x9e3779b97f4a7c15ULL;
  return h ^ (h >> 31);
}

static uint64_t hash_dbl(double r) {
  if (isnan(r)) {
    return 0x7ff8000000000000ULL;
  }
  if (r == floor(r) && fabs(r) < 9.2e18) {
    return hash_i64((int64_t)r);
  }
  uint64_t bits;
  memcpy(&bits, &r, sizeof bits);
  return hash_i64((int64_t)bits);
}

static uint64_t dyn_hash_depth(const tw_dyn *d, int depth) {
  if (dyn_is_null(d)) {
    return 0x5bd1e995;
  }
  if (depth > 600) {
    return 7;
  }
  switch (d->kind) {
  case TRAWL_DYN_BOOL:
    return hash_i64(d->u.i) ^ 0x11;
  case TRAWL_DYN_LONG:
    return hash_i64(d->u.i);
  case TRAWL_DYN_REAL:
    return hash_dbl(d->u.r);
  case TRAWL_DYN_DATETIME:
  case TRAWL_DYN_TIMESPAN:
    return hash_i64(d->u.i) ^ d->kind;
  case TRAWL_DYN_STRING:
  case TRAWL_DYN_GUID:
    return tw_hash_bytes(d->u.s, d->n);
  case TRAWL_DYN_ARRAY:
  case TRAWL_DYN_OBJECT: {
    uint64_t h = d->kind * 0x1234567ULL + d->n;
    size_t n = d->kind == TRAWL_DYN_ARRAY ? d->n : 2 * (size_t)d->n;
    for (size_t i = 0; i < n; i++) {
      h = tw_hash_mix(h, dyn_hash_depth(&d->u.items[i], depth + 1));
    }
    return h;
  }
  default:
    return 0;
  }
}

uint64_t tw_dyn_hash(const tw_dyn *d) {
  return dyn_hash_depth(d, 0);
}

/* ----------------------------------------------------------- scalars */

int tw_value_cmp(const tw_value *a, const tw_value *b) {
  int ca = type_class(a->type), cb = type_class(b->type);
  if (ca != cb) {
    return ca < cb ? -1 : 1;
  }
  switch (ca) {
  case CL_BOOL:
  case CL_DATETIME:
  case CL_TIMESPAN:
    return cmp_i64(a->u.i, b->u.i);
  case CL_NUM:
    if (is_intlike(a->type) && is_intlike(b->type)) {
      return cmp_i64(a->u.i, b->u.i);
    }
    return cmp_dbl(num_of(a), num_of(b));
  case CL_STRING:
  case CL_GUID:
    return cmp_bytes(a->u.s, a->len, b->u.s, b->len);
  case CL_DYN:
    return tw_dyn_cmp(a->null ? NULL : a->u.d, b->null ? NULL : b->u.d);
  default:
    return 0;
  }
}

int tw_value_sort_cmp(const tw_value *a, const tw_value *b, unsigned flags) {
  bool desc = (flags & 1u) != 0;
  bool an = tw_value_sort_null(a), bn = tw_value_sort_null(b);
  if (an || bn) {
    if (an && bn) {
      return 0;
    }
    bool nulls_first;
    if (flags & 2u) {
      nulls_first = true;
    } else if (flags & 4u) {
      nulls_first = false;
    } else {
      nulls_first = !desc;
    }
    return an ? (nulls_first ? -1 : 1) : (nulls_first ? 1 : -1);
  }
  int c = tw_value_cmp(a, b);
  return desc ? -c : c;
}

bool tw_value_key_eq(const tw_value *a, const tw_value *b) {
  bool an = a->type != TW_T_STRING && (a->null || (a->type == TW_T_DYNAMIC &&
                                                   dyn_is_null(a->u.d)));
  bool bn = b->type != TW_T_STRING && (b->null || (b->type == TW_T_DYNAMIC &&
                                                   dyn_is_null(b->u.d)));
  if (an || bn) {
    return an && bn;
  }
  int ca = type_class(a->type), cb = type_class(b->type);
  if (ca != cb) {
    return false;
  }
  switch (ca) {
  case CL_BOOL:
  case CL_DATETIME:
  case CL_TIMESPAN:
    return a->u.i == b->u.i;
  case CL_NUM:
    if (is_intlike(a->type) && is_intlike(b->type)) {
      return a->u.i == b->u.i;
    } else {
      double x = num_of(a), y = num_of(b);
      return x == y || (isnan(x) && isnan(y));
    }
  case CL_STRING:
  case CL_GUID:
    return a->len == b->len &&
           (a->len == 0 || memcmp(a->u.s, b->u.s, a->len) == 0);
  case CL_DYN:
    return tw_dyn_eq(a->u.d, b->u.d);
  default:
    return true;
  }
}

uint64_t tw_value_hash(const tw_value *v) {
  if (v->type != TW_T_STRING &&
      (v->null || (v->type == TW_T_DYNAMIC && dyn_is_null(v->u.d)))) {
    return 0x5bd1e995;
  }
  switch (type_class(v->type)) {
  case CL_BOOL:
    return hash_i64(v->u.i) ^ 0x11;
  case CL_DATETIME:
  case CL_TIMESPAN:
    return hash_i64(v->u.i) ^ v->type;
  case CL_NUM:
    return is_intlike(v->type) ? hash_i64(v->u.i) : hash_dbl(v->u.r);
  case CL_STRING:
  case CL_GUID:
    return tw_hash_bytes(v->u.s, v->len);
  case CL_DYN:
    return tw_dyn_hash(v->u.d);
  default:
    return 0;
  }
}
