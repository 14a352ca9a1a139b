/*
 * exec/op_join.c - join (all kinds) and lookup: a breaker over both sides.
 *
 * Both inputs are copied; at finish the right side is hashed on its keys
 * and the left side probes it in its own order (kql-semantics 9: output
 * follows the probe side; unmatched right rows of rightouter/fullouter
 * come last, in right order). Keys compare with `==` semantics, type-
 * strict; a null key never matches (kql-semantics 8). innerunique keeps
 * the first left row of each key.
 */
#include <stdlib.h>
#include <string.h>

#include "base/limits.h"
#include "exec/exec.h"
#include "exec/groups.h"

typedef struct join_st {
  int kind;            /* tw_join_kind */
  bool lookup;
  uint32_t nkeys;
  int32_t *lkey, *rkey;  /* key columns */
  uint32_t nl, nr;     /* input widths */
  int32_t *rcols;      /* right columns in the output (lookup drops keys) */
  uint32_t nrcols;
} join_st;

typedef struct join_rs {
  tw_rows left, right;
} join_rs;

static void add_conds(join_st *st, const tw_ast *c, int *ok) {
  if (c->kind == AST_NAMED_ARG) {
    return;
  }
  if (c->kind == AST_BINARY && c->op == BIN_AND && c->nkids == 2) {
    add_conds(st, c->kids[0], ok);
    add_conds(st, c->kids[1], ok);
    return;
  }
  if (c->kind != AST_BINARY || c->op != BIN_EQ || c->nkids != 2 ||
      c->kids[0]->bind != TW_BIND_COLUMN ||
      c->kids[1]->bind != TW_BIND_COLUMN || st->nkeys >= 64) {
    *ok = 0;
    return;
  }
  st->lkey[st->nkeys] = c->kids[0]->slot;
  st->rkey[st->nkeys] = c->kids[1]->slot;
  st->nkeys++;
}

static int join_open(tw_exec *x, tw_op *op) {
  (void)x;
  join_st *st = op->st;
  join_rs *rs = calloc(1, sizeof *rs);
  if (!rs) {
    return TRAWL_ERR_NOMEM;
  }
  op->rs = rs;
  tw_rows_init(&rs->left, st->nl);
  tw_rows_init(&rs->right, st->nr);
  return 0;
}

static int join_consume(tw_exec *x, tw_op *op, uint32_t port,
                        const tw_xbatch *b) {
  join_rs *rs = op->rs;
  tw_rows *dst = port == 0 ? &rs->left : &rs->right;
  for (uint32_t r = 0; r < b->nrows; r++) {
    if (!tw_rows_add(dst, b, r, NULL)) {
      tw_exec_errorf(x, TRAWL_ERR_NOMEM, op->node, "out of memory");
      return TRAWL_ERR_NOMEM;
    }
  }
  return 0;
}

/* Output rows are gathered in a buffer and emitted in batches. */
typedef struct outbuf {
  tw_value *vals;      /* TW_BATCH_ROWS x ncols, row-major */
  uint32_t n, ncols;
  tw_arena arena;
} outbuf;

static int flush(tw_exec *x, tw_op *op, outbuf *o) {
  if (o->n == 0) {
    return 0;
  }
  tw_value **cols = tw_arena_alloc(&o->arena,
                                   (o->ncols + 1) * sizeof *cols);
  if (!cols) {
    return TRAWL_ERR_NOMEM;
  }
  for (uint32_t c = 0; c < o->ncols; c++) {
    cols[c] = tw_arena_alloc(&o->arena, (size_t)o->n * sizeof **cols);
    if (!cols[c]) {
      return TRAWL_ERR_NOMEM;
    }
    for (uint32_t r = 0; r < o->n; r++) {
      cols[c][r] = o->vals[(size_t)r * o->ncols + c];
    }
  }
  tw_xbatch b = {o->n, o->ncols, cols, &o->arena};
  int rc = tw_op_emit(x, op, &b);
  tw_arena_reset(&o->arena);
  o->n = 0;
  return rc;
}

/* Append left row l (or nulls) and right row r (or nulls). */
static int put(tw_exec *x, tw_op *op, outbuf *o, const join_st *st,
               const tw_value *l, const tw_value *r, int left_cols,
               int right_cols) {
  tw_value *v = &o->vals[(size_t)o->n * o->ncols];
  uint32_t c = 0;
  if (left_cols) {
    for (uint32_t i = 0; i < st->nl; i++) {
      v[c++] = l ? l[i] : tw_null(op->ins[0]->schema->cols[i].type);
    }
  }
  if (right_cols) {
    for (uint32_t i = 0; i < st->nrcols; i++) {
      int32_t k = st->rcols[i];
      v[c++] = r ? r[k] : tw_null(op->ins[1]->schema->cols[k].type);
    }
  }
  if (++o->n == TW_BATCH_ROWS) {
    return flush(x, op, o);
  }
  return 0;
}

static bool key_has_null(const tw_value *const *k, uint32_t n) {
  for (uint32_t i = 0; i < n; i++) {
    if (k[i]->type != TW_T_STRING && k[i]->null) {
      return true;
    }
  }
  return false;
}

static int join_finish(tw_exec *x, tw_op *op) {
  join_st *st = op->st;
  join_rs *rs = op->rs;
  int kind = st->kind;
  uint32_t nk = st->nkeys;
  const tw_value *keys[64];
  grp_table rt = {0}, seen = {0};
  size_t nr = rs->right.n;
  /* right rows chained per key: head[group] and next[row] */
  int64_t *next = malloc((nr + 1) * sizeof *next);
  int64_t *head = NULL, *tail = NULL;
  uint8_t *matched = calloc(nr + 1, 1);
  outbuf o = {0};
  o.ncols = op->schema->ncols;
  o.vals = malloc((size_t)TW_BATCH_ROWS * (o.ncols + 1) * sizeof *o.vals);
  tw_arena_init(&o.arena, 0);
  tw_arena tmp;
  tw_arena_init(&tmp, 0);
  int rc = next && matched && o.vals ? 0 : TRAWL_ERR_NOMEM;
  size_t hcap = 0;
  for (size_t r = 0; r < nr && rc == 0; r++) {
    const tw_value *row = rs->right.rows[r];
    for (uint32_t k = 0; k < nk; k++) {
      keys[k] = &row[st->rkey[k]];
    }
    next[r] = -1;
    if (key_has_null(keys, nk)) {
      continue;
    }
    uint64_t h = tw_grp_key_hash(keys, nk);
    size_t slot;
    long g = tw_grp_find(&rt, h, keys, nk, &slot);
    if (g < 0) {
      /* the group block is the row itself: its keys are at rkey, so
       * store a compact key copy */
      tw_value *blk = tw_arena_alloc(&tmp, (nk + 1) * sizeof *blk);
      if (!blk) {
        rc = TRAWL_ERR_NOMEM;
        break;
      }
      for (uint32_t k = 0; k < nk; k++) {
        blk[k] = *keys[k];
      }
      g = tw_grp_add(&rt, h, (uint8_t *)blk);
      if (g < 0) {
        rc = TRAWL_ERR_NOMEM;
        break;
      }
      if ((size_t)g >= hcap) {
        hcap = hcap ? hcap * 2 : 64;
        int64_t *nh = realloc(head, hcap * sizeof *nh);
        int64_t *nt = nh ? realloc(tail, hcap * sizeof *nt) : NULL;
        if (nh) {
          head = nh;
        }
        if (!nh || !nt) {
          rc = TRAWL_ERR_NOMEM;
          break;
        }
        tail = nt;
      }
      head[g] = tail[g] = (int64_t)r;
    } else {
      next[tail[g]] = (int64_t)r;
      tail[g] = (int64_t)r;
    }
  }
  bool right_only = !st->lookup &&
                    (kind == JOIN_RIGHTSEMI || kind == JOIN_RIGHTANTI);
  bool left_only = !st->lookup &&
                   (kind == JOIN_LEFTSEMI || kind == JOIN_LEFTANTI);
  for (size_t l = 0; l < rs->left.n && rc == 0; l++) {
    const tw_value *row = rs->left.rows[l];
    for (uint32_t k = 0; k < nk; k++) {
      keys[k] = &row[st->lkey[k]];
    }
    bool nullkey = key_has_null(keys, nk);
    uint64_t h = tw_grp_key_hash(keys, nk);
    size_t slot;
    if (!st->lookup && kind == JOIN_INNERUNIQUE) {
      if (tw_grp_find(&seen, h, keys, nk, &slot) >= 0) {
        continue;
      }
      tw_value *blk = tw_arena_alloc(&tmp, (nk + 1) * sizeof *blk);
      if (!blk || tw_grp_add(&seen, h, (uint8_t *)blk) < 0) {
        rc = TRAWL_ERR_NOMEM;
        break;
      }
      for (uint32_t k = 0; k < nk; k++) {
        blk[k] = *keys[k];
      }
    }
    long g = nullkey ? -1 : tw_grp_find(&rt, h, keys, nk, &slot);
    if (g >= 0) {
      for (int64_t r = head[g]; r >= 0 && rc == 0; r = next[r]) {
        matched[r] = 1;
        if (left_only || right_only) {
          continue;
        }
        rc = put(x, op, &o, st, row, rs->right.rows[r], 1, 1);
      }
      if (left_only && kind == JOIN_LEFTSEMI && rc == 0) {
        rc = put(x, op, &o, st, row, NULL, 1, 0);
      }
    } else {
      if (left_only && kind == JOIN_LEFTANTI) {
        rc = put(x, op, &o, st, row, NULL, 1, 0);
      } else if (kind == JOIN_LEFTOUTER || kind == JOIN_FULLOUTER ||
                 (st->lookup && kind != JOIN_INNER)) {
        rc = put(x, op, &o, st, row, NULL, 1, 1);
      }
    }
  }
  if (!st->lookup && rc == 0) {
    for (size_t r = 0; r < nr && rc == 0; r++) {
      const tw_value *row = rs->right.rows[r];
      if ((kind == JOIN_RIGHTSEMI && matched[r]) ||
          (kind == JOIN_RIGHTANTI && !matched[r])) {
        rc = put(x, op, &o, st, NULL, row, 0, 1);
      } else if ((kind == JOIN_RIGHTOUTER || kind == JOIN_FULLOUTER) &&
                 !matched[r]) {
        rc = put(x, op, &o, st, NULL, row, 1, 1);
      }
    }
  }
  if (rc == 0) {
    rc = flush(x, op, &o);
  }
  tw_grp_free(&rt);
  tw_grp_free(&seen);
  free(next);
  free(head);
  free(tail);
  free(matched);
  free(o.vals);
  tw_arena_free(&o.arena);
  tw_arena_free(&tmp);
  if (rc == TRAWL_ERR_NOMEM) {
    tw_exec_errorf(x, TRAWL_ERR_NOMEM, op->node, "out of memory");
  }
  return rc ? rc : tw_op_emit_finish(x, op);
}

static void join_close(tw_op *op) {
  join_rs *rs = op->rs;
  if (rs) {
    tw_rows_free(&rs->left);
    tw_rows_free(&rs->right);
    free(rs);
  }
  op->rs = NULL;
}

static const tw_op_vt join_vt = {"join", join_open, join_consume,
                                 join_finish, join_close, NULL};

static void unsupported(tw_plan *p, const tw_ast *n, const char *what) {
  if (!p->unsupported) {
    p->unsupported = what;
    p->unsup_off = n->off;
    p->unsup_len = n->len;
  }
}

tw_op *tw_op_join(tw_plan *p, tw_ast *node, tw_op *left, tw_op *right) {
  tw_op *ins[2] = {left, right};
  tw_op *op = tw_op_new(p, OP_JOIN, &join_vt, node, node->schema, ins, 2);
  join_st *st = op ? tw_arena_zalloc(p->arena, sizeof *st) : NULL;
  if (!st) {
    return NULL;
  }
  op->st = st;
  st->kind = node->op;
  st->lookup = node->kind == AST_LOOKUP;
  st->nl = left->schema->ncols;
  st->nr = right->schema->ncols;
  st->lkey = tw_arena_alloc(p->arena, 64 * sizeof *st->lkey);
  st->rkey = tw_arena_alloc(p->arena, 64 * sizeof *st->rkey);
  st->rcols = tw_arena_alloc(p->arena, (st->nr + 1) * sizeof *st->rcols);
  if (!st->lkey || !st->rkey || !st->rcols) {
    return NULL;
  }
  int ok = 1;
  for (uint32_t i = 1; i < node->nkids; i++) {
    add_conds(st, node->kids[i], &ok);
  }
  for (uint32_t k = 0; k < st->nkeys; k++) {
    if (st->lkey[k] < 0 || (uint32_t)st->lkey[k] >= st->nl ||
        st->rkey[k] < 0 || (uint32_t)st->rkey[k] >= st->nr) {
      ok = 0;
    }
  }
  if (!ok || st->nkeys == 0) {
    unsupported(p, node, "this join condition");
  }
  for (uint32_t j = 0; j < st->nr; j++) {
    bool key = false;
    for (uint32_t k = 0; st->lookup && k < st->nkeys; k++) {
      key = key || st->rkey[k] == (int32_t)j;
    }
    if (!key) {
      st->rcols[st->nrcols++] = (int32_t)j;
    }
  }
  uint32_t want;
  if (!st->lookup && (st->kind == JOIN_RIGHTSEMI ||
                      st->kind == JOIN_RIGHTANTI)) {
    want = st->nrcols;
  } else if (!st->lookup && (st->kind == JOIN_LEFTSEMI ||
                             st->kind == JOIN_LEFTANTI)) {
    want = st->nl;
  } else {
    want = st->nl + st->nrcols;
  }
  if (want != node->schema->ncols) {
    unsupported(p, node, "join (unexpected schema)");
  }
  return op;
}

void tw_join_need(tw_op *op) {
  join_st *st = op->st;
  tw_op *l = op->ins[0], *r = op->ins[1];
  bool right_only = !st->lookup &&
                    (st->kind == JOIN_RIGHTSEMI || st->kind == JOIN_RIGHTANTI);
  bool left_only = !st->lookup &&
                   (st->kind == JOIN_LEFTSEMI || st->kind == JOIN_LEFTANTI);
  uint32_t c = 0;
  if (!right_only) {
    for (uint32_t i = 0; i < st->nl && c < op->schema->ncols; i++, c++) {
      l->need[i] |= op->need[c];
    }
  }
  if (!left_only) {
    for (uint32_t i = 0; i < st->nrcols && c < op->schema->ncols; i++, c++) {
      r->need[st->rcols[i]] |= op->need[c];
    }
  }
  for (uint32_t k = 0; k < st->nkeys; k++) {
    if (st->lkey[k] >= 0 && (uint32_t)st->lkey[k] < st->nl) {
      l->need[st->lkey[k]] = 1;
    }
    if (st->rkey[k] >= 0 && (uint32_t)st->rkey[k] < st->nr) {
      r->need[st->rkey[k]] = 1;
    }
  }
}
