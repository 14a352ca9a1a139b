/*
 * cli/cmd_query.c - `trawl query`: run one KQL query over log files.
 *
 *   trawl query [--now TIME] [--set NAME=VALUE]... [--format table|jsonl|csv]
 *               [input options] (QUERY | -f FILE) PATH...
 *
 * FILE is a .kql file or a Sentinel analytic-rule .yaml (its `query`).
 * Result rows go to stdout through the writer; input problems and the
 * summary go to stderr (cli/common.c). A query error prints
 * `trawl: query:LINE:COL: message`, the query line and a caret.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "common.h"
#include "trawl.h"

static const char query_usage_head[] =
    "usage: trawl query [OPTIONS] (QUERY | -f FILE) PATH...\n"
    "\n"
    "Run a KQL query (a Sentinel analytic rule) over AWS CloudTrail and\n"
    "Azure Activity log files, as the tables AWSCloudTrail and AzureActivity.\n"
    "\n"
    "options:\n"
    "  -f FILE             read the query from FILE: .kql text, or a Sentinel\n"
    "                      analytic-rule .yaml (its query:), - for stdin\n"
    "  --now TIME          fix now() / ago() (ISO 8601, e.g. 2026-01-02T00:00:00Z)\n"
    "  --set NAME=VALUE    replace the value of `let NAME = ...;` with the KQL\n"
    "                      literal VALUE (e.g. --set 'Regions=dynamic([\"x\"])')\n"
    "  --format FMT        table (default on a terminal), jsonl (default\n"
    "                      otherwise) or csv\n";
static const char query_usage_tail[] =
    "\n"
    "PATH is a file, a directory (read recursively, sorted) or - for stdin.\n"
    "Without PATH the tables are empty (for print, datatable, range ...).\n"
    "\n"
    "examples:\n"
    "  trawl query 'AWSCloudTrail | summarize count() by EventName' logs/\n"
    "  trawl query --now 2026-12-03T12:00:00Z -f rule.yaml --format csv logs/\n"
    "\n"
    "exit codes: 0 success, 2 bad usage, a query that does not compile or\n"
    "nothing readable, 4 some input was skipped (see the summary).\n";

typedef struct q_ctx {
  trawl_writer *w;
  int write_failed;
  unsigned long long rows;
} q_ctx;

static int on_row(void *ctx, const trawl_value *row, size_t ncols) {
  (void)ncols;
  q_ctx *c = ctx;
  c->rows++;
  if (trawl_writer_row(c->w, row) != 0) {
    c->write_failed = 1;
    return 1;
  }
  return 0;
}

static int ends_with(const char *s, const char *suffix) {
  size_t n = strlen(s), k = strlen(suffix);
  return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* The query text of FILE: a .yaml/.yml rule's query, else the file. */
static char *load_query(const char *file, size_t *len) {
  if (ends_with(file, ".yaml") || ends_with(file, ".yml")) {
    char *text = NULL;
    trawl_diag d;
    memset(&d, 0, sizeof d);
    if (trawl_yaml_query(file, &text, len, &d) != TRAWL_OK) {
      fprintf(stderr, "trawl query: %s: %s\n", file, d.message);
      return NULL;
    }
    return text;
  }
  char *text = cli_read_file(file, len);
  if (!text) {
    fprintf(stderr, "trawl query: cannot read query file '%s': %s\n", file,
            strerror(errno));
  }
  return text;
}

/* --set NAME=VALUE into the parallel name/value arrays. */
static int add_set(const char *val, const char **names, const char **values,
                   char **bufs, size_t *n) {
  const char *e = strchr(val, '=');
  if (!e || e == val) {
    fprintf(stderr, "trawl query: --set needs NAME=VALUE, not '%s'\n", val);
    return -1;
  }
  bufs[*n] = strndup(val, (size_t)(e - val));
  if (!bufs[*n]) {
    return -1;
  }
  names[*n] = bufs[*n];
  values[*n] = e + 1;
  (*n)++;
  return 0;
}

static int parse_format(const char *val, trawl_format *fmt) {
  if (strcmp(val, "jsonl") == 0 || strcmp(val, "json") == 0) {
    *fmt = TRAWL_FMT_JSONL;
  } else if (strcmp(val, "csv") == 0) {
    *fmt = TRAWL_FMT_CSV;
  } else if (strcmp(val, "table") == 0) {
    *fmt = TRAWL_FMT_TABLE;
  } else {
    fprintf(stderr, "trawl query: unknown format '%s' (table, jsonl or "
                    "csv)\n", val);
    return -1;
  }
  return 0;
}

int cmd_query(int argc, char **argv) {
  q_ctx c;
  memset(&c, 0, sizeof c);
  cli_input_report rep;
  memset(&rep, 0, sizeof rep);
  rep.cmd = "trawl query";
  trawl_format fmt = isatty(STDOUT_FILENO) ? TRAWL_FMT_TABLE : TRAWL_FMT_JSONL;
  trawl_input_opts in;
  memset(&in, 0, sizeof in);
  trawl_run_opts run;
  memset(&run, 0, sizeof run);
  const char *qfile = NULL, *qtext = NULL;
  const char **paths = calloc((size_t)argc + 1, sizeof *paths);
  const char **set_names = calloc((size_t)argc + 1, sizeof *set_names);
  const char **set_values = calloc((size_t)argc + 1, sizeof *set_values);
  char **set_bufs = calloc((size_t)argc + 1, sizeof *set_bufs);
  size_t npaths = 0, nsets = 0;
  int only_paths = 0, rc = EXIT_ERROR;
  char *text = NULL;
  size_t tlen = 0;
  trawl_query *q = NULL;
  if (!paths || !set_names || !set_values || !set_bufs) {
    fprintf(stderr, "trawl query: out of memory\n");
    goto out;
  }
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (only_paths || a[0] != '-' || a[1] == '\0') {
      if (!qfile && !qtext) {
        qtext = a;
      } else {
        paths[npaths++] = a;
      }
      continue;
    }
    if (strcmp(a, "--") == 0) {
      only_paths = 1;
      continue;
    }
    if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
      printf("%s%s%s", query_usage_head, cli_input_options_help,
             query_usage_tail);
      rc = EXIT_CLEAN;
      goto out;
    }
    int r = cli_input_option(argc, argv, &i, &in, &rep);
    if (r < 0) {
      goto out;
    }
    if (r > 0) {
      continue;
    }
    static const char *const with_val[] = {"-f", "--file", "--now", "--set",
                                           "--format"};
    const char *eq = strncmp(a, "--", 2) == 0 ? strchr(a, '=') : NULL;
    size_t nl = eq ? (size_t)(eq - a) : strlen(a);
    int which = -1;
    for (int k = 0; k < 5; k++) {
      if (strlen(with_val[k]) == nl && strncmp(a, with_val[k], nl) == 0) {
        which = k;
      }
    }
    if (which < 0) {
      fprintf(stderr, "trawl query: unknown option '%s' (see trawl query "
                      "--help)\n", a);
      goto out;
    }
    const char *val = eq ? eq + 1 : (i + 1 < argc ? argv[++i] : NULL);
    if (!val) {
      fprintf(stderr, "trawl query: %s needs a value\n", a);
      goto out;
    }
    if (which <= 1) {
      qfile = val;
    } else if (which == 2) {
      if (trawl_parse_datetime(val, strlen(val), &run.now) != 0) {
        fprintf(stderr, "trawl query: --now needs an ISO 8601 time such as "
                        "2026-01-02T00:00:00Z, not '%s'\n", val);
        goto out;
      }
      run.has_now = 1;
    } else if (which == 3) {
      if (add_set(val, set_names, set_values, set_bufs, &nsets) != 0) {
        goto out;
      }
    } else if (parse_format(val, &fmt) != 0) {
      goto out;
    }
  }
  if (qfile && qtext) { /* the first positional was a path after all */
    memmove(paths + 1, paths, npaths * sizeof *paths);
    paths[0] = qtext;
    npaths++;
    qtext = NULL;
  }
  if (!qfile && !qtext) {
    fprintf(stderr, "trawl query: no query; give QUERY or -f FILE (see "
                    "trawl query --help)\n");
    goto out;
  }
  text = qfile ? load_query(qfile, &tlen) : strdup(qtext);
  if (!text) {
    goto out;
  }
  if (!qfile) {
    tlen = strlen(text);
  }
  trawl_compile_opts co;
  memset(&co, 0, sizeof co);
  co.set_names = set_names;
  co.set_values = set_values;
  co.nsets = nsets;
  trawl_diag diag;
  memset(&diag, 0, sizeof diag);
  trawl_status st = trawl_query_compile(text, tlen, &co, &q, &diag);
  if (st != TRAWL_OK) {
    if (st == TRAWL_ERR_NAME && diag.len == 0 && nsets > 0) {
      fprintf(stderr, "trawl query: %s\n", diag.message); /* --set NAME */
    } else {
      cli_print_query_error("query", text, tlen, &diag);
    }
    goto out;
  }
  size_t nc = trawl_query_ncolumns(q);
  const char **names = calloc(nc + 1, sizeof *names);
  if (!names) {
    goto out;
  }
  for (size_t i = 0; i < nc; i++) {
    names[i] = trawl_query_column_name(q, i);
  }
  c.w = trawl_writer_new(stdout, fmt, names, nc);
  free(names);
  if (!c.w) {
    fprintf(stderr, "trawl query: out of memory\n");
    goto out;
  }
  trawl_writer_fit(c.w, cli_terminal_width());
  in.on_event = cli_on_input_event;
  in.ctx = &rep;
  trawl_summary sum;
  memset(&sum, 0, sizeof sum);
  st = trawl_query_run(q, paths, npaths, &in, &run, on_row, &c, &sum, &diag);
  if (trawl_writer_end(c.w) != 0 || fflush(stdout) != 0) {
    c.write_failed = 1;
  }
  if (npaths > 0 && (sum.files || sum.files_failed)) {
    cli_print_summary(&rep, &sum);
    fprintf(stderr, "trawl query: %llu result row%s\n", c.rows,
            c.rows == 1 ? "" : "s");
  }
  if (st != TRAWL_OK) {
    if (st == TRAWL_ERR_UNSUPPORTED || st == TRAWL_ERR_RUNTIME ||
        st == TRAWL_ERR_TYPE || st == TRAWL_ERR_NAME) {
      cli_print_query_error("query", text, tlen, &diag);
    } else {
      fprintf(stderr, "trawl query: %s\n", diag.message);
    }
    goto out;
  }
  if (c.write_failed) {
    fprintf(stderr, "trawl query: could not write the output\n");
    goto out;
  }
  if (npaths > 0 && sum.files == 0 && sum.files_failed > 0) {
    fprintf(stderr, "trawl query: no input could be read\n");
    goto out;
  }
  rc = cli_input_exit_bits(&sum);
out:
  trawl_query_free(q);
  free(text);
  if (set_bufs) {
    for (size_t i = 0; i < nsets; i++) {
      free(set_bufs[i]);
    }
  }
  free(set_bufs);
  free(set_names);
  free(set_values);
  free(paths);
  return rc;
}
