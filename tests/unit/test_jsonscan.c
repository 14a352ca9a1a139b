/*
 * tests/unit/test_jsonscan.c - the lazy JSON scanner: skipping, iteration,
 * string decoding, compaction, and robustness on hostile bytes.
 */
#include <stdlib.h>

#include "base/limits.h"
#include "check.h"
#include "ingest/jsonscan.h"

static tw_arena A;

static int skip_len(const char *s) {
  const char *e = tw_json_skip(s, s + strlen(s), TW_MAX_JSON_DEPTH);
  return e ? (int)(e - s) : -1;
}

static int skip_why(const char *s) {
  int why = 0;
  const char *errp;
  const char *e =
      tw_json_skip_ex(s, s + strlen(s), TW_MAX_JSON_DEPTH, &why, &errp);
  return e ? 0 : why;
}

static void test_skip(void) {
  CHECK_EQ(skip_len("{}"), 2);
  CHECK_EQ(skip_len(" [1, 2 ,3] x"), 10);
  CHECK_EQ(skip_len("\"a\\\"b\" rest"), 6);
  CHECK_EQ(skip_len("\"a\\\\\"x"), 5);
  CHECK_EQ(skip_len("{\"a\":{\"b\":[true,false,null,-1.5e3]}}"), 36);
  CHECK_EQ(skip_len("123,"), 3);
  CHECK_EQ(skip_why("{\"a\":1"), TW_JS_TRUNC);
  CHECK_EQ(skip_why("{\"a\":\"xx"), TW_JS_TRUNC);
  CHECK_EQ(skip_why("{\"a\":tr"), TW_JS_TRUNC);
  CHECK_EQ(skip_why("{\"a\":1,,}"), TW_JS_BAD);
  CHECK_EQ(skip_why("{\"a\" 1}"), TW_JS_BAD);
  CHECK_EQ(skip_why("[1}"), TW_JS_BAD);
  CHECK_EQ(skip_why("{a:1}"), TW_JS_BAD);
  CHECK_EQ(skip_why("{\"a\":trux}"), TW_JS_BAD);
  CHECK_EQ(skip_why("[1 2]"), TW_JS_BAD);
}

static void test_deep(void) {
  size_t n = 10000;
  char *s = malloc(2 * n + 1);
  memset(s, '[', n);
  memset(s + n, ']', n);
  s[2 * n] = 0;
  CHECK_EQ(skip_why(s), TW_JS_DEEP);
  /* depth is capped at 4096 whatever the caller asks */
  CHECK(tw_json_skip(s, s + 2 * n, 20000) == NULL);
  char *s4 = malloc(8001);
  for (int i = 0; i < 8000; i++) {
    s4[i] = i < 4000 ? '[' : ']';
  }
  s4[8000] = 0;
  CHECK(tw_json_skip(s4, s4 + 8000, 20000) == s4 + 8000);
  free(s4);
  /* 512 deep is fine, 513 is not */
  memset(s, 0, 2 * n + 1);
  memset(s, '[', 512);
  memset(s + 512, ']', 512);
  CHECK_EQ(skip_why(s), 0);
  memset(s, '[', 513);
  memset(s + 513, ']', 513);
  CHECK_EQ(skip_why(s), TW_JS_DEEP);
  free(s);
}

static void test_iter(void) {
  const char *s = "{ \"a\" : 1 , \"b\":{\"c\":[1,2]}, \"d\":\"x\" }";
  tw_json_iter it;
  tw_json_span k, v;
  CHECK_EQ(tw_json_obj_begin(&it, s, s + strlen(s)), 0);
  CHECK_EQ(tw_json_obj_next(&it, &k, &v), 1);
  CHECK(k.len == 1 && k.p[0] == 'a' && v.len == 1 && v.p[0] == '1');
  CHECK_EQ(tw_json_obj_next(&it, &k, &v), 1);
  CHECK(k.len == 1 && k.p[0] == 'b' && v.len == 11);
  CHECK_EQ(tw_json_kind(&v), '{');
  CHECK_EQ(tw_json_obj_next(&it, &k, &v), 1);
  CHECK_EQ(tw_json_kind(&v), '"');
  CHECK_EQ(tw_json_obj_next(&it, &k, &v), 0);
  tw_json_span obj = {s, strlen(s)};
  CHECK_EQ(tw_json_get(&obj, "d", &v), 1);
  CHECK_EQ(tw_json_get(&obj, "zz", &v), 0);
  const char *bad = "{\"a\":1 \"b\":2}";
  tw_json_span ob = {bad, strlen(bad)};
  CHECK_EQ(tw_json_get(&ob, "b", &v), -1);
  const char *a1 = "[1]";
  CHECK_EQ(tw_json_obj_begin(&it, a1, a1 + 3), -1);
  const char *arr = "[ 1 , {\"x\":2} ,\"s\" ]";
  CHECK_EQ(tw_json_arr_begin(&it, arr, arr + strlen(arr)), 0);
  int n = 0, r;
  while ((r = tw_json_arr_next(&it, &v)) == 1) {
    n++;
  }
  CHECK_EQ(r, 0);
  CHECK_EQ(n, 3);
  const char *empty = "{}";
  CHECK_EQ(tw_json_obj_begin(&it, empty, empty + 2), 0);
  CHECK_EQ(tw_json_obj_next(&it, &k, &v), 0);
}

static const char *str(const char *json) {
  static char out[256];
  tw_json_span v = {json, strlen(json)};
  tw_value val;
  if (tw_json_string(&v, &A, &val) != 0) {
    return "ERR";
  }
  memcpy(out, val.u.s, val.len);
  out[val.len] = 0;
  return out;
}

static void test_strings(void) {
  CHECK_STR(str("\"plain\""), "plain");
  CHECK_STR(str("\"a\\nb\\t\\\"q\\\\\\/\""), "a\nb\t\"q\\/");
  CHECK_STR(str("\"\\u0026\\u00e9\""), "&\xc3\xa9");
  CHECK_STR(str("\"\\ud83d\\ude00\""), "\xf0\x9f\x98\x80");
  CHECK_STR(str("\"\\ud83dx\""), "\xef\xbf\xbdx");
  CHECK_STR(str("\"a\xff" "b\""), "a\xef\xbf\xbd" "b");
  CHECK_STR(str("\"\xc3\xa9\""), "\xc3\xa9");
  CHECK_STR(str("\"\xed\xa0\x80\""), "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
  CHECK_STR(str("\"bad\\q\""), "ERR");
  CHECK_STR(str("\"\\u12\""), "ERR");
  /* NUL bytes are kept */
  const char nul[] = "\"a\0b\"";
  tw_json_span v = {nul, 5};
  tw_value val;
  CHECK_EQ(tw_json_string(&v, &A, &val), 0);
  CHECK_EQ(val.len, 3);
}

static const char *compact(const char *json) {
  static char out[256];
  tw_json_span v = {json, strlen(json)};
  tw_value val;
  if (tw_json_compact(&v, &A, &val) != 0) {
    return "ERR";
  }
  memcpy(out, val.u.s, val.len);
  out[val.len] = 0;
  return out;
}

static void test_compact(void) {
  CHECK_STR(compact("{\"a\":1}"), "{\"a\":1}");
  CHECK_STR(compact("{ \"a b\" : [ 1, 2 ],\n \"c\":\"x \\\" y\" }"),
            "{\"a b\":[1,2],\"c\":\"x \\\" y\"}");
  CHECK_STR(compact("{\"a\":\"\\u0026\"}"), "{\"a\":\"\\u0026\"}");
  CHECK_STR(compact("[\"\xff\"]"), "[\"\xef\xbf\xbd\"]");
}

/* Random bytes and mutations of a valid document never crash. */
static void test_fuzz(void) {
  const char *base =
      "{\"Records\":[{\"eventVersion\":\"1.08\",\"userIdentity\":{\"type\":"
      "\"IAMUser\",\"arn\":\"arn:aws:iam::1:user/x\"},\"n\":[1,2.5,-3e2,"
      "true,false,null],\"s\":\"a\\\"b\\u00e9\"}]}";
  size_t n = strlen(base);
  char buf[512];
  unsigned seed = 12345;
  for (int iter = 0; iter < 20000; iter++) {
    memcpy(buf, base, n);
    int muts = 1 + iter % 4;
    for (int m = 0; m < muts; m++) {
      seed = seed * 1103515245u + 12345u;
      size_t pos = (seed >> 8) % n;
      seed = seed * 1103515245u + 12345u;
      buf[pos] = (char)(seed >> 16);
    }
    size_t len = (seed >> 4) % (n + 1);
    const char *e = tw_json_skip(buf, buf + len, TW_MAX_JSON_DEPTH);
    (void)e;
    tw_json_iter it;
    tw_json_span k, v, obj = {buf, len};
    if (tw_json_obj_begin(&it, buf, buf + len) == 0) {
      while (tw_json_obj_next(&it, &k, &v) == 1) {
        tw_value out;
        tw_json_string(&v, &A, &out);
        tw_json_compact(&v, &A, &out);
      }
    }
    tw_json_get(&obj, "Records", &v);
    tw_arena_reset(&A);
  }
  CHECK(1);
}

int main(void) {
  tw_arena_init(&A, 0);
  RUN(test_skip);
  RUN(test_deep);
  RUN(test_iter);
  RUN(test_strings);
  RUN(test_compact);
  RUN(test_fuzz);
  tw_arena_free(&A);
  return check_done();
}
