/*
 * tests/unit/check.h - a one-header harness for unit tests.
 *
 * Each test binary prints one line per check group in the suite protocol
 * that tests/run counts:  "ok NAME", "FAIL NAME: why", "skip NAME: why".
 *
 *   static void test_x(void) { CHECK(1 + 1 == 2); CHECK_STR(s, "a"); }
 *   int main(void) { RUN(test_x); return check_done(); }
 */
#ifndef TW_TESTS_CHECK_H
#define TW_TESTS_CHECK_H

#include <stdio.h>
#include <string.h>

static int check_failed_now;
static int check_any_failed;

#define CHECK(cond)                                                       \
  do {                                                                    \
    if (!(cond)) {                                                        \
      fprintf(stderr, "  %s:%d: check failed: %s\n", __FILE__, __LINE__,  \
              #cond);                                                     \
      check_failed_now = 1;                                               \
    }                                                                     \
  } while (0)

#define CHECK_STR(got, want)                                              \
  do {                                                                    \
    const char *g_ = (got), *w_ = (want);                                 \
    if (!g_ || strcmp(g_, w_) != 0) {                                     \
      fprintf(stderr, "  %s:%d: got \"%s\", want \"%s\"\n", __FILE__,     \
              __LINE__, g_ ? g_ : "(null)", w_);                          \
      check_failed_now = 1;                                               \
    }                                                                     \
  } while (0)

#define CHECK_EQ(got, want)                                               \
  do {                                                                    \
    long long g_ = (long long)(got), w_ = (long long)(want);              \
    if (g_ != w_) {                                                       \
      fprintf(stderr, "  %s:%d: %s = %lld, want %lld\n", __FILE__,        \
              __LINE__, #got, g_, w_);                                    \
      check_failed_now = 1;                                               \
    }                                                                     \
  } while (0)

#define RUN(fn)                                                           \
  do {                                                                    \
    check_failed_now = 0;                                                 \
    fn();                                                                 \
    printf("%s %s\n", check_failed_now ? "FAIL" : "ok", #fn);             \
    fflush(stdout);                                                       \
    check_any_failed |= check_failed_now;                                 \
  } while (0)

static inline int check_done(void) { return check_any_failed ? 1 : 0; }

#endif
