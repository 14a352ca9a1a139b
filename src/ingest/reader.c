/*
 * ingest/reader.c - the reader's mapping side: tw_read() and trawl_read().
 *
 * framing.c runs in a second thread (inflate, split into records) and
 * hands over blocks in input order through a small bounded queue; this
 * side, in the caller's thread, classifies each record, opens envelopes
 * (EventBridge "detail", records arrays, LookupEvents), extracts the
 * prefilter columns first, tests them, maps the rest only for records
 * that pass, and delivers batches per subscription. Callbacks (rows and
 * input events) therefore always run in the caller's thread, in input
 * order.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/limits.h"
#include "ingest/cloudtrail.h"
#include "ingest/csv.h"
#include "ingest/ingest.h"
#include "ingest/jsonscan.h"
#include "ingest/reader_int.h"
#include "ingest/record.h"

enum {
  QUEUE_MAX = 3,       /* blocks waiting between the threads */
  NOTES_PER_FILE = 3,  /* "not an event" notes printed per file */
  MAX_COLS = 64,
  ENVELOPE_DEPTH = 2
};

typedef struct tabinfo {
  uint32_t subs[TW_MAX_SUBS_PER_TABLE];
  uint32_t nsubs;
  uint8_t need[MAX_COLS];  /* union of needed columns */
  uint8_t pre[MAX_COLS];   /* columns some prefilter tests */
  int all_pre;             /* every subscription has prefilters */
  uint8_t pre_time[MAX_COLS]; /* columns a time prefilter tests: tested
                               * first, alone (an early key, one short
                               * scan, and most records of a window fail) */
  int has_pre_time;
  tw_value blank[MAX_COLS];
  uint32_t ncols;
  uint32_t cols[MAX_COLS]; /* the needed columns, in order */
  uint32_t nneed;
} tabinfo;

typedef struct reader {
  const trawl_input_opts *opts;
  const tw_subscription *subs;
  uint32_t nsubs;
  tw_batch_fn cb;
  void *ctx;
  trawl_summary *sum;
  tw_batch **batches;
  tabinfo tab[TRAWL_TABLE_COUNT];
  tw_arena arena;          /* strings of the rows of the current block */
  tw_value row[MAX_COLS];
  const char *file;
  tw_csv *csv;
  char *csv_file;          /* the CSV parser's file name (outlives blocks) */
  uint64_t notes;          /* not-event notes in the current file */
  uint64_t notes_hidden;
  int insight_noted;
  /* remarks of the mappers already noted in the current file */
  const char *remarked[8];
  int nremarked;
  volatile int stop;
  int nomem;
} reader;

/* ------------------------------------------------------------ events */

static void event(reader *r, const tw_item *at, uint64_t index,
                  int is_error, uint32_t skipped, const char *reason,
                  const char *msg) {
  if (is_error) {
    r->sum->errors++;
  }
  r->sum->skipped += skipped;
  if (r->opts && r->opts->on_event) {
    trawl_input_event ev;
    ev.file = at && at->file ? at->file : (r->file ? r->file : "?");
    ev.offset = at ? at->soff : 0;
    ev.line = at ? at->line : 0;
    ev.record = index;
    ev.reason = reason;
    ev.message = msg;
    ev.is_error = is_error;
    r->opts->on_event(r->opts->ctx, &ev);
  }
}

/* ------------------------------------------------------------ prefilters */

static int lower_c(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

static int has_non_ascii(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    if ((unsigned char)s[i] >= 0x80) {
      return 1;
    }
  }
  return 0;
}

static int eq_ci(const char *a, const char *b, size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (lower_c((unsigned char)a[i]) != lower_c((unsigned char)b[i])) {
      return 0;
    }
  }
  return 1;
}

/* Case-insensitive substring: a superset of Kusto's `has` term match. */
static int contains_ci(const char *h, size_t hn, const char *n, size_t nn) {
  if (nn == 0) {
    return 1;
  }
  if (nn > hn) {
    return 0;
  }
  int f = lower_c((unsigned char)n[0]);
  for (size_t i = 0; i + nn <= hn; i++) {
    if (lower_c((unsigned char)h[i]) == f && eq_ci(h + i, n, nn)) {
      return 1;
    }
  }
  return 0;
}

/* 1 = passes (or not understood), 0 = the row can be dropped. */
static int pf_pass(const tw_prefilter *pf, const tw_value *v) {
  switch (pf->op) {
  case TW_PF_IN:
  case TW_PF_NOT_IN:
  case TW_PF_IN_CI:
  case TW_PF_NOT_IN_CI: {
    if (v->type != TW_T_STRING) {
      return 1;
    }
    int ci = pf->op == TW_PF_IN_CI || pf->op == TW_PF_NOT_IN_CI;
    if (ci && has_non_ascii(v->u.s, v->len)) {
      return 1;
    }
    int match = 0;
    for (uint32_t i = 0; i < pf->nvals && !match; i++) {
      const tw_value *c = &pf->vals[i];
      if (c->type != TW_T_STRING) {
        return 1;
      }
      if (ci && has_non_ascii(c->u.s, c->len)) {
        return 1;
      }
      if (c->len == v->len &&
          (ci ? eq_ci(c->u.s, v->u.s, v->len)
              : memcmp(c->u.s, v->u.s, v->len) == 0)) {
        match = 1;
      }
    }
    return pf->op == TW_PF_IN || pf->op == TW_PF_IN_CI ? match : !match;
  }
  case TW_PF_EMPTY:
  case TW_PF_NOT_EMPTY: {
    int empty;
    if (v->type == TW_T_STRING) {
      empty = v->len == 0;
    } else if (v->type == TW_T_DYNAMIC) {
      return 1;
    } else {
      empty = v->null;
    }
    return pf->op == TW_PF_EMPTY ? empty : !empty;
  }
  case TW_PF_HAS_ANY: {
    if (v->type != TW_T_STRING || has_non_ascii(v->u.s, v->len)) {
      return 1;
    }
    for (uint32_t i = 0; i < pf->nvals; i++) {
      const tw_value *c = &pf->vals[i];
      if (c->type != TW_T_STRING || has_non_ascii(c->u.s, c->len) ||
          contains_ci(v->u.s, v->len, c->u.s, c->len)) {
        return 1;
      }
    }
    return 0;
  }
  case TW_PF_TIME_GE:
  case TW_PF_TIME_GT:
  case TW_PF_TIME_LE:
  case TW_PF_TIME_LT:
    if (v->type != TW_T_DATETIME) {
      return 1;
    }
    if (v->null) {
      return 0;
    }
    switch (pf->op) {
    case TW_PF_TIME_GE:
      return v->u.i >= pf->t;
    case TW_PF_TIME_GT:
      return v->u.i > pf->t;
    case TW_PF_TIME_LE:
      return v->u.i <= pf->t;
    default:
      return v->u.i < pf->t;
    }
  }
  return 1;
}

static int sub_passes(const tw_subscription *s, const tw_value *row) {
  for (uint32_t i = 0; i < s->npre; i++) {
    const tw_prefilter *pf = &s->pre[i];
    if (pf->col < MAX_COLS && !pf_pass(pf, &row[pf->col])) {
      return 0;
    }
  }
  return 1;
}

/* Does the subscription pass its prefilters on the columns in cols[]? */
static int sub_passes_cols(const tw_subscription *s, const tw_value *row,
                           const uint8_t *cols) {
  for (uint32_t i = 0; i < s->npre; i++) {
    const tw_prefilter *pf = &s->pre[i];
    if (pf->col < MAX_COLS && cols[pf->col] && !pf_pass(pf, &row[pf->col])) {
      return 0;
    }
  }
  return 1;
}

/* ------------------------------------------------------------ delivery */

static void flush_sub(reader *r, uint32_t s) {
  tw_batch *b = r->batches[s];
  if (b->nrows == 0) {
    return;
  }
  if (!r->stop && r->cb(r->ctx, s, b) != 0) {
    r->stop = 1;
  }
  b->nrows = 0;
}

static void flush_all(reader *r) {
  for (uint32_t s = 0; s < r->nsubs; s++) {
    flush_sub(r, s);
  }
}

/* Copy the needed columns of a row into a subscription's batch (the
 * other columns were filled with null / "" when the batch was made). */
static void deliver(reader *r, uint32_t s, const tw_value *row) {
  tw_batch *b = r->batches[s];
  const tabinfo *ti = &r->tab[r->subs[s].table];
  uint32_t n = b->nrows;
  for (uint32_t i = 0; i < ti->nneed; i++) {
    uint32_t c = ti->cols[i];
    b->cols[c][n] = row[c];
  }
  b->nrows = n + 1;
  if (b->nrows == b->cap) {
    flush_sub(r, s);
  }
}

static void count_row(reader *r, trawl_table t) {
  r->sum->records++;
  if (t == TRAWL_TABLE_AWSCLOUDTRAIL) {
    r->sum->rows_aws++;
  } else {
    r->sum->rows_azure++;
  }
}

/* A mapper mapped a record but remarked on it (a value of the wrong JSON
 * type, a missing time): one note per remark and file, at the first
 * record. */
static void remark(reader *r, const tw_item *at, const char *what) {
  for (int i = 0; i < r->nremarked; i++) {
    if (r->remarked[i] == what) {
      return;
    }
  }
  if (r->nremarked >= (int)(sizeof r->remarked / sizeof r->remarked[0])) {
    return;
  }
  r->remarked[r->nremarked++] = what;
  char msg[400];
  snprintf(msg, sizeof msg,
           "record %llu: %s (noted once per file; the record is read)",
           (unsigned long long)at->index, what);
  event(r, at, at->index, 0, 0, "value changed", msg);
}

/* Map a record with a mapper, prefilters first; deliver. */
static void map_record(reader *r, const tw_item *at, trawl_table t,
                       tw_mapper fn, const char *json, size_t len) {
  tabinfo *ti = &r->tab[t];
  r->sum->scanned++;
  if (ti->nsubs == 0) {
    return;
  }
  const char *why = NULL; /* failure reason, or a remark on success */
  memcpy(r->row, ti->blank, ti->ncols * sizeof(tw_value));
  uint32_t pass[TW_MAX_SUBS_PER_TABLE];
  uint32_t npass = 0;
  uint8_t rest[MAX_COLS];
  if (ti->all_pre) {
    if (ti->has_pre_time) {
      /* Time windows first: map the time column alone (the mapper stops
       * scanning once it has it) and drop the record when no
       * subscription's time prefilters pass, before scanning the rest of
       * it for the other prefilter columns (an absent ErrorCode is only
       * known at the end of a record). */
      if (fn(json, len, ti->pre_time, r->row, &r->arena, &why) != 0) {
        goto bad;
      }
      uint32_t i = 0;
      while (i < ti->nsubs &&
             !sub_passes_cols(&r->subs[ti->subs[i]], r->row, ti->pre_time)) {
        i++;
      }
      if (i == ti->nsubs) {
        return;
      }
      why = NULL; /* its remarks come again from the full mapping below */
    }
    if (fn(json, len, ti->pre, r->row, &r->arena, &why) != 0) {
      goto bad;
    }
    for (uint32_t i = 0; i < ti->nsubs; i++) {
      if (sub_passes(&r->subs[ti->subs[i]], r->row)) {
        pass[npass++] = ti->subs[i];
      }
    }
    if (npass == 0) {
      return;
    }
    if (why) {
      remark(r, at, why);
      why = NULL;
    }
    for (uint32_t c = 0; c < ti->ncols; c++) {
      rest[c] = ti->need[c] && !ti->pre[c];
    }
    if (fn(json, len, rest, r->row, &r->arena, &why) != 0) {
      goto bad;
    }
  } else {
    if (fn(json, len, ti->need, r->row, &r->arena, &why) != 0) {
      goto bad;
    }
    for (uint32_t i = 0; i < ti->nsubs; i++) {
      if (sub_passes(&r->subs[ti->subs[i]], r->row)) {
        pass[npass++] = ti->subs[i];
      }
    }
  }
  if (npass == 0) {
    return;
  }
  if (why) {
    remark(r, at, why);
  }
  count_row(r, t);
  for (uint32_t i = 0; i < npass && !r->stop; i++) {
    deliver(r, pass[i], r->row);
  }
  return;
bad:;
  if (!why) {
    why = "cannot be mapped";
  }
  char msg[300];
  snprintf(msg, sizeof msg, "record %llu could not be mapped (%s); skipped",
           (unsigned long long)at->index, why);
  event(r, at, at->index, 1, 1, "unmappable", msg);
}

static void note_other(reader *r, const tw_item *at, const char *what) {
  r->sum->not_events++;
  if (r->notes >= NOTES_PER_FILE) {
    r->notes_hidden++;
    return;
  }
  r->notes++;
  char msg[400];
  snprintf(msg, sizeof msg,
           "record %llu is not a CloudTrail or Azure Activity record%s%s%s; "
           "skipped",
           (unsigned long long)at->index, what ? " (" : "", what ? what : "",
           what ? ")" : "");
  event(r, at, at->index, 0, 0, "not an event", msg);
}

static void process_json(reader *r, const tw_item *at, const char *json,
                         size_t len, int depth);

/* Envelopes: EventBridge, records arrays not streamed by the framer,
 * LookupEvents. 1 if handled. */
static int open_envelope(reader *r, const tw_item *at, const char *json,
                         size_t len, int depth) {
  tw_json_span obj = {json, len}, v, el;
  tw_json_iter it;
  if (depth >= ENVELOPE_DEPTH) {
    return 0;
  }
  if (tw_json_get(&obj, "detail-type", &v) == 1 &&
      tw_json_get(&obj, "detail", &v) == 1 && tw_json_kind(&v) == '{') {
    process_json(r, at, v.p, v.len, depth + 1);
    return 1;
  }
  /* Records / records (not streamed when another key came first),
   * LookupEvents "Events" (record as a JSON string in CloudTrailEvent),
   * the REST "value" array, CloudWatch Logs subscription "logEvents"
   * (record as a JSON string in message). */
  static const char *const arrays[] = {"Records", "records", "Events",
                                       "value", "logEvents"};
  static const char *const inner[] = {NULL, NULL, "CloudTrailEvent", NULL,
                                      "message"};
  for (size_t i = 0; i < 5; i++) {
    if (tw_json_get(&obj, arrays[i], &v) != 1 || tw_json_kind(&v) != '[') {
      continue;
    }
    const char *events = inner[i];
    if (tw_json_arr_begin(&it, v.p, v.p + v.len) < 0) {
      return 0;
    }
    while (tw_json_arr_next(&it, &el) == 1 && !r->stop) {
      if (events && tw_json_kind(&el) == '{') {
        /* the record is a JSON string inside the element */
        tw_json_span s;
        tw_value txt;
        if (tw_json_get(&el, events, &s) == 1 &&
            tw_json_kind(&s) == '"' &&
            tw_json_string(&s, &r->arena, &txt) == 0) {
          process_json(r, at, txt.u.s, txt.len, depth + 1);
          continue;
        }
      }
      if (tw_json_kind(&el) == '{') {
        process_json(r, at, el.p, el.len, depth + 1);
      } else {
        event(r, at, at->index, 1, 1, "not an object",
              "an element of a records array is not a JSON object; "
              "skipped");
      }
    }
    return 1;
  }
  return 0;
}

static void process_json(reader *r, const tw_item *at, const char *json,
                         size_t len, int depth) {
  tw_rec_kind k = tw_classify_record(json, len);
  switch (k) {
  case TW_REC_CLOUDTRAIL:
    map_record(r, at, TRAWL_TABLE_AWSCLOUDTRAIL, tw_map_cloudtrail, json, len);
    return;
  case TW_REC_SENTINEL_AWS:
    map_record(r, at, TRAWL_TABLE_AWSCLOUDTRAIL, tw_map_sentinel_aws, json,
               len);
    return;
  case TW_REC_AZURE_EXPORT:
    map_record(r, at, TRAWL_TABLE_AZUREACTIVITY, tw_map_azure_export, json,
               len);
    return;
  case TW_REC_AZURE_EVENTDATA:
    map_record(r, at, TRAWL_TABLE_AZUREACTIVITY, tw_map_azure_eventdata, json,
               len);
    return;
  case TW_REC_SENTINEL_AZURE:
    map_record(r, at, TRAWL_TABLE_AZUREACTIVITY, tw_map_sentinel_azure, json,
               len);
    return;
  case TW_REC_CT_INSIGHT:
    r->sum->insight_records++;
    if (!r->insight_noted) {
      r->insight_noted = 1;
      event(r, at, at->index, 0, 0, "insights",
            "CloudTrail Insights records (not part of AWSCloudTrail); "
            "counted, no rows");
    }
    return;
  case TW_REC_CT_DIGEST:
    /* A trail writes one every hour: note the first few, count all. */
    r->sum->digest_files++;
    if (r->sum->digest_files <= NOTES_PER_FILE) {
      event(r, at, 0, 0, 0, "digest file",
            r->sum->digest_files < NOTES_PER_FILE
                ? "a CloudTrail digest file (integrity hashes, no events); "
                  "counted"
                : "a CloudTrail digest file (integrity hashes, no events); "
                  "counted (further digest files are only counted in the "
                  "summary)");
    }
    return;
  case TW_REC_OTHER:
  default:
    break;
  }
  if (open_envelope(r, at, json, len, depth)) {
    return;
  }
  note_other(r, at, tw_cloudtrail_other_reason(json, len));
}

static void process_csv(reader *r, const tw_item *at, const char *line,
                        size_t len) {
  if (!r->csv) {
    free(r->csv_file);
    r->csv_file = strdup(at->file ? at->file : "?");
    r->csv = r->csv_file ? tw_csv_new(r->opts ? r->opts->date_order
                                              : TRAWL_DATES_AUTO,
                                      r->csv_file)
                         : NULL;
    if (!r->csv) {
      r->nomem = 1;
      r->stop = 1;
      return;
    }
  }
  trawl_table t = TRAWL_TABLE_AWSCLOUDTRAIL;
  const char *why = "unusable CSV line";
  tw_value row[MAX_COLS];
  int rc = tw_csv_line(r->csv, line, len, at->line, &r->arena, row, &t, &why);
  if (rc == 0) {
    return;
  }
  if (rc == 2) {
    why = "a quoted field is not closed";
    rc = -1;
  }
  if (rc < 0) {
    char msg[300];
    snprintf(msg, sizeof msg, "CSV record %llu skipped: %s",
             (unsigned long long)at->index, why);
    event(r, at, at->index, 1, 1, "invalid CSV", msg);
    return;
  }
  if ((unsigned)t >= TRAWL_TABLE_COUNT) {
    return;
  }
  tabinfo *ti = &r->tab[t];
  r->sum->scanned++;
  if (ti->nsubs == 0) {
    return;
  }
  int counted = 0;
  for (uint32_t i = 0; i < ti->nsubs && !r->stop; i++) {
    if (sub_passes(&r->subs[ti->subs[i]], row)) {
      if (!counted) {
        count_row(r, t);
        counted = 1;
      }
      deliver(r, ti->subs[i], row);
    }
  }
}

static void end_file(reader *r, const tw_item *it) {
  if (r->notes_hidden > 0) {
    char msg[200];
    snprintf(msg, sizeof msg,
             "%llu more records that are not CloudTrail or Azure Activity "
             "events; skipped",
             (unsigned long long)r->notes_hidden);
    tw_item at = *it;
    at.soff = 0;
    at.line = 0;
    event(r, &at, 0, 0, 0, "not an event", msg);
  }
  r->notes = 0;
  r->notes_hidden = 0;
  r->insight_noted = 0;
  r->nremarked = 0;
  tw_csv_free(r->csv);
  r->csv = NULL;
  free(r->csv_file);
  r->csv_file = NULL;
}

/* Consume one block (in the caller's thread). */
static void consume(reader *r, tw_block *b) {
  for (size_t i = 0; i < b->nitems && !r->stop; i++) {
    const tw_item *it = &b->items[i];
    switch (it->kind) {
    case TW_IT_FILE_BEGIN:
      r->file = it->file;
      if (it->failed) {
        r->sum->files_failed++;
      } else {
        r->sum->files++;
      }
      break;
    case TW_IT_FILE_END:
      r->sum->bytes += it->bytes;
      r->sum->skipped += it->skipped;
      end_file(r, it);
      break;
    case TW_IT_EVENT:
      event(r, it, it->index, it->is_error, it->skipped, it->reason,
            it->msg);
      break;
    case TW_IT_RECORD:
      process_json(r, it, b->data + it->off, it->len, 0);
      break;
    case TW_IT_LINE:
      process_csv(r, it, b->data + it->off, it->len);
      break;
    default:
      break;
    }
  }
  flush_all(r);
  tw_arena_reset(&r->arena);
}

/* ------------------------------------------------------------ threads */

typedef struct queue {
  pthread_mutex_t mu;
  pthread_cond_t cv;
  tw_block *head, *tail;
  int n;
  int done;
  trawl_status status;
  reader *r;
  const char *const *paths;
  size_t npaths;
  tw_frame_opts fo;
} queue;

static int sink_direct(void *ctx, tw_block *b) {
  reader *r = ctx;
  consume(r, b);
  tw_block_put(b);
  return r->stop;
}

static int sink_queue(void *ctx, tw_block *b) {
  queue *q = ctx;
  pthread_mutex_lock(&q->mu);
  while (q->n >= QUEUE_MAX && !q->r->stop) {
    pthread_cond_wait(&q->cv, &q->mu);
  }
  int stop = q->r->stop;
  if (!stop) {
    b->next = NULL;
    if (q->tail) {
      q->tail->next = b;
    } else {
      q->head = b;
    }
    q->tail = b;
    q->n++;
    pthread_cond_broadcast(&q->cv);
  }
  pthread_mutex_unlock(&q->mu);
  if (stop) {
    tw_block_put(b);
  }
  return stop;
}

static void *producer(void *arg) {
  queue *q = arg;
  trawl_status st = tw_frame_inputs(q->paths, q->npaths, &q->fo, sink_queue, q);
  pthread_mutex_lock(&q->mu);
  q->status = st;
  q->done = 1;
  pthread_cond_broadcast(&q->cv);
  pthread_mutex_unlock(&q->mu);
  return NULL;
}

static int ncores(void) {
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n > 0 ? (int)n : 1;
}

static trawl_status run_threaded(reader *r, const char *const *paths,
                                 size_t npaths, const tw_frame_opts *fo) {
  queue q;
  memset(&q, 0, sizeof q);
  pthread_mutex_init(&q.mu, NULL);
  pthread_cond_init(&q.cv, NULL);
  q.r = r;
  q.paths = paths;
  q.npaths = npaths;
  q.fo = *fo;
  pthread_t th;
  if (pthread_create(&th, NULL, producer, &q) != 0) {
    pthread_mutex_destroy(&q.mu);
    pthread_cond_destroy(&q.cv);
    return tw_frame_inputs(paths, npaths, fo, sink_direct, r);
  }
  for (;;) {
    pthread_mutex_lock(&q.mu);
    while (!q.head && !q.done) {
      pthread_cond_wait(&q.cv, &q.mu);
    }
    tw_block *b = q.head;
    if (b) {
      q.head = b->next;
      if (!q.head) {
        q.tail = NULL;
      }
      q.n--;
      pthread_cond_broadcast(&q.cv);
    }
    pthread_mutex_unlock(&q.mu);
    if (!b) {
      break;
    }
    if (!r->stop) {
      consume(r, b);
    }
    tw_block_put(b);
    if (r->stop) {
      pthread_mutex_lock(&q.mu);
      pthread_cond_broadcast(&q.cv);
      pthread_mutex_unlock(&q.mu);
    }
  }
  pthread_join(th, NULL);
  pthread_mutex_destroy(&q.mu);
  pthread_cond_destroy(&q.cv);
  return q.status;
}

/* ------------------------------------------------------------ tw_read */

static int setup(reader *r) {
  for (int t = 0; t < TRAWL_TABLE_COUNT; t++) {
    tabinfo *ti = &r->tab[t];
    const tw_schema *sc = tw_table_schema((trawl_table)t);
    ti->ncols = sc->ncols < MAX_COLS ? sc->ncols : MAX_COLS;
    ti->all_pre = 1;
    for (uint32_t c = 0; c < ti->ncols; c++) {
      ti->blank[c] = tw_null(sc->cols[c].type);
    }
  }
  r->batches = calloc(r->nsubs ? r->nsubs : 1, sizeof *r->batches);
  if (!r->batches) {
    return -1;
  }
  for (uint32_t s = 0; s < r->nsubs; s++) {
    const tw_subscription *sub = &r->subs[s];
    if ((unsigned)sub->table >= TRAWL_TABLE_COUNT) {
      continue;
    }
    tabinfo *ti = &r->tab[sub->table];
    if (ti->nsubs >= TW_MAX_SUBS_PER_TABLE) {
      return -2; /* checked by the caller before reading: see tw_read */
    }
    ti->subs[ti->nsubs++] = s;
    for (uint32_t c = 0; c < ti->ncols; c++) {
      if (!sub->need || sub->need[c]) {
        ti->need[c] = 1;
      }
    }
    if (sub->npre == 0) {
      ti->all_pre = 0;
    }
    for (uint32_t i = 0; i < sub->npre; i++) {
      if (sub->pre[i].col < ti->ncols) {
        tw_prefilter_op op = sub->pre[i].op;
        if (op == TW_PF_TIME_GE || op == TW_PF_TIME_GT ||
            op == TW_PF_TIME_LE || op == TW_PF_TIME_LT) {
          ti->pre_time[sub->pre[i].col] = 1;
          ti->has_pre_time = 1;
        }
        ti->pre[sub->pre[i].col] = 1;
        ti->need[sub->pre[i].col] = 1;
      }
    }
    r->batches[s] = tw_batch_new(ti->ncols, TW_BATCH_ROWS);
    if (!r->batches[s]) {
      return -1;
    }
    for (uint32_t c = 0; c < ti->ncols; c++) {
      for (uint32_t i = 0; i < TW_BATCH_ROWS; i++) {
        r->batches[s]->cols[c][i] = ti->blank[c];
      }
    }
  }
  for (int t = 0; t < TRAWL_TABLE_COUNT; t++) {
    tabinfo *ti = &r->tab[t];
    if (ti->nsubs == 0) {
      ti->all_pre = 0;
    }
    for (uint32_t c = 0; c < ti->ncols; c++) {
      if (ti->need[c]) {
        ti->cols[ti->nneed++] = c;
      }
    }
  }
  return 0;
}

trawl_status tw_read(const char *const *paths, size_t npaths,
                     const trawl_input_opts *opts,
                     const tw_subscription *subs, uint32_t nsubs,
                     tw_batch_fn cb, void *ctx, trawl_summary *sum,
                     trawl_diag *diag) {
  trawl_summary local;
  if (!sum) {
    sum = &local;
  }
  memset(sum, 0, sizeof *sum);
  if ((npaths > 0 && !paths) || (nsubs > 0 && (!subs || !cb))) {
    if (diag) {
      diag->code = TRAWL_ERR_USAGE;
      diag->off = diag->len = 0;
      snprintf(diag->message, sizeof diag->message,
               "tw_read: bad arguments");
    }
    return TRAWL_ERR_USAGE;
  }
  reader *r = calloc(1, sizeof *r);
  if (!r) {
    return TRAWL_ERR_NOMEM;
  }
  r->opts = opts;
  r->subs = subs;
  r->nsubs = nsubs;
  r->cb = cb;
  r->ctx = ctx;
  r->sum = sum;
  tw_arena_init(&r->arena, 0);
  trawl_status st = TRAWL_OK;
  int su = setup(r);
  if (su == -2) {
    st = TRAWL_ERR_LIMIT;
    if (diag) {
      diag->code = st;
      diag->off = diag->len = 0;
      snprintf(diag->message, sizeof diag->message,
               "more than %d scans of one table in one read",
               TW_MAX_SUBS_PER_TABLE);
    }
  } else if (su < 0) {
    st = TRAWL_ERR_NOMEM;
  } else {
    tw_frame_opts fo;
    memset(&fo, 0, sizeof fo);
    fo.max_inflate = opts ? opts->max_inflate : 0;
    fo.stop = &r->stop;
    int threads = opts && opts->threads > 0 ? opts->threads : ncores();
    if (threads > 1) {
      st = run_threaded(r, paths, npaths, &fo);
    } else {
      st = tw_frame_inputs(paths, npaths, &fo, sink_direct, r);
    }
    if (r->nomem) {
      st = TRAWL_ERR_NOMEM;
    }
  }
  if (st != TRAWL_OK && diag) {
    diag->code = st;
    diag->off = diag->len = 0;
    snprintf(diag->message, sizeof diag->message,
             "reading stopped: out of memory");
  }
  tw_csv_free(r->csv);
  free(r->csv_file);
  for (uint32_t s = 0; r->batches && s < nsubs; s++) {
    tw_batch_free(r->batches[s]);
  }
  free(r->batches);
  tw_arena_free(&r->arena);
  free(r);
  tw_block_pool_free();
  return st;
}

/* ------------------------------------------------------------ trawl_read */

typedef struct row_ctx {
  trawl_table_row_fn cb;
  void *ctx;
  trawl_table tables[TRAWL_TABLE_COUNT];
} row_ctx;

static int rows_of_batch(void *ctx, uint32_t sub, const tw_batch *b) {
  row_ctx *rc = ctx;
  tw_value row[MAX_COLS];
  for (uint32_t i = 0; i < b->nrows; i++) {
    for (uint32_t c = 0; c < b->ncols; c++) {
      row[c] = b->cols[c][i];
    }
    if (rc->cb(rc->ctx, rc->tables[sub], row, b->ncols) != 0) {
      return 1;
    }
  }
  return 0;
}

trawl_status trawl_read(const char *const *paths, size_t npaths,
                        unsigned tables, const trawl_input_opts *opts,
                        trawl_table_row_fn cb, void *ctx,
                        trawl_summary *sum, trawl_diag *diag) {
  tw_subscription subs[TRAWL_TABLE_COUNT];
  row_ctx rc;
  uint32_t n = 0;
  rc.cb = cb;
  rc.ctx = ctx;
  if (tables == 0) {
    tables = (1u << TRAWL_TABLE_COUNT) - 1;
  }
  for (int t = 0; t < TRAWL_TABLE_COUNT; t++) {
    if (tables & (1u << t)) {
      memset(&subs[n], 0, sizeof subs[n]);
      subs[n].table = (trawl_table)t;
      rc.tables[n] = (trawl_table)t;
      n++;
    }
  }
  if (!cb) {
    n = 0;
  }
  return tw_read(paths, npaths, opts, subs, n, rows_of_batch, &rc, sum, diag);
}
