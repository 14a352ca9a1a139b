/*
 * tests/unit/test_compare.c - value ordering, key equality and hashing.
 */
#include <math.h>

#include "check.h"
#include "value/compare.h"

static void test_sort_order(void) {
  tw_value n = tw_null(TW_T_LONG), one = tw_long(1), three = tw_long(3);
  tw_value half = tw_real(0.5), nan = tw_real(NAN);
  /* asc: nulls first; desc: nulls last (flag 1 = desc) */
  CHECK(tw_value_sort_cmp(&n, &one, 0) < 0);
  CHECK(tw_value_sort_cmp(&n, &one, 1) > 0);
  CHECK(tw_value_sort_cmp(&n, &one, 1 | 2) < 0);  /* desc nulls first */
  CHECK(tw_value_sort_cmp(&n, &one, 4) > 0);      /* asc nulls last */
  CHECK(tw_value_sort_cmp(&one, &three, 0) < 0);
  CHECK(tw_value_sort_cmp(&one, &three, 1) > 0);
  CHECK(tw_value_sort_cmp(&half, &one, 0) < 0);
  CHECK(tw_value_sort_null(&nan));
  CHECK(tw_value_sort_cmp(&nan, &n, 0) == 0);
  tw_value B = tw_str("B", 1), a = tw_str("a", 1), ab = tw_str("ab", 2);
  CHECK(tw_value_cmp(&B, &a) < 0);   /* ordinal: "B" < "a" */
  CHECK(tw_value_cmp(&a, &ab) < 0);
  tw_value e = tw_str("", 0);
  CHECK(!tw_value_sort_null(&e));
}

static void test_key_eq_hash(void) {
  tw_value x = tw_str("abcdefghijk", 11), y = tw_str("abcdefghijk", 11);
  CHECK(tw_value_key_eq(&x, &y));
  CHECK(tw_value_hash(&x) == tw_value_hash(&y));
  tw_value n1 = tw_null(TW_T_LONG), n2 = tw_null(TW_T_LONG);
  CHECK(tw_value_key_eq(&n1, &n2));
  tw_value i = tw_int(5), l = tw_long(5), r = tw_real(5.0);
  CHECK(tw_value_key_eq(&i, &l));
  CHECK(tw_value_key_eq(&l, &r));
  CHECK(tw_value_hash(&i) == tw_value_hash(&r));
  tw_value X = tw_str("X", 1), xs = tw_str("x", 1);
  CHECK(!tw_value_key_eq(&X, &xs));
  trawl_dyn items[2] = {{.kind = TRAWL_DYN_LONG, .u.i = 1},
                        {.kind = TRAWL_DYN_STRING, .n = 1, .u.s = "a"}};
  trawl_dyn items2[2] = {{.kind = TRAWL_DYN_REAL, .u.r = 1.0},
                         {.kind = TRAWL_DYN_STRING, .n = 1, .u.s = "a"}};
  trawl_dyn arr = {.kind = TRAWL_DYN_ARRAY, .n = 2, .u.items = items};
  trawl_dyn arr2 = {.kind = TRAWL_DYN_ARRAY, .n = 2, .u.items = items2};
  tw_value d1 = tw_dynamic(&arr), d2 = tw_dynamic(&arr2);
  CHECK(tw_value_key_eq(&d1, &d2));
  CHECK(tw_value_hash(&d1) == tw_value_hash(&d2));
  CHECK(tw_value_cmp(&d1, &d2) == 0);
}

int main(void) {
  RUN(test_sort_order);
  RUN(test_key_eq_hash);
  return check_done();
}
