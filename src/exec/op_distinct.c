/*
 * exec/op_distinct.c - distinct (streaming): a row whose key was not seen
 * before is emitted at once, so output follows first appearance.
 */
#include <stdlib.h>
#include <string.h>

#include "exec/exec.h"
#include "exec/groups.h"

/* ------------------------------------------------------------ distinct */

typedef struct dist_st {
  tw_ast **key;
  uint32_t nkeys;
} dist_st;

typedef struct dist_rs {
  tw_arena arena;
  grp_table g;
} dist_rs;

static int dist_open(tw_exec *x, tw_op *op) {
  (void)x;
  dist_rs *rs = calloc(1, sizeof *rs);
  if (!rs) {
    return TRAWL_ERR_NOMEM;
  }
  tw_arena_init(&rs->arena, 0);
  op->rs = rs;
  return 0;
}

static int dist_consume(tw_exec *x, tw_op *op, uint32_t port,
                        const tw_xbatch *b) {
  (void)port;
  dist_st *st = op->st;
  dist_rs *rs = op->rs;
  uint32_t nk = st->nkeys, n = b->nrows;
  tw_vec *kv = tw_arena_alloc(b->arena, (nk + 1) * sizeof *kv);
  const tw_value **keys = tw_arena_alloc(b->arena, (nk + 1) * sizeof *keys);
  uint32_t *sel = tw_arena_alloc(b->arena, (size_t)(n ? n : 1) * sizeof *sel);
  if (!kv || !keys || !sel) {
    return TRAWL_ERR_NOMEM;
  }
  for (uint32_t k = 0; k < nk; k++) {
    int rc = tw_eval(x, st->key[k], b, &kv[k]);
    if (rc) {
      return rc;
    }
  }
  uint32_t m = 0;
  for (uint32_t r = 0; r < n; r++) {
    for (uint32_t k = 0; k < nk; k++) {
      keys[k] = tw_vec_at(&kv[k], r);
    }
    uint64_t h = tw_grp_key_hash(keys, nk);
    size_t slot;
    if (tw_grp_find(&rs->g, h, keys, nk, &slot) >= 0) {
      continue;
    }
    tw_value *blk = tw_arena_alloc(&rs->arena, (nk + 1) * sizeof *blk);
    if (!blk) {
      return TRAWL_ERR_NOMEM;
    }
    for (uint32_t k = 0; k < nk; k++) {
      if (tw_value_copy(&rs->arena, keys[k], &blk[k]) != 0) {
        return TRAWL_ERR_NOMEM;
      }
    }
    if (tw_grp_add(&rs->g, h, (uint8_t *)blk) < 0) {
      return TRAWL_ERR_NOMEM;
    }
    sel[m++] = r;
  }
  if (m == 0) {
    return 0;
  }
  tw_value **cols = tw_arena_alloc(b->arena, (nk + 1) * sizeof *cols);
  if (!cols) {
    return TRAWL_ERR_NOMEM;
  }
  for (uint32_t k = 0; k < nk; k++) {
    cols[k] = tw_arena_alloc(b->arena, (size_t)m * sizeof **cols);
    if (!cols[k]) {
      return TRAWL_ERR_NOMEM;
    }
    for (uint32_t i = 0; i < m; i++) {
      cols[k][i] = *tw_vec_at(&kv[k], sel[i]);
    }
  }
  tw_xbatch out = {m, nk, cols, b->arena};
  return tw_op_emit(x, op, &out);
}

static int dist_finish(tw_exec *x, tw_op *op) {
  return tw_op_emit_finish(x, op);
}

static void dist_close(tw_op *op) {
  dist_rs *rs = op->rs;
  if (rs) {
    tw_grp_free(&rs->g);
    tw_arena_free(&rs->arena);
    free(rs);
  }
  op->rs = NULL;
}

static const tw_op_vt dist_vt = {"distinct", dist_open, dist_consume,
                                 dist_finish, dist_close, NULL};

tw_op *tw_op_distinct(tw_plan *p, tw_ast *node, tw_op *in) {
  tw_op *op = tw_op_new(p, OP_DISTINCT, &dist_vt, node, node->schema, &in, 1);
  dist_st *st = op ? tw_arena_zalloc(p->arena, sizeof *st) : NULL;
  if (!st) {
    return NULL;
  }
  op->st = st;
  uint32_t n = node->schema->ncols;
  st->key = tw_arena_alloc(p->arena, (n + 1) * sizeof *st->key);
  if (!st->key) {
    return NULL;
  }
  bool star = node->op == 1 || (node->nkids == 1 &&
                                node->kids[0]->kind == AST_STAR);
  if (star) {
    /* distinct *: all input columns, as name references */
    for (uint32_t c = 0; c < n; c++) {
      tw_ast *nm = tw_arena_zalloc(p->arena, sizeof *nm);
      if (!nm) {
        return NULL;
      }
      nm->kind = AST_NAME;
      nm->name = in->schema->cols[c].name;
      nm->bind = TW_BIND_COLUMN;
      nm->slot = (int32_t)c;
      nm->type = in->schema->cols[c].type;
      st->key[c] = nm;
    }
    st->nkeys = n;
  } else {
    for (uint32_t i = 0; i < node->nkids && st->nkeys < n; i++) {
      tw_ast *k = node->kids[i];
      st->key[st->nkeys++] = k->kind == AST_ASSIGN ? k->kids[0] : k;
    }
    if (st->nkeys != n) {
      if (!p->unsupported) {
        p->unsupported = "distinct (unexpected schema)";
        p->unsup_off = node->off;
        p->unsup_len = node->len;
      }
    }
  }
  return op;
}
