/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Uncertainty propagation of a solubility (a liquidus or solvus composition) over MCMC samples. */
#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "assess/uq_internal.h"
#include "core/core_internal.h"

void lq_assess_uq_solubility_result_free(lq_assess_uq_solubility_result *r) {
    if (!r) return;
    lqi_free(r->T);
    lqi_free(r->band);
    lqi_free(r->n_failed);
    lqi_free(r->other);
    lqi_free(r->n_other);
    for (size_t i = 0; r->phase_names && i < r->n_phases; i++) lqi_free(r->phase_names[i]);
    lqi_free(r->phase_names);
    lqi_free(r);
}

/* x[s * n_T + t] and oth[s * n_T + t] of every kept sample s (NaN / SIZE_MAX where it failed),
 * in parallel with one workspace per thread; each sample writes only its own slots, so the
 * result does not depend on the number of threads. */
static lq_status solve_all(const lq_system *sys, const lqi_uq_samples *sm,
                           const lq_assess_uq_options *opt, size_t solute, size_t phase,
                           const double *T, size_t n_T, double *x, size_t *oth, lq_diag *diag) {
    int nt = lqi_uq_threads(opt, sm->n);
    lq_eq_ws **ws = NULL;
    lq_status st = lqi_uq_ws_alloc(sys, opt, nt, &ws, diag);
    if (!ws) return st;
    int nomem = 0;
    if (st == LQ_OK) {
#pragma omp parallel for num_threads(nt) schedule(dynamic, 1) reduction(| : nomem)
        for (size_t s = 0; s < sm->n; s++) {
            lq_eq_ws *w = ws[omp_get_thread_num()];
            lq_status ss = lq_eq_ws_set_symbols(w, sm->sym, sm->theta + s * sm->np, sm->np);
            for (size_t t = 0; t < n_T; t++) {
                double xs = (double)NAN;
                size_t o = SIZE_MAX;
                lq_status st2 = ss;
                if (st2 == LQ_OK)
                    st2 = lq_map_solubility(w, T[t], solute, phase, &xs, &o, NULL, NULL);
                if (st2 != LQ_OK || !isfinite(xs)) {
                    xs = (double)NAN; /* a failed sample: counted, left out */
                    o = SIZE_MAX;
                }
                nomem |= st2 == LQ_ENOMEM;
                x[s * n_T + t] = xs;
                oth[s * n_T + t] = o;
            }
        }
    }
    if (st == LQ_OK && nomem) st = LQ_ENOMEM;
    lqi_uq_ws_free(ws, nt);
    return st;
}

/* Quantiles per T and the most frequent coexisting phase. */
static lq_status summarise(const lqi_uq_samples *sm, const lq_assess_uq_options *opt,
                           const double *x, const size_t *oth, lq_assess_uq_solubility_result *r) {
    double *v = lqi_malloc((sm->n ? sm->n : 1) * sizeof *v);
    size_t *cnt = lqi_calloc(r->n_phases ? r->n_phases : 1, sizeof *cnt);
    if (!v || !cnt) {
        lqi_free(v);
        lqi_free(cnt);
        return LQ_ENOMEM;
    }
    for (size_t t = 0; t < r->n_T; t++) {
        size_t n = 0;
        memset(cnt, 0, r->n_phases * sizeof *cnt);
        for (size_t s = 0; s < sm->n; s++) {
            double xs = x[s * r->n_T + t];
            if (isnan(xs)) {
                r->n_failed[t]++;
                continue;
            }
            v[n++] = xs;
            if (oth[s * r->n_T + t] < r->n_phases) cnt[oth[s * r->n_T + t]]++;
        }
        lqi_uq_quantiles(v, n, opt->quantiles, opt->n_quantiles, r->band + t * opt->n_quantiles);
        r->other[t] = SIZE_MAX;
        for (size_t p = 0; p < r->n_phases; p++)
            if (cnt[p] > r->n_other[t]) {
                r->n_other[t] = cnt[p];
                r->other[t] = p;
            }
    }
    lqi_free(v);
    lqi_free(cnt);
    return LQ_OK;
}

static lq_status result_alloc(const lq_system *sys, const lqi_uq_samples *sm,
                              const lq_assess_uq_options *opt, const double *T, size_t n_T,
                              lq_assess_uq_solubility_result **out) {
    lq_assess_uq_solubility_result *r = lqi_calloc(1, sizeof *r);
    if (!r) return LQ_ENOMEM;
    *out = r;
    r->n_samples = sm->n;
    r->n_walkers_kept = sm->n_walkers;
    r->n_walkers_dropped = sm->n_dropped;
    r->first_iteration = sm->first;
    r->n_iterations_kept = sm->n_iter;
    r->n_quantiles = opt->n_quantiles;
    memcpy(r->quantiles, opt->quantiles, opt->n_quantiles * sizeof *r->quantiles);
    r->n_T = n_T;
    r->n_phases = lq_system_phase_count(sys);
    r->T = lqi_malloc(n_T * sizeof *r->T);
    r->band = lqi_malloc(n_T * opt->n_quantiles * sizeof *r->band);
    r->n_failed = lqi_calloc(n_T, sizeof *r->n_failed);
    r->other = lqi_calloc(n_T, sizeof *r->other);
    r->n_other = lqi_calloc(n_T, sizeof *r->n_other);
    r->phase_names = lqi_calloc(r->n_phases ? r->n_phases : 1, sizeof *r->phase_names);
    if (!r->T || !r->band || !r->n_failed || !r->other || !r->n_other || !r->phase_names)
        return LQ_ENOMEM;
    memcpy(r->T, T, n_T * sizeof *T);
    for (size_t p = 0; p < r->n_phases; p++) {
        lq_phase_info in;
        if (lq_system_phase_info(sys, p, &in) != LQ_OK ||
            !(r->phase_names[p] = lqi_strdup(in.name)))
            return LQ_ENOMEM;
    }
    return LQ_OK;
}

/* The solute's and the phase's indices in the system. */
static lq_status find_indices(const lq_system *sys, const char *solute, const char *phase,
                              size_t *isol, size_t *iph, lq_diag *diag) {
    *isol = SIZE_MAX;
    for (size_t c = 0; c < lq_system_component_count(sys); c++)
        if (strcasecmp(lq_system_component_name(sys, c), solute) == 0) *isol = c;
    if (*isol == SIZE_MAX)
        return lqi_diag_set(diag, LQ_ENOTFOUND, NULL, 0, "solute", "%s is not a component", solute);
    if (lq_system_phase_find(sys, phase, iph) != LQ_OK)
        return lqi_diag_set(diag, LQ_ENOTFOUND, NULL, 0, "phase", "no phase %s", phase);
    return LQ_OK;
}

lq_status lq_assess_uq_solubility(const lq_db *db, const lq_assess_trace *tr,
                                  const char *const *components, const char *solute,
                                  const char *phase, const double *T, size_t n_T,
                                  const lq_assess_uq_options *opt,
                                  lq_assess_uq_solubility_result **out, lq_diag *diag) {
    if (!db || !tr || !components || !components[0] || !components[1] || !solute || !phase || !T ||
        n_T == 0 || !out)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL,
                            "database, trace, two components, solute, phase, temperatures and "
                            "result are required");
    for (size_t t = 0; t < n_T; t++)
        if (!(T[t] > 0.0) || !isfinite(T[t]))
            return lqi_diag_set(diag, LQ_EDOM, NULL, 0, "T", "T must be finite and > 0 K");
    lq_assess_uq_options def;
    if (!opt) {
        lq_assess_uq_options_default(&def);
        opt = &def;
    }
    lq_status st = lqi_uq_options_check(opt, diag);
    if (st != LQ_OK) return st;
    lq_system *sys = NULL;
    st = lq_system_create(db, components, 2, NULL, 0, &sys, diag);
    if (st != LQ_OK) return st;
    size_t isol = 0, iph = 0;
    lqi_uq_samples sm;
    memset(&sm, 0, sizeof sm);
    double *x = NULL;
    size_t *oth = NULL;
    lq_assess_uq_solubility_result *r = NULL;
    st = find_indices(sys, solute, phase, &isol, &iph, diag);
    if (st == LQ_OK) st = lqi_uq_samples_make(db, tr, opt, &sm, diag);
    if (st == LQ_OK &&
        (st = lq_system_symbols_find(sys, (const char *const *)sm.symbols, sm.np, sm.sym)) != LQ_OK)
        lqi_diag_set(diag, st, NULL, 0, "symbols",
                     "a symbol of the trace is no FUNCTION of the database");
    if (st == LQ_OK && (!(x = lqi_malloc(sm.n * n_T * sizeof *x)) ||
                        !(oth = lqi_malloc(sm.n * n_T * sizeof *oth))))
        st = LQ_ENOMEM;
    if (st == LQ_OK) st = solve_all(sys, &sm, opt, isol, iph, T, n_T, x, oth, diag);
    if (st == LQ_OK) st = result_alloc(sys, &sm, opt, T, n_T, &r);
    if (st == LQ_OK) st = summarise(&sm, opt, x, oth, r);
    lqi_free(x);
    lqi_free(oth);
    lqi_uq_samples_free(&sm);
    lq_system_free(sys);
    if (st != LQ_OK) {
        lq_assess_uq_solubility_result_free(r);
        return st;
    }
    *out = r;
    return LQ_OK;
}

lq_status lq_assess_uq_param_bands(const lq_db *db, const lq_assess_trace *tr,
                                   const lq_assess_uq_options *opt, double *band, size_t cap,
                                   size_t *n_params, lq_diag *diag) {
    if (!db || !tr || !band || !n_params)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL,
                            "database, trace, band and n_params are required");
    lq_assess_uq_options def;
    if (!opt) {
        lq_assess_uq_options_default(&def);
        opt = &def;
    }
    lq_status st = lqi_uq_options_check(opt, diag);
    if (st != LQ_OK) return st;
    lqi_uq_samples sm;
    st = lqi_uq_samples_make(db, tr, opt, &sm, diag);
    if (st != LQ_OK) return st;
    double *v = NULL;
    if (cap < sm.np * opt->n_quantiles)
        st = lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "band", "room for %zu values needed",
                          sm.np * opt->n_quantiles);
    else if (!(v = lqi_malloc(sm.n * sizeof *v)))
        st = LQ_ENOMEM;
    for (size_t p = 0; st == LQ_OK && p < sm.np; p++) {
        for (size_t s = 0; s < sm.n; s++) v[s] = sm.theta[s * sm.np + p];
        lqi_uq_quantiles(v, sm.n, opt->quantiles, opt->n_quantiles, band + p * opt->n_quantiles);
    }
    if (st == LQ_OK) *n_params = sm.np;
    lqi_free(v);
    lqi_uq_samples_free(&sm);
    return st;
}
