/*
 * cli/cmd_query.c - `trawl query` (placeholder until the command lands).
 */
#include <stdio.h>

#include "commands.h"

int cmd_query(int argc, char **argv) {
  (void)argc;
  (void)argv;
  fprintf(stderr, "trawl query: not implemented yet\n");
  return EXIT_ERROR;
}
