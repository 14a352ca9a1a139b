/*
 * base/utf8.h - encode one code point as UTF-8.
 *
 * Shared by every decoder of escapes (KQL string literals, JSON strings in
 * the reader and in dynamic values). Surrogates and values past U+10FFFF,
 * which have no UTF-8 form, become U+FFFD, so output is always valid UTF-8.
 */
#ifndef TW_BASE_UTF8_H
#define TW_BASE_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Write cp to o (room for 4 bytes); returns the bytes written (1..4). */
static inline size_t tw_utf8_put(char *o, uint32_t cp) {
  if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
    cp = 0xFFFD;
  }
  if (cp < 0x80) {
    o[0] = (char)cp;
    return 1;
  }
  if (cp < 0x800) {
    o[0] = (char)(0xC0 | (cp >> 6));
    o[1] = (char)(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    o[0] = (char)(0xE0 | (cp >> 12));
    o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    o[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
  }
  o[0] = (char)(0xF0 | (cp >> 18));
  o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
  o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
  o[3] = (char)(0x80 | (cp & 0x3F));
  return 4;
}

#endif
