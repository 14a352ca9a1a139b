/*
 * rules/config.h - the parsed trawl configuration as the hunt uses it:
 * let overrides to pass to rules, post-filters for suppressions and
 * per-account approvals, rules to enable or disable.
 */
#ifndef TW_RULES_CONFIG_H
#define TW_RULES_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "trawl.h"

typedef struct tw_cfg_set {
  const char *name;
  const char *value;  /* KQL literal text */
} tw_cfg_set;

typedef struct tw_cfg_principal {
  const char *pattern;  /* glob: * and ?, case-insensitive */
  int64_t until;        /* ticks; has_until = 0: no end */
  int has_until;
} tw_cfg_principal;

typedef struct tw_cfg_window {
  const char *name;
  const char **regions;  /* normalised codes */
  size_t nregions;
  const char **accounts;  /* empty: every account / subscription */
  size_t naccounts;
  int64_t from, until;    /* ticks, [from, until) */
} tw_cfg_window;

typedef struct tw_cfg_scope {
  const char *id;         /* AWS account id or Azure subscription (lower) */
  int azure;
  const char **regions;
  size_t nregions;
} tw_cfg_scope;

struct trawl_config {
  tw_arena arena;
  tw_cfg_set *sets;
  size_t nsets;
  tw_cfg_principal *principals;
  size_t nprincipals;
  tw_cfg_window *windows;
  size_t nwindows;
  tw_cfg_scope *scopes;
  size_t nscopes;
  const char **enable;
  size_t nenable;
  const char **disable;
  size_t ndisable;
};

/* Case-insensitive glob match (* and ?). */
int tw_glob_match(const char *pat, const char *s, size_t slen);

#endif
