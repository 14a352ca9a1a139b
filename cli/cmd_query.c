/*
 * cli/cmd_query.c - `trawl query`: run one KQL query over log files.
 *
 *   trawl query [--now TIME] [--set NAME=VALUE]... [--format table|jsonl|csv]
 *               (QUERY | -f FILE) PATH...
 *
 * Result rows go to stdout through the writer; input events go to stderr
 * as `trawl: FILE:offset N (line L, record R): message`, then a summary. A
 * query error prints `trawl: query:LINE:COL: message`, the query line and a
 * caret. Uses only include/trawl.h.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "trawl.h"

static const char query_usage[] =
    "usage: trawl query [OPTIONS] (QUERY | -f FILE) PATH...\n"
    "\n"
    "Run a KQL query (a Sentinel analytic rule) over AWS CloudTrail and\n"
    "Azure Activity log files, as the tables AWSCloudTrail and AzureActivity.\n"
    "\n"
    "options:\n"
    "  -f FILE             read the query from FILE\n"
    "  --now TIME          fix now() / ago() (ISO 8601, e.g. 2026-01-02T00:00:00Z)\n"
    "  --set NAME=VALUE    replace the value of `let NAME = ...;` with the KQL\n"
    "                      literal VALUE (e.g. --set 'Regions=dynamic([\"x\"])')\n"
    "  --format FMT        jsonl (default), csv or table\n"
    "  --threads N         reader threads (default: all cores)\n"
    "  -q, --quiet         no per-record messages, only the summary\n"
    "\n"
    "PATH is a file, a directory (read recursively, sorted) or - for stdin.\n"
    "Without PATH the tables are empty (for print, datatable, range ...).\n"
    "\n"
    "exit codes: 0 success, 2 bad usage, a query that does not compile or\n"
    "nothing readable, 4 some input was skipped (see the summary).\n";

typedef struct q_ctx {
  trawl_writer *w;
  int quiet;
  int write_failed;
  unsigned long long rows;
} q_ctx;

static void on_event(void *ctx, const trawl_input_event *ev) {
  q_ctx *c = ctx;
  if (c->quiet) {
    return;
  }
  fprintf(stderr, "trawl: %s", ev->file ? ev->file : "?");
  if (ev->offset || ev->line || ev->record) {
    fprintf(stderr, ":offset %llu", (unsigned long long)ev->offset);
    if (ev->line && ev->record) {
      fprintf(stderr, " (line %llu, record %llu)",
              (unsigned long long)ev->line, (unsigned long long)ev->record);
    } else if (ev->line) {
      fprintf(stderr, " (line %llu)", (unsigned long long)ev->line);
    } else if (ev->record) {
      fprintf(stderr, " (record %llu)", (unsigned long long)ev->record);
    }
  }
  fprintf(stderr, ": %s%s\n", ev->is_error ? "" : "note: ",
          ev->message ? ev->message : ev->reason);
}

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

/* Print `trawl: query:LINE:COL: message`, the line and a caret. */
static void print_query_error(const char *text, size_t len,
                              const trawl_diag *d) {
  size_t off = d->off <= len ? d->off : len;
  size_t line = 1, ls = 0;
  for (size_t i = 0; i < off; i++) {
    if (text[i] == '\n') {
      line++;
      ls = i + 1;
    }
  }
  size_t le = ls;
  while (le < len && text[le] != '\n' && text[le] != '\r') {
    le++;
  }
  size_t col = 1;
  for (size_t i = ls; i < off; i++) {
    if (((unsigned char)text[i] & 0xC0) != 0x80) {
      col++;
    }
  }
  fprintf(stderr, "trawl: query:%zu:%zu: %s\n", line, col, d->message);
  fprintf(stderr, "  ");
  for (size_t i = ls; i < le; i++) {
    unsigned char ch = (unsigned char)text[i];
    fputc(ch == '\t' ? ' ' : (ch < 0x20 ? '?' : ch), stderr);
  }
  fprintf(stderr, "\n  ");
  for (size_t i = ls; i < off; i++) {
    if (((unsigned char)text[i] & 0xC0) != 0x80) {
      fputc(' ', stderr);
    }
  }
  size_t n = d->len ? d->len : 1;
  if (off + n > le) {
    n = le > off ? le - off : 1;
  }
  for (size_t i = 0; i < n; i++) {
    fputc(i == 0 ? '^' : '~', stderr);
  }
  fputc('\n', stderr);
}

static char *read_file(const char *path, size_t *len) {
  FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
  if (!f) {
    return NULL;
  }
  size_t cap = 4096, n = 0;
  char *buf = malloc(cap);
  while (buf) {
    if (n + 4096 > cap) {
      if (cap > ((size_t)64 << 20)) {
        free(buf);
        buf = NULL;
        break;
      }
      char *nb = realloc(buf, cap * 2);
      if (!nb) {
        free(buf);
        buf = NULL;
        break;
      }
      buf = nb;
      cap *= 2;
    }
    size_t k = fread(buf + n, 1, cap - n - 1, f);
    n += k;
    if (k == 0) {
      break;
    }
  }
  if (f != stdin) {
    fclose(f);
  }
  if (buf) {
    buf[n] = 0;
    *len = n;
  }
  return buf;
}

static void print_summary(const trawl_summary *s, unsigned long long rows) {
  fprintf(stderr, "trawl: read %llu file%s (%llu bytes); %llu row%s "
                  "(AWSCloudTrail %llu, AzureActivity %llu); %llu result "
                  "row%s\n",
          (unsigned long long)s->files, s->files == 1 ? "" : "s",
          (unsigned long long)s->bytes, (unsigned long long)s->records,
          s->records == 1 ? "" : "s", (unsigned long long)s->rows_aws,
          (unsigned long long)s->rows_azure, rows, rows == 1 ? "" : "s");
  if (s->files_failed) {
    fprintf(stderr, "trawl: %llu file%s could not be read\n",
            (unsigned long long)s->files_failed,
            s->files_failed == 1 ? "" : "s");
  }
  if (s->errors || s->skipped) {
    fprintf(stderr,
            "trawl: skipped: %llu record%s or part%s lost to %llu input "
            "error%s (see the messages above)\n",
            (unsigned long long)s->skipped, s->skipped == 1 ? "" : "s",
            s->skipped == 1 ? "" : "s", (unsigned long long)s->errors,
            s->errors == 1 ? "" : "s");
  }
}

int cmd_query(int argc, char **argv) {
  q_ctx c;
  memset(&c, 0, sizeof c);
  trawl_format fmt = TRAWL_FMT_JSONL;
  int fmt_set = 0;
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
    if (!only_paths && a[0] == '-' && a[1] != '\0') {
      if (strcmp(a, "--") == 0) {
        only_paths = 1;
        continue;
      }
      if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
        fputs(query_usage, stdout);
        rc = EXIT_CLEAN;
        goto out;
      }
      if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
        c.quiet = 1;
        continue;
      }
      const char *eq = strncmp(a, "--", 2) == 0 ? strchr(a, '=') : NULL;
      size_t nl = eq ? (size_t)(eq - a) : strlen(a);
      static const char *const with_val[] = {"-f", "--now", "--set",
                                             "--format", "--threads",
                                             "--file"};
      int which = -1;
      for (int k = 0; k < 6; k++) {
        if (strlen(with_val[k]) == nl && strncmp(a, with_val[k], nl) == 0) {
          which = k;
        }
      }
      if (which < 0) {
        fprintf(stderr, "trawl query: unknown option '%s' (see trawl query "
                        "--help)\n", a);
        goto out;
      }
      const char *val;
      if (eq) {
        val = eq + 1;
      } else if (i + 1 < argc) {
        val = argv[++i];
      } else {
        fprintf(stderr, "trawl query: %s needs a value\n", a);
        goto out;
      }
      switch (which) {
      case 0:
      case 5:
        qfile = val;
        break;
      case 1:
        if (trawl_parse_datetime(val, strlen(val), &run.now) != 0) {
          fprintf(stderr, "trawl query: --now needs an ISO 8601 time such as "
                          "2026-01-02T00:00:00Z, not '%s'\n", val);
          goto out;
        }
        run.has_now = 1;
        break;
      case 2: {
        const char *e = strchr(val, '=');
        if (!e || e == val) {
          fprintf(stderr, "trawl query: --set needs NAME=VALUE, not '%s'\n",
                  val);
          goto out;
        }
        set_bufs[nsets] = malloc((size_t)(e - val) + 1);
        if (!set_bufs[nsets]) {
          fprintf(stderr, "trawl query: out of memory\n");
          goto out;
        }
        memcpy(set_bufs[nsets], val, (size_t)(e - val));
        set_bufs[nsets][e - val] = 0;
        set_names[nsets] = set_bufs[nsets];
        set_values[nsets] = e + 1;
        nsets++;
        break;
      }
      case 3:
        fmt_set = 1;
        if (strcmp(val, "jsonl") == 0 || strcmp(val, "json") == 0) {
          fmt = TRAWL_FMT_JSONL;
        } else if (strcmp(val, "csv") == 0) {
          fmt = TRAWL_FMT_CSV;
        } else if (strcmp(val, "table") == 0) {
          fmt = TRAWL_FMT_TABLE;
        } else {
          fprintf(stderr, "trawl query: unknown format '%s' (table, jsonl or "
                          "csv)\n", val);
          goto out;
        }
        break;
      default: {
        char *end;
        long n = strtol(val, &end, 10);
        if (*end || n < 1 || n > 64) {
          fprintf(stderr, "trawl query: --threads needs a number 1..64\n");
          goto out;
        }
        in.threads = (int)n;
        break;
      }
      }
      continue;
    }
    if (!qfile && !qtext) {
      qtext = a;
    } else {
      paths[npaths++] = a;
    }
  }
  if (!qfile && !qtext) {
    fprintf(stderr, "trawl query: no query; give QUERY or -f FILE (see "
                    "trawl query --help)\n");
    goto out;
  }
  if (qfile) {
    text = read_file(qfile, &tlen);
    if (!text) {
      fprintf(stderr, "trawl query: cannot read query file '%s': %s\n",
                      qfile, strerror(errno));
      goto out;
    }
  } else {
    tlen = strlen(qtext);
    text = malloc(tlen + 1);
    if (!text) {
      goto out;
    }
    memcpy(text, qtext, tlen + 1);
  }
  if (!fmt_set) {
    fmt = TRAWL_FMT_JSONL;
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
    print_query_error(text, tlen, &diag);
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
  in.on_event = on_event;
  in.ctx = &c;
  trawl_summary sum;
  memset(&sum, 0, sizeof sum);
  st = trawl_query_run(q, paths, npaths, &in, &run, on_row, &c, &sum, &diag);
  if (trawl_writer_end(c.w) != 0 || fflush(stdout) != 0) {
    c.write_failed = 1;
  }
  if (npaths > 0) {
    print_summary(&sum, c.rows);
  }
  if (st != TRAWL_OK) {
    if (st == TRAWL_ERR_UNSUPPORTED || st == TRAWL_ERR_RUNTIME ||
        st == TRAWL_ERR_TYPE || st == TRAWL_ERR_NAME) {
      print_query_error(text, tlen, &diag);
    } else {
      fprintf(stderr, "trawl query: %s\n", diag.message);
    }
    goto out;
  }
  if (c.write_failed) {
    fprintf(stderr, "trawl query: could not write the output\n");
    goto out;
  }
  if (npaths > 0 && sum.files == 0) {
    fprintf(stderr, "trawl query: no input could be read\n");
    goto out;
  }
  rc = sum.errors || sum.files_failed ? EXIT_SKIPPED : EXIT_CLEAN;
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
