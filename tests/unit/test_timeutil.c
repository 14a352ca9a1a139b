/*
 * tests/unit/test_timeutil.c - datetime and timespan parsing/formatting.
 */
#include "base/timeutil.h"
#include "check.h"

static const char *fmt_dt(const char *in) {
  static char out[32];
  int64_t t;
  if (tw_datetime_parse(in, strlen(in), &t) != 0) {
    return "ERR";
  }
  tw_datetime_format(t, out);
  return out;
}

static const char *fmt_ts(const char *in) {
  static char out[48];
  int64_t t;
  if (tw_timespan_parse(in, strlen(in), &t) != 0) {
    return "ERR";
  }
  tw_timespan_format(t, out);
  return out;
}

static void test_iso(void) {
  CHECK_STR(fmt_dt("2025-01-02T03:04:05Z"), "2025-01-02T03:04:05Z");
  CHECK_STR(fmt_dt("2025-01-02 03:04:05"), "2025-01-02T03:04:05Z");
  CHECK_STR(fmt_dt("2025-01-02T03:04:05.1234567Z"),
            "2025-01-02T03:04:05.1234567Z");
  CHECK_STR(fmt_dt("2025-01-02T03:04:05.123456789Z"),
            "2025-01-02T03:04:05.1234567Z");
  CHECK_STR(fmt_dt("2025-01-02T03:04:05.5Z"), "2025-01-02T03:04:05.5000000Z");
  CHECK_STR(fmt_dt("2025-01-02T03:04:05.000Z"), "2025-01-02T03:04:05Z");
  CHECK_STR(fmt_dt("2025-01-02T03:04:05+02:00"), "2025-01-02T01:04:05Z");
  CHECK_STR(fmt_dt("2025-01-02T00:30:00-01:30"), "2025-01-02T02:00:00Z");
  CHECK_STR(fmt_dt("2025-01-02"), "2025-01-02T00:00:00Z");
  CHECK_STR(fmt_dt("2025-01-02T03:04Z"), "2025-01-02T03:04:00Z");
  CHECK_STR(fmt_dt("1970-01-01T00:00:00Z"), "1970-01-01T00:00:00Z");
  CHECK_STR(fmt_dt("1969-12-31T23:59:59.9Z"), "1969-12-31T23:59:59.9000000Z");
  CHECK_STR(fmt_dt("0001-01-01T00:00:00Z"), "0001-01-01T00:00:00Z");
  CHECK_STR(fmt_dt("9999-12-31T23:59:59.9999999Z"),
            "9999-12-31T23:59:59.9999999Z");
  CHECK_STR(fmt_dt("2024-02-29T00:00:00Z"), "2024-02-29T00:00:00Z");
}

static void test_basic_rfc(void) {
  CHECK_STR(fmt_dt("20131102T010628Z"), "2013-11-02T01:06:28Z");
  CHECK_STR(fmt_dt("20131102"), "2013-11-02T00:00:00Z");
  CHECK_STR(fmt_dt("Sat, 01 Jan 2022 10:00:00 GMT"), "2022-01-01T10:00:00Z");
  CHECK_STR(fmt_dt("01 Jan 2022 10:00:00 GMT"), "2022-01-01T10:00:00Z");
  CHECK_STR(fmt_dt("Sat, 1 Jan 2022 10:00:00 +0100"), "2022-01-01T09:00:00Z");
}

static void test_bad(void) {
  CHECK_STR(fmt_dt(""), "ERR");
  CHECK_STR(fmt_dt("2025-13-01"), "ERR");
  CHECK_STR(fmt_dt("2023-02-29"), "ERR");
  CHECK_STR(fmt_dt("2025-01-02T03:04:05Zx"), "ERR");
  CHECK_STR(fmt_dt("abc"), "ERR");
  CHECK_STR(fmt_dt("10000-01-01"), "ERR");
  CHECK_STR(fmt_dt("0000-01-01"), "ERR");
  CHECK_STR(fmt_dt("2025-01-02T25:00:00Z"), "ERR");
  CHECK_STR(fmt_dt("2025-01-02T03:04:05."), "ERR");
}

static void test_civil(void) {
  CHECK_EQ(tw_days_from_civil(1970, 1, 1), 0);
  CHECK_EQ(tw_days_from_civil(2000, 3, 1), 11017);
  for (int64_t d = -800000; d < 3000000; d += 997) {
    int64_t y;
    int m, dd;
    tw_civil_from_days(d, &y, &m, &dd);
    CHECK_EQ(tw_days_from_civil(y, m, dd), d);
  }
}

static void test_timespan(void) {
  CHECK_STR(fmt_ts("1d"), "1.00:00:00");
  CHECK_STR(fmt_ts("2h"), "02:00:00");
  CHECK_STR(fmt_ts("30m"), "00:30:00");
  CHECK_STR(fmt_ts("10s"), "00:00:10");
  CHECK_STR(fmt_ts("100ms"), "00:00:00.1000000");
  CHECK_STR(fmt_ts("5microsecond"), "00:00:00.0000050");
  CHECK_STR(fmt_ts("3tick"), "00:00:00.0000003");
  CHECK_STR(fmt_ts("1.5h"), "01:30:00");
  CHECK_STR(fmt_ts("-1h"), "-01:00:00");
  CHECK_STR(fmt_ts("1.02:03:04.5"), "1.02:03:04.5000000");
  CHECK_STR(fmt_ts("-00:00:01"), "-00:00:01");
  CHECK_STR(fmt_ts("00:05:00"), "00:05:00");
  CHECK_STR(fmt_ts("xyz"), "ERR");
  CHECK_STR(fmt_ts("1q"), "ERR");
}

static void test_one_digit_month_day(void) {
  int64_t a, b;
  CHECK_EQ(tw_datetime_parse("1970-5-12", 9, &a), 0);
  CHECK_EQ(tw_datetime_parse("1970-05-12", 10, &b), 0);
  CHECK_EQ(a, b);
  CHECK_EQ(tw_datetime_parse("2026-1-2T03:04:05Z", 18, &a), 0);
  CHECK_EQ(tw_datetime_parse("2026-01-02T03:04:05Z", 20, &b), 0);
  CHECK_EQ(a, b);
  CHECK(tw_datetime_parse("2026--2", 7, &a) != 0);
  CHECK(tw_datetime_parse("2026-123-01", 11, &a) != 0);
}

int main(void) {
  RUN(test_one_digit_month_day);
  RUN(test_iso);
  RUN(test_basic_rfc);
  RUN(test_bad);
  RUN(test_civil);
  RUN(test_timespan);
  return check_done();
}
