/*
 * rules/yamldoc.c - libyaml document helpers for rules and configuration
 * (see yamldoc.h).
 */
#include "rules/yamldoc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/limits.h"

int tw_yaml_load(const char *text, size_t len, yaml_document_t *doc,
                 char *err, size_t errn) {
  yaml_parser_t p;
  if (!yaml_parser_initialize(&p)) {
    snprintf(err, errn, "out of memory");
    return -1;
  }
  yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
  if (!yaml_parser_load(&p, doc)) {
    snprintf(err, errn, "%lu:%lu: %s%s%s",
             (unsigned long)p.problem_mark.line + 1,
             (unsigned long)p.problem_mark.column + 1,
             p.problem ? p.problem : "invalid YAML",
             p.context ? " " : "", p.context ? p.context : "");
    yaml_parser_delete(&p);
    return -1;
  }
  yaml_parser_delete(&p);
  return 0;
}

yaml_node_t *tw_yaml_get(yaml_document_t *doc, yaml_node_t *map,
                         const char *key) {
  if (!map || map->type != YAML_MAPPING_NODE) {
    return NULL;
  }
  size_t klen = strlen(key);
  for (yaml_node_pair_t *pr = map->data.mapping.pairs.start;
       pr < map->data.mapping.pairs.top; pr++) {
    yaml_node_t *k = yaml_document_get_node(doc, pr->key);
    if (k && k->type == YAML_SCALAR_NODE && k->data.scalar.length == klen &&
        memcmp(k->data.scalar.value, key, klen) == 0) {
      return yaml_document_get_node(doc, pr->value);
    }
  }
  return NULL;
}

const char *tw_yaml_str(const yaml_node_t *n) {
  if (!n || n->type != YAML_SCALAR_NODE) {
    return NULL;
  }
  return (const char *)n->data.scalar.value;
}

size_t tw_yaml_line(const yaml_node_t *n) {
  return n ? n->start_mark.line + 1 : 0;
}

static int ieq(const char *a, const char *b) {
  for (; *a && *b; a++, b++) {
    char x = *a, y = *b;
    if (x >= 'A' && x <= 'Z') {
      x = (char)(x - 'A' + 'a');
    }
    if (x != y) {
      return 0;
    }
  }
  return *a == 0 && *b == 0;
}

int tw_yaml_bool(const yaml_node_t *n) {
  const char *s = tw_yaml_str(n);
  if (!s) {
    return -1;
  }
  if (ieq(s, "true") || ieq(s, "yes") || ieq(s, "on")) {
    return 1;
  }
  if (ieq(s, "false") || ieq(s, "no") || ieq(s, "off")) {
    return 0;
  }
  return -1;
}

static int is_number(const char *s) {
  char *end;
  if (!*s) {
    return 0;
  }
  strtod(s, &end);
  return *end == 0 && s[0] != '.' && s[0] != '+' &&
         strpbrk(s, "xXnN") == NULL;
}

static int json_str(tw_buf *out, const char *s, size_t n) {
  if (tw_buf_addc(out, '"')) {
    return -1;
  }
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    int rc;
    if (c == '"' || c == '\\') {
      char e[2] = {'\\', (char)c};
      rc = tw_buf_add(out, e, 2);
    } else if (c == '\n') {
      rc = tw_buf_adds(out, "\\n");
    } else if (c == '\t') {
      rc = tw_buf_adds(out, "\\t");
    } else if (c < 0x20) {
      rc = tw_buf_printf(out, "\\u%04x", c);
    } else {
      rc = tw_buf_addc(out, (char)c);
    }
    if (rc) {
      return -1;
    }
  }
  return tw_buf_addc(out, '"');
}

int tw_yaml_to_json(yaml_document_t *doc, yaml_node_t *n, tw_buf *out,
                    int depth) {
  if (depth > TW_MAX_YAML_DEPTH) {
    return -1;
  }
  if (!n) {
    return tw_buf_adds(out, "null");
  }
  switch (n->type) {
  case YAML_SCALAR_NODE: {
    const char *s = (const char *)n->data.scalar.value;
    if (n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
        (strcmp(s, "true") == 0 || strcmp(s, "false") == 0 ||
         strcmp(s, "null") == 0 || is_number(s))) {
      return tw_buf_adds(out, s);
    }
    return json_str(out, s, n->data.scalar.length);
  }
  case YAML_SEQUENCE_NODE: {
    if (tw_buf_addc(out, '[')) {
      return -1;
    }
    for (yaml_node_item_t *it = n->data.sequence.items.start;
         it < n->data.sequence.items.top; it++) {
      if ((it > n->data.sequence.items.start && tw_buf_addc(out, ',')) ||
          tw_yaml_to_json(doc, yaml_document_get_node(doc, *it), out,
                          depth + 1)) {
        return -1;
      }
    }
    return tw_buf_addc(out, ']');
  }
  case YAML_MAPPING_NODE: {
    if (tw_buf_addc(out, '{')) {
      return -1;
    }
    for (yaml_node_pair_t *pr = n->data.mapping.pairs.start;
         pr < n->data.mapping.pairs.top; pr++) {
      yaml_node_t *k = yaml_document_get_node(doc, pr->key);
      const char *ks = tw_yaml_str(k);
      if ((pr > n->data.mapping.pairs.start && tw_buf_addc(out, ',')) ||
          json_str(out, ks ? ks : "", ks ? k->data.scalar.length : 0) ||
          tw_buf_addc(out, ':') ||
          tw_yaml_to_json(doc, yaml_document_get_node(doc, pr->value), out,
                          depth + 1)) {
        return -1;
      }
    }
    return tw_buf_addc(out, '}');
  }
  default:
    return tw_buf_adds(out, "null");
  }
}
