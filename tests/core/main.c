/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Test executable of the core module. */
#include "lq_test.h"

LQ_TEST_MAIN_DEFINE;

void test_core_status(void);
void test_core_files(void);
void test_core_parse(void);
void test_core_rng(void);
void test_core_linalg(void);
void test_core_linfit(void);
void test_core_lp(void);
void test_core_elements(void);
void test_core_csv(void);
void test_core_csv_rows(void);
void test_core_decimal(void);
void test_core_nlfit(void);
void test_core_csv_table(void);
void test_core_outset(void);

int main(void) {
    LQ_RUN(test_core_status);
    LQ_RUN(test_core_files);
    LQ_RUN(test_core_parse);
    LQ_RUN(test_core_rng);
    LQ_RUN(test_core_linalg);
    LQ_RUN(test_core_linfit);
    LQ_RUN(test_core_lp);
    LQ_RUN(test_core_elements);
    LQ_RUN(test_core_csv);
    LQ_RUN(test_core_csv_rows);
    LQ_RUN(test_core_decimal);
    LQ_RUN(test_core_nlfit);
    LQ_RUN(test_core_csv_table);
    LQ_RUN(test_core_outset);
    return lq_test_finish();
}
