/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The log-probability against the values ESPEI 0.9.1's own tests assert on its Cu-Mg test data. */
#include <math.h>
#include <stdio.h>

#include "liquidus/assess.h"
#include "lq_test.h"

void test_espei_regression(void);

static const char *const comps[] = {"CU", "MG", "VA"};

/* lnprob of one dataset file with the ESPEI test database; params NULL: every VV symbol, theta
 * NULL: the start values. */
static double lnprob_of(const lq_db *db, const char *file, const char *param, double value) {
    char path[1024];
    snprintf(path, sizeof path, "%s/tests/assess_lnprob/espei/%s",
             getenv("LQ_SOURCE_DIR") ? getenv("LQ_SOURCE_DIR") : ".", file);
    lq_dataset *ds = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    LQ_CHECK_STATUS(lq_dataset_read_file(path, &ds, &d), LQ_OK);
    if (!ds) return (double)NAN;
    lq_dataset *arr[1] = {ds};
    lq_dataset_set set = {1, arr, 0};
    lq_assess_lnprob_options opt;
    lq_assess_lnprob_options_default(&opt);
    opt.components = comps;
    opt.n_components = 3;
    lq_assess_ctx *ctx = NULL;
    const char *p1[1] = {param};
    lq_status st = lq_assess_ctx_create(db, &set, param ? p1 : NULL, param ? 1 : 0, &opt, &ctx, &d);
    if (st != LQ_OK) fprintf(stderr, "  %s: %s\n", file, d.msg);
    LQ_CHECK_STATUS(st, LQ_OK);
    double lp = (double)NAN, theta[32];
    if (ctx) {
        size_t n = lq_assess_ctx_param_count(ctx);
        lq_assess_ctx_start(ctx, theta, n);
        if (param) theta[0] = value;
        LQ_CHECK_STATUS(lq_assess_lnprob(ctx, theta, n, NULL, &lp, NULL), LQ_OK);
    }
    lq_assess_ctx_free(ctx);
    lq_dataset_free(ds);
    return lp;
}

/* ln N(0; 0, s) */
static double lp0(double s) { return -log(s) - 0.5 * log(2.0 * 3.14159265358979323846); }

void test_espei_regression(void) {
    char tdb[1024];
    lq_test_source_path("tests/assess_lnprob/espei/cumg-espei.tdb", tdb, sizeof tdb);
    lq_db *db = NULL;
    LQ_CHECK_STATUS(lq_db_read_file(tdb, &db, NULL), LQ_OK);
    if (!db) return;
    /* tests/test_error_functions.py: test_activity_error */
    LQ_CHECK_CLOSE(lnprob_of(db, "exp-activity.json", NULL, 0), -257.41020886970756, 1e-6, 0);
    /* test_fixed_configuration_residual_function (residuals -10, -100) */
    LQ_CHECK_CLOSE(lnprob_of(db, "hm-mix-cumg2-antisite.json", NULL, 0), -14.28729, 1e-6, 0);
    /* test_non_equilibrium_thermochemical_error_with_multiple_T_points */
    LQ_CHECK_CLOSE(lnprob_of(db, "hm-mix-t-cumg2.json", NULL, 0), -14.287293263253728, 1e-6, 0);
    /* ..._with_multiple_X_points (CPM_MIX of HCP_A3) */
    LQ_CHECK_CLOSE(lnprob_of(db, "cpm-mix-x-hcp-a3.json", NULL, 0), -4061.119001241541, 1e-6, 0);
    /* ..._with_multiple_T_X_points (SM_MIX of FCC_A1 without ideal mixing) */
    LQ_CHECK_CLOSE(lnprob_of(db, "sm-mix-t-x-fcc-a1.json", NULL, 0), -3282497.2380024833, 1e-6, 0);
    /* test_fixed_configuration_residual_with_internal_degrees_of_freedom: residual 0 */
    LQ_CHECK_CLOSE(lnprob_of(db, "hm-form-laves-c15-antisite.json", NULL, 0), lp0(500.0), 1e-6, 0);
    /* test_zpf_error_zero and test_zpf_error_works_for_stoichiometric_cmpd_tielines: two zero
     * driving forces */
    LQ_CHECK_CLOSE(lnprob_of(db, "dataset-zpf-zero-error.json", NULL, 0), 2.0 * lp0(1000.0), 1e-6,
                   0);
    LQ_CHECK_CLOSE(lnprob_of(db, "dataset-zpf-stoich-compound.json", NULL, 0), 2.0 * lp0(1000.0),
                   1e-6, 0);
    /* test_equilibrium_thermochemical_error_computes_correct_probability: HMR of the liquid at
     * x = 0.5 against pure liquids, residual VV0017/4 = -31626.6/4, and -40000/4 with VV0017 =
     * -40000 */
    LQ_CHECK_CLOSE(lnprob_of(db, "eq-hmr-liquid.json", NULL, 0),
                   lp0(500.0) - 0.5 * pow(31626.6 * 0.25 / 500.0, 2), 1e-6, 0);
    LQ_CHECK_CLOSE(lnprob_of(db, "eq-hmr-liquid.json", "VV0017", -40000.0),
                   lp0(500.0) - 0.5 * pow(40000.0 * 0.25 / 500.0, 2), 1e-6, 0);
    /* tests/test_mcmc.py: test_lnprob_calculates_multi_phase_probability_for_success (VV0001 = 10;
     * FCC_A1 vertices of unknown composition) */
    double w = lnprob_of(db, "dataset-zpf-working.json", "VV0001", 10.0);
    printf("ESPEI ZPF_WORKING at VV0001 = 10: liquidus %.12f, ESPEI -31.309645520830344\n", w);
    LQ_CHECK_CLOSE(w, -31.309645520830344, 1e-6, 0);
    lq_db_free(db);

    /* tests/test_mcmc.py: test_lnprob_calculates_single_phase_probability_for_success, VV0003 at
     * its value, 10 and 1e5 (FCC_A1 only database) */
    lq_test_source_path("tests/assess_lnprob/espei/cumg-espei-fcc-only.tdb", tdb, sizeof tdb);
    LQ_CHECK_STATUS(lq_db_read_file(tdb, &db, NULL), LQ_OK);
    if (!db) return;
    const double v3[3] = {-14.0865, 10.0, 1e5};
    const double want3[3] = {-9.119484935312146, -9.143559131626864, -1359.1335466316268};
    for (int k = 0; k < 3; k++)
        LQ_CHECK_CLOSE(lnprob_of(db, "hm-mix-single-fcc-a1.json", "VV0003", v3[k]), want3[k], 1e-6,
                       0);
    lq_db_free(db);
}
