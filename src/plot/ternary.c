/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Figure of a ternary isothermal section on a Gibbs triangle, labels placed without overlap. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/core_internal.h"
#include "plot/plot_internal.h"

static lq_status draw_region(lq_plot *p, const lq_ternary_region *g, double *bx, double *by) {
    size_t n = g->n;
    /* the region's outline: end curve 0 forward, end curve 1 backward */
    for (size_t i = 0; i < n; i++) {
        lqi_plot_gibbs_xy(g->x + 6 * i, &bx[i], &by[i]);
        lqi_plot_gibbs_xy(g->x + 6 * (n - 1 - i) + 3, &bx[n + i], &by[n + i]);
    }
    lq_plot_style fill = {0, {0.55, 0.70, 0.90}, 0.25, 0.0, 0, LQ_PLOT_MARKER_NONE, 0.0};
    lq_status st = lq_plot_add_polygon(p, bx, by, 2 * n, &fill, NULL);
    /* tie-lines, thinned to about one per 0.015 of movement of either end */
    lq_plot_style tl = {0, {0.35, 0.45, 0.60}, 0.8, 0.4, 0, LQ_PLOT_MARKER_NONE, 0.0};
    size_t last = 0;
    for (size_t i = 0; st == LQ_OK && i < n; i++) {
        double d = 0.0;
        for (int c = 0; c < 6; c++)
            d = fmax(d, fabs(g->x[6 * i + (size_t)c] - g->x[6 * last + (size_t)c]));
        if (i != 0 && i != n - 1 && d < 0.015) continue;
        last = i;
        double lx[2], ly[2];
        lqi_plot_gibbs_xy(g->x + 6 * i, &lx[0], &ly[0]);
        lqi_plot_gibbs_xy(g->x + 6 * i + 3, &lx[1], &ly[1]);
        st = lq_plot_add_line(p, lx, ly, 2, &tl, NULL);
    }
    lq_plot_style bd = {0, {0.0, 0.0, 0.0}, 1.0, 1.1, 0, LQ_PLOT_MARKER_NONE, 0.0};
    if (st == LQ_OK) st = lq_plot_add_line(p, bx, by, n, &bd, NULL);
    if (st == LQ_OK) st = lq_plot_add_line(p, bx + n, by + n, n, &bd, NULL);
    return st;
}

static lq_status draw_triangles(lq_plot *p, const lq_ternary_section *s) {
    lq_plot_style sh = {0, {0.95, 0.70, 0.35}, 0.55, 1.1, 0, LQ_PLOT_MARKER_NONE, 0.0};
    for (size_t t = 0; t < s->n_triangles; t++) {
        double x[3], y[3];
        for (int k = 0; k < 3; k++) lqi_plot_gibbs_xy(s->triangles[t].x[k], &x[k], &y[k]);
        lq_status st = lq_plot_add_polygon(p, x, y, 3, &sh, NULL);
        if (st != LQ_OK) return st;
    }
    return LQ_OK;
}

/* Labels: tie-triangles (centroid), two-phase regions (middle of the middle tie-line), then
 * single-phase fields (mean of their grid points), each in the first free place. */
static lq_status label_all(lq_plot *p, const lq_ternary_section *s, const lq_system *sys,
                           lqi_plot_labels *L) {
    char text[160];
    lq_status st = LQ_OK;
    for (size_t t = 0; st == LQ_OK && t < s->n_triangles; t++) {
        const lq_ternary_triangle *u = &s->triangles[t];
        double m[3] = {0.0, 0.0, 0.0}, X, Y;
        for (int k = 0; k < 3; k++)
            for (int c = 0; c < 3; c++) m[c] += u->x[k][c] / 3.0;
        lqi_plot_gibbs_xy(m, &X, &Y);
        snprintf(text, sizeof text, "%s + %s + %s", lqi_plot_phase_name(sys, u->phase[0]),
                 lqi_plot_phase_name(sys, u->phase[1]), lqi_plot_phase_name(sys, u->phase[2]));
        st = lqi_plot_label_place(p, L, X, Y, text);
    }
    for (size_t r = 0; st == LQ_OK && r < s->n_regions; r++) {
        const lq_ternary_region *g = &s->regions[r];
        const double *e = g->x + 6 * (g->n / 2);
        double m[3], X, Y;
        for (int c = 0; c < 3; c++) m[c] = 0.5 * (e[c] + e[3 + c]);
        lqi_plot_gibbs_xy(m, &X, &Y);
        snprintf(text, sizeof text, "%s + %s", lqi_plot_phase_name(sys, g->phase[0]),
                 lqi_plot_phase_name(sys, g->phase[1]));
        st = lqi_plot_label_place(p, L, X, Y, text);
    }
    for (size_t i = 0; st == LQ_OK && i < s->n_fields; i++) {
        if (s->fields[i].n_phases != 1) continue;
        double X, Y;
        lqi_plot_gibbs_xy(s->fields[i].x, &X, &Y);
        st = lqi_plot_label_place(p, L, X, Y, lqi_plot_phase_name(sys, s->fields[i].phase[0]));
    }
    return st;
}

lq_status lq_plot_ternary_section(const lq_ternary_section *s, const lq_system *sys,
                                  const char *title, const char *path, lq_diag *diag) {
    if (!s || !sys || !path || lq_system_component_count(sys) != 3)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL,
                            "ternary section figure: NULL argument or not three components");
    char tbuf[160];
    if (!title) {
        snprintf(tbuf, sizeof tbuf, "%s-%s-%s, T = %.6g K", lq_system_component_name(sys, 0),
                 lq_system_component_name(sys, 1), lq_system_component_name(sys, 2), s->T);
        title = tbuf;
    }
    lq_plot *p = NULL;
    lqi_plot_labels *L = NULL;
    lq_status st = lqi_plot_gibbs_create(title, &p, &L);
    size_t nmax = 1;
    for (size_t r = 0; r < s->n_regions; r++)
        nmax = s->regions[r].n > nmax ? s->regions[r].n : nmax;
    double *bx = lqi_malloc_array(2 * nmax, sizeof *bx),
           *by = lqi_malloc_array(2 * nmax, sizeof *by);
    if (st == LQ_OK && (!bx || !by)) st = LQ_ENOMEM;
    for (size_t r = 0; st == LQ_OK && r < s->n_regions; r++)
        st = draw_region(p, &s->regions[r], bx, by);
    if (st == LQ_OK) st = draw_triangles(p, s);
    if (st == LQ_OK) st = lqi_plot_gibbs_frame(p, sys, L);
    if (st == LQ_OK) st = label_all(p, s, sys, L);
    if (st == LQ_OK) st = lqi_plot_gibbs_save(p, path, diag);
    lqi_free(bx);
    lqi_free(by);
    lqi_free(L);
    lq_plot_free(p);
    return st;
}
