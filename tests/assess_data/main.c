/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Test executable of the assessment inputs: ESPEI datasets, phase models, run files, CSV -> ZPF. */
#include "lq_test.h"

LQ_TEST_MAIN_DEFINE;

void test_dataset_shared(void);
void test_dataset_roundtrip(void);
void test_dataset_builders(void);
void test_dataset_bad(void);
void test_dataset_errors(void);
void test_phase_models_cumg(void);
void test_phase_models_alni(void);
void test_phase_models_bad(void);
void test_runfile_tutorial(void);
void test_runfile_full(void);
void test_runfile_bad(void);
void test_runfile_tags(void);
void test_zpf_csv(void);
void test_zpf_csv_bad(void);

int main(void) {
    LQ_RUN(test_dataset_shared);
    LQ_RUN(test_dataset_roundtrip);
    LQ_RUN(test_dataset_builders);
    LQ_RUN(test_dataset_bad);
    LQ_RUN(test_dataset_errors);
    LQ_RUN(test_phase_models_cumg);
    LQ_RUN(test_phase_models_alni);
    LQ_RUN(test_phase_models_bad);
    LQ_RUN(test_runfile_tutorial);
    LQ_RUN(test_runfile_full);
    LQ_RUN(test_runfile_bad);
    LQ_RUN(test_runfile_tags);
    LQ_RUN(test_zpf_csv);
    LQ_RUN(test_zpf_csv_bad);
    return lq_test_finish();
}
