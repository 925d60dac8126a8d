/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Screen figure: energy of each candidate against its XRD R_wp, the best and the named types
 * annotated. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/core_internal.h"
#include "liquidus/plot.h"

static double row_energy(const lq_screen_row *row) {
    return isnan(row->e_above_hull_eV_per_atom) ? row->pred.eform_eV_per_atom
                                                : row->e_above_hull_eV_per_atom;
}

static int is_highlighted(const lq_screen_row *row, const char *const *hl, size_t n) {
    for (size_t k = 0; hl && k < n; k++)
        if (hl[k] && hl[k][0] && strstr(row->prototype, hl[k])) return 1;
    return 0;
}

/* The two series (model-flagged candidates apart) and their annotations. */
static lq_status draw(lq_plot *pl, const lq_screen_result *r, int by_rwp, size_t n_best,
                      const char *const *hl, size_t n_hl, double *x, double *y) {
    size_t n[2] = {0, 0};
    double *xs[2] = {x, x + r->n}, *ys[2] = {y, y + r->n};
    for (size_t j = 0; j < r->n_ranked; j++) {
        const lq_screen_row *row = &r->rows[r->order[j]];
        double xv = by_rwp ? row->r_wp : (double)row->rank;
        if (!isfinite(xv) || !isfinite(row_energy(row))) continue;
        int f = row->pred.flags != 0;
        xs[f][n[f]] = xv;
        ys[f][n[f]++] = row_energy(row);
    }
    if (n[0] + n[1] == 0) return LQ_EINVAL;
    lq_status st = LQ_OK;
    const char *lab[2] = {"candidates", "flagged by the model"};
    lq_plot_marker mk[2] = {LQ_PLOT_MARKER_CIRCLE, LQ_PLOT_MARKER_CROSS};
    for (int f = 0; f < 2 && st == LQ_OK; f++) {
        if (!n[f]) continue;
        lq_plot_style s = {0};
        s.auto_color = 1;
        s.marker = mk[f];
        st = lq_plot_add_points(pl, xs[f], ys[f], n[f], &s, lab[f]);
    }
    /* the named candidates: each its own series, so the legend (placed by the figure where it
     * hides the least) carries the long names and the points only a short rank number */
    for (size_t j = 0; j < r->n_ranked && st == LQ_OK; j++) {
        const lq_screen_row *row = &r->rows[r->order[j]];
        double xv = by_rwp ? row->r_wp : (double)row->rank, yv = row_energy(row);
        if (!isfinite(xv) || !isfinite(yv)) continue;
        if (j >= n_best && !is_highlighted(row, hl, n_hl)) continue;
        char txt[128], num[32];
        snprintf(txt, sizeof txt, "%zu: %.100s", row->rank, row->prototype);
        snprintf(num, sizeof num, "%zu", row->rank);
        lq_plot_style s = {0};
        s.auto_color = 1;
        s.marker = LQ_PLOT_MARKER_DIAMOND;
        s.marker_size_pt = 7;
        st = lq_plot_add_points(pl, &xv, &yv, 1, &s, txt);
        if (st == LQ_OK) st = lq_plot_add_annotation(pl, xv, yv, num);
    }
    return st;
}

lq_status lq_plot_screen(const lq_screen_result *r, size_t n_best, const char *const *highlight,
                         size_t n_highlight, const char *title, const char *path, lq_diag *diag) {
    if (!r || !path || r->n_ranked == 0)
        return lqi_diag_set(diag, LQ_EINVAL, path, 0, NULL, "no evaluated candidate to draw");
    int by_rwp = 0;
    for (size_t j = 0; j < r->n_ranked; j++) by_rwp |= isfinite(r->rows[r->order[j]].r_wp);
    int hull = !isnan(r->hull_eV_per_atom);
    double *x = lqi_malloc_array(2 * r->n, sizeof *x), *y = lqi_malloc_array(2 * r->n, sizeof *y);
    lq_plot *pl = NULL;
    lq_status st = x && y ? LQ_OK : LQ_ENOMEM;
    if (st == LQ_OK)
        st = lq_plot_create(title ? title : "structure screen",
                            by_rwp ? "XRD R_{wp} against the measured pattern" : "rank",
                            hull ? "E above hull / eV atom^{-1}" : "E_{f} / eV atom^{-1}", &pl);
    if (st == LQ_OK) st = draw(pl, r, by_rwp, n_best, highlight, n_highlight, x, y);
    if (st == LQ_OK) st = lq_plot_save(pl, path, 620.0, 440.0, diag);
    lq_plot_free(pl);
    lqi_free(x);
    lqi_free(y);
    return st;
}
