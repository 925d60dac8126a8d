/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Isothermal sections of a binary (lower convex hull of sampled G) and local Newton solves. */
#include <math.h>
#include <string.h>

#include "core/core_internal.h"
#include "liquidus/units.h"
#include "thermo/equil/equil_internal.h"
#include "thermo/map/map_internal.h"

#define SECTION_MAXSUB 16 /* sublattices closest_variant permutes (LQI_TDB_MAX_SUBL) */

/* Shell sort of sample indices by x of the second component (Ciura's gaps); the samples'
 * compositions never change, so this runs once per context. */
static void sort_by_x(size_t *idx, size_t n, const double *sx) {
    static const size_t gaps[] = {701, 301, 132, 57, 23, 10, 4, 1};
    for (size_t g = 0; g < sizeof gaps / sizeof gaps[0]; g++) {
        size_t gap = gaps[g];
        for (size_t i = gap; i < n; i++) {
            size_t t = idx[i], j = i;
            for (; j >= gap && sx[2 * idx[j - gap] + 1] > sx[2 * t + 1]; j -= gap)
                idx[j] = idx[j - gap];
            idx[j] = t;
        }
    }
}

lq_status lqi_map_ctx_init(lqi_map_ctx *c, lq_eq_ws *ws) {
    memset(c, 0, sizeof *c);
    c->ws = ws;
    c->order = lqi_malloc_array(ws->ns ? ws->ns : 1, sizeof *c->order);
    c->hull = lqi_malloc_array(ws->ns ? ws->ns : 1, sizeof *c->hull);
    c->ybuf = lqi_malloc_array(4 * ws->maxc, sizeof *c->ybuf);
    lq_status st = lq_eq_result_alloc(ws, &c->res);
    if (st != LQ_OK || !c->order || !c->hull || !c->ybuf) {
        lqi_map_ctx_free(c);
        return LQ_ENOMEM;
    }
    for (size_t j = 0; j < ws->ns; j++) c->order[j] = j;
    sort_by_x(c->order, ws->ns, ws->s_x);
    return LQ_OK;
}

void lqi_map_ctx_free(lqi_map_ctx *c) {
    if (!c) return;
    lqi_free(c->order);
    lqi_free(c->hull);
    lqi_free(c->ybuf);
    lq_eq_result_free(c->res);
    memset(c, 0, sizeof *c);
}

const double *lqi_map_sample_y(const lqi_map_ctx *c, size_t j) {
    return c->ws->s_y + j * c->ws->maxc;
}

double lqi_map_x_of(const lqi_map_ctx *c, size_t p, const double *y) {
    double x[2] = {0.0, 0.0}, atoms;
    lqi_eq_composition(c->ws, p, y, NULL, x, &atoms);
    return x[1];
}

size_t lqi_map_nfree(const lqi_map_ctx *c, size_t p) { return c->ws->pi[p].nfree; }

/* G per mole of atoms of phase p at y, at the workspace's current T. */
static lq_status g_atom(lq_eq_ws *ws, size_t p, const double *y, double *g) {
    lq_phase_eval ev;
    memset(&ev, 0, sizeof ev);
    lq_status st = ws->m.eval(ws->m.ctx, p, y, LQ_EVAL_G, &ev);
    if (st != LQ_OK) return st;
    double atoms;
    lqi_eq_composition(ws, p, y, NULL, NULL, &atoms);
    if (!(atoms > 0.0) || !isfinite(ev.G)) return LQ_EDOM;
    *g = ev.G / atoms;
    return LQ_OK;
}

/*
 * yb with its sublattices permuted to lie closest to ya, among sublattices with the same site ratio
 * and the same constituents (interchangeable: the ordered variants (Al:Ni) and (Ni:Al) of one B2
 * state, or the 4! of a four-sublattice fcc ordering, are one state). Up to 4 such sublattices
 * per group; out receives the permuted copy (nc values).
 */
static void closest_variant(const lq_phase_info *in, const double *ya, const double *yb,
                            double *out) {
    size_t ns = in->n_sublattices, nc = in->n_constituents, first[SECTION_MAXSUB + 1] = {0};
    memcpy(out, yb, nc * sizeof *out);
    if (ns > SECTION_MAXSUB) return;
    for (size_t i = 0; i < nc; i++) first[in->sublattice_of[i] + 1] = i + 1;
    for (size_t s = 1; s <= ns; s++)
        if (first[s] < first[s - 1]) first[s] = first[s - 1];
    int done[SECTION_MAXSUB] = {0};
    for (size_t s = 0; s < ns; s++) {
        if (done[s]) continue;
        size_t grp[4], g = 0, k = first[s + 1] - first[s];
        for (size_t t = s; t < ns && g < 4; t++) {
            if (in->site_ratio[t] != in->site_ratio[s] || first[t + 1] - first[t] != k) continue;
            int eq = 1;
            for (size_t i = 0; i < k && eq; i++)
                eq = strcmp(in->constituent_name[first[t] + i],
                            in->constituent_name[first[s] + i]) == 0;
            if (eq) grp[g++] = t, done[t] = 1;
        }
        if (g < 2) continue;
        /* every assignment of yb's sublattices to ya's (g^g <= 256), permutations only */
        size_t best[4] = {0, 1, 2, 3}, cur[4];
        double dbest = HUGE_VAL;
        size_t total = 1;
        for (size_t q = 0; q < g; q++) total *= g;
        for (size_t code = 0; code < total; code++) {
            size_t c = code, used = 0;
            int ok = 1;
            for (size_t q = 0; q < g; q++, c /= g) {
                cur[q] = c % g;
                if (used & ((size_t)1 << cur[q])) ok = 0;
                used |= (size_t)1 << cur[q];
            }
            if (!ok) continue;
            double d = 0.0;
            for (size_t q = 0; q < g; q++)
                for (size_t i = 0; i < k; i++)
                    d += fabs(ya[first[grp[q]] + i] - yb[first[grp[cur[q]]] + i]);
            if (d < dbest) {
                dbest = d;
                memcpy(best, cur, sizeof best);
            }
        }
        for (size_t q = 0; q < g; q++)
            memcpy(out + first[grp[q]], yb + first[grp[best[q]]], k * sizeof *out);
    }
}

/*
 * Two consecutive hull vertices of the same phase belong to one occurrence unless the phase's G at
 * the midpoint of their constitutions lies above the chord (a hump: a miscibility gap between).
 * The midpoint is taken to the ordered variant of jb closest to ja (closest_variant).
 */
static lq_status same_occurrence(lqi_map_ctx *c, size_t ja, size_t jb, int *same) {
    lq_eq_ws *ws = c->ws;
    size_t p = ws->s_phase[ja], nc = ws->pi[p].nc;
    const double *ya = lqi_map_sample_y(c, ja), *yb0 = lqi_map_sample_y(c, jb);
    double *ym = c->ybuf, *yb = c->ybuf + 3 * ws->maxc; /* [3 maxc, 4 maxc): free here */
    closest_variant(&ws->m.phases[p], ya, yb0, yb);
    for (size_t i = 0; i < nc; i++) ym[i] = 0.5 * (ya[i] + yb[i]);
    double g;
    lq_status st = g_atom(ws, p, ym, &g);
    if (st != LQ_OK) return st;
    double xa = ws->s_x[2 * ja + 1], xb = ws->s_x[2 * jb + 1], xm = lqi_map_x_of(c, p, ym);
    double t = xb > xa ? (xm - xa) / (xb - xa) : 0.5;
    double chord = ws->s_g[ja] + t * (ws->s_g[jb] - ws->s_g[ja]);
    *same = g <= chord + 1e-9 * fabs(chord) + 1e-6;
    return LQ_OK;
}

lq_status lqi_map_section_at(lqi_map_ctx *c, double T, lqi_map_section *sec) {
    lq_eq_ws *ws = c->ws;
    lq_status st = ws->m.set_TP(ws->m.ctx, T, ws->opt.P);
    if (st == LQ_OK) st = lqi_eq_samples_eval(ws, T);
    if (st != LQ_OK) return st;
    c->count++;
    /* Andrew's monotone chain, lower hull only, over the samples sorted by x */
    size_t h = 0;
    const double *sx = ws->s_x, *sg = ws->s_g;
    for (size_t k = 0; k < ws->ns; k++) {
        size_t j = c->order[k];
        double xj = sx[2 * j + 1], gj = sg[j];
        if (h > 0 && fabs(sx[2 * c->hull[h - 1] + 1] - xj) < 1e-12) {
            /* the same x (end members of several phases): keep the lower point, else the last
             * sample in x would always end the hull whatever its energy */
            if (gj < sg[c->hull[h - 1]])
                h--;
            else
                continue;
        }
        while (h >= 2) {
            size_t a = c->hull[h - 2], b = c->hull[h - 1];
            double cross = (sx[2 * b + 1] - sx[2 * a + 1]) * (gj - sg[a]) -
                           (sg[b] - sg[a]) * (xj - sx[2 * a + 1]);
            if (cross <= 0.0)
                h--;
            else
                break;
        }
        c->hull[h++] = j;
    }
    sec->T = T;
    sec->n = 0;
    for (size_t k = 0; k < h; k++) {
        size_t j = c->hull[k], p = ws->s_phase[j];
        if (sec->n > 0) {
            lqi_map_occ *o = &sec->occ[sec->n - 1];
            if (o->phase == p) {
                int same = 1;
                if (ws->pi[p].nfree > 0) {
                    st = same_occurrence(c, o->j_hi, j, &same);
                    if (st != LQ_OK) return st;
                }
                if (same) {
                    o->j_hi = j;
                    o->x_hi = sx[2 * j + 1];
                    continue;
                }
            }
        }
        if (sec->n >= LQI_MAP_MAXOCC) return LQ_ENOMEM;
        lqi_map_occ *o = &sec->occ[sec->n++];
        o->phase = p;
        o->j_lo = o->j_hi = j;
        o->x_lo = o->x_hi = sx[2 * j + 1];
    }
    return LQ_OK;
}

int lqi_map_section_same(const lqi_map_section *a, const lqi_map_section *b) {
    if (a->n != b->n) return 0;
    for (size_t i = 0; i < a->n; i++)
        if (a->occ[i].phase != b->occ[i].phase) return 0;
    return 1;
}

lq_status lqi_map_solve(lqi_map_ctx *c, double *T, size_t ns, const size_t *ph, double *const *y,
                        int zero, int free_T, double x0, double *xout) {
    lq_eq_ws *ws = c->ws;
    if (ns < 1 || ns > 3 || ns > ws->maxsets || !(x0 > 0.0 && x0 < 1.0)) return LQ_EINVAL;
    c->count++;
    ws->T = *T;
    lq_status st = ws->m.set_TP(ws->m.ctx, ws->T, ws->opt.P);
    if (st != LQ_OK) return st;
    ws->x0[0] = 1.0 - x0;
    ws->x0[1] = x0;
    ws->free_kind = free_T ? LQI_FREE_T : LQI_FREE_NONE;
    ws->nextra = 0;
    /* the two outermost sets with an amount carry the mass balance; the chord through their
     * energies gives the starting chemical potentials */
    double xs[3], gs[3], at[3];
    size_t a = (size_t)-1, b = (size_t)-1;
    for (size_t k = 0; k < ns; k++) {
        lqi_eq_set *s = &ws->sets[k];
        s->phase = ph[k];
        memcpy(s->y, y[k], ws->pi[ph[k]].nc * sizeof *s->y);
        s->fixed_zero = (int)k == zero;
        double xx[2];
        lqi_eq_composition(ws, ph[k], y[k], NULL, xx, &at[k]);
        xs[k] = xx[1];
        st = g_atom(ws, ph[k], y[k], &gs[k]);
        if (st != LQ_OK) return st;
        if ((int)k == zero) continue;
        if (a == (size_t)-1)
            a = k;
        else
            b = k;
    }
    ws->nsets = ns;
    if (a == (size_t)-1) return LQ_EINVAL;
    if (b == (size_t)-1) {
        /* one set with an amount: it takes the whole composition */
        ws->sets[a].N = 1.0 / at[a];
        size_t o = a == 0 && ns > 1 ? 1 : 0;
        double dx = xs[o] - xs[a];
        double slope = fabs(dx) > 1e-9 ? (gs[o] - gs[a]) / dx : 0.0;
        ws->mu[0] = gs[a] - xs[a] * slope;
        ws->mu[1] = ws->mu[0] + slope;
    } else {
        double dx = xs[b] - xs[a];
        double fb = fabs(dx) > 1e-300 ? (x0 - xs[a]) / dx : 0.5;
        if (fb < 0.0 || fb > 1.0) fb = 0.5;
        ws->sets[a].N = (1.0 - fb) / at[a];
        ws->sets[b].N = fb / at[b];
        double slope = fabs(dx) > 1e-12 ? (gs[b] - gs[a]) / dx : 0.0;
        ws->mu[0] = gs[a] - xs[a] * slope;
        ws->mu[1] = ws->mu[0] + slope;
    }
    for (size_t k = 0; k < ns; k++)
        if ((int)k == zero) ws->sets[k].N = 0.0;
    ws->iters = 0;
    double resid;
    st = lqi_eq_newton(ws, &resid);
    if (st != LQ_OK) return st == LQ_ESINGULAR ? LQ_ENOCONV : st;
    if (ws->nsets != ns) return LQ_ENOCONV; /* a phase left: not this equilibrium */
    for (size_t k = 0; k < ns; k++) {
        if (ws->sets[k].phase != ph[k]) return LQ_ENOCONV;
        if ((int)k != zero && ws->sets[k].N < -1e-9) return LQ_ENOCONV;
        memcpy(y[k], ws->sets[k].y, ws->pi[ph[k]].nc * sizeof *y[k]);
        if (xout) xout[k] = lqi_map_x_of(c, ph[k], y[k]);
    }
    *T = ws->T;
    return LQ_OK;
}

/* Copies the tie-line of phases ph (lower x first) from an equilibrium result, if it is one. */
static lq_status tie_from_result(lqi_map_ctx *c, const size_t *ph, double *const *y, double *xout) {
    const lq_eq_result *r = c->res;
    if (r->n_phases != 2) return LQ_ENOCONV;
    int k0 = r->phases[0].x[1] <= r->phases[1].x[1] ? 0 : 1;
    const lq_eq_phase *a = &r->phases[k0], *b = &r->phases[1 - k0];
    if (a->phase != ph[0] || b->phase != ph[1]) return LQ_ENOCONV;
    memcpy(y[0], a->y, c->ws->pi[ph[0]].nc * sizeof(double));
    memcpy(y[1], b->y, c->ws->pi[ph[1]].nc * sizeof(double));
    xout[0] = a->x[1];
    xout[1] = b->x[1];
    return LQ_OK;
}

lq_status lqi_map_tieline_global(lqi_map_ctx *c, double T, const size_t *ph, double x0,
                                 double *const *y, double *xout) {
    /* 1: the equilibrium at x0; 2: the boundary of either phase with the other held at zero,
     * the overall x free, from each end of the estimate */
    double x[2] = {1.0 - x0, x0};
    c->count++;
    lq_status st = lq_eq_solve(c->ws, T, x, 2, c->res, NULL);
    if (st == LQ_OK && tie_from_result(c, ph, y, xout) == LQ_OK) return LQ_OK;
    for (int k = 0; k < 2; k++) {
        double xs = lqi_map_x_of(c, ph[k], y[k]);
        xs = fmin(fmax(xs, 1e-12), 1.0 - 1e-12);
        double xg[2] = {1.0 - xs, xs};
        c->count++;
        st = lq_eq_solve_x(c->ws, T, xg, 2, 1, ph[1 - k], c->res, NULL);
        if (st == LQ_OK && tie_from_result(c, ph, y, xout) == LQ_OK) return LQ_OK;
    }
    return LQ_ENOCONV;
}
