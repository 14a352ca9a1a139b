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

#endif
