/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `liquidus ca`: chronoamperometry: nucleation (Scharifker-Hills) and Cottrell D. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "echem_cmd.h"
#include "liquidus/core.h"
#include "liquidus/echem.h"
#include "liquidus/plot.h"

static const char *const usage =
    "liquidus ca FILE [--segment K] [--t0 S] [--n Z --area M2 --conc MOL_M3 [--M KG_MOL --rho "
    "KG_M3]]\n       [--cottrell FROM:TO] [--out PREFIX]\n\n"
    "Potential-step transients, each segment of the file (or only segment K, 1-based) on its own:\n"
    "the nucleation maximum (t_m, I_m), the dimensionless transient (I/I_m)^2 vs t/t_m against\n"
    "Scharifker-Hills instantaneous and progressive nucleation (Mg-La study Eqs. 3-4; the model\n"
    "at the smaller RMS distance is chosen, both distances reported; t_m and I_m refined by least\n"
    "squares together with the induction time t_ind (--no-induction: t_ind = 0)), and the linear I "
    "vs t^-1/2 region found automatically with the Cottrell D (Eq. 5)\n"
    "when --n, --area and --conc are given (window: --cottrell FROM:TO in s since the step, or "
    "the\n"
    "whole diffusion-limited tail), with D from the maximum (I_m^2 t_m) and, with --M and --rho "
    "of\n"
    "the deposit, N0 (instantaneous) or A N_inf (progressive). Doubtful fits are flagged with the\n"
    "reason (text, JSON \"flags\", figure). Time is counted from the step: --t0 (absolute, s) or,\n"
    "by default, one sampling interval before the segment's first sample.\n"
    "Writes PREFIX.ca.json, PREFIX.ca.png (I-t with the regions found) and PREFIX.ca_sh.png\n"
    "(dimensionless transient with both models).";

typedef struct ca_args {
    lqa_echem_in in;
    const char *out, *file, *cot;
    long segment;
} ca_args;

static int parse(int argc, char **argv, ca_args *a, lq_echem_ca_analysis_options *o) {
    memset(a, 0, sizeof *a);
    *o = lq_echem_ca_analysis_options_default();
    o->ca.max_t_over_tm = 5.0;
    long z = 0;
    int noind = 0;
    const lqa_opt opts[] = {
        {"out", LQA_STRING, &a->out, "PREFIX", "output prefix (default: the file's name)"},
        {"segment", LQA_INT, &a->segment, "K", "analyse only segment K (1-based)"},
        {"t0", LQA_DOUBLE, &o->t0_s, "S", "time of the potential step (s, file's time axis)"},
        {"n", LQA_INT, &z, "Z", "electrons exchanged (Cottrell D)"},
        {"area", LQA_DOUBLE, &o->ca.area_m2, "M2", "electrode area, m^2 (Cottrell D)"},
        {"conc", LQA_DOUBLE, &o->ca.conc_mol_per_m3, "MOL_M3",
         "bulk concentration, mol/m^3 (Cottrell D)"},
        {"max-ratio", LQA_DOUBLE, &o->ca.max_t_over_tm, "R",
         "compare with the models up to t/t_m = R (5)"},
        {"cottrell", LQA_STRING, &a->cot, "FROM:TO", "Cottrell window, s since the step"},
        {"M", LQA_DOUBLE, &o->ca.molar_mass_kg_per_mol, "KG_MOL",
         "deposit molar mass (nucleation density)"},
        {"rho", LQA_DOUBLE, &o->ca.density_kg_per_m3, "KG_M3",
         "deposit density (nucleation density)"},
        {"no-induction", LQA_FLAG, &noind, NULL, "fit t_m and I_m with the induction time 0"},
    };
    size_t npos = 0;
    int rc = lqa_echem_parse("ca", usage, opts, sizeof opts / sizeof opts[0], 0, &a->in, argc, argv,
                             &a->file, 1, &npos);
    if (rc == 1) return -1;
    if (rc) return LQA_EXIT_USAGE;
    if (npos != 1) return lqa_usage_error("ca", "expected one FILE (see liquidus ca --help)");
    int want_d = z > 0 || o->ca.area_m2 > 0.0 || o->ca.conc_mol_per_m3 > 0.0;
    if (want_d && (z < 1 || !(o->ca.area_m2 > 0.0) || !(o->ca.conc_mol_per_m3 > 0.0)))
        return lqa_usage_error("ca", "Cottrell D needs all of --n, --area and --conc (> 0)");
    o->ca.n_electrons = (int)z;
    if (noind) o->ca.fit_induction = 0;
    if (a->cot) {
        char *end = NULL;
        o->ca.cot_t_from_s = strtod(a->cot, &end);
        if (end == a->cot || *end != ':')
            return lqa_usage_error("ca", "--cottrell: expected FROM:TO (s), got '%s'", a->cot);
        const char *p = end + 1;
        o->ca.cot_t_to_s = strtod(p, &end);
        if (end == p || *end || !(o->ca.cot_t_to_s > o->ca.cot_t_from_s) ||
            !(o->ca.cot_t_from_s >= 0.0))
            return lqa_usage_error("ca", "--cottrell: expected 0 <= FROM < TO, got '%s'", a->cot);
    }
    if ((o->ca.molar_mass_kg_per_mol > 0.0) != (o->ca.density_kg_per_m3 > 0.0))
        return lqa_usage_error("ca", "the nucleation density needs both --M and --rho (> 0)");
    return 0;
}

static const char *mode_name(lq_echem_nucleation m) {
    return m == LQ_ECHEM_NUCL_INSTANTANEOUS ? "instantaneous"
           : m == LQ_ECHEM_NUCL_PROGRESSIVE ? "progressive"
                                            : "none";
}

static cJSON *segment_json(const lq_echem_ca_segment *g) {
    const lq_echem_ca_result *res = &g->res;
    cJSON *j = cJSON_CreateObject();
    cJSON_AddNumberToObject(j, "segment", (double)g->segment);
    cJSON_AddStringToObject(j, "label", g->label);
    cJSON_AddNumberToObject(j, "t0_s", g->t0_s);
    cJSON_AddBoolToObject(j, "nucleation_peak", res->has_peak);
    cJSON_AddNumberToObject(j, "t_peak_s", res->t_peak_s);
    cJSON_AddNumberToObject(j, "I_peak_A", res->I_peak_A);
    cJSON_AddStringToObject(j, "nucleation", mode_name(res->mode));
    cJSON_AddItemToObject(j, "rms_instantaneous", lqa_num(res->rms_inst));
    cJSON_AddItemToObject(j, "rms_progressive", lqa_num(res->rms_prog));
    cJSON_AddItemToObject(j, "t_m_s", lqa_num(res->t_m_s));
    cJSON_AddItemToObject(j, "t_m_se_s", lqa_num(res->t_m_se_s));
    cJSON_AddItemToObject(j, "t_ind_s", lqa_num(res->t_ind_s));
    cJSON_AddItemToObject(j, "t_ind_se_s", lqa_num(res->t_ind_se_s));
    cJSON_AddItemToObject(j, "I_m_A", lqa_num(res->I_m_A));
    cJSON_AddItemToObject(j, "I_m_se_A", lqa_num(res->I_m_se_A));
    cJSON_AddItemToObject(j, "D_max_m2_per_s", lqa_num(res->D_sh_m2_per_s));
    cJSON_AddItemToObject(j, "D_max_se_m2_per_s", lqa_num(res->D_sh_se));
    cJSON_AddItemToObject(j,
                          res->mode == LQ_ECHEM_NUCL_PROGRESSIVE ? "AN_inf_per_m2_s" : "N0_per_m2",
                          lqa_num(res->N_nucl));
    cJSON_AddItemToObject(
        j, res->mode == LQ_ECHEM_NUCL_PROGRESSIVE ? "AN_inf_se_per_m2_s" : "N0_se_per_m2",
        lqa_num(res->N_nucl_se));
    cJSON_AddItemToObject(j, "nucleation_quality", lqa_echem_quality_json(&res->sh_quality));
    cJSON_AddNumberToObject(j, "noise_A", res->noise_A);
    if (g->diag.warning) cJSON_AddStringToObject(j, "warning", g->diag.msg);
    if (res->has_cottrell) {
        cJSON *jc = cJSON_AddObjectToObject(j, "cottrell");
        cJSON_AddNumberToObject(jc, "t_start_s", g->cot_t_start_s);
        cJSON_AddNumberToObject(jc, "t_end_s", g->cot_t_end_s);
        cJSON_AddNumberToObject(jc, "points", (double)(res->cot_end - res->cot_start));
        cJSON_AddNumberToObject(jc, "slope_A_s05", res->cottrell.b);
        cJSON_AddItemToObject(jc, "slope_se_A_s05", lqa_num(res->cottrell.b_se));
        cJSON_AddNumberToObject(jc, "intercept_A", res->cottrell.a);
        cJSON_AddNumberToObject(jc, "r2", res->cottrell.r2);
        cJSON_AddItemToObject(jc, "D_m2_per_s", lqa_num(res->D_m2_per_s));
        cJSON_AddItemToObject(jc, "D_se_m2_per_s", lqa_num(res->D_se));
        cJSON_AddItemToObject(jc, "quality", lqa_echem_quality_json(&res->cot_quality));
    }
    return j;
}

static void segment_text(const lq_echem_ca_segment *g) {
    const lq_echem_ca_result *res = &g->res;
    printf("segment %zu (%s): ", g->segment, g->label);
    if (res->has_peak)
        printf(
            "maximum at %.5g s, %.5g A; nucleation %s (RMS inst %.3g, prog %.3g); "
            "t_m = %.5g +- %.2g s, I_m = %.5g +- %.2g A, induction time %.4g +- %.2g s\n  ",
            res->t_peak_s, res->I_peak_A, mode_name(res->mode), res->rms_inst, res->rms_prog,
            res->t_m_s, res->t_m_se_s, res->I_m_A, res->I_m_se_A, res->t_ind_s, res->t_ind_se_s);
    else
        printf("no nucleation maximum; ");
    if (isfinite(res->D_sh_m2_per_s))
        printf("D from the maximum = %.4g +- %.2g m^2/s%s", res->D_sh_m2_per_s, res->D_sh_se,
               isfinite(res->N_nucl) ? ", " : "\n  ");
    if (isfinite(res->N_nucl))
        printf("%s = %.4g +- %.2g %s\n  ",
               res->mode == LQ_ECHEM_NUCL_PROGRESSIVE ? "A N_inf" : "N0", res->N_nucl,
               res->N_nucl_se, res->mode == LQ_ECHEM_NUCL_PROGRESSIVE ? "m^-2 s^-1" : "m^-2");
    if (res->sh_quality.flags) printf("FLAGGED nucleation fit: %s\n  ", res->sh_quality.reason);
    if (res->has_cottrell)
        printf("Cottrell region %.5g-%.5g s (%zu points, R^2 %.5f), slope %.5g A s^1/2",
               g->cot_t_start_s, g->cot_t_end_s, res->cot_end - res->cot_start, res->cottrell.r2,
               res->cottrell.b);
    else
        printf("no Cottrell region");
    if (isfinite(res->D_m2_per_s)) printf(", D = %.4g +- %.2g m^2/s", res->D_m2_per_s, res->D_se);
    printf("\n");
    if (res->has_cottrell && res->cot_quality.flags)
        printf("  FLAGGED Cottrell fit: %s\n", res->cot_quality.reason);
}

/* Figure 1: the transient, its Cottrell line and maximum; figure 2: the dimensionless data. */
static void segment_plot(const lq_echem_ca_segment *g, lq_plot *pl, lq_plot *psh,
                         int *cottrell_labelled) {
    const lq_echem_ca_result *res = &g->res;
    char label[96];
    snprintf(label, sizeof label, "segment %zu", g->segment);
    lq_plot_add_line(pl, g->t_rel_s, g->I_A, g->count, NULL, label);
    lq_plot_style cs = {0};
    cs.rgb[0] = 0.85;
    cs.line_width_pt = 2.5;
    if (res->has_cottrell)
        lq_plot_add_line(pl, g->t_rel_s + res->cot_start, g->cottrell_I_A,
                         res->cot_end - res->cot_start, &cs,
                         (*cottrell_labelled)++ ? NULL : "Cottrell fit");
    if (res->has_cottrell && res->cot_quality.flags) {
        size_t k = res->cot_start + (res->cot_end - res->cot_start) / 2;
        lq_plot_add_annotation(pl, g->t_rel_s[k], g->I_A[k], "Cottrell fit flagged (see JSON)");
    }
    if (!res->has_peak) return;
    char note[96];
    snprintf(note, sizeof note, "t_m %.3g s, I_m %.3g A%s", res->t_m_s, res->I_m_A,
             res->sh_quality.flags ? " (flagged)" : "");
    lq_plot_add_annotation(pl, res->t_peak_s, res->I_peak_A, note);
    lq_plot_style ds = {0};
    ds.auto_color = 1;
    ds.alpha = 0.35;
    ds.marker = LQ_PLOT_MARKER_CIRCLE;
    ds.marker_size_pt = 2.5;
    lq_plot_add_points(psh, g->t_over_tm, g->i2_over_im2, g->n_dimless, &ds, label);
}

/* The two Scharifker-Hills curves (Eqs. 3-4) on the dimensionless figure. */
static void model_plot(const lq_echem_ca_analysis *A, lq_plot *psh) {
    lq_plot_style ish = {0};
    ish.rgb[0] = 0.85;
    ish.rgb[1] = 0.1;
    ish.line_width_pt = 2.5;
    lq_plot_add_line(psh, A->sh_t_over_tm, A->sh_instantaneous, LQ_ECHEM_SH_CURVE_N, &ish,
                     "instantaneous (Eq. 3)");
    lq_plot_style dsh = {0};
    dsh.rgb[2] = 0.6;
    dsh.line_width_pt = 2.5;
    dsh.dashed = 1;
    lq_plot_add_line(psh, A->sh_t_over_tm, A->sh_progressive, LQ_ECHEM_SH_CURVE_N, &dsh,
                     "progressive (Eq. 4)");
}

/* Warnings for the segments not analysed; a requested or only segment failing is an error. */
static int report_failures(const ca_args *a, const lq_echem_ca_analysis *A, size_t nsegments,
                           const lqa_ctx *ctx) {
    for (size_t s = 0; s < A->nsegments; s++) {
        const lq_echem_ca_segment *g = &A->segments[s];
        if (g->status == LQ_OK) continue;
        lqa_echem_segment_warn("ca", a->file, g->segment, g->label, g->status, &g->diag, ctx);
        if (a->segment || nsegments == 1) {
            lq_diag d = g->diag;
            snprintf(d.file, sizeof d.file, "%s", a->file);
            return lqa_fail("ca", g->status, &d);
        }
    }
    if (A->n_analysed == 0)
        return lqa_usage_error("ca", "%s: no segment could be analysed", a->file);
    return 0;
}

static int output(const ca_args *a, const lq_echem_ca_analysis *A, const lqa_ctx *ctx) {
    char json_path[1024], fig_path[1024], sh_path[1024];
    lqa_echem_outpath(a->file, a->out, ".ca.json", json_path, sizeof json_path);
    lqa_echem_outpath(a->file, a->out, ".ca.png", fig_path, sizeof fig_path);
    lqa_echem_outpath(a->file, a->out, ".ca_sh.png", sh_path, sizeof sh_path);
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "file", a->file);
    cJSON_AddStringToObject(root, "sign_convention", "IUPAC: reduction current negative");
    cJSON *jseg = cJSON_AddArrayToObject(root, "segments");
    lq_plot *pl = NULL, *psh = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st = lq_plot_create("Chronoamperometry", "t - t0 / s", "I / A", &pl);
    if (st == LQ_OK) st = lq_plot_create("Scharifker-Hills", "t / t_m", "(I / I_m)^2", &psh);
    int cottrell_labelled = 0;
    for (size_t s = 0; s < A->nsegments && st == LQ_OK; s++) {
        const lq_echem_ca_segment *g = &A->segments[s];
        if (g->status != LQ_OK) continue;
        cJSON_AddItemToArray(jseg, segment_json(g));
        lqa_warn_diag("ca", &g->diag);
        if (!ctx->json) segment_text(g);
        segment_plot(g, pl, psh, &cottrell_labelled);
    }
    if (st == LQ_OK) {
        model_plot(A, psh);
        st = lqa_echem_figure(psh, sh_path, 560.0, 400.0, root, "figure_scharifker_hills", ctx, &d);
        psh = NULL;
    }
    if (st != LQ_OK) {
        lq_plot_free(pl);
        lq_plot_free(psh);
        cJSON_Delete(root);
        return lqa_fail("ca", st, &d);
    }
    return lqa_echem_finish("ca", pl, fig_path, root, json_path, ctx);
}

static int run(int argc, char **argv, const lqa_ctx *ctx) {
    ca_args a;
    lq_echem_ca_analysis_options o;
    int rc = parse(argc, argv, &a, &o);
    if (rc) return rc < 0 ? LQA_EXIT_OK : rc;
    lq_echem_record *r = NULL;
    lq_echem_ca_analysis *A = NULL;
    rc = lqa_echem_read("ca", a.file, &a.in, LQA_NEED_TIME | LQA_NEED_CURRENT, a.segment, ctx, &r);
    if (rc == 0) {
        lq_diag d;
        lq_diag_clear(&d);
        o.segment = (size_t)a.segment;
        lq_status st = lq_echem_ca_record_analyse(r, &o, &A, &d);
        rc = st == LQ_OK ? report_failures(&a, A, r->nsegments, ctx) : lqa_fail("ca", st, &d);
    }
    if (rc == 0) rc = output(&a, A, ctx);
    lq_echem_ca_analysis_free(A);
    lq_echem_record_free(r);
    return rc;
}

const lq_cmd lq_cmd_ca = {"ca", "chronoamperometry: Scharifker-Hills nucleation, Cottrell D", run};
