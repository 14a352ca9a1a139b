/*
 * sigma/modifiers.c - Sigma value modifiers, table-driven, and the KQL
 * predicate for "field matches one value".
 *
 * A plain value is a glob: `*` and `?` are wildcards, `\*` `\?` `\\` are
 * the literal characters (a backslash before anything else is itself).
 * Matching is case-insensitive unless |cased, as Sigma specifies, so the
 * predicate is the cheapest exact KQL form: `=~`, `contains`,
 * `startswith`, `endswith`, else `matches regex "(?is)^...$"`.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "sigma/sigma.h"

/* ------------------------------------------------------- the modifiers */

/* The working state of one value while modifiers apply. */
typedef struct sval {
  tw_buf glob;  /* canonical glob: every backslash escapes * ? or \ */
  int raw;      /* 1 = not a glob (re, cidr, exists, fieldref, lt...) */
} sval;

typedef int (*mod_fn)(sval *v, char *err, size_t errn);

static int wrap(sval *v, int before, int after) {
  tw_buf nb;
  tw_buf_init(&nb, TW_SIGMA_MAX_KQL);
  int rc = (before && tw_buf_addc(&nb, '*')) ||
           tw_buf_add(&nb, v->glob.data ? v->glob.data : "", v->glob.len) ||
           (after && tw_buf_addc(&nb, '*'));
  tw_buf_free(&v->glob);
  v->glob = nb;
  return rc ? -1 : 0;
}

static int mod_contains(sval *v, char *err, size_t errn) {
  (void)err, (void)errn;
  return wrap(v, 1, 1);
}
static int mod_startswith(sval *v, char *err, size_t errn) {
  (void)err, (void)errn;
  return wrap(v, 0, 1);
}
static int mod_endswith(sval *v, char *err, size_t errn) {
  (void)err, (void)errn;
  return wrap(v, 1, 0);
}
static int mod_raw(sval *v, char *err, size_t errn) {
  (void)err, (void)errn;
  v->raw = 1;
  return 0;
}
static int mod_none(sval *v, char *err, size_t errn) {
  (void)v, (void)err, (void)errn;
  return 0;
}

/* |base64: the value's bytes base64-encoded (no wildcards allowed). */
static int mod_base64(sval *v, char *err, size_t errn) {
  static const char al[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  tw_buf lit, enc;
  tw_buf_init(&lit, TW_SIGMA_MAX_KQL);
  tw_buf_init(&enc, TW_SIGMA_MAX_KQL);
  int rc = 0;
  for (size_t i = 0; i < v->glob.len && !rc; i++) {
    char c = v->glob.data[i];
    if (c == '*' || c == '?') {
      snprintf(err, errn, "|base64 with wildcards is not supported");
      rc = -1;
    } else if (c == '\\') {
      rc = tw_buf_addc(&lit, v->glob.data[++i]);
    } else {
      rc = tw_buf_addc(&lit, c);
    }
  }
  const unsigned char *s = (const unsigned char *)lit.data;
  for (size_t i = 0; !rc && i < lit.len; i += 3) {
    unsigned x = (unsigned)s[i] << 16;
    size_t left = lit.len - i;
    if (left > 1) {
      x |= (unsigned)s[i + 1] << 8;
    }
    if (left > 2) {
      x |= s[i + 2];
    }
    char q[4] = {al[(x >> 18) & 63], al[(x >> 12) & 63],
                 left > 1 ? al[(x >> 6) & 63] : '=',
                 left > 2 ? al[x & 63] : '='};
    rc = tw_buf_add(&enc, q, 4);  /* the alphabet needs no escaping */
  }
  tw_buf_free(&lit);
  tw_buf_free(&v->glob);
  v->glob = enc;
  return rc;
}

typedef struct modinfo {
  const char *name;
  unsigned bit;
  mod_fn apply;
} modinfo;

/* Applied in this order (so base64 encodes before contains wraps). */
static const modinfo mods_table[] = {
    {"cased", TW_SM_CASED, mod_none},
    {"all", TW_SM_ALL, mod_none},
    {"base64", TW_SM_BASE64, mod_base64},
    {"contains", TW_SM_CONTAINS, mod_contains},
    {"startswith", TW_SM_STARTSWITH, mod_startswith},
    {"endswith", TW_SM_ENDSWITH, mod_endswith},
    {"re", TW_SM_RE, mod_raw},
    {"i", TW_SM_RE_I, mod_none},
    {"m", TW_SM_RE_M, mod_none},
    {"s", TW_SM_RE_S, mod_none},
    {"cidr", TW_SM_CIDR, mod_raw},
    {"exists", TW_SM_EXISTS, mod_raw},
    {"fieldref", TW_SM_FIELDREF, mod_raw},
    {"lt", TW_SM_LT, mod_raw},
    {"lte", TW_SM_LTE, mod_raw},
    {"gt", TW_SM_GT, mod_raw},
    {"gte", TW_SM_GTE, mod_raw},
};

#define NMODS (sizeof mods_table / sizeof mods_table[0])
#define MATCH_KINDS                                                      \
  (TW_SM_CONTAINS | TW_SM_STARTSWITH | TW_SM_ENDSWITH | TW_SM_RE |       \
   TW_SM_CIDR | TW_SM_EXISTS | TW_SM_FIELDREF | TW_SM_LT | TW_SM_LTE |   \
   TW_SM_GT | TW_SM_GTE)
#define RAW_KINDS                                                        \
  (TW_SM_RE | TW_SM_CIDR | TW_SM_EXISTS | TW_SM_FIELDREF | TW_SM_LT |    \
   TW_SM_LTE | TW_SM_GT | TW_SM_GTE)

int tw_sigma_mods_parse(const char *chain, unsigned *mods, char *err,
                        size_t errn) {
  *mods = 0;
  while (chain && *chain) {
    const char *bar = strchr(chain, '|');
    size_t n = bar ? (size_t)(bar - chain) : strlen(chain);
    unsigned bit = 0;
    for (size_t i = 0; i < NMODS; i++) {
      if (strlen(mods_table[i].name) == n &&
          strncmp(mods_table[i].name, chain, n) == 0) {
        bit = mods_table[i].bit;
      }
    }
    if (!bit) {
      snprintf(err, errn, "unsupported modifier '%.*s'", (int)(n > 40 ? 40 : n),
               chain);
      return -1;
    }
    if ((bit & (TW_SM_RE_I | TW_SM_RE_M | TW_SM_RE_S)) &&
        !(*mods & TW_SM_RE)) {
      snprintf(err, errn, "modifier '%.*s' only follows |re", (int)n, chain);
      return -1;
    }
    *mods |= bit;
    chain = bar ? bar + 1 : chain + n;
  }
  unsigned k = *mods & MATCH_KINDS;
  if (k & (k - 1)) {
    snprintf(err, errn, "conflicting modifiers");
    return -1;
  }
  if ((*mods & TW_SM_BASE64) && (*mods & RAW_KINDS)) {
    snprintf(err, errn, "|base64 cannot combine with that modifier");
    return -1;
  }
  return 0;
}

/* ------------------------------------------------------------ emitting */

int tw_sigma_kql_str(tw_buf *out, const char *s, size_t n) {
  if (tw_buf_addc(out, '"')) {
    return -1;
  }
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    int rc;
    if (c == '"' || c == '\\') {
      char e[2] = {'\\', (char)c};
      rc = tw_buf_add(out, e, 2);
    } else if (c == '\n') {
      rc = tw_buf_adds(out, "\\n");
    } else if (c == '\r') {
      rc = tw_buf_adds(out, "\\r");
    } else if (c == '\t') {
      rc = tw_buf_adds(out, "\\t");
    } else if (c < 0x20 || c == 0x7f) {
      rc = tw_buf_printf(out, "\\u%04x", c);
    } else {
      rc = tw_buf_addc(out, (char)c);
    }
    if (rc) {
      return -1;
    }
  }
  return tw_buf_addc(out, '"');
}

/* Canonical glob of a Sigma value: a backslash not before * ? \ becomes
 * an escaped backslash. */
static int canon(tw_buf *g, const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    int rc;
    if (s[i] == '\\') {
      if (i + 1 < n && (s[i + 1] == '*' || s[i + 1] == '?' ||
                        s[i + 1] == '\\')) {
        rc = tw_buf_add(g, s + i, 2);
        i++;
      } else {
        rc = tw_buf_adds(g, "\\\\");
      }
    } else {
      rc = tw_buf_addc(g, s[i]);
    }
    if (rc) {
      return -1;
    }
  }
  return 0;
}

/* The literal text of glob bytes [b, e) (no wildcards in it). */
static int unescape(tw_buf *out, const char *g, size_t b, size_t e) {
  for (size_t i = b; i < e; i++) {
    if (g[i] == '\\' && i + 1 < e) {
      i++;
    }
    if (tw_buf_addc(out, g[i])) {
      return -1;
    }
  }
  return 0;
}

static int is_wild(const char *g, size_t i) {
  return g[i] == '*' || g[i] == '?';
}

/* glob -> regex: literals escaped, * -> .*, ? -> . */
static int glob_regex(tw_buf *re, const char *g, size_t n, int cased) {
  if (tw_buf_adds(re, cased ? "(?s)^" : "(?is)^")) {
    return -1;
  }
  for (size_t i = 0; i < n; i++) {
    int rc;
    unsigned char c = (unsigned char)g[i];
    if (c == '*') {
      rc = tw_buf_adds(re, ".*");
    } else if (c == '?') {
      rc = tw_buf_addc(re, '.');
    } else {
      if (c == '\\') {
        c = (unsigned char)g[++i];
      }
      rc = (c < 0x80 && !isalnum(c) && c != '_' && c != ' ' &&
            tw_buf_addc(re, '\\')) ||
           tw_buf_addc(re, (char)c);
    }
    if (rc) {
      return -1;
    }
  }
  return tw_buf_addc(re, '$');
}

static int emit_glob(tw_buf *out, const char *lhs, const char *g, size_t n,
                     int cased) {
  /* Tokens by a forward scan: leading stars [0, b), the rest up to the
   * end of the last token that is not a star [b, e), trailing stars. */
  size_t b = 0, e = 0;
  while (b < n && g[b] == '*') {
    b++;
  }
  int lead = b > 0;
  int inner = 0;
  e = b;
  for (size_t i = b; i < n; i++) {
    if (g[i] == '\\') {
      i++;
      e = i + 1;
    } else if (g[i] == '*') {
      continue;
    } else {
      e = i + 1;
    }
  }
  int trail = e < n;
  for (size_t i = b; i < e; i++) {
    if (g[i] == '\\') {
      i++;
    } else if (is_wild(g, i)) {
      inner = 1;
    }
  }
  tw_buf lit;
  tw_buf_init(&lit, TW_SIGMA_MAX_KQL);
  int rc;
  if (inner) {
    rc = glob_regex(&lit, g, n, cased) ||
         tw_buf_printf(out, "%s matches regex ", lhs) ||
         tw_sigma_kql_str(out, lit.data ? lit.data : "", lit.len);
  } else if (b == e && (lead || trail)) {
    rc = tw_buf_printf(out, "isnotempty(%s)", lhs);
  } else {
    const char *op = lead && trail ? (cased ? "contains_cs" : "contains")
                     : lead        ? (cased ? "endswith_cs" : "endswith")
                     : trail ? (cased ? "startswith_cs" : "startswith")
                             : (cased ? "==" : "=~");
    rc = unescape(&lit, g, b, e) || tw_buf_printf(out, "%s %s ", lhs, op) ||
         tw_sigma_kql_str(out, lit.data ? lit.data : "", lit.len);
  }
  tw_buf_free(&lit);
  return rc ? -1 : 0;
}

static int emit_cidr(tw_buf *out, const char *lhs, const char *v, size_t n,
                     char *err, size_t errn) {
  unsigned a, b, c, d, bits;
  char tail;
  char tmp[64];
  if (n >= sizeof tmp) {
    n = sizeof tmp - 1;
  }
  memcpy(tmp, v, n);
  tmp[n] = 0;
  if (sscanf(tmp, "%u.%u.%u.%u/%u%c", &a, &b, &c, &d, &bits, &tail) != 5 ||
      a > 255 || b > 255 || c > 255 || d > 255 || bits > 32) {
    snprintf(err, errn, "|cidr needs an IPv4 range a.b.c.d/n (got '%s')",
             tmp);
    return -1;
  }
  return tw_buf_printf(out, "ipv4_is_in_range(%s, \"%u.%u.%u.%u/%u\")", lhs,
                       a, b, c, d, bits);
}

static int emit_number(tw_buf *out, const char *lhs, unsigned mods,
                       const char *v, size_t n, char *err, size_t errn) {
  char tmp[64];
  if (n == 0 || n >= sizeof tmp) {
    snprintf(err, errn, "a number is needed for |lt/|gt");
    return -1;
  }
  memcpy(tmp, v, n);
  tmp[n] = 0;
  for (size_t i = 0; i < n; i++) {
    if (!isdigit((unsigned char)tmp[i]) &&
        !(i == 0 && tmp[i] == '-') && tmp[i] != '.') {
      snprintf(err, errn, "a number is needed for |lt/|gt (got '%s')", tmp);
      return -1;
    }
  }
  const char *op = mods & TW_SM_LT    ? "<"
                   : mods & TW_SM_LTE ? "<="
                   : mods & TW_SM_GT  ? ">"
                                      : ">=";
  return tw_buf_printf(out, "todouble(%s) %s %s", lhs, op, tmp);
}

int tw_sigma_is_plain(unsigned mods, const char *value, size_t vlen) {
  if (!value || (mods & (MATCH_KINDS | TW_SM_BASE64 | TW_SM_CASED))) {
    return 0;
  }
  for (size_t i = 0; i < vlen; i++) {
    if (value[i] == '\\' && i + 1 < vlen &&
        (value[i + 1] == '*' || value[i + 1] == '?' || value[i + 1] == '\\')) {
      i++;
    } else if (value[i] == '*' || value[i] == '?') {
      return 0;
    }
  }
  return 1;
}

int tw_sigma_plain_literal(tw_buf *out, const char *value, size_t vlen) {
  tw_buf g, lit;
  tw_buf_init(&g, TW_SIGMA_MAX_KQL);
  tw_buf_init(&lit, TW_SIGMA_MAX_KQL);
  int rc = canon(&g, value, vlen) ||
           unescape(&lit, g.data ? g.data : "", 0, g.len) ||
           tw_sigma_kql_str(out, lit.data ? lit.data : "", lit.len);
  tw_buf_free(&g);
  tw_buf_free(&lit);
  return rc ? -1 : 0;
}

int tw_sigma_match(tw_buf *out, trawl_table table, const char *lhs_in,
                   tw_sfield_kind kind, unsigned mods, const char *value,
                   size_t vlen, char *err, size_t errn) {
  char lhs[1024];
  snprintf(lhs, sizeof lhs, kind == TW_SF_OTHER ? "tostring(%s)" : "%s",
           lhs_in);
  if (mods & TW_SM_EXISTS) {
    int on = value && (strcmp(value, "true") == 0 || strcmp(value, "yes") == 0);
    int off = value && (strcmp(value, "false") == 0 || strcmp(value, "no") == 0);
    if (!on && !off) {
      snprintf(err, errn, "|exists needs true or false");
      return -1;
    }
    return tw_buf_printf(out, "%s(%s)", on ? "isnotempty" : "isempty", lhs);
  }
  if (!value) {  /* YAML null: the field is absent or empty */
    return kind == TW_SF_OTHER ? tw_buf_printf(out, "isnull(%s)", lhs_in)
                               : tw_buf_printf(out, "isempty(%s)", lhs);
  }
  if (mods & TW_SM_RE) {
    char flags[8] = "";
    size_t k = 0;
    if (mods & TW_SM_RE_I) {
      flags[k++] = 'i';
    }
    if (mods & TW_SM_RE_M) {
      flags[k++] = 'm';
    }
    if (mods & TW_SM_RE_S) {
      flags[k++] = 's';
    }
    flags[k] = 0;
    tw_buf re;
    tw_buf_init(&re, TW_SIGMA_MAX_KQL);
    int rc = (k && tw_buf_printf(&re, "(?%s)", flags)) ||
             tw_buf_add(&re, value, vlen) ||
             tw_buf_printf(out, "%s matches regex ", lhs) ||
             tw_sigma_kql_str(out, re.data ? re.data : "", re.len);
    tw_buf_free(&re);
    return rc ? -1 : 0;
  }
  if (mods & TW_SM_CIDR) {
    return emit_cidr(out, lhs, value, vlen, err, errn);
  }
  if (mods & (TW_SM_LT | TW_SM_LTE | TW_SM_GT | TW_SM_GTE)) {
    return emit_number(out, lhs, mods, value, vlen, err, errn);
  }
  if (mods & TW_SM_FIELDREF) {
    tw_buf other;
    tw_buf_init(&other, TW_SIGMA_MAX_KQL);
    tw_sfield_kind ok;
    if (memchr(value, 0, vlen) || tw_sigma_field(table, value, &other, &ok)) {
      tw_buf_free(&other);
      snprintf(err, errn, "|fieldref: field '%.60s' has no column in %s",
               value, trawl_table_name(table));
      return -1;
    }
    int rc = tw_buf_printf(out, "%s %s %s%s%s", lhs,
                           mods & TW_SM_CASED ? "==" : "=~",
                           ok == TW_SF_OTHER ? "tostring(" : "", other.data,
                           ok == TW_SF_OTHER ? ")" : "");
    tw_buf_free(&other);
    return rc;
  }
  sval v = {{0}, 0};
  tw_buf_init(&v.glob, TW_SIGMA_MAX_KQL);
  int rc = canon(&v.glob, value, vlen);
  for (size_t i = 0; i < NMODS && !rc; i++) {
    if (mods & mods_table[i].bit) {
      rc = mods_table[i].apply(&v, err, errn);
    }
  }
  if (!rc) {
    rc = emit_glob(out, lhs, v.glob.data ? v.glob.data : "", v.glob.len,
                   (mods & TW_SM_CASED) != 0);
  }
  tw_buf_free(&v.glob);
  return rc ? -1 : 0;
}
