/*
 * cli/cmd_simulate.c - `trawl simulate t1535`: write realistic telemetry
 * (CloudTrail S3 tree, Azure Activity storage export, manifest) holding
 * the seed's atomic tests, for demos, rule tests and benchmarks.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "trawl.h"

static void help(FILE *f) {
  fprintf(f,
          "usage: trawl simulate t1535 [--out DIR] [--seed N] [--start TIME]\n"
          "                      [--accounts N] [--days N] [--size BYTES]\n"
          "\n"
          "Writes the seed's four T1535 atomic tests, near-miss decoys and\n"
          "benign background as real clouds deliver them:\n"
          "  DIR/AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/*.json.gz\n"
          "  DIR/AWSLogs/<account>/CloudTrail-Digest/...\n"
          "  DIR/insights-activity-logs/resourceId=/SUBSCRIPTIONS/<SUB>/"
          "y=/m=/d=/h=/m=00/PT1H.json\n"
          "  DIR/manifest.jsonl   one line per event of interest and the\n"
          "                       alert each rule should (not) raise\n"
          "\n"
          "  --out DIR        output folder (default: t1535-sim)\n"
          "  --seed N         random seed (default 1); same seed and options,\n"
          "                   same bytes\n"
          "  --start TIME     first day, ISO 8601 (default 2026-03-02T00:00:00Z)\n"
          "  --accounts N     AWS accounts and Azure subscriptions (default 2)\n"
          "  --days N         days of activity; the attack is on the last day\n"
          "                   (default 1)\n"
          "  --size BYTES     scale background to about BYTES of JSON\n"
          "                   (suffixes k, M, G; e.g. --size 2G)\n"
          "\n"
          "Then: trawl hunt DIR\n");
}

static int parse_u64(const char *s, unsigned long long *out, int suffixes) {
  char *end;
  errno = 0;
  if (!s || !*s || *s == '-') {
    return -1;
  }
  unsigned long long v = strtoull(s, &end, 10);
  if (errno || end == s) {
    return -1;
  }
  if (suffixes && *end) {
    unsigned shift = 0;
    switch (*end) {
    case 'k': case 'K': shift = 10; break;
    case 'm': case 'M': shift = 20; break;
    case 'g': case 'G': shift = 30; break;
    case 't': case 'T': shift = 40; break;
    default: return -1;
    }
    end++;
    if (*end == 'B' || *end == 'b') {
      end++;
    }
    if (v > (~0ULL >> shift)) {
      return -1;
    }
    v <<= shift;
  }
  if (*end) {
    return -1;
  }
  *out = v;
  return 0;
}

static void human(unsigned long long n, char out[32]) {
  if (n >= (1ULL << 30)) {
    snprintf(out, 32, "%.1f GB", (double)n / (1ULL << 30));
  } else if (n >= (1ULL << 20)) {
    snprintf(out, 32, "%.1f MB", (double)n / (1ULL << 20));
  } else {
    snprintf(out, 32, "%.1f kB", (double)n / 1024);
  }
}

int cmd_simulate(int argc, char **argv) {
  trawl_sim_opts o;
  memset(&o, 0, sizeof o);
  o.out_dir = "t1535-sim";
  o.seed = 1;
  const char *scenario = NULL;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    const char *v = i + 1 < argc ? argv[i + 1] : NULL;
    unsigned long long n;
    if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
      help(stdout);
      return EXIT_CLEAN;
    } else if (a[0] == '-' && a[1] == '-' && !v) {
      fprintf(stderr, "trawl simulate: %s needs a value\n", a);
      return EXIT_ERROR;
    } else if (strcmp(a, "--out") == 0 || strcmp(a, "-o") == 0) {
      o.out_dir = v;
      i++;
    } else if (strcmp(a, "--seed") == 0) {
      if (parse_u64(v, &n, 0) != 0) {
        fprintf(stderr, "trawl simulate: --seed wants a number, not '%s'\n", v);
        return EXIT_ERROR;
      }
      o.seed = n;
      i++;
    } else if (strcmp(a, "--start") == 0) {
      if (trawl_parse_datetime(v, strlen(v), &o.start) != 0) {
        fprintf(stderr,
                "trawl simulate: --start wants an ISO 8601 time such as "
                "2026-03-02T00:00:00Z, not '%s'\n",
                v);
        return EXIT_ERROR;
      }
      o.has_start = 1;
      i++;
    } else if (strcmp(a, "--accounts") == 0 || strcmp(a, "--days") == 0) {
      if (parse_u64(v, &n, 0) != 0 || n == 0 || n > 100000) {
        fprintf(stderr, "trawl simulate: %s wants a positive number, not '%s'\n",
                a, v);
        return EXIT_ERROR;
      }
      if (a[2] == 'a') {
        o.accounts = (int)n;
      } else {
        o.days = (int)n;
      }
      i++;
    } else if (strcmp(a, "--size") == 0) {
      if (parse_u64(v, &n, 1) != 0) {
        fprintf(stderr,
                "trawl simulate: --size wants bytes such as 500M or 2G, not "
                "'%s'\n",
                v);
        return EXIT_ERROR;
      }
      o.size = n;
      i++;
    } else if (a[0] == '-') {
      fprintf(stderr, "trawl simulate: unknown option %s (see --help)\n", a);
      return EXIT_ERROR;
    } else if (!scenario) {
      scenario = a;
    } else {
      fprintf(stderr, "trawl simulate: one scenario at a time ('%s'?)\n", a);
      return EXIT_ERROR;
    }
  }
  if (!scenario) {
    help(stderr);
    return EXIT_ERROR;
  }
  trawl_sim_summary sum;
  trawl_diag diag;
  memset(&diag, 0, sizeof diag);
  trawl_status st = trawl_simulate(scenario, &o, &sum, &diag);
  if (st != TRAWL_OK) {
    fprintf(stderr, "trawl simulate: %s\n", diag.message);
    return EXIT_ERROR;
  }
  char size[32];
  human(sum.bytes, size);
  fprintf(stderr,
          "trawl simulate: wrote %llu log files (%llu CloudTrail events, %llu "
          "Azure records, %s of JSON), %llu digests and %llu Insights "
          "objects to %s; %llu attack events of %llu in %s/manifest.jsonl\n",
          (unsigned long long)sum.files, (unsigned long long)sum.aws_events,
          (unsigned long long)sum.azure_records, size,
          (unsigned long long)sum.digests, (unsigned long long)sum.insights,
          o.out_dir,
          (unsigned long long)sum.attack_events,
          (unsigned long long)sum.manifest_lines, o.out_dir);
  return EXIT_CLEAN;
}
