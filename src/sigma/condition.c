/*
 * sigma/condition.c - a small recursive-descent parser for Sigma's
 * condition language: `and`, `or`, `not`, parentheses, search
 * identifiers, `1 of PATTERN`, `any of PATTERN`, `all of PATTERN`,
 * `... of them`. Errors carry the byte offset into the condition text.
 * `| count([F]) [by G] OP N` is parsed (aggregation); `near` and other
 * pipe expressions are reported as unsupported.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "sigma/sigma.h"

typedef struct cparser {
  const char *s;
  size_t n, pos;
  tw_scond_tree *t;
  int depth;
  size_t err_off;
  char *err;
  size_t errn;
  int failed;
  /* current token */
  size_t tok_off, tok_len;
  int tok;  /* 0 end, '(' ')' '|', 'w' word, '?' other */
} cparser;

static int perr(cparser *p, size_t off, const char *msg) {
  if (!p->failed) {
    p->failed = 1;
    p->err_off = off;
    snprintf(p->err, p->errn, "%s", msg);
  }
  return -1;
}

static int is_word(char c) {
  return isalnum((unsigned char)c) || c == '_' || c == '*' || c == '-' ||
         c == '.' || c == '?';
}

static void next(cparser *p) {
  while (p->pos < p->n && isspace((unsigned char)p->s[p->pos])) {
    p->pos++;
  }
  p->tok_off = p->pos;
  if (p->pos >= p->n) {
    p->tok = 0;
    p->tok_len = 0;
    return;
  }
  char c = p->s[p->pos];
  if (c == '(' || c == ')' || c == '|') {
    p->tok = c;
    p->tok_len = 1;
    p->pos++;
    return;
  }
  if (is_word(c)) {
    while (p->pos < p->n && is_word(p->s[p->pos])) {
      p->pos++;
    }
    p->tok = 'w';
    p->tok_len = p->pos - p->tok_off;
    return;
  }
  p->tok = '?';
  p->tok_len = 1;
  p->pos++;
}

static int tok_is(const cparser *p, const char *kw) {
  size_t k = strlen(kw);
  return p->tok == 'w' && p->tok_len == k &&
         strncmp(p->s + p->tok_off, kw, k) == 0;
}

static int keyword(const cparser *p) {
  return tok_is(p, "and") || tok_is(p, "or") || tok_is(p, "not") ||
         tok_is(p, "of") || tok_is(p, "near");
}

static int node(cparser *p, tw_scond_kind k, int a, int b, size_t off,
                size_t len) {
  if (p->t->n >= TW_SIGMA_MAX_COND_NODES) {
    return perr(p, off, "condition too long");
  }
  tw_scond *c = &p->t->nodes[p->t->n];
  c->kind = k;
  c->a = a;
  c->b = b;
  c->off = off;
  c->len = len;
  return p->t->n++;
}

static int parse_or(cparser *p);

static int parse_primary(cparser *p) {
  if (p->tok == '(') {
    size_t open = p->tok_off;
    next(p);
    int e = parse_or(p);
    if (e < 0) {
      return -1;
    }
    if (p->tok != ')') {
      if (p->tok == 0) {
        return perr(p, open, "missing ')' for this '('");
      }
      return perr(p, p->tok_off, "expected ')'");
    }
    next(p);
    return e;
  }
  if (p->tok == 'w' && !keyword(p)) {
    size_t off = p->tok_off, len = p->tok_len;
    int quant = tok_is(p, "1") || tok_is(p, "any") || tok_is(p, "all");
    int all = tok_is(p, "all");
    next(p);
    if (quant && tok_is(p, "of")) {
      next(p);
      if (p->tok != 'w' || keyword(p)) {
        return perr(p, p->tok_off,
                    "expected a search-identifier pattern or 'them' "
                    "after 'of'");
      }
      size_t poff = p->tok_off, plen = p->tok_len;
      next(p);
      return node(p, all ? TW_SC_ALL_OF : TW_SC_ONE_OF, -1, -1, poff, plen);
    }
    if (quant && !all && len == 1 && p->s[off] == '1') {
      return perr(p, p->tok_off, "expected 'of' after '1'");
    }
    return node(p, TW_SC_REF, -1, -1, off, len);
  }
  if (p->tok == 0) {
    return perr(p, p->tok_off, "condition ends too early");
  }
  if (p->tok == '|') {
    return perr(p, p->tok_off,
                "pipe expressions ('| count() > N', '| near') are not "
                "supported: write a Sentinel rule for aggregations");
  }
  if (tok_is(p, "near")) {
    return perr(p, p->tok_off, "'near' is not supported");
  }
  return perr(p, p->tok_off, "expected a search identifier, 'not' or '('");
}

static int parse_not(cparser *p) {
  if (tok_is(p, "not")) {
    size_t off = p->tok_off;
    if (++p->depth > TW_SIGMA_MAX_COND_DEPTH) {
      return perr(p, off, "condition nested too deeply");
    }
    next(p);
    int a = parse_not(p);
    p->depth--;
    return a < 0 ? -1 : node(p, TW_SC_NOT, a, -1, off, 3);
  }
  if (p->tok == '(') {
    if (++p->depth > TW_SIGMA_MAX_COND_DEPTH) {
      return perr(p, p->tok_off, "condition nested too deeply");
    }
    int a = parse_primary(p);
    p->depth--;
    return a;
  }
  return parse_primary(p);
}

static int parse_and(cparser *p) {
  int a = parse_not(p);
  while (a >= 0 && tok_is(p, "and")) {
    size_t off = p->tok_off;
    next(p);
    int b = parse_not(p);
    a = b < 0 ? -1 : node(p, TW_SC_AND, a, b, off, 3);
  }
  return a;
}

static int parse_or(cparser *p) {
  int a = parse_and(p);
  while (a >= 0 && tok_is(p, "or")) {
    size_t off = p->tok_off;
    next(p);
    int b = parse_and(p);
    a = b < 0 ? -1 : node(p, TW_SC_OR, a, b, off, 2);
  }
  return a;
}

/* "| count([FIELD]) [by FIELD] OP N" (Sigma's old aggregation form). */
static int parse_agg(cparser *p) {
  tw_scond_tree *t = p->t;
  size_t bar = p->tok_off;
  next(p);
  if (!tok_is(p, "count")) {
    return perr(p, p->tok_off < p->n ? p->tok_off : bar,
                "pipe expressions other than '| count() ...' ('| near', "
                "'| sum', ...) are not supported");
  }
  next(p);
  if (p->tok != '(') {
    return perr(p, p->tok_off, "expected '(' after count");
  }
  next(p);
  if (p->tok == 'w' && !keyword(p)) {
    t->agg_field_off = p->tok_off;
    t->agg_field_len = p->tok_len;
    next(p);
  }
  if (p->tok != ')') {
    return perr(p, p->tok_off, "expected ')'");
  }
  next(p);
  if (tok_is(p, "by")) {
    next(p);
    if (p->tok != 'w' || keyword(p)) {
      return perr(p, p->tok_off, "expected a field after 'by'");
    }
    t->agg_by_off = p->tok_off;
    t->agg_by_len = p->tok_len;
    next(p);
  }
  /* the operator: the tokenizer gives '?' for each of < > = */
  size_t q = p->tok_off;
  size_t k = 0;
  while (q + k < p->n && k < 2 && strchr("<>=", p->s[q + k])) {
    k++;
  }
  static const char *const ops[] = {">", ">=", "<", "<=", "=="};
  int op = -1;
  for (int i = 0; i < 5; i++) {
    if (strlen(ops[i]) == k && strncmp(ops[i], p->s + q, k) == 0) {
      op = i;
    }
  }
  if (k == 1 && p->s[q] == '=') {
    op = 4;
  }
  if (op < 0) {
    return perr(p, q, "expected >, >=, <, <= or == after count()");
  }
  memcpy(t->agg_op, ops[op], strlen(ops[op]) + 1);
  p->pos = q + k;
  next(p);
  if (p->tok != 'w' || p->tok_len > 9) {
    return perr(p, p->tok_off, "expected a number");
  }
  long v = 0;
  for (size_t i = 0; i < p->tok_len; i++) {
    char c = p->s[p->tok_off + i];
    if (c < '0' || c > '9') {
      return perr(p, p->tok_off, "expected a number");
    }
    v = v * 10 + (c - '0');
  }
  t->agg_n = v;
  t->agg = 1;
  next(p);
  return 0;
}

int tw_sigma_cond_parse(const char *text, size_t len, tw_scond_tree *t,
                        size_t *err_off, char *err, size_t errn) {
  cparser p;
  memset(&p, 0, sizeof p);
  p.s = text;
  p.n = len;
  p.t = t;
  p.err = err;
  p.errn = errn;
  t->n = 0;
  t->root = -1;
  t->agg = 0;
  t->agg_field_len = t->agg_by_len = 0;
  next(&p);
  int r = parse_or(&p);
  if (r >= 0 && p.tok == '|') {
    if (parse_agg(&p) != 0) {
      r = -1;
    }
  }
  if (r >= 0 && p.tok != 0) {
    if (p.tok == '|') {
      perr(&p, p.tok_off,
           "pipe expressions ('| count() > N', '| near') are not "
           "supported: write a Sentinel rule for aggregations");
    } else if (tok_is(&p, "near")) {
      perr(&p, p.tok_off, "'near' is not supported");
    } else if (p.tok == ')') {
      perr(&p, p.tok_off, "unbalanced ')'");
    } else {
      perr(&p, p.tok_off, "expected 'and', 'or' or the end of the condition");
    }
    r = -1;
  }
  if (r < 0) {
    *err_off = p.err_off;
    return -1;
  }
  t->root = r;
  return 0;
}

int tw_sigma_glob(const char *pat, size_t p, const char *name, size_t n) {
  /* Iterative matcher with one backtrack point per `*`. */
  size_t i = 0, j = 0, star = (size_t)-1, mark = 0;
  while (j < n) {
    if (i < p && pat[i] == '*') {
      star = i++;
      mark = j;
    } else if (i < p && pat[i] == name[j]) {
      i++;
      j++;
    } else if (star != (size_t)-1) {
      i = star + 1;
      j = ++mark;
    } else {
      return 0;
    }
  }
  while (i < p && pat[i] == '*') {
    i++;
  }
  return i == p;
}
