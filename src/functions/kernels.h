/*
 * functions/kernels.h - declarations of the scalar kernels (fn_*.c) and
 * the small helpers they share. kernels.c maps TW_FN_* ids to them.
 */
#ifndef TW_FUNCTIONS_KERNELS_H
#define TW_FUNCTIONS_KERNELS_H

#include <stdint.h>

#include "functions/function.h"

#define TW_KERNEL(name)                                                  \
  int tw_k_##name(tw_eval_ctx *ctx, tw_ast *call, const tw_value *args, \
                  uint32_t nargs, tw_value *out)

/* Null in the null-propagation sense: a null non-string or dynamic null. */
int tw_k_nullish(const tw_value *v);
/* Report out-of-memory at the call. */
int tw_k_oom(tw_eval_ctx *ctx, const tw_ast *call);
/* Report a result over TW_MAX_VALUE_BYTES. */
int tw_k_too_big(tw_eval_ctx *ctx, const tw_ast *call);
/* tostring text of an argument (borrowed or in ctx->arena). */
int tw_k_str(tw_eval_ctx *ctx, const tw_ast *call, const tw_value *v,
             const char **s, size_t *n);
/* An integer argument (int/long/real/dynamic number); 0 if null. */
int tw_k_int(const tw_value *v, int64_t *out);
/* A real argument; 0 if not a number. */
int tw_k_real(const tw_value *v, double *out);
/* Convert v to the call's bound result type (iff/case/coalesce/extract
 * branches, numeric widening, dynamic wrapping). */
int tw_k_coerce(tw_eval_ctx *ctx, const tw_ast *call, const tw_value *v,
                tw_value *out);
/* Arena string result. */
int tw_k_string_result(tw_eval_ctx *ctx, const tw_ast *call, const char *s,
                       size_t n, tw_value *out);
/* A dynamic array of n nodes in the arena (zeroed). */
tw_dyn *tw_k_new_array(tw_eval_ctx *ctx, uint32_t n, tw_dyn **items);

/* conditionals: fn_cond.c */
TW_KERNEL(iff);
TW_KERNEL(case);
TW_KERNEL(coalesce);
TW_KERNEL(isempty);
TW_KERNEL(isnotempty);
TW_KERNEL(isnull);
TW_KERNEL(isnotnull);
TW_KERNEL(not);
TW_KERNEL(max_of);
TW_KERNEL(min_of);

/* conversions: fn_convert.c */
TW_KERNEL(tostring);
TW_KERNEL(toint);
TW_KERNEL(tolong);
TW_KERNEL(toreal);
TW_KERNEL(tobool);
TW_KERNEL(todatetime);
TW_KERNEL(totimespan);
TW_KERNEL(toguid);
TW_KERNEL(todecimal);
TW_KERNEL(parse_json);
TW_KERNEL(gettype);
TW_KERNEL(typeof);
TW_KERNEL(new_guid);

/* strings: fn_string.c, fn_string2.c */
TW_KERNEL(tolower);
TW_KERNEL(toupper);
TW_KERNEL(strlen);
TW_KERNEL(strcat);
TW_KERNEL(strcat_delim);
TW_KERNEL(substring);
TW_KERNEL(split);
TW_KERNEL(replace_string);
TW_KERNEL(indexof);
TW_KERNEL(countof);
TW_KERNEL(strcmp);
TW_KERNEL(reverse);
TW_KERNEL(url_decode);
TW_KERNEL(url_encode);
TW_KERNEL(base64_decode_tostring);
TW_KERNEL(base64_encode_tostring);
TW_KERNEL(isascii);
TW_KERNEL(isutf8);
TW_KERNEL(tohex);

/* regex: fn_regex.c */
TW_KERNEL(extract);
TW_KERNEL(extract_all);
TW_KERNEL(replace_regex);
TW_KERNEL(trim);
TW_KERNEL(trim_start);
TW_KERNEL(trim_end);
TW_KERNEL(indexof_regex);

/* date and time: fn_datetime.c */
TW_KERNEL(ago);
TW_KERNEL(now);
TW_KERNEL(startofday);
TW_KERNEL(startofweek);
TW_KERNEL(startofmonth);
TW_KERNEL(startofyear);
TW_KERNEL(endofday);
TW_KERNEL(datetime_diff);
TW_KERNEL(datetime_add);
TW_KERNEL(datetime_part);
TW_KERNEL(dayofweek);
TW_KERNEL(hourofday);
TW_KERNEL(getyear);
TW_KERNEL(getmonth);
TW_KERNEL(format_datetime);
TW_KERNEL(format_timespan);
TW_KERNEL(unixtime_seconds_todatetime);
TW_KERNEL(unixtime_milliseconds_todatetime);
TW_KERNEL(make_datetime);
TW_KERNEL(make_timespan);

/* math: fn_math.c */
TW_KERNEL(bin);
TW_KERNEL(round);
TW_KERNEL(abs);
TW_KERNEL(log);
TW_KERNEL(log10);
TW_KERNEL(exp);
TW_KERNEL(pow);
TW_KERNEL(sqrt);
TW_KERNEL(rand);

/* dynamic: fn_dynamic.c, fn_set.c */
TW_KERNEL(array_length);
TW_KERNEL(array_slice);
TW_KERNEL(array_strcat);
TW_KERNEL(array_concat);
TW_KERNEL(array_index_of);
TW_KERNEL(array_sort_asc);
TW_KERNEL(array_sort_desc);
TW_KERNEL(set_has_element);
TW_KERNEL(set_union);
TW_KERNEL(set_intersect);
TW_KERNEL(set_difference);
TW_KERNEL(pack_array);
TW_KERNEL(bag_pack);
TW_KERNEL(bag_keys);
TW_KERNEL(bag_merge);
TW_KERNEL(bag_remove_keys);

/* network and hashes: fn_ip.c, fn_hash.c */
TW_KERNEL(ipv4_is_private);
TW_KERNEL(ipv4_is_in_range);
TW_KERNEL(ipv4_is_match);
TW_KERNEL(parse_ipv4);
TW_KERNEL(parse_url);
TW_KERNEL(hash_sha256);
TW_KERNEL(hash_md5);
TW_KERNEL(hash);

#endif
