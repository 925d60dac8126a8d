/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Batch points with chemical-potential and activity conditions (MU(EL), AC(EL)): closed forms of
 * an ideal ternary, the same states as single lq_eq_solve_conditions, invalid mixtures. */
#include <math.h>
#include <string.h>

#include "liquidus/thermo.h"
#include "liquidus/units.h"
#include "lq_test.h"

void test_batch_potentials(void);

/* Ideal liquid of Bi, Nd, Fe with G of the pure liquids -1000 (c + 1)(1 + T / 100): every
 * equilibrium is that liquid, mu_i = G_i + RT ln x_i, so a fixed mu_i gives x_i in closed form. */
static const char *IDEAL =
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

void test_batch_potentials(void) {
    lq_db *db = NULL;
    lq_system *sys = NULL;
    const char *comps[3] = {"BI", "ND", "FE"};
    LQ_CHECK_STATUS(lq_db_read_string(IDEAL, "ideal.tdb", &db, NULL), LQ_OK);
    if (!db) return;
    LQ_CHECK_STATUS(lq_system_create(db, comps, 3, NULL, 0, &sys, NULL), LQ_OK);
    const double R = LQ_GAS_CONSTANT_J_PER_MOL_K;
    /* targets: x(ND) = 0.2 from MU(ND) at 900 K; x(ND) = 0.1 from AC(ND) (against SER:
     * a = exp(mu / RT)) at 1000 K; x(ND) = 0.15 and x(FE) = 0.35 from MU(ND) and AC(FE) together
     * (Bi the balance); T given in the grid of the last rows. Each X given stays fixed. */
    double mu_nd = g_pure(1, 900.0) + R * 900.0 * log(0.2);
    double ac_nd = exp((g_pure(1, 1000.0) + R * 1000.0 * log(0.1)) / (R * 1000.0));
    double mu_nd2 = g_pure(1, 1100.0) + R * 1100.0 * log(0.15);
    double ac_fe2 = exp((g_pure(2, 1100.0) + R * 1100.0 * log(0.35)) / (R * 1100.0));
    char csv[1024];
    snprintf(csv, sizeof csv,
             "T,MU(ND),AC(ND),X(FE),AC(FE)\n"
             "900,%.17g,,0.3,\n"
             "1000,,%.17g,0.5,\n"
             "1100,%.17g,,,%.17g\n"
             /* invalid: AC = 0; both MU and AC of ND; X leaves nothing; no balance */
             "1100,,0,0.3,\n"
             "1100,%.17g,%.17g,0.3,\n"
             "1100,%.17g,,1.0,\n",
             mu_nd, ac_nd, mu_nd2, ac_fe2, mu_nd, ac_nd, mu_nd);
    lq_eq_points *p = NULL;
    LQ_CHECK_STATUS(lq_eq_points_read_string(csv, strlen(csv), "pot.csv", &p, NULL), LQ_OK);
    lq_eq_batch_result *r = NULL;
    if (p && sys) LQ_CHECK_STATUS(lq_eq_batch_run(db, sys, p, NULL, &r, NULL), LQ_OK);
    if (r) {
        const lq_status want[6] = {LQ_OK, LQ_OK, LQ_OK, LQ_EDOM, LQ_EINVAL, LQ_EDOM};
        for (size_t i = 0; i < 6; i++) LQ_CHECK_STATUS(r->status[i], want[i]);
        LQ_CHECK(r->n_failed == 3 && r->n_invalid == 3);
        /* Newton converges to ~1e-12 of RT in the potentials: x to 1e-9 relative */
        const double wx[3][3] = {{0.5, 0.2, 0.3}, {0.4, 0.1, 0.5}, {0.5, 0.15, 0.35}};
        for (size_t i = 0; i < 3; i++)
            for (size_t c = 0; c < 3; c++) LQ_CHECK_CLOSE(r->x[i * 3 + c], wx[i][c], 1e-9, 0);
        LQ_CHECK_CLOSE(r->mu[1], mu_nd, 0, 1e-6);
        LQ_CHECK_CLOSE(r->mu[3 + 1], R * 1000.0 * log(ac_nd), 0, 1e-6);
        LQ_CHECK_CLOSE(r->mu[6 + 2], R * 1100.0 * log(ac_fe2), 0, 1e-6);
        LQ_CHECK(r->message[3] && strstr(r->message[3], "AC(ND) = 0"));
        LQ_CHECK(r->message[4] && strstr(r->message[4], "both set"));
        LQ_CHECK(r->message[5] && strstr(r->message[5], "nothing is left"));
    }
    lq_eq_batch_result_free(r);
    lq_eq_points_free(p);
    /* closed components only as X; a potential on a component outside the system; a grid */
    const char *bad = "T,MU(ND),W(FE),MU(CU)\n900,-30000,0.1,\n900,,,-1000\n";
    p = NULL;
    r = NULL;
    LQ_CHECK_STATUS(lq_eq_points_read_string(bad, strlen(bad), "bad.csv", &p, NULL), LQ_OK);
    if (p && sys) LQ_CHECK_STATUS(lq_eq_batch_run(db, sys, p, NULL, &r, NULL), LQ_OK);
    if (r) {
        LQ_CHECK_STATUS(r->status[0], LQ_EINVAL);
        LQ_CHECK(r->message[0] && strstr(r->message[0], "W(FE) with a potential"));
        LQ_CHECK_STATUS(r->status[1], LQ_ENOTFOUND);
    }
    lq_eq_batch_result_free(r);
    lq_eq_points_free(p);
    p = NULL;
    r = NULL;
    LQ_CHECK_STATUS(lq_eq_points_grid("T=800:1000:100,AC(ND)=0.001,X(FE)=0.2", &p, NULL), LQ_OK);
    if (p && sys) LQ_CHECK_STATUS(lq_eq_batch_run(db, sys, p, NULL, &r, NULL), LQ_OK);
    if (r) {
        LQ_CHECK(r->n_points == 3 && r->n_failed == 0);
        for (size_t i = 0; i < 3 && r->n_failed == 0; i++) {
            double T = r->T[i];
            double x_nd = exp(log(0.001) - g_pure(1, T) / (R * T));
            LQ_CHECK_CLOSE(r->x[i * 3 + 1], x_nd, 1e-9, 0);
            LQ_CHECK_CLOSE(r->x[i * 3 + 2], 0.2, 1e-12, 0);
        }
    }
    lq_eq_batch_result_free(r);
    lq_eq_points_free(p);
    lq_system_free(sys);
    lq_db_free(db);
}
