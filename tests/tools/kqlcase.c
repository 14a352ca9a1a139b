/*
 * tests/tools/kqlcase.c - golden KQL case runner (build/kqlcase).
 *
 *   kqlcase FILE.test...
 *
 * Runs every case of each file through the public API (compile, run over
 * the case's input, JSON lines through the writer) and prints one line per
 * case: "ok NAME" or "FAIL NAME: why", with a readable diff on stderr.
 * The case format is described in tests/kql/README.md.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "trawl.h"

typedef struct lines {
  char **v;
  size_t n, cap;
} lines;

static void lines_add(lines *l, const char *s, size_t n) {
  if (l->n == l->cap) {
    l->cap = l->cap ? l->cap * 2 : 16;
    l->v = realloc(l->v, l->cap * sizeof *l->v);
    if (!l->v) {
      abort();
    }
  }
  char *c = malloc(n + 1);
  if (!c) {
    abort();
  }
  memcpy(c, s, n);
  c[n] = 0;
  l->v[l->n++] = c;
}

static void lines_clear(lines *l) {
  for (size_t i = 0; i < l->n; i++) {
    free(l->v[i]);
  }
  l->n = 0;
}

static void lines_free(lines *l) {
  lines_clear(l);
  free(l->v);
  memset(l, 0, sizeof *l);
}

typedef struct tcase {
  char name[256];
  int line;
  lines input;       /* JSON lines */
  int has_input;
  char now[128];
  lines set_names, set_values;
  lines query;       /* query text lines */
  lines output;
  int has_output;
  int unordered;
  char error[512];
  long error_off;    /* -1: not checked */
  int has_error;
} tcase;

static void case_reset(tcase *c, int keep_input) {
  c->name[0] = 0;
  if (!keep_input) {
    lines_clear(&c->input);
    c->has_input = 0;
  }
  c->now[0] = 0;
  lines_clear(&c->set_names);
  lines_clear(&c->set_values);
  lines_clear(&c->query);
  lines_clear(&c->output);
  c->has_output = 0;
  c->unordered = 0;
  c->error[0] = 0;
  c->error_off = -1;
  c->has_error = 0;
}

static char *join(const lines *l, const char *sep) {
  size_t n = 1;
  for (size_t i = 0; i < l->n; i++) {
    n += strlen(l->v[i]) + strlen(sep);
  }
  char *s = malloc(n);
  if (!s) {
    abort();
  }
  s[0] = 0;
  size_t at = 0;
  for (size_t i = 0; i < l->n; i++) {
    size_t k = strlen(l->v[i]);
    memcpy(s + at, l->v[i], k);
    at += k;
    if (i + 1 < l->n) {
      memcpy(s + at, sep, strlen(sep));
      at += strlen(sep);
    }
  }
  s[at] = 0;
  return s;
}

typedef struct out_ctx {
  trawl_writer *w;
} out_ctx;

static int on_row(void *ctx, const trawl_value *row, size_t ncols) {
  (void)ncols;
  out_ctx *o = ctx;
  return trawl_writer_row(o->w, row) != 0;
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static void trim_trailing_empty(lines *l) {
  while (l->n && l->v[l->n - 1][0] == 0) {
    free(l->v[--l->n]);
  }
}

/* Run one case; returns 1 if it passed. */
static int run_case(const char *file, tcase *c, char *why, size_t whylen) {
  char path[] = "/tmp/kqlcase-XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0) {
    snprintf(why, whylen, "cannot create a temporary file");
    return 0;
  }
  FILE *f = fdopen(fd, "w");
  for (size_t i = 0; i < c->input.n; i++) {
    fprintf(f, "%s\n", c->input.v[i]);
  }
  fclose(f);

  char *text = join(&c->query, "\n");
  trawl_compile_opts co = {0};
  co.set_names = (const char *const *)c->set_names.v;
  co.set_values = (const char *const *)c->set_values.v;
  co.nsets = c->set_names.n;
  trawl_query *q = NULL;
  trawl_diag diag;
  memset(&diag, 0, sizeof diag);
  trawl_status st = trawl_query_compile(text, strlen(text), &co, &q, &diag);
  char *got = NULL;
  size_t gotlen = 0;
  if (st == TRAWL_OK) {
    FILE *mem = open_memstream(&got, &gotlen);
    size_t nc = trawl_query_ncolumns(q);
    const char **names = calloc(nc + 1, sizeof *names);
    for (size_t i = 0; i < nc; i++) {
      names[i] = trawl_query_column_name(q, i);
    }
    out_ctx o = {trawl_writer_new(mem, TRAWL_FMT_JSONL, names, nc)};
    trawl_run_opts ro = {0};
    ro.has_now = 1;
    const char *now = c->now[0] ? c->now : "2026-01-02T00:00:00Z";
    if (trawl_parse_datetime(now, strlen(now), &ro.now) != 0) {
      snprintf(why, whylen, "bad --- now value '%s'", now);
      st = TRAWL_ERR_USAGE;
    }
    const char *paths[1] = {path};
    trawl_summary sum;
    memset(&sum, 0, sizeof sum);
    if (st == TRAWL_OK) {
      st = trawl_query_run(q, paths, 1, NULL, &ro, on_row, &o, &sum, &diag);
    }
    trawl_writer_end(o.w);
    fclose(mem);
    free(names);
    if (st == TRAWL_OK && sum.errors > 0 && !c->has_error) {
      fprintf(stderr, "%s:%d: %s: note: %llu input error(s)\n", file,
              c->line, c->name, (unsigned long long)sum.errors);
    }
  }
  trawl_query_free(q);
  unlink(path);
  int pass = 1;
  if (c->has_error) {
    if (st == TRAWL_OK) {
      snprintf(why, whylen, "expected error '%s', query succeeded",
               c->error);
      pass = 0;
    } else if (!strstr(diag.message, c->error)) {
      snprintf(why, whylen, "expected error containing '%s', got '%s'",
               c->error, diag.message);
      pass = 0;
    } else if (c->error_off >= 0 && (size_t)c->error_off != diag.off) {
      snprintf(why, whylen, "error at offset %zu, expected %ld (%s)",
               diag.off, c->error_off, diag.message);
      pass = 0;
    }
  } else if (st != TRAWL_OK) {
    snprintf(why, whylen, "%s at offset %zu: %s", trawl_status_name(st),
             diag.off, diag.message);
    pass = 0;
  } else {
    lines gl = {0};
    const char *p = got ? got : "";
    while (*p) {
      const char *e = strchr(p, '\n');
      size_t n = e ? (size_t)(e - p) : strlen(p);
      lines_add(&gl, p, n);
      p += n + (e ? 1 : 0);
    }
    lines want = {0};
    for (size_t i = 0; i < c->output.n; i++) {
      lines_add(&want, c->output.v[i], strlen(c->output.v[i]));
    }
    trim_trailing_empty(&want);
    if (c->unordered) {
      qsort(gl.v, gl.n, sizeof *gl.v, cmp_str);
      qsort(want.v, want.n, sizeof *want.v, cmp_str);
    }
    size_t n = gl.n > want.n ? gl.n : want.n;
    for (size_t i = 0; i < n; i++) {
      const char *g = i < gl.n ? gl.v[i] : NULL;
      const char *w = i < want.n ? want.v[i] : NULL;
      if (!g || !w || strcmp(g, w) != 0) {
        pass = 0;
      }
    }
    if (!pass) {
      snprintf(why, whylen, "output differs (%zu rows, expected %zu)",
               gl.n, want.n);
      fprintf(stderr, "%s:%d: %s: output differs%s\n", file, c->line,
              c->name, c->unordered ? " (both sorted)" : "");
      for (size_t i = 0; i < n; i++) {
        const char *g = i < gl.n ? gl.v[i] : NULL;
        const char *w = i < want.n ? want.v[i] : NULL;
        if (g && w && strcmp(g, w) == 0) {
          fprintf(stderr, "    %s\n", g);
        } else {
          if (w) {
            fprintf(stderr, "  - %s\n", w);
          }
          if (g) {
            fprintf(stderr, "  + %s\n", g);
          }
        }
      }
    }
    lines_free(&gl);
    lines_free(&want);
  }
  free(got);
  free(text);
  return pass;
}

static int run_file(const char *file, int *failed) {
  FILE *f = fopen(file, "r");
  if (!f) {
    printf("FAIL %s: cannot open\n", file);
    *failed = 1;
    return 0;
  }
  tcase c;
  memset(&c, 0, sizeof c);
  case_reset(&c, 0);
  enum { S_NONE, S_INPUT, S_QUERY, S_OUTPUT, S_ERROR, S_NOW } sec = S_NONE;
  char *line = NULL;
  size_t cap = 0;
  ssize_t n;
  int lineno = 0, have = 0;
  for (;;) {
    n = getline(&line, &cap, f);
    lineno++;
    int eof = n < 0;
    if (!eof && n > 0 && line[n - 1] == '\n') {
      line[--n] = 0;
    }
    if (!eof && n > 0 && line[n - 1] == '\r') {
      line[--n] = 0;
    }
    if (eof || strncmp(line, "=== ", 4) == 0) {
      if (have) {
        char why[2048] = "";
        if (!c.query.n) {
          printf("FAIL %s: no --- query section\n", c.name);
          *failed = 1;
        } else if (!c.has_output && !c.has_error) {
          printf("FAIL %s: no --- output or --- error section\n", c.name);
          *failed = 1;
        } else if (run_case(file, &c, why, sizeof why)) {
          printf("ok %s\n", c.name);
        } else {
          printf("FAIL %s: %s\n", c.name, why);
          *failed = 1;
        }
        fflush(stdout);
      }
      if (eof) {
        break;
      }
      case_reset(&c, 1);
      c.has_input = 0;
      snprintf(c.name, sizeof c.name, "%s", line + 4);
      c.line = lineno;
      have = 1;
      sec = S_NONE;
      continue;
    }
    if (strncmp(line, "--- ", 4) == 0) {
      const char *s = line + 4;
      if (strncmp(s, "input", 5) == 0) {
        sec = S_INPUT;
        lines_clear(&c.input);
        c.has_input = 1;
      } else if (strncmp(s, "query", 5) == 0) {
        sec = S_QUERY;
      } else if (strncmp(s, "output", 6) == 0) {
        sec = S_OUTPUT;
        c.has_output = 1;
        c.unordered = strstr(s, "unordered") != NULL;
      } else if (strncmp(s, "error", 5) == 0) {
        sec = S_ERROR;
        c.has_error = 1;
      } else if (strncmp(s, "now", 3) == 0) {
        sec = S_NOW;
        if (s[3] == ' ') {
          snprintf(c.now, sizeof c.now, "%s", s + 4);
        }
      } else if (strncmp(s, "set ", 4) == 0) {
        const char *eq = strchr(s + 4, '=');
        if (eq) {
          lines_add(&c.set_names, s + 4, (size_t)(eq - (s + 4)));
          lines_add(&c.set_values, eq + 1, strlen(eq + 1));
        }
        sec = S_NONE;
      } else {
        printf("FAIL %s: line %d: unknown section '%s'\n", file, lineno, s);
        *failed = 1;
      }
      continue;
    }
    if (sec != S_QUERY && (line[0] == '#' || (n == 0 && sec != S_QUERY))) {
      continue;
    }
    switch (sec) {
    case S_INPUT:
      lines_add(&c.input, line, (size_t)n);
      break;
    case S_QUERY:
      lines_add(&c.query, line, (size_t)n);
      break;
    case S_OUTPUT:
      lines_add(&c.output, line, (size_t)n);
      break;
    case S_NOW:
      snprintf(c.now, sizeof c.now, "%s", line);
      break;
    case S_ERROR: {
      /* "OFFSET: substring" or "substring" */
      char *colon = strchr(line, ':');
      char *end = NULL;
      long off = colon ? strtol(line, &end, 10) : -1;
      if (colon && end == colon && end != line) {
        c.error_off = off;
        snprintf(c.error, sizeof c.error, "%s", colon + 1 + (colon[1] == ' '));
      } else {
        snprintf(c.error, sizeof c.error, "%s", line);
      }
      break;
    }
    default:
      break;
    }
  }
  free(line);
  lines_free(&c.input);
  lines_free(&c.set_names);
  lines_free(&c.set_values);
  lines_free(&c.query);
  lines_free(&c.output);
  fclose(f);
  return 0;
}

int main(int argc, char **argv) {
  int failed = 0;
  if (argc < 2) {
    fprintf(stderr, "usage: kqlcase FILE.test...\n");
    return 2;
  }
  for (int i = 1; i < argc; i++) {
    run_file(argv[i], &failed);
  }
  return failed ? 1 : 0;
}
