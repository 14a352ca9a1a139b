/*
 * tests/unit/test_bind.c - the binder: result types, Kusto's auto column
 * names, join/union/summarize column sets, name resolution (slots, lets,
 * inlined functions) and positioned errors. Expected schemas are those
 * Microsoft's binder (../shared/tools/kql-check) reports for the same text.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "check.h"
#include "functions/function.h"
#include "kql/bind.h"
#include "kql/parse.h"
#include "trawl.h"

/* The schema of `q` as "name:type, ..." or "ERR@off: message". */
static char out[8192];

static const char *schema_of(const char *q) {
  char **names = NULL;
  trawl_type *types = NULL;
  size_t n = 0;
  trawl_diag d;
  trawl_status st = trawl_query_check(q, strlen(q), NULL, &names, &types, &n,
                                      &d);
  out[0] = 0;
  if (st != TRAWL_OK) {
    snprintf(out, sizeof out, "ERR@%zu: %s", d.off, d.message);
    return out;
  }
  size_t used = 0;
  for (size_t i = 0; i < n; i++) {
    used += (size_t)snprintf(out + used, sizeof out - used, "%s%s:%s",
                             i ? ", " : "", names[i],
                             trawl_type_name(types[i]));
    if (used >= sizeof out) {
      break;
    }
  }
  trawl_check_free(names, types, n);
  return out;
}

static int err_at(const char *q, size_t off, const char *msg_part) {
  const char *s = schema_of(q);
  char want[64];
  snprintf(want, sizeof want, "ERR@%zu: ", off);
  if (strncmp(s, want, strlen(want)) != 0 || !strstr(s, msg_part)) {
    fprintf(stderr, "  query: %s\n  got: %s\n  want: %s...%s\n", q, s, want,
            msg_part);
    return 0;
  }
  return 1;
}

static const char *q_seed_text(void) {
  static char q[16384];
  FILE *f = fopen("../shared/seed/t1535-seed.kql", "rb");
  q[0] = 0;
  if (f) {
    size_t n = fread(q, 1, sizeof q - 1, f);
    q[n] = 0;
    fclose(f);
  }
  return q;
}

static void test_seed_schema(void) {
  FILE *f = fopen("../shared/seed/t1535-seed.kql", "rb");
  if (!f) {
    return; /* covered by the agreement test when shared is present */
  }
  static char q[16384];
  size_t n = fread(q, 1, sizeof q - 1, f);
  fclose(f);
  q[n] = 0;
  CHECK_STR(schema_of(q),
            "TimeGenerated:datetime, Caller:string, CallerIpAddress:string, "
            "OperationNameValue:string, ResourceLocation:string, "
            "ResourceGroup:string, SubscriptionId:string, "
            "CorrelationId:string, CloudProvider:string, "
            "RiskIndicators:string");
}

static void test_scalar_types(void) {
  CHECK_STR(schema_of("print int(1)+int(2)"), "print_0:long");
  CHECK_STR(schema_of("print ago(1d) - now(), 1d*2, 2*1d, 1d/2, 1d/1h, "
                      "now()+1d, 1+1.5, 1/2, int(1)*2"),
            "print_0:timespan, print_1:timespan, print_2:timespan, "
            "print_3:timespan, print_4:real, print_5:datetime, "
            "print_6:real, print_7:long, print_8:long");
  CHECK_STR(schema_of("print x = datetime(2020-01-01) - "
                      "datetime(2020-01-02), z = 1h / 1m, w = 1h * 2.5"),
            "x:timespan, z:real, w:timespan");
  CHECK_STR(schema_of("print d = dynamic({\"a\":1}), e = 1 "
                      "| extend y = d.a + 1, y2 = d.a - d.b, y3 = d.a > 1, "
                      "y5 = d.a == 1, y6 = -int(1), y7 = d.a / 2.0"),
            "d:dynamic, e:long, y:long, y2:dynamic, y3:bool, y5:bool, "
            "y6:int, y7:real");
  CHECK_STR(schema_of("print iff(true, 1, 2.5), iff(true, 1, \"a\"), "
                      "case(false, 1, true, 2, 3), coalesce(\"\", \"b\")"),
            "print_0:real, print_1:dynamic, print_2:long, print_3:string");
  CHECK_STR(schema_of("print toint(\"1\"), tolong(1), todouble(1), "
                      "todynamic(\"[]\"), split(\"a\", \"b\"), "
                      "bin(now(), 1h), bin(5, 2.5), strlen(\"x\")"),
            "print_0:int, print_1:long, print_2:real, print_3:dynamic, "
            "print_4:dynamic, print_5:datetime, print_6:real, "
            "print_7:long");
  CHECK_STR(schema_of("print d = dynamic({}) | extend x = now() - d.a, "
                      "y = 1d + d.a, z = d.a + now(), w = d.a - now(), "
                      "e = extract(\"a\", 1, d.x), p = ipv4_is_private(d.ip)"),
            "d:dynamic, x:timespan, y:timespan, z:datetime, w:timespan, "
            "e:string, p:bool");
  CHECK_STR(schema_of("print x = 1 | where x in (1, 2) and x between "
                      "(1 .. 3) and \"a\" has_any (\"b\")"),
            "x:long");
}

static void test_auto_names(void) {
  CHECK_STR(schema_of("print 1 | extend strlen(\"a\"), tolower(\"a\"), "
                      "tostring(1), Column1=1, toint(\"1\")"),
            "print_0:long, strlen_:long, Column1:long, Column2:string, "
            "Column3:int");
  CHECK_STR(schema_of("print 1, 2, x = 3, tolower(\"a\"), 5"),
            "print_0:long, print_1:long, x:long, print_3:string, "
            "print_4:long");
  CHECK_STR(schema_of("print d = dynamic({}) | project tostring(d.a.b), "
                      "tostring(d[\"q\"]), tostring(parse_json(\"x\").y), "
                      "d.c"),
            "d_a_b:string, d_q:string, y:string, d_c:dynamic");
  CHECK_STR(schema_of("print d = dynamic([1]) | project d[0], d[-1]"),
            "d_0:dynamic, d_:dynamic");
  CHECK_STR(schema_of("AzureActivity | summarize count(), dcount(Caller), "
                      "make_set(Caller), max(TimeGenerated), "
                      "arg_max(TimeGenerated, Caller, Level), "
                      "take_any(Level), any(Level), countif(true), sum(1), "
                      "sum(int(1)), avg(1), make_set(Caller) by "
                      "bin(TimeGenerated, 1h), tolower(Caller), Level"),
            "TimeGenerated:datetime, Column1:string, Level:string, "
            "count_:long, dcount_Caller:long, set_Caller:dynamic, "
            "max_TimeGenerated:datetime, TimeGenerated1:datetime, "
            "Caller:string, Level1:string, Level2:string, "
            "any_Level:string, countif_:long, sum_:long, sum_1:long, "
            "avg_:real, set_Caller1:dynamic");
  CHECK_STR(schema_of("print x = 1 | summarize percentile(x, 50), "
                      "percentiles(x, 5, 95), max(x), x=count()"),
            "percentile_x_50:long, percentile_x_5:long, "
            "percentile_x_95:long, max_x:long, x:long");
  CHECK_STR(schema_of("AzureActivity | project Caller, Level, "
                      "TimeGenerated, X=1 | summarize t=arg_min(TimeGenerated,"
                      " *), Level=count() by Caller"),
            "Caller:string, t:datetime, Level:string, X:long, "
            "Level1:long");
}

static void test_join_union(void) {
  CHECK_STR(schema_of("AzureActivity | project Caller, Level | join "
                      "(AzureActivity | project Caller, Level, "
                      "Time=TimeGenerated) on Caller"),
            "Caller:string, Level:string, Caller1:string, Level1:string, "
            "Time:datetime");
  CHECK_STR(schema_of("AzureActivity | project Caller, Level | join "
                      "kind=leftanti (AzureActivity | project Caller) on "
                      "Caller"),
            "Caller:string, Level:string");
  CHECK_STR(schema_of("AzureActivity | project Caller, Level | join "
                      "kind=rightsemi (AzureActivity | project Caller, "
                      "Level2=Level) on Caller"),
            "Caller:string, Level2:string");
  CHECK_STR(schema_of("AzureActivity | project Caller, Level | lookup "
                      "kind=inner (AzureActivity | project Caller2 = Caller,"
                      " Level, X = 1) on $left.Caller == $right.Caller2"),
            "Caller:string, Level:string, Level1:string, X:long");
  CHECK_STR(schema_of("print a=1, b=\"x\" | union (print a=\"s\", c=1)"),
            "a_long:long, a_string:string, b:string, c:long");
  CHECK_STR(schema_of("print a=1, b=\"x\" | union withsource=T "
                      "(print a=\"s\", c=1)"),
            "T:string, a_long:long, a_string:string, b:string, c:long");
  CHECK_STR(schema_of("AzureActivity | mv-expand Properties_d, x = "
                      "Authorization_d to typeof(string) | project "
                      "Properties_d, x"),
            "Properties_d:dynamic, x:string");
  CHECK_STR(schema_of("AzureActivity | make-series Total = count(), "
                      "c2=dcount(Caller) on TimeGenerated from ago(1d) to "
                      "now() step 1h by Caller, Level"),
            "Caller:string, Level:string, Total:dynamic, c2:dynamic, "
            "TimeGenerated:dynamic");
  CHECK_STR(schema_of("AzureActivity | project-away Caller*, *Id, Level | "
                      "project-keep Cat*, TimeGenerated | project-reorder "
                      "TimeGenerated"),
            "TimeGenerated:datetime, Category:string, "
            "CategoryValue:string");
  CHECK_STR(schema_of("AzureActivity | parse Properties with * \"a=\" "
                      "a:long \", b=\" b | project a, b | top 3 by a"),
            "a:long, b:string");
  CHECK_STR(schema_of("AzureActivity | distinct Caller, tolower(Level), "
                      "x = 1"),
            "Caller:string, Column1:string, x:long");
  CHECK_STR(schema_of("datatable(a:int, b:string)[1,\"x\"] | getschema"),
            "ColumnName:string, ColumnOrdinal:long, DataType:string, "
            "ColumnType:string");
  CHECK_STR(schema_of("AzureActivity | count"), "Count:long");
  CHECK_STR(schema_of("AzureActivity | top-nested 3 of Caller by count(), "
                      "top-nested 2 of Level by max(TimeGenerated) desc"),
            "Caller:string, aggregated_Caller:long, Level:string, "
            "aggregated_Level:datetime");
  CHECK_STR(schema_of("union Azure* | count"), "Count:long");
  CHECK_STR(schema_of("union isfuzzy=true Foo, AzureActivity | count"),
            "Count:long");
  CHECK_STR(schema_of("let V = view () { print x=1 }; union isfuzzy=true "
                      "(V | where x > 0), (Nope | where x > 0) | count"),
            "Count:long");
  CHECK_STR(schema_of("print r = array_sort_asc(dynamic([2, 1]), false)"),
            "r:dynamic");
  CHECK_STR(schema_of("union * | summarize count() by Type"),
            "Type:string, count_:long");
  CHECK_STR(schema_of("print b = 'b', a2='a2', a3='a3', a1='a1' "
                      "| project-reorder a* asc"),
            "a1:string, a2:string, a3:string, b:string");
}

static void test_lets_and_functions(void) {
  CHECK_STR(schema_of("let Caller = 1; AzureActivity | project Caller"),
            "Caller:string");
  CHECK_STR(schema_of("let n = 5; let T = AzureActivity | take n; "
                      "T | project x = n + 1"),
            "x:long");
  CHECK_STR(schema_of("let f = (s:string, k:long = 2) { strlen(s) + k }; "
                      "print f(\"abc\"), g = f(\"a\", 3)"),
            "print_0:long, g:long");
  CHECK_STR(schema_of("let G = (T:(Caller:string)) { T | project Caller, "
                      "n = 1 }; AzureActivity | invoke G()"),
            "Caller:string, n:long");
  CHECK_STR(schema_of("let V = () { AWSCloudTrail | project EventName }; "
                      "V | count"),
            "Count:long");
  CHECK_STR(schema_of("let m = materialize(AzureActivity | project Caller); "
                      "m | where Caller in (m)"),
            "Caller:string");
  CHECK_STR(schema_of("print x = toscalar(AzureActivity | summarize "
                      "count())"),
            "x:long");
  CHECK_STR(schema_of("declare query_parameters(p:string = \"a\", n:long);"
                      " AzureActivity | where Caller == p | take n "
                      "| project Caller"),
            "Caller:string");
  CHECK_STR(schema_of("AzureActivity | as X | join (X | project Caller) on "
                      "Caller | count"),
            "Count:long");
  CHECK_STR(schema_of("let f = (a:long) { a + 1 }; print f(1), f(a=2)"),
            "print_0:long, print_1:long");
  /* The body is typed with the declared parameter types. */
  CHECK_STR(schema_of("let f = (a:real) { a + 1 }; let g = (a:long) { a };"
                      " let h = (a:dynamic) { a }; print f(1), g(\"7\"), "
                      "h(1)"),
            "print_0:real, print_1:long, print_2:dynamic");
}

/* The binding contract of ast.h: slots, refs, function ids. */
static void test_contract(void) {
  tw_arena a;
  tw_arena_init(&a, 0);
  tw_ast *q = NULL;
  trawl_diag d;
  const char *text = "let L = dynamic([\"x\"]); AzureActivity "
                     "| where Caller in (L) | extend y = iif(true, 1, 2) "
                     "| join kind=inner (AWSCloudTrail) on "
                     "$left.Caller == $right.EventName";
  CHECK(tw_parse_query(text, strlen(text), &a, &q, &d) == TRAWL_OK);
  CHECK(tw_bind_query(q, &a, &d) == TRAWL_OK);
  tw_ast *pipe = q->kids[q->nkids - 1];
  CHECK(pipe->kind == AST_PIPE && pipe->nkids == 4);
  if (pipe->kind == AST_PIPE && pipe->nkids == 4) {
    tw_ast *src = pipe->kids[0];
    CHECK(src->bind == TW_BIND_TABLE &&
          src->slot == TRAWL_TABLE_AZUREACTIVITY);
    tw_ast *in = pipe->kids[1]->kids[0];
    CHECK(in->kind == AST_IN && in->kids[0]->bind == TW_BIND_COLUMN &&
          in->kids[0]->slot == TW_AZ_Caller);
    CHECK(in->kids[1]->bind == TW_BIND_EXPR && in->kids[1]->ref &&
          in->kids[1]->type == TW_T_DYNAMIC);
    tw_ast *iff = pipe->kids[2]->kids[0]->kids[0];
    CHECK(iff->bind == TW_BIND_FUNCTION && iff->slot == TW_FN_iff);
    tw_ast *cond = pipe->kids[3]->kids[1];
    CHECK(cond->kind == AST_BINARY && cond->op == BIN_EQ);
    CHECK(cond->kids[0]->bind == TW_BIND_COLUMN &&
          cond->kids[0]->slot == TW_AZ_Caller);
    CHECK(cond->kids[1]->bind == TW_BIND_COLUMN &&
          cond->kids[1]->slot == TW_AWS_EventName);
    CHECK(pipe->schema && pipe->schema->ncols == TW_AZ_NCOLS + 1 +
                                                    TW_AWS_NCOLS);
  }
  tw_arena_free(&a);
}

static void test_errors(void) {
  CHECK(err_at("print x = 1 | extend y = bar", 25,
               "The name 'bar' does not refer to any known column, table, "
               "variable or function."));
  CHECK(err_at("Foo | take 1", 0,
               "The name 'Foo' does not refer to any known table"));
  CHECK(err_at("print foo(1)", 6,
               "The name 'foo' does not refer to any known function."));
  CHECK(err_at("print x = 1 | extend count()", 21,
               "The aggregate function 'count' is not allowed"));
  CHECK(err_at("print x = 1 | where x", 20,
               "The expression must have the type bool."));
  CHECK(err_at("print \"a\" < \"b\"", 10,
               "The operator '<' is not defined for the operand types "
               "string and string."));
  CHECK(err_at("print x = 1 | where x has \"1\"", 22,
               "The operator 'has' is not defined for the operand types "
               "long and string."));
  CHECK(err_at("print x = 1 | project x, x = 2", 25,
               "A column with the name 'x' is already declared."));
  CHECK(err_at("print ago(1)", 10, "A value of type timespan expected."));
  CHECK(err_at("print strlen(1)", 13,
               "The expression must have one of the types: string or "
               "dynamic."));
  CHECK(err_at("print tolower()", 6,
               "The function 'tolower' expects 1 argument."));
  CHECK(err_at("print a = 1 | extend b = a + 1, c = b * 2", 36,
               "The name 'b' does not refer"));
  CHECK(err_at("AzureActivity | sort by Properties_d", 24,
               "The value of type 'dynamic' is not allowed in this "
               "context."));
  CHECK(err_at("AzureActivity | summarize by x = Properties_d.a", 29,
               "The value of type 'dynamic' is not allowed"));
  CHECK(err_at("AzureActivity | summarize min(Properties_d)", 30,
               "The argument value must be orderable"));
  CHECK(err_at("union Nope*", 6, "The name 'Nope*' does not refer"));
  CHECK(err_at("AzureActivity | join (AzureActivity) on $left.TimeGenerated "
               "== $right.Caller",
               0, "Inconsistent data types for join keys: (datetime, "
                  "string)"));
  CHECK(err_at("AzureActivity | join (AzureActivity) on $left.Nope == "
               "$right.Caller",
               46, "The name 'Nope' does not refer"));
  CHECK(err_at("AzureActivity | join (AzureActivity) on $left.Caller == "
               "$left.Caller",
               56, "The join condition operand must be: $right.<column>"));
  CHECK(err_at("AzureActivity | where Properties_d.flag", 22,
               "The expression must have the type bool."));
  CHECK(err_at("AzureActivity | extend x = coalesce(Properties_d.a, Caller)",
               52, "The expression must have the type dynamic."));
  CHECK(err_at("print x = extract(\"a\", 1, dynamic(\"x\"))", 26,
               "A value of type string expected."));
  CHECK(err_at("print a=1 | extend x = 1, x = 2", 26,
               "A column with the name 'x' is already declared."));
  CHECK(err_at("print a=1, b=2 | project-rename a = a", 32,
               "A column with the name 'a' is already declared."));
  CHECK(err_at("print a=1 | summarize x = count() by x = a", 22,
               "A column with the name 'x' is already declared."));
  CHECK(err_at("print a=1, b=dynamic([1]) | mv-expand b, b", 41,
               "A column with the name 'b' is already declared."));
  CHECK_STR(schema_of("print a=1, b=dynamic([1]) | mv-expand "
                      "with_itemindex=a b"),
            "a:long, b:dynamic, a1:long");
  CHECK_STR(schema_of("print a=1 | summarize count() by count_ = a"),
            "count_:long, count_1:long");
  CHECK(err_at("AzureActivity | summarize x = tolower(Caller)", 38,
               "The name 'Caller' is not an aggregate or scalar "
               "function."));
  CHECK(err_at("AzureActivity | extend x = Caller.a", 34,
               "The name 'a' does not refer to any known column"));
  CHECK(err_at("AzureActivity | extend x = Caller[\"a\"]", 33,
               "The element access operator [] is not allowed"));
  CHECK(err_at("AzureActivity | project-keep Nope*", 29,
               "The name 'Nope*' does not refer to any known column."));
  CHECK(err_at("AzureActivity | summarize avg(Caller)", 26,
               "The function 'avg' is not compatible with arguments "
               "(string)"));
  CHECK(err_at("print x = datetime(2020-01-01) + 1", 31,
               "The operator '+' is not defined for the operand types "
               "datetime and long."));
  CHECK(err_at("AzureActivity | take \"a\"", 21,
               "The expression value must be an integer."));
  CHECK(err_at("print x = \"a\" | where x between (1 .. 2)", 24,
               "The operator 'between' is not defined"));
  CHECK(err_at("AzureActivity | project Caller | join (AWSCloudTrail) on "
               "Caller",
               57, "The column 'Caller' must exist on both sides of the "
                   "join."));
}

static void test_recursion_guards(void) {
  /* Recursive functions are unknown inside their own body (Kusto's rule)
   * and must not loop. */
  CHECK(err_at("let f = () { f() }; f()", 13,
               "The name 'f' does not refer to any known function."));
  CHECK(err_at("let f = () { g() }; let g = () { f() }; g()", 13,
               "The name 'g' does not refer to any known function."));
  /* Wildcards with many stars match in bounded time. */
  CHECK(err_at("AzureActivity | project-away *a*a*a*a*a*a*a*a*a*a*a*a*a*"
               "a*a*a*a*a*a*a*a*a*a*a*a*b",
               29, "does not refer to any known column."));
  CHECK_STR(schema_of("print ab=1, cb=2, ac=3 | project-away *b"),
            "ac:long");
}

static void test_deep_nesting(void) {
  /* A long chain of binary operators binds without blowing the stack. */
  static char q[200000];
  size_t n = (size_t)snprintf(q, sizeof q, "print x = 1");
  for (int i = 0; i < 5000 && n + 8 < sizeof q; i++) {
    n += (size_t)snprintf(q + n, sizeof q - n, " + 1");
  }
  const char *s = schema_of(q);
  CHECK(strcmp(s, "x:long") == 0 || strncmp(s, "ERR@", 4) == 0);
}

static void test_set_values(void) {
  const char *q = "let n = 5; let R = dynamic([\"a\"]); print x = n, "
                  "y = \"a\" in (R)";
  const char *names[] = {"n", "R"};
  const char *vals[] = {"2.5", "dynamic([\"b\", \"c\"])"};
  trawl_compile_opts o = {names, vals, 2};
  char **cn = NULL;
  trawl_type *ct = NULL;
  size_t n = 0;
  trawl_diag d;
  CHECK(trawl_query_check(q, strlen(q), &o, &cn, &ct, &n, &d) == TRAWL_OK);
  CHECK(n == 2 && ct && ct[0] == TRAWL_T_REAL && ct[1] == TRAWL_T_BOOL);
  trawl_check_free(cn, ct, n);
  const char *bad[] = {"nope"};
  trawl_compile_opts o2 = {bad, vals, 1};
  CHECK(trawl_query_check(q, strlen(q), &o2, &cn, &ct, &n, &d) ==
        TRAWL_ERR_NAME);
  CHECK(cn == NULL && n == 0);
}

/* ------------------------------------------------ contract validation */

static int is_scalar_kind(int k) {
  return k == AST_LITERAL || k == AST_NAME || k == AST_CALL ||
         k == AST_BINARY || k == AST_UNARY || k == AST_IN ||
         k == AST_BETWEEN || k == AST_MEMBER || k == AST_INDEX;
}

static int is_tabular_kind(int k) {
  return k == AST_PIPE || k == AST_TABLE_REF || k == AST_DATATABLE ||
         k == AST_PRINT || k == AST_RANGE || k == AST_UNION_SRC ||
         k == AST_EXTERNALDATA ||
         (k >= AST_WHERE && k <= AST_GETSCHEMA && k != AST_MV_ITEM);
}

/* Every reachable scalar node typed, every tabular node with a schema,
 * every name and call bound. Returns the number of violations. */
static int validate(const tw_ast *n, int depth, const char *what) {
  if (!n || depth > 2000) {
    return 0;
  }
  int bad = 0;
  if (n->kind == AST_FUNC_DEF) {
    return 0; /* definitions are inlined per call, not run */
  }
  if (is_scalar_kind(n->kind) && !n->schema && n->type == TW_T_UNKNOWN) {
    fprintf(stderr, "  %s: untyped node kind %d at %u\n", what, n->kind,
            n->off);
    bad++;
  }
  if (n->kind == AST_NAME && n->bind == TW_BIND_NONE && !n->schema &&
      !(n->name && n->name[0] == '$')) {
    /* names that only label things (pattern names, targets) are typed
     * string; a NONE bind on a typed value name is fine there */
  }
  if (n->kind == AST_CALL && n->bind != TW_BIND_FUNCTION &&
      n->bind != TW_BIND_AGGREGATE && !n->schema) {
    fprintf(stderr, "  %s: unbound call '%s' at %u\n", what,
            n->name ? n->name : "?", n->off);
    bad++;
  }
  if (is_tabular_kind(n->kind) && !n->schema) {
    fprintf(stderr, "  %s: tabular node kind %d without schema at %u\n",
            what, n->kind, n->off);
    bad++;
  }
  if (n->kind == AST_TABLE_REF && n->bind == TW_BIND_TABULAR && n->ref) {
    bad += validate(n->ref, depth + 1, what);
  }
  if (n->kind == AST_NAME && n->bind == TW_BIND_EXPR && n->ref) {
    bad += validate(n->ref, depth + 1, what);
  }
  for (uint32_t i = 0; i < n->nkids; i++) {
    bad += validate(n->kids[i], depth + 1, what);
  }
  return bad;
}

static int check_contract_text(const char *q, size_t len, const char *what,
                               int must_bind) {
  tw_arena a;
  tw_arena_init(&a, 0);
  tw_ast *root = NULL;
  trawl_diag d;
  int bad = 0;
  if (tw_parse_query(q, len, &a, &root, &d) == TRAWL_OK &&
      tw_bind_query(root, &a, &d) == TRAWL_OK) {
    bad = validate(root->kids[root->nkids - 1], 0, what);
  } else if (must_bind) {
    fprintf(stderr, "  %s: %s\n", what, d.message);
    bad = 1;
  }
  tw_arena_free(&a);
  return bad;
}

static int walk_rules(const char *dir, int *files) {
  DIR *dp = opendir(dir);
  int bad = 0;
  if (!dp) {
    return 0;
  }
  struct dirent *ent;
  while ((ent = readdir(dp)) != NULL) {
    if (ent->d_name[0] == '.') {
      continue;
    }
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, ent->d_name);
    struct stat sb;
    if (stat(path, &sb) != 0) {
      continue;
    }
    if (S_ISDIR(sb.st_mode)) {
      bad += walk_rules(path, files);
      continue;
    }
    size_t n = strlen(path);
    if (n < 5 || strcmp(path + n - 5, ".yaml") != 0) {
      continue;
    }
    char *text = NULL;
    size_t len = 0;
    trawl_diag d;
    if (trawl_yaml_query(path, &text, &len, &d) == TRAWL_OK) {
      (*files)++;
      bad += check_contract_text(text, len, path, 0);
    }
    free(text);
  }
  closedir(dp);
  return bad;
}

static void test_contract_everywhere(void) {
  static const char *const qs[] = {
    "AzureActivity | summarize arg_max(TimeGenerated, *), make_set(Caller) "
    "by Level | mv-expand set_Caller to typeof(string)",
    "let f = (T:(*), x:long) { T | take x }; f(AzureActivity, 3) "
    "| invoke f(2)",
    "AzureActivity | as X | join kind=leftouter (X | project Caller, n=1) on "
    "Caller | union (print a=1) | top-nested 2 of Caller by count()",
    "AzureActivity | mv-apply e = Authorization_d on (where tostring(e) != "
    "\"\" | extend q = 1) | parse Caller with a \"@\" b:string",
  };
  int bad = 0;
  for (size_t i = 0; i < sizeof qs / sizeof qs[0]; i++) {
    bad += check_contract_text(qs[i], strlen(qs[i]), qs[i], 1);
  }
  int files = 0;
  bad += walk_rules("../shared/corpus/sentinel-rules", &files);
  if (*q_seed_text()) {
    bad += check_contract_text(q_seed_text(), strlen(q_seed_text()), "seed",
                               1);
  }
  CHECK(bad == 0);
}

int main(void) {
  RUN(test_seed_schema);
  RUN(test_scalar_types);
  RUN(test_auto_names);
  RUN(test_join_union);
  RUN(test_lets_and_functions);
  RUN(test_contract);
  RUN(test_errors);
  RUN(test_set_values);
  RUN(test_recursion_guards);
  RUN(test_deep_nesting);
  RUN(test_contract_everywhere);
  return check_done();
}
