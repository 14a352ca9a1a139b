/*
 * ingest/stream.c - files and stdin as decompressed byte streams (see
 * stream.h): plain reads, or gzip inflated with ISA-L member by member
 * with a cap on each member's inflated size.
 */
#include "ingest/stream.h"

#include <errno.h>
#include <fcntl.h>
#include <isa-l/igzip_lib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/limits.h"

enum { RAW_BUF = 1 << 20 };

struct tw_stream {
  int fd;
  int own_fd;
  int gzip;
  int eof_raw;      /* read() returned 0 */
  int done;         /* no more output */
  int in_member;    /* inside a gzip member (header seen) */
  int members;
  unsigned long long max_inflate;
  unsigned long long member_out;
  uint64_t raw_off; /* compressed bytes consumed */
  unsigned char *raw;
  size_t raw_len;   /* bytes in raw[] */
  size_t raw_pos;   /* next unread byte in raw[] */
  struct inflate_state st;
  char err[256];
};

static int fill_raw(tw_stream *s) {
  if (s->raw_pos > 0 && s->raw_pos < s->raw_len) {
    memmove(s->raw, s->raw + s->raw_pos, s->raw_len - s->raw_pos);
  }
  s->raw_len -= s->raw_pos;
  s->raw_pos = 0;
  while (s->raw_len < RAW_BUF && !s->eof_raw) {
    ssize_t n = read(s->fd, s->raw + s->raw_len, RAW_BUF - s->raw_len);
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      snprintf(s->err, sizeof s->err, "read error: %s", strerror(errno));
      return -1;
    }
    if (n == 0) {
      s->eof_raw = 1;
      break;
    }
    s->raw_len += (size_t)n;
    if (s->raw_len >= 2 && !s->gzip) {
      break; /* plain input: no need to fill the whole buffer */
    }
  }
  return 0;
}

tw_stream *tw_stream_open(const char *path, unsigned long long max_inflate,
                          char *err, size_t errlen) {
  int fd;
  int own = 1;
  if (strcmp(path, "-") == 0) {
    fd = 0;
    own = 0;
  } else {
    fd = open(path, O_RDONLY);
    if (fd < 0) {
      snprintf(err, errlen, "cannot open: %s", strerror(errno));
      return NULL;
    }
    struct stat stt;
    if (fstat(fd, &stt) == 0 && S_ISDIR(stt.st_mode)) {
      snprintf(err, errlen, "is a directory");
      close(fd);
      return NULL;
    }
  }
  tw_stream *s = calloc(1, sizeof *s);
  if (s) {
    s->raw = malloc(RAW_BUF);
  }
  if (!s || !s->raw) {
    if (s) {
      free(s);
    }
    if (own) {
      close(fd);
    }
    snprintf(err, errlen, "out of memory");
    return NULL;
  }
  s->fd = fd;
  s->own_fd = own;
  s->max_inflate = max_inflate ? max_inflate : TW_MAX_INFLATE_DEFAULT;
  /* Sniff: fill until we have 2 bytes or EOF. */
  while (s->raw_len < 2 && !s->eof_raw) {
    ssize_t n = read(fd, s->raw + s->raw_len, RAW_BUF - s->raw_len);
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      snprintf(err, errlen, "read error: %s", strerror(errno));
      tw_stream_close(s);
      return NULL;
    }
    if (n == 0) {
      s->eof_raw = 1;
    }
    s->raw_len += (size_t)n;
  }
  if (s->raw_len >= 2 && s->raw[0] == 0x1f && s->raw[1] == 0x8b) {
    s->gzip = 1;
  }
  return s;
}

static long read_plain(tw_stream *s, char *buf, size_t cap) {
  if (s->raw_pos < s->raw_len) {
    size_t n = s->raw_len - s->raw_pos;
    if (n > cap) {
      n = cap;
    }
    memcpy(buf, s->raw + s->raw_pos, n);
    s->raw_pos += n;
    s->raw_off += n;
    return (long)n;
  }
  if (s->eof_raw) {
    return 0;
  }
  for (;;) {
    ssize_t n = read(s->fd, buf, cap);
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      snprintf(s->err, sizeof s->err, "read error: %s", strerror(errno));
      return -1;
    }
    if (n == 0) {
      s->eof_raw = 1;
    }
    s->raw_off += (uint64_t)n;
    return (long)n;
  }
}

static void start_member(tw_stream *s) {
  isal_inflate_init(&s->st);
  s->st.crc_flag = ISAL_GZIP;
  s->in_member = 1;
  s->member_out = 0;
  s->members++;
}

static long fail(tw_stream *s) {
  s->done = 1;
  return -1;
}

static long read_gzip(tw_stream *s, char *buf, size_t cap) {
  if (cap > 0x7fffffff) {
    cap = 0x7fffffff;
  }
  for (;;) {
    if (!s->in_member) {
      /* Between members: need the next magic, or the end. */
      if (s->raw_len - s->raw_pos < 2 && !s->eof_raw) {
        if (fill_raw(s) < 0) {
          return fail(s);
        }
        continue;
      }
      size_t left = s->raw_len - s->raw_pos;
      if (left == 0) {
        s->done = 1;
        return 0;
      }
      if (left >= 2 && s->raw[s->raw_pos] == 0x1f &&
          s->raw[s->raw_pos + 1] == 0x8b) {
        start_member(s);
      } else {
        /* Trailing zero padding is harmless; anything else is not. */
        size_t i = s->raw_pos;
        while (i < s->raw_len && s->raw[i] == 0) {
          i++;
        }
        if (i == s->raw_len && s->eof_raw) {
          s->done = 1;
          return 0;
        }
        if (i == s->raw_len) {
          s->raw_off += i - s->raw_pos;
          s->raw_pos = i;
          if (fill_raw(s) < 0) {
            return fail(s);
          }
          continue;
        }
        snprintf(s->err, sizeof s->err,
                 "data that is not gzip follows gzip member %d (compressed "
                 "offset %llu); the rest of the file is ignored",
                 s->members, (unsigned long long)(s->raw_off + i - s->raw_pos));
        return fail(s);
      }
    }
    if (s->raw_pos == s->raw_len && !s->eof_raw) {
      if (fill_raw(s) < 0) {
        return fail(s);
      }
    }
    /* Inflate at most one byte past the cap, to see it was passed. */
    unsigned long long room = s->max_inflate - s->member_out;
    size_t want = cap;
    if (room < (unsigned long long)cap) {
      want = (size_t)room + 1;
    }
    s->st.next_in = s->raw + s->raw_pos;
    s->st.avail_in = (uint32_t)(s->raw_len - s->raw_pos);
    s->st.next_out = (uint8_t *)buf;
    s->st.avail_out = (uint32_t)want;
    uint32_t in_before = s->st.avail_in;
    int r = isal_inflate(&s->st);
    size_t used = in_before - s->st.avail_in;
    s->raw_pos += used;
    s->raw_off += used;
    size_t out = want - s->st.avail_out;
    if (r < 0) {
      snprintf(s->err, sizeof s->err,
               "corrupt gzip data in member %d (compressed offset %llu)",
               s->members, (unsigned long long)s->raw_off);
      s->done = 1; /* the error is reported on the next call */
      if (out > 0) {
        s->member_out += out;
        return (long)out; /* deliver what was inflated first */
      }
      return -1;
    }
    if (s->member_out + out > s->max_inflate) {
      size_t keep = (size_t)(s->max_inflate - s->member_out);
      snprintf(s->err, sizeof s->err,
               "gzip member %d inflates past the limit of %llu bytes "
               "(--max-inflate); the rest of the file is ignored",
               s->members, s->max_inflate);
      s->member_out = s->max_inflate;
      s->done = 1;
      s->in_member = 0;
      if (keep > 0) {
        return (long)keep; /* the error is reported on the next call */
      }
      return -1;
    }
    s->member_out += out;
    if (s->st.block_state == ISAL_BLOCK_FINISH) {
      s->in_member = 0;
    } else if (out == 0 && used == 0 && s->eof_raw &&
               s->raw_pos == s->raw_len) {
      snprintf(s->err, sizeof s->err,
               "truncated gzip: the compressed data ends inside member %d "
               "(after %llu inflated bytes; cut short or corrupt); the rest "
               "is lost",
               s->members, s->member_out);
      return fail(s);
    }
    if (out > 0) {
      return (long)out;
    }
  }
}

long tw_stream_read(tw_stream *s, char *buf, size_t cap) {
  if (s->done) {
    return s->err[0] && s->done == 1 ? (s->done = 2, -1) : 0;
  }
  if (cap == 0) {
    return 0;
  }
  if (!s->gzip) {
    long n = read_plain(s, buf, cap);
    if (n <= 0) {
      s->done = 2;
    }
    return n;
  }
  long n = read_gzip(s, buf, cap);
  if (n < 0) {
    s->done = 2;
  }
  return n;
}

const char *tw_stream_error(const tw_stream *s) {
  return s->err[0] ? s->err : NULL;
}

int tw_stream_is_gzip(const tw_stream *s) { return s->gzip; }

uint64_t tw_stream_raw_offset(const tw_stream *s) { return s->raw_off; }

int tw_stream_members(const tw_stream *s) { return s->members; }

void tw_stream_close(tw_stream *s) {
  if (!s) {
    return;
  }
  if (s->own_fd) {
    close(s->fd);
  }
  free(s->raw);
  free(s);
}
