/*
 * kql/print_int.h - the printer's shared state and helpers, used by
 * print.c (names, literals, expressions) and print_ops.c (tabular
 * operators, statements, tw_ast_print). Private to the printer.
 */
#ifndef TW_KQL_PRINT_INT_H
#define TW_KQL_PRINT_INT_H

#include "base/buf.h"
#include "kql/parse.h"

typedef struct {
  tw_buf b;
  int depth;
  int bad;   /* set on OOM or a tree the printer cannot write */
} printer;

void tw_pr_put(printer *p, const char *s);
void tw_pr_putn(printer *p, const char *s, size_t n);
/* A name, quoted as ['...'] unless it is a plain identifier. */
void tw_pr_put_name(printer *p, const char *s);
const char *tw_pr_type_word(int t);
/* A scalar expression, parenthesised when its precedence < minprec. */
void tw_pr_expr(printer *p, const tw_ast *n, int minprec);
/* An item: assignment, named argument, sort key, column, or expression. */
void tw_pr_node(printer *p, const tw_ast *n);
/* A value that may be scalar or tabular. */
void tw_pr_arg(printer *p, const tw_ast *n);
void tw_pr_kids_list(printer *p, const tw_ast *n, uint32_t from, uint32_t to);
/* A tabular expression (print_ops.c). */
void tw_pr_tabular(printer *p, const tw_ast *n);

#endif
