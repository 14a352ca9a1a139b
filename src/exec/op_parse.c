/*
 * exec/op_parse.c - parse / parse-where (kql-semantics 3.16).
 *
 * Every mode compiles the pattern once into a regex (build_regex).
 * kind=simple (default): the constants must appear in order; a column (or
 * `*`) takes the shortest text up to the next constant (a typed one the
 * shortest text of its type's shape), a trailing one takes the rest; the
 * match is anchored at the start. A typed column must convert fully; on
 * any failure every extracted column is null ("" for strings).
 * kind=relaxed: like simple, but a typed column that fails to convert is
 * null and the others still succeed. kind=regex: constants are regexes,
 * columns capture by type (string greedily), searched anywhere in the
 * text. parse-where drops the rows that do not match.
 */
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "exec/exec.h"
#include "functions/convert.h"
#include "functions/regex.h"
#include "kql/parse.h"

typedef struct pelem {
  int kind;            /* 0 literal, 1 star, 2 column */
  const char *lit;
  size_t litlen;
  int32_t slot;        /* column: output slot */
  tw_type type;
} pelem;

typedef struct parse_st {
  tw_ast *src;
  pelem *el;
  uint32_t nel;
  int mode;            /* tw_parse_kind */
  bool where;
  tw_regex *re;        /* regex mode */
  uint32_t *group;     /* regex mode: element -> group, for columns */
} parse_st;

static int noop_open(tw_exec *x, tw_op *op) {
  (void)x;
  (void)op;
  return 0;
}

static void noop_close(tw_op *op) {
  (void)op;
}

/* Convert captured text to the column type. 0 ok, 1 failed, <0 OOM. */
static int convert(tw_arena *a, const char *s, size_t n, tw_type t,
                   tw_value *out) {
  tw_value v = tw_str(s, n);
  if (t == TW_T_STRING || t == TW_T_UNKNOWN) {
    *out = v;
    return 0;
  }
  if (tw_conv_to_type(a, &v, t, out) != 0) {
    return -1;
  }
  return out->null ? 1 : 0;
}

static int parse_consume(tw_exec *x, tw_op *op, uint32_t port,
                         const tw_xbatch *b) {
  (void)port;
  parse_st *st = op->st;
  uint32_t nc = op->schema->ncols, n = b->nrows;
  tw_vec sv;
  int rc = tw_eval(x, st->src, b, &sv);
  if (rc) {
    return rc;
  }
  tw_value **cols = tw_arena_alloc(b->arena, (nc + 1) * sizeof *cols);
  tw_value *vals = tw_arena_alloc(b->arena, (st->nel + 1) * sizeof *vals);
  uint8_t *keep = tw_arena_alloc(b->arena, n ? n : 1);
  size_t *ov = tw_arena_alloc(
      b->arena, 2 * ((st->re ? tw_regex_ngroups(st->re) : 0) + 1) *
                    sizeof *ov);
  if (!cols || !vals || !keep || !ov) {
    return TRAWL_ERR_NOMEM;
  }
  for (uint32_t c = 0; c < nc; c++) {
    cols[c] = c < b->ncols ? b->cols[c] : NULL;
  }
  for (uint32_t i = 0; i < st->nel; i++) {
    if (st->el[i].kind == 2) {
      int32_t s = st->el[i].slot;
      cols[s] = tw_arena_alloc(b->arena, (size_t)(n ? n : 1) * sizeof **cols);
      if (!cols[s]) {
        return TRAWL_ERR_NOMEM;
      }
    }
  }
  for (uint32_t r = 0; r < n; r++) {
    const char *s;
    size_t len;
    if (tw_value_str(b->arena, tw_vec_at(&sv, r), &s, &len) != 0) {
      return TRAWL_ERR_NOMEM;
    }
    int m = st->re ? tw_regex_search(st->re, s, len, 0, ov) : 0;
    int ok = m == 1;
    for (uint32_t i = 0; ok && i < st->nel; i++) {
      if (st->el[i].kind == 2) {
        size_t g = st->group[i];
        vals[i] = ov[2 * g] == (size_t)-1
                      ? tw_str("", 0)
                      : tw_str(s + ov[2 * g], ov[2 * g + 1] - ov[2 * g]);
      }
    }
    for (uint32_t i = 0; ok == 1 && i < st->nel; i++) {
      const pelem *e = &st->el[i];
      if (e->kind != 2) {
        continue;
      }
      tw_value out;
      int c = convert(b->arena, vals[i].u.s, vals[i].len, e->type, &out);
      if (c < 0) {
        return TRAWL_ERR_NOMEM;
      }
      if (c > 0 && st->mode != PARSE_RELAXED) {
        ok = 0;
      }
      cols[e->slot][r] = out;
    }
    if (ok != 1) {
      for (uint32_t i = 0; i < st->nel; i++) {
        if (st->el[i].kind == 2) {
          cols[st->el[i].slot][r] = tw_null(st->el[i].type);
        }
      }
    }
    keep[r] = ok == 1;
  }
  tw_xbatch out = {n, nc, cols, b->arena};
  if (st->where) {
    uint32_t m = 0;
    for (uint32_t r = 0; r < n; r++) {
      m += keep[r];
    }
    if (m < n) {
      tw_value **cc = tw_arena_alloc(b->arena, (nc + 1) * sizeof *cc);
      if (!cc) {
        return TRAWL_ERR_NOMEM;
      }
      for (uint32_t c = 0; c < nc; c++) {
        cc[c] = tw_arena_alloc(b->arena, (size_t)(m ? m : 1) * sizeof **cc);
        if (!cc[c]) {
          return TRAWL_ERR_NOMEM;
        }
        uint32_t k = 0;
        for (uint32_t r = 0; r < n; r++) {
          if (keep[r]) {
            cc[c][k++] = cols[c][r];
          }
        }
      }
      out.cols = cc;
      out.nrows = m;
    }
  }
  return tw_op_emit(x, op, &out);
}

static int parse_finish(tw_exec *x, tw_op *op) {
  return tw_op_emit_finish(x, op);
}

static void parse_destroy(tw_op *op) {
  parse_st *st = op->st;
  if (st && st->re) {
    tw_regex_free(st->re);
    st->re = NULL;
  }
}

static const tw_op_vt parse_vt = {"parse", noop_open, parse_consume,
                                  parse_finish, noop_close, parse_destroy};

static void unsupported(tw_plan *p, const tw_ast *n, const char *what) {
  if (!p->unsupported) {
    p->unsupported = what;
    p->unsup_off = n->off;
    p->unsup_len = n->len;
  }
}

/* The text a typed column matches (alternatives, no groups), or NULL for
 * string-like types (any text). */
static const char *type_shape(tw_type t) {
  switch (t) {
  case TW_T_INT:
  case TW_T_LONG:
    return "\\-\\d+|\\d+";
  case TW_T_REAL:
  case TW_T_DECIMAL:
    return "\\-?\\d+(?:\\.\\d*)?(?:[eE][\\-+]?\\d+)?";
  case TW_T_BOOL:
    return "true|false|True|False|TRUE|FALSE";
  default:
    return NULL;
  }
}

/* Capturing groups in a regex constant of kind=regex (they shift the
 * columns' group numbers): `(` not escaped, not in a class, and not
 * `(?...` except the named forms `(?P<n>` and `(?<n>`. */
static uint32_t count_groups(const char *s, size_t n) {
  uint32_t g = 0;
  bool cls = false;
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (c == '\\') {
      i++;
    } else if (cls) {
      if (c == ']') {
        cls = false;
      }
    } else if (c == '[') {
      cls = true;
      if (i + 1 < n && s[i + 1] == '^') {
        i++;
      }
      if (i + 1 < n && s[i + 1] == ']') {
        i++;
      }
    } else if (c == '(') {
      if (i + 1 >= n || s[i + 1] != '?') {
        g++;
      } else if (i + 3 < n && s[i + 2] == 'P' && s[i + 3] == '<') {
        g++;
      } else if (i + 3 < n && s[i + 2] == '<' && s[i + 3] != '=' &&
                 s[i + 3] != '!') {
        g++;
      }
    }
  }
  return g;
}

/* The regex a pattern stands for. kind=regex: constants are regexes,
 * columns capture by type (string greedy), flags apply. simple/relaxed:
 * anchored at the start, constants literal, columns shortest-match (typed
 * ones by their type's shape in simple mode), the last element takes the
 * rest. */
static int build_regex(tw_plan *p, tw_ast *node, parse_st *st) {
  tw_buf b;
  tw_buf_init(&b, (size_t)1 << 20);
  bool rx = st->mode == PARSE_REGEX;
  if (rx && node->name) {
    for (const char *f = node->name; *f; f++) {
      if (strchr("imsUx", *f)) {
        tw_buf_printf(&b, "(?%c)", *f);
      }
    }
  }
  if (!rx) {
    tw_buf_adds(&b, "(?s)^");
  }
  uint32_t g = 0;
  for (uint32_t i = 0; i < st->nel; i++) {
    const pelem *e = &st->el[i];
    bool last = i + 1 == st->nel;
    const pelem *next = last ? NULL : &st->el[i + 1];
    if (e->kind == 0) {
      if (rx) {
        tw_buf_add(&b, e->lit, e->litlen);
        g += count_groups(e->lit, e->litlen);
        continue;
      }
      for (size_t k = 0; k < e->litlen; k++) {
        unsigned char c = (unsigned char)e->lit[k];
        if (c < 0x80 && !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
                          (c >= 'A' && c <= 'Z'))) {
          tw_buf_addc(&b, '\\');
        }
        tw_buf_addc(&b, (char)c);
      }
    } else if (e->kind == 1) {
      tw_buf_adds(&b, last && !rx ? "(?:.*)" : "(?:.*?)");
    } else {
      const char *shape = type_shape(e->type);
      if (rx) {
        tw_buf_printf(&b, "(%s)", shape ? shape : ".*");
      } else if (last) {
        tw_buf_adds(&b, "(.*)");
      } else if (shape && st->mode == PARSE_SIMPLE) {
        tw_buf_printf(&b, "(%s)", shape);
      } else if (shape && next->kind != 0) {
        /* relaxed, before `*` or a column: the type's shape if it is
         * there, else the shortest text (converted to null). */
        tw_buf_printf(&b, "((?:%s)|.*?)", shape);
      } else {
        tw_buf_adds(&b, "(.*?)");
      }
      st->group[i] = ++g;
    }
  }
  char err[256];
  st->re = b.data ? tw_regex_compile(b.data, b.len, err, sizeof err) : NULL;
  tw_buf_free(&b);
  if (!st->re) {
    unsupported(p, node, "this parse regex");
    return -1;
  }
  return 0;
}

tw_op *tw_op_parse(tw_plan *p, tw_ast *node, tw_op *in) {
  tw_op *op = tw_op_new(p, OP_PARSE, &parse_vt, node, node->schema, &in, 1);
  parse_st *st = op ? tw_arena_zalloc(p->arena, sizeof *st) : NULL;
  if (!st) {
    return NULL;
  }
  op->st = st;
  st->src = node->kids[0];
  st->mode = node->op & 0x0f;
  st->where = (node->op & TW_PARSE_WHERE) != 0;
  st->el = tw_arena_zalloc(p->arena, node->nkids * sizeof *st->el);
  st->group = tw_arena_zalloc(p->arena, node->nkids * sizeof *st->group);
  if (!st->el || !st->group) {
    return NULL;
  }
  for (uint32_t i = 1; i < node->nkids; i++) {
    tw_ast *k = node->kids[i];
    pelem *e = &st->el[st->nel];
    if (k->kind == AST_NAMED_ARG) {
      continue;
    }
    if (k->kind == AST_LITERAL) {
      if (k->lit.type != TW_T_STRING) {
        unsupported(p, k, "a non-string parse constant");
        continue;
      }
      e->kind = 0;
      e->lit = k->lit.u.s;
      e->litlen = k->lit.len;
    } else if (k->kind == AST_STAR) {
      e->kind = 1;
    } else {
      e->kind = 2;
      e->slot = k->slot;
      e->type = (tw_type)k->type;
      if (k->slot < 0 || (uint32_t)k->slot >= node->schema->ncols) {
        unsupported(p, k, "parse (unexpected schema)");
        e->slot = 0;
      }
    }
    st->nel++;
  }
  build_regex(p, node, st);
  return op;
}
