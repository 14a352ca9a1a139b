/*
 * tests/unit/test_bind_more.c - binder regressions found by testers:
 * user functions called as table sources from other functions (no row in
 * scope), constant regexes checked at bind time, long and/or chains,
 * conversions of out-of-range literals, extend items that read a column an
 * earlier item of the same extend replaces. Expected schemas and errors
 * are what Microsoft's binder (../shared/tools/kql-check) reports.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
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

/* A tabular function called from another function's body, as a table
 * source: its scalar arguments are bound with no row in scope. */
static void test_function_as_source(void) {
  CHECK_STR(schema_of("let foo1 = (_start:long, _end:long, _step:long) { "
                      "range x from _start to _end step _step}; let foo2 = "
                      "(_step:long) { foo1(1, 100, _step)}; foo2(2) | count"),
            "Count:long");
  CHECK_STR(schema_of("let s = (a:long) { a * 2 }; let f = (n:long) { range "
                      "x from 1 to n step 1 }; let g = (m:long) { f(s(m)) };"
                      " g(3)"),
            "x:long");
  CHECK_STR(schema_of("let f = (n:long = 5) { range x from 1 to n step 1 };"
                      " let g = (m:long) { union f(m), f() }; g(3)"),
            "x:long");
  CHECK_STR(schema_of("let f = (n:long) { range x from 1 to n step 1 }; let"
                      " g = (m:long) { f(m) }; AzureActivity | join kind="
                      "inner (g(3) | extend Caller = tostring(x)) on Caller "
                      "| project x"),
            "x:long");
  CHECK_STR(schema_of("let f = (n:long) { range x from 1 to n step 1 }; "
                      "let g = (m:long) { f(nope) }; g(3)"),
            "ERR@70: The name 'nope' does not refer to any known column, "
            "table, variable or function.");
}

/* A bad constant regex is an error of trawl check too (positioned at the
 * pattern), not only of trawl query. */
static void test_bad_regex(void) {
  CHECK_STR(schema_of("AWSCloudTrail | extend x = extract(\"([a-\", 1, "
                      "EventName)"),
            "ERR@35: bad regular expression: missing terminating ] for "
            "character class at offset 4");
  CHECK_STR(schema_of("AWSCloudTrail | where EventName matches regex \"(\""
                      " | count"),
            "ERR@46: bad regular expression: missing closing parenthesis at "
            "offset 1");
  CHECK_STR(schema_of("let re = @\"[z-a]\"; print replace_regex(\"a\", re, "
                      "\"b\")"),
            "ERR@44: bad regular expression: range out of order in "
            "character class at offset 3");
  CHECK_STR(schema_of("print countof(\"abc\", \"(\", \"regex\"), n = "
                      "countof(\"abc\", \"(\")"),
            "ERR@21: bad regular expression: missing closing parenthesis at "
            "offset 1");
  CHECK_STR(schema_of("print n = countof(\"abc\", \"(\"), x = extract("
                      "@\"(\\w+)\", 1, \"a b\")"),
            "n:long, x:string");
}

/* long(1.5) and int(2147483648) are literals Kusto accepts; search/find
 * are clear unsupported-operator errors; `kind` must be bracketed as the
 * name an assignment declares. */
static void test_literals_and_keywords(void) {
  CHECK_STR(schema_of("print a = long(1.5), b = int(2147483648)"),
            "a:long, b:int");
  CHECK_STR(schema_of("search \"x\""),
            "ERR@0: The operator 'search' is not supported.");
  CHECK_STR(schema_of("find \"x\""),
            "ERR@0: The operator 'find' is not supported.");
  CHECK_STR(schema_of("print x = 1 | extend kind = \"x\""),
            "ERR@21: The name 'kind' needs to be bracketed as ['kind'] to be "
            "used in this context.");
  CHECK_STR(schema_of("print kind = 1"),
            "ERR@6: The name 'kind' needs to be bracketed as ['kind'] to be "
            "used in this context.");
  CHECK_STR(schema_of("print x = 1 | project string = 1"),
            "ERR@22: The name 'string' needs to be bracketed as ['string'] to"
            " be used in this context.");
  CHECK_STR(schema_of("print x = 1 | extend ['kind'] = \"x\", title = 1, "
                      "with = 2"),
            "x:long, kind:string, title:long, with:long");
  CHECK_STR(schema_of("AWSCloudTrail | join kind=inner (AWSCloudTrail) on "
                      "EventName | count"),
            "Count:long");
}

int main(void) {
  RUN(test_function_as_source);
  RUN(test_bad_regex);
  RUN(test_literals_and_keywords);
  return check_done();
}
