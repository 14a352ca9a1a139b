/*
 * functions/aggregates.c - the id -> definition table of aggregates
 * (tw_agg_get) and their KQL names (tw_agg_name).
 */
#include "functions/agg_int.h"

#define G(name) [TW_AGG_##name] = &tw_agg_def_##name

static const tw_agg_def *const defs[TW_AGG_COUNT] = {
  G(count),
  G(countif),
  G(dcount),
  G(dcountif),
  G(sum),
  G(sumif),
  G(avg),
  G(avgif),
  G(min),
  G(max),
  G(minif),
  G(maxif),
  G(arg_max),
  G(arg_min),
  G(take_any),
  G(take_anyif),
  G(make_set),
  G(make_set_if),
  G(make_list),
  G(make_list_if),
  G(make_bag),
  G(stdev),
  G(variance),
  G(percentile),
  G(percentiles),
  G(binary_all_or),
  [TW_AGG_count_distinct] = &tw_agg_def_dcount,
};

#undef G

static const char *const names[TW_AGG_COUNT] = {
#define AGG(name) [TW_AGG_##name] = #name,
#include "functions/aggregates.def"
};

const tw_agg_def *tw_agg_get(int agg_id) {
  if (agg_id < 0 || agg_id >= TW_AGG_COUNT) {
    return NULL;
  }
  return defs[agg_id];
}

const char *tw_agg_name(int agg_id) {
  if (agg_id < 0 || agg_id >= TW_AGG_COUNT) {
    return "?";
  }
  return names[agg_id];
}
