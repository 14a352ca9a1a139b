/*
 * cli/cmd_simulate.c - `trawl simulate` (placeholder until the command lands).
 */
#include <stdio.h>

#include "commands.h"

int cmd_simulate(int argc, char **argv) {
  (void)argc;
  (void)argv;
  fprintf(stderr, "trawl simulate: not implemented yet\n");
  return EXIT_ERROR;
}
