/*
 * exec/groups.c - the hash table of groups behind summarize, distinct and
 * join: groups in first-seen order, keyed by value tuples (value/compare.h
 * key equality and hashing), open addressing over group indexes.
 */
#include <stdlib.h>
#include <string.h>

#include "exec/groups.h"
#include "value/compare.h"



void tw_grp_free(grp_table *g) {
  free(g->blk);
  free(g->hash);
  free(g->slots);
  memset(g, 0, sizeof *g);
}

static int grp_grow_slots(grp_table *g) {
  size_t ns = g->nslots ? g->nslots * 2 : 64;
  uint32_t *s = calloc(ns, sizeof *s);
  if (!s) {
    return -1;
  }
  for (size_t i = 0; i < g->n; i++) {
    size_t at = g->hash[i] & (ns - 1);
    while (s[at]) {
      at = (at + 1) & (ns - 1);
    }
    s[at] = (uint32_t)(i + 1);
  }
  free(g->slots);
  g->slots = s;
  g->nslots = ns;
  return 0;
}

uint64_t tw_grp_key_hash(const tw_value *const *keys, uint32_t nk) {
  uint64_t h = 0x12345;
  for (uint32_t k = 0; k < nk; k++) {
    h = tw_hash_mix(h, tw_value_hash(keys[k]));
  }
  return h;
}

/* Find the group of keys; -1 if absent (then *slot is where it goes). */
long tw_grp_find(const grp_table *g, uint64_t h, const tw_value *const *keys,
                     uint32_t nk, size_t *slot) {
  if (!g->nslots) {
    *slot = 0;
    return -1;
  }
  size_t at = h & (g->nslots - 1);
  while (g->slots[at]) {
    size_t gi = g->slots[at] - 1;
    if (g->hash[gi] == h) {
      const tw_value *gk = (const tw_value *)g->blk[gi];
      uint32_t k = 0;
      while (k < nk && tw_value_key_eq(&gk[k], keys[k])) {
        k++;
      }
      if (k == nk) {
        return (long)gi;
      }
    }
    at = (at + 1) & (g->nslots - 1);
  }
  *slot = at;
  return -1;
}

/* Add a group (block already made); returns its index or -1. */
long tw_grp_add(grp_table *g, uint64_t h, uint8_t *blk) {
  if ((g->n + 1) * 2 > g->nslots) {
    if (grp_grow_slots(g) != 0) {
      return -1;
    }
  }
  if (g->n == g->cap) {
    size_t cap = g->cap ? g->cap * 2 : 64;
    uint8_t **b = realloc(g->blk, cap * sizeof *b);
    if (!b) {
      return -1;
    }
    g->blk = b;
    uint64_t *hs = realloc(g->hash, cap * sizeof *hs);
    if (!hs) {
      return -1;
    }
    g->hash = hs;
    g->cap = cap;
  }
  size_t at = h & (g->nslots - 1);
  while (g->slots[at]) {
    at = (at + 1) & (g->nslots - 1);
  }
  g->slots[at] = (uint32_t)(g->n + 1);
  g->blk[g->n] = blk;
  g->hash[g->n] = h;
  return (long)g->n++;
}

