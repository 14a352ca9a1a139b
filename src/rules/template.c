/*
 * rules/template.c - the commented starter configuration that `trawl init`
 * writes (trawl_config_template); docs/config.md describes every key.
 */
#include "trawl.h"

const char *trawl_config_template(void) {
  return "# trawl configuration (docs/config.md)\n";
}
