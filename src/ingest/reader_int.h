/*
 * ingest/reader_int.h - what the framing side (framing.c, one thread) hands
 * the mapping side (reader.c, the caller's thread): blocks of bytes with a
 * list of items (records, CSV lines, messages, file boundaries) in input
 * order. A block owns its bytes and message strings; the mapping side
 * gives it back when done.
 */
#ifndef TW_INGEST_READER_INT_H
#define TW_INGEST_READER_INT_H

#include <stddef.h>
#include <stdint.h>

#include "trawl.h"
#include "base/arena.h"

typedef enum tw_item_kind {
  TW_IT_RECORD = 0, /* a JSON value at data[off, off+len) */
  TW_IT_LINE,       /* a CSV record (one or more lines, no line end) */
  TW_IT_EVENT,      /* an input event (error or note) */
  TW_IT_FILE_BEGIN, /* a file was opened (or failed: failed = 1) */
  TW_IT_FILE_END    /* end of the file; bytes = decompressed size */
} tw_item_kind;

typedef enum tw_file_format {
  TW_FMT_UNKNOWN = 0,
  TW_FMT_JSON,
  TW_FMT_CSV
} tw_file_format;

typedef struct tw_item {
  uint8_t kind;       /* tw_item_kind */
  uint8_t is_error;   /* events: 1 = data was skipped */
  uint8_t failed;     /* FILE_BEGIN: could not be opened */
  uint8_t format;     /* FILE_END: tw_file_format */
  uint32_t skipped;   /* events: records or parts lost */
  size_t off;         /* RECORD/LINE: offset in block data */
  size_t len;
  uint64_t soff;      /* byte offset in the decompressed stream */
  uint64_t line;      /* 1-based line, 0 unknown */
  uint64_t index;     /* 1-based record index in the file, 0 none */
  uint64_t bytes;     /* FILE_END: decompressed bytes */
  const char *file;   /* path; owned by the block arena or the caller */
  const char *reason; /* events: static category */
  const char *msg;    /* events: in the block arena */
} tw_item;

typedef struct tw_block {
  char *data;
  size_t len;
  size_t cap;
  tw_item *items;
  size_t nitems;
  size_t items_cap;
  tw_arena arena;
  struct tw_block *next; /* queue link */
} tw_block;

/* Block allocation (shared pool; thread-safe). */
tw_block *tw_block_get(size_t min_cap);
void tw_block_put(tw_block *b);
void tw_block_pool_free(void);

/* Append an item; NULL on OOM. */
tw_item *tw_block_item(tw_block *b);

/* Where the framing side sends full blocks. Returns nonzero to stop. */
typedef int (*tw_block_sink)(void *ctx, tw_block *b);

typedef struct tw_frame_opts {
  unsigned long long max_inflate;
  volatile int *stop; /* set by the mapping side to stop early */
  size_t max_record;  /* 0 = TW_MAX_RECORD_BYTES (tests set a small one) */
} tw_frame_opts;

/* Walk the inputs in order and emit blocks. Returns TRAWL_OK or
 * TRAWL_ERR_NOMEM. Every block goes to the sink. */
trawl_status tw_frame_inputs(const char *const *paths, size_t npaths,
                             const tw_frame_opts *o, tw_block_sink sink,
                             void *ctx);

#endif
