/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Cell-emf likelihood: measured emfs against -(mu_EL - mu°_EL)/(n F) minus the reference offset. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "assess/likelihood_internal.h"
#include "core/core_internal.h"
#include "liquidus/units.h"
#include "thermo/thermo_internal.h"

/*
 * Beyond ESPEI (docs/assess-lnprob.md "Cell emf"). A dataset with output "EMF" gives the emf E of
 * a cell  EL(ref. electrode) | EL^n+ in a salt | EL in the working alloy  (Nd-Bi study Eqs. 5-6:
 * dG_EL = mu_EL - mu°_EL = -n F E_eq), measured against an electrode whose potential against the
 * pure element is phi_ref(T) = a + b T (Eqs. 7-8: E_eq = E_I + E_II). With the sign convention
 * E = phi(working) - phi(reference electrode):
 *   E_pred = -(mu_EL(x, T) - mu°_EL(T)) / (n F) - phi_ref(T),
 * mu_EL from the equilibrium at the point's composition among the dataset's phases (the working
 * alloy: one phase on the liquid branch, two on a plateau), as the activity likelihood takes MU(EL)
 * of an equilibrium (likelihood_acr.c), with the same solver and per-thread workspaces; mu°_EL the
 * Gibbs energy per atom of the pure element in its reference_states phase at the point's T. The
 * residual is Gaussian with s = EMF_SIGMA_V / data_weight[EMF] / dataset weight. The measured
 * values never pass through R: only the models' ideal mixing uses the context's gas constant
 * (lq_assess_lnprob_options.gas_constant, pycalphad's R by default).
 */

/* 2 mV: the study gives each emf as the mean of the last 0.5 h of a rest and reports no scatter;
 * liquidus's titration analysis takes potentials within 2 mV as one plateau (plateau_tol_V), the
 * reproducibility of such molten-chloride emfs. It is close to ESPEI's activity deviation seen as
 * a potential, 500 J/mol / (3 F) = 1.73 mV for Nd3+, so emf and activity data of one cell weigh
 * alike by default. */
#define EMF_SIGMA_V 0.002

/* The dataset's X_<EL> conditions at value index i into x (system order), the dependent one by
 * balance; -1 unless exactly one component has no condition. */
/* The composition of point i: the conditions' X_<EL> through the activity term's helper. */
static int point_x(const lq_system *S, const lq_dataset *ds, size_t i, double *x) {
    const lq_dataset_cond *conds[64];
    size_t n = ds->n_conds < 64 ? ds->n_conds : 64;
    for (size_t k = 0; k < n; k++) conds[k] = &ds->conds[k];
    return lqi_comp_from_conds(S, conds, n, i, x);
}

static const char *ref_phase_of(const lq_dataset *ds) {
    for (size_t i = 0; i < ds->n_ref_states; i++)
        if (ds->ref_states[i].element &&
            strcasecmp(ds->ref_states[i].element, ds->emf_element) == 0)
            return ds->ref_states[i].phase;
    return NULL;
}

lq_status lqi_emf_prepare(lq_assess_ctx *ctx, const lq_db *db, const lq_dataset *ds, lqi_prep *pr,
                          lq_diag *diag) {
    char *comp[64], *ph[256];
    size_t nc = lqi_ds_comps(ds, comp, 64), sys, rsys;
    if (!ds->emf_element || ds->emf_n_electrons < 1)
        return lqi_diag_set(diag, LQ_EINVAL, ds->path, 0, "emf",
                            "EMF data need an emf block with element and n_electrons");
    const char *rph = ref_phase_of(ds);
    if (!rph || lqi_thermo_find_phase(db, rph) < 0)
        return lqi_diag_set(diag, LQ_ENOTFOUND, ds->path, 0, "reference_states",
                            "reference phase %s of %s is not in the database", rph ? rph : "(none)",
                            ds->emf_element);
    if (ds->n_phases > 256) return LQ_EUNSUPPORTED;
    for (size_t i = 0; i < ds->n_phases; i++) {
        if (lqi_thermo_find_phase(db, ds->phases[i]) < 0) return LQ_OK; /* unused, as eqprop */
        ph[i] = ds->phases[i];
    }
    char *rp = (char *)rph;
    lq_status st = lqi_ctx_system(ctx, db, comp, nc, ph, ds->n_phases, &sys, diag);
    if (st == LQ_OK) st = lqi_ctx_system(ctx, db, comp, nc, &rp, 1, &rsys, diag);
    if (st != LQ_OK) return st;
    const lq_system *S = ctx->sys[sys].sys;
    size_t c = 0;
    while (c < nc && strcasecmp(lq_system_component_name(S, c), ds->emf_element) != 0) c++;
    if (c == nc)
        return lqi_diag_set(diag, LQ_EINVAL, ds->path, 0, "emf.element",
                            "%s is no component of the dataset", ds->emf_element);
    const lq_dataset_cond *cT = lqi_ds_cond(ds, "T");
    size_t nP = ds->shape[0], nT = ds->shape[1], nX = ds->shape[2];
    if (!cT || cT->n != nT)
        return lqi_diag_set(diag, LQ_EINVAL, ds->path, 0, "conditions.T",
                            "T does not match values");
    for (size_t k = 0; k < ds->n_conds; k++)
        if (strncasecmp(ds->conds[k].name, "X_", 2) == 0 && ds->conds[k].n != nX &&
            ds->conds[k].n != 1)
            return lqi_diag_set(diag, LQ_EINVAL, ds->path, 0, ds->conds[k].name,
                                "%zu values for %zu points", ds->conds[k].n, nX);
    if (lqi_prep_points(pr, nP * nT * nX, nc) != LQ_OK) return LQ_ENOMEM;
    size_t n = 0;
    for (size_t iP = 0; iP < nP; iP++)
        for (size_t iT = 0; iT < nT; iT++)
            for (size_t ix = 0; ix < nX; ix++, n++) {
                if (point_x(S, ds, ix, pr->aux + n * nc))
                    return lqi_diag_set(diag, LQ_EINVAL, ds->path, 0, "conditions",
                                        "needs X of all components but one");
                pr->T[n] = cT->values[iT];
                pr->val[n] = ds->values[n];
            }
    pr->npts = n;
    pr->kind = LQ_LNPROB_EMF;
    pr->sys = sys;
    pr->ref_sys = rsys;
    pr->comp = c;
    pr->emf_nF = ds->emf_n_electrons * LQ_FARADAY_C_PER_MOL;
    pr->emf_a = ds->emf_ref_a_V;
    pr->emf_b = ds->emf_ref_b_V_per_K;
    pr->emf_ref_phase = rph;
    pr->sigma = EMF_SIGMA_V / ctx->w_emf / ds->weight;
    return LQ_OK;
}

/* Gibbs energy per atom of the pure element in the reference phase at T (pycalphad's pure
 * reference: the element on every sublattice that holds it, vacancies elsewhere). */
static int pure_g(const lq_assess_ctx *ctx, lqi_slot *sl, const lqi_prep *pr, double T, double *g) {
    const lq_system *S = ctx->sys[pr->ref_sys].sys;
    const char *el = lq_system_component_name(S, pr->comp);
    size_t p;
    lq_phase_info in;
    if (lq_system_phase_find(S, pr->emf_ref_phase, &p) != LQ_OK ||
        lq_system_phase_info(S, p, &in) != LQ_OK || in.n_constituents > LQI_SLOT_BUF)
        return -1;
    double *y = sl->buf;
    if (lqi_pure_y(&in, el, y)) return -1;
    lq_phase_ghsc gh;
    if (lq_thermo_ws_set_TP(sl->tws[pr->ref_sys], T, ctx->eq.P) != LQ_OK ||
        lq_phase_properties(sl->tws[pr->ref_sys], p, y, 1, &gh) != LQ_OK || !isfinite(gh.G))
        return -1;
    *g = gh.G;
    return 0;
}

double lqi_emf_eval(const lq_assess_ctx *ctx, lqi_slot *sl, const lqi_prep *pr) {
    double x[64], mu0 = 0.0, T0 = -1.0, sum = 0.0;
    size_t nc = pr->stride;
    lq_eq_result *res = sl->res[pr->sys];
    for (size_t i = 0; i < pr->npts; i++) {
        double T = pr->T[i];
        if (T != T0) { /* points come T by T: the pure element once per temperature */
            if (pure_g(ctx, sl, pr, T, &mu0)) return -HUGE_VAL;
            T0 = T;
        }
        lqi_x_floor(pr->aux + i * nc, nc, x);
        if (lq_eq_solve(sl->eq[pr->sys], T, x, nc, res, NULL) != LQ_OK) return -HUGE_VAL;
        double E = -(res->mu[pr->comp] - mu0) / pr->emf_nF - (pr->emf_a + pr->emf_b * T);
        sum += lqi_norm_logpdf(E - pr->val[i], pr->sigma);
    }
    return sum;
}
