/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Equilibria with MQMQA liquids against Thermochimica's test values. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lq_test.h"
#include "td.h"

/*
 * ClAlNa.dat at 1000 K, 1 atm, 3 mol Cl + 1 mol Na + 1 mol Al (Cl-deficient against NaAlCl4: the
 * liquid holds metal as Al/Va and Al2/Va pairs): Thermochimica's daily test TestThermo63
 * (test/daily/TestThermo63.F90) asserts the Gibbs energy of the system -1.17685E+06 J and
 * 4.4748E-02 mol of NaCl_S1(s), each to 1e-3 relative; Thermochimica (commit 37dc8fa, built here
 * with gfortran, script tests/thermo_dat/thermochimica/run.sh, output ClAlNa-1000K.txt there)
 * prints -1.17685E+06 J and 4.4747E-02 mol. G is compared to the printed digits (6 significant:
 * 1e-5), the amount to the test's own 1e-3.
 */
void test_dat_equilibrium(void) {
    lq_db *db = td_read_shared("data/chemsage/ClAlNa.dat");
    if (!db) return;
    const char *comps[3] = {"CL", "NA", "AL"};
    lq_system *sys = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st = lq_system_create(db, comps, 3, NULL, 0, &sys, &d);
    if (st) fprintf(stderr, "%s\n", d.msg);
    LQ_CHECK_STATUS(st, LQ_OK);
    lq_eq_ws *ws = NULL;
    lq_eq_result *res = NULL;
    if (sys && lq_eq_ws_alloc(sys, NULL, &ws, &d) == LQ_OK &&
        lq_eq_result_alloc(ws, &res) == LQ_OK) {
        const double x[3] = {0.6, 0.2, 0.2};
        st = lq_eq_solve(ws, 1000.0, x, 3, res, &d);
        if (st) fprintf(stderr, "%s\n", d.msg);
        LQ_CHECK_STATUS(st, LQ_OK);
        if (st == LQ_OK) {
            printf("ClAlNa 1000 K: G = %.2f J (5 mol atoms; Thermochimica -1.17685E+06)\n",
                   5.0 * res->G);
            for (size_t p = 0; p < res->n_phases; p++) {
                lq_phase_info in;
                lq_system_phase_info(sys, res->phases[p].phase, &in);
                printf("  %s: %.6g mol atoms\n", in.name, 5.0 * res->phases[p].amount);
            }
            LQ_CHECK_CLOSE(5.0 * res->G, -1.17685e6, 1e-5, 0.0);
            size_t nacl;
            LQ_CHECK_STATUS(lq_system_phase_find(sys, "NACL_S1(S)", &nacl), LQ_OK);
            double amt = 0.0;
            for (size_t p = 0; p < res->n_phases; p++)
                if (res->phases[p].phase == nacl) amt = 5.0 * res->phases[p].amount / 2.0;
            LQ_CHECK_CLOSE(amt, 4.4748e-2, 1e-3, 0.0);
        }
    }
    lq_eq_result_free(res);
    lq_eq_ws_free(ws);
    lq_system_free(sys);
    lq_db_free(db);
}

/*
 * AlMg-Liang.dat (RKMP and SUBL phases read as CEF) at 700 K, 0.7 mol Al + 0.3 mol Mg:
 * Thermochimica (37dc8fa, run outside liquidus with print mode 2) gives FCC_A1 0.36969 mol +
 * ALMG_BETA 2.7524E-03 mol, G = -2.84168E+04 J, potentials Al -2.564456E+04, Mg -3.488526E+04
 * J/mol. Tolerances from the printed digits: G 1e-5, potentials 1e-6 relative, the FCC amount
 * (mol of atoms, one atom per formula unit) 2e-5 absolute.
 */
void test_dat_equilibrium_almg(void) {
    char path[1024];
    lq_test_source_path("tests/thermo_dat/data/AlMg-Liang.dat", path, sizeof path);
    lq_db *db = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    LQ_CHECK_STATUS(lq_db_read_file(path, &db, &d), LQ_OK);
    const char *comps[2] = {"AL", "MG"};
    lq_system *sys = NULL;
    lq_eq_ws *ws = NULL;
    lq_eq_result *res = NULL;
    if (db && lq_system_create(db, comps, 2, NULL, 0, &sys, &d) == LQ_OK &&
        lq_eq_ws_alloc(sys, NULL, &ws, &d) == LQ_OK && lq_eq_result_alloc(ws, &res) == LQ_OK) {
        const double x[2] = {0.7, 0.3};
        LQ_CHECK_STATUS(lq_eq_solve(ws, 700.0, x, 2, res, &d), LQ_OK);
        LQ_CHECK_CLOSE(res->G, -2.84168e4, 1e-5, 0.0);
        LQ_CHECK_CLOSE(res->mu[0], -2.564456e4, 1e-6, 0.0);
        LQ_CHECK_CLOSE(res->mu[1], -3.488526e4, 1e-6, 0.0);
        size_t fcc;
        LQ_CHECK_STATUS(lq_system_phase_find(sys, "FCC_A1", &fcc), LQ_OK);
        double amt = -1.0;
        for (size_t p = 0; p < res->n_phases; p++)
            if (res->phases[p].phase == fcc) amt = res->phases[p].amount;
        LQ_CHECK_CLOSE(amt, 0.36969, 0.0, 2e-5);
        LQ_CHECK(res->n_phases == 2);
    } else {
        LQ_FAIL(d.msg);
    }
    lq_eq_result_free(res);
    lq_eq_ws_free(ws);
    lq_system_free(sys);
    lq_db_free(db);
}
