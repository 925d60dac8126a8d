/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Liquidus projection of Cr-Fe-Nb: univariant lines and invariants against fixed equilibria
 * just above and below them (liquidus's own, and OpenCalphad's in ref/oc_projection.csv). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/core_internal.h"
#include "liquidus/thermo.h"
#include "lq_test.h"

void test_projection_crfenb(void);
void test_projection_errors(void);

static int has_phase(const lq_eq_result *r, size_t p) {
    for (size_t k = 0; k < r->n_phases; k++)
        if (r->phases[k].phase == p && r->phases[k].amount > 0.0) return 1;
    return 0;
}

/* 1 when every phase of r is one of a, b, c, e (e may be (size_t)-1: none). */
static int only_phases4(const lq_eq_result *r, size_t a, size_t b, size_t c, size_t e) {
    for (size_t k = 0; k < r->n_phases; k++) {
        size_t p = r->phases[k].phase;
        if (p != a && p != b && p != c && p != e) return 0;
    }
    return 1;
}

/* Distance (max norm) from x to the nearer end of line l. */
static double end_dist(const lq_liquidus_projection *r, const lq_liquidus_projection_line *l,
                       const double *x) {
    double d = HUGE_VAL;
    for (int e = 0; e < 2; e++) {
        const double *y = r->points[l->first + (e ? l->n - 1 : 0)].x;
        double m = 0.0;
        for (int c = 0; c < 3; c++) m = fmax(m, fabs(x[c] - y[c]));
        d = fmin(d, m);
    }
    return d;
}

/*
 * Cr-Fe-Nb (Jacob et al. 2016, pycalphad's test database), grid of 10 divisions. Every node has a
 * liquidus. At every univariant point (T, x): a fixed equilibrium 0.05 K above is the liquid alone
 * (the point is on the stable liquidus; it is solved to ~1e-9 K, so 0.05 K is far outside its
 * error), 0.05 K below holds the liquid with one or both of its solids and nothing else (both on
 * a cotectic line, one where the line is peritectic-like: the overall composition then lies
 * outside the three-phase triangle below), and each solid held at zero alone with T free
 * (lq_eq_solve_T, a different system of equations) gives the same T to 1e-6 K. At every
 * invariant: the liquid alone 0.05 K above, at least two of its solids and no other phase 0.05 K
 * below, and two lines with two of its phases ending within three grid spacings.
 */
void test_projection_crfenb(void) {
    char path[1024];
    lq_test_source_path("tests/data/tdb-corpus/pycalphad/CrFeNb_Jacob2016.tdb", path, sizeof path);
    lq_db *db = NULL;
    lq_system *sys = NULL;
    lq_eq_ws *ws = NULL;
    lq_eq_result *res = NULL;
    lq_liquidus_projection *p = NULL;
    lq_diag d;
    const char *comps[3] = {"CR", "FE", "NB"};
    LQ_CHECK_STATUS(lq_db_read_file(path, &db, &d), LQ_OK);
    if (db) LQ_CHECK_STATUS(lq_system_create(db, comps, 3, NULL, 0, &sys, &d), LQ_OK);
    if (sys) LQ_CHECK_STATUS(lq_eq_ws_alloc(sys, NULL, &ws, &d), LQ_OK);
    if (ws) LQ_CHECK_STATUS(lq_eq_result_alloc(ws, &res), LQ_OK);
    lq_liquidus_projection_options o;
    lq_liquidus_projection_options_default(&o);
    o.grid_n = 10;
    if (res) LQ_CHECK_STATUS(lq_liquidus_projection_compute(ws, &o, &p, &d), LQ_OK);
    if (!p) goto done;
    size_t nok = 0, bad_pts = 0, bad_inv = 0, joined_all = 0;
    for (size_t i = 0; i < p->n_nodes; i++) nok += (size_t)p->nodes[i].ok;
    LQ_CHECK(nok == p->n_nodes);
    LQ_CHECK(p->n_lines >= 5);
    LQ_CHECK(p->n_invariants >= 2);
    double dTmax = 0.0;
    for (size_t i = 0; i < p->n_points; i++) {
        const lq_liquidus_projection_point *q = &p->points[i];
        /* a line's end joined to an invariant: below it the third solid may appear too (the
         * invariant loop checks it) */
        size_t third = (size_t)-1;
        for (size_t v = 0; v < p->n_invariants; v++) {
            const lq_liquidus_projection_invariant *u = &p->invariants[v];
            if (u->T != q->T || u->x[0] != q->x[0] || u->x[1] != q->x[1] || u->x[2] != q->x[2])
                continue;
            for (int k = 0; k < 3; k++)
                if (u->phase[k] != q->phase[0] && u->phase[k] != q->phase[1]) third = u->phase[k];
        }
        int ok = lq_eq_solve(ws, q->T + 0.05, q->x, 3, res, &d) == LQ_OK && res->n_phases == 1 &&
                 res->phases[0].phase == p->liquid;
        ok = ok && lq_eq_solve(ws, q->T - 0.05, q->x, 3, res, &d) == LQ_OK &&
             only_phases4(res, p->liquid, q->phase[0], q->phase[1], third) && res->n_phases > 1;
        /* on both liquidus surfaces: each solid alone at zero with T free gives the same T */
        for (int k = 0; ok && k < 2; k++) {
            ok = lq_eq_solve_T(ws, q->T, q->x, 3, q->phase[k], res, &d) == LQ_OK;
            if (ok) dTmax = fmax(dTmax, fabs(res->T - q->T));
            ok = ok && fabs(res->T - q->T) < 1e-6;
        }
        bad_pts += (size_t)!ok;
    }
    double h = (1.0 - 3.0 * o.x_min) / (double)o.grid_n;
    for (size_t v = 0; v < p->n_invariants; v++) {
        const lq_liquidus_projection_invariant *q = &p->invariants[v];
        int ok = lq_eq_solve(ws, q->T + 0.05, q->x, 3, res, &d) == LQ_OK && res->n_phases == 1 &&
                 res->phases[0].phase == p->liquid;
        ok = ok && lq_eq_solve(ws, q->T - 0.05, q->x, 3, res, &d) == LQ_OK &&
             has_phase(res, q->phase[0]) + has_phase(res, q->phase[1]) +
                     has_phase(res, q->phase[2]) >=
                 2;
        for (size_t k = 0; ok && k < res->n_phases; k++) {
            size_t ph = res->phases[k].phase;
            ok = ph == p->liquid || ph == q->phase[0] || ph == q->phase[1] || ph == q->phase[2];
        }
        size_t near = 0, joined = 0;
        for (size_t l = 0; l < p->n_lines; l++) {
            const lq_liquidus_projection_line *L = &p->lines[l];
            int in0 = L->phase[0] == q->phase[0] || L->phase[0] == q->phase[1] ||
                      L->phase[0] == q->phase[2];
            int in1 = L->phase[1] == q->phase[0] || L->phase[1] == q->phase[1] ||
                      L->phase[1] == q->phase[2];
            near += (size_t)(in0 && in1 && end_dist(p, L, q->x) < 3.0 * h);
            /* joined: the line ends exactly at the invariant (its point, T and composition) */
            for (int e = 0; in0 && in1 && e < 2; e++) {
                const lq_liquidus_projection_point *u = &p->points[L->first + (e ? L->n - 1 : 0)];
                joined += (size_t)(u->T == q->T && u->x[0] == q->x[0] && u->x[1] == q->x[1] &&
                                   u->x[2] == q->x[2]);
            }
        }
        /* three univariant lines meet at each of these invariants (Cr-Fe-Nb, grid 10) */
        bad_inv += (size_t)(!ok || near < 2 || joined < 3);
        joined_all += joined;
    }
    LQ_CHECK(bad_pts == 0);
    LQ_CHECK(bad_inv == 0);
    printf(
        "Cr-Fe-Nb liquidus projection (grid 10): %zu lines, %zu points, %zu invariants, %zu "
        "equilibria; %zu points and %zu invariants inconsistent with fixed equilibria; the "
        "points lie on both liquidus surfaces to %.2g K; %zu line ends joined to invariants\n",
        p->n_lines, p->n_points, p->n_invariants, p->n_equilibria, bad_pts, bad_inv, dTmax,
        joined_all);
done:
    lq_liquidus_projection_free(p);
    lq_eq_result_free(res);
    lq_eq_ws_free(ws);
    lq_system_free(sys);
    lq_db_free(db);
}

void test_projection_errors(void) {
    lq_liquidus_projection_options o;
    lq_liquidus_projection_options_default(&o);
    lq_liquidus_projection_options_default(NULL);
    lq_liquidus_projection *p = NULL;
    LQ_CHECK_STATUS(lq_liquidus_projection_compute(NULL, &o, &p, NULL), LQ_EINVAL);
    LQ_CHECK(p == NULL);
    char path[1024];
    lq_test_source_path("data/tdb/BiNd.tdb", path, sizeof path);
    lq_db *db = NULL;
    lq_system *sys = NULL;
    lq_eq_ws *ws = NULL;
    lq_diag d;
    const char *comps[2] = {"BI", "ND"};
    LQ_CHECK_STATUS(lq_db_read_file(path, &db, &d), LQ_OK);
    if (db) LQ_CHECK_STATUS(lq_system_create(db, comps, 2, NULL, 0, &sys, &d), LQ_OK);
    if (sys) LQ_CHECK_STATUS(lq_eq_ws_alloc(sys, NULL, &ws, &d), LQ_OK);
    LQ_CHECK_STATUS(lq_liquidus_projection_compute(ws, &o, &p, &d), LQ_EINVAL); /* binary */
    LQ_CHECK(p == NULL);
    lq_liquidus_projection_free(NULL);
    lq_eq_ws_free(ws);
    lq_system_free(sys);
    lq_db_free(db);
}
