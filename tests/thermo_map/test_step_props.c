/* SPDX-License-Identifier: GPL-3.0-or-later */
/* STEP sweeps (lq_step_compute) and property grids (lq_props_grid_compute) against the single
 * calls they are made of. */
#include <math.h>

#include "core/core_internal.h"
#include "liquidus/units.h"
#include "lq_test.h"
#include "map_fixture.h"

void test_map_step(void);
void test_props_grid(void);
void test_liquidus_scan(void);
void test_eq_activities(void);

void test_map_step(void) {
    mapfx f;
    if (mapfx_open(&f, "data/tdb/BiNd.tdb", 0, "BI", "ND", 400.0, 1600.0) != 0) return;
    size_t np = lq_system_phase_count(f.sys);
    const double x[2] = {0.7, 0.3}, T[3] = {1200.0, 500.0, 900.0};
    lq_step_options o;
    lq_step_options_default(&o);
    o.x = x;
    o.ncomp = 2;
    o.T_K = T;
    o.n_T = 3;
    lq_step_result *r = NULL;
    LQ_CHECK_STATUS(lq_step_compute(f.ws, &o, &r, NULL), LQ_OK);
    LQ_CHECK(r && r->n_T == 3 && r->n_phases == np);
    for (size_t i = 0; r && i < 3; i++) {
        LQ_CHECK(r->T_K[i] == T[i]); /* the sweep as given, not sorted */
        /* the same amounts as one equilibrium (exact: the same calls), summing to 1 */
        LQ_CHECK_STATUS(lq_eq_solve(f.ws, T[i], x, 2, f.res, NULL), LQ_OK);
        double sum = 0.0;
        for (size_t p = 0; p < np; p++) sum += r->amount[i * np + p];
        LQ_CHECK_CLOSE(sum, 1.0, 1e-9, 0.0);
        for (size_t k = 0; k < f.res->n_phases; k++)
            LQ_CHECK(r->amount[i * np + f.res->phases[k].phase] >= f.res->phases[k].amount);
    }
    lq_step_result_free(r);
    /* invariant points: sorted, and +-1e-3 K around each invariant whose phases span x = 0.3 */
    o.invariant_points = 1;
    r = NULL;
    LQ_CHECK_STATUS(lq_step_compute(f.ws, &o, &r, NULL), LQ_OK);
    size_t want = 3;
    for (size_t i = 0; i < f.map->n_invariants; i++) {
        const lq_map_invariant *v = &f.map->invariants[i];
        if (x[1] >= v->x[0] && x[1] <= v->x[2] && v->T - 1e-3 > 500.0 && v->T + 1e-3 < 1200.0)
            want += 2;
    }
    LQ_CHECK(r && r->n_T == want && want > 3);
    for (size_t i = 1; r && i < r->n_T; i++) LQ_CHECK(r->T_K[i] > r->T_K[i - 1]);
    lq_step_result_free(r);
    /* errors */
    o.ncomp = 3;
    LQ_CHECK_STATUS(lq_step_compute(f.ws, &o, &r, NULL), LQ_EINVAL);
    o.ncomp = 2;
    const double bad[1] = {-5.0};
    o.T_K = bad;
    o.n_T = 1;
    o.invariant_points = 0;
    /* a bad temperature is skipped with its status, not fatal (tests/thermo_batch mixes them) */
    LQ_CHECK_STATUS(lq_step_compute(f.ws, &o, &r, NULL), LQ_OK);
    LQ_CHECK(r && r->n_failed == 1 && r->status[0] == LQ_EDOM && isnan(r->amount[0]));
    lq_step_result_free(r);
    r = NULL;
    LQ_CHECK_STATUS(lq_step_compute(NULL, &o, &r, NULL), LQ_EINVAL);
    lq_step_result_free(NULL);
    mapfx_close(&f);
}

void test_props_grid(void) {
    mapfx f;
    if (mapfx_open(&f, "data/tdb/BiNd.tdb", 0, "BI", "ND", 400.0, 1600.0) != 0) return;
    size_t liq = mapfx_phase(&f, "LIQUID");
    const double T[2] = {773.0, 973.0}, x[6] = {1.0, 0.0, 0.9, 0.1, 0.5, 0.5};
    size_t ref[2] = {LQ_PROPS_REF_STABLE, liq};
    lq_props_grid_options o;
    lq_props_grid_options_default(&o);
    o.phase = liq;
    o.T_K = T;
    o.n_T = 2;
    o.x = x;
    o.n_x = 3;
    o.ref_phase = ref;
    lq_props_grid *g = NULL;
    LQ_CHECK_STATUS(lq_props_grid_compute(f.ws, &o, &g, NULL), LQ_OK);
    for (size_t i = 0; g && i < 2; i++) {
        double Gb, Gn;
        size_t pb;
        LQ_CHECK_STATUS(lq_eq_reference_stable(f.ws, T[i], 0, &pb, &Gb, NULL), LQ_OK);
        LQ_CHECK_STATUS(lq_eq_reference_G(f.ws, T[i], 1, liq, &Gn, NULL, NULL, NULL, NULL), LQ_OK);
        LQ_CHECK(g->ref_phase[i * 2] == pb && g->ref_phase[i * 2 + 1] == liq);
        for (size_t j = 0; j < 3; j++) {
            size_t r = i * 3 + j;
            double mu[2];
            lq_phase_props pr = {0};
            pr.mu = mu;
            LQ_CHECK_STATUS(lq_props_phase_eval(f.ws, liq, T[i], &x[2 * j], 2, &pr, NULL), LQ_OK);
            LQ_CHECK(g->props[r].GM == pr.GM && g->props[r].HM_MIX == pr.HM_MIX);
            double RT = LQ_GAS_CONSTANT_J_PER_MOL_K * T[i];
            /* 1e-12: one exp of the same difference, only the summation order can differ */
            LQ_CHECK_CLOSE(g->acr[r * 2], exp((mu[0] - Gb) / RT), 1e-12, 0.0);
            if (x[2 * j + 1] == 0.0)
                LQ_CHECK(g->acr[r * 2 + 1] == 0.0); /* absent component: exactly 0 */
            else
                LQ_CHECK_CLOSE(g->acr[r * 2 + 1], exp((mu[1] - Gn) / RT), 1e-12, 0.0);
        }
    }
    lq_props_grid_free(g);
    /* errors: no grid, phase out of range, T <= 0; allocation failures leak nothing (ASan) */
    o.n_x = 0;
    LQ_CHECK_STATUS(lq_props_grid_compute(f.ws, &o, &g, NULL), LQ_EINVAL);
    o.n_x = 3;
    o.phase = 1000;
    LQ_CHECK_STATUS(lq_props_grid_compute(f.ws, &o, &g, NULL), LQ_EINVAL);
    o.phase = liq;
    const double cold[1] = {-1.0};
    o.T_K = cold;
    o.n_T = 1;
    LQ_CHECK_STATUS(lq_props_grid_compute(f.ws, &o, &g, NULL), LQ_EDOM);
    o.T_K = T;
    o.n_T = 2;
    int saw_ok = 0;
    for (long n = 0; n < 40 && !saw_ok; n++) {
        g = NULL;
        lqi_alloc_fail_after(n);
        lq_status st = lq_props_grid_compute(f.ws, &o, &g, NULL);
        lqi_alloc_fail_after(-1);
        if (st == LQ_OK)
            saw_ok = 1;
        else
            LQ_CHECK_STATUS(st, LQ_ENOMEM);
        lq_props_grid_free(g);
    }
    LQ_CHECK(saw_ok);
    mapfx_close(&f);
}

void test_liquidus_scan(void) {
    mapfx f;
    if (mapfx_open(&f, "data/tdb/BiNd.tdb", 0, "BI", "ND", 400.0, 1600.0) != 0) return;
    size_t liq = mapfx_phase(&f, "LIQUID");
    double xl = 0.0;
    size_t solid = 0;
    LQ_CHECK_STATUS(lq_eq_liquidus_scan(f.ws, 973.0, 1, liq, 0.0025, 0.5, f.res, &xl, &solid, NULL),
                    LQ_OK);
    /* the boundary the scan stepped over agrees with the Newton solve with x unknown (1e-9: both
     * converge the same equilibrium conditions to the solver's tolerance) */
    double x[2] = {1.0 - 0.5 * xl, 0.5 * xl};
    LQ_CHECK_STATUS(lq_eq_solve_x(f.ws, 973.0, x, 2, 1, solid, f.res, NULL), LQ_OK);
    LQ_CHECK_CLOSE(f.res->x[1], xl, 0.0, 1e-9);
    LQ_CHECK(xl > 0.0 && xl < 0.2 && solid != liq);
    LQ_CHECK_STATUS(lq_eq_liquidus_scan(f.ws, 973.0, 1, liq, 0.0, 0.5, f.res, &xl, &solid, NULL),
                    LQ_EINVAL);
    /* liquidus temperature: single liquid just above, liquid + the solid just below */
    const double x3[2] = {0.97, 0.03};
    double T = 0.0;
    LQ_CHECK_STATUS(lq_eq_liquidus_T_find(f.ws, 1200.0, x3, 2, liq, f.res, &T, &solid), LQ_OK);
    LQ_CHECK_STATUS(lq_eq_solve(f.ws, T + 0.01, x3, 2, f.res, NULL), LQ_OK);
    LQ_CHECK(f.res->n_phases == 1 && f.res->phases[0].phase == liq);
    LQ_CHECK_STATUS(lq_eq_solve(f.ws, T - 0.01, x3, 2, f.res, NULL), LQ_OK);
    LQ_CHECK(f.res->n_phases == 2 &&
             (f.res->phases[0].phase == solid || f.res->phases[1].phase == solid));
    LQ_CHECK_STATUS(lq_eq_liquidus_T_find(NULL, 1200.0, x3, 2, liq, f.res, &T, &solid), LQ_EINVAL);
    mapfx_close(&f);
}

void test_eq_activities(void) {
    mapfx f;
    if (mapfx_open(&f, "data/tdb/BiNd.tdb", 0, "BI", "ND", 400.0, 1600.0) != 0) return;
    size_t liq = mapfx_phase(&f, "LIQUID");
    const double x[2] = {0.9, 0.1};
    LQ_CHECK_STATUS(lq_eq_solve(f.ws, 973.0, x, 2, f.res, NULL), LQ_OK);
    double a[2], lna[2], want;
    size_t used[2], stable, ref[2] = {LQ_PROPS_REF_STABLE, liq};
    LQ_CHECK_STATUS(lq_eq_activities_compute(f.ws, f.res, ref, a, lna, used, 2, NULL), LQ_OK);
    LQ_CHECK_STATUS(lq_eq_reference_stable(f.ws, 973.0, 0, &stable, NULL, NULL), LQ_OK);
    LQ_CHECK(used[0] == stable && used[1] == liq);
    /* the same calls: exact */
    double want_ln;
    LQ_CHECK_STATUS(lq_eq_activity(f.ws, f.res, 1, liq, &want, &want_ln, NULL), LQ_OK);
    LQ_CHECK(a[1] == want && lna[1] == want_ln);
    LQ_CHECK_STATUS(lq_eq_activities_compute(f.ws, f.res, NULL, a, NULL, NULL, 2, NULL), LQ_OK);
    LQ_CHECK_STATUS(lq_eq_activities_compute(f.ws, f.res, NULL, a, NULL, NULL, 3, NULL), LQ_EINVAL);
    mapfx_close(&f);
}
