/*
 * tests/unit/test_functions.c - direct tests of the scalar kernels,
 * operators, conversions, JSON and aggregates (functions/, value/json),
 * including null and empty cases and the scalar gotchas of
 * kql-semantics section 6.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/timeutil.h"
#include "check.h"
#include "functions/convert.h"
#include "functions/function.h"
#include "functions/operators.h"
#include "functions/signatures.h"
#include "value/json.h"

static tw_arena A;
static tw_buf B;
static tw_eval_ctx CTX;
static trawl_diag DIAG;

/* JSON text of a value (the JSON-lines cell). */
static const char *J(tw_value v) {
  tw_buf_clear(&B);
  tw_value_write_json(&B, &v);
  return B.data ? B.data : "";
}

/* tostring text of a value. */
static const char *S(tw_value v) {
  tw_buf_clear(&B);
  tw_value_to_string(&B, &v);
  tw_buf_addc(&B, '\0');
  return B.data;
}

static tw_value str(const char *s) { return tw_str(s, strlen(s)); }

static tw_value dyn(const char *json) {
  const tw_dyn *d;
  if (tw_dyn_parse_ex(json, strlen(json), TW_JSON_KQL, &A, &d, NULL) < 0) {
    fprintf(stderr, "bad json in test: %s\n", json);
    abort();
  }
  return tw_dynamic(d);
}

static tw_value dt(const char *s) {
  int64_t t;
  if (tw_datetime_parse(s, strlen(s), &t) < 0) {
    fprintf(stderr, "bad datetime in test: %s\n", s);
    abort();
  }
  return tw_datetime(t);
}

static tw_value ts(const char *s) {
  int64_t t;
  if (tw_timespan_parse(s, strlen(s), &t) < 0) {
    fprintf(stderr, "bad timespan in test: %s\n", s);
    abort();
  }
  return tw_timespan(t);
}

/* A fake call node with `n` literal kids and result type `t`. */
static tw_ast *mkcall(int fn, int t, const tw_value *args, uint32_t n) {
  tw_ast *c = tw_arena_zalloc(&A, sizeof *c);
  c->kind = AST_CALL;
  c->bind = TW_BIND_FUNCTION;
  c->slot = fn;
  c->type = (uint8_t)t;
  c->nkids = n;
  c->kids = tw_arena_zalloc(&A, (n ? n : 1) * sizeof *c->kids);
  for (uint32_t i = 0; i < n; i++) {
    tw_ast *k = tw_arena_zalloc(&A, sizeof *k);
    k->kind = AST_LITERAL;
    k->lit = args[i];
    k->type = args[i].type;
    c->kids[i] = k;
  }
  return c;
}

static tw_value callt(int fn, int t, const tw_value *args, uint32_t n) {
  tw_ast *c = mkcall(fn, t, args, n);
  tw_value out = tw_null(TW_T_LONG);
  tw_scalar_fn k = tw_fn_kernel(fn);
  if (!k) {
    fprintf(stderr, "no kernel for %s\n", tw_fn_name(fn));
    return tw_null(TW_T_LONG);
  }
  int rc = k(&CTX, c, args, n, &out);
  tw_fn_cache_free(c);
  if (rc) {
    fprintf(stderr, "kernel %s failed: %s\n", tw_fn_name(fn), DIAG.message);
    return tw_str("<error>", 7);
  }
  return out;
}

#define CALL(fn, t, ...)                                               \
  callt(TW_FN_##fn, TW_T_##t, (tw_value[]){__VA_ARGS__},              \
        sizeof((tw_value[]){__VA_ARGS__}) / sizeof(tw_value))

static tw_value binop(int op, int t, tw_value a, tw_value b) {
  tw_value kids[2] = {a, b};
  tw_ast *n = mkcall(0, t, kids, 2);
  n->kind = AST_BINARY;
  n->op = (uint16_t)op;
  tw_value out;
  int rc = tw_binop_eval(&CTX, n, &a, &b, &out);
  tw_fn_cache_free(n);
  if (rc) {
    return tw_str("<error>", 7);
  }
  return out;
}

static tw_value inop(int op, tw_value lhs, const tw_value *items,
                     uint32_t n) {
  tw_value kids[64];
  kids[0] = lhs;
  for (uint32_t i = 0; i < n && i < 63; i++) {
    kids[i + 1] = items[i];
  }
  tw_ast *node = mkcall(0, TW_T_BOOL, kids, n + 1);
  node->kind = AST_IN;
  node->op = (uint16_t)op;
  tw_value out;
  /* twice: the second run uses the cache */
  int rc = tw_in_eval(&CTX, node, &lhs, items, n, &out);
  tw_value out2;
  rc |= tw_in_eval(&CTX, node, &lhs, items, n, &out2);
  tw_fn_cache_free(node);
  if (rc || out.null != out2.null || out.u.i != out2.u.i) {
    return tw_str("<error>", 7);
  }
  return out;
}

#define BIN(op, a, b) J(binop(BIN_##op, TW_T_UNKNOWN, a, b))
#define IN(op, lhs, ...)                                               \
  J(inop(IN_##op, lhs, (tw_value[]){__VA_ARGS__},                     \
         sizeof((tw_value[]){__VA_ARGS__}) / sizeof(tw_value)))

/* ------------------------------------------------------------ json */

static void test_json(void) {
  CHECK_STR(J(dyn("{\"a\": 1, \"b\":[1,2.5,\"x\"], \"c\":null}")),
            "{\"a\":1,\"b\":[1,2.5,\"x\"],\"c\":null}");
  CHECK_STR(J(dyn("['eastus','westeurope']")), "[\"eastus\",\"westeurope\"]");
  CHECK_STR(J(dyn("{\"t\": datetime(1970-05-11)}")),
            "{\"t\":\"1970-05-11T00:00:00.0000000Z\"}");
  CHECK_STR(J(dyn("12345678901234567890")), "1.2345678901234567E+19");
  /* parse_json keeps integral numbers as long; literals keep reals, and
   * reals inside dynamic always print with a '.' */
  CHECK_STR(J(CALL(parse_json, DYNAMIC, str("{\"v\":118.0,\"w\":0.5}"))),
            "{\"v\":118,\"w\":0.5}");
  CHECK_STR(J(dyn("[118.0, 5, 2.5]")), "[118.0,5,2.5]");
  CHECK_STR(J(dyn("\"\\u00e9\\ud83d\\ude00\"")), "\"é😀\"");
  CHECK_STR(J(dyn("\"a\\\"b\\\\c\\n\"")), "\"a\\\"b\\\\c\\n\"");
  /* invalid UTF-8 never reaches the output: it becomes U+FFFD */
  CHECK_STR(J(tw_str("a\xff\xc3(b\xe2\x82", 7)),
            "\"a\\ufffd\\ufffd(b\\ufffd\\ufffd\"");
  CHECK_STR(J(str("ok é 😀")), "\"ok é 😀\"");
  CHECK_STR(J(tw_str("\xed\xa0\x80", 3)), "\"\\ufffd\\ufffd\\ufffd\"");
  const tw_dyn *d;
  size_t off = 0;
  CHECK(tw_dyn_parse("[1,", 3, &A, &d, &off) == -1);
  CHECK(tw_dyn_parse("{'a':1}", 7, &A, &d, &off) == -1);
  CHECK(tw_dyn_parse("[1] x", 5, &A, &d, &off) == -1);
  CHECK(tw_dyn_parse("", 0, &A, &d, &off) == -1);
  /* depth limit */
  char deep[2000];
  memset(deep, '[', 1000);
  memset(deep + 1000, ']', 1000);
  CHECK(tw_dyn_parse(deep, 2000, &A, &d, &off) == -1);
  CHECK(tw_dyn_parse(deep + 700, 600, &A, &d, &off) == 0);
  /* value cells */
  CHECK_STR(J(tw_null(TW_T_LONG)), "null");
  CHECK_STR(J(str("")), "\"\"");
  CHECK_STR(J(tw_bool(true)), "true");
  CHECK_STR(J(tw_real(1.5)), "1.5");
  CHECK_STR(J(tw_real(NAN)), "\"NaN\"");
  CHECK_STR(J(dt("2020-01-01T00:00:00Z")), "\"2020-01-01T00:00:00Z\"");
  CHECK_STR(J(ts("1.5h")), "\"01:30:00\"");
  /* access */
  tw_value o = dyn("{\"a\":{\"b\":[1,2,3]}}");
  const tw_dyn *b = tw_dyn_member(tw_dyn_member(o.u.d, "a", 1), "b", 1);
  CHECK(b && b->n == 3);
  CHECK(tw_dyn_index(b, -1)->u.i == 3);
  CHECK(tw_dyn_index(b, 9) == NULL);
  CHECK(tw_dyn_member(b, "zzz", 3) == NULL);
}

/* Random mutations of JSON text: the parser accepts or rejects, never
 * crashes; what it accepts writes back and parses again to the same. */
static void test_json_fuzz(void) {
  static const char *seeds[] = {
      "{\"a\":[1,2.5,\"x\\u00e9\"],\"b\":{\"c\":null,\"d\":true}}",
      "[[[[]]],{},\"\\ud83d\\ude00\",-0.0,1e308,-9223372036854775808]",
      "{'k': datetime(2020-01-01), 't': timespan(1d), 'g': guid(x),}",
  };
  static const char alphabet[] = "{}[]\",:0123456789.eE+-tfnul\\ 'x";
  uint64_t r = 88172645463325252ULL;
  char buf[256];
  int bad = 0;
  for (int it = 0; it < 20000; it++) {
    const char *sd = seeds[it % 3];
    size_t n = strlen(sd);
    memcpy(buf, sd, n);
    for (int m = 0; m < 1 + it % 4; m++) {
      r ^= r << 13;
      r ^= r >> 7;
      r ^= r << 17;
      size_t pos = (size_t)(r % (n ? n : 1));
      char c = alphabet[(r >> 20) % (sizeof alphabet - 1)];
      switch ((r >> 40) % 3) {
      case 0:
        buf[pos] = c;
        break;
      case 1:
        if (n < sizeof buf - 1) {
          memmove(buf + pos + 1, buf + pos, n - pos);
          buf[pos] = c;
          n++;
        }
        break;
      default:
        if (n > 1) {
          memmove(buf + pos, buf + pos + 1, n - pos - 1);
          n--;
        }
        break;
      }
    }
    const tw_dyn *d;
    size_t off;
    unsigned flags = (it & 1) ? TW_JSON_KQL : 0;
    if (tw_dyn_parse_ex(buf, n, flags, &A, &d, &off) == 0) {
      tw_buf_clear(&B);
      tw_dyn_write(&B, d);
      const tw_dyn *d2;
      if (tw_dyn_parse(B.data, B.len, &A, &d2, &off) != 0) {
        /* NaN/Infinity become strings; anything else must re-parse */
        bad++;
      } else if (!tw_dyn_equal(d, d2) &&
                 !(d->kind == TRAWL_DYN_REAL || d->kind == TRAWL_DYN_ARRAY ||
                   d->kind == TRAWL_DYN_OBJECT)) {
        bad++;
      }
    } else if (off > n) {
      bad++;
    }
    if (it % 1000 == 999) {
      tw_arena_reset(&A);
    }
  }
  CHECK_EQ(bad, 0);
}

static void test_real_format(void) {
  char t[48];
  tw_real_format(118.0, t);
  CHECK_STR(t, "118");
  tw_real_format(0.1, t);
  CHECK_STR(t, "0.1");
  tw_real_format(1e20, t);
  CHECK_STR(t, "1E+20");
  tw_real_format(0.00001, t);
  CHECK_STR(t, "1E-05");
  tw_real_format(0.0001, t);
  CHECK_STR(t, "0.0001");
  tw_real_format(-2.5, t);
  CHECK_STR(t, "-2.5");
  /* .NET "R": 15 digits if they round-trip, else 17 */
  tw_real_format(1.0 / 3, t);
  CHECK_STR(t, "0.33333333333333331");
  tw_real_format(32.8, t);
  CHECK_STR(t, "32.8");
  tw_real_format(INFINITY, t);
  CHECK_STR(t, "Infinity");
}

/* ------------------------------------------------------- conversions */

static void test_tostring(void) {
  CHECK_STR(S(tw_long(123)), "123");
  CHECK_STR(S(tw_real(1.5)), "1.5");
  CHECK_STR(S(tw_real(118.0)), "118");
  CHECK_STR(S(tw_bool(true)), "true");
  CHECK_STR(S(tw_null(TW_T_LONG)), "");
  /* gotcha 15: tostring(datetime) always has 7 fraction digits */
  CHECK_STR(S(dt("2020-01-01")), "2020-01-01T00:00:00.0000000Z");
  CHECK_STR(S(ts("2s")), "00:00:02");
  CHECK_STR(S(ts("4d")), "4.00:00:00");
  CHECK_STR(S(ts("500ms")), "00:00:00.5000000");
  CHECK_STR(S(dyn("{'a':'s'}")), "{\"a\":\"s\"}");
  CHECK_STR(S(tw_dynamic(tw_dyn_member(dyn("{'a':'s'}").u.d, "a", 1))), "s");
  CHECK_STR(S(dyn("{\"a\":1,\"b\":[1,2]}")), "{\"a\":1,\"b\":[1,2]}");
  CHECK_STR(S(dyn("null")), "");
  CHECK_STR(S(CALL(tostring, STRING, tw_null(TW_T_INT))), "");
}

static void test_to_numbers(void) {
  CHECK_STR(J(CALL(toint, INT, str("123"))), "123");
  CHECK_STR(J(CALL(toint, INT, str("abc"))), "null");
  CHECK_STR(J(CALL(toint, INT, tw_real(2.3))), "2");
  CHECK_STR(J(CALL(toint, INT, tw_real(-2.5))), "-2");
  CHECK_STR(J(CALL(toint, INT, str("1.5"))), "null");
  CHECK_STR(J(CALL(toint, INT, str("99999999999"))), "null");
  CHECK_STR(J(CALL(tolong, LONG, str(" 42 "))), "42");
  CHECK_STR(J(CALL(tolong, LONG, dyn("7"))), "7");
  CHECK_STR(J(CALL(tolong, LONG, dyn("\"8\""))), "8");
  CHECK_STR(J(CALL(tolong, LONG, dyn("[1]"))), "null");
  CHECK_STR(J(CALL(tolong, LONG, tw_bool(true))), "1");
  CHECK_STR(J(CALL(tolong, LONG, str(""))), "null");
  CHECK_STR(J(CALL(toreal, REAL, str("123.4"))), "123.4");
  CHECK_STR(J(CALL(toreal, REAL, str("x"))), "null");
  CHECK_STR(J(CALL(toreal, REAL, str("1e3"))), "1000");
  CHECK_STR(J(CALL(tobool, BOOL, str("true"))), "true");
  CHECK_STR(J(CALL(tobool, BOOL, str("FALSE"))), "false");
  CHECK_STR(J(CALL(tobool, BOOL, tw_long(123))), "true");
  CHECK_STR(J(CALL(tobool, BOOL, tw_long(0))), "false");
  CHECK_STR(J(CALL(tobool, BOOL, str("1"))), "null");
  CHECK_STR(J(CALL(tobool, BOOL, str("yes"))), "null");
}

static void test_to_datetime(void) {
  CHECK_STR(J(CALL(todatetime, DATETIME, str("2022-12-02"))),
            "\"2022-12-02T00:00:00Z\"");
  CHECK_STR(J(CALL(todatetime, DATETIME, str("2022-12-02 13:45:56"))),
            "\"2022-12-02T13:45:56Z\"");
  CHECK_STR(J(CALL(todatetime, DATETIME, str("2022/12/02"))),
            "\"2022-12-02T00:00:00Z\"");
  CHECK_STR(J(CALL(todatetime, DATETIME, str("12-02-2022"))),
            "\"2022-12-02T00:00:00Z\"");
  CHECK_STR(J(CALL(todatetime, DATETIME, str("13-01-2022"))), "null");
  CHECK_STR(J(CALL(todatetime, DATETIME, str("12/02/2022"))),
            "\"2022-12-02T00:00:00Z\"");
  CHECK_STR(J(CALL(todatetime, DATETIME, str("12.02.2022"))),
            "\"2022-12-02T00:00:00Z\"");
  CHECK_STR(J(CALL(todatetime, DATETIME, str("2 Dec 2022"))),
            "\"2022-12-02T00:00:00Z\"");
  CHECK_STR(J(CALL(todatetime, DATETIME, str("Dec 2, 2022"))),
            "\"2022-12-02T00:00:00Z\"");
  CHECK_STR(J(CALL(todatetime, DATETIME, str("20221202"))),
            "\"2022-12-02T00:00:00Z\"");
  CHECK_STR(J(CALL(todatetime, DATETIME, str("2/3/2022"))),
            "\"2022-02-03T00:00:00Z\"");
  CHECK_STR(J(CALL(todatetime, DATETIME,
                   str("Fri, 02 Dec 2022 13:45:56 GMT"))),
            "\"2022-12-02T13:45:56Z\"");
  CHECK_STR(J(CALL(todatetime, DATETIME, str("2022-12-02T13:45:56+02:00"))),
            "\"2022-12-02T11:45:56Z\"");
  CHECK_STR(J(CALL(todatetime, DATETIME, str(""))), "null");
  CHECK_STR(J(CALL(todatetime, DATETIME, str("nope"))), "null");
  CHECK_STR(J(CALL(totimespan, TIMESPAN, str("0.00:03:00"))), "\"00:03:00\"");
  CHECK_STR(J(CALL(totimespan, TIMESPAN, str("4.00:00:00"))),
            "\"4.00:00:00\"");
  CHECK_STR(J(CALL(totimespan, TIMESPAN, str("x"))), "null");
  CHECK_STR(J(CALL(toguid, GUID, str("74BE27DE-1E4E-49D9-B579-FE0B331D3642"))),
            "\"74be27de-1e4e-49d9-b579-fe0b331d3642\"");
  CHECK_STR(J(CALL(toguid, GUID, str("zz"))), "null");
}

static void test_parse_json(void) {
  CHECK_STR(J(CALL(parse_json, DYNAMIC, str("{\"a\":[1,2]}"))),
            "{\"a\":[1,2]}");
  /* gotcha 11: non-JSON gives a dynamic string; "" gives null */
  CHECK_STR(J(CALL(parse_json, DYNAMIC, str("not json"))), "\"not json\"");
  CHECK_STR(J(CALL(parse_json, DYNAMIC, str(""))), "null");
  CHECK_STR(J(CALL(parse_json, DYNAMIC, str("null"))), "null");
  CHECK_STR(J(CALL(parse_json, DYNAMIC, dyn("[1]"))), "[1]");
  CHECK_STR(J(CALL(gettype, STRING, dyn("[1]"))), "\"array\"");
  CHECK_STR(J(CALL(gettype, STRING, dyn("{}"))), "\"dictionary\"");
  CHECK_STR(J(CALL(gettype, STRING, tw_long(1))), "\"long\"");
  CHECK_STR(J(CALL(gettype, STRING, tw_int(1))), "\"int\"");
  CHECK_STR(J(CALL(gettype, STRING, str("a"))), "\"string\"");
  CHECK_STR(J(CALL(gettype, STRING, dyn("null"))), "\"null\"");
}

/* ------------------------------------------------------- conditionals */

static void test_cond(void) {
  CHECK_STR(J(CALL(iff, LONG, tw_bool(true), tw_long(1), tw_long(2))), "1");
  CHECK_STR(J(CALL(iff, LONG, tw_null(TW_T_BOOL), tw_long(1), tw_long(2))),
            "2");
  CHECK_STR(J(CALL(iff, REAL, tw_bool(true), tw_long(1), tw_real(2.5))),
            "1");
  CHECK_STR(J(CALL(case, STRING, tw_bool(false), str("Small"), tw_bool(true),
                   str("Medium"), str("Large"))),
            "\"Medium\"");
  CHECK_STR(J(CALL(case, STRING, tw_bool(false), str("a"), str("else"))),
            "\"else\"");
  CHECK_STR(J(CALL(coalesce, LONG, tw_null(TW_T_LONG), tw_long(42),
                   tw_long(33))),
            "42");
  CHECK_STR(J(CALL(coalesce, STRING, str(""), str("b"))), "\"b\"");
  CHECK_STR(J(CALL(coalesce, LONG, tw_null(TW_T_LONG), tw_null(TW_T_LONG))),
            "null");
  CHECK_STR(J(CALL(isempty, BOOL, str(""))), "true");
  CHECK_STR(J(CALL(isempty, BOOL, str("x"))), "false");
  CHECK_STR(J(CALL(isempty, BOOL, tw_null(TW_T_INT))), "true");
  CHECK_STR(J(CALL(isempty, BOOL, dyn("[]"))), "false");
  CHECK_STR(J(CALL(isempty, BOOL, dyn("null"))), "true");
  CHECK_STR(J(CALL(isnotempty, BOOL, dyn("null"))), "false");
  /* gotcha 9: strings are never null */
  CHECK_STR(J(CALL(isnull, BOOL, str(""))), "false");
  CHECK_STR(J(CALL(isnull, BOOL, tw_null(TW_T_INT))), "true");
  CHECK_STR(J(CALL(isnull, BOOL, dyn("[]"))), "false");
  CHECK_STR(J(CALL(isnotnull, BOOL, tw_long(1))), "true");
  CHECK_STR(J(CALL(not, BOOL, tw_bool(false))), "true");
  CHECK_STR(J(CALL(not, BOOL, tw_null(TW_T_BOOL))), "null");
  CHECK_STR(J(CALL(max_of, LONG, tw_long(1), tw_null(TW_T_LONG),
                   tw_long(7))),
            "7");
  CHECK_STR(J(CALL(min_of, LONG, tw_long(3), tw_long(-1))), "-1");
}

/* ------------------------------------------------------------ strings */

static void test_strings(void) {
  CHECK_STR(J(CALL(tolower, STRING, str("WestUS2"))), "\"westus2\"");
  CHECK_STR(J(CALL(tolower, STRING, str(""))), "\"\"");
  CHECK_STR(J(CALL(tolower, STRING, str("ÄÖÜ É"))), "\"äöü é\"");
  CHECK_STR(J(CALL(toupper, STRING, str("abc äß"))), "\"ABC Äß\"");
  CHECK_STR(J(CALL(strlen, LONG, str("⒦⒰⒮⒯⒪"))), "5");
  CHECK_STR(J(CALL(strlen, LONG, str(""))), "0");
  CHECK_STR(J(CALL(strcat, STRING, str("a"), tw_null(TW_T_INT),
                   tw_real(1.5))),
            "\"a1.5\"");
  CHECK_STR(J(CALL(strcat_delim, STRING, str("-"), str("a"), tw_long(1))),
            "\"a-1\"");
  CHECK_STR(J(CALL(substring, STRING, str("123456"), tw_long(1))),
            "\"23456\"");
  CHECK_STR(J(CALL(substring, STRING, str("123456"), tw_long(2),
                   tw_long(2))),
            "\"34\"");
  CHECK_STR(J(CALL(substring, STRING, str("123456"), tw_long(-2),
                   tw_long(2))),
            "\"56\"");
  CHECK_STR(J(CALL(substring, STRING, str("123456"), tw_long(10))), "\"\"");
  CHECK_STR(J(CALL(substring, STRING, str("123456"), tw_long(4),
                   tw_long(100))),
            "\"56\"");
  CHECK_STR(J(CALL(split, DYNAMIC, str("a__b"), str("_"))),
            "[\"a\",\"\",\"b\"]");
  CHECK_STR(J(CALL(split, DYNAMIC, str(""), str("_"))), "[\"\"]");
  CHECK_STR(J(CALL(split, DYNAMIC, str("aa,bbb,c"), str(","), tw_long(1))),
            "[\"bbb\"]");
  CHECK_STR(J(CALL(split, DYNAMIC, str("aa,bbb"), str(","), tw_long(5))),
            "[]");
  CHECK_STR(J(CALL(split, DYNAMIC, str("a::b::c"), str("::"))),
            "[\"a\",\"b\",\"c\"]");
  CHECK_STR(J(CALL(replace_string, STRING, str("cat cat"), str("cat"),
                   str("dog"))),
            "\"dog dog\"");
  CHECK_STR(J(CALL(replace_string, STRING, str("abc"), str(""), str("x"))),
            "\"abc\"");
  CHECK_STR(J(CALL(indexof, LONG, str("abcdefg"), str("cde"))), "2");
  CHECK_STR(J(CALL(indexof, LONG, str("abcdefg"), str("z"))), "-1");
  CHECK_STR(J(CALL(indexof, LONG, str("abcabc"), str("b"), tw_long(0),
                   tw_long(-1), tw_long(2))),
            "4");
  CHECK_STR(J(CALL(countof, LONG, str("aaaa"), str("aa"))), "3");
  CHECK_STR(J(CALL(countof, LONG, str("aaaa"), str("aa"), str("regex"))),
            "2");
  CHECK_STR(J(CALL(strcmp, LONG, str("a"), str("b"))), "-1");
  CHECK_STR(J(CALL(reverse, STRING, str("abé"))), "\"éba\"");
  CHECK_STR(J(CALL(url_decode, STRING, str("https%3a%2f%2fwww.bing.com%2f"))),
            "\"https://www.bing.com/\"");
  CHECK_STR(J(CALL(url_encode, STRING, str("https://www.bing.com/"))),
            "\"https%3a%2f%2fwww.bing.com%2f\"");
  CHECK_STR(J(CALL(base64_decode_tostring, STRING, str("S3VzdG8="))),
            "\"Kusto\"");
  CHECK_STR(J(CALL(base64_decode_tostring, STRING,
                   str("U3RyaW5n0KHR0tGA0L7Rh9C60LA="))),
            "\"\"");
  CHECK_STR(J(CALL(base64_encode_tostring, STRING, str("Kusto"))),
            "\"S3VzdG8=\"");
  CHECK_STR(J(CALL(tohex, STRING, tw_long(256))), "\"100\"");
  CHECK_STR(J(CALL(tohex, STRING, tw_long(-546))), "\"fffffffffffffdde\"");
}

static void test_regex(void) {
  CHECK_STR(J(CALL(extract, STRING, str("User: ([^,]+)"), tw_long(1),
                   str("User: James, Age: 29"))),
            "\"James\"");
  /* gotcha 11: extract on no match gives "" */
  CHECK_STR(J(CALL(extract, STRING, str("Email: (\\S+),"), tw_long(1),
                   str("User: David, Age: 35"))),
            "\"\"");
  CHECK_STR(J(CALL(extract, INT, str("-(\\d{2})-"), tw_long(1),
                   str("15-12-2024"), str("int"))),
            "12");
  CHECK_STR(J(CALL(extract, INT, str("-(\\d{2})-"), tw_long(1),
                   str("nothing"), str("int"))),
            "null");
  CHECK_STR(J(CALL(extract, STRING, str("\"location\":\"([^\"]+)\""),
                   tw_long(1), str("{\"location\":\"WestUS2\",\"x\":1}"))),
            "\"WestUS2\"");
  CHECK_STR(J(CALL(extract_all, DYNAMIC, str("(\\d+)"),
                   str("a 123, 567 and 789"))),
            "[\"123\",\"567\",\"789\"]");
  CHECK_STR(J(CALL(extract_all, DYNAMIC, str("(\\d+)"), str("none"))),
            "null");
  CHECK_STR(J(CALL(extract_all, DYNAMIC, str("(\\w)(\\d)"), str("a1 b2"))),
            "[[\"a\",\"1\"],[\"b\",\"2\"]]");
  CHECK_STR(J(CALL(replace_regex, STRING, str("Number is 1"),
                   str("is (\\d+)"), str("was: \\1"))),
            "\"Number was: 1\"");
  CHECK_STR(J(CALL(replace_regex, STRING, str("abc"), str("x*"), str("-"))),
            "\"-a-b-c-\"");
  CHECK_STR(J(CALL(trim, STRING, str("1"), str("11"))), "\"\"");
  CHECK_STR(J(CALL(trim, STRING, str("1"), str("10"))), "\"0\"");
  CHECK_STR(J(CALL(trim, STRING, str("[^\\w]+"), str("-  Te st1// $"))),
            "\"Te st1\"");
  CHECK_STR(J(CALL(trim, STRING, str("--"), str("--https://bing.com--"))),
            "\"https://bing.com\"");
  CHECK_STR(J(CALL(trim_start, STRING, str("1"), str("1101"))), "\"01\"");
  CHECK_STR(J(CALL(trim_end, STRING, str("1"), str("1011"))), "\"10\"");
  CHECK_STR(J(CALL(indexof_regex, LONG, str("abcabc"), str("c"))), "2");
  /* a bad regex is an error, not a crash */
  tw_value a[3] = {str("(unclosed"), tw_long(1), str("x")};
  tw_ast *c = mkcall(TW_FN_extract, TW_T_STRING, a, 3);
  tw_value out;
  CHECK(tw_fn_kernel(TW_FN_extract)(&CTX, c, a, 3, &out) ==
        TRAWL_ERR_RUNTIME);
  tw_fn_cache_free(c);
  /* ... and tw_fn_check_tree finds it before running, at the pattern */
  c->kids[0]->off = 7;
  c->kids[0]->len = 11;
  trawl_diag d;
  memset(&d, 0, sizeof d);
  CHECK(tw_fn_check_tree(c, &d) == TRAWL_ERR_RUNTIME);
  CHECK_EQ(d.off, 7);
  CHECK(strstr(d.message, "regular expression") != NULL);
  a[0] = str("(ok)");
  tw_ast *c2 = mkcall(TW_FN_extract, TW_T_STRING, a, 3);
  CHECK(tw_fn_check_tree(c2, &d) == TRAWL_OK);
}

/* ---------------------------------------------------------- operators */

static void test_arith(void) {
  CHECK_STR(BIN(ADD, tw_int(1), tw_int(2)), "3");
  CHECK(binop(BIN_ADD, 0, tw_int(1), tw_int(2)).type == TW_T_LONG);
  CHECK_STR(BIN(ADD, tw_null(TW_T_LONG), tw_long(10)), "null");
  CHECK_STR(BIN(DIV, tw_long(1), tw_long(2)), "0");
  CHECK_STR(BIN(DIV, tw_real(1.0), tw_long(2)), "0.5");
  CHECK_STR(BIN(DIV, tw_long(-7), tw_long(2)), "-3");
  CHECK_STR(BIN(DIV, tw_long(1), tw_long(0)), "null");
  CHECK_STR(BIN(DIV, tw_real(1.0), tw_real(0.0)), "\"Infinity\"");
  /* gotcha 14: % is non-negative */
  CHECK_STR(BIN(MOD, tw_long(-14), tw_long(12)), "10");
  CHECK_STR(BIN(MOD, tw_long(14), tw_long(-12)), "2");
  CHECK_STR(BIN(MOD, tw_long(-10), tw_long(4)), "2");
  CHECK_STR(BIN(SUB, dt("2024-01-02"), dt("2024-01-01")), "\"1.00:00:00\"");
  CHECK_STR(BIN(ADD, dt("2024-01-01"), ts("1h")), "\"2024-01-01T01:00:00Z\"");
  CHECK_STR(BIN(SUB, dt("2024-01-01"), ts("1d")), "\"2023-12-31T00:00:00Z\"");
  CHECK_STR(BIN(DIV, ts("30m"), ts("1s")), "1800");
  CHECK(binop(BIN_DIV, 0, ts("30m"), ts("1s")).type == TW_T_REAL);
  CHECK_STR(BIN(MUL, tw_long(2), ts("1s")), "\"00:00:02\"");
  CHECK_STR(BIN(DIV, ts("1h"), tw_long(2)), "\"00:30:00\"");
  CHECK_STR(BIN(ADD, dyn("5"), tw_long(1)), "6");
  CHECK_STR(J(binop(BIN_ADD, TW_T_REAL, tw_long(1), tw_long(2))), "3");
  CHECK(binop(BIN_ADD, TW_T_REAL, tw_long(1), tw_long(2)).type ==
        TW_T_REAL);
}

static void test_compare(void) {
  CHECK_STR(BIN(LT, tw_long(1), tw_real(1.5)), "true");
  CHECK_STR(BIN(GT, tw_null(TW_T_LONG), tw_long(5)), "null");
  CHECK_STR(BIN(GE, dt("2026-01-01"), dt("2026-01-01")), "true");
  CHECK_STR(BIN(GT, dt("2026-01-01"), dt("2026-01-01")), "false");
  CHECK_STR(BIN(EQ, str("aBc"), str("abc")), "false");
  CHECK_STR(BIN(EQ_CI, str("aBc"), str("ABC")), "true");
  /* gotcha 5: =~ folds ASCII only */
  CHECK_STR(BIN(EQ_CI, str("Ä"), str("ä")), "false");
  /* null table */
  CHECK_STR(BIN(EQ, tw_null(TW_T_LONG), tw_long(5)), "false");
  CHECK_STR(BIN(NE, tw_null(TW_T_LONG), tw_long(5)), "true");
  CHECK_STR(BIN(EQ, tw_null(TW_T_LONG), tw_null(TW_T_LONG)), "null");
  CHECK_STR(BIN(NE, tw_null(TW_T_LONG), tw_null(TW_T_LONG)), "null");
  CHECK_STR(BIN(EQ, tw_long(1), tw_real(1.0)), "true");
  CHECK_STR(BIN(EQ, dyn("\"x\""), str("x")), "true");
  CHECK_STR(BIN(EQ, dyn("null"), str("x")), "false");
  CHECK_STR(BIN(EQ, dyn("[1,2]"), dyn("[1,2]")), "true");
  CHECK_STR(BIN(AND, tw_null(TW_T_BOOL), tw_bool(false)), "false");
  CHECK_STR(BIN(AND, tw_null(TW_T_BOOL), tw_bool(true)), "null");
  CHECK_STR(BIN(OR, tw_null(TW_T_BOOL), tw_bool(true)), "true");
  CHECK_STR(BIN(OR, tw_null(TW_T_BOOL), tw_bool(false)), "null");
}

static void test_has(void) {
  /* gotcha 1: has is term equality */
  CHECK_STR(BIN(HAS, str("KustoExplorerQueryRun"), str("Explorer")),
            "false");
  CHECK_STR(BIN(HAS, str("North America"), str("america")), "true");
  CHECK_STR(BIN(HAS, str("North America"), str("amer")), "false");
  CHECK_STR(BIN(NOT_HAS, str("North America"), str("amer")), "true");
  CHECK_STR(BIN(HAS_CS, str("North America"), str("America")), "true");
  CHECK_STR(BIN(HAS_CS, str("North America"), str("america")), "false");
  CHECK_STR(BIN(HAS, str("NEW YORK"), str("New")), "true");
  /* gotcha 2: punctuated needles match as phrases */
  CHECK_STR(BIN(HAS, str("https://x/resourcegroups/test.rg000001?api=1"),
                str("resourcegroups/test.rg000001")),
            "true");
  CHECK_STR(BIN(HAS, str("https://x/resourcegroups/test.rg000001?api=1"),
                str("/resourcegroups/test.rg000001?")),
            "true");
  CHECK_STR(BIN(HAS, str("North America"), str("North America")), "true");
  CHECK_STR(BIN(HAS, str("Microsoft.Compute/virtualMachines/write"),
                str("virtualMachines/write")),
            "true");
  CHECK_STR(BIN(HAS, str("MICROSOFT.COMPUTE/VIRTUALMACHINES/WRITE"),
                str("virtualMachines/write")),
            "true");
  CHECK_STR(BIN(HAS, str("Microsoft.Compute/virtualMachines/writeX"),
                str("virtualMachines/write")),
            "false");
  CHECK_STR(BIN(HAS, str("xMicrosoft.Compute/virtualMachines/write"),
                str("Microsoft.Compute/virtualMachines/write")),
            "false");
  CHECK_STR(BIN(HAS, str("a/b"), str("a b")), "false");
  CHECK_STR(BIN(HAS, str("Kusto: ad67d136-c1db-4f9f;KustoExplorerQueryRun"),
                str("c1db")),
            "true");
  /* gotcha 3: short needles are not special */
  CHECK_STR(BIN(HAS, str("a b c"), str("b")), "true");
  CHECK_STR(BIN(HAS, str(""), str("x")), "false");
  CHECK_STR(BIN(NOT_HAS, str(""), str("x")), "true");
  CHECK_STR(BIN(NOT_HAS, tw_null(TW_T_LONG), str("x")), "true");
  CHECK_STR(BIN(HASPREFIX, str("North America"), str("amer")), "true");
  CHECK_STR(BIN(HASPREFIX, str("North America"), str("meri")), "false");
  CHECK_STR(BIN(HASSUFFIX, str("North America"), str("rica")), "true");
  CHECK_STR(BIN(HASSUFFIX, str("North America"), str("Amer")), "false");
  CHECK_STR(BIN(HAS, dyn("{\"a\":\"Hello World\"}"), str("world")), "true");
  CHECK_STR(BIN(HAS, str("café au lait"), str("caf")), "false");
  /* non-ASCII letters belong to terms; Unicode punctuation separates */
  CHECK_STR(BIN(HAS, str("the naïve approach"), str("NAÏVE")), "false");
  CHECK_STR(BIN(HAS, str("the naïve approach"), str("naïve")), "true");
  CHECK_STR(BIN(HAS, str("the naïve approach"), str("na")), "false");
  CHECK_STR(BIN(HAS, str("alpha—beta"), str("beta")), "true");
  CHECK_STR(BIN(HAS, str("x\xc2\xa0y"), str("y")), "true");
  CHECK_STR(IN(HAS_ANY, str("alpha—beta gamma"), str("a1"), str("a2"),
               str("a3"), str("a4"), str("beta")),
            "true");
  CHECK_STR(IN(HAS_ANY, str("naïve"), str("a1"), str("a2"), str("a3"),
               str("a4"), str("na")),
            "false");
}

static void test_contains(void) {
  CHECK_STR(BIN(CONTAINS, str("FabriKam"), str("BRik")), "true");
  CHECK_STR(BIN(CONTAINS_CS, str("FabriKam"), str("BRik")), "false");
  CHECK_STR(BIN(STARTSWITH, str("Fabrikam"), str("fab")), "true");
  CHECK_STR(BIN(ENDSWITH_CS, str("Fabrikam"), str("kam")), "true");
  CHECK_STR(BIN(NOT_CONTAINS, str(""), str("x")), "true");
  CHECK_STR(BIN(CONTAINS, str("abc"), str("")), "true");
  CHECK_STR(BIN(NOT_STARTSWITH_CS, str("Fabrikam"), str("fab")), "true");
  CHECK_STR(BIN(NOT_ENDSWITH, str("Fabrikam"), str("KAM")), "false");
  CHECK_STR(BIN(MATCHES_REGEX, str("Fabrikam"), str("b.*k")), "true");
  CHECK_STR(BIN(MATCHES_REGEX, str("kansas"), str("K.*S")), "false");
  CHECK_STR(BIN(MATCHES_REGEX, str("kansas"), str("(?i)K.*S")), "true");
  CHECK_STR(BIN(MATCHES_REGEX, str("ab\n"), str("b$")), "false");
  CHECK_STR(BIN(LIKE, str("Hello"), str("h%o")), "true");
  CHECK_STR(BIN(LIKE_CS, str("Hello"), str("h%o")), "false");
  CHECK(binop(BIN_MATCHES_REGEX, 0, str("x"), str("(")).type == TW_T_STRING);
}

static void test_in(void) {
  CHECK_STR(IN(CS, str("abc"), str("123"), str("345"), str("abc")), "true");
  CHECK_STR(IN(CS, str("Abc"), str("abc")), "false");
  CHECK_STR(IN(CI, str("Abc"), str("abc")), "true");
  CHECK_STR(IN(NOT_CI, str("bCa"), str("123"), str("345"), str("ABC")),
            "true");
  CHECK_STR(IN(NOT_CS, str("Abc"), str("abc")), "true");
  CHECK_STR(IN(CS, tw_long(2), dyn("[1,[2,3]]")), "true");
  CHECK_STR(IN(CS, tw_long(2), tw_real(2.0)), "true");
  CHECK_STR(IN(CS, tw_null(TW_T_LONG), tw_long(5)), "false");
  CHECK_STR(IN(NOT_CS, tw_null(TW_T_LONG), tw_long(5)), "true");
  CHECK_STR(IN(CS, str("x"), dyn("[]")), "false");
  CHECK_STR(IN(NOT_CS, str("x"), dyn("[]")), "true");
  CHECK_STR(IN(NOT_CS, str("eastus"), dyn("[\"eastus\",\"westeurope\"]")),
            "false");
  CHECK_STR(IN(NOT_CS, str("EastUS"), dyn("[\"eastus\",\"westeurope\"]")),
            "true");
  CHECK_STR(IN(HAS_ANY, str("North America"), str("south"), str("north")),
            "true");
  CHECK_STR(IN(HAS_ALL, str("North and South America"), str("south"),
               str("north")),
            "true");
  CHECK_STR(IN(HAS_ALL, str("North America"), str("south"), str("north")),
            "false");
  CHECK_STR(IN(HAS_ANY, str("Microsoft.Resources/resourceGroups/write"),
               str("Microsoft.Compute/virtualMachines/write"),
               str("Microsoft.Resources/resourceGroups/write")),
            "true");
  CHECK_STR(IN(HAS_ANY, str("x"), dyn("[]")), "false");
  /* many needles: term set path */
  CHECK_STR(IN(HAS_ANY, str("the quick brown FOX"), str("a"), str("b"),
               str("c"), str("d"), str("fox"), str("x/y")),
            "true");
  CHECK_STR(IN(HAS_ANY, str("path x/y here"), str("a"), str("b"), str("c"),
               str("d"), str("fox"), str("x/y")),
            "true");
  CHECK_STR(IN(HAS_ANY, str("foxes"), str("a"), str("b"), str("c"),
               str("d"), str("fox"), str("x/y")),
            "false");
}

static void test_in_big(void) {
  /* a 100,000-item list stays fast: the set is built once */
  uint32_t n = 100000;
  tw_value *items = malloc(n * sizeof *items);
  char *buf = malloc((size_t)n * 12);
  for (uint32_t i = 0; i < n; i++) {
    int len = snprintf(buf + (size_t)i * 12, 12, "w%u", i);
    items[i] = tw_str(buf + (size_t)i * 12, (size_t)len);
  }
  tw_ast *node = tw_arena_zalloc(&A, sizeof *node);
  node->kind = AST_IN;
  node->op = IN_HAS_ANY;
  node->nkids = 2;
  node->kids = tw_arena_zalloc(&A, 2 * sizeof *node->kids);
  for (int k = 0; k < 2; k++) {
    node->kids[k] = tw_arena_zalloc(&A, sizeof(tw_ast));
    node->kids[k]->kind = AST_LITERAL;
  }
  int hits = 0;
  for (int r = 0; r < 20000; r++) {
    char row[64];
    int len = snprintf(row, sizeof row, "value w%d and more", r * 7);
    tw_value lhs = tw_str(row, (size_t)len);
    tw_value out;
    if (tw_in_eval(&CTX, node, &lhs, items, n, &out) == 0 && out.u.i) {
      hits++;
    }
  }
  CHECK_EQ(hits, 100000 / 7 + 1);
  node->op = IN_CS;
  tw_fn_cache_free(node);
  tw_value lhs = tw_str("w99999", 6), out;
  CHECK(tw_in_eval(&CTX, node, &lhs, items, n, &out) == 0 && out.u.i == 1);
  tw_fn_cache_free(node);
  free(items);
  free(buf);
}

/* Matching stays linear on adversarial input (one 'a' term repeated, no
 * upper-case candidate): a quadratic scan would not finish. */
static void test_has_linear(void) {
  size_t n = (size_t)8 << 20;
  char *h = malloc(n);
  memset(h, 'a', n);
  tw_value hay = tw_str(h, n);
  CHECK_STR(BIN(HAS, hay, str("a")), "false");
  CHECK_STR(BIN(HASPREFIX, hay, str("ab")), "false");
  CHECK_STR(BIN(CONTAINS, hay, str("aab")), "false");
  char nd[300];
  memset(nd, 'a', sizeof nd - 1);
  nd[sizeof nd - 2] = 'b';
  nd[sizeof nd - 1] = '\0';
  CHECK_STR(BIN(HAS, hay, str(nd)), "false");
  CHECK_STR(BIN(NOT_CONTAINS, hay, str(nd)), "true");
  for (size_t i = 1; i < n; i += 2) {
    h[i] = 'x';
  }
  CHECK_STR(BIN(CONTAINS, hay, str("ab")), "false");
  CHECK_STR(BIN(HAS, hay, str("ax")), "false");
  free(h);
}

static void test_between(void) {
  tw_value out;
  tw_ast node = {0};
  node.kind = AST_BETWEEN;
  tw_value v = tw_long(5), lo = tw_long(1), hi = tw_long(5);
  tw_between_eval(&CTX, &node, &v, &lo, &hi, &out);
  CHECK_STR(J(out), "true");
  v = dt("2007-07-28");
  lo = dt("2007-07-27");
  hi = ts("3d");
  tw_between_eval(&CTX, &node, &v, &lo, &hi, &out);
  CHECK_STR(J(out), "true");
  node.op = 1;
  tw_between_eval(&CTX, &node, &v, &lo, &hi, &out);
  CHECK_STR(J(out), "false");
  v = tw_null(TW_T_LONG);
  tw_between_eval(&CTX, &node, &v, &lo, &hi, &out);
  CHECK_STR(J(out), "null");
  v = tw_long(-3);
  tw_neg_eval(&CTX, NULL, &v, &out);
  CHECK_STR(J(out), "3");
  v = ts("1h");
  tw_neg_eval(&CTX, NULL, &v, &out);
  CHECK_STR(J(out), "\"-01:00:00\"");
}

/* Every kernel with null, empty and odd arguments: no crash, no error
 * other than a runtime error (bad regex, unknown period). */
static void test_all_kernels_nulls(void) {
  tw_value samples[8];
  samples[0] = tw_null(TW_T_LONG);
  samples[1] = str("");
  samples[2] = tw_null(TW_T_DYNAMIC);
  samples[3] = dyn("[]");
  samples[4] = dyn("{}");
  samples[5] = tw_null(TW_T_DATETIME);
  samples[6] = tw_null(TW_T_BOOL);
  samples[7] = tw_long(-1);
  int bad = 0;
  for (int fn = 0; fn < TW_FN_COUNT; fn++) {
    tw_scalar_fn k = tw_fn_kernel(fn);
    const tw_fn_sig *sig = tw_fn_sig_get(fn);
    if (!k || !sig) {
      continue;
    }
    uint32_t lo = sig->min_args, hi = sig->max_args > 4 ? 4 : sig->max_args;
    for (uint32_t n = lo; n <= hi; n++) {
      for (int si = 0; si < 8; si++) {
        tw_value args[4];
        for (uint32_t i = 0; i < n; i++) {
          args[i] = samples[(si + (int)i) % 8];
        }
        tw_ast *c = mkcall(fn, sig->ret_type ? sig->ret_type : TW_T_DYNAMIC,
                           args, n);
        tw_value out;
        memset(&out, 0, sizeof out);
        int rc = k(&CTX, c, args, n, &out);
        tw_fn_cache_free(c);
        if (rc != 0 && rc != TRAWL_ERR_RUNTIME) {
          fprintf(stderr, "  %s/%u sample %d: rc %d\n", tw_fn_name(fn), n, si,
                  rc);
          bad++;
        }
        if (rc == 0 && out.type == TW_T_STRING && out.len && !out.u.s) {
          bad++;
        }
        if (rc == 0) {
          tw_buf_clear(&B);
          tw_value_write_json(&B, &out);
        }
      }
    }
  }
  CHECK_EQ(bad, 0);
}

/* String kernels and operators over random bytes (invalid UTF-8 too). */
static void test_strings_fuzz(void) {
  static const int fns[] = {TW_FN_tolower, TW_FN_toupper, TW_FN_strlen,
                            TW_FN_reverse, TW_FN_url_decode,
                            TW_FN_base64_decode_tostring, TW_FN_parse_json,
                            TW_FN_todatetime, TW_FN_totimespan, TW_FN_toguid,
                            TW_FN_parse_ipv4, TW_FN_parse_url,
                            TW_FN_hash_sha256, TW_FN_isutf8};
  static const int ops[] = {BIN_HAS, BIN_HASPREFIX, BIN_HASSUFFIX,
                            BIN_CONTAINS, BIN_STARTSWITH, BIN_ENDSWITH,
                            BIN_EQ_CI, BIN_LIKE, BIN_HAS_CS};
  static const char pool[] = "aA/.-_ \xc3\xa9\xe2\x80\x94\xff%=:0";
  uint64_t r = 0x9E3779B97F4A7C15ULL;
  char h[64], nd[8];
  int bad = 0;
  for (int it = 0; it < 5000; it++) {
    size_t hn = 0, nn = 0;
    r ^= r << 13;
    r ^= r >> 7;
    r ^= r << 17;
    hn = r % sizeof h;
    nn = (r >> 8) % sizeof nd;
    for (size_t i = 0; i < hn; i++) {
      h[i] = pool[(r >> (i % 50)) % (sizeof pool - 1)];
    }
    for (size_t i = 0; i < nn; i++) {
      nd[i] = pool[(r >> (i + 7)) % (sizeof pool - 1)];
    }
    tw_value hv = tw_str(h, hn), nv = tw_str(nd, nn);
    for (size_t k = 0; k < sizeof ops / sizeof ops[0]; k++) {
      tw_value o = binop(ops[k], TW_T_BOOL, hv, nv);
      bad += o.type != TW_T_BOOL;
    }
    for (size_t k = 0; k < sizeof fns / sizeof fns[0]; k++) {
      const tw_fn_sig *sig = tw_fn_sig_get(fns[k]);
      tw_value o = callt(fns[k], sig ? sig->ret_type : TW_T_STRING, &hv, 1);
      bad += o.type == TW_T_STRING && o.len == 7 && o.u.s &&
             !memcmp(o.u.s, "<error>", 7);
    }
    tw_value a3[3] = {hv, nv, str("-")};
    tw_value o = callt(TW_FN_replace_string, TW_T_STRING, a3, 3);
    o = callt(TW_FN_split, TW_T_DYNAMIC, a3, 2);
    o = callt(TW_FN_indexof, TW_T_LONG, a3, 2);
    o = callt(TW_FN_countof, TW_T_LONG, a3, 2);
    tw_value a2[2] = {hv, tw_long((int64_t)(r % 9) - 4)};
    o = callt(TW_FN_substring, TW_T_STRING, a2, 2);
    (void)o;
    if (it % 500 == 499) {
      tw_arena_reset(&A);
    }
  }
  CHECK_EQ(bad, 0);
}

/* Aggregates over nulls, empty strings and no rows. */
static void test_aggregates_direct(void) {
  for (int id = 0; id < TW_AGG_COUNT; id++) {
    const tw_agg_def *def = tw_agg_get(id);
    if (!def) {
      continue;
    }
    tw_value kids[3] = {tw_long(1), tw_bool(true), tw_long(50)};
    tw_ast *call = mkcall(0, TW_T_LONG, kids, 3);
    call->bind = TW_BIND_AGGREGATE;
    call->slot = id;
    void *st = tw_arena_zalloc(&A, def->state_size + 8);
    if (def->init) {
      def->init(st, call);
    }
    tw_value rows[4][3] = {
        {tw_long(5), tw_bool(true), tw_long(50)},
        {tw_null(TW_T_LONG), tw_null(TW_T_BOOL), tw_long(50)},
        {tw_long(2), tw_bool(false), tw_long(50)},
        {tw_long(9), tw_bool(true), tw_long(50)},
    };
    for (int r = 0; r < 4; r++) {
      CHECK(def->step(st, &A, call, rows[r], 3) == 0);
    }
    tw_value out;
    CHECK(def->final(st, &A, call, &out) == 0);
    tw_value outs[3];
    if (def->final_multi) {
      CHECK(def->final_multi(st, &A, call, outs, 3) == 0);
    }
    const char *nm = tw_agg_name(id);
    const char *got = J(out);
    if (!strcmp(nm, "count")) {
      CHECK_STR(got, "4");
    } else if (!strcmp(nm, "sum")) {
      CHECK_STR(got, "16");
    } else if (!strcmp(nm, "sumif")) {
      CHECK_STR(got, "14");
    } else if (!strcmp(nm, "dcount")) {
      CHECK_STR(got, "3");
    } else if (!strcmp(nm, "min")) {
      CHECK_STR(got, "2");
    } else if (!strcmp(nm, "max") || !strcmp(nm, "arg_max")) {
      CHECK_STR(got, "9");
    } else if (!strcmp(nm, "minif")) {
      CHECK_STR(got, "5");
    } else if (!strcmp(nm, "make_list_if")) {
      CHECK_STR(got, "[5,9]");
    }
    /* no rows at all */
    void *st2 = tw_arena_zalloc(&A, def->state_size + 8);
    if (def->init) {
      def->init(st2, call);
    }
    CHECK(def->final(st2, &A, call, &out) == 0);
    if (!strcmp(nm, "count") || !strcmp(nm, "sum") || !strcmp(nm, "dcount")) {
      CHECK_STR(J(out), "0");
    } else if (!strcmp(nm, "min") || !strcmp(nm, "arg_max")) {
      CHECK_STR(J(out), "null");
    } else if (!strcmp(nm, "make_set") || !strcmp(nm, "make_list")) {
      CHECK_STR(J(out), "[]");
    }
  }
}

int main(void) {
  tw_arena_init(&A, 0);
  tw_buf_init(&B, 0);
  CTX.arena = &A;
  CTX.diag = &DIAG;
  tw_datetime_parse("2026-01-02T00:00:00Z", 20, &CTX.now);
  RUN(test_json);
  RUN(test_json_fuzz);
  RUN(test_real_format);
  RUN(test_tostring);
  RUN(test_to_numbers);
  RUN(test_to_datetime);
  RUN(test_parse_json);
  RUN(test_cond);
  RUN(test_strings);
  RUN(test_regex);
  RUN(test_arith);
  RUN(test_compare);
  RUN(test_has);
  RUN(test_contains);
  RUN(test_in);
  RUN(test_in_big);
  RUN(test_has_linear);
  RUN(test_between);
  RUN(test_all_kernels_nulls);
  RUN(test_strings_fuzz);
  RUN(test_aggregates_direct);
  tw_buf_free(&B);
  tw_arena_free(&A);
  return check_done();
}
