/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Regression of the Cu-Mg log-probability at 20 proposals against stored values of the exact path.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "liquidus/assess.h"
#include "lq_test.h"

void test_cumg_fast_regression(void);

/*
 * The reference numbers in cumg_ref.h are the terms that lq_assess_lnprob gave at commit
 * "assess: Cu-Mg log-probability regression reference" (before any speed-up: every equilibrium
 * solved from global sampling, every phase energy evaluated from the model), written by
 * tests/assess_lnprob/make_cumg_ref.sh, which runs this test with LQ_CUMG_REF_OUT set.
 * The faster evaluation must give the same total and terms to 1e-9 relative: the reference's
 * equilibria converged to 1e-12 scaled residuals, so this test sets eq.tol to 1e-12 (the context's
 * default, LQ_ASSESS_EQ_TOL, is looser) and the driving forces are maxima over fixed points, so a
 * different summation order or warm start moves them by far less. A second context at the default
 * tolerance is then checked against the same reference with the bound of that tolerance.
 */
#define NPROP 20
#define NPAR 18
#define NDS 29

#if __has_include("cumg_ref.h")
#include "cumg_ref.h"
#define HAVE_REF 1
#else
#define HAVE_REF 0
#endif

/* The proposals: each parameter moved by up to +-1 % (xorshift64, as bench_assess_lnprob). */
static void proposals(const double *start, double (*theta)[NPAR]) {
    unsigned long long s = 88172645463325252ULL;
    for (size_t i = 0; i < NPROP; i++)
        for (size_t k = 0; k < NPAR; k++) {
            s ^= s << 13, s ^= s >> 7, s ^= s << 17;
            theta[i][k] = start[k] * (1.0 + 0.02 * ((double)(s >> 11) / 9007199254740992.0 - 0.5));
        }
}

void test_cumg_fast_regression(void) {
    char dir[1024], tdb[1024];
    if (lq_test_shared_path("data/espei-datasets/datasets/2-binary/Cu-Mg", dir, sizeof dir)) return;
    lq_test_source_path("tests/assess_lnprob/espei/cumg-espei.tdb", tdb, sizeof tdb);
    const char *comps[] = {"CU", "MG", "VA"};
    lq_db *db = NULL;
    lq_dataset_set *set = NULL;
    lq_assess_ctx *ctx = NULL;
    lq_assess_terms *t = NULL;
    LQ_CHECK_STATUS(lq_db_read_file(tdb, &db, NULL), LQ_OK);
    LQ_CHECK_STATUS(lq_dataset_set_read_dir(dir, &set, NULL), LQ_OK);
    lq_assess_lnprob_options opt;
    lq_assess_lnprob_options_default(&opt);
    opt.components = comps;
    opt.n_components = 3;
    opt.n_threads = 1;
    opt.eq.tol = 1e-12;
    if (db && set) LQ_CHECK_STATUS(lq_assess_ctx_create(db, set, NULL, 0, &opt, &ctx, NULL), LQ_OK);
    if (ctx) LQ_CHECK_STATUS(lq_assess_terms_alloc(ctx, &t), LQ_OK);
    if (!t || lq_assess_ctx_param_count(ctx) != NPAR || t->n_datasets != NDS) {
        LQ_CHECK(!"Cu-Mg context with 18 parameters and 29 datasets");
        goto done;
    }
    double start[NPAR], theta[NPROP][NPAR], got[NPROP][6 + NDS];
    lq_assess_ctx_start(ctx, start, NPAR);
    proposals(start, theta);
    /* in order, then backwards: every equilibrium is warm-started from the slot's anchor (the
     * start parameters), never from the previous evaluation, so the value is a function of theta
     * alone and must repeat bit for bit whatever came before (the sampler's reproducibility
     * across threads, ranks and restarts rests on it) */
    for (size_t pass = 0; pass < 2; pass++)
        for (size_t j = 0; j < NPROP; j++) {
            size_t i = pass ? NPROP - 1 - j : j;
            double lp = 0.0;
            LQ_CHECK_STATUS(lq_assess_lnprob(ctx, theta[i], NPAR, t, &lp, NULL), LQ_OK);
            double v[6 + NDS] = {lp, t->prior, t->noneq, t->eq, t->acr, t->zpf};
            for (size_t d = 0; d < NDS; d++) v[6 + d] = t->dataset[d];
            for (size_t k = 0; k < 6 + NDS; k++) {
                if (pass) LQ_CHECK(memcmp(&v[k], &got[i][k], sizeof v[k]) == 0);
                got[i][k] = v[k];
            }
        }
    const char *out = getenv("LQ_CUMG_REF_OUT");
    if (out && *out) {
        FILE *fp = fopen(out, "w");
        LQ_CHECK(fp != NULL);
        if (fp) {
            fprintf(fp,
                    "/* SPDX-License-Identifier: GPL-3.0-or-later */\n"
                    "/* Cu-Mg log-probability terms of the exact path at 20 proposals "
                    "(make_cumg_ref.sh). */\n"
                    "/* [proposal][lnprob, prior, noneq, eq, acr, zpf, dataset 0..28] */\n"
                    "static const double cumg_ref[%d][%d] = {\n",
                    NPROP, 6 + NDS);
            for (size_t i = 0; i < NPROP; i++) {
                fprintf(fp, "    {");
                for (size_t k = 0; k < 6 + NDS; k++)
                    fprintf(fp, "%.17g%s", got[i][k], k + 1 < 6 + NDS ? ", " : "},\n");
            }
            fprintf(fp, "};\n");
            fclose(fp);
        }
    }
#if HAVE_REF
    size_t bad = 0;
    double worst = 0.0;
    for (size_t i = 0; i < NPROP; i++)
        for (size_t k = 0; k < 6 + NDS; k++) {
            double w = cumg_ref[i][k], g = got[i][k];
            double rel = w == g ? 0.0 : fabs(g - w) / fabs(w);
            if (rel > worst) worst = rel;
            if (!(rel <= 1e-9)) {
                if (bad++ < 10)
                    fprintf(stderr, "  proposal %zu term %zu: got %.17g, want %.17g\n", i, k, g, w);
            }
        }
    LQ_CHECK(bad == 0);
    printf("Cu-Mg regression: 20 proposals x %d terms, largest relative difference %.2e\n", 6 + NDS,
           worst);
    /* The context's default tolerance (LQ_ASSESS_EQ_TOL, 1e-8): the potentials move by about
     * 1e-8 RT, and the terms by at most 2e-6 (the activity dataset's, measured at these and 100
     * more proposals up to +-50 %: 1e-5); 1e-4 absolute leaves a margin of 50 and stays far
     * below the terms' own scale (the data's errors are J/mol to kJ/mol). */
    lq_assess_ctx *dctx = NULL;
    opt.eq.tol = LQ_ASSESS_EQ_TOL;
    LQ_CHECK_STATUS(lq_assess_ctx_create(db, set, NULL, 0, &opt, &dctx, NULL), LQ_OK);
    double dworst = 0.0;
    for (size_t i = 0; dctx && i < NPROP; i++) {
        double lp = 0.0;
        LQ_CHECK_STATUS(lq_assess_lnprob(dctx, theta[i], NPAR, t, &lp, NULL), LQ_OK);
        double v[6 + NDS] = {lp, t->prior, t->noneq, t->eq, t->acr, t->zpf};
        for (size_t d = 0; d < NDS; d++) v[6 + d] = t->dataset[d];
        for (size_t k = 0; k < 6 + NDS; k++) {
            double w = cumg_ref[i][k], g = v[k];
            double dif = w == g ? 0.0 : fabs(g - w);
            if (dif > dworst) dworst = dif;
            LQ_CHECK(dif <= 1e-4);
        }
    }
    printf("Cu-Mg at eq.tol %g: largest absolute difference %.2e\n", LQ_ASSESS_EQ_TOL, dworst);
    lq_assess_ctx_free(dctx);
#else
    LQ_CHECK(!"tests/assess_lnprob/cumg_ref.h missing: run make_cumg_ref.sh");
#endif
done:
    lq_assess_terms_free(t);
    lq_assess_ctx_free(ctx);
    lq_dataset_set_free(set);
    lq_db_free(db);
}
