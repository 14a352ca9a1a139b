/*
 * exec/query.c - the public query API of include/trawl.h: compile (parse,
 * --set values, bind, plan), result schema, and run over input files (one
 * read for all scans of the query).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/limits.h"
#include "exec/query_int.h"
#include "kql/bind.h"
#include "kql/parse.h"

static void set_diag(trawl_diag *d, trawl_status code, const char *msg) {
  if (d) {
    memset(d, 0, sizeof *d);
    d->code = code;
    snprintf(d->message, sizeof d->message, "%s", msg);
  }
}

static void free_caches(tw_ast *n, int depth) {
  if (!n || depth > TW_MAX_EXPR_DEPTH + 100) {
    return;
  }
  if (n->cache) {
    tw_fn_cache_free(n);
    n->cache = NULL;
  }
  for (uint32_t i = 0; i < n->nkids; i++) {
    free_caches(n->kids[i], depth + 1);
  }
}

trawl_status trawl_query_compile(const char *text, size_t len,
                                 const trawl_compile_opts *opts,
                                 trawl_query **out, trawl_diag *diag) {
  *out = NULL;
  if (diag) {
    memset(diag, 0, sizeof *diag);
  }
  if (!text) {
    set_diag(diag, TRAWL_ERR_USAGE, "no query text");
    return TRAWL_ERR_USAGE;
  }
  if (len > TW_MAX_QUERY_BYTES) {
    set_diag(diag, TRAWL_ERR_LIMIT, "the query is too long");
    return TRAWL_ERR_LIMIT;
  }
  trawl_query *q = calloc(1, sizeof *q);
  if (!q) {
    set_diag(diag, TRAWL_ERR_NOMEM, "out of memory");
    return TRAWL_ERR_NOMEM;
  }
  tw_arena_init(&q->arena, 0);
  q->text = tw_arena_strndup(&q->arena, text, len);
  q->len = len;
  if (!q->text) {
    trawl_query_free(q);
    set_diag(diag, TRAWL_ERR_NOMEM, "out of memory");
    return TRAWL_ERR_NOMEM;
  }
  trawl_status st = tw_parse_query(q->text, len, &q->arena, &q->ast, diag);
  for (size_t i = 0; st == TRAWL_OK && opts && i < opts->nsets; i++) {
    st = tw_query_set_let(q->ast, opts->set_names[i], opts->set_values[i],
                          &q->arena, diag);
  }
  if (st == TRAWL_OK) {
    st = tw_bind_query(q->ast, &q->arena, diag);
  }
  if (st == TRAWL_OK) {
    q->result = tw_bind_result(q->ast);
    if (!q->result) {
      set_diag(diag, TRAWL_ERR_TYPE, "the query has no tabular result");
      st = TRAWL_ERR_TYPE;
    }
  }
  if (st == TRAWL_OK) {
    /* Constant regular expressions compile before any input is read, so a
     * bad one is a positioned error up front (as in Kusto). */
    st = tw_fn_check_tree(q->ast, diag);
  }
  if (st == TRAWL_OK) {
    st = tw_plan_build(&q->plan, &q->arena, q->ast, diag);
  }
  if (st != TRAWL_OK) {
    if (diag && diag->code == TRAWL_OK) {
      diag->code = st;
    }
    trawl_query_free(q);
    return st;
  }
  *out = q;
  return TRAWL_OK;
}

void trawl_query_free(trawl_query *q) {
  if (!q) {
    return;
  }
  tw_plan_free(&q->plan);
  free_caches(q->ast, 0);
  tw_arena_free(&q->arena);
  free(q);
}

size_t trawl_query_ncolumns(const trawl_query *q) {
  return q && q->result ? q->result->ncols : 0;
}

const char *trawl_query_column_name(const trawl_query *q, size_t i) {
  return q && q->result && i < q->result->ncols ? q->result->cols[i].name
                                                : NULL;
}

trawl_type trawl_query_column_type(const trawl_query *q, size_t i) {
  return q && q->result && i < q->result->ncols ? q->result->cols[i].type
                                                : TRAWL_T_UNKNOWN;
}

int64_t tw_query_now(const trawl_run_opts *run) {
  if (run && run->has_now) {
    return run->now;
  }
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return (int64_t)ts.tv_sec * 10000000LL + ts.tv_nsec / 100;
}

trawl_status tw_query_status(int rc, trawl_diag *diag) {
  if (rc == 0 || rc == TW_EXEC_STOP) {
    return TRAWL_OK;
  }
  if (diag && diag->code == TRAWL_OK) {
    diag->code = (trawl_status)rc;
    if (!diag->message[0]) {
      snprintf(diag->message, sizeof diag->message, "%s",
               trawl_status_name((trawl_status)rc));
    }
  }
  return (trawl_status)rc;
}

typedef struct read_ctx {
  tw_exec *x;
  int rc;
} read_ctx;

static int on_batch(void *ctx, uint32_t sub, const tw_batch *b) {
  read_ctx *rc = ctx;
  int r = tw_run_scan_batch(rc->x, sub, b);
  if (r == TW_EXEC_DONE) {
    return 1; /* nothing wants more rows: stop reading, then finish */
  }
  if (r) {
    rc->rc = r;
    return 1;
  }
  return 0;
}

trawl_status trawl_query_run(trawl_query *q, const char *const *paths,
                             size_t npaths, const trawl_input_opts *in,
                             const trawl_run_opts *run, trawl_row_fn cb,
                             void *ctx, trawl_summary *sum,
                             trawl_diag *diag) {
  if (diag) {
    memset(diag, 0, sizeof *diag);
  }
  if (!q) {
    set_diag(diag, TRAWL_ERR_USAGE, "no query");
    return TRAWL_ERR_USAGE;
  }
  tw_exec x;
  tw_plan *p = &q->plan;
  int rc = tw_run_begin(&x, p, tw_query_now(run), cb, ctx, diag);
  if (rc == 0 && run && run->has_window) {
    x.has_window = true;
    x.wstart = run->window_start;
    x.wend = run->window_end;
  }
  tw_subscription *subs = NULL;
  tw_prefilter *pre = NULL;
  uint8_t *need = NULL;
  if (rc == 0 && p->nscans) {
    rc = tw_run_subscriptions(&x, p, false, false, &subs, &pre, &need);
    if (rc == 0) {
      read_ctx rctx = {&x, 0};
      trawl_summary local;
      trawl_status st = tw_read(paths, npaths, in, subs, p->nscans, on_batch,
                                &rctx, sum ? sum : &local, diag);
      rc = rctx.rc;
      if (rc == 0 && st != TRAWL_OK) {
        rc = st;
      }
    }
  } else if (rc == 0 && sum) {
    memset(sum, 0, sizeof *sum);
  }
  if (rc == 0) {
    rc = tw_run_end(&x);
  }
  tw_run_close(&x);
  free(subs);
  free(pre);
  free(need);
  return tw_query_status(rc, diag);
}
