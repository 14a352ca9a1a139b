/*
 * cli/cmd_init.c - `trawl init` (placeholder until the command lands).
 */
#include <stdio.h>

#include "commands.h"

int cmd_init(int argc, char **argv) {
  (void)argc;
  (void)argv;
  fprintf(stderr, "trawl init: not implemented yet\n");
  return EXIT_ERROR;
}
