/*
 * kql/set.c - `--set NAME=VALUE`: replace the value of a top-level
 * `let NAME = ...;` with a scalar KQL literal expression, so a user can set
 * e.g. approved regions without editing a rule.
 */
#include <stdio.h>
#include <string.h>

#include "kql/parse.h"

trawl_status tw_query_set_let(tw_ast *query, const char *name,
                              const char *value_text, tw_arena *a,
                              trawl_diag *diag) {
  if (!query || query->kind != AST_QUERY || !name || !value_text) {
    if (diag) {
      diag->code = TRAWL_ERR_USAGE;
      diag->off = diag->len = 0;
      snprintf(diag->message, sizeof diag->message, "bad --set arguments");
    }
    return TRAWL_ERR_USAGE;
  }
  tw_ast *let = NULL;
  for (uint32_t i = 0; i < query->nkids; i++) {
    tw_ast *s = query->kids[i];
    if (s->kind == AST_LET && s->name && strcmp(s->name, name) == 0) {
      let = s; /* the last one wins, as a later let shadows */
    }
  }
  if (!let) {
    if (diag) {
      diag->code = TRAWL_ERR_NAME;
      diag->off = diag->len = 0;
      snprintf(diag->message, sizeof diag->message,
               "--set %s: the query has no top-level 'let %s = ...;'", name,
               name);
    }
    return TRAWL_ERR_NAME;
  }
  /* The value text must outlive the tree: copy it into the arena. */
  size_t len = strlen(value_text);
  char *copy = tw_arena_strndup(a, value_text, len);
  if (!copy) {
    if (diag) {
      diag->code = TRAWL_ERR_NOMEM;
      diag->off = diag->len = 0;
      snprintf(diag->message, sizeof diag->message, "out of memory");
    }
    return TRAWL_ERR_NOMEM;
  }
  tw_ast *v = NULL;
  trawl_status st = tw_parse_expr(copy, len, a, &v, diag);
  if (st != TRAWL_OK) {
    if (diag) {
      char msg[sizeof diag->message];
      memcpy(msg, diag->message, sizeof msg);
      msg[200] = 0;
      snprintf(diag->message, sizeof diag->message, "--set %.200s: %.290s", name,
               msg);
    }
    return st;
  }
  if (let->nkids == 0 || let->kids[0]->kind == AST_FUNC_DEF) {
    if (diag) {
      diag->code = TRAWL_ERR_TYPE;
      diag->off = let->off;
      diag->len = let->len;
      snprintf(diag->message, sizeof diag->message,
               "--set %s: '%s' is a function, not a value", name, name);
    }
    return TRAWL_ERR_TYPE;
  }
  let->kids[0] = v;
  return TRAWL_OK;
}
