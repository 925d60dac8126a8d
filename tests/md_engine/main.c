/* SPDX-License-Identifier: GPL-3.0-or-later */
/* md_engine tests: potentials, data files, Ewald/PPPM against LAMMPS, integrators, restarts. */
#include "lq_test.h"
#include "md_test_tests.h"

LQ_TEST_MAIN_DEFINE;

int main(void) {
    LQ_RUN(test_erfc);
    LQ_RUN(test_potential_file);
    LQ_RUN(test_data_file_errors);
    LQ_RUN(test_bad_systems);
    LQ_RUN(test_forces_gradient);
    LQ_RUN(test_alloc_failures);
    LQ_RUN(test_threads);
    LQ_RUN(test_seed);
    LQ_RUN(test_provider_record);
    LQ_RUN(test_nlist_full_threads);
    LQ_RUN(test_threads_determinism);
    LQ_RUN(test_model_api);
    LQ_RUN(test_neutral_atom);
    LQ_RUN(test_deepmd_deck);
    LQ_RUN(test_minimize_lattice);
    LQ_RUN(test_minimize_stops);
    LQ_RUN(test_lammps_ewald);
    LQ_RUN(test_lammps_shift);
    LQ_RUN(test_lammps_pppm);
    LQ_RUN(test_lammps_data_roundtrip);
    LQ_RUN(test_nve_drift);
    LQ_RUN(test_nvt_temperature);
    LQ_RUN(test_npt_runs);
    LQ_RUN(test_restart_continuity);
    return lq_test_finish();
}
