/*
 * base/buf.h - growable byte buffer with a hard cap.
 *
 * Used for output lines, unescaped strings and anything built piecewise.
 * Appends fail (return -1) once the buffer would pass its cap, so
 * attacker-controlled input cannot grow it without bound.
 */
#ifndef TW_BASE_BUF_H
#define TW_BASE_BUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct tw_buf {
  char *data;   /* owned; NUL-terminated whenever len < alloc */
  size_t len;
  size_t alloc;
  size_t cap;   /* 0 = no cap */
} tw_buf;

void tw_buf_init(tw_buf *b, size_t cap);
void tw_buf_free(tw_buf *b);
void tw_buf_clear(tw_buf *b);
/* Make room for `n` more bytes. 0 on success, -1 on OOM or cap. */
int tw_buf_reserve(tw_buf *b, size_t n);
int tw_buf_add(tw_buf *b, const void *p, size_t n);
int tw_buf_addc(tw_buf *b, char c);
int tw_buf_adds(tw_buf *b, const char *s);
int tw_buf_printf(tw_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
int tw_buf_vprintf(tw_buf *b, const char *fmt, va_list ap);

#endif
