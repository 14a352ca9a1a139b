/*
 * cli/cmd_cat.c - `trawl cat` (placeholder until the command lands).
 */
#include <stdio.h>

#include "commands.h"

int cmd_cat(int argc, char **argv) {
  (void)argc;
  (void)argv;
  fprintf(stderr, "trawl cat: not implemented yet\n");
  return EXIT_ERROR;
}
