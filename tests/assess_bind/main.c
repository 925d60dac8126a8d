/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Bi-Nd assessment: the study's measured data (parameter generation) and synthetic truth (MCMC). */
#include <stdlib.h>

#include "lq_test.h"

LQ_TEST_MAIN_DEFINE;

void test_measured_paramgen(void);
void test_synthetic_truth(void);

int main(void) {
    LQ_RUN(test_measured_paramgen);
    if (!getenv("ASSESS_BIND_SKIP_MCMC")) LQ_RUN(test_synthetic_truth);
    return lq_test_finish();
}
