/*
 * sim/simulate.c - trawl_simulate: the T1535 scenario end to end.
 *
 * Walks the requested days in CloudTrail delivery slots (an hour, or five
 * minutes for large --size runs) per AWS account, then hour by hour per
 * Azure subscription, writing each object as it goes (memory stays at one
 * record plus zlib state per open region file). Writes a digest per
 * account and DIR/manifest.jsonl. The order in which random numbers are
 * drawn is fixed, so output is a function of the seed and options only.
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/limits.h"
#include "base/timeutil.h"
#include "sim/sim.h"


void tw_sim_jstr(tw_buf *b, const char *s) {
  static const char hex[] = "0123456789abcdef";
  tw_buf_addc(b, '"');
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    unsigned char c = *p;
    if (c == '"' || c == '\\') {
      tw_buf_addc(b, '\\');
      tw_buf_addc(b, (char)c);
    } else if (c == '\n') {
      tw_buf_adds(b, "\\n");
    } else if (c == '\t') {
      tw_buf_adds(b, "\\t");
    } else if (c < 0x20) {
      char u[7] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15], 0};
      tw_buf_adds(b, u);
    } else {
      tw_buf_addc(b, (char)c);
    }
  }
  tw_buf_addc(b, '"');
}

void tw_sim_iso(int64_t ticks, char out[32]) {
  int64_t y;
  int mo, d;
  int64_t days = ticks / TW_TICKS_PER_DAY;
  int64_t sod = ticks % TW_TICKS_PER_DAY / TW_TICKS_PER_SECOND;
  tw_civil_from_days(days, &y, &mo, &d);
  snprintf(out, 32, "%04lld-%02d-%02dT%02d:%02d:%02dZ", (long long)y, mo, d,
           (int)(sod / 3600), (int)(sod / 60 % 60), (int)(sod % 60));
}

void tw_sim_fail(tw_sim *s, const char *what, const char *path) {
  if (s->failed) {
    return;
  }
  s->failed = 1;
  if (s->diag) {
    memset(s->diag, 0, sizeof *s->diag);
    s->diag->code = TRAWL_ERR_IO;
    snprintf(s->diag->message, sizeof s->diag->message, "%s %s: %s", what,
             path, strerror(errno ? errno : EIO));
  }
}

int tw_sim_mkdirs(tw_sim *s, const char *path) {
  char buf[4096];
  size_t n = strlen(path);
  if (n >= sizeof buf) {
    errno = ENAMETOOLONG;
    tw_sim_fail(s, "path too long:", path);
    return -1;
  }
  memcpy(buf, path, n + 1);
  for (size_t i = 1; i < n; i++) {
    if (buf[i] != '/') {
      continue;
    }
    buf[i] = '\0';
    if (mkdir(buf, 0755) != 0 && errno != EEXIST) {
      tw_sim_fail(s, "cannot create folder", buf);
      return -1;
    }
    buf[i] = '/';
  }
  return 0;
}

void tw_sim_manifest(tw_sim *s, const char *id, const char *cloud,
                     const char *test, const char *event,
                     const char *region, int64_t t, int alert,
                     int seed_alert, const char *why) {
  if (s->failed) {
    return;
  }
  tw_buf *b = &s->tmp;
  char iso[32];
  tw_sim_iso(t, iso);
  tw_buf_clear(b);
  tw_buf_printf(b, "{\"id\":\"%s\",\"cloud\":\"%s\",\"table\":\"%s\","
                   "\"test\":",
                id, cloud, strcmp(cloud, "aws") == 0 ? "AWSCloudTrail"
                                                     : "AzureActivity");
  tw_sim_jstr(b, test);
  tw_buf_adds(b, ",\"event\":");
  tw_sim_jstr(b, event);
  tw_buf_printf(b, ",\"region\":\"%s\",\"time\":\"%s\",\"rule\":\"%s\","
                   "\"alert\":%s,\"seed_rule\":\"%s\",\"seed_alert\":%s,"
                   "\"why\":",
                region, iso, TW_SIM_RULE_ID, alert ? "true" : "false",
                TW_SIM_SEED_RULE_ID, seed_alert ? "true" : "false");
  tw_sim_jstr(b, why);
  tw_buf_adds(b, "}\n");
  if (fwrite(b->data, 1, b->len, s->manifest) != b->len) {
    tw_sim_fail(s, "cannot write", "manifest.jsonl");
    return;
  }
  s->sum->manifest_lines++;
  if (alert) {
    s->sum->attack_events++;
  }
}

/* One digest per account, at the end of the span, covering its last
 * us-east-1 log file (the home region of the simulated trail). */
static void digest(tw_sim *s, tw_sim_account *a, int64_t end) {
  int64_t y;
  int mo, d;
  tw_civil_from_days(end / TW_TICKS_PER_DAY, &y, &mo, &d);
  int64_t sod = end % TW_TICKS_PER_DAY / TW_TICKS_PER_SECOND;
  char stamp[32], from[32], to[32], hash[65], sig[129], prev[65];
  snprintf(stamp, sizeof stamp, "%04lld%02d%02dT%02d%02d%02dZ", (long long)y,
           mo, d, (int)(sod / 3600), (int)(sod / 60 % 60), (int)(sod % 60));
  tw_sim_iso(end - TW_TICKS_PER_HOUR, from);
  tw_sim_iso(end, to);
  tw_rng_chars(&s->rng, hash, 64, "0123456789abcdef");
  tw_rng_chars(&s->rng, sig, 128, "0123456789abcdef");
  tw_rng_chars(&s->rng, prev, 64, "0123456789abcdef");
  tw_buf_clear(&s->path);
  tw_buf_printf(&s->path,
                "%s/AWSLogs/%s/CloudTrail-Digest/us-east-1/%04lld/%02d/%02d/"
                "%s_CloudTrail-Digest_us-east-1_org-trail_us-east-1_%s.json.gz",
                s->o.out_dir, a->id, (long long)y, mo, d, a->id, stamp);
  if (tw_sim_mkdirs(s, s->path.data) != 0) {
    return;
  }
  tw_buf *b = &s->rec;
  tw_buf_clear(b);
  tw_buf_printf(b,
                "{\"awsAccountId\":\"%s\",\"digestStartTime\":\"%s\","
                "\"digestEndTime\":\"%s\",\"digestS3Bucket\":"
                "\"aws-cloudtrail-logs-%s\",\"digestS3Object\":\"%s\","
                "\"digestPublicKeyFingerprint\":\"%.32s\","
                "\"digestSignatureAlgorithm\":\"SHA256withRSA\","
                "\"newestEventTime\":\"%s\",\"oldestEventTime\":\"%s\","
                "\"previousDigestS3Bucket\":\"aws-cloudtrail-logs-%s\","
                "\"previousDigestS3Object\":null,\"previousDigestHashValue\":"
                "\"%s\",\"previousDigestHashAlgorithm\":\"SHA-256\","
                "\"previousDigestSignature\":\"%s\",\"logFiles\":[",
                a->id, from, to, a->id,
                s->path.data + strlen(s->o.out_dir) + 1, sig, to, from,
                a->id, prev, sig);
  if (a->last_file[0][0]) {
    tw_buf_printf(b,
                  "{\"s3Bucket\":\"aws-cloudtrail-logs-%s\",\"s3Object\":"
                  "\"%s\",\"hashValue\":\"%s\",\"hashAlgorithm\":\"SHA-256\","
                  "\"newestEventTime\":\"%s\",\"oldestEventTime\":\"%s\"}",
                  a->id, a->last_file[0], hash, to, from);
  }
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
  s->sum->digests++;
}

static int dir_is_empty(const char *path) {
  DIR *d = opendir(path);
  if (!d) {
    return 0;
  }
  struct dirent *e;
  int empty = 1;
  while (empty && (e = readdir(d)) != NULL) {
    empty = strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0;
  }
  closedir(d);
  return empty;
}

static trawl_status usage(trawl_diag *diag, const char *msg) {
  if (diag) {
    memset(diag, 0, sizeof *diag);
    diag->code = TRAWL_ERR_USAGE;
    snprintf(diag->message, sizeof diag->message, "%s", msg);
  }
  return TRAWL_ERR_USAGE;
}

trawl_status trawl_simulate(const char *scenario, const trawl_sim_opts *opts,
                            trawl_sim_summary *sum, trawl_diag *diag) {
  trawl_sim_summary dummy;
  if (!sum) {
    sum = &dummy;
  }
  memset(sum, 0, sizeof *sum);
  if (!scenario || strcmp(scenario, "t1535") != 0) {
    return usage(diag, "unknown scenario (known: t1535)");
  }
  if (!opts || !opts->out_dir || !opts->out_dir[0]) {
    return usage(diag, "no output folder");
  }
  tw_sim s;
  memset(&s, 0, sizeof s);
  s.o = *opts;
  s.sum = sum;
  s.diag = diag;
  if (!s.o.has_start) {
    /* 2026-03-02T00:00:00Z, a Monday: the fixed default first day. */
    s.o.start = tw_days_from_civil(2026, 3, 2) * TW_TICKS_PER_DAY;
  }
  /* Whole seconds keep CloudTrail times exact. */
  s.o.start -= s.o.start % TW_TICKS_PER_SECOND;
  if (s.o.start < 0 || s.o.start > tw_days_from_civil(9000, 1, 1) *
                                        TW_TICKS_PER_DAY) {
    return usage(diag, "start time out of range");
  }
  if (s.o.accounts <= 0) {
    s.o.accounts = 2;
  }
  if (s.o.days <= 0) {
    s.o.days = 1;
  }
  if (s.o.accounts > TW_SIM_MAX_ACCOUNTS || s.o.days > TW_SIM_MAX_DAYS) {
    return usage(diag, "too many accounts or days (limits: 100 accounts, "
                       "366 days)");
  }
  if (s.o.size > TW_SIM_MAX_BYTES) {
    return usage(diag, "--size is larger than 1 TiB");
  }
  s.nacct = s.o.accounts;
  s.slot_len = s.o.size > ((unsigned long long)256 << 20)
                   ? 5 * TW_TICKS_PER_MINUTE
                   : TW_TICKS_PER_HOUR;
  s.gz_level = s.o.size > ((unsigned long long)64 << 20) ? 1 : 6;
  int64_t span = (int64_t)s.o.days * TW_TICKS_PER_DAY;
  int64_t nslots = span / s.slot_len;
  if (s.o.size) {
    unsigned long long aws = s.o.size / 100 * 85, az = s.o.size - aws;
    s.aws_budget = aws / ((unsigned long long)s.nacct * (uint64_t)nslots);
    s.az_budget = az / ((unsigned long long)s.nacct * (uint64_t)s.o.days * 24);
    if (s.aws_budget == 0) {
      s.aws_budget = 1;
    }
    if (s.az_budget == 0) {
      s.az_budget = 1;
    }
  }
  /* Attack on the last day, early afternoon. */
  s.attack_at = s.o.start + span - TW_TICKS_PER_DAY +
                (14 * 3600 + 7 * 60 + 12) * TW_TICKS_PER_SECOND;
  tw_rng_seed(&s.rng, s.o.seed);
  tw_rng_seed(&s.aux, s.o.seed ^ 0x5eed0a0c5eed0a0cULL);
  tw_buf_init(&s.rec, 0);
  tw_buf_init(&s.req, 0);
  tw_buf_init(&s.resp, 0);
  tw_buf_init(&s.add, 0);
  tw_buf_init(&s.tmp, 0);
  tw_buf_init(&s.path, 0);
  s.acct = calloc((size_t)s.nacct, sizeof *s.acct);
  s.sub = calloc((size_t)s.nacct, sizeof *s.sub);
  trawl_status st = TRAWL_OK;
  if (!s.acct || !s.sub) {
    st = TRAWL_ERR_NOMEM;
    if (diag) {
      memset(diag, 0, sizeof *diag);
      diag->code = st;
      snprintf(diag->message, sizeof diag->message, "out of memory");
    }
    goto done;
  }
  if (mkdir(s.o.out_dir, 0755) != 0 && errno != EEXIST) {
    tw_sim_fail(&s, "cannot create folder", s.o.out_dir);
    goto done;
  }
  if (!dir_is_empty(s.o.out_dir)) {
    /* Old objects from another seed or span would mix with the new ones
     * and the manifest would no longer describe the folder. */
    char msg[400];
    snprintf(msg, sizeof msg, "%.200s is not empty; give a new folder "
             "(trawl simulate never overwrites or deletes files)",
             s.o.out_dir);
    st = usage(diag, msg);
    goto done;
  }
  tw_buf_clear(&s.path);
  tw_buf_printf(&s.path, "%s/manifest.jsonl", s.o.out_dir);
  s.manifest = fopen(s.path.data, "wb");
  if (!s.manifest) {
    tw_sim_fail(&s, "cannot create", s.path.data);
    goto done;
  }
  for (int i = 0; i < s.nacct; i++) {
    tw_sim_aws_init(&s, &s.acct[i], i);
  }
  for (int i = 0; i < s.nacct; i++) {
    tw_sim_azure_init(&s, &s.sub[i], i);
  }
  for (int i = 0; i < s.nacct && !s.failed; i++) {
    for (int64_t k = 0; k < nslots && !s.failed; k++) {
      int64_t t0 = s.o.start + k * s.slot_len;
      tw_sim_aws_slot(&s, &s.acct[i], i, t0, t0 + s.slot_len);
    }
    digest(&s, &s.acct[i], s.o.start + span);
    for (int dd = 0; dd < s.o.days && !s.failed; dd++) {
      tw_sim_aws_insights(&s, &s.acct[i], s.o.start + dd * TW_TICKS_PER_DAY);
    }
  }
  for (int i = 0; i < s.nacct && !s.failed; i++) {
    for (int64_t h = 0; h < (int64_t)s.o.days * 24 && !s.failed; h++) {
      tw_sim_azure_hour(&s, &s.sub[i], i, s.o.start + h * TW_TICKS_PER_HOUR);
    }
  }
done:
  if (s.manifest && fclose(s.manifest) != 0) {
    tw_sim_fail(&s, "cannot write", "manifest.jsonl");
  }
  if (s.failed && st == TRAWL_OK) {
    st = TRAWL_ERR_IO;
  }
  free(s.acct);
  free(s.sub);
  tw_buf_free(&s.rec);
  tw_buf_free(&s.req);
  tw_buf_free(&s.resp);
  tw_buf_free(&s.add);
  tw_buf_free(&s.tmp);
  tw_buf_free(&s.path);
  return st;
}
