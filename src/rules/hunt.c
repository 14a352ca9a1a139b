/*
 * rules/hunt.c - trawl_hunt_run: run the enabled rules of a ruleset as
 * Sentinel would schedule them, over log files read once.
 *
 * --now: one scheduled run per rule at that time. Replay: the input is
 * read once into a store (rows that pass each query's filters that do not
 * depend on now()), then each rule runs at every multiple of its
 * queryFrequency from the first kept row until one frequency past the
 * last, each run seeing now() = run time and the rows of its queryPeriod.
 * Alerts are de-duplicated per rule by event id columns (or whole rows)
 * and name the first window that raised them; the configuration's
 * suppressions then apply (filter.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/buf.h"
#include "base/limits.h"
#include "rules/config.h"
#include "rules/hunt_int.h"
#include "rules/regions.h"
#include "rules/rules.h"

/* Columns whose values identify the events behind an alert row. */
static const char *const id_columns[] = {"AwsEventId", "EventDataId",
                                         "EventID", "eventID", NULL};
#define MAX_ID_COLS 4

typedef struct hrule {
  const trawl_rule *rule;
  trawl_query *q;
  const char **names;
  trawl_type *types;
  tw_hunt_cols cols;
  int ids[MAX_ID_COLS];
  size_t nids;
} hrule;

/* A set of strings (alert keys), open addressing. */
typedef struct keyset {
  char **slots;
  size_t cap, n;
} keyset;

static uint64_t hash_bytes(const char *s, size_t n) {
  uint64_t h = 1469598103934665603ull;
  for (size_t i = 0; i < n; i++) {
    h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
  }
  return h;
}

static void keyset_clear(keyset *k) {
  for (size_t i = 0; i < k->cap; i++) {
    free(k->slots[i]);
  }
  free(k->slots);
  memset(k, 0, sizeof *k);
}

/* 1 = added, 0 = already there, -1 = out of memory. */
static int keyset_add(keyset *k, const char *s, size_t n) {
  if ((k->n + 1) * 2 > k->cap) {
    size_t nc = k->cap ? k->cap * 2 : 256;
    char **ns = calloc(nc, sizeof *ns);
    if (!ns) {
      return -1;
    }
    for (size_t i = 0; i < k->cap; i++) {
      if (k->slots[i]) {
        size_t j = hash_bytes(k->slots[i], strlen(k->slots[i])) & (nc - 1);
        while (ns[j]) {
          j = (j + 1) & (nc - 1);
        }
        ns[j] = k->slots[i];
      }
    }
    free(k->slots);
    k->slots = ns;
    k->cap = nc;
  }
  size_t j = hash_bytes(s, n) & (k->cap - 1);
  while (k->slots[j]) {
    if (strlen(k->slots[j]) == n && memcmp(k->slots[j], s, n) == 0) {
      return 0;
    }
    j = (j + 1) & (k->cap - 1);
  }
  char *c = malloc(n + 1);
  if (!c) {
    return -1;
  }
  memcpy(c, s, n);
  c[n] = 0;
  k->slots[j] = c;
  k->n++;
  return 1;
}

typedef struct hunt {
  const trawl_config *cfg;
  trawl_alert_fn cb;
  void *ctx;
  trawl_hunt_summary *sum;
  hrule *cur;
  int64_t wstart, wend;
  keyset seen;
  tw_buf key;
  int stop;
  int nomem;
} hunt;

static trawl_status fail(trawl_diag *diag, trawl_status st, const char *msg,
                         const char *arg) {
  if (diag) {
    memset(diag, 0, sizeof *diag);
    diag->code = st;
    snprintf(diag->message, sizeof diag->message, msg, arg ? arg : "");
  }
  return st;
}

/* The de-duplication key of a row: its event ids, else all its values. */
static int row_key(hunt *h, const trawl_value *row, size_t ncols) {
  hrule *r = h->cur;
  tw_buf_clear(&h->key);
  for (size_t i = 0; i < r->nids; i++) {
    const trawl_value *v = &row[r->ids[i]];
    if (v->type == TRAWL_T_STRING && v->len > 0) {
      if (tw_buf_printf(&h->key, "%zu=", i) ||
          tw_buf_add(&h->key, v->u.s, v->len) || tw_buf_addc(&h->key, 0x1f)) {
        return -1;
      }
    }
  }
  if (h->key.len > 0) {
    return 0;
  }
  for (size_t i = 0; i < ncols; i++) {
    char *j = trawl_value_to_json(&row[i]);
    if (!j) {
      return -1;
    }
    int rc = tw_buf_adds(&h->key, j) || tw_buf_addc(&h->key, 0x1f);
    free(j);
    if (rc) {
      return -1;
    }
  }
  return 0;
}

static int on_row(void *vctx, const trawl_value *row, size_t ncols) {
  hunt *h = vctx;
  hrule *r = h->cur;
  if (row_key(h, row, ncols) != 0) {
    h->nomem = 1;
    return 1;
  }
  int added = keyset_add(&h->seen, h->key.data ? h->key.data : "", h->key.len);
  if (added < 0) {
    h->nomem = 1;
    return 1;
  }
  if (added == 0) {
    return 0;  /* raised by an earlier window */
  }
  if (tw_hunt_suppressed(h->cfg, &r->cols, row, h->wend)) {
    h->sum->suppressed++;
    return 0;
  }
  trawl_alert a;
  a.rule = r->rule;
  a.window_start = h->wstart;
  a.window_end = h->wend;
  a.ncols = ncols;
  a.columns = r->names;
  a.row = row;
  h->sum->alerts++;
  if (h->cb && h->cb(h->ctx, &a)) {
    h->stop = 1;
    return 1;
  }
  return 0;
}

static int rule_enabled(const trawl_rule *r, const trawl_config *cfg) {
  int on = r->enabled;
  for (size_t i = 0; cfg && i < cfg->nenable; i++) {
    if (strcasecmp(cfg->enable[i], r->id) == 0 ||
        strcasecmp(cfg->enable[i], r->name) == 0) {
      on = 1;
    }
  }
  for (size_t i = 0; cfg && i < cfg->ndisable; i++) {
    if (strcasecmp(cfg->disable[i], r->id) == 0 ||
        strcasecmp(cfg->disable[i], r->name) == 0) {
      on = 0;
    }
  }
  return on;
}

static void note(const trawl_hunt_opts *o, const trawl_rule *r,
                 trawl_status st, const char *msg) {
  if (o && o->on_rule) {
    o->on_rule(o->rule_ctx, r->source, r->id, st, msg);
  }
}

/* Compile one rule with the config's and the command line's let values. */
static trawl_status compile_rule(hrule *hr, const trawl_config *cfg,
                                 const trawl_hunt_opts *o, trawl_diag *d) {
  const trawl_rule *r = hr->rule;
  const char *names[2 * TW_MAX_HUNT_SETS], *values[2 * TW_MAX_HUNT_SETS];
  size_t n = 0;
  for (size_t i = 0; cfg && i < cfg->nsets && n < TW_MAX_HUNT_SETS; i++) {
    if (tw_kql_has_let(r->query, r->query_len, cfg->sets[i].name)) {
      names[n] = cfg->sets[i].name;
      values[n++] = cfg->sets[i].value;
    }
  }
  for (size_t i = 0; o && i < o->nsets && n < 2 * TW_MAX_HUNT_SETS; i++) {
    if (!tw_kql_has_let(r->query, r->query_len, o->set_names[i])) {
      continue;
    }
    size_t j = 0;
    while (j < n && strcmp(names[j], o->set_names[i]) != 0) {
      j++;
    }
    names[j] = o->set_names[i];
    values[j] = o->set_values[i];
    if (j == n) {
      n++;
    }
  }
  trawl_compile_opts co = {names, values, n};
  trawl_status st = trawl_query_compile(r->query, r->query_len, &co, &hr->q, d);
  if (st != TRAWL_OK) {
    return st;
  }
  size_t nc = trawl_query_ncolumns(hr->q);
  hr->names = calloc(nc + 1, sizeof *hr->names);
  hr->types = calloc(nc + 1, sizeof *hr->types);
  if (!hr->names || !hr->types) {
    return TRAWL_ERR_NOMEM;
  }
  for (size_t i = 0; i < nc; i++) {
    hr->names[i] = trawl_query_column_name(hr->q, i);
    hr->types[i] = trawl_query_column_type(hr->q, i);
  }
  hr->cols.names = hr->names;
  hr->cols.types = hr->types;
  hr->cols.n = nc;
  tw_hunt_cols_resolve(&hr->cols);
  for (size_t k = 0; id_columns[k] && hr->nids < MAX_ID_COLS; k++) {
    for (size_t i = 0; i < nc; i++) {
      if (strcmp(hr->names[i], id_columns[k]) == 0 &&
          hr->types[i] == TRAWL_T_STRING) {
        hr->ids[hr->nids++] = (int)i;
      }
    }
  }
  return TRAWL_OK;
}

/*
 * --set values of the approved-region lets must name real regions: check
 * every string literal in them against the catalogue. 0 or -1 (diag set).
 */
static int check_region_set(const char *name, const char *value,
                            trawl_diag *diag) {
  int cloud = -1, scoped = 0;
  if (strcmp(name, "ApprovedAWSRegions") == 0 ||
      strcmp(name, "ApprovedAWSRegionsByAccount") == 0) {
    cloud = TW_CLOUD_AWS;
  } else if (strcmp(name, "ApprovedAzureRegions") == 0 ||
             strcmp(name, "ApprovedAzureRegionsBySubscription") == 0) {
    cloud = TW_CLOUD_AZURE;
  }
  if (cloud < 0) {
    return 0;
  }
  scoped = strstr(name, "By") != NULL;
  for (const char *p = value; *p; p++) {
    if (*p != '"' && *p != '\'') {
      continue;
    }
    const char *e = strchr(p + 1, *p);
    if (!e) {
      break;
    }
    char reg[128];
    size_t n = (size_t)(e - p - 1);
    const char *start = p + 1;
    if (scoped) {  /* "ACCOUNT:region" */
      const char *colon = memchr(start, ':', n);
      if (colon) {
        n -= (size_t)(colon + 1 - start);
        start = colon + 1;
      }
    }
    if (n > 0 && n < sizeof reg) {
      memcpy(reg, start, n);
      reg[n] = 0;
      const tw_region *r = tw_region_find((tw_cloud)cloud, reg);
      if (r && strcmp(r->name, reg) != 0) {
        char msg[300];
        snprintf(msg, sizeof msg,
                 "--set %s: write region '%s' as its code '%s' (rules "
                 "compare codes)", name, reg, r->name);
        fail(diag, TRAWL_ERR_USAGE, "%s", msg);
        return -1;
      }
      if (!r) {
        const char *sug = tw_region_suggest((tw_cloud)cloud, reg);
        char msg[300];
        snprintf(msg, sizeof msg,
                 "--set %s: unknown %s region '%s'%s%s%s", name,
                 cloud == TW_CLOUD_AWS ? "AWS" : "Azure", reg,
                 sug ? " (did you mean '" : "", sug ? sug : "",
                 sug ? "'?)" : "");
        fail(diag, TRAWL_ERR_USAGE, "%s", msg);
        return -1;
      }
    }
    p = e;
  }
  return 0;
}

static int64_t floor_div(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* One scheduled run of the current rule at `now`. */
static trawl_status run_once(hunt *h, const trawl_store *store,
                             const char *const *paths, size_t npaths,
                             const trawl_hunt_opts *o, int64_t now,
                             trawl_summary *insum, trawl_diag *d) {
  hrule *r = h->cur;
  trawl_run_opts ro;
  memset(&ro, 0, sizeof ro);
  ro.now = now;
  ro.has_now = 1;
  ro.window_start = now - r->rule->query_period;
  ro.window_end = now;
  ro.has_window = 1;
  h->wstart = ro.window_start;
  h->wend = now;
  h->sum->runs++;
  if (store) {
    return trawl_query_run_store(r->q, store, &ro, on_row, h, d);
  }
  return trawl_query_run(r->q, paths, npaths, &o->input, &ro, on_row, h,
                         insum, d);
}

static int cmp_i64(const void *a, const void *b) {
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return x < y ? -1 : x > y;
}

/* The first multiple of f at or after t. */
static int64_t ceil_mul(int64_t t, int64_t f) {
  int64_t m = floor_div(t, f) * f;
  return m < t ? m + f : m;
}

static trawl_status replay_rule(hunt *h, const trawl_store *store,
                                const trawl_hunt_opts *o, int64_t min,
                                int64_t max, trawl_diag *d) {
  const trawl_rule *rule = h->cur->rule;
  int64_t f = rule->query_frequency, p = rule->query_period;
  int64_t *times = NULL;
  size_t nt = 0, ti = 0;
  if (trawl_store_times(store, h->cur->q, &times, &nt) == TRAWL_OK) {
    if (nt == 0) {
      free(times);
      return TRAWL_OK;  /* nothing kept for this rule: no run can see rows */
    }
    qsort(times, nt, sizeof *times, cmp_i64);
    min = times[0];
    max = times[nt - 1];
  } else {
    times = NULL;
    nt = 0;
  }
  int64_t first = ceil_mul(min, f);
  int64_t last = floor_div(max + f, f) * f;
  uint64_t total = (uint64_t)((last - first) / f) + 1;
  uint64_t busy = total;  /* runs whose window can hold rows */
  if (times && (uint64_t)(p / f + 1) <= UINT64_MAX / nt &&
      nt * (uint64_t)(p / f + 1) < busy) {
    busy = nt * (uint64_t)(p / f + 1);
  }
  if (busy > TW_MAX_HUNT_RUNS) {
    free(times);
    char msg[160];
    snprintf(msg, sizeof msg,
             "%llu scheduled runs needed (queryFrequency too short for the "
             "input's time span; limit %d): skipped",
             (unsigned long long)busy, TW_MAX_HUNT_RUNS);
    note(o, rule, TRAWL_ERR_LIMIT, msg);
    return TRAWL_ERR_LIMIT;
  }
  uint64_t done = 0;
  for (int64_t t = first; t <= last && !h->stop; t += f) {
    if (times) {
      /* Skip to the first run whose window (t - p, t] holds a kept row. */
      while (ti < nt && times[ti] <= t - p) {
        ti++;
      }
      if (ti == nt) {
        break;
      }
      if (times[ti] > t) {
        int64_t next = ceil_mul(times[ti], f);
        done += (uint64_t)((next - t) / f);
        t = next;
        if (t > last) {
          break;
        }
      }
    }
    trawl_status st = run_once(h, store, NULL, 0, o, t, NULL, d);
    if (h->nomem || (st != TRAWL_OK && !h->stop)) {
      free(times);
      return h->nomem ? TRAWL_ERR_NOMEM : st;
    }
    done++;
    if (o->on_progress) {
      o->on_progress(o->progress_ctx, rule, done, total);
    }
  }
  free(times);
  return TRAWL_OK;
}

static int discard_row(void *ctx, const trawl_value *row, size_t ncols) {
  (void)ctx, (void)row, (void)ncols;
  return 1;
}

static void add_summary(trawl_summary *a, const trawl_summary *b) {
  if (b->files > a->files || b->records > a->records) {
    *a = *b;  /* the same input read again: keep one copy */
  }
}

trawl_status trawl_hunt_run(const trawl_ruleset *rs, const trawl_config *cfg,
                            const char *const *paths, size_t npaths,
                            const trawl_hunt_opts *opts, trawl_alert_fn cb,
                            void *ctx, trawl_hunt_summary *sum,
                            trawl_diag *diag) {
  trawl_hunt_summary local;
  trawl_hunt_opts noopts;
  if (!sum) {
    sum = &local;
  }
  memset(sum, 0, sizeof *sum);
  if (!opts) {
    memset(&noopts, 0, sizeof noopts);
    opts = &noopts;
  }
  if (!rs) {
    return fail(diag, TRAWL_ERR_USAGE, "no ruleset%s", NULL);
  }
  size_t nr = trawl_ruleset_count(rs);
  /* Names the configuration enables or disables must exist. */
  for (int pass = 0; cfg && pass < 2; pass++) {
    const char **l = pass ? cfg->disable : cfg->enable;
    size_t n = pass ? cfg->ndisable : cfg->nenable;
    for (size_t i = 0; i < n; i++) {
      if (trawl_ruleset_find(rs, l[i]) < 0) {
        return fail(diag, TRAWL_ERR_USAGE,
                    "config: rules: no rule named '%s'", l[i]);
      }
    }
  }
  hrule *hr = calloc(nr + 1, sizeof *hr);
  if (!hr) {
    return fail(diag, TRAWL_ERR_NOMEM, "out of memory%s", NULL);
  }
  size_t n = 0;
  for (size_t i = 0; i < nr; i++) {
    const trawl_rule *r = trawl_ruleset_rule(rs, i);
    if (rule_enabled(r, cfg)) {
      hr[n++].rule = r;
    }
  }
  trawl_status st = TRAWL_OK;
  /* Every --set must name a let of some enabled rule. */
  for (size_t s = 0; s < opts->nsets && st == TRAWL_OK; s++) {
    int found = 0;
    for (size_t i = 0; i < n && !found; i++) {
      found = tw_kql_has_let(hr[i].rule->query, hr[i].rule->query_len,
                             opts->set_names[s]);
    }
    if (!found) {
      st = fail(diag, TRAWL_ERR_USAGE,
                "--set %s: no enabled rule has a top-level let of that name",
                opts->set_names[s]);
    } else if (check_region_set(opts->set_names[s], opts->set_values[s],
                                diag) != 0) {
      st = TRAWL_ERR_USAGE;
    }
  }
  /* Compile; rules that do not compile are noted and skipped. */
  trawl_query **qs = calloc(n + 1, sizeof *qs);
  size_t nq = 0;
  if (!qs && st == TRAWL_OK) {
    st = fail(diag, TRAWL_ERR_NOMEM, "out of memory%s", NULL);
  }
  for (size_t i = 0; i < n && st == TRAWL_OK; i++) {
    trawl_diag d;
    memset(&d, 0, sizeof d);
    trawl_status cs = compile_rule(&hr[i], cfg, opts, &d);
    if (cs == TRAWL_ERR_NOMEM) {
      st = fail(diag, cs, "out of memory%s", NULL);
    } else if (cs != TRAWL_OK) {
      char msg[600];
      snprintf(msg, sizeof msg, "%s: %s", trawl_status_name(cs), d.message);
      note(opts, hr[i].rule, cs, msg);
      sum->rules_skipped++;
      trawl_query_free(hr[i].q);
      hr[i].q = NULL;
    } else {
      qs[nq++] = hr[i].q;
    }
  }
  hunt h;
  memset(&h, 0, sizeof h);
  h.cfg = cfg;
  h.cb = cb;
  h.ctx = ctx;
  h.sum = sum;
  tw_buf_init(&h.key, 1 << 24);
  /* Rules run in groups that share one store (one read of the input):
   * the reader serves a bounded number of scans per table. */
  size_t gi = 0;
  int first_read = 1;
  while (gi < n && st == TRAWL_OK && !h.stop) {
    trawl_query *gq[TW_HUNT_STORE_QUERIES];
    size_t gn = 0, gj = gi;
    while (gj < n && (gn < TW_HUNT_STORE_QUERIES || !hr[gj].q)) {
      if (hr[gj].q) {
        gq[gn++] = hr[gj].q;
      }
      gj++;
    }
    trawl_store *store = NULL;
    int use_store = 0;
    if (gn > 0 && (!opts->has_now || nq > 1)) {
      trawl_diag d;
      trawl_summary again;
      trawl_input_opts in = opts->input;
      memset(&d, 0, sizeof d);
      if (!first_read) {
        in.on_event = NULL;  /* reported by the first read */
      }
      trawl_status cs = trawl_store_collect(
          gq, gn, paths, npaths, &in, &store,
          first_read ? &sum->input : &again, &d);
      first_read = 0;
      if (cs == TRAWL_OK) {
        use_store = 1;
      } else if (cs == TRAWL_ERR_UNSUPPORTED && opts->has_now) {
        use_store = 0;  /* read the input once per rule instead */
      } else {
        st = cs;
        if (diag) {
          *diag = d;
        }
      }
    }
    int64_t min = 0, max = 0;
    int have_rows = use_store && trawl_store_time_range(store, &min, &max);
    for (size_t i = gi; i < gj && st == TRAWL_OK && !h.stop; i++) {
      if (!hr[i].q) {
        continue;
      }
      h.cur = &hr[i];
      keyset_clear(&h.seen);
      trawl_diag d;
      memset(&d, 0, sizeof d);
      trawl_status rs_st = TRAWL_OK;
      if (opts->has_now) {
        trawl_summary in;
        memset(&in, 0, sizeof in);
        rs_st = run_once(&h, use_store ? store : NULL, paths, npaths, opts,
                         opts->now, &in, &d);
        if (!use_store) {
          add_summary(&sum->input, &in);
        }
      } else if (have_rows) {
        rs_st = replay_rule(&h, store, opts, min, max, &d);
      } else if (use_store) {
        /* No rows kept at all: one run whose rows are ignored still tells
         * whether the rule can run. */
        trawl_run_opts ro;
        memset(&ro, 0, sizeof ro);
        ro.has_now = 1;
        rs_st = trawl_query_run_store(hr[i].q, store, &ro, discard_row, NULL,
                                      &d);
      }
      if (h.nomem || rs_st == TRAWL_ERR_NOMEM) {
        st = fail(diag, TRAWL_ERR_NOMEM, "out of memory%s", NULL);
      } else if (rs_st == TRAWL_ERR_IO && !use_store) {
        st = rs_st;
        if (diag) {
          *diag = d;
        }
      } else if (rs_st != TRAWL_OK && !h.stop) {
        if (rs_st != TRAWL_ERR_LIMIT || d.message[0]) {
          char msg[600];
          snprintf(msg, sizeof msg, "%s: %s", trawl_status_name(rs_st),
                   d.message);
          note(opts, hr[i].rule, rs_st, msg);
        }
        sum->rules_skipped++;
      } else {
        sum->rules_run++;
      }
    }
    trawl_store_free(store);
    gi = gj;
  }
  keyset_clear(&h.seen);
  tw_buf_free(&h.key);
  for (size_t i = 0; i < n; i++) {
    trawl_query_free(hr[i].q);
    free(hr[i].names);
    free(hr[i].types);
  }
  free(hr);
  free(qs);
  return st;
}
