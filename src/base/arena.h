/*
 * base/arena.h - bump allocator whose lifetime follows a unit of work.
 *
 * An arena hands out memory from large blocks and frees it all at once
 * (tw_arena_reset / tw_arena_free). Strings and dynamic values that belong
 * to a batch, a query or an operator's state live in that unit's arena, so
 * the hot path never calls malloc per value. An optional cap bounds the
 * arena's total size; past it allocation fails (returns NULL) instead of
 * growing without limit.
 */
#ifndef TW_BASE_ARENA_H
#define TW_BASE_ARENA_H

#include <stddef.h>
#include <stdint.h>

typedef struct tw_arena_block tw_arena_block;

typedef struct tw_arena {
  tw_arena_block *head;  /* owned: newest block first */
  size_t used;           /* bytes handed out since the last reset */
  size_t cap;            /* 0 = no cap */
  size_t block_size;     /* default size of a new block */
} tw_arena;

/* Initialise an empty arena; `cap` 0 means unlimited. */
void tw_arena_init(tw_arena *a, size_t cap);
/* Memory aligned to 8 bytes, or NULL when out of memory or over the cap. */
void *tw_arena_alloc(tw_arena *a, size_t n);
/* Zeroed memory, as tw_arena_alloc. */
void *tw_arena_zalloc(tw_arena *a, size_t n);
/* Copy `n` bytes into the arena and NUL-terminate the copy. */
char *tw_arena_strndup(tw_arena *a, const char *s, size_t n);
/* Copy `n` bytes (no terminator added). */
void *tw_arena_memdup(tw_arena *a, const void *p, size_t n);
/* Forget everything allocated; keeps one block for reuse. */
void tw_arena_reset(tw_arena *a);
/* Release all memory. The arena may be initialised again. */
void tw_arena_free(tw_arena *a);

#endif
