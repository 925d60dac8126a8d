/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Precomputed energy rows (lqi_thermo_gtab_*) give lq_phase_evaluate's G to the last bit; saved
 * sampled energies updated for new symbol values (lqi_eq_samples_load). */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>

#include "fixture.h"
#include "liquidus/thermo.h"
#include "lq_test.h"
#include "thermo/equil/equil_internal.h"
#include "thermo/equil/fast_samples.h"
#include "thermo/thermo_internal.h"

void test_gtab_exact(void);
void test_samples_save_load(void);

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

/* The solver's sampled energies saved at T for one set of symbol values and updated for others
 * (lqi_eq_samples_load then lqi_eq_samples_fresh_all, src/thermo/equil/fast_samples.c) equal those
 * evaluated afresh at the new values (lqi_eq_samples_eval) to rounding: only the terms of changed
 * parameters are added, in another order. 1e-12 relative: each energy is a sum of a few terms of up
 * to ~1e5 J/mol whose rounding is ~1e-16 of them. Then a T at which nothing was saved is evaluated
 * in full. */
void test_samples_save_load(void) {
    const char *sym[] = {"VV0000", "VV0003", "VV0010", "VV0017"};
    lq_eq_options o;
    lq_eq_options_default(&o);
    o.max_samples = 200;
    lq_fixture_cumg fx;
    int ok = lq_fixture_cumg_open(&fx, sym, 4, &o);
    lq_eq_ws *ws = fx.ws, *ref = fx.ref;
    const size_t *idx = fx.idx;
    if (!ok) goto done;
    const double v0[4] = {-12345.5, 7.25, 31000.0, -30000.0},
                 v1[4] = {-12000.0, 7.25, 29000.5, -28000.0};
    const double T = 987.5;
    size_t len = lqi_eq_samples_save_len(ws);
    double *save = malloc(len * sizeof *save);
    LQ_CHECK(len > ws->ns && save != NULL);
    if (!save) goto done;
    LQ_CHECK_STATUS(lq_eq_ws_set_symbols(ws, idx, v0, 4), LQ_OK);
    LQ_CHECK_STATUS(lqi_eq_samples_save(ws, T, save), LQ_OK);
    LQ_CHECK_STATUS(lq_eq_ws_set_symbols(ws, idx, v1, 4), LQ_OK);
    LQ_CHECK_STATUS(lqi_eq_samples_load(ws, T, save), LQ_OK);
    LQ_CHECK_STATUS(lq_eq_ws_set_symbols(ref, idx, v1, 4), LQ_OK);
    LQ_CHECK_STATUS(ref->m.set_TP(ref->m.ctx, T, ref->opt.P), LQ_OK); /* as the solver does */
    LQ_CHECK_STATUS(lqi_eq_samples_eval(ref, T), LQ_OK);
    /* the phases are updated on first use: until then each holds its saved energies, within its
     * bound of the new ones, and (a binary) the least driving force over its saved samples at any
     * mu comes from the saved lower hull */
    size_t stale = 0, within = 0, hull_ok = 0, nhull = 0;
    double mu_try[3][2] = {{-30000.0, -25000.0}, {-45000.0, -20000.0}, {-20000.0, -60000.0}};
    for (size_t p = 0; p < ws->m.nphase; p++) {
        double bound;
        if (!lqi_eq_samples_stale(ws, p, &bound)) continue;
        stale++;
        size_t j0 = ws->pi[p].sample0, j1 = j0 + ws->pi[p].nsample, in = 0;
        for (size_t j = j0; j < j1; j++) in += fabs(ref->s_g[j] - save[j]) <= bound;
        within += in == j1 - j0;
        for (int k = 0; k < 3; k++) {
            ws->mu[0] = mu_try[k][0];
            ws->mu[1] = mu_try[k][1];
            double dh, dall = HUGE_VAL;
            for (size_t j = j0; j < j1; j++)
                dall = fmin(dall,
                            save[j] - ws->mu[0] * ws->s_x[2 * j] - ws->mu[1] * ws->s_x[2 * j + 1]);
            nhull++;
            hull_ok += lqi_eq_samples_stale_min(ws, p, &dh) && dh <= dall + 1e-9 * fabs(dall);
        }
    }
    LQ_CHECK(stale > 0 && within == stale && hull_ok == nhull);
    LQ_CHECK_STATUS(lqi_eq_samples_fresh_all(ws), LQ_OK);
    size_t moved = 0, close = 0;
    for (size_t j = 0; j < ws->ns && j < ref->ns; j++) {
        close += fabs(ws->s_g[j] - ref->s_g[j]) <= 1e-12 * fabs(ref->s_g[j]) + 1e-9;
        moved += save[j] != ref->s_g[j];
    }
    LQ_CHECK(close == ws->ns);
    LQ_CHECK(ws->ns == ref->ns && moved > 0); /* the symbols did change some energies */
    /* loading at another T than the one saved would be wrong: the caller keeps them paired;
     * a fresh evaluation there still agrees */
    LQ_CHECK_STATUS(ws->m.set_TP(ws->m.ctx, 500.0, ws->opt.P), LQ_OK);
    LQ_CHECK_STATUS(ref->m.set_TP(ref->m.ctx, 500.0, ref->opt.P), LQ_OK);
    LQ_CHECK_STATUS(lqi_eq_samples_eval(ws, 500.0), LQ_OK);
    LQ_CHECK_STATUS(lqi_eq_samples_eval(ref, 500.0), LQ_OK);
    size_t same = 0;
    for (size_t j = 0; j < ws->ns; j++) same += ws->s_g[j] == ref->s_g[j];
    LQ_CHECK(same == ws->ns);
    free(save);
done:
    lq_fixture_cumg_close(&fx);
}
