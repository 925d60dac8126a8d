/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The ZPF driving-force maximum from recorded energies (binned and pruned candidate searches)
 * against the maximum over every point. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "assess/likelihood_internal.h"
#include "core/core_internal.h"
#include "liquidus/assess.h"
#include "liquidus/thermo.h"
#include "lq_test.h"

void test_df_max_bins(void);

#define NPAR 18

/*
 * ESPEI's Cu-Mg database with the Cu-Mg datasets (the points of their unknown-composition
 * vertices): for every phase with points, their energies recorded at the start parameters at
 * 900 K, then at 30 parameter vectors (+-1 % and +-10 %) and mu through two random points (moved
 * by up to RT/10): the maximum from the recorded energies by bins (binary systems), and by the
 * pruned pass over every point (the bins switched off), both equal to the maximum over every
 * point, bit for bit.
 */
void test_df_max_bins(void) {
    char dir[1024], tdb[1024];
    if (lq_test_shared_path("data/espei-datasets/datasets/2-binary/Cu-Mg", dir, sizeof dir)) return;
    lq_test_source_path("tests/assess_lnprob/espei/cumg-espei.tdb", tdb, sizeof tdb);
    lq_db *db = NULL;
    lq_dataset_set *set = NULL;
    lq_assess_ctx *ctx = NULL;
    lq_thermo_ws *tws = NULL;
    double *buf = malloc(LQI_SLOT_BUF * sizeof *buf);
    const char *comps[] = {"CU", "MG", "VA"};
    lq_assess_lnprob_options opt;
    lq_assess_lnprob_options_default(&opt);
    opt.components = comps;
    opt.n_components = 3;
    LQ_CHECK_STATUS(lq_db_read_file(tdb, &db, NULL), LQ_OK);
    LQ_CHECK_STATUS(lq_dataset_set_read_dir(dir, &set, NULL), LQ_OK);
    if (db && set) LQ_CHECK_STATUS(lq_assess_ctx_create(db, set, NULL, 0, &opt, &ctx, NULL), LQ_OK);
    if (!ctx || !buf || lq_assess_ctx_param_count(ctx) != NPAR) {
        LQ_CHECK(!"Cu-Mg context with 18 parameters");
        goto done;
    }
    double start[NPAR], th[NPAR];
    const char *names[NPAR];
    size_t idx[NPAR];
    lq_assess_ctx_start(ctx, start, NPAR);
    for (size_t k = 0; k < NPAR; k++) names[k] = lq_assess_ctx_param_name(ctx, k);
    lqi_rng rng;
    lqi_rng_seed(&rng, 20261208);
    const double T = 900.0, RT = 8.3145 * T;
    size_t ncmp = 0, same = 0, nbinned = 0;
    for (size_t s = 0; s < ctx->nsys; s++) {
        const lqi_sysdef *d = &ctx->sys[s];
        size_t nc = lq_system_component_count(d->sys);
        if (!d->samp || lq_system_symbols_find(d->sys, names, NPAR, idx) != LQ_OK) continue;
        LQ_CHECK_STATUS(lq_thermo_ws_alloc(d->sys, &tws), LQ_OK);
        if (!tws) break;
        for (size_t p = 0; p < d->nphase; p++) {
            if (!d->samp[p] || !d->tab[p] || !d->cmax[p] || nc > 4) continue;
            size_t ns = d->nsamp[p], nt = d->tablen[p] - 1;
            lq_phase_info in;
            LQ_CHECK_STATUS(lq_system_phase_info(d->sys, p, &in), LQ_OK);
            LQ_CHECK_STATUS(lq_thermo_ws_set_symbols(tws, idx, start, NPAR), LQ_OK);
            LQ_CHECK_STATUS(lq_thermo_ws_set_TP(tws, T, 101325.0), LQ_OK);
            double *rec = NULL, mu[4] = {0.0, 0.0, 0.0, 0.0};
            /* mu at the start: lower than any G, so that the recording call is a plain maximum */
            for (size_t c = 0; c < nc; c++) mu[c] = -1e5;
            (void)lqi_zpf_df_max(d, tws, p, mu, buf, NULL, &rec);
            if (!rec) continue; /* a phase the rows cannot hold (e.g. magnetic) */
            nbinned += rec[ns + nt] == 1.0;
            for (int it = 0; it < 30; it++) {
                double sc = it < 15 ? 0.02 : 0.2;
                for (size_t k = 0; k < NPAR; k++)
                    th[k] = start[k] * (1.0 + sc * (lqi_rng_uniform(&rng) - 0.5));
                LQ_CHECK_STATUS(lq_thermo_ws_set_symbols(tws, idx, th, NPAR), LQ_OK);
                LQ_CHECK_STATUS(lq_thermo_ws_set_TP(tws, T, 101325.0), LQ_OK);
                /* mu: the line through the G per atom of two random points (the per-component
                 * moles of a point from the point's own composition), then moved */
                size_t i1 = (size_t)(lqi_rng_uniform(&rng) * (double)ns) % ns;
                size_t i2 = (size_t)(lqi_rng_uniform(&rng) * (double)ns) % ns;
                lq_phase_eval ev;
                memset(&ev, 0, sizeof ev);
                double g[2] = {-1e4, -1e4}, xa[2] = {0.0, 0.0};
                size_t pick[2] = {i1, i2}, a = 0;
                while (a < nc && strcmp(lq_system_component_name(d->sys, a), "CU") != 0) a++;
                int ok = a < nc;
                for (int q = 0; q < 2 && ok; q++) {
                    const double *r = d->pmol[p] + pick[q] * (nc + 1);
                    ok = lq_phase_evaluate(tws, p, d->samp[p] + pick[q] * in.n_constituents,
                                           LQ_EVAL_G, &ev) == LQ_OK &&
                         r[nc] > 0.0;
                    if (!ok) break;
                    g[q] = ev.G / r[nc];
                    xa[q] = r[a] / r[nc];
                }
                for (size_t c = 0; c < nc; c++) mu[c] = g[0];
                if (ok && fabs(xa[1] - xa[0]) > 1e-3) {
                    double slope = (g[1] - g[0]) / (xa[1] - xa[0]);
                    for (size_t c = 0; c < nc; c++) mu[c] = g[0] - slope * xa[0];
                    mu[a] += slope;
                }
                for (size_t c = 0; c < nc; c++) mu[c] += 0.1 * RT * (lqi_rng_uniform(&rng) - 0.5);
                double full = lqi_zpf_df_max(d, tws, p, mu, buf, NULL, NULL);
                double from = lqi_zpf_df_max(d, tws, p, mu, buf, rec, NULL);
                double flag = rec[ns + nt];
                rec[ns + nt] = 0.0; /* the pruned pass over every point */
                double pruned = lqi_zpf_df_max(d, tws, p, mu, buf, rec, NULL);
                rec[ns + nt] = flag;
                ncmp++;
                same += memcmp(&full, &from, sizeof full) == 0 &&
                        memcmp(&full, &pruned, sizeof full) == 0 && isfinite(full);
            }
            lqi_free(rec);
        }
        lq_thermo_ws_free(tws);
        tws = NULL;
    }
    LQ_CHECK(ncmp >= 60);
    LQ_CHECK(same == ncmp);
    LQ_CHECK(nbinned > 0); /* Cu-Mg is binary: the bins were recorded */
done:
    free(buf);
    lq_thermo_ws_free(tws);
    lq_assess_ctx_free(ctx);
    lq_dataset_set_free(set);
    lq_db_free(db);
}
