/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Test executable of the plot module. */
#include "lq_test.h"

LQ_TEST_MAIN_DEFINE;

void test_plot_ticks_linear(void);
void test_plot_ticks_log(void);
void test_plot_ticks_degenerate(void);
void test_plot_text(void);
void test_plot_formats(void);
void test_plot_png_pixels(void);
void test_plot_gallery(void);
void test_plot_errors(void);
void test_plot_alloc_failures(void);
void test_plot_many_points(void);
void test_plot_robust(void);

int main(void) {
    LQ_RUN(test_plot_ticks_linear);
    LQ_RUN(test_plot_ticks_log);
    LQ_RUN(test_plot_ticks_degenerate);
    LQ_RUN(test_plot_text);
    LQ_RUN(test_plot_formats);
    LQ_RUN(test_plot_png_pixels);
    LQ_RUN(test_plot_gallery);
    LQ_RUN(test_plot_errors);
    LQ_RUN(test_plot_alloc_failures);
    LQ_RUN(test_plot_many_points);
    LQ_RUN(test_plot_robust);
    return lq_test_finish();
}
