/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of the assessment's log-probability: symbols set by value, priors, each likelihood. */
#include "lq_test.h"

LQ_TEST_MAIN_DEFINE;

void test_symbols_vs_reread(void);
void test_symbols_equilibrium(void);
void test_symbols_errors(void);
void test_symbols_tp_cache(void);
void test_priors_closed_forms(void);
void test_priors_espei_examples(void);
void test_priors_errors(void);
void test_lnprob_noneq(void);
void test_lnprob_eqprop(void);
void test_lnprob_activity(void);
void test_lnprob_activity_pure_ref(void);
void test_lnprob_zpf(void);
void test_lnprob_prior_and_total(void);
void test_lnprob_threads(void);
void test_lnprob_errors(void);
void test_lnprob_alloc_failures(void);
void test_lnprob_excluded_mag(void);
void test_cumg_lnprob(void);
void test_espei_regression(void);
void test_cumg_fast_regression(void);
void test_gtab_exact(void);
void test_samples_save_load(void);
void test_binned_scan(void);
void test_df_max_bins(void);
void test_warm_lu_equilibria(void);
void test_anchor_moves(void);
void test_shared_evaluation(void);

int main(void) {
    LQ_RUN(test_symbols_vs_reread);
    LQ_RUN(test_symbols_equilibrium);
    LQ_RUN(test_symbols_errors);
    LQ_RUN(test_symbols_tp_cache);
    LQ_RUN(test_priors_closed_forms);
    LQ_RUN(test_priors_espei_examples);
    LQ_RUN(test_priors_errors);
    LQ_RUN(test_lnprob_noneq);
    LQ_RUN(test_lnprob_eqprop);
    LQ_RUN(test_lnprob_activity);
    LQ_RUN(test_lnprob_activity_pure_ref);
    LQ_RUN(test_lnprob_zpf);
    LQ_RUN(test_lnprob_prior_and_total);
    LQ_RUN(test_lnprob_threads);
    LQ_RUN(test_lnprob_errors);
    LQ_RUN(test_lnprob_alloc_failures);
    LQ_RUN(test_lnprob_excluded_mag);
    LQ_RUN(test_cumg_lnprob);
    LQ_RUN(test_espei_regression);
    LQ_RUN(test_cumg_fast_regression);
    LQ_RUN(test_gtab_exact);
    LQ_RUN(test_samples_save_load);
    LQ_RUN(test_binned_scan);
    LQ_RUN(test_df_max_bins);
    LQ_RUN(test_warm_lu_equilibria);
    LQ_RUN(test_anchor_moves);
    LQ_RUN(test_shared_evaluation);
    return lq_test_finish();
}
