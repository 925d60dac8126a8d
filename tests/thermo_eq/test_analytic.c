/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Solver numerics on analytic binary models: exact potentials, a symmetric miscibility gap, the
 * ideal liquidus (Schroeder-van Laar) with T or x unknown, the eutectic, and error paths. */
#include <math.h>

#include "analytic.h"
#include "core/core_internal.h"
#include "liquidus/units.h"
#include "lq_test.h"

void test_eq_analytic_single(void);
void test_eq_analytic_gap(void);
void test_eq_analytic_liquidus(void);
void test_eq_analytic_errors(void);

static const double R = LQ_GAS_CONSTANT_J_PER_MOL_K;

static void regular_model(ta_model *t, double L0) {
    memset(t, 0, sizeof *t);
    t->nphase = 2;
    t->ph[0] = (ta_phase){"LIQ", 0, 0, 0, 0, 0, L0, 0, 0, 0, 0, 0};
    /* a second solution, everywhere 2 kJ/mol above, must stay out */
    t->ph[1] = (ta_phase){"SOL", 0, 2000, 0, 2000, 0, L0, 0, 0, 0, 0, 0};
    ta_model_init(t);
}

void test_eq_analytic_single(void) {
    ta_model t;
    regular_model(&t, -20000.0);
    lq_eq_ws *ws = NULL;
    lq_eq_result *res = NULL;
    LQ_CHECK_STATUS(lqi_eq_ws_alloc_model(&t.m, NULL, &ws, NULL), LQ_OK);
    LQ_CHECK_STATUS(lq_eq_result_alloc(ws, &res), LQ_OK);
    if (!ws || !res) return;
    const double T = 1000.0, L = -20000.0;
    /* x_B from ordinary to 1e-12 (dilute, far below the sampled 1e-14 edge spacing) */
    const double xs[] = {0.3, 0.5, 1e-3, 1e-9, 1e-12};
    for (size_t k = 0; k < sizeof xs / sizeof xs[0]; k++) {
        double xb = xs[k], x[2] = {1.0 - xb, xb};
        LQ_CHECK_STATUS(lq_eq_solve(ws, T, x, 2, res, NULL), LQ_OK);
        LQ_CHECK(res->n_phases == 1 && res->phases[0].phase == 0);
        /* mu_B = RT ln x_B + L x_A^2 exactly; 1e-6 J/mol is the consistency target of issue 2 */
        LQ_CHECK_CLOSE(res->mu[1], R * T * log(xb) + L * (1 - xb) * (1 - xb), 0, 1e-6);
        LQ_CHECK_CLOSE(res->mu[0], R * T * log1p(-xb) + L * xb * xb, 0, 1e-6);
        /* mass balance to 1e-12 relative */
        LQ_CHECK_CLOSE(res->phases[0].x[1], xb, 1e-12, 0);
        LQ_CHECK_CLOSE(res->G, x[0] * res->mu[0] + x[1] * res->mu[1], 1e-12, 1e-9);
    }
    /* S = -dG/dT by central differences (h = 1e-3 K: truncation ~h^2 G''' negligible, rounding
     * ~1e-16 * 1e4 / 1e-3 = 1e-9 J/mol/K) */
    double x[2] = {0.6, 0.4}, Gp, Gm;
    LQ_CHECK_STATUS(lq_eq_solve(ws, T + 1e-3, x, 2, res, NULL), LQ_OK);
    Gp = res->G;
    LQ_CHECK_STATUS(lq_eq_solve(ws, T - 1e-3, x, 2, res, NULL), LQ_OK);
    Gm = res->G;
    LQ_CHECK_STATUS(lq_eq_solve(ws, T, x, 2, res, NULL), LQ_OK);
    LQ_CHECK_CLOSE(res->S, -(Gp - Gm) / 2e-3, 0, 1e-6);
    LQ_CHECK_CLOSE(res->H, res->G + T * res->S, 1e-12, 1e-9);
    lq_eq_result_free(res);
    lq_eq_ws_free(ws);
}

/* Symmetric regular solution with L > 2RT: binodal from RT ln(x/(1-x)) + L (1 - 2x) = 0. */
static double binodal(double L, double T) {
    double lo = 1e-12, hi = 0.5 - 1e-9;
    for (int i = 0; i < 200; i++) {
        double m = 0.5 * (lo + hi);
        double f = R * T * log(m / (1 - m)) + L * (1 - 2 * m);
        if (f < 0)
            lo = m;
        else
            hi = m;
    }
    return 0.5 * (lo + hi);
}

void test_eq_analytic_gap(void) {
    ta_model t;
    regular_model(&t, 20000.0);
    lq_eq_ws *ws = NULL;
    lq_eq_result *res = NULL;
    LQ_CHECK_STATUS(lqi_eq_ws_alloc_model(&t.m, NULL, &ws, NULL), LQ_OK);
    LQ_CHECK_STATUS(lq_eq_result_alloc(ws, &res), LQ_OK);
    if (!ws || !res) return;
    const double T = 1000.0, xb1 = binodal(20000.0, T);
    double x[2] = {0.55, 0.45};
    LQ_CHECK_STATUS(lq_eq_solve(ws, T, x, 2, res, NULL), LQ_OK);
    LQ_CHECK(res->n_phases == 2);
    if (res->n_phases == 2) {
        LQ_CHECK(res->phases[0].phase == 0 && res->phases[1].phase == 0);
        double a = fmin(res->phases[0].x[1], res->phases[1].x[1]);
        double b = fmax(res->phases[0].x[1], res->phases[1].x[1]);
        LQ_CHECK_CLOSE(a, xb1, 1e-9, 0);
        LQ_CHECK_CLOSE(b, 1 - xb1, 1e-9, 0);
        /* lever rule and mass balance */
        double xb = res->phases[0].amount * res->phases[0].x[1] +
                    res->phases[1].amount * res->phases[1].x[1];
        LQ_CHECK_CLOSE(xb, 0.45, 1e-12, 0);
    }
    /* at 3 K the binodal fractions, exp(-L/RT) ~ 1e-348, lie below the 1e-300 floor of the
     * site fractions: both sets end pinned at the floor, still converged */
    LQ_CHECK_STATUS(lq_eq_solve(ws, 3.0, x, 2, res, NULL), LQ_OK);
    LQ_CHECK(res->n_phases == 2);
    LQ_CHECK_CLOSE(res->phases[0].amount + res->phases[1].amount, 1.0, 1e-12, 0);
    /* outside the gap: one set */
    x[0] = 1 - 0.5 * xb1;
    x[1] = 0.5 * xb1;
    LQ_CHECK_STATUS(lq_eq_solve(ws, T, x, 2, res, NULL), LQ_OK);
    LQ_CHECK(res->n_phases == 1);
    lq_eq_result_free(res);
    lq_eq_ws_free(ws);
}

/* Ideal liquid, pure solid A and pure solid B (line "compounds"); melting data below. */
static const double HA = 8000, TA = 900, HB = 10000, TB = 1000;

static void eutectic_model(ta_model *t) {
    memset(t, 0, sizeof *t);
    t->nphase = 3;
    t->ph[0] = (ta_phase){"LIQ", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    t->ph[1] = (ta_phase){"SA", 1, 0, 0, 0, 0, 0, 0, 1, 0, -HA, HA / TA};
    t->ph[2] = (ta_phase){"SB", 1, 0, 0, 0, 0, 0, 0, 0, 1, -HB, HB / TB};
    ta_model_init(t);
}

/* Schroeder-van Laar: ln x_i = -(H_i/R)(1/T - 1/T_i) for an ideal liquid and pure solid i. */
static double liquidus_T(double x, double H, double Tm) {
    return 1.0 / (1.0 / Tm - R * log(x) / H);
}

void test_eq_analytic_liquidus(void) {
    ta_model t;
    eutectic_model(&t);
    lq_eq_ws *ws = NULL;
    lq_eq_result *res = NULL;
    LQ_CHECK_STATUS(lqi_eq_ws_alloc_model(&t.m, NULL, &ws, NULL), LQ_OK);
    LQ_CHECK_STATUS(lq_eq_result_alloc(ws, &res), LQ_OK);
    if (!ws || !res) return;
    double x[2] = {0.4, 0.6};
    double Tl = liquidus_T(0.6, HB, TB);
    /* T unknown, SB at zero amount, from above and from below the liquidus */
    LQ_CHECK_STATUS(lq_eq_solve_T(ws, 800.0, x, 2, 2, res, NULL), LQ_OK);
    LQ_CHECK_CLOSE(res->T, Tl, 1e-10, 0);
    LQ_CHECK_STATUS(lq_eq_solve_T(ws, 650.0, x, 2, 2, res, NULL), LQ_OK);
    LQ_CHECK_CLOSE(res->T, Tl, 1e-10, 0);
    /* x unknown at 800 K from a liquid-only guess */
    double xg[2] = {0.5, 0.5};
    LQ_CHECK_STATUS(lq_eq_solve_x(ws, 800.0, xg, 2, 1, 2, res, NULL), LQ_OK);
    LQ_CHECK_CLOSE(res->x[1], exp(-(HB / R) * (1.0 / 800.0 - 1.0 / TB)), 1e-10, 0);
    /* the liquid in equilibrium with SB at 650 K has the liquidus composition */
    LQ_CHECK_STATUS(lq_eq_solve(ws, 650.0, x, 2, res, NULL), LQ_OK);
    LQ_CHECK(res->n_phases == 2);
    for (size_t k = 0; k < res->n_phases; k++)
        if (res->phases[k].phase == 0)
            LQ_CHECK_CLOSE(res->phases[k].x[1], exp(-(HB / R) * (1.0 / 650.0 - 1.0 / TB)), 1e-10,
                           0);
    /* eutectic: T where the liquid first appears, from the two solids at 400 K; reference by
     * bisection on x_B of the intersection of the two liquidus curves */
    double lo = 0.01, hi = 0.99;
    for (int i = 0; i < 200; i++) {
        double m = 0.5 * (lo + hi);
        if (liquidus_T(m, HB, TB) < liquidus_T(1 - m, HA, TA))
            lo = m;
        else
            hi = m;
    }
    double Te = liquidus_T(0.5 * (lo + hi), HB, TB);
    LQ_CHECK_STATUS(lq_eq_solve_T(ws, 400.0, x, 2, 0, res, NULL), LQ_OK);
    LQ_CHECK_CLOSE(res->T, Te, 1e-9, 0);
    LQ_CHECK(res->n_phases == 3);
    lq_eq_result_free(res);
    lq_eq_ws_free(ws);
}

void test_eq_analytic_errors(void) {
    ta_model t;
    regular_model(&t, -20000.0);
    lq_eq_ws *ws = NULL;
    lq_eq_result *res = NULL;
    lq_diag d;
    LQ_CHECK_STATUS(lqi_eq_ws_alloc_model(NULL, NULL, &ws, &d), LQ_EINVAL);
    lq_eq_options o;
    lq_eq_options_default(&o);
    o.edge_min = 0.5;
    LQ_CHECK_STATUS(lqi_eq_ws_alloc_model(&t.m, &o, &ws, &d), LQ_EINVAL);
    LQ_CHECK(strstr(d.msg, "edge_min") != NULL);
    LQ_CHECK_STATUS(lqi_eq_ws_alloc_model(&t.m, NULL, &ws, NULL), LQ_OK);
    LQ_CHECK_STATUS(lq_eq_result_alloc(ws, &res), LQ_OK);
    double x[2] = {0.5, 0.5}, bad[2] = {0.0, 1.0}, sum[2] = {0.5, 0.6};
    LQ_CHECK_STATUS(lq_eq_solve(NULL, 1000, x, 2, res, &d), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_eq_solve(ws, 1000, x, 3, res, &d), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_eq_solve(ws, -5, x, 2, res, &d), LQ_EDOM);
    LQ_CHECK_STATUS(lq_eq_solve(ws, (double)NAN, x, 2, res, &d), LQ_EDOM);
    LQ_CHECK_STATUS(lq_eq_solve(ws, 1000, bad, 2, res, &d), LQ_EDOM);
    LQ_CHECK(strstr(d.msg, "0 < x < 1") != NULL);
    LQ_CHECK_STATUS(lq_eq_solve(ws, 1000, sum, 2, res, &d), LQ_EDOM);
    LQ_CHECK_STATUS(lq_eq_solve_T(ws, 1000, x, 2, 7, res, &d), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_eq_solve_x(ws, 1000, x, 2, 5, 0, res, &d), LQ_EINVAL);
    double g;
    LQ_CHECK_STATUS(lq_eq_reference_G(ws, 1000, 0, 9, &g, NULL, NULL, NULL, &d), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_eq_reference_G(ws, 0, 0, 0, &g, NULL, NULL, NULL, &d), LQ_EDOM);
    LQ_CHECK_STATUS(lq_eq_result_alloc(NULL, &res), LQ_EINVAL);
    lq_eq_result_free(res);
    lq_eq_ws_free(ws);
    lq_eq_ws_free(NULL);
    lq_eq_result_free(NULL);
    lq_eq_options_default(NULL);
    /* too few iterations: LQ_ENOCONV and a message, never a half-converged result */
    lq_eq_options_default(&o);
    o.max_iter = 1;
    ws = NULL;
    res = NULL;
    LQ_CHECK_STATUS(lqi_eq_ws_alloc_model(&t.m, &o, &ws, NULL), LQ_OK);
    LQ_CHECK_STATUS(lq_eq_result_alloc(ws, &res), LQ_OK);
    double xg[2] = {0.7, 0.3};
    LQ_CHECK_STATUS(lq_eq_solve(ws, 1000, xg, 2, res, &d), LQ_ENOCONV);
    LQ_CHECK(strstr(d.msg, "did not converge") != NULL);
    LQ_CHECK(res->n_phases == 0);
    lq_eq_result_free(res);
    lq_eq_ws_free(ws);
    /* allocation failure at every allocation of the workspace and the result: ENOMEM, no leak */
    int saw_ok = 0;
    for (long n = 0; n < 400 && !saw_ok; n++) {
        ws = NULL;
        res = NULL;
        lqi_alloc_fail_after(n);
        lq_status st = lqi_eq_ws_alloc_model(&t.m, NULL, &ws, NULL);
        if (st == LQ_OK) st = lq_eq_result_alloc(ws, &res);
        lqi_alloc_fail_after(-1);
        if (st == LQ_OK)
            saw_ok = 1;
        else
            LQ_CHECK_STATUS(st, LQ_ENOMEM);
        lq_eq_result_free(res);
        lq_eq_ws_free(ws);
    }
    LQ_CHECK(saw_ok);
}
