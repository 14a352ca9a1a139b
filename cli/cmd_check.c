/*
 * cli/cmd_check.c - `trawl check [--format text|jsonl] FILE...`: parse and
 * bind .kql files and Sentinel rule .yaml files (their `query:` field)
 * without running them; print each result schema or the first error with
 * its line, column and a caret under the query text. The jsonl format has
 * the shape ../shared/tools/kql-check prints with --json. Positions in a
 * YAML rule's text errors are lines and columns of the YAML file; the
 * jsonl offset stays an offset into the query text. A directory argument
 * checks every .kql/.yaml/.yml file under it, in sorted order.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "commands.h"
#include "trawl.h"

static int has_suffix(const char *s, const char *suf) {
  size_t n = strlen(s), m = strlen(suf);
  return n >= m && strcmp(s + n - m, suf) == 0;
}

static int is_yaml(const char *path) {
  return has_suffix(path, ".yaml") || has_suffix(path, ".yml") ||
         has_suffix(path, ".YAML") || has_suffix(path, ".YML");
}

static char *read_file(const char *path, size_t *len) {
  FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
  if (!f) {
    return NULL;
  }
  size_t cap = 4096, n = 0;
  char *buf = malloc(cap);
  while (buf) {
    if (n == cap) {
      char *nb = cap > ((size_t)64 << 20) ? NULL : realloc(buf, cap * 2);
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

static void json_str(FILE *o, const char *s, size_t n) {
  fputc('"', o);
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    switch (c) {
    case '"':
      fputs("\\\"", o);
      break;
    case '\\':
      fputs("\\\\", o);
      break;
    case '\n':
      fputs("\\n", o);
      break;
    case '\r':
      fputs("\\r", o);
      break;
    case '\t':
      fputs("\\t", o);
      break;
    default:
      if (c < 0x20) {
        fprintf(o, "\\u%04x", c);
      } else {
        fputc(c, o);
      }
    }
  }
  fputc('"', o);
}

/* Character offset (UTF-16 code units, as kql-check counts) of byte
 * offset `off` in text. */
static size_t char_offset(const char *text, size_t len, size_t off) {
  size_t n = 0;
  for (size_t i = 0; i < off && i < len; i++) {
    unsigned char c = (unsigned char)text[i];
    if ((c & 0xC0) != 0x80) {
      n += (c >= 0xF0) ? 2 : 1;
    }
  }
  return n;
}

/* loc: where a YAML rule's query sits in its file (NULL for .kql). */
static void print_error_text(FILE *o, const char *file, const char *text,
                             size_t len, const trawl_diag *d,
                             const trawl_yaml_loc *loc) {
  size_t off = d->off > len ? len : d->off;
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
  size_t col = char_offset(text + ls, le - ls, off - ls) + 1;
  if (loc && loc->line == 0) {
    fprintf(o, "%s (generated KQL):%zu:%zu: error: %s\n", file, line, col,
            d->message);
  } else if (loc) {
    fprintf(o, "%s:%zu:%zu: error: %s\n", file, loc->line + line - 1,
            col + (line == 1 ? loc->col - 1 : loc->indent), d->message);
  } else {
    fprintf(o, "%s:%zu:%zu: error: %s\n", file, line, col, d->message);
  }
  if (len == 0) {
    return;
  }
  /* Show at most a window of the line around the error. */
  const char *pre = "", *post = "";
  if (off > ls + 60) {
    ls = off - 60;
    while (ls < off && ((unsigned char)text[ls] & 0xC0) == 0x80) {
      ls++;
    }
    pre = "...";
  }
  if (le > off + 100) {
    le = off + 100;
    while (le > off && ((unsigned char)text[le] & 0xC0) == 0x80) {
      le--;
    }
    post = "...";
  }
  fprintf(o, "  %s%.*s%s\n  %s", pre, (int)(le - ls), text + ls, post,
          *pre ? "   " : "");
  for (size_t i = ls; i < off; i++) {
    unsigned char c = (unsigned char)text[i];
    if ((c & 0xC0) != 0x80) {
      fputc(c == '\t' ? '\t' : ' ', o);
    }
  }
  fputc('^', o);
  size_t span = d->len;
  for (size_t i = off + 1; span > 1 && i < off + span && i < le; i++) {
    if (((unsigned char)text[i] & 0xC0) != 0x80) {
      fputc('~', o);
    }
  }
  fputc('\n', o);
}

static int check_one(const char *path, int jsonl) {
  char *text = NULL;
  size_t len = 0;
  trawl_diag d;
  memset(&d, 0, sizeof d);
  trawl_status st;
  int readable = 1, yaml = is_yaml(path);
  trawl_yaml_loc loc;
  memset(&loc, 0, sizeof loc);
  if (yaml) {
    st = trawl_yaml_query_loc(path, &text, &len, &loc, &d);
    readable = st == TRAWL_OK;
  } else {
    text = read_file(path, &len);
    st = text ? TRAWL_OK : TRAWL_ERR_IO;
    if (!text) {
      readable = 0;
      snprintf(d.message, sizeof d.message, "%s: cannot read the file",
               path);
    }
  }
  char **names = NULL;
  trawl_type *types = NULL;
  size_t ncols = 0;
  if (st == TRAWL_OK) {
    st = trawl_query_check(text, len, NULL, &names, &types, &ncols, &d);
  }
  if (jsonl) {
    fputs("{\"file\":", stdout);
    json_str(stdout, path, strlen(path));
    fprintf(stdout, ",\"ok\":%s,\"errors\":[", st == TRAWL_OK ? "true" :
                                                                "false");
    if (st != TRAWL_OK) {
      size_t off = readable ? char_offset(text, len, d.off) : 0;
      size_t elen = readable ? char_offset(text + d.off, len - d.off, d.len)
                             : 0;
      char msg[600];
      snprintf(msg, sizeof msg, "%s%s", readable ? "" : "cannot read: ",
               d.message);
      fprintf(stdout, "{\"offset\":%zu,\"length\":%zu,\"message\":", off,
              elen);
      json_str(stdout, msg, strlen(msg));
      fputc('}', stdout);
    }
    fputs("],\"columns\":[", stdout);
    for (size_t i = 0; i < ncols; i++) {
      fputs(i ? ",[" : "[", stdout);
      json_str(stdout, names[i], strlen(names[i]));
      fputc(',', stdout);
      const char *tn = trawl_type_name(types[i]);
      json_str(stdout, tn, strlen(tn));
      fputc(']', stdout);
    }
    fputs("]}\n", stdout);
  } else if (st == TRAWL_OK) {
    printf("%s: ok\n", path);
    for (size_t i = 0; i < ncols; i++) {
      printf("  %s: %s\n", names[i], trawl_type_name(types[i]));
    }
  } else if (!readable) {
    printf("%s: error: %s\n", path, d.message);
  } else {
    print_error_text(stdout, path, text, len, &d, yaml ? &loc : NULL);
  }
  trawl_check_free(names, types, ncols);
  free(text);
  return st == TRAWL_OK ? 0 : 1;
}

static int is_checked(const char *path) {
  return is_yaml(path) || has_suffix(path, ".kql") ||
         has_suffix(path, ".KQL");
}

/* Paths of the files to check under a directory, recursively. */
typedef struct path_list {
  char **v;
  size_t n, cap;
  int err;
} path_list;

static void list_add(path_list *l, char *p) {
  if (!p) {
    l->err = 1;
    return;
  }
  if (l->n == l->cap) {
    size_t nc = l->cap ? l->cap * 2 : 64;
    char **nv = realloc(l->v, nc * sizeof *nv);
    if (!nv) {
      free(p);
      l->err = 1;
      return;
    }
    l->v = nv;
    l->cap = nc;
  }
  l->v[l->n++] = p;
}

static void walk_dir(path_list *l, const char *dir, int depth) {
  DIR *d = depth > 32 ? NULL : opendir(dir);
  if (!d) {
    l->err = 1;
    return;
  }
  struct dirent *e;
  while ((e = readdir(d)) != NULL && !l->err) {
    if (e->d_name[0] == '.') {
      continue; /* ., .. and hidden files */
    }
    size_t n = strlen(dir) + strlen(e->d_name) + 2;
    char *p = malloc(n);
    if (!p) {
      l->err = 1;
      break;
    }
    snprintf(p, n, "%s%s%s", dir,
             dir[0] && dir[strlen(dir) - 1] == '/' ? "" : "/", e->d_name);
    struct stat st;
    if (stat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
      walk_dir(l, p, depth + 1);
      free(p);
    } else if (is_checked(p)) {
      list_add(l, p);
    } else {
      free(p);
    }
  }
  closedir(d);
}

static int cmp_path(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Check every .kql/.yaml/.yml file under dir; *nfiles += how many. */
static int check_dir(const char *dir, int jsonl, int *nfiles) {
  path_list l = {0};
  walk_dir(&l, dir, 0);
  int bad = 0;
  const char *msg = l.err ? "cannot read the directory"
                          : "no .kql, .yaml or .yml files in the directory";
  if (l.err || l.n == 0) {
    if (jsonl) {
      fputs("{\"file\":", stdout);
      json_str(stdout, dir, strlen(dir));
      fputs(",\"ok\":false,\"errors\":[{\"offset\":0,\"length\":0,"
            "\"message\":", stdout);
      json_str(stdout, msg, strlen(msg));
      fputs("}],\"columns\":[]}\n", stdout);
    } else {
      printf("%s: error: %s\n", dir, msg);
    }
    bad = 1;
    (*nfiles)++;
  } else {
    qsort(l.v, l.n, sizeof *l.v, cmp_path);
    for (size_t i = 0; i < l.n; i++) {
      (*nfiles)++;
      bad += check_one(l.v[i], jsonl);
    }
  }
  for (size_t i = 0; i < l.n; i++) {
    free(l.v[i]);
  }
  free(l.v);
  return bad;
}

static const char check_help[] =
    "usage: trawl check [--format text|jsonl] FILE|DIR...\n"
    "\n"
    "Parse and type-check KQL without running it, as Microsoft's parser\n"
    "does: .kql files, Sentinel analytic-rule .yaml files (their query:)\n"
    "and Sigma rules (.yml); a directory is checked file by file.\n"
    "Prints each query's result columns and types, or its first error\n"
    "with FILE:LINE:COL (the YAML file's own lines) and a caret.\n"
    "\n"
    "options:\n"
    "  --format text    (default) human-readable\n"
    "  --format jsonl   one line per file, the shape kql-check --json prints:\n"
    "                   {\"file\", \"ok\", \"errors\": [{\"offset\", \"message\"}],\n"
    "                    \"columns\": [[name, type], ...]}\n"
    "\n"
    "examples:\n"
    "  trawl check rules/               every rule under rules/\n"
    "  trawl check --format jsonl my-rule.yaml | jq .columns\n"
    "\n"
    "exit codes: 0 every file is valid, 2 some file has an error.\n";

static void usage(void) { fputs(check_help, stderr); }

int cmd_check(int argc, char **argv) {
  int jsonl = 0, nfiles = 0, bad = 0;
  int i = 1;
  for (; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "--format") == 0 && i + 1 < argc) {
      const char *f = argv[++i];
      if (strcmp(f, "jsonl") == 0 || strcmp(f, "json") == 0) {
        jsonl = 1;
      } else if (strcmp(f, "text") == 0) {
        jsonl = 0;
      } else {
        fprintf(stderr, "trawl check: unknown format '%s'\n", f);
        return EXIT_ERROR;
      }
    } else if (strncmp(a, "--format=", 9) == 0) {
      jsonl = strcmp(a + 9, "jsonl") == 0 || strcmp(a + 9, "json") == 0;
    } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
      fputs(check_help, stdout);
      return EXIT_CLEAN;
    } else if (strcmp(a, "--") == 0) {
      i++;
      break;
    } else if (a[0] == '-' && a[1]) {
      fprintf(stderr, "trawl check: unknown option '%s'\n", a);
      usage();
      return EXIT_ERROR;
    } else {
      break;
    }
  }
  for (; i < argc; i++) {
    struct stat sb;
    if (strcmp(argv[i], "-") != 0 && stat(argv[i], &sb) == 0 &&
        S_ISDIR(sb.st_mode)) {
      bad += check_dir(argv[i], jsonl, &nfiles);
      continue;
    }
    nfiles++;
    bad += check_one(argv[i], jsonl);
  }
  if (nfiles == 0) {
    usage();
    return EXIT_ERROR;
  }
  fflush(stdout);
  if (nfiles > 1 || jsonl) {
    fprintf(stderr, "%d ok, %d with errors\n", nfiles - bad, bad);
  }
  return bad ? EXIT_ERROR : EXIT_CLEAN;
}
