/*
 * functions/regex.h - regular expressions for KQL (matches regex, extract,
 * extract_all, replace_regex, trim, parse kind=regex) on PCRE2, configured
 * to behave like RE2 / Rust regex as far as it can: UTF-8 with invalid
 * bytes tolerated, Unicode \d \w \s \b, `$` only at the very end, no
 * backtracking blow-up beyond PCRE2's match limits.
 *
 * tw_regex_for() gives the compiled regex for a call site: it is cached on
 * the node (node->cache, freed by tw_fn_cache_free) and keyed by the
 * pattern text, so a constant pattern compiles once and a pattern that
 * varies per row recompiles only when it changes.
 */
#ifndef TW_FUNCTIONS_REGEX_H
#define TW_FUNCTIONS_REGEX_H

#include <stddef.h>
#include <stdint.h>

#include "functions/function.h"

/* Most capture groups a KQL regex may use (kql-semantics 4.5: 16). */
#define TW_REGEX_MAX_GROUPS 64

typedef struct tw_regex tw_regex;

/* Compile; NULL with a message in err (errlen bytes) on failure. */
tw_regex *tw_regex_compile(const char *pat, size_t n, char *err,
                           size_t errlen);
void tw_regex_free(tw_regex *re);
/* Capture groups in the pattern (not counting group 0). */
uint32_t tw_regex_ngroups(const tw_regex *re);
/* Group number of a named group, or -1. */
int tw_regex_group_index(const tw_regex *re, const char *name, size_t n);

/*
 * Search s[start..n). On a match returns 1 and fills ov[0..2*(ngroups+1))
 * with byte offsets (unset groups: (size_t)-1); 0 = no match; -1 = the
 * match failed (limits). `ov` must hold 2 * (ngroups + 1) entries.
 */
int tw_regex_search(tw_regex *re, const char *s, size_t n, size_t start,
                    size_t *ov);

/*
 * The regex for pattern value `pat` at call site `node` (cached there).
 * On a bad pattern fills ctx->diag (positioned at the pattern's argument
 * node `at`, or `node`) and returns TRAWL_ERR_RUNTIME.
 */
int tw_regex_for(tw_eval_ctx *ctx, tw_ast *node, const tw_ast *at,
                 const tw_value *pat, tw_regex **out);

/* Fill ctx->diag with a runtime error located at `node`; returns code. */
int tw_fn_error(tw_eval_ctx *ctx, const tw_ast *node, int code,
                const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* Every cache object that functions/ hangs on an AST node starts with
 * this header; tw_fn_cache_free calls `destroy`. */
typedef struct tw_node_cache {
  void (*destroy)(struct tw_node_cache *c);
} tw_node_cache;

#endif
