/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Plot: automatic limits, 1-2-5 and log ticks, tick labels, rich text and UTF-8 checks. */
#include <cairo.h>

#include "liquidus/plot.h"
#include "lq_test.h"
#include "plot/plot_internal.h"

void test_plot_ticks_linear(void);
void test_plot_ticks_log(void);
void test_plot_ticks_degenerate(void);
void test_plot_text(void);

static int label_is(const lqi_plot_axis *ax, size_t i, const char *want) {
    char buf[64];
    if (i >= ax->n) return 0;
    lqi_plot_tick_label(ax, ax->v[i], buf, sizeof buf);
    if (strcmp(buf, want) != 0) fprintf(stderr, "  label %zu: '%s', want '%s'\n", i, buf, want);
    return strcmp(buf, want) == 0;
}

/* Tick values are k * step, so they must equal the decimal values to the last bit or two. */
#define TICK_RTOL 1e-15

void test_plot_ticks_linear(void) {
    lqi_plot_axis ax;
    /* [0, 1], at most 6 ticks: step 0.2, labels with one decimal and no rounding noise. */
    LQ_CHECK_STATUS(lqi_plot_ticks(0.0, 1.0, 0, 6, &ax), LQ_OK);
    LQ_CHECK(ax.n == 6);
    LQ_CHECK_CLOSE(ax.step, 0.2, TICK_RTOL, 0);
    LQ_CHECK_CLOSE(ax.v[3], 0.6, TICK_RTOL, 0);
    LQ_CHECK(label_is(&ax, 0, "0.0") && label_is(&ax, 3, "0.6") && label_is(&ax, 5, "1.0"));
    LQ_CHECK(ax.exp10 == 0);
    LQ_CHECK(ax.n_minor == 21); /* step 0.2 in 4 parts: 0, 0.05, ..., 1 */
    /* 11 allowed: step 0.1, and 0.1 * 3 is printed "0.3" (not 0.30000000000000004). */
    LQ_CHECK_STATUS(lqi_plot_ticks(0.0, 1.0, 0, 11, &ax), LQ_OK);
    LQ_CHECK(ax.n == 11);
    LQ_CHECK(label_is(&ax, 3, "0.3") && label_is(&ax, 7, "0.7"));
    /* Negative potentials: [-2.57, -1.08] with at most 6 ticks -> step 0.5 at -2.5, -2.0, -1.5. */
    LQ_CHECK_STATUS(lqi_plot_ticks(-2.57, -1.08, 0, 6, &ax), LQ_OK);
    LQ_CHECK(ax.n == 3);
    LQ_CHECK_CLOSE(ax.v[0], -2.5, TICK_RTOL, 0);
    LQ_CHECK(label_is(&ax, 0, "-2.5") && label_is(&ax, 1, "-2.0") && label_is(&ax, 2, "-1.5"));
    /* With room for 8 ticks the step becomes 0.2: -2.4 ... -1.2. */
    LQ_CHECK_STATUS(lqi_plot_ticks(-2.57, -1.08, 0, 8, &ax), LQ_OK);
    LQ_CHECK(ax.n == 7 && label_is(&ax, 0, "-2.4") && label_is(&ax, 6, "-1.2"));
    /* Zero crossing: no "-0.0". */
    LQ_CHECK_STATUS(lqi_plot_ticks(-1.0, 1.0, 0, 5, &ax), LQ_OK);
    LQ_CHECK(ax.n == 5 && label_is(&ax, 2, "0.0") && label_is(&ax, 0, "-1.0"));
    /* Microamperes: a common factor x10^-6 and small integers. */
    LQ_CHECK_STATUS(lqi_plot_ticks(-3.2e-6, 4.1e-6, 0, 6, &ax), LQ_OK);
    LQ_CHECK(ax.exp10 == -6);
    LQ_CHECK(ax.n == 4 && label_is(&ax, 0, "-2") && label_is(&ax, 3, "4"));
    /* Tiny and huge magnitudes keep 1-2-5 steps and an exponent factor. */
    LQ_CHECK_STATUS(lqi_plot_ticks(1e-300, 3e-300, 0, 6, &ax), LQ_OK);
    LQ_CHECK(ax.exp10 == -300 && ax.n == 5 && label_is(&ax, 0, "1.0") && label_is(&ax, 4, "3.0"));
    LQ_CHECK_STATUS(lqi_plot_ticks(1e300, 5e300, 0, 6, &ax), LQ_OK);
    LQ_CHECK(ax.exp10 == 300 && ax.n == 5 && label_is(&ax, 4, "5"));
    /* Plain numbers up to 1e5; a factor from there on (0.0 ... 2.0 x10^5). */
    LQ_CHECK_STATUS(lqi_plot_ticks(0.0, 5e4, 0, 6, &ax), LQ_OK);
    LQ_CHECK(ax.exp10 == 0 && label_is(&ax, ax.n - 1, "50000"));
    LQ_CHECK_STATUS(lqi_plot_ticks(0.0, 2e5, 0, 6, &ax), LQ_OK);
    LQ_CHECK(ax.exp10 == 5 && label_is(&ax, 1, "0.5") && label_is(&ax, 4, "2.0"));
    /* Temperatures: [773, 973] -> 800, 850, 900, 950. */
    LQ_CHECK_STATUS(lqi_plot_ticks(773.0, 973.0, 0, 5, &ax), LQ_OK);
    LQ_CHECK(ax.n == 4 && label_is(&ax, 0, "800") && label_is(&ax, 3, "950"));
    /* Every tick lies inside the range, and never more than asked for. */
    for (int m = 2; m <= 12; m++) {
        LQ_CHECK_STATUS(lqi_plot_ticks(-0.123, 7.89, 0, (size_t)m, &ax), LQ_OK);
        LQ_CHECK(ax.n >= 1 && ax.n <= (size_t)m);
        LQ_CHECK(ax.v[0] >= -0.123 && ax.v[ax.n - 1] <= 7.89);
    }
    /* Bad ranges. */
    LQ_CHECK_STATUS(lqi_plot_ticks(1.0, 1.0, 0, 6, &ax), LQ_EINVAL);
    LQ_CHECK_STATUS(lqi_plot_ticks(2.0, 1.0, 0, 6, &ax), LQ_EINVAL);
    LQ_CHECK_STATUS(lqi_plot_ticks((double)NAN, 1.0, 0, 6, &ax), LQ_EINVAL);
    LQ_CHECK_STATUS(lqi_plot_ticks(-1e308, 1e308, 0, 6, &ax), LQ_EINVAL);
    LQ_CHECK_STATUS(lqi_plot_ticks(0.0, 1.0, 0, 1, &ax), LQ_EINVAL);
}

void test_plot_ticks_log(void) {
    lqi_plot_axis ax;
    /* Activities from 1e-13 to 1e-9: one tick per decade, 10^{k} labels, 2..9 minor ticks. */
    LQ_CHECK_STATUS(lqi_plot_ticks(1e-13, 1e-9, 1, 8, &ax), LQ_OK);
    LQ_CHECK(ax.n == 5);
    LQ_CHECK_CLOSE(ax.v[0], 1e-13, 1e-14, 0);
    LQ_CHECK(label_is(&ax, 0, "10^{-13}") && label_is(&ax, 4, "10^{-9}"));
    LQ_CHECK(ax.n_minor == 32);
    /* Too many decades for 3 ticks: every second decade, skipped decades as minor ticks. */
    LQ_CHECK_STATUS(lqi_plot_ticks(1e-13, 1e-9, 1, 3, &ax), LQ_OK);
    LQ_CHECK(ax.n == 2 && label_is(&ax, 0, "10^{-12}") && label_is(&ax, 1, "10^{-10}"));
    LQ_CHECK(ax.n_minor == 3);
    /* Within about a decade: 1-2-5 mantissas with plain labels. */
    LQ_CHECK_STATUS(lqi_plot_ticks(2.0, 30.0, 1, 8, &ax), LQ_OK);
    LQ_CHECK(ax.n == 4 && label_is(&ax, 0, "2") && label_is(&ax, 2, "10") &&
             label_is(&ax, 3, "20"));
    LQ_CHECK_STATUS(lqi_plot_ticks(3e-14, 3e-13, 1, 8, &ax), LQ_OK);
    LQ_CHECK(ax.n == 3 &&
             label_is(&ax, 0,
                      "5\xc3\x97"
                      "10^{-14}") &&
             label_is(&ax, 1, "10^{-13}"));
    /* Narrower than a 1-2-5 pair: linear ticks on the log axis. */
    LQ_CHECK_STATUS(lqi_plot_ticks(973.0, 980.0, 1, 6, &ax), LQ_OK);
    LQ_CHECK(ax.log == 1 && ax.n >= 2 && label_is(&ax, 0, "974"));
    LQ_CHECK_STATUS(lqi_plot_ticks(0.0, 1.0, 1, 6, &ax), LQ_EINVAL);
}

void test_plot_ticks_degenerate(void) {
    double lo = 0, hi = 0;
    /* One temperature, 973 K: a +-1 % window, 963.27 ... 982.73, ticks at 965 ... 980. */
    LQ_CHECK_STATUS(lqi_plot_auto_range(973.0, 973.0, 0, &lo, &hi), LQ_OK);
    LQ_CHECK_CLOSE(lo, 963.27, 1e-12, 0);
    LQ_CHECK_CLOSE(hi, 982.73, 1e-12, 0);
    lqi_plot_axis ax;
    LQ_CHECK_STATUS(lqi_plot_ticks(lo, hi, 0, 6, &ax), LQ_OK);
    LQ_CHECK(ax.n == 4 && label_is(&ax, 0, "965") && label_is(&ax, 3, "980"));
    /* Zero: +-1. */
    LQ_CHECK_STATUS(lqi_plot_auto_range(0.0, 0.0, 0, &lo, &hi), LQ_OK);
    LQ_CHECK(lo == -1.0 && hi == 1.0);
    /* A normal span gets a 4 % margin on each side. */
    LQ_CHECK_STATUS(lqi_plot_auto_range(0.0, 1.0, 0, &lo, &hi), LQ_OK);
    LQ_CHECK_CLOSE(lo, -0.04, 1e-12, 0);
    LQ_CHECK_CLOSE(hi, 1.04, 1e-12, 0);
    /* Log: a single value gets half a decade each side; margins are in decades. */
    LQ_CHECK_STATUS(lqi_plot_auto_range(1e-13, 1e-13, 1, &lo, &hi), LQ_OK);
    LQ_CHECK_CLOSE(log10(lo), -13.5, 1e-12, 0);
    LQ_CHECK_CLOSE(log10(hi), -12.5, 1e-12, 0);
    LQ_CHECK_STATUS(lqi_plot_auto_range(1e-13, 1e-9, 1, &lo, &hi), LQ_OK);
    LQ_CHECK_CLOSE(log10(lo), -13.16, 1e-12, 0);
    LQ_CHECK_STATUS(lqi_plot_auto_range(0.0, 1.0, 1, &lo, &hi), LQ_EINVAL);
    /* Tiny and huge. */
    LQ_CHECK_STATUS(lqi_plot_auto_range(1e-300, 1e-300, 0, &lo, &hi), LQ_OK);
    LQ_CHECK(lo < 1e-300 && hi > 1e-300);
    LQ_CHECK_STATUS(lqi_plot_auto_range(-1e308, 1e308, 0, &lo, &hi), LQ_EINVAL);
    LQ_CHECK_STATUS(lqi_plot_auto_range(1.0, 0.0, 0, &lo, &hi), LQ_EINVAL);
}

void test_plot_text(void) {
    LQ_CHECK(lqi_plot_utf8_valid("E / V vs Ag/AgCl"));
    LQ_CHECK(
        lqi_plot_utf8_valid("\xc3\x97 10^{-6} \xce\xbc"
                            "A \xe2\x88\x92"));
    LQ_CHECK(!lqi_plot_utf8_valid("bad \xff byte"));
    LQ_CHECK(!lqi_plot_utf8_valid("cut \xe2\x88"));
    LQ_CHECK(!lqi_plot_utf8_valid("overlong \xc0\xaf"));
    LQ_CHECK(!lqi_plot_utf8_valid("two\nlines"));
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1);
    cairo_t *cr = cairo_create(s);
    lqi_plot_font_setup(cr);
    /* A superscript is set smaller and raised: narrower than the same text inline, taller. */
    lqi_plot_extent plain = lqi_plot_text_measure(cr, "cm2", 10.0);
    lqi_plot_extent sup = lqi_plot_text_measure(cr, "cm^2", 10.0);
    lqi_plot_extent grp = lqi_plot_text_measure(cr, "cm^{2}", 10.0);
    LQ_CHECK(sup.width < plain.width && sup.ascent > plain.ascent);
    LQ_CHECK_CLOSE(grp.width, sup.width, 1e-12, 0);
    /* Subscripts drop below the baseline. */
    lqi_plot_extent sub = lqi_plot_text_measure(cr, "x_{Nd}", 10.0);
    LQ_CHECK(sub.descent > plain.descent);
    /* "Mg-La" keeps its hyphen: the same width as without rich-text rules. */
    cairo_set_font_size(cr, 10.0);
    cairo_text_extents_t te;
    cairo_text_extents(cr, "Mg-La", &te);
    LQ_CHECK_CLOSE(lqi_plot_text_measure(cr, "Mg-La", 10.0).width, te.x_advance, 1e-9, 0);
    /* A leading '-' of a number becomes U+2212, wider than a hyphen. */
    cairo_text_extents(cr, "-2", &te);
    LQ_CHECK(lqi_plot_text_measure(cr, "-2", 10.0).width > te.x_advance);
    LQ_CHECK(cairo_status(cr) == CAIRO_STATUS_SUCCESS);
    cairo_destroy(cr);
    cairo_surface_destroy(s);
}
