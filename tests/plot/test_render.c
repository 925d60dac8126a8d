/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Plot: files in each format, pixels of a PNG read back, a gallery, errors, allocation failures,
 * and the speed of a 10^6-point line. */
#include <cairo.h>
#include <stdint.h>
#include <time.h>
#include <unistd.h>

#include "core/core_internal.h"
#include "liquidus/core.h"
#include "liquidus/plot.h"
#include "liquidus/units.h"
#include "lq_test.h"
#include "plot/plot_internal.h"

void test_plot_formats(void);
void test_plot_png_pixels(void);
void test_plot_gallery(void);
void test_plot_errors(void);
void test_plot_alloc_failures(void);
void test_plot_many_points(void);
void test_plot_robust(void);

static int file_exists(const char *path) { return access(path, F_OK) == 0; }

static char *slurp(const char *path, size_t *n) {
    char *text = NULL;
    if (lq_file_read_all(path, &text, n, NULL) != LQ_OK) return NULL;
    return text;
}

/* Validity of a written figure by its format's signature. */
static int png_ok(const char *path, int w, int h) {
    cairo_surface_t *s = cairo_image_surface_create_from_png(path);
    int ok = cairo_surface_status(s) == CAIRO_STATUS_SUCCESS &&
             cairo_image_surface_get_width(s) == w && cairo_image_surface_get_height(s) == h;
    cairo_surface_destroy(s);
    return ok;
}

static int svg_ok(const char *path) {
    size_t n = 0;
    char *t = slurp(path, &n);
    int ok = t && strncmp(t, "<?xml", 5) == 0 && strstr(t, "<svg") && strstr(t, "<path") &&
             strstr(t, "</svg>");
    lq_free(t);
    return ok;
}

static int pdf_ok(const char *path) {
    size_t n = 0;
    char *t = slurp(path, &n);
    int ok = t && n > 100 && strncmp(t, "%PDF-", 5) == 0;
    /* The trailer ends with %%EOF and a newline. */
    if (ok) {
        size_t k = n;
        while (k > 0 && (t[k - 1] == '\n' || t[k - 1] == '\r')) k--;
        ok = k >= 5 && strncmp(t + k - 5, "%%EOF", 5) == 0;
    }
    lq_free(t);
    return ok;
}

static lq_plot *simple_plot(void) {
    lq_plot *p = NULL;
    if (lq_plot_create("Test", "x / m", "y / V", &p) != LQ_OK) return NULL;
    double x[50], y[50];
    for (int i = 0; i < 50; i++) {
        x[i] = 0.1 * i;
        y[i] = sin(x[i]);
    }
    lq_plot_add_line(p, x, y, 50, NULL, "sin x");
    lq_plot_add_points(p, x, y, 50, NULL, "samples");
    return p;
}

void test_plot_formats(void) {
    lq_plot *p = simple_plot();
    LQ_CHECK(p != NULL);
    if (!p) return;
    unlink("plot_fmt.png");
    unlink("plot_fmt.svg");
    unlink("plot_fmt.pdf");
    LQ_CHECK_STATUS(lq_plot_save(p, "plot_fmt.png", 320, 240, NULL), LQ_OK);
    LQ_CHECK(png_ok("plot_fmt.png", 640, 480));
    LQ_CHECK_STATUS(lq_plot_save(p, "plot_fmt.svg", 320, 240, NULL), LQ_OK);
    LQ_CHECK(svg_ok("plot_fmt.svg"));
    LQ_CHECK_STATUS(lq_plot_save(p, "plot_fmt.PDF", 320, 240, NULL), LQ_OK);
    LQ_CHECK(pdf_ok("plot_fmt.PDF"));
    /* Odd sizes round up to whole pixels. */
    LQ_CHECK_STATUS(lq_plot_save(p, "plot_fmt.png", 200.3, 150.7, NULL), LQ_OK);
    LQ_CHECK(png_ok("plot_fmt.png", 401, 302));
    lq_plot_free(p);
    unlink("plot_fmt.png");
    unlink("plot_fmt.svg");
    unlink("plot_fmt.PDF");
}

/* Pixel (x, y) of an RGB24 image as 0xRRGGBB. */
static uint32_t pixel(cairo_surface_t *s, double x, double y) {
    int ix = (int)floor(x), iy = (int)floor(y);
    if (ix < 0 || iy < 0 || ix >= cairo_image_surface_get_width(s) ||
        iy >= cairo_image_surface_get_height(s))
        return 0xff000000u;
    const unsigned char *d = cairo_image_surface_get_data(s);
    uint32_t v;
    memcpy(&v, d + (size_t)iy * (size_t)cairo_image_surface_get_stride(s) + 4u * (size_t)ix, 4);
    return v & 0xffffffu;
}

static int is_red(uint32_t c) {
    return ((c >> 16) & 0xff) > 230 && ((c >> 8) & 0xff) < 25 && (c & 0xff) < 25;
}
static int near_rgb(uint32_t c, int r, int g, int b, int tol) {
    return abs((int)((c >> 16) & 0xff) - r) <= tol && abs((int)((c >> 8) & 0xff) - g) <= tol &&
           abs((int)(c & 0xff) - b) <= tol;
}

void test_plot_png_pixels(void) {
    lq_plot *p = NULL;
    LQ_CHECK_STATUS(lq_plot_create(NULL, "x", "y", &p), LQ_OK);
    if (!p) return;
    lq_plot_style red = {0, {1.0, 0.0, 0.0}, 1.0, 8.0, 0, LQ_PLOT_MARKER_NONE, 0};
    lq_plot_style green = {0, {0.0, 0.5, 0.0}, 0.5, 0.0, 0, LQ_PLOT_MARKER_NONE, 0};
    /* A thick red line at y = 0.5 with a NaN gap around x = 0.5. */
    double lx[5] = {0.0, 0.4, (double)NAN, 0.6, 1.0}, ly[5] = {0.5, 0.5, 0.5, 0.5, 0.5};
    LQ_CHECK_STATUS(lq_plot_add_line(p, lx, ly, 5, &red, NULL), LQ_OK);
    /* A half-transparent green square on [0, 0.2]^2. */
    double qx[4] = {0.0, 0.2, 0.2, 0.0}, qy[4] = {0.0, 0.0, 0.2, 0.2};
    LQ_CHECK_STATUS(lq_plot_add_polygon(p, qx, qy, 4, &green, "field"), LQ_OK);
    LQ_CHECK_STATUS(lq_plot_set_xrange(p, 0.0, 1.0), LQ_OK);
    LQ_CHECK_STATUS(lq_plot_set_yrange(p, 0.0, 1.0), LQ_OK);
    LQ_CHECK_STATUS(lq_plot_set_legend(p, 0), LQ_OK);
    LQ_CHECK_STATUS(lq_plot_save(p, "plot_px.png", 400, 300, NULL), LQ_OK);
    lqi_plot_frame f;
    LQ_CHECK_STATUS(lqi_plot_frame_compute(p, 400, 300, &f, NULL), LQ_OK);
    cairo_surface_t *s = cairo_image_surface_create_from_png("plot_px.png");
    LQ_CHECK(cairo_surface_status(s) == CAIRO_STATUS_SUCCESS);
    LQ_CHECK(cairo_image_surface_get_width(s) == 800 && cairo_image_surface_get_height(s) == 600);
    /* 2 px per pt. The red line is 8 pt thick: its centre row is red at x = 0.2 and 0.8, */
    double yl = 2.0 * lqi_plot_map_y(&f, 0.5);
    LQ_CHECK(is_red(pixel(s, 2.0 * lqi_plot_map_x(&f, 0.2), yl)));
    LQ_CHECK(is_red(pixel(s, 2.0 * lqi_plot_map_x(&f, 0.8), yl)));
    LQ_CHECK(is_red(pixel(s, 2.0 * lqi_plot_map_x(&f, 0.8), yl + 2.0 * 3.0)));
    /* white in the NaN gap and 6 pt away from the line, */
    LQ_CHECK(pixel(s, 2.0 * lqi_plot_map_x(&f, 0.5), yl) == 0xffffffu);
    LQ_CHECK(pixel(s, 2.0 * lqi_plot_map_x(&f, 0.8), yl - 2.0 * 6.0) == 0xffffffu);
    /* white in the figure's corners (background), */
    LQ_CHECK(pixel(s, 1, 1) == 0xffffffu && pixel(s, 798, 598) == 0xffffffu);
    /* the polygon blends green at alpha 0.5 over white: (127.5, 191.25, 127.5) +- rounding, */
    uint32_t g = pixel(s, 2.0 * lqi_plot_map_x(&f, 0.1), 2.0 * lqi_plot_map_y(&f, 0.1));
    LQ_CHECK(near_rgb(g, 128, 191, 128, 2));
    /* and the frame is black on the left edge half-way up. */
    uint32_t fr = pixel(s, 2.0 * f.left, 2.0 * lqi_plot_map_y(&f, 0.75));
    LQ_CHECK(near_rgb(fr, 0, 0, 0, 40));
    cairo_surface_destroy(s);
    lq_plot_free(p);

    /* Log y: a red line at 1e-3 on [1e-6, 1] is half-way up the axes. */
    LQ_CHECK_STATUS(lq_plot_create(NULL, NULL, NULL, &p), LQ_OK);
    double ex[2] = {0.0, 1.0}, ey[2] = {1e-3, 1e-3};
    LQ_CHECK_STATUS(lq_plot_add_line(p, ex, ey, 2, &red, NULL), LQ_OK);
    LQ_CHECK_STATUS(lq_plot_set_logy(p, 1), LQ_OK);
    LQ_CHECK_STATUS(lq_plot_set_yrange(p, 1e-6, 1.0), LQ_OK);
    LQ_CHECK_STATUS(lq_plot_save(p, "plot_px.png", 300, 200, NULL), LQ_OK);
    LQ_CHECK_STATUS(lqi_plot_frame_compute(p, 300, 200, &f, NULL), LQ_OK);
    LQ_CHECK_CLOSE(lqi_plot_map_y(&f, 1e-3), 0.5 * (f.top + f.bottom), 1e-12, 0);
    s = cairo_image_surface_create_from_png("plot_px.png");
    LQ_CHECK(is_red(pixel(s, 2.0 * lqi_plot_map_x(&f, 0.5), 2.0 * lqi_plot_map_y(&f, 1e-3))));
    LQ_CHECK(pixel(s, 2.0 * lqi_plot_map_x(&f, 0.5), 2.0 * lqi_plot_map_y(&f, 1e-1)) == 0xffffffu);
    cairo_surface_destroy(s);
    lq_plot_free(p);

    /* Log x: a vertical red rule at 1e-3 on [1e-6, 1] is half-way across. */
    LQ_CHECK_STATUS(lq_plot_create(NULL, NULL, NULL, &p), LQ_OK);
    double vx[2] = {1e-6, 1.0}, vy[2] = {0.0, 1.0};
    LQ_CHECK_STATUS(lq_plot_add_line(p, vx, vy, 2, NULL, NULL), LQ_OK);
    LQ_CHECK_STATUS(lq_plot_add_rule(p, 1, 1e-3, &red, NULL), LQ_OK);
    LQ_CHECK_STATUS(lq_plot_add_rule(p, 1, -1.0, &red, "not drawn on a log axis"), LQ_OK);
    LQ_CHECK_STATUS(lq_plot_set_logx(p, 1), LQ_OK);
    LQ_CHECK_STATUS(lq_plot_set_xrange(p, 1e-6, 1.0), LQ_OK);
    LQ_CHECK_STATUS(lq_plot_save(p, "plot_px.png", 300, 200, NULL), LQ_OK);
    LQ_CHECK_STATUS(lqi_plot_frame_compute(p, 300, 200, &f, NULL), LQ_OK);
    LQ_CHECK_CLOSE(lqi_plot_map_x(&f, 1e-3), 0.5 * (f.left + f.right), 1e-12, 0);
    s = cairo_image_surface_create_from_png("plot_px.png");
    LQ_CHECK(is_red(pixel(s, 2.0 * lqi_plot_map_x(&f, 1e-3), 2.0 * lqi_plot_map_y(&f, 0.8))));
    LQ_CHECK(pixel(s, 2.0 * lqi_plot_map_x(&f, 1e-1), 2.0 * lqi_plot_map_y(&f, 0.2)) == 0xffffffu);
    cairo_surface_destroy(s);
    lq_plot_free(p);
    unlink("plot_px.png");
}

/* Figures of the kinds the other modules draw; written to the build folder for a look. */
/* A made-up voltammogram with a deposition wave and a stripping peak (shapes only, for looks):
 * E from -1.0 to -2.45 V and back; currents scale with sqrt(scan rate). */
static void cv_curve(double scale, double *e, double *i, int n) {
    const double t_on = (2.2 - 1.0) / 2.9; /* the scan passes -2.2 V (onset) */
    for (int k = 0; k < n; k++) {
        double t = (double)k / (n - 1);
        double E = t < 0.5 ? -1.0 - 2.9 * t : -2.45 + 2.9 * (t - 0.5);
        double cap = 0.04 * (t < 0.5 ? -1.0 : 1.0) * tanh(fabs(t - 0.5) * 40.0);
        double u = (t - t_on) / 0.03;
        double ic = u > 0.0 ? -u * exp(1.0 - u) : 0.0;
        double w = E < -2.05 ? 0.05 : 0.02;
        double ia = t > 0.5 ? 0.8 * exp(-pow((E + 2.05) / w, 2)) : 0.0;
        e[k] = E;
        i[k] = scale * 1e-3 * (cap + ic + ia);
    }
}

static void gallery_cv(void) {
    lq_plot *p = NULL;
    LQ_CHECK_STATUS(
        lq_plot_create("Cyclic voltammogram, 973 K", "E / V vs Ag/AgCl", "i / A cm^-2", &p), LQ_OK);
    if (!p) return;
    enum { N = 2000 };
    static double e[N], i1[N], i2[N];
    cv_curve(1.0, e, i1, N);
    cv_curve(sqrt(0.5), e, i2, N);
    LQ_CHECK_STATUS(lq_plot_add_line(p, e, i1, N, NULL, "100 mV s^-1"), LQ_OK);
    lq_plot_style dash = {1, {0, 0, 0}, 0, 0, 1, LQ_PLOT_MARKER_NONE, 0};
    LQ_CHECK_STATUS(lq_plot_add_line(p, e, i2, N, &dash, "50 mV s^-1"), LQ_OK);
    /* Annotate the extremes as a peak finder would. */
    int kc = 0, ka = 0;
    for (int k = 1; k < N; k++) {
        if (i1[k] < i1[kc]) kc = k;
        if (i1[k] > i1[ka]) ka = k;
    }
    char lab[64];
    snprintf(lab, sizeof lab, "E_{p,c} = %.2f V", e[kc]);
    LQ_CHECK_STATUS(lq_plot_add_annotation(p, e[kc], i1[kc], lab), LQ_OK);
    snprintf(lab, sizeof lab, "E_{p,a} = %.2f V", e[ka]);
    LQ_CHECK_STATUS(lq_plot_add_annotation(p, e[ka], i1[ka], lab), LQ_OK);
    LQ_CHECK_STATUS(lq_plot_add_rule(p, 0, 0.0, NULL, NULL), LQ_OK);
    LQ_CHECK_STATUS(lq_plot_add_rule(p, 1, -2.45, NULL, "E_{\xce\xbb}"), LQ_OK);
    LQ_CHECK_STATUS(lq_plot_save(p, "plot_gallery_cv.png", 400, 300, NULL), LQ_OK);
    LQ_CHECK(png_ok("plot_gallery_cv.png", 800, 600));
    LQ_CHECK_STATUS(lq_plot_save(p, "plot_gallery_cv.svg", 400, 300, NULL), LQ_OK);
    LQ_CHECK(svg_ok("plot_gallery_cv.svg"));
    lq_plot_free(p);
}

static void gallery_logy(void) {
    lq_plot *p = NULL;
    LQ_CHECK_STATUS(lq_plot_create("Activity of Nd in liquid Bi", "x_{Nd}", "a_{Nd}", &p), LQ_OK);
    if (!p) return;
    double x[40], a[40], xm[6], am[6];
    for (int k = 0; k < 40; k++) {
        x[k] = 0.001 + 0.0015 * k;
        a[k] = 1e-12 * x[k] * exp(30.0 * x[k]) * 10.0;
    }
    for (int k = 0; k < 6; k++) {
        xm[k] = 0.004 + 0.009 * k;
        am[k] = 1e-12 * xm[k] * exp(30.0 * xm[k]) * 10.0 * (1.0 + 0.15 * sin(3.0 * k));
    }
    lq_plot_style sq = {1, {0, 0, 0}, 0, 0, 0, LQ_PLOT_MARKER_SQUARE, 6};
    LQ_CHECK_STATUS(lq_plot_add_line(p, x, a, 40, NULL, "CALPHAD, 973 K"), LQ_OK);
    LQ_CHECK_STATUS(lq_plot_add_points(p, xm, am, 6, &sq, "emf, 973 K"), LQ_OK);
    LQ_CHECK_STATUS(lq_plot_set_logy(p, 1), LQ_OK);
    LQ_CHECK_STATUS(lq_plot_set_legend(p, 2), LQ_OK);
    LQ_CHECK_STATUS(lq_plot_save(p, "plot_gallery_logy.png", 360, 270, NULL), LQ_OK);
    LQ_CHECK(png_ok("plot_gallery_logy.png", 720, 540));
    LQ_CHECK_STATUS(lq_plot_save(p, "plot_gallery_logy.pdf", 360, 270, NULL), LQ_OK);
    LQ_CHECK(pdf_ok("plot_gallery_logy.pdf"));
    lq_plot_free(p);
}

static void gallery_phase(void) {
    lq_plot *p = NULL;
    LQ_CHECK_STATUS(lq_plot_create("Bi-Nd (Bi-rich side)", "x_{Nd}", "T / K", &p), LQ_OK);
    if (!p) return;
    double fx[5] = {0.0, 0.02, 0.08, 0.30, 0.30}, fy[5] = {544.0, 560.0, 774.0, 774.0, 539.0};
    double gx[4] = {0.30, 0.33, 0.33, 0.30}, gy[4] = {774.0, 774.0, 932.0, 932.0};
    lq_plot_style outline = {1, {0, 0, 0}, 0, 0.8, 0, LQ_PLOT_MARKER_NONE, 0};
    LQ_CHECK_STATUS(lq_plot_add_polygon(p, fx, fy, 5, &outline, "L + Nd_{3}Bi_{7}"), LQ_OK);
    LQ_CHECK_STATUS(lq_plot_add_polygon(p, gx, gy, 4, NULL, "L + NdBi_{2}"), LQ_OK);
    double lx[30], ly[30];
    for (int k = 0; k < 30; k++) {
        lx[k] = 0.0 + 0.5 * k / 29.0;
        ly[k] = 544.0 + 1400.0 * pow(lx[k], 0.7);
    }
    lq_plot_style black = {0, {0, 0, 0}, 1.0, 1.2, 0, LQ_PLOT_MARKER_NONE, 0};
    LQ_CHECK_STATUS(lq_plot_add_line(p, lx, ly, 30, &black, "liquidus"), LQ_OK);
    LQ_CHECK_STATUS(lq_plot_add_rule(p, 0, 539.0, NULL, "539 K"), LQ_OK);
    LQ_CHECK_STATUS(lq_plot_add_rule(p, 0, 774.0, NULL, "774 K"), LQ_OK);
    LQ_CHECK_STATUS(lq_plot_add_rule(p, 0, 932.0, NULL, "932 K"), LQ_OK);
    LQ_CHECK_STATUS(lq_plot_add_label(p, 0.12, 1150.0, "L"), LQ_OK);
    LQ_CHECK_STATUS(lq_plot_add_label(p, 0.19, 650.0, "L + Nd_{3}Bi_{7}"), LQ_OK);
    LQ_CHECK_STATUS(lq_plot_add_text(p, 0.335, 850.0, "L + NdBi_{2}"), LQ_OK);
    LQ_CHECK_STATUS(lq_plot_set_xrange(p, 0.0, 0.5), LQ_OK);
    LQ_CHECK_STATUS(lq_plot_set_yrange(p, 500.0, 1300.0), LQ_OK);
    LQ_CHECK_STATUS(lq_plot_set_legend(p, 3), LQ_OK);
    LQ_CHECK_STATUS(lq_plot_save(p, "plot_gallery_phase.png", 360, 300, NULL), LQ_OK);
    LQ_CHECK(png_ok("plot_gallery_phase.png", 720, 600));
    lq_plot_free(p);
}

static void gallery_xrd(void) {
    lq_plot *p = NULL;
    LQ_CHECK_STATUS(
        lq_plot_create("NdBi_{2}, Cu K\xce\xb1", "2\xce\xb8 / \xc2\xb0", "Intensity / a.u.", &p),
        LQ_OK);
    if (!p) return;
    enum { N = 4000 };
    static double tt[N], calc[N], meas[N];
    const double peaks[6] = {27.1, 31.4, 45.0, 53.3, 56.0, 65.6};
    const double heights[6] = {100, 45, 60, 30, 12, 20};
    for (int k = 0; k < N; k++) {
        tt[k] = 10.0 + 70.0 * k / (N - 1);
        double s = 0.0;
        for (int j = 0; j < 6; j++) s += heights[j] * exp(-pow((tt[k] - peaks[j]) / 0.12, 2));
        calc[k] = s;
        meas[k] = 0.95 * s + 3.0 + 1.5 * sin(37.0 * k) * sin(11.0 * k);
    }
    lq_plot_style grey = {0, {0.5, 0.5, 0.5}, 1.0, 0.8, 0, LQ_PLOT_MARKER_NONE, 0};
    LQ_CHECK_STATUS(lq_plot_add_line(p, tt, meas, N, &grey, "measured"), LQ_OK);
    LQ_CHECK_STATUS(lq_plot_add_line(p, tt, calc, N, NULL, "calculated"), LQ_OK);
    for (int j = 0; j < 3; j++) {
        char lab[32];
        snprintf(lab, sizeof lab, "%.1f\xc2\xb0", peaks[j]);
        LQ_CHECK_STATUS(lq_plot_add_annotation(p, peaks[j], heights[j], lab), LQ_OK);
    }
    LQ_CHECK_STATUS(lq_plot_save(p, "plot_gallery_xrd.png", 420, 260, NULL), LQ_OK);
    LQ_CHECK(png_ok("plot_gallery_xrd.png", 840, 520));
    lq_plot_free(p);
}

static void gallery_transient(void) {
    lq_plot *p = NULL;
    LQ_CHECK_STATUS(lq_plot_create(NULL, "t / s", "i / A", &p), LQ_OK);
    if (!p) return;
    double t[60], i[60], tf[300], fit[300];
    for (int k = 0; k < 60; k++) {
        t[k] = 0.05 + 0.1 * k;
        i[k] = -2.1e-5 / sqrt(t[k]) * (1.0 + 0.03 * sin(5.0 * k));
    }
    for (int k = 0; k < 300; k++) {
        tf[k] = 0.05 + 0.02 * k;
        fit[k] = -2.1e-5 / sqrt(tf[k]);
    }
    lq_plot_style open = {1, {0, 0, 0}, 0, 0, 0, LQ_PLOT_MARKER_CIRCLE, 4};
    LQ_CHECK_STATUS(lq_plot_add_points(p, t, i, 60, &open, "measured"), LQ_OK);
    lq_plot_style fitstyle = {0, {0, 0, 0}, 1.0, 1.2, 1, LQ_PLOT_MARKER_NONE, 0};
    LQ_CHECK_STATUS(lq_plot_add_line(p, tf, fit, 300, &fitstyle, "Cottrell fit"), LQ_OK);
    LQ_CHECK_STATUS(lq_plot_set_legend(p, 3), LQ_OK);
    LQ_CHECK_STATUS(lq_plot_save(p, "plot_gallery_transient.png", 320, 240, NULL), LQ_OK);
    LQ_CHECK(png_ok("plot_gallery_transient.png", 640, 480));
    lq_plot_free(p);
}

static void gallery_msd(void) {
    lq_plot *p = NULL;
    LQ_CHECK_STATUS(lq_plot_create("MSD of La in the melt", "t / ps", "MSD / \xc3\x85^2", &p),
                    LQ_OK);
    if (!p) return;
    enum { N = 400 };
    static double t[N], msd[N], fit[N];
    for (int k = 0; k < N; k++) {
        t[k] = 1e-3 * pow(10.0, 5.0 * k / (N - 1));
        /* Ballistic at short times, diffusive (6 D t, D = 0.2 A^2/ps) at long times. */
        msd[k] = 6.0 * 0.2 * t[k] * (1.0 - exp(-t[k] / 0.1)) + 0.5 * t[k] * t[k] * exp(-t[k] / 0.1);
        fit[k] = t[k] > 1.0 ? 6.0 * 0.2 * t[k] : (double)NAN;
    }
    LQ_CHECK_STATUS(lq_plot_add_line(p, t, msd, N, NULL, "La"), LQ_OK);
    lq_plot_style dash = {0, {0, 0, 0}, 1.0, 1.0, 1, LQ_PLOT_MARKER_NONE, 0};
    LQ_CHECK_STATUS(lq_plot_add_line(p, t, fit, N, &dash, "6Dt, D = 0.2 \xc3\x85^2 ps^-1"), LQ_OK);
    LQ_CHECK_STATUS(lq_plot_set_logx(p, 1), LQ_OK);
    LQ_CHECK_STATUS(lq_plot_set_logy(p, 1), LQ_OK);
    LQ_CHECK_STATUS(lq_plot_save(p, "plot_gallery_msd.png", 320, 260, NULL), LQ_OK);
    LQ_CHECK(png_ok("plot_gallery_msd.png", 640, 520));
    lq_plot_free(p);
}

void test_plot_gallery(void) {
    gallery_msd();
    gallery_cv();
    gallery_logy();
    gallery_phase();
    gallery_xrd();
    gallery_transient();
}

/* A log axis (x when logx, else y) with only non-positive values, then with a non-positive fixed
 * range: EINVAL naming the log axis, and no file. */
static void check_log_refused(int logx) {
    const double pos[3] = {1.0, 2.0, 3.0}, neg[3] = {0.0, -1.0, -2.0};
    lq_plot *q = NULL;
    lq_diag d;
    LQ_CHECK_STATUS(lq_plot_create(NULL, NULL, NULL, &q), LQ_OK);
    if (!q) return;
    LQ_CHECK_STATUS(lq_plot_add_line(q, logx ? neg : pos, logx ? pos : neg, 3, NULL, NULL), LQ_OK);
    LQ_CHECK_STATUS(logx ? lq_plot_set_logx(q, 1) : lq_plot_set_logy(q, 1), LQ_OK);
    LQ_CHECK_STATUS(lq_plot_save(q, "plot_err.svg", 300, 200, &d), LQ_EINVAL);
    LQ_CHECK(strstr(d.msg, logx ? "log x" : "log y") != NULL);
    LQ_CHECK_STATUS(logx ? lq_plot_set_xrange(q, -1.0, 1.0) : lq_plot_set_yrange(q, -1.0, 1.0),
                    LQ_OK);
    LQ_CHECK_STATUS(lq_plot_save(q, "plot_err.svg", 300, 200, NULL), LQ_EINVAL);
    LQ_CHECK(!file_exists("plot_err.svg"));
    lq_plot_free(q);
}

void test_plot_errors(void) {
    lq_plot *p = NULL;
    double x[3] = {0, 1, 2}, y[3] = {1, 2, 3};
    LQ_CHECK_STATUS(lq_plot_create("t", NULL, NULL, NULL), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_plot_create("bad \xff", NULL, NULL, &p), LQ_EINVAL);
    LQ_CHECK(p == NULL);
    lq_plot_free(NULL);
    LQ_CHECK_STATUS(lq_plot_add_line(NULL, x, y, 3, NULL, NULL), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_plot_create(NULL, NULL, NULL, &p), LQ_OK);
    if (!p) return;
    lq_diag d;
    /* An empty figure is refused and leaves an existing file alone. */
    LQ_CHECK_STATUS(lq_file_write_atomic("plot_err.png", "old", 3, NULL), LQ_OK);
    LQ_CHECK_STATUS(lq_plot_save(p, "plot_err.png", 300, 200, &d), LQ_EINVAL);
    LQ_CHECK(strstr(d.msg, "empty") != NULL);
    size_t n = 0;
    char *t = slurp("plot_err.png", &n);
    LQ_CHECK(t && strcmp(t, "old") == 0);
    lq_free(t);
    unlink("plot_err.png");
    /* Bad series. */
    LQ_CHECK_STATUS(lq_plot_add_line(p, NULL, y, 3, NULL, NULL), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_plot_add_line(p, x, NULL, 3, NULL, NULL), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_plot_add_points(p, x, y, 0, NULL, NULL), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_plot_add_polygon(p, x, y, 2, NULL, NULL), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_plot_add_line(p, x, y, 3, NULL, "bad \xc0\xaf"), LQ_EINVAL);
    lq_plot_style s = {0, {2.0, 0, 0}, 1, 0, 0, LQ_PLOT_MARKER_NONE, 0};
    LQ_CHECK_STATUS(lq_plot_add_line(p, x, y, 3, &s, NULL), LQ_EINVAL);
    s.rgb[0] = 0.5;
    s.alpha = -0.1;
    LQ_CHECK_STATUS(lq_plot_add_line(p, x, y, 3, &s, NULL), LQ_EINVAL);
    s.alpha = 1.0;
    s.line_width_pt = (double)NAN;
    LQ_CHECK_STATUS(lq_plot_add_line(p, x, y, 3, &s, NULL), LQ_EINVAL);
    s.line_width_pt = 1.0;
    s.marker = (lq_plot_marker)42;
    LQ_CHECK_STATUS(lq_plot_add_points(p, x, y, 3, &s, NULL), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_plot_add_rule(p, 1, (double)NAN, NULL, NULL), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_plot_add_text(p, 0, 0, NULL), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_plot_add_text(p, (double)INFINITY, 0, "x"), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_plot_add_annotation(p, 0, (double)NAN, "x"), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_plot_add_label(NULL, 0, 0, "x"), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_plot_add_label(p, 0, 0, NULL), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_plot_add_label(p, (double)NAN, 0, "x"), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_plot_set_logx(NULL, 1), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_plot_set_xrange(p, 1.0, 1.0), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_plot_set_xrange(p, 2.0, 1.0), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_plot_set_yrange(p, (double)NAN, 1.0), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_plot_set_yrange(p, 1.0, 1.0 + 1e-15), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_plot_set_legend(p, 5), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_plot_set_legend(NULL, 1), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_plot_set_logy(NULL, 1), LQ_EINVAL);
    /* Only non-finite data: nothing to range on. */
    double nx[2] = {(double)NAN, 1.0}, ny[2] = {1.0, (double)NAN};
    LQ_CHECK_STATUS(lq_plot_add_line(p, nx, ny, 2, NULL, NULL), LQ_OK);
    LQ_CHECK_STATUS(lq_plot_save(p, "plot_err.png", 300, 200, &d), LQ_EINVAL);
    LQ_CHECK(!file_exists("plot_err.png"));
    LQ_CHECK_STATUS(lq_plot_add_line(p, x, y, 3, NULL, NULL), LQ_OK);
    /* Paths and sizes. */
    LQ_CHECK_STATUS(lq_plot_save(NULL, "a.png", 300, 200, NULL), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_plot_save(p, NULL, 300, 200, NULL), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_plot_save(p, "plot_err.txt", 300, 200, &d), LQ_EINVAL);
    LQ_CHECK(strstr(d.msg, ".png") != NULL && strstr(d.file, "plot_err.txt") != NULL);
    LQ_CHECK(!file_exists("plot_err.txt"));
    LQ_CHECK_STATUS(lq_plot_save(p, "noextension", 300, 200, NULL), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_plot_save(p, "dir.png/fig", 300, 200, NULL), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_plot_save(p, "plot_err.png", 10, 200, NULL), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_plot_save(p, "plot_err.png", 300, (double)NAN, NULL), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_plot_save(p, "plot_err.png", 5000, 5000, NULL), LQ_EINVAL);
    LQ_CHECK(!file_exists("plot_err.png"));
    /* Unwritable place: EIO naming the file, nothing left behind. */
    LQ_CHECK_STATUS(lq_plot_save(p, "/nonexistent/dir/fig.png", 300, 200, &d), LQ_EWRITE);
    LQ_CHECK(strstr(d.file, "/nonexistent/dir/fig.png") != NULL);
    LQ_CHECK(!file_exists("/nonexistent/dir/fig.png"));
    /* Log axes without positive data, or with a non-positive fixed range. */
    LQ_CHECK_STATUS(lq_plot_set_logy(p, 1), LQ_OK);
    check_log_refused(0);
    check_log_refused(1);
    lq_plot *q = NULL;
    /* Too small a figure for its labels. */
    LQ_CHECK_STATUS(lq_plot_create("a long title", "a long x label", "a long y label", &q), LQ_OK);
    LQ_CHECK_STATUS(lq_plot_add_line(q, x, y, 3, NULL, NULL), LQ_OK);
    LQ_CHECK_STATUS(lq_plot_save(q, "plot_err.pdf", 40, 40, &d), LQ_EINVAL);
    LQ_CHECK(strstr(d.msg, "too small") != NULL);
    LQ_CHECK(!file_exists("plot_err.pdf"));
    lq_plot_free(q);
    lq_plot_free(p);
}

/* Every allocation of a typical use may fail: the result is ENOMEM (no crash, no leak), and
 * with enough allocations allowed the same calls succeed. */
void test_plot_alloc_failures(void) {
    double x[4] = {0, 1, 2, 3}, y[4] = {1, 3, 2, 4};
    int succeeded = 0;
    for (long budget = 0; budget < 60 && !succeeded; budget++) {
        lqi_alloc_fail_after(budget);
        lq_plot *p = NULL;
        lq_status st = lq_plot_create("title", "x", "y", &p);
        if (st == LQ_OK) st = lq_plot_add_line(p, x, y, 4, NULL, "line");
        if (st == LQ_OK) st = lq_plot_add_points(p, x, y, 4, NULL, "points");
        if (st == LQ_OK) st = lq_plot_add_polygon(p, x, y, 4, NULL, "region");
        if (st == LQ_OK) st = lq_plot_add_rule(p, 1, 1.5, NULL, "rule");
        if (st == LQ_OK) st = lq_plot_add_text(p, 1, 1, "text");
        if (st == LQ_OK) st = lq_plot_add_annotation(p, 2, 2, "note");
        for (int k = 0; st == LQ_OK && k < 8; k++) st = lq_plot_add_text(p, 0.1 * k, 2, "more");
        if (st == LQ_OK) st = lq_plot_save(p, "plot_alloc.png", 200, 150, NULL);
        lqi_alloc_fail_after(-1);
        LQ_CHECK(st == LQ_OK || st == LQ_ENOMEM);
        if (st == LQ_ENOMEM) LQ_CHECK(!file_exists("plot_alloc.png"));
        if (st == LQ_OK) succeeded = 1;
        lq_plot_free(p);
    }
    LQ_CHECK(succeeded);
    LQ_CHECK(png_ok("plot_alloc.png", 400, 300));
    unlink("plot_alloc.png");
}

/* CPU time of this process: what the drawing costs, not what other jobs on the machine take. */
static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

#if defined(__SANITIZE_ADDRESS__)
#define SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SANITIZED 1
#endif
#endif
#ifndef SANITIZED
#define SANITIZED 0
#endif

void test_plot_many_points(void) {
    enum { N = 1000000 };
    double *x = malloc(N * sizeof *x), *y = malloc(N * sizeof *y);
    LQ_CHECK(x && y);
    if (!x || !y) {
        free(x);
        free(y);
        return;
    }
    /* A noisy sine with one single-sample spike to 3: decimation must keep that extreme. */
    for (size_t k = 0; k < N; k++) {
        x[k] = 10.0 * (double)k / (N - 1);
        y[k] = sin(x[k]) + 0.05 * sin(1234.5 * (double)k);
    }
    y[N / 2 + 17] = 3.0;
    lq_plot *p = NULL;
    LQ_CHECK_STATUS(lq_plot_create("10^6 points", "x", "y", &p), LQ_OK);
    lq_plot_style red = {0, {1.0, 0.0, 0.0}, 1.0, 1.0, 0, LQ_PLOT_MARKER_NONE, 0};
    LQ_CHECK_STATUS(lq_plot_add_line(p, x, y, N, &red, NULL), LQ_OK);
    double t0 = now_s();
    LQ_CHECK_STATUS(lq_plot_save(p, "plot_many.png", 400, 300, NULL), LQ_OK);
    double dt = now_s() - t0;
    fprintf(stderr, "  10^6-point line to PNG (400 x 300 pt): %.3f s CPU\n", dt);
    /* "Well under a second" in a release build; sanitizers slow everything by several times. */
    LQ_CHECK(dt < (SANITIZED ? 5.0 : 0.5));
    t0 = now_s();
    LQ_CHECK_STATUS(lq_plot_save(p, "plot_many.pdf", 400, 300, NULL), LQ_OK);
    dt = now_s() - t0;
    fprintf(stderr, "  10^6-point line to PDF: %.3f s CPU\n", dt);
    LQ_CHECK(dt < (SANITIZED ? 5.0 : 0.5));
    size_t n = 0;
    char *pdf = slurp("plot_many.pdf", &n);
    /* Decimated to a few points per 1/4 pt column: the PDF stays small. */
    LQ_CHECK(pdf && n < 400000);
    lq_free(pdf);
    lqi_plot_frame f;
    LQ_CHECK_STATUS(lqi_plot_frame_compute(p, 400, 300, &f, NULL), LQ_OK);
    cairo_surface_t *s = cairo_image_surface_create_from_png("plot_many.png");
    /* The spike's tip (just below y = 3) is drawn in its column. */
    double X = 2.0 * lqi_plot_map_x(&f, x[N / 2 + 17]), Y = 2.0 * lqi_plot_map_y(&f, 2.95);
    int found = 0;
    for (int dx = -2; dx <= 2; dx++) {
        uint32_t c = pixel(s, X + dx, Y);
        if (((c >> 16) & 0xff) > 200 && ((c >> 8) & 0xff) < 150) found = 1;
    }
    LQ_CHECK(found);
    cairo_surface_destroy(s);
    lq_plot_free(p);
    free(x);
    free(y);
    unlink("plot_many.png");
    unlink("plot_many.pdf");
}

/* Odd but legal inputs draw (or are refused with EINVAL), never crash or break the file. */
void test_plot_robust(void) {
    static const double sets[][4] = {
        {1e-300, 2e-300, 3e-300, 5e-300},                        /* tiny */
        {1e300, -1e300, 5e299, 0.0},                             /* huge, both signs */
        {973.0, 973.0, 973.0, 973.0},                            /* constant */
        {(double)NAN, (double)INFINITY, -(double)INFINITY, 1.0}, /* one finite value */
        {1e-300, 1.0, 1e300, 1e-5},                              /* 600 decades */
        {-1.0, -2.0, 0.0, -3.0},                                 /* nothing for a log axis */
    };
    const size_t nsets = sizeof sets / sizeof sets[0];
    const double xs[4] = {0.0, 1.0, 2.0, 3.0};
    int drawn = 0;
    for (size_t a = 0; a < nsets; a++)
        for (int logy = 0; logy < 2; logy++)
            for (int kind = 0; kind < 3; kind++) {
                lq_plot *p = NULL;
                LQ_CHECK_STATUS(lq_plot_create("", "", NULL, &p), LQ_OK);
                if (!p) return;
                lq_status st = kind == 0   ? lq_plot_add_line(p, xs, sets[a], 4, NULL, "a")
                               : kind == 1 ? lq_plot_add_points(p, sets[a], sets[a], 4, NULL, "b")
                                           : lq_plot_add_polygon(p, xs, sets[a], 4, NULL, "c");
                LQ_CHECK_STATUS(st, LQ_OK);
                lq_plot_add_rule(p, 0, sets[a][0] == sets[a][0] ? sets[a][0] : 1.0, NULL, "r");
                lq_plot_add_annotation(p, 1.0, 1.0, "note");
                lq_plot_set_logy(p, logy);
                st = lq_plot_save(p, "plot_robust.png", 200, 150, NULL);
                LQ_CHECK(st == LQ_OK || st == LQ_EINVAL);
                if (st == LQ_OK) {
                    drawn++;
                    LQ_CHECK(png_ok("plot_robust.png", 400, 300));
                }
                unlink("plot_robust.png");
                lq_plot_free(p);
            }
    /* Most combinations are drawable; only "no positive y on a log axis" style ones are not. */
    LQ_CHECK(drawn >= 24);
    /* More series than palette colours, long labels that must shrink, a single point. */
    lq_plot *p = NULL;
    LQ_CHECK_STATUS(lq_plot_create("A very long title that is much wider than this small figure "
                                   "could ever show at eleven points",
                                   "an x label that is also far too long for the figure width",
                                   "a y label longer than the axis is high", &p),
                    LQ_OK);
    if (!p) return;
    for (int k = 0; k < 12; k++) {
        double y[4] = {k, k + 1.0, k + 0.5, k + 2.0};
        char lab[32];
        snprintf(lab, sizeof lab, "series %d", k);
        LQ_CHECK_STATUS(lq_plot_add_line(p, xs, y, 4, NULL, lab), LQ_OK);
    }
    double one = 2.0;
    LQ_CHECK_STATUS(lq_plot_add_points(p, &one, &one, 1, NULL, NULL), LQ_OK);
    LQ_CHECK_STATUS(lq_plot_save(p, "plot_robust.svg", 240, 180, NULL), LQ_OK);
    LQ_CHECK(svg_ok("plot_robust.svg"));
    lqi_plot_frame f;
    LQ_CHECK_STATUS(lqi_plot_frame_compute(p, 240, 180, &f, NULL), LQ_OK);
    LQ_CHECK(f.fs_title < LQI_PLOT_FS_TITLE && f.fs_xlabel < LQI_PLOT_FS_LABEL);
    LQ_CHECK(f.fs_title >= 6.0 && f.left > 0 && f.right < 240 && f.top > 0 && f.bottom < 180);
    unlink("plot_robust.svg");
    lq_plot_free(p);
}
