/*
 * base/buf.c - growable byte buffer with a hard cap (see buf.h).
 */
#include "base/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void tw_buf_init(tw_buf *b, size_t cap) {
  b->data = NULL;
  b->len = 0;
  b->alloc = 0;
  b->cap = cap;
}

void tw_buf_free(tw_buf *b) {
  free(b->data);
  b->data = NULL;
  b->len = b->alloc = 0;
}

void tw_buf_clear(tw_buf *b) {
  b->len = 0;
  if (b->data) {
    b->data[0] = '\0';
  }
}

int tw_buf_reserve(tw_buf *b, size_t n) {
  if (b->cap && b->len + n > b->cap) {
    return -1;
  }
  if (b->len + n + 1 <= b->alloc) {
    return 0;
  }
  size_t want = b->alloc ? b->alloc : 256;
  while (want < b->len + n + 1) {
    want *= 2;
  }
  char *p = realloc(b->data, want);
  if (!p) {
    return -1;
  }
  b->data = p;
  b->alloc = want;
  return 0;
}

int tw_buf_add(tw_buf *b, const void *p, size_t n) {
  if (tw_buf_reserve(b, n) != 0) {
    return -1;
  }
  if (n) {
    memcpy(b->data + b->len, p, n);
  }
  b->len += n;
  b->data[b->len] = '\0';
  return 0;
}

int tw_buf_addc(tw_buf *b, char c) { return tw_buf_add(b, &c, 1); }

int tw_buf_adds(tw_buf *b, const char *s) { return tw_buf_add(b, s, strlen(s)); }

int tw_buf_vprintf(tw_buf *b, const char *fmt, va_list ap) {
  va_list copy;
  va_copy(copy, ap);
  int n = vsnprintf(NULL, 0, fmt, copy);
  va_end(copy);
  if (n < 0 || tw_buf_reserve(b, (size_t)n) != 0) {
    return -1;
  }
  vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
  b->len += (size_t)n;
  return 0;
}

int tw_buf_printf(tw_buf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int r = tw_buf_vprintf(b, fmt, ap);
  va_end(ap);
  return r;
}
