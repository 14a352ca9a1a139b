/*
 * kql/bind_expr.c - binding of scalar expressions: literal and name
 * resolution, operator typing (numeric widening, datetime/timespan
 * arithmetic, string operators, in/has_any lists, between), dynamic
 * member and index access, calls of built-in functions and aggregates
 * (arity, argument classes, result types) and Kusto's auto column names.
 */
#include <stdio.h>
#include <string.h>

#include "base/limits.h"
#include "functions/function.h"
#include "functions/signatures.h"
#include "kql/bind_int.h"
#include "kql/parse.h"


static const char *tname(int t) {
  return trawl_type_name((trawl_type)t);
}

/* The operator token between e's first operand and the next one: a span
 * (off, len) pointing at it when the query text is known, else e's. */
static tw_ast op_span(const tw_binder *b, const tw_ast *e) {
  tw_ast at = *e;
  if (!b->text || e->nkids < 2) {
    return at;
  }
  size_t i = (size_t)e->kids[0]->off + e->kids[0]->len;
  size_t stop = e->kids[1]->off;
  if (stop > b->tlen || i >= stop) {
    return at;
  }
  const char *t = b->text;
  while (i < stop) {
    if (t[i] == ' ' || t[i] == '\t' || t[i] == '\r' || t[i] == '\n' ||
        t[i] == ')') {
      i++;
    } else if (t[i] == '/' && i + 1 < stop && t[i + 1] == '/') {
      while (i < stop && t[i] != '\n') {
        i++;
      }
    } else {
      break;
    }
  }
  size_t j = i;
  while (j < stop && t[j] != ' ' && t[j] != '\t' && t[j] != '\r' &&
         t[j] != '\n' && t[j] != '(') {
    j++;
  }
  if (j > i) {
    at.off = (uint32_t)i;
    at.len = (uint32_t)(j - i);
  }
  return at;
}

static trawl_status op_err(tw_binder *b, const tw_ast *e, int l, int r) {
  tw_ast at = op_span(b, e);
  return tw_bind_err(b, TRAWL_ERR_TYPE, &at,
                     "The operator '%s' is not defined for the operand "
                     "types %s and %s.",
                     tw_binop_text(e->op), tname(l), tname(r));
}

static int is_str_or_dyn(int t) {
  return t == TW_T_STRING || t == TW_T_DYNAMIC || t == TW_T_UNKNOWN;
}

/* Result of arithmetic on l and r, or TW_T_UNKNOWN when undefined. */
static tw_type arith_type(int op, tw_type l, tw_type r) {
  int ln = tw_type_is_number(l), rn = tw_type_is_number(r);
  if (l == TW_T_DYNAMIC && r == TW_T_DYNAMIC) {
    return TW_T_DYNAMIC;
  }
  if (l == TW_T_DYNAMIC && rn) {
    return op == BIN_DIV || op == BIN_MOD || op == BIN_ADD ||
                   op == BIN_SUB || op == BIN_MUL
               ? tw_type_widest_number(r, r)
               : TW_T_UNKNOWN;
  }
  if (r == TW_T_DYNAMIC && ln) {
    return tw_type_widest_number(l, l);
  }
  if (ln && rn) {
    return tw_type_widest_number(l, r);
  }
  /* dynamic beside a datetime/timespan: Kusto reads it as whichever type
   * makes the operation valid. */
  int ld = l == TW_T_DYNAMIC, rd = r == TW_T_DYNAMIC;
  int lt = l == TW_T_DATETIME || l == TW_T_TIMESPAN;
  int rt = r == TW_T_DATETIME || r == TW_T_TIMESPAN;
  if ((ld && rt) || (rd && lt)) {
    tw_type other = ld ? r : l;
    if (op == BIN_ADD) {
      return other;
    }
    if (op == BIN_SUB) {
      return TW_T_TIMESPAN;
    }
    return TW_T_UNKNOWN;
  }
  switch (op) {
  case BIN_ADD:
    if (l == TW_T_DATETIME && r == TW_T_TIMESPAN) {
      return TW_T_DATETIME;
    }
    if (l == TW_T_TIMESPAN && r == TW_T_DATETIME) {
      return TW_T_DATETIME;
    }
    if (l == TW_T_TIMESPAN && r == TW_T_TIMESPAN) {
      return TW_T_TIMESPAN;
    }
    break;
  case BIN_SUB:
    if (l == TW_T_DATETIME && r == TW_T_DATETIME) {
      return TW_T_TIMESPAN;
    }
    if (l == TW_T_DATETIME && r == TW_T_TIMESPAN) {
      return TW_T_DATETIME;
    }
    if (l == TW_T_TIMESPAN && r == TW_T_TIMESPAN) {
      return TW_T_TIMESPAN;
    }
    break;
  case BIN_MUL:
    if ((l == TW_T_TIMESPAN && rn) || (ln && r == TW_T_TIMESPAN)) {
      return TW_T_TIMESPAN;
    }
    break;
  case BIN_DIV:
    if (l == TW_T_TIMESPAN && r == TW_T_TIMESPAN) {
      return TW_T_REAL;
    }
    if (l == TW_T_TIMESPAN && rn) {
      return TW_T_TIMESPAN;
    }
    break;
  case BIN_MOD:
    if (l == TW_T_TIMESPAN && (r == TW_T_TIMESPAN || rn)) {
      return TW_T_TIMESPAN;
    }
    break;
  default:
    break;
  }
  return TW_T_UNKNOWN;
}

static int orderable_pair(tw_type l, tw_type r) {
  if (l == TW_T_DYNAMIC || r == TW_T_DYNAMIC) {
    return l != TW_T_STRING && r != TW_T_STRING;
  }
  if (tw_type_is_number(l) && tw_type_is_number(r)) {
    return 1;
  }
  return l == r && (l == TW_T_DATETIME || l == TW_T_TIMESPAN ||
                    l == TW_T_BOOL);
}

static trawl_status bind_binary(tw_binder *b, tw_ast *e, const tw_row *row) {
  trawl_status st;
  if (e->nkids < 2) {
    return tw_bind_err(b, TRAWL_ERR_SYNTAX, e, "operator needs two operands");
  }
  if ((st = tw_bind_expr(b, e->kids[0], row)) != TRAWL_OK ||
      (st = tw_bind_expr(b, e->kids[1], row)) != TRAWL_OK) {
    return st;
  }
  tw_type l = e->kids[0]->type, r = e->kids[1]->type;
  switch (e->op) {
  case BIN_ADD:
  case BIN_SUB:
  case BIN_MUL:
  case BIN_DIV:
  case BIN_MOD: {
    tw_type t = arith_type(e->op, l, r);
    if (t == TW_T_UNKNOWN) {
      return op_err(b, e, l, r);
    }
    e->type = t;
    return TRAWL_OK;
  }
  case BIN_LT:
  case BIN_LE:
  case BIN_GT:
  case BIN_GE:
    if (!orderable_pair(l, r)) {
      return op_err(b, e, l, r);
    }
    break;
  case BIN_EQ:
  case BIN_NE:
    break;
  case BIN_AND:
  case BIN_OR:
    if ((l != TW_T_BOOL && l != TW_T_DYNAMIC) ||
        (r != TW_T_BOOL && r != TW_T_DYNAMIC)) {
      return op_err(b, e, l, r);
    }
    break;
  default: /* =~, string operators, matches regex, like */
    if (!is_str_or_dyn(l) || !is_str_or_dyn(r)) {
      return op_err(b, e, l, r);
    }
    break;
  }
  e->type = TW_T_BOOL;
  return TRAWL_OK;
}

static trawl_status bind_in(tw_binder *b, tw_ast *e, const tw_row *row) {
  trawl_status st;
  if (e->nkids < 1) {
    return tw_bind_err(b, TRAWL_ERR_SYNTAX, e, "in without operand");
  }
  if ((st = tw_bind_expr(b, e->kids[0], row)) != TRAWL_OK) {
    return st;
  }
  tw_type l = e->kids[0]->type;
  if (e->op != IN_CS && e->op != IN_NOT_CS && !is_str_or_dyn(l)) {
    return tw_bind_err(b, TRAWL_ERR_TYPE, e->kids[0],
                       "A value of type string or dynamic expected.");
  }
  for (uint32_t i = 1; i < e->nkids; i++) {
    tw_ast *k = e->kids[i];
    if (tw_bind_is_tabular(b, k) &&
        !(k->kind == AST_NAME && row->cols &&
          tw_schema_find(row->cols, k->name) >= 0)) {
      if ((st = tw_bind_tabular(b, k)) != TRAWL_OK) {
        return st;
      }
      k->type = k->schema->ncols ? k->schema->cols[0].type : TW_T_DYNAMIC;
      continue;
    }
    if ((st = tw_bind_expr(b, k, row)) != TRAWL_OK) {
      return st;
    }
    if ((e->op == IN_HAS_ANY || e->op == IN_HAS_ALL) &&
        !is_str_or_dyn(k->type)) {
      if (k->type == TW_T_BOOL || k->type == TW_T_GUID) {
        return tw_bind_err(b, TRAWL_ERR_TYPE, k,
                           "A value of type string or dynamic expected.");
      }
    }
  }
  e->type = TW_T_BOOL;
  return TRAWL_OK;
}

static trawl_status bind_between(tw_binder *b, tw_ast *e, const tw_row *row) {
  trawl_status st;
  if (e->nkids != 3) {
    return tw_bind_err(b, TRAWL_ERR_SYNTAX, e, "between needs a range");
  }
  for (int i = 0; i < 3; i++) {
    if ((st = tw_bind_expr(b, e->kids[i], row)) != TRAWL_OK) {
      return st;
    }
  }
  tw_type x = e->kids[0]->type, lo = e->kids[1]->type, hi = e->kids[2]->type;
  int ok;
  if (x == TW_T_DYNAMIC) {
    ok = 1;
  } else if (tw_type_is_number(x)) {
    ok = (tw_type_is_number(lo) || lo == TW_T_DYNAMIC) &&
         (tw_type_is_number(hi) || hi == TW_T_DYNAMIC);
  } else if (x == TW_T_DATETIME) {
    ok = lo == TW_T_DATETIME &&
         (hi == TW_T_DATETIME || hi == TW_T_TIMESPAN);
  } else if (x == TW_T_TIMESPAN) {
    ok = lo == TW_T_TIMESPAN && hi == TW_T_TIMESPAN;
  } else {
    ok = 0;
  }
  if (!ok) {
    tw_ast at = op_span(b, e);
    return tw_bind_err(b, TRAWL_ERR_TYPE, &at,
                       "The operator 'between' is not defined for the "
                       "operand types %s, %s and %s.",
                       tname(x), tname(lo), tname(hi));
  }
  e->type = TW_T_BOOL;
  return TRAWL_OK;
}

/* ------------------------------------------------------------- names */

static trawl_status bind_name(tw_binder *b, tw_ast *e, const tw_row *row) {
  if (!e->name) {
    return tw_bind_err(b, TRAWL_ERR_SYNTAX, e, "missing name");
  }
  int c = row->cols ? tw_schema_find(row->cols, e->name) : -1;
  if (c >= 0 && row->agg) {
    /* summarize Name = Expr: columns only inside aggregate calls. */
    return tw_bind_err(b, TRAWL_ERR_NAME, e,
                       "The name '%s' is not an aggregate or scalar "
                       "function.",
                       e->name);
  }
  if (c >= 0) {
    e->bind = TW_BIND_COLUMN;
    e->slot = c;
    e->type = row->cols->cols[c].type;
    return TRAWL_OK;
  }
  tw_sym *s = tw_bind_lookup(b, e->name);
  if (s && s->kind == TW_SYM_SCALAR) {
    e->bind = TW_BIND_EXPR;
    e->ref = s->node;
    e->type = s->node->type;
    return TRAWL_OK;
  }
  if (s && s->kind == TW_SYM_FUNC) {
    return tw_bind_user_call(b, e, s, row, NULL);
  }
  if (s && s->kind == TW_SYM_TABULAR) {
    return tw_bind_err(b, TRAWL_ERR_TYPE, e,
                       "The name '%s' refers to a table, not a scalar "
                       "value.",
                       e->name);
  }
  return tw_bind_err(b, TRAWL_ERR_NAME, e,
                     "The name '%s' does not refer to any known column, "
                     "table, variable or function.",
                     e->name);
}

/* ------------------------------------------------------------- calls */

static int type_from_name(const char *s) {
  static const struct {
    const char *n;
    int t;
  } map[] = {
    {"bool", TW_T_BOOL},         {"boolean", TW_T_BOOL},
    {"int", TW_T_INT},           {"long", TW_T_LONG},
    {"real", TW_T_REAL},         {"double", TW_T_REAL},
    {"decimal", TW_T_DECIMAL},   {"string", TW_T_STRING},
    {"datetime", TW_T_DATETIME}, {"date", TW_T_DATETIME},
    {"timespan", TW_T_TIMESPAN}, {"time", TW_T_TIMESPAN},
    {"guid", TW_T_GUID},         {"uuid", TW_T_GUID},
    {"uniqueid", TW_T_GUID},     {"dynamic", TW_T_DYNAMIC},
  };
  for (size_t i = 0; s && i < sizeof map / sizeof map[0]; i++) {
    if (strcmp(map[i].n, s) == 0) {
      return map[i].t;
    }
  }
  return TW_T_UNKNOWN;
}

/* typeof(T) as an argument: a type literal. */
static trawl_status bind_typeof(tw_binder *b, tw_ast *e) {
  int t = e->decl_type;
  if (t == TW_T_UNKNOWN && e->nkids == 1 && e->kids[0]->kind == AST_NAME) {
    t = type_from_name(e->kids[0]->name);
    e->kids[0]->type = TW_T_STRING;
    e->kids[0]->bind = TW_BIND_NONE;
  }
  if (t == TW_T_UNKNOWN) {
    return tw_bind_err(b, TRAWL_ERR_TYPE, e, "typeof() needs a type name.");
  }
  e->decl_type = (uint8_t)t;
  e->type = TW_T_STRING;
  e->bind = TW_BIND_FUNCTION;
  e->slot = TW_FN_typeof;
  return TRAWL_OK;
}

static trawl_status check_args(tw_binder *b, tw_ast *e, const tw_fn_sig *s,
                               const char *what) {
  if (e->nkids < s->min_args || e->nkids > s->max_args) {
    if (s->min_args == s->max_args) {
      return tw_bind_err(b, TRAWL_ERR_TYPE, e,
                         "The %s '%s' expects %u argument%s.", what,
                         e->name, s->min_args, s->min_args == 1 ? "" : "s");
    }
    return tw_bind_err(b, TRAWL_ERR_TYPE, e,
                       "The %s '%s' expects between %u and %u arguments.",
                       what, e->name, s->min_args, s->max_args);
  }
  for (uint32_t i = 0; i < e->nkids; i++) {
    char cls = tw_sig_arg_class(s, i);
    tw_ast *k = e->kids[i];
    if (k->kind == AST_STAR) {
      if (cls != '*') {
        return tw_bind_err(b, TRAWL_ERR_TYPE, k, "'*' is not allowed here.");
      }
      continue;
    }
    int ok = tw_sig_arg_ok(cls, k->type);
    if (cls == 's' && k->type == TW_T_DYNAMIC && k->kind != AST_LITERAL) {
      ok = 1; /* a dynamic value of unknown shape may hold a string */
    }
    if (!ok) {
      if (cls == 'c' || strcmp(s->name, "avg") == 0 ||
          strcmp(s->name, "avgif") == 0 || strcmp(s->name, "abs") == 0) {
        /* Functions with several signatures: Kusto names the call. */
        char types[256];
        size_t used = 0;
        types[0] = 0;
        for (uint32_t j = 0; j < e->nkids && used < sizeof types; j++) {
          int w = snprintf(types + used, sizeof types - used, "%s%s",
                           j ? ", " : "", tname(e->kids[j]->type));
          used += w > 0 ? (size_t)w : 0;
        }
        return tw_bind_err(b, TRAWL_ERR_TYPE, e,
                           "The function '%s' is not compatible with "
                           "arguments (%s)",
                           e->name, types);
      }
      if (cls == 'o') {
        return tw_bind_err(b, TRAWL_ERR_TYPE, k,
                           "The argument value must be orderable: a number, "
                           "timespan, datetime, string or boolean.");
      }
      if (cls == 'u') {
        return tw_bind_err(b, TRAWL_ERR_TYPE, k,
                           "The argument value must be summable: a number, "
                           "timespan or datetime.");
      }
      if (cls == 'n') {
        return tw_bind_err(b, TRAWL_ERR_TYPE, k,
                           "The expression value must be a number.");
      }
      if (cls == 'i') {
        return tw_bind_err(b, TRAWL_ERR_TYPE, k,
                           "The expression value must be an integer.");
      }
      if (strchr("sbdtD", cls)) {
        return tw_bind_err(b, TRAWL_ERR_TYPE, k,
                           "A value of type %s expected.",
                           tw_sig_class_name(cls));
      }
      return tw_bind_err(b, TRAWL_ERR_TYPE, k,
                         "The expression must have one of the types: %s.",
                         tw_sig_class_name(cls));
    }
  }
  return TRAWL_OK;
}

static tw_type ret_type(const tw_fn_sig *s, const tw_ast *e) {
  tw_type a0 = e->nkids > 0 ? (tw_type)e->kids[0]->type : TW_T_UNKNOWN;
  tw_type t = (tw_type)s->ret_type;
  switch (s->ret) {
  case TW_RET_ARG0:
    t = a0;
    break;
  case TW_RET_ARG1:
    t = e->nkids > 1 ? (tw_type)e->kids[1]->type : t;
    break;
  case TW_RET_WIDEST: {
    tw_type a1 = e->nkids > 1 ? (tw_type)e->kids[1]->type : TW_T_UNKNOWN;
    t = tw_type_widest_number(a0, a1);
    if (t == TW_T_UNKNOWN) {
      t = a0;
    }
    break;
  }
  case TW_RET_COMMON:
    t = a0;
    for (uint32_t i = 1; i < e->nkids; i++) {
      tw_type c = tw_type_common(t, (tw_type)e->kids[i]->type);
      if (c != TW_T_UNKNOWN) {
        t = c;
      }
    }
    break;
  case TW_RET_BRANCHES: {
    /* iff(c, a, b); case(p1, v1, ..., else): values at odd positions and
     * the last argument. */
    t = TW_T_UNKNOWN;
    int first = 1;
    for (uint32_t i = 1; i < e->nkids; i++) {
      if (!(i % 2 == 1 || i + 1 == e->nkids)) {
        continue;
      }
      tw_type v = (tw_type)e->kids[i]->type;
      if (first) {
        t = v;
        first = 0;
      } else {
        t = tw_type_common(t, v);
        if (t == TW_T_UNKNOWN) {
          return TW_T_DYNAMIC;
        }
      }
    }
    break;
  }
  case TW_RET_PROMOTED:
    t = a0 == TW_T_INT ? TW_T_LONG : a0;
    break;
  case TW_RET_AVG:
    t = (a0 == TW_T_DATETIME || a0 == TW_T_TIMESPAN || a0 == TW_T_DECIMAL)
            ? a0
            : TW_T_REAL;
    break;
  case TW_RET_ABS:
    t = (a0 == TW_T_INT || a0 == TW_T_LONG) ? TW_T_LONG : a0;
    break;
  case TW_RET_TYPE_ARG:
    if (e->nkids == 4 && e->kids[3]->kind == AST_CALL &&
        e->kids[3]->decl_type != TW_T_UNKNOWN) {
      t = (tw_type)e->kids[3]->decl_type;
    }
    break;
  case TW_RET_TOSCALAR:
    if (e->nkids && e->kids[0]->schema && e->kids[0]->schema->ncols) {
      t = e->kids[0]->schema->cols[0].type;
    } else if (e->nkids) {
      t = e->kids[0]->type;
    }
    break;
  default:
    break;
  }
  if (t == TW_T_UNKNOWN) {
    t = TW_T_DYNAMIC;
  }
  return t;
}

static int is_aggregate_name(const char *name) {
  return tw_agg_find(name, NULL) >= 0 && strcmp(name, "any") != 0;
}

static trawl_status bind_args(tw_binder *b, tw_ast *e, const tw_row *row,
                              int tabular_ok) {
  trawl_status st;
  for (uint32_t i = 0; i < e->nkids; i++) {
    tw_ast *k = e->kids[i];
    if (k->kind == AST_STAR) {
      k->type = TW_T_DYNAMIC;
      continue;
    }
    if (k->kind == AST_CALL && k->name && strcmp(k->name, "typeof") == 0) {
      if ((st = bind_typeof(b, k)) != TRAWL_OK) {
        return st;
      }
      continue;
    }
    if (tabular_ok && tw_bind_is_tabular(b, k) &&
        !(k->kind == AST_NAME && row->cols &&
          tw_schema_find(row->cols, k->name) >= 0)) {
      if ((st = tw_bind_tabular(b, k)) != TRAWL_OK) {
        return st;
      }
      continue;
    }
    if ((st = tw_bind_expr(b, k, row)) != TRAWL_OK) {
      return st;
    }
  }
  return TRAWL_OK;
}

static trawl_status bind_call(tw_binder *b, tw_ast *e, const tw_row *row) {
  trawl_status st;
  const char *name = e->name ? e->name : "";
  tw_sym *s = tw_bind_lookup(b, name);
  if (s && s->kind == TW_SYM_FUNC) {
    return tw_bind_user_call(b, e, s, row, NULL);
  }
  if (strcmp(name, "typeof") == 0) {
    return bind_typeof(b, e);
  }
  if (row->agg && (tw_agg_find(name, NULL) >= 0)) {
    const tw_fn_sig *ov = NULL;
    int id = tw_agg_find(name, &ov);
    const tw_fn_sig *sig = tw_agg_sig_get(id);
    tw_row inner = *row;
    inner.agg = 0;
    if ((st = bind_args(b, e, &inner, 0)) != TRAWL_OK) {
      return st;
    }
    if ((st = check_args(b, e, ov ? ov : sig, "aggregate function")) !=
        TRAWL_OK) {
      return st;
    }
    e->bind = TW_BIND_AGGREGATE;
    e->slot = id;
    e->type = ret_type(sig, e);
    return TRAWL_OK;
  }
  int id = tw_fn_find(name);
  if (id < 0) {
    if (is_aggregate_name(name)) {
      return tw_bind_err(b, TRAWL_ERR_TYPE, e,
                         "The aggregate function '%s' is not allowed in "
                         "this context.",
                         name);
    }
    return tw_bind_err(b, TRAWL_ERR_NAME, e,
                       "The name '%s' does not refer to any known "
                       "function.",
                       name);
  }
  const tw_fn_sig *sig = tw_fn_sig_get(id);
  int tabular = id == TW_FN_toscalar || id == TW_FN_materialize;
  if ((st = bind_args(b, e, row, tabular)) != TRAWL_OK) {
    return st;
  }
  if (tabular) {
    if (e->nkids != 1) {
      return tw_bind_err(b, TRAWL_ERR_TYPE, e,
                         "The function '%s' expects 1 argument(s).", name);
    }
    e->bind = TW_BIND_FUNCTION;
    e->slot = id;
    if (id == TW_FN_materialize) {
      if (!e->kids[0]->schema) {
        return tw_bind_err(b, TRAWL_ERR_TYPE, e->kids[0],
                           "A tabular expression expected.");
      }
      e->schema = e->kids[0]->schema;
      e->type = TW_T_DYNAMIC;
      return TRAWL_OK;
    }
    e->type = ret_type(sig, e);
    return TRAWL_OK;
  }
  if ((st = check_args(b, e, sig, "function")) != TRAWL_OK) {
    return st;
  }
  if (sig->ret == TW_RET_COMMON && e->nkids) {
    /* All arguments share one type: numbers widen; any dynamic argument
     * makes it dynamic for all. */
    tw_type t = (tw_type)e->kids[0]->type;
    for (uint32_t i = 1; i < e->nkids; i++) {
      tw_type k = (tw_type)e->kids[i]->type;
      if (k == TW_T_DYNAMIC || t == TW_T_DYNAMIC) {
        t = TW_T_DYNAMIC;
      } else if (tw_type_is_number(t) && tw_type_is_number(k)) {
        t = tw_type_common(t, k);
      }
    }
    for (uint32_t i = 0; i < e->nkids; i++) {
      tw_type k = (tw_type)e->kids[i]->type;
      if (k != t && !(tw_type_is_number(k) && tw_type_is_number(t))) {
        return tw_bind_err(b, TRAWL_ERR_TYPE, e->kids[i],
                           "The expression must have the type %s.",
                           tname(t));
      }
    }
  }
  if (id == TW_FN_iff || id == TW_FN_case) {
    /* Conditions must be bool. */
    for (uint32_t i = 0; i + 1 < e->nkids; i += 2) {
      tw_type t = (tw_type)e->kids[i]->type;
      if (t != TW_T_BOOL && t != TW_T_DYNAMIC) {
        return tw_bind_err(b, TRAWL_ERR_TYPE, e->kids[i],
                           "A value of type bool expected.");
      }
      if (id == TW_FN_iff) {
        break;
      }
    }
  }
  e->bind = TW_BIND_FUNCTION;
  e->slot = id;
  e->type = ret_type(sig, e);
  return TRAWL_OK;
}

/* ------------------------------------------------------------ driver */

trawl_status tw_bind_expr(tw_binder *b, tw_ast *e, const tw_row *row) {
  static const tw_row no_row;
  trawl_status st = TRAWL_OK;
  if (!row) {
    row = &no_row; /* a table-source context: no columns in scope */
  }
  if (!e) {
    return tw_bind_err(b, TRAWL_ERR_SYNTAX, NULL, "missing expression");
  }
  if (++b->depth > TW_MAX_EXPR_DEPTH) {
    b->depth--;
    return tw_bind_err(b, TRAWL_ERR_LIMIT, e,
                       "The expression is nested too deeply.");
  }
  switch (e->kind) {
  case AST_LITERAL:
    e->type = e->lit.type ? e->lit.type : TW_T_DYNAMIC;
    break;
  case AST_NAME:
    st = bind_name(b, e, row);
    break;
  case AST_CALL:
    st = bind_call(b, e, row);
    break;
  case AST_BINARY:
    st = bind_binary(b, e, row);
    break;
  case AST_UNARY:
    if (e->nkids < 1) {
      st = tw_bind_err(b, TRAWL_ERR_SYNTAX, e, "missing operand");
      break;
    }
    if ((st = tw_bind_expr(b, e->kids[0], row)) != TRAWL_OK) {
      break;
    }
    e->type = e->kids[0]->type;
    if (!tw_type_is_number(e->type) && e->type != TW_T_TIMESPAN &&
        e->type != TW_T_DYNAMIC) {
      st = tw_bind_err(b, TRAWL_ERR_TYPE, e,
                       "The operator '%c' is not defined for the operand "
                       "type %s.",
                       e->op == '+' ? '+' : '-', tname(e->type));
    }
    break;
  case AST_IN:
    st = bind_in(b, e, row);
    break;
  case AST_BETWEEN:
    st = bind_between(b, e, row);
    break;
  case AST_MEMBER:
  case AST_INDEX:
    for (uint32_t i = 0; i < e->nkids && st == TRAWL_OK; i++) {
      st = tw_bind_expr(b, e->kids[i], row);
    }
    if (st == TRAWL_OK && e->nkids &&
        e->kids[0]->type != TW_T_DYNAMIC) {
      tw_ast at = *e;
      if (e->kind == AST_MEMBER && e->name) {
        /* Kusto looks the member up as a name: point at it. */
        size_t n = strlen(e->name);
        if (n <= e->len) {
          at.off = e->off + e->len - (uint32_t)n;
          at.len = (uint32_t)n;
        }
        st = tw_bind_err(b, TRAWL_ERR_NAME, &at,
                         "The name '%s' does not refer to any known "
                         "column, table, variable or function.",
                         e->name);
      } else {
        at.off = e->kids[0]->off + e->kids[0]->len;
        at.len = 1;
        st = tw_bind_err(b, TRAWL_ERR_TYPE, &at,
                         "The element access operator [] is not allowed "
                         "in this context.");
      }
    }
    e->type = TW_T_DYNAMIC;
    break;
  case AST_ASSIGN:
  case AST_NAMED_ARG:
  case AST_SORT_KEY:
    if (e->nkids < 1) {
      st = tw_bind_err(b, TRAWL_ERR_SYNTAX, e, "missing expression");
      break;
    }
    st = tw_bind_expr(b, e->kids[0], row);
    e->type = e->kids[0]->type;
    break;
  case AST_LIST:
    for (uint32_t i = 0; i < e->nkids && st == TRAWL_OK; i++) {
      st = tw_bind_expr(b, e->kids[i], row);
    }
    e->type = TW_T_DYNAMIC;
    break;
  case AST_STAR:
    e->type = TW_T_DYNAMIC;
    break;
  default:
    if (tw_bind_is_tabular(b, e)) {
      st = tw_bind_err(b, TRAWL_ERR_TYPE, e,
                       "A scalar expression expected, not a table.");
    } else {
      st = tw_bind_err(b, TRAWL_ERR_SYNTAX, e,
                       "This is not a scalar expression.");
    }
    break;
  }
  b->depth--;
  if (st == TRAWL_OK && e->type == TW_T_UNKNOWN) {
    e->type = TW_T_DYNAMIC;
  }
  return st;
}

/* ------------------------------------------------------- result names */

static const char *name_of(tw_binder *b, const tw_ast *e);

static const char *lit_text(tw_binder *b, const tw_ast *e) {
  if (e->kind != AST_LITERAL || e->lit.null) {
    return "";
  }
  if (e->lit.type == TW_T_STRING) {
    return tw_arena_strndup(b->a, e->lit.u.s, e->lit.len);
  }
  if (e->lit.type == TW_T_LONG || e->lit.type == TW_T_INT) {
    /* Kusto sees -1 as unary minus on a literal: no name. (The parser
     * folds the sign into the literal.) */
    if (e->lit.u.i < 0) {
      return "";
    }
    return tw_bind_strf(b, "%lld", (long long)e->lit.u.i);
  }
  if (e->lit.type == TW_T_REAL) {
    return tw_bind_strf(b, "%g", e->lit.u.r);
  }
  return "";
}

static const char *join2(tw_binder *b, const char *l, const char *r) {
  if (!l || !*l) {
    return r ? r : "";
  }
  const char *s = tw_bind_strf(b, "%s_%s", l, r ? r : "");
  return s ? s : "";
}

static const char *call_name(tw_binder *b, const tw_ast *e) {
  const tw_fn_sig *sig = NULL;
  if (e->bind == TW_BIND_AGGREGATE) {
    const tw_fn_sig *ov = NULL;
    int id = tw_agg_find(e->name, &ov);
    sig = ov ? ov : tw_agg_sig_get(id);
    if (id == TW_AGG_percentile && e->nkids == 2) {
      return tw_bind_strf(b, "percentile_%s_%s", name_of(b, e->kids[0]),
                          lit_text(b, e->kids[1]));
    }
  } else if (e->bind == TW_BIND_FUNCTION) {
    sig = tw_fn_sig_get(e->slot);
  }
  if (!sig) {
    return "";
  }
  switch (sig->name_kind) {
  case TW_NAME_FIRST_ARG:
    return e->nkids ? name_of(b, e->kids[0]) : "";
  case TW_NAME_PREFIX_FIRST: {
    const char *a = e->nkids ? name_of(b, e->kids[0]) : "";
    const char *s = tw_bind_strf(b, "%s_%s", sig->prefix, a);
    return s ? s : "";
  }
  case TW_NAME_ONLY_ARG:
    return e->nkids == 1 ? name_of(b, e->kids[0]) : "";
  case TW_NAME_VALUE_IF_COLUMN:
    return e->nkids ? lit_text(b, e->kids[0]) : "";
  default:
    return "";
  }
}

static const char *name_of(tw_binder *b, const tw_ast *e) {
  switch (e->kind) {
  case AST_NAME:
  case AST_TABLE_REF:
    return e->name ? e->name : "";
  case AST_ASSIGN:
    return e->name ? e->name : "";
  case AST_SORT_KEY:
    return e->nkids ? name_of(b, e->kids[0]) : "";
  case AST_MEMBER:
    if (!e->nkids) {
      return e->name ? e->name : "";
    }
    if (e->kids[0]->type == TW_T_DYNAMIC ||
        e->kids[0]->type == TW_T_UNKNOWN) {
      return join2(b, name_of(b, e->kids[0]), e->name ? e->name : "");
    }
    return e->name ? e->name : "";
  case AST_INDEX:
    if (e->nkids < 2) {
      return "";
    }
    if (e->kids[0]->type == TW_T_DYNAMIC ||
        e->kids[0]->type == TW_T_UNKNOWN) {
      return join2(b, name_of(b, e->kids[0]), lit_text(b, e->kids[1]));
    }
    return lit_text(b, e->kids[1]);
  case AST_CALL:
    return call_name(b, e);
  default:
    return "";
  }
}

const char *tw_expr_result_name(tw_binder *b, const tw_ast *e) {
  const char *s = name_of(b, e);
  return s ? s : "";
}
