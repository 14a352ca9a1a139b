/*
 * functions/fn_string.c - string kernels: tolower, toupper, strlen, strcat,
 * strcat_delim, substring, split, replace_string, indexof, countof, strcmp,
 * reverse (kql-semantics 5.3). Lengths and positions count Unicode code
 * points; non-string arguments are converted with tostring.
 */
#include <string.h>

#include "base/limits.h"
#include "functions/kernels.h"
#include "functions/regex.h"
#include "functions/strmatch.h"
#include "value/json.h"

/* ------------------------------------------------------- case mapping */

static uint32_t cp_lower(uint32_t c) {
  if ((c >= 0xC0 && c <= 0xDE && c != 0xD7) ||
      (c >= 0x391 && c <= 0x3AB && c != 0x3A2) ||
      (c >= 0x410 && c <= 0x42F)) {
    return c + 0x20;
  }
  if (c >= 0x400 && c <= 0x40F) {
    return c + 0x50;
  }
  if (c == 0x130) {
    return 'i';
  }
  if (c == 0x178) {
    return 0xFF;
  }
  if (((c >= 0x100 && c <= 0x137) || (c >= 0x14A && c <= 0x177)) &&
      !(c & 1)) {
    return c + 1;
  }
  if (((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E)) &&
      (c & 1)) {
    return c + 1;
  }
  return c;
}

static uint32_t cp_upper(uint32_t c) {
  if ((c >= 0xE0 && c <= 0xFE && c != 0xF7) ||
      (c >= 0x3B1 && c <= 0x3CB && c != 0x3C2) ||
      (c >= 0x430 && c <= 0x44F)) {
    return c - 0x20;
  }
  if (c >= 0x450 && c <= 0x45F) {
    return c - 0x50;
  }
  if (c == 0x3C2) {
    return 0x3A3;
  }
  if (c == 0xFF) {
    return 0x178;
  }
  if (c == 0x131) {
    return 'I';
  }
  if (((c >= 0x101 && c <= 0x137) || (c >= 0x14B && c <= 0x177)) &&
      (c & 1)) {
    return c - 1;
  }
  if (((c >= 0x13A && c <= 0x148) || (c >= 0x17A && c <= 0x17E)) &&
      !(c & 1)) {
    return c - 1;
  }
  return c;
}

/* Map case; the result is never longer than the input. */
static size_t map_case(const char *s, size_t n, char *o, int upper) {
  size_t k = 0;
  for (size_t i = 0; i < n;) {
    unsigned char c = (unsigned char)s[i];
    if (c < 0x80) {
      if (upper) {
        o[k++] = (c >= 'a' && c <= 'z') ? (char)(c - 32) : (char)c;
      } else {
        o[k++] = (char)tw_ascii_lower(c);
      }
      i++;
      continue;
    }
    if ((c & 0xE0) == 0xC0 && i + 1 < n &&
        ((unsigned char)s[i + 1] & 0xC0) == 0x80) {
      uint32_t cp = ((uint32_t)(c & 0x1F) << 6) |
                    ((unsigned char)s[i + 1] & 0x3F);
      uint32_t m = upper ? cp_upper(cp) : cp_lower(cp);
      if (m < 0x80) {
        o[k++] = (char)m;
      } else {
        o[k++] = (char)(0xC0 | (m >> 6));
        o[k++] = (char)(0x80 | (m & 0x3F));
      }
      i += 2;
      continue;
    }
    o[k++] = (char)c;
    i++;
  }
  return k;
}

static int case_kernel(tw_eval_ctx *ctx, tw_ast *call, const tw_value *v,
                       tw_value *out, int upper) {
  const char *s;
  size_t n;
  int rc = tw_k_str(ctx, call, v, &s, &n);
  if (rc) {
    return rc;
  }
  if (n == 0) {
    *out = tw_str("", 0);
    return 0;
  }
  char *o = tw_arena_alloc(ctx->arena, n + 1);
  if (!o) {
    return tw_k_oom(ctx, call);
  }
  size_t k = map_case(s, n, o, upper);
  o[k] = '\0';
  *out = tw_str(o, k);
  return 0;
}

TW_KERNEL(tolower) {
  (void)nargs;
  return case_kernel(ctx, call, &args[0], out, 0);
}

TW_KERNEL(toupper) {
  (void)nargs;
  return case_kernel(ctx, call, &args[0], out, 1);
}

TW_KERNEL(strlen) {
  (void)nargs;
  const char *s;
  size_t n;
  if (tw_k_nullish(&args[0])) {
    *out = tw_null(TW_T_LONG);
    return 0;
  }
  int rc = tw_k_str(ctx, call, &args[0], &s, &n);
  if (rc) {
    return rc;
  }
  *out = tw_long((int64_t)tw_utf8_count(s, n));
  return 0;
}

/* ---------------------------------------------------------- concat */

static int concat(tw_eval_ctx *ctx, tw_ast *call, const tw_value *args,
                  uint32_t nargs, const tw_value *delim, tw_value *out) {
  const char *ds = "";
  size_t dn = 0;
  int rc;
  if (delim && (rc = tw_k_str(ctx, call, delim, &ds, &dn)) != 0) {
    return rc;
  }
  size_t total = 0;
  const char *one = NULL;
  size_t onen = 0;
  for (uint32_t i = 0; i < nargs; i++) {
    const char *s;
    size_t n;
    if ((rc = tw_k_str(ctx, call, &args[i], &s, &n)) != 0) {
      return rc;
    }
    total += n + (i ? dn : 0);
    one = s;
    onen = n;
  }
  if (nargs == 1) {
    *out = tw_str(one, onen);
    return 0;
  }
  if (total == 0) {
    *out = tw_str("", 0);
    return 0;
  }
  if (total > TW_MAX_VALUE_BYTES) {
    return tw_k_too_big(ctx, call);
  }
  char *o = tw_arena_alloc(ctx->arena, total + 1);
  if (!o) {
    return tw_k_oom(ctx, call);
  }
  size_t k = 0;
  for (uint32_t i = 0; i < nargs; i++) {
    const char *s;
    size_t n;
    /* second pass: cheap for strings; scalars are re-formatted */
    if ((rc = tw_k_str(ctx, call, &args[i], &s, &n)) != 0) {
      return rc;
    }
    if (i && dn) {
      memcpy(o + k, ds, dn);
      k += dn;
    }
    if (n) {
      memcpy(o + k, s, n);
      k += n;
    }
  }
  o[k] = '\0';
  *out = tw_str(o, k);
  return 0;
}

TW_KERNEL(strcat) { return concat(ctx, call, args, nargs, NULL, out); }

TW_KERNEL(strcat_delim) {
  if (nargs < 1) {
    *out = tw_str("", 0);
    return 0;
  }
  return concat(ctx, call, args + 1, nargs - 1, &args[0], out);
}

/* -------------------------------------------------------- substring */

TW_KERNEL(substring) {
  const char *s;
  size_t n;
  int64_t start = 0, len = -1;
  int rc = tw_k_str(ctx, call, &args[0], &s, &n);
  if (rc) {
    return rc;
  }
  if (nargs < 2 || !tw_k_int(&args[1], &start) ||
      (nargs > 2 && !tw_k_int(&args[2], &len))) {
    *out = tw_str("", 0);
    return 0;
  }
  int64_t cps = (int64_t)tw_utf8_count(s, n);
  if (start < 0) {
    start += cps;
    if (start < 0) {
      start = 0;
    }
  }
  if (start >= cps || (nargs > 2 && len <= 0)) {
    *out = tw_str("", 0);
    return 0;
  }
  int64_t end = nargs > 2 && len < cps - start ? start + len : cps;
  size_t b0 = tw_utf8_offset(s, n, (size_t)start);
  size_t b1 = tw_utf8_offset(s, n, (size_t)end);
  *out = tw_str(s + b0, b1 - b0);
  return 0;
}

/* ------------------------------------------------------------ split */

TW_KERNEL(split) {
  const char *s, *d;
  size_t n, dn;
  int rc = tw_k_str(ctx, call, &args[0], &s, &n);
  if (rc || (rc = tw_k_str(ctx, call, &args[1], &d, &dn)) != 0) {
    return rc;
  }
  /* count pieces */
  uint32_t count = 1;
  if (dn) {
    size_t from = 0, at;
    while ((at = tw_str_find(s, n, d, dn, from, false)) != (size_t)-1) {
      count++;
      from = at + dn;
    }
  }
  if ((size_t)count * sizeof(tw_dyn) > TW_MAX_VALUE_BYTES) {
    return tw_k_too_big(ctx, call);
  }
  int64_t want = -1;
  if (nargs > 2) {
    if (!tw_k_int(&args[2], &want) || want < 0 || want >= count) {
      tw_dyn *items;
      tw_dyn *arr = tw_k_new_array(ctx, 0, &items);
      if (!arr) {
        return tw_k_oom(ctx, call);
      }
      *out = tw_dynamic(arr);
      return 0;
    }
  }
  tw_dyn *items;
  tw_dyn *arr = tw_k_new_array(ctx, want >= 0 ? 1 : count, &items);
  if (!arr) {
    return tw_k_oom(ctx, call);
  }
  size_t from = 0;
  for (uint32_t i = 0; i < count; i++) {
    size_t at = dn ? tw_str_find(s, n, d, dn, from, false) : (size_t)-1;
    size_t end = at == (size_t)-1 ? n : at;
    if (want < 0 || (int64_t)i == want) {
      tw_dyn *it = &items[want >= 0 ? 0 : i];
      char *c = tw_arena_strndup(ctx->arena, s + from, end - from);
      if (!c) {
        return tw_k_oom(ctx, call);
      }
      it->kind = TRAWL_DYN_STRING;
      it->u.s = c;
      it->n = (uint32_t)(end - from);
    }
    from = end + dn;
  }
  *out = tw_dynamic(arr);
  return 0;
}

/* --------------------------------------------------- replace_string */

TW_KERNEL(replace_string) {
  const char *s, *f, *r;
  size_t n, fn, rn;
  int rc;
  (void)nargs;
  if ((rc = tw_k_str(ctx, call, &args[0], &s, &n)) ||
      (rc = tw_k_str(ctx, call, &args[1], &f, &fn)) ||
      (rc = tw_k_str(ctx, call, &args[2], &r, &rn))) {
    return rc;
  }
  if (fn == 0) {
    *out = tw_str(s, n);
    return 0;
  }
  size_t count = 0, from = 0, at;
  while ((at = tw_str_find(s, n, f, fn, from, false)) != (size_t)-1) {
    count++;
    from = at + fn;
  }
  if (count == 0) {
    *out = tw_str(s, n);
    return 0;
  }
  size_t total = n - count * fn + count * rn;
  if (rn > TW_MAX_VALUE_BYTES || count > TW_MAX_VALUE_BYTES ||
      total > TW_MAX_VALUE_BYTES) {
    return tw_k_too_big(ctx, call);
  }
  char *o = tw_arena_alloc(ctx->arena, total + 1);
  if (!o) {
    return tw_k_oom(ctx, call);
  }
  size_t k = 0;
  from = 0;
  while ((at = tw_str_find(s, n, f, fn, from, false)) != (size_t)-1) {
    memcpy(o + k, s + from, at - from);
    k += at - from;
    memcpy(o + k, r, rn);
    k += rn;
    from = at + fn;
  }
  memcpy(o + k, s + from, n - from);
  k += n - from;
  o[k] = '\0';
  *out = tw_str(o, k);
  return 0;
}

/* ---------------------------------------------------------- indexof */

TW_KERNEL(indexof) {
  const char *s, *f;
  size_t n, fn;
  int rc;
  if (tw_k_nullish(&args[0]) || tw_k_nullish(&args[1])) {
    *out = tw_null(TW_T_LONG);
    return 0;
  }
  if ((rc = tw_k_str(ctx, call, &args[0], &s, &n)) ||
      (rc = tw_k_str(ctx, call, &args[1], &f, &fn))) {
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
    start += cps;
    if (start < 0) {
      start = 0;
    }
  }
  if (start > cps) {
    *out = tw_long(-1);
    return 0;
  }
  /* Each further occurrence is searched from just after the previous one
   * with the same window length (matches Kusto's documented results). */
  for (;;) {
    int64_t endcp = len < 0 || start + len > cps ? cps : start + len;
    size_t b0 = tw_utf8_offset(s, n, (size_t)start);
    size_t b1 = tw_utf8_offset(s, n, (size_t)endcp);
    size_t at = tw_str_find(s, b1, f, fn, b0, false);
    if (at == (size_t)-1) {
      *out = tw_long(-1);
      return 0;
    }
    int64_t atcp = (int64_t)tw_utf8_count(s, at);
    if (--occ == 0) {
      *out = tw_long(atcp);
      return 0;
    }
    start = atcp + 1;
  }
}

/* ---------------------------------------------------------- countof */

TW_KERNEL(countof) {
  const char *s, *f;
  size_t n, fn;
  int rc;
  if ((rc = tw_k_str(ctx, call, &args[0], &s, &n)) ||
      (rc = tw_k_str(ctx, call, &args[1], &f, &fn))) {
    return rc;
  }
  int regex = 0;
  if (nargs > 2) {
    const char *k;
    size_t kn;
    if ((rc = tw_k_str(ctx, call, &args[2], &k, &kn))) {
      return rc;
    }
    regex = kn == 5 && memcmp(k, "regex", 5) == 0;
  }
  int64_t count = 0;
  if (regex) {
    tw_regex *re;
    rc = tw_regex_for(ctx, call, call && call->nkids > 1 ? call->kids[1]
                                                          : call,
                      &args[1], &re);
    if (rc) {
      return rc;
    }
    size_t ov[2 * (TW_REGEX_MAX_GROUPS + 1)];
    size_t from = 0;
    while (from <= n && tw_regex_search(re, s, n, from, ov) == 1) {
      count++;
      from = ov[1] > ov[0] ? ov[1] : ov[1] + 1;
    }
  } else if (fn) {
    size_t from = 0, at;
    while ((at = tw_str_find(s, n, f, fn, from, false)) != (size_t)-1) {
      count++;
      from = at + 1;
    }
  }
  *out = tw_long(count);
  return 0;
}

TW_KERNEL(strcmp) {
  const char *a, *b;
  size_t an, bn;
  int rc;
  (void)nargs;
  if ((rc = tw_k_str(ctx, call, &args[0], &a, &an)) ||
      (rc = tw_k_str(ctx, call, &args[1], &b, &bn))) {
    return rc;
  }
  int c = tw_str_cmp(a, an, b, bn);
  *out = tw_long(c < 0 ? -1 : c > 0);
  return 0;
}

TW_KERNEL(reverse) {
  const char *s;
  size_t n;
  int rc = tw_k_str(ctx, call, &args[0], &s, &n);
  (void)nargs;
  if (rc) {
    return rc;
  }
  if (n == 0) {
    *out = tw_str("", 0);
    return 0;
  }
  char *o = tw_arena_alloc(ctx->arena, n + 1);
  if (!o) {
    return tw_k_oom(ctx, call);
  }
  size_t k = n;
  for (size_t i = 0; i < n;) {
    size_t j = i + 1;
    while (j < n && ((unsigned char)s[j] & 0xC0) == 0x80) {
      j++;
    }
    k -= j - i;
    memcpy(o + k, s + i, j - i);
    i = j;
  }
  o[n] = '\0';
  *out = tw_str(o, n);
  return 0;
}
