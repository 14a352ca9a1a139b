/*
 * ingest/mapval.c - helpers shared by the Azure, Sentinel-row and CSV
 * mappers (see mapval.h): span to string, lower-casing, JSON string
 * escaping, JSON text to dynamic, and locale datetimes.
 */
#include "ingest/mapval.h"

#include <stdlib.h>
#include <string.h>

#include "base/timeutil.h"
#include "ingest/jsonscan.h"
#include "value/json.h"

int tw_mv_string(const tw_json_span *v, tw_arena *a, tw_value *out) {
  if (!v->p || v->len == 0) {
    *out = tw_null(TW_T_STRING);
    return 0;
  }
  switch (tw_json_kind(v)) {
  case '"':
    if (tw_json_string(v, a, out) == 0) {
      return 0;
    }
    if (v->len >= 2) {
      /* broken escapes: keep the raw text rather than lose the record */
      tw_json_span in = {v->p + 1, v->len - 2};
      return tw_json_raw_text(&in, a, out);
    }
    return -1;
  case 'n':
    *out = tw_null(TW_T_STRING);
    return 0;
  case '{':
  case '[':
    return tw_json_compact(v, a, out);
  default:
    *out = tw_str(v->p, v->len);
    return 0;
  }
}

char *tw_mv_lower(tw_arena *a, const char *s, size_t n) {
  char *d = tw_arena_alloc(a, n + 1);
  if (!d) {
    return NULL;
  }
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    d[i] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
  }
  d[n] = 0;
  return d;
}

bool tw_mv_ieq(const char *a, const char *b, size_t n) {
  for (size_t i = 0; i < n; i++) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') {
      x = (char)(x + 32);
    }
    if (y >= 'A' && y <= 'Z') {
      y = (char)(y + 32);
    }
    if (x != y) {
      return false;
    }
  }
  return true;
}

bool tw_mv_key_eq(const char *k, size_t klen, const char *want) {
  size_t i = 0;
  for (; *want; want++) {
    if (i >= klen) {
      return false;
    }
    if (k[i] == '\\' && i + 1 < klen && k[i + 1] == '/') {
      i++;
    }
    if (k[i] != *want) {
      return false;
    }
    i++;
  }
  return i == klen;
}

size_t tw_mv_json_str(char *dst, const char *s, size_t n) {
  static const char hex[] = "0123456789abcdef";
  char *d = dst;
  *d++ = '"';
  for (size_t i = 0; i < n; i++) {
    /* copy a run of bytes that need no escape at once */
    size_t j = i;
    while (j < n && (unsigned char)s[j] >= 0x20 && s[j] != '"' &&
           s[j] != '\\') {
      j++;
    }
    if (j > i) {
      memcpy(d, s + i, j - i);
      d += j - i;
      i = j;
      if (i == n) {
        break;
      }
    }
    unsigned char c = (unsigned char)s[i];
    switch (c) {
    case '"':
      *d++ = '\\';
      *d++ = '"';
      break;
    case '\\':
      *d++ = '\\';
      *d++ = '\\';
      break;
    case '\n':
      *d++ = '\\';
      *d++ = 'n';
      break;
    case '\r':
      *d++ = '\\';
      *d++ = 'r';
      break;
    case '\t':
      *d++ = '\\';
      *d++ = 't';
      break;
    case '\b':
      *d++ = '\\';
      *d++ = 'b';
      break;
    case '\f':
      *d++ = '\\';
      *d++ = 'f';
      break;
    default:
      if (c < 0x20) {
        *d++ = '\\';
        *d++ = 'u';
        *d++ = '0';
        *d++ = '0';
        *d++ = hex[c >> 4];
        *d++ = hex[c & 15];
      } else {
        *d++ = (char)c;
      }
    }
  }
  *d++ = '"';
  return (size_t)(d - dst);
}

int tw_mv_dynamic(const char *s, size_t n, tw_arena *a, tw_value *out) {
  *out = tw_null(TW_T_DYNAMIC);
  if (!s || n == 0) {
    return 0;
  }
  const tw_dyn *d = NULL;
  size_t off = 0;
  if (tw_dyn_parse(s, n, a, &d, &off) != 0 || !d) {
    return 0;
  }
  *out = tw_dynamic(d);
  return 0;
}

/* ------------------------------------------------------ locale dates */

typedef struct num_rd {
  const char *p, *end;
} num_rd;

static int rd_num(num_rd *r, int maxdig, int *val, int *ndig) {
  int v = 0, k = 0;
  while (r->p < r->end && *r->p >= '0' && *r->p <= '9' && k < maxdig) {
    v = v * 10 + (*r->p - '0');
    r->p++;
    k++;
  }
  if (k == 0) {
    return -1;
  }
  *val = v;
  if (ndig) {
    *ndig = k;
  }
  return 0;
}

static void rd_ws(num_rd *r) {
  while (r->p < r->end && (*r->p == ' ' || *r->p == '\t')) {
    r->p++;
  }
}

int tw_mv_locale_datetime(const char *s, size_t n, int day_first,
                          int64_t *ticks, int *hint) {
  num_rd r = {s, s + n};
  int a, b, y, yd, hh = 0, mm = 0, ss = 0;
  int64_t frac = 0;
  *hint = 0;
  rd_ws(&r);
  if (rd_num(&r, 2, &a, NULL) || r.p >= r.end) {
    return -1;
  }
  char sep = *r.p;
  if (sep != '/' && sep != '.' && sep != '-') {
    return -1;
  }
  r.p++;
  if (rd_num(&r, 2, &b, NULL) || r.p >= r.end || *r.p != sep) {
    return -1;
  }
  r.p++;
  if (rd_num(&r, 4, &y, &yd) || (yd != 4 && yd != 2)) {
    return -1;
  }
  if (yd == 2) {
    y += y < 50 ? 2000 : 1900;
  }
  rd_ws(&r);
  if (r.p < r.end && *r.p == ',') {
    r.p++;
    rd_ws(&r);
  }
  if (r.p < r.end) {
    if (rd_num(&r, 2, &hh, NULL) || r.p >= r.end || *r.p != ':') {
      return -1;
    }
    r.p++;
    if (rd_num(&r, 2, &mm, NULL)) {
      return -1;
    }
    if (r.p < r.end && *r.p == ':') {
      r.p++;
      if (rd_num(&r, 2, &ss, NULL)) {
        return -1;
      }
      if (r.p < r.end && (*r.p == '.' || *r.p == ',') && r.p + 1 < r.end &&
          r.p[1] >= '0' && r.p[1] <= '9') {
        r.p++;
        int k = 0;
        while (r.p < r.end && *r.p >= '0' && *r.p <= '9') {
          if (k < 7) {
            frac = frac * 10 + (*r.p - '0');
            k++;
          }
          r.p++;
        }
        for (; k < 7; k++) {
          frac *= 10;
        }
      }
    }
    rd_ws(&r);
    if (r.p + 1 < r.end &&
        (r.p[0] == 'A' || r.p[0] == 'a' || r.p[0] == 'P' || r.p[0] == 'p') &&
        (r.p[1] == 'M' || r.p[1] == 'm')) {
      int pm = r.p[0] == 'P' || r.p[0] == 'p';
      if (hh < 1 || hh > 12) {
        return -1;
      }
      hh = hh % 12 + (pm ? 12 : 0);
      r.p += 2;
      rd_ws(&r);
    }
    if (r.p < r.end && (*r.p == 'Z' || *r.p == 'z')) {
      r.p++;
    }
    rd_ws(&r);
    if (r.p != r.end) {
      return -1;
    }
  }
  if (a > 12 && b <= 12) {
    *hint = 1;
  } else if (b > 12 && a <= 12) {
    *hint = 2;
  }
  int day, mon;
  if (*hint == 1 || (*hint == 0 && day_first)) {
    day = a;
    mon = b;
  } else {
    day = b;
    mon = a;
  }
  static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (mon < 1 || mon > 12 || day < 1 || day > mdays[mon - 1] || hh > 23 ||
      mm > 59 || ss > 59 || y < 1) {
    return -1;
  }
  if (mon == 2 && day == 29 &&
      !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) {
    return -1;
  }
  int64_t days = tw_days_from_civil(y, mon, day);
  *ticks = days * TW_TICKS_PER_DAY + hh * TW_TICKS_PER_HOUR +
           mm * TW_TICKS_PER_MINUTE + (int64_t)ss * TW_TICKS_PER_SECOND + frac;
  return 0;
}

tw_value tw_mv_datetime(const char *s, size_t n) {
  int64_t t;
  int hint;
  if (n == 0) {
    return tw_null(TW_T_DATETIME);
  }
  if (tw_datetime_parse(s, n, &t) == 0) {
    return tw_datetime(t);
  }
  if (tw_mv_locale_datetime(s, n, 0, &t, &hint) == 0) {
    return tw_datetime(t);
  }
  return tw_null(TW_T_DATETIME);
}

int tw_mv_dyn_string(const char *s, size_t n, tw_arena *a, tw_value *out) {
  tw_dyn *d = tw_arena_zalloc(a, sizeof *d);
  if (!d) {
    return -1;
  }
  d->kind = TRAWL_DYN_STRING;
  d->n = (uint32_t)n;
  d->u.s = s;
  *out = tw_dynamic(d);
  return 0;
}

int tw_mv_text_value(const char *s, size_t n, tw_type t, tw_arena *a,
                     tw_value *out) {
  *out = tw_null(t);
  if (t == TW_T_STRING) {
    *out = tw_str(s, n);
    return 0;
  }
  size_t b = 0, e = n;
  while (b < e &&
         (s[b] == ' ' || s[b] == '\t' || s[b] == '\r' || s[b] == '\n')) {
    b++;
  }
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r' ||
                   s[e - 1] == '\n')) {
    e--;
  }
  if (b == e) {
    return 0;
  }
  const char *p = s + b;
  size_t m = e - b;
  char buf[64];
  switch (t) {
  case TW_T_BOOL:
    if ((m == 4 && tw_mv_ieq(p, "true", 4)) || (m == 1 && p[0] == '1')) {
      *out = tw_bool(true);
    } else if ((m == 5 && tw_mv_ieq(p, "false", 5)) ||
               (m == 1 && p[0] == '0')) {
      *out = tw_bool(false);
    }
    return 0;
  case TW_T_DATETIME:
    *out = tw_mv_datetime(p, m);
    return 0;
  case TW_T_DYNAMIC:
    if (p[0] == '{' || p[0] == '[' || p[0] == '"') {
      if (tw_mv_dynamic(p, m, a, out) != 0) {
        return -1;
      }
      if (!out->null) {
        return 0;
      }
    }
    return tw_mv_dyn_string(p, m, a, out);
  case TW_T_INT:
  case TW_T_LONG:
  case TW_T_REAL:
  case TW_T_DECIMAL: {
    if (m >= sizeof buf) {
      return 0;
    }
    memcpy(buf, p, m);
    buf[m] = 0;
    char *end;
    if (t == TW_T_INT || t == TW_T_LONG) {
      long long v = strtoll(buf, &end, 10);
      if (*end == 0) {
        *out = t == TW_T_INT ? tw_int((int32_t)v) : tw_long(v);
      }
    } else {
      double v = strtod(buf, &end);
      if (*end == 0) {
        *out = tw_real(v);
        out->type = (uint8_t)t;
      }
    }
    return 0;
  }
  default:
    *out = tw_str(p, m);
    out->type = (uint8_t)t;
    return 0;
  }
}

/* See mapval.h. */
size_t tw_mv_column_base(const char *k, size_t n) {
  while (n && (k[n - 1] == ' ' || k[n - 1] == '\t')) {
    n--;
  }
  if (n > 2 && k[n - 1] == ']') {
    for (size_t i = n - 1; i > 0; i--) {
      if (k[i] == '[') {
        while (i > 0 && k[i - 1] == ' ') {
          i--;
        }
        return i;
      }
    }
  }
  return n;
}

bool tw_mv_shared_column(const char *k, size_t n) {
  static const char *const shared[] = {
      "TimeGenerated", "TenantId", "SourceSystem", "Type", "OperationName",
      "Category",      NULL};
  for (int i = 0; shared[i]; i++) {
    if (strlen(shared[i]) == n && memcmp(shared[i], k, n) == 0) {
      return true;
    }
  }
  return false;
}
