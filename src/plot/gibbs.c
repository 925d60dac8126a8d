/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Gibbs triangle shared by the ternary figures (isothermal section, liquidus projection):
 * coordinates, frame with corner names, label boxes, ranges and page size. */
#include <stdio.h>

#include "core/core_internal.h"
#include "plot/plot_internal.h"

#define FIG_W 480.0
#define FIG_H 440.0
/* Label box estimate in data units (the triangle's side is 1 and spans about 400 pt): DejaVu Sans
 * at 8.5 pt averages ~5.2 pt per character, text height ~9 pt plus a small gap. */
#define LABEL_H 0.030

void lqi_plot_gibbs_xy(const double *x, double *X, double *Y) {
    *X = x[1] + 0.5 * x[2];
    *Y = LQI_PLOT_GIBBS_H3 * x[2];
}

const char *lqi_plot_phase_name(const lq_system *sys, size_t p) {
    lq_phase_info in;
    return lq_system_phase_info(sys, p, &in) == LQ_OK ? in.name : "?";
}

lq_status lqi_plot_gibbs_create(const char *title, lq_plot **p, lqi_plot_labels **L) {
    *p = NULL;
    *L = NULL;
    lq_status st = lq_plot_create(title, NULL, NULL, p);
    if (st != LQ_OK) return st;
    (*p)->frameless = 1;
    *L = lqi_calloc(1, sizeof **L);
    if (!*L) return LQ_ENOMEM;
    lqi_plot_labels_init(*L, LQI_PLOT_GIBBS_CHAR_W, LABEL_H, -0.05, 1.05, -0.02,
                         LQI_PLOT_GIBBS_H3 + 0.02);
    return LQ_OK;
}

lq_status lqi_plot_gibbs_frame(lq_plot *p, const lq_system *sys, lqi_plot_labels *L) {
    const double H3 = LQI_PLOT_GIBBS_H3;
    double fx[4] = {0.0, 1.0, 0.5, 0.0}, fy[4] = {0.0, 0.0, H3, 0.0};
    lq_plot_style fs = {0, {0.0, 0.0, 0.0}, 1.0, 1.4, 0, LQ_PLOT_MARKER_NONE, 0.0};
    lq_status st = lq_plot_add_line(p, fx, fy, 4, &fs, NULL);
    /* corner names just outside the corners */
    const double cx[3] = {-0.03, 1.03, 0.5}, cy[3] = {-0.035, -0.035, H3 + 0.035};
    for (size_t c = 0; st == LQ_OK && c < 3; c++) {
        const char *nm = lq_system_component_name(sys, c);
        st = lq_plot_add_label(p, cx[c], cy[c], nm);
        lqi_plot_label_reserve(L, cx[c], cy[c], nm);
    }
    return st;
}

lq_status lqi_plot_gibbs_save(lq_plot *p, const char *path, lq_diag *diag) {
    lq_status st = lq_plot_set_xrange(p, -0.08, 1.08);
    if (st == LQ_OK) st = lq_plot_set_yrange(p, -0.07, LQI_PLOT_GIBBS_H3 + 0.07);
    if (st == LQ_OK) st = lq_plot_set_legend(p, 0);
    if (st == LQ_OK) st = lq_plot_save(p, path, FIG_W, FIG_H, diag);
    return st;
}
