/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Properties of one phase on a T x composition grid, with activities against pure references. */
#include <math.h>
#include <string.h>

#include "core/core_internal.h"
#include "liquidus/thermo.h"
#include "liquidus/units.h"

void lq_props_grid_options_default(lq_props_grid_options *opt) {
    if (opt) memset(opt, 0, sizeof *opt);
}

void lq_props_grid_free(lq_props_grid *g) {
    if (!g) return;
    lqi_free(g->props);
    lqi_free(g->mu);
    lqi_free(g->acr);
    lqi_free(g->ref_phase);
    lqi_free(g->G_ref);
    lqi_free(g);
}

static lq_props_grid *grid_alloc(size_t nT, size_t nx, size_t nc) {
    lq_props_grid *g = lqi_calloc(1, sizeof *g);
    if (!g) return NULL;
    g->n_T = nT;
    g->n_x = nx;
    g->ncomp = nc;
    size_t nrow = nT * nx;
    g->props = lqi_malloc_array(nrow, sizeof *g->props);
    g->mu = lqi_malloc_array(nrow * nc, sizeof *g->mu);
    g->acr = lqi_malloc_array(nrow * nc, sizeof *g->acr);
    g->ref_phase = lqi_malloc_array(nT * nc, sizeof *g->ref_phase);
    g->G_ref = lqi_malloc_array(nT * nc, sizeof *g->G_ref);
    if (!g->props || !g->mu || !g->acr || !g->ref_phase || !g->G_ref) {
        lq_props_grid_free(g);
        return NULL;
    }
    return g;
}

/* The pure reference states of every component at temperature i. */
static lq_status grid_refs(lq_eq_ws *ws, const lq_props_grid_options *o, lq_props_grid *g, size_t i,
                           lq_diag *diag) {
    double T = o->T_K[i];
    lq_status st = LQ_OK;
    for (size_t c = 0; c < g->ncomp && st == LQ_OK; c++) {
        size_t r = o->ref_phase ? o->ref_phase[c] : LQ_PROPS_REF_STABLE;
        size_t k = i * g->ncomp + c;
        g->ref_phase[k] = r;
        if (r == LQ_PROPS_REF_STABLE)
            st = lq_eq_reference_stable(ws, T, c, &g->ref_phase[k], &g->G_ref[k], diag);
        else
            st = lq_eq_reference_G(ws, T, c, r, &g->G_ref[k], NULL, NULL, NULL, diag);
    }
    return st;
}

lq_status lq_props_grid_compute(lq_eq_ws *ws, const lq_props_grid_options *o, lq_props_grid **out,
                                lq_diag *diag) {
    if (!ws || !o || !out || !o->T_K || !o->x || o->n_T == 0 || o->n_x == 0)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "property grid: bad argument");
    const lq_system *sys = lq_eq_ws_system(ws);
    size_t nc = lq_system_component_count(sys);
    if (o->phase >= lq_system_phase_count(sys))
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "phase", "phase index out of range");
    if (o->n_x > ((size_t)-1) / o->n_T / (nc ? nc : 1))
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "property grid too large");
    lq_props_grid *g = grid_alloc(o->n_T, o->n_x, nc);
    if (!g) return LQ_ENOMEM;
    lq_status st = LQ_OK;
    for (size_t i = 0; i < o->n_T && st == LQ_OK; i++) {
        double RT = LQ_GAS_CONSTANT_J_PER_MOL_K * o->T_K[i];
        st = grid_refs(ws, o, g, i, diag);
        for (size_t j = 0; j < o->n_x && st == LQ_OK; j++) {
            size_t r = i * o->n_x + j;
            lq_phase_props *pr = &g->props[r];
            double *mu = &g->mu[r * nc];
            pr->mu = mu;
            pr->y = NULL;
            st = lq_props_phase_eval(ws, o->phase, o->T_K[i], &o->x[j * nc], nc, pr, diag);
            pr->mu = NULL;
            /* activity against the pure component at the same T; a component absent from the
             * phase (mu = -inf) has activity exactly 0 */
            for (size_t c = 0; c < nc && st == LQ_OK; c++)
                g->acr[r * nc + c] = isinf(mu[c]) ? 0.0 : exp((mu[c] - g->G_ref[i * nc + c]) / RT);
        }
    }
    if (st != LQ_OK) {
        lq_props_grid_free(g);
        return st;
    }
    *out = g;
    return LQ_OK;
}
