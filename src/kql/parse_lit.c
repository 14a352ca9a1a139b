/*
 * kql/parse_lit.c - literal tokens to values: strings (decoded), numbers,
 * timespans, GUIDs, typed literals (datetime(...), int(null), ...), bools
 * and dynamic(...) literals built as tw_dyn trees in the query arena
 * (JSON-like, with single-quoted strings and embedded typed literals).
 */
#include "kql/parse_lit.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/limits.h"
#include "base/timeutil.h"

bool tw_lit_is_bool_word(const char *s, size_t n) {
  static const char *const w[] = {"true", "True", "TRUE",
                                  "false", "False", "FALSE"};
  for (size_t i = 0; i < 6; i++) {
    if (strlen(w[i]) == n && memcmp(w[i], s, n) == 0) {
      return true;
    }
  }
  return false;
}

static bool word_is(const char *s, size_t n, const char *w) {
  return strlen(w) == n && memcmp(s, w, n) == 0;
}

/* ------------------------------------------------------------ numbers */

/* Parse a long (decimal or 0x hex) into *out; false on overflow/garbage. */
static bool parse_long(const char *s, size_t n, int64_t *out) {
  char buf[80];
  if (n == 0 || n >= sizeof buf) {
    return false;
  }
  memcpy(buf, s, n);
  buf[n] = 0;
  char *end = NULL;
  errno = 0;
  long long v;
  if (n > 2 && buf[0] == '0' && (buf[1] == 'x' || buf[1] == 'X')) {
    unsigned long long u = strtoull(buf + 2, &end, 16);
    v = (long long)u;
  } else {
    v = strtoll(buf, &end, 10);
  }
  if (errno || *end) {
    return false;
  }
  *out = v;
  return true;
}

static bool parse_real(const char *s, size_t n, double *out) {
  char buf[400];
  if (n == 0 || n >= sizeof buf) {
    return false;
  }
  memcpy(buf, s, n);
  buf[n] = 0;
  char *end = NULL;
  double d = strtod(buf, &end);
  if (*end) {
    return false;
  }
  *out = d;
  return true;
}

/* Trim spaces and tabs, and one pair of enclosing quotes. */
static void trim(const char **s, size_t *n, bool quotes) {
  while (*n && (**s == ' ' || **s == '\t')) {
    (*s)++;
    (*n)--;
  }
  while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t')) {
    (*n)--;
  }
  if (quotes && *n >= 2 && (**s == '\'' || **s == '"') &&
      (*s)[*n - 1] == **s) {
    (*s)++;
    *n -= 2;
  }
}

/* ---------------------------------------------------- typed literals */

/* A timespan of `d` days, if it fits in ticks. */
static bool days_value(double d, tw_value *v, const char **why) {
  double t = d * (double)TW_TICKS_PER_DAY;
  if (!(t > -9.2e18 && t < 9.2e18)) {
    *why = "timespan literal out of range";
    return false;
  }
  *v = tw_timespan((int64_t)t);
  return true;
}

/* Fill *v from typed literal text `name(content)`; false if invalid. */
static bool typed_value(tw_arena *a, const char *s, size_t n, tw_value *v,
                        const char **why) {
  size_t nl = 0;
  while (nl < n && s[nl] != '(' && s[nl] != ' ' && s[nl] != '\t') {
    nl++;
  }
  const char *lp = memchr(s, '(', n);
  const char *c = lp + 1;
  size_t cn = (size_t)(s + n - 1 - c);
  trim(&c, &cn, false);
  bool isnull = word_is(c, cn, "null");
  *why = "invalid literal";
  if (word_is(s, nl, "datetime") || word_is(s, nl, "date")) {
    *why = "invalid datetime literal";
    if (isnull) {
      *v = tw_null(TW_T_DATETIME);
      return true;
    }
    trim(&c, &cn, true);
    int64_t t;
    if (tw_datetime_parse(c, cn, &t) != 0) {
      return false;
    }
    *v = tw_datetime(t);
    return true;
  }
  if (word_is(s, nl, "timespan") || word_is(s, nl, "time")) {
    *why = "invalid timespan literal";
    if (isnull) {
      *v = tw_null(TW_T_TIMESPAN);
      return true;
    }
    trim(&c, &cn, true);
    /* drop blanks between the number and its unit: "15 seconds" */
    char buf[96];
    size_t w = 0;
    for (size_t i = 0; i < cn && w < sizeof buf - 1; i++) {
      if (c[i] != ' ' && c[i] != '\t') {
        buf[w++] = c[i];
      }
    }
    if (w == 0 || w >= sizeof buf - 1) {
      return false;
    }
    int64_t t;
    double d;
    size_t j = 0;
    if (buf[0] == '-' || buf[0] == '+') {
      j = 1;
    }
    bool plain = j < w;
    for (size_t i = j; i < w; i++) {
      if (!((buf[i] >= '0' && buf[i] <= '9') || buf[i] == '.')) {
        plain = false;
      }
    }
    if (plain && strchr(buf, '.') == NULL) {
      /* a bare number counts days */
      return parse_real(buf, w, &d) && days_value(d, v, why);
    }
    if (tw_timespan_parse(buf, w, &t) != 0) {
      return plain && parse_real(buf, w, &d) && days_value(d, v, why);
    }
    *v = tw_timespan(t);
    return true;
  }
  if (word_is(s, nl, "guid")) {
    *why = "invalid guid literal";
    if (isnull) {
      *v = tw_null(TW_T_GUID);
      return true;
    }
    trim(&c, &cn, true);
    if (cn != 36) {
      return false;
    }
    char *g = tw_arena_alloc(a, 37);
    if (!g) {
      return false;
    }
    for (size_t i = 0; i < 36; i++) {
      char ch = c[i];
      bool dash = i == 8 || i == 13 || i == 18 || i == 23;
      if (dash ? ch != '-' : !((ch >= '0' && ch <= '9') ||
                               (ch >= 'a' && ch <= 'f') ||
                               (ch >= 'A' && ch <= 'F'))) {
        return false;
      }
      g[i] = (ch >= 'A' && ch <= 'F') ? (char)(ch + 32) : ch;
    }
    g[36] = 0;
    tw_value r = {0};
    r.type = TW_T_GUID;
    r.u.s = g;
    r.len = 36;
    *v = r;
    return true;
  }
  if (word_is(s, nl, "bool") || word_is(s, nl, "boolean")) {
    if (isnull) {
      *v = tw_null(TW_T_BOOL);
      return true;
    }
    if (word_is(c, cn, "true") || word_is(c, cn, "True") ||
        word_is(c, cn, "TRUE") || word_is(c, cn, "1")) {
      *v = tw_bool(true);
      return true;
    }
    if (word_is(c, cn, "false") || word_is(c, cn, "False") ||
        word_is(c, cn, "FALSE") || word_is(c, cn, "0")) {
      *v = tw_bool(false);
      return true;
    }
    return false;
  }
  tw_type t = word_is(s, nl, "int")       ? TW_T_INT
              : word_is(s, nl, "long")    ? TW_T_LONG
              : word_is(s, nl, "decimal") ? TW_T_DECIMAL
                                          : TW_T_REAL;
  if (isnull) {
    *v = tw_null(t);
    return true;
  }
  /* remove blanks after a sign: "- 5" */
  char buf[400];
  size_t w = 0;
  for (size_t i = 0; i < cn && w < sizeof buf - 1; i++) {
    if (c[i] != ' ' && c[i] != '\t') {
      buf[w++] = c[i];
    }
  }
  buf[w] = 0;
  if (t == TW_T_REAL || t == TW_T_DECIMAL) {
    double d;
    const char *b = buf;
    int sign = 1;
    if (*b == '+' || *b == '-') {
      sign = *b == '-' ? -1 : 1;
      b++;
    }
    if (strcmp(b, "nan") == 0) {
      d = NAN;
    } else if (strcmp(b, "inf") == 0) {
      d = sign * INFINITY;
    } else if (!parse_real(buf, w, &d)) {
      return false;
    }
    tw_value r = tw_real(d);
    r.type = (uint8_t)t;
    *v = r;
    return true;
  }
  /* Kusto accepts any number here: as toint()/tolong() convert it, a
   * fraction is truncated toward zero (long(1.5) is 1) and a value out of
   * the type's range is null (int(2147483648)). */
  int64_t i;
  if (!parse_long(buf, w, &i)) {
    double d;
    if (!parse_real(buf, w, &d) || isnan(d)) {
      return false;
    }
    d = trunc(d);
    if (!(d >= -9223372036854775808.0 && d < 9223372036854775808.0)) {
      *v = tw_null(t);
      return true;
    }
    i = (int64_t)d;
  }
  if (t == TW_T_INT) {
    *v = i < INT32_MIN || i > INT32_MAX ? tw_null(TW_T_INT)
                                        : tw_int((int32_t)i);
  } else {
    *v = tw_long(i);
  }
  return true;
}

/* ------------------------------------------------------ token values */

/*
 * Timespan unit spellings the lexer accepts (kql-semantics.md 1.5) that
 * tw_timespan_parse may not know: rewrite `10millisec` as `10ms` etc. into
 * out. Returns the new length, or 0 to use the text as it is.
 */
static size_t canonical_span(const char *s, size_t n, char *out, size_t cap) {
  static const struct {
    const char *from, *to;
  } alias[] = {{"millisec", "ms"},          {"microsec", "microsecond"},
               {"nano", "nanosecond"},      {"nanos", "nanosecond"},
               {"nanosec", "nanosecond"}};
  size_t u = 0;
  while (u < n && ((s[u] >= '0' && s[u] <= '9') || s[u] == '.')) {
    u++;
  }
  for (size_t i = 0; i < sizeof alias / sizeof alias[0]; i++) {
    size_t al = strlen(alias[i].from), tl = strlen(alias[i].to);
    if (n - u == al && memcmp(s + u, alias[i].from, al) == 0 &&
        u + tl < cap) {
      memcpy(out, s, u);
      memcpy(out + u, alias[i].to, tl);
      return u + tl;
    }
  }
  return 0;
}

/* The value of one scalar literal token; false (with *why) if invalid. */
static bool token_value(tw_parser *p, tw_token t, tw_value *v,
                        const char **why) {
  const char *s = p->src + t.off;
  *why = "invalid literal";
  switch (t.kind) {
  case TK_STRING: {
    char *out = tw_arena_alloc(p->a, (size_t)t.len + 1);
    if (!out) {
      return false;
    }
    size_t n = tw_lex_string_decode(s, t.len, out);
    out[n] = 0;
    *v = tw_str(out, n);
    return true;
  }
  case TK_LONG: {
    int64_t i;
    if (parse_long(s, t.len, &i)) {
      *v = tw_long(i);
      return true;
    }
    double d;
    if (parse_real(s, t.len, &d)) {
      *v = tw_real(d);
      return true;
    }
    *why = "invalid number";
    return false;
  }
  case TK_REAL: {
    double d;
    if (!parse_real(s, t.len, &d)) {
      *why = "invalid number";
      return false;
    }
    *v = tw_real(d);
    return true;
  }
  case TK_TIMESPAN: {
    int64_t ticks;
    char canon[96];
    size_t cl = canonical_span(s, t.len, canon, sizeof canon);
    if (tw_timespan_parse(cl ? canon : s, cl ? cl : t.len, &ticks) != 0) {
      *why = "invalid timespan literal";
      return false;
    }
    *v = tw_timespan(ticks);
    return true;
  }
  case TK_GUID: {
    char *g = tw_arena_strndup(p->a, s, 36);
    if (!g) {
      return false;
    }
    for (int i = 0; i < 36; i++) {
      if (g[i] >= 'A' && g[i] <= 'F') {
        g[i] = (char)(g[i] + 32);
      }
    }
    tw_value r = {0};
    r.type = TW_T_GUID;
    r.u.s = g;
    r.len = 36;
    *v = r;
    return true;
  }
  case TK_TYPED:
    return typed_value(p->a, s, t.len, v, why);
  case TK_IDENT:
    if (tw_lit_is_bool_word(s, t.len)) {
      *v = tw_bool(s[0] == 't' || s[0] == 'T');
      return true;
    }
    return false;
  default:
    return false;
  }
}

/* ------------------------------------------------------------ dynamic */

static bool dyn_value(tw_parser *p, tw_dyn *out, int depth);

/* Collect nodes in a growable temporary array in the arena. */
typedef struct {
  tw_dyn *v;
  uint32_t n, cap;
} dvec;

static bool dpush(tw_parser *p, dvec *d, const tw_dyn *x) {
  if (d->n == d->cap) {
    uint32_t cap = d->cap ? d->cap * 2 : 8;
    tw_dyn *v = tw_arena_alloc(p->a, cap * sizeof *v);
    if (!v) {
      tw_p_error_at(p, p->tok, "out of memory in dynamic literal");
      return false;
    }
    if (d->n) {
      memcpy(v, d->v, d->n * sizeof *v);
    }
    d->v = v;
    d->cap = cap;
  }
  d->v[d->n++] = *x;
  return true;
}

static bool dyn_from_value(const tw_value *v, tw_dyn *out) {
  memset(out, 0, sizeof *out);
  if (v->null && v->type != TW_T_STRING) {
    out->kind = TRAWL_DYN_NULL;
    return true;
  }
  switch (v->type) {
  case TW_T_BOOL: out->kind = TRAWL_DYN_BOOL; out->u.i = v->u.i; break;
  case TW_T_INT:
  case TW_T_LONG: out->kind = TRAWL_DYN_LONG; out->u.i = v->u.i; break;
  case TW_T_REAL:
  case TW_T_DECIMAL: out->kind = TRAWL_DYN_REAL; out->u.r = v->u.r; break;
  case TW_T_STRING:
    out->kind = TRAWL_DYN_STRING;
    out->u.s = v->u.s;
    out->n = v->len;
    break;
  case TW_T_DATETIME: out->kind = TRAWL_DYN_DATETIME; out->u.i = v->u.i; break;
  case TW_T_TIMESPAN: out->kind = TRAWL_DYN_TIMESPAN; out->u.i = v->u.i; break;
  case TW_T_GUID:
    out->kind = TRAWL_DYN_GUID;
    out->u.s = v->u.s;
    out->n = v->len;
    break;
  default:
    return false;
  }
  return true;
}

static bool dyn_value(tw_parser *p, tw_dyn *out, int depth) {
  if (depth > TW_MAX_JSON_DEPTH) {
    tw_p_error_at(p, p->tok, "dynamic literal is nested too deeply");
    return false;
  }
  memset(out, 0, sizeof *out);
  tw_token t = p->tok;
  if (t.kind == TK_LBRACK || t.kind == TK_QIDENT) {
    dvec d = {0};
    if (t.kind == TK_QIDENT) {
      /* ["a"] lexed as one token: a one-string array */
      tw_value v;
      const char *why;
      tw_token inner = {TK_STRING, t.off + 1, t.len - 2};
      if (!token_value(p, inner, &v, &why)) {
        tw_p_error_at(p, t, "%s", why);
        return false;
      }
      tw_dyn x;
      dyn_from_value(&v, &x);
      if (!dpush(p, &d, &x)) {
        return false;
      }
      tw_p_advance(p);
    } else {
      tw_p_advance(p);
      while (!p->failed && !tw_p_is(p, TK_RBRACK)) {
        tw_dyn x;
        if (!dyn_value(p, &x, depth + 1) || !dpush(p, &d, &x)) {
          return false;
        }
        if (!tw_p_accept(p, TK_COMMA)) {
          break;
        }
        if (tw_p_is(p, TK_RBRACK)) {
          tw_p_expected(p, "a dynamic value");
          return false;
        }
      }
      if (!tw_p_expect(p, TK_RBRACK)) {
        return false;
      }
    }
    out->kind = TRAWL_DYN_ARRAY;
    out->n = d.n;
    out->u.items = d.v;
    return true;
  }
  if (t.kind == TK_LBRACE) {
    dvec d = {0};
    tw_p_advance(p);
    while (!p->failed && !tw_p_is(p, TK_RBRACE)) {
      tw_dyn k, x;
      memset(&k, 0, sizeof k);
      tw_token kt = p->tok;
      if (kt.kind == TK_STRING) {
        tw_value v;
        const char *why;
        if (!token_value(p, kt, &v, &why)) {
          return false;
        }
        k.kind = TRAWL_DYN_STRING;
        k.u.s = v.u.s;
        k.n = v.len;
      } else {
        tw_p_expected(p, "a property name");
        return false;
      }
      tw_p_advance(p);
      if (!tw_p_expect(p, TK_COLON) || !dyn_value(p, &x, depth + 1) ||
          !dpush(p, &d, &k) || !dpush(p, &d, &x)) {
        return false;
      }
      if (!tw_p_accept(p, TK_COMMA)) {
        break;
      }
      if (tw_p_is(p, TK_RBRACE)) {
        tw_p_expected(p, "a property name");
        return false;
      }
    }
    if (!tw_p_expect(p, TK_RBRACE)) {
      return false;
    }
    out->kind = TRAWL_DYN_OBJECT;
    out->n = d.n / 2;
    out->u.items = d.v;
    return true;
  }
  if (t.kind == TK_IDENT && word_is(p->src + t.off, t.len, "null")) {
    tw_p_advance(p);
    out->kind = TRAWL_DYN_NULL;
    return true;
  }
  bool neg = false;
  tw_token start = t;
  if (t.kind == TK_MINUS) {
    neg = true;
    tw_p_advance(p);
    t = p->tok;
    if (t.kind != TK_LONG && t.kind != TK_REAL && t.kind != TK_TIMESPAN) {
      tw_p_expected(p, "a number");
      return false;
    }
  }
  tw_value v;
  const char *why = "invalid literal";
  if (t.kind == TK_STRING || t.kind == TK_LONG || t.kind == TK_REAL ||
      t.kind == TK_TIMESPAN || t.kind == TK_TYPED ||
      (t.kind == TK_IDENT && tw_lit_is_bool_word(p->src + t.off, t.len))) {
    if (!token_value(p, t, &v, &why) || !dyn_from_value(&v, out)) {
      tw_p_error_at(p, t, "%s", why);
      return false;
    }
    if (neg) {
      if (out->kind == TRAWL_DYN_REAL) {
        out->u.r = -out->u.r;
      } else {
        out->u.i = (int64_t)(0 - (uint64_t)out->u.i);
      }
    }
    tw_p_advance(p);
    return true;
  }
  (void)start;
  tw_p_expected(p, "a dynamic value");
  return false;
}

/* --------------------------------------------------------- public */

tw_ast *tw_p_literal(tw_parser *p) {
  tw_token t = p->tok;
  tw_ast *n = tw_p_node(p, AST_LITERAL, t.off);
  if (!n) {
    return NULL;
  }
  if (t.kind == TK_IDENT && word_is(p->src + t.off, t.len, "dynamic")) {
    tw_p_advance(p);
    if (!tw_p_expect(p, TK_LPAREN)) {
      return NULL;
    }
    tw_dyn d;
    if (!dyn_value(p, &d, 0)) {
      return NULL;
    }
    if (!tw_p_expect(p, TK_RPAREN)) {
      return NULL;
    }
    if (d.kind == TRAWL_DYN_NULL) {
      n->lit = tw_dynamic(NULL);
    } else {
      tw_dyn *h = tw_arena_memdup(p->a, &d, sizeof d);
      if (!h) {
        return tw_p_error_at(p, t, "out of memory");
      }
      n->lit = tw_dynamic(h);
    }
    return tw_p_finish(p, n);
  }
  const char *why;
  if (!token_value(p, t, &n->lit, &why)) {
    return tw_p_error_at(p, t, "%s", why);
  }
  tw_p_advance(p);
  return tw_p_finish(p, n);
}

bool tw_lit_negate(tw_ast *n) {
  if (n->kind != AST_LITERAL || n->lit.null) {
    return false;
  }
  switch (n->lit.type) {
  case TW_T_LONG:
  case TW_T_TIMESPAN:
    n->lit.u.i = (int64_t)(0 - (uint64_t)n->lit.u.i);
    return true;
  case TW_T_REAL:
    n->lit.u.r = -n->lit.u.r;
    return true;
  default:
    return false;
  }
}
