/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of the cell potentials (src/thermo/cell, issue 19). */
#include "cell_tests.h"
#include "lq_test.h"

LQ_TEST_MAIN_DEFINE;

int main(void) {
    LQ_RUN(test_cell_bind_consistency);
    LQ_RUN(test_cell_bind_activity);
    LQ_RUN(test_cell_mgla_inverse);
    LQ_RUN(test_cell_mgla_round_trip);
    LQ_RUN(test_cell_datasets);
    LQ_RUN(test_cell_bind_inverse_db);
    LQ_RUN(test_cell_hull);
    LQ_RUN(test_cell_errors);
    LQ_RUN(test_cell_alloc_failures);
    return lq_test_finish();
}
