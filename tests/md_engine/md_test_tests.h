/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Test functions of the md_engine executable. */
#ifndef LQ_MD_TEST_TESTS_H
#define LQ_MD_TEST_TESTS_H

void test_lammps_ewald(void);
void test_lammps_pppm(void);
void test_lammps_data_roundtrip(void);
void test_erfc(void);
void test_potential_file(void);
void test_data_file_errors(void);
void test_nve_drift(void);
void test_nvt_temperature(void);
void test_npt_runs(void);
void test_restart_continuity(void);
void test_bad_systems(void);
void test_forces_gradient(void);
void test_alloc_failures(void);
void test_lammps_shift(void);
void test_threads(void);
void test_seed(void);
void test_provider_record(void);
void test_nlist_full_threads(void);
void test_threads_determinism(void);
void test_model_api(void);
void test_neutral_atom(void);
void test_deepmd_deck(void);
void test_minimize_lattice(void);
void test_minimize_stops(void);

#endif
