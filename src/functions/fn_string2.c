/*
 * functions/fn_string2.c - encoding kernels: url_decode, url_encode,
 * base64_decode_tostring, base64_encode_tostring, isascii, isutf8, tohex.
 */
#include <stdio.h>
#include <string.h>

#include "base/limits.h"
#include "functions/kernels.h"

static int hexv(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if ((c | 32) >= 'a' && (c | 32) <= 'f') {
    return (c | 32) - 'a' + 10;
  }
  return -1;
}

TW_KERNEL(url_decode) {
  const char *s;
  size_t n;
  int rc = tw_k_str(ctx, call, &args[0], &s, &n);
  (void)nargs;
  if (rc) {
    return rc;
  }
  if (!memchr(s, '%', n)) {
    *out = tw_str(s, n);
    return 0;
  }
  char *o = tw_arena_alloc(ctx->arena, n + 1);
  if (!o) {
    return tw_k_oom(ctx, call);
  }
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    if (s[i] == '%' && i + 2 < n && hexv(s[i + 1]) >= 0 &&
        hexv(s[i + 2]) >= 0) {
      o[k++] = (char)(hexv(s[i + 1]) * 16 + hexv(s[i + 2]));
      i += 2;
    } else {
      o[k++] = s[i];
    }
  }
  o[k] = '\0';
  *out = tw_str(o, k);
  return 0;
}

TW_KERNEL(url_encode) {
  static const char hex[] = "0123456789abcdef";
  const char *s;
  size_t n;
  int rc = tw_k_str(ctx, call, &args[0], &s, &n);
  (void)nargs;
  if (rc) {
    return rc;
  }
  if (n > TW_MAX_VALUE_BYTES / 3) {
    return tw_k_too_big(ctx, call);
  }
  char *o = tw_arena_alloc(ctx->arena, 3 * n + 1);
  if (!o) {
    return tw_k_oom(ctx, call);
  }
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
        (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' ||
        c == '!' || c == '*' || c == '(' || c == ')') {
      o[k++] = (char)c;
    } else if (c == ' ') {
      o[k++] = '+';
    } else {
      o[k++] = '%';
      o[k++] = hex[c >> 4];
      o[k++] = hex[c & 15];
    }
  }
  o[k] = '\0';
  *out = tw_str(o, k);
  return 0;
}

static int b64v(unsigned char c) {
  if (c >= 'A' && c <= 'Z') {
    return c - 'A';
  }
  if (c >= 'a' && c <= 'z') {
    return c - 'a' + 26;
  }
  if (c >= '0' && c <= '9') {
    return c - '0' + 52;
  }
  if (c == '+' || c == '-') {
    return 62;
  }
  if (c == '/' || c == '_') {
    return 63;
  }
  return -1;
}

static int valid_utf8(const unsigned char *s, size_t n) {
  for (size_t i = 0; i < n;) {
    unsigned char c = s[i];
    size_t len;
    uint32_t cp;
    if (c < 0x80) {
      i++;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else {
      return 0;
    }
    if (i + len > n) {
      return 0;
    }
    for (size_t k = 1; k < len; k++) {
      if ((s[i + k] & 0xC0) != 0x80) {
        return 0;
      }
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) ||
        (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
      return 0;
    }
    i += len;
  }
  return 1;
}

TW_KERNEL(base64_decode_tostring) {
  const char *s;
  size_t n;
  int rc = tw_k_str(ctx, call, &args[0], &s, &n);
  (void)nargs;
  if (rc) {
    return rc;
  }
  char *o = tw_arena_alloc(ctx->arena, n + 1);
  if (!o) {
    return tw_k_oom(ctx, call);
  }
  size_t k = 0;
  uint32_t acc = 0;
  int bits = 0, pad = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '=') {
      pad++;
      continue;
    }
    int v = b64v(c);
    if (v < 0 || pad) {
      *out = tw_str("", 0);
      return 0;
    }
    acc = (acc << 6) | (uint32_t)v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      o[k++] = (char)((acc >> bits) & 0xFF);
    }
  }
  if (!valid_utf8((const unsigned char *)o, k)) {
    *out = tw_str("", 0);
    return 0;
  }
  o[k] = '\0';
  *out = tw_str(o, k);
  return 0;
}

TW_KERNEL(base64_encode_tostring) {
  static const char tbl[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const char *s;
  size_t n;
  int rc = tw_k_str(ctx, call, &args[0], &s, &n);
  (void)nargs;
  if (rc) {
    return rc;
  }
  if (n > TW_MAX_VALUE_BYTES / 4 * 3) {
    return tw_k_too_big(ctx, call);
  }
  size_t on = (n + 2) / 3 * 4;
  char *o = tw_arena_alloc(ctx->arena, on + 1);
  if (!o) {
    return tw_k_oom(ctx, call);
  }
  size_t k = 0;
  const unsigned char *u = (const unsigned char *)s;
  for (size_t i = 0; i < n; i += 3) {
    uint32_t v = (uint32_t)u[i] << 16;
    if (i + 1 < n) {
      v |= (uint32_t)u[i + 1] << 8;
    }
    if (i + 2 < n) {
      v |= u[i + 2];
    }
    o[k++] = tbl[(v >> 18) & 63];
    o[k++] = tbl[(v >> 12) & 63];
    o[k++] = i + 1 < n ? tbl[(v >> 6) & 63] : '=';
    o[k++] = i + 2 < n ? tbl[v & 63] : '=';
  }
  o[k] = '\0';
  *out = tw_str(o, k);
  return 0;
}

TW_KERNEL(isascii) {
  const char *s;
  size_t n;
  int rc = tw_k_str(ctx, call, &args[0], &s, &n);
  (void)nargs;
  if (rc) {
    return rc;
  }
  int ok = 1;
  for (size_t i = 0; i < n && ok; i++) {
    ok = (unsigned char)s[i] < 0x80;
  }
  *out = tw_bool(ok);
  return 0;
}

TW_KERNEL(isutf8) {
  const char *s;
  size_t n;
  int rc = tw_k_str(ctx, call, &args[0], &s, &n);
  (void)nargs;
  if (rc) {
    return rc;
  }
  *out = tw_bool(valid_utf8((const unsigned char *)s, n));
  return 0;
}

TW_KERNEL(tohex) {
  int64_t v, minlen = 0;
  if (!tw_k_int(&args[0], &v) || (nargs > 1 && !tw_k_int(&args[1], &minlen))) {
    *out = tw_str("", 0);
    return 0;
  }
  char tmp[40];
  int n = snprintf(tmp, sizeof tmp, "%llx", (unsigned long long)v);
  if (minlen > 32) {
    minlen = 32;
  }
  char buf[72];
  int pad = minlen > n ? (int)minlen - n : 0;
  memset(buf, '0', (size_t)pad);
  memcpy(buf + pad, tmp, (size_t)n);
  return tw_k_string_result(ctx, call, buf, (size_t)(pad + n), out);
}
