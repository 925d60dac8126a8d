/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The library's one pseudo-random generator: xoshiro256** with splitmix64 seeding and streams. */
#include <math.h>

#include "core/core_internal.h"
#include "liquidus/units.h"

static uint64_t splitmix64(uint64_t *x) {
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

void lqi_rng_seed(lqi_rng *r, uint64_t seed) {
    uint64_t x = seed;
    for (int i = 0; i < 4; i++) r->s[i] = splitmix64(&x);
}

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

uint64_t lqi_rng_u64(lqi_rng *r) {
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

void lqi_rng_split(const lqi_rng *r, uint64_t stream, lqi_rng *child) {
    /* Mix the whole parent state with the stream index through splitmix64, so that streams are
     * decorrelated from each other and from the parent, and depend on nothing but (state, k). */
    uint64_t x = r->s[0] ^ rotl(r->s[1], 17) ^ rotl(r->s[2], 31) ^ rotl(r->s[3], 47);
    x ^= splitmix64(&stream);
    for (int i = 0; i < 4; i++) child->s[i] = splitmix64(&x);
}

double lqi_rng_uniform(lqi_rng *r) {
    /* the top 53 bits give every double of the form k / 2^53 */
    return (double)(lqi_rng_u64(r) >> 11) * 0x1.0p-53;
}

double lqi_rng_normal(lqi_rng *r) {
    double u1 = lqi_rng_uniform(r), u2 = lqi_rng_uniform(r);
    if (u1 <= 0.0) u1 = 0x1.0p-53; /* log(0) guard */
    return sqrt(-2.0 * log(u1)) * cos(2.0 * LQ_PI * u2);
}
