/*
 * sim/rng.h - the simulator's own deterministic random numbers.
 *
 * xoshiro256** seeded through splitmix64: the same seed gives the same
 * sequence on every platform, so `trawl simulate` writes the same bytes
 * for the same seed and options. Not for cryptography.
 */
#ifndef TW_SIM_RNG_H
#define TW_SIM_RNG_H

#include <stddef.h>
#include <stdint.h>

typedef struct tw_rng {
  uint64_t s[4];
} tw_rng;

void tw_rng_seed(tw_rng *r, uint64_t seed);
uint64_t tw_rng_next(tw_rng *r);
/* Uniform in [0, n); n == 0 gives 0. */
uint64_t tw_rng_below(tw_rng *r, uint64_t n);
/* Uniform in [lo, hi] (inclusive). */
int64_t tw_rng_range(tw_rng *r, int64_t lo, int64_t hi);
/* 1 with probability num/den. */
int tw_rng_chance(tw_rng *r, unsigned num, unsigned den);
/* Lower-case version-4 GUID text, NUL-terminated (out[37]). */
void tw_rng_guid(tw_rng *r, char out[37]);
/* `n` characters from `alphabet`, NUL-terminated (out[n + 1]). */
void tw_rng_chars(tw_rng *r, char *out, size_t n, const char *alphabet);
/* Pick one of `n` strings. */
const char *tw_rng_pick(tw_rng *r, const char *const *items, size_t n);

#define TW_RNG_PICK(r, arr) tw_rng_pick((r), (arr), sizeof(arr) / sizeof((arr)[0]))

#endif
