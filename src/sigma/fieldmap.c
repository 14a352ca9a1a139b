/*
 * sigma/fieldmap.c - Sigma field names (the clouds' own record keys, as
 * Sigma rules write them) -> KQL expressions over AWSCloudTrail and
 * AzureActivity columns (docs/columns.md, docs/sigma.md). Keys kept as
 * JSON text in a column (requestParameters.x) become
 * tostring(parse_json(Column).x); a field spelled exactly as a column is
 * that column.
 */
#include <ctype.h>
#include <string.h>

#include "sigma/sigma.h"

typedef struct fmap {
  const char *sigma;
  const char *column;
} fmap;

static const fmap aws_fields[] = {
    {"eventTime", "TimeGenerated"},
    {"eventID", "AwsEventId"},
    {"eventVersion", "EventVersion"},
    {"eventSource", "EventSource"},
    {"eventType", "EventTypeName"},
    {"eventName", "EventName"},
    {"userIdentity.type", "UserIdentityType"},
    {"userIdentity.principalId", "UserIdentityPrincipalid"},
    {"userIdentity.arn", "UserIdentityArn"},
    {"userIdentity.accountId", "UserIdentityAccountId"},
    {"userIdentity.invokedBy", "UserIdentityInvokedBy"},
    {"userIdentity.accessKeyId", "UserIdentityAccessKeyId"},
    {"userIdentity.userName", "UserIdentityUserName"},
    {"userIdentity.sessionContext.attributes.mfaAuthenticated",
     "SessionMfaAuthenticated"},
    {"userIdentity.sessionContext.attributes.creationDate",
     "SessionCreationDate"},
    {"userIdentity.sessionContext.sessionIssuer.type", "SessionIssuerType"},
    {"userIdentity.sessionContext.sessionIssuer.principalId",
     "SessionIssuerPrincipalId"},
    {"userIdentity.sessionContext.sessionIssuer.arn", "SessionIssuerArn"},
    {"userIdentity.sessionContext.sessionIssuer.accountId",
     "SessionIssuerAccountId"},
    {"userIdentity.sessionContext.sessionIssuer.userName",
     "SessionIssuerUserName"},
    {"userIdentity.sessionContext.ec2RoleDelivery", "EC2RoleDelivery"},
    {"userIdentity.onBehalfOf.userId", "UserIdentityUserId"},
    {"userIdentity.onBehalfOf.identityStoreArn", "UserIdentityStoreArn"},
    {"awsRegion", "AWSRegion"},
    {"sourceIPAddress", "SourceIpAddress"},
    {"userAgent", "UserAgent"},
    {"errorCode", "ErrorCode"},
    {"errorMessage", "ErrorMessage"},
    {"requestParameters", "RequestParameters"},
    {"responseElements", "ResponseElements"},
    {"additionalEventData", "AdditionalEventData"},
    {"requestID", "AwsRequestId"},
    {"resources", "Resources"},
    {"apiVersion", "APIVersion"},
    {"readOnly", "ReadOnly"},
    {"recipientAccountId", "RecipientAccountId"},
    {"serviceEventDetails", "ServiceEventDetails"},
    {"sharedEventID", "SharedEventId"},
    {"vpcEndpointId", "VpcEndpointId"},
    {"managementEvent", "ManagementEvent"},
    {"tlsDetails.tlsVersion", "TlsVersion"},
    {"tlsDetails.cipherSuite", "CipherSuite"},
    {"tlsDetails.clientProvidedHostHeader", "ClientProvidedHostHeader"},
};

static const fmap azure_fields[] = {
    {"operationName", "OperationNameValue"},
    {"operationName.value", "OperationNameValue"},
    {"operationName.localizedValue", "OperationName"},
    {"status", "ActivityStatusValue"},
    {"status.value", "ActivityStatusValue"},
    {"resultType", "ActivityStatusValue"},
    {"subStatus", "ActivitySubstatusValue"},
    {"subStatus.value", "ActivitySubstatusValue"},
    {"category", "CategoryValue"},
    {"category.value", "CategoryValue"},
    {"caller", "Caller"},
    {"callerIpAddress", "CallerIpAddress"},
    {"httpRequest.clientIpAddress", "CallerIpAddress"},
    {"correlationId", "CorrelationId"},
    {"eventDataId", "EventDataId"},
    {"level", "Level"},
    {"operationId", "OperationId"},
    /* ResourceId is empty in storage exports; _ResourceId always has the
     * id (lower-cased; Sigma matching ignores case anyway). */
    {"resourceId", "_ResourceId"},
    {"ResourceId", "_ResourceId"},
    {"resourceGroupName", "ResourceGroup"},
    {"resourceProviderName", "ResourceProviderValue"},
    {"resourceProviderName.value", "ResourceProviderValue"},
    {"subscriptionId", "SubscriptionId"},
    {"time", "TimeGenerated"},
    {"eventTimestamp", "TimeGenerated"},
    {"submissionTimestamp", "EventSubmissionTimestamp"},
    {"properties", "Properties"},
    {"properties.hierarchy", "Hierarchy"},
    {"claims", "Claims"},
    {"identity.claims", "Claims"},
    {"authorization", "Authorization"},
    {"identity.authorization", "Authorization"},
    {"httpRequest", "HTTPRequest"},
};

/* Prefixes whose rest is a path inside a JSON column: `expr` is the
 * dynamic value the path applies to. */
typedef struct fpath {
  const char *prefix;  /* with the trailing dot */
  const char *expr;
} fpath;

static const fpath aws_paths[] = {
    {"requestParameters.", "parse_json(RequestParameters)"},
    {"responseElements.", "parse_json(ResponseElements)"},
    {"additionalEventData.", "parse_json(AdditionalEventData)"},
    {"serviceEventDetails.", "parse_json(ServiceEventDetails)"},
};

static const fpath azure_paths[] = {
    {"properties.", "Properties_d"},
    {"identity.claims.", "Claims_d"},
    {"claims.", "Claims_d"},
    {"identity.authorization.", "Authorization_d"},
    {"authorization.", "Authorization_d"},
    {"httpRequest.", "parse_json(HTTPRequest)"},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static tw_sfield_kind column_kind(trawl_table t, const char *col) {
  size_t n = trawl_table_ncolumns(t);
  for (size_t i = 0; i < n; i++) {
    if (strcmp(trawl_table_column(t, i), col) == 0) {
      return trawl_table_column_type(t, i) == TRAWL_T_STRING ? TW_SF_STRING
                                                             : TW_SF_OTHER;
    }
  }
  return TW_SF_STRING;
}

static int is_ident(const char *s, size_t n) {
  if (n == 0 || !(isalpha((unsigned char)s[0]) || s[0] == '_')) {
    return 0;
  }
  for (size_t i = 1; i < n; i++) {
    if (!isalnum((unsigned char)s[i]) && s[i] != '_') {
      return 0;
    }
  }
  return 1;
}

/* tostring(BASE.a.b["c-d"]) */
static int path_expr(tw_buf *out, const char *base, const char *rest) {
  if (!*rest || tw_buf_printf(out, "tostring(%s", base)) {
    return -1;
  }
  int segs = 0;
  while (*rest) {
    const char *dot = strchr(rest, '.');
    size_t n = dot ? (size_t)(dot - rest) : strlen(rest);
    if (n == 0 || ++segs > 32) {
      return -1;
    }
    int rc = is_ident(rest, n) ? tw_buf_printf(out, ".%.*s", (int)n, rest)
                               : (tw_buf_addc(out, '[') ||
                                  tw_sigma_kql_str(out, rest, n) ||
                                  tw_buf_addc(out, ']'));
    if (rc) {
      return -1;
    }
    rest += n;
    if (*rest == '.') {
      rest++;
      if (!*rest) {
        return -1;
      }
    }
  }
  return tw_buf_addc(out, ')');
}

int tw_sigma_field(trawl_table t, const char *name, tw_buf *out,
                   tw_sfield_kind *kind) {
  const fmap *m = t == TRAWL_TABLE_AWSCLOUDTRAIL ? aws_fields : azure_fields;
  size_t nm = t == TRAWL_TABLE_AWSCLOUDTRAIL ? COUNT(aws_fields)
                                             : COUNT(azure_fields);
  for (size_t i = 0; i < nm; i++) {
    if (strcmp(m[i].sigma, name) == 0) {
      *kind = column_kind(t, m[i].column);
      return tw_buf_adds(out, m[i].column);
    }
  }
  size_t nc = trawl_table_ncolumns(t);
  for (size_t i = 0; i < nc; i++) {
    if (strcmp(trawl_table_column(t, i), name) == 0) {
      *kind = trawl_table_column_type(t, i) == TRAWL_T_STRING ? TW_SF_STRING
                                                              : TW_SF_OTHER;
      return tw_buf_adds(out, name);
    }
  }
  const fpath *p = t == TRAWL_TABLE_AWSCLOUDTRAIL ? aws_paths : azure_paths;
  size_t np = t == TRAWL_TABLE_AWSCLOUDTRAIL ? COUNT(aws_paths)
                                             : COUNT(azure_paths);
  for (size_t i = 0; i < np; i++) {
    size_t k = strlen(p[i].prefix);
    if (strncmp(name, p[i].prefix, k) == 0) {
      *kind = TW_SF_STRING;
      return path_expr(out, p[i].expr, name + k);
    }
  }
  return -1;
}
