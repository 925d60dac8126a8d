/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of binary phase-diagram mapping (issue 3). */
#include "lq_test.h"

LQ_TEST_MAIN_DEFINE;

void test_map_bind_invariants(void);
void test_map_bind_degenerate(void);
void test_map_bind_solubility(void);
void test_map_cumg(void);
void test_map_pbsn(void);
void test_map_alzn_gap(void);
void test_map_agcu(void);
void test_map_crfe(void);
void test_map_reference_cumg(void);
void test_map_reference_pbsn(void);
void test_map_reference_bind(void);
void test_map_synthetic(void);
void test_map_errors(void);
void test_map_plot(void);
void test_map_step(void);
void test_props_grid(void);
void test_liquidus_scan(void);
void test_eq_activities(void);

int main(void) {
    LQ_RUN(test_map_bind_invariants);
    LQ_RUN(test_map_bind_degenerate);
    LQ_RUN(test_map_bind_solubility);
    LQ_RUN(test_map_cumg);
    LQ_RUN(test_map_pbsn);
    LQ_RUN(test_map_alzn_gap);
    LQ_RUN(test_map_agcu);
    LQ_RUN(test_map_crfe);
    LQ_RUN(test_map_reference_cumg);
    LQ_RUN(test_map_reference_pbsn);
    LQ_RUN(test_map_reference_bind);
    LQ_RUN(test_map_synthetic);
    LQ_RUN(test_map_errors);
    LQ_RUN(test_map_plot);
    LQ_RUN(test_map_step);
    LQ_RUN(test_props_grid);
    LQ_RUN(test_liquidus_scan);
    LQ_RUN(test_eq_activities);
    return lq_test_finish();
}
