/*
 * functions/fn_cond.c - conditional and null-test kernels: iff, case,
 * coalesce, isempty, isnotempty, isnull, isnotnull, not, max_of, min_of
 * (kql-semantics 2.2, 5.1, 5.2).
 */
#include "functions/kernels.h"
#include "functions/operators.h"
#include "value/json.h"

/* A condition is true only when it is a non-null true bool. */
static int truthy(const tw_value *v) {
  if (tw_k_nullish(v)) {
    return 0;
  }
  if (v->type == TW_T_DYNAMIC) {
    return v->u.d->kind == TRAWL_DYN_BOOL && v->u.d->u.i != 0;
  }
  return v->type == TW_T_BOOL && v->u.i != 0;
}

TW_KERNEL(iff) {
  if (nargs < 3) {
    *out = tw_null(TW_T_BOOL);
    return 0;
  }
  return tw_k_coerce(ctx, call, truthy(&args[0]) ? &args[1] : &args[2], out);
}

TW_KERNEL(case) {
  uint32_t i = 0;
  for (; i + 1 < nargs; i += 2) {
    if (truthy(&args[i])) {
      return tw_k_coerce(ctx, call, &args[i + 1], out);
    }
  }
  if (i < nargs) {
    return tw_k_coerce(ctx, call, &args[i], out);
  }
  *out = tw_null(call && call->type ? (tw_type)call->type : TW_T_DYNAMIC);
  return 0;
}

static int is_empty(const tw_value *v) {
  if (v->type == TW_T_STRING) {
    return v->len == 0;
  }
  if (tw_k_nullish(v)) {
    return 1;
  }
  if (v->type == TW_T_DYNAMIC) {
    const tw_dyn *d = v->u.d;
    return (d->kind == TRAWL_DYN_STRING && d->n == 0);
  }
  return 0;
}

TW_KERNEL(coalesce) {
  for (uint32_t i = 0; i < nargs; i++) {
    if (!is_empty(&args[i])) {
      return tw_k_coerce(ctx, call, &args[i], out);
    }
  }
  if (nargs) {
    return tw_k_coerce(ctx, call, &args[nargs - 1], out);
  }
  *out = tw_null(TW_T_DYNAMIC);
  return 0;
}

TW_KERNEL(isempty) {
  (void)ctx;
  (void)call;
  *out = tw_bool(nargs < 1 || is_empty(&args[0]));
  return 0;
}

TW_KERNEL(isnotempty) {
  (void)ctx;
  (void)call;
  *out = tw_bool(nargs >= 1 && !is_empty(&args[0]));
  return 0;
}

TW_KERNEL(isnull) {
  (void)ctx;
  (void)call;
  *out = tw_bool(nargs < 1 || tw_k_nullish(&args[0]));
  return 0;
}

TW_KERNEL(isnotnull) {
  (void)ctx;
  (void)call;
  *out = tw_bool(nargs >= 1 && !tw_k_nullish(&args[0]));
  return 0;
}

TW_KERNEL(not) {
  (void)ctx;
  (void)call;
  if (nargs < 1 || tw_k_nullish(&args[0])) {
    *out = tw_null(TW_T_BOOL);
    return 0;
  }
  const tw_value *v = &args[0];
  if (v->type == TW_T_DYNAMIC) {
    if (v->u.d->kind != TRAWL_DYN_BOOL) {
      *out = tw_null(TW_T_BOOL);
      return 0;
    }
    *out = tw_bool(!v->u.d->u.i);
    return 0;
  }
  *out = tw_bool(!v->u.i);
  return 0;
}

static int extreme(tw_eval_ctx *ctx, tw_ast *call, const tw_value *args,
                   uint32_t nargs, tw_value *out, int want) {
  const tw_value *best = NULL;
  for (uint32_t i = 0; i < nargs; i++) {
    if (tw_k_nullish(&args[i])) {
      continue;
    }
    if (!best) {
      best = &args[i];
      continue;
    }
    int o = tw_value_order(&args[i], best);
    if (o != 2 && o * want > 0) {
      best = &args[i];
    }
  }
  if (!best) {
    *out = tw_null(call && call->type ? (tw_type)call->type : TW_T_LONG);
    return 0;
  }
  return tw_k_coerce(ctx, call, best, out);
}

TW_KERNEL(max_of) { return extreme(ctx, call, args, nargs, out, 1); }

TW_KERNEL(min_of) { return extreme(ctx, call, args, nargs, out, -1); }
