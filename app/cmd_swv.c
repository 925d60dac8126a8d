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

typedef struct swv_args {
    lqa_echem_in in;
    const char *out, *curname, *file;
    long segment, npeaks;
} swv_args;

static int parse(int argc, char **argv, swv_args *a, lq_echem_swv_analysis_options *o) {
    memset(a, 0, sizeof *a);
    *o = lq_echem_swv_analysis_options_default();
    o->fit.min_prominence_frac = 0.05;
    const lqa_opt opts[] = {
        {"T", LQA_DOUBLE, &o->fit.T_K, "K", "temperature (required: n from W1/2)"},
        {"out", LQA_STRING, &a->out, "PREFIX", "output prefix (default: the file's name)"},
        {"segment", LQA_INT, &a->segment, "K", "analyse only segment K (1-based)"},
        {"npeaks", LQA_INT, &a->npeaks, "N", "fit the N most prominent peaks (default: all found)"},
        {"prominence", LQA_DOUBLE, &o->fit.min_prominence_frac, "F",
         "detection threshold, fraction of max (0.05)"},
        {"current", LQA_STRING, &a->curname, "NAME", "current column to use (extra column name)"},
    };
    size_t npos = 0;
    int rc = lqa_echem_parse("swv", usage, opts, sizeof opts / sizeof opts[0], 1, &a->in, argc,
                             argv, &a->file, 1, &npos);
    if (rc == 1) return -1;
    if (rc) return LQA_EXIT_USAGE;
    if (npos != 1) return lqa_usage_error("swv", "expected one FILE (see liquidus swv --help)");
    if (!(o->fit.T_K > 0.0))
        return lqa_usage_error("swv", "--T K (> 0) is required for n from W1/2");
    if (a->npeaks < 0 || a->npeaks > LQ_ECHEM_MAX_PEAKS)
        return lqa_usage_error("swv", "--npeaks must be 0..%d", LQ_ECHEM_MAX_PEAKS);
    o->fit.npeaks = (size_t)a->npeaks;
    o->current_column = a->curname;
    return 0;
}

/* Reads the file and checks the current column asked for (a usage error when missing). */
static int read_file(const swv_args *a, const lqa_ctx *ctx, lq_echem_record **r) {
    int rc = lqa_echem_read("swv", a->file, &a->in, 0, a->segment, ctx, r);
    if (rc) return rc;
    if (a->curname && !lq_echem_record_column(*r, a->curname))
        return lqa_usage_error("swv", "%s: no column '%s' (see liquidus read)", a->file,
                               a->curname);
    if (!a->curname && !(*r)->has_current)
        return lqa_usage_error("swv", "%s: no current column", a->file);
    return 0;
}

static cJSON *segment_json(const lq_echem_swv_segment *g) {
    const lq_echem_swv_result *res = &g->fit;
    cJSON *j = cJSON_CreateObject();
    cJSON_AddNumberToObject(j, "segment", (double)g->segment);
    cJSON_AddStringToObject(j, "label", g->label);
    cJSON_AddNumberToObject(j, "baseline_a_A", res->base_a_A);
    cJSON_AddNumberToObject(j, "baseline_b_A_per_V", res->base_b_A_per_V);
    cJSON_AddNumberToObject(j, "rms_A", res->rms_A);
    cJSON_AddNumberToObject(j, "iterations", (double)res->iterations);
    cJSON *jp = cJSON_AddArrayToObject(j, "peaks");
    for (size_t k = 0; k < res->npeaks; k++) {
        const lq_echem_swv_peak *p = &res->peaks[k];
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
        cJSON_AddItemToObject(o2, "quality", lqa_echem_quality_json(&p->quality));
    }
    return j;
}

/* Text, CSV rows and figure layers of one fitted segment. */
static void segment_out(const lq_echem_swv_segment *g, lq_csv *csv, lq_plot *pl, int first,
                        int *labelled_comp, const lqa_ctx *ctx) {
    const lq_echem_swv_result *res = &g->fit;
    if (!ctx->json) printf("segment %zu (%s): %zu peak(s)\n", g->segment, g->label, res->npeaks);
    char label[96];
    snprintf(label, sizeof label, "segment %zu", g->segment);
    lq_plot_add_line(pl, g->E_V, g->I_A, g->count, NULL, label);
    for (size_t k = 0; k < res->npeaks; k++) {
        const lq_echem_swv_peak *p = &res->peaks[k];
        double row[9] = {(double)g->segment, p->E_V,         p->E_se_V,
                         p->height_A,        p->height_se_A, p->w_half_V,
                         p->w_half_se_V,     p->n_electrons, p->n_electrons_se};
        lq_csv_row(csv, row, 9);
        if (!ctx->json)
            printf("  Ep = %.4f +- %.4f V, h = %.4g A, W1/2 = %.4f V, n = %.2f +- %.2f\n", p->E_V,
                   p->E_se_V, p->height_A, p->w_half_V, p->n_electrons, p->n_electrons_se);
        if (!ctx->json && p->quality.flags) printf("    FLAGGED n: %s\n", p->quality.reason);
        char note[64];
        snprintf(note, sizeof note, "%.3f V, n=%.1f%s", p->E_V, p->n_electrons,
                 p->quality.flags ? " (flagged)" : "");
        lq_plot_add_annotation(pl, p->E_V, g->peak_top_A[k], note);
        if (g->components_A) {
            lq_plot_style cs = {0};
            cs.auto_color = 1;
            cs.dashed = 1;
            cs.line_width_pt = 1.0;
            lq_plot_add_line(pl, g->E_V, g->components_A + k * g->count, g->count, &cs,
                             k == 0 && !(*labelled_comp)++ ? "components" : NULL);
        }
    }
    lq_plot_style fs = {0};
    fs.rgb[0] = 0.85;
    fs.line_width_pt = 2.0;
    lq_plot_add_line(pl, g->E_V, g->model_A, g->count, &fs, first ? "fit" : NULL);
}

static int output(const swv_args *a, const lq_echem_swv_analysis_options *o,
                  const lq_echem_swv_analysis *A, const lqa_ctx *ctx) {
    char csv_path[1024], json_path[1024], fig_path[1024], comment[256];
    lqa_echem_outpath(a->file, a->out, ".swv.csv", csv_path, sizeof csv_path);
    lqa_echem_outpath(a->file, a->out, ".swv.json", json_path, sizeof json_path);
    lqa_echem_outpath(a->file, a->out, ".swv.png", fig_path, sizeof fig_path);
    const char *cols[] = {"segment",  "E_V",         "E_se_V",      "height_A",      "height_se_A",
                          "w_half_V", "w_half_se_V", "n_electrons", "n_electrons_se"};
    snprintf(comment, sizeof comment,
             "liquidus swv: Gaussian peaks of %s at T = %g K; n = 3.52 RT/(F W1/2)\n"
             "potentials vs the file's reference electrode; IUPAC sign (reduction negative)",
             a->file, o->fit.T_K);
    lq_diag d;
    lq_diag_clear(&d);
    lq_csv *csv = NULL;
    lq_plot *pl = NULL;
    lq_status st = lq_csv_open(csv_path, cols, 9, comment, &csv, &d);
    if (st == LQ_OK) st = lq_plot_create("Square-wave voltammetry", "E / V", "I / A", &pl);
    if (st != LQ_OK) {
        lq_csv_abort(csv);
        return lqa_fail("swv", st, &d);
    }
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "file", a->file);
    cJSON_AddNumberToObject(root, "T_K", o->fit.T_K);
    cJSON *jseg = cJSON_AddArrayToObject(root, "segments");
    int labelled_comp = 0, first = 1;
    for (size_t s = 0; s < A->nsegments; s++) {
        const lq_echem_swv_segment *g = &A->segments[s];
        if (g->status != LQ_OK) continue;
        cJSON_AddItemToArray(jseg, segment_json(g));
        segment_out(g, csv, pl, first, &labelled_comp, ctx);
        first = 0;
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

/* Warns about every segment that could not be fitted; fails when none could. */
static int report_failures(const swv_args *a, const lq_echem_swv_analysis *A, const lqa_ctx *ctx) {
    const lq_echem_swv_segment *last = NULL;
    for (size_t s = 0; s < A->nsegments; s++) {
        const lq_echem_swv_segment *g = &A->segments[s];
        if (g->status == LQ_OK) continue;
        last = g;
        lqa_echem_segment_warn("swv", a->file, g->segment, g->label, g->status, &g->diag, ctx);
    }
    if (A->n_analysed > 0) return 0;
    return lqa_echem_none_analysed("swv", a->file, last ? last->status : LQ_OK,
                                   last ? &last->diag : NULL);
}

static int run(int argc, char **argv, const lqa_ctx *ctx) {
    swv_args a;
    lq_echem_swv_analysis_options o;
    int rc = parse(argc, argv, &a, &o);
    if (rc) return rc < 0 ? LQA_EXIT_OK : rc;
    lq_echem_record *r = NULL;
    lq_echem_swv_analysis *A = NULL;
    rc = read_file(&a, ctx, &r);
    if (rc == 0) {
        lq_diag d;
        lq_diag_clear(&d);
        o.segment = (size_t)a.segment;
        lq_status st = lq_echem_swv_analyse(r, &o, &A, &d);
        rc = st == LQ_OK ? report_failures(&a, A, ctx) : lqa_fail("swv", st, &d);
    }
    if (rc == 0) rc = output(&a, &o, A, ctx);
    lq_echem_swv_analysis_free(A);
    lq_echem_record_free(r);
    return rc;
}

const lq_cmd lq_cmd_swv = {"swv", "square-wave voltammetry: Gaussian peaks, n from W1/2", run};
