/*
 * exec/groups.h - hash table of groups keyed by value tuples (summarize,
 * distinct, join). Each group is a caller-made block whose first nk
 * values are the key; the table keeps blocks in insertion order.
 */
#ifndef TW_EXEC_GROUPS_H
#define TW_EXEC_GROUPS_H

#include <stddef.h>
#include <stdint.h>

#include "value/value.h"

typedef struct grp_table {
  uint8_t **blk;      /* per group: keys (tw_value[nk]) then caller data */
  uint64_t *hash;
  size_t n, cap;
  uint32_t *slots;    /* open addressing: group index + 1, 0 = empty */
  size_t nslots;
} grp_table;

void tw_grp_free(grp_table *g);
uint64_t tw_grp_key_hash(const tw_value *const *keys, uint32_t nk);
/* Index of the group with these keys, or -1. */
long tw_grp_find(const grp_table *g, uint64_t h, const tw_value *const *keys,
                 uint32_t nk, size_t *slot);
/* Append a group block; its index, or -1 on OOM. */
long tw_grp_add(grp_table *g, uint64_t h, uint8_t *blk);

#endif
