/*
 * exec/op_source.c - sources that need no input: print, datatable, range.
 *
 * The driver calls their finish() at the start of a run; they emit their
 * rows in batches and then finish their consumers.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/limits.h"
#include "exec/exec.h"

static int src_open(tw_exec *x, tw_op *op) {
  (void)x;
  (void)op;
  return 0;
}

static int src_consume(tw_exec *x, tw_op *op, uint32_t port,
                       const tw_xbatch *b) {
  (void)x;
  (void)op;
  (void)port;
  (void)b;
  return 0;
}

static void src_close(tw_op *op) {
  (void)op;
}

/* Emit values laid out row-major (n rows x ncols). */
static int emit_rowmajor(tw_exec *x, tw_op *op, const tw_value *vals,
                         size_t nrows, uint32_t ncols, tw_arena *a) {
  int rc = 0;
  for (size_t at = 0; at < nrows && rc == 0; at += TW_BATCH_ROWS) {
    uint32_t m = (uint32_t)(nrows - at < TW_BATCH_ROWS ? nrows - at
                                                        : TW_BATCH_ROWS);
    tw_value **cols = tw_arena_alloc(a, (ncols ? ncols : 1) * sizeof *cols);
    if (!cols) {
      return TRAWL_ERR_NOMEM;
    }
    for (uint32_t c = 0; c < ncols; c++) {
      cols[c] = tw_arena_alloc(a, (size_t)m * sizeof **cols);
      if (!cols[c]) {
        return TRAWL_ERR_NOMEM;
      }
      for (uint32_t r = 0; r < m; r++) {
        cols[c][r] = vals[(at + r) * ncols + c];
      }
    }
    tw_xbatch b = {m, ncols, cols, a};
    rc = tw_op_emit(x, op, &b);
    if (op->done) {
      break;
    }
  }
  return rc;
}

/* Convert a literal to the declared column type where they differ in a
 * way that matters for output (int literal in a long column ...). */
static tw_value fit_type(tw_value v, tw_type t) {
  if (v.type == t) {
    return v;
  }
  if (v.null) {
    return tw_null(t);
  }
  switch (t) {
  case TW_T_INT:
  case TW_T_LONG:
    if (v.type == TW_T_INT || v.type == TW_T_LONG) {
      v.type = (uint8_t)t;
    } else if (v.type == TW_T_REAL) {
      double r = v.u.r;
      v = t == TW_T_INT ? tw_int((int32_t)r) : tw_long((int64_t)r);
    }
    return v;
  case TW_T_REAL:
  case TW_T_DECIMAL:
    if (v.type == TW_T_INT || v.type == TW_T_LONG) {
      double r = (double)v.u.i;
      v = tw_real(r);
    }
    v.type = (uint8_t)t;
    return v;
  default:
    return v;
  }
}

static int src_finish(tw_exec *x, tw_op *op) {
  tw_ast *n = op->node;
  tw_arena a;
  tw_arena_init(&a, 0);
  int rc = 0;
  uint32_t ncols = op->schema->ncols;
  if (n->kind == AST_PRINT) {
    tw_value *vals = tw_arena_alloc(&a, (ncols ? ncols : 1) * sizeof *vals);
    if (!vals) {
      rc = TRAWL_ERR_NOMEM;
    }
    for (uint32_t i = 0; i < ncols && i < n->nkids && rc == 0; i++) {
      tw_ast *e = n->kids[i];
      rc = tw_eval_const(x, e->kind == AST_ASSIGN ? e->kids[0] : e, &a,
                         &vals[i]);
    }
    if (rc == 0) {
      rc = emit_rowmajor(x, op, vals, 1, ncols, &a);
    }
  } else if (n->kind == AST_DATATABLE) {
    uint32_t nv = n->nkids - n->op;
    size_t nrows = ncols ? nv / ncols : 0;
    tw_value *vals = tw_arena_alloc(&a, (nv ? nv : 1) * sizeof *vals);
    if (!vals) {
      rc = TRAWL_ERR_NOMEM;
    }
    for (uint32_t i = 0; i < nrows * ncols && rc == 0; i++) {
      rc = tw_eval_const(x, n->kids[n->op + i], &a, &vals[i]);
      if (rc == 0) {
        vals[i] = fit_type(vals[i], op->schema->cols[i % ncols].type);
      }
    }
    if (rc == 0) {
      rc = emit_rowmajor(x, op, vals, nrows, ncols, &a);
    }
  } else if (n->kind == AST_RANGE) {
    tw_value lim[3];
    for (int i = 0; i < 3 && rc == 0; i++) {
      rc = tw_eval_const(x, n->kids[i], &a, &lim[i]);
    }
    tw_type t = op->schema->cols[0].type;
    if (rc == 0 && !lim[0].null && !lim[1].null && !lim[2].null) {
      bool real = t == TW_T_REAL || t == TW_T_DECIMAL;
      double f = real ? (lim[0].type == TW_T_REAL ? lim[0].u.r
                                                  : (double)lim[0].u.i)
                      : 0;
      double to = real ? (lim[1].type == TW_T_REAL ? lim[1].u.r
                                                   : (double)lim[1].u.i)
                       : 0;
      double st = real ? (lim[2].type == TW_T_REAL ? lim[2].u.r
                                                   : (double)lim[2].u.i)
                       : 0;
      int64_t fi = lim[0].u.i, ti = lim[1].u.i;
      int64_t si = lim[2].type == TW_T_REAL ? (int64_t)lim[2].u.r
                                            : lim[2].u.i;
      if (!real && lim[2].type == TW_T_TIMESPAN && t == TW_T_DATETIME) {
        si = lim[2].u.i;
      }
      if (lim[1].type == TW_T_TIMESPAN && t == TW_T_DATETIME) {
        ti = fi + lim[1].u.i;
      }
      tw_value buf[TW_BATCH_ROWS];
      uint32_t m = 0;
      for (uint64_t k = 0; rc == 0; k++) {
        tw_value v;
        if (real) {
          if (st == 0 || (st > 0 && f + st * (double)k > to) ||
              (st < 0 && f + st * (double)k < to) || k > (1ULL << 40)) {
            break;
          }
          v = tw_real(f + st * (double)k);
          v.type = (uint8_t)t;
        } else {
          if (si == 0 || k > (1ULL << 40)) {
            break;
          }
          int64_t cur = fi + (int64_t)k * si;
          if ((si > 0 && cur > ti) || (si < 0 && cur < ti)) {
            break;
          }
          v = tw_long(cur);
          v.type = (uint8_t)t;
        }
        buf[m++] = v;
        if (m == TW_BATCH_ROWS) {
          rc = emit_rowmajor(x, op, buf, m, 1, &a);
          tw_arena_reset(&a);
          m = 0;
          if (op->done) {
            break; /* every consumer has what it needs (take, ...) */
          }
        }
      }
      if (rc == 0 && m) {
        rc = emit_rowmajor(x, op, buf, m, 1, &a);
      }
    }
  }
  tw_arena_free(&a);
  if (rc == TRAWL_ERR_NOMEM) {
    tw_exec_errorf(x, rc, n, "out of memory");
  }
  return rc ? rc : tw_op_emit_finish(x, op);
}

static const tw_op_vt src_vt = {"source", src_open, src_consume, src_finish,
                                src_close, NULL};

tw_op *tw_op_source(tw_plan *p, tw_ast *node) {
  tw_op *op = tw_op_new(p, OP_CONST_SRC, &src_vt, node, node->schema, NULL, 0);
  if (!op) {
    return NULL;
  }
  if (p->nsrcs % 16 == 0) {
    tw_op **v = tw_arena_alloc(p->arena, (p->nsrcs + 16) * sizeof *v);
    if (!v) {
      return NULL;
    }
    if (p->nsrcs) {
      memcpy(v, p->srcs, p->nsrcs * sizeof *v);
    }
    p->srcs = v;
  }
  p->srcs[p->nsrcs++] = op;
  return op;
}
