/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `liquidus map`: the binary phase diagram of a database (invariants, boundaries, figure), or the
 * isothermal section of a ternary (app/map_ternary.c). */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "demo_thermo.h"
#include "liquidus/core.h"
#include "liquidus/plot.h"
#include "liquidus/units.h"
#include "map_ternary.h"

static const char *USAGE =
    "liquidus map DB --comps A,B [--T TMIN:TMAX[:SCAN]] [--phases P,Q] [--out FILE ...]\n"
    "                [--molpct] [--celsius] [--exp CSV] [--title TEXT] [--json]\n"
    "liquidus map DB --comps A,B,C --T K [--phases P,Q] [--out FILE ...] [--title TEXT] [--json]\n"
    "liquidus map DB --comps A,B,... --isopleth SPEC [--T TMIN:TMAX] [--out FILE ...] [--json]\n"
    "liquidus map DB --comps A,B,C --projection [--T TMIN:TMAX] [--grid N] [--out FILE ...]\n"
    "  Binary phase diagram at P = 101325 Pa: invariant reactions (three-phase equilibria with T\n"
    "  free), congruent points, transitions of the pure components and every two-phase boundary\n"
    "  traced in T. x is the mole fraction of the second component B. --out takes .json, .csv\n"
    "  (boundaries), .png, .svg or .pdf (figure) and may be repeated. --exp CSV overlays measured\n"
    "  points: two numeric columns, x(B) as mole fraction and T in K (lines with # are comments).\n"
    "  With three components (--comps or --components A,B,C) and one temperature: the isothermal\n"
    "  section, its two-phase regions as traced tie-lines, its tie-triangles and its phase "
    "fields;\n"
    "  --out .csv holds both ends of every tie-line and the triangles' vertices, .json "
    "everything,\n"
    "  .png/.svg/.pdf the Gibbs triangle (component A bottom left, B bottom right, C top).\n"
    "  --isopleth SPEC (any number of components, --T TMIN:TMAX): the vertical section along a\n"
    "  straight line of overall compositions; SPEC is x(EL)=V for a ternary (EL fixed at V, from "
    "the\n"
    "  first other component's side to the second's) or A=a,B=b:C=c,D=d (the two ends, each "
    "leaving\n"
    "  one component out as the balance). Every change of the phase set is located by bisection "
    "in\n"
    "  s (position on the line, 0..1) and in T; .csv/.json list them, the figure plots them.\n"
    "  --projection (three components): the liquidus projection: liquidus T and primary phase on\n"
    "  a grid of N divisions per side (20), the univariant lines L + A + B and the ternary\n"
    "  invariants L + A + B + C (liquid compositions, T free); .csv lists line points and\n"
    "  invariants, .json also the grid, the figure draws them with isotherms every 100 K.";

/* Reads measured (x, T_K) points: the first two columns of a CSV table; returns 0 or an exit code.
 * *x and *T are malloc'ed. */
static int read_exp(const char *path, double **xo, double **To, size_t *n) {
    lq_csv_table *t = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st = lq_csv_table_read(path, &t, &d);
    if (st != LQ_OK) return lqa_fail("map", st, &d);
    int rc = t->ncol < 2 ? lqa_usage_error("map", "%s: need x and T_K columns", path) : 0;
    for (size_t c = 0; !rc && c < 2; c++)
        if (t->bad_line[c])
            rc = lqa_usage_error("map", "%s:%ld: field %zu: '%s' is not a number", path,
                                 t->bad_line[c], c + 1, t->bad_text[c]);
    double *x = rc ? NULL : malloc(t->nrow * sizeof *x),
           *T = x ? malloc(t->nrow * sizeof *T) : NULL;
    if (!rc && (!x || !T)) rc = lqa_fail("map", LQ_ENOMEM, NULL);
    for (size_t r = 0; !rc && r < t->nrow; r++) {
        x[r] = t->values[r * t->ncol];
        T[r] = t->values[r * t->ncol + 1];
        if (!(x[r] >= 0.0 && x[r] <= 1.0) || !(T[r] > 0.0) || !isfinite(T[r]))
            rc = lqa_usage_error("map",
                                 "%s:%ld: need x (0..1) and T (K > 0) as the first two fields",
                                 path, t->line[r]);
    }
    if (!rc) *n = t->nrow;
    lq_csv_table_free(t);
    if (rc) {
        free(x);
        free(T);
        return rc;
    }
    *xo = x;
    *To = T;
    return 0;
}

static const char *point_kind(const lq_map_point *q) {
    if (q->kind == 0) return q->maximum ? "congruent (maximum)" : "congruent (minimum)";
    if (q->kind == 1) return "critical point of a gap";
    if (q->kind == 3) return q->maximum ? "boundary maximum in x" : "boundary minimum in x";
    return "pure-component transition";
}

static cJSON *to_json(const void *vm, const lq_system *sys, const char *db) {
    const lq_map_result *m = vm;
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "database", db);
    cJSON *c = cJSON_AddArrayToObject(o, "components");
    for (size_t i = 0; i < 2; i++)
        cJSON_AddItemToArray(c, cJSON_CreateString(lq_system_component_name(sys, i)));
    cJSON_AddStringToObject(o, "x", "mole fraction of the second component");
    cJSON_AddNumberToObject(o, "P_Pa", 101325.0);
    cJSON_AddNumberToObject(o, "T_min_K", m->T_min);
    cJSON_AddNumberToObject(o, "T_max_K", m->T_max);
    lqa_thermo_extrapolation("map", sys, m->T_min, m->T_max, o);
    cJSON *inv = cJSON_AddArrayToObject(o, "invariants");
    for (size_t i = 0; i < m->n_invariants; i++) {
        const lq_map_invariant *v = &m->invariants[i];
        cJSON *e = cJSON_CreateObject();
        cJSON_AddNumberToObject(e, "T_K", v->T);
        cJSON_AddNumberToObject(e, "T_spread_K", v->T_spread);
        cJSON_AddStringToObject(e, "kind", lq_map_reaction_name(v->kind));
        cJSON_AddBoolToObject(e, "degenerate", v->degenerate);
        cJSON *ph = cJSON_AddArrayToObject(e, "phases");
        for (int k = 0; k < 3; k++) {
            cJSON *p = cJSON_CreateObject();
            cJSON_AddStringToObject(p, "phase", lqa_map_phase_name(sys, v->phase[k]));
            cJSON_AddNumberToObject(p, "x", v->x[k]);
            cJSON_AddItemToArray(ph, p);
        }
        cJSON_AddItemToArray(inv, e);
    }
    cJSON *pts = cJSON_AddArrayToObject(o, "points");
    for (size_t i = 0; i < m->n_points; i++) {
        const lq_map_point *q = &m->points[i];
        cJSON *e = cJSON_CreateObject();
        cJSON_AddNumberToObject(e, "T_K", q->T);
        cJSON_AddNumberToObject(e, "x", q->x);
        cJSON_AddStringToObject(e, "kind", point_kind(q));
        cJSON_AddStringToObject(e, "phase_1", lqa_map_phase_name(sys, q->phase[0]));
        cJSON_AddStringToObject(e, "phase_2", lqa_map_phase_name(sys, q->phase[1]));
        cJSON_AddItemToArray(pts, e);
    }
    cJSON *bd = cJSON_AddArrayToObject(o, "boundaries");
    for (size_t i = 0; i < m->n_boundaries; i++) {
        const lq_map_boundary *b = &m->boundaries[i];
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "left", lqa_map_phase_name(sys, b->phase[0]));
        cJSON_AddStringToObject(e, "right", lqa_map_phase_name(sys, b->phase[1]));
        cJSON_AddNumberToObject(e, "field", b->group);
        cJSON_AddItemToObject(e, "T_K", cJSON_CreateDoubleArray(b->T, (int)b->n));
        cJSON_AddItemToObject(e, "x_left", cJSON_CreateDoubleArray(b->x[0], (int)b->n));
        cJSON_AddItemToObject(e, "x_right", cJSON_CreateDoubleArray(b->x[1], (int)b->n));
        cJSON_AddItemToArray(bd, e);
    }
    cJSON_AddNumberToObject(o, "equilibria_evaluated", (double)m->n_equilibria);
    cJSON_AddNumberToObject(o, "unresolved", (double)m->n_warnings);
    return o;
}

static lq_status write_csv(const void *vm, const lq_system *sys, const char *path, lq_diag *d) {
    const lq_map_result *m = vm;
    const char *names[6] = {"boundary", "left_phase", "right_phase", "T_K", "x_left", "x_right"};
    char com[256];
    snprintf(com, sizeof com,
             "liquidus map: two-phase boundaries of %s-%s, x = mole fraction of %s, P = 101325 Pa",
             lq_system_component_name(sys, 0), lq_system_component_name(sys, 1),
             lq_system_component_name(sys, 1));
    lq_csv *c = NULL;
    lq_status st = lq_csv_open(path, names, 6, com, &c, d);
    for (size_t i = 0; st == LQ_OK && i < m->n_boundaries; i++) {
        const lq_map_boundary *b = &m->boundaries[i];
        for (size_t k = 0; st == LQ_OK && k < b->n; k++) {
            char s[4][40];
            snprintf(s[0], sizeof s[0], "%zu", i);
            snprintf(s[1], sizeof s[1], "%.17g", b->T[k]);
            snprintf(s[2], sizeof s[2], "%.17g", b->x[0][k]);
            snprintf(s[3], sizeof s[3], "%.17g", b->x[1][k]);
            const char *row[6] = {s[0],
                                  lqa_map_phase_name(sys, b->phase[0]),
                                  lqa_map_phase_name(sys, b->phase[1]),
                                  s[1],
                                  s[2],
                                  s[3]};
            st = lq_csv_row_str(c, row, 6);
        }
    }
    return lqa_map_csv_end(c, st, d);
}

static void print_text(const void *vm, const lq_system *sys) {
    const lq_map_result *m = vm;
    const char *b = lq_system_component_name(sys, 1);
    printf("Phase diagram %s-%s, %.6g..%.6g K, P = 101325 Pa; x = mole fraction of %s\n",
           lq_system_component_name(sys, 0), b, m->T_min, m->T_max, b);
    printf("\nInvariant reactions (three phases, T solved with T free):\n");
    printf("  %-14s %-11s %-13s  %-26s %-26s %-26s\n", "T / K", "T spread/K", "kind", "phase 1 (x)",
           "phase 2 (x)", "phase 3 (x)");
    for (size_t i = 0; i < m->n_invariants; i++) {
        const lq_map_invariant *v = &m->invariants[i];
        char ph[3][64];
        for (int k = 0; k < 3; k++)
            snprintf(ph[k], sizeof ph[k], "%s (%.6g)", lqa_map_phase_name(sys, v->phase[k]),
                     v->x[k]);
        printf("  %-14.6f %-11.2g %-13s  %-26s %-26s %-26s%s\n", v->T, v->T_spread,
               lq_map_reaction_name(v->kind), ph[0], ph[1], ph[2],
               v->degenerate ? "  degenerate at a pure end" : "");
    }
    printf(
        "\nCongruent points, critical points, pure-component transitions, extrema of "
        "boundaries:\n");
    for (size_t i = 0; i < m->n_points; i++) {
        const lq_map_point *q = &m->points[i];
        printf("  %-14.6f x = %-10.6g %-27s %s / %s\n", q->T, q->x, point_kind(q),
               lqa_map_phase_name(sys, q->phase[0]), lqa_map_phase_name(sys, q->phase[1]));
    }
    printf("\n%zu traced boundary pairs, %zu equilibria evaluated", m->n_boundaries,
           m->n_equilibria);
    if (m->n_warnings) printf(", %zu tie-lines or events unresolved", m->n_warnings);
    printf("\n");
}

static lq_status figure(const void *m, const lq_system *sys, const void *po, const char *path,
                        lq_diag *d) {
    return lq_plot_phase_diagram(m, sys, po, path, d);
}

static const lqa_map_writers writers = {write_csv, to_json, figure, print_text};

static int parse_T(const char *s, lq_map_options *o) {
    double a, b, c;
    int n = sscanf(s, "%lf:%lf:%lf", &a, &b, &c);
    if (n < 2 || !(a > 0.0) || !(b > a) || (n == 3 && !(c > 0.0))) return -1;
    o->T_min = a;
    o->T_max = b;
    if (n == 3) o->dT_scan = c;
    return 0;
}

static int check_outs(const lqa_list *outs) {
    for (size_t i = 0; i < outs->n; i++) {
        const char *e = strrchr(outs->v[i], '.');
        if (!e || (strcasecmp(e, ".json") && strcasecmp(e, ".csv") && strcasecmp(e, ".png") &&
                   strcasecmp(e, ".svg") && strcasecmp(e, ".pdf")))
            return lqa_usage_error("map",
                                   "--out %s: the name must end in .json, .csv, .png, "
                                   ".svg or .pdf",
                                   outs->v[i]);
    }
    return 0;
}

static int ternary(const lqa_ctx *ctx, const char *db, const char *comps, const char *phases,
                   const char *Ts, const lqa_list *outs, const char *title, const char *exp,
                   int binary_flags) {
    if (exp || binary_flags)
        return lqa_usage_error("map", "--exp, --molpct and --celsius are for binary diagrams");
    int rc = check_outs(outs);
    return rc ? rc : lqa_map_ternary(ctx, db, comps, phases, Ts, outs, title);
}

static int isopleth(const lqa_ctx *ctx, const char *db, const char *comps, const char *phases,
                    const char *spec, const char *Ts, const lqa_list *outs, const char *title) {
    if (!comps || !strchr(comps, ','))
        return lqa_usage_error("map", "--isopleth needs --comps with two or more components");
    int rc = check_outs(outs);
    return rc ? rc : lqa_map_isopleth(ctx, db, comps, phases, spec, Ts, outs, title);
}

static int projection(const lqa_ctx *ctx, const char *db, const char *comps, const char *phases,
                      const char *Ts, long grid, const lqa_list *outs, const char *title) {
    const char *c2 = comps ? strchr(comps, ',') : NULL, *c3 = c2 ? strchr(c2 + 1, ',') : NULL;
    if (!c3 || strchr(c3 + 1, ','))
        return lqa_usage_error("map", "--projection needs --comps with three components");
    int rc = check_outs(outs);
    return rc ? rc : lqa_map_projection(ctx, db, comps, phases, Ts, grid, outs, title);
}

static int run(int argc, char **argv, const lqa_ctx *ctx) {
    const char *comps = NULL, *Ts = NULL, *phases = NULL, *exp = NULL, *title = NULL, *iso = NULL;
    int molpct = 0, celsius = 0, proj = 0;
    long grid = 0;
    lqa_list outs = {{0}, 0};
    const lqa_opt opts[] = {
        {"comps", LQA_STRING, &comps, "A,B[,C]", "the two or three components (required)"},
        {"components", LQA_STRING, &comps, "A,B[,C]", "same as --comps"},
        {"T", LQA_STRING, &Ts, "TMIN:TMAX[:SCAN]", "temperature range, K (400:2400; scan 10 K)"},
        {"phases", LQA_STRING, &phases, "P,Q", "phases to include (default: all)"},
        {"out", LQA_LIST, &outs, "FILE", ".json, .csv, .png, .svg or .pdf (repeatable)"},
        {"molpct", LQA_FLAG, &molpct, NULL, "figure: x in mol %"},
        {"celsius", LQA_FLAG, &celsius, NULL, "figure: T in degrees C"},
        {"exp", LQA_STRING, &exp, "CSV", "figure: measured points (x, T/K)"},
        {"title", LQA_STRING, &title, "TEXT", "figure title"},
        {"isopleth", LQA_STRING, &iso, "SPEC", "isopleth: x(EL)=V or A=a,B=b:C=c,D=d"},
        {"projection", LQA_FLAG, &proj, NULL, "liquidus projection of a ternary"},
        {"grid", LQA_INT, &grid, "N", "projection: grid divisions per side (20)"},
    };
    const char *pos[2];
    size_t npos = 0;
    int rc = lqa_parse("map", USAGE, opts, sizeof opts / sizeof opts[0], argc, argv, pos, 1, &npos);
    if (rc) return rc == 1 ? LQA_EXIT_OK : LQA_EXIT_USAGE;
    if (npos != 1) return lqa_usage_error("map", "give one database (see --help)");
    if (iso) return isopleth(ctx, pos[0], comps, phases, iso, Ts, &outs, title);
    if (proj) return projection(ctx, pos[0], comps, phases, Ts, grid, &outs, title);
    const char *c2 = comps ? strchr(comps, ',') : NULL, *c3 = c2 ? strchr(c2 + 1, ',') : NULL;
    if (!c2 || (c3 && strchr(c3 + 1, ',')))
        return lqa_usage_error("map", "--comps needs two or three components, e.g. BI,ND");
    if (c3) return ternary(ctx, pos[0], comps, phases, Ts, &outs, title, exp, molpct + celsius);
    lq_map_options mo;
    lq_map_options_default(&mo);
    if (Ts && parse_T(Ts, &mo))
        return lqa_usage_error("map", "--T '%s': give TMIN:TMAX or TMIN:TMAX:SCAN in K", Ts);
    if ((rc = check_outs(&outs))) return rc;
    double *ex = NULL, *eT = NULL;
    size_t ne = 0;
    if (exp && (rc = read_exp(exp, &ex, &eT, &ne))) return rc;
    lqa_thermo t;
    rc = lqa_thermo_open(ctx, "map", pos[0], comps, phases, &t);
    if (rc) {
        free(ex);
        free(eT);
        return rc;
    }
    lqa_progress(ctx, "liquidus map: mapping %s from %g to %g K", comps, mo.T_min, mo.T_max);
    lq_map_result *m = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    lqa_signals_catch(); /* a signal during the computation: no output, exit 128 + sig */
    lq_status st = lq_map_compute(t.ws, &mo, &m, &d);
    if (st == LQ_OK && *lqa_cancel_flag()) {
        lq_map_free(m);
        m = NULL;
        st = LQ_ECANCELLED;
    }
    if (st != LQ_OK) {
        free(ex);
        free(eT);
        lqa_thermo_close(&t);
        return lqa_fail("map", st, &d);
    }
    for (size_t i = 0; i < ne && molpct; i++) ex[i] *= 100.0;
    lqa_thermo_extrapolation("map", t.sys, m->T_min, m->T_max, NULL);
    lq_plot_phase_diagram_options po = {molpct, celsius, title, ex, eT, ne, NULL};
    rc = lqa_map_outputs(&writers, m, &po, &t, &outs, ctx);
    lq_map_free(m);
    lqa_thermo_close(&t);
    free(ex);
    free(eT);
    return rc;
}

const lq_cmd lq_cmd_map = {
    "map", "binary phase diagram (invariants, boundaries) or ternary isothermal section, figure",
    run};
