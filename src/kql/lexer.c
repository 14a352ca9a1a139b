/*
 * kql/lexer.c - the KQL tokenizer: scans query text into tokens (kind and
 * span only), and decodes string literal tokens. Never allocates; all
 * scanning is bounded by the source length.
 */
#include "base/utf8.h"
#include "kql/lexer.h"

#include <string.h>

/* ------------------------------------------------------- char classes */

static int is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
static int is_hex(unsigned char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
static int is_alpha(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
         c >= 0x80;
}
static int is_ident_start(unsigned char c) { return is_alpha(c) || c == '$'; }
int tw_lex_is_ident_char(unsigned char c) { return is_alpha(c) || is_digit(c); }

static int word_eq(const char *s, size_t n, const char *w) {
  return strlen(w) == n && memcmp(s, w, n) == 0;
}

static const char *const span_units[] = {
    "d", "day", "days", "h", "hr", "hrs", "hour", "hours", "m", "min",
    "minute", "minutes", "s", "sec", "second", "seconds", "ms", "milli",
    "millis", "millisec", "millisecond", "milliseconds", "micro", "micros",
    "microsec", "microsecond", "microseconds", "nano", "nanos", "nanosec",
    "nanosecond", "nanoseconds", "tick", "ticks"};

int tw_lex_is_timespan_unit(const char *s, size_t n) {
  for (size_t i = 0; i < sizeof span_units / sizeof span_units[0]; i++) {
    if (word_eq(s, n, span_units[i])) {
      return 1;
    }
  }
  return 0;
}

/* Operator keywords spelled with hyphens: lexed as one identifier. */
static const char *const hyphen_words[] = {
    "project-away", "project-keep", "project-rename", "project-reorder",
    "project-smart", "project-by-names", "mv-expand", "mv-apply",
    "parse-where", "parse-kv", "make-series", "top-nested", "top-hitters",
    "make-graph", "graph-match", "graph-merge", "graph-to-table",
    "graph-shortest-paths", "graph-mark-components", "sample-distinct",
    "assert-schema", "macro-expand", "execute-and-cache"};

static int is_hyphen_word(const char *s, size_t n) {
  for (size_t i = 0; i < sizeof hyphen_words / sizeof hyphen_words[0]; i++) {
    if (word_eq(s, n, hyphen_words[i])) {
      return 1;
    }
  }
  return 0;
}

/* Typed literal names whose content is always raw text. */
static int is_raw_typed(const char *s, size_t n) {
  return word_eq(s, n, "datetime") || word_eq(s, n, "date") ||
         word_eq(s, n, "timespan") || word_eq(s, n, "time") ||
         word_eq(s, n, "guid");
}
/* Typed literal names whose content must look like a literal. */
static int is_value_typed(const char *s, size_t n) {
  return word_eq(s, n, "bool") || word_eq(s, n, "boolean") ||
         word_eq(s, n, "int") || word_eq(s, n, "long") ||
         word_eq(s, n, "real") || word_eq(s, n, "double") ||
         word_eq(s, n, "decimal");
}

/* ------------------------------------------------------------ helpers */

void tw_lex_init(tw_lexer *lx, const char *src, size_t len) {
  lx->src = src;
  lx->len = len;
  lx->pos = 0;
  lx->err = NULL;
}

static tw_token tok(int kind, size_t off, size_t len) {
  tw_token t;
  t.kind = (uint16_t)kind;
  t.off = (uint32_t)off;
  t.len = (uint32_t)len;
  return t;
}

static tw_token lex_error(tw_lexer *lx, size_t off, size_t end,
                          const char *msg) {
  lx->err = msg;
  lx->pos = end;
  return tok(TK_ERROR, off, end - off);
}

/* Skip whitespace and `//` comments from position p; returns new p. */
static size_t skip_space(const char *s, size_t n, size_t p) {
  for (;;) {
    while (p < n && (s[p] == ' ' || s[p] == '\t' || s[p] == '\n' ||
                     s[p] == '\r' || s[p] == '\f' || s[p] == '\v')) {
      p++;
    }
    if (p + 1 < n && s[p] == '/' && s[p + 1] == '/') {
      while (p < n && s[p] != '\n') {
        p++;
      }
      continue;
    }
    /* UTF-8 BOM and non-breaking space count as whitespace. */
    if (p + 2 < n && (unsigned char)s[p] == 0xEF &&
        (unsigned char)s[p + 1] == 0xBB && (unsigned char)s[p + 2] == 0xBF) {
      p += 3;
      continue;
    }
    if (p + 1 < n && (unsigned char)s[p] == 0xC2 &&
        (unsigned char)s[p + 1] == 0xA0) {
      p += 2;
      continue;
    }
    return p;
  }
}

/*
 * Length of the string literal starting at p (0 if none starts there),
 * or (size_t)-1 when one starts but is unterminated. *what gets a message.
 */
static size_t string_len(const char *s, size_t n, size_t p,
                         const char **what) {
  size_t q = p;
  if (q < n && (s[q] == 'h' || s[q] == 'H') && q + 1 < n &&
      (s[q + 1] == '"' || s[q + 1] == '\'' ||
       (s[q + 1] == '@' && q + 2 < n &&
        (s[q + 2] == '"' || s[q + 2] == '\'')))) {
    q++;
  }
  if (q + 2 < n && ((s[q] == '`' && s[q + 1] == '`' && s[q + 2] == '`') ||
                    (s[q] == '~' && s[q + 1] == '~' && s[q + 2] == '~'))) {
    if (q != p) {
      return 0;
    }
    char c = s[q];
    for (size_t i = q + 3; i + 2 < n; i++) {
      if (s[i] == c && s[i + 1] == c && s[i + 2] == c) {
        return i + 3 - p;
      }
    }
    *what = "unterminated multi-line string literal";
    return (size_t)-1;
  }
  int verbatim = 0;
  if (q + 1 < n && s[q] == '@' && (s[q + 1] == '"' || s[q + 1] == '\'')) {
    verbatim = 1;
    q++;
  }
  if (q >= n || (s[q] != '"' && s[q] != '\'')) {
    return 0;
  }
  char quote = s[q++];
  while (q < n) {
    char c = s[q];
    if (c == '\n' || c == '\r') {
      break;
    }
    if (c == quote) {
      if (verbatim && q + 1 < n && s[q + 1] == quote) {
        q += 2;
        continue;
      }
      return q + 1 - p;
    }
    if (c == '\\' && !verbatim) {
      if (q + 1 < n && s[q + 1] != '\n' && s[q + 1] != '\r') {
        q += 2;
        continue;
      }
    }
    q++;
  }
  *what = "unterminated string literal";
  return (size_t)-1;
}

/* A bare GUID at p: 8-4-4-4-12 hex digits not followed by an ident char. */
static int guid_at(const char *s, size_t n, size_t p) {
  static const int groups[5] = {8, 4, 4, 4, 12};
  size_t q = p;
  for (int g = 0; g < 5; g++) {
    for (int i = 0; i < groups[g]; i++, q++) {
      if (q >= n || !is_hex((unsigned char)s[q])) {
        return 0;
      }
    }
    if (g < 4) {
      if (q >= n || s[q] != '-') {
        return 0;
      }
      q++;
    }
  }
  return q >= n || !tw_lex_is_ident_char((unsigned char)s[q]);
}

/* 1 if (s, n) (trimmed) is a literal allowed inside int(...), real(...). */
static int value_content_ok(const char *s, size_t n) {
  while (n && (*s == ' ' || *s == '\t')) {
    s++;
    n--;
  }
  while (n && (s[n - 1] == ' ' || s[n - 1] == '\t')) {
    n--;
  }
  if (n == 0) {
    return 0;
  }
  if (word_eq(s, n, "null") || word_eq(s, n, "nan") ||
      word_eq(s, n, "true") || word_eq(s, n, "false") ||
      word_eq(s, n, "True") || word_eq(s, n, "False") ||
      word_eq(s, n, "TRUE") || word_eq(s, n, "FALSE")) {
    return 1;
  }
  size_t i = 0;
  if (s[i] == '+' || s[i] == '-') {
    i++;
    while (i < n && (s[i] == ' ' || s[i] == '\t')) {
      i++;
    }
  }
  if (word_eq(s + i, n - i, "inf")) {
    return 1;
  }
  if (i + 1 < n && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X')) {
    i += 2;
    size_t h = i;
    while (i < n && is_hex((unsigned char)s[i])) {
      i++;
    }
    return i > h && i == n;
  }
  size_t d = i;
  while (i < n && is_digit((unsigned char)s[i])) {
    i++;
  }
  if (i < n && s[i] == '.') {
    i++;
    while (i < n && is_digit((unsigned char)s[i])) {
      i++;
    }
  }
  if (i == d || (i == d + 1 && s[d] == '.')) {
    return 0;
  }
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    i++;
    if (i < n && (s[i] == '+' || s[i] == '-')) {
      i++;
    }
    size_t e = i;
    while (i < n && is_digit((unsigned char)s[i])) {
      i++;
    }
    if (i == e) {
      return 0;
    }
  }
  return i == n;
}

/* ------------------------------------------------------------ scanners */

static tw_token lex_number(tw_lexer *lx, size_t start) {
  const char *s = lx->src;
  size_t n = lx->len, p = start;
  if (p + 1 < n && s[p] == '0' && (s[p + 1] == 'x' || s[p + 1] == 'X') &&
      p + 2 < n && is_hex((unsigned char)s[p + 2])) {
    p += 2;
    while (p < n && is_hex((unsigned char)s[p])) {
      p++;
    }
    if (p < n && tw_lex_is_ident_char((unsigned char)s[p])) {
      while (p < n && tw_lex_is_ident_char((unsigned char)s[p])) {
        p++;
      }
      return lex_error(lx, start, p, "malformed number");
    }
    lx->pos = p;
    return tok(TK_LONG, start, p - start);
  }
  int real = 0;
  while (p < n && is_digit((unsigned char)s[p])) {
    p++;
  }
  if (p < n && s[p] == '.' && !(p + 1 < n && s[p + 1] == '.')) {
    /* `1.` is a real; but `1.foo` is not a number followed by a member. */
    if (p + 1 < n && is_digit((unsigned char)s[p + 1])) {
      real = 1;
      p++;
      while (p < n && is_digit((unsigned char)s[p])) {
        p++;
      }
    } else if (!(p + 1 < n && (is_ident_start((unsigned char)s[p + 1]) ||
                               s[p + 1] == '['))) {
      real = 1;
      p++;
    }
  }
  if (p < n && (s[p] == 'e' || s[p] == 'E')) {
    size_t q = p + 1;
    if (q < n && (s[q] == '+' || s[q] == '-')) {
      q++;
    }
    if (q < n && is_digit((unsigned char)s[q])) {
      while (q < n && is_digit((unsigned char)s[q])) {
        q++;
      }
      real = 1;
      p = q;
    }
  }
  if (p < n && is_alpha((unsigned char)s[p])) {
    size_t q = p;
    while (q < n && tw_lex_is_ident_char((unsigned char)s[q])) {
      q++;
    }
    if (tw_lex_is_timespan_unit(s + p, q - p)) {
      lx->pos = q;
      return tok(TK_TIMESPAN, start, q - start);
    }
    if (!real) {
      /* An identifier that starts with digits (`1st`). */
      lx->pos = q;
      return tok(TK_IDENT, start, q - start);
    }
    return lex_error(lx, start, q, "malformed number");
  }
  lx->pos = p;
  return tok(real ? TK_REAL : TK_LONG, start, p - start);
}

/* Scan a typed literal's `(raw)` starting at the '(' at p. Returns the end
 * (after ')') or 0 if there is no ')' on the same line. */
static size_t typed_close(const char *s, size_t n, size_t p) {
  for (size_t q = p + 1; q < n; q++) {
    if (s[q] == ')') {
      return q + 1;
    }
    if (s[q] == '\n' || s[q] == '(') {
      return 0;
    }
  }
  return 0;
}

static tw_token lex_word(tw_lexer *lx, size_t start) {
  const char *s = lx->src;
  size_t n = lx->len, p = start + 1; /* the first char may be '$' */
  while (p < n && tw_lex_is_ident_char((unsigned char)s[p])) {
    p++;
  }
  size_t wl = p - start;
  /* in~ */
  if (word_eq(s + start, wl, "in") && p < n && s[p] == '~') {
    lx->pos = p + 1;
    return tok(TK_IDENT, start, p + 1 - start);
  }
  /* hyphenated keywords: take the longest listed match */
  if (p + 1 < n && s[p] == '-' && is_alpha((unsigned char)s[p + 1])) {
    size_t q = p, best = 0;
    while (q + 1 < n && s[q] == '-' && is_alpha((unsigned char)s[q + 1])) {
      q++;
      while (q < n && tw_lex_is_ident_char((unsigned char)s[q])) {
        q++;
      }
      if (is_hyphen_word(s + start, q - start)) {
        best = q;
      }
    }
    if (best) {
      lx->pos = best;
      return tok(TK_IDENT, start, best - start);
    }
  }
  /* typed literals: name(raw) */
  if (is_raw_typed(s + start, wl) || is_value_typed(s + start, wl)) {
    size_t q = p;
    while (q < n && (s[q] == ' ' || s[q] == '\t')) {
      q++;
    }
    if (q < n && s[q] == '(') {
      size_t end = typed_close(s, n, q);
      if (end && (is_raw_typed(s + start, wl) ||
                  value_content_ok(s + q + 1, end - q - 2))) {
        lx->pos = end;
        return tok(TK_TYPED, start, end - start);
      }
    }
  }
  lx->pos = p;
  return tok(TK_IDENT, start, wl);
}

/* A string literal at `start`, merged with the adjacent ones after it. */
static tw_token lex_string(tw_lexer *lx, size_t start, size_t first) {
  const char *s = lx->src;
  size_t n = lx->len, end = start + first;
  for (;;) {
    size_t q = skip_space(s, n, end);
    const char *what = NULL;
    size_t l = string_len(s, n, q, &what);
    if (l == 0 || l == (size_t)-1) {
      break;
    }
    end = q + l;
  }
  lx->pos = end;
  return tok(TK_STRING, start, end - start);
}

tw_token tw_lex_next(tw_lexer *lx) {
  const char *s = lx->src;
  size_t n = lx->len;
  size_t p = skip_space(s, n, lx->pos);
  lx->pos = p;
  if (p >= n) {
    return tok(TK_EOF, n, 0);
  }
  unsigned char c = (unsigned char)s[p];
  const char *what = NULL;
  size_t sl = string_len(s, n, p, &what);
  if (sl == (size_t)-1) {
    size_t e = p;
    while (e < n && s[e] != '\n' && s[e] != '\r') {
      e++;
    }
    if (s[p] == '`' || s[p] == '~') {
      e = n;
    }
    return lex_error(lx, p, e, what);
  }
  if (sl) {
    return lex_string(lx, p, sl);
  }
  if (is_hex(c) && guid_at(s, n, p)) {
    lx->pos = p + 36;
    return tok(TK_GUID, p, 36);
  }
  if (is_digit(c)) {
    return lex_number(lx, p);
  }
  if (is_ident_start(c)) {
    return lex_word(lx, p);
  }
  char c1 = p + 1 < n ? s[p + 1] : 0;
  switch (c) {
  case '(': lx->pos = p + 1; return tok(TK_LPAREN, p, 1);
  case ')': lx->pos = p + 1; return tok(TK_RPAREN, p, 1);
  case '{': lx->pos = p + 1; return tok(TK_LBRACE, p, 1);
  case '}': lx->pos = p + 1; return tok(TK_RBRACE, p, 1);
  case ']': lx->pos = p + 1; return tok(TK_RBRACK, p, 1);
  case ',': lx->pos = p + 1; return tok(TK_COMMA, p, 1);
  case ';': lx->pos = p + 1; return tok(TK_SEMI, p, 1);
  case ':': lx->pos = p + 1; return tok(TK_COLON, p, 1);
  case '|': lx->pos = p + 1; return tok(TK_PIPE, p, 1);
  case '+': lx->pos = p + 1; return tok(TK_PLUS, p, 1);
  case '-': lx->pos = p + 1; return tok(TK_MINUS, p, 1);
  case '*': lx->pos = p + 1; return tok(TK_STAR, p, 1);
  case '/': lx->pos = p + 1; return tok(TK_SLASH, p, 1);
  case '%': lx->pos = p + 1; return tok(TK_PERCENT, p, 1);
  case '?': lx->pos = p + 1; return tok(TK_QUESTION, p, 1);
  case '.':
    if (c1 == '.') {
      lx->pos = p + 2;
      return tok(TK_DOTDOT, p, 2);
    }
    lx->pos = p + 1;
    return tok(TK_DOT, p, 1);
  case '[':
    if (c1 == '\'' || c1 == '"' || c1 == '@') {
      /* quoted identifier ['x'] / ["x"] (also [@"x"]) */
      size_t q = p + 1;
      const char *w = NULL;
      size_t l = string_len(s, n, q, &w);
      if (l && l != (size_t)-1) {
        size_t e = skip_space(s, n, q + l);
        if (e < n && s[e] == ']') {
          lx->pos = e + 1;
          return tok(TK_QIDENT, p, e + 1 - p);
        }
      }
    }
    lx->pos = p + 1;
    return tok(TK_LBRACK, p, 1);
  case '=':
    if (c1 == '=') { lx->pos = p + 2; return tok(TK_EQ, p, 2); }
    if (c1 == '~') { lx->pos = p + 2; return tok(TK_EQ_CI, p, 2); }
    if (c1 == '>') { lx->pos = p + 2; return tok(TK_ARROW, p, 2); }
    lx->pos = p + 1;
    return tok(TK_ASSIGN, p, 1);
  case '<':
    if (c1 == '=') { lx->pos = p + 2; return tok(TK_LE, p, 2); }
    if (c1 == '>') { lx->pos = p + 2; return tok(TK_LTGT, p, 2); }
    lx->pos = p + 1;
    return tok(TK_LT, p, 1);
  case '>':
    if (c1 == '=') { lx->pos = p + 2; return tok(TK_GE, p, 2); }
    lx->pos = p + 1;
    return tok(TK_GT, p, 1);
  case '!':
    if (c1 == '=') { lx->pos = p + 2; return tok(TK_NE, p, 2); }
    if (c1 == '~') { lx->pos = p + 2; return tok(TK_NE_CI, p, 2); }
    if (is_alpha((unsigned char)c1)) {
      size_t q = p + 1;
      while (q < n && tw_lex_is_ident_char((unsigned char)s[q])) {
        q++;
      }
      if (word_eq(s + p + 1, q - p - 1, "in") && q < n && s[q] == '~') {
        q++;
      }
      lx->pos = q;
      return tok(TK_BANG_IDENT, p, q - p);
    }
    return lex_error(lx, p, p + 1, "unexpected character '!'");
  default:
    break;
  }
  /* skip one UTF-8 sequence for the error span */
  size_t e = p + 1;
  while (e < n && ((unsigned char)s[e] & 0xC0) == 0x80) {
    e++;
  }
  return lex_error(lx, p, e, "unexpected character");
}

/* ------------------------------------------------------------- decode */

static int hexval(unsigned char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  return c - 'A' + 10;
}

/* Read exactly `k` hex digits at s[*i] (bounded by end); -1 if not. */
static long read_hex(const char *s, size_t end, size_t *i, int k) {
  long v = 0;
  if (*i + (size_t)k > end) {
    return -1;
  }
  for (int j = 0; j < k; j++) {
    unsigned char c = (unsigned char)s[*i + (size_t)j];
    if (!is_hex(c)) {
      return -1;
    }
    v = v * 16 + hexval(c);
  }
  *i += (size_t)k;
  return v;
}

/* Decode the escaped body s[b..e) of a regular literal into o. */
static size_t decode_escaped(const char *s, size_t b, size_t e, char *o) {
  size_t w = 0, i = b;
  while (i < e) {
    char c = s[i++];
    if (c != '\\' || i >= e) {
      o[w++] = c;
      continue;
    }
    char x = s[i++];
    switch (x) {
    case 'a': o[w++] = '\a'; break;
    case 'b': o[w++] = '\b'; break;
    case 'f': o[w++] = '\f'; break;
    case 'n': o[w++] = '\n'; break;
    case 'r': o[w++] = '\r'; break;
    case 't': o[w++] = '\t'; break;
    case 'v': o[w++] = '\v'; break;
    case 'u':
    case 'U':
    case 'x': {
      size_t j = i;
      long cp = read_hex(s, e, &j, x == 'u' ? 4 : x == 'U' ? 8 : 2);
      if (cp < 0) {
        o[w++] = x;
        break;
      }
      i = j;
      if (x == 'u' && cp >= 0xD800 && cp <= 0xDBFF && i + 1 < e &&
          s[i] == '\\' && s[i + 1] == 'u') {
        size_t k = i + 2;
        long lo = read_hex(s, e, &k, 4);
        if (lo >= 0xDC00 && lo <= 0xDFFF) {
          cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          i = k;
        }
      }
      w += tw_utf8_put(o + w, (uint32_t)cp);
      break;
    }
    default:
      if (x >= '0' && x <= '7') {
        uint32_t v = (uint32_t)(x - '0');
        for (int k = 0; k < 2 && i < e && s[i] >= '0' && s[i] <= '7'; k++) {
          v = v * 8 + (uint32_t)(s[i++] - '0');
        }
        w += tw_utf8_put(o + w, v);
      } else {
        o[w++] = x;
      }
      break;
    }
  }
  return w;
}

size_t tw_lex_string_decode(const char *src, size_t len, char *out) {
  size_t p = 0, w = 0;
  for (;;) {
    p = skip_space(src, len, p);
    const char *what = NULL;
    size_t l = string_len(src, len, p, &what);
    if (l == 0 || l == (size_t)-1) {
      return w;
    }
    size_t q = p, end = p + l;
    if (src[q] == 'h' || src[q] == 'H') {
      q++;
    }
    if (src[q] == '`' || src[q] == '~') {
      memcpy(out + w, src + q + 3, end - q - 6);
      w += end - q - 6;
    } else if (src[q] == '@') {
      char quote = src[q + 1];
      for (size_t i = q + 2; i < end - 1; i++) {
        out[w++] = src[i];
        if (src[i] == quote) {
          i++; /* doubled quote */
        }
      }
    } else {
      w += decode_escaped(src, q + 1, end - 1, out + w);
    }
    p = end;
  }
}

/* --------------------------------------------------------------- names */

const char *tw_tok_kind_name(int kind) {
  static const char *const names[TK_KIND_COUNT] = {
      "end of query", "invalid token", "identifier", "quoted identifier",
      "operator", "string literal", "number", "number", "timespan literal",
      "guid literal", "typed literal", "'('", "')'", "'['", "']'", "'{'",
      "'}'", "','", "';'", "':'", "'.'", "'..'", "'|'", "'='", "'=='",
      "'!='", "'<>'", "'=~'", "'!~'", "'<'", "'<='", "'>'", "'>='", "'+'",
      "'-'", "'*'", "'/'", "'%'", "'=>'", "'?'"};
  if (kind < 0 || kind >= TK_KIND_COUNT) {
    return "token";
  }
  return names[kind];
}
