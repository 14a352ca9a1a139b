/*
 * kql/parse.c - the KQL parser's entry points and statements: the token
 * stream and error helpers shared by the parser files, then query := stmt
 * (';' stmt)*, with let (scalar, tabular, functions with parameters and
 * defaults, views), set and declare query_parameters.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/limits.h"
#include "kql/parse_int.h"

/* ------------------------------------------------------- token stream */

void tw_p_init(tw_parser *p, const char *src, size_t len, tw_arena *a,
               trawl_diag *diag) {
  memset(p, 0, sizeof *p);
  p->src = src;
  p->len = len;
  p->a = a;
  p->diag = diag;
  tw_lex_init(&p->lx, src, len);
  tw_p_advance(p);
}

void tw_p_advance(tw_parser *p) {
  if (p->tok.len || p->tok.kind != TK_EOF) {
    p->prev_end = p->tok.off + p->tok.len;
  }
  p->tok = tw_lex_next(&p->lx);
  if (p->tok.kind == TK_ERROR) {
    tw_p_error_at(p, p->tok, "%s", p->lx.err ? p->lx.err : "invalid token");
  }
}

tw_token tw_p_peek(const tw_parser *p, int k) {
  tw_lexer lx = p->lx;
  tw_token t = p->tok;
  for (int i = 0; i < k; i++) {
    t = tw_lex_next(&lx);
  }
  return t;
}

tw_ast *tw_p_error_at(tw_parser *p, tw_token t, const char *fmt, ...) {
  if (p->failed) {
    return NULL;
  }
  p->failed = true;
  if (p->diag) {
    p->diag->code = TRAWL_ERR_SYNTAX;
    p->diag->off = t.off;
    p->diag->len = t.len;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->diag->message, sizeof p->diag->message, fmt, ap);
    va_end(ap);
  }
  return NULL;
}

/* A short quote of a token's text for messages. */
static void tok_quote(const tw_parser *p, tw_token t, char *out, size_t cap) {
  if (t.kind == TK_EOF) {
    snprintf(out, cap, "end of query");
    return;
  }
  size_t n = t.len > 40 ? 40 : t.len;
  snprintf(out, cap, "'%.*s%s'", (int)n, p->src + t.off,
           t.len > 40 ? "..." : "");
}

tw_ast *tw_p_expected(tw_parser *p, const char *what) {
  char q[64];
  tok_quote(p, p->tok, q, sizeof q);
  return tw_p_error_at(p, p->tok, "expected %s but found %s", what, q);
}

bool tw_p_is(const tw_parser *p, int kind) { return p->tok.kind == kind; }

bool tw_p_tok_is_kw(const tw_parser *p, tw_token t, const char *w) {
  if (t.kind != TK_IDENT && t.kind != TK_BANG_IDENT) {
    return false;
  }
  size_t n = strlen(w);
  return t.len == n && memcmp(p->src + t.off, w, n) == 0;
}

bool tw_p_is_kw(const tw_parser *p, const char *w) {
  return tw_p_tok_is_kw(p, p->tok, w);
}

bool tw_p_accept(tw_parser *p, int kind) {
  if (p->failed || p->tok.kind != kind) {
    return false;
  }
  tw_p_advance(p);
  return true;
}

bool tw_p_accept_kw(tw_parser *p, const char *w) {
  if (p->failed || !tw_p_is_kw(p, w)) {
    return false;
  }
  tw_p_advance(p);
  return true;
}

bool tw_p_expect(tw_parser *p, int kind) {
  if (p->failed) {
    return false;
  }
  if (p->tok.kind != kind) {
    tw_p_expected(p, tw_tok_kind_name(kind));
    return false;
  }
  tw_p_advance(p);
  return true;
}

bool tw_p_expect_kw(tw_parser *p, const char *w) {
  if (p->failed) {
    return false;
  }
  if (!tw_p_is_kw(p, w)) {
    char buf[64];
    snprintf(buf, sizeof buf, "'%s'", w);
    tw_p_expected(p, buf);
    return false;
  }
  tw_p_advance(p);
  return true;
}

bool tw_p_enter(tw_parser *p) {
  if (p->failed) {
    return false;
  }
  if (++p->depth > TW_MAX_EXPR_DEPTH) {
    tw_p_error_at(p, p->tok, "query is nested too deeply (more than %d levels)",
                  TW_MAX_EXPR_DEPTH);
    return false;
  }
  return true;
}

void tw_p_leave(tw_parser *p) { p->depth--; }

/* --------------------------------------------------------------- nodes */

static tw_ast *oom(tw_parser *p) {
  if (!p->failed) {
    p->failed = true;
    if (p->diag) {
      p->diag->code = TRAWL_ERR_NOMEM;
      p->diag->off = p->tok.off;
      p->diag->len = 0;
      snprintf(p->diag->message, sizeof p->diag->message,
               "out of memory while parsing");
    }
  }
  return NULL;
}

tw_ast *tw_p_node(tw_parser *p, int kind, uint32_t off) {
  tw_ast *n = tw_arena_zalloc(p->a, sizeof *n);
  if (!n) {
    return oom(p);
  }
  n->kind = (uint16_t)kind;
  n->off = off;
  n->slot = -1;
  return n;
}

tw_ast *tw_p_finish(tw_parser *p, tw_ast *n) {
  if (n) {
    n->len = p->prev_end > n->off ? p->prev_end - n->off : 0;
  }
  return n;
}

bool tw_p_push(tw_parser *p, tw_kvec *kv, tw_ast *kid) {
  if (!kid) {
    return false;
  }
  if (kv->n == kv->cap) {
    uint32_t cap = kv->cap ? kv->cap * 2 : 4;
    tw_ast **v = tw_arena_alloc(p->a, cap * sizeof *v);
    if (!v) {
      oom(p);
      return false;
    }
    if (kv->n) {
      memcpy(v, kv->v, kv->n * sizeof *v);
    }
    kv->v = v;
    kv->cap = cap;
  }
  kv->v[kv->n++] = kid;
  return true;
}

void tw_p_set_kids(tw_ast *n, const tw_kvec *kv) {
  if (n) {
    n->kids = kv->v;
    n->nkids = kv->n;
  }
}

tw_ast *tw_p_node1(tw_parser *p, int kind, uint32_t off, tw_ast *kid) {
  if (!kid) {
    return NULL;
  }
  tw_ast *n = tw_p_node(p, kind, off);
  if (!n) {
    return NULL;
  }
  tw_ast **k = tw_arena_alloc(p->a, sizeof *k);
  if (!k) {
    return oom(p);
  }
  k[0] = kid;
  n->kids = k;
  n->nkids = 1;
  return n;
}

const char *tw_p_name(tw_parser *p, tw_token t) {
  const char *s = p->src + t.off;
  char *r;
  if (t.kind == TK_QIDENT) {
    /* [ 'text' ] : decode the string inside the brackets */
    size_t inner = t.len - 2;
    r = tw_arena_alloc(p->a, inner + 1);
    if (!r) {
      return oom(p), NULL;
    }
    size_t n = tw_lex_string_decode(s + 1, inner, r);
    r[n] = 0;
    return r;
  }
  if (t.kind == TK_BANG_IDENT) {
    r = tw_arena_strndup(p->a, s, t.len);
  } else {
    r = tw_arena_strndup(p->a, s, t.len);
  }
  if (!r) {
    oom(p);
  }
  return r;
}

const char *tw_p_ident(tw_parser *p, const char *what) {
  if (p->failed) {
    return NULL;
  }
  if (p->tok.kind != TK_IDENT && p->tok.kind != TK_QIDENT) {
    tw_p_expected(p, what);
    return NULL;
  }
  const char *n = tw_p_name(p, p->tok);
  tw_p_advance(p);
  return n;
}

/* ---------------------------------------------------------------- types */

tw_type tw_parse_type_name(const char *s, size_t n) {
  static const struct {
    const char *w;
    tw_type t;
  } types[] = {
      {"string", TW_T_STRING},     {"long", TW_T_LONG},
      {"int", TW_T_INT},           {"real", TW_T_REAL},
      {"double", TW_T_REAL},       {"decimal", TW_T_DECIMAL},
      {"bool", TW_T_BOOL},         {"boolean", TW_T_BOOL},
      {"datetime", TW_T_DATETIME}, {"date", TW_T_DATETIME},
      {"timespan", TW_T_TIMESPAN}, {"time", TW_T_TIMESPAN},
      {"guid", TW_T_GUID},         {"uniqueid", TW_T_GUID},
      {"dynamic", TW_T_DYNAMIC},   {"int64", TW_T_LONG},
      {"int32", TW_T_INT},         {"float", TW_T_REAL},
  };
  for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
    if (strlen(types[i].w) == n && memcmp(types[i].w, s, n) == 0) {
      return types[i].t;
    }
  }
  return TW_T_UNKNOWN;
}

tw_type tw_p_type(tw_parser *p) {
  if (p->failed) {
    return TW_T_UNKNOWN;
  }
  tw_type t = TW_T_UNKNOWN;
  if (p->tok.kind == TK_IDENT) {
    t = tw_parse_type_name(p->src + p->tok.off, p->tok.len);
  } else if (p->tok.kind == TK_TYPED) {
    /* never: typed literal tokens need '(' */
  }
  if (t == TW_T_UNKNOWN) {
    tw_p_expected(p, "a type name");
    return TW_T_UNKNOWN;
  }
  tw_p_advance(p);
  return t;
}

/* --------------------------------------------------------- declarations */

/* (a:string, b:long) */
bool tw_p_column_decls(tw_parser *p, tw_kvec *kv) {
  if (!tw_p_expect(p, TK_LPAREN)) {
    return false;
  }
  if (tw_p_accept(p, TK_RPAREN)) {
    return true;
  }
  do {
    uint32_t off = p->tok.off;
    tw_ast *c = tw_p_node(p, AST_COLUMN_DECL, off);
    if (!c || !(c->name = tw_p_ident(p, "a column name")) ||
        !tw_p_expect(p, TK_COLON)) {
      return false;
    }
    c->decl_type = (uint8_t)tw_p_type(p);
    if (p->failed || !tw_p_push(p, kv, tw_p_finish(p, c))) {
      return false;
    }
  } while (tw_p_accept(p, TK_COMMA));
  return tw_p_expect(p, TK_RPAREN);
}

/* One parameter: name:type [= default] or name:(cols) / name:(*). */
static tw_ast *param(tw_parser *p) {
  tw_ast *n = tw_p_node(p, AST_PARAM, p->tok.off);
  if (!n || !(n->name = tw_p_ident(p, "a parameter name")) ||
      !tw_p_expect(p, TK_COLON)) {
    return NULL;
  }
  if (tw_p_is(p, TK_LPAREN)) {
    n->op = 1;
    tw_kvec kv = {0};
    if (tw_p_peek(p, 1).kind == TK_STAR && tw_p_peek(p, 2).kind == TK_RPAREN) {
      tw_p_advance(p);
      tw_p_advance(p);
      tw_p_advance(p);
    } else {
      /* (a:string, *) is allowed too: a leading list then '*' */
      if (!tw_p_expect(p, TK_LPAREN)) {
        return NULL;
      }
      if (!tw_p_is(p, TK_RPAREN)) {
        do {
          if (tw_p_is(p, TK_STAR)) {
            /* (a:string, *): the columns and any others */
            tw_ast *st = tw_p_node(p, AST_STAR, p->tok.off);
            tw_p_advance(p);
            if (!tw_p_push(p, &kv, tw_p_finish(p, st))) {
              return NULL;
            }
            continue;
          }
          tw_ast *c = tw_p_node(p, AST_COLUMN_DECL, p->tok.off);
          if (!c || !(c->name = tw_p_ident(p, "a column name")) ||
              !tw_p_expect(p, TK_COLON)) {
            return NULL;
          }
          c->decl_type = (uint8_t)tw_p_type(p);
          if (p->failed || !tw_p_push(p, &kv, tw_p_finish(p, c))) {
            return NULL;
          }
        } while (tw_p_accept(p, TK_COMMA));
      }
      if (!tw_p_expect(p, TK_RPAREN)) {
        return NULL;
      }
    }
    tw_p_set_kids(n, &kv);
    return tw_p_finish(p, n);
  }
  n->decl_type = (uint8_t)tw_p_type(p);
  if (p->failed) {
    return NULL;
  }
  if (tw_p_accept(p, TK_ASSIGN)) {
    tw_ast *d = tw_p_expr(p);
    if (!d) {
      return NULL;
    }
    tw_kvec kv = {0};
    tw_p_push(p, &kv, d);
    tw_p_set_kids(n, &kv);
  }
  return tw_p_finish(p, n);
}

bool tw_p_params(tw_parser *p, tw_kvec *kv) {
  if (!tw_p_expect(p, TK_LPAREN)) {
    return false;
  }
  if (tw_p_accept(p, TK_RPAREN)) {
    return true;
  }
  do {
    if (!tw_p_push(p, kv, param(p))) {
      return false;
    }
  } while (tw_p_accept(p, TK_COMMA));
  return tw_p_expect(p, TK_RPAREN);
}

/* ----------------------------------------------------------- statements */

static tw_ast *let_stmt(tw_parser *p);

/* Does the '(' at the current token open a parameter list `() {` or
 * `(name:` ? */
static bool at_func_def(const tw_parser *p) {
  if (!tw_p_is(p, TK_LPAREN)) {
    return false;
  }
  tw_token t1 = tw_p_peek(p, 1);
  if (t1.kind == TK_RPAREN) {
    return tw_p_peek(p, 2).kind == TK_LBRACE;
  }
  if (t1.kind == TK_IDENT || t1.kind == TK_QIDENT) {
    return tw_p_peek(p, 2).kind == TK_COLON;
  }
  return false;
}

/* { let ...; ... expr [;] } */
tw_ast *tw_p_body(tw_parser *p) {
  tw_ast *b = tw_p_node(p, AST_BODY, p->tok.off);
  if (!b || !tw_p_expect(p, TK_LBRACE)) {
    return NULL;
  }
  tw_kvec kv = {0};
  while (!p->failed && !tw_p_is(p, TK_RBRACE)) {
    if (tw_p_accept(p, TK_SEMI)) {
      continue;
    }
    tw_ast *s = tw_p_is_kw(p, "let") ? let_stmt(p) : tw_p_arg(p);
    if (!tw_p_push(p, &kv, s)) {
      return NULL;
    }
    if (!tw_p_is(p, TK_RBRACE) && !tw_p_expect(p, TK_SEMI)) {
      return NULL;
    }
  }
  if (!tw_p_expect(p, TK_RBRACE)) {
    return NULL;
  }
  if (kv.n == 0) {
    return tw_p_error_at(p, (tw_token){TK_RBRACE, (uint32_t)p->prev_end - 1, 1},
                         "a function body needs an expression");
  }
  tw_p_set_kids(b, &kv);
  return tw_p_finish(p, b);
}

static tw_ast *func_def(tw_parser *p, int view) {
  tw_ast *f = tw_p_node(p, AST_FUNC_DEF, p->tok.off);
  tw_kvec kv = {0};
  if (!f) {
    return NULL;
  }
  if (view) {
    tw_p_advance(p);
    f->op = 1;
  }
  if (!tw_p_params(p, &kv)) {
    return NULL;
  }
  if (!tw_p_push(p, &kv, tw_p_body(p))) {
    return NULL;
  }
  tw_p_set_kids(f, &kv);
  return tw_p_finish(p, f);
}

/* let Name = value */
static tw_ast *let_stmt(tw_parser *p) {
  tw_ast *n = tw_p_node(p, AST_LET, p->tok.off);
  if (!n) {
    return NULL;
  }
  tw_p_advance(p); /* let */
  if (!(n->name = tw_p_ident(p, "a name after 'let'")) ||
      !tw_p_expect(p, TK_ASSIGN)) {
    return NULL;
  }
  tw_ast *v;
  if (tw_p_is_kw(p, "view") && tw_p_peek(p, 1).kind == TK_LPAREN) {
    v = func_def(p, 1);
  } else if (at_func_def(p)) {
    v = func_def(p, 0);
  } else {
    v = tw_p_arg(p);
  }
  if (!v) {
    return NULL;
  }
  tw_kvec kv = {0};
  tw_p_push(p, &kv, v);
  tw_p_set_kids(n, &kv);
  return tw_p_finish(p, n);
}

/* set name [= value] */
static tw_ast *set_stmt(tw_parser *p) {
  tw_ast *n = tw_p_node(p, AST_SET_OPTION, p->tok.off);
  if (!n) {
    return NULL;
  }
  tw_p_advance(p); /* set */
  uint32_t s = p->tok.off;
  if (!tw_p_ident(p, "an option name")) {
    return NULL;
  }
  while (tw_p_is(p, TK_DOT) || tw_p_is(p, TK_MINUS)) {
    tw_p_advance(p);
    if (!tw_p_ident(p, "an option name")) {
      return NULL;
    }
  }
  n->name = tw_arena_strndup(p->a, p->src + s, p->prev_end - s);
  if (tw_p_accept(p, TK_ASSIGN)) {
    tw_ast *v;
    if (tw_p_is(p, TK_IDENT) && tw_p_peek(p, 1).kind != TK_LPAREN) {
      v = tw_p_node(p, AST_NAME, p->tok.off);
      if (v) {
        v->name = tw_p_ident(p, "a value");
      }
      tw_p_finish(p, v);
    } else {
      v = tw_p_expr(p);
    }
    if (!v) {
      return NULL;
    }
    tw_kvec kv = {0};
    tw_p_push(p, &kv, v);
    tw_p_set_kids(n, &kv);
  }
  return tw_p_finish(p, n);
}

/* declare query_parameters(name:type [= default], ...) */
static tw_ast *declare_stmt(tw_parser *p) {
  tw_ast *n = tw_p_node(p, AST_DECLARE, p->tok.off);
  if (!n) {
    return NULL;
  }
  tw_p_advance(p); /* declare */
  if (!tw_p_expect_kw(p, "query_parameters")) {
    return NULL;
  }
  tw_kvec kv = {0};
  if (!tw_p_params(p, &kv)) {
    return NULL;
  }
  tw_p_set_kids(n, &kv);
  return tw_p_finish(p, n);
}

static tw_ast *statement(tw_parser *p) {
  if (tw_p_is_kw(p, "let")) {
    return let_stmt(p);
  }
  if (tw_p_is_kw(p, "set") && tw_p_peek(p, 1).kind == TK_IDENT) {
    return set_stmt(p);
  }
  tw_token t1 = tw_p_peek(p, 1);
  if ((tw_p_is_kw(p, "declare") && tw_p_tok_is_kw(p, t1, "pattern")) ||
      (tw_p_is_kw(p, "restrict") && tw_p_tok_is_kw(p, t1, "access")) ||
      (tw_p_is_kw(p, "alias") && tw_p_tok_is_kw(p, t1, "database")) ||
      (tw_p_is_kw(p, "pattern") && t1.kind == TK_IDENT)) {
    return tw_p_other_op(p, false);
  }
  if (tw_p_is_kw(p, "declare") && t1.kind == TK_IDENT) {
    return declare_stmt(p);
  }
  tw_ast *e = tw_p_arg(p);
  if (e && e->kind == AST_NAME) {
    e->kind = AST_TABLE_REF; /* a query statement is tabular */
  }
  return e;
}

static trawl_status finish_status(tw_parser *p) {
  if (p->failed) {
    return p->diag ? p->diag->code : TRAWL_ERR_SYNTAX;
  }
  return TRAWL_OK;
}

static trawl_status check_size(size_t len, trawl_diag *diag) {
  if (len > TW_MAX_QUERY_BYTES || len > UINT32_MAX) {
    if (diag) {
      diag->code = TRAWL_ERR_LIMIT;
      diag->off = 0;
      diag->len = 0;
      snprintf(diag->message, sizeof diag->message,
               "query is too long (%zu bytes, limit %zu)", len,
               (size_t)TW_MAX_QUERY_BYTES);
    }
    return TRAWL_ERR_LIMIT;
  }
  return TRAWL_OK;
}

trawl_status tw_parse_query(const char *src, size_t len, tw_arena *a,
                            tw_ast **out, trawl_diag *diag) {
  *out = NULL;
  trawl_status st = check_size(len, diag);
  if (st != TRAWL_OK) {
    return st;
  }
  tw_parser p;
  tw_p_init(&p, src, len, a, diag);
  tw_ast *q = tw_p_node(&p, AST_QUERY, 0);
  tw_kvec kv = {0};
  while (!p.failed && !tw_p_is(&p, TK_EOF)) {
    tw_ast *s = statement(&p);
    if (!tw_p_push(&p, &kv, s)) {
      break;
    }
    /* statements are separated by one ';' (a last one is tolerated) */
    if (tw_p_accept(&p, TK_SEMI)) {
      continue;
    }
    if (!tw_p_is(&p, TK_EOF)) {
      if (s->kind == AST_LET || s->kind == AST_SET_OPTION ||
          s->kind == AST_DECLARE || s->kind == AST_OTHER_OP) {
        tw_p_expected(&p, "';'");
      } else {
        char q2[64];
        tok_quote(&p, p.tok, q2, sizeof q2);
        tw_p_error_at(&p, p.tok, "unexpected %s", q2);
      }
    }
  }
  if (!p.failed && kv.n == 0) {
    tw_p_error_at(&p, p.tok, "the query is empty");
  }
  if (p.failed) {
    return finish_status(&p);
  }
  tw_p_set_kids(q, &kv);
  q->len = (uint32_t)len;
  *out = q;
  return TRAWL_OK;
}

trawl_status tw_parse_expr(const char *src, size_t len, tw_arena *a,
                           tw_ast **out, trawl_diag *diag) {
  *out = NULL;
  trawl_status st = check_size(len, diag);
  if (st != TRAWL_OK) {
    return st;
  }
  tw_parser p;
  tw_p_init(&p, src, len, a, diag);
  tw_ast *e = tw_p_expr(&p);
  if (!p.failed && !tw_p_is(&p, TK_EOF)) {
    char q2[64];
    tok_quote(&p, p.tok, q2, sizeof q2);
    tw_p_error_at(&p, p.tok, "unexpected %s after the expression", q2);
  }
  if (p.failed) {
    return finish_status(&p);
  }
  *out = e;
  return TRAWL_OK;
}
