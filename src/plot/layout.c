/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Figure layout: data extents, axis limits and ticks, margins measured from the text. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/core_internal.h"
#include "plot/plot_internal.h"

/* Spacing (pt) shared with render.c through the frame: outer padding, tick-to-label gap. */
#define PAD 6.0
#define TICK_GAP 3.5
#define LABEL_GAP 4.0
/* Minimum free space between neighbouring x tick labels, pt. */
#define XLABEL_SEP 9.0

typedef struct extent {
    double lo, hi;
    int any;
} extent;

static void ext_add(extent *e, double v) {
    if (!e->any) {
        e->lo = e->hi = v;
        e->any = 1;
    } else {
        if (v < e->lo) e->lo = v;
        if (v > e->hi) e->hi = v;
    }
}

/* A point counts when both coordinates are finite (and y > 0 on a log axis). */
static int point_ok(const lq_plot *p, double x, double y) {
    return isfinite(x) && isfinite(y) && (!p->logx || x > 0.0) && (!p->logy || y > 0.0);
}

/* Extents of the data; with a fixed x range, y follows only the points inside it. */
static void data_extents(const lq_plot *p, extent *ex, extent *ey) {
    memset(ex, 0, sizeof *ex);
    memset(ey, 0, sizeof *ey);
    for (size_t i = 0; i < p->n_items; i++) {
        const lqi_plot_item *it = &p->items[i];
        switch (it->kind) {
            case LQI_PLOT_LINE:
            case LQI_PLOT_POINTS:
            case LQI_PLOT_POLYGON:
                for (size_t k = 0; k < it->n; k++) {
                    double x = it->x[k], y = it->y[k];
                    if (!point_ok(p, x, y)) continue;
                    ext_add(ex, x);
                    if (!p->xfixed || (x >= p->xmin && x <= p->xmax)) ext_add(ey, y);
                }
                break;
            case LQI_PLOT_RULE:
                if (it->vertical && (!p->logx || it->px > 0.0))
                    ext_add(ex, it->px);
                else if (!it->vertical && (!p->logy || it->px > 0.0))
                    ext_add(ey, it->px);
                break;
            case LQI_PLOT_TEXT:
            case LQI_PLOT_ANNOT:
                if (point_ok(p, it->px, it->py)) {
                    ext_add(ex, it->px);
                    if (!p->xfixed || (it->px >= p->xmin && it->px <= p->xmax)) ext_add(ey, it->py);
                }
                break;
            default:
                break;
        }
    }
}

int lqi_plot_frame_valid(const lqi_plot_frame *f, double x, double y) {
    return isfinite(x) && isfinite(y) && (!f->xaxis.log || x > 0.0) && (!f->yaxis.log || y > 0.0);
}

int lqi_plot_rule_visible(const lqi_plot_frame *f, const lqi_plot_item *it) {
    int log = it->vertical ? f->xaxis.log : f->yaxis.log;
    return isfinite(it->px) && (!log || it->px > 0.0);
}

/* Position of v along an axis, 0 at lo and 1 at hi (in log10 on a log axis). */
static double axis_fraction(const lqi_plot_axis *ax, double v) {
    if (ax->log) {
        double a = log10(ax->lo);
        return (log10(v) - a) / (log10(ax->hi) - a);
    }
    return (v - ax->lo) / (ax->hi - ax->lo);
}

double lqi_plot_map_x(const lqi_plot_frame *f, double x) {
    return f->left + axis_fraction(&f->xaxis, x) * (f->right - f->left);
}

double lqi_plot_map_y(const lqi_plot_frame *f, double y) {
    return f->bottom - axis_fraction(&f->yaxis, y) * (f->bottom - f->top);
}

static double text_height(cairo_t *cr, const char *s, double fs) {
    lqi_plot_extent e = lqi_plot_text_measure(cr, s, fs);
    return e.ascent + e.descent;
}

/* Widest tick label of an axis, pt. */
static double max_label_width(cairo_t *cr, const lqi_plot_axis *ax) {
    double w = 0.0;
    char buf[64];
    for (size_t i = 0; i < ax->n; i++) {
        lqi_plot_tick_label(ax, ax->v[i], buf, sizeof buf);
        lqi_plot_extent e = lqi_plot_text_measure(cr, buf, LQI_PLOT_FS_TICK);
        if (e.width > w) w = e.width;
    }
    return w;
}

/* 1 when neighbouring x tick labels leave at least XLABEL_SEP between them on an axis of len pt. */
static int xlabels_fit(cairo_t *cr, const lqi_plot_axis *ax, double len) {
    char buf[64];
    double prev_right = -1e300;
    for (size_t i = 0; i < ax->n; i++) {
        double t = axis_fraction(ax, ax->v[i]);
        lqi_plot_tick_label(ax, ax->v[i], buf, sizeof buf);
        double w = lqi_plot_text_measure(cr, buf, LQI_PLOT_FS_TICK).width;
        double c = t * len;
        if (c - 0.5 * w < prev_right + XLABEL_SEP) return 0;
        prev_right = c + 0.5 * w;
    }
    return 1;
}

static lq_status axis_limits(int fixed, double fmin, double fmax, const extent *e, int log,
                             double *lo, double *hi) {
    if (fixed) {
        if (log && !(fmin > 0.0)) return LQ_EINVAL;
        *lo = fmin;
        *hi = fmax;
        return LQ_OK;
    }
    if (!e->any) return LQ_EINVAL;
    return lqi_plot_auto_range(e->lo, e->hi, log, lo, hi);
}

static lq_status layout_pass(const lq_plot *p, cairo_t *cr, double xlo, double xhi, double ylo,
                             double yhi, int xfactor_row, lqi_plot_frame *f) {
    double tick_h = text_height(cr, "0123456789", LQI_PLOT_FS_TICK);
    double top = PAD;
    /* Titles and axis labels shrink (down to 6 pt) rather than run off the figure. */
    f->fs_xlabel = f->fs_ylabel = LQI_PLOT_FS_LABEL;
    f->fs_title = LQI_PLOT_FS_TITLE;
    if (p->title) {
        cairo_select_font_face(cr, LQI_PLOT_FONT, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
        f->fs_title = lqi_plot_text_fit(cr, p->title, LQI_PLOT_FS_TITLE, f->width - 2.0 * PAD);
        top += text_height(cr, p->title, f->fs_title) + LABEL_GAP + 2.0;
        lqi_plot_font_setup(cr);
    }
    if (p->xlabel)
        f->fs_xlabel = lqi_plot_text_fit(cr, p->xlabel, LQI_PLOT_FS_LABEL, f->width - 2.0 * PAD);
    if (p->ylabel)
        f->fs_ylabel = lqi_plot_text_fit(cr, p->ylabel, LQI_PLOT_FS_LABEL, f->height - 2.0 * PAD);
    double bottom = f->height - PAD - tick_h - TICK_GAP;
    if (p->xlabel || xfactor_row) {
        double h = p->xlabel ? text_height(cr, p->xlabel, f->fs_xlabel) : 0.0;
        double hf = text_height(cr,
                                "\xc3\x97"
                                "10^{-6}",
                                LQI_PLOT_FS_TICK);
        bottom -= LABEL_GAP + (h > hf ? h : hf);
    }
    /* The y factor (x10^k) sits above the axes box: reserve its height when the title does not. */
    double factor_h = text_height(cr,
                                  "\xc3\x97"
                                  "10^{-6}",
                                  LQI_PLOT_FS_TICK);
    lq_status st = LQ_OK;
    for (int pass = 0; pass < 2; pass++) {
        double len = bottom - top;
        if (len < 20.0) return LQ_EINVAL;
        /* About one y tick per 3 label heights. */
        size_t ny = (size_t)(len / (2.8 * tick_h)) + 1;
        if (ny < 2) ny = 2;
        if (ny > 10) ny = 10;
        st = lqi_plot_ticks(ylo, yhi, p->logy, ny, &f->yaxis);
        if (st != LQ_OK) return st;
        if (f->yaxis.exp10 != 0 && !p->title && pass == 0 && top < PAD + factor_h + 2.0) {
            top = PAD + factor_h + 2.0;
            continue;
        }
        break;
    }
    double left = PAD + max_label_width(cr, &f->yaxis) + TICK_GAP;
    if (p->ylabel) left += text_height(cr, p->ylabel, f->fs_ylabel) + LABEL_GAP;
    /* Room for half of a right-most x label centred on the axes' right edge: first a guess,
     * then (once) the real overhang of the last label. */
    double right = f->width - PAD - 0.5 * lqi_plot_text_measure(cr, "0.00", LQI_PLOT_FS_TICK).width;
    for (int pass = 0; pass < 2; pass++) {
        double wlen = right - left;
        if (wlen < 20.0) return LQ_EINVAL;
        size_t nx = (size_t)(wlen / 40.0) + 1;
        if (nx > 12) nx = 12;
        if (nx < 2) nx = 2;
        for (;; nx--) {
            st = lqi_plot_ticks(xlo, xhi, p->logx, nx, &f->xaxis);
            if (st != LQ_OK) return st;
            if (nx == 2 || xlabels_fit(cr, &f->xaxis, wlen)) break;
        }
        if (f->xaxis.n == 0) break;
        char buf[64];
        double vlast = f->xaxis.v[f->xaxis.n - 1];
        lqi_plot_tick_label(&f->xaxis, vlast, buf, sizeof buf);
        double half = 0.5 * lqi_plot_text_measure(cr, buf, LQI_PLOT_FS_TICK).width;
        double x_last = left + axis_fraction(&f->xaxis, vlast) * wlen;
        double over = x_last + half - (f->width - PAD);
        if (over <= 0.0) break;
        right -= over + 0.5;
    }
    f->left = left;
    f->right = right;
    f->top = top;
    f->bottom = bottom;
    return LQ_OK;
}

lq_status lqi_plot_layout(const lq_plot *p, cairo_t *cr, double width, double height,
                          lqi_plot_frame *f, lq_diag *diag) {
    if (!p || p->n_items == 0)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "empty figure: nothing to draw");
    memset(f, 0, sizeof *f);
    f->width = width;
    f->height = height;
    extent ex, ey;
    data_extents(p, &ex, &ey);
    double xlo = 0, xhi = 1, ylo = 0, yhi = 1;
    if (axis_limits(p->xfixed, p->xmin, p->xmax, &ex, p->logx, &xlo, &xhi) != LQ_OK)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "x",
                            p->logx   ? "log x axis needs positive data or a positive x range"
                            : p->logy ? "no plottable data (the log y axis skips y <= 0)"
                                      : "no finite data to set the x range from (or it overflows)");
    if (axis_limits(p->yfixed, p->ymin, p->ymax, &ey, p->logy, &ylo, &yhi) != LQ_OK)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "y",
                            p->logy ? "log y axis needs positive data or a positive y range"
                                    : "no finite data to set the y range from");
    lqi_plot_font_setup(cr);
    lq_status st = layout_pass(p, cr, xlo, xhi, ylo, yhi, 0, f);
    if (st == LQ_OK && f->xaxis.exp10 != 0 && !p->xlabel)
        st = layout_pass(p, cr, xlo, xhi, ylo, yhi, 1, f);
    if (st != LQ_OK)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL,
                            "figure of %g x %g pt is too small for its axes and labels", width,
                            height);
    return LQ_OK;
}

lq_status lqi_plot_frame_compute(const lq_plot *p, double width, double height, lqi_plot_frame *f,
                                 lq_diag *diag) {
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1);
    cairo_t *cr = cairo_create(s);
    lq_status st = LQ_ENOMEM;
    if (cairo_status(cr) == CAIRO_STATUS_SUCCESS)
        st = lqi_plot_layout(p, cr, width, height, f, diag);
    cairo_destroy(cr);
    cairo_surface_destroy(s);
    return st;
}
