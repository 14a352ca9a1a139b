/*
 * exec/op_union.c - union (kind=outer/inner, withsource=).
 *
 * Each leg's columns are mapped by name (and type) onto the union's bound
 * schema; a column a leg lacks is null ("" for strings). Rows stream
 * through in arrival order: legs are not buffered, so memory stays flat.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exec/exec.h"

typedef struct union_st {
  int32_t **map;        /* map[leg][out col] = leg col or -1 */
  tw_value *legname;    /* withsource value per leg */
  int32_t srccol;       /* withsource column or -1 */
  uint32_t nlegs;
} union_st;

static int union_open(tw_exec *x, tw_op *op) {
  (void)x;
  (void)op;
  return 0;
}

static int union_consume(tw_exec *x, tw_op *op, uint32_t port,
                         const tw_xbatch *b) {
  union_st *st = op->st;
  uint32_t n = op->schema->ncols;
  tw_value **cols = tw_arena_alloc(b->arena, (n ? n : 1) * sizeof *cols);
  if (!cols) {
    return TRAWL_ERR_NOMEM;
  }
  const int32_t *map = st->map[port];
  for (uint32_t c = 0; c < n; c++) {
    if (map[c] >= 0) {
      cols[c] = b->cols[map[c]];
      continue;
    }
    tw_value *col = tw_arena_alloc(b->arena, (size_t)b->nrows * sizeof *col);
    if (!col) {
      return TRAWL_ERR_NOMEM;
    }
    tw_value v = (int32_t)c == st->srccol ? st->legname[port]
                                           : tw_null(op->schema->cols[c].type);
    for (uint32_t r = 0; r < b->nrows; r++) {
      col[r] = v;
    }
    cols[c] = col;
  }
  tw_xbatch out = {b->nrows, n, cols, b->arena};
  return tw_op_emit(x, op, &out);
}

static int union_finish(tw_exec *x, tw_op *op) {
  return tw_op_emit_finish(x, op);
}

static void union_close(tw_op *op) {
  (void)op;
}

static const tw_op_vt union_vt = {"union", union_open, union_consume,
                                  union_finish, union_close, NULL};

static const char *leg_name(tw_plan *p, tw_ast *leg, uint32_t i) {
  if (leg->kind == AST_TABLE_REF || leg->kind == AST_NAME) {
    return leg->name ? leg->name : "";
  }
  if (leg->kind == AST_PIPE && leg->nkids > 1) {
    tw_ast *last = leg->kids[leg->nkids - 1];
    if (last->kind == AST_AS && last->name) {
      return last->name;
    }
  }
  char buf[32];
  snprintf(buf, sizeof buf, "union_arg%u", i);
  return tw_arena_strndup(p->arena, buf, strlen(buf));
}

tw_op *tw_op_union(tw_plan *p, tw_ast *node, tw_op **legs, uint32_t n) {
  tw_op *op = tw_op_new(p, OP_UNION, &union_vt, node, node->schema, legs, n);
  union_st *st = op ? tw_arena_zalloc(p->arena, sizeof *st) : NULL;
  if (!st) {
    return NULL;
  }
  const tw_schema *out = node->schema;
  st->nlegs = n;
  st->srccol = -1;
  st->map = tw_arena_alloc(p->arena, n * sizeof *st->map);
  st->legname = tw_arena_alloc(p->arena, n * sizeof *st->legname);
  if (!st->map || !st->legname) {
    return NULL;
  }
  if (node->name && out->ncols && strcmp(out->cols[0].name, node->name) == 0) {
    st->srccol = 0;
  }
  /* Leg AST nodes, to name them for withsource. */
  for (uint32_t l = 0; l < n; l++) {
    tw_ast *legnode = node->kind == AST_UNION
                          ? (l == 0 ? NULL : node->kids[l - 1])
                          : node->kids[l];
    const char *nm = legnode ? leg_name(p, legnode, l) : "";
    if (!legnode && legs[0]->node) {
      tw_ast *src = legs[0]->node;
      nm = src->kind == AST_AS && src->name ? src->name : "union_arg0";
    }
    st->legname[l] = tw_str(nm ? nm : "", nm ? strlen(nm) : 0);
    const tw_schema *ls = legs[l]->schema;
    int32_t *map = tw_arena_alloc(p->arena, (out->ncols + 1) * sizeof *map);
    if (!map) {
      return NULL;
    }
    for (uint32_t c = 0; c < out->ncols; c++) {
      map[c] = -1;
      if ((int32_t)c == st->srccol) {
        continue;
      }
      const tw_column *oc = &out->cols[c];
      for (uint32_t k = 0; k < ls->ncols; k++) {
        if (strcmp(ls->cols[k].name, oc->name) == 0 &&
            ls->cols[k].type == oc->type) {
          map[c] = (int32_t)k;
          break;
        }
      }
      if (map[c] < 0) {
        /* Type-split names: x_long for a leg's x of type long. */
        for (uint32_t k = 0; k < ls->ncols; k++) {
          const char *nm2 = ls->cols[k].name;
          size_t ln = strlen(nm2);
          const char *tn = trawl_type_name(ls->cols[k].type);
          if (ls->cols[k].type == oc->type && strncmp(oc->name, nm2, ln) == 0 &&
              oc->name[ln] == '_' && strncmp(oc->name + ln + 1, tn,
                                             strlen(tn)) == 0) {
            map[c] = (int32_t)k;
            break;
          }
        }
      }
    }
    st->map[l] = map;
  }
  op->st = st;
  return op;
}
