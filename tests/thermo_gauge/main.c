/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of the equilibrium gauge: salts of neutral ions solved exactly on their join. */
#include "lq_test.h"

LQ_TEST_MAIN_DEFINE;

void test_gauge_mqmqa(void);

int main(void) {
    LQ_RUN(test_gauge_mqmqa);
    return lq_test_finish();
}
