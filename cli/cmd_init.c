/*
 * cli/cmd_init.c - `trawl init [--force] [FILE|-]`: write the commented
 * starter configuration (default ./trawl.yaml, which `trawl hunt` reads).
 * Uses only include/trawl.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "trawl.h"

static const char init_help[] =
    "trawl init - write a commented starter configuration\n"
    "\n"
    "  trawl init [--force] [FILE]\n"
    "\n"
    "Writes FILE (default ./trawl.yaml, which `trawl hunt` reads when no\n"
    "--config is given), or prints it with `-`. An existing file is kept\n"
    "unless --force is given. Edit approved_regions to your regions, then\n"
    "run `trawl hunt LOGS...`. docs/config.md describes every key.\n";

int cmd_init(int argc, char **argv) {
  const char *path = NULL;
  int force = 0;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
      fputs(init_help, stdout);
      return EXIT_CLEAN;
    }
    if (strcmp(argv[i], "--force") == 0 || strcmp(argv[i], "-f") == 0) {
      force = 1;
    } else if (argv[i][0] == '-' && argv[i][1] != 0) {
      fprintf(stderr, "trawl init: unknown option '%s' (see trawl init "
                      "--help)\n", argv[i]);
      return EXIT_ERROR;
    } else if (path) {
      fprintf(stderr, "trawl init: one file at most\n");
      return EXIT_ERROR;
    } else {
      path = argv[i];
    }
  }
  if (!path) {
    path = "trawl.yaml";
  }
  const char *text = trawl_config_template();
  if (strcmp(path, "-") == 0) {
    fputs(text, stdout);
    return fflush(stdout) == 0 ? EXIT_CLEAN : EXIT_ERROR;
  }
  int fd = open(path, O_WRONLY | O_CREAT | (force ? O_TRUNC : O_EXCL), 0644);
  if (fd < 0) {
    if (errno == EEXIST) {
      fprintf(stderr, "trawl init: %s exists; keeping it (--force "
                      "overwrites)\n", path);
    } else {
      fprintf(stderr, "trawl init: %s: %s\n", path, strerror(errno));
    }
    return EXIT_ERROR;
  }
  FILE *f = fdopen(fd, "w");
  if (!f) {
    close(fd);
    fprintf(stderr, "trawl init: %s: %s\n", path, strerror(errno));
    return EXIT_ERROR;
  }
  int bad = fputs(text, f) < 0;
  bad |= fclose(f) != 0;
  if (bad) {
    fprintf(stderr, "trawl init: could not write %s\n", path);
    return EXIT_ERROR;
  }
  fprintf(stderr, "trawl init: wrote %s; edit approved_regions, then run "
                  "`trawl hunt LOGS...`\n", path);
  return EXIT_CLEAN;
}
