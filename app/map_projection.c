/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `liquidus map DB --comps A,B,C --projection`: liquidus projection of a ternary as text, CSV,
 * JSON and figure. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "demo_thermo.h"
#include "liquidus/core.h"
#include "liquidus/plot.h"
#include "map_ternary.h"

/* One CSV row per line point and per invariant. */
static lq_status write_csv(const void *vr, const lq_system *sys, const char *path, lq_diag *d) {
    const lq_liquidus_projection *r = vr;
    char xn[3][48];
    const char *names[7] = {"kind", "line", "phases", "T_K", xn[0], xn[1], xn[2]};
    for (size_t c = 0; c < 3; c++)
        snprintf(xn[c], sizeof xn[c], "x_%s", lq_system_component_name(sys, c));
    lq_csv *cs = NULL;
    lq_status st = lq_csv_open(path, names, 7,
                               "liquidus map: liquidus projection, P = 101325 Pa; x = liquid "
                               "composition; phases = the solids saturating it",
                               &cs, d);
    size_t nrow = r->n_points + r->n_invariants;
    for (size_t i = 0; st == LQ_OK && i < nrow; i++) {
        int inv = i >= r->n_points;
        const double *x = inv ? r->invariants[i - r->n_points].x : r->points[i].x;
        char v[7][128];
        const char *row[7];
        size_t line = 0;
        for (size_t l = 0; !inv && l < r->n_lines; l++)
            if (i >= r->lines[l].first && i < r->lines[l].first + r->lines[l].n) line = l;
        snprintf(v[0], sizeof v[0], "%s", inv ? "invariant" : "univariant");
        snprintf(v[1], sizeof v[1], "%zu", inv ? i - r->n_points : line);
        if (inv) {
            const size_t *ph = r->invariants[i - r->n_points].phase;
            snprintf(v[2], sizeof v[2], "%s + %s + %s", lqa_map_phase_name(sys, ph[0]),
                     lqa_map_phase_name(sys, ph[1]), lqa_map_phase_name(sys, ph[2]));
        } else {
            snprintf(v[2], sizeof v[2], "%s + %s", lqa_map_phase_name(sys, r->points[i].phase[0]),
                     lqa_map_phase_name(sys, r->points[i].phase[1]));
        }
        snprintf(v[3], sizeof v[3], "%.17g",
                 inv ? r->invariants[i - r->n_points].T : r->points[i].T);
        for (size_t c = 0; c < 3; c++) snprintf(v[4 + c], sizeof v[4 + c], "%.17g", x[c]);
        for (size_t k = 0; k < 7; k++) row[k] = v[k];
        st = lq_csv_row_str(cs, row, 7);
    }
    return lqa_map_csv_end(cs, st, d);
}

static cJSON *to_json(const void *vr, const lq_system *sys, const char *db) {
    const lq_liquidus_projection *r = vr;
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "database", db);
    cJSON *c = cJSON_AddArrayToObject(o, "components");
    for (size_t i = 0; i < 3; i++)
        cJSON_AddItemToArray(c, cJSON_CreateString(lq_system_component_name(sys, i)));
    cJSON_AddStringToObject(o, "liquid", lqa_map_phase_name(sys, r->liquid));
    cJSON_AddNumberToObject(o, "P_Pa", 101325.0);
    cJSON *nodes = cJSON_AddArrayToObject(o, "grid_nodes");
    for (size_t i = 0; i < r->n_nodes; i++) {
        if (!r->nodes[i].ok) continue;
        cJSON *e = cJSON_CreateObject();
        cJSON_AddItemToObject(e, "x", cJSON_CreateDoubleArray(r->nodes[i].x, 3));
        cJSON_AddNumberToObject(e, "liquidus_T_K", r->nodes[i].T);
        cJSON_AddStringToObject(e, "primary_phase", lqa_map_phase_name(sys, r->nodes[i].primary));
        cJSON_AddItemToArray(nodes, e);
    }
    cJSON *lines = cJSON_AddArrayToObject(o, "univariant_lines");
    for (size_t l = 0; l < r->n_lines; l++) {
        cJSON *e = cJSON_CreateObject(), *ph = cJSON_AddArrayToObject(e, "solids");
        for (int k = 0; k < 2; k++)
            cJSON_AddItemToArray(ph,
                                 cJSON_CreateString(lqa_map_phase_name(sys, r->lines[l].phase[k])));
        cJSON *pts = cJSON_AddArrayToObject(e, "points");
        for (size_t k = 0; k < r->lines[l].n; k++) {
            const lq_liquidus_projection_point *p = &r->points[r->lines[l].first + k];
            cJSON *q = cJSON_CreateObject();
            cJSON_AddNumberToObject(q, "T_K", p->T);
            cJSON_AddItemToObject(q, "x_liquid", cJSON_CreateDoubleArray(p->x, 3));
            cJSON_AddItemToArray(pts, q);
        }
        cJSON_AddItemToArray(lines, e);
    }
    cJSON *inv = cJSON_AddArrayToObject(o, "invariants");
    for (size_t i = 0; i < r->n_invariants; i++) {
        cJSON *e = cJSON_CreateObject(), *ph = cJSON_AddArrayToObject(e, "solids");
        for (int k = 0; k < 3; k++)
            cJSON_AddItemToArray(
                ph, cJSON_CreateString(lqa_map_phase_name(sys, r->invariants[i].phase[k])));
        cJSON_AddNumberToObject(e, "T_K", r->invariants[i].T);
        cJSON_AddItemToObject(e, "x_liquid", cJSON_CreateDoubleArray(r->invariants[i].x, 3));
        cJSON_AddItemToArray(inv, e);
    }
    cJSON_AddNumberToObject(o, "equilibria_evaluated", (double)r->n_equilibria);
    cJSON_AddNumberToObject(o, "solves_rejected", (double)r->n_failed);
    return o;
}

static void print_text(const void *vr, const lq_system *sys) {
    const lq_liquidus_projection *r = vr;
    printf(
        "Liquidus projection: %zu univariant lines (%zu points), %zu invariants (%zu "
        "equilibria)\n",
        r->n_lines, r->n_points, r->n_invariants, r->n_equilibria);
    for (size_t l = 0; l < r->n_lines; l++) {
        const lq_liquidus_projection_line *L = &r->lines[l];
        const lq_liquidus_projection_point *a = &r->points[L->first],
                                           *b = &r->points[L->first + L->n - 1];
        printf(
            "  L + %s + %s: %zu points, %.2f K at (%.4f, %.4f, %.4f) to %.2f K at (%.4f, "
            "%.4f, %.4f)\n",
            lqa_map_phase_name(sys, L->phase[0]), lqa_map_phase_name(sys, L->phase[1]), L->n, a->T,
            a->x[0], a->x[1], a->x[2], b->T, b->x[0], b->x[1], b->x[2]);
    }
    for (size_t i = 0; i < r->n_invariants; i++) {
        const lq_liquidus_projection_invariant *v = &r->invariants[i];
        printf("  invariant L + %s + %s + %s: T = %.4f K, liquid (%.6f, %.6f, %.6f)\n",
               lqa_map_phase_name(sys, v->phase[0]), lqa_map_phase_name(sys, v->phase[1]),
               lqa_map_phase_name(sys, v->phase[2]), v->T, v->x[0], v->x[1], v->x[2]);
    }
}

static lq_status figure(const void *r, const lq_system *sys, const void *title, const char *path,
                        lq_diag *d) {
    return lq_plot_liquidus_projection(r, sys, title, path, d);
}

static const lqa_map_writers writers = {write_csv, to_json, figure, print_text};

int lqa_map_projection(const lqa_ctx *ctx, const char *db_arg, const char *comps,
                       const char *phases, const char *Ts, long grid, const lqa_list *outs,
                       const char *title) {
    lq_liquidus_projection_options o;
    lq_liquidus_projection_options_default(&o);
    if (Ts && (sscanf(Ts, "%lf:%lf", &o.T_min, &o.T_max) != 2 || !(o.T_min > 0.0) ||
               !(o.T_max > o.T_min)))
        return lqa_usage_error("map", "--T '%s': give TMIN:TMAX in K", Ts);
    if (grid) {
        if (grid < 2 || grid > 1000) return lqa_usage_error("map", "--grid: 2 to 1000");
        o.grid_n = (size_t)grid;
    }
    lqa_thermo t;
    int rc = lqa_thermo_open(ctx, "map", db_arg, comps, phases, &t);
    if (rc) return rc;
    lqa_progress(ctx, "liquidus map: liquidus projection of %s, %g..%g K, grid %zu", comps, o.T_min,
                 o.T_max, o.grid_n);
    lq_liquidus_projection *r = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st = lq_liquidus_projection_compute(t.ws, &o, &r, &d);
    rc = st == LQ_OK ? lqa_map_outputs(&writers, r, title, &t, outs, ctx) : lqa_fail("map", st, &d);
    lq_liquidus_projection_free(r);
    lqa_thermo_close(&t);
    return rc;
}
