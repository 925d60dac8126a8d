/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lq_eq_solve_conditions against OpenCalphad (ref/oc_conditions.txt) and against itself. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/core_internal.h"
#include "liquidus/thermo.h"
#include "liquidus/units.h"
#include "lq_test.h"

void test_cond_oc_bind(void);
void test_cond_oc_crtiv(void);
void test_cond_roundtrip(void);
void test_cond_errors(void);
void test_cond_alloc_failures(void);

/* OpenCalphad's gas constant (ref/oc_conditions.sh); liquidus uses CODATA 2018. */
#define R_OC 8.31451

typedef struct sys3 {
    lq_db *db;
    lq_system *sys;
    lq_eq_ws *ws;
    lq_eq_result *res;
} sys3;

static int open_sys(sys3 *s, const char *rel, const char *const *comps, size_t nc, double R) {
    char path[1024];
    lq_diag d;
    memset(s, 0, sizeof *s);
    lq_test_source_path(rel, path, sizeof path);
    if (lq_db_read_file(path, &s->db, &d) != LQ_OK) return 0;
    if (lq_system_create(s->db, comps, nc, NULL, 0, &s->sys, &d) != LQ_OK) return 0;
    if (lq_eq_ws_alloc(s->sys, NULL, &s->ws, &d) != LQ_OK) return 0;
    if (R > 0.0 && lq_eq_ws_set_gas_constant(s->ws, R) != LQ_OK) return 0;
    return lq_eq_result_alloc(s->ws, &s->res) == LQ_OK;
}

static void close_sys(sys3 *s) {
    lq_eq_result_free(s->res);
    lq_eq_ws_free(s->ws);
    lq_system_free(s->sys);
    lq_db_free(s->db);
}

/* Value of `quantity` for `name` in ref/oc_conditions.txt (the k-th such line), NaN if absent. */
static double oc_value(const char *name, const char *quantity, int k) {
    char path[1024], line[256], n[64], q[32];
    double v;
    lq_test_source_path("tests/thermo_cond/ref/oc_conditions.txt", path, sizeof path);
    FILE *fp = fopen(path, "r");
    if (!fp) return (double)NAN;
    double out = (double)NAN;
    while (fgets(line, sizeof line, fp))
        if (sscanf(line, "%63s %31s %lf", n, q, &v) == 3 && !strcmp(n, name) &&
            !strcmp(q, quantity) && k-- == 0) {
            out = v;
            break;
        }
    fclose(fp);
    return out;
}

static size_t phase(const sys3 *s, const char *name) {
    size_t p = 0;
    LQ_CHECK_STATUS(lq_system_phase_find(s->sys, name, &p), LQ_OK);
    return p;
}

/*
 * Bi-Nd at 973 K (liquid): x(Nd) under a fixed mu(Nd) and fixed activities, against OpenCalphad
 * 6.116 with its gas constant. An activity a_OC of OpenCalphad means mu = R_OC T ln a_OC, the
 * same mu as ln a = (R_OC / R) ln a_OC here (liquidus's activities use CODATA R, as
 * lq_eq_activity). OpenCalphad prints 8 significant digits (5e-10 at x = 0.014) and converges
 * to ~1e-10 in x: tolerance 2e-9. The peritectic L + NdBi1 = NdBi2 (both solids held at zero, T
 * and x free): 8 digits, T to 1e-4 K and x to 1e-8. Congruent melting of NdBi1 at x = 0.5: the
 * crossing of OpenCalphad's G of the liquid and of NdBi1, interpolated linearly between 2048 and
 * 2049 K (G printed to 0.01 J, slopes 35 J/K apart: 3e-4 K; curvature of the difference over
 * 1 K: < 5e-3 K): 0.01 K.
 */
void test_cond_oc_bind(void) {
    const char *comps[2] = {"BI", "ND"};
    sys3 s;
    LQ_CHECK(open_sys(&s, "data/tdb/BiNd.tdb", comps, 2, R_OC));
    if (!s.res) {
        close_sys(&s);
        return;
    }
    double x[2] = {0.95, 0.05}, mu[2] = {NAN, -310000.0}, ac[2] = {NAN, NAN};
    size_t ref[2] = {LQ_EQ_REF_SER, LQ_EQ_REF_SER};
    lq_eq_conditions c;
    lq_eq_conditions_default(&c);
    c.T = 973.0;
    c.x = x;
    c.mu = mu;
    lq_diag d;
    LQ_CHECK_STATUS(lq_eq_solve_conditions(s.ws, &c, s.res, &d), LQ_OK);
    LQ_CHECK_CLOSE(s.res->x[1], oc_value("bind_mu", "X(ND)", 0), 0.0, 2e-9);
    double dmax = fabs(s.res->x[1] - oc_value("bind_mu", "X(ND)", 0));
    LQ_CHECK_CLOSE(s.res->mu[1], -310000.0, 1e-12, 0.0);
    double Rr = R_OC / LQ_GAS_CONSTANT_J_PER_MOL_K;
    mu[1] = (double)NAN;
    c.ac = ac;
    c.ac_ref = ref;
    ac[1] = exp(Rr * log(1e-17));
    LQ_CHECK_STATUS(lq_eq_solve_conditions(s.ws, &c, s.res, &d), LQ_OK);
    LQ_CHECK_CLOSE(s.res->x[1], oc_value("bind_ac_ser", "X(ND)", 0), 0.0, 2e-9);
    dmax = fmax(dmax, fabs(s.res->x[1] - oc_value("bind_ac_ser", "X(ND)", 0)));
    ac[1] = exp(Rr * log(3e-13));
    ref[1] = phase(&s, "LIQUID");
    LQ_CHECK_STATUS(lq_eq_solve_conditions(s.ws, &c, s.res, &d), LQ_OK);
    LQ_CHECK_CLOSE(s.res->x[1], oc_value("bind_ac_liq", "X(ND)", 0), 0.0, 2e-9);
    dmax = fmax(dmax, fabs(s.res->x[1] - oc_value("bind_ac_liq", "X(ND)", 0)));
    double a_chk;
    LQ_CHECK_STATUS(lq_eq_activity(s.ws, s.res, 1, ref[1], &a_chk, NULL, &d), LQ_OK);
    LQ_CHECK_CLOSE(a_chk, ac[1], 1e-10, 0.0);
    /* two phases at zero: the peritectic */
    lq_eq_conditions_default(&c);
    size_t zp[2] = {phase(&s, "NDBI1"), phase(&s, "NDBI2")}, fx[1] = {1};
    x[0] = 0.9;
    x[1] = 0.1;
    c.T = 900.0;
    c.free_T = 1;
    c.x = x;
    c.zero_phase = zp;
    c.n_zero = 2;
    c.free_x = fx;
    c.n_free_x = 1;
    LQ_CHECK_STATUS(lq_eq_solve_conditions(s.ws, &c, s.res, &d), LQ_OK);
    LQ_CHECK_CLOSE(s.res->T, oc_value("bind_peritectic", "T", 0), 0.0, 1e-4);
    LQ_CHECK_CLOSE(s.res->x[1], oc_value("bind_peritectic", "X(ND)", 0), 0.0, 1e-8);
    LQ_CHECK(s.res->n_phases == 3);
    printf(
        "Bi-Nd: x(Nd) under mu/ac conditions within %.2g of OpenCalphad; peritectic %.5f K "
        "(OpenCalphad %.5f K), x %.8f (%.8f)\n",
        dmax, s.res->T, oc_value("bind_peritectic", "T", 0), s.res->x[1],
        oc_value("bind_peritectic", "X(ND)", 0));
    /* congruent melting of the stoichiometric NdBi1 at its own composition */
    size_t zl[1] = {phase(&s, "LIQUID")};
    x[0] = x[1] = 0.5;
    c.T = 2000.0;
    c.zero_phase = zl;
    c.n_zero = 1;
    c.n_free_x = 0;
    LQ_CHECK_STATUS(lq_eq_solve_conditions(s.ws, &c, s.res, &d), LQ_OK);
    double d0 = oc_value("bind_liquid_2048", "GS", 0) - oc_value("bind_ndbi1_2048", "GS", 0);
    double d1 = oc_value("bind_liquid_2049", "GS", 0) - oc_value("bind_ndbi1_2049", "GS", 0);
    LQ_CHECK_CLOSE(s.res->T, 2048.0 + d0 / (d0 - d1), 0.0, 0.01);
    int liquid_zero = 0;
    for (size_t k = 0; k < s.res->n_phases; k++)
        if (s.res->phases[k].phase == zl[0]) {
            liquid_zero = s.res->phases[k].fixed_zero;
            LQ_CHECK_CLOSE(s.res->phases[k].x[1], 0.5, 0.0, 1e-9);
        }
    LQ_CHECK(liquid_zero);
    printf("Bi-Nd: NdBi1 melts congruently at %.4f K (OpenCalphad G crossing %.4f K)\n", s.res->T,
           2048.0 + d0 / (d0 - d1));
    close_sys(&s);
}

/*
 * Cr-Ti-V, open to V: x(Ti) = 0.3 fixed, Cr the balance (OpenCalphad's X(TI) condition), mu(V)
 * = -72000 J/mol at 1200 K (Laves C15 + BCC) and a(V) = 0.1 against pure BCC V at 1500 K (C36 +
 * BCC, reached from a single-phase start). OpenCalphad's 8 digits: 1e-8 at x ~ 0.1; tolerance
 * 5e-8 for its convergence in two-phase fields.
 */
void test_cond_oc_crtiv(void) {
    const char *comps[3] = {"CR", "TI", "V"};
    sys3 s;
    LQ_CHECK(open_sys(&s, "tests/data/ternary/crtiv_ghosh.tdb", comps, 3, R_OC));
    if (!s.res) {
        close_sys(&s);
        return;
    }
    double x[3] = {0.5, 0.3, 0.2}, mu[3] = {NAN, NAN, -72000.0}, ac[3] = {NAN, NAN, NAN};
    size_t ref[3] = {LQ_EQ_REF_SER, LQ_EQ_REF_SER, phase(&s, "BCC_A2")};
    lq_eq_conditions c;
    lq_eq_conditions_default(&c);
    c.T = 1200.0;
    c.x = x;
    c.mu = mu;
    c.balance = 0;
    lq_diag d;
    LQ_CHECK_STATUS(lq_eq_solve_conditions(s.ws, &c, s.res, &d), LQ_OK);
    LQ_CHECK_CLOSE(s.res->x[2], oc_value("crtiv_mu", "X(V)", 0), 0.0, 5e-8);
    LQ_CHECK_CLOSE(s.res->x[1], 0.3, 0.0, 1e-12);
    LQ_CHECK(s.res->n_phases == 2);
    c.T = 1500.0;
    c.mu = NULL;
    c.ac = ac;
    c.ac_ref = ref;
    ac[2] = exp(R_OC / LQ_GAS_CONSTANT_J_PER_MOL_K * log(0.1));
    LQ_CHECK_STATUS(lq_eq_solve_conditions(s.ws, &c, s.res, &d), LQ_OK);
    LQ_CHECK_CLOSE(s.res->x[2], oc_value("crtiv_ac", "X(V)", 0), 0.0, 5e-8);
    printf("Cr-Ti-V: x(V) at fixed a(V) %.9f (OpenCalphad %.9f)\n", s.res->x[2],
           oc_value("crtiv_ac", "X(V)", 0));
    LQ_CHECK(s.res->n_phases == 2);
    close_sys(&s);
}

/* Largest difference between two results with the same phases (in the same order). */
static double state_diff(const lq_eq_result *a, const lq_eq_result *b) {
    if (a->n_phases != b->n_phases) return HUGE_VAL;
    double m = fabs(a->T - b->T);
    for (size_t c = 0; c < a->ncomp; c++) {
        m = fmax(m, fabs(a->x[c] - b->x[c]));
        m = fmax(m, fabs(a->mu[c] - b->mu[c]) / fabs(b->mu[c]));
    }
    for (size_t k = 0; k < a->n_phases; k++) {
        if (a->phases[k].phase != b->phases[k].phase) return HUGE_VAL;
        m = fmax(m, fabs(a->phases[k].amount - b->phases[k].amount));
        for (size_t c = 0; c < a->ncomp; c++)
            m = fmax(m, fabs(a->phases[k].x[c] - b->phases[k].x[c]));
    }
    return m;
}

/*
 * Fixing mu (or the activity) at the value an unconstrained equilibrium gave returns that state:
 * x, phase amounts and compositions to 1e-9, mu to 1e-9 relative; Newton converges to 1e-12
 * scaled residuals, so the two solutions agree far below. Cases: Bi-Nd liquid at 973 K, Cr-Ti-V
 * two-phase at 1200 K (open to V, ratios of Cr and Ti kept, and balance Cr), the activity of Ti
 * against BCC; a liquidus by a zero phase with x free against lq_eq_solve_x.
 */
void test_cond_roundtrip(void) {
    const char *comps[3] = {"CR", "TI", "V"};
    sys3 s;
    LQ_CHECK(open_sys(&s, "tests/data/ternary/crtiv_ghosh.tdb", comps, 3, 0.0));
    lq_eq_result *r2 = NULL;
    if (s.ws) LQ_CHECK_STATUS(lq_eq_result_alloc(s.ws, &r2), LQ_OK);
    if (!r2) {
        close_sys(&s);
        return;
    }
    lq_diag d;
    const double Ts[3] = {1200.0, 1500.0, 800.0};
    const double xs[3][3] = {{0.5, 0.3, 0.2}, {0.5, 0.3, 0.2}, {0.45, 0.15, 0.4}};
    double worst = 0.0;
    for (int i = 0; i < 3; i++) {
        LQ_CHECK_STATUS(lq_eq_solve(s.ws, Ts[i], xs[i], 3, s.res, &d), LQ_OK);
        for (int mode = 0; mode < 3; mode++) {
            double x[3] = {0.6, 0.3, 0.1}, mu[3] = {NAN, NAN, NAN}, ac[3] = {NAN, NAN, NAN};
            size_t ref[3] = {LQ_EQ_REF_SER, phase(&s, "BCC_A2"), LQ_EQ_REF_SER};
            if (mode < 2) {
                x[1] = xs[i][1];
                x[0] = 1.0 - x[1] - x[2];
                mu[2] = s.res->mu[2];
            } else {
                x[2] = xs[i][2];
                x[1] = 0.2;
                x[0] = 1.0 - x[1] - x[2];
                LQ_CHECK_STATUS(lq_eq_activity(s.ws, s.res, 1, ref[1], &ac[1], NULL, &d), LQ_OK);
            }
            lq_eq_conditions c;
            lq_eq_conditions_default(&c);
            c.T = Ts[i];
            c.x = x;
            c.mu = mu;
            c.ac = ac;
            c.ac_ref = ref;
            c.balance = mode == 1 ? LQ_EQ_BALANCE_RATIOS : 0;
            if (mode == 1) { /* Cr : Ti of the target, V from elsewhere */
                x[2] = 0.05;
                x[0] = 0.95 * xs[i][0] / (xs[i][0] + xs[i][1]);
                x[1] = 0.95 - x[0];
            }
            LQ_CHECK_STATUS(lq_eq_solve_conditions(s.ws, &c, r2, &d), LQ_OK);
            double e = state_diff(r2, s.res);
            LQ_CHECK(e < 1e-9);
            if (e > worst) worst = e;
        }
    }
    printf("Cr-Ti-V: potential conditions return the unconstrained states to %.2g\n", worst);
    /* a zero phase with one x free is lq_eq_solve_x's problem: the same boundary */
    size_t zp[1] = {phase(&s, "LIQUID")}, fx[1] = {1};
    double x[3] = {0.6, 0.3, 0.1};
    LQ_CHECK_STATUS(lq_eq_solve_x(s.ws, 1600.0, x, 3, 1, zp[0], s.res, &d), LQ_OK);
    lq_eq_conditions c;
    lq_eq_conditions_default(&c);
    c.T = 1600.0;
    c.x = x;
    c.zero_phase = zp;
    c.n_zero = 1;
    c.free_x = fx;
    c.n_free_x = 1;
    /* lq_eq_solve_x lets the largest other component (Cr) compensate */
    c.balance = 0;
    LQ_CHECK_STATUS(lq_eq_solve_conditions(s.ws, &c, r2, &d), LQ_OK);
    LQ_CHECK(state_diff(r2, s.res) < 1e-9);
    lq_eq_result_free(r2);
    close_sys(&s);
}

void test_cond_errors(void) {
    const char *comps[2] = {"BI", "ND"};
    sys3 s;
    LQ_CHECK(open_sys(&s, "data/tdb/BiNd.tdb", comps, 2, 0.0));
    if (!s.res) {
        close_sys(&s);
        return;
    }
    double x[2] = {0.5, 0.5}, ac[2] = {NAN, -1.0}, mu[2] = {-1e5, -1e5};
    size_t zp[2] = {0, 0}, fx[1] = {1}, ref[2] = {0, 0};
    lq_eq_conditions c;
    lq_diag d;
    lq_eq_conditions_default(NULL);
    lq_eq_conditions_default(&c);
    LQ_CHECK_STATUS(lq_eq_solve_conditions(NULL, &c, s.res, &d), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_eq_solve_conditions(s.ws, &c, s.res, &d), LQ_EINVAL); /* no x */
    c.x = x;
    LQ_CHECK_STATUS(lq_eq_solve_conditions(s.ws, &c, s.res, &d), LQ_EDOM); /* T NaN */
    c.T = 900.0;
    c.zero_phase = zp;
    c.n_zero = 1;
    LQ_CHECK_STATUS(lq_eq_solve_conditions(s.ws, &c, s.res, &d), LQ_EINVAL); /* no unknown */
    c.n_zero = 2;
    c.free_T = 1;
    c.free_x = fx;
    c.n_free_x = 1;
    LQ_CHECK_STATUS(lq_eq_solve_conditions(s.ws, &c, s.res, &d), LQ_EINVAL); /* phase twice */
    lq_eq_conditions_default(&c);
    c.T = 900.0;
    c.x = x;
    c.ac = ac;
    LQ_CHECK_STATUS(lq_eq_solve_conditions(s.ws, &c, s.res, &d), LQ_EDOM); /* a <= 0 */
    ac[1] = 0.5;
    c.ac_ref = ref;
    c.free_T = 1;
    c.zero_phase = zp;
    c.n_zero = 1;
    LQ_CHECK_STATUS(lq_eq_solve_conditions(s.ws, &c, s.res, &d), LQ_EINVAL); /* ref, T free */
    lq_eq_conditions_default(&c);
    c.T = 900.0;
    c.x = x;
    c.mu = mu;
    LQ_CHECK_STATUS(lq_eq_solve_conditions(s.ws, &c, s.res, &d), LQ_EINVAL); /* all open */
    mu[0] = NAN;
    c.balance = 1;
    LQ_CHECK_STATUS(lq_eq_solve_conditions(s.ws, &c, s.res, &d), LQ_EINVAL); /* open balance */
    close_sys(&s);
}

/* Every allocation failure returns LQ_ENOMEM and leaks nothing (ASan). */
void test_cond_alloc_failures(void) {
    const char *comps[2] = {"BI", "ND"};
    sys3 s;
    LQ_CHECK(open_sys(&s, "data/tdb/BiNd.tdb", comps, 2, 0.0));
    if (!s.res) {
        close_sys(&s);
        return;
    }
    double x[2] = {0.95, 0.05}, mu[2] = {NAN, -310000.0};
    lq_eq_conditions c;
    lq_eq_conditions_default(&c);
    c.T = 973.0;
    c.x = x;
    c.mu = mu;
    int ok = 0, bad = 0;
    for (long n = 0; n < 100 && !ok; n++) {
        lqi_alloc_fail_after(n);
        lq_status st = lq_eq_solve_conditions(s.ws, &c, s.res, NULL);
        lqi_alloc_fail_after(-1);
        ok = st == LQ_OK;
        bad += !ok && st != LQ_ENOMEM;
    }
    LQ_CHECK(ok);
    LQ_CHECK(bad == 0);
    close_sys(&s);
}
