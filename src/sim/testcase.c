/*
 * sim/testcase.c - trawl_test_run: load rule test cases (YAML, one case
 * per document, docs/testing.md), run each through trawl_hunt_run with its
 * rule, config, time and inputs, and report pass or fail with a diff.
 *
 * Inline `events` are written to a private temporary folder in native
 * form (CloudTrail `{"Records":[...]}`, Azure storage-export lines) so the
 * reader sees exactly what a cloud would deliver.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <yaml.h>

#include "base/buf.h"
#include "base/limits.h"
#include "rules/yamldoc.h"
#include "sim/testcase.h"
#include "trawl.h"

typedef struct tc_env {
  const trawl_test_opts *o;
  trawl_case_fn cb;
  void *ctx;
  trawl_test_summary *sum;
  int stop;
} tc_env;

/* ------------------------------------------------------------- helpers */

static char *xstrdup(const char *s, size_t n) {
  char *p = malloc(n + 1);
  if (p) {
    memcpy(p, s, n);
    p[n] = '\0';
  }
  return p;
}

static int read_file(const char *path, tw_buf *b) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    return -1;
  }
  char tmp[65536];
  size_t n;
  int rc = 0;
  while ((n = fread(tmp, 1, sizeof tmp, f)) > 0) {
    if (tw_buf_add(b, tmp, n) != 0) {
      rc = -1;
      break;
    }
  }
  if (ferror(f)) {
    rc = -1;
  }
  fclose(f);
  return rc;
}

/* `rel` relative to the folder of `file` (absolute paths stay). */
static void resolve(tw_buf *out, const char *file, const char *rel) {
  tw_buf_clear(out);
  if (rel[0] == '/') {
    tw_buf_adds(out, rel);
    return;
  }
  const char *slash = strrchr(file, '/');
  if (slash) {
    tw_buf_add(out, file, (size_t)(slash - file + 1));
  }
  tw_buf_adds(out, rel);
}

static int has_suffix(const char *s, const char *suf) {
  size_t n = strlen(s), k = strlen(suf);
  return n >= k && strcmp(s + n - k, suf) == 0;
}

static int looks_like_path(const char *s) {
  return strchr(s, '/') || has_suffix(s, ".yaml") || has_suffix(s, ".yml");
}

/* ------------------------------------------------------ alert capture */

typedef struct run_ctx {
  tw_tc_alert *a;
  size_t n, cap;
  int overflow;
  tw_buf notes;
} run_ctx;

static char *cell_text(const trawl_value *v) {
  if (v->type == TRAWL_T_STRING) {
    return xstrdup(v->u.s ? v->u.s : "", v->u.s ? v->len : 0);
  }
  char *j = trawl_value_to_json(v);
  if (!j) {
    return NULL;
  }
  size_t n = strlen(j);
  if (n >= 2 && j[0] == '"' && j[n - 1] == '"') {
    memmove(j, j + 1, n - 2);
    j[n - 2] = '\0';
  }
  return j;
}

static void alert_free(tw_tc_alert *a) {
  free(a->rule);
  free(a->window_end);
  for (size_t i = 0; i < a->n; i++) {
    free(a->cols ? a->cols[i] : NULL);
    free(a->vals ? a->vals[i] : NULL);
  }
  free(a->cols);
  free(a->vals);
}

static int on_alert(void *ctx, const trawl_alert *al) {
  run_ctx *rc = ctx;
  if (rc->n >= TW_TEST_MAX_ALERTS) {
    rc->overflow = 1;
    return 1;
  }
  if (rc->n == rc->cap) {
    size_t cap = rc->cap ? rc->cap * 2 : 16;
    tw_tc_alert *na = realloc(rc->a, cap * sizeof *na);
    if (!na) {
      rc->overflow = 1;
      return 1;
    }
    rc->a = na;
    rc->cap = cap;
  }
  tw_tc_alert *a = &rc->a[rc->n++];
  memset(a, 0, sizeof *a);
  char iso[32];
  trawl_format_datetime(al->window_end, iso);
  a->rule = xstrdup(al->rule->id, strlen(al->rule->id));
  a->window_end = xstrdup(iso, strlen(iso));
  a->cols = calloc(al->ncols ? al->ncols : 1, sizeof *a->cols);
  a->vals = calloc(al->ncols ? al->ncols : 1, sizeof *a->vals);
  if (!a->cols || !a->vals || !a->rule || !a->window_end) {
    rc->overflow = 1;
    return 1;
  }
  a->n = al->ncols;
  for (size_t i = 0; i < al->ncols; i++) {
    a->cols[i] = xstrdup(al->columns[i], strlen(al->columns[i]));
    a->vals[i] = cell_text(&al->row[i]);
    if (!a->cols[i] || !a->vals[i]) {
      rc->overflow = 1;
      return 1;
    }
  }
  return 0;
}

static void on_rule_note(void *ctx, const char *source, const char *rule_id,
                         trawl_status code, const char *message) {
  run_ctx *rc = ctx;
  const char *why = message && message[0] ? message : trawl_status_name(code);
  tw_buf_printf(&rc->notes, "%srule %s (%s) did not run: %s",
                rc->notes.len ? "; " : "",
                rule_id && rule_id[0] ? rule_id : "?", source ? source : "?",
                why);
}

/* ------------------------------------------------------ expectations */

static void patterns_free(tw_tc_pattern *p, size_t n) {
  for (size_t i = 0; i < n; i++) {
    for (size_t k = 0; k < p[i].n; k++) {
      free(p[i].fields[k]);
      free(p[i].values[k]);
    }
    free(p[i].fields);
    free(p[i].values);
  }
  free(p);
}

/* A sequence of {field: scalar} mappings. 0, or -1 with err filled. */
static int load_patterns(yaml_document_t *doc, yaml_node_t *seq,
                         const char *what, tw_tc_pattern **out, size_t *nout,
                         tw_buf *err) {
  *out = NULL;
  *nout = 0;
  if (!seq) {
    return 0;
  }
  if (seq->type != YAML_SEQUENCE_NODE) {
    tw_buf_printf(err, "line %zu: expect.%s must be a list of {field: value}"
                       " mappings",
                  tw_yaml_line(seq), what);
    return -1;
  }
  size_t n = (size_t)(seq->data.sequence.items.top -
                      seq->data.sequence.items.start);
  tw_tc_pattern *p = calloc(n ? n : 1, sizeof *p);
  if (!p) {
    return -1;
  }
  *out = p;
  for (size_t i = 0; i < n; i++) {
    yaml_node_t *m =
        yaml_document_get_node(doc, seq->data.sequence.items.start[i]);
    *nout = i + 1;
    p[i].line = tw_yaml_line(m);
    if (!m || m->type != YAML_MAPPING_NODE) {
      tw_buf_printf(err, "line %zu: each expect.%s entry is a mapping of "
                         "result columns to values",
                    tw_yaml_line(m), what);
      return -1;
    }
    size_t k = (size_t)(m->data.mapping.pairs.top -
                        m->data.mapping.pairs.start);
    p[i].fields = calloc(k ? k : 1, sizeof(char *));
    p[i].values = calloc(k ? k : 1, sizeof(char *));
    if (!p[i].fields || !p[i].values) {
      return -1;
    }
    for (size_t j = 0; j < k; j++) {
      yaml_node_pair_t *pr = &m->data.mapping.pairs.start[j];
      const char *ks = tw_yaml_str(yaml_document_get_node(doc, pr->key));
      yaml_node_t *vn = yaml_document_get_node(doc, pr->value);
      const char *vs = tw_yaml_str(vn);
      if (!ks || !vs) {
        tw_buf_printf(err, "line %zu: expect.%s values must be scalars "
                           "(compared with the alert's text)",
                      tw_yaml_line(vn), what);
        return -1;
      }
      p[i].fields[j] = xstrdup(ks, strlen(ks));
      p[i].values[j] = xstrdup(vs, strlen(vs));
      p[i].n = j + 1;
      if (!p[i].fields[j] || !p[i].values[j]) {
        return -1;
      }
    }
  }
  return 0;
}

/* ------------------------------------------------------- inline events */

static int is_aws_event(yaml_document_t *doc, yaml_node_t *m) {
  /* Not eventName: Azure's REST records have an eventName object too. */
  return tw_yaml_get(doc, m, "eventVersion") ||
         tw_yaml_get(doc, m, "eventSource");
}

static int write_text(const char *path, const char *s, size_t n) {
  FILE *f = fopen(path, "wb");
  if (!f) {
    return -1;
  }
  int bad = fwrite(s, 1, n, f) != n;
  bad |= fclose(f) != 0;
  return bad ? -1 : 0;
}

/* Write `events` under dir; paths of the files written go to files[]. */
static int write_events(yaml_document_t *doc, yaml_node_t *ev,
                        const char *dir, char files[2][600], size_t *nfiles,
                        tw_buf *err) {
  tw_buf aws, az;
  tw_buf_init(&aws, TW_MAX_RECORD_BYTES);
  tw_buf_init(&az, TW_MAX_RECORD_BYTES);
  int rc = 0;
  *nfiles = 0;
  if (ev->type == YAML_SCALAR_NODE) {
    snprintf(files[0], 600, "%s/events.json", dir);
    rc = write_text(files[0], (const char *)ev->data.scalar.value,
                    ev->data.scalar.length);
    *nfiles = 1;
    if (rc) {
      tw_buf_printf(err, "cannot write %s: %s", files[0], strerror(errno));
    }
    return rc;
  }
  if (ev->type != YAML_SEQUENCE_NODE) {
    tw_buf_printf(err, "line %zu: `events` is a list of native records or a "
                       "block of native text",
                  tw_yaml_line(ev));
    return -1;
  }
  size_t naws = 0;
  tw_buf_adds(&aws, "{\"Records\":[");
  for (yaml_node_item_t *it = ev->data.sequence.items.start;
       it < ev->data.sequence.items.top && rc == 0; it++) {
    yaml_node_t *m = yaml_document_get_node(doc, *it);
    if (!m || m->type != YAML_MAPPING_NODE) {
      tw_buf_printf(err, "line %zu: each event is a mapping (a CloudTrail "
                         "or Azure Activity record)",
                    tw_yaml_line(m));
      rc = -1;
      break;
    }
    if (is_aws_event(doc, m)) {
      if ((naws++ && tw_buf_addc(&aws, ',')) ||
          tw_yaml_to_json(doc, m, &aws, 0)) {
        rc = -1;
      }
    } else if (tw_yaml_to_json(doc, m, &az, 0) || tw_buf_addc(&az, '\n')) {
      rc = -1;
    }
    if (rc) {
      tw_buf_printf(err, "line %zu: event too large or too deep",
                    tw_yaml_line(m));
    }
  }
  tw_buf_adds(&aws, "]}");
  if (rc == 0 && naws) {
    snprintf(files[*nfiles], 600, "%s/cloudtrail.json", dir);
    rc = write_text(files[*nfiles], aws.data, aws.len);
    ++*nfiles;
  }
  if (rc == 0 && az.len) {
    snprintf(files[*nfiles], 600, "%s/PT1H.json", dir);
    rc = write_text(files[*nfiles], az.data, az.len);
    ++*nfiles;
  }
  if (rc && !err->len) {
    tw_buf_printf(err, "cannot write inline events: %s", strerror(errno));
  }
  tw_buf_free(&aws);
  tw_buf_free(&az);
  return rc;
}

/* ------------------------------------------------------------ one case */

static const char *const case_keys[] = {
    "name",   "description", "rule",   "config", "set", "now",
    "replay", "inputs",      "events", "expect", NULL};

typedef struct case_run {
  const char *file;
  yaml_document_t *doc;
  yaml_node_t *root;
  const char *text;  /* the case file's text */
  size_t text_len;
  tw_buf err;       /* why the case could not run */
  tw_buf detail;    /* the diff */
  trawl_ruleset *rs, *own;
  trawl_config *cfg;
  const char **set_names, **set_values;
  size_t nsets;
  char **paths;
  size_t npaths;
  char tmpdir[512];
  char evfiles[2][600];
  size_t nev;
  run_ctx rc;
  tw_tc_expect ex;
} case_run;

static int cerr(case_run *c, const yaml_node_t *n, const char *msg) {
  if (n) {
    tw_buf_printf(&c->err, "line %zu: ", tw_yaml_line(n));
  }
  tw_buf_adds(&c->err, msg);
  return -1;
}

static int add_path(case_run *c, const char *p) {
  char **np = realloc(c->paths, (c->npaths + 1) * sizeof *np);
  if (!np) {
    return -1;
  }
  c->paths = np;
  c->paths[c->npaths] = xstrdup(p, strlen(p));
  return c->paths[c->npaths++] ? 0 : -1;
}

/* Choose the rules: a rule file, an id from --rules, or a built-in id. */
static int pick_rule(case_run *c, const tc_env *env) {
  yaml_node_t *rn = tw_yaml_get(c->doc, c->root, "rule");
  const char *rule = tw_yaml_str(rn);
  trawl_diag d;
  memset(&d, 0, sizeof d);
  if (rn && !rule) {
    return cerr(c, rn, "`rule` is a built-in rule id or a rule file");
  }
  if (rule && looks_like_path(rule)) {
    tw_buf p;
    tw_buf_init(&p, 0);
    resolve(&p, c->file, rule);
    c->own = trawl_ruleset_new();
    trawl_status st = c->own ? trawl_ruleset_load(c->own, p.data, NULL, NULL,
                                                  &d)
                             : TRAWL_ERR_NOMEM;
    tw_buf_free(&p);
    if (st != TRAWL_OK) {
      tw_buf_printf(&c->err, "rule %s: %s", rule, d.message);
      return -1;
    }
    for (size_t i = 0; i < trawl_ruleset_count(c->own); i++) {
      trawl_ruleset_set_enabled(c->own, i, 1);
    }
    c->rs = c->own;
    return 0;
  }
  if (rule && env->o && env->o->nrule_paths) {
    c->own = trawl_ruleset_new();
    if (!c->own) {
      return cerr(c, NULL, "out of memory");
    }
    for (size_t i = 0; i < env->o->nrule_paths; i++) {
      if (trawl_ruleset_load(c->own, env->o->rule_paths[i], NULL, NULL, &d) !=
          TRAWL_OK) {
        tw_buf_printf(&c->err, "--rules %s: %s", env->o->rule_paths[i],
                      d.message);
        return -1;
      }
    }
    long k = trawl_ruleset_find(c->own, rule);
    if (k >= 0) {
      for (size_t i = 0; i < trawl_ruleset_count(c->own); i++) {
        trawl_ruleset_set_enabled(c->own, i, (long)i == k);
      }
      c->rs = c->own;
      return 0;
    }
  }
  c->rs = trawl_ruleset_builtin();
  if (!c->rs) {
    return cerr(c, NULL, "out of memory");
  }
  if (!rule) {
    return 0; /* the default pack, as `trawl hunt` runs it */
  }
  long k = trawl_ruleset_find(c->rs, rule);
  if (k < 0) {
    tw_buf_printf(&c->err, "line %zu: no built-in rule '%s' (built-in:",
                  tw_yaml_line(rn), rule);
    for (size_t i = 0; i < trawl_ruleset_count(c->rs); i++) {
      tw_buf_printf(&c->err, " %s", trawl_ruleset_rule(c->rs, i)->id);
    }
    tw_buf_adds(&c->err, ")");
    return -1;
  }
  for (size_t i = 0; i < trawl_ruleset_count(c->rs); i++) {
    trawl_ruleset_set_enabled(c->rs, i, (long)i == k);
  }
  return 0;
}

static int load_config(case_run *c) {
  yaml_node_t *cn = tw_yaml_get(c->doc, c->root, "config");
  trawl_diag d;
  memset(&d, 0, sizeof d);
  if (!cn) {
    return 0;
  }
  trawl_status st;
  if (cn->type == YAML_SCALAR_NODE) {
    tw_buf p;
    tw_buf_init(&p, 0);
    resolve(&p, c->file, tw_yaml_str(cn));
    st = trawl_config_load(p.data, &c->cfg, &d);
    tw_buf_free(&p);
  } else {
    /* Hand the loader the mapping's own text, padded with the lines and
     * columns before it, so its messages point into the case file. */
    tw_buf j;
    tw_buf_init(&j, TW_TEST_MAX_FILE);
    size_t from = cn->start_mark.index, to = cn->end_mark.index;
    int bad = from > to || to > c->text_len;
    for (size_t i = 0; !bad && i < cn->start_mark.line; i++) {
      bad |= tw_buf_addc(&j, '\n') != 0;
    }
    for (size_t i = 0; !bad && i < cn->start_mark.column; i++) {
      bad |= tw_buf_addc(&j, ' ') != 0;
    }
    bad = bad || tw_buf_add(&j, c->text + from, to - from) != 0;
    st = bad ? TRAWL_ERR_LIMIT
             : trawl_config_parse(j.data, j.len, c->file, &c->cfg, &d);
    tw_buf_free(&j);
  }
  if (st != TRAWL_OK) {
    tw_buf_printf(&c->err, "config: %s", d.message);
    return -1;
  }
  return 0;
}

static int load_sets(case_run *c) {
  yaml_node_t *sn = tw_yaml_get(c->doc, c->root, "set");
  if (!sn) {
    return 0;
  }
  if (sn->type != YAML_MAPPING_NODE) {
    return cerr(c, sn, "`set` maps let names to KQL values");
  }
  size_t n = (size_t)(sn->data.mapping.pairs.top - sn->data.mapping.pairs.start);
  c->set_names = calloc(n ? n : 1, sizeof(char *));
  c->set_values = calloc(n ? n : 1, sizeof(char *));
  if (!c->set_names || !c->set_values) {
    return cerr(c, NULL, "out of memory");
  }
  for (size_t i = 0; i < n; i++) {
    yaml_node_pair_t *pr = &sn->data.mapping.pairs.start[i];
    c->set_names[i] = tw_yaml_str(yaml_document_get_node(c->doc, pr->key));
    c->set_values[i] = tw_yaml_str(yaml_document_get_node(c->doc, pr->value));
    if (!c->set_names[i] || !c->set_values[i]) {
      return cerr(c, sn, "`set` values are KQL literal text");
    }
  }
  c->nsets = n;
  return 0;
}

static int load_inputs(case_run *c) {
  yaml_node_t *in = tw_yaml_get(c->doc, c->root, "inputs");
  yaml_node_t *ev = tw_yaml_get(c->doc, c->root, "events");
  tw_buf p;
  tw_buf_init(&p, 0);
  int rc = 0;
  if (in) {
    yaml_node_item_t one = 0;
    yaml_node_item_t *b = &one, *e = &one;
    if (in->type == YAML_SEQUENCE_NODE) {
      b = in->data.sequence.items.start;
      e = in->data.sequence.items.top;
    } else if (in->type == YAML_SCALAR_NODE) {
      e = b + 1;
    } else {
      rc = cerr(c, in, "`inputs` is a file or folder, or a list of them");
    }
    for (yaml_node_item_t *it = b; it < e && rc == 0; it++) {
      yaml_node_t *n = it == &one ? in : yaml_document_get_node(c->doc, *it);
      const char *s = tw_yaml_str(n);
      struct stat stt;
      if (!s) {
        rc = cerr(c, n, "each input is a path");
        break;
      }
      resolve(&p, c->file, s);
      if (stat(p.data, &stt) != 0) {
        tw_buf_printf(&c->err, "line %zu: input %s: %s", tw_yaml_line(n),
                      p.data, strerror(errno));
        rc = -1;
        break;
      }
      rc = add_path(c, p.data);
    }
  }
  if (rc == 0 && ev) {
    const char *tmp = getenv("TMPDIR");
    snprintf(c->tmpdir, sizeof c->tmpdir, "%s/trawl-test-XXXXXX",
             tmp && tmp[0] ? tmp : "/tmp");
    if (!mkdtemp(c->tmpdir)) {
      tw_buf_printf(&c->err, "cannot create a temporary folder: %s",
                    strerror(errno));
      c->tmpdir[0] = '\0';
      rc = -1;
    } else {
      rc = write_events(c->doc, ev, c->tmpdir, c->evfiles, &c->nev, &c->err);
      for (size_t i = 0; i < c->nev && rc == 0; i++) {
        rc = add_path(c, c->evfiles[i]);
      }
    }
  }
  if (rc == 0 && c->npaths == 0) {
    rc = cerr(c, c->root, "the case has no `inputs` and no `events`");
  }
  tw_buf_free(&p);
  return rc;
}

static int load_expect(case_run *c) {
  yaml_node_t *en = tw_yaml_get(c->doc, c->root, "expect");
  c->ex.alerts = -1;
  if (!en || en->type != YAML_MAPPING_NODE) {
    return cerr(c, en ? en : c->root,
                "`expect` (alerts, match, none) is required");
  }
  yaml_node_t *an = tw_yaml_get(c->doc, en, "alerts");
  if (an) {
    const char *s = tw_yaml_str(an);
    char *end = NULL;
    long v = s ? strtol(s, &end, 10) : -1;
    if (!s || !*s || *end || v < 0) {
      return cerr(c, an, "expect.alerts is a count (0 or more)");
    }
    c->ex.alerts = v;
  }
  if (load_patterns(c->doc, tw_yaml_get(c->doc, en, "match"), "match",
                    &c->ex.match, &c->ex.nmatch, &c->err) ||
      load_patterns(c->doc, tw_yaml_get(c->doc, en, "none"), "none",
                    &c->ex.none, &c->ex.nnone, &c->err)) {
    if (!c->err.len) {
      cerr(c, en, "out of memory");
    }
    return -1;
  }
  return 0;
}

static void remove_tmp(case_run *c) {
  for (size_t i = 0; i < c->nev; i++) {
    unlink(c->evfiles[i]);
  }
  if (c->tmpdir[0]) {
    rmdir(c->tmpdir);
  }
}

static double now_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void run_case(tc_env *env, const char *file, const tw_buf *text,
                     yaml_document_t *doc, yaml_node_t *root, int index) {
  case_run c;
  memset(&c, 0, sizeof c);
  c.file = file;
  c.doc = doc;
  c.root = root;
  c.text = text->data ? text->data : "";
  c.text_len = text->len;
  tw_buf_init(&c.err, 0);
  tw_buf_init(&c.detail, 0);
  tw_buf_init(&c.rc.notes, 0);
  double t0 = now_seconds();
  char fallback[600];
  const char *base = strrchr(file, '/');
  snprintf(fallback, sizeof fallback, "%s#%d", base ? base + 1 : file, index);
  const char *name = tw_yaml_str(tw_yaml_get(doc, root, "name"));
  if (!name || !name[0]) {
    name = fallback;
  }
  if (env->o && env->o->filter && !strstr(name, env->o->filter)) {
    tw_buf_free(&c.err);
    tw_buf_free(&c.detail);
    tw_buf_free(&c.rc.notes);
    return;
  }
  int rc = 0;
  for (yaml_node_pair_t *pr = root->data.mapping.pairs.start;
       pr < root->data.mapping.pairs.top && rc == 0; pr++) {
    yaml_node_t *k = yaml_document_get_node(doc, pr->key);
    const char *ks = tw_yaml_str(k);
    int ok = 0;
    for (size_t i = 0; ks && case_keys[i]; i++) {
      ok |= strcmp(ks, case_keys[i]) == 0;
    }
    if (!ok) {
      tw_buf_printf(&c.err, "line %zu: unknown key '%s' (known: name, "
                            "description, rule, config, set, now, replay, "
                            "inputs, events, expect)",
                    tw_yaml_line(k), ks ? ks : "?");
      rc = -1;
    }
  }
  trawl_hunt_opts ho;
  memset(&ho, 0, sizeof ho);
  yaml_node_t *nn = tw_yaml_get(doc, root, "now");
  yaml_node_t *rp = tw_yaml_get(doc, root, "replay");
  if (rc == 0 && nn) {
    const char *s = tw_yaml_str(nn);
    if (!s || trawl_parse_datetime(s, strlen(s), &ho.now) != 0) {
      rc = cerr(&c, nn, "`now` is an ISO 8601 time (2026-03-02T15:00:00Z)");
    } else if (rp && tw_yaml_bool(rp) == 1) {
      rc = cerr(&c, rp, "give `now` (one run) or `replay: true`, not both");
    }
    ho.has_now = 1;
  }
  if (rc == 0 && rp && tw_yaml_bool(rp) < 0) {
    rc = cerr(&c, rp, "`replay` is true or false");
  }
  if (rc == 0) {
    rc = load_expect(&c);
  }
  if (rc == 0) {
    rc = pick_rule(&c, env);
  }
  if (rc == 0) {
    rc = load_config(&c);
  }
  if (rc == 0) {
    rc = load_sets(&c);
  }
  if (rc == 0) {
    rc = load_inputs(&c);
  }
  trawl_hunt_summary hs;
  memset(&hs, 0, sizeof hs);
  if (rc == 0) {
    trawl_diag d;
    memset(&d, 0, sizeof d);
    ho.set_names = c.set_names;
    ho.set_values = c.set_values;
    ho.nsets = c.nsets;
    ho.on_rule = on_rule_note;
    ho.rule_ctx = &c.rc;
    trawl_status st =
        trawl_hunt_run(c.rs, c.cfg, (const char *const *)c.paths, c.npaths,
                       &ho, on_alert, &c.rc, &hs, &d);
    if (st != TRAWL_OK) {
      tw_buf_printf(&c.err, "hunt: %s: %s", trawl_status_name(st), d.message);
      rc = -1;
    } else if (c.rc.notes.len) {
      tw_buf_add(&c.err, c.rc.notes.data, c.rc.notes.len);
      rc = -1;
    } else if (c.rc.overflow) {
      tw_buf_printf(&c.err, "more than %d alerts (or out of memory)",
                    TW_TEST_MAX_ALERTS);
      rc = -1;
    } else if (hs.input.files_failed || hs.input.skipped) {
      tw_buf_printf(&c.err, "input problems: %llu files could not be read, "
                            "%llu records skipped (run `trawl cat` on the "
                            "inputs to see why)",
                    (unsigned long long)hs.input.files_failed,
                    (unsigned long long)hs.input.skipped);
      rc = -1;
    }
  }
  trawl_case_result r;
  memset(&r, 0, sizeof r);
  r.file = file;
  r.name = name;
  r.alerts = c.rc.n;
  if (rc != 0) {
    r.error = 1;
    tw_buf_printf(&c.detail, "  error: %s\n",
                  c.err.data ? c.err.data : "the case could not run");
  } else {
    r.passed = tw_tc_compare(&c.ex, c.rc.a, c.rc.n, &c.detail);
  }
  r.detail = c.detail.data ? c.detail.data : "";
  r.seconds = now_seconds() - t0;
  if (r.passed) {
    env->sum->passed++;
  } else {
    env->sum->failed++;
  }
  if (env->cb && env->cb(env->ctx, &r) != 0) {
    env->stop = 1;
  }
  remove_tmp(&c);
  for (size_t i = 0; i < c.rc.n; i++) {
    alert_free(&c.rc.a[i]);
  }
  free(c.rc.a);
  for (size_t i = 0; i < c.npaths; i++) {
    free(c.paths[i]);
  }
  free(c.paths);
  free(c.set_names);
  free(c.set_values);
  patterns_free(c.ex.match, c.ex.nmatch);
  patterns_free(c.ex.none, c.ex.nnone);
  trawl_config_free(c.cfg);
  if (c.rs != c.own) {
    trawl_ruleset_free(c.rs);
  }
  trawl_ruleset_free(c.own);
  tw_buf_free(&c.err);
  tw_buf_free(&c.detail);
  tw_buf_free(&c.rc.notes);
}

/* ------------------------------------------------------------- files */

/* Report a file that cannot be a case at all as one failed result. */
static void file_error(tc_env *env, const char *file, const char *msg) {
  trawl_case_result r;
  memset(&r, 0, sizeof r);
  char detail[700];
  snprintf(detail, sizeof detail, "  error: %s\n", msg);
  r.file = file;
  r.name = file;
  r.error = 1;
  r.detail = detail;
  env->sum->failed++;
  if (env->cb && env->cb(env->ctx, &r) != 0) {
    env->stop = 1;
  }
}

/* Run the cases of one file. `explicit`: named on the command line, so a
 * file without cases is an error rather than a config or rule to skip. */
static void run_file(tc_env *env, const char *file, int explicit_file) {
  tw_buf text;
  tw_buf_init(&text, TW_TEST_MAX_FILE);
  if (read_file(file, &text) != 0) {
    char msg[600];
    snprintf(msg, sizeof msg, "cannot read: %s",
             errno ? strerror(errno) : "file too large");
    file_error(env, file, msg);
    tw_buf_free(&text);
    return;
  }
  yaml_parser_t p;
  if (!yaml_parser_initialize(&p)) {
    tw_buf_free(&text);
    return;
  }
  yaml_parser_set_input_string(&p, (const unsigned char *)(text.data ? text.data : ""),
                               text.len);
  int index = 0, cases = 0;
  env->sum->files++;
  while (!env->stop) {
    yaml_document_t doc;
    if (!yaml_parser_load(&p, &doc)) {
      char msg[600];
      snprintf(msg, sizeof msg, "YAML error at line %lu, column %lu: %s",
               (unsigned long)p.problem_mark.line + 1,
               (unsigned long)p.problem_mark.column + 1,
               p.problem ? p.problem : "invalid YAML");
      file_error(env, file, msg);
      break;
    }
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    if (!root) {
      yaml_document_delete(&doc);
      break; /* end of stream */
    }
    index++;
    if (root->type == YAML_MAPPING_NODE && tw_yaml_get(&doc, root, "expect")) {
      cases++;
      run_case(env, file, &text, &doc, root, index);
    } else if (explicit_file ||
               (root->type == YAML_MAPPING_NODE &&
                (tw_yaml_get(&doc, root, "rule") ||
                 tw_yaml_get(&doc, root, "events") ||
                 tw_yaml_get(&doc, root, "inputs")))) {
      /* Found in a folder, a case with its `expect` misspelt must not
       * drop out of the run unnoticed. */
      char msg[200];
      snprintf(msg, sizeof msg, "document %d is not a test case (no "
                                "`expect`)", index);
      file_error(env, file, msg);
    }
    yaml_document_delete(&doc);
  }
  (void)cases;
  yaml_parser_delete(&p);
  tw_buf_free(&text);
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void run_dir(tc_env *env, const char *dir, int depth) {
  if (depth > 32) {
    return;
  }
  DIR *d = opendir(dir);
  if (!d) {
    return;
  }
  char **names = NULL;
  size_t n = 0, cap = 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.') {
      continue;
    }
    if (n == cap) {
      cap = cap ? cap * 2 : 32;
      char **nn = realloc(names, cap * sizeof *nn);
      if (!nn) {
        break;
      }
      names = nn;
    }
    names[n] = xstrdup(e->d_name, strlen(e->d_name));
    if (names[n]) {
      n++;
    }
  }
  closedir(d);
  qsort(names, n, sizeof *names, cmp_str);
  tw_buf p;
  tw_buf_init(&p, 0);
  for (size_t i = 0; i < n && !env->stop; i++) {
    tw_buf_clear(&p);
    tw_buf_printf(&p, "%s/%s", dir, names[i]);
    struct stat st;
    if (stat(p.data, &st) != 0) {
      continue;
    }
    if (S_ISDIR(st.st_mode)) {
      run_dir(env, p.data, depth + 1);
    } else if (has_suffix(names[i], ".yaml") || has_suffix(names[i], ".yml")) {
      run_file(env, p.data, 0);
    }
  }
  for (size_t i = 0; i < n; i++) {
    free(names[i]);
  }
  free(names);
  tw_buf_free(&p);
}

trawl_status trawl_test_run(const char *const *paths, size_t npaths,
                            const trawl_test_opts *opts, trawl_case_fn cb,
                            void *ctx, trawl_test_summary *sum,
                            trawl_diag *diag) {
  trawl_test_summary dummy;
  if (!sum) {
    sum = &dummy;
  }
  memset(sum, 0, sizeof *sum);
  if (diag) {
    memset(diag, 0, sizeof *diag);
  }
  for (size_t i = 0; i < npaths; i++) {
    struct stat st;
    if (stat(paths[i], &st) != 0) {
      if (diag) {
        diag->code = TRAWL_ERR_IO;
        snprintf(diag->message, sizeof diag->message, "%s: %s", paths[i],
                 strerror(errno));
      }
      return TRAWL_ERR_IO;
    }
  }
  for (size_t i = 0; opts && i < opts->nrule_paths; i++) {
    trawl_ruleset *rs = trawl_ruleset_new();
    trawl_diag d;
    memset(&d, 0, sizeof d);
    trawl_status st = rs ? trawl_ruleset_load(rs, opts->rule_paths[i], NULL,
                                              NULL, &d)
                         : TRAWL_ERR_NOMEM;
    trawl_ruleset_free(rs);
    if (st != TRAWL_OK) {
      if (diag) {
        diag->code = st;
        snprintf(diag->message, sizeof diag->message, "--rules %.200s: %.300s",
                 opts->rule_paths[i], d.message);
      }
      return st;
    }
  }
  tc_env env;
  memset(&env, 0, sizeof env);
  env.o = opts;
  env.cb = cb;
  env.ctx = ctx;
  env.sum = sum;
  for (size_t i = 0; i < npaths && !env.stop; i++) {
    struct stat st;
    if (stat(paths[i], &st) == 0 && S_ISDIR(st.st_mode)) {
      run_dir(&env, paths[i], 0);
    } else {
      run_file(&env, paths[i], 1);
    }
  }
  return TRAWL_OK;
}
