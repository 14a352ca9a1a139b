/*
 * base/timeutil.c - datetimes and timespans as 100 ns ticks: civil-date
 * arithmetic, ISO 8601 / RFC 1123 parsing, ISO formatting, KQL and .NET
 * timespan parsing and formatting. No locale, no time zone database.
 */
#include "base/timeutil.h"

#include <string.h>

/* Kusto's datetime range: 0001-01-01 .. 9999-12-31T23:59:59.9999999. */
#define TW_MIN_DAYS (-719162LL) /* 0001-01-01 */
#define TW_MAX_DAYS (2932896LL) /* 9999-12-31 */

int64_t tw_days_from_civil(int64_t y, int m, int d) {
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t mp = (m + 9) % 12;
  int64_t doy = (153 * mp + 2) / 5 + d - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void tw_civil_from_days(int64_t z, int64_t *y, int *m, int *d) {
  z += 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  int64_t dd = doy - (153 * mp + 2) / 5 + 1;
  int64_t mm = mp < 10 ? mp + 3 : mp - 9;
  *y = yoe + era * 400 + (mm <= 2);
  *m = (int)mm;
  *d = (int)dd;
}

static int is_leap(int64_t y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int64_t y, int m) {
  static const int dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : dm[m - 1];
}

static int is_digit(char c) { return c >= '0' && c <= '9'; }

/* Read exactly n digits at *p (bounded by end). -1 if not digits. */
static int digits(const char **p, const char *end, int n, int *out) {
  int v = 0;
  if (end - *p < n) {
    return -1;
  }
  for (int i = 0; i < n; i++) {
    char c = (*p)[i];
    if (!is_digit(c)) {
      return -1;
    }
    v = v * 10 + (c - '0');
  }
  *p += n;
  *out = v;
  return 0;
}

/* One or two digits (a month or day as Kusto also accepts: 1970-5-12). */
static int digits12(const char **p, const char *end, int *out) {
  if (end - *p >= 2 && is_digit((*p)[0]) && is_digit((*p)[1])) {
    return digits(p, end, 2, out);
  }
  return digits(p, end, 1, out);
}

/* Fraction after '.' or ',': at least one digit, first 7 kept as ticks. */
static int fraction(const char **p, const char *end, int64_t *ticks) {
  const char *s = *p;
  int64_t v = 0;
  int n = 0;
  while (s < end && is_digit(*s)) {
    if (n < 7) {
      v = v * 10 + (*s - '0');
    }
    n++;
    s++;
  }
  if (n == 0) {
    return -1;
  }
  for (int i = n; i < 7; i++) {
    v *= 10;
  }
  *p = s;
  *ticks = v;
  return 0;
}

static int make_ticks(int64_t y, int mo, int d, int h, int mi, int sec,
                      int64_t frac, int64_t off_min, int64_t *out) {
  if (y < 1 || y > 9999 || mo < 1 || mo > 12 || d < 1 ||
      d > days_in_month(y, mo) || h > 24 || mi > 59 || sec > 59) {
    return -1;
  }
  if (h == 24 && (mi != 0 || sec != 0 || frac != 0)) {
    return -1;
  }
  int64_t days = tw_days_from_civil(y, mo, d);
  int64_t t = days * TW_TICKS_PER_DAY + h * TW_TICKS_PER_HOUR +
              mi * TW_TICKS_PER_MINUTE + sec * TW_TICKS_PER_SECOND + frac;
  t -= off_min * TW_TICKS_PER_MINUTE;
  if (t < TW_MIN_DAYS * TW_TICKS_PER_DAY ||
      t >= (TW_MAX_DAYS + 1) * TW_TICKS_PER_DAY) {
    return -1;
  }
  *out = t;
  return 0;
}

/* Optional zone at p: Z, z, +hh:mm, +hhmm, +hh, -.... Returns -1 if junk. */
static int zone(const char **p, const char *end, int64_t *off_min) {
  const char *s = *p;
  *off_min = 0;
  if (s == end) {
    return 0;
  }
  if (*s == 'Z' || *s == 'z') {
    *p = s + 1;
    return 0;
  }
  if (*s == '+' || *s == '-') {
    int sign = *s == '-' ? -1 : 1;
    int hh, mm = 0;
    s++;
    if (digits(&s, end, 2, &hh) < 0) {
      return -1;
    }
    if (s < end && *s == ':') {
      s++;
      if (digits(&s, end, 2, &mm) < 0) {
        return -1;
      }
    } else if (end - s >= 2 && is_digit(s[0])) {
      if (digits(&s, end, 2, &mm) < 0) {
        return -1;
      }
    }
    if (hh > 23 || mm > 59) {
      return -1;
    }
    *off_min = sign * (hh * 60 + mm);
    *p = s;
    return 0;
  }
  if (end - s >= 3 && (memcmp(s, "GMT", 3) == 0 || memcmp(s, "UTC", 3) == 0)) {
    *p = s + 3;
    return 0;
  }
  return -1;
}

static const char *const month_names[12] = {"jan", "feb", "mar", "apr",
                                             "may", "jun", "jul", "aug",
                                             "sep", "oct", "nov", "dec"};

static int lower(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

/* RFC 1123: "Sat, 01 Jan 2022 10:00:00 GMT" (weekday optional). */
static int parse_rfc1123(const char *s, const char *end, int64_t *out) {
  const char *p = s;
  if (end - p >= 4 && !is_digit(p[0]) && p[3] == ',') {
    p += 4;
  }
  while (p < end && *p == ' ') {
    p++;
  }
  int d, h, mi, sec = 0, y;
  if (p < end && is_digit(*p) && (p + 1 < end && is_digit(p[1]))) {
    if (digits(&p, end, 2, &d) < 0) {
      return -1;
    }
  } else if (digits(&p, end, 1, &d) < 0) {
    return -1;
  }
  if (p >= end || *p != ' ' || end - p < 4) {
    return -1;
  }
  p++;
  int mo = 0;
  for (int i = 0; i < 12; i++) {
    if (lower(p[0]) == month_names[i][0] && lower(p[1]) == month_names[i][1] &&
        lower(p[2]) == month_names[i][2]) {
      mo = i + 1;
    }
  }
  if (mo == 0) {
    return -1;
  }
  p += 3;
  if (p >= end || *p != ' ') {
    return -1;
  }
  p++;
  if (digits(&p, end, 4, &y) < 0) {
    return -1;
  }
  h = mi = 0;
  if (p < end && *p == ' ' && p + 1 < end && is_digit(p[1])) {
    p++;
    if (digits(&p, end, 2, &h) < 0 || p >= end || *p != ':') {
      return -1;
    }
    p++;
    if (digits(&p, end, 2, &mi) < 0) {
      return -1;
    }
    if (p < end && *p == ':') {
      p++;
      if (digits(&p, end, 2, &sec) < 0) {
        return -1;
      }
    }
  }
  int64_t off = 0;
  while (p < end && *p == ' ') {
    p++;
  }
  if (zone(&p, end, &off) < 0 || p != end) {
    return -1;
  }
  return make_ticks(y, mo, d, h, mi, sec, 0, off, out);
}

int tw_datetime_parse(const char *s, size_t len, int64_t *out) {
  const char *p = s, *end = s + len;
  while (p < end && (*p == ' ' || *p == '\t')) {
    p++;
  }
  while (end > p && (end[-1] == ' ' || end[-1] == '\t')) {
    end--;
  }
  if (p == end) {
    return -1;
  }
  if (!is_digit(*p)) {
    return parse_rfc1123(p, end, out);
  }
  const char *start = p;
  int y, mo, d, h = 0, mi = 0, sec = 0;
  int64_t frac = 0, off = 0;
  if (digits(&p, end, 4, &y) < 0) {
    return parse_rfc1123(start, end, out);
  }
  if (p < end && *p == '-') {
    /* Extended: YYYY-MM-DD[(T| )HH:MM[:SS[.f]]][zone] */
    p++;
    if (digits12(&p, end, &mo) < 0 || p >= end || *p != '-') {
      return -1;
    }
    p++;
    if (digits12(&p, end, &d) < 0) {
      return -1;
    }
    if (p < end && (*p == 'T' || *p == 't' || *p == ' ')) {
      p++;
      if (digits(&p, end, 2, &h) < 0 || p >= end || *p != ':') {
        return -1;
      }
      p++;
      if (digits(&p, end, 2, &mi) < 0) {
        return -1;
      }
      if (p < end && *p == ':') {
        p++;
        if (digits(&p, end, 2, &sec) < 0) {
          return -1;
        }
        if (p < end && (*p == '.' || *p == ',')) {
          p++;
          if (fraction(&p, end, &frac) < 0) {
            return -1;
          }
        }
      }
      while (p < end && *p == ' ') {
        p++;
      }
      if (zone(&p, end, &off) < 0) {
        return -1;
      }
    } else if (p < end && (*p == 'Z' || *p == 'z')) {
      p++;
    }
  } else {
    /* Basic: YYYYMMDD[THHMMSS[.f]][zone] */
    if (digits(&p, end, 2, &mo) < 0 || digits(&p, end, 2, &d) < 0) {
      return -1;
    }
    if (p < end && (*p == 'T' || *p == 't')) {
      p++;
      if (digits(&p, end, 2, &h) < 0 || digits(&p, end, 2, &mi) < 0) {
        return -1;
      }
      if (p < end && is_digit(*p)) {
        if (digits(&p, end, 2, &sec) < 0) {
          return -1;
        }
        if (p < end && (*p == '.' || *p == ',')) {
          p++;
          if (fraction(&p, end, &frac) < 0) {
            return -1;
          }
        }
      }
      if (zone(&p, end, &off) < 0) {
        return -1;
      }
    }
  }
  if (p != end) {
    return -1;
  }
  return make_ticks(y, mo, d, h, mi, sec, frac, off, out);
}

static char *put2(char *o, int v) {
  o[0] = (char)('0' + v / 10);
  o[1] = (char)('0' + v % 10);
  return o + 2;
}

size_t tw_datetime_format(int64_t ticks, char *out) {
  int64_t days = ticks / TW_TICKS_PER_DAY;
  int64_t rem = ticks % TW_TICKS_PER_DAY;
  if (rem < 0) {
    rem += TW_TICKS_PER_DAY;
    days--;
  }
  int64_t y;
  int m, d;
  tw_civil_from_days(days, &y, &m, &d);
  if (y < 0) {
    y = 0;
  }
  if (y > 9999) {
    y = 9999;
  }
  char *o = out;
  int yi = (int)y;
  *o++ = (char)('0' + yi / 1000);
  *o++ = (char)('0' + yi / 100 % 10);
  *o++ = (char)('0' + yi / 10 % 10);
  *o++ = (char)('0' + yi % 10);
  *o++ = '-';
  o = put2(o, m);
  *o++ = '-';
  o = put2(o, d);
  *o++ = 'T';
  int64_t secs = rem / TW_TICKS_PER_SECOND;
  int64_t frac = rem % TW_TICKS_PER_SECOND;
  o = put2(o, (int)(secs / 3600));
  *o++ = ':';
  o = put2(o, (int)(secs / 60 % 60));
  *o++ = ':';
  o = put2(o, (int)(secs % 60));
  if (frac != 0) {
    *o++ = '.';
    for (int i = 6; i >= 0; i--) {
      o[i] = (char)('0' + frac % 10);
      frac /= 10;
    }
    o += 7;
  }
  *o++ = 'Z';
  *o = '\0';
  return (size_t)(o - out);
}

/* ------------------------------------------------------------ timespans */

static int unit_ticks(const char *u, size_t n, int64_t *per) {
  static const struct {
    const char *name;
    int64_t ticks;
  } units[] = {
      {"d", TW_TICKS_PER_DAY},          {"day", TW_TICKS_PER_DAY},
      {"days", TW_TICKS_PER_DAY},       {"h", TW_TICKS_PER_HOUR},
      {"hr", TW_TICKS_PER_HOUR},        {"hrs", TW_TICKS_PER_HOUR},
      {"hour", TW_TICKS_PER_HOUR},      {"hours", TW_TICKS_PER_HOUR},
      {"m", TW_TICKS_PER_MINUTE},       {"min", TW_TICKS_PER_MINUTE},
      {"minute", TW_TICKS_PER_MINUTE},  {"minutes", TW_TICKS_PER_MINUTE},
      {"s", TW_TICKS_PER_SECOND},       {"sec", TW_TICKS_PER_SECOND},
      {"second", TW_TICKS_PER_SECOND},  {"seconds", TW_TICKS_PER_SECOND},
      {"ms", TW_TICKS_PER_MS},          {"milli", TW_TICKS_PER_MS},
      {"millis", TW_TICKS_PER_MS},      {"millisecond", TW_TICKS_PER_MS},
      {"milliseconds", TW_TICKS_PER_MS}, {"microsecond", 10},
      {"microseconds", 10},             {"micro", 10},
      {"micros", 10},                   {"tick", 1},
      {"ticks", 1},                     {"nanosecond", 0},
      {"nanoseconds", 0},
  };
  for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
    if (strlen(units[i].name) == n && memcmp(units[i].name, u, n) == 0) {
      *per = units[i].ticks;
      return 0;
    }
  }
  return -1;
}

/* .NET form: [-][d.]hh:mm[:ss[.fffffff]] */
static int parse_dotnet_span(const char *p, const char *end, int64_t *out) {
  int neg = 0;
  if (p < end && *p == '-') {
    neg = 1;
    p++;
  }
  int64_t days = 0;
  const char *q = p;
  while (q < end && is_digit(*q)) {
    q++;
  }
  if (q == p || q - p > 8) {
    return -1;
  }
  int64_t first = 0;
  for (const char *r = p; r < q; r++) {
    first = first * 10 + (*r - '0');
  }
  int64_t h;
  if (q < end && *q == '.') {
    days = first;
    p = q + 1;
    q = p;
    while (q < end && is_digit(*q)) {
      q++;
    }
    if (q == p || q - p > 2) {
      return -1;
    }
    h = 0;
    for (const char *r = p; r < q; r++) {
      h = h * 10 + (*r - '0');
    }
  } else {
    h = first;
  }
  if (q >= end || *q != ':') {
    return -1;
  }
  p = q + 1;
  int mi, sec = 0;
  int64_t frac = 0;
  if (digits(&p, end, 2, &mi) < 0) {
    return -1;
  }
  if (p < end && *p == ':') {
    p++;
    if (digits(&p, end, 2, &sec) < 0) {
      return -1;
    }
    if (p < end && *p == '.') {
      p++;
      if (fraction(&p, end, &frac) < 0) {
        return -1;
      }
    }
  }
  if (p != end || mi > 59 || sec > 59 || (days > 0 && h > 23)) {
    return -1;
  }
  int64_t t = days * TW_TICKS_PER_DAY + h * TW_TICKS_PER_HOUR +
              mi * TW_TICKS_PER_MINUTE + sec * TW_TICKS_PER_SECOND + frac;
  *out = neg ? -t : t;
  return 0;
}

int tw_timespan_parse(const char *s, size_t len, int64_t *out) {
  const char *p = s, *end = s + len;
  while (p < end && *p == ' ') {
    p++;
  }
  while (end > p && end[-1] == ' ') {
    end--;
  }
  if (p == end) {
    return -1;
  }
  if (memchr(p, ':', (size_t)(end - p))) {
    return parse_dotnet_span(p, end, out);
  }
  int neg = 0;
  if (*p == '-') {
    neg = 1;
    p++;
  } else if (*p == '+') {
    p++;
  }
  /* number: integer part and optional fraction */
  int64_t ip = 0;
  int nd = 0;
  while (p < end && is_digit(*p)) {
    if (ip > 100000000000000LL) {
      return -1;
    }
    ip = ip * 10 + (*p - '0');
    p++;
    nd++;
  }
  int64_t fnum = 0, fden = 1;
  if (p < end && *p == '.') {
    p++;
    while (p < end && is_digit(*p)) {
      if (fden < 1000000000000LL) {
        fnum = fnum * 10 + (*p - '0');
        fden *= 10;
      }
      p++;
      nd++;
    }
  }
  if (nd == 0) {
    return -1;
  }
  int64_t per;
  if (p == end) {
    per = TW_TICKS_PER_DAY; /* a bare number is days in KQL literals */
  } else if (unit_ticks(p, (size_t)(end - p), &per) < 0) {
    return -1;
  }
  int64_t t;
  if (per == 0) { /* nanoseconds: 100 ns per tick */
    t = ip / 100;
  } else {
    if (ip != 0 && per > INT64_MAX / ip) {
      return -1;
    }
    t = ip * per;
    /* fraction * per / fden without overflow for realistic inputs */
    t += (int64_t)((double)fnum * (double)per / (double)fden + 0.5);
  }
  *out = neg ? -t : t;
  return 0;
}

size_t tw_timespan_format(int64_t ticks, char *out) {
  char *o = out;
  uint64_t t;
  if (ticks < 0) {
    *o++ = '-';
    t = (uint64_t)0 - (uint64_t)ticks;
  } else {
    t = (uint64_t)ticks;
  }
  uint64_t days = t / (uint64_t)TW_TICKS_PER_DAY;
  uint64_t rem = t % (uint64_t)TW_TICKS_PER_DAY;
  if (days > 0) {
    char tmp[24];
    int n = 0;
    while (days > 0) {
      tmp[n++] = (char)('0' + days % 10);
      days /= 10;
    }
    while (n > 0) {
      *o++ = tmp[--n];
    }
    *o++ = '.';
  }
  uint64_t secs = rem / (uint64_t)TW_TICKS_PER_SECOND;
  uint64_t frac = rem % (uint64_t)TW_TICKS_PER_SECOND;
  o = put2(o, (int)(secs / 3600));
  *o++ = ':';
  o = put2(o, (int)(secs / 60 % 60));
  *o++ = ':';
  o = put2(o, (int)(secs % 60));
  if (frac != 0) {
    *o++ = '.';
    for (int i = 6; i >= 0; i--) {
      o[i] = (char)('0' + frac % 10);
      frac /= 10;
    }
    o += 7;
  }
  *o = '\0';
  return (size_t)(o - out);
}
