/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Temperature sweeps that skip a temperature without a result: phase amounts at fixed composition
 * (STEP, with the temperatures of invariant reactions added for plots) and solubilities. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/core_internal.h"
#include "liquidus/thermo.h"

void lq_step_options_default(lq_step_options *opt) {
    if (opt) memset(opt, 0, sizeof *opt);
}

void lq_step_result_free(lq_step_result *r) {
    if (!r) return;
    lqi_free(r->T_K);
    lqi_free(r->amount);
    lqi_free(r->present);
    lqi_free(r->status);
    lqi_free(r);
}

static int cmp_d(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Invariants of the binary diagram over [lo, hi] that the composition crosses: T +- 1e-3 K
 * (inside the range) appended to T. Returns how many were added; 0 when mapping fails. */
static size_t invariant_temperatures(lq_eq_ws *ws, const double *x, double lo, double hi,
                                     double **T, size_t nT) {
    lq_map_options o;
    lq_map_options_default(&o);
    o.T_min = lo;
    o.T_max = hi;
    lq_map_result *m = NULL;
    if (lq_map_compute(ws, &o, &m, NULL) != LQ_OK) return 0;
    double *nt = lqi_realloc(*T, (nT + 2 * m->n_invariants + 1) * sizeof *nt);
    size_t added = 0;
    if (nt) {
        *T = nt;
        for (size_t i = 0; i < m->n_invariants; i++) {
            const lq_map_invariant *v = &m->invariants[i];
            if (x[1] < v->x[0] || x[1] > v->x[2]) continue;
            for (int s = -1; s <= 1; s += 2) {
                double t = v->T + 1e-3 * s;
                if (t > lo && t < hi) nt[nT + added++] = t;
            }
        }
    }
    lq_map_free(m);
    return added;
}

static lq_status step_alloc(const lq_step_options *o, size_t np, lq_step_result **out) {
    lq_step_result *r = lqi_calloc(1, sizeof *r);
    if (!r) return LQ_ENOMEM;
    r->n_phases = np;
    r->n_T = o->n_T;
    r->T_K = lqi_malloc_array(o->n_T, sizeof *r->T_K);
    r->present = lqi_calloc(np ? np : 1, sizeof *r->present);
    if (!r->T_K || !r->present) {
        lq_step_result_free(r);
        return LQ_ENOMEM;
    }
    memcpy(r->T_K, o->T_K, o->n_T * sizeof *r->T_K);
    *out = r;
    return LQ_OK;
}

lq_status lq_step_compute(lq_eq_ws *ws, const lq_step_options *o, lq_step_result **out,
                          lq_diag *diag) {
    if (!ws || !o || !out || !o->x || !o->T_K || o->n_T == 0)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "step: bad argument");
    const lq_system *sys = lq_eq_ws_system(ws);
    if (o->ncomp != lq_system_component_count(sys))
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "x",
                            "step: %zu mole fractions for %zu "
                            "components",
                            o->ncomp, lq_system_component_count(sys));
    /* a bad composition would fail every temperature: refused as a whole */
    for (size_t c = 0; c < o->ncomp; c++)
        if (!(o->x[c] > 0.0 && o->x[c] <= 1.0))
            return lqi_diag_set(diag, LQ_EDOM, NULL, 0, "x",
                                "step: mole fraction %g of component %zu outside (0, 1]", o->x[c],
                                c);
    size_t np = lq_system_phase_count(sys);
    lq_step_result *r = NULL;
    lq_status st = step_alloc(o, np, &r);
    if (st != LQ_OK) return st;
    double lo = o->T_K[0], hi = o->T_K[0];
    for (size_t i = 1; i < o->n_T; i++) {
        lo = fmin(lo, o->T_K[i]);
        hi = fmax(hi, o->T_K[i]);
    }
    if (o->invariant_points && o->ncomp == 2 && hi > lo) {
        r->n_T += invariant_temperatures(ws, o->x, lo, hi, &r->T_K, o->n_T);
        qsort(r->T_K, r->n_T, sizeof *r->T_K, cmp_d);
    }
    lq_eq_result *res = NULL;
    r->amount = lqi_calloc(r->n_T * (np ? np : 1), sizeof *r->amount);
    r->status = lqi_calloc(r->n_T, sizeof *r->status);
    st = r->amount && r->status ? lq_eq_result_alloc(ws, &res) : LQ_ENOMEM;
    for (size_t i = 0; st == LQ_OK && i < r->n_T; i++) {
        lq_diag d;
        lq_diag_clear(&d);
        lq_status si = lq_eq_solve(ws, r->T_K[i], o->x, o->ncomp, res, &d);
        if (si == LQ_ENOMEM) st = si;
        r->status[i] = si;
        if (si != LQ_OK) {
            /* skipped, not fatal: one bad temperature must not cost the sweep */
            if (r->n_failed++ == 0)
                lqi_diag_warn(diag, NULL, 0, "T", "step: no equilibrium at %g K: %.400s", r->T_K[i],
                              d.msg);
            for (size_t p = 0; p < np; p++) r->amount[i * np + p] = (double)NAN;
            continue;
        }
        for (size_t k = 0; k < res->n_phases; k++)
            r->amount[i * np + res->phases[k].phase] += res->phases[k].amount;
    }
    lq_eq_result_free(res);
    for (size_t p = 0; st == LQ_OK && p < np; p++)
        for (size_t i = 0; i < r->n_T; i++)
            if (r->amount[i * np + p] > 0.0) r->present[p] = 1;
    if (st != LQ_OK) {
        lq_step_result_free(r);
        return lqi_diag_set(diag, st, NULL, 0, NULL, "step: %s", lq_status_str(st));
    }
    *out = r;
    return LQ_OK;
}

/* ---------------------------------------------------------------- solubility sweep */

void lq_map_solubility_result_free(lq_map_solubility_result *r) {
    if (!r) return;
    if (r->message)
        for (size_t i = 0; i < r->n_T; i++) lqi_free(r->message[i]);
    lqi_free(r->message);
    lqi_free(r->T_K);
    lqi_free(r->x_solute);
    lqi_free(r->other);
    lqi_free(r->x_other);
    lqi_free(r->status);
    lqi_free(r);
}

static lq_map_solubility_result *sol_alloc(size_t n) {
    lq_map_solubility_result *r = lqi_calloc(1, sizeof *r);
    if (!r) return NULL;
    r->n_T = n;
    r->T_K = lqi_malloc_array(n, sizeof *r->T_K);
    r->x_solute = lqi_malloc_array(n, sizeof *r->x_solute);
    r->other = lqi_malloc_array(n, sizeof *r->other);
    r->x_other = lqi_malloc_array(n, sizeof *r->x_other);
    r->status = lqi_calloc(n, sizeof *r->status);
    r->message = lqi_calloc(n, sizeof *r->message);
    if (!r->T_K || !r->x_solute || !r->other || !r->x_other || !r->status || !r->message) {
        lq_map_solubility_result_free(r);
        return NULL;
    }
    return r;
}

lq_status lq_map_solubility_sweep(lq_eq_ws *ws, const double *T_K, size_t n_T, size_t solute,
                                  size_t in_phase, lq_map_solubility_result **out, lq_diag *diag) {
    const lq_system *sys = ws ? lq_eq_ws_system(ws) : NULL;
    if (!ws || !T_K || n_T == 0 || !out || lq_system_component_count(sys) != 2 || solute > 1 ||
        in_phase >= lq_system_phase_count(sys))
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "solubility sweep: bad argument");
    lq_map_solubility_result *r = sol_alloc(n_T);
    if (!r) return lqi_diag_set(diag, LQ_ENOMEM, NULL, 0, NULL, "out of memory");
    for (size_t i = 0; i < n_T; i++) {
        lq_diag d;
        lq_diag_clear(&d);
        r->T_K[i] = T_K[i];
        r->x_solute[i] = r->x_other[i] = (double)NAN;
        r->other[i] = (size_t)-1;
        lq_status st = lq_map_solubility(ws, T_K[i], solute, in_phase, &r->x_solute[i],
                                         &r->other[i], &r->x_other[i], &d);
        if (st == LQ_ENOMEM) {
            lq_map_solubility_result_free(r);
            return lqi_diag_set(diag, st, NULL, 0, NULL, "out of memory");
        }
        r->status[i] = st;
        if (st == LQ_OK) continue;
        /* skipped, not fatal: the other temperatures are still solved */
        r->x_solute[i] = r->x_other[i] = (double)NAN;
        r->other[i] = (size_t)-1;
        r->n_failed++;
        r->message[i] = lqi_strdup(d.msg[0] ? d.msg : lq_status_str(st));
        if (!r->message[i]) {
            lq_map_solubility_result_free(r);
            return lqi_diag_set(diag, LQ_ENOMEM, NULL, 0, NULL, "out of memory");
        }
    }
    *out = r;
    return LQ_OK;
}
