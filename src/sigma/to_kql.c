/*
 * sigma/to_kql.c - a Sigma rule -> KQL text over AWSCloudTrail or
 * AzureActivity ("TABLE | where PREDICATE"), the public trawl_sigma_*
 * calls, and the trawl_rule the rules loader makes of a Sigma document.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/limits.h"
#include "rules/yamldoc.h"
#include "sigma/sigma.h"

typedef struct gen {
  const tw_sigma_rule *r;
  tw_buf *out;
  trawl_diag *diag;
  trawl_status st;
  /* the condition being emitted */
  const char *ctext;
  yaml_node_t *cnode;
  const tw_scond_tree *tree;
} gen;

static int oom(gen *g) {
  g->st = tw_sigma_fail(g->diag, TRAWL_ERR_LIMIT, g->r->path, NULL, 0, 0,
                        "generated query too large or out of memory");
  return -1;
}

static int is_null_node(const yaml_node_t *n) {
  if (n->type != YAML_SCALAR_NODE) {
    return 0;
  }
  if (n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE) {
    return 0;  /* '' and 'null' quoted are strings */
  }
  const char *s = (const char *)n->data.scalar.value;
  return strcmp(s, "") == 0 || strcmp(s, "~") == 0 || strcmp(s, "null") == 0 ||
         strcmp(s, "Null") == 0 || strcmp(s, "NULL") == 0;
}

/* One `field|mods: value(s)` item. */
static int emit_field(gen *g, yaml_node_t *key, yaml_node_t *val) {
  const tw_sigma_rule *r = g->r;
  const char *k = tw_yaml_str(key);
  if (!k) {
    g->st = tw_sigma_fail(g->diag, TRAWL_ERR_INPUT, r->path, key, 0, 0,
                          "a field name must be a string");
    return -1;
  }
  char field[256];
  const char *bar = strchr(k, '|');
  size_t fl = bar ? (size_t)(bar - k) : strlen(k);
  if (fl == 0) {
    g->st = tw_sigma_fail(g->diag, TRAWL_ERR_UNSUPPORTED, r->path, key, 0, 0,
                          "keyword searches (no field) are not supported");
    return -1;
  }
  if (fl >= sizeof field) {
    g->st = tw_sigma_fail(g->diag, TRAWL_ERR_LIMIT, r->path, key, 0, 0,
                          "field name too long");
    return -1;
  }
  memcpy(field, k, fl);
  field[fl] = 0;
  unsigned mods;
  char err[200];
  if (tw_sigma_mods_parse(bar ? bar + 1 : "", &mods, err, sizeof err) != 0) {
    g->st = tw_sigma_fail(g->diag, TRAWL_ERR_UNSUPPORTED, r->path, key, 0,
                          fl + 1, "%s", err);
    return -1;
  }
  tw_buf lhs;
  tw_buf_init(&lhs, 4096);
  tw_sfield_kind kind;
  if (tw_sigma_field(r->table, field, &lhs, &kind) != 0) {
    tw_buf_free(&lhs);
    g->st = tw_sigma_fail(g->diag, TRAWL_ERR_UNSUPPORTED, r->path, key, 0, 0,
                          "field '%s' has no column in %s", field,
                          trawl_table_name(r->table));
    return -1;
  }
  /* The values: one scalar, or a list (OR, or AND with |all). */
  yaml_node_t *one[1] = {val};
  yaml_node_t **vals = one;
  size_t nv = 1;
  yaml_node_t *tmp[1024];
  if (val->type == YAML_SEQUENCE_NODE) {
    nv = 0;
    for (yaml_node_item_t *it = val->data.sequence.items.start;
         it < val->data.sequence.items.top; it++) {
      if (nv == sizeof tmp / sizeof tmp[0]) {
        tw_buf_free(&lhs);
        g->st = tw_sigma_fail(g->diag, TRAWL_ERR_LIMIT, r->path, val, 0, 0,
                              "too many values");
        return -1;
      }
      tmp[nv++] = yaml_document_get_node(r->doc, *it);
    }
    vals = tmp;
    if (nv == 0) {
      tw_buf_free(&lhs);
      g->st = tw_sigma_fail(g->diag, TRAWL_ERR_INPUT, r->path, val, 0, 0,
                            "empty value list");
      return -1;
    }
  }
  int all_plain = !(mods & TW_SM_ALL) && nv > 1;
  for (size_t i = 0; i < nv; i++) {
    if (!vals[i] || vals[i]->type != YAML_SCALAR_NODE) {
      tw_buf_free(&lhs);
      g->st = tw_sigma_fail(g->diag, TRAWL_ERR_INPUT, r->path,
                            vals[i] ? vals[i] : val, 0, 0,
                            "a value must be a string, number or null");
      return -1;
    }
    if (is_null_node(vals[i]) ||
        !tw_sigma_is_plain(mods, (const char *)vals[i]->data.scalar.value,
                           vals[i]->data.scalar.length)) {
      all_plain = 0;
    }
  }
  int rc = 0;
  if (all_plain) {  /* eventName: [A, B] -> EventName in~ ("A", "B") */
    rc = tw_buf_printf(g->out, "%s%s%s in~ (", kind == TW_SF_OTHER ? "tostring(" : "",
                       lhs.data, kind == TW_SF_OTHER ? ")" : "");
    for (size_t i = 0; i < nv && !rc; i++) {
      rc = (i && tw_buf_adds(g->out, ", ")) ||
           tw_sigma_plain_literal(g->out,
                                  (const char *)vals[i]->data.scalar.value,
                                  vals[i]->data.scalar.length);
    }
    rc = rc || tw_buf_addc(g->out, ')');
    tw_buf_free(&lhs);
    return rc ? oom(g) : 0;
  }
  if (nv > 1) {
    rc = tw_buf_addc(g->out, '(');
  }
  for (size_t i = 0; i < nv && !rc; i++) {
    if (i) {
      rc = tw_buf_adds(g->out, mods & TW_SM_ALL ? " and " : " or ");
      if (rc) {
        break;
      }
    }
    int isnull = is_null_node(vals[i]);
    err[0] = 0;
    if (tw_sigma_match(g->out, r->table, lhs.data, kind, mods,
                       isnull ? NULL : (const char *)vals[i]->data.scalar.value,
                       isnull ? 0 : vals[i]->data.scalar.length, err,
                       sizeof err) != 0) {
      tw_buf_free(&lhs);
      if (!err[0]) {
        return oom(g);
      }
      g->st = tw_sigma_fail(g->diag, TRAWL_ERR_UNSUPPORTED, r->path, vals[i],
                            0, 0, "%s", err);
      return -1;
    }
  }
  if (!rc && nv > 1) {
    rc = tw_buf_addc(g->out, ')');
  }
  tw_buf_free(&lhs);
  return rc ? oom(g) : 0;
}

/* A mapping: every field item must hold. */
static int emit_map(gen *g, yaml_node_t *map) {
  size_t n = (size_t)(map->data.mapping.pairs.top - map->data.mapping.pairs.start);
  if (n == 0) {
    g->st = tw_sigma_fail(g->diag, TRAWL_ERR_INPUT, g->r->path, map, 0, 0,
                          "empty selection");
    return -1;
  }
  if (n > 1 && tw_buf_addc(g->out, '(')) {
    return oom(g);
  }
  for (size_t i = 0; i < n; i++) {
    yaml_node_pair_t *pr = map->data.mapping.pairs.start + i;
    if (i && tw_buf_adds(g->out, " and ")) {
      return oom(g);
    }
    if (emit_field(g, yaml_document_get_node(g->r->doc, pr->key),
                   yaml_document_get_node(g->r->doc, pr->value))) {
      return -1;
    }
  }
  if (n > 1 && tw_buf_addc(g->out, ')')) {
    return oom(g);
  }
  return 0;
}

/* A search identifier's definition: a mapping, or a list of mappings (OR). */
static int emit_search(gen *g, yaml_node_t *def) {
  if (def->type == YAML_MAPPING_NODE) {
    return emit_map(g, def);
  }
  if (def->type == YAML_SEQUENCE_NODE) {
    size_t n = (size_t)(def->data.sequence.items.top -
                        def->data.sequence.items.start);
    if (n == 0) {
      g->st = tw_sigma_fail(g->diag, TRAWL_ERR_INPUT, g->r->path, def, 0, 0,
                            "empty selection");
      return -1;
    }
    if (tw_buf_addc(g->out, '(')) {
      return oom(g);
    }
    for (size_t i = 0; i < n; i++) {
      yaml_node_t *it =
          yaml_document_get_node(g->r->doc, def->data.sequence.items.start[i]);
      if (!it || it->type != YAML_MAPPING_NODE) {
        g->st = tw_sigma_fail(g->diag, TRAWL_ERR_UNSUPPORTED, g->r->path,
                              it ? it : def, 0, 0,
                              "keyword searches (a list of values without "
                              "a field) are not supported");
        return -1;
      }
      if ((i && tw_buf_adds(g->out, " or ")) || emit_map(g, it)) {
        return g->st ? -1 : oom(g);
      }
    }
    return tw_buf_addc(g->out, ')') ? oom(g) : 0;
  }
  g->st = tw_sigma_fail(g->diag, TRAWL_ERR_UNSUPPORTED, g->r->path, def, 0, 0,
                        "keyword searches (a value without a field) are "
                        "not supported");
  return -1;
}

/* Line/column of offset `off` inside the condition scalar. */
static int cond_fail(gen *g, trawl_status st, size_t off, const char *msg) {
  size_t line = 0, col = off;
  for (size_t i = 0; i < off && g->ctext[i]; i++) {
    if (g->ctext[i] == '\n') {
      line++;
      col = off - i - 1;
    }
  }
  yaml_node_t *n = g->cnode;
  if (line == 0 && (n->data.scalar.style == YAML_SINGLE_QUOTED_SCALAR_STYLE ||
                    n->data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE)) {
    col++;
  }
  g->st = tw_sigma_fail(g->diag, st, g->r->path, n, line, col, "%s", msg);
  return -1;
}

static int is_reserved(const char *k) {
  return strcmp(k, "condition") == 0 || strcmp(k, "timeframe") == 0;
}

static int emit_cond(gen *g, int idx) {
  const tw_scond *c = &g->tree->nodes[idx];
  yaml_node_t *det = g->r->detection;
  switch (c->kind) {
  case TW_SC_AND:
  case TW_SC_OR:
    if (tw_buf_addc(g->out, '(') || emit_cond(g, c->a) ||
        tw_buf_adds(g->out, c->kind == TW_SC_AND ? " and " : " or ") ||
        emit_cond(g, c->b) || tw_buf_addc(g->out, ')')) {
      return g->st ? -1 : oom(g);
    }
    return 0;
  case TW_SC_NOT:
    if (tw_buf_adds(g->out, "not(") || emit_cond(g, c->a) ||
        tw_buf_addc(g->out, ')')) {
      return g->st ? -1 : oom(g);
    }
    return 0;
  case TW_SC_REF: {
    for (yaml_node_pair_t *pr = det->data.mapping.pairs.start;
         pr < det->data.mapping.pairs.top; pr++) {
      yaml_node_t *k = yaml_document_get_node(g->r->doc, pr->key);
      const char *ks = tw_yaml_str(k);
      if (ks && !is_reserved(ks) && strlen(ks) == c->len &&
          strncmp(ks, g->ctext + c->off, c->len) == 0) {
        return emit_search(g, yaml_document_get_node(g->r->doc, pr->value));
      }
    }
    char msg[200];
    snprintf(msg, sizeof msg, "unknown search identifier '%.*s'",
             (int)(c->len > 100 ? 100 : c->len), g->ctext + c->off);
    return cond_fail(g, TRAWL_ERR_NAME, c->off, msg);
  }
  case TW_SC_ONE_OF:
  case TW_SC_ALL_OF: {
    const char *pat = g->ctext + c->off;
    size_t plen = c->len;
    if (plen == 4 && strncmp(pat, "them", 4) == 0) {
      pat = "*";
      plen = 1;
    }
    size_t hits = 0;
    for (yaml_node_pair_t *pr = det->data.mapping.pairs.start;
         pr < det->data.mapping.pairs.top; pr++) {
      yaml_node_t *k = yaml_document_get_node(g->r->doc, pr->key);
      const char *ks = tw_yaml_str(k);
      if (!ks || is_reserved(ks) ||
          !tw_sigma_glob(pat, plen, ks, k->data.scalar.length)) {
        continue;
      }
      if (tw_buf_adds(g->out, hits ? (c->kind == TW_SC_ALL_OF ? " and " : " or ")
                                   : "(") ||
          emit_search(g, yaml_document_get_node(g->r->doc, pr->value))) {
        return g->st ? -1 : oom(g);
      }
      hits++;
    }
    if (!hits) {
      char msg[200];
      snprintf(msg, sizeof msg, "no search identifier matches '%.*s'",
               (int)(c->len > 100 ? 100 : c->len), g->ctext + c->off);
      return cond_fail(g, TRAWL_ERR_NAME, c->off, msg);
    }
    return tw_buf_addc(g->out, ')') ? oom(g) : 0;
  }
  }
  return 0;
}

/* One field of "| count(F) by G": its KQL expression, or -1 (reported). */
static int agg_field(gen *g, size_t off, size_t len, tw_buf *out) {
  char name[256];
  tw_sfield_kind kind;
  snprintf(name, sizeof name, "%.*s", (int)(len < 255 ? len : 255),
           g->ctext + off);
  if (tw_sigma_field(g->r->table, name, out, &kind) != 0) {
    char msg[300];
    snprintf(msg, sizeof msg, "field '%s' has no column in %s", name,
             trawl_table_name(g->r->table));
    return cond_fail(g, TRAWL_ERR_UNSUPPORTED, off, msg);
  }
  return 0;
}

/* "| count([F]) [by G] OP N" -> summarize Count = count()|dcount(F) by G
 * | where Count OP N. The window is the rule's queryPeriod (timeframe). */
static int emit_agg(gen *g, const tw_scond_tree *t) {
  tw_buf f, by;
  tw_buf_init(&f, 4096);
  tw_buf_init(&by, 4096);
  int rc = 0;
  if (t->agg_field_len) {
    rc = agg_field(g, t->agg_field_off, t->agg_field_len, &f);
  }
  if (!rc && t->agg_by_len) {
    rc = agg_field(g, t->agg_by_off, t->agg_by_len, &by);
  }
  if (!rc) {
    int e = tw_buf_adds(g->out, "\n| summarize Count = ") ||
            (t->agg_field_len ? tw_buf_printf(g->out, "dcount(%s)", f.data)
                              : tw_buf_adds(g->out, "count()"));
    if (!e && t->agg_by_len) {
      int simple = strchr(by.data, '(') == NULL;
      e = tw_buf_adds(g->out, " by ");
      if (!e && !simple) {  /* name a computed key after the Sigma field */
        for (size_t i = 0; i < t->agg_by_len && !e; i++) {
          char c = g->ctext[t->agg_by_off + i];
          e = tw_buf_addc(g->out, (c >= 'a' && c <= 'z') ||
                                          (c >= 'A' && c <= 'Z') ||
                                          (c >= '0' && c <= '9' && i)
                                      ? c
                                      : '_');
        }
        e = e || tw_buf_adds(g->out, " = ");
      }
      e = e || tw_buf_adds(g->out, by.data);
    }
    e = e || tw_buf_printf(g->out, "\n| where Count %s %ld", t->agg_op,
                           t->agg_n);
    rc = e ? oom(g) : 0;
  }
  tw_buf_free(&f);
  tw_buf_free(&by);
  return rc;
}

static int emit_condition(gen *g, yaml_node_t *cn, int in_list) {
  const char *text = tw_yaml_str(cn);
  if (!text) {
    g->st = tw_sigma_fail(g->diag, TRAWL_ERR_INPUT, g->r->path, cn, 0, 0,
                          "condition must be a string");
    return -1;
  }
  tw_scond_tree *tree = malloc(sizeof *tree);
  if (!tree) {
    return oom(g);
  }
  size_t eoff = 0;
  char err[200];
  g->ctext = text;
  g->cnode = cn;
  g->tree = tree;
  int rc;
  if (tw_sigma_cond_parse(text, cn->data.scalar.length, tree, &eoff, err,
                          sizeof err) != 0) {
    rc = cond_fail(g,
                   strstr(err, "not supported") ? TRAWL_ERR_UNSUPPORTED
                                                : TRAWL_ERR_SYNTAX,
                   eoff, err);
  } else {
    rc = emit_cond(g, tree->root);
    if (!rc && tree->agg) {
      rc = in_list ? cond_fail(g, TRAWL_ERR_UNSUPPORTED, 0,
                               "count() in a list of conditions is not "
                               "supported")
                   : emit_agg(g, tree);
    }
  }
  free(tree);
  return rc;
}

trawl_status tw_sigma_rule_kql(const tw_sigma_rule *r, char **kql,
                               size_t *len, trawl_diag *diag) {
  *kql = NULL;
  if (len) {
    *len = 0;
  }
  tw_buf out;
  tw_buf_init(&out, TW_SIGMA_MAX_KQL);
  gen g = {r, &out, diag, TRAWL_OK, NULL, NULL, NULL};
  int rc = tw_buf_printf(&out, "%s\n| where ", trawl_table_name(r->table))
               ? oom(&g)
               : 0;
  yaml_node_t *cn = r->condition;
  if (!rc && cn->type == YAML_SEQUENCE_NODE) {  /* a list: any of them */
    size_t n = (size_t)(cn->data.sequence.items.top -
                        cn->data.sequence.items.start);
    for (size_t i = 0; i < n && !rc; i++) {
      yaml_node_t *it =
          yaml_document_get_node(r->doc, cn->data.sequence.items.start[i]);
      rc = (i && tw_buf_adds(&out, " or ")) ? oom(&g)
           : it                             ? emit_condition(&g, it, 1)
                                            : -1;
    }
    if (!rc && n == 0) {
      g.st = tw_sigma_fail(diag, TRAWL_ERR_INPUT, r->path, cn, 0, 0,
                           "empty condition list");
      rc = -1;
    }
  } else if (!rc) {
    rc = emit_condition(&g, cn, 0);
  }
  if (!rc && tw_buf_addc(&out, '\n')) {
    rc = oom(&g);
  }
  if (rc) {
    tw_buf_free(&out);
    return g.st != TRAWL_OK ? g.st
                            : tw_sigma_fail(diag, TRAWL_ERR_INPUT, r->path, cn,
                                            0, 0, "bad condition");
  }
  *kql = out.data;
  if (len) {
    *len = out.len;
  }
  return TRAWL_OK;
}

/* ------------------------------------------------------------ public */

static trawl_status load_doc(const char *yaml, size_t len, const char *path,
                             yaml_document_t *doc, trawl_diag *diag) {
  if (!yaml && len) {
    return tw_sigma_fail(diag, TRAWL_ERR_USAGE, path, NULL, 0, 0, "no text");
  }
  if (len > TW_MAX_RULE_BYTES) {
    return tw_sigma_fail(diag, TRAWL_ERR_LIMIT, path, NULL, 0, 0,
                         "rule larger than %zu bytes", TW_MAX_RULE_BYTES);
  }
  char err[256];
  if (tw_yaml_load(yaml ? yaml : "", len, doc, err, sizeof err) != 0) {
    if (diag) {
      memset(diag, 0, sizeof *diag);
      diag->code = TRAWL_ERR_INPUT;
      snprintf(diag->message, sizeof diag->message, "%s:%s",
               path ? path : "sigma", err);
    }
    return TRAWL_ERR_INPUT;
  }
  return TRAWL_OK;
}

int trawl_sigma_is_rule(const char *yaml, size_t len) {
  yaml_document_t doc;
  if (load_doc(yaml, len, "", &doc, NULL) != TRAWL_OK) {
    return 0;
  }
  int is = tw_sigma_is_doc(&doc, yaml_document_get_root_node(&doc));
  yaml_document_delete(&doc);
  return is;
}

trawl_status trawl_sigma_to_kql(const char *yaml, size_t len,
                                const char *path, char **kql,
                                trawl_diag *diag) {
  if (!kql) {
    return tw_sigma_fail(diag, TRAWL_ERR_USAGE, path, NULL, 0, 0, "no output");
  }
  *kql = NULL;
  if (!path) {
    path = "sigma";
  }
  yaml_document_t doc;
  trawl_status st = load_doc(yaml, len, path, &doc, diag);
  if (st != TRAWL_OK) {
    return st;
  }
  tw_sigma_rule r;
  st = tw_sigma_rule_read(&doc, path, &r, diag);
  if (st == TRAWL_OK) {
    st = tw_sigma_rule_kql(&r, kql, NULL, diag);
    tw_sigma_rule_free(&r);
  }
  yaml_document_delete(&doc);
  return st;
}

/* ------------------------------------------------- for the rules loader */

static const char *const *arena_list(tw_arena *a, char **v, size_t n) {
  const char **out = tw_arena_alloc(a, (n + 1) * sizeof *out);
  if (!out) {
    return NULL;
  }
  for (size_t i = 0; i < n; i++) {
    if (!(out[i] = tw_arena_strndup(a, v[i], strlen(v[i])))) {
      return NULL;
    }
  }
  out[n] = NULL;
  return out;
}

static char *adup(tw_arena *a, const char *s) {
  return tw_arena_strndup(a, s, strlen(s));
}

/* The rule's `timeframe` (Ns, Nm, Nh, Nd) in ticks; 1h without one. */
static int64_t timeframe(const tw_sigma_rule *r) {
  const int64_t hour = (int64_t)3600 * 10000000;
  const char *s = tw_yaml_str(r->timeframe);
  if (!s) {
    return hour;
  }
  int64_t v = 0;
  size_t i = 0;
  while (s[i] >= '0' && s[i] <= '9' && v < 100000) {
    v = v * 10 + (s[i++] - '0');
  }
  int64_t unit = s[i] == 's' ? 10000000 : s[i] == 'm' ? 600000000
                 : s[i] == 'h' ? hour : s[i] == 'd' ? 24 * hour : 0;
  if (i == 0 || !unit || s[i + 1] || v == 0) {
    return hour;
  }
  return v * unit;
}

trawl_status tw_sigma_make_rule(tw_arena *a, yaml_document_t *doc,
                                const char *source, trawl_rule **out,
                                trawl_diag *diag) {
  *out = NULL;
  tw_sigma_rule r;
  trawl_status st = tw_sigma_rule_read(doc, source, &r, diag);
  if (st != TRAWL_OK) {
    return st;
  }
  char *kql = NULL;
  size_t klen = 0;
  st = tw_sigma_rule_kql(&r, &kql, &klen, diag);
  if (st != TRAWL_OK) {
    tw_sigma_rule_free(&r);
    return st;
  }
  char stem[256];
  const char *id = r.id;
  if (!*id) {  /* name it after its file, as the Sentinel loader does */
    const char *b = strrchr(source, '/');
    b = b ? b + 1 : source;
    size_t k = strcspn(b, ".");
    if (k >= sizeof stem) {
      k = sizeof stem - 1;
    }
    memcpy(stem, b, k);
    stem[k] = 0;
    id = k ? stem : r.title;
  }
  trawl_rule *tr = tw_arena_zalloc(a, sizeof *tr);
  if (tr) {
    tr->id = adup(a, id);
    tr->name = adup(a, r.title);
    tr->description = adup(a, r.description);
    tr->severity = adup(a, tw_sigma_severity(r.level));
    tr->query_frequency = timeframe(&r);
    tr->query_period = tr->query_frequency;
    tr->query = tw_arena_strndup(a, kql, klen);
    tr->query_len = klen;
    tr->entity_mappings = adup(a, "");
    tr->source = adup(a, source);
    tr->enabled = 1;
    tr->tactics = arena_list(a, r.tactics, r.ntactics);
    tr->ntactics = r.ntactics;
    tr->techniques = arena_list(a, r.techniques, r.ntechniques);
    tr->ntechniques = r.ntechniques;
  }
  free(kql);
  tw_sigma_rule_free(&r);
  if (!tr || !tr->id || !tr->name || !tr->description || !tr->severity ||
      !tr->query || !tr->entity_mappings || !tr->source || !tr->tactics ||
      !tr->techniques) {
    return tw_sigma_fail(diag, TRAWL_ERR_NOMEM, source, NULL, 0, 0,
                         "out of memory");
  }
  *out = tr;
  return TRAWL_OK;
}
