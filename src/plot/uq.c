/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Figures of credible bands (assessment uncertainty): a property against x with its band and data
 * points (as Fig. 9 of the Bi-Nd study), and a phase diagram with banded boundaries. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/core_internal.h"
#include "liquidus/assess.h"
#include "liquidus/plot.h"

static lq_plot_style grey_band(void) {
    lq_plot_style s;
    memset(&s, 0, sizeof s);
    s.rgb[0] = s.rgb[1] = s.rgb[2] = 0.55;
    s.alpha = 0.45;
    return s; /* line width 0: a polygon without outline */
}

static lq_plot_style black_line(double width) {
    lq_plot_style s;
    memset(&s, 0, sizeof s);
    s.alpha = 1.0;
    s.line_width_pt = width;
    return s;
}

/* The band as one polygon per run of finite quantiles: lower edge forward, upper edge back. */
static lq_status add_band(lq_plot *p, const double *x, const double *lo, const double *hi, size_t n,
                          int swap_xy, const char *label, double *bx, double *by) {
    lq_plot_style band = grey_band();
    lq_status st = LQ_OK;
    for (size_t i = 0; i < n && st == LQ_OK;) {
        while (i < n && !(isfinite(lo[i]) && isfinite(hi[i]))) i++;
        size_t j = i;
        while (j < n && isfinite(lo[j]) && isfinite(hi[j])) j++;
        if (j - i >= 2) {
            size_t m = 0;
            for (size_t k = i; k < j; k++, m++) {
                bx[m] = swap_xy ? lo[k] : x[k];
                by[m] = swap_xy ? x[k] : lo[k];
            }
            for (size_t k = j; k-- > i; m++) {
                bx[m] = swap_xy ? hi[k] : x[k];
                by[m] = swap_xy ? x[k] : hi[k];
            }
            st = lq_plot_add_polygon(p, bx, by, m, &band, label);
            label = NULL;
        }
        i = j;
    }
    return st;
}

lq_status lq_assess_uq_plot(const lq_assess_uq_result *r, size_t prop, size_t iT,
                            const lq_assess_uq_plot_options *opt, const char *path, lq_diag *diag) {
    if (!r || !path || prop >= r->n_props || iT >= r->n_T || r->n_quantiles == 0)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "no such property or temperature");
    size_t nx = r->n_x, nq = r->n_quantiles;
    double *buf = lqi_malloc(7 * nx * sizeof *buf);
    if (!buf) return LQ_ENOMEM;
    double *lo = buf, *hi = buf + nx, *med = buf + 2 * nx, *bx = buf + 3 * nx;
    const double *band = r->band + (prop * r->n_points + iT * nx) * nq;
    for (size_t i = 0; i < nx; i++) {
        lo[i] = band[i * nq];
        hi[i] = band[i * nq + nq - 1];
        med[i] = band[i * nq + nq / 2];
    }
    char title[160], xl[64], yl[96], bl[64], ml[64];
    snprintf(title, sizeof title, "%s at %g K", r->prop_names[prop], r->T[iT]);
    snprintf(xl, sizeof xl, "x(%s)", r->x_component);
    snprintf(yl, sizeof yl, "%s%s%s%s", r->prop_names[prop],
             strcmp(r->prop_units[prop], "1") ? " / " : "",
             strcmp(r->prop_units[prop], "1") ? r->prop_units[prop] : "", "");
    snprintf(bl, sizeof bl, "%g-%g %% band (%zu samples)", 100.0 * r->quantiles[0],
             100.0 * r->quantiles[nq - 1], r->n_samples);
    snprintf(ml, sizeof ml, "%g %%", 100.0 * r->quantiles[nq / 2]);
    lq_plot *p = NULL;
    lq_status st = lq_plot_create(opt && opt->title ? opt->title : title, xl, yl, &p);
    if (st == LQ_OK && opt && opt->logy) st = lq_plot_set_logy(p, 1);
    if (st == LQ_OK && nq >= 2) st = add_band(p, r->x, lo, hi, nx, 0, bl, bx, bx + 2 * nx);
    lq_plot_style ln = black_line(1.5);
    if (st == LQ_OK) st = lq_plot_add_line(p, r->x, med, nx, &ln, ml);
    if (st == LQ_OK && opt && opt->n_data && opt->data_x && opt->data_y) {
        lq_plot_style pt;
        memset(&pt, 0, sizeof pt);
        pt.rgb[0] = 0.80, pt.rgb[1] = 0.15, pt.rgb[2] = 0.10;
        pt.alpha = 1.0;
        pt.marker = LQ_PLOT_MARKER_CIRCLE;
        st = lq_plot_add_points(p, opt->data_x, opt->data_y, opt->n_data, &pt,
                                opt->data_label ? opt->data_label : "data");
    }
    if (st == LQ_OK) st = lq_plot_save(p, path, 480, 360, diag);
    lq_plot_free(p);
    lqi_free(buf);
    return st;
}

/* Boundaries drawn where at least half of the mapped samples have them, so that a pair found in
 * a few diagrams only does not clutter the figure (its numbers stay in the result). */
static lq_status map_boundary(lq_plot *p, const lq_assess_uq_map_result *r,
                              const lq_assess_uq_boundary *b, double *buf) {
    size_t n = b->n_T, nq = r->n_quantiles, need = (r->n_samples - r->n_failed + 1) / 2;
    double *lo = buf, *hi = buf + n, *med = buf + 2 * n, *bx = buf + 3 * n;
    lq_status st = LQ_OK;
    for (int side = 0; side < 2 && st == LQ_OK; side++) {
        for (size_t j = 0; j < n; j++) {
            int ok = b->n_samples[j] >= need && need > 0;
            lo[j] = ok ? b->x[side][j * nq] : (double)NAN;
            hi[j] = ok ? b->x[side][j * nq + nq - 1] : (double)NAN;
            med[j] = ok ? b->x[side][j * nq + nq / 2] : (double)NAN;
        }
        if (nq >= 2) st = add_band(p, b->T, lo, hi, n, 1, NULL, bx, bx + 2 * n);
        lq_plot_style ln = black_line(1.1);
        if (st == LQ_OK) st = lq_plot_add_line(p, med, b->T, n, &ln, NULL);
    }
    return st;
}

static lq_status map_invariant(lq_plot *p, const lq_assess_uq_map_result *r,
                               const lq_assess_uq_invariant *v) {
    size_t nq = r->n_quantiles, m = nq / 2;
    double x[2] = {v->x[0][m], v->x[2][m]}, T[2] = {v->T[m], v->T[m]};
    lq_plot_style ln = black_line(1.1);
    lq_status st = lq_plot_add_line(p, x, T, 2, &ln, NULL);
    char lab[160];
    snprintf(lab, sizeof lab, "%s %.1f K [%.1f, %.1f]", lq_map_reaction_name(v->kind), v->T[m],
             v->T[0], v->T[nq - 1]);
    /* the label (about a third of the axis wide) starts mid-line but stays inside the axes */
    double xt = 0.5 * (x[0] + x[1]);
    if (st == LQ_OK) st = lq_plot_add_text(p, xt < 0.6 ? xt : 0.6, v->T[m], lab);
    return st;
}

lq_status lq_assess_uq_map_plot(const lq_assess_uq_map_result *r, const char *path, lq_diag *diag) {
    if (!r || !path || r->n_quantiles == 0)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "a map result and a path are required");
    size_t nmax = 1;
    for (size_t i = 0; i < r->n_boundaries; i++)
        if (r->boundaries[i].n_T > nmax) nmax = r->boundaries[i].n_T;
    double *buf = lqi_malloc(7 * nmax * sizeof *buf);
    if (!buf) return LQ_ENOMEM;
    char title[160], xl[64];
    snprintf(title, sizeof title, "%s-%s: median and %g-%g %% band (%zu samples)", r->components[0],
             r->components[1], 100.0 * r->quantiles[0], 100.0 * r->quantiles[r->n_quantiles - 1],
             r->n_samples - r->n_failed);
    snprintf(xl, sizeof xl, "x(%s)", r->components[1]);
    lq_plot *p = NULL;
    lq_status st = lq_plot_create(title, xl, "T / K", &p);
    if (st == LQ_OK) st = lq_plot_set_xrange(p, 0.0, 1.0);
    if (st == LQ_OK) st = lq_plot_set_legend(p, 0);
    for (size_t i = 0; st == LQ_OK && i < r->n_boundaries; i++)
        st = map_boundary(p, r, &r->boundaries[i], buf);
    for (size_t i = 0; st == LQ_OK && i < r->n_invariants; i++)
        st = map_invariant(p, r, &r->invariants[i]);
    if (st == LQ_OK) st = lq_plot_save(p, path, 520, 420, diag);
    lq_plot_free(p);
    lqi_free(buf);
    return st;
}
