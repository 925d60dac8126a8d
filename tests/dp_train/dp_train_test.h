/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of deep-potential training (src/md/dp/dp_train*.c): shared declarations. */
#ifndef LQ_TESTS_DP_TRAIN_H
#define LQ_TESTS_DP_TRAIN_H

void test_grad_fd(void);
void test_train_teacher(void);
void test_train_errors(void);
void test_energy_bias(void);
void test_nkml_small(void);
void test_baseline_labels(void);
void test_baseline_md(void);
void test_baseline_input(void);

#endif
