/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of deep-potential training: gradients, determinism, restart, reload, input files. */
#include "dp_train_test.h"
#include "lq_test.h"

LQ_TEST_MAIN_DEFINE;

int main(void) {
    LQ_RUN(test_grad_fd);
    LQ_RUN(test_train_teacher);
    LQ_RUN(test_train_errors);
    LQ_RUN(test_energy_bias);
    LQ_RUN(test_baseline_labels);
    LQ_RUN(test_baseline_md);
    LQ_RUN(test_baseline_input);
    LQ_RUN(test_nkml_small);
    return lq_test_finish();
}
