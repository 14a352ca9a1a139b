/*
 * bench/gen_cloudtrail.c - a deterministic generator of realistic CloudTrail
 * log files for benchmarks and memory tests.
 *
 *   gen_cloudtrail SIZE OUT [SEED]
 *
 * Writes one `{"Records":[...]}` document of about SIZE bytes (suffixes K,
 * M, G) on a single line, as CloudTrail delivers it, to OUT; OUT ending in
 * .gz is gzip-compressed (zlib, level 6). "-" writes to stdout. The same
 * SIZE and SEED always give the same bytes. Records mix IAM users, assumed
 * roles and AWS services, console logins, failed calls, EC2 security-group
 * rules and S3 data events over several regions, ~1 KB each.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

static uint64_t rng_state;

static uint32_t rnd(uint32_t n) {
  rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
  return (uint32_t)((rng_state >> 33) % n);
}

#define PICK(a) (a)[rnd((uint32_t)(sizeof(a) / sizeof((a)[0])))]

static const char *const regions[] = {
    "us-east-1", "us-east-1", "us-east-1", "us-west-2", "eu-west-1",
    "eu-central-1", "ap-southeast-2", "sa-east-1", "ap-northeast-1"};
static const char *const users[] = {"alice", "bob", "carol", "deploy-bot",
                                    "terraform", "dave", "erin"};
static const char *const roles[] = {"OrganizationAccountAccessRole",
                                    "AWSReservedSSO_Admin_1234abcd",
                                    "lambda-exec", "ci-deployer"};
static const char *const agents[] = {
    "aws-cli/2.15.30 Python/3.11.8 Linux/6.1.0 exe/x86_64.debian.12 "
    "prompt/off command/ec2.describe-instances",
    "Boto3/1.34.69 md/Botocore#1.34.69 ua/2.0 os/linux#6.1.0 md/arch#x86_64 "
    "lang/python#3.11.8 md/pyimpl#CPython cfg/retry-mode#legacy "
    "Botocore/1.34.69",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, "
    "like Gecko) Chrome/134.0.0.0 Safari/537.36",
    "[aws-sdk-go-v2/1.25.3 os/linux lang/go#1.22.1 md/GOOS#linux "
    "md/GOARCH#amd64 api/sts#1.28.4]",
    "console.amazonaws.com", "AWS Internal"};

typedef struct out {
  FILE *f;
  gzFile gz;
  unsigned long long n;
} out;

static void emit(out *o, const char *s, size_t n) {
  if (o->gz) {
    gzwrite(o->gz, s, (unsigned)n);
  } else {
    fwrite(s, 1, n, o->f);
  }
  o->n += n;
}

static void guid(char *b, size_t cap) {
  snprintf(b, cap, "%08x-%04x-%04x-%04x-%08x%04x", rnd(0xffffffffu),
           rnd(0x10000), 0x4000 | rnd(0x1000), 0x8000 | rnd(0x4000),
           rnd(0xffffffffu), rnd(0x10000));
}

static size_t identity(char *b, size_t cap, const char *acct) {
  int kind = (int)rnd(10);
  if (kind < 4) {
    const char *u = PICK(users);
    return (size_t)snprintf(
        b, cap,
        "{\"type\":\"IAMUser\",\"principalId\":\"AIDA%08X%08X\",\"arn\":"
        "\"arn:aws:iam::%s:user/%s\",\"accountId\":\"%s\",\"accessKeyId\":"
        "\"AKIA%08X%08X\",\"userName\":\"%s\"}",
        rnd(0xffffffffu), rnd(0xffffffffu), acct, u, acct, rnd(0xffffffffu),
        rnd(0xffffffffu), u);
  }
  if (kind < 8) {
    const char *r = PICK(roles);
    unsigned rid = rnd(0xffffffffu);
    return (size_t)snprintf(
        b, cap,
        "{\"type\":\"AssumedRole\",\"principalId\":\"AROA%08X:%s\",\"arn\":"
        "\"arn:aws:sts::%s:assumed-role/%s/%s\",\"accountId\":\"%s\","
        "\"accessKeyId\":\"ASIA%08X%08X\",\"sessionContext\":{"
        "\"sessionIssuer\":{\"type\":\"Role\",\"principalId\":\"AROA%08X\","
        "\"arn\":\"arn:aws:iam::%s:role/%s\",\"accountId\":\"%s\","
        "\"userName\":\"%s\"},\"webIdFederationData\":{},\"attributes\":{"
        "\"creationDate\":\"2025-05-%02uT%02u:%02u:%02uZ\","
        "\"mfaAuthenticated\":\"%s\"}}}",
        rid, PICK(users), acct, r, PICK(users), acct, rnd(0xffffffffu),
        rnd(0xffffffffu), rid, acct, r, acct, r, 1 + rnd(28), rnd(24),
        rnd(60), rnd(60), rnd(2) ? "true" : "false");
  }
  return (size_t)snprintf(b, cap,
                          "{\"type\":\"AWSService\",\"invokedBy\":\"%s\"}",
                          rnd(2) ? "ec2.amazonaws.com" : "lambda.amazonaws.com");
}

static size_t record(char *b, size_t cap) {
  char acct[16], id[48], req[48], ui[1200], params[600], resp[400];
  snprintf(acct, sizeof acct, "%012u", 100000000u + rnd(5) * 111111111u);
  guid(id, sizeof id);
  guid(req, sizeof req);
  identity(ui, sizeof ui, acct);
  const char *src, *name, *extra = "";
  int kind = (int)rnd(10);
  strcpy(resp, "null");
  if (kind < 3) {
    src = "ec2.amazonaws.com";
    name = rnd(2) ? "DescribeInstances" : "RunInstances";
    snprintf(params, sizeof params,
             "{\"instancesSet\":{\"items\":[{\"imageId\":\"ami-%08x\","
             "\"minCount\":1,\"maxCount\":%u}]},\"instanceType\":\"%s\","
             "\"filterSet\":{}}",
             rnd(0xffffffffu), 1 + rnd(4), rnd(2) ? "t3.micro" : "m5.large");
  } else if (kind < 5) {
    src = "s3.amazonaws.com";
    name = rnd(2) ? "GetObject" : "PutObject";
    snprintf(params, sizeof params,
             "{\"bucketName\":\"logs-%u\",\"Host\":\"logs-%u.s3.amazonaws."
             "com\",\"key\":\"data/2025/05/%02u/part-%05u.parquet\"}",
             rnd(9), rnd(9), 1 + rnd(28), rnd(99999));
    extra = ",\"additionalEventData\":{\"SignatureVersion\":\"SigV4\","
            "\"CipherSuite\":\"TLS_AES_128_GCM_SHA256\",\"bytesTransferredIn\":"
            "0,\"AuthenticationMethod\":\"AuthHeader\",\"x-amz-id-2\":\"abc\"}";
  } else if (kind < 6) {
    src = "ec2.amazonaws.com";
    name = "AuthorizeSecurityGroupIngress";
    snprintf(params, sizeof params,
             "{\"groupId\":\"sg-%08x\",\"ipPermissions\":{\"items\":[{"
             "\"ipProtocol\":\"tcp\",\"fromPort\":%u,\"toPort\":%u,"
             "\"groups\":{},\"ipRanges\":{\"items\":[{\"cidrIp\":\"0.0.0.0/0\""
             "}]},\"ipv6Ranges\":{},\"prefixListIds\":{}}]}}",
             rnd(0xffffffffu), 22u, 22u);
  } else if (kind < 7) {
    src = "signin.amazonaws.com";
    name = "ConsoleLogin";
    strcpy(params, "null");
    snprintf(resp, sizeof resp, "{\"ConsoleLogin\":\"%s\"}",
             rnd(5) ? "Success" : "Failure");
    extra = ",\"additionalEventData\":{\"LoginTo\":\"https://console.aws."
            "amazon.com/console/home\",\"MobileVersion\":\"No\",\"MFAUsed\":"
            "\"Yes\"}";
  } else {
    src = rnd(2) ? "iam.amazonaws.com" : "sts.amazonaws.com";
    name = rnd(3) ? "AssumeRole" : "CreateUser";
    snprintf(params, sizeof params,
             "{\"roleArn\":\"arn:aws:iam::%s:role/%s\",\"roleSessionName\":"
             "\"session-%u\",\"durationSeconds\":3600}",
             acct, PICK(roles), rnd(100000));
  }
  const char *err = "";
  if (rnd(12) == 0) {
    err = ",\"errorCode\":\"AccessDenied\",\"errorMessage\":\"User is not "
          "authorized to perform this operation\"";
  }
  unsigned ip = rnd(0xffffffffu);
  return (size_t)snprintf(
      b, cap,
      "{\"eventVersion\":\"1.%02u\",\"userIdentity\":%s,\"eventTime\":"
      "\"2025-05-%02uT%02u:%02u:%02uZ\",\"eventSource\":\"%s\",\"eventName\":"
      "\"%s\",\"awsRegion\":\"%s\",\"sourceIPAddress\":\"%u.%u.%u.%u\","
      "\"userAgent\":\"%s\"%s,\"requestParameters\":%s,\"responseElements\":"
      "%s%s,\"requestID\":\"%s\",\"eventID\":\"%s\",\"readOnly\":%s,"
      "\"eventType\":\"AwsApiCall\",\"managementEvent\":%s,"
      "\"recipientAccountId\":\"%s\",\"eventCategory\":\"Management\","
      "\"tlsDetails\":{\"tlsVersion\":\"TLSv1.3\",\"cipherSuite\":"
      "\"TLS_AES_128_GCM_SHA256\",\"clientProvidedHostHeader\":\"%s\"}}",
      8 + rnd(4), ui, 1 + rnd(28), rnd(24), rnd(60), rnd(60), src, name,
      PICK(regions), ip >> 24, (ip >> 16) & 255, (ip >> 8) & 255, ip & 255,
      PICK(agents), err, params, resp, extra, req, id,
      rnd(2) ? "true" : "false", kind < 5 && kind >= 3 ? "false" : "true",
      acct, src);
}

static unsigned long long parse_size(const char *s) {
  char *e;
  unsigned long long v = strtoull(s, &e, 10);
  if (*e == 'K' || *e == 'k') {
    v <<= 10;
  } else if (*e == 'M' || *e == 'm') {
    v <<= 20;
  } else if (*e == 'G' || *e == 'g') {
    v <<= 30;
  }
  return v;
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: gen_cloudtrail SIZE OUT[.gz] [SEED]\n");
    return 2;
  }
  unsigned long long size = parse_size(argv[1]);
  const char *path = argv[2];
  rng_state = argc > 3 ? strtoull(argv[3], NULL, 10) : 42;
  out o;
  memset(&o, 0, sizeof o);
  size_t pl = strlen(path);
  if (pl > 3 && strcmp(path + pl - 3, ".gz") == 0) {
    o.gz = gzopen(path, "wb6");
    if (!o.gz) {
      perror(path);
      return 2;
    }
  } else {
    o.f = strcmp(path, "-") == 0 ? stdout : fopen(path, "wb");
    if (!o.f) {
      perror(path);
      return 2;
    }
  }
  static char buf[8192];
  emit(&o, "{\"Records\":[", 12);
  unsigned long long nrec = 0;
  while (o.n + 4096 < size || nrec == 0) {
    if (nrec > 0) {
      emit(&o, ",", 1);
    }
    size_t n = record(buf, sizeof buf);
    emit(&o, buf, n);
    nrec++;
  }
  emit(&o, "]}", 2);
  int rc = 0;
  if (o.gz) {
    rc = gzclose(o.gz) != Z_OK;
  } else if (o.f != stdout) {
    rc = fclose(o.f) != 0;
  }
  fprintf(stderr, "gen_cloudtrail: %llu records, %llu bytes\n", nrec, o.n);
  return rc;
}
