/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of cell-emf datasets (output EMF) and their likelihood on the bundled Nd-Bi database. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/core_internal.h"
#include "liquidus/assess.h"
#include "liquidus/echem.h"
#include "liquidus/units.h"
#include "lq_test.h"

LQ_TEST_MAIN_DEFINE;

/*
 * The Nd-Bi liquid of data/tdb/BiNd.tdb (Nd-Bi study Table 2) is a Redlich-Kister solution with
 * L0..L3, so mu_Nd in the liquid has a closed form; the pure Nd reference is DHCP = GHSERND:
 *   mu_Nd - mu°_Nd = GLIQND - GHSERND + R T ln x + f + (1 - x) f',
 *   f(x) = x (1 - x) sum_k L_k (1 - 2x)^k   (x = x_Nd, x_Bi - x_Nd = 1 - 2x).
 * E = -(mu_Nd - mu°_Nd) / (3 F) computed so is the "measured" emf of the tests: it does not go
 * through the library's likelihood code, only through the database's functions.
 */

#define R_PYC LQ_GAS_CONSTANT_PYCALPHAD_J_PER_MOL_K /* the context's R by default */
#define NT 2
#define NX 3
static const double Ts[NT] = {873.0, 973.0};
/* below the database's solubility at both temperatures (1.54 mol% at 873 K, `liquidus eq`): the
 * equilibria of the activity data (all phases) are the liquid alone, as those of the emf data */
static const double xs[NX] = {0.002, 0.008, 0.012};

static lq_db *open_db(void) {
    char path[1024];
    lq_test_source_path("data/tdb/BiNd.tdb", path, sizeof path);
    lq_db *db = NULL;
    LQ_CHECK_STATUS(lq_db_read_file(path, &db, NULL), LQ_OK);
    return db;
}

static double dmu_nd_R(const lq_db *db, double T, double x, double R) {
    const double L[4] = {-210930.0 - 39.74 * T, 3606.0 + 6.56 * T, 97170.0 - 44.30 * T, -8893.0};
    double u = 1.0 - 2.0 * x, s = 0.0, ds = 0.0, gl = 0.0, gs = 0.0;
    for (int k = 0; k < 4; k++) {
        s += L[k] * pow(u, k);
        if (k) ds += L[k] * k * pow(u, k - 1) * -2.0;
    }
    double f = x * (1.0 - x) * s, fp = (1.0 - 2.0 * x) * s + x * (1.0 - x) * ds;
    LQ_CHECK_STATUS(lq_db_function_eval(db, "GLIQND", T, 101325.0, &gl, NULL), LQ_OK);
    LQ_CHECK_STATUS(lq_db_function_eval(db, "GHSERND", T, 101325.0, &gs, NULL), LQ_OK);
    return gl - gs + R * T * log(x) + f + (1.0 - x) * fp;
}

static double dmu_nd(const lq_db *db, double T, double x) { return dmu_nd_R(db, T, x, R_PYC); }

/* E[iT*NX + k] vs pure Nd, shifted by -phi(T) = -(a + b T) and by delta_V[k]. */
static void model_emf(const lq_db *db, double a, double b, const double *delta_V, double *E) {
    for (size_t i = 0; i < NT; i++)
        for (size_t k = 0; k < NX; k++)
            E[i * NX + k] = -dmu_nd(db, Ts[i], xs[k]) / (3.0 * LQ_FARADAY_C_PER_MOL) -
                            (a + b * Ts[i]) + (delta_V ? delta_V[k] : 0.0);
}

static lq_dataset *emf_ds(const char *ref_name, double a, double b, const double *E) {
    lq_dataset *ds = NULL;
    lq_diag d;
    LQ_CHECK_STATUS(lq_dataset_build_emf("ND", "BI", 3, "LIQUID", "DHCP", ref_name, a, b, Ts, NT,
                                         xs, NX, E, "test", &ds, &d),
                    LQ_OK);
    return ds;
}

typedef struct run {
    lq_assess_ctx *ctx;
    lq_assess_terms *t;
    double lp;
} run;

/* lnprob of the datasets (no fitted parameters in BiNd.tdb: theta is empty). */
static int eval(const lq_db *db, lq_dataset **ds, size_t n, const lq_assess_lnprob_options *opt,
                run *r) {
    lq_dataset_set set = {n, ds, 0};
    lq_diag d;
    memset(r, 0, sizeof *r);
    lq_status st = lq_assess_ctx_create(db, &set, NULL, 0, opt, &r->ctx, &d);
    if (st != LQ_OK) fprintf(stderr, "  ctx: %s: %s (%s)\n", lq_status_str(st), d.msg, d.field);
    LQ_CHECK_STATUS(st, LQ_OK);
    if (st != LQ_OK) return -1;
    LQ_CHECK(lq_assess_ctx_param_count(r->ctx) == 0);
    LQ_CHECK_STATUS(lq_assess_terms_alloc(r->ctx, &r->t), LQ_OK);
    LQ_CHECK_STATUS(lq_assess_lnprob(r->ctx, NULL, 0, r->t, &r->lp, NULL), LQ_OK);
    return 0;
}

static void run_free(run *r) {
    lq_assess_terms_free(r->t);
    lq_assess_ctx_free(r->ctx);
}

static double gauss_norm(double s) { return -log(s) - 0.5 * log(2.0 * LQ_PI); }

/* Emfs generated from the model: residuals 0, lnprob = n times the Gaussian's constant; a 1 mV
 * shift of one composition gives misfit -(1 mV)^2 / (2 (2 mV)^2) per temperature. */
static void test_emf_exact(void) {
    lq_db *db = open_db();
    if (!db) return;
    double E[NT * NX];
    model_emf(db, 0.0, 0.0, NULL, E);
    /* the study's scale: a_Nd ~ 1e-13 at 973 K near saturation is E ~ 0.84 V */
    LQ_CHECK(E[NX + 2] > 0.7 && E[NX + 2] < 1.0);
    lq_dataset *ds = emf_ds("Nd", 0.0, 0.0, E);
    run r;
    if (ds && eval(db, &ds, 1, NULL, &r) == 0) {
        LQ_CHECK(r.t->kind[0] == LQ_LNPROB_EMF && r.t->n_residuals[0] == NT * NX);
        /* equilibrium mu to ~1e-6 J/mol is 3e-12 V: misfit ~1e-18 */
        LQ_CHECK_CLOSE(r.t->misfit[0], 0.0, 0.0, 1e-12);
        LQ_CHECK_CLOSE(r.lp, NT * NX * gauss_norm(0.002), 1e-12, 0.0);
        LQ_CHECK_CLOSE(r.t->emf, r.lp, 0.0, 0.0);
        LQ_CHECK(r.t->acr == 0.0 && r.t->zpf == 0.0 && r.t->prior == 0.0);
        run_free(&r);
    }
    lq_dataset_free(ds);
    const double delta[NX] = {0.0, 0.001, 0.0};
    model_emf(db, 0.0, 0.0, delta, E);
    ds = emf_ds("Nd", 0.0, 0.0, E);
    lq_assess_lnprob_options opt;
    lq_assess_lnprob_options_default(&opt);
    if (ds && eval(db, &ds, 1, &opt, &r) == 0) {
        LQ_CHECK_CLOSE(r.t->misfit[0], -NT * 0.125, 1e-9, 1e-12);
        run_free(&r);
    }
    /* data_weights EMF = 2 halves s: misfit x4 */
    opt.weight_emf = 2.0;
    if (ds && eval(db, &ds, 1, &opt, &r) == 0) {
        LQ_CHECK_CLOSE(r.t->misfit[0], -NT * 0.5, 1e-9, 1e-12);
        LQ_CHECK_CLOSE(r.lp, -NT * 0.5 + NT * NX * gauss_norm(0.001), 1e-12, 0.0);
        run_free(&r);
    }
    lq_dataset_free(ds);
    lq_db_free(db);
}

/* The gas_constant option reaches the emf term through the models: emfs generated with CODATA's
 * R fit exactly with gas_constant = CODATA's R, and miss by R ln x dR / (3F) ~ 0.1 uV with
 * pycalphad's (not 0 at 1e-12). */
static void test_emf_gas_constant(void) {
    lq_db *db = open_db();
    if (!db) return;
    double E[NT * NX];
    for (size_t i = 0; i < NT; i++)
        for (size_t k = 0; k < NX; k++)
            E[i * NX + k] = -dmu_nd_R(db, Ts[i], xs[k], LQ_GAS_CONSTANT_J_PER_MOL_K) /
                            (3.0 * LQ_FARADAY_C_PER_MOL);
    lq_dataset *ds = emf_ds("Nd", 0.0, 0.0, E);
    lq_assess_lnprob_options opt;
    lq_assess_lnprob_options_default(&opt);
    run r;
    if (ds && eval(db, &ds, 1, &opt, &r) == 0) {
        LQ_CHECK(r.t->misfit[0] < -1e-10);
        run_free(&r);
    }
    opt.gas_constant = LQ_GAS_CONSTANT_J_PER_MOL_K;
    if (ds && eval(db, &ds, 1, &opt, &r) == 0) {
        LQ_CHECK_CLOSE(r.t->misfit[0], 0.0, 0.0, 1e-12);
        run_free(&r);
    }
    lq_dataset_free(ds);
    lq_db_free(db);
}

/* A two-phase working alloy (phases LIQUID + NDBI2 at 873 K, beyond the database's solubility):
 * the emf is that of the liquid at saturation, whatever the overall composition (Gibbs phase
 * rule: the plateau of the study's Fig. 3a). The saturated liquid's composition comes from an
 * equilibrium of the thermodynamic module, its emf from the closed form. */
static void test_emf_plateau(void) {
    lq_db *db = open_db();
    if (!db) return;
    const char *comps[2] = {"BI", "ND"}, *phs[2] = {"LIQUID", "NDBI2"};
    lq_system *sys = NULL;
    lq_eq_ws *ws = NULL;
    lq_eq_result *res = NULL;
    lq_eq_options eo;
    lq_eq_options_default(&eo);
    LQ_CHECK_STATUS(lq_system_create(db, comps, 2, phs, 2, &sys, NULL), LQ_OK);
    if (sys) LQ_CHECK_STATUS(lq_eq_ws_alloc(sys, &eo, &ws, NULL), LQ_OK);
    if (ws) LQ_CHECK_STATUS(lq_eq_ws_set_gas_constant(ws, R_PYC), LQ_OK);
    if (ws) LQ_CHECK_STATUS(lq_eq_result_alloc(ws, &res), LQ_OK);
    const double x2[2] = {0.97, 0.03};
    double x_liq = NAN;
    if (res && lq_eq_solve(ws, 873.0, x2, 2, res, NULL) == LQ_OK && res->n_phases == 2)
        for (size_t p = 0; p < 2; p++)
            if (res->phases[p].x[1] < 0.1) x_liq = res->phases[p].x[1];
    LQ_CHECK(x_liq > 0.01 && x_liq < 0.02); /* 1.54 mol% (`liquidus eq`) */
    if (x_liq > 0.0) {
        double e = -dmu_nd(db, 873.0, x_liq) / (3.0 * LQ_FARADAY_C_PER_MOL);
        char txt[1024];
        snprintf(txt, sizeof txt,
                 "{\"components\": [\"BI\", \"ND\"], \"phases\": [\"LIQUID\", \"NDBI2\"],"
                 " \"reference_states\": {\"ND\": {\"phase\": \"DHCP\"}},"
                 " \"emf\": {\"element\": \"ND\", \"n_electrons\": 3,"
                 " \"reference_electrode\": {\"name\": \"Nd\"}},"
                 " \"conditions\": {\"P\": 101325, \"T\": 873, \"X_ND\": [0.02, 0.03]},"
                 " \"output\": \"EMF\", \"values\": [[[%.17g, %.17g]]]}",
                 e, e);
        lq_dataset *ds = NULL;
        LQ_CHECK_STATUS(lq_dataset_read_string(txt, "plateau", &ds, NULL), LQ_OK);
        run r;
        if (ds && eval(db, &ds, 1, NULL, &r) == 0) {
            /* x_liq to the solver's tolerance (~1e-10) moves E by ~1e-10 V: misfit ~1e-15 */
            LQ_CHECK_CLOSE(r.t->misfit[0], 0.0, 0.0, 1e-9);
            run_free(&r);
        }
        /* the liquid alone at those compositions is supersaturated: its emf is lower */
        if (ds) ds->n_phases = 1;
        if (ds && eval(db, &ds, 1, NULL, &r) == 0) {
            LQ_CHECK(r.t->misfit[0] < -1.0);
            run_free(&r);
        }
        if (ds) ds->n_phases = 2;
        lq_dataset_free(ds);
    }
    lq_eq_result_free(res);
    lq_eq_ws_free(ws);
    lq_system_free(sys);
    lq_db_free(db);
}

/* The same measurements as activities a = exp(-3 F E / (R T)) (ACR_ND, one dataset per T) give
 * the same misfit as the EMF dataset once s_E = s_mu / (3 F), s_mu = 500 J/mol: the emf term is
 * the activity term seen through -dmu / (n F). */
static void test_emf_vs_activity(void) {
    lq_db *db = open_db();
    if (!db) return;
    double E[NT * NX], a[NT * NX];
    const double delta[NX] = {0.0015, -0.002, 0.0005};
    model_emf(db, 0.0, 0.0, delta, E);
    lq_dataset *ds[NT + 1] = {NULL};
    for (size_t i = 0; i < NT; i++) {
        for (size_t k = 0; k < NX; k++)
            a[i * NX + k] = exp(-3.0 * LQ_FARADAY_C_PER_MOL * E[i * NX + k] / (R_PYC * Ts[i]));
        LQ_CHECK_STATUS(lq_dataset_build_activity("ND", "BI", "LIQUID", "DHCP", Ts[i], xs,
                                                  a + i * NX, NX, "test", &ds[i], NULL),
                        LQ_OK);
    }
    ds[NT] = emf_ds("Nd", 0.0, 0.0, E);
    lq_assess_lnprob_options opt;
    lq_assess_lnprob_options_default(&opt);
    opt.weight_emf = 0.002 * 3.0 * LQ_FARADAY_C_PER_MOL / 500.0;
    run r;
    if (ds[0] && ds[1] && ds[NT] && eval(db, ds, NT + 1, &opt, &r) == 0) {
        double m_acr = r.t->misfit[0] + r.t->misfit[1];
        LQ_CHECK(r.t->kind[0] == LQ_LNPROB_ACR && r.t->kind[NT] == LQ_LNPROB_EMF);
        LQ_CHECK(m_acr < -0.1); /* the deltas are felt (about -1.8) */
        /* mu_ref of the activity data is an equilibrium at x_Bi = 1e-12 in DHCP, mu° of the emf
         * the pure element: they differ by R T 1e-12; the equilibria agree to ~1e-6 J/mol */
        LQ_CHECK_CLOSE(r.t->misfit[NT], m_acr, 1e-7, 1e-9);
        /* the totals differ by the Gaussians' constants only: n ln(s_mu / s_E) = n ln(3 F) */
        LQ_CHECK_CLOSE(r.t->emf - r.t->acr, NT * NX * log(3.0 * LQ_FARADAY_C_PER_MOL), 1e-9, 1e-9);
        run_free(&r);
    }
    for (size_t i = 0; i <= NT; i++) lq_dataset_free(ds[i]);
    lq_db_free(db);
}

/* Emfs against another electrode (phi = a + b T vs Nd, an illustrative Ag/AgCl-like line): the
 * values shifted by -phi and the offset declared give the lnprob of the data vs Nd. */
static void test_emf_reference_offset(void) {
    lq_db *db = open_db();
    if (!db) return;
    const double pa = 2.10, pb = 1.5e-4, delta[NX] = {-0.001, 0.0025, 0.0};
    double E0[NT * NX], E1[NT * NX];
    model_emf(db, 0.0, 0.0, delta, E0);
    model_emf(db, pa, pb, delta, E1);
    lq_dataset *d0 = emf_ds("Nd", 0.0, 0.0, E0), *d1 = emf_ds("Ag/AgCl", pa, pb, E1);
    lq_dataset *d2 = emf_ds("Ag/AgCl", 0.0, 0.0, E1); /* offset not declared */
    run r0, r1, r2;
    if (d0 && d1 && d2 && eval(db, &d0, 1, NULL, &r0) == 0) {
        if (eval(db, &d1, 1, NULL, &r1) == 0) {
            LQ_CHECK(r0.t->misfit[0] < -0.1);
            LQ_CHECK_CLOSE(r1.lp, r0.lp, 1e-12, 1e-9);
            LQ_CHECK_CLOSE(r1.t->misfit[0], r0.t->misfit[0], 1e-9, 1e-9);
            run_free(&r1);
        }
        if (eval(db, &d2, 1, NULL, &r2) == 0) {
            /* 2.2 V off at 2 mV: misfit about -6e5 per point */
            LQ_CHECK(r2.t->misfit[0] < -1e5 * NT * NX);
            run_free(&r2);
        }
        run_free(&r0);
    }
    lq_dataset_free(d0);
    lq_dataset_free(d1);
    lq_dataset_free(d2);
    lq_db_free(db);
}

/* A titration of Nd into 0.01 mol Bi at T measured against Nd-Sn (Nd-Bi study Eq. 8), each rest
 * at the emf of the model (closed form) for the composition Faraday's law gives: 12 pulses of
 * 2 mA x 550 s (x up to 0.0136, liquid at 973 K), 5 s sampling, no noise. */
static lq_echem_record *model_titration(const lq_db *db, double T) {
    enum { PULSES = 12, NP = 110, NR = 720 };
    size_t n = NR + PULSES * (NP + NR), k = 0;
    lq_echem_record *r = NULL;
    if (lq_echem_record_alloc(n, 0, &r) != LQ_OK) return NULL;
    const double F = LQ_FARADAY_C_PER_MOL, ndsn = 0.590 + 1.52e-4 * T;
    double nnd = 0.0, e = 0.3;
    for (int p = 0; p <= PULSES; p++) {
        if (p > 0) {
            for (int i = 0; i < NP; i++, k++) {
                r->time_s[k] = 5.0 * (double)k;
                r->potential_V[k] = -0.05;
                r->current_A[k] = -2e-3;
            }
            nnd += 2e-3 * 550.0 / (3.0 * F);
            e = -dmu_nd(db, T, nnd / (nnd + 0.01)) / (3.0 * F) - ndsn;
        }
        for (int i = 0; i < NR; i++, k++) {
            r->time_s[k] = 5.0 * (double)k;
            r->potential_V[k] = e;
            r->current_A[k] = 0.0;
        }
    }
    return r;
}

/* End to end, echem -> assess: the EMF dataset lq_echem_emf_analyse makes of that titration
 * (emfs as measured vs Nd-Sn, Nd-Sn's potential declared) fits the model that made it. */
static void test_emf_from_titration(void) {
    lq_db *db = open_db();
    if (!db) return;
    const double T = 973.0;
    lq_echem_record *rec = model_titration(db, T);
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
    lq_echem_emf_analysis *A = NULL;
    const lq_echem_record *rr[1] = {rec};
    if (rec) LQ_CHECK_STATUS(lq_echem_emf_analyse(rr, NULL, &T, 1, &o, &A, NULL), LQ_OK);
    lq_dataset *ds = A ? A->runs[0].emf : NULL;
    LQ_CHECK(ds != NULL);
    run r;
    if (ds && eval(db, &ds, 1, NULL, &r) == 0) {
        /* the liquid points of the analysis (its 2 mV plateau test takes the last, closely
         * spaced rests for a plateau; without --solid-phase those are left out) */
        const lq_echem_emf_run *R = &A->runs[0];
        LQ_CHECK(r.t->n_residuals[0] == R->liquid_end - R->liquid_start &&
                 r.t->n_residuals[0] >= 8);
        /* x from the integrated charge equals the generator's to rounding: misfit ~1e-20 */
        LQ_CHECK_CLOSE(r.t->misfit[0], 0.0, 0.0, 1e-10);
        run_free(&r);
    }
    lq_echem_emf_analysis_free(A);
    lq_echem_record_free(rec);
    lq_db_free(db);
}

/* Builder -> file -> reader keeps every EMF field; reader and builder refuse bad input. */
static void test_emf_dataset_io(void) {
    const double E[NT * NX] = {0.95, 0.9, 0.85, 0.93, 0.88, 0.83};
    lq_dataset *ds = emf_ds("Ag/AgCl", 2.1, 1.5e-4, E), *back = NULL;
    if (!ds) return;
    char dir[] = "/tmp/lq_emf_XXXXXX", path[64];
    lq_diag d;
    if (!mkdtemp(dir)) {
        lq_dataset_free(ds);
        return;
    }
    snprintf(path, sizeof path, "%s/emf.json", dir);
    LQ_CHECK_STATUS(lq_dataset_write_file(ds, path, &d), LQ_OK);
    LQ_CHECK_STATUS(lq_dataset_read_file(path, &back, &d), LQ_OK);
    remove(path);
    rmdir(dir);
    if (back) {
        LQ_CHECK(strcmp(back->output, "EMF") == 0 && back->kind == LQ_DATASET_EQ_THERMO);
        LQ_CHECK(strcmp(back->emf_element, "ND") == 0 && back->emf_n_electrons == 3);
        LQ_CHECK(strcmp(back->emf_ref_name, "Ag/AgCl") == 0);
        LQ_CHECK(back->emf_ref_a_V == 2.1 && back->emf_ref_b_V_per_K == 1.5e-4);
        LQ_CHECK(back->n_ref_states == 1 && strcmp(back->ref_states[0].phase, "DHCP") == 0);
        LQ_CHECK(back->shape[1] == NT && back->shape[2] == NX && back->values[4] == 0.88);
    }
    lq_dataset_free(back);
    lq_dataset_free(ds);
    lq_dataset *bad = NULL;
    LQ_CHECK_STATUS(lq_dataset_build_emf("ND", "BI", 0, "LIQUID", "DHCP", "Nd", 0, 0, Ts, NT, xs,
                                         NX, E, NULL, &bad, &d),
                    LQ_EINVAL);
    LQ_CHECK_STATUS(lq_dataset_build_emf("ND", "ND", 3, "LIQUID", "DHCP", "Nd", 0, 0, Ts, NT, xs,
                                         NX, E, NULL, &bad, &d),
                    LQ_EINVAL);
    LQ_CHECK_STATUS(lq_dataset_build_emf("ND", "BI", 3, "LIQUID", "", "Nd", 0, 0, Ts, NT, xs, NX, E,
                                         NULL, &bad, &d),
                    LQ_EINVAL);
    LQ_CHECK_STATUS(lq_dataset_build_emf("ND", "BI", 3, "LIQUID", "DHCP", "Nd", NAN, 0, Ts, NT, xs,
                                         NX, E, NULL, &bad, &d),
                    LQ_EINVAL);
    LQ_CHECK(strcmp(d.field, "emf.reference_electrode") == 0);
    const double xbad[NX] = {0.1, 1.5, 0.2};
    LQ_CHECK_STATUS(lq_dataset_build_emf("ND", "BI", 3, "LIQUID", "DHCP", "Nd", 0, 0, Ts, NT, xbad,
                                         NX, E, NULL, &bad, &d),
                    LQ_EINVAL);
    LQ_CHECK(bad == NULL);
    /* allocation failures at every step of the builder: no leak, no dataset */
    for (int k = 0; k < 40; k++) {
        lqi_alloc_fail_after(k);
        lq_status st = lq_dataset_build_emf("ND", "BI", 3, "LIQUID", "DHCP", "Nd", 0, 0, Ts, NT, xs,
                                            NX, E, "t", &bad, NULL);
        lqi_alloc_fail_after(-1);
        LQ_CHECK(st == LQ_OK || st == LQ_ENOMEM);
        lq_dataset_free(bad);
        bad = NULL;
    }
}

/* The likelihood's errors: a reference phase the database lacks, a weight <= 0. */
static void test_emf_errors(void) {
    lq_db *db = open_db();
    if (!db) return;
    const double E[NT * NX] = {0.95, 0.9, 0.85, 0.93, 0.88, 0.83};
    lq_dataset *ds = NULL;
    LQ_CHECK_STATUS(lq_dataset_build_emf("ND", "BI", 3, "LIQUID", "HCP_A3", "Nd", 0, 0, Ts, NT, xs,
                                         NX, E, NULL, &ds, NULL),
                    LQ_OK);
    lq_dataset_set set = {1, &ds, 0};
    lq_assess_ctx *ctx = NULL;
    lq_diag d;
    LQ_CHECK_STATUS(lq_assess_ctx_create(db, &set, NULL, 0, NULL, &ctx, &d), LQ_ENOTFOUND);
    LQ_CHECK(ctx == NULL && strcmp(d.field, "reference_states") == 0);
    lq_dataset_free(ds);
    ds = emf_ds("Nd", 0.0, 0.0, E);
    lq_assess_lnprob_options opt;
    lq_assess_lnprob_options_default(&opt);
    opt.weight_emf = 0.0;
    LQ_CHECK_STATUS(lq_assess_ctx_create(db, &set, NULL, 0, &opt, &ctx, &d), LQ_EINVAL);
    LQ_CHECK(ctx == NULL && strcmp(d.field, "data_weights") == 0);
    /* allocation failures while the context prepares the EMF data: ENOMEM, nothing leaked */
    size_t n_fail = 0;
    opt.weight_emf = 1.0;
    opt.n_threads = 1;
    for (long k = 0; k < 400 && ds; k += 7) {
        lqi_alloc_fail_after(k);
        lq_status st = lq_assess_ctx_create(db, &set, NULL, 0, &opt, &ctx, NULL);
        lqi_alloc_fail_after(-1);
        LQ_CHECK(st == LQ_OK || st == LQ_ENOMEM);
        n_fail += st == LQ_ENOMEM;
        lq_assess_ctx_free(ctx);
        ctx = NULL;
    }
    LQ_CHECK(n_fail > 5);
    /* and while the reader takes the emf block */
    lq_dataset *back = NULL;
    const char *txt =
        "{\"components\": [\"BI\", \"ND\"], \"phases\": [\"LIQUID\"],"
        " \"reference_states\": {\"ND\": {\"phase\": \"DHCP\"}},"
        " \"emf\": {\"element\": \"ND\", \"n_electrons\": 3,"
        " \"reference_electrode\": {\"name\": \"Nd\", \"a_V\": 0.5}},"
        " \"conditions\": {\"P\": 101325, \"T\": 873, \"X_ND\": [0.02]},"
        " \"output\": \"EMF\", \"values\": [[[0.9]]]}";
    for (long k = 0; k < 60; k++) {
        lqi_alloc_fail_after(k);
        lq_status st = lq_dataset_read_string(txt, "t", &back, NULL);
        lqi_alloc_fail_after(-1);
        LQ_CHECK(st == LQ_OK || st == LQ_ENOMEM);
        lq_dataset_free(back);
        back = NULL;
    }
    lq_dataset_free(ds);
    lq_db_free(db);
}

int main(void) {
    LQ_RUN(test_emf_exact);
    LQ_RUN(test_emf_gas_constant);
    LQ_RUN(test_emf_plateau);
    LQ_RUN(test_emf_vs_activity);
    LQ_RUN(test_emf_reference_offset);
    LQ_RUN(test_emf_from_titration);
    LQ_RUN(test_emf_dataset_io);
    LQ_RUN(test_emf_errors);
    return lq_test_finish();
}
