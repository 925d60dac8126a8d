/* SPDX-License-Identifier: GPL-3.0-or-later */
/* md_engine tests: potentials, data files, Ewald/PPPM against LAMMPS, integrators, restarts. */
#include "lq_test.h"
#include "md_test_tests.h"

LQ_TEST_MAIN_DEFINE;

int main(void) {
    LQ_RUN(test_lammps_ewald);
    LQ_RUN(test_lammps_pppm);
    LQ_RUN(test_lammps_data_roundtrip);
    return lq_test_finish();
}
