/*
 * sim/sim_insight.c - CloudTrail Insights objects for `trawl simulate`.
 *
 * Real trails with Insights enabled write a CloudTrail-Insight/ folder
 * beside CloudTrail/ in the same bucket: `{"Records":[...]}` objects whose
 * records have another shape (log-formats.md 1.3: no userIdentity or
 * request, an insightDetails object, a Start and an End record linked by
 * sharedEventID). Readers must count them, not turn them into rows. One
 * ApiCallRateInsight pair per account and day, drawn from s->aux.
 */
#include <string.h>

#include "base/timeutil.h"
#include "sim/sim.h"

static void insight(tw_sim *s, tw_buf *b, const tw_sim_account *a,
                    int64_t t, const char *state, const char *shared) {
  char iso[32], id[37];
  tw_sim_iso(t, iso);
  tw_rng_guid(&s->aux, id);
  tw_buf_printf(b,
                "{\"eventVersion\":\"1.08\",\"eventTime\":\"%s\","
                "\"awsRegion\":\"us-east-1\",\"eventID\":\"%s\","
                "\"eventType\":\"AwsCloudTrailInsight\","
                "\"recipientAccountId\":\"%s\",\"sharedEventID\":\"%s\","
                "\"insightDetails\":{\"state\":\"%s\",\"eventSource\":"
                "\"ec2.amazonaws.com\",\"eventName\":\"DescribeInstances\","
                "\"insightType\":\"ApiCallRateInsight\",\"insightContext\":"
                "{\"statistics\":{\"baseline\":{\"average\":0.4166667},"
                "\"insight\":{\"average\":6.25}%s}}},"
                "\"eventCategory\":\"Insight\"}",
                iso, id, a->id, shared, state,
                strcmp(state, "End") == 0 ? ",\"insightDuration\":40" : "");
}

void tw_sim_aws_insights(tw_sim *s, tw_sim_account *a, int64_t day) {
  if (s->failed) {
    return;
  }
  int64_t start = day + tw_rng_range(&s->aux, 8 * 3600, 11 * 3600) *
                            TW_TICKS_PER_SECOND;
  int64_t end = start + 40 * TW_TICKS_PER_MINUTE;
  int64_t d = end + tw_rng_range(&s->aux, 300, 900) * TW_TICKS_PER_SECOND;
  char shared[37], rnd[17];
  tw_rng_guid(&s->aux, shared);
  tw_rng_chars(&s->aux, rnd, 16,
               "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789");
  int64_t y;
  int mo, dd;
  tw_civil_from_days(d / TW_TICKS_PER_DAY, &y, &mo, &dd);
  int64_t sod = d % TW_TICKS_PER_DAY / TW_TICKS_PER_SECOND;
  tw_buf_clear(&s->path);
  tw_buf_printf(&s->path,
                "%s/AWSLogs/%s/CloudTrail-Insight/us-east-1/%04lld/%02d/%02d/"
                "%s_CloudTrail-Insight_us-east-1_%04lld%02d%02dT%02d%02dZ_%s"
                ".json.gz",
                s->o.out_dir, a->id, (long long)y, mo, dd, a->id,
                (long long)y, mo, dd, (int)(sod / 3600), (int)(sod / 60 % 60),
                rnd);
  if (tw_sim_mkdirs(s, s->path.data) != 0) {
    return;
  }
  tw_buf *b = &s->rec;
  tw_buf_clear(b);
  tw_buf_adds(b, "{\"Records\":[");
  insight(s, b, a, start, "Start", shared);
  tw_buf_addc(b, ',');
  insight(s, b, a, end, "End", shared);
  tw_buf_adds(b, "]}");
  tw_gzout *g = tw_gzout_open(s->path.data, s->gz_level);
  if (!g) {
    tw_sim_fail(s, "cannot create", s->path.data);
    return;
  }
  int bad = tw_gzout_write(g, b->data, b->len) != 0;
  bad |= tw_gzout_close(g) != 0;
  if (bad) {
    tw_sim_fail(s, "cannot write", s->path.data);
    return;
  }
  s->sum->insights++;
}
