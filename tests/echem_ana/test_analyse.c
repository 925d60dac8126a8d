/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The whole-record analyses (one call per command) on synthetic records with known answers. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/core_internal.h"
#include "liquidus/assess.h"
#include "liquidus/echem.h"
#include "liquidus/units.h"
#include "lq_test.h"
#include "test_echem_ana.h"

/* A record of nseg consecutive segments of counts[k] points each (NULL on failure). */
static lq_echem_record *record_segments(const size_t *counts, size_t nseg) {
    size_t n = 0;
    for (size_t k = 0; k < nseg; k++) n += counts[k];
    lq_echem_record *r = NULL;
    if (lq_echem_record_alloc(n, 0, &r) != LQ_OK) return NULL;
    lq_echem_segment *s = lqi_realloc(r->segments, nseg * sizeof *s);
    if (!s) {
        lq_echem_record_free(r);
        return NULL;
    }
    r->segments = s;
    r->nsegments = nseg;
    for (size_t k = 0, start = 0; k < nseg; start += counts[k], k++) {
        memset(&s[k], 0, sizeof s[k]);
        s[k].start = start;
        s[k].count = counts[k];
        s[k].index = (long)k + 1;
        snprintf(s[k].label, sizeof s[k].label, "seg %zu", k + 1);
    }
    return r;
}

/* ------------------------------------------------------------------ emf */

/* A titration of Nd into 0.01 mol Bi measured against Nd-Sn at T: a first rest at x = 0, then
 * 30 pulses of 12.5 mA x 550 s, each followed by 3600 s of rest, 5 s sampling, no noise. The
 * liquid follows gamma = 1e-12 (Nd-Bi study: Henrian, ~1e-12) up to x_sat, then the plateau. */
static lq_echem_record *titration(double T, double xs) {
    enum { PULSES = 30, NP = 110, NR = 720 };
    size_t n = NR + PULSES * (NP + NR);
    lq_echem_record *r = NULL;
    if (lq_echem_record_alloc(n, 0, &r) != LQ_OK) return NULL;
    const double nbi = 0.01, F = LQ_FARADAY_C_PER_MOL, R = LQ_GAS_CONSTANT_J_PER_MOL_K;
    const double e2 = 0.590 + 1.52e-4 * T; /* Nd-Sn vs Nd(s), Nd-Bi study Eq. 8 */
    double nnd = 0.0, e = 0.3;
    size_t k = 0;
    for (int p = 0; p <= PULSES; p++) {
        if (p > 0) {
            for (int i = 0; i < NP; i++, k++) {
                r->time_s[k] = 5.0 * (double)k;
                r->potential_V[k] = -0.05;
                r->current_A[k] = -12.5e-3;
            }
            nnd += 12.5e-3 * 550.0 / (3.0 * F);
            double x = nnd / (nnd + nbi);
            /* Eqs. 6, 13: E vs Nd = -RT/(3F) (ln gamma + ln x); measured vs Nd-Sn: minus E_II. */
            e = -R * T / (3.0 * F) * (log(1e-12) + log(fmin(x, xs))) - e2;
        }
        for (int i = 0; i < NR; i++, k++) {
            r->time_s[k] = 5.0 * (double)k;
            r->potential_V[k] = e;
            r->current_A[k] = 0.0;
        }
    }
    return r;
}

static void emf_datasets(const lq_echem_emf_analysis *a) {
    const lq_echem_emf_run *R = &a->runs[1];
    LQ_CHECK(R->acr != NULL && a->zpf != NULL);
    if (!R->acr || !a->zpf) return;
    LQ_CHECK(strcmp(R->acr->output, "ACR_ND") == 0);
    LQ_CHECK(R->acr->n_components == 3 && strcmp(R->acr->components[2], "VA") == 0);
    const lq_dataset_cond *x = NULL;
    for (size_t i = 0; i < R->acr->n_conds; i++)
        if (strcmp(R->acr->conds[i].name, "X_BI") == 0) x = &R->acr->conds[i];
    LQ_CHECK(x != NULL && x->n == R->n_liquid);
    if (x && x->n) LQ_CHECK_CLOSE(x->values[0], 1.0 - R->acr_x_solute[0], 0, 1e-15);
    LQ_CHECK_CLOSE(R->acr->values[0], R->acr_activity[0], 1e-15, 0);
    LQ_CHECK(a->zpf->n_regions == 2 && a->zpf->regions[1].n_vertices == 2);
    LQ_CHECK_CLOSE(a->zpf->regions[1].v[0].x[0], a->runs[1].sol.x_sat, 1e-15, 0);
    LQ_CHECK(isnan(a->zpf->regions[1].v[1].x[0]));
    /* The cell-emf dataset: emfs as measured vs Nd-Sn, liquid and plateau (phases LIQUID +
     * NDBI2), with Nd-Sn's potential vs Nd declared (Eq. 8: 0.590 + 1.52e-4 T), so that adding
     * it gives back the converted emf of each step exactly (1e-12 V: one addition). */
    const lq_dataset *e = R->emf;
    LQ_CHECK(e != NULL);
    if (!e) return;
    LQ_CHECK(strcmp(e->output, "EMF") == 0 && strcmp(e->emf_element, "ND") == 0);
    LQ_CHECK(e->emf_n_electrons == 3 && strcmp(e->emf_ref_name, "Nd-Sn (x_Nd=0.10)") == 0);
    LQ_CHECK(e->n_phases == 2 && strcmp(e->phases[1], "NDBI2") == 0);
    LQ_CHECK_CLOSE(e->emf_ref_a_V, 0.590, 0, 1e-15);
    LQ_CHECK_CLOSE(e->emf_ref_b_V_per_K, 1.52e-4, 0, 1e-18);
    LQ_CHECK(e->shape[2] == R->nsteps - R->liquid_start);
    for (size_t k = 0; k < e->shape[2]; k++)
        LQ_CHECK_CLOSE(e->values[k] + 0.590 + 1.52e-4 * R->T_K, R->E_V[R->liquid_start + k], 0,
                       1e-12);
    /* What the command writes reads back as a valid ESPEI dataset. */
    lq_dataset *back = NULL;
    LQ_CHECK_STATUS(lq_dataset_write_file(R->acr, "test_echem_acr.json", NULL), LQ_OK);
    LQ_CHECK_STATUS(lq_dataset_read_file("test_echem_acr.json", &back, NULL), LQ_OK);
    LQ_CHECK(back && back->shape[2] == R->n_liquid);
    lq_dataset_free(back);
    remove("test_echem_acr.json");
}

void test_ana_emf_analyse(void) {
    const double T[2] = {873.0, 973.0}, xs[2] = {0.0291, 0.0565};
    lq_echem_record *rec[2] = {titration(T[0], xs[0]), titration(T[1], xs[1])};
    LQ_CHECK(rec[0] && rec[1]);
    if (!rec[0] || !rec[1]) return;
    lq_echem_ref ndsn, nd;
    LQ_CHECK_STATUS(lq_echem_ref_builtin("NdSn", &ndsn), LQ_OK);
    LQ_CHECK_STATUS(lq_echem_ref_builtin("Nd", &nd), LQ_OK);
    lq_echem_emf_analysis_options o = lq_echem_emf_analysis_options_default();
    o.steps.n_solvent_mol = 0.01;
    o.ref = &ndsn;
    o.to = &nd;
    o.solute = "Nd";
    o.solvent = "Bi";
    o.ref_phase = "DHCP";
    o.solid_phase = "NDBI2";
    const lq_echem_record *const *rr = (const lq_echem_record *const *)rec;
    lq_echem_emf_analysis *a = NULL;
    LQ_CHECK_STATUS(lq_echem_emf_analyse(rr, NULL, T, 2, &o, &a, NULL), LQ_OK);
    if (!a) return;
    LQ_CHECK(a->nruns == 2 && strcmp(a->scale, "Nd(s)") == 0);
    for (int f = 0; f < 2; f++) {
        const lq_echem_emf_run *R = &a->runs[f];
        LQ_CHECK(R->nsteps == 31 && R->has_solubility);
        /* Noise-free synthetic data: the liquid fit is exact, so x_sat and ln gamma come back to
         * rounding (1e-9 relative: the fit and log/exp of ~1e-14 activities). */
        LQ_CHECK_CLOSE(R->sol.x_sat, xs[f], 1e-9, 0);
        LQ_CHECK_CLOSE(R->ln_gamma_mean, log(1e-12), 1e-9, 0);
        LQ_CHECK(R->ln_gamma_sd < 1e-8);
        LQ_CHECK(isnan(R->ln_gamma[0]) && R->steps[0].x_solute == 0.0);
        LQ_CHECK(R->ncurve == LQ_ECHEM_EMF_CURVE_N);
        LQ_CHECK_CLOSE(R->curve_x[LQ_ECHEM_EMF_CURVE_N - 1], R->sol.x_sat, 1e-12, 0);
        LQ_CHECK_CLOSE(R->curve_E_V[LQ_ECHEM_EMF_CURVE_N - 1], R->sol.E_plateau_V, 0, 1e-9);
        LQ_CHECK(R->n_liquid == R->liquid_end - R->liquid_start && R->n_liquid >= 10);
    }
    ana_report("emf analyse x_sat at 973 K", a->runs[1].sol.x_sat, xs[1]);
    /* Across T: R T ln gamma = R T ln 1e-12, so H_ex = 0 and S_ex = -R ln 1e-12; the plateau
     * line through two points gives dS = zF (E2 - E1) / (T2 - T1) exactly. */
    LQ_CHECK(a->has_liquid_excess && a->has_plateau_tdep);
    LQ_CHECK_CLOSE(a->liquid_excess.a, 0.0, 0, 1e-6);
    LQ_CHECK_CLOSE(-a->liquid_excess.b, -LQ_GAS_CONSTANT_J_PER_MOL_K * log(1e-12), 1e-9, 0);
    double e1 = a->runs[0].sol.E_plateau_V, e2 = a->runs[1].sol.E_plateau_V;
    LQ_CHECK_CLOSE(a->plateau_tdep.S_J_per_mol_K, 3.0 * LQ_FARADAY_C_PER_MOL * (e2 - e1) / 100.0,
                   1e-9, 0);
    emf_datasets(a);
    lq_echem_emf_analysis_free(a);
    lq_echem_emf_analysis_free(NULL);
    lq_echem_record_free(rec[0]);
    lq_echem_record_free(rec[1]);
}

void test_ana_emf_analyse_errors(void) {
    lq_echem_record *r = titration(973.0, 0.0565);
    if (!r) return;
    const lq_echem_record *rr[1] = {r};
    double T = 973.0, Tbad = -1.0;
    lq_echem_emf_analysis_options o = lq_echem_emf_analysis_options_default();
    o.steps.n_solvent_mol = 0.01;
    lq_echem_emf_analysis *a = NULL;
    lq_diag d;
    LQ_CHECK_STATUS(lq_echem_emf_analyse(NULL, NULL, &T, 1, &o, &a, &d), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_echem_emf_analyse(rr, NULL, &T, 0, &o, &a, &d), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_echem_emf_analyse(rr, NULL, &T, 1, NULL, &a, &d), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_echem_emf_analyse(rr, NULL, &Tbad, 1, &o, &a, &d), LQ_EINVAL);
    o.solute = "Nd"; /* without solvent */
    LQ_CHECK_STATUS(lq_echem_emf_analyse(rr, NULL, &T, 1, &o, &a, &d), LQ_EINVAL);
    o.solvent = "Bi"; /* without ref_phase */
    LQ_CHECK_STATUS(lq_echem_emf_analyse(rr, NULL, &T, 1, &o, &a, &d), LQ_EINVAL);
    LQ_CHECK(strstr(d.msg, "ref_phase") != NULL);
    o.solute = o.solvent = NULL;
    lq_echem_ref nd;
    lq_echem_ref_builtin("Nd", &nd);
    o.to = &nd; /* without ref */
    LQ_CHECK_STATUS(lq_echem_emf_analyse(rr, NULL, &T, 1, &o, &a, &d), LQ_EINVAL);
    o.to = NULL;
    o.steps.n_solvent_mol = 0.0; /* required */
    LQ_CHECK_STATUS(lq_echem_emf_analyse(rr, NULL, &T, 1, &o, &a, &d), LQ_EINVAL);
    o.steps.n_solvent_mol = 0.01;
    /* A record with pulses only, and one without a current column; both name the record. */
    for (size_t i = 0; i < r->n; i++) r->current_A[i] = -1e-3;
    const char *names[1] = {"pulses.csv"};
    LQ_CHECK_STATUS(lq_echem_emf_analyse(rr, names, &T, 1, &o, &a, &d), LQ_ENOTFOUND);
    LQ_CHECK(strcmp(d.file, "pulses.csv") == 0);
    r->has_current = 0;
    LQ_CHECK_STATUS(lq_echem_emf_analyse(rr, names, &T, 1, &o, &a, &d), LQ_EINVAL);
    LQ_CHECK(a == NULL);
    lq_echem_record_free(r);
    /* Allocation failures anywhere give LQ_ENOMEM and leak nothing (ASan). */
    lq_echem_record *rec = titration(973.0, 0.0565);
    rr[0] = rec;
    o.solute = "Nd";
    o.solvent = "Bi";
    o.ref_phase = "DHCP";
    o.solid_phase = "NDBI2";
    lq_status st = LQ_ENOMEM;
    int only_known = 1;
    for (long k = 0; k < 400 && st == LQ_ENOMEM; k++) {
        lqi_alloc_fail_after(k);
        st = lq_echem_emf_analyse(rr, NULL, &T, 1, &o, &a, NULL);
        lqi_alloc_fail_after(-1);
        only_known &= st == LQ_OK || st == LQ_ENOMEM;
        if (st == LQ_OK) lq_echem_emf_analysis_free(a);
    }
    LQ_CHECK(only_known && st == LQ_OK);
    lq_echem_record_free(rec);
}

/* ------------------------------------------------------------------ CV */

/* One cycle 0 -> -1 -> 0 V, 1 mV steps at v: Gaussian cathodic peak of height ip at -0.5 V on
 * the forward sweep, anodic at -0.4 V on the return (the CLI test's Berzins-Delahay voltammogram).
 */
static lq_echem_record *voltammogram(double v, double ip) {
    lq_echem_record *r = NULL;
    if (lq_echem_record_alloc(2001, 0, &r) != LQ_OK) return NULL;
    for (size_t i = 0; i < 2001; i++) {
        double E = i <= 1000 ? -0.001 * (double)i : -1.0 + 0.001 * (double)(i - 1000);
        double g = i <= 1000 ? (E + 0.5) / 0.05 : (E + 0.4) / 0.05;
        r->time_s[i] = 0.001 * (double)i / v;
        r->potential_V[i] = E;
        r->current_A[i] = i <= 1000 ? -2e-5 - ip * exp(-g * g) : 2e-5 + 0.8 * ip * exp(-g * g);
    }
    return r;
}

#define BD_D 1.5e-9

/* Three voltammograms at 0.05, 0.1, 0.2 V/s whose cathodic peaks follow Berzins-Delahay with
 * D = BD_D (n = 2, 0.322 cm^2, 50 mol/m^3, 973 K), and the options that ask for D; 0 when all
 * three records were made. */
static int bd_records(lq_echem_record *rec[3], lq_echem_cv_analysis_options *o) {
    const double A = 0.322e-4, C = 50.0, T = 973.0, v[3] = {0.05, 0.1, 0.2};
    const double nf = 2.0 * LQ_FARADAY_C_PER_MOL;
    for (int k = 0; k < 3; k++)
        rec[k] = voltammogram(
            v[k], 0.6105 * nf * A * C * sqrt(nf * v[k] * BD_D / (LQ_GAS_CONSTANT_J_PER_MOL_K * T)));
    *o = lq_echem_cv_analysis_options_default();
    o->diffusion = 1;
    o->n_electrons = 2;
    o->area_m2 = A;
    o->conc_mol_per_m3 = C;
    o->T_K = T;
    return rec[0] && rec[1] && rec[2] ? 0 : -1;
}

void test_ana_cv_analyse(void) {
    /* D from three scan rates (Berzins-Delahay): within 3 %, the CLI test's tolerance (peak
     * heights read to ~1 % on a 1 mV grid). */
    const double D = BD_D;
    lq_echem_record *rec[3];
    lq_echem_cv_analysis_options o;
    int made = bd_records(rec, &o) == 0;
    LQ_CHECK(made);
    if (!made) return;
    lq_echem_cv_analysis *a = NULL;
    const lq_echem_record *const *rr = (const lq_echem_record *const *)rec;
    LQ_CHECK_STATUS(lq_echem_cv_analyse(rr, NULL, 3, &o, &a, NULL), LQ_OK);
    if (a) {
        LQ_CHECK(a->nfiles == 3 && a->files[0].nsweeps == 2 && a->npoints == 3);
        LQ_CHECK(a->has_diffusion);
        LQ_CHECK_CLOSE(a->diffusion.D_m2_per_s, D, 0.03, 0);
        ana_report("CV analyse Berzins-Delahay D, m^2/s", a->diffusion.D_m2_per_s, D);
        LQ_CHECK_CLOSE(a->files[1].scan_rate_V_per_s, 0.1, 1e-9, 0);
        LQ_CHECK_CLOSE(a->files[0].sweeps[0].res.peaks[0].E_V, -0.5, 0, 2e-3);
        LQ_CHECK_CLOSE(a->sqrt_v[2], sqrt(0.2), 1e-12, 0);
        LQ_CHECK_CLOSE(a->line_Ip_A[1], a->diffusion.slope_A * a->line_sqrt_v[1], 1e-12, 0);
    }
    lq_echem_cv_analysis_free(a);
    /* A soluble couple (the Gaussian voltammograms above): the return current is nowhere more
     * cathodic than the forward one, so no crossover, with the reason. */
    o.diffusion = 0;
    LQ_CHECK_STATUS(lq_echem_cv_analyse(rr, NULL, 1, &o, &a, NULL), LQ_OK);
    if (a) {
        LQ_CHECK(a->files[0].ncycles == 1 && a->files[0].cycles[0].ncross == 0);
        LQ_CHECK(a->files[0].cycles[0].loop_note &&
                 strstr(a->files[0].cycles[0].loop_note, "soluble") != NULL);
        /* dEp = Epa - Epc = -0.4 - (-0.5) on the 1 mV grid. */
        LQ_CHECK_CLOSE(a->files[0].cycles[0].dEp_V, 0.1, 0, 2e-3);
        LQ_CHECK(a->files[0].cycles[0].quality.flags == 0);
    }
    lq_echem_cv_analysis_free(a);
    /* Metal deposition with a nucleation loop: on the forward sweep no current until the
     * nucleation overpotential (-0.6 V), on the return the nuclei grow from the deposition
     * potential (-0.4 V) on, more cathodic than on the way out; the deposit strips in an anodic
     * peak at -0.3 V. The loop's crossover is where the return current reaches the forward
     * (zero) current, -0.4 V (to 3 mV: the smoothing rounds the kink there). */
    lq_echem_record *r = rec[0];
    for (size_t i = 0; i < r->n; i++) {
        double E = r->potential_V[i], dep = E < -0.4 ? -2e-3 * (-0.4 - E) / 0.6 : 0.0;
        double g = (E + 0.3) / 0.03;
        r->current_A[i] = i <= 1000 ? dep * (E < -0.6 ? 1.0 - exp(-(-0.6 - E) / 0.05) : 0.0)
                                    : dep + 3e-3 * exp(-g * g);
    }
    LQ_CHECK_STATUS(lq_echem_cv_analyse(rr, NULL, 1, &o, &a, NULL), LQ_OK);
    if (a) {
        LQ_CHECK(a->files[0].ncycles == 1 && a->files[0].cycles[0].ncross == 1);
        LQ_CHECK_CLOSE(a->files[0].cycles[0].E_cross_V[0], -0.4, 0, 3e-3);
        LQ_CHECK(a->files[0].cycles[0].loop_note == NULL);
        fprintf(stderr, "  measured deposition-loop crossover %.5f V (truth -0.4)\n",
                a->files[0].cycles[0].E_cross_V[0]);
    }
    lq_echem_cv_analysis_free(a);
    /* The same loop without the stripping peak is not reported. */
    for (size_t i = 1001; i < r->n; i++) {
        double E = r->potential_V[i];
        r->current_A[i] = E < -0.4 ? -2e-3 * (-0.4 - E) / 0.6 : 0.0;
    }
    LQ_CHECK_STATUS(lq_echem_cv_analyse(rr, NULL, 1, &o, &a, NULL), LQ_OK);
    if (a) {
        LQ_CHECK(a->files[0].cycles[0].ncross == 0);
        LQ_CHECK(a->files[0].cycles[0].loop_note &&
                 strstr(a->files[0].cycles[0].loop_note, "stripping") != NULL);
    }
    lq_echem_cv_analysis_free(a);
    /* A soluble couple at a microelectrode (steady-state sigmoid, ferricyanide-like, E0 = -0.5 V,
     * 25 C), both branches on one curve but for the charging current, with noise of 2 % of the
     * limiting current: the branches cross in the noise again and again (counted below with the
     * plain sign-change primitive), yet no nucleation loop is reported. */
    lqi_rng rng_state, *rng = &rng_state;
    lqi_rng_seed(rng, 41);
    for (size_t i = 0; i < r->n; i++) {
        double E = r->potential_V[i],
               x = (E + 0.5) * LQ_FARADAY_C_PER_MOL / (LQ_GAS_CONSTANT_J_PER_MOL_K * 298.15);
        r->current_A[i] =
            -1e-6 / (1.0 + exp(x)) + (i <= 1000 ? -5e-9 : 5e-9) + 2e-8 * lqi_rng_normal(rng);
    }
    double ec[64];
    size_t nraw = 0;
    LQ_CHECK_STATUS(
        lq_echem_cv_crossovers(r->potential_V, r->current_A, 0, 1001, r->n, ec, 64, &nraw), LQ_OK);
    LQ_CHECK(nraw > 5);
    LQ_CHECK_STATUS(lq_echem_cv_analyse(rr, NULL, 1, &o, &a, NULL), LQ_OK);
    if (a) {
        LQ_CHECK(a->files[0].ncycles == 1 && a->files[0].cycles[0].ncross == 0);
        LQ_CHECK(a->files[0].cycles[0].loop_note != NULL);
        fprintf(stderr,
                "  measured microelectrode soluble couple: %zu raw sign changes, %zu "
                "crossovers reported\n",
                nraw, a->files[0].cycles[0].ncross);
    }
    lq_echem_cv_analysis_free(a);
    /* Errors: NULL, no record, D options missing, a record too short to split, equal scan
     * rates (the fit's own status). */
    lq_diag d;
    LQ_CHECK_STATUS(lq_echem_cv_analyse(NULL, NULL, 1, &o, &a, &d), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_echem_cv_analyse(rr, NULL, 0, &o, &a, &d), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_echem_cv_analyse(rr, NULL, 1, NULL, &a, &d), LQ_EINVAL);
    o.diffusion = 1;
    o.n_electrons = 0;
    LQ_CHECK_STATUS(lq_echem_cv_analyse(rr, NULL, 1, &o, &a, &d), LQ_EINVAL);
    o.n_electrons = 2;
    const lq_echem_record *same[2] = {rec[1], rec[1]};
    LQ_CHECK_STATUS(lq_echem_cv_analyse(same, NULL, 2, &o, &a, &d), LQ_ESINGULAR);
    LQ_CHECK(strstr(d.msg, "scan rates are equal") != NULL);
    o.diffusion = 0;
    size_t n0 = r->n;
    r->n = 2;
    const char *names[1] = {"short.csv"};
    LQ_CHECK_STATUS(lq_echem_cv_analyse(rr, names, 1, &o, &a, &d), LQ_EINVAL);
    LQ_CHECK(strcmp(d.file, "short.csv") == 0 && strstr(d.msg, "sweeps") != NULL);
    r->n = n0;
    lq_status st = LQ_ENOMEM;
    int only_known = 1;
    for (long k = 0; k < 200 && st == LQ_ENOMEM; k++) {
        lqi_alloc_fail_after(k);
        st = lq_echem_cv_analyse(rr, NULL, 1, &o, &a, NULL);
        lqi_alloc_fail_after(-1);
        only_known &= st == LQ_OK || st == LQ_ENOMEM;
        if (st == LQ_OK) lq_echem_cv_analysis_free(a);
    }
    LQ_CHECK(only_known && st == LQ_OK);
    for (int k = 0; k < 3; k++) lq_echem_record_free(rec[k]);
}

/* ------------------------------------------------------------------ SWV */

void test_ana_swv_analyse(void) {
    /* Two curves at 973 K, no noise: segment 1 one n = 2 peak at -1.55 V, segment 2 the same
     * plus an n = 3 peak at -1.95 V; W1/2 = 3.52 RT/(nF) (Mg-La study §3.1.2). */
    enum { N = 551 };
    size_t counts[2] = {N, N};
    lq_echem_record *r = record_segments(counts, 2);
    if (!r) return;
    const double T = 973.0, rtf = LQ_GAS_CONSTANT_J_PER_MOL_K * T / LQ_FARADAY_C_PER_MOL;
    const double s2 = 3.52 * rtf / 2.0 / 2.3548200450309493,
                 s3 = 3.52 * rtf / 3.0 / 2.3548200450309493;
    for (size_t k = 0; k < 2 * N; k++) {
        double E = -1.2 - 0.002 * (double)(k % N), z2 = (E + 1.55) / s2, z3 = (E + 1.95) / s3;
        r->potential_V[k] = E;
        r->current_A[k] = -5e-6 - 2e-6 * E - 50e-6 * exp(-0.5 * z2 * z2) -
                          (k >= N ? 80e-6 * exp(-0.5 * z3 * z3) : 0.0);
    }
    lq_echem_swv_analysis_options o = lq_echem_swv_analysis_options_default();
    o.fit.T_K = T;
    lq_echem_swv_analysis *a = NULL;
    LQ_CHECK_STATUS(lq_echem_swv_analyse(r, &o, &a, NULL), LQ_OK);
    if (a) {
        LQ_CHECK(a->nsegments == 2 && a->n_analysed == 2);
        const lq_echem_swv_segment *g1 = &a->segments[0], *g2 = &a->segments[1];
        LQ_CHECK(g1->fit.npeaks == 1 && g2->fit.npeaks == 2);
        /* A converged fit of exact data: n to 1e-4 (the fit's stopping tolerance). */
        LQ_CHECK_CLOSE(g1->fit.peaks[0].n_electrons, 2.0, 1e-4, 0);
        LQ_CHECK_CLOSE(g2->fit.peaks[0].n_electrons, 3.0, 1e-4, 0);
        LQ_CHECK(g1->components_A == NULL && g2->components_A != NULL);
        double worst = 0.0;
        for (size_t i = 0; i < N; i++) worst = fmax(worst, fabs(g2->model_A[i] - g2->I_A[i]));
        LQ_CHECK(worst < 1e-9);
        /* Component k at its own peak: baseline + height = the annotated top. */
        size_t ip = (size_t)lround((-1.95 + 1.2) / -0.002);
        LQ_CHECK_CLOSE(g2->components_A[ip], g2->peak_top_A[0], 0, 1e-8);
    }
    lq_echem_swv_analysis_free(a);
    o.segment = 2;
    o.fit.npeaks = 1;
    LQ_CHECK_STATUS(lq_echem_swv_analyse(r, &o, &a, NULL), LQ_OK);
    if (a) LQ_CHECK(a->nsegments == 1 && a->segments[0].segment == 2);
    lq_echem_swv_analysis_free(a);
    /* Errors. */
    lq_diag d;
    LQ_CHECK_STATUS(lq_echem_swv_analyse(NULL, &o, &a, &d), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_echem_swv_analyse(r, NULL, &a, &d), LQ_EINVAL);
    o.segment = 3;
    LQ_CHECK_STATUS(lq_echem_swv_analyse(r, &o, &a, &d), LQ_EINVAL);
    o.segment = 0;
    o.current_column = "Idif_A";
    LQ_CHECK_STATUS(lq_echem_swv_analyse(r, &o, &a, &d), LQ_EINVAL);
    LQ_CHECK(strstr(d.msg, "Idif_A") != NULL);
    o.current_column = NULL;
    o.fit.T_K = 0.0;
    LQ_CHECK_STATUS(lq_echem_swv_analyse(r, &o, &a, &d), LQ_EINVAL);
    /* A flat segment is not fitted: reported per segment, the call succeeds. */
    o.fit.T_K = T;
    for (size_t k = N; k < 2 * N; k++) r->current_A[k] = 0.0;
    LQ_CHECK_STATUS(lq_echem_swv_analyse(r, &o, &a, &d), LQ_OK);
    if (a) LQ_CHECK(a->n_analysed == 1 && a->segments[1].status == LQ_ENOTFOUND);
    lq_echem_swv_analysis_free(a);
    lq_echem_record_free(r);
}

/* ------------------------------------------------------------------ CA */

void test_ana_ca_analyse(void) {
    /* Segment 1: Cottrell transient for D = 2.8e-9 m^2/s (n = 2, 0.322 cm^2, 100 mol/m^3) after a
     * charging spike; segment 2: progressive Scharifker-Hills transient (t_m 0.5 s, I_m -20 mA);
     * segment 3: 10 points (too short). No noise. */
    size_t counts[3] = {10000, 5000, 10};
    lq_echem_record *r = record_segments(counts, 3);
    if (!r) return;
    const double D = 2.8e-9, A = 0.322e-4, C = 100.0;
    double k = 2.0 * LQ_FARADAY_C_PER_MOL * A * C * sqrt(D / LQ_PI);
    for (size_t i = 0; i < r->n; i++) {
        size_t j = i < 10000 ? i : i < 15000 ? i - 10000 : i - 15000;
        double t = 1e-3 * (double)(j + 1);
        r->time_s[i] = (double)(i / 10000 + i / 15000) * 100.0 + t;
        r->current_A[i] =
            i < 10000 ? -k / sqrt(t) - 0.5 * exp(-t / 0.002)
                      : -20e-3 * sqrt(lq_echem_sh_model(LQ_ECHEM_NUCL_PROGRESSIVE, t / 0.5)) -
                            0.03 * exp(-t / 0.005);
    }
    lq_echem_ca_analysis_options o = lq_echem_ca_analysis_options_default();
    o.ca.n_electrons = 2;
    o.ca.area_m2 = A;
    o.ca.conc_mol_per_m3 = C;
    lq_echem_ca_analysis *a = NULL;
    LQ_CHECK_STATUS(lq_echem_ca_record_analyse(r, &o, &a, NULL), LQ_OK);
    if (a) {
        LQ_CHECK(a->nsegments == 3 && a->n_analysed == 2 && a->segments[2].status == LQ_EINVAL);
        const lq_echem_ca_segment *g1 = &a->segments[0], *g2 = &a->segments[1];
        /* t0 one sampling interval before each segment: times since the step start at 1 ms. */
        LQ_CHECK_CLOSE(g1->t_rel_s[0], 1e-3, 1e-9, 0);
        LQ_CHECK_CLOSE(g2->t_rel_s[0], 1e-3, 1e-9, 0);
        /* 2 % on D as in test_ana_ca_cottrell (the region choice, not noise, limits it). */
        LQ_CHECK(g1->res.has_cottrell && g1->cottrell_I_A != NULL);
        LQ_CHECK_CLOSE(g1->res.D_m2_per_s, D, 0.02, 0);
        size_t c0 = g1->res.cot_start;
        LQ_CHECK_CLOSE(g1->cottrell_I_A[0], -k / sqrt(g1->t_rel_s[c0]), 0.01, 0);
        LQ_CHECK_CLOSE(g1->cot_t_start_s, g1->t_rel_s[c0], 1e-12, 0);
        ana_report("CA analyse Cottrell D, m^2/s", g1->res.D_m2_per_s, D);
        LQ_CHECK(g2->res.mode == LQ_ECHEM_NUCL_PROGRESSIVE);
        LQ_CHECK_CLOSE(g2->res.t_m_s, 0.5, 0.01, 0);
        /* The dimensionless data end at t/t_peak <= 5 and pass through (1, 1) at the peak. */
        LQ_CHECK(g2->n_dimless > 100 && g2->t_over_tm[g2->n_dimless - 1] <= 5.0);
        LQ_CHECK_CLOSE(a->sh_t_over_tm[0], 0.05, 1e-12, 0);
        LQ_CHECK_CLOSE(a->sh_t_over_tm[LQ_ECHEM_SH_CURVE_N - 1], 5.0, 1e-12, 0);
        LQ_CHECK_CLOSE(a->sh_progressive[10],
                       lq_echem_sh_model(LQ_ECHEM_NUCL_PROGRESSIVE, a->sh_t_over_tm[10]), 1e-15, 0);
    }
    lq_echem_ca_analysis_free(a);
    /* Errors: NULL, segment beyond the record, no time column. */
    lq_diag d;
    LQ_CHECK_STATUS(lq_echem_ca_record_analyse(NULL, &o, &a, &d), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_echem_ca_record_analyse(r, NULL, &a, &d), LQ_EINVAL);
    o.segment = 4;
    LQ_CHECK_STATUS(lq_echem_ca_record_analyse(r, &o, &a, &d), LQ_EINVAL);
    o.segment = 3;
    r->has_time = 0;
    LQ_CHECK_STATUS(lq_echem_ca_record_analyse(r, &o, &a, &d), LQ_EINVAL);
    r->has_time = 1;
    lq_status st = LQ_ENOMEM;
    int only_known = 1;
    o.segment = 2;
    for (long kk = 0; kk < 200 && st == LQ_ENOMEM; kk++) {
        lqi_alloc_fail_after(kk);
        st = lq_echem_ca_record_analyse(r, &o, &a, NULL);
        lqi_alloc_fail_after(-1);
        only_known &= st == LQ_OK || st == LQ_ENOMEM;
        if (st == LQ_OK) lq_echem_ca_analysis_free(a);
    }
    LQ_CHECK(only_known && st == LQ_OK);
    lq_echem_record_free(r);
}

/* ------------------------------------------------------------------ OCP and record summary */

void test_ana_ocp_analyse(void) {
    /* Segment 1: plateaus at -1.92, -1.70, -1.61, -1.54, -1.48 V joined by fast rises (the
     * Mg-La study's Fig. 5, as test_ana_ocp_plateaus without noise); segment 2: 5 points. */
    size_t counts[2] = {10000, 5};
    lq_echem_record *r = record_segments(counts, 2);
    if (!r) return;
    const double lev[5] = {-1.92, -1.70, -1.61, -1.54, -1.48}, tsw[4] = {12.0, 30.0, 45.0, 65.0};
    for (size_t i = 0; i < r->n; i++) {
        double t = 0.01 * (double)i;
        double e = -2.3 + (lev[0] + 2.3) * 0.5 * (1.0 + tanh((t - 1.0) / 0.2));
        for (int k = 0; k < 4; k++)
            e += (lev[k + 1] - lev[k]) * 0.5 * (1.0 + tanh((t - tsw[k]) / 0.2));
        r->time_s[i] = t;
        r->potential_V[i] = e;
    }
    lq_echem_ocp_analysis_options o = lq_echem_ocp_analysis_options_default();
    lq_echem_ocp_analysis *a = NULL;
    LQ_CHECK_STATUS(lq_echem_ocp_analyse(r, &o, &a, NULL), LQ_OK);
    if (a) {
        LQ_CHECK(a->nsegments == 2 && a->n_analysed == 1 && a->segments[1].status == LQ_EINVAL);
        LQ_CHECK(a->segments[0].nplateaus == 5);
        /* 2 mV, as for lq_echem_ocp_plateaus: the plateau edges lie on the tanh rises. */
        for (size_t k = 0; k < a->segments[0].nplateaus && k < 5; k++)
            LQ_CHECK_CLOSE(a->segments[0].plateaus[k].E_V, lev[k], 0, 2e-3);
    }
    lq_echem_ocp_analysis_free(a);
    lq_diag d;
    LQ_CHECK_STATUS(lq_echem_ocp_analyse(NULL, &o, &a, &d), LQ_EINVAL);
    o.segment = 3;
    LQ_CHECK_STATUS(lq_echem_ocp_analyse(r, &o, &a, &d), LQ_EINVAL);
    o.segment = 1;
    r->has_potential = 0;
    LQ_CHECK_STATUS(lq_echem_ocp_analyse(r, &o, &a, &d), LQ_EINVAL);
    r->has_potential = 1;
    lq_status st = LQ_ENOMEM;
    int only_known = 1;
    for (long k = 0; k < 100 && st == LQ_ENOMEM; k++) {
        lqi_alloc_fail_after(k);
        st = lq_echem_ocp_analyse(r, &o, &a, NULL);
        lqi_alloc_fail_after(-1);
        only_known &= st == LQ_OK || st == LQ_ENOMEM;
        if (st == LQ_OK) lq_echem_ocp_analysis_free(a);
    }
    LQ_CHECK(only_known && st == LQ_OK);
    lq_echem_record_free(r);
}

void test_ana_record_summary(void) {
    lq_echem_record *r = NULL;
    LQ_CHECK_STATUS(lq_echem_record_alloc(5, 0, &r), LQ_OK);
    if (!r) return;
    for (size_t i = 0; i < 5; i++) {
        r->time_s[i] = (double)i;
        r->potential_V[i] = -0.1 * (double)i;
        r->current_A[i] = 1e-3;
    }
    r->time_s[0] = r->time_s[4] = (double)NAN;
    r->has_current = 0;
    lq_echem_record_summary *s = NULL;
    LQ_CHECK_STATUS(lq_echem_record_summarise(r, &s, NULL), LQ_OK);
    if (s) {
        LQ_CHECK(s->ncolumns == 2);
        LQ_CHECK(strcmp(s->columns[0].name, "time_s") == 0 && s->columns[0].source == NULL);
        LQ_CHECK(s->columns[0].first == 1.0 && s->columns[0].last == 3.0);
        LQ_CHECK(strcmp(s->columns[1].unit, "V") == 0 && s->columns[1].last == -0.4);
    }
    lq_echem_record_summary_free(s);
    lq_echem_record_summary_free(NULL);
    LQ_CHECK_STATUS(lq_echem_record_summarise(NULL, &s, NULL), LQ_EINVAL);
    lqi_alloc_fail_after(0);
    LQ_CHECK_STATUS(lq_echem_record_summarise(r, &s, NULL), LQ_ENOMEM);
    lqi_alloc_fail_after(-1);
    lq_echem_record_free(r);
    lq_echem_format f = LQ_ECHEM_FMT_AUTO;
    LQ_CHECK_STATUS(lq_echem_format_parse("gamry-dta", &f), LQ_OK);
    LQ_CHECK(f == LQ_ECHEM_FMT_GAMRY_DTA);
    for (int k = 1; k < LQ_ECHEM_FMT_COUNT_; k++) {
        LQ_CHECK_STATUS(lq_echem_format_parse(lq_echem_format_name((lq_echem_format)k), &f), LQ_OK);
        LQ_CHECK(f == (lq_echem_format)k);
    }
    LQ_CHECK_STATUS(lq_echem_format_parse("gamry", &f), LQ_ENOTFOUND);
    LQ_CHECK_STATUS(lq_echem_format_parse(NULL, &f), LQ_EINVAL);
}

/* The report of a CV analysis: one tree (every OBJECT/LIST closed, the root closed last), every
 * number with its unit, D where the diffusion object says, the text's first line D; only LQ_OK
 * or LQ_ENOMEM under allocation failures. */
void test_ana_cv_report(void) {
    lq_echem_record *rec[3];
    lq_echem_cv_analysis_options o;
    int made = bd_records(rec, &o) == 0;
    LQ_CHECK(made);
    lq_echem_cv_analysis *a = NULL;
    const lq_echem_record *const *rr = (const lq_echem_record *const *)rec;
    if (made) LQ_CHECK_STATUS(lq_echem_cv_analyse(rr, NULL, 3, &o, &a, NULL), LQ_OK);
    lq_echem_report *rep = NULL;
    if (a) LQ_CHECK_STATUS(lq_echem_cv_report(a, rr, &o, &rep, NULL), LQ_OK);
    if (rep) {
        long depth = 0;
        int tree = rep->nfields > 1 && rep->fields[0].kind == LQ_ECHEM_FIELD_OBJECT, units = 1;
        size_t ndiff = 0, nfiles = 0;
        for (size_t i = 0; i < rep->nfields; i++) {
            const lq_echem_field *e = &rep->fields[i];
            if (e->kind == LQ_ECHEM_FIELD_OBJECT || e->kind == LQ_ECHEM_FIELD_LIST) depth++;
            if (e->kind == LQ_ECHEM_FIELD_END) depth--;
            if (depth <= 0 && i + 1 < rep->nfields) tree = 0;
            if (e->kind == LQ_ECHEM_FIELD_NUMBER && !e->unit) units = 0;
            if (e->name && strcmp(e->name, "diffusion") == 0) ndiff = i;
            if (e->name && strcmp(e->name, "file") == 0) nfiles++;
        }
        LQ_CHECK(tree && depth == 0 && units && nfiles == 3 && ndiff > 0);
        const lq_echem_field *d = &rep->fields[ndiff + 2]; /* after "model" */
        LQ_CHECK(d->kind == LQ_ECHEM_FIELD_NUMBER && strcmp(d->name, "D_m2_per_s") == 0 &&
                 strcmp(d->unit, "m^2/s") == 0 && d->value == a->diffusion.D_m2_per_s);
        LQ_CHECK(strncmp(rep->text, "D = ", 4) == 0 && strstr(rep->text, ": 2 sweeps\n"));
    }
    lq_echem_report_free(rep);
    lq_status st = LQ_ENOMEM;
    int only_known = 1;
    for (long k = 0; a && k < 64 && st == LQ_ENOMEM; k++) {
        rep = NULL;
        lqi_alloc_fail_after(k);
        st = lq_echem_cv_report(a, rr, &o, &rep, NULL);
        lqi_alloc_fail_after(-1);
        only_known &= (st == LQ_OK && rep) || (st == LQ_ENOMEM && !rep);
        lq_echem_report_free(rep);
    }
    LQ_CHECK(only_known && st == LQ_OK);
    LQ_CHECK_STATUS(lq_echem_cv_report(NULL, rr, &o, &rep, NULL), LQ_EINVAL);
    LQ_CHECK(lq_echem_quality_flag_name(LQ_ECHEM_Q_BASELINE) &&
             strcmp(lq_echem_quality_flag_name(LQ_ECHEM_Q_BASELINE), "baseline") == 0 &&
             !lq_echem_quality_flag_name(3u));
    lq_echem_cv_analysis_free(a);
    for (int k = 0; k < 3; k++) lq_echem_record_free(rec[k]);
}
