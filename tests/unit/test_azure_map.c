/*
 * tests/unit/test_azure_map.c - Azure Activity records to AzureActivity
 * rows: classification, both record shapes, Sentinel JSON rows, CSV
 * exports, and the Azure pitfalls of log-formats.md section 6 (constructed
 * records).
 */
#include <stdlib.h>
#include <string.h>

#include "base/timeutil.h"
#include "check.h"
#include "ingest/csv.h"
#include "ingest/mapval.h"
#include "ingest/record.h"
#include "value/json.h"

static tw_arena arena;
static tw_value row[128];
static char txt[1 << 16];

/* Map `json` as the kind the classifier gives; returns the kind. */
static tw_rec_kind map_any(const char *json) {
  size_t n = strlen(json);
  tw_rec_kind k = tw_azure_classify(json, n);
  if (k == TW_REC_OTHER) {
    k = tw_sentinel_classify(json, n);
  }
  trawl_table t = k == TW_REC_SENTINEL_AWS ? TRAWL_TABLE_AWSCLOUDTRAIL
                                           : TRAWL_TABLE_AZUREACTIVITY;
  const tw_schema *sc = tw_table_schema(t);
  for (uint32_t i = 0; i < sc->ncols; i++) {
    row[i] = tw_null(sc->cols[i].type);
  }
  const char *why = NULL;
  int rc = 0;
  switch (k) {
  case TW_REC_AZURE_EXPORT:
    rc = tw_map_azure_export(json, n, NULL, row, &arena, &why);
    break;
  case TW_REC_AZURE_EVENTDATA:
    rc = tw_map_azure_eventdata(json, n, NULL, row, &arena, &why);
    break;
  case TW_REC_SENTINEL_AWS:
    rc = tw_map_sentinel_aws(json, n, NULL, row, &arena, &why);
    break;
  case TW_REC_SENTINEL_AZURE:
    rc = tw_map_sentinel_azure(json, n, NULL, row, &arena, &why);
    break;
  default:
    break;
  }
  if (rc != 0) {
    fprintf(stderr, "  map failed: %s\n", why ? why : "?");
    return TW_REC_OTHER;
  }
  return k;
}

/* A column of the last mapped row as JSON-cell text. */
static const char *colj(trawl_table t, const char *name) {
  int c = tw_table_column_index(t, name, strlen(name));
  if (c < 0) {
    return "(no such column)";
  }
  tw_buf b;
  tw_buf_init(&b, 0);
  tw_value_write_json(&b, &row[c]);
  size_t n = b.len < sizeof txt - 1 ? b.len : sizeof txt - 1;
  memcpy(txt, b.data, n);
  txt[n] = 0;
  tw_buf_free(&b);
  return txt;
}

/* A string column of the last Azure row, unquoted. */
static const char *az(const char *name) {
  int c = tw_table_column_index(TRAWL_TABLE_AZUREACTIVITY, name, strlen(name));
  if (c < 0 || row[c].type != TW_T_STRING) {
    return colj(TRAWL_TABLE_AZUREACTIVITY, name);
  }
  size_t n = row[c].len < sizeof txt - 1 ? row[c].len : sizeof txt - 1;
  memcpy(txt, row[c].u.s, n);
  txt[n] = 0;
  return txt;
}

static const char *dyn_member(const char *col, const char *key) {
  int c = tw_table_column_index(TRAWL_TABLE_AZUREACTIVITY, col, strlen(col));
  const tw_dyn *d = tw_dyn_member(row[c].u.d, key, strlen(key));
  if (!d) {
    return "(absent)";
  }
  if (d->kind == TRAWL_DYN_STRING) {
    memcpy(txt, d->u.s, d->n);
    txt[d->n] = 0;
    return txt;
  }
  tw_buf b;
  tw_buf_init(&b, 0);
  tw_dyn_write(&b, d);
  memcpy(txt, b.data, b.len);
  txt[b.len] = 0;
  tw_buf_free(&b);
  return txt;
}

#define SUB "11111111-aaaa-1111-aaaa-111111111111"

/* A storage-export record, Start of a VM write, requestbody a JSON string
 * with a display-name location. */
static const char *export_start =
    "{\"time\":\"2025-04-15T10:16:32.9873441Z\","
    "\"resourceId\":\"/SUBSCRIPTIONS/11111111-AAAA-1111-AAAA-111111111111/"
    "RESOURCEGROUPS/Rg-One/PROVIDERS/MICROSOFT.COMPUTE/VIRTUALMACHINES/VM1\","
    "\"operationName\":\"MICROSOFT.COMPUTE/VIRTUALMACHINES/WRITE\","
    "\"category\":\"Administrative\",\"resultType\":\"Start\","
    "\"resultSignature\":\"Started.\",\"durationMs\":\"0\","
    "\"callerIpAddress\":\"203.0.113.10\","
    "\"correlationId\":\"aaaaaaaa-0000-0000-0000-000000000001\","
    "\"identity\":{\"authorization\":{\"scope\":\"/subscriptions/x\","
    "\"action\":\"Microsoft.Compute/virtualMachines/write\"},"
    "\"claims\":{\"http:\\/\\/schemas.xmlsoap.org\\/ws\\/2005\\/05\\/identity"
    "\\/claims\\/upn\":\"alice@example.com\",\"name\":\"Alice\"}},"
    "\"level\":\"Information\","
    "\"properties\":{\"requestbody\":\"{\\\"location\\\":\\\"East US\\\","
    "\\\"properties\\\":{\\\"hardwareProfile\\\":{\\\"vmSize\\\":"
    "\\\"Standard_B1s\\\"}}}\",\"eventCategory\":\"Administrative\","
    "\"entity\":\"/subscriptions/x/resourceGroups/Rg-One\","
    "\"message\":\"Microsoft.Compute/virtualMachines/write\","
    "\"hierarchy\":\"tenant/" SUB "\"},"
    "\"tenantId\":\"22222222-2222-2222-2222-222222222222\"}";

static void test_classify(void) {
  CHECK_EQ(tw_azure_classify(export_start, strlen(export_start)),
           TW_REC_AZURE_EXPORT);
  const char *ed = "{\"eventTimestamp\":\"2020-01-01T00:00:00Z\","
                   "\"operationName\":{\"value\":\"a/b\","
                   "\"localizedValue\":\"A B\"}}";
  CHECK_EQ(tw_azure_classify(ed, strlen(ed)), TW_REC_AZURE_EVENTDATA);
  /* a storage resource log is not an Activity event */
  const char *st = "{\"time\":\"2025-01-28T15:30:00Z\",\"category\":"
                   "\"StorageRead\",\"operationName\":\"GetBlob\"}";
  CHECK_EQ(tw_azure_classify(st, strlen(st)), TW_REC_OTHER);
  const char *st2 = "{\"time\":\"2025-01-28T15:30:00Z\",\"resourceId\":"
                    "\"/x\",\"operationName\":\"deleteblob\"}";
  CHECK_EQ(tw_azure_classify(st2, strlen(st2)), TW_REC_OTHER);
  /* no category, but an Activity-style operation name */
  const char *nc = "{\"time\":\"2025-01-28T15:30:00Z\",\"operationName\":"
                   "\"Microsoft.Storage/storageAccounts/write\"}";
  CHECK_EQ(tw_azure_classify(nc, strlen(nc)), TW_REC_AZURE_EXPORT);
  /* CloudTrail, Sentinel rows and junk are not ours */
  const char *ct = "{\"eventVersion\":\"1.08\",\"eventTime\":"
                   "\"2020-01-01T00:00:00Z\",\"eventName\":\"X\"}";
  CHECK_EQ(tw_azure_classify(ct, strlen(ct)), TW_REC_OTHER);
  const char *srow = "{\"TimeGenerated\":\"2020-01-01T00:00:00Z\","
                     "\"OperationNameValue\":\"a/b\",\"CategoryValue\":\"x\"}";
  CHECK_EQ(tw_azure_classify(srow, strlen(srow)), TW_REC_OTHER);
  CHECK_EQ(tw_sentinel_classify(srow, strlen(srow)), TW_REC_SENTINEL_AZURE);
  const char *srow2 = "{\"OperationName\":\"a/b\",\"CorrelationId\":"
                      "\"c\",\"CategoryValue\":\"Administrative\"}";
  CHECK_EQ(tw_azure_classify(srow2, strlen(srow2)), TW_REC_OTHER);
  CHECK_EQ(tw_sentinel_classify(srow2, strlen(srow2)), TW_REC_OTHER);
  CHECK_EQ(tw_azure_classify("[1,2]", 5), TW_REC_OTHER);
  CHECK_EQ(tw_azure_classify("{", 1), TW_REC_OTHER);
}

static void test_export_basic(void) {
  CHECK_EQ(map_any(export_start), TW_REC_AZURE_EXPORT);
  CHECK_STR(colj(TRAWL_TABLE_AZUREACTIVITY, "TimeGenerated"),
            "\"2025-04-15T10:16:32.9873441Z\"");
  /* values as the source wrote them (P15, P16) */
  CHECK_STR(az("OperationNameValue"),
            "MICROSOFT.COMPUTE/VIRTUALMACHINES/WRITE");
  CHECK_STR(az("ActivityStatusValue"), "Start");
  CHECK_STR(az("ActivitySubstatusValue"), "");
  CHECK_STR(az("CategoryValue"), "Administrative");
  CHECK_STR(az("Level"), "Information");
  CHECK_STR(az("ResourceGroup"), "Rg-One");
  CHECK_STR(az("ResourceProviderValue"), "MICROSOFT.COMPUTE");
  CHECK_STR(az("SubscriptionId"), SUB);
  CHECK_STR(az("_SubscriptionId"), SUB);
  CHECK_STR(az("_ResourceId"),
            "/subscriptions/" SUB
            "/resourcegroups/rg-one/providers/microsoft.compute/"
            "virtualmachines/vm1");
  /* legacy columns are empty on the diagnostic-settings pipeline (P16) */
  CHECK_STR(az("OperationName"), "");
  CHECK_STR(az("ActivityStatus"), "");
  CHECK_STR(az("Category"), "");
  CHECK_STR(az("ResourceId"), "");
  CHECK_STR(az("Resource"), "");
  CHECK_STR(az("ResourceProvider"), "");
  /* P25: no operationId in exports */
  CHECK_STR(az("OperationId"), "");
  CHECK_STR(az("Caller"), "alice@example.com");
  CHECK_STR(az("CallerIpAddress"), "203.0.113.10");
  CHECK_STR(az("HTTPRequest"), "{\"clientIpAddress\":\"203.0.113.10\"}");
  CHECK_STR(az("Hierarchy"), "tenant/" SUB);
  CHECK_STR(az("SourceSystem"), "Azure");
  CHECK_STR(az("Type"), "AzureActivity");
  CHECK_STR(az("TenantId"), "");
  CHECK_STR(colj(TRAWL_TABLE_AZUREACTIVITY, "EventSubmissionTimestamp"),
            "null");
  CHECK_STR(az("Authorization"),
            "{\"scope\":\"/subscriptions/x\",\"action\":"
            "\"Microsoft.Compute/virtualMachines/write\"}");
  CHECK_STR(dyn_member("Authorization_d", "action"),
            "Microsoft.Compute/virtualMachines/write");
  CHECK_STR(dyn_member("Claims_d", "name"), "Alice");
}

/* P6 / 3.6: requestbody arrived as a JSON string: it stays a string, its
 * quotes escaped inside Properties; the keys Sentinel adds follow. */
static void test_export_properties(void) {
  CHECK_EQ(map_any(export_start), TW_REC_AZURE_EXPORT);
  CHECK_STR(
      az("Properties"),
      "{\"requestbody\":\"{\\\"location\\\":\\\"East US\\\","
      "\\\"properties\\\":{\\\"hardwareProfile\\\":{\\\"vmSize\\\":"
      "\\\"Standard_B1s\\\"}}}\",\"eventCategory\":\"Administrative\","
      "\"entity\":\"/subscriptions/x/resourceGroups/Rg-One\","
      "\"message\":\"Microsoft.Compute/virtualMachines/write\","
      "\"hierarchy\":\"tenant/" SUB "\","
      "\"caller\":\"alice@example.com\","
      "\"httpRequest\":\"{\\\"clientIpAddress\\\":\\\"203.0.113.10\\\"}\","
      "\"resource\":\"vm1\",\"resourceGroup\":\"Rg-One\","
      "\"resourceProviderValue\":\"MICROSOFT.COMPUTE\","
      "\"subscriptionId\":\"11111111-AAAA-1111-AAAA-111111111111\","
      "\"activityStatusValue\":\"Start\"}");
  /* a regex for "location":"..." does not match the escaped text */
  CHECK(strstr(az("Properties"), "\"location\":\"") == NULL);
  /* Properties_d: requestbody is a string node; subscriptionId lower */
  CHECK_STR(dyn_member("Properties_d", "requestbody"),
            "{\"location\":\"East US\",\"properties\":{\"hardwareProfile\":"
            "{\"vmSize\":\"Standard_B1s\"}}}");
  CHECK_STR(dyn_member("Properties_d", "subscriptionId"), SUB);
  CHECK_STR(dyn_member("Properties_d", "resource"), "vm1");
}

/* P6: a responseBody that arrived as an object stays an object; P17: the
 * completion record with Accept + substatus from resultSignature. */
static void test_export_accept_object_body(void) {
  const char *rec =
      "{\"time\":\"2025-04-15T10:20:00Z\",\"resourceId\":\"/subscriptions/" SUB
      "/resourceGroups/rg1/providers/Microsoft.Compute/virtualMachines/"
      "vm1\",\"operationName\":\"Microsoft.Compute/virtualMachines/write\","
      "\"category\":\"Administrative\",\"resultType\":\"Accept\","
      "\"resultSignature\":\"Accepted.Created\",\"durationMs\":12,"
      "\"properties\":{\"statusCode\":\"Created\",\"responseBody\":"
      "{\"location\":\"westeurope\",\"name\":\"vm1\"}}}";
  CHECK_EQ(map_any(rec), TW_REC_AZURE_EXPORT);
  CHECK_STR(az("ActivityStatusValue"), "Accept");
  CHECK_STR(az("ActivitySubstatusValue"), "Created");
  CHECK(strstr(az("Properties"),
               "\"responseBody\":{\"location\":\"westeurope\","
               "\"name\":\"vm1\"}") != NULL);
  CHECK(strstr(az("Properties"), "\"activitySubstatusValue\":\"Created\"") !=
        NULL);
  CHECK_STR(dyn_member("Properties_d", "responseBody"),
            "{\"location\":\"westeurope\",\"name\":\"vm1\"}");
  /* no identity: no caller, no HTTPRequest without an IP */
  CHECK_STR(az("Caller"), "");
  CHECK_STR(az("HTTPRequest"), "");
  CHECK_STR(colj(TRAWL_TABLE_AZUREACTIVITY, "Claims_d"), "null");
}

/* Success vs Succeeded, escaped responseBody, service principal caller
 * (object id), resultSignature without a dot. */
static void test_export_status_words(void) {
  const char *a =
      "{\"time\":\"2025-04-15T10:20:00Z\",\"resourceId\":\"/subscriptions/" SUB
      "/resourceGroups/rg1\",\"operationName\":"
      "\"Microsoft.Resources/subscriptions/resourceGroups/write\","
      "\"category\":\"Administrative\",\"resultType\":\"Success\","
      "\"resultSignature\":\"Succeeded.OK\",\"identity\":{\"claims\":{"
      "\"appid\":\"app-1\",\"http://schemas.microsoft.com/identity/claims/"
      "objectidentifier\":\"0b0b0b0b-0000-0000-0000-000000000000\"}},"
      "\"properties\":{\"responseBody\":\"{\\\"location\\\":"
      "\\\"westeurope\\\"}\"}}";
  CHECK_EQ(map_any(a), TW_REC_AZURE_EXPORT);
  CHECK_STR(az("ActivityStatusValue"), "Success");
  CHECK_STR(az("ActivitySubstatusValue"), "OK");
  CHECK_STR(az("Caller"), "0b0b0b0b-0000-0000-0000-000000000000");
  CHECK_STR(az("ResourceGroup"), "rg1");
  CHECK_STR(az("ResourceProviderValue"), "");
  CHECK(strstr(az("Properties"),
               "\"responseBody\":\"{\\\"location\\\":\\\"westeurope\\\"}\"") !=
        NULL);
  CHECK(strstr(az("Properties"), "\"resource\":") == NULL);
  const char *b = "{\"time\":\"2025-04-15T10:20:00Z\",\"operationName\":"
                  "\"microsoft.insights/actiongroups/delete\",\"category\":"
                  "\"Administrative\",\"resultType\":\"Succeeded\","
                  "\"resultSignature\":\"Succeeded\"}";
  CHECK_EQ(map_any(b), TW_REC_AZURE_EXPORT);
  CHECK_STR(az("ActivityStatusValue"), "Succeeded");
  CHECK_STR(az("ActivitySubstatusValue"), "");
  CHECK_STR(az("OperationNameValue"), "microsoft.insights/actiongroups/delete");
}

/* P18: "Level": 5 next to "level"; durationMs number; P12: off-spec and
 * 9-digit times; P15: "resourceid" key spelling. */
static void test_export_odd_types(void) {
  const char *a =
      "{\"Level\":5,\"time\":\"1/9/2007 9:41:00 AM\",\"resourceid\":"
      "\"/tenants/33333333-3333-3333-3333-333333333333/providers/"
      "Microsoft.aadiam\",\"operationName\":\"Microsoft.aadiam/x/action\","
      "\"category\":\"Administrative\",\"resultType\":\"Success\","
      "\"durationMs\":2826,\"level\":\"Informational\"}";
  CHECK_EQ(map_any(a), TW_REC_AZURE_EXPORT);
  CHECK_STR(az("Level"), "Informational");
  CHECK_STR(colj(TRAWL_TABLE_AZUREACTIVITY, "TimeGenerated"),
            "\"2007-01-09T09:41:00Z\"");
  /* P19: a tenant-level id has no subscription and no group */
  CHECK_STR(az("SubscriptionId"), "");
  CHECK_STR(az("ResourceGroup"), "");
  CHECK_STR(az("ResourceProviderValue"), "Microsoft.aadiam");
  CHECK_STR(az("_ResourceId"),
            "/tenants/33333333-3333-3333-3333-333333333333/providers/"
            "microsoft.aadiam");
  const char *b =
      "{\"time\":\"2025-12-22T08:46:29.678707300Z\",\"resourceId\":"
      "\"/SUBSCRIPTIONS/" SUB "/PROVIDERS/MICROSOFT.NETWORK\","
      "\"operationName\":\"Microsoft.Advisor/recommendations/available/"
      "action\",\"category\":\"Recommendation\",\"resultType\":\"Active\","
      "\"level\":4,\"resultSignature\":\"200\"}";
  CHECK_EQ(map_any(b), TW_REC_AZURE_EXPORT);
  CHECK_STR(colj(TRAWL_TABLE_AZUREACTIVITY, "TimeGenerated"),
            "\"2025-12-22T08:46:29.6787073Z\"");
  CHECK_STR(az("Level"), "4");
  CHECK_STR(az("ActivitySubstatusValue"), "200");
  CHECK_STR(az("ResourceProviderValue"), "MICROSOFT.NETWORK");
  CHECK_STR(az("ResourceGroup"), "");
  CHECK_STR(az("SubscriptionId"), SUB);
}

/* P6: identity as a plain string; claims carried as a JSON string;
 * properties carried as a JSON string. */
static void test_export_strings_for_objects(void) {
  const char *a =
      "{\"time\":\"2025-01-01T00:00:00Z\",\"operationName\":"
      "\"Microsoft.Web/sites/write\",\"category\":\"Administrative\","
      "\"resultType\":\"Start\",\"identity\":\"John Doe\"}";
  CHECK_EQ(map_any(a), TW_REC_AZURE_EXPORT);
  CHECK_STR(az("Claims"), "");
  CHECK_STR(az("Authorization"), "");
  CHECK_STR(az("Caller"), "");
  const char *b =
      "{\"time\":\"2025-01-01T00:00:00Z\",\"operationName\":"
      "\"Microsoft.Web/sites/write\",\"category\":\"Administrative\","
      "\"resultType\":\"Start\",\"identity\":{\"claims\":"
      "\"{\\\"http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn\\\":"
      " \\\"bob@example.com\\\"}\"},"
      "\"properties\":\"{\\\"statusCode\\\": \\\"OK\\\"}\"}";
  CHECK_EQ(map_any(b), TW_REC_AZURE_EXPORT);
  CHECK_STR(az("Claims"),
            "{\"http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn\":"
            "\"bob@example.com\"}");
  CHECK_STR(az("Caller"), "bob@example.com");
  CHECK_STR(az("Properties"),
            "{\"statusCode\":\"OK\",\"caller\":\"bob@example.com\","
            "\"activityStatusValue\":\"Start\"}");
  CHECK_STR(dyn_member("Properties_d", "statusCode"), "OK");
  /* a broken escape keeps the raw text; the record is not lost */
  const char *c = "{\"time\":\"2025-01-01T00:00:00Z\",\"operationName\":"
                  "\"Microsoft.Web/sites/write\",\"category\":"
                  "\"Administrative\",\"resultType\":\"St\\xart\"}";
  CHECK_EQ(map_any(c), TW_REC_AZURE_EXPORT);
  CHECK_STR(az("ActivityStatusValue"), "St\\xart");
}

static const char *eventdata =
    "{\"authorization\":{\"action\":\"Microsoft.Network/"
    "networkSecurityGroups/write\",\"scope\":\"/subscriptions/s\"},"
    "\"caller\":\"rob@contoso.com\",\"channels\":\"Operation\","
    "\"claims\":{\"name\":\"Rob\"},\"correlationId\":\"c-1\","
    "\"description\":\"\",\"eventDataId\":\"e-1\","
    "\"eventName\":{\"value\":\"EndRequest\",\"localizedValue\":"
    "\"End request\"},\"category\":{\"value\":\"Administrative\","
    "\"localizedValue\":\"Administrative\"},"
    "\"eventTimestamp\":\"2018-01-29T20:42:31.3810679Z\","
    "\"httpRequest\":{\"clientRequestId\":\"r\",\"clientIpAddress\":"
    "\"192.0.2.5\",\"method\":\"PUT\"},"
    "\"level\":\"Informational\",\"operationId\":\"o-1\","
    "\"operationName\":{\"value\":\"Microsoft.Network/"
    "networkSecurityGroups/write\",\"localizedValue\":"
    "\"Create or Update Network Security Group\"},"
    "\"resourceGroupName\":\"myResourceGroup\","
    "\"resourceProviderName\":{\"value\":\"Microsoft.Network\","
    "\"localizedValue\":\"Microsoft.Network\"},"
    "\"resourceId\":\"/subscriptions/" SUB "/resourceGroups/"
    "myResourceGroup/providers/Microsoft.Network/networkSecurityGroups/"
    "myNSG\",\"status\":{\"value\":\"Succeeded\",\"localizedValue\":"
    "\"Succeeded\"},\"subStatus\":{\"value\":\"Created\","
    "\"localizedValue\":\"Created (HTTP Status Code: 201)\"},"
    "\"submissionTimestamp\":\"2018-01-29T20:42:50.0724829Z\","
    "\"subscriptionId\":\"" SUB "\",\"properties\":{\"statusCode\":"
    "\"Created\",\"responseBody\":\"{\\\"location\\\":\\\"westus\\\"}\","
    "\"hierarchy\":\"h\"}}";

static void test_eventdata(void) {
  CHECK_EQ(map_any(eventdata), TW_REC_AZURE_EVENTDATA);
  CHECK_STR(colj(TRAWL_TABLE_AZUREACTIVITY, "TimeGenerated"),
            "\"2018-01-29T20:42:31.3810679Z\"");
  CHECK_STR(colj(TRAWL_TABLE_AZUREACTIVITY, "EventSubmissionTimestamp"),
            "\"2018-01-29T20:42:50.0724829Z\"");
  CHECK_STR(az("OperationNameValue"),
            "Microsoft.Network/networkSecurityGroups/write");
  CHECK_STR(az("OperationName"), "Create or Update Network Security Group");
  CHECK_STR(az("ActivityStatusValue"), "Succeeded");
  CHECK_STR(az("ActivityStatus"), "Succeeded");
  CHECK_STR(az("ActivitySubstatusValue"), "Created");
  CHECK_STR(az("ActivitySubstatus"), "Created (HTTP Status Code: 201)");
  CHECK_STR(az("CategoryValue"), "Administrative");
  CHECK_STR(az("Category"), "Administrative");
  CHECK_STR(az("Caller"), "rob@contoso.com");
  CHECK_STR(az("CallerIpAddress"), "192.0.2.5");
  CHECK_STR(az("HTTPRequest"), "{\"clientRequestId\":\"r\","
                               "\"clientIpAddress\":\"192.0.2.5\","
                               "\"method\":\"PUT\"}");
  CHECK_STR(az("EventDataId"), "e-1");
  CHECK_STR(az("OperationId"), "o-1");
  CHECK_STR(az("ResourceGroup"), "myResourceGroup");
  CHECK_STR(az("ResourceProviderValue"), "Microsoft.Network");
  CHECK_STR(az("ResourceProvider"), "Microsoft.Network");
  CHECK_STR(az("Resource"), "myNSG");
  CHECK_STR(az("Hierarchy"), "h");
  CHECK_STR(dyn_member("Properties_d", "eventName"), "EndRequest");
  CHECK_STR(dyn_member("Properties_d", "resource"), "mynsg");
  CHECK_STR(dyn_member("Properties_d", "responseBody"),
            "{\"location\":\"westus\"}");
  CHECK_STR(dyn_member("Properties_d", "activitySubstatusValue"), "Created");
  CHECK_STR(dyn_member("Claims_d", "name"), "Rob");
  /* {"value": null} gives "" */
  const char *b = "{\"eventTimestamp\":\"2017-07-20T23:30:14Z\","
                  "\"operationName\":{\"value\":\"Microsoft.ServiceHealth/"
                  "incident/action\"},\"eventName\":{\"value\":null},"
                  "\"subStatus\":{\"value\":null},\"status\":{\"value\":"
                  "\"Active\",\"localizedValue\":\"Active\"}}";
  CHECK_EQ(map_any(b), TW_REC_AZURE_EVENTDATA);
  CHECK_STR(az("ActivitySubstatusValue"), "");
  CHECK_STR(az("ActivityStatusValue"), "Active");
}

/* Only the wanted columns are filled. */
static void test_want(void) {
  uint8_t want[TW_AZ_NCOLS] = {0};
  want[TW_AZ_OperationNameValue] = 1;
  for (int i = 0; i < TW_AZ_NCOLS; i++) {
    row[i] = tw_null(tw_table_schema(TRAWL_TABLE_AZUREACTIVITY)->cols[i].type);
  }
  const char *why;
  CHECK_EQ(tw_map_azure_export(export_start, strlen(export_start), want, row,
                               &arena, &why),
           0);
  CHECK_STR(az("OperationNameValue"),
            "MICROSOFT.COMPUTE/VIRTUALMACHINES/WRITE");
  CHECK_STR(az("Caller"), "");
  CHECK_STR(colj(TRAWL_TABLE_AZUREACTIVITY, "TimeGenerated"), "null");
}

static void test_sentinel_rows(void) {
  const char *aws = "{\"TimeGenerated\":\"2025-04-21T09:45:54Z\",\"EventName\":"
                    "\"ConsoleLogin\",\"EventSource\":\"signin.amazonaws.com\","
                    "\"SessionMfaAuthenticated\":\"false\",\"ReadOnly\":true,"
                    "\"RequestParameters\":{\"a\":1},\"Unknown\":\"x\"}";
  CHECK_EQ(map_any(aws), TW_REC_SENTINEL_AWS);
  CHECK_STR(colj(TRAWL_TABLE_AWSCLOUDTRAIL, "TimeGenerated"),
            "\"2025-04-21T09:45:54Z\"");
  CHECK_STR(colj(TRAWL_TABLE_AWSCLOUDTRAIL, "EventName"), "\"ConsoleLogin\"");
  CHECK_STR(colj(TRAWL_TABLE_AWSCLOUDTRAIL, "SessionMfaAuthenticated"),
            "false");
  CHECK_STR(colj(TRAWL_TABLE_AWSCLOUDTRAIL, "ReadOnly"), "true");
  CHECK_STR(colj(TRAWL_TABLE_AWSCLOUDTRAIL, "RequestParameters"),
            "\"{\\\"a\\\":1}\"");
  CHECK_STR(colj(TRAWL_TABLE_AWSCLOUDTRAIL, "Type"), "\"AWSCloudTrail\"");
  const char *azr =
      "{\"Type\":\"AzureActivity\",\"TimeGenerated [UTC]\":"
      "\"2021-04-28T14:32:14.029Z\",\"Properties_d\":{\"a\":\"b\"},"
      "\"Claims_d\":\"{\\\"x\\\":1}\",\"OperationNameValue\":\"A/B\"}";
  CHECK_EQ(map_any(azr), TW_REC_SENTINEL_AZURE);
  CHECK_STR(colj(TRAWL_TABLE_AZUREACTIVITY, "TimeGenerated"),
            "\"2021-04-28T14:32:14.0290000Z\"");
  CHECK_STR(dyn_member("Properties_d", "a"), "b");
  CHECK_STR(dyn_member("Claims_d", "x"), "1");
  CHECK_STR(az("OperationNameValue"), "A/B");
  const char *none = "{\"TimeGenerated\":\"2021-01-01\",\"Foo\":1}";
  CHECK_EQ(tw_sentinel_classify(none, strlen(none)), TW_REC_OTHER);
}

/* Feed CSV text line by line as the reader does. */
static int csv_feed(tw_csv *c, const char *text, trawl_table *t, int *rows,
                    int *errors) {
  char buf[4096];
  size_t bl = 0;
  int last = 0;
  const char *p = text;
  *rows = 0;
  *errors = 0;
  while (*p) {
    const char *e = strchr(p, '\n');
    size_t n = e ? (size_t)(e - p) : strlen(p);
    if (last == 2) {
      buf[bl++] = '\n';
    } else {
      bl = 0;
    }
    memcpy(buf + bl, p, n);
    bl += n;
    const char *why = NULL;
    last = tw_csv_line(c, buf, bl, 1, &arena, row, t, &why);
    if (last == 1) {
      (*rows)++;
    } else if (last == -1) {
      (*errors)++;
    }
    p = e ? e + 1 : p + n;
  }
  return last;
}

static void test_csv(void) {
  tw_csv *c = tw_csv_new(TRAWL_DATES_AUTO, "x.csv");
  trawl_table t;
  int rows, errors;
  csv_feed(c,
           "\xEF\xBB\xBF\"TimeGenerated [UTC]\",EventName,EventSource,"
           "ReadOnly,\"SessionCreationDate [UTC]\"\r\n"
           "\"21/04/2025, 09:45:54.000\",ConsoleLogin,\"signin.amazonaws."
           "com\",false,\"03/04/2025, 10:00:00.000\"\r\n",
           &t, &rows, &errors);
  CHECK_EQ(rows, 1);
  CHECK_EQ(errors, 0);
  CHECK_EQ(t, TRAWL_TABLE_AWSCLOUDTRAIL);
  CHECK_STR(colj(t, "TimeGenerated"), "\"2025-04-21T09:45:54Z\"");
  /* decided day-first by the first value of the row */
  CHECK_STR(colj(t, "SessionCreationDate"), "\"2025-04-03T10:00:00Z\"");
  CHECK_STR(colj(t, "ReadOnly"), "false");
  CHECK_STR(colj(t, "Type"), "\"AWSCloudTrail\"");
  tw_csv_free(c);

  /* US 12-hour clock, multi-line quoted JSON cells, doubled quotes */
  c = tw_csv_new(TRAWL_DATES_AUTO, "y.csv");
  csv_feed(c,
           "$table,OperationNameValue,Properties_d,Properties,"
           "TimeGenerated [UTC],ActivityStatusValue,Extra\n"
           "AzureActivity,A/B,\"{\"\"k\"\":\"\"v\"\"}\",\"{\n"
           "  \"\"k\"\": \"\"v,w\"\"\n}\",\"4/6/2021, 7:18:24.156 PM\","
           "Success,zzz\n"
           "\n"
           "AzureActivity,C/D,,,\"4/26/2021, 12:05:00.000 AM\",Start\n",
           &t, &rows, &errors);
  CHECK_EQ(rows, 2);
  CHECK_EQ(errors, 0);
  CHECK_EQ(t, TRAWL_TABLE_AZUREACTIVITY);
  CHECK_STR(az("OperationNameValue"), "C/D");
  CHECK_STR(colj(t, "TimeGenerated"), "\"2021-04-26T00:05:00Z\"");
  CHECK_STR(colj(t, "Properties_d"), "null");
  tw_csv_free(c);

  c = tw_csv_new(TRAWL_DATES_AUTO, "y.csv");
  csv_feed(c,
           "$table,OperationNameValue,Properties_d,Properties,"
           "TimeGenerated [UTC]\n"
           "AzureActivity,A/B,\"{\"\"k\"\":\"\"v\"\"}\",\"{\n"
           "  \"\"k\"\": \"\"v,w\"\"\n}\",\"4/6/2021, 7:18:24.156 PM\"\n",
           &t, &rows, &errors);
  CHECK_EQ(rows, 1);
  CHECK_STR(az("Properties"), "{\n  \"k\": \"v,w\"\n}");
  CHECK_STR(dyn_member("Properties_d", "k"), "v");
  /* ambiguous and undecided: month-first */
  CHECK_STR(colj(t, "TimeGenerated"), "\"2021-04-06T19:18:24.1560000Z\"");
  tw_csv_free(c);

  /* a repeated header (two exports concatenated) is not a row */
  c = tw_csv_new(TRAWL_DATES_AUTO, "r.csv");
  csv_feed(c,
           "TimeGenerated [UTC],EventName,EventSource\n"
           "2021-01-01T00:00:00Z,A,B\n"
           "TimeGenerated [UTC],EventName,EventSource\n"
           "2021-01-02T00:00:00Z,C,D\n",
           &t, &rows, &errors);
  CHECK_EQ(rows, 2);
  CHECK_EQ(errors, 0);
  tw_csv_free(c);

  /* invalid UTF-8 in a cell becomes U+FFFD */
  c = tw_csv_new(TRAWL_DATES_AUTO, "u.csv");
  csv_feed(c,
           "TimeGenerated,EventName,EventSource\n"
           "2021-01-01T00:00:00Z,A\xff,B\n",
           &t, &rows, &errors);
  CHECK_EQ(rows, 1);
  CHECK_STR(colj(t, "EventName"), "\"A\xef\xbf\xbd\"");
  tw_csv_free(c);

  /* an explicit order */
  c = tw_csv_new(TRAWL_DATES_DAY_FIRST, "z.csv");
  csv_feed(c,
           "TimeGenerated,EventName,EventSource\n"
           "\"4/6/2021, 19:18:24\",X,Y\n",
           &t, &rows, &errors);
  CHECK_STR(colj(t, "TimeGenerated"), "\"2021-06-04T19:18:24Z\"");
  tw_csv_free(c);

  /* not a Sentinel export; an unterminated quote */
  c = tw_csv_new(TRAWL_DATES_AUTO, "w.csv");
  csv_feed(c, "a,b,c\n1,2,3\n", &t, &rows, &errors);
  CHECK(errors >= 1);
  CHECK_EQ(rows, 0);
  tw_csv_free(c);
  c = tw_csv_new(TRAWL_DATES_AUTO, "v.csv");
  CHECK_EQ(csv_feed(c, "TimeGenerated,EventName,EventSource\n\"x,1,2\n", &t,
                    &rows, &errors),
           2);
  tw_csv_free(c);
}

static void test_locale_dates(void) {
  int64_t t;
  int hint;
  CHECK_EQ(tw_mv_locale_datetime("21/04/2025, 09:45:54.000", 24, 0, &t, &hint),
           0);
  CHECK_EQ(hint, 1);
  CHECK_EQ(tw_mv_locale_datetime("4/26/2021, 7:18:24.156 PM", 25, 1, &t, &hint),
           0);
  CHECK_EQ(hint, 2);
  CHECK_EQ(tw_mv_locale_datetime("12/12/2021 12:00:00 AM", 22, 0, &t, &hint),
           0);
  CHECK_EQ(t % TW_TICKS_PER_DAY, 0);
  CHECK_EQ(tw_mv_locale_datetime("13/13/2021", 10, 0, &t, &hint), -1);
  CHECK_EQ(tw_mv_locale_datetime("2/30/2021", 9, 0, &t, &hint), -1);
  CHECK_EQ(tw_mv_locale_datetime("1/2/2021 13:00 PM", 17, 0, &t, &hint), -1);
  CHECK_EQ(tw_mv_locale_datetime("1/2/2021 x", 10, 0, &t, &hint), -1);
  CHECK_EQ(tw_mv_locale_datetime("21.04.2025 09:45", 16, 1, &t, &hint), 0);
}

int main(void) {
  tw_arena_init(&arena, 0);
  RUN(test_classify);
  RUN(test_export_basic);
  RUN(test_export_properties);
  RUN(test_export_accept_object_body);
  RUN(test_export_status_words);
  RUN(test_export_odd_types);
  RUN(test_export_strings_for_objects);
  RUN(test_eventdata);
  RUN(test_want);
  RUN(test_sentinel_rows);
  RUN(test_csv);
  RUN(test_locale_dates);
  tw_arena_free(&arena);
  return check_done();
}
