/*
 * kql/bind_join.c - schemas of the operators that combine or reshape
 * tables: join and lookup (key conditions normalised to
 * $left.X == $right.Y, right-side names suffixed 1, 2 ... on collision),
 * union (outer/inner, name_type split, withsource), mv-expand, mv-apply,
 * parse and the project-away/keep/rename/reorder family.
 */
#include <string.h>

#include "functions/function.h"
#include "functions/signatures.h"
#include "kql/bind_int.h"
#include "kql/bind_ops.h"

static trawl_status nomem(tw_binder *b) {
  return tw_bind_nomem(b);
}

/* ---------------------------------------------------------------- join */

static int side_of(const tw_ast *m) {
  if (m->kind != AST_MEMBER || m->nkids != 1 ||
      m->kids[0]->kind != AST_NAME || !m->kids[0]->name) {
    return 0;
  }
  if (strcmp(m->kids[0]->name, "$left") == 0) {
    return 1;
  }
  if (strcmp(m->kids[0]->name, "$right") == 0) {
    return 2;
  }
  return 0;
}

static trawl_status bind_side(tw_binder *b, tw_ast *m, const tw_schema *s) {
  int c = tw_schema_find(s, m->name);
  if (c < 0) {
    tw_ast at = *m;
    size_t n = m->name ? strlen(m->name) : 0;
    if (n && n <= m->len) {
      at.off = m->off + m->len - (uint32_t)n;
      at.len = (uint32_t)n;
    }
    return tw_bind_err(b, TRAWL_ERR_NAME, &at,
                       "The name '%s' does not refer to any known column, "
                       "table, variable or function.",
                       m->name ? m->name : "");
  }
  m->bind = TW_BIND_COLUMN;
  m->slot = c;
  m->type = s->cols[c].type;
  m->kids[0]->type = TW_T_DYNAMIC;
  return TRAWL_OK;
}

static tw_ast *side_member(tw_binder *b, const tw_ast *at, const char *side,
                           const char *name) {
  tw_ast *m = tw_ast_new(b, AST_MEMBER, at);
  tw_ast *s = tw_ast_new(b, AST_NAME, at);
  tw_ast **k = tw_arena_alloc(b->a, sizeof *k);
  if (!m || !s || !k) {
    return NULL;
  }
  s->name = side;
  k[0] = s;
  m->kids = k;
  m->nkids = 1;
  m->name = name;
  return m;
}

/* Normalise one condition to BIN_EQ($left.X, $right.Y) and bind it. */
static trawl_status bind_cond(tw_binder *b, tw_ast *c, const tw_schema *l,
                              const tw_schema *r) {
  trawl_status st;
  if (c->kind == AST_NAME) {
    if (tw_schema_find(l, c->name) < 0 || tw_schema_find(r, c->name) < 0) {
      return tw_bind_err(b, TRAWL_ERR_NAME, c,
                         "The column '%s' must exist on both sides of the "
                         "join.",
                         c->name ? c->name : "");
    }
    tw_ast *ml = side_member(b, c, "$left", c->name);
    tw_ast *mr = side_member(b, c, "$right", c->name);
    tw_ast **k = tw_arena_alloc(b->a, 2 * sizeof *k);
    if (!ml || !mr || !k) {
      return nomem(b);
    }
    k[0] = ml;
    k[1] = mr;
    c->kind = AST_BINARY;
    c->op = BIN_EQ;
    c->kids = k;
    c->nkids = 2;
  }
  if (c->kind != AST_BINARY || c->nkids != 2) {
    return tw_bind_err(b, TRAWL_ERR_SYNTAX, c,
                       "A join condition must be a column name or "
                       "$left.X == $right.Y.");
  }
  if (c->op == BIN_AND) {
    if ((st = bind_cond(b, c->kids[0], l, r)) != TRAWL_OK ||
        (st = bind_cond(b, c->kids[1], l, r)) != TRAWL_OK) {
      return st;
    }
    c->type = TW_T_BOOL;
    return TRAWL_OK;
  }
  int s0 = side_of(c->kids[0]), s1 = side_of(c->kids[1]);
  if (c->op != BIN_EQ) {
    return tw_bind_err(b, TRAWL_ERR_SYNTAX, c,
                       "The join condition must be either the name of a "
                       "column common to both tables or in the form "
                       "$left.<column> == $right.<column>.");
  }
  if (!s0) {
    return tw_bind_err(b, TRAWL_ERR_SYNTAX, c->kids[0],
                       "The join condition operand must be: "
                       "$left.<column>");
  }
  if (!s1 || s0 == s1) {
    return tw_bind_err(b, TRAWL_ERR_SYNTAX, c->kids[1],
                       "The join condition operand must be: %s.<column>",
                       s0 == 1 ? "$right" : "$left");
  }
  if (s0 == 2) {
    tw_ast *t = c->kids[0];
    c->kids[0] = c->kids[1];
    c->kids[1] = t;
  }
  if ((st = bind_side(b, c->kids[0], l)) != TRAWL_OK ||
      (st = bind_side(b, c->kids[1], r)) != TRAWL_OK) {
    return st;
  }
  tw_type lt = (tw_type)c->kids[0]->type, rt = (tw_type)c->kids[1]->type;
  if (lt != rt && !(tw_type_is_number(lt) && tw_type_is_number(rt))) {
    return tw_bind_err(b, TRAWL_ERR_TYPE, b->pipe ? b->pipe : c,
                       "Inconsistent data types for join keys: (%s, %s)",
                       trawl_type_name(lt), trawl_type_name(rt));
  }
  c->type = TW_T_BOOL;
  return TRAWL_OK;
}

/* Is right column `name` a key of a lookup (dropped from the output)? */
static int is_right_key(const tw_ast *c, const char *name) {
  if (c->kind == AST_BINARY && c->op == BIN_AND) {
    return is_right_key(c->kids[0], name) || is_right_key(c->kids[1], name);
  }
  return c->kind == AST_BINARY && c->nkids == 2 &&
         strcmp(c->kids[1]->name, name) == 0;
}

/* A right column's name in the output: kept unless taken; else the
 * smallest suffix that clashes neither with the output so far nor with
 * another column of the right side (Kusto's rule: AwsEventId -> 2 when the
 * right side also has AwsEventId1). */
static const char *unique_vs(tw_binder *b, const tw_cols *c,
                             const tw_schema *rs, const char *base) {
  if (tw_cols_find(c, base) < 0) {
    return base;
  }
  for (unsigned i = 1; i < 100000; i++) {
    char *s = tw_bind_strf(b, "%s%u", base, i);
    if (!s || (tw_cols_find(c, s) < 0 && tw_schema_find(rs, s) < 0)) {
      return s;
    }
  }
  return NULL;
}

trawl_status tw_bind_join(tw_binder *b, tw_ast *op, const tw_schema *in) {
  trawl_status st;
  if (op->nkids < 1) {
    return tw_bind_err(b, TRAWL_ERR_SYNTAX, op, "join without a right side");
  }
  tw_ast *right = op->kids[0];
  if ((st = tw_bind_tabular(b, right)) != TRAWL_OK) {
    return st;
  }
  const tw_schema *rs = right->schema;
  for (uint32_t i = 1; i < op->nkids; i++) {
    tw_ast *c = op->kids[i];
    if (c->kind == AST_NAMED_ARG) {
      continue; /* hints */
    }
    if ((st = bind_cond(b, c, in, rs)) != TRAWL_OK) {
      return st;
    }
  }
  tw_cols c = {0};
  int kind = op->op;
  int lookup = op->kind == AST_LOOKUP;
  if (!lookup && (kind == JOIN_RIGHTANTI || kind == JOIN_RIGHTSEMI)) {
    if (tw_cols_from(b, &c, rs) != 0) {
      return nomem(b);
    }
  } else {
    if (tw_cols_from(b, &c, in) != 0) {
      return nomem(b);
    }
    if (lookup || (kind != JOIN_LEFTANTI && kind != JOIN_LEFTSEMI)) {
      for (uint32_t j = 0; j < rs->ncols; j++) {
        const char *n = rs->cols[j].name;
        if (lookup) {
          int key = 0;
          for (uint32_t i = 1; i < op->nkids && !key; i++) {
            if (op->kids[i]->kind != AST_NAMED_ARG) {
              key = is_right_key(op->kids[i], n);
            }
          }
          if (key) {
            continue;
          }
        }
        n = unique_vs(b, &c, rs, n);
        if (!n || tw_cols_add(b, &c, n, rs->cols[j].type) != 0) {
          return nomem(b);
        }
      }
    }
  }
  op->schema = tw_cols_schema(b, &c);
  return op->schema ? TRAWL_OK : nomem(b);
}

/* --------------------------------------------------------------- union */

/* Rewrite op's legs: `union Azure*` becomes one AST_TABLE_REF per matching
 * table (in table order); with isfuzzy=true, legs naming nothing are
 * dropped. */
static trawl_status expand_legs(tw_binder *b, tw_ast *op) {
  uint32_t cap = op->nkids * TRAWL_TABLE_COUNT + 1, n = 0;
  tw_ast **kids = tw_arena_alloc(b->a, cap * sizeof *kids);
  if (!kids) {
    return nomem(b);
  }
  for (uint32_t i = 0; i < op->nkids; i++) {
    tw_ast *leg = op->kids[i];
    int named = leg->kind == AST_TABLE_REF || leg->kind == AST_NAME;
    if (named && leg->name && strchr(leg->name, '*')) {
      uint32_t found = 0;
      for (int t = 0; t < TRAWL_TABLE_COUNT; t++) {
        const char *tn = trawl_table_name((trawl_table)t);
        if (!tw_bind_glob(leg->name, tn)) {
          continue;
        }
        tw_ast *r = tw_ast_new(b, AST_TABLE_REF, leg);
        if (!r) {
          return nomem(b);
        }
        r->name = tn;
        kids[n++] = r;
        found++;
      }
      if (!found && !(op->op & TW_UNION_ISFUZZY)) {
        return tw_bind_err(b, TRAWL_ERR_NAME, leg,
                           "The name '%s' does not refer to any known "
                           "table, tabular variable or function.",
                           leg->name);
      }
      continue;
    }
    if (named && (op->op & TW_UNION_ISFUZZY) && leg->name &&
        !tw_bind_lookup(b, leg->name) &&
        tw_table_lookup(leg->name, strlen(leg->name)) < 0) {
      continue; /* isfuzzy: an unknown table is skipped */
    }
    kids[n++] = leg;
  }
  op->kids = kids;
  op->nkids = n;
  return TRAWL_OK;
}

trawl_status tw_bind_union(tw_binder *b, tw_ast *op, const tw_schema *in) {
  trawl_status st;
  if ((st = expand_legs(b, op)) != TRAWL_OK) {
    return st;
  }
  if (op->nkids == 0 && !in) {
    return tw_bind_err(b, TRAWL_ERR_NAME, op,
                       "None of the union's tables exist.");
  }
  uint32_t nlegs = op->nkids + (in ? 1u : 0u);
  const tw_schema **legs = tw_arena_alloc(b->a, (nlegs + 1) * sizeof *legs);
  if (!legs) {
    return nomem(b);
  }
  uint32_t n = 0;
  if (in) {
    legs[n++] = in;
  }
  uint32_t kept = 0;
  for (uint32_t i = 0; i < op->nkids; i++) {
    tw_ast *leg = op->kids[i];
    if (leg->kind == AST_NAMED_ARG) {
      op->kids[kept++] = leg;
      continue;
    }
    if ((st = tw_bind_tabular(b, leg)) != TRAWL_OK) {
      if (st == TRAWL_ERR_NAME && (op->op & TW_UNION_ISFUZZY)) {
        if (b->diag) {
          memset(b->diag, 0, sizeof *b->diag);
        }
        continue; /* isfuzzy: a leg naming something unknown is skipped */
      }
      return st;
    }
    op->kids[kept++] = leg;
    legs[n++] = leg->schema;
  }
  op->nkids = kept;
  if (n == 0) {
    return tw_bind_err(b, TRAWL_ERR_NAME, op,
                       "None of the union's tables exist.");
  }
  /* Distinct names in first-appearance order; per name its types. */
  tw_cols names = {0}, pairs = {0};
  for (uint32_t l = 0; l < n; l++) {
    for (uint32_t j = 0; j < legs[l]->ncols; j++) {
      const tw_column *col = &legs[l]->cols[j];
      if (tw_cols_find(&names, col->name) < 0 &&
          tw_cols_add(b, &names, col->name, col->type) != 0) {
        return nomem(b);
      }
      int seen = 0;
      for (uint32_t p = 0; p < pairs.n; p++) {
        if (strcmp(pairs.v[p].name, col->name) == 0 &&
            pairs.v[p].type == col->type) {
          seen = 1;
        }
      }
      if (!seen && tw_cols_add(b, &pairs, col->name, col->type) != 0) {
        return nomem(b);
      }
    }
  }
  tw_cols c = {0};
  if (op->name && tw_cols_add(b, &c, op->name, TW_T_STRING) != 0) {
    return nomem(b);
  }
  int inner = (op->op & TW_UNION_INNER) != 0;
  for (uint32_t i = 0; i < names.n; i++) {
    const char *nm = names.v[i].name;
    if (inner) {
      int all = 1;
      for (uint32_t l = 0; l < n && all; l++) {
        all = tw_schema_find(legs[l], nm) >= 0;
      }
      if (!all) {
        continue;
      }
    }
    uint32_t ntypes = 0;
    for (uint32_t p = 0; p < pairs.n; p++) {
      ntypes += strcmp(pairs.v[p].name, nm) == 0;
    }
    for (uint32_t p = 0; p < pairs.n; p++) {
      if (strcmp(pairs.v[p].name, nm) != 0) {
        continue;
      }
      const char *out = nm;
      if (ntypes > 1) {
        out = tw_bind_strf(b, "%s_%s", nm,
                           trawl_type_name((trawl_type)pairs.v[p].type));
        out = out ? tw_cols_unique(b, &c, out) : NULL;
      }
      if (!out || tw_cols_add(b, &c, out, pairs.v[p].type) != 0) {
        return nomem(b);
      }
    }
  }
  op->schema = tw_cols_schema(b, &c);
  return op->schema ? TRAWL_OK : nomem(b);
}

/* ----------------------------------------------------------- mv-expand */

static trawl_status mv_items(tw_binder *b, tw_ast *op, tw_ast **items,
                             uint32_t nitems, const tw_schema *in,
                             tw_cols *c) {
  trawl_status st;
  tw_row row = {in, NULL, NULL, 0};
  const char *index_name = NULL;
  const tw_ast *index_at = NULL;
  if (tw_cols_from(b, c, in) != 0) {
    return nomem(b);
  }
  for (uint32_t i = 0; i < nitems; i++) {
    tw_ast *it = items[i];
    if (it->kind == AST_NAMED_ARG) {
      if (it->name && strcmp(it->name, "with_itemindex") == 0 &&
          it->nkids && it->kids[0]->name) {
        index_name = it->kids[0]->name;
        index_at = it;
        it->type = TW_T_LONG;
        it->kids[0]->type = TW_T_LONG;
      } else {
        for (uint32_t k = 0; k < it->nkids; k++) {
          if (it->kids[k]->kind != AST_NAME) {
            if ((st = tw_bind_expr(b, it->kids[k], &row)) != TRAWL_OK) {
              return st;
            }
          } else {
            it->kids[k]->type = TW_T_STRING;
          }
        }
        it->type = TW_T_DYNAMIC;
      }
      continue;
    }
    if (it->kind == AST_LIST) {
      for (uint32_t k = 0; k < it->nkids; k++) {
        tw_row none = {0};
        if ((st = tw_bind_expr(b, it->kids[k], &none)) != TRAWL_OK) {
          return st;
        }
      }
      it->type = TW_T_DYNAMIC;
      continue;
    }
    tw_ast *e = it->kind == AST_MV_ITEM && it->nkids ? it->kids[0] : it;
    const char *name = NULL;
    tw_ast *x = e;
    if (e->kind == AST_ASSIGN) {
      name = e->name;
      x = e->kids[0];
    }
    if ((st = tw_bind_expr(b, x, &row)) != TRAWL_OK) {
      return st;
    }
    if (e != x) {
      e->type = x->type;
    }
    if (!name) {
      name = tw_expr_result_name(b, x);
      if (!*name) {
        name = tw_cols_auto(b, c);
      }
    }
    tw_type t = it->kind == AST_MV_ITEM && it->decl_type != TW_T_UNKNOWN
                    ? (tw_type)it->decl_type
                    : TW_T_DYNAMIC;
    it->type = (uint8_t)t;
    for (uint32_t j = 0; j < i; j++) {
      if (items[j]->kind == AST_MV_ITEM && items[j]->name && name &&
          strcmp(items[j]->name, name) == 0) {
        return tw_bind_err(b, TRAWL_ERR_NAME, it,
                           "A column with the name '%s' is already "
                           "declared.",
                           name);
      }
    }
    int at = tw_cols_find(c, name);
    if (at >= 0) {
      c->v[at].type = t;
    } else if (!name || tw_cols_add(b, c, name, t) != 0) {
      return nomem(b);
    }
    if (it->kind == AST_MV_ITEM) {
      it->name = name;
      it->slot = tw_cols_find(c, name);
    }
  }
  if (index_name) {
    /* An index column named like an existing one gets a suffix (a1). */
    const char *n = tw_cols_unique(b, c, index_name);
    if (!n || tw_cols_add(b, c, n, TW_T_LONG) != 0) {
      return nomem(b);
    }
    (void)index_at;
  }
  (void)op;
  return TRAWL_OK;
}

trawl_status tw_bind_mv_expand(tw_binder *b, tw_ast *op, const tw_schema *in) {
  tw_cols c = {0};
  trawl_status st = mv_items(b, op, op->kids, op->nkids, in, &c);
  if (st != TRAWL_OK) {
    return st;
  }
  op->schema = tw_cols_schema(b, &c);
  return op->schema ? TRAWL_OK : nomem(b);
}

trawl_status tw_bind_mv_apply(tw_binder *b, tw_ast *op, const tw_schema *in) {
  tw_cols c = {0};
  trawl_status st;
  if (op->nkids < 2) {
    return tw_bind_err(b, TRAWL_ERR_SYNTAX, op, "incomplete mv-apply");
  }
  tw_ast *items = op->kids[0];
  if ((st = mv_items(b, op, items->kids, items->nkids, in, &c)) != TRAWL_OK) {
    return st;
  }
  const tw_schema *ex = tw_cols_schema(b, &c);
  if (!ex) {
    return nomem(b);
  }
  items->schema = ex;
  tw_ast *sub = op->kids[op->nkids - 1];
  if (sub->kind == AST_PIPE && sub->nkids &&
      tw_bind_is_operator(sub->kids[0])) {
    st = tw_bind_pipe_ops(b, sub, 0, ex);
  } else if (sub->kind == AST_PIPE) {
    st = tw_bind_pipe_ops(b, sub, 1, ex);
  } else {
    st = tw_bind_operator(b, sub, ex);
  }
  if (st != TRAWL_OK) {
    return st;
  }
  op->schema = sub->schema;
  return TRAWL_OK;
}

/* --------------------------------------------------------------- parse */

trawl_status tw_bind_parse(tw_binder *b, tw_ast *op, const tw_schema *in) {
  tw_cols c = {0};
  trawl_status st;
  tw_row row = {in, NULL, NULL, 0};
  if (op->nkids < 1) {
    return tw_bind_err(b, TRAWL_ERR_SYNTAX, op, "parse needs a source");
  }
  if ((st = tw_bind_expr(b, op->kids[0], &row)) != TRAWL_OK) {
    return st;
  }
  if (tw_cols_from(b, &c, in) != 0) {
    return nomem(b);
  }
  for (uint32_t i = 1; i < op->nkids; i++) {
    tw_ast *p = op->kids[i];
    if (p->kind == AST_LITERAL) {
      p->type = p->lit.type ? p->lit.type : TW_T_STRING;
      continue;
    }
    if (p->kind == AST_STAR) {
      p->type = TW_T_STRING;
      continue;
    }
    if (p->kind == AST_NAMED_ARG) {
      p->type = TW_T_STRING;
      continue;
    }
    if ((p->kind != AST_COLUMN_DECL && p->kind != AST_NAME) || !p->name) {
      return tw_bind_err(b, TRAWL_ERR_SYNTAX, p, "bad parse pattern item");
    }
    tw_type t = p->decl_type != TW_T_UNKNOWN ? (tw_type)p->decl_type
                                             : TW_T_STRING;
    for (uint32_t j = 1; j < i; j++) {
      const tw_ast *q = op->kids[j];
      if ((q->kind == AST_COLUMN_DECL || q->kind == AST_NAME) && q->name &&
          strcmp(q->name, p->name) == 0) {
        return tw_bind_err(b, TRAWL_ERR_NAME, p,
                           "A column with the name '%s' is already "
                           "declared.",
                           p->name);
      }
    }
    p->type = (uint8_t)t;
    int at = tw_cols_find(&c, p->name);
    if (at >= 0) {
      c.v[at].type = t;
    } else if (tw_cols_add(b, &c, p->name, t) != 0) {
      return nomem(b);
    }
    p->slot = tw_cols_find(&c, p->name);
  }
  op->schema = tw_cols_schema(b, &c);
  return op->schema ? TRAWL_OK : nomem(b);
}

/* -------------------------------------------------- project-* family */

static int any_match(tw_ast *op, const char *col) {
  for (uint32_t i = 0; i < op->nkids; i++) {
    const tw_ast *p = op->kids[i];
    if (p->kind == AST_SORT_KEY && p->nkids) {
      p = p->kids[0];
    }
    if (p->name && tw_bind_glob(p->name, col)) {
      return 1;
    }
  }
  return 0;
}

static trawl_status check_patterns(tw_binder *b, tw_ast *op,
                                   const tw_schema *in) {
  for (uint32_t i = 0; i < op->nkids; i++) {
    tw_ast *p = op->kids[i];
    tw_ast *n = p->kind == AST_SORT_KEY && p->nkids ? p->kids[0] : p;
    if (!n->name) {
      return tw_bind_err(b, TRAWL_ERR_SYNTAX, n, "A column name expected.");
    }
    n->type = TW_T_STRING;
    p->type = TW_T_STRING;
    if (strchr(n->name, '*')) {
      int any = 0;
      for (uint32_t j = 0; j < in->ncols && !any; j++) {
        any = tw_bind_glob(n->name, in->cols[j].name);
      }
      if (!any) {
        return tw_bind_err(b, TRAWL_ERR_NAME, n,
                           "The name '%s' does not refer to any known "
                           "column.",
                           n->name);
      }
    } else {
      int c = tw_schema_find(in, n->name);
      if (c < 0) {
        return tw_bind_err(b, TRAWL_ERR_NAME, n,
                           "The name '%s' does not refer to any known "
                           "column, table, variable or function.",
                           n->name);
      }
      n->bind = TW_BIND_COLUMN;
      n->slot = c;
      n->type = in->cols[c].type;
      p->type = n->type;
    }
  }
  return TRAWL_OK;
}

trawl_status tw_bind_project_family(tw_binder *b, tw_ast *op,
                                    const tw_schema *in) {
  tw_cols c = {0};
  trawl_status st;
  switch (op->kind) {
  case AST_PROJECT_AWAY:
  case AST_PROJECT_KEEP:
    if ((st = check_patterns(b, op, in)) != TRAWL_OK) {
      return st;
    }
    for (uint32_t j = 0; j < in->ncols; j++) {
      int m = any_match(op, in->cols[j].name);
      if ((op->kind == AST_PROJECT_AWAY) != m &&
          tw_cols_add(b, &c, in->cols[j].name, in->cols[j].type) != 0) {
        return nomem(b);
      }
    }
    break;
  case AST_PROJECT_REORDER:
    if ((st = check_patterns(b, op, in)) != TRAWL_OK) {
      return st;
    }
    for (uint32_t i = 0; i < op->nkids; i++) {
      tw_ast *p = op->kids[i];
      tw_ast *n = p->kind == AST_SORT_KEY && p->nkids ? p->kids[0] : p;
      uint32_t first = c.n;
      for (uint32_t j = 0; j < in->ncols; j++) {
        if (tw_bind_glob(n->name, in->cols[j].name) &&
            tw_cols_find(&c, in->cols[j].name) < 0 &&
            tw_cols_add(b, &c, in->cols[j].name, in->cols[j].type) != 0) {
          return nomem(b);
        }
      }
      /* `asc`/`desc` written after the pattern (the key's span is longer
       * than the name's) sorts the matched columns by name. */
      if (p != n && p->len > n->len) {
        int desc = (p->op & TW_SORT_DESC) != 0;
        for (uint32_t x = first + 1; x < c.n; x++) {
          for (uint32_t y = x; y > first; y--) {
            int cmp = strcmp(c.v[y - 1].name, c.v[y].name);
            if (desc ? cmp >= 0 : cmp <= 0) {
              break;
            }
            tw_column t = c.v[y - 1];
            c.v[y - 1] = c.v[y];
            c.v[y] = t;
          }
        }
      }
    }
    for (uint32_t j = 0; j < in->ncols; j++) {
      if (tw_cols_find(&c, in->cols[j].name) < 0 &&
          tw_cols_add(b, &c, in->cols[j].name, in->cols[j].type) != 0) {
        return nomem(b);
      }
    }
    break;
  case AST_PROJECT_RENAME:
    if (tw_cols_from(b, &c, in) != 0) {
      return nomem(b);
    }
    for (uint32_t i = 0; i < op->nkids; i++) {
      tw_ast *a = op->kids[i];
      tw_ast *old = a->nkids ? a->kids[0] : NULL;
      if (a->kind != AST_ASSIGN || !old || !old->name || !a->name) {
        return tw_bind_err(b, TRAWL_ERR_SYNTAX, a,
                           "project-rename expects NewName = OldName.");
      }
      int at = tw_schema_find(in, old->name);
      if (at < 0) {
        return tw_bind_err(b, TRAWL_ERR_NAME, old,
                           "The name '%s' does not refer to any known "
                           "column, table, variable or function.",
                           old->name);
      }
      old->bind = TW_BIND_COLUMN;
      old->slot = at;
      old->type = in->cols[at].type;
      a->type = old->type;
      int cur = tw_cols_find(&c, old->name);
      int clash = tw_cols_find(&c, a->name);
      if (clash >= 0) {
        return tw_bind_err(b, TRAWL_ERR_NAME, a,
                           "A column with the name '%s' is already "
                           "declared.",
                           a->name);
      }
      if (cur >= 0) {
        c.v[cur].name = a->name;
      }
    }
    break;
  default:
    return tw_bind_err(b, TRAWL_ERR_UNSUPPORTED, op, "unknown operator");
  }
  op->schema = tw_cols_schema(b, &c);
  return op->schema ? TRAWL_OK : nomem(b);
}
