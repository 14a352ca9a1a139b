/*
 * ingest/ingest.h - the reader: files in, table rows out.
 *
 * The reader walks its inputs (files, directories recursively in sorted
 * order, "-" for stdin), inflates gzip, recognises each stream's format
 * from its content, splits it into records and maps each record to a row of
 * AWSCloudTrail or AzureActivity.
 *
 * Speed comes from asking for less: a consumer subscribes per table with
 *  - the columns it needs (others are left as null / "" and never
 *    extracted), and
 *  - prefilters: conjunctive tests on single columns that a row must pass
 *    to be delivered. The mapper extracts the prefilter columns first and
 *    drops a record as soon as a test fails, before building the rest.
 * Prefilters are an early-out only: they must never drop a row that the
 * query would keep (exec still evaluates the full predicates), so a test
 * the reader does not understand is simply treated as passed.
 *
 * Several subscriptions may name the same table; each record is mapped
 * once (the union of needed columns) and delivered to every subscription
 * whose prefilters it passes.
 */
#ifndef TW_INGEST_INGEST_H
#define TW_INGEST_INGEST_H

#include "value/value.h"

typedef enum tw_prefilter_op {
  TW_PF_IN,          /* value == one of vals (case-sensitive) */
  TW_PF_IN_CI,       /* value =~ one of vals (case-insensitive, as in~) */
  TW_PF_NOT_IN,      /* !in */
  TW_PF_NOT_IN_CI,   /* !in~ */
  TW_PF_EMPTY,       /* isempty(col) */
  TW_PF_NOT_EMPTY,   /* isnotempty(col) */
  TW_PF_HAS_ANY,     /* col has_any (vals): Kusto term match, case-insens. */
  TW_PF_TIME_GE,     /* datetime col >= t (null fails) */
  TW_PF_TIME_GT,
  TW_PF_TIME_LE,
  TW_PF_TIME_LT
} tw_prefilter_op;

typedef struct tw_prefilter {
  uint32_t col;            /* column index in the table */
  tw_prefilter_op op;
  const tw_value *vals;    /* string constants; borrowed from the query */
  uint32_t nvals;
  int64_t t;               /* for TW_PF_TIME_* */
} tw_prefilter;

typedef struct tw_subscription {
  trawl_table table;
  const uint8_t *need;       /* need[col] != 0: extract it; NULL = all */
  const tw_prefilter *pre;   /* all must pass; borrowed */
  uint32_t npre;
} tw_subscription;

/*
 * Called with a batch of rows for subscription `sub` (its index in the
 * array given to tw_read). The batch has the table's full column count;
 * unneeded columns hold null / "". The batch and everything it points to
 * is valid only during the call. Return nonzero to stop reading.
 */
typedef int (*tw_batch_fn)(void *ctx, uint32_t sub, const tw_batch *b);

/*
 * Read all inputs once and deliver batches. Input problems are reported
 * through opts->on_event and counted in *sum (never fatal). Returns
 * TRAWL_OK, or an error when reading could not start, the callback asked
 * to stop (TRAWL_OK then too), or memory ran out.
 */
trawl_status tw_read(const char *const *paths, size_t npaths,
                     const trawl_input_opts *opts,
                     const tw_subscription *subs, uint32_t nsubs,
                     tw_batch_fn cb, void *ctx, trawl_summary *sum,
                     trawl_diag *diag);

#endif
