/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DSC figures: a measured segment with its baseline, onsets and peaks, and predicted traces
 * (heat of transformation) drawn over the measured signal minus its baseline. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/core_internal.h"
#include "liquidus/plot.h"

/* Measured signal and baseline, onset and peak markers. */
static lq_status draw_measured(lq_plot *pl, const lq_dsc_result *m, int subtract) {
    double *y = lqi_malloc_array(m->n ? m->n : 1, sizeof *y);
    if (!y) return LQ_ENOMEM;
    for (size_t i = 0; i < m->n; i++)
        y[i] = subtract ? m->signal[i] - m->baseline[i] : m->signal[i];
    lq_plot_style st_meas = {0};
    st_meas.rgb[0] = 0.1;
    st_meas.rgb[1] = 0.1;
    st_meas.rgb[2] = 0.1;
    st_meas.alpha = 1;
    lq_status st = lq_plot_add_line(pl, m->T_K, y, m->n, &st_meas, "measured");
    if (st == LQ_OK && !subtract) {
        lq_plot_style sb = {0};
        sb.auto_color = 1;
        sb.dashed = 1;
        st = lq_plot_add_line(pl, m->T_K, m->baseline, m->n, &sb, "baseline");
    }
    for (size_t k = 0; st == LQ_OK && k < m->n_peaks; k++) {
        const lq_dsc_peak *p = &m->peaks[k];
        /* the result's arrays run in increasing T: the point nearest the peak temperature */
        size_t j = 0;
        double best = (double)INFINITY;
        for (size_t i = 0; i < m->n; i++)
            if (fabs(m->T_K[i] - p->T_peak_K) < best) {
                best = fabs(m->T_K[i] - p->T_peak_K);
                j = i;
            }
        double base_on = 0.0;
        for (size_t i = 0; i + 1 < m->n; i++)
            if (m->T_K[i] <= p->T_onset_K && p->T_onset_K <= m->T_K[i + 1])
                base_on = subtract ? 0.0 : m->baseline[i];
        char txt[96];
        if (isfinite(p->T_onset_K)) {
            snprintf(txt, sizeof txt, "onset %.1f K", p->T_onset_K);
            st = lq_plot_add_annotation(pl, p->T_onset_K, base_on, txt);
        }
        if (st == LQ_OK) {
            snprintf(txt, sizeof txt, "%.1f K", p->T_peak_K);
            st = lq_plot_add_annotation(pl, m->T_K[j], y[j], txt);
        }
    }
    lqi_free(y);
    return st;
}

/* One predicted trace (excess heat flow times scale, shifted by offset) with its transitions. */
static lq_status draw_predicted(lq_plot *pl, const lq_dsc_prediction *p, double scale,
                                double offset, const char *label) {
    double *y = lqi_malloc_array(p->n ? p->n : 1, sizeof *y);
    if (!y) return LQ_ENOMEM;
    for (size_t i = 0; i < p->n; i++) y[i] = offset + scale * p->excess_W_per_mol[i];
    lq_plot_style s = {0};
    s.auto_color = 1;
    lq_status st = lq_plot_add_line(pl, p->T_K, y, p->n, &s, label);
    for (size_t k = 0; st == LQ_OK && k < p->n_transitions; k++) {
        double T = p->T_transition_K[k];
        size_t j = 0;
        for (size_t i = 0; i < p->n; i++)
            if (p->T_K[i] <= T) j = i;
        char txt[48];
        snprintf(txt, sizeof txt, "%.0f", T);
        st = lq_plot_add_annotation(pl, T, y[j], txt);
    }
    lqi_free(y);
    return st;
}

static double max_excess(const lq_dsc_prediction *p) {
    double m = 0.0;
    for (size_t i = 0; i < p->n; i++)
        if (fabs(p->excess_W_per_mol[i]) > m) m = fabs(p->excess_W_per_mol[i]);
    return m;
}

lq_status lq_plot_dsc(const lq_dsc_result *measured, const lq_dsc_prediction *const *pred,
                      const char *const *pred_labels, const double *pred_scale, size_t n_pred,
                      const double *T_ref_K, size_t n_ref, const char *title, const char *path,
                      lq_diag *diag) {
    if ((!measured && n_pred == 0) || (n_pred && !pred) || !path) return LQ_EINVAL;
    const char *unit = measured ? measured->signal_unit : "W/mol";
    char ylab[96];
    snprintf(ylab, sizeof ylab, "heat flow%s / %s (endo up)", n_pred ? " - baseline" : "", unit);
    lq_plot *pl = NULL;
    lq_status st = lq_plot_create(title ? title : "DSC", "T / K", ylab, &pl);
    if (st == LQ_OK && measured) st = draw_measured(pl, measured, n_pred > 0);
    /* predicted traces are stacked one above the other when there are several */
    double step = 0.0;
    for (size_t k = 0; k < n_pred; k++) {
        double sc = pred_scale && isfinite(pred_scale[k]) ? pred_scale[k] : 1.0;
        double m = sc * max_excess(pred[k]);
        if (m > step) step = m;
    }
    for (size_t k = 0; st == LQ_OK && k < n_pred; k++) {
        double sc = pred_scale && isfinite(pred_scale[k]) ? pred_scale[k] : 1.0;
        double off = n_pred > 1 ? 1.1 * step * (double)k : 0.0;
        st = draw_predicted(pl, pred[k], sc, off, pred_labels ? pred_labels[k] : "predicted");
    }
    for (size_t k = 0; st == LQ_OK && k < n_ref; k++) {
        lq_plot_style r = {0};
        r.rgb[0] = 0.6;
        r.rgb[1] = 0.6;
        r.rgb[2] = 0.6;
        r.alpha = 1;
        r.dashed = 1;
        char txt[48];
        snprintf(txt, sizeof txt, "%.0f K", T_ref_K[k]);
        st = lq_plot_add_rule(pl, 1, T_ref_K[k], &r, txt);
    }
    if (st == LQ_OK) st = lq_plot_save(pl, path, 520.0, 360.0, diag);
    lq_plot_free(pl);
    return st;
}
