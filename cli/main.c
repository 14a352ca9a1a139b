/*
 * cli/main.c - the trawl command: global help and dispatch to subcommands.
 *
 * Uses only include/trawl.h. Each subcommand lives in its own cli/cmd_*.c
 * and prints its own --help.
 */
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "trawl.h"

static const char usage[] =
    "usage: trawl COMMAND [OPTIONS] [PATH...]\n"
    "\n"
    "Run Microsoft Sentinel KQL rules over raw AWS CloudTrail and Azure\n"
    "Activity logs, as the Sentinel tables AWSCloudTrail and AzureActivity.\n"
    "\n"
    "commands:\n"
    "  hunt      run detection rules (built-in T1535 pack, or Sentinel YAML)\n"
    "  query     run a KQL query over log files\n"
    "  cat       print the rows the engine sees, as JSON lines, CSV or a table\n"
    "  check     parse and type-check KQL files and Sentinel rule YAML\n"
    "  sigma     print the KQL query of Sigma rules (CloudTrail, Azure Activity)\n"
    "  simulate  write realistic T1535 attack telemetry in native formats\n"
    "  test      run rule test cases (expected alerts and non-alerts)\n"
    "  init      write a commented starter configuration\n"
    "\n"
    "PATH is a file, a directory (read recursively) or - for stdin. Formats\n"
    "are recognised from the content: CloudTrail {\"Records\":[...]} files\n"
    "(.json, .json.gz), JSON lines, EventBridge events, Azure Activity\n"
    "PT1H.json exports, Event Hub and REST exports, Sentinel CSV/JSON exports.\n"
    "\n"
    "examples:\n"
    "  trawl hunt ./AWSLogs                     alerts from the built-in rules\n"
    "  trawl query 'AWSCloudTrail | where EventName == \"RunInstances\"' logs/\n"
    "  trawl cat --table AzureActivity --format table PT1H.json\n"
    "\n"
    "exit codes: 0 clean, 1 alerts (hunt) or failed tests (test), 2 error,\n"
    "4 some input was skipped (the rest was read; 5 = alerts and skipped).\n"
    "\n"
    "Run 'trawl COMMAND --help' for a command's options; 'man docs/trawl.1'.\n";

int main(int argc, char **argv) {
  if (argc < 2) {
    fputs(usage, stderr);
    return EXIT_ERROR;
  }
  if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
      strcmp(argv[1], "help") == 0) {
    fputs(usage, stdout);
    return EXIT_CLEAN;
  }
  if (strcmp(argv[1], "--version") == 0) {
    printf("trawl %s\n", TRAWL_VERSION);
    return EXIT_CLEAN;
  }
  static const struct {
    const char *name;
    int (*fn)(int, char **);
  } cmds[] = {
      {"cat", cmd_cat},   {"query", cmd_query}, {"check", cmd_check},
      {"hunt", cmd_hunt}, {"init", cmd_init},   {"simulate", cmd_simulate},
      {"test", cmd_test}, {"sigma", cmd_sigma},
  };
  for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
    if (strcmp(argv[1], cmds[i].name) == 0) {
      return cmds[i].fn(argc - 1, argv + 1);
    }
  }
  fprintf(stderr, "trawl: unknown command '%s' (see 'trawl --help')\n",
          argv[1]);
  return EXIT_ERROR;
}
