/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `liquidus map DB --comps A,B,C --T K`: ternary isothermal section, CSV/JSON of every boundary
 * and the Gibbs-triangle figure. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "demo_thermo.h"
#include "liquidus/core.h"
#include "liquidus/plot.h"
#include "map_ternary.h"

static const char *end_name(lq_ternary_end e) {
    static const char *n[] = {"edge",       "tie-triangle", "point", "other phase set",
                              "unresolved", "itself (ring)"};
    return (unsigned)e < sizeof n / sizeof n[0] ? n[e] : "?";
}

static cJSON *xyz(const double *x) { return cJSON_CreateDoubleArray(x, 3); }

static cJSON *to_json(const void *vr, const lq_system *sys, const char *db) {
    const lq_ternary_section *s = vr;
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "database", db);
    cJSON *c = cJSON_AddArrayToObject(o, "components");
    for (size_t i = 0; i < 3; i++)
        cJSON_AddItemToArray(c, cJSON_CreateString(lq_system_component_name(sys, i)));
    cJSON_AddStringToObject(o, "x", "mole fractions of the components, in their order");
    cJSON_AddNumberToObject(o, "T_K", s->T);
    cJSON_AddNumberToObject(o, "P_Pa", 101325.0);
    cJSON *rg = cJSON_AddArrayToObject(o, "two_phase_regions");
    for (size_t r = 0; r < s->n_regions; r++) {
        const lq_ternary_region *g = &s->regions[r];
        cJSON *e = cJSON_CreateObject();
        cJSON *ph = cJSON_AddArrayToObject(e, "phases");
        cJSON *en = cJSON_AddArrayToObject(e, "ends");
        for (int k = 0; k < 2; k++) {
            cJSON_AddItemToArray(ph, cJSON_CreateString(lqa_map_phase_name(sys, g->phase[k])));
            cJSON *q = cJSON_CreateObject();
            cJSON_AddStringToObject(q, "closes_at", end_name(g->end[k]));
            if (g->end[k] == LQ_TERNARY_END_TRIANGLE)
                cJSON_AddNumberToObject(q, "triangle", (double)g->end_triangle[k]);
            cJSON_AddItemToArray(en, q);
        }
        cJSON *tl = cJSON_AddArrayToObject(e, "tielines");
        for (size_t i = 0; i < g->n; i++) {
            cJSON *t = cJSON_CreateArray();
            cJSON_AddItemToArray(t, xyz(g->x + 6 * i));
            cJSON_AddItemToArray(t, xyz(g->x + 6 * i + 3));
            cJSON_AddItemToArray(tl, t);
        }
        cJSON_AddItemToArray(rg, e);
    }
    cJSON *tr = cJSON_AddArrayToObject(o, "tie_triangles");
    for (size_t i = 0; i < s->n_triangles; i++) {
        cJSON *e = cJSON_CreateObject(), *ph = cJSON_AddArrayToObject(e, "phases"),
              *v = cJSON_AddArrayToObject(e, "x");
        for (int k = 0; k < 3; k++) {
            cJSON_AddItemToArray(
                ph, cJSON_CreateString(lqa_map_phase_name(sys, s->triangles[i].phase[k])));
            cJSON_AddItemToArray(v, xyz(s->triangles[i].x[k]));
        }
        cJSON_AddItemToArray(tr, e);
    }
    cJSON *fl = cJSON_AddArrayToObject(o, "fields");
    for (size_t i = 0; i < s->n_fields; i++) {
        cJSON *e = cJSON_CreateObject(), *ph = cJSON_AddArrayToObject(e, "phases");
        for (size_t k = 0; k < s->fields[i].n_phases; k++)
            cJSON_AddItemToArray(
                ph, cJSON_CreateString(lqa_map_phase_name(sys, s->fields[i].phase[k])));
        cJSON_AddItemToObject(e, "x", xyz(s->fields[i].x));
        cJSON_AddNumberToObject(e, "grid_points", (double)s->fields[i].n_grid);
        cJSON_AddItemToArray(fl, e);
    }
    cJSON_AddNumberToObject(o, "equilibria_evaluated", (double)s->n_equilibria);
    cJSON_AddNumberToObject(o, "equilibria_failed", (double)s->n_failed);
    cJSON_AddNumberToObject(o, "unresolved", (double)s->n_warnings);
    return o;
}

/* One CSV row: item (tieline / triangle), its index, the line in it, the end/vertex, phase, x. */
static lq_status row(lq_csv *c, const char *item, size_t idx, size_t line, size_t end,
                     const char *phase, const double *x) {
    char s[6][40];
    snprintf(s[0], sizeof s[0], "%zu", idx);
    snprintf(s[1], sizeof s[1], "%zu", line);
    snprintf(s[2], sizeof s[2], "%zu", end);
    for (int k = 0; k < 3; k++) snprintf(s[3 + k], sizeof s[3 + k], "%.17g", x[k]);
    const char *v[8] = {item, s[0], s[1], s[2], phase, s[3], s[4], s[5]};
    return lq_csv_row_str(c, v, 8);
}

static lq_status write_csv(const void *vr, const lq_system *sys, const char *path, lq_diag *d) {
    const lq_ternary_section *s = vr;
    char xn[3][48];
    for (int k = 0; k < 3; k++)
        snprintf(xn[k], sizeof xn[k], "x_%s", lq_system_component_name(sys, (size_t)k));
    const char *names[8] = {"item", "index", "line", "end", "phase", xn[0], xn[1], xn[2]};
    char com[160];
    snprintf(com, sizeof com,
             "liquidus map: isothermal section at T = %.6g K, P = 101325 Pa; tieline rows: both "
             "ends of each traced tie-line; triangle rows: tie-triangle vertices",
             s->T);
    lq_csv *c = NULL;
    lq_status st = lq_csv_open(path, names, 8, com, &c, d);
    for (size_t r = 0; st == LQ_OK && r < s->n_regions; r++) {
        const lq_ternary_region *g = &s->regions[r];
        for (size_t i = 0; st == LQ_OK && i < g->n; i++)
            for (size_t k = 0; st == LQ_OK && k < 2; k++)
                st = row(c, "tieline", r, i, k, lqa_map_phase_name(sys, g->phase[k]),
                         g->x + 6 * i + 3 * k);
    }
    for (size_t t = 0; st == LQ_OK && t < s->n_triangles; t++)
        for (size_t k = 0; st == LQ_OK && k < 3; k++)
            st = row(c, "triangle", t, 0, k, lqa_map_phase_name(sys, s->triangles[t].phase[k]),
                     s->triangles[t].x[k]);
    return lqa_map_csv_end(c, st, d);
}

static void print_text(const void *vr, const lq_system *sys) {
    const lq_ternary_section *s = vr;
    printf("Isothermal section %s-%s-%s at T = %.6g K, P = 101325 Pa (mole fractions)\n",
           lq_system_component_name(sys, 0), lq_system_component_name(sys, 1),
           lq_system_component_name(sys, 2), s->T);
    printf("\nTwo-phase regions (traced tie-lines):\n");
    for (size_t r = 0; r < s->n_regions; r++) {
        const lq_ternary_region *g = &s->regions[r];
        printf("  %-12s + %-12s %5zu tie-lines, closes at: %s / %s\n",
               lqa_map_phase_name(sys, g->phase[0]), lqa_map_phase_name(sys, g->phase[1]), g->n,
               end_name(g->end[0]), end_name(g->end[1]));
    }
    printf("\nTie-triangles (x of %s, %s, %s at each vertex):\n", lq_system_component_name(sys, 0),
           lq_system_component_name(sys, 1), lq_system_component_name(sys, 2));
    for (size_t t = 0; t < s->n_triangles; t++) {
        const lq_ternary_triangle *u = &s->triangles[t];
        for (int k = 0; k < 3; k++)
            printf("  %s %-12s (%.6f, %.6f, %.6f)\n", k ? " " : "*",
                   lqa_map_phase_name(sys, u->phase[k]), u->x[k][0], u->x[k][1], u->x[k][2]);
    }
    printf(
        "\n%zu equilibria (%zu did not converge and were skipped or bisected), %zu families "
        "unresolved\n",
        s->n_equilibria, s->n_failed, s->n_warnings);
}

static lq_status figure(const void *s, const lq_system *sys, const void *title, const char *path,
                        lq_diag *d) {
    return lq_plot_ternary_section(s, sys, title, path, d);
}

static const lqa_map_writers writers = {write_csv, to_json, figure, print_text};

int lqa_map_ternary(const lqa_ctx *ctx, const char *db_arg, const char *comps, const char *phases,
                    const char *Ts, const lqa_list *outs, const char *title) {
    char *end = NULL;
    double T = Ts ? strtod(Ts, &end) : 0.0;
    if (!Ts || end == Ts || *end || !(T > 0.0) || !isfinite(T))
        return lqa_usage_error("map", "a ternary needs --T K: one temperature > 0 (got '%s')",
                               Ts ? Ts : "");
    lqa_thermo t;
    int rc = lqa_thermo_open(ctx, "map", db_arg, comps, phases, &t);
    if (rc) return rc;
    lqa_progress(ctx, "liquidus map: isothermal section of %s at %g K", comps, T);
    lq_ternary_section_options o;
    lq_ternary_section_options_default(&o);
    o.T = T;
    lq_ternary_section *s = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    lqa_signals_catch(); /* a signal during the computation: no output, exit 128 + sig */
    lq_status st = lq_ternary_section_compute(t.ws, &o, &s, &d);
    if (st == LQ_OK && *lqa_cancel_flag()) st = LQ_ECANCELLED; /* s is freed below */
    rc = st == LQ_OK ? lqa_map_outputs(&writers, s, title, &t, outs, ctx) : lqa_fail("map", st, &d);
    lq_ternary_section_free(s);
    lqa_thermo_close(&t);
    return rc;
}
