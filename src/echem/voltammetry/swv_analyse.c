/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Whole square-wave records: every segment deconvoluted, model and components for figures. */
#include <math.h>
#include <string.h>

#include "core/core_internal.h"
#include "liquidus/echem.h"

/* FWHM = 2 sqrt(2 ln 2) sigma of a Gaussian. */
#define SWV_FWHM_PER_SIGMA 2.3548200450309493

lq_echem_swv_analysis_options lq_echem_swv_analysis_options_default(void) {
    lq_echem_swv_analysis_options o;
    memset(&o, 0, sizeof o);
    o.fit = lq_echem_swv_options_default();
    return o;
}

void lq_echem_swv_analysis_free(lq_echem_swv_analysis *a) {
    if (!a) return;
    for (size_t s = 0; s < a->nsegments; s++) {
        lqi_free(a->segments[s].model_A);
        lqi_free(a->segments[s].components_A);
    }
    lqi_free(a->segments);
    lqi_free(a);
}

/* The fitted model on the data and, with several peaks, each peak on the baseline. */
static lq_status curves(lq_echem_swv_segment *g) {
    const lq_echem_swv_result *res = &g->fit;
    size_t n = g->count;
    g->model_A = lqi_malloc_array(n ? n : 1, sizeof(double));
    if (!g->model_A) return LQ_ENOMEM;
    for (size_t i = 0; i < n; i++) g->model_A[i] = lq_echem_swv_model(res, g->E_V[i]);
    for (size_t k = 0; k < res->npeaks; k++)
        g->peak_top_A[k] =
            res->base_a_A + res->base_b_A_per_V * res->peaks[k].E_V + res->peaks[k].height_A;
    if (res->npeaks < 2) return LQ_OK;
    g->components_A = lqi_malloc_array(res->npeaks * n, sizeof(double));
    if (!g->components_A) return LQ_ENOMEM;
    for (size_t k = 0; k < res->npeaks; k++) {
        const lq_echem_swv_peak *p = &res->peaks[k];
        double sigma = p->w_half_V / SWV_FWHM_PER_SIGMA;
        for (size_t i = 0; i < n; i++) {
            double z = (g->E_V[i] - p->E_V) / sigma;
            g->components_A[k * n + i] =
                res->base_a_A + res->base_b_A_per_V * g->E_V[i] + p->height_A * exp(-0.5 * z * z);
        }
    }
    return LQ_OK;
}

static lq_status check(const lq_echem_record *rec, const lq_echem_swv_analysis_options *opt,
                       const double **I, lq_diag *diag) {
    if (!rec || !opt || !I) return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "NULL argument");
    if (!(opt->fit.T_K > 0.0) || !isfinite(opt->fit.T_K))
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "T_K", "temperature must be > 0 K");
    if (opt->segment > rec->nsegments)
        return lqi_diag_set(diag, LQ_EINVAL, rec->file, 0, "segment",
                            "segment %zu: the record has %zu", opt->segment, rec->nsegments);
    if (!rec->has_potential)
        return lqi_diag_set(diag, LQ_EINVAL, rec->file, 0, "E", "no potential column");
    *I = rec->current_A;
    if (opt->current_column) {
        const lq_echem_column *c = lq_echem_record_column(rec, opt->current_column);
        if (!c)
            return lqi_diag_set(diag, LQ_EINVAL, rec->file, 0, "current_column", "no column '%s'",
                                opt->current_column);
        *I = c->v;
    } else if (!rec->has_current) {
        return lqi_diag_set(diag, LQ_EINVAL, rec->file, 0, "I", "no current column");
    }
    return LQ_OK;
}

lq_status lq_echem_swv_analyse(const lq_echem_record *rec, const lq_echem_swv_analysis_options *opt,
                               lq_echem_swv_analysis **out, lq_diag *diag) {
    const double *I = NULL;
    lq_status st = out ? check(rec, opt, &I, diag)
                       : lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "NULL argument");
    if (st != LQ_OK) return st;
    lq_echem_swv_analysis *A = lqi_calloc(1, sizeof *A);
    if (!A ||
        !(A->segments = lqi_calloc(rec->nsegments ? rec->nsegments : 1, sizeof *A->segments))) {
        lqi_free(A);
        return LQ_ENOMEM;
    }
    for (size_t s = 0; s < rec->nsegments && st == LQ_OK; s++) {
        if (opt->segment && opt->segment != s + 1) continue;
        const lq_echem_segment *sg = &rec->segments[s];
        lq_echem_swv_segment *g = &A->segments[A->nsegments++];
        g->segment = s + 1;
        g->label = sg->label;
        g->start = sg->start;
        g->count = sg->count;
        g->E_V = rec->potential_V + sg->start;
        g->I_A = I + sg->start;
        lq_diag_clear(&g->diag);
        g->status = lq_echem_swv_fit(g->E_V, g->I_A, g->count, &opt->fit, &g->fit, &g->diag);
        if (g->status == LQ_ENOMEM) st = LQ_ENOMEM;
        if (g->status != LQ_OK) continue;
        A->n_analysed++;
        st = curves(g);
    }
    if (st != LQ_OK) {
        lq_echem_swv_analysis_free(A);
        return lqi_diag_set(diag, st, NULL, 0, NULL, "out of memory");
    }
    *out = A;
    return LQ_OK;
}
