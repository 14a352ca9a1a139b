/*
 * base/arena.c - bump allocator (see arena.h).
 *
 * Blocks are chained newest first. A request larger than the default block
 * size gets a block of its own, so big strings do not waste a block.
 */
#include "base/arena.h"

#include <stdlib.h>
#include <string.h>

struct tw_arena_block {
  tw_arena_block *next;
  size_t size;  /* usable bytes after the header */
  size_t pos;   /* bytes used */
  max_align_t data[];
};

enum { ARENA_DEFAULT_BLOCK = 64 * 1024 };

void tw_arena_init(tw_arena *a, size_t cap) {
  a->head = NULL;
  a->used = 0;
  a->cap = cap;
  a->block_size = ARENA_DEFAULT_BLOCK;
}

static tw_arena_block *new_block(tw_arena *a, size_t need) {
  size_t size = need > a->block_size ? need : a->block_size;
  tw_arena_block *b = malloc(sizeof *b + size);
  if (!b) {
    return NULL;
  }
  b->size = size;
  b->pos = 0;
  b->next = a->head;
  a->head = b;
  return b;
}

void *tw_arena_alloc(tw_arena *a, size_t n) {
  n = (n + 7) & ~(size_t)7;
  if (n == 0) {
    n = 8;
  }
  if (a->cap && a->used + n > a->cap) {
    return NULL;
  }
  tw_arena_block *b = a->head;
  if (!b || b->size - b->pos < n) {
    if (n > a->block_size / 4 && b && b->size - b->pos >= a->block_size / 8) {
      /* A big request: give it its own block behind the current one, so
       * the room left in the current block is not thrown away. */
      tw_arena_block *big = malloc(sizeof *big + n);
      if (!big) {
        return NULL;
      }
      big->size = n;
      big->pos = n;
      big->next = b->next;
      b->next = big;
      a->used += n;
      return big->data;
    }
    b = new_block(a, n);
    if (!b) {
      return NULL;
    }
  }
  void *p = (char *)b->data + b->pos;
  b->pos += n;
  a->used += n;
  return p;
}

void *tw_arena_zalloc(tw_arena *a, size_t n) {
  void *p = tw_arena_alloc(a, n);
  if (p) {
    memset(p, 0, n);
  }
  return p;
}

char *tw_arena_strndup(tw_arena *a, const char *s, size_t n) {
  char *p = tw_arena_alloc(a, n + 1);
  if (p) {
    if (n) {
      memcpy(p, s, n);
    }
    p[n] = '\0';
  }
  return p;
}

void *tw_arena_memdup(tw_arena *a, const void *p, size_t n) {
  void *q = tw_arena_alloc(a, n);
  if (q && n) {
    memcpy(q, p, n);
  }
  return q;
}

void tw_arena_reset(tw_arena *a) {
  tw_arena_block *keep = NULL;
  tw_arena_block *b = a->head;
  while (b) {
    tw_arena_block *next = b->next;
    if (!keep && b->size == a->block_size) {
      keep = b;
      keep->pos = 0;
      keep->next = NULL;
    } else {
      free(b);
    }
    b = next;
  }
  a->head = keep;
  a->used = 0;
}

void tw_arena_free(tw_arena *a) {
  tw_arena_block *b = a->head;
  while (b) {
    tw_arena_block *next = b->next;
    free(b);
    b = next;
  }
  a->head = NULL;
  a->used = 0;
}
