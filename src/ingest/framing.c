/*
 * ingest/framing.c - the framing side of the reader: walks the inputs,
 * pulls decompressed bytes from each stream and splits them into records
 * without ever holding more than one record plus a block of bytes.
 *
 * Shapes recognised at the top of a stream (any number, one after the
 * other, so JSON lines and concatenated documents work the same way):
 *   {"Records":[ ... ]} / {"records":[ ... ]}  elements streamed one by one
 *   [ ... ]                                     elements streamed
 *   { ... }                                     one record (envelopes such
 *                                               as EventBridge are opened
 *                                               by the mapping side)
 * and CSV text (Sentinel exports), split into records at line ends
 * outside quotes. Broken input is reported once and skipped: to the next
 * line at the top level, to the next "},{" inside an array.
 */
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/limits.h"
#include "ingest/jsonscan.h"
#include "ingest/reader_int.h"
#include "ingest/stream.h"

enum {
  BLOCK_SIZE = 4 << 20,  /* normal block */
  READ_MIN = 512 << 10,  /* hand a block off when less room than this */
  WALK_MAX_DEPTH = 64,
  POOL_MAX = 8
};

/* ------------------------------------------------------------ block pool */

static pthread_mutex_t pool_mu = PTHREAD_MUTEX_INITIALIZER;
static tw_block *pool;
static int pool_n;

tw_block *tw_block_get(size_t min_cap) {
  tw_block *b = NULL;
  pthread_mutex_lock(&pool_mu);
  if (pool && pool->cap >= min_cap) {
    b = pool;
    pool = b->next;
    pool_n--;
  }
  pthread_mutex_unlock(&pool_mu);
  if (b) {
    b->next = NULL;
    return b;
  }
  b = calloc(1, sizeof *b);
  if (!b) {
    return NULL;
  }
  b->cap = min_cap < BLOCK_SIZE ? BLOCK_SIZE : min_cap;
  b->data = malloc(b->cap + 1);
  if (!b->data) {
    free(b);
    return NULL;
  }
  tw_arena_init(&b->arena, 0);
  return b;
}

void tw_block_put(tw_block *b) {
  if (!b) {
    return;
  }
  b->len = 0;
  b->nitems = 0;
  tw_arena_reset(&b->arena);
  pthread_mutex_lock(&pool_mu);
  if (pool_n < POOL_MAX && b->cap == BLOCK_SIZE) {
    b->next = pool;
    pool = b;
    pool_n++;
    b = NULL;
  }
  pthread_mutex_unlock(&pool_mu);
  if (b) {
    free(b->data);
    free(b->items);
    tw_arena_free(&b->arena);
    free(b);
  }
}

void tw_block_pool_free(void) {
  pthread_mutex_lock(&pool_mu);
  tw_block *b = pool;
  pool = NULL;
  pool_n = 0;
  pthread_mutex_unlock(&pool_mu);
  while (b) {
    tw_block *n = b->next;
    free(b->data);
    free(b->items);
    tw_arena_free(&b->arena);
    free(b);
    b = n;
  }
}

tw_item *tw_block_item(tw_block *b) {
  if (b->nitems == b->items_cap) {
    size_t n = b->items_cap ? b->items_cap * 2 : 1024;
    tw_item *it = realloc(b->items, n * sizeof *it);
    if (!it) {
      return NULL;
    }
    b->items = it;
    b->items_cap = n;
  }
  tw_item *it = &b->items[b->nitems++];
  memset(it, 0, sizeof *it);
  return it;
}

/* ------------------------------------------------------------ framer */

typedef enum {
  S_START,
  S_TOP,
  S_ARR_FIRST,
  S_ARR_NEXT,
  S_ARR_ELEM,
  S_WRAP_REST,
  S_RESYNC_LINE,
  S_RESYNC_ELEM,
  S_CSV,
  S_SKIP_FILE,
  S_DONE
} fstate;

/* Invalid records named one by one per file; the rest in one message. */
enum { BAD_PER_FILE = 10 };

typedef struct framer {
  const tw_frame_opts *o;
  tw_block_sink sink;
  void *ctx;
  tw_block *b;
  const char *bfile;   /* the current file's name in b's arena */
  const char *path;    /* the current file as given */
  size_t pos;          /* parse position in b->data */
  size_t keep;         /* first byte still needed */
  int64_t base;        /* stream offset = base + position */
  size_t counted;      /* newlines counted up to here */
  uint64_t line;       /* line number at `counted` */
  uint64_t index;      /* records seen in this file */
  uint64_t bytes;      /* decompressed bytes of this file */
  uint64_t lost;       /* skips not reported by their own event */
  int quiet;           /* after a bad record, until a good one */
  uint32_t nbad;       /* invalid records reported in this file */
  uint64_t bad_hidden; /* invalid records past the per-file cap */
  fstate st;
  int wrapper;         /* the current array is inside {"Records": ...} */
  int eof;
  int stream_err;
  int format;
  int failed;          /* out of memory or stopped */
  int nomem;
  tw_stream *s;
  /* (dev, inode) of every regular file framed so far, an open-addressing
   * set, so a file reached twice (a symlink to a file or directory, a
   * hard link) is read once. */
  struct file_id *seen;
  size_t nseen, seen_cap;
} framer;

static int emit_block(framer *f) {
  tw_block *b = f->b;
  f->b = NULL;
  f->bfile = NULL;
  if (f->sink(f->ctx, b) != 0) {
    f->failed = 1;
    return -1;
  }
  return 0;
}

static const char *cur_file(framer *f) {
  if (!f->bfile) {
    f->bfile = tw_arena_strndup(&f->b->arena, f->path, strlen(f->path));
    if (!f->bfile) {
      f->bfile = "?";
    }
  }
  return f->bfile;
}

static uint64_t line_at(framer *f, size_t pos) {
  if (pos > f->b->len) {
    pos = f->b->len;
  }
  if (pos > f->counted) {
    const char *p = f->b->data + f->counted, *e = f->b->data + pos;
    while ((p = memchr(p, '\n', (size_t)(e - p))) != NULL) {
      f->line++;
      p++;
    }
    f->counted = pos;
  }
  return f->line;
}

static tw_item *new_item(framer *f, tw_item_kind k) {
  tw_item *it = tw_block_item(f->b);
  if (!it) {
    f->failed = f->nomem = 1;
    return NULL;
  }
  it->kind = (uint8_t)k;
  it->file = cur_file(f);
  return it;
}

static void emit_event(framer *f, size_t pos, uint64_t index, int is_error,
                       uint32_t skipped, const char *reason,
                       const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));

static void emit_event(framer *f, size_t pos, uint64_t index, int is_error,
                       uint32_t skipped, const char *reason,
                       const char *fmt, ...) {
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  uint64_t line = line_at(f, pos);
  tw_item *it = new_item(f, TW_IT_EVENT);
  if (!it) {
    return;
  }
  it->soff = (uint64_t)(f->base + (int64_t)pos);
  it->line = line;
  it->index = index;
  it->is_error = (uint8_t)is_error;
  it->skipped = skipped;
  it->reason = reason;
  it->msg = tw_arena_strndup(&f->b->arena, msg, strlen(msg));
  if (!it->msg) {
    it->msg = reason;
  }
}

/* An event about a path as a whole (no offset, line or record). */
static void emit_path_event(framer *f, const char *path, const char *reason,
                            const char *msg) {
  int is_error = strcmp(reason, "symlink loop") != 0 &&
                 strcmp(reason, "same file") != 0;
  f->path = path;
  f->bfile = NULL;
  tw_item *it = new_item(f, TW_IT_EVENT);
  if (!it) {
    return;
  }
  it->is_error = (uint8_t)is_error;
  it->reason = reason;
  it->msg = tw_arena_strndup(&f->b->arena, msg, strlen(msg));
  if (!it->msg) {
    it->msg = reason;
  }
  f->bfile = NULL;
}

static void emit_span(framer *f, tw_item_kind k, size_t start, size_t end) {
  uint64_t line = line_at(f, start);
  tw_item *it = new_item(f, k);
  if (!it) {
    return;
  }
  f->quiet = 0;
  it->off = start;
  it->len = end - start;
  it->soff = (uint64_t)(f->base + (int64_t)start);
  it->line = line;
  it->index = f->index;
}

/* Move the unconsumed tail into a fresh block and hand the old one off
 * when it holds items; grow when one record needs more room. */
static int make_room(framer *f) {
  tw_block *b = f->b;
  size_t tail = b->len - f->keep;
  if (b->cap - b->len >= READ_MIN) {
    return 0;
  }
  size_t need = tail * 2 + READ_MIN;
  if (need < BLOCK_SIZE) {
    need = BLOCK_SIZE;
  }
  line_at(f, f->keep);
  tw_block *nb = tw_block_get(need);
  if (!nb) {
    f->failed = f->nomem = 1;
    return -1;
  }
  memcpy(nb->data, b->data + f->keep, tail);
  nb->len = tail;
  f->base += (int64_t)f->keep;
  f->pos -= f->keep;
  f->counted -= f->keep;
  f->keep = 0;
  f->b = nb;
  f->bfile = NULL;
  if (b->nitems == 0) {
    tw_block_put(b);
  } else if (f->sink(f->ctx, b) != 0) {
    f->failed = 1;
    return -1;
  }
  return 0;
}

static int read_more(framer *f) {
  size_t max_record =
      f->o->max_record ? f->o->max_record : TW_MAX_RECORD_BYTES;
  if (f->b->len - f->keep > max_record) {
    f->index++;
    if (max_record >= ((size_t)1 << 20)) {
      emit_event(f, f->keep, f->index, 1, 1, "record too large",
                 "a record is larger than the limit of %zu MiB; skipped",
                 max_record >> 20);
    } else {
      emit_event(f, f->keep, f->index, 1, 1, "record too large",
                 "a record is larger than the limit of %zu bytes; skipped",
                 max_record);
    }
    line_at(f, f->b->len);
    f->st = f->st == S_TOP || f->st == S_WRAP_REST ? S_RESYNC_LINE
                                                   : S_RESYNC_ELEM;
    f->keep = f->pos = f->b->len;
  }
  if (make_room(f) < 0) {
    return -1;
  }
  tw_block *b = f->b;
  long n = tw_stream_read(f->s, b->data + b->len, b->cap - b->len);
  if (n < 0) {
    const char *e = tw_stream_error(f->s);
    f->stream_err = 1;
    f->eof = 1;
    emit_event(f, b->len, 0, 1, 0, "gzip", "%s", e ? e : "read error");
    return 0;
  }
  if (n == 0) {
    f->eof = 1;
    return 0;
  }
  b->len += (size_t)n;
  f->bytes += (uint64_t)n;
  b->data[b->len] = '\0';
  return 0;
}

/* -------------------------------------------------------------- steps */

enum { NEED_MORE = 1, STEP_OK = 0 };

static int is_csv_header(const char *p, const char *e) {
  const char *nl = memchr(p, '\n', (size_t)(e - p));
  if (nl) {
    e = nl;
  }
  if (memchr(p, '{', (size_t)(e - p))) {
    return 0;
  }
  return memchr(p, ',', (size_t)(e - p)) != NULL;
}

static int step_start(framer *f) {
  tw_block *b = f->b;
  size_t have = b->len - f->pos;
  const unsigned char *u = (const unsigned char *)b->data + f->pos;
  if (have < 4 && !f->eof) {
    return NEED_MORE;
  }
  if (have >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
    f->pos += 3;
    f->keep = f->pos;
    have -= 3;
    u += 3;
  } else if (have >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) ||
                           (u[0] == 0xFE && u[1] == 0xFF))) {
    emit_event(f, f->pos, 0, 1, 1, "UTF-16",
               "UTF-16 text is not supported (convert the file to UTF-8); "
               "file skipped");
    f->st = S_SKIP_FILE;
    return STEP_OK;
  }
  const char *p = tw_json_ws(b->data + f->pos, b->data + b->len);
  if (p == b->data + b->len) {
    if (!f->eof) {
      return NEED_MORE;
    }
    emit_event(f, f->pos, 0, 0, 0, "empty file",
               "empty file (no records)");
    f->st = S_DONE;
    return STEP_OK;
  }
  if (*p == '{' || *p == '[') {
    f->format = TW_FMT_JSON;
    f->st = S_TOP;
    return STEP_OK;
  }
  /* Not JSON: a CSV export if the first line looks like a header. */
  const char *e = b->data + b->len;
  if (!memchr(p, '\n', (size_t)(e - p)) && !f->eof &&
      (size_t)(e - p) < (64u << 10)) {
    return NEED_MORE;
  }
  if (is_csv_header(p, e)) {
    f->format = TW_FMT_CSV;
    f->st = S_CSV;
    return STEP_OK;
  }
  f->format = TW_FMT_JSON;
  f->st = S_TOP;
  return STEP_OK;
}

static const char *why_text(int why) {
  return why == TW_JS_DEEP ? "nesting deeper than the limit" : "invalid JSON";
}

static void bad_json(framer *f, int why, const char *errp, size_t start,
                     int in_array) {
  size_t epos = (size_t)(errp - f->b->data);
  if (epos < start) {
    epos = start;
  }
  if (why == TW_JS_DEEP) {
    /* Well-formed but too deep: report it, step over it whole when its
     * end is in the buffer, and carry on with the next record. */
    const char *d = f->b->data;
    const char *q = tw_json_skip_struct(d + start, d + f->b->len);
    if (q) {
      if (f->nbad >= BAD_PER_FILE) {
        f->bad_hidden++;
      } else {
        f->nbad++;
        emit_event(f, epos, f->index, 1, 1, "too deep",
                   "record %llu nests deeper than %d levels; skipped",
                   (unsigned long long)f->index, TW_MAX_JSON_DEPTH);
      }
      f->pos = f->keep = (size_t)(q - d);
      f->st = in_array ? S_ARR_NEXT : S_TOP;
      return;
    }
  }
  /* Every invalid record is named, up to a cap per file; the rest are
   * counted in one message at the end of the file. */
  if (f->nbad >= BAD_PER_FILE) {
    f->bad_hidden++;
  } else if (++f->nbad, why == TW_JS_DEEP) {
    emit_event(f, epos, f->index, 1, 1, "too deep",
               "record %llu nests deeper than %d levels; skipped",
               (unsigned long long)f->index, TW_MAX_JSON_DEPTH);
  } else {
    unsigned char c = epos < f->b->len ? (unsigned char)f->b->data[epos] : 0;
    char cs[16];
    const char *hint = "";
    if (c >= 0x20 && c < 0x7f) {
      snprintf(cs, sizeof cs, "'%c'", c);
    } else {
      snprintf(cs, sizeof cs, "byte 0x%02x", c);
      if (c < 0x20) {
        hint = c == 0 ? ", a NUL byte" : ", a raw control character or "
                                         "line break inside a string";
      }
    }
    emit_event(f, epos, f->index, 1, 1, "invalid JSON",
               "invalid JSON (unexpected %s%s) in record %llu; skipped to "
               "the next %s",
               cs, hint, (unsigned long long)f->index,
               in_array ? "record" : "line");
  }
  (void)why_text;
  f->quiet = 1;
  if (!in_array) {
    epos = start; /* resync at the line after the record's start */
  }
  f->pos = epos < f->b->len ? epos + 1 : epos;
  f->keep = f->pos;
  f->st = in_array ? S_RESYNC_ELEM : S_RESYNC_LINE;
}

/* Is the object at p a {"Records":[ / {"records":[ wrapper? 1 yes, 0 no,
 * -1 need more bytes. On yes *after is the byte after '['. */
static int wrapper_at(const char *p, const char *e, const char **after) {
  const char *q = tw_json_ws(p + 1, e);
  if (q >= e) {
    return -1;
  }
  if (*q != '"') {
    return 0;
  }
  static const char k1[] = "\"Records\"", k2[] = "\"records\"";
  size_t kl = sizeof k1 - 1;
  if ((size_t)(e - q) < kl) {
    return memcmp(q, k1, (size_t)(e - q)) == 0 ||
                   memcmp(q, k2, (size_t)(e - q)) == 0
               ? -1
               : 0;
  }
  if (memcmp(q, k1, kl) != 0 && memcmp(q, k2, kl) != 0) {
    return 0;
  }
  q = tw_json_ws(q + kl, e);
  if (q >= e) {
    return -1;
  }
  if (*q != ':') {
    return 0;
  }
  q = tw_json_ws(q + 1, e);
  if (q >= e) {
    return -1;
  }
  if (*q != '[') {
    return 0;
  }
  *after = q + 1;
  return 1;
}

static int step_top(framer *f) {
  tw_block *b = f->b;
  const char *d = b->data, *e = d + b->len;
  const char *p = tw_json_ws(d + f->pos, e);
  f->pos = f->keep = (size_t)(p - d);
  if (p >= e) {
    return NEED_MORE;
  }
  if (*p == '{') {
    const char *after;
    int w = wrapper_at(p, e, &after);
    if (w < 0 && !f->eof) {
      return NEED_MORE;
    }
    if (w == 1) {
      f->wrapper = 1;
      f->st = S_ARR_FIRST;
      f->pos = f->keep = (size_t)(after - d);
      return STEP_OK;
    }
  } else if (*p == '[') {
    f->wrapper = 0;
    f->st = S_ARR_FIRST;
    f->pos = f->keep = (size_t)(p + 1 - d);
    return STEP_OK;
  } else if (f->quiet) {
    /* still in the debris of a broken record: drop the line silently */
    f->lost++;
    f->st = S_RESYNC_LINE;
    return STEP_OK;
  }
  int why;
  const char *errp;
  const char *q = tw_json_skip_ex(p, e, TW_MAX_JSON_DEPTH, &why, &errp);
  if (!q && why == TW_JS_TRUNC) {
    return NEED_MORE;
  }
  f->index++;
  if (!q) {
    bad_json(f, why, errp, f->pos, 0);
    return STEP_OK;
  }
  size_t start = f->pos;
  if (*p == '{') {
    emit_span(f, TW_IT_RECORD, start, (size_t)(q - d));
  } else {
    emit_event(f, start, f->index, 1, 1, "not an object",
               "record %llu is not a JSON object; skipped",
               (unsigned long long)f->index);
    f->quiet = 1;
  }
  f->pos = f->keep = (size_t)(q - d);
  return STEP_OK;
}

static int step_array(framer *f) {
  tw_block *b = f->b;
  const char *d = b->data, *e = d + b->len;
  const char *p = tw_json_ws(d + f->pos, e);
  f->pos = f->keep = (size_t)(p - d);
  if (p >= e) {
    return NEED_MORE;
  }
  if (f->st != S_ARR_ELEM) {
    if (*p == ']' ) {
      f->pos = f->keep = (size_t)(p + 1 - d);
      f->st = f->wrapper ? S_WRAP_REST : S_TOP;
      return STEP_OK;
    }
    if (f->st == S_ARR_NEXT) {
      if (*p != ',') {
        f->index++;
        bad_json(f, TW_JS_BAD, p, f->pos, 1);
        return STEP_OK;
      }
      f->pos = f->keep = (size_t)(p + 1 - d);
      f->st = S_ARR_ELEM;
      return STEP_OK;
    }
  }
  int why;
  const char *errp;
  const char *q = tw_json_skip_ex(p, e, TW_MAX_JSON_DEPTH, &why, &errp);
  if (!q && why == TW_JS_TRUNC) {
    return NEED_MORE;
  }
  f->index++;
  if (!q) {
    bad_json(f, why, errp, f->pos, 1);
    return STEP_OK;
  }
  if (*p == '{') {
    emit_span(f, TW_IT_RECORD, f->pos, (size_t)(q - d));
  } else {
    emit_event(f, f->pos, f->index, 1, 1, "not an object",
               "record %llu is not a JSON object; skipped",
               (unsigned long long)f->index);
  }
  f->pos = f->keep = (size_t)(q - d);
  f->st = S_ARR_NEXT;
  return STEP_OK;
}

/* After the Records array: more members of the wrapper, then '}'. */
static int step_wrap_rest(framer *f) {
  tw_block *b = f->b;
  const char *d = b->data, *e = d + b->len;
  const char *p = tw_json_ws(d + f->pos, e);
  f->pos = f->keep = (size_t)(p - d);
  if (p >= e) {
    return NEED_MORE;
  }
  if (*p == '}') {
    f->pos = f->keep = (size_t)(p + 1 - d);
    f->st = S_TOP;
    return STEP_OK;
  }
  if (*p == ',') {
    /* Skip `"key": value` by skipping an object made of it. */
    const char *q = tw_json_ws(p + 1, e);
    if (q < e && *q == '"') {
      int why;
      const char *errp;
      const char *k = tw_json_skip_ex(q, e, 1, &why, &errp);
      if (k) {
        k = tw_json_ws(k, e);
        if (k < e && *k == ':') {
          const char *v =
              tw_json_skip_ex(k + 1, e, TW_MAX_JSON_DEPTH, &why, &errp);
          if (v) {
            f->pos = f->keep = (size_t)(v - d);
            return STEP_OK;
          }
          if (why == TW_JS_TRUNC) {
            return NEED_MORE;
          }
        } else if (k >= e) {
          return NEED_MORE;
        }
      } else if (why == TW_JS_TRUNC) {
        return NEED_MORE;
      }
    } else if (q >= e) {
      return NEED_MORE;
    }
  }
  emit_event(f, f->pos, 0, 1, 0, "invalid JSON",
             "invalid JSON after the Records array; skipped to the next line");
  f->st = S_RESYNC_LINE;
  return STEP_OK;
}

static int step_resync_line(framer *f) {
  tw_block *b = f->b;
  const char *d = b->data;
  const char *nl = memchr(d + f->pos, '\n', b->len - f->pos);
  if (!nl) {
    f->pos = f->keep = b->len;
    return NEED_MORE;
  }
  f->pos = f->keep = (size_t)(nl + 1 - d);
  f->st = S_TOP;
  return STEP_OK;
}

/* Look for '}' ws* ',' ws* '{' and restart at that '{'. */
static int step_resync_elem(framer *f) {
  tw_block *b = f->b;
  const char *d = b->data, *e = d + b->len;
  const char *p = d + f->pos;
  for (;;) {
    const char *c = memchr(p, '}', (size_t)(e - p));
    if (!c) {
      f->pos = f->keep = b->len;
      return NEED_MORE;
    }
    const char *q = tw_json_ws(c + 1, e);
    if (q < e && *q == ',') {
      q = tw_json_ws(q + 1, e);
    } else if (q < e && *q == ']') {
      /* the array ends: carry on after it */
      f->pos = f->keep = (size_t)(q + 1 - d);
      f->st = f->wrapper ? S_WRAP_REST : S_TOP;
      return STEP_OK;
    } else if (q < e) {
      p = c + 1;
      continue;
    }
    if (q >= e) {
      f->pos = f->keep = (size_t)(c - d);
      return NEED_MORE;
    }
    if (*q == '{') {
      f->pos = f->keep = (size_t)(q - d);
      f->st = S_ARR_ELEM;
      return STEP_OK;
    }
    p = c + 1;
  }
}

static int step_csv(framer *f) {
  tw_block *b = f->b;
  const char *d = b->data, *e = d + b->len;
  const char *p = d + f->pos;
  int inq = 0;
  const char *q = p;
  while (q < e) {
    char c = *q;
    if (c == '"') {
      inq = !inq;
    } else if (c == '\n' && !inq) {
      break;
    }
    q++;
  }
  if (q >= e && !f->eof) {
    return NEED_MORE;
  }
  const char *end = q;
  if (end > p && end[-1] == '\r') {
    end--;
  }
  if (end > p || q < e) {
    f->index++;
    emit_span(f, TW_IT_LINE, (size_t)(p - d), (size_t)(end - d));
  }
  f->pos = f->keep = q < e ? (size_t)(q + 1 - d) : b->len;
  if (q >= e) {
    f->st = S_DONE;
  }
  return STEP_OK;
}

static void at_eof(framer *f) {
  tw_block *b = f->b;
  int partial = f->keep < b->len &&
                tw_json_ws(b->data + f->keep, b->data + b->len) <
                    b->data + b->len;
  switch (f->st) {
  case S_TOP:
    if (partial) {
      if (f->stream_err) {
        f->lost++;
      } else if (f->index > 0 && line_at(f, f->keep) > 1) {
        /* A note (the record will be whole on the next read), so not
         * counted as skipped: exit bits stay clean. */
        emit_event(f, f->keep, f->index + 1, 0, 0, "partial last line",
                   "the last line holds an incomplete record (the file may "
                   "still be being written); skipped");
      } else {
        emit_event(f, f->keep, f->index + 1, 1, 1, "truncated",
                   "the input ends inside record %llu (truncated); skipped",
                   (unsigned long long)f->index + 1);
      }
    }
    break;
  case S_ARR_FIRST:
  case S_ARR_NEXT:
  case S_ARR_ELEM:
    if (f->stream_err) {
      f->lost += partial ? 1 : 0;
    } else {
      emit_event(f, f->keep, partial ? f->index + 1 : 0, 1,
                 partial ? 1 : 0, "truncated",
                 "the input ends inside the records array (truncated "
                 "file)%s",
                 partial ? "; the last, incomplete record is skipped" : "");
    }
    break;
  case S_WRAP_REST:
    if (!f->stream_err) {
      emit_event(f, f->keep, 0, 1, 0, "truncated",
                 "the input ends before the closing '}' (truncated file)");
    }
    break;
  default:
    break;
  }
}

static void frame_file(framer *f, const char *path) {
  char err[256];
  f->path = path;
  f->bfile = NULL;
  if (f->b == NULL) {
    f->b = tw_block_get(BLOCK_SIZE);
    if (!f->b) {
      f->failed = f->nomem = 1;
      return;
    }
  }
  f->pos = f->keep = f->counted = f->b->len;
  f->base = -(int64_t)f->b->len;
  f->line = 1;
  f->index = 0;
  f->bytes = 0;
  f->lost = 0;
  f->quiet = 0;
  f->nbad = 0;
  f->bad_hidden = 0;
  f->st = S_START;
  f->eof = 0;
  f->stream_err = 0;
  f->format = TW_FMT_UNKNOWN;
  f->s = tw_stream_open(path, f->o->max_inflate, err, sizeof err);
  tw_item *it = new_item(f, TW_IT_FILE_BEGIN);
  if (!it) {
    return;
  }
  if (!f->s) {
    it->failed = 1;
    f->st = S_DONE;
    emit_path_event(f, path, "unreadable", err);
    return;
  }
  while (!f->failed && !(f->o->stop && *f->o->stop)) {
    int r;
    switch (f->st) {
    case S_START:
      r = step_start(f);
      break;
    case S_TOP:
      r = step_top(f);
      break;
    case S_ARR_FIRST:
    case S_ARR_NEXT:
    case S_ARR_ELEM:
      r = step_array(f);
      break;
    case S_WRAP_REST:
      r = step_wrap_rest(f);
      break;
    case S_RESYNC_LINE:
      r = step_resync_line(f);
      break;
    case S_RESYNC_ELEM:
      r = step_resync_elem(f);
      break;
    case S_CSV:
      r = step_csv(f);
      break;
    default:
      r = STEP_OK;
      break;
    }
    if (f->st == S_DONE || f->st == S_SKIP_FILE) {
      break;
    }
    if (r == NEED_MORE) {
      if (f->eof) {
        at_eof(f);
        break;
      }
      if (read_more(f) < 0) {
        break;
      }
    }
  }
  if (!f->failed) {
    /* Drain the stream when stopped early in S_DONE (nothing to do). */
    f->keep = f->pos = f->b->len;
    if (f->bad_hidden > 0) {
      emit_event(f, f->pos, 0, 1,
                 f->bad_hidden > UINT32_MAX ? UINT32_MAX
                                            : (uint32_t)f->bad_hidden,
                 "invalid JSON",
                 "%llu more invalid records in this file (after the first "
                 "%d named above); skipped",
                 (unsigned long long)f->bad_hidden, BAD_PER_FILE);
    }
    tw_item *end = new_item(f, TW_IT_FILE_END);
    if (end) {
      end->bytes = f->bytes;
      end->format = (uint8_t)f->format;
      end->skipped = (uint32_t)f->lost;
      end->index = f->index;
    }
  }
  tw_stream_close(f->s);
  f->s = NULL;
}

/* ------------------------------------------------------------ walking */

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

typedef struct file_id {
  dev_t dev;
  ino_t ino;
  int used;
} file_id;

/* Remember (dev, ino); 1 if it was new, 0 if seen before (or no memory:
 * then the file is read, as without the set). */
static int seen_add(framer *f, dev_t dev, ino_t ino) {
  if (2 * (f->nseen + 1) > f->seen_cap) {
    size_t ncap = f->seen_cap ? f->seen_cap * 2 : 256;
    file_id *ns = calloc(ncap, sizeof *ns);
    if (!ns) {
      return 1;
    }
    for (size_t i = 0; i < f->seen_cap; i++) {
      if (f->seen[i].used) {
        size_t h = ((size_t)f->seen[i].ino * 0x9E3779B97F4A7C15ULL ^
                    (size_t)f->seen[i].dev) & (ncap - 1);
        while (ns[h].used) {
          h = (h + 1) & (ncap - 1);
        }
        ns[h] = f->seen[i];
      }
    }
    free(f->seen);
    f->seen = ns;
    f->seen_cap = ncap;
  }
  size_t h = ((size_t)ino * 0x9E3779B97F4A7C15ULL ^ (size_t)dev) &
             (f->seen_cap - 1);
  while (f->seen[h].used) {
    if (f->seen[h].dev == dev && f->seen[h].ino == ino) {
      return 0;
    }
    h = (h + 1) & (f->seen_cap - 1);
  }
  f->seen[h].dev = dev;
  f->seen[h].ino = ino;
  f->seen[h].used = 1;
  f->nseen++;
  return 1;
}

/* Frame every file under dir, sorted by name. Returns files found. */
/* The directories being walked (dev, inode), to skip symlink loops. */
typedef struct walk_stack {
  dev_t dev[WALK_MAX_DEPTH + 1];
  ino_t ino[WALK_MAX_DEPTH + 1];
} walk_stack;

static uint64_t walk_dir(framer *f, const char *dir, int depth,
                         walk_stack *ws) {
  struct stat dst;
  if (depth > WALK_MAX_DEPTH) {
    emit_path_event(f, dir, "unreadable",
                    "directories nest too deeply; not read");
    return 0;
  }
  if (stat(dir, &dst) == 0) {
    for (int i = 0; i < depth; i++) {
      if (ws->dev[i] == dst.st_dev && ws->ino[i] == dst.st_ino) {
        emit_path_event(f, dir, "symlink loop",
                        "a symbolic link loops back to a parent directory; "
                        "not read again");
        return 0;
      }
    }
    ws->dev[depth] = dst.st_dev;
    ws->ino[depth] = dst.st_ino;
  }
  DIR *dh = opendir(dir);
  if (!dh) {
    char msg[300];
    snprintf(msg, sizeof msg, "cannot read directory: %s", strerror(errno));
    emit_path_event(f, dir, "unreadable", msg);
    return 0;
  }
  char **names = NULL;
  size_t n = 0, cap = 0;
  struct dirent *de;
  while ((de = readdir(dh)) != NULL) {
    if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0) {
      continue;
    }
    if (n == cap) {
      cap = cap ? cap * 2 : 64;
      char **nn = realloc(names, cap * sizeof *nn);
      if (!nn) {
        break;
      }
      names = nn;
    }
    size_t dl = strlen(dir), el = strlen(de->d_name);
    char *full = malloc(dl + el + 2);
    if (!full) {
      break;
    }
    memcpy(full, dir, dl);
    size_t o = dl;
    if (dl == 0 || dir[dl - 1] != '/') {
      full[o++] = '/';
    }
    memcpy(full + o, de->d_name, el + 1);
    names[n++] = full;
  }
  closedir(dh);
  if (n > 0) {
    qsort(names, n, sizeof *names, cmp_str);
  }
  uint64_t found = 0;
  for (size_t i = 0; i < n; i++) {
    struct stat st;
    if (!f->failed && !(f->o->stop && *f->o->stop)) {
      int ok = stat(names[i], &st) == 0;
      if (ok && S_ISDIR(st.st_mode)) {
        found += walk_dir(f, names[i], depth + 1, ws);
      } else if (ok && !S_ISREG(st.st_mode)) {
        /* A FIFO would block the walk, a device would never end: only a
         * path named on the command line is read like stdin. */
        if (f->b == NULL) {
          f->b = tw_block_get(BLOCK_SIZE);
        }
        if (!f->b) {
          f->failed = f->nomem = 1;
        } else {
          emit_path_event(f, names[i], "not a regular file",
                          S_ISFIFO(st.st_mode)
                              ? "a named pipe (FIFO) found in a directory; "
                                "skipped (name it on the command line to "
                                "read it)"
                              : "not a regular file (device or socket) "
                                "found in a directory; skipped");
        }
      } else if (ok && !seen_add(f, st.st_dev, st.st_ino)) {
        if (f->b == NULL) {
          f->b = tw_block_get(BLOCK_SIZE);
        }
        if (!f->b) {
          f->failed = f->nomem = 1;
        } else {
          emit_path_event(f, names[i], "same file",
                          "the same file as one read before (a link); not "
                          "read again");
        }
      } else {
        if (f->b == NULL) {
          f->b = tw_block_get(BLOCK_SIZE);
        }
        if (!f->b) {
          f->failed = f->nomem = 1;
        } else {
          frame_file(f, names[i]);
          found++;
        }
      }
    }
    free(names[i]);
  }
  free(names);
  return found;
}

trawl_status tw_frame_inputs(const char *const *paths, size_t npaths,
                             const tw_frame_opts *o, tw_block_sink sink,
                             void *ctx) {
  framer f;
  memset(&f, 0, sizeof f);
  f.o = o;
  f.sink = sink;
  f.ctx = ctx;
  f.b = tw_block_get(BLOCK_SIZE);
  if (!f.b) {
    return TRAWL_ERR_NOMEM;
  }
  for (size_t i = 0; i < npaths && !f.failed; i++) {
    if (o->stop && *o->stop) {
      break;
    }
    struct stat st;
    if (strcmp(paths[i], "-") != 0 && stat(paths[i], &st) == 0 &&
        S_ISDIR(st.st_mode)) {
      walk_stack ws;
      uint64_t n = walk_dir(&f, paths[i], 0, &ws);
      if (n == 0 && f.b) {
        emit_path_event(&f, paths[i], "no files",
                        "the directory holds no files to read");
      }
    } else {
      if (strcmp(paths[i], "-") != 0 && stat(paths[i], &st) == 0 &&
          S_ISREG(st.st_mode) && !seen_add(&f, st.st_dev, st.st_ino)) {
        if (f.b == NULL) {
          f.b = tw_block_get(BLOCK_SIZE);
        }
        if (!f.b) {
          f.failed = f.nomem = 1;
          break;
        }
        emit_path_event(&f, paths[i], "same file",
                        "the same file as one read before; not read again");
        continue;
      }
      frame_file(&f, paths[i]);
    }
  }
  free(f.seen);
  int nomem = f.nomem;
  if (f.b) {
    if (f.b->nitems > 0 && !f.failed) {
      emit_block(&f);
    } else if (f.b) {
      tw_block_put(f.b);
      f.b = NULL;
    }
  }
  return nomem ? TRAWL_ERR_NOMEM : TRAWL_OK;
}
