/*
 * cli/cmd_hunt.c - `trawl hunt` (placeholder until the command lands).
 */
#include <stdio.h>

#include "commands.h"

int cmd_hunt(int argc, char **argv) {
  (void)argc;
  (void)argv;
  fprintf(stderr, "trawl hunt: not implemented yet\n");
  return EXIT_ERROR;
}
