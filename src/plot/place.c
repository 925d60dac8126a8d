/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Placement of legend and labels: a coarse occupancy grid of the data and boxes already taken. */
#include <math.h>
#include <string.h>

#include "core/core_internal.h"
#include "plot/plot_internal.h"

/* Cell size of the occupancy grid, pt: fine enough to see a gap between curves. */
#define CELL_PT 2.0

static void mark_cell(lqi_plot_occupancy *o, double X, double Y) {
    double cx = floor((X - o->x0) / o->cell), cy = floor((Y - o->y0) / o->cell);
    /* Written so that NaN fails too. */
    if (!(cx >= 0.0 && cy >= 0.0 && cx < (double)o->nx && cy < (double)o->ny)) return;
    o->cells[(size_t)cy * o->nx + (size_t)cx] = 1;
}

/* Clips a segment to the grid's rectangle (Liang & Barsky, 1984); 0 when it misses. */
static int clip_segment(const lqi_plot_occupancy *o, double *x0, double *y0, double *x1,
                        double *y1) {
    double w = (double)o->nx * o->cell, h = (double)o->ny * o->cell;
    double dx = *x1 - *x0, dy = *y1 - *y0, t0 = 0.0, t1 = 1.0;
    const double pp[4] = {-dx, dx, -dy, dy};
    const double qq[4] = {*x0 - o->x0, o->x0 + w - *x0, *y0 - o->y0, o->y0 + h - *y0};
    for (int i = 0; i < 4; i++) {
        if (pp[i] == 0.0) {
            if (qq[i] < 0.0) return 0;
            continue;
        }
        double r = qq[i] / pp[i];
        if (pp[i] < 0.0) {
            if (r > t1) return 0;
            if (r > t0) t0 = r;
        } else {
            if (r < t0) return 0;
            if (r < t1) t1 = r;
        }
    }
    double ax = *x0 + t0 * dx, ay = *y0 + t0 * dy;
    *x1 = *x0 + t1 * dx;
    *y1 = *y0 + t1 * dy;
    *x0 = ax;
    *y0 = ay;
    return 1;
}

static void mark_segment(lqi_plot_occupancy *o, double x0, double y0, double x1, double y1) {
    if (!isfinite(x0) || !isfinite(y0) || !isfinite(x1) || !isfinite(y1)) return;
    if (!clip_segment(o, &x0, &y0, &x1, &y1)) return;
    double len = fmax(fabs(x1 - x0), fabs(y1 - y0));
    size_t n = (size_t)(len / (0.5 * o->cell)) + 1;
    for (size_t k = 0; k <= n; k++) {
        double t = (double)k / (double)n;
        mark_cell(o, x0 + t * (x1 - x0), y0 + t * (y1 - y0));
    }
}

static void mark_span(lqi_plot_occupancy *o, double X, double ya, double yb) {
    if (!isfinite(X) || !isfinite(ya) || !isfinite(yb)) return;
    double top = o->y0, bottom = o->y0 + (double)o->ny * o->cell;
    if (ya < top) ya = top;
    if (yb > bottom) yb = bottom;
    for (double y = ya; y < yb; y += 0.5 * o->cell) mark_cell(o, X, y);
    mark_cell(o, X, yb);
}

/*
 * A polyline, column by column: within one grid column a continuous line covers the cells between
 * its lowest and highest point there, so dense data cost one span per column, not one segment per
 * point; moving to the next column marks the segment that crosses over.
 */
static void mark_line(lqi_plot_occupancy *o, const lqi_plot_frame *f, const lqi_plot_item *it) {
    int have = 0;
    double col = 0.0, ymin = 0.0, ymax = 0.0, px = 0.0, py = 0.0;
    for (size_t k = 0; k <= it->n; k++) {
        int ok = k < it->n && lqi_plot_frame_valid(f, it->x[k], it->y[k]);
        double X = ok ? lqi_plot_map_x(f, it->x[k]) : 0.0,
               Y = ok ? lqi_plot_map_y(f, it->y[k]) : 0.0;
        double c = floor((X - o->x0) / o->cell);
        if (have && ok && c == col) {
            if (Y < ymin) ymin = Y;
            if (Y > ymax) ymax = Y;
            px = X;
            py = Y;
            continue;
        }
        if (have) mark_span(o, px, ymin, ymax);
        if (have && ok) mark_segment(o, px, py, X, Y);
        have = ok;
        col = c;
        ymin = ymax = py = Y;
        px = X;
    }
}

static void mark_item(lqi_plot_occupancy *o, const lqi_plot_frame *f, const lqi_plot_item *it) {
    if (it->kind == LQI_PLOT_LINE) {
        mark_line(o, f, it);
        return;
    }
    int have = 0;
    double px = 0.0, py = 0.0, fx = 0.0, fy = 0.0;
    for (size_t k = 0; k < it->n; k++) {
        if (!lqi_plot_frame_valid(f, it->x[k], it->y[k])) continue; /* polygons skip the point */
        double X = lqi_plot_map_x(f, it->x[k]), Y = lqi_plot_map_y(f, it->y[k]);
        if (it->kind == LQI_PLOT_POINTS) {
            /* Dense markers: one in the cell of the previous one adds nothing. */
            if (have && floor((X - o->x0) / o->cell) == floor((px - o->x0) / o->cell) &&
                floor((Y - o->y0) / o->cell) == floor((py - o->y0) / o->cell))
                continue;
            double r = 0.5 * it->marker_pt;
            mark_cell(o, X, Y);
            mark_cell(o, X - r, Y - r);
            mark_cell(o, X + r, Y + r);
            mark_cell(o, X - r, Y + r);
            mark_cell(o, X + r, Y - r);
        } else if (have) {
            mark_segment(o, px, py, X, Y);
        } else {
            fx = X;
            fy = Y;
        }
        px = X;
        py = Y;
        have = 1;
    }
    if (it->kind == LQI_PLOT_POLYGON && have) mark_segment(o, px, py, fx, fy);
}

lq_status lqi_plot_occupancy_build(const lq_plot *p, const lqi_plot_frame *f,
                                   lqi_plot_occupancy *o) {
    memset(o, 0, sizeof *o);
    o->x0 = f->left;
    o->y0 = f->top;
    o->cell = CELL_PT;
    o->nx = (size_t)ceil((f->right - f->left) / CELL_PT);
    o->ny = (size_t)ceil((f->bottom - f->top) / CELL_PT);
    o->cells = lqi_calloc(o->nx * o->ny, 1);
    if (!o->cells) return LQ_ENOMEM;
    for (size_t i = 0; i < p->n_items; i++) {
        const lqi_plot_item *it = &p->items[i];
        if (it->kind == LQI_PLOT_LINE || it->kind == LQI_PLOT_POINTS ||
            it->kind == LQI_PLOT_POLYGON)
            mark_item(o, f, it);
        else if (it->kind == LQI_PLOT_RULE && !lqi_plot_rule_visible(f, it))
            continue;
        else if (it->kind == LQI_PLOT_RULE && it->vertical)
            mark_segment(o, lqi_plot_map_x(f, it->px), f->top, lqi_plot_map_x(f, it->px),
                         f->bottom);
        else if (it->kind == LQI_PLOT_RULE)
            mark_segment(o, f->left, lqi_plot_map_y(f, it->px), f->right,
                         lqi_plot_map_y(f, it->px));
    }
    return LQ_OK;
}

void lqi_plot_occupancy_free(lqi_plot_occupancy *o) {
    if (!o) return;
    lqi_free(o->cells);
    o->cells = NULL;
}

static int overlap(const lqi_plot_box *a, const lqi_plot_box *b) {
    return a->x0 < b->x1 && b->x0 < a->x1 && a->y0 < b->y1 && b->y0 < a->y1;
}

double lqi_plot_occupancy_cost(const lqi_plot_occupancy *o, const lqi_plot_frame *f,
                               const lqi_plot_box *b) {
    double cost = 0.0;
    /* Outside the axes: clipped or colliding with tick labels; only as a last resort. */
    if (b->x0 < f->left + 1.0 || b->x1 > f->right - 1.0 || b->y0 < f->top + 1.0 ||
        b->y1 > f->bottom - 1.0)
        cost += 1e6;
    for (size_t i = 0; i < o->ntaken; i++)
        if (overlap(b, &o->taken[i])) cost += 1e3;
    if (o->cells) {
        double cx0 = floor((b->x0 - o->x0) / o->cell), cx1 = floor((b->x1 - o->x0) / o->cell);
        double cy0 = floor((b->y0 - o->y0) / o->cell), cy1 = floor((b->y1 - o->y0) / o->cell);
        if (cx0 < 0.0) cx0 = 0.0;
        if (cy0 < 0.0) cy0 = 0.0;
        if (cx1 > (double)o->nx - 1.0) cx1 = (double)o->nx - 1.0;
        if (cy1 > (double)o->ny - 1.0) cy1 = (double)o->ny - 1.0;
        for (double cy = cy0; cy <= cy1; cy += 1.0)
            for (double cx = cx0; cx <= cx1; cx += 1.0)
                cost += o->cells[(size_t)cy * o->nx + (size_t)cx];
    }
    return cost;
}

void lqi_plot_occupancy_take(lqi_plot_occupancy *o, const lqi_plot_box *b) {
    if (o->ntaken < LQI_PLOT_MAX_TAKEN) o->taken[o->ntaken++] = *b;
}
