/*
 * functions/regex.c - PCRE2 behind KQL's regex functions and operators,
 * with per-call-site caching of compiled patterns (see regex.h).
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "functions/regex.h"

#include <pcre2.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/limits.h"
#include "functions/convert.h"

struct tw_regex {
  pcre2_code *code;
  pcre2_match_data *md;
  pcre2_match_context *mctx;
  uint32_t ngroups;
};

/* Backtracking bounds: a pathological pattern fails the row instead of
 * running for minutes. */
#define TW_REGEX_MATCH_LIMIT 5000000u
#define TW_REGEX_DEPTH_LIMIT 100000u

tw_regex *tw_regex_compile(const char *pat, size_t n, char *err,
                           size_t errlen) {
  int ec = 0;
  PCRE2_SIZE eoff = 0;
  uint32_t opts = PCRE2_UTF | PCRE2_MATCH_INVALID_UTF | PCRE2_UCP |
                  PCRE2_DOLLAR_ENDONLY;
  pcre2_code *code = pcre2_compile((PCRE2_SPTR)(n ? pat : ""), n, opts, &ec,
                                   &eoff, NULL);
  if (!code) {
    if (err && errlen) {
      PCRE2_UCHAR msg[256];
      pcre2_get_error_message(ec, msg, sizeof msg);
      snprintf(err, errlen, "%s at offset %zu", (const char *)msg,
               (size_t)eoff);
    }
    return NULL;
  }
  uint32_t ng = 0;
  pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &ng);
  if (ng > TW_REGEX_MAX_GROUPS) {
    pcre2_code_free(code);
    if (err && errlen) {
      snprintf(err, errlen, "too many capture groups (%u; at most %d)", ng,
               TW_REGEX_MAX_GROUPS);
    }
    return NULL;
  }
  tw_regex *re = calloc(1, sizeof *re);
  if (!re) {
    pcre2_code_free(code);
    if (err && errlen) {
      snprintf(err, errlen, "out of memory");
    }
    return NULL;
  }
  re->code = code;
  re->ngroups = ng;
  (void)pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);
  re->md = pcre2_match_data_create_from_pattern(code, NULL);
  re->mctx = pcre2_match_context_create(NULL);
  if (!re->md || !re->mctx) {
    tw_regex_free(re);
    if (err && errlen) {
      snprintf(err, errlen, "out of memory");
    }
    return NULL;
  }
  pcre2_set_match_limit(re->mctx, TW_REGEX_MATCH_LIMIT);
  pcre2_set_depth_limit(re->mctx, TW_REGEX_DEPTH_LIMIT);
  return re;
}

void tw_regex_free(tw_regex *re) {
  if (!re) {
    return;
  }
  pcre2_match_data_free(re->md);
  pcre2_match_context_free(re->mctx);
  pcre2_code_free(re->code);
  free(re);
}

uint32_t tw_regex_ngroups(const tw_regex *re) { return re->ngroups; }

int tw_regex_group_index(const tw_regex *re, const char *name, size_t n) {
  char tmp[128];
  if (n >= sizeof tmp) {
    return -1;
  }
  memcpy(tmp, name, n);
  tmp[n] = '\0';
  int rc = pcre2_substring_number_from_name(re->code, (PCRE2_SPTR)tmp);
  return rc < 0 ? -1 : rc;
}

int tw_regex_search(tw_regex *re, const char *s, size_t n, size_t start,
                    size_t *ov) {
  if (start > n) {
    return 0;
  }
  int rc = pcre2_match(re->code, (PCRE2_SPTR)(s ? s : ""), n, start, 0,
                       re->md, re->mctx);
  if (rc == PCRE2_ERROR_NOMATCH) {
    return 0;
  }
  if (rc < 0) {
    return -1;
  }
  PCRE2_SIZE *o = pcre2_get_ovector_pointer(re->md);
  uint32_t pairs = re->ngroups + 1;
  for (uint32_t i = 0; i < pairs; i++) {
    if ((int)i < rc && o[2 * i] != PCRE2_UNSET) {
      ov[2 * i] = o[2 * i];
      ov[2 * i + 1] = o[2 * i + 1];
    } else {
      ov[2 * i] = (size_t)-1;
      ov[2 * i + 1] = (size_t)-1;
    }
  }
  return 1;
}

/* ------------------------------------------------------------- caching */

typedef struct regex_cache {
  tw_node_cache hdr;
  char *pat;
  size_t n;
  tw_regex *re;
} regex_cache;

static void regex_cache_destroy(tw_node_cache *c) {
  regex_cache *rc = (regex_cache *)c;
  tw_regex_free(rc->re);
  free(rc->pat);
  free(rc);
}

int tw_fn_error(tw_eval_ctx *ctx, const tw_ast *node, int code,
                const char *fmt, ...) {
  if (ctx && ctx->diag) {
    trawl_diag *d = ctx->diag;
    d->code = (trawl_status)code;
    d->off = node ? node->off : 0;
    d->len = node ? node->len : 0;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(d->message, sizeof d->message, fmt, ap);
    va_end(ap);
  }
  return code;
}

int tw_regex_for(tw_eval_ctx *ctx, tw_ast *node, const tw_ast *at,
                 const tw_value *patv, tw_regex **out) {
  const char *pat;
  size_t n;
  if (tw_value_str(ctx->arena, patv, &pat, &n) < 0) {
    return tw_fn_error(ctx, node, TRAWL_ERR_NOMEM, "out of memory");
  }
  regex_cache *rc = node->cache;
  if (rc && rc->hdr.destroy == regex_cache_destroy && rc->n == n &&
      (n == 0 || memcmp(rc->pat, pat, n) == 0)) {
    *out = rc->re;
    return 0;
  }
  char err[300];
  tw_regex *re = tw_regex_compile(pat, n, err, sizeof err);
  if (!re) {
    return tw_fn_error(ctx, at ? at : node, TRAWL_ERR_RUNTIME,
                       "bad regular expression: %s", err);
  }
  if (!rc || rc->hdr.destroy != regex_cache_destroy) {
    if (rc) {
      /* someone else's cache: leave it alone, do not cache */
      *out = NULL;
      tw_regex_free(re);
      return tw_fn_error(ctx, node, TRAWL_ERR_RUNTIME,
                         "internal: node cache in use");
    }
    rc = calloc(1, sizeof *rc);
    if (!rc) {
      tw_regex_free(re);
      return tw_fn_error(ctx, node, TRAWL_ERR_NOMEM, "out of memory");
    }
    rc->hdr.destroy = regex_cache_destroy;
    node->cache = rc;
  }
  char *copy = malloc(n + 1);
  if (!copy) {
    tw_regex_free(re);
    return tw_fn_error(ctx, node, TRAWL_ERR_NOMEM, "out of memory");
  }
  memcpy(copy, pat, n);
  copy[n] = '\0';
  tw_regex_free(rc->re);
  free(rc->pat);
  rc->re = re;
  rc->pat = copy;
  rc->n = n;
  *out = re;
  return 0;
}

/* ------------------------------------------------- compile-time check */

static const tw_ast *const_string(const tw_ast *e, int depth) {
  while (e && depth < 64 && e->kind == AST_NAME && e->bind == TW_BIND_EXPR) {
    e = e->ref;
    depth++;
  }
  if (e && e->kind == AST_LITERAL && e->lit.type == TW_T_STRING) {
    return e;
  }
  return NULL;
}

/* The argument index holding a regex pattern in `e`, or -1. */
static int pattern_arg(const tw_ast *e) {
  if (e->kind == AST_BINARY && e->op == BIN_MATCHES_REGEX) {
    return 1;
  }
  if (e->kind != AST_CALL || e->bind != TW_BIND_FUNCTION) {
    return -1;
  }
  switch (e->slot) {
  case TW_FN_extract:
  case TW_FN_extract_all:
  case TW_FN_trim:
  case TW_FN_trim_start:
  case TW_FN_trim_end:
    return 0;
  case TW_FN_replace_regex:
  case TW_FN_indexof_regex:
    return 1;
  case TW_FN_countof: {
    const tw_ast *k = e->nkids > 2 ? const_string(e->kids[2], 0) : NULL;
    return k && k->lit.len == 5 && memcmp(k->lit.u.s, "regex", 5) == 0 ? 1
                                                                      : -1;
  }
  default:
    return -1;
  }
}

static trawl_status check_rec(const tw_ast *e, trawl_diag *diag, int depth) {
  if (!e || depth > TW_MAX_EXPR_DEPTH + 100) {
    return TRAWL_OK;
  }
  int pi = pattern_arg(e);
  if (pi >= 0 && (uint32_t)pi < e->nkids) {
    const tw_ast *lit = const_string(e->kids[pi], 0);
    if (lit) {
      char err[300];
      tw_regex *re = tw_regex_compile(lit->lit.u.s, lit->lit.len, err,
                                      sizeof err);
      if (!re) {
        tw_eval_ctx ctx = {NULL, 0, diag};
        return (trawl_status)tw_fn_error(&ctx, e->kids[pi], TRAWL_ERR_RUNTIME,
                                         "bad regular expression: %s", err);
      }
      tw_regex_free(re);
    }
  }
  for (uint32_t i = 0; i < e->nkids; i++) {
    trawl_status st = check_rec(e->kids[i], diag, depth + 1);
    if (st != TRAWL_OK) {
      return st;
    }
  }
  return TRAWL_OK;
}

trawl_status tw_fn_check_tree(const tw_ast *root, trawl_diag *diag) {
  return check_rec(root, diag, 0);
}
