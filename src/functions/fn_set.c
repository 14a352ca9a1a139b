/*
 * functions/fn_set.c - set kernels over dynamic arrays: set_has_element,
 * set_union, set_intersect, set_difference (kql-semantics 5.6). Results
 * keep the order of first appearance.
 */
#include <string.h>

#include "functions/kernels.h"
#include "functions/operators.h"
#include "functions/valset.h"
#include "value/json.h"

static const tw_dyn *as_array(const tw_value *v) {
  if (v->type != TW_T_DYNAMIC || v->null || !v->u.d ||
      v->u.d->kind != TRAWL_DYN_ARRAY) {
    return NULL;
  }
  return v->u.d;
}

TW_KERNEL(set_has_element) {
  const tw_dyn *a = as_array(&args[0]);
  (void)ctx;
  (void)call;
  (void)nargs;
  if (!a) {
    *out = tw_null(TW_T_BOOL);
    return 0;
  }
  for (uint32_t i = 0; i < a->n; i++) {
    tw_value ev = tw_dynamic(&a->u.items[i]);
    if (tw_value_eq3(&ev, &args[1], 0) == 1) {
      *out = tw_bool(true);
      return 0;
    }
  }
  *out = tw_bool(false);
  return 0;
}

enum { OP_UNION, OP_INTERSECT, OP_DIFFERENCE };

static int set_kernel(tw_eval_ctx *ctx, tw_ast *call, const tw_value *args,
                      uint32_t nargs, tw_value *out, int op) {
  uint64_t total = 0;
  for (uint32_t i = 0; i < nargs; i++) {
    const tw_dyn *a = as_array(&args[i]);
    if (!a) {
      *out = tw_null(TW_T_DYNAMIC);
      return 0;
    }
    total += a->n;
  }
  if (total > UINT32_MAX / 8) {
    return tw_k_oom(ctx, call);
  }
  const tw_dyn *first = args[0].u.d;
  uint32_t cap = op == OP_UNION ? (uint32_t)total : first->n;
  tw_dyn *res = cap ? tw_arena_alloc(ctx->arena, cap * sizeof *res) : NULL;
  if (cap && !res) {
    return tw_k_oom(ctx, call);
  }
  uint32_t k = 0;
  tw_valset seen;
  tw_valset_init(&seen, ctx->arena, false);
  if (op == OP_UNION) {
    for (uint32_t i = 0; i < nargs; i++) {
      const tw_dyn *a = args[i].u.d;
      for (uint32_t j = 0; j < a->n; j++) {
        tw_value ev = tw_dynamic(&a->u.items[j]);
        int rc = tw_valset_add(&seen, &ev);
        if (rc < 0) {
          return tw_k_oom(ctx, call);
        }
        if (rc == 1) {
          res[k++] = a->u.items[j];
        }
      }
    }
  } else {
    /* members of the other arrays */
    tw_valset *others = tw_arena_alloc(ctx->arena,
                                       (nargs ? nargs : 1) * sizeof *others);
    if (!others) {
      return tw_k_oom(ctx, call);
    }
    for (uint32_t i = 1; i < nargs; i++) {
      tw_valset_init(&others[i], ctx->arena, false);
      const tw_dyn *a = args[i].u.d;
      for (uint32_t j = 0; j < a->n; j++) {
        tw_value ev = tw_dynamic(&a->u.items[j]);
        if (tw_valset_add(&others[i], &ev) < 0) {
          return tw_k_oom(ctx, call);
        }
      }
    }
    for (uint32_t j = 0; j < first->n; j++) {
      tw_value ev = tw_dynamic(&first->u.items[j]);
      int rc = tw_valset_add(&seen, &ev);
      if (rc < 0) {
        return tw_k_oom(ctx, call);
      }
      if (rc == 0) {
        continue;
      }
      int in_all = 1, in_any = 0;
      for (uint32_t i = 1; i < nargs; i++) {
        int in = tw_valset_find(&others[i], &ev) >= 0;
        in_all &= in;
        in_any |= in;
      }
      if (op == OP_INTERSECT ? in_all : !in_any) {
        res[k++] = first->u.items[j];
      }
    }
  }
  tw_dyn *arr = tw_arena_zalloc(ctx->arena, sizeof *arr);
  if (!arr) {
    return tw_k_oom(ctx, call);
  }
  arr->kind = TRAWL_DYN_ARRAY;
  arr->n = k;
  arr->u.items = k ? res : NULL;
  *out = tw_dynamic(arr);
  return 0;
}

TW_KERNEL(set_union) {
  return set_kernel(ctx, call, args, nargs, out, OP_UNION);
}

TW_KERNEL(set_intersect) {
  return set_kernel(ctx, call, args, nargs, out, OP_INTERSECT);
}

TW_KERNEL(set_difference) {
  return set_kernel(ctx, call, args, nargs, out, OP_DIFFERENCE);
}
