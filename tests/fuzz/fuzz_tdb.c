/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: TDB reader, writer round trip, system creation and phase evaluation. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/core_internal.h"
#include "liquidus/thermo.h"
#include "thermo/thermo_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Evaluates every phase of a system made of all the database's elements at a few (T, y). */
static void exercise(const lq_db *db) {
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size > 200000) return 0;
    char *text = malloc(size + 1);
    if (!text) return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    lq_db *db = NULL;
    lq_diag d;
    if (lq_db_read_string(text, "fuzz.tdb", &db, &d) == LQ_OK) {
        double v;
        (void)lq_db_function_eval(db, "F", 500.0, 1e5, &v, NULL);
        exercise(db);
        /* the written text must read back */
        char *out = NULL;
        size_t len = 0;
        if (lqi_thermo_db_writable(db, NULL) == LQ_OK &&
            lqi_thermo_db_write_text(db, &out, &len) == 0) {
            lq_db *back = NULL;
            lq_status st = lq_db_read_string(out, "fuzz-written.tdb", &back, &d);
            if (st != LQ_OK && st != LQ_ENOMEM) abort(); /* writer produced unreadable TDB */
            lq_db_free(back);
            lqi_free(out);
        }
        lq_db_free(db);
    }
    free(text);
    return 0;
}
