/*
 * rules/letscan.c - find the names of a KQL query's top-level `let`
 * statements without a full parse, so the hunt knows which rules a
 * `--set NAME=...` or a configuration value applies to.
 */
#include <ctype.h>
#include <string.h>

#include "rules/rules.h"

static int ident_char(char c) {
  return isalnum((unsigned char)c) || c == '_';
}

/* Skip a string literal starting at q[i]; returns the index after it. */
static size_t skip_string(const char *q, size_t len, size_t i) {
  if (i + 2 < len && q[i] == '`' && q[i + 1] == '`' && q[i + 2] == '`') {
    const char *end = NULL;
    for (size_t j = i + 3; j + 2 < len; j++) {
      if (q[j] == '`' && q[j + 1] == '`' && q[j + 2] == '`') {
        end = q + j;
        break;
      }
    }
    return end ? (size_t)(end - q) + 3 : len;
  }
  int verbatim = 0;
  if (q[i] == '@' || q[i] == 'h' || q[i] == 'H') {
    if (q[i] == '@') {
      verbatim = 1;
    }
    i++;
    if (i < len && q[i] == '@') {
      verbatim = 1;
      i++;
    }
  }
  char quote = q[i++];
  while (i < len) {
    char c = q[i];
    if (!verbatim && c == '\\') {
      i += 2;
      continue;
    }
    if (c == quote) {
      if (verbatim && i + 1 < len && q[i + 1] == quote) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    if (c == '\n' && !verbatim) {
      return i;  /* unterminated: stop at the line end */
    }
    i++;
  }
  return len;
}

size_t tw_kql_top_lets(const char *q, size_t len,
                       void (*fn)(void *ctx, const char *name, size_t n),
                       void *ctx) {
  size_t count = 0, i = 0;
  int depth = 0, stmt_start = 1;
  while (i < len) {
    char c = q[i];
    if (c == '/' && i + 1 < len && q[i + 1] == '/') {
      while (i < len && q[i] != '\n') {
        i++;
      }
      continue;
    }
    if (isspace((unsigned char)c)) {
      i++;
      continue;
    }
    if (c == '"' || c == '\'' || c == '`' ||
        ((c == '@' || c == 'h' || c == 'H') && i + 1 < len &&
         (q[i + 1] == '"' || q[i + 1] == '\'' ||
          (q[i + 1] == '@' && i + 2 < len &&
           (q[i + 2] == '"' || q[i + 2] == '\''))) &&
         (i == 0 || !ident_char(q[i - 1])))) {
      i = skip_string(q, len, i);
      stmt_start = 0;
      continue;
    }
    if (c == '(' || c == '[' || c == '{') {
      depth++;
      i++;
      stmt_start = 0;
      continue;
    }
    if (c == ')' || c == ']' || c == '}') {
      if (depth > 0) {
        depth--;
      }
      i++;
      continue;
    }
    if (c == ';') {
      if (depth == 0) {
        stmt_start = 1;
      }
      i++;
      continue;
    }
    if (ident_char(c)) {
      size_t s = i;
      while (i < len && ident_char(q[i])) {
        i++;
      }
      if (depth == 0 && stmt_start && i - s == 3 && memcmp(q + s, "let", 3) == 0) {
        size_t j = i;
        while (j < len && isspace((unsigned char)q[j])) {
          j++;
        }
        size_t ns = j;
        while (j < len && ident_char(q[j])) {
          j++;
        }
        size_t ne = j;
        while (j < len && isspace((unsigned char)q[j])) {
          j++;
        }
        if (ne > ns && j < len && q[j] == '=' && (j + 1 >= len || q[j + 1] != '=')) {
          count++;
          if (fn) {
            fn(ctx, q + ns, ne - ns);
          }
          i = j + 1;
        }
      }
      stmt_start = 0;
      continue;
    }
    stmt_start = 0;
    i++;
  }
  return count;
}

struct has_ctx {
  const char *name;
  size_t n;
  int found;
};

static void has_cb(void *ctx, const char *name, size_t n) {
  struct has_ctx *h = ctx;
  if (n == h->n && memcmp(name, h->name, n) == 0) {
    h->found = 1;
  }
}

int tw_kql_has_let(const char *q, size_t len, const char *name) {
  struct has_ctx h = {name, strlen(name), 0};
  tw_kql_top_lets(q, len, has_cb, &h);
  return h.found;
}
