/*
 * kql/bind_int.h - state and helpers shared by the binder's files:
 * bind.c (scopes, statements, lets, user functions, names), bind_expr.c
 * (scalar expressions and calls) and bind_ops.c (tabular operators).
 */
#ifndef TW_KQL_BIND_INT_H
#define TW_KQL_BIND_INT_H

#include <stdarg.h>

#include "kql/bind.h"

/* What a let name (or function parameter) stands for. */
typedef enum tw_sym_kind {
  TW_SYM_SCALAR,   /* node: bound scalar expression */
  TW_SYM_TABULAR,  /* node: bound tabular expression */
  TW_SYM_FUNC      /* node: AST_FUNC_DEF (bound per call) */
} tw_sym_kind;

typedef struct tw_sym {
  const char *name;
  int kind;          /* tw_sym_kind */
  tw_ast *node;
  struct tw_sym *next;  /* outer / earlier symbols */
} tw_sym;

/* The row an expression is evaluated against. */
typedef struct tw_row {
  const tw_schema *cols;    /* columns in scope (NULL: none) */
  const tw_schema *left;    /* join conditions: $left / $right */
  const tw_schema *right;
  int agg;                  /* aggregates allowed (summarize) */
} tw_row;

typedef struct tw_binder {
  tw_arena *a;
  trawl_diag *diag;
  const char *text;         /* query text, or NULL (positions only) */
  size_t tlen;
  tw_ast *pipe;             /* the pipe whose operator is being bound */
  tw_sym *syms;             /* innermost first */
  int depth;                /* recursion guard */
  int inline_depth;         /* user-function inlining depth */
  long inline_calls;        /* user-function calls inlined so far */
  long cloned;              /* nodes copied for inlining so far */
} tw_binder;

/* A growing list of columns (schema under construction). */
typedef struct tw_cols {
  tw_column *v;
  uint32_t n, cap;
} tw_cols;

/* ---- bind.c */
trawl_status tw_bind_err(tw_binder *b, trawl_status code, const tw_ast *at,
                         const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
trawl_status tw_bind_nomem(tw_binder *b);
tw_sym *tw_bind_lookup(tw_binder *b, const char *name);
/* Bind a tabular expression (source or pipe); sets node->schema. */
trawl_status tw_bind_tabular(tw_binder *b, tw_ast *node);
/* Is this node (as written) a tabular expression? Resolves names. */
int tw_bind_is_tabular(tw_binder *b, const tw_ast *node);
/* Inline a call of a user function in place and bind it. */
trawl_status tw_bind_user_call(tw_binder *b, tw_ast *call, tw_sym *fn,
                               const tw_row *row, const tw_schema *pipe_in);
/* After binding pipe->kids[at] (an AST_AS): make its name a tabular let. */
trawl_status tw_bind_as_name(tw_binder *b, tw_ast *pipe, uint32_t at);
/* Deep copy of a subtree (unbound parts only matter). */
tw_ast *tw_ast_clone(tw_binder *b, const tw_ast *n);
tw_ast *tw_ast_new(tw_binder *b, int kind, const tw_ast *span_of);

/* ---- bind_expr.c */
trawl_status tw_bind_expr(tw_binder *b, tw_ast *e, const tw_row *row);
/* The column name Kusto gives an unnamed expression ("" = none). */
const char *tw_expr_result_name(tw_binder *b, const tw_ast *e);

/* ---- bind_ops.c */
trawl_status tw_bind_operator(tw_binder *b, tw_ast *op, const tw_schema *in);
/* Bind operators kids[first..] of a pipe starting from schema `in`. */
trawl_status tw_bind_pipe_ops(tw_binder *b, tw_ast *pipe, uint32_t first,
                              const tw_schema *in);

/* ---- schema helpers (bind_ops.c) */
int tw_cols_add(tw_binder *b, tw_cols *c, const char *name, tw_type t);
int tw_cols_find(const tw_cols *c, const char *name);
int tw_cols_from(tw_binder *b, tw_cols *c, const tw_schema *s);
const tw_schema *tw_cols_schema(tw_binder *b, const tw_cols *c);
int tw_schema_find(const tw_schema *s, const char *name);
/* `base` if unused in c, else base1, base2 ... (arena string). */
const char *tw_cols_unique(tw_binder *b, const tw_cols *c, const char *base);
/* First unused Column1, Column2 ... */
const char *tw_cols_auto(tw_binder *b, const tw_cols *c);
char *tw_bind_strf(tw_binder *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
