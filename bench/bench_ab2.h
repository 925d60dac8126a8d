/* SPDX-License-Identifier: GPL-3.0-or-later */
/* AB2 prototype cells and the reproducible random numbers that strain them, shared by the
 * benchmarks that build substituted NdBi2 candidates (bench_dft.c, bench_ml.c). */
#ifndef LQ_BENCH_AB2_H
#define LQ_BENCH_AB2_H

/* Reproducible uniform numbers in [0, 1) (64-bit LCG, Knuth's MMIX constants). */
static double urand(unsigned long long *s) {
    *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double)(*s >> 11) / 9007199254740992.0;
}

typedef struct {
    const char *name;
    double lat[3][3];
    int n;
    int z[12];
    double f[12][3];
} proto;

/* AB2 prototypes (A = minority). Cells and positions from the standard structure types. */
static int make_protos(proto *p) {
    int k = 0;
    /* C1 fluorite CaF2, fcc primitive, a = 5.46 A. */
    p[k] = (proto){"CaF2_C1",
                   {{0, 2.73, 2.73}, {2.73, 0, 2.73}, {2.73, 2.73, 0}},
                   3,
                   {20, 9, 9},
                   {{0, 0, 0}, {0.25, 0.25, 0.25}, {0.75, 0.75, 0.75}}};
    k++;
    /* C32 AlB2, a = 3.009, c = 3.262 A. */
    double a = 3.009, c = 3.262;
    p[k] = (proto){"AlB2_C32",
                   {{a, 0, 0}, {-a / 2, a * sqrt(3.0) / 2, 0}, {0, 0, c}},
                   3,
                   {13, 5, 5},
                   {{0, 0, 0}, {1.0 / 3, 2.0 / 3, 0.5}, {2.0 / 3, 1.0 / 3, 0.5}}};
    k++;
    /* C6 CdI2, a = 4.24, c = 6.84 A. */
    a = 4.24;
    c = 6.84;
    p[k] = (proto){"CdI2_C6",
                   {{a, 0, 0}, {-a / 2, a * sqrt(3.0) / 2, 0}, {0, 0, c}},
                   3,
                   {48, 53, 53},
                   {{0, 0, 0}, {1.0 / 3, 2.0 / 3, 0.25}, {2.0 / 3, 1.0 / 3, 0.75}}};
    k++;
    /* C11b MoSi2, I4/mmm conventional, a = 3.20, c = 7.85 A, z(Si) = 1/3. */
    p[k] = (proto){"MoSi2_C11b",
                   {{3.2, 0, 0}, {0, 3.2, 0}, {0, 0, 7.85}},
                   6,
                   {42, 42, 14, 14, 14, 14},
                   {{0, 0, 0},
                    {0.5, 0.5, 0.5},
                    {0, 0, 1.0 / 3},
                    {0, 0, 2.0 / 3},
                    {0.5, 0.5, 0.5 + 1.0 / 3},
                    {0.5, 0.5, 0.5 - 1.0 / 3}}};
    k++;
    /* C4 rutile TiO2, a = 4.594, c = 2.959 A, u = 0.305. */
    double u = 0.305;
    p[k] = (proto){"TiO2_C4",
                   {{4.594, 0, 0}, {0, 4.594, 0}, {0, 0, 2.959}},
                   6,
                   {22, 22, 8, 8, 8, 8},
                   {{0, 0, 0},
                    {0.5, 0.5, 0.5},
                    {u, u, 0},
                    {1 - u, 1 - u, 0},
                    {0.5 + u, 0.5 - u, 0.5},
                    {0.5 - u, 0.5 + u, 0.5}}};
    k++;
    /* C2 pyrite FeS2, Pa-3, a = 5.417 A, u = 0.385. */
    u = 0.385;
    p[k] = (proto){"FeS2_C2",
                   {{5.417, 0, 0}, {0, 5.417, 0}, {0, 0, 5.417}},
                   12,
                   {26, 26, 26, 26, 16, 16, 16, 16, 16, 16, 16, 16},
                   {{0, 0, 0},
                    {0, 0.5, 0.5},
                    {0.5, 0, 0.5},
                    {0.5, 0.5, 0},
                    {u, u, u},
                    {0.5 - u, 1 - u, 0.5 + u},
                    {1 - u, 0.5 + u, 0.5 - u},
                    {0.5 + u, 0.5 - u, 1 - u},
                    {1 - u, 1 - u, 1 - u},
                    {0.5 + u, u, 0.5 - u},
                    {u, 0.5 - u, 0.5 + u},
                    {0.5 - u, 0.5 + u, u}}};
    k++;
    /* C16 CuAl2, I4/mcm conventional, a = 6.067, c = 4.877 A, x(Al) = 0.158. */
    double x = 0.158;
    p[k] = (proto){"CuAl2_C16",
                   {{6.067, 0, 0}, {0, 6.067, 0}, {0, 0, 4.877}},
                   12,
                   {29, 29, 29, 29, 13, 13, 13, 13, 13, 13, 13, 13},
                   {{0, 0, 0.25},
                    {0, 0, 0.75},
                    {0.5, 0.5, 0.75},
                    {0.5, 0.5, 0.25},
                    {x, x + 0.5, 0},
                    {1 - x, 0.5 - x, 0},
                    {0.5 - x, x, 0},
                    {x + 0.5, 1 - x, 0},
                    {x + 0.5, x, 0.5},
                    {0.5 - x, 1 - x, 0.5},
                    {1 - x, x + 0.5, 0.5},
                    {x, 0.5 - x, 0.5}}};
    k++;
    return k;
}

#endif
