/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of the deep potentials (src/md/dp): shared declarations. */
#ifndef LQ_TESTS_DEEPMD_H
#define LQ_TESTS_DEEPMD_H

#include "liquidus/deepmd.h"

void test_fixture_values(void);
void test_fixture_others(void);
void test_fixture_invariance(void);
void test_fd_random_models(void);
void test_yaml_dp_identical(void);
void test_dp_h5py_files(void);
void test_malformed_models(void);
void test_api_errors(void);
void test_extxyz(void);
void test_compression(void);

/** Writes `text` to `name`; returns name, or NULL on failure. */
const char *dpt_write_file(const char *name, const char *text);

#endif
