/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Binary phase diagrams: scan of hull sections, exact invariants and congruent points, traced
 * two-phase boundaries (method: docs/phase-diagrams.md). */
#include <math.h>
#include <string.h>

#include "core/core_internal.h"
#include "thermo/equil/equil_internal.h"
#include "thermo/map/map_internal.h"

#define NONE ((size_t)-1)
/* Brackets of a change of the phase sequence are narrowed to this width by bisection, K. */
#define BISECT_TOL_K 0.02
/* The sampled hull places an event up to a few K away from the exact one (its chords lie above
 * the true curves); exact solves are accepted this far outside the bracket. */
#define HULL_SLACK_K 30.0
/* Bisection depth limit (a 2000 K range halves to far below BISECT_TOL_K within it). */
#define BISECT_DEPTH 40

void lq_map_options_default(lq_map_options *o) {
    if (!o) return;
    o->T_min = 400.0;
    o->T_max = 2400.0;
    o->dT_scan = 10.0;
    o->max_dx = 0.01;
}

const char *lq_map_reaction_name(lq_map_reaction k) {
    static const char *names[] = {"eutectic",   "peritectic", "eutectoid", "peritectoid",
                                  "monotectic", "syntectic",  "metatectic"};
    return (unsigned)k < sizeof names / sizeof names[0] ? names[k] : "unknown";
}

/* Growing arrays of the result. */
typedef struct builder {
    lqi_map_ctx c;
    const lq_map_options *opt;
    lq_map_result *r;
    size_t cap_inv, cap_pt, cap_bd, cap_f;
} builder;

static int is_liquid(const lq_eq_ws *ws, size_t p) {
    const char *n = ws->m.phases[p].name;
    return n && (strstr(n, "LIQ") != NULL || strcmp(n, "L") == 0);
}

static lq_status grow(void **arr, size_t *cap, size_t n, size_t elem) {
    if (n < *cap) return LQ_OK;
    size_t nc = *cap ? 2 * *cap : 16;
    void *p = lqi_realloc(*arr, nc * elem);
    if (!p) return LQ_ENOMEM;
    *arr = p;
    *cap = nc;
    return LQ_OK;
}

/* ---------------------------------------------------------------- events */

/* Constitution of occurrence o for the end facing `side` (-1 low x, +1 high x, 0 middle). */
static void occ_y(builder *b, const lqi_map_occ *o, int side, double *y) {
    const lq_eq_ws *ws = b->c.ws;
    size_t nc = ws->pi[o->phase].nc;
    const double *lo = lqi_map_sample_y(&b->c, o->j_lo), *hi = lqi_map_sample_y(&b->c, o->j_hi);
    for (size_t i = 0; i < nc; i++)
        y[i] = side < 0 ? lo[i] : side > 0 ? hi[i] : 0.5 * (lo[i] + hi[i]);
}

static void classify(const lq_eq_ws *ws, lq_map_invariant *v) {
    int l0 = is_liquid(ws, v->phase[0]), l1 = is_liquid(ws, v->phase[1]),
        l2 = is_liquid(ws, v->phase[2]);
    int outer_liq = l0 + l2;
    if (v->middle_above) {
        if (l1)
            v->kind = outer_liq ? LQ_MAP_MONOTECTIC : LQ_MAP_EUTECTIC;
        else
            v->kind = outer_liq ? LQ_MAP_METATECTIC : LQ_MAP_EUTECTOID;
    } else {
        if (outer_liq == 2)
            v->kind = LQ_MAP_SYNTECTIC;
        else if (outer_liq == 1 || l1)
            v->kind = LQ_MAP_PERITECTIC;
        else
            v->kind = LQ_MAP_PERITECTOID;
    }
    int e0 = 0, e1 = 0;
    for (int k = 0; k < 3; k++) {
        e0 += v->x[k] < 1e-6;
        e1 += v->x[k] > 1.0 - 1e-6;
    }
    v->degenerate = e0 >= 2 || e1 >= 2;
}

/*
 * Solves the invariant of three phases (constitutions in y[0..2]) from T0: the two outermost in x
 * carry the amount, the middle one is held at zero, T is free. A second solve from T0 + 0.5 K gives
 * the spread of the converged T. Accepted inside [lo - 1, hi + 1] K.
 */
static lq_status solve_invariant(builder *b, const size_t *ph_in, double *const *y_in, double T0,
                                 double lo, double hi, int middle_phase_above_hint,
                                 size_t hint_phase, int hint_is_above) {
    lqi_map_ctx *c = &b->c;
    size_t maxc = c->ws->maxc;
    double x[3];
    for (int k = 0; k < 3; k++) x[k] = lqi_map_x_of(c, ph_in[k], y_in[k]);
    int o[3] = {0, 1, 2};
    for (int i = 1; i < 3; i++)
        for (int j = i; j > 0 && x[o[j]] < x[o[j - 1]]; j--) {
            int t = o[j];
            o[j] = o[j - 1];
            o[j - 1] = t;
        }
    size_t ph[3];
    double ybuf[3][64], *y[3] = {ybuf[0], ybuf[1], ybuf[2]};
    if (maxc > 64) return LQ_EINVAL;
    for (int k = 0; k < 3; k++) {
        ph[k] = ph_in[o[k]];
        memcpy(y[k], y_in[o[k]], c->ws->pi[ph[k]].nc * sizeof(double));
    }
    double x0 = 0.5 * (x[o[0]] + x[o[2]]);
    if (!(x0 > 0.0 && x0 < 1.0)) return LQ_ENOCONV;
    double T = T0, xo[3];
    lq_status st = lqi_map_solve(c, &T, 3, ph, y, 1, 1, x0, xo);
    if (st != LQ_OK) return st;
    if (!(T > lo - HULL_SLACK_K && T < hi + HULL_SLACK_K)) return LQ_ENOCONV;
    /* independent restart for the spread */
    double ybuf2[3][64], *y2[3] = {ybuf2[0], ybuf2[1], ybuf2[2]};
    for (int k = 0; k < 3; k++) {
        memcpy(y2[k], y_in[o[k]], c->ws->pi[ph[k]].nc * sizeof(double));
    }
    double T2 = T0 + 0.5, xo2[3];
    double x02 = 0.5 * (xo[0] + xo[2]);
    lq_status st2 = lqi_map_solve(c, &T2, 3, ph, y2, 1, 1, x02, xo2);
    /* re-sort by the converged x (the start order can differ at a degenerate end) */
    int q[3] = {0, 1, 2};
    for (int i = 1; i < 3; i++)
        for (int j = i; j > 0 && xo[q[j]] < xo[q[j - 1]]; j--) {
            int t = q[j];
            q[j] = q[j - 1];
            q[j - 1] = t;
        }
    /* two sets of one phase that merged: not an invariant (e.g. a critical point instead) */
    for (int i = 0; i < 3; i++)
        for (int j = i + 1; j < 3; j++)
            if (ph[q[i]] == ph[q[j]] && fabs(xo[q[i]] - xo[q[j]]) < 1e-4) return LQ_ENOCONV;
    /* duplicates */
    for (size_t i = 0; i < b->r->n_invariants; i++) {
        lq_map_invariant *v = &b->r->invariants[i];
        if (fabs(v->T - T) < 1e-3 && v->phase[0] == ph[q[0]] && v->phase[1] == ph[q[1]] &&
            v->phase[2] == ph[q[2]])
            return LQ_OK;
    }
    st =
        grow((void **)&b->r->invariants, &b->cap_inv, b->r->n_invariants, sizeof(lq_map_invariant));
    if (st != LQ_OK) return st;
    lq_map_invariant *v = &b->r->invariants[b->r->n_invariants++];
    memset(v, 0, sizeof *v);
    v->T = T;
    v->T_spread = st2 == LQ_OK ? fabs(T2 - T) : (double)HUGE_VAL;
    for (int k = 0; k < 3; k++) {
        v->phase[k] = ph[q[k]];
        v->x[k] = xo[q[k]];
    }
    v->middle = 1;
    if (hint_phase == NONE)
        v->middle_above = middle_phase_above_hint;
    else
        v->middle_above = v->phase[1] == hint_phase ? hint_is_above : !hint_is_above;
    classify(c->ws, v);
    return LQ_OK;
}

static lq_status add_point(builder *b, double T, double x, size_t p0, size_t p1, int kind,
                           int maximum) {
    for (size_t i = 0; i < b->r->n_points; i++) {
        lq_map_point *q = &b->r->points[i];
        if (q->kind == kind && fabs(q->T - T) < 1e-3 && fabs(q->x - x) < 1e-3 &&
            ((q->phase[0] == p0 && q->phase[1] == p1) || (q->phase[0] == p1 && q->phase[1] == p0)))
            return LQ_OK;
    }
    lq_status st = grow((void **)&b->r->points, &b->cap_pt, b->r->n_points, sizeof(lq_map_point));
    if (st != LQ_OK) return st;
    lq_map_point *q = &b->r->points[b->r->n_points++];
    q->T = T;
    q->x = x;
    q->phase[0] = p0;
    q->phase[1] = p1;
    q->kind = kind;
    q->maximum = maximum;
    return LQ_OK;
}

/*
 * Congruent point of phase B inside the field of phase A (A on both sides of B on the side where B
 * exists): the temperature at which B appears at overall composition x0 (A alone at x0, B held at
 * zero, T free) is extremal at the congruent composition; a compound needs one solve at its x,
 * a solution a golden-section search over x0.
 */
static lq_status solve_congruent(builder *b, size_t pa, const double *ya, size_t pb,
                                 const double *yb, double T0, int maximum) {
    lqi_map_ctx *c = &b->c;
    size_t maxc = c->ws->maxc;
    if (maxc > 64) return LQ_EINVAL;
    double xb = lqi_map_x_of(c, pb, yb);
    size_t ph[2] = {pa, pb};
    double bestT = (double)NAN, bestx = xb;
    double lo = fmax(1e-9, xb - 0.05), hi = fmin(1.0 - 1e-9, xb + 0.05);
    int nfree = lqi_map_nfree(c, pb) > 0;
    int iters = nfree ? 30 : 1;
    const double gr = 0.5 * (sqrt(5.0) - 1.0);
    double a = lo, d = hi;
    for (int it = 0; it < iters; it++) {
        double xs[2] = {nfree ? d - gr * (d - a) : xb, a + gr * (d - a)};
        double Ts[2] = {(double)NAN, (double)NAN};
        for (int k = 0; k < (nfree ? 2 : 1); k++) {
            double y0[64], y1[64], *y[2] = {y0, y1};
            memcpy(y0, ya, c->ws->pi[pa].nc * sizeof *y0);
            memcpy(y1, yb, c->ws->pi[pb].nc * sizeof *y1);
            double T = T0;
            if (lqi_map_solve(c, &T, 2, ph, y, 1, 1, xs[k], NULL) == LQ_OK) Ts[k] = T;
            if (isfinite(Ts[k]) &&
                (!isfinite(bestT) || (maximum ? Ts[k] > bestT : Ts[k] < bestT))) {
                bestT = Ts[k];
                bestx = xs[k];
            }
        }
        if (!nfree) break;
        int keep_left =
            isfinite(Ts[0]) && (!isfinite(Ts[1]) || (maximum ? Ts[0] > Ts[1] : Ts[0] < Ts[1]));
        if (keep_left)
            d = xs[1];
        else
            a = xs[0];
        if (d - a < 1e-10) break;
    }
    if (!isfinite(bestT) || fabs(bestT - T0) > HULL_SLACK_K) return LQ_ENOCONV;
    return add_point(b, bestT, bestx, pa, pb, 0, maximum);
}

static void warn(builder *b) { b->r->n_warnings++; }

/*
 * An elementary change of the phase sequence between sections lo and hi (T_lo < T_hi), solved
 * exactly. Unresolved changes count as warnings.
 */
static lq_status resolve_change(builder *b, const lqi_map_section *lo, const lqi_map_section *hi) {
    size_t na = lo->n, nb = hi->n, p = 0, s = 0;
    while (p < na && p < nb && lo->occ[p].phase == hi->occ[p].phase) p++;
    while (s < na - p && s < nb - p && lo->occ[na - 1 - s].phase == hi->occ[nb - 1 - s].phase) s++;
    size_t ma = na - p - s, mb = nb - p - s;
    double T0 = 0.5 * (lo->T + hi->T);
    size_t maxc = b->c.ws->maxc;
    double *Y = b->c.ybuf, *y[3] = {Y, Y + maxc, Y + 2 * maxc};
    if (ma + mb == 1) {
        const lqi_map_section *w = ma ? lo : hi; /* the side where the extra phase exists */
        int above = w == hi;
        const lqi_map_occ *B = &w->occ[p];
        const lqi_map_occ *L = p > 0 ? &w->occ[p - 1] : NULL;
        const lqi_map_occ *R = p + 1 < w->n ? &w->occ[p + 1] : NULL;
        int gapL = L && L->phase == B->phase, gapR = R && R->phase == B->phase;
        if (L && R) {
            size_t ph[3] = {L->phase, B->phase, R->phase};
            occ_y(b, L, 1, y[0]);
            occ_y(b, B, 0, y[1]);
            occ_y(b, R, -1, y[2]);
            lq_status st = solve_invariant(b, ph, y, T0, lo->T, hi->T, above, B->phase, above);
            if (st != LQ_ENOCONV) return st;
        }
        if (gapL || gapR) {
            /* a miscibility gap opens or closes (also next to a pure end): critical point */
            double xm = gapL ? 0.5 * (L->x_hi + B->x_lo) : 0.5 * (B->x_hi + R->x_lo);
            return add_point(b, T0, xm, B->phase, B->phase, 1, above);
        }
        if (!L || !R) return LQ_OK; /* at a pure end: a pure transition */
        warn(b);
        return LQ_OK;
    }
    if ((ma == 0 && mb == 2) || (ma == 2 && mb == 0)) {
        const lqi_map_section *w = ma ? lo : hi;
        int maximum = w == lo; /* two-phase fields below T: a maximum (melting point) */
        if (p > 0 && w->occ[p + 1].phase == w->occ[p - 1].phase) {
            occ_y(b, &w->occ[p - 1], 1, y[0]);
            occ_y(b, &w->occ[p], 0, y[1]);
            lq_status st =
                solve_congruent(b, w->occ[p - 1].phase, y[0], w->occ[p].phase, y[1], T0, maximum);
            if (st == LQ_ENOCONV) warn(b);
            return st == LQ_ENOCONV ? LQ_OK : st;
        }
        if (p + 2 < w->n && w->occ[p].phase == w->occ[p + 2].phase) {
            occ_y(b, &w->occ[p + 2], -1, y[0]);
            occ_y(b, &w->occ[p + 1], 0, y[1]);
            lq_status st = solve_congruent(b, w->occ[p + 2].phase, y[0], w->occ[p + 1].phase, y[1],
                                           T0, maximum);
            if (st == LQ_ENOCONV) warn(b);
            return st == LQ_ENOCONV ? LQ_OK : st;
        }
        if (p == 0 || p + 2 >= w->n) return LQ_OK; /* two phases at a pure end */
        warn(b);
        return LQ_OK;
    }
    if (ma == 1 && mb == 1) {
        /* a phase replaced by another: two reactions closer than the bracket. At a pure end this
         * is the degenerate invariant next to the pure component's transition. */
        if (p == 0 && na >= 2) {
            size_t ph[3] = {lo->occ[0].phase, hi->occ[0].phase, lo->occ[1].phase};
            occ_y(b, &lo->occ[0], 1, y[0]);
            occ_y(b, &hi->occ[0], 1, y[1]);
            occ_y(b, &lo->occ[1], -1, y[2]);
            lq_status st = solve_invariant(b, ph, y, T0, lo->T, hi->T, 0, hi->occ[0].phase, 1);
            if (st == LQ_ENOCONV) warn(b);
            return st == LQ_ENOCONV ? LQ_OK : st;
        }
        if (s == 0 && na >= 2) {
            size_t ph[3] = {lo->occ[na - 2].phase, lo->occ[na - 1].phase, hi->occ[nb - 1].phase};
            occ_y(b, &lo->occ[na - 2], 1, y[0]);
            occ_y(b, &lo->occ[na - 1], -1, y[1]);
            occ_y(b, &hi->occ[nb - 1], -1, y[2]);
            lq_status st = solve_invariant(b, ph, y, T0, lo->T, hi->T, 0, hi->occ[nb - 1].phase, 1);
            if (st == LQ_ENOCONV) warn(b);
            return st == LQ_ENOCONV ? LQ_OK : st;
        }
        /* interior: try the two invariants the replacement implies */
        size_t A = lo->occ[p].phase, B = hi->occ[p].phase;
        size_t L = lo->occ[p - 1].phase, R = lo->occ[p + 1].phase;
        int ok = 0;
        for (int k = 0; k < 2; k++) {
            size_t ph[3] = {k == 0 ? L : A, k == 0 ? A : B, k == 0 ? B : R};
            occ_y(b, &lo->occ[k == 0 ? p - 1 : p], k == 0 ? 1 : 0, y[0]);
            occ_y(b, k == 0 ? &lo->occ[p] : &hi->occ[p], 0, y[1]);
            occ_y(b, k == 0 ? &hi->occ[p] : &lo->occ[p + 1], k == 0 ? 0 : -1, y[2]);
            (void)ph;
            lq_status st = solve_invariant(b, ph, y, T0, lo->T, hi->T, 0, B, 1);
            if (st == LQ_OK)
                ok++;
            else if (st != LQ_ENOCONV)
                return st;
        }
        if (!ok) warn(b);
        return LQ_OK;
    }
    warn(b);
    return LQ_OK;
}

static int edge_only(const lqi_map_section *lo, const lqi_map_section *hi) {
    /* one occurrence added or removed at the first or last place: a pure transition */
    size_t na = lo->n, nb = hi->n, p = 0, s = 0;
    while (p < na && p < nb && lo->occ[p].phase == hi->occ[p].phase) p++;
    while (s < na - p && s < nb - p && lo->occ[na - 1 - s].phase == hi->occ[nb - 1 - s].phase) s++;
    size_t ma = na - p - s, mb = nb - p - s;
    if (ma + mb != 1 || (p != 0 && s != 0)) return 0;
    /* not when the extra occurrence repeats its neighbour's phase (a gap next to the end) */
    const lqi_map_section *w = ma ? lo : hi;
    size_t ph = w->occ[p].phase;
    return !((p > 0 && w->occ[p - 1].phase == ph) || (p + 1 < w->n && w->occ[p + 1].phase == ph));
}

static lq_status bisect(builder *b, const lqi_map_section *lo, const lqi_map_section *hi,
                        int depth) {
    if (lqi_map_section_same(lo, hi)) return LQ_OK;
    if (hi->T - lo->T <= BISECT_TOL_K || depth >= BISECT_DEPTH) {
        if (edge_only(lo, hi)) return LQ_OK;
        return resolve_change(b, lo, hi);
    }
    lqi_map_section *mid = lqi_malloc(sizeof *mid);
    if (!mid) return LQ_ENOMEM;
    lq_status st = lqi_map_section_at(&b->c, 0.5 * (lo->T + hi->T), mid);
    if (st == LQ_OK) st = bisect(b, lo, mid, depth + 1);
    if (st == LQ_OK) st = bisect(b, mid, hi, depth + 1);
    lqi_free(mid);
    return st;
}

/* ---------------------------------------------------------------- pure components */

/* Lowest pure-component end member among the phases at T; NONE when no phase has one. */
static lq_status pure_stable(builder *b, double T, size_t comp, size_t *phase) {
    lq_status st = lq_eq_reference_stable(b->c.ws, T, comp, phase, NULL, NULL);
    if (st == LQ_ENOTFOUND) {
        *phase = NONE;
        return LQ_OK;
    }
    return st;
}

static lq_status pure_dG(builder *b, double T, size_t comp, size_t pa, size_t pb, double *d) {
    double ga, gb;
    lq_status st = lq_eq_reference_G(b->c.ws, T, comp, pa, &ga, NULL, NULL, NULL, NULL);
    if (st == LQ_OK) st = lq_eq_reference_G(b->c.ws, T, comp, pb, &gb, NULL, NULL, NULL, NULL);
    if (st == LQ_OK) *d = ga - gb;
    return st;
}

/* Transitions of each pure component: where the lowest end member changes (bisection on the sign
 * of the difference of the two end members' G, then secant steps to 1e-9 K). */
static lq_status pure_transitions(builder *b) {
    const lq_map_options *o = b->opt;
    size_t n = (size_t)ceil((o->T_max - o->T_min) / o->dT_scan) + 1;
    for (size_t comp = 0; comp < 2; comp++) {
        size_t prev = NONE;
        double Tp = o->T_min;
        for (size_t k = 0; k < n; k++) {
            double T = k + 1 == n ? o->T_max : o->T_min + (double)k * o->dT_scan;
            size_t ph;
            lq_status st = pure_stable(b, T, comp, &ph);
            if (st != LQ_OK) return st;
            if (k > 0 && ph != prev && ph != NONE && prev != NONE) {
                double a = Tp, c = T, da, dc;
                st = pure_dG(b, a, comp, prev, ph, &da);
                if (st == LQ_OK) st = pure_dG(b, c, comp, prev, ph, &dc);
                if (st != LQ_OK) return st;
                for (int it = 0; it < 200 && c - a > 1e-9; it++) {
                    double m = 0.5 * (a + c), dm;
                    if (it > 40) break;
                    st = pure_dG(b, m, comp, prev, ph, &dm);
                    if (st != LQ_OK) return st;
                    if ((dm < 0.0) == (da < 0.0)) {
                        a = m;
                        da = dm;
                    } else {
                        c = m;
                        dc = dm;
                    }
                }
                double Tt = fabs(dc - da) > 0.0 ? a - da * (c - a) / (dc - da) : 0.5 * (a + c);
                st = add_point(b, Tt, comp == 0 ? 0.0 : 1.0, prev, ph, 2, 0);
                if (st != LQ_OK) return st;
            }
            prev = ph;
            Tp = T;
        }
    }
    return LQ_OK;
}

/* ---------------------------------------------------------------- tracing */

typedef struct trace_buf {
    double *T, *x0, *x1;
    size_t n, cap;
} trace_buf;

static lq_status tb_push(trace_buf *t, double T, double x0, double x1) {
    if (t->n >= t->cap) {
        size_t nc = t->cap ? 2 * t->cap : 64;
        double *a = lqi_realloc(t->T, nc * sizeof *a);
        if (!a) return LQ_ENOMEM;
        t->T = a;
        a = lqi_realloc(t->x0, nc * sizeof *a);
        if (!a) return LQ_ENOMEM;
        t->x0 = a;
        a = lqi_realloc(t->x1, nc * sizeof *a);
        if (!a) return LQ_ENOMEM;
        t->x1 = a;
        t->cap = nc;
    }
    t->T[t->n] = T;
    t->x0[t->n] = x0;
    t->x1[t->n] = x1;
    t->n++;
    return LQ_OK;
}

/* Follows a tie-line from (T, y) towards T_end with step control; appends to t. */
static lq_status march(builder *b, const size_t *ph, double *const *ys, double T, const double *x,
                       double T_end, trace_buf *t) {
    size_t maxc = b->c.ws->maxc;
    double span = fabs(T_end - T);
    if (span < 1e-9) return LQ_OK;
    double dir = T_end > T ? 1.0 : -1.0;
    double h = fmin(span, fmin(20.0, fmax(span / 8.0, 1e-3)));
    double xc[2] = {x[0], x[1]};
    double yt[2][64], *y[2] = {yt[0], yt[1]};
    while (dir * (T_end - T) > 1e-9) {
        double Tn = dir * (T + dir * h - T_end) > 0.0 ? T_end : T + dir * h;
        for (int k = 0; k < 2; k++) memcpy(y[k], ys[k], maxc * sizeof(double));
        double Ts = Tn, xn[2];
        lq_status st = lqi_map_solve(&b->c, &Ts, 2, ph, y, -1, 0, 0.5 * (xc[0] + xc[1]), xn);
        if (st != LQ_OK && st != LQ_ENOCONV) return st;
        /* two sets of one phase that merged: past a critical point */
        if (st == LQ_OK && ph[0] == ph[1] && fabs(xn[1] - xn[0]) < 1e-5) st = LQ_ENOCONV;
        double dx = st == LQ_OK ? fmax(fabs(xn[0] - xc[0]), fabs(xn[1] - xc[1])) : (double)HUGE_VAL;
        if (st != LQ_OK || (dx > b->opt->max_dx && h > 1e-4)) {
            h *= 0.5;
            if (h < 1e-7) break;
            continue;
        }
        for (int k = 0; k < 2; k++) memcpy(ys[k], y[k], maxc * sizeof(double));
        T = Tn;
        xc[0] = xn[0];
        xc[1] = xn[1];
        st = tb_push(t, T, xc[0], xc[1]);
        if (st != LQ_OK) return st;
        if (dx < 0.3 * b->opt->max_dx) h = fmin(h * 1.6, 20.0);
    }
    return LQ_OK;
}

static lq_status add_boundary(builder *b, size_t pl, size_t pr, trace_buf *t) {
    lq_status st =
        grow((void **)&b->r->boundaries, &b->cap_bd, b->r->n_boundaries, sizeof(lq_map_boundary));
    if (st != LQ_OK) return st;
    lq_map_boundary *bd = &b->r->boundaries[b->r->n_boundaries];
    memset(bd, 0, sizeof *bd);
    bd->phase[0] = pl;
    bd->phase[1] = pr;
    bd->n = t->n;
    bd->T = lqi_malloc_array(t->n, sizeof(double));
    bd->x[0] = lqi_malloc_array(t->n, sizeof(double));
    bd->x[1] = lqi_malloc_array(t->n, sizeof(double));
    if (!bd->T || !bd->x[0] || !bd->x[1]) {
        lqi_free(bd->T);
        lqi_free(bd->x[0]);
        lqi_free(bd->x[1]);
        return LQ_ENOMEM;
    }
    memcpy(bd->T, t->T, t->n * sizeof(double));
    memcpy(bd->x[0], t->x0, t->n * sizeof(double));
    memcpy(bd->x[1], t->x1, t->n * sizeof(double));
    bd->group = (int)b->r->n_boundaries;
    b->r->n_boundaries++;
    return LQ_OK;
}

/* Traces every tie-line of the section at the middle of [Tlo, Thi] over that interval. */
static lq_status trace_interval(builder *b, double Tlo, double Thi, trace_buf *up,
                                trace_buf *down) {
    lqi_map_section *sec = lqi_malloc(sizeof *sec);
    if (!sec) return LQ_ENOMEM;
    double Tm = 0.5 * (Tlo + Thi);
    lq_status st = lqi_map_section_at(&b->c, Tm, sec);
    size_t maxc = b->c.ws->maxc;
    for (size_t i = 0; st == LQ_OK && i < sec->n; i++) {
        /* single-phase field */
        const lqi_map_occ *o = &sec->occ[i];
        st = grow((void **)&b->r->fields, &b->cap_f, b->r->n_fields, sizeof(lq_map_field));
        if (st != LQ_OK) break;
        lq_map_field *f = &b->r->fields[b->r->n_fields++];
        f->phase = o->phase;
        f->T_lo = Tlo;
        f->T_hi = Thi;
        f->x_lo = i == 0 ? 0.0 : o->x_lo;
        f->x_hi = i + 1 == sec->n ? 1.0 : o->x_hi;
    }
    for (size_t i = 0; st == LQ_OK && i + 1 < sec->n; i++) {
        const lqi_map_occ *L = &sec->occ[i], *R = &sec->occ[i + 1];
        size_t ph[2] = {L->phase, R->phase};
        double yb[2][64], *y[2] = {yb[0], yb[1]};
        if (maxc > 64) {
            st = LQ_EINVAL;
            break;
        }
        occ_y(b, L, 1, y[0]);
        occ_y(b, R, -1, y[1]);
        up->n = down->n = 0;
        double T = Tm, x[2];
        x[0] = lqi_map_x_of(&b->c, ph[0], y[0]);
        x[1] = lqi_map_x_of(&b->c, ph[1], y[1]);
        if (lqi_map_nfree(&b->c, ph[0]) == 0 && lqi_map_nfree(&b->c, ph[1]) == 0) {
            st = tb_push(down, Tlo, x[0], x[1]);
            if (st == LQ_OK) st = tb_push(down, Thi, x[0], x[1]);
            if (st == LQ_OK) st = add_boundary(b, ph[0], ph[1], down);
            continue;
        }
        /* the overall x must lie between the true tie-line ends: try points across the
         * estimate, nearer either end (a terminal solution narrower than the samples) */
        static const double frac[] = {0.5, 0.9, 0.1, 0.99, 0.01, 0.999, 0.001};
        double xe[2] = {x[0], x[1]}, xm = 0.5 * (x[0] + x[1]);
        st = LQ_ENOCONV;
        for (size_t f = 0; f < sizeof frac / sizeof frac[0] && st == LQ_ENOCONV; f++) {
            occ_y(b, L, 1, y[0]);
            occ_y(b, R, -1, y[1]);
            T = Tm;
            double xt = xe[0] + frac[f] * (xe[1] - xe[0]);
            if (!(xt > 0.0 && xt < 1.0)) continue;
            st = lqi_map_solve(&b->c, &T, 2, ph, y, -1, 0, xt, x);
        }
        if (st == LQ_ENOCONV) st = lqi_map_tieline_global(&b->c, Tm, ph, xm, y, x);
        if (st == LQ_ENOCONV) {
            warn(b);
            st = LQ_OK;
            continue;
        }
        if (st != LQ_OK) break;
        double ys[2][64], *ysv[2] = {ys[0], ys[1]};
        for (int k = 0; k < 2; k++) memcpy(ysv[k], y[k], maxc * sizeof(double));
        /* a gap closing at Thi: its critical point is only bracketed by the hull, so the gap
         * is followed beyond it until the two sets merge, and the point moved there */
        lq_map_point *crit = NULL;
        double Tup = Thi;
        for (size_t k = 0; ph[0] == ph[1] && k < b->r->n_points; k++) {
            lq_map_point *q = &b->r->points[k];
            if (q->kind == 1 && q->phase[0] == ph[0] && fabs(q->T - Thi) < 1e-9) {
                crit = q;
                Tup = Thi + HULL_SLACK_K;
            }
        }
        st = march(b, ph, y, Tm, x, Tlo, down);
        if (st == LQ_OK) st = march(b, ph, ysv, Tm, x, Tup, up);
        if (st == LQ_OK && crit && up->n > 0) {
            crit->T = up->T[up->n - 1];
            crit->x = 0.5 * (up->x0[up->n - 1] + up->x1[up->n - 1]);
        }
        if (st != LQ_OK) break;
        /* join: down reversed, the middle point, up */
        trace_buf *all = down;
        size_t nd = down->n;
        for (size_t k = 0; k < nd / 2; k++) {
            double t0 = all->T[k], a0 = all->x0[k], a1 = all->x1[k];
            all->T[k] = all->T[nd - 1 - k];
            all->x0[k] = all->x0[nd - 1 - k];
            all->x1[k] = all->x1[nd - 1 - k];
            all->T[nd - 1 - k] = t0;
            all->x0[nd - 1 - k] = a0;
            all->x1[nd - 1 - k] = a1;
        }
        st = tb_push(all, Tm, x[0], x[1]);
        for (size_t k = 0; st == LQ_OK && k < up->n; k++)
            st = tb_push(all, up->T[k], up->x0[k], up->x1[k]);
        if (st == LQ_OK) st = add_boundary(b, ph[0], ph[1], all);
    }
    lqi_free(sec);
    return st;
}

/* Boundaries of one pair that meet end to end form one field (union by group index). */
static void group_boundaries(lq_map_result *r) {
    for (size_t i = 0; i < r->n_boundaries; i++)
        for (size_t j = 0; j < r->n_boundaries; j++) {
            lq_map_boundary *a = &r->boundaries[i], *c = &r->boundaries[j];
            if (i == j || a->phase[0] != c->phase[0] || a->phase[1] != c->phase[1]) continue;
            if (a->n == 0 || c->n == 0) continue;
            size_t e = a->n - 1;
            if (fabs(a->T[e] - c->T[0]) > 1e-3) continue;
            if (fabs(a->x[0][e] - c->x[0][0]) > 0.05 || fabs(a->x[1][e] - c->x[1][0]) > 0.05)
                continue;
            int g = a->group < c->group ? a->group : c->group, h = a->group + c->group - g;
            for (size_t k = 0; k < r->n_boundaries; k++)
                if (r->boundaries[k].group == h) r->boundaries[k].group = g;
        }
}

/* A miscibility gap traced up to where Newton stops near its critical point ends at that point
 * (located to the hull's bracket), so that the dome is closed. */
static lq_status close_gaps(lq_map_result *r) {
    for (size_t i = 0; i < r->n_points; i++) {
        const lq_map_point *q = &r->points[i];
        if (q->kind != 1) continue;
        for (size_t j = 0; j < r->n_boundaries; j++) {
            lq_map_boundary *b = &r->boundaries[j];
            if (b->phase[0] != q->phase[0] || b->phase[1] != q->phase[0] || b->n == 0) continue;
            size_t e = b->n - 1;
            if (!(q->T > b->T[e]) || q->T - b->T[e] > 2.0) continue;
            if (q->x < b->x[0][e] || q->x > b->x[1][e]) continue;
            double *T = lqi_realloc(b->T, (b->n + 1) * sizeof *T);
            if (!T) return LQ_ENOMEM;
            b->T = T;
            for (int k = 0; k < 2; k++) {
                double *x = lqi_realloc(b->x[k], (b->n + 1) * sizeof *x);
                if (!x) return LQ_ENOMEM;
                b->x[k] = x;
                b->x[k][b->n] = q->x;
            }
            b->T[b->n] = q->T;
            b->n++;
        }
    }
    return LQ_OK;
}

/*
 * Extrema in x of single boundaries inside their temperature range (a retrograde solvus, the nose
 * of a gamma loop): where x of one side turns, the vertex of the parabola through the turning
 * point and its two neighbours (traced points at most max_dx apart in x). Stoichiometric sides and
 * ends at an event are skipped.
 */
static lq_status boundary_extrema(builder *b) {
    lq_map_result *r = b->r;
    size_t nb = r->n_boundaries;
    for (size_t i = 0; i < nb; i++) {
        const lq_map_boundary *bd = &r->boundaries[i];
        for (int sd = 0; sd < 2; sd++) {
            if (lqi_map_nfree(&b->c, bd->phase[sd]) == 0) continue;
            const double *x = bd->x[sd], *T = bd->T;
            for (size_t k = 1; k + 1 < bd->n; k++) {
                double d0 = x[k] - x[k - 1], d1 = x[k + 1] - x[k];
                if (!(d0 * d1 < 0.0) || fabs(d0) < 1e-7 || fabs(d1) < 1e-7) continue;
                /* vertex of the parabola x(T) through the three points */
                double t0 = T[k - 1] - T[k], t2 = T[k + 1] - T[k];
                double a0 = x[k - 1] - x[k], a2 = x[k + 1] - x[k];
                double den = t0 * t2 * (t0 - t2);
                if (den == 0.0) continue;
                double A = (a0 * t2 - a2 * t0) / den, B = (a2 * t0 * t0 - a0 * t2 * t2) / den;
                double dt = A != 0.0 ? -B / (2.0 * A) : 0.0;
                if (!(dt > t0 && dt < t2)) dt = 0.0;
                double xe = x[k] + A * dt * dt + B * dt;
                lq_status st =
                    add_point(b, T[k] + dt, xe, bd->phase[sd], bd->phase[1 - sd], 3, d0 > 0.0);
                if (st != LQ_OK) return st;
            }
        }
    }
    return LQ_OK;
}

static int cmp_double(double a, double b) { return (a > b) - (a < b); }

static void sort_invariants(lq_map_result *r) {
    for (size_t i = 1; i < r->n_invariants; i++)
        for (size_t j = i; j > 0 && cmp_double(r->invariants[j].T, r->invariants[j - 1].T) < 0;
             j--) {
            lq_map_invariant t = r->invariants[j];
            r->invariants[j] = r->invariants[j - 1];
            r->invariants[j - 1] = t;
        }
}

void lq_map_free(lq_map_result *r) {
    if (!r) return;
    for (size_t i = 0; i < r->n_boundaries; i++) {
        lqi_free(r->boundaries[i].T);
        lqi_free(r->boundaries[i].x[0]);
        lqi_free(r->boundaries[i].x[1]);
    }
    lqi_free(r->boundaries);
    lqi_free(r->invariants);
    lqi_free(r->points);
    lqi_free(r->fields);
    lqi_free(r);
}

static lq_status compute(builder *b) {
    const lq_map_options *o = b->opt;
    lq_map_result *r = b->r;
    size_t n = (size_t)ceil((o->T_max - o->T_min) / o->dT_scan) + 1;
    lqi_map_section *sec = lqi_malloc_array(2, sizeof *sec);
    if (!sec) return LQ_ENOMEM;
    lq_status st = lqi_map_section_at(&b->c, o->T_min, &sec[0]);
    for (size_t k = 1; st == LQ_OK && k < n; k++) {
        double T = k + 1 == n ? o->T_max : o->T_min + (double)k * o->dT_scan;
        st = lqi_map_section_at(&b->c, T, &sec[k & 1]);
        if (st == LQ_OK) st = bisect(b, &sec[(k - 1) & 1], &sec[k & 1], 0);
    }
    lqi_free(sec);
    if (st == LQ_OK) st = pure_transitions(b);
    if (st != LQ_OK) return st;
    sort_invariants(r);
    /* breakpoints: range ends and every event temperature inside */
    size_t nbp = 2 + r->n_invariants + r->n_points, m = 0;
    double *bp = lqi_malloc_array(nbp, sizeof *bp);
    if (!bp) return LQ_ENOMEM;
    bp[m++] = o->T_min;
    bp[m++] = o->T_max;
    for (size_t i = 0; i < r->n_invariants; i++)
        if (r->invariants[i].T > o->T_min && r->invariants[i].T < o->T_max)
            bp[m++] = r->invariants[i].T;
    for (size_t i = 0; i < r->n_points; i++)
        if (r->points[i].T > o->T_min && r->points[i].T < o->T_max) bp[m++] = r->points[i].T;
    for (size_t i = 1; i < m; i++)
        for (size_t j = i; j > 0 && bp[j] < bp[j - 1]; j--) {
            double t = bp[j];
            bp[j] = bp[j - 1];
            bp[j - 1] = t;
        }
    trace_buf up = {0}, down = {0};
    for (size_t i = 0; st == LQ_OK && i + 1 < m; i++) {
        if (bp[i + 1] - bp[i] < 1e-4) continue; /* a sliver: the invariant line stands for it */
        st = trace_interval(b, bp[i], bp[i + 1], &up, &down);
    }
    lqi_free(up.T);
    lqi_free(up.x0);
    lqi_free(up.x1);
    lqi_free(down.T);
    lqi_free(down.x0);
    lqi_free(down.x1);
    lqi_free(bp);
    if (st == LQ_OK) st = close_gaps(r);
    if (st == LQ_OK) st = boundary_extrema(b);
    if (st == LQ_OK) group_boundaries(r);
    return st;
}

lq_status lq_map_compute(lq_eq_ws *ws, const lq_map_options *opt, lq_map_result **out,
                         lq_diag *diag) {
    if (!ws || !out)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "lq_map_compute: NULL argument");
    if (ws->ncomp != 2)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "components",
                            "phase diagrams are mapped for binary systems (%zu components given)",
                            ws->ncomp);
    lq_map_options o;
    lq_map_options_default(&o);
    if (opt) o = *opt;
    if (!(o.T_min > 0.0) || !(o.T_max > o.T_min) || !isfinite(o.T_max) || !(o.dT_scan > 0.0) ||
        !(o.max_dx > 0.0) || (o.T_max - o.T_min) / o.dT_scan > 1e6)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "T",
                            "temperature range %g..%g K with scan step %g K is not valid", o.T_min,
                            o.T_max, o.dT_scan);
    builder b;
    memset(&b, 0, sizeof b);
    b.opt = &o;
    b.r = lqi_calloc(1, sizeof *b.r);
    if (!b.r) return lqi_diag_set(diag, LQ_ENOMEM, NULL, 0, NULL, "out of memory");
    b.r->ncomp = 2;
    b.r->T_min = o.T_min;
    b.r->T_max = o.T_max;
    lq_status st = lqi_map_ctx_init(&b.c, ws);
    if (st == LQ_OK) st = compute(&b);
    b.r->n_equilibria = b.c.count;
    lqi_map_ctx_free(&b.c);
    if (st != LQ_OK) {
        lq_map_free(b.r);
        return lqi_diag_set(diag, st, NULL, 0, NULL, "phase diagram: %s", lq_status_str(st));
    }
    *out = b.r;
    return LQ_OK;
}

lq_status lq_map_solubility(lq_eq_ws *ws, double T, size_t solute, size_t in_phase,
                            double *x_solute, size_t *other, double *x_other, lq_diag *diag) {
    if (!ws || !x_solute || !other || ws->ncomp != 2 || solute > 1 || in_phase >= ws->m.nphase)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "solubility: bad argument");
    if (!(T > 0.0) || !isfinite(T))
        return lqi_diag_set(diag, LQ_EDOM, NULL, 0, "T", "temperature %g K is not > 0", T);
    lqi_map_ctx c;
    lq_status st = lqi_map_ctx_init(&c, ws);
    if (st != LQ_OK) return lqi_diag_set(diag, st, NULL, 0, NULL, "out of memory");
    lqi_map_section *sec = lqi_malloc(sizeof *sec);
    if (!sec) st = LQ_ENOMEM;
    if (st == LQ_OK) st = lqi_map_section_at(&c, T, sec);
    /* the occurrence of in_phase nearest the solvent's end; its neighbour towards the solute */
    size_t i = NONE;
    if (st == LQ_OK) {
        if (solute == 1) {
            for (size_t k = 0; k < sec->n && i == NONE; k++)
                if (sec->occ[k].phase == in_phase) i = k;
        } else {
            for (size_t k = sec->n; k-- > 0 && i == NONE;)
                if (sec->occ[k].phase == in_phase) i = k;
        }
        if (i == NONE || (solute == 1 && i + 1 >= sec->n) || (solute == 0 && i == 0))
            st = LQ_ENOTFOUND;
    }
    if (st == LQ_OK) {
        size_t j = solute == 1 ? i + 1 : i - 1;
        size_t maxc = ws->maxc;
        double *y[2] = {c.ybuf, c.ybuf + maxc};
        size_t ph[2] = {sec->occ[i].phase, sec->occ[j].phase};
        const double *ya = lqi_map_sample_y(&c, solute == 1 ? sec->occ[i].j_hi : sec->occ[i].j_lo);
        const double *yb = lqi_map_sample_y(&c, solute == 1 ? sec->occ[j].j_lo : sec->occ[j].j_hi);
        memcpy(y[0], ya, ws->pi[ph[0]].nc * sizeof(double));
        memcpy(y[1], yb, ws->pi[ph[1]].nc * sizeof(double));
        double xs[2], Tt = T;
        double x0 = 0.5 * (lqi_map_x_of(&c, ph[0], y[0]) + lqi_map_x_of(&c, ph[1], y[1]));
        st = lqi_map_solve(&c, &Tt, 2, ph, y, -1, 0, x0, xs);
        if (st == LQ_OK) {
            /* the solute's own fraction (1 - x would lose a solubility below 1e-16) */
            double xa[2], xb[2], at;
            lqi_eq_composition(ws, ph[0], y[0], NULL, xa, &at);
            lqi_eq_composition(ws, ph[1], y[1], NULL, xb, &at);
            *x_solute = xa[solute];
            *other = ph[1];
            if (x_other) *x_other = xb[solute];
        }
    }
    lqi_free(sec);
    lqi_map_ctx_free(&c);
    if (st == LQ_ENOTFOUND)
        return lqi_diag_set(
            diag, st, NULL, 0, "phase", "%s is not stable at %g K next to a phase richer in %s",
            ws->m.phases[in_phase].name, T, solute == 1 ? "the second" : "the first");
    if (st != LQ_OK)
        return lqi_diag_set(diag, st, NULL, 0, NULL, "solubility at %g K: %s", T,
                            lq_status_str(st));
    return LQ_OK;
}
