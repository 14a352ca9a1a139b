/*
 * kql/print_ops.c - the printer's tabular half: pipe operators, sources,
 * statements and tw_ast_print (see print.c for expressions).
 */
#include <stdlib.h>
#include <string.h>

#include "base/limits.h"
#include "kql/lexer.h"
#include "kql/print_int.h"

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
      tw_pr_put(p, ", ");
    }
    const tw_ast *k = n->kids[i];
    if (k->kind == AST_NAME && wildcard_name(k->name)) {
      tw_pr_put(p, k->name);
    } else {
      tw_pr_node(p, k);
    }
  }
}

/* Named options (AST_NAMED_ARG kids) first, each followed by a space. */
static uint32_t options(printer *p, const tw_ast *n, uint32_t from) {
  uint32_t i = from;
  while (i < n->nkids && n->kids[i]->kind == AST_NAMED_ARG) {
    tw_pr_node(p, n->kids[i]);
    tw_pr_put(p, " ");
    i++;
  }
  return i;
}

static void mv_items(printer *p, const tw_ast *n, uint32_t from) {
  uint32_t first = 1;
  for (uint32_t i = from; i < n->nkids; i++) {
    const tw_ast *k = n->kids[i];
    if (k->kind == AST_LIST) {
      tw_pr_put(p, " limit ");
      tw_pr_expr(p, k->kids[0], 0);
      continue;
    }
    if (!first) {
      tw_pr_put(p, ", ");
    }
    first = 0;
    tw_pr_node(p, k->kids[0]);
    if (k->decl_type) {
      tw_pr_put(p, " to typeof(");
      tw_pr_put(p, tw_pr_type_word(k->decl_type));
      tw_pr_put(p, ")");
    }
  }
}

/* A table reference, call or parenthesised tabular expression; wildcard
 * names (`AWS*`) are printed bare only in union legs. */
static void leg(printer *p, const tw_ast *k, int in_union) {
  if (k->kind == AST_TABLE_REF) {
    if (in_union && wildcard_name(k->name)) {
      tw_pr_put(p, k->name);
    } else {
      tw_pr_put_name(p, k->name);
    }
  } else if (k->kind == AST_MEMBER && in_union && wildcard_name(k->name)) {
    tw_pr_expr(p, k->kids[0], 9); /* database("d").T* */
    tw_pr_put(p, ".");
    tw_pr_put(p, k->name);
  } else if (k->kind == AST_CALL || k->kind == AST_MEMBER) {
    tw_pr_expr(p, k, 0);
  } else {
    tw_pr_put(p, "(");
    tw_pr_tabular(p, k);
    tw_pr_put(p, ")");
  }
}

static void union_body(printer *p, const tw_ast *n) {
  tw_pr_put(p, "union ");
  if (n->op & TW_UNION_INNER) {
    tw_pr_put(p, "kind=inner ");
  }
  if (n->name) {
    tw_pr_put(p, "withsource=");
    tw_pr_put_name(p, n->name);
    tw_pr_put(p, " ");
  }
  if (n->op & TW_UNION_ISFUZZY) {
    tw_pr_put(p, "isfuzzy=true ");
  }
  for (uint32_t i = 0; i < n->nkids; i++) {
    if (i) {
      tw_pr_put(p, ", ");
    }
    leg(p, n->kids[i], 1);
  }
}

static const char *const join_words[] = {
    "innerunique", "inner", "leftouter", "rightouter", "fullouter",
    "leftanti", "rightanti", "leftsemi", "rightsemi"};

static void decls(printer *p, const tw_ast *n, uint32_t count) {
  tw_pr_put(p, "(");
  tw_pr_kids_list(p, n, 0, count);
  tw_pr_put(p, ")");
}

static void op(printer *p, const tw_ast *n) {
  switch (n->kind) {
  case AST_WHERE: tw_pr_put(p, "where "); tw_pr_expr(p, n->kids[0], 0); break;
  case AST_PROJECT: tw_pr_put(p, "project "); tw_pr_kids_list(p, n, 0, n->nkids); break;
  case AST_EXTEND: tw_pr_put(p, "extend "); tw_pr_kids_list(p, n, 0, n->nkids); break;
  case AST_SERIALIZE:
    tw_pr_put(p, n->nkids ? "serialize " : "serialize");
    tw_pr_kids_list(p, n, 0, n->nkids);
    break;
  case AST_PROJECT_AWAY: tw_pr_put(p, "project-away "); names_raw(p, n, 0); break;
  case AST_PROJECT_KEEP: tw_pr_put(p, "project-keep "); names_raw(p, n, 0); break;
  case AST_PROJECT_RENAME:
    tw_pr_put(p, "project-rename ");
    for (uint32_t i = 0; i < n->nkids; i++) {
      if (i) {
        tw_pr_put(p, ", ");
      }
      tw_pr_put_name(p, n->kids[i]->name);
      tw_pr_put(p, " = ");
      tw_pr_put_name(p, n->kids[i]->kids[0]->name);
    }
    break;
  case AST_PROJECT_REORDER:
    tw_pr_put(p, "project-reorder ");
    for (uint32_t i = 0; i < n->nkids; i++) {
      const tw_ast *k = n->kids[i];
      if (i) {
        tw_pr_put(p, ", ");
      }
      if (wildcard_name(k->kids[0]->name)) {
        tw_pr_put(p, k->kids[0]->name);
      } else {
        tw_pr_put_name(p, k->kids[0]->name);
      }
      if (k->op & TW_SORT_DESC) {
        tw_pr_put(p, " desc");
      }
    }
    break;
  case AST_SUMMARIZE:
    tw_pr_put(p, "summarize ");
    if (n->nkids > 2) {
      options(p, n->kids[2], 0);
    }
    tw_pr_kids_list(p, n->kids[0], 0, n->kids[0]->nkids);
    if (n->kids[1]->nkids) {
      tw_pr_put(p, " by ");
      tw_pr_kids_list(p, n->kids[1], 0, n->kids[1]->nkids);
    }
    break;
  case AST_SORT: tw_pr_put(p, "sort by "); tw_pr_kids_list(p, n, 0, n->nkids); break;
  case AST_TOP:
    tw_pr_put(p, "top ");
    tw_pr_expr(p, n->kids[0], 0);
    tw_pr_put(p, " by ");
    tw_pr_kids_list(p, n, 1, n->nkids);
    break;
  case AST_TAKE: tw_pr_put(p, "take "); tw_pr_expr(p, n->kids[0], 0); break;
  case AST_SAMPLE: tw_pr_put(p, "sample "); tw_pr_expr(p, n->kids[0], 0); break;
  case AST_COUNT:
    tw_pr_put(p, "count");
    if (n->name) {
      tw_pr_put(p, " as ");
      tw_pr_put_name(p, n->name);
    }
    break;
  case AST_GETSCHEMA: tw_pr_put(p, "getschema"); break;
  case AST_DISTINCT:
    tw_pr_put(p, "distinct ");
    if (n->op == 1) {
      tw_pr_put(p, "*");
    } else {
      tw_pr_kids_list(p, n, 0, n->nkids);
    }
    break;
  case AST_JOIN:
  case AST_LOOKUP:
    tw_pr_put(p, n->kind == AST_JOIN ? "join kind=" : "lookup kind=");
    tw_pr_put(p, n->op < 9 ? join_words[n->op] : "inner");
    tw_pr_put(p, " (");
    tw_pr_tabular(p, n->kids[0]);
    tw_pr_put(p, ") on ");
    tw_pr_kids_list(p, n, 1, n->nkids);
    break;
  case AST_UNION: union_body(p, n); break;
  case AST_MV_EXPAND: {
    tw_pr_put(p, "mv-expand ");
    uint32_t i = options(p, n, 0);
    mv_items(p, n, i);
    break;
  }
  case AST_MV_APPLY: {
    tw_pr_put(p, "mv-apply ");
    const tw_ast *items = n->kids[0];
    uint32_t i = options(p, items, 0);
    mv_items(p, items, i);
    tw_pr_put(p, " on (");
    tw_pr_tabular(p, n->kids[1]);
    tw_pr_put(p, ")");
    break;
  }
  case AST_PARSE:
    tw_pr_put(p, n->op & TW_PARSE_WHERE ? "parse-where " : "parse ");
    switch (n->op & 0xF) {
    case PARSE_REGEX: tw_pr_put(p, "kind=regex "); break;
    case PARSE_RELAXED: tw_pr_put(p, "kind=relaxed "); break;
    default: break;
    }
    if (n->name) {
      tw_pr_put(p, "flags=");
      tw_pr_put(p, n->name);
      tw_pr_put(p, " ");
    }
    tw_pr_expr(p, n->kids[0], 0);
    tw_pr_put(p, " with ");
    for (uint32_t i = 1; i < n->nkids; i++) {
      if (i > 1) {
        tw_pr_put(p, " ");
      }
      tw_pr_node(p, n->kids[i]);
    }
    break;
  case AST_AS:
    tw_pr_put(p, "as ");
    options(p, n, 0);
    tw_pr_put_name(p, n->name);
    break;
  case AST_EVALUATE:
    tw_pr_put(p, "evaluate ");
    options(p, n, 1);
    tw_pr_expr(p, n->kids[0], 0);
    break;
  case AST_INVOKE: tw_pr_put(p, "invoke "); tw_pr_expr(p, n->kids[0], 0); break;
  case AST_MAKE_SERIES:
    tw_pr_put(p, "make-series ");
    if (n->nkids > 4) {
      options(p, n->kids[4], 0);
    }
    for (uint32_t i = 0; i < n->kids[0]->nkids; i++) {
      const tw_ast *k = n->kids[0]->kids[i];
      if (k->kind == AST_NAMED_ARG) {
        tw_pr_put(p, " ");
      } else if (i) {
        tw_pr_put(p, ", ");
      }
      tw_pr_node(p, k);
    }
    tw_pr_put(p, " on ");
    tw_pr_expr(p, n->kids[1], 0);
    for (uint32_t i = 0; i < n->kids[2]->nkids; i++) {
      tw_pr_put(p, " ");
      tw_pr_put(p, n->kids[2]->kids[i]->name);
      tw_pr_put(p, " ");
      tw_pr_expr(p, n->kids[2]->kids[i]->kids[0], 0);
    }
    if (n->kids[3]->nkids) {
      tw_pr_put(p, " by ");
      tw_pr_kids_list(p, n->kids[3], 0, n->kids[3]->nkids);
    }
    break;
  case AST_TOP_NESTED:
    for (uint32_t i = 0; i < n->nkids; i++) {
      const tw_ast *l = n->kids[i];
      if (i) {
        tw_pr_put(p, ", ");
      }
      tw_pr_put(p, "top-nested ");
      if (l->kids[0]->kind != AST_LIST) {
        tw_pr_expr(p, l->kids[0], 0);
        tw_pr_put(p, " ");
      }
      tw_pr_put(p, "of ");
      tw_pr_node(p, l->kids[1]);
      if (l->nkids > 3) {
        tw_pr_put(p, " with others = ");
        tw_pr_expr(p, l->kids[3]->kids[0], 0);
      }
      tw_pr_put(p, " by ");
      tw_pr_node(p, l->kids[2]);
    }
    break;
  case AST_OTHER_OP: tw_pr_putn(p, n->lit.u.s, n->lit.len); break;
  default: p->bad = 1; break;
  }
}

void tw_pr_tabular(printer *p, const tw_ast *n) {
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
      tw_pr_put(p, "(");
      tw_pr_tabular(p, s);
      tw_pr_put(p, ")");
    } else {
      tw_pr_tabular(p, s);
    }
    for (uint32_t i = 1; i < n->nkids; i++) {
      /* a statement's pipeline gets one operator per line; pipelines
       * nested in parentheses stay on one line */
      tw_pr_put(p, i == 1 && s->kind == AST_LIST ? ""
                   : p->depth > 1                ? " | "
                                                 : "\n| ");
      op(p, n->kids[i]);
    }
    break;
  }
  case AST_TABLE_REF: leg(p, n, 0); break;
  case AST_UNION_SRC: union_body(p, n); break;
  case AST_DATATABLE:
  case AST_EXTERNALDATA: {
    tw_pr_put(p, n->kind == AST_DATATABLE ? "datatable" : "externaldata");
    decls(p, n, n->op);
    tw_pr_put(p, " [");
    uint32_t end = n->nkids;
    if (n->kind == AST_EXTERNALDATA && end > n->op &&
        n->kids[end - 1]->kind == AST_LIST) {
      end--;
    }
    tw_pr_kids_list(p, n, n->op, end);
    tw_pr_put(p, "]");
    if (end < n->nkids) {
      tw_pr_put(p, " with (");
      tw_pr_kids_list(p, n->kids[end], 0, n->kids[end]->nkids);
      tw_pr_put(p, ")");
    }
    break;
  }
  case AST_PRINT: tw_pr_put(p, "print "); tw_pr_kids_list(p, n, 0, n->nkids); break;
  case AST_RANGE:
    tw_pr_put(p, "range ");
    tw_pr_put_name(p, n->name);
    tw_pr_put(p, " from ");
    tw_pr_expr(p, n->kids[0], 0);
    tw_pr_put(p, " to ");
    tw_pr_expr(p, n->kids[1], 0);
    tw_pr_put(p, " step ");
    tw_pr_expr(p, n->kids[2], 0);
    break;
  case AST_EVALUATE: op(p, n); break;
  case AST_OTHER_OP: tw_pr_putn(p, n->lit.u.s, n->lit.len); break;
  default: tw_pr_expr(p, n, 0); break;
  }
  p->depth--;
}

/* ---------------------------------------------------------- statements */

static void params(printer *p, const tw_ast *f, uint32_t n) {
  tw_pr_put(p, "(");
  for (uint32_t i = 0; i < n; i++) {
    const tw_ast *k = f->kids[i];
    if (i) {
      tw_pr_put(p, ", ");
    }
    tw_pr_put_name(p, k->name);
    tw_pr_put(p, ":");
    if (k->op == 1) {
      if (k->nkids == 0) {
        tw_pr_put(p, "(*)");
      } else {
        decls(p, k, k->nkids);
      }
    } else {
      tw_pr_put(p, tw_pr_type_word(k->decl_type));
      if (k->nkids) {
        tw_pr_put(p, " = ");
        tw_pr_expr(p, k->kids[0], 0);
      }
    }
  }
  tw_pr_put(p, ")");
}

static void statement(printer *p, const tw_ast *s);

/* { statements } indented; pipelines inside stay on one line. */
static void body(printer *p, const tw_ast *b) {
  tw_pr_put(p, " {\n");
  p->depth++;
  for (uint32_t i = 0; i < b->nkids; i++) {
    tw_pr_put(p, "  ");
    statement(p, b->kids[i]);
    tw_pr_put(p, i + 1 < b->nkids ? ";\n" : "\n");
  }
  p->depth--;
  tw_pr_put(p, "}");
}

static void statement(printer *p, const tw_ast *s) {
  switch (s->kind) {
  case AST_LET: {
    tw_pr_put(p, "let ");
    tw_pr_put_name(p, s->name);
    tw_pr_put(p, " = ");
    const tw_ast *v = s->kids[0];
    if (v->kind == AST_FUNC_DEF) {
      if (v->op == 1) {
        tw_pr_put(p, "view ");
      }
      params(p, v, v->nkids - 1);
      body(p, v->kids[v->nkids - 1]);
    } else {
      tw_pr_arg(p, v);
    }
    break;
  }
  case AST_SET_OPTION:
    tw_pr_put(p, "set ");
    tw_pr_put(p, s->name);
    if (s->nkids) {
      tw_pr_put(p, " = ");
      if (s->kids[0]->kind == AST_NAME) {
        tw_pr_put(p, s->kids[0]->name);
      } else {
        tw_pr_expr(p, s->kids[0], 0);
      }
    }
    break;
  case AST_DECLARE:
    tw_pr_put(p, "declare query_parameters");
    params(p, s, s->nkids);
    break;
  default: tw_pr_arg(p, s); break;
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
      tw_pr_put(&p, i + 1 < q->nkids ? ";\n" : "\n");
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
