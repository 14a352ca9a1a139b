/*
 * sim/sim_aws.c - CloudTrail records for `trawl simulate t1535`.
 *
 * Each account has a fixed cast of principals (admins, an IaC role, a
 * read-only SSO role, a CI user, root, AWS services). Background activity
 * is mostly reads, with creates only in the seed's approved regions,
 * failed calls, console sign-ins and global-service (IAM, CloudFront,
 * Route 53, STS) events logged in us-east-1 as AWS logs them. Once a day
 * each account also produces decoys (near misses a rule must not alert
 * on), and on the last day account 0 is hit by the seed's AWS atomic
 * tests 1-3. Records go to the slot's per-region .json.gz streams.
 */
#include <string.h>

#include "base/timeutil.h"
#include "sim/sim.h"

const char *const tw_sim_regions[TW_SIM_NREGIONS] = {
    "us-east-1",      "us-west-2",      "eu-west-1",  "eu-central-1",
    "us-east-2",      "us-west-1",      "ca-central-1", "eu-west-2",
    "eu-west-3",      "eu-north-1",     "ap-south-1", "ap-northeast-1",
    "ap-northeast-2", "ap-southeast-1", "ap-southeast-2", "sa-east-1"};

#define UPPER_ALNUM "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
#define LOWER_HEX "0123456789abcdef"
#define LOWER_ALNUM "abcdefghijklmnopqrstuvwxyz0123456789"

/* One CloudTrail record to write. Unset strings are left out. */
typedef struct aws_ev {
  int64_t t;
  const tw_sim_principal *p;
  const char *source;
  const char *name;
  const char *region;
  const char *req;        /* JSON text; NULL = null */
  const char *resp;       /* JSON text; NULL = null */
  const char *add;        /* additionalEventData JSON, or NULL */
  const char *err_code;
  const char *err_msg;
  int read_only;
  const char *event_type; /* NULL = AwsApiCall */
  int no_request_id;
  const char *host;       /* tlsDetails host header, or NULL */
  int no_tls;
  char event_id[37];      /* filled by aws_emit */
} aws_ev;

static int region_index(const char *r) {
  for (int i = 0; i < TW_SIM_NREGIONS; i++) {
    if (strcmp(tw_sim_regions[i], r) == 0) {
      return i;
    }
  }
  return 0;
}

static void set_principal(tw_sim *s, tw_sim_principal *p, const char *type,
                          const char *name, const char *ua) {
  memset(p, 0, sizeof *p);
  p->type = type;
  snprintf(p->name, sizeof p->name, "%s", name);
  p->ua = ua;
  char r[18];
  tw_rng_chars(&s->rng, r, 17, UPPER_ALNUM);
  if (strcmp(type, "IAMUser") == 0) {
    snprintf(p->principal_id, sizeof p->principal_id, "AIDA%s", r);
    tw_rng_chars(&s->rng, r, 16, UPPER_ALNUM);
    snprintf(p->access_key, sizeof p->access_key, "AKIA%s", r);
  } else if (strcmp(type, "AssumedRole") == 0) {
    snprintf(p->role_id, sizeof p->role_id, "AROA%s", r);
    tw_rng_chars(&s->rng, r, 16, UPPER_ALNUM);
    snprintf(p->access_key, sizeof p->access_key, "ASIA%s", r);
  }
  snprintf(p->ip, sizeof p->ip, "%s.%d",
           TW_RNG_PICK(&s->rng, ((const char *const[]){"192.0.2", "198.51.100"})),
           (int)tw_rng_range(&s->rng, 10, 250));
}

void tw_sim_aws_init(tw_sim *s, tw_sim_account *a, int index) {
  memset(a, 0, sizeof *a);
  /* 12-digit account ids, distinct per index. */
  snprintf(a->id, sizeof a->id, "%04d%08llu", 1000 + index * 1111 % 9000,
           (unsigned long long)tw_rng_below(&s->rng, 100000000ULL));
  tw_sim_principal *p = a->p;
  set_principal(s, &p[TW_P_ALICE], "IAMUser", "alice.admin",
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
                "(KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36");
  set_principal(s, &p[TW_P_BOB], "IAMUser", "bob.dev",
                "aws-cli/2.15.30 Python/3.11.8 Darwin/23.4.0 exe/x86_64 "
                "prompt/off");
  set_principal(s, &p[TW_P_TERRAFORM], "AssumedRole", "terraform-deployer",
                "APN/1.0 HashiCorp/1.0 Terraform/1.7.5 "
                "(+https://www.terraform.io) terraform-provider-aws/5.40.0 "
                "(+https://registry.terraform.io/providers/hashicorp/aws) "
                "aws-sdk-go-v2/1.25.3 os/linux lang/go#1.21.8 md/GOOS#linux "
                "md/GOARCH#amd64 api/ec2#1.150.1");
  snprintf(p[TW_P_TERRAFORM].session, sizeof p->session,
           "terraform-run-%llu",
           (unsigned long long)tw_rng_range(&s->rng, 10000, 99999));
  set_principal(s, &p[TW_P_READONLY], "AssumedRole",
                "AWSReservedSSO_ReadOnlyAccess_7c1f2a9b3d4e5f60",
                "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) "
                "AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 "
                "Safari/605.1.15");
  snprintf(p[TW_P_READONLY].session, sizeof p->session,
           "carol@example.com");
  set_principal(s, &p[TW_P_CI], "IAMUser", "ci-deployer",
                "Boto3/1.34.69 md/Botocore#1.34.69 ua/2.0 os/linux#5.15.0 "
                "md/arch#x86_64 lang/python#3.11.8 cfg/retry-mode#legacy "
                "Botocore/1.34.69");
  set_principal(s, &p[TW_P_ROOT], "Root", "", "Mozilla/5.0 (X11; Linux "
                "x86_64; rv:124.0) Gecko/20100101 Firefox/124.0");
  snprintf(p[TW_P_ROOT].principal_id, sizeof p->principal_id, "%s", a->id);
  p[TW_P_ROOT].access_key[0] = '\0';
  set_principal(s, &p[TW_P_SERVICE], "AWSService", "", NULL);
  /* The attacker replays the CI user's long-term key from elsewhere. */
  p[TW_P_ATTACKER] = p[TW_P_CI];
  snprintf(p[TW_P_ATTACKER].ip, sizeof p->ip, "203.0.113.%d",
           (int)tw_rng_range(&s->rng, 10, 250));
  p[TW_P_ATTACKER].ua =
      "aws-cli/2.15.30 Python/3.11.8 Linux/6.5.0-1016-azure exe/x86_64.ubuntu.22 "
      "prompt/off command/ec2.run-instances";
  for (int i = 0; i < TW_SIM_NDECOYS; i++) {
    /* Spread over the day, away from midnight. */
    a->decoy_at[i] = tw_rng_range(&s->rng, 1 * 3600, 22 * 3600) *
                     TW_TICKS_PER_SECOND;
  }
  /* An IAM Identity Center user (no arn, principalId or userName since
   * 2025: onBehalfOf instead). Drawn from s->aux. */
  tw_sim_principal *idc = &p[TW_P_IDC];
  memset(idc, 0, sizeof *idc);
  idc->type = "IdentityCenterUser";
  tw_rng_guid(&s->aux, idc->principal_id);
  char store[11];
  tw_rng_chars(&s->aux, store, 10, LOWER_HEX);
  snprintf(idc->role_id, sizeof idc->role_id, "d-%s", store);
  snprintf(idc->ip, sizeof idc->ip, "192.0.2.%d",
           (int)tw_rng_range(&s->aux, 10, 250));
  idc->ua = "aws-cli/2.15.30 Python/3.11.8 Windows/10 exe/AMD64 prompt/off";
  (void)index;
}

/* ---------------------------------------------------------------- writer */

static void add_identity(tw_buf *b, const tw_sim_account *a,
                         const tw_sim_principal *p, int64_t t) {
  char iso[32];
  if (strcmp(p->type, "AWSService") == 0) {
    tw_buf_printf(b, "{\"type\":\"AWSService\",\"invokedBy\":");
    tw_sim_jstr(b, p->invoked_by ? p->invoked_by : "ec2.amazonaws.com");
    tw_buf_adds(b, "}");
    return;
  }
  if (strcmp(p->type, "IdentityCenterUser") == 0) {
    tw_buf_printf(b,
                  "{\"type\":\"IdentityCenterUser\",\"accountId\":\"%s\","
                  "\"onBehalfOf\":{\"userId\":\"%s\",\"identityStoreArn\":"
                  "\"arn:aws:identitystore::%s:identitystore/%s\"}}",
                  a->id, p->principal_id, a->id, p->role_id);
    return;
  }
  if (strcmp(p->type, "Root") == 0) {
    tw_buf_printf(b,
                  "{\"type\":\"Root\",\"principalId\":\"%s\",\"arn\":\"arn:"
                  "aws:iam::%s:root\",\"accountId\":\"%s\",\"accessKeyId\":"
                  "\"\"}",
                  a->id, a->id, a->id);
    return;
  }
  if (strcmp(p->type, "IAMUser") == 0) {
    tw_buf_printf(b,
                  "{\"type\":\"IAMUser\",\"principalId\":\"%s\",\"arn\":\"arn:"
                  "aws:iam::%s:user/%s\",\"accountId\":\"%s\",\"accessKeyId\":"
                  "\"%s\",\"userName\":\"%s\"}",
                  p->principal_id, a->id, p->name, a->id, p->access_key,
                  p->name);
    return;
  }
  /* AssumedRole: session created up to an hour before the call. */
  tw_sim_iso(t - (t / TW_TICKS_PER_SECOND % 3000) * TW_TICKS_PER_SECOND, iso);
  tw_buf_printf(b,
                "{\"type\":\"AssumedRole\",\"principalId\":\"%s:%s\",\"arn\":"
                "\"arn:aws:sts::%s:assumed-role/%s/%s\",\"accountId\":\"%s\","
                "\"accessKeyId\":\"%s\",\"sessionContext\":{\"sessionIssuer\":"
                "{\"type\":\"Role\",\"principalId\":\"%s\",\"arn\":\"arn:aws:"
                "iam::%s:role/%s\",\"accountId\":\"%s\",\"userName\":\"%s\"},"
                "\"webIdFederationData\":{},\"attributes\":{\"creationDate\":"
                "\"%s\",\"mfaAuthenticated\":\"false\"}}}",
                p->role_id, p->session, a->id, p->name, p->session, a->id,
                p->access_key, p->role_id, a->id, p->name, a->id, p->name,
                iso);
}

static void write_record(tw_sim *s, tw_sim_account *a, aws_ev *e) {
  tw_buf *b = &s->rec;
  char iso[32], rid[37];
  tw_buf_clear(b);
  tw_rng_guid(&s->rng, e->event_id);
  tw_rng_guid(&s->rng, rid);
  tw_sim_iso(e->t, iso);
  const char *etype = e->event_type ? e->event_type : "AwsApiCall";
  tw_buf_adds(b, "{\"eventVersion\":\"");
  tw_buf_adds(b, strcmp(etype, "AwsConsoleSignIn") == 0 ? "1.09" : "1.10");
  tw_buf_adds(b, "\",\"userIdentity\":");
  add_identity(b, a, e->p, e->t);
  tw_buf_printf(b, ",\"eventTime\":\"%s\",\"eventSource\":\"%s\","
                   "\"eventName\":\"%s\",\"awsRegion\":\"%s\","
                   "\"sourceIPAddress\":",
                iso, e->source, e->name, e->region);
  int service = strcmp(e->p->type, "AWSService") == 0;
  const char *svc = e->p->invoked_by ? e->p->invoked_by : "ec2.amazonaws.com";
  tw_sim_jstr(b, service ? svc : e->p->ip);
  tw_buf_adds(b, ",\"userAgent\":");
  tw_sim_jstr(b, service ? svc : e->p->ua);
  if (e->err_code) {
    tw_buf_adds(b, ",\"errorCode\":");
    tw_sim_jstr(b, e->err_code);
  }
  if (e->err_msg) {
    tw_buf_adds(b, ",\"errorMessage\":");
    tw_sim_jstr(b, e->err_msg);
  }
  tw_buf_printf(b, ",\"requestParameters\":%s,\"responseElements\":%s",
                e->req ? e->req : "null", e->resp ? e->resp : "null");
  if (e->add) {
    tw_buf_printf(b, ",\"additionalEventData\":%s", e->add);
  }
  if (!e->no_request_id) {
    if (strcmp(e->source, "s3.amazonaws.com") == 0) {
      char r[17];
      tw_rng_chars(&s->rng, r, 16, "0123456789ABCDEF");
      tw_buf_printf(b, ",\"requestID\":\"%s\"", r);
    } else {
      tw_buf_printf(b, ",\"requestID\":\"%s\"", rid);
    }
  }
  tw_buf_printf(b, ",\"eventID\":\"%s\",\"readOnly\":%s,\"eventType\":\"%s\","
                   "\"managementEvent\":true,\"recipientAccountId\":\"%s\","
                   "\"eventCategory\":\"Management\"",
                e->event_id, e->read_only ? "true" : "false", etype, a->id);
  if (!e->no_tls && !service) {
    char host[128];
    if (e->host) {
      snprintf(host, sizeof host, "%s", e->host);
    } else {
      const char *svcname = e->source;
      size_t n = strcspn(svcname, ".");
      snprintf(host, sizeof host, "%.*s.%s.amazonaws.com", (int)n, svcname,
               e->region);
    }
    tw_buf_printf(b, ",\"tlsDetails\":{\"tlsVersion\":\"TLSv1.3\","
                     "\"cipherSuite\":\"TLS_AES_128_GCM_SHA256\","
                     "\"clientProvidedHostHeader\":\"%s\"}",
                  host);
  }
  if (e->no_tls && !service && strcmp(etype, "AwsApiCall") == 0) {
    /* console-proxied calls: no tlsDetails, this marker (a string) */
    tw_buf_adds(b, ",\"sessionCredentialFromConsole\":\"true\"");
  }
  tw_buf_adds(b, "}");
}

/* Open the region's file of this slot if needed and append the record. */
static void emit(tw_sim *s, tw_sim_account *a, aws_ev *e, int64_t t1) {
  if (s->failed) {
    return;
  }
  write_record(s, a, e);
  int r = region_index(e->region);
  if (!a->gz[r]) {
    /* Delivered a few minutes after the slot closes (file name and
     * folders use the delivery time, not the event time). */
    int64_t d = t1 + tw_rng_range(&s->rng, 60, 420) * TW_TICKS_PER_SECOND;
    int64_t y;
    int mo, dd;
    tw_civil_from_days(d / TW_TICKS_PER_DAY, &y, &mo, &dd);
    int64_t sod = d % TW_TICKS_PER_DAY / TW_TICKS_PER_SECOND;
    char rnd[17];
    tw_rng_chars(&s->rng, rnd, 16,
                 "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789");
    tw_buf_clear(&s->path);
    tw_buf_printf(&s->path,
                  "%s/AWSLogs/%s/CloudTrail/%s/%04lld/%02d/%02d/"
                  "%s_CloudTrail_%s_%04lld%02d%02dT%02d%02dZ_%s.json.gz",
                  s->o.out_dir, a->id, e->region, (long long)y, mo, dd, a->id,
                  e->region, (long long)y, mo, dd, (int)(sod / 3600),
                  (int)(sod / 60 % 60), rnd);
    if (tw_sim_mkdirs(s, s->path.data) != 0) {
      return;
    }
    a->gz[r] = tw_gzout_open(s->path.data, s->gz_level);
    if (!a->gz[r]) {
      tw_sim_fail(s, "cannot create", s->path.data);
      return;
    }
    snprintf(a->last_file[r], sizeof a->last_file[r], "%s",
             s->path.data + strlen(s->o.out_dir) + 1);
    a->nrec[r] = 0;
    s->sum->files++;
    if (tw_gzout_write(a->gz[r], "{\"Records\":[", 12) != 0) {
      tw_sim_fail(s, "cannot write", s->path.data);
      return;
    }
  }
  if ((a->nrec[r] && tw_gzout_write(a->gz[r], ",", 1) != 0) ||
      tw_gzout_write(a->gz[r], s->rec.data, s->rec.len) != 0) {
    tw_sim_fail(s, "cannot write", a->last_file[r]);
    return;
  }
  a->nrec[r]++;
  s->sum->aws_events++;
  s->sum->bytes += s->rec.len;
}

static void close_slot(tw_sim *s, tw_sim_account *a) {
  for (int r = 0; r < TW_SIM_NREGIONS; r++) {
    if (!a->gz[r]) {
      continue;
    }
    int bad = tw_gzout_write(a->gz[r], "]}", 2) != 0;
    bad |= tw_gzout_close(a->gz[r]) != 0;
    a->gz[r] = NULL;
    if (bad && !s->failed) {
      tw_sim_fail(s, "cannot write", a->last_file[r]);
    }
  }
}

/* ------------------------------------------------------------ background */

static const char *approved_region(tw_sim *s) {
  return tw_sim_regions[tw_rng_below(&s->rng, TW_SIM_NAPPROVED)];
}

static const char *any_region(tw_sim *s) {
  return tw_sim_regions[tw_rng_below(&s->rng, TW_SIM_NREGIONS)];
}

static void bucket_name(tw_sim *s, const tw_sim_account *a, char *out,
                        size_t n, const char *what) {
  char r[7];
  tw_rng_chars(&s->rng, r, 6, LOWER_ALNUM);
  snprintf(out, n, "%s-%s-%s", what, a->id + 6, r);
}

static void req_run_instances(tw_sim *s, const char *itype, int max,
                              char *image_out) {
  char ami[18], tok[37], subnet[18];
  tw_rng_chars(&s->rng, ami, 17, LOWER_HEX);
  tw_rng_chars(&s->rng, subnet, 17, LOWER_HEX);
  tw_rng_guid(&s->rng, tok);
  if (image_out) {
    snprintf(image_out, 24, "ami-%s", ami);
  }
  tw_buf_clear(&s->req);
  tw_buf_printf(&s->req,
                "{\"instancesSet\":{\"items\":[{\"imageId\":\"ami-%s\","
                "\"minCount\":1,\"maxCount\":%d}]},\"instanceType\":\"%s\","
                "\"blockDeviceMapping\":{},\"subnetId\":\"subnet-%s\","
                "\"monitoring\":{\"enabled\":false},\"disableApiTermination\":"
                "false,\"disableApiStop\":false,\"clientToken\":\"%s\"}",
                ami, max, itype, subnet, tok);
}

static void resp_run_instances(tw_sim *s, const tw_sim_account *a,
                               const char *region, const char *itype,
                               const char *image, int n) {
  char rid[37], res[18];
  tw_rng_guid(&s->rng, rid);
  tw_rng_chars(&s->rng, res, 17, LOWER_HEX);
  tw_buf_clear(&s->resp);
  tw_buf_printf(&s->resp,
                "{\"requestId\":\"%s\",\"reservationId\":\"r-%s\","
                "\"ownerId\":\"%s\",\"groupSet\":{},\"instancesSet\":{\"items\":[",
                rid, res, a->id);
  for (int i = 0; i < n; i++) {
    char iid[18];
    tw_rng_chars(&s->rng, iid, 17, LOWER_HEX);
    tw_buf_printf(&s->resp,
                  "%s{\"instanceId\":\"i-%s\",\"imageId\":\"%s\","
                  "\"instanceState\":{\"code\":0,\"name\":\"pending\"},"
                  "\"amiLaunchIndex\":%d,\"instanceType\":\"%s\","
                  "\"placement\":{\"availabilityZone\":\"%sa\",\"tenancy\":"
                  "\"default\"},\"monitoring\":{\"state\":\"disabled\"}}",
                  i ? "," : "", iid, image, i, itype, region);
  }
  tw_buf_adds(&s->resp, "]}}");
}

static void s3_add(tw_sim *s) {
  char id2[41];
  tw_rng_chars(&s->rng, id2, 40,
               "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789");
  tw_buf_clear(&s->add);
  tw_buf_printf(&s->add,
                "{\"SignatureVersion\":\"SigV4\",\"CipherSuite\":"
                "\"TLS_AES_128_GCM_SHA256\",\"bytesTransferredIn\":0,"
                "\"AuthenticationMethod\":\"AuthHeader\",\"x-amz-id-2\":"
                "\"%s\",\"bytesTransferredOut\":0}",
                id2);
}

/* One background event (not of interest). */
static void background(tw_sim *s, tw_sim_account *a, int64_t t, int64_t t1) {
  aws_ev e;
  memset(&e, 0, sizeof e);
  e.t = t;
  tw_sim_principal *P = a->p;
  static const char *const readers_ec2[] = {
      "DescribeInstances", "DescribeVolumes", "DescribeSecurityGroups",
      "DescribeSubnets",   "DescribeVpcs",    "DescribeInstanceStatus"};
  static const char *const iam_reads[] = {
      "ListUsers", "GetUser", "ListRoles", "ListAttachedRolePolicies",
      "GetAccountSummary", "ListAccessKeys"};
  static const char *const s3_reads[] = {"ListBuckets", "GetBucketLocation",
                                         "GetBucketVersioning", "GetBucketAcl",
                                         "GetBucketEncryption"};
  uint64_t k = tw_rng_below(&s->rng, 100);
  char name[160];
  if (k < 30) { /* EC2 reads: mostly approved regions; AWS Config and the
                   console's region switcher reach every region */
    int who = (int)tw_rng_below(&s->rng, 4);
    e.p = who == 0 ? &P[TW_P_READONLY]
                   : who == 1 ? &P[TW_P_TERRAFORM]
                              : who == 2 ? &P[TW_P_SERVICE] : &P[TW_P_BOB];
    if (e.p == &P[TW_P_SERVICE]) {
      P[TW_P_SERVICE].invoked_by = "config.amazonaws.com";
    }
    e.source = "ec2.amazonaws.com";
    e.name = TW_RNG_PICK(&s->rng, readers_ec2);
    e.region = tw_rng_chance(&s->rng, 3, 4) ? approved_region(s)
                                            : any_region(s);
    e.read_only = 1;
    e.req = "{\"instancesSet\":{},\"filterSet\":{}}";
    if (strcmp(e.name, "DescribeInstances") != 0) {
      e.req = "{\"filterSet\":{}}";
    }
    if (e.p == &P[TW_P_READONLY]) {
      e.no_tls = 1; /* console */
    }
  } else if (k < 42) { /* S3 reads */
    e.p = tw_rng_chance(&s->rng, 1, 2) ? &P[TW_P_BOB] : &P[TW_P_CI];
    e.source = "s3.amazonaws.com";
    e.name = TW_RNG_PICK(&s->rng, s3_reads);
    e.read_only = 1;
    char bucket[64];
    bucket_name(s, a, bucket, sizeof bucket, "app-data");
    if (strcmp(e.name, "ListBuckets") == 0) {
      e.region = "us-east-1";
      e.req = "{\"Host\":\"s3.amazonaws.com\"}";
      e.host = "s3.amazonaws.com";
    } else {
      e.region = approved_region(s);
      /* the sub-resource is an empty query parameter: ?location= ... */
      char sub[32];
      snprintf(sub, sizeof sub, "%s", e.name + 9 /* after "GetBucket" */);
      for (char *c = sub; *c; c++) {
        if (*c >= 'A' && *c <= 'Z') {
          *c = (char)(*c + 32);
        }
      }
      tw_buf_clear(&s->req);
      tw_buf_printf(&s->req, "{\"bucketName\":\"%s\",\"Host\":\"%s.s3.%s."
                             "amazonaws.com\",\"%s\":\"\"}",
                    bucket, bucket, e.region, sub);
      e.req = s->req.data;
      snprintf(name, sizeof name, "%s.s3.%s.amazonaws.com", bucket, e.region);
      e.host = name;
    }
    s3_add(s);
    e.add = s->add.data;
  } else if (k < 52) { /* STS */
    e.source = "sts.amazonaws.com";
    e.region = approved_region(s);
    if (tw_rng_chance(&s->rng, 1, 2)) {
      e.p = &P[TW_P_BOB];
      e.name = "GetCallerIdentity";
      e.read_only = 1;
    } else {
      e.p = &P[TW_P_SERVICE];
      P[TW_P_SERVICE].invoked_by = "ec2.amazonaws.com";
      e.name = "AssumeRole";
      char sess[18];
      tw_rng_chars(&s->rng, sess, 17, LOWER_HEX);
      tw_buf_clear(&s->req);
      tw_buf_printf(&s->req, "{\"roleArn\":\"arn:aws:iam::%s:role/"
                             "app-instance-role\",\"roleSessionName\":\"i-%s\"}",
                    a->id, sess);
      e.req = s->req.data;
      tw_buf_clear(&s->resp);
      char key[17];
      tw_rng_chars(&s->rng, key, 16, UPPER_ALNUM);
      tw_buf_printf(&s->resp, "{\"credentials\":{\"accessKeyId\":\"ASIA%s\","
                              "\"sessionToken\":\"HIDDEN_DUE_TO_SECURITY_"
                              "REASONS\",\"expiration\":\"Mar 2, 2026, 9:04:05 "
                              "PM\"}}",
                    key);
      e.resp = s->resp.data;
    }
  } else if (k < 60) { /* IAM reads: global, logged in us-east-1 */
    e.p = tw_rng_chance(&s->rng, 1, 2) ? &P[TW_P_ALICE] : &P[TW_P_TERRAFORM];
    e.source = "iam.amazonaws.com";
    e.region = "us-east-1";
    e.name = TW_RNG_PICK(&s->rng, iam_reads);
    e.read_only = 1;
    e.host = "iam.amazonaws.com";
    if (e.p == &P[TW_P_ALICE]) {
      e.no_tls = 1;
    }
  } else if (k < 67) { /* KMS by services */
    e.p = &P[TW_P_SERVICE];
    P[TW_P_SERVICE].invoked_by = tw_rng_chance(&s->rng, 1, 2)
                                     ? "secretsmanager.amazonaws.com"
                                     : "s3.amazonaws.com";
    e.source = "kms.amazonaws.com";
    e.name = tw_rng_chance(&s->rng, 2, 3) ? "Decrypt" : "GenerateDataKey";
    e.region = approved_region(s);
    e.read_only = 1;
    e.req = "{\"encryptionAlgorithm\":\"SYMMETRIC_DEFAULT\"}";
  } else if (k < 73) { /* CloudWatch Logs */
    e.p = &P[TW_P_TERRAFORM];
    e.source = "logs.amazonaws.com";
    e.region = approved_region(s);
    e.name = "DescribeLogGroups";
    e.read_only = 1;
    e.req = "{\"limit\":50}";
  } else if (k < 77) { /* other global services */
    e.p = &P[TW_P_TERRAFORM];
    e.region = "us-east-1";
    e.read_only = 1;
    if (tw_rng_chance(&s->rng, 1, 2)) {
      e.source = "cloudfront.amazonaws.com";
      e.name = "ListDistributions";
      e.host = "cloudfront.amazonaws.com";
    } else {
      e.source = "route53.amazonaws.com";
      e.name = "ListHostedZones";
      e.host = "route53.amazonaws.com";
    }
  } else if (k < 87) { /* creates and changes in approved regions */
    e.p = tw_rng_chance(&s->rng, 2, 3) ? &P[TW_P_TERRAFORM] : &P[TW_P_CI];
    e.region = approved_region(s);
    uint64_t w = tw_rng_below(&s->rng, 5);
    if (w == 0) {
      char image[24];
      e.source = "ec2.amazonaws.com";
      e.name = "RunInstances";
      req_run_instances(s, "t3.medium", 1, image);
      e.req = s->req.data;
      resp_run_instances(s, a, e.region, "t3.medium", image, 1);
      e.resp = s->resp.data;
    } else if (w == 1) {
      e.source = "ec2.amazonaws.com";
      e.name = "CreateVolume";
      tw_buf_clear(&s->req);
      tw_buf_printf(&s->req, "{\"size\":100,\"zone\":\"%sb\",\"volumeType\":"
                             "\"gp3\",\"encrypted\":true}",
                    e.region);
      e.req = s->req.data;
    } else if (w == 2) {
      char bucket[64];
      bucket_name(s, a, bucket, sizeof bucket, "build-cache");
      e.source = "s3.amazonaws.com";
      e.name = "CreateBucket";
      tw_buf_clear(&s->req);
      if (strcmp(e.region, "us-east-1") == 0) {
        tw_buf_printf(&s->req, "{\"bucketName\":\"%s\",\"Host\":\"%s.s3."
                               "amazonaws.com\"}",
                      bucket, bucket);
        snprintf(name, sizeof name, "%s.s3.amazonaws.com", bucket);
      } else {
        tw_buf_printf(&s->req,
                      "{\"CreateBucketConfiguration\":{\"LocationConstraint\":"
                      "\"%s\",\"xmlns\":\"http://s3.amazonaws.com/doc/"
                      "2006-03-01/\"},\"bucketName\":\"%s\",\"Host\":\"%s.s3."
                      "%s.amazonaws.com\"}",
                      e.region, bucket, bucket, e.region);
        snprintf(name, sizeof name, "%s.s3.%s.amazonaws.com", bucket,
                 e.region);
      }
      e.req = s->req.data;
      e.host = name;
      s3_add(s);
      e.add = s->add.data;
    } else if (w == 3) {
      e.source = "secretsmanager.amazonaws.com";
      e.name = "CreateSecret";
      e.req = "{\"name\":\"app/db-password\",\"clientRequestToken\":"
              "\"HIDDEN_DUE_TO_SECURITY_REASONS\",\"forceOverwriteReplica"
              "Secret\":false}";
    } else {
      e.source = "ec2.amazonaws.com";
      e.name = tw_rng_chance(&s->rng, 1, 2) ? "StopInstances"
                                            : "TerminateInstances";
      char iid[18];
      tw_rng_chars(&s->rng, iid, 17, LOWER_HEX);
      tw_buf_clear(&s->req);
      tw_buf_printf(&s->req, "{\"instancesSet\":{\"items\":[{\"instanceId\":"
                             "\"i-%s\"}]},\"force\":false}",
                    iid);
      e.req = s->req.data;
    }
  } else if (k < 93) { /* failed calls (reads and writes, approved) */
    e.p = &P[TW_P_BOB];
    e.region = approved_region(s);
    if (tw_rng_chance(&s->rng, 1, 2)) {
      char bucket[64];
      bucket_name(s, a, bucket, sizeof bucket, "app-data");
      e.source = "s3.amazonaws.com";
      e.name = "GetBucketPolicy";
      e.read_only = 1;
      e.err_code = "NoSuchBucketPolicy";
      e.err_msg = "The bucket policy does not exist";
      tw_buf_clear(&s->req);
      tw_buf_printf(&s->req, "{\"bucketName\":\"%s\",\"Host\":\"%s.s3.%s."
                             "amazonaws.com\",\"policy\":\"\"}",
                    bucket, bucket, e.region);
      e.req = s->req.data;
      snprintf(name, sizeof name, "%s.s3.%s.amazonaws.com", bucket, e.region);
      e.host = name;
      s3_add(s);
      e.add = s->add.data;
    } else {
      e.source = "ec2.amazonaws.com";
      e.name = "CreateSecurityGroup";
      e.err_code = "Client.InvalidGroup.Duplicate";
      e.err_msg = "The security group 'web-sg' already exists for VPC "
                  "'vpc-0a1b2c3d4e5f67890'";
      e.req = "{\"groupName\":\"web-sg\",\"groupDescription\":\"web\","
              "\"vpcId\":\"vpc-0a1b2c3d4e5f67890\"}";
    }
  } else if (k < 96) { /* console sign-in */
    e.p = &P[TW_P_ALICE];
    e.source = "signin.amazonaws.com";
    e.name = "ConsoleLogin";
    e.region = "us-east-1";
    e.event_type = "AwsConsoleSignIn";
    e.no_request_id = 1;
    e.no_tls = 1;
    e.resp = "{\"ConsoleLogin\":\"Success\"}";
    tw_buf_clear(&s->add);
    tw_buf_printf(&s->add,
                  "{\"LoginTo\":\"https://console.aws.amazon.com/console/"
                  "home?state=hashArgs%%23&isauthcode=true\",\"MobileVersion\":"
                  "\"No\",\"MFAIdentifier\":\"arn:aws:iam::%s:mfa/%s\","
                  "\"MFAUsed\":\"Yes\"}",
                  a->id, e.p->name);
    e.add = s->add.data;
  } else { /* SSM parameter reads: CI, now and then a person via SSO */
    e.p = k == 99 ? &P[TW_P_IDC] : &P[TW_P_CI];
    e.source = "ssm.amazonaws.com";
    e.name = "GetParameter";
    e.region = approved_region(s);
    e.read_only = 1;
    e.req = k == 99 ? "{\"name\":\"/app/config/feature-flags\","
                      "\"withDecryption\":false}"
                    : "{\"name\":\"/ci/deploy/artifact-bucket\","
                      "\"withDecryption\":false}";
  }
  emit(s, a, &e, t1);
}

/* ---------------------------------------------------- decoys and attacks */

static void decoy(tw_sim *s, tw_sim_account *a, int k, int64_t t,
                  int64_t t1) {
  aws_ev e;
  memset(&e, 0, sizeof e);
  e.t = t;
  tw_sim_principal *P = a->p;
  char host[128], bucket[64];
  switch (k) {
  case 0: /* failed RunInstances in an unapproved region */
    e.p = &P[TW_P_BOB];
    e.source = "ec2.amazonaws.com";
    e.name = "RunInstances";
    e.region = "ap-south-1";
    req_run_instances(s, "g4dn.xlarge", 2, NULL);
    e.req = s->req.data;
    e.err_code = "Client.UnauthorizedOperation";
    tw_buf_clear(&s->tmp);
    tw_buf_printf(&s->tmp,
                  "You are not authorized to perform this operation. User: "
                  "arn:aws:iam::%s:user/bob.dev is not authorized to "
                  "perform: ec2:RunInstances on resource: arn:aws:ec2:"
                  "ap-south-1:%s:instance/* with an explicit deny in a "
                  "service control policy",
                  a->id, a->id);
    e.err_msg = s->tmp.data;
    emit(s, a, &e, t1);
    tw_sim_manifest(s, e.event_id, "aws", "decoy: failed RunInstances in "
                    "ap-south-1", e.name, e.region, t, 0, 0,
                    "failed calls create nothing (errorCode set)");
    break;
  case 1: /* bucket created through the us-east-1 endpoint, in EU */
    e.p = &P[TW_P_BOB];
    bucket_name(s, a, bucket, sizeof bucket, "eu-archive");
    e.source = "s3.amazonaws.com";
    e.name = "CreateBucket";
    e.region = "us-east-1";
    tw_buf_clear(&s->req);
    tw_buf_printf(&s->req,
                  "{\"CreateBucketConfiguration\":{\"LocationConstraint\":"
                  "\"EU\",\"xmlns\":\"http://s3.amazonaws.com/doc/2006-03-01/"
                  "\"},\"bucketName\":\"%s\",\"Host\":\"%s.s3.amazonaws.com\"}",
                  bucket, bucket);
    e.req = s->req.data;
    snprintf(host, sizeof host, "%s.s3.amazonaws.com", bucket);
    e.host = host;
    s3_add(s);
    e.add = s->add.data;
    emit(s, a, &e, t1);
    tw_sim_manifest(s, e.event_id, "aws", "decoy: CreateBucket via the "
                    "global endpoint, LocationConstraint EU (eu-west-1)",
                    e.name, "eu-west-1", t, 0, 0,
                    "the bucket is in eu-west-1, an approved region");
    break;
  case 2: /* admin onboards a user: IAM create, no unapproved activity */
  case 3: {
    e.p = &P[TW_P_ALICE];
    e.source = "iam.amazonaws.com";
    e.region = "us-east-1";
    e.host = "iam.amazonaws.com";
    e.no_tls = 1;
    char idr[18], key[17], when[32];
    tw_rng_chars(&s->rng, idr, 17, UPPER_ALNUM);
    tw_rng_chars(&s->rng, key, 16, UPPER_ALNUM);
    tw_sim_iso(t, when);
    tw_buf_clear(&s->req);
    tw_buf_printf(&s->req, "{\"userName\":\"dave.analyst\"}");
    e.req = s->req.data;
    tw_buf_clear(&s->resp);
    if (k == 2) {
      e.name = "CreateUser";
      tw_buf_printf(&s->resp,
                    "{\"user\":{\"path\":\"/\",\"userName\":\"dave.analyst\","
                    "\"userId\":\"AIDA%s\",\"arn\":\"arn:aws:iam::%s:user/"
                    "dave.analyst\",\"createDate\":\"%s\"}}",
                    idr, a->id, when);
    } else {
      e.t += 45 * TW_TICKS_PER_SECOND;
      e.name = "CreateAccessKey";
      tw_buf_printf(&s->resp,
                    "{\"accessKey\":{\"userName\":\"dave.analyst\","
                    "\"accessKeyId\":\"AKIA%s\",\"status\":\"Active\","
                    "\"createDate\":\"%s\"}}",
                    key, when);
    }
    e.resp = s->resp.data;
    emit(s, a, &e, t1);
    tw_sim_manifest(s, e.event_id, "aws",
                    k == 2 ? "decoy: admin CreateUser (IAM is global)"
                           : "decoy: admin CreateAccessKey (IAM is global)",
                    e.name, e.region, e.t, 0, 0,
                    "the caller created nothing in an unapproved region");
    break;
  }
  case 4: /* read-only browsing of an unapproved region */
    e.p = &P[TW_P_READONLY];
    e.source = "ec2.amazonaws.com";
    e.name = "DescribeInstances";
    e.region = "ap-southeast-1";
    e.read_only = 1;
    e.no_tls = 1;
    e.req = "{\"instancesSet\":{},\"filterSet\":{}}";
    emit(s, a, &e, t1);
    tw_sim_manifest(s, e.event_id, "aws", "decoy: DescribeInstances in "
                    "ap-southeast-1", e.name, e.region, t, 0, 0,
                    "reads create nothing");
    break;
  case 5: /* failed console sign-in: errorMessage without errorCode */
    e.p = &P[TW_P_ALICE];
    e.source = "signin.amazonaws.com";
    e.name = "ConsoleLogin";
    e.region = "us-east-1";
    e.event_type = "AwsConsoleSignIn";
    e.no_request_id = 1;
    e.no_tls = 1;
    e.err_msg = "Failed authentication";
    e.resp = "{\"ConsoleLogin\":\"Failure\"}";
    e.add = "{\"LoginTo\":\"https://console.aws.amazon.com/console/home\","
            "\"MobileVersion\":\"No\",\"MFAUsed\":\"No\"}";
    emit(s, a, &e, t1);
    tw_sim_manifest(s, e.event_id, "aws", "decoy: failed ConsoleLogin",
                    e.name, e.region, t, 0, 0, "not a resource creation");
    break;
  default: /* root signs in (rare, benign here) and the IaC role creates
              compute in an approved region */
    e.p = &P[TW_P_ROOT];
    e.source = "signin.amazonaws.com";
    e.name = "ConsoleLogin";
    e.region = "us-east-1";
    e.event_type = "AwsConsoleSignIn";
    e.no_request_id = 1;
    e.no_tls = 1;
    e.resp = "{\"ConsoleLogin\":\"Success\"}";
    e.add = "{\"LoginTo\":\"https://console.aws.amazon.com/console/home\","
            "\"MobileVersion\":\"No\",\"MFAUsed\":\"Yes\"}";
    emit(s, a, &e, t1);
    memset(&e, 0, sizeof e);
    e.t = t + 300 * TW_TICKS_PER_SECOND;
    if (e.t >= t1) {
      e.t = t1 - TW_TICKS_PER_SECOND;
    }
    e.p = &P[TW_P_TERRAFORM];
    e.source = "ec2.amazonaws.com";
    e.name = "RunInstances";
    e.region = "eu-west-1";
    {
      char image[24];
      req_run_instances(s, "m6i.large", 2, image);
      e.req = s->req.data;
      resp_run_instances(s, a, e.region, "m6i.large", image, 2);
      e.resp = s->resp.data;
    }
    emit(s, a, &e, t1);
    tw_sim_manifest(s, e.event_id, "aws", "decoy: IaC RunInstances in "
                    "eu-west-1", e.name, e.region, e.t, 0, 0,
                    "eu-west-1 is approved");
    break;
  }
}

/* The seed's AWS atomic tests 1-3, by the stolen CI key. */
static void attack(tw_sim *s, tw_sim_account *a, int step, int64_t t,
                   int64_t t1) {
  aws_ev e;
  memset(&e, 0, sizeof e);
  e.t = t;
  e.p = &a->p[TW_P_ATTACKER];
  char host[128], bucket[64], when[32], idr[18], key[17];
  tw_sim_iso(t, when);
  switch (step) {
  case 0: /* reconnaissance: not of interest */
    e.source = "sts.amazonaws.com";
    e.name = "GetCallerIdentity";
    e.region = "us-east-1";
    e.read_only = 1;
    emit(s, a, &e, t1);
    e.t += 20 * TW_TICKS_PER_SECOND;
    e.source = "ec2.amazonaws.com";
    e.name = "DescribeRegions";
    e.req = "{\"regionSet\":{},\"allRegions\":true}";
    emit(s, a, &e, t1);
    break;
  case 1: {
    char image[24];
    e.source = "ec2.amazonaws.com";
    e.name = "RunInstances";
    e.region = "ap-southeast-1";
    req_run_instances(s, "c5.4xlarge", 4, image);
    e.req = s->req.data;
    resp_run_instances(s, a, e.region, "c5.4xlarge", image, 4);
    e.resp = s->resp.data;
    emit(s, a, &e, t1);
    tw_sim_manifest(s, e.event_id, "aws", "atomic test 1: EC2 RunInstances "
                    "in unused region ap-southeast-1", e.name, e.region, t,
                    1, 1, "compute created in an unapproved region");
    break;
  }
  case 2:
    bucket_name(s, a, bucket, sizeof bucket, "staging-sync");
    e.source = "s3.amazonaws.com";
    e.name = "CreateBucket";
    e.region = "sa-east-1";
    tw_buf_clear(&s->req);
    tw_buf_printf(&s->req,
                  "{\"CreateBucketConfiguration\":{\"LocationConstraint\":"
                  "\"sa-east-1\",\"xmlns\":\"http://s3.amazonaws.com/doc/"
                  "2006-03-01/\"},\"bucketName\":\"%s\",\"Host\":\"%s.s3."
                  "sa-east-1.amazonaws.com\"}",
                  bucket, bucket);
    e.req = s->req.data;
    snprintf(host, sizeof host, "%s.s3.sa-east-1.amazonaws.com", bucket);
    e.host = host;
    s3_add(s);
    e.add = s->add.data;
    emit(s, a, &e, t1);
    tw_sim_manifest(s, e.event_id, "aws", "atomic test 2: S3 CreateBucket "
                    "in unused region sa-east-1", e.name, e.region, t, 1, 1,
                    "bucket created in an unapproved region");
    break;
  case 3:
  case 4:
    e.source = "iam.amazonaws.com";
    e.region = "us-east-1";
    e.host = "iam.amazonaws.com";
    e.req = "{\"userName\":\"svc-backup-sync\"}";
    tw_rng_chars(&s->rng, idr, 17, UPPER_ALNUM);
    tw_rng_chars(&s->rng, key, 16, UPPER_ALNUM);
    tw_buf_clear(&s->resp);
    if (step == 3) {
      e.name = "CreateUser";
      tw_buf_printf(&s->resp,
                    "{\"user\":{\"path\":\"/\",\"userName\":\"svc-backup-sync\","
                    "\"userId\":\"AIDA%s\",\"arn\":\"arn:aws:iam::%s:user/"
                    "svc-backup-sync\",\"createDate\":\"%s\"}}",
                    idr, a->id, when);
    } else {
      e.name = "CreateAccessKey";
      tw_buf_printf(&s->resp,
                    "{\"accessKey\":{\"userName\":\"svc-backup-sync\","
                    "\"accessKeyId\":\"AKIA%s\",\"status\":\"Active\","
                    "\"createDate\":\"%s\"}}",
                    key, when);
    }
    e.resp = s->resp.data;
    emit(s, a, &e, t1);
    tw_sim_manifest(s, e.event_id, "aws",
                    step == 3 ? "atomic test 3: IAM CreateUser after "
                                "unused-region activity"
                              : "atomic test 3: IAM CreateAccessKey after "
                                "unused-region activity",
                    e.name, e.region, t, 1, 0,
                    "IAM is global (us-east-1); same principal created "
                    "resources in an unapproved region");
    break;
  default:
    break;
  }
}

/* Offsets of the attack steps after s->attack_at, in seconds. */
static const int attack_offsets[] = {-150, 0, 388, 713, 756};

void tw_sim_aws_slot(tw_sim *s, tw_sim_account *a, int index, int64_t t0,
                     int64_t t1) {
  /* Decoys: once a day at the account's fixed offsets. */
  int64_t day = t0 - (t0 - s->o.start) % TW_TICKS_PER_DAY;
  for (int k = 0; k < TW_SIM_NDECOYS; k++) {
    int64_t t = day + a->decoy_at[k];
    if (t >= t0 && t < t1) {
      decoy(s, a, k, t, t1);
    }
  }
  if (index == 0) {
    for (int k = 0; k < (int)(sizeof attack_offsets / sizeof *attack_offsets);
         k++) {
      int64_t t = s->attack_at + attack_offsets[k] * TW_TICKS_PER_SECOND;
      if (t >= t0 && t < t1) {
        attack(s, a, k, t, t1);
      }
    }
  }
  int64_t span = (t1 - t0) / TW_TICKS_PER_SECOND;
  if (s->aws_budget) {
    uint64_t start = s->sum->bytes;
    while (!s->failed && s->sum->bytes - start < s->aws_budget) {
      background(s, a, t0 + tw_rng_range(&s->rng, 0, span - 1) *
                                TW_TICKS_PER_SECOND, t1);
    }
  } else {
    /* About 30 background events an hour. */
    int64_t n = span * tw_rng_range(&s->rng, 24, 36) / 3600;
    for (int64_t i = 0; i < n && !s->failed; i++) {
      background(s, a, t0 + tw_rng_range(&s->rng, 0, span - 1) *
                                TW_TICKS_PER_SECOND, t1);
    }
  }
  close_slot(s, a);
}
