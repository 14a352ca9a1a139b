/*
 * cli/main.c - the trawl command: dispatch to subcommands.
 *
 * Uses only include/trawl.h. Each subcommand lives in its own cli/cmd_*.c.
 */
#include <stdio.h>
#include <string.h>

#include "trawl.h"

int main(int argc, char **argv) {
  if (argc < 2 || strcmp(argv[1], "--help") == 0) {
    printf("usage: trawl COMMAND [OPTIONS] [PATH...]\n");
    return argc < 2 ? 2 : 0;
  }
  if (strcmp(argv[1], "--version") == 0) {
    printf("trawl %s\n", TRAWL_VERSION);
    return 0;
  }
  fprintf(stderr, "trawl: unknown command '%s'\n", argv[1]);
  return 2;
}
