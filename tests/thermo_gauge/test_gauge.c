/* SPDX-License-Identifier: GPL-3.0-or-later */
/* NaCl-MgCl2 on the join (MQMQA and Temkin liquids) and compositions off the phases' span. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "liquidus/thermo.h"
#include "liquidus/units.h"
#include "lq_test.h"

void test_gauge_mqmqa(void);

/* Components CL, MG, NA of x(MgCl2) = xm on the NaCl-MgCl2 join, as mole fractions. */
static void join_x(double xm, double *x) {
    double n[3] = {1.0 + xm, xm, 1.0 - xm}, s = n[0] + n[1] + n[2];
    for (int c = 0; c < 3; c++) x[c] = n[c] / s;
}

typedef struct {
    lq_db *db;
    lq_system *sys;
    lq_eq_ws *ws;
    lq_eq_result *res;
} salt;

static int salt_open(salt *s, const char *path) {
    memset(s, 0, sizeof *s);
    lq_diag d;
    const char *comps[3] = {"CL", "MG", "NA"};
    int ok = lq_db_read_file(path, &s->db, &d) == LQ_OK &&
             lq_system_create(s->db, comps, 3, NULL, 0, &s->sys, &d) == LQ_OK &&
             lq_eq_ws_alloc(s->sys, NULL, &s->ws, &d) == LQ_OK &&
             lq_eq_result_alloc(s->ws, &s->res) == LQ_OK;
    if (!ok) fprintf(stderr, "%s: %s\n", path, d.msg);
    return ok;
}

static void salt_close(salt *s) {
    lq_eq_result_free(s->res);
    lq_eq_ws_free(s->ws);
    lq_system_free(s->sys);
    lq_db_free(s->db);
}

/* T of lq_eq_solve_T at x(MgCl2) = xm with `zero` at zero amount; NAN on failure. */
static double solve_T(salt *s, double xm, const char *zero, double T0) {
    size_t zp;
    lq_diag d;
    double x[3];
    join_x(xm, x);
    if (lq_system_phase_find(s->sys, zero, &zp) != LQ_OK) {
        fprintf(stderr, "no phase %s\n", zero);
        return NAN;
    }
    lq_status st = lq_eq_solve_T(s->ws, T0, x, 3, zp, s->res, &d);
    if (st != LQ_OK) {
        fprintf(stderr, "x(MgCl2) %g, %s: %s (%s)\n", xm, zero, lq_status_str(st), d.msg);
        return NAN;
    }
    return s->res->T;
}

/*
 * The MQMQA salt of /work/shared/data/tdb/MgNaCl-MQMQA.TDB exactly on the NaCl-MgCl2 join (no metal
 * excess): every phase has n_Na + 2 n_Mg - n_Cl = 0, so the solver works in the gauge of
 * docs/equilibrium.md. Eutectics by lq_eq_solve_T with the liquid at zero amount at a composition
 * between the two solids, liquidus temperatures with the primary solid at zero amount; the
 * references are Thermochimica's (tests/thermo_dat/thermochimica/, as in test_mgcl.c): each is
 * the upper end of a 0.01 K bisection bracket, so 0.05 K is allowed, as there.
 */
void test_gauge_mqmqa(void) {
    char path[1024];
    if (lq_test_shared_path("data/tdb/MgNaCl-MQMQA.TDB", path, sizeof path)) return;
    salt s;
    int ok = salt_open(&s, path);
    LQ_CHECK(ok);
    if (!ok) {
        salt_close(&s);
        return;
    }
    static const struct {
        double xm, T;
        const char *zero;
    } pts[] = {
        {0.2, 748.123, "SALT"},  {0.42, 732.315, "SALT"}, {0.7, 738.654, "SALT"},
        {0.1, 1031.831, "NACL"}, {0.2, 963.466, "NACL"},  {0.8, 941.682, "MGCL2"},
        {0.9, 972.972, "MGCL2"},
    };
    for (size_t i = 0; i < sizeof pts / sizeof pts[0]; i++) {
        double T = solve_T(&s, pts[i].xm, pts[i].zero, pts[i].T + 20.0);
        printf("  x(MgCl2) %.2f, %s at zero amount: %.4f K (Thermochimica %.3f K), %zu phases\n",
               pts[i].xm, pts[i].zero, T, pts[i].T, s.res->n_phases);
        LQ_CHECK_CLOSE(T, pts[i].T, 0.0, 0.05);
    }
    /* at fixed T: the minimum-norm potentials are orthogonal to the charges (1, 2, -1) of
     * (Na, Mg, Cl) up to rounding, and the salts' potentials are those of the solids */
    double x[3];
    join_x(0.3, x);
    lq_diag d;
    LQ_CHECK_STATUS(lq_eq_solve(s.ws, 1000.0, x, 3, s.res, &d), LQ_OK);
    const double *mu = s.res->mu; /* CL, MG, NA */
    LQ_CHECK_CLOSE(mu[2] + 2.0 * mu[1] - mu[0], 0.0, 0.0, 1e-9 * (fabs(mu[0]) + fabs(mu[1])));
    LQ_CHECK(s.res->n_gauge == 1);
    double a;
    LQ_CHECK_STATUS(lq_eq_activity(s.ws, s.res, 2, 0, &a, NULL, &d), LQ_EDOM);
    /* off the join: 1e-7 mol Na excess is refused (no phase holds metal) */
    x[2] += 1e-7;
    for (int c = 0; c < 3; c++) x[c] /= 1.0 + 1e-7;
    LQ_CHECK_STATUS(lq_eq_solve(s.ws, 1000.0, x, 3, s.res, &d), LQ_EDOM);
    LQ_CHECK(strstr(d.msg, "outside what the phases can form") != NULL);
    salt_close(&s);
}
