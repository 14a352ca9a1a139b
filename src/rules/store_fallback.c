/*
 * rules/store_fallback.c - weak placeholders for the replay store API
 * (trawl_store_*), so `trawl hunt --now` links and runs (reading the input
 * once per rule) before the executor's store lands. The executor's strong
 * definitions replace these; this file goes away then.
 */
#include <string.h>

#include "trawl.h"

__attribute__((weak)) trawl_status trawl_store_collect(
    trawl_query *const *qs, size_t nqs, const char *const *paths,
    size_t npaths, const trawl_input_opts *in, trawl_store **out,
    trawl_summary *sum, trawl_diag *diag) {
  (void)qs, (void)nqs, (void)paths, (void)npaths, (void)in, (void)sum;
  *out = NULL;
  if (diag) {
    memset(diag, 0, sizeof *diag);
    diag->code = TRAWL_ERR_UNSUPPORTED;
    strcpy(diag->message, "replay is not available yet: pass --now TIME");
  }
  return TRAWL_ERR_UNSUPPORTED;
}

__attribute__((weak)) int trawl_store_time_range(const trawl_store *s,
                                                 int64_t *min, int64_t *max) {
  (void)s;
  *min = *max = 0;
  return 0;
}

__attribute__((weak)) trawl_status trawl_query_run_store(
    trawl_query *q, const trawl_store *s, const trawl_run_opts *run,
    trawl_row_fn cb, void *ctx, trawl_diag *diag) {
  (void)q, (void)s, (void)run, (void)cb, (void)ctx, (void)diag;
  return TRAWL_ERR_UNSUPPORTED;
}

__attribute__((weak)) void trawl_store_free(trawl_store *s) { (void)s; }
