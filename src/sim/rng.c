/*
 * sim/rng.c - xoshiro256** with splitmix64 seeding (see rng.h).
 */
#include "sim/rng.h"

static uint64_t splitmix64(uint64_t *x) {
  uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

void tw_rng_seed(tw_rng *r, uint64_t seed) {
  uint64_t x = seed;
  for (int i = 0; i < 4; i++) {
    r->s[i] = splitmix64(&x);
  }
}

uint64_t tw_rng_next(tw_rng *r) {
  uint64_t *s = r->s;
  uint64_t result = rotl(s[1] * 5, 7) * 9;
  uint64_t t = s[1] << 17;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl(s[3], 45);
  return result;
}

uint64_t tw_rng_below(tw_rng *r, uint64_t n) {
  if (n == 0) {
    return 0;
  }
  /* Rejection sampling keeps the distribution exact. */
  uint64_t limit = UINT64_MAX - UINT64_MAX % n;
  uint64_t v;
  do {
    v = tw_rng_next(r);
  } while (v >= limit);
  return v % n;
}

int64_t tw_rng_range(tw_rng *r, int64_t lo, int64_t hi) {
  if (hi <= lo) {
    return lo;
  }
  return lo + (int64_t)tw_rng_below(r, (uint64_t)(hi - lo) + 1);
}

int tw_rng_chance(tw_rng *r, unsigned num, unsigned den) {
  return tw_rng_below(r, den) < num;
}

void tw_rng_guid(tw_rng *r, char out[37]) {
  static const char hex[] = "0123456789abcdef";
  uint64_t a = tw_rng_next(r), b = tw_rng_next(r);
  unsigned char raw[16];
  for (int i = 0; i < 8; i++) {
    raw[i] = (unsigned char)(a >> (8 * i));
    raw[8 + i] = (unsigned char)(b >> (8 * i));
  }
  raw[6] = (unsigned char)((raw[6] & 0x0f) | 0x40);
  raw[8] = (unsigned char)((raw[8] & 0x3f) | 0x80);
  size_t o = 0;
  for (int i = 0; i < 16; i++) {
    if (i == 4 || i == 6 || i == 8 || i == 10) {
      out[o++] = '-';
    }
    out[o++] = hex[raw[i] >> 4];
    out[o++] = hex[raw[i] & 15];
  }
  out[o] = '\0';
}

void tw_rng_chars(tw_rng *r, char *out, size_t n, const char *alphabet) {
  size_t k = 0;
  while (alphabet[k]) {
    k++;
  }
  for (size_t i = 0; i < n; i++) {
    out[i] = alphabet[tw_rng_below(r, k)];
  }
  out[n] = '\0';
}

const char *tw_rng_pick(tw_rng *r, const char *const *items, size_t n) {
  return items[tw_rng_below(r, n)];
}
