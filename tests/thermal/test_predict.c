/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DSC traces predicted from data/tdb/BiNd.tdb show their transitions at the invariant
 * temperatures that the phase-diagram mapping finds. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "liquidus/thermal.h"
#include "lq_test.h"

void test_predict_bind(void);

void test_predict_bind(void) {
    const char *sd = getenv("LQ_SOURCE_DIR");
    char path[1024];
    snprintf(path, sizeof path, "%s/data/tdb/BiNd.tdb", sd ? sd : "..");
    lq_db *db = NULL;
    lq_system *sys = NULL;
    lq_eq_ws *ws = NULL;
    const char *comps[2] = {"BI", "ND"};
    LQ_CHECK_STATUS(lq_db_read_file(path, &db, NULL), LQ_OK);
    if (db) LQ_CHECK_STATUS(lq_system_create(db, comps, 2, NULL, 0, &sys, NULL), LQ_OK);
    if (sys) LQ_CHECK_STATUS(lq_eq_ws_alloc(sys, NULL, &ws, NULL), LQ_OK);
    if (!ws) goto done;
    lq_map_options mo;
    lq_map_options_default(&mo);
    mo.T_min = 450;
    mo.T_max = 1250;
    lq_map_result *map = NULL;
    LQ_CHECK_STATUS(lq_map_compute(ws, &mo, &map, NULL), LQ_OK);
    if (!map) goto done;
    const double xs[2] = {0.06, 0.40};
    for (int c = 0; c < 2; c++) {
        double x[2] = {1 - xs[c], xs[c]};
        lq_dsc_predict_options po;
        lq_dsc_predict_options_default(&po);
        po.T_min_K = 450;
        po.T_max_K = 1250;
        po.dT_K = 1.0;
        lq_dsc_prediction *p = NULL;
        LQ_CHECK_STATUS(lq_dsc_predict(ws, x, 2, &po, &p, NULL), LQ_OK);
        if (!p) continue;
        /* every invariant whose three phases span x appears as a transition of the trace,
         * within 0.05 K (the bisection stops at 1e-3 K; map's invariants are converged), with a
         * latent heat > 0 absorbed on heating */
        size_t seen = 0;
        for (size_t k = 0; k < map->n_invariants; k++) {
            const lq_map_invariant *iv = &map->invariants[k];
            if (!(iv->x[0] < xs[c] && xs[c] < iv->x[2]) || iv->T <= po.T_min_K ||
                iv->T >= po.T_max_K)
                continue;
            seen++;
            double best = (double)INFINITY, dH = 0;
            for (size_t j = 0; j < p->n_transitions; j++)
                if (fabs(p->T_transition_K[j] - iv->T) < fabs(best)) {
                    best = p->T_transition_K[j] - iv->T;
                    dH = p->dH_transition_J_per_mol[j];
                }
            fprintf(stderr, "  x(Nd) %.2f: invariant %.3f K, predicted %+.4f K, dH %.1f J/mol\n",
                    xs[c], iv->T, best, dH);
            LQ_CHECK_CLOSE(best, 0.0, 0, 0.05);
            LQ_CHECK(dH > 0);
        }
        LQ_CHECK(seen >= 1);
        /* the signal integrates to the enthalpy change over the range (response conserves
         * area; ends within 1 %) */
        double area = 0;
        for (size_t i = 0; i + 1 < p->n; i++)
            area += 0.5 * (p->signal_W_per_mol[i] + p->signal_W_per_mol[i + 1]) * po.dT_K /
                    po.rate_K_per_s;
        LQ_CHECK_CLOSE(area, p->H_J_per_mol[p->n - 1] - p->H_J_per_mol[0], 0.01, 0);
        lq_dsc_prediction_free(p);
    }
    lq_map_free(map);
done:
    lq_eq_ws_free(ws);
    lq_system_free(sys);
    lq_db_free(db);
}
