/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Test executable of the ml module (MEGNet formation energies). */
#include "ml_test.h"

LQ_TEST_MAIN_DEFINE;

int main(void) {
    LQ_RUN(test_ml_published);
    LQ_RUN(test_ml_invariance);
    LQ_RUN(test_ml_flags);
    LQ_RUN(test_ml_many);
    LQ_RUN(test_ml_errors);
    LQ_RUN(test_ml_reader);
    LQ_RUN(test_ml_torch_reference);
    return lq_test_finish();
}
