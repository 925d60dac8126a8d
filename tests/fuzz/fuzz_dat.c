/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: ChemSage .dat reader, system creation and evaluation of every phase (MQMQA
 * included) with all derivatives. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/core_internal.h"
#include "liquidus/thermo.h"
#include "thermo/thermo_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void exercise(const lq_db *db) {
    const char *comps[64];
    size_t nc = 0;
    for (size_t i = 0; i < lq_db_element_count(db) && nc < 64; i++)
        comps[nc++] = lq_db_element_name(db, i);
    lq_system *sys = NULL;
    if (nc == 0 || lq_system_create(db, comps, nc, NULL, 0, &sys, NULL) != LQ_OK) return;
    lq_thermo_ws *ws = NULL;
    if (lq_thermo_ws_alloc(sys, &ws) == LQ_OK) {
        static const double Ts[] = {300.0, 1234.5};
        for (size_t t = 0; t < 2; t++) {
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size > 200000) return 0;
    char *text = malloc(size + 1);
    if (!text) return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    lq_db *db = NULL;
    lq_diag d;
    if (lqi_dat_read_string(text, "fuzz.dat", &db, &d) == LQ_OK) {
        exercise(db);
        lq_db_free(db);
    }
    free(text);
    return 0;
}
