/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of equilibria under general conditions: potentials, phases at zero, congruent melting. */
#include "lq_test.h"

LQ_TEST_MAIN_DEFINE;

void test_cond_oc_bind(void);
void test_cond_oc_crtiv(void);
void test_cond_roundtrip(void);
void test_cond_errors(void);
void test_cond_alloc_failures(void);

int main(void) {
    LQ_RUN(test_cond_oc_bind);
    LQ_RUN(test_cond_oc_crtiv);
    LQ_RUN(test_cond_roundtrip);
    LQ_RUN(test_cond_errors);
    LQ_RUN(test_cond_alloc_failures);
    return lq_test_finish();
}
