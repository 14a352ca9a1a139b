/*
 * output/writer.c - print result rows as JSON lines, CSV or an aligned table.
 *
 * One trawl_writer per result set. Every cell is rendered once, into a
 * reused buffer, by the value formatters in value/json.c (JSON text) and
 * functions/convert.c (Kusto's tostring text), so all three formats agree
 * with each other and with tostring().
 *
 * - JSON lines: {"col":value,...} in column order; datetimes as ISO 8601
 *   UTC strings, dynamic values as JSON.
 * - CSV: RFC 4180 with a header row. A text cell that a spreadsheet would
 *   run as a formula (starting with = + - @ or a tab / CR) gets a leading
 *   apostrophe: alerts get opened in spreadsheets, and log fields are
 *   attacker-controlled.
 * - Table: rows are kept until trawl_writer_end, since column widths
 *   depend on every row; cells are cut at TW_MAX_TABLE_CELL characters,
 *   control characters are shown escaped so a log line cannot move the
 *   terminal's cursor.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/limits.h"
#include "functions/convert.h"
#include "trawl.h"
#include "value/json.h"

struct trawl_writer {
  FILE *out;
  trawl_format fmt;
  size_t ncols;
  char **names;       /* owned copies */
  tw_buf keys;        /* JSON lines: "name": for every column, back to back */
  size_t *key_end;    /* end offset of column i's key in `keys` */
  tw_buf line;        /* the row being built */
  tw_buf cell;        /* one cell's text */
  /* table mode: every cell's display text, row-major */
  char **cells;
  size_t ncells, cells_cap;
  int failed;
  size_t max_width;   /* table: fit this many columns; 0 = no limit */
};

/* --------------------------------------------------------- helpers */

/* Number of UTF-8 code points (continuation bytes are not counted). */
static size_t display_width(const char *s) {
  size_t n = 0;
  for (; *s; s++) {
    if (((unsigned char)*s & 0xC0) != 0x80) {
      n++;
    }
  }
  return n;
}

/* Table cell text: control characters escaped, cut at the cell limit. */
static char *table_cell(const char *s, size_t len) {
  tw_buf b;
  tw_buf_init(&b, 0);
  size_t shown = 0;
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if (shown >= TW_MAX_TABLE_CELL) {
      tw_buf_adds(&b, "\xe2\x80\xa6"); /* ellipsis */
      break;
    }
    if (c < 0x20 || c == 0x7f) {
      tw_buf_printf(&b, "\\x%02x", c);
      shown += 4;
      continue;
    }
    tw_buf_addc(&b, (char)c);
    if ((c & 0xC0) != 0x80) {
      shown++;
    }
  }
  if (!b.data) {
    tw_buf_adds(&b, "");
  }
  return b.data;
}

static int formula_like(const char *s, size_t len) {
  if (len == 0) {
    return 0;
  }
  return strchr("=+-@\t\r", s[0]) != NULL;
}

static void add_csv_cell(tw_buf *b, const char *s, size_t len, int text) {
  int quote = 0;
  int guard = text && formula_like(s, len);
  for (size_t i = 0; i < len && !quote; i++) {
    quote = s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r';
  }
  if (len && (s[0] == ' ' || s[len - 1] == ' ')) {
    quote = 1;
  }
  if (quote || guard) {
    tw_buf_addc(b, '"');
  }
  if (guard) {
    tw_buf_addc(b, '\'');
  }
  size_t run = 0;
  for (size_t i = 0; i < len; i++) {
    if (s[i] == '"') {
      /* copy up to and including the quote, then double it */
      tw_buf_add(b, s + run, i + 1 - run);
      tw_buf_addc(b, '"');
      run = i + 1;
    }
  }
  tw_buf_add(b, s + run, len - run);
  if (quote || guard) {
    tw_buf_addc(b, '"');
  }
}

/* --------------------------------------------------------- public */

trawl_writer *trawl_writer_new(FILE *out, trawl_format fmt,
                               const char *const *names, size_t ncols) {
  trawl_writer *w = calloc(1, sizeof *w);
  if (!w) {
    return NULL;
  }
  w->out = out;
  w->fmt = fmt;
  w->ncols = ncols;
  w->names = calloc(ncols ? ncols : 1, sizeof *w->names);
  if (!w->names) {
    free(w);
    return NULL;
  }
  for (size_t i = 0; i < ncols; i++) {
    w->names[i] = strdup(names[i] ? names[i] : "");
  }
  tw_buf_init(&w->line, 0);
  tw_buf_init(&w->cell, 0);
  tw_buf_init(&w->keys, 0);
  w->key_end = calloc(ncols ? ncols : 1, sizeof *w->key_end);
  if (!w->key_end) {
    trawl_writer_end(w);
    return NULL;
  }
  for (size_t i = 0; i < ncols; i++) {
    /* Keys are escaped once here, not once per row. */
    tw_json_write_string(&w->keys, w->names[i], strlen(w->names[i]));
    tw_buf_addc(&w->keys, ':');
    w->key_end[i] = w->keys.len;
  }
  if (fmt == TRAWL_FMT_CSV) {
    for (size_t i = 0; i < ncols; i++) {
      if (i) {
        tw_buf_addc(&w->line, ',');
      }
      add_csv_cell(&w->line, w->names[i], strlen(w->names[i]), 1);
    }
    tw_buf_adds(&w->line, "\r\n");
    fwrite(w->line.data, 1, w->line.len, out);
  } else if (fmt == TRAWL_FMT_TABLE) {
    for (size_t i = 0; i < ncols; i++) {
      if (w->ncells == w->cells_cap) {
        w->cells_cap = w->cells_cap ? 2 * w->cells_cap : 256;
        w->cells = realloc(w->cells, w->cells_cap * sizeof *w->cells);
      }
      w->cells[w->ncells++] = strdup(w->names[i]);
    }
  }
  return w;
}

/* Render one value's text for CSV and table cells: tostring() text. */
static void cell_text(trawl_writer *w, const trawl_value *v) {
  tw_buf_clear(&w->cell);
  if (v->null) {
    return;
  }
  if (v->type == TRAWL_T_DATETIME) {
    char iso[32];
    trawl_format_datetime(v->u.i, iso);
    tw_buf_adds(&w->cell, iso);
    return;
  }
  tw_value_to_string(&w->cell, v);
}

int trawl_writer_row(trawl_writer *w, const trawl_value *row) {
  if (!w || !row) {
    return -1;
  }
  tw_buf_clear(&w->line);
  switch (w->fmt) {
  case TRAWL_FMT_JSONL:
    tw_buf_addc(&w->line, '{');
    for (size_t i = 0; i < w->ncols; i++) {
      if (i) {
        tw_buf_addc(&w->line, ',');
      }
      size_t from = i ? w->key_end[i - 1] : 0;
      tw_buf_add(&w->line, w->keys.data + from, w->key_end[i] - from);
      tw_value_write_json(&w->line, &row[i]);
    }
    tw_buf_adds(&w->line, "}\n");
    break;
  case TRAWL_FMT_CSV:
    for (size_t i = 0; i < w->ncols; i++) {
      if (i) {
        tw_buf_addc(&w->line, ',');
      }
      cell_text(w, &row[i]);
      add_csv_cell(&w->line, w->cell.data ? w->cell.data : "", w->cell.len,
                   row[i].type == TRAWL_T_STRING ||
                       row[i].type == TRAWL_T_DYNAMIC);
    }
    tw_buf_adds(&w->line, "\r\n");
    break;
  case TRAWL_FMT_TABLE:
    for (size_t i = 0; i < w->ncols; i++) {
      cell_text(w, &row[i]);
      if (w->ncells == w->cells_cap) {
        size_t cap = w->cells_cap ? 2 * w->cells_cap : 256;
        char **c = realloc(w->cells, cap * sizeof *c);
        if (!c) {
          w->failed = 1;
          return -1;
        }
        w->cells = c;
        w->cells_cap = cap;
      }
      w->cells[w->ncells++] =
          table_cell(w->cell.data ? w->cell.data : "", w->cell.len);
    }
    return 0;
  }
  if (fwrite(w->line.data, 1, w->line.len, w->out) != w->line.len) {
    w->failed = 1;
    return -1;
  }
  return 0;
}

/* Print the first `max` display columns of s; an ellipsis marks a cut. */
static void put_cut(FILE *out, const char *s, size_t max, size_t *shown) {
  size_t dw = display_width(s);
  if (dw <= max) {
    fputs(s, out);
    *shown = dw;
    return;
  }
  size_t n = 0;
  while (*s && n + 1 < max) { /* one code point at a time */
    fputc(*s++, out);
    while (((unsigned char)*s & 0xC0) == 0x80) {
      fputc(*s++, out);
    }
    n++;
  }
  fputs("\xe2\x80\xa6", out);
  *shown = n + 1;
}

/* Name the columns left out because they are empty in every row. */
static void print_hidden(trawl_writer *w, const unsigned char *hide) {
  int any = 0;
  for (size_t c = 0; c < w->ncols; c++) {
    if (hide[c]) {
      fprintf(w->out, "%s%s", any ? ", " : "(empty in every row: ",
              w->names[c]);
      any = 1;
    }
  }
  if (any) {
    fputs(")\n", w->out);
  }
}

/* Rows as blocks of `name  value` lines, cut to the terminal's width. */
static void print_vertical(trawl_writer *w, size_t nrows,
                           const unsigned char *hide) {
  size_t namew = 0;
  for (size_t c = 0; c < w->ncols; c++) {
    size_t dw = display_width(w->names[c]);
    if (!hide[c] && dw > namew) {
      namew = dw;
    }
  }
  size_t valw = w->max_width > namew + 12 ? w->max_width - namew - 2 : 10;
  for (size_t r = 1; r < nrows; r++) {
    fprintf(w->out, "%s-[ %zu ]\n", r > 1 ? "\n" : "", r);
    for (size_t c = 0; c < w->ncols; c++) {
      if (hide[c]) {
        continue;
      }
      size_t shown;
      put_cut(w->out, w->names[c], namew, &shown);
      for (size_t k = shown; k < namew + 2; k++) {
        fputc(' ', w->out);
      }
      put_cut(w->out, w->cells[r * w->ncols + c], valw, &shown);
      fputc('\n', w->out);
    }
  }
}

static void print_table(trawl_writer *w) {
  size_t nrows = w->ncols ? w->ncells / w->ncols : 0;
  size_t *width = calloc(w->ncols ? w->ncols : 1, sizeof *width);
  unsigned char *hide = calloc(w->ncols ? w->ncols : 1, 1);
  if (!width || !hide) {
    free(width);
    free(hide);
    return;
  }
  for (size_t c = 0; c < w->ncols; c++) {
    int empty = w->max_width > 0 && nrows > 1;
    for (size_t r = 0; r < nrows; r++) {
      const char *cell = w->cells[r * w->ncols + c];
      size_t dw = display_width(cell);
      if (dw > width[c]) {
        width[c] = dw;
      }
      if (r > 0 && cell[0]) {
        empty = 0;
      }
    }
    hide[c] = (unsigned char)empty;
  }
  if (w->max_width > 0) {
    size_t total = 0;
    for (size_t c = 0; c < w->ncols; c++) {
      total += hide[c] ? 0 : width[c] + 2;
    }
    if (total > w->max_width + 2) {
      /* Too wide for the terminal: one block per row, a line per column,
       * like psql's expanded display. */
      print_vertical(w, nrows, hide);
      print_hidden(w, hide);
      free(width);
      free(hide);
      return;
    }
  }
  size_t last = 0;
  for (size_t c = 0; c < w->ncols; c++) {
    if (!hide[c]) {
      last = c;
    }
  }
  for (size_t r = 0; r < nrows; r++) {
    for (size_t c = 0; c < w->ncols; c++) {
      if (hide[c]) {
        continue;
      }
      size_t shown;
      put_cut(w->out, w->cells[r * w->ncols + c], width[c], &shown);
      if (c < last) {
        for (size_t k = shown; k < width[c] + 2; k++) {
          fputc(' ', w->out);
        }
      }
    }
    fputc('\n', w->out);
    if (r == 0) {
      for (size_t c = 0; c < w->ncols; c++) {
        if (hide[c]) {
          continue;
        }
        for (size_t k = 0; k < width[c]; k++) {
          fputc('-', w->out);
        }
        if (c < last) {
          fputs("  ", w->out);
        }
      }
      fputc('\n', w->out);
    }
  }
  if (nrows <= 1) {
    fputs("(no rows)\n", w->out);
  }
  print_hidden(w, hide);
  free(width);
  free(hide);
}

void trawl_writer_fit(trawl_writer *w, size_t max_width) {
  if (w) {
    w->max_width = max_width;
  }
}

int trawl_writer_end(trawl_writer *w) {
  if (!w) {
    return 0;
  }
  if (w->fmt == TRAWL_FMT_TABLE) {
    print_table(w);
  }
  int rc = w->failed || fflush(w->out) != 0 ? -1 : 0;
  for (size_t i = 0; i < w->ncells; i++) {
    free(w->cells[i]);
  }
  free(w->cells);
  for (size_t i = 0; i < w->ncols; i++) {
    free(w->names[i]);
  }
  free(w->names);
  tw_buf_free(&w->line);
  tw_buf_free(&w->cell);
  tw_buf_free(&w->keys);
  free(w->key_end);
  free(w);
  return rc;
}

char *trawl_value_to_json(const trawl_value *v) {
  tw_buf b;
  tw_buf_init(&b, 0);
  if (tw_value_write_json(&b, v) != 0 || !b.data) {
    tw_buf_free(&b);
    return strdup("null");
  }
  return b.data;
}
