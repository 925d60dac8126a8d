/* SPDX-License-Identifier: GPL-3.0-or-later */
/* MQMQA Gibbs energies against Thermochimica's numbers, and analytic against numerical
 * derivatives. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lq_test.h"
#include "td.h"

/*
 * KF-NiF2 liquid (SUBG) of KF-NIF2_switched.dat at T = 1600 K and the quadruplet fractions of
 * pycalphad's test_DAT_coordination_numbers_are_order_invariant (pycalphad/tests/test_energy.py,
 * pycalphad 0.11): Thermochimica's energy there is GM = -3.35720E+05 J/mol of atoms, and the
 * moles per mole of atoms are K 0.2, Ni 0.2, F 0.6. The reference carries 6 significant digits,
 * hence the 2e-5 relative tolerance (half a unit of the last digit is 1.5e-6 relative; pycalphad
 * asserts 1e-5).
 */
void test_dat_mqmqa_reference(void) {
    lq_db *db = td_read_shared("data/chemsage/KF-NIF2_switched.dat");
    if (!db) return;
    const char *comps[3] = {"K", "NI", "F"};
    const char *phases[1] = {"LIQUID2"};
    lq_system *sys = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st = lq_system_create(db, comps, 3, phases, 1, &sys, &d);
    if (st) fprintf(stderr, "%s\n", d.msg);
    LQ_CHECK_STATUS(st, LQ_OK);
    lq_thermo_ws *ws = NULL;
    if (sys && lq_thermo_ws_alloc(sys, &ws) == LQ_OK) {
        lq_phase_info in;
        LQ_CHECK_STATUS(lq_system_phase_info(sys, 0, &in), LQ_OK);
        LQ_CHECK(in.n_constituents == 3);
        double y[3] = {0};
        size_t k;
        if ((k = td_constituent(sys, 0, "NI+2,NI+2/F-1,F-1")) < 3) y[k] = 0.36820754040431064;
        if ((k = td_constituent(sys, 0, "NI+2,K+1/F-1,F-1")) < 3) y[k] = 0.52716983838275622;
        if ((k = td_constituent(sys, 0, "K+1,K+1/F-1,F-1")) < 3) y[k] = 0.10462262121293306;
        LQ_CHECK(y[0] > 0.0 && y[1] > 0.0 && y[2] > 0.0);
        LQ_CHECK_STATUS(lq_thermo_ws_set_TP(ws, 1600.0, 101325.0), LQ_OK);
        lq_phase_eval ev = {0.0, 0.0, 0.0, NULL, NULL, NULL};
        LQ_CHECK_STATUS(lq_phase_evaluate(ws, 0, y, LQ_EVAL_G, &ev), LQ_OK);
        double N = 0.0, M[3] = {0};
        LQ_CHECK_STATUS(lq_phase_atoms(sys, 0, y, &N, NULL), LQ_OK);
        for (size_t q = 0; q < 3; q++)
            for (size_t c = 0; c < 3; c++) M[c] += y[q] * in.constituent_comp[q * 3 + c] / N;
        LQ_CHECK_CLOSE(ev.G / N, -3.35720e5, 2e-5, 0.0);
        LQ_CHECK_CLOSE(M[0], 0.2, 1e-5, 0.0); /* fractions derived from 17-digit inputs */
        LQ_CHECK_CLOSE(M[1], 0.2, 1e-5, 0.0);
        LQ_CHECK_CLOSE(M[2], 0.6, 1e-5, 0.0);
        printf("KF-NiF2 liquid, 1600 K: GM = %.6f J/mol (Thermochimica -3.35720E+05)\n", ev.G / N);
    }
    lq_thermo_ws_free(ws);
    lq_system_free(sys);
    lq_db_free(db);
}

/* Central differences of G and of dG/dy against the analytic gradient and Hessian, and of G in T
 * against dG/dT, d2G/dT2, d2G/dTdy, at random interior quadruplet fractions. Step h = 1e-6 on
 * fractions of order 0.1 and G of order 1e5 J/mol: truncation h^2 G''' and rounding
 * eps G / h give errors near 1e-4 J/mol relative to gradients of order 1e4-1e5, so 1e-6 relative
 * plus 1e-3 absolute is a safe bound that a wrong term (>= 1e-2 relative) cannot meet. */
static void check_phase(const char *file, const char *const *comps, size_t nc, const char *phase,
                        double T) {
    lq_db *db = td_read_shared(file);
    if (!db) return;
    lq_system *sys = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    const char *phases[1] = {phase};
    lq_status st = lq_system_create(db, comps, nc, phases, 1, &sys, &d);
    if (st) fprintf(stderr, "%s\n", d.msg);
    LQ_CHECK_STATUS(st, LQ_OK);
    lq_thermo_ws *ws = NULL;
    if (!sys || lq_thermo_ws_alloc(sys, &ws) != LQ_OK) {
        lq_system_free(sys);
        lq_db_free(db);
        return;
    }
    lq_phase_info in;
    lq_system_phase_info(sys, 0, &in);
    const size_t n = in.n_constituents;
    double *y = calloc(n, sizeof *y), *g = calloc(n, sizeof *g), *H = calloc(n * n, sizeof *H),
           *gT = calloc(n, sizeof *gT), *g1 = calloc(n, sizeof *g1), *g2 = calloc(n, sizeof *g2),
           *yy = calloc(n, sizeof *yy), *H1 = calloc(n * n, sizeof *H1),
           *gT1 = calloc(n, sizeof *gT1);
    unsigned s = 12345u;
    double sum = 0.0;
    for (size_t k = 0; k < n; k++) {
        s = s * 1103515245u + 12345u;
        y[k] = 0.05 + (double)(s >> 16 & 0x7fff) / 32768.0;
        sum += y[k];
    }
    for (size_t k = 0; k < n; k++) y[k] /= sum;
    lq_phase_eval ev = {0.0, 0.0, 0.0, g, H, gT};
    LQ_CHECK_STATUS(lq_thermo_ws_set_TP(ws, T, 101325.0), LQ_OK);
    LQ_CHECK_STATUS(lq_phase_evaluate(ws, 0, y, LQ_EVAL_ALL, &ev), LQ_OK);
    const double h = 1e-6;
    int bad = 0;
    for (size_t k = 0; k < n; k++) {
        memcpy(yy, y, n * sizeof *y);
        yy[k] = y[k] + h;
        lq_phase_eval e1 = {0.0, 0.0, 0.0, g1, H1, gT1};
        lq_phase_evaluate(ws, 0, yy, LQ_EVAL_G | LQ_EVAL_DY, &e1);
        yy[k] = y[k] - h;
        lq_phase_eval e2 = {0.0, 0.0, 0.0, g2, H1, gT1};
        lq_phase_evaluate(ws, 0, yy, LQ_EVAL_G | LQ_EVAL_DY, &e2);
        double fd = (e1.G - e2.G) / (2.0 * h);
        if (fabs(fd - g[k]) > 1e-3 + 1e-6 * fabs(g[k])) bad++;
        LQ_CHECK_CLOSE(g[k], fd, 1e-6, 1e-3);
        for (size_t j = 0; j < n; j++) {
            double fh = (g1[j] - g2[j]) / (2.0 * h);
            if (fabs(fh - H[j * n + k]) > 1e-3 + 1e-6 * fabs(fh)) {
                if (bad++ < 5)
                    fprintf(stderr, "%s H[%zu][%zu] = %.10g, differences %.10g\n", phase, j, k,
                            H[j * n + k], fh);
            }
            if (fabs(H[j * n + k] - H[k * n + j]) > 1e-9 * (1.0 + fabs(H[j * n + k]))) bad++;
        }
    }
    LQ_CHECK(bad == 0);
    /* temperature derivatives; dT = 1e-3 K on G ~ 1e5-1e6 J/mol */
    const double dT = 1e-3;
    double *gTm = calloc(n, sizeof *gTm);
    lq_phase_eval ep = {0.0, 0.0, 0.0, g1, NULL, gT1}, em = {0.0, 0.0, 0.0, g2, NULL, gTm};
    LQ_CHECK_STATUS(lq_thermo_ws_set_TP(ws, T + dT, 101325.0), LQ_OK);
    lq_phase_evaluate(ws, 0, y, LQ_EVAL_G | LQ_EVAL_DY | LQ_EVAL_DT, &ep);
    LQ_CHECK_STATUS(lq_thermo_ws_set_TP(ws, T - dT, 101325.0), LQ_OK);
    lq_phase_evaluate(ws, 0, y, LQ_EVAL_G | LQ_EVAL_DY | LQ_EVAL_DT, &em);
    LQ_CHECK_CLOSE(ev.dG_dT, (ep.G - em.G) / (2.0 * dT), 1e-6, 1e-3);
    LQ_CHECK_CLOSE(ev.d2G_dT2, (ep.dG_dT - em.dG_dT) / (2.0 * dT), 1e-5, 1e-6);
    for (size_t k = 0; k < n; k++) LQ_CHECK_CLOSE(gT[k], (g1[k] - g2[k]) / (2.0 * dT), 1e-6, 1e-4);
    free(gTm);
    free(y);
    free(g);
    free(H);
    free(gT);
    free(g1);
    free(g2);
    free(yy);
    free(H1);
    free(gT1);
    lq_thermo_ws_free(ws);
    lq_system_free(sys);
    lq_db_free(db);
}

void test_dat_mqmqa_derivatives(void) {
    /* SUBG, two cations and one anion, G-type excess terms */
    const char *kf[3] = {"K", "NI", "F"};
    check_phase("data/chemsage/KF-NIF2_switched.dat", kf, 3, "LIQUID2", 1300.0);
    /* SUBQ with a vacancy anion and Al/Al2 in one chemical group (chi with a gamma set),
     * 18 quadruplets, reciprocal ones with default coordination numbers */
    const char *can[3] = {"CL", "AL", "NA"};
    check_phase("data/chemsage/ClAlNa.dat", can, 3, "MSSOLN", 900.0);
}
