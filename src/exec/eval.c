/*
 * exec/eval.c - vectorised evaluation of scalar expressions over a batch.
 *
 * Each node is evaluated over all rows of the batch into a column of
 * values in the batch's scratch arena; a node whose inputs are all
 * constant is computed once and marked constant. Column references borrow
 * the batch's columns. Function calls run the kernel per row
 * (functions/function.h); binary, in and between operators use K4's
 * per-row operator functions (functions/operators.h). Member and index
 * access on dynamic values is done here.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/limits.h"
#include "exec/exec.h"
#include "functions/convert.h"
#include "functions/operators.h"
#include "value/json.h"

void tw_exec_errorf(tw_exec *x, trawl_status code, const tw_ast *at,
                    const char *fmt, ...) {
  if (!x->diag) {
    return;
  }
  x->diag->code = code;
  x->diag->off = at ? at->off : 0;
  x->diag->len = at ? at->len : 0;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(x->diag->message, sizeof x->diag->message, fmt, ap);
  va_end(ap);
}

bool tw_ast_is_tabular(const tw_ast *e) {
  switch (e->kind) {
  case AST_PIPE:
  case AST_TABLE_REF:
  case AST_DATATABLE:
  case AST_PRINT:
  case AST_RANGE:
  case AST_UNION_SRC:
    return true;
  case AST_NAME:
    return e->bind == TW_BIND_TABULAR || e->bind == TW_BIND_TABLE;
  case AST_CALL:
    return e->bind == TW_BIND_FUNCTION && e->slot == TW_FN_materialize;
  default:
    return false;
  }
}

static bool fn_is_volatile(int id) {
  return id == TW_FN_rand || id == TW_FN_new_guid || id == TW_FN_row_number ||
         id == TW_FN_prev || id == TW_FN_next;
}

static bool const_depth(const tw_ast *e, int depth) {
  if (depth > TW_MAX_EXPR_DEPTH + 50) {
    return false;
  }
  switch (e->kind) {
  case AST_LITERAL:
    return true;
  case AST_NAME:
    if (e->bind == TW_BIND_EXPR && e->ref) {
      return const_depth(e->ref, depth + 1);
    }
    return false;
  case AST_CALL:
    if (e->bind != TW_BIND_FUNCTION || fn_is_volatile(e->slot)) {
      return false;
    }
    break;
  case AST_STAR:
  case AST_ASSIGN:
  case AST_BINARY:
  case AST_UNARY:
  case AST_IN:
  case AST_BETWEEN:
  case AST_MEMBER:
  case AST_INDEX:
  case AST_LIST:
    break;
  default:
    return false;
  }
  for (uint32_t i = 0; i < e->nkids; i++) {
    if (tw_ast_is_tabular(e->kids[i])) {
      return false;
    }
    if (!const_depth(e->kids[i], depth + 1)) {
      return false;
    }
  }
  return true;
}

bool tw_expr_is_const(const tw_ast *e) {
  return const_depth(e, 0);
}

static bool now_depth(const tw_ast *e, int depth) {
  if (depth > TW_MAX_EXPR_DEPTH + 50) {
    return true;
  }
  if (e->kind == AST_CALL && e->bind == TW_BIND_FUNCTION &&
      (e->slot == TW_FN_now || e->slot == TW_FN_ago)) {
    return true;
  }
  if (e->kind == AST_NAME && e->bind == TW_BIND_EXPR && e->ref) {
    return now_depth(e->ref, depth + 1);
  }
  if (tw_ast_is_tabular(e) && e->kind != AST_CALL) {
    return false;
  }
  for (uint32_t i = 0; i < e->nkids; i++) {
    if (now_depth(e->kids[i], depth + 1)) {
      return true;
    }
  }
  return false;
}

bool tw_expr_uses_now(const tw_ast *e) {
  return now_depth(e, 0);
}

/* ------------------------------------------------------------ helpers */

static tw_value *alloc_col(tw_exec *x, const tw_xbatch *b, uint32_t n) {
  tw_value *v = tw_arena_alloc(b->arena, (size_t)(n ? n : 1) * sizeof *v);
  if (!v) {
    tw_exec_errorf(x, TRAWL_ERR_NOMEM, NULL, "out of memory");
  }
  return v;
}

/* Evaluate kids [from, to) of e. */
static int eval_kids(tw_exec *x, tw_ast *e, uint32_t from, const tw_xbatch *b,
                     tw_vec **vs, bool *allconst) {
  uint32_t n = e->nkids - from;
  tw_vec *v = tw_arena_alloc(b->arena, (size_t)(n ? n : 1) * sizeof *v);
  if (!v) {
    tw_exec_errorf(x, TRAWL_ERR_NOMEM, NULL, "out of memory");
    return TRAWL_ERR_NOMEM;
  }
  *allconst = true;
  for (uint32_t i = 0; i < n; i++) {
    int rc = tw_eval(x, e->kids[from + i], b, &v[i]);
    if (rc) {
      return rc;
    }
    *allconst = *allconst && v[i].isconst;
  }
  *vs = v;
  return 0;
}

static int eval_call(tw_exec *x, tw_ast *e, const tw_xbatch *b, tw_vec *out) {
  if (e->bind == TW_BIND_AGGREGATE) {
    for (uint32_t i = 0; i < x->nagg; i++) {
      if (x->agg_nodes[i] == e) {
        out->v = x->agg_cols[i];
        out->isconst = false;
        return 0;
      }
    }
  }
  if (e->bind != TW_BIND_FUNCTION) {
    tw_exec_errorf(x, TRAWL_ERR_UNSUPPORTED, e,
                   "'%s' cannot be used here", e->name ? e->name : "?");
    return TRAWL_ERR_UNSUPPORTED;
  }
  if (e->slot == TW_FN_toscalar && e->nkids == 1 &&
      tw_ast_is_tabular(e->kids[0])) {
    tw_value *v = alloc_col(x, b, 1);
    if (!v) {
      return TRAWL_ERR_NOMEM;
    }
    if (tw_subq_value(x, e->kids[0], false, v) != 0) {
      tw_exec_errorf(x, TRAWL_ERR_UNSUPPORTED, e,
                     "this toscalar() is not supported yet");
      return TRAWL_ERR_UNSUPPORTED;
    }
    out->v = v;
    out->isconst = true;
    return 0;
  }
  if (e->slot == TW_FN_toscalar && e->nkids == 1) {
    /* toscalar(scalar): evaluated once, the same value for every row
     * (toscalar(rand()) is frozen). */
    tw_vec kv;
    int rc = tw_eval(x, e->kids[0], b, &kv);
    if (rc) {
      return rc;
    }
    tw_value *v = alloc_col(x, b, 1);
    if (!v) {
      return TRAWL_ERR_NOMEM;
    }
    v[0] = kv.isconst || b->nrows ? *tw_vec_at(&kv, 0)
                                  : tw_null((tw_type)e->type);
    out->v = v;
    out->isconst = true;
    return 0;
  }
  tw_scalar_fn fn = tw_fn_kernel(e->slot);
  if (!fn) {
    tw_exec_errorf(x, TRAWL_ERR_UNSUPPORTED, e,
                   "function '%s' is not supported yet", tw_fn_name(e->slot));
    return TRAWL_ERR_UNSUPPORTED;
  }
  for (uint32_t i = 0; i < e->nkids; i++) {
    if (tw_ast_is_tabular(e->kids[i])) {
      tw_exec_errorf(x, TRAWL_ERR_UNSUPPORTED, e,
                     "'%s' over a tabular expression is not supported yet",
                     tw_fn_name(e->slot));
      return TRAWL_ERR_UNSUPPORTED;
    }
  }
  tw_vec *av;
  bool allconst;
  int rc = eval_kids(x, e, 0, b, &av, &allconst);
  if (rc) {
    return rc;
  }
  uint32_t na = e->nkids;
  tw_value *args = tw_arena_alloc(b->arena, (size_t)(na ? na : 1) *
                                                sizeof *args);
  bool isconst = allconst && !fn_is_volatile(e->slot);
  uint32_t n = isconst ? 1 : b->nrows;
  tw_value *res = alloc_col(x, b, n);
  if (!args || !res) {
    return TRAWL_ERR_NOMEM;
  }
  x->ectx.arena = b->arena;
  for (uint32_t r = 0; r < n; r++) {
    for (uint32_t k = 0; k < na; k++) {
      args[k] = *tw_vec_at(&av[k], r);
    }
    rc = fn(&x->ectx, e, args, na, &res[r]);
    if (rc) {
      return rc;
    }
  }
  out->v = res;
  out->isconst = isconst;
  return 0;
}

static inline int tri_and(const tw_value *a, const tw_value *b) {
  /* 0 false, 1 true, 2 null */
  int x = a->null ? 2 : a->u.i != 0;
  int y = b->null ? 2 : b->u.i != 0;
  if (x == 0 || y == 0) {
    return 0;
  }
  return x == 2 || y == 2 ? 2 : 1;
}

static inline int tri_or(const tw_value *a, const tw_value *b) {
  int x = a->null ? 2 : a->u.i != 0;
  int y = b->null ? 2 : b->u.i != 0;
  if (x == 1 || y == 1) {
    return 1;
  }
  return x == 2 || y == 2 ? 2 : 0;
}

static int eval_binary(tw_exec *x, tw_ast *e, const tw_xbatch *b,
                       tw_vec *out) {
  tw_vec *av;
  bool allconst;
  int rc = eval_kids(x, e, 0, b, &av, &allconst);
  if (rc) {
    return rc;
  }
  uint32_t n = allconst ? 1 : b->nrows;
  tw_value *res = alloc_col(x, b, n);
  if (!res) {
    return TRAWL_ERR_NOMEM;
  }
  x->ectx.arena = b->arena;
  if (e->op == BIN_AND || e->op == BIN_OR) {
    for (uint32_t r = 0; r < n; r++) {
      int t = e->op == BIN_AND ? tri_and(tw_vec_at(&av[0], r),
                                         tw_vec_at(&av[1], r))
                               : tri_or(tw_vec_at(&av[0], r),
                                        tw_vec_at(&av[1], r));
      res[r] = t == 2 ? tw_null(TW_T_BOOL) : tw_bool(t == 1);
    }
  } else {
    for (uint32_t r = 0; r < n; r++) {
      rc = tw_binop_eval(&x->ectx, e, tw_vec_at(&av[0], r),
                         tw_vec_at(&av[1], r), &res[r]);
      if (rc) {
        return rc;
      }
    }
  }
  out->v = res;
  out->isconst = allconst;
  return 0;
}

static int eval_in(tw_exec *x, tw_ast *e, const tw_xbatch *b, tw_vec *out) {
  tw_vec lhs;
  int rc = tw_eval(x, e->kids[0], b, &lhs);
  if (rc) {
    return rc;
  }
  tw_vec *iv;
  bool itemsconst;
  rc = eval_kids(x, e, 1, b, &iv, &itemsconst);
  if (rc) {
    return rc;
  }
  uint32_t ni = e->nkids - 1;
  tw_value *items = tw_arena_alloc(b->arena, (size_t)(ni ? ni : 1) *
                                                 sizeof *items);
  bool isconst = itemsconst && lhs.isconst;
  uint32_t n = isconst ? 1 : b->nrows;
  tw_value *res = alloc_col(x, b, n);
  if (!items || !res) {
    return TRAWL_ERR_NOMEM;
  }
  if (itemsconst) {
    for (uint32_t k = 0; k < ni; k++) {
      items[k] = iv[k].v[0];
    }
  }
  x->ectx.arena = b->arena;
  for (uint32_t r = 0; r < n; r++) {
    if (!itemsconst) {
      for (uint32_t k = 0; k < ni; k++) {
        items[k] = *tw_vec_at(&iv[k], r);
      }
    }
    rc = tw_in_eval(&x->ectx, e, tw_vec_at(&lhs, r), items, ni, &res[r]);
    if (rc) {
      return rc;
    }
  }
  out->v = res;
  out->isconst = isconst;
  return 0;
}

static int eval_between(tw_exec *x, tw_ast *e, const tw_xbatch *b,
                        tw_vec *out) {
  tw_vec *av;
  bool allconst;
  int rc = eval_kids(x, e, 0, b, &av, &allconst);
  if (rc) {
    return rc;
  }
  uint32_t n = allconst ? 1 : b->nrows;
  tw_value *res = alloc_col(x, b, n);
  if (!res) {
    return TRAWL_ERR_NOMEM;
  }
  x->ectx.arena = b->arena;
  for (uint32_t r = 0; r < n; r++) {
    rc = tw_between_eval(&x->ectx, e, tw_vec_at(&av[0], r),
                         tw_vec_at(&av[1], r), tw_vec_at(&av[2], r), &res[r]);
    if (rc) {
      return rc;
    }
  }
  out->v = res;
  out->isconst = allconst;
  return 0;
}

static int eval_unary(tw_exec *x, tw_ast *e, const tw_xbatch *b,
                      tw_vec *out) {
  tw_vec a;
  int rc = tw_eval(x, e->kids[0], b, &a);
  if (rc || e->op == '+') {
    *out = a;
    return rc;
  }
  uint32_t n = a.isconst ? 1 : b->nrows;
  tw_value *res = alloc_col(x, b, n);
  if (!res) {
    return TRAWL_ERR_NOMEM;
  }
  x->ectx.arena = b->arena;
  for (uint32_t r = 0; r < n; r++) {
    rc = tw_neg_eval(&x->ectx, e, tw_vec_at(&a, r), &res[r]);
    if (rc) {
      return rc;
    }
  }
  out->v = res;
  out->isconst = a.isconst;
  return 0;
}

/* d.key / d[key] / d[i] on one value. */
static tw_value access_one(const tw_value *obj, const tw_value *key,
                           const char *name) {
  if (obj->type != TW_T_DYNAMIC || obj->null || tw_dyn_is_null(obj->u.d)) {
    return tw_null(TW_T_DYNAMIC);
  }
  const tw_dyn *d = obj->u.d, *res = NULL;
  if (name) {
    res = tw_dyn_member(d, name, strlen(name));
  } else if (!key->null || key->type == TW_T_STRING) {
    tw_value k = *key;
    if (k.type == TW_T_DYNAMIC) {
      k = tw_dyn_to_value(k.u.d);
    }
    switch (k.type) {
    case TW_T_STRING:
      res = tw_dyn_member(d, k.u.s, k.len);
      break;
    case TW_T_INT:
    case TW_T_LONG:
      if (!k.null) {
        res = tw_dyn_index(d, k.u.i);
      }
      break;
    case TW_T_REAL:
      if (!k.null) {
        res = tw_dyn_index(d, (int64_t)k.u.r);
      }
      break;
    default:
      break;
    }
  }
  return res ? tw_dynamic(res) : tw_null(TW_T_DYNAMIC);
}

static int eval_access(tw_exec *x, tw_ast *e, const tw_xbatch *b,
                       tw_vec *out) {
  tw_vec o, k = {0};
  int rc = tw_eval(x, e->kids[0], b, &o);
  if (rc) {
    return rc;
  }
  bool isconst = o.isconst;
  if (e->kind == AST_INDEX) {
    rc = tw_eval(x, e->kids[1], b, &k);
    if (rc) {
      return rc;
    }
    isconst = isconst && k.isconst;
  }
  uint32_t n = isconst ? 1 : b->nrows;
  tw_value *res = alloc_col(x, b, n);
  if (!res) {
    return TRAWL_ERR_NOMEM;
  }
  for (uint32_t r = 0; r < n; r++) {
    res[r] = access_one(tw_vec_at(&o, r),
                        e->kind == AST_INDEX ? tw_vec_at(&k, r) : NULL,
                        e->kind == AST_MEMBER ? e->name : NULL);
  }
  out->v = res;
  out->isconst = isconst;
  return 0;
}

int tw_eval(tw_exec *x, tw_ast *e, const tw_xbatch *b, tw_vec *out) {
  if (tw_ast_is_tabular(e)) {
    /* a subquery's first column, as a list (in, has_any) */
    tw_value *v = alloc_col(x, b, 1);
    if (!v) {
      return TRAWL_ERR_NOMEM;
    }
    if (tw_subq_value(x, e, true, v) != 0) {
      tw_exec_errorf(x, TRAWL_ERR_UNSUPPORTED, e,
                     "a tabular expression cannot be used here yet");
      return TRAWL_ERR_UNSUPPORTED;
    }
    out->v = v;
    out->isconst = true;
    return 0;
  }
  switch (e->kind) {
  case AST_LITERAL:
    out->v = &e->lit;
    out->isconst = true;
    return 0;
  case AST_NAME:
    if (e->bind == TW_BIND_COLUMN && e->slot >= 0 &&
        (uint32_t)e->slot < b->ncols) {
      out->v = b->cols[e->slot];
      out->isconst = false;
      return 0;
    }
    if (e->bind == TW_BIND_EXPR && e->ref) {
      return tw_eval(x, e->ref, b, out);
    }
    tw_exec_errorf(x, TRAWL_ERR_UNSUPPORTED, e, "cannot evaluate name '%s'",
                   e->name ? e->name : "?");
    return TRAWL_ERR_UNSUPPORTED;
  case AST_ASSIGN:
    return tw_eval(x, e->kids[0], b, out);
  case AST_CALL:
    return eval_call(x, e, b, out);
  case AST_BINARY:
    return eval_binary(x, e, b, out);
  case AST_IN:
    return eval_in(x, e, b, out);
  case AST_BETWEEN:
    return eval_between(x, e, b, out);
  case AST_UNARY:
    return eval_unary(x, e, b, out);
  case AST_MEMBER:
  case AST_INDEX:
    return eval_access(x, e, b, out);
  default:
    tw_exec_errorf(x, TRAWL_ERR_UNSUPPORTED, e,
                   "expression kind %d is not supported yet", e->kind);
    return TRAWL_ERR_UNSUPPORTED;
  }
}

int tw_eval_col(tw_exec *x, tw_ast *e, const tw_xbatch *b, tw_value **out) {
  tw_vec v;
  int rc = tw_eval(x, e, b, &v);
  if (rc) {
    return rc;
  }
  if (!v.isconst) {
    *out = (tw_value *)v.v;
    return 0;
  }
  tw_value *col = alloc_col(x, b, b->nrows);
  if (!col) {
    return TRAWL_ERR_NOMEM;
  }
  for (uint32_t r = 0; r < b->nrows; r++) {
    col[r] = v.v[0];
  }
  *out = col;
  return 0;
}

int tw_eval_const(tw_exec *x, tw_ast *e, tw_arena *a, tw_value *out) {
  tw_value *none = NULL;
  tw_xbatch b = {1, 0, &none, a};
  tw_vec v;
  int rc = tw_eval(x, e, &b, &v);
  if (rc) {
    return rc;
  }
  *out = v.v[0];
  return 0;
}
