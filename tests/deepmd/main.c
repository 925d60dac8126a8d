/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of the deep potentials: DeePMD-kit fixtures, finite differences, formats, errors. */
#include <stdio.h>

#include "deepmd_test.h"
#include "lq_test.h"

LQ_TEST_MAIN_DEFINE;

const char *dpt_write_file(const char *name, const char *text) {
    FILE *fp = fopen(name, "w");
    if (!fp) return NULL;
    fputs(text, fp);
    fclose(fp);
    return name;
}

int main(void) {
    LQ_RUN(test_fixture_values);
    LQ_RUN(test_fixture_others);
    LQ_RUN(test_fixture_invariance);
    LQ_RUN(test_fd_random_models);
    LQ_RUN(test_yaml_dp_identical);
    LQ_RUN(test_dp_h5py_files);
    LQ_RUN(test_malformed_models);
    LQ_RUN(test_api_errors);
    LQ_RUN(test_extxyz);
    LQ_RUN(test_compression);
    return lq_test_finish();
}
