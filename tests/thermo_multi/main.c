/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Multicomponent equilibria (issue 14): random points in four systems, dense global check. */
#include "lq_test.h"

LQ_TEST_MAIN_DEFINE;

void test_multi_crfeni(void);
void test_multi_alcumg(void);
void test_multi_alni_b2(void);
void test_multi_gas_co(void);
void test_multi_gas_cho(void);
void test_multi_crfe_840_split(void);
void test_multi_gas_pressure(void);
void test_multi_uo_charged(void);
void test_multi_crfenb(void);
void test_multi_alcrni(void);

int main(void) {
    LQ_RUN(test_multi_crfe_840_split);
    LQ_RUN(test_multi_gas_pressure);
    LQ_RUN(test_multi_alni_b2);
    LQ_RUN(test_multi_gas_co);
    LQ_RUN(test_multi_gas_cho);
    LQ_RUN(test_multi_uo_charged);
    LQ_RUN(test_multi_alcumg);
    LQ_RUN(test_multi_crfeni);
    LQ_RUN(test_multi_crfenb);
    LQ_RUN(test_multi_alcrni);
    return lq_test_finish();
}
