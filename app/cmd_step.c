/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `liquidus step`: phase amounts over a temperature sweep at fixed overall composition. */
#include <cjson/cJSON.h>
#include <math.h>
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
    "  (for a binary the figure adds points 1e-3 K either side of each invariant reaction).";

#define MAXT 20001

static int cmp_d(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/*
 * Temperatures of the figure: the sweep plus, for a binary, 1e-3 K either side of every invariant
 * of the diagram (lq_map_compute over the sweep's range) whose phases span the composition, so
 * that the phase fractions jump where they do; amounts (mol atoms) at each, [nf * nphases].
 */
static lq_status figure_grid(lqa_thermo *t, const double *x, const double *Tv, size_t nT,
                             double **Tf_out, double **af_out, size_t *nf_out) {
    size_t np = lq_system_phase_count(t->sys), nextra = 0;
    double lo = Tv[0], hi = Tv[0];
    for (size_t i = 1; i < nT; i++) {
        lo = fmin(lo, Tv[i]);
        hi = fmax(hi, Tv[i]);
    }
    lq_map_result *m = NULL;
    if (t->ncomp == 2 && hi > lo) {
        lq_map_options o;
        lq_map_options_default(&o);
        o.T_min = lo;
        o.T_max = hi;
        if (lq_map_compute(t->ws, &o, &m, NULL) != LQ_OK) m = NULL;
    }
    size_t ninv = m ? m->n_invariants : 0;
    double *Tf = malloc((nT + 2 * ninv) * sizeof *Tf);
    if (!Tf) {
        lq_map_free(m);
        return LQ_ENOMEM;
    }
    memcpy(Tf, Tv, nT * sizeof *Tf);
    for (size_t i = 0; i < ninv; i++) {
        const lq_map_invariant *v = &m->invariants[i];
        if (x[1] < v->x[0] || x[1] > v->x[2]) continue;
        for (int s = -1; s <= 1; s += 2) {
            double T = v->T + 1e-3 * s;
            if (T > lo && T < hi) Tf[nT + nextra++] = T;
        }
    }
    lq_map_free(m);
    size_t nf = nT + nextra;
    qsort(Tf, nf, sizeof *Tf, cmp_d);
    double *af = calloc(nf * np, sizeof *af);
    if (!af) {
        free(Tf);
        return LQ_ENOMEM;
    }
    for (size_t i = 0; i < nf; i++) {
        lq_status st = lq_eq_solve(t->ws, Tf[i], x, t->ncomp, t->res, NULL);
        if (st != LQ_OK) {
            free(Tf);
            free(af);
            return st;
        }
        for (size_t k = 0; k < t->res->n_phases; k++)
            af[i * np + t->res->phases[k].phase] += t->res->phases[k].amount;
    }
    *Tf_out = Tf;
    *af_out = af;
    *nf_out = nf;
    return LQ_OK;
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
    for (size_t i = 0; i < outs.n; i++) {
        const char *e = strrchr(outs.v[i], '.');
        if (!e || (strcasecmp(e, ".csv") && strcasecmp(e, ".png") && strcasecmp(e, ".svg") &&
                   strcasecmp(e, ".pdf")))
            return lqa_usage_error("step",
                                   "--out %s: the name must end in .csv, .png, .svg or "
                                   ".pdf",
                                   outs.v[i]);
    }
    lqa_thermo t;
    rc = lqa_thermo_open(ctx, "step", pos[0], comps, NULL, &t);
    if (rc) return rc;
    double x[LQA_THERMO_MAXC], xv[1];
    size_t rcomp, nx;
    rc = lqa_thermo_parse_x("step", &t, &xs, x, &rcomp, xv, 1, &nx);
    if (!rc && rcomp < t.ncomp) rc = lqa_usage_error("step", "--x takes single values here");
    size_t np = lq_system_phase_count(t.sys);
    double *amt = rc ? NULL : calloc(nT * np, sizeof *amt);
    if (!rc && !amt) rc = lqa_fail("step", LQ_ENOMEM, NULL);
    for (size_t i = 0; !rc && i < nT; i++) {
        lq_diag d;
        lq_diag_clear(&d);
        lq_status st = lq_eq_solve(t.ws, Tv[i], x, t.ncomp, t.res, &d);
        if (st != LQ_OK) {
            rc = lqa_fail("step", st, &d);
            break;
        }
        for (size_t k = 0; k < t.res->n_phases; k++)
            amt[i * np + t.res->phases[k].phase] += t.res->phases[k].amount;
    }
    int *seen = rc ? NULL : calloc(np, sizeof *seen);
    if (!rc && !seen) rc = lqa_fail("step", LQ_ENOMEM, NULL);
    size_t nseen = 0;
    for (size_t p = 0; !rc && p < np; p++) {
        for (size_t i = 0; i < nT; i++)
            if (amt[i * np + p] > 0.0) seen[p] = 1;
        nseen += (size_t)seen[p];
    }
    const char *pnames[64];
    size_t pidx[64], m = 0;
    for (size_t p = 0; !rc && p < np && m < 64; p++)
        if (seen[p]) {
            lq_phase_info in;
            lq_system_phase_info(t.sys, p, &in);
            pnames[m] = in.name;
            pidx[m++] = p;
        }
    char comp_text[256] = "";
    for (size_t c = 0; c < t.ncomp; c++) {
        size_t l = strlen(comp_text);
        snprintf(comp_text + l, sizeof comp_text - l, "%sx(%s) = %.6g", c ? ", " : "",
                 lq_system_component_name(t.sys, c), x[c]);
    }
    for (size_t o = 0; !rc && o < outs.n; o++) {
        const char *e = strrchr(outs.v[o], '.');
        lq_diag d;
        lq_diag_clear(&d);
        lq_status st = LQ_OK;
        if (!strcasecmp(e, ".csv")) {
            const char *names[65];
            char buf[64][80];
            names[0] = "T_K";
            for (size_t k = 0; k < m; k++) {
                snprintf(buf[k], sizeof buf[k], "f_%s_mol_per_mol", pnames[k]);
                names[k + 1] = buf[k];
            }
            char com[400];
            snprintf(com, sizeof com,
                     "liquidus step: phase amounts (mol atoms per mol atoms), %s, P = 101325 Pa",
                     comp_text);
            lq_csv *c = NULL;
            st = lq_csv_open(outs.v[o], names, m + 1, com, &c, &d);
            for (size_t i = 0; st == LQ_OK && i < nT; i++) {
                double row[65];
                row[0] = Tv[i];
                for (size_t k = 0; k < m; k++) row[k + 1] = amt[i * np + pidx[k]];
                st = lq_csv_row(c, row, m + 1);
            }
            if (st == LQ_OK)
                st = lq_csv_close(c, &d);
            else
                lq_csv_abort(c);
        } else {
            lq_plot *pl = NULL;
            char title[300];
            snprintf(title, sizeof title, "Phase fractions, %s", comp_text);
            st = lq_plot_create(title, "T / K", "phase fraction / mol mol^-1", &pl);
            double *Tf = NULL, *af = NULL;
            size_t nf = 0;
            if (st == LQ_OK) st = figure_grid(&t, x, Tv, nT, &Tf, &af, &nf);
            double *y = st == LQ_OK ? malloc(nf * sizeof *y) : NULL;
            if (st == LQ_OK && !y) st = LQ_ENOMEM;
            for (size_t k = 0; st == LQ_OK && k < m; k++) {
                for (size_t i = 0; i < nf; i++) y[i] = af[i * np + pidx[k]];
                st = lq_plot_add_line(pl, Tf, y, nf, NULL, pnames[k]);
            }
            free(Tf);
            free(af);
            if (st == LQ_OK) st = lq_plot_set_yrange(pl, 0.0, 1.05);
            if (st == LQ_OK) st = lq_plot_save(pl, outs.v[o], 480.0, 340.0, &d);
            free(y);
            lq_plot_free(pl);
        }
        if (st != LQ_OK)
            rc = lqa_fail("step", st, &d);
        else
            lqa_progress(ctx, "liquidus step: wrote %s", outs.v[o]);
    }
    if (!rc && ctx->json) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "database", t.path);
        cJSON *xo = cJSON_AddObjectToObject(o, "x");
        for (size_t c = 0; c < t.ncomp; c++)
            cJSON_AddNumberToObject(xo, lq_system_component_name(t.sys, c), x[c]);
        cJSON_AddItemToObject(o, "T_K", cJSON_CreateDoubleArray(Tv, (int)nT));
        cJSON *f = cJSON_AddObjectToObject(o, "phase_fraction_mol_per_mol");
        double *col = malloc(nT * sizeof *col);
        for (size_t k = 0; col && k < m; k++) {
            for (size_t i = 0; i < nT; i++) col[i] = amt[i * np + pidx[k]];
            cJSON_AddItemToObject(f, pnames[k], cJSON_CreateDoubleArray(col, (int)nT));
        }
        free(col);
        lqa_json_write(o, "-", NULL);
        cJSON_Delete(o);
    } else if (!rc) {
        printf("Phase fractions (mol atoms per mol atoms), %s, P = 101325 Pa\n  %-10s", comp_text,
               "T / K");
        for (size_t k = 0; k < m; k++) printf(" %-14s", pnames[k]);
        printf("\n");
        for (size_t i = 0; i < nT; i++) {
            printf("  %-10.6g", Tv[i]);
            for (size_t k = 0; k < m; k++) printf(" %-14.6g", amt[i * np + pidx[k]]);
            printf("\n");
        }
    }
    (void)nseen;
    free(seen);
    free(amt);
    lqa_thermo_close(&t);
    return rc;
}

const lq_cmd lq_cmd_step = {"step", "phase fractions over a temperature sweep (STEP)", run};
