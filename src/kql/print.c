/*
 * kql/print.c - AST -> canonical KQL text. Used by round-trip tests
 * (parse(print(parse(q))) == parse(q)) and by the Sigma front end, which
 * builds trees and prints them. Parentheses are added where precedence
 * needs them; literals are printed in a form that parses back to the same
 * value.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/limits.h"
#include "base/timeutil.h"
#include "kql/lexer.h"
#include "kql/parse.h"

typedef struct {
  tw_buf b;
  int depth;
  int bad;
} printer;

static void put(printer *p, const char *s) {
  if (tw_buf_adds(&p->b, s) != 0) {
    p->bad = 1;
  }
}
static void putn(printer *p, const char *s, size_t n) {
  if (tw_buf_add(&p->b, s, n) != 0) {
    p->bad = 1;
  }
}

/* ------------------------------------------------------------- names */

static const char *const reserved[] = {
    "and", "or", "in", "between", "has", "contains", "startswith",
    "endswith", "hasprefix", "hassuffix", "matches", "like", "has_any",
    "has_all", "has_cs", "contains_cs", "startswith_cs", "endswith_cs",
    "hasprefix_cs", "hassuffix_cs", "like_cs", "containscs", "true",
    "false", "True", "False", "TRUE", "FALSE", "dynamic", "datetime", "date",
    "timespan", "time", "guid", "bool", "boolean", "int", "long", "real",
    "double", "decimal", "by", "asc", "desc", "nulls", "to", "of", "with",
    "on", "from", "step", "let", "set", "declare", "print", "range", "union",
    "datatable", "externaldata", "external_data", "evaluate", "view",
    "null", "default", "limit", "kind", "hint", "granny-asc", "granny-desc",
    "regex", "where", "others", "typeof", "render", "first", "last"};

static int plain_ident(const char *s) {
  if (!s[0]) {
    return 0;
  }
  unsigned char c = (unsigned char)s[0];
  if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
        c == '$' || c >= 0x80)) {
    return 0;
  }
  for (const char *q = s + 1; *q; q++) {
    if (!tw_lex_is_ident_char((unsigned char)*q)) {
      return 0;
    }
  }
  for (size_t i = 0; i < sizeof reserved / sizeof reserved[0]; i++) {
    if (strcmp(s, reserved[i]) == 0) {
      return 0;
    }
  }
  /* h"..." would lex as a string after the name `h` */
  return 1;
}

static void put_string_lit(printer *p, const char *s, size_t n) {
  put(p, "\"");
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    char esc[8];
    switch (c) {
    case '"': put(p, "\\\""); break;
    case '\\': put(p, "\\\\"); break;
    case '\n': put(p, "\\n"); break;
    case '\r': put(p, "\\r"); break;
    case '\t': put(p, "\\t"); break;
    default:
      if (c < 0x20 || c == 0x7F) {
        snprintf(esc, sizeof esc, "\\u%04x", c);
        put(p, esc);
      } else {
        putn(p, (const char *)&s[i], 1);
      }
    }
  }
  put(p, "\"");
}

static void put_name(printer *p, const char *s) {
  if (!s) {
    p->bad = 1;
    return;
  }
  if (plain_ident(s)) {
    put(p, s);
    return;
  }
  put(p, "[");
  put_string_lit(p, s, strlen(s));
  put(p, "]");
}

/* ---------------------------------------------------------- literals */

static void put_real(printer *p, double d) {
  char buf[64];
  if (isnan(d)) {
    put(p, "real(nan)");
    return;
  }
  if (isinf(d)) {
    put(p, d > 0 ? "real(+inf)" : "real(-inf)");
    return;
  }
  snprintf(buf, sizeof buf, "%.17g", d);
  put(p, buf);
  if (!strpbrk(buf, ".e")) {
    put(p, ".0");
  }
}

/* A timespan in the largest unit that holds it exactly: 1d, 90m, 3tick. */
static void put_ticks_span(printer *p, int64_t t) {
  static const struct {
    int64_t ticks;
    const char *unit;
  } units[] = {{TW_TICKS_PER_DAY, "d"},   {TW_TICKS_PER_HOUR, "h"},
               {TW_TICKS_PER_MINUTE, "m"}, {TW_TICKS_PER_SECOND, "s"},
               {TW_TICKS_PER_MS, "ms"},    {1, "tick"}};
  char buf[48];
  for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
    if (t % units[i].ticks == 0 && (t != 0 || units[i].ticks == 1)) {
      snprintf(buf, sizeof buf, "%" PRId64 "%s", t / units[i].ticks,
               units[i].unit);
      put(p, buf);
      return;
    }
  }
}

static void put_dyn(printer *p, const tw_dyn *d, int depth) {
  char buf[64];
  if (depth > TW_MAX_JSON_DEPTH) {
    p->bad = 1;
    return;
  }
  switch (d->kind) {
  case TRAWL_DYN_NULL: put(p, "null"); break;
  case TRAWL_DYN_BOOL: put(p, d->u.i ? "true" : "false"); break;
  case TRAWL_DYN_LONG:
    snprintf(buf, sizeof buf, "%" PRId64, d->u.i);
    put(p, buf);
    break;
  case TRAWL_DYN_REAL: put_real(p, d->u.r); break;
  case TRAWL_DYN_STRING: put_string_lit(p, d->u.s, d->n); break;
  case TRAWL_DYN_DATETIME:
    tw_datetime_format(d->u.i, buf);
    put(p, "datetime(");
    put(p, buf);
    put(p, ")");
    break;
  case TRAWL_DYN_TIMESPAN: put_ticks_span(p, d->u.i); break;
  case TRAWL_DYN_GUID:
    put(p, "guid(");
    putn(p, d->u.s, d->n);
    put(p, ")");
    break;
  case TRAWL_DYN_ARRAY:
    put(p, "[");
    for (uint32_t i = 0; i < d->n; i++) {
      if (i) {
        put(p, ", ");
      }
      put_dyn(p, &d->u.items[i], depth + 1);
    }
    put(p, "]");
    break;
  case TRAWL_DYN_OBJECT:
    put(p, "{");
    for (uint32_t i = 0; i < d->n; i++) {
      if (i) {
        put(p, ", ");
      }
      put_dyn(p, &d->u.items[2 * i], depth + 1);
      put(p, ": ");
      put_dyn(p, &d->u.items[2 * i + 1], depth + 1);
    }
    put(p, "}");
    break;
  default: p->bad = 1; break;
  }
}

static const char *type_word(int t) {
  switch (t) {
  case TW_T_BOOL: return "bool";
  case TW_T_INT: return "int";
  case TW_T_LONG: return "long";
  case TW_T_REAL: return "real";
  case TW_T_DECIMAL: return "decimal";
  case TW_T_STRING: return "string";
  case TW_T_DATETIME: return "datetime";
  case TW_T_TIMESPAN: return "timespan";
  case TW_T_GUID: return "guid";
  case TW_T_DYNAMIC: return "dynamic";
  default: return "unknown";
  }
}

static void put_literal(printer *p, const tw_value *v) {
  char buf[64];
  if (v->null && v->type != TW_T_STRING) {
    put(p, type_word(v->type));
    put(p, "(null)");
    return;
  }
  switch (v->type) {
  case TW_T_BOOL: put(p, v->u.i ? "true" : "false"); break;
  case TW_T_INT:
    snprintf(buf, sizeof buf, "int(%" PRId64 ")", v->u.i);
    put(p, buf);
    break;
  case TW_T_LONG:
    if (v->u.i == INT64_MIN) {
      put(p, "long(-9223372036854775808)");
    } else {
      snprintf(buf, sizeof buf, "%" PRId64, v->u.i);
      put(p, buf);
    }
    break;
  case TW_T_REAL: put_real(p, v->u.r); break;
  case TW_T_DECIMAL:
    snprintf(buf, sizeof buf, "decimal(%.17g)", v->u.r);
    put(p, buf);
    break;
  case TW_T_STRING: put_string_lit(p, v->u.s, v->len); break;
  case TW_T_DATETIME:
    tw_datetime_format(v->u.i, buf);
    put(p, "datetime(");
    put(p, buf);
    put(p, ")");
    break;
  case TW_T_TIMESPAN: put_ticks_span(p, v->u.i); break;
  case TW_T_GUID:
    put(p, "guid(");
    putn(p, v->u.s, v->len);
    put(p, ")");
    break;
  case TW_T_DYNAMIC:
    put(p, "dynamic(");
    if (v->u.d) {
      put_dyn(p, v->u.d, 0);
    } else {
      put(p, "null");
    }
    put(p, ")");
    break;
  default: p->bad = 1; break;
  }
}

/* ------------------------------------------------------- expressions */

static const char *const binop_text[BIN_COUNT] = {
    [BIN_ADD] = "+", [BIN_SUB] = "-", [BIN_MUL] = "*", [BIN_DIV] = "/",
    [BIN_MOD] = "%", [BIN_LT] = "<", [BIN_LE] = "<=", [BIN_GT] = ">",
    [BIN_GE] = ">=", [BIN_EQ] = "==", [BIN_NE] = "!=", [BIN_EQ_CI] = "=~",
    [BIN_NE_CI] = "!~", [BIN_AND] = "and", [BIN_OR] = "or",
    [BIN_HAS] = "has", [BIN_NOT_HAS] = "!has", [BIN_HAS_CS] = "has_cs",
    [BIN_NOT_HAS_CS] = "!has_cs", [BIN_HASPREFIX] = "hasprefix",
    [BIN_NOT_HASPREFIX] = "!hasprefix", [BIN_HASPREFIX_CS] = "hasprefix_cs",
    [BIN_NOT_HASPREFIX_CS] = "!hasprefix_cs", [BIN_HASSUFFIX] = "hassuffix",
    [BIN_NOT_HASSUFFIX] = "!hassuffix", [BIN_HASSUFFIX_CS] = "hassuffix_cs",
    [BIN_NOT_HASSUFFIX_CS] = "!hassuffix_cs", [BIN_CONTAINS] = "contains",
    [BIN_NOT_CONTAINS] = "!contains", [BIN_CONTAINS_CS] = "contains_cs",
    [BIN_NOT_CONTAINS_CS] = "!contains_cs", [BIN_STARTSWITH] = "startswith",
    [BIN_NOT_STARTSWITH] = "!startswith",
    [BIN_STARTSWITH_CS] = "startswith_cs",
    [BIN_NOT_STARTSWITH_CS] = "!startswith_cs", [BIN_ENDSWITH] = "endswith",
    [BIN_NOT_ENDSWITH] = "!endswith", [BIN_ENDSWITH_CS] = "endswith_cs",
    [BIN_NOT_ENDSWITH_CS] = "!endswith_cs",
    [BIN_MATCHES_REGEX] = "matches regex", [BIN_LIKE] = "like",
    [BIN_NOT_LIKE] = "!like", [BIN_LIKE_CS] = "like_cs",
    [BIN_NOT_LIKE_CS] = "!like_cs"};

static const char *const inop_text[] = {"in", "!in", "in~", "!in~",
                                        "has_any", "has_all"};

/* Precedence as in parse_expr.c: 1 or .. 7 string ops, 8 unary, 9 primary */
static int binop_prec(int op) {
  switch (op) {
  case BIN_OR: return 1;
  case BIN_AND: return 2;
  case BIN_EQ: case BIN_NE: return 3;
  case BIN_LT: case BIN_LE: case BIN_GT: case BIN_GE: return 4;
  case BIN_ADD: case BIN_SUB: return 5;
  case BIN_MUL: case BIN_DIV: case BIN_MOD: return 6;
  default: return 7;
  }
}

static int is_tabular(const tw_ast *n) {
  switch (n->kind) {
  case AST_PIPE: case AST_TABLE_REF: case AST_DATATABLE: case AST_PRINT:
  case AST_RANGE: case AST_UNION_SRC: case AST_EXTERNALDATA:
  case AST_EVALUATE: case AST_OTHER_OP:
    return 1;
  default:
    return 0;
  }
}

static int node_prec(const tw_ast *n) {
  switch (n->kind) {
  case AST_BINARY: return binop_prec(n->op);
  case AST_IN: case AST_BETWEEN: return 3;
  case AST_UNARY: return 8;
  case AST_LITERAL:
    /* negative numbers print with a sign: treat as unary */
    if (!n->lit.null && ((n->lit.type == TW_T_LONG && n->lit.u.i < 0) ||
                         (n->lit.type == TW_T_TIMESPAN && n->lit.u.i < 0) ||
                         (n->lit.type == TW_T_REAL && signbit(n->lit.u.r) &&
                          !isnan(n->lit.u.r) && !isinf(n->lit.u.r)))) {
      return 8;
    }
    return 9;
  default: return is_tabular(n) ? 0 : 9;
  }
}

static void expr(printer *p, const tw_ast *n, int minprec);
static void tabular(printer *p, const tw_ast *n);
static void node(printer *p, const tw_ast *n);

/* A value that may be scalar or tabular (call args, let values). */
static void arg(printer *p, const tw_ast *n) {
  if (is_tabular(n)) {
    tabular(p, n);
  } else {
    expr(p, n, 0);
  }
}

static void kids_list(printer *p, const tw_ast *n, uint32_t from,
                      uint32_t to) {
  for (uint32_t i = from; i < to; i++) {
    if (i > from) {
      put(p, ", ");
    }
    node(p, n->kids[i]);
  }
}

static void expr(printer *p, const tw_ast *n, int minprec) {
  if (!n || p->bad) {
    p->bad = 1;
    return;
  }
  if (++p->depth > 4 * TW_MAX_EXPR_DEPTH) {
    p->bad = 1;
    return;
  }
  int prec = node_prec(n);
  int paren = prec < minprec;
  if (paren) {
    put(p, "(");
  }
  switch (n->kind) {
  case AST_LITERAL: put_literal(p, &n->lit); break;
  case AST_NAME: put_name(p, n->name); break;
  case AST_STAR: put(p, "*"); break;
  case AST_BINARY:
    if (n->op >= BIN_COUNT || n->nkids != 2) {
      p->bad = 1;
      break;
    }
    /* comparisons and string operators do not chain: parenthesise */
    expr(p, n->kids[0], prec == 3 || prec == 4 || prec == 7 ? prec + 1 : prec);
    put(p, " ");
    put(p, binop_text[n->op]);
    put(p, " ");
    expr(p, n->kids[1], prec + 1);
    break;
  case AST_UNARY:
    put(p, n->op == '-' ? "-" : "+");
    /* keep `- -5` apart and never fold into a literal again */
    put(p, "(");
    expr(p, n->kids[0], 0);
    put(p, ")");
    break;
  case AST_IN:
    expr(p, n->kids[0], 4);
    put(p, " ");
    put(p, n->op < 6 ? inop_text[n->op] : "in");
    put(p, " (");
    for (uint32_t i = 1; i < n->nkids; i++) {
      if (i > 1) {
        put(p, ", ");
      }
      arg(p, n->kids[i]);
    }
    put(p, ")");
    break;
  case AST_BETWEEN:
    expr(p, n->kids[0], 4);
    put(p, n->op ? " !between (" : " between (");
    expr(p, n->kids[1], 0);
    put(p, " .. ");
    expr(p, n->kids[2], 0);
    put(p, ")");
    break;
  case AST_MEMBER:
    expr(p, n->kids[0], 9);
    put(p, ".");
    put_name(p, n->name);
    break;
  case AST_INDEX:
    expr(p, n->kids[0], 9);
    put(p, "[");
    expr(p, n->kids[1], 0);
    put(p, "]");
    break;
  case AST_CALL:
    if (n->op == 1 && n->nkids) {
      /* member-call form: obj.f(args) */
      expr(p, n->kids[0], 9);
      put(p, ".");
      put(p, n->name);
      put(p, "(");
      for (uint32_t i = 1; i < n->nkids; i++) {
        if (i > 1) {
          put(p, ", ");
        }
        node(p, n->kids[i]);
      }
      put(p, ")");
      break;
    }
    put(p, n->name);
    put(p, "(");
    kids_list(p, n, 0, n->nkids);
    put(p, ")");
    break;
  default:
    if (is_tabular(n)) {
      put(p, "(");
      tabular(p, n);
      put(p, ")");
    } else {
      p->bad = 1;
    }
    break;
  }
  if (paren) {
    put(p, ")");
  }
  p->depth--;
}

/* Items of project/extend/summarize: ASSIGN, NAMED_ARG or expressions. */
static void node(printer *p, const tw_ast *n) {
  if (!n || p->bad) {
    p->bad = 1;
    return;
  }
  switch (n->kind) {
  case AST_ASSIGN:
    if (n->name) {
      put_name(p, n->name);
      put(p, " = ");
      arg(p, n->kids[0]);
    } else if (n->nkids == 2) {
      put(p, "(");
      kids_list(p, n->kids[1], 0, n->kids[1]->nkids);
      put(p, ") = ");
      expr(p, n->kids[0], 0);
    } else {
      p->bad = 1;
    }
    break;
  case AST_NAMED_ARG:
    put(p, n->name);
    put(p, " = ");
    if (n->nkids) {
      const tw_ast *v = n->kids[0];
      if (v->kind == AST_NAME) {
        put(p, v->name);
      } else {
        arg(p, v);
      }
    }
    break;
  case AST_SORT_KEY:
    node(p, n->kids[0]);
    put(p, n->op & TW_SORT_DESC ? " desc" : " asc");
    if (n->op & TW_SORT_NULLS_FIRST) {
      put(p, " nulls first");
    } else if (n->op & TW_SORT_NULLS_LAST) {
      put(p, " nulls last");
    }
    break;
  case AST_COLUMN_DECL:
    put_name(p, n->name);
    put(p, ":");
    put(p, type_word(n->decl_type));
    break;
  default:
    arg(p, n);
    break;
  }
}

/* ------------------------------------------------------------ tabular */

/* 1 if `s` is identifier characters and '*' wildcards only. */
static int wildcard_name(const char *s) {
  if (!strchr(s, '*')) {
    return 0;
  }
  for (; *s; s++) {
    if (*s != '*' && !tw_lex_is_ident_char((unsigned char)*s)) {
      return 0;
    }
  }
  return 1;
}

static void names_raw(printer *p, const tw_ast *n, uint32_t from) {
  for (uint32_t i = from; i < n->nkids; i++) {
    if (i > from) {
      put(p, ", ");
    }
    const tw_ast *k = n->kids[i];
    if (k->kind == AST_NAME && wildcard_name(k->name)) {
      put(p, k->name);
    } else {
      node(p, k);
    }
  }
}

/* Named options (AST_NAMED_ARG kids) first, each followed by a space. */
static uint32_t options(printer *p, const tw_ast *n, uint32_t from) {
  uint32_t i = from;
  while (i < n->nkids && n->kids[i]->kind == AST_NAMED_ARG) {
    node(p, n->kids[i]);
    put(p, " ");
    i++;
  }
  return i;
}

static void mv_items(printer *p, const tw_ast *n, uint32_t from) {
  uint32_t first = 1;
  for (uint32_t i = from; i < n->nkids; i++) {
    const tw_ast *k = n->kids[i];
    if (k->kind == AST_LIST) {
      put(p, " limit ");
      expr(p, k->kids[0], 0);
      continue;
    }
    if (!first) {
      put(p, ", ");
    }
    first = 0;
    node(p, k->kids[0]);
    if (k->decl_type) {
      put(p, " to typeof(");
      put(p, type_word(k->decl_type));
      put(p, ")");
    }
  }
}

/* A table reference, call or parenthesised tabular expression; wildcard
 * names (`AWS*`) are printed bare only in union legs. */
static void leg(printer *p, const tw_ast *k, int in_union) {
  if (k->kind == AST_TABLE_REF) {
    if (in_union && wildcard_name(k->name)) {
      put(p, k->name);
    } else {
      put_name(p, k->name);
    }
  } else if (k->kind == AST_CALL) {
    expr(p, k, 0);
  } else {
    put(p, "(");
    tabular(p, k);
    put(p, ")");
  }
}

static void union_body(printer *p, const tw_ast *n) {
  put(p, "union ");
  if (n->op & TW_UNION_INNER) {
    put(p, "kind=inner ");
  }
  if (n->name) {
    put(p, "withsource=");
    put_name(p, n->name);
    put(p, " ");
  }
  if (n->op & TW_UNION_ISFUZZY) {
    put(p, "isfuzzy=true ");
  }
  for (uint32_t i = 0; i < n->nkids; i++) {
    if (i) {
      put(p, ", ");
    }
    leg(p, n->kids[i], 1);
  }
}

static const char *const join_words[] = {
    "innerunique", "inner", "leftouter", "rightouter", "fullouter",
    "leftanti", "rightanti", "leftsemi", "rightsemi"};

static void decls(printer *p, const tw_ast *n, uint32_t count) {
  put(p, "(");
  kids_list(p, n, 0, count);
  put(p, ")");
}

static void op(printer *p, const tw_ast *n) {
  switch (n->kind) {
  case AST_WHERE: put(p, "where "); expr(p, n->kids[0], 0); break;
  case AST_PROJECT: put(p, "project "); kids_list(p, n, 0, n->nkids); break;
  case AST_EXTEND: put(p, "extend "); kids_list(p, n, 0, n->nkids); break;
  case AST_SERIALIZE: put(p, "serialize "); kids_list(p, n, 0, n->nkids); break;
  case AST_PROJECT_AWAY: put(p, "project-away "); names_raw(p, n, 0); break;
  case AST_PROJECT_KEEP: put(p, "project-keep "); names_raw(p, n, 0); break;
  case AST_PROJECT_RENAME:
    put(p, "project-rename ");
    for (uint32_t i = 0; i < n->nkids; i++) {
      if (i) {
        put(p, ", ");
      }
      put_name(p, n->kids[i]->name);
      put(p, " = ");
      put_name(p, n->kids[i]->kids[0]->name);
    }
    break;
  case AST_PROJECT_REORDER:
    put(p, "project-reorder ");
    for (uint32_t i = 0; i < n->nkids; i++) {
      const tw_ast *k = n->kids[i];
      if (i) {
        put(p, ", ");
      }
      if (wildcard_name(k->kids[0]->name)) {
        put(p, k->kids[0]->name);
      } else {
        put_name(p, k->kids[0]->name);
      }
      if (k->op & TW_SORT_DESC) {
        put(p, " desc");
      }
    }
    break;
  case AST_SUMMARIZE:
    put(p, "summarize ");
    if (n->nkids > 2) {
      options(p, n->kids[2], 0);
    }
    kids_list(p, n->kids[0], 0, n->kids[0]->nkids);
    if (n->kids[1]->nkids) {
      put(p, " by ");
      kids_list(p, n->kids[1], 0, n->kids[1]->nkids);
    }
    break;
  case AST_SORT: put(p, "sort by "); kids_list(p, n, 0, n->nkids); break;
  case AST_TOP:
    put(p, "top ");
    expr(p, n->kids[0], 0);
    put(p, " by ");
    kids_list(p, n, 1, n->nkids);
    break;
  case AST_TAKE: put(p, "take "); expr(p, n->kids[0], 0); break;
  case AST_SAMPLE: put(p, "sample "); expr(p, n->kids[0], 0); break;
  case AST_COUNT:
    put(p, "count");
    if (n->name) {
      put(p, " as ");
      put_name(p, n->name);
    }
    break;
  case AST_GETSCHEMA: put(p, "getschema"); break;
  case AST_DISTINCT:
    put(p, "distinct ");
    if (n->op == 1) {
      put(p, "*");
    } else {
      kids_list(p, n, 0, n->nkids);
    }
    break;
  case AST_JOIN:
  case AST_LOOKUP:
    put(p, n->kind == AST_JOIN ? "join kind=" : "lookup kind=");
    put(p, n->op < 9 ? join_words[n->op] : "inner");
    put(p, " (");
    tabular(p, n->kids[0]);
    put(p, ") on ");
    kids_list(p, n, 1, n->nkids);
    break;
  case AST_UNION: union_body(p, n); break;
  case AST_MV_EXPAND: {
    put(p, "mv-expand ");
    uint32_t i = options(p, n, 0);
    mv_items(p, n, i);
    break;
  }
  case AST_MV_APPLY: {
    put(p, "mv-apply ");
    const tw_ast *items = n->kids[0];
    uint32_t i = options(p, items, 0);
    mv_items(p, items, i);
    put(p, " on (");
    tabular(p, n->kids[1]);
    put(p, ")");
    break;
  }
  case AST_PARSE:
    put(p, n->op & TW_PARSE_WHERE ? "parse-where " : "parse ");
    switch (n->op & 0xF) {
    case PARSE_REGEX: put(p, "kind=regex "); break;
    case PARSE_RELAXED: put(p, "kind=relaxed "); break;
    default: break;
    }
    if (n->name) {
      put(p, "flags=");
      put(p, n->name);
      put(p, " ");
    }
    expr(p, n->kids[0], 0);
    put(p, " with ");
    for (uint32_t i = 1; i < n->nkids; i++) {
      if (i > 1) {
        put(p, " ");
      }
      node(p, n->kids[i]);
    }
    break;
  case AST_AS:
    put(p, "as ");
    options(p, n, 0);
    put_name(p, n->name);
    break;
  case AST_EVALUATE:
    put(p, "evaluate ");
    options(p, n, 1);
    expr(p, n->kids[0], 0);
    break;
  case AST_INVOKE: put(p, "invoke "); expr(p, n->kids[0], 0); break;
  case AST_MAKE_SERIES:
    put(p, "make-series ");
    if (n->nkids > 4) {
      options(p, n->kids[4], 0);
    }
    for (uint32_t i = 0; i < n->kids[0]->nkids; i++) {
      const tw_ast *k = n->kids[0]->kids[i];
      if (k->kind == AST_NAMED_ARG) {
        put(p, " ");
      } else if (i) {
        put(p, ", ");
      }
      node(p, k);
    }
    put(p, " on ");
    expr(p, n->kids[1], 0);
    for (uint32_t i = 0; i < n->kids[2]->nkids; i++) {
      put(p, " ");
      put(p, n->kids[2]->kids[i]->name);
      put(p, " ");
      expr(p, n->kids[2]->kids[i]->kids[0], 0);
    }
    if (n->kids[3]->nkids) {
      put(p, " by ");
      kids_list(p, n->kids[3], 0, n->kids[3]->nkids);
    }
    break;
  case AST_TOP_NESTED:
    put(p, "top-nested ");
    for (uint32_t i = 0; i < n->nkids; i++) {
      const tw_ast *l = n->kids[i];
      if (i) {
        put(p, ", ");
      }
      if (l->kids[0]->kind != AST_LIST) {
        expr(p, l->kids[0], 0);
        put(p, " ");
      }
      put(p, "of ");
      node(p, l->kids[1]);
      if (l->nkids > 3) {
        put(p, " with others = ");
        expr(p, l->kids[3]->kids[0], 0);
      }
      put(p, " by ");
      node(p, l->kids[2]);
    }
    break;
  case AST_OTHER_OP: putn(p, n->lit.u.s, n->lit.len); break;
  default: p->bad = 1; break;
  }
}

static void tabular(printer *p, const tw_ast *n) {
  if (!n || p->bad || ++p->depth > 4 * TW_MAX_EXPR_DEPTH) {
    p->bad = 1;
    return;
  }
  switch (n->kind) {
  case AST_PIPE: {
    const tw_ast *s = n->kids[0];
    if (s->kind == AST_LIST) {
      /* mv-apply subquery: no source */
    } else if (s->kind == AST_PIPE || s->kind == AST_UNION_SRC) {
      put(p, "(");
      tabular(p, s);
      put(p, ")");
    } else {
      tabular(p, s);
    }
    for (uint32_t i = 1; i < n->nkids; i++) {
      put(p, i == 1 && s->kind == AST_LIST ? "" : "\n| ");
      op(p, n->kids[i]);
    }
    break;
  }
  case AST_TABLE_REF: leg(p, n, 0); break;
  case AST_UNION_SRC: union_body(p, n); break;
  case AST_DATATABLE:
  case AST_EXTERNALDATA: {
    put(p, n->kind == AST_DATATABLE ? "datatable" : "externaldata");
    decls(p, n, n->op);
    put(p, " [");
    uint32_t end = n->nkids;
    if (n->kind == AST_EXTERNALDATA && end > n->op &&
        n->kids[end - 1]->kind == AST_LIST) {
      end--;
    }
    kids_list(p, n, n->op, end);
    put(p, "]");
    if (end < n->nkids) {
      put(p, " with (");
      kids_list(p, n->kids[end], 0, n->kids[end]->nkids);
      put(p, ")");
    }
    break;
  }
  case AST_PRINT: put(p, "print "); kids_list(p, n, 0, n->nkids); break;
  case AST_RANGE:
    put(p, "range ");
    put_name(p, n->name);
    put(p, " from ");
    expr(p, n->kids[0], 0);
    put(p, " to ");
    expr(p, n->kids[1], 0);
    put(p, " step ");
    expr(p, n->kids[2], 0);
    break;
  case AST_EVALUATE: op(p, n); break;
  case AST_OTHER_OP: putn(p, n->lit.u.s, n->lit.len); break;
  default: expr(p, n, 0); break;
  }
  p->depth--;
}

/* ---------------------------------------------------------- statements */

static void params(printer *p, const tw_ast *f, uint32_t n) {
  put(p, "(");
  for (uint32_t i = 0; i < n; i++) {
    const tw_ast *k = f->kids[i];
    if (i) {
      put(p, ", ");
    }
    put_name(p, k->name);
    put(p, ":");
    if (k->op == 1) {
      if (k->nkids == 0) {
        put(p, "(*)");
      } else {
        decls(p, k, k->nkids);
      }
    } else {
      put(p, type_word(k->decl_type));
      if (k->nkids) {
        put(p, " = ");
        expr(p, k->kids[0], 0);
      }
    }
  }
  put(p, ")");
}

static void statement(printer *p, const tw_ast *s);

static void body(printer *p, const tw_ast *b) {
  put(p, " {\n");
  for (uint32_t i = 0; i < b->nkids; i++) {
    statement(p, b->kids[i]);
    put(p, i + 1 < b->nkids ? ";\n" : "\n");
  }
  put(p, "}");
}

static void statement(printer *p, const tw_ast *s) {
  switch (s->kind) {
  case AST_LET: {
    put(p, "let ");
    put_name(p, s->name);
    put(p, " = ");
    const tw_ast *v = s->kids[0];
    if (v->kind == AST_FUNC_DEF) {
      if (v->op == 1) {
        put(p, "view ");
      }
      params(p, v, v->nkids - 1);
      body(p, v->kids[v->nkids - 1]);
    } else {
      arg(p, v);
    }
    break;
  }
  case AST_SET_OPTION:
    put(p, "set ");
    put(p, s->name);
    if (s->nkids) {
      put(p, " = ");
      if (s->kids[0]->kind == AST_NAME) {
        put(p, s->kids[0]->name);
      } else {
        expr(p, s->kids[0], 0);
      }
    }
    break;
  case AST_DECLARE:
    put(p, "declare query_parameters");
    params(p, s, s->nkids);
    break;
  default: arg(p, s); break;
  }
}

char *tw_ast_print(const tw_ast *q) {
  printer p;
  memset(&p, 0, sizeof p);
  tw_buf_init(&p.b, 0);
  if (!q) {
    return NULL;
  }
  if (q->kind == AST_QUERY) {
    for (uint32_t i = 0; i < q->nkids; i++) {
      statement(&p, q->kids[i]);
      put(&p, i + 1 < q->nkids ? ";\n" : "\n");
    }
  } else {
    statement(&p, q);
  }
  if (p.bad || tw_buf_addc(&p.b, 0) != 0) {
    tw_buf_free(&p.b);
    return NULL;
  }
  return p.b.data;
}
