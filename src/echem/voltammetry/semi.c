/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Semi-integral (convolution) voltammetry: the Riemann-Liouville half-integral of the current. */
#include <math.h>
#include <string.h>

#include "core/core_internal.h"
#include "echem/ref/ana_internal.h"
#include "liquidus/units.h"

/*
 * Differences of square roots and of 3/2 powers written without cancellation: when t is far past
 * a segment, w_a and w_b are close and the direct forms lose the digits the segment carries.
 */
static void seg_moments(double wa, double wb, double *d12, double *d32) {
    double ra = sqrt(wa), rb = sqrt(wb), dw = wa - wb;
    *d12 = dw / (ra + rb);                       /* wa^1/2 - wb^1/2 */
    *d32 = dw * (wa + ra * rb + wb) / (ra + rb); /* wa^3/2 - wb^3/2 */
}

lq_status lq_echem_semi_integral(const double *t_s, const double *I_A, size_t n, double *m_out) {
    if (!t_s || !I_A || !m_out || n < 2) return LQ_EINVAL;
    for (size_t i = 0; i < n; i++)
        if (!isfinite(t_s[i]) || !isfinite(I_A[i]) || (i && !(t_s[i] > t_s[i - 1])))
            return LQ_EINVAL;
    const double c = 1.0 / sqrt(LQ_PI);
    m_out[0] = 0.0;
    for (size_t k = 1; k < n; k++) {
        double t = t_s[k], acc = 0.0;
        for (size_t j = 0; j < k; j++) {
            double wa = t - t_s[j], wb = t - t_s[j + 1], d12, d32;
            double s = (I_A[j + 1] - I_A[j]) / (t_s[j + 1] - t_s[j]);
            seg_moments(wa, wb, &d12, &d32);
            /* int I_j (t-u)^-1/2 + s (u - t_j)(t-u)^-1/2 du over the segment (u - t_j = wa - w). */
            acc += 2.0 * I_A[j] * d12 + s * (2.0 * wa * d12 - (2.0 / 3.0) * d32);
        }
        m_out[k] = c * acc;
    }
    return LQ_OK;
}

/* Fraction of the sweep's end averaged for the plateau, and how much m may still change there. */
#define SEMI_PLATEAU_FRAC 0.05
#define SEMI_PLATEAU_TOL 0.02
/* Residual RMS (V) below which structured residuals of the log plot are not flagged. */
#define SEMI_RMS_FLOOR 1e-3

lq_status lq_echem_cv_semi_analyse(const double *t_s, const double *E_V, const double *I_A,
                                   size_t n, int n_electrons, double area_m2,
                                   double conc_mol_per_m3, double T_K, lq_echem_semi_result *res,
                                   double *m_out, lq_diag *diag) {
    if (!t_s || !E_V || !I_A || !res)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "NULL argument");
    if (n < 10)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "need 10 samples or more, got %zu", n);
    lq_status st = lqi_echem_check_series(t_s, E_V, I_A, n, diag);
    if (st != LQ_OK) return st;
    if (!(fabs(E_V[n - 1] - E_V[0]) > 0.0))
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "E", "the potential does not change");
    double *buf = lqi_malloc_array(3 * n, sizeof *buf);
    if (!buf) return LQ_ENOMEM;
    double *m = buf, *x = buf + n, *e = buf + 2 * n;
    st = lq_echem_semi_integral(t_s, I_A, n, m);
    if (st != LQ_OK) {
        lqi_free(buf);
        return lqi_diag_set(diag, st, NULL, 0, "t", "times must increase strictly");
    }
    if (m_out) memcpy(m_out, m, n * sizeof *m);
    lq_echem_semi_result r;
    memset(&r, 0, sizeof r);
    /* The faradaic direction: reduction (negative current) on a cathodic sweep. */
    double d = E_V[n - 1] < E_V[0] ? -1.0 : 1.0;
    for (size_t i = 0; i < n; i++) m[i] *= d;
    size_t np = (size_t)((double)n * SEMI_PLATEAU_FRAC);
    if (np < 3) np = 3;
    double sum = 0.0, mlo = m[n - np], mhi = m[n - np];
    for (size_t i = n - np; i < n; i++) {
        sum += m[i];
        if (m[i] < mlo) mlo = m[i];
        if (m[i] > mhi) mhi = m[i];
    }
    r.m_lim_A_s05 = sum / (double)np;
    double mlim = r.m_lim_A_s05;
    r.D_m2_per_s = r.E_half_V = r.slope_V = r.n_apparent = (double)NAN;
    if (!(mlim > 0.0)) {
        lqi_free(buf);
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "I",
                            "no faradaic current in the sweep's direction (m_lim %.3g A s^1/2)",
                            mlim);
    }
    if (mhi - mlo > SEMI_PLATEAU_TOL * mlim)
        lqi_echem_flag(&r.quality, LQ_ECHEM_Q_RANGE_SHORT,
                       "no plateau: m changes by %.1f %% over the sweep's last %.0f %% (the sweep "
                       "ends too close to the wave, or another process follows)",
                       100.0 * (mhi - mlo) / mlim, 100.0 * SEMI_PLATEAU_FRAC);
    double nfac = (double)n_electrons * LQ_FARADAY_C_PER_MOL * area_m2 * conc_mol_per_m3;
    if (n_electrons >= 1 && nfac > 0.0 && isfinite(nfac))
        r.D_m2_per_s = (mlim / nfac) * (mlim / nfac);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        double q = m[i] / mlim;
        if (q > 0.1 && q < 0.9) {
            x[k] = log((mlim - m[i]) / m[i]);
            e[k++] = E_V[i];
        }
    }
    if (k >= 5 && lq_echem_linfit_compute(x, e, k, &r.fit) == LQ_OK) {
        r.E_half_V = r.fit.a;
        r.slope_V = r.fit.b;
        if (T_K > 0.0 && isfinite(T_K))
            r.n_apparent =
                LQ_GAS_CONSTANT_J_PER_MOL_K * T_K / (LQ_FARADAY_C_PER_MOL * fabs(r.fit.b));
        /* A reduction wave has E rising with ln((m_lim - m)/m): slope > 0; oxidation < 0. */
        if (!(-d * r.fit.b > 0.0))
            lqi_echem_flag(&r.quality, LQ_ECHEM_Q_UNPHYSICAL,
                           "E vs ln((m_lim - m)/m) slopes the wrong way (%.3g V): not one wave",
                           r.fit.b);
        for (size_t i = 0; i < k; i++) x[i] = e[i] - (r.fit.a + r.fit.b * x[i]);
        double z = lqi_echem_runs_z(x, k);
        if (z < LQI_ECHEM_RUNS_Z_MIN && r.fit.rms > SEMI_RMS_FLOOR)
            lqi_echem_flag(&r.quality, LQ_ECHEM_Q_RESIDUALS,
                           "E vs ln((m_lim - m)/m) is curved (runs z = %.1f, RMS %.1f mV): not a "
                           "reversible wave, or m_lim is off",
                           z, 1e3 * r.fit.rms);
    } else {
        r.fit.n = k;
        lqi_echem_flag(&r.quality, LQ_ECHEM_Q_RANGE_SHORT,
                       "%zu samples with 0.1 < m/m_lim < 0.9 (need 5)", k);
    }
    lqi_free(buf);
    *res = r;
    return LQ_OK;
}
