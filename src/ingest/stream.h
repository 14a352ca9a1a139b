/*
 * ingest/stream.h - one input as a stream of decompressed bytes.
 *
 * Opens a file or stdin ("-"), recognises gzip by its magic bytes and
 * inflates it with ISA-L, member after member, stopping a member that
 * inflates past a cap. Errors (truncated or corrupt gzip, cap reached, read
 * errors) end the stream; the bytes delivered before them stay valid.
 */
#ifndef TW_INGEST_STREAM_H
#define TW_INGEST_STREAM_H

#include <stddef.h>
#include <stdint.h>

typedef struct tw_stream tw_stream;

/* Open `path` ("-" = stdin). NULL on failure with a message in err. */
tw_stream *tw_stream_open(const char *path, unsigned long long max_inflate,
                          char *err, size_t errlen);

/* Read up to `cap` decompressed bytes into buf. Returns the count (> 0),
 * 0 at the end, or -1 on error (tw_stream_error says what; further calls
 * return 0). */
long tw_stream_read(tw_stream *s, char *buf, size_t cap);

/* The error message after -1, else NULL. */
const char *tw_stream_error(const tw_stream *s);
/* 1 if the input was gzip. */
int tw_stream_is_gzip(const tw_stream *s);
/* Compressed bytes consumed so far (for messages). */
uint64_t tw_stream_raw_offset(const tw_stream *s);
/* gzip members started so far (0 for plain input). */
int tw_stream_members(const tw_stream *s);

void tw_stream_close(tw_stream *s);

#endif
