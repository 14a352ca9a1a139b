/*
 * ingest/record.h - the interface between framing and the table mappers.
 *
 * Framing (reader.c) splits a byte stream into records: raw JSON object
 * spans, borrowed from the reader's buffer. A classifier says what a record
 * is; a mapper turns one kind of record into a table row. Mappers scan the
 * record lazily with the JSON scanner below and extract only the columns
 * in `want`, so the reader can first extract the prefilter columns, test
 * them, and only then extract the rest (a second call, other `want`).
 */
#ifndef TW_INGEST_RECORD_H
#define TW_INGEST_RECORD_H

#include "ingest/ingest.h"

/* ------------------------------------------------------ JSON scanner */

typedef struct tw_json_span {
  const char *p;   /* first byte of the value (or of the raw key text) */
  size_t len;
} tw_json_span;

typedef struct tw_json_iter {
  const char *p;    /* current position */
  const char *end;
  int err;          /* nonzero once malformed input was met */
} tw_json_iter;

/* Skip whitespace and one JSON value at p; returns the byte after it, or
 * NULL when the value is malformed or nests deeper than `max_depth`. */
const char *tw_json_skip(const char *p, const char *end, int max_depth);

/* Iterate an object's members. begin returns 0, or -1 if p is not '{'.
 * next returns 1 with key (raw text between the quotes, escapes not
 * decoded) and value span, 0 at the end, -1 on malformed input. */
int tw_json_obj_begin(tw_json_iter *it, const char *p, const char *end);
int tw_json_obj_next(tw_json_iter *it, tw_json_span *key, tw_json_span *val);

/* The same for arrays: next returns 1 with the element span. */
int tw_json_arr_begin(tw_json_iter *it, const char *p, const char *end);
int tw_json_arr_next(tw_json_iter *it, tw_json_span *val);

/* Find a member by (unescaped ASCII) key in the object at `obj`; 1 found,
 * 0 absent, -1 malformed. */
int tw_json_get(const tw_json_span *obj, const char *key, tw_json_span *val);

/* Value kind of a span by its first byte: '"', '{', '[', 'n', 't', 'f',
 * or '0' for numbers. */
char tw_json_kind(const tw_json_span *v);

/* Decode a JSON string span (with its quotes) to UTF-8 in arena `a`
 * (borrowing the input when it has no escapes). Invalid UTF-8 and lone
 * surrogates become U+FFFD; NUL bytes are kept. 0, or -1 malformed. */
int tw_json_string(const tw_json_span *v, tw_arena *a, tw_value *out);

/* The compact JSON text of any value (whitespace outside strings removed),
 * as Sentinel stores nested objects in string columns. 0 or -1. */
int tw_json_compact(const tw_json_span *v, tw_arena *a, tw_value *out);

/* ------------------------------------------------------ records */

typedef enum tw_rec_kind {
  TW_REC_OTHER = 0,        /* not an event of ours: counted, reported */
  TW_REC_CLOUDTRAIL,       /* a CloudTrail event record */
  TW_REC_CT_INSIGHT,       /* CloudTrail Insights record: counted, no row */
  TW_REC_CT_DIGEST,        /* CloudTrail digest file body: counted */
  TW_REC_AZURE_EXPORT,     /* Azure Activity, storage / Event Hub shape */
  TW_REC_AZURE_EVENTDATA,  /* Azure Activity, REST / az CLI EventData shape */
  TW_REC_SENTINEL_AWS,     /* a row keyed by AWSCloudTrail column names */
  TW_REC_SENTINEL_AZURE    /* a row keyed by AzureActivity column names */
} tw_rec_kind;

/* Where a record came from, for messages. */
typedef struct tw_rec_origin {
  const char *file;
  uint64_t offset;   /* byte offset of the record in the decompressed stream */
  uint64_t line;     /* 1-based line when known, else 0 */
  uint64_t index;    /* 1-based record index in the file */
} tw_rec_origin;

/*
 * A mapper: fill row[c] for every c with want[c] != 0 (the row has the
 * table's full column count; the caller has set all columns to null / "").
 * Strings go to arena `a` or borrow from the record. Returns 0, or -1 with
 * *why set to a short static reason when the record cannot be mapped.
 */
typedef int (*tw_mapper)(const char *json, size_t len, const uint8_t *want,
                         tw_value *row, tw_arena *a, const char **why);

/* Classify one record (CloudTrail side: ingest/cloudtrail.c; it asks
 * tw_azure_classify and tw_sentinel_classify for the others). */
tw_rec_kind tw_classify_record(const char *json, size_t len);
tw_rec_kind tw_azure_classify(const char *json, size_t len);
tw_rec_kind tw_sentinel_classify(const char *json, size_t len);

int tw_map_cloudtrail(const char *json, size_t len, const uint8_t *want,
                      tw_value *row, tw_arena *a, const char **why);
int tw_map_azure_export(const char *json, size_t len, const uint8_t *want,
                        tw_value *row, tw_arena *a, const char **why);
int tw_map_azure_eventdata(const char *json, size_t len, const uint8_t *want,
                           tw_value *row, tw_arena *a, const char **why);
int tw_map_sentinel_aws(const char *json, size_t len, const uint8_t *want,
                        tw_value *row, tw_arena *a, const char **why);
int tw_map_sentinel_azure(const char *json, size_t len, const uint8_t *want,
                          tw_value *row, tw_arena *a, const char **why);

#endif
