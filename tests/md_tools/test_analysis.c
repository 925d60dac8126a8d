/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Statistics (AR(1) block averages, equilibration, Gaussian fit), g(r) (ideal gas, rock salt) and
 * MSD (FFT vs direct sums, random walk with known D). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "liquidus/md.h"
#include "lq_test.h"
#include "md/md_tools_internal.h"
#include "md_tools_test.h"

void test_block_average_ar1(void) {
    /* AR(1): x_t = phi x_{t-1} + sqrt(1 - phi^2) e_t has unit variance and statistical
     * inefficiency g = (1 + phi) / (1 - phi) = 19 for phi = 0.9, so the standard error of the mean
     * of n points is sqrt(g / n). */
    const size_t n = 1u << 17;
    const double phi = 0.9, g_true = (1.0 + phi) / (1.0 - phi);
    double *x = malloc(n * sizeof *x);
    lqi_rng r;
    lqi_rng_seed(&r, 7);
    x[0] = lqi_rng_normal(&r);
    for (size_t i = 1; i < n; i++) x[i] = phi * x[i - 1] + sqrt(1 - phi * phi) * lqi_rng_normal(&r);
    lq_md_block_result b;
    LQ_CHECK_STATUS(lq_md_block_average(x, n, &b), LQ_OK);
    LQ_CHECK(b.plateau_found);
    double sem_true = sqrt(g_true / (double)n);
    /* the plateau estimate has a relative error 1/sqrt(2 (n_blocks - 1)) (<= 6 % here) and a
     * bias from the finite block of ~ tau/B; 15 % covers both at about 2.5 sigma */
    LQ_CHECK_CLOSE(b.sem_plateau, sem_true, 0.15, 0.0);
    LQ_CHECK_CLOSE(b.statistical_inefficiency, g_true, 0.30, 0.0);
    LQ_CHECK(fabs(b.mean) < 4.0 * sem_true);
    LQ_CHECK_CLOSE(b.variance, 1.0, 0.05, 0.0);
    /* uncorrelated data: sem at level 0 ~ 1/sqrt(n), g ~ 1 */
    for (size_t i = 0; i < n; i++) x[i] = lqi_rng_normal(&r);
    LQ_CHECK_STATUS(lq_md_block_average(x, n, &b), LQ_OK);
    LQ_CHECK_CLOSE(b.sem_plateau, 1.0 / sqrt((double)n), 0.15, 0.0);
    double g;
    LQ_CHECK_STATUS(lq_md_statistical_inefficiency(x, 4096, &g), LQ_OK);
    LQ_CHECK(g >= 1.0 && g < 1.3);
    /* Chodera's g on the AR(1) series: 20 % (the estimator's scatter for 16k points) */
    x[0] = 0.0;
    for (size_t i = 1; i < n; i++) x[i] = phi * x[i - 1] + sqrt(1 - phi * phi) * lqi_rng_normal(&r);
    LQ_CHECK_STATUS(lq_md_statistical_inefficiency(x, 16384, &g), LQ_OK);
    LQ_CHECK_CLOSE(g, g_true, 0.2, 0.0);
    LQ_CHECK_STATUS(lq_md_block_average(x, 10, &b), LQ_EINVAL);
    x[5] = (double)NAN;
    LQ_CHECK_STATUS(lq_md_block_average(x, n, &b), LQ_EINVAL);
    free(x);
}

void test_equilibration(void) {
    /* white noise (sd 1) on a decaying offset 20 exp(-t / 100): the offset is still 4.5 sd at
     * t = 150, so t0 must lie beyond it; what remains after t0 must bias the mean by less than 3
     * standard errors (the aim of the method) */
    const size_t n = 5000;
    double *x = malloc(n * sizeof *x);
    lqi_rng r;
    lqi_rng_seed(&r, 11);
    for (size_t i = 0; i < n; i++) x[i] = 20.0 * exp(-(double)i / 100.0) + lqi_rng_normal(&r);
    size_t t0;
    double g, neff;
    LQ_CHECK_STATUS(lq_md_equilibration_detect(x, n, &t0, &g, &neff), LQ_OK);
    LQ_CHECK(t0 >= 150 && t0 <= 1200);
    double mean = 0.0;
    for (size_t i = t0; i < n; i++) mean += x[i] / (double)(n - t0);
    LQ_CHECK(fabs(mean) < 3.0 / sqrt((double)(n - t0)));
    LQ_CHECK(g >= 1.0 && g < 1.5);
    LQ_CHECK(neff > 3000);
    LQ_CHECK_STATUS(lq_md_equilibration_detect(x, 8, &t0, NULL, NULL), LQ_EINVAL);
    free(x);
}

void test_histogram_gauss(void) {
    /* 20000 normal samples, mu = -316.29, sigma = 0.5: the Gaussian fit recovers mu to 4 standard
     * errors (sigma / sqrt(n) = 0.0035) and sigma to 3 % */
    const size_t n = 20000;
    double *x = malloc(n * sizeof *x);
    lqi_rng r;
    lqi_rng_seed(&r, 3);
    for (size_t i = 0; i < n; i++) x[i] = -316.29 + 0.5 * lqi_rng_normal(&r);
    lq_md_histogram h;
    LQ_CHECK_STATUS(lq_md_histogram_gauss(x, n, 0, &h), LQ_OK);
    LQ_CHECK(h.n_bins >= 5 && h.n_bins <= 200);
    double tot = 0;
    for (size_t i = 0; i < h.n_bins; i++) tot += h.count[i];
    LQ_CHECK(tot == (double)n);
    LQ_CHECK_CLOSE(h.fit_mu, -316.29, 0.0, 4.0 * 0.5 / sqrt((double)n));
    LQ_CHECK_CLOSE(h.fit_sigma, 0.5, 0.03, 0.0);
    LQ_CHECK_CLOSE(h.mean, -316.29, 0.0, 4.0 * 0.5 / sqrt((double)n));
    /* amplitude ~ n * width / (sigma sqrt(2 pi)) */
    LQ_CHECK_CLOSE(h.fit_amplitude, (double)n * h.width / (0.5 * sqrt(2 * LQ_PI)), 0.05, 0.0);
    LQ_CHECK(h.fit_ok);
    lq_md_histogram_free(&h);
    /* a linear drift has a flat histogram: no Gaussian, the histogram still comes back */
    for (size_t i = 0; i < n; i++) x[i] = (double)i;
    LQ_CHECK_STATUS(lq_md_histogram_gauss(x, n, 20, &h), LQ_OK);
    LQ_CHECK(!h.fit_ok && isnan(h.fit_mu) && h.count[0] == (double)n / 20);
    lq_md_histogram_free(&h);
    for (size_t i = 0; i < n; i++) x[i] = 1.0;
    LQ_CHECK_STATUS(lq_md_histogram_gauss(x, n, 0, &h), LQ_EINVAL);

    /* The series statistics flag a Gaussian centre that the data do not support: normal data are
     * not flagged; a skewed series (exponential, mean 1 + offset) is, its centre being several
     * standard errors from the mean; so is a series with no bell at all. */
    lq_md_series_stats ss;
    for (size_t i = 0; i < n; i++) x[i] = -316.29 + 0.5 * lqi_rng_normal(&r);
    LQ_CHECK_STATUS(lq_md_series_stats_compute(x, n, 0, 0, &ss), LQ_OK);
    LQ_CHECK(!ss.gauss_flagged && ss.gauss_reason[0] == '\0');
    lq_md_series_stats_free(&ss);
    for (size_t i = 0; i < n; i++) x[i] = -4000.0 - log(1.0 - lqi_rng_uniform(&r));
    LQ_CHECK_STATUS(lq_md_series_stats_compute(x, n, 0, 0, &ss), LQ_OK);
    LQ_CHECK(ss.gauss_flagged && ss.gauss_reason[0] != '\0');
    fprintf(stderr, "  skewed series: %s\n", ss.gauss_reason);
    lq_md_series_stats_free(&ss);
    for (size_t i = 0; i < n; i++) x[i] = (double)i;
    LQ_CHECK_STATUS(lq_md_series_stats_compute(x, n, 0, 0, &ss), LQ_OK);
    LQ_CHECK(ss.gauss_flagged && strstr(ss.gauss_reason, "bell") != NULL);
    lq_md_series_stats_free(&ss);
    free(x);
}

static void make_system(lq_md_system *s, size_t n, double L) {
    lq_md_system_alloc(s, n);
    s->n_species = 2;
    strcpy(s->species[0].name, "Na");
    strcpy(s->species[1].name, "Cl");
    s->species[0].mass_amu = 22.98976928;
    s->species[1].mass_amu = 35.45;
    for (size_t k = 0; k < 3; k++) s->box_A[k] = L;
}

void test_rdf_ideal_gas(void) {
    /* uniform random points: every g_ab(r) is 1; with ~10^5 pairs per bin and frame pair the
     * relative noise per bin is < 1 %, so each bin beyond 2 A must lie within 5 % and the mean
     * within 0.5 % */
    lq_md_system s;
    make_system(&s, 1000, 20.0);
    lqi_rng r;
    lqi_rng_seed(&r, 5);
    lq_md_rdf *rdf;
    LQ_CHECK_STATUS(lq_md_rdf_create(2, 10.0, 50, &rdf), LQ_OK);
    for (int f = 0; f < 10; f++) {
        for (size_t i = 0; i < s.n_atoms; i++) {
            s.type[i] = (int)(i % 2);
            for (size_t k = 0; k < 3; k++) s.pos_A[3 * i + k] = 20.0 * lqi_rng_uniform(&r);
        }
        LQ_CHECK_STATUS(lq_md_rdf_add(rdf, &s, NULL), LQ_OK);
    }
    double rr[50], g[3 * 50], cab[3 * 50];
    LQ_CHECK_STATUS(lq_md_rdf_result(rdf, rr, g, cab, NULL, NULL), LQ_OK);
    int ok = 1;
    for (size_t p = 0; p < 3; p++) {
        double mean = 0;
        for (size_t k = 10; k < 50; k++) {
            if (fabs(g[p * 50 + k] - 1.0) > 0.05) ok = 0;
            mean += g[p * 50 + k] / 40.0;
        }
        LQ_CHECK_CLOSE(mean, 1.0, 0.005, 0.0);
    }
    LQ_CHECK(ok);
    /* running CN of Cl around Na at r = 10 A: 500/8000 * 4/3 pi 1000 = 261.8, within 1 % */
    LQ_CHECK_CLOSE(cab[1 * 50 + 49], 500.0 / 8000.0 * 4.0 / 3.0 * LQ_PI * 1000.0, 0.01, 0.0);
    lq_diag d;
    lq_md_rdf *big;
    LQ_CHECK_STATUS(lq_md_rdf_create(2, 10.5, 50, &big), LQ_OK);
    LQ_CHECK_STATUS(lq_md_rdf_add(big, &s, &d), LQ_EINVAL); /* r_max > L/2 */
    lq_md_rdf_free(big);
    lq_md_rdf_free(rdf);
    LQ_CHECK_STATUS(lq_md_rdf_create(0, 10.0, 50, &big), LQ_EINVAL);
    lq_md_system_free(&s);
}

void test_rdf_rocksalt(void) {
    /* NaCl rock salt, a = 5.64 A, 4x4x4 cells: Na-Cl shells at a/2 (6), a sqrt(3)/2 (8); Na-Na
     * and Cl-Cl at a/sqrt(2) (12), a (6). Peaks to one bin (0.02 A), CN exact. */
    const double a = 5.64;
    const int nc = 4;
    lq_md_system s;
    make_system(&s, 8 * 64, a * nc);
    static const double basis[8][3] = {{0, 0, 0},  {.5, .5, 0}, {.5, 0, .5}, {0, .5, .5},
                                       {.5, 0, 0}, {0, .5, 0},  {0, 0, .5},  {.5, .5, .5}};
    size_t i = 0;
    for (int x = 0; x < nc; x++)
        for (int y = 0; y < nc; y++)
            for (int z = 0; z < nc; z++)
                for (int b = 0; b < 8; b++, i++) {
                    s.type[i] = b < 4 ? 0 : 1;
                    s.pos_A[3 * i] = a * (x + basis[b][0]);
                    s.pos_A[3 * i + 1] = a * (y + basis[b][1]);
                    s.pos_A[3 * i + 2] = a * (z + basis[b][2]);
                }
    lq_md_rdf *rdf;
    LQ_CHECK_STATUS(lq_md_rdf_create(2, 11.0, 550, &rdf), LQ_OK);
    LQ_CHECK_STATUS(lq_md_rdf_add(rdf, &s, NULL), LQ_OK);
    lq_md_rdf_pair pr[3];
    LQ_CHECK_STATUS(lq_md_rdf_result(rdf, NULL, NULL, NULL, NULL, pr), LQ_OK);
    size_t naCl = lq_md_rdf_pair_index(2, 0, 1), naNa = lq_md_rdf_pair_index(2, 0, 0),
           clCl = lq_md_rdf_pair_index(2, 1, 1);
    LQ_CHECK(naCl == 1 && naNa == 0 && clCl == 2);
    LQ_CHECK_CLOSE(pr[naCl].r_peak_A, a / 2, 0.0, 0.02);
    LQ_CHECK(pr[naCl].has_min && pr[naCl].r_min_A > a / 2 && pr[naCl].r_min_A < a * sqrt(3) / 2);
    LQ_CHECK_CLOSE(pr[naCl].cn_ab, 6.0, 0.0, 1e-9);
    LQ_CHECK_CLOSE(pr[naCl].cn_ba, 6.0, 0.0, 1e-9);
    LQ_CHECK_CLOSE(pr[naNa].r_peak_A, a / sqrt(2), 0.0, 0.02);
    LQ_CHECK_CLOSE(pr[naNa].cn_ab, 12.0, 0.0, 1e-9);
    LQ_CHECK_CLOSE(pr[clCl].cn_ab, 12.0, 0.0, 1e-9);
    LQ_CHECK(pr[clCl].r_min_A > a / sqrt(2) && pr[clCl].r_min_A < a);
    /* one frame: no block errors */
    LQ_CHECK(isnan(pr[naCl].r_peak_err_A) && isnan(pr[naCl].cn_ab_err));
    lq_md_rdf_free(rdf);

    /* 40 frames of the crystal with independent Gaussian displacements (0.1 A): errors from
     * blocks of frames. The CN within the minimum stays 6 in every frame (error 0 to rounding);
     * the peak position scatters by about the displacement over sqrt(atoms x frames), so its
     * error is positive and far below a bin. The block count stays within 8..16 as frames grow. */
    LQ_CHECK_STATUS(lq_md_rdf_create(2, 11.0, 550, &rdf), LQ_OK);
    double *x0 = malloc(3 * s.n_atoms * sizeof *x0);
    memcpy(x0, s.pos_A, 3 * s.n_atoms * sizeof *x0);
    lqi_rng rg;
    lqi_rng_seed(&rg, 11);
    for (int f = 0; f < 40; f++) {
        for (size_t k = 0; k < 3 * s.n_atoms; k++) s.pos_A[k] = x0[k] + 0.1 * lqi_rng_normal(&rg);
        LQ_CHECK_STATUS(lq_md_rdf_add(rdf, &s, NULL), LQ_OK);
    }
    LQ_CHECK_STATUS(lq_md_rdf_result(rdf, NULL, NULL, NULL, NULL, pr), LQ_OK);
    LQ_CHECK(pr[naCl].n_blocks >= 8 && pr[naCl].n_blocks <= 16);
    LQ_CHECK(pr[naCl].r_peak_err_A > 0.0 && pr[naCl].r_peak_err_A < 0.01);
    LQ_CHECK(pr[naCl].cn_ab_err < 1e-9 && pr[naCl].cn_ba_err < 1e-9);
    LQ_CHECK_CLOSE(pr[naCl].cn_ab, 6.0, 0.0, 1e-9);
    fprintf(stderr, "  rdf blocks %zu: Na-Cl r_peak %.4f +- %.4f A, CN %.3f +- %.2g\n",
            pr[naCl].n_blocks, pr[naCl].r_peak_A, pr[naCl].r_peak_err_A, pr[naCl].cn_ab,
            pr[naCl].cn_ab_err);
    free(x0);
    lq_md_rdf_free(rdf);
    lq_md_system_free(&s);
}

void test_msd_fft_vs_direct(void) {
    /* the FFT route equals the direct double sum over origins to rounding */
    const size_t F = 64, N = 6;
    double *pos = malloc(F * 3 * N * sizeof *pos);
    int type[6] = {0, 1, 0, 1, 0, 1};
    lqi_rng r;
    lqi_rng_seed(&r, 9);
    for (size_t i = 0; i < 3 * N; i++) pos[i] = 10 * lqi_rng_uniform(&r);
    for (size_t f = 1; f < F; f++)
        for (size_t i = 0; i < 3 * N; i++)
            pos[f * 3 * N + i] = pos[(f - 1) * 3 * N + i] + lqi_rng_normal(&r);
    lq_md_msd_options o = lq_md_msd_options_default();
    o.dt_ps = 0.5;
    o.remove_drift = 0;
    lq_md_msd m;
    LQ_CHECK_STATUS(lq_md_msd_compute(pos, F, N, type, 2, NULL, &o, &m, NULL), LQ_OK);
    LQ_CHECK(m.n_lags == F / 2 + 1);
    int ok = 1;
    for (size_t s = 0; s < 2; s++)
        for (size_t lag = 0; lag < m.n_lags; lag++) {
            double sum = 0;
            size_t cnt = 0;
            for (size_t i = s; i < N; i += 2)
                for (size_t t = 0; t + lag < F; t++, cnt++)
                    for (size_t k = 0; k < 3; k++) {
                        double d = pos[(t + lag) * 3 * N + 3 * i + k] - pos[t * 3 * N + 3 * i + k];
                        sum += d * d;
                    }
            double direct = sum / (double)cnt;
            if (fabs(m.msd_A2[s * m.n_lags + lag] - direct) > 1e-9 * (1 + direct)) ok = 0;
        }
    LQ_CHECK(ok);
    LQ_CHECK_CLOSE(m.t_ps[3], 1.5, 1e-15, 0);
    lq_md_msd_free(&m);
    LQ_CHECK_STATUS(lq_md_msd_compute(pos, 4, N, type, 2, NULL, &o, &m, NULL), LQ_EINVAL);
    o.dt_ps = 0;
    LQ_CHECK_STATUS(lq_md_msd_compute(pos, F, N, type, 2, NULL, &o, &m, NULL), LQ_EINVAL);
    free(pos);
}

void test_msd_random_walk(void) {
    /* Gaussian random walk with D = 0.5 A^2/ps (species 0) and 0.2 A^2/ps (species 1): MSD = 6 D t
     * at every lag, so the automatic range must be diffusive and D recovered within 4 block errors
     * (block error itself between 0.3 % and 5 % of D for 600 atoms x 1000 frames). */
    const size_t F = 1000, N = 600;
    const double dt = 0.1, D[2] = {0.5, 0.2};
    double *pos = malloc(F * 3 * N * sizeof *pos);
    int *type = malloc(N * sizeof *type);
    lqi_rng r;
    lqi_rng_seed(&r, 21);
    for (size_t i = 0; i < N; i++) type[i] = (int)(i % 2);
    for (size_t i = 0; i < 3 * N; i++) pos[i] = 30 * lqi_rng_uniform(&r);
    for (size_t f = 1; f < F; f++)
        for (size_t i = 0; i < N; i++)
            for (size_t k = 0; k < 3; k++)
                pos[f * 3 * N + 3 * i + k] = pos[(f - 1) * 3 * N + 3 * i + k] +
                                             sqrt(2 * D[type[i]] * dt) * lqi_rng_normal(&r);
    lq_md_msd_options o = lq_md_msd_options_default();
    o.dt_ps = dt;
    o.remove_drift = 0;
    lq_md_msd m;
    LQ_CHECK_STATUS(lq_md_msd_compute(pos, F, N, type, 2, NULL, &o, &m, NULL), LQ_OK);
    for (int s = 0; s < 2; s++) {
        double want = D[s] * 1e-4; /* A^2/ps -> cm^2/s */
        LQ_CHECK(m.diffusive[s]);
        LQ_CHECK(isfinite(m.D_err_cm2_s[s]));
        LQ_CHECK(m.D_err_cm2_s[s] > 0.003 * want && m.D_err_cm2_s[s] < 0.05 * want);
        LQ_CHECK_CLOSE(m.D_cm2_s[s], want, 0.0, 4.0 * m.D_err_cm2_s[s]);
        LQ_CHECK_CLOSE(m.loglog_slope[s], 1.0, 0.0, 0.1);
        LQ_CHECK(m.fit_t1_ps[s] > 2 * m.fit_t0_ps[s]);
    }
    /* a fixed fit range is honoured */
    o.fit_t0_ps = 1.0;
    o.fit_t1_ps = 5.0;
    lq_md_msd m2;
    LQ_CHECK_STATUS(lq_md_msd_compute(pos, F, N, type, 2, NULL, &o, &m2, NULL), LQ_OK);
    LQ_CHECK_CLOSE(m2.fit_t0_ps[0], 1.0, 1e-12, 0);
    LQ_CHECK_CLOSE(m2.fit_t1_ps[0], 5.0, 1e-12, 0);
    LQ_CHECK_CLOSE(m2.D_cm2_s[0], 0.5e-4, 0.05, 0);
    LQ_CHECK(isfinite(m2.D_err_cm2_s[0]));
    lq_md_msd_free(&m2);
    /* a range beyond the lags is refused with the largest usable end, not clipped */
    o.fit_t1_ps = 1e6;
    lq_diag d;
    LQ_CHECK_STATUS(lq_md_msd_compute(pos, F, N, type, 2, NULL, &o, &m2, &d), LQ_EINVAL);
    LQ_CHECK(strcmp(d.field, "fit") == 0 && strstr(d.msg, "give --fit within") != NULL);
    lq_md_msd_free(&m);
    free(pos);
    free(type);
}
