/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Whole coulometric titrations: steps, emf, activity, Henrian check, solubility, E(T), datasets. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/core_internal.h"
#include "echem/emf/emf_internal.h"
#include "liquidus/assess.h"
#include "liquidus/units.h"

lq_echem_emf_analysis_options lq_echem_emf_analysis_options_default(void) {
    lq_echem_emf_analysis_options o;
    memset(&o, 0, sizeof o);
    o.steps = lq_echem_emf_options_default();
    o.plateau_tol_V = 0.002; /* emfs of a two-phase plateau scatter by ~1 mV (Nd-Bi study) */
    o.liquid_phase = "LIQUID";
    return o;
}

static void run_free(lq_echem_emf_run *r) {
    lqi_free(r->steps);
    lqi_free(r->E_V);
    lqi_free(r->ln_a);
    lqi_free(r->ln_gamma);
    lqi_free(r->g_ex_J_per_mol);
    lqi_free(r->acr_x_solute);
    lqi_free(r->acr_activity);
    lq_dataset_free(r->acr);
    lq_dataset_free(r->emf);
}

void lq_echem_emf_analysis_free(lq_echem_emf_analysis *a) {
    if (!a) return;
    for (size_t i = 0; i < a->nruns; i++) run_free(&a->runs[i]);
    lqi_free(a->runs);
    lq_dataset_free(a->zpf);
    lqi_free(a);
}

static lq_status check_options(const lq_echem_emf_analysis_options *o, lq_diag *diag) {
    if ((o->solute == NULL) != (o->solvent == NULL))
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "solute", "solute and solvent go together");
    if (o->solute && (!o->ref_phase || !o->liquid_phase || !o->solute[0] || !o->solvent[0]))
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "ref_phase",
                            "the datasets need the phase of the pure solute (ref_phase) and the "
                            "liquid phase name");
    if (o->to && !o->ref)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "to", "a reporting electrode needs ref");
    if (!isfinite(o->plateau_tol_V))
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "plateau_tol_V", "not finite");
    return LQ_OK;
}

static lq_status check_record(const lq_echem_record *r, double T, const char *name, lq_diag *diag) {
    if (!r) return lqi_diag_set(diag, LQ_EINVAL, name, 0, NULL, "NULL record");
    if (!r->has_time || !r->has_potential || !r->has_current)
        return lqi_diag_set(diag, LQ_EINVAL, name, 0, NULL,
                            "needs time, potential and current columns");
    if (!isfinite(T) || !(T > 0.0))
        return lqi_diag_set(diag, LQ_EINVAL, name, 0, "T", "temperature must be > 0 K");
    return LQ_OK;
}

/* Steps of one record and their emf against the reporting electrode, ln a, ln gamma, G_ex. */
static lq_status run_steps(const lq_echem_record *r, const lq_echem_emf_analysis_options *o,
                           lq_echem_emf_run *R, lq_diag *diag) {
    size_t ns = 0;
    lq_diag_clear(&R->steps_warning);
    lq_status st = lq_echem_emf_steps(r->time_s, r->potential_V, r->current_A, r->n, &o->steps,
                                      NULL, 0, &ns, &R->steps_warning);
    if (st != LQ_OK) {
        if (diag) *diag = R->steps_warning;
        if (diag && !diag->file[0]) snprintf(diag->file, sizeof diag->file, "%s", R->name);
        return st;
    }
    lq_diag_clear(&R->steps_warning);
    R->steps = lqi_malloc_array(ns, sizeof *R->steps);
    R->E_V = lqi_malloc_array(ns, sizeof(double));
    R->ln_a = lqi_malloc_array(ns, sizeof(double));
    R->ln_gamma = lqi_malloc_array(ns, sizeof(double));
    R->g_ex_J_per_mol = lqi_malloc_array(ns, sizeof(double));
    if (!R->steps || !R->E_V || !R->ln_a || !R->ln_gamma || !R->g_ex_J_per_mol) return LQ_ENOMEM;
    st = lq_echem_emf_steps(r->time_s, r->potential_V, r->current_A, r->n, &o->steps, R->steps, ns,
                            &R->nsteps, &R->steps_warning);
    if (st != LQ_OK) {
        if (diag) *diag = R->steps_warning;
        return st;
    }
    int z = o->steps.n_electrons;
    for (size_t i = 0; i < ns; i++) {
        double e = R->steps[i].E_V;
        if (o->ref && lq_echem_ref_convert(e, R->T_K, o->ref, o->to, &e, diag) != LQ_OK)
            return LQ_EINVAL;
        R->E_V[i] = e;
        R->ln_a[i] = R->ln_gamma[i] = R->g_ex_J_per_mol[i] = (double)NAN;
        /* Eqs. 6 and 13 only where there is solute (x > 0); x > 1 leaves NaN (EDOM). */
        if (R->steps[i].x_solute > 0.0)
            lq_echem_emf_activity(e, R->T_K, z, R->steps[i].x_solute, &R->ln_a[i], &R->ln_gamma[i],
                                  &R->g_ex_J_per_mol[i]);
    }
    return LQ_OK;
}

/* Liquid branch, plateau and solubility; the fitted branch E = a + b ln x for figures. */
static lq_status run_solubility(const lq_echem_emf_analysis_options *o, lq_echem_emf_run *R,
                                double *x) {
    size_t n = R->nsteps;
    for (size_t i = 0; i < n; i++) x[i] = R->steps[i].x_solute;
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st = lq_echem_emf_solubility_find(x, R->E_V, n, o->plateau_tol_V, &R->sol, &d);
    if (st == LQ_ENOMEM) return st;
    R->has_solubility = st == LQ_OK;
    R->ln_a_plateau = (double)NAN;
    R->liquid_start = 0;
    R->liquid_end = n;
    if (!R->has_solubility) {
        /* No plateau is a finding, not a failure: noted, and the analysis goes on. */
        snprintf(R->solubility_note, sizeof R->solubility_note, "%s",
                 d.msg[0] ? d.msg : lq_status_str(st));
        while (R->liquid_start < n && !(x[R->liquid_start] > 0.0)) R->liquid_start++;
        return LQ_OK;
    }
    if (d.warning) R->solubility_warning = d;
    R->liquid_start = R->sol.i_liquid;
    R->liquid_end = R->sol.i_plateau;
    double la, lg, g;
    if (lq_echem_emf_activity(R->sol.E_plateau_V, R->T_K, o->steps.n_electrons, R->sol.x_sat, &la,
                              &lg, &g) == LQ_OK)
        R->ln_a_plateau = la;
    /* The branch from the first liquid point to x_sat, evenly spaced in ln x. */
    double xa = x[R->sol.i_liquid], xb = R->sol.x_sat;
    R->ncurve = LQ_ECHEM_EMF_CURVE_N;
    for (int i = 0; i < LQ_ECHEM_EMF_CURVE_N; i++) {
        R->curve_x[i] = xa * pow(xb / xa, (double)i / (LQ_ECHEM_EMF_CURVE_N - 1));
        R->curve_E_V[i] = R->sol.fit.a + R->sol.fit.b * log(R->curve_x[i]);
    }
    return LQ_OK;
}

/* Henrian check: mean and spread of ln gamma over the liquid points; they also make the activity
 * dataset (x and activity exp(ln a)). */
static lq_status run_liquid(lq_echem_emf_run *R) {
    double s1 = 0.0, s2 = 0.0;
    size_t m = R->liquid_end - R->liquid_start;
    R->acr_x_solute = lqi_malloc_array(m ? m : 1, sizeof(double));
    R->acr_activity = lqi_malloc_array(m ? m : 1, sizeof(double));
    if (!R->acr_x_solute || !R->acr_activity) return LQ_ENOMEM;
    for (size_t i = R->liquid_start; i < R->liquid_end; i++) {
        if (!isfinite(R->ln_gamma[i])) continue;
        s1 += R->ln_gamma[i];
        s2 += R->ln_gamma[i] * R->ln_gamma[i];
        R->acr_x_solute[R->n_liquid] = R->steps[i].x_solute;
        R->acr_activity[R->n_liquid] = exp(R->ln_a[i]);
        R->n_liquid++;
    }
    double nl = (double)R->n_liquid;
    R->ln_gamma_mean = R->n_liquid ? s1 / nl : (double)NAN;
    R->ln_gamma_sd =
        R->n_liquid > 1 ? sqrt(fmax(0.0, (s2 - s1 * s1 / nl) / (nl - 1.0))) : (double)NAN;
    return LQ_OK;
}

/* Across temperatures: the plateau emf and the liquid's R T <ln gamma>, both linear in T. */
static lq_status across_temperatures(lq_echem_emf_analysis *A, int z) {
    double *Tp = lqi_malloc_array(4 * A->nruns, sizeof(double));
    if (!Tp) return LQ_ENOMEM;
    double *Ep = Tp + A->nruns, *Tg = Ep + A->nruns, *Gg = Tg + A->nruns;
    size_t np = 0, ng = 0;
    for (size_t f = 0; f < A->nruns; f++) {
        const lq_echem_emf_run *R = &A->runs[f];
        if (R->has_solubility) {
            Tp[np] = R->T_K;
            Ep[np++] = R->sol.E_plateau_V;
        }
        if (R->n_liquid) {
            Tg[ng] = R->T_K;
            Gg[ng++] = LQ_GAS_CONSTANT_J_PER_MOL_K * R->T_K * R->ln_gamma_mean;
        }
    }
    A->has_plateau_tdep =
        np >= 2 && lq_echem_emf_temperature(Tp, Ep, np, z, &A->plateau_tdep) == LQ_OK;
    /* dG_ex = dH_ex - T dS_ex (Eq. 13 at each T). */
    A->has_liquid_excess =
        ng >= 2 && lq_echem_linfit_compute(Tg, Gg, ng, &A->liquid_excess) == LQ_OK;
    lqi_free(Tp);
    return LQ_OK;
}

static const char *scale_name(const lq_echem_emf_analysis_options *o) {
    return o->to ? o->to->name : o->ref ? o->ref->scale : "the measuring reference";
}

static lq_status analyse_one(const lq_echem_record *r, const char *name, double T,
                             const lq_echem_emf_analysis_options *o, lq_echem_emf_run *R,
                             lq_diag *diag) {
    R->name = name;
    R->T_K = T;
    lq_status st = run_steps(r, o, R, diag);
    if (st != LQ_OK) return st;
    double *x = lqi_malloc_array(R->nsteps ? R->nsteps : 1, sizeof *x);
    if (!x) return LQ_ENOMEM;
    st = run_solubility(o, R, x);
    lqi_free(x);
    if (st == LQ_OK) st = run_liquid(R);
    if (st == LQ_OK && o->solute && R->n_liquid)
        st = lqi_echem_emf_acr(o, scale_name(o), R, &R->acr, diag);
    if (st == LQ_OK && R->acr) st = lqi_echem_emf_emf(o, R, &R->emf, diag);
    return st;
}

lq_status lq_echem_emf_analyse(const lq_echem_record *const *recs, const char *const *names,
                               const double *T_K, size_t nrec,
                               const lq_echem_emf_analysis_options *opt,
                               lq_echem_emf_analysis **out, lq_diag *diag) {
    if (!recs || !T_K || !opt || !out || nrec == 0)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "NULL argument or no record");
    lq_status st = check_options(opt, diag);
    for (size_t f = 0; f < nrec && st == LQ_OK; f++)
        st = check_record(recs[f], T_K[f],
                          names && names[f] ? names[f]
                          : recs[f]         ? recs[f]->file
                                            : "",
                          diag);
    if (st != LQ_OK) return st;
    lq_echem_emf_analysis *A = lqi_calloc(1, sizeof *A);
    if (!A) return LQ_ENOMEM;
    A->runs = lqi_calloc(nrec, sizeof *A->runs);
    if (!A->runs) {
        lqi_free(A);
        return LQ_ENOMEM;
    }
    A->nruns = nrec;
    snprintf(A->scale, sizeof A->scale, "%s", scale_name(opt));
    for (size_t f = 0; f < nrec && st == LQ_OK; f++) {
        const char *name = names && names[f] ? names[f] : recs[f]->file;
        st = analyse_one(recs[f], name, T_K[f], opt, &A->runs[f], diag);
    }
    if (st == LQ_OK) st = across_temperatures(A, opt->steps.n_electrons);
    size_t nsol = 0;
    for (size_t f = 0; f < nrec; f++) nsol += A->runs[f].has_solubility ? 1u : 0u;
    if (st == LQ_OK && opt->solute && opt->solid_phase && nsol > 0)
        st = lqi_echem_emf_zpf(opt, A, &A->zpf, diag);
    if (st != LQ_OK) {
        if (st == LQ_ENOMEM) lqi_diag_set(diag, st, NULL, 0, NULL, "out of memory");
        lq_echem_emf_analysis_free(A);
        return st;
    }
    *out = A;
    return LQ_OK;
}
