/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Test executable of the core module. */
#include "lq_test.h"

LQ_TEST_MAIN_DEFINE;

void test_core_status(void);
void test_core_files(void);
void test_core_parse(void);

int main(void) {
    LQ_RUN(test_core_status);
    LQ_RUN(test_core_files);
    LQ_RUN(test_core_parse);
    return lq_test_finish();
}
