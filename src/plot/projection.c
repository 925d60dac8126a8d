/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Figure of a ternary liquidus projection on a Gibbs triangle: isotherms, univariant lines,
 * invariants and primary fields, labels placed without overlap. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/core_internal.h"
#include "plot/plot_internal.h"

#define ISO_STEP 100.0 /* K between isotherms */

static size_t nidx(size_t n, size_t k, size_t j) { return k * (n + 1) - k * (k - 1) / 2 + j; }

/* Isotherms by linear interpolation in each grid triangle whose nodes share a primary phase (the
 * liquidus surface is smooth inside a field, not across a univariant line). */
static lq_status tri_isotherms(lq_plot *p, const lq_liquidus_projection *r, size_t a, size_t b,
                               size_t c) {
    const lq_liquidus_projection_node *N[3] = {&r->nodes[a], &r->nodes[b], &r->nodes[c]};
    for (int k = 0; k < 3; k++)
        if (!N[k]->ok || N[k]->primary != N[0]->primary) return LQ_OK;
    double lo = fmin(N[0]->T, fmin(N[1]->T, N[2]->T)), hi = fmax(N[0]->T, fmax(N[1]->T, N[2]->T));
    lq_plot_style s = {0, {0.6, 0.6, 0.6}, 1.0, 0.6, 0, LQ_PLOT_MARKER_NONE, 0.0};
    for (double L = ceil(lo / ISO_STEP) * ISO_STEP; L < hi; L += ISO_STEP) {
        double X[2], Y[2];
        int m = 0;
        for (int e = 0; e < 3 && m < 2; e++) {
            const lq_liquidus_projection_node *u = N[e], *v = N[(e + 1) % 3];
            if ((u->T - L) * (v->T - L) >= 0.0 || u->T == v->T) continue;
            double t = (L - u->T) / (v->T - u->T), x[3];
            for (int q = 0; q < 3; q++) x[q] = u->x[q] + t * (v->x[q] - u->x[q]);
            lqi_plot_gibbs_xy(x, &X[m], &Y[m]);
            m++;
        }
        if (m == 2) {
            lq_status st = lq_plot_add_line(p, X, Y, 2, &s, NULL);
            if (st != LQ_OK) return st;
        }
    }
    return LQ_OK;
}

static lq_status isotherms(lq_plot *p, const lq_liquidus_projection *r) {
    size_t n = r->grid_n;
    lq_status st = LQ_OK;
    for (size_t k = 0; st == LQ_OK && k < n; k++)
        for (size_t j = 0; st == LQ_OK && j + k < n; j++) {
            st = tri_isotherms(p, r, nidx(n, k, j), nidx(n, k, j + 1), nidx(n, k + 1, j));
            if (st == LQ_OK && j + k + 1 < n)
                st = tri_isotherms(p, r, nidx(n, k, j + 1), nidx(n, k + 1, j),
                                   nidx(n, k + 1, j + 1));
        }
    return st;
}

static lq_status lines(lq_plot *p, const lq_liquidus_projection *r, double *X, double *Y) {
    lq_plot_style s = {0, {0.1, 0.25, 0.65}, 1.0, 1.6, 0, LQ_PLOT_MARKER_NONE, 0.0};
    for (size_t i = 0; i < r->n_lines; i++) {
        const lq_liquidus_projection_line *l = &r->lines[i];
        for (size_t k = 0; k < l->n; k++)
            lqi_plot_gibbs_xy(r->points[l->first + k].x, &X[k], &Y[k]);
        lq_status st = l->n > 1 ? lq_plot_add_line(p, X, Y, l->n, &s, NULL)
                                : lq_plot_add_points(p, X, Y, 1, &s, NULL);
        if (st != LQ_OK) return st;
    }
    return LQ_OK;
}

/* Invariants (marker and temperature), then each primary phase at its hottest node. */
static lq_status labels(lq_plot *p, const lq_liquidus_projection *r, const lq_system *sys,
                        lqi_plot_labels *L) {
    lq_plot_style ms = {0, {0.8, 0.1, 0.1}, 1.0, 1.0, 0, LQ_PLOT_MARKER_CIRCLE, 5.0};
    char text[64];
    lq_status st = LQ_OK;
    for (size_t i = 0; st == LQ_OK && i < r->n_invariants; i++) {
        double X, Y;
        lqi_plot_gibbs_xy(r->invariants[i].x, &X, &Y);
        st = lq_plot_add_points(p, &X, &Y, 1, &ms, NULL);
        lqi_plot_label_reserve(L, X, Y, "o"); /* the marker itself */
    }
    for (size_t i = 0; st == LQ_OK && i < r->n_invariants; i++) {
        double X, Y;
        lqi_plot_gibbs_xy(r->invariants[i].x, &X, &Y);
        snprintf(text, sizeof text, "%.0f K", r->invariants[i].T);
        /* beside the marker: half a label width to the right */
        st = lqi_plot_label_place(
            p, L, X + 0.5 * LQI_PLOT_GIBBS_CHAR_W * (double)(strlen(text) + 2), Y, text);
    }
    size_t np = lq_system_phase_count(sys);
    for (size_t ph = 0; st == LQ_OK && ph < np; ph++) {
        size_t best = r->n_nodes;
        for (size_t i = 0; i < r->n_nodes; i++)
            if (r->nodes[i].ok && r->nodes[i].primary == ph &&
                (best == r->n_nodes || r->nodes[i].T > r->nodes[best].T))
                best = i;
        if (best == r->n_nodes) continue;
        double X, Y;
        lqi_plot_gibbs_xy(r->nodes[best].x, &X, &Y);
        st = lqi_plot_label_place(p, L, X, Y, lqi_plot_phase_name(sys, ph));
    }
    return st;
}

lq_status lq_plot_liquidus_projection(const lq_liquidus_projection *r, const lq_system *sys,
                                      const char *title, const char *path, lq_diag *diag) {
    if (!r || !sys || !path || lq_system_component_count(sys) != 3)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL,
                            "liquidus projection figure: NULL argument or not three components");
    char tbuf[160];
    if (!title) {
        snprintf(tbuf, sizeof tbuf, "%s-%s-%s liquidus projection",
                 lq_system_component_name(sys, 0), lq_system_component_name(sys, 1),
                 lq_system_component_name(sys, 2));
        title = tbuf;
    }
    lq_plot *p = NULL;
    lqi_plot_labels *L = NULL;
    lq_status st = lqi_plot_gibbs_create(title, &p, &L);
    size_t nmax = 1;
    for (size_t i = 0; i < r->n_lines; i++) nmax = r->lines[i].n > nmax ? r->lines[i].n : nmax;
    double *X = lqi_malloc_array(nmax, sizeof *X), *Y = lqi_malloc_array(nmax, sizeof *Y);
    if (st == LQ_OK && (!X || !Y)) st = LQ_ENOMEM;
    if (st == LQ_OK) st = isotherms(p, r);
    if (st == LQ_OK) st = lines(p, r, X, Y);
    if (st == LQ_OK) st = lqi_plot_gibbs_frame(p, sys, L);
    if (st == LQ_OK) st = labels(p, r, sys, L);
    if (st == LQ_OK) st = lqi_plot_gibbs_save(p, path, diag);
    lqi_free(X);
    lqi_free(Y);
    lqi_free(L);
    lq_plot_free(p);
    return st;
}
