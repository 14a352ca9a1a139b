/*
 * rules/yamldoc.h - small helpers over libyaml's document tree, shared by
 * the rule loader and the configuration loader: load text with a positioned
 * error, look up mapping keys, read scalars, turn a subtree into JSON text.
 */
#ifndef TW_RULES_YAMLDOC_H
#define TW_RULES_YAMLDOC_H

#include <stddef.h>
#include <yaml.h>

#include "base/buf.h"

/*
 * Parse the first YAML document of `text`. Returns 0, or -1 with "LINE:COL:
 * problem" in err. On success the caller frees doc with yaml_document_delete.
 * An empty text gives a document without a root node.
 */
int tw_yaml_load(const char *text, size_t len, yaml_document_t *doc,
                 char *err, size_t errn);

/* The value node of `key` in mapping `map`, or NULL. */
yaml_node_t *tw_yaml_get(yaml_document_t *doc, yaml_node_t *map,
                         const char *key);
/* A scalar's text (NUL-terminated by libyaml) or NULL if not a scalar. */
const char *tw_yaml_str(const yaml_node_t *n);
/* 1-based line of a node. */
size_t tw_yaml_line(const yaml_node_t *n);
/* 1 for true/yes/on, 0 for false/no/off, -1 otherwise. */
int tw_yaml_bool(const yaml_node_t *n);
/* Append a subtree as JSON (scalars as strings, except plain true/false,
 * null and numbers). Returns 0, or -1 if too deep or out of memory. */
int tw_yaml_to_json(yaml_document_t *doc, yaml_node_t *n, tw_buf *out,
                    int depth);

#endif
