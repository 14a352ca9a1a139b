/*
 * base/limits.h - every limit trawl enforces, named in one place.
 *
 * Logs and rules are attacker-controlled input: each of these bounds a
 * resource that input could otherwise exhaust. Tests exercise each edge.
 */
#ifndef TW_BASE_LIMITS_H
#define TW_BASE_LIMITS_H

/* Default cap on the inflated size of one gzip member (settable). */
#define TW_MAX_INFLATE_DEFAULT ((unsigned long long)4 << 30)
/* Largest single record (JSON object) the reader accepts. */
#define TW_MAX_RECORD_BYTES ((size_t)256 << 20)
/* Deepest JSON nesting accepted in a record or dynamic value. */
#define TW_MAX_JSON_DEPTH 512
/* Deepest expression / parenthesis nesting in a query. */
#define TW_MAX_EXPR_DEPTH 1000
/* Largest query text accepted. */
#define TW_MAX_QUERY_BYTES ((size_t)16 << 20)
/* Rows in one batch. */
#define TW_BATCH_ROWS 1024
/* Longest line printed by the table writer before a cell is cut. */
#define TW_MAX_TABLE_CELL 120

/* Largest rule or config YAML file accepted. */
#define TW_MAX_RULE_BYTES ((size_t)4 << 20)
/* Most rules in one ruleset. */
#define TW_MAX_RULES 10000
/* Deepest directory nesting walked when loading rules. */
#define TW_MAX_RULE_DIR_DEPTH 32
/* Deepest YAML nesting converted (entityMappings, config). */
#define TW_MAX_YAML_DEPTH 64
/* Most scheduled runs of one rule in a replay. */
#define TW_MAX_HUNT_RUNS 2000000
/* Rules whose rows one read of the input collects (hunt). */
#define TW_HUNT_STORE_QUERIES 16
/* Most --set / config let overrides for one rule. */
#define TW_MAX_HUNT_SETS 256
/* trawl simulate: most AWS accounts / Azure subscriptions, days, bytes. */
#define TW_SIM_MAX_ACCOUNTS 100
#define TW_SIM_MAX_DAYS 366
#define TW_SIM_MAX_BYTES ((unsigned long long)1 << 40)
/* trawl test: largest case file, most alerts kept per case. */
#define TW_TEST_MAX_FILE ((size_t)16 << 20)
#define TW_TEST_MAX_ALERTS 100000

/* User-function calls the binder inlines in one query (each copies the
 * body: nested calls could otherwise grow exponentially). */
#define TW_MAX_INLINE_CALLS 20000
/* Nesting of user-function calls inside user-function bodies. */
#define TW_MAX_INLINE_DEPTH 64
/* Syntax-tree nodes those inlined copies may add up to. */
#define TW_MAX_INLINE_NODES 2000000

/* Largest string or dynamic text one scalar function may produce
 * (strcat, replace_string, tostring of a big bag, ...); past it the query
 * fails with a limit error instead of exhausting memory. */
#define TW_MAX_VALUE_BYTES ((size_t)256 << 20)

/* Most constant values one reader prefilter carries (in / has_any lists):
 * a longer list is tested only by the where (a hash set), since the
 * reader tests prefilter values one by one for every record. */
#define TW_MAX_PREFILTER_VALUES 64

/* Subscriptions (scans) of one table in one read of the input; a hunt
 * with more rules reads the input in groups. */
#define TW_MAX_SUBS_PER_TABLE 64

#endif
