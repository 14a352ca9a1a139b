/*
 * tests/unit/test_value.c - arena, buffer and table schema basics.
 */
#include "base/arena.h"
#include "base/buf.h"
#include "check.h"
#include "value/value.h"

static void test_arena(void) {
  tw_arena a;
  tw_arena_init(&a, 0);
  char *s = tw_arena_strndup(&a, "hello", 5);
  CHECK_STR(s, "hello");
  void *big = tw_arena_alloc(&a, 1 << 20);
  CHECK(big != NULL);
  tw_arena_reset(&a);
  CHECK_EQ(a.used, 0);
  tw_arena_free(&a);
  tw_arena capped;
  tw_arena_init(&capped, 1024);
  CHECK(tw_arena_alloc(&capped, 2048) == NULL);
  tw_arena_free(&capped);
}

static void test_buf(void) {
  tw_buf b;
  tw_buf_init(&b, 8);
  CHECK_EQ(tw_buf_adds(&b, "1234"), 0);
  CHECK_EQ(tw_buf_adds(&b, "56789"), -1);
  CHECK_STR(b.data, "1234");
  tw_buf_free(&b);
}

static void test_tables(void) {
  CHECK_EQ(trawl_table_ncolumns(TRAWL_TABLE_AWSCLOUDTRAIL), 53);
  CHECK_EQ(trawl_table_ncolumns(TRAWL_TABLE_AZUREACTIVITY), 35);
  CHECK_STR(trawl_table_column(TRAWL_TABLE_AWSCLOUDTRAIL, TW_AWS_AWSRegion),
            "AWSRegion");
  CHECK_STR(trawl_table_column(TRAWL_TABLE_AZUREACTIVITY, TW_AZ_Properties),
            "Properties");
  CHECK_EQ(tw_table_lookup("AzureActivity", 13), TRAWL_TABLE_AZUREACTIVITY);
  CHECK_EQ(tw_table_column_index(TRAWL_TABLE_AWSCLOUDTRAIL, "Type", 4),
           TW_AWS_Type);
}

int main(void) {
  RUN(test_arena);
  RUN(test_buf);
  RUN(test_tables);
  return check_done();
}
