/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Test functions of the md tools (builders, LAMMPS interchange, analysis, redox). */
#ifndef LQ_MD_TOOLS_TEST_H
#define LQ_MD_TOOLS_TEST_H

void test_redox_table3(void);
void test_redox_errors(void);
void test_species_and_elements(void);
void test_composition_forms(void);
void test_composition_table1(void);
void test_composition_errors(void);
void test_build_system(void);
void test_block_average_ar1(void);
void test_equilibration(void);
void test_histogram_gauss(void);
void test_rdf_ideal_gas(void);
void test_rdf_rocksalt(void);
void test_rdf_peak_analytic(void);
void test_rdf_peak_jackknife(void);
void test_msd_fft_vs_direct(void);
void test_msd_random_walk(void);
void test_dump_roundtrip(void);
void test_dump_columns(void);
void test_dump_errors(void);
void test_log_read(void);
void test_log_errors(void);
void test_log_styles(void);
void test_series_csv(void);
void test_alloc_failures(void);
void test_traj_frame_dt_msd(void);
void test_traj_rdf(void);
void test_histogram_fit_eval(void);

/* writes text to a file in the working directory; returns the path (static buffer per call site) */
const char *mdt_write_file(const char *name, const char *text);

#endif
