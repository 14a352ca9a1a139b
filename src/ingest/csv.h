/*
 * ingest/csv.h - rows of CSV files exported from Log Analytics / Sentinel.
 *
 * A Log Analytics CSV export starts with a header of column names, some
 * with a unit suffix ("TimeGenerated [UTC]"), then one row per line (a
 * quoted field may span lines). The header decides the table
 * (AWSCloudTrail or AzureActivity columns). Datetimes come in the
 * exporter's locale ("21/04/2025, 09:45:54.000", "4/26/2021, 7:18:24.156
 * PM") or ISO 8601. Ambiguous day/month order follows the trawl_date_order
 * given; TRAWL_DATES_AUTO decides per file from the first unambiguous
 * value (a first number above 12 means day-first, a second number above 12
 * means month-first) and reads values met before that month-first.
 */
#ifndef TW_INGEST_CSV_H
#define TW_INGEST_CSV_H

#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "value/value.h"

typedef struct tw_csv tw_csv;

/* A parser for one file (`file` is borrowed, for messages). NULL on OOM. */
tw_csv *tw_csv_new(trawl_date_order order, const char *file);
void tw_csv_free(tw_csv *c);

/*
 * Feed one line (without its line end; a trailing '\r' is ignored).
 * Returns
 *   1  a row was produced: `row` (the table's full width, columns not in
 *      the file are null / "") and *table are set; strings live in `a`;
 *   0  the header or a blank line was consumed;
 *   2  a quoted field continues on the next line: call again with the
 *      same buffer extended by "\n" and the next line (lineno of the
 *      first line);
 *  -1  the line is not usable; *why is a short static reason.
 */
int tw_csv_line(tw_csv *c, const char *line, size_t len, uint64_t lineno,
                tw_arena *a, tw_value *row, trawl_table *table,
                const char **why);

#endif
