/*
 * exec/op_sort.c - sort/order by and top N (a breaker).
 *
 * Rows are copied with their evaluated sort keys appended, then ordered
 * with a stable merge sort under Kusto's rules (value/compare.h: default
 * direction desc for sort and top, nulls smallest). `top N` keeps memory
 * bounded: whenever it holds well over N rows it sorts and keeps the first
 * N in a fresh arena.
 */
#include <stdlib.h>
#include <string.h>

#include "exec/exec.h"
#include "value/compare.h"

typedef struct sort_st {
  tw_ast **key;     /* key expressions */
  unsigned *flags;  /* TW_SORT_* per key */
  uint32_t nkeys;
  bool top;
} sort_st;

typedef struct sort_rs {
  tw_rows rows;
  int64_t limit;    /* top: N; sort: -1 */
  const tw_value *worst; /* top after a prune: the N-th row kept */
} sort_rs;

typedef struct sort_cmp_ctx {
  uint32_t base;    /* index of the first key value in a row */
  const sort_st *st;
} sort_cmp_ctx;

static int row_cmp(const sort_cmp_ctx *c, const tw_value *a,
                   const tw_value *b) {
  for (uint32_t k = 0; k < c->st->nkeys; k++) {
    int r = tw_value_sort_cmp(&a[c->base + k], &b[c->base + k],
                              c->st->flags[k]);
    if (r) {
      return r;
    }
  }
  return 0;
}

static void merge_sort(const sort_cmp_ctx *c, tw_value **v, tw_value **tmp,
                       size_t n) {
  if (n < 2) {
    return;
  }
  if (n <= 8) {
    for (size_t i = 1; i < n; i++) {
      tw_value *x = v[i];
      size_t j = i;
      while (j > 0 && row_cmp(c, v[j - 1], x) > 0) {
        v[j] = v[j - 1];
        j--;
      }
      v[j] = x;
    }
    return;
  }
  size_t h = n / 2;
  merge_sort(c, v, tmp, h);
  merge_sort(c, v + h, tmp, n - h);
  if (row_cmp(c, v[h - 1], v[h]) <= 0) {
    return;
  }
  memcpy(tmp, v, h * sizeof *v);
  size_t i = 0, j = h, k = 0;
  while (i < h && j < n) {
    v[k++] = row_cmp(c, v[j], tmp[i]) < 0 ? v[j++] : tmp[i++];
  }
  while (i < h) {
    v[k++] = tmp[i++];
  }
}

static int sort_rows(tw_op *op, tw_rows *rows) {
  sort_st *st = op->st;
  sort_cmp_ctx c = {op->schema->ncols, st};
  tw_value **tmp = malloc((rows->n / 2 + 1) * sizeof *tmp);
  if (!tmp) {
    return TRAWL_ERR_NOMEM;
  }
  merge_sort(&c, rows->rows, tmp, rows->n);
  free(tmp);
  return 0;
}

static int sort_open(tw_exec *x, tw_op *op) {
  sort_st *st = op->st;
  sort_rs *rs = calloc(1, sizeof *rs);
  if (!rs) {
    return TRAWL_ERR_NOMEM;
  }
  op->rs = rs;
  tw_rows_init(&rs->rows, op->schema->ncols + st->nkeys);
  rs->limit = -1;
  if (st->top) {
    tw_arena a;
    tw_arena_init(&a, 0);
    tw_value v;
    int rc = tw_eval_const(x, op->node->kids[0], &a, &v);
    tw_arena_free(&a);
    if (rc) {
      return rc;
    }
    rs->limit = v.null ? 0
                : (v.type == TW_T_REAL || v.type == TW_T_DECIMAL)
                    ? (int64_t)v.u.r
                    : v.u.i;
    if (rs->limit < 0) {
      rs->limit = 0;
    }
  }
  return 0;
}

/* top: keep the first `limit` rows in a fresh arena. */
static int prune(tw_op *op, sort_rs *rs) {
  int rc = sort_rows(op, &rs->rows);
  if (rc) {
    return rc;
  }
  tw_rows fresh;
  tw_rows_init(&fresh, rs->rows.ncols);
  size_t keep = (size_t)rs->limit < rs->rows.n ? (size_t)rs->limit
                                               : rs->rows.n;
  for (size_t i = 0; i < keep; i++) {
    tw_value *src = rs->rows.rows[i];
    /* copy row i as a one-row batch over its own values */
    tw_value *colp[512];
    uint32_t nc = rs->rows.ncols;
    if (nc > 512) {
      tw_rows_free(&fresh);
      return 0; /* too wide to prune: keep everything */
    }
    for (uint32_t c = 0; c < nc; c++) {
      colp[c] = &src[c];
    }
    tw_xbatch b = {1, nc, colp, NULL};
    if (!tw_rows_add(&fresh, &b, 0, NULL)) {
      tw_rows_free(&fresh);
      return TRAWL_ERR_NOMEM;
    }
  }
  tw_rows_free(&rs->rows);
  rs->rows = fresh;
  rs->worst = keep == (size_t)rs->limit && keep ? fresh.rows[keep - 1] : NULL;
  return 0;
}

static int sort_consume(tw_exec *x, tw_op *op, uint32_t port,
                        const tw_xbatch *b) {
  (void)port;
  sort_st *st = op->st;
  sort_rs *rs = op->rs;
  if (rs->limit == 0) {
    return 0;
  }
  uint32_t nc = op->schema->ncols, nk = st->nkeys;
  tw_value **cols = tw_arena_alloc(b->arena, (nc + nk) * sizeof *cols);
  if (!cols) {
    return TRAWL_ERR_NOMEM;
  }
  memcpy(cols, b->cols, nc * sizeof *cols);
  for (uint32_t k = 0; k < nk; k++) {
    int rc = tw_eval_col(x, st->key[k], b, &cols[nc + k]);
    if (rc) {
      return rc;
    }
  }
  tw_xbatch wide = {b->nrows, nc + nk, cols, b->arena};
  sort_cmp_ctx kc = {0, st};
  tw_value keys[64];
  bool filter = rs->worst && nk <= 64;
  for (uint32_t r = 0; r < b->nrows; r++) {
    if (filter) {
      /* top: a row not better than the N-th kept one can never be in
       * the result (the sort is stable: ties keep arrival order) */
      for (uint32_t k = 0; k < nk; k++) {
        keys[k] = cols[nc + k][r];
      }
      if (row_cmp(&kc, keys, rs->worst + nc) >= 0) {
        continue;
      }
    }
    if (!tw_rows_add(&rs->rows, &wide, r, NULL)) {
      tw_exec_errorf(x, TRAWL_ERR_NOMEM, op->node, "out of memory");
      return TRAWL_ERR_NOMEM;
    }
  }
  if (rs->limit > 0 && rs->rows.n > (size_t)rs->limit * 2 + 4096) {
    return prune(op, rs);
  }
  return 0;
}

static int sort_finish(tw_exec *x, tw_op *op) {
  sort_rs *rs = op->rs;
  int rc = sort_rows(op, &rs->rows);
  if (rc) {
    return rc;
  }
  size_t n = rs->rows.n;
  if (rs->limit >= 0 && (size_t)rs->limit < n) {
    n = (size_t)rs->limit;
  }
  rc = tw_rows_emit(x, op, rs->rows.rows, n, op->schema->ncols);
  return rc ? rc : tw_op_emit_finish(x, op);
}

static void sort_close(tw_op *op) {
  sort_rs *rs = op->rs;
  if (rs) {
    tw_rows_free(&rs->rows);
    free(rs);
  }
  op->rs = NULL;
}

static const tw_op_vt sort_vt = {"sort", sort_open, sort_consume,
                                 sort_finish, sort_close, NULL};

tw_op *tw_op_sort(tw_plan *p, tw_ast *node, tw_op *in) {
  tw_op *op = tw_op_new(p, OP_SORT, &sort_vt, node, node->schema, &in, 1);
  sort_st *st = op ? tw_arena_zalloc(p->arena, sizeof *st) : NULL;
  if (!st) {
    return NULL;
  }
  st->top = node->kind == AST_TOP;
  uint32_t first = st->top ? 1 : 0;
  uint32_t n = node->nkids > first ? node->nkids - first : 0;
  st->key = tw_arena_alloc(p->arena, (n + 1) * sizeof *st->key);
  st->flags = tw_arena_alloc(p->arena, (n + 1) * sizeof *st->flags);
  if (!st->key || !st->flags) {
    return NULL;
  }
  for (uint32_t i = 0; i < n; i++) {
    tw_ast *k = node->kids[first + i];
    if (k->kind == AST_SORT_KEY) {
      st->key[st->nkeys] = k->kids[0];
      st->flags[st->nkeys] = k->op;
    } else {
      st->key[st->nkeys] = k;
      st->flags[st->nkeys] = TW_SORT_DESC;
    }
    st->nkeys++;
  }
  op->st = st;
  return op;
}
