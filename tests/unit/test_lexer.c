/*
 * tests/unit/test_lexer.c - the KQL tokenizer: every literal form of
 * kql-semantics.md section 1, operators, comments, quoted identifiers,
 * string decoding and error tokens.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "kql/lexer.h"

/* Lex `src` and return the kinds (up to 31) terminated by TK_EOF. */
static int kinds(const char *src, int *out, int max) {
  tw_lexer lx;
  tw_lex_init(&lx, src, strlen(src));
  int n = 0;
  for (;;) {
    tw_token t = tw_lex_next(&lx);
    if (n < max) {
      out[n] = t.kind;
    }
    n++;
    if (t.kind == TK_EOF || n > 100) {
      return n;
    }
  }
}

/* The single token of `src` (followed by EOF), or TK_ERROR. */
static tw_token one(const char *src) {
  tw_lexer lx;
  tw_lex_init(&lx, src, strlen(src));
  tw_token t = tw_lex_next(&lx);
  tw_token e = tw_lex_next(&lx);
  if (e.kind != TK_EOF) {
    t.kind = 999;
  }
  return t;
}

/* Decode the string literal(s) of `src` into a static buffer. */
static const char *decoded(const char *src) {
  static char buf[256];
  tw_token t = one(src);
  if (t.kind != TK_STRING) {
    return "(not a string)";
  }
  size_t n = tw_lex_string_decode(src + t.off, t.len, buf);
  buf[n] = 0;
  return buf;
}

static void test_strings(void) {
  CHECK_STR(decoded("\"a\\\"b\""), "a\"b");
  CHECK_STR(decoded("'\"location\":\"x\"'"), "\"location\":\"x\"");
  CHECK_STR(decoded("'it\\'s'"), "it's");
  CHECK_STR(decoded("@'C:\\dir'"), "C:\\dir");
  CHECK_STR(decoded("@\"a\"\"b\""), "a\"b");
  CHECK_STR(decoded("@'a''b'"), "a'b");
  CHECK_STR(decoded("```a\\nb```"), "a\\nb");
  CHECK_STR(decoded("```line1\nline2```"), "line1\nline2");
  CHECK_STR(decoded("~~~x~~~"), "x");
  CHECK_STR(decoded("h'secret'"), "secret");
  CHECK_STR(decoded("H\"secret\""), "secret");
  CHECK_STR(decoded("h@'c:\\x'"), "c:\\x");
  CHECK_STR(decoded("\"http://a\""), "http://a");
  /* adjacent literals concatenate, across whitespace and comments */
  CHECK_STR(decoded("\"Hello\" ', ' @\"world!\""), "Hello, world!");
  CHECK_STR(decoded("'a' // c\n 'b'"), "ab");
  CHECK_EQ(strlen(decoded("\"Hello\" ', ' @\"world!\"")), 13);
}

static void test_escapes(void) {
  CHECK_STR(decoded("'\\\\ \\' \\\" \\n\\r\\t'"), "\\ ' \" \n\r\t");
  CHECK_STR(decoded("'\\a\\b\\f\\v'"), "\a\b\f\v");
  CHECK_STR(decoded("'\\u00e9'"), "\xc3\xa9");
  CHECK_STR(decoded("'\\U0001F600'"), "\xf0\x9f\x98\x80");
  CHECK_STR(decoded("'\\ud83d\\ude00'"), "\xf0\x9f\x98\x80");
  CHECK_STR(decoded("'\\x41'"), "A");
  CHECK_STR(decoded("'\\101'"), "A");
  CHECK_STR(decoded("'\\0'"), "");
  CHECK_STR(decoded("'\\q'"), "q");
  CHECK_STR(decoded("'\\d+'"), "d+");
}

static void test_string_errors(void) {
  CHECK_EQ(one("'abc").kind, TK_ERROR);
  CHECK_EQ(one("\"abc\ndef\"").kind, 999); /* error then more tokens */
  tw_lexer lx;
  const char *s = "x == 'abc\n";
  tw_lex_init(&lx, s, strlen(s));
  tw_lex_next(&lx);
  tw_lex_next(&lx);
  tw_token t = tw_lex_next(&lx);
  CHECK_EQ(t.kind, TK_ERROR);
  CHECK_EQ(t.off, 5);
  CHECK(lx.err != NULL);
  CHECK_EQ(one("```abc").kind, TK_ERROR);
}

static void test_numbers(void) {
  CHECK_EQ(one("12").kind, TK_LONG);
  CHECK_EQ(one("0x1F").kind, TK_LONG);
  CHECK_EQ(one("1.5").kind, TK_REAL);
  CHECK_EQ(one("1.").kind, TK_REAL);
  CHECK_EQ(one("1e5").kind, TK_REAL);
  CHECK_EQ(one("1.5E-3").kind, TK_REAL);
  int k[8];
  kinds("1..5", k, 8);
  CHECK_EQ(k[0], TK_LONG);
  CHECK_EQ(k[1], TK_DOTDOT);
  CHECK_EQ(k[2], TK_LONG);
}

static void test_timespans(void) {
  static const char *const units[] = {
      "d", "day", "days", "h", "hr", "hrs", "hour", "hours", "m", "min",
      "minute", "minutes", "s", "sec", "second", "seconds", "ms", "milli",
      "millis", "millisec", "millisecond", "milliseconds", "micro",
      "micros", "microsec", "microsecond", "microseconds", "nano", "nanos",
      "nanosec", "nanosecond", "nanoseconds", "tick", "ticks"};
  for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
    char buf[32];
    snprintf(buf, sizeof buf, "10%s", units[i]);
    CHECK_EQ(one(buf).kind, TK_TIMESPAN);
    snprintf(buf, sizeof buf, "1.5%s", units[i]);
    CHECK_EQ(one(buf).kind, TK_TIMESPAN);
  }
  CHECK(one("1w").kind != TK_TIMESPAN);
  CHECK_EQ(one("1st").kind, TK_IDENT);
}

static void test_typed(void) {
  CHECK_EQ(one("datetime(2015-12-31 23:59:59.9)").kind, TK_TYPED);
  CHECK_EQ(one("datetime('2024-01-01')").kind, TK_TYPED);
  CHECK_EQ(one("date(2024-01-01)").kind, TK_TYPED);
  CHECK_EQ(one("datetime(null)").kind, TK_TYPED);
  CHECK_EQ(one("timespan(0.12:34:56.7)").kind, TK_TYPED);
  CHECK_EQ(one("time(15 seconds)").kind, TK_TYPED);
  CHECK_EQ(one("guid(74be27de-1e4e-49d9-b579-fe0b331d3642)").kind, TK_TYPED);
  CHECK_EQ(one("int(-2)").kind, TK_TYPED);
  CHECK_EQ(one("long(null)").kind, TK_TYPED);
  CHECK_EQ(one("real(nan)").kind, TK_TYPED);
  CHECK_EQ(one("real(+inf)").kind, TK_TYPED);
  CHECK_EQ(one("double(-inf)").kind, TK_TYPED);
  CHECK_EQ(one("bool(null)").kind, TK_TYPED);
  CHECK_EQ(one("decimal(1.5)").kind, TK_TYPED);
  CHECK_EQ(one("74be27de-1e4e-49d9-b579-fe0b331d3642").kind, TK_GUID);
  /* int(x) with a non-literal is an ordinary call */
  int k[8];
  kinds("int(x)", k, 8);
  CHECK_EQ(k[0], TK_IDENT);
  CHECK_EQ(k[1], TK_LPAREN);
  kinds("dynamic([1])", k, 8);
  CHECK_EQ(k[0], TK_IDENT);
}

static void test_operators(void) {
  int k[16];
  kinds("== != <> =~ !~ < <= > >= = => .. |", k, 16);
  int want[] = {TK_EQ, TK_NE, TK_LTGT, TK_EQ_CI, TK_NE_CI, TK_LT, TK_LE,
                TK_GT, TK_GE, TK_ASSIGN, TK_ARROW, TK_DOTDOT, TK_PIPE,
                TK_EOF};
  for (int i = 0; i < 14; i++) {
    CHECK_EQ(k[i], want[i]);
  }
  tw_token t = one("!in~");
  CHECK_EQ(t.kind, TK_BANG_IDENT);
  CHECK_EQ(t.len, 4);
  CHECK_EQ(one("!contains_cs").kind, TK_BANG_IDENT);
  CHECK_EQ(one("!between").kind, TK_BANG_IDENT);
  t = one("in~");
  CHECK_EQ(t.kind, TK_IDENT);
  CHECK_EQ(t.len, 3);
  CHECK_EQ(one("project-away").kind, TK_IDENT);
  CHECK_EQ(one("mv-expand").kind, TK_IDENT);
  CHECK_EQ(one("parse-where").kind, TK_IDENT);
  kinds("a-b", k, 8);
  CHECK_EQ(k[0], TK_IDENT);
  CHECK_EQ(k[1], TK_MINUS);
  CHECK_EQ(one("!").kind, TK_ERROR);
}

static void test_idents(void) {
  CHECK_EQ(one("$left").kind, TK_IDENT);
  CHECK_EQ(one("$left").len, 5);
  CHECK_EQ(one("_x1").kind, TK_IDENT);
  CHECK_EQ(one("['a b']").kind, TK_QIDENT);
  CHECK_EQ(one("[\"where\"]").kind, TK_QIDENT);
  int k[8];
  kinds("d[0]", k, 8);
  CHECK_EQ(k[1], TK_LBRACK);
  kinds("[\"a\", 1]", k, 8);
  CHECK_EQ(k[0], TK_LBRACK);
}

static void test_comments(void) {
  int k[8];
  int n = kinds("T // all rows\n| where x > 1 // filter", k, 8);
  CHECK_EQ(n, 7);
  CHECK_EQ(k[1], TK_PIPE);
  n = kinds("// only a comment", k, 8);
  CHECK_EQ(n, 1);
  CHECK_EQ(k[0], TK_EOF);
}

static void test_spans(void) {
  tw_lexer lx;
  const char *s = "  where  x";
  tw_lex_init(&lx, s, strlen(s));
  tw_token t = tw_lex_next(&lx);
  CHECK_EQ(t.off, 2);
  CHECK_EQ(t.len, 5);
  t = tw_lex_next(&lx);
  CHECK_EQ(t.off, 9);
  t = tw_lex_next(&lx);
  CHECK_EQ(t.kind, TK_EOF);
  CHECK_EQ(t.off, strlen(s));
}

int main(void) {
  RUN(test_strings);
  RUN(test_escapes);
  RUN(test_string_errors);
  RUN(test_numbers);
  RUN(test_timespans);
  RUN(test_typed);
  RUN(test_operators);
  RUN(test_idents);
  RUN(test_comments);
  RUN(test_spans);
  return check_done();
}
