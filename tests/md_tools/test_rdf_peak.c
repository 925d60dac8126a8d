/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The first-peak estimator of g(r) (parabola over the peak's top) on analytic peaks, and its
 * jackknife block errors against the scatter of independent runs of an Einstein crystal. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "liquidus/md.h"
#include "lq_test.h"
#include "md/md_tools_internal.h"
#include "md_tools_test.h"

#define NB 300
#define DR 0.02

/* Bin averages of f over [k dr, (k + 1) dr) by Simpson's rule on 20 intervals. */
static void bin_average(double (*f)(double, const double *), const double *par, double *g) {
    for (size_t k = 0; k < NB; k++) {
        double r0 = (double)k * DR, h = DR / 20.0, s = 0.0;
        for (int i = 0; i <= 20; i++) {
            double w = (i == 0 || i == 20) ? 1.0 : (i % 2 ? 4.0 : 2.0);
            s += w * f(r0 + h * i, par);
        }
        g[k] = s * h / 3.0 / DR;
    }
}

/* 1 + A exp(-(r - r0)^2 / (2 w^2)); par = {A, r0, w} */
static double gauss_peak(double r, const double *p) {
    return 1.0 + p[0] * exp(-0.5 * (r - p[1]) * (r - p[1]) / (p[2] * p[2]));
}

/* 1 + A x^k exp(k (1 - x)), x = r / r0: skewed like a liquid's first peak (steep inside, slow
 * tail), maximum exactly 1 + A at r0; near r0 it is A exp(-k u^2/2 + k u^3/3 ...), u = x - 1.
 * par = {A, r0, k} */
static double skew_peak(double r, const double *p) {
    double x = r / p[1];
    return 1.0 + p[0] * exp(p[2] * (log(x) + 1.0 - x));
}

static size_t argmax(const double *y, size_t n) {
    size_t k = 0;
    for (size_t i = 1; i < n; i++)
        if (y[i] > y[k]) k = i;
    return k;
}

void test_rdf_peak_analytic(void) {
    double g[NB], sg[NB], r, h;
    /* a symmetric peak off the bin grid: the top's window (|r - r0| <= W = 0.67 w) is off centre
     * by c <= dr/2, and the quartic term of the Gaussian, x^4 / 8 w^4, then adds 0.3 c W^2 / w^2
     * (0.0014 A here) to the vertex (its cubic part about the window's centre, 4 c y^3, projects
     * onto y with <y^4>/<y^2> = 3 W^2 / 5); the height from a parabola over the top is low by the
     * quartic's share, about 3/35 (0.67)^4 / 8 = 0.2 % of A */
    const double gp[3] = {3.0, 3.1234, 0.25};
    bin_average(gauss_peak, gp, g);
    lqi_md_rdf_first_peak(g, NB, DR, sg, &r, &h);
    fprintf(stderr, "  gaussian: r %.6f (%.6f)  g %.5f (%.5f)\n", r, gp[1], h, 1.0 + gp[0]);
    LQ_CHECK_CLOSE(r, gp[1], 0.0, 0.3 * 0.5 * DR * 0.67 * 0.67);
    LQ_CHECK_CLOSE(h, 1.0 + gp[0], 0.0, 0.004 * gp[0]);

    /* a two-humped top (two Gaussians of width 0.15 A, 0.38 A apart: a dip of 7 % of the height
     * between them, inside the top 20 %): one peak, not two; where the parabola over the top
     * opens upwards a wider part of the peak is fitted. The peak is symmetric about its middle,
     * which the vertex must find to the window's asymmetry (one bin) times the quartic terms,
     * under 0.02 A, not at either hump */
    {
        double g2[NB], r1 = 4.2, r2 = 4.58, w2 = 0.15;
        for (size_t k = 0; k < NB; k++) {
            double x = ((double)k + 0.5) * DR;
            g2[k] = (x < 3.5 ? 0.0 : 1.0) + exp(-0.5 * (x - r1) * (x - r1) / (w2 * w2)) +
                    exp(-0.5 * (x - r2) * (x - r2) / (w2 * w2));
        }
        lqi_md_rdf_first_peak(g2, NB, DR, sg, &r, &h);
        fprintf(stderr, "  two humps: r %.5f (middle %.5f)  g %.4f\n", r, 0.5 * (r1 + r2), h);
        LQ_CHECK_CLOSE(r, 0.5 * (r1 + r2), 0.0, 0.02);
        LQ_CHECK(h > 1.0 && h < 2.2);
    }

    /* a broad skewed peak like Cl-Cl (height 1.75, width ~0.45 A): a parabola over a top of
     * half-width u_w = sqrt(2 ln 1.25 / k) (in r / r0) is pulled to the slow side by the cubic
     * term by about (3/10) (k/3) u_w^2 / (k/2) = u_w^2 / 5, i.e. 0.0047 A at k = 75, r0 = 3.9 */
    const double sp[3] = {0.75, 3.9, 75.0};
    double uw = sqrt(2.0 * log(1.25) / sp[2]), bias = uw * uw / 5.0 * sp[1];
    bin_average(skew_peak, sp, g);
    lqi_md_rdf_first_peak(g, NB, DR, sg, &r, &h);
    fprintf(stderr, "  skewed: r %.5f (%.5f, expected bias +%.4f)  g %.5f (%.5f)\n", r, sp[1], bias,
            h, 1.0 + sp[0]);
    LQ_CHECK(r > sp[1]);
    LQ_CHECK_CLOSE(r - sp[1], bias, 0.5, 0.0);
    LQ_CHECK_CLOSE(h, 1.0 + sp[0], 0.0, 0.004 * sp[0]);

    /* the same peak with independent noise of 0.03 per bin (a short run of a small cell), g set
     * to 0 inside 3.2 A (the core; g jumps from 0 to 1.19 there, so noise around 1 at small r
     * cannot start a first stretch), 400 realizations. The vertex of a least-squares parabola
     * over n bins |x| <= W (in bins) with noise s has sd s sqrt(3 / n) / (W 2 |c2|): n = 31,
     * W = 15, c2 = -A k dr^2 / (2 r0^2) = -7.4e-4, i.e. 0.42 bins = 0.008 A; the noise of the
     * window adds to it, so sd < 0.015 A is required. The maximum of the moving average is
     * printed beside it for comparison. */
    for (size_t k = 0; k < (size_t)(3.2 / DR); k++) g[k] = 0.0;
    lqi_rng rng;
    lqi_rng_seed(&rng, 3);
    double s1 = 0.0, s2 = 0.0, a2 = 0.0, gn[NB];
    const int nrep = 400;
    for (int rep = 0; rep < nrep; rep++) {
        for (size_t k = 0; k < NB; k++) gn[k] = g[k] + 0.03 * lqi_rng_normal(&rng);
        lqi_md_rdf_first_peak(gn, NB, DR, sg, &r, &h);
        /* the maximum of the smoothed g within 1.5 A of the peak, for comparison */
        size_t k0 = (size_t)((sp[1] - 1.5) / DR), km = k0 + argmax(sg + k0, (size_t)(3.0 / DR));
        double ra = ((double)km + 0.5) * DR;
        s1 += r - sp[1];
        s2 += (r - sp[1]) * (r - sp[1]);
        a2 += (ra - sp[1]) * (ra - sp[1]);
    }
    double mean = s1 / nrep, sd = sqrt(s2 / nrep - mean * mean), rms_arg = sqrt(a2 / nrep);
    fprintf(stderr,
            "  noisy skewed: fit r - r0 %.4f +- %.4f (sd) A; argmax of smoothed g: rms %.4f A\n",
            mean, sd, rms_arg);
    /* unbiased but for the cubic term above (within 4 standard errors of the mean) */
    LQ_CHECK_CLOSE(mean, bias, 0.0, 4.0 * sd / sqrt(nrep) + 0.5 * bias);
    LQ_CHECK(sd < 0.015);
}

/* Pair-distance density of the first shell (distance d) of an Einstein crystal with isotropic
 * displacements of variance sig2 per component: the difference vector is d + N(0, 2 sig2 I),
 * p(r) = r / (d s sqrt(2 pi)) (exp(-(r-d)^2/2s^2) - exp(-(r+d)^2/2s^2)), s^2 = 2 sig2 (the
 * noncentral chi distribution with 3 degrees of freedom). g(r) = V n_shell p(r) /
 * (4 pi r^2 N (N - 1) / 2) with n_shell = 3 N pairs (6 neighbours of a simple-cubic site).
 * par = {d, s, V, N} */
static double einstein_g(double r, const double *p) {
    double d = p[0], s = p[1], V = p[2], N = p[3];
    if (r <= 0.0) return 0.0;
    double pr = r / (d * s * sqrt(2.0 * LQ_PI)) *
                (exp(-0.5 * (r - d) * (r - d) / (s * s)) - exp(-0.5 * (r + d) * (r + d) / (s * s)));
    return V * 3.0 * N * pr / (4.0 * LQ_PI * r * r * 0.5 * N * (N - 1.0));
}

/* One run of `nconf` independent configurations, each added `repeat` times: peak and errors. */
static void einstein_run(lq_md_system *s, const double *x0, double sig, int nconf, int repeat,
                         lqi_rng *rng, lq_md_rdf_pair *pr) {
    lq_md_rdf *rdf = NULL;
    LQ_CHECK_STATUS(lq_md_rdf_create(1, NB * DR, NB, &rdf), LQ_OK);
    for (int c = 0; c < nconf; c++) {
        for (size_t k = 0; k < 3 * s->n_atoms; k++) s->pos_A[k] = x0[k] + sig * lqi_rng_normal(rng);
        for (int q = 0; q < repeat; q++) LQ_CHECK_STATUS(lq_md_rdf_add(rdf, s, NULL), LQ_OK);
    }
    LQ_CHECK_STATUS(lq_md_rdf_result(rdf, NULL, NULL, NULL, NULL, pr), LQ_OK);
    lq_md_rdf_free(rdf);
}

void test_rdf_peak_jackknife(void) {
    /* simple cubic, a = 3 A, 6x6x6 sites (L = 18 A), displacements 0.12 A per component: the
     * first shell is one isolated peak (the second, at 4.24 A, is 6 widths away) */
    const double a = 3.0, sig = 0.12;
    const int nc = 6;
    lq_md_system s;
    lq_md_system_alloc(&s, (size_t)(nc * nc * nc));
    s.n_species = 1;
    strcpy(s.species[0].name, "Ar");
    s.species[0].mass_amu = 39.95;
    for (size_t k = 0; k < 3; k++) s.box_A[k] = a * nc;
    double *x0 = malloc(3 * s.n_atoms * sizeof *x0);
    size_t i = 0;
    for (int x = 0; x < nc; x++)
        for (int y = 0; y < nc; y++)
            for (int z = 0; z < nc; z++, i++) {
                s.type[i] = 0;
                x0[3 * i] = a * x;
                x0[3 * i + 1] = a * y;
                x0[3 * i + 2] = a * z;
            }
    /* the exact g averaged over the bins: the estimator's target on it, against the maximum of
     * the continuous g (golden-section search), differ by the fit's bias only */
    const double par[4] = {a, sqrt(2.0) * sig, pow(a * nc, 3), (double)s.n_atoms};
    double g[NB], sg[NB], r_exact, g_exact;
    bin_average(einstein_g, par, g);
    lqi_md_rdf_first_peak(g, NB, DR, sg, &r_exact, &g_exact);
    double lo = 2.5, hi = 3.5, gr = 0.5 * (sqrt(5.0) - 1.0);
    for (int it = 0; it < 100; it++) {
        double m1 = hi - gr * (hi - lo), m2 = lo + gr * (hi - lo);
        if (einstein_g(m1, par) > einstein_g(m2, par))
            hi = m2;
        else
            lo = m1;
    }
    double r_max = 0.5 * (lo + hi), g_max = einstein_g(r_max, par);
    fprintf(stderr,
            "  einstein: continuous max r %.5f g %.4f; estimator on exact bins r %.5f g %.4f\n",
            r_max, g_max, r_exact, g_exact);
    /* the top (|u| <= 0.67 s = 0.11 A) is nearly Gaussian; the skew of p(r)/r^2 moves the
     * vertex by << 0.01 A and the quartic term lowers the height by ~0.2 % */
    LQ_CHECK_CLOSE(r_exact, r_max, 0.0, 0.002);
    LQ_CHECK_CLOSE(g_exact, g_max, 0.005, 0.0);

    /* 150 independent runs of 64 frames: the mean of the squared jackknife errors (over 8 blocks
     * of 8 frames) against the variance of the estimates over the runs. The variance from 150
     * runs has a relative standard deviation sqrt(2/149) = 0.12, the mean of 150 squared errors
     * from 8 blocks sqrt(2/7/150) = 0.04: their ratio must be 1 within 3 x 0.12 */
    lqi_rng rng;
    lqi_rng_seed(&rng, 17);
    const int nrun = 150;
    double sr = 0, sr2 = 0, sgp = 0, sgp2 = 0, er2 = 0, eg2 = 0, es2 = 0;
    size_t nblk = 0;
    for (int run = 0; run < nrun; run++) {
        lq_md_rdf_pair pr;
        einstein_run(&s, x0, sig, 64, 1, &rng, &pr);
        nblk = pr.n_blocks;
        sr += pr.r_peak_A;
        sr2 += pr.r_peak_A * pr.r_peak_A;
        sgp += pr.g_peak;
        sgp2 += pr.g_peak * pr.g_peak;
        er2 += pr.r_peak_err_A * pr.r_peak_err_A;
        eg2 += pr.g_peak_err * pr.g_peak_err;
        es2 += pr.r_peak_err_short_A * pr.r_peak_err_short_A;
    }
    double mr = sr / nrun, vr = (sr2 - nrun * mr * mr) / (nrun - 1);
    double mgp = sgp / nrun, vg = (sgp2 - nrun * mgp * mgp) / (nrun - 1);
    double ratio_r = er2 / nrun / vr, ratio_g = eg2 / nrun / vg, ratio_s = es2 / er2;
    fprintf(stderr,
            "  einstein runs: blocks %zu, r_peak %.5f (exact bins %.5f) sd %.5f, mean jackknife "
            "err^2 / var: r %.3f g %.3f; short/long blocks %.3f\n",
            nblk, mr, r_exact, sqrt(vr), ratio_r, ratio_g, ratio_s);
    LQ_CHECK(nblk == 8);
    LQ_CHECK_CLOSE(mr, r_exact, 0.0, 4.0 * sqrt(vr / nrun));
    LQ_CHECK_CLOSE(mgp, g_exact, 0.0, 4.0 * sqrt(vg / nrun) + 0.002 * g_exact);
    LQ_CHECK_CLOSE(ratio_r, 1.0, 0.0, 0.36);
    LQ_CHECK_CLOSE(ratio_g, 1.0, 0.0, 0.36);
    /* uncorrelated frames: blocks of 4 and of 8 frames give the same error (the two are
     * correlated estimates; 0.15 is generous) */
    LQ_CHECK_CLOSE(ratio_s, 1.0, 0.0, 0.15);

    /* correlated frames: 15 configurations, each 4 times in a row (60 frames: 30 stored blocks of
     * 2 frames, 15 blocks of 4 for the errors). The 15 blocks of 4 are independent, the 30 short
     * blocks come in identical pairs, so the short-block jackknife variance is 2 S / (30 x 29)
     * against the right S / (15 x 14): ratio 420/870 = 0.483. Over 60 runs the ratio of the mean
     * squared errors scatters by about 0.05. */
    double cr = 0, cs = 0;
    for (int run = 0; run < 60; run++) {
        lq_md_rdf_pair pr;
        einstein_run(&s, x0, sig, 15, 4, &rng, &pr);
        LQ_CHECK(pr.n_blocks == 15);
        cr += pr.r_peak_err_A * pr.r_peak_err_A;
        cs += pr.r_peak_err_short_A * pr.r_peak_err_short_A;
    }
    fprintf(stderr, "  correlated frames: short/long blocks %.3f (420/870 = 0.483)\n", cs / cr);
    LQ_CHECK_CLOSE(cs / cr, 420.0 / 870.0, 0.0, 0.15);
    free(x0);
    lq_md_system_free(&s);
}
