/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `liquidus msd`: mean-square displacement per species over all time origins and the self-
 * diffusion coefficients, with the fitted (diffusive) range and block errors. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "liquidus/core.h"
#include "liquidus/md.h"
#include "liquidus/plot.h"
#include "liquidus/units.h"

#define CMD "msd"

static int write_csv(const char *path, const char *src, const lq_md_trajectory *t,
                     const lq_md_msd *m, lq_diag *d) {
    size_t ncol = 1 + m->n_species;
    char(*names)[48] = calloc(ncol, sizeof *names);
    const char **nm = calloc(ncol, sizeof *nm);
    double *row = calloc(ncol, sizeof *row);
    lq_status st = names && nm && row ? LQ_OK : LQ_ENOMEM;
    for (size_t c = 0; st == LQ_OK && c < ncol; c++) nm[c] = names[c];
    if (st == LQ_OK) snprintf(names[0], sizeof names[0], "t_ps");
    for (size_t s = 0; st == LQ_OK && s < m->n_species; s++)
        snprintf(names[1 + s], sizeof names[0], "msd_%s_A2", t->species[s].name);
    char comment[1024];
    int k = snprintf(comment, sizeof comment,
                     "liquidus msd of %s (%zu frames, all time origins): mean-square displacement "
                     "in A^2; D from MSD = 6 D t over the fit range:",
                     src, t->n_frames);
    for (size_t s = 0; s < m->n_species && k > 0 && (size_t)k < sizeof comment; s++)
        k += snprintf(comment + k, sizeof comment - (size_t)k,
                      " D(%s) = %.4g +- %.2g cm^2/s over %g..%g ps;", t->species[s].name,
                      m->D_cm2_s[s], m->D_err_cm2_s[s], m->fit_t0_ps[s], m->fit_t1_ps[s]);
    lq_csv *c = NULL;
    if (st == LQ_OK) st = lq_csv_open(path, nm, ncol, comment, &c, d);
    for (size_t i = 0; st == LQ_OK && i < m->n_lags; i++) {
        row[0] = m->t_ps[i];
        for (size_t s = 0; s < m->n_species; s++) row[1 + s] = m->msd_A2[s * m->n_lags + i];
        st = lq_csv_row(c, row, ncol);
    }
    if (c) {
        if (st == LQ_OK)
            st = lq_csv_close(c, d);
        else
            lq_csv_abort(c);
    }
    free(names);
    free(nm);
    free(row);
    return st == LQ_OK ? 0 : lqa_fail(CMD, st, d);
}

static int plot_msd(const char *path, const lq_md_trajectory *t, const lq_md_msd *m, lq_diag *d) {
    lq_plot *p = NULL;
    lq_status st = lq_plot_create("MSD (solid) and linear fits over the fit range (dashed)",
                                  "t / ps", "MSD / A^2", &p);
    static const double pal[6][3] = {{0, .45, .7},   {.84, .37, 0},   {0, .62, .45},
                                     {.8, .47, .65}, {.34, .71, .91}, {.9, .6, 0}};
    for (size_t s = 0; st == LQ_OK && s < m->n_species; s++) {
        if (!isfinite(m->D_cm2_s[s])) continue;
        lq_plot_style sty = {0};
        for (int k = 0; k < 3; k++) sty.rgb[k] = pal[s % 6][k];
        sty.alpha = 1;
        char lab[96];
        snprintf(lab, sizeof lab, "%s: D = %.3g cm2/s", t->species[s].name, m->D_cm2_s[s]);
        st = lq_plot_add_line(p, m->t_ps, m->msd_A2 + s * m->n_lags, m->n_lags, &sty, lab);
        /* the fitted line over its range: MSD = a + 6 D t */
        double fx[2] = {m->fit_t0_ps[s], m->fit_t1_ps[s]};
        double fy[2] = {lq_md_msd_fit_eval(m, s, fx[0]), lq_md_msd_fit_eval(m, s, fx[1])};
        sty.dashed = 1;
        sty.line_width_pt = 3;
        if (st == LQ_OK) st = lq_plot_add_line(p, fx, fy, 2, &sty, NULL);
    }
    if (st == LQ_OK) st = lq_plot_set_legend(p, 2);
    if (st == LQ_OK) st = lq_plot_save(p, path, 520, 360, d);
    lq_plot_free(p);
    return st == LQ_OK ? 0 : lqa_fail(CMD, st, d);
}

static int print_json(const char *file, const lq_md_trajectory *t, const lq_md_msd *m,
                      int drift_removed) {
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "file", file);
    cJSON_AddNumberToObject(j, "frames", (double)t->n_frames);
    cJSON_AddNumberToObject(j, "dt_frame_ps", m->dt_ps);
    cJSON_AddBoolToObject(j, "drift_removed", drift_removed);
    cJSON *arr = cJSON_AddArrayToObject(j, "species");
    for (size_t s = 0; s < t->n_species; s++) {
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "name", t->species[s].name);
        cJSON_AddNumberToObject(e, "D_cm2_s", m->D_cm2_s[s]);
        if (isfinite(m->D_err_cm2_s[s]))
            cJSON_AddNumberToObject(e, "D_err_cm2_s", m->D_err_cm2_s[s]);
        cJSON_AddNumberToObject(e, "fit_t0_ps", m->fit_t0_ps[s]);
        cJSON_AddNumberToObject(e, "fit_t1_ps", m->fit_t1_ps[s]);
        cJSON_AddNumberToObject(e, "loglog_slope", m->loglog_slope[s]);
        cJSON_AddBoolToObject(e, "diffusive", m->diffusive[s]);
        cJSON_AddItemToArray(arr, e);
    }
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st = lqa_json_write(j, "-", &d);
    cJSON_Delete(j);
    return st == LQ_OK ? 0 : lqa_fail(CMD, st, &d);
}

static void print_text(const char *file, const lq_md_trajectory *t, const lq_md_msd *m,
                       int drift_removed) {
    printf("%s: %zu frames, %g ps apart; MSD over all time origins, %s\n", file, t->n_frames,
           m->dt_ps, drift_removed ? "centre-of-mass drift removed" : "drift kept");
    printf("%-8s %14s %12s %20s %10s\n", "species", "D/(cm^2/s)", "error", "fit range/ps", "slope");
    for (size_t s = 0; s < t->n_species; s++)
        printf("%-8s %14.4e %12.2e %9.2f..%-9.2f %10.3f%s\n", t->species[s].name, m->D_cm2_s[s],
               m->D_err_cm2_s[s], m->fit_t0_ps[s], m->fit_t1_ps[s], m->loglog_slope[s],
               m->diffusive[s] ? "" : "  NOT diffusive: run longer");
    printf("error: standard error over %zu blocks; slope: d ln MSD / d ln t over the fit\n",
           m->n_blocks);
}

static int run(int argc, char **argv, const lqa_ctx *ctx) {
    const char *types = NULL, *out = NULL, *plot = NULL, *fit = NULL;
    lq_md_msd_options o = lq_md_msd_options_default();
    double dt_frame = (double)NAN, timestep = (double)NAN, tol = o.slope_tolerance;
    long skip = 0, every = 1, count = 0, blocks = (long)o.n_blocks, no_drift = 0;
    const lqa_opt opts[] = {
        {"timestep", LQA_DOUBLE, &timestep, "PS",
         "MD time step: frame times from the dump's TIMESTEP values (LAMMPS metal: 0.001)"},
        {"dt", LQA_DOUBLE, &dt_frame, "PS", "time between frames (instead of --timestep)"},
        {"types", LQA_STRING, &types, "A,B,..",
         "names of LAMMPS types 1, 2, ... (no element column)"},
        {"skip", LQA_INT, &skip, "N", "frames to skip at the start (default 0)"},
        {"every", LQA_INT, &every, "N", "use every N-th frame (default 1)"},
        {"count", LQA_INT, &count, "N", "use at most N frames (default 0: all)"},
        {"fit", LQA_STRING, &fit, "T0:T1",
         "fit range in ps (default: automatic, log-log slope ~ 1)"},
        {"tol", LQA_DOUBLE, &tol, "X", "allowed |d ln MSD / d ln t - 1| (default 0.1)"},
        {"blocks", LQA_INT, &blocks, "N", "blocks for the error of D (default 5)"},
        {"no-drift", LQA_FLAG, &no_drift, NULL,
         "keep the centre-of-mass motion (default: removed)"},
        {"out", LQA_STRING, &out, "CSV", "write t and the MSD of each species"},
        {"plot", LQA_STRING, &plot, "FILE", "figure of the MSD with the fit ranges (png/svg/pdf)"},
    };
    const char *pos[1];
    size_t npos = 0;
    int rc = lqa_parse(CMD, "liquidus msd DUMP (--timestep PS | --dt PS) [options]", opts,
                       sizeof opts / sizeof opts[0], argc, argv, pos, 1, &npos);
    if (rc == 1) return LQA_EXIT_OK;
    if (rc) return LQA_EXIT_USAGE;
    if (npos != 1) return lqa_usage_error(CMD, "give one dump file");
    if (isfinite(dt_frame) == isfinite(timestep))
        return lqa_usage_error(CMD, "give exactly one of --timestep and --dt");
    if (skip < 0 || every < 1 || blocks < 0 || count < 0)
        return lqa_usage_error(CMD, "bad --skip/--every/--blocks");
    o.remove_drift = !no_drift;
    o.slope_tolerance = tol;
    o.n_blocks = (size_t)blocks;
    if (fit) {
        double v[2];
        if (lqa_parse_range(fit, v, 2) != 2 && sscanf(fit, "%lf:%lf", &v[0], &v[1]) != 2)
            return lqa_usage_error(CMD, "--fit: give T0:T1 in ps");
        o.fit_t0_ps = v[0];
        o.fit_t1_ps = v[1];
        if (!(v[1] > v[0] && v[0] >= 0)) return lqa_usage_error(CMD, "--fit: need 0 <= T0 < T1");
    }
    lq_diag d;
    lq_diag_clear(&d);
    lq_md_trajectory t;
    lq_status st =
        lq_md_trajectory_read(pos[0], types, (size_t)skip, (size_t)every, (size_t)count, &t, &d);
    if (st != LQ_OK) return lqa_fail(CMD, st, &d);
    if (isfinite(timestep)) {
        st = lq_md_trajectory_frame_dt_compute(&t, timestep, &dt_frame, &d);
        if (st != LQ_OK) {
            snprintf(d.file, sizeof d.file, "%s", pos[0]);
            lq_md_trajectory_free(&t);
            return lqa_fail(CMD, st, &d);
        }
    }
    o.dt_ps = dt_frame;
    if (!lq_md_trajectory_masses_known(&t) && o.remove_drift)
        lqa_progress(ctx, "masses unknown (no element names): drift removed with equal weights");
    lq_md_msd m;
    st = lq_md_msd_trajectory_compute(&t, &o, &m, &d);
    if (st != LQ_OK) {
        lq_md_trajectory_free(&t);
        return lqa_fail(CMD, st, &d);
    }
    rc = 0;
    if (out) rc = write_csv(out, pos[0], &t, &m, &d);
    if (rc == 0 && plot) rc = plot_msd(plot, &t, &m, &d);
    if (rc == 0 && ctx->json)
        rc = print_json(pos[0], &t, &m, o.remove_drift);
    else if (rc == 0)
        print_text(pos[0], &t, &m, o.remove_drift);
    lq_md_msd_free(&m);
    lq_md_trajectory_free(&t);
    return rc;
}

const lq_cmd lq_cmd_msd = {"msd", "mean-square displacement and diffusion coefficients from a dump",
                           run};
