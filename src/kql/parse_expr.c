/*
 * kql/parse_expr.c - scalar expressions by precedence climbing
 * (kql-semantics.md 1.8): string operators bind tighter than * and +;
 * in/!in/in~/!in~/has_any/has_all/between sit with ==. Also primaries
 * (names, calls with possibly tabular arguments, member access) and
 * assignments. Literal values are built in parse_lit.c.
 */
#include <string.h>

#include "base/limits.h"
#include "kql/parse_int.h"
#include "kql/parse_lit.h"

/* Precedence levels (higher binds tighter). */
enum {
  PREC_OR = 1,
  PREC_AND,
  PREC_EQ,   /* == != <> in !in in~ !in~ has_any has_all between */
  PREC_REL,  /* < <= > >= */
  PREC_ADD,  /* + - */
  PREC_MUL,  /* * / % */
  PREC_STR   /* =~ !~ has contains ... */
};

/* What the current token is as a binary operator. */
typedef enum { OPK_NONE, OPK_BIN, OPK_IN, OPK_BETWEEN } opk;

typedef struct {
  opk kind;
  int prec;
  int op;      /* tw_binop, tw_inop, or between negation */
  int ntoks;   /* tokens the operator spans (matches regex: 2) */
} opinfo;

static const struct {
  const char *w;
  tw_binop op;
} str_ops[] = {
    {"has", BIN_HAS},
    {"!has", BIN_NOT_HAS},
    {"has_cs", BIN_HAS_CS},
    {"!has_cs", BIN_NOT_HAS_CS},
    {"hasprefix", BIN_HASPREFIX},
    {"!hasprefix", BIN_NOT_HASPREFIX},
    {"hasprefix_cs", BIN_HASPREFIX_CS},
    {"!hasprefix_cs", BIN_NOT_HASPREFIX_CS},
    {"hassuffix", BIN_HASSUFFIX},
    {"!hassuffix", BIN_NOT_HASSUFFIX},
    {"hassuffix_cs", BIN_HASSUFFIX_CS},
    {"!hassuffix_cs", BIN_NOT_HASSUFFIX_CS},
    {"contains", BIN_CONTAINS},
    {"!contains", BIN_NOT_CONTAINS},
    {"contains_cs", BIN_CONTAINS_CS},
    {"!contains_cs", BIN_NOT_CONTAINS_CS},
    {"containscs", BIN_CONTAINS_CS},
    {"!containscs", BIN_NOT_CONTAINS_CS},
    {"startswith", BIN_STARTSWITH},
    {"!startswith", BIN_NOT_STARTSWITH},
    {"startswith_cs", BIN_STARTSWITH_CS},
    {"!startswith_cs", BIN_NOT_STARTSWITH_CS},
    {"endswith", BIN_ENDSWITH},
    {"!endswith", BIN_NOT_ENDSWITH},
    {"endswith_cs", BIN_ENDSWITH_CS},
    {"!endswith_cs", BIN_NOT_ENDSWITH_CS},
    {"like", BIN_LIKE},
    {"!like", BIN_NOT_LIKE},
    {"like_cs", BIN_LIKE_CS},
    {"!like_cs", BIN_NOT_LIKE_CS},
};

static opinfo op_at(const tw_parser *p) {
  opinfo o = {OPK_NONE, 0, 0, 1};
  tw_token t = p->tok;
  switch (t.kind) {
  case TK_PLUS: o.kind = OPK_BIN; o.prec = PREC_ADD; o.op = BIN_ADD; return o;
  case TK_MINUS: o.kind = OPK_BIN; o.prec = PREC_ADD; o.op = BIN_SUB; return o;
  case TK_STAR: o.kind = OPK_BIN; o.prec = PREC_MUL; o.op = BIN_MUL; return o;
  case TK_SLASH: o.kind = OPK_BIN; o.prec = PREC_MUL; o.op = BIN_DIV; return o;
  case TK_PERCENT: o.kind = OPK_BIN; o.prec = PREC_MUL; o.op = BIN_MOD; return o;
  case TK_LT: o.kind = OPK_BIN; o.prec = PREC_REL; o.op = BIN_LT; return o;
  case TK_LE: o.kind = OPK_BIN; o.prec = PREC_REL; o.op = BIN_LE; return o;
  case TK_GT: o.kind = OPK_BIN; o.prec = PREC_REL; o.op = BIN_GT; return o;
  case TK_GE: o.kind = OPK_BIN; o.prec = PREC_REL; o.op = BIN_GE; return o;
  case TK_EQ: o.kind = OPK_BIN; o.prec = PREC_EQ; o.op = BIN_EQ; return o;
  case TK_NE:
  case TK_LTGT: o.kind = OPK_BIN; o.prec = PREC_EQ; o.op = BIN_NE; return o;
  case TK_EQ_CI: o.kind = OPK_BIN; o.prec = PREC_STR; o.op = BIN_EQ_CI; return o;
  case TK_NE_CI: o.kind = OPK_BIN; o.prec = PREC_STR; o.op = BIN_NE_CI; return o;
  case TK_IDENT:
  case TK_BANG_IDENT:
    break;
  default:
    return o;
  }
  const char *s = p->src + t.off;
  size_t n = t.len;
#define IS(w) (n == sizeof(w) - 1 && memcmp(s, w, n) == 0)
  if (IS("and")) {
    o.kind = OPK_BIN; o.prec = PREC_AND; o.op = BIN_AND; return o;
  }
  if (IS("or")) {
    o.kind = OPK_BIN; o.prec = PREC_OR; o.op = BIN_OR; return o;
  }
  o.prec = PREC_EQ;
  if (IS("in")) { o.kind = OPK_IN; o.op = IN_CS; return o; }
  if (IS("!in")) { o.kind = OPK_IN; o.op = IN_NOT_CS; return o; }
  if (IS("in~")) { o.kind = OPK_IN; o.op = IN_CI; return o; }
  if (IS("!in~")) { o.kind = OPK_IN; o.op = IN_NOT_CI; return o; }
  if (IS("has_any")) { o.kind = OPK_IN; o.op = IN_HAS_ANY; return o; }
  if (IS("has_all")) { o.kind = OPK_IN; o.op = IN_HAS_ALL; return o; }
  if (IS("between")) { o.kind = OPK_BETWEEN; o.op = 0; return o; }
  if (IS("!between")) { o.kind = OPK_BETWEEN; o.op = 1; return o; }
  o.prec = PREC_STR;
  if (IS("matches")) {
    if (tw_p_tok_is_kw(p, tw_p_peek(p, 1), "regex")) {
      o.kind = OPK_BIN; o.op = BIN_MATCHES_REGEX; o.ntoks = 2;
    }
    return o;
  }
#undef IS
  for (size_t i = 0; i < sizeof str_ops / sizeof str_ops[0]; i++) {
    if (strlen(str_ops[i].w) == n && memcmp(str_ops[i].w, s, n) == 0) {
      o.kind = OPK_BIN;
      o.op = str_ops[i].op;
      return o;
    }
  }
  return o;
}

static tw_ast *unary(tw_parser *p);

static tw_ast *node2(tw_parser *p, int kind, int op, tw_ast *l, tw_ast *r) {
  tw_ast *n = tw_p_node(p, kind, l->off);
  if (!n) {
    return NULL;
  }
  tw_kvec kv = {0};
  tw_p_push(p, &kv, l);
  tw_p_push(p, &kv, r);
  tw_p_set_kids(n, &kv);
  n->op = (uint16_t)op;
  return tw_p_finish(p, n);
}

/* in (a, b) / in (T | ...) / has_any (...) : items after the operator */
static tw_ast *in_list(tw_parser *p, tw_ast *lhs, int op) {
  tw_ast *n = tw_p_node(p, AST_IN, lhs->off);
  tw_kvec kv = {0};
  if (!n || !tw_p_push(p, &kv, lhs)) {
    return NULL;
  }
  n->op = (uint16_t)op;
  if (!tw_p_expect(p, TK_LPAREN)) {
    return NULL;
  }
  do {
    if (!tw_p_push(p, &kv, tw_p_arg(p))) {
      return NULL;
    }
  } while (tw_p_accept(p, TK_COMMA));
  if (!tw_p_expect(p, TK_RPAREN)) {
    return NULL;
  }
  tw_p_set_kids(n, &kv);
  return tw_p_finish(p, n);
}

/* between (lo .. hi) */
static tw_ast *between(tw_parser *p, tw_ast *lhs, int neg) {
  tw_ast *n = tw_p_node(p, AST_BETWEEN, lhs->off);
  tw_kvec kv = {0};
  if (!n || !tw_p_push(p, &kv, lhs) || !tw_p_expect(p, TK_LPAREN) ||
      !tw_p_push(p, &kv, tw_p_expr(p)) || !tw_p_expect(p, TK_DOTDOT) ||
      !tw_p_push(p, &kv, tw_p_expr(p)) || !tw_p_expect(p, TK_RPAREN)) {
    return NULL;
  }
  n->op = (uint16_t)neg;
  tw_p_set_kids(n, &kv);
  return tw_p_finish(p, n);
}

/* A run of operands joined by one associative operator (and, or, +), kept
 * flat while parsing; ends[i] is where operand i's text ends. */
typedef struct run {
  tw_ast **t;
  uint32_t *ends;
  uint32_t n, cap;
  int op;
} run;

/* Runs longer than this become a balanced tree (height log2 n), so a
 * flat chain of thousands of `or` terms is not a tree thousands of levels
 * deep for the binder, printer and executor to recurse through. `and` and
 * `or` are associative (also with nulls), and so is `+` on integers,
 * datetimes and timespans (they wrap): the grouping does not change a
 * result (for reals it may change the last bits of rounding). Shorter runs
 * stay left-deep, as written. */
enum { RUN_BALANCE_MIN = 64 };

static bool run_push(tw_parser *p, run *r, tw_ast *t) {
  if (!t) {
    return false;
  }
  if (r->n == r->cap) {
    uint32_t cap = r->cap ? r->cap * 2 : 8;
    tw_ast **nt = tw_arena_alloc(p->a, cap * sizeof *nt);
    uint32_t *ne = tw_arena_alloc(p->a, cap * sizeof *ne);
    if (!nt || !ne) {
      tw_p_error_at(p, p->tok, "out of memory");
      return false;
    }
    if (r->n) {
      memcpy(nt, r->t, r->n * sizeof *nt);
      memcpy(ne, r->ends, r->n * sizeof *ne);
    }
    r->t = nt;
    r->ends = ne;
    r->cap = cap;
  }
  r->t[r->n] = t;
  r->ends[r->n] = p->prev_end;
  r->n++;
  return true;
}

static tw_ast *join2(tw_parser *p, int op, tw_ast *l, tw_ast *r,
                     uint32_t end) {
  tw_ast *n = node2(p, AST_BINARY, op, l, r);
  if (n) {
    n->len = end > n->off ? end - n->off : 0;
  }
  return n;
}

/* Operands [lo, hi) of a run as a balanced tree. */
static tw_ast *balanced(tw_parser *p, const run *r, uint32_t lo,
                        uint32_t hi) {
  if (hi - lo == 1) {
    return r->t[lo];
  }
  uint32_t mid = lo + (hi - lo) / 2;
  tw_ast *a = balanced(p, r, lo, mid);
  tw_ast *b = a ? balanced(p, r, mid, hi) : NULL;
  tw_ast *n = b ? join2(p, r->op, a, b, r->ends[hi - 1]) : NULL;
  if (n) {
    n->decl_type = TW_AST_BALANCED;
  }
  return n;
}

/* The tree of a finished run; adds its height to *chain. */
static tw_ast *run_tree(tw_parser *p, run *r, int *chain) {
  tw_ast *l = r->t[0];
  if (r->n > RUN_BALANCE_MIN) {
    l = balanced(p, r, 0, r->n);
    for (uint32_t n = 1; n < r->n; n *= 2) {
      ++*chain;
    }
  } else {
    for (uint32_t i = 1; l && i < r->n; i++) {
      l = join2(p, r->op, l, r->t[i], r->ends[i]);
      ++*chain;
    }
  }
  r->n = 0;
  return l;
}

static tw_ast *binary(tw_parser *p, int minprec) {
  if (!tw_p_enter(p)) {
    return NULL;
  }
  tw_ast *l = unary(p);
  int last = 0; /* precedence of the operator just applied at this level */
  int chain = 0;
  run rn = {0};
  while (l && !p->failed) {
    opinfo o = op_at(p);
    if (o.kind == OPK_NONE || o.prec < minprec) {
      break;
    }
    /* comparison, equality/list and string operators do not chain:
     * `a < b < c` leaves the second operator unparsed (an error later) */
    if (o.prec == last &&
        (o.prec == PREC_EQ || o.prec == PREC_REL || o.prec == PREC_STR)) {
      break;
    }
    last = o.prec;
    int assoc = o.kind == OPK_BIN &&
                (o.op == BIN_AND || o.op == BIN_OR || o.op == BIN_ADD);
    if (rn.n && !(assoc && o.op == rn.op)) {
      l = run_tree(p, &rn, &chain); /* the run ends here */
      if (!l) {
        break;
      }
    }
    /* a long operator chain builds a deep tree: bound its height too (an
     * and/or run counts by its height once built, below) */
    if ((assoc ? chain + 1 : ++chain) + p->depth > TW_MAX_EXPR_DEPTH) {
      tw_p_error_at(p, p->tok,
                    "expression is nested too deeply (more than %d levels)",
                    TW_MAX_EXPR_DEPTH);
      break;
    }
    if (assoc && rn.n == 0) {
      rn.op = o.op; /* a run starts with the operand before the operator */
      if (!run_push(p, &rn, l)) {
        l = NULL;
        break;
      }
    }
    for (int i = 0; i < o.ntoks; i++) {
      tw_p_advance(p);
    }
    if (o.kind == OPK_IN) {
      l = in_list(p, l, o.op);
    } else if (o.kind == OPK_BETWEEN) {
      l = between(p, l, o.op);
    } else if (assoc) {
      if (!run_push(p, &rn, binary(p, o.prec + 1))) {
        l = NULL;
      }
    } else {
      tw_ast *r = binary(p, o.prec + 1);
      l = r ? node2(p, AST_BINARY, o.op, l, r) : NULL;
    }
  }
  if (l && rn.n && !p->failed) {
    l = run_tree(p, &rn, &chain);
    if (l && chain + p->depth > TW_MAX_EXPR_DEPTH) {
      tw_p_error_at(p, p->tok,
                    "expression is nested too deeply (more than %d levels)",
                    TW_MAX_EXPR_DEPTH);
    }
  }
  tw_p_leave(p);
  return p->failed ? NULL : l;
}

tw_ast *tw_p_expr(tw_parser *p) { return binary(p, PREC_OR); }

tw_ast *tw_p_expr_no_in(tw_parser *p) { return binary(p, PREC_REL); }

static tw_ast *unary(tw_parser *p) {
  if (tw_p_is(p, TK_MINUS) || tw_p_is(p, TK_PLUS)) {
    int neg = tw_p_is(p, TK_MINUS);
    uint32_t off = p->tok.off;
    tw_p_advance(p);
    if (!tw_p_enter(p)) {
      return NULL;
    }
    tw_ast *k = unary(p);
    tw_p_leave(p);
    if (!k) {
      return NULL;
    }
    if (neg && tw_lit_negate(k)) {
      k->len += k->off - off;
      k->off = off;
      return k;
    }
    tw_ast *n = tw_p_node1(p, AST_UNARY, off, k);
    if (n) {
      n->op = neg ? '-' : '+';
    }
    return tw_p_finish(p, n);
  }
  return tw_p_postfix(p);
}

/* ------------------------------------------------------------ primary */

/* f(args): the name token was consumed; current is '('. */
static tw_ast *call(tw_parser *p, uint32_t off, const char *name) {
  tw_ast *n = tw_p_node(p, AST_CALL, off);
  tw_kvec kv = {0};
  if (!n || !tw_p_expect(p, TK_LPAREN)) {
    return NULL;
  }
  n->name = name;
  if (!tw_p_is(p, TK_RPAREN)) {
    do {
      tw_ast *a;
      if (tw_p_is(p, TK_STAR)) {
        a = tw_p_node(p, AST_STAR, p->tok.off);
        tw_p_advance(p);
        tw_p_finish(p, a);
      } else if (strcmp(name, "typeof") == 0 &&
                 (tw_p_is(p, TK_IDENT) || tw_p_is(p, TK_QIDENT)) &&
                 tw_p_peek(p, 1).kind == TK_COLON) {
        /* typeof(*, col:type): a schema, as in evaluate plugins */
        a = tw_p_node(p, AST_COLUMN_DECL, p->tok.off);
        if (!a || !(a->name = tw_p_ident(p, "a column name"))) {
          return NULL;
        }
        tw_p_advance(p); /* : */
        a->decl_type = (uint8_t)tw_p_type(p);
        tw_p_finish(p, a);
      } else if (tw_p_at_assign(p)) {
        a = tw_p_node(p, AST_NAMED_ARG, p->tok.off);
        if (!a || !(a->name = tw_p_ident(p, "a name"))) {
          return NULL;
        }
        tw_p_advance(p); /* = */
        tw_ast *v = tw_p_arg(p);
        tw_kvec k1 = {0};
        if (!tw_p_push(p, &k1, v)) {
          return NULL;
        }
        tw_p_set_kids(a, &k1);
        tw_p_finish(p, a);
      } else {
        a = tw_p_arg(p);
      }
      if (!tw_p_push(p, &kv, a)) {
        return NULL;
      }
    } while (tw_p_accept(p, TK_COMMA));
  }
  if (!tw_p_expect(p, TK_RPAREN)) {
    return NULL;
  }
  tw_p_set_kids(n, &kv);
  return tw_p_finish(p, n);
}

/*
 * int(5), long(-1), real(2) whose text the lexer could not take as one
 * typed-literal token (the ')' is on another line): make them the same
 * literal the token would have given, so the tree does not depend on
 * line breaks.
 */
static tw_ast *typed_call(tw_ast *c) {
  if (!c || c->nkids != 1 || c->kids[0]->kind != AST_LITERAL) {
    return c;
  }
  tw_value v = c->kids[0]->lit;
  if (v.null || (v.type != TW_T_LONG && v.type != TW_T_REAL)) {
    return c;
  }
  const char *n = c->name;
  tw_value r;
  if (strcmp(n, "long") == 0 && v.type == TW_T_LONG) {
    r = v;
  } else if (strcmp(n, "int") == 0 && v.type == TW_T_LONG &&
             v.u.i >= INT32_MIN && v.u.i <= INT32_MAX) {
    r = tw_int((int32_t)v.u.i);
  } else if (strcmp(n, "real") == 0 || strcmp(n, "double") == 0 ||
             strcmp(n, "decimal") == 0) {
    r = tw_real(v.type == TW_T_LONG ? (double)v.u.i : v.u.r);
    if (strcmp(n, "decimal") == 0) {
      r.type = TW_T_DECIMAL;
    }
  } else {
    return c;
  }
  c->kind = AST_LITERAL;
  c->lit = r;
  c->name = NULL;
  c->nkids = 0;
  c->kids = NULL;
  return c;
}

static bool is_literal_tok(int k) {
  return k == TK_STRING || k == TK_LONG || k == TK_REAL || k == TK_TIMESPAN ||
         k == TK_GUID || k == TK_TYPED;
}

static tw_ast *primary(tw_parser *p) {
  tw_token t = p->tok;
  if (p->failed) {
    return NULL;
  }
  if (t.kind == TK_GUID) {
    return tw_p_error_at(p, t, "raw guid literals are not allowed here, "
                               "use guid(...) instead");
  }
  if (is_literal_tok(t.kind)) {
    return tw_p_literal(p);
  }
  if (t.kind == TK_IDENT) {
    const char *s = p->src + t.off;
    if (tw_lit_is_bool_word(s, t.len) ||
        (t.len == 7 && memcmp(s, "dynamic", 7) == 0 &&
         tw_p_peek(p, 1).kind == TK_LPAREN)) {
      return tw_p_literal(p);
    }
    const char *name = tw_p_name(p, t);
    if (!name) {
      return NULL;
    }
    tw_p_advance(p);
    if (tw_p_is(p, TK_LPAREN)) {
      if (strcmp(name, "datetime") == 0 || strcmp(name, "date") == 0 ||
          strcmp(name, "timespan") == 0 || strcmp(name, "time") == 0 ||
          strcmp(name, "guid") == 0) {
        /* the lexer makes name(...) one token when ')' is on the line */
        return tw_p_error_at(p, t, "invalid %s literal: expected ')' on "
                                   "the same line", name);
      }
      return typed_call(call(p, t.off, name));
    }
    tw_ast *n = tw_p_node(p, AST_NAME, t.off);
    if (n) {
      n->name = name;
    }
    return tw_p_finish(p, n);
  }
  if (t.kind == TK_QIDENT) {
    tw_ast *n = tw_p_node(p, AST_NAME, t.off);
    if (!n || !(n->name = tw_p_name(p, t))) {
      return NULL;
    }
    tw_p_advance(p);
    return tw_p_finish(p, n);
  }
  if (t.kind == TK_LPAREN) {
    tw_p_advance(p);
    tw_ast *e = tw_p_arg(p); /* depth is counted by binary() inside */
    if (!e || !tw_p_expect(p, TK_RPAREN)) {
      return NULL;
    }
    /* The span of a parenthesised expression stays that of its content;
     * the printer re-adds parentheses where precedence needs them. */
    return e;
  }
  if (t.kind == TK_STAR) {
    tw_ast *n = tw_p_node(p, AST_STAR, t.off);
    tw_p_advance(p);
    return tw_p_finish(p, n);
  }
  if (t.kind == TK_EOF) {
    return tw_p_expected(p, "an expression");
  }
  char q[64];
  size_t n = t.len > 40 ? 40 : t.len;
  memcpy(q, p->src + t.off, n);
  q[n] = 0;
  return tw_p_error_at(p, t, "unexpected '%s': expected an expression", q);
}

/* Member access, indexing and calls after a primary. */
tw_ast *tw_p_postfix(tw_parser *p) {
  tw_ast *e = primary(p);
  int steps = 0;
  while (e && !p->failed) {
    if (tw_p_is(p, TK_DOT) && tw_p_peek(p, 1).kind == TK_STAR) {
      break; /* `.*T` wildcard: only union legs take it (parse_ops.c) */
    }
    if (tw_p_is(p, TK_DOT) && tw_p_peek(p, 1).kind == TK_LBRACK) {
      tw_p_advance(p); /* d.[expr] is d[expr] */
      continue;
    }
    if (tw_p_is(p, TK_DOT)) {
      tw_p_advance(p);
      tw_token t = p->tok;
      if (t.kind != TK_IDENT && t.kind != TK_QIDENT) {
        return tw_p_expected(p, "a member name after '.'");
      }
      const char *name = tw_p_name(p, t);
      tw_p_advance(p);
      if (tw_p_is(p, TK_LPAREN) && t.kind == TK_IDENT) {
        /* database("x").Table(...) style: a method-like call */
        tw_ast *c = call(p, e->off, name);
        if (!c) {
          return NULL;
        }
        tw_ast **k = tw_arena_alloc(p->a, (c->nkids + 1) * sizeof *k);
        if (!k) {
          return NULL;
        }
        k[0] = e;
        if (c->nkids) {
          memcpy(k + 1, c->kids, c->nkids * sizeof *k);
        }
        c->kids = k;
        c->nkids++;
        c->op = 1; /* member-call form */
        e = c;
      } else {
        tw_ast *m = tw_p_node1(p, AST_MEMBER, e->off, e);
        if (!m) {
          return NULL;
        }
        m->name = name;
        e = tw_p_finish(p, m);
      }
    } else if (tw_p_is(p, TK_LBRACK)) {
      tw_p_advance(p);
      tw_ast *i = tw_p_expr(p);
      if (!i || !tw_p_expect(p, TK_RBRACK)) {
        return NULL;
      }
      e = node2(p, AST_INDEX, 0, e, i);
    } else if (tw_p_is(p, TK_QIDENT)) {
      /* d['a'] lexes as a quoted identifier token: an index by string */
      tw_token t = p->tok;
      tw_ast *lit = tw_p_node(p, AST_LITERAL, t.off + 1);
      const char *nm = tw_p_name(p, t);
      if (!lit || !nm) {
        return NULL;
      }
      lit->lit = tw_str(nm, strlen(nm));
      lit->len = t.len - 2;
      tw_p_advance(p);
      e = node2(p, AST_INDEX, 0, e, lit);
    } else {
      break;
    }
    if (++steps + p->depth > TW_MAX_EXPR_DEPTH) {
      return tw_p_error_at(p, p->tok,
                           "expression is nested too deeply (more than %d "
                           "levels)",
                           TW_MAX_EXPR_DEPTH);
    }
  }
  return e;
}

/* ------------------------------------------------------ args, assigns */

tw_ast *tw_p_arg(tw_parser *p) {
  if (tw_p_at_tabular_source(p)) {
    return tw_p_tabular(p);
  }
  tw_ast *e = tw_p_expr(p);
  if (e && tw_p_is(p, TK_PIPE)) {
    return tw_p_pipe_from(p, e);
  }
  return e;
}

bool tw_p_at_assign(const tw_parser *p) {
  if (p->tok.kind != TK_IDENT && p->tok.kind != TK_QIDENT) {
    return false;
  }
  return tw_p_peek(p, 1).kind == TK_ASSIGN;
}

bool tw_p_at_tuple_assign(const tw_parser *p) {
  if (p->tok.kind != TK_LPAREN) {
    return false;
  }
  tw_lexer lx = p->lx; /* scan ahead once: ( name [, name]... ) = */
  for (int k = 0; k < 1000; k++) {
    tw_token t = tw_lex_next(&lx);
    if (t.kind != TK_IDENT && t.kind != TK_QIDENT) {
      return false;
    }
    tw_token s = tw_lex_next(&lx);
    if (s.kind == TK_RPAREN) {
      return tw_lex_next(&lx).kind == TK_ASSIGN;
    }
    if (s.kind != TK_COMMA) {
      return false;
    }
  }
  return false;
}

/* Keywords Kusto does not take unbracketed as the name an assignment
 * declares (`extend kind = 1` must be `extend ['kind'] = 1`), as its
 * parser reports them (KS228). */
static bool needs_brackets(const char *s, size_t n) {
  static const char *const words[] = {
      "and", "or", "between", "like", "notlike", "startswith",
      "startswith_cs", "endswith", "endswith_cs", "hasprefix", "hassuffix",
      "has_cs", "has_any", "has_all", "contains_cs", "containscs",
      "notcontains", "notcontainscs", "asc", "desc", "first", "last",
      "kind", "flags", "isfuzzy", "withsource", "with_source",
      "with_itemindex", "with_match_id", "bagexpansion", "project", "union",
      "external_data", "datetime", "date", "timespan", "time", "dynamic",
      "decimal", "int", "int64", "long", "real", "double", "float",
      "string", "boolean", "uniqueid"};
  for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
    if (strlen(words[i]) == n && memcmp(words[i], s, n) == 0) {
      return true;
    }
  }
  return false;
}

tw_ast *tw_p_assign_or_expr(tw_parser *p) {
  if (tw_p_at_assign(p) && p->tok.kind == TK_IDENT &&
      needs_brackets(p->src + p->tok.off, p->tok.len)) {
    return tw_p_error_at(p, p->tok,
                         "The name '%.*s' needs to be bracketed as ['%.*s'] "
                         "to be used in this context.",
                         (int)p->tok.len, p->src + p->tok.off,
                         (int)p->tok.len, p->src + p->tok.off);
  }
  if (tw_p_at_assign(p)) {
    tw_ast *n = tw_p_node(p, AST_ASSIGN, p->tok.off);
    if (!n || !(n->name = tw_p_ident(p, "a name"))) {
      return NULL;
    }
    tw_p_advance(p); /* = */
    tw_ast *e = tw_p_expr(p);
    if (!e) {
      return NULL;
    }
    tw_kvec kv = {0};
    tw_p_push(p, &kv, e);
    tw_p_set_kids(n, &kv);
    return tw_p_finish(p, n);
  }
  if (tw_p_at_tuple_assign(p)) {
    tw_ast *n = tw_p_node(p, AST_ASSIGN, p->tok.off);
    tw_ast *l = tw_p_node(p, AST_LIST, p->tok.off);
    tw_kvec names = {0}, kv = {0};
    if (!n || !l) {
      return NULL;
    }
    tw_p_advance(p); /* ( */
    do {
      tw_ast *nm = tw_p_node(p, AST_NAME, p->tok.off);
      if (!nm || !(nm->name = tw_p_ident(p, "a name"))) {
        return NULL;
      }
      tw_p_push(p, &names, tw_p_finish(p, nm));
    } while (tw_p_accept(p, TK_COMMA));
    if (!tw_p_expect(p, TK_RPAREN)) {
      return NULL;
    }
    tw_p_set_kids(l, &names);
    tw_p_finish(p, l);
    tw_p_advance(p); /* = */
    tw_ast *e = tw_p_expr(p);
    if (!e) {
      return NULL;
    }
    tw_p_push(p, &kv, e);
    tw_p_push(p, &kv, l);
    tw_p_set_kids(n, &kv);
    return tw_p_finish(p, n);
  }
  return tw_p_expr(p);
}

bool tw_p_assign_list(tw_parser *p, tw_kvec *kv) {
  do {
    if (!tw_p_push(p, kv, tw_p_assign_or_expr(p))) {
      return false;
    }
  } while (tw_p_accept(p, TK_COMMA));
  return true;
}
