/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Drawing a laid-out figure with cairo: data (decimated), frame, ticks, labels, legend, notes. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/core_internal.h"
#include "liquidus/units.h"
#include "plot/plot_internal.h"

#define TICK_MAJOR 4.0
#define TICK_MINOR 2.2
#define TICK_GAP 3.5
#define LABEL_GAP 4.0
#define PAD 6.0
#define FRAME_WIDTH 0.8
/* Device coordinates are clamped to +-COORD_MAX pt: far beyond the page, within cairo's fixed
 * point range (24.8 bits), so that wild data cannot overflow the rasteriser. */
#define COORD_MAX 1e6

static double clampc(double v) {
    return v > COORD_MAX ? COORD_MAX : (v < -COORD_MAX ? -COORD_MAX : v);
}

static void set_rgba(cairo_t *cr, const double rgb[3], double alpha) {
    cairo_set_source_rgba(cr, rgb[0], rgb[1], rgb[2], alpha);
}

static void set_dash(cairo_t *cr, int dashed, double lw) {
    if (dashed) {
        double s = lw > 1.5 ? lw / 1.5 : 1.0;
        double d[2] = {5.0 * s, 3.0 * s};
        cairo_set_dash(cr, d, 2, 0.0);
    } else {
        cairo_set_dash(cr, NULL, 0, 0.0);
    }
}

/*
 * Polyline decimation: consecutive points that fall in the same device column (width colw pt)
 * are reduced to the first, the minimum, the maximum and the last of the column, in their order.
 * The drawn envelope is the same as with all points, and 10^6 points become a few per column.
 */
typedef struct decim {
    cairo_t *cr;
    double colw;
    int active;
    double col;
    size_t nb, imin, imax;
    double xmin, ymin, xmax, ymax, xl, yl;
} decim;

static void decim_flush(decim *d) {
    if (!d->active || d->nb < 2) return;
    if (d->imin < d->imax) {
        if (d->imin > 0) cairo_line_to(d->cr, d->xmin, d->ymin);
        cairo_line_to(d->cr, d->xmax, d->ymax);
    } else if (d->imax < d->imin) {
        if (d->imax > 0) cairo_line_to(d->cr, d->xmax, d->ymax);
        cairo_line_to(d->cr, d->xmin, d->ymin);
    }
    if (d->imin != d->nb - 1 && d->imax != d->nb - 1) cairo_line_to(d->cr, d->xl, d->yl);
}

static void decim_start(decim *d, double X, double Y) {
    d->col = floor(X / d->colw);
    d->nb = 1;
    d->imin = d->imax = 0;
    d->xmin = d->xmax = d->xl = X;
    d->ymin = d->ymax = d->yl = Y;
}

static void decim_point(decim *d, double X, double Y) {
    if (!d->active) {
        cairo_move_to(d->cr, X, Y);
        d->active = 1;
        decim_start(d, X, Y);
        return;
    }
    if (floor(X / d->colw) == d->col) {
        if (Y < d->ymin) {
            d->ymin = Y;
            d->xmin = X;
            d->imin = d->nb;
        }
        if (Y > d->ymax) {
            d->ymax = Y;
            d->xmax = X;
            d->imax = d->nb;
        }
        d->xl = X;
        d->yl = Y;
        d->nb++;
        return;
    }
    decim_flush(d);
    cairo_line_to(d->cr, X, Y);
    decim_start(d, X, Y);
}

static void decim_break(decim *d) {
    decim_flush(d);
    d->active = 0;
}

static void draw_line(cairo_t *cr, const lqi_plot_frame *f, const lqi_plot_item *it, double colw) {
    decim d = {cr, colw, 0, 0.0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    cairo_new_path(cr);
    for (size_t k = 0; k < it->n; k++) {
        double x = it->x[k], y = it->y[k];
        if (!lqi_plot_frame_valid(f, x, y)) {
            decim_break(&d);
            continue;
        }
        decim_point(&d, clampc(lqi_plot_map_x(f, x)), clampc(lqi_plot_map_y(f, y)));
    }
    decim_break(&d);
    set_rgba(cr, it->rgb, it->alpha);
    cairo_set_line_width(cr, it->width_pt);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
    set_dash(cr, it->dashed, it->width_pt);
    cairo_stroke(cr);
}

/* Adds one marker of size s (pt, the width of the shape) centred at (X, Y) to the path. */
static void marker_path(cairo_t *cr, lq_plot_marker m, double X, double Y, double s) {
    double r = 0.5 * s;
    switch (m) {
        case LQ_PLOT_MARKER_SQUARE:
            cairo_rectangle(cr, X - 0.85 * r, Y - 0.85 * r, 1.7 * r, 1.7 * r);
            break;
        case LQ_PLOT_MARKER_TRIANGLE:
            cairo_move_to(cr, X, Y - 1.1 * r);
            cairo_line_to(cr, X + r, Y + 0.65 * r);
            cairo_line_to(cr, X - r, Y + 0.65 * r);
            cairo_close_path(cr);
            break;
        case LQ_PLOT_MARKER_DIAMOND:
            cairo_move_to(cr, X, Y - 1.15 * r);
            cairo_line_to(cr, X + 0.85 * r, Y);
            cairo_line_to(cr, X, Y + 1.15 * r);
            cairo_line_to(cr, X - 0.85 * r, Y);
            cairo_close_path(cr);
            break;
        case LQ_PLOT_MARKER_CROSS:
            cairo_move_to(cr, X - r, Y - r);
            cairo_line_to(cr, X + r, Y + r);
            cairo_move_to(cr, X - r, Y + r);
            cairo_line_to(cr, X + r, Y - r);
            break;
        default:
            cairo_new_sub_path(cr);
            cairo_arc(cr, X, Y, r, 0.0, 2.0 * LQ_PI);
            cairo_close_path(cr);
            break;
    }
}

/* Fills (or strokes, for crosses) the current path in the marker's colour. */
static void finish_markers(cairo_t *cr, const lqi_plot_item *it) {
    set_rgba(cr, it->rgb, it->alpha);
    if (it->marker == LQ_PLOT_MARKER_CROSS) {
        cairo_stroke(cr);
    } else {
        cairo_fill(cr);
    }
}

/* Largest number of cells of the marker-thinning bitmap (bytes). */
#define MARKER_CELLS_MAX (4u << 20)

/*
 * Markers, each filled on its own: one path holding thousands of overlapping shapes makes cairo's
 * tessellator find every intersection, which is quadratic. A marker whose centre falls in a cell
 * (a device pixel or a fifth of the marker, whichever is larger) that already holds one is skipped:
 * it would cover the same pixels to within that cell, so 10^6 points cost no more than the pixels
 * they hit.
 */
static lq_status draw_markers(cairo_t *cr, const lqi_plot_frame *f, const lqi_plot_item *it,
                              double colw) {
    double r = it->marker_pt;
    double x0 = f->left - r, y0 = f->top - r;
    double w = f->right - f->left + 2.0 * r, h = f->bottom - f->top + 2.0 * r;
    double cell = fmax(colw, 0.2 * it->marker_pt);
    while ((w / cell + 1.0) * (h / cell + 1.0) > (double)MARKER_CELLS_MAX) cell *= 2.0;
    size_t nx = (size_t)(w / cell) + 1, ny = (size_t)(h / cell) + 1;
    unsigned char *seen = lqi_calloc(nx * ny, 1);
    if (!seen) return LQ_ENOMEM;
    set_dash(cr, 0, 1.0);
    cairo_set_line_width(cr, fmax(1.0, 0.22 * it->marker_pt));
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
    cairo_new_path(cr);
    for (size_t k = 0; k < it->n; k++) {
        double x = it->x[k], y = it->y[k];
        if (!lqi_plot_frame_valid(f, x, y)) continue;
        double X = lqi_plot_map_x(f, x), Y = lqi_plot_map_y(f, y);
        double cx = floor((X - x0) / cell), cy = floor((Y - y0) / cell);
        if (!(cx >= 0.0 && cy >= 0.0 && cx < (double)nx && cy < (double)ny)) continue;
        size_t idx = (size_t)cy * nx + (size_t)cx;
        if (seen[idx]) continue;
        seen[idx] = 1;
        marker_path(cr, it->marker, X, Y, it->marker_pt);
        finish_markers(cr, it);
    }
    lqi_free(seen);
    return LQ_OK;
}

static void draw_polygon(cairo_t *cr, const lqi_plot_frame *f, const lqi_plot_item *it) {
    cairo_new_path(cr);
    int started = 0;
    for (size_t k = 0; k < it->n; k++) {
        double x = it->x[k], y = it->y[k];
        if (!lqi_plot_frame_valid(f, x, y)) continue;
        double X = clampc(lqi_plot_map_x(f, x)), Y = clampc(lqi_plot_map_y(f, y));
        if (!started)
            cairo_move_to(cr, X, Y);
        else
            cairo_line_to(cr, X, Y);
        started = 1;
    }
    if (!started) return;
    cairo_close_path(cr);
    set_rgba(cr, it->rgb, it->alpha);
    if (it->width_pt > 0.0) {
        cairo_fill_preserve(cr);
        cairo_set_source_rgb(cr, it->rgb[0], it->rgb[1], it->rgb[2]);
        cairo_set_line_width(cr, it->width_pt);
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
        set_dash(cr, it->dashed, it->width_pt);
        cairo_stroke(cr);
    } else {
        cairo_fill(cr);
    }
}

static void draw_rule_line(cairo_t *cr, const lqi_plot_frame *f, const lqi_plot_item *it) {
    if (!lqi_plot_rule_visible(f, it)) return;
    if (it->vertical) {
        double X = clampc(lqi_plot_map_x(f, it->px));
        cairo_move_to(cr, X, f->top);
        cairo_line_to(cr, X, f->bottom);
    } else {
        double Y = clampc(lqi_plot_map_y(f, it->px));
        cairo_move_to(cr, f->left, Y);
        cairo_line_to(cr, f->right, Y);
    }
    set_rgba(cr, it->rgb, it->alpha);
    cairo_set_line_width(cr, it->width_pt);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
    set_dash(cr, it->dashed, it->width_pt);
    cairo_stroke(cr);
}

/* Text extent as a box around a baseline origin, with a 1 pt margin. */
static lqi_plot_box text_box(const lqi_plot_extent *e, double tx, double ty) {
    lqi_plot_box b = {tx - 1.0, ty - e->ascent - 1.0, tx + e->width + 1.0, ty + e->descent + 1.0};
    return b;
}

/* Picks the cheapest of n candidate baseline origins (the first wins ties), marks it taken. */
static void place_text(lqi_plot_occupancy *o, const lqi_plot_frame *f, const lqi_plot_extent *e,
                       const double (*cand)[2], size_t n, double *tx, double *ty) {
    double best = (double)INFINITY;
    for (size_t i = 0; i < n; i++) {
        lqi_plot_box b = text_box(e, cand[i][0], cand[i][1]);
        double c = lqi_plot_occupancy_cost(o, f, &b);
        if (c < best) {
            best = c;
            *tx = cand[i][0];
            *ty = cand[i][1];
        }
    }
    lqi_plot_box b = text_box(e, *tx, *ty);
    lqi_plot_occupancy_take(o, &b);
}

/* A rule's label: by the top of a vertical rule or above the right end of a horizontal one,
 * moved to the other end or side when that is where the data or the legend are. */
static void draw_rule_label(cairo_t *cr, const lqi_plot_frame *f, const lqi_plot_item *it,
                            lqi_plot_occupancy *o) {
    if (!it->label || !lqi_plot_rule_visible(f, it)) return;
    lqi_plot_extent e = lqi_plot_text_measure(cr, it->label, LQI_PLOT_FS_TEXT);
    /* Ends first, then the middle and the quarters: 5 places on each side of the rule. */
    static const double along[5] = {0.0, 1.0, 0.5, 0.25, 0.75};
    double cand[10][2];
    if (it->vertical) {
        double X = lqi_plot_map_x(f, it->px);
        if (X < f->left || X > f->right) return;
        double yt = f->top + 3.0 + e.ascent, yb = f->bottom - 3.0 - e.descent;
        for (int k = 0; k < 5; k++) {
            double y = yt + along[k] * (yb - yt);
            cand[2 * k][0] = X + 3.0;
            cand[2 * k][1] = y;
            cand[2 * k + 1][0] = X - 3.0 - e.width;
            cand[2 * k + 1][1] = y;
        }
    } else {
        double Y = lqi_plot_map_y(f, it->px);
        if (Y < f->top || Y > f->bottom) return;
        double xr = f->right - 4.0 - e.width, xl = f->left + 4.0;
        for (int k = 0; k < 5; k++) {
            double x = xr + along[k] * (xl - xr);
            cand[2 * k][0] = x;
            cand[2 * k][1] = Y - 2.5 - e.descent;
            cand[2 * k + 1][0] = x;
            cand[2 * k + 1][1] = Y + 2.5 + e.ascent;
        }
    }
    double tx = cand[0][0], ty = cand[0][1];
    place_text(o, f, &e, (const double(*)[2])cand, 10, &tx, &ty);
    set_rgba(cr, it->rgb, 1.0);
    lqi_plot_text_show(cr, it->label, LQI_PLOT_FS_TEXT, tx, ty);
}

#define RING_R 3.0

static int annotation_point(const lqi_plot_frame *f, const lqi_plot_item *it, double *X,
                            double *Y) {
    if (!lqi_plot_frame_valid(f, it->px, it->py)) return 0;
    *X = lqi_plot_map_x(f, it->px);
    *Y = lqi_plot_map_y(f, it->py);
    return *X >= f->left && *X <= f->right && *Y >= f->top && *Y <= f->bottom;
}

/* An annotation: a ring on the point and the text beside it where it hides the least. */
static void draw_annotation(cairo_t *cr, const lqi_plot_frame *f, const lqi_plot_item *it,
                            lqi_plot_occupancy *o) {
    double X, Y;
    if (!annotation_point(f, it, &X, &Y)) return;
    cairo_set_source_rgb(cr, 0.0, 0.0, 0.0);
    cairo_set_line_width(cr, 0.9);
    set_dash(cr, 0, 1.0);
    cairo_new_path(cr);
    cairo_arc(cr, X, Y, RING_R, 0.0, 2.0 * LQ_PI);
    cairo_stroke(cr);
    lqi_plot_extent e = lqi_plot_text_measure(cr, it->label, LQI_PLOT_FS_TEXT);
    const double off = RING_R + 2.5, w = e.width;
    const double cand[8][2] = {{X + off, Y - off - e.descent},
                               {X - off - w, Y - off - e.descent},
                               {X + off, Y + off + e.ascent},
                               {X - off - w, Y + off + e.ascent},
                               {X + off + 1.0, Y + 0.5 * e.ascent},
                               {X - off - 1.0 - w, Y + 0.5 * e.ascent},
                               {X - 0.5 * w, Y - off - 1.5 - e.descent},
                               {X - 0.5 * w, Y + off + 1.5 + e.ascent}};
    double tx = cand[0][0], ty = cand[0][1];
    place_text(o, f, &e, cand, 8, &tx, &ty);
    lqi_plot_text_show(cr, it->label, LQI_PLOT_FS_TEXT, tx, ty);
}

/* Baseline origin of a free text item: its anchor, or centred on it for labels. */
static void text_origin(cairo_t *cr, const lqi_plot_frame *f, const lqi_plot_item *it,
                        lqi_plot_extent *e, double *tx, double *ty) {
    *e = lqi_plot_text_measure(cr, it->label, LQI_PLOT_FS_TEXT);
    *tx = clampc(lqi_plot_map_x(f, it->px));
    *ty = clampc(lqi_plot_map_y(f, it->py));
    if (it->vertical) {
        double digits = lqi_plot_text_measure(cr, "0", LQI_PLOT_FS_TEXT).ascent;
        *tx -= 0.5 * e->width;
        *ty += 0.5 * digits;
    }
}

static void draw_text(cairo_t *cr, const lqi_plot_frame *f, const lqi_plot_item *it) {
    if (!it->label || !lqi_plot_frame_valid(f, it->px, it->py)) return;
    lqi_plot_extent e;
    double tx, ty;
    text_origin(cr, f, it, &e, &tx, &ty);
    cairo_set_source_rgb(cr, 0.0, 0.0, 0.0);
    lqi_plot_text_show(cr, it->label, LQI_PLOT_FS_TEXT, tx, ty);
}

static double axis_pos_x(const lqi_plot_frame *f, double v) { return lqi_plot_map_x(f, v); }

static void draw_ticks_and_labels(cairo_t *cr, const lqi_plot_frame *f) {
    const double eps = 1e-6;
    cairo_set_source_rgb(cr, 0.0, 0.0, 0.0);
    cairo_set_line_width(cr, FRAME_WIDTH);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
    set_dash(cr, 0, 1.0);
    /* Inward ticks on all four sides (mirrored), as in most journals' figures. */
    for (int minor = 0; minor < 2; minor++) {
        const lqi_plot_axis *xa = &f->xaxis, *ya = &f->yaxis;
        size_t nx = minor ? xa->n_minor : xa->n, ny = minor ? ya->n_minor : ya->n;
        const double *vx = minor ? xa->minor : xa->v, *vy = minor ? ya->minor : ya->v;
        double len = minor ? TICK_MINOR : TICK_MAJOR;
        for (size_t i = 0; i < nx; i++) {
            double X = axis_pos_x(f, vx[i]);
            if (X < f->left - eps || X > f->right + eps) continue;
            cairo_move_to(cr, X, f->bottom);
            cairo_line_to(cr, X, f->bottom - len);
            cairo_move_to(cr, X, f->top);
            cairo_line_to(cr, X, f->top + len);
        }
        for (size_t i = 0; i < ny; i++) {
            double Y = lqi_plot_map_y(f, vy[i]);
            if (Y < f->top - eps || Y > f->bottom + eps) continue;
            cairo_move_to(cr, f->left, Y);
            cairo_line_to(cr, f->left + len, Y);
            cairo_move_to(cr, f->right, Y);
            cairo_line_to(cr, f->right - len, Y);
        }
    }
    cairo_stroke(cr);
    cairo_rectangle(cr, f->left, f->top, f->right - f->left, f->bottom - f->top);
    cairo_stroke(cr);

    char buf[64];
    double base_asc = lqi_plot_text_measure(cr, "0", LQI_PLOT_FS_TICK).ascent;
    double row_y = f->bottom + TICK_GAP + base_asc;
    double tick_row_bottom = row_y;
    for (size_t i = 0; i < f->xaxis.n; i++) {
        lqi_plot_tick_label(&f->xaxis, f->xaxis.v[i], buf, sizeof buf);
        lqi_plot_extent e = lqi_plot_text_measure(cr, buf, LQI_PLOT_FS_TICK);
        double X = axis_pos_x(f, f->xaxis.v[i]);
        lqi_plot_text_show(cr, buf, LQI_PLOT_FS_TICK, X - 0.5 * e.width, row_y);
        if (row_y + e.descent > tick_row_bottom) tick_row_bottom = row_y + e.descent;
    }
    for (size_t i = 0; i < f->yaxis.n; i++) {
        lqi_plot_tick_label(&f->yaxis, f->yaxis.v[i], buf, sizeof buf);
        lqi_plot_extent e = lqi_plot_text_measure(cr, buf, LQI_PLOT_FS_TICK);
        double Y = lqi_plot_map_y(f, f->yaxis.v[i]);
        /* Centre the digits (not the superscripts) on the tick. */
        lqi_plot_text_show(cr, buf, LQI_PLOT_FS_TICK, f->left - TICK_GAP - e.width,
                           Y + 0.5 * base_asc);
    }
    /* Common factors: x at the right end below the labels, y above the top-left corner. */
    if (f->xaxis.exp10 != 0) {
        snprintf(buf, sizeof buf,
                 "\xc3\x97"
                 "10^{%d}",
                 f->xaxis.exp10);
        lqi_plot_extent e = lqi_plot_text_measure(cr, buf, LQI_PLOT_FS_TICK);
        lqi_plot_text_show(cr, buf, LQI_PLOT_FS_TICK, f->right - e.width,
                           tick_row_bottom + LABEL_GAP + e.ascent);
    }
    if (f->yaxis.exp10 != 0) {
        snprintf(buf, sizeof buf,
                 "\xc3\x97"
                 "10^{%d}",
                 f->yaxis.exp10);
        lqi_plot_extent e = lqi_plot_text_measure(cr, buf, LQI_PLOT_FS_TICK);
        lqi_plot_text_show(cr, buf, LQI_PLOT_FS_TICK, f->left, f->top - 2.0 - e.descent);
    }
}

static void draw_axis_titles(const lq_plot *p, cairo_t *cr, const lqi_plot_frame *f) {
    cairo_set_source_rgb(cr, 0.0, 0.0, 0.0);
    double cx = 0.5 * (f->left + f->right), cy = 0.5 * (f->top + f->bottom);
    if (p->xlabel) {
        lqi_plot_extent e = lqi_plot_text_measure(cr, p->xlabel, f->fs_xlabel);
        double tx = cx - 0.5 * e.width;
        if (tx + e.width > f->width - PAD) tx = f->width - PAD - e.width;
        if (tx < PAD) tx = PAD; /* too wide even at 6 pt: keep the start visible */
        lqi_plot_text_show(cr, p->xlabel, f->fs_xlabel, tx, f->height - PAD - e.descent);
    }
    if (p->ylabel) {
        lqi_plot_extent e = lqi_plot_text_measure(cr, p->ylabel, f->fs_ylabel);
        double ty = cy + 0.5 * e.width;
        if (ty - e.width < PAD) ty = PAD + e.width;
        if (ty > f->height - PAD) ty = f->height - PAD;
        cairo_save(cr);
        cairo_translate(cr, PAD + e.ascent, ty);
        cairo_rotate(cr, -0.5 * LQ_PI);
        lqi_plot_text_show(cr, p->ylabel, f->fs_ylabel, 0.0, 0.0);
        cairo_restore(cr);
    }
    if (p->title) {
        cairo_select_font_face(cr, LQI_PLOT_FONT, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
        lqi_plot_extent e = lqi_plot_text_measure(cr, p->title, f->fs_title);
        double tx = cx - 0.5 * e.width;
        if (tx + e.width > f->width - PAD) tx = f->width - PAD - e.width;
        if (tx < PAD) tx = PAD; /* too wide even at 6 pt: keep the start visible */
        lqi_plot_text_show(cr, p->title, f->fs_title, tx, PAD + e.ascent);
        cairo_select_font_face(cr, LQI_PLOT_FONT, CAIRO_FONT_SLANT_NORMAL,
                               CAIRO_FONT_WEIGHT_NORMAL);
    }
}

static int in_legend(const lqi_plot_item *it) {
    return it->label && (it->kind == LQI_PLOT_LINE || it->kind == LQI_PLOT_POINTS ||
                         it->kind == LQI_PLOT_POLYGON);
}

/* Legend layout: entries in columns of `rows` each; sizes in pt. No entries: n = 0. */
typedef struct legend_geom {
    size_t n, rows, cols;
    double w, h, hrow, colw;
} legend_geom;

#define LEG_INSET 6.0
#define LEG_PAD 4.0
#define LEG_SAMPLE 20.0
#define LEG_GAP 5.0
#define LEG_COLSEP 8.0

/* Measures the entries; more columns when one would be taller than `avail` pt. */
static legend_geom legend_measure(const lq_plot *p, cairo_t *cr, double avail) {
    legend_geom g = {0, 0, 1, 0.0, 0.0, 0.0, 0.0};
    double wmax = 0.0;
    for (size_t i = 0; i < p->n_items; i++) {
        const lqi_plot_item *it = &p->items[i];
        if (!in_legend(it)) continue;
        lqi_plot_extent e = lqi_plot_text_measure(cr, it->label, LQI_PLOT_FS_LEGEND);
        if (e.width > wmax) wmax = e.width;
        double h =
            fmax(e.ascent + e.descent, it->marker != LQ_PLOT_MARKER_NONE ? it->marker_pt : 0);
        if (h > g.hrow) g.hrow = h;
        g.n++;
    }
    g.hrow += 3.0;
    g.rows = g.n;
    while (g.rows > 1 && 2.0 * LEG_PAD + (double)g.rows * g.hrow > avail) {
        g.cols++;
        g.rows = (g.n + g.cols - 1) / g.cols;
    }
    g.colw = LEG_SAMPLE + LEG_GAP + wmax;
    g.w = 2.0 * LEG_PAD + (double)g.cols * g.colw + (double)(g.cols - 1) * LEG_COLSEP;
    g.h = 2.0 * LEG_PAD + (double)g.rows * g.hrow;
    return g;
}

static lqi_plot_box legend_box_at(const lqi_plot_frame *f, int pos, const legend_geom *g) {
    lqi_plot_box b;
    b.x0 = (pos == 2 || pos == 4) ? f->left + LEG_INSET : f->right - LEG_INSET - g->w;
    b.y0 = (pos == 1 || pos == 2) ? f->top + LEG_INSET : f->bottom - LEG_INSET - g->h;
    b.x1 = b.x0 + g->w;
    b.y1 = b.y0 + g->h;
    return b;
}

/* The legend's corner: the one asked for, or (by default) the one covering the least data,
 * top right first on ties. Returns 0 when there is no legend. */
static int legend_place(const lq_plot *p, cairo_t *cr, const lqi_plot_frame *f,
                        lqi_plot_occupancy *o, legend_geom *g, lqi_plot_box *box) {
    if (p->legend == 0) return 0;
    *g = legend_measure(p, cr, f->bottom - f->top - 2.0 * LEG_INSET);
    if (g->n == 0) return 0;
    int pos = p->legend;
    if (p->legend_auto) {
        double best = (double)INFINITY;
        for (int k = 1; k <= 4; k++) {
            lqi_plot_box b = legend_box_at(f, k, g);
            double c = lqi_plot_occupancy_cost(o, f, &b);
            if (c < best) {
                best = c;
                pos = k;
            }
        }
    }
    *box = legend_box_at(f, pos, g);
    lqi_plot_occupancy_take(o, box);
    return pos;
}

static void draw_legend(const lq_plot *p, cairo_t *cr, const legend_geom *g,
                        const lqi_plot_box *box) {
    double bx = box->x0, by = box->y0;
    cairo_rectangle(cr, bx, by, g->w, g->h);
    cairo_set_source_rgba(cr, 1.0, 1.0, 1.0, 0.85);
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, 0.6, 0.6, 0.6);
    cairo_set_line_width(cr, 0.6);
    set_dash(cr, 0, 1.0);
    cairo_stroke(cr);
    double base_asc = lqi_plot_text_measure(cr, "0", LQI_PLOT_FS_LEGEND).ascent;
    size_t idx = 0;
    for (size_t i = 0; i < p->n_items; i++) {
        const lqi_plot_item *it = &p->items[i];
        if (!in_legend(it)) continue;
        size_t row = idx % g->rows, col = idx / g->rows;
        double cy = by + LEG_PAD + ((double)row + 0.5) * g->hrow;
        double sx = bx + LEG_PAD + (double)col * (g->colw + LEG_COLSEP);
        if (it->kind == LQI_PLOT_POLYGON) {
            cairo_rectangle(cr, sx + 2.0, cy - 4.0, LEG_SAMPLE - 4.0, 8.0);
            set_rgba(cr, it->rgb, it->alpha);
            cairo_fill_preserve(cr);
            cairo_set_source_rgb(cr, it->rgb[0], it->rgb[1], it->rgb[2]);
            cairo_set_line_width(cr, it->width_pt > 0 ? fmin(it->width_pt, 2.0) : 0.6);
            set_dash(cr, 0, 1.0);
            cairo_stroke(cr);
        } else {
            if (it->kind == LQI_PLOT_LINE) {
                cairo_move_to(cr, sx, cy);
                cairo_line_to(cr, sx + LEG_SAMPLE, cy);
                set_rgba(cr, it->rgb, it->alpha);
                cairo_set_line_width(cr, it->width_pt);
                cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
                set_dash(cr, it->dashed, it->width_pt);
                cairo_stroke(cr);
            }
            if (it->marker != LQ_PLOT_MARKER_NONE) {
                cairo_new_path(cr);
                set_dash(cr, 0, 1.0);
                cairo_set_line_width(cr, fmax(1.0, 0.22 * it->marker_pt));
                cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
                marker_path(cr, it->marker, sx + 0.5 * LEG_SAMPLE, cy, it->marker_pt);
                finish_markers(cr, it);
            }
        }
        cairo_set_source_rgb(cr, 0.0, 0.0, 0.0);
        lqi_plot_text_show(cr, it->label, LQI_PLOT_FS_LEGEND, sx + LEG_SAMPLE + LEG_GAP,
                           cy + 0.5 * base_asc);
        idx++;
    }
}

lq_status lqi_plot_draw(const lq_plot *p, cairo_t *cr, const lqi_plot_frame *f, double colw) {
    lqi_plot_occupancy *o = lqi_malloc(sizeof *o);
    if (!o) return LQ_ENOMEM;
    if (lqi_plot_occupancy_build(p, f, o) != LQ_OK) {
        lqi_free(o);
        return LQ_ENOMEM;
    }
    lqi_plot_font_setup(cr);
    cairo_set_source_rgb(cr, 1.0, 1.0, 1.0);
    cairo_paint(cr);

    cairo_save(cr);
    cairo_rectangle(cr, f->left, f->top, f->right - f->left, f->bottom - f->top);
    cairo_clip(cr);
    lq_status st = LQ_OK;
    for (int kind = 0; kind < LQI_PLOT_KIND_COUNT && st == LQ_OK; kind++) {
        for (size_t i = 0; i < p->n_items && st == LQ_OK; i++) {
            const lqi_plot_item *it = &p->items[i];
            if ((int)it->kind != kind) continue;
            switch (it->kind) {
                case LQI_PLOT_POLYGON:
                    draw_polygon(cr, f, it);
                    break;
                case LQI_PLOT_RULE:
                    draw_rule_line(cr, f, it);
                    break;
                case LQI_PLOT_LINE:
                    draw_line(cr, f, it, colw);
                    if (it->marker != LQ_PLOT_MARKER_NONE) st = draw_markers(cr, f, it, colw);
                    break;
                case LQI_PLOT_POINTS:
                    st = draw_markers(cr, f, it, colw);
                    break;
                default:
                    break;
            }
        }
    }
    cairo_restore(cr);
    if (st != LQ_OK) {
        lqi_plot_occupancy_free(o);
        lqi_free(o);
        return st;
    }
    if (!p->frameless) draw_ticks_and_labels(cr, f);
    draw_axis_titles(p, cr, f);

    /* Fixed things first (annotated points, free text), then the legend, then movable labels. */
    for (size_t i = 0; i < p->n_items; i++) {
        const lqi_plot_item *it = &p->items[i];
        double X, Y;
        if (it->kind == LQI_PLOT_ANNOT && annotation_point(f, it, &X, &Y)) {
            lqi_plot_box b = {X - RING_R - 1, Y - RING_R - 1, X + RING_R + 1, Y + RING_R + 1};
            lqi_plot_occupancy_take(o, &b);
        } else if (it->kind == LQI_PLOT_TEXT && it->label &&
                   lqi_plot_frame_valid(f, it->px, it->py)) {
            lqi_plot_extent e;
            double tx, ty;
            text_origin(cr, f, it, &e, &tx, &ty);
            lqi_plot_box b = text_box(&e, tx, ty);
            lqi_plot_occupancy_take(o, &b);
        }
    }
    /* Placement order: a legend the caller fixed; annotation labels (tied to their points);
     * an automatic legend, which then avoids them; rule labels, which can slide along the rule. */
    legend_geom g;
    lqi_plot_box lbox;
    int have_legend = p->legend_auto ? 0 : legend_place(p, cr, f, o, &g, &lbox);
    for (size_t i = 0; i < p->n_items; i++) {
        if (p->items[i].kind == LQI_PLOT_ANNOT)
            draw_annotation(cr, f, &p->items[i], o);
        else if (p->items[i].kind == LQI_PLOT_TEXT)
            draw_text(cr, f, &p->items[i]);
    }
    if (p->legend_auto) have_legend = legend_place(p, cr, f, o, &g, &lbox);
    cairo_save(cr);
    cairo_rectangle(cr, f->left, f->top, f->right - f->left, f->bottom - f->top);
    cairo_clip(cr);
    for (size_t i = 0; i < p->n_items; i++)
        if (p->items[i].kind == LQI_PLOT_RULE) draw_rule_label(cr, f, &p->items[i], o);
    cairo_restore(cr);
    if (have_legend) draw_legend(p, cr, &g, &lbox);
    lqi_plot_occupancy_free(o);
    lqi_free(o);
    return LQ_OK;
}
