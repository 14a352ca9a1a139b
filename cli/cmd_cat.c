/*
 * cli/cmd_cat.c - `trawl cat`: print the rows the engine sees.
 *
 *   trawl cat [--table AWSCloudTrail|AzureActivity] [--format jsonl|csv|table]
 *             [--max-inflate BYTES] [--day-first|--month-first] [-q] PATH...
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
    "  --max-inflate BYTES stop a gzip member past this size (default 4 GiB;\n"
    "                      suffixes K, M, G)\n"
    "  --day-first         read ambiguous CSV dates like 1/2/2024 as 1 Feb\n"
    "  --month-first       read them as Jan 2 (default when a file does not\n"
    "                      decide it)\n"
    "  --threads N         reader threads (default: all cores)\n"
    "  -q, --quiet         no per-record messages, only the summary\n"
    "\n"
    "PATH is a file, a directory (read recursively, sorted) or - for stdin.\n"
    "Messages about skipped input go to stderr as\n"
    "  trawl: FILE:offset N (line L, record R): message\n"
    "\n"
    "exit codes: 0 everything read, 2 bad usage or nothing readable,\n"
    "4 some input was skipped (the summary says what and why).\n";

enum { MAX_REASONS = 16 };

typedef struct cat_ctx {
  trawl_writer *w[TRAWL_TABLE_COUNT];
  trawl_format fmt;
  int quiet;
  int write_failed;
  unsigned long long notes;
  /* error events per reason, for the summary */
  const char *reasons[MAX_REASONS];
  unsigned long long reason_n[MAX_REASONS];
  int nreasons;
} cat_ctx;

static void count_reason(cat_ctx *c, const char *reason) {
  if (!reason) {
    reason = "other";
  }
  for (int i = 0; i < c->nreasons; i++) {
    if (strcmp(c->reasons[i], reason) == 0) {
      c->reason_n[i]++;
      return;
    }
  }
  if (c->nreasons < MAX_REASONS) {
    /* reasons are static strings of the library */
    c->reasons[c->nreasons] = reason;
    c->reason_n[c->nreasons++] = 1;
  }
}

static void on_event(void *ctx, const trawl_input_event *ev) {
  cat_ctx *c = ctx;
  if (!ev->is_error) {
    c->notes++;
  } else {
    count_reason(c, ev->reason);
  }
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

static int parse_size(const char *s, unsigned long long *out) {
  char *end;
  errno = 0;
  unsigned long long v = strtoull(s, &end, 10);
  if (errno || end == s) {
    return -1;
  }
  unsigned long long mul = 1;
  if (*end == 'K' || *end == 'k') {
    mul = 1ULL << 10;
    end++;
  } else if (*end == 'M' || *end == 'm') {
    mul = 1ULL << 20;
    end++;
  } else if (*end == 'G' || *end == 'g') {
    mul = 1ULL << 30;
    end++;
  }
  if (*end == 'i' || *end == 'B') {
    end++;
  }
  if (*end == 'B') {
    end++;
  }
  if (*end != '\0' || v == 0 || v > ~0ULL / mul) {
    return -1;
  }
  *out = v * mul;
  return 0;
}

static void print_summary(const trawl_summary *s, unsigned tables,
                          const cat_ctx *c) {
  fprintf(stderr, "trawl: read %llu file%s (%llu bytes)",
          (unsigned long long)s->files, s->files == 1 ? "" : "s",
          (unsigned long long)s->bytes);
  if (s->files_failed) {
    fprintf(stderr, ", %llu unreadable", (unsigned long long)s->files_failed);
  }
  fprintf(stderr, "; %llu row%s", (unsigned long long)s->records,
          s->records == 1 ? "" : "s");
  if (tables & (1u << TRAWL_TABLE_AWSCLOUDTRAIL)) {
    fprintf(stderr, ", AWSCloudTrail %llu", (unsigned long long)s->rows_aws);
  }
  if (tables & (1u << TRAWL_TABLE_AZUREACTIVITY)) {
    fprintf(stderr, ", AzureActivity %llu",
            (unsigned long long)s->rows_azure);
  }
  fprintf(stderr, "\n");
  if (s->digest_files || s->insight_records || s->not_events) {
    fprintf(stderr,
            "trawl: not rows: %llu digest file%s, %llu Insights record%s, "
            "%llu record%s that are not events\n",
            (unsigned long long)s->digest_files,
            s->digest_files == 1 ? "" : "s",
            (unsigned long long)s->insight_records,
            s->insight_records == 1 ? "" : "s",
            (unsigned long long)s->not_events,
            s->not_events == 1 ? "" : "s");
  }
  if (s->errors || s->skipped) {
    fprintf(stderr,
            "trawl: skipped: %llu record%s or part%s; %llu input error%s",
            (unsigned long long)s->skipped, s->skipped == 1 ? "" : "s",
            s->skipped == 1 ? "" : "s", (unsigned long long)s->errors,
            s->errors == 1 ? "" : "s");
    for (int i = 0; i < c->nreasons; i++) {
      fprintf(stderr, "%s %s %llu", i ? "," : ":", c->reasons[i],
              c->reason_n[i]);
    }
    fprintf(stderr, "%s\n", c->quiet ? "" : " (see the messages above)");
  }
}

int cmd_cat(int argc, char **argv) {
  cat_ctx c;
  memset(&c, 0, sizeof c);
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
        fputs(cat_usage, stdout);
        free(paths);
        return EXIT_CLEAN;
      }
      if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
        c.quiet = 1;
        continue;
      }
      if (strcmp(a, "--day-first") == 0) {
        in.date_order = TRAWL_DATES_DAY_FIRST;
        continue;
      }
      if (strcmp(a, "--month-first") == 0) {
        in.date_order = TRAWL_DATES_MONTH_FIRST;
        continue;
      }
      /* options with a value: --opt VALUE or --opt=VALUE */
      const char *eq = strchr(a, '=');
      size_t nl = eq ? (size_t)(eq - a) : strlen(a);
      static const char *const with_val[] = {"--table", "--format",
                                             "--max-inflate", "--threads"};
      int which = -1;
      for (int k = 0; k < 4; k++) {
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
      } else if (which == 2) {
        if (parse_size(val, &in.max_inflate) < 0) {
          fprintf(stderr, "trawl cat: --max-inflate needs a size in bytes "
                          "(e.g. 1048576 or 512M), not '%s'\n", val);
          free(paths);
          return EXIT_ERROR;
        }
      } else {
        char *end;
        long n = strtol(val, &end, 10);
        if (*end || n < 1 || n > 64) {
          fprintf(stderr, "trawl cat: --threads needs a number 1..64\n");
          free(paths);
          return EXIT_ERROR;
        }
        in.threads = (int)n;
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
  in.on_event = on_event;
  in.ctx = &c;
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
  print_summary(&sum, tables, &c);
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
  return sum.errors || sum.files_failed ? EXIT_SKIPPED : EXIT_CLEAN;
}
