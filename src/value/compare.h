/*
 * value/compare.h - ordering, key equality and hashing of KQL values.
 *
 * Used by sort/top (Kusto ordering: numbers by value across int/long/real,
 * strings by ordinal byte order, nulls and NaN as the smallest value with
 * the direction's default placement, kql-semantics 3.14), and by summarize,
 * distinct and join for grouping keys (structural equality; two nulls are
 * one group; hashing consistent with that equality).
 */
#ifndef TW_VALUE_COMPARE_H
#define TW_VALUE_COMPARE_H

#include <stdbool.h>
#include <stdint.h>

#include "value/value.h"

/* True if the value sorts as null: a null, a real NaN or dynamic null. */
bool tw_value_sort_null(const tw_value *v);

/* Total order of two values that are not sort-null: <0, 0, >0. Values of
 * different type classes order by class. */
int tw_value_cmp(const tw_value *a, const tw_value *b);

/* Compare for sorting with TW_SORT_* flags (desc, nulls first/last; no
 * nulls flag = the direction's default: asc nulls first, desc nulls last). */
int tw_value_sort_cmp(const tw_value *a, const tw_value *b, unsigned flags);

/* Order of dynamic nodes (for sort over dynamic and arrays). */
int tw_dyn_cmp(const tw_dyn *a, const tw_dyn *b);

/* Key equality: nulls equal each other; numbers compare by value; strings
 * byte-exact; dynamic structurally. */
bool tw_value_key_eq(const tw_value *a, const tw_value *b);
bool tw_dyn_eq(const tw_dyn *a, const tw_dyn *b);

/* Hash consistent with tw_value_key_eq. */
uint64_t tw_value_hash(const tw_value *v);
uint64_t tw_dyn_hash(const tw_dyn *d);
uint64_t tw_hash_bytes(const void *p, size_t n);
static inline uint64_t tw_hash_mix(uint64_t h, uint64_t v) {
  h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
  h *= 0xff51afd7ed558ccdULL;
  return h ^ (h >> 33);
}

#endif
