/*
 * tests/unit/test_output.c - the JSON lines, CSV and table writers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "trawl.h"
#include "value/value.h"

/* Write rows with a writer into memory and return the text (malloc'd). */
static char *render(trawl_format fmt, const char *const *names, size_t ncols,
                    const trawl_value *rows, size_t nrows) {
  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&text, &len);
  trawl_writer *w = trawl_writer_new(f, fmt, names, ncols);
  for (size_t r = 0; r < nrows; r++) {
    trawl_writer_row(w, rows + r * ncols);
  }
  trawl_writer_end(w);
  fclose(f);
  return text;
}

static void test_jsonl(void) {
  const char *names[] = {"TimeGenerated", "Name", "N", "Flag"};
  trawl_value row[4] = {tw_datetime(17334144000000000LL + 1234567),
                        tw_str("a\"b\n", 4), tw_null(TW_T_LONG),
                        tw_bool(true)};
  char *s = render(TRAWL_FMT_JSONL, names, 4, row, 1);
  CHECK_STR(s, "{\"TimeGenerated\":\"2024-12-05T16:00:00.1234567Z\","
               "\"Name\":\"a\\\"b\\n\",\"N\":null,\"Flag\":true}\n");
  free(s);
}

static void test_csv_quoting_and_formulas(void) {
  const char *names[] = {"A", "B", "C"};
  trawl_value row[3] = {tw_str("=HYPERLINK(\"x\")", 15), tw_str("a,b", 3),
                        tw_long(-5)};
  char *s = render(TRAWL_FMT_CSV, names, 3, row, 1);
  CHECK_STR(s, "A,B,C\r\n\"'=HYPERLINK(\"\"x\"\")\",\"a,b\",-5\r\n");
  free(s);
}

static void test_table(void) {
  const char *names[] = {"Region", "Count"};
  trawl_value rows[4] = {tw_str("ap-southeast-1", 14), tw_long(3),
                         tw_str("x\x1b[2J", 5), tw_long(10)};
  char *s = render(TRAWL_FMT_TABLE, names, 2, rows, 2);
  CHECK_STR(s, "Region          Count\n"
               "--------------  -----\n"
               "ap-southeast-1  3\n"
               "x\\x1b[2J        10\n");
  free(s);
}

static void test_table_fit(void) {
  const char *names[] = {"Region", "Empty", "Caller"};
  trawl_value rows[6] = {tw_str("ap-southeast-1", 14), tw_str("", 0),
                         tw_str("arn:aws:iam::111122223333:user/x", 32),
                         tw_str("sa-east-1", 9), tw_str("", 0),
                         tw_str("bob", 3)};
  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&text, &len);
  trawl_writer *w = trawl_writer_new(f, TRAWL_FMT_TABLE, names, 3);
  trawl_writer_fit(w, 40); /* too narrow for one line per row */
  trawl_writer_row(w, rows);
  trawl_writer_row(w, rows + 3);
  trawl_writer_end(w);
  fclose(f);
  CHECK_STR(text, "-[ 1 ]\n"
                  "Region  ap-southeast-1\n"
                  "Caller  arn:aws:iam::111122223333:user/x\n"
                  "\n-[ 2 ]\n"
                  "Region  sa-east-1\n"
                  "Caller  bob\n"
                  "(empty in every row: Empty)\n");
  free(text);
}

int main(void) {
  RUN(test_jsonl);
  RUN(test_csv_quoting_and_formulas);
  RUN(test_table);
  RUN(test_table_fit);
  return check_done();
}
