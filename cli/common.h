/*
 * cli/common.h - what the subcommands share: input options, input
 * messages, the closing summary, query error carets, reading a file.
 *
 * Every command that reads logs (cat, query, hunt) takes the same input
 * options and reports input problems and the summary the same way, so a
 * user (and a script parsing stderr) sees one format everywhere.
 */
#ifndef TW_CLI_COMMON_H
#define TW_CLI_COMMON_H

#include <stddef.h>

#include "trawl.h"

/* Input problems seen during a run, counted by reason for the summary. */
enum { CLI_MAX_REASONS = 16 };

typedef struct cli_input_report {
  const char *cmd;          /* "trawl query": prefix of messages */
  int quiet;                /* -q: no per-record messages */
  int verbose;              /* -v: also print notes (digest files, ...) */
  unsigned long long notes;
  const char *reasons[CLI_MAX_REASONS]; /* static strings of the library */
  unsigned long long reason_n[CLI_MAX_REASONS];
  int nreasons;
} cli_input_report;

/* trawl_input_opts.on_event for a cli_input_report context: prints
 * `trawl: FILE:offset N (line L, record R): message` on stderr. */
void cli_on_input_event(void *report, const trawl_input_event *ev);

/*
 * If argv[*i] is an input option (--max-inflate, --day-first,
 * --month-first, --threads, -q/--quiet, -v/--verbose), apply it and
 * return 1 (advancing *i past a separate value); 0 if it is not one; -1
 * after printing an error for a bad value.
 */
int cli_input_option(int argc, char **argv, int *i, trawl_input_opts *in,
                     cli_input_report *rep);

/* Help text lines for the options cli_input_option takes. */
extern const char cli_input_options_help[];

/* Print the closing summary of what was read and skipped on stderr. */
void cli_print_summary(const cli_input_report *rep, const trawl_summary *s);

/* Exit bits for what was read: EXIT_SKIPPED when anything was lost. */
int cli_input_exit_bits(const trawl_summary *s);

/* `trawl: NAME:LINE:COL: message`, the offending line (cut around the
 * error when long) and a caret under the span. */
void cli_print_query_error(const char *name, const char *text, size_t len,
                           const trawl_diag *d);

/* A whole file ("-" = stdin), NUL-terminated; NULL with errno on failure.
 * Files over 64 MiB are refused (errno EFBIG). */
char *cli_read_file(const char *path, size_t *len);

/* Columns of the terminal on stdout, or 0 when stdout is not one. */
size_t cli_terminal_width(void);

/* "100M", "4G", "512k", "1024" -> bytes; -1 if not a positive size. */
int cli_parse_size(const char *s, unsigned long long *out);

#endif
