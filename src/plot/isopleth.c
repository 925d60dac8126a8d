/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Figure of an isopleth: boundary points against T, phase sets labelled without overlap. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/core_internal.h"
#include "plot/plot_internal.h"

/* Label box estimates as fractions of the axes (about 400 x 320 pt; 5.3 pt per character, 13 pt
 * per line). */
#define CHAR_FRAC (5.3 / 400.0)
#define LINE_FRAC (13.0 / 320.0)
#define MAXSETS 64

typedef struct pset_acc {
    char text[256];
    double sx, sT;
    size_t n;
} pset_acc;

/* Mean position of the boundary points next to each phase set (either side). */
static size_t collect(const lq_isopleth *r, const lq_system *sys, size_t comp, pset_acc *acc) {
    size_t na = 0;
    char buf[256];
    for (size_t i = 0; i < r->n_points; i++) {
        const lq_isopleth_point *p = &r->points[i];
        double x = (1.0 - p->s) * r->x0[comp] + p->s * r->x1[comp];
        for (int side = 0; side < 2; side++) {
            lq_system_phase_set_name(sys, side ? p->phase_hi : p->phase_lo,
                                     side ? p->n_hi : p->n_lo, buf, sizeof buf);
            size_t k = 0;
            while (k < na && strcmp(acc[k].text, buf)) k++;
            if (k == na) {
                if (na == MAXSETS) continue;
                memset(&acc[na], 0, sizeof acc[na]);
                snprintf(acc[na].text, sizeof acc[na].text, "%s", buf);
                na++;
            }
            acc[k].sx += x;
            acc[k].sT += p->T;
            acc[k].n++;
        }
    }
    return na;
}

lq_status lq_plot_isopleth(const lq_isopleth *r, const lq_system *sys, const char *title,
                           const char *path, lq_diag *diag) {
    if (!r || !sys || !path || r->n_points == 0 || lq_system_component_count(sys) != r->ncomp)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL,
                            "isopleth figure: NULL argument, no boundary points or wrong system");
    size_t comp = 0;
    for (size_t c = 1; c < r->ncomp; c++)
        if (fabs(r->x1[c] - r->x0[c]) > fabs(r->x1[comp] - r->x0[comp])) comp = c;
    double xa = fmin(r->x0[comp], r->x1[comp]), xb = fmax(r->x0[comp], r->x1[comp]);
    char xl[64], tb[128];
    snprintf(xl, sizeof xl, "x(%s) (mole fraction)", lq_system_component_name(sys, comp));
    if (!title) {
        snprintf(tb, sizeof tb, "Isopleth");
        title = tb;
    }
    double *x = lqi_malloc_array(r->n_points, sizeof *x),
           *T = lqi_malloc_array(r->n_points, sizeof *T);
    pset_acc *acc = lqi_malloc_array(MAXSETS, sizeof *acc);
    lqi_plot_labels *L = lqi_malloc(sizeof *L);
    lq_plot *p = NULL;
    lq_status st = x && T && acc && L ? lq_plot_create(title, xl, "T / K", &p) : LQ_ENOMEM;
    for (size_t i = 0; st == LQ_OK && i < r->n_points; i++) {
        x[i] = (1.0 - r->points[i].s) * r->x0[comp] + r->points[i].s * r->x1[comp];
        T[i] = r->points[i].T;
    }
    lq_plot_style ps = {0, {0.0, 0.0, 0.0}, 1.0, 0.0, 0, LQ_PLOT_MARKER_CIRCLE, 2.5};
    if (st == LQ_OK) st = lq_plot_add_points(p, x, T, r->n_points, &ps, NULL);
    if (st == LQ_OK) st = lq_plot_set_xrange(p, xa, xb > xa ? xb : xa + 1.0);
    if (st == LQ_OK) st = lq_plot_set_yrange(p, r->T_min, r->T_max);
    if (st == LQ_OK) st = lq_plot_set_legend(p, 0);
    if (st == LQ_OK) {
        double w = xb > xa ? xb - xa : 1.0, h = r->T_max - r->T_min;
        lqi_plot_labels_init(L, CHAR_FRAC * w, LINE_FRAC * h, xa, xa + w, r->T_min, r->T_max);
        size_t na = collect(r, sys, comp, acc);
        for (size_t k = 0; st == LQ_OK && k < na; k++)
            st = lqi_plot_label_place(p, L, acc[k].sx / (double)acc[k].n,
                                      acc[k].sT / (double)acc[k].n, acc[k].text);
    }
    if (st == LQ_OK) st = lq_plot_save(p, path, 480.0, 400.0, diag);
    lq_plot_free(p);
    lqi_free(x);
    lqi_free(T);
    lqi_free(acc);
    lqi_free(L);
    return st;
}
