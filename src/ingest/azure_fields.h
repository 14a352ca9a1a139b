/*
 * ingest/azure_fields.h - field helpers of the Azure Activity mapper:
 * resource ids, {value, localizedValue} names, objects that arrive as
 * objects or as JSON strings, the caller from token claims, and the
 * substatus from resultSignature (see azure.c and docs/columns.md).
 */
#ifndef TW_INGEST_AZURE_FIELDS_H
#define TW_INGEST_AZURE_FIELDS_H

#include <stdbool.h>

#include "ingest/record.h"

static inline bool tw_az_span_is(const tw_json_span *v, char kind) {
  return v->p && tw_json_kind(v) == kind;
}

/* A resource id split into its parts (all borrowed from the id text). */
typedef struct tw_az_rid {
  const char *sub; /* subscription id text, or NULL */
  size_t sub_len;
  const char *rg; /* resource group, or NULL */
  size_t rg_len;
  const char *prov; /* first provider namespace, or NULL */
  size_t prov_len;
  const char *after; /* text after "/providers/<ns>/", or NULL */
  size_t after_len;
  const char *last; /* last non-empty segment */
  size_t last_len;
} tw_az_rid;

/* Split /subscriptions/<sub>/resourceGroups/<rg>/providers/<ns>/... (any
 * case; tenant-level and subscription-only ids leave parts NULL). */
void tw_az_rid_parse(const char *s, size_t n, tw_az_rid *o);

/* The "resource" key Sentinel adds to Properties: the names after the
 * first provider, nested provider namespaces kept, joined by '/',
 * lower-case; NULL when there are none. */
char *tw_az_rid_resource(tw_arena *a, const tw_az_rid *r, size_t *outlen);

/* Member `which` ("value" / "localizedValue") of a {value,
 * localizedValue} object; a plain string counts as its value. */
int tw_az_loc_string(const tw_json_span *v, const char *which, tw_arena *a,
                     tw_value *out);

/* Member `key` of an object span as a string ("" when absent). */
int tw_az_member_string(const tw_json_span *obj, const char *key, tw_arena *a,
                        tw_value *out);

/* Compact JSON text of an object carried as an object or as a JSON string;
 * a plain string is kept; "" when absent or null. */
int tw_az_object_text(const tw_json_span *v, tw_arena *a, tw_value *out);

/* The object span of an object carried as an object or a JSON string. */
bool tw_az_object_span(const tw_json_span *v, tw_arena *a, tw_json_span *o);

/* Caller from token claims: upn, name, spn, objectidentifier, appid. */
int tw_az_caller_from_claims(const tw_json_span *claims, tw_arena *a,
                             tw_value *out);

/* ActivitySubstatusValue from an exported record's resultSignature. */
int tw_az_substatus(const tw_json_span *sig, tw_arena *a, tw_value *out);

#endif
