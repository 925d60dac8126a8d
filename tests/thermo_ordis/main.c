/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of the partitioned order-disorder model (issue 13): Al-Ni of Dupin et al. 2001. */
#include "lq_test.h"

LQ_TEST_MAIN_DEFINE;

void test_ordis_read(void);
void test_ordis_disordered_limit(void);
void test_ordis_partition(void);
void test_ordis_derivatives(void);
void test_ordis_never(void);
void test_ordis_errors(void);
void test_ordis_4sl(void);
void test_alni_states(void);
void test_alni_metastable(void);
void test_alni_map(void);
void test_alni_oc_equilibria(void);

int main(void) {
    LQ_RUN(test_ordis_read);
    LQ_RUN(test_ordis_disordered_limit);
    LQ_RUN(test_ordis_partition);
    LQ_RUN(test_ordis_derivatives);
    LQ_RUN(test_ordis_never);
    LQ_RUN(test_ordis_errors);
    LQ_RUN(test_ordis_4sl);
    LQ_RUN(test_alni_states);
    LQ_RUN(test_alni_metastable);
    LQ_RUN(test_alni_oc_equilibria);
    LQ_RUN(test_alni_map);
    return lq_test_finish();
}
