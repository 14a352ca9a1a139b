/*
 * functions/kernels.c - the id -> kernel table of scalar functions, their
 * names, the shared kernel helpers and freeing of per-node caches.
 */
#include "functions/kernels.h"

#include <math.h>
#include <string.h>

#include "base/limits.h"
#include "functions/convert.h"
#include "functions/regex.h"
#include "value/json.h"

/* ------------------------------------------------------------ helpers */

int tw_k_nullish(const tw_value *v) {
  if (v->type == TW_T_STRING) {
    return 0;
  }
  if (v->null) {
    return 1;
  }
  return v->type == TW_T_DYNAMIC && tw_dyn_is_null(v->u.d);
}

int tw_k_oom(tw_eval_ctx *ctx, const tw_ast *call) {
  return tw_fn_error(ctx, call, TRAWL_ERR_NOMEM, "out of memory");
}

int tw_k_too_big(tw_eval_ctx *ctx, const tw_ast *call) {
  return tw_fn_error(ctx, call, TRAWL_ERR_LIMIT,
                     "%s: result larger than %zu MiB", tw_fn_name(call->slot),
                     TW_MAX_VALUE_BYTES >> 20);
}

int tw_k_str(tw_eval_ctx *ctx, const tw_ast *call, const tw_value *v,
             const char **s, size_t *n) {
  if (tw_value_str(ctx->arena, v, s, n) < 0) {
    return tw_k_oom(ctx, call);
  }
  return 0;
}

int tw_k_int(const tw_value *v, int64_t *out) {
  tw_value l;
  tw_value tmp = *v;
  if (tmp.type == TW_T_TIMESPAN || tmp.type == TW_T_DATETIME) {
    return 0;
  }
  tw_conv_tolong(&tmp, &l);
  if (l.null) {
    return 0;
  }
  *out = l.u.i;
  return 1;
}

int tw_k_real(const tw_value *v, double *out) {
  tw_value r;
  if (v->type == TW_T_STRING) {
    return 0;
  }
  tw_conv_toreal(v, &r);
  if (r.null) {
    return 0;
  }
  *out = r.u.r;
  return 1;
}

int tw_k_coerce(tw_eval_ctx *ctx, const tw_ast *call, const tw_value *v,
                tw_value *out) {
  int t = call ? call->type : TW_T_UNKNOWN;
  if (t == TW_T_UNKNOWN || t == v->type) {
    *out = *v;
    return 0;
  }
  if (tw_k_nullish(v)) {
    *out = tw_null((tw_type)t);
    return 0;
  }
  if (t == TW_T_DYNAMIC) {
    const tw_dyn *d = tw_value_to_dyn(ctx->arena, v);
    if (!d) {
      return tw_k_oom(ctx, call);
    }
    *out = tw_dynamic(d);
    return 0;
  }
  if (tw_conv_to_type(ctx->arena, v, (tw_type)t, out) < 0) {
    return tw_k_oom(ctx, call);
  }
  return 0;
}

int tw_k_string_result(tw_eval_ctx *ctx, const tw_ast *call, const char *s,
                       size_t n, tw_value *out) {
  if (n == 0) {
    *out = tw_str("", 0);
    return 0;
  }
  char *c = tw_arena_strndup(ctx->arena, s, n);
  if (!c) {
    return tw_k_oom(ctx, call);
  }
  *out = tw_str(c, n);
  return 0;
}

tw_dyn *tw_k_new_array(tw_eval_ctx *ctx, uint32_t n, tw_dyn **items) {
  tw_dyn *d = tw_arena_zalloc(ctx->arena, sizeof *d);
  if (!d) {
    return NULL;
  }
  d->kind = TRAWL_DYN_ARRAY;
  d->n = n;
  *items = NULL;
  if (n) {
    *items = tw_arena_zalloc(ctx->arena, (size_t)n * sizeof **items);
    if (!*items) {
      return NULL;
    }
    d->u.items = *items;
  }
  return d;
}

/* -------------------------------------------------------------- table */

#define K(name) [TW_FN_##name] = tw_k_##name

static const tw_scalar_fn kernels[TW_FN_COUNT] = {
  K(iff),
  K(case),
  K(coalesce),
  K(isempty),
  K(isnotempty),
  K(isnull),
  K(isnotnull),
  K(not),
  K(max_of),
  K(min_of),
  K(tostring),
  K(toint),
  K(tolong),
  K(toreal),
  [TW_FN_todouble] = tw_k_toreal,
  K(tobool),
  K(todatetime),
  K(totimespan),
  K(toguid),
  K(todecimal),
  K(parse_json),
  K(gettype),
  K(typeof),
  K(new_guid),
  K(tolower),
  K(toupper),
  K(strlen),
  K(strcat),
  K(strcat_delim),
  K(substring),
  K(split),
  K(replace_string),
  K(indexof),
  K(countof),
  K(strcmp),
  K(reverse),
  K(url_decode),
  K(url_encode),
  K(base64_decode_tostring),
  K(base64_encode_tostring),
  K(isascii),
  K(isutf8),
  K(tohex),
  K(extract),
  K(extract_all),
  K(replace_regex),
  K(trim),
  K(trim_start),
  K(trim_end),
  K(indexof_regex),
  K(ago),
  K(now),
  K(startofday),
  K(startofweek),
  K(startofmonth),
  K(startofyear),
  K(endofday),
  K(datetime_diff),
  K(datetime_add),
  K(datetime_part),
  K(dayofweek),
  K(hourofday),
  K(getyear),
  K(getmonth),
  K(format_datetime),
  K(format_timespan),
  K(unixtime_seconds_todatetime),
  K(unixtime_milliseconds_todatetime),
  K(make_datetime),
  K(make_timespan),
  K(bin),
  [TW_FN_floor] = tw_k_bin,
  K(round),
  K(abs),
  K(log),
  K(log10),
  K(exp),
  K(pow),
  K(sqrt),
  K(rand),
  K(array_length),
  K(array_slice),
  K(array_strcat),
  K(array_concat),
  K(array_index_of),
  K(array_sort_asc),
  K(array_sort_desc),
  K(set_has_element),
  K(set_union),
  K(set_intersect),
  K(set_difference),
  K(pack_array),
  [TW_FN_pack] = tw_k_bag_pack,
  K(bag_pack),
  K(bag_keys),
  K(bag_merge),
  K(bag_remove_keys),
  K(ipv4_is_private),
  K(ipv4_is_in_range),
  K(ipv4_is_match),
  K(parse_ipv4),
  K(parse_url),
  K(hash_sha256),
  K(hash_md5),
  K(hash),
};

#undef K

static const char *const names[TW_FN_COUNT] = {
#define FN(name) [TW_FN_##name] = #name,
#include "functions/functions.def"
};

tw_scalar_fn tw_fn_kernel(int fn_id) {
  if (fn_id < 0 || fn_id >= TW_FN_COUNT) {
    return NULL;
  }
  return kernels[fn_id];
}

const char *tw_fn_name(int fn_id) {
  if (fn_id < 0 || fn_id >= TW_FN_COUNT) {
    return "?";
  }
  return names[fn_id];
}

void tw_fn_cache_free(tw_ast *node) {
  if (!node || !node->cache) {
    return;
  }
  tw_node_cache *c = node->cache;
  node->cache = NULL;
  if (c->destroy) {
    c->destroy(c);
  }
}
