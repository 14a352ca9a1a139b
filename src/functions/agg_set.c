/*
 * functions/agg_set.c - aggregates that collect values: dcount, dcountif,
 * count_distinct (exact distinct counts), make_set, make_set_if (distinct,
 * first-seen order, arrays flattened), make_list, make_list_if (input
 * order), make_bag (first value of each key wins). Nulls are ignored.
 */
#include <string.h>

#include "functions/agg_int.h"
#include "functions/convert.h"
#include "functions/valset.h"
#include "value/json.h"

/* Default and largest size of make_set / make_list / make_bag. */
#define TW_AGG_MAX_SET 1048576

static void no_init(void *state, const tw_ast *call) {
  (void)state;
  (void)call;
}

/* A size-limit argument, clamped to [1, TW_AGG_MAX_SET]. */
static int64_t size_arg(const tw_value *args, uint32_t nargs, uint32_t i) {
  if (i >= nargs || tw_agg_is_null(&args[i])) {
    return TW_AGG_MAX_SET;
  }
  tw_value l;
  tw_conv_tolong(&args[i], &l);
  if (l.null || l.u.i <= 0 || l.u.i > TW_AGG_MAX_SET) {
    return TW_AGG_MAX_SET;
  }
  return l.u.i;
}

/* A node for a value whose strings already live long enough. */
static void node_of(const tw_value *v, tw_dyn *node) {
  memset(node, 0, sizeof *node);
  if (v->null) {
    node->kind = TRAWL_DYN_NULL;
    return;
  }
  switch (v->type) {
  case TW_T_BOOL:
    node->kind = TRAWL_DYN_BOOL;
    node->u.i = v->u.i != 0;
    break;
  case TW_T_INT:
  case TW_T_LONG:
    node->kind = TRAWL_DYN_LONG;
    node->u.i = v->u.i;
    break;
  case TW_T_REAL:
  case TW_T_DECIMAL:
    node->kind = TRAWL_DYN_REAL;
    node->u.r = v->u.r;
    break;
  case TW_T_DATETIME:
    node->kind = TRAWL_DYN_DATETIME;
    node->u.i = v->u.i;
    break;
  case TW_T_TIMESPAN:
    node->kind = TRAWL_DYN_TIMESPAN;
    node->u.i = v->u.i;
    break;
  case TW_T_STRING:
  case TW_T_GUID:
    node->kind = v->type == TW_T_STRING ? TRAWL_DYN_STRING : TRAWL_DYN_GUID;
    node->u.s = v->len ? v->u.s : "";
    node->n = v->len;
    break;
  case TW_T_DYNAMIC:
    *node = *v->u.d;
    break;
  default:
    node->kind = TRAWL_DYN_NULL;
    break;
  }
}

/* ------------------------------------------------------------ dcount */

typedef struct set_st {
  tw_valset set;
  int64_t max;
} set_st;

static int set_add(set_st *s, tw_arena *a, const tw_value *v) {
  if (!s->set.a) {
    tw_valset_init(&s->set, a, false);
  }
  if (tw_agg_is_null(v)) {
    return 0;
  }
  if (s->max && s->set.n >= s->max) {
    return 0;
  }
  return tw_valset_add(&s->set, v) < 0 ? TRAWL_ERR_NOMEM : 0;
}

static int dcount_step(void *st, tw_arena *a, const tw_ast *call,
                       const tw_value *args, uint32_t nargs) {
  (void)call;
  return nargs >= 1 ? set_add(st, a, &args[0]) : 0;
}

static int dcountif_step(void *st, tw_arena *a, const tw_ast *call,
                         const tw_value *args, uint32_t nargs) {
  (void)call;
  return nargs >= 2 && tw_agg_true(&args[1]) ? set_add(st, a, &args[0]) : 0;
}

static int dcount_final(void *st, tw_arena *a, const tw_ast *call,
                        tw_value *out) {
  (void)a;
  (void)call;
  *out = tw_long(((set_st *)st)->set.n);
  return 0;
}

const tw_agg_def tw_agg_def_dcount = {sizeof(set_st), no_init, dcount_step,
                                      dcount_final, NULL};
const tw_agg_def tw_agg_def_dcountif = {sizeof(set_st), no_init,
                                        dcountif_step, dcount_final, NULL};

/* ---------------------------------------------------------- make_set */

static int set_add_flat(set_st *s, tw_arena *a, const tw_value *v) {
  if (v->type == TW_T_DYNAMIC && !v->null && v->u.d &&
      v->u.d->kind == TRAWL_DYN_ARRAY) {
    for (uint32_t i = 0; i < v->u.d->n; i++) {
      tw_value e = tw_dynamic(&v->u.d->u.items[i]);
      int rc = set_add(s, a, &e);
      if (rc) {
        return rc;
      }
    }
    if (!s->set.a) {
      tw_valset_init(&s->set, a, false);
    }
    return 0;
  }
  return set_add(s, a, v);
}

static int make_set_step(void *st, tw_arena *a, const tw_ast *call,
                         const tw_value *args, uint32_t nargs) {
  set_st *s = st;
  (void)call;
  if (!s->max) {
    s->max = size_arg(args, nargs, 1);
  }
  return nargs >= 1 ? set_add_flat(s, a, &args[0]) : 0;
}

static int make_set_if_step(void *st, tw_arena *a, const tw_ast *call,
                            const tw_value *args, uint32_t nargs) {
  set_st *s = st;
  (void)call;
  if (!s->max) {
    s->max = size_arg(args, nargs, 2);
  }
  return nargs >= 2 && tw_agg_true(&args[1]) ? set_add_flat(s, a, &args[0])
                                             : 0;
}

static int make_set_final(void *st, tw_arena *a, const tw_ast *call,
                          tw_value *out) {
  set_st *s = st;
  (void)call;
  tw_dyn *arr = tw_arena_zalloc(a, sizeof *arr);
  tw_dyn *items = s->set.n ? tw_arena_alloc(a, s->set.n * sizeof *items)
                           : NULL;
  if (!arr || (s->set.n && !items)) {
    return TRAWL_ERR_NOMEM;
  }
  for (uint32_t i = 0; i < s->set.n; i++) {
    node_of(&s->set.vals[i], &items[i]);
  }
  arr->kind = TRAWL_DYN_ARRAY;
  arr->n = s->set.n;
  arr->u.items = items;
  *out = tw_dynamic(arr);
  return 0;
}

const tw_agg_def tw_agg_def_make_set = {sizeof(set_st), no_init,
                                        make_set_step, make_set_final, NULL};
const tw_agg_def tw_agg_def_make_set_if = {sizeof(set_st), no_init,
                                           make_set_if_step, make_set_final,
                                           NULL};

/* --------------------------------------------------------- make_list */

typedef struct list_st {
  tw_dyn *items;
  uint32_t n, cap;
  int64_t max;
} list_st;

static int list_push(list_st *s, tw_arena *a, const tw_dyn *node) {
  if (s->n == s->cap) {
    uint32_t nc = s->cap ? s->cap * 2 : 8;
    tw_dyn *ni = tw_arena_alloc(a, (size_t)nc * sizeof *ni);
    if (!ni) {
      return TRAWL_ERR_NOMEM;
    }
    if (s->n) {
      memcpy(ni, s->items, s->n * sizeof *ni);
    }
    s->items = ni;
    s->cap = nc;
  }
  s->items[s->n++] = *node;
  return 0;
}

static int list_add(list_st *s, tw_arena *a, const tw_value *v) {
  if (tw_agg_is_null(v) || s->n >= s->max) {
    return 0;
  }
  tw_dyn node;
  if (v->type == TW_T_DYNAMIC) {
    const tw_dyn *c = tw_dyn_copy(a, v->u.d);
    if (!c) {
      return TRAWL_ERR_NOMEM;
    }
    node = *c;
  } else if (tw_value_to_dyn_node(a, v, &node) < 0) {
    return TRAWL_ERR_NOMEM;
  }
  return list_push(s, a, &node);
}

static int make_list_step(void *st, tw_arena *a, const tw_ast *call,
                          const tw_value *args, uint32_t nargs) {
  list_st *s = st;
  (void)call;
  if (!s->max) {
    s->max = size_arg(args, nargs, 1);
  }
  return nargs >= 1 ? list_add(s, a, &args[0]) : 0;
}

static int make_list_if_step(void *st, tw_arena *a, const tw_ast *call,
                             const tw_value *args, uint32_t nargs) {
  list_st *s = st;
  (void)call;
  if (!s->max) {
    s->max = size_arg(args, nargs, 2);
  }
  return nargs >= 2 && tw_agg_true(&args[1]) ? list_add(s, a, &args[0]) : 0;
}

static int list_final(void *st, tw_arena *a, const tw_ast *call,
                      tw_value *out) {
  list_st *s = st;
  (void)call;
  tw_dyn *arr = tw_arena_zalloc(a, sizeof *arr);
  if (!arr) {
    return TRAWL_ERR_NOMEM;
  }
  arr->kind = TRAWL_DYN_ARRAY;
  arr->n = s->n;
  arr->u.items = s->n ? s->items : NULL;
  *out = tw_dynamic(arr);
  return 0;
}

const tw_agg_def tw_agg_def_make_list = {sizeof(list_st), no_init,
                                         make_list_step, list_final, NULL};
const tw_agg_def tw_agg_def_make_list_if = {sizeof(list_st), no_init,
                                            make_list_if_step, list_final,
                                            NULL};

/* ---------------------------------------------------------- make_bag */

typedef struct bag_st {
  list_st kv;      /* key, value, key, value ... */
  tw_valset keys;
  int64_t max;
} bag_st;

static int make_bag_step(void *st, tw_arena *a, const tw_ast *call,
                         const tw_value *args, uint32_t nargs) {
  bag_st *s = st;
  (void)call;
  if (!s->keys.a) {
    tw_valset_init(&s->keys, a, false);
    s->max = size_arg(args, nargs, 1);
    s->kv.max = 2 * (int64_t)TW_AGG_MAX_SET;
  }
  if (nargs < 1 || args[0].type != TW_T_DYNAMIC || args[0].null ||
      !args[0].u.d || args[0].u.d->kind != TRAWL_DYN_OBJECT) {
    return 0;
  }
  const tw_dyn *b = args[0].u.d;
  for (uint32_t i = 0; i < b->n; i++) {
    if ((int64_t)s->keys.n >= s->max) {
      break;
    }
    const tw_dyn *k = &b->u.items[2 * i];
    tw_value kv = tw_str(k->n ? k->u.s : "", k->n);
    int rc = tw_valset_add(&s->keys, &kv);
    if (rc < 0) {
      return TRAWL_ERR_NOMEM;
    }
    if (rc == 0) {
      continue; /* first value of a key wins */
    }
    tw_dyn knode;
    node_of(&s->keys.vals[s->keys.n - 1], &knode);
    const tw_dyn *v = tw_dyn_copy(a, &b->u.items[2 * i + 1]);
    if (!v || list_push(&s->kv, a, &knode) || list_push(&s->kv, a, v)) {
      return TRAWL_ERR_NOMEM;
    }
  }
  return 0;
}

static int make_bag_final(void *st, tw_arena *a, const tw_ast *call,
                          tw_value *out) {
  bag_st *s = st;
  (void)call;
  tw_dyn *bag = tw_arena_zalloc(a, sizeof *bag);
  if (!bag) {
    return TRAWL_ERR_NOMEM;
  }
  bag->kind = TRAWL_DYN_OBJECT;
  bag->n = s->kv.n / 2;
  bag->u.items = bag->n ? s->kv.items : NULL;
  *out = tw_dynamic(bag);
  return 0;
}

const tw_agg_def tw_agg_def_make_bag = {sizeof(bag_st), no_init,
                                        make_bag_step, make_bag_final, NULL};
