/*
 * exec/op_basic.c - streaming operators and shared operator plumbing:
 * emit helpers, the row store breakers copy into, scan, where, project,
 * project-away/keep/rename/reorder (remap), extend, take, count, the
 * pass-through operators (as, serialize) and the result sink.
 */
#include <stdlib.h>
#include <string.h>

#include "base/limits.h"
#include "exec/exec.h"

/* ------------------------------------------------------------ plumbing */

int tw_op_emit(tw_exec *x, tw_op *op, const tw_xbatch *b) {
  if (b->nrows == 0) {
    return 0;
  }
  for (uint32_t i = 0; i < op->nouts; i++) {
    tw_op *c = op->outs[i].op;
    if (c->done) {
      continue;
    }
    int rc = c->vt->consume(x, c, op->outs[i].port, b);
    if (rc) {
      return rc;
    }
  }
  return 0;
}

void tw_op_mark_done(tw_op *op) {
  if (op->done) {
    return;
  }
  op->done = true;
  for (uint32_t i = 0; i < op->nin; i++) {
    tw_op *in = op->ins[i];
    bool all = true;
    for (uint32_t k = 0; k < in->nouts && all; k++) {
      all = in->outs[k].op->done;
    }
    if (all) {
      tw_op_mark_done(in);
    }
  }
}

int tw_op_emit_finish(tw_exec *x, tw_op *op) {
  for (uint32_t i = 0; i < op->nouts; i++) {
    tw_op *c = op->outs[i].op;
    if (++c->ndone == c->nin) {
      int rc = c->vt->finish(x, c);
      if (rc) {
        return rc;
      }
    }
  }
  return 0;
}

tw_op *tw_op_new(tw_plan *p, int kind, const tw_op_vt *vt, tw_ast *node,
                 const tw_schema *schema, tw_op **ins, uint32_t nin) {
  tw_op *op = tw_arena_zalloc(p->arena, sizeof *op);
  if (!op) {
    return NULL;
  }
  op->kind = kind;
  op->vt = vt;
  op->node = node;
  op->schema = schema;
  op->nin = nin;
  if (nin) {
    op->ins = tw_arena_alloc(p->arena, nin * sizeof *op->ins);
    if (!op->ins) {
      return NULL;
    }
    memcpy(op->ins, ins, nin * sizeof *op->ins);
  }
  uint32_t nc = schema ? schema->ncols : 0;
  op->need = tw_arena_zalloc(p->arena, nc ? nc : 1);
  if (!op->need) {
    return NULL;
  }
  for (uint32_t i = 0; i < nin; i++) {
    tw_op *in = ins[i];
    if (in->nouts == in->outcap) {
      uint32_t cap = in->outcap ? in->outcap * 2 : 2;
      tw_op_out *o = tw_arena_alloc(p->arena, cap * sizeof *o);
      if (!o) {
        return NULL;
      }
      if (in->nouts) {
        memcpy(o, in->outs, in->nouts * sizeof *o);
      }
      in->outs = o;
      in->outcap = cap;
    }
    in->outs[in->nouts].op = op;
    in->outs[in->nouts].port = i;
    in->nouts++;
  }
  if (p->nops == p->opcap) {
    uint32_t cap = p->opcap ? p->opcap * 2 : 16;
    tw_op **v = tw_arena_alloc(p->arena, cap * sizeof *v);
    if (!v) {
      return NULL;
    }
    if (p->nops) {
      memcpy(v, p->ops, p->nops * sizeof *v);
    }
    p->ops = v;
    p->opcap = cap;
  }
  op->id = p->nops;
  p->ops[p->nops++] = op;
  return op;
}

void tw_rows_init(tw_rows *r, uint32_t ncols) {
  memset(r, 0, sizeof *r);
  tw_arena_init(&r->arena, 0);
  r->ncols = ncols;
}

void tw_rows_free(tw_rows *r) {
  tw_arena_free(&r->arena);
  free(r->rows);
  memset(r, 0, sizeof *r);
}

tw_value *tw_rows_add(tw_rows *rs, const tw_xbatch *b, uint32_t r,
                      const int32_t *src) {
  if (rs->n == rs->cap) {
    size_t cap = rs->cap ? rs->cap * 2 : 256;
    tw_value **v = realloc(rs->rows, cap * sizeof *v);
    if (!v) {
      return NULL;
    }
    rs->rows = v;
    rs->cap = cap;
  }
  tw_value *row = tw_arena_alloc(&rs->arena,
                                 (size_t)(rs->ncols ? rs->ncols : 1) *
                                     sizeof *row);
  if (!row) {
    return NULL;
  }
  for (uint32_t c = 0; c < rs->ncols; c++) {
    int32_t s = src ? src[c] : (int32_t)c;
    if (s < 0 || !b) {
      row[c] = tw_null(TW_T_UNKNOWN);
      continue;
    }
    if (tw_value_copy(&rs->arena, &b->cols[s][r], &row[c]) != 0) {
      return NULL;
    }
  }
  rs->rows[rs->n++] = row;
  return row;
}

int tw_rows_emit(tw_exec *x, tw_op *op, tw_value *const *rows, size_t n,
                 uint32_t ncols) {
  tw_arena scratch;
  tw_arena_init(&scratch, 0);
  int rc = 0;
  for (size_t at = 0; at < n && rc == 0; at += TW_BATCH_ROWS) {
    uint32_t m = (uint32_t)(n - at < TW_BATCH_ROWS ? n - at : TW_BATCH_ROWS);
    tw_value **cols = tw_arena_alloc(&scratch,
                                     (size_t)(ncols ? ncols : 1) *
                                         sizeof *cols);
    if (!cols) {
      rc = TRAWL_ERR_NOMEM;
      break;
    }
    for (uint32_t c = 0; c < ncols && rc == 0; c++) {
      cols[c] = tw_arena_alloc(&scratch, (size_t)m * sizeof **cols);
      if (!cols[c]) {
        rc = TRAWL_ERR_NOMEM;
        break;
      }
      for (uint32_t r = 0; r < m; r++) {
        cols[c][r] = rows[at + r][c];
      }
    }
    if (rc) {
      break;
    }
    tw_xbatch b = {m, ncols, cols, &scratch};
    rc = tw_op_emit(x, op, &b);
    tw_arena_reset(&scratch);
  }
  tw_arena_free(&scratch);
  if (rc == TRAWL_ERR_NOMEM) {
    tw_exec_errorf(x, rc, NULL, "out of memory");
  }
  return rc;
}

static int pass_consume(tw_exec *x, tw_op *op, uint32_t port,
                        const tw_xbatch *b) {
  (void)port;
  return tw_op_emit(x, op, b);
}

static int pass_finish(tw_exec *x, tw_op *op) {
  return tw_op_emit_finish(x, op);
}

static int noop_open(tw_exec *x, tw_op *op) {
  (void)x;
  (void)op;
  return 0;
}

static void noop_close(tw_op *op) {
  (void)op;
}

/* ------------------------------------------------------------ scan */

static const tw_op_vt scan_vt = {"scan", noop_open, pass_consume,
                                 pass_finish, noop_close, NULL};

tw_op *tw_op_scan(tw_plan *p, tw_ast *node, trawl_table t) {
  tw_op *op = tw_op_new(p, OP_SCAN, &scan_vt, node, tw_table_schema(t),
                        NULL, 0);
  if (!op) {
    return NULL;
  }
  tw_scan_info *si = tw_arena_zalloc(p->arena, sizeof *si);
  if (!si) {
    return NULL;
  }
  si->table = t;
  op->st = si;
  return op;
}

static const tw_op_vt pass_vt = {"pass", noop_open, pass_consume,
                                 pass_finish, noop_close, NULL};

tw_op *tw_op_pass(tw_plan *p, tw_ast *node, tw_op *in) {
  return tw_op_new(p, OP_PASS, &pass_vt, node, node->schema, &in, 1);
}

/* ------------------------------------------------------------ where */

static void split_and(tw_ast *e, tw_ast **out, uint32_t *n, uint32_t cap) {
  if (e->kind == AST_BINARY && e->op == BIN_AND && *n + 1 < cap) {
    split_and(e->kids[0], out, n, cap);
    split_and(e->kids[1], out, n, cap);
    return;
  }
  out[(*n)++] = e;
}

static uint32_t count_and(const tw_ast *e, int depth) {
  if (e->kind == AST_BINARY && e->op == BIN_AND && depth < 64) {
    return count_and(e->kids[0], depth + 1) + count_and(e->kids[1], depth + 1);
  }
  return 1;
}

static int where_consume(tw_exec *x, tw_op *op, uint32_t port,
                         const tw_xbatch *b) {
  (void)port;
  tw_where_info *wi = op->st;
  tw_xbatch cur = *b;
  const uint8_t *keep = op->ins[0]->need;
  uint32_t *sel = NULL;
  for (uint32_t k = 0; k < wi->nconj && cur.nrows; k++) {
    tw_vec v;
    int rc = tw_eval(x, wi->conj[k], &cur, &v);
    if (rc) {
      return rc;
    }
    if (v.isconst) {
      if (v.v[0].null || !v.v[0].u.i) {
        return 0;
      }
      continue;
    }
    if (!sel) {
      sel = tw_arena_alloc(b->arena, (size_t)b->nrows * sizeof *sel);
      if (!sel) {
        return TRAWL_ERR_NOMEM;
      }
    }
    uint32_t m = 0;
    for (uint32_t r = 0; r < cur.nrows; r++) {
      if (!v.v[r].null && v.v[r].u.i) {
        sel[m++] = r;
      }
    }
    if (m == cur.nrows) {
      continue;
    }
    if (m == 0) {
      return 0;
    }
    tw_value **cols = tw_arena_alloc(b->arena,
                                     (size_t)(cur.ncols ? cur.ncols : 1) *
                                         sizeof *cols);
    if (!cols) {
      return TRAWL_ERR_NOMEM;
    }
    for (uint32_t c = 0; c < cur.ncols; c++) {
      if (!keep[c] && op->schema->cols[c].type < TW_T_COUNT &&
          x->nullcols[op->schema->cols[c].type]) {
        cols[c] = x->nullcols[op->schema->cols[c].type];
        continue;
      }
      tw_value *dst = tw_arena_alloc(b->arena, (size_t)m * sizeof *dst);
      if (!dst) {
        return TRAWL_ERR_NOMEM;
      }
      const tw_value *src = cur.cols[c];
      for (uint32_t i = 0; i < m; i++) {
        dst[i] = src[sel[i]];
      }
      cols[c] = dst;
    }
    cur.cols = cols;
    cur.nrows = m;
  }
  return tw_op_emit(x, op, &cur);
}

static const tw_op_vt where_vt = {"where", noop_open, where_consume,
                                  pass_finish, noop_close, NULL};

tw_op *tw_op_where(tw_plan *p, tw_ast *node, tw_op *in) {
  tw_op *op = tw_op_new(p, OP_WHERE, &where_vt, node, in->schema, &in, 1);
  tw_where_info *wi = op ? tw_arena_zalloc(p->arena, sizeof *wi) : NULL;
  if (!wi) {
    return NULL;
  }
  uint32_t cap = count_and(node->kids[0], 0) + 1;
  wi->conj = tw_arena_alloc(p->arena, cap * sizeof *wi->conj);
  if (!wi->conj) {
    return NULL;
  }
  split_and(node->kids[0], wi->conj, &wi->nconj, cap);
  op->st = wi;
  return op;
}

/* ------------------------------------------------------------ project */

typedef struct items_info {
  tw_ast **expr;    /* per item */
  int32_t *slot;    /* extend: target column (existing or appended) */
  uint32_t n;
} items_info;

static int project_consume(tw_exec *x, tw_op *op, uint32_t port,
                           const tw_xbatch *b) {
  (void)port;
  items_info *ii = op->st;
  tw_value **cols = tw_arena_alloc(b->arena,
                                   (size_t)(ii->n ? ii->n : 1) * sizeof *cols);
  if (!cols) {
    return TRAWL_ERR_NOMEM;
  }
  for (uint32_t i = 0; i < ii->n; i++) {
    if (!op->need[i]) {
      tw_type t = op->schema->cols[i].type;
      if (t < TW_T_COUNT && x->nullcols[t]) {
        cols[i] = x->nullcols[t];
        continue;
      }
    }
    int rc = tw_eval_col(x, ii->expr[i], b, &cols[i]);
    if (rc) {
      return rc;
    }
  }
  tw_xbatch out = {b->nrows, ii->n, cols, b->arena};
  return tw_op_emit(x, op, &out);
}

static const tw_op_vt project_vt = {"project", noop_open, project_consume,
                                    pass_finish, noop_close, NULL};

tw_op *tw_op_project(tw_plan *p, tw_ast *node, tw_op *in) {
  if (node->schema->ncols != node->nkids) {
    if (!p->unsupported) {
      p->unsupported = "project with tuple assignment";
      p->unsup_off = node->off;
      p->unsup_len = node->len;
    }
  }
  tw_op *op = tw_op_new(p, OP_PROJECT, &project_vt, node, node->schema,
                        &in, 1);
  items_info *ii = op ? tw_arena_zalloc(p->arena, sizeof *ii) : NULL;
  if (!ii) {
    return NULL;
  }
  ii->n = node->schema->ncols < node->nkids ? node->schema->ncols
                                            : node->nkids;
  ii->expr = tw_arena_alloc(p->arena, (ii->n + 1) * sizeof *ii->expr);
  if (!ii->expr) {
    return NULL;
  }
  for (uint32_t i = 0; i < ii->n; i++) {
    tw_ast *k = node->kids[i];
    ii->expr[i] = k->kind == AST_ASSIGN ? k->kids[0] : k;
  }
  op->st = ii;
  return op;
}

/* ------------------------------------------------------------ remap */

static int remap_consume(tw_exec *x, tw_op *op, uint32_t port,
                         const tw_xbatch *b) {
  (void)port;
  const int32_t *map = op->st;
  uint32_t n = op->schema->ncols;
  tw_value **cols = tw_arena_alloc(b->arena, (size_t)(n ? n : 1) *
                                                 sizeof *cols);
  if (!cols) {
    return TRAWL_ERR_NOMEM;
  }
  for (uint32_t c = 0; c < n; c++) {
    cols[c] = b->cols[map[c]];
  }
  tw_xbatch out = {b->nrows, n, cols, b->arena};
  return tw_op_emit(x, op, &out);
}

static const tw_op_vt remap_vt = {"project-away", noop_open, remap_consume,
                                  pass_finish, noop_close, NULL};

static int schema_find(const tw_schema *s, const char *name) {
  for (uint32_t i = 0; i < s->ncols; i++) {
    if (strcmp(s->cols[i].name, name) == 0) {
      return (int)i;
    }
  }
  return -1;
}

tw_op *tw_op_remap(tw_plan *p, tw_ast *node, tw_op *in) {
  tw_op *op = tw_op_new(p, OP_REMAP, &remap_vt, node, node->schema, &in, 1);
  if (!op) {
    return NULL;
  }
  uint32_t n = node->schema->ncols;
  int32_t *map = tw_arena_alloc(p->arena, (n + 1) * sizeof *map);
  if (!map) {
    return NULL;
  }
  for (uint32_t c = 0; c < n; c++) {
    int s;
    if (node->kind == AST_PROJECT_RENAME) {
      s = (int)c; /* renames keep positions */
    } else {
      s = schema_find(in->schema, node->schema->cols[c].name);
    }
    if (s < 0 || (uint32_t)s >= in->schema->ncols) {
      if (!p->unsupported) {
        p->unsupported = "column mapping";
        p->unsup_off = node->off;
        p->unsup_len = node->len;
      }
      s = 0;
    }
    map[c] = s;
  }
  op->st = map;
  return op;
}

/* ------------------------------------------------------------ extend */

static int extend_consume(tw_exec *x, tw_op *op, uint32_t port,
                          const tw_xbatch *b) {
  (void)port;
  items_info *ii = op->st;
  uint32_t n = op->schema->ncols;
  tw_value **cols = tw_arena_alloc(b->arena, (size_t)(n ? n : 1) *
                                                 sizeof *cols);
  if (!cols) {
    return TRAWL_ERR_NOMEM;
  }
  memcpy(cols, b->cols, (size_t)b->ncols * sizeof *cols);
  /* Every item reads the input row (as the binder binds them: Kusto does
   * not let a later item see an earlier one, even one that replaces a
   * column); the results are placed after all are computed. */
  for (uint32_t i = 0; i < ii->n; i++) {
    tw_value *col;
    int rc = tw_eval_col(x, ii->expr[i], b, &col);
    if (rc) {
      return rc;
    }
    cols[(uint32_t)ii->slot[i]] = col;
  }
  tw_xbatch out = {b->nrows, n, cols, b->arena};
  return tw_op_emit(x, op, &out);
}

static const tw_op_vt extend_vt = {"extend", noop_open, extend_consume,
                                   pass_finish, noop_close, NULL};

/* Extend-like items (extend, serialize with items). */
tw_op *tw_op_extend(tw_plan *p, tw_ast *node, tw_op *in) {
  tw_op *op = tw_op_new(p, OP_EXTEND, &extend_vt, node, node->schema, &in, 1);
  items_info *ii = op ? tw_arena_zalloc(p->arena, sizeof *ii) : NULL;
  if (!ii) {
    return NULL;
  }
  ii->n = node->nkids;
  ii->expr = tw_arena_alloc(p->arena, (ii->n + 1) * sizeof *ii->expr);
  ii->slot = tw_arena_alloc(p->arena, (ii->n + 1) * sizeof *ii->slot);
  if (!ii->expr || !ii->slot) {
    return NULL;
  }
  const tw_schema *out = node->schema;
  uint32_t width = in->schema->ncols;
  for (uint32_t i = 0; i < ii->n; i++) {
    tw_ast *k = node->kids[i];
    ii->expr[i] = k->kind == AST_ASSIGN ? k->kids[0] : k;
    int s = -1;
    if (k->kind == AST_ASSIGN && k->name) {
      for (uint32_t c = 0; c < width && c < out->ncols; c++) {
        if (strcmp(out->cols[c].name, k->name) == 0) {
          s = (int)c;
          break;
        }
      }
    }
    if (s < 0) {
      s = (int)width++;
    }
    ii->slot[i] = s;
    if (k->kind == AST_ASSIGN && !k->name) {
      if (!p->unsupported) {
        p->unsupported = "extend with tuple assignment";
        p->unsup_off = k->off;
        p->unsup_len = k->len;
      }
    }
  }
  if (width != out->ncols) {
    if (!p->unsupported) {
      p->unsupported = "extend (unexpected schema)";
      p->unsup_off = node->off;
      p->unsup_len = node->len;
    }
    for (uint32_t i = 0; i < ii->n; i++) {
      if ((uint32_t)ii->slot[i] >= out->ncols) {
        ii->slot[i] = 0;
      }
    }
  }
  op->st = ii;
  return op;
}

/* ------------------------------------------------------------ take */

typedef struct take_rs {
  int64_t left;
} take_rs;

static int take_open(tw_exec *x, tw_op *op) {
  take_rs *rs = calloc(1, sizeof *rs);
  if (!rs) {
    return TRAWL_ERR_NOMEM;
  }
  op->rs = rs;
  tw_arena a;
  tw_arena_init(&a, 0);
  tw_value v;
  int rc = tw_eval_const(x, op->node->kids[0], &a, &v);
  tw_arena_free(&a);
  if (rc) {
    return rc;
  }
  if (v.null) {
    rs->left = 0;
  } else if (v.type == TW_T_REAL || v.type == TW_T_DECIMAL) {
    rs->left = (int64_t)v.u.r;
  } else {
    rs->left = v.u.i;
  }
  if (rs->left < 0) {
    rs->left = 0;
  }
  return 0;
}

static int take_consume(tw_exec *x, tw_op *op, uint32_t port,
                        const tw_xbatch *b) {
  (void)port;
  take_rs *rs = op->rs;
  if (rs->left <= 0) {
    return 0;
  }
  tw_xbatch out = *b;
  if ((int64_t)out.nrows > rs->left) {
    out.nrows = (uint32_t)rs->left;
  }
  rs->left -= out.nrows;
  if (rs->left == 0) {
    tw_op_mark_done(op);
  }
  return tw_op_emit(x, op, &out);
}

static void free_close(tw_op *op) {
  free(op->rs);
  op->rs = NULL;
}

static const tw_op_vt take_vt = {"take", take_open, take_consume,
                                 pass_finish, free_close, NULL};

tw_op *tw_op_take(tw_plan *p, tw_ast *node, tw_op *in) {
  return tw_op_new(p, OP_TAKE, &take_vt, node, node->schema, &in, 1);
}

/* ------------------------------------------------------------ count */

static int count_open(tw_exec *x, tw_op *op) {
  (void)x;
  op->rs = calloc(1, sizeof(int64_t));
  return op->rs ? 0 : TRAWL_ERR_NOMEM;
}

static int count_consume(tw_exec *x, tw_op *op, uint32_t port,
                         const tw_xbatch *b) {
  (void)x;
  (void)port;
  *(int64_t *)op->rs += b->nrows;
  return 0;
}

static int count_finish(tw_exec *x, tw_op *op) {
  tw_value v = tw_long(*(int64_t *)op->rs);
  tw_value *col = &v;
  tw_arena a;
  tw_arena_init(&a, 0);
  tw_xbatch b = {1, 1, &col, &a};
  int rc = tw_op_emit(x, op, &b);
  tw_arena_free(&a);
  return rc ? rc : tw_op_emit_finish(x, op);
}

static const tw_op_vt count_vt = {"count", count_open, count_consume,
                                  count_finish, free_close, NULL};

tw_op *tw_op_count(tw_plan *p, tw_ast *node, tw_op *in) {
  return tw_op_new(p, OP_COUNT, &count_vt, node, node->schema, &in, 1);
}

/* ------------------------------------------------------------ sink */

static int sink_consume(tw_exec *x, tw_op *op, uint32_t port,
                        const tw_xbatch *b) {
  (void)port;
  (void)op;
  if (!x->cb) {
    return 0;
  }
  tw_value row[256];
  tw_value *rowp = b->ncols <= 256 ? row : malloc(b->ncols * sizeof *rowp);
  if (!rowp) {
    return TRAWL_ERR_NOMEM;
  }
  int rc = 0;
  for (uint32_t r = 0; r < b->nrows && rc == 0; r++) {
    for (uint32_t c = 0; c < b->ncols; c++) {
      rowp[c] = b->cols[c][r];
    }
    if (x->cb(x->cbctx, rowp, b->ncols) != 0) {
      rc = TW_EXEC_STOP;
    }
  }
  if (rowp != row) {
    free(rowp);
  }
  return rc;
}

static int sink_finish(tw_exec *x, tw_op *op) {
  (void)x;
  (void)op;
  return 0;
}

static const tw_op_vt sink_vt = {"sink", noop_open, sink_consume,
                                 sink_finish, noop_close, NULL};

tw_op *tw_op_sink(tw_plan *p, tw_op *in) {
  tw_op *op = tw_op_new(p, OP_SINK, &sink_vt, NULL, in->schema, &in, 1);
  if (op) {
    memset(op->need, 1, in->schema->ncols ? in->schema->ncols : 1);
  }
  return op;
}
