/*
 * sim/testdiff.c - compare a case's alerts with its expectations and
 * explain the difference (see testcase.h).
 *
 * Each `match` entry must be satisfied by its own alert (entries are
 * paired with alerts in order, first fit). When `alerts: N` is given and
 * more alerts appeared, the ones no entry claimed are listed as
 * unexpected. Every alert that satisfies a `none` entry is an error.
 */
#include <stdlib.h>
#include <string.h>

#include "sim/testcase.h"

/* Columns shown for an alert, after the ones a pattern names. */
static const char *const key_fields[] = {
    "TimeGenerated",    "OperationNameValue", "ResourceLocation", "Caller",
    "AwsEventId",       "CorrelationId",      "EventName",        "AWSRegion",
    "SubscriptionId",   NULL};

const char *tw_tc_field(const tw_tc_alert *a, const char *f) {
  if (strcmp(f, "rule") == 0) {
    return a->rule;
  }
  if (strcmp(f, "window_end") == 0) {
    return a->window_end;
  }
  for (size_t i = 0; i < a->n; i++) {
    if (strcmp(a->cols[i], f) == 0) {
      return a->vals[i];
    }
  }
  return NULL;
}

/* Number of the pattern's fields the alert agrees with. */
static size_t agree(const tw_tc_pattern *p, const tw_tc_alert *a) {
  size_t k = 0;
  for (size_t i = 0; i < p->n; i++) {
    const char *v = tw_tc_field(a, p->fields[i]);
    if (v && strcmp(v, p->values[i]) == 0) {
      k++;
    }
  }
  return k;
}

static int matches(const tw_tc_pattern *p, const tw_tc_alert *a) {
  return agree(p, a) == p->n;
}

static void quote(tw_buf *out, const char *s) {
  size_t n = strlen(s);
  if (n > 160) {
    tw_buf_printf(out, "\"%.157s...\"", s);
  } else {
    tw_buf_printf(out, "\"%s\"", s);
  }
}

static void show_pattern(tw_buf *out, const tw_tc_pattern *p) {
  tw_buf_adds(out, "{");
  for (size_t i = 0; i < p->n; i++) {
    tw_buf_printf(out, "%s%s: ", i ? ", " : "", p->fields[i]);
    quote(out, p->values[i]);
  }
  tw_buf_adds(out, "}");
}

/* The alert's key fields: those `p` names first, then the usual ones. */
static void show_alert(tw_buf *out, const tw_tc_alert *a,
                       const tw_tc_pattern *p) {
  int first = 1;
  tw_buf_adds(out, "{");
  for (size_t i = 0; p && i < p->n; i++) {
    const char *v = tw_tc_field(a, p->fields[i]);
    tw_buf_printf(out, "%s%s: ", first ? "" : ", ", p->fields[i]);
    if (v) {
      quote(out, v);
    } else {
      tw_buf_adds(out, "(no such column)");
    }
    first = 0;
  }
  for (size_t k = 0; key_fields[k]; k++) {
    int named = 0;
    for (size_t i = 0; p && i < p->n; i++) {
      named |= strcmp(p->fields[i], key_fields[k]) == 0;
    }
    const char *v = tw_tc_field(a, key_fields[k]);
    if (named || !v || !v[0]) {
      continue;
    }
    tw_buf_printf(out, "%s%s: ", first ? "" : ", ", key_fields[k]);
    quote(out, v);
    first = 0;
  }
  tw_buf_printf(out, "} [rule %s]", a->rule);
}

int tw_tc_compare(const tw_tc_expect *ex, const tw_tc_alert *got, size_t n,
                  tw_buf *out) {
  int ok = 1;
  char *used = calloc(n ? n : 1, 1);
  if (!used) {
    tw_buf_adds(out, "  out of memory\n");
    return 0;
  }
  size_t missing = 0;
  for (size_t m = 0; m < ex->nmatch; m++) {
    const tw_tc_pattern *p = &ex->match[m];
    size_t hit = n;
    for (size_t i = 0; i < n && hit == n; i++) {
      if (!used[i] && matches(p, &got[i])) {
        hit = i;
      }
    }
    if (hit < n) {
      used[hit] = 1;
      continue;
    }
    ok = 0;
    missing++;
    tw_buf_printf(out, "  missing alert (expect.match #%zu, line %zu): ",
                  m + 1, p->line);
    show_pattern(out, p);
    tw_buf_adds(out, "\n");
    /* The closest alert, and where it differs. */
    size_t best = n, best_k = 0;
    for (size_t i = 0; i < n; i++) {
      size_t k = agree(p, &got[i]);
      if (best == n || k > best_k) {
        best = i;
        best_k = k;
      }
    }
    if (best < n && best_k > 0) {
      tw_buf_adds(out, "    closest alert: ");
      show_alert(out, &got[best], NULL);
      tw_buf_adds(out, "\n");
      for (size_t i = 0; i < p->n; i++) {
        const char *v = tw_tc_field(&got[best], p->fields[i]);
        if (v && strcmp(v, p->values[i]) == 0) {
          continue;
        }
        tw_buf_printf(out, "      %s: expected ", p->fields[i]);
        quote(out, p->values[i]);
        if (v) {
          tw_buf_adds(out, ", got ");
          quote(out, v);
        } else {
          tw_buf_adds(out, ", but the result has no such column");
        }
        tw_buf_adds(out, "\n");
      }
    } else if (n == 0) {
      tw_buf_adds(out, "    (the rule raised no alert at all)\n");
    } else {
      tw_buf_adds(out, "    (no alert shares any of these values)\n");
    }
  }
  for (size_t m = 0; m < ex->nnone; m++) {
    const tw_tc_pattern *p = &ex->none[m];
    /* A field no alert has would make this entry match nothing, so a typo
     * would pass silently: name it instead. */
    for (size_t f = 0; n > 0 && f < p->n; f++) {
      if (!tw_tc_field(&got[0], p->fields[f])) {
        ok = 0;
        tw_buf_printf(out, "  expect.none #%zu (line %zu) names '%s', which "
                           "is not a column of the rule's alerts\n",
                      m + 1, p->line, p->fields[f]);
      }
    }
    for (size_t i = 0; i < n; i++) {
      if (matches(p, &got[i])) {
        ok = 0;
        tw_buf_printf(out, "  alert on an event that must not alert "
                           "(expect.none #%zu, line %zu): ",
                      m + 1, p->line);
        show_pattern(out, p);
        tw_buf_adds(out, "\n    got: ");
        show_alert(out, &got[i], p);
        tw_buf_adds(out, "\n");
      }
    }
  }
  if (ex->alerts >= 0 && (size_t)ex->alerts != n) {
    ok = 0;
    tw_buf_printf(out, "  expected %ld alert%s, got %zu\n", ex->alerts,
                  ex->alerts == 1 ? "" : "s", n);
    if (n < (size_t)ex->alerts) {
      for (size_t i = 0; i < n && i < 20; i++) {
        tw_buf_adds(out, "    got: ");
        show_alert(out, &got[i], NULL);
        tw_buf_adds(out, "\n");
      }
    } else {
      size_t shown = 0;
      for (size_t i = 0; i < n; i++) {
        if (used[i]) {
          continue;
        }
        if (shown++ == 20) {
          tw_buf_adds(out, "    ...\n");
          break;
        }
        tw_buf_adds(out, "    unexpected alert: ");
        show_alert(out, &got[i], NULL);
        tw_buf_adds(out, "\n");
      }
    }
  }
  free(used);
  (void)missing;
  return ok;
}
