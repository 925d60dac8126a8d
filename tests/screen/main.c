/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Test executable of the screening pipeline (substitution and volume rule, hull energy, XRD,
 * ranking, determinism across threads and candidate blocks, error paths). */
#include "screen_test.h"

LQ_TEST_MAIN_DEFINE;

int main(void) {
    LQ_RUN(test_screen_volume);
    LQ_RUN(test_screen_candidates);
    LQ_RUN(test_screen_hull);
    LQ_RUN(test_screen_rank);
    LQ_RUN(test_screen_xrd_determinism);
    LQ_RUN(test_screen_errors);
    LQ_RUN(test_screen_la2sb_cell);
    LQ_RUN(test_screen_la2sb_anti);
    return lq_test_finish();
}
