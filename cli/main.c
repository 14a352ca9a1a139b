/*
 * cli/main.c - the trawl command: dispatch to subcommands.
 *
 * Uses only include/trawl.h. Each subcommand lives in its own cli/cmd_*.c.
 */
#include <stdio.h>
#include <string.h>

#include "commands.h"
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
  static const struct {
    const char *name;
    int (*fn)(int, char **);
  } cmds[] = {
      {"cat", cmd_cat},     {"query", cmd_query},       {"check", cmd_check},
      {"hunt", cmd_hunt},   {"init", cmd_init},         {"simulate", cmd_simulate},
      {"test", cmd_test},
  };
  for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
    if (strcmp(argv[1], cmds[i].name) == 0) {
      return cmds[i].fn(argc - 1, argv + 1);
    }
  }
  fprintf(stderr, "trawl: unknown command '%s'\n", argv[1]);
  return 2;
}
