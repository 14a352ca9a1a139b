/*
 * ingest/jsonscan.c - a lazy JSON scanner over borrowed bytes.
 *
 * Nothing is parsed until asked for: records are walked member by member
 * and values are skipped without building anything. The skip is iterative
 * (an explicit bit stack, no recursion) and bounded in depth, and every
 * read is bounded by `end`, so any byte sequence is safe to scan.
 * Strings are decoded (escapes, invalid UTF-8 -> U+FFFD) only on request.
 */
#include "base/utf8.h"
#include "ingest/jsonscan.h"

#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "base/limits.h"

#define JS_STACK_BITS 4096

/* Bytes of x that are '"', '\\' or a control character (< 0x20) get
 * their high bit set in the result (SWAR; no false negatives; a set bit
 * may also follow a real hit, so only the lowest one is trusted). */
static inline uint64_t special_bytes(uint64_t x) {
  const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
  uint64_t q = x ^ (ones * '"');
  uint64_t b = x ^ (ones * '\\');
  uint64_t hq = (q - ones) & ~q;
  uint64_t hb = (b - ones) & ~b;
  uint64_t hc = (x - ones * 0x20) & ~x;
  return (hq | hb | hc) & high;
}

/* p is just after an opening quote; returns the byte after the closing
 * quote, or NULL: *bad = NULL if the input ends first, else where a raw
 * control character (not allowed in JSON strings) was found. */
static inline __attribute__((always_inline)) const char *
scan_string_ex(const char *p, const char *end,
                                  const char **bad) {
  *bad = NULL;
  for (;;) {
#ifdef __SSE2__
    /* 16 bytes at a time: find '"', '\\' or a byte <= 0x1f. */
    const __m128i vq = _mm_set1_epi8('"'), vb = _mm_set1_epi8('\\');
    const __m128i v1f = _mm_set1_epi8(0x1f);
    while (end - p >= 16) {
      __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
      __m128i hit = _mm_or_si128(
          _mm_or_si128(_mm_cmpeq_epi8(v, vq), _mm_cmpeq_epi8(v, vb)),
          _mm_cmpeq_epi8(_mm_min_epu8(v, v1f), v));
      unsigned m = (unsigned)_mm_movemask_epi8(hit);
      if (m) {
        p += __builtin_ctz(m);
        goto check;
      }
      p += 16;
    }
#endif
    while (end - p >= 8) {
      uint64_t w;
      memcpy(&w, p, 8);
      uint64_t m = special_bytes(w);
      if (m) {
        p += __builtin_ctzll(m) >> 3;
        goto check;
      }
      p += 8;
    }
    while (p < end) {
      unsigned char c = (unsigned char)*p;
      if (c == '"' || c == '\\' || c < 0x20) {
        break;
      }
      p++;
    }
    if (p >= end) {
      return NULL;
    }
  check:;
    unsigned char c = (unsigned char)*p;
    if (c == '"') {
      return p + 1;
    }
    if (c == '\\') {
      if (end - p < 2) {
        return NULL;
      }
      p += 2; /* the escaped byte is checked when decoding */
      continue;
    }
    *bad = p;
    return NULL;
  }
}

static inline __attribute__((always_inline)) const char *
scan_string(const char *p, const char *end) {
  const char *bad;
  return scan_string_ex(p, end, &bad);
}

static int is_num_char(char c) {
  return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' ||
         c == 'e' || c == 'E';
}

const char *tw_json_skip_ex(const char *p, const char *end, int max_depth,
                            int *why, const char **errp) {
  uint64_t stack[JS_STACK_BITS / 64];
  int depth = 0;
  int w = TW_JS_OK;
  if (max_depth > JS_STACK_BITS) {
    max_depth = JS_STACK_BITS;
  }
  if (max_depth < 0) {
    max_depth = 0;
  }
value:
  p = tw_json_ws(p, end);
  if (p >= end) {
    goto trunc;
  }
  switch (*p) {
  case '"': {
    const char *badp;
    const char *q = scan_string_ex(p + 1, end, &badp);
    if (!q) {
      if (badp) {
        p = badp;
        goto bad;
      }
      goto trunc;
    }
    p = q;
    goto after;
  }
  case '{':
  case '[': {
    int obj = *p == '{';
    if (depth >= max_depth) {
      w = TW_JS_DEEP;
      goto fail;
    }
    if (obj) {
      stack[depth >> 6] |= (uint64_t)1 << (depth & 63);
    } else {
      stack[depth >> 6] &= ~((uint64_t)1 << (depth & 63));
    }
    depth++;
    p = tw_json_ws(p + 1, end);
    if (p >= end) {
      goto trunc;
    }
    if (*p == (obj ? '}' : ']')) {
      p++;
      depth--;
      goto after;
    }
    if (obj) {
      goto key;
    }
    goto value;
  }
  case 't':
  case 'f':
  case 'n': {
    const char *lit = *p == 't' ? "true" : *p == 'f' ? "false" : "null";
    size_t n = strlen(lit);
    size_t have = (size_t)(end - p);
    if (memcmp(p, lit, have < n ? have : n) != 0) {
      goto bad;
    }
    if (have < n) {
      goto trunc;
    }
    p += n;
    goto after;
  }
  default:
    if (*p == '-' || (*p >= '0' && *p <= '9')) {
      const char *s = p;
      while (p < end && is_num_char(*p)) {
        p++;
      }
      if (p == s + 1 && *s == '-') {
        if (p >= end) {
          goto trunc;
        }
        goto bad;
      }
      goto after;
    }
    goto bad;
  }
key:
  if (*p != '"') {
    goto bad;
  }
  {
    const char *badp;
    const char *q = scan_string_ex(p + 1, end, &badp);
    if (!q) {
      if (badp) {
        p = badp;
        goto bad;
      }
      goto trunc;
    }
    p = q;
  }
  p = tw_json_ws(p, end);
  if (p >= end) {
    goto trunc;
  }
  if (*p != ':') {
    goto bad;
  }
  p++;
  goto value;
after:
  if (depth == 0) {
    return p;
  }
  p = tw_json_ws(p, end);
  if (p >= end) {
    goto trunc;
  }
  {
    int obj = (int)((stack[(depth - 1) >> 6] >> ((depth - 1) & 63)) & 1);
    if (*p == ',') {
      p = tw_json_ws(p + 1, end);
      if (p >= end) {
        goto trunc;
      }
      if (obj) {
        goto key;
      }
      goto value;
    }
    if (*p == (obj ? '}' : ']')) {
      p++;
      depth--;
      goto after;
    }
  }
bad:
  w = TW_JS_BAD;
  goto fail;
trunc:
  w = TW_JS_TRUNC;
  p = end;
fail:
  if (why) {
    *why = w;
  }
  if (errp) {
    *errp = p;
  }
  return NULL;
}

const char *tw_json_skip(const char *p, const char *end, int max_depth) {
  return tw_json_skip_ex(p, end, max_depth, NULL, NULL);
}

/* A fast structural skip for values inside records the framer has
 * already validated: strings are skipped whole, brackets are counted, the
 * grammar between them is not checked. Still bounded by `end` and by
 * depth, so any bytes are safe; NULL when the value does not end. */
static inline uint64_t bracket_bytes(uint64_t x) {
  const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
  uint64_t y = x | (ones * 0x20); /* '[' -> '{', ']' -> '}' */
  uint64_t q = x ^ (ones * '"');
  uint64_t o = y ^ (ones * '{');
  uint64_t c = y ^ (ones * '}');
  return (((q - ones) & ~q) | ((o - ones) & ~o) | ((c - ones) & ~c)) & high;
}

static const char *skip_struct(const char *p, const char *end,
                               long max_depth);

static const char *skip_fast(const char *p, const char *end) {
  return skip_struct(p, end, TW_MAX_JSON_DEPTH);
}

const char *tw_json_skip_struct(const char *p, const char *end) {
  return skip_struct(tw_json_ws(p, end), end, -1);
}

/* max_depth < 0: no limit (the count is not a stack: any depth is safe). */
static const char *skip_struct(const char *p, const char *end,
                               long max_depth) {
  if (p >= end) {
    return NULL;
  }
  char c0 = *p;
  if (c0 == '"') {
    return scan_string(p + 1, end);
  }
  if (c0 != '{' && c0 != '[') {
    const char *s = p;
    while (p < end && *p != ',' && *p != '}' && *p != ']' && *p != ' ' &&
           *p != '\n' && *p != '\r' && *p != '\t') {
      p++;
    }
    return p > s ? p : NULL;
  }
  long depth = 0;
  for (;;) {
#ifdef __SSE2__
    const __m128i vq = _mm_set1_epi8('"'), v20 = _mm_set1_epi8(0x20);
    const __m128i vo = _mm_set1_epi8('{'), vc = _mm_set1_epi8('}');
    while (end - p >= 16) {
      __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
      __m128i y = _mm_or_si128(v, v20);
      __m128i hit = _mm_or_si128(
          _mm_cmpeq_epi8(v, vq),
          _mm_or_si128(_mm_cmpeq_epi8(y, vo), _mm_cmpeq_epi8(y, vc)));
      unsigned m = (unsigned)_mm_movemask_epi8(hit);
      if (m) {
        p += __builtin_ctz(m);
        goto found;
      }
      p += 16;
    }
#endif
    while (end - p >= 8) {
      uint64_t w;
      memcpy(&w, p, 8);
      uint64_t m = bracket_bytes(w);
      if (m) {
        p += __builtin_ctzll(m) >> 3;
        break;
      }
      p += 8;
    }
    while (p < end && *p != '"' && (*p | 0x20) != '{' && (*p | 0x20) != '}') {
      p++;
    }
#ifdef __SSE2__
  found:
#endif
    if (p >= end) {
      return NULL;
    }
    char c = *p;
    if (c == '"') {
      p = scan_string(p + 1, end);
      if (!p) {
        return NULL;
      }
      continue;
    }
    if (c == '{' || c == '[') {
      if (++depth > max_depth && max_depth >= 0) {
        return NULL;
      }
    } else {
      depth--;
    }
    p++;
    if (depth == 0) {
      return p;
    }
  }
}

/* ------------------------------------------------------------ iterators */

int tw_json_obj_begin(tw_json_iter *it, const char *p, const char *end) {
  p = tw_json_ws(p, end);
  it->end = end;
  it->err = 0;
  if (p >= end || *p != '{') {
    it->p = end;
    it->err = 1;
    return -1;
  }
  it->p = p + 1; /* p[-1] == '{' marks "before the first member" */
  return 0;
}

int tw_json_obj_next(tw_json_iter *it, tw_json_span *key, tw_json_span *val) {
  const char *p = it->p, *end = it->end;
  if (it->err) {
    return -1;
  }
  int first = p[-1] == '{';
  p = tw_json_ws(p, end);
  if (p >= end) {
    goto bad;
  }
  if (*p == '}') {
    it->p = p + 1;
    it->err = 0;
    /* make a further call fail cleanly instead of re-reading */
    return 0;
  }
  if (!first) {
    if (*p != ',') {
      goto bad;
    }
    p = tw_json_ws(p + 1, end);
    if (p >= end) {
      goto bad;
    }
  }
  if (*p != '"') {
    goto bad;
  }
  {
    const char *k = p + 1;
    const char *q = scan_string(k, end);
    if (!q) {
      goto bad;
    }
    key->p = k;
    key->len = (size_t)(q - 1 - k);
    p = tw_json_ws(q, end);
    if (p >= end || *p != ':') {
      goto bad;
    }
    p = tw_json_ws(p + 1, end);
    q = skip_fast(p, end);
    if (!q) {
      goto bad;
    }
    val->p = p;
    val->len = (size_t)(q - p);
    it->p = q;
    return 1;
  }
bad:
  it->err = 1;
  return -1;
}

int tw_json_arr_begin(tw_json_iter *it, const char *p, const char *end) {
  p = tw_json_ws(p, end);
  it->end = end;
  it->err = 0;
  if (p >= end || *p != '[') {
    it->p = end;
    it->err = 1;
    return -1;
  }
  it->p = p + 1;
  return 0;
}

int tw_json_arr_next(tw_json_iter *it, tw_json_span *val) {
  const char *p = it->p, *end = it->end;
  if (it->err) {
    return -1;
  }
  int first = p[-1] == '[';
  p = tw_json_ws(p, end);
  if (p >= end) {
    goto bad;
  }
  if (*p == ']') {
    it->p = p + 1;
    return 0;
  }
  if (!first) {
    if (*p != ',') {
      goto bad;
    }
    p = tw_json_ws(p + 1, end);
  }
  {
    const char *q = skip_fast(p, end);
    if (!q) {
      goto bad;
    }
    val->p = p;
    val->len = (size_t)(q - p);
    it->p = q;
    return 1;
  }
bad:
  it->err = 1;
  return -1;
}

int tw_json_get(const tw_json_span *obj, const char *key, tw_json_span *val) {
  tw_json_iter it;
  tw_json_span k, v;
  size_t kl = strlen(key);
  int r;
  if (tw_json_obj_begin(&it, obj->p, obj->p + obj->len) < 0) {
    return -1;
  }
  while ((r = tw_json_obj_next(&it, &k, &v)) == 1) {
    if (k.len == kl && memcmp(k.p, key, kl) == 0) {
      *val = v;
      return 1;
    }
  }
  return r;
}

char tw_json_kind(const tw_json_span *v) {
  if (!v->p || v->len == 0) {
    return 0;
  }
  char c = v->p[0];
  if (c == '-' || (c >= '0' && c <= '9')) {
    return '0';
  }
  return c;
}

/* ------------------------------------------------------------ strings */

size_t tw_utf8_seq(const unsigned char *p, const unsigned char *end) {
  unsigned c = p[0];
  size_t have = (size_t)(end - p);
  if (c < 0x80) {
    return 1;
  }
  if (c < 0xC2) {
    return 0;
  }
  if (c < 0xE0) {
    return have >= 2 && (p[1] & 0xC0) == 0x80 ? 2 : 0;
  }
  if (c < 0xF0) {
    if (have < 3 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80) {
      return 0;
    }
    if (c == 0xE0 && p[1] < 0xA0) {
      return 0;
    }
    if (c == 0xED && p[1] > 0x9F) {
      return 0;
    }
    return 3;
  }
  if (c < 0xF5) {
    if (have < 4 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 ||
        (p[3] & 0xC0) != 0x80) {
      return 0;
    }
    if (c == 0xF0 && p[1] < 0x90) {
      return 0;
    }
    if (c == 0xF4 && p[1] > 0x8F) {
      return 0;
    }
    return 4;
  }
  return 0;
}

static int hex4(const char *p, const char *end, uint32_t *out) {
  uint32_t v = 0;
  if (end - p < 4) {
    return -1;
  }
  for (int i = 0; i < 4; i++) {
    char c = p[i];
    v <<= 4;
    if (c >= '0' && c <= '9') {
      v |= (uint32_t)(c - '0');
    } else if (c >= 'a' && c <= 'f') {
      v |= (uint32_t)(c - 'a' + 10);
    } else if (c >= 'A' && c <= 'F') {
      v |= (uint32_t)(c - 'A' + 10);
    } else {
      return -1;
    }
  }
  *out = v;
  return 0;
}

/* Copy raw bytes, replacing invalid UTF-8 with U+FFFD. */
static char *copy_fix_utf8(char *o, const char *s, const char *e) {
  const unsigned char *p = (const unsigned char *)s;
  const unsigned char *end = (const unsigned char *)e;
  while (p < end) {
    if (*p < 0x80) {
      *o++ = (char)*p++;
      continue;
    }
    size_t n = tw_utf8_seq(p, end);
    if (n == 0) {
      o += tw_utf8_put(o, 0xFFFD);
      p++;
    } else {
      memcpy(o, p, n);
      o += n;
      p += n;
    }
  }
  return o;
}

/* 1 if [s,e) is all valid UTF-8. */
static int utf8_valid(const char *s, const char *e) {
  const unsigned char *p = (const unsigned char *)s;
  const unsigned char *end = (const unsigned char *)e;
  while (p < end) {
    /* fast ASCII stride */
#ifdef __SSE2__
    while (end - p >= 16) {
      __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
      if (_mm_movemask_epi8(v)) {
        break;
      }
      p += 16;
    }
#endif
    while (end - p >= 8) {
      uint64_t w;
      memcpy(&w, p, 8);
      if (w & 0x8080808080808080ULL) {
        break;
      }
      p += 8;
    }
    if (p >= end) {
      break;
    }
    if (*p < 0x80) {
      p++;
      continue;
    }
    size_t n = tw_utf8_seq(p, end);
    if (n == 0) {
      return 0;
    }
    p += n;
  }
  return 1;
}

int tw_json_string(const tw_json_span *v, tw_arena *a, tw_value *out) {
  if (v->len < 2 || v->p[0] != '"' || v->p[v->len - 1] != '"') {
    return -1;
  }
  const char *s = v->p + 1, *e = v->p + v->len - 1;
  const char *bs = memchr(s, '\\', (size_t)(e - s));
  if (!bs) {
    if (utf8_valid(s, e)) {
      *out = tw_str(s, (size_t)(e - s));
      return 0;
    }
    char *buf = tw_arena_alloc(a, (size_t)(e - s) * 3 + 1);
    if (!buf) {
      return -1;
    }
    char *o = copy_fix_utf8(buf, s, e);
    *out = tw_str(buf, (size_t)(o - buf));
    return 0;
  }
  char *buf = tw_arena_alloc(a, (size_t)(e - s) * 3 + 1);
  if (!buf) {
    return -1;
  }
  char *o = copy_fix_utf8(buf, s, bs);
  const char *p = bs;
  while (p < e) {
    const char *next = memchr(p, '\\', (size_t)(e - p));
    if (!next) {
      o = copy_fix_utf8(o, p, e);
      break;
    }
    o = copy_fix_utf8(o, p, next);
    p = next + 1;
    if (p >= e) {
      return -1;
    }
    char c = *p++;
    switch (c) {
    case '"':
    case '\\':
    case '/':
      *o++ = c;
      break;
    case 'b':
      *o++ = '\b';
      break;
    case 'f':
      *o++ = '\f';
      break;
    case 'n':
      *o++ = '\n';
      break;
    case 'r':
      *o++ = '\r';
      break;
    case 't':
      *o++ = '\t';
      break;
    case 'u': {
      uint32_t cp;
      if (hex4(p, e, &cp) < 0) {
        return -1;
      }
      p += 4;
      if (cp >= 0xD800 && cp <= 0xDBFF) {
        uint32_t lo;
        if (e - p >= 6 && p[0] == '\\' && p[1] == 'u' &&
            hex4(p + 2, e, &lo) == 0 && lo >= 0xDC00 && lo <= 0xDFFF) {
          p += 6;
          cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
        } else {
          cp = 0xFFFD;
        }
      } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
        cp = 0xFFFD;
      }
      o += tw_utf8_put(o, cp);
      break;
    }
    default:
      return -1;
    }
  }
  *out = tw_str(buf, (size_t)(o - buf));
  return 0;
}

int tw_json_raw_text(const tw_json_span *v, tw_arena *a, tw_value *out) {
  if (utf8_valid(v->p, v->p + v->len)) {
    *out = tw_str(v->p, v->len);
    return 0;
  }
  char *buf = tw_arena_alloc(a, v->len * 3 + 1);
  if (!buf) {
    return -1;
  }
  char *o = copy_fix_utf8(buf, v->p, v->p + v->len);
  *out = tw_str(buf, (size_t)(o - buf));
  return 0;
}

/* ------------------------------------------------------------ compact */

static int is_ws(char c) {
  return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

int tw_json_compact(const tw_json_span *v, tw_arena *a, tw_value *out) {
  const char *s = v->p, *e = v->p + v->len;
  /* Fast check: no whitespace outside strings and valid UTF-8 -> borrow. */
  int in_str = 0, need_copy = 0;
  const char *p = s;
  while (p < e) {
    char c = *p;
    if (in_str) {
      const char *q = memchr(p, '"', (size_t)(e - p));
      const char *stop = q ? q : e;
      if (!utf8_valid(p, stop)) {
        need_copy = 1;
        break;
      }
      if (!q) {
        break;
      }
      const char *b = q;
      while (b > p && b[-1] == '\\') {
        b--;
      }
      p = q + 1;
      if (((q - b) & 1) == 0) {
        in_str = 0;
      }
      continue;
    }
    if (c == '"') {
      in_str = 1;
    } else if (is_ws(c) || (unsigned char)c >= 0x80) {
      need_copy = 1;
      break;
    }
    p++;
  }
  if (!need_copy) {
    *out = tw_str(s, v->len);
    return 0;
  }
  char *buf = tw_arena_alloc(a, v->len * 3 + 1);
  if (!buf) {
    return -1;
  }
  char *o = buf;
  in_str = 0;
  p = s;
  while (p < e) {
    if (in_str) {
      const char *q = memchr(p, '"', (size_t)(e - p));
      const char *stop = q ? q : e;
      o = copy_fix_utf8(o, p, stop);
      if (!q) {
        break;
      }
      const char *b = q;
      while (b > p && b[-1] == '\\') {
        b--;
      }
      *o++ = '"';
      p = q + 1;
      if (((q - b) & 1) == 0) {
        in_str = 0;
      }
      continue;
    }
    char c = *p;
    if (c == '"') {
      in_str = 1;
      *o++ = c;
      p++;
    } else if (is_ws(c)) {
      p++;
    } else if ((unsigned char)c >= 0x80) {
      size_t n = tw_utf8_seq((const unsigned char *)p, (const unsigned char *)e);
      if (n == 0) {
        o += tw_utf8_put(o, 0xFFFD);
        p++;
      } else {
        memcpy(o, p, n);
        o += n;
        p += n;
      }
    } else {
      *o++ = c;
      p++;
    }
  }
  *out = tw_str(buf, (size_t)(o - buf));
  return 0;
}
