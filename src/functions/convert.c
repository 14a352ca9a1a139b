/*
 * functions/convert.c - tostring text and the to*() conversions between
 * KQL types (kql-semantics 2.3 and 5.4), dynamic <-> scalar views.
 */
#include "functions/convert.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/limits.h"
#include "base/timeutil.h"
#include "value/json.h"

/* ------------------------------------------------------------ tostring */

size_t tw_scalar_format(const tw_value *v, char out[64]) {
  switch (v->type) {
  case TW_T_BOOL:
    if (v->u.i) {
      memcpy(out, "true", 5);
      return 4;
    }
    memcpy(out, "false", 6);
    return 5;
  case TW_T_INT:
  case TW_T_LONG:
    return (size_t)snprintf(out, 64, "%lld", (long long)v->u.i);
  case TW_T_REAL:
  case TW_T_DECIMAL:
    return tw_real_format(v->u.r, out);
  case TW_T_DATETIME:
    return tw_datetime_format7(v->u.i, out);
  case TW_T_TIMESPAN:
    return tw_timespan_format(v->u.i, out);
  default:
    out[0] = '\0';
    return 0;
  }
}

int tw_value_to_string(tw_buf *out, const tw_value *v) {
  char tmp[64];
  if (v->null) {
    return 0;
  }
  switch (v->type) {
  case TW_T_STRING:
  case TW_T_GUID:
    return tw_buf_add(out, v->u.s, v->len);
  case TW_T_DYNAMIC: {
    const tw_dyn *d = v->u.d;
    if (tw_dyn_is_null(d)) {
      return 0;
    }
    if (d->kind == TRAWL_DYN_STRING || d->kind == TRAWL_DYN_GUID) {
      return tw_buf_add(out, d->u.s, d->n);
    }
    if (d->kind == TRAWL_DYN_ARRAY || d->kind == TRAWL_DYN_OBJECT) {
      return tw_dyn_write(out, d);
    }
    tw_value sv = tw_dyn_to_value(d);
    return tw_buf_add(out, tmp, tw_scalar_format(&sv, tmp));
  }
  default:
    return tw_buf_add(out, tmp, tw_scalar_format(v, tmp));
  }
}

int tw_value_str(tw_arena *a, const tw_value *v, const char **s, size_t *n) {
  char tmp[64];
  if (v->null) {
    *s = "";
    *n = 0;
    return 0;
  }
  if (v->type == TW_T_STRING || v->type == TW_T_GUID) {
    *s = v->len ? v->u.s : "";
    *n = v->len;
    return 0;
  }
  if (v->type == TW_T_DYNAMIC) {
    const tw_dyn *d = v->u.d;
    if (tw_dyn_is_null(d)) {
      *s = "";
      *n = 0;
      return 0;
    }
    if (d->kind == TRAWL_DYN_STRING || d->kind == TRAWL_DYN_GUID) {
      *s = d->n ? d->u.s : "";
      *n = d->n;
      return 0;
    }
    if (d->kind == TRAWL_DYN_ARRAY || d->kind == TRAWL_DYN_OBJECT) {
      tw_buf b;
      tw_buf_init(&b, TW_MAX_VALUE_BYTES);
      int rc = tw_dyn_write(&b, d);
      char *c = rc == 0 ? tw_arena_strndup(a, b.data ? b.data : "", b.len)
                        : NULL;
      size_t len = b.len;
      tw_buf_free(&b);
      if (!c) {
        return -1;
      }
      *s = c;
      *n = len;
      return 0;
    }
    tw_value sv = tw_dyn_to_value(d);
    size_t len = tw_scalar_format(&sv, tmp);
    char *c = tw_arena_strndup(a, tmp, len);
    if (!c) {
      return -1;
    }
    *s = c;
    *n = len;
    return 0;
  }
  size_t len = tw_scalar_format(v, tmp);
  char *c = tw_arena_strndup(a, tmp, len);
  if (!c) {
    return -1;
  }
  *s = c;
  *n = len;
  return 0;
}

int tw_conv_tostring(tw_arena *a, const tw_value *v, tw_value *out) {
  const char *s;
  size_t n;
  if (tw_value_str(a, v, &s, &n) < 0) {
    return -1;
  }
  *out = tw_str(s, n);
  return 0;
}

/* --------------------------------------------------- dynamic <-> value */

tw_value tw_dyn_to_value(const tw_dyn *d) {
  if (tw_dyn_is_null(d)) {
    return tw_null(TW_T_DYNAMIC);
  }
  tw_value v = {0};
  switch (d->kind) {
  case TRAWL_DYN_BOOL:
    return tw_bool(d->u.i != 0);
  case TRAWL_DYN_LONG:
    return tw_long(d->u.i);
  case TRAWL_DYN_REAL:
    return tw_real(d->u.r);
  case TRAWL_DYN_STRING:
    return tw_str(d->n ? d->u.s : "", d->n);
  case TRAWL_DYN_GUID:
    v.type = TW_T_GUID;
    v.u.s = d->u.s;
    v.len = d->n;
    return v;
  case TRAWL_DYN_DATETIME:
    return tw_datetime(d->u.i);
  case TRAWL_DYN_TIMESPAN:
    return tw_timespan(d->u.i);
  default:
    return tw_dynamic(d);
  }
}

int tw_value_to_dyn_node(tw_arena *a, const tw_value *v, tw_dyn *node) {
  memset(node, 0, sizeof *node);
  if (v->null) {
    node->kind = TRAWL_DYN_NULL;
    return 0;
  }
  switch (v->type) {
  case TW_T_BOOL:
    node->kind = TRAWL_DYN_BOOL;
    node->u.i = v->u.i != 0;
    return 0;
  case TW_T_INT:
  case TW_T_LONG:
    node->kind = TRAWL_DYN_LONG;
    node->u.i = v->u.i;
    return 0;
  case TW_T_REAL:
  case TW_T_DECIMAL:
    node->kind = TRAWL_DYN_REAL;
    node->u.r = v->u.r;
    return 0;
  case TW_T_DATETIME:
    node->kind = TRAWL_DYN_DATETIME;
    node->u.i = v->u.i;
    return 0;
  case TW_T_TIMESPAN:
    node->kind = TRAWL_DYN_TIMESPAN;
    node->u.i = v->u.i;
    return 0;
  case TW_T_STRING:
  case TW_T_GUID: {
    char *c = tw_arena_strndup(a, v->len ? v->u.s : "", v->len);
    if (!c) {
      return -1;
    }
    node->kind = v->type == TW_T_STRING ? TRAWL_DYN_STRING : TRAWL_DYN_GUID;
    node->u.s = c;
    node->n = v->len;
    return 0;
  }
  case TW_T_DYNAMIC:
    if (v->u.d) {
      *node = *v->u.d;
    } else {
      node->kind = TRAWL_DYN_NULL;
    }
    return 0;
  default:
    node->kind = TRAWL_DYN_NULL;
    return 0;
  }
}

const tw_dyn *tw_value_to_dyn(tw_arena *a, const tw_value *v) {
  if (v->type == TW_T_DYNAMIC && !v->null && v->u.d) {
    return v->u.d;
  }
  tw_dyn *node = tw_arena_alloc(a, sizeof *node);
  if (!node || tw_value_to_dyn_node(a, v, node) < 0) {
    return NULL;
  }
  return node;
}

/* ---------------------------------------------------------- to numbers */

static void trim_ws(const char **s, size_t *n) {
  const char *p = *s;
  size_t len = *n;
  while (len && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')) {
    p++;
    len--;
  }
  while (len && (p[len - 1] == ' ' || p[len - 1] == '\t' ||
                 p[len - 1] == '\n' || p[len - 1] == '\r')) {
    len--;
  }
  *s = p;
  *n = len;
}

/* Integer text: [+-]digits, surrounding whitespace allowed. */
static int parse_int64(const char *s, size_t n, int64_t *out) {
  trim_ws(&s, &n);
  size_t i = 0;
  int neg = 0;
  if (i < n && (s[i] == '+' || s[i] == '-')) {
    neg = s[i] == '-';
    i++;
  }
  if (i == n) {
    return -1;
  }
  uint64_t v = 0;
  for (; i < n; i++) {
    if (s[i] < '0' || s[i] > '9') {
      return -1;
    }
    unsigned d = (unsigned)(s[i] - '0');
    if (v > (UINT64_MAX - d) / 10) {
      return -1;
    }
    v = v * 10 + d;
  }
  if (neg ? v > (uint64_t)INT64_MAX + 1 : v > INT64_MAX) {
    return -1;
  }
  *out = neg ? (int64_t)(0 - v) : (int64_t)v;
  return 0;
}

static int ieq(const char *s, size_t n, const char *w) {
  size_t wl = strlen(w);
  if (n != wl) {
    return 0;
  }
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') {
      c = (char)(c + 32);
    }
    if (c != w[i]) {
      return 0;
    }
  }
  return 1;
}

static int parse_real(const char *s, size_t n, double *out) {
  trim_ws(&s, &n);
  if (n == 0 || n > 400) {
    return -1;
  }
  if (ieq(s, n, "nan")) {
    *out = NAN;
    return 0;
  }
  if (ieq(s, n, "infinity") || ieq(s, n, "+infinity") || ieq(s, n, "inf")) {
    *out = INFINITY;
    return 0;
  }
  if (ieq(s, n, "-infinity") || ieq(s, n, "-inf")) {
    *out = -INFINITY;
    return 0;
  }
  char tmp[408];
  memcpy(tmp, s, n);
  tmp[n] = '\0';
  /* strtod accepts hex and "inf" forms; allow only decimal text. */
  for (size_t i = 0; i < n; i++) {
    char c = tmp[i];
    if (!((c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' ||
          c == '+' || c == '-')) {
      return -1;
    }
  }
  char *end;
  double r = strtod(tmp, &end);
  if (end != tmp + n) {
    return -1;
  }
  *out = r;
  return 0;
}

/* A dynamic argument as the scalar it holds. */
static const tw_value *unwrap(const tw_value *v, tw_value *tmp) {
  if (v->type == TW_T_DYNAMIC && !v->null) {
    *tmp = tw_dyn_to_value(v->u.d);
    return tmp;
  }
  return v;
}

int tw_conv_tolong(const tw_value *in, tw_value *out) {
  tw_value tmp;
  const tw_value *v = unwrap(in, &tmp);
  *out = tw_null(TW_T_LONG);
  if (v->null) {
    return 0;
  }
  switch (v->type) {
  case TW_T_BOOL:
  case TW_T_INT:
  case TW_T_LONG:
  case TW_T_TIMESPAN:
    *out = tw_long(v->u.i);
    break;
  case TW_T_DATETIME:
    *out = tw_long(v->u.i + TW_DOTNET_EPOCH_TICKS);
    break;
  case TW_T_REAL:
  case TW_T_DECIMAL: {
    double r = trunc(v->u.r);
    if (!isnan(r) && r >= -9223372036854775808.0 &&
        r < 9223372036854775808.0) {
      *out = tw_long((int64_t)r);
    }
    break;
  }
  case TW_T_STRING: {
    int64_t i;
    if (parse_int64(v->u.s, v->len, &i) == 0) {
      *out = tw_long(i);
    }
    break;
  }
  default:
    break;
  }
  return 0;
}

int tw_conv_toint(const tw_value *in, tw_value *out) {
  tw_value l;
  tw_conv_tolong(in, &l);
  if (l.null || l.u.i < INT32_MIN || l.u.i > INT32_MAX) {
    *out = tw_null(TW_T_INT);
  } else {
    *out = tw_int((int32_t)l.u.i);
  }
  return 0;
}

int tw_conv_toreal(const tw_value *in, tw_value *out) {
  tw_value tmp;
  const tw_value *v = unwrap(in, &tmp);
  *out = tw_null(TW_T_REAL);
  if (v->null) {
    return 0;
  }
  switch (v->type) {
  case TW_T_BOOL:
  case TW_T_INT:
  case TW_T_LONG:
  case TW_T_TIMESPAN:
    *out = tw_real((double)v->u.i);
    break;
  case TW_T_DATETIME:
    *out = tw_real((double)(v->u.i + TW_DOTNET_EPOCH_TICKS));
    break;
  case TW_T_REAL:
  case TW_T_DECIMAL:
    *out = tw_real(v->u.r);
    break;
  case TW_T_STRING: {
    double r;
    if (parse_real(v->u.s, v->len, &r) == 0) {
      *out = tw_real(r);
    }
    break;
  }
  default:
    break;
  }
  return 0;
}

int tw_conv_tobool(const tw_value *in, tw_value *out) {
  tw_value tmp;
  const tw_value *v = unwrap(in, &tmp);
  *out = tw_null(TW_T_BOOL);
  if (v->null) {
    return 0;
  }
  switch (v->type) {
  case TW_T_BOOL:
  case TW_T_INT:
  case TW_T_LONG:
    *out = tw_bool(v->u.i != 0);
    break;
  case TW_T_REAL:
  case TW_T_DECIMAL:
    if (!isnan(v->u.r)) {
      *out = tw_bool(v->u.r != 0);
    }
    break;
  case TW_T_STRING: {
    const char *s = v->u.s;
    size_t n = v->len;
    trim_ws(&s, &n);
    if (ieq(s, n, "true")) {
      *out = tw_bool(true);
    } else if (ieq(s, n, "false")) {
      *out = tw_bool(false);
    }
    break;
  }
  default:
    break;
  }
  return 0;
}

/* ---------------------------------------------------------- datetimes */

static const char *const month_names[12] = {"jan", "feb", "mar", "apr",
                                            "may", "jun", "jul", "aug",
                                            "sep", "oct", "nov", "dec"};

static int month_of(const char *s, size_t n) {
  if (n < 3) {
    return 0;
  }
  for (int m = 0; m < 12; m++) {
    if (ieq(s, 3, month_names[m])) {
      return m + 1;
    }
  }
  return 0;
}

static int read_num(const char **p, const char *end, int maxd, int *out) {
  int v = 0, nd = 0;
  while (*p < end && **p >= '0' && **p <= '9' && nd < maxd) {
    v = v * 10 + (**p - '0');
    (*p)++;
    nd++;
  }
  if (nd == 0) {
    return -1;
  }
  *out = v;
  return nd;
}

static int valid_ymd(int y, int m, int d) {
  static const int dim[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > dim[m - 1]) {
    return 0;
  }
  if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) {
    return 0;
  }
  return 1;
}

/* Optional " HH:MM[:SS[.fffffff]]" after a date; rest must be empty. */
static int time_tail(const char *p, const char *end, int64_t *ticks) {
  *ticks = 0;
  if (p == end) {
    return 0;
  }
  if (*p != ' ' && *p != 'T') {
    return -1;
  }
  p++;
  int h, mi, sec = 0;
  if (read_num(&p, end, 2, &h) < 0 || p >= end || *p != ':') {
    return -1;
  }
  p++;
  if (read_num(&p, end, 2, &mi) < 0) {
    return -1;
  }
  int64_t frac = 0;
  if (p < end && *p == ':') {
    p++;
    if (read_num(&p, end, 2, &sec) < 0) {
      return -1;
    }
    if (p < end && *p == '.') {
      p++;
      int64_t scale = 1000000;
      int nd = 0;
      while (p < end && *p >= '0' && *p <= '9') {
        if (nd < 7) {
          frac += (*p - '0') * scale;
          scale /= 10;
        }
        nd++;
        p++;
      }
      if (nd == 0) {
        return -1;
      }
    }
  }
  if (p < end && *p == 'Z') {
    p++;
  }
  if (p != end || h > 23 || mi > 59 || sec > 59) {
    return -1;
  }
  *ticks = h * TW_TICKS_PER_HOUR + mi * TW_TICKS_PER_MINUTE +
           sec * TW_TICKS_PER_SECOND + frac;
  return 0;
}

static int make_dt(int y, int m, int d, int64_t tod, int64_t *out) {
  if (!valid_ymd(y, m, d)) {
    return -1;
  }
  *out = tw_days_from_civil(y, m, d) * TW_TICKS_PER_DAY + tod;
  return 0;
}

int tw_todatetime_text(const char *s, size_t n, int64_t *ticks) {
  trim_ws(&s, &n);
  if (n == 0) {
    return -1;
  }
  if (tw_datetime_parse(s, n, ticks) == 0) {
    return 0;
  }
  const char *p = s, *end = s + n;
  int a, b, c;
  int64_t tod;
  /* 20221202 */
  if (n == 8) {
    int all = 1;
    for (size_t i = 0; i < 8; i++) {
      all &= s[i] >= '0' && s[i] <= '9';
    }
    if (all) {
      a = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
          (s[3] - '0');
      b = (s[4] - '0') * 10 + (s[5] - '0');
      c = (s[6] - '0') * 10 + (s[7] - '0');
      return make_dt(a, b, c, 0, ticks);
    }
  }
  int na = read_num(&p, end, 4, &a);
  if (na > 0 && p < end && (*p == '/' || *p == '-' || *p == '.')) {
    char sep = *p++;
    if (read_num(&p, end, 2, &b) < 0 || p >= end || *p != sep) {
      return -1;
    }
    p++;
    int nc = read_num(&p, end, 4, &c);
    if (nc < 0 || time_tail(p, end, &tod) < 0) {
      return -1;
    }
    if (na == 4) { /* 2022/12/02 */
      return make_dt(a, b, c, tod, ticks);
    }
    if (nc == 4) { /* 12-02-2022 / 12/02/2022 / 12.02.2022: month first */
      return make_dt(c, a, b, tod, ticks);
    }
    return -1;
  }
  if (na > 0 && na <= 2 && p < end && *p == ' ') { /* 2 Dec 2022 */
    p++;
    const char *mw = p;
    while (p < end && ((*p | 32) >= 'a' && (*p | 32) <= 'z')) {
      p++;
    }
    int m = month_of(mw, (size_t)(p - mw));
    if (!m || p >= end || *p != ' ') {
      return -1;
    }
    p++;
    if (read_num(&p, end, 4, &c) != 4 || time_tail(p, end, &tod) < 0) {
      return -1;
    }
    return make_dt(c, m, a, tod, ticks);
  }
  if (na < 0) { /* Dec 2, 2022 */
    const char *mw = p;
    while (p < end && ((*p | 32) >= 'a' && (*p | 32) <= 'z')) {
      p++;
    }
    int m = month_of(mw, (size_t)(p - mw));
    if (!m || p >= end || *p != ' ') {
      return -1;
    }
    p++;
    if (read_num(&p, end, 2, &b) < 0) {
      return -1;
    }
    if (p < end && *p == ',') {
      p++;
    }
    if (p >= end || *p != ' ') {
      return -1;
    }
    p++;
    if (read_num(&p, end, 4, &c) != 4 || time_tail(p, end, &tod) < 0) {
      return -1;
    }
    return make_dt(c, m, b, tod, ticks);
  }
  return -1;
}

int tw_conv_todatetime(const tw_value *in, tw_value *out) {
  tw_value tmp;
  const tw_value *v = unwrap(in, &tmp);
  *out = tw_null(TW_T_DATETIME);
  if (v->null) {
    return 0;
  }
  switch (v->type) {
  case TW_T_DATETIME:
    *out = *v;
    break;
  case TW_T_STRING: {
    int64_t t;
    if (tw_todatetime_text(v->u.s, v->len, &t) == 0) {
      *out = tw_datetime(t);
    }
    break;
  }
  case TW_T_LONG:
  case TW_T_INT: {
    /* .NET ticks since 0001-01-01 */
    int64_t t = v->u.i - TW_DOTNET_EPOCH_TICKS;
    if (v->u.i >= 0 && t <= TW_DATETIME_MAX) {
      *out = tw_datetime(t);
    }
    break;
  }
  default:
    break;
  }
  return 0;
}

int tw_conv_totimespan(const tw_value *in, tw_value *out) {
  tw_value tmp;
  const tw_value *v = unwrap(in, &tmp);
  *out = tw_null(TW_T_TIMESPAN);
  if (v->null) {
    return 0;
  }
  switch (v->type) {
  case TW_T_TIMESPAN:
    *out = *v;
    break;
  case TW_T_INT:
  case TW_T_LONG:
    *out = tw_timespan(v->u.i);
    break;
  case TW_T_REAL:
  case TW_T_DECIMAL:
    if (!isnan(v->u.r) && fabs(v->u.r) < 9.2e18) {
      *out = tw_timespan((int64_t)v->u.r);
    }
    break;
  case TW_T_STRING: {
    const char *s = v->u.s;
    size_t n = v->len;
    int64_t t;
    trim_ws(&s, &n);
    if (n && tw_timespan_parse(s, n, &t) == 0) {
      *out = tw_timespan(t);
    }
    break;
  }
  default:
    break;
  }
  return 0;
}

int tw_conv_toguid(tw_arena *a, const tw_value *in, tw_value *out) {
  tw_value tmp;
  const tw_value *v = unwrap(in, &tmp);
  *out = tw_null(TW_T_GUID);
  if (v->null || (v->type != TW_T_STRING && v->type != TW_T_GUID)) {
    return 0;
  }
  const char *s = v->u.s;
  size_t n = v->len;
  trim_ws(&s, &n);
  if (n == 38 && s[0] == '{' && s[37] == '}') {
    s++;
    n -= 2;
  }
  char g[37];
  size_t k = 0;
  if (n == 36) {
    for (size_t i = 0; i < 36; i++) {
      int dash = i == 8 || i == 13 || i == 18 || i == 23;
      char c = s[i];
      if (dash) {
        if (c != '-') {
          return 0;
        }
      } else if (!((c >= '0' && c <= '9') || ((c | 32) >= 'a' &&
                                               (c | 32) <= 'f'))) {
        return 0;
      }
      g[k++] = (c >= 'A' && c <= 'F') ? (char)(c + 32) : c;
    }
  } else if (n == 32) {
    for (size_t i = 0; i < 32; i++) {
      char c = s[i];
      if (!((c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'f'))) {
        return 0;
      }
      if (i == 8 || i == 12 || i == 16 || i == 20) {
        g[k++] = '-';
      }
      g[k++] = (c >= 'A' && c <= 'F') ? (char)(c + 32) : c;
    }
  } else {
    /* dashes elsewhere: accept when exactly 32 hex digits remain */
    size_t hexn = 0;
    for (size_t i = 0; i < n; i++) {
      char c = s[i];
      if (c == '-') {
        continue;
      }
      if (!((c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'f')) ||
          hexn == 32) {
        return 0;
      }
      if (hexn == 8 || hexn == 12 || hexn == 16 || hexn == 20) {
        g[k++] = '-';
      }
      g[k++] = (c >= 'A' && c <= 'F') ? (char)(c + 32) : c;
      hexn++;
    }
    if (hexn != 32) {
      return 0;
    }
  }
  char *c = tw_arena_strndup(a, g, 36);
  if (!c) {
    return -1;
  }
  out->null = 0;
  out->u.s = c;
  out->len = 36;
  return 0;
}

int tw_conv_todynamic(tw_arena *a, const tw_value *v, tw_value *out) {
  if (v->type == TW_T_DYNAMIC) {
    *out = *v;
    return 0;
  }
  if (v->null) {
    *out = tw_null(TW_T_DYNAMIC);
    return 0;
  }
  if (v->type == TW_T_STRING) {
    if (v->len == 0) {
      *out = tw_null(TW_T_DYNAMIC);
      return 0;
    }
    const tw_dyn *d;
    if (tw_dyn_parse(v->u.s, v->len, a, &d, NULL) == 0) {
      *out = d->kind == TRAWL_DYN_NULL ? tw_null(TW_T_DYNAMIC) : tw_dynamic(d);
      return 0;
    }
  }
  const tw_dyn *d = tw_value_to_dyn(a, v);
  if (!d) {
    return -1;
  }
  *out = tw_dynamic(d);
  return 0;
}

int tw_conv_to_type(tw_arena *a, const tw_value *v, tw_type t,
                    tw_value *out) {
  switch (t) {
  case TW_T_BOOL:
    return tw_conv_tobool(v, out);
  case TW_T_INT:
    return tw_conv_toint(v, out);
  case TW_T_LONG:
    return tw_conv_tolong(v, out);
  case TW_T_REAL:
    return tw_conv_toreal(v, out);
  case TW_T_DECIMAL:
    tw_conv_toreal(v, out);
    out->type = TW_T_DECIMAL;
    return 0;
  case TW_T_STRING:
    return tw_conv_tostring(a, v, out);
  case TW_T_DATETIME:
    return tw_conv_todatetime(v, out);
  case TW_T_TIMESPAN:
    return tw_conv_totimespan(v, out);
  case TW_T_GUID:
    return tw_conv_toguid(a, v, out);
  case TW_T_DYNAMIC:
    return tw_conv_todynamic(a, v, out);
  default:
    *out = *v;
    return 0;
  }
}
