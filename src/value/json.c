/*
 * value/json.c - JSON parser into dynamic trees, compact JSON writer, value
 * cells for JSON lines, Kusto's real formatting and dynamic access.
 */
#include "base/utf8.h"
#include "value/json.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/limits.h"
#include "base/timeutil.h"

/* ------------------------------------------------------------ parsing */

/* Pending child nodes of the open containers: a stack, on the C stack
 * first, on the heap only for big documents. */
typedef struct jstack {
  tw_dyn *v;
  size_t n, cap;
  int heap;
  tw_dyn local[128];
} jstack;

typedef struct jparser {
  const char *s, *p, *end;
  tw_arena *a;
  unsigned flags;
  jstack st;
  int oom;
} jparser;

static int jpush(jparser *jp, const tw_dyn *d) {
  jstack *st = &jp->st;
  if (st->n == st->cap) {
    size_t ncap = st->cap * 2;
    tw_dyn *nv = malloc(ncap * sizeof *nv);
    if (!nv) {
      jp->oom = 1;
      return -1;
    }
    memcpy(nv, st->v, st->n * sizeof *nv);
    if (st->heap) {
      free(st->v);
    }
    st->v = nv;
    st->heap = 1;
    st->cap = ncap;
  }
  st->v[st->n++] = *d;
  return 0;
}

static void skip_ws(jparser *jp) {
  while (jp->p < jp->end) {
    char c = *jp->p;
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      jp->p++;
    } else {
      break;
    }
  }
}

static int hexval(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

static int read_hex4(const char *p, const char *end, unsigned *out) {
  if (end - p < 4) {
    return -1;
  }
  unsigned v = 0;
  for (int i = 0; i < 4; i++) {
    int h = hexval(p[i]);
    if (h < 0) {
      return -1;
    }
    v = v * 16 + (unsigned)h;
  }
  *out = v;
  return 0;
}

/* Parse a string starting at the quote; fills a STRING node. */
static int parse_string(jparser *jp, tw_dyn *d) {
  char q = *jp->p;
  const char *start = ++jp->p;
  int has_esc = 0;
  const char *p = start;
  while (p < jp->end && *p != q) {
    unsigned char c = (unsigned char)*p;
    if (c < 0x20) {
      jp->p = p;
      return -1;
    }
    if (c == '\\') {
      has_esc = 1;
      p++;
      if (p >= jp->end) {
        jp->p = p;
        return -1;
      }
    }
    p++;
  }
  if (p >= jp->end) {
    jp->p = p;
    return -1;
  }
  size_t raw = (size_t)(p - start);
  d->kind = TRAWL_DYN_STRING;
  if (!has_esc) {
    char *c = tw_arena_strndup(jp->a, start, raw);
    if (!c) {
      jp->oom = 1;
      return -1;
    }
    d->u.s = c;
    d->n = (uint32_t)raw;
    jp->p = p + 1;
    return 0;
  }
  /* Unescaped text is never longer than the escaped text. */
  char *o = tw_arena_alloc(jp->a, raw + 1);
  if (!o) {
    jp->oom = 1;
    return -1;
  }
  size_t n = 0;
  const char *r = start;
  while (r < p) {
    if (*r != '\\') {
      o[n++] = *r++;
      continue;
    }
    r++;
    char e = *r++;
    switch (e) {
    case '"': o[n++] = '"'; break;
    case '\\': o[n++] = '\\'; break;
    case '/': o[n++] = '/'; break;
    case 'b': o[n++] = '\b'; break;
    case 'f': o[n++] = '\f'; break;
    case 'n': o[n++] = '\n'; break;
    case 'r': o[n++] = '\r'; break;
    case 't': o[n++] = '\t'; break;
    case '\'':
      if (!(jp->flags & TW_JSON_KQL)) {
        jp->p = r - 1;
        return -1;
      }
      o[n++] = '\'';
      break;
    case 'u': {
      unsigned cp;
      if (read_hex4(r, p, &cp) < 0) {
        jp->p = r;
        return -1;
      }
      r += 4;
      if (cp >= 0xD800 && cp <= 0xDBFF) {
        unsigned lo;
        if (p - r >= 6 && r[0] == '\\' && r[1] == 'u' &&
            read_hex4(r + 2, p, &lo) == 0 && lo >= 0xDC00 && lo <= 0xDFFF) {
          cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          r += 6;
        } else {
          cp = 0xFFFD;
        }
      } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
        cp = 0xFFFD;
      }
      /* \uXXXX is 6 bytes; its UTF-8 is at most 3 (4 for a pair of 12). */
      n += tw_utf8_put(o + n, cp);
      break;
    }
    default:
      jp->p = r - 1;
      return -1;
    }
  }
  o[n] = '\0';
  d->u.s = o;
  d->n = (uint32_t)n;
  jp->p = p + 1;
  return 0;
}

static int parse_number(jparser *jp, tw_dyn *d) {
  const char *p = jp->p, *start = p;
  int is_int = 1;
  if (p < jp->end && *p == '-') {
    p++;
  }
  if (p >= jp->end || *p < '0' || *p > '9') {
    jp->p = p;
    return -1;
  }
  if (*p == '0') {
    p++;
  } else {
    while (p < jp->end && *p >= '0' && *p <= '9') {
      p++;
    }
  }
  if (p < jp->end && *p == '.') {
    is_int = 0;
    p++;
    if (p >= jp->end || *p < '0' || *p > '9') {
      jp->p = p;
      return -1;
    }
    while (p < jp->end && *p >= '0' && *p <= '9') {
      p++;
    }
  }
  if (p < jp->end && (*p == 'e' || *p == 'E')) {
    is_int = 0;
    p++;
    if (p < jp->end && (*p == '+' || *p == '-')) {
      p++;
    }
    if (p >= jp->end || *p < '0' || *p > '9') {
      jp->p = p;
      return -1;
    }
    while (p < jp->end && *p >= '0' && *p <= '9') {
      p++;
    }
  }
  size_t n = (size_t)(p - start);
  jp->p = p;
  if (is_int) {
    const char *q = start;
    int neg = 0;
    if (*q == '-') {
      neg = 1;
      q++;
    }
    uint64_t v = 0;
    int over = 0;
    for (; q < p; q++) {
      unsigned dgt = (unsigned)(*q - '0');
      if (v > (UINT64_MAX - dgt) / 10) {
        over = 1;
        break;
      }
      v = v * 10 + dgt;
    }
    if (!over && (neg ? v <= (uint64_t)INT64_MAX + 1 : v <= INT64_MAX)) {
      d->kind = TRAWL_DYN_LONG;
      d->u.i = neg ? (int64_t)(0 - v) : (int64_t)v;
      return 0;
    }
  }
  char local[64];
  char *tmp = local;
  if (n >= sizeof local) {
    tmp = tw_arena_alloc(jp->a, n + 1);
    if (!tmp) {
      jp->oom = 1;
      return -1;
    }
  }
  memcpy(tmp, start, n);
  tmp[n] = '\0';
  d->kind = TRAWL_DYN_REAL;
  d->u.r = strtod(tmp, NULL);
  /* Kusto's JSON reader keeps integral numbers as long (118.0 -> 118);
   * dynamic(...) literals keep them real. */
  if (!(jp->flags & TW_JSON_KQL) && d->u.r == trunc(d->u.r) &&
      d->u.r >= -9.2e18 && d->u.r <= 9.2e18) {
    d->kind = TRAWL_DYN_LONG;
    d->u.i = (int64_t)d->u.r;
  }
  return 0;
}

static int word_is(jparser *jp, const char *w) {
  size_t n = strlen(w);
  if ((size_t)(jp->end - jp->p) >= n && memcmp(jp->p, w, n) == 0) {
    jp->p += n;
    return 1;
  }
  return 0;
}

/* KQL literal extension: name(raw text). */
static int parse_kql_typed(jparser *jp, tw_dyn *d) {
  const char *p = jp->p;
  const char *nm = p;
  while (p < jp->end && ((*p >= 'a' && *p <= 'z') || *p == '_')) {
    p++;
  }
  size_t nl = (size_t)(p - nm);
  if (nl == 0 || p >= jp->end || *p != '(') {
    return -1;
  }
  const char *in = ++p;
  while (p < jp->end && *p != ')') {
    p++;
  }
  if (p >= jp->end) {
    return -1;
  }
  const char *ie = p;
  jp->p = p + 1;
  while (in < ie && (*in == ' ' || *in == '\t')) {
    in++;
  }
  while (ie > in && (ie[-1] == ' ' || ie[-1] == '\t')) {
    ie--;
  }
  if (ie - in >= 2 && (*in == '"' || *in == '\'') && ie[-1] == *in) {
    in++;
    ie--;
  }
  size_t il = (size_t)(ie - in);
  if (il == 4 && memcmp(in, "null", 4) == 0) {
    d->kind = TRAWL_DYN_NULL;
    return 0;
  }
#define IS(lit) (nl == sizeof lit - 1 && memcmp(nm, lit, nl) == 0)
  if (IS("datetime") || IS("date")) {
    int64_t t;
    if (tw_datetime_parse(in, il, &t) < 0) {
      return -1;
    }
    d->kind = TRAWL_DYN_DATETIME;
    d->u.i = t;
    return 0;
  }
  if (IS("timespan") || IS("time")) {
    int64_t t;
    if (tw_timespan_parse(in, il, &t) < 0) {
      return -1;
    }
    d->kind = TRAWL_DYN_TIMESPAN;
    d->u.i = t;
    return 0;
  }
  if (IS("guid") || IS("uuid") || IS("uniqueid")) {
    char *g = tw_arena_strndup(jp->a, in, il);
    if (!g) {
      jp->oom = 1;
      return -1;
    }
    for (size_t i = 0; i < il; i++) {
      if (g[i] >= 'A' && g[i] <= 'F') {
        g[i] = (char)(g[i] + 32);
      }
    }
    d->kind = TRAWL_DYN_GUID;
    d->u.s = g;
    d->n = (uint32_t)il;
    return 0;
  }
  if (IS("int") || IS("long") || IS("real") || IS("double") ||
      IS("decimal") || IS("bool") || IS("boolean")) {
    jparser sub = *jp;
    sub.p = in;
    sub.end = ie;
    if (IS("bool") || IS("boolean")) {
      if (il == 4 && memcmp(in, "true", 4) == 0) {
        d->kind = TRAWL_DYN_BOOL;
        d->u.i = 1;
        return 0;
      }
      if (il == 5 && memcmp(in, "false", 5) == 0) {
        d->kind = TRAWL_DYN_BOOL;
        d->u.i = 0;
        return 0;
      }
      return -1;
    }
    if (parse_number(&sub, d) < 0 || sub.p != ie) {
      return -1;
    }
    if ((IS("real") || IS("double") || IS("decimal")) &&
        d->kind == TRAWL_DYN_LONG) {
      d->kind = TRAWL_DYN_REAL;
      d->u.r = (double)d->u.i;
    }
    return 0;
  }
#undef IS
  return -1;
}

static int parse_value(jparser *jp, tw_dyn *d, int depth);

static int parse_container(jparser *jp, tw_dyn *d, int depth) {
  char open = *jp->p;
  char close = open == '[' ? ']' : '}';
  int is_obj = open == '{';
  size_t base = jp->st.n;
  jp->p++;
  skip_ws(jp);
  size_t count = 0;
  if (jp->p < jp->end && *jp->p == close) {
    jp->p++;
  } else {
    for (;;) {
      tw_dyn item;
      memset(&item, 0, sizeof item);
      skip_ws(jp);
      if (is_obj) {
        if (jp->p >= jp->end ||
            !(*jp->p == '"' ||
              (*jp->p == '\'' && (jp->flags & TW_JSON_KQL)))) {
          return -1;
        }
        if (parse_string(jp, &item) < 0 || jpush(jp, &item) < 0) {
          return -1;
        }
        skip_ws(jp);
        if (jp->p >= jp->end || *jp->p != ':') {
          return -1;
        }
        jp->p++;
        skip_ws(jp);
        memset(&item, 0, sizeof item);
      }
      if (parse_value(jp, &item, depth + 1) < 0 || jpush(jp, &item) < 0) {
        return -1;
      }
      count++;
      skip_ws(jp);
      if (jp->p >= jp->end) {
        return -1;
      }
      if (*jp->p == ',') {
        jp->p++;
        skip_ws(jp);
        if ((jp->flags & TW_JSON_KQL) && jp->p < jp->end &&
            *jp->p == close) {
          jp->p++;
          break;
        }
        continue;
      }
      if (*jp->p == close) {
        jp->p++;
        break;
      }
      return -1;
    }
  }
  size_t nodes = jp->st.n - base;
  d->kind = is_obj ? TRAWL_DYN_OBJECT : TRAWL_DYN_ARRAY;
  d->n = (uint32_t)count;
  d->u.items = NULL;
  if (nodes) {
    tw_dyn *items = tw_arena_memdup(jp->a, jp->st.v + base,
                                    nodes * sizeof *items);
    if (!items) {
      jp->oom = 1;
      return -1;
    }
    d->u.items = items;
  }
  jp->st.n = base;
  return 0;
}

static int parse_value(jparser *jp, tw_dyn *d, int depth) {
  if (depth > TW_MAX_JSON_DEPTH) {
    return -1;
  }
  skip_ws(jp);
  if (jp->p >= jp->end) {
    return -1;
  }
  char c = *jp->p;
  switch (c) {
  case '{':
  case '[':
    return parse_container(jp, d, depth);
  case '"':
    return parse_string(jp, d);
  case '\'':
    if (jp->flags & TW_JSON_KQL) {
      return parse_string(jp, d);
    }
    return -1;
  case 't':
    if (word_is(jp, "true")) {
      d->kind = TRAWL_DYN_BOOL;
      d->u.i = 1;
      return 0;
    }
    break;
  case 'f':
    if (word_is(jp, "false")) {
      d->kind = TRAWL_DYN_BOOL;
      d->u.i = 0;
      return 0;
    }
    break;
  case 'n':
    if (word_is(jp, "null")) {
      d->kind = TRAWL_DYN_NULL;
      return 0;
    }
    break;
  default:
    if (c == '-' || (c >= '0' && c <= '9')) {
      return parse_number(jp, d);
    }
    break;
  }
  if (jp->flags & TW_JSON_KQL) {
    if (c == 'T' && word_is(jp, "True")) {
      d->kind = TRAWL_DYN_BOOL;
      d->u.i = 1;
      return 0;
    }
    if (c == 'F' && word_is(jp, "False")) {
      d->kind = TRAWL_DYN_BOOL;
      d->u.i = 0;
      return 0;
    }
    return parse_kql_typed(jp, d);
  }
  return -1;
}

int tw_dyn_parse_ex(const char *s, size_t len, unsigned flags, tw_arena *a,
                    const tw_dyn **out, size_t *err_off) {
  jparser jp;
  jp.s = s;
  jp.p = s;
  jp.end = s + len;
  jp.a = a;
  jp.flags = flags;
  jp.oom = 0;
  jp.st.v = jp.st.local;
  jp.st.n = 0;
  jp.st.cap = sizeof jp.st.local / sizeof jp.st.local[0];
  jp.st.heap = 0;
  tw_dyn root;
  memset(&root, 0, sizeof root);
  int rc = parse_value(&jp, &root, 1);
  if (rc == 0) {
    skip_ws(&jp);
    if (jp.p != jp.end) {
      rc = -1;
    }
  }
  tw_dyn *node = NULL;
  if (rc == 0) {
    node = tw_arena_memdup(a, &root, sizeof root);
    if (!node) {
      rc = -1;
    }
  }
  if (jp.st.heap) {
    free(jp.st.v);
  }
  if (rc < 0) {
    if (err_off) {
      *err_off = (size_t)(jp.p - s);
    }
    *out = NULL;
    return -1;
  }
  *out = node;
  return 0;
}

int tw_dyn_parse(const char *s, size_t len, tw_arena *a, const tw_dyn **out,
                 size_t *err_off) {
  return tw_dyn_parse_ex(s, len, 0, a, out, err_off);
}

/* ------------------------------------------------------------ writing */

size_t tw_real_format(double r, char *out) {
  if (isnan(r)) {
    memcpy(out, "NaN", 4);
    return 3;
  }
  if (isinf(r)) {
    if (r > 0) {
      memcpy(out, "Infinity", 9);
      return 8;
    }
    memcpy(out, "-Infinity", 10);
    return 9;
  }
  if (r == 0) {
    memcpy(out, "0", 2);
    return 1;
  }
  /* .NET's "R": 15 significant digits if they round-trip, else 17. */
  char e[40];
  snprintf(e, sizeof e, "%.14e", r);
  if (strtod(e, NULL) != r) {
    snprintf(e, sizeof e, "%.16e", r);
  }
  /* e = [-]d[.ddd]e[+-]XX */
  char digits[24];
  size_t nd = 0;
  int neg = 0;
  const char *p = e;
  if (*p == '-') {
    neg = 1;
    p++;
  }
  while (*p && *p != 'e') {
    if (*p >= '0' && *p <= '9') {
      digits[nd++] = *p;
    }
    p++;
  }
  int exp10 = atoi(p + 1);
  while (nd > 1 && digits[nd - 1] == '0') {
    nd--;
  }
  size_t n = 0;
  if (neg) {
    out[n++] = '-';
  }
  if (exp10 >= 15 || exp10 < -4) {
    out[n++] = digits[0];
    if (nd > 1) {
      out[n++] = '.';
      for (size_t i = 1; i < nd; i++) {
        out[n++] = digits[i];
      }
    }
    n += (size_t)sprintf(out + n, "E%c%02d", exp10 < 0 ? '-' : '+',
                         exp10 < 0 ? -exp10 : exp10);
    return n;
  }
  if (exp10 < 0) {
    out[n++] = '0';
    out[n++] = '.';
    for (int i = 0; i < -exp10 - 1; i++) {
      out[n++] = '0';
    }
    for (size_t i = 0; i < nd; i++) {
      out[n++] = digits[i];
    }
  } else {
    for (int i = 0; i <= exp10; i++) {
      out[n++] = (size_t)i < nd ? digits[i] : '0';
    }
    if (nd > (size_t)exp10 + 1) {
      out[n++] = '.';
      for (size_t i = (size_t)exp10 + 1; i < nd; i++) {
        out[n++] = digits[i];
      }
    }
  }
  out[n] = '\0';
  return n;
}

size_t tw_datetime_format7(int64_t ticks, char *out) {
  size_t n = tw_datetime_format(ticks, out);
  if (n >= 2 && n <= 21 && out[n - 1] == 'Z' && out[n - 4] == ':') {
    /* no fraction: "...SSZ" -> "...SS.0000000Z" */
    memcpy(out + n - 1, ".0000000Z", 10);
    n += 8;
  }
  return n;
}

/* Length of the valid UTF-8 sequence at s (lead byte >= 0x80), or 0. */
static size_t utf8_valid_len(const char *s, size_t n) {
  const unsigned char *u = (const unsigned char *)s;
  unsigned char c = u[0];
  size_t len;
  uint32_t cp;
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
    cp = c & 0x1F;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    cp = c & 0x0F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    cp = c & 0x07;
  } else {
    return 0;
  }
  if (n < len) {
    return 0;
  }
  for (size_t k = 1; k < len; k++) {
    if ((u[k] & 0xC0) != 0x80) {
      return 0;
    }
    cp = (cp << 6) | (u[k] & 0x3F);
  }
  if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
      (len == 4 && (cp < 0x10000 || cp > 0x10FFFF))) {
    return 0;
  }
  return len;
}

int tw_json_write_string(tw_buf *out, const char *s, size_t len) {
  static const char hex[] = "0123456789abcdef";
  if (tw_buf_reserve(out, len + 2) < 0) {
    return -1;
  }
  if (tw_buf_addc(out, '"') < 0) {
    return -1;
  }
  size_t run = 0;
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c >= 0x80) {
      /* keep valid UTF-8; replace invalid bytes with U+FFFD so the output
       * stays valid JSON whatever the logs held */
      size_t ul = utf8_valid_len(s + i, len - i);
      if (ul) {
        i += ul - 1;
        continue;
      }
      if (tw_buf_add(out, s + run, i - run) < 0 ||
          tw_buf_add(out, "\\ufffd", 6) < 0) {
        return -1;
      }
      run = i + 1;
      continue;
    }
    if (c >= 0x20 && c != '"' && c != '\\') {
      continue;
    }
    if (tw_buf_add(out, s + run, i - run) < 0) {
      return -1;
    }
    run = i + 1;
    char esc[7] = {'\\', 0, 0, 0, 0, 0, 0};
    size_t el = 2;
    switch (c) {
    case '"': esc[1] = '"'; break;
    case '\\': esc[1] = '\\'; break;
    case '\n': esc[1] = 'n'; break;
    case '\r': esc[1] = 'r'; break;
    case '\t': esc[1] = 't'; break;
    case '\b': esc[1] = 'b'; break;
    case '\f': esc[1] = 'f'; break;
    default:
      esc[1] = 'u';
      esc[2] = '0';
      esc[3] = '0';
      esc[4] = hex[c >> 4];
      esc[5] = hex[c & 15];
      el = 6;
      break;
    }
    if (tw_buf_add(out, esc, el) < 0) {
      return -1;
    }
  }
  if (tw_buf_add(out, s + run, len - run) < 0) {
    return -1;
  }
  return tw_buf_addc(out, '"');
}

static int write_real_json(tw_buf *out, double r, int in_dynamic) {
  char tmp[48];
  size_t n = tw_real_format(r, tmp);
  if (isnan(r) || isinf(r)) {
    return tw_json_write_string(out, tmp, n);
  }
  /* Inside dynamic values Kusto (Newtonsoft) always writes a real with a
   * decimal point or exponent: 5.0, not 5. */
  if (in_dynamic && !memchr(tmp, '.', n) && !memchr(tmp, 'E', n)) {
    memcpy(tmp + n, ".0", 3);
    n += 2;
  }
  return tw_buf_add(out, tmp, n);
}

static int dyn_write(tw_buf *out, const tw_dyn *d, int depth) {
  char tmp[48];
  size_t n;
  if (depth > TW_MAX_JSON_DEPTH + 8) {
    return -1;
  }
  if (d == NULL) {
    return tw_buf_add(out, "null", 4);
  }
  switch (d->kind) {
  case TRAWL_DYN_NULL:
    return tw_buf_add(out, "null", 4);
  case TRAWL_DYN_BOOL:
    return d->u.i ? tw_buf_add(out, "true", 4) : tw_buf_add(out, "false", 5);
  case TRAWL_DYN_LONG:
    n = (size_t)snprintf(tmp, sizeof tmp, "%lld", (long long)d->u.i);
    return tw_buf_add(out, tmp, n);
  case TRAWL_DYN_REAL:
    return write_real_json(out, d->u.r, 1);
  case TRAWL_DYN_STRING:
  case TRAWL_DYN_GUID:
    return tw_json_write_string(out, d->u.s ? d->u.s : "", d->n);
  case TRAWL_DYN_DATETIME:
    n = tw_datetime_format7(d->u.i, tmp);
    return tw_json_write_string(out, tmp, n);
  case TRAWL_DYN_TIMESPAN:
    n = tw_timespan_format(d->u.i, tmp);
    return tw_json_write_string(out, tmp, n);
  case TRAWL_DYN_ARRAY:
    if (tw_buf_addc(out, '[') < 0) {
      return -1;
    }
    for (uint32_t i = 0; i < d->n; i++) {
      if ((i && tw_buf_addc(out, ',') < 0) ||
          dyn_write(out, &d->u.items[i], depth + 1) < 0) {
        return -1;
      }
    }
    return tw_buf_addc(out, ']');
  case TRAWL_DYN_OBJECT:
    if (tw_buf_addc(out, '{') < 0) {
      return -1;
    }
    for (uint32_t i = 0; i < d->n; i++) {
      const tw_dyn *k = &d->u.items[2 * i];
      if ((i && tw_buf_addc(out, ',') < 0) ||
          tw_json_write_string(out, k->u.s ? k->u.s : "", k->n) < 0 ||
          tw_buf_addc(out, ':') < 0 ||
          dyn_write(out, &d->u.items[2 * i + 1], depth + 1) < 0) {
        return -1;
      }
    }
    return tw_buf_addc(out, '}');
  default:
    return tw_buf_add(out, "null", 4);
  }
}

int tw_dyn_write(tw_buf *out, const tw_dyn *d) {
  return dyn_write(out, d, 0);
}

int tw_value_write_json(tw_buf *out, const tw_value *v) {
  char tmp[48];
  size_t n;
  if (v->null && v->type != TW_T_STRING) {
    return tw_buf_add(out, "null", 4);
  }
  switch (v->type) {
  case TW_T_BOOL:
    return v->u.i ? tw_buf_add(out, "true", 4) : tw_buf_add(out, "false", 5);
  case TW_T_INT:
  case TW_T_LONG:
    n = (size_t)snprintf(tmp, sizeof tmp, "%lld", (long long)v->u.i);
    return tw_buf_add(out, tmp, n);
  case TW_T_REAL:
  case TW_T_DECIMAL:
    return write_real_json(out, v->u.r, 0);
  case TW_T_STRING:
  case TW_T_GUID:
    return tw_json_write_string(out, v->u.s ? v->u.s : "", v->len);
  case TW_T_DATETIME:
    n = tw_datetime_format(v->u.i, tmp);
    return tw_json_write_string(out, tmp, n);
  case TW_T_TIMESPAN:
    n = tw_timespan_format(v->u.i, tmp);
    return tw_json_write_string(out, tmp, n);
  case TW_T_DYNAMIC:
    return tw_dyn_write(out, v->u.d);
  default:
    return tw_buf_add(out, "null", 4);
  }
}

/* ------------------------------------------------------------- access */

const tw_dyn *tw_dyn_member(const tw_dyn *d, const char *key, size_t len) {
  if (d == NULL || d->kind != TRAWL_DYN_OBJECT) {
    return NULL;
  }
  const tw_dyn *found = NULL;
  for (uint32_t i = 0; i < d->n; i++) {
    const tw_dyn *k = &d->u.items[2 * i];
    if (k->n == len && (len == 0 || memcmp(k->u.s, key, len) == 0)) {
      found = &d->u.items[2 * i + 1];
    }
  }
  return found;
}

const tw_dyn *tw_dyn_index(const tw_dyn *d, int64_t i) {
  if (d == NULL || d->kind != TRAWL_DYN_ARRAY) {
    return NULL;
  }
  if (i < 0) {
    i += (int64_t)d->n;
  }
  if (i < 0 || i >= (int64_t)d->n) {
    return NULL;
  }
  return &d->u.items[i];
}

static int dyn_equal(const tw_dyn *a, const tw_dyn *b, int depth) {
  if (depth > TW_MAX_JSON_DEPTH + 8) {
    return 0;
  }
  int an = tw_dyn_is_null(a), bn = tw_dyn_is_null(b);
  if (an || bn) {
    return an && bn;
  }
  if ((a->kind == TRAWL_DYN_LONG || a->kind == TRAWL_DYN_REAL) &&
      (b->kind == TRAWL_DYN_LONG || b->kind == TRAWL_DYN_REAL)) {
    if (a->kind == TRAWL_DYN_LONG && b->kind == TRAWL_DYN_LONG) {
      return a->u.i == b->u.i;
    }
    double x = a->kind == TRAWL_DYN_LONG ? (double)a->u.i : a->u.r;
    double y = b->kind == TRAWL_DYN_LONG ? (double)b->u.i : b->u.r;
    return x == y;
  }
  if (a->kind != b->kind) {
    return 0;
  }
  switch (a->kind) {
  case TRAWL_DYN_BOOL:
  case TRAWL_DYN_DATETIME:
  case TRAWL_DYN_TIMESPAN:
    return a->u.i == b->u.i;
  case TRAWL_DYN_STRING:
  case TRAWL_DYN_GUID:
    return a->n == b->n && (a->n == 0 || memcmp(a->u.s, b->u.s, a->n) == 0);
  case TRAWL_DYN_ARRAY:
    if (a->n != b->n) {
      return 0;
    }
    for (uint32_t i = 0; i < a->n; i++) {
      if (!dyn_equal(&a->u.items[i], &b->u.items[i], depth + 1)) {
        return 0;
      }
    }
    return 1;
  case TRAWL_DYN_OBJECT:
    if (a->n != b->n) {
      return 0;
    }
    for (uint32_t i = 0; i < 2 * a->n; i++) {
      if (!dyn_equal(&a->u.items[i], &b->u.items[i], depth + 1)) {
        return 0;
      }
    }
    return 1;
  default:
    return 0;
  }
}

int tw_dyn_equal(const tw_dyn *a, const tw_dyn *b) {
  return dyn_equal(a, b, 0);
}
