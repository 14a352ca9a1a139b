/*
 * tests/tools/kqlparse.c - parse KQL files with trawl's parser (a test
 * tool, not part of the product).
 *
 *   kqlparse [--roundtrip] [--print] [--jsonl [--verdict]] [--quiet] FILE...
 *
 * Prints "ok FILE" or "FAIL FILE: offset N: message" per file. For .yaml /
 * .yml files (Sentinel rules) the top-level `query:` scalar is parsed.
 * --jsonl reads a JSON-lines file with a "query" string per line (the
 * kql-docs corpus) and prints one line per record: "ok LINE" / "FAIL
 * LINE: ...". --roundtrip also checks parse(print(parse(q))) == parse(q).
 * --verdict (with --jsonl) compares acceptance with the record's
 * "kusto_syntax_ok" and prints ok when they agree; the agreement rate goes
 * to stderr. --quiet leaves out the ok lines.
 * --print writes the canonical text of each query to stdout.
 * Exit status 1 if anything failed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "kql/parse.h"

static int roundtrip, print_it;

static char *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    return NULL;
  }
  size_t cap = 1 << 16, n = 0;
  char *buf = malloc(cap + 1);
  size_t r;
  while (buf && (r = fread(buf + n, 1, cap - n, f)) > 0) {
    n += r;
    if (n == cap) {
      cap *= 2;
      char *nb = realloc(buf, cap + 1);
      if (!nb) {
        free(buf);
        buf = NULL;
      }
      buf = nb;
    }
  }
  fclose(f);
  if (buf) {
    buf[n] = 0;
  }
  *len = n;
  return buf;
}

/* The value of the top-level `query` key of a YAML document (malloc'd). */
static char *yaml_query(const char *text, size_t len) {
  yaml_parser_t yp;
  yaml_event_t ev;
  char *out = NULL;
  int depth = 0, want = 0, key = 1;
  if (!yaml_parser_initialize(&yp)) {
    return NULL;
  }
  yaml_parser_set_input_string(&yp, (const unsigned char *)text, len);
  for (;;) {
    if (!yaml_parser_parse(&yp, &ev)) {
      break;
    }
    int done = ev.type == YAML_STREAM_END_EVENT;
    if (ev.type == YAML_MAPPING_START_EVENT ||
        ev.type == YAML_SEQUENCE_START_EVENT) {
      if (depth == 1) {
        want = 0;
        key = 1;
      }
      depth++;
    } else if (ev.type == YAML_MAPPING_END_EVENT ||
               ev.type == YAML_SEQUENCE_END_EVENT) {
      depth--;
      if (depth == 1) {
        key = 1;
      }
    } else if (ev.type == YAML_SCALAR_EVENT && depth == 1) {
      const char *v = (const char *)ev.data.scalar.value;
      if (key) {
        want = strcmp(v, "query") == 0;
        key = 0;
      } else {
        if (want && !out) {
          out = strdup(v);
        }
        key = 1;
      }
    }
    yaml_event_delete(&ev);
    if (done) {
      break;
    }
  }
  yaml_parser_delete(&yp);
  return out;
}

static int dyn_same(const trawl_dyn *a, const trawl_dyn *b) {
  if (!a || !b) {
    return a == b;
  }
  if (a->kind != b->kind || a->n != b->n) {
    return 0;
  }
  switch (a->kind) {
  case TRAWL_DYN_STRING:
  case TRAWL_DYN_GUID:
    return memcmp(a->u.s, b->u.s, a->n) == 0;
  case TRAWL_DYN_REAL:
    return a->u.r == b->u.r || (a->u.r != a->u.r && b->u.r != b->u.r);
  case TRAWL_DYN_ARRAY:
  case TRAWL_DYN_OBJECT: {
    uint32_t n = a->kind == TRAWL_DYN_OBJECT ? 2 * a->n : a->n;
    for (uint32_t i = 0; i < n; i++) {
      if (!dyn_same(&a->u.items[i], &b->u.items[i])) {
        return 0;
      }
    }
    return 1;
  }
  case TRAWL_DYN_NULL:
    return 1;
  default:
    return a->u.i == b->u.i;
  }
}

/* Structural equality of two trees (kinds, ops, names, literals). */
static int same(const tw_ast *a, const tw_ast *b) {
  if (!a || !b) {
    return a == b;
  }
  if (a->kind != b->kind || a->op != b->op || a->nkids != b->nkids ||
      a->decl_type != b->decl_type) {
    return 0;
  }
  if ((a->name == NULL) != (b->name == NULL) ||
      (a->name && strcmp(a->name, b->name) != 0)) {
    return 0;
  }
  if (a->kind == AST_LITERAL) {
    const tw_value *x = &a->lit, *y = &b->lit;
    if (x->type != y->type || x->null != y->null) {
      return 0;
    }
    if (!x->null) {
      if (x->type == TW_T_STRING || x->type == TW_T_GUID) {
        if (x->len != y->len || memcmp(x->u.s, y->u.s, x->len) != 0) {
          return 0;
        }
      } else if (x->type == TW_T_DYNAMIC) {
        if (!dyn_same(x->u.d, y->u.d)) {
          return 0;
        }
      } else if (x->type == TW_T_REAL || x->type == TW_T_DECIMAL) {
        if (!(x->u.r == y->u.r || (x->u.r != x->u.r && y->u.r != y->u.r))) {
          return 0;
        }
      } else if (x->u.i != y->u.i) {
        return 0;
      }
    }
  }
  for (uint32_t i = 0; i < a->nkids; i++) {
    if (!same(a->kids[i], b->kids[i])) {
      return 0;
    }
  }
  return 1;
}

/* With --verdict: the expected outcome of the current query (1 accept,
 * 0 reject); -1 = no expectation. */
static int expect = -1;
static int agree, disagree, quiet, verdict;

/* Parse one query; print the verdict line under `label`. 0 = ok. */
static int check(const char *label, const char *q, size_t len) {
  tw_arena a;
  tw_arena_init(&a, 0);
  trawl_diag d;
  memset(&d, 0, sizeof d);
  tw_ast *t = NULL;
  trawl_status st = tw_parse_query(q, len, &a, &t, &d);
  int bad = 0;
  if (expect >= 0) {
    int accepted = st == TRAWL_OK;
    if (accepted == expect) {
      agree++;
      if (!quiet) {
        printf("ok %s\n", label);
      }
      tw_arena_free(&a);
      return 0;
    }
    disagree++;
    if (accepted) {
      printf("FAIL %s: accepted, Kusto rejects\n", label);
    } else {
      printf("FAIL %s: rejected at %zu: %s\n", label, d.off, d.message);
    }
    tw_arena_free(&a);
    return 1;
  }
  if (st != TRAWL_OK) {
    printf("FAIL %s: offset %zu: %s\n", label, d.off, d.message);
    bad = 1;
  } else if (roundtrip || print_it) {
    char *text = tw_ast_print(t);
    if (!text) {
      printf("FAIL %s: print failed\n", label);
      bad = 1;
    } else {
      if (print_it) {
        printf("%s\n", text);
      }
      if (roundtrip) {
        tw_ast *t2 = NULL;
        trawl_diag d2;
        memset(&d2, 0, sizeof d2);
        if (tw_parse_query(text, strlen(text), &a, &t2, &d2) != TRAWL_OK) {
          printf("FAIL %s: reparse at %zu: %s\n", label, d2.off, d2.message);
          fprintf(stderr, "%s\n", text);
          bad = 1;
        } else if (!same(t, t2)) {
          printf("FAIL %s: round trip differs\n", label);
          fprintf(stderr, "%s\n", text);
          bad = 1;
        }
      }
      free(text);
    }
  }
  if (!bad) {
    printf("ok %s\n", label);
  }
  tw_arena_free(&a);
  return bad;
}

/* Decode the JSON string value of "query" in one JSON line (malloc'd). */
static char *json_query(const char *line) {
  const char *k = strstr(line, "\"query\":");
  if (!k) {
    return NULL;
  }
  k += 8;
  while (*k == ' ') {
    k++;
  }
  if (*k != '"') {
    return NULL;
  }
  k++;
  char *out = malloc(strlen(k) * 4 + 1), *w = out;
  while (out && *k && *k != '"') {
    if (*k != '\\') {
      *w++ = *k++;
      continue;
    }
    k++;
    char c = *k++;
    switch (c) {
    case 'n': *w++ = '\n'; break;
    case 't': *w++ = '\t'; break;
    case 'r': *w++ = '\r'; break;
    case 'b': *w++ = '\b'; break;
    case 'f': *w++ = '\f'; break;
    case 'u': {
      unsigned cp = 0;
      for (int i = 0; i < 4 && *k; i++, k++) {
        char h = *k;
        cp = cp * 16 + (unsigned)(h <= '9' ? h - '0' : (h | 32) - 'a' + 10);
      }
      if (cp >= 0xD800 && cp <= 0xDBFF && k[0] == '\\' && k[1] == 'u') {
        unsigned lo = 0;
        k += 2;
        for (int i = 0; i < 4 && *k; i++, k++) {
          char h = *k;
          lo = lo * 16 + (unsigned)(h <= '9' ? h - '0' : (h | 32) - 'a' + 10);
        }
        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
      }
      if (cp < 0x80) {
        *w++ = (char)cp;
      } else if (cp < 0x800) {
        *w++ = (char)(0xC0 | (cp >> 6));
        *w++ = (char)(0x80 | (cp & 0x3F));
      } else if (cp < 0x10000) {
        *w++ = (char)(0xE0 | (cp >> 12));
        *w++ = (char)(0x80 | ((cp >> 6) & 0x3F));
        *w++ = (char)(0x80 | (cp & 0x3F));
      } else {
        *w++ = (char)(0xF0 | (cp >> 18));
        *w++ = (char)(0x80 | ((cp >> 12) & 0x3F));
        *w++ = (char)(0x80 | ((cp >> 6) & 0x3F));
        *w++ = (char)(0x80 | (cp & 0x3F));
      }
      break;
    }
    default: *w++ = c; break;
    }
  }
  if (out) {
    *w = 0;
  }
  return out;
}

int main(int argc, char **argv) {
  int bad = 0, jsonl = 0;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--roundtrip") == 0) {
      roundtrip = 1;
      continue;
    }
    if (strcmp(argv[i], "--print") == 0) {
      print_it = 1;
      continue;
    }
    if (strcmp(argv[i], "--verdict") == 0) {
      verdict = 1;
      continue;
    }
    if (strcmp(argv[i], "--quiet") == 0) {
      quiet = 1;
      continue;
    }
    if (strcmp(argv[i], "--jsonl") == 0) {
      jsonl = 1;
      continue;
    }
    size_t len;
    char *text = read_file(argv[i], &len);
    if (!text) {
      printf("FAIL %s: cannot read\n", argv[i]);
      bad = 1;
      continue;
    }
    size_t n = strlen(argv[i]);
    if (jsonl) {
      char *save = NULL;
      int lineno = 0;
      for (char *line = strtok_r(text, "\n", &save); line;
           line = strtok_r(NULL, "\n", &save)) {
        lineno++;
        char *q = json_query(line);
        char label[64];
        snprintf(label, sizeof label, "%s:%d", argv[i], lineno);
        if (verdict) {
          expect = strstr(line, "\"kusto_syntax_ok\": true") ? 1 : 0;
        }
        if (!q) {
          printf("FAIL %s: no query\n", label);
          bad = 1;
          continue;
        }
        bad |= check(label, q, strlen(q));
        free(q);
      }
    } else if ((n > 5 && strcmp(argv[i] + n - 5, ".yaml") == 0) ||
               (n > 4 && strcmp(argv[i] + n - 4, ".yml") == 0)) {
      char *q = yaml_query(text, len);
      if (!q) {
        printf("FAIL %s: no query in YAML\n", argv[i]);
        bad = 1;
      } else {
        bad |= check(argv[i], q, strlen(q));
        free(q);
      }
    } else {
      bad |= check(argv[i], text, len);
    }
    free(text);
  }
  if (verdict) {
    fprintf(stderr, "agree %d, disagree %d (%.1f%%)\n", agree, disagree,
            agree + disagree ? 100.0 * agree / (agree + disagree) : 0.0);
  }
  return bad;
}
