/*
 * functions/fn_dynamic.c - array and property-bag kernels: array_length,
 * array_slice, array_strcat, array_concat, array_index_of,
 * array_sort_asc/desc, pack_array, bag_pack/pack, bag_keys, bag_merge,
 * bag_remove_keys (kql-semantics 5.6). Results are new trees in
 * ctx->arena that share unchanged nodes with their inputs.
 */
#include <string.h>

#include "base/buf.h"
#include "base/limits.h"
#include "functions/convert.h"
#include "functions/kernels.h"
#include "functions/operators.h"
#include "functions/valset.h"
#include "value/compare.h"
#include "value/json.h"

static const tw_dyn *as_array(const tw_value *v) {
  if (v->type != TW_T_DYNAMIC || v->null || !v->u.d ||
      v->u.d->kind != TRAWL_DYN_ARRAY) {
    return NULL;
  }
  return v->u.d;
}

static const tw_dyn *as_bag(const tw_value *v) {
  if (v->type != TW_T_DYNAMIC || v->null || !v->u.d ||
      v->u.d->kind != TRAWL_DYN_OBJECT) {
    return NULL;
  }
  return v->u.d;
}

static int null_dyn(tw_value *out) {
  *out = tw_null(TW_T_DYNAMIC);
  return 0;
}

static int new_array(tw_eval_ctx *ctx, tw_ast *call, const tw_dyn *src,
                     uint32_t from, uint32_t n, tw_value *out) {
  tw_dyn *items;
  tw_dyn *arr = tw_k_new_array(ctx, n, &items);
  if (!arr) {
    return tw_k_oom(ctx, call);
  }
  if (n) {
    memcpy(items, src->u.items + from, n * sizeof *items);
  }
  *out = tw_dynamic(arr);
  return 0;
}

TW_KERNEL(array_length) {
  (void)ctx;
  (void)call;
  (void)nargs;
  const tw_dyn *a = as_array(&args[0]);
  *out = a ? tw_long(a->n) : tw_null(TW_T_LONG);
  return 0;
}

TW_KERNEL(array_slice) {
  const tw_dyn *a = as_array(&args[0]);
  int64_t s, e;
  (void)nargs;
  if (!a || !tw_k_int(&args[1], &s) || !tw_k_int(&args[2], &e)) {
    return null_dyn(out);
  }
  int64_t len = a->n;
  if (s < 0) {
    s += len;
  }
  if (e < 0) {
    e += len;
  }
  if (s < 0) {
    s = 0;
  }
  if (e >= len) {
    e = len - 1;
  }
  if (s > e || s >= len) {
    return new_array(ctx, call, a, 0, 0, out);
  }
  return new_array(ctx, call, a, (uint32_t)s, (uint32_t)(e - s + 1), out);
}

TW_KERNEL(array_strcat) {
  const tw_dyn *a = as_array(&args[0]);
  const char *d;
  size_t dn;
  int rc;
  (void)nargs;
  if (!a) {
    *out = tw_str("", 0);
    return 0;
  }
  if ((rc = tw_k_str(ctx, call, &args[1], &d, &dn))) {
    return rc;
  }
  tw_buf b;
  tw_buf_init(&b, TW_MAX_VALUE_BYTES);
  for (uint32_t i = 0; i < a->n; i++) {
    tw_value ev = tw_dynamic(&a->u.items[i]);
    if ((i && tw_buf_add(&b, d, dn) < 0) || tw_value_to_string(&b, &ev) < 0) {
      tw_buf_free(&b);
      return tw_k_too_big(ctx, call);
    }
  }
  rc = tw_k_string_result(ctx, call, b.data ? b.data : "", b.len, out);
  tw_buf_free(&b);
  return rc;
}

TW_KERNEL(array_concat) {
  uint64_t total = 0;
  for (uint32_t i = 0; i < nargs; i++) {
    const tw_dyn *a = as_array(&args[i]);
    if (!a) {
      return null_dyn(out);
    }
    total += a->n;
  }
  if (total > UINT32_MAX / 4) {
    return tw_k_oom(ctx, call);
  }
  tw_dyn *items;
  tw_dyn *arr = tw_k_new_array(ctx, (uint32_t)total, &items);
  if (!arr) {
    return tw_k_oom(ctx, call);
  }
  uint32_t k = 0;
  for (uint32_t i = 0; i < nargs; i++) {
    const tw_dyn *a = args[i].u.d;
    if (a->n) {
      memcpy(items + k, a->u.items, a->n * sizeof *items);
    }
    k += a->n;
  }
  *out = tw_dynamic(arr);
  return 0;
}

TW_KERNEL(array_index_of) {
  const tw_dyn *a = as_array(&args[0]);
  int64_t start = 0, len = -1, occ = 1;
  (void)ctx;
  (void)call;
  if (!a || (nargs > 2 && !tw_k_int(&args[2], &start)) ||
      (nargs > 3 && !tw_k_int(&args[3], &len)) ||
      (nargs > 4 && !tw_k_int(&args[4], &occ)) || len < -1 || occ < 0) {
    *out = tw_null(TW_T_LONG);
    return 0;
  }
  if (occ == 0) {
    occ = 1;
  }
  int64_t n = a->n;
  if (start < 0) {
    start += n;
    if (start < 0) {
      start = 0;
    }
  }
  int64_t end = len < 0 || start + len > n ? n : start + len;
  for (int64_t i = start; i < end; i++) {
    tw_value ev = tw_dynamic(&a->u.items[i]);
    if (tw_value_eq3(&ev, &args[1], 0) == 1 && --occ == 0) {
      *out = tw_long(i);
      return 0;
    }
  }
  *out = tw_long(-1);
  return 0;
}

/* ------------------------------------------------------------- sorting */

static int sort_cmp(const tw_dyn *x, const tw_dyn *y, int desc) {
  int c = tw_dyn_cmp(x, y);
  return desc ? -c : c;
}

/* Stable merge sort of nodes. */
static void merge_sort(tw_dyn *v, tw_dyn *tmp, uint32_t n, int desc) {
  if (n < 2) {
    return;
  }
  uint32_t h = n / 2;
  merge_sort(v, tmp, h, desc);
  merge_sort(v + h, tmp, n - h, desc);
  uint32_t i = 0, j = h, k = 0;
  while (i < h && j < n) {
    if (sort_cmp(&v[j], &v[i], desc) < 0) {
      tmp[k++] = v[j++];
    } else {
      tmp[k++] = v[i++];
    }
  }
  while (i < h) {
    tmp[k++] = v[i++];
  }
  while (j < n) {
    tmp[k++] = v[j++];
  }
  memcpy(v, tmp, n * sizeof *v);
}

static int sort_kernel(tw_eval_ctx *ctx, tw_ast *call, const tw_value *args,
                       uint32_t nargs, tw_value *out, int desc) {
  const tw_dyn *a = as_array(&args[0]);
  if (!a) {
    return null_dyn(out);
  }
  int nulls_last = 1;
  if (nargs > 1 && args[nargs - 1].type == TW_T_BOOL &&
      !args[nargs - 1].null) {
    nulls_last = args[nargs - 1].u.i != 0;
  }
  tw_dyn *items;
  tw_dyn *arr = tw_k_new_array(ctx, a->n, &items);
  tw_dyn *tmp = a->n ? tw_arena_alloc(ctx->arena, a->n * sizeof *tmp) : NULL;
  if (!arr || (a->n && !tmp)) {
    return tw_k_oom(ctx, call);
  }
  uint32_t nn = 0, nulls = 0;
  for (uint32_t i = 0; i < a->n; i++) {
    if (tw_dyn_is_null(&a->u.items[i])) {
      nulls++;
    } else {
      tmp[nn++] = a->u.items[i];
    }
  }
  tw_dyn *dst = items + (nulls_last ? 0 : nulls);
  if (nn) {
    memcpy(dst, tmp, nn * sizeof *dst);
    merge_sort(dst, tmp, nn, desc);
  }
  for (uint32_t i = 0; i < nulls; i++) {
    tw_dyn *z = &items[nulls_last ? nn + i : i];
    memset(z, 0, sizeof *z);
    z->kind = TRAWL_DYN_NULL;
  }
  *out = tw_dynamic(arr);
  return 0;
}

TW_KERNEL(array_sort_asc) { return sort_kernel(ctx, call, args, nargs, out, 0); }

TW_KERNEL(array_sort_desc) {
  return sort_kernel(ctx, call, args, nargs, out, 1);
}

/* --------------------------------------------------------- packing */

TW_KERNEL(pack_array) {
  tw_dyn *items;
  tw_dyn *arr = tw_k_new_array(ctx, nargs, &items);
  if (!arr) {
    return tw_k_oom(ctx, call);
  }
  for (uint32_t i = 0; i < nargs; i++) {
    if (tw_value_to_dyn_node(ctx->arena, &args[i], &items[i]) < 0) {
      return tw_k_oom(ctx, call);
    }
  }
  *out = tw_dynamic(arr);
  return 0;
}

TW_KERNEL(bag_pack) {
  uint32_t n = nargs / 2;
  tw_dyn *bag = tw_arena_zalloc(ctx->arena, sizeof *bag);
  tw_dyn *items = n ? tw_arena_zalloc(ctx->arena, 2 * n * sizeof *items)
                    : NULL;
  if (!bag || (n && !items)) {
    return tw_k_oom(ctx, call);
  }
  bag->kind = TRAWL_DYN_OBJECT;
  uint32_t k = 0;
  for (uint32_t i = 0; i < n; i++) {
    const char *ks;
    size_t kn;
    int rc = tw_k_str(ctx, call, &args[2 * i], &ks, &kn);
    if (rc) {
      return rc;
    }
    /* a repeated key keeps its first position and takes the last value */
    uint32_t at = k;
    for (uint32_t j = 0; j < k; j++) {
      if (items[2 * j].n == kn && memcmp(items[2 * j].u.s, ks, kn) == 0) {
        at = j;
        break;
      }
    }
    tw_value kv = tw_str(ks, kn);
    if (tw_value_to_dyn_node(ctx->arena, &kv, &items[2 * at]) < 0 ||
        tw_value_to_dyn_node(ctx->arena, &args[2 * i + 1],
                             &items[2 * at + 1]) < 0) {
      return tw_k_oom(ctx, call);
    }
    if (at == k) {
      k++;
    }
  }
  bag->n = k;
  bag->u.items = items;
  *out = tw_dynamic(bag);
  return 0;
}

TW_KERNEL(bag_keys) {
  const tw_dyn *b = as_bag(&args[0]);
  (void)nargs;
  if (!b) {
    return null_dyn(out);
  }
  tw_dyn *items;
  tw_dyn *arr = tw_k_new_array(ctx, b->n, &items);
  if (!arr) {
    return tw_k_oom(ctx, call);
  }
  for (uint32_t i = 0; i < b->n; i++) {
    items[i] = b->u.items[2 * i];
  }
  *out = tw_dynamic(arr);
  return 0;
}

TW_KERNEL(bag_merge) {
  uint64_t total = 0;
  for (uint32_t i = 0; i < nargs; i++) {
    const tw_dyn *b = as_bag(&args[i]);
    if (!b) {
      return null_dyn(out);
    }
    total += b->n;
  }
  if (total > UINT32_MAX / 8) {
    return tw_k_oom(ctx, call);
  }
  tw_dyn *bag = tw_arena_zalloc(ctx->arena, sizeof *bag);
  tw_dyn *items = total ? tw_arena_alloc(ctx->arena, 2 * total *
                                                         sizeof *items)
                        : NULL;
  if (!bag || (total && !items)) {
    return tw_k_oom(ctx, call);
  }
  bag->kind = TRAWL_DYN_OBJECT;
  uint32_t k = 0;
  tw_valset keys; /* keys seen, so big bags merge in linear time */
  tw_valset_init(&keys, ctx->arena, false);
  for (uint32_t i = 0; i < nargs; i++) {
    const tw_dyn *b = args[i].u.d;
    for (uint32_t j = 0; j < b->n; j++) {
      const tw_dyn *key = &b->u.items[2 * j];
      tw_value kv = tw_str(key->n ? key->u.s : "", key->n);
      int rc = tw_valset_add(&keys, &kv);
      if (rc < 0) {
        return tw_k_oom(ctx, call);
      }
      if (rc == 1) { /* the first bag that has a key wins */
        items[2 * k] = *key;
        items[2 * k + 1] = b->u.items[2 * j + 1];
        k++;
      }
    }
  }
  bag->n = k;
  bag->u.items = items;
  *out = tw_dynamic(bag);
  return 0;
}

/* Deepest key path bag_remove_keys follows. */
#define TW_BAG_PATH_MAX 32

typedef struct path_comp {
  const char *s;
  size_t n;
} path_comp;

/* "key", "$.a.b", "$['a']['b']" -> components; 0 if not a path. */
static uint32_t parse_path(const char *s, size_t n, path_comp *c) {
  uint32_t k = 0;
  size_t i = 0;
  if (n && s[0] == '$') {
    i = 1;
    if (i == n) {
      return 0;
    }
  } else {
    c[0].s = s;
    c[0].n = n;
    return 1;
  }
  while (i < n && k < TW_BAG_PATH_MAX) {
    if (s[i] == '.') {
      size_t st = ++i;
      while (i < n && s[i] != '.' && s[i] != '[') {
        i++;
      }
      c[k].s = s + st;
      c[k++].n = i - st;
    } else if (s[i] == '[' && i + 1 < n && (s[i + 1] == '\'' ||
                                             s[i + 1] == '"')) {
      char q = s[i + 1];
      size_t st = i + 2, e = st;
      while (e < n && s[e] != q) {
        e++;
      }
      if (e + 1 >= n || s[e + 1] != ']') {
        return 0;
      }
      c[k].s = s + st;
      c[k++].n = e - st;
      i = e + 2;
    } else {
      return 0;
    }
  }
  return i == n ? k : 0;
}

static int key_is(const tw_dyn *key, const path_comp *c) {
  return key->n == c->n && (c->n == 0 || !memcmp(key->u.s, c->s, c->n));
}

/* A copy of bag `b` without the member at path c[0..nc); shares
 * untouched members. NULL on OOM. */
static const tw_dyn *remove_path(tw_eval_ctx *ctx, const tw_dyn *b,
                                 const path_comp *c, uint32_t nc) {
  if (!b || b->kind != TRAWL_DYN_OBJECT || nc == 0) {
    return b;
  }
  tw_dyn *bag = tw_arena_zalloc(ctx->arena, sizeof *bag);
  tw_dyn *items = b->n ? tw_arena_alloc(ctx->arena, 2 * b->n * sizeof *items)
                       : NULL;
  if (!bag || (b->n && !items)) {
    return NULL;
  }
  bag->kind = TRAWL_DYN_OBJECT;
  uint32_t k = 0;
  for (uint32_t j = 0; j < b->n; j++) {
    const tw_dyn *key = &b->u.items[2 * j];
    const tw_dyn *val = &b->u.items[2 * j + 1];
    if (key_is(key, &c[0])) {
      if (nc == 1) {
        continue;
      }
      val = remove_path(ctx, val, c + 1, nc - 1);
      if (!val) {
        return NULL;
      }
    }
    items[2 * k] = *key;
    items[2 * k + 1] = *val;
    k++;
  }
  bag->n = k;
  bag->u.items = items;
  return bag;
}

TW_KERNEL(bag_remove_keys) {
  const tw_dyn *b = as_bag(&args[0]);
  const tw_dyn *keys = nargs > 1 ? as_array(&args[1]) : NULL;
  if (!b) {
    return null_dyn(out);
  }
  if (!keys) {
    *out = args[0];
    return 0;
  }
  for (uint32_t m = 0; m < keys->n; m++) {
    const tw_dyn *r = &keys->u.items[m];
    path_comp comps[TW_BAG_PATH_MAX];
    if (r->kind != TRAWL_DYN_STRING) {
      continue;
    }
    uint32_t nc = parse_path(r->n ? r->u.s : "", r->n, comps);
    if (nc == 0) {
      continue;
    }
    b = remove_path(ctx, b, comps, nc);
    if (!b) {
      return tw_k_oom(ctx, call);
    }
  }
  *out = tw_dynamic(b);
  return 0;
}
