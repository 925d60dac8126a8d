/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DSC trace predicted from a database: H(T) of the equilibrium state, its derivative (with the
 * latent heat at invariants), and the instrument response. */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "thermal/thermal_internal.h"

void lq_dsc_predict_options_default(lq_dsc_predict_options *opt) {
    if (!opt) return;
    opt->T_min_K = 400.0;
    opt->T_max_K = 1400.0;
    opt->dT_K = 0.5;
    opt->rate_K_per_s = 10.0 / 60.0;
    opt->tau_s = 5.0;
    opt->sigma_K = 0.5;
}

void lq_dsc_prediction_free(lq_dsc_prediction *p) {
    if (!p) return;
    lqi_free(p->T_K);
    lqi_free(p->H_J_per_mol);
    lqi_free(p->cp_app);
    lqi_free(p->signal_W_per_mol);
    lqi_free(p->cp_frozen);
    lqi_free(p->excess_W_per_mol);
    lqi_free(p->T_transition_K);
    lqi_free(p->dH_transition_J_per_mol);
    lqi_free(p);
}

/* Equilibrium at T: H and the set of stable phases (bit per phase index mod 64). */
static lq_status solve(lq_eq_ws *ws, double T, const double *x, size_t ncomp, lq_eq_result *res,
                       double *H, uint64_t *set) {
    lq_status st = lq_eq_solve(ws, T, x, ncomp, res, NULL);
    if (st != LQ_OK) return st;
    if (!isfinite(res->H)) return LQ_ENOCONV;
    *H = res->H;
    uint64_t s = 0;
    for (size_t k = 0; k < res->n_phases; k++)
        if (res->phases[k].amount > 1e-12) s |= (uint64_t)1 << (res->phases[k].phase % 64);
    *set = s;
    return LQ_OK;
}

/* Where the phase set changes between T0 (set s0) and T1: bisection to 1e-3 K. Returns the
 * temperature, and the enthalpy just below and above. */
static double locate(lq_eq_ws *ws, const double *x, size_t ncomp, lq_eq_result *res, double T0,
                     uint64_t s0, double T1, double *H_lo, double *H_hi, double H0, double H1) {
    double a = T0, b = T1, ha = H0, hb = H1;
    for (int it = 0; it < 60 && b - a > 1e-3; it++) {
        double m = 0.5 * (a + b), h;
        uint64_t s;
        if (solve(ws, m, x, ncomp, res, &h, &s) != LQ_OK) break;
        if (s == s0) {
            a = m;
            ha = h;
        } else {
            b = m;
            hb = h;
        }
    }
    *H_lo = ha;
    *H_hi = hb;
    return 0.5 * (a + b);
}

/* First-order lag of length lambda (K) along increasing T, then a Gaussian of sigma (K). */
static lq_status respond(const double *in, size_t n, double dT, double lambda, double sigma,
                         double *out) {
    double *y = lqi_malloc_array(n, sizeof *y);
    if (!y) return LQ_ENOMEM;
    double k = lambda > 0 ? 1.0 - exp(-dT / lambda) : 1.0;
    y[0] = in[0];
    for (size_t i = 1; i < n; i++) y[i] = y[i - 1] + k * (in[i] - y[i - 1]);
    long h = sigma > 0 ? (long)ceil(4.0 * sigma / dT) : 0;
    for (size_t i = 0; i < n; i++) {
        double s = 0.0, w = 0.0;
        for (long j = -h; j <= h; j++) {
            long q = (long)i + j;
            if (q < 0 || q >= (long)n) continue;
            double g = h ? exp(-0.5 * ((double)j * dT / sigma) * ((double)j * dT / sigma)) : 1.0;
            s += g * y[q];
            w += g;
        }
        out[i] = s / w;
    }
    lqi_free(y);
    return LQ_OK;
}

static lq_status alloc_pred(lq_dsc_prediction **out, size_t n) {
    lq_dsc_prediction *p = lqi_calloc(1, sizeof *p);
    if (!p) return LQ_ENOMEM;
    p->n = n;
    p->T_K = lqi_malloc_array(n, sizeof(double));
    p->H_J_per_mol = lqi_malloc_array(n, sizeof(double));
    p->cp_app = lqi_malloc_array(n, sizeof(double));
    p->signal_W_per_mol = lqi_malloc_array(n, sizeof(double));
    p->cp_frozen = lqi_malloc_array(n, sizeof(double));
    p->excess_W_per_mol = lqi_malloc_array(n, sizeof(double));
    p->T_transition_K = lqi_malloc_array(n, sizeof(double));
    p->dH_transition_J_per_mol = lqi_malloc_array(n, sizeof(double));
    if (!p->T_K || !p->H_J_per_mol || !p->cp_app || !p->signal_W_per_mol || !p->T_transition_K ||
        !p->dH_transition_J_per_mol || !p->cp_frozen || !p->excess_W_per_mol) {
        lq_dsc_prediction_free(p);
        return LQ_ENOMEM;
    }
    *out = p;
    return LQ_OK;
}

/* H over the grid; failed temperatures get NaN and set[i] = 0. */
static void sweep(lq_eq_ws *ws, const double *x, size_t ncomp, lq_eq_result *res,
                  lq_dsc_prediction *p, uint64_t *set) {
    for (size_t i = 0; i < p->n; i++) {
        if (solve(ws, p->T_K[i], x, ncomp, res, &p->H_J_per_mol[i], &set[i]) != LQ_OK) {
            p->H_J_per_mol[i] = (double)NAN;
            p->cp_frozen[i] = (double)NAN;
            set[i] = 0;
            p->n_failed++;
        } else {
            p->cp_frozen[i] = res->Cp;
        }
    }
}

/* Linear interpolation of v [n] over failed temperatures (from the nearest good ones). */
static int fill_gaps(double *v, size_t n) {
    size_t first = n;
    for (size_t i = 0; i < n && first == n; i++)
        if (isfinite(v[i])) first = i;
    if (first == n) return 0;
    size_t last = first;
    for (size_t i = first + 1; i < n; i++) {
        if (!isfinite(v[i])) continue;
        for (size_t j = last + 1; j < i; j++)
            v[j] = v[last] + (v[i] - v[last]) * (double)(j - last) / (double)(i - last);
        last = i;
    }
    for (size_t j = 0; j < first; j++) v[j] = v[first];
    for (size_t j = last + 1; j < n; j++) v[j] = v[last];
    return 1;
}

lq_status lq_dsc_predict(lq_eq_ws *ws, const double *x, size_t ncomp,
                         const lq_dsc_predict_options *opt, lq_dsc_prediction **out,
                         lq_diag *diag) {
    if (!ws || !x || !out) return LQ_EINVAL;
    lq_dsc_predict_options def;
    if (!opt) {
        lq_dsc_predict_options_default(&def);
        opt = &def;
    }
    if (!(opt->T_min_K > 0) || !(opt->T_max_K > opt->T_min_K) || !(opt->dT_K > 0) ||
        !(opt->rate_K_per_s > 0) || !(opt->tau_s >= 0) || !(opt->sigma_K >= 0) ||
        (opt->T_max_K - opt->T_min_K) / opt->dT_K > 1e6)
        return LQ_EINVAL;
    size_t n = (size_t)floor((opt->T_max_K - opt->T_min_K) / opt->dT_K + 1e-9) + 1;
    if (n < 3) return LQ_EINVAL;
    lq_dsc_prediction *p = NULL;
    lq_eq_result *res = NULL;
    uint64_t *set = lqi_malloc_array(n, sizeof *set);
    lq_status st = set ? alloc_pred(&p, n) : LQ_ENOMEM;
    if (st == LQ_OK) st = lq_eq_result_alloc(ws, &res);
    if (st == LQ_OK) {
        for (size_t i = 0; i < n; i++) p->T_K[i] = opt->T_min_K + (double)i * opt->dT_K;
        sweep(ws, x, ncomp, res, p, set);
        for (size_t i = 0; i + 1 < n; i++) {
            if (!set[i] || !set[i + 1] || set[i] == set[i + 1]) continue;
            double hl, hh;
            double Tt = locate(ws, x, ncomp, res, p->T_K[i], set[i], p->T_K[i + 1], &hl, &hh,
                               p->H_J_per_mol[i], p->H_J_per_mol[i + 1]);
            p->T_transition_K[p->n_transitions] = Tt;
            p->dH_transition_J_per_mol[p->n_transitions++] = hh - hl;
        }
        if (!fill_gaps(p->H_J_per_mol, n) || !fill_gaps(p->cp_frozen, n))
            st = lqi_diag_set(diag, LQ_ENOCONV, "", 0, "T",
                              "no equilibrium converged between %g and %g K", opt->T_min_K,
                              opt->T_max_K);
    }
    if (st == LQ_OK) {
        const double *H = p->H_J_per_mol;
        double d = opt->dT_K;
        for (size_t i = 0; i < n; i++) {
            size_t a = i > 0 ? i - 1 : 0, b = i + 1 < n ? i + 1 : n - 1;
            p->cp_app[i] = (H[b] - H[a]) / ((double)(b - a) * d);
            p->signal_W_per_mol[i] = opt->rate_K_per_s * p->cp_app[i];
            p->excess_W_per_mol[i] = opt->rate_K_per_s * (p->cp_app[i] - p->cp_frozen[i]);
        }
        double lam = opt->rate_K_per_s * opt->tau_s;
        st = respond(p->signal_W_per_mol, n, d, lam, opt->sigma_K, p->signal_W_per_mol);
        if (st == LQ_OK)
            st = respond(p->excess_W_per_mol, n, d, lam, opt->sigma_K, p->excess_W_per_mol);
    }
    lq_eq_result_free(res);
    lqi_free(set);
    if (st != LQ_OK) {
        lq_dsc_prediction_free(p);
        return st;
    }
    *out = p;
    return LQ_OK;
}
