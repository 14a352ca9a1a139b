/*
 * kql/parse.h - the KQL parser: query text -> syntax tree (kql/ast.h).
 *
 * Recursive descent for statements and tabular operators, precedence
 * climbing for scalar expressions (kql-semantics.md 1.8). Everything is
 * allocated in the caller's arena; nothing else is allocated. Errors are
 * TRAWL_ERR_SYNTAX with diag->off/len at the offending token.
 *
 * Tree conventions beyond ast.h:
 *  - Spans: a node's off/len cover its own text; a parenthesised
 *    expression keeps the span of its content (the parentheses are not a
 *    node). Error diagnostics point at the offending token.
 *  - Names and string literal values are NUL-terminated copies in the
 *    arena (lit.len holds the byte length; strings may contain NUL bytes
 *    written as escapes).
 *  - A bare name that the parser cannot classify (`let T = X;`, call
 *    arguments such as materialize(T)) stays AST_NAME; in a pipeline source
 *    or union leg it is AST_TABLE_REF. The binder decides what a name is.
 *    Union legs may hold '*' wildcards in the name (`union AWS*`).
 *  - A unary minus directly on a number or timespan literal is folded into
 *    the literal (`-5` is AST_LITERAL -5).
 *  - Operator options (`kind=`, `with_itemindex=`, `bagexpansion=`,
 *    `hint.*=`...) that ast.h has no field for are AST_NAMED_ARG kids placed
 *    before the operator's documented kids, in: AST_MV_EXPAND, AST_MV_APPLY
 *    (inside its kids[0] list), AST_AS, AST_EVALUATE. Hints on join/lookup/
 *    union are dropped (they never change results).
 *  - AST_PARSE: op = tw_parse_kind | TW_PARSE_WHERE for parse-where; name =
 *    the `flags=` text or NULL.
 *  - AST_MV_APPLY: kids[1] is an AST_PIPE whose source kids[0] is an empty
 *    AST_LIST standing for the expanded rows.
 *  - AST_TOP: kids[0] = count, kids[1..] = AST_SORT_KEY (one or more).
 *  - AST_COUNT: name = the column name of `count as Name`, or NULL.
 *  - AST_PARAM of a tabular parameter `T:(a:string, *)`: kids are the
 *    AST_COLUMN_DECLs, plus an AST_STAR where `*` (more columns) is written;
 *    `T:(*)` has no kids.
 *  - AST_FUNC_DEF: op = 1 for `view () {...}`.
 *  - AST_TOP_NESTED levels: AST_LIST kids: count (or empty AST_LIST), of-expr
 *    (expr or AST_ASSIGN), AST_SORT_KEY over the aggregate (expr or
 *    AST_ASSIGN), then optionally AST_NAMED_ARG "others".
 *  - AST_MAKE_SERIES: kids[0] items may be followed by AST_NAMED_ARG
 *    "default"; kids[2] holds AST_NAMED_ARG from/to/step; kind= options go
 *    in a 5th kid: AST_LIST of AST_NAMED_ARG.
 *  - `render ...` is parsed and dropped (it only affects display).
 *  - A run of more than 64 operands joined by one of and, or, + (`a or b
 *    or c ...`) is a balanced tree of AST_BINARY nodes (height log2 n, not
 *    n), each with decl_type = TW_AST_BALANCED; the printer writes them
 *    back flat. Shorter runs are left-deep, as written.
 */
#ifndef TW_KQL_PARSE_H
#define TW_KQL_PARSE_H

#include <stddef.h>

#include "base/arena.h"
#include "kql/ast.h"
#include "trawl.h"

/* decl_type of an AST_BINARY node of a balanced run (above). */
#define TW_AST_BALANCED 1

/* Flag in AST_PARSE.op for parse-where. */
#define TW_PARSE_WHERE 0x10

/* Parse a whole query (statements; the last is the result expression).
 * *out is an AST_QUERY. */
trawl_status tw_parse_query(const char *src, size_t len, tw_arena *a,
                            tw_ast **out, trawl_diag *diag);

/* Parse a lone scalar expression (all of src). */
trawl_status tw_parse_expr(const char *src, size_t len, tw_arena *a,
                           tw_ast **out, trawl_diag *diag);

/* The declared type named by a KQL type word (string, long, real, double,
 * datetime, date, timespan, time, bool, boolean, int, guid, dynamic,
 * decimal), or TW_T_UNKNOWN. */
tw_type tw_parse_type_name(const char *s, size_t n);

/* AST -> canonical KQL text (kql/print.c). malloc'd; NULL on OOM. */
char *tw_ast_print(const tw_ast *q);

/* The KQL spelling of a binary operator (BIN_* in ast.h), as the parser
 * reads it and the printer writes it: "=~", "has_cs", "matches regex". */
const char *tw_binop_text(int op);

/* Replace the value of the top-level `let NAME = ...;` with the scalar
 * expression value_text (kql/set.c). TRAWL_ERR_NAME if there is none. */
trawl_status tw_query_set_let(tw_ast *query, const char *name,
                              const char *value_text, tw_arena *a,
                              trawl_diag *diag);

#endif
