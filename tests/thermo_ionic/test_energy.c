/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Gibbs energy of the ionic liquid: Thermo-Calc values quoted by pycalphad, derivatives, moles. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "liquidus/thermo.h"
#include "liquidus/units.h"
#include "lq_test.h"
#include "thermo/thermo_internal.h"

void test_ionic_femns_energy(void);
void test_ionic_derivatives(void);
void test_ionic_moles(void);
void test_ionic_metallic_limit(void);
void test_ionic_errors(void);
void test_ionic_round_trip(void);
void test_ionic_chloride(void);

typedef struct ionic_sys {
    lq_db *db;
    lq_system *sys;
    lq_thermo_ws *tws;
    size_t ph;
    lq_phase_info info;
} ionic_sys;

static int open_sys(ionic_sys *s, const char *file, const char *const *comps, size_t nc) {
    memset(s, 0, sizeof *s);
    char path[1024];
    lq_test_source_path(file, path, sizeof path);
    lq_diag d;
    const char *ph[1] = {"IONIC_LIQ"};
    LQ_CHECK_STATUS(lq_db_read_file(path, &s->db, &d), LQ_OK);
    if (!s->db) return -1;
    LQ_CHECK_STATUS(lq_system_create(s->db, comps, nc, ph, 1, &s->sys, &d), LQ_OK);
    if (!s->sys) {
        fprintf(stderr, "  %s\n", d.msg);
        return -1;
    }
    LQ_CHECK_STATUS(lq_thermo_ws_alloc(s->sys, &s->tws), LQ_OK);
    LQ_CHECK_STATUS(lq_system_phase_find(s->sys, "IONIC_LIQ", &s->ph), LQ_OK);
    LQ_CHECK_STATUS(lq_system_phase_info(s->sys, s->ph, &s->info), LQ_OK);
    return s->tws ? 0 : -1;
}

static void close_sys(ionic_sys *s) {
    lq_thermo_ws_free(s->tws);
    lq_system_free(s->sys);
    lq_db_free(s->db);
}

/* Site fractions from (name, value) pairs; constituents not named get 0. */
static void set_y(const ionic_sys *s, double *y, const char *const *names, const double *v,
                  size_t m) {
    for (size_t k = 0; k < s->info.n_constituents; k++) {
        y[k] = 0.0;
        for (size_t j = 0; j < m; j++)
            if (strcmp(s->info.constituent_name[k], names[j]) == 0) y[k] = v[j];
    }
}

/*
 * pycalphad tests/test_energy.py, test_ionic_liquid_energy_anion_sublattice (commit c3766376):
 * GM of IONIC_LIQ (FE+2)(S-2,VA,S) of femns.tdb (Dilner, Mao, Selleby, Calphad 48 (2015) 95) at
 * 1600 K, "checked by Thermo-Calc using set-start-constitution and show gm(ionic_liq)", asserted
 * there with atol 0.1 J/mol; the same tolerance here (the values are quoted to 0.01-1 J/mol).
 */
void test_ionic_femns_energy(void) {
    const char *comps[2] = {"FE", "S"};
    ionic_sys s;
    if (open_sys(&s, "tests/data/ionic/femns.tdb", comps, 2)) {
        close_sys(&s);
        return;
    }
    LQ_CHECK(s.info.n_constituents == 4);
    LQ_CHECK_STATUS(lq_thermo_ws_set_TP(s.tws, 1600.0, 101325.0), LQ_OK);
    static const char *const nm[4] = {"FE+2", "S-2", "VA", "S"};
    static const struct {
        double y[4];
        double gm;
    } ref[] = {
        {{1.0, 1.0, 1e-12, 1e-12}, -148395.0},
        {{1.0, 1e-12, 1.0, 1e-12}, -87735.077},
        {{1.0, 1e-12, 1e-12, 1.0}, -102463.52},
        {{1.0, 0.33333333, 0.33333333, 0.33333333}, -130358.2},
        {{1.0, 0.5, 0.25, 0.25}, -138484.11},
        {{1.0, 6.00994E-01, 1.00545E-04, 3.98906E-01}, -141545.37},
        {{1.0, 1.53788E-02, 1.45273E-04, 9.84476E-01}, -104229.18},
    };
    double y[4];
    for (size_t i = 0; i < sizeof ref / sizeof ref[0]; i++) {
        set_y(&s, y, nm, ref[i].y, 4);
        lq_phase_ghsc p;
        LQ_CHECK_STATUS(lq_phase_properties(s.tws, s.ph, y, 1, &p), LQ_OK);
        LQ_CHECK_CLOSE(p.G, ref[i].gm, 0, 0.1);
    }
    close_sys(&s);
}

/*
 * Analytic derivatives against central differences, at a point where every constituent of the
 * Fe-Mn-S liquid is present (so that the Q-multiplied FE+2,MN+2:VA terms, the anion terms and the
 * neutral S terms all contribute). h = 1e-6 in y and 1e-3 K in T: the truncation error h^2 G'''
 * is below 1e-6 relative; the rounding error eps G / h about 1e-5 J/mol, so the tolerance is
 * 1e-6 relative plus 1e-3 J/mol (J/mol/K for T derivatives).
 */
void test_ionic_derivatives(void) {
    const char *comps[3] = {"FE", "MN", "S"};
    ionic_sys s;
    if (open_sys(&s, "tests/data/ionic/femns.tdb", comps, 3)) {
        close_sys(&s);
        return;
    }
    const size_t n = s.info.n_constituents;
    LQ_CHECK(n == 5);
    static const char *const nm[5] = {"FE+2", "MN+2", "S-2", "VA", "S"};
    static const double v[5] = {0.7, 0.3, 0.45, 0.2, 0.35};
    double y[5], yp[5], g[5], H[25], gty[5], gp[5], gm[5], hp[25];
    set_y(&s, y, nm, v, 5);
    const double T = 1500.0, h = 1e-6, hT = 1e-3;
    LQ_CHECK_STATUS(lq_thermo_ws_set_TP(s.tws, T, 101325.0), LQ_OK);
    lq_phase_eval e = {0, 0, 0, g, H, gty};
    LQ_CHECK_STATUS(lq_phase_evaluate(s.tws, s.ph, y, LQ_EVAL_ALL, &e), LQ_OK);
    for (size_t k = 0; k < n; k++) {
        lq_phase_eval ep = {0, 0, 0, gp, hp, NULL}, em = {0, 0, 0, gm, hp, NULL};
        memcpy(yp, y, sizeof y);
        yp[k] = y[k] + h;
        LQ_CHECK_STATUS(lq_phase_evaluate(s.tws, s.ph, yp, LQ_EVAL_G | LQ_EVAL_DY, &ep), LQ_OK);
        yp[k] = y[k] - h;
        LQ_CHECK_STATUS(lq_phase_evaluate(s.tws, s.ph, yp, LQ_EVAL_G | LQ_EVAL_DY, &em), LQ_OK);
        LQ_CHECK_CLOSE(g[k], (ep.G - em.G) / (2 * h), 1e-6, 1e-3);
        for (size_t l = 0; l < n; l++)
            LQ_CHECK_CLOSE(H[k * n + l], (gp[l] - gm[l]) / (2 * h), 1e-6, 1e-3);
        LQ_CHECK_CLOSE(H[k * n + 0], H[0 * n + k], 1e-12, 1e-9); /* symmetric */
    }
    /* T derivatives */
    lq_phase_eval ep = {0, 0, 0, gp, NULL, NULL}, em = {0, 0, 0, gm, NULL, NULL};
    LQ_CHECK_STATUS(lq_thermo_ws_set_TP(s.tws, T + hT, 101325.0), LQ_OK);
    LQ_CHECK_STATUS(lq_phase_evaluate(s.tws, s.ph, y, LQ_EVAL_G | LQ_EVAL_DY, &ep), LQ_OK);
    LQ_CHECK_STATUS(lq_thermo_ws_set_TP(s.tws, T - hT, 101325.0), LQ_OK);
    LQ_CHECK_STATUS(lq_phase_evaluate(s.tws, s.ph, y, LQ_EVAL_G | LQ_EVAL_DY, &em), LQ_OK);
    LQ_CHECK_CLOSE(e.dG_dT, (ep.G - em.G) / (2 * hT), 1e-6, 1e-3);
    for (size_t k = 0; k < n; k++) LQ_CHECK_CLOSE(gty[k], (gp[k] - gm[k]) / (2 * hT), 1e-6, 1e-3);
    lq_phase_eval e2 = {0, 0, 0, NULL, NULL, NULL}, e3 = e2;
    LQ_CHECK_STATUS(lq_thermo_ws_set_TP(s.tws, T + hT, 101325.0), LQ_OK);
    LQ_CHECK_STATUS(lq_phase_evaluate(s.tws, s.ph, y, LQ_EVAL_G | LQ_EVAL_DT, &e2), LQ_OK);
    LQ_CHECK_STATUS(lq_thermo_ws_set_TP(s.tws, T - hT, 101325.0), LQ_OK);
    LQ_CHECK_STATUS(lq_phase_evaluate(s.tws, s.ph, y, LQ_EVAL_G | LQ_EVAL_DT, &e3), LQ_OK);
    LQ_CHECK_CLOSE(e.d2G_dT2, (e2.dG_dT - e3.dG_dT) / (2 * hT), 1e-6, 1e-6);
    close_sys(&s);
}

/*
 * Moles per formula unit: FE+2:S-2 has P = Q = 2, so 2 Fe + 2 S; at a general point M_c and its
 * first and second derivatives (the record's moles callback) against the closed form
 * M_Fe = P y_Fe, M_S = Q (y_S-2 + y_S), P = 2 y_S-2 + Q y_Va, Q = 2 y_Fe + 2 y_Mn, and against
 * central differences (M is a cubic polynomial: differences are exact to rounding, 1e-9).
 */
void test_ionic_moles(void) {
    const char *comps[3] = {"FE", "MN", "S"};
    ionic_sys s;
    if (open_sys(&s, "tests/data/ionic/femns.tdb", comps, 3)) {
        close_sys(&s);
        return;
    }
    const size_t n = s.info.n_constituents, nc = 3;
    static const char *const nm[5] = {"FE+2", "MN+2", "S-2", "VA", "S"};
    double y[5], N, dN[5];
    static const double em[5] = {1.0, 0.0, 1.0, 0.0, 0.0};
    set_y(&s, y, nm, em, 5);
    LQ_CHECK_STATUS(lq_phase_atoms(s.sys, s.ph, y, &N, dN), LQ_OK);
    LQ_CHECK_CLOSE(N, 4.0, 1e-15, 0);
    static const double v[5] = {0.7, 0.3, 0.45, 0.2, 0.35};
    set_y(&s, y, nm, v, 5);
    const lqi_model_ops *mo = &lqi_thermo_models[LQI_MODEL_IONIC];
    LQ_CHECK(mo->moles != NULL);
    if (!mo->moles) {
        close_sys(&s);
        return;
    }
    double M[3], dM[15], d2M[75], Mp[3], Mm[3], dMp[15], dMm[15];
    LQ_CHECK_STATUS(mo->moles(s.sys, s.ph, y, M, dM, d2M), LQ_OK);
    double Q = 2 * 0.7 + 2 * 0.3, P = 2 * 0.45 + Q * 0.2;
    LQ_CHECK_CLOSE(M[0], P * 0.7, 1e-15, 0);
    LQ_CHECK_CLOSE(M[1], P * 0.3, 1e-15, 0);
    LQ_CHECK_CLOSE(M[2], Q * (0.45 + 0.35), 1e-15, 0);
    const double h = 1e-5;
    for (size_t k = 0; k < n; k++) {
        double yp[5];
        memcpy(yp, y, sizeof y);
        yp[k] += h;
        LQ_CHECK_STATUS(mo->moles(s.sys, s.ph, yp, Mp, dMp, NULL), LQ_OK);
        yp[k] -= 2 * h;
        LQ_CHECK_STATUS(mo->moles(s.sys, s.ph, yp, Mm, dMm, NULL), LQ_OK);
        for (size_t c = 0; c < nc; c++) {
            LQ_CHECK_CLOSE(dM[k * nc + c], (Mp[c] - Mm[c]) / (2 * h), 1e-9, 1e-9);
            for (size_t l = 0; l < n; l++)
                LQ_CHECK_CLOSE(d2M[(l * n + k) * nc + c],
                               (dMp[l * nc + c] - dMm[l * nc + c]) / (2 * h), 1e-9, 1e-9);
        }
    }
    close_sys(&s);
}

/*
 * Without anions the model must reduce to a substitutional solution on the cations and the
 * neutrals (Sundman 1991; the regular-solution check of pycalphad issue #647): for (A+2)(VA,B)
 * with G(A+2:VA) = GA, G(B) = GB, L(A+2:VA,B;0) = L0 and L(A+2:VA,B;1) = L1 (Va before neutrals:
 * (y_Va - y_B)), x_A = y_Va, x_B = y_B and
 *   GM = x_A GA + x_B GB + R T (x_A ln x_A + x_B ln x_B) + x_A x_B (L0 + L1 (x_A - x_B)),
 * and for (A+2, C+1)(VA) with L(A+2,C+1:VA;0) = L2, GM = x_A GA + x_C GC + R T sum x ln x +
 * x_A x_C L2 with x = y of the cations. Closed forms: 1e-12 relative.
 */
void test_ionic_metallic_limit(void) {
    static const char tdb[] =
        "ELEMENT VA VACUUM 0 0 0 !\n"
        "ELEMENT A X 10 0 0 !\nELEMENT B X 20 0 0 !\nELEMENT C X 30 0 0 !\n"
        "SPECIES A+2 A1/+2 !\nSPECIES C+1 C1/+1 !\n"
        "PHASE IONIC_LIQ:Y % 2 1 1 !\n"
        "CONSTITUENT IONIC_LIQ:Y : A+2,C+1 : VA,B : !\n"
        "PARAMETER G(IONIC_LIQ,A+2:VA;0) 298.15 -1000-2*T; 6000 N !\n"
        "PARAMETER G(IONIC_LIQ,C+1:VA;0) 298.15 -1500; 6000 N !\n"
        "PARAMETER G(IONIC_LIQ,B;0) 298.15 -2000+T; 6000 N !\n"
        "PARAMETER G(IONIC_LIQ,A+2:B,VA;0) 298.15 5000; 6000 N !\n"
        "PARAMETER G(IONIC_LIQ,A+2:B,VA;1) 298.15 3000; 6000 N !\n"
        "PARAMETER G(IONIC_LIQ,A+2,C+1:VA;0) 298.15 -7000; 6000 N !\n";
    lq_db *db = NULL;
    lq_system *sys = NULL;
    lq_thermo_ws *tws = NULL;
    lq_diag d;
    LQ_CHECK_STATUS(lq_db_read_string(tdb, "metallic.tdb", &db, &d), LQ_OK);
    const char *ab[2] = {"A", "B"}, *ac[2] = {"A", "C"};
    const double T = 1000.0, RT = LQ_GAS_CONSTANT_J_PER_MOL_K * T;
    const double GA = -1000 - 2 * T, GB = -2000 + T, GC = -1500;
    if (db && lq_system_create(db, ab, 2, NULL, 0, &sys, &d) == LQ_OK &&
        lq_thermo_ws_alloc(sys, &tws) == LQ_OK) {
        LQ_CHECK_STATUS(lq_thermo_ws_set_TP(tws, T, 101325.0), LQ_OK);
        for (double xb = 0.1; xb < 0.95; xb += 0.2) {
            double xa = 1 - xb, y[3] = {1.0, xa, xb}; /* A+2 : VA, B */
            lq_phase_ghsc p;
            LQ_CHECK_STATUS(lq_phase_properties(tws, 0, y, 1, &p), LQ_OK);
            double want = xa * GA + xb * GB + RT * (xa * log(xa) + xb * log(xb)) +
                          xa * xb * (5000 + 3000 * (xa - xb));
            LQ_CHECK_CLOSE(p.G, want, 1e-12, 0);
        }
    } else {
        LQ_FAIL("A-B system");
    }
    lq_thermo_ws_free(tws);
    lq_system_free(sys);
    tws = NULL;
    sys = NULL;
    if (db && lq_system_create(db, ac, 2, NULL, 0, &sys, &d) == LQ_OK &&
        lq_thermo_ws_alloc(sys, &tws) == LQ_OK) {
        LQ_CHECK_STATUS(lq_thermo_ws_set_TP(tws, T, 101325.0), LQ_OK);
        for (double xc = 0.1; xc < 0.95; xc += 0.2) {
            double xa = 1 - xc, y[3] = {xa, xc, 1.0}; /* A+2, C+1 : VA */
            lq_phase_ghsc p;
            LQ_CHECK_STATUS(lq_phase_properties(tws, 0, y, 1, &p), LQ_OK);
            double want =
                xa * GA + xc * GC + RT * (xa * log(xa) + xc * log(xc)) + xa * xc * -7000.0;
            LQ_CHECK_CLOSE(p.G, want, 1e-12, 0);
        }
    } else {
        LQ_FAIL("A-C system");
    }
    lq_thermo_ws_free(tws);
    lq_system_free(sys);
    lq_db_free(db);
}

/* Constitutions the model does not have are refused with the phase named. */
void test_ionic_errors(void) {
    static const char tdb[] =
        "ELEMENT VA VACUUM 0 0 0 !\nELEMENT A X 10 0 0 !\n"
        "ELEMENT B X 20 0 0 !\n"
        "SPECIES A+2 A1/+2 !\nSPECIES B-1 B1/-1 !\n"
        "PHASE IONIC_LIQ:Y % 2 1 1 !\n"
        "CONSTITUENT IONIC_LIQ:Y : A : B-1 : !\n";
    lq_db *db = NULL;
    lq_system *sys = NULL;
    lq_diag d;
    LQ_CHECK_STATUS(lq_db_read_string(tdb, "bad.tdb", &db, &d), LQ_OK);
    const char *ab[2] = {"A", "B"};
    if (db) {
        LQ_CHECK_STATUS(lq_system_create(db, ab, 2, NULL, 0, &sys, &d), LQ_EUNSUPPORTED);
        LQ_CHECK(strstr(d.msg, "IONIC_LIQ") != NULL);
    }
    lq_system_free(sys);
    lq_db_free(db);
    static const char tdb3[] =
        "ELEMENT VA VACUUM 0 0 0 !\nELEMENT A X 10 0 0 !\n"
        "SPECIES A+2 A1/+2 !\n"
        "PHASE LIQ:Y % 3 1 1 1 !\n"
        "CONSTITUENT LIQ:Y : A+2 : VA : VA : !\n";
    db = NULL;
    LQ_CHECK_STATUS(lq_db_read_string(tdb3, "bad3.tdb", &db, &d), LQ_EUNSUPPORTED);
    LQ_CHECK(d.line == 4 && strstr(d.msg, "2 sublattices") != NULL);
    lq_db_free(db);
}

/* Round trip: femns.tdb written and read back (the one-sublattice G(IONIC_LIQ,S;0), type Y)
 * gives the same G to the last bit at a point where every term contributes. */
void test_ionic_round_trip(void) {
    const char *comps[3] = {"FE", "MN", "S"};
    ionic_sys a, b;
    if (open_sys(&a, "tests/data/ionic/femns.tdb", comps, 3)) {
        close_sys(&a);
        return;
    }
    lq_diag d;
    LQ_CHECK_STATUS(lq_db_write_file(a.db, "lq_ionic_round_trip.tdb", &d), LQ_OK);
    memset(&b, 0, sizeof b);
    LQ_CHECK_STATUS(lq_db_read_file("lq_ionic_round_trip.tdb", &b.db, &d), LQ_OK);
    const char *ph[1] = {"IONIC_LIQ"};
    if (b.db) LQ_CHECK_STATUS(lq_system_create(b.db, comps, 3, ph, 1, &b.sys, &d), LQ_OK);
    if (b.sys) LQ_CHECK_STATUS(lq_thermo_ws_alloc(b.sys, &b.tws), LQ_OK);
    if (b.tws) {
        static const double y[5] = {0.7, 0.3, 0.45, 0.2, 0.35};
        lq_phase_eval ea = {0, 0, 0, NULL, NULL, NULL}, eb = ea;
        LQ_CHECK_STATUS(lq_thermo_ws_set_TP(a.tws, 1500.0, 101325.0), LQ_OK);
        LQ_CHECK_STATUS(lq_thermo_ws_set_TP(b.tws, 1500.0, 101325.0), LQ_OK);
        LQ_CHECK_STATUS(lq_phase_evaluate(a.tws, 0, y, LQ_EVAL_G, &ea), LQ_OK);
        LQ_CHECK_STATUS(lq_phase_evaluate(b.tws, 0, y, LQ_EVAL_G, &eb), LQ_OK);
        LQ_CHECK(ea.G == eb.G);
        lq_db_phase_desc de;
        LQ_CHECK_STATUS(lq_db_phase_describe(b.db, 0, &de), LQ_OK);
        LQ_CHECK(de.ionic == 1 && de.type_suffix == 'Y');
    }
    remove("lq_ionic_round_trip.tdb");
    close_sys(&b);
    close_sys(&a);
}

/*
 * Charge syntax of SPECIES formulas (Thermo-Calc: NA1/+1, CL/-; pycalphad also NA/1) and a
 * chloride melt (NA+1, MG+2)(CL-1): at y_Na = y_Mg = 1/2, Q = 1.5 and P = 1, so a formula unit
 * holds 0.5 Na, 0.5 Mg and 1.5 Cl (exact), and with G(NA+1:CL-1) = a, G(MG+2:CL-1) = b
 * G = y_Na a + y_Mg b + R T P (y ln y of the cations) (closed form, 1e-12 relative).
 */
void test_ionic_chloride(void) {
    static const char tdb[] =
        "ELEMENT VA VACUUM 0 0 0 !\nELEMENT CL X 35.45 0 0 !\n"
        "ELEMENT MG X 24.305 0 0 !\nELEMENT NA X 22.99 0 0 !\n"
        "SPECIES NA+1 NA/1 !\nSPECIES MG+2 MG1/+2 !\nSPECIES CL-1 CL/- !\n"
        "PHASE IONIC_LIQ:Y % 2 1 1 !\n"
        "CONSTITUENT IONIC_LIQ:Y : NA+1,MG+2 : CL-1 : !\n"
        "PARAMETER G(IONIC_LIQ,NA+1:CL-1;0) 298.15 -400000+50*T; 6000 N !\n"
        "PARAMETER G(IONIC_LIQ,MG+2:CL-1;0) 298.15 -600000+90*T; 6000 N !\n";
    lq_db *db = NULL;
    lq_system *sys = NULL;
    lq_thermo_ws *tws = NULL;
    lq_diag d;
    const char *comps[3] = {"NA", "MG", "CL"};
    LQ_CHECK_STATUS(lq_db_read_string(tdb, "nacl.tdb", &db, &d), LQ_OK);
    if (db && lq_system_create(db, comps, 3, NULL, 0, &sys, &d) == LQ_OK &&
        lq_thermo_ws_alloc(sys, &tws) == LQ_OK) {
        const double y[3] = {0.5, 0.5, 1.0}, T = 1100.0;
        double M[3], N;
        LQ_CHECK_STATUS(lqi_thermo_models[LQI_MODEL_IONIC].moles(sys, 0, y, M, NULL, NULL), LQ_OK);
        LQ_CHECK_CLOSE(M[0], 0.5, 0, 1e-15);
        LQ_CHECK_CLOSE(M[1], 0.5, 0, 1e-15);
        LQ_CHECK_CLOSE(M[2], 1.5, 0, 1e-15);
        LQ_CHECK_STATUS(lq_phase_atoms(sys, 0, y, &N, NULL), LQ_OK);
        LQ_CHECK_CLOSE(N, 2.5, 0, 1e-15);
        LQ_CHECK_STATUS(lq_thermo_ws_set_TP(tws, T, 101325.0), LQ_OK);
        lq_phase_eval e = {0, 0, 0, NULL, NULL, NULL};
        LQ_CHECK_STATUS(lq_phase_evaluate(tws, 0, y, LQ_EVAL_G, &e), LQ_OK);
        double want = 0.5 * (-400000 + 50 * T) + 0.5 * (-600000 + 90 * T) +
                      LQ_GAS_CONSTANT_J_PER_MOL_K * T * 1.0 * log(0.5);
        LQ_CHECK_CLOSE(e.G, want, 1e-12, 0);
    } else {
        LQ_FAIL("Na-Mg-Cl system");
    }
    lq_thermo_ws_free(tws);
    lq_system_free(sys);
    lq_db_free(db);
}
