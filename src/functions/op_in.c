/*
 * functions/op_in.c - the list operators in, !in, in~, !in~, has_any and
 * has_all (kql-semantics 4.3, 4.6). Dynamic-array items are flattened.
 * A list that is constant for the run is turned once into a hash set (or,
 * for has_any, a set of single-term needles plus a list of phrase needles)
 * cached on the node, so a 100,000-item list costs O(1) per row (O(terms
 * of the row) for has_any).
 */
#include <stdlib.h>
#include <string.h>

#include "functions/convert.h"
#include "functions/operators.h"
#include "functions/regex.h"
#include "functions/strmatch.h"
#include "functions/valset.h"
#include "value/json.h"

/* Below this many needles has_any tests each needle directly. */
#define HAS_ANY_TERM_SET_MIN 5
/* Deepest nesting of arrays flattened in a list. */
#define IN_MAX_FLATTEN_DEPTH 64

typedef int (*item_fn)(void *ud, const tw_value *v);

static int visit_dyn(const tw_dyn *d, int depth, item_fn f, void *ud) {
  if (d && d->kind == TRAWL_DYN_ARRAY) {
    if (depth > IN_MAX_FLATTEN_DEPTH) {
      return 0;
    }
    for (uint32_t i = 0; i < d->n; i++) {
      int rc = visit_dyn(&d->u.items[i], depth + 1, f, ud);
      if (rc) {
        return rc;
      }
    }
    return 0;
  }
  tw_value v = tw_dyn_to_value(d);
  return f(ud, &v);
}

/* Calls f on every flattened item; stops at the first nonzero return. */
static int visit_items(const tw_value *items, uint32_t n, item_fn f,
                       void *ud) {
  for (uint32_t i = 0; i < n; i++) {
    const tw_value *v = &items[i];
    int rc;
    if (v->type == TW_T_DYNAMIC && !v->null && v->u.d &&
        v->u.d->kind == TRAWL_DYN_ARRAY) {
      rc = visit_dyn(v->u.d, 0, f, ud);
    } else {
      rc = f(ud, v);
    }
    if (rc) {
      return rc;
    }
  }
  return 0;
}

/* ------------------------------------------------------------- cache */

typedef struct in_cache {
  tw_node_cache hdr;
  tw_arena arena;
  int64_t now;
  uint32_t nitems;
  int failed;             /* building ran out of memory */
  tw_valset set;          /* in: values; has_any: single-term needles */
  uint64_t len_mask;      /* has_any: bit min(len, 63) of each term needle */
  uint32_t first[8];      /* has_any: bitmap of their folded first bytes */
  const char **phr;       /* has_any: phrase needles; has_all: all */
  uint32_t *phrlen;
  uint32_t nphr, capphr;
} in_cache;

static void in_cache_destroy(tw_node_cache *c) {
  in_cache *ic = (in_cache *)c;
  tw_arena_free(&ic->arena);
  free(ic);
}

typedef struct build_ctx {
  in_cache *ic;
  int op;
  bool use_terms;
} build_ctx;

static int add_phrase(in_cache *ic, const char *s, size_t n) {
  if (ic->nphr == ic->capphr) {
    uint32_t nc = ic->capphr ? ic->capphr * 2 : 8;
    const char **np = tw_arena_alloc(&ic->arena, nc * sizeof *np);
    uint32_t *nl = tw_arena_alloc(&ic->arena, nc * sizeof *nl);
    if (!np || !nl) {
      return -1;
    }
    if (ic->nphr) {
      memcpy(np, ic->phr, ic->nphr * sizeof *np);
      memcpy(nl, ic->phrlen, ic->nphr * sizeof *nl);
    }
    ic->phr = np;
    ic->phrlen = nl;
    ic->capphr = nc;
  }
  char *c = tw_arena_strndup(&ic->arena, s, n);
  if (!c) {
    return -1;
  }
  ic->phr[ic->nphr] = c;
  ic->phrlen[ic->nphr] = (uint32_t)n;
  ic->nphr++;
  return 0;
}

static int build_item(void *ud, const tw_value *v) {
  build_ctx *bc = ud;
  in_cache *ic = bc->ic;
  if (bc->op == IN_HAS_ANY || bc->op == IN_HAS_ALL) {
    const char *s;
    size_t n;
    if (v->null && v->type != TW_T_STRING) {
      return 0;
    }
    if (tw_value_str(&ic->arena, v, &s, &n) < 0) {
      return -1;
    }
    if (bc->use_terms && tw_str_is_single_term(s, n)) {
      tw_value sv = tw_str(s, n);
      unsigned char f0 = tw_ascii_lower((unsigned char)s[0]);
      ic->len_mask |= (uint64_t)1 << (n < 63 ? n : 63);
      ic->first[f0 >> 5] |= 1u << (f0 & 31);
      return tw_valset_add(&ic->set, &sv) < 0 ? -1 : 0;
    }
    return add_phrase(ic, s, n);
  }
  if (v->type != TW_T_STRING &&
      (v->null || (v->type == TW_T_DYNAMIC && tw_dyn_is_null(v->u.d)))) {
    return 0; /* a null item never equals anything */
  }
  return tw_valset_add(&ic->set, v) < 0 ? -1 : 0;
}

static int count_item(void *ud, const tw_value *v) {
  (void)v;
  (*(uint64_t *)ud)++;
  return 0;
}

static in_cache *get_cache(tw_eval_ctx *ctx, tw_ast *node,
                           const tw_value *items, uint32_t nitems) {
  in_cache *ic = node->cache;
  if (ic && ic->hdr.destroy != in_cache_destroy) {
    return NULL;
  }
  if (ic && ic->now == ctx->now && ic->nitems == nitems) {
    return ic->failed ? NULL : ic;
  }
  for (uint32_t i = 1; i < node->nkids; i++) {
    if (!tw_ast_is_run_constant(node->kids[i])) {
      return NULL;
    }
  }
  if (!ic) {
    ic = calloc(1, sizeof *ic);
    if (!ic) {
      return NULL;
    }
    ic->hdr.destroy = in_cache_destroy;
    tw_arena_init(&ic->arena, 0);
    node->cache = ic;
  } else {
    tw_arena_reset(&ic->arena);
  }
  ic->now = ctx->now;
  ic->nitems = nitems;
  ic->failed = 0;
  ic->phr = NULL;
  ic->phrlen = NULL;
  ic->nphr = ic->capphr = 0;
  ic->len_mask = 0;
  memset(ic->first, 0, sizeof ic->first);
  int op = node->op;
  bool ci = op == IN_CI || op == IN_NOT_CI || op == IN_HAS_ANY ||
            op == IN_HAS_ALL;
  tw_valset_init(&ic->set, &ic->arena, ci);
  build_ctx bc = {ic, op, false};
  if (op == IN_HAS_ANY) {
    uint64_t total = 0;
    visit_items(items, nitems, count_item, &total);
    bc.use_terms = total >= HAS_ANY_TERM_SET_MIN;
  }
  if (visit_items(items, nitems, build_item, &bc) < 0) {
    ic->failed = 1;
    return NULL;
  }
  return ic;
}

/* ---------------------------------------------------------- per row */

typedef struct row_ctx {
  tw_eval_ctx *ctx;
  const tw_value *lhs;
  const char *h;
  size_t hn;
  int ci;
  int oom;
} row_ctx;

static int eq_item(void *ud, const tw_value *v) {
  row_ctx *rc = ud;
  return tw_value_eq3(rc->lhs, v, rc->ci) == 1;
}

static int has_item(void *ud, const tw_value *v) {
  row_ctx *rc = ud;
  const char *s;
  size_t n;
  if (v->null && v->type != TW_T_STRING) {
    return 0;
  }
  if (tw_value_str(rc->ctx->arena, v, &s, &n) < 0) {
    rc->oom = 1;
    return 1;
  }
  return tw_str_has(rc->h, rc->hn, s, n, true);
}

static int hasnt_item(void *ud, const tw_value *v) {
  return !has_item(ud, v);
}

static int lhs_nullish(const tw_value *v) {
  if (v->type == TW_T_STRING) {
    return 0;
  }
  return v->null || (v->type == TW_T_DYNAMIC && tw_dyn_is_null(v->u.d));
}

static bool has_any_cached(const in_cache *ic, const char *h, size_t hn) {
  if (ic->set.n) {
    size_t pos = 0, ts, tl;
    while (tw_term_next(h, hn, &pos, &ts, &tl)) {
      unsigned char f0 = tw_ascii_lower((unsigned char)h[ts]);
      if (!(ic->len_mask & ((uint64_t)1 << (tl < 63 ? tl : 63))) ||
          !(ic->first[f0 >> 5] & (1u << (f0 & 31)))) {
        continue; /* no needle has this length or first letter */
      }
      tw_value t = tw_str(h + ts, tl);
      if (tw_valset_find(&ic->set, &t) >= 0) {
        return true;
      }
    }
  }
  for (uint32_t i = 0; i < ic->nphr; i++) {
    if (tw_str_has(h, hn, ic->phr[i], ic->phrlen[i], true)) {
      return true;
    }
  }
  return false;
}

int tw_in_eval(tw_eval_ctx *ctx, tw_ast *node, const tw_value *lhs,
               const tw_value *items, uint32_t nitems, tw_value *out) {
  int op = node->op;
  int neg = op == IN_NOT_CS || op == IN_NOT_CI;
  if (lhs_nullish(lhs)) {
    *out = tw_bool(neg);
    return 0;
  }
  in_cache *ic = get_cache(ctx, node, items, nitems);
  row_ctx rc = {ctx, lhs, NULL, 0, op == IN_CI || op == IN_NOT_CI, 0};
  int res;
  if (op == IN_HAS_ANY || op == IN_HAS_ALL) {
    if (tw_value_str(ctx->arena, lhs, &rc.h, &rc.hn) < 0) {
      return tw_fn_error(ctx, node, TRAWL_ERR_NOMEM, "out of memory");
    }
    if (ic) {
      if (op == IN_HAS_ANY) {
        res = has_any_cached(ic, rc.h, rc.hn);
      } else {
        res = 1;
        for (uint32_t i = 0; i < ic->nphr && res; i++) {
          res = tw_str_has(rc.h, rc.hn, ic->phr[i], ic->phrlen[i], true);
        }
      }
    } else if (op == IN_HAS_ANY) {
      res = visit_items(items, nitems, has_item, &rc);
    } else {
      res = !visit_items(items, nitems, hasnt_item, &rc);
    }
    if (rc.oom) {
      return tw_fn_error(ctx, node, TRAWL_ERR_NOMEM, "out of memory");
    }
    *out = tw_bool(res);
    return 0;
  }
  if (ic) {
    res = tw_valset_find(&ic->set, lhs) >= 0;
  } else {
    res = visit_items(items, nitems, eq_item, &rc) == 1;
  }
  *out = tw_bool(neg ? !res : res);
  return 0;
}
