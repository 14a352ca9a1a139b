/*
 * cli/commands.h - the subcommands of the trawl command and its exit codes.
 *
 * main.c dispatches `trawl NAME ARGS...` to cmd_NAME(argc, argv) with
 * argv[0] = NAME. Each command lives in cli/cmd_NAME.c, uses only
 * include/trawl.h, prints results on stdout and messages on stderr, and
 * returns an exit code built from the bits below.
 */
#ifndef TW_CLI_COMMANDS_H
#define TW_CLI_COMMANDS_H

/*
 * Exit codes (bits, so a script can test each):
 *   0  success: everything read, no alerts, all tests passed
 *   1  alerts raised (hunt) or test cases failed (test)
 *   2  error: bad usage, a query or rule that does not compile, or no input
 *      could be read at all; nothing (or not everything) ran
 *   4  some input was skipped (unreadable files, broken records): the rest
 *      was processed and the summary on stderr says what and why;
 *      combined with 1 as 5
 */
enum {
  EXIT_CLEAN = 0,
  EXIT_ALERTS = 1,
  EXIT_ERROR = 2,
  EXIT_SKIPPED = 4
};

int cmd_cat(int argc, char **argv);
int cmd_query(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_hunt(int argc, char **argv);
int cmd_init(int argc, char **argv);
int cmd_simulate(int argc, char **argv);
int cmd_test(int argc, char **argv);
int cmd_sigma(int argc, char **argv);

#endif
