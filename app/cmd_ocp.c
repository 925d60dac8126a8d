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

#define OCP_MAX 64

static int run(int argc, char **argv, const lqa_ctx *ctx) {
    const char *out = NULL, *format = NULL;
    long segment = 0, smooth = 0;
    lq_echem_ocp_options o = lq_echem_ocp_options_default();
    const lqa_opt opts[] = {
        {"out", LQA_STRING, &out, "PREFIX", "output prefix (default: the file's name)"},
        {"format", LQA_STRING, &format, "NAME", "force the file format (see liquidus read)"},
        {"segment", LQA_INT, &segment, "K", "analyse only segment K (1-based)"},
        {"t-from", LQA_DOUBLE, &o.t_from_s, "S", "ignore samples before this time (s)"},
        {"smooth", LQA_INT, &smooth, "W", "smoothing window (odd; default ~1 % of the points)"},
        {"slope", LQA_DOUBLE, &o.slope_frac, "F", "plateau: |dE/dt| below F x mean slope (0.2)"},
        {"min-duration", LQA_DOUBLE, &o.min_duration_frac, "F",
         "shortest plateau as a fraction of the record (0.02)"},
        {"merge", LQA_DOUBLE, &o.merge_V, "V", "merge neighbouring plateaus closer than V (0.005)"},
    };
    const char *pos[1];
    size_t npos = 0;
    int rc = lqa_parse("ocp", usage, opts, sizeof opts / sizeof opts[0], argc, argv, pos, 1, &npos);
    if (rc == 1) return LQA_EXIT_OK;
    if (rc) return LQA_EXIT_USAGE;
    if (npos != 1) return lqa_usage_error("ocp", "expected one FILE (see liquidus ocp --help)");
    if (smooth < 0 || (smooth > 0 && smooth % 2 == 0))
        return lqa_usage_error("ocp", "--smooth must be an odd positive window");
    o.smooth_window = (size_t)smooth;
    lq_echem_record *r = NULL;
    rc = lqa_echem_read("ocp", pos[0], format, 0, LQA_NEED_TIME | LQA_NEED_POTENTIAL, segment, ctx,
                        &r);
    if (rc) return rc;
    char csv_path[1024], json_path[1024], fig_path[1024];
    lqa_echem_outpath(pos[0], out, ".ocp.csv", csv_path, sizeof csv_path);
    lqa_echem_outpath(pos[0], out, ".ocp.json", json_path, sizeof json_path);
    lqa_echem_outpath(pos[0], out, ".ocp.png", fig_path, sizeof fig_path);
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
        lq_echem_record_free(r);
        return lqa_fail("ocp", st, &d);
    }
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "file", pos[0]);
    cJSON_AddStringToObject(root, "reference_electrode", r->reference);
    cJSON *jseg = cJSON_AddArrayToObject(root, "segments");
    size_t analysed = 0;
    lq_plot_add_line(pl, r->time_s, r->potential_V, r->n, NULL, "E(t)");
    for (size_t s = 0; s < r->nsegments; s++) {
        if (segment && (size_t)segment != s + 1) continue;
        const lq_echem_segment *sg = &r->segments[s];
        lq_echem_plateau p[OCP_MAX];
        size_t np = 0;
        lq_diag_clear(&d);
        st = lq_echem_ocp_plateaus(r->time_s + sg->start, r->potential_V + sg->start, sg->count, &o,
                                   p, OCP_MAX, &np, &d);
        if (st != LQ_OK) {
            if (!ctx->quiet)
                fprintf(stderr, "liquidus ocp: warning: %s: segment %zu (%s) not analysed: %s\n",
                        pos[0], s + 1, sg->label, d.msg[0] ? d.msg : lq_status_str(st));
            continue;
        }
        analysed++;
        cJSON *j = cJSON_CreateObject();
        cJSON_AddItemToArray(jseg, j);
        cJSON_AddNumberToObject(j, "segment", (double)(s + 1));
        cJSON_AddStringToObject(j, "label", sg->label);
        cJSON *jp = cJSON_AddArrayToObject(j, "plateaus");
        if (!ctx->json) printf("segment %zu (%s): %zu plateau(s)\n", s + 1, sg->label, np);
        for (size_t k = 0; k < np; k++) {
            cJSON *q = cJSON_CreateObject();
            cJSON_AddItemToArray(jp, q);
            cJSON_AddNumberToObject(q, "E_V", p[k].E_V);
            cJSON_AddNumberToObject(q, "E_std_V", p[k].E_std_V);
            cJSON_AddNumberToObject(q, "t_start_s", p[k].t_start_s);
            cJSON_AddNumberToObject(q, "t_end_s", p[k].t_end_s);
            cJSON_AddNumberToObject(q, "duration_s", p[k].duration_s);
            double row[7] = {(double)(s + 1), (double)(k + 1), p[k].t_start_s, p[k].t_end_s,
                             p[k].duration_s, p[k].E_V,        p[k].E_std_V};
            lq_csv_row(csv, row, 7);
            if (!ctx->json)
                printf("  plateau %zu: E = %.5f V (sd %.2g), %.6g-%.6g s, %.6g s\n", k + 1,
                       p[k].E_V, p[k].E_std_V, p[k].t_start_s, p[k].t_end_s, p[k].duration_s);
            double xs[2] = {p[k].t_start_s, p[k].t_end_s}, ys[2] = {p[k].E_V, p[k].E_V};
            lq_plot_style ps = {0};
            ps.rgb[0] = 0.85;
            ps.line_width_pt = 3.0;
            lq_plot_add_line(pl, xs, ys, 2, &ps, analysed == 1 && k == 0 ? "plateaus" : NULL);
            char note[48];
            snprintf(note, sizeof note, "%.3f V", p[k].E_V);
            lq_plot_add_annotation(pl, 0.5 * (xs[0] + xs[1]), p[k].E_V, note);
        }
    }
    lq_echem_record_free(r);
    if (analysed == 0) {
        lq_csv_abort(csv);
        lq_plot_free(pl);
        cJSON_Delete(root);
        if (!d.file[0]) snprintf(d.file, sizeof d.file, "%s", pos[0]);
        return lqa_fail("ocp", st, &d);
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

const lq_cmd lq_cmd_ocp = {"ocp", "open-circuit chronopotentiometry plateaus", run};
