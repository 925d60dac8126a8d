/* SPDX-License-Identifier: GPL-3.0-or-later */
/* NaCl-MgCl2 with the MQMQA: OpenCalphad's MgNaCl-MQMQA.TDB and the same data as a ChemSage file
 * against Thermochimica (liquid states, liquidus temperatures). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lq_test.h"
#include "td.h"

/*
 * Reference values from Thermochimica (ORNL-CEES/thermochimica 37dc8fa) run outside liquidus on
 * tests/thermo_dat/data/MgCl2-NaCl.dat (the liquid and salts of MgNaCl-MQMQA.TDB written as a
 * ChemSage file: pair energies GLIQNACL, GLIQMGCL, coordination numbers and excess terms from the
 * .dat lines that OpenCalphad's converter kept as comments in the TDB) by
 * tests/thermo_dat/thermochimica/tc_run.py; its output is tests/thermo_dat/thermochimica/
 * MgCl2-NaCl.csv. Per point: T, x(MgCl2) of the pseudo-binary, the liquid's quadruplet fractions
 * (NaNa, MgMg, NaMg /ClCl; 5 significant digits) and element potentials (7 digits; the potentials
 * of a salt system are fixed only up to a multiple of the ions' charges, so only the salts'
 * potentials mu_Na + mu_Cl and mu_Mg + 2 mu_Cl are compared).
 */
typedef struct tc_point {
    double T, xm, y[3], mu_cl, mu_mg, mu_na;
    const char *solid; /* solid on the liquidus, NULL for a liquid state only */
} tc_point;

static const tc_point points[] = {
    /* 1000 K, x(MgCl2) = 0.3, one liquid (Thermochimica's integral G -5.99143E+05 J) */
    {1000.0, 0.3, {0.32107, 0.095963, 0.58296}, -2.545276e5, -2.869433e5, -2.602490e5, NULL},
    /* liquidus points of thermochimica/MgCl2-NaCl.csv (T to 0.01 K by bisection) */
    {1031.831, 0.1, {0.78361, 0.0047682, 0.21163}, -635787.7, 447652.8, 120703.3, "NaCl_s"},
    {963.466, 0.2, {0.54187, 0.027915, 0.43021}, -493897.7, 191070.5, -11682.17, "NaCl_s"},
    {941.682, 0.8, {0.0056739, 0.77841, 0.21592}, -386713.5, 13331.77, -143031.1, "MgCl2_s"},
    {972.972, 0.9, {0.0011868, 0.8948, 0.10401}, -143510.0, -478779.4, -399726.6, "MgCl2_s"},
};

/* Liquid's quadruplet fractions in the system's order from (NaNa, MgMg, NaMg): names of the .dat
 * reader (ions with charges) or of the TDB reader (element species, Na listed first). */
static int liquid_y(const lq_system *sys, size_t ph, const double *yr, double *y) {
    static const char *const nm[2][3] = {
        {"NA+1,NA+1/CL-1,CL-1", "MG+2,MG+2/CL-1,CL-1", "NA+1,MG+2/CL-1,CL-1"},
        {"NA,NA/CL,CL", "MG,MG/CL,CL", "NA,MG/CL,CL"}};
    for (int k = 0; k < 3; k++) {
        size_t i = td_constituent(sys, ph, nm[0][k]);
        if (i > 2) i = td_constituent(sys, ph, nm[1][k]);
        if (i > 2) return -1;
        y[i] = yr[k];
    }
    return 0;
}

/* A salt by its .dat name ("NaCl_s"): NACL_S in the .dat database, NACL in the TDB. */
static int find_solid(const lq_system *sys, const char *name, size_t *s) {
    char up[64];
    snprintf(up, sizeof up, "%s", name);
    for (char *c = up; *c; c++) *c = (char)(*c >= 'a' && *c <= 'z' ? *c - 32 : *c);
    if (lq_system_phase_find(sys, up, s) == LQ_OK) return 0;
    char *u = strstr(up, "_S");
    if (u) *u = '\0';
    return lq_system_phase_find(sys, up, s) == LQ_OK ? 0 : -1;
}

/* G per formula unit of a stoichiometric phase and its moles of CL, MG, NA. */
static double solid_G(lq_thermo_ws *ws, const lq_system *sys, size_t s, double M[3]) {
    lq_phase_info si;
    lq_system_phase_info(sys, s, &si);
    double ys[8] = {1, 1, 1, 1, 1, 1, 1, 1};
    for (int c = 0; c < 3; c++) M[c] = 0.0;
    for (size_t k = 0; k < si.n_constituents; k++)
        for (size_t c = 0; c < 3; c++)
            M[c] += si.site_ratio[si.sublattice_of[k]] * si.constituent_comp[k * 3 + c];
    lq_phase_eval es = {0.0, 0.0, 0.0, NULL, NULL, NULL};
    if (lq_phase_evaluate(ws, s, ys, LQ_EVAL_G, &es) != LQ_OK) return NAN;
    return es.G;
}

/*
 * Smallest G_liq(y) - sum_c M_c(y) mu_c over the liquid's quadruplet fractions (the liquid's
 * driving force against the plane mu): Newton on the two free fractions (y3 = 1 - y1 - y2) with
 * the analytic gradient and Hessian, steps shortened to keep y > 0; stops when the reduced
 * gradient is below 1e-7 J/mol.
 */
static double liquid_df(lq_thermo_ws *ws, const lq_phase_info *in, size_t liq, const double mu[3],
                        double y[3]) {
    y[0] = y[1] = y[2] = 1.0 / 3.0;
    double df = NAN;
    for (int it = 0; it < 200; it++) {
        double g[3], H[9], gT[3], r[3];
        lq_phase_eval ev = {0.0, 0.0, 0.0, g, H, gT};
        if (lq_phase_evaluate(ws, liq, y, LQ_EVAL_G | LQ_EVAL_DY | LQ_EVAL_DY2, &ev)) return NAN;
        df = ev.G;
        for (int q = 0; q < 3; q++) {
            r[q] = 0.0;
            for (int c = 0; c < 3; c++) r[q] += in->constituent_comp[q * 3 + c] * mu[c];
            df -= y[q] * r[q];
        }
        double d1 = (g[0] - r[0]) - (g[2] - r[2]), d2 = (g[1] - r[1]) - (g[2] - r[2]);
        if (fabs(d1) + fabs(d2) < 1e-7) break;
        double a = H[0] - 2 * H[2] + H[8], b = H[1] - H[2] - H[5] + H[8],
               c = H[4] - 2 * H[5] + H[8];
        double det = a * c - b * b, s1, s2;
        if (a > 0 && det > 0) {
            s1 = -(c * d1 - b * d2) / det;
            s2 = -(-b * d1 + a * d2) / det;
        } else { /* not convex here: a short gradient step */
            double n = sqrt(d1 * d1 + d2 * d2);
            s1 = -0.01 * d1 / n;
            s2 = -0.01 * d2 / n;
        }
        double dy[3] = {s1, s2, -s1 - s2}, alpha = 1.0;
        for (int q = 0; q < 3; q++)
            if (dy[q] < 0.0 && y[q] + alpha * dy[q] < 0.1 * y[q]) alpha = -0.9 * y[q] / dy[q];
        for (int q = 0; q < 3; q++) y[q] += alpha * dy[q];
    }
    return df;
}

/*
 * Eutectics: at Thermochimica's solidus temperature of a composition between two salts, those
 * salts fix mu(NaCl) and mu(MgCl2) (gauge mu_Cl = 0), and the liquid just touches that plane:
 * our eutectic temperature is where the smallest driving force of the liquid crosses zero,
 * found by bisection to 1e-4 K. Thermochimica's temperature is the upper end of a 0.01 K
 * bracket; we allow 0.05 K.
 */
static void check_eutectic(lq_thermo_ws *ws, const lq_system *sys, size_t liq, const char *s1,
                           const char *s2, double T_tc, const char *path) {
    size_t a, b;
    if (find_solid(sys, s1, &a) || find_solid(sys, s2, &b)) {
        LQ_FAIL("eutectic solids not found");
        return;
    }
    lq_phase_info in;
    lq_system_phase_info(sys, liq, &in);
    double lo = T_tc - 5.0, hi = T_tc + 5.0, dflo = NAN, dfhi = NAN, y[3];
    for (int it = 0; it < 40 && hi - lo > 1e-4; it++) {
        double T = it < 2 ? (it == 0 ? lo : hi) : 0.5 * (lo + hi);
        lq_thermo_ws_set_TP(ws, T, 101325.0);
        double Ma[3], Mb[3];
        double Ga = solid_G(ws, sys, a, Ma), Gb = solid_G(ws, sys, b, Mb);
        /* mu_Cl = 0: Ma_Mg mu_Mg + Ma_Na mu_Na = Ga, likewise for b */
        double det = Ma[1] * Mb[2] - Ma[2] * Mb[1];
        double mu[3] = {0.0, (Ga * Mb[2] - Gb * Ma[2]) / det, (Ma[1] * Gb - Mb[1] * Ga) / det};
        double df = liquid_df(ws, &in, liq, mu, y);
        if (it == 0) {
            dflo = df;
        } else if (it == 1) {
            dfhi = df;
            LQ_CHECK(dflo > 0.0 && dfhi < 0.0); /* liquid unstable below, stable above */
            if (!(dflo > 0.0 && dfhi < 0.0)) return;
        } else if (df > 0.0) {
            lo = T;
        } else {
            hi = T;
        }
    }
    double T = 0.5 * (lo + hi);
    LQ_CHECK_CLOSE(T, T_tc, 0.0, 0.05);
    printf(
        "  %s: eutectic L = %s + %s at %.3f K (Thermochimica %.3f K), liquid y = %.4f %.4f "
        "%.4f\n",
        path, s1, s2, T, T_tc, y[0], y[1], y[2]);
}

/*
 * At Thermochimica's state the liquid must be at equilibrium in our model: G per mole of
 * quadruplets equal to sum_c M_c mu_c (a tangent plane), and dG/dy_q - sum_c comp_qc mu_c the same
 * for every quadruplet (the multiplier of sum y = 1); on the liquidus also G(solid) =
 * mu(salt). Tolerances: the fractions carry 5 digits, so G of the liquid moves by up to
 * |dG/dy - lambda| * 5e-6 ~ 1e5 * 5e-6 = 0.5 J/mol and the multiplier likewise; we allow
 * 2 J/mol (2e-6 relative to G ~ 5e5-8e5 J/mol), which a 1 K shift of the liquidus (S ~ 20 J/mol/K
 * of fusion) would exceed tenfold.
 */
static void check_file(const char *path, int shared) {
    lq_db *db = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    char buf[1024];
    if (shared) {
        if (lq_test_shared_path(path, buf, sizeof buf)) return;
    } else {
        lq_test_source_path(path, buf, sizeof buf);
    }
    lq_status st = lq_db_read_file(buf, &db, &d);
    if (st) fprintf(stderr, "%s: %s (line %ld)\n", path, d.msg, d.line);
    LQ_CHECK_STATUS(st, LQ_OK);
    if (!db) return;
    const char *comps[3] = {"CL", "MG", "NA"};
    lq_system *sys = NULL;
    st = lq_system_create(db, comps, 3, NULL, 0, &sys, &d);
    if (st) fprintf(stderr, "%s: %s\n", path, d.msg);
    LQ_CHECK_STATUS(st, LQ_OK);
    lq_thermo_ws *ws = NULL;
    size_t liq;
    if (!sys || lq_thermo_ws_alloc(sys, &ws) != LQ_OK ||
        lq_system_phase_find(sys, "SALT", &liq) != LQ_OK) {
        LQ_FAIL("no SALT phase");
        lq_thermo_ws_free(ws);
        lq_system_free(sys);
        lq_db_free(db);
        return;
    }
    lq_phase_info in;
    lq_system_phase_info(sys, liq, &in);
    LQ_CHECK(in.n_constituents == 3);
    for (size_t p = 0; p < sizeof points / sizeof *points; p++) {
        const tc_point *pt = &points[p];
        double y[3] = {0}, g[3], H[9], gT[3];
        if (liquid_y(sys, liq, pt->y, y)) {
            LQ_FAIL("quadruplet names");
            break;
        }
        LQ_CHECK_STATUS(lq_thermo_ws_set_TP(ws, pt->T, 101325.0), LQ_OK);
        lq_phase_eval ev = {0.0, 0.0, 0.0, g, H, gT};
        LQ_CHECK_STATUS(lq_phase_evaluate(ws, liq, y, LQ_EVAL_ALL, &ev), LQ_OK);
        const double mu[3] = {pt->mu_cl, pt->mu_mg, pt->mu_na};
        double plane = 0.0, lam[3];
        for (int q = 0; q < 3; q++) {
            double r = 0.0;
            for (int c = 0; c < 3; c++) r += in.constituent_comp[q * 3 + c] * mu[c];
            plane += y[q] * r;
            lam[q] = g[q] - r;
        }
        LQ_CHECK_CLOSE(ev.G, plane, 0.0, 2.0);
        LQ_CHECK_CLOSE(lam[1], lam[0], 0.0, 2.0);
        LQ_CHECK_CLOSE(lam[2], lam[0], 0.0, 2.0);
        if (pt->solid) {
            size_t s;
            if (find_solid(sys, pt->solid, &s)) {
                LQ_FAIL("solid phase not found");
                continue;
            }
            double M[3], musalt = 0.0;
            double Gs = solid_G(ws, sys, s, M);
            for (int c = 0; c < 3; c++) musalt += M[c] * mu[c];
            /* 2 J per mole of formula units: see above */
            LQ_CHECK_CLOSE(Gs, musalt, 0.0, 2.0);
            printf("  %s: liquidus %.3f K at x(MgCl2) = %.2f (%s): G(solid) - mu = %.3f J/mol\n",
                   path, pt->T, pt->xm, pt->solid, Gs - musalt);
        }
    }
    /* the three eutectics of thermochimica/MgCl2-NaCl.csv (solidus at x = 0.2, 0.45, 0.6) */
    check_eutectic(ws, sys, liq, "NaCl_s", "Na2MgCl4_s", 748.123, path);
    check_eutectic(ws, sys, liq, "Na2MgCl4_s", "NaMgCl3_s", 732.315, path);
    check_eutectic(ws, sys, liq, "NaMgCl3_s", "MgCl2_s", 738.654, path);
    lq_thermo_ws_free(ws);
    lq_system_free(sys);
    lq_db_free(db);
}

/* Also OpenCalphad's other TDB form of the same data (examples/macros/MgNaClX.TDB: pair and
 * quadruplet species "SPECIES NA/CL NA/CL 6 6 2.4" named in the CONSTITUENT as NA/CL-Q). */
void test_dat_nacl_mgcl2(void) {
    check_file("data/tdb/MgNaCl-MQMQA.TDB", 1);
    check_file("tests/data/tdb-corpus/opencalphad/MgNaClX.TDB", 0);
    check_file("tests/thermo_dat/data/MgCl2-NaCl.dat", 0);
}
