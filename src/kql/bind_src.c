/*
 * kql/bind_src.c - schemas of the tabular sources that need no input:
 * datatable, externaldata and range (print lives with project/extend in
 * bind_ops.c, since it shares their item naming).
 */
#include "kql/bind_int.h"
#include "kql/bind_ops.h"

static trawl_status set_schema(tw_binder *b, tw_ast *op, const tw_cols *c) {
  op->schema = tw_cols_schema(b, c);
  return op->schema ? TRAWL_OK : tw_bind_nomem(b);
}

trawl_status tw_bind_datatable(tw_binder *b, tw_ast *op) {
  tw_cols c = {0};
  trawl_status st;
  uint32_t ncols = op->op;
  if (ncols > op->nkids) {
    return tw_bind_err(b, TRAWL_ERR_SYNTAX, op, "bad datatable");
  }
  for (uint32_t i = 0; i < ncols; i++) {
    tw_ast *d = op->kids[i];
    if (d->kind != AST_COLUMN_DECL || !d->name) {
      return tw_bind_err(b, TRAWL_ERR_SYNTAX, d, "A column declaration "
                                                  "expected.");
    }
    if (tw_cols_find(&c, d->name) >= 0) {
      return tw_bind_err(b, TRAWL_ERR_NAME, d,
                         "A column with the name '%s' is already declared.",
                         d->name);
    }
    d->type = d->decl_type;
    if (tw_cols_add(b, &c, d->name, (tw_type)d->decl_type) != 0) {
      return tw_bind_nomem(b);
    }
  }
  tw_row none = {0};
  for (uint32_t i = ncols; i < op->nkids; i++) {
    if ((st = tw_bind_expr(b, op->kids[i], &none)) != TRAWL_OK) {
      return st;
    }
  }
  if (ncols && (op->nkids - ncols) % ncols != 0) {
    return tw_bind_err(b, TRAWL_ERR_TYPE, op,
                       "The number of values must be a multiple of the "
                       "number of columns.");
  }
  return set_schema(b, op, &c);
}

trawl_status tw_bind_externaldata(tw_binder *b, tw_ast *op) {
  tw_cols c = {0};
  trawl_status st;
  uint32_t ncols = op->op;
  if (ncols > op->nkids) {
    return tw_bind_err(b, TRAWL_ERR_SYNTAX, op, "bad externaldata");
  }
  for (uint32_t i = 0; i < ncols; i++) {
    tw_ast *d = op->kids[i];
    if (d->kind != AST_COLUMN_DECL || !d->name) {
      return tw_bind_err(b, TRAWL_ERR_SYNTAX, d,
                         "A column declaration expected.");
    }
    d->type = d->decl_type;
    if (tw_cols_add(b, &c, d->name, (tw_type)d->decl_type) != 0) {
      return tw_bind_nomem(b);
    }
  }
  tw_row none = {0};
  for (uint32_t i = ncols; i < op->nkids; i++) {
    tw_ast *k = op->kids[i];
    if (k->kind == AST_LIST) {
      for (uint32_t j = 0; j < k->nkids; j++) {
        tw_ast *o = k->kids[j];
        o->type = TW_T_STRING;
        for (uint32_t m = 0; m < o->nkids; m++) {
          if (o->kids[m]->kind == AST_NAME) {
            o->kids[m]->type = TW_T_STRING;
          } else if ((st = tw_bind_expr(b, o->kids[m], &none)) !=
                     TRAWL_OK) {
            return st;
          }
        }
      }
      k->type = TW_T_DYNAMIC;
      continue;
    }
    if ((st = tw_bind_expr(b, k, &none)) != TRAWL_OK) {
      return st;
    }
  }
  return set_schema(b, op, &c);
}

trawl_status tw_bind_range(tw_binder *b, tw_ast *op) {
  tw_cols c = {0};
  tw_row none = {0};
  trawl_status st;
  if (op->nkids != 3 || !op->name) {
    return tw_bind_err(b, TRAWL_ERR_SYNTAX, op, "incomplete range");
  }
  for (int i = 0; i < 3; i++) {
    if ((st = tw_bind_expr(b, op->kids[i], &none)) != TRAWL_OK) {
      return st;
    }
  }
  tw_type t = (tw_type)op->kids[0]->type;
  if (t == TW_T_INT) {
    t = TW_T_LONG;
  }
  if (tw_cols_add(b, &c, op->name, t) != 0) {
    return tw_bind_nomem(b);
  }
  return set_schema(b, op, &c);
}
