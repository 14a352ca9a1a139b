/*
 * exec/run.c - running a plan: open the operators, run the constant
 * sources, push scan batches (from the reader or the replay store), finish
 * the scans so breakers flush, close.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/limits.h"
#include "exec/exec.h"

int tw_run_begin(tw_exec *x, tw_plan *p, int64_t now, trawl_row_fn cb,
                 void *cbctx, trawl_diag *diag) {
  memset(x, 0, sizeof *x);
  x->plan = p;
  x->diag = diag;
  x->cb = cb;
  x->cbctx = cbctx;
  x->ectx.now = now;
  x->ectx.diag = diag;
  tw_arena_init(&x->scratch, 0);
  x->ectx.arena = &x->scratch;
  if (p->unsupported) {
    if (diag) {
      diag->code = TRAWL_ERR_UNSUPPORTED;
      diag->off = p->unsup_off;
      diag->len = p->unsup_len;
      snprintf(diag->message, sizeof diag->message,
               "%s is not supported yet", p->unsupported);
    }
    return TRAWL_ERR_UNSUPPORTED;
  }
  for (int t = 0; t < TW_T_COUNT; t++) {
    x->nullcols[t] = malloc(TW_BATCH_ROWS * sizeof(tw_value));
    if (!x->nullcols[t]) {
      return TRAWL_ERR_NOMEM;
    }
    for (uint32_t r = 0; r < TW_BATCH_ROWS; r++) {
      x->nullcols[t][r] = tw_null((tw_type)t);
    }
  }
  for (uint32_t i = 0; i < p->nops; i++) {
    p->ops[i]->ndone = 0;
    p->ops[i]->rs = NULL;
    p->ops[i]->done = false;
  }
  int src = tw_run_subqueries(x);
  if (src) {
    if (src == TRAWL_ERR_NOMEM) {
      tw_exec_errorf(x, TRAWL_ERR_NOMEM, NULL, "out of memory");
    }
    return src;
  }
  for (uint32_t i = 0; i < p->nops; i++) {
    int rc = p->ops[i]->vt->open(x, p->ops[i]);
    if (rc) {
      if (rc == TRAWL_ERR_NOMEM) {
        tw_exec_errorf(x, TRAWL_ERR_NOMEM, NULL, "out of memory");
      }
      return rc;
    }
  }
  for (uint32_t i = 0; i < p->nsrcs; i++) {
    int rc = p->srcs[i]->vt->finish(x, p->srcs[i]);
    if (rc) {
      return rc;
    }
  }
  return 0;
}

/* Keep only rows inside the run's window (wstart < TimeGenerated <= wend). */
static int window_filter(tw_exec *x, tw_op *scan, tw_xbatch *xb) {
  tw_scan_info *si = scan->st;
  int tc = si->table == TRAWL_TABLE_AWSCLOUDTRAIL ? TW_AWS_TimeGenerated
                                                  : TW_AZ_TimeGenerated;
  const tw_value *t = xb->cols[tc];
  uint32_t *sel = tw_arena_alloc(&x->scratch,
                                 (size_t)(xb->nrows ? xb->nrows : 1) *
                                     sizeof *sel);
  if (!sel) {
    return TRAWL_ERR_NOMEM;
  }
  uint32_t m = 0;
  for (uint32_t r = 0; r < xb->nrows; r++) {
    if (!t[r].null && t[r].u.i > x->wstart && t[r].u.i <= x->wend) {
      sel[m++] = r;
    }
  }
  if (m == xb->nrows) {
    return 0;
  }
  tw_value **cols = tw_arena_alloc(&x->scratch, xb->ncols * sizeof *cols);
  if (!cols) {
    return TRAWL_ERR_NOMEM;
  }
  for (uint32_t c = 0; c < xb->ncols; c++) {
    if (!scan->need[c] && c != (uint32_t)tc) {
      cols[c] = xb->cols[c];
      continue;
    }
    cols[c] = tw_arena_alloc(&x->scratch, (size_t)(m ? m : 1) *
                                              sizeof **cols);
    if (!cols[c]) {
      return TRAWL_ERR_NOMEM;
    }
    for (uint32_t i = 0; i < m; i++) {
      cols[c][i] = xb->cols[c][sel[i]];
    }
  }
  xb->cols = cols;
  xb->nrows = m;
  return 0;
}

int tw_run_scan_batch(tw_exec *x, uint32_t scan, const tw_batch *b) {
  tw_op *op = x->plan->scans[scan];
  tw_xbatch xb = {b->nrows, b->ncols, b->cols, &x->scratch};
  x->ectx.arena = &x->scratch;
  if (x->has_window) {
    int rc = window_filter(x, op, &xb);
    if (rc) {
      tw_arena_reset(&x->scratch);
      return rc;
    }
  }
  int rc = op->done ? 0 : tw_op_emit(x, op, &xb);
  tw_arena_reset(&x->scratch);
  if (rc == 0) {
    bool all = x->plan->nscans > 0;
    for (uint32_t i = 0; i < x->plan->nscans && all; i++) {
      all = x->plan->scans[i]->done;
    }
    if (all) {
      return TW_EXEC_DONE;
    }
  }
  return rc;
}

int tw_run_end(tw_exec *x) {
  for (uint32_t i = 0; i < x->plan->nscans; i++) {
    tw_op *op = x->plan->scans[i];
    int rc = op->vt->finish(x, op);
    if (rc) {
      return rc;
    }
  }
  return 0;
}

void tw_run_close(tw_exec *x) {
  if (x->plan) {
    for (uint32_t i = 0; i < x->plan->nops; i++) {
      tw_op *op = x->plan->ops[i];
      op->vt->close(op);
      op->rs = NULL;
    }
  }
  for (int t = 0; t < TW_T_COUNT; t++) {
    free(x->nullcols[t]);
    x->nullcols[t] = NULL;
  }
  tw_arena_free(&x->scratch);
  tw_arena_free(&x->subq_arena);
}

int tw_run_prefilters(tw_exec *x, uint32_t scan, tw_prefilter *out,
                      bool skip_now_dep) {
  tw_scan_info *si = x->plan->scans[scan]->st;
  uint32_t n = 0;
  for (uint32_t i = 0; i < si->npre; i++) {
    if (skip_now_dep && si->now_dep[i]) {
      continue;
    }
    tw_prefilter f = si->pre[i];
    if (si->texpr[i]) {
      tw_value v;
      if (tw_eval_const(x, si->texpr[i], &x->scratch, &v) != 0 ||
          v.type != TW_T_DATETIME) {
        continue;
      }
      if (v.null) {
        /* comparison with null is never true: nothing passes; keep the
         * where to decide (skip the prefilter) */
        continue;
      }
      f.t = v.u.i;
    }
    out[n++] = f;
  }
  return (int)n;
}
