/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Uncertainty propagation of a binary phase diagram: invariants and boundaries matched across the
 * diagrams of the kept MCMC samples. */
#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>

#include "assess/uq_internal.h"
#include "core/core_internal.h"

void lq_assess_uq_map_result_free(lq_assess_uq_map_result *r) {
    if (!r) return;
    for (size_t i = 0; i < 2; i++) lqi_free(r->components[i]);
    for (size_t i = 0; r->phase_names && i < r->n_phases; i++) lqi_free(r->phase_names[i]);
    lqi_free(r->phase_names);
    for (size_t i = 0; r->invariants && i < r->n_invariants; i++) {
        lqi_free(r->invariants[i].T);
        for (int k = 0; k < 3; k++) lqi_free(r->invariants[i].x[k]);
    }
    lqi_free(r->invariants);
    for (size_t i = 0; r->boundaries && i < r->n_boundaries; i++) {
        lqi_free(r->boundaries[i].T);
        lqi_free(r->boundaries[i].n_samples);
        lqi_free(r->boundaries[i].x[0]);
        lqi_free(r->boundaries[i].x[1]);
    }
    lqi_free(r->boundaries);
    lqi_free(r);
}

/* Every sample's diagram (NULL where the map failed), in parallel, one workspace per thread. */
static lq_status map_all(const lq_system *sys, const lqi_uq_samples *sm,
                         const lq_assess_uq_options *opt, lq_map_result **maps, lq_diag *diag) {
    int nt = lqi_uq_threads(opt, sm->n);
    lq_eq_ws **ws = NULL;
    lq_status st = lqi_uq_ws_alloc(sys, opt, nt, &ws, diag);
    if (!ws) return st;
    int nomem = 0;
    if (st == LQ_OK) {
#pragma omp parallel for num_threads(nt) schedule(dynamic, 1) reduction(| : nomem)
        for (size_t s = 0; s < sm->n; s++) {
            lq_eq_ws *w = ws[omp_get_thread_num()];
            maps[s] = NULL;
            lq_status ss = lq_eq_ws_set_symbols(w, sm->sym, sm->theta + s * sm->np, sm->np);
            if (ss == LQ_OK) ss = lq_map_compute(w, &opt->map, &maps[s], NULL);
            if (ss != LQ_OK) maps[s] = NULL; /* a failed map: counted, left out */
            nomem |= ss == LQ_ENOMEM;
        }
    }
    if (st == LQ_OK && nomem) st = LQ_ENOMEM;
    lqi_uq_ws_free(ws, nt);
    return st;
}

static int same_invariant(const lq_map_invariant *a, const lq_assess_uq_invariant *b) {
    return a->kind == b->kind && a->phase[0] == b->phase[0] && a->phase[1] == b->phase[1] &&
           a->phase[2] == b->phase[2];
}

/* Invariants are matched by reaction kind and the three phases (sorted by x): the same reaction
 * in every diagram whatever its temperature. The lowest-T one stands for a sample that has the
 * same reaction twice (the map sorts invariants by T). */
static lq_status band_invariants(lq_map_result *const *maps, size_t ns, size_t nq, const double *q,
                                 lq_assess_uq_map_result *r, double *buf) {
    for (size_t s = 0; s < ns; s++)
        for (size_t i = 0; maps[s] && i < maps[s]->n_invariants; i++) {
            const lq_map_invariant *v = &maps[s]->invariants[i];
            size_t k = 0;
            while (k < r->n_invariants && !same_invariant(v, &r->invariants[k])) k++;
            if (k < r->n_invariants) continue;
            lq_assess_uq_invariant *ni =
                lqi_realloc(r->invariants, (r->n_invariants + 1) * sizeof *ni);
            if (!ni) return LQ_ENOMEM;
            r->invariants = ni;
            lq_assess_uq_invariant *u = &ni[r->n_invariants++];
            memset(u, 0, sizeof *u);
            u->kind = v->kind;
            memcpy(u->phase, v->phase, sizeof u->phase);
        }
    for (size_t k = 0; k < r->n_invariants; k++) {
        lq_assess_uq_invariant *u = &r->invariants[k];
        u->T = lqi_malloc(nq * sizeof *u->T);
        for (int j = 0; j < 3; j++) u->x[j] = lqi_malloc(nq * sizeof *u->x[j]);
        if (!u->T || !u->x[0] || !u->x[1] || !u->x[2]) return LQ_ENOMEM;
        for (int what = 0; what < 4; what++) {
            size_t n = 0;
            for (size_t s = 0; s < ns; s++)
                for (size_t i = 0; maps[s] && i < maps[s]->n_invariants; i++)
                    if (same_invariant(&maps[s]->invariants[i], u)) {
                        const lq_map_invariant *v = &maps[s]->invariants[i];
                        buf[n++] = what == 0 ? v->T : v->x[what - 1];
                        break;
                    }
            u->n_samples = n;
            lqi_uq_quantiles(buf, n, q, nq, what == 0 ? u->T : u->x[what - 1]);
        }
    }
    return LQ_OK;
}

/* x of the left (side 0) or right phase of the first piece of boundary (a, b) that spans T, by
 * linear interpolation between traced points; NaN when the diagram has none there. */
static double boundary_x(const lq_map_result *m, const size_t ph[2], double T, int side) {
    for (size_t i = 0; i < m->n_boundaries; i++) {
        const lq_map_boundary *b = &m->boundaries[i];
        if (b->phase[0] != ph[0] || b->phase[1] != ph[1] || b->n == 0) continue;
        if (!(T >= b->T[0] && T <= b->T[b->n - 1])) continue;
        for (size_t j = 0; j + 1 < b->n; j++)
            if (T >= b->T[j] && T <= b->T[j + 1]) {
                double dT = b->T[j + 1] - b->T[j], f = dT > 0.0 ? (T - b->T[j]) / dT : 0.0;
                return b->x[side][j] + f * (b->x[side][j + 1] - b->x[side][j]);
            }
        return b->x[side][0]; /* one point */
    }
    return (double)NAN;
}

/* Boundaries are matched by their (left, right) phase pair and banded on a T grid. */
static lq_status band_boundaries(lq_map_result *const *maps, size_t ns,
                                 const lq_assess_uq_options *opt, lq_assess_uq_map_result *r,
                                 double *buf) {
    size_t nq = opt->n_quantiles;
    double T0 = opt->map.T_min, dT = opt->map_dT_band_K;
    size_t nT = (size_t)floor((opt->map.T_max - T0) / dT + 1e-9) + 1;
    for (size_t s = 0; s < ns; s++)
        for (size_t i = 0; maps[s] && i < maps[s]->n_boundaries; i++) {
            const lq_map_boundary *b = &maps[s]->boundaries[i];
            size_t k = 0;
            while (k < r->n_boundaries && !(r->boundaries[k].phase[0] == b->phase[0] &&
                                            r->boundaries[k].phase[1] == b->phase[1]))
                k++;
            if (k < r->n_boundaries) continue;
            lq_assess_uq_boundary *nb =
                lqi_realloc(r->boundaries, (r->n_boundaries + 1) * sizeof *nb);
            if (!nb) return LQ_ENOMEM;
            r->boundaries = nb;
            memset(&nb[r->n_boundaries], 0, sizeof *nb);
            memcpy(nb[r->n_boundaries++].phase, b->phase, sizeof b->phase);
        }
    for (size_t k = 0; k < r->n_boundaries; k++) {
        lq_assess_uq_boundary *u = &r->boundaries[k];
        u->T = lqi_malloc(nT * sizeof *u->T);
        u->n_samples = lqi_calloc(nT, sizeof *u->n_samples);
        u->x[0] = lqi_malloc(nT * nq * sizeof *u->x[0]);
        u->x[1] = lqi_malloc(nT * nq * sizeof *u->x[1]);
        if (!u->T || !u->n_samples || !u->x[0] || !u->x[1]) return LQ_ENOMEM;
        u->n_T = nT;
        for (size_t j = 0; j < nT; j++) {
            u->T[j] = T0 + (double)j * dT;
            for (int side = 0; side < 2; side++) {
                size_t n = 0;
                for (size_t s = 0; s < ns; s++) {
                    double x = maps[s] ? boundary_x(maps[s], u->phase, u->T[j], side) : (double)NAN;
                    if (!isnan(x)) buf[n++] = x;
                }
                u->n_samples[j] = n;
                lqi_uq_quantiles(buf, n, opt->quantiles, nq, u->x[side] + j * nq);
            }
        }
    }
    return LQ_OK;
}

static int cmp_inv(const void *a, const void *b) {
    const lq_assess_uq_invariant *x = a, *y = b;
    /* by the middle quantile of T (index 0 when only one quantile; NaN never occurs: every
     * matched invariant comes from at least one diagram) */
    return (x->T[0] > y->T[0]) - (x->T[0] < y->T[0]);
}

static lq_status summarise(const lq_system *sys, const lqi_uq_samples *sm,
                           const lq_assess_uq_options *opt, lq_map_result *const *maps,
                           lq_assess_uq_map_result *r) {
    r->n_samples = sm->n;
    r->n_walkers_kept = sm->n_walkers;
    r->n_walkers_dropped = sm->n_dropped;
    r->first_iteration = sm->first;
    r->n_iterations_kept = sm->n_iter;
    r->n_quantiles = opt->n_quantiles;
    memcpy(r->quantiles, opt->quantiles, sizeof r->quantiles);
    for (size_t s = 0; s < sm->n; s++) r->n_failed += maps[s] == NULL;
    size_t nph = lq_system_phase_count(sys);
    if (!(r->phase_names = lqi_calloc(nph, sizeof *r->phase_names))) return LQ_ENOMEM;
    r->n_phases = nph;
    for (size_t i = 0; i < nph; i++) {
        lq_phase_info in;
        lq_system_phase_info(sys, i, &in);
        if (!(r->phase_names[i] = lqi_strdup(in.name))) return LQ_ENOMEM;
    }
    for (size_t i = 0; i < 2; i++)
        if (!(r->components[i] = lqi_strdup(lq_system_component_name(sys, i)))) return LQ_ENOMEM;
    double *buf = lqi_malloc((sm->n ? sm->n : 1) * sizeof *buf);
    if (!buf) return LQ_ENOMEM;
    lq_status st = band_invariants(maps, sm->n, opt->n_quantiles, opt->quantiles, r, buf);
    if (st == LQ_OK) st = band_boundaries(maps, sm->n, opt, r, buf);
    lqi_free(buf);
    if (st == LQ_OK && r->n_invariants) {
        /* sort on the middle quantile: move it to T[0] temporarily is messy; sort a copy key */
        size_t mid = opt->n_quantiles / 2;
        for (size_t k = 0; k < r->n_invariants; k++) {
            double t = r->invariants[k].T[0];
            r->invariants[k].T[0] = r->invariants[k].T[mid];
            r->invariants[k].T[mid] = t;
        }
        qsort(r->invariants, r->n_invariants, sizeof *r->invariants, cmp_inv);
        for (size_t k = 0; k < r->n_invariants; k++) {
            double t = r->invariants[k].T[0];
            r->invariants[k].T[0] = r->invariants[k].T[mid];
            r->invariants[k].T[mid] = t;
        }
    }
    return st;
}

lq_status lq_assess_uq_map(const lq_db *db, const lq_assess_trace *tr,
                           const char *const *components, const lq_assess_uq_options *opt,
                           lq_assess_uq_map_result **out, lq_diag *diag) {
    if (!db || !tr || !components || !components[0] || !components[1] || !out)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL,
                            "database, trace, two components and result are required");
    lq_assess_uq_options def;
    if (!opt) {
        lq_assess_uq_options_default(&def);
        opt = &def;
    }
    lq_status st = lqi_uq_options_check(opt, diag);
    if (st == LQ_OK && !(opt->map_dT_band_K > 0.0 && opt->map.T_max > opt->map.T_min))
        st =
            lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "map", "need T_max > T_min and a band step > 0");
    if (st != LQ_OK) return st;
    lq_system *sys = NULL;
    st = lq_system_create(db, components, 2, NULL, 0, &sys, diag);
    if (st != LQ_OK) return st;
    lqi_uq_samples sm;
    memset(&sm, 0, sizeof sm);
    lq_map_result **maps = NULL;
    lq_assess_uq_map_result *r = NULL;
    st = lqi_uq_samples_make(db, tr, opt, &sm, diag);
    if (st == LQ_OK &&
        (st = lq_system_symbols_find(sys, (const char *const *)sm.symbols, sm.np, sm.sym)) != LQ_OK)
        lqi_diag_set(diag, st, NULL, 0, "symbols",
                     "a symbol of the trace is no FUNCTION of the database");
    if (st == LQ_OK &&
        (!(maps = lqi_calloc(sm.n, sizeof *maps)) || !(r = lqi_calloc(1, sizeof *r))))
        st = LQ_ENOMEM;
    if (st == LQ_OK) st = map_all(sys, &sm, opt, maps, diag);
    if (st == LQ_OK) st = summarise(sys, &sm, opt, maps, r);
    for (size_t s = 0; maps && s < sm.n; s++) lq_map_free(maps[s]);
    lqi_free(maps);
    lqi_uq_samples_free(&sm);
    lq_system_free(sys);
    if (st != LQ_OK) {
        lq_assess_uq_map_result_free(r);
        return st;
    }
    *out = r;
    return LQ_OK;
}
