/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ESPEI datasets of a titration: activity (ACR_<SOLUTE>) per temperature and the ZPF data of the
 * solubility, built with lq_dataset_build_activity / lq_dataset_build_zpf (src/assess). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/core_internal.h"
#include "echem/emf/emf_internal.h"
#include "liquidus/assess.h"

static void upper(char *dst, size_t size, const char *s) {
    size_t i = 0;
    for (; s[i] && i + 1 < size; i++)
        dst[i] = (char)(s[i] >= 'a' && s[i] <= 'z' ? s[i] - 32 : s[i]);
    dst[i] = '\0';
}

/* Adds "VA" to the components, as ESPEI's example datasets list it for substitutional phases. */
static lq_status add_vacancy(lq_dataset *ds) {
    char **c = lqi_realloc(ds->components, (ds->n_components + 1) * sizeof *c);
    if (!c) return LQ_ENOMEM;
    ds->components = c;
    if (!(c[ds->n_components] = lqi_strdup("VA"))) return LQ_ENOMEM;
    ds->n_components++;
    return LQ_OK;
}

/* X_<solute> = x  ->  X_<solvent> = 1 - x in a condition list. */
static lq_status to_solvent_fraction(lq_dataset_cond *c, size_t n, const char *xsolute,
                                     const char *xsolvent) {
    for (size_t i = 0; i < n; i++) {
        if (strcmp(c[i].name, xsolute) != 0) continue;
        char *name = lqi_strdup(xsolvent);
        if (!name) return LQ_ENOMEM;
        lqi_free(c[i].name);
        c[i].name = name;
        for (size_t k = 0; k < c[i].n; k++) c[i].values[k] = 1.0 - c[i].values[k];
    }
    return LQ_OK;
}

static lq_status set_comment(lq_dataset *ds, const char *text) {
    lqi_free(ds->comment);
    ds->comment = lqi_strdup(text);
    return ds->comment ? LQ_OK : LQ_ENOMEM;
}

lq_status lqi_echem_emf_acr(const lq_echem_emf_analysis_options *o, const char *scale,
                            const lq_echem_emf_run *R, lq_dataset **out, lq_diag *diag) {
    char sol[16], solv[16], xsol[24], xsolv[24], cm[768];
    upper(sol, sizeof sol, o->solute);
    upper(solv, sizeof solv, o->solvent);
    snprintf(xsol, sizeof xsol, "X_%s", sol);
    snprintf(xsolv, sizeof xsolv, "X_%s", solv);
    lq_dataset *ds = NULL;
    lq_status st =
        lq_dataset_build_activity(sol, solv, o->liquid_phase, o->ref_phase, R->T_K, R->acr_x_solute,
                                  R->acr_activity, R->n_liquid, "liquidus emf", &ds, diag);
    if (st != LQ_OK) return st;
    /* The composition as the solvent fraction, the reference as X_<solvent> = 0 (pure solute), as
     * in ESPEI's activity example (espei.org "Input data": ACR_CU with X_MG, reference X_MG = 0)
     * and as the command has always written it. */
    st = to_solvent_fraction(ds->conds, ds->n_conds, xsol, xsolv);
    if (st == LQ_OK) st = to_solvent_fraction(ds->ref_conds, ds->n_ref_conds, xsol, xsolv);
    if (st == LQ_OK) st = add_vacancy(ds);
    snprintf(cm, sizeof cm,
             "coulometric titration %s at %g K; a = exp(-zFE/RT), z = %d, E vs %s "
             "(last %g s of each rest); liquid points only",
             R->name, R->T_K, o->steps.n_electrons, scale, o->steps.window_s);
    if (st == LQ_OK) st = set_comment(ds, cm);
    if (st == LQ_OK) st = lq_dataset_validate(ds, diag);
    if (st != LQ_OK) {
        lq_dataset_free(ds);
        return st == LQ_ENOMEM ? lqi_diag_set(diag, st, NULL, 0, NULL, "out of memory") : st;
    }
    *out = ds;
    return LQ_OK;
}

lq_status lqi_echem_emf_emf(const lq_echem_emf_analysis_options *o, const lq_echem_emf_run *R,
                            lq_dataset **out, lq_diag *diag) {
    char sol[16], solv[16], cm[768];
    upper(sol, sizeof sol, o->solute);
    upper(solv, sizeof solv, o->solvent);
    /* the liquid branch, and the plateau when its solid is named (the equilibrium of the model
     * among liquid + solid then sets the emf there) */
    int plateau = o->solid_phase && R->has_solubility;
    size_t end = plateau ? R->nsteps : R->liquid_end, n = 0;
    double *x = lqi_malloc_array(2 * (end + 1), sizeof *x), *E = x + end + 1;
    if (!x) return lqi_diag_set(diag, LQ_ENOMEM, NULL, 0, NULL, "out of memory");
    for (size_t i = R->liquid_start; i < end; i++)
        if (R->steps[i].x_solute > 0.0 && R->steps[i].x_solute < 1.0) {
            x[n] = R->steps[i].x_solute;
            E[n++] = R->steps[i].E_V; /* as measured, vs o->ref */
        }
    /* the measuring electrode against the reporting one, phi_ref - phi_to (Eq. 8 read the other
     * way: E_measured = E_vs_solute - phi) */
    const lq_echem_ref *rf = o->ref, *to = o->to;
    double a = rf ? rf->a_V - (to ? to->a_V : 0.0) : 0.0;
    double b = rf ? rf->b_V_per_K - (to ? to->b_V_per_K : 0.0) : 0.0;
    lq_dataset *ds = NULL;
    lq_status st = n == 0 ? lqi_diag_set(diag, LQ_EINVAL, R->name, 0, NULL, "no emf point")
                          : lq_dataset_build_emf(sol, solv, o->steps.n_electrons, o->liquid_phase,
                                                 o->ref_phase, rf ? rf->name : "as measured", a, b,
                                                 &R->T_K, 1, x, n, E, "liquidus emf", &ds, diag);
    lqi_free(x);
    if (st != LQ_OK) return st;
    if (plateau) {
        char **ph = lqi_realloc(ds->phases, 2 * sizeof *ph);
        if (ph) ds->phases = ph;
        if (!ph || !(ph[1] = lqi_strdup(o->solid_phase))) st = LQ_ENOMEM;
        if (st == LQ_OK) ds->n_phases = 2;
    }
    snprintf(cm, sizeof cm,
             "coulometric titration %s at %g K: emf as measured vs %s (last %g s of each rest), "
             "z = %d; the reporting electrode %s is taken to be pure %s in %s",
             R->name, R->T_K, rf ? rf->name : "the measuring reference", o->steps.window_s,
             o->steps.n_electrons,
             to   ? to->name
             : rf ? rf->scale
                  : "(none)",
             sol, o->ref_phase);
    if (st == LQ_OK) st = add_vacancy(ds);
    if (st == LQ_OK) st = set_comment(ds, cm);
    if (st == LQ_OK) st = lq_dataset_validate(ds, diag);
    if (st != LQ_OK) {
        lq_dataset_free(ds);
        return st == LQ_ENOMEM ? lqi_diag_set(diag, st, NULL, 0, NULL, "out of memory") : st;
    }
    *out = ds;
    return LQ_OK;
}

lq_status lqi_echem_emf_zpf(const lq_echem_emf_analysis_options *o, const lq_echem_emf_analysis *A,
                            lq_dataset **out, lq_diag *diag) {
    char sol[16], solv[16];
    upper(sol, sizeof sol, o->solute);
    upper(solv, sizeof solv, o->solvent);
    double *T = lqi_malloc_array(3 * A->nruns, sizeof *T);
    if (!T) return lqi_diag_set(diag, LQ_ENOMEM, NULL, 0, NULL, "out of memory");
    double *x = T + A->nruns;
    size_t nr = 0;
    for (size_t f = 0; f < A->nruns; f++) {
        if (!A->runs[f].has_solubility) continue;
        T[nr] = A->runs[f].T_K;
        /* The liquid at the solubility; the solid's composition is not measured (null). */
        x[2 * nr] = A->runs[f].sol.x_sat;
        x[2 * nr + 1] = (double)NAN;
        nr++;
    }
    const char *phases[2] = {o->liquid_phase, o->solid_phase};
    lq_dataset *ds = NULL;
    lq_status st = lq_dataset_build_zpf(sol, solv, phases, 2, T, x, nr, "liquidus emf", &ds, diag);
    lqi_free(T);
    if (st != LQ_OK) return st;
    st = add_vacancy(ds);
    if (st == LQ_OK)
        st = set_comment(ds,
                         "solubility of the solute in the liquid from the intersection of the "
                         "liquid emf fit with the two-phase plateau");
    if (st == LQ_OK) st = lq_dataset_validate(ds, diag);
    if (st != LQ_OK) {
        lq_dataset_free(ds);
        return st == LQ_ENOMEM ? lqi_diag_set(diag, st, NULL, 0, NULL, "out of memory") : st;
    }
    *out = ds;
    return LQ_OK;
}
