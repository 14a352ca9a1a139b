/*
 * functions/agg_int.h - shared helpers and the definitions of the
 * aggregates (agg_basic.c, agg_set.c, agg_pick.c), collected by
 * aggregates.c into the id -> definition table.
 */
#ifndef TW_FUNCTIONS_AGG_INT_H
#define TW_FUNCTIONS_AGG_INT_H

#include "functions/function.h"

/* Null in the aggregate sense (ignored by most aggregates). */
int tw_agg_is_null(const tw_value *v);
/* A predicate argument is true (non-null true bool, or dynamic true). */
int tw_agg_true(const tw_value *v);

extern const tw_agg_def tw_agg_def_count, tw_agg_def_countif,
    tw_agg_def_sum, tw_agg_def_sumif, tw_agg_def_avg, tw_agg_def_avgif,
    tw_agg_def_min, tw_agg_def_max, tw_agg_def_minif, tw_agg_def_maxif,
    tw_agg_def_stdev, tw_agg_def_variance, tw_agg_def_binary_all_or,
    tw_agg_def_dcount, tw_agg_def_dcountif, tw_agg_def_make_set,
    tw_agg_def_make_set_if, tw_agg_def_make_list, tw_agg_def_make_list_if,
    tw_agg_def_make_bag, tw_agg_def_arg_max, tw_agg_def_arg_min,
    tw_agg_def_take_any, tw_agg_def_take_anyif, tw_agg_def_percentile,
    tw_agg_def_percentiles;

#endif
