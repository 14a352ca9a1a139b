/*
 * ingest/azure.c - Azure Activity Log records to AzureActivity rows.
 *
 * Two record shapes (../shared/docs/log-formats.md section 3):
 *  - the storage-account export / Event Hub record (time, resourceId,
 *    operationName, resultType, identity{authorization,claims}, properties)
 *    as the diagnostic-settings pipeline feeds Log Analytics;
 *  - the REST / `az monitor activity-log list` EventData record, whose
 *    names are {value, localizedValue} objects.
 * Values are kept as the source wrote them (status words, case). Where the
 * docs and the real Sentinel export in the corpus
 * (azure-activity/sentinel/TrainingLab_azureActivity_adele.csv) differ, the
 * export wins: legacy columns (OperationName, ActivityStatus, Category,
 * ResourceId, Resource, ResourceProvider) are empty for exported records,
 * HTTPRequest is {"clientIpAddress":...}, SubscriptionId is lower-case, and
 * Properties gets the keys the pipeline adds. docs/columns.md has the
 * column-by-column table.
 */
#include <string.h>

#include "ingest/azure_fields.h"
#include "ingest/mapval.h"
#include "ingest/record.h"

/* ------------------------------------------------------ top-level keys */

enum {
  K_TIME,
  K_RESOURCEID,
  K_OPNAME,
  K_CATEGORY,
  K_RESULTTYPE,
  K_RESULTSIG,
  K_CALLERIP,
  K_CORRID,
  K_IDENTITY,
  K_LEVEL,
  K_PROPS,
  K_CALLER,
  K_EVENTDATAID,
  K_OPID,
  K_SUBMISSION,
  K_EVENTTS,
  K_AUTHZ,
  K_CLAIMS,
  K_STATUS,
  K_SUBSTATUS,
  K_RGNAME,
  K_RPNAME,
  K_SUBID,
  K_HTTPREQ,
  K_EVENTNAME,
  K_TIMEGENERATED,
  K_COUNT
};

typedef struct az_key {
  const char *name;
  uint8_t len;
} az_key;

#define AZK(s)                                                                 \
  { s, sizeof(s) - 1 }
static const az_key az_keys[K_COUNT] = {
    AZK("time"),
    AZK("resourceId"),
    AZK("operationName"),
    AZK("category"),
    AZK("resultType"),
    AZK("resultSignature"),
    AZK("callerIpAddress"),
    AZK("correlationId"),
    AZK("identity"),
    AZK("level"),
    AZK("properties"),
    AZK("caller"),
    AZK("eventDataId"),
    AZK("operationId"),
    AZK("submissionTimestamp"),
    AZK("eventTimestamp"),
    AZK("authorization"),
    AZK("claims"),
    AZK("status"),
    AZK("subStatus"),
    AZK("resourceGroupName"),
    AZK("resourceProviderName"),
    AZK("subscriptionId"),
    AZK("httpRequest"),
    AZK("eventName"),
    AZK("TimeGenerated"),
};
#undef AZK

/* The keys of each length (-1 ends a list). */
static const int8_t by_len[21][4] = {
    {-1, -1, -1, -1},                               /* 0 */
    {-1, -1, -1, -1},                               /* 1 */
    {-1, -1, -1, -1},                               /* 2 */
    {-1, -1, -1, -1},                               /* 3 */
    {K_TIME, -1, -1, -1},                           /* 4 */
    {K_LEVEL, -1, -1, -1},                          /* 5 */
    {K_CALLER, K_CLAIMS, K_STATUS, -1},             /* 6 */
    {-1, -1, -1, -1},                               /* 7 */
    {K_CATEGORY, K_IDENTITY, -1, -1},               /* 8 */
    {K_SUBSTATUS, K_EVENTNAME, -1, -1},             /* 9 */
    {K_RESOURCEID, K_RESULTTYPE, K_PROPS, -1},      /* 10 */
    {K_EVENTDATAID, K_OPID, K_HTTPREQ, -1},         /* 11 */
    {-1, -1, -1, -1},                               /* 12 */
    {K_OPNAME, K_CORRID, K_AUTHZ, K_TIMEGENERATED}, /* 13 */
    {K_EVENTTS, K_SUBID, -1, -1},                   /* 14 */
    {K_RESULTSIG, K_CALLERIP, -1, -1},              /* 15 */
    {-1, -1, -1, -1},                               /* 16 */
    {K_RGNAME, -1, -1, -1},                         /* 17 */
    {-1, -1, -1, -1},                               /* 18 */
    {K_SUBMISSION, -1, -1, -1},                     /* 19 */
    {K_RPNAME, -1, -1, -1},                         /* 20 */
};

typedef struct az_rec {
  tw_json_span f[K_COUNT];
  uint8_t exact[K_COUNT];
  int err;
} az_rec;

/* Collect the spans of the keys we know. A key spelled exactly wins over
 * one that differs only in case ("Level": 5 next to "level": "..."). */
static int az_scan(const char *json, size_t len, az_rec *r) {
  memset(r, 0, sizeof *r);
  tw_json_iter it;
  if (tw_json_obj_begin(&it, json, json + len) != 0) {
    return -1;
  }
  tw_json_span k, v;
  int rc;
  while ((rc = tw_json_obj_next(&it, &k, &v)) == 1) {
    if (k.len < 4 || k.len > 20) {
      continue; /* no key of ours is shorter or longer */
    }
    char c0 = (char)(k.p[0] | 0x20);
    const int8_t *cand = by_len[k.len];
    for (int j = 0; j < 4 && cand[j] >= 0; j++) {
      int i = cand[j];
      const char *name = az_keys[i].name;
      size_t nl = az_keys[i].len;
      if (k.len != nl || (char)(name[0] | 0x20) != c0 ||
          !tw_mv_ieq(k.p, name, nl)) {
        continue;
      }
      int ex = memcmp(k.p, name, nl) == 0;
      if (ex || !r->exact[i]) {
        r->f[i] = v;
        r->exact[i] = (uint8_t)ex;
      }
      break;
    }
  }
  return rc < 0 ? -1 : 0;
}

/* ------------------------------------------------------ classification */

static const char *const activity_categories[] = {
    "Administrative", "Security", "ServiceHealth", "Alert", "Recommendation",
    "Policy", "Autoscale", "ResourceHealth",
    /* the older documentation's event categories */
    "Write", "Delete", "Action", NULL};

/* Does the JSON string span (quotes included) equal s, ignoring case? */
static bool str_ieq(const tw_json_span *v, const char *s) {
  size_t n = strlen(s);
  return tw_az_span_is(v, '"') && v->len == n + 2 && tw_mv_ieq(v->p + 1, s, n);
}

tw_rec_kind tw_azure_classify(const char *json, size_t len) {
  az_rec r;
  if (az_scan(json, len, &r) != 0) {
    return TW_REC_OTHER;
  }
  if (r.f[K_TIMEGENERATED].p) {
    return TW_REC_OTHER; /* a Sentinel row, not a native record */
  }
  /* A Sentinel row spells it "OperationName": only the native spelling
   * decides. */
  const tw_json_span none = {0};
  const tw_json_span *op = r.exact[K_OPNAME] ? &r.f[K_OPNAME] : &none;
  if (tw_az_span_is(op, '{')) {
    return TW_REC_AZURE_EVENTDATA;
  }
  if (r.f[K_EVENTTS].p && (r.f[K_SUBMISSION].p || r.f[K_EVENTDATAID].p ||
                           tw_az_span_is(&r.f[K_STATUS], '{') ||
                           tw_az_span_is(&r.f[K_CATEGORY], '{'))) {
    return TW_REC_AZURE_EVENTDATA;
  }
  if (!tw_az_span_is(op, '"')) {
    return TW_REC_OTHER;
  }
  if (!r.f[K_TIME].p && !r.f[K_RESOURCEID].p && !r.f[K_CORRID].p) {
    return TW_REC_OTHER;
  }
  const tw_json_span *cat = &r.f[K_CATEGORY];
  if (cat->p && tw_json_kind(cat) != 'n') {
    for (int i = 0; activity_categories[i]; i++) {
      if (str_ieq(cat, activity_categories[i])) {
        return TW_REC_AZURE_EXPORT;
      }
    }
    return TW_REC_OTHER; /* a resource log (StorageRead, AuditEvent...) */
  }
  /* No category: an Activity operation is "Provider/type/action". */
  if (memchr(op->p, '/', op->len)) {
    return TW_REC_AZURE_EXPORT;
  }
  return TW_REC_OTHER;
}

/* The identity's authorization / claims sub-object span (export shape). */
static tw_json_span identity_part(const az_rec *r, const char *part,
                                  tw_arena *a) {
  tw_json_span id, m = {0};
  if (tw_az_object_span(&r->f[K_IDENTITY], a, &id)) {
    if (tw_json_get(&id, part, &m) != 1) {
      m.p = NULL;
      m.len = 0;
    }
  }
  return m;
}

static tw_value str_lit(const char *s) { return tw_str(s, strlen(s)); }

static int datetime_col(const tw_json_span *v, tw_arena *a, tw_value *out) {
  tw_value s;
  if (!tw_az_span_is(v, '"')) {
    *out = tw_null(TW_T_DATETIME);
    return 0;
  }
  if (tw_json_string(v, a, &s) != 0) {
    return -1;
  }
  *out = tw_mv_datetime(s.u.s, s.len);
  return 0;
}

/* ------------------------------------------------------ the mapping */

typedef struct az_ctx {
  const az_rec *r;
  bool eventdata;
  tw_arena *a;
  tw_az_rid rid;
  tw_value rid_text; /* resourceId as a decoded string */
  bool rid_done;
  tw_value cache[TW_AZ_NCOLS]; /* columns computed so far */
  uint8_t cached[TW_AZ_NCOLS];
} az_ctx;

static int ctx_rid(az_ctx *c) {
  if (c->rid_done) {
    return 0;
  }
  c->rid_done = true;
  if (tw_mv_string(&c->r->f[K_RESOURCEID], c->a, &c->rid_text) != 0) {
    return -1;
  }
  tw_az_rid_parse(c->rid_text.u.s, c->rid_text.len, &c->rid);
  return 0;
}

/* The value of one AzureActivity column (computed once per record). */
static int az_column(az_ctx *c, int col, tw_value *out);
static int az_column_compute(az_ctx *c, int col, tw_value *out);

static int az_column(az_ctx *c, int col, tw_value *out) {
  if (c->cached[col]) {
    *out = c->cache[col];
    return 0;
  }
  if (az_column_compute(c, col, out) != 0) {
    return -1;
  }
  c->cache[col] = *out;
  c->cached[col] = 1;
  return 0;
}

/* Properties text: the record's properties as it arrived (compact), then
 * the keys the Log Analytics pipeline adds, when not already there and not
 * empty. `lower_sub`: the subscriptionId key lower-case (Properties_d, as
 * the real export shows) or as in resourceId (Properties). */
static int build_properties(az_ctx *c, bool lower_sub, tw_value *out) {
  const az_rec *r = c->r;
  tw_arena *a = c->a;
  *out = tw_null(TW_T_STRING);
  tw_value base = tw_null(TW_T_STRING);
  const tw_json_span *pv = &r->f[K_PROPS];
  tw_json_span pobj = {0};
  bool is_obj = false;
  if (pv->p && tw_json_kind(pv) != 'n') {
    if (tw_az_object_span(pv, a, &pobj)) {
      is_obj = true;
      if (tw_json_compact(&pobj, a, &base) != 0) {
        return -1;
      }
      if (base.len < 2 || base.u.s[0] != '{') {
        is_obj = false;
      }
    } else {
      /* a string or array that is not an object: kept as it arrived */
      return tw_mv_string(pv, a, out);
    }
  }
  if (!is_obj) {
    base = str_lit("{}");
  }

  /* Keys the pipeline adds, in the order the real export shows. */
  enum { NADD = 14 };
  const char *names[NADD];
  tw_value vals[NADD];
  int n = 0;
  tw_value v;
#define ADD(name, value)                                                       \
  do {                                                                         \
    names[n] = (name);                                                         \
    vals[n] = (value);                                                         \
    n++;                                                                       \
  } while (0)
  if (c->eventdata) {
    if (tw_az_loc_string(&r->f[K_CATEGORY], "value", a, &v) != 0) {
      return -1;
    }
    ADD("eventCategory", v);
    if (tw_az_loc_string(&r->f[K_EVENTNAME], "value", a, &v) != 0) {
      return -1;
    }
    ADD("eventName", v);
    if (tw_mv_string(&r->f[K_OPID], a, &v) != 0) {
      return -1;
    }
    ADD("operationId", v);
  }
  if (az_column(c, TW_AZ_Caller, &v) != 0) {
    return -1;
  }
  ADD("caller", v);
  if (az_column(c, TW_AZ_EventDataId, &v) != 0) {
    return -1;
  }
  ADD("eventDataId", v);
  if (tw_mv_string(&r->f[K_SUBMISSION], a, &v) != 0) {
    return -1;
  }
  ADD("eventSubmissionTimestamp", v);
  if (az_column(c, TW_AZ_HTTPRequest, &v) != 0) {
    return -1;
  }
  ADD("httpRequest", v);
  if (ctx_rid(c) != 0) {
    return -1;
  }
  size_t rl;
  char *res = tw_az_rid_resource(a, &c->rid, &rl);
  ADD("resource", res ? tw_str(res, rl) : tw_null(TW_T_STRING));
  if (az_column(c, TW_AZ_ResourceGroup, &v) != 0) {
    return -1;
  }
  ADD("resourceGroup", v);
  if (az_column(c, TW_AZ_ResourceProviderValue, &v) != 0) {
    return -1;
  }
  ADD("resourceProviderValue", v);
  if (c->rid.sub) {
    v = tw_str(c->rid.sub, c->rid.sub_len);
  } else if (tw_mv_string(&r->f[K_SUBID], a, &v) != 0) {
    return -1;
  }
  if (lower_sub && v.len) {
    char *l = tw_mv_lower(a, v.u.s, v.len);
    if (!l) {
      return -1;
    }
    v = tw_str(l, v.len);
  }
  ADD("subscriptionId", v);
  if (az_column(c, TW_AZ_ActivityStatusValue, &v) != 0) {
    return -1;
  }
  ADD("activityStatusValue", v);
  if (az_column(c, TW_AZ_ActivitySubstatusValue, &v) != 0) {
    return -1;
  }
  ADD("activitySubstatusValue", v);
#undef ADD

  /* Which of these keys does properties already hold? */
  bool present[NADD] = {false};
  if (is_obj) {
    tw_json_iter it;
    tw_json_span k, mv;
    if (tw_json_obj_begin(&it, pobj.p, pobj.p + pobj.len) == 0) {
      while (tw_json_obj_next(&it, &k, &mv) == 1) {
        for (int i = 0; i < n; i++) {
          if (tw_mv_key_eq(k.p, k.len, names[i])) {
            present[i] = true;
          }
        }
      }
    }
  }
  size_t cap = base.len + 1;
  int nadd = 0;
  for (int i = 0; i < n; i++) {
    if (!present[i] && vals[i].len) {
      cap += strlen(names[i]) + 4 + tw_mv_json_str_max(vals[i].len);
      nadd++;
    }
  }
  if (nadd == 0) {
    *out = is_obj ? base : tw_null(TW_T_STRING);
    return 0;
  }
  char *d = tw_arena_alloc(a, cap);
  if (!d) {
    return -1;
  }
  size_t dl = base.len - 1; /* drop the closing brace */
  memcpy(d, base.u.s, dl);
  bool empty = dl == 1; /* "{" */
  for (int i = 0; i < n; i++) {
    if (present[i] || vals[i].len == 0) {
      continue;
    }
    if (!empty) {
      d[dl++] = ',';
    }
    empty = false;
    size_t nl = strlen(names[i]);
    d[dl++] = '"';
    memcpy(d + dl, names[i], nl);
    dl += nl;
    d[dl++] = '"';
    d[dl++] = ':';
    dl += tw_mv_json_str(d + dl, vals[i].u.s, vals[i].len);
  }
  d[dl++] = '}';
  *out = tw_str(d, dl);
  return 0;
}

static int az_column_compute(az_ctx *c, int col, tw_value *out) {
  const az_rec *r = c->r;
  tw_arena *a = c->a;
  bool ed = c->eventdata;
  *out = tw_null(tw_table_schema(TRAWL_TABLE_AZUREACTIVITY)->cols[col].type);
  switch (col) {
  case TW_AZ_ActivityStatus:
    return ed ? tw_az_loc_string(&r->f[K_STATUS], "localizedValue", a, out) : 0;
  case TW_AZ_ActivityStatusValue:
    if (ed) {
      return tw_az_loc_string(&r->f[K_STATUS], "value", a, out);
    }
    return tw_mv_string(&r->f[K_RESULTTYPE], a, out);
  case TW_AZ_ActivitySubstatus:
    return ed ? tw_az_loc_string(&r->f[K_SUBSTATUS], "localizedValue", a, out)
              : 0;
  case TW_AZ_ActivitySubstatusValue:
    if (ed) {
      return tw_az_loc_string(&r->f[K_SUBSTATUS], "value", a, out);
    }
    return tw_az_substatus(&r->f[K_RESULTSIG], a, out);
  case TW_AZ_Authorization:
  case TW_AZ_Authorization_d:
  case TW_AZ_Claims:
  case TW_AZ_Claims_d: {
    bool authz = col == TW_AZ_Authorization || col == TW_AZ_Authorization_d;
    tw_json_span part = {0};
    if (col == TW_AZ_Authorization || col == TW_AZ_Claims) {
      if (ed) {
        part = r->f[authz ? K_AUTHZ : K_CLAIMS];
      } else {
        part = identity_part(r, authz ? "authorization" : "claims", a);
      }
    }
    tw_value text;
    if (col == TW_AZ_Authorization_d || col == TW_AZ_Claims_d) {
      if (az_column(c, authz ? TW_AZ_Authorization : TW_AZ_Claims, &text)) {
        return -1;
      }
      return tw_mv_dynamic(text.u.s, text.len, a, out);
    }
    return tw_az_object_text(&part, a, out);
  }
  case TW_AZ_Caller:
    if (tw_mv_string(&r->f[K_CALLER], a, out) != 0) {
      return -1;
    }
    if (out->len == 0) {
      tw_json_span cl = ed ? r->f[K_CLAIMS] : identity_part(r, "claims", a);
      return tw_az_caller_from_claims(&cl, a, out);
    }
    return 0;
  case TW_AZ_CallerIpAddress:
    if (ed && tw_az_span_is(&r->f[K_HTTPREQ], '{')) {
      if (tw_az_member_string(&r->f[K_HTTPREQ], "clientIpAddress", a, out) !=
          0) {
        return -1;
      }
      if (out->len) {
        return 0;
      }
    }
    return tw_mv_string(&r->f[K_CALLERIP], a, out);
  case TW_AZ_Category:
    return ed ? tw_az_loc_string(&r->f[K_CATEGORY], "localizedValue", a, out)
              : 0;
  case TW_AZ_CategoryValue:
    if (ed) {
      return tw_az_loc_string(&r->f[K_CATEGORY], "value", a, out);
    }
    if (tw_mv_string(&r->f[K_CATEGORY], a, out) != 0) {
      return -1;
    }
    if (out->len == 0) {
      return tw_az_member_string(&r->f[K_PROPS], "eventCategory", a, out);
    }
    return 0;
  case TW_AZ_CorrelationId:
    return tw_mv_string(&r->f[K_CORRID], a, out);
  case TW_AZ_EventDataId:
    if (tw_mv_string(&r->f[K_EVENTDATAID], a, out) != 0) {
      return -1;
    }
    if (out->len == 0 && !ed) {
      return tw_az_member_string(&r->f[K_PROPS], "eventDataId", a, out);
    }
    return 0;
  case TW_AZ_EventSubmissionTimestamp:
    return datetime_col(&r->f[K_SUBMISSION], a, out);
  case TW_AZ_Hierarchy:
    return tw_az_member_string(&r->f[K_PROPS], "hierarchy", a, out);
  case TW_AZ_HTTPRequest:
    if (ed) {
      return tw_az_object_text(&r->f[K_HTTPREQ], a, out);
    }
    if (r->f[K_HTTPREQ].p) {
      return tw_az_object_text(&r->f[K_HTTPREQ], a, out);
    }
    {
      /* the pipeline builds {"clientIpAddress":"..."} from callerIpAddress */
      tw_value ip;
      if (tw_mv_string(&r->f[K_CALLERIP], a, &ip) != 0) {
        return -1;
      }
      if (ip.len == 0) {
        return 0;
      }
      static const char pre[] = "{\"clientIpAddress\":";
      char *d = tw_arena_alloc(a, sizeof pre + tw_mv_json_str_max(ip.len) + 1);
      if (!d) {
        return -1;
      }
      size_t dl = sizeof pre - 1;
      memcpy(d, pre, dl);
      dl += tw_mv_json_str(d + dl, ip.u.s, ip.len);
      d[dl++] = '}';
      *out = tw_str(d, dl);
      return 0;
    }
  case TW_AZ_Level:
    return tw_mv_string(&r->f[K_LEVEL], a, out);
  case TW_AZ_OperationId:
    if (tw_mv_string(&r->f[K_OPID], a, out) != 0) {
      return -1;
    }
    if (out->len == 0 && !ed) {
      return tw_az_member_string(&r->f[K_PROPS], "operationId", a, out);
    }
    return 0;
  case TW_AZ_OperationName:
    return ed ? tw_az_loc_string(&r->f[K_OPNAME], "localizedValue", a, out) : 0;
  case TW_AZ_OperationNameValue:
    return tw_az_loc_string(&r->f[K_OPNAME], "value", a, out);
  case TW_AZ_Properties:
    return build_properties(c, false, out);
  case TW_AZ_Properties_d: {
    tw_value text;
    if (ctx_rid(c) != 0) {
      return -1;
    }
    bool upper = false;
    for (size_t i = 0; c->rid.sub && i < c->rid.sub_len; i++) {
      upper |= c->rid.sub[i] >= 'A' && c->rid.sub[i] <= 'Z';
    }
    /* the same text as Properties unless the subscription id is upper */
    if (upper ? build_properties(c, true, &text)
              : az_column(c, TW_AZ_Properties, &text)) {
      return -1;
    }
    return tw_mv_dynamic(text.u.s, text.len, a, out);
  }
  case TW_AZ_Resource:
    if (!ed) {
      return 0;
    }
    if (ctx_rid(c) != 0) {
      return -1;
    }
    if (c->rid.last && c->rid.sub != c->rid.last) {
      *out = tw_str(c->rid.last, c->rid.last_len);
    }
    return 0;
  case TW_AZ_ResourceGroup:
    if (ed) {
      if (tw_mv_string(&r->f[K_RGNAME], a, out) != 0) {
        return -1;
      }
      if (out->len) {
        return 0;
      }
    }
    if (ctx_rid(c) != 0) {
      return -1;
    }
    if (c->rid.rg) {
      *out = tw_str(c->rid.rg, c->rid.rg_len);
    }
    return 0;
  case TW_AZ_ResourceId:
    return ed ? tw_mv_string(&r->f[K_RESOURCEID], a, out) : 0;
  case TW_AZ__ResourceId: {
    if (ctx_rid(c) != 0) {
      return -1;
    }
    if (c->rid_text.len == 0) {
      return 0;
    }
    char *l = tw_mv_lower(a, c->rid_text.u.s, c->rid_text.len);
    if (!l) {
      return -1;
    }
    *out = tw_str(l, c->rid_text.len);
    return 0;
  }
  case TW_AZ_ResourceProvider:
    return ed ? tw_az_loc_string(&r->f[K_RPNAME], "localizedValue", a, out) : 0;
  case TW_AZ_ResourceProviderValue:
    if (ed) {
      if (tw_az_loc_string(&r->f[K_RPNAME], "value", a, out) != 0) {
        return -1;
      }
      if (out->len) {
        return 0;
      }
    }
    if (ctx_rid(c) != 0) {
      return -1;
    }
    if (c->rid.prov) {
      *out = tw_str(c->rid.prov, c->rid.prov_len);
    }
    return 0;
  case TW_AZ_SourceSystem:
    *out = str_lit("Azure");
    return 0;
  case TW_AZ_SubscriptionId:
  case TW_AZ__SubscriptionId: {
    tw_value s = tw_null(TW_T_STRING);
    if (ed && tw_mv_string(&r->f[K_SUBID], a, &s) != 0) {
      return -1;
    }
    if (s.len == 0) {
      if (ctx_rid(c) != 0) {
        return -1;
      }
      if (c->rid.sub) {
        s = tw_str(c->rid.sub, c->rid.sub_len);
      } else if (tw_mv_string(&r->f[K_SUBID], a, &s) != 0) {
        return -1;
      }
    }
    if (s.len) {
      char *l = tw_mv_lower(a, s.u.s, s.len);
      if (!l) {
        return -1;
      }
      *out = tw_str(l, s.len);
    }
    return 0;
  }
  case TW_AZ_TenantId:
    return 0; /* the Log Analytics workspace id: not in the record */
  case TW_AZ_TimeGenerated:
    return datetime_col(&r->f[ed ? K_EVENTTS : K_TIME], a, out);
  case TW_AZ_Type:
    *out = str_lit("AzureActivity");
    return 0;
  default:
    return 0;
  }
}

static int az_map(const char *json, size_t len, bool eventdata,
                  const uint8_t *want, tw_value *row, tw_arena *a,
                  const char **why) {
  az_rec r;
  if (az_scan(json, len, &r) != 0) {
    *why = "invalid JSON";
    return -1;
  }
  az_ctx c = {0};
  c.r = &r;
  c.eventdata = eventdata;
  c.a = a;
  for (int col = 0; col < TW_AZ_NCOLS; col++) {
    if (want && !want[col]) {
      continue;
    }
    if (az_column(&c, col, &row[col]) != 0) {
      *why = "out of memory or malformed value";
      return -1;
    }
  }
  return 0;
}

int tw_map_azure_export(const char *json, size_t len, const uint8_t *want,
                        tw_value *row, tw_arena *a, const char **why) {
  return az_map(json, len, false, want, row, a, why);
}

int tw_map_azure_eventdata(const char *json, size_t len, const uint8_t *want,
                           tw_value *row, tw_arena *a, const char **why) {
  return az_map(json, len, true, want, row, a, why);
}
