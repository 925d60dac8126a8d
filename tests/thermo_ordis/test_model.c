/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The partitioned model: reading, the disordered limit, the partition itself, derivatives. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "liquidus/thermo.h"
#include "liquidus/units.h"
#include "lq_test.h"
#include "ordis_fixture.h"

void test_ordis_read(void);
void test_ordis_disordered_limit(void);
void test_ordis_partition(void);
void test_ordis_derivatives(void);
void test_ordis_never(void);
void test_ordis_errors(void);
void test_ordis_4sl(void);

static const char *const ALNI[2] = {"AL", "NI"};

/* G (and dG/dT) of phase `name` of sys at T and y. */
static int eval_G(lq_system *sys, const char *name, double T, const double *y, double *G,
                  double *dGdT) {
    size_t p;
    lq_thermo_ws *ws = NULL;
    if (lq_system_phase_find(sys, name, &p) != LQ_OK || lq_thermo_ws_alloc(sys, &ws) != LQ_OK)
        return -1;
    lq_phase_eval ev = {0.0, 0.0, 0.0, NULL, NULL, NULL};
    int rc = lq_thermo_ws_set_TP(ws, T, 101325.0) == LQ_OK &&
                     lq_phase_evaluate(ws, p, y, LQ_EVAL_G | LQ_EVAL_DT, &ev) == LQ_OK
                 ? 0
                 : -1;
    *G = ev.G;
    if (dGdT) *dGdT = ev.dG_dT;
    lq_thermo_ws_free(ws);
    return rc;
}

void test_ordis_read(void) {
    lq_db *db = ofx_read_alni(0);
    if (!db) return;
    lq_system *sys = NULL;
    LQ_CHECK_STATUS(lq_system_create(db, ALNI, 2, NULL, 0, &sys, NULL), LQ_OK);
    /* the disordered parts are not phases of the system (pycalphad's filter_phases, OpenCalphad,
     * Thermo-Calc): LIQUID AL3NI1 AL3NI2 AL3NI5 BCC_B2 FCC_L12 */
    LQ_CHECK(lq_system_phase_count(sys) == 6);
    size_t p;
    LQ_CHECK_STATUS(lq_system_phase_find(sys, "FCC_A1", &p), LQ_ENOTFOUND);
    LQ_CHECK_STATUS(lq_system_phase_find(sys, "BCC_A2", &p), LQ_ENOTFOUND);
    LQ_CHECK_STATUS(lq_system_phase_find(sys, "FCC_L12", &p), LQ_OK);
    lq_phase_info info;
    LQ_CHECK_STATUS(lq_system_phase_info(sys, p, &info), LQ_OK);
    LQ_CHECK(info.n_constituents == 5 && info.n_sublattices == 3);
    LQ_CHECK(info.magnetic == 1); /* Tc of the disordered part */
    /* the ordered phase alone: its disordered part is added behind it */
    lq_system *one = NULL;
    const char *l12[1] = {"FCC_L12"};
    LQ_CHECK_STATUS(lq_system_create(db, ALNI, 2, l12, 1, &one, NULL), LQ_OK);
    LQ_CHECK(lq_system_phase_count(one) == 1);
    const double y[5] = {0.3, 0.7, 0.9, 0.1, 1.0};
    double G1 = 0.0, G2 = 1.0;
    LQ_CHECK(eval_G(sys, "FCC_L12", 900.0, y, &G1, NULL) == 0);
    LQ_CHECK(eval_G(one, "FCC_L12", 900.0, y, &G2, NULL) == 0);
    LQ_CHECK_CLOSE(G2, G1, 0.0, 0.0); /* the same evaluation */
    /* the disordered phase alone is an ordinary phase */
    lq_system *a1 = NULL;
    const char *fcc[1] = {"FCC_A1"};
    LQ_CHECK_STATUS(lq_system_create(db, ALNI, 2, fcc, 1, &a1, NULL), LQ_OK);
    LQ_CHECK(lq_system_phase_count(a1) == 1);
    LQ_CHECK_STATUS(lq_system_phase_find(a1, "FCC_A1", &p), LQ_OK);
    lq_system_free(a1);
    lq_system_free(one);
    lq_system_free(sys);
    /* round trip: the written database reads back with the same link */
    char path[256];
    snprintf(path, sizeof path, "ordis_roundtrip.tdb");
    LQ_CHECK_STATUS(lq_db_write_file(db, path, NULL), LQ_OK);
    lq_db *db2 = NULL;
    LQ_CHECK_STATUS(lq_db_read_file(path, &db2, NULL), LQ_OK);
    if (db2) {
        lq_system *s2 = NULL;
        LQ_CHECK_STATUS(lq_system_create(db2, ALNI, 2, NULL, 0, &s2, NULL), LQ_OK);
        LQ_CHECK(lq_system_phase_count(s2) == 6);
        double G3 = 0.0;
        LQ_CHECK(s2 && eval_G(s2, "FCC_L12", 900.0, y, &G3, NULL) == 0);
        LQ_CHECK_CLOSE(G3, G1, 1e-14, 0.0);
        lq_system_free(s2);
        lq_db_free(db2);
    }
    remove(path);
    lq_db_free(db);
}

/*
 * Disordered limit: with every merged sublattice at x, the ordered phase is exactly its
 * disordered part (DISORDERED_PART subtracts G_ord(y = x)); magnetic Ni-rich states at 300 and
 * 500 K included. Tolerance 1e-9 relative: the two evaluations add the same terms in a different
 * order (G ~ 1e4-1e5 J/mol, so ~1e-11 J/mol from rounding).
 */
void test_ordis_disordered_limit(void) {
    lq_db *db = ofx_read_alni(0);
    if (!db) return;
    lq_system *sys = NULL, *dis = NULL;
    const char *dphases[2] = {"FCC_A1", "BCC_A2"};
    LQ_CHECK_STATUS(lq_system_create(db, ALNI, 2, NULL, 0, &sys, NULL), LQ_OK);
    LQ_CHECK_STATUS(lq_system_create(db, ALNI, 2, dphases, 2, &dis, NULL), LQ_OK);
    const double Ts[4] = {300.0, 500.0, 1200.0, 1800.0};
    const double xs[4] = {0.05, 0.25, 0.5, 0.97};
    for (int it = 0; it < 4 && sys && dis; it++)
        for (int ix = 0; ix < 4; ix++) {
            double xa = xs[ix], xn = 1.0 - xa, G, Gd, S, Sd;
            const double yl[5] = {xa, xn, xa, xn, 1.0}, yf[3] = {xa, xn, 1.0};
            LQ_CHECK(eval_G(sys, "FCC_L12", Ts[it], yl, &G, &S) == 0);
            LQ_CHECK(eval_G(dis, "FCC_A1", Ts[it], yf, &Gd, &Sd) == 0);
            LQ_CHECK_CLOSE(G, Gd, 1e-9, 1e-9);
            LQ_CHECK_CLOSE(S, Sd, 1e-9, 1e-9);
            /* B2 with vacancies on both sublattices */
            const double va = 0.02, a = xa * (1 - va), n = xn * (1 - va);
            const double yb[7] = {a, n, va, a, n, va, 1.0}, ya[4] = {a, n, va, 1.0};
            LQ_CHECK(eval_G(sys, "BCC_B2", Ts[it], yb, &G, &S) == 0);
            LQ_CHECK(eval_G(dis, "BCC_A2", Ts[it], ya, &Gd, &Sd) == 0);
            LQ_CHECK_CLOSE(G, Gd, 1e-9, 1e-9);
            LQ_CHECK_CLOSE(S, Sd, 1e-9, 1e-9);
        }
    lq_system_free(dis);
    lq_system_free(sys);
    lq_db_free(db);
}

/*
 * The partition at ordered states against the model written out with plain CEF phases: the same
 * file without its DISORDERED_PART lines makes FCC_L12 and BCC_B2 ordinary CEF phases, and
 * G = G_A1(x) + G_L12(y) - G_L12(y = x) (pycalphad, model.py _partitioned_expr). Both parts'
 * ideal terms enter that form; their x-parts cancel (site sums 0.75 + 0.25 = 1), which is what
 * liquidus computes. Tolerance as above.
 */
void test_ordis_partition(void) {
    lq_db *db = ofx_read_alni(0), *plain = ofx_read_alni(1);
    if (!db || !plain) {
        lq_db_free(db);
        lq_db_free(plain);
        return;
    }
    lq_system *sys = NULL, *cef = NULL;
    LQ_CHECK_STATUS(lq_system_create(db, ALNI, 2, NULL, 0, &sys, NULL), LQ_OK);
    LQ_CHECK_STATUS(lq_system_create(plain, ALNI, 2, NULL, 0, &cef, NULL), LQ_OK);
    /* L12 states: (Al, Ni) on the 3/4 and the 1/4 sublattice */
    const double l12[4][2] = {{0.1, 0.9}, {0.02, 0.95}, {0.9, 0.3}, {0.5, 0.05}};
    const double Ts[3] = {400.0, 1000.0, 1600.0};
    for (int it = 0; it < 3 && sys && cef; it++) {
        double T = Ts[it];
        for (int k = 0; k < 4; k++) {
            double a1 = l12[k][0], a2 = l12[k][1], x = 0.75 * a1 + 0.25 * a2;
            const double y[5] = {a1, 1 - a1, a2, 1 - a2, 1.0}, yx[5] = {x, 1 - x, x, 1 - x, 1.0},
                         xf[3] = {x, 1 - x, 1.0};
            double G, Go, Gox, Gd;
            LQ_CHECK(eval_G(sys, "FCC_L12", T, y, &G, NULL) == 0);
            LQ_CHECK(eval_G(cef, "FCC_L12", T, y, &Go, NULL) == 0);
            LQ_CHECK(eval_G(cef, "FCC_L12", T, yx, &Gox, NULL) == 0);
            LQ_CHECK(eval_G(cef, "FCC_A1", T, xf, &Gd, NULL) == 0);
            LQ_CHECK_CLOSE(G, Gd + Go - Gox, 1e-9, 1e-9);
        }
        /* B2: (Al, Ni, Va) on two sublattices */
        const double b2[3][3] = {{0.9, 0.05, 0.05}, {0.3, 0.69, 0.01}, {0.45, 0.45, 0.1}};
        for (int k = 0; k < 3; k++) {
            const double *p = b2[k], *q = b2[(k + 1) % 3];
            double xa = 0.5 * (p[0] + q[1]), xn = 0.5 * (p[1] + q[0]), xv = 0.5 * (p[2] + q[2]);
            const double y[7] = {p[0], p[1], p[2], q[1], q[0], q[2], 1.0},
                         yx[7] = {xa, xn, xv, xa, xn, xv, 1.0}, xb[4] = {xa, xn, xv, 1.0};
            double G, Go, Gox, Gd;
            LQ_CHECK(eval_G(sys, "BCC_B2", T, y, &G, NULL) == 0);
            LQ_CHECK(eval_G(cef, "BCC_B2", T, y, &Go, NULL) == 0);
            LQ_CHECK(eval_G(cef, "BCC_B2", T, yx, &Gox, NULL) == 0);
            LQ_CHECK(eval_G(cef, "BCC_A2", T, xb, &Gd, NULL) == 0);
            LQ_CHECK_CLOSE(G, Gd + Go - Gox, 1e-9, 1e-9);
        }
    }
    lq_system_free(cef);
    lq_system_free(sys);
    lq_db_free(plain);
    lq_db_free(db);
}

/* Central differences, step h: dG/dy, d2G/dy2 (from dG/dy), dG/dT, d2G/dT2, d2G/dTdy. */
static void check_fd(lq_system *sys, const char *name, double T, const double *y0) {
    size_t p;
    lq_phase_info info;
    lq_thermo_ws *ws = NULL;
    if (lq_system_phase_find(sys, name, &p) || lq_system_phase_info(sys, p, &info) ||
        lq_thermo_ws_alloc(sys, &ws)) {
        LQ_FAIL("phase or workspace");
        return;
    }
    const size_t n = info.n_constituents;
    double y[16], g[16], H[256], gT[16], gp[16], gm[16], Hs[256], ts[16];
    memcpy(y, y0, n * sizeof *y);
    lq_phase_eval ev = {0.0, 0.0, 0.0, g, H, gT}, e2 = {0.0, 0.0, 0.0, gp, Hs, ts};
    LQ_CHECK_STATUS(lq_thermo_ws_set_TP(ws, T, 101325.0), LQ_OK);
    LQ_CHECK_STATUS(lq_phase_evaluate(ws, p, y, LQ_EVAL_ALL, &ev), LQ_OK);
    /* h = 1e-6 on y in [0.01, 1]: truncation ~h^2 G''' ~ 1e-12 * 1e6 J/mol, rounding
     * ~1e-16 |G| / h ~ 1e-5 J/mol; hence atol 1e-3 J/mol and rtol 1e-6 */
    const double h = 1e-6;
    for (size_t k = 0; k < n; k++) {
        double yk = y[k], Gp, Gm;
        y[k] = yk + h;
        LQ_CHECK_STATUS(lq_phase_evaluate(ws, p, y, LQ_EVAL_G | LQ_EVAL_DY, &e2), LQ_OK);
        Gp = e2.G;
        memcpy(gm, gp, n * sizeof *gm); /* gm holds dG/dy at +h for now */
        y[k] = yk - h;
        LQ_CHECK_STATUS(lq_phase_evaluate(ws, p, y, LQ_EVAL_G | LQ_EVAL_DY, &e2), LQ_OK);
        Gm = e2.G;
        y[k] = yk;
        LQ_CHECK_CLOSE(g[k], (Gp - Gm) / (2 * h), 1e-6, 1e-3);
        for (size_t l = 0; l < n; l++)
            LQ_CHECK_CLOSE(H[l * n + k], (gm[l] - gp[l]) / (2 * h), 1e-6, 1e-1);
    }
    /* T: step 1e-3 K, G ~ 1e5 J/mol: rounding 1e-16*1e5/1e-3 = 1e-8 J/mol/K */
    const double hT = 1e-3;
    double Gp, Gm, dp[16], dm[16];
    LQ_CHECK_STATUS(lq_thermo_ws_set_TP(ws, T + hT, 101325.0), LQ_OK);
    LQ_CHECK_STATUS(lq_phase_evaluate(ws, p, y, LQ_EVAL_ALL, &e2), LQ_OK);
    Gp = e2.G;
    double dGp = e2.dG_dT;
    memcpy(dp, gp, n * sizeof *dp);
    LQ_CHECK_STATUS(lq_thermo_ws_set_TP(ws, T - hT, 101325.0), LQ_OK);
    LQ_CHECK_STATUS(lq_phase_evaluate(ws, p, y, LQ_EVAL_ALL, &e2), LQ_OK);
    Gm = e2.G;
    memcpy(dm, gp, n * sizeof *dm);
    LQ_CHECK_CLOSE(ev.dG_dT, (Gp - Gm) / (2 * hT), 1e-6, 1e-5);
    LQ_CHECK_CLOSE(ev.d2G_dT2, (dGp - e2.dG_dT) / (2 * hT), 1e-5, 1e-5);
    for (size_t k = 0; k < n; k++) LQ_CHECK_CLOSE(gT[k], (dp[k] - dm[k]) / (2 * hT), 1e-5, 1e-3);
    lq_thermo_ws_free(ws);
}

/* Analytic derivatives against finite differences, ordered and disordered, with and without
 * the magnetic term (Ni-rich at 400 K: Tc of the disordered part ~ 500 K). */
void test_ordis_derivatives(void) {
    lq_db *db = ofx_read_alni(0);
    if (!db) return;
    lq_system *sys = NULL;
    LQ_CHECK_STATUS(lq_system_create(db, ALNI, 2, NULL, 0, &sys, NULL), LQ_OK);
    if (sys) {
        const double l1[5] = {0.02, 0.98, 0.3, 0.7, 1.0}, l2[5] = {0.2, 0.8, 0.9, 0.1, 1.0};
        const double b1[7] = {0.3, 0.65, 0.05, 0.6, 0.35, 0.05, 1.0},
                     b2[7] = {0.02, 0.97, 0.01, 0.05, 0.9, 0.05, 1.0};
        check_fd(sys, "FCC_L12", 400.0, l1);
        check_fd(sys, "FCC_L12", 1200.0, l2);
        check_fd(sys, "BCC_B2", 1000.0, b1);
        check_fd(sys, "BCC_B2", 400.0, b2);
    }
    lq_system_free(sys);
    lq_db_free(db);
}

/*
 * A two-sublattice ordered phase on a one-sublattice disordered part, with DISORDERED_PART and
 * with OpenCalphad's NEVER: G_never(y) = G_dis(x) - (its ideal term) + G_ord,cef(y), the
 * ordered part not subtracted and the entropy that of y only.
 */
static const char *TWO =
    "ELEMENT VA VACUUM 0 0 0 !\n"
    "ELEMENT CU FCC_A1 63.546 5004 33.15 !\n"
    "ELEMENT ZN HCP_A3 65.38 5657 41.63 !\n"
    "TYPE_DEFINITION %% SEQ * !\n"
    "TYPE_DEFINITION A GES A_P_D ORD %s DIS !\n"
    "PHASE DIS %% 1 1 !\n"
    "CONSTITUENT DIS :CU,ZN: !\n"
    "PARAMETER G(DIS,CU;0) 298.15 -1000-2*T; 6000 N !\n"
    "PARAMETER G(DIS,ZN;0) 298.15 -3000+T; 6000 N !\n"
    "PARAMETER G(DIS,CU,ZN;0) 298.15 -20000; 6000 N !\n"
    "PARAMETER G(DIS,CU,ZN;1) 298.15 5000; 6000 N !\n"
    "PHASE ORD %%A 2 0.5 0.5 !\n"
    "CONSTITUENT ORD :CU,ZN:CU,ZN: !\n"
    "PARAMETER G(ORD,CU:ZN;0) 298.15 -4000; 6000 N !\n"
    "PARAMETER G(ORD,ZN:CU;0) 298.15 -4000; 6000 N !\n"
    "PARAMETER G(ORD,CU,ZN:*;0) 298.15 1500; 6000 N !\n";

void test_ordis_never(void) {
    static const char *const CUZN[2] = {"CU", "ZN"};
    char text[2048];
    const double T = 700.0, R = LQ_GAS_CONSTANT_J_PER_MOL_K;
    const double y[4] = {0.8, 0.2, 0.1, 0.9}, x = 0.45;
    const double yx[4] = {x, 1 - x, x, 1 - x}, xd[2] = {x, 1 - x};
    double Gn = 0, Gs = 0, Gd = 0, Go = 0, Gox = 0, Gsx = 0;
    for (int never = 0; never < 2; never++) {
        snprintf(text, sizeof text, TWO, never ? "NEVER" : "DIS_PART");
        lq_db *db = NULL;
        LQ_CHECK_STATUS(lq_db_read_string(text, "two.tdb", &db, NULL), LQ_OK);
        lq_system *sys = NULL;
        LQ_CHECK_STATUS(lq_system_create(db, CUZN, 2, NULL, 0, &sys, NULL), LQ_OK);
        LQ_CHECK(sys && lq_system_phase_count(sys) == 1);
        if (sys) {
            LQ_CHECK(eval_G(sys, "ORD", T, y, never ? &Gn : &Gs, NULL) == 0);
            if (!never) LQ_CHECK(eval_G(sys, "ORD", T, yx, &Gsx, NULL) == 0);
        }
        lq_system_free(sys);
        lq_db_free(db);
    }
    /* the parts as plain CEF phases (no TYPE_DEFINITION A) */
    snprintf(text, sizeof text, TWO, "DIS_PART");
    char *a = strstr(text, "TYPE_DEFINITION A");
    if (a) a[0] = '$'; /* a comment line */
    lq_db *db = NULL;
    LQ_CHECK_STATUS(lq_db_read_string(text, "two.tdb", &db, NULL), LQ_OK);
    lq_system *sys = NULL;
    LQ_CHECK_STATUS(lq_system_create(db, CUZN, 2, NULL, 0, &sys, NULL), LQ_OK);
    if (sys) {
        LQ_CHECK(eval_G(sys, "DIS", T, xd, &Gd, NULL) == 0);
        LQ_CHECK(eval_G(sys, "ORD", T, y, &Go, NULL) == 0);
        LQ_CHECK(eval_G(sys, "ORD", T, yx, &Gox, NULL) == 0);
        double idx = R * T * (x * log(x) + (1 - x) * log(1 - x));
        LQ_CHECK_CLOSE(Gs, Gd + Go - Gox, 1e-12, 1e-9);
        LQ_CHECK_CLOSE(Gn, Gd - idx + Go, 1e-12, 1e-9);
        LQ_CHECK_CLOSE(Gsx, Gd, 1e-12, 1e-9);
    }
    lq_system_free(sys);
    lq_db_free(db);
}

void test_ordis_errors(void) {
    static const char *const CUZN[2] = {"CU", "ZN"};
    char text[2048], *a;
    lq_db *db = NULL;
    lq_diag d;
    /* the disordered part is not a phase */
    snprintf(text, sizeof text, TWO, "DIS_PART");
    a = strstr(text, "DIS_PART DIS !");
    if (a) memcpy(a, "DIS_PART XYZ !", 14);
    LQ_CHECK_STATUS(lq_db_read_string(text, "two.tdb", &db, &d), LQ_EPARSE);
    LQ_CHECK(strstr(d.msg, "XYZ") != NULL && d.line == 5);
    /* no disordered phase name */
    snprintf(text, sizeof text, TWO, "DIS_PART");
    a = strstr(text, "ORD DIS_PART DIS !");
    if (a) memcpy(a, "ORD DIS_PART  ,, !", 18);
    LQ_CHECK_STATUS(lq_db_read_string(text, "two.tdb", &db, &d), LQ_EPARSE);
    /* an unknown ordered phase: a warning, the statement has no effect */
    snprintf(text, sizeof text, TWO, "DIS_PART");
    a = strstr(text, "A_P_D ORD ");
    if (a) memcpy(a, "A_P_D QRD ", 10);
    LQ_CHECK_STATUS(lq_db_read_string(text, "two.tdb", &db, &d), LQ_OK);
    if (db) {
        LQ_CHECK(lq_db_warning_count(db) >= 1);
        lq_system *sys = NULL;
        LQ_CHECK_STATUS(lq_system_create(db, CUZN, 2, NULL, 0, &sys, NULL), LQ_OK);
        LQ_CHECK(sys && lq_system_phase_count(sys) == 2);
        lq_system_free(sys);
        lq_db_free(db);
        db = NULL;
    }
    /* an ordered constituent the disordered part does not have */
    snprintf(text, sizeof text, TWO, "DIS_PART");
    a = strstr(text, "CONSTITUENT ORD :CU,ZN:CU,ZN: !");
    if (a) memcpy(a, "CONSTITUENT ORD :CU,ZN:CU,VA: !", 31);
    LQ_CHECK_STATUS(lq_db_read_string(text, "two.tdb", &db, &d), LQ_OK);
    if (db) {
        lq_system *sys = NULL;
        LQ_CHECK_STATUS(lq_system_create(db, CUZN, 2, NULL, 0, &sys, &d), LQ_EINVAL);
        LQ_CHECK(strstr(d.msg, "VA") != NULL);
        lq_db_free(db);
        db = NULL;
    }
    /* sublattices that do not merge: 0.5 + 0.5 substitutional sites and 2 interstitial ones on a
     * disordered part with 1 and 3 */
    const char *bad =
        "ELEMENT VA VACUUM 0 0 0 !\n"
        "ELEMENT CU FCC_A1 63.546 5004 33.15 !\n"
        "TYPE_DEFINITION A GES A_P_D ORD DIS_PART DIS !\n"
        "PHASE DIS % 2 1 3 !\n"
        "CONSTITUENT DIS :CU:VA: !\n"
        "PHASE ORD %A 3 0.5 0.5 2 !\n"
        "CONSTITUENT ORD :CU:CU:VA: !\n";
    LQ_CHECK_STATUS(lq_db_read_string(bad, "bad.tdb", &db, &d), LQ_OK);
    if (db) {
        static const char *const CU[1] = {"CU"};
        lq_system *sys = NULL;
        LQ_CHECK_STATUS(lq_system_create(db, CU, 1, NULL, 0, &sys, &d), LQ_EUNSUPPORTED);
        LQ_CHECK(strstr(d.msg, "ORD") != NULL);
        lq_db_free(db);
    }
}

/*
 * Four-sublattice bcc ordering (Al-Fe, Sundman et al. 2009, pycalphad's test file): BCC_4SL:B
 * (option B: each parameter stands for its 8 permutations), BCC_NOB (all permutations written,
 * no option) and BCC_VA:B (vacancies allowed, here at 0) are the same model, as the file states:
 * equal G at A2, B2, B32- and D03-like states. The disordered state equals the disordered parts
 * (BCC_A2, A2_NOB). Tolerance 1e-9 relative (the same terms summed in another order).
 */
void test_ordis_4sl(void) {
    static const char *const ALFE[2] = {"AL", "FE"};
    char path[1024];
    lq_test_source_path("tests/thermo_ordis/Al-Fe_sundman2009.tdb", path, sizeof path);
    lq_db *db = NULL;
    LQ_CHECK_STATUS(lq_db_read_file(path, &db, NULL), LQ_OK);
    if (!db) return;
    const char *p1[3] = {"BCC_4SL", "BCC_NOB", "BCC_VA"}, *p2[2] = {"BCC_A2", "A2_NOB"};
    lq_system *s4 = NULL, *sd = NULL;
    LQ_CHECK_STATUS(lq_system_create(db, ALFE, 2, p1, 3, &s4, NULL), LQ_OK);
    LQ_CHECK_STATUS(lq_system_create(db, ALFE, 2, p2, 2, &sd, NULL), LQ_OK);
    if (s4 && sd) {
        LQ_CHECK(lq_system_phase_count(s4) == 3);
        /* (Al fraction on the four substitutional sublattices) */
        const double st[5][4] = {{0.3, 0.3, 0.3, 0.3},      /* A2 */
                                 {0.1, 0.1, 0.8, 0.8},      /* B2 */
                                 {0.05, 0.05, 0.9, 0.1},    /* D03-like */
                                 {0.6, 0.2, 0.6, 0.2},      /* B32-like */
                                 {0.15, 0.35, 0.55, 0.75}}; /* general */
        for (int k = 0; k < 5; k++)
            for (int it = 0; it < 2; it++) {
                double T = it ? 1500.0 : 700.0, y[9], yv[13], G4, Gn, Gv;
                for (int s = 0; s < 4; s++) {
                    y[2 * s] = st[k][s];
                    y[2 * s + 1] = 1.0 - st[k][s];
                    yv[3 * s] = st[k][s];
                    yv[3 * s + 1] = 1.0 - st[k][s];
                    yv[3 * s + 2] = 0.0;
                }
                y[8] = yv[12] = 1.0;
                LQ_CHECK(eval_G(s4, "BCC_4SL", T, y, &G4, NULL) == 0);
                LQ_CHECK(eval_G(s4, "BCC_NOB", T, y, &Gn, NULL) == 0);
                LQ_CHECK(eval_G(s4, "BCC_VA", T, yv, &Gv, NULL) == 0);
                LQ_CHECK_CLOSE(G4, Gn, 1e-9, 1e-9);
                LQ_CHECK_CLOSE(Gv, Gn, 1e-9, 1e-9);
                if (k == 0) {
                    const double x[3] = {0.3, 0.7, 1.0};
                    double Ga, Gb;
                    LQ_CHECK(eval_G(sd, "BCC_A2", T, x, &Ga, NULL) == 0);
                    LQ_CHECK(eval_G(sd, "A2_NOB", T, x, &Gb, NULL) == 0);
                    LQ_CHECK_CLOSE(G4, Ga, 1e-9, 1e-9);
                    LQ_CHECK_CLOSE(Gn, Gb, 1e-9, 1e-9);
                }
            }
        const double yd[9] = {0.05, 0.95, 0.1, 0.9, 0.85, 0.15, 0.3, 0.7, 1.0};
        check_fd(s4, "BCC_4SL", 900.0, yd);
    }
    lq_system_free(sd);
    lq_system_free(s4);
    lq_db_free(db);
}
