/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Equilibria with the ionic liquid: moles per formula unit that vary with the constitution. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/core_internal.h"
#include "liquidus/thermo.h"
#include "liquidus/units.h"
#include "lq_test.h"

void test_ionic_cuo_equilibrium(void);
void test_ionic_fes_gap(void);
void test_ionic_cuo_eutectic(void);
void test_ionic_alloc_failures(void);
void test_ionic_salt_liquidus(void);

typedef struct eqsys {
    lq_db *db;
    lq_system *sys;
    lq_eq_ws *ws;
    lq_eq_result *res;
} eqsys;

static int eq_open(eqsys *s, const char *file, const char *a, const char *b,
                   const char *const *phases, size_t nph, double P) {
    memset(s, 0, sizeof *s);
    char path[1024];
    lq_test_source_path(file, path, sizeof path);
    const char *comps[2] = {a, b};
    lq_diag d;
    LQ_CHECK_STATUS(lq_db_read_file(path, &s->db, &d), LQ_OK);
    if (!s->db) return -1;
    LQ_CHECK_STATUS(lq_system_create(s->db, comps, 2, phases, nph, &s->sys, &d), LQ_OK);
    if (!s->sys) return -1;
    lq_eq_options o;
    lq_eq_options_default(&o);
    o.P = P;
    LQ_CHECK_STATUS(lq_eq_ws_alloc(s->sys, &o, &s->ws, &d), LQ_OK);
    if (!s->ws) return -1;
    LQ_CHECK_STATUS(lq_eq_result_alloc(s->ws, &s->res), LQ_OK);
    return s->res ? 0 : -1;
}

static void eq_close(eqsys *s) {
    lq_eq_result_free(s->res);
    lq_eq_ws_free(s->ws);
    lq_system_free(s->sys);
    lq_db_free(s->db);
}

/* Mass balance of the result (1e-12) and each phase's x from its y (the moles callback). */
static void check_balance(const eqsys *s, const double *x0) {
    const lq_eq_result *r = s->res;
    for (size_t c = 0; c < 2; c++) {
        double m = 0.0;
        for (size_t k = 0; k < r->n_phases; k++) m += r->phases[k].amount * r->phases[k].x[c];
        LQ_CHECK_CLOSE(m, x0[c], 0, 1e-12);
    }
}

/*
 * pycalphad tests/test_equilibrium.py, test_eq_ionic_liquid (commit c3766376): Cu-O with
 * IONIC_LIQ (CU+1,CU+2,CU+3)(O-2,VA) alone, T = 1000 K, P = 1e5 Pa, X(CU) = 0.6618:
 * GM = -9.25057E+04 J/mol, asserted with atol 0.1 (the same here). The constitution is internal
 * (three cations, oxygen ions and vacancies) and the moles per formula unit vary with it.
 */
void test_ionic_cuo_equilibrium(void) {
    eqsys s;
    const char *ph[1] = {"IONIC_LIQ"};
    if (eq_open(&s, "tests/data/ionic/cuo.tdb", "CU", "O", ph, 1, 1e5) == 0) {
        const double x[2] = {0.6618, 1.0 - 0.6618};
        lq_diag d;
        LQ_CHECK_STATUS(lq_eq_solve(s.ws, 1000.0, x, 2, s.res, &d), LQ_OK);
        LQ_CHECK_CLOSE(s.res->G, -92505.7, 0, 0.1);
        check_balance(&s, x);
        for (size_t k = 0; k < s.res->n_phases; k++) LQ_CHECK(s.res->phases[k].phase == 0);
    }
    eq_close(&s);
}

/*
 * The two constitutions of the Fe-S ionic liquid (FE+2)(S-2,VA,S) of femns.tdb at 1600 K that
 * pycalphad's test_ionic_liquid_energy_anion_sublattice quotes as "the two equilibrium internal
 * DOF" (Thermo-Calc): y(S-2, VA, S) = (6.00994E-01, 1.00545E-04, 3.98906E-01) and
 * (1.53788E-02, 1.45273E-04, 9.84476E-01). They are the two liquids of the FeS-S miscibility gap
 * (x_S = 0.6245 and 0.9847 by the moles per formula unit), so an overall x_S = 0.8 splits into
 * them. The values are quoted to 6 digits: 1e-4 relative, 1e-8 absolute for the site fractions.
 */
void test_ionic_fes_gap(void) {
    eqsys s;
    const char *ph[1] = {"IONIC_LIQ"};
    if (eq_open(&s, "tests/data/ionic/femns.tdb", "FE", "S", ph, 1, 101325.0) == 0) {
        const double x[2] = {0.2, 0.8};
        lq_diag d;
        LQ_CHECK_STATUS(lq_eq_solve(s.ws, 1600.0, x, 2, s.res, &d), LQ_OK);
        LQ_CHECK(s.res->n_phases == 2);
        check_balance(&s, x);
        lq_phase_info in;
        LQ_CHECK_STATUS(lq_system_phase_info(s.sys, 0, &in), LQ_OK);
        static const double want[2][3] = {{6.00994E-01, 1.00545E-04, 3.98906E-01},
                                          {1.53788E-02, 1.45273E-04, 9.84476E-01}};
        static const char *const nm[3] = {"S-2", "VA", "S"};
        for (size_t k = 0; k < s.res->n_phases && k < 2; k++) {
            const lq_eq_phase *p = &s.res->phases[k];
            int w = p->x[1] < 0.8 ? 0 : 1; /* the FeS-side liquid first */
            for (size_t i = 0; i < in.n_constituents; i++)
                for (size_t j = 0; j < 3; j++)
                    if (strcmp(in.constituent_name[i], nm[j]) == 0)
                        LQ_CHECK_CLOSE(p->y[i], want[w][j], 1e-4, 1e-8);
        }
    }
    eq_close(&s);
}

/*
 * The Cu-Cu2O eutectic L -> FCC_A1 + CU2O with the ionic liquid of cuo.tdb (Schramm et al.
 * 2005): lq_eq_solve_T from 1300 K at x_O = 0.01 with the liquid at zero amount. Reference: the
 * measured eutectic at 1065-1066 C (1338.2-1339.2 K), the value of the usual Cu-O compilations
 * that the assessments are fitted to (e.g. J.P. Neumann, T. Zhong, Y.A. Chang, Bull. Alloy Phase
 * Diagrams 5 (1984) 136; quoted from the compilations, the paper was not re-read); within 2 K
 * (the scatter of the measurements plus the assessment's fit). liquidus gives 1339.40 K with the
 * liquid at x_O = 0.0172.
 */
void test_ionic_cuo_eutectic(void) {
    eqsys s;
    const char *ph[3] = {"IONIC_LIQ", "FCC_A1", "CU2O"};
    if (eq_open(&s, "tests/data/ionic/cuo.tdb", "CU", "O", ph, 3, 101325.0) == 0) {
        const double x[2] = {0.99, 0.01};
        lq_diag d;
        LQ_CHECK_STATUS(lq_eq_solve_T(s.ws, 1300.0, x, 2, 0, s.res, &d), LQ_OK);
        LQ_CHECK_CLOSE(s.res->T, 1338.7, 0, 2.0);
        LQ_CHECK(s.res->n_phases == 3);
        check_balance(&s, x);
        for (size_t k = 0; k < s.res->n_phases; k++)
            if (s.res->phases[k].phase == 0) {
                LQ_CHECK(s.res->phases[k].fixed_zero == 1);
                LQ_CHECK(s.res->phases[k].x[1] > 0.01 && s.res->phases[k].x[1] < 0.03);
            }
    }
    eq_close(&s);
}

/* Every allocation of reading, system creation (the ionic model data), the equilibrium workspace
 * (the sets' dM, d2M) and a solve fails in turn: LQ_ENOMEM each time, then success; ASan checks
 * that nothing leaks on the way. */
void test_ionic_alloc_failures(void) {
    char path[1024];
    lq_test_source_path("tests/data/ionic/cuo.tdb", path, sizeof path);
    int done = 0, nomem = 0;
    for (long n = 0; n < 20000 && !done; n++) {
        lqi_alloc_fail_after(n);
        lq_db *db = NULL;
        lq_system *sys = NULL;
        lq_eq_ws *ws = NULL;
        lq_eq_result *res = NULL;
        const char *comps[] = {"CU", "O"}, *ph[] = {"IONIC_LIQ"};
        const double x[2] = {0.6618, 0.3382};
        lq_status st = lq_db_read_file(path, &db, NULL);
        if (st == LQ_OK) st = lq_system_create(db, comps, 2, ph, 1, &sys, NULL);
        if (st == LQ_OK) st = lq_eq_ws_alloc(sys, NULL, &ws, NULL);
        if (st == LQ_OK) st = lq_eq_result_alloc(ws, &res);
        if (st == LQ_OK) st = lq_eq_solve(ws, 1000.0, x, 2, res, NULL);
        lqi_alloc_fail_after(-1);
        if (st == LQ_OK) {
            done = 1;
        } else if (st == LQ_ENOMEM) {
            nomem++;
        } else {
            fprintf(stderr, "  allocation %ld: status %s\n", n, lq_status_str(st));
            LQ_CHECK(0);
            break;
        }
        lq_eq_result_free(res);
        lq_eq_ws_free(ws);
        lq_system_free(sys);
        lq_db_free(db);
    }
    lqi_alloc_fail_after(-1);
    LQ_CHECK(done);
    LQ_CHECK(nomem > 10);
}

/*
 * A salt: NaCl-MgCl2 with the ideal ionic liquid of tests/data/ionic/nacl_mgcl2_temkin.tdb. Without
 * excess terms the liquid mixes NaCl and MgCl2 units ideally on the cation sublattice (M. Temkin,
 * Acta Physicochim. URSS 20 (1945) 411): mu_NaCl = G_NaCl(liq) + R T ln y_Na, so the NaCl liquidus
 * is T = dH / (dH/Tm - R ln y_Na) with dH = 28160 J/mol, dH/Tm = 26.22462 J/mol/K, the inputs of
 * the database. lq_eq_solve_T with solid NACL at zero amount, at y_Na = 0.6, 0.8, 0.95. The
 * overall composition carries an excess of 1e-7 mol Na over the NaCl-MgCl2 join: exactly on the
 * join the potentials are not unique (only mu_Na + mu_Cl and mu_Mg + 2 mu_Cl are fixed) and
 * Newton's matrix is singular; the excess metal dissolves as y_Va ~ 1e-7 and shifts mu_NaCl by
 * about R T y_Va ~ 1e-3 J/mol, i.e. T by ~ 3e-5 K: tolerance 1e-3 K.
 */
void test_ionic_salt_liquidus(void) {
    lq_db *db = NULL;
    lq_system *sys = NULL;
    lq_eq_ws *ws = NULL;
    lq_eq_result *res = NULL;
    lq_diag d;
    char path[1024];
    lq_test_source_path("tests/data/ionic/nacl_mgcl2_temkin.tdb", path, sizeof path);
    const char *comps[3] = {"NA", "MG", "CL"};
    size_t zp = 0;
    int ok = lq_db_read_file(path, &db, &d) == LQ_OK &&
             lq_system_create(db, comps, 3, NULL, 0, &sys, &d) == LQ_OK &&
             lq_eq_ws_alloc(sys, NULL, &ws, &d) == LQ_OK && lq_eq_result_alloc(ws, &res) == LQ_OK &&
             lq_system_phase_find(sys, "NACL", &zp) == LQ_OK;
    LQ_CHECK(ok);
    static const double yna[3] = {0.6, 0.8, 0.95};
    for (size_t i = 0; ok && i < 3; i++) {
        double x[3] = {yna[i] + 1e-7, 1.0 - yna[i], yna[i] + 2.0 * (1.0 - yna[i])};
        double sum = x[0] + x[1] + x[2];
        for (size_t c = 0; c < 3; c++) x[c] /= sum;
        LQ_CHECK_STATUS(lq_eq_solve_T(ws, 1000.0, x, 3, zp, res, &d), LQ_OK);
        double want = 28160.0 / (26.22462 - LQ_GAS_CONSTANT_J_PER_MOL_K * log(yna[i]));
        LQ_CHECK_CLOSE(res->T, want, 0, 1e-3);
    }
    lq_eq_result_free(res);
    lq_eq_ws_free(ws);
    lq_system_free(sys);
    lq_db_free(db);
}
