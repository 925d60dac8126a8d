/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of the potentiostat readers (src/echem/io). */
#include "lq_test.h"
#include "test_echem_io.h"

LQ_TEST_MAIN_DEFINE;

int main(void) {
    LQ_RUN(test_numbers);
    LQ_RUN(test_units);
    LQ_RUN(test_csv_basic);
    return lq_test_finish();
}
