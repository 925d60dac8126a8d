/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of equilibrium batches (issue 14): conditions, grids, point files, the batch itself, and
 * the sweeps (step, solubility) that skip a failed temperature. */
#include "lq_test.h"

LQ_TEST_MAIN_DEFINE;

void test_cond_parse(void);
void test_grid(void);
void test_points_read(void);
void test_batch_ideal(void);
void test_batch_bind(void);
void test_batch_bad_points(void);
void test_batch_errors(void);
void test_batch_zero_phase(void);
void test_sweeps(void);
void test_batch_potentials(void);

int main(void) {
    LQ_RUN(test_cond_parse);
    LQ_RUN(test_grid);
    LQ_RUN(test_points_read);
    LQ_RUN(test_batch_ideal);
    LQ_RUN(test_batch_bind);
    LQ_RUN(test_batch_bad_points);
    LQ_RUN(test_batch_errors);
    LQ_RUN(test_batch_zero_phase);
    LQ_RUN(test_sweeps);
    LQ_RUN(test_batch_potentials);
    return lq_test_finish();
}
