/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of the potentiostat readers (src/echem/io). */
#include "lq_test.h"
#include "test_echem_io.h"

LQ_TEST_MAIN_DEFINE;

int main(void) {
    LQ_RUN(test_numbers);
    LQ_RUN(test_units);
    LQ_RUN(test_csv_basic);
    LQ_RUN(test_file_biologic_cv_mpt);
    LQ_RUN(test_file_biologic_cv_mpr);
    LQ_RUN(test_file_biologic_ca_comma);
    LQ_RUN(test_file_biologic_ocv_comma);
    LQ_RUN(test_file_gamry_cv);
    LQ_RUN(test_file_gamry_chronoa);
    LQ_RUN(test_file_gamry_swv);
    LQ_RUN(test_file_gamry_ocp);
    LQ_RUN(test_file_autolab);
    LQ_RUN(test_file_versastudio);
    LQ_RUN(test_file_chi);
    LQ_RUN(test_file_palmsens);
    LQ_RUN(test_bad_empty_garbage);
    LQ_RUN(test_bad_mpt);
    LQ_RUN(test_bad_other_formats);
    LQ_RUN(test_bad_mpr_truncated);
    LQ_RUN(test_csv_options);
    LQ_RUN(test_alloc_failures);
    LQ_RUN(test_gamry_two_tables);
    LQ_RUN(test_chi_cv);
    LQ_RUN(test_par_two_segments);
    LQ_RUN(test_mpt_reference);
    LQ_RUN(test_too_many_columns);
    LQ_RUN(test_public_mpr_mpt_twins);
    LQ_RUN(test_public_eclab_names);
    LQ_RUN(test_public_empty);
    LQ_RUN(test_public_yadg_pkl);
    LQ_RUN(test_public_gamry_parser);
    LQ_RUN(test_public_palmsens_sdk);
    LQ_RUN(test_short_rows);
    LQ_RUN(test_mapped_files);
    return lq_test_finish();
}
