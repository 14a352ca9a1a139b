/*
 * exec/store.c - reader subscriptions for a run, and the replay store of
 * `trawl hunt`.
 *
 * tw_run_subscriptions builds one reader subscription per scan of a plan:
 * the needed columns and the prefilters (time bounds from now()/ago()
 * evaluated at the run's now, or left out for the store; a scheduled
 * rule's window as two more time bounds).
 *
 * The store reads the input once for several queries. Each (query, scan)
 * subscribes with its now()-independent prefilters; the rows that also
 * pass the scan's leading now()-independent where conjuncts are copied
 * (needed columns only) into chunks. trawl_query_run_store then replays a
 * query at any now() over its kept rows only, as if they were the input.
 */
#include <stdlib.h>
#include <string.h>

#include "base/limits.h"
#include "exec/query_int.h"

static int time_col(trawl_table t) {
  return t == TRAWL_TABLE_AWSCLOUDTRAIL ? TW_AWS_TimeGenerated
                                        : TW_AZ_TimeGenerated;
}

int tw_run_subscriptions(tw_exec *x, tw_plan *p, bool skip_now_dep,
                         bool need_time, tw_subscription **subs_out,
                         tw_prefilter **pre_out, uint8_t **need_out) {
  *subs_out = NULL;
  *pre_out = NULL;
  *need_out = NULL;
  if (p->nscans == 0) {
    return 0;
  }
  size_t npre = 0, nneed = 0;
  for (uint32_t i = 0; i < p->nscans; i++) {
    npre += ((tw_scan_info *)p->scans[i]->st)->npre + 2;
    nneed += p->scans[i]->schema->ncols;
  }
  tw_subscription *subs = calloc(p->nscans, sizeof *subs);
  tw_prefilter *pre = calloc(npre, sizeof *pre);
  uint8_t *need = calloc(nneed + 1, 1);
  if (!subs || !pre || !need) {
    free(subs);
    free(pre);
    free(need);
    tw_exec_errorf(x, TRAWL_ERR_NOMEM, NULL, "out of memory");
    return TRAWL_ERR_NOMEM;
  }
  size_t at = 0, nat = 0;
  for (uint32_t i = 0; i < p->nscans; i++) {
    tw_scan_info *si = p->scans[i]->st;
    uint32_t nc = p->scans[i]->schema->ncols;
    int n = tw_run_prefilters(x, i, pre + at, skip_now_dep);
    if (x->has_window) {
      tw_prefilter *f = &pre[at + (size_t)n];
      f[0].col = (uint32_t)time_col(si->table);
      f[0].op = TW_PF_TIME_GT;
      f[0].t = x->wstart;
      f[1].col = (uint32_t)time_col(si->table);
      f[1].op = TW_PF_TIME_LE;
      f[1].t = x->wend;
      n += 2;
    }
    memcpy(need + nat, si->need, nc);
    if (need_time || x->has_window) {
      need[nat + (size_t)time_col(si->table)] = 1;
    }
    subs[i].table = si->table;
    subs[i].need = need + nat;
    subs[i].pre = pre + at;
    subs[i].npre = (uint32_t)n;
    at += (size_t)n;
    nat += nc;
  }
  *subs_out = subs;
  *pre_out = pre;
  *need_out = need;
  return 0;
}

/* ------------------------------------------------------------ store */

typedef struct store_chunk {
  uint32_t nrows;
  tw_value **cols;     /* table width; NULL for unneeded columns */
} store_chunk;

typedef struct store_sub {
  const trawl_query *q;
  uint32_t scan;
  trawl_table table;
  const uint8_t *need;
  store_chunk *chunks;
  size_t nchunks, cap;
  bool *conj_ok;       /* per leading conjunct: usable for filtering */
} store_sub;

struct trawl_store {
  tw_arena arena;      /* kept values */
  store_sub *subs;
  size_t nsubs;
  int64_t tmin, tmax;
  int have;
  uint64_t rows;
};

typedef struct collect_ctx {
  trawl_store *s;
  tw_exec x;           /* for evaluating conjuncts */
  int rc;
} collect_ctx;

static store_chunk *chunk_for(trawl_store *s, store_sub *ss) {
  if (ss->nchunks && ss->chunks[ss->nchunks - 1].nrows < TW_BATCH_ROWS) {
    return &ss->chunks[ss->nchunks - 1];
  }
  if (ss->nchunks == ss->cap) {
    size_t cap = ss->cap ? ss->cap * 2 : 8;
    store_chunk *c = realloc(ss->chunks, cap * sizeof *c);
    if (!c) {
      return NULL;
    }
    ss->chunks = c;
    ss->cap = cap;
  }
  const tw_schema *sch = tw_table_schema(ss->table);
  store_chunk *c = &ss->chunks[ss->nchunks];
  c->nrows = 0;
  c->cols = tw_arena_zalloc(&s->arena, sch->ncols * sizeof *c->cols);
  if (!c->cols) {
    return NULL;
  }
  for (uint32_t k = 0; k < sch->ncols; k++) {
    if (ss->need[k]) {
      c->cols[k] = tw_arena_alloc(&s->arena,
                                  TW_BATCH_ROWS * sizeof(tw_value));
      if (!c->cols[k]) {
        return NULL;
      }
    }
  }
  ss->nchunks++;
  return c;
}

static int on_collect(void *ctx, uint32_t sub, const tw_batch *b) {
  collect_ctx *cc = ctx;
  trawl_store *s = cc->s;
  store_sub *ss = &s->subs[sub];
  tw_scan_info *si = ss->q->plan.scans[ss->scan]->st;
  tw_arena *scratch = &cc->x.scratch;
  tw_xbatch xb = {b->nrows, b->ncols, b->cols, scratch};
  uint8_t *keep = tw_arena_alloc(scratch, b->nrows ? b->nrows : 1);
  if (!keep) {
    cc->rc = TRAWL_ERR_NOMEM;
    return 1;
  }
  memset(keep, 1, b->nrows);
  cc->x.ectx.arena = scratch;
  for (uint32_t k = 0; k < si->nconj; k++) {
    if (!ss->conj_ok[k]) {
      continue;
    }
    tw_vec v;
    if (tw_eval(&cc->x, si->conj[k], &xb, &v) != 0) {
      ss->conj_ok[k] = false; /* cannot pre-evaluate: leave it to replay */
      continue;
    }
    for (uint32_t r = 0; r < b->nrows; r++) {
      const tw_value *t = tw_vec_at(&v, r);
      if (t->null || !t->u.i) {
        keep[r] = 0;
      }
    }
  }
  int tc = time_col(ss->table);
  for (uint32_t r = 0; r < b->nrows; r++) {
    if (!keep[r]) {
      continue;
    }
    store_chunk *c = chunk_for(s, ss);
    if (!c) {
      cc->rc = TRAWL_ERR_NOMEM;
      return 1;
    }
    for (uint32_t k = 0; k < b->ncols; k++) {
      if (c->cols[k] &&
          tw_value_copy(&s->arena, &b->cols[k][r], &c->cols[k][c->nrows])) {
        cc->rc = TRAWL_ERR_NOMEM;
        return 1;
      }
    }
    c->nrows++;
    s->rows++;
    const tw_value *t = &b->cols[tc][r];
    if (!t->null) {
      if (!s->have || t->u.i < s->tmin) {
        s->tmin = t->u.i;
      }
      if (!s->have || t->u.i > s->tmax) {
        s->tmax = t->u.i;
      }
      s->have = 1;
    }
  }
  tw_arena_reset(scratch);
  return 0;
}

void trawl_store_free(trawl_store *s) {
  if (!s) {
    return;
  }
  for (size_t i = 0; i < s->nsubs; i++) {
    free(s->subs[i].chunks);
  }
  free(s->subs);
  tw_arena_free(&s->arena);
  free(s);
}

trawl_status trawl_store_collect(trawl_query *const *qs, size_t nqs,
                                 const char *const *paths, size_t npaths,
                                 const trawl_input_opts *in,
                                 trawl_store **out, trawl_summary *sum,
                                 trawl_diag *diag) {
  *out = NULL;
  if (diag) {
    memset(diag, 0, sizeof *diag);
  }
  trawl_store *s = calloc(1, sizeof *s);
  if (!s) {
    return TRAWL_ERR_NOMEM;
  }
  tw_arena_init(&s->arena, 0);
  size_t nsubs = 0;
  for (size_t i = 0; i < nqs; i++) {
    if (qs[i]->plan.unsupported) {
      continue; /* trawl_query_run_store reports it */
    }
    nsubs += qs[i]->plan.nscans;
  }
  collect_ctx cc;
  memset(&cc, 0, sizeof cc);
  cc.s = s;
  cc.x.diag = diag;
  cc.x.ectx.diag = diag;
  tw_arena_init(&cc.x.scratch, 0);
  tw_subscription *subs = calloc(nsubs + 1, sizeof *subs);
  s->subs = calloc(nsubs + 1, sizeof *s->subs);
  tw_prefilter **pres = calloc(nqs + 1, sizeof *pres);
  uint8_t **needs = calloc(nqs + 1, sizeof *needs);
  int rc = subs && s->subs && pres && needs ? 0 : TRAWL_ERR_NOMEM;
  for (size_t i = 0; rc == 0 && i < nqs; i++) {
    tw_plan *p = &qs[i]->plan;
    if (p->unsupported || p->nscans == 0) {
      continue;
    }
    tw_subscription *qsubs;
    cc.x.plan = p;
    rc = tw_run_subscriptions(&cc.x, p, true, true, &qsubs, &pres[i],
                              &needs[i]);
    if (rc) {
      break;
    }
    for (uint32_t k = 0; k < p->nscans; k++) {
      tw_scan_info *si = p->scans[k]->st;
      store_sub *ss = &s->subs[s->nsubs];
      ss->q = qs[i];
      ss->scan = k;
      ss->table = si->table;
      ss->need = qsubs[k].need;
      ss->conj_ok = tw_arena_alloc(&s->arena, (si->nconj + 1) * sizeof(bool));
      if (!ss->conj_ok) {
        rc = TRAWL_ERR_NOMEM;
        break;
      }
      for (uint32_t c = 0; c < si->nconj; c++) {
        ss->conj_ok[c] = true;
      }
      subs[s->nsubs++] = qsubs[k];
    }
    free(qsubs);
  }
  if (rc == 0 && s->nsubs) {
    trawl_summary local;
    cc.x.plan = NULL;
    trawl_status st = tw_read(paths, npaths, in, subs, (uint32_t)s->nsubs,
                              on_collect, &cc, sum ? sum : &local, diag);
    rc = cc.rc ? cc.rc : (int)st;
  } else if (rc == 0 && sum) {
    memset(sum, 0, sizeof *sum);
  }
  tw_arena_free(&cc.x.scratch);
  for (size_t i = 0; i < nqs && pres; i++) {
    free(pres[i]);
  }
  /* needs[] stay referenced by the store subs: keep them in the arena */
  for (size_t i = 0; i < s->nsubs; i++) {
    const tw_schema *sch = tw_table_schema(s->subs[i].table);
    uint8_t *n = tw_arena_memdup(&s->arena, s->subs[i].need, sch->ncols);
    if (!n) {
      rc = TRAWL_ERR_NOMEM;
      break;
    }
    s->subs[i].need = n;
  }
  for (size_t i = 0; i < nqs && needs; i++) {
    free(needs[i]);
  }
  free(pres);
  free(needs);
  free(subs);
  if (rc) {
    trawl_store_free(s);
    if (rc == TRAWL_ERR_NOMEM && diag) {
      diag->code = TRAWL_ERR_NOMEM;
      strcpy(diag->message, "out of memory");
    }
    return tw_query_status(rc, diag);
  }
  *out = s;
  return TRAWL_OK;
}

int trawl_store_time_range(const trawl_store *s, int64_t *min,
                           int64_t *max) {
  if (!s || !s->have) {
    *min = *max = 0;
    return 0;
  }
  *min = s->tmin;
  *max = s->tmax;
  return 1;
}

trawl_status trawl_store_times(const trawl_store *s, const trawl_query *q,
                               int64_t **out, size_t *n) {
  *out = NULL;
  *n = 0;
  if (!s || !q) {
    return TRAWL_ERR_USAGE;
  }
  size_t total = 0;
  for (size_t i = 0; i < s->nsubs; i++) {
    if (s->subs[i].q == q) {
      for (size_t c = 0; c < s->subs[i].nchunks; c++) {
        total += s->subs[i].chunks[c].nrows;
      }
    }
  }
  if (total == 0) {
    return TRAWL_OK;
  }
  int64_t *t = malloc(total * sizeof *t);
  if (!t) {
    return TRAWL_ERR_NOMEM;
  }
  size_t k = 0;
  for (size_t i = 0; i < s->nsubs; i++) {
    const store_sub *ss = &s->subs[i];
    if (ss->q != q) {
      continue;
    }
    int tc = time_col(ss->table);
    for (size_t c = 0; c < ss->nchunks; c++) {
      const tw_value *col = ss->chunks[c].cols[tc];
      if (!col) {
        free(t); /* times were not kept: the caller runs every window */
        return TRAWL_ERR_UNSUPPORTED;
      }
      for (uint32_t r = 0; r < ss->chunks[c].nrows; r++) {
        if (!col[r].null) {
          t[k++] = col[r].u.i;
        }
      }
    }
  }
  *out = t;
  *n = k;
  return TRAWL_OK;
}

trawl_status trawl_query_run_store(trawl_query *q, const trawl_store *s,
                                   const trawl_run_opts *run,
                                   trawl_row_fn cb, void *ctx,
                                   trawl_diag *diag) {
  if (diag) {
    memset(diag, 0, sizeof *diag);
  }
  if (!q || !s) {
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
  for (size_t i = 0; rc == 0 && i < s->nsubs; i++) {
    const store_sub *ss = &s->subs[i];
    if (ss->q != q) {
      continue;
    }
    const tw_schema *sch = tw_table_schema(ss->table);
    tw_value *cols[128];
    if (sch->ncols > 128) {
      rc = TRAWL_ERR_LIMIT;
      break;
    }
    tw_batch b;
    memset(&b, 0, sizeof b);
    b.ncols = sch->ncols;
    b.cols = cols;
    for (size_t k = 0; rc == 0 && k < ss->nchunks; k++) {
      const store_chunk *c = &ss->chunks[k];
      for (uint32_t j = 0; j < sch->ncols; j++) {
        cols[j] = c->cols[j] ? c->cols[j] : x.nullcols[sch->cols[j].type];
      }
      b.nrows = c->nrows;
      b.cap = c->nrows;
      rc = tw_run_scan_batch(&x, ss->scan, &b);
    }
    if (rc == TW_EXEC_DONE) {
      rc = 0;
      break;
    }
  }
  if (rc == 0) {
    rc = tw_run_end(&x);
  }
  tw_run_close(&x);
  return tw_query_status(rc, diag);
}
