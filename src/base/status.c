/*
 * base/status.c - names of status codes, and the public datetime helpers.
 */
#include "base/timeutil.h"
#include "trawl.h"

const char *trawl_status_name(trawl_status s) {
  switch (s) {
  case TRAWL_OK: return "ok";
  case TRAWL_ERR_SYNTAX: return "syntax error";
  case TRAWL_ERR_NAME: return "unknown name";
  case TRAWL_ERR_TYPE: return "type error";
  case TRAWL_ERR_RUNTIME: return "runtime error";
  case TRAWL_ERR_IO: return "input/output error";
  case TRAWL_ERR_INPUT: return "bad input";
  case TRAWL_ERR_LIMIT: return "limit reached";
  case TRAWL_ERR_NOMEM: return "out of memory";
  case TRAWL_ERR_USAGE: return "usage error";
  case TRAWL_ERR_UNSUPPORTED: return "not supported";
  }
  return "error";
}

int trawl_parse_datetime(const char *s, size_t len, int64_t *ticks) {
  return tw_datetime_parse(s, len, ticks);
}

void trawl_format_datetime(int64_t ticks, char out[32]) {
  tw_datetime_format(ticks, out);
}
