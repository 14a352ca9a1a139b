/*
 * functions/fn_hash.c - hash_sha256 and hash_md5 of a value's tostring
 * text, as lower-case hex (FIPS 180-4 SHA-256 and RFC 1321 MD5, written
 * from the specifications; round constants derived at first use), and
 * hash() = XXH64 (seed 0) of the text, as Kusto documents it
 * (hash("World") = 1846988464401551951).
 */
#include <math.h>
#include <string.h>

#include "functions/kernels.h"

static uint32_t rotr(uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }
static uint32_t rotl(uint32_t x, int n) { return (x << n) | (x >> (32 - n)); }

/* ---------------------------------------------------------- SHA-256 */

static uint32_t sha_k[64], sha_h0[8];
static int sha_ready;

static void sha_init_consts(void) {
  int primes[64], np = 0;
  for (int c = 2; np < 64; c++) {
    int prime = 1;
    for (int d = 2; d * d <= c; d++) {
      if (c % d == 0) {
        prime = 0;
        break;
      }
    }
    if (prime) {
      primes[np++] = c;
    }
  }
  for (int i = 0; i < 64; i++) {
    double r = cbrt((double)primes[i]);
    sha_k[i] = (uint32_t)((r - floor(r)) * 4294967296.0);
  }
  for (int i = 0; i < 8; i++) {
    double r = sqrt((double)primes[i]);
    sha_h0[i] = (uint32_t)((r - floor(r)) * 4294967296.0);
  }
  sha_ready = 1;
}

static void sha_block(uint32_t h[8], const unsigned char *p) {
  uint32_t w[64];
  for (int t = 0; t < 16; t++) {
    w[t] = (uint32_t)p[4 * t] << 24 | (uint32_t)p[4 * t + 1] << 16 |
           (uint32_t)p[4 * t + 2] << 8 | p[4 * t + 3];
  }
  for (int t = 16; t < 64; t++) {
    uint32_t s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >> 3);
    uint32_t s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >> 10);
    w[t] = s1 + w[t - 7] + s0 + w[t - 16];
  }
  uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5],
           g = h[6], hh = h[7];
  for (int t = 0; t < 64; t++) {
    uint32_t S1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
    uint32_t ch = (e & f) ^ (~e & g);
    uint32_t t1 = hh + S1 + ch + sha_k[t] + w[t];
    uint32_t S0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
    uint32_t maj = (a & b) ^ (a & c) ^ (b & c);
    uint32_t t2 = S0 + maj;
    hh = g;
    g = f;
    f = e;
    e = d + t1;
    d = c;
    c = b;
    b = a;
    a = t1 + t2;
  }
  h[0] += a;
  h[1] += b;
  h[2] += c;
  h[3] += d;
  h[4] += e;
  h[5] += f;
  h[6] += g;
  h[7] += hh;
}

static void sha256(const unsigned char *s, size_t n, unsigned char out[32]) {
  if (!sha_ready) {
    sha_init_consts();
  }
  uint32_t h[8];
  memcpy(h, sha_h0, sizeof h);
  size_t i = 0;
  for (; i + 64 <= n; i += 64) {
    sha_block(h, s + i);
  }
  unsigned char last[128];
  size_t rem = n - i;
  memset(last, 0, sizeof last);
  memcpy(last, s + i, rem);
  last[rem] = 0x80;
  size_t total = rem + 9 <= 64 ? 64 : 128;
  uint64_t bits = (uint64_t)n * 8;
  for (int k = 0; k < 8; k++) {
    last[total - 1 - k] = (unsigned char)(bits >> (8 * k));
  }
  for (size_t off = 0; off < total; off += 64) {
    sha_block(h, last + off);
  }
  for (int k = 0; k < 8; k++) {
    out[4 * k] = (unsigned char)(h[k] >> 24);
    out[4 * k + 1] = (unsigned char)(h[k] >> 16);
    out[4 * k + 2] = (unsigned char)(h[k] >> 8);
    out[4 * k + 3] = (unsigned char)h[k];
  }
}

/* --------------------------------------------------------------- MD5 */

static uint32_t md5_k[64];
static int md5_ready;
static const int md5_s[4][4] = {
    {7, 12, 17, 22}, {5, 9, 14, 20}, {4, 11, 16, 23}, {6, 10, 15, 21}};

static void md5_block(uint32_t h[4], const unsigned char *p) {
  uint32_t m[16];
  for (int i = 0; i < 16; i++) {
    m[i] = (uint32_t)p[4 * i] | (uint32_t)p[4 * i + 1] << 8 |
           (uint32_t)p[4 * i + 2] << 16 | (uint32_t)p[4 * i + 3] << 24;
  }
  uint32_t a = h[0], b = h[1], c = h[2], d = h[3];
  for (int i = 0; i < 64; i++) {
    uint32_t f;
    int g;
    switch (i / 16) {
    case 0:
      f = (b & c) | (~b & d);
      g = i;
      break;
    case 1:
      f = (d & b) | (~d & c);
      g = (5 * i + 1) % 16;
      break;
    case 2:
      f = b ^ c ^ d;
      g = (3 * i + 5) % 16;
      break;
    default:
      f = c ^ (b | ~d);
      g = (7 * i) % 16;
      break;
    }
    f = f + a + md5_k[i] + m[g];
    a = d;
    d = c;
    c = b;
    b = b + rotl(f, md5_s[i / 16][i % 4]);
  }
  h[0] += a;
  h[1] += b;
  h[2] += c;
  h[3] += d;
}

static void md5(const unsigned char *s, size_t n, unsigned char out[16]) {
  if (!md5_ready) {
    for (int i = 0; i < 64; i++) {
      md5_k[i] = (uint32_t)(fabs(sin((double)(i + 1))) * 4294967296.0);
    }
    md5_ready = 1;
  }
  uint32_t h[4] = {0x67452301u, 0xefcdab89u, 0x98badcfeu, 0x10325476u};
  size_t i = 0;
  for (; i + 64 <= n; i += 64) {
    md5_block(h, s + i);
  }
  unsigned char last[128];
  size_t rem = n - i;
  memset(last, 0, sizeof last);
  memcpy(last, s + i, rem);
  last[rem] = 0x80;
  size_t total = rem + 9 <= 64 ? 64 : 128;
  uint64_t bits = (uint64_t)n * 8;
  for (int k = 0; k < 8; k++) {
    last[total - 8 + k] = (unsigned char)(bits >> (8 * k));
  }
  for (size_t off = 0; off < total; off += 64) {
    md5_block(h, last + off);
  }
  for (int k = 0; k < 4; k++) {
    for (int j = 0; j < 4; j++) {
      out[4 * k + j] = (unsigned char)(h[k] >> (8 * j));
    }
  }
}

static int hex_result(tw_eval_ctx *ctx, tw_ast *call, const unsigned char *d,
                      size_t n, tw_value *out) {
  static const char hex[] = "0123456789abcdef";
  char buf[64];
  for (size_t i = 0; i < n; i++) {
    buf[2 * i] = hex[d[i] >> 4];
    buf[2 * i + 1] = hex[d[i] & 15];
  }
  return tw_k_string_result(ctx, call, buf, 2 * n, out);
}

TW_KERNEL(hash_sha256) {
  const char *s;
  size_t n;
  unsigned char d[32];
  int rc = tw_k_str(ctx, call, &args[0], &s, &n);
  (void)nargs;
  if (rc) {
    return rc;
  }
  if (tw_k_nullish(&args[0])) {
    *out = tw_str("", 0);
    return 0;
  }
  sha256((const unsigned char *)s, n, d);
  return hex_result(ctx, call, d, 32, out);
}

TW_KERNEL(hash_md5) {
  const char *s;
  size_t n;
  unsigned char d[16];
  int rc = tw_k_str(ctx, call, &args[0], &s, &n);
  (void)nargs;
  if (rc) {
    return rc;
  }
  if (tw_k_nullish(&args[0])) {
    *out = tw_str("", 0);
    return 0;
  }
  md5((const unsigned char *)s, n, d);
  return hex_result(ctx, call, d, 16, out);
}

/* --------------------------------------------------------------- XXH64 */

static const uint64_t XP1 = 11400714785074694791ULL;
static const uint64_t XP2 = 14029467366897019727ULL;
static const uint64_t XP3 = 1609587929392839161ULL;
static const uint64_t XP4 = 9650029242287828579ULL;
static const uint64_t XP5 = 2870177450012600261ULL;

static uint64_t rotl64(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }

static uint64_t le64(const unsigned char *p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; i--) {
    v = (v << 8) | p[i];
  }
  return v;
}

static uint32_t le32(const unsigned char *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
         (uint32_t)p[3] << 24;
}

static uint64_t xround(uint64_t acc, uint64_t in) {
  acc += in * XP2;
  return rotl64(acc, 31) * XP1;
}

static uint64_t xmerge(uint64_t acc, uint64_t v) {
  acc ^= xround(0, v);
  return acc * XP1 + XP4;
}

static uint64_t xxh64(const unsigned char *p, size_t n) {
  const unsigned char *e = p + n;
  uint64_t h;
  if (n >= 32) {
    uint64_t v1 = XP1 + XP2, v2 = XP2, v3 = 0, v4 = 0 - XP1;
    while ((size_t)(e - p) >= 32) {
      v1 = xround(v1, le64(p));
      v2 = xround(v2, le64(p + 8));
      v3 = xround(v3, le64(p + 16));
      v4 = xround(v4, le64(p + 24));
      p += 32;
    }
    h = rotl64(v1, 1) + rotl64(v2, 7) + rotl64(v3, 12) + rotl64(v4, 18);
    h = xmerge(h, v1);
    h = xmerge(h, v2);
    h = xmerge(h, v3);
    h = xmerge(h, v4);
  } else {
    h = XP5;
  }
  h += n;
  while ((size_t)(e - p) >= 8) {
    h ^= xround(0, le64(p));
    h = rotl64(h, 27) * XP1 + XP4;
    p += 8;
  }
  if ((size_t)(e - p) >= 4) {
    h ^= (uint64_t)le32(p) * XP1;
    h = rotl64(h, 23) * XP2 + XP3;
    p += 4;
  }
  while (p < e) {
    h ^= *p * XP5;
    h = rotl64(h, 11) * XP1;
    p++;
  }
  h ^= h >> 33;
  h *= XP2;
  h ^= h >> 29;
  h *= XP3;
  h ^= h >> 32;
  return h;
}

TW_KERNEL(hash) {
  const char *s;
  size_t n;
  if (tw_k_nullish(&args[0])) {
    *out = tw_null(TW_T_LONG);
    return 0;
  }
  int rc = tw_k_str(ctx, call, &args[0], &s, &n);
  if (rc) {
    return rc;
  }
  int64_t h = (int64_t)xxh64((const unsigned char *)s, n);
  int64_t mod;
  if (nargs > 1) {
    if (!tw_k_int(&args[1], &mod) || mod <= 0) {
      *out = tw_null(TW_T_LONG);
      return 0;
    }
    h %= mod;
    if (h < 0) {
      h += mod;
    }
  }
  *out = tw_long(h);
  return 0;
}
