/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A CV analysis as named fields with units and flags, and its text summary (lq_echem_cv_report). */
#include <math.h>

#include "echem/ref/ana_internal.h"

static const char *direction_name(int direction) { return direction < 0 ? "cathodic" : "anodic"; }

static const char *model_name(lq_echem_peak_model m) {
    return m == LQ_ECHEM_RANDLES_SEVCIK    ? "Randles-Sevcik"
           : m == LQ_ECHEM_BERZINS_DELAHAY ? "Berzins-Delahay"
                                           : "irreversible";
}

static void peak_fields(lqi_echem_rb *b, const lq_echem_peak *p) {
    lqi_echem_rb_open(b, NULL, LQ_ECHEM_FIELD_OBJECT);
    lqi_echem_rb_num(b, "E_V", "V", p->E_V);
    lqi_echem_rb_num(b, "I_A", "A", p->I_A);
    lqi_echem_rb_num(b, "Ip_A", "A", p->Ip_A);
    lqi_echem_rb_num(b, "prominence_A", "A", p->prominence_A);
    lqi_echem_rb_num(b, "base_ext_I_A", "A", p->base_ext_I_A);
    lqi_echem_rb_num(b, "Ip_ext_A", "A", p->Ip_ext_A);
    lqi_echem_rb_text(b, "baseline", lq_echem_baseline_kind_name(p->base_kind));
    lqi_echem_rb_quality(b, "quality", &p->quality);
    lqi_echem_rb_end(b);
}

/* The reversible waves of a deconvoluted sweep. */
static void deconv_fields(lqi_echem_rb *b, const lq_echem_cv_deconv_result *r) {
    lqi_echem_rb_open(b, "deconvolution", LQ_ECHEM_FIELD_OBJECT);
    lqi_echem_rb_num(b, "rms_A", "A", r->rms_A);
    lqi_echem_rb_open(b, "components", LQ_ECHEM_FIELD_LIST);
    for (size_t k = 0; k < r->ncomp; k++) {
        const lq_echem_cv_component *c = &r->comp[k];
        lqi_echem_rb_open(b, NULL, LQ_ECHEM_FIELD_OBJECT);
        lqi_echem_rb_num(b, "E_half_V", "V", c->E_half_V);
        lqi_echem_rb_num(b, "E_half_se_V", "V", c->E_half_se_V);
        lqi_echem_rb_num(b, "Ep_V", "V", c->Ep_V);
        lqi_echem_rb_num(b, "Ip_A", "A", c->Ip_A);
        lqi_echem_rb_num(b, "Ip_se_A", "A", c->Ip_se_A);
        lqi_echem_rb_num(b, "n", "", c->n_apparent);
        lqi_echem_rb_num(b, "n_se", "", c->n_se);
        lqi_echem_rb_quality(b, "quality", &c->quality);
        lqi_echem_rb_end(b);
    }
    lqi_echem_rb_end(b);
    lqi_echem_rb_end(b);
}

static void sweep_fields(lqi_echem_rb *b, const lq_echem_cv_sweep_entry *e, size_t s) {
    const lq_echem_sweep_result *sr = &e->res;
    lqi_echem_rb_open(b, NULL, LQ_ECHEM_FIELD_OBJECT);
    lqi_echem_rb_count(b, "sweep", s + 1);
    lqi_echem_rb_count(b, "cycle", e->cycle);
    lqi_echem_rb_count(b, "start", e->start);
    lqi_echem_rb_count(b, "end", e->end);
    lqi_echem_rb_text(b, "direction", direction_name(sr->direction));
    lqi_echem_rb_num(b, "scan_rate_V_per_s", "V/s", sr->scan_rate_V_per_s);
    lqi_echem_rb_num(b, "onset_E_V", "V", sr->onset_E_V);
    lqi_echem_rb_open(b, "peaks", LQ_ECHEM_FIELD_LIST);
    for (size_t k = 0; k < sr->npeaks; k++) peak_fields(b, &sr->peaks[k]);
    lqi_echem_rb_end(b);
    if (e->deconv_status == LQ_OK && e->deconv.ncomp) deconv_fields(b, &e->deconv);
    lqi_echem_rb_end(b);
}

static void cycle_fields(lqi_echem_rb *b, const lq_echem_cv_cycle *cy) {
    lqi_echem_rb_open(b, NULL, LQ_ECHEM_FIELD_OBJECT);
    lqi_echem_rb_count(b, "cycle", cy->cycle);
    lqi_echem_rb_open(b, "crossover_E_V", LQ_ECHEM_FIELD_LIST);
    for (size_t k = 0; k < cy->ncross && k < LQ_ECHEM_CV_MAX_CROSS; k++)
        lqi_echem_rb_num(b, NULL, "V", cy->E_cross_V[k]);
    lqi_echem_rb_end(b);
    if (cy->loop_note) lqi_echem_rb_text(b, "loop_note", cy->loop_note);
    lqi_echem_rb_num(b, "dEp_V", "V", cy->dEp_V);
    lqi_echem_rb_num(b, "dEp_reversible_V", "V", cy->dEp_rev_V);
    lqi_echem_rb_num(b, "psi", "", cy->psi);
    lqi_echem_rb_num(b, "k0_m_per_s", "m/s", cy->k0_m_per_s);
    lqi_echem_rb_quality(b, "quality", &cy->quality);
    lqi_echem_rb_num(b, "Ip_ratio_return_forward", "", cy->ip_ratio);
    lqi_echem_rb_quality(b, "Ip_ratio_quality", &cy->ratio_quality);
    lqi_echem_rb_end(b);
}

/* The semi-integral of the file's first sweep, or why there is none. */
static void semi_fields(lqi_echem_rb *b, const lq_echem_cv_file *F) {
    const lq_echem_semi_result *r = &F->semi;
    lqi_echem_rb_open(b, "semi_integral", LQ_ECHEM_FIELD_OBJECT);
    if (!F->has_semi) {
        lqi_echem_rb_text(b, "skipped",
                          F->semi_diag.msg[0] ? F->semi_diag.msg : lq_status_str(F->semi_status));
    } else {
        lqi_echem_rb_num(b, "m_lim_A_s05", "A s^1/2", r->m_lim_A_s05);
        lqi_echem_rb_num(b, "D_m2_per_s", "m^2/s", r->D_m2_per_s);
        lqi_echem_rb_num(b, "E_half_V", "V", r->E_half_V);
        lqi_echem_rb_num(b, "slope_V", "V", r->slope_V);
        lqi_echem_rb_num(b, "n_apparent", "", r->n_apparent);
        lqi_echem_rb_quality(b, "quality", &r->quality);
    }
    lqi_echem_rb_end(b);
}

static void file_fields(lqi_echem_rb *b, const lq_echem_cv_file *F, const char *reference,
                        int semi) {
    lqi_echem_rb_open(b, NULL, LQ_ECHEM_FIELD_OBJECT);
    lqi_echem_rb_text(b, "file", F->name);
    lqi_echem_rb_text(b, "reference_electrode", reference);
    lqi_echem_rb_open(b, "sweeps", LQ_ECHEM_FIELD_LIST);
    for (size_t s = 0; s < F->nsweeps; s++)
        if (F->sweeps[s].status == LQ_OK) sweep_fields(b, &F->sweeps[s], s);
    lqi_echem_rb_end(b);
    lqi_echem_rb_open(b, "cycles", LQ_ECHEM_FIELD_LIST);
    for (size_t c = 0; c < F->ncycles; c++) cycle_fields(b, &F->cycles[c]);
    lqi_echem_rb_end(b);
    lqi_echem_rb_num(b, "scan_rate_V_per_s", "V/s", F->scan_rate_V_per_s);
    lqi_echem_rb_num(b, "largest_cathodic_Ip_A", "A", F->largest_cathodic_Ip_A);
    if (semi) semi_fields(b, F);
    lqi_echem_rb_end(b);
}

static void diffusion_fields(lqi_echem_rb *b, const lq_echem_cv_analysis *A,
                             lq_echem_peak_model model) {
    const lq_echem_scanrate_fit *sf = &A->diffusion;
    lqi_echem_rb_open(b, "diffusion", LQ_ECHEM_FIELD_OBJECT);
    lqi_echem_rb_text(b, "model", model_name(model));
    lqi_echem_rb_num(b, "D_m2_per_s", "m^2/s", sf->D_m2_per_s);
    lqi_echem_rb_num(b, "D_se_m2_per_s", "m^2/s", sf->D_se);
    lqi_echem_rb_num(b, "slope_A_per_sqrt_V_per_s", "A/(V/s)^1/2", sf->slope_A);
    lqi_echem_rb_num(b, "r2_Ip_vs_sqrt_v", "", sf->lin.r2);
    lqi_echem_rb_num(b, "dlnIp_dlnv", "", sf->log.b);
    lqi_echem_rb_count(b, "points", A->npoints);
    lqi_echem_rb_num(b, "intercept_A", "A", sf->lin.a);
    lqi_echem_rb_num(b, "intercept_se_A", "A", sf->lin.a_se);
    lqi_echem_rb_text(b, "peak_heights", "above the conventional (extrapolated) baselines");
    lqi_echem_rb_quality(b, "quality", &sf->quality);
    lqi_echem_rb_end(b);
}

static void fields(lqi_echem_rb *b, const lq_echem_cv_analysis *A,
                   const lq_echem_record *const *recs, const lq_echem_cv_analysis_options *o) {
    lqi_echem_rb_open(b, NULL, LQ_ECHEM_FIELD_OBJECT);
    lqi_echem_rb_num(b, "Ru_ohm", "ohm", o->Ru_ohm);
    lqi_echem_rb_text(b, "sign_convention", "IUPAC: reduction current negative");
    lqi_echem_rb_open(b, "files", LQ_ECHEM_FIELD_LIST);
    for (size_t f = 0; f < A->nfiles; f++)
        file_fields(b, &A->files[f], recs[f]->reference, o->semi);
    lqi_echem_rb_end(b);
    if (A->has_dEp_fit) {
        lqi_echem_rb_open(b, "dEp_vs_log10_v", LQ_ECHEM_FIELD_OBJECT);
        lqi_echem_rb_num(b, "slope_V_per_decade", "V", A->dEp_fit.b);
        lqi_echem_rb_num(b, "slope_se", "V", A->dEp_fit.b_se);
        lqi_echem_rb_quality(b, "quality", &A->rev_quality);
        lqi_echem_rb_end(b);
    }
    if (A->has_diffusion) diffusion_fields(b, A, o->model);
    lqi_echem_rb_end(b);
}

/* ---------------------------------------------------------------------- the text summary */

static void text_deconv(lqi_sbuf *t, const lq_echem_cv_sweep_entry *e) {
    if (e->deconv_status != LQ_OK) {
        if (e->deconv_diag.msg[0])
            lqi_sbuf_printf(t, "    deconvolution: %s\n", e->deconv_diag.msg);
        return;
    }
    for (size_t k = 0; k < e->deconv.ncomp; k++) {
        const lq_echem_cv_component *c = &e->deconv.comp[k];
        lqi_sbuf_printf(t,
                        "    wave %zu: E1/2 %.4f +- %.2g V, Ep %.4f V, Ip %.4g +- %.2g A, n %.3f "
                        "+- %.2g\n",
                        k + 1, c->E_half_V, c->E_half_se_V, c->Ep_V, c->Ip_A, c->Ip_se_A,
                        c->n_apparent, c->n_se);
        if (c->quality.flags)
            lqi_sbuf_printf(t, "    FLAGGED wave %zu: %s\n", k + 1, c->quality.reason);
    }
}

static void text_sweep(lqi_sbuf *t, const lq_echem_cv_sweep_entry *e, size_t s) {
    const lq_echem_sweep_result *sr = &e->res;
    lqi_sbuf_printf(t, "  sweep %zu (%s):", s + 1, direction_name(sr->direction));
    for (size_t k = 0; k < sr->npeaks; k++)
        lqi_sbuf_printf(t, " peak %.4f V %.4g A (%s baseline %.4g A);", sr->peaks[k].E_V,
                        sr->peaks[k].Ip_A, lq_echem_baseline_kind_name(sr->peaks[k].base_kind),
                        sr->peaks[k].Ip_ext_A);
    if (isfinite(sr->onset_E_V)) lqi_sbuf_printf(t, " onset %.4f V", sr->onset_E_V);
    lqi_sbuf_printf(t, "\n");
    for (size_t k = 0; k < sr->npeaks; k++)
        if (sr->peaks[k].quality.flags)
            lqi_sbuf_printf(t, "    FLAGGED peak %.4f V: %s\n", sr->peaks[k].E_V,
                            sr->peaks[k].quality.reason);
    text_deconv(t, e);
}

static void text_cycle(lqi_sbuf *t, const lq_echem_cv_cycle *cy) {
    lqi_sbuf_printf(t, "  cycle %zu: dEp %.4f V", cy->cycle, cy->dEp_V);
    if (isfinite(cy->dEp_rev_V)) lqi_sbuf_printf(t, " (reversible %.4f V)", cy->dEp_rev_V);
    if (isfinite(cy->psi)) lqi_sbuf_printf(t, ", psi %.3g", cy->psi);
    if (isfinite(cy->k0_m_per_s)) lqi_sbuf_printf(t, ", k0 %.3g m/s", cy->k0_m_per_s);
    if (isfinite(cy->ip_ratio)) lqi_sbuf_printf(t, ", |Ipr/Ipf| %.3f (Nicholson)", cy->ip_ratio);
    lqi_sbuf_printf(t, ", %zu crossover(s)%s%s\n", cy->ncross, cy->loop_note ? "; " : "",
                    cy->loop_note ? cy->loop_note : "");
    if (cy->quality.flags)
        lqi_sbuf_printf(t, "    FLAGGED cycle %zu: %s\n", cy->cycle, cy->quality.reason);
    if (cy->ratio_quality.flags)
        lqi_sbuf_printf(t, "    FLAGGED cycle %zu ratio: %s\n", cy->cycle,
                        cy->ratio_quality.reason);
}

/* D, then each file's semi-integral, then each file's sweeps and cycles, then dEp vs log10 v. */
static void text(lqi_sbuf *t, const lq_echem_cv_analysis *A,
                 const lq_echem_cv_analysis_options *o) {
    const lq_echem_scanrate_fit *sf = &A->diffusion;
    if (A->has_diffusion) {
        lqi_sbuf_printf(t,
                        "D = %.4g +- %.2g m^2/s (%s; %zu scan rates, R^2(Ip vs v^1/2) = %.5f, "
                        "dlnIp/dlnv = %.3f)\n",
                        sf->D_m2_per_s, sf->D_se, model_name(o->model), A->npoints, sf->lin.r2,
                        sf->log.b);
        if (sf->quality.flags) lqi_sbuf_printf(t, "  FLAGGED D: %s\n", sf->quality.reason);
    }
    for (size_t f = 0; o->semi && f < A->nfiles; f++) {
        const lq_echem_cv_file *F = &A->files[f];
        const lq_echem_semi_result *r = &F->semi;
        if (!F->has_semi) {
            lqi_sbuf_printf(t, "%s: semi-integral skipped: %s\n", F->name, F->semi_diag.msg);
            continue;
        }
        lqi_sbuf_printf(t,
                        "%s: semi-integral m_lim %.4g A s^1/2, D %.4g m^2/s, E1/2 %.4f V, n %.3f\n",
                        F->name, r->m_lim_A_s05, r->D_m2_per_s, r->E_half_V, r->n_apparent);
        if (r->quality.flags)
            lqi_sbuf_printf(t, "    FLAGGED semi-integral: %s\n", r->quality.reason);
    }
    for (size_t f = 0; f < A->nfiles; f++) {
        const lq_echem_cv_file *F = &A->files[f];
        size_t nok = 0;
        for (size_t s = 0; s < F->nsweeps; s++) nok += F->sweeps[s].status == LQ_OK;
        lqi_sbuf_printf(t, "%s: %zu sweeps\n", F->name, nok);
        for (size_t s = 0; s < F->nsweeps; s++)
            if (F->sweeps[s].status == LQ_OK) text_sweep(t, &F->sweeps[s], s);
        for (size_t c = 0; c < F->ncycles; c++) text_cycle(t, &F->cycles[c]);
    }
    if (A->has_dEp_fit)
        lqi_sbuf_printf(t, "dEp vs log10 v: %.1f mV per decade%s%s\n", 1e3 * A->dEp_fit.b,
                        A->rev_quality.flags ? "; FLAGGED: " : "", A->rev_quality.reason);
}

lq_status lq_echem_cv_report(const lq_echem_cv_analysis *a, const lq_echem_record *const *recs,
                             const lq_echem_cv_analysis_options *opt, lq_echem_report **out,
                             lq_diag *diag) {
    if (!a || !recs || !opt || !out)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "lq_echem_cv_report: NULL argument");
    for (size_t f = 0; f < a->nfiles; f++)
        if (!recs[f])
            return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "recs",
                                "lq_echem_cv_report: record %zu is NULL", f + 1);
    *out = NULL;
    lqi_echem_rb b = {0};
    fields(&b, a, recs, opt);
    text(&b.text, a, opt);
    return lqi_echem_rb_finish(&b, out);
}
