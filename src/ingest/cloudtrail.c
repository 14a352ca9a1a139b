/*
 * ingest/cloudtrail.c - CloudTrail records: what a record is
 * (tw_classify_record, which also asks the Azure and Sentinel-row
 * classifiers) and a CloudTrail event as an AWSCloudTrail row
 * (tw_map_cloudtrail), following ../shared/docs/log-formats.md section 2
 * and the real Sentinel exports (OperationName, Category, SourceSystem and
 * TenantId are empty; nested objects are their compact JSON text with the
 * source's escapes kept).
 */
#include "ingest/cloudtrail.h"

#include <string.h>

#include "base/timeutil.h"
#include "ingest/jsonscan.h"
#include "ingest/mapval.h"

/* ------------------------------------------------------------ helpers */

static int key_is(const tw_json_span *k, const char *s, size_t n) {
  return k->len == n && memcmp(k->p, s, n) == 0;
}
#define KEY(k, lit) key_is((k), lit, sizeof(lit) - 1)

/* Does the JSON string span start with `pre`? */
static int str_starts(const tw_json_span *v, const char *pre) {
  size_t n = strlen(pre);
  return v->len >= n + 1 && v->p[0] == '"' && memcmp(v->p + 1, pre, n) == 0;
}

static int str_is(const tw_json_span *v, const char *s) {
  size_t n = strlen(s);
  return v->len == n + 2 && v->p[0] == '"' && memcmp(v->p + 1, s, n) == 0;
}

/* ------------------------------------------------------------ classify */

tw_rec_kind tw_cloudtrail_classify(const char *json, size_t len) {
  /* Fast path for records as trails write them, compact and starting
   * {"eventVersion":"1.xx","userIdentity": (neither Insights records nor
   * S3 notifications look like this): no need to skip userIdentity. */
  static const char head[] = "{\"eventVersion\":\"1.";
  static const char next[] = ",\"userIdentity\":";
  if (len > 64 && memcmp(json, head, sizeof head - 1) == 0) {
    const char *q = memchr(json + sizeof head - 1, '"', 16);
    if (q && memcmp(q + 1, next, sizeof next - 1) == 0) {
      return TW_REC_CLOUDTRAIL;
    }
  }
  tw_json_iter it;
  tw_json_span k, v;
  int ver1 = 0, aws_src = 0, ident = 0, src = 0, insight = 0, digest = 0;
  int named = 0;
  if (tw_json_obj_begin(&it, json, json + len) < 0) {
    return TW_REC_OTHER;
  }
  while (tw_json_obj_next(&it, &k, &v) == 1) {
    if (k.len == 0) {
      continue;
    }
    switch (k.p[0]) {
    case 'e':
      if (KEY(&k, "eventVersion")) {
        ver1 = str_starts(&v, "1.") || str_starts(&v, "0.");
      } else if (KEY(&k, "eventSource")) {
        src = 1;
        aws_src = str_starts(&v, "aws:");
      } else if (KEY(&k, "eventType")) {
        if (str_is(&v, "AwsCloudTrailInsight")) {
          insight = 1;
        }
      } else if (KEY(&k, "eventName") || KEY(&k, "eventID") ||
                 KEY(&k, "eventTime")) {
        named = 1;
      } else if (KEY(&k, "eventCategory") && str_is(&v, "Insight")) {
        insight = 1;
      }
      break;
    case 'u':
      if (KEY(&k, "userIdentity")) {
        ident = 1;
      }
      break;
    case 'i':
      if (KEY(&k, "insightDetails")) {
        insight = 1;
      }
      break;
    case 'd':
      if (KEY(&k, "digestS3Object") || KEY(&k, "digestStartTime")) {
        digest = 1;
      }
      break;
    default:
      break;
    }
    /* Real trail records start eventVersion, userIdentity, eventTime,
     * eventSource: decide early. Insights records have no userIdentity. */
    if (ver1 && ident && src && !aws_src) {
      return TW_REC_CLOUDTRAIL;
    }
  }
  if (digest) {
    return TW_REC_CT_DIGEST;
  }
  if (ver1 && insight) {
    return TW_REC_CT_INSIGHT;
  }
  if (ver1 && !aws_src && (named || src)) {
    return TW_REC_CLOUDTRAIL;
  }
  return TW_REC_OTHER;
}

tw_rec_kind tw_classify_record(const char *json, size_t len) {
  tw_rec_kind k = tw_cloudtrail_classify(json, len);
  if (k != TW_REC_OTHER) {
    return k;
  }
  k = tw_azure_classify(json, len);
  if (k != TW_REC_OTHER) {
    return k;
  }
  return tw_sentinel_classify(json, len);
}

const char *tw_cloudtrail_other_reason(const char *json, size_t len) {
  tw_json_span obj = {json, len}, v;
  if (tw_json_get(&obj, "eventSource", &v) == 1 && str_starts(&v, "aws:")) {
    return "an S3 or other AWS service event notification";
  }
  if (tw_json_get(&obj, "messageType", &v) == 1 &&
      str_is(&v, "CONTROL_MESSAGE")) {
    return "a CloudWatch Logs control message";
  }
  if (tw_json_get(&obj, "eventversion", &v) == 1 ||
      tw_json_get(&obj, "eventVersion", &v) == 1) {
    tw_json_span src;
    if (tw_json_get(&obj, "eventVersion", &v) != 1) {
      return "CloudTrail-like but with lower-case keys: a normalised copy";
    }
    if (tw_json_get(&obj, "eventSource", &src) != 1 &&
        tw_json_get(&obj, "eventName", &src) != 1 &&
        tw_json_get(&obj, "eventID", &src) != 1) {
      return "eventVersion but no eventSource, eventName or eventID";
    }
  }
  if (tw_json_get(&obj, "eventSource", &v) == 1 && tw_json_kind(&v) == '"' &&
      v.len > 16 && memcmp(v.p + v.len - 15, ".amazonaws.com\"", 15) == 0) {
    return "a CloudTrail-like fragment without eventVersion";
  }
  if (tw_json_get(&obj, "Records", &v) == 1 ||
      tw_json_get(&obj, "records", &v) == 1) {
    return "a records envelope without events";
  }
  return NULL;
}

/* ------------------------------------------------------------ mapping */

/* Column value kinds. */
enum { K_STR, K_JSON, K_BOOL, K_TIME };

typedef struct ct_key {
  const char *key;
  uint8_t len;
  uint8_t kind;
  int8_t col;
  int8_t col2; /* a second column with the same value, or -1 */
} ct_key;

#define CT(k, kind, col) {k, sizeof(k) - 1, kind, col, -1}
static const ct_key top_keys[] = {
    /* in the order trail records list them */
    CT("eventVersion", K_STR, TW_AWS_EventVersion),
    CT("eventTime", K_TIME, TW_AWS_TimeGenerated),
    CT("eventSource", K_STR, TW_AWS_EventSource),
    CT("eventName", K_STR, TW_AWS_EventName),
    CT("awsRegion", K_STR, TW_AWS_AWSRegion),
    CT("sourceIPAddress", K_STR, TW_AWS_SourceIpAddress),
    CT("userAgent", K_STR, TW_AWS_UserAgent),
    CT("errorCode", K_STR, TW_AWS_ErrorCode),
    CT("errorMessage", K_STR, TW_AWS_ErrorMessage),
    CT("requestParameters", K_JSON, TW_AWS_RequestParameters),
    CT("responseElements", K_JSON, TW_AWS_ResponseElements),
    CT("additionalEventData", K_JSON, TW_AWS_AdditionalEventData),
    {"requestID", 9, K_STR, TW_AWS_AwsRequestId_, TW_AWS_AwsRequestId},
    CT("eventID", K_STR, TW_AWS_AwsEventId),
    CT("readOnly", K_BOOL, TW_AWS_ReadOnly),
    CT("resources", K_JSON, TW_AWS_Resources),
    CT("eventType", K_STR, TW_AWS_EventTypeName),
    CT("apiVersion", K_STR, TW_AWS_APIVersion),
    CT("managementEvent", K_BOOL, TW_AWS_ManagementEvent),
    CT("recipientAccountId", K_STR, TW_AWS_RecipientAccountId),
    CT("serviceEventDetails", K_JSON, TW_AWS_ServiceEventDetails),
    CT("sharedEventID", K_STR, TW_AWS_SharedEventId),
    CT("vpcEndpointId", K_STR, TW_AWS_VpcEndpointId),
};
static const ct_key ident_keys[] = {
    CT("type", K_STR, TW_AWS_UserIdentityType),
    CT("principalId", K_STR, TW_AWS_UserIdentityPrincipalid),
    CT("arn", K_STR, TW_AWS_UserIdentityArn),
    CT("accountId", K_STR, TW_AWS_UserIdentityAccountId),
    CT("invokedBy", K_STR, TW_AWS_UserIdentityInvokedBy),
    CT("accessKeyId", K_STR, TW_AWS_UserIdentityAccessKeyId),
    CT("userName", K_STR, TW_AWS_UserIdentityUserName),
};
static const ct_key issuer_keys[] = {
    CT("type", K_STR, TW_AWS_SessionIssuerType),
    CT("principalId", K_STR, TW_AWS_SessionIssuerPrincipalId),
    CT("arn", K_STR, TW_AWS_SessionIssuerArn),
    CT("accountId", K_STR, TW_AWS_SessionIssuerAccountId),
    CT("userName", K_STR, TW_AWS_SessionIssuerUserName),
};
static const ct_key attr_keys[] = {
    CT("mfaAuthenticated", K_BOOL, TW_AWS_SessionMfaAuthenticated),
    CT("creationDate", K_TIME, TW_AWS_SessionCreationDate),
};
static const ct_key behalf_keys[] = {
    CT("userId", K_STR, TW_AWS_UserIdentityUserId),
    CT("identityStoreArn", K_STR, TW_AWS_UserIdentityStoreArn),
};
static const ct_key tls_keys[] = {
    CT("tlsVersion", K_STR, TW_AWS_TlsVersion),
    CT("cipherSuite", K_STR, TW_AWS_CipherSuite),
    CT("clientProvidedHostHeader", K_STR, TW_AWS_ClientProvidedHostHeader),
};
#define NKEYS(a) (sizeof(a) / sizeof((a)[0]))

static const ct_key *find_key(const ct_key *keys, size_t n,
                              const tw_json_span *k) {
  for (size_t i = 0; i < n; i++) {
    if (keys[i].len == k->len && k->p[0] == keys[i].key[0] &&
        memcmp(keys[i].key, k->p, k->len) == 0) {
      return &keys[i];
    }
  }
  return NULL;
}

/* As find_key, starting after the previous match: records list their
 * members in the same order, so the next key is usually the next entry. */
static const ct_key *find_key_from(const ct_key *keys, size_t n,
                                   const tw_json_span *k, size_t *hint) {
  size_t i = *hint;
  for (size_t c = 0; c < n; c++, i++) {
    if (i >= n) {
      i = 0;
    }
    if (keys[i].len == k->len && k->p[0] == keys[i].key[0] &&
        memcmp(keys[i].key, k->p, k->len) == 0) {
      *hint = i + 1;
      return &keys[i];
    }
  }
  return NULL;
}

static int any_wanted(const uint8_t *want, const ct_key *keys, size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (!want || want[keys[i].col]) {
      return 1;
    }
  }
  return 0;
}

/* A string column from any JSON value; a string with broken escapes is
 * kept as its raw text rather than losing the record. */
static int str_value(const tw_json_span *v, tw_arena *a, tw_value *out) {
  if (tw_mv_string(v, a, out) == 0) {
    return 0;
  }
  if (tw_json_kind(v) == '"' && v->len >= 2) {
    tw_json_span in = {v->p + 1, v->len - 2};
    return tw_json_raw_text(&in, a, out);
  }
  return tw_json_raw_text(v, a, out);
}

static int bool_value(const tw_json_span *v, tw_value *out) {
  if (v->len == 4 && memcmp(v->p, "true", 4) == 0) {
    *out = tw_bool(true);
  } else if (v->len == 5 && memcmp(v->p, "false", 5) == 0) {
    *out = tw_bool(false);
  } else if (v->len == 6 && tw_mv_ieq(v->p, "\"true\"", 6)) {
    *out = tw_bool(true);
  } else if (v->len == 7 && tw_mv_ieq(v->p, "\"false\"", 7)) {
    *out = tw_bool(false);
  } else {
    *out = tw_null(TW_T_BOOL);
  }
  return 0;
}

static int time_value(const tw_json_span *v, tw_arena *a, tw_value *out) {
  int64_t t;
  if (tw_json_kind(v) != '"') {
    *out = tw_null(TW_T_DATETIME);
    return 0;
  }
  if (tw_datetime_parse(v->p + 1, v->len - 2, &t) == 0) {
    *out = tw_datetime(t);
    return 0;
  }
  tw_value s;
  if (tw_json_string(v, a, &s) != 0) {
    *out = tw_null(TW_T_DATETIME);
    return 0;
  }
  *out = tw_mv_datetime(s.u.s, s.len);
  return 0;
}

/* A value of the wrong JSON type is mapped anyway; the first one of a
 * record is remarked through *why (the reader notes it once per file). */
static void remark(const char **why, const char *what) {
  if (why && !*why) {
    *why = what;
  }
}

static int put(const ct_key *ck, const tw_json_span *v, const uint8_t *want,
               tw_value *row, tw_arena *a, const char **why) {
  int w1 = !want || want[ck->col];
  int w2 = ck->col2 >= 0 && (!want || want[ck->col2]);
  if (!w1 && !w2) {
    return 0;
  }
  tw_value val;
  int r = 0;
  switch (ck->kind) {
  case K_STR:
  case K_JSON:
    r = str_value(v, a, &val);
    break;
  case K_BOOL:
    r = bool_value(v, &val);
    break;
  case K_TIME:
    r = time_value(v, a, &val);
    break;
  default:
    return 0;
  }
  if (r < 0) {
    return -1;
  }
  char kind = tw_json_kind(v);
  if (kind != 'n') { /* JSON null is a missing value, not a wrong type */
    if (ck->kind == K_STR && kind != '"') {
      remark(why, kind == '{' || kind == '['
                      ? "an object or array where CloudTrail has a string; "
                        "kept as its compact JSON text"
                      : "a number or boolean where CloudTrail has a string; "
                        "kept as its text");
    } else if (ck->kind == K_BOOL && val.null) {
      remark(why, "a boolean field holds neither true nor false; the "
                  "column is null");
    } else if (ck->kind == K_TIME && val.null &&
               ck->col != TW_AWS_TimeGenerated) {
      remark(why, "a datetime field holds no readable datetime; the "
                  "column is null");
    }
  }
  if (w1) {
    row[ck->col] = val;
  }
  if (w2) {
    row[ck->col2] = val;
  }
  return 0;
}

/* Map the members of an object through a key table. -1 on OOM. */
static int map_object(const tw_json_span *obj, const ct_key *keys, size_t n,
                      const uint8_t *want, tw_value *row, tw_arena *a,
                      const char **why) {
  tw_json_iter it;
  tw_json_span k, v;
  if (tw_json_kind(obj) != '{' ||
      tw_json_obj_begin(&it, obj->p, obj->p + obj->len) < 0) {
    return 0;
  }
  while (tw_json_obj_next(&it, &k, &v) == 1) {
    const ct_key *ck = find_key(keys, n, &k);
    if (ck && put(ck, &v, want, row, a, why) < 0) {
      return -1;
    }
  }
  return 0;
}

static int get_obj(const tw_json_span *obj, const char *key,
                   tw_json_span *out) {
  if (tw_json_kind(obj) != '{') {
    return 0;
  }
  return tw_json_get(obj, key, out) == 1 && tw_json_kind(out) == '{';
}

static int map_identity(const tw_json_span *ui, const uint8_t *want,
                        tw_value *row, tw_arena *a, const char **why) {
  if (any_wanted(want, ident_keys, NKEYS(ident_keys)) &&
      map_object(ui, ident_keys, NKEYS(ident_keys), want, row, a, why) < 0) {
    return -1;
  }
  int w_iss = any_wanted(want, issuer_keys, NKEYS(issuer_keys));
  int w_attr = any_wanted(want, attr_keys, NKEYS(attr_keys));
  int w_ec2 = !want || want[TW_AWS_EC2RoleDelivery];
  int w_obo = any_wanted(want, behalf_keys, NKEYS(behalf_keys));
  if (!w_iss && !w_attr && !w_ec2 && !w_obo) {
    return 0;
  }
  /* One pass over userIdentity for sessionContext / onBehalfOf, one over
   * sessionContext for its three parts. */
  tw_json_iter it;
  tw_json_span k, v, sc = {0}, obo = {0};
  if (tw_json_obj_begin(&it, ui->p, ui->p + ui->len) < 0) {
    return 0;
  }
  while (tw_json_obj_next(&it, &k, &v) == 1) {
    if (KEY(&k, "sessionContext")) {
      sc = v;
    } else if (KEY(&k, "onBehalfOf")) {
      obo = v;
    }
  }
  if (sc.p && tw_json_kind(&sc) == '{' && (w_iss || w_attr || w_ec2) &&
      tw_json_obj_begin(&it, sc.p, sc.p + sc.len) == 0) {
    while (tw_json_obj_next(&it, &k, &v) == 1) {
      if (w_iss && KEY(&k, "sessionIssuer")) {
        if (map_object(&v, issuer_keys, NKEYS(issuer_keys), want, row, a,
                       why) < 0) {
          return -1;
        }
      } else if (w_attr && KEY(&k, "attributes")) {
        if (map_object(&v, attr_keys, NKEYS(attr_keys), want, row, a, why) <
            0) {
          return -1;
        }
      } else if (w_ec2 && KEY(&k, "ec2RoleDelivery")) {
        if (str_value(&v, a, &row[TW_AWS_EC2RoleDelivery]) < 0) {
          return -1;
        }
      }
    }
  }
  if (w_obo && obo.p &&
      map_object(&obo, behalf_keys, NKEYS(behalf_keys), want, row, a, why) <
          0) {
    return -1;
  }
  return 0;
}

/* Security-group rule columns from requestParameters.ipPermissions: the
 * first permission's protocol and port range and its first IPv4 range. */
static int map_ip_permissions(const tw_json_span *rp, const uint8_t *want,
                              tw_value *row, tw_arena *a) {
  tw_json_span perms, items, first, v;
  tw_json_iter it;
  if (!get_obj(rp, "ipPermissions", &perms) ||
      tw_json_get(&perms, "items", &items) != 1 ||
      tw_json_arr_begin(&it, items.p, items.p + items.len) < 0 ||
      tw_json_arr_next(&it, &first) != 1 || tw_json_kind(&first) != '{') {
    return 0;
  }
  static const struct {
    const char *key;
    int col;
  } cols[] = {{"ipProtocol", TW_AWS_IpProtocol},
              {"fromPort", TW_AWS_SourcePort},
              {"toPort", TW_AWS_DestinationPort}};
  for (size_t i = 0; i < 3; i++) {
    if ((!want || want[cols[i].col]) &&
        tw_json_get(&first, cols[i].key, &v) == 1 &&
        str_value(&v, a, &row[cols[i].col]) < 0) {
      return -1;
    }
  }
  if (!want || want[TW_AWS_CidrIp]) {
    tw_json_span ranges, ritems, r0;
    if (get_obj(&first, "ipRanges", &ranges) &&
        tw_json_get(&ranges, "items", &ritems) == 1 &&
        tw_json_arr_begin(&it, ritems.p, ritems.p + ritems.len) == 0 &&
        tw_json_arr_next(&it, &r0) == 1 && tw_json_kind(&r0) == '{' &&
        tw_json_get(&r0, "cidrIp", &v) == 1 &&
        str_value(&v, a, &row[TW_AWS_CidrIp]) < 0) {
      return -1;
    }
  }
  return 0;
}

/* Columns that come from inside userIdentity. */
static int identity_wanted(const uint8_t *want) {
  return !want || any_wanted(want, ident_keys, NKEYS(ident_keys)) ||
         any_wanted(want, issuer_keys, NKEYS(issuer_keys)) ||
         any_wanted(want, attr_keys, NKEYS(attr_keys)) ||
         any_wanted(want, behalf_keys, NKEYS(behalf_keys)) ||
         want[TW_AWS_EC2RoleDelivery];
}

static int perms_wanted(const uint8_t *want) {
  return !want || want[TW_AWS_CidrIp] || want[TW_AWS_IpProtocol] ||
         want[TW_AWS_SourcePort] || want[TW_AWS_DestinationPort];
}

int tw_map_cloudtrail(const char *json, size_t len, const uint8_t *want,
                      tw_value *row, tw_arena *a, const char **why) {
  tw_json_iter it;
  tw_json_span k, v;
  tw_json_span ui = {0}, tls = {0}, rp = {0}, ts = {0};
  int r = 0;
  const char *note = NULL; /* the record's first remark */
  /* Stop scanning once every wanted member has been seen (the framer has
   * already checked the whole record is valid JSON). */
  int w_ui = identity_wanted(want);
  int w_tls = any_wanted(want, tls_keys, NKEYS(tls_keys));
  int w_rp = perms_wanted(want);
  int left = w_ui + w_tls;
  uint32_t seen = 0; /* bit per top_keys entry */
  size_t hint = 0;
  for (size_t i = 0; i < NKEYS(top_keys); i++) {
    const ct_key *ck = &top_keys[i];
    if (!want || want[ck->col] || (ck->col2 >= 0 && want[ck->col2]) ||
        (w_rp && ck->col == TW_AWS_RequestParameters)) {
      left++;
    }
  }
  if (tw_json_obj_begin(&it, json, json + len) < 0) {
    *why = "not a JSON object";
    return -1;
  }
  while (left > 0 && (r = tw_json_obj_next(&it, &k, &v)) == 1) {
    if (k.len == 0) {
      continue;
    }
    const ct_key *ck = find_key_from(top_keys, NKEYS(top_keys), &k, &hint);
    if (ck) {
      uint32_t bit = 1u << (ck - top_keys);
      int wanted = !want || want[ck->col] ||
                   (ck->col2 >= 0 && want[ck->col2]) ||
                   (w_rp && ck->col == TW_AWS_RequestParameters);
      if (put(ck, &v, want, row, a, &note) < 0) {
        *why = "out of memory";
        return -1;
      }
      if (ck->col == TW_AWS_RequestParameters) {
        rp = v;
      }
      if (wanted && !(seen & bit)) {
        seen |= bit;
        left--;
      }
    } else if (KEY(&k, "userIdentity")) {
      if (w_ui && !ui.p) {
        left--;
      }
      ui = v;
    } else if (KEY(&k, "tlsDetails")) {
      if (w_tls && !tls.p) {
        left--;
      }
      tls = v;
    } else if (KEY(&k, "@timestamp")) {
      ts = v; /* logstash renamed eventTime */
    }
  }
  if (left > 0 && r < 0) {
    *why = "invalid JSON";
    return -1;
  }
  if ((!want || want[TW_AWS_TimeGenerated]) &&
      row[TW_AWS_TimeGenerated].null) {
    /* eventTime is absent (or unreadable): records shipped through
     * logstash carry it as @timestamp. */
    int had_event_time = (seen & (1u << 1)) != 0;
    if (!had_event_time && ts.p) {
      if (time_value(&ts, a, &row[TW_AWS_TimeGenerated]) < 0) {
        *why = "out of memory";
        return -1;
      }
    }
    if (row[TW_AWS_TimeGenerated].null) {
      note = had_event_time
                 ? "eventTime holds no readable datetime; TimeGenerated is "
                   "null"
                 : ts.p ? "no eventTime and @timestamp holds no readable "
                          "datetime; TimeGenerated is null"
                        : "no eventTime (nor @timestamp); TimeGenerated is "
                          "null";
    } else {
      note = "no eventTime; TimeGenerated is taken from @timestamp (the "
             "record went through logstash)";
    }
  }
  if (w_ui && ui.p && tw_json_kind(&ui) == '{' &&
      map_identity(&ui, want, row, a, &note) < 0) {
    *why = "out of memory";
    return -1;
  }
  if (w_tls && tls.p &&
      map_object(&tls, tls_keys, NKEYS(tls_keys), want, row, a, &note) < 0) {
    *why = "out of memory";
    return -1;
  }
  if (w_rp && rp.p && tw_json_kind(&rp) == '{' &&
      map_ip_permissions(&rp, want, row, a) < 0) {
    *why = "out of memory";
    return -1;
  }
  if (!want || want[TW_AWS_Type]) {
    row[TW_AWS_Type] = tw_str("AWSCloudTrail", 13);
  }
  if (note) {
    *why = note; /* mapped; a remark for the reader to note */
  }
  return 0;
}
