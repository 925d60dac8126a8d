/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Powder profiles of candidate structures on one grid, compared with and ranked against a
 * measured pattern. */
#include <math.h>
#include <string.h>

#include "core/core_internal.h"
#include "liquidus/dft.h"

lq_xrd_profiles_options lq_xrd_profiles_options_default(void) {
    lq_xrd_profiles_options o;
    memset(&o, 0, sizeof o);
    o.fwhm_deg = 0.1;
    o.eta = 0.5;
    o.two_theta_min_deg = 0.0;
    o.two_theta_max_deg = 90.0;
    o.step_deg = 0.02;
    return o;
}

void lq_xrd_profiles_free(lq_xrd_profiles *p) {
    if (!p) return;
    lqi_free(p->two_theta_deg);
    lqi_free(p->profile);
    lqi_free(p->fom);
    lqi_free(p->fom_ok);
    lqi_free(p->rank);
    lqi_free(p);
}

/* The grid: the measured one, or min + k step for k = 0 .. floor((max - min) / step). */
static lq_status make_grid(const lq_xrd_profiles_options *o, lq_xrd_profiles *r) {
    if (o->measured_two_theta_deg) {
        r->n_grid = o->n_measured;
        r->two_theta_deg = lqi_malloc_array(r->n_grid ? r->n_grid : 1, sizeof(double));
        if (!r->two_theta_deg) return LQ_ENOMEM;
        if (r->n_grid)
            memcpy(r->two_theta_deg, o->measured_two_theta_deg, r->n_grid * sizeof(double));
        return LQ_OK;
    }
    double span = (o->two_theta_max_deg - o->two_theta_min_deg) / o->step_deg;
    if (!(span >= 0.0) || span > 1e8) return LQ_EINVAL;
    r->n_grid = (size_t)floor(span) + 1;
    r->two_theta_deg = lqi_malloc_array(r->n_grid, sizeof(double));
    if (!r->two_theta_deg) return LQ_ENOMEM;
    for (size_t k = 0; k < r->n_grid; k++)
        r->two_theta_deg[k] = o->two_theta_min_deg + o->step_deg * (double)k;
    return LQ_OK;
}

/* Ranking by R_wp, stable (insertion sort: a handful of candidates). */
static void rank_by_rwp(lq_xrd_profiles *r) {
    for (size_t i = 0; i < r->n_patterns; i++) r->rank[i] = i;
    for (size_t i = 1; i < r->n_patterns; i++)
        for (size_t j = i; j > 0 && r->fom[r->rank[j - 1]].r_wp > r->fom[r->rank[j]].r_wp; j--) {
            size_t t = r->rank[j];
            r->rank[j] = r->rank[j - 1];
            r->rank[j - 1] = t;
        }
}

lq_status lq_xrd_profiles_compute(const lq_xrd_pattern *const *patterns, size_t n,
                                  const lq_xrd_profiles_options *opt, lq_xrd_profiles **out) {
    lq_xrd_profiles_options o = opt ? *opt : lq_xrd_profiles_options_default();
    if (!patterns || n == 0 || !out || !(o.fwhm_deg > 0.0) || !(o.eta >= 0.0 && o.eta <= 1.0) ||
        (!o.measured_two_theta_deg && !(o.step_deg > 0.0)) ||
        (o.measured_two_theta_deg && !o.measured_intensity))
        return LQ_EINVAL;
    for (size_t i = 0; i < n; i++)
        if (!patterns[i]) return LQ_EINVAL;
    lq_xrd_profiles *r = lqi_calloc(1, sizeof *r);
    if (!r) return LQ_ENOMEM;
    r->n_patterns = n;
    lq_status st = make_grid(&o, r);
    if (st == LQ_OK) {
        size_t ng = r->n_grid ? r->n_grid : 1;
        r->profile = lqi_malloc_array(n, ng * sizeof(double));
        r->fom = lqi_calloc(n, sizeof *r->fom);
        r->fom_ok = lqi_calloc(n, sizeof *r->fom_ok);
        r->rank = lqi_malloc_array(n, sizeof *r->rank);
        if (!r->profile || !r->fom || !r->fom_ok || !r->rank) st = LQ_ENOMEM;
    }
    for (size_t i = 0; i < n && st == LQ_OK; i++) {
        double *y = r->profile + i * r->n_grid;
        st = lq_xrd_profile(patterns[i], o.fwhm_deg, o.eta, r->two_theta_deg, r->n_grid, y);
        if (st != LQ_OK || !o.measured_two_theta_deg) continue;
        if (lq_xrd_compare(o.measured_intensity, y, r->n_grid, &r->fom[i]) == LQ_OK) {
            r->fom_ok[i] = 1;
        } else {
            /* no calculated intensity where it was measured: ranked last */
            r->fom[i].r_wp = (double)INFINITY;
            r->fom[i].r_p = (double)INFINITY;
            r->fom[i].pearson = (double)NAN;
        }
    }
    if (st != LQ_OK) {
        lq_xrd_profiles_free(r);
        return st;
    }
    if (o.measured_two_theta_deg)
        rank_by_rwp(r);
    else
        for (size_t i = 0; i < n; i++) r->rank[i] = i;
    *out = r;
    return LQ_OK;
}
