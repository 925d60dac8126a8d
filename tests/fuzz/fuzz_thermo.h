/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the database fuzz targets (fuzz_tdb, fuzz_dat) do with a database that reads. */
#ifndef LIQUIDUS_FUZZ_THERMO_H
#define LIQUIDUS_FUZZ_THERMO_H

#include <string.h>

#include "liquidus/thermo.h"

/* Evaluates every phase of a system made of all the database's elements at a few (T, y). */
static void fuzz_thermo_exercise(const lq_db *db) {
    const char *comps[64];
    size_t nc = 0;
    for (size_t i = 0; i < lq_db_element_count(db) && nc < 64; i++) {
        const char *e = lq_db_element_name(db, i);
        if (strcmp(e, "VA") != 0 && e[0] != '/') comps[nc++] = e;
    }
    lq_system *sys = NULL;
    if (nc == 0 || lq_system_create(db, comps, nc, NULL, 0, &sys, NULL) != LQ_OK) return;
    lq_thermo_ws *ws = NULL;
    if (lq_thermo_ws_alloc(sys, &ws) == LQ_OK) {
        static const double Ts[] = {300.0, 1234.5, 5000.0};
        for (size_t t = 0; t < 3; t++) {
            if (lq_thermo_ws_set_TP(ws, Ts[t], 1e5) != LQ_OK) continue;
            for (size_t p = 0; p < lq_system_phase_count(sys); p++) {
                lq_phase_info in;
                lq_system_phase_info(sys, p, &in);
                size_t n = in.n_constituents;
                if (n > 64) continue;
                double y[64], g[64], h[64 * 64], gt[64];
                for (size_t k = 0; k < n; k++) y[k] = 1.0 / (double)(k + 2);
                lq_phase_eval ev = {0.0, 0.0, 0.0, g, h, gt};
                (void)lq_phase_evaluate(ws, p, y, LQ_EVAL_ALL, &ev);
            }
        }
    }
    lq_thermo_ws_free(ws);
    lq_system_free(sys);
}

#endif /* LIQUIDUS_FUZZ_THERMO_H */
