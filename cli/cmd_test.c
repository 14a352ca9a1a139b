/*
 * cli/cmd_test.c - `trawl test PATH...`: run rule test cases, print PASS /
 * FAIL per case with a readable diff, a closing "N passed, N failed" line,
 * and optionally JUnit XML for CI (--junit FILE).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "trawl.h"

typedef struct junit_case {
  char *file, *name, *detail;
  int passed, error;
  double seconds;
} junit_case;

typedef struct test_ctx {
  int verbose;
  junit_case *jc;
  size_t n, cap;
  int keep;           /* collect for --junit */
  int oom;
} test_ctx;

static void help(FILE *f) {
  fprintf(f,
          "usage: trawl test [--junit FILE] [--rules PATH]... [--filter TEXT]\n"
          "                  [-v] PATH...\n"
          "\n"
          "Runs rule test cases (YAML files, or folders of them; format in\n"
          "docs/testing.md): each names a rule, inputs or inline events, a\n"
          "config, `now` or replay, and the alerts it expects.\n"
          "\n"
          "  --junit FILE    also write JUnit XML (for CI)\n"
          "  --rules PATH    rules that replace built-in rules of the same id\n"
          "                  (e.g. an edited copy of a rule under test)\n"
          "  --filter TEXT   only cases whose name contains TEXT\n"
          "  -v              also print how many alerts passing cases raised\n"
          "\n"
          "Exit status: 0 all passed, 1 some failed, 2 usage error.\n");
}

static char *dup(const char *s) {
  s = s ? s : "";
  size_t n = strlen(s);
  char *p = malloc(n + 1);
  if (p) {
    memcpy(p, s, n + 1);
  }
  return p;
}

static int on_case(void *vctx, const trawl_case_result *r) {
  test_ctx *c = vctx;
  if (r->passed) {
    if (c->verbose) {
      printf("PASS %s (%llu alert%s, %.2fs)\n", r->name,
             (unsigned long long)r->alerts, r->alerts == 1 ? "" : "s",
             r->seconds);
    } else {
      printf("PASS %s\n", r->name);
    }
  } else {
    printf("FAIL %s (%s)\n%s", r->name, r->file, r->detail);
  }
  fflush(stdout);
  if (!c->keep) {
    return 0;
  }
  if (c->n == c->cap) {
    size_t cap = c->cap ? c->cap * 2 : 64;
    junit_case *nj = realloc(c->jc, cap * sizeof *nj);
    if (!nj) {
      c->oom = 1;
      return 0;
    }
    c->jc = nj;
    c->cap = cap;
  }
  junit_case *j = &c->jc[c->n++];
  j->file = dup(r->file);
  j->name = dup(r->name);
  j->detail = dup(r->detail);
  j->passed = r->passed;
  j->error = r->error;
  j->seconds = r->seconds;
  return 0;
}

/* XML 1.0 text: escape markup, drop characters XML cannot carry. */
static void xml_text(FILE *f, const char *s) {
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    switch (*p) {
    case '&': fputs("&amp;", f); break;
    case '<': fputs("&lt;", f); break;
    case '>': fputs("&gt;", f); break;
    case '"': fputs("&quot;", f); break;
    case '\'': fputs("&apos;", f); break;
    default:
      if (*p < 0x20 && *p != '\n' && *p != '\t' && *p != '\r') {
        fputc('?', f);
      } else {
        fputc(*p, f);
      }
    }
  }
}

/* The first line of the detail, without indentation, for the message. */
static void first_line(FILE *f, const char *detail) {
  while (*detail == ' ') {
    detail++;
  }
  size_t n = strcspn(detail, "\n");
  char buf[400];
  if (n >= sizeof buf) {
    n = sizeof buf - 1;
  }
  memcpy(buf, detail, n);
  buf[n] = '\0';
  xml_text(f, buf);
}

static int write_junit(const char *path, const test_ctx *c,
                       const trawl_test_summary *sum) {
  FILE *f = fopen(path, "w");
  if (!f) {
    return -1;
  }
  double total = 0;
  unsigned long long errors = 0, failures = 0;
  for (size_t i = 0; i < c->n; i++) {
    total += c->jc[i].seconds;
    errors += c->jc[i].error != 0;
    failures += !c->jc[i].passed && !c->jc[i].error;
  }
  fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  fprintf(f,
          "<testsuites name=\"trawl test\" tests=\"%zu\" failures=\"%llu\" "
          "errors=\"%llu\" time=\"%.3f\">\n",
          c->n, failures, errors, total);
  fprintf(f,
          "  <testsuite name=\"trawl rule tests\" tests=\"%zu\" "
          "failures=\"%llu\" errors=\"%llu\" skipped=\"0\" time=\"%.3f\">\n",
          c->n, failures, errors, total);
  for (size_t i = 0; i < c->n; i++) {
    const junit_case *j = &c->jc[i];
    fputs("    <testcase classname=\"", f);
    xml_text(f, j->file);
    fputs("\" name=\"", f);
    xml_text(f, j->name);
    fprintf(f, "\" time=\"%.3f\"", j->seconds);
    if (j->passed) {
      fputs("/>\n", f);
      continue;
    }
    fprintf(f, ">\n      <%s message=\"", j->error ? "error" : "failure");
    first_line(f, j->detail);
    fprintf(f, "\" type=\"%s\">", j->error ? "CaseError" : "AssertionError");
    xml_text(f, j->detail);
    fprintf(f, "</%s>\n    </testcase>\n", j->error ? "error" : "failure");
  }
  fputs("  </testsuite>\n</testsuites>\n", f);
  (void)sum;
  return fclose(f) == 0 ? 0 : -1;
}

int cmd_test(int argc, char **argv) {
  const char **paths = calloc((size_t)argc + 1, sizeof *paths);
  const char **rules = calloc((size_t)argc + 1, sizeof *rules);
  size_t npaths = 0, nrules = 0;
  const char *junit = NULL;
  trawl_test_opts o;
  memset(&o, 0, sizeof o);
  test_ctx c;
  memset(&c, 0, sizeof c);
  int rc = EXIT_CLEAN;
  if (!paths || !rules) {
    fprintf(stderr, "trawl test: out of memory\n");
    rc = EXIT_ERROR;
    goto out;
  }
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    const char *v = i + 1 < argc ? argv[i + 1] : NULL;
    if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
      help(stdout);
      goto out;
    } else if (strcmp(a, "-v") == 0 || strcmp(a, "--verbose") == 0) {
      c.verbose = 1;
    } else if (strcmp(a, "--junit") == 0 || strcmp(a, "--rules") == 0 ||
               strcmp(a, "--filter") == 0) {
      if (!v) {
        fprintf(stderr, "trawl test: %s needs a value\n", a);
        rc = EXIT_ERROR;
        goto out;
      }
      if (a[2] == 'j') {
        junit = v;
      } else if (a[2] == 'r') {
        rules[nrules++] = v;
      } else {
        o.filter = v;
      }
      i++;
    } else if (a[0] == '-' && a[1]) {
      fprintf(stderr, "trawl test: unknown option %s (see --help)\n", a);
      rc = EXIT_ERROR;
      goto out;
    } else {
      paths[npaths++] = a;
    }
  }
  if (npaths == 0) {
    help(stderr);
    rc = EXIT_ERROR;
    goto out;
  }
  o.rule_paths = rules;
  o.nrule_paths = nrules;
  c.keep = junit != NULL;
  trawl_test_summary sum;
  trawl_diag d;
  memset(&d, 0, sizeof d);
  trawl_status st = trawl_test_run(paths, npaths, &o, on_case, &c, &sum, &d);
  if (st != TRAWL_OK) {
    fprintf(stderr, "trawl test: %s\n", d.message);
    rc = EXIT_ERROR;
    goto out;
  }
  printf("%llu passed, %llu failed\n", (unsigned long long)sum.passed,
         (unsigned long long)sum.failed);
  if (sum.passed + sum.failed == 0) {
    fprintf(stderr, "trawl test: no test cases found in the given paths\n");
    rc = EXIT_ERROR;
  } else if (sum.failed) {
    rc = EXIT_ALERTS;
  }
  if (junit) {
    if (c.oom || write_junit(junit, &c, &sum) != 0) {
      fprintf(stderr, "trawl test: cannot write %s\n", junit);
      rc = EXIT_ERROR;
    }
  }
out:
  for (size_t i = 0; i < c.n; i++) {
    free(c.jc[i].file);
    free(c.jc[i].name);
    free(c.jc[i].detail);
  }
  free(c.jc);
  free(paths);
  free(rules);
  return rc;
}
