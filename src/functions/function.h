/*
 * functions/function.h - how built-in functions are called.
 *
 * The executor evaluates a call's arguments over a batch and then calls the
 * function's kernel once per row with that row's argument values. A kernel
 * writes its result into *out; strings and dynamic values it makes go into
 * ctx->arena (the batch's), never malloc per value. A kernel may keep
 * per-call-site state (a compiled regex for a constant pattern, a hash set
 * for a constant list) in call->cache; the executor frees it through
 * tw_fn_cache_free when the query is freed.
 *
 * Aggregates keep a state per group (in the operator's arena) and follow
 * init / step / final.
 */
#ifndef TW_FUNCTIONS_FUNCTION_H
#define TW_FUNCTIONS_FUNCTION_H

#include "kql/ast.h"
#include "value/value.h"

enum {
#define FN(name) TW_FN_##name,
#include "functions/functions.def"
  TW_FN_COUNT
};

enum {
#define AGG(name) TW_AGG_##name,
#include "functions/aggregates.def"
  TW_AGG_COUNT
};

typedef struct tw_eval_ctx {
  tw_arena *arena;     /* results' strings and dynamic trees go here */
  int64_t now;         /* now() in ticks */
  trawl_diag *diag;    /* for runtime errors; may be NULL */
} tw_eval_ctx;

/*
 * A scalar kernel. `call` is the bound AST_CALL (its `type` is the result
 * type; its kids let a kernel see whether an argument is a constant).
 * Returns 0, or a trawl_status on a runtime error (then diag is filled
 * with call's span).
 */
typedef int (*tw_scalar_fn)(tw_eval_ctx *ctx, tw_ast *call,
                            const tw_value *args, uint32_t nargs,
                            tw_value *out);

/* Kernel for a function id; NULL if not implemented yet. */
tw_scalar_fn tw_fn_kernel(int fn_id);
/* KQL name of a function id ("tolower"). */
const char *tw_fn_name(int fn_id);
/* Free what kernels cached on call nodes. */
void tw_fn_cache_free(tw_ast *call);
/*
 * Check a bound expression tree before running it: every constant regular
 * expression (matches regex, extract, extract_all, replace_regex, trim*,
 * indexof_regex, countof(..., "regex")) must compile. Returns TRAWL_OK or
 * TRAWL_ERR_RUNTIME with diag positioned at the pattern. Optional: the
 * same error is reported at run time otherwise.
 */
trawl_status tw_fn_check_tree(const tw_ast *root, trawl_diag *diag);

typedef struct tw_agg_def {
  size_t state_size;
  /* Set up a fresh state (zeroed memory of state_size bytes). */
  void (*init)(void *state, const tw_ast *call);
  /* Fold one row's argument values in. `a` is the operator's arena for
   * anything the state keeps (copy strings you keep). 0 or an error. */
  int (*step)(void *state, tw_arena *a, const tw_ast *call,
              const tw_value *args, uint32_t nargs);
  /* The result; may point into `a`. */
  int (*final)(void *state, tw_arena *a, const tw_ast *call, tw_value *out);
  /* Aggregates with several output columns (arg_max, arg_min: E then each
   * further argument; take_any: one per argument; percentiles: one per
   * percentage) fill outs[0..n) instead; NULL for the others. For them
   * `final` gives the first column. */
  int (*final_multi)(void *state, tw_arena *a, const tw_ast *call,
                     tw_value *outs, uint32_t n);
} tw_agg_def;

/* Definition for an aggregate id; NULL if not implemented yet. */
const tw_agg_def *tw_agg_get(int agg_id);
const char *tw_agg_name(int agg_id);

#endif
