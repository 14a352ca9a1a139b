/*
 * kql/bind_ops.c - schema propagation through the tabular operators:
 * which columns (names, types, order) each operator outputs, following
 * Kusto's rules for auto names (Column1, print_0, count_, set_X ...),
 * extend's in-place replacement, summarize's by-columns first, join and
 * lookup column sets with numeric suffixes (Caller1), union's name_type
 * split, mv-expand, parse, make-series and the project-* family.
 */
#include <string.h>

#include "functions/function.h"
#include "functions/signatures.h"
#include "kql/bind_int.h"
#include "kql/bind_ops.h"

/* ------------------------------------------------------ column lists */

int tw_cols_add(tw_binder *b, tw_cols *c, const char *name, tw_type t) {
  if (c->n == c->cap) {
    uint32_t cap = c->cap ? c->cap * 2 : 16;
    tw_column *v = tw_arena_alloc(b->a, cap * sizeof *v);
    if (!v) {
      return -1;
    }
    if (c->n) {
      memcpy(v, c->v, c->n * sizeof *v);
    }
    c->v = v;
    c->cap = cap;
  }
  c->v[c->n].name = name;
  c->v[c->n].type = t == TW_T_UNKNOWN ? TW_T_DYNAMIC : t;
  c->n++;
  return 0;
}

int tw_cols_find(const tw_cols *c, const char *name) {
  for (uint32_t i = 0; i < c->n; i++) {
    if (strcmp(c->v[i].name, name) == 0) {
      return (int)i;
    }
  }
  return -1;
}

int tw_schema_find(const tw_schema *s, const char *name) {
  if (!s || !name) {
    return -1;
  }
  for (uint32_t i = 0; i < s->ncols; i++) {
    if (strcmp(s->cols[i].name, name) == 0) {
      return (int)i;
    }
  }
  return -1;
}

int tw_cols_from(tw_binder *b, tw_cols *c, const tw_schema *s) {
  for (uint32_t i = 0; s && i < s->ncols; i++) {
    if (tw_cols_add(b, c, s->cols[i].name, s->cols[i].type) != 0) {
      return -1;
    }
  }
  return 0;
}

const tw_schema *tw_cols_schema(tw_binder *b, const tw_cols *c) {
  tw_schema *s = tw_arena_zalloc(b->a, sizeof *s);
  if (!s) {
    return NULL;
  }
  s->ncols = c->n;
  s->cols = c->v;
  if (!s->cols) {
    s->cols = tw_arena_zalloc(b->a, sizeof *s->cols);
  }
  return s;
}

const char *tw_cols_unique(tw_binder *b, const tw_cols *c, const char *base) {
  if (tw_cols_find(c, base) < 0) {
    return base;
  }
  for (unsigned i = 1; i < 100000; i++) {
    char *s = tw_bind_strf(b, "%s%u", base, i);
    if (!s || tw_cols_find(c, s) < 0) {
      return s;
    }
  }
  return NULL;
}

const char *tw_cols_auto(tw_binder *b, const tw_cols *c) {
  for (unsigned i = 1; i < 100000; i++) {
    char *s = tw_bind_strf(b, "Column%u", i);
    if (!s || tw_cols_find(c, s) < 0) {
      return s;
    }
  }
  return NULL;
}

int tw_bind_glob(const char *p, const char *s) {
  /* Iterative '*' matching: on a mismatch, retry from the last star with
   * one more character consumed (O(len(p) * len(s)), no recursion). */
  const char *star = NULL, *retry = NULL;
  while (*s) {
    if (*p == '*') {
      star = p++;
      retry = s;
    } else if (*p == *s) {
      p++;
      s++;
    } else if (star) {
      p = star + 1;
      s = ++retry;
    } else {
      return 0;
    }
  }
  while (*p == '*') {
    p++;
  }
  return *p == 0;
}

static trawl_status set_schema(tw_binder *b, tw_ast *op, const tw_cols *c) {
  op->schema = tw_cols_schema(b, c);
  return op->schema ? TRAWL_OK : tw_bind_nomem(b);
}

static trawl_status dup_err(tw_binder *b, const tw_ast *at, const char *n) {
  return tw_bind_err(b, TRAWL_ERR_NAME, at,
                     "A column with the name '%s' is already declared.", n);
}

static trawl_status dyn_err(tw_binder *b, const tw_ast *at) {
  return tw_bind_err(b, TRAWL_ERR_TYPE, at,
                     "The value of type 'dynamic' is not allowed in this "
                     "context.");
}

static int is_user_call(tw_binder *b, const tw_ast *e) {
  if (e->kind != AST_CALL && e->kind != AST_NAME) {
    return 0;
  }
  tw_sym *s = tw_bind_lookup(b, e->name);
  return s && s->kind == TW_SYM_FUNC;
}

/* --------------------------------------------- project / extend items */

/* Bind one projection item against `row`; give its name and type. For
 * (a, b) = f(...) the names are the targets and each is dynamic. */
static trawl_status bind_item(tw_binder *b, tw_ast *item, const tw_row *row,
                              const char **name) {
  trawl_status st;
  *name = NULL;
  if (item->kind == AST_ASSIGN) {
    if (item->nkids < 1) {
      return tw_bind_err(b, TRAWL_ERR_SYNTAX, item, "missing expression");
    }
    if ((st = tw_bind_expr(b, item->kids[0], row)) != TRAWL_OK) {
      return st;
    }
    item->type = item->kids[0]->type;
    *name = item->name;
    return TRAWL_OK;
  }
  int user = is_user_call(b, item);
  if ((st = tw_bind_expr(b, item, row)) != TRAWL_OK) {
    return st;
  }
  const char *n = user ? "" : tw_expr_result_name(b, item);
  *name = n && *n ? n : NULL;
  return TRAWL_OK;
}

/* Give an unnamed item its column name by wrapping it in AST_ASSIGN, so
 * that exec sees every projected/extended column named. */
static tw_ast *named(tw_binder *b, tw_ast *item, const char *name) {
  if (item->kind == AST_ASSIGN) {
    return item;
  }
  tw_ast *a = tw_ast_new(b, AST_ASSIGN, item);
  tw_ast **k = tw_arena_alloc(b->a, sizeof *k);
  if (!a || !k) {
    return NULL;
  }
  k[0] = item;
  a->kids = k;
  a->nkids = 1;
  a->name = name;
  a->type = item->type;
  return a;
}

static int is_tuple(const tw_ast *item) {
  return item->kind == AST_ASSIGN && item->nkids >= 2 &&
         item->kids[1]->kind == AST_LIST;
}

static trawl_status bind_project(tw_binder *b, tw_ast *op,
                                 const tw_schema *in) {
  tw_cols c = {0};
  tw_row row = {in, NULL, NULL, 0};
  trawl_status st;
  for (uint32_t i = 0; i < op->nkids; i++) {
    tw_ast *item = op->kids[i];
    const char *name;
    if ((st = bind_item(b, item, &row, &name)) != TRAWL_OK) {
      return st;
    }
    if (is_tuple(item)) {
      tw_ast *l = item->kids[1];
      for (uint32_t j = 0; j < l->nkids; j++) {
        if (tw_cols_find(&c, l->kids[j]->name) >= 0) {
          return dup_err(b, l->kids[j], l->kids[j]->name);
        }
        l->kids[j]->type = TW_T_DYNAMIC;
        if (tw_cols_add(b, &c, l->kids[j]->name, TW_T_DYNAMIC) != 0) {
          return tw_bind_nomem(b);
        }
      }
      continue;
    }
    if (!name) {
      name = tw_cols_auto(b, &c);
    } else if (tw_cols_find(&c, name) >= 0) {
      return dup_err(b, item, name);
    }
    if (!name || tw_cols_add(b, &c, name, (tw_type)item->type) != 0 ||
        !(op->kids[i] = named(b, item, name))) {
      return tw_bind_nomem(b);
    }
  }
  return set_schema(b, op, &c);
}

/* extend / serialize: items see the input row; new names append, existing
 * names are replaced in place. */
static trawl_status bind_extend(tw_binder *b, tw_ast *op, const tw_schema *in,
                                uint32_t first) {
  tw_cols c = {0};
  tw_row row = {in, NULL, NULL, 0};
  trawl_status st;
  if (tw_cols_from(b, &c, in) != 0) {
    return tw_bind_nomem(b);
  }
  for (uint32_t i = first; i < op->nkids; i++) {
    tw_ast *item = op->kids[i];
    const char *name;
    if ((st = bind_item(b, item, &row, &name)) != TRAWL_OK) {
      return st;
    }
    if (is_tuple(item)) {
      tw_ast *l = item->kids[1];
      for (uint32_t j = 0; j < l->nkids; j++) {
        l->kids[j]->type = TW_T_DYNAMIC;
        int at = tw_cols_find(&c, l->kids[j]->name);
        if (at >= 0) {
          c.v[at].type = TW_T_DYNAMIC;
        } else if (tw_cols_add(b, &c, l->kids[j]->name, TW_T_DYNAMIC) != 0) {
          return tw_bind_nomem(b);
        }
      }
      continue;
    }
    if (!name) {
      name = tw_cols_auto(b, &c);
      if (!name) {
        return tw_bind_nomem(b);
      }
    } else if (item->kind == AST_ASSIGN) {
      /* One explicit name may be assigned only once per extend (items
       * the binder named itself have the span of their expression). */
      for (uint32_t j = first; j < i; j++) {
        const tw_ast *o = op->kids[j];
        if (o->kind == AST_ASSIGN && o->name && o->nkids == 1 &&
            o->off != o->kids[0]->off && strcmp(o->name, name) == 0) {
          return dup_err(b, item, name);
        }
      }
    }
    if (!(op->kids[i] = named(b, item, name))) {
      return tw_bind_nomem(b);
    }
    int at = tw_cols_find(&c, name);
    if (at >= 0) {
      c.v[at].type = (tw_type)item->type;
    } else if (tw_cols_add(b, &c, name, (tw_type)item->type) != 0) {
      return tw_bind_nomem(b);
    }
  }
  return set_schema(b, op, &c);
}

/* ----------------------------------------------------------- summarize */

static int expands(const tw_ast *call) {
  if (call->kind != AST_CALL || call->bind != TW_BIND_AGGREGATE) {
    return 0;
  }
  return call->slot == TW_AGG_arg_max || call->slot == TW_AGG_arg_min ||
         call->slot == TW_AGG_take_any || call->slot == TW_AGG_percentiles;
}

/* Replace `*` in arg_max(E, *) / take_any(*) by the input columns that are
 * neither by-columns nor E itself. */
static trawl_status expand_star(tw_binder *b, tw_ast *call,
                                const tw_schema *in, const tw_cols *by) {
  uint32_t star = call->nkids;
  for (uint32_t i = 0; i < call->nkids; i++) {
    if (call->kids[i]->kind == AST_STAR) {
      star = i;
      break;
    }
  }
  if (star == call->nkids) {
    return TRAWL_OK;
  }
  const char *skip = NULL;
  if (call->slot != TW_AGG_take_any && call->kids[0]->kind == AST_NAME) {
    skip = call->kids[0]->name;
  }
  uint32_t n = 0;
  tw_ast **kids = tw_arena_alloc(b->a, (call->nkids + in->ncols) *
                                           sizeof *kids);
  if (!kids) {
    return tw_bind_nomem(b);
  }
  for (uint32_t i = 0; i < call->nkids; i++) {
    if (i != star) {
      kids[n++] = call->kids[i];
      continue;
    }
    for (uint32_t c = 0; c < in->ncols; c++) {
      const char *cn = in->cols[c].name;
      if ((skip && strcmp(cn, skip) == 0) || tw_cols_find(by, cn) >= 0) {
        continue;
      }
      tw_ast *nm = tw_ast_new(b, AST_NAME, call->kids[i]);
      if (!nm) {
        return tw_bind_nomem(b);
      }
      nm->name = cn;
      nm->bind = TW_BIND_COLUMN;
      nm->slot = (int32_t)c;
      nm->type = in->cols[c].type;
      kids[n++] = nm;
    }
  }
  call->kids = kids;
  call->nkids = n;
  return TRAWL_OK;
}

/* Columns of an expanding aggregate (arg_max, take_any, any, percentiles):
 * one per argument; `first` names the first one (from `Name = ...`). */
static trawl_status expand_cols(tw_binder *b, tw_ast *item, const char *first,
                                const tw_schema *in, const tw_cols *by,
                                tw_cols *c) {
  trawl_status st;
  if (item->slot == TW_AGG_percentiles) {
    const char *base = tw_expr_result_name(b, item->kids[0]);
    for (uint32_t i = 1; i < item->nkids; i++) {
      tw_ast *p = item->kids[i];
      char *n0 = NULL;
      if (i == 1 && first) {
        n0 = tw_bind_strf(b, "%s", first);
      } else if (p->kind == AST_LITERAL && p->lit.type == TW_T_LONG) {
        n0 = tw_bind_strf(b, "percentile_%s_%lld", base,
                          (long long)p->lit.u.i);
      } else if (p->kind == AST_LITERAL && p->lit.type == TW_T_REAL) {
        n0 = tw_bind_strf(b, "percentile_%s_%g", base, p->lit.u.r);
        for (char *q = n0; q && *q; q++) {
          if (*q == '.') {
            *q = '_';
          }
        }
      } else {
        n0 = tw_bind_strf(b, "percentile_%s_", base);
      }
      const char *n = n0 ? tw_cols_unique(b, c, n0) : NULL;
      if (!n || tw_cols_add(b, c, n, (tw_type)item->kids[0]->type) != 0) {
        return tw_bind_nomem(b);
      }
    }
    return TRAWL_OK;
  }
  const tw_fn_sig *ov = NULL;
  tw_agg_find(item->name, &ov);
  const char *prefix = ov ? ov->prefix : NULL;
  if ((st = expand_star(b, item, in, by)) != TRAWL_OK) {
    return st;
  }
  for (uint32_t i = 0; i < item->nkids; i++) {
    const char *n = tw_expr_result_name(b, item->kids[i]);
    if (i == 0 && first) {
      n = first;
    } else if (prefix) {
      n = *n ? tw_bind_strf(b, "%s_%s", prefix, n)
             : tw_bind_strf(b, "%s_arg%u", prefix, i);
    } else if (!*n) {
      n = i == 0 && item->slot == TW_AGG_arg_max   ? "max_"
          : i == 0 && item->slot == TW_AGG_arg_min ? "min_"
          : item->slot == TW_AGG_take_any ? tw_bind_strf(b, "any_arg%u", i)
                                          : tw_cols_auto(b, c);
    }
    n = n ? tw_cols_unique(b, c, n) : NULL;
    if (!n || tw_cols_add(b, c, n, (tw_type)item->kids[i]->type) != 0) {
      return tw_bind_nomem(b);
    }
  }
  return TRAWL_OK;
}

/* Add the output columns of one aggregate item. */
static trawl_status agg_item_cols(tw_binder *b, tw_ast *item,
                                  const tw_schema *in, const tw_cols *by,
                                  tw_cols *c) {
  trawl_status st;
  tw_row row = {in, NULL, NULL, 1};
  if (item->kind == AST_NAMED_ARG) {
    tw_row none = {0};
    return item->nkids ? tw_bind_expr(b, item->kids[0], &none) : TRAWL_OK;
  }
  if (item->kind == AST_ASSIGN) {
    if ((st = tw_bind_expr(b, item->kids[0], &row)) != TRAWL_OK) {
      return st;
    }
    item->type = item->kids[0]->type;
    if (is_tuple(item)) {
      tw_ast *l = item->kids[1];
      for (uint32_t j = 0; j < l->nkids; j++) {
        const char *n = tw_cols_unique(b, c, l->kids[j]->name);
        l->kids[j]->type = TW_T_DYNAMIC;
        if (!n || tw_cols_add(b, c, n, TW_T_DYNAMIC) != 0) {
          return tw_bind_nomem(b);
        }
      }
      return TRAWL_OK;
    }
    if (tw_cols_find(by, item->name) >= 0) {
      return dup_err(b, item, item->name);
    }
    if (expands(item->kids[0])) {
      return expand_cols(b, item->kids[0], item->name, in, by, c);
    }
    const char *n = tw_cols_unique(b, c, item->name);
    return !n || tw_cols_add(b, c, n, (tw_type)item->type) != 0
               ? tw_bind_nomem(b)
               : TRAWL_OK;
  }
  if ((st = tw_bind_expr(b, item, &row)) != TRAWL_OK) {
    return st;
  }
  if (expands(item)) {
    return expand_cols(b, item, NULL, in, by, c);
  }
  const char *n = tw_expr_result_name(b, item);
  n = *n ? tw_cols_unique(b, c, n) : tw_cols_auto(b, c);
  if (!n || tw_cols_add(b, c, n, (tw_type)item->type) != 0) {
    return tw_bind_nomem(b);
  }
  return TRAWL_OK;
}

static trawl_status bind_by_list(tw_binder *b, tw_ast *list,
                                 const tw_schema *in, tw_cols *c,
                                 int no_dynamic) {
  tw_row row = {in, NULL, NULL, 0};
  trawl_status st;
  for (uint32_t i = 0; list && i < list->nkids; i++) {
    tw_ast *item = list->kids[i];
    const char *name;
    if ((st = bind_item(b, item, &row, &name)) != TRAWL_OK) {
      return st;
    }
    if (no_dynamic && item->type == TW_T_DYNAMIC) {
      return dyn_err(b, item);
    }
    if (!name) {
      name = tw_cols_auto(b, c);
    } else if (tw_cols_find(c, name) >= 0) {
      return dup_err(b, item, name);
    }
    if (!name || tw_cols_add(b, c, name, (tw_type)item->type) != 0 ||
        !(list->kids[i] = named(b, item, name))) {
      return tw_bind_nomem(b);
    }
  }
  return TRAWL_OK;
}

static trawl_status bind_summarize(tw_binder *b, tw_ast *op,
                                   const tw_schema *in) {
  tw_cols c = {0};
  trawl_status st;
  tw_ast *aggs = op->nkids > 0 ? op->kids[0] : NULL;
  tw_ast *by = op->nkids > 1 ? op->kids[1] : NULL;
  if ((st = bind_by_list(b, by, in, &c, 1)) != TRAWL_OK) {
    return st;
  }
  tw_cols bycols = c;
  for (uint32_t i = 0; aggs && i < aggs->nkids; i++) {
    if ((st = agg_item_cols(b, aggs->kids[i], in, &bycols, &c)) !=
        TRAWL_OK) {
      return st;
    }
  }
  return set_schema(b, op, &c);
}

static trawl_status bind_make_series(tw_binder *b, tw_ast *op,
                                     const tw_schema *in) {
  tw_cols c = {0};
  trawl_status st;
  if (op->nkids < 4) {
    return tw_bind_err(b, TRAWL_ERR_SYNTAX, op, "incomplete make-series");
  }
  if ((st = bind_by_list(b, op->kids[3], in, &c, 0)) != TRAWL_OK) {
    return st;
  }
  tw_cols bycols = c;
  tw_ast *aggs = op->kids[0];
  for (uint32_t i = 0; i < aggs->nkids; i++) {
    uint32_t before = c.n;
    if ((st = agg_item_cols(b, aggs->kids[i], in, &bycols, &c)) !=
        TRAWL_OK) {
      return st;
    }
    for (uint32_t j = before; j < c.n; j++) {
      c.v[j].type = TW_T_DYNAMIC;
    }
  }
  tw_row row = {in, NULL, NULL, 0};
  if ((st = tw_bind_expr(b, op->kids[1], &row)) != TRAWL_OK) {
    return st;
  }
  for (uint32_t i = 0; i < op->kids[2]->nkids; i++) {
    if ((st = tw_bind_expr(b, op->kids[2]->kids[i], &row)) != TRAWL_OK) {
      return st;
    }
  }
  const char *on = tw_expr_result_name(b, op->kids[1]);
  on = *on ? tw_cols_unique(b, &c, on) : tw_cols_auto(b, &c);
  if (!on || tw_cols_add(b, &c, on, TW_T_DYNAMIC) != 0) {
    return tw_bind_nomem(b);
  }
  return set_schema(b, op, &c);
}

/* ------------------------------------------------------------ sources */

static trawl_status bind_print(tw_binder *b, tw_ast *op) {
  tw_cols c = {0};
  tw_row none = {0};
  trawl_status st;
  for (uint32_t i = 0; i < op->nkids; i++) {
    tw_ast *item = op->kids[i];
    const char *name;
    if ((st = bind_item(b, item, &none, &name)) != TRAWL_OK) {
      return st;
    }
    if (item->kind != AST_ASSIGN) {
      name = tw_bind_strf(b, "print_%u", i); /* print names no inference */
    } else if (tw_cols_find(&c, name) >= 0) {
      return dup_err(b, item, name);
    }
    if (!name || tw_cols_add(b, &c, name, (tw_type)item->type) != 0) {
      return tw_bind_nomem(b);
    }
  }
  return set_schema(b, op, &c);
}

/* ----------------------------------------------------- small operators */

static trawl_status bind_distinct(tw_binder *b, tw_ast *op,
                                  const tw_schema *in) {
  if (op->op == 1) {
    for (uint32_t j = 0; j < in->ncols; j++) {
      if (in->cols[j].type == TW_T_DYNAMIC) {
        return dyn_err(b, op);
      }
    }
    op->schema = in;
    return TRAWL_OK;
  }
  tw_cols c = {0};
  tw_row row = {in, NULL, NULL, 0};
  trawl_status st;
  for (uint32_t i = 0; i < op->nkids; i++) {
    tw_ast *item = op->kids[i];
    const char *name;
    if (item->kind == AST_STAR) {
      for (uint32_t j = 0; j < in->ncols; j++) {
        if (in->cols[j].type == TW_T_DYNAMIC) {
          return dyn_err(b, item);
        }
      }
      op->schema = in;
      item->type = TW_T_DYNAMIC;
      return TRAWL_OK;
    }
    if ((st = bind_item(b, item, &row, &name)) != TRAWL_OK) {
      return st;
    }
    if (item->type == TW_T_DYNAMIC) {
      return dyn_err(b, item);
    }
    if (!name) {
      name = tw_cols_auto(b, &c);
    } else if (tw_cols_find(&c, name) >= 0) {
      return dup_err(b, item, name);
    }
    if (!name || tw_cols_add(b, &c, name, (tw_type)item->type) != 0 ||
        !(op->kids[i] = named(b, item, name))) {
      return tw_bind_nomem(b);
    }
  }
  return set_schema(b, op, &c);
}

static trawl_status bind_keys(tw_binder *b, tw_ast *op, uint32_t first,
                              const tw_schema *in) {
  tw_row row = {in, NULL, NULL, 0};
  trawl_status st;
  for (uint32_t i = first; i < op->nkids; i++) {
    if ((st = tw_bind_expr(b, op->kids[i], &row)) != TRAWL_OK) {
      return st;
    }
  }
  op->schema = in;
  return TRAWL_OK;
}

static trawl_status bind_count_arg(tw_binder *b, tw_ast *op,
                                   const tw_schema *in) {
  tw_row none = {0};
  trawl_status st;
  if (op->nkids < 1) {
    return tw_bind_err(b, TRAWL_ERR_SYNTAX, op, "a row count expected");
  }
  if ((st = tw_bind_expr(b, op->kids[0], &none)) != TRAWL_OK) {
    return st;
  }
  tw_type t = (tw_type)op->kids[0]->type;
  if (t != TW_T_INT && t != TW_T_LONG && t != TW_T_DYNAMIC) {
    return tw_bind_err(b, TRAWL_ERR_TYPE, op->kids[0],
                       "The expression value must be an integer.");
  }
  op->schema = in;
  return TRAWL_OK;
}

static trawl_status fixed_schema(tw_binder *b, tw_ast *op,
                                 const char *const *names,
                                 const tw_type *types, uint32_t n) {
  tw_cols c = {0};
  for (uint32_t i = 0; i < n; i++) {
    if (tw_cols_add(b, &c, names[i], types[i]) != 0) {
      return tw_bind_nomem(b);
    }
  }
  return set_schema(b, op, &c);
}

static trawl_status bind_evaluate(tw_binder *b, tw_ast *op,
                                  const tw_schema *in) {
  tw_ast *call = op->nkids ? op->kids[0] : NULL;
  tw_row row = {in, NULL, NULL, 0};
  trawl_status st;
  if (!call || call->kind != AST_CALL || !call->name) {
    return tw_bind_err(b, TRAWL_ERR_SYNTAX, op, "evaluate needs a plugin");
  }
  if (strcmp(call->name, "bag_unpack") != 0) {
    return tw_bind_err(b, TRAWL_ERR_UNSUPPORTED, call,
                       "The plugin '%s' is not supported.", call->name);
  }
  for (uint32_t i = 0; i < call->nkids; i++) {
    if ((st = tw_bind_expr(b, call->kids[i], &row)) != TRAWL_OK) {
      return st;
    }
  }
  if (call->nkids < 1 || call->kids[0]->type != TW_T_DYNAMIC) {
    return tw_bind_err(b, TRAWL_ERR_TYPE, call,
                       "bag_unpack expects a dynamic column.");
  }
  call->type = TW_T_DYNAMIC;
  /* The unpacked columns are only known at run time: the static schema
   * is the input without the bag column (as Kusto's binder reports). */
  tw_cols c = {0};
  const char *bag = call->kids[0]->kind == AST_NAME ? call->kids[0]->name
                                                     : NULL;
  for (uint32_t j = 0; j < in->ncols; j++) {
    if (bag && strcmp(in->cols[j].name, bag) == 0) {
      continue;
    }
    if (tw_cols_add(b, &c, in->cols[j].name, in->cols[j].type) != 0) {
      return tw_bind_nomem(b);
    }
  }
  return set_schema(b, op, &c);
}

static trawl_status bind_invoke(tw_binder *b, tw_ast *op,
                                const tw_schema *in) {
  tw_ast *call = op->nkids ? op->kids[0] : NULL;
  if (!call || !call->name) {
    return tw_bind_err(b, TRAWL_ERR_SYNTAX, op, "invoke needs a function");
  }
  tw_sym *s = tw_bind_lookup(b, call->name);
  if (!s || s->kind != TW_SYM_FUNC) {
    return tw_bind_err(b, TRAWL_ERR_NAME, call,
                       "The name '%s' does not refer to any known "
                       "function.",
                       call->name);
  }
  trawl_status st = tw_bind_user_call(b, call, s, NULL, in);
  if (st != TRAWL_OK) {
    return st;
  }
  if (!call->schema) {
    return tw_bind_err(b, TRAWL_ERR_TYPE, op,
                       "The function does not return a table.");
  }
  op->schema = call->schema;
  return TRAWL_OK;
}

/* top-nested N of Expr [with others = V] by Agg [asc|desc], ...: per
 * level a column for Expr and one for the aggregate (aggregated_Expr). */
static trawl_status bind_top_nested(tw_binder *b, tw_ast *op,
                                    const tw_schema *in) {
  tw_cols c = {0};
  tw_row row = {in, NULL, NULL, 0};
  tw_row arow = {in, NULL, NULL, 1};
  tw_row none = {0};
  trawl_status st;
  for (uint32_t l = 0; l < op->nkids; l++) {
    tw_ast *lv = op->kids[l];
    if (lv->kind != AST_LIST || lv->nkids < 3) {
      return tw_bind_err(b, TRAWL_ERR_SYNTAX, lv, "bad top-nested level");
    }
    tw_ast *cnt = lv->kids[0], *of = lv->kids[1], *key = lv->kids[2];
    if (!(cnt->kind == AST_LIST && cnt->nkids == 0) &&
        (st = tw_bind_expr(b, cnt, &none)) != TRAWL_OK) {
      return st;
    }
    cnt->type = cnt->type ? cnt->type : TW_T_LONG;
    const char *ofname;
    if ((st = bind_item(b, of, &row, &ofname)) != TRAWL_OK) {
      return st;
    }
    if (!ofname) {
      ofname = "";
    }
    tw_ast *agg = key->kind == AST_SORT_KEY && key->nkids ? key->kids[0]
                                                           : key;
    const char *aggname = NULL;
    if (agg->kind == AST_ASSIGN) {
      aggname = agg->name;
      if ((st = tw_bind_expr(b, agg->kids[0], &arow)) != TRAWL_OK) {
        return st;
      }
      agg->type = agg->kids[0]->type;
    } else if ((st = tw_bind_expr(b, agg, &arow)) != TRAWL_OK) {
      return st;
    }
    key->type = agg->type;
    if (!aggname) {
      aggname = tw_bind_strf(b, "aggregated_%s", ofname);
    }
    for (uint32_t k = 3; k < lv->nkids; k++) {
      tw_ast *o = lv->kids[k];
      if (o->nkids && (st = tw_bind_expr(b, o->kids[0], &none)) != TRAWL_OK) {
        return st;
      }
      o->type = o->nkids ? o->kids[0]->type : TW_T_STRING;
    }
    lv->type = TW_T_DYNAMIC;
    if (!aggname || tw_cols_add(b, &c, ofname, (tw_type)of->type) != 0 ||
        tw_cols_add(b, &c, aggname, (tw_type)agg->type) != 0) {
      return tw_bind_nomem(b);
    }
  }
  return set_schema(b, op, &c);
}

int tw_bind_is_operator(const tw_ast *n) {
  return n && n->kind >= AST_WHERE && n->kind <= AST_EXTRACT_OP;
}

trawl_status tw_bind_operator(tw_binder *b, tw_ast *op, const tw_schema *in) {
  static const char *const gs_names[] = {"ColumnName", "ColumnOrdinal",
                                         "DataType", "ColumnType"};
  static const tw_type gs_types[] = {TW_T_STRING, TW_T_LONG, TW_T_STRING,
                                     TW_T_STRING};
  static const char *const count_names[] = {"Count"};
  static const tw_type count_types[] = {TW_T_LONG};
  tw_row row = {in, NULL, NULL, 0};
  trawl_status st;
  if (!in && tw_bind_is_operator(op) && op->kind != AST_UNION) {
    return tw_bind_err(b, TRAWL_ERR_SYNTAX, op,
                       "This operator needs a table on its left.");
  }
  switch (op->kind) {
  case AST_DATATABLE:
    return tw_bind_datatable(b, op);
  case AST_EXTERNALDATA:
    return tw_bind_externaldata(b, op);
  case AST_PRINT:
    return bind_print(b, op);
  case AST_RANGE:
    return tw_bind_range(b, op);
  case AST_UNION_SRC:
    return tw_bind_union(b, op, NULL);
  case AST_PIPE:
  case AST_TABLE_REF:
  case AST_NAME:
  case AST_CALL:
    return tw_bind_tabular(b, op);
  case AST_WHERE:
    if (op->nkids < 1) {
      return tw_bind_err(b, TRAWL_ERR_SYNTAX, op, "where needs a predicate");
    }
    if ((st = tw_bind_expr(b, op->kids[0], &row)) != TRAWL_OK) {
      return st;
    }
    if (op->kids[0]->type != TW_T_BOOL) {
      return tw_bind_err(b, TRAWL_ERR_TYPE, op->kids[0],
                         "The expression must have the type bool.");
    }
    op->schema = in;
    return TRAWL_OK;
  case AST_PROJECT:
    return bind_project(b, op, in);
  case AST_EXTEND:
  case AST_SERIALIZE:
    return bind_extend(b, op, in, 0);
  case AST_SUMMARIZE:
    return bind_summarize(b, op, in);
  case AST_MAKE_SERIES:
    return bind_make_series(b, op, in);
  case AST_TOP_NESTED:
    return bind_top_nested(b, op, in);
  case AST_SORT:
    if ((st = bind_keys(b, op, 0, in)) != TRAWL_OK) {
      return st;
    }
    for (uint32_t i = 0; i < op->nkids; i++) {
      if (op->kids[i]->type == TW_T_DYNAMIC) {
        return dyn_err(b, op->kids[i]);
      }
    }
    return TRAWL_OK;
  case AST_TOP:
    if ((st = bind_count_arg(b, op, in)) != TRAWL_OK) {
      return st;
    }
    return bind_keys(b, op, 1, in);
  case AST_TAKE:
  case AST_SAMPLE:
    return bind_count_arg(b, op, in);
  case AST_COUNT:
    return fixed_schema(b, op, count_names, count_types, 1);
  case AST_GETSCHEMA:
    return fixed_schema(b, op, gs_names, gs_types, 4);
  case AST_DISTINCT:
    return bind_distinct(b, op, in);
  case AST_JOIN:
  case AST_LOOKUP:
    return tw_bind_join(b, op, in);
  case AST_UNION:
    return tw_bind_union(b, op, in);
  case AST_MV_EXPAND:
    return tw_bind_mv_expand(b, op, in);
  case AST_MV_APPLY:
    return tw_bind_mv_apply(b, op, in);
  case AST_PARSE:
    return tw_bind_parse(b, op, in);
  case AST_AS:
    op->schema = in;
    return TRAWL_OK;
  case AST_EVALUATE:
    return bind_evaluate(b, op, in);
  case AST_INVOKE:
    return bind_invoke(b, op, in);
  case AST_PROJECT_AWAY:
  case AST_PROJECT_KEEP:
  case AST_PROJECT_RENAME:
  case AST_PROJECT_REORDER:
    return tw_bind_project_family(b, op, in);
  default:
    if (op->name) {
      return tw_bind_err(b, TRAWL_ERR_UNSUPPORTED, op,
                         "The operator '%s' is not supported.", op->name);
    }
    return tw_bind_err(b, TRAWL_ERR_UNSUPPORTED, op,
                       "This operator is not supported yet.");
  }
}

trawl_status tw_bind_pipe_ops(tw_binder *b, tw_ast *pipe, uint32_t first,
                              const tw_schema *in) {
  const tw_schema *cur = in;
  tw_ast *outer = b->pipe;
  for (uint32_t i = first; i < pipe->nkids; i++) {
    b->pipe = pipe;
    trawl_status st = tw_bind_operator(b, pipe->kids[i], cur);
    b->pipe = outer;
    if (st == TRAWL_OK && pipe->kids[i]->kind == AST_AS) {
      st = tw_bind_as_name(b, pipe, i);
    }
    if (st != TRAWL_OK) {
      return st;
    }
    cur = pipe->kids[i]->schema;
  }
  pipe->schema = cur;
  return TRAWL_OK;
}
