/*
 * exec/subquery.c - tabular expressions used as values: toscalar(T) and
 * x in (T) / has_any (T) (kql-semantics 3.20, 4.6).
 *
 * Each such expression gets its own plan, run at the start of every run
 * of the query, before the main pipeline: its first column is kept (copied)
 * as a dynamic array (for in / has_any) and as its first value (toscalar;
 * typed null when empty). A subquery that reads AWSCloudTrail or
 * AzureActivity would need a second pass over the input, so it is not
 * supported (the query compiles and fails at run time, saying so).
 */
#include <stdlib.h>
#include <string.h>

#include "base/limits.h"
#include "exec/exec.h"
#include "functions/convert.h"

static int find_subq(const tw_plan *p, const tw_ast *n) {
  for (uint32_t i = 0; i < p->nsubq; i++) {
    if (p->subq_node[i] == n) {
      return (int)i;
    }
  }
  return -1;
}

static int add_subq(tw_plan *p, tw_ast *n) {
  if (find_subq(p, n) >= 0) {
    return 0;
  }
  if (p->nsubq % 8 == 0) {
    tw_ast **nn = tw_arena_alloc(p->arena, (p->nsubq + 8) * sizeof *nn);
    tw_plan **np = tw_arena_alloc(p->arena, (p->nsubq + 8) * sizeof *np);
    if (!nn || !np) {
      return -1;
    }
    if (p->nsubq) {
      memcpy(nn, p->subq_node, p->nsubq * sizeof *nn);
      memcpy(np, p->subq_plan, p->nsubq * sizeof *np);
    }
    p->subq_node = nn;
    p->subq_plan = np;
  }
  tw_plan *sp = tw_arena_zalloc(p->arena, sizeof *sp);
  if (!sp) {
    return -1;
  }
  if (tw_plan_build_node(sp, p->arena, n, NULL) != TRAWL_OK) {
    return -1;
  }
  if (sp->unsupported && !p->unsupported) {
    p->unsupported = sp->unsupported;
    p->unsup_off = sp->unsup_off;
    p->unsup_len = sp->unsup_len;
  }
  if (sp->nscans && !p->unsupported) {
    p->unsupported = "a subquery over a table (toscalar, in, has_any)";
    p->unsup_off = n->off;
    p->unsup_len = n->len;
  }
  p->subq_node[p->nsubq] = n;
  p->subq_plan[p->nsubq++] = sp;
  return 0;
}

static int walk(tw_plan *p, tw_ast *e, int depth) {
  if (!e || depth > TW_MAX_EXPR_DEPTH + 50) {
    return 0;
  }
  if (e->kind == AST_NAME && e->bind == TW_BIND_EXPR && e->ref) {
    return walk(p, e->ref, depth + 1);
  }
  if (tw_ast_is_tabular(e)) {
    return 0;
  }
  bool scalar_ctx = (e->kind == AST_CALL && e->bind == TW_BIND_FUNCTION &&
                     e->slot == TW_FN_toscalar) ||
                    e->kind == AST_IN;
  for (uint32_t i = 0; i < e->nkids; i++) {
    tw_ast *k = e->kids[i];
    if (tw_ast_is_tabular(k)) {
      if (scalar_ctx && add_subq(p, k) != 0) {
        return -1;
      }
      continue;
    }
    if (walk(p, k, depth + 1) != 0) {
      return -1;
    }
  }
  return 0;
}

int tw_plan_subqueries(tw_plan *p, tw_op *op) {
  tw_ast *n = op->node;
  if (!n || op->kind == OP_SCAN || op->kind == OP_SINK) {
    return 0;
  }
  for (uint32_t i = 0; i < n->nkids; i++) {
    if (walk(p, n->kids[i], 0) != 0) {
      return -1;
    }
  }
  return 0;
}

typedef struct collect {
  tw_arena *a;
  tw_dyn *items;
  uint32_t n, cap;
  tw_value first;
  int have;
  int oom;
} collect;

static int on_row(void *ctx, const trawl_value *row, size_t ncols) {
  collect *c = ctx;
  if (ncols == 0) {
    return 0;
  }
  if (!c->have) {
    if (tw_value_copy(c->a, &row[0], &c->first) != 0) {
      c->oom = 1;
      return 1;
    }
    c->have = 1;
  }
  if (c->n == c->cap) {
    uint32_t cap = c->cap ? c->cap * 2 : 64;
    if (cap > 1000000u * 2) {
      return 1; /* Kusto's limit on an `in` list: 1,000,000 values */
    }
    tw_dyn *v = tw_arena_alloc(c->a, cap * sizeof *v);
    if (!v) {
      c->oom = 1;
      return 1;
    }
    if (c->n) {
      memcpy(v, c->items, c->n * sizeof *v);
    }
    c->items = v;
    c->cap = cap;
  }
  if (tw_value_to_dyn_node(c->a, &row[0], &c->items[c->n]) != 0) {
    c->oom = 1;
    return 1;
  }
  c->n++;
  return 0;
}

int tw_run_subqueries(tw_exec *x) {
  tw_plan *p = x->plan;
  if (p->nsubq == 0) {
    return 0;
  }
  tw_arena_init(&x->subq_arena, 0);
  x->subq_val = tw_arena_zalloc(&x->subq_arena,
                                p->nsubq * sizeof *x->subq_val);
  x->subq_first = tw_arena_zalloc(&x->subq_arena,
                                  p->nsubq * sizeof *x->subq_first);
  if (!x->subq_val || !x->subq_first) {
    return TRAWL_ERR_NOMEM;
  }
  for (uint32_t i = 0; i < p->nsubq; i++) {
    collect c;
    memset(&c, 0, sizeof c);
    c.a = &x->subq_arena;
    tw_exec sub;
    int rc = tw_run_begin(&sub, p->subq_plan[i], x->ectx.now, on_row, &c,
                          x->diag);
    if (rc == 0) {
      rc = tw_run_end(&sub);
    }
    tw_run_close(&sub);
    if (c.oom) {
      return TRAWL_ERR_NOMEM;
    }
    if (rc && rc != TW_EXEC_STOP) {
      return rc;
    }
    tw_dyn *arr = tw_arena_zalloc(&x->subq_arena, sizeof *arr);
    if (!arr) {
      return TRAWL_ERR_NOMEM;
    }
    arr->kind = TRAWL_DYN_ARRAY;
    arr->n = c.n;
    arr->u.items = c.items;
    x->subq_val[i] = tw_dynamic(arr);
    const tw_schema *s = p->subq_node[i]->schema;
    x->subq_first[i] = c.have ? c.first
                              : tw_null(s && s->ncols ? s->cols[0].type
                                                      : TW_T_DYNAMIC);
  }
  return 0;
}

int tw_subq_value(tw_exec *x, const tw_ast *node, bool as_list,
                  tw_value *out) {
  int i = find_subq(x->plan, node);
  if (i < 0 || !x->subq_val) {
    return TRAWL_ERR_UNSUPPORTED;
  }
  *out = as_list ? x->subq_val[i] : x->subq_first[i];
  return 0;
}
