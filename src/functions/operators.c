/*
 * functions/operators.c - KQL's scalar operators evaluated one row at a
 * time (see operators.h): arithmetic, comparisons, equality with Kusto's
 * null table, and/or, string operators, between and unary minus. The list
 * operators (in, has_any, ...) are in op_in.c.
 */
#include "functions/operators.h"

#include <math.h>
#include <string.h>

#include "base/limits.h"
#include "base/timeutil.h"
#include "functions/convert.h"
#include "functions/regex.h"
#include "functions/strmatch.h"
#include "value/json.h"

/* ------------------------------------------------------------ helpers */

/* Null in the sense of the null table: a null non-string value or a
 * dynamic null. */
static int is_nullish(const tw_value *v) {
  if (v->type == TW_T_STRING) {
    return 0;
  }
  if (v->null) {
    return 1;
  }
  return v->type == TW_T_DYNAMIC && tw_dyn_is_null(v->u.d);
}

/* A dynamic scalar as the scalar it holds. */
static tw_value unwrap(const tw_value *v) {
  if (v->type == TW_T_DYNAMIC) {
    return v->null ? tw_null(TW_T_DYNAMIC) : tw_dyn_to_value(v->u.d);
  }
  return *v;
}

static int is_int_t(int t) {
  return t == TW_T_INT || t == TW_T_LONG || t == TW_T_BOOL;
}
static int is_real_t(int t) { return t == TW_T_REAL || t == TW_T_DECIMAL; }
static int is_num_t(int t) { return is_int_t(t) || is_real_t(t); }

static double as_real(const tw_value *v) {
  return is_real_t(v->type) ? v->u.r : (double)v->u.i;
}

/* Make `out` the bound result type when the two differ in a convertible
 * way (numeric widening, dynamic wrapping). */
static int finish(tw_eval_ctx *ctx, const tw_ast *node, tw_value *out) {
  if (!node || node->type == TW_T_UNKNOWN || node->type == out->type) {
    return 0;
  }
  int t = node->type;
  if (out->null && out->type != TW_T_STRING) {
    *out = tw_null((tw_type)t);
    return 0;
  }
  if (t == TW_T_DYNAMIC) {
    const tw_dyn *d = tw_value_to_dyn(ctx->arena, out);
    if (!d) {
      return tw_fn_error(ctx, node, TRAWL_ERR_NOMEM, "out of memory");
    }
    *out = tw_dynamic(d);
    return 0;
  }
  if (is_num_t(t) && is_num_t(out->type)) {
    tw_value v = *out;
    if (t == TW_T_REAL || t == TW_T_DECIMAL) {
      *out = tw_real(as_real(&v));
      out->type = (uint8_t)t;
    } else if (t == TW_T_LONG) {
      tw_conv_tolong(&v, out);
    } else if (t == TW_T_INT) {
      tw_conv_toint(&v, out);
    }
  }
  return 0;
}

static int dt_ok(int64_t t) {
  return t >= TW_DATETIME_MIN && t <= TW_DATETIME_MAX;
}

static int64_t wrap_add(int64_t a, int64_t b) {
  return (int64_t)((uint64_t)a + (uint64_t)b);
}
static int64_t wrap_sub(int64_t a, int64_t b) {
  return (int64_t)((uint64_t)a - (uint64_t)b);
}
static int64_t wrap_mul(int64_t a, int64_t b) {
  return (int64_t)((uint64_t)a * (uint64_t)b);
}

static int64_t idiv(int64_t a, int64_t b) {
  if (a == INT64_MIN && b == -1) {
    return INT64_MIN;
  }
  return a / b;
}

static int64_t imod(int64_t a, int64_t b) {
  if (b == -1 || b == 1) {
    return 0;
  }
  int64_t r = a % b;
  if (r < 0) {
    r = b < 0 ? r - b : r + b;
  }
  return r;
}

static double rmod(double a, double b) {
  double r = fmod(a, b);
  if (r < 0) {
    r += fabs(b);
  }
  return r;
}

static int64_t ticks_scale(int64_t t, double f, int *ok) {
  double r = round((double)t * f);
  if (isnan(r) || r >= 9.2e18 || r <= -9.2e18) {
    *ok = 0;
    return 0;
  }
  *ok = 1;
  return (int64_t)r;
}

/* ---------------------------------------------------------- arithmetic */

static int arith(tw_eval_ctx *ctx, tw_ast *node, int op, const tw_value *ain,
                 const tw_value *bin, tw_value *out) {
  tw_value a = unwrap(ain), b = unwrap(bin);
  int ta = a.type, tb = b.type;
  int rt = TW_T_UNKNOWN;
  /* result type */
  if (is_num_t(ta) && is_num_t(tb)) {
    if (is_int_t(ta) && is_int_t(tb)) {
      rt = TW_T_LONG;
    } else {
      rt = (ta == TW_T_DECIMAL || tb == TW_T_DECIMAL) &&
                   ta != TW_T_REAL && tb != TW_T_REAL
               ? TW_T_DECIMAL
               : TW_T_REAL;
    }
  } else if (ta == TW_T_DATETIME && tb == TW_T_DATETIME && op == BIN_SUB) {
    rt = TW_T_TIMESPAN;
  } else if ((ta == TW_T_DATETIME && tb == TW_T_TIMESPAN &&
              (op == BIN_ADD || op == BIN_SUB)) ||
             (ta == TW_T_TIMESPAN && tb == TW_T_DATETIME && op == BIN_ADD)) {
    rt = TW_T_DATETIME;
  } else if (ta == TW_T_TIMESPAN && tb == TW_T_TIMESPAN) {
    rt = op == BIN_DIV ? TW_T_REAL : TW_T_TIMESPAN;
    if (op == BIN_MUL) {
      rt = TW_T_UNKNOWN;
    }
  } else if ((ta == TW_T_TIMESPAN && is_num_t(tb) &&
              (op == BIN_MUL || op == BIN_DIV)) ||
             (is_num_t(ta) && tb == TW_T_TIMESPAN && op == BIN_MUL)) {
    rt = TW_T_TIMESPAN;
  }
  if (rt == TW_T_UNKNOWN) {
    /* mixed / unsupported operand types (e.g. a dynamic array): null */
    *out = tw_null(node && node->type ? (tw_type)node->type : TW_T_LONG);
    if (out->type == TW_T_STRING) {
      *out = tw_null(TW_T_DYNAMIC);
    }
    return finish(ctx, node, out);
  }
  if (is_nullish(&a) || is_nullish(&b)) {
    *out = tw_null((tw_type)rt);
    return finish(ctx, node, out);
  }
  *out = tw_null((tw_type)rt);
  if (rt == TW_T_LONG) {
    int64_t x = a.u.i, y = b.u.i;
    switch (op) {
    case BIN_ADD: *out = tw_long(wrap_add(x, y)); break;
    case BIN_SUB: *out = tw_long(wrap_sub(x, y)); break;
    case BIN_MUL: *out = tw_long(wrap_mul(x, y)); break;
    case BIN_DIV:
      if (y != 0) {
        *out = tw_long(idiv(x, y));
      }
      break;
    case BIN_MOD:
      if (y != 0) {
        *out = tw_long(imod(x, y));
      }
      break;
    default: break;
    }
  } else if (rt == TW_T_REAL || rt == TW_T_DECIMAL) {
    double x = as_real(&a), y = as_real(&b), r = 0;
    switch (op) {
    case BIN_ADD: r = x + y; break;
    case BIN_SUB: r = x - y; break;
    case BIN_MUL: r = x * y; break;
    case BIN_DIV: r = x / y; break;
    case BIN_MOD: r = rmod(x, y); break;
    default: break;
    }
    if (ta == TW_T_TIMESPAN) { /* timespan / timespan */
      r = (double)a.u.i / (double)b.u.i;
    }
    *out = tw_real(r);
    out->type = (uint8_t)rt;
  } else if (rt == TW_T_DATETIME) {
    int64_t r;
    if (ta == TW_T_DATETIME) {
      r = op == BIN_ADD ? wrap_add(a.u.i, b.u.i) : wrap_sub(a.u.i, b.u.i);
    } else {
      r = wrap_add(a.u.i, b.u.i);
    }
    if (dt_ok(r)) {
      *out = tw_datetime(r);
    }
  } else if (rt == TW_T_TIMESPAN) {
    if (ta == TW_T_DATETIME) {
      *out = tw_timespan(wrap_sub(a.u.i, b.u.i));
    } else if (ta == TW_T_TIMESPAN && tb == TW_T_TIMESPAN) {
      int64_t x = a.u.i, y = b.u.i;
      switch (op) {
      case BIN_ADD: *out = tw_timespan(wrap_add(x, y)); break;
      case BIN_SUB: *out = tw_timespan(wrap_sub(x, y)); break;
      case BIN_MOD:
        if (y != 0) {
          *out = tw_timespan(imod(x, y));
        }
        break;
      default: break;
      }
    } else {
      const tw_value *ts = ta == TW_T_TIMESPAN ? &a : &b;
      const tw_value *num = ta == TW_T_TIMESPAN ? &b : &a;
      int ok = 1;
      int64_t r = 0;
      if (op == BIN_MUL) {
        if (is_int_t(num->type)) {
          r = wrap_mul(ts->u.i, num->u.i);
        } else {
          r = ticks_scale(ts->u.i, num->u.r, &ok);
        }
      } else { /* timespan / number */
        if (is_int_t(num->type)) {
          ok = num->u.i != 0;
          r = ok ? idiv(ts->u.i, num->u.i) : 0;
        } else {
          ok = num->u.r != 0;
          r = ok ? ticks_scale(ts->u.i, 1.0 / num->u.r, &ok) : 0;
        }
      }
      if (ok) {
        *out = tw_timespan(r);
      }
    }
  }
  return finish(ctx, node, out);
}

/* ------------------------------------------------------- comparisons */

int tw_value_order(const tw_value *ain, const tw_value *bin) {
  tw_value a = unwrap(ain), b = unwrap(bin);
  int ta = a.type, tb = b.type;
  if (is_num_t(ta) && is_num_t(tb)) {
    if (is_int_t(ta) && is_int_t(tb)) {
      return a.u.i < b.u.i ? -1 : a.u.i > b.u.i;
    }
    double x = as_real(&a), y = as_real(&b);
    if (isnan(x) || isnan(y)) {
      return 2;
    }
    return x < y ? -1 : x > y;
  }
  /* datetimes against text (dynamic strings from JSON logs) */
  if (ta == TW_T_DATETIME && tb == TW_T_STRING) {
    int64_t t;
    if (tw_todatetime_text(b.u.s, b.len, &t) < 0) {
      return 2;
    }
    return a.u.i < t ? -1 : a.u.i > t;
  }
  if (ta == TW_T_STRING && tb == TW_T_DATETIME) {
    int64_t t;
    if (tw_todatetime_text(a.u.s, a.len, &t) < 0) {
      return 2;
    }
    return t < b.u.i ? -1 : t > b.u.i;
  }
  if (ta != tb) {
    if ((ta == TW_T_STRING || ta == TW_T_GUID) &&
        (tb == TW_T_STRING || tb == TW_T_GUID)) {
      return tw_str_cmp(a.u.s, a.len, b.u.s, b.len);
    }
    return 2;
  }
  switch (ta) {
  case TW_T_DATETIME:
  case TW_T_TIMESPAN:
    return a.u.i < b.u.i ? -1 : a.u.i > b.u.i;
  case TW_T_STRING:
  case TW_T_GUID:
    return tw_str_cmp(a.u.s, a.len, b.u.s, b.len);
  default:
    return 2;
  }
}

int tw_value_eq3(const tw_value *ain, const tw_value *bin, int ci) {
  int na = is_nullish(ain), nb = is_nullish(bin);
  if (na && nb) {
    return -1;
  }
  if (na || nb) {
    return 0;
  }
  tw_value a = unwrap(ain), b = unwrap(bin);
  int ta = a.type, tb = b.type;
  if (ta == TW_T_DYNAMIC || tb == TW_T_DYNAMIC) {
    if (ta == TW_T_DYNAMIC && tb == TW_T_DYNAMIC) {
      return tw_dyn_equal(a.u.d, b.u.d);
    }
    return 0;
  }
  if (is_num_t(ta) && is_num_t(tb)) {
    if (ta == TW_T_BOOL || tb == TW_T_BOOL) {
      return ta == tb && a.u.i == b.u.i;
    }
    if (is_int_t(ta) && is_int_t(tb)) {
      return a.u.i == b.u.i;
    }
    return as_real(&a) == as_real(&b);
  }
  if ((ta == TW_T_STRING || ta == TW_T_GUID) &&
      (tb == TW_T_STRING || tb == TW_T_GUID)) {
    int fold = ci || (ta == TW_T_GUID || tb == TW_T_GUID);
    return tw_str_eq(a.u.s, a.len, b.u.s, b.len, fold);
  }
  if (ta == TW_T_DATETIME || tb == TW_T_DATETIME) {
    int o = tw_value_order(&a, &b);
    return o == 0;
  }
  if (ta == tb && ta == TW_T_TIMESPAN) {
    return a.u.i == b.u.i;
  }
  return 0;
}

/* ------------------------------------------------------ string ops */

static int string_op(tw_eval_ctx *ctx, tw_ast *node, int op,
                     const tw_value *a, const tw_value *b, tw_value *out) {
  int neg = 0, ci = 1, res = 0;
  switch (op) {
  case BIN_NOT_HAS: case BIN_NOT_HASPREFIX: case BIN_NOT_HASSUFFIX:
  case BIN_NOT_CONTAINS: case BIN_NOT_STARTSWITH: case BIN_NOT_ENDSWITH:
  case BIN_NOT_LIKE:
    neg = 1;
    break;
  case BIN_NOT_HAS_CS: case BIN_NOT_HASPREFIX_CS: case BIN_NOT_HASSUFFIX_CS:
  case BIN_NOT_CONTAINS_CS: case BIN_NOT_STARTSWITH_CS:
  case BIN_NOT_ENDSWITH_CS: case BIN_NOT_LIKE_CS:
    neg = 1;
    ci = 0;
    break;
  case BIN_HAS_CS: case BIN_HASPREFIX_CS: case BIN_HASSUFFIX_CS:
  case BIN_CONTAINS_CS: case BIN_STARTSWITH_CS: case BIN_ENDSWITH_CS:
  case BIN_LIKE_CS: case BIN_MATCHES_REGEX:
    ci = 0;
    break;
  default:
    break;
  }
  int na = is_nullish(a), nb = is_nullish(b);
  if (na && nb) {
    *out = tw_null(TW_T_BOOL);
    return 0;
  }
  if (na || nb) {
    *out = tw_bool(neg);
    return 0;
  }
  const char *h, *nd;
  size_t hn, nn;
  if (tw_value_str(ctx->arena, a, &h, &hn) < 0 ||
      tw_value_str(ctx->arena, b, &nd, &nn) < 0) {
    return tw_fn_error(ctx, node, TRAWL_ERR_NOMEM, "out of memory");
  }
  switch (op) {
  case BIN_HAS: case BIN_NOT_HAS: case BIN_HAS_CS: case BIN_NOT_HAS_CS:
    res = tw_str_has(h, hn, nd, nn, ci);
    break;
  case BIN_HASPREFIX: case BIN_NOT_HASPREFIX: case BIN_HASPREFIX_CS:
  case BIN_NOT_HASPREFIX_CS:
    res = tw_str_hasprefix(h, hn, nd, nn, ci);
    break;
  case BIN_HASSUFFIX: case BIN_NOT_HASSUFFIX: case BIN_HASSUFFIX_CS:
  case BIN_NOT_HASSUFFIX_CS:
    res = tw_str_hassuffix(h, hn, nd, nn, ci);
    break;
  case BIN_CONTAINS: case BIN_NOT_CONTAINS: case BIN_CONTAINS_CS:
  case BIN_NOT_CONTAINS_CS:
    res = tw_str_contains(h, hn, nd, nn, ci);
    break;
  case BIN_STARTSWITH: case BIN_NOT_STARTSWITH: case BIN_STARTSWITH_CS:
  case BIN_NOT_STARTSWITH_CS:
    res = tw_str_startswith(h, hn, nd, nn, ci);
    break;
  case BIN_ENDSWITH: case BIN_NOT_ENDSWITH: case BIN_ENDSWITH_CS:
  case BIN_NOT_ENDSWITH_CS:
    res = tw_str_endswith(h, hn, nd, nn, ci);
    break;
  case BIN_LIKE: case BIN_NOT_LIKE: case BIN_LIKE_CS: case BIN_NOT_LIKE_CS:
    res = tw_str_like(h, hn, nd, nn, ci);
    break;
  case BIN_MATCHES_REGEX: {
    tw_regex *re;
    int rc = tw_regex_for(ctx, node, node && node->nkids > 1 ? node->kids[1]
                                                             : node,
                          b, &re);
    if (rc) {
      return rc;
    }
    size_t ov[2 * (TW_REGEX_MAX_GROUPS + 1)];
    int m = tw_regex_search(re, h, hn, 0, ov);
    if (m < 0) {
      return tw_fn_error(ctx, node, TRAWL_ERR_RUNTIME,
                         "regular expression match failed (limits)");
    }
    res = m;
    break;
  }
  default:
    break;
  }
  *out = tw_bool(neg ? !res : res);
  return 0;
}

/* ---------------------------------------------------------- dispatch */

int tw_binop_eval(tw_eval_ctx *ctx, tw_ast *node, const tw_value *a,
                  const tw_value *b, tw_value *out) {
  int op = node ? node->op : BIN_EQ;
  switch (op) {
  case BIN_ADD: case BIN_SUB: case BIN_MUL: case BIN_DIV: case BIN_MOD:
    return arith(ctx, node, op, a, b, out);
  case BIN_LT: case BIN_LE: case BIN_GT: case BIN_GE: {
    if (is_nullish(a) || is_nullish(b)) {
      *out = tw_null(TW_T_BOOL);
      return 0;
    }
    int o = tw_value_order(a, b);
    if (o == 2) {
      tw_value ua = unwrap(a), ub = unwrap(b);
      int nan = (is_real_t(ua.type) && isnan(ua.u.r)) ||
                (is_real_t(ub.type) && isnan(ub.u.r));
      *out = nan ? tw_bool(false) : tw_null(TW_T_BOOL);
      return 0;
    }
    int r = op == BIN_LT ? o < 0 : op == BIN_LE ? o <= 0
          : op == BIN_GT ? o > 0 : o >= 0;
    *out = tw_bool(r);
    return 0;
  }
  case BIN_EQ: case BIN_NE: case BIN_EQ_CI: case BIN_NE_CI: {
    int e = tw_value_eq3(a, b, op == BIN_EQ_CI || op == BIN_NE_CI);
    if (e < 0) {
      *out = tw_null(TW_T_BOOL);
    } else {
      *out = tw_bool(op == BIN_EQ || op == BIN_EQ_CI ? e : !e);
    }
    return 0;
  }
  case BIN_AND: case BIN_OR: {
    tw_value ua = unwrap(a), ub = unwrap(b);
    int x = is_nullish(&ua) || ua.type != TW_T_BOOL ? 2 : ua.u.i != 0;
    int y = is_nullish(&ub) || ub.type != TW_T_BOOL ? 2 : ub.u.i != 0;
    int r;
    if (op == BIN_AND) {
      r = (x == 0 || y == 0) ? 0 : (x == 2 || y == 2) ? 2 : 1;
    } else {
      r = (x == 1 || y == 1) ? 1 : (x == 2 || y == 2) ? 2 : 0;
    }
    *out = r == 2 ? tw_null(TW_T_BOOL) : tw_bool(r == 1);
    return 0;
  }
  default:
    if (op >= BIN_HAS && op < BIN_COUNT) {
      return string_op(ctx, node, op, a, b, out);
    }
    return tw_fn_error(ctx, node, TRAWL_ERR_UNSUPPORTED,
                       "operator not supported");
  }
}

int tw_between_eval(tw_eval_ctx *ctx, tw_ast *node, const tw_value *v,
                    const tw_value *lo, const tw_value *hi, tw_value *out) {
  (void)ctx;
  if (is_nullish(v) || is_nullish(lo) || is_nullish(hi)) {
    *out = tw_null(TW_T_BOOL);
    return 0;
  }
  tw_value l = unwrap(lo), h = unwrap(hi);
  if ((l.type == TW_T_DATETIME) && h.type == TW_T_TIMESPAN) {
    h = tw_datetime(wrap_add(l.u.i, h.u.i));
  }
  int o1 = tw_value_order(v, &l), o2 = tw_value_order(v, &h);
  if (o1 == 2 || o2 == 2) {
    *out = tw_bool(node && node->op == 1);
    return 0;
  }
  int in = o1 >= 0 && o2 <= 0;
  *out = tw_bool(node && node->op == 1 ? !in : in);
  return 0;
}

int tw_neg_eval(tw_eval_ctx *ctx, tw_ast *node, const tw_value *ain,
                tw_value *out) {
  tw_value a = unwrap(ain);
  if (is_nullish(&a)) {
    *out = tw_null(is_num_t(a.type) || a.type == TW_T_TIMESPAN
                       ? (tw_type)a.type
                       : TW_T_LONG);
    return finish(ctx, node, out);
  }
  switch (a.type) {
  case TW_T_INT:
    *out = tw_int((int32_t)(0 - (uint32_t)a.u.i));
    break;
  case TW_T_LONG:
  case TW_T_BOOL:
    *out = tw_long(wrap_sub(0, a.u.i));
    break;
  case TW_T_REAL:
  case TW_T_DECIMAL:
    *out = tw_real(-a.u.r);
    out->type = a.type;
    break;
  case TW_T_TIMESPAN:
    *out = tw_timespan(wrap_sub(0, a.u.i));
    break;
  default:
    *out = tw_null(TW_T_LONG);
    break;
  }
  return finish(ctx, node, out);
}

/* ------------------------------------------------------- constness */

static int const_rec(const tw_ast *e, int depth, int allow_now) {
  if (!e || depth > TW_MAX_EXPR_DEPTH + 50) {
    return 0;
  }
  switch (e->kind) {
  case AST_LITERAL:
    return 1;
  case AST_NAME:
    if (e->bind == TW_BIND_EXPR && e->ref) {
      return const_rec(e->ref, depth + 1, allow_now);
    }
    return 0;
  case AST_CALL:
    if (e->bind != TW_BIND_FUNCTION) {
      return 0;
    }
    switch (e->slot) {
    case TW_FN_now:
    case TW_FN_ago:
      if (!allow_now) {
        return 0;
      }
      break;
    case TW_FN_rand: case TW_FN_new_guid: case TW_FN_row_number:
    case TW_FN_prev: case TW_FN_next: case TW_FN_toscalar:
    case TW_FN_materialize: case TW_FN_column_ifexists:
      return 0;
    default:
      break;
    }
    for (uint32_t i = 0; i < e->nkids; i++) {
      if (!const_rec(e->kids[i], depth + 1, allow_now)) {
        return 0;
      }
    }
    return 1;
  case AST_BINARY:
  case AST_UNARY:
  case AST_IN:
  case AST_BETWEEN:
  case AST_MEMBER:
  case AST_INDEX:
  case AST_LIST:
    for (uint32_t i = 0; i < e->nkids; i++) {
      if (!const_rec(e->kids[i], depth + 1, allow_now)) {
        return 0;
      }
    }
    return 1;
  default:
    return 0;
  }
}

int tw_ast_is_constant(const tw_ast *e) { return const_rec(e, 0, 0); }

int tw_ast_is_run_constant(const tw_ast *e) { return const_rec(e, 0, 1); }
