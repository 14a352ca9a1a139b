/*
 * tests/unit/test_parse.c - the KQL parser: literal values, precedence
 * (kql-semantics.md 1.8), statements, operators, error positions, limits
 * (10,000 nested parentheses, a 1 MB query, a 100,000-item has_any list),
 * the printer's round trip and --set.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/timeutil.h"
#include "check.h"
#include "kql/parse.h"

static tw_arena arena;

static tw_ast *parse(const char *q) {
  tw_ast *t = NULL;
  trawl_diag d;
  memset(&d, 0, sizeof d);
  if (tw_parse_query(q, strlen(q), &arena, &t, &d) != TRAWL_OK) {
    fprintf(stderr, "  parse failed at %zu: %s\n    %s\n", d.off, d.message,
            q);
    return NULL;
  }
  return t;
}

/* The error of a query that must fail. */
static trawl_diag parse_err(const char *q) {
  tw_ast *t = NULL;
  trawl_diag d;
  memset(&d, 0, sizeof d);
  if (tw_parse_query(q, strlen(q), &arena, &t, &d) == TRAWL_OK) {
    d.code = TRAWL_OK;
  }
  return d;
}

static tw_ast *expr(const char *q) {
  tw_ast *t = NULL;
  trawl_diag d;
  memset(&d, 0, sizeof d);
  if (tw_parse_expr(q, strlen(q), &arena, &t, &d) != TRAWL_OK) {
    fprintf(stderr, "  expr failed at %zu: %s\n    %s\n", d.off, d.message,
            q);
    return NULL;
  }
  return t;
}

/* A literal's value, from `print x = <lit>`-free scalar parsing. */
static tw_value lit(const char *q) {
  tw_ast *e = expr(q);
  tw_value v = {0};
  v.type = 255;
  if (e && e->kind == AST_LITERAL) {
    v = e->lit;
  }
  return v;
}

/* S-expression of an expression tree for precedence checks. */
static void sx(const tw_ast *n, char *out, size_t cap) {
  char tmp[512];
  switch (n->kind) {
  case AST_NAME: snprintf(out, cap, "%s", n->name); return;
  case AST_LITERAL:
    if (n->lit.type == TW_T_STRING) {
      snprintf(out, cap, "'%s'", n->lit.u.s);
    } else if (n->lit.type == TW_T_LONG) {
      snprintf(out, cap, "%lld", (long long)n->lit.u.i);
    } else if (n->lit.type == TW_T_BOOL) {
      snprintf(out, cap, "%s", n->lit.u.i ? "true" : "false");
    } else {
      snprintf(out, cap, "lit");
    }
    return;
  default: break;
  }
  size_t w = (size_t)snprintf(out, cap, "(%d:%d", n->kind, n->op);
  for (uint32_t i = 0; i < n->nkids && w < cap; i++) {
    sx(n->kids[i], tmp, sizeof tmp);
    w += (size_t)snprintf(out + w, cap - w, " %s", tmp);
  }
  if (w < cap) {
    snprintf(out + w, cap - w, ")");
  }
}

static int shape_is(const char *q, const char *want) {
  tw_ast *e = expr(q);
  char buf[512];
  if (!e) {
    return 0;
  }
  sx(e, buf, sizeof buf);
  if (strcmp(buf, want) != 0) {
    fprintf(stderr, "  %s\n    got  %s\n    want %s\n", q, buf, want);
    return 0;
  }
  return 1;
}

static void test_literal_values(void) {
  tw_value v = lit("12");
  CHECK_EQ(v.type, TW_T_LONG);
  CHECK_EQ(v.u.i, 12);
  v = lit("0x1F");
  CHECK_EQ(v.u.i, 31);
  v = lit("-5");
  CHECK_EQ(v.type, TW_T_LONG);
  CHECK_EQ(v.u.i, -5);
  v = lit("1.5");
  CHECK_EQ(v.type, TW_T_REAL);
  CHECK(v.u.r == 1.5);
  v = lit("1e3");
  CHECK(v.type == TW_T_REAL && v.u.r == 1000.0);
  v = lit("true");
  CHECK(v.type == TW_T_BOOL && v.u.i == 1);
  v = lit("FALSE");
  CHECK(v.type == TW_T_BOOL && v.u.i == 0);
  v = lit("int(-2)");
  CHECK(v.type == TW_T_INT && v.u.i == -2);
  v = lit("long(7)");
  CHECK(v.type == TW_T_LONG && v.u.i == 7);
  /* Kusto accepts any number: truncated toward zero, null out of range */
  v = lit("long(1.5)");
  CHECK(v.type == TW_T_LONG && !v.null && v.u.i == 1);
  v = lit("long(-1.5)");
  CHECK(v.type == TW_T_LONG && !v.null && v.u.i == -1);
  v = lit("int(1.5)");
  CHECK(v.type == TW_T_INT && !v.null && v.u.i == 1);
  v = lit("int(2147483648)");
  CHECK(v.type == TW_T_INT && v.null);
  v = lit("int(-2147483648)");
  CHECK(v.type == TW_T_INT && !v.null && v.u.i == INT32_MIN);
  v = lit("long(9223372036854775808)");
  CHECK(v.type == TW_T_LONG && v.null);
  v = lit("real(nan)");
  CHECK(v.type == TW_T_REAL && v.u.r != v.u.r);
  v = lit("real(-inf)");
  CHECK(v.type == TW_T_REAL && v.u.r < -1e308);
  v = lit("decimal(1.25)");
  CHECK(v.type == TW_T_DECIMAL && v.u.r == 1.25);
  v = lit("\"a\" 'b'");
  CHECK(v.type == TW_T_STRING && v.len == 2 && memcmp(v.u.s, "ab", 2) == 0);
}

static void test_typed_nulls(void) {
  static const struct {
    const char *q;
    int t;
  } cases[] = {{"bool(null)", TW_T_BOOL},         {"int(null)", TW_T_INT},
               {"long(null)", TW_T_LONG},         {"real(null)", TW_T_REAL},
               {"datetime(null)", TW_T_DATETIME}, {"timespan(null)",
                                                   TW_T_TIMESPAN},
               {"guid(null)", TW_T_GUID},         {"dynamic(null)",
                                                   TW_T_DYNAMIC}};
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    tw_value v = lit(cases[i].q);
    CHECK_EQ(v.type, cases[i].t);
    CHECK_EQ(v.null, 1);
  }
}

static void test_time_literals(void) {
  tw_value v = lit("1d");
  CHECK(v.type == TW_T_TIMESPAN && v.u.i == TW_TICKS_PER_DAY);
  CHECK_EQ(lit("24h").u.i, TW_TICKS_PER_DAY);
  CHECK_EQ(lit("1.5h").u.i, TW_TICKS_PER_HOUR * 3 / 2);
  CHECK_EQ(lit("30m").u.i, 30 * TW_TICKS_PER_MINUTE);
  CHECK_EQ(lit("1ms").u.i, 10000);
  CHECK_EQ(lit("3tick").u.i, 3);
  CHECK_EQ(lit("2millisec").u.i, 20000);
  CHECK_EQ(lit("2microsec").u.i, 20);
  CHECK_EQ(lit("2micros").u.i, 20);
  CHECK_EQ(lit("300nanos").u.i, 3);
  CHECK_EQ(lit("300nanosec").u.i, 3);
  CHECK_EQ(lit("300nano").u.i, 3);
  CHECK_EQ(lit("2seconds").u.i, 2 * TW_TICKS_PER_SECOND);
  CHECK_EQ(lit("2hrs").u.i, 2 * TW_TICKS_PER_HOUR);
  CHECK_EQ(lit("2min").u.i, 2 * TW_TICKS_PER_MINUTE);
  CHECK_EQ(lit("0.5d").u.i, 12 * TW_TICKS_PER_HOUR);
  CHECK_EQ(lit("-1d").u.i, -TW_TICKS_PER_DAY);
  CHECK_EQ(lit("timespan(2)").u.i, 2 * TW_TICKS_PER_DAY);
  CHECK_EQ(lit("timespan(15 seconds)").u.i, 15 * TW_TICKS_PER_SECOND);
  CHECK_EQ(lit("time(0.12:34:56.7)").u.i,
           12 * TW_TICKS_PER_HOUR + 34 * TW_TICKS_PER_MINUTE +
               56 * TW_TICKS_PER_SECOND + 7000000);
  int64_t want = tw_days_from_civil(2015, 12, 31) * TW_TICKS_PER_DAY;
  v = lit("datetime(2015-12-31)");
  CHECK(v.type == TW_T_DATETIME && v.u.i == want);
  CHECK_EQ(lit("datetime('2015-12-31')").u.i, want);
  CHECK_EQ(lit("date(2015-12-31)").u.i, want);
  CHECK_EQ(lit("datetime(2015-12-31 23:59:59.9)").u.i,
           want + 86399 * TW_TICKS_PER_SECOND + 9000000);
  CHECK_EQ(lit("datetime(2015-12-31T23:59:59.1234567Z)").u.i,
           want + 86399 * TW_TICKS_PER_SECOND + 1234567);
  CHECK_EQ(parse_err("print datetime(not a date)").code, TRAWL_ERR_SYNTAX);
}

static void test_guid_literal(void) {
  tw_value v = lit("guid(74BE27DE-1e4e-49d9-b579-fe0b331d3642)");
  CHECK_EQ(v.type, TW_T_GUID);
  CHECK_EQ(v.len, 36);
  CHECK(v.u.s && memcmp(v.u.s, "74be27de-1e4e-49d9-b579-fe0b331d3642", 36) ==
                     0);
  CHECK_EQ(parse_err("print guid(xyz)").code, TRAWL_ERR_SYNTAX);
}

static void test_dynamic_literal(void) {
  tw_value v = lit("dynamic(['eastus', \"westeurope\"])");
  CHECK_EQ(v.type, TW_T_DYNAMIC);
  CHECK(v.u.d && v.u.d->kind == TRAWL_DYN_ARRAY && v.u.d->n == 2);
  if (v.u.d && v.u.d->n == 2) {
    CHECK_EQ(v.u.d->u.items[0].kind, TRAWL_DYN_STRING);
    CHECK_EQ(v.u.d->u.items[1].n, 10);
  }
  v = lit("dynamic({\"k\": 1, \"b\": {\"x\": [2.5, -3, true, null]}, "
          "\"t\": datetime(1970-01-02), \"s\": 1h})");
  CHECK(v.u.d && v.u.d->kind == TRAWL_DYN_OBJECT && v.u.d->n == 4);
  if (v.u.d && v.u.d->n == 4) {
    const tw_dyn *it = v.u.d->u.items;
    CHECK(it[1].kind == TRAWL_DYN_LONG && it[1].u.i == 1);
    const tw_dyn *b = &it[3];
    CHECK(b->kind == TRAWL_DYN_OBJECT && b->n == 1);
    const tw_dyn *arr = &b->u.items[1];
    CHECK(arr->kind == TRAWL_DYN_ARRAY && arr->n == 4);
    CHECK(arr->u.items[1].u.i == -3);
    CHECK(arr->u.items[3].kind == TRAWL_DYN_NULL);
    CHECK(it[5].kind == TRAWL_DYN_DATETIME &&
          it[5].u.i == TW_TICKS_PER_DAY);
    CHECK(it[7].kind == TRAWL_DYN_TIMESPAN &&
          it[7].u.i == TW_TICKS_PER_HOUR);
  }
  v = lit("dynamic(4)");
  CHECK(v.u.d && v.u.d->kind == TRAWL_DYN_LONG && v.u.d->u.i == 4);
  v = lit("dynamic([])");
  CHECK(v.u.d && v.u.d->kind == TRAWL_DYN_ARRAY && v.u.d->n == 0);
  v = lit("dynamic([\"a\"])");
  CHECK(v.u.d && v.u.d->kind == TRAWL_DYN_ARRAY && v.u.d->n == 1);
  CHECK_EQ(parse_err("print dynamic([1,)").code, TRAWL_ERR_SYNTAX);
}

static void test_precedence(void) {
  char w[256];
  /* string operators bind tighter than == */
  snprintf(w, sizeof w, "(%d:%d (%d:%d a 'x') true)", AST_BINARY, BIN_EQ,
           AST_BINARY, BIN_HAS);
  CHECK(shape_is("a has \"x\" == true", w));
  /* ... and tighter than + */
  snprintf(w, sizeof w, "(%d:%d a (%d:%d b 'x'))", AST_BINARY, BIN_ADD,
           AST_BINARY, BIN_CONTAINS);
  CHECK(shape_is("a + b contains 'x'", w));
  snprintf(w, sizeof w, "(%d:%d (%d:%d x 1) 2 3)", AST_IN, IN_CS,
           AST_BINARY, BIN_ADD);
  CHECK(shape_is("x + 1 in (2, 3)", w));
  snprintf(w, sizeof w, "(%d:%d a (%d:%d b c))", AST_BINARY, BIN_OR,
           AST_BINARY, BIN_AND);
  CHECK(shape_is("a or b and c", w));
  snprintf(w, sizeof w, "(%d:%d (%d:%d 1 (%d:%d 2 3)) 4)", AST_BINARY,
           BIN_SUB, AST_BINARY, BIN_ADD, AST_BINARY, BIN_MUL);
  CHECK(shape_is("1 + 2 * 3 - 4", w));
  snprintf(w, sizeof w, "(%d:%d (%d:%d a 1) (%d:%d b 2))", AST_BINARY,
           BIN_AND, AST_BINARY, BIN_LT, AST_BINARY, BIN_EQ_CI);
  CHECK(shape_is("a < 1 and b =~ 2", w));
  snprintf(w, sizeof w, "(%d:%d x 1 5)", AST_BETWEEN, 0);
  CHECK(shape_is("x between (1 .. 5)", w));
  snprintf(w, sizeof w, "(%d:%d x 1 5)", AST_BETWEEN, 1);
  CHECK(shape_is("x !between (1 .. 5)", w));
  snprintf(w, sizeof w, "(%d:%d s 'a' 'b')", AST_IN, IN_NOT_CI);
  CHECK(shape_is("s !in~ ('a', 'b')", w));
  snprintf(w, sizeof w, "(%d:%d s 'a')", AST_IN, IN_HAS_ALL);
  CHECK(shape_is("s has_all ('a')", w));
  snprintf(w, sizeof w, "(%d:%d s 'a.*')", AST_BINARY, BIN_MATCHES_REGEX);
  CHECK(shape_is("s matches regex 'a.*'", w));
  snprintf(w, sizeof w, "(%d:%d s 'x')", AST_BINARY, BIN_NOT_STARTSWITH_CS);
  CHECK(shape_is("s !startswith_cs 'x'", w));
  snprintf(w, sizeof w, "(%d:%d (%d:%d a 1) 2)", AST_BINARY, BIN_NE,
           AST_BINARY, BIN_MUL);
  CHECK(shape_is("a * 1 <> 2", w));
  /* member access and calls */
  snprintf(w, sizeof w, "(%d:%d (%d:%d (%d:%d d) 0) 'k')", AST_INDEX, 0,
           AST_INDEX, 0, AST_MEMBER, 0);
  tw_ast *e = expr("d.a[0]['k']");
  CHECK(e && e->kind == AST_INDEX && e->kids[0]->kind == AST_INDEX &&
        e->kids[0]->kids[0]->kind == AST_MEMBER);
  e = expr("d[\"a b\"]");
  CHECK(e && e->kind == AST_INDEX && e->kids[1]->kind == AST_LITERAL);
  e = expr("-x");
  CHECK(e && e->kind == AST_UNARY && e->op == '-');
  e = expr("not(a)");
  CHECK(e && e->kind == AST_CALL && strcmp(e->name, "not") == 0);
}

static void test_calls_tabular_args(void) {
  tw_ast *q = parse("let n = toscalar(T | summarize count());\n"
                    "let m = materialize(T | where x > 1);\n"
                    "S | where y in (T | project y) | where z == n");
  CHECK(q && q->nkids == 3);
  if (q && q->nkids == 3) {
    tw_ast *c = q->kids[0]->kids[0];
    CHECK(c->kind == AST_CALL && c->nkids == 1 &&
          c->kids[0]->kind == AST_PIPE);
    tw_ast *pipe = q->kids[2];
    CHECK(pipe->kind == AST_PIPE && pipe->nkids == 3);
    tw_ast *in = pipe->kids[1]->kids[0];
    CHECK(in->kind == AST_IN && in->nkids == 2 &&
          in->kids[1]->kind == AST_PIPE);
  }
}

static void test_statements(void) {
  tw_ast *q = parse("set query_now = datetime(2024-01-01);\n"
                    "declare query_parameters(a:string, b:long = 5);\n"
                    "let x = 5;\nlet ['a b'] = 'q';\n"
                    "let f = (T:(*), U:(a:string, b:long), s:string, "
                    "n:long = 3) { let k = 1; T | take n };\n"
                    "let v = view () { print 1 };\n"
                    "let g = () { 1 };\n"
                    "f(AzureActivity, AzureActivity, 'x');");
  CHECK(q && q->nkids == 8);
  if (!q || q->nkids != 8) {
    return;
  }
  CHECK_EQ(q->kids[0]->kind, AST_SET_OPTION);
  CHECK_STR(q->kids[0]->name, "query_now");
  CHECK_EQ(q->kids[1]->kind, AST_DECLARE);
  CHECK_EQ(q->kids[1]->nkids, 2);
  CHECK_STR(q->kids[3]->name, "a b");
  tw_ast *f = q->kids[4]->kids[0];
  CHECK_EQ(f->kind, AST_FUNC_DEF);
  CHECK_EQ(f->nkids, 5);
  CHECK(f->kids[0]->op == 1 && f->kids[0]->nkids == 0);
  CHECK(f->kids[1]->op == 1 && f->kids[1]->nkids == 2);
  CHECK_EQ(f->kids[2]->decl_type, TW_T_STRING);
  CHECK(f->kids[3]->decl_type == TW_T_LONG && f->kids[3]->nkids == 1);
  CHECK(f->kids[4]->kind == AST_BODY && f->kids[4]->nkids == 2);
  CHECK(q->kids[5]->kids[0]->kind == AST_FUNC_DEF &&
        q->kids[5]->kids[0]->op == 1);
  CHECK_EQ(q->kids[7]->kind, AST_CALL);
}

static tw_ast *op_of(const char *q, uint32_t i) {
  tw_ast *t = parse(q);
  if (!t) {
    return NULL;
  }
  tw_ast *last = t->kids[t->nkids - 1];
  if (last->kind != AST_PIPE || i >= last->nkids) {
    return NULL;
  }
  return last->kids[i];
}

static void test_operators(void) {
  tw_ast *o = op_of("T | sort by a, b asc nulls first", 1);
  CHECK(o && o->kind == AST_SORT && o->nkids == 2);
  if (o && o->nkids == 2) {
    CHECK_EQ(o->kids[0]->op, TW_SORT_DESC);
    CHECK_EQ(o->kids[1]->op, TW_SORT_NULLS_FIRST);
  }
  o = op_of("T | order by a desc nulls last", 1);
  CHECK(o && o->kids[0]->op == (TW_SORT_DESC | TW_SORT_NULLS_LAST));
  o = op_of("T | top 5 by x asc", 1);
  CHECK(o && o->kind == AST_TOP && o->nkids == 2 && o->kids[1]->op == 0);
  o = op_of("T | summarize c = count(), dcount(x) by bin(t, 1h), k", 1);
  CHECK(o && o->kind == AST_SUMMARIZE && o->kids[0]->nkids == 2 &&
        o->kids[1]->nkids == 2);
  o = op_of("T | summarize by k", 1);
  CHECK(o && o->kids[0]->nkids == 0 && o->kids[1]->nkids == 1);
  o = op_of("T | summarize hint.strategy=shuffle arg_max(t, *) by k", 1);
  CHECK(o && o->nkids == 3);
  o = op_of("T | join kind=leftouter hint.remote=left (U | take 1) on a, "
            "$left.b == $right.c and $left.d == $right.e",
            1);
  CHECK(o && o->kind == AST_JOIN && o->op == JOIN_LEFTOUTER && o->nkids == 4);
  o = op_of("T | join U on a", 1);
  CHECK(o && o->op == JOIN_INNERUNIQUE && o->kids[0]->kind == AST_TABLE_REF);
  o = op_of("T | lookup kind=inner (U) on a", 1);
  CHECK(o && o->kind == AST_LOOKUP && o->op == JOIN_INNER);
  o = op_of("T | lookup U on a", 1);
  CHECK(o && o->op == JOIN_LEFTOUTER);
  CHECK_EQ(parse_err("T | join kind=sideways U on a").code,
           TRAWL_ERR_SYNTAX);
  o = op_of("T | union kind=inner withsource=Src isfuzzy=true U, (V | take "
            "1), W*",
            1);
  CHECK(o && o->kind == AST_UNION &&
        o->op == (TW_UNION_INNER | TW_UNION_ISFUZZY) && o->nkids == 3);
  if (o && o->nkids == 3) {
    CHECK_STR(o->name, "Src");
    CHECK_STR(o->kids[2]->name, "W*");
  }
  o = op_of("T | mv-expand with_itemindex=i a to typeof(long), b = c "
            "limit 10",
            1);
  CHECK(o && o->kind == AST_MV_EXPAND && o->nkids == 4);
  if (o && o->nkids == 4) {
    CHECK_EQ(o->kids[0]->kind, AST_NAMED_ARG);
    CHECK_EQ(o->kids[1]->decl_type, TW_T_LONG);
    CHECK_EQ(o->kids[3]->kind, AST_LIST);
  }
  o = op_of("T | mv-apply x = arr to typeof(long) on (summarize "
            "sum(x))",
            1);
  CHECK(o && o->kind == AST_MV_APPLY && o->kids[1]->kind == AST_PIPE);
  o = op_of("T | parse kind=regex flags=U s with * \"a=\" a:long \",\" b",
            1);
  CHECK(o && o->kind == AST_PARSE && o->op == PARSE_REGEX && o->nkids == 6);
  if (o && o->nkids == 6) {
    CHECK_STR(o->name, "U");
    CHECK_EQ(o->kids[3]->decl_type, TW_T_LONG);
    CHECK_EQ(o->kids[5]->decl_type, TW_T_STRING);
  }
  o = op_of("T | parse-where s with \"x\" v", 1);
  CHECK(o && o->op == (PARSE_SIMPLE | TW_PARSE_WHERE));
  o = op_of("T | project-away a, b*, *_d", 1);
  CHECK(o && o->kind == AST_PROJECT_AWAY && o->nkids == 3);
  if (o && o->nkids == 3) {
    CHECK_STR(o->kids[1]->name, "b*");
    CHECK_STR(o->kids[2]->name, "*_d");
  }
  o = op_of("T | project-rename c = a, ['d e'] = b", 1);
  CHECK(o && o->kind == AST_PROJECT_RENAME && o->nkids == 2);
  o = op_of("T | project-keep a*", 1);
  CHECK(o && o->kind == AST_PROJECT_KEEP);
  o = op_of("T | project-reorder b, a* desc", 1);
  CHECK(o && o->kind == AST_PROJECT_REORDER && o->nkids == 2);
  o = op_of("T | extend (a, b) = f(x), c = 1", 1);
  CHECK(o && o->kind == AST_EXTEND && o->nkids == 2 &&
        o->kids[0]->nkids == 2);
  o = op_of("T | distinct *", 1);
  CHECK(o && o->kind == AST_DISTINCT && o->op == 1);
  o = op_of("T | take 10 | limit 5 | count | getschema | sample 3", 5);
  CHECK(o && o->kind == AST_SAMPLE);
  o = op_of("T | as X | serialize n = row_number() | evaluate "
            "bag_unpack(d) | invoke f(1)",
            4);
  CHECK(o && o->kind == AST_INVOKE);
  o = op_of("T | make-series c = count() default = 0 on t from "
            "datetime(2024-01-01) to datetime(2024-02-01) step 1d by k",
            1);
  CHECK(o && o->kind == AST_MAKE_SERIES && o->kids[2]->nkids == 3);
  o = op_of("T | top-nested 2 of a by count(), top-nested of b with "
            "others = 'x' by m = max(c) asc",
            1);
  CHECK(o && o->kind == AST_TOP_NESTED && o->nkids == 2);
  o = op_of("T | count as n", 1);
  CHECK(o && o->kind == AST_COUNT && o->name && strcmp(o->name, "n") == 0);
  o = op_of("T | fork (where a) (take 1) | search 'x'", 2);
  CHECK(o && o->kind == AST_OTHER_OP && strcmp(o->name, "search") == 0);
  o = op_of("T | where x > 1 | render timechart with (title='x')", 1);
  CHECK(o && o->kind == AST_WHERE);
}

static void test_sources(void) {
  tw_ast *q = parse("datatable(a:int, b:string)[1, \"x\", 2, 'y',]");
  CHECK(q && q->kids[0]->kind == AST_DATATABLE && q->kids[0]->op == 2 &&
        q->kids[0]->nkids == 6);
  q = parse("print a = 1, 'x'");
  CHECK(q && q->kids[0]->kind == AST_PRINT && q->kids[0]->nkids == 2);
  q = parse("range x from 1 to 10 step 2");
  CHECK(q && q->kids[0]->kind == AST_RANGE);
  q = parse("union A, B | where x");
  CHECK(q && q->kids[0]->kind == AST_PIPE &&
        q->kids[0]->kids[0]->kind == AST_UNION_SRC);
  q = parse("externaldata(a:string)[@'https://x/y.csv'] with (format='csv')");
  CHECK(q && q->kids[0]->kind == AST_EXTERNALDATA && q->kids[0]->op == 1 &&
        q->kids[0]->nkids == 3);
  q = parse("(T | take 1) | count;");
  CHECK(q && q->nkids == 1 && q->kids[0]->kind == AST_PIPE);
}

static void test_spans(void) {
  const char *src = "T | where a == 'x'";
  tw_ast *q = parse(src);
  CHECK(q != NULL);
  if (!q) {
    return;
  }
  tw_ast *w = q->kids[0]->kids[1];
  CHECK_EQ(w->off, 4);
  CHECK_EQ(w->len, strlen(src) - 4);
  tw_ast *b = w->kids[0];
  CHECK_EQ(b->off, 10);
  CHECK_EQ(b->len, 8);
  CHECK_EQ(b->kids[1]->off, 15);
  CHECK_EQ(b->kids[1]->len, 3);
}

static void test_errors(void) {
  trawl_diag d = parse_err("T | where (a == 1");
  CHECK_EQ(d.code, TRAWL_ERR_SYNTAX);
  CHECK_EQ(d.off, 17);
  CHECK(strstr(d.message, "')'") != NULL);
  d = parse_err("T | frobnicate");
  CHECK_EQ(d.off, 4);
  CHECK(strstr(d.message, "frobnicate") != NULL);
  d = parse_err("T | where a ==");
  CHECK_EQ(d.off, 14);
  d = parse_err("let x = 1 T");
  CHECK_EQ(d.off, 10);
  CHECK(strstr(d.message, "';'") != NULL);
  d = parse_err("T | where s == 'abc");
  CHECK_EQ(d.off, 15);
  d = parse_err("T | project a,");
  CHECK_EQ(d.code, TRAWL_ERR_SYNTAX);
  d = parse_err("");
  CHECK_EQ(d.code, TRAWL_ERR_SYNTAX);
  d = parse_err("T | where x in 'a'");
  CHECK_EQ(d.off, 15);
  d = parse_err("T | sort a");
  CHECK_EQ(d.off, 9);
  d = parse_err("T | where a = 1");
  CHECK_EQ(d.code, TRAWL_ERR_SYNTAX);
  /* comparison, list and string operators do not chain (Kusto's parser) */
  d = parse_err("print 1 < 2 < 3");
  CHECK_EQ(d.off, 12);
  d = parse_err("print 1 == 1 == true");
  CHECK_EQ(d.off, 13);
  d = parse_err("print 'a' has 'b' has 'c'");
  CHECK_EQ(d.off, 18);
  CHECK_EQ(parse_err("print 1 in (1) in (true)").code, TRAWL_ERR_SYNTAX);
  CHECK(parse("print (1 < 2) == true") != NULL);
  CHECK(parse("print 'a' has 'b' == true") != NULL);
  /* raw guids, dynamic trailing commas and unquoted keys, empty lists */
  d = parse_err("print 74be27de-1e4e-49d9-b579-fe0b331d3642");
  CHECK_EQ(d.off, 6);
  CHECK_EQ(parse_err("print dynamic([1,])").code, TRAWL_ERR_SYNTAX);
  CHECK_EQ(parse_err("print dynamic({\"a\": 1,})").code, TRAWL_ERR_SYNTAX);
  CHECK_EQ(parse_err("print dynamic({a: 1})").code, TRAWL_ERR_SYNTAX);
  CHECK_EQ(parse_err("print dynamic(+1)").code, TRAWL_ERR_SYNTAX);
  CHECK_EQ(parse_err("T | where a in ()").code, TRAWL_ERR_SYNTAX);
  CHECK_EQ(parse_err("print .5").code, TRAWL_ERR_SYNTAX);
  /* one ';' between statements; a last one is fine */
  CHECK_EQ(parse_err("print x = 1;;").code, TRAWL_ERR_SYNTAX);
  CHECK_EQ(parse_err(";print x = 1").code, TRAWL_ERR_SYNTAX);
  CHECK(parse("let x = 1; print x;") != NULL);
}

static void test_deep_nesting(void) {
  size_t n = 10000;
  char *q = malloc(2 * n + 16);
  strcpy(q, "print ");
  size_t w = 6;
  for (size_t i = 0; i < n; i++) {
    q[w++] = '(';
  }
  q[w++] = '1';
  for (size_t i = 0; i < n; i++) {
    q[w++] = ')';
  }
  q[w] = 0;
  trawl_diag d = parse_err(q);
  CHECK_EQ(d.code, TRAWL_ERR_SYNTAX);
  CHECK(d.off > 6 && d.off < 6 + n);
  CHECK(strstr(d.message, "nested") != NULL);
  /* 500 levels is fine */
  w = 6;
  for (size_t i = 0; i < 500; i++) {
    q[w++] = '(';
  }
  q[w++] = '1';
  for (size_t i = 0; i < 500; i++) {
    q[w++] = ')';
  }
  q[w] = 0;
  CHECK(parse(q) != NULL);
  /* deep unary minus and deep dynamic arrays are bounded too */
  w = 6;
  for (size_t i = 0; i < n; i++) {
    q[w++] = '-';
  }
  q[w++] = 'x';
  q[w] = 0;
  CHECK_EQ(parse_err(q).code, TRAWL_ERR_SYNTAX);
  /* long operator and member chains are bounded in height as well */
  w = (size_t)snprintf(q, 2 * n + 16, "print x");
  for (size_t i = 0; i < 5000 && w + 4 < 2 * n; i++) {
    w += (size_t)snprintf(q + w, 2 * n + 16 - w, "-x");
  }
  CHECK_EQ(parse_err(q).code, TRAWL_ERR_SYNTAX);
  /* ... but runs of and / or / + are balanced trees, not deep ones */
  w = (size_t)snprintf(q, 2 * n + 16, "print x");
  for (size_t i = 0; i < 5000 && w + 4 < 2 * n; i++) {
    w += (size_t)snprintf(q + w, 2 * n + 16 - w, "+x");
  }
  CHECK(parse(q) != NULL);
  w = (size_t)snprintf(q, 2 * n + 16, "print x");
  for (size_t i = 0; i < 500; i++) {
    w += (size_t)snprintf(q + w, 2 * n + 16 - w, "+x");
  }
  CHECK(parse(q) != NULL);
  w = (size_t)snprintf(q, 2 * n + 16, "print x");
  for (size_t i = 0; i < 5000 && w + 4 < 2 * n; i++) {
    w += (size_t)snprintf(q + w, 2 * n + 16 - w, ".a");
  }
  CHECK_EQ(parse_err(q).code, TRAWL_ERR_SYNTAX);
  strcpy(q, "print dynamic(");
  w = strlen(q);
  for (size_t i = 0; i < n; i++) {
    q[w++] = '[';
  }
  q[w] = 0;
  CHECK_EQ(parse_err(q).code, TRAWL_ERR_SYNTAX);
  free(q);
}

static void test_big_queries(void) {
  /* a 1 MB query: a long where chain */
  size_t cap = (1 << 20) + 256;
  char *q = malloc(cap);
  size_t w = (size_t)snprintf(q, cap, "T");
  int i = 0;
  while (w < (1 << 20)) {
    w += (size_t)snprintf(q + w, cap - w, "\n| where Col%d has \"v%d\"", i,
                          i);
    i++;
  }
  clock_t t0 = clock();
  tw_ast *t = parse(q);
  CHECK(t != NULL);
  CHECK((clock() - t0) / CLOCKS_PER_SEC < 5);
  free(q);
  /* a 100,000-item has_any list parses in bounded time */
  cap = 100000 * 16 + 64;
  q = malloc(cap);
  w = (size_t)snprintf(q, cap, "T | where x has_any (");
  for (i = 0; i < 100000; i++) {
    w += (size_t)snprintf(q + w, cap - w, "%s\"v%d\"", i ? "," : "", i);
  }
  snprintf(q + w, cap - w, ")");
  t0 = clock();
  t = parse(q);
  CHECK(t != NULL);
  CHECK((clock() - t0) / CLOCKS_PER_SEC < 5);
  if (t) {
    tw_ast *in = t->kids[0]->kids[1]->kids[0];
    CHECK(in->kind == AST_IN && in->nkids == 100001);
  }
  free(q);
}

static const char *const roundtrip_cases[] = {
    "T | where a has \"x\" == true and (b or c) | project x = a + 1, d",
    "let f = (T:(*), n:long = 3) { T | take n };\nf(S)",
    "print d = dynamic({\"a\": [1, 2.5, \"x\", null, true]}), "
    "t = datetime(2024-01-02 03:04:05.5), s = 90m, g = "
    "guid(74be27de-1e4e-49d9-b579-fe0b331d3642), n = long(null), "
    "r = real(-inf), i = int(-3), neg = -5, e = \"a\\\"b\\n\"",
    "T | summarize count(), m = max(x) by bin(t, 1h) | sort by m asc nulls "
    "last | top 3 by m",
    "T | join kind=leftanti (U | where a) on $left.a == $right.b, c",
    "union withsource=S A, (B | take 1) | mv-expand x to typeof(string) "
    "limit 5",
    "T | parse kind=relaxed s with * \"a=\" a:long \",\" b | project-away "
    "c*, d",
    "T | where x !between (1 .. 5) and y in~ (\"a\", \"b\") and z !has_cs "
    "\"q\" and -(a) > 1",
    "T | extend (a, b) = f(x) | project-rename ['new col'] = a",
    "datatable(a:int, b:string)[1, \"x\", int(null), \"\"] | distinct *",
    "T | mv-apply x = arr on (summarize s = sum(x) | where s > 1)",
    "T | where d.a[0][\"k\"] == 1 and x - -1 > 2 and 1 - 2 - 3 == 0",
    "T | where (a < b) == (c has \"x\") and (1 == 1) == true",
    "T | graph-match (a)-[e]->(b) project a | count as n",
    "set query_now = datetime(2024-01-01);\n"
    "declare query_parameters(a:string = \"x\", n:long = 5);\n"
    "let v = view () { print y = 1 };\n"
    "let f = (T:(a:string, *), k:long = -1) { let z = k * 2; T | take z };\n"
    "let e = externaldata(a:string) [h@\"https://x/y.csv\"] with (format = "
    "\"csv\");\n"
    "T | make-series kind=nonempty c = count() default = 0, avg(x) on t in "
    "range(datetime(2024-01-01), datetime(2024-02-01), 1d) by k\n"
    "| top-nested 3 of a with others = \"o\" by s = sum(x) asc, top-nested "
    "of b by max(y)\n"
    "| evaluate hint.distribution=per_node bag_unpack(d, \"p_\")\n"
    "| as hint.materialized=true M\n"
    "| parse-where kind=regex flags=Ui s with \"a\" x:long * \"b\" y\n"
    "| mv-expand kind=array with_itemindex=i bag, arr to typeof(long) limit "
    "3\n| project-reorder b*, a desc | lookup kind=inner (U) on $left.a == "
    "$right.b\n| union isfuzzy=true withsource=Src V*, (W | count as n)\n"
    "| sort by a asc nulls first, b nulls last | serialize | sample 10\n"
    "| where x has_any (toscalar(U | summarize make_set(a)))",
};

static int same(const tw_ast *a, const tw_ast *b) {
  if (!a || !b) {
    return a == b;
  }
  if (a->kind != b->kind || a->op != b->op || a->nkids != b->nkids ||
      a->decl_type != b->decl_type) {
    return 0;
  }
  if ((a->name == NULL) != (b->name == NULL) ||
      (a->name && strcmp(a->name, b->name) != 0)) {
    return 0;
  }
  if (a->kind == AST_LITERAL &&
      (a->lit.type != b->lit.type || a->lit.null != b->lit.null ||
       (a->lit.type == TW_T_STRING &&
        (a->lit.len != b->lit.len ||
         memcmp(a->lit.u.s, b->lit.u.s, a->lit.len) != 0)) ||
       ((a->lit.type == TW_T_LONG || a->lit.type == TW_T_DATETIME ||
         a->lit.type == TW_T_TIMESPAN || a->lit.type == TW_T_INT) &&
        a->lit.u.i != b->lit.u.i))) {
    return 0;
  }
  for (uint32_t i = 0; i < a->nkids; i++) {
    if (!same(a->kids[i], b->kids[i])) {
      return 0;
    }
  }
  return 1;
}

static void test_roundtrip(void) {
  for (size_t i = 0; i < sizeof roundtrip_cases / sizeof roundtrip_cases[0];
       i++) {
    tw_ast *t = parse(roundtrip_cases[i]);
    CHECK(t != NULL);
    if (!t) {
      continue;
    }
    char *text = tw_ast_print(t);
    CHECK(text != NULL);
    if (!text) {
      continue;
    }
    tw_ast *t2 = parse(text);
    if (!same(t, t2)) {
      fprintf(stderr, "  round trip differs:\n%s\n%s\n", roundtrip_cases[i],
              text);
      check_failed_now = 1;
    }
    free(text);
  }
}

static void test_set_let(void) {
  tw_ast *q = parse("let Regions = dynamic([\"a\"]);\nlet n = 5;\n"
                    "T | where r in (Regions)");
  CHECK(q != NULL);
  if (!q) {
    return;
  }
  trawl_diag d;
  memset(&d, 0, sizeof d);
  CHECK_EQ(tw_query_set_let(q, "Regions", "dynamic(['x', 'y'])", &arena, &d),
           TRAWL_OK);
  tw_ast *v = q->kids[0]->kids[0];
  CHECK(v->kind == AST_LITERAL && v->lit.type == TW_T_DYNAMIC &&
        v->lit.u.d->n == 2);
  CHECK_EQ(tw_query_set_let(q, "n", "-7", &arena, &d), TRAWL_OK);
  CHECK_EQ(q->kids[1]->kids[0]->lit.u.i, -7);
  CHECK_EQ(tw_query_set_let(q, "Missing", "1", &arena, &d), TRAWL_ERR_NAME);
  CHECK(strstr(d.message, "Missing") != NULL);
  CHECK_EQ(tw_query_set_let(q, "n", "1 +", &arena, &d), TRAWL_ERR_SYNTAX);
  CHECK_EQ(tw_query_set_let(q, "n", "'x' 'y'", &arena, &d), TRAWL_OK);
}

static void test_seed(void) {
  FILE *f = fopen("../shared/seed/t1535-seed.kql", "rb");
  if (!f) {
    f = fopen("../../shared/seed/t1535-seed.kql", "rb");
  }
  if (!f) {
    return; /* covered by tests/kql-parse/corpus.sh when ../shared exists */
  }
  static char buf[1 << 16];
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  fclose(f);
  buf[n] = 0;
  tw_ast *q = parse(buf);
  CHECK(q && q->nkids == 5);
  if (q && q->nkids == 5) {
    CHECK_EQ(q->kids[4]->kind, AST_PIPE);
    CHECK_EQ(q->kids[4]->kids[0]->kind, AST_UNION_SRC);
  }
}

static int height(const tw_ast *n) {
  int h = 0;
  for (uint32_t i = 0; n && i < n->nkids; i++) {
    int k = height(n->kids[i]);
    h = k > h ? k : h;
  }
  return h + 1;
}

/* Long runs of and / or / + are balanced (height log2 n) with spans that
 * cover their operands; short ones stay left-deep; both print back flat. */
static void test_balanced_runs(void) {
  static char q[200000];
  size_t w = (size_t)snprintf(q, sizeof q, "print (a == 0");
  for (int i = 1; i < 10000; i++) {
    w += (size_t)snprintf(q + w, sizeof q - w, " or a == %d", i);
  }
  w += (size_t)snprintf(q + w, sizeof q - w, ") and b");
  tw_ast *t = parse(q);
  CHECK(t != NULL);
  if (!t) {
    return;
  }
  const tw_ast *e = t->kids[t->nkids - 1]->kids[0];
  CHECK(e->kind == AST_BINARY && e->op == BIN_AND);
  const tw_ast *o = e->kids[0];
  CHECK(o->kind == AST_BINARY && o->op == BIN_OR);
  CHECK(height(o) <= 16);
  CHECK_EQ(o->off, 7);
  CHECK_EQ(o->len, w - 7 - 7);
  CHECK(o->kids[0]->off == 7 && o->kids[1]->kind == AST_BINARY);
  CHECK_EQ(o->kids[1]->off + o->kids[1]->len, o->off + o->len);
  char *text = tw_ast_print(t);
  CHECK(text && strncmp(text, q, w) == 0 && text[w] == '\n');
  free(text);
  /* short runs: left-deep as written */
  t = parse("print a or b or c");
  e = t ? t->kids[t->nkids - 1]->kids[0] : NULL;
  CHECK(e && e->kids[0]->kind == AST_BINARY && e->kids[1]->kind == AST_NAME);
  CHECK(e && e->off == 6 && e->len == 11 && e->kids[0]->len == 6);
  /* a parenthesised last operand: the span ends after it, as before */
  t = parse("print a or (b)");
  e = t ? t->kids[t->nkids - 1]->kids[0] : NULL;
  CHECK(e && e->len == 8);
}

int main(void) {
  tw_arena_init(&arena, 0);
  RUN(test_literal_values);
  RUN(test_typed_nulls);
  RUN(test_time_literals);
  RUN(test_guid_literal);
  RUN(test_dynamic_literal);
  RUN(test_precedence);
  RUN(test_calls_tabular_args);
  RUN(test_statements);
  RUN(test_operators);
  RUN(test_sources);
  RUN(test_spans);
  RUN(test_errors);
  RUN(test_deep_nesting);
  RUN(test_balanced_runs);
  RUN(test_big_queries);
  RUN(test_roundtrip);
  RUN(test_set_let);
  RUN(test_seed);
  tw_arena_free(&arena);
  return check_done();
}
