/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Figure of a binary phase diagram: boundaries, filled and labelled fields, invariant lines. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/core_internal.h"
#include "liquidus/plot.h"
#include "liquidus/thermo.h"
#include "liquidus/units.h"
#include "plot/plot_internal.h"

/* Light fill colours of two-phase fields (Okabe-Ito hues, drawn with alpha 0.22). */
static const double fills[][3] = {{0.337, 0.706, 0.914}, {0.902, 0.624, 0.0},   {0.0, 0.620, 0.451},
                                  {0.800, 0.475, 0.655}, {0.941, 0.894, 0.259}, {0.0, 0.447, 0.698},
                                  {0.835, 0.369, 0.0}};
#define NFILL (sizeof fills / sizeof fills[0])

typedef struct axes {
    double xs;   /* 1 or 100 */
    double toff; /* 0 or -273.15 */
} axes;

static int is_compound(const lq_system *sys, size_t p) {
    lq_phase_info in;
    if (lq_system_phase_info(sys, p, &in) != LQ_OK) return 0;
    size_t cnt[64] = {0};
    for (size_t i = 0; i < in.n_constituents && in.sublattice_of[i] < 64; i++)
        cnt[in.sublattice_of[i]]++;
    for (size_t s = 0; s < in.n_sublattices && s < 64; s++)
        if (cnt[s] > 1) return 0;
    return 1;
}

static lq_status draw_boundaries(lq_plot *p, const lq_map_result *m, const axes *a, double *bx,
                                 double *by) {
    lq_plot_style line = {0};
    line.rgb[0] = line.rgb[1] = line.rgb[2] = 0.0;
    line.alpha = 1.0;
    line.line_width_pt = 1.1;
    lq_status st = LQ_OK;
    for (size_t i = 0; st == LQ_OK && i < m->n_boundaries; i++) {
        const lq_map_boundary *b = &m->boundaries[i];
        if (b->n < 2) continue;
        lq_plot_style fill = {0};
        const double *c = fills[(size_t)b->group % NFILL];
        memcpy(fill.rgb, c, sizeof fill.rgb);
        fill.alpha = 0.22;
        size_t n = 0;
        for (size_t k = 0; k < b->n; k++) {
            bx[n] = a->xs * b->x[0][k];
            by[n++] = b->T[k] + a->toff;
        }
        for (size_t k = b->n; k-- > 0;) {
            bx[n] = a->xs * b->x[1][k];
            by[n++] = b->T[k] + a->toff;
        }
        st = lq_plot_add_polygon(p, bx, by, n, &fill, NULL);
        for (int s = 0; st == LQ_OK && s < 2; s++) {
            for (size_t k = 0; k < b->n; k++) {
                bx[k] = a->xs * b->x[s][k];
                by[k] = b->T[k] + a->toff;
            }
            st = lq_plot_add_line(p, bx, by, b->n, &line, NULL);
        }
    }
    for (size_t i = 0; st == LQ_OK && i < m->n_invariants; i++) {
        const lq_map_invariant *v = &m->invariants[i];
        double x[2] = {a->xs * v->x[0], a->xs * v->x[2]}, y[2] = {v->T + a->toff, v->T + a->toff};
        st = lq_plot_add_line(p, x, y, 2, &line, NULL);
    }
    return st;
}

/* Size of the axes in points (figure 480 x 400 pt less the margins) and of label characters:
 * used to place field labels only where they fit. */
#define AXES_W_PT 400.0
#define AXES_H_PT 320.0
#define CHAR_W_PT 5.3
#define LABEL_H_PT 13.0

/* Name of a phase in a field label: the database name, or in the short form "L" for a liquid and
 * "(A)" for a terminal solution with a long name (at x < 1e-3 or > 1 - 1e-3 throughout). */
static void label_name(const lq_system *sys, size_t p, const double *x, size_t n, int short_form,
                       char *buf, size_t size) {
    const char *nm = lqi_plot_phase_name(sys, p);
    if (!short_form) {
        snprintf(buf, size, "%s", nm);
        return;
    }
    if (strstr(nm, "LIQ")) {
        snprintf(buf, size, "L");
        return;
    }
    if (strlen(nm) > 10 && n > 0) {
        int lo = 1, hi = 1;
        for (size_t k = 0; k < n; k++) {
            lo &= x[k] < 1e-3;
            hi &= x[k] > 1.0 - 1e-3;
        }
        if (lo || hi) {
            snprintf(buf, size, "(%s)", lq_system_component_name(sys, lo ? 0 : 1));
            return;
        }
    }
    snprintf(buf, size, "%s", nm);
}

/* Smallest width of boundary c between T - band and T + band (linear in the traced points). */
static double width_over(const lq_map_boundary *c, double T, double band) {
    double w = HUGE_VAL;
    if (T - band < c->T[0] || T + band > c->T[c->n - 1]) return -1.0;
    for (size_t k = 0; k < c->n; k++)
        if (c->T[k] >= T - band && c->T[k] <= T + band) w = fmin(w, c->x[1][k] - c->x[0][k]);
    return w;
}

/* Best place (score > 0) in field `g` for a label `need` wide (mole fraction): 24 levels across
 * each boundary's temperature range, preferring room and the middle of the whole field. */
static double place_label(const lq_map_result *m, int g, double need, double band, double *bx,
                          double *bT) {
    double best = 0.0, Tg0 = HUGE_VAL, Tg1 = -HUGE_VAL;
    for (size_t j = 0; j < m->n_boundaries; j++) {
        const lq_map_boundary *c = &m->boundaries[j];
        if (c->group != g || c->n < 2) continue;
        Tg0 = fmin(Tg0, c->T[0]);
        Tg1 = fmax(Tg1, c->T[c->n - 1]);
    }
    for (size_t j = 0; j < m->n_boundaries; j++) {
        const lq_map_boundary *c = &m->boundaries[j];
        if (c->group != g || c->n < 2) continue;
        for (int l = 1; l < 24; l++) {
            double T = c->T[0] + (c->T[c->n - 1] - c->T[0]) * (double)l / 24.0;
            double w = c->n == 2 ? c->x[1][0] - c->x[0][0] : width_over(c, T, band);
            if (w - need <= 0.0) continue;
            double mid = 1.0 - fabs((T - Tg0) / (Tg1 - Tg0) - 0.5);
            /* any comfortable room (0.04 in x beyond the text) counts the same */
            double score = fmin(1.0, 0.2 + (w - need) / 0.05) * mid * mid;
            if (score <= best) continue;
            size_t k = 0;
            while (k + 1 < c->n && c->T[k + 1] < T) k++;
            double f = c->T[k + 1] > c->T[k] ? (T - c->T[k]) / (c->T[k + 1] - c->T[k]) : 0.0;
            f = fmin(fmax(f, 0.0), 1.0);
            double x0 = c->x[0][k] + f * (c->x[0][k + 1] - c->x[0][k]);
            double x1 = c->x[1][k] + f * (c->x[1][k + 1] - c->x[1][k]);
            best = score;
            *bx = 0.5 * (x0 + x1);
            *bT = T;
        }
    }
    return best;
}

/* One label per connected two-phase field, where the text fits best inside it: with the database
 * names ("LIQUID + NDBI1") when they fit, else the short form ("L + NDBI1"). */
static lq_status label_two_phase(lq_plot *p, const lq_map_result *m, const lq_system *sys,
                                 const axes *a) {
    double band = 0.5 * LABEL_H_PT / AXES_H_PT * (m->T_max - m->T_min);
    for (size_t i = 0; i < m->n_boundaries; i++) {
        const lq_map_boundary *b = &m->boundaries[i];
        int g = b->group, first = 1;
        for (size_t j = 0; j < i; j++)
            if (m->boundaries[j].group == g) first = 0;
        if (!first || b->n == 0) continue;
        /* both forms; the database names unless the short form sits much better */
        char text[2][160];
        double score[2], bx[2] = {0.0, 0.0}, bT[2] = {0.0, 0.0};
        for (int form = 0; form < 2; form++) {
            char n0[64], n1[64];
            label_name(sys, b->phase[0], b->x[0], b->n, form, n0, sizeof n0);
            label_name(sys, b->phase[1], b->x[1], b->n, form, n1, sizeof n1);
            if (b->phase[0] == b->phase[1])
                snprintf(text[form], sizeof text[form], "%s#1 + %s#2", n0, n1);
            else
                snprintf(text[form], sizeof text[form], "%s + %s", n0, n1);
            double need = ((double)strlen(text[form]) * CHAR_W_PT + 6.0) / AXES_W_PT;
            score[form] = place_label(m, g, need, band, &bx[form], &bT[form]);
        }
        int f = score[0] > 0.0 && score[0] >= 0.7 * score[1] ? 0 : 1;
        if (!(score[f] > 0.0)) continue;
        lq_status st = lq_plot_add_label(p, a->xs * bx[f], bT[f] + a->toff, text[f]);
        if (st != LQ_OK) return st;
    }
    return LQ_OK;
}

/* Single-phase solution fields: one label per phase where its field (per interval) is largest. */
static lq_status label_single(lq_plot *p, const lq_map_result *m, const lq_system *sys,
                              const axes *a, double min_w) {
    size_t np = lq_system_phase_count(sys);
    for (size_t ph = 0; ph < np; ph++) {
        if (is_compound(sys, ph)) continue;
        double best = 0.0, bx = 0.0, bT = 0.0;
        for (size_t i = 0; i < m->n_fields; i++) {
            const lq_map_field *f = &m->fields[i];
            if (f->phase != ph) continue;
            double w = f->x_hi - f->x_lo, h = f->T_hi - f->T_lo;
            double need =
                ((double)strlen(lqi_plot_phase_name(sys, ph)) * CHAR_W_PT + 6.0) / AXES_W_PT;
            double score = w * h;
            if (w >= fmax(min_w, need) &&
                h > 1.5 * LABEL_H_PT / AXES_H_PT * (m->T_max - m->T_min) && score > best) {
                best = score;
                bx = 0.5 * (f->x_lo + f->x_hi);
                bT = 0.5 * (f->T_lo + f->T_hi);
            }
        }
        if (best > 0.0) {
            lq_status st =
                lq_plot_add_label(p, a->xs * bx, bT + a->toff, lqi_plot_phase_name(sys, ph));
            if (st != LQ_OK) return st;
        }
    }
    return LQ_OK;
}

/* Stoichiometric compounds: the name just above the top of their line. */
static lq_status label_compounds(lq_plot *p, const lq_map_result *m, const lq_system *sys,
                                 const axes *a) {
    size_t np = lq_system_phase_count(sys);
    double dy = 0.025 * (m->T_max - m->T_min);
    /* compounds close in x (Bi-Nd: NdBi2, Nd3Bi7 ...) would run together: each label steps down by
     * its height until it overlaps no earlier one */
    lqi_plot_labels *L = lqi_malloc(sizeof *L);
    if (!L) return LQ_ENOMEM;
    lqi_plot_labels_init(L, CHAR_W_PT / AXES_W_PT * a->xs,
                         LABEL_H_PT / AXES_H_PT * (m->T_max - m->T_min), 0.0, a->xs,
                         m->T_min + a->toff, m->T_max + a->toff);
    for (size_t ph = 0; ph < np; ph++) {
        if (!is_compound(sys, ph)) continue;
        double top = -HUGE_VAL, x = 0.0;
        for (size_t i = 0; i < m->n_boundaries; i++) {
            const lq_map_boundary *b = &m->boundaries[i];
            for (int s = 0; s < 2; s++)
                if (b->phase[s] == ph && b->n > 0 && b->T[b->n - 1] > top) {
                    top = b->T[b->n - 1];
                    x = b->x[s][b->n - 1];
                }
        }
        if (!isfinite(top) || x < 0.01 || x > 0.99) continue; /* a pure element */
        double y = top + dy > m->T_max - dy ? top - dy : top + dy;
        lq_status st =
            lqi_plot_label_place(p, L, a->xs * x, y + a->toff, lqi_plot_phase_name(sys, ph));
        if (st != LQ_OK) {
            lqi_free(L);
            return st;
        }
    }
    lqi_free(L);
    return LQ_OK;
}

lq_status lq_plot_phase_diagram(const lq_map_result *m, const lq_system *sys,
                                const lq_plot_phase_diagram_options *o, const char *path,
                                lq_diag *diag) {
    if (!m || !sys || !path || lq_system_component_count(sys) != 2)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "lq_plot_phase_diagram: bad argument");
    lq_plot_phase_diagram_options def = {0};
    if (!o) o = &def;
    axes a = {o->mol_percent ? 100.0 : 1.0, o->celsius ? -LQ_ZERO_CELSIUS_K : 0.0};
    const char *c0 = lq_system_component_name(sys, 0), *c1 = lq_system_component_name(sys, 1);
    char title[160], xl[96], yl[32];
    if (o->title)
        snprintf(title, sizeof title, "%s", o->title);
    else
        snprintf(title, sizeof title, "%s-%s", c0, c1);
    snprintf(xl, sizeof xl, o->mol_percent ? "x(%s) / mol%%" : "x(%s) (mole fraction)", c1);
    snprintf(yl, sizeof yl, o->celsius ? "T / \u00b0C" : "T / K");
    size_t maxn = 4;
    for (size_t i = 0; i < m->n_boundaries; i++)
        if (2 * m->boundaries[i].n > maxn) maxn = 2 * m->boundaries[i].n;
    double *bx = lqi_malloc_array(maxn, sizeof *bx), *by = lqi_malloc_array(maxn, sizeof *by);
    lq_plot *p = NULL;
    lq_status st = bx && by ? lq_plot_create(title, xl, yl, &p) : LQ_ENOMEM;
    if (st == LQ_OK) st = lq_plot_set_xrange(p, 0.0, a.xs);
    if (st == LQ_OK) st = lq_plot_set_yrange(p, m->T_min + a.toff, m->T_max + a.toff);
    if (st == LQ_OK) st = draw_boundaries(p, m, &a, bx, by);
    if (st == LQ_OK) st = label_two_phase(p, m, sys, &a);
    if (st == LQ_OK) st = label_single(p, m, sys, &a, 0.04);
    if (st == LQ_OK) st = label_compounds(p, m, sys, &a);
    if (st == LQ_OK && o->n_exp > 0 && o->exp_x && o->exp_T) {
        double *ty = lqi_malloc_array(o->n_exp, sizeof *ty);
        if (!ty) st = LQ_ENOMEM;
        for (size_t i = 0; ty && i < o->n_exp; i++) ty[i] = o->exp_T[i] + a.toff;
        lq_plot_style ps = {0};
        ps.alpha = 1.0;
        ps.rgb[0] = 0.835;
        ps.rgb[1] = 0.369;
        ps.marker = LQ_PLOT_MARKER_SQUARE;
        ps.marker_size_pt = 4.5;
        if (st == LQ_OK)
            st = lq_plot_add_points(p, o->exp_x, ty, o->n_exp, &ps,
                                    o->exp_label ? o->exp_label : "experiment");
        lqi_free(ty);
    }
    if (st == LQ_OK && o->n_exp == 0) st = lq_plot_set_legend(p, 0);
    lqi_free(bx);
    lqi_free(by);
    if (st != LQ_OK) {
        lq_plot_free(p);
        return lqi_diag_set(diag, st, NULL, 0, NULL, "phase diagram figure: %s", lq_status_str(st));
    }
    st = lq_plot_save(p, path, 480.0, 400.0, diag);
    lq_plot_free(p);
    return st;
}
