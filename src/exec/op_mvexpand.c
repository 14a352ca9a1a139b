/*
 * exec/op_mvexpand.c - mv-expand (kql-semantics 3.10).
 *
 * Each element of an array (or each member of a bag: {"k":v} with
 * kind=bag, ["k",v] with kind=array) becomes its own row; other columns
 * are copied. Several items expand in lockstep, shorter lists padded with
 * null; an empty array contributes no element, null counts as one; a row
 * whose items are all empty disappears. `to typeof(T)` converts elements
 * (non-conforming ones become null), `with_itemindex` appends the 0-based
 * index, `limit N` caps the rows made from one input row.
 */
#include <stdlib.h>
#include <string.h>

#include "base/limits.h"
#include "exec/exec.h"
#include "functions/convert.h"
#include "functions/signatures.h"

typedef struct mv_item {
  tw_ast *expr;
  int32_t slot;        /* output column */
  tw_type to;          /* TW_T_DYNAMIC unless `to typeof(T)` */
} mv_item;

typedef struct mv_st {
  mv_item *items;
  uint32_t nitems;
  bool bag_as_array;   /* kind=array */
  int32_t index_slot;  /* with_itemindex column or -1 */
  tw_ast *limit;       /* or NULL */
} mv_st;

typedef struct mv_rs {
  int64_t limit;       /* -1 = none */
} mv_rs;

static int mv_open(tw_exec *x, tw_op *op) {
  mv_st *st = op->st;
  mv_rs *rs = calloc(1, sizeof *rs);
  if (!rs) {
    return TRAWL_ERR_NOMEM;
  }
  op->rs = rs;
  rs->limit = -1;
  if (st->limit) {
    tw_arena a;
    tw_arena_init(&a, 0);
    tw_value v;
    int rc = tw_eval_const(x, st->limit, &a, &v);
    tw_arena_free(&a);
    if (rc) {
      return rc;
    }
    if (!v.null) {
      rs->limit = v.type == TW_T_REAL ? (int64_t)v.u.r : v.u.i;
      if (rs->limit < 0) {
        rs->limit = 0;
      }
    }
  }
  return 0;
}

/* Number of elements a value expands to. */
static uint32_t count_of(const tw_value *v) {
  if (v->type != TW_T_DYNAMIC || v->null || !v->u.d ||
      v->u.d->kind == TRAWL_DYN_NULL) {
    return 1;
  }
  if (v->u.d->kind == TRAWL_DYN_ARRAY || v->u.d->kind == TRAWL_DYN_OBJECT) {
    return v->u.d->n;
  }
  return 1;
}

/* Element k of v (k < count_of(v)) as an output value of type `to`. */
static int element(tw_arena *a, const tw_value *v, uint32_t k,
                   bool bag_as_array, tw_type to, tw_value *out) {
  tw_value e;
  if (v->type != TW_T_DYNAMIC) {
    e = *v;
  } else if (v->null || !v->u.d || v->u.d->kind == TRAWL_DYN_NULL) {
    e = tw_null(TW_T_DYNAMIC);
  } else if (v->u.d->kind == TRAWL_DYN_ARRAY) {
    e = tw_dynamic(&v->u.d->u.items[k]);
  } else if (v->u.d->kind == TRAWL_DYN_OBJECT) {
    tw_dyn *pair = tw_arena_alloc(a, 3 * sizeof *pair);
    if (!pair) {
      return TRAWL_ERR_NOMEM;
    }
    pair[1] = v->u.d->u.items[2 * k];
    pair[2] = v->u.d->u.items[2 * k + 1];
    pair[0].kind = bag_as_array ? TRAWL_DYN_ARRAY : TRAWL_DYN_OBJECT;
    pair[0].n = bag_as_array ? 2 : 1;
    pair[0].u.items = &pair[1];
    e = tw_dynamic(&pair[0]);
  } else {
    e = *v;
  }
  if (to == TW_T_DYNAMIC || to == TW_T_UNKNOWN) {
    *out = e;
    return 0;
  }
  tw_value s = e.type == TW_T_DYNAMIC ? tw_dyn_to_value(e.null ? NULL : e.u.d)
                                      : e;
  if (s.type == TW_T_DYNAMIC && to != TW_T_STRING) {
    *out = tw_null(to); /* arrays and bags do not convert */
    return 0;
  }
  if (s.type == TW_T_STRING && to != TW_T_STRING && to != TW_T_DATETIME &&
      to != TW_T_TIMESPAN && to != TW_T_GUID) {
    *out = tw_null(to); /* JSON string '2' is not a long */
    return 0;
  }
  if (tw_conv_to_type(a, &s, to, out) != 0) {
    return TRAWL_ERR_NOMEM;
  }
  return 0;
}

static int mv_consume(tw_exec *x, tw_op *op, uint32_t port,
                      const tw_xbatch *b) {
  (void)port;
  mv_st *st = op->st;
  mv_rs *rs = op->rs;
  uint32_t nc = op->schema->ncols, nin = b->ncols;
  tw_vec *iv = tw_arena_alloc(b->arena, (st->nitems + 1) * sizeof *iv);
  tw_value **cols = NULL;
  if (!iv) {
    return TRAWL_ERR_NOMEM;
  }
  for (uint32_t i = 0; i < st->nitems; i++) {
    int rc = tw_eval(x, st->items[i].expr, b, &iv[i]);
    if (rc) {
      return rc;
    }
  }
  uint32_t m = 0;
  for (uint32_t r = 0; r < b->nrows; r++) {
    uint32_t n = 0;
    for (uint32_t i = 0; i < st->nitems; i++) {
      uint32_t k = count_of(tw_vec_at(&iv[i], r));
      n = k > n ? k : n;
    }
    if (rs->limit >= 0 && (int64_t)n > rs->limit) {
      n = (uint32_t)rs->limit;
    }
    for (uint32_t k = 0; k < n; k++) {
      if (!cols) {
        cols = tw_arena_alloc(b->arena, (nc + 1) * sizeof *cols);
        if (!cols) {
          return TRAWL_ERR_NOMEM;
        }
        for (uint32_t c = 0; c < nc; c++) {
          cols[c] = tw_arena_alloc(b->arena, TW_BATCH_ROWS * sizeof **cols);
          if (!cols[c]) {
            return TRAWL_ERR_NOMEM;
          }
        }
      }
      for (uint32_t c = 0; c < nc; c++) {
        cols[c][m] = c < nin ? b->cols[c][r] : tw_null(op->schema->cols[c].type);
      }
      for (uint32_t i = 0; i < st->nitems; i++) {
        const mv_item *it = &st->items[i];
        const tw_value *v = tw_vec_at(&iv[i], r);
        if (k < count_of(v)) {
          int rc = element(b->arena, v, k, st->bag_as_array, it->to,
                           &cols[it->slot][m]);
          if (rc) {
            return rc;
          }
        } else {
          cols[it->slot][m] = tw_null(it->to);
        }
      }
      if (st->index_slot >= 0) {
        cols[st->index_slot][m] = tw_long(k);
      }
      if (++m == TW_BATCH_ROWS) {
        tw_xbatch out = {m, nc, cols, b->arena};
        int rc = tw_op_emit(x, op, &out);
        if (rc) {
          return rc;
        }
        cols = NULL;
        m = 0;
      }
    }
  }
  if (m) {
    tw_xbatch out = {m, nc, cols, b->arena};
    return tw_op_emit(x, op, &out);
  }
  return 0;
}

static int mv_finish(tw_exec *x, tw_op *op) {
  return tw_op_emit_finish(x, op);
}

static void mv_close(tw_op *op) {
  free(op->rs);
  op->rs = NULL;
}

static const tw_op_vt mv_vt = {"mv-expand", mv_open, mv_consume, mv_finish,
                               mv_close, NULL};

static int find_col(const tw_schema *s, const char *name) {
  for (uint32_t i = 0; name && i < s->ncols; i++) {
    if (strcmp(s->cols[i].name, name) == 0) {
      return (int)i;
    }
  }
  return -1;
}

/* Name an unnamed item's column gets (as the binder names it): a column
 * reference's name, a member's name, or for a call that names its result
 * after its first argument (todynamic(x), tostring(x)) that argument's. */
static const char *item_name(const tw_ast *e, int depth) {
  if (depth > 64) {
    return NULL;
  }
  if (e->kind == AST_NAME || e->kind == AST_MEMBER) {
    return e->name;
  }
  if (e->kind == AST_CALL && e->bind == TW_BIND_FUNCTION && e->nkids) {
    const tw_fn_sig *sig = tw_fn_sig_get(e->slot);
    if (sig && (sig->name_kind == TW_NAME_FIRST_ARG ||
                (sig->name_kind == TW_NAME_ONLY_ARG && e->nkids == 1))) {
      return item_name(e->kids[0], depth + 1);
    }
  }
  return NULL;
}

tw_op *tw_op_mvexpand(tw_plan *p, tw_ast *node, tw_op *in) {
  tw_op *op = tw_op_new(p, OP_MVEXPAND, &mv_vt, node, node->schema, &in, 1);
  mv_st *st = op ? tw_arena_zalloc(p->arena, sizeof *st) : NULL;
  if (!st) {
    return NULL;
  }
  op->st = st;
  st->index_slot = -1;
  st->items = tw_arena_zalloc(p->arena, (node->nkids + 1) * sizeof *st->items);
  if (!st->items) {
    return NULL;
  }
  const tw_schema *out = node->schema;
  uint32_t appended = in->schema->ncols;
  bool bad = false;
  for (uint32_t i = 0; i < node->nkids; i++) {
    tw_ast *k = node->kids[i];
    if (k->kind == AST_NAMED_ARG) {
      const char *v = k->nkids && k->kids[0]->name ? k->kids[0]->name : "";
      if (k->name && strcmp(k->name, "with_itemindex") == 0) {
        st->index_slot = find_col(out, v);
        bad = bad || st->index_slot < 0;
      } else if (k->name && (strcmp(k->name, "kind") == 0 ||
                             strcmp(k->name, "bagexpansion") == 0)) {
        st->bag_as_array = strcmp(v, "array") == 0;
      }
      continue;
    }
    if (k->kind == AST_LIST) {
      st->limit = k->nkids ? k->kids[0] : NULL;
      continue;
    }
    tw_ast *e = k->kind == AST_MV_ITEM && k->nkids ? k->kids[0] : k;
    mv_item *it = &st->items[st->nitems++];
    const char *name;
    if (e->kind == AST_ASSIGN) {
      name = e->name;
      it->expr = e->kids[0];
    } else {
      name = item_name(e, 0);
      it->expr = e;
    }
    int s = find_col(out, name);
    if (s < 0 || (uint32_t)s >= out->ncols) {
      /* an auto-named column: the next appended one */
      s = (int)appended;
    }
    if ((uint32_t)s >= in->schema->ncols) {
      appended = (uint32_t)s + 1;
    }
    it->slot = s;
    it->to = k->kind == AST_MV_ITEM && k->decl_type != TW_T_UNKNOWN
                 ? (tw_type)k->decl_type
                 : TW_T_DYNAMIC;
    bad = bad || (uint32_t)s >= out->ncols;
  }
  if (bad && !p->unsupported) {
    p->unsupported = "mv-expand (unexpected schema)";
    p->unsup_off = node->off;
    p->unsup_len = node->len;
    for (uint32_t i = 0; i < st->nitems; i++) {
      st->items[i].slot = 0;
    }
    st->index_slot = -1;
  }
  return op;
}
