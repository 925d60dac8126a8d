/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Square-wave voltammetry: baseline + multi-Gaussian deconvolution, n from the half-peak width. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/core_internal.h"
#include "echem/ref/ana_internal.h"
#include "liquidus/units.h"

/* FWHM of a Gaussian in units of its standard deviation: 2 sqrt(2 ln 2). */
#define FWHM_PER_SIGMA 2.3548200450309493

lq_echem_swv_options lq_echem_swv_options_default(void) {
    lq_echem_swv_options o;
    memset(&o, 0, sizeof o);
    o.min_prominence_frac = 0.05;
    o.max_iter = 200;
    return o;
}

typedef struct swv_data {
    const double *E, *y; /* potentials and currents scaled by 1/iscale */
    size_t n, np;
} swv_data;

/* Parameters: p[0] = a, p[1] = b (baseline a + b (E - E0) is folded into E by the caller),
 * then per peak h, Ep, s. */
static int swv_f(const double *p, void *vd, double *f) {
    const swv_data *d = vd;
    double a = p[0], b = p[1];
    for (size_t i = 0; i < d->n; i++) {
        double e = d->E[i], m = a + b * e;
        for (size_t k = 0; k < d->np; k++) {
            double h = p[2 + 3 * k], ep = p[3 + 3 * k], s = p[4 + 3 * k], z = (e - ep) / s;
            m += h * exp(-0.5 * z * z);
        }
        f[i] = m - d->y[i];
    }
    return 0;
}

static int swv_df(const double *p, void *vd, double *J) {
    const swv_data *d = vd;
    size_t npar = 2 + 3 * d->np;
    for (size_t i = 0; i < d->n; i++) {
        double e = d->E[i], *row = J + i * npar;
        row[0] = 1.0;
        row[1] = e;
        for (size_t k = 0; k < d->np; k++) {
            double h = p[2 + 3 * k], ep = p[3 + 3 * k], s = p[4 + 3 * k], z = (e - ep) / s,
                   g = exp(-0.5 * z * z);
            row[2 + 3 * k] = g;
            row[3 + 3 * k] = h * g * z / s;
            row[4 + 3 * k] = h * g * z * z / s;
        }
    }
    return 0;
}

typedef struct idx_e {
    double e;
    size_t i;
} idx_e;

static int cmp_idx_e(const void *a, const void *b) {
    double x = ((const idx_e *)a)->e, y = ((const idx_e *)b)->e;
    return (x > y) - (x < y);
}

static int cmp_peak_e(const void *a, const void *b) {
    double x = ((const lq_echem_swv_peak *)a)->E_V, y = ((const lq_echem_swv_peak *)b)->E_V;
    return (x > y) - (x < y);
}

/* Local maxima of z with prominence >= min_prom (most prominent first, at most cap). */
static size_t swv_maxima(const double *z, size_t m, double min_prom, size_t *idx, size_t cap) {
    double prom[LQ_ECHEM_MAX_PEAKS];
    return lqi_echem_find_maxima(z, m, min_prom, idx, prom,
                                 cap < LQ_ECHEM_MAX_PEAKS ? cap : LQ_ECHEM_MAX_PEAKS);
}

double lq_echem_swv_model(const lq_echem_swv_result *res, double E_V) {
    if (!res) return (double)NAN;
    double m = res->base_a_A + res->base_b_A_per_V * E_V;
    for (size_t k = 0; k < res->npeaks && k < LQ_ECHEM_MAX_PEAKS; k++) {
        const lq_echem_swv_peak *p = &res->peaks[k];
        double s = p->w_half_V / FWHM_PER_SIGMA, z = (E_V - p->E_V) / s;
        m += p->height_A * exp(-0.5 * z * z);
    }
    return m;
}

/*
 * One nonlinear least-squares fit of the baseline and np Gaussians from par (in/out), with the
 * standard errors of the parameters (covariance at the solution times the residual variance).
 */
static lq_status swv_solve(const double *E, const double *y, size_t n, size_t np, int max_iter,
                           double *par, double *se, double *chi2_out, size_t *iters,
                           lq_diag *diag) {
    size_t npar = 2 + 3 * np;
    if (n <= npar)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "%zu points are too few for %zu peaks",
                            n, np);
    swv_data data = {E, y, n, np};
    lqi_nlfit fit = {n,     npar,  swv_f, swv_df, &data, (size_t)(max_iter > 0 ? max_iter : 200),
                     1e-10, 1e-10, 1e-12, 0};
    lqi_nlfit_result fr;
    lq_status st = lqi_nlfit_solve(&fit, par, se, &fr);
    if (st == LQ_ENOCONV)
        return lqi_diag_set(diag, LQ_ENOCONV, NULL, 0, NULL,
                            "Gaussian deconvolution with %zu peak(s) did not converge (%s)", np,
                            fr.reason ? fr.reason : "?");
    if (st != LQ_OK) return st;
    *chi2_out = fr.chi2;
    *iters = fr.iterations;
    return LQ_OK;
}

/* Points across a peak's full width at half maximum below which W1/2 (and n) is not resolved. */
#define SWV_MIN_POINTS_FWHM 8
/* Physical range of n from a peak width: a single step transfers a few electrons at most. */
#define SWV_N_MIN 0.3
#define SWV_N_MAX 6.0

/* Flags on one peak's n: too few points across the peak, n outside its physical range or
 * uncertain by more than 20 %, residuals of the whole fit structured. */
static void swv_peak_quality(lq_echem_swv_peak *pk, const double *E, size_t n, double runs_z) {
    size_t in = 0;
    for (size_t i = 0; i < n; i++)
        if (fabs(E[i] - pk->E_V) <= 0.5 * pk->w_half_V) in++;
    if (in < SWV_MIN_POINTS_FWHM || n < 20)
        lqi_echem_flag(&pk->quality, LQ_ECHEM_Q_RANGE_SHORT,
                       "%zu points across W1/2 and %zu in the curve (need %d and 20)", in, n,
                       SWV_MIN_POINTS_FWHM);
    if (!(pk->n_electrons > SWV_N_MIN && pk->n_electrons < SWV_N_MAX))
        lqi_echem_flag(&pk->quality, LQ_ECHEM_Q_UNPHYSICAL, "n = %.3g outside %.1f..%.0f",
                       pk->n_electrons, SWV_N_MIN, SWV_N_MAX);
    if (!(pk->n_electrons_se < 0.2 * pk->n_electrons))
        lqi_echem_flag(&pk->quality, LQ_ECHEM_Q_UNPHYSICAL, "n uncertain: %.3g +- %.2g",
                       pk->n_electrons, pk->n_electrons_se);
    if (runs_z < LQI_ECHEM_RUNS_Z_MIN)
        lqi_echem_flag(&pk->quality, LQ_ECHEM_Q_RESIDUALS,
                       "residuals of the fit structured (runs test z = %.1f)", runs_z);
}

lq_status lq_echem_swv_fit(const double *E_V, const double *I_A, size_t n,
                           const lq_echem_swv_options *opt, lq_echem_swv_result *res,
                           lq_diag *diag) {
    if (!E_V || !I_A || !opt || !res)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "NULL argument");
    if (n < 10) return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "%zu points: need 10", n);
    if (!(opt->T_K > 0.0) || !isfinite(opt->T_K))
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "T", "temperature must be > 0 K");
    lq_status st = lqi_echem_check_series(NULL, E_V, I_A, n, diag);
    if (st != LQ_OK) return st;
    idx_e *order = lqi_malloc_array(n, sizeof *order);
    double *buf = lqi_malloc_array(4 * n, sizeof *buf);
    if (!order || !buf) {
        lqi_free(order);
        lqi_free(buf);
        return LQ_ENOMEM;
    }
    double *E = buf, *y = buf + n, *z = buf + 2 * n, *zs = buf + 3 * n;
    for (size_t i = 0; i < n; i++) order[i] = (idx_e){E_V[i], i};
    qsort(order, n, sizeof *order, cmp_idx_e);
    double iscale = 0.0;
    for (size_t i = 0; i < n; i++) {
        E[i] = order[i].e;
        y[i] = I_A[order[i].i];
        if (fabs(y[i]) > iscale) iscale = fabs(y[i]);
    }
    lqi_free(order);
    if (!(iscale > 0.0) || !(E[n - 1] > E[0])) {
        lqi_free(buf);
        return lqi_diag_set(diag, LQ_ENOTFOUND, NULL, 0, "I", "flat record: no peak");
    }
    for (size_t i = 0; i < n; i++) y[i] /= iscale;
    /* Starting baseline: the line through the means of the first and last 5 % of the points. */
    size_t ne = n / 20 > 2 ? n / 20 : 2;
    double e0 = 0, y0 = 0, e1 = 0, y1 = 0;
    for (size_t i = 0; i < ne; i++) {
        e0 += E[i];
        y0 += y[i];
        e1 += E[n - 1 - i];
        y1 += y[n - 1 - i];
    }
    e0 /= (double)ne;
    y0 /= (double)ne;
    e1 /= (double)ne;
    y1 /= (double)ne;
    double b0 = (y1 - y0) / (e1 - e0), a0 = y0 - b0 * e0;
    double zmax = 0.0;
    for (size_t i = 0; i < n; i++) {
        z[i] = y[i] - (a0 + b0 * E[i]);
        if (fabs(z[i]) > fabs(zmax)) zmax = z[i];
    }
    double sgn = zmax >= 0.0 ? 1.0 : -1.0;
    for (size_t i = 0; i < n; i++) z[i] *= sgn;
    size_t w = opt->smooth_window ? opt->smooth_window : lqi_echem_auto_window(n, 0.02);
    if (w > n) w = n % 2 ? n : n - 1;
    if (lq_echem_savgol(z, n, w, w >= 5 ? 2 : 0, zs) != LQ_OK) memcpy(zs, z, n * sizeof *zs);
    size_t idx[LQ_ECHEM_MAX_PEAKS];
    size_t cap = opt->npeaks && opt->npeaks < LQ_ECHEM_MAX_PEAKS ? opt->npeaks : LQ_ECHEM_MAX_PEAKS;
    size_t np = swv_maxima(zs, n, opt->min_prominence_frac * fabs(zmax), idx, cap);
    if (np == 0) {
        lqi_free(buf);
        return lqi_diag_set(diag, LQ_ENOTFOUND, NULL, 0, "I", "no peak above %.3g of the maximum",
                            opt->min_prominence_frac);
    }
    /* Parameters (scaled currents): a, b, then h, Ep, s per peak; at most 2 + 3 * 16. */
    double par[2 + 3 * LQ_ECHEM_MAX_PEAKS], se[2 + 3 * LQ_ECHEM_MAX_PEAKS];
    par[0] = a0;
    par[1] = b0;
    for (size_t k = 0; k < np; k++) {
        size_t i = idx[k], l = i, r = i;
        double half = 0.5 * zs[i];
        while (l > 0 && zs[l] > half) l--;
        while (r + 1 < n && zs[r] > half) r++;
        double fwhm = E[r] - E[l];
        if (!(fwhm > 0.0)) fwhm = 2.0 * (E[n - 1] - E[0]) / (double)n;
        par[2 + 3 * k] = sgn * zs[i];
        par[3 + 3 * k] = E[i];
        par[4 + 3 * k] = fwhm / FWHM_PER_SIGMA;
    }
    double chi2 = 0.0;
    size_t iters = 0;
    lq_status out_st = swv_solve(E, y, n, np, opt->max_iter, par, se, &chi2, &iters, diag);
    /* Overlapping peaks show a single maximum: while fewer peaks than asked for are fitted, add one
     * where the smoothed residual (in the peaks' sign) is largest and refit everything from the
     * previous solution. The user asked for that many peaks, so no significance test is made. */
    while (out_st == LQ_OK && opt->npeaks > np && np < LQ_ECHEM_MAX_PEAKS) {
        for (size_t i = 0; i < n; i++) {
            double m = par[0] + par[1] * E[i];
            for (size_t k = 0; k < np; k++) {
                double zz = (E[i] - par[3 + 3 * k]) / par[4 + 3 * k];
                m += par[2 + 3 * k] * exp(-0.5 * zz * zz);
            }
            z[i] = sgn * (y[i] - m);
        }
        if (lq_echem_savgol(z, n, w, w >= 5 ? 2 : 0, zs) != LQ_OK) memcpy(zs, z, n * sizeof *zs);
        size_t im = 0;
        for (size_t i = 1; i < n; i++)
            if (zs[i] > zs[im]) im = i;
        if (!(zs[im] > 0.0)) break;
        double smin = par[4];
        for (size_t k = 1; k < np; k++)
            if (par[4 + 3 * k] < smin) smin = par[4 + 3 * k];
        par[2 + 3 * np] = sgn * zs[im];
        par[3 + 3 * np] = E[im];
        par[4 + 3 * np] = 0.5 * smin;
        np++;
        out_st = swv_solve(E, y, n, np, opt->max_iter, par, se, &chi2, &iters, diag);
    }
    if (out_st == LQ_OK) {
        lq_echem_swv_result r;
        memset(&r, 0, sizeof r);
        r.base_a_A = par[0] * iscale;
        r.base_b_A_per_V = par[1] * iscale;
        r.rms_A = sqrt(chi2 / (double)n) * iscale;
        r.iterations = iters;
        double rt_f = LQ_GAS_CONSTANT_J_PER_MOL_K * opt->T_K / LQ_FARADAY_C_PER_MOL;
        for (size_t i = 0; i < n; i++) {
            double m = par[0] + par[1] * E[i];
            for (size_t k = 0; k < np; k++) {
                double zz = (E[i] - par[3 + 3 * k]) / par[4 + 3 * k];
                m += par[2 + 3 * k] * exp(-0.5 * zz * zz);
            }
            z[i] = y[i] - m;
        }
        double runs_z = lqi_echem_runs_z(z, n);
        for (size_t k = 0; k < np; k++) {
            lq_echem_swv_peak *pk = &r.peaks[r.npeaks];
            double h = par[2 + 3 * k], ep = par[3 + 3 * k], sg = fabs(par[4 + 3 * k]);
            pk->height_A = h * iscale;
            pk->height_se_A = se[2 + 3 * k] * iscale;
            pk->E_V = ep;
            pk->E_se_V = se[3 + 3 * k];
            pk->w_half_V = FWHM_PER_SIGMA * sg;
            pk->w_half_se_V = FWHM_PER_SIGMA * se[4 + 3 * k];
            /* Mg-La study §3.1.2: W1/2 = 3.52 RT / (nF)  =>  n = 3.52 RT / (F W1/2). */
            pk->n_electrons = LQ_ECHEM_SWV_W_HALF_FACTOR * rt_f / pk->w_half_V;
            pk->n_electrons_se = pk->n_electrons * pk->w_half_se_V / pk->w_half_V;
            if (ep < E[0] || ep > E[n - 1] || !isfinite(pk->n_electrons)) continue;
            swv_peak_quality(pk, E, n, runs_z);
            r.npeaks++;
        }
        if (r.npeaks == 0) {
            out_st = lqi_diag_set(diag, LQ_ENOCONV, NULL, 0, NULL,
                                  "every fitted peak left the potential window");
        } else {
            qsort(r.peaks, r.npeaks, sizeof r.peaks[0], cmp_peak_e);
            *res = r;
        }
    }
    lqi_free(buf);
    return out_st;
}
