/*
 * kql/bind.c - the binder's driver: statements and `let` scopes, name
 * lookup, table references, user-defined functions (inlined per call by
 * copying the body) and error reporting. Scalar expressions are typed in
 * bind_expr.c, tabular operators in bind_ops.c.
 */
#include <stdio.h>
#include <string.h>

#include "base/limits.h"
#include "functions/function.h"
#include "kql/bind_int.h"

trawl_status tw_bind_err(tw_binder *b, trawl_status code, const tw_ast *at,
                         const char *fmt, ...) {
  if (b->diag) {
    va_list ap;
    va_start(ap, fmt);
    b->diag->code = code;
    b->diag->off = at ? at->off : 0;
    b->diag->len = at ? at->len : 0;
    vsnprintf(b->diag->message, sizeof b->diag->message, fmt, ap);
    va_end(ap);
  }
  return code;
}

trawl_status tw_bind_nomem(tw_binder *b) {
  return tw_bind_err(b, TRAWL_ERR_NOMEM, NULL, "out of memory while binding");
}

char *tw_bind_strf(tw_binder *b, const char *fmt, ...) {
  char buf[512];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  if (n < 0) {
    return NULL;
  }
  return tw_arena_strndup(b->a, buf, strlen(buf));
}

tw_sym *tw_bind_lookup(tw_binder *b, const char *name) {
  if (!name) {
    return NULL;
  }
  for (tw_sym *s = b->syms; s; s = s->next) {
    if (strcmp(s->name, name) == 0) {
      return s;
    }
  }
  return NULL;
}

static trawl_status push_sym(tw_binder *b, const char *name, int kind,
                             tw_ast *node) {
  tw_sym *s = tw_arena_zalloc(b->a, sizeof *s);
  if (!s) {
    return tw_bind_nomem(b);
  }
  s->name = name ? name : "";
  s->kind = kind;
  s->node = node;
  s->next = b->syms;
  b->syms = s;
  return TRAWL_OK;
}

tw_ast *tw_ast_new(tw_binder *b, int kind, const tw_ast *span_of) {
  tw_ast *n = tw_arena_zalloc(b->a, sizeof *n);
  if (n) {
    n->kind = (uint16_t)kind;
    if (span_of) {
      n->off = span_of->off;
      n->len = span_of->len;
    }
  }
  return n;
}

static tw_ast *clone_rec(tw_binder *b, const tw_ast *n, int depth) {
  if (!n || depth > TW_MAX_EXPR_DEPTH + 16 ||
      ++b->cloned > TW_MAX_INLINE_NODES) {
    return NULL;
  }
  tw_ast *c = tw_arena_alloc(b->a, sizeof *c);
  if (!c) {
    return NULL;
  }
  *c = *n;
  c->type = TW_T_UNKNOWN;
  c->bind = TW_BIND_NONE;
  c->slot = 0;
  c->ref = NULL;
  c->schema = NULL;
  c->cache = NULL;
  if (n->nkids) {
    c->kids = tw_arena_alloc(b->a, n->nkids * sizeof *c->kids);
    if (!c->kids) {
      return NULL;
    }
    for (uint32_t i = 0; i < n->nkids; i++) {
      c->kids[i] = NULL;
      if (n->kids[i]) {
        c->kids[i] = clone_rec(b, n->kids[i], depth + 1);
        if (!c->kids[i]) {
          return NULL;
        }
      }
    }
  }
  return c;
}

tw_ast *tw_ast_clone(tw_binder *b, const tw_ast *n) {
  return clone_rec(b, n, 0);
}

/* ------------------------------------------------------ user functions */

static tw_ast *func_body(const tw_ast *def) {
  if (!def || def->kind != AST_FUNC_DEF || def->nkids == 0) {
    return NULL;
  }
  return def->kids[def->nkids - 1];
}

static int func_returns_tabular_in(tw_binder *b, const tw_ast *def);

/* Does calling the function of symbol `fn` give a table? Looked at in the
 * function's own (definition) scope, which cannot see the function. */
static int func_returns_tabular(tw_binder *b, const tw_sym *fn) {
  if (b->depth > TW_MAX_EXPR_DEPTH) {
    return 0;
  }
  tw_sym *saved = b->syms;
  b->syms = fn->next;
  b->depth++;
  int r = func_returns_tabular_in(b, fn->node);
  b->depth--;
  b->syms = saved;
  return r;
}

static int func_returns_tabular_in(tw_binder *b, const tw_ast *def) {
  const tw_ast *body = func_body(def);
  if (!body) {
    return 0;
  }
  const tw_ast *res = body;
  if (body->kind == AST_BODY || body->kind == AST_QUERY) {
    if (body->nkids == 0) {
      return 0;
    }
    res = body->kids[body->nkids - 1];
  }
  if (res->kind == AST_NAME || res->kind == AST_TABLE_REF) {
    /* A tabular parameter or let of the body, or an outer table. */
    for (uint32_t i = 0; i + 1 < def->nkids; i++) {
      const tw_ast *p = def->kids[i];
      if (p->kind == AST_PARAM && p->name && res->name &&
          strcmp(p->name, res->name) == 0) {
        return p->op == 1;
      }
    }
    if (body->kind == AST_BODY) {
      for (uint32_t i = 0; i + 1 < body->nkids; i++) {
        const tw_ast *l = body->kids[i];
        if (l->kind == AST_LET && l->name && res->name &&
            strcmp(l->name, res->name) == 0 && l->nkids) {
          return tw_bind_is_tabular(b, l->kids[0]);
        }
      }
    }
  }
  return tw_bind_is_tabular(b, res);
}

int tw_bind_is_tabular(tw_binder *b, const tw_ast *n) {
  if (!n) {
    return 0;
  }
  switch (n->kind) {
  case AST_PIPE:
  case AST_TABLE_REF:
  case AST_DATATABLE:
  case AST_EXTERNALDATA:
  case AST_PRINT:
  case AST_RANGE:
  case AST_UNION_SRC:
  case AST_OTHER_OP: /* search, find ...: rejected as unsupported */
    return 1;
  case AST_NAME: {
    if (n->schema) {
      return 1;
    }
    tw_sym *s = tw_bind_lookup(b, n->name);
    if (s) {
      if (s->kind == TW_SYM_TABULAR) {
        return 1;
      }
      if (s->kind == TW_SYM_FUNC) {
        return func_returns_tabular(b, s);
      }
      return 0;
    }
    return n->name && tw_table_lookup(n->name, strlen(n->name)) >= 0;
  }
  case AST_CALL: {
    if (n->schema) {
      return 1;
    }
    if (n->name && strcmp(n->name, "materialize") == 0) {
      return 1;
    }
    tw_sym *s = tw_bind_lookup(b, n->name);
    if (s && s->kind == TW_SYM_FUNC) {
      return func_returns_tabular(b, s);
    }
    return 0;
  }
  default:
    return 0;
  }
}

/* Find the argument for parameter `pi` named `pname`: positional or
 * named (AST_NAMED_ARG / AST_ASSIGN). */
static tw_ast *call_arg(tw_ast **args, uint32_t nargs, uint32_t pi,
                        const char *pname) {
  for (uint32_t i = 0; i < nargs; i++) {
    tw_ast *x = args[i];
    if ((x->kind == AST_NAMED_ARG || x->kind == AST_ASSIGN) && x->name) {
      if (pname && strcmp(x->name, pname) == 0 && x->nkids) {
        return x->kids[0];
      }
    }
  }
  if (pi < nargs && args[pi]->kind != AST_NAMED_ARG &&
      args[pi]->kind != AST_ASSIGN) {
    return args[pi];
  }
  return NULL;
}

/* A scalar argument as the parameter's declared type: Kusto types the
 * body with the declared types, so convert (tolong(x) ...) when needed. */
static tw_ast *as_param_type(tw_binder *b, tw_ast *arg, int t) {
  static const struct {
    int type;
    int fn;
    const char *name;
  } conv[] = {
    {TW_T_BOOL, TW_FN_tobool, "tobool"},
    {TW_T_INT, TW_FN_toint, "toint"},
    {TW_T_LONG, TW_FN_tolong, "tolong"},
    {TW_T_REAL, TW_FN_toreal, "toreal"},
    {TW_T_DECIMAL, TW_FN_todecimal, "todecimal"},
    {TW_T_STRING, TW_FN_tostring, "tostring"},
    {TW_T_DATETIME, TW_FN_todatetime, "todatetime"},
    {TW_T_TIMESPAN, TW_FN_totimespan, "totimespan"},
    {TW_T_GUID, TW_FN_toguid, "toguid"},
    {TW_T_DYNAMIC, TW_FN_parse_json, "parse_json"},
  };
  if (t == TW_T_UNKNOWN || arg->type == t) {
    return arg;
  }
  if (t == TW_T_DYNAMIC) {
    /* Numbers and bools become dynamic through parse_json (their text is
     * their JSON); other types keep their own type. */
    int a = arg->type;
    if (a != TW_T_BOOL && a != TW_T_INT && a != TW_T_LONG &&
        a != TW_T_REAL) {
      return arg;
    }
  }
  for (size_t i = 0; i < sizeof conv / sizeof conv[0]; i++) {
    if (conv[i].type != t) {
      continue;
    }
    tw_ast *c = tw_ast_new(b, AST_CALL, arg);
    tw_ast **k = tw_arena_alloc(b->a, sizeof *k);
    if (!c || !k) {
      return NULL;
    }
    k[0] = arg;
    c->kids = k;
    c->nkids = 1;
    c->name = conv[i].name;
    c->bind = TW_BIND_FUNCTION;
    c->slot = conv[i].fn;
    c->type = (uint8_t)t;
    return c;
  }
  return arg;
}

trawl_status tw_bind_user_call(tw_binder *b, tw_ast *call, tw_sym *fn,
                               const tw_row *row, const tw_schema *pipe_in) {
  static const tw_row no_row;
  tw_ast *def = fn->node;
  if (!row) {
    row = &no_row; /* called as a table source: no columns in scope */
  }
  trawl_status st;
  if (b->inline_depth > TW_MAX_INLINE_DEPTH) {
    return tw_bind_err(b, TRAWL_ERR_LIMIT, call,
                       "Function calls are nested too deeply (recursion?).");
  }
  if (++b->inline_calls > TW_MAX_INLINE_CALLS) {
    return tw_bind_err(b, TRAWL_ERR_LIMIT, call,
                       "Too many user-function calls to expand (more than "
                       "%d).",
                       TW_MAX_INLINE_CALLS);
  }
  uint32_t nparams = def->nkids ? def->nkids - 1 : 0;
  tw_ast **args = call->kind == AST_CALL ? call->kids : NULL;
  uint32_t nargs = call->kind == AST_CALL ? call->nkids : 0;
  /* With `invoke`, the piped table is the first tabular parameter. */
  int piped = pipe_in != NULL;
  uint32_t given = nargs + (piped ? 1u : 0u);
  if (given > nparams) {
    return tw_bind_err(b, TRAWL_ERR_TYPE, call,
                       "Function '%s' expects %u argument(s), got %u.",
                       fn->name, nparams, given);
  }
  /* Bind the arguments in the caller's scope first. */
  tw_ast *vals[64];
  if (nparams > 64) {
    return tw_bind_err(b, TRAWL_ERR_LIMIT, call, "Too many parameters.");
  }
  uint32_t pos = 0;
  for (uint32_t i = 0; i < nparams; i++) {
    tw_ast *p = def->kids[i];
    vals[i] = NULL;
    if (piped && i == 0) {
      if (p->op != 1) {
        return tw_bind_err(b, TRAWL_ERR_TYPE, call,
                           "Function '%s' has no tabular first parameter.",
                           fn->name);
      }
      continue;
    }
    tw_ast *arg = call_arg(args, nargs, pos, p->name);
    pos++;
    if (!arg) {
      if (p->op != 1 && p->nkids) {
        tw_ast *dflt = tw_ast_clone(b, p->kids[0]);
        if (!dflt) {
          return tw_bind_nomem(b);
        }
        tw_row none = {0};
        if ((st = tw_bind_expr(b, dflt, &none)) != TRAWL_OK) {
          return st;
        }
        vals[i] = as_param_type(b, dflt, p->decl_type);
        if (!vals[i]) {
          return tw_bind_nomem(b);
        }
        continue;
      }
      return tw_bind_err(b, TRAWL_ERR_TYPE, call,
                         "Function '%s' expects argument '%s'.", fn->name,
                         p->name ? p->name : "?");
    }
    if (p->op == 1) {
      if ((st = tw_bind_tabular(b, arg)) != TRAWL_OK) {
        return st;
      }
    } else {
      if ((st = tw_bind_expr(b, arg, row)) != TRAWL_OK) {
        return st;
      }
      if (!(arg = as_param_type(b, arg, p->decl_type))) {
        return tw_bind_nomem(b);
      }
    }
    vals[i] = arg;
  }
  tw_ast *body = tw_ast_clone(b, func_body(def));
  if (!body) {
    if (b->cloned > TW_MAX_INLINE_NODES) {
      return tw_bind_err(b, TRAWL_ERR_LIMIT, call,
                         "User-function calls expand to too large a query.");
    }
    return tw_bind_nomem(b);
  }
  tw_sym *saved = b->syms;
  b->syms = fn->next;
  for (uint32_t i = 0; i < nparams; i++) {
    tw_ast *p = def->kids[i];
    if (piped && i == 0) {
      /* A stand-in node whose schema is the piped input. */
      tw_ast *in = tw_ast_new(b, AST_TABLE_REF, call);
      if (!in) {
        b->syms = saved;
        return tw_bind_nomem(b);
      }
      in->name = p->name;
      in->schema = pipe_in;
      in->bind = TW_BIND_NONE;
      st = push_sym(b, p->name, TW_SYM_TABULAR, in);
    } else {
      st = push_sym(b, p->name, p->op == 1 ? TW_SYM_TABULAR : TW_SYM_SCALAR,
                    vals[i]);
    }
    if (st != TRAWL_OK) {
      b->syms = saved;
      return st;
    }
  }
  b->inline_depth++;
  tw_ast *res = body;
  st = TRAWL_OK;
  if (body->kind == AST_BODY || body->kind == AST_QUERY) {
    for (uint32_t i = 0; i + 1 < body->nkids && st == TRAWL_OK; i++) {
      tw_ast *l = body->kids[i];
      if (l->kind == AST_LET) {
        tw_ast *v = l->nkids ? l->kids[0] : NULL;
        if (!v) {
          continue;
        }
        if (v->kind == AST_FUNC_DEF) {
          st = push_sym(b, l->name, TW_SYM_FUNC, v);
        } else if (tw_bind_is_tabular(b, v)) {
          if ((st = tw_bind_tabular(b, v)) == TRAWL_OK) {
            st = push_sym(b, l->name, TW_SYM_TABULAR, v);
          }
        } else {
          tw_row none = {0};
          if ((st = tw_bind_expr(b, v, &none)) == TRAWL_OK) {
            st = push_sym(b, l->name, TW_SYM_SCALAR, v);
          }
        }
      }
    }
    res = body->nkids ? body->kids[body->nkids - 1] : NULL;
  }
  if (st == TRAWL_OK && !res) {
    st = tw_bind_err(b, TRAWL_ERR_SYNTAX, call, "Function '%s' has no body.",
                     fn->name);
  }
  if (st == TRAWL_OK) {
    if (tw_bind_is_tabular(b, res)) {
      st = tw_bind_tabular(b, res);
    } else {
      tw_row none = {0};
      st = tw_bind_expr(b, res, &none);
    }
  }
  b->inline_depth--;
  b->syms = saved;
  if (st != TRAWL_OK) {
    return st;
  }
  uint32_t off = call->off, len = call->len;
  *call = *res;
  call->off = off;
  call->len = len;
  return TRAWL_OK;
}

/* ------------------------------------------------------ tabular sources */

static trawl_status bind_table_name(tw_binder *b, tw_ast *n) {
  tw_sym *s = tw_bind_lookup(b, n->name);
  if (s && s->kind == TW_SYM_TABULAR) {
    n->kind = AST_TABLE_REF;
    n->bind = TW_BIND_TABULAR;
    n->ref = s->node;
    n->schema = s->node->schema;
    return TRAWL_OK;
  }
  if (s && s->kind == TW_SYM_FUNC) {
    trawl_status st = tw_bind_user_call(b, n, s, NULL, NULL);
    if (st == TRAWL_OK && !n->schema) {
      return tw_bind_err(b, TRAWL_ERR_TYPE, n,
                         "The function '%s' does not return a table.",
                         s->name);
    }
    return st;
  }
  int t = n->name ? tw_table_lookup(n->name, strlen(n->name)) : -1;
  if (t >= 0 && !s) {
    n->kind = AST_TABLE_REF;
    n->bind = TW_BIND_TABLE;
    n->slot = t;
    n->schema = tw_table_schema((trawl_table)t);
    return TRAWL_OK;
  }
  return tw_bind_err(b, TRAWL_ERR_NAME, n,
                     "The name '%s' does not refer to any known table, "
                     "tabular variable or function.",
                     n->name ? n->name : "");
}

trawl_status tw_bind_tabular(tw_binder *b, tw_ast *n) {
  trawl_status st;
  if (!n) {
    return tw_bind_err(b, TRAWL_ERR_SYNTAX, NULL, "missing table expression");
  }
  if (n->schema) {
    return TRAWL_OK; /* already bound (shared subtree) */
  }
  if (++b->depth > TW_MAX_EXPR_DEPTH) {
    b->depth--;
    return tw_bind_err(b, TRAWL_ERR_LIMIT, n, "Query nested too deeply.");
  }
  switch (n->kind) {
  case AST_PIPE:
    if (n->nkids == 0) {
      st = tw_bind_err(b, TRAWL_ERR_SYNTAX, n, "empty pipe");
      break;
    }
    if ((st = tw_bind_tabular(b, n->kids[0])) != TRAWL_OK) {
      break;
    }
    st = tw_bind_pipe_ops(b, n, 1, n->kids[0]->schema);
    break;
  case AST_TABLE_REF:
  case AST_NAME:
    st = bind_table_name(b, n);
    break;
  case AST_CALL: {
    tw_sym *s = tw_bind_lookup(b, n->name);
    if (s && s->kind == TW_SYM_FUNC) {
      st = tw_bind_user_call(b, n, s, NULL, NULL);
      if (st == TRAWL_OK && !n->schema) {
        st = tw_bind_err(b, TRAWL_ERR_TYPE, n,
                         "The function '%s' does not return a table.",
                         s->name);
      }
    } else if (n->name && strcmp(n->name, "materialize") == 0) {
      tw_row none = {0};
      st = tw_bind_expr(b, n, &none);
    } else {
      st = tw_bind_err(b, TRAWL_ERR_NAME, n,
                       "The name '%s' does not refer to any known table, "
                       "tabular variable or function.",
                       n->name ? n->name : "");
    }
    break;
  }
  default:
    st = tw_bind_operator(b, n, NULL);
    break;
  }
  b->depth--;
  if (st == TRAWL_OK && !n->schema) {
    st = tw_bind_err(b, TRAWL_ERR_TYPE, n, "A tabular expression expected.");
  }
  return st;
}

/* ------------------------------------------------------------ queries */

static trawl_status bind_let(tw_binder *b, tw_ast *let) {
  tw_ast *v = let->nkids ? let->kids[0] : NULL;
  trawl_status st;
  if (!v) {
    return tw_bind_err(b, TRAWL_ERR_SYNTAX, let, "let without a value");
  }
  if (v->kind == AST_FUNC_DEF) {
    return push_sym(b, let->name, TW_SYM_FUNC, v);
  }
  if (tw_bind_is_tabular(b, v)) {
    if ((st = tw_bind_tabular(b, v)) != TRAWL_OK) {
      return st;
    }
    return push_sym(b, let->name, TW_SYM_TABULAR, v);
  }
  tw_row none = {0};
  if ((st = tw_bind_expr(b, v, &none)) != TRAWL_OK) {
    return st;
  }
  if (v->schema) {
    return push_sym(b, let->name, TW_SYM_TABULAR, v);
  }
  return push_sym(b, let->name, TW_SYM_SCALAR, v);
}

/* `declare query_parameters(p:type [= default], ...)`: each parameter is
 * a scalar: its default value, or a typed null. */
static trawl_status bind_declare(tw_binder *b, tw_ast *decl) {
  trawl_status st;
  for (uint32_t i = 0; i < decl->nkids; i++) {
    tw_ast *p = decl->kids[i];
    if (p->kind != AST_PARAM || !p->name) {
      continue;
    }
    tw_ast *v = p->nkids ? p->kids[0] : NULL;
    if (v) {
      tw_row none = {0};
      if ((st = tw_bind_expr(b, v, &none)) != TRAWL_OK) {
        return st;
      }
    } else {
      v = tw_ast_new(b, AST_LITERAL, p);
      if (!v) {
        return tw_bind_nomem(b);
      }
      tw_type t = p->decl_type ? (tw_type)p->decl_type : TW_T_STRING;
      v->lit = tw_null(t);
      v->type = (uint8_t)t;
    }
    if ((st = push_sym(b, p->name, TW_SYM_SCALAR, v)) != TRAWL_OK) {
      return st;
    }
  }
  return TRAWL_OK;
}

/* `T | ... | as Name`: Name stands for the pipe up to this operator for
 * the rest of the query (a new AST_PIPE sharing those nodes). */
trawl_status tw_bind_as_name(tw_binder *b, tw_ast *pipe, uint32_t at) {
  tw_ast *op = pipe->kids[at];
  if (!op->name) {
    return TRAWL_OK;
  }
  tw_ast *prefix = tw_ast_new(b, AST_PIPE, pipe);
  tw_ast **k = tw_arena_alloc(b->a, (at + 1) * sizeof *k);
  if (!prefix || !k) {
    return tw_bind_nomem(b);
  }
  for (uint32_t i = 0; i <= at; i++) {
    k[i] = pipe->kids[i];
  }
  prefix->kids = k;
  prefix->nkids = at + 1;
  prefix->schema = op->schema;
  return push_sym(b, op->name, TW_SYM_TABULAR, prefix);
}

trawl_status tw_bind_query(tw_ast *q, tw_arena *a, trawl_diag *diag) {
  return tw_bind_query_text(q, NULL, 0, a, diag);
}

trawl_status tw_bind_query_text(tw_ast *q, const char *text, size_t len,
                                tw_arena *a, trawl_diag *diag) {
  tw_binder b = {0};
  b.a = a;
  b.diag = diag;
  b.text = text;
  b.tlen = len;
  if (!q) {
    return tw_bind_err(&b, TRAWL_ERR_USAGE, NULL, "no query");
  }
  tw_ast *last = NULL;
  for (uint32_t i = 0; i < q->nkids; i++) {
    tw_ast *s = q->kids[i];
    trawl_status st = TRAWL_OK;
    switch (s->kind) {
    case AST_LET:
      st = bind_let(&b, s);
      break;
    case AST_SET_OPTION:
      break;
    case AST_DECLARE:
      st = bind_declare(&b, s);
      break;
    default:
      if (tw_bind_is_tabular(&b, s)) {
        st = tw_bind_tabular(&b, s);
      } else {
        tw_row none = {0};
        st = tw_bind_expr(&b, s, &none);
      }
      last = s;
      break;
    }
    if (st != TRAWL_OK) {
      return st;
    }
  }
  if (!last) {
    return tw_bind_err(&b, TRAWL_ERR_SYNTAX, q,
                       "The query has no tabular expression to return.");
  }
  if (!last->schema) {
    return tw_bind_err(&b, TRAWL_ERR_TYPE, last,
                       "The query's result must be a table.");
  }
  return TRAWL_OK;
}

const tw_schema *tw_bind_result(const tw_ast *q) {
  if (!q) {
    return NULL;
  }
  for (uint32_t i = q->nkids; i > 0; i--) {
    const tw_ast *s = q->kids[i - 1];
    if (s->kind != AST_LET && s->kind != AST_SET_OPTION &&
        s->kind != AST_DECLARE) {
      return s->schema;
    }
  }
  return NULL;
}
