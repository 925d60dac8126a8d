/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A simple label-placement rule: a label moves up or down by its height until its box overlaps no
 * label placed before, or is left out. */
#include <string.h>

#include "plot/plot_internal.h"

void lqi_plot_labels_init(lqi_plot_labels *L, double char_w, double label_h, double xlo, double xhi,
                          double ylo, double yhi) {
    memset(L, 0, sizeof *L);
    L->char_w = char_w;
    L->label_h = label_h;
    L->xlo = xlo;
    L->xhi = xhi;
    L->ylo = ylo;
    L->yhi = yhi;
}

static int box_free(const lqi_plot_labels *L, double x0, double x1, double y0, double y1) {
    for (size_t i = 0; i < L->n; i++)
        if (!(x1 < L->x0[i] || x0 > L->x1[i] || y1 < L->y0[i] || y0 > L->y1[i])) return 0;
    return 1;
}

static void take(lqi_plot_labels *L, double x0, double x1, double y0, double y1) {
    if (L->n >= LQI_PLOT_MAX_LABELS) return;
    L->x0[L->n] = x0;
    L->x1[L->n] = x1;
    L->y0[L->n] = y0;
    L->y1[L->n] = y1;
    L->n++;
}

void lqi_plot_label_reserve(lqi_plot_labels *L, double x, double y, const char *text) {
    double hw = 0.5 * L->char_w * (double)strlen(text), hh = 0.5 * L->label_h;
    take(L, x - hw, x + hw, y - hh, y + hh);
}

lq_status lqi_plot_label_place(lq_plot *p, lqi_plot_labels *L, double x, double y,
                               const char *text) {
    static const double shift[5] = {0.0, 1.0, -1.0, 2.0, -2.0};
    double hw = 0.5 * L->char_w * (double)strlen(text), hh = 0.5 * L->label_h;
    for (int k = 0; k < 5 && L->n < LQI_PLOT_MAX_LABELS; k++) {
        double yy = y + shift[k] * L->label_h;
        if (x - hw < L->xlo || x + hw > L->xhi || yy - hh < L->ylo || yy + hh > L->yhi) continue;
        if (!box_free(L, x - hw, x + hw, yy - hh, yy + hh)) continue;
        take(L, x - hw, x + hw, yy - hh, yy + hh);
        return lq_plot_add_label(p, x, yy, text);
    }
    return LQ_OK;
}
