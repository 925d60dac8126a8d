/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reproducible random numbers for the system builder and the tests (xoshiro256**), and small
 * numerical helpers of the md tools. */
#include <ctype.h>
#include <math.h>

#include "md/md_tools_internal.h"

static uint64_t splitmix64(uint64_t *x) {
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

void lqi_md_rng_seed(lqi_rng *r, unsigned long long seed) {
    uint64_t x = (uint64_t)seed;
    for (int i = 0; i < 4; i++) r->s[i] = splitmix64(&x);
}

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

static uint64_t next_u64(lqi_rng *r) {
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

double lqi_md_rng_uniform(lqi_rng *r) {
    /* the top 53 bits give every double of the form k / 2^53 */
    return (double)(next_u64(r) >> 11) * 0x1.0p-53;
}

double lqi_md_rng_normal(lqi_rng *r) {
    double u1 = lqi_md_rng_uniform(r), u2 = lqi_md_rng_uniform(r);
    if (u1 <= 0.0) u1 = 0x1.0p-53; /* log(0) guard */
    return sqrt(-2.0 * log(u1)) * cos(2.0 * LQ_PI * u2);
}

void lqi_md_element_of(const char *name, char *sym, size_t size) {
    size_t k = 0;
    if (size == 0) return;
    for (; name && name[k] && k + 1 < size && isalpha((unsigned char)name[k]); k++)
        sym[k] = name[k];
    sym[k] = '\0';
}

int lqi_md_linfit(const double *x, const double *y, size_t n, double *a, double *b) {
    if (n < 2) return -1;
    double mx = 0.0, my = 0.0;
    for (size_t i = 0; i < n; i++) {
        mx += x[i];
        my += y[i];
    }
    mx /= (double)n;
    my /= (double)n;
    double sxx = 0.0, sxy = 0.0;
    for (size_t i = 0; i < n; i++) {
        sxx += (x[i] - mx) * (x[i] - mx);
        sxy += (x[i] - mx) * (y[i] - my);
    }
    if (!(sxx > 0.0)) return -1;
    *b = sxy / sxx;
    *a = my - *b * mx;
    return 0;
}
