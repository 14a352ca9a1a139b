/*
 * functions/valset.c - arena-backed hash set of KQL values (see valset.h).
 */
#include "functions/valset.h"

#include <math.h>
#include <string.h>

#include "functions/convert.h"
#include "functions/strmatch.h"
#include "value/json.h"

enum { CLS_NULL, CLS_NUM, CLS_STR, CLS_DT, CLS_TS, CLS_BOOL, CLS_DYN };

static tw_value norm(const tw_value *v) {
  if (v->type == TW_T_DYNAMIC) {
    return v->null ? tw_null(TW_T_DYNAMIC) : tw_dyn_to_value(v->u.d);
  }
  return *v;
}

static int cls(const tw_value *v) {
  if (v->null) {
    return CLS_NULL;
  }
  switch (v->type) {
  case TW_T_INT:
  case TW_T_LONG:
  case TW_T_REAL:
  case TW_T_DECIMAL:
    return CLS_NUM;
  case TW_T_STRING:
  case TW_T_GUID:
    return CLS_STR;
  case TW_T_DATETIME:
    return CLS_DT;
  case TW_T_TIMESPAN:
    return CLS_TS;
  case TW_T_BOOL:
    return CLS_BOOL;
  default:
    return CLS_DYN;
  }
}

static uint64_t mix(uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}

static uint64_t hash_bytes(const char *s, size_t n, bool ci, uint64_t h) {
  h ^= 0xcbf29ce484222325ULL;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (ci) {
      c = tw_ascii_lower(c);
    }
    h = (h ^ c) * 0x100000001b3ULL;
  }
  return mix(h ^ n);
}

static uint64_t hash_num(const tw_value *v) {
  if (v->type == TW_T_INT || v->type == TW_T_LONG) {
    return mix((uint64_t)v->u.i ^ 0x1234);
  }
  double r = v->u.r;
  if (r == trunc(r) && r >= -9.2e18 && r <= 9.2e18) {
    return mix((uint64_t)(int64_t)r ^ 0x1234);
  }
  if (isnan(r)) {
    return 0x7ff8;
  }
  uint64_t bits;
  memcpy(&bits, &r, sizeof bits);
  return mix(bits);
}

static uint64_t hash_dyn(const tw_dyn *d, int depth) {
  if (tw_dyn_is_null(d) || depth > 64) {
    return 7;
  }
  tw_value sv;
  switch (d->kind) {
  case TRAWL_DYN_ARRAY:
  case TRAWL_DYN_OBJECT: {
    uint64_t h = d->kind * 31u + d->n;
    uint32_t n = d->kind == TRAWL_DYN_ARRAY ? d->n : 2 * d->n;
    for (uint32_t i = 0; i < n; i++) {
      h = mix(h * 31 + hash_dyn(&d->u.items[i], depth + 1));
    }
    return h;
  }
  default:
    sv = tw_dyn_to_value(d);
    return tw_value_hash_ci(&sv, false);
  }
}

uint64_t tw_value_hash_ci(const tw_value *in, bool ci) {
  tw_value v = norm(in);
  switch (cls(&v)) {
  case CLS_NULL:
    return 3;
  case CLS_NUM:
    return hash_num(&v);
  case CLS_STR:
    return hash_bytes(v.u.s, v.len, ci, 5);
  case CLS_DT:
    return mix((uint64_t)v.u.i ^ 0xd7d7);
  case CLS_TS:
    return mix((uint64_t)v.u.i ^ 0x7575);
  case CLS_BOOL:
    return v.u.i ? 11 : 13;
  default:
    return hash_dyn(v.u.d, 0);
  }
}

bool tw_value_same(const tw_value *ain, const tw_value *bin, bool ci) {
  tw_value a = norm(ain), b = norm(bin);
  int ca = cls(&a), cb = cls(&b);
  if (ca != cb) {
    return false;
  }
  switch (ca) {
  case CLS_NULL:
    return true;
  case CLS_NUM: {
    int ai = a.type == TW_T_INT || a.type == TW_T_LONG;
    int bi = b.type == TW_T_INT || b.type == TW_T_LONG;
    if (ai && bi) {
      return a.u.i == b.u.i;
    }
    double x = ai ? (double)a.u.i : a.u.r;
    double y = bi ? (double)b.u.i : b.u.r;
    return x == y || (isnan(x) && isnan(y));
  }
  case CLS_STR:
    return tw_str_eq(a.u.s, a.len, b.u.s, b.len, ci);
  case CLS_DT:
  case CLS_TS:
  case CLS_BOOL:
    return a.u.i == b.u.i;
  default:
    return tw_dyn_equal(a.u.d, b.u.d);
  }
}

void tw_valset_init(tw_valset *s, tw_arena *a, bool ci) {
  memset(s, 0, sizeof *s);
  s->a = a;
  s->ci = ci;
}

static int64_t find_h(const tw_valset *s, const tw_value *v, uint64_t h) {
  if (!s->scap) {
    return -1;
  }
  uint32_t mask = s->scap - 1;
  for (uint32_t i = (uint32_t)h & mask;; i = (i + 1) & mask) {
    uint32_t slot = s->slots[i];
    if (!slot) {
      return -1;
    }
    if (s->hashes[slot - 1] == h &&
        tw_value_same(&s->vals[slot - 1], v, s->ci)) {
      return slot - 1;
    }
  }
}

int64_t tw_valset_find(const tw_valset *s, const tw_value *v) {
  return find_h(s, v, tw_value_hash_ci(v, s->ci));
}

static int grow(tw_valset *s) {
  if (s->n == s->vcap) {
    uint32_t nc = s->vcap ? s->vcap * 2 : 8;
    tw_value *nv = tw_arena_alloc(s->a, nc * sizeof *nv);
    uint64_t *nh = tw_arena_alloc(s->a, nc * sizeof *nh);
    if (!nv || !nh) {
      return -1;
    }
    if (s->n) {
      memcpy(nv, s->vals, s->n * sizeof *nv);
      memcpy(nh, s->hashes, s->n * sizeof *nh);
    }
    s->vals = nv;
    s->hashes = nh;
    s->vcap = nc;
  }
  if ((uint64_t)(s->n + 1) * 2 > s->scap) {
    uint32_t nc = s->scap ? s->scap * 2 : 16;
    uint32_t *ns = tw_arena_zalloc(s->a, nc * sizeof *ns);
    if (!ns) {
      return -1;
    }
    uint32_t mask = nc - 1;
    for (uint32_t k = 0; k < s->n; k++) {
      uint32_t i = (uint32_t)s->hashes[k] & mask;
      while (ns[i]) {
        i = (i + 1) & mask;
      }
      ns[i] = k + 1;
    }
    s->slots = ns;
    s->scap = nc;
  }
  return 0;
}

int tw_valset_add(tw_valset *s, const tw_value *in) {
  tw_value v = norm(in);
  uint64_t h = tw_value_hash_ci(&v, s->ci);
  if (find_h(s, &v, h) >= 0) {
    return 0;
  }
  if (s->n >= UINT32_MAX / 4 || grow(s) < 0) {
    return -1;
  }
  tw_value copy;
  if (tw_value_copy(s->a, &v, &copy) < 0) {
    return -1;
  }
  s->vals[s->n] = copy;
  s->hashes[s->n] = h;
  uint32_t mask = s->scap - 1;
  uint32_t i = (uint32_t)h & mask;
  while (s->slots[i]) {
    i = (i + 1) & mask;
  }
  s->slots[i] = ++s->n;
  return 1;
}
