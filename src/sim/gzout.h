/*
 * sim/gzout.h - write a file as one deterministic gzip member, streamed.
 *
 * The gzip header carries no file name and a zero modification time, so
 * the same bytes in give the same file out (zlib, fixed level). Data is
 * compressed as it arrives; nothing is held beyond zlib's window.
 */
#ifndef TW_SIM_GZOUT_H
#define TW_SIM_GZOUT_H

#include <stddef.h>
#include <stdio.h>

typedef struct tw_gzout tw_gzout;

/* Create `path` (parent folders must exist). NULL on failure (errno set). */
tw_gzout *tw_gzout_open(const char *path, int level);
/* Compress `n` bytes into the file. 0 on success, -1 on error. */
int tw_gzout_write(tw_gzout *g, const void *p, size_t n);
/* Finish the member and close the file; frees `g`. 0 on success. */
int tw_gzout_close(tw_gzout *g);
/* Bytes written to the file so far (compressed). */
unsigned long long tw_gzout_bytes(const tw_gzout *g);

#endif
