/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of the DeePMD-kit training data: deepmd/npy folders, converters, dp test. */
#include "dp_data_test.h"
#include "lq_test.h"

LQ_TEST_MAIN_DEFINE;

int main(void) {
    LQ_RUN(test_npy_roundtrip);
    LQ_RUN(test_npy_float32_bigendian);
    LQ_RUN(test_npy_bad_data);
    LQ_RUN(test_npy_write_refusals);
    LQ_RUN(test_outcar_h2o);
    LQ_RUN(test_vasprun_h2o);
    LQ_RUN(test_outcar_ch4);
    LQ_RUN(test_convert_alloc_failures);
    LQ_RUN(test_dp_test_recovery);
    return lq_test_finish();
}
