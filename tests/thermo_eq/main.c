/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of the equilibrium solver, phase properties and the Bi-Nd results (issue 2). */
#include "lq_test.h"

LQ_TEST_MAIN_DEFINE;

void test_eq_analytic_single(void);
void test_eq_analytic_gap(void);
void test_eq_analytic_liquidus(void);
void test_eq_analytic_errors(void);
void test_bind_973(void);
void test_bind_liquidus(void);
void test_bind_activity(void);
void test_bind_consistency(void);
void test_bind_dilute(void);
void test_bind_errors(void);

int main(void) {
    LQ_RUN(test_eq_analytic_single);
    LQ_RUN(test_eq_analytic_gap);
    LQ_RUN(test_eq_analytic_liquidus);
    LQ_RUN(test_eq_analytic_errors);
    LQ_RUN(test_bind_973);
    LQ_RUN(test_bind_liquidus);
    LQ_RUN(test_bind_activity);
    LQ_RUN(test_bind_consistency);
    LQ_RUN(test_bind_dilute);
    LQ_RUN(test_bind_errors);
    return lq_test_finish();
}
