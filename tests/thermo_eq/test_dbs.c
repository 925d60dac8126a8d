/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Equilibria with other shared databases: the Al-Zn FCC miscibility gap (checked against a dense
 * convex hull of G_FCC(x)), Cu-Mg with the Cu2Mg Laves phase (internal degrees of freedom), the
 * Pb-Sn eutectic with T unknown, and the magnetic Cr-Fe BCC (S = -dG/dT). */
#include <math.h>
#include <stdlib.h>

#include "liquidus/thermo.h"
#include "liquidus/units.h"
#include "lq_test.h"

void test_dbs_alzn_gap(void);
void test_dbs_cumg_laves(void);
void test_dbs_pbsn_eutectic(void);
void test_dbs_crfe_magnetic(void);
void test_dbs_ternary_ideal(void);

typedef struct sysx {
    lq_db *db;
    lq_system *sys;
    lq_eq_ws *ws;
    lq_eq_result *res;
    lq_thermo_ws *tws;
} sysx;

static int sx_open(sysx *s, const char *file, const char *a, const char *b) {
    memset(s, 0, sizeof *s);
    char path[1024];
    if (lq_test_shared_path(file, path, sizeof path) != 0) return -1;
    const char *comps[2] = {a, b};
    lq_diag d;
    LQ_CHECK_STATUS(lq_db_read_file(path, &s->db, &d), LQ_OK);
    if (!s->db) return -1;
    LQ_CHECK_STATUS(lq_system_create(s->db, comps, 2, NULL, 0, &s->sys, &d), LQ_OK);
    if (!s->sys) return -1;
    LQ_CHECK_STATUS(lq_eq_ws_alloc(s->sys, NULL, &s->ws, &d), LQ_OK);
    if (!s->ws) return -1;
    LQ_CHECK_STATUS(lq_eq_result_alloc(s->ws, &s->res), LQ_OK);
    LQ_CHECK_STATUS(lq_thermo_ws_alloc(s->sys, &s->tws), LQ_OK);
    return s->res && s->tws ? 0 : -1;
}

static void sx_close(sysx *s) {
    lq_thermo_ws_free(s->tws);
    lq_eq_result_free(s->res);
    lq_eq_ws_free(s->ws);
    lq_system_free(s->sys);
    lq_db_free(s->db);
}

/* Every coexisting set: its own partial molar Gibbs energies equal the equilibrium potentials
 * (1e-6 J/mol), and the amounts satisfy the mass balance (1e-12). */
static void check_consistency(sysx *s, const double *x0) {
    const lq_eq_result *r = s->res;
    for (size_t c = 0; c < 2; c++) {
        double m = 0.0;
        for (size_t k = 0; k < r->n_phases; k++) m += r->phases[k].amount * r->phases[k].x[c];
        LQ_CHECK_CLOSE(m, x0[c], 0, 1e-12);
    }
    for (size_t k = 0; k < r->n_phases; k++) {
        const lq_eq_phase *p = &r->phases[k];
        double mu[2];
        lq_phase_props pr = {0};
        pr.mu = mu;
        LQ_CHECK_CLOSE(p->G, p->x[0] * r->mu[0] + p->x[1] * r->mu[1], 0, 1e-6);
        lq_phase_info in;
        lq_system_phase_info(s->sys, p->phase, &in);
        if (in.n_constituents == in.n_sublattices) continue; /* stoichiometric */
        if (lq_props_phase_eval(s->ws, p->phase, r->T, p->x, 2, &pr, NULL) != LQ_OK) {
            LQ_CHECK(0);
            continue;
        }
        LQ_CHECK_CLOSE(mu[0], r->mu[0], 0, 1e-6);
        LQ_CHECK_CLOSE(mu[1], r->mu[1], 0, 1e-6);
    }
}

/* Lower convex hull (Andrew's monotone chain) of G_m of a one-sublattice binary phase on a grid of
 * n + 1 points; returns the ends of the hull edge that spans x0. */
static void dense_gap(sysx *s, size_t phase, double T, double x0, size_t n, double *xa,
                      double *xb) {
    double *gx = malloc((n + 1) * sizeof *gx), *gg = malloc((n + 1) * sizeof *gg);
    size_t *h = malloc((n + 1) * sizeof *h), m = 0;
    if (!gx || !gg || !h) {
        free(gx);
        free(gg);
        free(h);
        *xa = *xb = (double)NAN;
        return;
    }
    lq_thermo_ws_set_TP(s->tws, T, LQ_ATM_PA);
    for (size_t i = 0; i <= n; i++) {
        double x = (double)i / (double)n, y[2] = {1.0 - x, x};
        lq_phase_eval ev = {0};
        lq_phase_evaluate(s->tws, phase, y, LQ_EVAL_G, &ev);
        gx[i] = x;
        gg[i] = ev.G;
        while (m >= 2) {
            size_t a = h[m - 2], b = h[m - 1];
            double cross = (gx[b] - gx[a]) * (gg[i] - gg[a]) - (gg[b] - gg[a]) * (gx[i] - gx[a]);
            if (cross <= 0.0)
                m--;
            else
                break;
        }
        h[m++] = i;
    }
    *xa = *xb = (double)NAN;
    for (size_t k = 0; k + 1 < m; k++)
        if (gx[h[k]] <= x0 && gx[h[k + 1]] >= x0) {
            *xa = gx[h[k]];
            *xb = gx[h[k + 1]];
        }
    free(gx);
    free(gg);
    free(h);
}

void test_dbs_alzn_gap(void) {
    sysx s;
    if (sx_open(&s, "data/tdb/alzn_mey.tdb", "AL", "ZN") != 0) {
        sx_close(&s);
        return;
    }
    double x[2] = {0.6, 0.4};
    LQ_CHECK_STATUS(lq_eq_solve(s.ws, 580.0, x, 2, s.res, NULL), LQ_OK);
    size_t fcc;
    LQ_CHECK_STATUS(lq_system_phase_find(s.sys, "FCC_A1", &fcc), LQ_OK);
    LQ_CHECK(s.res->n_phases == 2);
    if (s.res->n_phases == 2) {
        LQ_CHECK(s.res->phases[0].phase == fcc && s.res->phases[1].phase == fcc);
        double a = fmin(s.res->phases[0].x[1], s.res->phases[1].x[1]);
        double b = fmax(s.res->phases[0].x[1], s.res->phases[1].x[1]);
        double xa, xb;
        dense_gap(&s, fcc, 580.0, 0.4, 100000, &xa, &xb);
        fprintf(stderr, "  Al-Zn FCC gap at 580 K: %.6f - %.6f (dense hull %.5f - %.5f)\n", a, b,
                xa, xb);
        /* the dense hull's vertices are grid points 1e-5 apart: 2e-5 */
        LQ_CHECK_CLOSE(a, xa, 0, 2e-5);
        LQ_CHECK_CLOSE(b, xb, 0, 2e-5);
    }
    check_consistency(&s, x);
    sx_close(&s);
}

void test_dbs_cumg_laves(void) {
    sysx s;
    if (sx_open(&s, "data/tdb/cumg.tdb", "CU", "MG") != 0) {
        sx_close(&s);
        return;
    }
    double x[2] = {0.8, 0.2};
    LQ_CHECK_STATUS(lq_eq_solve(s.ws, 700.0, x, 2, s.res, NULL), LQ_OK);
    size_t laves, fcc;
    LQ_CHECK_STATUS(lq_system_phase_find(s.sys, "CU2MG", &laves), LQ_OK);
    LQ_CHECK_STATUS(lq_system_phase_find(s.sys, "FCC_A1", &fcc), LQ_OK);
    LQ_CHECK(s.res->n_phases == 2);
    check_consistency(&s, x);
    /* the Laves phase alone (two sublattices, G minimised over the constitution at fixed x): the
     * slope of G_m(x) is mu_Mg - mu_Cu. Central differences with Richardson extrapolation
     * (h = 1e-4 and 5e-5; small antisite fractions make the third derivative of G large, so plain
     * differences are not enough): remaining error ~1e-5 J/mol; 1e-4 */
    double mu[2], xs = 0.36;
    lq_phase_props pr = {0};
    pr.mu = mu;
    double dd[2];
    for (int level = 0; level < 2; level++) {
        double h = level ? 5e-5 : 1e-4, g[2];
        for (int k = 0; k < 2; k++) {
            double xq[2] = {1.0 - (xs + (k ? h : -h)), xs + (k ? h : -h)};
            LQ_CHECK_STATUS(lq_props_phase_eval(s.ws, laves, 700.0, xq, 2, &pr, NULL), LQ_OK);
            g[k] = pr.GM;
        }
        dd[level] = (g[1] - g[0]) / (2 * h);
    }
    double xx[2] = {1.0 - xs, xs};
    LQ_CHECK_STATUS(lq_props_phase_eval(s.ws, laves, 700.0, xx, 2, &pr, NULL), LQ_OK);
    LQ_CHECK_CLOSE((4.0 * dd[1] - dd[0]) / 3.0, mu[1] - mu[0], 0, 1e-4);
    LQ_CHECK_CLOSE(pr.GM, xx[0] * mu[0] + xx[1] * mu[1], 0, 1e-6);
    sx_close(&s);
}

void test_dbs_pbsn_eutectic(void) {
    sysx s;
    if (sx_open(&s, "data/tdb/pbsn.tdb", "PB", "SN") != 0) {
        sx_close(&s);
        return;
    }
    size_t liq;
    LQ_CHECK_STATUS(lq_system_phase_find(s.sys, "LIQUID", &liq), LQ_OK);
    double x[2] = {0.5, 0.5};
    /* T where the liquid first appears, from the two solids at 400 K: the eutectic */
    LQ_CHECK_STATUS(lq_eq_solve_T(s.ws, 400.0, x, 2, liq, s.res, NULL), LQ_OK);
    double Te = s.res->T;
    LQ_CHECK(s.res->n_phases == 3);
    fprintf(stderr, "  Pb-Sn eutectic (pbsn.tdb): %.6f K\n", Te);
    /* independent: 0.01 K below there is no liquid, 0.01 K above there is */
    int has_liq = 0;
    LQ_CHECK_STATUS(lq_eq_solve(s.ws, Te - 0.01, x, 2, s.res, NULL), LQ_OK);
    for (size_t k = 0; k < s.res->n_phases; k++) has_liq |= s.res->phases[k].phase == liq;
    LQ_CHECK(!has_liq);
    has_liq = 0;
    LQ_CHECK_STATUS(lq_eq_solve(s.ws, Te + 0.01, x, 2, s.res, NULL), LQ_OK);
    for (size_t k = 0; k < s.res->n_phases; k++) has_liq |= s.res->phases[k].phase == liq;
    LQ_CHECK(has_liq);
    check_consistency(&s, x);
    sx_close(&s);
}

void test_dbs_crfe_magnetic(void) {
    sysx s;
    if (sx_open(&s, "data/tdb/crfe_bcc_magnetic.tdb", "CR", "FE") != 0) {
        sx_close(&s);
        return;
    }
    /* near the Curie temperature of Fe-rich BCC, where the magnetic term dominates dS/dT */
    const double Ts[3] = {900.0, 1000.0, 1100.0};
    for (int i = 0; i < 3; i++) {
        double x[2] = {0.1, 0.9}, h = 0.01, Gp, Gm;
        LQ_CHECK_STATUS(lq_eq_solve(s.ws, Ts[i] + h, x, 2, s.res, NULL), LQ_OK);
        Gp = s.res->G;
        LQ_CHECK_STATUS(lq_eq_solve(s.ws, Ts[i] - h, x, 2, s.res, NULL), LQ_OK);
        Gm = s.res->G;
        LQ_CHECK_STATUS(lq_eq_solve(s.ws, Ts[i], x, 2, s.res, NULL), LQ_OK);
        /* central differences with h = 0.01 K: truncation h^2/6 dCp/dT < 1e-5 J/mol/K away from
         * the Curie cusp */
        LQ_CHECK_CLOSE(s.res->S, -(Gp - Gm) / (2 * h), 0, 1e-4);
        check_consistency(&s, x);
    }
    sx_close(&s);
}

/* Ternary Cu-Ag-Au from the SGTE unary file: no interaction parameters, so the liquid and FCC are
 * ideal solutions and in equilibrium a_c = x_c in each phase against the pure component in that
 * phase (exact; rounding only: 1e-10 relative). */
void test_dbs_ternary_ideal(void) {
    char path[1024];
    if (lq_test_shared_path("data/tdb/SGTE-unary1991-2010.TDB", path, sizeof path) != 0) return;
    lq_db *db = NULL;
    lq_system *sys = NULL;
    lq_eq_ws *ws = NULL;
    lq_eq_result *res = NULL;
    const char *comps[3] = {"CU", "AG", "AU"}, *phases[2] = {"LIQUID", "FCC_A1"};
    LQ_CHECK_STATUS(lq_db_read_file(path, &db, NULL), LQ_OK);
    if (db) LQ_CHECK_STATUS(lq_system_create(db, comps, 3, phases, 2, &sys, NULL), LQ_OK);
    if (sys) LQ_CHECK_STATUS(lq_eq_ws_alloc(sys, NULL, &ws, NULL), LQ_OK);
    if (ws) LQ_CHECK_STATUS(lq_eq_result_alloc(ws, &res), LQ_OK);
    if (res) {
        double x[3] = {0.05, 0.9, 0.05};
        LQ_CHECK_STATUS(lq_eq_solve(ws, 1247.0, x, 3, res, NULL), LQ_OK);
        LQ_CHECK(res->n_phases == 2);
        for (size_t c = 0; c < 3; c++) {
            double m = 0.0;
            for (size_t k = 0; k < res->n_phases; k++)
                m += res->phases[k].amount * res->phases[k].x[c];
            LQ_CHECK_CLOSE(m, x[c], 0, 1e-12);
        }
        for (size_t k = 0; k < res->n_phases; k++)
            for (size_t c = 0; c < 3; c++) {
                double a;
                LQ_CHECK_STATUS(lq_eq_activity(ws, res, c, res->phases[k].phase, &a, NULL, NULL),
                                LQ_OK);
                LQ_CHECK_CLOSE(a, res->phases[k].x[c], 1e-10, 0);
            }
        /* one phase at 1500 K (all liquid): a_c = x_c */
        LQ_CHECK_STATUS(lq_eq_solve(ws, 1500.0, x, 3, res, NULL), LQ_OK);
        LQ_CHECK(res->n_phases == 1);
        for (size_t c = 0; c < 3; c++) {
            double a;
            LQ_CHECK_STATUS(lq_eq_activity(ws, res, c, res->phases[0].phase, &a, NULL, NULL),
                            LQ_OK);
            LQ_CHECK_CLOSE(a, x[c], 1e-10, 0);
        }
    }
    LQ_CHECK(lq_eq_ws_system(ws) == sys);
    LQ_CHECK(lq_eq_ws_system(NULL) == NULL);
    size_t p;
    LQ_CHECK_STATUS(lq_eq_reference_stable(ws, 1000.0, 7, &p, NULL, NULL), LQ_EINVAL);
    lq_eq_result_free(res);
    lq_eq_ws_free(ws);
    lq_system_free(sys);
    lq_db_free(db);
}
