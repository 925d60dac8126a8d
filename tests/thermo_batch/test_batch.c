/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lq_eq_batch_run: conversions of the conditions checked on an ideal ternary (closed forms), the
 * Bi-Nd batch against single solves and across thread counts, impossible points, errors. */
#include <math.h>
#include <string.h>

#include "core/core_internal.h"
#include "liquidus/core.h"
#include "liquidus/thermo.h"
#include "liquidus/units.h"
#include "lq_test.h"

void test_batch_ideal(void);
void test_batch_bind(void);
void test_batch_bad_points(void);
void test_batch_errors(void);
void test_batch_zero_phase(void);

/* An ideal liquid of Bi, Nd and Fe with G of the pure liquids a + b T: every equilibrium is that
 * liquid at the overall composition, mu_i = G_i + RT ln x_i (exact, for the conversions). */
static const char *IDEAL_TDB =
    "ELEMENT VA VACUUM 0 0 0 !\n"
    "ELEMENT BI LIQUID 208.98 0 0 !\n"
    "ELEMENT ND LIQUID 144.24 0 0 !\n"
    "ELEMENT FE LIQUID 55.845 0 0 !\n"
    "TYPE_DEFINITION % SEQ * !\n"
    "PHASE LIQUID % 1 1 !\n"
    "CONSTITUENT LIQUID :BI,ND,FE: !\n"
    "PARAMETER G(LIQUID,BI;0) 1 -1000-10*T; 6000 N !\n"
    "PARAMETER G(LIQUID,ND;0) 1 -2000-20*T; 6000 N !\n"
    "PARAMETER G(LIQUID,FE;0) 1 -3000-30*T; 6000 N !\n";

static double g_pure(size_t c, double T) { return -1000.0 * (double)(c + 1) * (1.0 + T / 100.0); }

/* IUPAC 2021 masses of Bi, Nd, Fe (the library's element table). */
static double mass(const char *sym) {
    lq_element e;
    return lq_element_find(sym, &e) == LQ_OK ? e.mass_g_per_mol : (double)NAN;
}

static lq_eq_points *points(const char *csv) {
    lq_eq_points *p = NULL;
    LQ_CHECK_STATUS(lq_eq_points_read_string(csv, strlen(csv), "t.csv", &p, NULL), LQ_OK);
    return p;
}

void test_batch_ideal(void) {
    lq_db *db = NULL;
    lq_system *sys = NULL;
    const char *comps[3] = {"BI", "ND", "FE"};
    LQ_CHECK_STATUS(lq_db_read_string(IDEAL_TDB, "ideal.tdb", &db, NULL), LQ_OK);
    if (!db) return;
    LQ_CHECK_STATUS(lq_system_create(db, comps, 3, NULL, 0, &sys, NULL), LQ_OK);
    const double M[3] = {mass("Bi"), mass("Nd"), mass("Fe")};
    /* rows: mole fractions; mixed mole and mass fractions; amounts; amounts with N; all mass
     * fractions; a pure component; an edge (FE absent) */
    lq_eq_points *p = points(
        "T,X(ND),X(FE),W(ND),W(FE),W(BI),N(BI),N(ND),N(FE),N\n"
        "800,0.2,0.3,,,,,,,\n"
        "900,0.2,,,0.1,,,,,\n"
        "1000,,,,,,1,2,3,\n"
        "1100,,0.25,,,,,1,,4\n"
        "1200,,,0.3,0.2,0.5,,,,\n"
        "1300,0,0,,,,,,,\n"
        "1400,0.4,0,,,,,,,\n");
    lq_eq_batch_result *r = NULL;
    lq_eq_batch_options o;
    lq_eq_batch_options_default(&o);
    lq_diag d;
    if (p && sys) LQ_CHECK_STATUS(lq_eq_batch_run(db, sys, p, &o, &r, &d), LQ_OK);
    if (r) {
        LQ_CHECK(r->n_points == 7 && r->n_failed == 0 && r->ncomp == 3);
        double want[7][3];
        /* row 1: x(BI) = 1 - 0.2 - x(FE) with x(FE) from w(FE) = 0.1: check w back (below) */
        const double x0[3] = {0.5, 0.2, 0.3}, x2[3] = {1.0 / 6, 2.0 / 6, 3.0 / 6};
        const double x3[3] = {0.5, 0.25, 0.25}, x5[3] = {1, 0, 0}, x6[3] = {0.6, 0.4, 0};
        double s4 = 0.5 / M[0] + 0.3 / M[1] + 0.2 / M[2];
        const double x4[3] = {0.5 / M[0] / s4, 0.3 / M[1] / s4, 0.2 / M[2] / s4};
        memcpy(want[0], x0, sizeof x0);
        memcpy(want[2], x2, sizeof x2);
        memcpy(want[3], x3, sizeof x3);
        memcpy(want[4], x4, sizeof x4);
        memcpy(want[5], x5, sizeof x5);
        memcpy(want[6], x6, sizeof x6);
        /* conversions are closed forms: 1e-14 (a few roundings) */
        for (size_t i = 0; i < 7; i++)
            for (size_t c = 0; c < 3 && i != 1; c++)
                LQ_CHECK_CLOSE(r->x[i * 3 + c], want[i][c], 0, 1e-14);
        double mbar = r->x[3] * M[0] + r->x[4] * M[1] + r->x[5] * M[2];
        LQ_CHECK_CLOSE(r->x[4], 0.2, 0, 1e-15);
        LQ_CHECK_CLOSE(r->x[5] * M[2] / mbar, 0.1, 1e-14, 0);
        LQ_CHECK(r->N[2] == 6.0 && r->N[3] == 4.0 && r->N[0] == 1.0);
        /* the ideal liquid: mu_i = G_i + RT ln x_i; Newton converges to 1e-12 of RT, so 1e-6 J/mol
         * (RT ~ 1e4 J/mol) holds with margin; absent components have mu = -inf */
        for (size_t i = 0; i < 7; i++) {
            double T = r->T[i];
            LQ_CHECK(r->n_sets[i] == 1 && r->amount[i * r->n_phases] > 0.999999);
            for (size_t c = 0; c < 3; c++) {
                double x = r->x[i * 3 + c];
                if (x > 0)
                    LQ_CHECK_CLOSE(r->mu[i * 3 + c],
                                   g_pure(c, T) + LQ_GAS_CONSTANT_J_PER_MOL_K * T * log(x), 0,
                                   1e-6);
                else
                    LQ_CHECK(r->mu[i * 3 + c] == -HUGE_VAL);
            }
        }
        /* pure Bi: G is the pure liquid's */
        LQ_CHECK_CLOSE(r->G[5], g_pure(0, 1300.0), 0, 1e-6);
        LQ_CHECK(r->set_x[5 * r->max_sets * 3] == 1.0);
    }
    lq_eq_batch_result_free(r);
    lq_eq_points_free(p);
    /* invalid mixtures: N(EL) of some components without N, both X and W of one component,
     * mole and mass fractions of every component, two components without a condition */
    p = points(
        "T,X(ND),W(ND),N(FE),X(FE),W(BI)\n"
        "900,,,1,,\n"
        "900,0.1,0.1,,,\n"
        "900,0.1,,,0.2,0.7\n"
        "900,0.1,,,,\n"
        "900,,0.9,,0.6,\n");
    r = NULL;
    if (p && sys) LQ_CHECK_STATUS(lq_eq_batch_run(db, sys, p, NULL, &r, NULL), LQ_OK);
    if (r) {
        LQ_CHECK(r->n_failed == 5 && r->n_invalid == 5);
        for (size_t i = 0; i < 4; i++) LQ_CHECK(r->status[i] == LQ_EINVAL);
        LQ_CHECK(r->status[4] == LQ_EDOM && strstr(r->message[4], "more than 1"));
        LQ_CHECK(strstr(r->message[0], "point 0 (line 2)") && strstr(r->message[0], "N(EL)"));
        LQ_CHECK(isnan(r->G[0]) && r->n_sets[0] == 0);
    }
    lq_eq_batch_result_free(r);
    lq_eq_points_free(p);
    /* masses: B(EL) of every component (x from moles B/M, N their sum); B with B(EL) and W
     * (mass fractions, then the closed form), N = B / mean molar mass */
    p = points(
        "T,B(BI),B(ND),B(FE),B,W(FE)\n"
        "900,41.796,14.424,5.5845,,\n"
        "900,,30,,100,0.2\n"
        "900,,30,,,0.2\n"
        "900,,150,,100,\n");
    r = NULL;
    if (p && sys) LQ_CHECK_STATUS(lq_eq_batch_run(db, sys, p, NULL, &r, NULL), LQ_OK);
    if (r) {
        double n[3] = {41.796 / M[0], 14.424 / M[1], 5.5845 / M[2]};
        double sn = n[0] + n[1] + n[2];
        for (size_t c = 0; c < 3; c++) LQ_CHECK_CLOSE(r->x[c], n[c] / sn, 0, 1e-14);
        LQ_CHECK_CLOSE(r->N[0], sn, 1e-14, 0);
        /* w back from x: 0.3, 0.2, 0.5; N = B / sum x M */
        const double *x = r->x + 3;
        double mb = x[0] * M[0] + x[1] * M[1] + x[2] * M[2];
        LQ_CHECK_CLOSE(x[1] * M[1] / mb, 0.3, 1e-14, 0);
        LQ_CHECK_CLOSE(x[2] * M[2] / mb, 0.2, 1e-14, 0);
        LQ_CHECK_CLOSE(r->N[1], 100.0 / mb, 1e-14, 0);
        LQ_CHECK(r->status[1] == LQ_OK && r->status[2] == LQ_EINVAL && r->status[3] == LQ_EDOM);
        LQ_CHECK(strstr(r->message[2], "needs B") && strstr(r->message[3], "more than B"));
    }
    lq_eq_batch_result_free(r);
    lq_eq_points_free(p);
    /* without the database a point with a component at zero cannot be solved (others can) */
    p = points("T,X(ND),X(FE)\n900,0.5,0\n900,0.5,0.2\n");
    r = NULL;
    if (p && sys) LQ_CHECK_STATUS(lq_eq_batch_run(NULL, sys, p, NULL, &r, NULL), LQ_OK);
    LQ_CHECK(r && r->status[0] == LQ_EDOM && r->status[1] == LQ_OK);
    lq_eq_batch_result_free(r);
    lq_eq_points_free(p);
    lq_system_free(sys);
    lq_db_free(db);
}

typedef struct bind {
    lq_db *db;
    lq_system *sys;
} bind;

static int bind_open(bind *b) {
    char path[1024];
    lq_test_source_path("data/tdb/BiNd.tdb", path, sizeof path);
    const char *comps[2] = {"BI", "ND"};
    memset(b, 0, sizeof *b);
    LQ_CHECK_STATUS(lq_db_read_file(path, &b->db, NULL), LQ_OK);
    if (b->db) LQ_CHECK_STATUS(lq_system_create(b->db, comps, 2, NULL, 0, &b->sys, NULL), LQ_OK);
    return b->sys ? 0 : -1;
}

static void bind_close(bind *b) {
    lq_system_free(b->sys);
    lq_db_free(b->db);
}

/* 1 when two results hold the same bits in every array (NaN equal to NaN). */
static int same_bits(const lq_eq_batch_result *a, const lq_eq_batch_result *b) {
    size_t n = a->n_points, nc = a->ncomp, ms = a->max_sets;
    return n == b->n_points && !memcmp(a->status, b->status, n * sizeof *a->status) &&
           !memcmp(a->x, b->x, n * nc * sizeof(double)) &&
           !memcmp(a->mu, b->mu, n * nc * sizeof(double)) &&
           !memcmp(a->G, b->G, n * sizeof(double)) && !memcmp(a->Cp, b->Cp, n * sizeof(double)) &&
           !memcmp(a->amount, b->amount, n * a->n_phases * sizeof(double)) &&
           !memcmp(a->n_sets, b->n_sets, n * sizeof(size_t)) &&
           !memcmp(a->set_x, b->set_x, n * ms * nc * sizeof(double));
}

void test_batch_bind(void) {
    bind b;
    if (bind_open(&b)) return;
    lq_eq_points *p = NULL;
    LQ_CHECK_STATUS(lq_eq_points_grid("T=500:1500:100,X(ND)=0:1:0.05", &p, NULL), LQ_OK);
    lq_eq_batch_options o;
    lq_eq_batch_options_default(&o);
    o.chunk = 7; /* chunks that cut across temperatures */
    lq_eq_batch_result *r[3] = {NULL, NULL, NULL};
    int threads[3] = {1, 2, 3};
    for (size_t k = 0; k < 3 && p; k++) {
        o.n_threads = threads[k];
        LQ_CHECK_STATUS(lq_eq_batch_run(b.db, b.sys, p, &o, &r[k], NULL), LQ_OK);
    }
    /* the same bits whatever the number of threads */
    if (r[0] && r[1] && r[2]) {
        LQ_CHECK(r[0]->n_failed == 0 && r[0]->n_points == 11 * 21);
        LQ_CHECK(same_bits(r[0], r[1]) && same_bits(r[0], r[2]));
        LQ_CHECK(r[1]->n_threads == 2);
    }
    /* every point against a cold single solve: same phases; G to 1e-6 J/mol and amounts to 1e-8
     * (both converged to the solver's 1e-12 scaled residual, from different starts) */
    lq_eq_ws *ws = NULL;
    lq_eq_result *e = NULL;
    LQ_CHECK_STATUS(lq_eq_ws_alloc(b.sys, NULL, &ws, NULL), LQ_OK);
    if (ws) LQ_CHECK_STATUS(lq_eq_result_alloc(ws, &e), LQ_OK);
    size_t np = lq_system_phase_count(b.sys), mism = 0;
    for (size_t i = 0; r[0] && e && i < r[0]->n_points; i++) {
        double x[2] = {r[0]->x[2 * i], r[0]->x[2 * i + 1]};
        if (x[0] == 0.0 || x[1] == 0.0) {
            /* pure component: one phase, G of the stable pure state */
            size_t c = x[0] == 0.0 ? 1 : 0, ph;
            double Gref;
            LQ_CHECK_STATUS(lq_eq_reference_stable(ws, r[0]->T[i], c, &ph, &Gref, NULL), LQ_OK);
            LQ_CHECK_CLOSE(r[0]->G[i], Gref, 0, 1e-6);
            LQ_CHECK(r[0]->n_sets[i] == 1 && r[0]->set_phase[i * r[0]->max_sets] == ph);
            continue;
        }
        if (lq_eq_solve(ws, r[0]->T[i], x, 2, e, NULL) != LQ_OK) {
            LQ_FAIL("single solve failed");
            continue;
        }
        LQ_CHECK_CLOSE(r[0]->G[i], e->G, 0, 1e-6);
        double a[64] = {0};
        for (size_t k = 0; k < e->n_phases; k++) a[e->phases[k].phase] += e->phases[k].amount;
        for (size_t ph = 0; ph < np; ph++) mism += fabs(a[ph] - r[0]->amount[i * np + ph]) > 1e-8;
    }
    LQ_CHECK(mism == 0);
    /* warm starts off: the same equilibria */
    o.warm_start = 0;
    o.n_threads = 1;
    lq_eq_batch_result *cold = NULL;
    if (p) LQ_CHECK_STATUS(lq_eq_batch_run(b.db, b.sys, p, &o, &cold, NULL), LQ_OK);
    for (size_t i = 0; cold && r[0] && i < cold->n_points; i++)
        LQ_CHECK_CLOSE(cold->G[i], r[0]->G[i], 0, 1e-6);
    lq_eq_batch_result_free(cold);
    for (size_t k = 0; k < 3; k++) lq_eq_batch_result_free(r[k]);
    lq_eq_result_free(e);
    lq_eq_ws_free(ws);
    lq_eq_points_free(p);
    bind_close(&b);
}

/* Done-when 4 of issue 14: x > 1, T <= 0 and a component missing from the database are reported
 * with their index; the good points are still solved. */
void test_batch_bad_points(void) {
    bind b;
    if (bind_open(&b)) return;
    lq_eq_points *p = points(
        "T,X(ND),X(FE),P\n"
        "900,0.1,,\n"
        "900,1.5,,\n"
        "0,0.1,,\n"
        "-20,0.1,,\n"
        "900,0.1,0.2,\n"
        "900,0.1,0,\n"
        ",0.1,,\n"
        "900,0.1,,-1\n"
        "900,-0.1,,\n"
        "1000,0.3,,2e5\n");
    lq_eq_batch_result *r = NULL;
    if (p) LQ_CHECK_STATUS(lq_eq_batch_run(b.db, b.sys, p, NULL, &r, NULL), LQ_OK);
    if (r) {
        const lq_status want[10] = {LQ_OK, LQ_EDOM,   LQ_EDOM, LQ_EDOM, LQ_ENOTFOUND,
                                    LQ_OK, LQ_EINVAL, LQ_EDOM, LQ_EDOM, LQ_OK};
        for (size_t i = 0; i < 10; i++) LQ_CHECK_STATUS(r->status[i], want[i]);
        LQ_CHECK(r->n_failed == 7 && r->n_invalid == 7);
        LQ_CHECK(strstr(r->message[1], "point 1 (line 3)") && strstr(r->message[1], "1.5"));
        LQ_CHECK(strstr(r->message[2], "point 2") && strstr(r->message[2], "T = 0"));
        LQ_CHECK(strstr(r->message[4], "FE is not in the database"));
        /* good points: a value of 0 for a component outside the system is no condition */
        LQ_CHECK(r->n_sets[0] == 2 && r->n_sets[5] == 2);
        LQ_CHECK_CLOSE(r->G[5], r->G[0], 0, 1e-6);
        LQ_CHECK(r->P[9] == 2e5 && r->T[9] == 1000.0);
    }
    lq_eq_batch_result_free(r);
    lq_eq_points_free(p);
    bind_close(&b);
}

/* A phase held at zero with T or x free at every point: the single solves, point by point. */
void test_batch_zero_phase(void) {
    bind b;
    if (bind_open(&b)) return;
    size_t liq, nb2;
    LQ_CHECK_STATUS(lq_system_phase_find(b.sys, "LIQUID", &liq), LQ_OK);
    LQ_CHECK_STATUS(lq_system_phase_find(b.sys, "NDBI2", &nb2), LQ_OK);
    lq_eq_ws *ws = NULL;
    lq_eq_result *e = NULL;
    LQ_CHECK_STATUS(lq_eq_ws_alloc(b.sys, NULL, &ws, NULL), LQ_OK);
    if (ws) LQ_CHECK_STATUS(lq_eq_result_alloc(ws, &e), LQ_OK);
    lq_eq_points *p = NULL;
    lq_eq_batch_options o;
    lq_eq_batch_options_default(&o);
    /* x(Nd) free, NdBi2 at zero: the liquidus of NdBi2 (873 K inside its range, 773 K not) */
    LQ_CHECK_STATUS(lq_eq_points_grid("T=773:923:50,X(ND)=0.01", &p, NULL), LQ_OK);
    o.zero_phase = nb2;
    o.free_var = 1;
    lq_eq_batch_result *r = NULL;
    if (p && e) LQ_CHECK_STATUS(lq_eq_batch_run(b.db, b.sys, p, &o, &r, NULL), LQ_OK);
    for (size_t i = 0; r && i < r->n_points; i++) {
        double x[2] = {0.99, 0.01};
        lq_status st = lq_eq_solve_x(ws, r->T[i] > 0 ? r->T[i] : 773.0, x, 2, 1, nb2, e, NULL);
        LQ_CHECK_STATUS(r->status[i], st);
        /* the same solve from the same start: 1e-12 of x */
        if (st == LQ_OK) LQ_CHECK_CLOSE(r->x[2 * i + 1], e->x[1], 0, 1e-12);
    }
    LQ_CHECK(r && r->status[0] != LQ_OK && r->status[2] == LQ_OK);
    if (r && r->status[2] == LQ_OK) LQ_CHECK_CLOSE(r->x[5], 0.0153853102, 0, 1e-9);
    lq_eq_batch_result_free(r);
    lq_eq_points_free(p);
    /* T free, LIQUID at zero: pure Bi (a unary subsystem) melts at 544.55 K (SGTE), and the
     * Bi-rich alloys at the degenerate eutectic next to it (docs/equilibrium.md, 1e-3 K) */
    p = NULL;
    r = NULL;
    o.zero_phase = liq;
    o.free_var = LQ_EQ_BATCH_FREE_T;
    LQ_CHECK_STATUS(lq_eq_points_grid("X(ND)=0,0.05,T=600", &p, NULL), LQ_OK);
    if (p) LQ_CHECK_STATUS(lq_eq_batch_run(b.db, b.sys, p, &o, &r, NULL), LQ_OK);
    if (r) {
        LQ_CHECK(r->n_failed == 0);
        LQ_CHECK_CLOSE(r->T[0], 544.55, 0, 1e-3);
        LQ_CHECK_CLOSE(r->T[1], 544.55, 0, 1e-3);
    }
    lq_eq_batch_result_free(r);
    lq_eq_points_free(p);
    o.zero_phase = 999;
    p = NULL;
    r = NULL;
    LQ_CHECK_STATUS(lq_eq_points_grid("T=600,X(ND)=0.1", &p, NULL), LQ_OK);
    if (p) LQ_CHECK_STATUS(lq_eq_batch_run(b.db, b.sys, p, &o, &r, NULL), LQ_EINVAL);
    lq_eq_points_free(p);
    lq_eq_result_free(e);
    lq_eq_ws_free(ws);
    bind_close(&b);
}

void test_batch_errors(void) {
    bind b;
    if (bind_open(&b)) return;
    lq_eq_points *p = NULL;
    LQ_CHECK_STATUS(lq_eq_points_grid("T=800:1000:100,X(ND)=0:0.5:0.25", &p, NULL), LQ_OK);
    lq_eq_batch_result *r = NULL;
    lq_eq_batch_options o;
    lq_eq_batch_options_default(&o);
    LQ_CHECK_STATUS(lq_eq_batch_run(b.db, NULL, p, &o, &r, NULL), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_eq_batch_run(b.db, b.sys, NULL, &o, &r, NULL), LQ_EINVAL);
    o.chunk = 0;
    LQ_CHECK_STATUS(lq_eq_batch_run(b.db, b.sys, p, &o, &r, NULL), LQ_EINVAL);
    o.chunk = 4;
    o.n_threads = -1;
    LQ_CHECK_STATUS(lq_eq_batch_run(b.db, b.sys, p, &o, &r, NULL), LQ_EINVAL);
    o.n_threads = 1;
    LQ_CHECK(r == NULL);
    /* allocation failures: ENOMEM (nothing leaks: ASan) or, once enough succeed, LQ_OK; a point
     * may then fail with ENOMEM inside (a workspace), which is its status */
    lq_status st = LQ_ENOMEM;
    int only_known = 1;
    for (long k = 0; k < 2000 && st != LQ_OK; k++) {
        lqi_alloc_fail_after(k);
        st = p ? lq_eq_batch_run(b.db, b.sys, p, &o, &r, NULL) : LQ_OK;
        lqi_alloc_fail_after(-1);
        only_known &= st == LQ_OK || st == LQ_ENOMEM;
        if (st == LQ_OK) {
            for (size_t i = 0; i < r->n_points; i++)
                only_known &= r->status[i] == LQ_OK || r->status[i] == LQ_ENOMEM;
            lq_eq_batch_result_free(r);
        }
    }
    LQ_CHECK(only_known && st == LQ_OK);
    lq_eq_batch_result_free(NULL);
    lq_eq_points_free(p);
    bind_close(&b);
}
