/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The SUBI ionic liquid of a .dat file against Thermochimica's test values. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lq_test.h"
#include "td.h"

/*
 * CsTe-2.dat (Thermochimica's data folder, tests/data/tdb-corpus/thermochimica/): the only phase
 * is the SUBI liquid (Cs+)_P (Va, Cs2Te, Te)_Q with the ternary Muggianu term L(Cs+:Va,Cs2Te,Te).
 * Thermochimica's daily test TestThermo76 (test/daily/TestThermo76.F90, lines 64-72) quotes at
 * 2500 K, 1 atm, 1 mol Cs + 0.5 mol Te: G = -568905 J, mu_Cs = -377921 J/mol,
 * mu_Te = -381967 J/mol and the site fractions y_Va = 0.34222, y_Cs2Te = 0.48667,
 * y_Te = 0.17111 (it asserts them to 1e-3 relative). The energies are compared to the quoted
 * six digits (2e-6 relative: half a unit of the last digit is 1.3e-6), the site fractions to the
 * quoted five decimals (1e-5 absolute).
 */
void test_dat_subi_cste(void) {
    char buf[1024];
    lq_test_source_path("tests/data/tdb-corpus/thermochimica/CsTe-2.dat", buf, sizeof buf);
    lq_db *db = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st = lq_db_read_file(buf, &db, &d);
    if (st) fprintf(stderr, "%s (line %ld)\n", d.msg, d.line);
    LQ_CHECK_STATUS(st, LQ_OK);
    if (!db) return;
    const char *comps[2] = {"CS", "TE"};
    lq_system *sys = NULL;
    st = lq_system_create(db, comps, 2, NULL, 0, &sys, &d);
    if (st) fprintf(stderr, "%s\n", d.msg);
    LQ_CHECK_STATUS(st, LQ_OK);
    lq_eq_ws *ws = NULL;
    lq_eq_result *res = NULL;
    size_t liq = 0;
    if (sys && lq_system_phase_find(sys, "IONIC_LIQUID", &liq) == LQ_OK &&
        lq_eq_ws_alloc(sys, NULL, &ws, &d) == LQ_OK && lq_eq_result_alloc(ws, &res) == LQ_OK) {
        const double x[2] = {2.0 / 3.0, 1.0 / 3.0};
        st = lq_eq_solve(ws, 2500.0, x, 2, res, &d);
        if (st) fprintf(stderr, "%s\n", d.msg);
        LQ_CHECK_STATUS(st, LQ_OK);
        if (st == LQ_OK) {
            printf(
                "CsTe 2500 K: G = %.2f J (1.5 mol atoms; Thermochimica -568905), mu Cs %.2f "
                "(-377921), Te %.2f (-381967)\n",
                1.5 * res->G, res->mu[0], res->mu[1]);
            LQ_CHECK(res->n_phases == 1 && res->phases[0].phase == liq);
            LQ_CHECK_CLOSE(1.5 * res->G, -568905.0, 2e-6, 0.0);
            LQ_CHECK_CLOSE(res->mu[0], -377921.0, 2e-6, 0.0);
            LQ_CHECK_CLOSE(res->mu[1], -381967.0, 2e-6, 0.0);
            if (res->n_phases == 1) {
                const double *y = res->phases[0].y;
                size_t iva = td_constituent(sys, liq, "VA"),
                       ic2 = td_constituent(sys, liq, "CS2TE"),
                       ite = td_constituent(sys, liq, "TE");
                LQ_CHECK(iva != (size_t)-1 && ic2 != (size_t)-1 && ite != (size_t)-1);
                if (iva != (size_t)-1 && ic2 != (size_t)-1 && ite != (size_t)-1) {
                    printf("  y Va %.5f (0.34222) Cs2Te %.5f (0.48667) Te %.5f (0.17111)\n", y[iva],
                           y[ic2], y[ite]);
                    LQ_CHECK_CLOSE(y[iva], 0.34222, 0.0, 1e-5);
                    LQ_CHECK_CLOSE(y[ic2], 0.48667, 0.0, 1e-5);
                    LQ_CHECK_CLOSE(y[ite], 0.17111, 0.0, 1e-5);
                }
            }
        }
    } else {
        LQ_FAIL("no IONIC_LIQUID phase");
    }
    lq_eq_result_free(res);
    lq_eq_ws_free(ws);
    lq_system_free(sys);
    lq_db_free(db);
}
