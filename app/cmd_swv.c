/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `liquidus swv`: square-wave voltammograms: Gaussian deconvolution, n from W1/2. */
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
    "liquidus swv FILE --T K [--segment K] [--npeaks N] [--current NAME] [--out PREFIX]\n\n"
    "Square-wave voltammograms, each segment (curve) of the file on its own: a linear baseline "
    "and\n"
    "Gaussian peaks fitted together by nonlinear least squares (GSL), the peak potentials, "
    "heights\n"
    "and half-peak widths W1/2 with standard errors, and the electrons exchanged from\n"
    "W1/2 = 3.52 RT/(nF) (Mg-La study §3.1.2). --current picks another current column of the\n"
    "file (e.g. Idif_A of a Gamry file; default: the record's current).\n"
    "Writes PREFIX.swv.csv (peaks), PREFIX.swv.json and PREFIX.swv.png (data, fit, components).";

static int run(int argc, char **argv, const lqa_ctx *ctx) {
    const char *out = NULL, *format = NULL, *curname = NULL;
    double T = 0.0, prom = 0.05;
    long segment = 0, npeaks = 0;
    int negate = 0;
    const lqa_opt opts[] = {
        {"T", LQA_DOUBLE, &T, "K", "temperature (required: n from W1/2)"},
        {"out", LQA_STRING, &out, "PREFIX", "output prefix (default: the file's name)"},
        {"format", LQA_STRING, &format, "NAME", "force the file format (see liquidus read)"},
        {"negate-current", LQA_FLAG, &negate, NULL, "CSV: the file's current is cathodic-positive"},
        {"segment", LQA_INT, &segment, "K", "analyse only segment K (1-based)"},
        {"npeaks", LQA_INT, &npeaks, "N", "fit the N most prominent peaks (default: all found)"},
        {"prominence", LQA_DOUBLE, &prom, "F", "detection threshold, fraction of max (0.05)"},
        {"current", LQA_STRING, &curname, "NAME", "current column to use (extra column name)"},
    };
    const char *pos[1];
    size_t npos = 0;
    int rc = lqa_parse("swv", usage, opts, sizeof opts / sizeof opts[0], argc, argv, pos, 1, &npos);
    if (rc == 1) return LQA_EXIT_OK;
    if (rc) return LQA_EXIT_USAGE;
    if (npos != 1) return lqa_usage_error("swv", "expected one FILE (see liquidus swv --help)");
    if (!(T > 0.0)) return lqa_usage_error("swv", "--T K (> 0) is required for n from W1/2");
    if (npeaks < 0 || npeaks > LQ_ECHEM_MAX_PEAKS)
        return lqa_usage_error("swv", "--npeaks must be 0..%d", LQ_ECHEM_MAX_PEAKS);
    lq_echem_record *r = NULL;
    rc = lqa_echem_read("swv", pos[0], format, negate, 0, segment, ctx, &r);
    if (rc) return rc;
    const double *Iall = r->current_A;
    if (curname) {
        const lq_echem_column *c = lq_echem_record_column(r, curname);
        if (!c) {
            lq_echem_record_free(r);
            return lqa_usage_error("swv", "%s: no column '%s' (see liquidus read)", pos[0],
                                   curname);
        }
        Iall = c->v;
    } else if (!r->has_current) {
        lq_echem_record_free(r);
        return lqa_usage_error("swv", "%s: no current column", pos[0]);
    }
    char csv_path[1024], json_path[1024], fig_path[1024];
    lqa_echem_outpath(pos[0], out, ".swv.csv", csv_path, sizeof csv_path);
    lqa_echem_outpath(pos[0], out, ".swv.json", json_path, sizeof json_path);
    lqa_echem_outpath(pos[0], out, ".swv.png", fig_path, sizeof fig_path);
    const char *cols[] = {"segment",  "E_V",         "E_se_V",      "height_A",      "height_se_A",
                          "w_half_V", "w_half_se_V", "n_electrons", "n_electrons_se"};
    lq_diag d;
    lq_diag_clear(&d);
    lq_csv *csv = NULL;
    char comment[256];
    snprintf(comment, sizeof comment,
             "liquidus swv: Gaussian peaks of %s at T = %g K; n = 3.52 RT/(F W1/2)\n"
             "potentials vs the file's reference electrode; IUPAC sign (reduction negative)",
             pos[0], T);
    lq_status st = lq_csv_open(csv_path, cols, 9, comment, &csv, &d);
    lq_plot *pl = NULL;
    if (st == LQ_OK) st = lq_plot_create("Square-wave voltammetry", "E / V", "I / A", &pl);
    if (st != LQ_OK) {
        lq_csv_abort(csv);
        lq_echem_record_free(r);
        return lqa_fail("swv", st, &d);
    }
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "file", pos[0]);
    cJSON_AddNumberToObject(root, "T_K", T);
    cJSON *jseg = cJSON_AddArrayToObject(root, "segments");
    size_t analysed = 0;
    int labelled_comp = 0;
    for (size_t s = 0; s < r->nsegments; s++) {
        if (segment && (size_t)segment != s + 1) continue;
        const lq_echem_segment *sg = &r->segments[s];
        const double *E = r->potential_V + sg->start, *I = Iall + sg->start;
        lq_echem_swv_options o = lq_echem_swv_options_default();
        o.T_K = T;
        o.npeaks = (size_t)npeaks;
        o.min_prominence_frac = prom;
        lq_echem_swv_result res;
        lq_diag_clear(&d);
        st = lq_echem_swv_fit(E, I, sg->count, &o, &res, &d);
        if (st != LQ_OK) {
            if (!ctx->quiet)
                fprintf(stderr, "liquidus swv: warning: %s: segment %zu (%s) not analysed: %s\n",
                        pos[0], s + 1, sg->label, d.msg[0] ? d.msg : lq_status_str(st));
            continue;
        }
        analysed++;
        cJSON *j = cJSON_CreateObject();
        cJSON_AddItemToArray(jseg, j);
        cJSON_AddNumberToObject(j, "segment", (double)(s + 1));
        cJSON_AddStringToObject(j, "label", sg->label);
        cJSON_AddNumberToObject(j, "baseline_a_A", res.base_a_A);
        cJSON_AddNumberToObject(j, "baseline_b_A_per_V", res.base_b_A_per_V);
        cJSON_AddNumberToObject(j, "rms_A", res.rms_A);
        cJSON_AddNumberToObject(j, "iterations", (double)res.iterations);
        cJSON *jp = cJSON_AddArrayToObject(j, "peaks");
        if (!ctx->json) printf("segment %zu (%s): %zu peak(s)\n", s + 1, sg->label, res.npeaks);
        char label[96];
        snprintf(label, sizeof label, "segment %zu", s + 1);
        lq_plot_add_line(pl, E, I, sg->count, NULL, label);
        double *em = malloc(sg->count * sizeof *em), *im = malloc(sg->count * sizeof *im);
        for (size_t k = 0; k < res.npeaks; k++) {
            const lq_echem_swv_peak *p = &res.peaks[k];
            cJSON *o2 = cJSON_CreateObject();
            cJSON_AddItemToArray(jp, o2);
            cJSON_AddNumberToObject(o2, "E_V", p->E_V);
            cJSON_AddItemToObject(o2, "E_se_V", lqa_num(p->E_se_V));
            cJSON_AddNumberToObject(o2, "height_A", p->height_A);
            cJSON_AddItemToObject(o2, "height_se_A", lqa_num(p->height_se_A));
            cJSON_AddNumberToObject(o2, "w_half_V", p->w_half_V);
            cJSON_AddItemToObject(o2, "w_half_se_V", lqa_num(p->w_half_se_V));
            cJSON_AddNumberToObject(o2, "n_electrons", p->n_electrons);
            cJSON_AddItemToObject(o2, "n_electrons_se", lqa_num(p->n_electrons_se));
            double row[9] = {(double)(s + 1), p->E_V,         p->E_se_V,
                             p->height_A,     p->height_se_A, p->w_half_V,
                             p->w_half_se_V,  p->n_electrons, p->n_electrons_se};
            lq_csv_row(csv, row, 9);
            if (!ctx->json)
                printf("  Ep = %.4f +- %.4f V, h = %.4g A, W1/2 = %.4f V, n = %.2f +- %.2f\n",
                       p->E_V, p->E_se_V, p->height_A, p->w_half_V, p->n_electrons,
                       p->n_electrons_se);
            char note[64];
            snprintf(note, sizeof note, "%.3f V, n=%.1f", p->E_V, p->n_electrons);
            double base = res.base_a_A + res.base_b_A_per_V * p->E_V;
            lq_plot_add_annotation(pl, p->E_V, base + p->height_A, note);
            /* The component on the baseline (only when there are several to tell apart). */
            if (em && im && res.npeaks > 1) {
                for (size_t i = 0; i < sg->count; i++) {
                    double zz = (E[i] - p->E_V) / (p->w_half_V / 2.3548200450309493);
                    em[i] = E[i];
                    im[i] = res.base_a_A + res.base_b_A_per_V * E[i] +
                            p->height_A * exp(-0.5 * zz * zz);
                }
                lq_plot_style cs = {0};
                cs.auto_color = 1;
                cs.dashed = 1;
                cs.line_width_pt = 1.0;
                lq_plot_add_line(pl, em, im, sg->count, &cs,
                                 k == 0 && !labelled_comp++ ? "components" : NULL);
            }
        }
        if (em && im) {
            for (size_t i = 0; i < sg->count; i++) im[i] = lq_echem_swv_model(&res, E[i]);
            lq_plot_style fs = {0};
            fs.rgb[0] = 0.85;
            fs.line_width_pt = 2.0;
            lq_plot_add_line(pl, E, im, sg->count, &fs, analysed == 1 ? "fit" : NULL);
        }
        free(em);
        free(im);
    }
    lq_echem_record_free(r);
    if (analysed == 0) {
        lq_csv_abort(csv);
        lq_plot_free(pl);
        cJSON_Delete(root);
        if (!d.file[0]) snprintf(d.file, sizeof d.file, "%s", pos[0]);
        return lqa_fail("swv", st, &d);
    }
    st = lq_csv_close(csv, &d);
    if (st != LQ_OK) {
        lq_plot_free(pl);
        cJSON_Delete(root);
        return lqa_fail("swv", st, &d);
    }
    lqa_progress(ctx, "wrote %s", csv_path);
    return lqa_echem_finish("swv", pl, fig_path, root, json_path, ctx);
}

const lq_cmd lq_cmd_swv = {"swv", "square-wave voltammetry: Gaussian peaks, n from W1/2", run};
