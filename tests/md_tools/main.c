/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of the md tools: builders, LAMMPS dumps/logs, g(r), MSD, statistics, redox potentials. */
#include <stdio.h>

#include "lq_test.h"
#include "md_tools_test.h"

LQ_TEST_MAIN_DEFINE;

const char *mdt_write_file(const char *name, const char *text) {
    FILE *fp = fopen(name, "w");
    if (!fp) return NULL;
    fputs(text, fp);
    fclose(fp);
    return name;
}

int main(void) {
    LQ_RUN(test_redox_table3);
    LQ_RUN(test_redox_errors);
    LQ_RUN(test_species_and_elements);
    LQ_RUN(test_composition_forms);
    LQ_RUN(test_composition_table1);
    LQ_RUN(test_composition_errors);
    LQ_RUN(test_build_system);
    LQ_RUN(test_block_average_ar1);
    LQ_RUN(test_equilibration);
    LQ_RUN(test_histogram_gauss);
    LQ_RUN(test_rdf_ideal_gas);
    LQ_RUN(test_rdf_rocksalt);
    LQ_RUN(test_rdf_peak_analytic);
    LQ_RUN(test_rdf_peak_jackknife);
    LQ_RUN(test_msd_fft_vs_direct);
    LQ_RUN(test_msd_random_walk);
    LQ_RUN(test_dump_roundtrip);
    LQ_RUN(test_dump_columns);
    LQ_RUN(test_dump_errors);
    LQ_RUN(test_log_read);
    LQ_RUN(test_log_errors);
    LQ_RUN(test_log_styles);
    LQ_RUN(test_series_csv);
    LQ_RUN(test_alloc_failures);
    LQ_RUN(test_traj_frame_dt_msd);
    LQ_RUN(test_traj_rdf);
    LQ_RUN(test_histogram_fit_eval);
    return lq_test_finish();
}
