/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of the uncertainty propagation from MCMC traces (properties, map, selection, errors). */
#include "lq_test.h"
#include "uq_tests.h"

LQ_TEST_MAIN_DEFINE;

int main(void) {
    LQ_RUN(test_uq_hmmix_gaussian);
    LQ_RUN(test_uq_activity_quantile_params);
    LQ_RUN(test_uq_selection);
    LQ_RUN(test_uq_equilibrium_and_threads);
    LQ_RUN(test_uq_errors);
    LQ_RUN(test_uq_map);
    LQ_RUN(test_uq_alloc_failures);
    return lq_test_finish();
}
