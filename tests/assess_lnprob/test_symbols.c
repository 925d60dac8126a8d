/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Symbols set by value give what reading the database with those values gives. */
#include <math.h>
#include <stddef.h>
#include <string.h>

#include "fixture.h"
#include "liquidus/thermo.h"
#include "lq_test.h"

void test_symbols_vs_reread(void);
void test_symbols_equilibrium(void);
void test_symbols_errors(void);
void test_symbols_tp_cache(void);

static const char *const names[] = {"VV0000", "vv0001", "VV0002"};
static const char *const comps[] = {"A", "B"};

static lq_db *fixture(double v0, double v1, double v2) {
    char text[4096];
    lq_fixture_tdb(text, sizeof text, v0, v1, v2);
    lq_db *db = NULL;
    LQ_CHECK_STATUS(lq_db_read_string(text, "fixture", &db, NULL), LQ_OK);
    return db;
}

/* Compares every output of lq_phase_evaluate of two workspaces. Rounding only: 1e-12 relative
 * (the same expressions evaluated in the same order, except that a symbol's constant arrives
 * through the function cache rather than from the compiled form). */
static void compare_phase(lq_thermo_ws *a, lq_thermo_ws *b, size_t phase, const double *y,
                          size_t n) {
    double ga[2], gb[2], ha[4], hb[4], ta[2], tb[2];
    lq_phase_eval ea = {0, 0, 0, ga, ha, ta}, eb = {0, 0, 0, gb, hb, tb};
    LQ_CHECK_STATUS(lq_phase_evaluate(a, phase, y, LQ_EVAL_ALL, &ea), LQ_OK);
    LQ_CHECK_STATUS(lq_phase_evaluate(b, phase, y, LQ_EVAL_ALL, &eb), LQ_OK);
    LQ_CHECK_CLOSE(ea.G, eb.G, 1e-12, 1e-9);
    LQ_CHECK_CLOSE(ea.dG_dT, eb.dG_dT, 1e-12, 1e-12);
    LQ_CHECK_CLOSE(ea.d2G_dT2, eb.d2G_dT2, 1e-12, 1e-15);
    for (size_t i = 0; i < n; i++) {
        LQ_CHECK_CLOSE(ga[i], gb[i], 1e-12, 1e-9);
        LQ_CHECK_CLOSE(ta[i], tb[i], 1e-12, 1e-12);
        for (size_t j = 0; j < n; j++) LQ_CHECK_CLOSE(ha[i * n + j], hb[i * n + j], 1e-12, 1e-9);
    }
}

void test_symbols_vs_reread(void) {
    const double v_new[3] = {-7000.0, -15000.0, 3.5};
    lq_db *db0 = fixture(-5000.0, -20000.0, 2.0), *db1 = fixture(v_new[0], v_new[1], v_new[2]);
    lq_system *s0 = NULL, *s1 = NULL;
    lq_thermo_ws *w0 = NULL, *w1 = NULL;
    LQ_CHECK_STATUS(lq_system_create(db0, comps, 2, NULL, 0, &s0, NULL), LQ_OK);
    LQ_CHECK_STATUS(lq_system_create(db1, comps, 2, NULL, 0, &s1, NULL), LQ_OK);
    LQ_CHECK_STATUS(lq_thermo_ws_alloc(s0, &w0), LQ_OK);
    LQ_CHECK_STATUS(lq_thermo_ws_alloc(s1, &w1), LQ_OK);
    size_t idx[3], liq, ab;
    LQ_CHECK_STATUS(lq_system_symbols_find(s0, names, 3, idx), LQ_OK);
    LQ_CHECK_STATUS(lq_system_phase_find(s0, "LIQUID", &liq), LQ_OK);
    LQ_CHECK_STATUS(lq_system_phase_find(s0, "AB", &ab), LQ_OK);
    const double y_liq[2] = {0.3, 0.7}, y_ab[2] = {1.0, 1.0};
    const double Ts[3] = {800.0, 1200.0, 800.0};
    for (int k = 0; k < 3; k++) {
        /* the (T, P) cache must not keep the old values: set at T, change the symbols, same T */
        LQ_CHECK_STATUS(lq_thermo_ws_set_TP(w0, Ts[k], 101325.0), LQ_OK);
        LQ_CHECK_STATUS(lq_thermo_ws_set_symbols(w0, idx, v_new, 3), LQ_OK);
        LQ_CHECK_STATUS(lq_thermo_ws_set_TP(w0, Ts[k], 101325.0), LQ_OK);
        LQ_CHECK_STATUS(lq_thermo_ws_set_TP(w1, Ts[k], 101325.0), LQ_OK);
        compare_phase(w0, w1, liq, y_liq, 2);
        compare_phase(w0, w1, ab, y_ab, 2);
    }
    /* back to the database's values: the L0 of the fixture at 1000 K, closed form */
    LQ_CHECK_STATUS(lq_thermo_ws_clear_symbols(w0), LQ_OK);
    LQ_CHECK_STATUS(lq_thermo_ws_set_TP(w0, 1000.0, 101325.0), LQ_OK);
    const double y5[2] = {0.5, 0.5};
    lq_phase_eval e = {0, 0, 0, NULL, NULL, NULL};
    LQ_CHECK_STATUS(lq_phase_evaluate(w0, liq, y5, LQ_EVAL_G, &e), LQ_OK);
    double want = 8.314462618153240 * 1000.0 * log(0.5) + 0.25 * (-5000.0 + 2.0 * 1000.0);
    LQ_CHECK_CLOSE(e.G, want, 1e-13, 1e-9);
    lq_thermo_ws_free(w0);
    lq_thermo_ws_free(w1);
    lq_system_free(s0);
    lq_system_free(s1);
    lq_db_free(db0);
    lq_db_free(db1);
}

void test_symbols_equilibrium(void) {
    const double v_new[3] = {-9000.0, -16000.0, 1.0};
    lq_db *db0 = fixture(-5000.0, -20000.0, 2.0), *db1 = fixture(v_new[0], v_new[1], v_new[2]);
    lq_system *s0 = NULL, *s1 = NULL;
    lq_eq_ws *e0 = NULL, *e1 = NULL;
    lq_eq_result *r0 = NULL, *r1 = NULL;
    LQ_CHECK_STATUS(lq_system_create(db0, comps, 2, NULL, 0, &s0, NULL), LQ_OK);
    LQ_CHECK_STATUS(lq_system_create(db1, comps, 2, NULL, 0, &s1, NULL), LQ_OK);
    LQ_CHECK_STATUS(lq_eq_ws_alloc(s0, NULL, &e0, NULL), LQ_OK);
    LQ_CHECK_STATUS(lq_eq_ws_alloc(s1, NULL, &e1, NULL), LQ_OK);
    LQ_CHECK_STATUS(lq_eq_result_alloc(e0, &r0), LQ_OK);
    LQ_CHECK_STATUS(lq_eq_result_alloc(e1, &r1), LQ_OK);
    size_t idx[3];
    LQ_CHECK_STATUS(lq_system_symbols_find(s0, names, 3, idx), LQ_OK);
    const double x[2] = {0.6, 0.4};
    /* solve first with the old values at the same T, so that cached sample energies exist */
    LQ_CHECK_STATUS(lq_eq_solve(e0, 900.0, x, 2, r0, NULL), LQ_OK);
    LQ_CHECK_STATUS(lq_eq_ws_set_symbols(e0, idx, v_new, 3), LQ_OK);
    LQ_CHECK_STATUS(lq_eq_solve(e0, 900.0, x, 2, r0, NULL), LQ_OK);
    LQ_CHECK_STATUS(lq_eq_solve(e1, 900.0, x, 2, r1, NULL), LQ_OK);
    LQ_CHECK(r0->n_phases == r1->n_phases);
    /* both converge to the solver tolerance (1e-12 scaled residual) on the same problem */
    for (size_t c = 0; c < 2; c++) LQ_CHECK_CLOSE(r0->mu[c], r1->mu[c], 1e-9, 1e-6);
    LQ_CHECK_CLOSE(r0->G, r1->G, 1e-9, 1e-6);
    lq_eq_result_free(r0);
    lq_eq_result_free(r1);
    lq_eq_ws_free(e0);
    lq_eq_ws_free(e1);
    lq_system_free(s0);
    lq_system_free(s1);
    lq_db_free(db0);
    lq_db_free(db1);
}

void test_symbols_errors(void) {
    lq_db *db = fixture(-5000.0, -20000.0, 2.0);
    lq_system *s = NULL;
    lq_thermo_ws *w = NULL;
    LQ_CHECK_STATUS(lq_system_create(db, comps, 2, NULL, 0, &s, NULL), LQ_OK);
    LQ_CHECK_STATUS(lq_thermo_ws_alloc(s, &w), LQ_OK);
    size_t idx[3];
    const char *bad[] = {"VV0000", "VV9999"};
    LQ_CHECK_STATUS(lq_system_symbols_find(s, bad, 2, idx), LQ_ENOTFOUND);
    LQ_CHECK_STATUS(lq_system_symbols_find(NULL, names, 3, idx), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_system_symbols_find(s, names, 3, NULL), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_system_symbols_find(s, names, 3, idx), LQ_OK);
    double v[3] = {1.0, (double)NAN, 2.0};
    LQ_CHECK_STATUS(lq_thermo_ws_set_symbols(w, idx, v, 3), LQ_EDOM);
    size_t far = 1000000;
    LQ_CHECK_STATUS(lq_thermo_ws_set_symbols(w, &far, v, 1), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_thermo_ws_set_symbols(NULL, idx, v, 1), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_thermo_ws_clear_symbols(NULL), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_eq_ws_set_symbols(NULL, idx, v, 1), LQ_EINVAL);
    lq_thermo_ws_free(w);
    lq_system_free(s);
    lq_db_free(db);
}

/* The functions no symbol reaches are kept per (T, P) while symbols are set by value (tfunc.c):
 * a (T, P) visited again gives the same bits, and setting one more symbol at a cached (T, P)
 * (VV0001, which the AB parameter calls and which was cached from its expression) takes the new
 * value, as reading the database with it does. */
void test_symbols_tp_cache(void) {
    lq_db *db0 = fixture(-5000.0, -20000.0, 2.0), *db1 = fixture(-7000.0, -15000.0, 2.0);
    lq_system *s0 = NULL, *s1 = NULL;
    lq_thermo_ws *w0 = NULL, *w1 = NULL;
    LQ_CHECK_STATUS(lq_system_create(db0, comps, 2, NULL, 0, &s0, NULL), LQ_OK);
    LQ_CHECK_STATUS(lq_system_create(db1, comps, 2, NULL, 0, &s1, NULL), LQ_OK);
    LQ_CHECK_STATUS(lq_thermo_ws_alloc(s0, &w0), LQ_OK);
    LQ_CHECK_STATUS(lq_thermo_ws_alloc(s1, &w1), LQ_OK);
    size_t idx[3], liq, ab;
    LQ_CHECK_STATUS(lq_system_symbols_find(s0, names, 3, idx), LQ_OK);
    LQ_CHECK_STATUS(lq_system_phase_find(s0, "LIQUID", &liq), LQ_OK);
    LQ_CHECK_STATUS(lq_system_phase_find(s0, "AB", &ab), LQ_OK);
    const double y_liq[2] = {0.3, 0.7}, y_ab[2] = {1.0, 1.0};
    double va = -7000.0, vb = -6000.0, g[4];
    lq_phase_eval e = {0, 0, 0, NULL, NULL, NULL};
    /* VV0000 alone by value: at 800 K twice, 1200 K between with another value */
    for (int k = 0; k < 3; k++) {
        LQ_CHECK_STATUS(lq_thermo_ws_set_symbols(w0, idx, k == 1 ? &vb : &va, 1), LQ_OK);
        LQ_CHECK_STATUS(lq_thermo_ws_set_TP(w0, k == 1 ? 1200.0 : 800.0, 101325.0), LQ_OK);
        LQ_CHECK_STATUS(lq_phase_evaluate(w0, liq, y_liq, LQ_EVAL_G | LQ_EVAL_DT, &e), LQ_OK);
        if (k != 1) g[k] = e.G, g[k + 1] = e.dG_dT;
    }
    LQ_CHECK(memcmp(&g[0], &g[2], sizeof g[0]) == 0 && memcmp(&g[1], &g[3], sizeof g[1]) == 0);
    /* then VV0001 too, at the cached 800 K: AB's G takes it (the reread database's) */
    const double v01[2] = {-7000.0, -15000.0};
    LQ_CHECK_STATUS(lq_thermo_ws_set_symbols(w0, idx, v01, 2), LQ_OK);
    LQ_CHECK_STATUS(lq_thermo_ws_set_TP(w0, 800.0, 101325.0), LQ_OK);
    LQ_CHECK_STATUS(lq_thermo_ws_set_TP(w1, 800.0, 101325.0), LQ_OK);
    compare_phase(w0, w1, ab, y_ab, 2);
    compare_phase(w0, w1, liq, y_liq, 2);
    /* then VV0002 alone: more functions that no symbol reaches than before (the cache grows),
     * at the cached 800 K, as the database read with VV0002 = 3.5 */
    lq_db *db2 = fixture(-5000.0, -20000.0, 3.5);
    lq_system *s2 = NULL;
    lq_thermo_ws *w2 = NULL;
    LQ_CHECK_STATUS(lq_system_create(db2, comps, 2, NULL, 0, &s2, NULL), LQ_OK);
    LQ_CHECK_STATUS(lq_thermo_ws_alloc(s2, &w2), LQ_OK);
    const double v2 = 3.5;
    LQ_CHECK_STATUS(lq_thermo_ws_clear_symbols(w0), LQ_OK);
    LQ_CHECK_STATUS(lq_thermo_ws_set_symbols(w0, idx + 2, &v2, 1), LQ_OK);
    for (int k = 0; k < 2; k++) { /* filled, then read back (900 K between) */
        LQ_CHECK_STATUS(lq_thermo_ws_set_TP(w0, 900.0, 101325.0), LQ_OK);
        LQ_CHECK_STATUS(lq_thermo_ws_set_TP(w0, 800.0, 101325.0), LQ_OK);
        LQ_CHECK_STATUS(lq_thermo_ws_set_TP(w2, 800.0, 101325.0), LQ_OK);
        compare_phase(w0, w2, ab, y_ab, 2);
        compare_phase(w0, w2, liq, y_liq, 2);
    }
    lq_thermo_ws_free(w2);
    lq_system_free(s2);
    lq_db_free(db2);
    lq_thermo_ws_free(w0);
    lq_thermo_ws_free(w1);
    lq_system_free(s0);
    lq_system_free(s1);
    lq_db_free(db0);
    lq_db_free(db1);
}
