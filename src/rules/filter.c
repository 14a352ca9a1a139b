/*
 * rules/filter.c - the configuration's post-filters on alert rows:
 * suppressed principals (glob patterns with optional end date),
 * disaster-recovery windows (regions + time span + optional accounts) and
 * per-account / per-subscription approved regions, found by column name
 * (Caller, ResourceLocation, SubscriptionId, TimeGenerated, ...) so that
 * they apply to any rule whose rows carry those columns.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "rules/config.h"
#include "rules/hunt_int.h"

static const char *const principal_cols[] = {
    "Caller", "UserIdentityArn", "UserIdentityPrincipalid",
    "UserIdentityUserName", "AccountName", "AccountCustomEntity", NULL};
static const char *const region_cols[] = {"ResourceLocation", "AWSRegion",
                                          NULL};
static const char *const account_cols[] = {
    "SubscriptionId", "RecipientAccountId", "UserIdentityAccountId", NULL};

static int find_col(const tw_hunt_cols *c, const char *const *names) {
  for (size_t k = 0; names[k]; k++) {
    for (size_t i = 0; i < c->n; i++) {
      if (strcmp(c->names[i], names[k]) == 0) {
        return (int)i;
      }
    }
  }
  return -1;
}

void tw_hunt_cols_resolve(tw_hunt_cols *c) {
  c->time = -1;
  for (size_t i = 0; i < c->n; i++) {
    if (strcmp(c->names[i], "TimeGenerated") == 0 &&
        c->types[i] == TRAWL_T_DATETIME) {
      c->time = (int)i;
    }
  }
  c->region = find_col(c, region_cols);
  c->account = find_col(c, account_cols);
  size_t k = 0;
  for (size_t j = 0; principal_cols[j] && k < TW_HUNT_MAX_PCOLS; j++) {
    for (size_t i = 0; i < c->n; i++) {
      if (strcmp(c->names[i], principal_cols[j]) == 0 &&
          c->types[i] == TRAWL_T_STRING) {
        c->principal[k++] = (int)i;
      }
    }
  }
  c->nprincipal = k;
}

static int str_at(const trawl_value *row, int col, const char **s,
                  size_t *n) {
  if (col < 0 || row[col].type != TRAWL_T_STRING) {
    return 0;
  }
  *s = row[col].u.s;
  *n = row[col].len;
  return *n > 0;
}

/* Call fn for each ", "-separated region of a cell, normalised. Returns 1
 * when every region is accepted by fn (and there is at least one). */
static int all_regions(const char *s, size_t n,
                       int (*fn)(const void *ctx, const char *region),
                       const void *ctx) {
  size_t i = 0;
  int any = 0;
  while (i < n) {
    char r[80];
    size_t k = 0;
    while (i < n && s[i] != ',') {
      unsigned char ch = (unsigned char)s[i++];
      if (!isspace(ch) && k + 1 < sizeof r) {
        r[k++] = (char)tolower(ch);
      }
    }
    i++;
    r[k] = 0;
    if (k == 0) {
      continue;
    }
    if (!fn(ctx, r)) {
      return 0;
    }
    any = 1;
  }
  return any;
}

static int in_list(const char *const *list, size_t n, const char *r) {
  for (size_t i = 0; i < n; i++) {
    if (strcmp(list[i], r) == 0) {
      return 1;
    }
  }
  return 0;
}

static int window_has(const void *ctx, const char *r) {
  const tw_cfg_window *w = ctx;
  return in_list(w->regions, w->nregions, r);
}

static int scope_has(const void *ctx, const char *r) {
  const tw_cfg_scope *sc = ctx;
  return in_list(sc->regions, sc->nregions, r);
}

static int account_eq(const char *id, const char *s, size_t n) {
  return strlen(id) == n && strncasecmp(id, s, n) == 0;
}

int tw_hunt_suppressed(const trawl_config *cfg, const tw_hunt_cols *c,
                       const trawl_value *row, int64_t when) {
  if (!cfg) {
    return 0;
  }
  if (c->time >= 0 && !row[c->time].null) {
    when = row[c->time].u.i;
  }
  const char *s;
  size_t n;
  for (size_t p = 0; p < cfg->nprincipals; p++) {
    const tw_cfg_principal *pr = &cfg->principals[p];
    if (pr->has_until && when >= pr->until) {
      continue;
    }
    for (size_t k = 0; k < c->nprincipal; k++) {
      if (str_at(row, c->principal[k], &s, &n) &&
          tw_glob_match(pr->pattern, s, n)) {
        return 1;
      }
    }
  }
  const char *rs, *as = NULL;
  size_t rn, an = 0;
  if (!str_at(row, c->region, &rs, &rn)) {
    return 0;
  }
  int has_acct = str_at(row, c->account, &as, &an);
  for (size_t w = 0; w < cfg->nwindows; w++) {
    const tw_cfg_window *win = &cfg->windows[w];
    if (when < win->from || when >= win->until) {
      continue;
    }
    if (win->naccounts) {
      int ok = 0;
      for (size_t a = 0; has_acct && a < win->naccounts; a++) {
        ok |= account_eq(win->accounts[a], as, an);
      }
      if (!ok) {
        continue;
      }
    }
    if (all_regions(rs, rn, window_has, win)) {
      return 1;
    }
  }
  for (size_t i = 0; has_acct && i < cfg->nscopes; i++) {
    const tw_cfg_scope *sc = &cfg->scopes[i];
    if (account_eq(sc->id, as, an) && all_regions(rs, rn, scope_has, sc)) {
      return 2;
    }
  }
  return 0;
}
