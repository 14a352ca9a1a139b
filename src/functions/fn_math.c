/*
 * functions/fn_math.c - numeric kernels: bin/floor (numbers, timespans,
 * datetimes; kql-semantics 3.6.3), round, abs, log, log10, exp, pow, sqrt,
 * rand.
 */
#include <math.h>
#include <time.h>

#include "base/timeutil.h"
#include "functions/convert.h"
#include "functions/kernels.h"

static tw_value unwrap(const tw_value *v) {
  if (v->type == TW_T_DYNAMIC) {
    return v->null ? tw_null(TW_T_DYNAMIC) : tw_dyn_to_value(v->u.d);
  }
  return *v;
}

static int is_int_t(int t) { return t == TW_T_INT || t == TW_T_LONG; }
static int is_num_t(int t) {
  return is_int_t(t) || t == TW_T_REAL || t == TW_T_DECIMAL;
}

static int64_t fdiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) {
    q--;
  }
  return q;
}

TW_KERNEL(bin) {
  tw_value v = unwrap(&args[0]);
  tw_value s = nargs > 1 ? unwrap(&args[1]) : tw_null(TW_T_LONG);
  tw_value r = tw_null(call && call->type ? (tw_type)call->type
                                          : (tw_type)v.type);
  if (r.type == TW_T_STRING) {
    r = tw_null(TW_T_DYNAMIC);
  }
  if (tw_k_nullish(&v) || tw_k_nullish(&s)) {
    return tw_k_coerce(ctx, call, &r, out);
  }
  if (v.type == TW_T_DATETIME || v.type == TW_T_TIMESPAN) {
    int64_t size;
    if (s.type == TW_T_TIMESPAN) {
      size = s.u.i;
    } else if (is_int_t(s.type)) {
      size = s.u.i; /* ticks */
    } else if (is_num_t(s.type)) {
      size = (int64_t)s.u.r;
    } else {
      return tw_k_coerce(ctx, call, &r, out);
    }
    if (size <= 0) {
      return tw_k_coerce(ctx, call, &r, out);
    }
    if (v.type == TW_T_DATETIME) {
      /* bins count from 0001-01-01 (kql-semantics 8) */
      int64_t t = v.u.i + TW_DOTNET_EPOCH_TICKS;
      int64_t b = fdiv(t, size) * size - TW_DOTNET_EPOCH_TICKS;
      r = b >= TW_DATETIME_MIN ? tw_datetime(b) : tw_null(TW_T_DATETIME);
    } else {
      r = tw_timespan(fdiv(v.u.i, size) * size);
    }
    return tw_k_coerce(ctx, call, &r, out);
  }
  if (!is_num_t(v.type) || !is_num_t(s.type)) {
    return tw_k_coerce(ctx, call, &r, out);
  }
  if (is_int_t(v.type) && is_int_t(s.type)) {
    if (s.u.i <= 0) {
      return tw_k_coerce(ctx, call, &r, out);
    }
    r = tw_long(fdiv(v.u.i, s.u.i) * s.u.i);
  } else {
    double x = is_int_t(v.type) ? (double)v.u.i : v.u.r;
    double y = is_int_t(s.type) ? (double)s.u.i : s.u.r;
    if (!(y > 0)) {
      return tw_k_coerce(ctx, call, &r, out);
    }
    r = tw_real(floor(x / y) * y);
  }
  return tw_k_coerce(ctx, call, &r, out);
}

TW_KERNEL(round) {
  tw_value v = unwrap(&args[0]);
  int64_t p = 0;
  if (tw_k_nullish(&v) || !is_num_t(v.type) ||
      (nargs > 1 && !tw_k_int(&args[1], &p))) {
    tw_value r = tw_null(TW_T_REAL);
    return tw_k_coerce(ctx, call, &r, out);
  }
  if (p > 300) {
    p = 300;
  }
  if (p < -300) {
    p = -300;
  }
  tw_value r;
  if (is_int_t(v.type) && p >= 0) {
    r = v;
  } else {
    double x = is_int_t(v.type) ? (double)v.u.i : v.u.r;
    double m = pow(10.0, (double)p);
    double y = round(x * m) / m;
    if (isinf(x * m)) {
      y = x;
    }
    if (is_int_t(v.type)) {
      r = tw_long((int64_t)y);
    } else {
      r = tw_real(y);
    }
  }
  return tw_k_coerce(ctx, call, &r, out);
}

TW_KERNEL(abs) {
  tw_value v = unwrap(&args[0]);
  (void)nargs;
  tw_value r;
  if (tw_k_nullish(&v)) {
    r = tw_null(TW_T_REAL);
  } else if (is_int_t(v.type)) {
    r = tw_long(v.u.i < 0 ? (int64_t)(0 - (uint64_t)v.u.i) : v.u.i);
  } else if (v.type == TW_T_TIMESPAN) {
    r = tw_timespan(v.u.i < 0 ? (int64_t)(0 - (uint64_t)v.u.i) : v.u.i);
  } else if (is_num_t(v.type)) {
    r = tw_real(fabs(v.u.r));
  } else {
    r = tw_null(TW_T_REAL);
  }
  return tw_k_coerce(ctx, call, &r, out);
}

static int real_fn(const tw_value *a, tw_value *out, double (*f)(double),
                   int positive) {
  double x;
  if (!tw_k_real(a, &x) || (positive && x < 0)) {
    *out = tw_null(TW_T_REAL);
    return 0;
  }
  *out = tw_real(f(x));
  return 0;
}

TW_KERNEL(log) {
  (void)ctx;
  (void)call;
  (void)nargs;
  return real_fn(&args[0], out, log, 1);
}
TW_KERNEL(log10) {
  (void)ctx;
  (void)call;
  (void)nargs;
  return real_fn(&args[0], out, log10, 1);
}
TW_KERNEL(exp) {
  (void)ctx;
  (void)call;
  (void)nargs;
  return real_fn(&args[0], out, exp, 0);
}
TW_KERNEL(sqrt) {
  (void)ctx;
  (void)call;
  (void)nargs;
  return real_fn(&args[0], out, sqrt, 1);
}

TW_KERNEL(pow) {
  double x, y;
  (void)ctx;
  (void)call;
  (void)nargs;
  if (!tw_k_real(&args[0], &x) || !tw_k_real(&args[1], &y)) {
    *out = tw_null(TW_T_REAL);
    return 0;
  }
  *out = tw_real(pow(x, y));
  return 0;
}

static uint64_t rand_state;

static uint64_t rand_next(void) {
  if (!rand_state) {
    rand_state = ((uint64_t)time(NULL) << 20) ^ 0x9e3779b97f4a7c15ULL;
  }
  rand_state ^= rand_state << 13;
  rand_state ^= rand_state >> 7;
  rand_state ^= rand_state << 17;
  return rand_state;
}

TW_KERNEL(rand) {
  (void)ctx;
  (void)call;
  double r = (double)(rand_next() >> 11) / 9007199254740992.0;
  int64_t n;
  if (nargs > 0 && tw_k_int(&args[0], &n) && n > 0) {
    *out = tw_long((int64_t)(r * (double)n));
    return 0;
  }
  *out = tw_real(r);
  return 0;
}
