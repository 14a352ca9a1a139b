/*
 * functions/signatures.c - the binder's table of built-in functions and
 * aggregates: arity, argument classes, result-type rules and auto-name
 * rules, indexed by TW_FN_* / TW_AGG_* ids, plus the alias table.
 *
 * The facts (argument counts, classes, result rules, name kinds) follow
 * Kusto's own binder as observed with ../shared/tools/kql-check.
 */
#include "functions/signatures.h"

#include <string.h>

#include "functions/function.h"

#define D TW_RET_DECLARED
#define S(nm, mn, mx, args, ret, rt, nk, pfx) \
  [TW_FN_##nm] = {#nm, mn, mx, args, ret, TW_T_##rt, nk, pfx}
#define N0 TW_NAME_NONE
#define NF TW_NAME_FIRST_ARG
#define NP TW_NAME_PREFIX_FIRST
#define NO TW_NAME_ONLY_ARG

static const tw_fn_sig fn_sigs[TW_FN_COUNT] = {
  S(ago, 1, 1, "t", D, DATETIME, N0, NULL),
  S(now, 0, 1, "t", D, DATETIME, N0, NULL),
  S(iff, 3, 3, "baa", TW_RET_BRANCHES, DYNAMIC, N0, NULL),
  S(case, 3, 65535, "ba", TW_RET_BRANCHES, DYNAMIC, N0, NULL),
  S(coalesce, 2, 64, "a", TW_RET_COMMON, DYNAMIC, N0, NULL),
  S(isempty, 1, 1, "a", D, BOOL, N0, NULL),
  S(isnotempty, 1, 1, "a", D, BOOL, N0, NULL),
  S(isnull, 1, 1, "a", D, BOOL, N0, NULL),
  S(isnotnull, 1, 1, "a", D, BOOL, N0, NULL),
  S(not, 1, 1, "b", D, BOOL, N0, NULL),
  S(tostring, 1, 1, "a", D, STRING, NF, NULL),
  S(toint, 1, 1, "a", D, INT, NF, NULL),
  S(tolong, 1, 1, "a", D, LONG, NF, NULL),
  S(toreal, 1, 1, "a", D, REAL, NF, NULL),
  S(todouble, 1, 1, "a", D, REAL, NF, NULL),
  S(tobool, 1, 1, "a", D, BOOL, NF, NULL),
  S(todatetime, 1, 1, "a", D, DATETIME, NF, NULL),
  S(totimespan, 1, 1, "a", D, TIMESPAN, NF, NULL),
  S(toguid, 1, 1, "S", D, GUID, NF, NULL),
  S(todecimal, 1, 1, "a", D, DECIMAL, NF, NULL),
  S(parse_json, 1, 1, "S", D, DYNAMIC, NF, NULL),
  S(tolower, 1, 1, "a", D, STRING, N0, NULL),
  S(toupper, 1, 1, "a", D, STRING, N0, NULL),
  S(strlen, 1, 1, "S", D, LONG, NP, "strlen"),
  S(strcat, 1, 64, "a", D, STRING, N0, NULL),
  S(strcat_delim, 3, 65, "a", D, STRING, N0, NULL),
  S(substring, 2, 3, "aii", D, STRING, N0, NULL),
  S(split, 2, 3, "asi", D, DYNAMIC, NF, NULL),
  S(replace_string, 3, 3, "sss", D, STRING, N0, NULL),
  S(replace_regex, 3, 3, "sss", D, STRING, N0, NULL),
  S(trim, 2, 2, "ss", D, STRING, N0, NULL),
  S(trim_start, 2, 2, "ss", D, STRING, N0, NULL),
  S(trim_end, 2, 2, "ss", D, STRING, N0, NULL),
  S(indexof, 2, 5, "aaiii", D, LONG, N0, NULL),
  S(indexof_regex, 2, 5, "aaiii", D, LONG, N0, NULL),
  S(extract, 3, 4, "sisa", TW_RET_TYPE_ARG, STRING, N0, NULL),
  S(extract_all, 2, 3, "sas", D, DYNAMIC, N0, NULL),
  S(countof, 2, 3, "sss", D, LONG, N0, NULL),
  S(strcmp, 2, 2, "aa", D, LONG, N0, NULL),
  S(reverse, 1, 1, "a", D, STRING, N0, NULL),
  S(url_decode, 1, 1, "s", D, STRING, N0, NULL),
  S(url_encode, 1, 1, "s", D, STRING, N0, NULL),
  S(base64_decode_tostring, 1, 1, "s", D, STRING, N0, NULL),
  S(base64_encode_tostring, 1, 1, "s", D, STRING, N0, NULL),
  S(hash_sha256, 1, 1, "x", D, STRING, N0, NULL),
  S(hash_md5, 1, 1, "x", D, STRING, N0, NULL),
  S(bin, 2, 2, "cc", TW_RET_WIDEST, LONG, NF, NULL),
  S(floor, 2, 2, "cc", TW_RET_WIDEST, LONG, NF, NULL),
  S(round, 1, 2, "ni", TW_RET_ARG0, REAL, NF, NULL),
  S(abs, 1, 1, "c", TW_RET_ABS, REAL, NF, NULL),
  S(log, 1, 1, "n", D, REAL, NF, NULL),
  S(log10, 1, 1, "n", D, REAL, NF, NULL),
  S(exp, 1, 1, "n", D, REAL, NF, NULL),
  S(pow, 2, 2, "nn", D, REAL, NF, NULL),
  S(sqrt, 1, 1, "n", D, REAL, NF, NULL),
  S(startofday, 1, 2, "di", D, DATETIME, NF, NULL),
  S(startofweek, 1, 2, "di", D, DATETIME, N0, NULL),
  S(startofmonth, 1, 2, "di", D, DATETIME, N0, NULL),
  S(startofyear, 1, 2, "di", D, DATETIME, N0, NULL),
  S(endofday, 1, 2, "di", D, DATETIME, N0, NULL),
  S(datetime_diff, 3, 3, "sdd", D, LONG, N0, NULL),
  S(datetime_add, 3, 3, "sid", D, DATETIME, N0, NULL),
  S(datetime_part, 2, 2, "sd", D, INT, N0, NULL),
  S(dayofweek, 1, 1, "d", D, TIMESPAN, N0, NULL),
  S(hourofday, 1, 1, "d", D, INT, N0, NULL),
  S(getyear, 1, 1, "d", D, INT, N0, NULL),
  S(getmonth, 1, 1, "d", D, INT, N0, NULL),
  S(format_datetime, 2, 2, "ds", D, STRING, NF, NULL),
  S(format_timespan, 2, 2, "ts", D, STRING, NF, NULL),
  S(unixtime_seconds_todatetime, 1, 1, "n", D, DATETIME, N0, NULL),
  S(unixtime_milliseconds_todatetime, 1, 1, "n", D, DATETIME, N0, NULL),
  S(array_length, 1, 1, "D", D, LONG, N0, NULL),
  S(array_slice, 3, 3, "Dii", D, DYNAMIC, N0, NULL),
  S(array_strcat, 2, 2, "Da", D, STRING, N0, NULL),
  S(array_concat, 1, 64, "D", D, DYNAMIC, N0, NULL),
  S(array_index_of, 2, 5, "Daiii", D, LONG, N0, NULL),
  S(array_sort_asc, 1, 65, "Da", D, DYNAMIC, N0, NULL),
  S(array_sort_desc, 1, 65, "Da", D, DYNAMIC, N0, NULL),
  S(set_has_element, 2, 2, "Da", D, BOOL, N0, NULL),
  S(set_union, 2, 64, "D", D, DYNAMIC, N0, NULL),
  S(set_intersect, 2, 64, "D", D, DYNAMIC, N0, NULL),
  S(set_difference, 2, 64, "D", D, DYNAMIC, N0, NULL),
  S(pack_array, 1, 32767, "*", D, DYNAMIC, N0, NULL),
  S(pack, 2, 65534, "a", D, DYNAMIC, N0, NULL),
  S(bag_pack, 2, 65534, "a", D, DYNAMIC, N0, NULL),
  S(bag_keys, 1, 1, "D", D, DYNAMIC, N0, NULL),
  S(bag_merge, 2, 64, "D", D, DYNAMIC, N0, NULL),
  S(bag_remove_keys, 2, 2, "DD", D, DYNAMIC, N0, NULL),
  S(typeof, 1, 1, "a", D, STRING, N0, NULL),
  S(gettype, 1, 1, "a", D, STRING, NP, "type"),
  S(ipv4_is_private, 1, 1, "s", D, BOOL, N0, NULL),
  S(ipv4_is_in_range, 2, 2, "ss", D, BOOL, N0, NULL),
  S(ipv4_is_match, 2, 3, "ssi", D, BOOL, N0, NULL),
  S(parse_ipv4, 1, 1, "s", D, LONG, N0, NULL),
  S(parse_url, 1, 1, "s", D, DYNAMIC, N0, NULL),
  S(parse_path, 1, 1, "s", D, DYNAMIC, N0, NULL),
  S(parse_user_agent, 1, 2, "sa", D, DYNAMIC, N0, NULL),
  S(series_decompose_anomalies, 1, 7, "Dnisisn", D, DYNAMIC, N0, NULL),
  S(toscalar, 1, 1, "T", TW_RET_TOSCALAR, DYNAMIC, N0, NULL),
  S(materialize, 1, 1, "T", D, DYNAMIC, N0, NULL),
  [TW_FN_column_ifexists] = {"column_ifexists", 2, 2, "sa", TW_RET_ARG1,
                             TW_T_DYNAMIC, TW_NAME_VALUE_IF_COLUMN, NULL},
  S(row_number, 0, 2, "ib", D, LONG, N0, NULL),
  S(prev, 1, 3, "aia", TW_RET_ARG0, DYNAMIC, N0, NULL),
  S(next, 1, 3, "aia", TW_RET_ARG0, DYNAMIC, N0, NULL),
  S(hash, 1, 2, "xi", D, LONG, N0, NULL),
  S(rand, 0, 1, "i", D, REAL, NF, NULL),
  S(max_of, 2, 64, "o", TW_RET_COMMON, DYNAMIC, N0, NULL),
  S(min_of, 2, 64, "o", TW_RET_COMMON, DYNAMIC, N0, NULL),
  S(geo_info_from_ip_address, 1, 1, "s", D, DYNAMIC, N0, NULL),
  S(make_datetime, 1, 6, "a", D, DATETIME, NO, NULL),
  S(make_timespan, 1, 4, "a", D, TIMESPAN, NO, NULL),
  S(tohex, 1, 2, "ii", D, STRING, NF, NULL),
  S(isascii, 1, 1, "a", D, BOOL, N0, NULL),
  S(isutf8, 1, 1, "a", D, BOOL, N0, NULL),
  S(new_guid, 0, 0, "", D, GUID, N0, NULL),
};
#undef S

#define A(nm, mn, mx, args, ret, rt, nk, pfx) \
  [TW_AGG_##nm] = {#nm, mn, mx, args, ret, TW_T_##rt, nk, pfx}
#define NX TW_NAME_EXPAND

static const tw_fn_sig agg_sigs[TW_AGG_COUNT] = {
  A(count, 0, 1, "b", D, LONG, NP, "count"),
  A(countif, 1, 1, "b", D, LONG, NP, "countif"),
  A(dcount, 1, 2, "ax", D, LONG, NP, "dcount"),
  A(dcountif, 2, 3, "abx", D, LONG, NP, "dcountif"),
  A(sum, 1, 1, "u", TW_RET_PROMOTED, LONG, NP, "sum"),
  A(sumif, 2, 2, "ub", TW_RET_PROMOTED, LONG, NP, "sumif"),
  A(avg, 1, 1, "u", TW_RET_AVG, REAL, NP, "avg"),
  A(avgif, 2, 2, "ub", TW_RET_AVG, REAL, NP, "avgif"),
  A(min, 1, 1, "o", TW_RET_ARG0, DYNAMIC, NP, "min"),
  A(max, 1, 1, "o", TW_RET_ARG0, DYNAMIC, NP, "max"),
  A(minif, 2, 2, "ob", TW_RET_ARG0, DYNAMIC, NP, "minif"),
  A(maxif, 2, 2, "ob", TW_RET_ARG0, DYNAMIC, NP, "maxif"),
  A(arg_max, 1, 32768, "o*", TW_RET_ARG0, DYNAMIC, NX, NULL),
  A(arg_min, 1, 32768, "o*", TW_RET_ARG0, DYNAMIC, NX, NULL),
  A(take_any, 1, 32767, "*", TW_RET_ARG0, DYNAMIC, NX, NULL),
  A(take_anyif, 2, 2, "ab", TW_RET_ARG0, DYNAMIC, NF, NULL),
  A(make_set, 1, 2, "ai", D, DYNAMIC, NP, "set"),
  A(make_set_if, 2, 3, "abi", D, DYNAMIC, NP, "set"),
  A(make_list, 1, 2, "ai", D, DYNAMIC, NP, "list"),
  A(make_list_if, 2, 3, "abi", D, DYNAMIC, NP, "list"),
  A(make_bag, 1, 2, "Di", D, DYNAMIC, NP, "bag"),
  A(stdev, 1, 1, "u", D, REAL, NP, "stdev"),
  A(variance, 1, 1, "u", D, REAL, NP, "variance"),
  A(percentile, 2, 2, "an", TW_RET_ARG0, DYNAMIC, NP, "percentile"),
  A(percentiles, 2, 32768, "an", TW_RET_ARG0, DYNAMIC, NP, "percentile"),
  A(binary_all_or, 1, 1, "u", TW_RET_ARG0, LONG, NF, NULL),
  A(count_distinct, 1, 1, "x", D, LONG, NP, "count_distinct"),
};
#undef A

/* Aliases: another spelling of an id. */
typedef struct alias {
  const char *name;
  int id;
} alias;

static const alias fn_aliases[] = {
  {"iif", TW_FN_iff},
  {"todynamic", TW_FN_parse_json},
  {"parsejson", TW_FN_parse_json},
  {"toobject", TW_FN_parse_json},
  {"notempty", TW_FN_isnotempty},
  {"notnull", TW_FN_isnotnull},
  {"isnotnull", TW_FN_isnotnull},
  {"strcat_array", TW_FN_array_strcat},
  {"todate", TW_FN_todatetime},
  {"totime", TW_FN_totimespan},
  {"pack_dictionary", TW_FN_bag_pack},
};

static const tw_fn_sig any_sig = {"any", 1, 32767, "*", TW_RET_ARG0,
                                  TW_T_DYNAMIC, TW_NAME_EXPAND, "any"};

static const alias agg_aliases[] = {
  {"makeset", TW_AGG_make_set},
  {"makelist", TW_AGG_make_list},
  {"any", TW_AGG_take_any},
  {"anyif", TW_AGG_take_anyif},
};

const tw_fn_sig *tw_fn_sig_get(int id) {
  if (id < 0 || id >= TW_FN_COUNT || !fn_sigs[id].name) {
    return NULL;
  }
  return &fn_sigs[id];
}

const tw_fn_sig *tw_agg_sig_get(int id) {
  if (id < 0 || id >= TW_AGG_COUNT || !agg_sigs[id].name) {
    return NULL;
  }
  return &agg_sigs[id];
}

int tw_fn_find(const char *name) {
  for (int i = 0; i < TW_FN_COUNT; i++) {
    if (fn_sigs[i].name && strcmp(fn_sigs[i].name, name) == 0) {
      return i;
    }
  }
  for (size_t i = 0; i < sizeof fn_aliases / sizeof fn_aliases[0]; i++) {
    if (strcmp(fn_aliases[i].name, name) == 0) {
      return fn_aliases[i].id;
    }
  }
  return -1;
}

int tw_agg_find(const char *name, const tw_fn_sig **sig_override) {
  if (sig_override) {
    *sig_override = NULL;
  }
  for (int i = 0; i < TW_AGG_COUNT; i++) {
    if (agg_sigs[i].name && strcmp(agg_sigs[i].name, name) == 0) {
      return i;
    }
  }
  for (size_t i = 0; i < sizeof agg_aliases / sizeof agg_aliases[0]; i++) {
    if (strcmp(agg_aliases[i].name, name) == 0) {
      if (sig_override && strcmp(name, "any") == 0) {
        *sig_override = &any_sig;
      }
      return agg_aliases[i].id;
    }
  }
  return -1;
}

int tw_type_is_number(tw_type t) {
  return t == TW_T_INT || t == TW_T_LONG || t == TW_T_REAL ||
         t == TW_T_DECIMAL;
}

static int num_rank(tw_type t) {
  switch (t) {
  case TW_T_INT:
    return 1;
  case TW_T_LONG:
    return 2;
  case TW_T_REAL:
    return 3;
  case TW_T_DECIMAL:
    return 4;
  default:
    return 0;
  }
}

tw_type tw_type_widest_number(tw_type x, tw_type y) {
  int rx = num_rank(x), ry = num_rank(y);
  if (!rx || !ry) {
    return TW_T_UNKNOWN;
  }
  int r = rx > ry ? rx : ry;
  if (r < 2) {
    r = 2;
  }
  return r == 2 ? TW_T_LONG : r == 3 ? TW_T_REAL : TW_T_DECIMAL;
}

tw_type tw_type_common(tw_type x, tw_type y) {
  if (x == y) {
    return x;
  }
  if (x == TW_T_DYNAMIC) {
    return y;
  }
  if (y == TW_T_DYNAMIC) {
    return x;
  }
  int rx = num_rank(x), ry = num_rank(y);
  if (rx && ry) {
    return rx > ry ? x : y;
  }
  return TW_T_UNKNOWN;
}

int tw_sig_arg_ok(char cls, tw_type t) {
  if (t == TW_T_UNKNOWN) {
    return 1;
  }
  switch (cls) {
  case 'a':
  case '*':
    return 1;
  case 's':
    return t == TW_T_STRING;
  case 'S':
    return t == TW_T_STRING || t == TW_T_DYNAMIC;
  case 'n':
    return tw_type_is_number(t);
  case 'i':
    return t == TW_T_INT || t == TW_T_LONG;
  case 'b':
    return t == TW_T_BOOL;
  case 'd':
    return t == TW_T_DATETIME;
  case 't':
    return t == TW_T_TIMESPAN;
  case 'D':
    return t == TW_T_DYNAMIC;
  case 'o':
    return t != TW_T_DYNAMIC && t != TW_T_GUID;
  case 'u':
    return tw_type_is_number(t) || t == TW_T_TIMESPAN || t == TW_T_DATETIME;
  case 'x':
    return t != TW_T_DYNAMIC;
  case 'c':
    return tw_type_is_number(t) || t == TW_T_DATETIME ||
           t == TW_T_TIMESPAN;
  default:
    return 1;
  }
}

const char *tw_sig_class_name(char cls) {
  switch (cls) {
  case 's':
    return "string";
  case 'S':
    return "string or dynamic";
  case 'n':
    return "number";
  case 'i':
    return "int or long";
  case 'b':
    return "bool";
  case 'd':
    return "datetime";
  case 't':
    return "timespan";
  case 'D':
    return "dynamic";
  case 'o':
    return "orderable";
  case 'u':
    return "summable";
  case 'x':
    return "not dynamic";
  case 'c':
    return "number, datetime or timespan";
  default:
    return "scalar";
  }
}

char tw_sig_arg_class(const tw_fn_sig *s, size_t i) {
  size_t n = strlen(s->args);
  if (n == 0) {
    return 'a';
  }
  return s->args[i < n ? i : n - 1];
}
