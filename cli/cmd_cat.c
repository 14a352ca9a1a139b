/*
 * cli/cmd_cat.c - `trawl cat`: print the rows the engine sees.
 *
 *   trawl cat [--table AWSCloudTrail|AzureActivity] [--format jsonl|csv|table]
 *             [--max-inflate BYTES] [--day-first|--month-first] [-q|-v] PATH...
 *
 * Rows go to stdout (one writer per table; without --table both tables are
 * printed, each with its own columns). Input events go to stderr as
 * `trawl: FILE:offset N (line L, record R): message`, then a summary.
 * Uses only include/trawl.h.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "common.h"
#include "trawl.h"

static const char cat_usage[] =
    "usage: trawl cat [OPTIONS] PATH...\n"
    "\n"
    "Print the rows of AWSCloudTrail and AzureActivity that trawl reads from\n"
    "log files, exactly as queries see them.\n"
    "\n"
    "options:\n"
    "  --table NAME        only AWSCloudTrail or AzureActivity rows\n"
    "  --format FMT        jsonl (default), csv or table\n"
    "%s"
    "\n"
    "PATH is a file, a directory (read recursively, sorted) or - for stdin.\n"
    "Messages about skipped input go to stderr as\n"
    "  trawl: FILE:offset N (line L, record R): message\n"
    "\n"
    "exit codes: 0 everything read, 2 bad usage or nothing readable,\n"
    "4 some input was skipped (the summary says what and why).\n";

typedef struct cat_ctx {
  trawl_writer *w[TRAWL_TABLE_COUNT];
  trawl_format fmt;
  int write_failed;
} cat_ctx;

static trawl_writer *writer_for(cat_ctx *c, trawl_table t) {
  if (!c->w[t]) {
    size_t n = trawl_table_ncolumns(t);
    const char **names = malloc(n * sizeof *names);
    if (!names) {
      return NULL;
    }
    for (size_t i = 0; i < n; i++) {
      names[i] = trawl_table_column(t, i);
    }
    c->w[t] = trawl_writer_new(stdout, c->fmt, names, n);
    free(names);
  }
  return c->w[t];
}

static int on_row(void *ctx, trawl_table t, const trawl_value *row,
                  size_t ncols) {
  cat_ctx *c = ctx;
  (void)ncols;
  trawl_writer *w = writer_for(c, t);
  if (!w || trawl_writer_row(w, row) != 0) {
    c->write_failed = 1;
    return 1;
  }
  return 0;
}

int cmd_cat(int argc, char **argv) {
  cat_ctx c;
  memset(&c, 0, sizeof c);
  cli_input_report rep;
  memset(&rep, 0, sizeof rep);
  rep.cmd = "trawl cat";
  c.fmt = TRAWL_FMT_JSONL;
  trawl_input_opts in;
  memset(&in, 0, sizeof in);
  unsigned tables = 0;
  const char **paths = calloc((size_t)argc + 1, sizeof *paths);
  size_t npaths = 0;
  int only_paths = 0;
  if (!paths) {
    fprintf(stderr, "trawl cat: out of memory\n");
    return EXIT_ERROR;
  }
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    const char *val = NULL;
    if (!only_paths && a[0] == '-' && a[1] != '\0') {
      if (strcmp(a, "--") == 0) {
        only_paths = 1;
        continue;
      }
      if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
        printf(cat_usage, cli_input_options_help);
        free(paths);
        return EXIT_CLEAN;
      }
      int r = cli_input_option(argc, argv, &i, &in, &rep);
      if (r < 0) {
        free(paths);
        return EXIT_ERROR;
      }
      if (r > 0) {
        continue;
      }
      /* options with a value: --opt VALUE or --opt=VALUE */
      const char *eq = strchr(a, '=');
      size_t nl = eq ? (size_t)(eq - a) : strlen(a);
      static const char *const with_val[] = {"--table", "--format"};
      int which = -1;
      for (int k = 0; k < 2; k++) {
        if (strlen(with_val[k]) == nl && strncmp(a, with_val[k], nl) == 0) {
          which = k;
        }
      }
      if (which < 0) {
        fprintf(stderr, "trawl cat: unknown option '%s' (see trawl cat "
                        "--help)\n", a);
        free(paths);
        return EXIT_ERROR;
      }
      if (eq) {
        val = eq + 1;
      } else if (i + 1 < argc) {
        val = argv[++i];
      } else {
        fprintf(stderr, "trawl cat: %s needs a value\n", a);
        free(paths);
        return EXIT_ERROR;
      }
      if (which == 0) {
        if (strcmp(val, "AWSCloudTrail") == 0) {
          tables |= 1u << TRAWL_TABLE_AWSCLOUDTRAIL;
        } else if (strcmp(val, "AzureActivity") == 0) {
          tables |= 1u << TRAWL_TABLE_AZUREACTIVITY;
        } else {
          fprintf(stderr, "trawl cat: unknown table '%s' (AWSCloudTrail or "
                          "AzureActivity)\n", val);
          free(paths);
          return EXIT_ERROR;
        }
      } else if (which == 1) {
        if (strcmp(val, "jsonl") == 0 || strcmp(val, "json") == 0) {
          c.fmt = TRAWL_FMT_JSONL;
        } else if (strcmp(val, "csv") == 0) {
          c.fmt = TRAWL_FMT_CSV;
        } else if (strcmp(val, "table") == 0) {
          c.fmt = TRAWL_FMT_TABLE;
        } else {
          fprintf(stderr, "trawl cat: unknown format '%s' (jsonl, csv or "
                          "table)\n", val);
          free(paths);
          return EXIT_ERROR;
        }
      }
      continue;
    }
    paths[npaths++] = a;
  }
  if (npaths == 0) {
    fprintf(stderr, "trawl cat: no input; give files, directories or - "
                    "(see trawl cat --help)\n");
    free(paths);
    return EXIT_ERROR;
  }
  if (tables == 0) {
    tables = (1u << TRAWL_TABLE_COUNT) - 1;
  }
  in.on_event = cli_on_input_event;
  in.ctx = &rep;
  trawl_summary sum;
  trawl_diag diag;
  memset(&diag, 0, sizeof diag);
  trawl_status st =
      trawl_read(paths, npaths, tables, &in, on_row, &c, &sum, &diag);
  for (int t = 0; t < TRAWL_TABLE_COUNT; t++) {
    if (c.w[t] && trawl_writer_end(c.w[t]) != 0) {
      c.write_failed = 1;
    }
  }
  if (fflush(stdout) != 0) {
    c.write_failed = 1;
  }
  free(paths);
  cli_print_summary(&rep, &sum);
  if (st != TRAWL_OK) {
    fprintf(stderr, "trawl cat: %s\n", diag.message);
    return EXIT_ERROR;
  }
  if (c.write_failed) {
    fprintf(stderr, "trawl cat: could not write the output\n");
    return EXIT_ERROR;
  }
  if (sum.files == 0) {
    fprintf(stderr, "trawl cat: no input could be read\n");
    return EXIT_ERROR;
  }
  return EXIT_CLEAN | cli_input_exit_bits(&sum);
}
