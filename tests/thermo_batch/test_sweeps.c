/* SPDX-License-Identifier: GPL-3.0-or-later */
/* step and solubility sweeps skip a temperature without a result instead of aborting. */
#include <math.h>
#include <string.h>

#include "liquidus/thermo.h"
#include "lq_test.h"

void test_sweeps(void);

void test_sweeps(void) {
    char path[1024];
    lq_test_source_path("data/tdb/BiNd.tdb", path, sizeof path);
    const char *comps[2] = {"BI", "ND"};
    lq_db *db = NULL;
    lq_system *sys = NULL;
    lq_eq_ws *ws = NULL;
    lq_eq_result *e = NULL;
    LQ_CHECK_STATUS(lq_db_read_file(path, &db, NULL), LQ_OK);
    if (db) LQ_CHECK_STATUS(lq_system_create(db, comps, 2, NULL, 0, &sys, NULL), LQ_OK);
    if (sys) LQ_CHECK_STATUS(lq_eq_ws_alloc(sys, NULL, &ws, NULL), LQ_OK);
    if (ws) LQ_CHECK_STATUS(lq_eq_result_alloc(ws, &e), LQ_OK);
    if (!e) goto done;
    size_t np = lq_system_phase_count(sys), liq;
    LQ_CHECK_STATUS(lq_system_phase_find(sys, "LIQUID", &liq), LQ_OK);
    /* step: the bad temperature in the middle is skipped; the others are the single solves */
    const double T[4] = {900.0, -5.0, 1000.0, 0.0}, x[2] = {0.7, 0.3};
    lq_step_options so;
    lq_step_options_default(&so);
    so.x = x;
    so.ncomp = 2;
    so.T_K = T;
    so.n_T = 4;
    lq_step_result *sr = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    LQ_CHECK_STATUS(lq_step_compute(ws, &so, &sr, &d), LQ_OK);
    if (sr) {
        LQ_CHECK(sr->n_failed == 2 && sr->status[1] == LQ_EDOM && sr->status[3] == LQ_EDOM);
        LQ_CHECK(d.warning && strstr(d.msg, "-5"));
        LQ_CHECK(isnan(sr->amount[1 * np]) && isnan(sr->amount[3 * np + np - 1]));
        for (size_t i = 0; i < 4; i += 2) {
            LQ_CHECK_STATUS(lq_eq_solve(ws, T[i], x, 2, e, NULL), LQ_OK);
            double sum = 0.0;
            for (size_t k = 0; k < e->n_phases; k++) {
                LQ_CHECK(sr->amount[i * np + e->phases[k].phase] == e->phases[k].amount);
                sum += sr->amount[i * np + e->phases[k].phase];
            }
            LQ_CHECK_CLOSE(sum, 1.0, 0, 1e-12);
        }
    }
    lq_step_result_free(sr);
    /* a composition outside (0, 1] is refused as a whole */
    const double xbad[2] = {1.2, -0.2};
    so.x = xbad;
    sr = NULL;
    LQ_CHECK_STATUS(lq_step_compute(ws, &so, &sr, NULL), LQ_EDOM);
    LQ_CHECK(sr == NULL);
    /* solubility of Nd in liquid Bi: 300 K (no liquid) skipped, 973 K as lq_map_solubility
     * (issue 2: 0.072692) */
    const double Ts[3] = {973.0, 300.0, 873.0};
    lq_map_solubility_result *sol = NULL;
    LQ_CHECK_STATUS(lq_map_solubility_sweep(ws, Ts, 3, 1, liq, &sol, NULL), LQ_OK);
    if (sol) {
        LQ_CHECK(sol->n_failed == 1 && sol->status[1] == LQ_ENOTFOUND && sol->message[1]);
        LQ_CHECK(isnan(sol->x_solute[1]) && sol->other[1] == (size_t)-1);
        LQ_CHECK(sol->status[0] == LQ_OK && sol->message[0] == NULL);
        LQ_CHECK_CLOSE(sol->x_solute[0], 0.072692, 0, 5e-7);
        double xs, xo;
        size_t other;
        LQ_CHECK_STATUS(lq_map_solubility(ws, 873.0, 1, liq, &xs, &other, &xo, NULL), LQ_OK);
        LQ_CHECK(sol->x_solute[2] == xs && sol->other[2] == other && sol->x_other[2] == xo);
    }
    lq_map_solubility_result_free(sol);
    sol = NULL;
    LQ_CHECK_STATUS(lq_map_solubility_sweep(ws, Ts, 0, 1, liq, &sol, NULL), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_map_solubility_sweep(ws, Ts, 3, 2, liq, &sol, NULL), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_map_solubility_sweep(NULL, Ts, 3, 1, liq, &sol, NULL), LQ_EINVAL);
    lq_map_solubility_result_free(NULL);
done:
    lq_eq_result_free(e);
    lq_eq_ws_free(ws);
    lq_system_free(sys);
    lq_db_free(db);
}
