/*
 * tests/unit/test_sim.c - the simulator's building blocks (PRNG, GUIDs,
 * deterministic gzip), trawl_simulate's contract, and the test-case
 * comparison that `trawl test` reports with.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "check.h"
#include "sim/gzout.h"
#include "sim/rng.h"
#include "sim/testcase.h"
#include "trawl.h"

static void test_rng_deterministic(void) {
  tw_rng a, b, c;
  tw_rng_seed(&a, 42);
  tw_rng_seed(&b, 42);
  tw_rng_seed(&c, 43);
  int same = 1, differ = 0;
  for (int i = 0; i < 1000; i++) {
    uint64_t x = tw_rng_next(&a), y = tw_rng_next(&b), z = tw_rng_next(&c);
    same &= x == y;
    differ |= x != z;
  }
  CHECK(same);
  CHECK(differ);
  tw_rng_seed(&a, 0);
  CHECK(tw_rng_next(&a) != 0); /* splitmix seeding: no all-zero state */
}

static void test_rng_ranges(void) {
  tw_rng r;
  tw_rng_seed(&r, 7);
  int seen[10] = {0};
  int in_range = 1;
  for (int i = 0; i < 10000; i++) {
    uint64_t v = tw_rng_below(&r, 10);
    in_range &= v < 10;
    if (v < 10) {
      seen[v]++;
    }
    int64_t w = tw_rng_range(&r, -3, 3);
    in_range &= w >= -3 && w <= 3;
  }
  CHECK(in_range);
  for (int i = 0; i < 10; i++) {
    CHECK(seen[i] > 800 && seen[i] < 1200);
  }
  CHECK_EQ(tw_rng_below(&r, 0), 0);
  CHECK_EQ(tw_rng_range(&r, 5, 5), 5);
}

static void test_guid_and_chars(void) {
  tw_rng r;
  tw_rng_seed(&r, 1);
  char g[37];
  tw_rng_guid(&r, g);
  CHECK_EQ(strlen(g), 36);
  CHECK(g[8] == '-' && g[13] == '-' && g[18] == '-' && g[23] == '-');
  CHECK(g[14] == '4');
  CHECK(strchr("89ab", g[19]) != NULL);
  for (int i = 0; i < 36; i++) {
    CHECK(g[i] == '-' || (g[i] >= '0' && g[i] <= '9') ||
          (g[i] >= 'a' && g[i] <= 'f'));
  }
  char s[17];
  tw_rng_chars(&r, s, 16, "AB");
  CHECK_EQ(strlen(s), 16);
  CHECK(strspn(s, "AB") == 16);
}

static int read_all(const char *path, unsigned char *buf, size_t cap,
                    size_t *n) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    return -1;
  }
  *n = fread(buf, 1, cap, f);
  fclose(f);
  return 0;
}

static void test_gzout_roundtrip(void) {
  char dir[] = "/tmp/trawl-test-sim-XXXXXX";
  CHECK(mkdtemp(dir) != NULL);
  char p1[128], p2[128];
  snprintf(p1, sizeof p1, "%s/a.json.gz", dir);
  snprintf(p2, sizeof p2, "%s/b.json.gz", dir);
  static const char text[] = "{\"Records\":[{\"eventName\":\"RunInstances\"}]}";
  for (int k = 0; k < 2; k++) {
    tw_gzout *g = tw_gzout_open(k ? p2 : p1, 6);
    CHECK(g != NULL);
    if (!g) {
      return;
    }
    CHECK_EQ(tw_gzout_write(g, text, 20), 0);
    CHECK_EQ(tw_gzout_write(g, text + 20, sizeof text - 1 - 20), 0);
    CHECK_EQ(tw_gzout_close(g), 0);
  }
  static unsigned char a[4096], b[4096];
  size_t na = 0, nb = 0;
  CHECK_EQ(read_all(p1, a, sizeof a, &na), 0);
  CHECK_EQ(read_all(p2, b, sizeof b, &nb), 0);
  CHECK(na == nb && na > 18 && memcmp(a, b, na) == 0);
  /* magic, deflate, no FNAME flag, mtime 0 */
  CHECK(a[0] == 0x1f && a[1] == 0x8b && a[2] == 8 && a[3] == 0);
  CHECK(a[4] == 0 && a[5] == 0 && a[6] == 0 && a[7] == 0);
  z_stream z;
  memset(&z, 0, sizeof z);
  CHECK_EQ(inflateInit2(&z, 15 + 16), Z_OK);
  unsigned char out[256];
  z.next_in = a;
  z.avail_in = (uInt)na;
  z.next_out = out;
  z.avail_out = sizeof out;
  CHECK_EQ(inflate(&z, Z_FINISH), Z_STREAM_END);
  CHECK_EQ(z.total_out, sizeof text - 1);
  CHECK(memcmp(out, text, sizeof text - 1) == 0);
  inflateEnd(&z);
  unlink(p1);
  unlink(p2);
  rmdir(dir);
}

static void test_simulate_contract(void) {
  trawl_sim_opts o;
  memset(&o, 0, sizeof o);
  trawl_sim_summary s;
  trawl_diag d;
  CHECK_EQ(trawl_simulate("t9999", &o, &s, &d), TRAWL_ERR_USAGE);
  CHECK_EQ(trawl_simulate("t1535", &o, &s, &d), TRAWL_ERR_USAGE);
  o.out_dir = "/nonexistent-trawl-dir/x/y";
  CHECK_EQ(trawl_simulate("t1535", &o, &s, &d), TRAWL_ERR_IO);
  CHECK(strstr(d.message, "/nonexistent-trawl-dir") != NULL);
  char dir[] = "/tmp/trawl-test-sim-XXXXXX";
  CHECK(mkdtemp(dir) != NULL);
  o.out_dir = dir;
  o.accounts = 1;
  o.seed = 3;
  CHECK_EQ(trawl_simulate("t1535", &o, &s, &d), TRAWL_OK);
  CHECK(s.files > 24);
  CHECK_EQ(s.digests, 1);
  CHECK_EQ(s.insights, 1);
  CHECK_EQ(s.attack_events, 5);
  CHECK(s.manifest_lines > s.attack_events);
  CHECK(s.aws_events > 500 && s.azure_records > 100);
  trawl_sim_summary s2;
  CHECK_EQ(trawl_simulate("t1535", &o, &s2, &d), TRAWL_ERR_USAGE);
  CHECK(strstr(d.message, "not empty") != NULL);
  char dir2[] = "/tmp/trawl-test-sim-XXXXXX";
  CHECK(mkdtemp(dir2) != NULL);
  o.out_dir = dir2;
  CHECK_EQ(trawl_simulate("t1535", &o, &s2, &d), TRAWL_OK);
  CHECK(memcmp(&s, &s2, sizeof s) == 0);
  o.accounts = 1000;
  CHECK_EQ(trawl_simulate("t1535", &o, &s, &d), TRAWL_ERR_USAGE);
  char cmd[256];
  snprintf(cmd, sizeof cmd, "rm -rf '%s' '%s'", dir, dir2);
  CHECK_EQ(system(cmd), 0);
}

/* An alert with the given columns (strings are borrowed). */
static tw_tc_alert mk(char **cols, char **vals, size_t n) {
  tw_tc_alert a;
  a.rule = "t1535-unused-regions";
  a.window_end = "2026-03-02T15:00:00Z";
  a.n = n;
  a.cols = cols;
  a.vals = vals;
  return a;
}

static void test_compare(void) {
  char *cols[] = {"AwsEventId", "ResourceLocation", "OperationNameValue"};
  char *v1[] = {"e1", "ap-southeast-1", "RunInstances"};
  char *v2[] = {"e2", "sa-east-1", "CreateBucket"};
  tw_tc_alert got[2] = {mk(cols, v1, 3), mk(cols, v2, 3)};
  char *f1[] = {"AwsEventId", "ResourceLocation"};
  char *x1[] = {"e1", "ap-southeast-1"};
  char *x2[] = {"e2", "eu-west-1"};
  char *fr[] = {"rule"};
  char *xr[] = {"t1535-unused-regions"};
  tw_tc_pattern ok_pat = {2, f1, x1, 10};
  tw_tc_pattern bad_pat = {2, f1, x2, 12};
  tw_tc_pattern rule_pat = {1, fr, xr, 14};
  tw_buf out;
  tw_buf_init(&out, 0);

  tw_tc_expect ex = {2, &ok_pat, 1, NULL, 0};
  CHECK_EQ(tw_tc_compare(&ex, got, 2, &out), 1);
  CHECK_EQ(out.len, 0);

  tw_tc_expect miss = {-1, &bad_pat, 1, NULL, 0};
  CHECK_EQ(tw_tc_compare(&miss, got, 2, &out), 0);
  CHECK(strstr(out.data, "missing alert (expect.match #1, line 12)") != NULL);
  CHECK(strstr(out.data, "ResourceLocation: expected \"eu-west-1\", got "
                         "\"sa-east-1\"") != NULL);

  tw_buf_clear(&out);
  tw_tc_expect count = {1, &ok_pat, 1, NULL, 0};
  CHECK_EQ(tw_tc_compare(&count, got, 2, &out), 0);
  CHECK(strstr(out.data, "expected 1 alert, got 2") != NULL);
  CHECK(strstr(out.data, "unexpected alert: {") != NULL);
  CHECK(strstr(out.data, "\"e2\"") != NULL);
  CHECK(strstr(out.data, "\"e1\"") == NULL); /* claimed by the match */

  tw_buf_clear(&out);
  tw_tc_expect none = {-1, NULL, 0, &ok_pat, 1};
  CHECK_EQ(tw_tc_compare(&none, got, 2, &out), 0);
  CHECK(strstr(out.data, "must not alert") != NULL);

  /* Each match entry needs its own alert; virtual field `rule`. */
  tw_buf_clear(&out);
  tw_tc_pattern two[3] = {rule_pat, rule_pat, rule_pat};
  tw_tc_expect twice = {-1, two, 2, NULL, 0};
  CHECK_EQ(tw_tc_compare(&twice, got, 2, &out), 1);
  tw_tc_expect thrice = {-1, two, 3, NULL, 0};
  CHECK_EQ(tw_tc_compare(&thrice, got, 2, &out), 0);

  tw_buf_clear(&out);
  tw_tc_expect empty = {0, &ok_pat, 1, NULL, 0};
  CHECK_EQ(tw_tc_compare(&empty, NULL, 0, &out), 0);
  CHECK(strstr(out.data, "no alert at all") != NULL);
  CHECK_STR(tw_tc_field(&got[0], "window_end"), "2026-03-02T15:00:00Z");
  CHECK(tw_tc_field(&got[0], "NoSuchColumn") == NULL);
  tw_buf_free(&out);
}

int main(void) {
  RUN(test_rng_deterministic);
  RUN(test_rng_ranges);
  RUN(test_guid_and_chars);
  RUN(test_gzout_roundtrip);
  RUN(test_simulate_contract);
  RUN(test_compare);
  return check_done();
}
