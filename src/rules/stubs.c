/*
 * rules/stubs.c - trawl_hunt_run placeholder until rules/hunt.c lands.
 */
#include <string.h>

#include "trawl.h"

const char *trawl_config_template(void) { return "# trawl configuration\n"; }

trawl_status trawl_hunt_run(const trawl_ruleset *rs, const trawl_config *cfg,
                            const char *const *paths, size_t npaths,
                            const trawl_hunt_opts *opts, trawl_alert_fn cb,
                            void *ctx, trawl_hunt_summary *sum,
                            trawl_diag *diag) {
  (void)rs, (void)cfg, (void)paths, (void)npaths, (void)opts, (void)cb,
      (void)ctx;
  if (sum) {
    memset(sum, 0, sizeof *sum);
  }
  if (diag) {
    memset(diag, 0, sizeof *diag);
    diag->code = TRAWL_ERR_UNSUPPORTED;
    strcpy(diag->message, "not implemented yet");
  }
  return TRAWL_ERR_UNSUPPORTED;
}
