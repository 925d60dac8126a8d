/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `liquidus energy`: statistics of an energy series (LAMMPS log or CSV): equilibration, block
 * average with standard error, histogram with a Gaussian fit (the Mg-La study's Fig. 10). */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "liquidus/core.h"
#include "liquidus/md.h"
#include "liquidus/plot.h"

#define CMD "energy"

/* The series and its statistics, as the output helpers need them. */
typedef struct energy_out {
    const char *file;
    const lq_md_series *s;
    const lq_md_series_stats *ss;
} energy_out;

static lq_status write_csv(const energy_out *e, const char *out, lq_diag *d) {
    const lq_md_histogram *h = &e->ss->hist;
    const char *names[] = {"value_center", "count", "gauss_fit_count"};
    char comment[512];
    snprintf(comment, sizeof comment,
             "liquidus energy: histogram of column %s of %s (points %zu..%zu), with the "
             "Gaussian A exp(-(x-mu)^2/(2 sigma^2)) fitted (mu = %.10g, sigma = %.6g); values "
             "in the file's units (LAMMPS metal: eV)",
             e->s->column, e->file, e->ss->t0, e->s->n - 1, h->fit_mu, h->fit_sigma);
    lq_csv *c = NULL;
    lq_status st = lq_csv_open(out, names, 3, comment, &c, d);
    for (size_t i = 0; st == LQ_OK && i < h->n_bins; i++) {
        double row[3] = {h->center[i], h->count[i], lq_md_histogram_fit_eval(h, h->center[i])};
        st = lq_csv_row(c, row, 3);
    }
    if (st == LQ_OK)
        st = lq_csv_close(c, d);
    else if (c)
        lq_csv_abort(c);
    return st;
}

static lq_status draw_plot(const energy_out *e, const char *plot, lq_diag *d) {
    const lq_md_histogram *h = &e->ss->hist;
    char title[160];
    snprintf(title, sizeof title, "%s: histogram and Gaussian fit", e->s->column);
    lq_plot *p = NULL;
    lq_status st = lq_plot_create(title, e->s->column, "count", &p);
    double xs[402], ys[402];
    /* bars as a step outline */
    size_t k = 0;
    for (size_t i = 0; i < h->n_bins && k + 2 <= 400; i++) {
        xs[k] = h->center[i] - 0.5 * h->width;
        ys[k++] = h->count[i];
        xs[k] = h->center[i] + 0.5 * h->width;
        ys[k++] = h->count[i];
    }
    if (st == LQ_OK) st = lq_plot_add_line(p, xs, ys, k, NULL, "histogram");
    for (size_t i = 0; i < 200; i++) {
        xs[i] = h->center[0] - 0.5 * h->width + (double)i / 199.0 * h->width * (double)h->n_bins;
        ys[i] = lq_md_histogram_fit_eval(h, xs[i]);
    }
    char lab[128];
    snprintf(lab, sizeof lab, "Gaussian: mu = %.6g, sigma = %.3g%s", h->fit_mu, h->fit_sigma,
             e->ss->gauss_flagged ? " (FLAGGED: see the text output)" : "");
    lq_plot_style dash = {0};
    dash.auto_color = 1;
    dash.dashed = 1;
    if (st == LQ_OK && h->fit_ok) st = lq_plot_add_line(p, xs, ys, 200, &dash, lab);
    if (st == LQ_OK && h->fit_ok) st = lq_plot_add_rule(p, 1, h->fit_mu, NULL, NULL);
    if (st == LQ_OK) st = lq_plot_save(p, plot, 480, 340, d);
    lq_plot_free(p);
    return st;
}

static lq_status print_json(const energy_out *e, lq_diag *d) {
    const lq_md_series_stats *ss = e->ss;
    const lq_md_histogram *h = &ss->hist;
    const lq_md_block_result *b = &ss->block;
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "file", e->file);
    cJSON_AddStringToObject(j, "column", e->s->column);
    cJSON_AddNumberToObject(j, "n_points", (double)e->s->n);
    cJSON_AddNumberToObject(j, "first_used", (double)ss->t0);
    cJSON_AddBoolToObject(j, "equilibration_detected", ss->t0_detected);
    cJSON_AddNumberToObject(j, "mean", b->mean);
    cJSON_AddNumberToObject(j, "std", h->std);
    cJSON_AddNumberToObject(j, "sem_block", b->sem_plateau);
    cJSON_AddBoolToObject(j, "block_plateau_found", b->plateau_found);
    cJSON_AddNumberToObject(j, "block_size", (double)b->block_size[b->plateau_level]);
    cJSON_AddNumberToObject(j, "statistical_inefficiency_block", b->statistical_inefficiency);
    cJSON_AddNumberToObject(j, "statistical_inefficiency_chodera", ss->g_chodera);
    cJSON_AddBoolToObject(j, "gauss_fit_ok", h->fit_ok);
    cJSON_AddBoolToObject(j, "gauss_flagged", ss->gauss_flagged);
    if (ss->gauss_flagged) cJSON_AddStringToObject(j, "gauss_flag_reason", ss->gauss_reason);
    if (h->fit_ok) {
        cJSON_AddNumberToObject(j, "gauss_mu", h->fit_mu);
        cJSON_AddNumberToObject(j, "gauss_sigma", h->fit_sigma);
    }
    cJSON_AddNumberToObject(j, "histogram_bins", (double)h->n_bins);
    lq_status st = lqa_json_write(j, "-", d);
    cJSON_Delete(j);
    return st;
}

static void print_text(const energy_out *e) {
    const lq_md_series_stats *ss = e->ss;
    const lq_md_histogram *h = &ss->hist;
    const lq_md_block_result *b = &ss->block;
    printf(
        "%s, column %s: %zu points, used %zu..%zu (%s)\n", e->file, e->s->column, e->s->n, ss->t0,
        e->s->n - 1,
        ss->t0_detected ? "equilibration by max. effective samples, Chodera 2016" : "after --skip");
    printf(
        "  mean            %.10g +- %.3g (block average, Flyvbjerg-Petersen: blocks of %zu, "
        "%s)\n",
        b->mean, b->sem_plateau, b->block_size[b->plateau_level],
        b->plateau_found ? "converged" : "NOT converged: run longer");
    printf("  std             %.6g\n", h->std);
    printf("  inefficiency g  %.3g (blocks), %.3g (autocorrelation)\n", b->statistical_inefficiency,
           ss->g_chodera);
    if (h->fit_ok)
        printf("  Gaussian fit    mu = %.10g, sigma = %.6g (%zu bins)\n", h->fit_mu, h->fit_sigma,
               h->n_bins);
    else
        printf("  Gaussian fit    none: the histogram is not bell-shaped (drift? too short?)\n");
    if (h->fit_ok && ss->gauss_flagged) printf("  FLAGGED         %s\n", ss->gauss_reason);
}

static int run(int argc, char **argv, const lqa_ctx *ctx) {
    const char *column = NULL, *out = NULL, *plot = NULL;
    long run_block = 0, skip = -1, bins = 0;
    const lqa_opt opts[] = {
        {"column", LQA_STRING, &column, "NAME",
         "column to analyse (default: the total energy, TotEng / etotal / E_total_eV ...)"},
        {"run", LQA_INT, &run_block, "K",
         "LAMMPS log: thermo block K (1 = first), 0 = last (default), -1 = all joined"},
        {"skip", LQA_INT, &skip, "N", "drop the first N points (default: detect equilibration)"},
        {"bins", LQA_INT, &bins, "N", "histogram bins (default: Freedman-Diaconis)"},
        {"out", LQA_STRING, &out, "CSV", "write the histogram and the fitted Gaussian"},
        {"plot", LQA_STRING, &plot, "FILE",
         "figure of the histogram and the Gaussian (png/svg/pdf)"},
    };
    const char *pos[1];
    size_t npos = 0;
    int rc = lqa_parse(CMD, "liquidus energy FILE [options]   (FILE: LAMMPS log or CSV)", opts,
                       sizeof opts / sizeof opts[0], argc, argv, pos, 1, &npos);
    if (rc == 1) return LQA_EXIT_OK;
    if (rc) return LQA_EXIT_USAGE;
    if (npos != 1) return lqa_usage_error(CMD, "give one LAMMPS log or CSV file");
    if (bins < 0 || bins > 100000) return lqa_usage_error(CMD, "--bins must be in 0..100000");
    if (skip < -1) return lqa_usage_error(CMD, "--skip must be >= 0 (points to drop)");
    lq_diag d;
    lq_diag_clear(&d);
    lq_md_series s;
    lq_status st = lq_md_series_read(pos[0], column, run_block, &s, &d);
    if (st != LQ_OK) return lqa_fail(CMD, st, &d);
    lq_md_series_stats ss;
    st = lq_md_series_stats_compute(s.value, s.n, skip, (size_t)bins, &ss);
    if (st != LQ_OK) {
        lq_diag_clear(&d);
        snprintf(d.msg, sizeof d.msg,
                 "%s: column %s, %zu points: need at least 16 finite points after the "
                 "equilibration%s, not all equal (a histogram a Gaussian can be fitted to)",
                 pos[0], s.column, s.n, skip >= 0 ? " and --skip" : "");
        lq_md_series_free(&s);
        return lqa_fail(CMD, st, &d);
    }
    lqa_progress(ctx, "%s: column %s, %zu points, first used %zu (%s)", pos[0], s.column, s.n,
                 ss.t0, ss.t0_detected ? "equilibration detected" : "--skip");
    energy_out e = {pos[0], &s, &ss};
    if (out) st = write_csv(&e, out, &d);
    if (st == LQ_OK && plot) st = draw_plot(&e, plot, &d);
    if (st == LQ_OK && ctx->json)
        st = print_json(&e, &d);
    else if (st == LQ_OK)
        print_text(&e);
    lq_md_series_stats_free(&ss);
    lq_md_series_free(&s);
    return st == LQ_OK ? LQA_EXIT_OK : lqa_fail(CMD, st, &d);
}

const lq_cmd lq_cmd_energy = {"energy", "energy series: equilibration, block error, Gaussian fit",
                              run};
