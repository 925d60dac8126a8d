/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `liquidus map DB --comps A,B,C --isopleth SPEC --T TMIN:TMAX`: isopleth boundaries as text, CSV,
 * JSON and figure. */
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

#define MAXC 16

/* Parses "EL=V,EL=V" (up to `end`) into x with one component left out as the balance. */
static int parse_end(const lqa_thermo *t, const char *s, const char *end, double *x) {
    int given[MAXC] = {0};
    double sum = 0.0;
    while (s < end) {
        const char *eq = memchr(s, '=', (size_t)(end - s)), *cm = memchr(s, ',', (size_t)(end - s));
        if (!cm) cm = end;
        if (!eq || eq > cm) return -1;
        long c = lqa_thermo_comp(t, s, (size_t)(eq - s));
        char *stop = NULL;
        double v = strtod(eq + 1, &stop);
        if (c < 0 || stop != cm || !(v >= 0.0 && v <= 1.0) || given[c]) return -1;
        given[c] = 1;
        x[c] = v;
        sum += v;
        s = cm + (cm < end);
    }
    size_t nbal = 0, bal = 0;
    for (size_t c = 0; c < t->ncomp; c++)
        if (!given[c]) {
            nbal++;
            bal = c;
        }
    if (nbal != 1 || sum > 1.0 + 1e-12) return -1;
    x[bal] = fmax(0.0, 1.0 - sum);
    return 0;
}

/* "x(EL)=V" for a ternary, or "ENDA:ENDB". */
static int parse_spec(const lqa_thermo *t, const char *spec, double *x0, double *x1) {
    if (t->ncomp > MAXC) return -1;
    if (!strncasecmp(spec, "x(", 2)) {
        const char *cl = strchr(spec, ')');
        if (t->ncomp != 3 || !cl || cl[1] != '=') return -1;
        long c = lqa_thermo_comp(t, spec + 2, (size_t)(cl - spec - 2));
        char *stop = NULL;
        double v = strtod(cl + 2, &stop);
        if (c < 0 || *stop || !(v > 0.0 && v < 1.0)) return -1;
        size_t o[2], k = 0;
        for (size_t i = 0; i < 3; i++)
            if ((long)i != c) o[k++] = i;
        for (size_t i = 0; i < 3; i++) x0[i] = x1[i] = 0.0;
        x0[c] = x1[c] = v;
        x0[o[0]] = 1.0 - v;
        x1[o[1]] = 1.0 - v;
        return 0;
    }
    const char *colon = strchr(spec, ':');
    if (!colon) return -1;
    if (parse_end(t, spec, colon, x0) || parse_end(t, colon + 1, colon + strlen(colon), x1))
        return -1;
    return 0;
}

static lq_status write_csv(const void *vr, const lq_system *sys, const char *path, lq_diag *d) {
    const lq_isopleth *r = vr;
    char xn[MAXC][48];
    const char *names[5 + MAXC] = {"s", "T_K", "located_in", "phases_below", "phases_above"};
    for (size_t c = 0; c < r->ncomp; c++) {
        snprintf(xn[c], sizeof xn[c], "x_%s", lq_system_component_name(sys, c));
        names[5 + c] = xn[c];
    }
    lq_csv *cs = NULL;
    lq_status st = lq_csv_open(path, names, 5 + r->ncomp,
                               "liquidus map: isopleth boundary points, P = 101325 Pa; below/above"
                               " = smaller s or T side",
                               &cs, d);
    for (size_t i = 0; st == LQ_OK && i < r->n_points; i++) {
        const lq_isopleth_point *p = &r->points[i];
        char v[5 + MAXC][400];
        const char *row[5 + MAXC];
        snprintf(v[0], sizeof v[0], "%.17g", p->s);
        snprintf(v[1], sizeof v[1], "%.17g", p->T);
        snprintf(v[2], sizeof v[2], "%s", p->along_T ? "T" : "s");
        lq_system_phase_set_name(sys, p->phase_lo, p->n_lo, v[3], sizeof v[3]);
        lq_system_phase_set_name(sys, p->phase_hi, p->n_hi, v[4], sizeof v[4]);
        for (size_t c = 0; c < r->ncomp; c++)
            snprintf(v[5 + c], sizeof v[5 + c], "%.17g", (1.0 - p->s) * r->x0[c] + p->s * r->x1[c]);
        for (size_t k = 0; k < 5 + r->ncomp; k++) row[k] = v[k];
        st = lq_csv_row_str(cs, row, 5 + r->ncomp);
    }
    return lqa_map_csv_end(cs, st, d);
}

static cJSON *to_json(const void *vr, const lq_system *sys, const char *db) {
    const lq_isopleth *r = vr;
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "database", db);
    cJSON *c = cJSON_AddArrayToObject(o, "components");
    for (size_t i = 0; i < r->ncomp; i++)
        cJSON_AddItemToArray(c, cJSON_CreateString(lq_system_component_name(sys, i)));
    cJSON_AddItemToObject(o, "x_start", cJSON_CreateDoubleArray(r->x0, (int)r->ncomp));
    cJSON_AddItemToObject(o, "x_end", cJSON_CreateDoubleArray(r->x1, (int)r->ncomp));
    cJSON_AddNumberToObject(o, "P_Pa", 101325.0);
    cJSON *pts = cJSON_AddArrayToObject(o, "boundary_points");
    for (size_t i = 0; i < r->n_points; i++) {
        const lq_isopleth_point *p = &r->points[i];
        cJSON *e = cJSON_CreateObject();
        char buf[400];
        cJSON_AddNumberToObject(e, "s", p->s);
        cJSON_AddNumberToObject(e, "T_K", p->T);
        cJSON_AddStringToObject(e, "located_in", p->along_T ? "T" : "s");
        lq_system_phase_set_name(sys, p->phase_lo, p->n_lo, buf, sizeof buf);
        cJSON_AddStringToObject(e, "phases_below", buf);
        lq_system_phase_set_name(sys, p->phase_hi, p->n_hi, buf, sizeof buf);
        cJSON_AddStringToObject(e, "phases_above", buf);
        cJSON_AddItemToArray(pts, e);
    }
    cJSON_AddNumberToObject(o, "equilibria_evaluated", (double)r->n_equilibria);
    cJSON_AddNumberToObject(o, "equilibria_failed", (double)r->n_failed);
    return o;
}

static void print_text(const void *vr, const lq_system *sys) {
    const lq_isopleth *r = vr;
    printf("Isopleth, %zu boundary points (%zu equilibria, %zu not converged)\n", r->n_points,
           r->n_equilibria, r->n_failed);
    for (size_t i = 0; i < r->n_points; i++) {
        char lo[400], hi[400];
        lq_system_phase_set_name(sys, r->points[i].phase_lo, r->points[i].n_lo, lo, sizeof lo);
        lq_system_phase_set_name(sys, r->points[i].phase_hi, r->points[i].n_hi, hi, sizeof hi);
        printf("  s = %-9.6f T = %-12.4f %s | %s\n", r->points[i].s, r->points[i].T, lo, hi);
    }
}

static lq_status figure(const void *r, const lq_system *sys, const void *title, const char *path,
                        lq_diag *d) {
    return lq_plot_isopleth(r, sys, title, path, d);
}

static const lqa_map_writers writers = {write_csv, to_json, figure, print_text};

int lqa_map_isopleth(const lqa_ctx *ctx, const char *db_arg, const char *comps, const char *phases,
                     const char *spec, const char *Ts, const lqa_list *outs, const char *title) {
    lq_isopleth_options o;
    lq_isopleth_options_default(&o);
    if (Ts && (sscanf(Ts, "%lf:%lf", &o.T_min, &o.T_max) != 2 || !(o.T_min > 0.0) ||
               !(o.T_max > o.T_min)))
        return lqa_usage_error("map", "--T '%s': give TMIN:TMAX in K", Ts);
    lqa_thermo t;
    int rc = lqa_thermo_open(ctx, "map", db_arg, comps, phases, &t);
    if (rc) return rc;
    double x0[MAXC], x1[MAXC];
    if (parse_spec(&t, spec, x0, x1)) {
        lqa_thermo_close(&t);
        return lqa_usage_error("map",
                               "--isopleth '%s': give x(EL)=V (three components) or "
                               "A=a,B=b:C=c,D=d (each end leaves one component as balance)",
                               spec);
    }
    o.x0 = x0;
    o.x1 = x1;
    o.ncomp = t.ncomp;
    lqa_progress(ctx, "liquidus map: isopleth %s of %s, %g..%g K", spec, comps, o.T_min, o.T_max);
    char tb[256];
    if (!title) {
        snprintf(tb, sizeof tb, "%s isopleth %s", comps, spec);
        title = tb;
    }
    lq_isopleth *r = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    lqa_signals_catch(); /* a signal during the computation: no output, exit 128 + sig */
    lq_status st = lq_isopleth_compute(t.ws, &o, &r, &d);
    if (st == LQ_OK && *lqa_cancel_flag()) st = LQ_ECANCELLED; /* r is freed below */
    rc = st == LQ_OK ? lqa_map_outputs(&writers, r, title, &t, outs, ctx) : lqa_fail("map", st, &d);
    lq_isopleth_free(r);
    lqa_thermo_close(&t);
    return rc;
}
