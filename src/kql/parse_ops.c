/*
 * kql/parse_ops.c - tabular expressions: pipeline sources (names, calls,
 * parenthesised expressions, datatable, print, range, union, externaldata)
 * and the pipe operators, one function per operator, each opening with its
 * grammar rule.
 */
#include <string.h>

#include "kql/parse_int.h"

bool tw_p_at_end_of_op(const tw_parser *p) {
  int k = p->tok.kind;
  return k == TK_PIPE || k == TK_RPAREN || k == TK_SEMI || k == TK_EOF ||
         k == TK_RBRACE;
}

tw_ast *tw_p_finish_kids(tw_parser *p, tw_ast *n, tw_kvec *kv) {
  if (!n || p->failed) {
    return NULL;
  }
  tw_p_set_kids(n, kv);
  return tw_p_finish(p, n);
}

tw_ast *tw_p_list_node(tw_parser *p, uint32_t off, tw_kvec *kv) {
  tw_ast *l = tw_p_node(p, AST_LIST, off);
  return tw_p_finish_kids(p, l, kv);
}

/* `name = value` option with a word, literal or expression value. */
tw_ast *tw_p_named_option(tw_parser *p) {
  tw_ast *n = tw_p_node(p, AST_NAMED_ARG, p->tok.off);
  if (!n) {
    return NULL;
  }
  uint32_t s = p->tok.off;
  if (!tw_p_ident(p, "an option name")) {
    return NULL;
  }
  while (tw_p_is(p, TK_DOT)) { /* hint.strategy */
    tw_p_advance(p);
    if (!tw_p_ident(p, "an option name")) {
      return NULL;
    }
  }
  n->name = tw_arena_strndup(p->a, p->src + s, p->prev_end - s);
  if (!tw_p_expect(p, TK_ASSIGN)) {
    return NULL;
  }
  tw_ast *v;
  if (tw_p_is(p, TK_IDENT) || tw_p_is(p, TK_QIDENT)) {
    /* a word (kind=inner, withsource=Src, isfuzzy=true) */
    v = tw_p_node(p, AST_NAME, p->tok.off);
    if (v) {
      v->name = tw_p_ident(p, "a value");
    }
    tw_p_finish(p, v);
  } else if (tw_p_is(p, TK_MINUS)) {
    v = tw_p_expr(p);
  } else {
    v = tw_p_literal(p);
  }
  tw_kvec kv = {0};
  if (!tw_p_push(p, &kv, v)) {
    return NULL;
  }
  return tw_p_finish_kids(p, n, &kv);
}

/* Current token is IDENT followed by '=' whose name is an option of the
 * listed names, or starts with "hint." */
bool tw_p_at_option(const tw_parser *p, const char *const *names) {
  if (p->tok.kind != TK_IDENT) {
    return false;
  }
  tw_token t1 = tw_p_peek(p, 1);
  if (tw_p_is_kw(p, "hint") && t1.kind == TK_DOT) {
    return true;
  }
  if (t1.kind != TK_ASSIGN) {
    return false;
  }
  for (; *names; names++) {
    if (tw_p_is_kw(p, *names)) {
      return true;
    }
  }
  return false;
}

/* The text of a NAMED_ARG's value when it is a plain name. */
const char *tw_p_opt_word(const tw_ast *o) {
  if (o->nkids && o->kids[0]->kind == AST_NAME) {
    return o->kids[0]->name;
  }
  return NULL;
}

/* ------------------------------------------------------------ sources */

static tw_ast *tabular_source(tw_parser *p);

/* After `search`/`find`: does a search source follow (not a name use)? */
static bool at_search(int k) {
  return !(k == TK_PIPE || k == TK_SEMI || k == TK_EOF || k == TK_COMMA ||
           k == TK_RPAREN || k == TK_DOT || k == TK_ASSIGN ||
           k == TK_LPAREN);
}

bool tw_p_at_tabular_source(const tw_parser *p) {
  if (p->tok.kind != TK_IDENT) {
    return false;
  }
  tw_token t1 = tw_p_peek(p, 1);
  if (tw_p_is_kw(p, "datatable") || tw_p_is_kw(p, "externaldata") ||
      tw_p_is_kw(p, "external_data")) {
    return t1.kind == TK_LPAREN || t1.kind == TK_IDENT;
  }
  if (tw_p_is_kw(p, "union")) {
    return t1.kind != TK_LPAREN || true;
  }
  if (tw_p_is_kw(p, "range")) {
    return t1.kind == TK_IDENT || t1.kind == TK_QIDENT;
  }
  if (tw_p_is_kw(p, "print")) {
    return t1.kind != TK_LPAREN || true;
  }
  if (tw_p_is_kw(p, "evaluate")) {
    return t1.kind == TK_IDENT;
  }
  if (tw_p_is_kw(p, "search") || tw_p_is_kw(p, "find") ||
      tw_p_is_kw(p, "macro-expand")) {
    return at_search(t1.kind);
  }
  if (tw_p_is_kw(p, "inline_external_table")) {
    return t1.kind == TK_LPAREN || t1.kind == TK_IDENT;
  }
  if (tw_p_is_kw(p, "entity_group")) {
    return t1.kind == TK_LBRACK;
  }
  return false;
}

/* Turn a name parsed as an expression into a table reference. */
static tw_ast *tabularize(tw_ast *e) {
  if (e && e->kind == AST_NAME) {
    e->kind = AST_TABLE_REF;
  }
  return e;
}

/* [ expr, ... ] with an optional trailing comma; `["x"]` lexes as one
 * quoted-identifier token and means one string value. */
static bool bracket_values(tw_parser *p, tw_kvec *kv) {
  if (tw_p_is(p, TK_QIDENT)) {
    tw_token t = p->tok;
    tw_ast *lit = tw_p_node(p, AST_LITERAL, t.off + 1);
    const char *nm = tw_p_name(p, t);
    if (!lit || !nm) {
      return false;
    }
    lit->lit = tw_str(nm, strlen(nm));
    lit->len = t.len - 2;
    tw_p_advance(p);
    return tw_p_push(p, kv, lit);
  }
  if (!tw_p_expect(p, TK_LBRACK)) {
    return false;
  }
  while (!p->failed && !tw_p_is(p, TK_RBRACK)) {
    if (!tw_p_push(p, kv, tw_p_expr(p))) {
      return false;
    }
    if (!tw_p_accept(p, TK_COMMA)) {
      break;
    }
  }
  return tw_p_expect(p, TK_RBRACK);
}

/* datatable (a:int, ...) [ values ] */
static tw_ast *op_datatable(tw_parser *p) {
  tw_ast *n = tw_p_node(p, AST_DATATABLE, p->tok.off);
  tw_kvec kv = {0};
  tw_p_advance(p);
  if (!n || !tw_p_column_decls(p, &kv)) {
    return NULL;
  }
  n->op = (uint16_t)kv.n;
  if (!bracket_values(p, &kv)) {
    return NULL;
  }
  return tw_p_finish_kids(p, n, &kv);
}

/* externaldata (cols) [ urls ] [with (options)] */
static tw_ast *op_externaldata(tw_parser *p) {
  tw_ast *n = tw_p_node(p, AST_EXTERNALDATA, p->tok.off);
  tw_kvec kv = {0};
  tw_p_advance(p);
  while (!p->failed && tw_p_is(p, TK_IDENT) &&
         tw_p_peek(p, 1).kind == TK_ASSIGN) {
    if (!tw_p_named_option(p)) { /* hint options: ignored */
      return NULL;
    }
  }
  if (!n || !tw_p_column_decls(p, &kv)) {
    return NULL;
  }
  n->op = (uint16_t)kv.n;
  if (!bracket_values(p, &kv)) {
    return NULL;
  }
  if (tw_p_accept_kw(p, "with")) {
    tw_kvec opts = {0};
    uint32_t off = p->tok.off;
    if (!tw_p_expect(p, TK_LPAREN)) {
      return NULL;
    }
    while (!p->failed && !tw_p_is(p, TK_RPAREN)) {
      if (!tw_p_push(p, &opts, tw_p_named_option(p))) {
        return NULL;
      }
      if (!tw_p_accept(p, TK_COMMA)) {
        break;
      }
    }
    if (!tw_p_expect(p, TK_RPAREN)) {
      return NULL;
    }
    tw_p_push(p, &kv, tw_p_list_node(p, off, &opts));
  }
  return tw_p_finish_kids(p, n, &kv);
}

/* print [name =] expr, ... */
static tw_ast *op_print(tw_parser *p) {
  tw_ast *n = tw_p_node(p, AST_PRINT, p->tok.off);
  tw_kvec kv = {0};
  tw_p_advance(p);
  if (!n) {
    return NULL;
  }
  if (!tw_p_at_end_of_op(p) && !tw_p_assign_list(p, &kv)) {
    return NULL;
  }
  return tw_p_finish_kids(p, n, &kv);
}

/* range x from a to b step c */
static tw_ast *op_range(tw_parser *p) {
  tw_ast *n = tw_p_node(p, AST_RANGE, p->tok.off);
  tw_kvec kv = {0};
  tw_p_advance(p);
  if (!n || !(n->name = tw_p_ident(p, "a column name")) ||
      !tw_p_expect_kw(p, "from") || !tw_p_push(p, &kv, tw_p_expr(p)) ||
      !tw_p_expect_kw(p, "to") || !tw_p_push(p, &kv, tw_p_expr(p)) ||
      !tw_p_expect_kw(p, "step") || !tw_p_push(p, &kv, tw_p_expr(p))) {
    return NULL;
  }
  return tw_p_finish_kids(p, n, &kv);
}

/* Cross-database legs with wildcards: database("d").*T, database("d").T*
 * become AST_MEMBER whose name holds the '*'. */
static tw_ast *wildcard_member(tw_parser *p, tw_ast *e) {
  if (!e) {
    return NULL;
  }
  bool dot = tw_p_is(p, TK_DOT) && tw_p_peek(p, 1).kind == TK_STAR;
  bool tail = e->kind == AST_MEMBER && tw_p_is(p, TK_STAR) &&
              p->tok.off == p->prev_end;
  if (!dot && !tail) {
    return e;
  }
  uint32_t start;
  tw_ast *obj;
  if (dot) {
    tw_p_advance(p); /* . */
    start = p->tok.off;
    obj = e;
  } else {
    start = p->prev_end - (uint32_t)strlen(e->name);
    obj = e->kids[0];
  }
  do {
    tw_p_advance(p);
  } while ((tw_p_is(p, TK_IDENT) || tw_p_is(p, TK_STAR)) &&
           p->tok.off == p->prev_end);
  tw_ast *m = tw_p_node1(p, AST_MEMBER, e->off, obj);
  if (!m) {
    return NULL;
  }
  m->name = tw_arena_strndup(p->a, p->src + start, p->prev_end - start);
  return tw_p_finish(p, m);
}

/* A union leg: (tabular), a name with '*' wildcards, or a call. */
static tw_ast *union_leg(tw_parser *p) {
  if (tw_p_is(p, TK_LPAREN)) {
    tw_p_advance(p);
    if (!tw_p_enter(p)) {
      return NULL;
    }
    tw_ast *t = tw_p_tabular(p);
    tw_p_leave(p);
    if (!t || !tw_p_expect(p, TK_RPAREN)) {
      return NULL;
    }
    return t;
  }
  if (tw_p_is(p, TK_STAR) || tw_p_is(p, TK_IDENT)) {
    /* names may hold '*' wildcards: adjacent IDENT / '*' tokens */
    uint32_t off = p->tok.off;
    bool wild = false;
    while ((tw_p_is(p, TK_STAR) || tw_p_is(p, TK_IDENT) ||
            tw_p_is(p, TK_LONG)) &&
           (p->tok.off == off || p->tok.off == p->prev_end)) {
      wild |= tw_p_is(p, TK_STAR);
      tw_p_advance(p);
      if (!wild && tw_p_is(p, TK_LPAREN)) {
        break;
      }
      if (!wild && tw_p_is(p, TK_DOT)) {
        break;
      }
    }
    if (!wild && (tw_p_is(p, TK_LPAREN) || tw_p_is(p, TK_DOT))) {
      /* a call such as T(x) or database("d").T: re-parse as expression */
      p->lx.pos = off;
      tw_p_advance(p);
      return wildcard_member(p, tabularize(tw_p_postfix(p)));
    }
    tw_ast *r = tw_p_node(p, AST_TABLE_REF, off);
    if (!r) {
      return NULL;
    }
    r->name = tw_arena_strndup(p->a, p->src + off, p->prev_end - off);
    return tw_p_finish(p, r);
  }
  if (tw_p_is(p, TK_QIDENT)) {
    return tabularize(tw_p_postfix(p));
  }
  return tw_p_expected(p, "a table or '('");
}

/* union [kind=inner|outer] [withsource=C] [isfuzzy=b] leg, leg... */
static tw_ast *op_union(tw_parser *p, bool source) {
  static const char *const opts[] = {"kind", "withsource", "isfuzzy",
                                     "source", NULL};
  tw_ast *n = tw_p_node(p, source ? AST_UNION_SRC : AST_UNION, p->tok.off);
  tw_kvec kv = {0};
  tw_p_advance(p);
  if (!n) {
    return NULL;
  }
  while (!p->failed && tw_p_at_option(p, opts)) {
    tw_ast *o = tw_p_named_option(p);
    if (!o) {
      return NULL;
    }
    const char *w = tw_p_opt_word(o);
    if (strcmp(o->name, "kind") == 0) {
      if (w && strcmp(w, "inner") == 0) {
        n->op |= TW_UNION_INNER;
      } else if (!w || strcmp(w, "outer") != 0) {
        return tw_p_error_at(p, (tw_token){0, o->off, o->len},
                             "union kind must be inner or outer");
      }
    } else if (strcmp(o->name, "withsource") == 0 ||
               strcmp(o->name, "source") == 0) {
      if (!w) {
        return tw_p_error_at(p, (tw_token){0, o->off, o->len},
                             "withsource needs a column name");
      }
      n->name = w;
    } else if (strcmp(o->name, "isfuzzy") == 0) {
      if (w && (strcmp(w, "true") == 0 || strcmp(w, "True") == 0 ||
                strcmp(w, "TRUE") == 0)) {
        n->op |= TW_UNION_ISFUZZY;
      } else if (!w || !(strcmp(w, "false") == 0 ||
                         strcmp(w, "False") == 0 ||
                         strcmp(w, "FALSE") == 0)) {
        return tw_p_error_at(p, (tw_token){0, o->off, o->len},
                             "isfuzzy must be true or false");
      }
    }
  }
  do {
    if (!tw_p_push(p, &kv, union_leg(p))) {
      return NULL;
    }
  } while (tw_p_accept(p, TK_COMMA));
  return tw_p_finish_kids(p, n, &kv);
}


static tw_ast *tabular_source(tw_parser *p) {
  if (tw_p_is_kw(p, "datatable")) {
    return op_datatable(p);
  }
  if (tw_p_is_kw(p, "externaldata") || tw_p_is_kw(p, "external_data")) {
    return op_externaldata(p);
  }
  if (tw_p_is_kw(p, "print")) {
    return op_print(p);
  }
  if (tw_p_is_kw(p, "range") &&
      (tw_p_peek(p, 1).kind == TK_IDENT || tw_p_peek(p, 1).kind == TK_QIDENT)) {
    return op_range(p);
  }
  if (tw_p_is_kw(p, "union")) {
    return op_union(p, true);
  }
  if (tw_p_is_kw(p, "evaluate") && tw_p_peek(p, 1).kind == TK_IDENT) {
    return tw_p_op_evaluate(p);
  }
  if (((tw_p_is_kw(p, "search") || tw_p_is_kw(p, "find") ||
        tw_p_is_kw(p, "macro-expand")) &&
       at_search(tw_p_peek(p, 1).kind)) ||
      tw_p_is_kw(p, "inline_external_table") ||
      tw_p_is_kw(p, "entity_group")) {
    return tw_p_other_op(p, true);
  }
  if (tw_p_is(p, TK_LPAREN)) {
    tw_p_advance(p);
    if (!tw_p_enter(p)) {
      return NULL;
    }
    tw_ast *t = tw_p_tabular(p);
    tw_p_leave(p);
    if (!t || !tw_p_expect(p, TK_RPAREN)) {
      return NULL;
    }
    return t;
  }
  if (tw_p_is(p, TK_IDENT) || tw_p_is(p, TK_QIDENT)) {
    return tabularize(tw_p_postfix(p));
  }
  return tw_p_expected(p, "a table or tabular expression");
}

tw_ast *tw_p_tabular(tw_parser *p) {
  if (!tw_p_enter(p)) {
    return NULL;
  }
  tw_ast *s = tabular_source(p);
  tw_ast *r = s;
  if (s && tw_p_is(p, TK_PIPE)) {
    r = tw_p_pipe_from(p, s);
  }
  tw_p_leave(p);
  return r;
}

/* ---------------------------------------------------------- operators */

/* where Predicate / filter Predicate */
static tw_ast *op_where(tw_parser *p) {
  uint32_t off = p->tok.off;
  tw_p_advance(p);
  return tw_p_finish(p, tw_p_node1(p, AST_WHERE, off, tw_p_expr(p)));
}

/* project|extend|serialize|print-like: Item, Item ... */
static tw_ast *op_items(tw_parser *p, int kind, bool may_be_empty) {
  tw_ast *n = tw_p_node(p, kind, p->tok.off);
  tw_kvec kv = {0};
  tw_p_advance(p);
  if (!n) {
    return NULL;
  }
  if (may_be_empty && tw_p_at_end_of_op(p)) {
    return tw_p_finish_kids(p, n, &kv);
  }
  if (!tw_p_assign_list(p, &kv)) {
    return NULL;
  }
  return tw_p_finish_kids(p, n, &kv);
}

/* A column name pattern with '*' wildcards: adjacent IDENT/'*' tokens. */
static tw_ast *name_pattern(tw_parser *p) {
  uint32_t off = p->tok.off;
  if (tw_p_is(p, TK_QIDENT)) {
    tw_ast *n = tw_p_node(p, AST_NAME, off);
    if (!n || !(n->name = tw_p_ident(p, "a column name"))) {
      return NULL;
    }
    return tw_p_finish(p, n);
  }
  if (!tw_p_is(p, TK_IDENT) && !tw_p_is(p, TK_STAR)) {
    return tw_p_expected(p, "a column name");
  }
  do {
    tw_p_advance(p);
  } while ((tw_p_is(p, TK_IDENT) || tw_p_is(p, TK_STAR) ||
            tw_p_is(p, TK_LONG)) &&
           p->tok.off == p->prev_end);
  tw_ast *n = tw_p_node(p, AST_NAME, off);
  if (!n) {
    return NULL;
  }
  n->name = tw_arena_strndup(p->a, p->src + off, p->prev_end - off);
  return tw_p_finish(p, n);
}

/* project-away|project-keep Pattern, ... */
static tw_ast *op_patterns(tw_parser *p, int kind) {
  tw_ast *n = tw_p_node(p, kind, p->tok.off);
  tw_kvec kv = {0};
  tw_p_advance(p);
  if (!n) {
    return NULL;
  }
  do {
    if (!tw_p_push(p, &kv, name_pattern(p))) {
      return NULL;
    }
  } while (tw_p_accept(p, TK_COMMA));
  return tw_p_finish_kids(p, n, &kv);
}

/* project-rename New = Old, ... */
static tw_ast *op_rename(tw_parser *p) {
  tw_ast *n = tw_p_node(p, AST_PROJECT_RENAME, p->tok.off);
  tw_kvec kv = {0};
  tw_p_advance(p);
  if (!n) {
    return NULL;
  }
  do {
    tw_ast *a = tw_p_node(p, AST_ASSIGN, p->tok.off);
    if (!a || !(a->name = tw_p_ident(p, "a new column name")) ||
        !tw_p_expect(p, TK_ASSIGN)) {
      return NULL;
    }
    tw_ast *old = tw_p_node(p, AST_NAME, p->tok.off);
    if (!old || !(old->name = tw_p_ident(p, "a column name"))) {
      return NULL;
    }
    tw_p_finish(p, old);
    tw_kvec k1 = {0};
    tw_p_push(p, &k1, old);
    if (!tw_p_push(p, &kv, tw_p_finish_kids(p, a, &k1))) {
      return NULL;
    }
  } while (tw_p_accept(p, TK_COMMA));
  return tw_p_finish_kids(p, n, &kv);
}

/* Expr [asc|desc] [nulls first|last] -> AST_SORT_KEY. `dflt` = flags when
 * no direction is given. */
tw_ast *tw_p_sort_key(tw_parser *p, tw_ast *e, int dflt) {
  if (!e) {
    return NULL;
  }
  tw_ast *k = tw_p_node1(p, AST_SORT_KEY, e->off, e);
  if (!k) {
    return NULL;
  }
  int f = dflt;
  if (tw_p_accept_kw(p, "asc")) {
    f = 0;
  } else if (tw_p_accept_kw(p, "desc")) {
    f = TW_SORT_DESC;
  } else if (tw_p_accept_kw(p, "granny-asc")) {
    f = 0;
  }
  if (tw_p_accept_kw(p, "nulls")) {
    if (tw_p_accept_kw(p, "first")) {
      f |= TW_SORT_NULLS_FIRST;
    } else if (tw_p_accept_kw(p, "last")) {
      f |= TW_SORT_NULLS_LAST;
    } else {
      return tw_p_expected(p, "'first' or 'last'");
    }
  }
  k->op = (uint16_t)f;
  return tw_p_finish(p, k);
}

/* project-reorder Pattern [asc|desc], ... */
static tw_ast *op_reorder(tw_parser *p) {
  tw_ast *n = tw_p_node(p, AST_PROJECT_REORDER, p->tok.off);
  tw_kvec kv = {0};
  tw_p_advance(p);
  if (!n) {
    return NULL;
  }
  do {
    tw_ast *k = name_pattern(p);
    if (!k) {
      return NULL;
    }
    if (tw_p_is_kw(p, "granny-asc") || tw_p_is_kw(p, "granny-desc")) {
      tw_p_advance(p);
    }
    if (!tw_p_push(p, &kv, tw_p_sort_key(p, k, 0))) {
      return NULL;
    }
  } while (tw_p_accept(p, TK_COMMA));
  return tw_p_finish_kids(p, n, &kv);
}

/* sort|order by Key [asc|desc] [nulls first|last], ... */
static tw_ast *op_sort(tw_parser *p) {
  tw_ast *n = tw_p_node(p, AST_SORT, p->tok.off);
  tw_kvec kv = {0};
  tw_p_advance(p);
  while (!p->failed && tw_p_is(p, TK_IDENT) &&
         tw_p_tok_is_kw(p, p->tok, "hint") && tw_p_peek(p, 1).kind == TK_DOT) {
    tw_p_named_option(p);
  }
  if (!n || !tw_p_expect_kw(p, "by")) {
    return NULL;
  }
  do {
    if (!tw_p_push(p, &kv, tw_p_sort_key(p, tw_p_expr(p), TW_SORT_DESC))) {
      return NULL;
    }
  } while (tw_p_accept(p, TK_COMMA));
  return tw_p_finish_kids(p, n, &kv);
}

/* top N by Key [asc|desc] [nulls first|last], ... */
static tw_ast *op_top(tw_parser *p) {
  tw_ast *n = tw_p_node(p, AST_TOP, p->tok.off);
  tw_kvec kv = {0};
  tw_p_advance(p);
  if (!n || !tw_p_push(p, &kv, tw_p_expr(p)) || !tw_p_expect_kw(p, "by")) {
    return NULL;
  }
  do {
    if (!tw_p_push(p, &kv, tw_p_sort_key(p, tw_p_expr(p), TW_SORT_DESC))) {
      return NULL;
    }
  } while (tw_p_accept(p, TK_COMMA));
  return tw_p_finish_kids(p, n, &kv);
}

/* take N / limit N / sample N */
static tw_ast *op_count_arg(tw_parser *p, int kind) {
  uint32_t off = p->tok.off;
  tw_p_advance(p);
  while (!p->failed && tw_p_is_kw(p, "hint") &&
         tw_p_peek(p, 1).kind == TK_DOT) {
    tw_p_named_option(p);
  }
  return tw_p_finish(p, tw_p_node1(p, kind, off, tw_p_expr(p)));
}

/* distinct * | distinct Expr, ... */
static tw_ast *op_distinct(tw_parser *p) {
  tw_ast *n = tw_p_node(p, AST_DISTINCT, p->tok.off);
  tw_kvec kv = {0};
  tw_p_advance(p);
  while (!p->failed && tw_p_is_kw(p, "hint") &&
         tw_p_peek(p, 1).kind == TK_DOT) {
    tw_p_named_option(p);
  }
  if (!n) {
    return NULL;
  }
  if (tw_p_is(p, TK_STAR)) {
    tw_p_advance(p);
    n->op = 1;
    return tw_p_finish_kids(p, n, &kv);
  }
  if (!tw_p_assign_list(p, &kv)) {
    return NULL;
  }
  return tw_p_finish_kids(p, n, &kv);
}

/* summarize [hint.x=y]... [Agg, ...] [by Group, ...] */
static tw_ast *op_summarize(tw_parser *p) {
  tw_ast *n = tw_p_node(p, AST_SUMMARIZE, p->tok.off);
  tw_kvec kv = {0}, aggs = {0}, by = {0}, hints = {0};
  tw_p_advance(p);
  if (!n) {
    return NULL;
  }
  uint32_t hoff = p->tok.off;
  while (!p->failed && tw_p_is_kw(p, "hint") &&
         tw_p_peek(p, 1).kind == TK_DOT) {
    if (!tw_p_push(p, &hints, tw_p_named_option(p))) {
      return NULL;
    }
  }
  uint32_t aoff = p->tok.off;
  if (!tw_p_is_kw(p, "by") && !tw_p_at_end_of_op(p) &&
      !tw_p_assign_list(p, &aggs)) {
    return NULL;
  }
  tw_p_push(p, &kv, tw_p_list_node(p, aoff, &aggs));
  uint32_t boff = p->tok.off;
  if (tw_p_accept_kw(p, "by")) {
    boff = p->tok.off;
    if (!tw_p_assign_list(p, &by)) {
      return NULL;
    }
  }
  tw_p_push(p, &kv, tw_p_list_node(p, boff, &by));
  if (hints.n) {
    tw_p_push(p, &kv, tw_p_list_node(p, hoff, &hints));
  }
  return tw_p_finish_kids(p, n, &kv);
}

/* Join conditions: Key | $left.A == $right.B, joined by ',' or 'and'. */
static bool join_conds(tw_parser *p, tw_kvec *kv) {
  do {
    tw_ast *e = tw_p_expr(p);
    if (!e) {
      return false;
    }
    /* split top-level `and` chains into separate conditions */
    tw_ast *stack[64];
    int sp = 0;
    stack[sp++] = e;
    tw_ast *order[64];
    int no = 0;
    while (sp) {
      tw_ast *x = stack[--sp];
      if (x->kind == AST_BINARY && x->op == BIN_AND && sp + 2 <= 64) {
        stack[sp++] = x->kids[1];
        stack[sp++] = x->kids[0];
      } else if (no < 64) {
        order[no++] = x;
      } else {
        tw_p_error_at(p, p->tok, "too many join conditions");
        return false;
      }
    }
    for (int i = 0; i < no; i++) {
      if (!tw_p_push(p, kv, order[i])) {
        return false;
      }
    }
  } while (tw_p_accept(p, TK_COMMA));
  return true;
}

static const struct {
  const char *w;
  tw_join_kind k;
} join_kinds[] = {
    {"innerunique", JOIN_INNERUNIQUE}, {"inner", JOIN_INNER},
    {"leftouter", JOIN_LEFTOUTER},     {"rightouter", JOIN_RIGHTOUTER},
    {"fullouter", JOIN_FULLOUTER},     {"outer", JOIN_FULLOUTER},
    {"leftanti", JOIN_LEFTANTI},       {"anti", JOIN_LEFTANTI},
    {"leftantisemi", JOIN_LEFTANTI},   {"rightanti", JOIN_RIGHTANTI},
    {"rightantisemi", JOIN_RIGHTANTI}, {"leftsemi", JOIN_LEFTSEMI},
    {"semi", JOIN_LEFTSEMI},           {"rightsemi", JOIN_RIGHTSEMI},
};

/* join|lookup [kind=K] [hint.*=v]... (Right) on Conds */
static tw_ast *op_join(tw_parser *p, bool lookup) {
  static const char *const opts[] = {"kind", "withsource", NULL};
  tw_ast *n = tw_p_node(p, lookup ? AST_LOOKUP : AST_JOIN, p->tok.off);
  tw_kvec kv = {0};
  tw_p_advance(p);
  if (!n) {
    return NULL;
  }
  n->op = lookup ? JOIN_LEFTOUTER : JOIN_INNERUNIQUE;
  while (!p->failed && tw_p_at_option(p, opts)) {
    tw_ast *o = tw_p_named_option(p);
    if (!o) {
      return NULL;
    }
    if (strcmp(o->name, "kind") == 0) {
      const char *w = tw_p_opt_word(o);
      size_t i, nk = sizeof join_kinds / sizeof join_kinds[0];
      for (i = 0; w && i < nk; i++) {
        if (strcmp(w, join_kinds[i].w) == 0) {
          break;
        }
      }
      if (!w || i == nk ||
          (lookup && join_kinds[i].k != JOIN_LEFTOUTER &&
           join_kinds[i].k != JOIN_INNER)) {
        return tw_p_error_at(p, (tw_token){0, o->kids[0]->off,
                                           o->kids[0]->len},
                             "unknown %s kind", lookup ? "lookup" : "join");
      }
      n->op = (uint16_t)join_kinds[i].k;
    }
  }
  tw_ast *right;
  if (tw_p_is(p, TK_LPAREN)) {
    tw_p_advance(p);
    if (!tw_p_enter(p)) {
      return NULL;
    }
    right = tw_p_tabular(p);
    tw_p_leave(p);
    if (!right || !tw_p_expect(p, TK_RPAREN)) {
      return NULL;
    }
  } else if (tw_p_is(p, TK_IDENT) || tw_p_is(p, TK_QIDENT)) {
    right = tabularize(tw_p_postfix(p));
  } else {
    return tw_p_expected(p, "a table or '('");
  }
  if (!tw_p_push(p, &kv, right)) {
    return NULL;
  }
  if (tw_p_accept_kw(p, "on")) {
    if (!join_conds(p, &kv)) {
      return NULL;
    }
  } else if (tw_p_accept_kw(p, "where")) {
    if (!join_conds(p, &kv)) {
      return NULL;
    }
  } else {
    return tw_p_expected(p, "'on'");
  }
  return tw_p_finish_kids(p, n, &kv);
}

/* Dispatch the operators defined in this file. */
tw_ast *tw_p_op_basic(tw_parser *p, bool *handled);
tw_ast *tw_p_op_basic(tw_parser *p, bool *handled) {
  *handled = true;
  if (tw_p_is_kw(p, "where") || tw_p_is_kw(p, "filter")) {
    return op_where(p);
  }
  if (tw_p_is_kw(p, "project")) {
    return op_items(p, AST_PROJECT, false);
  }
  if (tw_p_is_kw(p, "extend")) {
    return op_items(p, AST_EXTEND, false);
  }
  if (tw_p_is_kw(p, "serialize")) {
    return op_items(p, AST_SERIALIZE, true);
  }
  if (tw_p_is_kw(p, "project-away")) {
    return op_patterns(p, AST_PROJECT_AWAY);
  }
  if (tw_p_is_kw(p, "project-keep")) {
    return op_patterns(p, AST_PROJECT_KEEP);
  }
  if (tw_p_is_kw(p, "project-rename")) {
    return op_rename(p);
  }
  if (tw_p_is_kw(p, "project-reorder")) {
    return op_reorder(p);
  }
  if (tw_p_is_kw(p, "summarize")) {
    return op_summarize(p);
  }
  if (tw_p_is_kw(p, "sort") || tw_p_is_kw(p, "order")) {
    return op_sort(p);
  }
  if (tw_p_is_kw(p, "top")) {
    return op_top(p);
  }
  if (tw_p_is_kw(p, "take") || tw_p_is_kw(p, "limit")) {
    return op_count_arg(p, AST_TAKE);
  }
  if (tw_p_is_kw(p, "sample")) {
    return op_count_arg(p, AST_SAMPLE);
  }
  if (tw_p_is_kw(p, "distinct")) {
    return op_distinct(p);
  }
  if (tw_p_is_kw(p, "join")) {
    return op_join(p, false);
  }
  if (tw_p_is_kw(p, "lookup")) {
    return op_join(p, true);
  }
  if (tw_p_is_kw(p, "union")) {
    return op_union(p, false);
  }
  *handled = false;
  return NULL;
}
