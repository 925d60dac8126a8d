/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Whole chronoamperometry records: every potential step analysed, with the curves of its figures
 * (Scharifker-Hills Eqs. 3-4 and Cottrell Eq. 5 of the Mg-La study). */
#include <math.h>
#include <string.h>

#include "core/core_internal.h"
#include "liquidus/echem.h"

/* Smallest t/t_m of the model curves: Eq. 4 varies fastest near 0 and (I/I_m)^2 -> 0 there. */
#define CA_CURVE_T_MIN 0.05

lq_echem_ca_analysis_options lq_echem_ca_analysis_options_default(void) {
    lq_echem_ca_analysis_options o;
    memset(&o, 0, sizeof o);
    o.ca = lq_echem_ca_options_default();
    o.t0_s = (double)NAN;
    return o;
}

static void segment_free(lq_echem_ca_segment *g) {
    lqi_free(g->t_rel_s);
    lqi_free(g->cottrell_I_A);
    lqi_free(g->t_over_tm);
    lqi_free(g->i2_over_im2);
}

void lq_echem_ca_analysis_free(lq_echem_ca_analysis *a) {
    if (!a) return;
    for (size_t s = 0; s < a->nsegments; s++) segment_free(&a->segments[s]);
    lqi_free(a->segments);
    lqi_free(a);
}

/* Time since the step, the Cottrell line over its region and the dimensionless transient. */
static lq_status curves(lq_echem_ca_segment *g, const double *t, double max_ratio) {
    const lq_echem_ca_result *res = &g->res;
    size_t n = g->count;
    g->t_rel_s = lqi_malloc_array(n ? n : 1, sizeof(double));
    if (!g->t_rel_s) return LQ_ENOMEM;
    for (size_t i = 0; i < n; i++) g->t_rel_s[i] = t[i] - g->t0_s;
    g->cot_t_start_s = g->cot_t_end_s = (double)NAN;
    if (res->has_cottrell) {
        size_t a = res->cot_start, b = res->cot_end;
        g->cot_t_start_s = g->t_rel_s[a];
        g->cot_t_end_s = g->t_rel_s[b - 1];
        g->cottrell_I_A = lqi_malloc_array(b - a, sizeof(double));
        if (!g->cottrell_I_A) return LQ_ENOMEM;
        /* |I| = a + b t^-1/2 was fitted to |I|: the line carries the transient's sign. */
        double sgn = res->I_peak_A < 0.0 ? -1.0 : 1.0;
        for (size_t i = a; i < b; i++)
            g->cottrell_I_A[i - a] =
                sgn * (res->cottrell.a + res->cottrell.b / sqrt(g->t_rel_s[i]));
    }
    if (!res->has_peak) return LQ_OK;
    g->t_over_tm = lqi_malloc_array(n ? n : 1, sizeof(double));
    g->i2_over_im2 = lqi_malloc_array(n ? n : 1, sizeof(double));
    if (!g->t_over_tm || !g->i2_over_im2) return LQ_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        double q = g->t_rel_s[i] / res->t_peak_s, r = g->I_A[i] / res->I_peak_A;
        if (q > max_ratio) break;
        g->t_over_tm[g->n_dimless] = q;
        g->i2_over_im2[g->n_dimless++] = r * r;
    }
    return LQ_OK;
}

static lq_status check(const lq_echem_record *rec, const lq_echem_ca_analysis_options *opt,
                       lq_echem_ca_analysis **out, lq_diag *diag) {
    if (!rec || !opt || !out) return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "NULL argument");
    if (!rec->has_time || !rec->has_current)
        return lqi_diag_set(diag, LQ_EINVAL, rec->file, 0, NULL, "needs time and current columns");
    if (opt->segment > rec->nsegments)
        return lqi_diag_set(diag, LQ_EINVAL, rec->file, 0, "segment",
                            "segment %zu: the record has %zu", opt->segment, rec->nsegments);
    return LQ_OK;
}

/* One segment: the step time (given, or one sampling interval before the first sample). */
static lq_status analyse_segment(const lq_echem_record *rec, size_t s,
                                 const lq_echem_ca_analysis_options *opt, lq_echem_ca_segment *g) {
    const lq_echem_segment *sg = &rec->segments[s];
    const double *t = rec->time_s + sg->start;
    size_t n = sg->count;
    g->segment = s + 1;
    g->label = sg->label;
    g->start = sg->start;
    g->count = n;
    g->I_A = rec->current_A + sg->start;
    lq_echem_ca_options o = opt->ca;
    o.t0_s = isfinite(opt->t0_s) ? opt->t0_s : (n >= 2 ? t[0] - (t[1] - t[0]) : 0.0);
    g->t0_s = o.t0_s;
    lq_diag_clear(&g->diag);
    g->status = lq_echem_ca_analyse(t, g->I_A, n, &o, &g->res, &g->diag);
    if (g->status != LQ_OK) return g->status == LQ_ENOMEM ? LQ_ENOMEM : LQ_OK;
    return curves(g, t, o.max_t_over_tm);
}

lq_status lq_echem_ca_record_analyse(const lq_echem_record *rec,
                                     const lq_echem_ca_analysis_options *opt,
                                     lq_echem_ca_analysis **out, lq_diag *diag) {
    lq_status st = check(rec, opt, out, diag);
    if (st != LQ_OK) return st;
    lq_echem_ca_analysis *A = lqi_calloc(1, sizeof *A);
    if (!A ||
        !(A->segments = lqi_calloc(rec->nsegments ? rec->nsegments : 1, sizeof *A->segments))) {
        lqi_free(A);
        return LQ_ENOMEM;
    }
    for (size_t s = 0; s < rec->nsegments && st == LQ_OK; s++) {
        if (opt->segment && opt->segment != s + 1) continue;
        lq_echem_ca_segment *g = &A->segments[A->nsegments++];
        st = analyse_segment(rec, s, opt, g);
        if (g->status == LQ_OK) A->n_analysed++;
    }
    if (st != LQ_OK) {
        lq_echem_ca_analysis_free(A);
        return lqi_diag_set(diag, st, NULL, 0, NULL, "out of memory");
    }
    double maxr = opt->ca.max_t_over_tm;
    for (int i = 0; i < LQ_ECHEM_SH_CURVE_N; i++) {
        double x = CA_CURVE_T_MIN + (maxr - CA_CURVE_T_MIN) * i / (LQ_ECHEM_SH_CURVE_N - 1);
        A->sh_t_over_tm[i] = x;
        A->sh_instantaneous[i] = lq_echem_sh_model(LQ_ECHEM_NUCL_INSTANTANEOUS, x);
        A->sh_progressive[i] = lq_echem_sh_model(LQ_ECHEM_NUCL_PROGRESSIVE, x);
    }
    *out = A;
    return LQ_OK;
}
