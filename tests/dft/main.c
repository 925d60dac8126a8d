/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Test executable of the dft module (equations of state, VASP readers, structures, XRD, hull). */
#include "dft_test.h"

LQ_TEST_MAIN_DEFINE;

int main(void) {
    LQ_RUN(test_dft_eos);
    LQ_RUN(test_dft_vasp);
    LQ_RUN(test_dft_structures);
    LQ_RUN(test_dft_substitution);
    LQ_RUN(test_dft_xrd);
    LQ_RUN(test_dft_hull);
    LQ_RUN(test_dft_hull_input);
    LQ_RUN(test_dft_ev_input);
    LQ_RUN(test_dft_spacegroups);
    return lq_test_finish();
}
