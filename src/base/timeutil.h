/*
 * base/timeutil.h - KQL datetime and timespan values as 100 ns ticks.
 *
 * A datetime is a signed count of 100 ns ticks since 1970-01-01T00:00:00Z
 * (UTC); a timespan is a signed count of 100 ns ticks. Kusto's range is
 * 0001-01-01 to 9999-12-31; parsing rejects anything outside it.
 * No function here uses the C library's time zone or locale.
 */
#ifndef TW_BASE_TIMEUTIL_H
#define TW_BASE_TIMEUTIL_H

#include <stddef.h>
#include <stdint.h>

#define TW_TICKS_PER_SECOND 10000000LL
#define TW_TICKS_PER_MS 10000LL
#define TW_TICKS_PER_MINUTE (60LL * TW_TICKS_PER_SECOND)
#define TW_TICKS_PER_HOUR (3600LL * TW_TICKS_PER_SECOND)
#define TW_TICKS_PER_DAY (86400LL * TW_TICKS_PER_SECOND)

/* Days since 1970-01-01 for a proleptic Gregorian date (month 1..12). */
int64_t tw_days_from_civil(int64_t y, int m, int d);
/* The inverse of tw_days_from_civil. */
void tw_civil_from_days(int64_t days, int64_t *y, int *m, int *d);

/*
 * Parse a datetime in the forms CloudTrail, Azure and KQL literals use:
 * ISO 8601 with 'T' or ' ', optional fraction (up to 7 digits kept),
 * optional 'Z' or +hh:mm / -hh:mm offset (converted to UTC), date-only
 * "YYYY-MM-DD", and ISO basic "YYYYMMDDTHHMMSSZ". Also RFC 1123
 * ("Sat, 01 Jan 2022 10:00:00 GMT"). Returns 0 and stores ticks in *out,
 * or -1 if `s` is not a datetime (nothing else may follow it).
 */
int tw_datetime_parse(const char *s, size_t len, int64_t *out);

/*
 * Format ticks as YYYY-MM-DDTHH:MM:SS[.fffffff]Z (fraction only when not
 * zero, then always 7 digits). `out` must hold 32 bytes. Returns the length.
 */
size_t tw_datetime_format(int64_t ticks, char *out);

/*
 * Parse a timespan: KQL literal forms (1d, 2h, 30m, 10s, 100ms, 5microsecond,
 * 3tick, 1.5h) and the .NET text form [-][d.]hh:mm:ss[.fffffff].
 * Returns 0 and stores ticks, or -1.
 */
int tw_timespan_parse(const char *s, size_t len, int64_t *out);

/*
 * Format a timespan the way Kusto prints it: [-][d.]hh:mm:ss[.fffffff].
 * `out` must hold 48 bytes. Returns the length.
 */
size_t tw_timespan_format(int64_t ticks, char *out);

#endif
