/*
 * tests/unit/test_exec.c - the query API end to end: compile, run over a
 * file, the replay store (collect once, run at several now() and windows).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "trawl.h"

static char tmp_path[64];

static void write_input(void) {
  strcpy(tmp_path, "/tmp/test_exec-XXXXXX");
  int fd = mkstemp(tmp_path);
  FILE *f = fdopen(fd, "w");
  fprintf(f,
          "{\"eventVersion\":\"1.08\",\"eventTime\":\"2026-01-01T10:00:00Z\","
          "\"eventSource\":\"ec2.amazonaws.com\",\"eventName\":\"RunInstances\","
          "\"awsRegion\":\"eu-north-1\",\"userIdentity\":{\"type\":\"IAMUser\","
          "\"arn\":\"arn:a\"},\"eventType\":\"AwsApiCall\"}\n"
          "{\"eventVersion\":\"1.08\",\"eventTime\":\"2026-01-03T10:00:00Z\","
          "\"eventSource\":\"ec2.amazonaws.com\",\"eventName\":\"RunInstances\","
          "\"awsRegion\":\"eu-north-1\",\"userIdentity\":{\"type\":\"IAMUser\","
          "\"arn\":\"arn:b\"},\"eventType\":\"AwsApiCall\"}\n"
          "{\"eventVersion\":\"1.08\",\"eventTime\":\"2026-01-03T11:00:00Z\","
          "\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"GetObject\","
          "\"awsRegion\":\"eu-north-1\",\"userIdentity\":{\"type\":\"IAMUser\","
          "\"arn\":\"arn:c\"},\"eventType\":\"AwsApiCall\"}\n");
  fclose(f);
}

typedef struct rows {
  int n;
  char last[64];
} rows;

static int on_row(void *ctx, const trawl_value *row, size_t ncols) {
  rows *r = ctx;
  r->n++;
  if (ncols > 1 && row[1].type == TRAWL_T_STRING) {
    snprintf(r->last, sizeof r->last, "%.*s", (int)row[1].len, row[1].u.s);
  }
  return 0;
}

static const char *Q =
    "AWSCloudTrail | where TimeGenerated > ago(1d) | where EventName =~ "
    "\"runinstances\" | project TimeGenerated, UserIdentityArn";

static void test_compile_schema(void) {
  trawl_query *q = NULL;
  trawl_diag d;
  CHECK_EQ(trawl_query_compile(Q, strlen(Q), NULL, &q, &d), TRAWL_OK);
  CHECK_EQ(trawl_query_ncolumns(q), 2);
  CHECK_STR(trawl_query_column_name(q, 1), "UserIdentityArn");
  CHECK_EQ(trawl_query_column_type(q, 0), TRAWL_T_DATETIME);
  trawl_query_free(q);
  const char *bad = "AWSCloudTrail | where Nope == 1";
  CHECK(trawl_query_compile(bad, strlen(bad), NULL, &q, &d) != TRAWL_OK);
  CHECK(q == NULL);
  CHECK_EQ(d.off, 22);
}

static void test_run(void) {
  trawl_query *q = NULL;
  trawl_diag d;
  CHECK_EQ(trawl_query_compile(Q, strlen(Q), NULL, &q, &d), TRAWL_OK);
  trawl_run_opts ro = {0};
  ro.has_now = 1;
  trawl_parse_datetime("2026-01-04T00:00:00Z", 20, &ro.now);
  const char *paths[] = {tmp_path};
  rows r = {0};
  trawl_summary sum;
  CHECK_EQ(trawl_query_run(q, paths, 1, NULL, &ro, on_row, &r, &sum, &d),
           TRAWL_OK);
  CHECK_EQ(r.n, 1);
  CHECK_STR(r.last, "arn:b");
  trawl_query_free(q);
}

static void test_store(void) {
  trawl_query *q = NULL;
  trawl_diag d;
  CHECK_EQ(trawl_query_compile(Q, strlen(Q), NULL, &q, &d), TRAWL_OK);
  const char *paths[] = {tmp_path};
  trawl_store *s = NULL;
  trawl_summary sum;
  CHECK_EQ(trawl_store_collect(&q, 1, paths, 1, NULL, &s, &sum, &d),
           TRAWL_OK);
  int64_t mn = 0, mx = 0, t1, t2;
  CHECK(trawl_store_time_range(s, &mn, &mx));
  trawl_parse_datetime("2026-01-01T10:00:00Z", 20, &t1);
  trawl_parse_datetime("2026-01-03T10:00:00Z", 20, &t2);
  CHECK(mn == t1 && mx == t2); /* GetObject was not kept */
  trawl_run_opts ro = {0};
  ro.has_now = 1;
  trawl_parse_datetime("2026-01-02T00:00:00Z", 20, &ro.now);
  rows r = {0};
  CHECK_EQ(trawl_query_run_store(q, s, &ro, on_row, &r, &d), TRAWL_OK);
  CHECK_EQ(r.n, 2); /* a row after now still passes > ago(1d) */
  CHECK_STR(r.last, "arn:b");
  memset(&r, 0, sizeof r);
  trawl_parse_datetime("2026-01-04T00:00:00Z", 20, &ro.now);
  CHECK_EQ(trawl_query_run_store(q, s, &ro, on_row, &r, &d), TRAWL_OK);
  CHECK_EQ(r.n, 1);
  CHECK_STR(r.last, "arn:b");
  /* a window that ends before the second row hides it */
  memset(&r, 0, sizeof r);
  ro.has_window = 1;
  ro.window_start = t1 - 1;
  ro.window_end = t2 - 1;
  CHECK_EQ(trawl_query_run_store(q, s, &ro, on_row, &r, &d), TRAWL_OK);
  CHECK_EQ(r.n, 0);
  trawl_store_free(s);
  trawl_query_free(q);
}

int main(void) {
  write_input();
  RUN(test_compile_schema);
  RUN(test_run);
  RUN(test_store);
  unlink(tmp_path);
  return check_done();
}
