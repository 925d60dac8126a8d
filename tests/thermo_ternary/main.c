/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of ternary isothermal sections (issue 14). */
#include "lq_test.h"

LQ_TEST_MAIN_DEFINE;

void test_section_crtiv_oc(void);
void test_section_closure(void);
void test_section_errors(void);
void test_section_ring(void);
void test_isopleth_crtiv_oc(void);
void test_isopleth_errors(void);
void test_sections_alloc_failures(void);
void test_projection_crfenb(void);
void test_projection_errors(void);
void test_published_alcrni_pycalphad(void);
void test_published_alcocr_thermocalc(void);

int main(void) {
    LQ_RUN(test_section_crtiv_oc);
    LQ_RUN(test_section_closure);
    LQ_RUN(test_section_errors);
    LQ_RUN(test_section_ring);
    LQ_RUN(test_isopleth_crtiv_oc);
    LQ_RUN(test_isopleth_errors);
    LQ_RUN(test_sections_alloc_failures);
    LQ_RUN(test_projection_crfenb);
    LQ_RUN(test_projection_errors);
    LQ_RUN(test_published_alcrni_pycalphad);
    LQ_RUN(test_published_alcocr_thermocalc);
    return lq_test_finish();
}
