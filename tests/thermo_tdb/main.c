/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Test executable of the TDB reader/writer and the phase models (thermo_tdb). */
#include "lq_test.h"
#include "tt.h"

LQ_TEST_MAIN_DEFINE;

int main(void) {
    LQ_RUN(test_tdb_dialect);
    LQ_RUN(test_tdb_keywords);
    LQ_RUN(test_tdb_lenient);
    LQ_RUN(test_tdb_bind_hand);
    LQ_RUN(test_tdb_bind_reference);
    LQ_RUN(test_tdb_functions);
    LQ_RUN(test_tdb_derivatives_bind);
    LQ_RUN(test_tdb_cef_synthetic);
    LQ_RUN(test_tdb_magnetic);
    LQ_RUN(test_tdb_properties);
    LQ_RUN(test_tdb_compiled_functions);
    LQ_RUN(test_tdb_magnetic_crfe);
    LQ_RUN(test_tdb_xiong_einstein_twostate);
    LQ_RUN(test_tdb_xiong_synthetic);
    LQ_RUN(test_tdb_gein);
    LQ_RUN(test_tdb_oc_dialect);
    LQ_RUN(test_tdb_extrapolations);
    LQ_RUN(test_tdb_sniff_format);
    LQ_RUN(test_tdb_shared_files);
    LQ_RUN(test_tdb_corpus);
    LQ_RUN(test_tdb_bad_files);
    LQ_RUN(test_tdb_bad_generated);
    LQ_RUN(test_tdb_system_errors);
    LQ_RUN(test_tdb_alloc_failures);
    LQ_RUN(test_tdb_timing);
    return lq_test_finish();
}
