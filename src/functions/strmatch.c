/*
 * functions/strmatch.c - string matching primitives for KQL's string
 * operators: ASCII folding, substring search, term rules, like patterns.
 */
#define _GNU_SOURCE /* memmem */
#include "functions/strmatch.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

bool tw_str_eq(const char *a, size_t an, const char *b, size_t bn, bool ci) {
  if (an != bn) {
    return false;
  }
  if (!ci) {
    return an == 0 || memcmp(a, b, an) == 0;
  }
  for (size_t i = 0; i < an; i++) {
    if (tw_ascii_lower((unsigned char)a[i]) !=
        tw_ascii_lower((unsigned char)b[i])) {
      return false;
    }
  }
  return true;
}

int tw_str_cmp(const char *a, size_t an, const char *b, size_t bn) {
  size_t n = an < bn ? an : bn;
  int c = n ? memcmp(a, b, n) : 0;
  if (c) {
    return c;
  }
  return an < bn ? -1 : an > bn ? 1 : 0;
}

static bool eq_ci(const char *a, const char *b, size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (tw_ascii_lower((unsigned char)a[i]) !=
        tw_ascii_lower((unsigned char)b[i])) {
      return false;
    }
  }
  return true;
}

/* A case-insensitive search that can be resumed: the next positions of
 * the needle's first byte in either case are remembered, so finding all
 * occurrences of a needle stays linear in the haystack. */
typedef struct ci_finder {
  const char *hay, *needle;
  size_t hn, nn, last;
  unsigned char f, F;
  size_t nf, nF;  /* next candidate of each case; (size_t)-1 = none */
  int nf_ok, nF_ok;
} ci_finder;

static void ci_init(ci_finder *c, const char *hay, size_t hn,
                    const char *needle, size_t nn) {
  c->hay = hay;
  c->hn = hn;
  c->needle = needle;
  c->nn = nn;
  c->last = hn - nn;
  c->f = tw_ascii_lower((unsigned char)needle[0]);
  c->F = (c->f >= 'a' && c->f <= 'z') ? (unsigned char)(c->f - 32) : c->f;
  c->nf_ok = 0;
  c->nF_ok = c->F == c->f;
  c->nF = (size_t)-1;
  c->nf = (size_t)-1;
}

/* Next occurrence at or after `i` (needs nn <= hn). */
static size_t ci_next(ci_finder *c, size_t i) {
  while (i <= c->last) {
    if (!c->nf_ok || (c->nf != (size_t)-1 && c->nf < i)) {
      const char *p = memchr(c->hay + i, c->f, c->last - i + 1);
      c->nf = p ? (size_t)(p - c->hay) : (size_t)-1;
      c->nf_ok = 1;
    }
    if (!c->nF_ok || (c->nF != (size_t)-1 && c->nF < i)) {
      const char *p = memchr(c->hay + i, c->F, c->last - i + 1);
      c->nF = p ? (size_t)(p - c->hay) : (size_t)-1;
      c->nF_ok = 1;
    }
    size_t at = c->nf < c->nF ? c->nf : c->nF;
    if (at == (size_t)-1) {
      return (size_t)-1;
    }
    if (eq_ci(c->hay + at + 1, c->needle + 1, c->nn - 1)) {
      return at;
    }
    i = at + 1;
  }
  return (size_t)-1;
}

/* Long needles: fold copies and use the linear-time memmem. */
static size_t find_long_ci(const char *hay, size_t hn, const char *needle,
                           size_t nn, size_t from) {
  char *h = malloc(hn - from + 1), *nd = malloc(nn + 1);
  size_t res = (size_t)-1;
  if (h && nd) {
    for (size_t i = from; i < hn; i++) {
      h[i - from] = (char)tw_ascii_lower((unsigned char)hay[i]);
    }
    for (size_t i = 0; i < nn; i++) {
      nd[i] = (char)tw_ascii_lower((unsigned char)needle[i]);
    }
    const char *p = memmem(h, hn - from, nd, nn);
    res = p ? (size_t)(p - h) + from : (size_t)-1;
  }
  free(h);
  free(nd);
  return res;
}

size_t tw_str_find(const char *hay, size_t hn, const char *needle, size_t nn,
                   size_t from, bool ci) {
  if (from > hn) {
    return (size_t)-1;
  }
  if (nn == 0) {
    return from;
  }
  if (nn > hn - from) {
    return (size_t)-1;
  }
  if (!ci) {
    const char *p = memmem(hay + from, hn - from, needle, nn);
    return p ? (size_t)(p - hay) : (size_t)-1;
  }
  if (nn > 64) {
    return find_long_ci(hay, hn, needle, nn, from);
  }
  ci_finder c;
  ci_init(&c, hay, hn, needle, nn);
  return ci_next(&c, from);
}

bool tw_str_contains(const char *hay, size_t hn, const char *needle,
                     size_t nn, bool ci) {
  return tw_str_find(hay, hn, needle, nn, 0, ci) != (size_t)-1;
}

bool tw_str_startswith(const char *hay, size_t hn, const char *needle,
                       size_t nn, bool ci) {
  if (nn > hn) {
    return false;
  }
  return ci ? eq_ci(hay, needle, nn) : (nn == 0 || !memcmp(hay, needle, nn));
}

bool tw_str_endswith(const char *hay, size_t hn, const char *needle,
                     size_t nn, bool ci) {
  if (nn > hn) {
    return false;
  }
  const char *h = hay + hn - nn;
  return ci ? eq_ci(h, needle, nn) : (nn == 0 || !memcmp(h, needle, nn));
}

/* ------------------------------------------------------------- terms */

static bool ascii_alnum(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
         (c >= 'A' && c <= 'Z');
}

/* Non-ASCII code points that separate terms: spaces, punctuation and
 * symbols in the common blocks; everything else counts as a letter. */
static bool cp_alnum(uint32_t cp) {
  if (cp < 0x80) {
    return ascii_alnum((unsigned char)cp);
  }
  if (cp <= 0xBF) {
    /* Latin-1 controls, NBSP, punctuation; keep ª µ º as letters */
    return cp == 0xAA || cp == 0xB5 || cp == 0xBA || cp == 0xB2 ||
           cp == 0xB3 || cp == 0xB9;
  }
  if (cp == 0xD7 || cp == 0xF7) {
    return false;
  }
  if ((cp >= 0x2000 && cp <= 0x2BFF) || (cp >= 0x3000 && cp <= 0x303F) ||
      (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF0F) ||
      (cp >= 0xFF1A && cp <= 0xFF20) || (cp >= 0xFF3B && cp <= 0xFF40) ||
      (cp >= 0xFF5B && cp <= 0xFF65) || cp == 0xFEFF || cp == 0xFFFD ||
      (cp >= 0xE000 && cp <= 0xF8FF) || (cp >= 0x1F000 && cp <= 0x1FAFF)) {
    return false;
  }
  return true;
}

static uint32_t decode_at(const char *s, size_t n, size_t i) {
  unsigned char c = (unsigned char)s[i];
  if (c < 0x80) {
    return c;
  }
  int len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
  if (len == 1 || i + (size_t)len > n) {
    return 0xFFFD;
  }
  uint32_t cp = c & (0x3F >> (len - 1));
  for (int k = 1; k < len; k++) {
    unsigned char cc = (unsigned char)s[i + (size_t)k];
    if ((cc & 0xC0) != 0x80) {
      return 0xFFFD;
    }
    cp = (cp << 6) | (cc & 0x3F);
  }
  return cp;
}

bool tw_term_char_at(const char *s, size_t n, size_t i) {
  if (i >= n) {
    return false;
  }
  unsigned char c = (unsigned char)s[i];
  if (c < 0x80) {
    return ascii_alnum(c);
  }
  return cp_alnum(decode_at(s, n, i));
}

bool tw_term_char_before(const char *s, size_t i) {
  if (i == 0) {
    return false;
  }
  unsigned char c = (unsigned char)s[i - 1];
  if (c < 0x80) {
    return ascii_alnum(c);
  }
  size_t j = i - 1;
  int back = 0;
  while (j > 0 && back < 3 && ((unsigned char)s[j] & 0xC0) == 0x80) {
    j--;
    back++;
  }
  return cp_alnum(decode_at(s, i, j));
}

bool tw_str_is_single_term(const char *s, size_t n) {
  if (n == 0) {
    return false;
  }
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c < 0x80) {
      if (!ascii_alnum(c)) {
        return false;
      }
    } else if ((c & 0xC0) != 0x80 && !tw_term_char_at(s, n, i)) {
      return false;
    }
  }
  return true;
}

static size_t last_char_start(const char *s, size_t n) {
  size_t j = n - 1;
  int back = 0;
  while (j > 0 && back < 3 && ((unsigned char)s[j] & 0xC0) == 0x80) {
    j--;
    back++;
  }
  return j;
}

/* Does an occurrence of needle satisfy the boundary rule? */
static bool search_bounded(const char *hay, size_t hn, const char *needle,
                           size_t nn, bool ci, bool check_start,
                           bool check_end) {
  if (nn == 0) {
    return false;
  }
  bool first_alnum = tw_term_char_at(needle, nn, 0);
  bool last_alnum = tw_term_char_at(needle, nn, last_char_start(needle, nn));
  check_start = check_start && first_alnum;
  check_end = check_end && last_alnum;
  if (nn > hn) {
    return false;
  }
  ci_finder c;
  int use_finder = ci && nn <= 64;
  const char *sh = hay, *sn = needle; /* what memmem searches */
  char *fh = NULL, *fn = NULL;
  if (use_finder) {
    ci_init(&c, hay, hn, needle, nn);
  } else if (ci) {
    /* long needle: fold both once, then search case-sensitively */
    fh = malloc(hn);
    fn = malloc(nn);
    if (!fh || !fn) {
      free(fh);
      free(fn);
      return false;
    }
    for (size_t i = 0; i < hn; i++) {
      fh[i] = (char)tw_ascii_lower((unsigned char)hay[i]);
    }
    for (size_t i = 0; i < nn; i++) {
      fn[i] = (char)tw_ascii_lower((unsigned char)needle[i]);
    }
    sh = fh;
    sn = fn;
  }
  bool found = false;
  size_t from = 0;
  for (;;) {
    size_t at = use_finder ? ci_next(&c, from)
                           : tw_str_find(sh, hn, sn, nn, from, false);
    if (at == (size_t)-1) {
      break;
    }
    bool ok = true;
    if (check_start && tw_term_char_before(hay, at)) {
      ok = false;
    }
    if (ok && check_end && tw_term_char_at(hay, hn, at + nn)) {
      ok = false;
    }
    if (ok) {
      found = true;
      break;
    }
    from = at + 1;
  }
  free(fh);
  free(fn);
  return found;
}

bool tw_str_has(const char *hay, size_t hn, const char *needle, size_t nn,
                bool ci) {
  return search_bounded(hay, hn, needle, nn, ci, true, true);
}

bool tw_str_hasprefix(const char *hay, size_t hn, const char *needle,
                      size_t nn, bool ci) {
  return search_bounded(hay, hn, needle, nn, ci, true, false);
}

bool tw_str_hassuffix(const char *hay, size_t hn, const char *needle,
                      size_t nn, bool ci) {
  return search_bounded(hay, hn, needle, nn, ci, false, true);
}

/* 1 for ASCII letters and digits. */
static const unsigned char ascii_term[128] = {
    ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1,
    ['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1,
    ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1,
    ['G'] = 1, ['H'] = 1, ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1,
    ['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1,
    ['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1,
    ['Y'] = 1, ['Z'] = 1,
    ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1,
    ['g'] = 1, ['h'] = 1, ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1,
    ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1,
    ['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1,
    ['y'] = 1, ['z'] = 1,
};

/* 1 for ASCII letters and digits, 2 for bytes >= 0x80 (decode), else 0. */
static inline unsigned char term_class(unsigned char c) {
  return c >= 0x80 ? 2 : ascii_term[c];
}

bool tw_term_next(const char *s, size_t n, size_t *pos, size_t *tstart,
                  size_t *tlen) {
  const unsigned char *u = (const unsigned char *)s;
  size_t i = *pos;
  for (;;) {
    while (i < n && term_class(u[i]) == 0) {
      i++;
    }
    if (i >= n) {
      *pos = n;
      return false;
    }
    if (term_class(u[i]) == 1 || tw_term_char_at(s, n, i)) {
      break;
    }
    i++;
  }
  size_t st = i;
  while (i < n) {
    unsigned char t = term_class(u[i]);
    if (t == 1 || (t == 2 && ((u[i] & 0xC0) == 0x80 ||
                              tw_term_char_at(s, n, i)))) {
      i++;
      continue;
    }
    break;
  }
  *tstart = st;
  *tlen = i - st;
  *pos = i;
  return true;
}

/* -------------------------------------------------------------- like */

bool tw_str_like(const char *s, size_t n, const char *pat, size_t pn,
                 bool ci) {
  /* Iterative wildcard match with backtracking to the last '%'. */
  size_t si = 0, pi = 0, star = (size_t)-1, mark = 0;
  while (si < n) {
    if (pi < pn && pat[pi] == '%') {
      star = pi++;
      mark = si;
      continue;
    }
    if (pi < pn &&
        (pat[pi] == '_' ||
         (ci ? tw_ascii_lower((unsigned char)pat[pi]) ==
                   tw_ascii_lower((unsigned char)s[si])
             : pat[pi] == s[si]))) {
      pi++;
      si++;
      continue;
    }
    if (star != (size_t)-1) {
      pi = star + 1;
      si = ++mark;
      continue;
    }
    return false;
  }
  while (pi < pn && pat[pi] == '%') {
    pi++;
  }
  return pi == pn;
}

/* -------------------------------------------------------------- utf-8 */

size_t tw_utf8_count(const char *s, size_t n) {
  size_t c = 0;
  for (size_t i = 0; i < n; i++) {
    if (((unsigned char)s[i] & 0xC0) != 0x80) {
      c++;
    }
  }
  return c;
}

size_t tw_utf8_offset(const char *s, size_t n, size_t cp) {
  size_t c = 0;
  for (size_t i = 0; i < n; i++) {
    if (((unsigned char)s[i] & 0xC0) != 0x80) {
      if (c == cp) {
        return i;
      }
      c++;
    }
  }
  return n;
}
