/*
 * cli/cmd_check.c - `trawl check` (placeholder until the command lands).
 */
#include <stdio.h>

#include "commands.h"

int cmd_check(int argc, char **argv) {
  (void)argc;
  (void)argv;
  fprintf(stderr, "trawl check: not implemented yet\n");
  return EXIT_ERROR;
}
