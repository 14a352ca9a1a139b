/*
 * functions/agg_basic.c - counting and numeric aggregates: count, countif,
 * sum, sumif, avg, avgif, min, max, minif, maxif, stdev, variance,
 * binary_all_or (kql-semantics 3.6). Nulls are ignored; count() counts
 * rows.
 */
#include <math.h>
#include <string.h>

#include "functions/agg_int.h"
#include "functions/convert.h"
#include "functions/operators.h"
#include "value/json.h"

int tw_agg_is_null(const tw_value *v) {
  if (v->type == TW_T_STRING) {
    return 0;
  }
  if (v->null) {
    return 1;
  }
  return v->type == TW_T_DYNAMIC && tw_dyn_is_null(v->u.d);
}

int tw_agg_true(const tw_value *v) {
  if (tw_agg_is_null(v)) {
    return 0;
  }
  if (v->type == TW_T_DYNAMIC) {
    return v->u.d->kind == TRAWL_DYN_BOOL && v->u.d->u.i != 0;
  }
  return v->type == TW_T_BOOL && v->u.i != 0;
}

static tw_value unwrap(const tw_value *v) {
  if (v->type == TW_T_DYNAMIC) {
    return v->null ? tw_null(TW_T_DYNAMIC) : tw_dyn_to_value(v->u.d);
  }
  return *v;
}

static void no_init(void *state, const tw_ast *call) {
  (void)state;
  (void)call;
}

/* ------------------------------------------------------------- count */

typedef struct count_st {
  int64_t n;
} count_st;

static int count_step(void *st, tw_arena *a, const tw_ast *call,
                      const tw_value *args, uint32_t nargs) {
  (void)a;
  (void)call;
  (void)args;
  (void)nargs;
  ((count_st *)st)->n++;
  return 0;
}

static int countif_step(void *st, tw_arena *a, const tw_ast *call,
                        const tw_value *args, uint32_t nargs) {
  (void)a;
  (void)call;
  if (nargs >= 1 && tw_agg_true(&args[0])) {
    ((count_st *)st)->n++;
  }
  return 0;
}

static int count_final(void *st, tw_arena *a, const tw_ast *call,
                       tw_value *out) {
  (void)a;
  (void)call;
  *out = tw_long(((count_st *)st)->n);
  return 0;
}

const tw_agg_def tw_agg_def_count = {sizeof(count_st), no_init, count_step,
                                     count_final, NULL};
const tw_agg_def tw_agg_def_countif = {sizeof(count_st), no_init,
                                       countif_step, count_final, NULL};

/* --------------------------------------------------------- sum / avg */

typedef struct sum_st {
  int64_t isum;
  double rsum;
  int64_t n;
  int64_t base; /* datetime avg: first value */
  int any_real;  /* a real was added (sum over dynamic values) */
} sum_st;

static void sum_add(sum_st *s, const tw_value *in) {
  tw_value v = unwrap(in);
  if (tw_agg_is_null(&v)) {
    return;
  }
  switch (v.type) {
  case TW_T_BOOL:
  case TW_T_INT:
  case TW_T_LONG:
  case TW_T_TIMESPAN:
    s->isum = (int64_t)((uint64_t)s->isum + (uint64_t)v.u.i);
    s->rsum += (double)v.u.i;
    break;
  case TW_T_DATETIME:
    if (s->n == 0) {
      s->base = v.u.i;
    }
    s->rsum += (double)(v.u.i - s->base);
    break;
  case TW_T_REAL:
  case TW_T_DECIMAL:
    s->rsum += v.u.r;
    s->any_real = 1;
    break;
  default:
    return;
  }
  s->n++;
}

static int sum_step(void *st, tw_arena *a, const tw_ast *call,
                    const tw_value *args, uint32_t nargs) {
  (void)a;
  (void)call;
  if (nargs >= 1) {
    sum_add(st, &args[0]);
  }
  return 0;
}

static int sumif_step(void *st, tw_arena *a, const tw_ast *call,
                      const tw_value *args, uint32_t nargs) {
  (void)a;
  (void)call;
  if (nargs >= 2 && tw_agg_true(&args[1])) {
    sum_add(st, &args[0]);
  }
  return 0;
}

static int sum_final(void *st, tw_arena *a, const tw_ast *call,
                     tw_value *out) {
  sum_st *s = st;
  switch (call ? call->type : TW_T_LONG) {
  case TW_T_DYNAMIC: {
    /* sum over dynamic values: a dynamic long, or real if any was real */
    tw_value v = s->any_real ? tw_real(s->rsum) : tw_long(s->isum);
    const tw_dyn *d = tw_value_to_dyn(a, &v);
    if (!d) {
      return TRAWL_ERR_NOMEM;
    }
    *out = tw_dynamic(d);
    break;
  }
  case TW_T_REAL:
  case TW_T_DECIMAL:
    *out = tw_real(s->rsum);
    if (call && call->type == TW_T_DECIMAL) {
      out->type = TW_T_DECIMAL;
    }
    break;
  case TW_T_TIMESPAN:
    *out = tw_timespan(s->isum);
    break;
  case TW_T_INT:
    *out = tw_int((int32_t)s->isum);
    break;
  default:
    *out = tw_long(s->isum);
    break;
  }
  return 0;
}

static int avg_final(void *st, tw_arena *a, const tw_ast *call,
                     tw_value *out) {
  sum_st *s = st;
  (void)a;
  int t = call ? call->type : TW_T_REAL;
  if (t == TW_T_DATETIME || t == TW_T_TIMESPAN) {
    if (s->n == 0) {
      *out = tw_null((tw_type)t);
      return 0;
    }
    double m = s->rsum / (double)s->n;
    int64_t v = (t == TW_T_DATETIME ? s->base : 0) + (int64_t)llround(m);
    *out = t == TW_T_DATETIME ? tw_datetime(v) : tw_timespan(v);
    return 0;
  }
  *out = tw_real(s->n ? s->rsum / (double)s->n : NAN);
  if (t == TW_T_DECIMAL) {
    out->type = TW_T_DECIMAL;
  }
  return 0;
}

const tw_agg_def tw_agg_def_sum = {sizeof(sum_st), no_init, sum_step,
                                   sum_final, NULL};
const tw_agg_def tw_agg_def_sumif = {sizeof(sum_st), no_init, sumif_step,
                                     sum_final, NULL};
const tw_agg_def tw_agg_def_avg = {sizeof(sum_st), no_init, sum_step,
                                   avg_final, NULL};
const tw_agg_def tw_agg_def_avgif = {sizeof(sum_st), no_init, sumif_step,
                                     avg_final, NULL};

/* --------------------------------------------------------- min / max */

typedef struct ext_st {
  int has;
  tw_value best;
} ext_st;

static int ext_add(ext_st *s, tw_arena *a, const tw_value *v, int want) {
  if (tw_agg_is_null(v)) {
    return 0;
  }
  if (v->type == TW_T_REAL && isnan(v->u.r)) {
    return 0;
  }
  if (s->has) {
    int o = tw_value_order(v, &s->best);
    if (o == 2 || o * want <= 0) {
      return 0;
    }
  }
  tw_value c;
  if (tw_value_copy(a, v, &c) < 0) {
    return TRAWL_ERR_NOMEM;
  }
  s->best = c;
  s->has = 1;
  return 0;
}

static int max_step(void *st, tw_arena *a, const tw_ast *call,
                    const tw_value *args, uint32_t nargs) {
  (void)call;
  return nargs >= 1 ? ext_add(st, a, &args[0], 1) : 0;
}

static int min_step(void *st, tw_arena *a, const tw_ast *call,
                    const tw_value *args, uint32_t nargs) {
  (void)call;
  return nargs >= 1 ? ext_add(st, a, &args[0], -1) : 0;
}

static int maxif_step(void *st, tw_arena *a, const tw_ast *call,
                      const tw_value *args, uint32_t nargs) {
  (void)call;
  return nargs >= 2 && tw_agg_true(&args[1]) ? ext_add(st, a, &args[0], 1)
                                             : 0;
}

static int minif_step(void *st, tw_arena *a, const tw_ast *call,
                      const tw_value *args, uint32_t nargs) {
  (void)call;
  return nargs >= 2 && tw_agg_true(&args[1]) ? ext_add(st, a, &args[0], -1)
                                             : 0;
}

static int ext_final(void *st, tw_arena *a, const tw_ast *call,
                     tw_value *out) {
  ext_st *s = st;
  (void)a;
  int t = call && call->type ? call->type : TW_T_DYNAMIC;
  if (!s->has) {
    *out = tw_null((tw_type)t);
    return 0;
  }
  *out = s->best;
  if (t == TW_T_DYNAMIC && out->type != TW_T_DYNAMIC) {
    const tw_dyn *d = tw_value_to_dyn(a, out);
    if (!d) {
      return TRAWL_ERR_NOMEM;
    }
    *out = tw_dynamic(d);
  }
  return 0;
}

const tw_agg_def tw_agg_def_min = {sizeof(ext_st), no_init, min_step,
                                   ext_final, NULL};
const tw_agg_def tw_agg_def_max = {sizeof(ext_st), no_init, max_step,
                                   ext_final, NULL};
const tw_agg_def tw_agg_def_minif = {sizeof(ext_st), no_init, minif_step,
                                     ext_final, NULL};
const tw_agg_def tw_agg_def_maxif = {sizeof(ext_st), no_init, maxif_step,
                                     ext_final, NULL};

/* --------------------------------------------------- stdev / variance */

typedef struct var_st {
  int64_t n;
  double mean, m2;
} var_st;

static int var_step(void *st, tw_arena *a, const tw_ast *call,
                    const tw_value *args, uint32_t nargs) {
  var_st *s = st;
  tw_value r;
  (void)a;
  (void)call;
  if (nargs < 1 || tw_agg_is_null(&args[0]) || args[0].type == TW_T_STRING) {
    return 0;
  }
  tw_conv_toreal(&args[0], &r);
  if (r.null) {
    return 0;
  }
  s->n++;
  double d = r.u.r - s->mean;
  s->mean += d / (double)s->n;
  s->m2 += d * (r.u.r - s->mean);
  return 0;
}

static int variance_final(void *st, tw_arena *a, const tw_ast *call,
                          tw_value *out) {
  var_st *s = st;
  (void)a;
  (void)call;
  *out = tw_real(s->n > 1 ? s->m2 / (double)(s->n - 1) : 0.0);
  return 0;
}

static int stdev_final(void *st, tw_arena *a, const tw_ast *call,
                       tw_value *out) {
  variance_final(st, a, call, out);
  out->u.r = sqrt(out->u.r);
  return 0;
}

const tw_agg_def tw_agg_def_stdev = {sizeof(var_st), no_init, var_step,
                                     stdev_final, NULL};
const tw_agg_def tw_agg_def_variance = {sizeof(var_st), no_init, var_step,
                                        variance_final, NULL};

/* ------------------------------------------------------ binary_all_or */

typedef struct or_st {
  int has;
  int64_t v;
} or_st;

static int or_step(void *st, tw_arena *a, const tw_ast *call,
                   const tw_value *args, uint32_t nargs) {
  or_st *s = st;
  (void)a;
  (void)call;
  tw_value v = nargs ? unwrap(&args[0]) : tw_null(TW_T_LONG);
  if (tw_agg_is_null(&v) || (v.type != TW_T_LONG && v.type != TW_T_INT)) {
    return 0;
  }
  s->v |= v.u.i;
  s->has = 1;
  return 0;
}

static int or_final(void *st, tw_arena *a, const tw_ast *call,
                    tw_value *out) {
  or_st *s = st;
  (void)a;
  (void)call;
  *out = s->has ? tw_long(s->v) : tw_null(TW_T_LONG);
  return 0;
}

const tw_agg_def tw_agg_def_binary_all_or = {sizeof(or_st), no_init, or_step,
                                             or_final, NULL};
