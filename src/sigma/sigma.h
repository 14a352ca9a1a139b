/*
 * sigma/sigma.h - Sigma rules as trawl's second front end (internal).
 *
 * A Sigma rule for AWS CloudTrail (logsource product aws, service
 * cloudtrail) or Azure Activity (product azure, service activitylogs)
 * becomes KQL text over AWSCloudTrail or AzureActivity, which the normal
 * engine then compiles and runs. Pieces:
 *   rule.c       the rule model read from a libyaml document
 *   condition.c  the condition language parser (and/or/not, "1 of x*")
 *   modifiers.c  value modifiers (contains, re, cidr, ...) and matching
 *   fieldmap.c   Sigma field names -> table columns / dynamic paths
 *   to_kql.c     rule -> KQL text, and the public trawl_sigma_* calls
 */
#ifndef TW_SIGMA_SIGMA_H
#define TW_SIGMA_SIGMA_H

#include <stddef.h>
#include <yaml.h>

#include "base/arena.h"
#include "base/buf.h"
#include "trawl.h"

/* Most nodes in one condition, and how deeply it may nest. */
#define TW_SIGMA_MAX_COND_NODES 512
#define TW_SIGMA_MAX_COND_DEPTH 64
/* Longest generated KQL text. */
#define TW_SIGMA_MAX_KQL ((size_t)1 << 20)

/* Fill diag with "PATH:LINE:COL: message" (node may be NULL: no position;
 * `extra_col` is added to the node's column, `extra_line` to its line). */
trawl_status tw_sigma_fail(trawl_diag *diag, trawl_status st,
                           const char *path, const yaml_node_t *node,
                           size_t extra_line, size_t extra_col,
                           const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));

/* ------------------------------------------------------------- rule.c */

typedef struct tw_sigma_rule {
  const char *path;
  yaml_document_t *doc;
  yaml_node_t *root;
  /* Strings point into the document (NUL-terminated) or are "". */
  const char *title, *id, *status, *description, *level;
  const char *product, *service;
  trawl_table table;
  /* attack.tNNNN[.NNN] -> "TNNNN[.NNN]"; attack.<tactic> -> "Tactic" in
   * Sentinel's spelling. malloc'd arrays of malloc'd strings. */
  char **tactics;
  size_t ntactics;
  char **techniques;
  size_t ntechniques;
  yaml_node_t *detection;
  yaml_node_t *condition;   /* scalar or sequence of scalars */
  yaml_node_t *falsepositives, *fields, *timeframe;
} tw_sigma_rule;

/* 1 if the root mapping has both `logsource:` and `detection:`. */
int tw_sigma_is_doc(yaml_document_t *doc, yaml_node_t *root);
/* Read and check the rule's fields; free with tw_sigma_rule_free. */
trawl_status tw_sigma_rule_read(yaml_document_t *doc, const char *path,
                                tw_sigma_rule *r, trawl_diag *diag);
void tw_sigma_rule_free(tw_sigma_rule *r);
/* Sentinel severity of a Sigma level ("critical" -> "High"); "" if none. */
const char *tw_sigma_severity(const char *level);

/* -------------------------------------------------------- condition.c */

typedef enum tw_scond_kind {
  TW_SC_REF,     /* a search identifier */
  TW_SC_AND,
  TW_SC_OR,
  TW_SC_NOT,
  TW_SC_ONE_OF,  /* "1 of PATTERN" / "any of" ("them" = pattern "*") */
  TW_SC_ALL_OF   /* "all of PATTERN" */
} tw_scond_kind;

typedef struct tw_scond {
  tw_scond_kind kind;
  int a, b;         /* operand node indexes (-1 none) */
  size_t off, len;  /* name or pattern in the condition text */
} tw_scond;

typedef struct tw_scond_tree {
  tw_scond nodes[TW_SIGMA_MAX_COND_NODES];
  int n;
  int root;
  /* "| count([F]) [by G] OP N" after the expression (agg = 1); field
   * names as offsets into the condition text (len 0 = none). */
  int agg;
  size_t agg_field_off, agg_field_len, agg_by_off, agg_by_len;
  char agg_op[3];
  long agg_n;
} tw_scond_tree;

/* Parse `text`. On error returns -1 with *err_off set and a message. */
int tw_sigma_cond_parse(const char *text, size_t len, tw_scond_tree *t,
                        size_t *err_off, char *err, size_t errn);
/* 1 if `name` (n bytes) matches glob `pat` (p bytes; `*` only). */
int tw_sigma_glob(const char *pat, size_t p, const char *name, size_t n);

/* -------------------------------------------------------- fieldmap.c */

typedef enum tw_sfield_kind {
  TW_SF_STRING,   /* a string column or a tostring() path */
  TW_SF_OTHER     /* a bool/datetime column: wrap in tostring(); isnull */
} tw_sfield_kind;

/* Append the KQL expression of Sigma field `name` in table t to `out`.
 * Returns 0, or -1 if the field has no column in that table. */
int tw_sigma_field(trawl_table t, const char *name, tw_buf *out,
                   tw_sfield_kind *kind);

/* -------------------------------------------------------- modifiers.c */

enum {
  TW_SM_CONTAINS = 1u << 0,
  TW_SM_STARTSWITH = 1u << 1,
  TW_SM_ENDSWITH = 1u << 2,
  TW_SM_ALL = 1u << 3,
  TW_SM_RE = 1u << 4,
  TW_SM_RE_I = 1u << 5,
  TW_SM_RE_M = 1u << 6,
  TW_SM_RE_S = 1u << 7,
  TW_SM_CIDR = 1u << 8,
  TW_SM_EXISTS = 1u << 9,
  TW_SM_BASE64 = 1u << 10,
  TW_SM_FIELDREF = 1u << 11,
  TW_SM_CASED = 1u << 12,
  TW_SM_LT = 1u << 13,
  TW_SM_LTE = 1u << 14,
  TW_SM_GT = 1u << 15,
  TW_SM_GTE = 1u << 16
};

/* Parse the modifier chain after the field ("contains|all"). Returns 0,
 * or -1 with the unknown or conflicting modifier named in err. */
int tw_sigma_mods_parse(const char *chain, unsigned *mods, char *err,
                        size_t errn);

/* Append a KQL string literal (double quotes, KQL escapes). */
int tw_sigma_kql_str(tw_buf *out, const char *s, size_t n);

/*
 * Append the predicate "field matches one value" to out: lhs is the field
 * expression (kind from tw_sigma_field), value the YAML scalar (NULL for a
 * YAML null). table is needed for |fieldref. Returns 0, or -1 with a
 * message in err (bad regex flags, bad CIDR, ...).
 */
int tw_sigma_match(tw_buf *out, trawl_table table, const char *lhs,
                   tw_sfield_kind kind, unsigned mods, const char *value,
                   size_t vlen, char *err, size_t errn);

/* 1 if the value (under mods) is a plain case-insensitive equality, so a
 * list of them can become one `in~ (...)`. */
int tw_sigma_is_plain(unsigned mods, const char *value, size_t vlen);
/* Append the KQL string literal of a plain value (escapes resolved). */
int tw_sigma_plain_literal(tw_buf *out, const char *value, size_t vlen);

/* ------------------------------------------------------------ to_kql.c */

/* KQL text of a rule read by tw_sigma_rule_read (malloc'd in *kql). */
trawl_status tw_sigma_rule_kql(const tw_sigma_rule *r, char **kql,
                               size_t *len, trawl_diag *diag);

/*
 * For the rules loader: a trawl_rule (strings in arena a) from a Sigma
 * document: id, name = title, severity from level, tactics/techniques
 * from tags, query = the KQL, queryFrequency = queryPeriod = 1h.
 */
trawl_status tw_sigma_make_rule(tw_arena *a, yaml_document_t *doc,
                                const char *source, trawl_rule **out,
                                trawl_diag *diag);

#endif
