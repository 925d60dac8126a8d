/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Open-circuit chronopotentiometry: potential plateaus (two-phase coexistences). */
#include <math.h>
#include <string.h>

#include "core/core_internal.h"
#include "echem/ref/ana_internal.h"

lq_echem_ocp_options lq_echem_ocp_options_default(void) {
    lq_echem_ocp_options o;
    memset(&o, 0, sizeof o);
    o.t_from_s = -(double)INFINITY;
    o.slope_frac = 0.2;
    o.min_duration_frac = 0.02;
    o.merge_V = 0.005;
    return o;
}

static void plateau_stats(const double *t, const double *E, size_t a, size_t b,
                          lq_echem_plateau *p) {
    double s = 0.0, ss = 0.0;
    for (size_t i = a; i < b; i++) s += E[i];
    double mean = s / (double)(b - a);
    for (size_t i = a; i < b; i++) ss += (E[i] - mean) * (E[i] - mean);
    p->i_start = a;
    p->i_end = b;
    p->t_start_s = t[a];
    p->t_end_s = t[b - 1];
    p->duration_s = t[b - 1] - t[a];
    p->E_V = mean;
    p->E_std_V = b - a > 1 ? sqrt(ss / (double)(b - a - 1)) : 0.0;
}

lq_status lq_echem_ocp_plateaus(const double *t_s, const double *E_V, size_t n,
                                const lq_echem_ocp_options *opt, lq_echem_plateau *out, size_t cap,
                                size_t *nplateaus, lq_diag *diag) {
    if (!t_s || !E_V || !opt || !nplateaus || (cap && !out))
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "NULL argument");
    if (!(opt->slope_frac > 0.0) || !(opt->min_duration_frac >= 0.0) || !(opt->merge_V >= 0.0) ||
        isnan(opt->t_from_s))
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "options", "bad OCP options");
    lq_status st = lqi_echem_check_series(t_s, E_V, NULL, n, diag);
    if (st != LQ_OK) return st;
    size_t i0 = 0;
    while (i0 < n && t_s[i0] < opt->t_from_s) i0++;
    size_t m = n - i0;
    if (m < 10)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "t", "%zu samples to analyse; need 10", m);
    const double *t = t_s + i0, *E = E_V + i0;
    double *buf = lqi_malloc_array(2 * m, sizeof *buf);
    if (!buf) return LQ_ENOMEM;
    double *es = buf, *slope = buf + m;
    size_t w = opt->smooth_window ? opt->smooth_window : lqi_echem_auto_window(m, 0.01);
    if (w > m) w = m % 2 ? m : m - 1;
    st = lq_echem_savgol(E, m, w, w >= 5 ? 2 : 0, es);
    if (st != LQ_OK) {
        lqi_free(buf);
        return lqi_diag_set(diag, st, NULL, 0, "options", "smoothing window %zu", w);
    }
    double lo = es[0], hi = es[0];
    for (size_t i = 0; i < m; i++) {
        if (es[i] < lo) lo = es[i];
        if (es[i] > hi) hi = es[i];
    }
    /* dE/dt as the least-squares slope over the w samples around each point (a first-derivative
     * Savitzky-Golay filter that also accepts uneven times): a finite difference of the
     * smoothed curve would leave noise far above the plateau threshold. Running sums of times
     * and potentials shifted to the record's start keep it O(n). */
    {
        size_t h = w / 2;
        double st0 = 0, se0 = 0, stt = 0, ste = 0;
        size_t a = 0, b = 0; /* current window [a, b) */
        for (size_t i = 0; i < m; i++) {
            size_t na = i > h ? i - h : 0, nb = i + h + 1 < m ? i + h + 1 : m;
            while (b < nb) {
                double tt = t[b] - t[0], ee = E[b] - E[0];
                st0 += tt;
                se0 += ee;
                stt += tt * tt;
                ste += tt * ee;
                b++;
            }
            while (a < na) {
                double tt = t[a] - t[0], ee = E[a] - E[0];
                st0 -= tt;
                se0 -= ee;
                stt -= tt * tt;
                ste -= tt * ee;
                a++;
            }
            double k = (double)(b - a), den = stt - st0 * st0 / k;
            slope[i] = den > 0.0 ? fabs((ste - st0 * se0 / k) / den) : 0.0;
        }
    }
    double total = t[m - 1] - t[0];
    double thr = opt->slope_frac * (hi - lo) / total;
    double min_dur = opt->min_duration_frac * total;
    size_t count = 0;
    lq_echem_plateau prev;
    int have_prev = 0;
    for (size_t i = 0; i < m;) {
        if (!(slope[i] <= thr)) {
            i++;
            continue;
        }
        size_t j = i;
        while (j < m && slope[j] <= thr) j++;
        if (j - i >= 2 && t[j - 1] - t[i] >= min_dur) {
            lq_echem_plateau p;
            plateau_stats(t, E, i, j, &p);
            if (have_prev && fabs(p.E_V - prev.E_V) < opt->merge_V) {
                /* The same coexistence interrupted by a noise burst: merge. */
                plateau_stats(t, E, prev.i_start, j, &prev);
            } else {
                if (have_prev) {
                    if (cap && count >= cap) {
                        lqi_free(buf);
                        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL,
                                            "more than %zu plateaus", cap);
                    }
                    if (cap) out[count] = prev;
                    count++;
                }
                prev = p;
                have_prev = 1;
            }
        }
        i = j;
    }
    if (have_prev) {
        if (cap && count >= cap) {
            lqi_free(buf);
            return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "more than %zu plateaus", cap);
        }
        if (cap) out[count] = prev;
        count++;
    }
    lqi_free(buf);
    /* Indices refer to the whole record. */
    for (size_t k = 0; cap && k < count; k++) {
        out[k].i_start += i0;
        out[k].i_end += i0;
    }
    *nplateaus = count;
    return LQ_OK;
}
