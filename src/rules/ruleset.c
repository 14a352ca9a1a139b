/*
 * rules/ruleset.c - load Microsoft Sentinel analytic-rule YAML into a
 * trawl_ruleset: from text, files, directories, and the built-in pack.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/limits.h"
#include "base/timeutil.h"
#include "rules/rules.h"
#include "rules/yamldoc.h"
#include "sigma/sigma.h"
#include "trawl.h"

struct trawl_ruleset {
  tw_arena arena;
  trawl_rule **rules;
  size_t n, cap;
};

static trawl_status fail(trawl_diag *diag, trawl_status st, const char *fmt,
                         ...) __attribute__((format(printf, 3, 4)));
static trawl_status fail(trawl_diag *diag, trawl_status st, const char *fmt,
                         ...) {
  if (diag) {
    va_list ap;
    memset(diag, 0, sizeof *diag);
    diag->code = st;
    va_start(ap, fmt);
    vsnprintf(diag->message, sizeof diag->message, fmt, ap);
    va_end(ap);
  }
  return st;
}

trawl_ruleset *trawl_ruleset_new(void) {
  trawl_ruleset *rs = calloc(1, sizeof *rs);
  if (rs) {
    tw_arena_init(&rs->arena, 0);
  }
  return rs;
}

void trawl_ruleset_free(trawl_ruleset *rs) {
  if (!rs) {
    return;
  }
  tw_arena_free(&rs->arena);
  free(rs->rules);
  free(rs);
}

size_t trawl_ruleset_count(const trawl_ruleset *rs) { return rs ? rs->n : 0; }

const trawl_rule *trawl_ruleset_rule(const trawl_ruleset *rs, size_t i) {
  return rs && i < rs->n ? rs->rules[i] : NULL;
}

long trawl_ruleset_find(const trawl_ruleset *rs, const char *key) {
  if (!rs || !key) {
    return -1;
  }
  for (size_t i = 0; i < rs->n; i++) {
    if (strcasecmp(rs->rules[i]->id, key) == 0) {
      return (long)i;
    }
  }
  for (size_t i = 0; i < rs->n; i++) {
    if (strcasecmp(rs->rules[i]->name, key) == 0) {
      return (long)i;
    }
  }
  return -1;
}

void trawl_ruleset_set_enabled(trawl_ruleset *rs, size_t i, int on) {
  if (rs && i < rs->n) {
    rs->rules[i]->enabled = on ? 1 : 0;
  }
}

/* ------------------------------------------------------------ durations */

int tw_rule_duration(const char *s, int64_t *out) {
  if (!s || !*s) {
    return -1;
  }
  if (s[0] == 'P' || s[0] == 'p') {  /* ISO 8601: P[nD][T[nH][nM][nS]] */
    int64_t total = 0;
    int in_time = 0, any = 0;
    const char *p = s + 1;
    while (*p) {
      if (*p == 'T' || *p == 't') {
        in_time = 1;
        p++;
        continue;
      }
      if (!isdigit((unsigned char)*p)) {
        return -1;
      }
      int64_t v = 0;
      while (isdigit((unsigned char)*p)) {
        if (v > 1000000) {
          return -1;
        }
        v = v * 10 + (*p++ - '0');
      }
      char u = (char)toupper((unsigned char)*p++);
      int64_t unit = u == 'D' && !in_time   ? TW_TICKS_PER_DAY
                     : u == 'W' && !in_time ? 7 * TW_TICKS_PER_DAY
                     : u == 'H' && in_time  ? TW_TICKS_PER_HOUR
                     : u == 'M' && in_time  ? TW_TICKS_PER_MINUTE
                     : u == 'S' && in_time  ? TW_TICKS_PER_SECOND
                                            : 0;
      if (!unit) {
        return -1;
      }
      total += v * unit;
      any = 1;
    }
    if (!any || total <= 0) {
      return -1;
    }
    *out = total;
    return 0;
  }
  int64_t t;
  if (tw_timespan_parse(s, strlen(s), &t) != 0 || t <= 0) {
    return -1;
  }
  *out = t;
  return 0;
}

/* --------------------------------------------------------------- loading */

static char *adup(tw_arena *a, const char *s) {
  return tw_arena_strndup(a, s ? s : "", s ? strlen(s) : 0);
}

/* A sequence of scalars as an arena array. */
static int str_list(tw_arena *a, yaml_document_t *doc, yaml_node_t *n,
                    const char *const **out, size_t *count) {
  static const char *const none[1] = {NULL};
  *out = none;
  *count = 0;
  if (!n) {
    return 0;
  }
  if (n->type == YAML_SCALAR_NODE) {  /* "tactics: Persistence" */
    const char **v = tw_arena_alloc(a, sizeof *v);
    if (!v || !(v[0] = adup(a, tw_yaml_str(n)))) {
      return -1;
    }
    *out = v;
    *count = 1;
    return 0;
  }
  if (n->type != YAML_SEQUENCE_NODE) {
    return 0;
  }
  size_t k = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
  const char **v = tw_arena_alloc(a, (k + 1) * sizeof *v);
  if (!v) {
    return -1;
  }
  size_t m = 0;
  for (size_t i = 0; i < k; i++) {
    const char *s =
        tw_yaml_str(yaml_document_get_node(doc, n->data.sequence.items.start[i]));
    if (s && !(v[m++] = adup(a, s))) {
      return -1;
    }
  }
  v[m] = NULL;
  *out = v;
  *count = m;
  return 0;
}

/* A Sigma rule (logsource + detection, no query): src/sigma makes the
 * trawl_rule (query = its KQL); here it is only added. */
static trawl_status add_sigma(trawl_ruleset *rs, yaml_document_t *doc,
                              const char *source, trawl_diag *diag) {
  trawl_rule *r;
  trawl_status st = tw_sigma_make_rule(&rs->arena, doc, source, &r, diag);
  if (st != TRAWL_OK) {
    return st;
  }
  if (trawl_ruleset_find(rs, r->id) >= 0) {
    return fail(diag, TRAWL_ERR_USAGE, "%s: duplicate rule id %s", source,
                r->id);
  }
  if (rs->n >= TW_MAX_RULES) {
    return fail(diag, TRAWL_ERR_LIMIT, "%s: more than %d rules", source,
                TW_MAX_RULES);
  }
  if (rs->n == rs->cap) {
    size_t nc = rs->cap ? rs->cap * 2 : 16;
    trawl_rule **nr = realloc(rs->rules, nc * sizeof *nr);
    if (!nr) {
      return fail(diag, TRAWL_ERR_NOMEM, "out of memory");
    }
    rs->rules = nr;
    rs->cap = nc;
  }
  rs->rules[rs->n++] = r;
  return TRAWL_OK;
}

static trawl_status add_doc(trawl_ruleset *rs, yaml_document_t *doc,
                            const char *source, trawl_diag *diag) {
  tw_arena *a = &rs->arena;
  yaml_node_t *root = yaml_document_get_root_node(doc);
  if (!root || root->type != YAML_MAPPING_NODE) {
    return fail(diag, TRAWL_ERR_INPUT, "%s: not a rule (no YAML mapping)",
                source);
  }
  yaml_node_t *qn = tw_yaml_get(doc, root, "query");
  const char *query = tw_yaml_str(qn);
  if ((!query || !*query) && tw_sigma_is_doc(doc, root)) {
    return add_sigma(rs, doc, source, diag);  /* a Sigma rule */
  }
  if (!query || !*query) {
    return fail(diag, TRAWL_ERR_INPUT, "%s: not a rule (no `query`)", source);
  }
  const char *id = tw_yaml_str(tw_yaml_get(doc, root, "id"));
  const char *name = tw_yaml_str(tw_yaml_get(doc, root, "name"));
  char stem[256];
  if (!id || !*id) {  /* some hunting queries: name it after its file */
    const char *b = strrchr(source, '/');
    b = b ? b + 1 : source;
    size_t k = strcspn(b, ".");
    if (k == 0 || k >= sizeof stem) {
      return fail(diag, TRAWL_ERR_INPUT, "%s: rule has no `id`", source);
    }
    memcpy(stem, b, k);
    stem[k] = 0;
    id = stem;
  }
  if (trawl_ruleset_find(rs, id) >= 0) {
    return fail(diag, TRAWL_ERR_USAGE, "%s: duplicate rule id %s", source, id);
  }
  if (rs->n >= TW_MAX_RULES) {
    return fail(diag, TRAWL_ERR_LIMIT, "%s: more than %d rules", source,
                TW_MAX_RULES);
  }
  const char *kind = tw_yaml_str(tw_yaml_get(doc, root, "kind"));
  int nrt = kind && strcasecmp(kind, "NRT") == 0;
  int64_t freq = nrt ? TW_TICKS_PER_HOUR : TW_TICKS_PER_DAY;
  int64_t period = freq;
  static const char *const dur_keys[2] = {"queryFrequency", "queryPeriod"};
  for (int k = 0; k < 2; k++) {
    yaml_node_t *dn = tw_yaml_get(doc, root, dur_keys[k]);
    if (!dn) {
      continue;
    }
    int64_t t;
    if (tw_rule_duration(tw_yaml_str(dn), &t) != 0) {
      return fail(diag, TRAWL_ERR_INPUT, "%s:%zu: bad %s '%s'", source,
                  tw_yaml_line(dn), dur_keys[k],
                  tw_yaml_str(dn) ? tw_yaml_str(dn) : "");
    }
    *(k == 0 ? &freq : &period) = t;
    if (k == 0) {
      period = t;  /* no queryPeriod: each run covers its own interval */
    }
  }
  trawl_rule *r = tw_arena_zalloc(a, sizeof *r);
  if (!r) {
    return fail(diag, TRAWL_ERR_NOMEM, "out of memory");
  }
  r->id = adup(a, id);
  r->name = adup(a, name && *name ? name : id);
  r->description = adup(a, tw_yaml_str(tw_yaml_get(doc, root, "description")));
  r->severity = adup(a, tw_yaml_str(tw_yaml_get(doc, root, "severity")));
  r->query_frequency = freq;
  r->query_period = period;
  r->query_len = qn->data.scalar.length;
  r->query = tw_arena_strndup(a, query, r->query_len);
  r->source = adup(a, source);
  int en = tw_yaml_bool(tw_yaml_get(doc, root, "enabled"));
  r->enabled = en != 0;
  yaml_node_t *em = tw_yaml_get(doc, root, "entityMappings");
  tw_buf jb;
  tw_buf_init(&jb, TW_MAX_RULE_BYTES);
  if (em && tw_yaml_to_json(doc, em, &jb, 0) != 0) {
    tw_buf_free(&jb);
    return fail(diag, TRAWL_ERR_LIMIT, "%s: entityMappings too deep or too large", source);
  }
  r->entity_mappings = tw_arena_strndup(a, jb.data ? jb.data : "", jb.len);
  tw_buf_free(&jb);
  if (!r->id || !r->name || !r->description || !r->severity || !r->query ||
      !r->source || !r->entity_mappings ||
      str_list(a, doc, tw_yaml_get(doc, root, "tactics"), &r->tactics,
               &r->ntactics) ||
      str_list(a, doc, tw_yaml_get(doc, root, "relevantTechniques"),
               &r->techniques, &r->ntechniques)) {
    return fail(diag, TRAWL_ERR_NOMEM, "out of memory");
  }
  if (rs->n == rs->cap) {
    size_t nc = rs->cap ? rs->cap * 2 : 16;
    trawl_rule **nr = realloc(rs->rules, nc * sizeof *nr);
    if (!nr) {
      return fail(diag, TRAWL_ERR_NOMEM, "out of memory");
    }
    rs->rules = nr;
    rs->cap = nc;
  }
  rs->rules[rs->n++] = r;
  return TRAWL_OK;
}

trawl_status trawl_ruleset_add_yaml(trawl_ruleset *rs, const char *text,
                                    size_t len, const char *source,
                                    trawl_diag *diag) {
  if (!rs || (!text && len)) {
    return fail(diag, TRAWL_ERR_USAGE, "no ruleset or text");
  }
  if (!source) {
    source = "rule";
  }
  if (len > TW_MAX_RULE_BYTES) {
    return fail(diag, TRAWL_ERR_LIMIT, "%s: rule file larger than %zu bytes",
                source, TW_MAX_RULE_BYTES);
  }
  yaml_document_t doc;
  char err[256];
  if (tw_yaml_load(text ? text : "", len, &doc, err, sizeof err) != 0) {
    return fail(diag, TRAWL_ERR_INPUT, "%s:%s", source, err);
  }
  trawl_status st = add_doc(rs, &doc, source, diag);
  yaml_document_delete(&doc);
  return st;
}

trawl_status trawl_ruleset_add_builtin(trawl_ruleset *rs, trawl_diag *diag) {
  for (size_t i = 0; i < tw_builtin_rule_count; i++) {
    char src[128];
    snprintf(src, sizeof src, "builtin:%s", tw_builtin_rules[i].file);
    trawl_status st =
        trawl_ruleset_add_yaml(rs, tw_builtin_rules[i].yaml,
                               strlen(tw_builtin_rules[i].yaml), src, diag);
    if (st != TRAWL_OK) {
      return st;
    }
  }
  return TRAWL_OK;
}

trawl_ruleset *trawl_ruleset_builtin(void) {
  trawl_ruleset *rs = trawl_ruleset_new();
  if (rs && trawl_ruleset_add_builtin(rs, NULL) != TRAWL_OK) {
    trawl_ruleset_free(rs);
    return NULL;
  }
  return rs;
}

static trawl_status load_file(trawl_ruleset *rs, const char *path,
                              trawl_diag *diag) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    return fail(diag, TRAWL_ERR_IO, "%s: %s", path, strerror(errno));
  }
  tw_buf b;
  tw_buf_init(&b, TW_MAX_RULE_BYTES);
  char chunk[65536];
  size_t got;
  int too_big = 0;
  while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) {
    if (tw_buf_add(&b, chunk, got) != 0) {
      too_big = 1;
      break;
    }
  }
  int rerr = ferror(f);
  fclose(f);
  trawl_status st;
  if (too_big) {
    st = fail(diag, TRAWL_ERR_LIMIT, "%s: larger than %zu bytes", path,
              TW_MAX_RULE_BYTES);
  } else if (rerr) {
    st = fail(diag, TRAWL_ERR_IO, "%s: read error", path);
  } else {
    st = trawl_ruleset_add_yaml(rs, b.data ? b.data : "", b.len, path, diag);
  }
  tw_buf_free(&b);
  return st;
}

static int has_yaml_ext(const char *name) {
  size_t n = strlen(name);
  return (n > 5 && strcasecmp(name + n - 5, ".yaml") == 0) ||
         (n > 4 && strcasecmp(name + n - 4, ".yml") == 0);
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static trawl_status load_dir(trawl_ruleset *rs, const char *dir, int depth,
                             trawl_rule_note_fn note, void *ctx,
                             trawl_diag *diag) {
  if (depth > TW_MAX_RULE_DIR_DEPTH) {
    if (note) {
      note(ctx, dir, "", TRAWL_ERR_LIMIT, "directory nesting too deep");
    }
    return TRAWL_OK;
  }
  DIR *d = opendir(dir);
  if (!d) {
    return fail(diag, TRAWL_ERR_IO, "%s: %s", dir, strerror(errno));
  }
  char **names = NULL;
  size_t n = 0, cap = 0;
  struct dirent *e;
  trawl_status st = TRAWL_OK;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.') {
      continue;
    }
    if (n == cap) {
      cap = cap ? cap * 2 : 32;
      char **nn = realloc(names, cap * sizeof *nn);
      if (!nn) {
        st = fail(diag, TRAWL_ERR_NOMEM, "out of memory");
        break;
      }
      names = nn;
    }
    if (!(names[n] = strdup(e->d_name))) {
      st = fail(diag, TRAWL_ERR_NOMEM, "out of memory");
      break;
    }
    n++;
  }
  closedir(d);
  if (st == TRAWL_OK) {
    qsort(names, n, sizeof *names, cmp_str);
  }
  for (size_t i = 0; i < n && st == TRAWL_OK; i++) {
    size_t plen = strlen(dir) + strlen(names[i]) + 2;
    char *p = malloc(plen);
    if (!p) {
      st = fail(diag, TRAWL_ERR_NOMEM, "out of memory");
      break;
    }
    snprintf(p, plen, "%s%s%s", dir,
             dir[0] && dir[strlen(dir) - 1] == '/' ? "" : "/", names[i]);
    struct stat sb;
    if (stat(p, &sb) == 0 && S_ISDIR(sb.st_mode)) {
      st = load_dir(rs, p, depth + 1, note, ctx, diag);
    } else if (has_yaml_ext(names[i])) {
      trawl_diag fd;
      trawl_status fs = load_file(rs, p, &fd);
      if (fs == TRAWL_ERR_NOMEM) {
        st = fail(diag, fs, "out of memory");
      } else if (fs != TRAWL_OK && note) {
        note(ctx, p, "", fs, fd.message);
      }
    }
    free(p);
  }
  for (size_t i = 0; i < n; i++) {
    free(names[i]);
  }
  free(names);
  return st;
}

trawl_status trawl_ruleset_load(trawl_ruleset *rs, const char *path,
                                trawl_rule_note_fn note, void *ctx,
                                trawl_diag *diag) {
  if (!rs || !path) {
    return fail(diag, TRAWL_ERR_USAGE, "no ruleset or path");
  }
  struct stat sb;
  if (stat(path, &sb) != 0) {
    return fail(diag, TRAWL_ERR_IO, "%s: %s", path, strerror(errno));
  }
  if (S_ISDIR(sb.st_mode)) {
    return load_dir(rs, path, 0, note, ctx, diag);
  }
  return load_file(rs, path, diag);
}
