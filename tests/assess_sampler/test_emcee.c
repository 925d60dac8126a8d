/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The sampler against emcee (python3-emcee) in the same test: statistics, and a replay. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "assess/sampler_internal.h"
#include "core/core_internal.h"
#include "lq_test.h"
#include "sampler_test.h"

/*
 * Monte-Carlo error of a chain average. For a series y (the parameter, or its squared deviation
 * from the mean for the variance), the integrated autocorrelation time tau is estimated as emcee
 * does (emcee/autocorr.py: the normalised autocorrelation of each walker's series, averaged over
 * walkers, summed up to Sokal's automatic window, the first M >= 5 tau(M)); the standard error of
 * the average of w walkers x n iterations is then sqrt(var(y) tau / (w n)) (N_eff = w n / tau,
 * Foreman-Mackey et al. 2013, sect. 3 and emcee's "Autocorrelation analysis" tutorial). That
 * treats walkers as independent, which the ensemble moves make only approximately true, so the
 * batch-means error of the ensemble-average series (20 batches of consecutive iterations) is
 * computed too, and the larger of the two is used.
 */
typedef struct stat_est {
    double value, se, tau;
} stat_est;

/* tr [w][it][p]: the average over walkers and iterations [burn, it) of y(x_k), y = x_k when
 * center is NaN, else (x_k - center)^2; with its standard error. */
static stat_est chain_average(const double *tr, size_t w, size_t it, size_t p, size_t k,
                              size_t burn, double center) {
    size_t n = it - burn;
    static double y[64][8192];
    if (w > 64 || n > 8192) {
        LQ_FAIL("chain larger than the test's buffers");
        return (stat_est){(double)NAN, (double)NAN, (double)NAN};
    }
    double mean = 0.0, var = 0.0;
    for (size_t j = 0; j < w; j++)
        for (size_t t = 0; t < n; t++) {
            double x = tr[(j * it + burn + t) * p + k];
            y[j][t] = isnan(center) ? x : (x - center) * (x - center);
            mean += y[j][t];
        }
    mean /= (double)(w * n);
    for (size_t j = 0; j < w; j++)
        for (size_t t = 0; t < n; t++) var += (y[j][t] - mean) * (y[j][t] - mean);
    var /= (double)(w * n - 1);
    /* walker means and lag-0 autocovariances */
    double wm[64], c0[64];
    for (size_t j = 0; j < w; j++) {
        double m = 0.0, c = 0.0;
        for (size_t t = 0; t < n; t++) m += y[j][t];
        m /= (double)n;
        for (size_t t = 0; t < n; t++) c += (y[j][t] - m) * (y[j][t] - m);
        wm[j] = m;
        c0[j] = c;
    }
    double tau = 1.0;
    for (size_t lag = 1; lag < n / 2; lag++) {
        double rho = 0.0;
        for (size_t j = 0; j < w; j++) {
            double c = 0.0;
            for (size_t t = 0; t + lag < n; t++) c += (y[j][t] - wm[j]) * (y[j][t + lag] - wm[j]);
            rho += c0[j] > 0.0 ? c / c0[j] : 0.0;
        }
        tau += 2.0 * rho / (double)w;
        if ((double)lag >= 5.0 * tau) break;
    }
    enum { B = 20 };
    size_t len = n / B;
    double bm[B], bmean = 0.0, bvar = 0.0;
    for (size_t b = 0; b < B; b++) {
        bm[b] = 0.0;
        for (size_t j = 0; j < w; j++)
            for (size_t t = b * len; t < (b + 1) * len; t++) bm[b] += y[j][t];
        bm[b] /= (double)(w * len);
        bmean += bm[b] / B;
    }
    for (size_t b = 0; b < B; b++) bvar += (bm[b] - bmean) * (bm[b] - bmean) / (B - 1);
    double se_tau = sqrt(var * tau / (double)(w * n)), se_bm = sqrt(bvar / B);
    stat_est e = {mean, se_tau > se_bm ? se_tau : se_bm, tau};
    return e;
}

typedef struct case_def {
    const char *name;
    size_t p, iterations;
    lq_assess_lnprob_cb fn;
    void *ctx;
    double theta0[5];
    double truth_mean[5], truth_var[5];
} case_def;

#define N_WALKERS 32
#define BURN 1000
#define SIGMAS 4.0 /* bound in standard errors (see test_emcee_stat) */

static void write_init(const char *dir, const case_def *c, double *init, uint64_t seed) {
    lqi_rng r;
    lqi_rng_seed(&r, seed);
    for (size_t j = 0; j < N_WALKERS; j++)
        for (size_t k = 0; k < c->p; k++)
            init[j * c->p + k] = c->theta0[k] + 0.1 * fabs(c->theta0[k]) * lqi_rng_normal(&r);
    char path[8192];
    snprintf(path, sizeof path, "%s/%s_init.npy", dir, c->name);
    size_t shape[2] = {N_WALKERS, c->p};
    LQ_CHECK_STATUS(lqi_npy_write(path, init, shape, 2, NULL), LQ_OK);
}

static void compare_one(const char *what, const char *name, size_t k, stat_est a, stat_est b,
                        double truth) {
    double se = sqrt(a.se * a.se + b.se * b.se);
    fprintf(stderr,
            "  %s %s[%zu]: liquidus %.4f +- %.4f (tau %.0f), emcee %.4f +- %.4f (tau %.0f), "
            "exact %.4f\n",
            name, what, k, a.value, a.se, a.tau, b.value, b.se, b.tau, truth);
    LQ_CHECK(fabs(a.value - b.value) <= SIGMAS * se);
    LQ_CHECK(fabs(a.value - truth) <= SIGMAS * a.se);
    LQ_CHECK(fabs(b.value - truth) <= SIGMAS * b.se);
}

static void compare_case(const char *dir, const case_def *c, const lq_assess_sample_result *r) {
    char path[8192];
    double *em = NULL, *acc = NULL;
    size_t shape[3], nd = 0, sa[1], na = 0;
    snprintf(path, sizeof path, "%s/%s_emcee_chain.npy", dir, c->name);
    lq_status st = lqi_npy_read(path, &em, shape, 3, &nd, NULL);
    LQ_CHECK_STATUS(st, LQ_OK);
    snprintf(path, sizeof path, "%s/%s_emcee_acc.npy", dir, c->name);
    LQ_CHECK_STATUS(lqi_npy_read(path, &acc, sa, 1, &na, NULL), LQ_OK);
    if (!em || !acc || nd != 3 || shape[0] != N_WALKERS || shape[1] != c->iterations ||
        shape[2] != c->p || na != 1 || sa[0] != N_WALKERS) {
        LQ_FAIL("emcee output missing or of the wrong shape");
        lqi_free(em);
        lqi_free(acc);
        return;
    }
    for (size_t k = 0; k < c->p; k++) {
        stat_est ml = chain_average(r->trace, N_WALKERS, c->iterations, c->p, k, BURN, (double)NAN);
        stat_est me = chain_average(em, N_WALKERS, c->iterations, c->p, k, BURN, (double)NAN);
        compare_one("mean", c->name, k, ml, me, c->truth_mean[k]);
        stat_est vl = chain_average(r->trace, N_WALKERS, c->iterations, c->p, k, BURN, ml.value);
        stat_est ve = chain_average(em, N_WALKERS, c->iterations, c->p, k, BURN, me.value);
        compare_one("var", c->name, k, vl, ve, c->truth_var[k]);
    }
    double acc_em = 0.0;
    for (size_t j = 0; j < N_WALKERS; j++) acc_em += acc[j] / N_WALKERS;
    fprintf(stderr, "  %s acceptance: liquidus %.4f, emcee %.4f\n", c->name, r->acceptance, acc_em);
    LQ_CHECK(fabs(r->acceptance - acc_em) <= 0.02);
    lqi_free(em);
    lqi_free(acc);
}

/*
 * Means and variances of the correlated 2-D and 5-D Gaussians and of the 2-D Rosenbrock density
 * from liquidus and from emcee, same walkers, same start, same a = 2, different random numbers:
 * the two estimates must agree within SIGMAS = 4 combined standard errors (a false alarm has a
 * probability of about 6e-5 per comparison for normal errors; 24 comparisons), and each must agree
 * with the exact value within 4 of its own standard errors; acceptance fractions within 0.02.
 * The first BURN = 1000 iterations (> 7 tau for the slowest, the Rosenbrock x2) are dropped.
 */
void test_emcee_stat(void) {
    char dir[4096];
    if (lqt_tmpdir(dir, sizeof dir)) {
        LQ_FAIL("no scratch folder");
        return;
    }
    lq_gauss g2, g5;
    lqt_gauss2(&g2);
    lqt_gauss5(&g5);
    case_def cases[3] = {
        {"gauss2", 2, 3000, lqt_gauss_lnprob, &g2, {1.5, -1.5}, {1.0, -2.0}, {1.0, 4.0}},
        {"gauss5",
         5,
         4000,
         lqt_gauss_lnprob,
         &g5,
         {0.5, 1.5, -0.5, 2.5, 1.0},
         {0.0, 1.0, -1.0, 2.0, 0.5},
         {1.0, 4.0, 0.25, 9.0, 1.0}},
        {"rosen", 2, 6000, lqt_rosen_lnprob, NULL, {1.2, 1.1}, {1.0, 2.0}, {1.0, 6.1}},
    };
    static double init[3][N_WALKERS * 5];
    for (size_t i = 0; i < 3; i++) write_init(dir, &cases[i], init[i], 100 + i);
    char args[8192];
    snprintf(args, sizeof args, "stat '%s' gauss2:3000:11 gauss5:4000:12 rosen:6000:13", dir);
    int rc = lqt_python(args);
    LQ_CHECK(rc == 0); /* emcee must run: scripts/deps.sh installs python3-emcee */
    for (size_t i = 0; rc == 0 && i < 3; i++) {
        lq_assess_target tg = {cases[i].p, cases[i].fn, cases[i].ctx, NULL, 0, 1};
        lq_assess_sampler_options o = lq_assess_sampler_options_default();
        o.n_walkers = N_WALKERS;
        o.initial_walkers = init[i];
        o.iterations = cases[i].iterations;
        o.seed = 7 + i;
        lq_assess_sample_result *r = NULL;
        LQ_CHECK_STATUS(lq_assess_sample(&tg, NULL, &o, &r, NULL), LQ_OK);
        if (r) compare_case(dir, &cases[i], r);
        lq_assess_sample_result_free(r);
    }
    lqt_rmdir(dir);
}

/*
 * emcee run with liquidus' random numbers (ReplayRandom in emcee_ref.py): the chains must be the
 * same. Proposals are the same arithmetic in the same order; the log-probabilities can differ in
 * the last bits (NumPy's einsum and inverse against the C loops and LAPACK), which moves an
 * acceptance only when lnpdiff and log(u) tie to ~1e-15: so the chains are compared to 1e-12
 * relative, and a single differing decision would show as an O(1) difference.
 */
void test_emcee_replay(void) {
    char dir[4096], path[8192];
    if (lqt_tmpdir(dir, sizeof dir)) {
        LQ_FAIL("no scratch folder");
        return;
    }
    lq_gauss g5;
    lqt_gauss5(&g5);
    enum { W = 13, P = 5, IT = 300 }; /* odd: halves of 7 and 6, as emcee splits them */
    case_def c = {"gauss5", P, IT, lqt_gauss_lnprob, &g5, {0.5, 1.5, -0.5, 2.5, 1.0}, {0}, {0}};
    static double init[W * P], draws[IT][4][W];
    c.iterations = IT;
    /* write_init draws N_WALKERS walkers; the first W are used */
    static double init_all[N_WALKERS * P];
    write_init(dir, &c, init_all, 99);
    memcpy(init, init_all, sizeof init);
    size_t ishape[2] = {W, P};
    snprintf(path, sizeof path, "%s/gauss5_init.npy", dir);
    LQ_CHECK_STATUS(lqi_npy_write(path, init, ishape, 2, NULL), LQ_OK);
    lqi_rng base;
    lqi_rng_seed(&base, 4242);
    for (size_t t = 0; t < IT; t++) {
        size_t half[W], partner[W];
        lqi_sampler_draw(&base, t, W, half, draws[t][1], partner, draws[t][3]);
        for (size_t j = 0; j < W; j++) {
            draws[t][0][j] = (double)half[j];
            draws[t][2][j] = (double)partner[j];
        }
    }
    size_t dshape[3] = {IT, 4, W};
    snprintf(path, sizeof path, "%s/gauss5_draws.npy", dir);
    LQ_CHECK_STATUS(lqi_npy_write(path, &draws[0][0][0], dshape, 3, NULL), LQ_OK);
    char args[8192];
    snprintf(args, sizeof args, "replay '%s' gauss5", dir);
    LQ_CHECK(lqt_python(args) == 0);

    lq_assess_target tg = {P, lqt_gauss_lnprob, &g5, NULL, 0, 1};
    lq_assess_sampler_options o = lq_assess_sampler_options_default();
    o.n_walkers = W;
    o.initial_walkers = init;
    o.iterations = IT;
    o.seed = 4242;
    lq_assess_sample_result *r = NULL;
    LQ_CHECK_STATUS(lq_assess_sample(&tg, NULL, &o, &r, NULL), LQ_OK);
    double *em = NULL;
    size_t shape[3], nd = 0;
    snprintf(path, sizeof path, "%s/gauss5_replay_chain.npy", dir);
    LQ_CHECK_STATUS(lqi_npy_read(path, &em, shape, 3, &nd, NULL), LQ_OK);
    if (r && em && nd == 3 && shape[0] == W && shape[1] == IT && shape[2] == P) {
        double worst = 0.0;
        size_t same = 0;
        for (size_t i = 0; i < (size_t)W * IT * P; i++) {
            double d = fabs(r->trace[i] - em[i]) / (1.0 + fabs(em[i]));
            if (d > worst) worst = d;
            same += r->trace[i] == em[i];
        }
        fprintf(stderr,
                "  replay: %zu of %d values bitwise equal, worst relative difference %.3g\n", same,
                W * IT * P, worst);
        LQ_CHECK(worst <= 1e-12);
        LQ_CHECK(r->acceptance > 0.2 && r->acceptance < 0.9); /* the chains did move */
    } else {
        LQ_FAIL("replay chain missing or of the wrong shape");
    }
    lqi_free(em);
    lq_assess_sample_result_free(r);
    lqt_rmdir(dir);
}
