/*
 * cli/common.c - options, messages and summaries shared by the commands
 * (see common.h).
 */
#include "common.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "commands.h"

const char cli_input_options_help[] =
    "  --max-inflate BYTES stop a gzip member past this size (default 4G;\n"
    "                      suffixes K, M, G)\n"
    "  --day-first         read ambiguous CSV dates like 1/2/2024 as 1 Feb\n"
    "  --month-first       read them as Jan 2 (default when a file does not\n"
    "                      decide it)\n"
    "  --threads N         reader threads (default: all cores)\n"
    "  -q, --quiet         no per-record messages, only the summary\n"
    "  -v, --verbose       also print notes (digest files, non-events)\n";

static void count_reason(cli_input_report *r, const char *reason) {
  if (!reason) {
    reason = "other";
  }
  for (int i = 0; i < r->nreasons; i++) {
    if (strcmp(r->reasons[i], reason) == 0) {
      r->reason_n[i]++;
      return;
    }
  }
  if (r->nreasons < CLI_MAX_REASONS) {
    r->reasons[r->nreasons] = reason;
    r->reason_n[r->nreasons++] = 1;
  }
}

void cli_on_input_event(void *report, const trawl_input_event *ev) {
  cli_input_report *r = report;
  if (ev->is_error) {
    count_reason(r, ev->reason);
  } else {
    r->notes++;
  }
  /* Notes (a digest file, a line that is not an event) are counted in the
   * summary; they are printed one by one only when asked for. */
  if (r->quiet || (!ev->is_error && !r->verbose)) {
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

int cli_parse_size(const char *s, unsigned long long *out) {
  if (!s || *s < '0' || *s > '9') {
    return -1; /* no sign, no space: "-5" is not a size */
  }
  char *end;
  errno = 0;
  unsigned long long v = strtoull(s, &end, 10);
  if (errno || end == s) {
    return -1;
  }
  unsigned long long mul = 1;
  switch (*end) {
  case 'K': case 'k': mul = 1ULL << 10; end++; break;
  case 'M': case 'm': mul = 1ULL << 20; end++; break;
  case 'G': case 'g': mul = 1ULL << 30; end++; break;
  case 'T': case 't': mul = 1ULL << 40; end++; break;
  default: break;
  }
  if (mul > 1 && *end == 'i') {
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

int cli_input_option(int argc, char **argv, int *i, trawl_input_opts *in,
                     cli_input_report *rep) {
  const char *a = argv[*i];
  if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
    rep->quiet = 1;
    return 1;
  }
  if (strcmp(a, "-v") == 0 || strcmp(a, "--verbose") == 0) {
    rep->verbose = 1;
    return 1;
  }
  if (strcmp(a, "--day-first") == 0) {
    in->date_order = TRAWL_DATES_DAY_FIRST;
    return 1;
  }
  if (strcmp(a, "--month-first") == 0) {
    in->date_order = TRAWL_DATES_MONTH_FIRST;
    return 1;
  }
  static const char *const with_value[] = {"--max-inflate", "--threads"};
  for (int k = 0; k < 2; k++) {
    size_t n = strlen(with_value[k]);
    if (strncmp(a, with_value[k], n) != 0 || (a[n] != '\0' && a[n] != '=')) {
      continue;
    }
    const char *val = a[n] == '=' ? a + n + 1 : NULL;
    if (!val) {
      if (*i + 1 >= argc) {
        fprintf(stderr, "%s: %s needs a value\n", rep->cmd, with_value[k]);
        return -1;
      }
      val = argv[++*i];
    }
    if (k == 0) {
      if (cli_parse_size(val, &in->max_inflate) != 0) {
        fprintf(stderr, "%s: --max-inflate needs a size such as 100M or 4G, "
                        "not '%s'\n", rep->cmd, val);
        return -1;
      }
    } else {
      char *end;
      long t = strtol(val, &end, 10);
      if (*end || t < 1 || t > 64) {
        fprintf(stderr, "%s: --threads needs a number from 1 to 64, not "
                        "'%s'\n", rep->cmd, val);
        return -1;
      }
      in->threads = (int)t;
    }
    return 1;
  }
  return 0;
}

static const char *plural(unsigned long long n) { return n == 1 ? "" : "s"; }

void cli_print_summary(const cli_input_report *rep, const trawl_summary *s) {
  /* bytes: as read after decompression */
  fprintf(stderr, "%s: read %llu file%s (%llu bytes)", rep->cmd,
          (unsigned long long)s->files, plural(s->files),
          (unsigned long long)s->bytes);
  if (s->files_failed) {
    fprintf(stderr, ", %llu unreadable", (unsigned long long)s->files_failed);
  }
  if (s->scanned != s->records) {
    /* Prefilters (or a table choice) dropped records before they became
     * rows: say both, so the count matches `trawl cat`'s. */
    fprintf(stderr, "; %llu record%s read; %llu row%s passed the query's "
                    "filters (AWSCloudTrail %llu, AzureActivity %llu)\n",
            (unsigned long long)s->scanned, plural(s->scanned),
            (unsigned long long)s->records, plural(s->records),
            (unsigned long long)s->rows_aws,
            (unsigned long long)s->rows_azure);
  } else {
    fprintf(stderr, "; %llu row%s (AWSCloudTrail %llu, AzureActivity %llu)\n",
            (unsigned long long)s->records, plural(s->records),
            (unsigned long long)s->rows_aws,
            (unsigned long long)s->rows_azure);
  }
  if (s->digest_files || s->insight_records || s->not_events) {
    fprintf(stderr, "%s: not rows: %llu digest file%s, %llu Insights "
                    "record%s, %llu record%s that %s not events%s\n",
            rep->cmd, (unsigned long long)s->digest_files,
            plural(s->digest_files), (unsigned long long)s->insight_records,
            plural(s->insight_records), (unsigned long long)s->not_events,
            plural(s->not_events), s->not_events == 1 ? "is" : "are",
            rep->verbose || rep->quiet ? "" : " (-v lists them)");
  }
  if (rep->notes && !rep->verbose && !rep->quiet) {
    /* Notes (values changed while mapping, links not followed, ...) are
     * not printed one by one unless asked: say that there are some. */
    fprintf(stderr, "%s: %llu note%s about the input (-v prints them)\n",
            rep->cmd, rep->notes, plural(rep->notes));
  }
  if (s->errors || s->skipped || s->files_failed) {
    fprintf(stderr, "%s: skipped: %llu record%s or part%s, %llu input "
                    "error%s",
            rep->cmd, (unsigned long long)s->skipped, plural(s->skipped),
            plural(s->skipped), (unsigned long long)s->errors,
            plural(s->errors));
    for (int i = 0; i < rep->nreasons; i++) {
      fprintf(stderr, "%s %s %llu", i ? "," : ":", rep->reasons[i],
              rep->reason_n[i]);
    }
    fprintf(stderr, "%s\n", rep->quiet ? "" : " (see the messages above)");
  }
}

int cli_input_exit_bits(const trawl_summary *s) {
  return s->errors || s->skipped || s->files_failed ? EXIT_SKIPPED : 0;
}

void cli_print_query_error(const char *name, const char *text, size_t len,
                           const trawl_diag *d) {
  enum { WINDOW = 60 }; /* characters shown either side of a long line */
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
  fprintf(stderr, "trawl: %s:%zu:%zu: %s\n", name, line, col, d->message);
  /* Show at most WINDOW bytes either side of the error. */
  size_t from = off > ls + WINDOW ? off - WINDOW : ls;
  size_t to = le > off + WINDOW ? off + WINDOW : le;
  while (from > ls && ((unsigned char)text[from] & 0xC0) == 0x80) {
    from--;
  }
  while (to < le && ((unsigned char)text[to] & 0xC0) == 0x80) {
    to++;
  }
  fputs(from > ls ? "  ..." : "  ", stderr);
  for (size_t i = from; i < to; i++) {
    unsigned char ch = (unsigned char)text[i];
    fputc(ch == '\t' ? ' ' : (ch < 0x20 ? '?' : ch), stderr);
  }
  fputs(to < le ? "...\n  " : "\n  ", stderr);
  if (from > ls) {
    fputs("   ", stderr);
  }
  for (size_t i = from; i < off; i++) {
    if (((unsigned char)text[i] & 0xC0) != 0x80) {
      fputc(' ', stderr);
    }
  }
  size_t n = d->len ? d->len : 1;
  if (off + n > to) {
    n = to > off ? to - off : 1;
  }
  for (size_t i = 0; i < n; i++) {
    fputc(i == 0 ? '^' : '~', stderr);
  }
  fputc('\n', stderr);
}

char *cli_read_file(const char *path, size_t *len) {
  enum { MAX_QUERY_FILE = 64 << 20 };
  FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
  if (!f) {
    return NULL;
  }
  size_t cap = 4096, n = 0;
  char *buf = malloc(cap);
  while (buf) {
    if (n + 1 >= cap) {
      if (cap >= MAX_QUERY_FILE) {
        free(buf);
        buf = NULL;
        errno = EFBIG;
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
      if (ferror(f)) {
        free(buf);
        buf = NULL;
      }
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

size_t cli_terminal_width(void) {
  if (!isatty(STDOUT_FILENO)) {
    return 0;
  }
  struct winsize ws;
  if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 20) {
    return ws.ws_col;
  }
  const char *cols = getenv("COLUMNS");
  long n = cols ? strtol(cols, NULL, 10) : 0;
  return n > 20 ? (size_t)n : 80;
}
