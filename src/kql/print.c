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

#include "base/limits.h"
#include "base/timeutil.h"
#include "kql/lexer.h"
#include "kql/print_int.h"

void tw_pr_put(printer *p, const char *s) {
  if (tw_buf_adds(&p->b, s) != 0) {
    p->bad = 1;
  }
}
void tw_pr_putn(printer *p, const char *s, size_t n) {
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
    "regex", "where", "others", "typeof", "render", "first", "last",
    "project", "flags", "isfuzzy", "withsource", "with_source",
    "with_itemindex", "with_match_id", "bagexpansion", "int64", "uniqueid",
    "float", "string", "notcontains", "notcontainscs", "notlike"};

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
  tw_pr_put(p, "\"");
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    char esc[8];
    switch (c) {
    case '"': tw_pr_put(p, "\\\""); break;
    case '\\': tw_pr_put(p, "\\\\"); break;
    case '\n': tw_pr_put(p, "\\n"); break;
    case '\r': tw_pr_put(p, "\\r"); break;
    case '\t': tw_pr_put(p, "\\t"); break;
    default:
      if (c < 0x20 || c == 0x7F) {
        snprintf(esc, sizeof esc, "\\u%04x", c);
        tw_pr_put(p, esc);
      } else {
        tw_pr_putn(p, (const char *)&s[i], 1);
      }
    }
  }
  tw_pr_put(p, "\"");
}

/* 1 if s is a non-empty run of identifier characters. */
static int word_only(const char *s) {
  if (!*s) {
    return 0;
  }
  for (; *s; s++) {
    if (!tw_lex_is_ident_char((unsigned char)*s)) {
      return 0;
    }
  }
  return 1;
}

void tw_pr_put_name(printer *p, const char *s) {
  if (!s) {
    p->bad = 1;
    return;
  }
  if (plain_ident(s)) {
    tw_pr_put(p, s);
    return;
  }
  tw_pr_put(p, "[");
  put_string_lit(p, s, strlen(s));
  tw_pr_put(p, "]");
}

/* ---------------------------------------------------------- literals */

static void put_real(printer *p, double d) {
  char buf[64];
  if (isnan(d)) {
    tw_pr_put(p, "real(nan)");
    return;
  }
  if (isinf(d)) {
    tw_pr_put(p, d > 0 ? "real(+inf)" : "real(-inf)");
    return;
  }
  snprintf(buf, sizeof buf, "%.17g", d);
  tw_pr_put(p, buf);
  if (!strpbrk(buf, ".e")) {
    tw_pr_put(p, ".0");
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
      tw_pr_put(p, buf);
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
  case TRAWL_DYN_NULL: tw_pr_put(p, "null"); break;
  case TRAWL_DYN_BOOL: tw_pr_put(p, d->u.i ? "true" : "false"); break;
  case TRAWL_DYN_LONG:
    snprintf(buf, sizeof buf, "%" PRId64, d->u.i);
    tw_pr_put(p, buf);
    break;
  case TRAWL_DYN_REAL: put_real(p, d->u.r); break;
  case TRAWL_DYN_STRING: put_string_lit(p, d->u.s, d->n); break;
  case TRAWL_DYN_DATETIME:
    tw_datetime_format(d->u.i, buf);
    tw_pr_put(p, "datetime(");
    tw_pr_put(p, buf);
    tw_pr_put(p, ")");
    break;
  case TRAWL_DYN_TIMESPAN: put_ticks_span(p, d->u.i); break;
  case TRAWL_DYN_GUID:
    tw_pr_put(p, "guid(");
    tw_pr_putn(p, d->u.s, d->n);
    tw_pr_put(p, ")");
    break;
  case TRAWL_DYN_ARRAY:
    tw_pr_put(p, "[");
    for (uint32_t i = 0; i < d->n; i++) {
      if (i) {
        tw_pr_put(p, ", ");
      }
      put_dyn(p, &d->u.items[i], depth + 1);
    }
    tw_pr_put(p, "]");
    break;
  case TRAWL_DYN_OBJECT:
    tw_pr_put(p, "{");
    for (uint32_t i = 0; i < d->n; i++) {
      if (i) {
        tw_pr_put(p, ", ");
      }
      put_dyn(p, &d->u.items[2 * i], depth + 1);
      tw_pr_put(p, ": ");
      put_dyn(p, &d->u.items[2 * i + 1], depth + 1);
    }
    tw_pr_put(p, "}");
    break;
  default: p->bad = 1; break;
  }
}

const char *tw_pr_type_word(int t) {
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
    tw_pr_put(p, tw_pr_type_word(v->type));
    tw_pr_put(p, "(null)");
    return;
  }
  switch (v->type) {
  case TW_T_BOOL: tw_pr_put(p, v->u.i ? "true" : "false"); break;
  case TW_T_INT:
    snprintf(buf, sizeof buf, "int(%" PRId64 ")", v->u.i);
    tw_pr_put(p, buf);
    break;
  case TW_T_LONG:
    if (v->u.i == INT64_MIN) {
      tw_pr_put(p, "long(-9223372036854775808)");
    } else {
      snprintf(buf, sizeof buf, "%" PRId64, v->u.i);
      tw_pr_put(p, buf);
    }
    break;
  case TW_T_REAL: put_real(p, v->u.r); break;
  case TW_T_DECIMAL:
    snprintf(buf, sizeof buf, "decimal(%.17g)", v->u.r);
    tw_pr_put(p, buf);
    break;
  case TW_T_STRING: put_string_lit(p, v->u.s, v->len); break;
  case TW_T_DATETIME:
    tw_datetime_format(v->u.i, buf);
    tw_pr_put(p, "datetime(");
    tw_pr_put(p, buf);
    tw_pr_put(p, ")");
    break;
  case TW_T_TIMESPAN: put_ticks_span(p, v->u.i); break;
  case TW_T_GUID:
    tw_pr_put(p, "guid(");
    tw_pr_putn(p, v->u.s, v->len);
    tw_pr_put(p, ")");
    break;
  case TW_T_DYNAMIC:
    tw_pr_put(p, "dynamic(");
    if (v->u.d) {
      put_dyn(p, v->u.d, 0);
    } else {
      tw_pr_put(p, "null");
    }
    tw_pr_put(p, ")");
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

const char *tw_binop_text(int op) {
  return op >= 0 && op < BIN_COUNT && binop_text[op] ? binop_text[op] : "?";
}

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

/* A value that may be scalar or tabular (call args, let values). */
void tw_pr_arg(printer *p, const tw_ast *n) {
  if (is_tabular(n)) {
    tw_pr_tabular(p, n);
  } else {
    tw_pr_expr(p, n, 0);
  }
}

void tw_pr_kids_list(printer *p, const tw_ast *n, uint32_t from,
                      uint32_t to) {
  for (uint32_t i = from; i < to; i++) {
    if (i > from) {
      tw_pr_put(p, ", ");
    }
    tw_pr_node(p, n->kids[i]);
  }
}

void tw_pr_expr(printer *p, const tw_ast *n, int minprec) {
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
    tw_pr_put(p, "(");
  }
  switch (n->kind) {
  case AST_LITERAL: put_literal(p, &n->lit); break;
  case AST_NAME: tw_pr_put_name(p, n->name); break;
  case AST_STAR: tw_pr_put(p, "*"); break;
  case AST_BINARY:
    if (n->op >= BIN_COUNT || n->nkids != 2) {
      p->bad = 1;
      break;
    }
    /* comparisons and string operators do not chain: parenthesise */
    tw_pr_expr(p, n->kids[0], prec == 3 || prec == 4 || prec == 7 ? prec + 1 : prec);
    tw_pr_put(p, " ");
    tw_pr_put(p, binop_text[n->op]);
    tw_pr_put(p, " ");
    /* a right operand that is part of a long run the parser balanced
     * (parse.h) prints without parentheses: the text reparses to it */
    tw_pr_expr(p, n->kids[1],
               n->kids[1]->kind == AST_BINARY &&
                       n->kids[1]->op == n->op &&
                       n->kids[1]->decl_type == TW_AST_BALANCED
                   ? prec
                   : prec + 1);
    break;
  case AST_UNARY:
    tw_pr_put(p, n->op == '-' ? "-" : "+");
    /* keep `- -5` apart and never fold into a literal again */
    tw_pr_put(p, "(");
    tw_pr_expr(p, n->kids[0], 0);
    tw_pr_put(p, ")");
    break;
  case AST_IN:
    tw_pr_expr(p, n->kids[0], 4);
    tw_pr_put(p, " ");
    tw_pr_put(p, n->op < 6 ? inop_text[n->op] : "in");
    tw_pr_put(p, " (");
    for (uint32_t i = 1; i < n->nkids; i++) {
      if (i > 1) {
        tw_pr_put(p, ", ");
      }
      tw_pr_arg(p, n->kids[i]);
    }
    tw_pr_put(p, ")");
    break;
  case AST_BETWEEN:
    tw_pr_expr(p, n->kids[0], 4);
    tw_pr_put(p, n->op ? " !between (" : " between (");
    tw_pr_expr(p, n->kids[1], 0);
    tw_pr_put(p, " .. ");
    tw_pr_expr(p, n->kids[2], 0);
    tw_pr_put(p, ")");
    break;
  case AST_MEMBER:
    tw_pr_expr(p, n->kids[0], 9);
    tw_pr_put(p, ".");
    tw_pr_put_name(p, n->name);
    break;
  case AST_INDEX:
    tw_pr_expr(p, n->kids[0], 9);
    tw_pr_put(p, "[");
    tw_pr_expr(p, n->kids[1], 0);
    tw_pr_put(p, "]");
    break;
  case AST_CALL:
    if (n->op == 1 && n->nkids) {
      /* member-call form: obj.f(args) */
      tw_pr_expr(p, n->kids[0], 9);
      tw_pr_put(p, ".");
      tw_pr_put(p, n->name);
      tw_pr_put(p, "(");
      for (uint32_t i = 1; i < n->nkids; i++) {
        if (i > 1) {
          tw_pr_put(p, ", ");
        }
        tw_pr_node(p, n->kids[i]);
      }
      tw_pr_put(p, ")");
      break;
    }
    tw_pr_put(p, n->name);
    tw_pr_put(p, "(");
    tw_pr_kids_list(p, n, 0, n->nkids);
    tw_pr_put(p, ")");
    break;
  default:
    if (is_tabular(n)) {
      tw_pr_put(p, "(");
      tw_pr_tabular(p, n);
      tw_pr_put(p, ")");
    } else {
      p->bad = 1;
    }
    break;
  }
  if (paren) {
    tw_pr_put(p, ")");
  }
  p->depth--;
}

/* Items of project/extend/summarize: ASSIGN, NAMED_ARG or expressions. */
void tw_pr_node(printer *p, const tw_ast *n) {
  if (!n || p->bad) {
    p->bad = 1;
    return;
  }
  switch (n->kind) {
  case AST_ASSIGN:
    if (n->name) {
      tw_pr_put_name(p, n->name);
      tw_pr_put(p, " = ");
      tw_pr_arg(p, n->kids[0]);
    } else if (n->nkids == 2) {
      tw_pr_put(p, "(");
      tw_pr_kids_list(p, n->kids[1], 0, n->kids[1]->nkids);
      tw_pr_put(p, ") = ");
      tw_pr_expr(p, n->kids[0], 0);
    } else {
      p->bad = 1;
    }
    break;
  case AST_NAMED_ARG:
    tw_pr_put(p, n->name);
    tw_pr_put(p, "=");
    if (n->nkids) {
      const tw_ast *v = n->kids[0];
      if (v->kind == AST_NAME && word_only(v->name)) {
        tw_pr_put(p, v->name); /* option words: kind=inner, x=true */
      } else if (v->kind == AST_NAME) {
        tw_pr_put_name(p, v->name);
      } else {
        tw_pr_arg(p, v);
      }
    }
    break;
  case AST_SORT_KEY:
    tw_pr_node(p, n->kids[0]);
    tw_pr_put(p, n->op & TW_SORT_DESC ? " desc" : " asc");
    if (n->op & TW_SORT_NULLS_FIRST) {
      tw_pr_put(p, " nulls first");
    } else if (n->op & TW_SORT_NULLS_LAST) {
      tw_pr_put(p, " nulls last");
    }
    break;
  case AST_COLUMN_DECL:
    tw_pr_put_name(p, n->name);
    tw_pr_put(p, ":");
    tw_pr_put(p, tw_pr_type_word(n->decl_type));
    break;
  default:
    tw_pr_arg(p, n);
    break;
  }
}

