/*
 * kql/bind.h - the KQL binder: resolves names, types every expression and
 * computes the schema of every tabular node, in place, as described in the
 * top comment of kql/ast.h.
 */
#ifndef TW_KQL_BIND_H
#define TW_KQL_BIND_H

#include "base/arena.h"
#include "kql/ast.h"
#include "trawl.h"

/*
 * Bind a parsed AST_QUERY in place. New nodes, names and schemas go into
 * `a` (the query's arena). On error diag holds the message and the span
 * (off/len) of the offending name or expression.
 */
trawl_status tw_bind_query(tw_ast *query, tw_arena *a, trawl_diag *diag);

/* The same, given the query text the tree was parsed from: errors about
 * an operator then point at the operator token itself, as Kusto's do. */
trawl_status tw_bind_query_text(tw_ast *query, const char *text, size_t len,
                                tw_arena *a, trawl_diag *diag);

/* Result schema of a bound query: the schema of its final expression, or
 * NULL when the query has no tabular result. */
const tw_schema *tw_bind_result(const tw_ast *query);

#endif
