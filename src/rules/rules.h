/*
 * rules/rules.h - internals shared by the rules module: the built-in rule
 * pack, Sentinel duration parsing, top-level `let` discovery in KQL text,
 * and the configuration's view for the hunt.
 */
#ifndef TW_RULES_RULES_H
#define TW_RULES_RULES_H

#include <stddef.h>
#include <stdint.h>

#include "trawl.h"

/* One built-in rule file: its name in rules/ and its YAML text. */
typedef struct tw_builtin_rule {
  const char *file;
  const char *yaml;
} tw_builtin_rule;

extern const tw_builtin_rule tw_builtin_rules[];
extern const size_t tw_builtin_rule_count;

/* A Sentinel duration ("5m", "1h", "14d", "PT1H", "P1D") in ticks: 0 / -1. */
int tw_rule_duration(const char *s, int64_t *out);

/*
 * Names of the query's top-level `let NAME =` statements (outside strings,
 * comments, brackets): calls fn for each. Returns the count.
 */
size_t tw_kql_top_lets(const char *q, size_t len,
                       void (*fn)(void *ctx, const char *name, size_t n),
                       void *ctx);
/* 1 if `q` has a top-level let named `name`. */
int tw_kql_has_let(const char *q, size_t len, const char *name);

#endif
