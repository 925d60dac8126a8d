/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `liquidus ocp`: open-circuit chronopotentiometry plateaus (two-phase coexistences). */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "echem_cmd.h"
#include "liquidus/core.h"
#include "liquidus/echem.h"
#include "liquidus/plot.h"

static const char *const usage =
    "liquidus ocp FILE [--t-from S] [--segment K] [--out PREFIX]\n\n"
    "Open-circuit chronopotentiograms (potential after a deposition pulse, Mg-La study Fig. 5):\n"
    "plateaus where the smoothed |dE/dt| stays below a fraction of the mean slope, with their\n"
    "potential, start, end and duration; each plateau is a two-phase coexistence. Every segment\n"
    "of the file is analysed on its own (or only segment K). Samples before --t-from (e.g. the\n"
    "deposition pulse) are ignored. Writes PREFIX.ocp.csv, PREFIX.ocp.json and PREFIX.ocp.png.";

typedef struct ocp_args {
    lqa_echem_in in;
    const char *out, *file;
    long segment, smooth;
} ocp_args;

static int parse(int argc, char **argv, ocp_args *a, lq_echem_ocp_analysis_options *o) {
    memset(a, 0, sizeof *a);
    *o = lq_echem_ocp_analysis_options_default();
    lq_echem_ocp_options *p = &o->ocp;
    const lqa_opt opts[] = {
        {"out", LQA_STRING, &a->out, "PREFIX", "output prefix (default: the file's name)"},
        {"segment", LQA_INT, &a->segment, "K", "analyse only segment K (1-based)"},
        {"t-from", LQA_DOUBLE, &p->t_from_s, "S", "ignore samples before this time (s)"},
        {"smooth", LQA_INT, &a->smooth, "W", "smoothing window (odd; default ~1 % of the points)"},
        {"slope", LQA_DOUBLE, &p->slope_frac, "F", "plateau: |dE/dt| below F x mean slope (0.2)"},
        {"min-duration", LQA_DOUBLE, &p->min_duration_frac, "F",
         "shortest plateau as a fraction of the record (0.02)"},
        {"merge", LQA_DOUBLE, &p->merge_V, "V",
         "merge neighbouring plateaus closer than V (0.005)"},
    };
    size_t npos = 0;
    int rc = lqa_echem_parse("ocp", usage, opts, sizeof opts / sizeof opts[0], 0, &a->in, argc,
                             argv, &a->file, 1, &npos);
    if (rc == 1) return -1;
    if (rc) return LQA_EXIT_USAGE;
    if (npos != 1) return lqa_usage_error("ocp", "expected one FILE (see liquidus ocp --help)");
    if (a->smooth < 0 || (a->smooth > 0 && a->smooth % 2 == 0))
        return lqa_usage_error("ocp", "--smooth must be an odd positive window");
    p->smooth_window = (size_t)a->smooth;
    o->segment = (size_t)a->segment;
    return 0;
}

/* JSON, CSV rows, text and figure layers of one analysed segment. */
static cJSON *segment_out(const lq_echem_ocp_segment *g, lq_csv *csv, lq_plot *pl, int first,
                          const lqa_ctx *ctx) {
    cJSON *j = cJSON_CreateObject();
    cJSON_AddNumberToObject(j, "segment", (double)g->segment);
    cJSON_AddStringToObject(j, "label", g->label);
    cJSON *jp = cJSON_AddArrayToObject(j, "plateaus");
    if (!ctx->json)
        printf("segment %zu (%s): %zu plateau(s)\n", g->segment, g->label, g->nplateaus);
    for (size_t k = 0; k < g->nplateaus; k++) {
        const lq_echem_plateau *p = &g->plateaus[k];
        cJSON *q = cJSON_CreateObject();
        cJSON_AddItemToArray(jp, q);
        cJSON_AddNumberToObject(q, "E_V", p->E_V);
        cJSON_AddNumberToObject(q, "E_std_V", p->E_std_V);
        cJSON_AddNumberToObject(q, "t_start_s", p->t_start_s);
        cJSON_AddNumberToObject(q, "t_end_s", p->t_end_s);
        cJSON_AddNumberToObject(q, "duration_s", p->duration_s);
        double row[7] = {(double)g->segment, (double)(k + 1), p->t_start_s, p->t_end_s,
                         p->duration_s,      p->E_V,          p->E_std_V};
        lq_csv_row(csv, row, 7);
        if (!ctx->json)
            printf("  plateau %zu: E = %.5f V (sd %.2g), %.6g-%.6g s, %.6g s\n", k + 1, p->E_V,
                   p->E_std_V, p->t_start_s, p->t_end_s, p->duration_s);
        double xs[2] = {p->t_start_s, p->t_end_s}, ys[2] = {p->E_V, p->E_V};
        lq_plot_style ps = {0};
        ps.rgb[0] = 0.85;
        ps.line_width_pt = 3.0;
        lq_plot_add_line(pl, xs, ys, 2, &ps, first && k == 0 ? "plateaus" : NULL);
        char note[48];
        snprintf(note, sizeof note, "%.3f V", p->E_V);
        lq_plot_add_annotation(pl, 0.5 * (xs[0] + xs[1]), p->E_V, note);
    }
    return j;
}

/* Warnings for the segments not analysed; fails when none could be. */
static int report_failures(const ocp_args *a, const lq_echem_ocp_analysis *A, const lqa_ctx *ctx) {
    const lq_echem_ocp_segment *last = NULL;
    for (size_t s = 0; s < A->nsegments; s++) {
        const lq_echem_ocp_segment *g = &A->segments[s];
        if (g->status == LQ_OK) continue;
        last = g;
        lqa_echem_segment_warn("ocp", a->file, g->segment, g->label, g->status, &g->diag, ctx);
    }
    if (A->n_analysed > 0) return 0;
    return lqa_echem_none_analysed("ocp", a->file, last ? last->status : LQ_OK,
                                   last ? &last->diag : NULL);
}

static int output(const ocp_args *a, const lq_echem_record *r, const lq_echem_ocp_analysis *A,
                  const lqa_ctx *ctx) {
    char csv_path[1024], json_path[1024], fig_path[1024];
    lqa_echem_outpath(a->file, a->out, ".ocp.csv", csv_path, sizeof csv_path);
    lqa_echem_outpath(a->file, a->out, ".ocp.json", json_path, sizeof json_path);
    lqa_echem_outpath(a->file, a->out, ".ocp.png", fig_path, sizeof fig_path);
    const char *cols[] = {"segment",    "plateau", "t_start_s", "t_end_s",
                          "duration_s", "E_V",     "E_std_V"};
    lq_diag d;
    lq_diag_clear(&d);
    lq_csv *csv = NULL;
    lq_status st = lq_csv_open(csv_path, cols, 7,
                               "liquidus ocp: potential plateaus of the open-circuit transient "
                               "(two-phase coexistences)\npotentials vs the file's reference "
                               "electrode; times on the file's time axis",
                               &csv, &d);
    lq_plot *pl = NULL;
    if (st == LQ_OK) st = lq_plot_create("Open-circuit chronopotentiometry", "t / s", "E / V", &pl);
    if (st != LQ_OK) {
        lq_csv_abort(csv);
        return lqa_fail("ocp", st, &d);
    }
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "file", a->file);
    cJSON_AddStringToObject(root, "reference_electrode", r->reference);
    cJSON *jseg = cJSON_AddArrayToObject(root, "segments");
    lq_plot_add_line(pl, r->time_s, r->potential_V, r->n, NULL, "E(t)");
    int first = 1;
    for (size_t s = 0; s < A->nsegments; s++) {
        if (A->segments[s].status != LQ_OK) continue;
        cJSON_AddItemToArray(jseg, segment_out(&A->segments[s], csv, pl, first, ctx));
        first = 0;
    }
    st = lq_csv_close(csv, &d);
    if (st != LQ_OK) {
        lq_plot_free(pl);
        cJSON_Delete(root);
        return lqa_fail("ocp", st, &d);
    }
    lqa_progress(ctx, "wrote %s", csv_path);
    return lqa_echem_finish("ocp", pl, fig_path, root, json_path, ctx);
}

static int run(int argc, char **argv, const lqa_ctx *ctx) {
    ocp_args a;
    lq_echem_ocp_analysis_options o;
    int rc = parse(argc, argv, &a, &o);
    if (rc) return rc < 0 ? LQA_EXIT_OK : rc;
    lq_echem_record *r = NULL;
    lq_echem_ocp_analysis *A = NULL;
    rc = lqa_echem_read("ocp", a.file, &a.in, LQA_NEED_TIME | LQA_NEED_POTENTIAL, a.segment, ctx,
                        &r);
    if (rc == 0) {
        lq_diag d;
        lq_diag_clear(&d);
        lq_status st = lq_echem_ocp_analyse(r, &o, &A, &d);
        rc = st == LQ_OK ? report_failures(&a, A, ctx) : lqa_fail("ocp", st, &d);
    }
    if (rc == 0) rc = output(&a, r, A, ctx);
    lq_echem_ocp_analysis_free(A);
    lq_echem_record_free(r);
    return rc;
}

const lq_cmd lq_cmd_ocp = {"ocp", "open-circuit chronopotentiometry plateaus", run};
