/*
 * kql/parse_ops2.c - the pipe operator dispatcher and the remaining
 * operators: mv-expand, mv-apply, parse / parse-where, evaluate, invoke,
 * make-series, top-nested, as, getschema, count, render (dropped), the
 * AST_OTHER_OP fallback, and pipelines.
 */
#include <string.h>

#include "kql/parse_int.h"

/* Operators defined in parse_ops.c are reached through these wrappers. */
tw_ast *tw_p_op_basic(tw_parser *p, bool *handled);

/* mv-expand item: Col | Name = Expr, [to typeof(T)] */
tw_ast *tw_p_mv_item(tw_parser *p) {
  tw_ast *it = tw_p_node(p, AST_MV_ITEM, p->tok.off);
  if (!it) {
    return NULL;
  }
  tw_ast *e = tw_p_assign_or_expr(p);
  tw_kvec kv = {0};
  if (!tw_p_push(p, &kv, e)) {
    return NULL;
  }
  if (tw_p_is_kw(p, "to") && tw_p_tok_is_kw(p, tw_p_peek(p, 1), "typeof")) {
    tw_p_advance(p);
    tw_p_advance(p);
    if (!tw_p_expect(p, TK_LPAREN)) {
      return NULL;
    }
    it->decl_type = (uint8_t)tw_p_type(p);
    if (!tw_p_expect(p, TK_RPAREN)) {
      return NULL;
    }
  }
  return tw_p_finish_kids(p, it, &kv);
}

static const char *const mv_opts[] = {"kind", "bagexpansion", "with_itemindex",
                                      NULL};

/* mv-expand [options] Item, ... [limit N] */
static tw_ast *op_mv_expand(tw_parser *p) {
  tw_ast *n = tw_p_node(p, AST_MV_EXPAND, p->tok.off);
  tw_kvec kv = {0};
  tw_p_advance(p);
  if (!n) {
    return NULL;
  }
  while (!p->failed && tw_p_at_option(p, mv_opts)) {
    if (!tw_p_push(p, &kv, tw_p_named_option(p))) {
      return NULL;
    }
  }
  do {
    if (!tw_p_push(p, &kv, tw_p_mv_item(p))) {
      return NULL;
    }
  } while (tw_p_accept(p, TK_COMMA));
  if (tw_p_is_kw(p, "limit")) {
    uint32_t off = p->tok.off;
    tw_p_advance(p);
    tw_kvec l = {0};
    if (!tw_p_push(p, &l, tw_p_expr(p))) {
      return NULL;
    }
    tw_p_push(p, &kv, tw_p_list_node(p, off, &l));
  }
  return tw_p_finish_kids(p, n, &kv);
}

/* The body of mv-apply's `on (...)`: operators over the expanded rows. */
static tw_ast *subquery(tw_parser *p) {
  tw_ast *src = tw_p_node(p, AST_LIST, p->tok.off);
  if (!src) {
    return NULL;
  }
  src->len = 0;
  tw_ast *pipe = tw_p_node(p, AST_PIPE, p->tok.off);
  tw_kvec kv = {0};
  if (!pipe || !tw_p_push(p, &kv, src)) {
    return NULL;
  }
  tw_p_accept(p, TK_PIPE);
  for (;;) {
    tw_ast *op = tw_p_operator(p);
    if (!tw_p_push(p, &kv, op)) {
      return NULL;
    }
    if (!tw_p_accept(p, TK_PIPE)) {
      break;
    }
  }
  return tw_p_finish_kids(p, pipe, &kv);
}

/* mv-apply [options] Item, ... [limit N] on (SubQuery) */
static tw_ast *op_mv_apply(tw_parser *p) {
  tw_ast *n = tw_p_node(p, AST_MV_APPLY, p->tok.off);
  tw_kvec kv = {0}, items = {0};
  tw_p_advance(p);
  if (!n) {
    return NULL;
  }
  uint32_t off = p->tok.off;
  while (!p->failed && tw_p_at_option(p, mv_opts)) {
    if (!tw_p_push(p, &items, tw_p_named_option(p))) {
      return NULL;
    }
  }
  do {
    if (!tw_p_push(p, &items, tw_p_mv_item(p))) {
      return NULL;
    }
  } while (tw_p_accept(p, TK_COMMA));
  if (tw_p_is_kw(p, "limit")) {
    uint32_t loff = p->tok.off;
    tw_p_advance(p);
    tw_kvec l = {0};
    if (!tw_p_push(p, &l, tw_p_expr(p))) {
      return NULL;
    }
    tw_p_push(p, &items, tw_p_list_node(p, loff, &l));
  }
  if (!tw_p_push(p, &kv, tw_p_list_node(p, off, &items)) ||
      !tw_p_expect_kw(p, "on") || !tw_p_expect(p, TK_LPAREN)) {
    return NULL;
  }
  if (!tw_p_enter(p)) {
    return NULL;
  }
  tw_ast *sq = subquery(p);
  tw_p_leave(p);
  if (!tw_p_push(p, &kv, sq) || !tw_p_expect(p, TK_RPAREN)) {
    return NULL;
  }
  return tw_p_finish_kids(p, n, &kv);
}

/* parse [kind=simple|regex|relaxed] [flags=F] Expr with Pattern */
static tw_ast *op_parse(tw_parser *p, bool where) {
  static const char *const opts[] = {"kind", "flags", NULL};
  tw_ast *n = tw_p_node(p, AST_PARSE, p->tok.off);
  tw_kvec kv = {0};
  tw_p_advance(p);
  if (!n) {
    return NULL;
  }
  int kind = PARSE_SIMPLE;
  while (!p->failed && tw_p_at_option(p, opts)) {
    tw_ast *o = tw_p_named_option(p);
    if (!o) {
      return NULL;
    }
    const char *w = tw_p_opt_word(o);
    if (strcmp(o->name, "kind") == 0) {
      if (w && strcmp(w, "regex") == 0) {
        kind = PARSE_REGEX;
      } else if (w && strcmp(w, "relaxed") == 0) {
        kind = PARSE_RELAXED;
      } else if (!w || strcmp(w, "simple") != 0) {
        return tw_p_error_at(p, (tw_token){0, o->off, o->len},
                             "parse kind must be simple, regex or relaxed");
      }
    } else if (strcmp(o->name, "flags") == 0) {
      if (!w) {
        return tw_p_error_at(p, (tw_token){0, o->off, o->len},
                             "expected regex flags (flags=Ui)");
      }
      n->name = w;
    }
  }
  n->op = (uint16_t)(kind | (where ? TW_PARSE_WHERE : 0));
  if (!tw_p_push(p, &kv, tw_p_expr(p)) || !tw_p_expect_kw(p, "with")) {
    return NULL;
  }
  while (!p->failed && !tw_p_at_end_of_op(p)) {
    tw_ast *e;
    if (tw_p_is(p, TK_STRING)) {
      e = tw_p_literal(p);
    } else if (tw_p_is(p, TK_STAR)) {
      e = tw_p_node(p, AST_STAR, p->tok.off);
      tw_p_advance(p);
      tw_p_finish(p, e);
    } else if (tw_p_is(p, TK_IDENT) || tw_p_is(p, TK_QIDENT)) {
      e = tw_p_node(p, AST_COLUMN_DECL, p->tok.off);
      if (!e || !(e->name = tw_p_ident(p, "a column name"))) {
        return NULL;
      }
      e->decl_type = TW_T_STRING;
      if (tw_p_accept(p, TK_COLON)) {
        e->decl_type = (uint8_t)tw_p_type(p);
      }
      tw_p_finish(p, e);
    } else {
      return tw_p_expected(p, "a string, '*' or a column name");
    }
    if (!tw_p_push(p, &kv, e)) {
      return NULL;
    }
    tw_p_accept(p, TK_COMMA);
  }
  return tw_p_finish_kids(p, n, &kv);
}

/* evaluate [hint.x=y]... plugin(args) */
tw_ast *tw_p_op_evaluate(tw_parser *p) {
  tw_ast *n = tw_p_node(p, AST_EVALUATE, p->tok.off);
  tw_kvec kv = {0};
  static const char *const none[] = {NULL};
  tw_p_advance(p);
  if (!n) {
    return NULL;
  }
  tw_kvec opts = {0};
  while (!p->failed && tw_p_at_option(p, none)) {
    if (!tw_p_push(p, &opts, tw_p_named_option(p))) {
      return NULL;
    }
  }
  if (!tw_p_is(p, TK_IDENT) || tw_p_peek(p, 1).kind != TK_LPAREN) {
    return tw_p_expected(p, "a plugin call");
  }
  tw_ast *c = tw_p_postfix(p);
  if (!tw_p_push(p, &kv, c)) {
    return NULL;
  }
  for (uint32_t i = 0; i < opts.n; i++) {
    tw_p_push(p, &kv, opts.v[i]);
  }
  /* optional output schema: `: (a:string, ...)`, may hold `*` */
  if (tw_p_accept(p, TK_COLON)) {
    if (!tw_p_expect(p, TK_LPAREN)) {
      return NULL;
    }
    do {
      if (tw_p_accept(p, TK_STAR)) {
        continue;
      }
      if (!tw_p_ident(p, "a column name") || !tw_p_expect(p, TK_COLON)) {
        return NULL;
      }
      tw_p_type(p);
    } while (!p->failed && tw_p_accept(p, TK_COMMA));
    if (!tw_p_expect(p, TK_RPAREN)) {
      return NULL;
    }
  }
  return tw_p_finish_kids(p, n, &kv);
}

/* invoke f(args) */
static tw_ast *op_invoke(tw_parser *p) {
  uint32_t off = p->tok.off;
  tw_p_advance(p);
  if (!tw_p_is(p, TK_IDENT) || tw_p_peek(p, 1).kind != TK_LPAREN) {
    return tw_p_expected(p, "a function call");
  }
  return tw_p_finish(p, tw_p_node1(p, AST_INVOKE, off, tw_p_postfix(p)));
}

/* as [hint.materialized=true] Name */
static tw_ast *op_as(tw_parser *p) {
  static const char *const none[] = {NULL};
  tw_ast *n = tw_p_node(p, AST_AS, p->tok.off);
  tw_kvec kv = {0};
  tw_p_advance(p);
  if (!n) {
    return NULL;
  }
  while (!p->failed && tw_p_at_option(p, none)) {
    if (!tw_p_push(p, &kv, tw_p_named_option(p))) {
      return NULL;
    }
  }
  if (!(n->name = tw_p_ident(p, "a name"))) {
    return NULL;
  }
  return tw_p_finish_kids(p, n, &kv);
}

/* make-series [kind=nonempty] [Name=]Agg [default=V], ... on Axis
 *   [from A] [to B] step S | in range(A, B, S)  [by Group, ...] */
static tw_ast *op_make_series(tw_parser *p) {
  static const char *const opts[] = {"kind", NULL};
  tw_ast *n = tw_p_node(p, AST_MAKE_SERIES, p->tok.off);
  tw_kvec kv = {0}, aggs = {0}, range = {0}, by = {0}, options = {0};
  tw_p_advance(p);
  if (!n) {
    return NULL;
  }
  uint32_t ooff = p->tok.off;
  while (!p->failed && tw_p_at_option(p, opts)) {
    if (!tw_p_push(p, &options, tw_p_named_option(p))) {
      return NULL;
    }
  }
  uint32_t aoff = p->tok.off;
  do {
    if (!tw_p_push(p, &aggs, tw_p_assign_or_expr(p))) {
      return NULL;
    }
    if (tw_p_is_kw(p, "default") && tw_p_peek(p, 1).kind == TK_ASSIGN) {
      tw_ast *d = tw_p_node(p, AST_NAMED_ARG, p->tok.off);
      tw_p_advance(p);
      tw_p_advance(p);
      tw_kvec k1 = {0};
      if (!d || !tw_p_push(p, &k1, tw_p_expr(p))) {
        return NULL;
      }
      d->name = "default";
      tw_p_push(p, &aggs, tw_p_finish_kids(p, d, &k1));
    }
  } while (tw_p_accept(p, TK_COMMA));
  tw_p_push(p, &kv, tw_p_list_node(p, aoff, &aggs));
  if (!tw_p_expect_kw(p, "on") || !tw_p_push(p, &kv, tw_p_expr_no_in(p))) {
    return NULL;
  }
  uint32_t roff = p->tok.off;
  static const char *const words[] = {"from", "to", "step"};
  if (tw_p_accept_kw(p, "in")) {
    /* in range(a, b, c) */
    if (!tw_p_expect_kw(p, "range") || !tw_p_expect(p, TK_LPAREN)) {
      return NULL;
    }
    for (int i = 0; i < 3; i++) {
      tw_ast *d = tw_p_node(p, AST_NAMED_ARG, p->tok.off);
      tw_kvec k1 = {0};
      if (!d || !tw_p_push(p, &k1, tw_p_expr(p))) {
        return NULL;
      }
      d->name = words[i];
      tw_p_push(p, &range, tw_p_finish_kids(p, d, &k1));
      if (i < 2 && !tw_p_expect(p, TK_COMMA)) {
        return NULL;
      }
    }
    if (!tw_p_expect(p, TK_RPAREN)) {
      return NULL;
    }
  } else {
    for (int i = 0; i < 3; i++) {
      if (!tw_p_is_kw(p, words[i])) {
        continue;
      }
      tw_ast *d = tw_p_node(p, AST_NAMED_ARG, p->tok.off);
      tw_p_advance(p);
      tw_kvec k1 = {0};
      if (!d || !tw_p_push(p, &k1, tw_p_expr(p))) {
        return NULL;
      }
      d->name = words[i];
      tw_p_push(p, &range, tw_p_finish_kids(p, d, &k1));
    }
  }
  tw_p_push(p, &kv, tw_p_list_node(p, roff, &range));
  uint32_t boff = p->tok.off;
  if (tw_p_accept_kw(p, "by") && !tw_p_assign_list(p, &by)) {
    return NULL;
  }
  tw_p_push(p, &kv, tw_p_list_node(p, boff, &by));
  if (options.n) {
    tw_p_push(p, &kv, tw_p_list_node(p, ooff, &options));
  }
  return tw_p_finish_kids(p, n, &kv);
}

/* top-nested [N] of Expr [with others = V] by Agg [asc|desc], ... */
static tw_ast *op_top_nested(tw_parser *p) {
  tw_ast *n = tw_p_node(p, AST_TOP_NESTED, p->tok.off);
  tw_kvec kv = {0};
  tw_p_advance(p);
  if (!n) {
    return NULL;
  }
  do {
    uint32_t off = p->tok.off;
    tw_kvec lv = {0};
    if (tw_p_is_kw(p, "of")) {
      tw_kvec none = {0};
      tw_p_push(p, &lv, tw_p_list_node(p, off, &none));
    } else if (!tw_p_push(p, &lv, tw_p_expr(p))) {
      return NULL;
    }
    if (!tw_p_expect_kw(p, "of") ||
        !tw_p_push(p, &lv, tw_p_assign_or_expr(p))) {
      return NULL;
    }
    tw_ast *others = NULL;
    if (tw_p_is_kw(p, "with")) {
      others = tw_p_node(p, AST_NAMED_ARG, p->tok.off);
      tw_p_advance(p);
      tw_kvec k1 = {0};
      if (!others || !tw_p_expect_kw(p, "others") ||
          !tw_p_expect(p, TK_ASSIGN) || !tw_p_push(p, &k1, tw_p_expr(p))) {
        return NULL;
      }
      others->name = "others";
      tw_p_finish_kids(p, others, &k1);
    }
    if (!tw_p_expect_kw(p, "by") ||
        !tw_p_push(p, &lv, tw_p_sort_key(p, tw_p_assign_or_expr(p),
                                         TW_SORT_DESC))) {
      return NULL;
    }
    if (others) {
      tw_p_push(p, &lv, others);
    }
    if (!tw_p_push(p, &kv, tw_p_list_node(p, off, &lv))) {
      return NULL;
    }
    if (!tw_p_accept(p, TK_COMMA)) {
      break;
    }
    tw_p_accept_kw(p, "top-nested");
  } while (!p->failed);
  return tw_p_finish_kids(p, n, &kv);
}

/* render Chart [with (...)] : display only, skipped. */
static void op_render(tw_parser *p) {
  tw_p_advance(p);
  int depth = 0;
  while (!p->failed && !tw_p_is(p, TK_EOF)) {
    if (depth == 0 && (tw_p_is(p, TK_PIPE) || tw_p_is(p, TK_SEMI) ||
                       tw_p_is(p, TK_RPAREN) || tw_p_is(p, TK_RBRACE))) {
      break;
    }
    if (tw_p_is(p, TK_LPAREN)) {
      depth++;
    } else if (tw_p_is(p, TK_RPAREN)) {
      depth--;
    }
    tw_p_advance(p);
  }
}

/* Operators parsed as AST_OTHER_OP: real KQL that trawl does not model. */
static const char *const other_ops[] = {
    "make-graph", "graph-match", "graph-merge", "graph-to-table",
    "graph-shortest-paths", "graph-mark-components", "partition", "scan",
    "fork", "facet", "reduce", "consume", "sample-distinct", "top-hitters",
    "project-by-names", "parse-kv", "project-smart", "assert-schema",
    "execute-and-cache", "macro-expand", "search", "find", NULL};

bool tw_p_at_other_op(const tw_parser *p) {
  for (const char *const *w = other_ops; *w; w++) {
    if (tw_p_is_kw(p, *w)) {
      return true;
    }
  }
  return false;
}

/* Keyword, then balanced tokens up to a '|' ';' ')' ']' '}' at depth 0. */
tw_ast *tw_p_other_op(tw_parser *p, bool stop_at_pipe) {
  tw_ast *n = tw_p_node(p, AST_OTHER_OP, p->tok.off);
  if (!n) {
    return NULL;
  }
  /* the keyword: one or two words (`declare pattern`, `restrict access`) */
  uint32_t s = p->tok.off;
  tw_p_advance(p);
  n->name = tw_arena_strndup(p->a, p->src + s, p->prev_end - s);
  int depth = 0;
  while (!p->failed && !tw_p_is(p, TK_EOF)) {
    int k = p->tok.kind;
    if (depth == 0 && (k == TK_SEMI || k == TK_RPAREN || k == TK_RBRACK ||
                       k == TK_RBRACE || (stop_at_pipe && k == TK_PIPE))) {
      break;
    }
    if (depth == 0 && p->tok.off > n->off &&
        tw_p_tok_is_kw(p, p->tok, n->name)) {
      break; /* `find ... find ...`: a second statement without ';' */
    }
    if (k == TK_LPAREN || k == TK_LBRACK || k == TK_LBRACE) {
      if (!tw_p_enter(p)) {
        return NULL;
      }
      depth++;
    } else if (k == TK_RPAREN || k == TK_RBRACK || k == TK_RBRACE) {
      tw_p_leave(p);
      depth--;
    }
    tw_p_advance(p);
  }
  while (depth-- > 0) {
    tw_p_leave(p);
  }
  if (p->failed) {
    return NULL;
  }
  tw_p_finish(p, n);
  /* keep the text so that the printer can write it back */
  const char *text = tw_arena_strndup(p->a, p->src + n->off, n->len);
  if (!text) {
    return NULL;
  }
  n->lit = tw_str(text, n->len);
  return n;
}

static tw_ast *simple(tw_parser *p, int kind) {
  tw_ast *n = tw_p_node(p, kind, p->tok.off);
  tw_p_advance(p);
  return tw_p_finish(p, n);
}

tw_ast *tw_p_operator(tw_parser *p) {
  if (p->failed) {
    return NULL;
  }
  if (!tw_p_is(p, TK_IDENT)) {
    return tw_p_expected(p, "a query operator");
  }
  if (tw_p_is_kw(p, "parse")) {
    return op_parse(p, false);
  }
  if (tw_p_is_kw(p, "parse-where")) {
    return op_parse(p, true);
  }
  if (tw_p_is_kw(p, "evaluate")) {
    return tw_p_op_evaluate(p);
  }
  if (tw_p_is_kw(p, "invoke")) {
    return op_invoke(p);
  }
  if (tw_p_is_kw(p, "as")) {
    return op_as(p);
  }
  if (tw_p_is_kw(p, "make-series")) {
    return op_make_series(p);
  }
  if (tw_p_is_kw(p, "top-nested")) {
    return op_top_nested(p);
  }
  if (tw_p_is_kw(p, "mv-expand") || tw_p_is_kw(p, "mvexpand")) {
    return op_mv_expand(p);
  }
  if (tw_p_is_kw(p, "mv-apply") || tw_p_is_kw(p, "mvapply")) {
    return op_mv_apply(p);
  }
  if (tw_p_is_kw(p, "getschema")) {
    return simple(p, AST_GETSCHEMA);
  }
  if (tw_p_is_kw(p, "count")) {
    tw_ast *c = simple(p, AST_COUNT);
    if (c && tw_p_accept_kw(p, "as")) { /* count as Name */
      if (!(c->name = tw_p_ident(p, "a column name"))) {
        return NULL;
      }
      tw_p_finish(p, c);
    }
    return c;
  }
  if (tw_p_at_other_op(p)) {
    return tw_p_other_op(p, true);
  }
  bool handled = false;
  tw_ast *r = tw_p_op_basic(p, &handled);
  if (handled) {
    return r;
  }
  char q[64];
  size_t n = p->tok.len > 40 ? 40 : p->tok.len;
  memcpy(q, p->src + p->tok.off, n);
  q[n] = 0;
  return tw_p_error_at(p, p->tok, "unknown query operator '%s'", q);
}

tw_ast *tw_p_pipe_from(tw_parser *p, tw_ast *src) {
  if (!src) {
    return NULL;
  }
  if (src->kind == AST_NAME) {
    src->kind = AST_TABLE_REF;
  }
  tw_ast *pipe = tw_p_node(p, AST_PIPE, src->off);
  tw_kvec kv = {0};
  if (!pipe || !tw_p_push(p, &kv, src)) {
    return NULL;
  }
  while (!p->failed && tw_p_accept(p, TK_PIPE)) {
    if (tw_p_is_kw(p, "render")) {
      op_render(p);
      continue;
    }
    if (!tw_p_push(p, &kv, tw_p_operator(p))) {
      return NULL;
    }
  }
  if (p->failed) {
    return NULL;
  }
  if (kv.n == 1) {
    return src; /* only `| render` followed */
  }
  return tw_p_finish_kids(p, pipe, &kv);
}
