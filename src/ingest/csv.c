/*
 * ingest/csv.c - rows of CSV files exported from Log Analytics / Sentinel
 * (see csv.h).
 *
 * RFC 4180 fields (quoted fields may hold commas, doubled quotes and line
 * breaks). The header names the columns, possibly with a unit suffix
 * ("TimeGenerated [UTC]") and a UTF-8 byte-order mark; columns that the
 * table does not have ("$table", "OperationVersion", ...) are ignored, and
 * the table is the one whose own columns the header names most.
 *
 * Datetimes: ISO 8601 is read as is; locale forms ("21/04/2025,
 * 09:45:54.000", "4/26/2021, 7:18:24.156 PM") follow the file's date
 * order. With TRAWL_DATES_AUTO the first unambiguous value in the file
 * decides (first number above 12: day-first; second number above 12:
 * month-first) and holds for the rest of the file; ambiguous values met
 * before any unambiguous one are read month-first.
 */
#include "ingest/csv.h"

#include <stdlib.h>
#include <string.h>

#include "base/timeutil.h"
#include "ingest/jsonscan.h"
#include "ingest/mapval.h"

enum { CSV_MAX_COLS = 512 };

struct tw_csv {
  trawl_date_order order;
  const char *file;
  int decided; /* AUTO: 0 undecided, 1 day-first, 2 month-first */
  bool have_header;
  trawl_table table;
  uint32_t ncols; /* header fields */
  int *colmap;    /* header field -> table column, or -1 */
  int type_col;   /* table column of "Type", or -1 */
  char *first;    /* the header's first field, to spot a repeated header */
  size_t first_len;
};

tw_csv *tw_csv_new(trawl_date_order order, const char *file) {
  tw_csv *c = calloc(1, sizeof *c);
  if (!c) {
    return NULL;
  }
  c->order = order;
  c->file = file;
  c->type_col = -1;
  return c;
}

void tw_csv_free(tw_csv *c) {
  if (!c) {
    return;
  }
  free(c->colmap);
  free(c->first);
  free(c);
}

/* ------------------------------------------------------ fields */

typedef struct csv_field {
  const char *p; /* raw text (inside the quotes when quoted) */
  size_t len;
  bool quoted;
  bool escaped; /* has doubled quotes to undo */
} csv_field;

/*
 * Split a line into fields. Returns the number of fields, -2 when a quoted
 * field is still open at the end, -1 on a stray quote or too many fields.
 */
static int split_fields(const char *s, size_t n, csv_field *f, int max) {
  size_t i = 0;
  int nf = 0;
  for (;;) {
    if (nf >= max) {
      return -1;
    }
    csv_field *cf = &f[nf++];
    memset(cf, 0, sizeof *cf);
    if (i < n && s[i] == '"') {
      cf->quoted = true;
      i++;
      size_t b = i;
      for (;;) {
        if (i >= n) {
          return -2;
        }
        if (s[i] == '"') {
          if (i + 1 < n && s[i + 1] == '"') {
            cf->escaped = true;
            i += 2;
            continue;
          }
          break;
        }
        i++;
      }
      cf->p = s + b;
      cf->len = i - b;
      i++; /* closing quote */
      /* tolerate spaces after the closing quote */
      while (i < n && (s[i] == ' ' || s[i] == '\t')) {
        i++;
      }
      if (i < n && s[i] != ',') {
        return -1;
      }
    } else {
      size_t b = i;
      while (i < n && s[i] != ',') {
        i++;
      }
      cf->p = s + b;
      cf->len = i - b;
    }
    if (i >= n) {
      return nf;
    }
    i++; /* the comma */
  }
}

/* The field's text in arena `a` (quotes undone). NULL on OOM. */
static const char *field_text(const csv_field *f, tw_arena *a, size_t *len) {
  if (f->len == 0) {
    *len = 0;
    return "";
  }
  if (!f->escaped) {
    *len = f->len;
    return tw_arena_memdup(a, f->p, f->len);
  }
  char *d = tw_arena_alloc(a, f->len + 1);
  if (!d) {
    return NULL;
  }
  size_t dl = 0;
  for (size_t i = 0; i < f->len; i++) {
    d[dl++] = f->p[i];
    if (f->p[i] == '"' && i + 1 < f->len && f->p[i + 1] == '"') {
      i++;
    }
  }
  d[dl] = 0;
  *len = dl;
  return d;
}

static int read_header(tw_csv *c, const csv_field *f, int nf,
                       const char **why) {
  int aws = 0, az = 0;
  for (int i = 0; i < nf; i++) {
    const char *k = f[i].p;
    size_t n = tw_mv_column_base(k, f[i].len);
    if (tw_mv_shared_column(k, n)) {
      continue;
    }
    if (tw_table_column_index(TRAWL_TABLE_AWSCLOUDTRAIL, k, n) >= 0) {
      aws++;
    } else if (tw_table_column_index(TRAWL_TABLE_AZUREACTIVITY, k, n) >= 0) {
      az++;
    }
  }
  if (aws < 2 && az < 2) {
    *why = "CSV header names no AWSCloudTrail or AzureActivity columns";
    return -1;
  }
  c->table = aws > az ? TRAWL_TABLE_AWSCLOUDTRAIL : TRAWL_TABLE_AZUREACTIVITY;
  c->colmap = malloc(sizeof(int) * (size_t)nf);
  if (!c->colmap) {
    *why = "out of memory";
    return -1;
  }
  c->ncols = (uint32_t)nf;
  for (int i = 0; i < nf; i++) {
    const char *k = f[i].p;
    size_t n = tw_mv_column_base(k, f[i].len);
    int col = tw_table_column_index(c->table, k, n);
    /* a column named twice: the first one wins */
    for (int j = 0; j < i && col >= 0; j++) {
      if (c->colmap[j] == col) {
        col = -1;
      }
    }
    c->colmap[i] = col;
  }
  c->type_col = tw_table_column_index(c->table, "Type", 4);
  c->first = malloc(f[0].len + 1);
  if (!c->first) {
    *why = "out of memory";
    return -1;
  }
  memcpy(c->first, f[0].p, f[0].len);
  c->first_len = f[0].len;
  c->have_header = true;
  return 0;
}

/* A datetime cell in the file's date order. */
static tw_value csv_datetime(tw_csv *c, const char *s, size_t n) {
  int64_t t;
  int hint;
  while (n && (s[n - 1] == ' ' || s[n - 1] == '\t')) {
    n--;
  }
  while (n && (*s == ' ' || *s == '\t')) {
    s++;
    n--;
  }
  if (n == 0) {
    return tw_null(TW_T_DATETIME);
  }
  if (tw_datetime_parse(s, n, &t) == 0) {
    return tw_datetime(t);
  }
  int day_first;
  if (c->order == TRAWL_DATES_DAY_FIRST) {
    day_first = 1;
  } else if (c->order == TRAWL_DATES_MONTH_FIRST) {
    day_first = 0;
  } else {
    day_first = c->decided == 1;
  }
  if (tw_mv_locale_datetime(s, n, day_first, &t, &hint) != 0) {
    return tw_null(TW_T_DATETIME);
  }
  if (c->order == TRAWL_DATES_AUTO && c->decided == 0 && hint != 0) {
    c->decided = hint;
  }
  if (c->order != TRAWL_DATES_AUTO && hint != 0 &&
      hint != (day_first ? 1 : 2)) {
    /* the value cannot be read in the order asked for */
    return tw_null(TW_T_DATETIME);
  }
  return tw_datetime(t);
}

int tw_csv_line(tw_csv *c, const char *line, size_t len, uint64_t lineno,
                tw_arena *a, tw_value *row, trawl_table *table,
                const char **why) {
  (void)lineno;
  while (len && (line[len - 1] == '\r' || line[len - 1] == '\n')) {
    len--;
  }
  if (len >= 3 && (unsigned char)line[0] == 0xEF &&
      (unsigned char)line[1] == 0xBB && (unsigned char)line[2] == 0xBF) {
    line += 3; /* a byte-order mark (before a header) */
    len -= 3;
  }
  size_t blank = 0;
  while (blank < len && (line[blank] == ' ' || line[blank] == '\t')) {
    blank++;
  }
  if (blank == len) {
    return 0;
  }
  csv_field fields[CSV_MAX_COLS];
  int nf = split_fields(line, len, fields, CSV_MAX_COLS);
  if (nf == -2) {
    return 2;
  }
  if (nf < 0) {
    *why = "malformed CSV line (stray quote or too many fields)";
    return -1;
  }
  if (!c->have_header) {
    return read_header(c, fields, nf, why) == 0 ? 0 : -1;
  }
  if (nf == (int)c->ncols && fields[0].len == c->first_len &&
      c->first_len > 0 && memcmp(fields[0].p, c->first, c->first_len) == 0) {
    return 0; /* the header again (exports concatenated) */
  }
  const tw_schema *sc = tw_table_schema(c->table);
  for (uint32_t i = 0; i < sc->ncols; i++) {
    row[i] = tw_null(sc->cols[i].type);
  }
  for (int i = 0; i < nf && (uint32_t)i < c->ncols; i++) {
    int col = c->colmap[i];
    if (col < 0) {
      continue;
    }
    size_t n;
    const char *s = field_text(&fields[i], a, &n);
    if (!s) {
      *why = "out of memory";
      return -1;
    }
    tw_value fixed;
    tw_json_span raw = {s, n};
    if (tw_json_raw_text(&raw, a, &fixed) != 0) { /* invalid UTF-8 */
      *why = "out of memory";
      return -1;
    }
    s = fixed.u.s;
    n = fixed.len;
    tw_type t = sc->cols[col].type;
    if (t == TW_T_DATETIME) {
      row[col] = csv_datetime(c, s, n);
    } else if (tw_mv_text_value(s, n, t, a, &row[col]) != 0) {
      *why = "out of memory";
      return -1;
    }
  }
  if (c->type_col >= 0 && row[c->type_col].len == 0) {
    const char *name = trawl_table_name(c->table);
    row[c->type_col] = tw_str(name, strlen(name));
  }
  *table = c->table;
  return 1;
}
