/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Cu-Mg from ESPEI-datasets: generate, write the TDB, read it back, compute an equilibrium. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "liquidus/thermo.h"
#include "lq_test.h"
#include "pg.h"

void test_cumg(void) {
    char pmp[1024], dsp[1024];
    if (lq_test_shared_path("data/espei-datasets/old-phase-models/Cu-Mg-input.json", pmp,
                            sizeof pmp) ||
        lq_test_shared_path("data/espei-datasets/datasets/2-binary/Cu-Mg", dsp, sizeof dsp))
        return;
    lq_diag dg;
    memset(&dg, 0, sizeof dg);
    lq_assess_phase_models *pm = NULL;
    lq_dataset_set *set = NULL;
    lq_assess_paramgen_result *r = NULL;
    LQ_CHECK_STATUS(lq_assess_phase_models_read(pmp, &pm, &dg), LQ_OK);
    LQ_CHECK_STATUS(lq_dataset_set_read_dir(dsp, &set, &dg), LQ_OK);
    if (!pm || !set) {
        fprintf(stderr, "  diag: %s: %s\n", dg.file, dg.msg);
        goto out;
    }
    lq_status st = lq_assess_paramgen(pm, set, NULL, &r, &dg);
    LQ_CHECK_STATUS(st, LQ_OK);
    if (st != LQ_OK) {
        fprintf(stderr, "  diag: %s %s\n", dg.field, dg.msg);
        goto out;
    }
    printf("  Cu-Mg parameters (ESPEI-datasets, SGTE91):\n");
    for (size_t i = 0; i < r->n_symbols; i++)
        printf("    %s = %.17g\n", r->symbols[i].name, r->symbols[i].value);
    for (size_t i = 0; i < r->n_selections; i++) {
        const lq_assess_paramgen_selection *s = &r->selections[i];
        printf("    %-10s %-10s %-3s n=%zu cand=%zu AICc=%.6g: %s\n", s->phase, s->configuration,
               s->data_type, s->n_samples, s->n_candidates, s->aicc, s->features);
    }
    char tdb[] = "/tmp/lq_pg_cumg_XXXXXX";
    int fd = mkstemp(tdb);
    LQ_CHECK(fd >= 0);
    if (fd < 0) goto out;
    close(fd);
    LQ_CHECK_STATUS(lq_assess_paramgen_write_tdb(r, tdb, &dg), LQ_OK);
    lq_db *db = NULL;
    st = lq_db_read_file(tdb, &db, &dg);
    LQ_CHECK_STATUS(st, LQ_OK);
    if (st != LQ_OK) fprintf(stderr, "  diag: %s:%ld %s\n", dg.file, dg.line, dg.msg);
    for (size_t i = 0; db && i < lq_db_warning_count(db); i++)
        fprintf(stderr, "  tdb warning: %s\n", lq_db_warning(db, i));
    LQ_CHECK(db && lq_db_warning_count(db) == 0);
    remove(tdb);
    if (db) {
        const char *comps[] = {"CU", "MG"};
        lq_system *sys = NULL;
        lq_eq_ws *ws = NULL;
        lq_eq_result *res = NULL;
        LQ_CHECK_STATUS(lq_system_create(db, comps, 2, NULL, 0, &sys, &dg), LQ_OK);
        if (sys) LQ_CHECK_STATUS(lq_eq_ws_alloc(sys, NULL, &ws, &dg), LQ_OK);
        if (ws) LQ_CHECK_STATUS(lq_eq_result_alloc(ws, &res), LQ_OK);
        if (res) {
            /* x(Mg) = 0.667 at 700 K: the CuMg2 compound (with a little of a neighbour) */
            double x[2] = {0.333, 0.667};
            st = lq_eq_solve(ws, 700.0, x, 2, res, &dg);
            LQ_CHECK_STATUS(st, LQ_OK);
            if (st == LQ_OK) {
                printf("  equilibrium 700 K, x(Mg) = 0.667: G = %.6f J/mol;", res->G);
                for (size_t p = 0; p < res->n_phases; p++) {
                    lq_phase_info info;
                    lq_system_phase_info(sys, res->phases[p].phase, &info);
                    printf(" %s %.4f", info.name, res->phases[p].amount);
                }
                printf("\n");
            }
            /* x(Mg) = 0.5 at 1400 K: liquid only */
            double x2[2] = {0.5, 0.5};
            st = lq_eq_solve(ws, 1400.0, x2, 2, res, &dg);
            LQ_CHECK_STATUS(st, LQ_OK);
            if (st == LQ_OK) {
                lq_phase_info info;
                lq_system_phase_info(sys, res->phases[0].phase, &info);
                LQ_CHECK(res->n_phases == 1 && strcmp(info.name, "LIQUID") == 0);
                printf("  equilibrium 1400 K, x(Mg) = 0.5: %s, G = %.6f J/mol\n", info.name,
                       res->G);
            }
        }
        lq_eq_result_free(res);
        lq_eq_ws_free(ws);
        lq_system_free(sys);
        lq_db_free(db);
    }
out:
    lq_assess_paramgen_free(r);
    lq_dataset_set_free(set);
    lq_assess_phase_models_free(pm);
}
