/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Test functions of tests/assess_uq (run by main.c). */
#ifndef LQ_TESTS_ASSESS_UQ_H
#define LQ_TESTS_ASSESS_UQ_H

void test_uq_hmmix_gaussian(void);
void test_uq_activity_quantile_params(void);
void test_uq_selection(void);
void test_uq_equilibrium_and_threads(void);
void test_uq_errors(void);
void test_uq_map(void);
void test_uq_alloc_failures(void);

#endif /* LQ_TESTS_ASSESS_UQ_H */
