/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Isopleths (vertical sections) of any order: grid of equilibria along a composition line and in
 * T, every change of the phase set located by bisection (docs/phase-diagrams.md). */
#include <math.h>
#include <string.h>

#include "core/core_internal.h"
#include "thermo/equil/equil_internal.h"

/* Smallest mole fraction at which a component is evaluated (the solver needs every x > 0); line
 * ends with a component at 0 are evaluated with it at this value, the rest renormalised. */
#define X_FLOOR 1e-7
#define MAXBIS 60

void lq_isopleth_options_default(lq_isopleth_options *o) {
    if (!o) return;
    memset(o, 0, sizeof *o);
    o->T_min = 600.0;
    o->T_max = 2200.0;
    o->n_s = 40;
    o->n_T = 40;
    o->tol_s = 1e-5;
    o->tol_T = 1e-3;
}

typedef struct pset {
    size_t n; /* 0: not converged */
    size_t ph[LQ_ISOPLETH_MAXPH];
} pset;

typedef struct iso_b {
    lq_eq_ws *ws;
    const lq_isopleth_options *o;
    lq_isopleth *r;
    size_t cap;
    lq_eq_result *res, *warm;
    int have_warm;
    double *x; /* [ncomp] */
} iso_b;

static int pset_eq(const pset *a, const pset *b) {
    if (a->n != b->n) return 0;
    for (size_t i = 0; i < a->n; i++)
        if (a->ph[i] != b->ph[i]) return 0;
    return 1;
}

/* Phase set at (s, T); n = 0 when the equilibrium does not converge. */
static lq_status eval(iso_b *b, double s, double T, pset *k) {
    size_t nc = b->o->ncomp;
    double sum = 0.0;
    for (size_t c = 0; c < nc; c++) {
        b->x[c] = fmax((1.0 - s) * b->o->x0[c] + s * b->o->x1[c], X_FLOOR);
        sum += b->x[c];
    }
    for (size_t c = 0; c < nc; c++) b->x[c] /= sum;
    b->r->n_equilibria++;
    lq_status st = b->have_warm ? lqi_eq_solve_warm(b->ws, T, b->x, nc, b->warm, b->res)
                                : lq_eq_solve(b->ws, T, b->x, nc, b->res, NULL);
    k->n = 0;
    if (st == LQ_ENOCONV) {
        b->r->n_failed++;
        return LQ_OK;
    }
    if (st != LQ_OK) return st;
    k->n = b->res->n_phases < LQ_ISOPLETH_MAXPH ? b->res->n_phases : LQ_ISOPLETH_MAXPH;
    for (size_t i = 0; i < k->n; i++) k->ph[i] = b->res->phases[i].phase;
    for (size_t i = 1; i < k->n; i++)
        for (size_t j = i; j > 0 && k->ph[j] < k->ph[j - 1]; j--) {
            size_t t = k->ph[j];
            k->ph[j] = k->ph[j - 1];
            k->ph[j - 1] = t;
        }
    lq_eq_result *t = b->warm;
    b->warm = b->res;
    b->res = t;
    b->have_warm = 1;
    return LQ_OK;
}

static lq_status grow_points(iso_b *b) {
    if (b->r->n_points < b->cap) return LQ_OK;
    size_t nc = b->cap ? 2 * b->cap : 64;
    void *p = lqi_realloc(b->r->points, nc * sizeof *b->r->points);
    if (!p) return LQ_ENOMEM;
    b->r->points = p;
    b->cap = nc;
    return LQ_OK;
}

/*
 * Bisection between (s_a, T_a) with set A and (s_b, T_b) with set B along s (along_T = 0) or T:
 * the midpoint takes A's side when its set is A, B's side otherwise, so that the boundary found is
 * the first change seen from A. A midpoint that does not converge ends the bisection early.
 */
static lq_status locate(iso_b *b, double s, double T, double hi, int along_T, pset A, pset B) {
    double lo = along_T ? T : s, tol = along_T ? b->o->tol_T : b->o->tol_s;
    pset M;
    for (int it = 0; it < MAXBIS && hi - lo > tol; it++) {
        double mid = 0.5 * (lo + hi);
        lq_status st = eval(b, along_T ? s : mid, along_T ? mid : T, &M);
        if (st != LQ_OK) return st;
        if (M.n == 0) break;
        if (pset_eq(&M, &A)) {
            lo = mid;
        } else {
            hi = mid;
            B = M;
        }
    }
    lq_status st = grow_points(b);
    if (st != LQ_OK) return st;
    lq_isopleth_point *p = &b->r->points[b->r->n_points++];
    memset(p, 0, sizeof *p);
    p->s = along_T ? s : 0.5 * (lo + hi);
    p->T = along_T ? 0.5 * (lo + hi) : T;
    p->along_T = along_T;
    p->n_lo = A.n;
    p->n_hi = B.n;
    memcpy(p->phase_lo, A.ph, sizeof p->phase_lo);
    memcpy(p->phase_hi, B.ph, sizeof p->phase_hi);
    return LQ_OK;
}

/* Every node of the grid, then every change between neighbours in s and in T. */
static lq_status map_grid(iso_b *b, pset *g) {
    const lq_isopleth_options *o = b->o;
    size_t ns = o->n_s + 1, nT = o->n_T + 1;
    double ds = 1.0 / (double)o->n_s, dT = (o->T_max - o->T_min) / (double)o->n_T;
    for (size_t j = 0; j < nT; j++) {
        b->have_warm = 0;
        for (size_t i = 0; i < ns; i++) {
            lq_status st = eval(b, (double)i * ds, o->T_min + (double)j * dT, &g[j * ns + i]);
            if (st != LQ_OK) return st;
        }
    }
    for (size_t j = 0; j < nT; j++)
        for (size_t i = 0; i < ns; i++) {
            const pset *a = &g[j * ns + i];
            if (a->n == 0) continue;
            double s = (double)i * ds, T = o->T_min + (double)j * dT;
            lq_status st = LQ_OK;
            if (i + 1 < ns && g[j * ns + i + 1].n && !pset_eq(a, &g[j * ns + i + 1]))
                st = locate(b, s, T, s + ds, 0, *a, g[j * ns + i + 1]);
            if (st == LQ_OK && j + 1 < nT && g[(j + 1) * ns + i].n &&
                !pset_eq(a, &g[(j + 1) * ns + i]))
                st = locate(b, s, T, T + dT, 1, *a, g[(j + 1) * ns + i]);
            if (st != LQ_OK) return st;
        }
    return LQ_OK;
}

static lq_status check(const lq_eq_ws *ws, const lq_isopleth_options *o, lq_isopleth **out,
                       lq_diag *diag) {
    if (!ws || !o || !out || !o->x0 || !o->x1)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "isopleth: NULL argument");
    if (o->ncomp != ws->ncomp || o->n_s < 1 || o->n_T < 1 || o->n_s > 2000 || o->n_T > 2000 ||
        !(o->tol_s > 0.0) || !(o->tol_T > 0.0))
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL,
                            "isopleth: ncomp %zu (system %zu), grid 1..2000, tolerances > 0",
                            o->ncomp, ws->ncomp);
    if (!(o->T_min > 0.0) || !(o->T_max > o->T_min) || !isfinite(o->T_max))
        return lqi_diag_set(diag, LQ_EDOM, NULL, 0, "T", "isopleth: need 0 < T_min < T_max");
    for (int e = 0; e < 2; e++) {
        const double *x = e ? o->x1 : o->x0;
        double sum = 0.0;
        for (size_t c = 0; c < o->ncomp; c++) {
            if (!(x[c] >= 0.0 && x[c] <= 1.0))
                return lqi_diag_set(diag, LQ_EDOM, NULL, 0, "x",
                                    "isopleth: x[%zu] = %g at end %d is outside [0, 1]", c, x[c],
                                    e);
            sum += x[c];
        }
        if (fabs(sum - 1.0) > 1e-9)
            return lqi_diag_set(diag, LQ_EDOM, NULL, 0, "x",
                                "isopleth: the mole fractions of end %d sum to %g, not 1", e, sum);
    }
    return LQ_OK;
}

lq_status lq_isopleth_compute(lq_eq_ws *ws, const lq_isopleth_options *o, lq_isopleth **out,
                              lq_diag *diag) {
    lq_status st = check(ws, o, out, diag);
    if (st != LQ_OK) return st;
    iso_b b;
    memset(&b, 0, sizeof b);
    b.ws = ws;
    b.o = o;
    b.r = lqi_calloc(1, sizeof *b.r);
    pset *g = lqi_malloc_array((o->n_s + 1) * (o->n_T + 1), sizeof *g);
    b.x = lqi_malloc_array(o->ncomp, sizeof *b.x);
    if (b.r) {
        b.r->x0 = lqi_malloc_array(o->ncomp, sizeof *b.r->x0);
        b.r->x1 = lqi_malloc_array(o->ncomp, sizeof *b.r->x1);
    }
    st = !b.r || !g || !b.x || !b.r->x0 || !b.r->x1 ? LQ_ENOMEM : LQ_OK;
    if (st == LQ_OK) st = lq_eq_result_alloc(ws, &b.res);
    if (st == LQ_OK) st = lq_eq_result_alloc(ws, &b.warm);
    if (st == LQ_OK) {
        b.r->ncomp = o->ncomp;
        memcpy(b.r->x0, o->x0, o->ncomp * sizeof *o->x0);
        memcpy(b.r->x1, o->x1, o->ncomp * sizeof *o->x1);
        b.r->T_min = o->T_min;
        b.r->T_max = o->T_max;
        st = map_grid(&b, g);
    }
    if (st == LQ_OK && b.r->n_failed == b.r->n_equilibria) st = LQ_ENOTFOUND;
    lq_eq_result_free(b.res);
    lq_eq_result_free(b.warm);
    lqi_free(g);
    lqi_free(b.x);
    if (st != LQ_OK) {
        lq_isopleth_free(b.r);
        return lqi_diag_set(diag, st, NULL, 0, NULL, "isopleth: %s",
                            st == LQ_ENOTFOUND ? "no grid node converged" : lq_status_str(st));
    }
    *out = b.r;
    return LQ_OK;
}

void lq_isopleth_free(lq_isopleth *r) {
    if (!r) return;
    lqi_free(r->x0);
    lqi_free(r->x1);
    lqi_free(r->points);
    lqi_free(r);
}
