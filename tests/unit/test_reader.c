/*
 * tests/unit/test_reader.c - tw_read: subscriptions (needed columns,
 * prefilters of each kind, several per table), batches, early stop, the
 * summary, and identical order with one thread and two.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/limits.h"
#include "base/timeutil.h"
#include "check.h"
#include "ingest/ingest.h"
#include "ingest/reader_int.h"

static char dir[] = "/tmp/trawl-test-reader-XXXXXX";
static char path[256];

/* n records: eventName E<i % 5>, region r<i % 3>, time 2025-01-01 + i s */
static void write_file(int n) {
  snprintf(path, sizeof path, "%s/recs.json", dir);
  FILE *f = fopen(path, "w");
  fputs("{\"Records\":[", f);
  for (int i = 0; i < n; i++) {
    fprintf(f,
            "%s{\"eventVersion\":\"1.08\",\"userIdentity\":{\"type\":"
            "\"IAMUser\",\"userName\":\"u%d\"},\"eventTime\":\"2025-01-01T00:"
            "%02d:%02dZ\",\"eventSource\":\"s%d.amazonaws.com\",\"eventName\":"
            "\"E%d\",\"awsRegion\":\"r%d\",\"errorCode\":\"%s\",\"eventID\":"
            "\"id%d\"}",
            i ? "," : "", i, (i / 60) % 60, i % 60, i % 2, i % 5, i % 3,
            i % 4 == 0 ? "Denied" : "", i);
  }
  fputs("]}", f);
  fclose(f);
}

typedef struct got {
  long rows[4];
  long batches[4];
  long max_batch;
  long stop_after;
  long total;
  int bad_blank;
  int bad_value;
  char names[4][2048];
} got;

static int on_batch(void *ctx, uint32_t sub, const tw_batch *b) {
  got *g = ctx;
  g->rows[sub] += b->nrows;
  g->batches[sub]++;
  if (b->nrows > g->max_batch) {
    g->max_batch = b->nrows;
  }
  for (uint32_t r = 0; r < b->nrows; r++) {
    const tw_value *en = &b->cols[TW_AWS_EventName][r];
    const tw_value *ua = &b->cols[TW_AWS_UserIdentityUserName][r];
    const tw_value *st = &b->cols[TW_AWS_SessionCreationDate][r];
    if (en->type != TW_T_STRING || st->type != TW_T_DATETIME || !st->null) {
      g->bad_blank = 1;
    }
    if (sub == 0 && (ua->type != TW_T_STRING || ua->len != 0)) {
      g->bad_blank = 1; /* not needed by sub 0: must stay "" */
    }
    size_t l = strlen(g->names[sub]);
    if (l + en->len + 2 < sizeof g->names[sub]) {
      memcpy(g->names[sub] + l, en->u.s, en->len);
      g->names[sub][l + en->len] = ',';
      g->names[sub][l + en->len + 1] = 0;
    }
  }
  g->total += b->nrows;
  return g->stop_after && g->total >= g->stop_after;
}

static trawl_summary sum;

static void read_with(const tw_subscription *subs, uint32_t n, int threads,
                      got *g) {
  trawl_input_opts o;
  memset(&o, 0, sizeof o);
  o.threads = threads;
  const char *paths[1] = {path};
  trawl_diag d;
  CHECK_EQ(tw_read(paths, 1, &o, subs, n, on_batch, g, &sum, &d), TRAWL_OK);
}

static void test_need_and_batches(void) {
  write_file(3000);
  uint8_t need[64] = {0};
  need[TW_AWS_EventName] = 1;
  tw_subscription s = {TRAWL_TABLE_AWSCLOUDTRAIL, need, NULL, 0};
  got g;
  memset(&g, 0, sizeof g);
  read_with(&s, 1, 1, &g);
  CHECK_EQ(g.rows[0], 3000);
  CHECK_EQ(g.max_batch, TW_BATCH_ROWS);
  CHECK(!g.bad_blank);
  CHECK_EQ(sum.records, 3000);
  CHECK_EQ(sum.rows_aws, 3000);
  CHECK_EQ(sum.files, 1);
}

static void test_prefilters(void) {
  write_file(1000);
  tw_value e1 = tw_str("E1", 2), e2 = tw_str("e2", 2), r0 = tw_str("r0", 2);
  tw_value vals12[2] = {e1, e2};
  tw_prefilter p_in = {TW_AWS_EventName, TW_PF_IN, vals12, 2, 0};
  tw_prefilter p_inci = {TW_AWS_EventName, TW_PF_IN_CI, vals12, 2, 0};
  tw_prefilter p_notin = {TW_AWS_AWSRegion, TW_PF_NOT_IN, &r0, 1, 0};
  tw_prefilter p_empty = {TW_AWS_ErrorCode, TW_PF_NOT_EMPTY, NULL, 0, 0};
  tw_subscription subs[4] = {
      {TRAWL_TABLE_AWSCLOUDTRAIL, NULL, &p_in, 1},
      {TRAWL_TABLE_AWSCLOUDTRAIL, NULL, &p_inci, 1},
      {TRAWL_TABLE_AWSCLOUDTRAIL, NULL, &p_notin, 1},
      {TRAWL_TABLE_AWSCLOUDTRAIL, NULL, &p_empty, 1},
  };
  got g;
  memset(&g, 0, sizeof g);
  read_with(subs, 4, 1, &g);
  CHECK_EQ(g.rows[0], 200);  /* E1 only (E2 differs in case) */
  CHECK_EQ(g.rows[1], 400);  /* E1, E2 */
  CHECK_EQ(g.rows[2], 666);  /* regions r1, r2 */
  CHECK_EQ(g.rows[3], 250);  /* errorCode set */
  CHECK_EQ(sum.records, 849); /* records that pass some subscription */
}

static void test_time_and_has(void) {
  write_file(600);
  int64_t t;
  tw_datetime_parse("2025-01-01T00:05:00Z", 20, &t);
  tw_prefilter ge = {TW_AWS_TimeGenerated, TW_PF_TIME_GE, NULL, 0, t};
  tw_prefilter lt = {TW_AWS_TimeGenerated, TW_PF_TIME_LT, NULL, 0, t};
  tw_value amz = tw_str("S1.AMAZONAWS", 12);
  tw_prefilter has = {TW_AWS_EventSource, TW_PF_HAS_ANY, &amz, 1, 0};
  tw_prefilter both[2] = {ge, has};
  tw_subscription subs[3] = {
      {TRAWL_TABLE_AWSCLOUDTRAIL, NULL, &ge, 1},
      {TRAWL_TABLE_AWSCLOUDTRAIL, NULL, &lt, 1},
      {TRAWL_TABLE_AWSCLOUDTRAIL, NULL, both, 2},
  };
  got g;
  memset(&g, 0, sizeof g);
  read_with(subs, 3, 2, &g);
  CHECK_EQ(g.rows[0], 300);
  CHECK_EQ(g.rows[1], 300);
  CHECK_EQ(g.rows[2], 150);
  /* a sub without prefilters gets everything */
  tw_subscription all[2] = {{TRAWL_TABLE_AWSCLOUDTRAIL, NULL, &ge, 1},
                            {TRAWL_TABLE_AWSCLOUDTRAIL, NULL, NULL, 0}};
  memset(&g, 0, sizeof g);
  read_with(all, 2, 1, &g);
  CHECK_EQ(g.rows[0], 300);
  CHECK_EQ(g.rows[1], 600);
  /* a table nobody asked for gives nothing */
  tw_subscription az = {TRAWL_TABLE_AZUREACTIVITY, NULL, NULL, 0};
  memset(&g, 0, sizeof g);
  read_with(&az, 1, 1, &g);
  CHECK_EQ(g.rows[0], 0);
}

static void test_stop_and_order(void) {
  write_file(5000);
  tw_subscription s = {TRAWL_TABLE_AWSCLOUDTRAIL, NULL, NULL, 0};
  got g;
  memset(&g, 0, sizeof g);
  g.stop_after = 1500;
  read_with(&s, 1, 2, &g);
  CHECK(g.rows[0] >= 1500 && g.rows[0] < 5000);
  got a, b;
  memset(&a, 0, sizeof a);
  memset(&b, 0, sizeof b);
  write_file(300);
  read_with(&s, 1, 1, &a);
  read_with(&s, 1, 2, &b);
  CHECK(strcmp(a.names[0], b.names[0]) == 0);
  CHECK(strncmp(a.names[0], "E0,E1,E2,E3,E4,E0,", 18) == 0);
}

static int count_only(void *ctx, uint32_t sub, const tw_batch *b) {
  (void)sub;
  *(long *)ctx += b->nrows;
  return 0;
}

static void ignore_event(void *ctx, const trawl_input_event *ev) {
  (void)ctx;
  (void)ev;
}

/* Mutated and cut copies of valid inputs (plain and gzip-looking) never
 * crash the reader, with one thread or two. */
static void test_fuzz(void) {
  static const char *const seeds[] = {
      "{\"Records\":[{\"eventVersion\":\"1.08\",\"userIdentity\":{\"type\":"
      "\"IAMUser\"},\"eventTime\":\"2025-01-01T00:00:00Z\",\"eventSource\":"
      "\"s.amazonaws.com\",\"eventName\":\"A\",\"requestParameters\":{\"a\":"
      "[1,2,{\"b\":null}]}},{\"eventVersion\":\"1.08\",\"eventName\":\"B\","
      "\"eventID\":\"x\"}]}",
      "{\"eventVersion\":\"1.08\",\"eventName\":\"A\",\"eventID\":\"1\"}\n"
      "{\"time\":\"2025-01-01T00:00:00Z\",\"operationName\":\"X/Y/Z\","
      "\"category\":\"Administrative\",\"resourceId\":\"/SUBSCRIPTIONS/1\"}\n",
      "\"TimeGenerated [UTC]\",EventName,AwsEventId\n\"1/2/2025, 1:02:03.000 "
      "PM\",A,\"x\"\"y\"\n",
      "[{\"detail-type\":\"AWS API Call via CloudTrail\",\"detail\":{"
      "\"eventVersion\":\"1.08\",\"eventName\":\"A\",\"eventID\":\"1\"}}]",
  };
  char fpath[300];
  snprintf(fpath, sizeof fpath, "%s/fuzz.json", dir);
  unsigned seed = 7;
  char buf[1024];
  tw_subscription subs[2] = {{TRAWL_TABLE_AWSCLOUDTRAIL, NULL, NULL, 0},
                             {TRAWL_TABLE_AZUREACTIVITY, NULL, NULL, 0}};
  for (int iter = 0; iter < 400; iter++) {
    const char *s = seeds[iter % 4];
    size_t n = strlen(s);
    memcpy(buf, s, n);
    for (int m = 0; m < 1 + iter % 5; m++) {
      seed = seed * 1103515245u + 12345u;
      size_t pos = (seed >> 8) % n;
      seed = seed * 1103515245u + 12345u;
      buf[pos] = (char)(seed >> 16);
    }
    if (iter % 7 == 0) {
      buf[0] = 0x1f;
      buf[1] = (char)0x8b;
    }
    seed = seed * 1103515245u + 12345u;
    size_t len = iter % 3 == 0 ? (seed >> 4) % (n + 1) : n;
    FILE *f = fopen(fpath, "wb");
    fwrite(buf, 1, len, f);
    fclose(f);
    trawl_input_opts o;
    memset(&o, 0, sizeof o);
    o.threads = 1 + iter % 2;
    o.on_event = ignore_event;
    o.max_inflate = 1000;
    const char *paths[2] = {fpath, fpath};
    long rows = 0;
    trawl_diag d;
    CHECK_EQ(tw_read(paths, 2, &o, subs, 2, count_only, &rows, &sum, &d),
             TRAWL_OK);
  }
  unlink(fpath);
}

/* The per-record size cap, through the framing with a small injected
 * limit: the big record is skipped with one message, the next is read. */
typedef struct cap_ctx {
  int records;
  int too_large;
  size_t last_len;
  uint64_t line;
} cap_ctx;

static int cap_sink(void *ctx, tw_block *b) {
  cap_ctx *c = ctx;
  for (size_t i = 0; i < b->nitems; i++) {
    const tw_item *it = &b->items[i];
    if (it->kind == TW_IT_RECORD) {
      c->records++;
      c->last_len = it->len;
    } else if (it->kind == TW_IT_EVENT && it->reason &&
               strcmp(it->reason, "record too large") == 0) {
      c->too_large++;
      c->line = it->line;
    }
  }
  tw_block_put(b);
  return 0;
}

static void test_record_cap(void) {
  char fpath[300];
  snprintf(fpath, sizeof fpath, "%s/big.jsonl", dir);
  FILE *f = fopen(fpath, "wb");
  CHECK(f != NULL);
  if (!f) {
    return;
  }
  fputs("{\"a\":1}\n{\"big\":\"", f);
  for (int i = 0; i < (6 << 20) / 64; i++) {
    fputs("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", f);
  }
  fputs("\"}\n{\"c\":3}\n", f);
  fclose(f);
  const char *paths[] = {fpath};
  volatile int stop = 0;
  tw_frame_opts o;
  memset(&o, 0, sizeof o);
  o.stop = &stop;
  o.max_record = 4096;
  cap_ctx c;
  memset(&c, 0, sizeof c);
  CHECK_EQ(tw_frame_inputs(paths, 1, &o, cap_sink, &c), TRAWL_OK);
  CHECK_EQ(c.records, 2);
  CHECK_EQ(c.too_large, 1);
  CHECK_EQ(c.line, 2);
  CHECK_EQ(c.last_len, 7); /* {"c":3} */
  /* The default cap is far above this record: it is read. */
  o.max_record = 0;
  memset(&c, 0, sizeof c);
  CHECK_EQ(tw_frame_inputs(paths, 1, &o, cap_sink, &c), TRAWL_OK);
  CHECK_EQ(c.records, 3);
  CHECK_EQ(c.too_large, 0);
  unlink(fpath);
}

/* More scans of one table than one read takes: a limit error, no crash. */
static void test_too_many_subs(void) {
  enum { N = TW_MAX_SUBS_PER_TABLE + 1 };
  tw_subscription subs[N];
  memset(subs, 0, sizeof subs);
  for (int i = 0; i < N; i++) {
    subs[i].table = TRAWL_TABLE_AWSCLOUDTRAIL;
  }
  trawl_input_opts o;
  memset(&o, 0, sizeof o);
  o.on_event = ignore_event;
  trawl_diag d;
  long rows = 0;
  const char *paths[1] = {"/dev/null"};
  CHECK_EQ(tw_read(paths, 1, &o, subs, N, count_only, &rows, &sum, &d),
           TRAWL_ERR_LIMIT);
}

int main(void) {
  if (!mkdtemp(dir)) {
    printf("skip reader: no temp dir\n");
    return 0;
  }
  RUN(test_need_and_batches);
  RUN(test_prefilters);
  RUN(test_time_and_has);
  RUN(test_stop_and_order);
  RUN(test_fuzz);
  RUN(test_record_cap);
  RUN(test_too_many_subs);
  unlink(path);
  rmdir(dir);
  return check_done();
}
