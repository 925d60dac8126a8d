/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `liquidus cv`: cyclic voltammograms: cycles, peaks, onsets, crossovers, D across scan rates. */
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
    "liquidus cv FILE [FILE...] [--out PREFIX] [--n Z --area M2 --conc MOL_M3 --T K "
    "[--model rs|bd]]\n\n"
    "Cyclic voltammograms: sweeps and cycles separated at the vertices, Savitzky-Golay smoothing,\n"
    "a linear baseline per sweep, reduction peaks on cathodic sweeps and oxidation peaks on "
    "anodic\n"
    "ones, onset (deposition) potentials by the tangent method, crossover potentials of each\n"
    "cycle. With several files (one scan rate each) and --n --area --conc --T: D from the largest\n"
    "cathodic peak by Randles-Sevcik (rs, soluble product) or Berzins-Delahay (bd, insoluble\n"
    "product, the default for metal deposition), with the linearity of Ip vs v^1/2.\n"
    "Writes PREFIX.cv.csv (peaks), PREFIX.cv.json and PREFIX.cv.png. Potentials vs the file's\n"
    "reference electrode; IUPAC sign (reduction current negative).";

#define CV_MAX_SWEEPS 4096
#define CV_MAX_FILES 64

static int run(int argc, char **argv, const lqa_ctx *ctx) {
    const char *out = NULL, *format = NULL, *model = "bd", *fig = NULL;
    double T = 0.0, area = 0.0, conc = 0.0;
    long z = 0, smooth = 0;
    int negate = 0;
    lq_echem_cv_options co = lq_echem_cv_options_default();
    const lqa_opt opts[] = {
        {"out", LQA_STRING, &out, "PREFIX", "output prefix (default: the first file's name)"},
        {"figure", LQA_STRING, &fig, "PATH", "figure path (.png, .svg, .pdf)"},
        {"format", LQA_STRING, &format, "NAME", "force the file format (see liquidus read)"},
        {"negate-current", LQA_FLAG, &negate, NULL, "CSV: the file's current is cathodic-positive"},
        {"smooth", LQA_INT, &smooth, "W", "Savitzky-Golay window (odd; default ~2 % of a sweep)"},
        {"prominence", LQA_DOUBLE, &co.min_prominence_frac, "F",
         "minimum peak prominence as a fraction of the sweep's range (0.05)"},
        {"baseline", LQA_DOUBLE, &co.baseline_frac, "F",
         "fraction of each sweep's start fitted as baseline (0.1)"},
        {"n", LQA_INT, &z, "Z", "electrons exchanged (for D)"},
        {"area", LQA_DOUBLE, &area, "M2", "electrode area, m^2 (for D)"},
        {"conc", LQA_DOUBLE, &conc, "MOL_M3", "bulk concentration, mol/m^3 (for D)"},
        {"T", LQA_DOUBLE, &T, "K", "temperature (for D)"},
        {"model", LQA_STRING, &model, "rs|bd", "Randles-Sevcik or Berzins-Delahay (bd)"},
    };
    const char *files[CV_MAX_FILES];
    size_t nf = 0;
    int rc = lqa_parse("cv", usage, opts, sizeof opts / sizeof opts[0], argc, argv, files,
                       CV_MAX_FILES, &nf);
    if (rc == 1) return LQA_EXIT_OK;
    if (rc) return LQA_EXIT_USAGE;
    if (nf == 0) return lqa_usage_error("cv", "expected FILE (see liquidus cv --help)");
    if (smooth < 0 || (smooth > 0 && smooth % 2 == 0))
        return lqa_usage_error("cv", "--smooth must be an odd positive window");
    co.smooth_window = (size_t)smooth;
    lq_echem_peak_model pm;
    if (strcmp(model, "rs") == 0)
        pm = LQ_ECHEM_RANDLES_SEVCIK;
    else if (strcmp(model, "bd") == 0)
        pm = LQ_ECHEM_BERZINS_DELAHAY;
    else
        return lqa_usage_error("cv", "--model: expected rs or bd");
    int want_d = z > 0 || area > 0.0 || conc > 0.0 || T > 0.0;
    if (want_d && (z < 1 || !(area > 0.0) || !(conc > 0.0) || !(T > 0.0)))
        return lqa_usage_error("cv", "D needs all of --n, --area, --conc and --T (> 0)");

    char csv_path[1024], json_path[1024], fig_path[1024];
    lqa_echem_outpath(files[0], out, ".cv.csv", csv_path, sizeof csv_path);
    lqa_echem_outpath(files[0], out, ".cv.json", json_path, sizeof json_path);
    lqa_echem_outpath(files[0], out, ".cv.png", fig_path, sizeof fig_path);
    if (fig) snprintf(fig_path, sizeof fig_path, "%s", fig);

    const char *cols[] = {"file", "cycle", "sweep", "direction", "scan_rate_V_per_s",
                          "kind", "E_V",   "I_A",   "Ip_A",      "prominence_A"};
    lq_diag d;
    lq_diag_clear(&d);
    lq_csv *csv = NULL;
    lq_status st = lq_csv_open(csv_path, cols, 10,
                               "liquidus cv: peaks, onsets and crossovers of each sweep\n"
                               "potentials vs the file's reference electrode; IUPAC sign "
                               "(reduction current negative); Ip_A above the sweep's baseline",
                               &csv, &d);
    if (st != LQ_OK) return lqa_fail("cv", st, &d);
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "sign_convention", "IUPAC: reduction current negative");
    cJSON *jfiles = cJSON_AddArrayToObject(root, "files");
    lq_plot *plot = NULL;
    st = lq_plot_create("Cyclic voltammetry", "E / V", "I / A", &plot);
    if (st != LQ_OK) {
        lq_csv_abort(csv);
        cJSON_Delete(root);
        return lqa_fail("cv", st, NULL);
    }
    double vs[CV_MAX_FILES], ips[CV_MAX_FILES];
    size_t nv = 0;
    int exit_code = LQA_EXIT_OK;
    for (size_t f = 0; f < nf && exit_code == LQA_EXIT_OK; f++) {
        lq_echem_record *r = NULL;
        rc = lqa_echem_read("cv", files[f], format, negate, LQA_NEED_POTENTIAL | LQA_NEED_CURRENT,
                            0, ctx, &r);
        if (rc) {
            exit_code = rc;
            break;
        }
        size_t *starts = malloc(CV_MAX_SWEEPS * sizeof *starts);
        double *smoothed = malloc((r->n ? r->n : 1) * sizeof *smoothed);
        size_t ns = 0;
        st = starts && smoothed
                 ? lq_echem_sweeps_find(r->potential_V, r->n, 0.0, starts, CV_MAX_SWEEPS, &ns)
                 : LQ_ENOMEM;
        if (st != LQ_OK) {
            lq_diag_clear(&d);
            snprintf(d.file, sizeof d.file, "%s", files[f]);
            snprintf(d.msg, sizeof d.msg,
                     "cannot split into sweeps: need >= 3 finite potentials and at most %d "
                     "sweeps (%s)",
                     CV_MAX_SWEEPS, lq_status_str(st));
            exit_code = lqa_fail("cv", st, &d);
        }
        cJSON *jf = cJSON_CreateObject();
        cJSON_AddItemToArray(jfiles, jf);
        cJSON_AddStringToObject(jf, "file", files[f]);
        cJSON_AddStringToObject(jf, "reference_electrode", r->reference);
        cJSON *jsw = cJSON_AddArrayToObject(jf, "sweeps");
        cJSON *jcy = cJSON_AddArrayToObject(jf, "cycles");
        double best_ip = 0.0, rate = r->scan_rate_V_per_s;
        for (size_t s = 0; exit_code == LQA_EXIT_OK && s < ns; s++) {
            size_t a = starts[s], b = s + 1 < ns ? starts[s + 1] : r->n;
            lq_echem_sweep_result sr;
            lq_diag_clear(&d);
            st = lq_echem_cv_sweep(r->has_time ? r->time_s : NULL, r->potential_V, r->current_A,
                                   r->n, a, b, &co, &sr, smoothed, &d);
            if (st != LQ_OK) {
                if (!ctx->quiet)
                    fprintf(stderr, "liquidus cv: warning: %s: sweep %zu skipped: %s\n", files[f],
                            s + 1, d.msg[0] ? d.msg : lq_status_str(st));
                continue;
            }
            if (!isfinite(rate)) rate = sr.scan_rate_V_per_s;
            cJSON *js = cJSON_CreateObject();
            cJSON_AddItemToArray(jsw, js);
            cJSON_AddNumberToObject(js, "sweep", (double)(s + 1));
            cJSON_AddNumberToObject(js, "cycle", (double)(s / 2 + 1));
            cJSON_AddNumberToObject(js, "start", (double)a);
            cJSON_AddNumberToObject(js, "end", (double)b);
            cJSON_AddStringToObject(js, "direction", sr.direction < 0 ? "cathodic" : "anodic");
            cJSON_AddItemToObject(js, "scan_rate_V_per_s", lqa_num(sr.scan_rate_V_per_s));
            cJSON_AddItemToObject(js, "onset_E_V", lqa_num(sr.onset_E_V));
            cJSON *jp = cJSON_AddArrayToObject(js, "peaks");
            const char *dir = sr.direction < 0 ? "cathodic" : "anodic";
            for (size_t k = 0; k < sr.npeaks; k++) {
                const lq_echem_peak *p = &sr.peaks[k];
                cJSON *o = cJSON_CreateObject();
                cJSON_AddNumberToObject(o, "E_V", p->E_V);
                cJSON_AddNumberToObject(o, "I_A", p->I_A);
                cJSON_AddNumberToObject(o, "Ip_A", p->Ip_A);
                cJSON_AddNumberToObject(o, "prominence_A", p->prominence_A);
                cJSON_AddItemToArray(jp, o);
                char sc[32], sw[32], sv[32], sE[32], sI[32], sp[32], spr[32];
                snprintf(sc, sizeof sc, "%zu", s / 2 + 1);
                snprintf(sw, sizeof sw, "%zu", s + 1);
                snprintf(sv, sizeof sv, "%.9g", sr.scan_rate_V_per_s);
                snprintf(sE, sizeof sE, "%.9g", p->E_V);
                snprintf(sI, sizeof sI, "%.9g", p->I_A);
                snprintf(sp, sizeof sp, "%.9g", p->Ip_A);
                snprintf(spr, sizeof spr, "%.9g", p->prominence_A);
                const char *row[] = {files[f], sc, sw, dir, sv, "peak", sE, sI, sp, spr};
                lq_csv_row_str(csv, row, 10);
                char note[64];
                snprintf(note, sizeof note, "%s %.3f V", p->cathodic ? "Epc" : "Epa", p->E_V);
                lq_plot_add_annotation(plot, p->E_V, p->I_A, note);
                if (p->cathodic && s < 2 && fabs(p->Ip_A) > best_ip) best_ip = fabs(p->Ip_A);
            }
            if (isfinite(sr.onset_E_V)) {
                char sc[32], sw[32], sv[32], sE[32];
                snprintf(sc, sizeof sc, "%zu", s / 2 + 1);
                snprintf(sw, sizeof sw, "%zu", s + 1);
                snprintf(sv, sizeof sv, "%.9g", sr.scan_rate_V_per_s);
                snprintf(sE, sizeof sE, "%.9g", sr.onset_E_V);
                const char *row[] = {files[f], sc, sw, dir, sv, "onset", sE, "", "", ""};
                lq_csv_row_str(csv, row, 10);
            }
            /* Crossovers: a cycle is this sweep and the next one. */
            if (s % 2 == 0 && s + 1 < ns) {
                size_t c_end = s + 2 < ns ? starts[s + 2] : r->n;
                double ec[16];
                size_t nc = 0;
                if (b - a >= 2 && c_end - b >= 2 &&
                    lq_echem_cv_crossovers(r->potential_V, smoothed, a, b, c_end, ec, 16, &nc) ==
                        LQ_OK) {
                    cJSON *jc = cJSON_CreateObject();
                    cJSON_AddItemToArray(jcy, jc);
                    cJSON_AddNumberToObject(jc, "cycle", (double)(s / 2 + 1));
                    cJSON *jx = cJSON_AddArrayToObject(jc, "crossover_E_V");
                    for (size_t k = 0; k < nc && k < 16; k++) {
                        cJSON_AddItemToArray(jx, cJSON_CreateNumber(ec[k]));
                        char sc[32], sE[32];
                        snprintf(sc, sizeof sc, "%zu", s / 2 + 1);
                        snprintf(sE, sizeof sE, "%.9g", ec[k]);
                        const char *row[] = {files[f], sc, "", "", "", "crossover", sE, "", "", ""};
                        lq_csv_row_str(csv, row, 10);
                        lq_plot_style rs = {0};
                        rs.dashed = 1;
                        rs.rgb[0] = rs.rgb[1] = rs.rgb[2] = 0.5;
                        lq_plot_add_rule(plot, 1, ec[k], &rs,
                                         k == 0 && s == 0 ? "crossover" : NULL);
                    }
                }
            }
            if (isfinite(sr.onset_E_V)) {
                lq_plot_style os = {0};
                os.rgb[0] = 0.8;
                os.marker = LQ_PLOT_MARKER_TRIANGLE;
                lq_plot_add_points(plot, &sr.onset_E_V, &sr.onset_I_A, 1, &os,
                                   s == 0 ? "onset (tangent)" : NULL);
            }
        }
        cJSON_AddItemToObject(jf, "scan_rate_V_per_s", lqa_num(rate));
        cJSON_AddItemToObject(jf, "largest_cathodic_Ip_A",
                              best_ip > 0.0 ? lqa_num(-best_ip) : cJSON_CreateNull());
        if (exit_code == LQA_EXIT_OK) {
            char label[128];
            const char *base = strrchr(files[f], '/');
            snprintf(label, sizeof label, "%s", base ? base + 1 : files[f]);
            lq_plot_add_line(plot, r->potential_V, r->current_A, r->n, NULL, label);
            if (best_ip > 0.0 && isfinite(rate) && rate > 0.0) {
                vs[nv] = rate;
                ips[nv++] = best_ip;
            }
        }
        free(starts);
        free(smoothed);
        lq_echem_record_free(r);
    }
    if (exit_code != LQA_EXIT_OK) {
        lq_csv_abort(csv);
        lq_plot_free(plot);
        cJSON_Delete(root);
        return exit_code;
    }
    if (want_d) {
        lq_echem_scanrate_fit sf;
        lq_diag_clear(&d);
        st = lq_echem_cv_diffusion(vs, ips, nv, pm, (int)z, area, conc, T, &sf, &d);
        if (st != LQ_OK) {
            lq_csv_abort(csv);
            lq_plot_free(plot);
            cJSON_Delete(root);
            if (!d.msg[0])
                snprintf(d.msg, sizeof d.msg, "%zu files with a cathodic peak and a scan rate", nv);
            return lqa_fail("cv", st, &d);
        }
        cJSON *jd = cJSON_AddObjectToObject(root, "diffusion");
        cJSON_AddStringToObject(
            jd, "model", pm == LQ_ECHEM_RANDLES_SEVCIK ? "Randles-Sevcik" : "Berzins-Delahay");
        cJSON_AddNumberToObject(jd, "D_m2_per_s", sf.D_m2_per_s);
        cJSON_AddItemToObject(jd, "D_se_m2_per_s", lqa_num(sf.D_se));
        cJSON_AddNumberToObject(jd, "slope_A_per_sqrt_V_per_s", sf.slope_A);
        cJSON_AddItemToObject(jd, "r2_Ip_vs_sqrt_v", lqa_num(sf.lin.r2));
        cJSON_AddItemToObject(jd, "dlnIp_dlnv", lqa_num(sf.log.b));
        cJSON_AddNumberToObject(jd, "points", (double)nv);
        if (!ctx->json)
            printf(
                "D = %.4g +- %.2g m^2/s (%s; %zu scan rates, R^2(Ip vs v^1/2) = %.5f, "
                "dlnIp/dlnv = %.3f)\n",
                sf.D_m2_per_s, sf.D_se,
                pm == LQ_ECHEM_RANDLES_SEVCIK ? "Randles-Sevcik" : "Berzins-Delahay", nv, sf.lin.r2,
                sf.log.b);
        /* Second figure: |Ip| against v^1/2 with the line through the origin (linearity). */
        char ip_path[1024];
        lqa_echem_outpath(files[0], out, ".cv_ip.png", ip_path, sizeof ip_path);
        lq_plot *pi = NULL;
        double sx[CV_MAX_FILES], lx[2], ly[2];
        double vmax = 0.0;
        for (size_t i = 0; i < nv; i++) {
            sx[i] = sqrt(vs[i]);
            if (sx[i] > vmax) vmax = sx[i];
        }
        lx[0] = 0.0;
        lx[1] = 1.05 * vmax;
        ly[0] = 0.0;
        ly[1] = sf.slope_A * lx[1];
        char note[128];
        snprintf(note, sizeof note, "D = %.3g m^2/s, R^2 = %.4f", sf.D_m2_per_s, sf.lin.r2);
        st = lq_plot_create("Peak current vs scan rate", "v^1/2 / (V/s)^1/2", "|Ip| / A", &pi);
        lq_plot_style ms = {0};
        ms.auto_color = 1;
        ms.marker = LQ_PLOT_MARKER_CIRCLE;
        if (st == LQ_OK) st = lq_plot_add_points(pi, sx, ips, nv, &ms, "largest cathodic peak");
        if (st == LQ_OK) st = lq_plot_add_line(pi, lx, ly, 2, NULL, note);
        if (st == LQ_OK)
            st = lqa_echem_figure(pi, ip_path, 480.0, 360.0, jd, "figure", ctx, &d);
        else
            lq_plot_free(pi);
        if (st != LQ_OK) {
            lq_csv_abort(csv);
            lq_plot_free(plot);
            cJSON_Delete(root);
            return lqa_fail("cv", st, &d);
        }
    }
    st = lq_csv_close(csv, &d);
    if (st != LQ_OK) {
        lq_plot_free(plot);
        cJSON_Delete(root);
        return lqa_fail("cv", st, &d);
    }
    lqa_progress(ctx, "wrote %s", csv_path);
    if (!ctx->json) {
        cJSON *jf;
        cJSON_ArrayForEach(jf, jfiles) {
            cJSON *js, *sw = cJSON_GetObjectItem(jf, "sweeps");
            printf("%s: %d sweeps\n", cJSON_GetObjectItem(jf, "file")->valuestring,
                   cJSON_GetArraySize(sw));
            cJSON_ArrayForEach(js, sw) {
                cJSON *p, *on = cJSON_GetObjectItem(js, "onset_E_V");
                printf("  sweep %d (%s):", cJSON_GetObjectItem(js, "sweep")->valueint,
                       cJSON_GetObjectItem(js, "direction")->valuestring);
                cJSON_ArrayForEach(p, cJSON_GetObjectItem(js, "peaks"))
                    printf(" peak %.4f V %.4g A;", cJSON_GetObjectItem(p, "E_V")->valuedouble,
                           cJSON_GetObjectItem(p, "Ip_A")->valuedouble);
                if (cJSON_IsNumber(on)) printf(" onset %.4f V", on->valuedouble);
                printf("\n");
            }
        }
    }
    return lqa_echem_finish("cv", plot, fig_path, root, json_path, ctx);
}

const lq_cmd lq_cmd_cv = {"cv", "cyclic voltammetry: peaks, onsets, crossovers, D (RS/BD)", run};
