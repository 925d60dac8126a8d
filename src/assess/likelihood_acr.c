/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Activity likelihood: chemical potentials of equilibria against R T ln a + mu of the reference. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "assess/likelihood_internal.h"
#include "core/core_internal.h"
#include "liquidus/units.h"
#include "thermo/equil/equil_internal.h"
#include "thermo/thermo_internal.h"

/*
 * ESPEI 0.9.1 espei/error_functions/activity_error.py: for a dataset with output ACR_<EL>,
 *   mu_ref  = MU(EL) of the equilibrium of the reference state (its phases, its T, P, X),
 *   target  = R T ln(a) + mu_ref    (R = pycalphad's 8.3145 J/mol/K),
 *   r       = MU(EL) of the equilibrium at each data point (all phases of the dataset's
 *             components) - target,
 * with standard deviation 500 J/mol / data_weight[ACR] / dataset weight. Points are the values
 * flattened as [P][T][X] with every condition broadcast (ravel_conditions).
 */

size_t lqi_ds_comps(const lq_dataset *ds, char **comp, size_t cap) {
    size_t nc = 0;
    for (size_t i = 0; i < ds->n_components && nc < cap; i++)
        if (strcasecmp(ds->components[i], "VA") != 0) comp[nc++] = ds->components[i];
    for (size_t i = 1; i < nc; i++)
        for (size_t j = i; j > 0 && strcmp(comp[j - 1], comp[j]) > 0; j--) {
            char *t = comp[j];
            comp[j] = comp[j - 1];
            comp[j - 1] = t;
        }
    return nc;
}

int lqi_comp_from_conds(const lq_system *S, const lq_dataset_cond *const *conds, size_t ncond,
                        size_t i, double *x) {
    size_t nc = lq_system_component_count(S), dep = nc, given = 0;
    double rest = 1.0;
    for (size_t c = 0; c < nc; c++) {
        char key[80];
        snprintf(key, sizeof key, "X_%s", lq_system_component_name(S, c));
        const lq_dataset_cond *hit = NULL;
        for (size_t k = 0; k < ncond; k++)
            if (conds[k]->name && strcasecmp(conds[k]->name, key) == 0) hit = conds[k];
        if (hit) {
            x[c] = hit->values[hit->n == 1 ? 0 : i];
            rest -= x[c];
            given++;
        } else {
            dep = c;
        }
    }
    if (given + 1 != nc || dep == nc) return -1;
    x[dep] = rest;
    return 0;
}

lq_status lqi_acr_prepare(lq_assess_ctx *ctx, const lq_db *db, const lq_dataset *ds, lqi_prep *pr,
                          lq_diag *diag) {
    const char *us = strchr(ds->output, '_');
    char *comp[64];
    size_t nc = lqi_ds_comps(ds, comp, 64), sys, rsys;
    if (!us || ds->n_ref_phases == 0)
        return lqi_diag_set(diag, LQ_EINVAL, ds->path, 0, "output",
                            "activity output %s needs ACR_<EL> and a reference_state", ds->output);
    for (size_t i = 0; i < ds->n_ref_phases; i++)
        if (lqi_thermo_find_phase(db, ds->ref_phases[i]) < 0)
            return lqi_diag_set(diag, LQ_ENOTFOUND, ds->path, 0, "reference_state.phases",
                                "phase %s is not in the database", ds->ref_phases[i]);
    lq_status st = lqi_ctx_system(ctx, db, comp, nc, NULL, 0, &sys, diag);
    if (st == LQ_OK)
        st = lqi_ctx_system(ctx, db, comp, nc, ds->ref_phases, ds->n_ref_phases, &rsys, diag);
    if (st != LQ_OK) return st;
    const lq_system *S = ctx->sys[sys].sys;
    size_t c = 0;
    while (c < nc && strcasecmp(lq_system_component_name(S, c), us + 1) != 0) c++;
    if (c == nc)
        return lqi_diag_set(diag, LQ_EINVAL, ds->path, 0, "output",
                            "%s names no component of the dataset", ds->output);
    /* reference state: T, P and composition */
    const lq_dataset_cond *rc[64], *xc[64], *cT = lqi_ds_cond(ds, "T");
    size_t nrc = 0, nxc = 0;
    double refT = 0.0;
    for (size_t i = 0; i < ds->n_ref_conds && nrc < 64; i++) {
        if (strcasecmp(ds->ref_conds[i].name, "T") == 0 && ds->ref_conds[i].n)
            refT = ds->ref_conds[i].values[0];
        rc[nrc++] = &ds->ref_conds[i];
    }
    for (size_t i = 0; i < ds->n_conds && nxc < 64; i++)
        if (strncasecmp(ds->conds[i].name, "X_", 2) == 0) xc[nxc++] = &ds->conds[i];
    size_t nP = ds->shape[0], nT = ds->shape[1], nX = ds->shape[2];
    pr->ref_x = lqi_malloc_array(nc, sizeof *pr->ref_x);
    if (!pr->ref_x || lqi_prep_points(pr, nP * nT * nX, nc) != LQ_OK) return LQ_ENOMEM;
    if (!(refT > 0.0) || lqi_comp_from_conds(S, rc, nrc, 0, pr->ref_x))
        return lqi_diag_set(diag, LQ_EINVAL, ds->path, 0, "reference_state.conditions",
                            "needs T and X of all components but one");
    if (!cT || cT->n != nT)
        return lqi_diag_set(diag, LQ_EINVAL, ds->path, 0, "conditions.T",
                            "T does not match values");
    for (size_t k = 0; k < nxc; k++)
        if (xc[k]->n != nX && xc[k]->n != 1)
            return lqi_diag_set(diag, LQ_EINVAL, ds->path, 0, xc[k]->name,
                                "%zu values for %zu points", xc[k]->n, nX);
    size_t n = 0;
    for (size_t iP = 0; iP < nP; iP++)
        for (size_t iT = 0; iT < nT; iT++)
            for (size_t ix = 0; ix < nX; ix++, n++) {
                if (lqi_comp_from_conds(S, xc, nxc, ix, pr->aux + n * nc))
                    return lqi_diag_set(diag, LQ_EINVAL, ds->path, 0, "conditions",
                                        "needs X of all components but one");
                pr->T[n] = cT->values[iT];
                pr->val[n] = ds->values[n];
            }
    pr->npts = n;
    pr->kind = LQ_LNPROB_ACR;
    pr->sys = sys;
    pr->ref_sys = rsys;
    pr->comp = c;
    pr->ref_T = refT;
    pr->sigma = 500.0 / ctx->w_acr / ds->weight;
    return LQ_OK;
}

/* Equilibrium k of dataset pr (0: the reference state) into a result, warm-started from its
 * anchor (lqi_slot_warm_start; lqi_eq_solve_warm accepts it only after the solver's global
 * check); NULL on failure. */
static const lq_eq_result *acr_solve(const lq_assess_ctx *ctx, lqi_slot *sl, const lqi_prep *pr,
                                     size_t k, size_t sys, double T, const double *x) {
    size_t w = ctx->voff[pr - ctx->prep] + k;
    lq_eq_result *res = sl->res[sys];
    lq_status st = lqi_slot_solve(sl, sys, w, T, x, pr->stride, res);
    sl->warm_ok[w] = st == LQ_OK;
    if (st != LQ_OK) return NULL;
    sl->res[sys] = sl->warm[w]; /* swap: the result stays valid while the others are solved */
    sl->warm[w] = res;
    return res;
}

double lqi_acr_eval(const lq_assess_ctx *ctx, lqi_slot *sl, const lqi_prep *pr) {
    double x[64];
    size_t nc = pr->stride;
    lqi_x_floor(pr->ref_x, nc, x);
    const lq_eq_result *res = acr_solve(ctx, sl, pr, 0, pr->ref_sys, pr->ref_T, x);
    double mu_ref = 0.0, sum = 0.0;
    /* A reference of the pure solute in phases that hold it alone (DHCP Nd in Bi-Nd) cannot be
     * solved at the solver's floored composition (x_other = 1e-12); its chemical potential is
     * then the pure element's Gibbs energy per atom in the most stable of those phases, which is
     * what pycalphad's equilibrium at X_other = 0 gives. */
    size_t ph;
    if (res)
        mu_ref = res->mu[pr->comp];
    else if (!(pr->ref_x[pr->comp] >= 1.0) ||
             lq_eq_reference_stable(sl->eq[pr->ref_sys], pr->ref_T, pr->comp, &ph, &mu_ref, NULL) !=
                 LQ_OK)
        return -HUGE_VAL;
    for (size_t i = 0; i < pr->npts; i++) {
        lqi_x_floor(pr->aux + i * nc, nc, x);
        res = acr_solve(ctx, sl, pr, 1 + i, pr->sys, pr->T[i], x);
        if (!res) return -HUGE_VAL;
        double target = ctx->R * pr->T[i] * log(pr->val[i]) + mu_ref;
        sum += lqi_norm_logpdf(res->mu[pr->comp] - target, pr->sigma);
    }
    return sum;
}
