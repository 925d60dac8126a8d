/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Precomputed energy rows (lqi_thermo_gtab_*) give lq_phase_evaluate's G to the last bit. */
#include <math.h>
#include <stddef.h>

#include "liquidus/thermo.h"
#include "lq_test.h"
#include "thermo/thermo_internal.h"

void test_gtab_exact(void);

/* Every phase of ESPEI's Cu-Mg database at random constitutions, two temperatures and symbols
 * moved from their values: G from a row (and from the column form) equals lq_phase_evaluate's G
 * exactly, since both sum the same products in the same order (cef.c). */
void test_gtab_exact(void) {
    char tdb[1024];
    lq_test_source_path("tests/assess_lnprob/espei/cumg-espei.tdb", tdb, sizeof tdb);
    const char *comps[] = {"CU", "MG"};
    const char *sym[] = {"VV0000", "VV0003", "VV0010"};
    lq_db *db = NULL;
    lq_system *sys = NULL;
    lq_thermo_ws *ws = NULL;
    LQ_CHECK_STATUS(lq_db_read_file(tdb, &db, NULL), LQ_OK);
    if (db) LQ_CHECK_STATUS(lq_system_create(db, comps, 2, NULL, 0, &sys, NULL), LQ_OK);
    if (sys) LQ_CHECK_STATUS(lq_thermo_ws_alloc(sys, &ws), LQ_OK);
    size_t idx[3];
    if (!ws || lq_system_symbols_find(sys, sym, 3, idx) != LQ_OK) {
        LQ_CHECK(!"Cu-Mg system with symbols VV0000, VV0003, VV0010");
        goto done;
    }
    LQ_CHECK(lqi_thermo_gtab_usable(ws, 0) == 0); /* no (T, P) yet */
    const double vals[3] = {-12345.5, 7.25, 31000.0}, Ts[2] = {300.0, 1000.5};
    LQ_CHECK_STATUS(lq_thermo_ws_set_symbols(ws, idx, vals, 3), LQ_OK);
    unsigned long long s = 0x9E3779B97F4A7C15ULL;
    size_t checked = 0, differ = 0;
    for (size_t p = 0; p < lq_system_phase_count(sys); p++) {
        lq_phase_info in;
        lq_system_phase_info(sys, p, &in);
        size_t n = in.n_constituents, len = lqi_thermo_gtab_len(sys, p);
        double y[32 * 16], row[32 * 64], cols[32 * 64], Gc[32];
        if (n > 16 || len > 64) continue;
        for (size_t i = 0; i < 32; i++) { /* random constitutions, one with a zero fraction */
            double *yi = y + i * n;
            for (size_t k = 0; k < n; k++) {
                s ^= s << 13, s ^= s >> 7, s ^= s << 17;
                yi[k] = (double)(s >> 11) / 9007199254740992.0 + 1e-3;
            }
            if (i == 0) yi[0] = 0.0;
            for (size_t sl = 0; sl < in.n_sublattices; sl++) {
                double sum = 0.0;
                for (size_t k = 0; k < n; k++) sum += in.sublattice_of[k] == sl ? yi[k] : 0.0;
                for (size_t k = 0; k < n; k++)
                    if (in.sublattice_of[k] == sl) yi[k] = sum > 0.0 ? yi[k] / sum : 1.0;
            }
            LQ_CHECK(lqi_thermo_gtab_fill(sys, p, yi, row + i * len) == 0);
            for (size_t k = 0; k < len; k++) cols[k * 32 + i] = row[i * len + k];
        }
        double bad[16], scratch[64];
        for (size_t k = 0; k < n; k++) bad[k] = k ? 0.5 : -0.5; /* not a constitution */
        LQ_CHECK(lqi_thermo_gtab_fill(sys, p, bad, scratch) == -1);
        for (size_t t = 0; t < 2; t++) {
            LQ_CHECK_STATUS(lq_thermo_ws_set_TP(ws, Ts[t], 101325.0), LQ_OK);
            if (!lqi_thermo_gtab_usable(ws, p)) continue; /* magnetic: evaluated directly */
            lqi_thermo_gtab_G_cols(ws, p, cols, 32, Gc);
            for (size_t i = 0; i < 32; i++) {
                lq_phase_eval ev = {0, 0, 0, NULL, NULL, NULL};
                LQ_CHECK_STATUS(lq_phase_evaluate(ws, p, y + i * n, LQ_EVAL_G, &ev), LQ_OK);
                double g = lqi_thermo_gtab_G(ws, p, row + i * len);
                differ += g != ev.G || Gc[i] != ev.G;
                checked++;
            }
        }
    }
    LQ_CHECK(checked >= 64);
    LQ_CHECK(differ == 0);
done:
    lq_thermo_ws_free(ws);
    lq_system_free(sys);
    lq_db_free(db);
}
