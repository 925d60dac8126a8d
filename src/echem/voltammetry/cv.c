/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Cyclic voltammetry: per-sweep smoothing, baseline, peaks, onset; crossovers; scan-rate analyses.
 */
#include <math.h>
#include <string.h>

#include "core/core_internal.h"
#include "echem/ref/ana_internal.h"
#include "liquidus/units.h"

lq_echem_cv_options lq_echem_cv_options_default(void) {
    lq_echem_cv_options o;
    memset(&o, 0, sizeof o);
    o.smooth_order = 2;
    o.baseline_frac = 0.1;
    o.min_prominence_frac = 0.05;
    return o;
}

lq_status lq_echem_cv_sweep(const double *t_s, const double *E_V, const double *I_A, size_t n,
                            size_t start, size_t end, const lq_echem_cv_options *opt,
                            lq_echem_sweep_result *res, double *smoothed_A, lq_diag *diag) {
    if (!E_V || !I_A || !opt || !res)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "NULL argument");
    if (end > n || start >= end || end - start < 7)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL,
                            "sweep [%zu, %zu) of a %zu-sample record: need 7 samples or more",
                            start, end, n);
    if (!(opt->baseline_frac > 0.0) || opt->baseline_frac >= 1.0 || opt->smooth_order < 0 ||
        !(opt->min_prominence_frac >= 0.0))
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "options", "bad CV options");
    size_t m = end - start;
    const double *E = E_V + start;
    lq_status st = lqi_echem_check_series(t_s ? t_s + start : NULL, E, I_A + start, m, diag);
    if (st != LQ_OK) return st;
    double sign = opt->cathodic_positive ? -1.0 : 1.0;
    double *buf = lqi_malloc_array(3 * m, sizeof *buf);
    if (!buf) return LQ_ENOMEM;
    double *raw = buf, *ys = buf + m, *y = buf + 2 * m;
    for (size_t i = 0; i < m; i++) raw[i] = sign * I_A[start + i];
    size_t w = opt->smooth_window ? opt->smooth_window : lqi_echem_auto_window(m, 0.02);
    if (w > m) w = m % 2 ? m : m - 1;
    int order = opt->smooth_order;
    if ((size_t)order + 2 > w) order = (int)w - 2;
    st = lq_echem_savgol(raw, m, w, order, ys);
    if (st != LQ_OK) {
        lqi_free(buf);
        return lqi_diag_set(diag, st, NULL, 0, "options", "smoothing window %zu, order %d", w,
                            opt->smooth_order);
    }
    lq_echem_sweep_result r;
    memset(&r, 0, sizeof r);
    r.start = start;
    r.end = end;
    r.direction = E[m - 1] >= E[0] ? 1 : -1;
    r.scan_rate_V_per_s = (double)NAN;
    if (t_s) {
        double *rates = y; /* scratch before y is used */
        for (size_t i = 0; i + 1 < m; i++)
            rates[i] = fabs((E[i + 1] - E[i]) / (t_s[start + i + 1] - t_s[start + i]));
        /* raw (already smoothed into ys) serves as scratch and is refilled afterwards. */
        r.scan_rate_V_per_s = lqi_echem_median(rates, m - 1, raw);
        for (size_t i = 0; i < m; i++) raw[i] = sign * I_A[start + i];
    }
    /* Linear baseline from the first part of the sweep (capacitive current before any faradaic
     * process of the sweep's direction). */
    size_t nb = (size_t)((double)m * opt->baseline_frac);
    if (nb < 3) nb = 3;
    lq_echem_linfit bf;
    if (lq_echem_linfit_compute(E, ys, nb, &bf) == LQ_OK) {
        r.base_a_A = bf.a;
        r.base_b_A_per_V = bf.b;
    } else {
        r.base_a_A = ys[0];
        r.base_b_A_per_V = 0.0;
    }
    /* In the sweep's direction d the faradaic signal is y = d I (reduction on a cathodic
     * sweep, oxidation on an anodic one, positive) against u = d E. Peaks are found on y itself:
     * a baseline extrapolated from the sweep's start (often the capacitive hook after the
     * vertex) can tilt real voltammograms enough to hide them. */
    double d = (double)r.direction, ymin = 0.0, ymax = 0.0;
    for (size_t i = 0; i < m; i++) {
        y[i] = d * ys[i];
        if (i == 0 || y[i] < ymin) ymin = y[i];
        if (i == 0 || y[i] > ymax) ymax = y[i];
    }
    size_t idx[LQ_ECHEM_MAX_PEAKS];
    double prom[LQ_ECHEM_MAX_PEAKS];
    double min_prom = opt->min_prominence_frac * (ymax - ymin);
    if (!(min_prom > 0.0)) min_prom = 0.0;
    r.npeaks = lqi_echem_find_maxima(y, m, min_prom, idx, prom, LQ_ECHEM_MAX_PEAKS);
    size_t first_peak = m - 1, first_lb = 0;
    double first_base_a = 0.0, first_base_b = 0.0; /* y = a + b u under the first peak */
    for (size_t k = 0; k < r.npeaks; k++) {
        size_t ip = idx[k];
        /* Local baseline: the straight line between the lowest points on either side of the
         * peak, up to the nearest higher point (the bases of its prominence). */
        size_t lb = ip, rb = ip;
        for (size_t q = ip; q > 0 && y[q - 1] <= y[ip]; q--)
            if (y[q - 1] < y[lb]) lb = q - 1;
        for (size_t q = ip; q + 1 < m && y[q + 1] <= y[ip]; q++)
            if (y[q + 1] < y[rb]) rb = q + 1;
        double ul = d * E[lb], ur = d * E[rb], bb = 0.0, ba = y[lb];
        if (ur - ul > 0.0) {
            bb = (y[rb] - y[lb]) / (ur - ul);
            ba = y[lb] - bb * ul;
        }
        double base_y = ba + bb * d * E[ip];
        lq_echem_peak *p = &r.peaks[k];
        p->index = start + ip;
        p->E_V = E[ip];
        p->I_A = sign * ys[ip];
        p->base_I_A = sign * d * base_y;
        p->Ip_A = sign * d * (y[ip] - base_y);
        p->prominence_A = prom[k];
        p->cathodic = r.direction < 0;
        if (ip < first_peak) {
            first_peak = ip;
            first_lb = lb;
            first_base_a = ba;
            first_base_b = bb;
        }
    }
    /* Onset: tangent at the steepest rise of y(u) before the first peak, extended to that
     * peak's baseline; without a peak (e.g. metal deposition up to the vertex), the steepest
     * rise of the sweep extended to the sweep's baseline. */
    if (r.npeaks == 0) {
        first_base_a = d * r.base_a_A;
        first_base_b = r.base_b_A_per_V; /* y = d(a + b E) = d a + b u */
        for (size_t i = 0; i < m; i++)
            if (y[i] < y[first_lb]) first_lb = i;
    }
    r.onset_E_V = r.onset_I_A = (double)NAN;
    double best = 0.0;
    size_t ib = 0;
    /* The rising edge: walking back from the peak (or the sweep's highest point) while y stays
     * above 30 % of the rise from the lowest point before it; earlier slopes belong to the
     * capacitive hook after the previous vertex. A Gaussian wave's inflection (61 %) is inside. */
    size_t top = first_peak;
    if (r.npeaks == 0) {
        top = first_lb;
        for (size_t i = first_lb; i < m; i++)
            if (y[i] > y[top]) top = i;
    }
    double level = y[first_lb] + 0.3 * (y[top] - y[first_lb]);
    size_t from = top;
    while (from > first_lb && y[from - 1] >= level) from--;
    for (size_t i = from > 0 ? from : 1; i <= top && i + 1 < m; i++) {
        double du = d * (E[i + 1] - E[i - 1]);
        if (!(du > 0.0)) continue;
        double slope = (y[i + 1] - y[i - 1]) / du;
        if (slope > best) {
            best = slope;
            ib = i;
        }
    }
    /* Tangent y = y_ib + best (u - u_ib) meets y = a + b u at u = (y_ib - best u_ib - a)/(b -
     * best). */
    if (best > first_base_b && ymax - ymin > 0.0) {
        double ui = d * E[ib];
        double u_on = (y[ib] - best * ui - first_base_a) / (first_base_b - best);
        if (isfinite(u_on)) {
            r.onset_E_V = d * u_on;
            r.onset_I_A = sign * d * (first_base_a + first_base_b * u_on);
        }
    }
    if (smoothed_A)
        for (size_t i = 0; i < m; i++) smoothed_A[start + i] = sign * ys[i];
    lqi_free(buf);
    *res = r;
    return LQ_OK;
}

lq_status lq_echem_cv_crossovers(const double *E_V, const double *I_A, size_t start, size_t mid,
                                 size_t end, double *E_cross, size_t cap, size_t *ncross) {
    if (!E_V || !I_A || !ncross || (cap && !E_cross) || !(start < mid && mid < end) ||
        mid - start < 2 || end - mid < 2)
        return LQ_EINVAL;
    double imax = 0.0;
    for (size_t i = start; i < end; i++)
        if (fabs(I_A[i]) > imax) imax = fabs(I_A[i]);
    double thr = 0.01 * imax;
    int dirf = E_V[mid - 1] >= E_V[start] ? 1 : -1;
    double elo = dirf > 0 ? E_V[start] : E_V[mid - 1], ehi = dirf > 0 ? E_V[mid - 1] : E_V[start];
    double vertex_zone = 0.05 * (ehi - elo);
    size_t nc = 0;
    int last_sign = 0;
    double last_E = (double)NAN, last_diff = (double)NAN;
    for (size_t j = mid; j < end; j++) {
        double e = E_V[j];
        /* Near either end the two sweeps are smoothed with one-sided windows: no crossing there. */
        if (e < elo || e > ehi || fabs(e - E_V[mid - 1]) < vertex_zone ||
            fabs(e - E_V[start]) < vertex_zone)
            continue;
        /* Forward current at e: the forward sweep is monotonic up to noise, so bisect on its
         * direction and interpolate linearly. */
        size_t lo = start, hi = mid - 1;
        while (hi - lo > 1) {
            size_t md = lo + (hi - lo) / 2;
            if ((E_V[md] - e) * (double)dirf <= 0.0)
                lo = md;
            else
                hi = md;
        }
        double de = E_V[hi] - E_V[lo];
        double f = fabs(de) > 0.0 ? (e - E_V[lo]) / de : 0.0;
        double ifwd = I_A[lo] + f * (I_A[hi] - I_A[lo]);
        double diff = I_A[j] - ifwd;
        if (fabs(diff) < thr) continue;
        int s = diff > 0.0 ? 1 : -1;
        if (last_sign && s != last_sign) {
            /* Interpolate between the last significant point and this one. */
            double ec = last_E + (e - last_E) * last_diff / (last_diff - diff);
            if (nc < cap) E_cross[nc] = ec;
            nc++;
        }
        last_sign = s;
        last_E = e;
        last_diff = diff;
    }
    *ncross = nc;
    return LQ_OK;
}

lq_status lq_echem_cv_diffusion(const double *v_V_per_s, const double *Ip_A, size_t n,
                                lq_echem_peak_model model, int n_electrons, double area_m2,
                                double conc_mol_per_m3, double T_K, lq_echem_scanrate_fit *out,
                                lq_diag *diag) {
    if (!v_V_per_s || !Ip_A || !out || n < 2)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "need 2 scan rates or more");
    if (n_electrons < 1 || !(area_m2 > 0.0) || !(conc_mol_per_m3 > 0.0) || !(T_K > 0.0) ||
        !isfinite(area_m2) || !isfinite(conc_mol_per_m3) || !isfinite(T_K) ||
        (model != LQ_ECHEM_RANDLES_SEVCIK && model != LQ_ECHEM_BERZINS_DELAHAY))
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "options",
                            "need n >= 1, area > 0, concentration > 0, T > 0");
    double *buf = lqi_malloc_array(4 * n, sizeof *buf);
    if (!buf) return LQ_ENOMEM;
    double *sv = buf, *ip = buf + n, *lv = buf + 2 * n, *li = buf + 3 * n;
    double sxy = 0.0, sxx = 0.0;
    for (size_t i = 0; i < n; i++) {
        if (!(v_V_per_s[i] > 0.0) || !isfinite(v_V_per_s[i]) || !isfinite(Ip_A[i]) ||
            !(fabs(Ip_A[i]) > 0.0)) {
            lqi_free(buf);
            return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "v/Ip",
                                "point %zu: scan rate and peak current must be finite and non-zero",
                                i + 1);
        }
        sv[i] = sqrt(v_V_per_s[i]);
        ip[i] = fabs(Ip_A[i]);
        lv[i] = log(v_V_per_s[i]);
        li[i] = log(ip[i]);
        sxy += sv[i] * ip[i];
        sxx += sv[i] * sv[i];
    }
    lq_echem_scanrate_fit r;
    memset(&r, 0, sizeof r);
    r.slope_A = sxy / sxx;
    double sse = 0.0;
    for (size_t i = 0; i < n; i++) sse += (ip[i] - r.slope_A * sv[i]) * (ip[i] - r.slope_A * sv[i]);
    r.slope_se_A = sqrt(sse / (double)(n - 1) / sxx);
    lq_status st1 = lq_echem_linfit_compute(sv, ip, n, &r.lin);
    lq_status st2 = lq_echem_linfit_compute(lv, li, n, &r.log);
    lqi_free(buf);
    if (st1 != LQ_OK || st2 != LQ_OK)
        return lqi_diag_set(diag, LQ_ESINGULAR, NULL, 0, "v", "all scan rates are equal");
    double c = model == LQ_ECHEM_RANDLES_SEVCIK ? LQ_ECHEM_RANDLES_SEVCIK_CONST
                                                : LQ_ECHEM_BERZINS_DELAHAY_CONST;
    double nf = (double)n_electrons * LQ_FARADAY_C_PER_MOL;
    /* Ip = c nFAC (nF v D / RT)^1/2 = k v^1/2  =>  D = (k / (c nFAC))^2 RT / (nF). */
    double q = r.slope_A / (c * nf * area_m2 * conc_mol_per_m3);
    r.D_m2_per_s = q * q * LQ_GAS_CONSTANT_J_PER_MOL_K * T_K / nf;
    r.D_se = 2.0 * r.D_m2_per_s * r.slope_se_A / r.slope_A;
    *out = r;
    return LQ_OK;
}
