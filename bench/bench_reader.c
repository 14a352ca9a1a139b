/*
 * bench/bench_reader.c - the reader's speed: MB/s and peak RSS of tw_read
 * over files, asking for all AWSCloudTrail columns, a few, or a few with a
 * prefilter (EventName == ConsoleLogin), as a query would.
 *
 *   bench_reader [--mode all|few|prefilter] [--threads N] FILE...
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "ingest/ingest.h"

static unsigned long long rows;

static int on_batch(void *ctx, uint32_t sub, const tw_batch *b) {
  (void)ctx;
  (void)sub;
  rows += b->nrows;
  return 0;
}

int main(int argc, char **argv) {
  const char *mode = "few";
  int threads = 0, i = 1;
  for (; i < argc && argv[i][0] == '-' && argv[i][1] == '-'; i++) {
    if (strcmp(argv[i], "--mode") == 0 && i + 1 < argc) {
      mode = argv[++i];
    } else if (strcmp(argv[i], "--threads") == 0 && i + 1 < argc) {
      threads = atoi(argv[++i]);
    } else {
      fprintf(stderr, "usage: bench_reader [--mode all|few|prefilter] "
                      "[--threads N] FILE...\n");
      return 2;
    }
  }
  if (i >= argc) {
    fprintf(stderr, "bench_reader: no input\n");
    return 2;
  }
  static uint8_t need[64];
  tw_subscription sub;
  memset(&sub, 0, sizeof sub);
  sub.table = TRAWL_TABLE_AWSCLOUDTRAIL;
  tw_value val = tw_str("ConsoleLogin", 12);
  tw_prefilter pf = {TW_AWS_EventName, TW_PF_IN, &val, 1, 0};
  if (strcmp(mode, "all") != 0) {
    need[TW_AWS_EventName] = need[TW_AWS_EventSource] = 1;
    need[TW_AWS_AWSRegion] = need[TW_AWS_TimeGenerated] = 1;
    sub.need = need;
  }
  if (strcmp(mode, "prefilter") == 0) {
    sub.pre = &pf;
    sub.npre = 1;
  }
  trawl_input_opts o;
  memset(&o, 0, sizeof o);
  o.threads = threads;
  trawl_summary sum;
  trawl_diag diag;
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  trawl_status st = tw_read((const char *const *)argv + i, (size_t)(argc - i),
                            &o, &sub, 1, on_batch, NULL, &sum, &diag);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  double s = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  double cpu = (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
               (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
  /* Wall-clock MB/s, and MB per CPU-second (what one core sustains; less
   * sensitive to other load on the machine). */
  printf("mode=%s threads=%d bytes=%llu records=%llu rows=%llu wall=%.2fs "
         "cpu=%.2fs speed=%.0fMB/s per_core=%.0fMB/s peak_rss=%ldMiB "
         "status=%d\n",
         mode, threads, (unsigned long long)sum.bytes,
         (unsigned long long)sum.records, rows, s, cpu, sum.bytes / s / 1e6,
         cpu > 0 ? sum.bytes / cpu / 1e6 : 0.0, ru.ru_maxrss / 1024,
         (int)st);
  return st == TRAWL_OK ? 0 : 1;
}
