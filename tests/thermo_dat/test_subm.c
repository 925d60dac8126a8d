/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The SUBM liquid of ZrFeKClNaFOLi.dat against Thermochimica's test values. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lq_test.h"
#include "td.h"

/*
 * ZrFeKClNaFOLi.dat (../shared/data/chemsage, from Thermochimica's data folder, commit 37dc8fa):
 * one SUBM phase "testsoln" (Li, Na, Fe, K, Zr cations : F, Cl, O anions) with binary and ternary
 * Kohler-Toop parameters on both sublattices, and dummy compounds only. Thermochimica's daily
 * tests TestThermo80 .. TestThermo89 (test/daily/TestThermo80.F90 .. TestThermo89.F90, commit
 * 37dc8fa) give the integral Gibbs energy at 1000 K, 1 atm for these element amounts (mol); each
 * is one liquid whose site fractions follow from the amounts, so the number is the model's G
 * there. Compared to the quoted six digits (1e-5 relative: half a unit of the last digit is at
 * most 1e-5 of these values); Thermochimica's own tests accept 1e-3. (Thermochimica at that
 * commit, built here, prints -1.50052E+04 for TestThermo87 with a functional norm of 1e-2, that
 * is not converged; its test quotes -1.50268E+04, which is the model's value.)
 *
 * First the liquid's G at the site fractions of the overall amounts (y of a cation = its share
 * of the cations, of an anion its share of the anions; (moles of cations) / P formula units).
 * Then the equilibrium: the same single liquid in seven cases; in TestThermo81, 85 and 89 the
 * liquid splits into two (a miscibility gap) of lower G. Thermochimica looks for a second
 * liquid only when the file lists the phase twice, which this one does not, so its value is the
 * homogeneous liquid's: here the equilibrium must have two liquids and a G below it by more
 * than the 1e-5 to which that value is known.
 */
typedef struct subm_case {
    int test;
    double mol[8]; /* Zr Fe K Cl Na F O Li */
    double G;
    size_t nliq; /* liquids at equilibrium */
} subm_case;

static const subm_case subm_cases[] = {
    {80, {0, 0.3, 0.2, 0, 0.4, 1.6, 0, 0.1}, -4.89601e4, 1},
    {81, {0, 0.3, 0.2, 0, 0.4, 0, 0.8, 0.1}, -5.12663e4, 2},
    {82, {0, 0, 0, 0.5, 0, 0.3, 0.2, 1.2}, -4.52110e4, 1},
    {83, {0, 0.3, 0.2, 1.6, 0.4, 0, 0, 0.1}, -5.89226e4, 1},
    {84, {0, 0, 1.2, 0.5, 0, 0.3, 0.2, 0}, -1.76944e4, 1},
    {85, {0, 3, 4, 2, 2, 12, 1, 1}, -5.64332e5, 2},
    {86, {1, 0, 0, 0, 0, 0, 3, 2}, -1.01677e5, 1},
    {87, {1, 0, 0, 2, 0, 0, 1, 0}, -1.50268e4, 1},
    {88, {1, 0, 0, 0, 0, 5, 1, 3}, -1.90265e5, 1},
    {89, {5, 3, 4, 2, 2, 12, 11, 1}, -7.61628e5, 2},
};

void test_dat_subm_thermochimica(void) {
    lq_db *db = td_read_shared("data/chemsage/ZrFeKClNaFOLi.dat");
    if (!db) return;
    static const char *const el[8] = {"ZR", "FE", "K", "CL", "NA", "F", "O", "LI"};
    for (size_t c = 0; c < sizeof subm_cases / sizeof *subm_cases; c++) {
        const subm_case *tc = &subm_cases[c];
        const char *comps[8];
        double x[8], total = 0.0;
        size_t nc = 0;
        for (int e = 0; e < 8; e++)
            if (tc->mol[e] > 0.0) {
                comps[nc] = el[e];
                x[nc++] = tc->mol[e];
                total += tc->mol[e];
            }
        for (size_t k = 0; k < nc; k++) x[k] /= total;
        lq_system *sys = NULL;
        lq_eq_ws *ws = NULL;
        lq_eq_result *res = NULL;
        lq_diag d;
        lq_diag_clear(&d);
        lq_status st = lq_system_create(db, comps, nc, NULL, 0, &sys, &d);
        if (st) fprintf(stderr, "%s\n", d.msg);
        LQ_CHECK_STATUS(st, LQ_OK);
        size_t liq = 0;
        if (st == LQ_OK) LQ_CHECK_STATUS(lq_system_phase_find(sys, "TESTSOLN", &liq), LQ_OK);
        if (st == LQ_OK) {
            /* the homogeneous liquid */
            lq_phase_info in;
            lq_thermo_ws *tws = NULL;
            LQ_CHECK_STATUS(lq_system_phase_info(sys, liq, &in), LQ_OK);
            double y[8] = {0}, ncat = 0.0, nani = 0.0, N = 0.0;
            for (size_t k = 0; k < in.n_constituents && k < 8; k++)
                for (size_t e = 0; e < nc; e++)
                    if (in.constituent_comp[k * nc + e] > 0.0) {
                        y[k] = x[e];
                        if (in.sublattice_of[k] == 0) ncat += x[e];
                        if (in.sublattice_of[k] == 1) nani += x[e];
                    }
            for (size_t k = 0; k < in.n_constituents && k < 8; k++)
                y[k] /= in.sublattice_of[k] == 0 ? ncat : nani;
            lq_phase_eval ev;
            memset(&ev, 0, sizeof ev);
            if (lq_thermo_ws_alloc(sys, &tws) == LQ_OK &&
                lq_thermo_ws_set_TP(tws, 1000.0, 101325.0) == LQ_OK &&
                lq_phase_evaluate(tws, liq, y, LQ_EVAL_G, &ev) == LQ_OK &&
                lq_phase_atoms(sys, liq, y, &N, NULL) == LQ_OK) {
                const double Gh = total / N * ev.G; /* total / N formula units */
                printf("SUBM TestThermo%d: homogeneous liquid G = %.2f J (Thermochimica %.6g)\n",
                       tc->test, Gh, tc->G);
                LQ_CHECK_CLOSE(Gh, tc->G, 1e-5, 0.0);
            } else {
                LQ_FAIL("liquid not evaluated");
            }
            lq_thermo_ws_free(tws);
        }
        if (st == LQ_OK && lq_eq_ws_alloc(sys, NULL, &ws, &d) == LQ_OK &&
            lq_eq_result_alloc(ws, &res) == LQ_OK) {
            st = lq_eq_solve(ws, 1000.0, x, nc, res, &d);
            if (st) fprintf(stderr, "TestThermo%d: %s\n", tc->test, d.msg);
            LQ_CHECK_STATUS(st, LQ_OK);
            if (st == LQ_OK) {
                printf("  equilibrium G = %.2f J, %zu liquid(s)\n", total * res->G, res->n_phases);
                LQ_CHECK(res->n_phases == tc->nliq);
                for (size_t p = 0; p < res->n_phases; p++) LQ_CHECK(res->phases[p].phase == liq);
                if (tc->nliq == 1)
                    LQ_CHECK_CLOSE(total * res->G, tc->G, 1e-5, 0.0);
                else
                    LQ_CHECK(total * res->G < tc->G * (1.0 + 2e-5));
            }
        }
        lq_eq_result_free(res);
        lq_eq_ws_free(ws);
        lq_system_free(sys);
    }
    lq_db_free(db);
}
