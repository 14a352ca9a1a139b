/*
 * functions/operators.h - KQL's scalar operators, one row at a time:
 * arithmetic (with widening and datetime/timespan rules), comparisons,
 * equality with Kusto's null table (kql-semantics 2.2), and/or, the string
 * operators (has, contains, startswith, ... with _cs and negated forms,
 * matches regex, like), in / !in / in~ / !in~ / has_any / has_all, between
 * and unary minus.
 *
 * The executor evaluates operand columns over a batch and calls these per
 * row. Results that need memory (strings) go to ctx->arena. A node may get
 * a cache (compiled regex, hash set of a constant list) in node->cache,
 * freed by tw_fn_cache_free(node). Each returns 0 or a trawl_status (then
 * ctx->diag is filled, positioned at the node).
 */
#ifndef TW_FUNCTIONS_OPERATORS_H
#define TW_FUNCTIONS_OPERATORS_H

#include <stdint.h>

#include "functions/function.h"

/* a <op> b for node->op (tw_binop); node->type is the bound result type
 * (the result is converted to it when it is a different numeric type). */
int tw_binop_eval(tw_eval_ctx *ctx, tw_ast *node, const tw_value *a,
                  const tw_value *b, tw_value *out);

/* lhs in (items...) for node->op (tw_inop). Dynamic-array items are
 * flattened (nested arrays too). When the items are constant for the
 * query (node->kids[1..] are literals or names bound to constants) a hash
 * set is built once and cached on the node. */
int tw_in_eval(tw_eval_ctx *ctx, tw_ast *node, const tw_value *lhs,
               const tw_value *items, uint32_t nitems, tw_value *out);

/* v between (lo .. hi) (node->op 0) or !between (1). For datetimes `hi`
 * may be a timespan meaning lo + hi. */
int tw_between_eval(tw_eval_ctx *ctx, tw_ast *node, const tw_value *v,
                    const tw_value *lo, const tw_value *hi, tw_value *out);

/* -a (numbers, timespans). */
int tw_neg_eval(tw_eval_ctx *ctx, tw_ast *node, const tw_value *a,
                tw_value *out);

/* Kusto `==` on two values: 1 equal, 0 not, -1 null (both null).
 * `ci` folds ASCII case for strings (=~). Exactly one null gives 0. */
int tw_value_eq3(const tw_value *a, const tw_value *b, int ci);

/* Ordering of two non-null comparable values for < <= > >=: <0, 0, >0, or
 * 2 when they cannot be compared (NaN, mismatched types). */
int tw_value_order(const tw_value *a, const tw_value *b);

/* True when an expression's value is the same for every row and every run
 * of the query (literals, names bound to constants, pure functions of
 * constants). */
int tw_ast_is_constant(const tw_ast *e);
/* As tw_ast_is_constant but now() and ago() count as constant (they are
 * fixed for one run; caches keyed by ctx->now). */
int tw_ast_is_run_constant(const tw_ast *e);

#endif
