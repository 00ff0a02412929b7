/* Deterministic randomness for the demo data (splitmix64): the same seed
 * gives the same data; nothing reads the clock. Static inline so that each
 * demo file takes what it uses. */
#ifndef TDKT_CLI_DEMO_RNG_H
#define TDKT_CLI_DEMO_RNG_H
#include <stdbool.h>
#include <stdint.h>

typedef struct {
    uint64_t s;
} rng_t;

static inline uint64_t mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static inline uint64_t rng_next(rng_t *r) { return mix64(r->s += 0x9E3779B97F4A7C15ull); }

/* Uniform in [0, N) (N > 0). */
static inline uint32_t rng_below(rng_t *r, uint32_t n)
{
    return (uint32_t)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

/* True with probability PM per mille. */
static inline bool rng_pm(rng_t *r, uint32_t pm) { return rng_below(r, 1000) < pm; }

/* An independent stream for (SEED, A, B). */
static inline rng_t rng_fork(uint64_t seed, uint64_t a, uint64_t b)
{
    return (rng_t){mix64(seed ^ mix64(a * 0x9E3779B97F4A7C15ull + 0x632BE59BD9B4E019ull) ^ mix64(b + 0x85EBCA6Bull))};
}

#endif
