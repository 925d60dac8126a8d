/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Log-probability of the Cu-Mg start database over every Cu-Mg dataset of ESPEI's collection. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "liquidus/assess.h"
#include "lq_test.h"

void test_cumg_lnprob(void);

static const char *const comps[] = {"CU", "MG", "VA"};

static lq_assess_ctx *make_ctx(const lq_db *db, const lq_dataset_set *set) {
    lq_assess_lnprob_options opt;
    lq_assess_lnprob_options_default(&opt);
    opt.components = comps;
    opt.n_components = 3;
    lq_assess_ctx *ctx = NULL;
    lq_diag dg;
    lq_diag_clear(&dg);
    lq_status st = lq_assess_ctx_create(db, set, NULL, 0, &opt, &ctx, &dg);
    if (st != LQ_OK) fprintf(stderr, "  %s: %s: %s\n", lq_status_str(st), dg.file, dg.msg);
    LQ_CHECK_STATUS(st, LQ_OK);
    return ctx;
}

/* The fixture with every symbol's value scaled by `f` (the TDB text read again). */
static lq_db *scaled_db(const char *path, const lq_assess_ctx *ctx, const double *theta) {
    FILE *fp = fopen(path, "rb");
    if (!fp) return NULL;
    static char text[65536], out[70000];
    size_t n = fread(text, 1, sizeof text - 1, fp);
    fclose(fp);
    text[n] = '\0';
    /* rewrite "FUNCTION VV000k 298.15 <value>;" with theta[k] */
    char *o = out, *p = text;
    while (*p) {
        char *q = strstr(p, " FUNCTION VV");
        if (!q) q = p + strlen(p);
        memcpy(o, p, (size_t)(q - p));
        o += q - p;
        p = q;
        if (!*p) break;
        int k = atoi(p + 12);
        char *semi = strchr(p, ';');
        o += sprintf(o, " FUNCTION %s 298.15 %.17g", lq_assess_ctx_param_name(ctx, (size_t)k),
                     theta[k]);
        p = semi;
    }
    *o = '\0';
    lq_db *db = NULL;
    LQ_CHECK_STATUS(lq_db_read_string(out, "cumg-vv scaled", &db, NULL), LQ_OK);
    return db;
}

void test_cumg_lnprob(void) {
    char dir[1024], tdb[1024];
    if (lq_test_shared_path("data/espei-datasets/datasets/2-binary/Cu-Mg", dir, sizeof dir)) return;
    lq_test_source_path("tests/assess_lnprob/cumg-vv.tdb", tdb, sizeof tdb);
    lq_db *db = NULL;
    lq_dataset_set *set = NULL;
    LQ_CHECK_STATUS(lq_db_read_file(tdb, &db, NULL), LQ_OK);
    LQ_CHECK_STATUS(lq_dataset_set_read_dir(dir, &set, NULL), LQ_OK);
    if (!db || !set) {
        lq_db_free(db);
        lq_dataset_set_free(set);
        return;
    }
    lq_assess_ctx *ctx = make_ctx(db, set);
    if (!ctx) return;
    LQ_CHECK(lq_assess_ctx_param_count(ctx) == 9);
    double theta[9], lp = 0.0;
    lq_assess_ctx_start(ctx, theta, 9);
    LQ_CHECK_CLOSE(theta[0], -36984.0, 0, 0);
    lq_assess_terms *t = NULL;
    LQ_CHECK_STATUS(lq_assess_terms_alloc(ctx, &t), LQ_OK);
    LQ_CHECK_STATUS(lq_assess_lnprob(ctx, theta, 9, t, &lp, NULL), LQ_OK);
    size_t count[5] = {0}, nres[5] = {0};
    for (size_t d = 0; d < t->n_datasets; d++) {
        count[t->kind[d]]++;
        nres[t->kind[d]] += t->n_residuals[d];
    }
    /* 7 ZPF files (238 regions, 476 vertices), 1 activity file (10 points), 21 non-equilibrium
     * files of which the 2 BCC_A2 ones name a phase the database lacks */
    LQ_CHECK(t->n_datasets == 29);
    LQ_CHECK(count[LQ_LNPROB_ZPF] == 7 && nres[LQ_LNPROB_ZPF] == 476);
    LQ_CHECK(count[LQ_LNPROB_ACR] == 1 && nres[LQ_LNPROB_ACR] == 10);
    LQ_CHECK(count[LQ_LNPROB_NONEQ] == 19 && count[LQ_LNPROB_NONE] == 2);
    LQ_CHECK(isfinite(lp));
    LQ_CHECK_CLOSE(lp, t->prior + t->noneq + t->eq + t->acr + t->zpf, 1e-14, 1e-9);
    printf(
        "Cu-Mg lnprob at the start: %.6f (prior %.6f, non-equilibrium %.6f, equilibrium %.6f, "
        "activity %.6f, ZPF %.6f)\n",
        lp, t->prior, t->noneq, t->eq, t->acr, t->zpf);

    /* symbols set by value = the database read again with those values, over all the data:
     * equilibria converge to LQ_ASSESS_EQ_TOL (1e-8) scaled residuals on both sides, which moves
     * the Cu-Mg terms by at most about 1e-5 of totals of some 1e3 (docs/assess-lnprob.md), so 1e-9
     * relative */
    double th2[9];
    for (int k = 0; k < 9; k++) th2[k] = theta[k] * (1.0 + 0.02 * (k % 3) - 0.01);
    double lp2 = 0.0, lp3 = 0.0;
    LQ_CHECK_STATUS(lq_assess_lnprob(ctx, th2, 9, NULL, &lp2, NULL), LQ_OK);
    lq_db *db2 = scaled_db(tdb, ctx, th2);
    lq_assess_ctx *ctx2 = db2 ? make_ctx(db2, set) : NULL;
    if (ctx2) {
        double s2[9];
        lq_assess_ctx_start(ctx2, s2, 9);
        for (int k = 0; k < 9; k++) LQ_CHECK_CLOSE(s2[k], th2[k], 1e-15, 0);
        LQ_CHECK_STATUS(lq_assess_lnprob(ctx2, s2, 9, NULL, &lp3, NULL), LQ_OK);
        LQ_CHECK_CLOSE(lp2, lp3, 1e-9, 1e-6);
        LQ_CHECK(lp2 != lp);
    }
    lq_assess_ctx_free(ctx2);
    lq_db_free(db2);

    /* ESPEI's generated Cu-Mg database (its test suite's CU_MG_TDB) on the same datasets: the
     * activity file is ESPEI's CU_MG_EXP_ACTIVITY, whose likelihood ESPEI's tests give as
     * -257.41020886970756 */
    char etdb[1024];
    lq_test_source_path("tests/assess_lnprob/espei/cumg-espei.tdb", etdb, sizeof etdb);
    lq_db *edb = NULL;
    LQ_CHECK_STATUS(lq_db_read_file(etdb, &edb, NULL), LQ_OK);
    lq_assess_ctx *ectx = edb ? make_ctx(edb, set) : NULL;
    lq_assess_terms *et = NULL;
    if (ectx && lq_assess_terms_alloc(ectx, &et) == LQ_OK) {
        double eth[32], elp;
        size_t en = lq_assess_ctx_param_count(ectx);
        LQ_CHECK(en == 18);
        lq_assess_ctx_start(ectx, eth, en);
        LQ_CHECK_STATUS(lq_assess_lnprob(ectx, eth, en, et, &elp, NULL), LQ_OK);
        LQ_CHECK(isfinite(elp));
        LQ_CHECK_CLOSE(et->acr, -257.41020886970756, 1e-6, 0);
        printf(
            "Cu-Mg lnprob with ESPEI's generated database: %.6f (non-equilibrium %.6f, activity "
            "%.6f, ZPF %.6f)\n",
            elp, et->noneq, et->acr, et->zpf);
    }
    lq_assess_terms_free(et);
    lq_assess_ctx_free(ectx);
    lq_db_free(edb);

    /* the database liquidus's generate_parameters gives from the same datasets and ESPEI's Cu-Mg
     * phase models: ESPEI's starting point when a run has no mcmc.input_db */
    char pmp[1024];
    lq_assess_phase_models *pm = NULL;
    lq_assess_paramgen_result *gen = NULL;
    lq_db *gdb = NULL;
    if (lq_test_shared_path("data/espei-datasets/old-phase-models/Cu-Mg-input.json", pmp,
                            sizeof pmp) == 0) {
        LQ_CHECK_STATUS(lq_assess_phase_models_read(pmp, &pm, NULL), LQ_OK);
        LQ_CHECK_STATUS(lq_assess_paramgen(pm, set, NULL, &gen, NULL), LQ_OK);
        if (gen) LQ_CHECK_STATUS(lq_assess_paramgen_db(gen, &gdb, NULL), LQ_OK);
    }
    lq_assess_ctx *gctx = gdb ? make_ctx(gdb, set) : NULL;
    if (gctx) {
        double gth[64], glp = 0.0;
        size_t gn = lq_assess_ctx_param_count(gctx);
        LQ_CHECK(gn == gen->n_symbols && gn <= 64);
        lq_assess_ctx_start(gctx, gth, gn);
        for (size_t k = 0; k < gn && k < gen->n_symbols; k++)
            LQ_CHECK_CLOSE(gth[k], gen->symbols[k].value, 1e-15, 0);
        LQ_CHECK_STATUS(lq_assess_lnprob(gctx, gth, gn, NULL, &glp, NULL), LQ_OK);
        LQ_CHECK(isfinite(glp));
        printf("Cu-Mg lnprob of the generated parameters (%zu): %.6f\n", gn, glp);
    }
    lq_assess_ctx_free(gctx);
    lq_db_free(gdb);
    lq_assess_paramgen_free(gen);
    lq_assess_phase_models_free(pm);
    lq_assess_terms_free(t);
    lq_assess_ctx_free(ctx);
    lq_dataset_set_free(set);
    lq_db_free(db);
}
