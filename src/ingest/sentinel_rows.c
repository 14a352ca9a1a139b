/*
 * ingest/sentinel_rows.c - JSON objects keyed by Sentinel column names.
 *
 * Data exported from Log Analytics / Sentinel as JSON is one object per
 * row whose keys are the table's column names ("TimeGenerated",
 * "EventName", ...; a unit suffix such as "TimeGenerated [UTC]" is
 * accepted). The table is "Type" (or "$table") when it names one of ours,
 * else the one whose own column names the keys match. Values are taken by
 * column name and converted to the column type; unknown keys are ignored.
 */
#include <string.h>

#include "ingest/mapval.h"
#include "ingest/record.h"
#include "value/json.h"

/* The key without a trailing " [unit]" suffix. */

/* Table named by a "Type" / "$table" string span, or -1. */
static int table_of_span(const tw_json_span *v) {
  if (!v->p || tw_json_kind(v) != '"' || v->len < 2) {
    return -1;
  }
  return tw_table_lookup(v->p + 1, v->len - 2);
}

tw_rec_kind tw_sentinel_classify(const char *json, size_t len) {
  tw_json_iter it;
  if (tw_json_obj_begin(&it, json, json + len) != 0) {
    return TW_REC_OTHER;
  }
  tw_json_span k, v;
  int aws = 0, az = 0, typed = -1, rc;
  bool has_time = false;
  while ((rc = tw_json_obj_next(&it, &k, &v)) == 1) {
    size_t n = tw_mv_column_base(k.p, k.len);
    if ((n == 4 && memcmp(k.p, "Type", 4) == 0) ||
        (n == 6 && memcmp(k.p, "$table", 6) == 0)) {
      int t = table_of_span(&v);
      if (t >= 0) {
        typed = t;
      }
      continue;
    }
    if (n == 13 && memcmp(k.p, "TimeGenerated", 13) == 0) {
      has_time = true;
      continue;
    }
    if (tw_mv_shared_column(k.p, n)) {
      continue;
    }
    if (tw_table_column_index(TRAWL_TABLE_AWSCLOUDTRAIL, k.p, n) >= 0) {
      aws++;
    } else if (tw_table_column_index(TRAWL_TABLE_AZUREACTIVITY, k.p, n) >= 0) {
      az++;
    }
  }
  if (rc < 0) {
    return TW_REC_OTHER;
  }
  if (typed == TRAWL_TABLE_AWSCLOUDTRAIL) {
    return TW_REC_SENTINEL_AWS;
  }
  if (typed == TRAWL_TABLE_AZUREACTIVITY) {
    return TW_REC_SENTINEL_AZURE;
  }
  if (!has_time) {
    return TW_REC_OTHER;
  }
  if (aws >= 2 && aws > az) {
    return TW_REC_SENTINEL_AWS;
  }
  if (az >= 2 && az > aws) {
    return TW_REC_SENTINEL_AZURE;
  }
  return TW_REC_OTHER;
}

/* One JSON value as a column of type t. */
static int convert_json(const tw_json_span *v, tw_type t, tw_arena *a,
                        tw_value *out) {
  *out = tw_null(t);
  if (!v->p || tw_json_kind(v) == 'n') {
    return 0;
  }
  char kind = tw_json_kind(v);
  switch (t) {
  case TW_T_STRING:
    return tw_mv_string(v, a, out);
  case TW_T_DYNAMIC:
    if (kind == '"') {
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
        tw_value d;
        if (tw_mv_dynamic(s.u.s, s.len, a, &d) != 0) {
          return -1;
        }
        if (!d.null) {
          *out = d;
          return 0;
        }
      }
      if (s.len == 0) {
        return 0;
      }
      return tw_mv_dyn_string(s.u.s, s.len, a, out);
    }
    return tw_mv_dynamic(v->p, v->len, a, out);
  default:
    break;
  }
  tw_value s;
  if (tw_mv_string(v, a, &s) != 0) {
    return -1;
  }
  return tw_mv_text_value(s.u.s, s.len, t, a, out);
}

static int map_rows(const char *json, size_t len, trawl_table table,
                    const uint8_t *want, tw_value *row, tw_arena *a,
                    const char **why) {
  const tw_schema *sc = tw_table_schema(table);
  tw_json_iter it;
  if (tw_json_obj_begin(&it, json, json + len) != 0) {
    *why = "not a JSON object";
    return -1;
  }
  tw_json_span k, v;
  int rc;
  int type_col = tw_table_column_index(table, "Type", 4);
  bool type_set = false;
  while ((rc = tw_json_obj_next(&it, &k, &v)) == 1) {
    size_t n = tw_mv_column_base(k.p, k.len);
    int col = tw_table_column_index(table, k.p, n);
    if (col < 0 || (want && !want[col])) {
      continue;
    }
    if (convert_json(&v, sc->cols[col].type, a, &row[col]) != 0) {
      *why = "out of memory or malformed value";
      return -1;
    }
    if (col == type_col && row[col].len) {
      type_set = true;
    }
  }
  if (rc < 0) {
    *why = "invalid JSON";
    return -1;
  }
  if (type_col >= 0 && !type_set && (!want || want[type_col])) {
    const char *name = trawl_table_name(table);
    row[type_col] = tw_str(name, strlen(name));
  }
  return 0;
}

int tw_map_sentinel_aws(const char *json, size_t len, const uint8_t *want,
                        tw_value *row, tw_arena *a, const char **why) {
  return map_rows(json, len, TRAWL_TABLE_AWSCLOUDTRAIL, want, row, a, why);
}

int tw_map_sentinel_azure(const char *json, size_t len, const uint8_t *want,
                          tw_value *row, tw_arena *a, const char **why) {
  return map_rows(json, len, TRAWL_TABLE_AZUREACTIVITY, want, row, a, why);
}
