/*
 * ingest/azure_fields.c - field helpers of the Azure Activity mapper (see
 * azure_fields.h): resource ids, localized names, objects carried as JSON
 * strings, the caller from claims, the substatus from resultSignature.
 */
#include "ingest/azure_fields.h"

#include <string.h>

#include "ingest/mapval.h"

/* ------------------------------------------------------ resource ids */

static bool seg_is(const char *p, size_t n, const char *w) {
  return strlen(w) == n && tw_mv_ieq(p, w, n);
}

void tw_az_rid_parse(const char *s, size_t n, tw_az_rid *o) {
  memset(o, 0, sizeof *o);
  size_t i = 0;
  /* The last segment (the legacy Resource column). */
  while (i < n) {
    while (i < n && s[i] == '/') {
      i++;
    }
    if (i >= n) {
      break;
    }
    size_t b = i;
    while (i < n && s[i] != '/') {
      i++;
    }
    o->last = s + b;
    o->last_len = i - b;
  }
  /* Then subscription, group and provider, up to the first provider. */
  i = 0;
  const char *prev = NULL;
  size_t prevn = 0;
  while (i < n) {
    while (i < n && s[i] == '/') {
      i++;
    }
    if (i >= n) {
      break;
    }
    size_t b = i;
    while (i < n && s[i] != '/') {
      i++;
    }
    const char *seg = s + b;
    size_t sl = i - b;
    if (prev && seg_is(prev, prevn, "subscriptions") && !o->sub) {
      o->sub = seg;
      o->sub_len = sl;
    } else if (prev && seg_is(prev, prevn, "resourceGroups") && !o->rg) {
      o->rg = seg;
      o->rg_len = sl;
    } else if (prev && seg_is(prev, prevn, "providers") && !o->prov) {
      o->prov = seg;
      o->prov_len = sl;
      size_t j = i;
      while (j < n && s[j] == '/') {
        j++;
      }
      if (j < n) {
        o->after = s + j;
        o->after_len = n - j;
      }
      return;
    }
    prev = seg;
    prevn = sl;
  }
}

/* The "resource" key Sentinel adds to Properties: the names after the
 * first provider (type/name pairs give the name; a nested
 * providers/<ns> gives the namespace), joined by '/', lower-case. */
char *tw_az_rid_resource(tw_arena *a, const tw_az_rid *r, size_t *outlen) {
  *outlen = 0;
  if (!r->after) {
    return NULL;
  }
  char *d = tw_arena_alloc(a, r->after_len + 1);
  if (!d) {
    return NULL;
  }
  size_t dl = 0;
  const char *s = r->after;
  size_t n = r->after_len, i = 0;
  const char *seg[2];
  size_t sl[2];
  int have = 0;
  while (i <= n) {
    while (i < n && s[i] == '/') {
      i++;
    }
    if (i >= n) {
      break;
    }
    size_t b = i;
    while (i < n && s[i] != '/') {
      i++;
    }
    seg[have] = s + b;
    sl[have] = i - b;
    have++;
    if (have == 2) {
      if (dl) {
        d[dl++] = '/';
      }
      for (size_t k = 0; k < sl[1]; k++) {
        char c = seg[1][k];
        d[dl++] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
      }
      have = 0;
    }
  }
  d[dl] = 0;
  *outlen = dl;
  return dl ? d : NULL;
}

/* ------------------------------------------------------ value helpers */

/* {value, localizedValue} object member, or the span itself when the
 * source wrote a plain string. */
int tw_az_loc_string(const tw_json_span *v, const char *which, tw_arena *a,
                     tw_value *out) {
  if (tw_az_span_is(v, '{')) {
    tw_json_span m = {0};
    if (tw_json_get(v, which, &m) < 0) {
      return -1;
    }
    return tw_mv_string(&m, a, out);
  }
  if (tw_az_span_is(v, '"') && strcmp(which, "value") == 0) {
    return tw_mv_string(v, a, out);
  }
  *out = tw_null(TW_T_STRING);
  return 0;
}

/* Member `key` of an object span, as a string ("" when absent). */
int tw_az_member_string(const tw_json_span *obj, const char *key, tw_arena *a,
                        tw_value *out) {
  tw_json_span m = {0};
  if (tw_az_span_is(obj, '{') && tw_json_get(obj, key, &m) < 0) {
    return -1;
  }
  return tw_mv_string(&m, a, out);
}

/* An object carried as an object, or as a string holding JSON (P6):
 * its compact JSON text ("" when absent / null / not an object). */
int tw_az_object_text(const tw_json_span *v, tw_arena *a, tw_value *out) {
  *out = tw_null(TW_T_STRING);
  if (!v->p) {
    return 0;
  }
  char k = tw_json_kind(v);
  if (k == '{' || k == '[') {
    return tw_json_compact(v, a, out);
  }
  if (k == '"') {
    tw_value s;
    if (tw_json_string(v, a, &s) != 0) {
      return -1;
    }
    size_t i = 0;
    while (i < s.len && (s.u.s[i] == ' ' || s.u.s[i] == '\n' ||
                         s.u.s[i] == '\r' || s.u.s[i] == '\t')) {
      i++;
    }
    if (i < s.len && (s.u.s[i] == '{' || s.u.s[i] == '[')) {
      tw_json_span in = {s.u.s + i, s.len - i};
      if (tw_json_compact(&in, a, out) == 0) {
        return 0;
      }
    }
    *out = s; /* a plain string ("John Doe"): kept as it is */
    return 0;
  }
  return tw_mv_string(v, a, out);
}

/* The span of an object carried as an object or a JSON string, for key
 * lookups; returns false when there is none. */
bool tw_az_object_span(const tw_json_span *v, tw_arena *a, tw_json_span *o) {
  if (tw_az_span_is(v, '{')) {
    *o = *v;
    return true;
  }
  if (tw_az_span_is(v, '"')) {
    tw_value s;
    if (tw_json_string(v, a, &s) != 0) {
      return false;
    }
    size_t i = 0;
    while (i < s.len && (s.u.s[i] == ' ' || s.u.s[i] == '\n' ||
                         s.u.s[i] == '\r' || s.u.s[i] == '\t')) {
      i++;
    }
    if (i < s.len && s.u.s[i] == '{') {
      o->p = s.u.s + i;
      o->len = s.len - i;
      return true;
    }
  }
  return false;
}

/* Caller from the token claims: upn, then the name claim (a UPN for
 * users), then spn, then the object id (service principals / managed
 * identities), then appid. */
int tw_az_caller_from_claims(const tw_json_span *claims, tw_arena *a,
                             tw_value *out) {
  static const char *const order[] = {
      "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn",
      "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name",
      "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/spn",
      "http://schemas.microsoft.com/identity/claims/objectidentifier",
      "appid",
      NULL};
  *out = tw_null(TW_T_STRING);
  tw_json_span o;
  if (!tw_az_object_span(claims, a, &o)) {
    return 0;
  }
  tw_json_span found[5] = {{0}};
  tw_json_iter it;
  if (tw_json_obj_begin(&it, o.p, o.p + o.len) != 0) {
    return 0;
  }
  tw_json_span k, v;
  while (tw_json_obj_next(&it, &k, &v) == 1) {
    for (int i = 0; order[i]; i++) {
      if (tw_mv_key_eq(k.p, k.len, order[i])) {
        found[i] = v;
      }
    }
  }
  for (int i = 0; order[i]; i++) {
    if (tw_az_span_is(&found[i], '"')) {
      tw_value s;
      if (tw_json_string(&found[i], a, &s) != 0) {
        return -1;
      }
      /* the name claim sometimes carries a leading space */
      while (s.len && (s.u.s[0] == ' ')) {
        s.u.s++;
        s.len--;
      }
      if (s.len) {
        *out = s;
        return 0;
      }
    }
  }
  return 0;
}

/* ActivitySubstatusValue of an exported record: the part of
 * resultSignature after the first '.' ("Succeeded.Created" -> "Created",
 * "Started." -> ""); a signature without '.' that is a status word gives
 * "", anything else ("200", "OK") is kept. */
int tw_az_substatus(const tw_json_span *sig, tw_arena *a, tw_value *out) {
  static const char *const words[] = {
      "Started",   "Start",    "Succeeded", "Success",
      "Accepted",  "Accept",   "Failed",    "Failure",
      "Active",    "Resolved", "Updated",   "In Progress",
      "Activated", "Canceled", "Cancelled", NULL};
  if (tw_mv_string(sig, a, out) != 0) {
    return -1;
  }
  const char *dot = memchr(out->u.s, '.', out->len);
  if (dot) {
    size_t off = (size_t)(dot + 1 - out->u.s);
    *out = tw_str(dot + 1, out->len - off);
    return 0;
  }
  for (int i = 0; words[i]; i++) {
    if (strlen(words[i]) == out->len &&
        tw_mv_ieq(out->u.s, words[i], out->len)) {
      *out = tw_null(TW_T_STRING);
      break;
    }
  }
  return 0;
}
