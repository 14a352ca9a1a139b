/*
 * functions/valset.h - a hash set of KQL values for `in` lists, has_any
 * term sets, make_set, dcount and the set_* functions.
 *
 * Equality is KQL `==` on non-null values: numbers by value across
 * int/long/real, strings byte-exact (ASCII case-insensitive when the set is
 * `ci`), datetimes and timespans by ticks, dynamic scalars as the scalar
 * they hold, arrays and bags structurally. Nulls are one member.
 * Everything (table and copied values) lives in the arena given at init,
 * so a set inside an aggregate state needs no free.
 */
#ifndef TW_FUNCTIONS_VALSET_H
#define TW_FUNCTIONS_VALSET_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "value/value.h"

typedef struct tw_valset {
  tw_arena *a;
  tw_value *vals;     /* members in insertion order */
  uint64_t *hashes;   /* hash of each member */
  uint32_t *slots;    /* open addressing: index + 1, 0 = empty */
  uint32_t n, vcap, scap;
  bool ci;
} tw_valset;

void tw_valset_init(tw_valset *s, tw_arena *a, bool ci);
/* Add a copy of v (dynamic scalars are stored as scalars). Returns 1 when
 * added, 0 when already present, -1 when the arena is full. */
int tw_valset_add(tw_valset *s, const tw_value *v);
/* Index of v's member, or -1. */
int64_t tw_valset_find(const tw_valset *s, const tw_value *v);

/* The equality and hash the set uses (exported for aggregates). */
bool tw_value_same(const tw_value *a, const tw_value *b, bool ci);
uint64_t tw_value_hash_ci(const tw_value *v, bool ci);

#endif
