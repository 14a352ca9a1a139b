/*
 * rules/config.c - load trawl's YAML configuration (docs/config.md):
 * approved regions globally and per AWS account / Azure subscription,
 * suppressions (principals, disaster-recovery windows), let overrides and
 * rules to enable or disable. Region names are checked against the
 * catalogue in regions.c, with a suggestion for near misses.
 */
#include "rules/config.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/limits.h"
#include "base/timeutil.h"
#include "rules/regions.h"
#include "rules/yamldoc.h"

typedef struct cfg_parse {
  trawl_config *c;
  yaml_document_t *doc;
  const char *name;
  trawl_diag *diag;
} cfg_parse;

static trawl_status perr(cfg_parse *p, const yaml_node_t *n, const char *fmt,
                         ...) __attribute__((format(printf, 3, 4)));
static trawl_status perr(cfg_parse *p, const yaml_node_t *n, const char *fmt,
                         ...) {
  if (p->diag) {
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    memset(p->diag, 0, sizeof *p->diag);
    p->diag->code = TRAWL_ERR_USAGE;
    if (n) {
      snprintf(p->diag->message, sizeof p->diag->message, "%s:%lu:%lu: %s",
               p->name, (unsigned long)n->start_mark.line + 1,
               (unsigned long)n->start_mark.column + 1, msg);
    } else {
      snprintf(p->diag->message, sizeof p->diag->message, "%s: %s", p->name,
               msg);
    }
  }
  return TRAWL_ERR_USAGE;
}

static trawl_status nomem(cfg_parse *p) {
  if (p->diag) {
    memset(p->diag, 0, sizeof *p->diag);
    p->diag->code = TRAWL_ERR_NOMEM;
    strcpy(p->diag->message, "out of memory");
  }
  return TRAWL_ERR_NOMEM;
}

int tw_glob_match(const char *pat, const char *s, size_t slen) {
  size_t pi = 0, si = 0, star_p = (size_t)-1, star_s = 0;
  size_t plen = strlen(pat);
  while (si < slen) {
    if (pi < plen && pat[pi] == '*') {
      star_p = pi++;
      star_s = si;
    } else if (pi < plen &&
               (pat[pi] == '?' || tolower((unsigned char)pat[pi]) ==
                                      tolower((unsigned char)s[si]))) {
      pi++;
      si++;
    } else if (star_p != (size_t)-1) {
      pi = star_p + 1;
      si = ++star_s;
    } else {
      return 0;
    }
  }
  while (pi < plen && pat[pi] == '*') {
    pi++;
  }
  return pi == plen;
}

/* Items of a sequence node (a lone scalar counts as one item). */
static size_t seq_items(yaml_document_t *doc, yaml_node_t *n,
                        yaml_node_t **out, size_t max) {
  if (!n) {
    return 0;
  }
  if (n->type == YAML_SCALAR_NODE) {
    if (!*tw_yaml_str(n) || max == 0) {
      return 0;
    }
    out[0] = n;
    return 1;
  }
  if (n->type != YAML_SEQUENCE_NODE) {
    return 0;
  }
  size_t k = 0;
  for (yaml_node_item_t *it = n->data.sequence.items.start;
       it < n->data.sequence.items.top && k < max; it++) {
    out[k++] = yaml_document_get_node(doc, *it);
  }
  return k;
}

#define MAX_ITEMS 1024

/* An AWS account id: exactly 12 digits. */
static int valid_aws_account(const char *s) {
  size_t n = 0;
  for (; s[n]; n++) {
    if (!isdigit((unsigned char)s[n])) {
      return 0;
    }
  }
  return n == 12;
}

/* An Azure subscription id: a GUID, 8-4-4-4-12 hex digits. */
static int valid_subscription(const char *s) {
  static const int groups[] = {8, 4, 4, 4, 12};
  for (int g = 0; g < 5; g++) {
    for (int i = 0; i < groups[g]; i++, s++) {
      if (!isxdigit((unsigned char)*s)) {
        return 0;
      }
    }
    if (g < 4 && *s++ != '-') {
      return 0;
    }
  }
  return *s == '\0';
}

/* A scope id of the given cloud (-1: either), so that a typo is an error
 * instead of an approval or a window that silently never applies. */
static int valid_scope_id(const char *s, int azure) {
  if (azure == 0) {
    return valid_aws_account(s);
  }
  if (azure == 1) {
    return valid_subscription(s);
  }
  return valid_aws_account(s) || valid_subscription(s);
}

/*
 * Read a list of region names into normalised codes. `cloud` -1 accepts
 * either cloud. Errors name the node and suggest the closest region.
 */
static trawl_status region_list(cfg_parse *p, yaml_node_t *n, int cloud,
                                const char ***out, size_t *count) {
  yaml_node_t *items[MAX_ITEMS];
  if (n && n->type == YAML_MAPPING_NODE) {
    return perr(p, n, "expected a list of regions");
  }
  size_t k = seq_items(p->doc, n, items, MAX_ITEMS);
  const char **v = tw_arena_alloc(&p->c->arena, (k + 1) * sizeof *v);
  if (!v) {
    return nomem(p);
  }
  for (size_t i = 0; i < k; i++) {
    const char *s = tw_yaml_str(items[i]);
    if (!s) {
      return perr(p, items[i], "expected a region name");
    }
    const tw_region *r = NULL;
    if (cloud != TW_CLOUD_AZURE) {
      r = tw_region_find(TW_CLOUD_AWS, s);
    }
    if (!r && cloud != TW_CLOUD_AWS) {
      r = tw_region_find(TW_CLOUD_AZURE, s);
    }
    if (!r) {
      const char *sug = NULL;
      if (cloud == -1) {
        sug = strchr(s, '-') ? tw_region_suggest(TW_CLOUD_AWS, s) : NULL;
        if (!sug) {
          sug = tw_region_suggest(TW_CLOUD_AZURE, s);
        }
      } else {
        sug = tw_region_suggest((tw_cloud)cloud, s);
      }
      const char *what = cloud == TW_CLOUD_AWS     ? "AWS region"
                         : cloud == TW_CLOUD_AZURE ? "Azure region"
                                                   : "region";
      if (sug) {
        return perr(p, items[i], "unknown %s '%s' (did you mean '%s'?)",
                    what, s, sug);
      }
      return perr(p, items[i], "unknown %s '%s'", what, s);
    }
    v[i] = r->name;
  }
  v[k] = NULL;
  *out = v;
  *count = k;
  return TRAWL_OK;
}

static trawl_status add_set(cfg_parse *p, const char *name, const char *value) {
  trawl_config *c = p->c;
  for (size_t i = 0; i < c->nsets; i++) {
    if (strcmp(c->sets[i].name, name) == 0) {
      c->sets[i].value = tw_arena_strndup(&c->arena, value, strlen(value));
      return c->sets[i].value ? TRAWL_OK : nomem(p);
    }
  }
  if (c->nsets >= TW_MAX_HUNT_SETS) {
    return perr(p, NULL, "more than %d let overrides", TW_MAX_HUNT_SETS);
  }
  if (c->nsets % 16 == 0) {
    tw_cfg_set *ns = realloc(c->sets, (c->nsets + 16) * sizeof *ns);
    if (!ns) {
      return nomem(p);
    }
    c->sets = ns;
  }
  tw_cfg_set *s = &c->sets[c->nsets];
  s->name = tw_arena_strndup(&c->arena, name, strlen(name));
  s->value = tw_arena_strndup(&c->arena, value, strlen(value));
  if (!s->name || !s->value) {
    return nomem(p);
  }
  c->nsets++;
  return TRAWL_OK;
}

/* dynamic(["a", "b"]) of plain tokens (region codes, "id:region"). */
static int kql_list(tw_buf *b, const char **items, size_t n,
                    const char *prefix) {
  tw_buf_clear(b);
  if (tw_buf_adds(b, "dynamic([")) {
    return -1;
  }
  for (size_t i = 0; i < n; i++) {
    if (tw_buf_printf(b, "%s\"%s%s%s\"", i ? ", " : "", prefix ? prefix : "",
                      prefix ? ":" : "", items[i])) {
      return -1;
    }
  }
  return tw_buf_adds(b, "])");
}

static int parse_time(const yaml_node_t *n, int64_t *t) {
  const char *s = tw_yaml_str(n);
  return s ? tw_datetime_parse(s, strlen(s), t) : -1;
}

static void *grow(void *arr, size_t n, size_t size) {
  return n % 16 == 0 ? realloc(arr, (n + 16) * size) : arr;
}

static trawl_status parse_scopes(cfg_parse *p, yaml_node_t *map, int azure) {
  trawl_config *c = p->c;
  if (!map) {
    return TRAWL_OK;
  }
  if (map->type != YAML_MAPPING_NODE) {
    return perr(p, map, "expected a mapping of %s ids",
                azure ? "subscription" : "account");
  }
  for (yaml_node_pair_t *pr = map->data.mapping.pairs.start;
       pr < map->data.mapping.pairs.top; pr++) {
    yaml_node_t *k = yaml_document_get_node(p->doc, pr->key);
    yaml_node_t *v = yaml_document_get_node(p->doc, pr->value);
    const char *id = tw_yaml_str(k);
    if (!id || !valid_scope_id(id, azure)) {
      return perr(p, k, azure ? "'%s' is not a subscription id (a GUID)"
                              : "'%s' is not an AWS account id (12 digits)",
                  id ? id : "");
    }
    yaml_node_t *rl = v && v->type == YAML_MAPPING_NODE
                          ? tw_yaml_get(p->doc, v, "approved_regions")
                          : v;
    tw_cfg_scope sc = {0};
    char low[80];
    size_t i = 0;
    for (; id[i] && i + 1 < sizeof low; i++) {
      low[i] = azure ? (char)tolower((unsigned char)id[i]) : id[i];
    }
    low[i] = 0;
    sc.id = tw_arena_strndup(&c->arena, low, i);
    sc.azure = azure;
    trawl_status st = region_list(p, rl, azure ? TW_CLOUD_AZURE : TW_CLOUD_AWS,
                                  &sc.regions, &sc.nregions);
    if (st != TRAWL_OK) {
      return st;
    }
    tw_cfg_scope *ns = grow(c->scopes, c->nscopes, sizeof *ns);
    if (!ns || !sc.id) {
      return nomem(p);
    }
    c->scopes = ns;
    c->scopes[c->nscopes++] = sc;
  }
  return TRAWL_OK;
}

static trawl_status parse_suppress(cfg_parse *p, yaml_node_t *sup) {
  trawl_config *c = p->c;
  yaml_node_t *items[MAX_ITEMS];
  if (!sup) {
    return TRAWL_OK;
  }
  if (sup->type != YAML_MAPPING_NODE) {
    return perr(p, sup, "`suppress` must be a mapping (principals, windows)");
  }
  size_t k = seq_items(p->doc, tw_yaml_get(p->doc, sup, "principals"), items,
                       MAX_ITEMS);
  for (size_t i = 0; i < k; i++) {
    tw_cfg_principal pr = {0};
    yaml_node_t *n = items[i];
    const char *pat = tw_yaml_str(n);
    if (n->type == YAML_MAPPING_NODE) {
      pat = tw_yaml_str(tw_yaml_get(p->doc, n, "match"));
      yaml_node_t *u = tw_yaml_get(p->doc, n, "until");
      if (u) {
        if (parse_time(u, &pr.until) != 0) {
          return perr(p, u, "bad `until` date (ISO 8601 expected)");
        }
        pr.has_until = 1;
      }
    }
    if (!pat || !*pat) {
      return perr(p, n, "a principal needs a pattern (or `match:`)");
    }
    pr.pattern = tw_arena_strndup(&c->arena, pat, strlen(pat));
    tw_cfg_principal *np = grow(c->principals, c->nprincipals, sizeof *np);
    if (!np || !pr.pattern) {
      return nomem(p);
    }
    c->principals = np;
    c->principals[c->nprincipals++] = pr;
  }
  k = seq_items(p->doc, tw_yaml_get(p->doc, sup, "windows"), items, MAX_ITEMS);
  for (size_t i = 0; i < k; i++) {
    yaml_node_t *n = items[i];
    tw_cfg_window w = {0};
    if (n->type != YAML_MAPPING_NODE) {
      return perr(p, n, "a window needs regions, from and until");
    }
    const char *name = tw_yaml_str(tw_yaml_get(p->doc, n, "name"));
    w.name = tw_arena_strndup(&c->arena, name ? name : "", name ? strlen(name) : 0);
    yaml_node_t *f = tw_yaml_get(p->doc, n, "from");
    yaml_node_t *u = tw_yaml_get(p->doc, n, "until");
    if (!u) {
      return perr(p, n, "a window needs an end date (`until`)");
    }
    if (parse_time(u, &w.until) != 0) {
      return perr(p, u, "bad `until` date (ISO 8601 expected)");
    }
    if (f && parse_time(f, &w.from) != 0) {
      return perr(p, f, "bad `from` date (ISO 8601 expected)");
    }
    if (!f) {
      w.from = INT64_MIN;
    }
    if (w.from >= w.until) {
      return perr(p, n, "window ends before it starts");
    }
    yaml_node_t *rn = tw_yaml_get(p->doc, n, "regions");
    if (!rn) {
      return perr(p, n, "a window needs `regions`");
    }
    trawl_status st = region_list(p, rn, -1, &w.regions, &w.nregions);
    if (st != TRAWL_OK) {
      return st;
    }
    yaml_node_t *acc[MAX_ITEMS];
    size_t na = seq_items(p->doc, tw_yaml_get(p->doc, n, "accounts"), acc,
                          MAX_ITEMS);
    w.accounts = tw_arena_alloc(&c->arena, (na + 1) * sizeof *w.accounts);
    if (!w.accounts || !w.name) {
      return nomem(p);
    }
    for (size_t j = 0; j < na; j++) {
      const char *s = tw_yaml_str(acc[j]);
      if (!s || !valid_scope_id(s, -1)) {
        return perr(p, acc[j], "'%s' is neither an AWS account id (12 "
                               "digits) nor a subscription id (a GUID)",
                    s ? s : "");
      }
      w.accounts[j] = tw_arena_strndup(&c->arena, s, strlen(s));
      if (!w.accounts[j]) {
        return nomem(p);
      }
    }
    w.naccounts = na;
    tw_cfg_window *nw = grow(c->windows, c->nwindows, sizeof *nw);
    if (!nw) {
      return nomem(p);
    }
    c->windows = nw;
    c->windows[c->nwindows++] = w;
  }
  return TRAWL_OK;
}

static trawl_status name_list(cfg_parse *p, yaml_node_t *n, const char ***out,
                              size_t *count) {
  yaml_node_t *items[MAX_ITEMS];
  size_t k = seq_items(p->doc, n, items, MAX_ITEMS);
  const char **v = tw_arena_alloc(&p->c->arena, (k + 1) * sizeof *v);
  if (!v) {
    return nomem(p);
  }
  for (size_t i = 0; i < k; i++) {
    const char *s = tw_yaml_str(items[i]);
    if (!s || !(v[i] = tw_arena_strndup(&p->c->arena, s, strlen(s)))) {
      return s ? nomem(p) : perr(p, items[i], "expected a rule id");
    }
  }
  *out = v;
  *count = k;
  return TRAWL_OK;
}

static const char *const known_keys[] = {
    "approved_regions", "accounts", "subscriptions", "suppress", "lets",
    "rules", NULL};

static trawl_status parse_root(cfg_parse *p, yaml_node_t *root) {
  trawl_config *c = p->c;
  trawl_status st;
  if (!root) {
    return TRAWL_OK;  /* empty file: defaults */
  }
  if (root->type != YAML_MAPPING_NODE) {
    return perr(p, root, "the configuration must be a YAML mapping");
  }
  for (yaml_node_pair_t *pr = root->data.mapping.pairs.start;
       pr < root->data.mapping.pairs.top; pr++) {
    yaml_node_t *k = yaml_document_get_node(p->doc, pr->key);
    const char *ks = tw_yaml_str(k);
    int ok = 0;
    for (size_t i = 0; ks && known_keys[i]; i++) {
      ok |= strcmp(ks, known_keys[i]) == 0;
    }
    if (!ok) {
      return perr(p, k, "unknown key '%s' (expected one of approved_regions, "
                  "accounts, subscriptions, suppress, lets, rules)",
                  ks ? ks : "?");
    }
  }
  tw_buf b;
  tw_buf_init(&b, 1 << 20);
  yaml_node_t *ar = tw_yaml_get(p->doc, root, "approved_regions");
  if (ar && ar->type != YAML_MAPPING_NODE) {
    tw_buf_free(&b);
    return perr(p, ar, "`approved_regions` must be a mapping with aws: and azure:");
  }
  static const char *const clouds[2] = {"aws", "azure"};
  static const char *const lets[2] = {"ApprovedAWSRegions",
                                      "ApprovedAzureRegions"};
  for (int i = 0; i < 2 && ar; i++) {
    yaml_node_t *n = tw_yaml_get(p->doc, ar, clouds[i]);
    if (!n) {
      continue;
    }
    const char **regs;
    size_t nr;
    st = region_list(p, n, i, &regs, &nr);
    if (st == TRAWL_OK) {
      st = kql_list(&b, regs, nr, NULL) ? nomem(p) : add_set(p, lets[i], b.data);
    }
    if (st != TRAWL_OK) {
      tw_buf_free(&b);
      return st;
    }
  }
  st = parse_scopes(p, tw_yaml_get(p->doc, root, "accounts"), 0);
  if (st == TRAWL_OK) {
    st = parse_scopes(p, tw_yaml_get(p->doc, root, "subscriptions"), 1);
  }
  /* Per-scope approvals as "id:region" lists for rules that take them. */
  for (int az = 0; az < 2 && st == TRAWL_OK; az++) {
    int any = 0;
    tw_buf_clear(&b);
    if (tw_buf_adds(&b, "dynamic([")) {
      st = nomem(p);
    }
    for (size_t i = 0; i < c->nscopes && st == TRAWL_OK; i++) {
      if (c->scopes[i].azure != az) {
        continue;
      }
      for (size_t j = 0; j < c->scopes[i].nregions; j++) {
        if (tw_buf_printf(&b, "%s\"%s:%s\"", any ? ", " : "", c->scopes[i].id,
                          c->scopes[i].regions[j])) {
          st = nomem(p);
        }
        any = 1;
      }
    }
    if (st == TRAWL_OK && any) {
      st = tw_buf_adds(&b, "])") ? nomem(p)
                                 : add_set(p, az ? "ApprovedAzureRegionsBySubscription"
                                                 : "ApprovedAWSRegionsByAccount",
                                           b.data);
    }
  }
  tw_buf_free(&b);
  if (st == TRAWL_OK) {
    st = parse_suppress(p, tw_yaml_get(p->doc, root, "suppress"));
  }
  yaml_node_t *ln = tw_yaml_get(p->doc, root, "lets");
  if (st == TRAWL_OK && ln) {
    if (ln->type != YAML_MAPPING_NODE) {
      return perr(p, ln, "`lets` must map let names to KQL literals");
    }
    for (yaml_node_pair_t *pr = ln->data.mapping.pairs.start;
         pr < ln->data.mapping.pairs.top && st == TRAWL_OK; pr++) {
      yaml_node_t *k = yaml_document_get_node(p->doc, pr->key);
      yaml_node_t *v = yaml_document_get_node(p->doc, pr->value);
      const char *ks = tw_yaml_str(k), *vs = tw_yaml_str(v);
      if (!ks || !*ks || !vs) {
        return perr(p, k, "`lets` entries are NAME: KQL literal text");
      }
      st = add_set(p, ks, vs);
    }
  }
  yaml_node_t *rn = tw_yaml_get(p->doc, root, "rules");
  if (st == TRAWL_OK && rn) {
    if (rn->type != YAML_MAPPING_NODE) {
      return perr(p, rn, "`rules` must be a mapping (enable, disable)");
    }
    st = name_list(p, tw_yaml_get(p->doc, rn, "enable"), &c->enable, &c->nenable);
    if (st == TRAWL_OK) {
      st = name_list(p, tw_yaml_get(p->doc, rn, "disable"), &c->disable,
                     &c->ndisable);
    }
  }
  return st;
}

trawl_status trawl_config_parse(const char *text, size_t len,
                                const char *name, trawl_config **out,
                                trawl_diag *diag) {
  cfg_parse p = {0};
  *out = NULL;
  p.name = name ? name : "config";
  p.diag = diag;
  if (len > TW_MAX_RULE_BYTES) {
    return perr(&p, NULL, "larger than %zu bytes", TW_MAX_RULE_BYTES);
  }
  trawl_config *c = calloc(1, sizeof *c);
  if (!c) {
    return nomem(&p);
  }
  tw_arena_init(&c->arena, 0);
  p.c = c;
  yaml_document_t doc;
  char err[256];
  if (tw_yaml_load(text ? text : "", len, &doc, err, sizeof err) != 0) {
    trawl_config_free(c);
    return perr(&p, NULL, "%s", err);
  }
  p.doc = &doc;
  trawl_status st = parse_root(&p, yaml_document_get_root_node(&doc));
  yaml_document_delete(&doc);
  if (st != TRAWL_OK) {
    trawl_config_free(c);
    return st;
  }
  *out = c;
  return TRAWL_OK;
}

trawl_status trawl_config_load(const char *path, trawl_config **out,
                               trawl_diag *diag) {
  *out = NULL;
  FILE *f = fopen(path, "rb");
  if (!f) {
    if (diag) {
      memset(diag, 0, sizeof *diag);
      diag->code = TRAWL_ERR_IO;
      snprintf(diag->message, sizeof diag->message, "%s: %s", path,
               strerror(errno));
    }
    return TRAWL_ERR_IO;
  }
  tw_buf b;
  tw_buf_init(&b, TW_MAX_RULE_BYTES);
  char chunk[65536];
  size_t got;
  int bad = 0;
  while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) {
    if (tw_buf_add(&b, chunk, got) != 0) {
      bad = 1;
      break;
    }
  }
  bad |= ferror(f);
  fclose(f);
  trawl_status st;
  if (bad) {
    cfg_parse p = {0};
    p.name = path;
    p.diag = diag;
    st = perr(&p, NULL, "could not read (or larger than %zu bytes)",
              TW_MAX_RULE_BYTES);
  } else {
    st = trawl_config_parse(b.data ? b.data : "", b.len, path, out, diag);
  }
  tw_buf_free(&b);
  return st;
}

void trawl_config_free(trawl_config *c) {
  if (!c) {
    return;
  }
  tw_arena_free(&c->arena);
  free(c->sets);
  free(c->principals);
  free(c->windows);
  free(c->scopes);
  free(c);
}
