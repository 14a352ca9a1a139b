/*
 * kql/parse_int.h - parser state and helpers shared by parse.c (statements),
 * parse_expr.c (scalar expressions, literals) and parse_ops.c (tabular
 * operators). Private to the parser.
 */
#ifndef TW_KQL_PARSE_INT_H
#define TW_KQL_PARSE_INT_H

#include <stdbool.h>

#include "kql/lexer.h"
#include "kql/parse.h"

typedef struct tw_parser {
  const char *src;
  size_t len;
  tw_lexer lx;
  tw_token tok;       /* current token */
  uint32_t prev_end;  /* end offset of the last consumed token */
  tw_arena *a;
  trawl_diag *diag;
  int depth;          /* current nesting depth */
  bool failed;
} tw_parser;

/* A growable child array in the arena (doubling). */
typedef struct tw_kvec {
  tw_ast **v;
  uint32_t n, cap;
} tw_kvec;

/* ---- parse.c: token stream, errors, nodes */
void tw_p_init(tw_parser *p, const char *src, size_t len, tw_arena *a,
               trawl_diag *diag);
void tw_p_advance(tw_parser *p);
/* The k-th token after the current one (k >= 1), without consuming. */
tw_token tw_p_peek(const tw_parser *p, int k);
/* Record a syntax error at `t` (first error wins). Returns NULL. */
tw_ast *tw_p_error_at(tw_parser *p, tw_token t, const char *fmt, ...);
/* "expected X but found Y" at the current token. Returns NULL. */
tw_ast *tw_p_expected(tw_parser *p, const char *what);
bool tw_p_is(const tw_parser *p, int kind);
/* Current token is identifier `w`. */
bool tw_p_is_kw(const tw_parser *p, const char *w);
bool tw_p_tok_is_kw(const tw_parser *p, tw_token t, const char *w);
/* Consume a token of `kind` or fail with "expected ...". */
bool tw_p_expect(tw_parser *p, int kind);
bool tw_p_expect_kw(tw_parser *p, const char *w);
bool tw_p_accept(tw_parser *p, int kind);
bool tw_p_accept_kw(tw_parser *p, const char *w);

tw_ast *tw_p_node(tw_parser *p, int kind, uint32_t off);
/* Set n->len so the node spans from n->off to the last consumed token. */
tw_ast *tw_p_finish(tw_parser *p, tw_ast *n);
bool tw_p_push(tw_parser *p, tw_kvec *kv, tw_ast *kid);
void tw_p_set_kids(tw_ast *n, const tw_kvec *kv);
tw_ast *tw_p_node1(tw_parser *p, int kind, uint32_t off, tw_ast *kid);
/* The name text of an IDENT/QIDENT/BANG_IDENT token (arena copy). */
const char *tw_p_name(tw_parser *p, tw_token t);
/* Consume an identifier or quoted identifier and return its name. */
const char *tw_p_ident(tw_parser *p, const char *what);
bool tw_p_enter(tw_parser *p);
void tw_p_leave(tw_parser *p);

/* ---- parse_expr.c */
tw_ast *tw_p_expr(tw_parser *p);
/* An expression that stops before `in`/`==`-level operators (make-series
 * `on Axis in range(...)`). */
tw_ast *tw_p_expr_no_in(tw_parser *p);
/* An expression that may also be a tabular expression (call arguments,
 * let values, parenthesised items). */
tw_ast *tw_p_arg(tw_parser *p);
/* Primary with postfix member access/calls (no binary operators). */
tw_ast *tw_p_postfix(tw_parser *p);
/* A literal value from a literal token (current token; consumed). */
tw_ast *tw_p_literal(tw_parser *p);
/* `name = expr`, `(a, b) = expr` or `expr`. */
tw_ast *tw_p_assign_or_expr(tw_parser *p);
/* A comma list of tw_p_assign_or_expr into kv. */
bool tw_p_assign_list(tw_parser *p, tw_kvec *kv);
/* Current token begins a tuple assignment `(a, b) =`. */
bool tw_p_at_tuple_assign(const tw_parser *p);
/* Current token is an identifier/quoted identifier followed by '='. */
bool tw_p_at_assign(const tw_parser *p);

/* ---- parse_ops.c */
/* A tabular expression: source [| operator]... */
tw_ast *tw_p_tabular(tw_parser *p);
/* Continue a pipeline from an already parsed source. */
tw_ast *tw_p_pipe_from(tw_parser *p, tw_ast *src);
/* Current token starts a tabular-only source (datatable, union, ...). */
bool tw_p_at_tabular_source(const tw_parser *p);
/* Helpers shared by parse_ops.c and parse_ops2.c. */
bool tw_p_at_end_of_op(const tw_parser *p);
tw_ast *tw_p_finish_kids(tw_parser *p, tw_ast *n, tw_kvec *kv);
tw_ast *tw_p_list_node(tw_parser *p, uint32_t off, tw_kvec *kv);
/* `name = value` / `hint.x = value` operator option -> AST_NAMED_ARG. */
tw_ast *tw_p_named_option(tw_parser *p);
/* At `word =` for one of `names` (NULL-terminated) or at `hint.` */
bool tw_p_at_option(const tw_parser *p, const char *const *names);
/* The value of an option when it is a plain word, else NULL. */
const char *tw_p_opt_word(const tw_ast *o);
/* Wrap e in AST_SORT_KEY reading [asc|desc] [nulls first|last]. */
tw_ast *tw_p_sort_key(tw_parser *p, tw_ast *e, int dflt);
tw_ast *tw_p_mv_item(tw_parser *p);
/* One pipe operator at the current token (parse_ops2.c). */
tw_ast *tw_p_operator(tw_parser *p);
tw_ast *tw_p_op_evaluate(tw_parser *p);
/* At an operator that is parsed as AST_OTHER_OP (graph-match, fork...). */
bool tw_p_at_other_op(const tw_parser *p);
/* Parse one as AST_OTHER_OP: its keyword and balanced tokens up to the
 * end of the operator (or statement, when !stop_at_pipe). */
tw_ast *tw_p_other_op(tw_parser *p, bool stop_at_pipe);

/* A function body `{ lets...; expr }` (parse.c). */
tw_ast *tw_p_body(tw_parser *p);
/* A parameter list `(a:string, T:(*), n:long = 5)` (parse.c). */
bool tw_p_params(tw_parser *p, tw_kvec *kv);
/* Column declarations `(a:string, b:long)` into kv (parse.c). */
bool tw_p_column_decls(tw_parser *p, tw_kvec *kv);
/* A scalar type word (consumed); TW_T_UNKNOWN with an error otherwise. */
tw_type tw_p_type(tw_parser *p);

#endif
