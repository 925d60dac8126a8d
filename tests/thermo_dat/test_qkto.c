/* SPDX-License-Identifier: GPL-3.0-or-later */
/* QKTO (Kohler-Toop) solutions of .dat files against Thermochimica's values; KT derivatives. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/core_internal.h"
#include "liquidus/units.h"
#include "lq_test.h"
#include "td.h"

static lq_db *read_corpus(const char *rel) {
    char buf[1024];
    lq_test_source_path(rel, buf, sizeof buf);
    lq_db *db = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st = lq_db_read_file(buf, &db, &d);
    if (st) fprintf(stderr, "%s: %s (line %ld)\n", rel, d.msg, d.line);
    LQ_CHECK_STATUS(st, LQ_OK);
    return db;
}

/* G of `phase` per mole of formula units at T with y given by constituent name. */
static int g_at(const lq_db *db, const char *const *comps, size_t nc, const char *phase, double T,
                const char *const *names, const double *yv, size_t n, double *G) {
    lq_system *sys = NULL;
    lq_thermo_ws *ws = NULL;
    lq_diag d;
    size_t ph = 0;
    int ok = 0;
    if (lq_system_create(db, comps, nc, NULL, 0, &sys, &d) == LQ_OK &&
        lq_system_phase_find(sys, phase, &ph) == LQ_OK && lq_thermo_ws_alloc(sys, &ws) == LQ_OK &&
        lq_thermo_ws_set_TP(ws, T, 101325.0) == LQ_OK) {
        double y[16] = {0};
        ok = 1;
        for (size_t k = 0; k < n; k++) {
            size_t i = td_constituent(sys, ph, names[k]);
            if (i >= 16) ok = 0;
            if (i < 16) y[i] = yv[k];
        }
        lq_phase_eval ev;
        memset(&ev, 0, sizeof ev);
        if (ok && lq_phase_evaluate(ws, ph, y, LQ_EVAL_G, &ev) == LQ_OK)
            *G = ev.G;
        else
            ok = 0;
    }
    lq_thermo_ws_free(ws);
    lq_system_free(sys);
    return ok;
}

/*
 * Kaye_Pd-Ru-Tc-Mo.dat (pycalphad's tests/databases, tests/data/tdb-corpus/pycalphad): pycalphad's
 * test_energy.py (commit c3766376, test_QKTO_binary_mixing, ..._extrapolation_binary_mixing,
 * ..._extrapolation) quotes Thermochimica's Gibbs energies per mole of the LIQN and HCPN
 * solutions at given fractions: binary Kohler terms, their extrapolation into the quaternary,
 * and ternary terms. Compared to the quoted digits: 6 significant (1e-5 relative) for the first
 * two, the third to 1e-6 relative (quoted to 8 digits; the gas constant of the .dat convention
 * against CODATA's differs by 2e-7).
 */
void test_dat_qkto_energies(void) {
    lq_db *db = read_corpus("tests/data/tdb-corpus/pycalphad/Kaye_Pd-Ru-Tc-Mo.dat");
    if (!db) return;
    const char *c2[2] = {"RU", "PD"}, *c4[4] = {"PD", "RU", "TC", "MO"};
    const char *n4[4] = {"MO", "TC", "RU", "PD"};
    const double y2[2] = {0.40, 0.60}, y4[4] = {0.025, 0.5, 0.4, 0.075};
    double G = 0.0;
    LQ_CHECK(g_at(db, c2, 2, "LIQN", 2500.0, c2, y2, 2, &G));
    printf("QKTO LIQN Ru-Pd 2500 K: G = %.3f J/mol (Thermochimica -1.89736E+05)\n", G);
    LQ_CHECK_CLOSE(G, -1.89736e5, 1e-5, 0.0);
    LQ_CHECK(g_at(db, c4, 4, "LIQN", 2500.0, n4, y4, 4, &G));
    printf("QKTO LIQN Mo-Tc-Ru-Pd 2500 K: G = %.3f J/mol (Thermochimica -1.85308E+05)\n", G);
    LQ_CHECK_CLOSE(G, -1.85308e5, 1e-5, 0.0);
    LQ_CHECK(g_at(db, c4, 4, "HCPN", 1500.0, n4, y4, 4, &G));
    printf("QKTO HCPN Mo-Tc-Ru-Pd 1500 K: G = %.4f J/mol (Thermochimica -90169.957)\n", G);
    LQ_CHECK_CLOSE(G, -90169.957, 1e-6, 0.0);
    lq_db_free(db);
}

/* One equilibrium; the result (NULL when it failed) and its system in *sys. */
static lq_eq_result *solve(const lq_db *db, const char *const *comps, size_t nc, const double *x,
                           double T, lq_system **sys, lq_eq_ws **ws) {
    lq_diag d;
    lq_eq_result *res = NULL;
    lq_status st = lq_system_create(db, comps, nc, NULL, 0, sys, &d);
    if (st) fprintf(stderr, "%s\n", d.msg);
    LQ_CHECK_STATUS(st, LQ_OK);
    if (st || lq_eq_ws_alloc(*sys, NULL, ws, &d) || lq_eq_result_alloc(*ws, &res)) return NULL;
    st = lq_eq_solve(*ws, T, x, nc, res, &d);
    if (st) fprintf(stderr, "%s\n", d.msg);
    LQ_CHECK_STATUS(st, LQ_OK);
    if (st) {
        lq_eq_result_free(res);
        return NULL;
    }
    return res;
}

/*
 * NobleMetals-Kaye.dat (Thermochimica's data folder, tests/data/tdb-corpus/thermochimica) at
 * 1973 K, 1 atm, 0.3 mol Mo, 0.4 Pd, 0.3 Ru: Thermochimica's daily test TestThermo47
 * (test/daily/TestThermo47.F90, commit 37dc8fa) asserts G = -1.38528E+05 J and the FCCN
 * solution's fractions Ru 0.13193, Mo 0.24756, Pd 0.62051 (HCPN is the other phase). G to the
 * quoted six digits (1e-5 relative), the fractions to the quoted five decimals (1e-5 absolute).
 */
void test_dat_qkto_noble(void) {
    lq_db *db = read_corpus("tests/data/tdb-corpus/thermochimica/NobleMetals-Kaye.dat");
    if (!db) return;
    const char *comps[3] = {"MO", "PD", "RU"};
    const double x[3] = {0.3, 0.4, 0.3};
    lq_system *sys = NULL;
    lq_eq_ws *ws = NULL;
    lq_eq_result *res = solve(db, comps, 3, x, 1973.0, &sys, &ws);
    if (res) {
        printf("NobleMetals 1973 K: G = %.2f J (Thermochimica -1.38528E+05), %zu phases\n", res->G,
               res->n_phases);
        LQ_CHECK_CLOSE(res->G, -1.38528e5, 1e-5, 0.0);
        LQ_CHECK(res->n_phases == 2);
        size_t fcc = 0, found = 0;
        LQ_CHECK_STATUS(lq_system_phase_find(sys, "FCCN", &fcc), LQ_OK);
        for (size_t p = 0; p < res->n_phases; p++) {
            if (res->phases[p].phase != fcc) continue;
            found = 1;
            const char *nm[3] = {"RU", "MO", "PD"};
            const double want[3] = {0.13193, 0.24756, 0.62051};
            for (int k = 0; k < 3; k++) {
                size_t i = td_constituent(sys, fcc, nm[k]);
                LQ_CHECK(i != (size_t)-1);
                if (i != (size_t)-1) LQ_CHECK_CLOSE(res->phases[p].y[i], want[k], 0.0, 1e-5);
            }
        }
        LQ_CHECK(found);
    }
    lq_eq_result_free(res);
    lq_eq_ws_free(ws);
    lq_system_free(sys);
    lq_db_free(db);
}

/*
 * ternaryMiscibility-Kaye.dat (tests/data/tdb-corpus/thermochimica) at 400 K, 1 mol each of Mo,
 * Tc, Ru, Pd: three BCCN solutions. Thermochimica's TestThermo65 (test/daily/TestThermo65.F90)
 * asserts G = -4.48928E+04 J and the three amounts 1.8231, 1.1145, 1.0625 mol. G to the quoted six
 * digits (1e-5), the amounts to the quoted five (5e-5 relative).
 */
void test_dat_qkto_miscibility(void) {
    lq_db *db = read_corpus("tests/data/tdb-corpus/thermochimica/ternaryMiscibility-Kaye.dat");
    if (!db) return;
    const char *comps[4] = {"MO", "TC", "RU", "PD"};
    const double x[4] = {0.25, 0.25, 0.25, 0.25};
    lq_system *sys = NULL;
    lq_eq_ws *ws = NULL;
    lq_eq_result *res = solve(db, comps, 4, x, 400.0, &sys, &ws);
    if (res) {
        printf("ternaryMiscibility 400 K: G = %.2f J (Thermochimica -4.48928E+04), %zu phases\n",
               4.0 * res->G, res->n_phases);
        LQ_CHECK_CLOSE(4.0 * res->G, -4.48928e4, 1e-5, 0.0);
        LQ_CHECK(res->n_phases == 3);
        const double want[3] = {1.8231, 1.1145, 1.0625};
        for (int k = 0; k < 3; k++) {
            int hit = 0;
            for (size_t p = 0; p < res->n_phases; p++)
                if (fabs(4.0 * res->phases[p].amount - want[k]) <= 5e-5 * want[k]) hit = 1;
            if (!hit) fprintf(stderr, "no BCCN amount %.4f\n", want[k]);
            LQ_CHECK(hit);
        }
    }
    lq_eq_result_free(res);
    lq_eq_ws_free(ws);
    lq_system_free(sys);
    lq_db_free(db);
}

/* Largest difference between the analytic dG/dy, d2G/dy2, dG/dT, d2G/dTdy of `phase` at y and
 * central differences (step h in y, 1e-3 K in T), relative to 1 + |value|. */
static double fd_error(lq_thermo_ws *ws, size_t ph, const double *y, size_t n, double T) {
    double g[16], H[256], ty[16], gp[16], gm[16], Hs[256], tys[16], yp[16];
    lq_phase_eval ev = {0, 0, 0, g, H, ty};
    lq_thermo_ws_set_TP(ws, T, 101325.0);
    if (lq_phase_evaluate(ws, ph, y, LQ_EVAL_ALL, &ev) != LQ_OK) return HUGE_VAL;
    double err = 0.0, h = 1e-6;
    for (size_t k = 0; k < n; k++) {
        lq_phase_eval ep = {0, 0, 0, gp, Hs, tys}, em = {0, 0, 0, gm, Hs, tys};
        memcpy(yp, y, n * sizeof *yp);
        yp[k] = y[k] + h;
        lq_phase_evaluate(ws, ph, yp, LQ_EVAL_ALL, &ep);
        yp[k] = y[k] - h;
        lq_phase_evaluate(ws, ph, yp, LQ_EVAL_ALL, &em);
        double fd = (ep.G - em.G) / (2.0 * h);
        err = fmax(err, fabs(fd - g[k]) / (1.0 + fabs(g[k])));
        for (size_t l = 0; l < n; l++) {
            double fh = (gp[l] - gm[l]) / (2.0 * h);
            err = fmax(err, fabs(fh - H[k * n + l]) / (1.0 + fabs(H[k * n + l])));
        }
    }
    lq_phase_eval ep = {0, 0, 0, gp, Hs, tys}, em = {0, 0, 0, gm, Hs, tys};
    lq_thermo_ws_set_TP(ws, T + 1e-3, 101325.0);
    lq_phase_evaluate(ws, ph, y, LQ_EVAL_ALL, &ep);
    lq_thermo_ws_set_TP(ws, T - 1e-3, 101325.0);
    lq_phase_evaluate(ws, ph, y, LQ_EVAL_ALL, &em);
    err = fmax(err, fabs((ep.G - em.G) / 2e-3 - ev.dG_dT) / (1.0 + fabs(ev.dG_dT)));
    for (size_t k = 0; k < n; k++)
        err = fmax(err, fabs((gp[k] - gm[k]) / 2e-3 - ty[k]) / (1.0 + fabs(ty[k])));
    return err;
}

/*
 * The Kohler-Toop terms' derivatives (products of integer powers of linear forms, negative ones
 * included) against central differences: the HCPN solution of Kaye_Pd-Ru-Tc-Mo.dat (binary and
 * ternary terms) and the SUBM liquid of ZrFeKClNaFOLi.dat (terms on both sublattices, Toop
 * groups, exponents 0) at scattered site fractions not summing to one (the model treats them as
 * independent). The differences' truncation error is h^2 |G'''| ~ 1e-12 * 1e5 and their
 * rounding 1e-16 |G| / h ~ 1e-5 relative to the gradient's scale: 1e-4 relative.
 */
void test_dat_kt_derivatives(void) {
    lq_db *db = read_corpus("tests/data/tdb-corpus/pycalphad/Kaye_Pd-Ru-Tc-Mo.dat");
    lq_db *db2 = td_read_shared("data/chemsage/ZrFeKClNaFOLi.dat");
    const char *c4[4] = {"PD", "RU", "TC", "MO"};
    const char *c8[8] = {"ZR", "FE", "K", "CL", "NA", "F", "O", "LI"};
    const lq_db *dbs[2] = {db, db2};
    const char *const *cs[2] = {c4, c8};
    const size_t ncs[2] = {4, 8};
    const char *phs[2] = {"HCPN", "TESTSOLN"};
    for (int m = 0; m < 2; m++) {
        if (!dbs[m]) continue;
        lq_system *sys = NULL;
        lq_thermo_ws *ws = NULL;
        lq_diag d;
        size_t ph = 0;
        LQ_CHECK_STATUS(lq_system_create(dbs[m], cs[m], ncs[m], NULL, 0, &sys, &d), LQ_OK);
        if (sys && lq_system_phase_find(sys, phs[m], &ph) == LQ_OK &&
            lq_thermo_ws_alloc(sys, &ws) == LQ_OK) {
            lq_phase_info in;
            lq_system_phase_info(sys, ph, &in);
            double y[16];
            for (size_t k = 0; k < in.n_constituents && k < 16; k++)
                y[k] = 0.05 + 0.9 * fmod(0.618034 * (double)(k + 1), 1.0);
            double e = fd_error(ws, ph, y, in.n_constituents, 1300.0);
            printf("%s: largest derivative error %.3g\n", phs[m], e);
            LQ_CHECK(e < 1e-4);
        } else {
            LQ_FAIL("phase not found");
        }
        lq_thermo_ws_free(ws);
        lq_system_free(sys);
    }
    lq_db_free(db);
    lq_db_free(db2);
}

static lq_db *qkto_cuagau(int kohler) {
    char text[2048];
    snprintf(text, sizeof text,
             " System Cu-Ag-Au\n 3 1 3 0\n Cu Ag Au\n 63.546 107.87 196.97\n"
             " 6 1 2 3 4 5 6\n 6 1 2 3 4 5 6\n LIQ\n QKTO\n"
             " Cu\n 1 1 1.0 0.0 0.0\n 6000.0 -1000.0 0 0 0 0 0\n 1.0 1\n"
             " Ag\n 1 1 0.0 1.0 0.0\n 6000.0 -2000.0 0 0 0 0 0\n 1.0 2\n"
             " Au\n 1 1 0.0 0.0 1.0\n 6000.0 -3000.0 0 0 0 0 0\n 2.0 1\n"
             " 2\n 1 2 2 1 -10000.0 0 0 0 0 0\n"
             " 3\n 1 2 3 1 1 1 5000.0 0 0 0 0 0\n%s",
             kohler ? " -1\n 1 2 3K 1 2K 1 3K 2 3 6\n" : " 0\n");
    lq_db *db = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st = lq_db_read_string(text, "cuagau.dat", &db, &d);
    if (st) fprintf(stderr, "%s (line %ld)\n", d.msg, d.line);
    LQ_CHECK_STATUS(st, LQ_OK);
    return db;
}

/*
 * The Kohler-Toop polynomial written out: QKTO species Cu, Ag, Au (stoichiometric factors 1, 1,
 * 2; chemical groups 1, 2, 1), a binary parameter (Cu, Ag) with exponents 2, 1 and a ternary one.
 * With equivalent fractions Y = w x / W, W = sum w x, per mole of species (PolyRegularQKTO)
 *   G = sum x G + R T sum x ln x + W L2 xi1 / (xi1 + xi2) Y_Cu Y_Ag + W L3 Y_Cu Y_Ag Y_Au,
 * Toop by the groups (Au goes with Cu: xi1 = Y_Cu + Y_Au, xi2 = Y_Ag) and, with an override that
 * makes the triad Kohler, xi1 = Y_Cu, xi2 = Y_Ag. 1e-12 relative (the same arithmetic).
 */
void test_dat_qkto_written_out(void) {
    const double x[3] = {0.2, 0.3, 0.5}, w[3] = {1.0, 1.0, 2.0}, T = 1000.0,
                 R = LQ_GAS_CONSTANT_J_PER_MOL_K;
    const char *comps[3] = {"CU", "AG", "AU"};
    for (int kohler = 0; kohler < 2; kohler++) {
        lq_db *db = qkto_cuagau(kohler);
        if (!db) continue;
        double G = 0.0;
        LQ_CHECK(g_at(db, comps, 3, "LIQ", T, comps, x, 3, &G));
        double W = 0.0, Y[3];
        for (int k = 0; k < 3; k++) W += w[k] * x[k];
        for (int k = 0; k < 3; k++) Y[k] = w[k] * x[k] / W;
        double want = -1000.0 * x[0] - 2000.0 * x[1] - 3000.0 * x[2];
        for (int k = 0; k < 3; k++) want += R * T * x[k] * log(x[k]);
        double xi1 = kohler ? Y[0] : Y[0] + Y[2], xi2 = Y[1];
        want += W * -10000.0 * xi1 / (xi1 + xi2) * Y[0] * Y[1];
        want += W * 5000.0 * Y[0] * Y[1] * Y[2];
        printf("QKTO Cu-Ag-Au %s: G = %.9g (written out %.9g)\n", kohler ? "Kohler" : "Toop", G,
               want);
        LQ_CHECK_CLOSE(G, want, 1e-12, 0.0);
        lq_db_free(db);
    }
}

/*
 * FeTiVO.dat (tests/thermo_dat/data, Thermochimica's data folder): oxides with a SUBG slag, SUBL
 * rutile and hematite, a QKTO solution and the ideal gas, whose species carry R T ln(P / 1 bar)
 * (Thermochimica's convention; 1 atm is not 1 bar). Thermochimica's daily tests TestThermo57-61
 * (test/daily/TestThermo57.F90 .. 61, commit 37dc8fa) quote the integral G at 1 atm for these
 * amounts (mol), and TestThermo57 the fraction of the first quadruplet of SlagBsoln (FeFe/OO,
 * 1.0885E-2) and of Fe in Hemasoln (5.6813E-2). G to the quoted six digits (1e-5 relative), the
 * fractions to the quoted five (1e-4 relative).
 */
void test_dat_fetivo(void) {
    char buf[1024];
    lq_test_source_path("tests/thermo_dat/data/FeTiVO.dat", buf, sizeof buf);
    lq_db *db = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    LQ_CHECK_STATUS(lq_db_read_file(buf, &db, &d), LQ_OK);
    if (!db) return;
    static const struct {
        int test;
        double T, mol[4]; /* O Ti V Fe */
        double G;
    } cases[] = {
        {57, 2000.0, {2.0, 0.5, 0.5, 0.5}, -1.21336e6},
        {58, 2000.0, {2.0, 0.5, 0.0, 0.5}, -1.00057e6},
        {59, 2000.0, {2.0, 0.0, 0.5, 0.5}, -8.92127e5},
        {60, 2000.0, {2.0, 0.5, 0.5, 0.0}, -1.09209e6},
        {61, 1000.0, {2.0, 0.5, 0.0, 0.0}, -6.24557e5},
    };
    static const char *const el[4] = {"O", "TI", "V", "FE"};
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        const char *comps[4];
        double x[4], total = 0.0;
        size_t nc = 0;
        for (int e = 0; e < 4; e++)
            if (cases[c].mol[e] > 0.0) {
                comps[nc] = el[e];
                x[nc++] = cases[c].mol[e];
                total += cases[c].mol[e];
            }
        for (size_t k = 0; k < nc; k++) x[k] /= total;
        lq_system *sys = NULL;
        lq_eq_ws *ws = NULL;
        lq_eq_result *res = solve(db, comps, nc, x, cases[c].T, &sys, &ws);
        if (res) {
            printf("FeTiVO TestThermo%d: G = %.1f J (Thermochimica %.6g)\n", cases[c].test,
                   total * res->G, cases[c].G);
            LQ_CHECK_CLOSE(total * res->G, cases[c].G, 1e-5, 0.0);
            if (cases[c].test == 57) {
                size_t slag = 0, hema = 0;
                int found = 0;
                LQ_CHECK_STATUS(lq_system_phase_find(sys, "SLAGBSOLN", &slag), LQ_OK);
                LQ_CHECK_STATUS(lq_system_phase_find(sys, "HEMASOLN", &hema), LQ_OK);
                size_t iq = td_constituent(sys, slag, "FE+3,FE+3/O-2,O-2");
                size_t ife = td_constituent(sys, hema, "FE");
                for (size_t p = 0; p < res->n_phases; p++) {
                    if (res->phases[p].phase == slag && iq != (size_t)-1) {
                        LQ_CHECK_CLOSE(res->phases[p].y[iq], 1.0885e-2, 1e-4, 0.0);
                        found++;
                    }
                    if (res->phases[p].phase == hema && ife != (size_t)-1) {
                        LQ_CHECK_CLOSE(res->phases[p].y[ife], 5.6813e-2, 1e-4, 0.0);
                        found++;
                    }
                }
                LQ_CHECK(found == 2);
            }
        }
        lq_eq_result_free(res);
        lq_eq_ws_free(ws);
        lq_system_free(sys);
    }
    lq_db_free(db);
}

/* Reads `path` (or the text when path is NULL), builds the system and evaluates `phase` with all
 * derivatives; the first failing status. */
static lq_status kt_chain(const char *path, const char *text, const char *const *comps, size_t nc,
                          const char *phase) {
    lq_db *db = NULL;
    lq_system *sys = NULL;
    lq_thermo_ws *ws = NULL;
    lq_status st =
        path ? lq_db_read_file(path, &db, NULL) : lq_db_read_string(text, "kt.dat", &db, NULL);
    size_t ph = 0;
    if (st == LQ_OK) st = lq_system_create(db, comps, nc, NULL, 0, &sys, NULL);
    if (st == LQ_OK) st = lq_system_phase_find(sys, phase, &ph);
    if (st == LQ_OK) st = lq_thermo_ws_alloc(sys, &ws);
    if (st == LQ_OK) st = lq_thermo_ws_set_TP(ws, 1200.0, 101325.0);
    if (st == LQ_OK) {
        double y[16], g[16], H[256], ty[16];
        for (int k = 0; k < 16; k++) y[k] = 0.3;
        lq_phase_eval ev = {0, 0, 0, g, H, ty};
        st = lq_phase_evaluate(ws, ph, y, LQ_EVAL_ALL, &ev);
    }
    lq_thermo_ws_free(ws);
    lq_system_free(sys);
    lq_db_free(db);
    return st;
}

/*
 * Every allocation of the QKTO, SUBM and SUBI case-12 paths (reader records, system terms, model
 * data) failing in turn: each run ends in LQ_ENOMEM without a leak (ASan checks the leaks) until
 * the budget suffices and the chain succeeds.
 */
void test_dat_kt_alloc_failures(void) {
    char zr[1024];
    if (lq_test_shared_path("data/chemsage/ZrFeKClNaFOLi.dat", zr, sizeof zr)) return;
    char cuagau[2048];
    snprintf(cuagau, sizeof cuagau,
             " System Cu-Ag-Au\n 3 1 3 0\n Cu Ag Au\n 63.546 107.87 196.97\n"
             " 6 1 2 3 4 5 6\n 6 1 2 3 4 5 6\n LIQ\n QKTO\n"
             " Cu\n 1 1 1.0 0.0 0.0\n 6000.0 -1000.0 0 0 0 0 0\n 1.0 1\n"
             " Ag\n 1 1 0.0 1.0 0.0\n 6000.0 -2000.0 0 0 0 0 0\n 1.0 2\n"
             " Au\n 1 1 0.0 0.0 1.0\n 6000.0 -3000.0 0 0 0 0 0\n 2.0 1\n"
             " 2\n 1 2 2 1 -10000.0 0 0 0 0 0\n"
             " 3\n 1 2 3 1 1 1 5000.0 0 0 0 0 0\n -1\n 1 2 3K 1 2K 1 3K 2 3 6\n");
    const char *c3[3] = {"CU", "AG", "AU"}, *c4[4] = {"LI", "NA", "F", "CL"};
    for (int which = 0; which < 2; which++) {
        int done = 0, nomem = 0;
        for (long n = 0; n < 100000 && !done; n++) {
            lqi_alloc_fail_after(n);
            lq_status st = which == 0 ? kt_chain(NULL, cuagau, c3, 3, "LIQ")
                                      : kt_chain(zr, NULL, c4, 4, "TESTSOLN");
            lqi_alloc_fail_after(-1);
            if (st == LQ_OK) {
                done = 1;
            } else if (st == LQ_ENOMEM) {
                nomem++;
            } else {
                fprintf(stderr, "  allocation %ld: status %s\n", n, lq_status_str(st));
                LQ_CHECK(0);
                break;
            }
        }
        printf("Kohler-Toop chain %d: %d allocation failures, all LQ_ENOMEM\n", which, nomem);
        LQ_CHECK(done && nomem > 10);
    }
}
