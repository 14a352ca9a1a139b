/*
 * cli/cmd_test.c - `trawl test` (placeholder until the command lands).
 */
#include <stdio.h>

#include "commands.h"

int cmd_test(int argc, char **argv) {
  (void)argc;
  (void)argv;
  fprintf(stderr, "trawl test: not implemented yet\n");
  return EXIT_ERROR;
}
