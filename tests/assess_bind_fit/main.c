/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Bi-Nd re-assessed from the study's measured data, starting from Table 2 (run-table2.yaml). */
#include "lq_test.h"

LQ_TEST_MAIN_DEFINE;

void test_start_is_table2(void);
void test_fit_beats_table2(void);

int main(void) {
    LQ_RUN(test_start_is_table2);
    LQ_RUN(test_fit_beats_table2);
    return lq_test_finish();
}
