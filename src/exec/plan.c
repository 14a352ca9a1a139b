/*
 * exec/plan.c - from a bound query to a DAG of physical operators.
 *
 * - Every table reference becomes a scan (one reader subscription each);
 *   a tabular let referenced several times and materialize() become one
 *   shared operator with several consumers (computed once).
 * - Column needs flow backwards from the result: each scan asks the reader
 *   only for the columns the query reads.
 * - The conjuncts of the `where` operators directly following a scan that
 *   the reader understands become prefilters (an early-out only: every
 *   where still runs). Time bounds computed from now()/ago() are marked so
 *   the replay store can leave them out.
 */
#include <stdio.h>
#include <string.h>

#include "base/limits.h"
#include "exec/exec.h"

static void mark_unsupported(tw_plan *p, const char *what, const tw_ast *at) {
  if (!p->unsupported) {
    p->unsupported = what;
    p->unsup_off = at ? at->off : 0;
    p->unsup_len = at ? at->len : 0;
  }
}

static tw_op *memo_get(tw_plan *p, const tw_ast *n) {
  for (uint32_t i = 0; i < p->nmemo; i++) {
    if (p->memo_node[i] == n) {
      return p->memo_op[i];
    }
  }
  return NULL;
}

static int memo_put(tw_plan *p, tw_ast *n, tw_op *op) {
  if (p->nmemo == p->memocap) {
    uint32_t cap = p->memocap ? p->memocap * 2 : 16;
    tw_ast **mn = tw_arena_alloc(p->arena, cap * sizeof *mn);
    tw_op **mo = tw_arena_alloc(p->arena, cap * sizeof *mo);
    if (!mn || !mo) {
      return -1;
    }
    if (p->nmemo) {
      memcpy(mn, p->memo_node, p->nmemo * sizeof *mn);
      memcpy(mo, p->memo_op, p->nmemo * sizeof *mo);
    }
    p->memo_node = mn;
    p->memo_op = mo;
    p->memocap = cap;
  }
  p->memo_node[p->nmemo] = n;
  p->memo_op[p->nmemo++] = op;
  return 0;
}

static tw_op *build_tab(tw_plan *p, tw_ast *n, int depth);

static const char *op_kind_name(int kind) {
  switch (kind) {
  case AST_SUMMARIZE:
    return "summarize";
  case AST_DISTINCT:
    return "distinct";
  case AST_JOIN:
    return "join";
  case AST_LOOKUP:
    return "lookup";
  case AST_MV_EXPAND:
    return "mv-expand";
  case AST_MV_APPLY:
    return "mv-apply";
  case AST_PARSE:
    return "parse";
  case AST_EVALUATE:
    return "evaluate";
  case AST_INVOKE:
    return "invoke";
  case AST_MAKE_SERIES:
    return "make-series";
  case AST_TOP_NESTED:
    return "top-nested";
  case AST_SAMPLE:
    return "sample";
  case AST_GETSCHEMA:
    return "getschema";
  default:
    return "this operator";
  }
}

static tw_op *build_op(tw_plan *p, tw_ast *n, tw_op *in, int depth) {
  if (!n->schema) {
    mark_unsupported(p, "an unbound operator", n);
    return in;
  }
  switch (n->kind) {
  case AST_WHERE:
    return tw_op_where(p, n, in);
  case AST_PROJECT:
    return tw_op_project(p, n, in);
  case AST_PROJECT_AWAY:
  case AST_PROJECT_KEEP:
  case AST_PROJECT_RENAME:
  case AST_PROJECT_REORDER:
    return tw_op_remap(p, n, in);
  case AST_EXTEND:
    return tw_op_extend(p, n, in);
  case AST_SERIALIZE:
    return n->nkids ? tw_op_extend(p, n, in) : tw_op_pass(p, n, in);
  case AST_AS:
    return tw_op_pass(p, n, in);
  case AST_SORT:
  case AST_TOP:
    return tw_op_sort(p, n, in);
  case AST_TAKE:
    return tw_op_take(p, n, in);
  case AST_COUNT:
    return tw_op_count(p, n, in);
  case AST_UNION: {
    tw_op *legs[64];
    if (n->nkids + 1 > 64) {
      mark_unsupported(p, "union of more than 63 legs", n);
      return in;
    }
    legs[0] = in;
    for (uint32_t i = 0; i < n->nkids; i++) {
      legs[i + 1] = build_tab(p, n->kids[i], depth + 1);
      if (!legs[i + 1]) {
        return NULL;
      }
    }
    return tw_op_union(p, n, legs, n->nkids + 1);
  }
#ifdef TW_HAVE_OP_SUMMARIZE
  case AST_SUMMARIZE:
    return tw_op_summarize(p, n, in);
#endif
#ifdef TW_HAVE_OP_DISTINCT
  case AST_DISTINCT:
    return tw_op_distinct(p, n, in);
#endif
#ifdef TW_HAVE_OP_JOIN
  case AST_JOIN:
  case AST_LOOKUP: {
    tw_op *right = build_tab(p, n->kids[0], depth + 1);
    return right ? tw_op_join(p, n, in, right) : NULL;
  }
#endif
#ifdef TW_HAVE_OP_MVEXPAND
  case AST_MV_EXPAND:
    return tw_op_mvexpand(p, n, in);
#endif
#ifdef TW_HAVE_OP_PARSE
  case AST_PARSE:
    return tw_op_parse(p, n, in);
#endif
  case AST_INVOKE: {
    /* The bound call is the inlined body; its piped-table parameter is an
     * AST_TABLE_REF with bind NONE standing for this operator's input. */
    if (!n->nkids || !tw_ast_is_tabular(n->kids[0])) {
      mark_unsupported(p, "invoke", n);
      return tw_op_pass(p, n, in);
    }
    tw_op *saved = p->invoke_in;
    p->invoke_in = in;
    tw_op *op = build_tab(p, n->kids[0], depth + 1);
    p->invoke_in = saved;
    return op;
  }
  default:
    if (n->kind == AST_EVALUATE && n->nkids && n->kids[0]->name) {
      /* name the plugin: "evaluate bag_unpack is not supported yet" */
      char buf[128];
      snprintf(buf, sizeof buf, "evaluate %s", n->kids[0]->name);
      const char *what = tw_arena_strndup(p->arena, buf, strlen(buf));
      mark_unsupported(p, what ? what : "evaluate", n);
    } else {
      mark_unsupported(p, op_kind_name(n->kind), n);
    }
    return tw_op_pass(p, n, in);
  }
}

static tw_op *build_tab(tw_plan *p, tw_ast *n, int depth) {
  if (depth > TW_MAX_EXPR_DEPTH) {
    mark_unsupported(p, "a query nested this deeply", n);
    return NULL;
  }
  tw_op *op = memo_get(p, n);
  if (op) {
    return op;
  }
  switch (n->kind) {
  case AST_PIPE:
    op = build_tab(p, n->kids[0], depth + 1);
    for (uint32_t i = 1; i < n->nkids && op; i++) {
      op = build_op(p, n->kids[i], op, depth + 1);
    }
    break;
  case AST_TABLE_REF:
  case AST_NAME:
    if (n->bind == TW_BIND_TABLE) {
      return tw_op_scan(p, n, (trawl_table)n->slot); /* one scan per ref */
    }
    if (n->bind == TW_BIND_TABULAR && n->ref) {
      return build_tab(p, n->ref, depth + 1);
    }
    if (n->bind == TW_BIND_NONE && n->kind == AST_TABLE_REF && p->invoke_in) {
      return p->invoke_in; /* invoke's piped input (not memoized) */
    }
    if (n->bind == TW_BIND_NONE && n->kind == AST_TABLE_REF) {
      mark_unsupported(p, "a subquery (toscalar, in) over invoke's input", n);
      return NULL;
    }
    mark_unsupported(p, "this table reference", n);
    return NULL;
  case AST_CALL:
    if (n->bind == TW_BIND_FUNCTION && n->slot == TW_FN_materialize &&
        n->nkids == 1) {
      op = build_tab(p, n->kids[0], depth + 1);
      break;
    }
    mark_unsupported(p, "this tabular function", n);
    return NULL;
  case AST_DATATABLE:
  case AST_PRINT:
  case AST_RANGE:
    op = tw_op_source(p, n);
    break;
  case AST_UNION_SRC: {
    tw_op *legs[64];
    if (n->nkids > 64 || n->nkids == 0) {
      mark_unsupported(p, "union of more than 64 legs", n);
      return NULL;
    }
    for (uint32_t i = 0; i < n->nkids; i++) {
      legs[i] = build_tab(p, n->kids[i], depth + 1);
      if (!legs[i]) {
        return NULL;
      }
    }
    op = tw_op_union(p, n, legs, n->nkids);
    break;
  }
  case AST_EXTERNALDATA:
    mark_unsupported(p, "externaldata (trawl reads no URLs)", n);
    return NULL;
  default:
    if (n->kind >= AST_WHERE && n->kind < AST_LITERAL) {
      mark_unsupported(p, "an operator without input", n);
    } else {
      mark_unsupported(p, "this tabular expression", n);
    }
    return NULL;
  }
  if (op && memo_put(p, n, op) != 0) {
    return NULL;
  }
  return op;
}

/* ------------------------------------------------------------ needs */

static void need_depth(const tw_ast *e, uint8_t *need, uint32_t ncols,
                       int depth) {
  if (!e || depth > TW_MAX_EXPR_DEPTH + 50) {
    return;
  }
  if (e->kind == AST_NAME) {
    if (e->bind == TW_BIND_COLUMN && e->slot >= 0 &&
        (uint32_t)e->slot < ncols) {
      need[e->slot] = 1;
    } else if (e->bind == TW_BIND_EXPR && e->ref) {
      need_depth(e->ref, need, ncols, depth + 1);
    }
    return;
  }
  if (e->kind == AST_STAR) {
    memset(need, 1, ncols);
    return;
  }
  if (tw_ast_is_tabular(e)) {
    return;
  }
  for (uint32_t i = 0; i < e->nkids; i++) {
    need_depth(e->kids[i], need, ncols, depth + 1);
  }
}

void tw_need_expr(const tw_ast *e, uint8_t *need, uint32_t ncols) {
  need_depth(e, need, ncols, 0);
}

static void need_all(tw_op *in) {
  memset(in->need, 1, in->schema->ncols ? in->schema->ncols : 1);
}

static void need_or(tw_op *in, const uint8_t *need, uint32_t n) {
  for (uint32_t c = 0; c < n && c < in->schema->ncols; c++) {
    in->need[c] |= need[c];
  }
}

static void need_pass(tw_plan *p) {
  for (uint32_t i = p->nops; i-- > 0;) {
    tw_op *op = p->ops[i];
    if (op->nin == 0) {
      continue;
    }
    tw_op *in = op->ins[0];
    uint32_t inw = in->schema->ncols;
    switch (op->kind) {
    case OP_SINK:
    case OP_PASS:
    case OP_TAKE:
      need_or(in, op->need, op->schema->ncols);
      if (op->kind == OP_PASS && op->node && op->node->kind != AST_AS &&
          op->node->kind != AST_SERIALIZE) {
        need_all(in);
      }
      break;
    case OP_WHERE: {
      tw_where_info *wi = op->st;
      need_or(in, op->need, op->schema->ncols);
      for (uint32_t k = 0; k < wi->nconj; k++) {
        tw_need_expr(wi->conj[k], in->need, inw);
      }
      break;
    }
    case OP_PROJECT:
      for (uint32_t c = 0; c < op->node->nkids && c < op->schema->ncols; c++) {
        if (op->need[c]) {
          tw_need_expr(op->node->kids[c], in->need, inw);
        }
      }
      break;
    case OP_REMAP: {
      const int32_t *map = op->st;
      for (uint32_t c = 0; c < op->schema->ncols; c++) {
        if (op->need[c] && map[c] >= 0 && (uint32_t)map[c] < inw) {
          in->need[map[c]] = 1;
        }
      }
      break;
    }
    case OP_MVEXPAND:
    case OP_PARSE:
    case OP_EXTEND:
      need_or(in, op->need, inw);
      for (uint32_t k = 0; k < op->node->nkids; k++) {
        tw_need_expr(op->node->kids[k], in->need, inw);
      }
      break;
    case OP_SORT:
      need_or(in, op->need, op->schema->ncols);
      for (uint32_t k = 0; k < op->node->nkids; k++) {
        tw_need_expr(op->node->kids[k], in->need, inw);
      }
      break;
    case OP_COUNT:
      break;
    case OP_JOIN:
      tw_join_need(op);
      break;
    case OP_SUMMARIZE:
    case OP_DISTINCT:
      for (uint32_t k = 0; k < op->node->nkids; k++) {
        tw_need_expr(op->node->kids[k], in->need, inw);
      }
      if (op->kind == OP_DISTINCT && op->node->op == 1) {
        need_all(in);
      }
      break;
    case OP_UNION: {
      /* union_st: first member is the per-leg map */
      int32_t **maps = *(int32_t ***)op->st;
      for (uint32_t l = 0; l < op->nin; l++) {
        tw_op *leg = op->ins[l];
        for (uint32_t c = 0; c < op->schema->ncols; c++) {
          if (op->need[c] && maps[l][c] >= 0 &&
              (uint32_t)maps[l][c] < leg->schema->ncols) {
            leg->need[maps[l][c]] = 1;
          }
        }
      }
      break;
    }
    default:
      for (uint32_t l = 0; l < op->nin; l++) {
        need_all(op->ins[l]);
      }
      break;
    }
  }
}

/* ------------------------------------------------------------ prefilters */

static int col_of(const tw_ast *e) {
  if (e->kind == AST_NAME && e->bind == TW_BIND_COLUMN && e->slot >= 0) {
    return e->slot;
  }
  return -1;
}

typedef struct pf_list {
  tw_prefilter v[64];
  tw_ast *texpr[64];
  bool now_dep[64];
  uint32_t n;
} pf_list;

/* Flatten string constants of a list into vals; -1 if one is not a
 * string (then the test is left to the where). */
static int add_str(tw_arena *a, tw_value **vals, uint32_t *n, uint32_t *cap,
                   tw_value v) {
  if (*n == *cap) {
    uint32_t nc = *cap ? *cap * 2 : 8;
    tw_value *nv = tw_arena_alloc(a, nc * sizeof *nv);
    if (!nv) {
      return -1;
    }
    if (*n) {
      memcpy(nv, *vals, *n * sizeof *nv);
    }
    *vals = nv;
    *cap = nc;
  }
  (*vals)[(*n)++] = v;
  return 0;
}

static int flatten_dyn(tw_arena *a, const tw_dyn *d, tw_value **vals,
                       uint32_t *n, uint32_t *cap, int depth) {
  if (!d || depth > 64) {
    return -1;
  }
  if (d->kind == TRAWL_DYN_STRING) {
    return add_str(a, vals, n, cap, tw_str(d->u.s, d->n));
  }
  if (d->kind == TRAWL_DYN_ARRAY) {
    for (uint32_t i = 0; i < d->n; i++) {
      if (flatten_dyn(a, &d->u.items[i], vals, n, cap, depth + 1) != 0) {
        return -1;
      }
    }
    return 0;
  }
  return -1;
}

static int const_strings(tw_exec *x, tw_arena *a, tw_ast **items,
                         uint32_t nitems, tw_value **vals, uint32_t *nv) {
  uint32_t cap = 0;
  *vals = NULL;
  *nv = 0;
  for (uint32_t i = 0; i < nitems; i++) {
    if (tw_ast_is_tabular(items[i]) || !tw_expr_is_const(items[i]) ||
        tw_expr_uses_now(items[i])) {
      return -1;
    }
    tw_value v;
    if (tw_eval_const(x, items[i], a, &v) != 0) {
      return -1;
    }
    if (v.type == TW_T_STRING) {
      if (add_str(a, vals, nv, &cap, v) != 0) {
        return -1;
      }
    } else if (v.type == TW_T_DYNAMIC && !v.null) {
      if (flatten_dyn(a, v.u.d, vals, nv, &cap, 0) != 0) {
        return -1;
      }
    } else {
      return -1;
    }
  }
  return 0;
}

static void pf_add(pf_list *l, uint32_t col, tw_prefilter_op op,
                   tw_value *vals, uint32_t nvals, tw_ast *texpr) {
  if (l->n >= 64) {
    return;
  }
  tw_prefilter *f = &l->v[l->n];
  memset(f, 0, sizeof *f);
  f->col = col;
  f->op = op;
  f->vals = vals;
  f->nvals = nvals;
  l->texpr[l->n] = texpr;
  l->now_dep[l->n] = texpr ? tw_expr_uses_now(texpr) : false;
  l->n++;
}

static void try_prefilter(tw_exec *x, tw_arena *a, const tw_schema *s,
                          tw_ast *c, pf_list *l) {
  if (c->kind == AST_IN) {
    int col = col_of(c->kids[0]);
    if (col < 0 || (uint32_t)col >= s->ncols ||
        s->cols[col].type != TW_T_STRING) {
      return;
    }
    tw_value *vals;
    uint32_t nv;
    if (const_strings(x, a, c->kids + 1, c->nkids - 1, &vals, &nv) != 0 ||
        nv > TW_MAX_PREFILTER_VALUES) {
      return;
    }
    static const int map[] = {TW_PF_IN, TW_PF_NOT_IN, TW_PF_IN_CI,
                              TW_PF_NOT_IN_CI, TW_PF_HAS_ANY, -1};
    if (c->op > IN_HAS_ALL || map[c->op] < 0) {
      return;
    }
    pf_add(l, (uint32_t)col, (tw_prefilter_op)map[c->op], vals, nv, NULL);
    return;
  }
  if (c->kind == AST_CALL && c->bind == TW_BIND_FUNCTION && c->nkids == 1 &&
      (c->slot == TW_FN_isempty || c->slot == TW_FN_isnotempty)) {
    int col = col_of(c->kids[0]);
    if (col >= 0 && (uint32_t)col < s->ncols) {
      pf_add(l, (uint32_t)col,
             c->slot == TW_FN_isempty ? TW_PF_EMPTY : TW_PF_NOT_EMPTY, NULL,
             0, NULL);
    }
    return;
  }
  if (c->kind != AST_BINARY) {
    return;
  }
  int lc = col_of(c->kids[0]), rc = col_of(c->kids[1]);
  if ((lc < 0) == (rc < 0)) {
    return;
  }
  int col = lc >= 0 ? lc : rc;
  tw_ast *other = lc >= 0 ? c->kids[1] : c->kids[0];
  bool flipped = lc < 0;
  if ((uint32_t)col >= s->ncols || tw_ast_is_tabular(other) ||
      !tw_expr_is_const(other)) {
    return;
  }
  tw_type ct = s->cols[col].type;
  switch (c->op) {
  case BIN_EQ:
  case BIN_EQ_CI:
  case BIN_NE:
  case BIN_NE_CI: {
    if (ct != TW_T_STRING || tw_expr_uses_now(other)) {
      return;
    }
    tw_value v;
    if (tw_eval_const(x, other, a, &v) != 0 || v.type != TW_T_STRING) {
      return;
    }
    tw_value *vals = tw_arena_alloc(a, sizeof *vals);
    if (!vals) {
      return;
    }
    vals[0] = v;
    tw_prefilter_op op = c->op == BIN_EQ      ? TW_PF_IN
                         : c->op == BIN_EQ_CI ? TW_PF_IN_CI
                         : c->op == BIN_NE    ? TW_PF_NOT_IN
                                              : TW_PF_NOT_IN_CI;
    pf_add(l, (uint32_t)col, op, vals, 1, NULL);
    return;
  }
  case BIN_LT:
  case BIN_LE:
  case BIN_GT:
  case BIN_GE: {
    if (ct != TW_T_DATETIME || other->type != TW_T_DATETIME) {
      return;
    }
    int op = c->op;
    if (flipped) {
      op = op == BIN_LT ? BIN_GT : op == BIN_LE ? BIN_GE
           : op == BIN_GT ? BIN_LT : BIN_LE;
    }
    tw_prefilter_op pop = op == BIN_LT   ? TW_PF_TIME_LT
                          : op == BIN_LE ? TW_PF_TIME_LE
                          : op == BIN_GT ? TW_PF_TIME_GT
                                         : TW_PF_TIME_GE;
    pf_add(l, (uint32_t)col, pop, NULL, 0, other);
    return;
  }
  default:
    return;
  }
}

static int plan_scan(tw_plan *p, tw_exec *x, tw_op *scan) {
  tw_scan_info *si = scan->st;
  uint32_t ncols = scan->schema->ncols;
  si->need = scan->need;
  pf_list *l = tw_arena_zalloc(p->arena, sizeof *l);
  tw_ast **conj = tw_arena_alloc(p->arena, 256 * sizeof *conj);
  if (!l || !conj) {
    return -1;
  }
  uint32_t nconj = 0;
  tw_op *cur = scan;
  while (cur->nouts == 1 && cur->outs[0].op->kind == OP_WHERE) {
    tw_op *w = cur->outs[0].op;
    tw_where_info *wi = w->st;
    for (uint32_t k = 0; k < wi->nconj; k++) {
      try_prefilter(x, p->arena, scan->schema, wi->conj[k], l);
      if (nconj < 256 && !tw_expr_uses_now(wi->conj[k])) {
        conj[nconj++] = wi->conj[k];
      }
    }
    cur = w;
  }
  (void)ncols;
  si->pre = tw_arena_alloc(p->arena, (l->n + 1) * sizeof *si->pre);
  si->texpr = tw_arena_alloc(p->arena, (l->n + 1) * sizeof *si->texpr);
  si->now_dep = tw_arena_alloc(p->arena, (l->n + 1) * sizeof *si->now_dep);
  if (!si->pre || !si->texpr || !si->now_dep) {
    return -1;
  }
  memcpy(si->pre, l->v, l->n * sizeof *si->pre);
  memcpy(si->texpr, l->texpr, l->n * sizeof *si->texpr);
  memcpy(si->now_dep, l->now_dep, l->n * sizeof *si->now_dep);
  si->npre = l->n;
  si->conj = conj;
  si->nconj = nconj;
  return 0;
}

static const tw_ast *result_expr(const tw_ast *q) {
  for (uint32_t i = q->nkids; i > 0; i--) {
    const tw_ast *s = q->kids[i - 1];
    if (s->kind != AST_LET && s->kind != AST_SET_OPTION &&
        s->kind != AST_DECLARE) {
      return s;
    }
  }
  return NULL;
}

trawl_status tw_plan_build(tw_plan *p, tw_arena *a, tw_ast *query,
                           trawl_diag *diag) {
  memset(p, 0, sizeof *p);
  p->arena = a;
  tw_ast *res = (tw_ast *)result_expr(query);
  if (!res || !res->schema) {
    mark_unsupported(p, "a query without a tabular result", query);
    return TRAWL_OK;
  }
  return tw_plan_build_node(p, a, res, diag);
}

trawl_status tw_plan_build_node(tw_plan *p, tw_arena *a, tw_ast *res,
                                trawl_diag *diag) {
  memset(p, 0, sizeof *p);
  p->arena = a;
  tw_op *top = build_tab(p, res, 0);
  if (!top) {
    if (!p->unsupported) {
      goto nomem;
    }
    return TRAWL_OK;
  }
  p->sink = tw_op_sink(p, top);
  if (!p->sink) {
    goto nomem;
  }
  for (uint32_t i = 0; i < p->nops; i++) {
    if (tw_plan_subqueries(p, p->ops[i]) != 0) {
      goto nomem;
    }
  }
  need_pass(p);
  uint32_t nscans = 0;
  for (uint32_t i = 0; i < p->nops; i++) {
    nscans += p->ops[i]->kind == OP_SCAN;
  }
  p->scans = tw_arena_alloc(p->arena, (nscans + 1) * sizeof *p->scans);
  if (!p->scans) {
    goto nomem;
  }
  tw_exec x;
  memset(&x, 0, sizeof x);
  x.plan = p;
  x.ectx.arena = a;
  for (uint32_t i = 0; i < p->nops; i++) {
    if (p->ops[i]->kind == OP_SCAN) {
      p->scans[p->nscans++] = p->ops[i];
      if (plan_scan(p, &x, p->ops[i]) != 0) {
        goto nomem;
      }
    }
  }
  return TRAWL_OK;
nomem:
  if (diag) {
    diag->code = TRAWL_ERR_NOMEM;
    snprintf(diag->message, sizeof diag->message, "out of memory");
  }
  return TRAWL_ERR_NOMEM;
}

void tw_plan_free(tw_plan *p) {
  for (uint32_t i = 0; i < p->nsubq; i++) {
    tw_plan_free(p->subq_plan[i]);
  }
  for (uint32_t i = 0; i < p->nops; i++) {
    if (p->ops[i]->vt->destroy) {
      p->ops[i]->vt->destroy(p->ops[i]);
    }
  }
}
