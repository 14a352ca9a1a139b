/*
 * functions/fn_datetime.c - date and time kernels: ago, now, startofday/
 * week/month/year, endofday, datetime_diff, datetime_add, datetime_part,
 * dayofweek, hourofday, getyear, getmonth, format_datetime,
 * format_timespan, unixtime_*_todatetime, make_datetime, make_timespan
 * (kql-semantics 5.5). Weeks start on Sunday.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/timeutil.h"
#include "functions/convert.h"
#include "functions/kernels.h"
#include "functions/regex.h"
#include "functions/strmatch.h"

static int64_t fdiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) {
    q--;
  }
  return q;
}

static int ok_dt(int64_t t) {
  return t >= TW_DATETIME_MIN && t <= TW_DATETIME_MAX;
}

static void set_dt(tw_value *out, int64_t t) {
  *out = ok_dt(t) ? tw_datetime(t) : tw_null(TW_T_DATETIME);
}

/* The datetime argument, or 0 when null / not a datetime. */
static int get_dt(const tw_value *v, int64_t *t) {
  tw_value d;
  tw_conv_todatetime(v, &d);
  if (d.null) {
    return 0;
  }
  *t = d.u.i;
  return 1;
}

static int get_ts(const tw_value *v, int64_t *t) {
  tw_value d;
  tw_conv_totimespan(v, &d);
  if (d.null) {
    return 0;
  }
  *t = d.u.i;
  return 1;
}

typedef struct civil {
  int64_t y;
  int m, d;
  int64_t tod; /* ticks into the day */
  int64_t days;
} civil;

static civil to_civil(int64_t t) {
  civil c;
  c.days = fdiv(t, TW_TICKS_PER_DAY);
  c.tod = t - c.days * TW_TICKS_PER_DAY;
  tw_civil_from_days(c.days, &c.y, &c.m, &c.d);
  return c;
}

/* 0 = Sunday */
static int weekday(int64_t days) {
  int64_t w = (days + 4) % 7;
  return (int)(w < 0 ? w + 7 : w);
}

static int days_in_month(int64_t y, int m) {
  static const int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) {
    return 29;
  }
  return dim[m - 1];
}

/* ------------------------------------------------------------ now/ago */

TW_KERNEL(ago) {
  int64_t d;
  (void)call;
  (void)nargs;
  if (!get_ts(&args[0], &d)) {
    *out = tw_null(TW_T_DATETIME);
    return 0;
  }
  set_dt(out, ctx->now - d);
  return 0;
}

TW_KERNEL(now) {
  int64_t d = 0;
  (void)call;
  if (nargs > 0 && !get_ts(&args[0], &d)) {
    *out = tw_null(TW_T_DATETIME);
    return 0;
  }
  set_dt(out, ctx->now + d);
  return 0;
}

/* ----------------------------------------------------------- startof */

enum { P_DAY, P_WEEK, P_MONTH, P_YEAR };

static int64_t start_of(int64_t t, int period, int64_t offset) {
  civil c = to_civil(t);
  switch (period) {
  case P_DAY:
    return (c.days + offset) * TW_TICKS_PER_DAY;
  case P_WEEK:
    return (c.days - weekday(c.days) + 7 * offset) * TW_TICKS_PER_DAY;
  case P_MONTH: {
    int64_t mi = c.y * 12 + (c.m - 1) + offset;
    int64_t y = fdiv(mi, 12);
    int m = (int)(mi - y * 12) + 1;
    return tw_days_from_civil(y, m, 1) * TW_TICKS_PER_DAY;
  }
  default:
    return tw_days_from_civil(c.y + offset, 1, 1) * TW_TICKS_PER_DAY;
  }
}

static int start_kernel(const tw_value *args, uint32_t nargs, tw_value *out,
                        int period, int end) {
  int64_t t, off = 0;
  if (!get_dt(&args[0], &t) || (nargs > 1 && !tw_k_int(&args[1], &off)) ||
      off > 100000 || off < -100000) {
    *out = tw_null(TW_T_DATETIME);
    return 0;
  }
  if (end) {
    set_dt(out, start_of(t, period, off + 1) - 1);
  } else {
    set_dt(out, start_of(t, period, off));
  }
  return 0;
}

TW_KERNEL(startofday) {
  (void)ctx;
  (void)call;
  return start_kernel(args, nargs, out, P_DAY, 0);
}
TW_KERNEL(startofweek) {
  (void)ctx;
  (void)call;
  return start_kernel(args, nargs, out, P_WEEK, 0);
}
TW_KERNEL(startofmonth) {
  (void)ctx;
  (void)call;
  return start_kernel(args, nargs, out, P_MONTH, 0);
}
TW_KERNEL(startofyear) {
  (void)ctx;
  (void)call;
  return start_kernel(args, nargs, out, P_YEAR, 0);
}
TW_KERNEL(endofday) {
  (void)ctx;
  (void)call;
  return start_kernel(args, nargs, out, P_DAY, 1);
}

/* ------------------------------------------------------------ periods */

enum {
  U_YEAR, U_QUARTER, U_MONTH, U_WEEK, U_DAY, U_HOUR, U_MINUTE, U_SECOND,
  U_MS, U_US, U_NS, U_DOY, U_WOY, U_NONE
};

static int unit_of(const char *s, size_t n) {
  static const struct {
    const char *name;
    int u;
  } units[] = {
      {"year", U_YEAR},          {"quarter", U_QUARTER},
      {"month", U_MONTH},        {"week", U_WEEK},
      {"day", U_DAY},            {"hour", U_HOUR},
      {"minute", U_MINUTE},      {"second", U_SECOND},
      {"millisecond", U_MS},     {"microsecond", U_US},
      {"nanosecond", U_NS},      {"dayofyear", U_DOY},
      {"week_of_year", U_WOY},   {"weekofyear", U_WOY},
  };
  for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
    if (tw_str_eq(s, n, units[i].name, strlen(units[i].name), true)) {
      return units[i].u;
    }
  }
  return U_NONE;
}

static int bad_period(tw_eval_ctx *ctx, tw_ast *call) {
  return tw_fn_error(ctx, call, TRAWL_ERR_RUNTIME,
                     "unknown period (use year, quarter, month, week, day, "
                     "hour, minute, second, millisecond, microsecond or "
                     "nanosecond)");
}

static int unit_arg(tw_eval_ctx *ctx, tw_ast *call, const tw_value *v,
                    int *u) {
  const char *s;
  size_t n;
  int rc = tw_k_str(ctx, call, v, &s, &n);
  if (rc) {
    return rc;
  }
  *u = unit_of(s, n);
  return 0;
}

static int64_t unit_ticks(int u) {
  switch (u) {
  case U_WEEK: return 7 * TW_TICKS_PER_DAY;
  case U_DAY: return TW_TICKS_PER_DAY;
  case U_HOUR: return TW_TICKS_PER_HOUR;
  case U_MINUTE: return TW_TICKS_PER_MINUTE;
  case U_SECOND: return TW_TICKS_PER_SECOND;
  case U_MS: return TW_TICKS_PER_MS;
  case U_US: return 10;
  default: return 1;
  }
}

TW_KERNEL(datetime_diff) {
  int u, rc;
  int64_t a, b;
  (void)nargs;
  if ((rc = unit_arg(ctx, call, &args[0], &u))) {
    return rc;
  }
  if (u == U_NONE || u == U_DOY || u == U_WOY) {
    return bad_period(ctx, call);
  }
  if (!get_dt(&args[1], &a) || !get_dt(&args[2], &b)) {
    *out = tw_null(TW_T_LONG);
    return 0;
  }
  civil ca = to_civil(a), cb = to_civil(b);
  int64_t r;
  switch (u) {
  case U_YEAR:
    r = ca.y - cb.y;
    break;
  case U_QUARTER:
    r = (ca.y * 4 + (ca.m - 1) / 3) - (cb.y * 4 + (cb.m - 1) / 3);
    break;
  case U_MONTH:
    r = (ca.y * 12 + ca.m) - (cb.y * 12 + cb.m);
    break;
  case U_WEEK:
    r = fdiv(ca.days - weekday(ca.days), 7) - fdiv(cb.days - weekday(cb.days), 7);
    break;
  case U_NS:
    r = (a - b) * 100;
    break;
  default: {
    int64_t ut = unit_ticks(u);
    r = fdiv(a, ut) - fdiv(b, ut);
    break;
  }
  }
  *out = tw_long(r);
  return 0;
}

TW_KERNEL(datetime_add) {
  int u, rc;
  int64_t amount, t;
  (void)nargs;
  if ((rc = unit_arg(ctx, call, &args[0], &u))) {
    return rc;
  }
  if (u == U_NONE || u == U_DOY || u == U_WOY) {
    return bad_period(ctx, call);
  }
  if (!tw_k_int(&args[1], &amount) || !get_dt(&args[2], &t)) {
    *out = tw_null(TW_T_DATETIME);
    return 0;
  }
  if (u == U_YEAR || u == U_QUARTER || u == U_MONTH) {
    int64_t months = u == U_YEAR ? amount * 12
                   : u == U_QUARTER ? amount * 3 : amount;
    if (months > 120000 || months < -120000) {
      *out = tw_null(TW_T_DATETIME);
      return 0;
    }
    civil c = to_civil(t);
    int64_t mi = c.y * 12 + (c.m - 1) + months;
    int64_t y = fdiv(mi, 12);
    int m = (int)(mi - y * 12) + 1;
    int d = c.d > days_in_month(y, m) ? days_in_month(y, m) : c.d;
    set_dt(out, tw_days_from_civil(y, m, d) * TW_TICKS_PER_DAY + c.tod);
    return 0;
  }
  int64_t ut = unit_ticks(u);
  if (u == U_NS) {
    amount /= 100;
  }
  if (amount > (int64_t)4e18 / ut || amount < -(int64_t)4e18 / ut) {
    *out = tw_null(TW_T_DATETIME);
    return 0;
  }
  set_dt(out, t + amount * ut);
  return 0;
}

static int day_of_year(const civil *c) {
  return (int)(c->days - tw_days_from_civil(c->y, 1, 1)) + 1;
}

/* ISO 8601 week number. */
static int iso_week(const civil *c) {
  int wd = weekday(c->days);
  int iso_wd = wd == 0 ? 7 : wd; /* Monday 1 .. Sunday 7 */
  int64_t thursday = c->days - iso_wd + 4;
  int64_t ty;
  int tm, td;
  tw_civil_from_days(thursday, &ty, &tm, &td);
  return (int)((thursday - tw_days_from_civil(ty, 1, 1)) / 7) + 1;
}

TW_KERNEL(datetime_part) {
  int u, rc;
  int64_t t;
  (void)nargs;
  if ((rc = unit_arg(ctx, call, &args[0], &u))) {
    return rc;
  }
  if (u == U_NONE) {
    return bad_period(ctx, call);
  }
  if (!get_dt(&args[1], &t)) {
    *out = tw_null(TW_T_INT);
    return 0;
  }
  civil c = to_civil(t);
  int64_t r;
  switch (u) {
  case U_YEAR: r = c.y; break;
  case U_QUARTER: r = (c.m - 1) / 3 + 1; break;
  case U_MONTH: r = c.m; break;
  case U_WEEK:
  case U_WOY: r = iso_week(&c); break;
  case U_DAY: r = c.d; break;
  case U_DOY: r = day_of_year(&c); break;
  case U_HOUR: r = c.tod / TW_TICKS_PER_HOUR; break;
  case U_MINUTE: r = c.tod / TW_TICKS_PER_MINUTE % 60; break;
  case U_SECOND: r = c.tod / TW_TICKS_PER_SECOND % 60; break;
  case U_MS: r = c.tod / TW_TICKS_PER_MS % 1000; break;
  case U_US: r = c.tod / 10 % 1000000; break;
  default: r = c.tod % TW_TICKS_PER_SECOND * 100; break;
  }
  *out = call && call->type == TW_T_LONG ? tw_long(r) : tw_int((int32_t)r);
  return 0;
}

TW_KERNEL(dayofweek) {
  int64_t t;
  (void)ctx;
  (void)call;
  (void)nargs;
  if (!get_dt(&args[0], &t)) {
    *out = tw_null(TW_T_TIMESPAN);
    return 0;
  }
  *out = tw_timespan(weekday(fdiv(t, TW_TICKS_PER_DAY)) * TW_TICKS_PER_DAY);
  return 0;
}

static int int_part(const tw_value *args, tw_value *out, int which) {
  int64_t t;
  if (!get_dt(&args[0], &t)) {
    *out = tw_null(TW_T_INT);
    return 0;
  }
  civil c = to_civil(t);
  int64_t r = which == 0 ? c.tod / TW_TICKS_PER_HOUR : which == 1 ? c.y : c.m;
  *out = tw_int((int32_t)r);
  return 0;
}

TW_KERNEL(hourofday) {
  (void)ctx;
  (void)call;
  (void)nargs;
  return int_part(args, out, 0);
}
TW_KERNEL(getyear) {
  (void)ctx;
  (void)call;
  (void)nargs;
  return int_part(args, out, 1);
}
TW_KERNEL(getmonth) {
  (void)ctx;
  (void)call;
  (void)nargs;
  return int_part(args, out, 2);
}

/* ------------------------------------------------------------ format */

static size_t run_len(const char *f, size_t n, size_t i) {
  size_t k = i;
  while (k < n && f[k] == f[i]) {
    k++;
  }
  return k - i;
}

static int put_num(char *o, size_t *k, size_t cap, int64_t v, size_t width) {
  char tmp[32];
  int len = snprintf(tmp, sizeof tmp, "%0*lld", (int)width, (long long)v);
  if (len < 0 || *k + (size_t)len >= cap) {
    return -1;
  }
  memcpy(o + *k, tmp, (size_t)len);
  *k += (size_t)len;
  return 0;
}

/* fraction digits of `frac7` (0..9999999): f..fffffff / F..FFFFFFF */
static int put_frac(char *o, size_t *k, size_t cap, int64_t frac7,
                    size_t digits, int trim) {
  char tmp[24];
  snprintf(tmp, sizeof tmp, "%07lld", (long long)frac7);
  size_t d = digits > 7 ? 7 : digits;
  if (trim) {
    while (d > 0 && tmp[d - 1] == '0') {
      d--;
    }
    if (d == 0 && *k > 0 && o[*k - 1] == '.') {
      (*k)--; /* drop the separator before an empty F fraction */
    }
  }
  if (*k + d >= cap) {
    return -1;
  }
  memcpy(o + *k, tmp, d);
  *k += d;
  return 0;
}

static int format_common(tw_eval_ctx *ctx, tw_ast *call, const char *f,
                         size_t fn, int64_t t, int is_span, tw_value *out) {
  size_t cap = fn * 8 + 64;
  char *o = tw_arena_alloc(ctx->arena, cap);
  if (!o) {
    return tw_k_oom(ctx, call);
  }
  size_t k = 0;
  civil c;
  int64_t days = 0, tod;
  int neg = 0;
  if (is_span) {
    if (t < 0) {
      neg = 1;
      t = -t;
    }
    days = t / TW_TICKS_PER_DAY;
    tod = t % TW_TICKS_PER_DAY;
    c.y = 0;
    c.m = c.d = 0;
  } else {
    c = to_civil(t);
    tod = c.tod;
  }
  if (neg && k < cap) {
    o[k++] = '-';
  }
  int64_t hh = tod / TW_TICKS_PER_HOUR, mi = tod / TW_TICKS_PER_MINUTE % 60,
          ss = tod / TW_TICKS_PER_SECOND % 60,
          frac = tod % TW_TICKS_PER_SECOND;
  for (size_t i = 0; i < fn;) {
    char ch = f[i];
    size_t r = run_len(f, fn, i);
    int rc = 0;
    switch (ch) {
    case 'd':
      rc = put_num(o, &k, cap, is_span ? days : c.d, r);
      break;
    case 'f':
    case 'F':
      rc = put_frac(o, &k, cap, frac, r, ch == 'F');
      break;
    case 'h':
      rc = put_num(o, &k, cap, is_span ? hh : (hh % 12 == 0 ? 12 : hh % 12),
                   r > 2 ? 2 : r);
      break;
    case 'H':
      rc = put_num(o, &k, cap, hh, r > 2 ? 2 : r);
      break;
    case 'm':
      rc = put_num(o, &k, cap, mi, r > 2 ? 2 : r);
      break;
    case 'M':
      rc = put_num(o, &k, cap, c.m, r > 2 ? 2 : r);
      break;
    case 's':
      rc = put_num(o, &k, cap, ss, r > 2 ? 2 : r);
      break;
    case 'y':
      if (r <= 2) {
        rc = put_num(o, &k, cap, c.y % 100, r);
      } else {
        rc = put_num(o, &k, cap, c.y, r);
      }
      break;
    case 't':
      if (k + 2 < cap) {
        o[k++] = hh < 12 ? 'A' : 'P';
        if (r >= 2) {
          o[k++] = 'M';
        }
      }
      break;
    default:
      if (k + r < cap) {
        memcpy(o + k, f + i, r);
        k += r;
      }
      break;
    }
    if (rc < 0) {
      break;
    }
    i += r;
  }
  o[k] = '\0';
  *out = tw_str(o, k);
  return 0;
}

TW_KERNEL(format_datetime) {
  int64_t t;
  const char *f;
  size_t fn;
  int rc;
  (void)nargs;
  if (!get_dt(&args[0], &t)) {
    *out = tw_str("", 0);
    return 0;
  }
  if ((rc = tw_k_str(ctx, call, &args[1], &f, &fn))) {
    return rc;
  }
  return format_common(ctx, call, f, fn, t, 0, out);
}

TW_KERNEL(format_timespan) {
  int64_t t;
  const char *f;
  size_t fn;
  int rc;
  (void)nargs;
  if (!get_ts(&args[0], &t)) {
    *out = tw_str("", 0);
    return 0;
  }
  if ((rc = tw_k_str(ctx, call, &args[1], &f, &fn))) {
    return rc;
  }
  return format_common(ctx, call, f, fn, t, 1, out);
}

/* ----------------------------------------------------------- unixtime */

static int unix_kernel(const tw_value *v, tw_value *out, double scale) {
  double r;
  if (!tw_k_real(v, &r) || isnan(r)) {
    *out = tw_null(TW_T_DATETIME);
    return 0;
  }
  double t = r * scale;
  if (t < (double)TW_DATETIME_MIN || t > (double)TW_DATETIME_MAX) {
    *out = tw_null(TW_T_DATETIME);
    return 0;
  }
  set_dt(out, (int64_t)llround(t));
  return 0;
}

TW_KERNEL(unixtime_seconds_todatetime) {
  (void)ctx;
  (void)call;
  (void)nargs;
  return unix_kernel(&args[0], out, (double)TW_TICKS_PER_SECOND);
}

TW_KERNEL(unixtime_milliseconds_todatetime) {
  (void)ctx;
  (void)call;
  (void)nargs;
  return unix_kernel(&args[0], out, (double)TW_TICKS_PER_MS);
}

TW_KERNEL(make_datetime) {
  int64_t part[5] = {1, 1, 1, 0, 0};
  double sec = 0;
  (void)ctx;
  (void)call;
  for (uint32_t i = 0; i < nargs && i < 5; i++) {
    if (!tw_k_int(&args[i], &part[i])) {
      *out = tw_null(TW_T_DATETIME);
      return 0;
    }
  }
  if (nargs > 5 && !tw_k_real(&args[5], &sec)) {
    *out = tw_null(TW_T_DATETIME);
    return 0;
  }
  if (part[0] < 1 || part[0] > 9999 || part[1] < 1 || part[1] > 12 ||
      part[2] < 1 || part[2] > days_in_month(part[0], (int)part[1]) ||
      part[3] < 0 || part[3] > 23 || part[4] < 0 || part[4] > 59 ||
      sec < 0 || sec >= 60) {
    *out = tw_null(TW_T_DATETIME);
    return 0;
  }
  int64_t t = tw_days_from_civil(part[0], (int)part[1], (int)part[2]) *
                  TW_TICKS_PER_DAY +
              part[3] * TW_TICKS_PER_HOUR + part[4] * TW_TICKS_PER_MINUTE +
              (int64_t)llround(sec * TW_TICKS_PER_SECOND);
  set_dt(out, t);
  return 0;
}

TW_KERNEL(make_timespan) {
  /* (h, m), (h, m, s) or (d, h, m, s) */
  int64_t d = 0, h = 0, m = 0;
  double s = 0;
  (void)ctx;
  (void)call;
  int okv = 1;
  if (nargs == 1) {
    okv = tw_k_int(&args[0], &h);
  } else if (nargs == 2) {
    okv = tw_k_int(&args[0], &h) && tw_k_int(&args[1], &m);
  } else if (nargs == 3) {
    okv = tw_k_int(&args[0], &h) && tw_k_int(&args[1], &m) &&
          tw_k_real(&args[2], &s);
  } else {
    okv = tw_k_int(&args[0], &d) && tw_k_int(&args[1], &h) &&
          tw_k_int(&args[2], &m) && tw_k_real(&args[3], &s);
  }
  if (!okv) {
    *out = tw_null(TW_T_TIMESPAN);
    return 0;
  }
  double t = (double)d * TW_TICKS_PER_DAY + (double)h * TW_TICKS_PER_HOUR +
             (double)m * TW_TICKS_PER_MINUTE + s * TW_TICKS_PER_SECOND;
  if (isnan(t) || fabs(t) > 9e18) {
    *out = tw_null(TW_T_TIMESPAN);
    return 0;
  }
  *out = tw_timespan((int64_t)llround(t));
  return 0;
}
