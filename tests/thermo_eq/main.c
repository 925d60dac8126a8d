/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of the equilibrium solver, phase properties and the Bi-Nd results (issue 2). */
#include "lq_test.h"

LQ_TEST_MAIN_DEFINE;

void test_eq_analytic_single(void);
void test_eq_analytic_gap(void);
void test_eq_analytic_liquidus(void);
void test_eq_analytic_errors(void);

int main(void) {
    LQ_RUN(test_eq_analytic_single);
    LQ_RUN(test_eq_analytic_gap);
    LQ_RUN(test_eq_analytic_liquidus);
    LQ_RUN(test_eq_analytic_errors);
    return lq_test_finish();
}
