/*
 * functions/fn_regex.c - regex kernels: extract, extract_all,
 * replace_regex, trim, trim_start, trim_end, indexof_regex
 * (kql-semantics 5.3). Patterns compile once per call site (regex.h).
 */
#include <string.h>

#include "base/limits.h"
#include "functions/convert.h"
#include "functions/kernels.h"
#include "functions/regex.h"
#include "functions/strmatch.h"
#include "value/json.h"

#define OVN (2 * (TW_REGEX_MAX_GROUPS + 1))

static int get_re(tw_eval_ctx *ctx, tw_ast *call, uint32_t argi,
                  const tw_value *pat, tw_regex **re) {
  const tw_ast *at = call && call->nkids > argi ? call->kids[argi] : call;
  return tw_regex_for(ctx, call, at, pat, re);
}

static int match_fail(tw_eval_ctx *ctx, tw_ast *call) {
  return tw_fn_error(ctx, call, TRAWL_ERR_RUNTIME,
                     "regular expression match failed (limits)");
}

TW_KERNEL(extract) {
  tw_regex *re;
  const char *s;
  size_t n;
  int64_t g;
  int rc;
  (void)nargs;
  int typed = call && call->type && call->type != TW_T_STRING;
  tw_value none = typed ? tw_null((tw_type)call->type) : tw_str("", 0);
  if ((rc = get_re(ctx, call, 0, &args[0], &re)) ||
      (rc = tw_k_str(ctx, call, &args[2], &s, &n))) {
    return rc;
  }
  if (!tw_k_int(&args[1], &g) || g < 0 || g > tw_regex_ngroups(re) ||
      (tw_k_nullish(&args[2]))) {
    *out = none;
    return 0;
  }
  size_t ov[OVN];
  int m = tw_regex_search(re, s, n, 0, ov);
  if (m < 0) {
    return match_fail(ctx, call);
  }
  if (m == 0 || ov[2 * g] == (size_t)-1) {
    *out = none;
    return 0;
  }
  tw_value sv = tw_str(s + ov[2 * g], ov[2 * g + 1] - ov[2 * g]);
  if (!typed) {
    *out = sv;
    return 0;
  }
  if (tw_conv_to_type(ctx->arena, &sv, (tw_type)call->type, out) < 0) {
    return tw_k_oom(ctx, call);
  }
  return 0;
}

static int set_str_node(tw_eval_ctx *ctx, tw_dyn *node, const char *s,
                        size_t n) {
  char *c = tw_arena_strndup(ctx->arena, s, n);
  if (!c) {
    return -1;
  }
  node->kind = TRAWL_DYN_STRING;
  node->u.s = c;
  node->n = (uint32_t)n;
  return 0;
}

TW_KERNEL(extract_all) {
  tw_regex *re;
  const char *s;
  size_t n;
  int rc;
  const tw_value *src = &args[nargs - 1];
  if ((rc = get_re(ctx, call, 0, &args[0], &re)) ||
      (rc = tw_k_str(ctx, call, src, &s, &n))) {
    return rc;
  }
  uint32_t ng = tw_regex_ngroups(re);
  /* which groups to return */
  int sel[TW_REGEX_MAX_GROUPS + 1];
  uint32_t nsel = 0;
  int explicit_sel = 0;
  if (nargs > 2 && args[1].type == TW_T_DYNAMIC && !args[1].null &&
      args[1].u.d && args[1].u.d->kind == TRAWL_DYN_ARRAY) {
    const tw_dyn *gd = args[1].u.d;
    explicit_sel = 1;
    for (uint32_t i = 0; i < gd->n && nsel <= TW_REGEX_MAX_GROUPS; i++) {
      const tw_dyn *e = &gd->u.items[i];
      int idx = -1;
      if (e->kind == TRAWL_DYN_LONG) {
        idx = e->u.i >= 0 && e->u.i <= ng ? (int)e->u.i : -1;
      } else if (e->kind == TRAWL_DYN_STRING) {
        idx = tw_regex_group_index(re, e->u.s, e->n);
      }
      if (idx < 0) {
        return tw_fn_error(ctx, call, TRAWL_ERR_RUNTIME,
                           "extract_all: no such capture group");
      }
      sel[nsel++] = idx;
    }
  } else if (ng == 0) {
    sel[nsel++] = 0;
  } else {
    for (uint32_t i = 1; i <= ng; i++) {
      sel[nsel++] = (int)i;
    }
  }
  int flat = !explicit_sel ? nsel == 1 : 0;
  /* collect matches: first count, then fill */
  size_t ov[OVN];
  uint32_t count = 0;
  size_t from = 0;
  for (;;) {
    int m = tw_regex_search(re, s, n, from, ov);
    if (m < 0) {
      return match_fail(ctx, call);
    }
    if (m == 0) {
      break;
    }
    count++;
    if ((size_t)count * sizeof(tw_dyn) > TW_MAX_VALUE_BYTES) {
      return tw_k_too_big(ctx, call);
    }
    from = ov[1] > ov[0] ? ov[1] : ov[1] + 1;
    if (from > n) {
      break;
    }
  }
  if (count == 0) {
    *out = tw_null(TW_T_DYNAMIC);
    return 0;
  }
  tw_dyn *items;
  tw_dyn *arr = tw_k_new_array(ctx, count, &items);
  if (!arr) {
    return tw_k_oom(ctx, call);
  }
  from = 0;
  for (uint32_t k = 0; k < count; k++) {
    if (tw_regex_search(re, s, n, from, ov) != 1) {
      return match_fail(ctx, call);
    }
    from = ov[1] > ov[0] ? ov[1] : ov[1] + 1;
    if (flat) {
      int g = sel[0];
      size_t a = ov[2 * g], b = ov[2 * g + 1];
      if (set_str_node(ctx, &items[k], a == (size_t)-1 ? "" : s + a,
                       a == (size_t)-1 ? 0 : b - a) < 0) {
        return tw_k_oom(ctx, call);
      }
      continue;
    }
    tw_dyn *sub;
    tw_dyn *row = tw_k_new_array(ctx, nsel, &sub);
    if (!row) {
      return tw_k_oom(ctx, call);
    }
    for (uint32_t j = 0; j < nsel; j++) {
      int g = sel[j];
      size_t a = ov[2 * g], b = ov[2 * g + 1];
      if (set_str_node(ctx, &sub[j], a == (size_t)-1 ? "" : s + a,
                       a == (size_t)-1 ? 0 : b - a) < 0) {
        return tw_k_oom(ctx, call);
      }
    }
    items[k] = *row;
  }
  *out = tw_dynamic(arr);
  return 0;
}

/* Length of the rewrite text for one match (\0..\9 refer to groups). */
static size_t rewrite_len(const char *r, size_t rn, const size_t *ov,
                          uint32_t ng) {
  size_t k = 0;
  for (size_t i = 0; i < rn; i++) {
    if (r[i] == '\\' && i + 1 < rn && r[i + 1] >= '0' && r[i + 1] <= '9') {
      uint32_t g = (uint32_t)(r[i + 1] - '0');
      i++;
      if (g <= ng && ov[2 * g] != (size_t)-1) {
        k += ov[2 * g + 1] - ov[2 * g];
      }
      continue;
    }
    if (r[i] == '\\' && i + 1 < rn && r[i + 1] == '\\') {
      i++;
    }
    k++;
  }
  return k;
}

TW_KERNEL(replace_regex) {
  tw_regex *re;
  const char *s, *r;
  size_t n, rn;
  int rc;
  (void)nargs;
  if ((rc = tw_k_str(ctx, call, &args[0], &s, &n)) ||
      (rc = get_re(ctx, call, 1, &args[1], &re)) ||
      (rc = tw_k_str(ctx, call, &args[2], &r, &rn))) {
    return rc;
  }
  uint32_t ng = tw_regex_ngroups(re);
  size_t ov[OVN];
  /* pass 1: size */
  size_t total = 0, from = 0, last = 0;
  int any = 0;
  for (;;) {
    int m = tw_regex_search(re, s, n, from, ov);
    if (m < 0) {
      return match_fail(ctx, call);
    }
    if (m == 0) {
      break;
    }
    any = 1;
    total += ov[0] - last + rewrite_len(r, rn, ov, ng);
    if (total > TW_MAX_VALUE_BYTES) {
      return tw_k_too_big(ctx, call);
    }
    last = ov[1];
    if (ov[1] > ov[0]) {
      from = ov[1];
    } else {
      if (ov[1] >= n) {
        break;
      }
      from = ov[1] + 1;
    }
  }
  if (!any) {
    *out = tw_str(s, n);
    return 0;
  }
  total += n - last;
  if (total > TW_MAX_VALUE_BYTES) {
    return tw_k_too_big(ctx, call);
  }
  char *o = tw_arena_alloc(ctx->arena, total + 1);
  if (!o) {
    return tw_k_oom(ctx, call);
  }
  size_t k = 0;
  from = 0;
  last = 0;
  for (;;) {
    int m = tw_regex_search(re, s, n, from, ov);
    if (m <= 0) {
      break;
    }
    memcpy(o + k, s + last, ov[0] - last);
    k += ov[0] - last;
    for (size_t i = 0; i < rn; i++) {
      if (r[i] == '\\' && i + 1 < rn && r[i + 1] >= '0' && r[i + 1] <= '9') {
        uint32_t g = (uint32_t)(r[i + 1] - '0');
        i++;
        if (g <= ng && ov[2 * g] != (size_t)-1) {
          size_t len = ov[2 * g + 1] - ov[2 * g];
          memcpy(o + k, s + ov[2 * g], len);
          k += len;
        }
        continue;
      }
      if (r[i] == '\\' && i + 1 < rn && r[i + 1] == '\\') {
        i++;
      }
      o[k++] = r[i];
    }
    last = ov[1];
    if (ov[1] > ov[0]) {
      from = ov[1];
    } else {
      if (ov[1] >= n) {
        break;
      }
      from = ov[1] + 1;
    }
  }
  memcpy(o + k, s + last, n - last);
  k += n - last;
  o[k] = '\0';
  *out = tw_str(o, k);
  return 0;
}

/* trim family: mode 1 start, 2 end, 3 both. */
static int trim_kernel(tw_eval_ctx *ctx, tw_ast *call, const tw_value *args,
                       tw_value *out, int mode) {
  const char *p, *s;
  size_t pn, n;
  int rc;
  if ((rc = tw_k_str(ctx, call, &args[0], &p, &pn)) ||
      (rc = tw_k_str(ctx, call, &args[1], &s, &n))) {
    return rc;
  }
  /* wrapped pattern: \A(?:P)+ | (?:P)+\z | both */
  size_t wn = 2 * pn + 32;
  char *w = tw_arena_alloc(ctx->arena, wn);
  if (!w) {
    return tw_k_oom(ctx, call);
  }
  size_t k = 0;
  if (mode & 1) {
    memcpy(w + k, "\\A(?:", 5);
    k += 5;
    memcpy(w + k, p, pn);
    k += pn;
    memcpy(w + k, ")+", 2);
    k += 2;
  }
  if (mode == 3) {
    w[k++] = '|';
  }
  if (mode & 2) {
    memcpy(w + k, "(?:", 3);
    k += 3;
    memcpy(w + k, p, pn);
    k += pn;
    memcpy(w + k, ")+\\z", 4);
    k += 4;
  }
  tw_value wv = tw_str(w, k);
  tw_regex *re;
  if ((rc = get_re(ctx, call, 0, &wv, &re))) {
    return rc;
  }
  size_t ov[OVN];
  size_t b = 0, e = n;
  int m = tw_regex_search(re, s, n, 0, ov);
  if (m < 0) {
    return match_fail(ctx, call);
  }
  if (m == 1 && ov[0] == 0 && (mode & 1)) {
    b = ov[1];
    if (mode == 3 && b < n) {
      m = tw_regex_search(re, s, n, b, ov);
      if (m < 0) {
        return match_fail(ctx, call);
      }
      if (m == 1 && ov[1] == n) {
        e = ov[0];
      }
    }
  } else if (m == 1 && ov[1] == n && (mode & 2)) {
    e = ov[0];
  }
  if (e < b) {
    e = b;
  }
  *out = tw_str(s + b, e - b);
  return 0;
}

TW_KERNEL(trim) {
  (void)nargs;
  return trim_kernel(ctx, call, args, out, 3);
}

TW_KERNEL(trim_start) {
  (void)nargs;
  return trim_kernel(ctx, call, args, out, 1);
}

TW_KERNEL(trim_end) {
  (void)nargs;
  return trim_kernel(ctx, call, args, out, 2);
}

TW_KERNEL(indexof_regex) {
  tw_regex *re;
  const char *s;
  size_t n;
  int rc;
  if (tw_k_nullish(&args[0])) {
    *out = tw_null(TW_T_LONG);
    return 0;
  }
  if ((rc = tw_k_str(ctx, call, &args[0], &s, &n)) ||
      (rc = get_re(ctx, call, 1, &args[1], &re))) {
    return rc;
  }
  int64_t cps = (int64_t)tw_utf8_count(s, n);
  int64_t start = 0, len = -1, occ = 1;
  if ((nargs > 2 && !tw_k_int(&args[2], &start)) ||
      (nargs > 3 && !tw_k_int(&args[3], &len)) ||
      (nargs > 4 && !tw_k_int(&args[4], &occ)) || len < -1 || occ <= 0) {
    *out = tw_null(TW_T_LONG);
    return 0;
  }
  if (start < 0) {
    *out = tw_null(TW_T_LONG);
    return 0;
  }
  if (start > cps) {
    *out = tw_long(-1);
    return 0;
  }
  int64_t endcp = len < 0 || start + len > cps ? cps : start + len;
  size_t from = tw_utf8_offset(s, n, (size_t)start);
  size_t b1 = tw_utf8_offset(s, n, (size_t)endcp);
  size_t ov[OVN];
  for (;;) {
    int m = tw_regex_search(re, s, b1, from, ov);
    if (m < 0) {
      return match_fail(ctx, call);
    }
    if (m == 0) {
      *out = tw_long(-1);
      return 0;
    }
    if (--occ == 0) {
      *out = tw_long((int64_t)tw_utf8_count(s, ov[0]));
      return 0;
    }
    from = ov[1] > ov[0] ? ov[1] : ov[1] + 1;
    if (from > b1) {
      *out = tw_long(-1);
      return 0;
    }
  }
}
