/*
 * sigma/rule.c - the Sigma rule model: title, id, status, description,
 * level, tags (ATT&CK tactics and techniques), logsource, detection,
 * falsepositives and fields, read from a libyaml document with positioned
 * errors.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rules/yamldoc.h"
#include "sigma/sigma.h"

trawl_status tw_sigma_fail(trawl_diag *diag, trawl_status st,
                           const char *path, const yaml_node_t *node,
                           size_t extra_line, size_t extra_col,
                           const char *fmt, ...) {
  if (diag) {
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    memset(diag, 0, sizeof *diag);
    diag->code = st;
    if (node) {
      size_t line = node->start_mark.line + 1 + extra_line;
      size_t col = (extra_line ? 0 : node->start_mark.column) + 1 + extra_col;
      snprintf(diag->message, sizeof diag->message, "%s:%zu:%zu: %s",
               path ? path : "sigma", line, col, msg);
    } else {
      snprintf(diag->message, sizeof diag->message, "%s: %s",
               path ? path : "sigma", msg);
    }
  }
  return st;
}

int tw_sigma_is_doc(yaml_document_t *doc, yaml_node_t *root) {
  return root && root->type == YAML_MAPPING_NODE &&
         tw_yaml_get(doc, root, "logsource") != NULL &&
         tw_yaml_get(doc, root, "detection") != NULL;
}

const char *tw_sigma_severity(const char *level) {
  static const char *const map[][2] = {
      {"informational", "Informational"}, {"low", "Low"},
      {"medium", "Medium"}, {"high", "High"}, {"critical", "High"}};
  for (size_t i = 0; level && i < sizeof map / sizeof map[0]; i++) {
    if (strcasecmp(level, map[i][0]) == 0) {
      return map[i][1];
    }
  }
  return "";
}

static const char *str_or_empty(yaml_document_t *doc, yaml_node_t *map,
                                const char *key) {
  const char *s = tw_yaml_str(tw_yaml_get(doc, map, key));
  return s ? s : "";
}

static int push(char ***v, size_t *n, char *s) {
  if (!s) {
    return -1;
  }
  for (size_t i = 0; i < *n; i++) {  /* tags may repeat a tactic */
    if (strcmp((*v)[i], s) == 0) {
      free(s);
      return 0;
    }
  }
  char **nv = realloc(*v, (*n + 1) * sizeof *nv);
  if (!nv) {
    free(s);
    return -1;
  }
  nv[(*n)++] = s;
  *v = nv;
  return 0;
}

/* "attack.t1078.004" -> "T1078.004"; "attack.privilege-escalation" ->
 * "PrivilegeEscalation". Other tags (cve., car., attack.g0001) are skipped. */
static int add_tag(tw_sigma_rule *r, const char *tag) {
  if (strncasecmp(tag, "attack.", 7) != 0) {
    return 0;
  }
  const char *t = tag + 7;
  if ((t[0] == 't' || t[0] == 'T') && isdigit((unsigned char)t[1])) {
    char *s = strdup(t);
    if (s) {
      s[0] = 'T';
    }
    return push(&r->techniques, &r->ntechniques, s);
  }
  if ((t[0] == 'g' || t[0] == 's' || t[0] == 'G' || t[0] == 'S') &&
      isdigit((unsigned char)t[1])) {
    return 0;  /* groups and software */
  }
  size_t n = strlen(t);
  char *s = malloc(n + 1);
  if (!s) {
    return -1;
  }
  size_t k = 0;
  int up = 1;
  for (size_t i = 0; i < n; i++) {
    char c = t[i];
    if (c == '-' || c == '_' || c == ' ') {
      up = 1;
      continue;
    }
    s[k++] = up ? (char)toupper((unsigned char)c) : c;
    up = 0;
  }
  s[k] = 0;
  if (k == 0) {
    free(s);
    return 0;
  }
  return push(&r->tactics, &r->ntactics, s);
}

void tw_sigma_rule_free(tw_sigma_rule *r) {
  if (!r) {
    return;
  }
  for (size_t i = 0; i < r->ntactics; i++) {
    free(r->tactics[i]);
  }
  for (size_t i = 0; i < r->ntechniques; i++) {
    free(r->techniques[i]);
  }
  free(r->tactics);
  free(r->techniques);
  r->tactics = r->techniques = NULL;
  r->ntactics = r->ntechniques = 0;
}

trawl_status tw_sigma_rule_read(yaml_document_t *doc, const char *path,
                                tw_sigma_rule *r, trawl_diag *diag) {
  memset(r, 0, sizeof *r);
  r->path = path;
  r->doc = doc;
  r->root = yaml_document_get_root_node(doc);
  if (!tw_sigma_is_doc(doc, r->root)) {
    return tw_sigma_fail(diag, TRAWL_ERR_INPUT, path, r->root, 0, 0,
                         "not a Sigma rule (needs logsource and detection)");
  }
  yaml_node_t *root = r->root;
  r->title = str_or_empty(doc, root, "title");
  r->id = str_or_empty(doc, root, "id");
  r->status = str_or_empty(doc, root, "status");
  r->description = str_or_empty(doc, root, "description");
  r->level = str_or_empty(doc, root, "level");
  r->falsepositives = tw_yaml_get(doc, root, "falsepositives");
  r->fields = tw_yaml_get(doc, root, "fields");
  if (!*r->title) {
    return tw_sigma_fail(diag, TRAWL_ERR_INPUT, path, root, 0, 0,
                         "Sigma rule has no title");
  }
  yaml_node_t *ls = tw_yaml_get(doc, root, "logsource");
  if (ls->type != YAML_MAPPING_NODE) {
    return tw_sigma_fail(diag, TRAWL_ERR_INPUT, path, ls, 0, 0,
                         "logsource must be a mapping");
  }
  r->product = str_or_empty(doc, ls, "product");
  r->service = str_or_empty(doc, ls, "service");
  if (strcasecmp(r->product, "aws") == 0 &&
      strcasecmp(r->service, "cloudtrail") == 0) {
    r->table = TRAWL_TABLE_AWSCLOUDTRAIL;
  } else if (strcasecmp(r->product, "azure") == 0 &&
             strcasecmp(r->service, "activitylogs") == 0) {
    r->table = TRAWL_TABLE_AZUREACTIVITY;
  } else {
    return tw_sigma_fail(
        diag, TRAWL_ERR_UNSUPPORTED, path, ls, 0, 0,
        "unsupported logsource (product '%s', service '%s'): trawl reads "
        "aws/cloudtrail and azure/activitylogs",
        r->product, r->service);
  }
  yaml_node_t *det = tw_yaml_get(doc, root, "detection");
  if (det->type != YAML_MAPPING_NODE) {
    return tw_sigma_fail(diag, TRAWL_ERR_INPUT, path, det, 0, 0,
                         "detection must be a mapping");
  }
  r->detection = det;
  r->condition = tw_yaml_get(doc, det, "condition");
  r->timeframe = tw_yaml_get(doc, det, "timeframe");
  if (!r->condition) {
    return tw_sigma_fail(diag, TRAWL_ERR_INPUT, path, det, 0, 0,
                         "detection has no condition");
  }
  yaml_node_t *tags = tw_yaml_get(doc, root, "tags");
  if (tags && tags->type == YAML_SEQUENCE_NODE) {
    for (yaml_node_item_t *it = tags->data.sequence.items.start;
         it < tags->data.sequence.items.top; it++) {
      const char *s = tw_yaml_str(yaml_document_get_node(doc, *it));
      if (s && add_tag(r, s) != 0) {
        tw_sigma_rule_free(r);
        return tw_sigma_fail(diag, TRAWL_ERR_NOMEM, path, NULL, 0, 0,
                             "out of memory");
      }
    }
  }
  return TRAWL_OK;
}
