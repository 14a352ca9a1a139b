/*
 * rules/hunt.c - trawl_hunt_run: scheduled runs of rules over logs (stub
 * until the engine lands; the ruleset and config parts are real soon).
 */
#include <stdlib.h>
#include <string.h>

#include "trawl.h"

struct trawl_ruleset {
  int unused;
};
struct trawl_config {
  int unused;
};

static trawl_status stub(trawl_diag *diag) {
  if (diag) {
    memset(diag, 0, sizeof *diag);
    diag->code = TRAWL_ERR_UNSUPPORTED;
    strcpy(diag->message, "not implemented yet");
  }
  return TRAWL_ERR_UNSUPPORTED;
}

trawl_ruleset *trawl_ruleset_new(void) { return calloc(1, sizeof(trawl_ruleset)); }
trawl_ruleset *trawl_ruleset_builtin(void) { return trawl_ruleset_new(); }
trawl_status trawl_ruleset_add_builtin(trawl_ruleset *rs, trawl_diag *diag) {
  (void)rs;
  return stub(diag);
}
trawl_status trawl_ruleset_add_yaml(trawl_ruleset *rs, const char *text,
                                    size_t len, const char *source,
                                    trawl_diag *diag) {
  (void)rs, (void)text, (void)len, (void)source;
  return stub(diag);
}
trawl_status trawl_ruleset_load(trawl_ruleset *rs, const char *path,
                                trawl_rule_note_fn note, void *ctx,
                                trawl_diag *diag) {
  (void)rs, (void)path, (void)note, (void)ctx;
  return stub(diag);
}
size_t trawl_ruleset_count(const trawl_ruleset *rs) {
  (void)rs;
  return 0;
}
const trawl_rule *trawl_ruleset_rule(const trawl_ruleset *rs, size_t i) {
  (void)rs, (void)i;
  return NULL;
}
long trawl_ruleset_find(const trawl_ruleset *rs, const char *key) {
  (void)rs, (void)key;
  return -1;
}
void trawl_ruleset_set_enabled(trawl_ruleset *rs, size_t i, int on) {
  (void)rs, (void)i, (void)on;
}
void trawl_ruleset_free(trawl_ruleset *rs) { free(rs); }

trawl_status trawl_config_load(const char *path, trawl_config **out,
                               trawl_diag *diag) {
  (void)path;
  *out = NULL;
  return stub(diag);
}
trawl_status trawl_config_parse(const char *text, size_t len,
                                const char *name, trawl_config **out,
                                trawl_diag *diag) {
  (void)text, (void)len, (void)name;
  *out = NULL;
  return stub(diag);
}
void trawl_config_free(trawl_config *c) { free(c); }
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
  return stub(diag);
}
