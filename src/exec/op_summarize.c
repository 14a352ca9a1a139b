/*
 * exec/op_summarize.c - summarize (hash grouping).
 *
 * Groups are kept in first-seen order (kql-semantics 9) in a hash table
 * keyed by the by-values (value/compare.h equality: nulls form their own
 * group). Each group owns one block in the operator's arena: its key values
 * (copied) followed by the states of its aggregates. Aggregates come from
 * tw_agg_get; arg_max / arg_min / take_any, which yield several columns
 * from one chosen row, are done here. An aggregate item that is an
 * expression over aggregates (count() * 2) is evaluated over the groups'
 * results at the end. Without `by` there is always exactly one row.
 *
 */
#include <stdlib.h>
#include <string.h>

#include "base/limits.h"
#include "exec/exec.h"
#include "exec/groups.h"
#include "value/compare.h"

/* ------------------------------------------------------------ summarize */

enum { AGG_DEF, AGG_ARGMAX, AGG_ARGMIN, AGG_TAKEANY };

typedef struct agg_inst {
  tw_ast *call;
  bool in_expr;        /* used inside an item expression */
  int kind;
  const tw_agg_def *def;
  size_t off;          /* state offset in the group block */
  size_t size;
  uint32_t nargs;      /* argument count (without `*`) */
  tw_ast **args;
} agg_inst;

typedef struct sum_item {
  tw_ast *expr;        /* the item's expression */
  bool multi;          /* direct aggregate with several columns */
  int inst;            /* direct aggregate: its instance, else -1 */
  uint32_t ncols;      /* output columns */
} sum_item;

typedef struct sum_st {
  tw_ast **by;
  uint32_t nby;
  sum_item *items;
  uint32_t nitems;
  agg_inst *inst;
  uint32_t ninst;
  size_t blksize;
} sum_st;

typedef struct sum_rs {
  tw_arena arena;
  grp_table g;
} sum_rs;

static size_t align8(size_t n) {
  return (n + 7) & ~(size_t)7;
}

static int collect_aggs(tw_plan *p, sum_st *st, tw_ast *e, int depth,
                        uint32_t *cap) {
  if (depth > TW_MAX_EXPR_DEPTH) {
    return -1;
  }
  if (e->kind == AST_CALL && e->bind == TW_BIND_AGGREGATE) {
    if (st->ninst == *cap) {
      uint32_t nc = *cap ? *cap * 2 : 8;
      agg_inst *v = tw_arena_zalloc(p->arena, nc * sizeof *v);
      if (!v) {
        return -1;
      }
      if (st->ninst) {
        memcpy(v, st->inst, st->ninst * sizeof *v);
      }
      st->inst = v;
      *cap = nc;
    }
    agg_inst *ai = &st->inst[st->ninst++];
    ai->call = e;
    ai->args = tw_arena_alloc(p->arena, (e->nkids + 1) * sizeof *ai->args);
    if (!ai->args) {
      return -1;
    }
    for (uint32_t i = 0; i < e->nkids; i++) {
      if (e->kids[i]->kind != AST_STAR) {
        ai->args[ai->nargs++] = e->kids[i];
      }
    }
    ai->def = tw_agg_get(e->slot);
    switch (ai->def ? -1 : e->slot) {
    case TW_AGG_arg_max:
      ai->kind = AGG_ARGMAX;
      break;
    case TW_AGG_arg_min:
      ai->kind = AGG_ARGMIN;
      break;
    case TW_AGG_take_any:
      ai->kind = AGG_TAKEANY;
      break;
    default:
      ai->kind = AGG_DEF;
      if (!ai->def) {
        if (!p->unsupported) {
          p->unsupported = "this aggregate function";
          p->unsup_off = e->off;
          p->unsup_len = e->len;
        }
        ai->size = 8;
        return 0;
      }
      break;
    }
    ai->size = ai->kind == AGG_DEF ? ai->def->state_size
                                   : 8 + ai->nargs * sizeof(tw_value);
    return 0;
  }
  if (tw_ast_is_tabular(e)) {
    return 0;
  }
  if (e->kind == AST_NAME && e->bind == TW_BIND_EXPR && e->ref) {
    return 0;
  }
  for (uint32_t i = 0; i < e->nkids; i++) {
    if (collect_aggs(p, st, e->kids[i], depth + 1, cap) != 0) {
      return -1;
    }
  }
  return 0;
}

static void states_init(const sum_st *st, uint8_t *blk) {
  for (uint32_t i = 0; i < st->ninst; i++) {
    const agg_inst *ai = &st->inst[i];
    memset(blk + ai->off, 0, ai->size);
    if (ai->kind == AGG_DEF && ai->def && ai->def->init) {
      ai->def->init(blk + ai->off, ai->call);
    }
  }
}

static uint8_t *new_block(tw_exec *x, tw_op *op, sum_rs *rs,
                          const tw_value *const *keys) {
  sum_st *st = op->st;
  uint8_t *blk = tw_arena_alloc(&rs->arena, st->blksize);
  if (!blk) {
    tw_exec_errorf(x, TRAWL_ERR_NOMEM, op->node, "out of memory");
    return NULL;
  }
  tw_value *k = (tw_value *)blk;
  for (uint32_t i = 0; i < st->nby; i++) {
    if (tw_value_copy(&rs->arena, keys[i], &k[i]) != 0) {
      return NULL;
    }
  }
  states_init(st, blk);
  return blk;
}

static int sum_open(tw_exec *x, tw_op *op) {
  sum_st *st = op->st;
  sum_rs *rs = calloc(1, sizeof *rs);
  if (!rs) {
    return TRAWL_ERR_NOMEM;
  }
  op->rs = rs;
  tw_arena_init(&rs->arena, 0);
  if (st->nby == 0) {
    uint8_t *blk = new_block(x, op, rs, NULL);
    if (!blk || tw_grp_add(&rs->g, 0, blk) < 0) {
      return TRAWL_ERR_NOMEM;
    }
  }
  return 0;
}

static bool empty_value(const tw_value *v) {
  if (v->type == TW_T_STRING) {
    return v->len == 0;
  }
  return tw_value_sort_null(v);
}

/* Native multi-column aggregates: state = {uint8 has; tw_value vals[n]}. */
static int native_step(tw_arena *a, const agg_inst *ai, uint8_t *state,
                       const tw_value *args) {
  tw_value *vals = (tw_value *)(state + 8);
  bool take;
  if (!state[0]) {
    take = true;
  } else if (ai->kind == AGG_TAKEANY) {
    take = ai->nargs == 1 && empty_value(&vals[0]) && !empty_value(&args[0]);
  } else {
    bool bn = tw_value_sort_null(&vals[0]), nn = tw_value_sort_null(&args[0]);
    if (nn) {
      take = false;
    } else if (bn) {
      take = true;
    } else {
      int c = tw_value_cmp(&args[0], &vals[0]);
      take = ai->kind == AGG_ARGMAX ? c > 0 : c < 0;
    }
  }
  if (!take) {
    return 0;
  }
  state[0] = 1;
  for (uint32_t i = 0; i < ai->nargs; i++) {
    if (tw_value_copy(a, &args[i], &vals[i]) != 0) {
      return TRAWL_ERR_NOMEM;
    }
  }
  return 0;
}

static int sum_consume(tw_exec *x, tw_op *op, uint32_t port,
                       const tw_xbatch *b) {
  (void)port;
  sum_st *st = op->st;
  sum_rs *rs = op->rs;
  uint32_t n = b->nrows;
  uint8_t **blks = tw_arena_alloc(b->arena, (size_t)n * sizeof *blks);
  tw_vec *kv = tw_arena_alloc(b->arena, (st->nby + 1) * sizeof *kv);
  const tw_value **keys = tw_arena_alloc(b->arena,
                                         (st->nby + 1) * sizeof *keys);
  if (!blks || !kv || !keys) {
    return TRAWL_ERR_NOMEM;
  }
  for (uint32_t k = 0; k < st->nby; k++) {
    int rc = tw_eval(x, st->by[k], b, &kv[k]);
    if (rc) {
      return rc;
    }
  }
  for (uint32_t r = 0; r < n; r++) {
    if (st->nby == 0) {
      blks[r] = rs->g.blk[0];
      continue;
    }
    for (uint32_t k = 0; k < st->nby; k++) {
      keys[k] = tw_vec_at(&kv[k], r);
    }
    uint64_t h = tw_grp_key_hash(keys, st->nby);
    size_t slot;
    long gi = tw_grp_find(&rs->g, h, keys, st->nby, &slot);
    if (gi < 0) {
      uint8_t *blk = new_block(x, op, rs, keys);
      if (!blk || (gi = tw_grp_add(&rs->g, h, blk)) < 0) {
        return TRAWL_ERR_NOMEM;
      }
    }
    blks[r] = rs->g.blk[gi];
  }
  tw_value args[256];
  for (uint32_t i = 0; i < st->ninst; i++) {
    agg_inst *ai = &st->inst[i];
    if (ai->nargs > 256) {
      tw_exec_errorf(x, TRAWL_ERR_LIMIT, ai->call, "too many arguments");
      return TRAWL_ERR_LIMIT;
    }
    tw_vec *av = tw_arena_alloc(b->arena, (ai->nargs + 1) * sizeof *av);
    if (!av) {
      return TRAWL_ERR_NOMEM;
    }
    for (uint32_t k = 0; k < ai->nargs; k++) {
      int rc = tw_eval(x, ai->args[k], b, &av[k]);
      if (rc) {
        return rc;
      }
    }
    for (uint32_t r = 0; r < n; r++) {
      for (uint32_t k = 0; k < ai->nargs; k++) {
        args[k] = *tw_vec_at(&av[k], r);
      }
      int rc;
      if (ai->kind == AGG_DEF) {
        rc = ai->def->step(blks[r] + ai->off, &rs->arena, ai->call, args,
                           ai->nargs);
      } else {
        rc = native_step(&rs->arena, ai, blks[r] + ai->off, args);
      }
      if (rc) {
        if (rc == TRAWL_ERR_NOMEM) {
          tw_exec_errorf(x, TRAWL_ERR_NOMEM, ai->call, "out of memory");
        }
        return rc;
      }
    }
  }
  return 0;
}

static int final_one(tw_exec *x, sum_rs *rs, const agg_inst *ai,
                     uint8_t *blk, uint32_t k, tw_value *out) {
  uint8_t *state = blk + ai->off;
  if (ai->kind == AGG_DEF) {
    int rc = ai->def->final(state, &rs->arena, ai->call, out);
    if (rc && x->diag && x->diag->code == TRAWL_OK) {
      tw_exec_errorf(x, (trawl_status)rc, ai->call, "aggregate failed");
    }
    return rc;
  }
  if (!state[0]) {
    *out = tw_null((tw_type)ai->args[k]->type);
    return 0;
  }
  *out = ((tw_value *)(state + 8))[k];
  return 0;
}

static int sum_finish(tw_exec *x, tw_op *op) {
  sum_st *st = op->st;
  sum_rs *rs = op->rs;
  uint32_t nc = op->schema->ncols;
  tw_arena scratch;
  tw_arena_init(&scratch, 0);
  int rc = 0;
  /* Evaluation of item expressions over aggregate results. */
  tw_ast **saved_nodes = x->agg_nodes;
  tw_value **saved_cols = x->agg_cols;
  uint32_t saved_n = x->nagg;
  for (size_t at = 0; at < rs->g.n && rc == 0; at += TW_BATCH_ROWS) {
    uint32_t m = (uint32_t)(rs->g.n - at < TW_BATCH_ROWS ? rs->g.n - at
                                                         : TW_BATCH_ROWS);
    tw_value **cols = tw_arena_alloc(&scratch, (nc + 1) * sizeof *cols);
    tw_value **icols = tw_arena_alloc(&scratch,
                                      (st->ninst + 1) * sizeof *icols);
    if (!cols || !icols) {
      rc = TRAWL_ERR_NOMEM;
      break;
    }
    for (uint32_t c = 0; c < nc && rc == 0; c++) {
      cols[c] = tw_arena_alloc(&scratch, (size_t)m * sizeof **cols);
      if (!cols[c]) {
        rc = TRAWL_ERR_NOMEM;
      }
    }
    for (uint32_t c = 0; c < st->ninst && rc == 0; c++) {
      icols[c] = tw_arena_alloc(&scratch, (size_t)m * sizeof **icols);
      if (!icols[c]) {
        rc = TRAWL_ERR_NOMEM;
      }
    }
    for (uint32_t r = 0; r < m && rc == 0; r++) {
      uint8_t *blk = rs->g.blk[at + r];
      const tw_value *keys = (const tw_value *)blk;
      for (uint32_t k = 0; k < st->nby; k++) {
        cols[k][r] = keys[k];
      }
      for (uint32_t i = 0; i < st->ninst && rc == 0; i++) {
        if (st->inst[i].in_expr) {
          rc = final_one(x, rs, &st->inst[i], blk, 0, &icols[i][r]);
        }
      }
      uint32_t c = st->nby;
      for (uint32_t it = 0; it < st->nitems && rc == 0; it++) {
        const sum_item *si = &st->items[it];
        if (si->inst < 0) {
          c += si->ncols;
          continue;
        }
        const agg_inst *ai = &st->inst[si->inst];
        if (ai->kind == AGG_DEF && si->multi) {
          tw_value outs[256];
          rc = ai->def->final_multi(blk + ai->off, &rs->arena, ai->call, outs,
                                    si->ncols);
          for (uint32_t k = 0; k < si->ncols && rc == 0; k++) {
            cols[c + k][r] = outs[k];
          }
        } else if (ai->kind == AGG_DEF) {
          rc = final_one(x, rs, ai, blk, 0, &cols[c][r]);
        } else {
          for (uint32_t k = 0; k < si->ncols && rc == 0; k++) {
            rc = final_one(x, rs, ai, blk, k, &cols[c + k][r]);
          }
        }
        c += si->ncols;
      }
    }
    /* items that are expressions over aggregates */
    x->agg_nodes = tw_arena_alloc(&scratch, (st->ninst + 1) *
                                                sizeof *x->agg_nodes);
    if (!x->agg_nodes && rc == 0) {
      rc = TRAWL_ERR_NOMEM;
    }
    for (uint32_t i = 0; i < st->ninst && rc == 0; i++) {
      x->agg_nodes[i] = st->inst[i].call;
    }
    x->agg_cols = icols;
    x->nagg = st->ninst;
    tw_xbatch gb = {m, st->nby, cols, &scratch};
    uint32_t c = st->nby;
    for (uint32_t it = 0; it < st->nitems && rc == 0; it++) {
      const sum_item *si = &st->items[it];
      if (si->inst < 0) {
        tw_value *col;
        rc = tw_eval_col(x, si->expr, &gb, &col);
        if (rc == 0) {
          cols[c] = col;
        }
      }
      c += si->ncols;
    }
    x->agg_nodes = saved_nodes;
    x->agg_cols = saved_cols;
    x->nagg = saved_n;
    if (rc == 0) {
      tw_xbatch out = {m, nc, cols, &scratch};
      rc = tw_op_emit(x, op, &out);
    }
    tw_arena_reset(&scratch);
  }
  tw_arena_free(&scratch);
  if (rc == TRAWL_ERR_NOMEM) {
    tw_exec_errorf(x, TRAWL_ERR_NOMEM, op->node, "out of memory");
  }
  return rc ? rc : tw_op_emit_finish(x, op);
}

static void sum_close(tw_op *op) {
  sum_rs *rs = op->rs;
  if (rs) {
    tw_grp_free(&rs->g);
    tw_arena_free(&rs->arena);
    free(rs);
  }
  op->rs = NULL;
}

static const tw_op_vt sum_vt = {"summarize", sum_open, sum_consume,
                                sum_finish, sum_close, NULL};

tw_op *tw_op_summarize(tw_plan *p, tw_ast *node, tw_op *in) {
  tw_op *op = tw_op_new(p, OP_SUMMARIZE, &sum_vt, node, node->schema, &in, 1);
  sum_st *st = op ? tw_arena_zalloc(p->arena, sizeof *st) : NULL;
  if (!st) {
    return NULL;
  }
  op->st = st;
  tw_ast *aggs = node->nkids > 0 ? node->kids[0] : NULL;
  tw_ast *by = node->nkids > 1 ? node->kids[1] : NULL;
  st->nby = by ? by->nkids : 0;
  st->by = tw_arena_alloc(p->arena, (st->nby + 1) * sizeof *st->by);
  if (!st->by) {
    return NULL;
  }
  for (uint32_t i = 0; i < st->nby; i++) {
    tw_ast *k = by->kids[i];
    st->by[i] = k->kind == AST_ASSIGN ? k->kids[0] : k;
  }
  uint32_t nitems = aggs ? aggs->nkids : 0, cap = 0;
  st->items = tw_arena_zalloc(p->arena, (nitems + 1) * sizeof *st->items);
  if (!st->items) {
    return NULL;
  }
  uint32_t ncols = st->nby;
  for (uint32_t i = 0; i < nitems; i++) {
    tw_ast *k = aggs->kids[i];
    if (k->kind == AST_NAMED_ARG) {
      continue;
    }
    if (k->kind == AST_ASSIGN && k->nkids > 1) {
      if (!p->unsupported) {
        p->unsupported = "summarize with tuple assignment";
        p->unsup_off = k->off;
        p->unsup_len = k->len;
      }
      return op;
    }
    sum_item *si = &st->items[st->nitems++];
    si->expr = k->kind == AST_ASSIGN ? k->kids[0] : k;
    uint32_t before = st->ninst;
    if (collect_aggs(p, st, si->expr, 0, &cap) != 0) {
      return NULL;
    }
    si->inst = -1;
    si->ncols = 1;
    tw_ast *e = si->expr;
    if (e->kind == AST_CALL && e->bind == TW_BIND_AGGREGATE &&
        st->ninst == before + 1) {
      agg_inst *ai = &st->inst[before];
      si->inst = (int)before;
      bool expanding = e->slot == TW_AGG_arg_max || e->slot == TW_AGG_arg_min ||
                       e->slot == TW_AGG_take_any ||
                       e->slot == TW_AGG_percentiles;
      if (expanding) {
        si->ncols = e->slot == TW_AGG_percentiles
                        ? (e->nkids > 1 ? e->nkids - 1 : 1)
                        : ai->nargs;
      }
      if (ai->kind == AGG_DEF && ai->def && expanding) {
        si->multi = ai->def->final_multi != NULL;
        if (!si->multi && si->ncols != 1 && !p->unsupported) {
          p->unsupported = "this aggregate function";
          p->unsup_off = e->off;
          p->unsup_len = e->len;
        }
      }
      if (si->ncols > 256 && !p->unsupported) {
        p->unsupported = "an aggregate with this many columns";
        p->unsup_off = e->off;
        p->unsup_len = e->len;
      }
    } else {
      for (uint32_t j = before; j < st->ninst; j++) {
        st->inst[j].in_expr = true;
      }
    }
    ncols += si->ncols;
  }
  if (ncols != node->schema->ncols && !p->unsupported) {
    p->unsupported = "summarize (unexpected schema)";
    p->unsup_off = node->off;
    p->unsup_len = node->len;
  }
  size_t off = align8(st->nby * sizeof(tw_value));
  for (uint32_t i = 0; i < st->ninst; i++) {
    st->inst[i].off = off;
    off += align8(st->inst[i].size ? st->inst[i].size : 8);
  }
  st->blksize = off ? off : 8;
  return op;
}

