/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Cyclic voltammetry: per-sweep smoothing, baseline, peaks, onset; crossovers; scan-rate analyses.
 */
#include <math.h>
#include <string.h>

#include "core/core_internal.h"
#include "echem/ref/ana_internal.h"
#include "liquidus/units.h"

const char *lq_echem_baseline_kind_name(lq_echem_baseline_kind k) {
    switch (k) {
        case LQ_ECHEM_BASE_NONE:
            return "none";
        case LQ_ECHEM_BASE_EXTRAPOLATED:
            return "extrapolated";
        case LQ_ECHEM_BASE_NICHOLSON:
            return "nicholson";
        case LQ_ECHEM_BASE_POLYNOMIAL:
            return "polynomial";
        case LQ_ECHEM_BASE_MANUAL:
            return "manual";
    }
    return "unknown";
}

lq_echem_cv_options lq_echem_cv_options_default(void) {
    lq_echem_cv_options o;
    memset(&o, 0, sizeof o);
    o.smooth_order = 2;
    o.baseline_frac = 0.1;
    o.min_prominence_frac = 0.05;
    o.baseline_tol = 0.1;
    o.min_snr = 5.0;
    return o;
}

/* A fitted baseline region needs this many samples. */
#define CV_BASE_MIN 8
/* The fit of a baseline region counts as noisy when its RMS residual exceeds this fraction of the
 * peak height (and 3 noise sd). */
#define CV_BASE_RMS_FRAC 0.05

/* Extrapolated baseline in the sweep's frame (y = d I against u = d E): a straight line plus the
 * decays c_j (u - u0_j)^-1/2 of the waves before. */
typedef struct cv_base {
    double a, b;
    size_t nd;
    double c[LQ_ECHEM_MAX_PEAKS], u0[LQ_ECHEM_MAX_PEAKS];
} cv_base;

static double cv_base_at(const cv_base *B, double u) {
    double v = B->a + B->b * u;
    for (size_t j = 0; j < B->nd; j++) v += u > B->u0[j] ? B->c[j] / sqrt(u - B->u0[j]) : 0.0;
    return v;
}

/* The foot of the wave rising from the valley v to the peak p: the last sample before p at or
 * below 10 % of the rise. */
static size_t cv_foot(const double *y, size_t v, size_t p) {
    double lvl = y[v] + 0.1 * (y[p] - y[v]);
    size_t f = v;
    for (size_t i = v; i <= p; i++)
        if (y[i] <= lvl) f = i;
    return f;
}

/*
 * The conventional baselines of a sweep's peaks, as drawn by hand (A. J. Bard, L. R. Faulkner,
 * Electrochemical Methods, 2nd ed., 2001, ch. 6: ip is read above the extrapolated charging current
 * for the first wave, and for a following wave above the extrapolated decaying current of the
 * preceding one). The first peak: a straight line fitted to the charging current over the region
 * ending half a rise-width before the wave's foot (10 % of its rise) and spanning two rise-widths,
 * after the sweep's first samples (the capacitive hook after the vertex). A later peak: the
 * previous baseline plus the previous wave's decay c (u - u_half)^-1/2, u_half the potential of the
 * previous wave's half height (the Cottrell form in time at a constant scan rate, t - t_half ∝
 * u - u_half), c fitted by least squares between the previous peak and this wave's foot. Flags
 * land on each peak's quality.
 */
/*
 * The first peak of a return sweep rides on the decay of the forward wave, which has no region of
 * its own to be fitted on. Nicholson's empirical relation (R. S. Nicholson, Anal. Chem. 38 (1966)
 * 1406, fitted to his computed reversible voltammograms; Bard & Faulkner, 2nd ed., Eq. 6.2.24)
 * gives the return peak's height above that decay: |ip,r| = (ip,r)0 + 0.485 (isp)0 + 0.086 |ip,f|,
 * (ip,r)0 the return peak and (isp)0 the forward current at the switching potential, both read
 * from the zero-faradaic line. Nicholson read them from zero current (no charging current in his
 * computation); here from the forward charging line with its sign reversed, since a capacitive
 * current C dE/dt changes sign with the scan direction (Bard & Faulkner §6.2.4). The baseline under
 * the peak is the peak current minus that height. Returns the height in the sweep's frame (y, u).
 */
static double cv_nicholson(const double *u, const double *y, size_t p, double s_d, double d,
                           const lqi_echem_cv_return *ret, lq_echem_quality *q) {
    double y0 = 0.0;
    if (isfinite(ret->ch_a_A) && isfinite(ret->ch_b_A_per_V))
        y0 = -s_d * (ret->ch_a_A + ret->ch_b_A_per_V * d * u[p]);
    else
        lqi_echem_flag(q, LQ_ECHEM_Q_BASELINE,
                       "Nicholson baseline read from zero current: the forward sweep has no "
                       "charging line");
    if (!(ret->isp_A > 0.0))
        lqi_echem_flag(q, LQ_ECHEM_Q_BASELINE,
                       "Nicholson baseline: no forward faradaic current at the switching potential "
                       "(%.3g A)",
                       ret->isp_A);
    return y[p] - y0 + 0.485 * ret->isp_A + 0.086 * ret->ipf_A;
}

static void cv_ext_baselines(const double *u, const double *y, size_t skip, const size_t *ip,
                             lq_echem_peak *const *pk, size_t np, double noise, double s_d,
                             double d, double tol, const lqi_echem_cv_return *ret, double *charge) {
    cv_base B = {0.0, 0.0, 0, {0.0}, {0.0}};
    int valid = 0;
    size_t prev = 0;
    charge[0] = charge[1] = (double)NAN;
    for (size_t k = 0; k < np; k++) {
        size_t p = ip[k], v = k ? prev : (skip < p ? skip : 0);
        lq_echem_quality *q = &pk[k]->quality;
        if (k == 0 && ret) {
            double h = cv_nicholson(u, y, p, s_d, d, ret, q);
            pk[0]->base_ext_I_A = s_d * (y[p] - h);
            pk[0]->Ip_ext_A = s_d * h;
            pk[0]->base_kind = LQ_ECHEM_BASE_NICHOLSON;
            prev = p;
            /* No decay is known under a later return peak: it gets no conventional baseline. */
            continue;
        }
        for (size_t i = v; i <= p; i++)
            if (y[i] < y[v]) v = i;
        size_t f = cv_foot(y, v, p);
        double rise = u[p] - u[f];
        if (!(rise > 0.0)) rise = u[p] - u[v];
        double u_end = u[f] - 0.5 * rise, u_start;
        double n = 0.0, su = 0.0, sy = 0.0, suu = 0.0, suy = 0.0, syy = 0.0;
        double u0 = 0.0, sgg = 0.0, szg = 0.0, szz = 0.0;
        if (k == 0) {
            /* The region ends a full rise-width before the foot when the sweep leaves room for
             * CV_BASE_MIN samples there (the exponential foot of a Nernstian wave still carries
             * ~1 % of Ip half a rise-width before it, which tilts the line), else half a
             * rise-width before. */
            for (int pass = 0; pass < 2; pass++) {
                u_end = u[f] - (pass ? 0.5 : 1.0) * rise;
                u_start = u_end - 2.0 * rise;
                n = su = sy = suu = suy = syy = 0.0;
                for (size_t i = skip; i < p; i++) {
                    if (u[i] < u_start || u[i] > u_end) continue;
                    n += 1.0;
                    su += u[i];
                    sy += y[i];
                    suu += u[i] * u[i];
                    suy += u[i] * y[i];
                    syy += y[i] * y[i];
                }
                if (n >= (double)CV_BASE_MIN) break;
            }
        } else if (valid) {
            /* u_half of the previous wave: where it last stood at half its height above B. */
            size_t pp = prev, h = prev;
            double half = 0.5 * (y[pp] + cv_base_at(&B, u[pp]));
            while (h > 0 && y[h] > half) h--;
            u0 = u[h];
            u_start = u[pp] + 0.25 * (u_end - u[pp]);
            for (size_t i = pp + 1; i < p; i++) {
                if (u[i] < u_start || u[i] > u_end || !(u[i] > u0)) continue;
                double g = 1.0 / sqrt(u[i] - u0), z = y[i] - cv_base_at(&B, u[i]);
                n += 1.0;
                sgg += g * g;
                szg += z * g;
                szz += z * z;
            }
        }
        prev = p;
        double rms = (double)NAN;
        if (k == 0 && n >= 3.0) {
            double vu = suu - su * su / n, cuy = suy - su * sy / n, vy = syy - sy * sy / n;
            B.b = vu > 0.0 ? cuy / vu : 0.0;
            B.a = (sy - B.b * su) / n;
            double sse = vy - B.b * cuy;
            rms = sqrt((sse > 0.0 ? sse : 0.0) / n);
            valid = 1;
            /* y = a + b u with I = s_d y, E = d u: I = s_d a + s_d d b E. */
            charge[0] = s_d * B.a;
            charge[1] = s_d * d * B.b;
        } else if (k > 0 && valid && n >= 2.0 && sgg > 0.0 && B.nd < LQ_ECHEM_MAX_PEAKS) {
            double c = szg / sgg, sse = szz - c * szg;
            rms = sqrt((sse > 0.0 ? sse : 0.0) / n);
            B.c[B.nd] = c;
            B.u0[B.nd++] = u0;
        } else {
            valid = 0;
        }
        if (!valid) {
            pk[k]->base_ext_I_A = pk[k]->Ip_ext_A = (double)NAN;
            pk[k]->base_kind = LQ_ECHEM_BASE_NONE;
            lqi_echem_flag(q, LQ_ECHEM_Q_BASELINE, "%s",
                           k == 0 ? "no charging-current region before the wave to extrapolate a "
                                    "baseline from"
                           : ret && k == 1
                               ? "no baseline under a later peak of a return sweep (the first "
                                 "has Nicholson's)"
                               : "no decay of the previous wave to extrapolate a baseline from");
            continue;
        }
        double yb = cv_base_at(&B, u[p]), h_ext = y[p] - yb;
        pk[k]->base_ext_I_A = s_d * yb;
        pk[k]->Ip_ext_A = s_d * h_ext;
        pk[k]->base_kind = LQ_ECHEM_BASE_EXTRAPOLATED;
        double h_loc = s_d * pk[k]->Ip_A; /* the local height, in the sweep's frame */
        if (n < (double)CV_BASE_MIN)
            lqi_echem_flag(q, LQ_ECHEM_Q_BASELINE,
                           "baseline region too short: %.0f samples before the %s (need %d)", n,
                           k == 0 ? "wave's foot" : "wave, on the previous one's decay",
                           CV_BASE_MIN);
        if (rms > 3.0 * noise && rms > CV_BASE_RMS_FRAC * fabs(h_ext))
            lqi_echem_flag(q, LQ_ECHEM_Q_BASELINE,
                           "baseline region noisy or curved: RMS %.3g A about the %s, %.0f %% of "
                           "the height",
                           rms, k == 0 ? "line" : "extrapolated decay", 100.0 * rms / fabs(h_ext));
        if (!(h_ext > 0.0))
            lqi_echem_flag(q, LQ_ECHEM_Q_BASELINE,
                           "extrapolated baseline passes above the peak (%.3g A)", s_d * yb);
        else if (fabs(h_loc - h_ext) > tol * fabs(h_ext))
            lqi_echem_flag(q, LQ_ECHEM_Q_BASELINE,
                           "baseline choice changes Ip by %.0f %% (local %.4g A, extrapolated "
                           "%.4g A; tolerance %.0f %%)",
                           100.0 * (h_loc - h_ext) / h_ext, pk[k]->Ip_A, pk[k]->Ip_ext_A,
                           100.0 * tol);
    }
}

/* Highest degree of a user's polynomial baseline. */
#define CV_USER_MAX_ORDER 5

/*
 * A user's baseline (polynomial through the sweep's smoothed samples in the given potential
 * ranges, or through the given points) under every peak of the sweep, by least squares
 * (lqi_lstsq) in x = (E - Ec) / Es, centred and scaled over the points for conditioning. Flags:
 * too few points for the degree, the fit's RMS above 3 noise sd and 5 % of a peak's height, a peak
 * outside the points' potential span (the baseline extrapolated there). I_s: smoothed current in
 * the record's sign.
 */
static lq_status cv_user_baselines(const lq_echem_cv_user_baseline *ub, const double *E,
                                   const double *I_s, size_t m, double noise,
                                   lq_echem_sweep_result *r) {
    size_t cap = ub->kind == LQ_ECHEM_BASE_MANUAL ? ub->npoints : m, np = 0;
    double *buf = lqi_malloc_array(2 * cap + cap * (CV_USER_MAX_ORDER + 1) + 1, sizeof *buf);
    if (!buf) return LQ_ENOMEM;
    double *xe = buf, *yi = buf + cap, *a = buf + 2 * cap;
    if (ub->kind == LQ_ECHEM_BASE_MANUAL) {
        for (size_t k = 0; k < ub->npoints; k++) {
            xe[np] = ub->points_E_V[k];
            yi[np++] = ub->points_I_A[k];
        }
    } else {
        for (size_t i = 0; i < m; i++)
            for (size_t k = 0; k < ub->nranges; k++) {
                double lo = fmin(ub->ranges_V[k][0], ub->ranges_V[k][1]);
                double hi = fmax(ub->ranges_V[k][0], ub->ranges_V[k][1]);
                if (E[i] >= lo && E[i] <= hi) {
                    xe[np] = E[i];
                    yi[np++] = I_s[i];
                    break;
                }
            }
    }
    size_t deg = (size_t)ub->order;
    if (ub->kind == LQ_ECHEM_BASE_MANUAL && np && deg > np - 1) deg = np - 1;
    double emin = 0.0, emax = 0.0;
    for (size_t i = 0; i < np; i++) {
        if (!i || xe[i] < emin) emin = xe[i];
        if (!i || xe[i] > emax) emax = xe[i];
    }
    double ec = 0.5 * (emin + emax), es = emax > emin ? 0.5 * (emax - emin) : 1.0;
    double coef[CV_USER_MAX_ORDER + 1] = {0.0}, rms = (double)NAN;
    lq_status st = LQ_ESINGULAR;
    size_t rank = 0;
    if (np >= deg + 1) {
        double *b = lqi_malloc_array(np > deg + 1 ? np : deg + 1, sizeof *b);
        if (!b) {
            lqi_free(buf);
            return LQ_ENOMEM;
        }
        for (size_t i = 0; i < np; i++) {
            double x = (xe[i] - ec) / es, pw = 1.0;
            for (size_t j = 0; j <= deg; j++, pw *= x) a[i * (deg + 1) + j] = pw;
            b[i] = yi[i];
        }
        st = lqi_lstsq(a, np, deg + 1, b, -1.0, &rank);
        if (st == LQ_OK && rank == deg + 1) {
            memcpy(coef, b, (deg + 1) * sizeof *coef);
            double sse = 0.0;
            for (size_t i = 0; i < np; i++) {
                double x = (xe[i] - ec) / es, v = 0.0;
                for (size_t j = deg + 1; j-- > 0;) v = v * x + coef[j];
                sse += (yi[i] - v) * (yi[i] - v);
            }
            rms = np > deg + 1 ? sqrt(sse / (double)(np - deg - 1)) : 0.0;
        } else if (st == LQ_OK) {
            st = LQ_ESINGULAR;
        }
        lqi_free(b);
        if (st == LQ_ENOMEM) {
            lqi_free(buf);
            return st;
        }
    }
    lqi_free(buf);
    for (size_t k = 0; k < r->npeaks; k++) {
        lq_echem_peak *p = &r->peaks[k];
        lq_echem_quality *q = &p->quality;
        if (st != LQ_OK) {
            p->base_ext_I_A = p->Ip_ext_A = (double)NAN;
            p->base_kind = LQ_ECHEM_BASE_NONE;
            lqi_echem_flag(q, LQ_ECHEM_Q_BASELINE, "%s baseline of degree %zu through %zu %s: %s",
                           lq_echem_baseline_kind_name(ub->kind), deg, np,
                           ub->kind == LQ_ECHEM_BASE_MANUAL ? "points" : "samples in the ranges",
                           np < deg + 1 ? "too few" : "points do not fix the polynomial");
            continue;
        }
        double x = (p->E_V - ec) / es, v = 0.0;
        for (size_t j = deg + 1; j-- > 0;) v = v * x + coef[j];
        p->base_ext_I_A = v;
        p->Ip_ext_A = p->I_A - v;
        p->base_kind = ub->kind;
        if (p->E_V < emin || p->E_V > emax)
            lqi_echem_flag(q, LQ_ECHEM_Q_BASELINE,
                           "%s baseline extrapolated to the peak at %.4f V (its points span "
                           "%.4f..%.4f V)",
                           lq_echem_baseline_kind_name(ub->kind), p->E_V, emin, emax);
        if (rms > 3.0 * noise && rms > CV_BASE_RMS_FRAC * fabs(p->Ip_ext_A))
            lqi_echem_flag(q, LQ_ECHEM_Q_BASELINE,
                           "%s baseline fits its points with RMS %.3g A (%.0f %% of the height)",
                           lq_echem_baseline_kind_name(ub->kind), rms,
                           100.0 * rms / fabs(p->Ip_ext_A));
    }
    return LQ_OK;
}

lq_status lq_echem_cv_sweep(const double *t_s, const double *E_V, const double *I_A, size_t n,
                            size_t start, size_t end, const lq_echem_cv_options *opt,
                            lq_echem_sweep_result *res, double *smoothed_A, lq_diag *diag) {
    return lqi_echem_cv_sweep_ret(t_s, E_V, I_A, n, start, end, opt, NULL, res, smoothed_A, diag);
}

lq_status lqi_echem_cv_sweep_ret(const double *t_s, const double *E_V, const double *I_A, size_t n,
                                 size_t start, size_t end, const lq_echem_cv_options *opt,
                                 const lqi_echem_cv_return *ret, lq_echem_sweep_result *res,
                                 double *smoothed_A, lq_diag *diag) {
    if (!E_V || !I_A || !opt || !res)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "NULL argument");
    if (end > n || start >= end || end - start < 7)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL,
                            "sweep [%zu, %zu) of a %zu-sample record: need 7 samples or more",
                            start, end, n);
    if (!(opt->baseline_frac > 0.0) || opt->baseline_frac >= 1.0 || opt->smooth_order < 0 ||
        !(opt->min_prominence_frac >= 0.0) || !(opt->baseline_tol > 0.0) || !(opt->min_snr >= 0.0))
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "options", "bad CV options");
    const lq_echem_cv_user_baseline *ub = &opt->user_base;
    if (ub->kind != LQ_ECHEM_BASE_NONE) {
        int ok = (ub->kind == LQ_ECHEM_BASE_POLYNOMIAL || ub->kind == LQ_ECHEM_BASE_MANUAL) &&
                 ub->order >= 0 && ub->order <= CV_USER_MAX_ORDER && ub->direction >= -1 &&
                 ub->direction <= 1 && ub->nranges <= LQ_ECHEM_CV_MAX_BASE &&
                 ub->npoints <= LQ_ECHEM_CV_MAX_BASE &&
                 (ub->kind == LQ_ECHEM_BASE_MANUAL ? ub->npoints >= 1 : ub->nranges >= 1);
        for (size_t k = 0; ok && k < ub->nranges; k++)
            ok = isfinite(ub->ranges_V[k][0]) && isfinite(ub->ranges_V[k][1]);
        for (size_t k = 0; ok && ub->kind == LQ_ECHEM_BASE_MANUAL && k < ub->npoints; k++)
            ok = isfinite(ub->points_E_V[k]) && isfinite(ub->points_I_A[k]);
        if (!ok)
            return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "user_base",
                                "user baseline: polynomial (ranges) or manual (points), degree "
                                "0..%d, at most %d ranges/points, finite values",
                                CV_USER_MAX_ORDER, LQ_ECHEM_CV_MAX_BASE);
    }
    size_t m = end - start;
    const double *E = E_V + start;
    lq_status st = lqi_echem_check_series(t_s ? t_s + start : NULL, E, I_A + start, m, diag);
    if (st != LQ_OK) return st;
    double sign = opt->cathodic_positive ? -1.0 : 1.0;
    double *buf = lqi_malloc_array(5 * m, sizeof *buf);
    if (!buf) return LQ_ENOMEM;
    double *raw = buf, *ys = buf + m, *y = buf + 2 * m, *u = buf + 3 * m, *scr = buf + 4 * m;
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
    r.noise_A = lqi_echem_noise_sd(raw, m, scr, m);
    r.start = start;
    r.end = end;
    r.direction = E[m - 1] >= E[0] ? 1 : -1;
    r.scan_rate_V_per_s = (double)NAN;
    r.charge_a_A = r.charge_b_A_per_V = (double)NAN;
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
    /* The conventional (extrapolated) baseline of each peak, in the order of the sweep; then the
     * flags every peak can carry. */
    if (r.npeaks) {
        size_t ord[LQ_ECHEM_MAX_PEAKS], pi[LQ_ECHEM_MAX_PEAKS];
        lq_echem_peak *pk[LQ_ECHEM_MAX_PEAKS];
        for (size_t k = 0; k < r.npeaks; k++) ord[k] = k;
        for (size_t k = 1; k < r.npeaks; k++) /* insertion sort on the sample index */
            for (size_t j = k; j > 0 && idx[ord[j]] < idx[ord[j - 1]]; j--) {
                size_t tmp = ord[j];
                ord[j] = ord[j - 1];
                ord[j - 1] = tmp;
            }
        for (size_t k = 0; k < r.npeaks; k++) {
            pi[k] = idx[ord[k]];
            pk[k] = &r.peaks[ord[k]];
        }
        for (size_t i = 0; i < m; i++) u[i] = d * E[i];
        /* The capacitive hook after the vertex: the first 5 % of the sweep (at least the smoothing
         * window) is never baseline. */
        size_t skip = m / 20 > w ? m / 20 : w;
        double charge[2];
        cv_ext_baselines(u, y, skip, pi, pk, r.npeaks, r.noise_A, sign * d, d, opt->baseline_tol,
                         ret, charge);
        r.charge_a_A = charge[0];
        r.charge_b_A_per_V = charge[1];
        if (ub->kind != LQ_ECHEM_BASE_NONE &&
            (ub->direction == 0 || ub->direction == r.direction)) {
            /* The user's baseline replaces the conventional one (and its flags) on this sweep. */
            for (size_t k = 0; k < r.npeaks; k++) {
                lq_echem_quality *q = &r.peaks[k].quality;
                q->flags = 0;
                q->reason[0] = '\0';
            }
            for (size_t i = 0; i < m; i++) scr[i] = sign * ys[i];
            st = cv_user_baselines(ub, E, scr, m, r.noise_A, &r);
            if (st != LQ_OK) {
                lqi_free(buf);
                return st;
            }
        }
        size_t edge = m / 50 > w / 2 ? m / 50 : w / 2;
        for (size_t k = 0; k < r.npeaks; k++) {
            lq_echem_peak *p = &r.peaks[k];
            size_t ip = idx[k];
            if (ip + edge >= m - 1)
                lqi_echem_flag(&p->quality, LQ_ECHEM_Q_RANGE_SHORT,
                               "peak %.1f mV from the vertex: it may be the sweep's end, not a "
                               "maximum",
                               1e3 * fabs(E[m - 1] - E[ip]));
            if (fabs(p->Ip_A) < opt->min_snr * r.noise_A)
                lqi_echem_flag(&p->quality, LQ_ECHEM_Q_NOISE,
                               "height %.3g A below %g x the noise (%.3g A)", fabs(p->Ip_A),
                               opt->min_snr, r.noise_A);
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

/* Two-sided 95 % Student t quantiles for 1..30 degrees of freedom (Abramowitz & Stegun, Table
 * 26.10); 1.96 beyond. */
static double t975(size_t df) {
    static const double t[30] = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306,
                                 2.262,  2.228, 2.201, 2.179, 2.160, 2.145, 2.131, 2.120,
                                 2.110,  2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064,
                                 2.060,  2.056, 2.052, 2.048, 2.045, 2.042};
    return df >= 1 && df <= 30 ? t[df - 1] : 1.96;
}

/* The linearity tests of |Ip| against v^1/2 (flags at lq_echem_scanrate_fit.quality). */
static void diffusion_flags(lq_echem_scanrate_fit *r, size_t n, double mean_ip) {
    lq_echem_quality *q = &r->quality;
    if (n < 3) {
        lqi_echem_flag(q, LQ_ECHEM_Q_RANGE_SHORT,
                       "two scan rates: the proportionality Ip ~ v^1/2 cannot be tested");
        return;
    }
    double t = t975(n - 2);
    /* Significant both statistically and in size: above 2 % of the mean height (about what a
     * baseline-corrected peak height can be read to); noise-free data make any offset
     * "significant". */
    if (isfinite(r->lin.a_se) && fabs(r->lin.a) > t * r->lin.a_se &&
        fabs(r->lin.a) > 0.02 * mean_ip)
        lqi_echem_flag(q, LQ_ECHEM_Q_RESIDUALS,
                       "Ip vs v^1/2 has a significant intercept (%.3g +- %.2g A, |t| > %.2f): Ip "
                       "is not proportional to v^1/2 (kinetics, adsorption, iR or baseline)",
                       r->lin.a, r->lin.a_se, t);
    if (isfinite(r->log.b_se) && fabs(r->log.b - 0.5) > 0.1 &&
        fabs(r->log.b - 0.5) > 2.0 * r->log.b_se)
        lqi_echem_flag(q, LQ_ECHEM_Q_RESIDUALS,
                       "d ln Ip / d ln v = %.3f +- %.2g, not 0.5 (diffusion control)", r->log.b,
                       r->log.b_se);
    if (!(r->D_se < 0.5 * r->D_m2_per_s))
        lqi_echem_flag(q, LQ_ECHEM_Q_UNPHYSICAL, "D's standard error %.2g is %.0f %% of D", r->D_se,
                       100.0 * r->D_se / r->D_m2_per_s);
}

lq_status lq_echem_cv_diffusion(const double *v_V_per_s, const double *Ip_A, size_t n,
                                lq_echem_peak_model model, int n_electrons, double alpha_na,
                                double area_m2, double conc_mol_per_m3, double T_K,
                                lq_echem_scanrate_fit *out, lq_diag *diag) {
    if (!v_V_per_s || !Ip_A || !out || n < 2)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "need 2 scan rates or more");
    if (n_electrons < 1 || !(area_m2 > 0.0) || !(conc_mol_per_m3 > 0.0) || !(T_K > 0.0) ||
        !isfinite(area_m2) || !isfinite(conc_mol_per_m3) || !isfinite(T_K) ||
        (model != LQ_ECHEM_RANDLES_SEVCIK && model != LQ_ECHEM_BERZINS_DELAHAY &&
         model != LQ_ECHEM_IRREVERSIBLE))
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "options",
                            "need n >= 1, area > 0, concentration > 0, T > 0");
    if (model == LQ_ECHEM_IRREVERSIBLE && !(alpha_na > 0.0 && alpha_na <= (double)n_electrons))
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "alpha",
                            "the irreversible model needs 0 < alpha n_alpha <= n, got %g",
                            alpha_na);
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
    double nf = (double)n_electrons * LQ_FARADAY_C_PER_MOL, c, nf_rate = nf;
    if (model == LQ_ECHEM_RANDLES_SEVCIK) {
        c = LQ_ECHEM_RANDLES_SEVCIK_CONST;
    } else if (model == LQ_ECHEM_BERZINS_DELAHAY) {
        c = LQ_ECHEM_BERZINS_DELAHAY_CONST;
    } else {
        c = LQ_ECHEM_IRREVERSIBLE_CONST;
        nf_rate = alpha_na * LQ_FARADAY_C_PER_MOL;
    }
    /* Ip = c nFAC (n' F v D / RT)^1/2 = k v^1/2  =>  D = (k / (c nFAC))^2 RT / (n' F), n' = n
     * for the reversible forms and alpha n_alpha for the irreversible one. */
    double q = r.slope_A / (c * nf * area_m2 * conc_mol_per_m3);
    r.D_m2_per_s = q * q * LQ_GAS_CONSTANT_J_PER_MOL_K * T_K / nf_rate;
    r.D_se = 2.0 * r.D_m2_per_s * r.slope_se_A / r.slope_A;
    double mean_ip = 0.0;
    for (size_t i = 0; i < n; i++) mean_ip += fabs(Ip_A[i]) / (double)n;
    diffusion_flags(&r, n, mean_ip);
    *out = r;
    return LQ_OK;
}

/* Forward current at potential e on the monotonic (up to noise) sweep [a, b): bisection on its
 * direction, linear interpolation. */
static double forward_at(const double *E, const double *I, size_t a, size_t b, int dir, double e) {
    size_t lo = a, hi = b - 1;
    while (hi - lo > 1) {
        size_t md = lo + (hi - lo) / 2;
        if ((E[md] - e) * (double)dir <= 0.0)
            lo = md;
        else
            hi = md;
    }
    double de = E[hi] - E[lo];
    double f = fabs(de) > 0.0 ? (e - E[lo]) / de : 0.0;
    return I[lo] + f * (I[hi] - I[lo]);
}

lq_status lq_echem_cv_nucleation_loop(const double *E_V, const double *I_A, size_t start,
                                      size_t mid, size_t end, double noise_A, double *E_cross,
                                      size_t cap, size_t *ncross, double *loop_V) {
    if (!E_V || !I_A || !ncross || (cap && !E_cross) || !(start < mid && mid < end) ||
        mid - start < 2 || end - mid < 2 || !(noise_A >= 0.0))
        return LQ_EINVAL;
    *ncross = 0;
    if (loop_V) loop_V[0] = loop_V[1] = (double)NAN;
    if (!(E_V[mid - 1] < E_V[start])) return LQ_OK; /* the forward sweep is not cathodic */
    double imax = 0.0;
    for (size_t i = start; i < end; i++)
        if (fabs(I_A[i]) > imax) imax = fabs(I_A[i]);
    double thr = fmax(0.01 * imax, 5.0 * noise_A);
    double elo = E_V[mid - 1], ehi = E_V[start], zone = 0.05 * (ehi - elo);
    double min_span = 0.02 * (ehi - elo), best = 0.0;
    size_t nc = 0;
    /* Walk the return sweep; a run is a maximal stretch of loop samples. */
    size_t j = mid;
    while (j < end) {
        double e = E_V[j];
        if (e < elo + zone || e > ehi - zone) {
            j++;
            continue;
        }
        double diff = I_A[j] - forward_at(E_V, I_A, start, mid, -1, e);
        if (!(diff < -thr && I_A[j] < -thr)) {
            j++;
            continue;
        }
        size_t ja = j, jb = j;
        while (jb + 1 < end) {
            double e2 = E_V[jb + 1];
            if (e2 > ehi - zone) break;
            double d2 = I_A[jb + 1] - forward_at(E_V, I_A, start, mid, -1, e2);
            if (!(d2 < -thr && I_A[jb + 1] < -thr)) break;
            jb++;
        }
        j = jb + 1;
        double span = E_V[jb] - E_V[ja];
        if (jb - ja + 1 < 5 || !(span >= min_span)) continue;
        if (span > best && loop_V) {
            best = span;
            loop_V[0] = E_V[ja];
            loop_V[1] = E_V[jb];
        }
        /* The zeros of I_return - I_forward on either side of the run, where there is one. */
        double ez[2];
        int nz = 0;
        for (size_t q = ja; q > mid; q--) {
            double e1 = E_V[q - 1], e0 = E_V[q];
            double d1 = I_A[q - 1] - forward_at(E_V, I_A, start, mid, -1, e1);
            double d0 = I_A[q] - forward_at(E_V, I_A, start, mid, -1, e0);
            if (d1 >= 0.0) {
                ez[nz++] = e1 + (e0 - e1) * d1 / (d1 - d0);
                break;
            }
        }
        for (size_t q = jb; q + 1 < end; q++) {
            double e0 = E_V[q], e1 = E_V[q + 1];
            if (e1 > ehi) break;
            double d0 = I_A[q] - forward_at(E_V, I_A, start, mid, -1, e0);
            double d1 = I_A[q + 1] - forward_at(E_V, I_A, start, mid, -1, e1);
            if (d1 >= 0.0) {
                ez[nz++] = e0 + (e1 - e0) * d0 / (d0 - d1);
                break;
            }
        }
        for (int z = 0; z < nz; z++) {
            if (nc < cap) E_cross[nc] = ez[z];
            nc++;
        }
    }
    *ncross = nc;
    return LQ_OK;
}
