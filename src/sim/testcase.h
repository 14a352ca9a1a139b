/*
 * sim/testcase.h - internals of `trawl test`: the alerts a case collected
 * and the expectations it checks them against (docs/testing.md).
 *
 * testcase.c loads case files and runs them through trawl_hunt_run;
 * testdiff.c compares the alerts with the expectations and writes the
 * readable diff.
 */
#ifndef TW_SIM_TESTCASE_H
#define TW_SIM_TESTCASE_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"

/* One alert, copied out of the hunt callback: cells as text. */
typedef struct tw_tc_alert {
  char *rule;          /* rule id */
  char *window_end;    /* ISO time of the run that raised it */
  size_t n;
  char **cols;
  char **vals;         /* strings raw, other values as JSON text */
} tw_tc_alert;

/* A set of field = value conditions (one `match` or `none` entry). */
typedef struct tw_tc_pattern {
  size_t n;
  char **fields;
  char **values;
  size_t line;         /* line in the case file */
} tw_tc_pattern;

typedef struct tw_tc_expect {
  long alerts;         /* -1 = not checked */
  tw_tc_pattern *match;
  size_t nmatch;
  tw_tc_pattern *none;
  size_t nnone;
} tw_tc_expect;

/* The text of field `f` in alert `a` ("rule" and "window_end" are
 * virtual fields), or NULL when the alert has no such column. */
const char *tw_tc_field(const tw_tc_alert *a, const char *f);

/*
 * Check `got` against `ex`. Returns 1 when every expectation holds;
 * otherwise 0 with a readable explanation appended to `out` (indented
 * lines: missing alerts with the closest alert's differing fields,
 * unexpected alerts, alerts on events that must not alert).
 */
int tw_tc_compare(const tw_tc_expect *ex, const tw_tc_alert *got, size_t n,
                  tw_buf *out);

#endif
