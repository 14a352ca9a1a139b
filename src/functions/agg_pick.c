/*
 * functions/agg_pick.c - aggregates that pick whole rows or ranks:
 * arg_max, arg_min (the row with the extreme first argument; rows with a
 * null key only when every key is null; ties keep the first row),
 * take_any, take_anyif, percentile, percentiles (nearest rank, exact).
 * Several of them give several columns (tw_agg_def.final_multi).
 */
#include <math.h>
#include <string.h>

#include "functions/agg_int.h"
#include "functions/convert.h"
#include "functions/operators.h"
#include "value/json.h"

/* Most percentages one percentiles() call may ask for. */
#define TW_AGG_MAX_PERCENTILES 64

static void no_init(void *state, const tw_ast *call) {
  (void)state;
  (void)call;
}

static tw_type kid_type(const tw_ast *call, uint32_t i) {
  if (call && i < call->nkids && call->kids[i]->type) {
    return (tw_type)call->kids[i]->type;
  }
  return TW_T_DYNAMIC;
}

/* ------------------------------------------------------ row pickers */

typedef struct pick_st {
  int has;      /* a row is stored */
  int has_key;  /* arg_max/min: its key is not null; take_any: not empty */
  uint32_t n;
  tw_value *vals;
} pick_st;

static int store_row(pick_st *s, tw_arena *a, const tw_value *args,
                     uint32_t nargs) {
  if (!s->vals || s->n != nargs) {
    s->vals = tw_arena_alloc(a, (nargs ? nargs : 1) * sizeof *s->vals);
    if (!s->vals) {
      return TRAWL_ERR_NOMEM;
    }
    s->n = nargs;
  }
  for (uint32_t i = 0; i < nargs; i++) {
    if (tw_value_copy(a, &args[i], &s->vals[i]) < 0) {
      return TRAWL_ERR_NOMEM;
    }
  }
  s->has = 1;
  return 0;
}

static int arg_step(pick_st *s, tw_arena *a, const tw_value *args,
                    uint32_t nargs, int want) {
  if (nargs == 0) {
    return 0;
  }
  int null_key = tw_agg_is_null(&args[0]) ||
                 (args[0].type == TW_T_REAL && isnan(args[0].u.r));
  if (!s->has) {
    s->has_key = !null_key;
    return store_row(s, a, args, nargs);
  }
  if (null_key) {
    return 0;
  }
  if (s->has_key) {
    int o = tw_value_order(&args[0], &s->vals[0]);
    if (o == 2 || o * want <= 0) {
      return 0;
    }
  }
  s->has_key = 1;
  return store_row(s, a, args, nargs);
}

static int arg_max_step(void *st, tw_arena *a, const tw_ast *call,
                        const tw_value *args, uint32_t nargs) {
  (void)call;
  return arg_step(st, a, args, nargs, 1);
}

static int arg_min_step(void *st, tw_arena *a, const tw_ast *call,
                        const tw_value *args, uint32_t nargs) {
  (void)call;
  return arg_step(st, a, args, nargs, -1);
}

static int is_empty(const tw_value *v) {
  return v->type == TW_T_STRING ? v->len == 0 : tw_agg_is_null(v);
}

static int take_step_row(pick_st *s, tw_arena *a, const tw_value *args,
                         uint32_t nargs) {
  if (nargs == 1) {
    /* one column: prefer a non-empty value */
    if (!s->has || (!s->has_key && !is_empty(&args[0]))) {
      s->has_key = !is_empty(&args[0]);
      return store_row(s, a, args, nargs);
    }
    return 0;
  }
  return s->has ? 0 : store_row(s, a, args, nargs);
}

static int take_any_step(void *st, tw_arena *a, const tw_ast *call,
                         const tw_value *args, uint32_t nargs) {
  (void)call;
  return take_step_row(st, a, args, nargs);
}

static int take_anyif_step(void *st, tw_arena *a, const tw_ast *call,
                           const tw_value *args, uint32_t nargs) {
  (void)call;
  if (nargs < 2 || !tw_agg_true(&args[1])) {
    return 0;
  }
  return take_step_row(st, a, args, 1);
}

static int pick_multi(void *st, tw_arena *a, const tw_ast *call,
                      tw_value *outs, uint32_t n) {
  pick_st *s = st;
  (void)a;
  for (uint32_t i = 0; i < n; i++) {
    if (s->has && i < s->n) {
      outs[i] = s->vals[i];
    } else {
      outs[i] = tw_null(kid_type(call, i));
    }
  }
  return 0;
}

static int pick_final(void *st, tw_arena *a, const tw_ast *call,
                      tw_value *out) {
  return pick_multi(st, a, call, out, 1);
}

const tw_agg_def tw_agg_def_arg_max = {sizeof(pick_st), no_init,
                                       arg_max_step, pick_final, pick_multi};
const tw_agg_def tw_agg_def_arg_min = {sizeof(pick_st), no_init,
                                       arg_min_step, pick_final, pick_multi};
const tw_agg_def tw_agg_def_take_any = {sizeof(pick_st), no_init,
                                        take_any_step, pick_final,
                                        pick_multi};
const tw_agg_def tw_agg_def_take_anyif = {sizeof(pick_st), no_init,
                                          take_anyif_step, pick_final, NULL};

/* -------------------------------------------------------- percentiles */

typedef struct pct_st {
  tw_value *vals;
  uint32_t n, cap;
  uint32_t np;
  double p[TW_AGG_MAX_PERCENTILES];
} pct_st;

static int pct_step(void *st, tw_arena *a, const tw_ast *call,
                    const tw_value *args, uint32_t nargs) {
  pct_st *s = st;
  (void)call;
  if (s->np == 0) {
    for (uint32_t i = 1; i < nargs && s->np < TW_AGG_MAX_PERCENTILES; i++) {
      tw_value r;
      tw_conv_toreal(&args[i], &r);
      s->p[s->np++] = r.null ? 50.0 : r.u.r;
    }
  }
  if (nargs < 1 || tw_agg_is_null(&args[0])) {
    return 0;
  }
  tw_value v = args[0];
  if (v.type == TW_T_DYNAMIC) {
    v = tw_dyn_to_value(v.u.d);
  }
  if (v.type == TW_T_STRING || v.type == TW_T_DYNAMIC ||
      v.type == TW_T_GUID || (v.type == TW_T_REAL && isnan(v.u.r))) {
    return 0;
  }
  if (s->n == s->cap) {
    uint32_t nc = s->cap ? s->cap * 2 : 16;
    tw_value *nv = tw_arena_alloc(a, (size_t)nc * sizeof *nv);
    if (!nv) {
      return TRAWL_ERR_NOMEM;
    }
    if (s->n) {
      memcpy(nv, s->vals, s->n * sizeof *nv);
    }
    s->vals = nv;
    s->cap = nc;
  }
  s->vals[s->n++] = v;
  return 0;
}

static void msort(tw_value *v, tw_value *tmp, uint32_t n) {
  if (n < 2) {
    return;
  }
  uint32_t h = n / 2;
  msort(v, tmp, h);
  msort(v + h, tmp, n - h);
  uint32_t i = 0, j = h, k = 0;
  while (i < h && j < n) {
    int o = tw_value_order(&v[j], &v[i]);
    tmp[k++] = (o != 2 && o < 0) ? v[j++] : v[i++];
  }
  while (i < h) {
    tmp[k++] = v[i++];
  }
  while (j < n) {
    tmp[k++] = v[j++];
  }
  memcpy(v, tmp, n * sizeof *v);
}

static int pct_multi(void *st, tw_arena *a, const tw_ast *call,
                     tw_value *outs, uint32_t n) {
  pct_st *s = st;
  tw_type t = kid_type(call, 0);
  if (s->n > 1) {
    tw_value *tmp = tw_arena_alloc(a, s->n * sizeof *tmp);
    if (!tmp) {
      return TRAWL_ERR_NOMEM;
    }
    msort(s->vals, tmp, s->n);
  }
  for (uint32_t i = 0; i < n; i++) {
    if (s->n == 0) {
      outs[i] = tw_null(t);
      continue;
    }
    double p = i < s->np ? s->p[i] : 50.0;
    if (p < 0) {
      p = 0;
    }
    if (p > 100) {
      p = 100;
    }
    double rank = ceil(p / 100.0 * (double)s->n);
    uint32_t idx = rank < 1 ? 0 : (uint32_t)rank - 1;
    if (idx >= s->n) {
      idx = s->n - 1;
    }
    outs[i] = s->vals[idx];
    if (t != TW_T_DYNAMIC && outs[i].type != t) {
      tw_value c;
      if (tw_conv_to_type(a, &outs[i], t, &c) < 0) {
        return TRAWL_ERR_NOMEM;
      }
      outs[i] = c;
    }
  }
  return 0;
}

static int pct_final(void *st, tw_arena *a, const tw_ast *call,
                     tw_value *out) {
  return pct_multi(st, a, call, out, 1);
}

const tw_agg_def tw_agg_def_percentile = {sizeof(pct_st), no_init, pct_step,
                                          pct_final, NULL};
const tw_agg_def tw_agg_def_percentiles = {sizeof(pct_st), no_init, pct_step,
                                           pct_final, pct_multi};
