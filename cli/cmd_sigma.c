/*
 * cli/cmd_sigma.c - `trawl sigma [--format kql|jsonl] FILE...`: print the
 * KQL trawl makes of each Sigma rule (docs/sigma.md). jsonl prints one
 * object per file: {"file", "id", "title", "severity", "tactics",
 * "techniques", "kql"} or {"file", "error"}. Exit 0 if every file
 * converted, 2 otherwise.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "trawl.h"

static const char help[] =
    "usage: trawl sigma [--format kql|jsonl] FILE...\n"
    "\n"
    "Print the KQL query of each Sigma rule (logsource aws/cloudtrail or\n"
    "azure/activitylogs). The same rules run in 'trawl hunt --rules' and\n"
    "'trawl check'. See docs/sigma.md for the supported subset.\n"
    "\n"
    "  --format kql    the query text (default; '// FILE' before each when\n"
    "                  several files are given)\n"
    "  --format jsonl  one JSON object per file with the rule's metadata\n";

static char *slurp(const char *path, size_t *len) {
  FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
  if (!f) {
    return NULL;
  }
  size_t cap = 8192, n = 0;
  char *buf = malloc(cap);
  while (buf) {
    if (n == cap) {
      char *nb = cap >= ((size_t)8 << 20) ? NULL : realloc(buf, cap * 2);
      if (!nb) {
        free(buf);
        buf = NULL;
        break;
      }
      buf = nb;
      cap *= 2;
    }
    size_t r = fread(buf + n, 1, cap - n, f);
    n += r;
    if (r == 0) {
      break;
    }
  }
  if (f != stdin) {
    fclose(f);
  }
  *len = n;
  return buf;
}

static void jstr(const char *s) {
  putchar('"');
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\') {
      printf("\\%c", c);
    } else if (c == '\n') {
      fputs("\\n", stdout);
    } else if (c == '\t') {
      fputs("\\t", stdout);
    } else if (c < 0x20) {
      printf("\\u%04x", c);
    } else {
      putchar(c);
    }
  }
  putchar('"');
}

static void jlist(const char *const *v, size_t n) {
  putchar('[');
  for (size_t i = 0; i < n; i++) {
    if (i) {
      putchar(',');
    }
    jstr(v[i]);
  }
  putchar(']');
}

int cmd_sigma(int argc, char **argv) {
  int jsonl = 0, nfiles = 0, bad = 0;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
      fputs(help, stdout);
      return EXIT_CLEAN;
    }
    if (strcmp(argv[i], "--format") == 0 && i + 1 < argc) {
      const char *f = argv[++i];
      if (strcmp(f, "jsonl") == 0) {
        jsonl = 1;
      } else if (strcmp(f, "kql") != 0) {
        fprintf(stderr, "trawl sigma: unknown format '%s' (kql, jsonl)\n", f);
        return EXIT_ERROR;
      }
    } else if (argv[i][0] == '-' && argv[i][1]) {
      fprintf(stderr, "trawl sigma: unknown option '%s'\n%s", argv[i], help);
      return EXIT_ERROR;
    } else {
      nfiles++;
    }
  }
  if (nfiles == 0) {
    fputs(help, stderr);
    return EXIT_ERROR;
  }
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--format") == 0) {
      i++;
      continue;
    }
    const char *path = argv[i];
    size_t len = 0;
    char *text = slurp(path, &len);
    char *kql = NULL;
    trawl_diag d;
    memset(&d, 0, sizeof d);
    trawl_status st;
    if (!text) {
      st = TRAWL_ERR_IO;
      snprintf(d.message, sizeof d.message, "%s: cannot read file", path);
    } else {
      st = trawl_sigma_to_kql(text, len, path, &kql, &d);
    }
    if (st != TRAWL_OK) {
      bad = 1;
      fprintf(stderr, "trawl sigma: %s\n", d.message);
      if (jsonl) {
        fputs("{\"file\":", stdout);
        jstr(path);
        fputs(",\"error\":", stdout);
        jstr(d.message);
        fputs("}\n", stdout);
      }
    } else if (!jsonl) {
      if (nfiles > 1) {
        printf("// %s\n", path);
      }
      fputs(kql, stdout);
    } else {
      trawl_ruleset *rs = trawl_ruleset_new();
      const trawl_rule *r = NULL;
      if (rs && trawl_ruleset_add_yaml(rs, text, len, path, NULL) == TRAWL_OK) {
        r = trawl_ruleset_rule(rs, 0);
      }
      fputs("{\"file\":", stdout);
      jstr(path);
      if (r) {
        fputs(",\"id\":", stdout);
        jstr(r->id);
        fputs(",\"title\":", stdout);
        jstr(r->name);
        fputs(",\"severity\":", stdout);
        jstr(r->severity);
        fputs(",\"tactics\":", stdout);
        jlist(r->tactics, r->ntactics);
        fputs(",\"techniques\":", stdout);
        jlist(r->techniques, r->ntechniques);
      }
      fputs(",\"kql\":", stdout);
      jstr(kql);
      fputs("}\n", stdout);
      trawl_ruleset_free(rs);
    }
    free(kql);
    free(text);
  }
  return bad ? EXIT_ERROR : EXIT_CLEAN;
}
