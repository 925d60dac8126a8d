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
    "liquidus ca FILE [--segment K] [--t0 S] [--n Z --area M2 --conc MOL_M3] [--out PREFIX]\n\n"
    "Potential-step transients, each segment of the file (or only segment K, 1-based) on its own:\n"
    "the nucleation maximum (t_m, I_m), the dimensionless transient (I/I_m)^2 vs t/t_m against\n"
    "Scharifker-Hills instantaneous and progressive nucleation (Mg-La study Eqs. 3-4; the model\n"
    "at the smaller RMS distance is chosen, both distances reported; t_m and I_m refined by least\n"
    "squares), and the linear I vs t^-1/2 region found automatically with the Cottrell D (Eq. 5)\n"
    "when --n, --area and --conc are given. Time is counted from the step: --t0 (absolute, s) or,\n"
    "by default, one sampling interval before the segment's first sample.\n"
    "Writes PREFIX.ca.json, PREFIX.ca.png (I-t with the regions found) and PREFIX.ca_sh.png\n"
    "(dimensionless transient with both models).";

static int run(int argc, char **argv, const lqa_ctx *ctx) {
    const char *out = NULL, *format = NULL;
    double t0 = (double)NAN, area = 0.0, conc = 0.0, maxr = 5.0;
    long z = 0, segment = 0;
    int negate = 0;
    const lqa_opt opts[] = {
        {"out", LQA_STRING, &out, "PREFIX", "output prefix (default: the file's name)"},
        {"format", LQA_STRING, &format, "NAME", "force the file format (see liquidus read)"},
        {"negate-current", LQA_FLAG, &negate, NULL, "CSV: the file's current is cathodic-positive"},
        {"segment", LQA_INT, &segment, "K", "analyse only segment K (1-based)"},
        {"t0", LQA_DOUBLE, &t0, "S", "time of the potential step (s, file's time axis)"},
        {"n", LQA_INT, &z, "Z", "electrons exchanged (Cottrell D)"},
        {"area", LQA_DOUBLE, &area, "M2", "electrode area, m^2 (Cottrell D)"},
        {"conc", LQA_DOUBLE, &conc, "MOL_M3", "bulk concentration, mol/m^3 (Cottrell D)"},
        {"max-ratio", LQA_DOUBLE, &maxr, "R", "compare with the models up to t/t_m = R (5)"},
    };
    const char *pos[1];
    size_t npos = 0;
    int rc = lqa_parse("ca", usage, opts, sizeof opts / sizeof opts[0], argc, argv, pos, 1, &npos);
    if (rc == 1) return LQA_EXIT_OK;
    if (rc) return LQA_EXIT_USAGE;
    if (npos != 1) return lqa_usage_error("ca", "expected one FILE (see liquidus ca --help)");
    int want_d = z > 0 || area > 0.0 || conc > 0.0;
    if (want_d && (z < 1 || !(area > 0.0) || !(conc > 0.0)))
        return lqa_usage_error("ca", "Cottrell D needs all of --n, --area and --conc (> 0)");
    lq_echem_record *r = NULL;
    rc = lqa_echem_read("ca", pos[0], format, negate, LQA_NEED_TIME | LQA_NEED_CURRENT, segment,
                        ctx, &r);
    if (rc) return rc;
    char json_path[1024], fig_path[1024], sh_path[1024];
    lqa_echem_outpath(pos[0], out, ".ca.json", json_path, sizeof json_path);
    lqa_echem_outpath(pos[0], out, ".ca.png", fig_path, sizeof fig_path);
    lqa_echem_outpath(pos[0], out, ".ca_sh.png", sh_path, sizeof sh_path);
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "file", pos[0]);
    cJSON_AddStringToObject(root, "sign_convention", "IUPAC: reduction current negative");
    cJSON *jseg = cJSON_AddArrayToObject(root, "segments");
    lq_plot *pl = NULL, *psh = NULL;
    lq_status st = lq_plot_create("Chronoamperometry", "t - t0 / s", "I / A", &pl);
    if (st == LQ_OK) st = lq_plot_create("Scharifker-Hills", "t / t_m", "(I / I_m)^2", &psh);
    if (st != LQ_OK) {
        lq_plot_free(pl);
        cJSON_Delete(root);
        lq_echem_record_free(r);
        return lqa_fail("ca", st, NULL);
    }
    size_t analysed = 0;
    int cottrell_labelled = 0;
    lq_diag d;
    for (size_t s = 0; s < r->nsegments; s++) {
        if (segment && (size_t)segment != s + 1) continue;
        const lq_echem_segment *sg = &r->segments[s];
        const double *t = r->time_s + sg->start, *I = r->current_A + sg->start;
        size_t n = sg->count;
        lq_echem_ca_options o = lq_echem_ca_options_default();
        o.t0_s = isfinite(t0) ? t0 : (n >= 2 ? t[0] - (t[1] - t[0]) : 0.0);
        o.n_electrons = (int)z;
        o.area_m2 = area;
        o.conc_mol_per_m3 = conc;
        o.max_t_over_tm = maxr;
        lq_echem_ca_result res;
        lq_diag_clear(&d);
        st = lq_echem_ca_analyse(t, I, n, &o, &res, &d);
        if (st != LQ_OK) {
            /* One bad segment does not stop the others, but a file with none analysed fails. */
            if (!ctx->quiet)
                fprintf(stderr, "liquidus ca: warning: %s: segment %zu (%s) not analysed: %s\n",
                        pos[0], s + 1, sg->label, d.msg[0] ? d.msg : lq_status_str(st));
            if (segment || r->nsegments == 1) {
                lq_plot_free(pl);
                lq_plot_free(psh);
                cJSON_Delete(root);
                lq_echem_record_free(r);
                snprintf(d.file, sizeof d.file, "%s", pos[0]);
                return lqa_fail("ca", st, &d);
            }
            continue;
        }
        analysed++;
        cJSON *j = cJSON_CreateObject();
        cJSON_AddItemToArray(jseg, j);
        cJSON_AddNumberToObject(j, "segment", (double)(s + 1));
        cJSON_AddStringToObject(j, "label", sg->label);
        cJSON_AddNumberToObject(j, "t0_s", o.t0_s);
        cJSON_AddBoolToObject(j, "nucleation_peak", res.has_peak);
        cJSON_AddNumberToObject(j, "t_peak_s", res.t_peak_s);
        cJSON_AddNumberToObject(j, "I_peak_A", res.I_peak_A);
        const char *mode = res.mode == LQ_ECHEM_NUCL_INSTANTANEOUS ? "instantaneous"
                           : res.mode == LQ_ECHEM_NUCL_PROGRESSIVE ? "progressive"
                                                                   : "none";
        cJSON_AddStringToObject(j, "nucleation", mode);
        cJSON_AddItemToObject(j, "rms_instantaneous", lqa_num(res.rms_inst));
        cJSON_AddItemToObject(j, "rms_progressive", lqa_num(res.rms_prog));
        cJSON_AddItemToObject(j, "t_m_s", lqa_num(res.t_m_s));
        cJSON_AddItemToObject(j, "t_m_se_s", lqa_num(res.t_m_se_s));
        cJSON_AddItemToObject(j, "I_m_A", lqa_num(res.I_m_A));
        cJSON_AddItemToObject(j, "I_m_se_A", lqa_num(res.I_m_se_A));
        cJSON_AddNumberToObject(j, "noise_A", res.noise_A);
        if (d.warning) {
            lqa_warn_diag("ca", &d);
            cJSON_AddStringToObject(j, "warning", d.msg);
        }
        if (res.has_cottrell) {
            cJSON *jc = cJSON_AddObjectToObject(j, "cottrell");
            cJSON_AddNumberToObject(jc, "t_start_s", t[res.cot_start] - o.t0_s);
            cJSON_AddNumberToObject(jc, "t_end_s", t[res.cot_end - 1] - o.t0_s);
            cJSON_AddNumberToObject(jc, "points", (double)(res.cot_end - res.cot_start));
            cJSON_AddNumberToObject(jc, "slope_A_s05", res.cottrell.b);
            cJSON_AddItemToObject(jc, "slope_se_A_s05", lqa_num(res.cottrell.b_se));
            cJSON_AddNumberToObject(jc, "intercept_A", res.cottrell.a);
            cJSON_AddNumberToObject(jc, "r2", res.cottrell.r2);
            cJSON_AddItemToObject(jc, "D_m2_per_s", lqa_num(res.D_m2_per_s));
            cJSON_AddItemToObject(jc, "D_se_m2_per_s", lqa_num(res.D_se));
        }
        if (!ctx->json) {
            printf("segment %zu (%s): ", s + 1, sg->label);
            if (res.has_peak)
                printf(
                    "maximum at %.5g s, %.5g A; nucleation %s (RMS inst %.3g, prog %.3g); "
                    "t_m = %.5g +- %.2g s, I_m = %.5g +- %.2g A\n  ",
                    res.t_peak_s, res.I_peak_A, mode, res.rms_inst, res.rms_prog, res.t_m_s,
                    res.t_m_se_s, res.I_m_A, res.I_m_se_A);
            else
                printf("no nucleation maximum; ");
            if (res.has_cottrell)
                printf("Cottrell region %.5g-%.5g s (%zu points, R^2 %.5f), slope %.5g A s^1/2",
                       t[res.cot_start] - o.t0_s, t[res.cot_end - 1] - o.t0_s,
                       res.cot_end - res.cot_start, res.cottrell.r2, res.cottrell.b);
            else
                printf("no Cottrell region");
            if (isfinite(res.D_m2_per_s))
                printf(", D = %.4g +- %.2g m^2/s", res.D_m2_per_s, res.D_se);
            printf("\n");
        }
        /* Figure 1: the transient, the Cottrell region and its line, the maximum. */
        double *tt = malloc(n * sizeof *tt), *uu = malloc(n * sizeof *uu);
        if (tt && uu) {
            for (size_t i = 0; i < n; i++) tt[i] = t[i] - o.t0_s;
            char label[96];
            snprintf(label, sizeof label, "segment %zu", s + 1);
            lq_plot_add_line(pl, tt, I, n, NULL, label);
            double sgn = res.I_peak_A < 0.0 ? -1.0 : 1.0;
            size_t a = res.cot_start, b = res.cot_end;
            for (size_t i = a; i < b; i++)
                uu[i - a] = sgn * (res.cottrell.a + res.cottrell.b / sqrt(tt[i]));
            lq_plot_style cs = {0};
            cs.rgb[0] = 0.85;
            cs.line_width_pt = 2.5;
            if (res.has_cottrell)
                lq_plot_add_line(pl, tt + a, uu, b - a, &cs,
                                 cottrell_labelled++ ? NULL : "Cottrell fit");
            if (res.has_peak) {
                char note[80];
                snprintf(note, sizeof note, "t_m %.3g s, I_m %.3g A", res.t_m_s, res.I_m_A);
                lq_plot_add_annotation(pl, res.t_peak_s, res.I_peak_A, note);
                /* Figure 2: dimensionless data (up to max-ratio) and both models. */
                size_t m = 0;
                for (size_t i = 0; i < n; i++) {
                    double q = tt[i] / res.t_peak_s;
                    if (q > maxr) break;
                    tt[m] = q;
                    uu[m++] = (I[i] / res.I_peak_A) * (I[i] / res.I_peak_A);
                }
                lq_plot_style ds = {0};
                ds.auto_color = 1;
                ds.alpha = 0.35;
                ds.marker = LQ_PLOT_MARKER_CIRCLE;
                ds.marker_size_pt = 2.5;
                lq_plot_add_points(psh, tt, uu, m, &ds, label);
            }
        }
        free(tt);
        free(uu);
    }
    lq_echem_record_free(r);
    if (analysed == 0) {
        lq_plot_free(pl);
        lq_plot_free(psh);
        cJSON_Delete(root);
        return lqa_usage_error("ca", "%s: no segment could be analysed", pos[0]);
    }
    /* The two Scharifker-Hills curves. */
    enum { NM = 200 };
    double xm[NM], yi[NM], yp[NM];
    for (int i = 0; i < NM; i++) {
        xm[i] = 0.05 + (maxr - 0.05) * i / (NM - 1);
        yi[i] = lq_echem_sh_model(LQ_ECHEM_NUCL_INSTANTANEOUS, xm[i]);
        yp[i] = lq_echem_sh_model(LQ_ECHEM_NUCL_PROGRESSIVE, xm[i]);
    }
    lq_plot_style ish = {0};
    ish.rgb[0] = 0.85;
    ish.rgb[1] = 0.1;
    ish.line_width_pt = 2.5;
    lq_plot_add_line(psh, xm, yi, NM, &ish, "instantaneous (Eq. 3)");
    lq_plot_style dsh = {0};
    dsh.rgb[2] = 0.6;
    dsh.line_width_pt = 2.5;
    dsh.dashed = 1;
    lq_plot_add_line(psh, xm, yp, NM, &dsh, "progressive (Eq. 4)");
    st = lqa_echem_figure(psh, sh_path, 560.0, 400.0, root, "figure_scharifker_hills", ctx, &d);
    if (st != LQ_OK) {
        lq_plot_free(pl);
        cJSON_Delete(root);
        return lqa_fail("ca", st, &d);
    }
    return lqa_echem_finish("ca", pl, fig_path, root, json_path, ctx);
}

const lq_cmd lq_cmd_ca = {"ca", "chronoamperometry: Scharifker-Hills nucleation, Cottrell D", run};
