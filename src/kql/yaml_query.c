/*
 * kql/yaml_query.c - trawl_yaml_query(): the `query:` field of a Sentinel
 * analytic-rule (or hunting query) YAML file, read with libyaml; for a
 * Sigma rule, the KQL trawl_sigma_to_kql makes of it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "trawl.h"

static trawl_status fail(trawl_diag *d, trawl_status code, const char *msg,
                         const char *path) {
  if (d) {
    memset(d, 0, sizeof *d);
    d->code = code;
    snprintf(d->message, sizeof d->message, "%s: %s", path, msg);
  }
  return code;
}

/* A Sigma rule (docs/sigma.md): a root mapping with logsource and
 * detection. Its query is the KQL trawl_sigma_to_kql makes of it. */
static int is_sigma(yaml_document_t *doc, yaml_node_t *root) {
  int seen = 0;
  if (!root || root->type != YAML_MAPPING_NODE) {
    return 0;
  }
  for (yaml_node_pair_t *pr = root->data.mapping.pairs.start;
       pr < root->data.mapping.pairs.top; pr++) {
    yaml_node_t *k = yaml_document_get_node(doc, pr->key);
    if (k && k->type == YAML_SCALAR_NODE) {
      seen |= strcmp((const char *)k->data.scalar.value, "logsource") == 0;
      seen |= (strcmp((const char *)k->data.scalar.value, "detection") == 0) << 1;
    }
  }
  return seen == 3;
}

static trawl_status sigma_query(FILE *f, const char *path, char **text,
                                size_t *len, trawl_diag *diag) {
  size_t cap = 65536, n = 0, r;
  char *buf = malloc(cap);
  rewind(f);
  while (buf && (r = fread(buf + n, 1, cap - n, f)) > 0) {
    n += r;
    if (n == cap) {
      char *nb = cap >= ((size_t)4 << 20) ? NULL : realloc(buf, cap * 2);
      if (!nb) {
        free(buf);
        return fail(diag, TRAWL_ERR_LIMIT, "file too large", path);
      }
      buf = nb;
      cap *= 2;
    }
  }
  if (!buf) {
    return fail(diag, TRAWL_ERR_NOMEM, "out of memory", path);
  }
  trawl_status st = trawl_sigma_to_kql(buf, n, path, text, diag);
  free(buf);
  if (st == TRAWL_OK) {
    *len = strlen(*text);
  }
  return st;
}

/* The content indentation of the block scalar whose indicator (| or >)
 * is at 0-based line `line`, character `column` of f: an explicit digit
 * after the indicator (plus the key's column), else the leading spaces of
 * the first non-blank line after it. */
static size_t block_indent(FILE *f, size_t line, size_t column,
                           size_t key_column) {
  size_t at = 0, ch = 0, sp = 0;
  int c, state = 0; /* 0 before the indicator, 1 after it, 2 content */
  rewind(f);
  while ((c = getc(f)) != EOF) {
    if (at < line) {
      at += c == '\n';
      continue;
    }
    if (state == 0) {
      if ((c & 0xC0) != 0x80 && ch++ == column) {
        state = 1; /* c is the indicator */
      }
      continue;
    }
    if (state == 1) {
      if (c >= '1' && c <= '9') {
        return key_column + (size_t)(c - '0');
      }
      if (c == '\n') {
        state = 2;
      } else if (c != '+' && c != '-') {
        state = 3; /* rest of the indicator line */
      }
      continue;
    }
    if (state == 3) {
      state = c == '\n' ? 2 : 3;
      continue;
    }
    if (c == ' ') {
      sp++;
    } else if (c == '\n') {
      sp = 0;
    } else if (c != '\r') {
      return sp;
    }
  }
  return sp;
}

trawl_status trawl_yaml_query(const char *path, char **text, size_t *len,
                              trawl_diag *diag) {
  return trawl_yaml_query_loc(path, text, len, NULL, diag);
}

trawl_status trawl_yaml_query_loc(const char *path, char **text, size_t *len,
                                  trawl_yaml_loc *loc, trawl_diag *diag) {
  *text = NULL;
  *len = 0;
  if (loc) {
    memset(loc, 0, sizeof *loc);
  }
  FILE *f = fopen(path, "rb");
  if (!f) {
    return fail(diag, TRAWL_ERR_IO, "cannot open file", path);
  }
  yaml_parser_t p;
  yaml_document_t doc;
  if (!yaml_parser_initialize(&p)) {
    fclose(f);
    return fail(diag, TRAWL_ERR_NOMEM, "out of memory", path);
  }
  yaml_parser_set_input_file(&p, f);
  if (!yaml_parser_load(&p, &doc)) {
    char msg[300];
    snprintf(msg, sizeof msg, "invalid YAML at line %lu: %s",
             (unsigned long)p.problem_mark.line + 1,
             p.problem ? p.problem : "?");
    yaml_parser_delete(&p);
    fclose(f);
    return fail(diag, TRAWL_ERR_INPUT, msg, path);
  }
  trawl_status st = TRAWL_ERR_INPUT;
  yaml_node_t *root = yaml_document_get_root_node(&doc);
  if (root && root->type == YAML_MAPPING_NODE) {
    for (yaml_node_pair_t *pr = root->data.mapping.pairs.start;
         pr < root->data.mapping.pairs.top; pr++) {
      yaml_node_t *k = yaml_document_get_node(&doc, pr->key);
      yaml_node_t *v = yaml_document_get_node(&doc, pr->value);
      if (k && v && k->type == YAML_SCALAR_NODE &&
          v->type == YAML_SCALAR_NODE &&
          k->data.scalar.length == 5 &&
          memcmp(k->data.scalar.value, "query", 5) == 0) {
        size_t n = v->data.scalar.length;
        char *s = malloc(n + 1);
        if (!s) {
          st = TRAWL_ERR_NOMEM;
          break;
        }
        memcpy(s, v->data.scalar.value, n);
        s[n] = 0;
        *text = s;
        *len = n;
        st = TRAWL_OK;
        if (loc) {
          yaml_scalar_style_t sty = v->data.scalar.style;
          loc->line = v->start_mark.line + 1;
          loc->col = v->start_mark.column + 1;
          loc->indent = v->start_mark.column;
          if (sty == YAML_LITERAL_SCALAR_STYLE ||
              sty == YAML_FOLDED_SCALAR_STYLE) {
            loc->line++; /* content starts on the line after | or > */
            loc->indent = block_indent(f, v->start_mark.line,
                                       v->start_mark.column,
                                       k->start_mark.column);
            loc->col = loc->indent + 1;
          } else if (sty == YAML_SINGLE_QUOTED_SCALAR_STYLE ||
                     sty == YAML_DOUBLE_QUOTED_SCALAR_STYLE) {
            loc->col++; /* after the quote */
          }
        }
        break;
      }
    }
  }
  if (st == TRAWL_ERR_INPUT && is_sigma(&doc, root)) {
    st = sigma_query(f, path, text, len, diag);  /* Sigma: its KQL */
    yaml_document_delete(&doc);
    yaml_parser_delete(&p);
    fclose(f);
    return st;
  }
  yaml_document_delete(&doc);
  yaml_parser_delete(&p);
  fclose(f);
  if (st == TRAWL_ERR_INPUT) {
    return fail(diag, st, "no query field", path);
  }
  if (st == TRAWL_ERR_NOMEM) {
    return fail(diag, st, "out of memory", path);
  }
  return st;
}
