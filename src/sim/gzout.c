/*
 * sim/gzout.c - deterministic streamed gzip writer over zlib (see gzout.h).
 */
#include "sim/gzout.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

struct tw_gzout {
  FILE *f;
  z_stream z;
  int failed;
  unsigned long long out_bytes;
  unsigned char buf[1 << 16];
};

tw_gzout *tw_gzout_open(const char *path, int level) {
  tw_gzout *g = calloc(1, sizeof *g);
  if (!g) {
    return NULL;
  }
  /* windowBits 15 + 16: a gzip wrapper with zlib's default header, which
   * has no name and mtime 0 unless deflateSetHeader is called. */
  if (deflateInit2(&g->z, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) !=
      Z_OK) {
    free(g);
    return NULL;
  }
  g->f = fopen(path, "wb");
  if (!g->f) {
    deflateEnd(&g->z);
    free(g);
    return NULL;
  }
  return g;
}

static int pump(tw_gzout *g, int flush) {
  int rc;
  do {
    g->z.next_out = g->buf;
    g->z.avail_out = sizeof g->buf;
    rc = deflate(&g->z, flush);
    if (rc == Z_STREAM_ERROR) {
      return -1;
    }
    size_t have = sizeof g->buf - g->z.avail_out;
    if (have && fwrite(g->buf, 1, have, g->f) != have) {
      return -1;
    }
    g->out_bytes += have;
  } while (g->z.avail_out == 0 || (flush == Z_FINISH && rc != Z_STREAM_END));
  return 0;
}

int tw_gzout_write(tw_gzout *g, const void *p, size_t n) {
  const unsigned char *s = p;
  while (n > 0 && !g->failed) {
    uInt chunk = n > (1u << 30) ? (1u << 30) : (uInt)n;
    g->z.next_in = (Bytef *)(uintptr_t)s;
    g->z.avail_in = chunk;
    if (pump(g, Z_NO_FLUSH) != 0) {
      g->failed = 1;
    }
    s += chunk;
    n -= chunk;
  }
  return g->failed ? -1 : 0;
}

int tw_gzout_close(tw_gzout *g) {
  if (!g) {
    return 0;
  }
  int rc = 0;
  if (!g->failed) {
    g->z.next_in = NULL;
    g->z.avail_in = 0;
    rc = pump(g, Z_FINISH);
  } else {
    rc = -1;
  }
  deflateEnd(&g->z);
  if (fclose(g->f) != 0) {
    rc = -1;
  }
  free(g);
  return rc;
}

unsigned long long tw_gzout_bytes(const tw_gzout *g) { return g->out_bytes; }
