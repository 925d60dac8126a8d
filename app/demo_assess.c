/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Assessment section of `liquidus demo`: Bi-Nd re-assessed from seed 004's measured data,
 * starting from its Table 2 (data/assess/bind/run-table2.yaml), with bands as its Fig. 9. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "demo.h"
#include "liquidus/assess.h"
#include "liquidus/plot.h"

/* Seed 004: Table 1 (x(Nd) at saturation, "This work") and the DSC invariants I-III (Sec. 3.2.1,
 * phases sorted by x as the map reports them). */
static const double T1[3] = {773.0, 873.0, 973.0};
static const double X_MEAS[3] = {0.0099, 0.0291, 0.0565};
static const char *const COMPS[2] = {"BI", "ND"};
typedef struct dsc_inv {
    const char *p[3];
    double T;
} dsc_inv;
static const dsc_inv DSC[3] = {{{"RHOMBOHEDRAL_A7", "LIQUID", "ND3BI7"}, 539.0},
                               {{"LIQUID", "ND3BI7", "NDBI2"}, 774.0},
                               {{"LIQUID", "NDBI2", "NDBI1"}, 932.0}};
#define OUT_DIR "bind_assessment"
#define MAXP 32

/* The run and what the report needs from it. */
typedef struct bind_run {
    lq_assess_run_config cfg;
    lq_assess_job *job;
    lq_db *db;              /* the start database (its symbols are set per sample) */
    lq_assess_trace *tr;    /* the MCMC trace */
    lq_assess_trace t2;     /* one sample: Table 2 (the start) */
    double start[MAXP];     /* Table 2's values of the fitted symbols */
    lq_assess_uq_options o; /* posterior: last 100 iterations, every 10th */
} bind_run;

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int fail(FILE *out, const char *what, const lq_diag *d) {
    fprintf(out, "  %s failed: %s%s%s\n", what, d->file, d->file[0] ? ": " : "", d->msg);
    return LQA_EXIT_FAIL;
}

/* Reads the run file, runs the MCMC into OUT_DIR and reads the trace back. */
static int run_mcmc(const lqa_ctx *ctx, FILE *out, bind_run *b) {
    char path[1024];
    lq_diag d;
    lq_diag_clear(&d);
    lqa_data_path(ctx, "assess/bind/run-table2.yaml", path, sizeof path);
    if (lq_assess_run_read(path, &b->cfg, &d) != LQ_OK) return fail(out, "run file", &d);
    mkdir(OUT_DIR, 0777);
    if (lq_assess_run_set_output_dir(&b->cfg, OUT_DIR, &d) != LQ_OK)
        return fail(out, "output folder", &d);
    unlink(b->cfg.tracefile); /* the demo's own files of an earlier run */
    unlink(b->cfg.probfile);
    double t0 = now();
    lq_assess_job_summary s;
    if (lq_assess_job_create(&b->cfg, NULL, &b->job, &d) != LQ_OK ||
        lq_assess_job_run(b->job, &s, &d) != LQ_OK)
        return fail(out, "MCMC", &d);
    size_t np = lq_assess_job_param_count(b->job);
    if (np > MAXP || lq_assess_ctx_start(lq_assess_job_ctx(b->job), b->start, np) != LQ_OK)
        return fail(out, "start values", &d);
    fprintf(out,
            "%s: start %s (Table 2, %zu parameters as symbols), %zu walkers x %zu iterations in "
            "%.1f s, acceptance %.2f.\nOutputs in %s/. Bands: the last %zu iterations, every "
            "%zu-th, all walkers (2.5 / 50 / 97.5 %%).\n\n",
            path, b->cfg.mcmc_input_db, np, s.n_walkers, s.n_done, now() - t0, s.acceptance,
            OUT_DIR, b->o.last, b->o.thin);
    if (lq_db_read_file(b->cfg.mcmc_input_db, &b->db, &d) != LQ_OK ||
        lq_assess_trace_read(b->cfg.tracefile, b->cfg.probfile, &b->tr, &d) != LQ_OK)
        return fail(out, "reading the trace", &d);
    b->t2 = (lq_assess_trace){1, 1, np, b->start, NULL, b->cfg.mcmc_input_db};
    return 0;
}

/* Table 1 against Table 2 and the fit (median and band). */
static int print_solubility(FILE *out, bind_run *b) {
    lq_assess_uq_solubility_result *s = NULL, *s2 = NULL;
    lq_assess_uq_options o2 = b->o;
    o2.last = 0;
    o2.thin = 1;
    lq_diag d;
    lq_diag_clear(&d);
    if (lq_assess_uq_solubility(b->db, b->tr, COMPS, "ND", "LIQUID", T1, 3, &b->o, &s, &d) !=
            LQ_OK ||
        lq_assess_uq_solubility(b->db, &b->t2, COMPS, "ND", "LIQUID", T1, 3, &o2, &s2, &d) !=
            LQ_OK) {
        lq_assess_uq_solubility_result_free(s);
        return fail(out, "solubility bands", &d);
    }
    fprintf(out, "1. Solubility of Nd in liquid Bi, mol %% (|error| against Table 1)\n");
    fprintf(out, "   %5s %8s %16s %30s   %s\n", "T/K", "Table 1", "Table 2",
            "fit: median [2.5, 97.5 %]", "coexisting (fit)");
    for (size_t i = 0; i < 3; i++) {
        const double *q = s->band + i * s->n_quantiles, x2 = s2->band[i * s2->n_quantiles + 1];
        fprintf(out, "   %5.0f %8.2f %7.3f (%5.2f) %7.3f [%5.3f, %5.3f] (%5.2f)   %s (%zu/%zu)\n",
                T1[i], 100 * X_MEAS[i], 100 * x2, 100 * fabs(x2 - X_MEAS[i]), 100 * q[1],
                100 * q[0], 100 * q[2], 100 * fabs(q[1] - X_MEAS[i]),
                s->other[i] < s->n_phases ? s->phase_names[s->other[i]] : "?", s->n_other[i],
                s->n_samples);
    }
    lq_assess_uq_solubility_result_free(s);
    lq_assess_uq_solubility_result_free(s2);
    return 0;
}

static int is_dsc(const lq_assess_uq_map_result *m, const lq_assess_uq_invariant *v, int k) {
    for (int j = 0; j < 3; j++)
        if (strcmp(m->phase_names[v->phase[j]], DSC[k].p[j]) != 0) return 0;
    return 1;
}

/* The invariants of the fitted diagrams (fewer samples: one map each) against the DSC. */
static int print_invariants(FILE *out, bind_run *b) {
    lq_assess_uq_options o = b->o;
    o.thin = 50;
    o.map.T_min = 450.0;
    o.map.T_max = 1050.0;
    lq_assess_uq_map_result *m = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    if (lq_assess_uq_map(b->db, b->tr, COMPS, &o, &m, &d) != LQ_OK)
        return fail(out, "invariant bands", &d);
    fprintf(out, "\n2. Invariant reactions, 450-1050 K, of %zu fitted diagrams (K)\n",
            m->n_samples);
    fprintf(out, "   %-36s %7s %22s %9s\n", "phases", "DSC", "median [2.5, 97.5 %]", "diagrams");
    for (size_t i = 0; i < m->n_invariants; i++) {
        const lq_assess_uq_invariant *v = &m->invariants[i];
        char ph[128], dsc[16] = "-";
        snprintf(ph, sizeof ph, "%s + %s + %s", m->phase_names[v->phase[0]],
                 m->phase_names[v->phase[1]], m->phase_names[v->phase[2]]);
        for (int k = 0; k < 3; k++)
            if (is_dsc(m, v, k)) snprintf(dsc, sizeof dsc, "%.0f", DSC[k].T);
        fprintf(out, "   %-36s %7s %8.1f [%5.1f, %5.1f] %5zu/%zu\n", ph, dsc, v->T[1], v->T[0],
                v->T[2], v->n_samples, m->n_samples);
    }
    fprintf(
        out,
        "   (The eutectic at 544.5 K is degenerate at the melting point of Bi, as Table 2's.)\n");
    lq_assess_uq_map_result_free(m);
    return 0;
}

/* Bands of ACR_ND (against DHCP Nd) and HM_MIX of the liquid on a grid, fit and Table 2. */
static int bands(bind_run *b, const char *prop, const double *T, size_t nT, const double *x,
                 size_t nx, lq_assess_uq_result **fit, lq_assess_uq_result **t2, lq_diag *d) {
    lq_assess_uq_prop p;
    if (lq_assess_uq_prop_parse(prop, &p) != LQ_OK) return -1;
    if (p.kind == LQ_ASSESS_UQ_ACR) p.ref_phase = "DHCP";
    lq_assess_uq_grid g = {COMPS, 2, "LIQUID", T, nT, "ND", x, nx, NULL};
    lq_assess_uq_options o2 = b->o;
    o2.last = 0;
    o2.thin = 1;
    if (lq_assess_uq_props(b->db, b->tr, &p, 1, &g, &b->o, fit, d) != LQ_OK) return -1;
    return lq_assess_uq_props(b->db, &b->t2, &p, 1, &g, &o2, t2, d) != LQ_OK ? -1 : 0;
}

/* gamma_Nd = a_Nd / x in the dilute liquid against the text's order of magnitude. */
static int print_gamma(FILE *out, bind_run *b) {
    static const double T[2] = {773.0, 873.0}, x[2] = {0.0005, 0.002}, quoted[2] = {1e-12, 1e-11};
    lq_assess_uq_result *f = NULL, *t = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    int rc = bands(b, "ACR_ND", T, 2, x, 2, &f, &t, &d);
    if (rc == 0) {
        fprintf(out, "\n3. Activity coefficient of Nd in the dilute liquid (against DHCP Nd)\n");
        for (size_t i = 0; i < 2; i++) {
            size_t p = (i * 2 + i) * f->n_quantiles;
            fprintf(out, "   %.0f K, x = %g: text ~%.0e, Table 2 %.3g, fit %.3g [%.3g, %.3g]\n",
                    T[i], x[i], quoted[i], t->band[(i * 2 + i) * t->n_quantiles + 1] / x[i],
                    f->band[p + 1] / x[i], f->band[p] / x[i], f->band[p + 2] / x[i]);
        }
    }
    lq_assess_uq_result_free(f);
    lq_assess_uq_result_free(t);
    return rc ? fail(out, "activity bands", &d) : 0;
}

/* The fitted parameters: posterior median and band, with Table 2's value. */
static int print_params(FILE *out, const bind_run *b) {
    static const char *const what[] = {"liquid L0 a", "liquid L0 b", "liquid L1 a", "liquid L1 b",
                                       "liquid L2 a", "liquid L2 b", "liquid L3 a", "Nd3Bi7 a",
                                       "Nd3Bi7 b",    "NdBi2 a",     "NdBi2 b",     "NdBi a",
                                       "NdBi b"};
    double q[MAXP * 3];
    size_t np = 0;
    lq_diag d;
    lq_diag_clear(&d);
    if (lq_assess_uq_param_bands(b->db, b->tr, &b->o, q, MAXP * 3, &np, &d) != LQ_OK)
        return fail(out, "parameter bands", &d);
    fprintf(out,
            "\n4. Parameters (J/mol of atoms, J/(mol K)): Table 2 -> fit median [2.5, 97.5 %%]\n");
    for (size_t p = 0; p < np; p++)
        fprintf(out, "   VV%04zu %-12s %10.6g -> %10.6g [%.6g, %.6g]\n", p, p < 13 ? what[p] : "",
                b->start[p], q[3 * p + 1], q[3 * p], q[3 * p + 2]);
    return 0;
}

static const double RGB[3][3] = {{0.12, 0.35, 0.75}, {0.15, 0.55, 0.25}, {0.80, 0.20, 0.15}};
#define NX_MAX 64

/* One temperature of a band figure: the 2.5-97.5 % band shaded in the temperature's colour, the
 * median as a line, Table 2 dashed. */
static lq_status draw_T(lq_plot *pl, const lq_assess_uq_result *f, const lq_assess_uq_result *t,
                        size_t iT, const double rgb[3], const char *label, int first) {
    size_t nx = f->n_x, nq = f->n_quantiles;
    double px[2 * NX_MAX], py[2 * NX_MAX], med[NX_MAX], t2[NX_MAX];
    for (size_t i = 0; i < nx && i < NX_MAX; i++) {
        const double *q = f->band + (iT * nx + i) * nq;
        px[i] = px[2 * nx - 1 - i] = f->x[i];
        py[i] = q[0];
        py[2 * nx - 1 - i] = q[nq - 1];
        med[i] = q[1];
        t2[i] = t->band[(iT * nx + i) * t->n_quantiles + 1];
    }
    lq_plot_style band = {0, {rgb[0], rgb[1], rgb[2]}, 0.25, 0.1, 0, LQ_PLOT_MARKER_NONE, 0};
    lq_plot_style line = {0, {rgb[0], rgb[1], rgb[2]}, 1.0, 1.5, 0, LQ_PLOT_MARKER_NONE, 0};
    lq_plot_style dash = line;
    dash.dashed = 1;
    lq_status st = lq_plot_add_polygon(pl, px, py, 2 * nx, &band, NULL);
    if (st == LQ_OK) st = lq_plot_add_line(pl, f->x, med, nx, &line, label);
    if (st == LQ_OK) st = lq_plot_add_line(pl, f->x, t2, nx, &dash, first ? "Table 2" : NULL);
    return st;
}

/* Fig. 9a: a_Nd of the liquid (against DHCP Nd) at 773/873/973 K with the activity data on top
 * and Table 1's compositions as vertical lines. */
static int fig_activity(FILE *out, bind_run *b, const char *path) {
    double x[40];
    for (size_t i = 0; i < 40; i++) x[i] = 0.0005 + 0.0695 * (double)i / 39.0;
    lq_assess_uq_result *f = NULL, *t = NULL;
    lq_plot *pl = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st = bands(b, "ACR_ND", T1, 3, x, 40, &f, &t, &d) ? LQ_EINVAL : LQ_OK;
    if (st == LQ_OK)
        st = lq_plot_create("Bi-Nd liquid: activity of Nd (ref. DHCP Nd), fit with 95 % band",
                            "x(Nd)", "a(Nd)", &pl);
    if (st == LQ_OK) st = lq_plot_set_logy(pl, 1);
    for (size_t k = 0; k < 3 && st == LQ_OK; k++) {
        char lab[32];
        snprintf(lab, sizeof lab, "fit, %.0f K", T1[k]);
        st = draw_T(pl, f, t, k, RGB[k], lab, k == 0);
        lq_plot_style rule = {0, {RGB[k][0], RGB[k][1], RGB[k][2]}, 0.6, 1.0, 1, 0, 0};
        if (st == LQ_OK) st = lq_plot_add_rule(pl, 1, X_MEAS[k], &rule, k == 0 ? "Table 1" : NULL);
        double *dx = NULL, *dy = NULL;
        size_t n = 0;
        if (st == LQ_OK)
            st = lq_assess_uq_data_points(lq_assess_job_datasets(b->job), "ACR_ND", T1[k], 1.0,
                                          "ND", &dx, &dy, &n);
        lq_plot_style pts = {
            0, {RGB[k][0], RGB[k][1], RGB[k][2]}, 1.0, 1.0, 0, LQ_PLOT_MARKER_SQUARE, 7};
        if (st == LQ_OK && n)
            st = lq_plot_add_points(pl, dx, dy, n, &pts, k == 0 ? "text's gamma x" : NULL);
        lq_assess_uq_points_free(dx, dy);
    }
    if (st == LQ_OK) st = lq_plot_set_legend(pl, 3);
    if (st == LQ_OK) st = lq_plot_save(pl, path, 640, 440, &d);
    lq_plot_free(pl);
    lq_assess_uq_result_free(f);
    lq_assess_uq_result_free(t);
    return st == LQ_OK ? 0 : fail(out, path, &d);
}

/* Fig. 9b: HM_MIX of the liquid at 973 K (no measured points: the study has none). */
static int fig_hmix(FILE *out, bind_run *b, const char *path) {
    double x[49], T = 973.0;
    for (size_t i = 0; i < 49; i++) x[i] = 0.02 * (double)(i + 1);
    lq_assess_uq_result *f = NULL, *t = NULL;
    lq_plot *pl = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st = bands(b, "HM_MIX", &T, 1, x, 49, &f, &t, &d) ? LQ_EINVAL : LQ_OK;
    if (st == LQ_OK)
        st = lq_plot_create("Bi-Nd liquid: enthalpy of mixing at 973 K, fit with 95 % band",
                            "x(Nd)", "HM_MIX / (J/mol)", &pl);
    if (st == LQ_OK) st = draw_T(pl, f, t, 0, RGB[2], "fit, 973 K", 1);
    if (st == LQ_OK) st = lq_plot_set_legend(pl, 3);
    if (st == LQ_OK) st = lq_plot_save(pl, path, 640, 440, &d);
    if (st == LQ_OK) {
        size_t i = 24, nq = f->n_quantiles; /* x = 0.5 */
        fprintf(out,
                "\n5. HM_MIX(973 K, x = 0.5): Table 2 %.0f J/mol, fit %.0f [%.0f, %.0f] J/mol\n",
                t->band[i * t->n_quantiles + 1], f->band[i * nq + 1], f->band[i * nq],
                f->band[i * nq + nq - 1]);
    }
    lq_plot_free(pl);
    lq_assess_uq_result_free(f);
    lq_assess_uq_result_free(t);
    return st == LQ_OK ? 0 : fail(out, path, &d);
}

static int run(const lqa_ctx *ctx, FILE *out) {
    bind_run b;
    memset(&b, 0, sizeof b);
    lq_assess_uq_options_default(&b.o);
    b.o.last = 100;
    b.o.thin = 10;
    int rc = run_mcmc(ctx, out, &b);
    if (rc == 0) rc = print_solubility(out, &b);
    if (rc == 0) rc = print_invariants(out, &b);
    if (rc == 0) rc = print_gamma(out, &b);
    if (rc == 0) rc = print_params(out, &b);
    if (rc == 0) rc = fig_hmix(out, &b, OUT_DIR "/bind_fig9b_hmix.png");
    if (rc == 0) rc = fig_activity(out, &b, OUT_DIR "/bind_fig9a_activity.png");
    if (rc == 0)
        fprintf(out,
                "\n6. Figures (like Fig. 9): %s/bind_fig9a_activity.png, "
                "%s/bind_fig9b_hmix.png\n",
                OUT_DIR, OUT_DIR);
    lq_assess_trace_free(b.tr);
    lq_db_free(b.db);
    lq_assess_job_free(b.job);
    lq_assess_run_free(&b.cfg);
    return rc;
}

const lqa_demo_section lqa_demo_assess = {
    "assess", "Assessment (Bi-Nd from seed 004's data, starting from its Table 2; Fig. 9)", run};
