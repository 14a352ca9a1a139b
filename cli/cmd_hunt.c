/*
 * cli/cmd_hunt.c - `trawl hunt`: run detection rules over log files and
 * print their alerts.
 *
 *   trawl hunt [--config FILE] [--rules PATH]... [--builtin|--no-builtin]
 *              [--enable RULE]... [--now TIME] [--set NAME=VALUE]...
 *              [--format table|jsonl|csv] PATH...
 *
 * Alerts go to stdout: JSON lines {"rule":{...},"window":{...},"row":{...}},
 * CSV (one line per alert, the row as a JSON cell) or an aligned table per
 * rule (the default on a terminal). Messages, progress and the summary go
 * to stderr. Uses only include/trawl.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "commands.h"
#include "common.h"
#include "trawl.h"

static const char hunt_help[] =
    "trawl hunt - run detection rules over cloud logs and print alerts\n"
    "\n"
    "  trawl hunt [OPTIONS] PATH...\n"
    "\n"
    "Runs trawl's built-in rules (or Sentinel analytic-rule / Sigma YAML) as\n"
    "Microsoft Sentinel would schedule them, over AWS CloudTrail and Azure\n"
    "Activity log files, directories (recursive) or - (stdin).\n"
    "\n"
    "options:\n"
    "  --config FILE     configuration: approved regions, suppressions, let\n"
    "                    values (docs/config.md; `trawl init` writes one).\n"
    "                    Default: ./trawl.yaml when it exists\n"
    "  --no-config       do not read ./trawl.yaml\n"
    "  --rules PATH      load Sentinel or Sigma rule YAML from a file or dir\n"
    "                    (repeatable). Then the built-in rules are left out\n"
    "                    unless --builtin is given\n"
    "  --builtin         also run the built-in rules\n"
    "  --no-builtin      leave the built-in rules out\n"
    "  --enable RULE     run a rule that is off by default (id or name),\n"
    "                    e.g. --enable t1535-seed (repeatable)\n"
    "  --only RULE       run only this rule (repeatable)\n"
    "  --list            list the rules and exit\n"
    "  --now TIME        one scheduled run at TIME (ISO 8601); default:\n"
    "                    replay every scheduled run over the input's span\n"
    "  --set NAME=VALUE  set a rule's top-level `let NAME` to a KQL literal,\n"
    "                    in every rule that has it (repeatable)\n"
    "  --format FMT      table (default on a terminal), jsonl (default\n"
    "                    otherwise) or csv\n"
    "  --max-inflate N   cap on one gzip member's size (default 4G;\n"
    "                    suffixes K, M, G)\n"
    "  --day-first, --month-first   order of ambiguous CSV dates\n"
    "  --threads N       reader threads (default: all cores)\n"
    "  -q, --quiet       no per-record input messages and no progress\n"
    "  -v, --verbose     also print notes (digest files, non-events)\n"
    "\n"
    "exit codes (bits): 0 no alerts, 1 alerts, 2 error or a rule that could\n"
    "not run, 4 some input was skipped (the summary says what).\n";

typedef struct sevcount {
  char name[32];
  unsigned long long n;
} sevcount;

typedef struct rulecount {
  const trawl_rule *rule;
  unsigned long long n;
} rulecount;

typedef struct hunt_cli {
  trawl_format fmt;
  int color;
  int quiet;
  int progress;
  trawl_writer *w;
  const trawl_rule *w_rule;
  trawl_writer *csv;
  int write_failed;
  rulecount *rules;
  size_t nrules, caprules;
  sevcount sev[8];
  size_t nsev;
  unsigned long long skipped_rules;
  double last_progress;
  int progress_shown;
  cli_input_report rep;  /* input messages and their counts */
  char **csv_names;      /* CSV header, owned */
  size_t csv_ncols;
} hunt_cli;

static void json_str(FILE *f, const char *s) {
  fputc('"', f);
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\') {
      fputc('\\', f);
      fputc(c, f);
    } else if (c == '\n') {
      fputs("\\n", f);
    } else if (c == '\r') {
      fputs("\\r", f);
    } else if (c == '\t') {
      fputs("\\t", f);
    } else if (c < 0x20) {
      fprintf(f, "\\u%04x", c);
    } else {
      fputc(c, f);
    }
  }
  fputc('"', f);
}

static void json_list(FILE *f, const char *const *v, size_t n) {
  fputc('[', f);
  for (size_t i = 0; i < n; i++) {
    if (i) {
      fputs(", ", f);
    }
    json_str(f, v[i]);
  }
  fputc(']', f);
}

static double now_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void clear_progress(hunt_cli *c) {
  if (c->progress_shown) {
    fputs("\r\033[K", stderr);
    c->progress_shown = 0;
  }
}

static void on_progress(void *ctx, const trawl_rule *rule, uint64_t done,
                        uint64_t total) {
  hunt_cli *c = ctx;
  double t = now_seconds();
  if (!c->progress || (t - c->last_progress < 0.2 && done != total)) {
    return;
  }
  c->last_progress = t;
  fprintf(stderr, "\r\033[Ktrawl hunt: %.50s: run %llu/%llu", rule->id,
          (unsigned long long)done, (unsigned long long)total);
  c->progress_shown = 1;
}

static void on_input(void *ctx, const trawl_input_event *ev) {
  hunt_cli *c = ctx;
  if (!c->quiet && (ev->is_error || c->rep.verbose)) {
    clear_progress(c);
  }
  cli_on_input_event(&c->rep, ev);
}

static void on_rule_note(void *ctx, const char *source, const char *rule_id,
                         trawl_status code, const char *message) {
  hunt_cli *c = ctx;
  (void)code;
  clear_progress(c);
  if (rule_id && *rule_id) {
    fprintf(stderr, "trawl hunt: rule %s (%s) skipped: %s\n", rule_id,
            source ? source : "?", message);
    c->skipped_rules++;
  } else {
    fprintf(stderr, "trawl hunt: %s: not loaded: %s\n", source ? source : "?",
            message);
  }
}

static const char *sev_color(const char *sev) {
  if (strcasecmp(sev, "High") == 0) {
    return "\033[1;31m";
  }
  if (strcasecmp(sev, "Medium") == 0) {
    return "\033[1;33m";
  }
  if (strcasecmp(sev, "Low") == 0) {
    return "\033[1;36m";
  }
  return "\033[1m";
}

static void count_alert(hunt_cli *c, const trawl_rule *r) {
  size_t i = 0;
  while (i < c->nrules && c->rules[i].rule != r) {
    i++;
  }
  if (i == c->nrules) {
    if (c->nrules == c->caprules) {
      size_t nc = c->caprules ? c->caprules * 2 : 16;
      rulecount *nr = realloc(c->rules, nc * sizeof *nr);
      if (!nr) {
        return;
      }
      c->rules = nr;
      c->caprules = nc;
    }
    c->rules[c->nrules].rule = r;
    c->rules[c->nrules++].n = 0;
  }
  c->rules[i].n++;
  const char *sev = *r->severity ? r->severity : "(none)";
  for (i = 0; i < c->nsev; i++) {
    if (strcasecmp(c->sev[i].name, sev) == 0) {
      c->sev[i].n++;
      return;
    }
  }
  if (c->nsev < 8) {
    snprintf(c->sev[c->nsev].name, sizeof c->sev[0].name, "%s", sev);
    c->sev[c->nsev++].n = 1;
  }
}

static int end_table(hunt_cli *c) {
  int rc = 0;
  if (c->w) {
    rc = trawl_writer_end(c->w);
    c->w = NULL;
  }
  return rc;
}

static int alert_table(hunt_cli *c, const trawl_alert *a) {
  if (c->w_rule != a->rule || !c->w) {
    if (end_table(c) != 0) {
      return -1;
    }
    c->w_rule = a->rule;
    printf("%s%s== %s [%s]%s %s\n", c->nrules > 1 ? "\n" : "",
           c->color ? sev_color(a->rule->severity) : "", a->rule->name,
           a->rule->severity, c->color ? "\033[0m" : "", a->rule->id);
    const char **names = malloc((a->ncols + 1) * sizeof *names);
    if (!names) {
      return -1;
    }
    names[0] = "WindowEnd";
    memcpy(names + 1, a->columns, a->ncols * sizeof *names);
    c->w = trawl_writer_new(stdout, TRAWL_FMT_TABLE, names, a->ncols + 1);
    free(names);
    if (!c->w) {
      return -1;
    }
    trawl_writer_fit(c->w, cli_terminal_width());
  }
  trawl_value *row = malloc((a->ncols + 1) * sizeof *row);
  if (!row) {
    return -1;
  }
  memset(&row[0], 0, sizeof row[0]);
  row[0].type = TRAWL_T_DATETIME;
  row[0].u.i = a->window_end;
  memcpy(row + 1, a->row, a->ncols * sizeof *row);
  int rc = trawl_writer_row(c->w, row);
  free(row);
  return rc;
}

static char *row_json(const trawl_alert *a) {
  size_t cap = 256, len = 0;
  char *out = malloc(cap);
  if (!out) {
    return NULL;
  }
  out[len++] = '{';
  for (size_t i = 0; i < a->ncols; i++) {
    char *v = trawl_value_to_json(&a->row[i]);
    char *name = NULL;
    size_t nlen = 0;
    FILE *m = open_memstream(&name, &nlen);
    if (!v || !m) {
      free(v);
      if (m) {
        fclose(m);
      }
      free(name);
      free(out);
      return NULL;
    }
    json_str(m, a->columns[i]);
    fclose(m);
    size_t need = len + nlen + strlen(v) + 8;
    if (need > cap) {
      cap = need * 2;
      char *no = realloc(out, cap);
      if (!no) {
        free(v);
        free(name);
        free(out);
        return NULL;
      }
      out = no;
    }
    len += (size_t)sprintf(out + len, "%s%s: %s", i ? ", " : "", name, v);
    free(v);
    free(name);
  }
  out[len++] = '}';
  out[len] = 0;
  return out;
}

static int alert_jsonl(const trawl_alert *a) {
  char ws[32], we[32];
  trawl_format_datetime(a->window_start, ws);
  trawl_format_datetime(a->window_end, we);
  char *row = row_json(a);
  if (!row) {
    return -1;
  }
  fputs("{\"rule\": {\"id\": ", stdout);
  json_str(stdout, a->rule->id);
  fputs(", \"name\": ", stdout);
  json_str(stdout, a->rule->name);
  fputs(", \"severity\": ", stdout);
  json_str(stdout, a->rule->severity);
  fputs(", \"tactics\": ", stdout);
  json_list(stdout, a->rule->tactics, a->rule->ntactics);
  fputs(", \"techniques\": ", stdout);
  json_list(stdout, a->rule->techniques, a->rule->ntechniques);
  printf("}, \"window\": {\"start\": \"%s\", \"end\": \"%s\"}, \"row\": %s}\n",
         ws, we, row);
  free(row);
  return ferror(stdout) ? -1 : 0;
}

static const char *const csv_cols[] = {"RuleId", "RuleName", "Severity",
                                       "Tactics", "Techniques", "WindowStart",
                                       "WindowEnd", "Row"};

static trawl_value str_value(const char *s) {
  trawl_value v;
  memset(&v, 0, sizeof v);
  v.type = TRAWL_T_STRING;
  v.u.s = s;
  v.len = (uint32_t)strlen(s);
  return v;
}

static char *join(const char *const *v, size_t n) {
  size_t len = 1;
  for (size_t i = 0; i < n; i++) {
    len += strlen(v[i]) + 2;
  }
  char *out = malloc(len);
  if (out) {
    out[0] = 0;
    for (size_t i = 0; i < n; i++) {
      if (i) {
        strcat(out, ", ");
      }
      strcat(out, v[i]);
    }
  }
  return out;
}

/*
 * CSV: the rule columns, then the first alert's row columns, then Row. An
 * alert's values go under the columns of the same name; Row holds the
 * whole row as JSON only for an alert with columns the header lacks (a
 * second rule of another shape), so a spreadsheet can sort and filter the
 * usual case by Caller, ResourceLocation ...
 */
static int alert_csv(hunt_cli *c, const trawl_alert *a) {
  if (!c->csv) {
    size_t n = 7 + a->ncols + 1;
    c->csv_names = calloc(n, sizeof *c->csv_names);
    if (!c->csv_names) {
      return -1;
    }
    for (size_t i = 0; i < 7; i++) {
      c->csv_names[i] = strdup(csv_cols[i]);
    }
    for (size_t i = 0; i < a->ncols; i++) {
      c->csv_names[7 + i] = strdup(a->columns[i]);
    }
    c->csv_names[n - 1] = strdup("Row");
    c->csv_ncols = n;
    for (size_t i = 0; i < n; i++) {
      if (!c->csv_names[i]) {
        return -1;
      }
    }
    c->csv = trawl_writer_new(stdout, TRAWL_FMT_CSV,
                              (const char *const *)c->csv_names, n);
    if (!c->csv) {
      return -1;
    }
  }
  size_t n = c->csv_ncols;
  trawl_value *v = calloc(n, sizeof *v);
  char *tac = join(a->rule->tactics, a->rule->ntactics),
       *tec = join(a->rule->techniques, a->rule->ntechniques), *row = NULL;
  int rc = -1;
  if (v && tac && tec) {
    for (size_t i = 7; i < n; i++) {
      v[i] = str_value("");
    }
    v[0] = str_value(a->rule->id);
    v[1] = str_value(a->rule->name);
    v[2] = str_value(a->rule->severity);
    v[3] = str_value(tac);
    v[4] = str_value(tec);
    v[5].type = v[6].type = TRAWL_T_DATETIME;
    v[5].u.i = a->window_start;
    v[6].u.i = a->window_end;
    int unplaced = 0;
    for (size_t i = 0; i < a->ncols; i++) {
      size_t j = 7;
      while (j + 1 < n && strcmp(c->csv_names[j], a->columns[i]) != 0) {
        j++;
      }
      if (j + 1 < n) {
        v[j] = a->row[i];
      } else {
        unplaced = 1;
      }
    }
    if (unplaced) {
      row = row_json(a);
      v[n - 1] = str_value(row ? row : "");
    }
    rc = trawl_writer_row(c->csv, v);
  }
  free(v);
  free(row);
  free(tac);
  free(tec);
  return rc;
}

static int on_alert(void *ctx, const trawl_alert *a) {
  hunt_cli *c = ctx;
  clear_progress(c);
  count_alert(c, a->rule);
  int rc = c->fmt == TRAWL_FMT_JSONL ? alert_jsonl(a)
           : c->fmt == TRAWL_FMT_CSV ? alert_csv(c, a)
                                     : alert_table(c, a);
  if (rc != 0) {
    c->write_failed = 1;
    return 1;
  }
  return 0;
}

static void print_summary(hunt_cli *c, const trawl_hunt_summary *s) {
  const trawl_summary *in = &s->input;
  unsigned long long total = 0;
  for (size_t i = 0; i < c->nrules; i++) {
    total += c->rules[i].n;
  }
  fprintf(stderr, "trawl hunt: %llu alert%s", total, total == 1 ? "" : "s");
  for (size_t i = 0; i < c->nsev; i++) {
    fprintf(stderr, "%s%s %llu", i ? ", " : " (", c->sev[i].name,
            c->sev[i].n);
  }
  fprintf(stderr, "%s from %llu rule%s run", c->nsev ? ")" : "",
          (unsigned long long)s->rules_run, s->rules_run == 1 ? "" : "s");
  if (s->rules_skipped) {
    fprintf(stderr, ", %llu skipped", (unsigned long long)s->rules_skipped);
  }
  if (s->suppressed) {
    fprintf(stderr, "; %llu suppressed by the config",
            (unsigned long long)s->suppressed);
  }
  fprintf(stderr, "; %llu scheduled run%s\n", (unsigned long long)s->runs,
          s->runs == 1 ? "" : "s");
  for (size_t i = 0; i < c->nrules; i++) {
    fprintf(stderr, "trawl hunt:   %llu  %s [%s] %s\n", c->rules[i].n,
            c->rules[i].rule->id, c->rules[i].rule->severity,
            c->rules[i].rule->name);
  }
  cli_print_summary(&c->rep, in);
}

typedef struct args {
  const char *config;
  int no_config;
  const char **rules;
  size_t nrules;
  int builtin;  /* -1 default, 0 no, 1 yes */
  const char **enable;
  size_t nenable;
  const char **only;
  size_t nonly;
  int list;
  const char **set_names, **set_values;
  size_t nsets;
  const char **paths;
  size_t npaths;
} args;

static void free_args(args *a) {
  free(a->rules);
  free(a->enable);
  free(a->only);
  free(a->set_names);
  free(a->set_values);
  free(a->paths);
}

static void list_rules(const trawl_ruleset *rs) {
  for (size_t i = 0; i < trawl_ruleset_count(rs); i++) {
    const trawl_rule *r = trawl_ruleset_rule(rs, i);
    printf("%-3s %-38s %-13s %s\n", r->enabled ? "on" : "off", r->id,
           r->severity, r->name);
  }
}

int cmd_hunt(int argc, char **argv) {
  hunt_cli c;
  memset(&c, 0, sizeof c);
  int fmt_set = 0;
  args a;
  memset(&a, 0, sizeof a);
  a.builtin = -1;
  trawl_hunt_opts o;
  memset(&o, 0, sizeof o);
  size_t n = (size_t)argc + 1;
  a.rules = calloc(n, sizeof *a.rules);
  a.enable = calloc(n, sizeof *a.enable);
  a.only = calloc(n, sizeof *a.only);
  a.set_names = calloc(n, sizeof *a.set_names);
  a.set_values = calloc(n, sizeof *a.set_values);
  a.paths = calloc(n, sizeof *a.paths);
  if (!a.rules || !a.enable || !a.only || !a.set_names || !a.set_values ||
      !a.paths) {
    fprintf(stderr, "trawl hunt: out of memory\n");
    free_args(&a);
    return EXIT_ERROR;
  }
  int only_paths = 0, r;
  c.rep.cmd = "trawl hunt";
  for (int i = 1; i < argc; i++) {
    const char *s = argv[i];
    if (only_paths || s[0] != '-' || s[1] == 0) {
      a.paths[a.npaths++] = s;
      continue;
    }
    if (strcmp(s, "--") == 0) {
      only_paths = 1;
    } else if (strcmp(s, "-h") == 0 || strcmp(s, "--help") == 0) {
      fputs(hunt_help, stdout);
      free_args(&a);
      return EXIT_CLEAN;
    } else if ((r = cli_input_option(argc, argv, &i, &o.input, &c.rep)) != 0) {
      if (r < 0) {
        free_args(&a);
        return EXIT_ERROR;
      }
      c.quiet = c.rep.quiet;
    } else if (strcmp(s, "--builtin") == 0) {
      a.builtin = 1;
    } else if (strcmp(s, "--no-builtin") == 0) {
      a.builtin = 0;
    } else if (strcmp(s, "--no-config") == 0) {
      a.no_config = 1;
    } else if (strcmp(s, "--list") == 0) {
      a.list = 1;
    } else {
      static const char *const with_val[] = {
          "--config", "--rules", "--enable", "--now",         "--set",
          "--format", "--only",  NULL};
      const char *eq = strchr(s, '=');
      size_t nl = eq ? (size_t)(eq - s) : strlen(s);
      int which = -1;
      for (int k = 0; with_val[k]; k++) {
        if (strlen(with_val[k]) == nl && strncmp(s, with_val[k], nl) == 0) {
          which = k;
        }
      }
      const char *val = NULL;
      if (which < 0) {
        fprintf(stderr, "trawl hunt: unknown option '%s' (see trawl hunt "
                        "--help)\n", s);
        free_args(&a);
        return EXIT_ERROR;
      }
      if (eq) {
        val = eq + 1;
      } else if (i + 1 < argc) {
        val = argv[++i];
      } else {
        fprintf(stderr, "trawl hunt: %s needs a value\n", s);
        free_args(&a);
        return EXIT_ERROR;
      }
      int bad = 0;
      switch (which) {
      case 0:
        a.config = val;
        break;
      case 1:
        a.rules[a.nrules++] = val;
        break;
      case 2:
        a.enable[a.nenable++] = val;
        break;
      case 3:
        if (trawl_parse_datetime(val, strlen(val), &o.now) != 0) {
          fprintf(stderr, "trawl hunt: --now: '%s' is not an ISO 8601 time "
                          "(e.g. 2026-12-03T12:00:00Z)\n", val);
          bad = 1;
        }
        o.has_now = 1;
        break;
      case 4: {
        const char *e2 = strchr(val, '=');
        if (!e2 || e2 == val) {
          fprintf(stderr, "trawl hunt: --set takes NAME=VALUE, got '%s'\n",
                  val);
          bad = 1;
          break;
        }
        char *name = strndup(val, (size_t)(e2 - val));
        if (!name) {
          bad = 1;
          break;
        }
        /* keep the name in argv's memory: argv strings are writable */
        strcpy((char *)val, name);
        free(name);
        a.set_names[a.nsets] = val;
        a.set_values[a.nsets++] = val + strlen(val) + 1;
        break;
      }
      case 5:
        fmt_set = 1;
        if (strcmp(val, "jsonl") == 0 || strcmp(val, "json") == 0) {
          c.fmt = TRAWL_FMT_JSONL;
        } else if (strcmp(val, "csv") == 0) {
          c.fmt = TRAWL_FMT_CSV;
        } else if (strcmp(val, "table") == 0) {
          c.fmt = TRAWL_FMT_TABLE;
        } else {
          fprintf(stderr, "trawl hunt: --format: '%s' is not table, jsonl "
                          "or csv\n", val);
          bad = 1;
        }
        break;
      default:
        a.only[a.nonly++] = val;
        break;
      }
      if (bad) {
        free_args(&a);
        return EXIT_ERROR;
      }
    }
  }
  int out_tty = isatty(STDOUT_FILENO);
  if (!fmt_set) {
    c.fmt = out_tty ? TRAWL_FMT_TABLE : TRAWL_FMT_JSONL;
  }
  c.color = out_tty && c.fmt == TRAWL_FMT_TABLE && !getenv("NO_COLOR");
  c.progress = !c.quiet && isatty(STDERR_FILENO);

  /* Rules. */
  int status = EXIT_CLEAN;
  trawl_ruleset *rs = trawl_ruleset_new();
  trawl_config *cfg = NULL;
  trawl_diag d;
  memset(&d, 0, sizeof d);
  if (!rs) {
    fprintf(stderr, "trawl hunt: out of memory\n");
    free_args(&a);
    return EXIT_ERROR;
  }
  int with_builtin = a.builtin == 1 || (a.builtin == -1 && a.nrules == 0);
  if (with_builtin && trawl_ruleset_add_builtin(rs, &d) != TRAWL_OK) {
    fprintf(stderr, "trawl hunt: built-in rules: %s\n", d.message);
    status = EXIT_ERROR;
  }
  for (size_t i = 0; i < a.nrules && status == EXIT_CLEAN; i++) {
    if (trawl_ruleset_load(rs, a.rules[i], on_rule_note, &c, &d) != TRAWL_OK) {
      fprintf(stderr, "trawl hunt: %s\n", d.message);
      status = EXIT_ERROR;
    }
  }
  for (size_t i = 0; i < a.nenable && status == EXIT_CLEAN; i++) {
    long k = trawl_ruleset_find(rs, a.enable[i]);
    if (k < 0) {
      fprintf(stderr, "trawl hunt: --enable: no rule '%s' (trawl hunt --list "
                      "shows them)\n", a.enable[i]);
      status = EXIT_ERROR;
    } else {
      trawl_ruleset_set_enabled(rs, (size_t)k, 1);
    }
  }
  if (a.nonly && status == EXIT_CLEAN) {
    for (size_t i = 0; i < trawl_ruleset_count(rs); i++) {
      trawl_ruleset_set_enabled(rs, i, 0);
    }
    for (size_t i = 0; i < a.nonly && status == EXIT_CLEAN; i++) {
      long k = trawl_ruleset_find(rs, a.only[i]);
      if (k < 0) {
        fprintf(stderr, "trawl hunt: --only: no rule '%s'\n", a.only[i]);
        status = EXIT_ERROR;
      } else {
        trawl_ruleset_set_enabled(rs, (size_t)k, 1);
      }
    }
  }
  /* Configuration. */
  if (status == EXIT_CLEAN && !a.config && !a.no_config &&
      access("trawl.yaml", R_OK) == 0) {
    a.config = "trawl.yaml";
    if (!c.quiet) {
      fprintf(stderr, "trawl hunt: using the configuration in ./trawl.yaml\n");
    }
  }
  if (status == EXIT_CLEAN && a.config &&
      trawl_config_load(a.config, &cfg, &d) != TRAWL_OK) {
    fprintf(stderr, "trawl hunt: %s\n", d.message);
    status = EXIT_ERROR;
  }
  if (status == EXIT_CLEAN && a.list) {
    list_rules(rs);
    trawl_config_free(cfg);
    trawl_ruleset_free(rs);
    free_args(&a);
    return EXIT_CLEAN;
  }
  if (status == EXIT_CLEAN && a.npaths == 0) {
    fprintf(stderr, "trawl hunt: no input: give log files or directories "
                    "(see trawl hunt --help)\n");
    status = EXIT_ERROR;
  }
  if (status != EXIT_CLEAN) {
    trawl_config_free(cfg);
    trawl_ruleset_free(rs);
    free_args(&a);
    return status;
  }
  o.set_names = a.set_names;
  o.set_values = a.set_values;
  o.nsets = a.nsets;
  o.input.on_event = on_input;
  o.input.ctx = &c;
  o.on_rule = on_rule_note;
  o.rule_ctx = &c;
  o.on_progress = on_progress;
  o.progress_ctx = &c;
  trawl_hunt_summary sum;
  trawl_status st = trawl_hunt_run(rs, cfg, a.paths, a.npaths, &o, on_alert,
                                   &c, &sum, &d);
  clear_progress(&c);
  if (c.fmt == TRAWL_FMT_TABLE && end_table(&c) != 0) {
    c.write_failed = 1;
  }
  if (c.csv && trawl_writer_end(c.csv) != 0) {
    c.write_failed = 1;
  }
  for (size_t i = 0; i < c.csv_ncols; i++) {
    free(c.csv_names[i]);
  }
  free(c.csv_names);
  if (fflush(stdout) != 0) {
    c.write_failed = 1;
  }
  if (st != TRAWL_OK) {
    fprintf(stderr, "trawl hunt: %s\n", d.message);
    status |= EXIT_ERROR;
  } else {
    if (c.fmt == TRAWL_FMT_TABLE && sum.alerts == 0 && out_tty) {
      printf("no alerts\n");
    }
    print_summary(&c, &sum);
  }
  if (c.write_failed) {
    fprintf(stderr, "trawl hunt: could not write the output\n");
    status |= EXIT_ERROR;
  }
  if (sum.alerts) {
    status |= EXIT_ALERTS;
  }
  if (sum.rules_skipped) {
    status |= EXIT_ERROR;
  }
  if (sum.input.files_failed || sum.input.skipped || sum.input.errors) {
    status |= EXIT_SKIPPED;
  }
  if (st == TRAWL_OK && sum.input.files == 0 && a.npaths > 0) {
    fprintf(stderr, "trawl hunt: no input could be read\n");
    status |= EXIT_ERROR;
  }
  free(c.rules);
  trawl_config_free(cfg);
  trawl_ruleset_free(rs);
  free_args(&a);
  return status;
}
