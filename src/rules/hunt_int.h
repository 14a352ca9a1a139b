/*
 * rules/hunt_int.h - internals of the hunt: where the columns that the
 * configuration's post-filters read sit in a rule's result rows.
 */
#ifndef TW_RULES_HUNT_INT_H
#define TW_RULES_HUNT_INT_H

#include <stddef.h>
#include <stdint.h>

#include "trawl.h"

#define TW_HUNT_MAX_PCOLS 8

typedef struct tw_hunt_cols {
  const char *const *names;
  const trawl_type *types;
  size_t n;
  int time;      /* TimeGenerated (datetime) or -1 */
  int region;    /* ResourceLocation / AWSRegion or -1 */
  int account;   /* SubscriptionId / RecipientAccountId / ... or -1 */
  int principal[TW_HUNT_MAX_PCOLS];
  size_t nprincipal;
} tw_hunt_cols;

/* Fill the column positions from names/types/n. */
void tw_hunt_cols_resolve(tw_hunt_cols *c);

/*
 * 0 = keep the row; 1 = suppressed (principal or DR window); 2 = region
 * approved for the row's account/subscription. `when` is the time used
 * when the row has no TimeGenerated.
 */
int tw_hunt_suppressed(const trawl_config *cfg, const tw_hunt_cols *c,
                       const trawl_value *row, int64_t when);

#endif
