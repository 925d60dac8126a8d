/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `liquidus step`: phase amounts over a temperature sweep at fixed overall composition. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "demo_thermo.h"
#include "liquidus/core.h"
#include "liquidus/plot.h"

static const char *USAGE =
    "liquidus step DB --x EL=X [--x ...] --T A:B:STEP [--comps A,B] [--out FILE ...] [--json]\n"
    "  Equilibrium at each T (P = 101325 Pa) for a fixed overall composition: the amount of every\n"
    "  phase in mol of atoms per mol of atoms (phase fractions; two composition sets of one phase\n"
    "  are added). --out takes .csv, or .png/.svg/.pdf for a figure of the fractions against T\n"
    "  (for a binary the figure adds points 1e-3 K either side of each invariant reaction).\n"
    "  A temperature without an equilibrium is reported on stderr and left out; the others are\n"
    "  written and the exit status is then 1.";

#define MAXT 20001

/* The sweep and the phases present, as the outputs need them. */
typedef struct step_out {
    const lqa_thermo *t;
    const double *x;
    const lq_step_result *r;
    const char *pnames[64];
    size_t pidx[64], m;
    char comp_text[256];
} step_out;

static void step_out_init(step_out *o, const lqa_thermo *t, const double *x,
                          const lq_step_result *r) {
    o->t = t;
    o->x = x;
    o->r = r;
    o->m = 0;
    for (size_t p = 0; p < r->n_phases && o->m < 64; p++)
        if (r->present[p]) {
            lq_phase_info in;
            lq_system_phase_info(t->sys, p, &in);
            o->pnames[o->m] = in.name;
            o->pidx[o->m++] = p;
        }
    o->comp_text[0] = '\0';
    for (size_t c = 0; c < t->ncomp; c++) {
        size_t l = strlen(o->comp_text);
        snprintf(o->comp_text + l, sizeof o->comp_text - l, "%sx(%s) = %.6g", c ? ", " : "",
                 lq_system_component_name(t->sys, c), x[c]);
    }
}

static lq_status write_csv(const step_out *o, const char *path, lq_diag *d) {
    const lq_step_result *r = o->r;
    const char *names[65];
    char buf[64][80];
    names[0] = "T_K";
    for (size_t k = 0; k < o->m; k++) {
        snprintf(buf[k], sizeof buf[k], "f_%s_mol_per_mol", o->pnames[k]);
        names[k + 1] = buf[k];
    }
    char com[400];
    snprintf(com, sizeof com,
             "liquidus step: phase amounts (mol atoms per mol atoms), %s, P = 101325 Pa",
             o->comp_text);
    lq_csv *c = NULL;
    lq_status st = lq_csv_open(path, names, o->m + 1, com, &c, d);
    for (size_t i = 0; st == LQ_OK && i < r->n_T; i++) {
        double row[65];
        row[0] = r->T_K[i];
        for (size_t k = 0; k < o->m; k++) row[k + 1] = r->amount[i * r->n_phases + o->pidx[k]];
        st = lq_csv_row(c, row, o->m + 1);
    }
    if (st == LQ_OK)
        st = lq_csv_close(c, d);
    else
        lq_csv_abort(c);
    return st;
}

/* Figure of the fractions against T, on the sweep plus the invariant points. */
static lq_status draw(const step_out *o, lqa_thermo *t, const double *Tv, size_t nT,
                      const char *path, lq_diag *d) {
    lq_plot *pl = NULL;
    char title[300];
    snprintf(title, sizeof title, "Phase fractions, %s", o->comp_text);
    lq_status st = lq_plot_create(title, "T / K", "phase fraction / mol mol^-1", &pl);
    lq_step_options so;
    lq_step_options_default(&so);
    so.x = o->x;
    so.ncomp = t->ncomp;
    so.T_K = Tv;
    so.n_T = nT;
    so.invariant_points = 1;
    lq_step_result *f = NULL;
    if (st == LQ_OK) st = lq_step_compute(t->ws, &so, &f, d);
    if (st == LQ_OK) {
        size_t k = 0; /* failed temperatures left out quietly (reported with the sweep) */
        for (size_t i = 0; i < f->n_T; i++)
            if (f->status[i] == LQ_OK) {
                f->T_K[k] = f->T_K[i];
                memmove(f->amount + k * f->n_phases, f->amount + i * f->n_phases,
                        f->n_phases * sizeof *f->amount);
                k++;
            }
        f->n_T = k;
    }
    double *y = st == LQ_OK ? malloc((f->n_T ? f->n_T : 1) * sizeof *y) : NULL;
    if (st == LQ_OK && !y) st = LQ_ENOMEM;
    for (size_t k = 0; st == LQ_OK && k < o->m; k++) {
        for (size_t i = 0; i < f->n_T; i++) y[i] = f->amount[i * f->n_phases + o->pidx[k]];
        st = lq_plot_add_line(pl, f->T_K, y, f->n_T, NULL, o->pnames[k]);
    }
    lq_step_result_free(f);
    if (st == LQ_OK) st = lq_plot_set_yrange(pl, 0.0, 1.05);
    if (st == LQ_OK) st = lq_plot_save(pl, path, 480.0, 340.0, d);
    free(y);
    lq_plot_free(pl);
    return st;
}

/* Lowest and highest temperature of the sweep. */
static void t_span(const lq_step_result *r, double *lo, double *hi) {
    *lo = *hi = r->n_T ? r->T_K[0] : 0.0;
    for (size_t i = 1; i < r->n_T; i++) {
        if (r->T_K[i] < *lo) *lo = r->T_K[i];
        if (r->T_K[i] > *hi) *hi = r->T_K[i];
    }
}

static void print_json(const step_out *o) {
    const lq_step_result *r = o->r;
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "database", o->t->path);
    cJSON *xo = cJSON_AddObjectToObject(j, "x");
    for (size_t c = 0; c < o->t->ncomp; c++)
        cJSON_AddNumberToObject(xo, lq_system_component_name(o->t->sys, c), o->x[c]);
    cJSON_AddItemToObject(j, "T_K", cJSON_CreateDoubleArray(r->T_K, (int)r->n_T));
    double tlo, thi;
    t_span(r, &tlo, &thi);
    lqa_thermo_extrapolation("step", o->t->sys, tlo, thi, j);
    cJSON *f = cJSON_AddObjectToObject(j, "phase_fraction_mol_per_mol");
    double *col = malloc(r->n_T * sizeof *col);
    for (size_t k = 0; col && k < o->m; k++) {
        for (size_t i = 0; i < r->n_T; i++) col[i] = r->amount[i * r->n_phases + o->pidx[k]];
        cJSON_AddItemToObject(f, o->pnames[k], cJSON_CreateDoubleArray(col, (int)r->n_T));
    }
    free(col);
    lqa_json_write(j, "-", NULL);
    cJSON_Delete(j);
}

static void print_table(const step_out *o) {
    const lq_step_result *r = o->r;
    printf("Phase fractions (mol atoms per mol atoms), %s, P = 101325 Pa\n  %-10s", o->comp_text,
           "T / K");
    for (size_t k = 0; k < o->m; k++) printf(" %-14s", o->pnames[k]);
    printf("\n");
    for (size_t i = 0; i < r->n_T; i++) {
        printf("  %-10.6g", r->T_K[i]);
        for (size_t k = 0; k < o->m; k++)
            printf(" %-14.6g", r->amount[i * r->n_phases + o->pidx[k]]);
        printf("\n");
    }
}

/* Reports every temperature without an equilibrium on stderr and drops it from r (the outputs
 * hold the solved temperatures only). Returns how many were dropped. */
static size_t drop_failed(lq_step_result *r) {
    size_t k = 0, np = r->n_phases;
    for (size_t i = 0; i < r->n_T; i++) {
        if (r->status[i] != LQ_OK) {
            fprintf(stderr, "liquidus step: T = %.17g K skipped: %s\n", r->T_K[i],
                    lq_status_str(r->status[i]));
            continue;
        }
        r->T_K[k] = r->T_K[i];
        r->status[k] = r->status[i];
        memmove(r->amount + k * np, r->amount + i * np, np * sizeof *r->amount);
        k++;
    }
    size_t dropped = r->n_T - k;
    r->n_T = k;
    return dropped;
}

static int check_outs(const lqa_list *outs) {
    for (size_t i = 0; i < outs->n; i++) {
        const char *e = strrchr(outs->v[i], '.');
        if (!e || (strcasecmp(e, ".csv") && strcasecmp(e, ".png") && strcasecmp(e, ".svg") &&
                   strcasecmp(e, ".pdf")))
            return lqa_usage_error("step",
                                   "--out %s: the name must end in .csv, .png, .svg or "
                                   ".pdf",
                                   outs->v[i]);
    }
    return 0;
}

/* Writes every --out file and the report; returns the exit code. */
static int outputs(const step_out *o, lqa_thermo *t, const double *Tv, size_t nT,
                   const lqa_list *outs, const lqa_ctx *ctx) {
    for (size_t k = 0; k < outs->n; k++) {
        lq_diag d;
        lq_diag_clear(&d);
        lq_status st = !strcasecmp(strrchr(outs->v[k], '.'), ".csv")
                           ? write_csv(o, outs->v[k], &d)
                           : draw(o, t, Tv, nT, outs->v[k], &d);
        if (st != LQ_OK) return lqa_fail("step", st, &d);
        lqa_progress(ctx, "liquidus step: wrote %s", outs->v[k]);
    }
    double tlo, thi;
    t_span(o->r, &tlo, &thi);
    if (o->r->n_T) lqa_thermo_extrapolation("step", o->t->sys, tlo, thi, NULL);
    if (ctx->json)
        print_json(o);
    else
        print_table(o);
    return 0;
}

static int run(int argc, char **argv, const lqa_ctx *ctx) {
    const char *Ts = NULL, *comps = NULL;
    lqa_list xs = {{0}, 0}, outs = {{0}, 0};
    const lqa_opt opts[] = {
        {"x", LQA_LIST, &xs, "EL=X", "overall mole fraction (repeatable; one is the balance)"},
        {"T", LQA_STRING, &Ts, "A:B:STEP", "temperatures, K (required)"},
        {"comps", LQA_STRING, &comps, "A,B", "components (default: all elements of DB)"},
        {"out", LQA_LIST, &outs, "FILE", ".csv, .png, .svg or .pdf (repeatable)"},
    };
    const char *pos[2];
    size_t npos = 0;
    int rc =
        lqa_parse("step", USAGE, opts, sizeof opts / sizeof opts[0], argc, argv, pos, 1, &npos);
    if (rc) return rc == 1 ? LQA_EXIT_OK : LQA_EXIT_USAGE;
    if (npos != 1) return lqa_usage_error("step", "give one database (see --help)");
    if (!Ts) return lqa_usage_error("step", "--T is required");
    static double Tv[MAXT];
    size_t nT = lqa_parse_range(Ts, Tv, MAXT);
    if (nT == 0) return lqa_usage_error("step", "--T '%s': bad value or range", Ts);
    for (size_t i = 0; i < nT; i++)
        if (!(Tv[i] > 0.0)) return lqa_usage_error("step", "--T: %g K is not > 0", Tv[i]);
    if ((rc = check_outs(&outs)) != 0) return rc;
    lqa_thermo t;
    rc = lqa_thermo_open(ctx, "step", pos[0], comps, NULL, &t);
    if (rc) return rc;
    double x[LQA_THERMO_MAXC], xv[1];
    size_t rcomp, nx;
    rc = lqa_thermo_parse_x("step", &t, &xs, x, &rcomp, xv, 1, &nx);
    if (!rc && rcomp < t.ncomp) rc = lqa_usage_error("step", "--x takes single values here");
    lq_step_result *r = NULL;
    if (!rc) {
        lq_step_options so;
        lq_step_options_default(&so);
        so.x = x;
        so.ncomp = t.ncomp;
        so.T_K = Tv;
        so.n_T = nT;
        lq_diag d;
        lq_diag_clear(&d);
        lq_status st = lq_step_compute(t.ws, &so, &r, &d);
        if (st != LQ_OK) rc = lqa_fail("step", st, &d);
    }
    size_t failed = r ? drop_failed(r) : 0;
    if (!rc) {
        step_out o;
        step_out_init(&o, &t, x, r);
        rc = outputs(&o, &t, Tv, nT, &outs, ctx);
    }
    if (!rc && failed) {
        fprintf(stderr, "liquidus step: %zu of %zu temperatures without an equilibrium, skipped\n",
                failed, failed + r->n_T);
        rc = LQA_EXIT_FAIL;
    }
    lq_step_result_free(r);
    lqa_thermo_close(&t);
    return rc;
}

const lq_cmd lq_cmd_step = {"step", "phase fractions over a temperature sweep (STEP)", run};
