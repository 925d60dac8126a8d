/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CV peak deconvolution: a sweep as a line plus reversible-wave components (Levenberg-Marquardt).
 */
#include <math.h>
#include <string.h>

#include "core/core_internal.h"
#include "echem/ref/ana_internal.h"
#include "liquidus/units.h"

/*
 * The reversible linear-sweep wave in the progress variable s = nF(E1/2 - E)/RT (reduction; for
 * an oxidation s = nF(E - E1/2)/RT): for a reversible soluble couple the semi-integral of the
 * current is m_lim / (1 + exp(-s)) (Imbeaux & Saveant 1973), so the current is m_lim (nFv/RT)^1/2
 * g(s), g the semi-derivative in s of the logistic 1/(1 + e^-s) from s = -inf. g is tabulated by
 * the Grunwald-Letnikov sum (Oldham & Spanier, The Fractional Calculus, §8.2; weights w_0 = 1,
 * w_j = w_j-1 (j - 3/2)/j) on s in [S_LO, S_HI] with step S_H; below S_LO, g = e^s (the
 * semi-derivative of e^s is e^s), above S_HI the Cottrell tail g(S_HI) (S_HI/s)^1/2. Its maximum
 * is 0.4463 at s = 1.109 (Randles-Sevcik; the table reproduces both to 1e-4).
 */
#define S_LO (-14.0)
#define S_HI 120.0
#define S_H 0.02
#define S_N 6701 /* (S_HI - S_LO) / S_H + 1 */
#define G_MAX 0.4463
#define S_PEAK 1.109

typedef struct dc_data {
    const double *u, *y; /* sweep frame: u = d E, y = d I */
    size_t n, K;
    double f; /* F / RT */
    const double *g;
} dc_data;

static void g_table(double *g, double *w, double *m) {
    /* The logistic is ~e^s (8e-7 at S_LO) before the grid: taking it as zero there changes g by
     * ~1e-6 of its maximum. */
    w[0] = 1.0;
    for (size_t j = 1; j < S_N; j++) w[j] = w[j - 1] * ((double)j - 1.5) / (double)j;
    for (size_t i = 0; i < S_N; i++) m[i] = 1.0 / (1.0 + exp(-(S_LO + S_H * (double)i)));
    for (size_t i = 0; i < S_N; i++) {
        double acc = 0.0;
        for (size_t j = 0; j <= i; j++) acc += w[j] * m[i - j];
        g[i] = acc / sqrt(S_H);
    }
}

static double g_at(const double *g, double s) {
    if (s <= S_LO) return exp(s);
    if (s >= S_HI) return g[S_N - 1] * sqrt(S_HI / s);
    double x = (s - S_LO) / S_H;
    size_t i = (size_t)x;
    if (i >= S_N - 1) i = S_N - 2;
    double t = x - (double)i;
    return g[i] + t * (g[i + 1] - g[i]);
}

/* par: a, b, then per component h (height at the maximum), uh (u at E1/2), n. */
static double dc_model(const dc_data *D, const double *par, double u) {
    double v = par[0] + par[1] * u;
    for (size_t k = 0; k < D->K; k++) {
        const double *q = par + 2 + 3 * k;
        v += q[0] * g_at(D->g, q[2] * D->f * (u - q[1])) / G_MAX;
    }
    return v;
}

static int dc_f(const double *par, void *ctx, double *r) {
    const dc_data *D = ctx;
    for (size_t k = 0; k < D->K; k++)
        if (!(par[2 + 3 * k + 2] > 0.05) || !(par[2 + 3 * k + 2] < 20.0)) return 1;
    for (size_t i = 0; i < D->n; i++) r[i] = dc_model(D, par, D->u[i]) - D->y[i];
    return 0;
}

/* Central differences (the tabulated shape has no closed-form derivative). */
static int dc_df(const double *par, void *ctx, double *J) {
    const dc_data *D = ctx;
    size_t p = 2 + 3 * D->K;
    double x[2 + 3 * LQ_ECHEM_MAX_PEAKS];
    memcpy(x, par, p * sizeof *x);
    for (size_t j = 0; j < p; j++) {
        double h = 1e-6 * fmax(fabs(par[j]), j >= 2 && (j - 2) % 3 == 0 ? 1e-12 : 1e-3);
        for (size_t i = 0; i < D->n; i++) {
            x[j] = par[j] + h;
            double up = dc_model(D, x, D->u[i]);
            x[j] = par[j] - h;
            double dn = dc_model(D, x, D->u[i]);
            J[i * p + j] = (up - dn) / (2.0 * h);
        }
        x[j] = par[j];
    }
    return 0;
}

lq_echem_cv_deconv_options lq_echem_cv_deconv_options_default(void) {
    lq_echem_cv_deconv_options o;
    memset(&o, 0, sizeof o);
    o.min_prominence_frac = 0.05;
    o.max_iter = 400;
    return o;
}

/* Flags on a component: n outside 0.3..6, any parameter uncertain by more than 20 % (n, height)
 * or 5 mV (E1/2), the fit's residuals structured (runs test) and above 0.5 % of the largest wave.
 */
static void dc_quality(lq_echem_cv_component *c, double runs_z, double rms, double hmax) {
    if (c->n_apparent < 0.3 || c->n_apparent > 6.0)
        lqi_echem_flag(&c->quality, LQ_ECHEM_Q_UNPHYSICAL,
                       "n = %.2f from the wave's width is outside 0.3-6", c->n_apparent);
    if (!(c->n_se < 0.2 * c->n_apparent) || !(c->Ip_se_A < 0.2 * fabs(c->Ip_A)) ||
        !(c->E_half_se_V < 5e-3))
        lqi_echem_flag(&c->quality, LQ_ECHEM_Q_UNPHYSICAL,
                       "poorly determined: n %.2f +- %.2g, Ip %.3g +- %.2g A, E1/2 +- %.2g mV",
                       c->n_apparent, c->n_se, c->Ip_A, c->Ip_se_A, 1e3 * c->E_half_se_V);
    /* Noise-free data leave runs in residuals of 1e-6 of the height: only residuals above 0.5 %
     * of the largest wave count. */
    if (runs_z < LQI_ECHEM_RUNS_Z_MIN && rms > 0.005 * hmax)
        lqi_echem_flag(&c->quality, LQ_ECHEM_Q_RESIDUALS,
                       "residuals structured (runs z = %.1f, RMS %.3g A): the sum of reversible "
                       "waves misses part of the sweep",
                       runs_z, rms);
}

lq_status lq_echem_cv_deconvolve(const double *E_V, const double *I_A, size_t n,
                                 const lq_echem_cv_deconv_options *opt,
                                 lq_echem_cv_deconv_result *res, lq_diag *diag) {
    if (!E_V || !I_A || !opt || !res)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "NULL argument");
    if (n < 20) return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "need 20 samples, got %zu", n);
    if (!(opt->T_K > 0.0) || !isfinite(opt->T_K) || opt->npeaks > LQ_ECHEM_MAX_PEAKS ||
        !(opt->min_prominence_frac >= 0.0))
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "options",
                            "need T > 0, npeaks <= %d, prominence >= 0", LQ_ECHEM_MAX_PEAKS);
    lq_status st = lqi_echem_check_series(NULL, E_V, I_A, n, diag);
    if (st != LQ_OK) return st;
    double d = E_V[n - 1] < E_V[0] ? -1.0 : 1.0;
    double *buf = lqi_malloc_array(3 * n + 3 * S_N, sizeof *buf);
    if (!buf) return LQ_ENOMEM;
    double *u = buf, *y = buf + n, *ys = buf + 2 * n, *g = buf + 3 * n, *w = g + S_N;
    for (size_t i = 0; i < n; i++) {
        u[i] = d * E_V[i];
        y[i] = d * I_A[i];
    }
    g_table(g, w, w + S_N);
    size_t win = lqi_echem_auto_window(n, 0.02);
    st = lq_echem_savgol(y, n, win, 2, ys);
    double ymin = ys[0], ymax = ys[0];
    for (size_t i = 0; i < n; i++) {
        ymin = fmin(ymin, ys[i]);
        ymax = fmax(ymax, ys[i]);
    }
    size_t idx[LQ_ECHEM_MAX_PEAKS];
    double prom[LQ_ECHEM_MAX_PEAKS];
    size_t K = st == LQ_OK ? lqi_echem_find_maxima(ys, n, opt->min_prominence_frac * (ymax - ymin),
                                                   idx, prom, LQ_ECHEM_MAX_PEAKS)
                           : 0;
    if (opt->npeaks && opt->npeaks < K) K = opt->npeaks;
    if (K == 0) {
        lqi_free(buf);
        return lqi_diag_set(diag, LQ_ENOTFOUND, NULL, 0, NULL, "no peak in the sweep");
    }
    /* Start: the line through the sweep's first 5 % (the charging current), each peak from its
     * maximum with n = 1 (E1/2 = Ep - 1.109 RT/F in the sweep's frame). */
    double f = LQ_FARADAY_C_PER_MOL / (LQ_GAS_CONSTANT_J_PER_MOL_K * opt->T_K);
    size_t nb = n / 20 > 3 ? n / 20 : 3;
    lq_echem_linfit lf;
    double par[2 + 3 * LQ_ECHEM_MAX_PEAKS], se[2 + 3 * LQ_ECHEM_MAX_PEAKS];
    if (lq_echem_linfit_compute(u, ys, nb, &lf) == LQ_OK) {
        par[0] = lf.a;
        par[1] = lf.b;
    } else {
        par[0] = ys[0];
        par[1] = 0.0;
    }
    for (size_t k = 0; k < K; k++) {
        double *q = par + 2 + 3 * k;
        q[0] = ys[idx[k]] - (par[0] + par[1] * u[idx[k]]);
        q[1] = u[idx[k]] - S_PEAK / f;
        q[2] = 1.0;
    }
    size_t p = 2 + 3 * K;
    dc_data D = {u, y, n, K, f, g};
    if (n <= p) {
        lqi_free(buf);
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "%zu samples for %zu parameters", n, p);
    }
    lqi_nlfit fit = {n,     p,     dc_f,  dc_df, &D, opt->max_iter ? opt->max_iter : 400,
                     1e-10, 1e-10, 1e-12, 1};
    lqi_nlfit_result fr;
    st = lqi_nlfit_solve(&fit, par, se, &fr);
    if (st != LQ_OK) {
        lqi_free(buf);
        if (st == LQ_ENOCONV)
            return lqi_diag_set(diag, st, NULL, 0, NULL,
                                "deconvolution into %zu reversible waves did not converge (%s)", K,
                                fr.reason ? fr.reason : "?");
        return st;
    }
    lq_echem_cv_deconv_result r;
    memset(&r, 0, sizeof r);
    r.ncomp = K;
    r.base_a_A = d * par[0]; /* I = d y, y = a + b u = a + b d E */
    r.base_b_A_per_V = par[1];
    r.rms_A = sqrt(fr.chi2 / (double)n);
    dc_f(par, &D, ys); /* residuals, for the runs test */
    double z = lqi_echem_runs_z(ys, n), hmax = 0.0;
    for (size_t k = 0; k < K; k++) hmax = fmax(hmax, fabs(par[2 + 3 * k]));
    for (size_t k = 0; k < K; k++) {
        const double *q = par + 2 + 3 * k, *qs = se + 2 + 3 * k;
        lq_echem_cv_component *c = &r.comp[k];
        c->Ip_A = d * q[0];
        c->Ip_se_A = qs[0];
        c->E_half_V = d * q[1];
        c->E_half_se_V = qs[1];
        c->n_apparent = q[2];
        c->n_se = qs[2];
        c->Ep_V = d * (q[1] + S_PEAK / (q[2] * f));
        dc_quality(c, z, r.rms_A, hmax);
    }
    /* In order of the sweep. */
    for (size_t k = 1; k < K; k++)
        for (size_t j = k; j > 0 && d * r.comp[j].E_half_V < d * r.comp[j - 1].E_half_V; j--) {
            lq_echem_cv_component tmp = r.comp[j];
            r.comp[j] = r.comp[j - 1];
            r.comp[j - 1] = tmp;
        }
    lqi_free(buf);
    *res = r;
    return LQ_OK;
}
