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
void test_dbs_alzn_gap(void);
void test_dbs_cumg_laves(void);
void test_dbs_pbsn_eutectic(void);
void test_dbs_crfe_magnetic(void);
void test_dbs_ternary_ideal(void);
void test_scan_blocked(void);

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
    LQ_RUN(test_dbs_alzn_gap);
    LQ_RUN(test_dbs_cumg_laves);
    LQ_RUN(test_dbs_pbsn_eutectic);
    LQ_RUN(test_dbs_crfe_magnetic);
    LQ_RUN(test_dbs_ternary_ideal);
    LQ_RUN(test_scan_blocked);
    return lq_test_finish();
}
