/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Test executable of the ESPEI-style parameter generation (assess_paramgen). */
#include "lq_test.h"
#include "pg.h"

LQ_TEST_MAIN_DEFINE;

int main(void) {
    LQ_RUN(test_espei_formation);
    LQ_RUN(test_espei_mixing);
    LQ_RUN(test_espei_ridge);
    LQ_RUN(test_espei_higher_order);
    LQ_RUN(test_espei_excess_only);
    LQ_RUN(test_espei_multi_sublattice);
    LQ_RUN(test_espei_ternary);
    LQ_RUN(test_espei_cpm_sm);
    LQ_RUN(test_espei_weighting);
    LQ_RUN(test_synthetic_recovery);
    LQ_RUN(test_synthetic_endmember);
    LQ_RUN(test_synthetic_cp);
    LQ_RUN(test_tdb_roundtrip);
    LQ_RUN(test_errors);
    LQ_RUN(test_symmetry);
    LQ_RUN(test_unary_bind);
    LQ_RUN(test_cumg);
    return lq_test_finish();
}
