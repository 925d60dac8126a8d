/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Liquidus projection of a ternary: primary phases on a grid, univariant lines, ternary
 * invariants, all from lq_eq_solve_conditions (docs/phase-diagrams.md). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/core_internal.h"
#include "liquidus/thermo.h"

/* Bisection of the liquidus at a node stops at this bracket, K; the primary phase held at zero
 * with T free then gives the exact temperature. */
#define TOL_BIS 0.5
/* A first bracket around the neighbour's liquidus, K. */
#define NB_BRACKET 40.0

void lq_liquidus_projection_options_default(lq_liquidus_projection_options *o) {
    if (!o) return;
    memset(o, 0, sizeof *o);
    o->liquid = LQ_PROJECTION_LIQUID_BY_NAME;
    o->grid_n = 20;
    o->x_min = 1e-4;
    o->T_min = 300.0;
    o->T_max = 4000.0;
}

void lq_liquidus_projection_free(lq_liquidus_projection *p) {
    if (!p) return;
    lqi_free(p->nodes);
    lqi_free(p->points);
    lqi_free(p->lines);
    lqi_free(p->invariants);
    lqi_free(p);
}

typedef struct proj_b {
    lq_eq_ws *ws;
    const lq_liquidus_projection_options *o;
    lq_liquidus_projection *r;
    lq_eq_result *res;
    size_t cap_pts, cap_inv;
} proj_b;

static size_t node_index(size_t n, size_t k, size_t j) { return k * (n + 1) - k * (k - 1) / 2 + j; }

/* 1 when the equilibrium at (T, x) is the liquid alone, 0 when not, -1 when it failed; *solid is
 * the non-liquid set with the largest amount. */
static int all_liquid(proj_b *b, double T, const double *x, size_t *solid) {
    b->r->n_equilibria++;
    if (lq_eq_solve(b->ws, T, x, 3, b->res, NULL) != LQ_OK) return -1;
    double amax = -1.0;
    for (size_t k = 0; k < b->res->n_phases; k++)
        if (b->res->phases[k].phase != b->r->liquid && b->res->phases[k].amount > amax) {
            amax = b->res->phases[k].amount;
            *solid = b->res->phases[k].phase;
        }
    return amax < 0.0;
}

/* Liquidus T and primary phase of a node: bracket (first around T_near, when finite), bisect to
 * TOL_BIS, then the primary phase held at zero with T free. */
static lq_status node_liquidus(proj_b *b, lq_liquidus_projection_node *nd, double T_near) {
    double lo = b->o->T_min, hi = b->o->T_max;
    size_t solid = 0, s2;
    nd->ok = 0;
    if (isfinite(T_near) && T_near - NB_BRACKET > lo && T_near + NB_BRACKET < hi &&
        all_liquid(b, T_near + NB_BRACKET, nd->x, &s2) == 1 &&
        all_liquid(b, T_near - NB_BRACKET, nd->x, &solid) == 0) {
        lo = T_near - NB_BRACKET;
        hi = T_near + NB_BRACKET;
    } else {
        if (all_liquid(b, hi, nd->x, &s2) != 1) return LQ_OK;
        if (all_liquid(b, lo, nd->x, &solid) != 0) return LQ_OK;
    }
    while (hi - lo > TOL_BIS) {
        double mid = 0.5 * (lo + hi);
        size_t sm = solid;
        int v = all_liquid(b, mid, nd->x, &sm);
        if (v < 0) return LQ_OK;
        if (v) {
            hi = mid;
        } else {
            lo = mid;
            solid = sm;
        }
    }
    lq_eq_conditions c;
    lq_eq_conditions_default(&c);
    c.T = hi;
    c.free_T = 1;
    c.x = nd->x;
    c.zero_phase = &solid;
    c.n_zero = 1;
    b->r->n_equilibria++;
    lq_status st = lq_eq_solve_conditions(b->ws, &c, b->res, NULL);
    if (st == LQ_ENOMEM) return st;
    nd->T = st == LQ_OK && fabs(b->res->T - 0.5 * (lo + hi)) < 2.0 * TOL_BIS ? b->res->T
                                                                             : 0.5 * (lo + hi);
    nd->primary = solid;
    nd->ok = 1;
    return LQ_OK;
}

/* 1 when the last result is the liquid alone with the other sets at zero (a solve can also end
 * on a solid holding the matter, e.g. mu phase at a point of a metastable liquidus). */
static int liquid_alone(const proj_b *b) {
    const lq_eq_result *r = b->res;
    for (size_t k = 0; k < r->n_phases; k++)
        if (r->phases[k].phase != b->r->liquid && !r->phases[k].fixed_zero) return 0;
    return 1;
}

static lq_status push_point(proj_b *b, size_t A, size_t B) {
    lq_liquidus_projection *r = b->r;
    if (r->n_points == b->cap_pts) {
        size_t cap = b->cap_pts ? 2 * b->cap_pts : 64;
        void *p = lqi_realloc(r->points, cap * sizeof *r->points);
        if (!p) return LQ_ENOMEM;
        r->points = p;
        b->cap_pts = cap;
    }
    lq_liquidus_projection_point *q = &r->points[r->n_points++];
    q->T = b->res->T;
    memcpy(q->x, b->res->x, 3 * sizeof *q->x);
    q->phase[0] = A < B ? A : B;
    q->phase[1] = A < B ? B : A;
    return LQ_OK;
}

/* The univariant point L + A + B on the grid edge from node a to node b (direction e_i - e_m). */
static lq_status edge_point(proj_b *b, const lq_liquidus_projection_node *na,
                            const lq_liquidus_projection_node *nb, size_t i, size_t m) {
    if (!na->ok || !nb->ok || na->primary == nb->primary) return LQ_OK;
    double x[3];
    for (int c = 0; c < 3; c++) x[c] = 0.5 * (na->x[c] + nb->x[c]);
    size_t zp[2] = {na->primary, nb->primary};
    lq_eq_conditions c;
    lq_eq_conditions_default(&c);
    c.T = 0.5 * (na->T + nb->T);
    c.free_T = 1;
    c.x = x;
    c.zero_phase = zp;
    c.n_zero = 2;
    c.free_x = &i;
    c.n_free_x = 1;
    c.balance = m;
    b->r->n_equilibria++;
    lq_status st = lq_eq_solve_conditions(b->ws, &c, b->res, NULL);
    if (st == LQ_ENOMEM) return st;
    /* position along the edge: within half an edge beyond either node */
    double t = (b->res->x[i] - na->x[i]) / (nb->x[i] - na->x[i]);
    if (st != LQ_OK || !(t > -0.5 && t < 1.5) || !liquid_alone(b)) {
        b->r->n_failed++;
        return LQ_OK;
    }
    return push_point(b, zp[0], zp[1]);
}

static double pdist(const lq_liquidus_projection_point *p, const lq_liquidus_projection_point *q) {
    double d = 0.0;
    for (int c = 0; c < 3; c++) d = fmax(d, fabs(p->x[c] - q->x[c]));
    return d;
}

static int sz_cmp(const void *a, const void *b) {
    size_t u = *(const size_t *)a, v = *(const size_t *)b;
    return u < v ? -1 : u > v;
}

/* The invariant L + A + B + C (zp sorted) from (x, T); kept when it converges within `reach` of x
 * in every mole fraction and is not already listed. */
static lq_status invariant_solve(proj_b *b, const double *x, double T, const size_t *zp,
                                 double reach) {
    size_t fx[2] = {1, 2};
    double xs[3] = {x[0], x[1], x[2]};
    lq_eq_conditions c;
    lq_eq_conditions_default(&c);
    c.T = T;
    c.free_T = 1;
    c.x = xs;
    c.zero_phase = zp;
    c.n_zero = 3;
    c.free_x = fx;
    c.n_free_x = 2;
    c.balance = 0;
    b->r->n_equilibria++;
    lq_status st = lq_eq_solve_conditions(b->ws, &c, b->res, NULL);
    if (st == LQ_ENOMEM) return st;
    int inside = st == LQ_OK && liquid_alone(b);
    for (int k = 0; inside && k < 3; k++) inside = fabs(b->res->x[k] - x[k]) < reach;
    if (!inside) {
        b->r->n_failed++;
        return LQ_OK;
    }
    lq_liquidus_projection *r = b->r;
    for (size_t v = 0; v < r->n_invariants; v++) {
        const lq_liquidus_projection_invariant *q = &r->invariants[v];
        if (q->phase[0] == zp[0] && q->phase[1] == zp[1] && q->phase[2] == zp[2] &&
            fabs(q->T - b->res->T) < 1e-6 * q->T)
            return LQ_OK; /* found before, from a neighbouring triangle or line end */
    }
    if (r->n_invariants == b->cap_inv) {
        size_t cap = b->cap_inv ? 2 * b->cap_inv : 8;
        void *p = lqi_realloc(r->invariants, cap * sizeof *r->invariants);
        if (!p) return LQ_ENOMEM;
        r->invariants = p;
        b->cap_inv = cap;
    }
    lq_liquidus_projection_invariant *q = &r->invariants[r->n_invariants++];
    q->T = b->res->T;
    memcpy(q->x, b->res->x, 3 * sizeof *q->x);
    memcpy(q->phase, zp, 3 * sizeof *zp);
    return LQ_OK;
}

/* Grid spacing in mole fraction. */
static double spacing(const proj_b *b) { return (1.0 - 3.0 * b->o->x_min) / (double)b->o->grid_n; }

/* The invariant in the grid triangle of nodes n0, n1, n2 when their primary phases differ. */
static lq_status triangle_invariant(proj_b *b, const lq_liquidus_projection_node *n0,
                                    const lq_liquidus_projection_node *n1,
                                    const lq_liquidus_projection_node *n2) {
    if (!n0->ok || !n1->ok || !n2->ok || n0->primary == n1->primary || n0->primary == n2->primary ||
        n1->primary == n2->primary)
        return LQ_OK;
    double x[3];
    for (int c = 0; c < 3; c++) x[c] = (n0->x[c] + n1->x[c] + n2->x[c]) / 3.0;
    size_t zp[3] = {n0->primary, n1->primary, n2->primary};
    qsort(zp, 3, sizeof *zp, sz_cmp);
    return invariant_solve(b, x, (n0->T + n1->T + n2->T) / 3.0, zp, 2.0 * spacing(b));
}

/*
 * Invariants where two lines sharing one phase end near each other (within 3 grid spacings): a
 * field narrower than the grid (e.g. a Laves phase along a binary edge) gives no triangle with
 * three primary phases, but its lines still run into the invariant.
 */
static lq_status end_invariants(proj_b *b) {
    lq_liquidus_projection *r = b->r;
    double h = spacing(b);
    lq_status st = LQ_OK;
    for (size_t i = 0; st == LQ_OK && i < r->n_lines; i++)
        for (size_t j = i + 1; st == LQ_OK && j < r->n_lines; j++) {
            const lq_liquidus_projection_line *a = &r->lines[i], *c = &r->lines[j];
            size_t zp[4] = {a->phase[0], a->phase[1], c->phase[0], c->phase[1]};
            qsort(zp, 4, sizeof *zp, sz_cmp);
            /* exactly three distinct phases: one shared */
            size_t nd = 1;
            for (int k = 1; k < 4; k++) {
                if (zp[k] != zp[nd - 1]) zp[nd++] = zp[k];
            }
            if (nd != 3) continue;
            for (int ea = 0; st == LQ_OK && ea < 2; ea++)
                for (int ec = 0; st == LQ_OK && ec < 2; ec++) {
                    const lq_liquidus_projection_point *p =
                        &r->points[a->first + (ea ? a->n - 1 : 0)];
                    const lq_liquidus_projection_point *q =
                        &r->points[c->first + (ec ? c->n - 1 : 0)];
                    if (pdist(p, q) > 3.0 * h) continue;
                    /* from the midpoint, else from either end */
                    size_t before = r->n_invariants;
                    for (int s = 0; st == LQ_OK && s < 3 && r->n_invariants == before; s++) {
                        double x[3], w = s == 0 ? 0.5 : (s == 1 ? 0.0 : 1.0);
                        for (int k = 0; k < 3; k++) x[k] = (1.0 - w) * p->x[k] + w * q->x[k];
                        st = invariant_solve(b, x, (1.0 - w) * p->T + w * q->T, zp, 3.0 * h);
                    }
                }
        }
    return st;
}

/* Points by phase pair, T decreasing within a pair. */
static int point_cmp(const void *a, const void *b) {
    const lq_liquidus_projection_point *p = a, *q = b;
    if (p->phase[0] != q->phase[0]) return p->phase[0] < q->phase[0] ? -1 : 1;
    if (p->phase[1] != q->phase[1]) return p->phase[1] < q->phase[1] ? -1 : 1;
    return p->T > q->T ? -1 : p->T < q->T;
}

/* Unvisited points of [g0, g1) within R of point i. */
static size_t n_near(const lq_liquidus_projection_point *P, const char *used, size_t g0, size_t g1,
                     size_t i, double R) {
    size_t n = 0;
    for (size_t k = g0; k < g1; k++) n += (size_t)(!used[k] && k != i && pdist(&P[i], &P[k]) < R);
    return n;
}

/* Nearest unvisited point of [g0, g1) within R of point i (g1 when none). */
static size_t nearest(const lq_liquidus_projection_point *P, const char *used, size_t g0, size_t g1,
                      size_t i, double R) {
    size_t best = g1;
    double dbest = R;
    for (size_t k = g0; k < g1; k++)
        if (!used[k] && pdist(&P[i], &P[k]) < dbest) {
            dbest = pdist(&P[i], &P[k]);
            best = k;
        }
    return best;
}

/*
 * Lines: the points of one phase pair may form several lines (e.g. BCC + Laves on both sides of
 * the Laves field), so each pair's points are chained: from an end (a point with at most one
 * unvisited point within R, else the hottest), repeatedly to the nearest unvisited point within R
 * = 2.5 grid spacings (neighbouring crossings of a line with the grid edges lie within 2 h), in
 * both directions from the start, always extending the arm with the shorter step.
 */
static lq_status make_lines(lq_liquidus_projection *r, double R) {
    if (r->n_points == 0) return LQ_OK;
    size_t np = r->n_points;
    qsort(r->points, np, sizeof *r->points, point_cmp);
    lq_liquidus_projection_point *out = lqi_malloc_array(np, sizeof *out);
    char *used = lqi_calloc(np, 1);
    size_t *arm = lqi_malloc_array(2 * np, sizeof *arm), *armi = arm ? arm + np : NULL;
    r->lines = lqi_calloc(np, sizeof *r->lines);
    lq_status st = out && used && arm && r->lines ? LQ_OK : LQ_ENOMEM;
    size_t no = 0;
    for (size_t g0 = 0; st == LQ_OK && g0 < np;) {
        const lq_liquidus_projection_point *P = r->points;
        size_t g1 = g0;
        while (g1 < np && P[g1].phase[0] == P[g0].phase[0] && P[g1].phase[1] == P[g0].phase[1])
            g1++;
        for (;;) {
            size_t cur = np;
            for (size_t k = g0; k < g1 && cur == np; k++)
                if (!used[k] && n_near(P, used, g0, g1, k, R) <= 1) cur = k;
            for (size_t k = g0; k < g1 && cur == np; k++)
                if (!used[k]) cur = k;
            if (cur == np) break;
            lq_liquidus_projection_line *l = &r->lines[r->n_lines++];
            l->phase[0] = P[g0].phase[0];
            l->phase[1] = P[g0].phase[1];
            l->first = no;
            /* grow two arms from the start, each step extending the arm whose tip has the
             * nearer unvisited point (a start inside the line, e.g. at a saddle of T, has
             * neighbours on both sides; a greedy single arm would jump across); arm A is
             * collected in `arm` and written reversed before the start */
            size_t ta = cur, tb = cur, na = 0;
            used[cur] = 1;
            size_t nbv = 0;
            for (;;) {
                size_t a = nearest(P, used, g0, g1, ta, R), c = nearest(P, used, g0, g1, tb, R);
                if (a >= g1 && c >= g1) break;
                int take_a = c >= g1 || (a < g1 && pdist(&P[ta], &P[a]) <= pdist(&P[tb], &P[c]));
                if (take_a) {
                    used[a] = 1;
                    arm[na++] = a;
                    ta = a;
                } else {
                    used[c] = 1;
                    armi[nbv++] = c;
                    tb = c;
                }
            }
            for (size_t k = na; k-- > 0;) out[no++] = P[arm[k]];
            out[no++] = P[cur];
            for (size_t k = 0; k < nbv; k++) out[no++] = P[armi[k]];
            l->n = no - l->first;
        }
        g0 = g1;
    }
    if (st == LQ_OK) {
        lqi_free(r->points);
        r->points = out;
        out = NULL;
    }
    lqi_free(out);
    lqi_free(used);
    lqi_free(arm);
    return st;
}

/* Invariant with both phases of line l nearest to point p within R (n_invariants when none). */
static size_t line_invariant(const lq_liquidus_projection *r, const lq_liquidus_projection_line *l,
                             const lq_liquidus_projection_point *p, double R) {
    size_t best = r->n_invariants;
    double dbest = R;
    for (size_t v = 0; v < r->n_invariants; v++) {
        const lq_liquidus_projection_invariant *q = &r->invariants[v];
        int has = 0;
        for (int k = 0; k < 3; k++) has += q->phase[k] == l->phase[0] || q->phase[k] == l->phase[1];
        double d = 0.0;
        for (int c = 0; c < 3; c++) d = fmax(d, fabs(q->x[c] - p->x[c]));
        if (has == 2 && d < dbest) {
            dbest = d;
            best = v;
        }
    }
    return best;
}

/* Points of the line L + A + B between its end point e and the invariant v, at JOIN_STEPS - 1
 * interior fractions of the way: the component k that changes most is fixed at the interpolated
 * value, T and a second component free (the third is the balance), from the interpolated state.
 * Kept when the liquid is alone and the point lies between them; written to out, count in *n. */
#define JOIN_STEPS 4
static lq_status join_points(proj_b *b, const lq_liquidus_projection_point *e,
                             const lq_liquidus_projection_invariant *v,
                             lq_liquidus_projection_point *out, size_t *n) {
    size_t k = 0;
    for (size_t c = 1; c < 3; c++)
        if (fabs(v->x[c] - e->x[c]) > fabs(v->x[k] - e->x[k])) k = c;
    size_t i = (k + 1) % 3, m = (k + 2) % 3;
    double span = fabs(v->x[k] - e->x[k]);
    *n = 0;
    for (int s = 1; s < JOIN_STEPS && span > 1e-9; s++) {
        double w = (double)s / JOIN_STEPS, x[3];
        for (int c = 0; c < 3; c++) x[c] = (1.0 - w) * e->x[c] + w * v->x[c];
        lq_eq_conditions c;
        lq_eq_conditions_default(&c);
        c.T = (1.0 - w) * e->T + w * v->T;
        c.free_T = 1;
        c.x = x;
        c.zero_phase = e->phase;
        c.n_zero = 2;
        c.free_x = &i;
        c.n_free_x = 1;
        c.balance = m;
        b->r->n_equilibria++;
        lq_status st = lq_eq_solve_conditions(b->ws, &c, b->res, NULL);
        if (st == LQ_ENOMEM) return st;
        double d = 0.0;
        for (int q = 0; q < 3; q++) d = fmax(d, fabs(b->res->x[q] - x[q]));
        if (st != LQ_OK || !liquid_alone(b) || d > span) {
            b->r->n_failed++;
            continue;
        }
        lq_liquidus_projection_point *q = &out[(*n)++];
        q->T = b->res->T;
        memcpy(q->x, b->res->x, sizeof q->x);
        memcpy(q->phase, e->phase, sizeof q->phase);
    }
    return LQ_OK;
}

/*
 * Each line end within 3 grid spacings of an invariant holding both its solids is joined to it:
 * points of the line between them (join_points) and the invariant itself become the line's last
 * (or first) points, so the univariant lines of the projection end exactly at the invariants the
 * same code found. An invariant joins at most one end of a given line (the nearer).
 */
static lq_status join_invariants(proj_b *b) {
    lq_liquidus_projection *r = b->r;
    double R = 3.0 * spacing(b);
    size_t cap = r->n_points + 2 * r->n_lines * JOIN_STEPS;
    lq_liquidus_projection_point *out = lqi_malloc_array(cap ? cap : 1, sizeof *out);
    if (!out) return LQ_ENOMEM;
    lq_liquidus_projection_point extra[2][JOIN_STEPS];
    size_t no = 0;
    lq_status st = LQ_OK;
    for (size_t li = 0; st == LQ_OK && li < r->n_lines; li++) {
        lq_liquidus_projection_line *l = &r->lines[li];
        const lq_liquidus_projection_point *P = r->points + l->first;
        size_t v[2] = {line_invariant(r, l, &P[0], R), line_invariant(r, l, &P[l->n - 1], R)};
        if (v[0] == v[1] && v[0] < r->n_invariants) {
            /* both ends near one invariant: the nearer end only */
            const double *x = r->invariants[v[0]].x;
            double d0 = 0.0, d1 = 0.0;
            for (int c = 0; c < 3; c++) {
                d0 = fmax(d0, fabs(P[0].x[c] - x[c]));
                d1 = fmax(d1, fabs(P[l->n - 1].x[c] - x[c]));
            }
            v[d0 <= d1 ? 1 : 0] = r->n_invariants;
        }
        size_t ne[2] = {0, 0};
        for (int e = 0; st == LQ_OK && e < 2; e++)
            if (v[e] < r->n_invariants)
                st = join_points(b, &P[e ? l->n - 1 : 0], &r->invariants[v[e]], extra[e], &ne[e]);
        size_t first = no;
        if (v[0] < r->n_invariants) {
            const lq_liquidus_projection_invariant *q = &r->invariants[v[0]];
            out[no].T = q->T;
            memcpy(out[no].x, q->x, sizeof q->x);
            memcpy(out[no].phase, l->phase, sizeof l->phase);
            no++;
            for (size_t k = ne[0]; k-- > 0;) out[no++] = extra[0][k];
        }
        for (size_t k = 0; k < l->n; k++) out[no++] = P[k];
        if (v[1] < r->n_invariants) {
            const lq_liquidus_projection_invariant *q = &r->invariants[v[1]];
            for (size_t k = 0; k < ne[1]; k++) out[no++] = extra[1][k];
            out[no].T = q->T;
            memcpy(out[no].x, q->x, sizeof q->x);
            memcpy(out[no].phase, l->phase, sizeof l->phase);
            no++;
        }
        l->first = first;
        l->n = no - first;
    }
    if (st != LQ_OK) {
        lqi_free(out);
        return st;
    }
    lqi_free(r->points);
    r->points = out;
    r->n_points = no;
    return LQ_OK;
}

static lq_status grid(proj_b *b) {
    lq_liquidus_projection *r = b->r;
    size_t n = b->o->grid_n;
    double w = 1.0 - 3.0 * b->o->x_min, Tprev = (double)NAN;
    for (size_t k = 0; k <= n; k++)
        for (size_t j = 0; j + k <= n; j++) {
            lq_liquidus_projection_node *nd = &r->nodes[node_index(n, k, j)];
            nd->x[0] = b->o->x_min + w * (double)(n - j - k) / (double)n;
            nd->x[1] = b->o->x_min + w * (double)j / (double)n;
            nd->x[2] = b->o->x_min + w * (double)k / (double)n;
            /* start from the node before in the row, or the one below at a row's start */
            double Tn = j > 0 ? Tprev : (k > 0 ? r->nodes[node_index(n, k - 1, 0)].T : (double)NAN);
            lq_status st = node_liquidus(b, nd, Tn);
            if (st != LQ_OK) return st;
            Tprev = nd->ok ? nd->T : (double)NAN;
            if (!nd->ok) nd->T = (double)NAN;
        }
    return LQ_OK;
}

static lq_status lines_and_invariants(proj_b *b) {
    const lq_liquidus_projection_node *N = b->r->nodes;
    size_t n = b->o->grid_n;
    lq_status st = LQ_OK;
    for (size_t k = 0; st == LQ_OK && k <= n; k++)
        for (size_t j = 0; st == LQ_OK && j + k <= n; j++) {
            const lq_liquidus_projection_node *a = &N[node_index(n, k, j)];
            if (j + k < n) st = edge_point(b, a, &N[node_index(n, k, j + 1)], 1, 0);
            if (st == LQ_OK && j + k < n) st = edge_point(b, a, &N[node_index(n, k + 1, j)], 2, 0);
            if (st == LQ_OK && j > 0) st = edge_point(b, a, &N[node_index(n, k + 1, j - 1)], 2, 1);
            if (st == LQ_OK && j + k < n)
                st = triangle_invariant(b, a, &N[node_index(n, k, j + 1)],
                                        &N[node_index(n, k + 1, j)]);
            if (st == LQ_OK && j + k + 1 < n)
                st = triangle_invariant(b, &N[node_index(n, k, j + 1)], &N[node_index(n, k + 1, j)],
                                        &N[node_index(n, k + 1, j + 1)]);
        }
    return st;
}

lq_status lq_liquidus_projection_compute(lq_eq_ws *ws, const lq_liquidus_projection_options *opt,
                                         lq_liquidus_projection **out, lq_diag *diag) {
    if (!ws || !opt || !out)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "liquidus projection: NULL argument");
    const lq_system *sys = lq_eq_ws_system(ws);
    if (!sys || lq_system_component_count(sys) != 3 || opt->grid_n < 2 || opt->grid_n > 1000 ||
        !(opt->x_min > 0.0 && opt->x_min < 0.1) || !(opt->T_min > 0.0 && opt->T_max > opt->T_min))
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "options",
                            "liquidus projection: needs a ternary system, 2 <= grid_n <= 1000, "
                            "0 < x_min < 0.1 and 0 < T_min < T_max");
    size_t liquid = opt->liquid;
    if (liquid == LQ_PROJECTION_LIQUID_BY_NAME &&
        lq_system_phase_find(sys, "LIQUID", &liquid) != LQ_OK)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "liquid",
                            "liquidus projection: the system has no phase named LIQUID");
    if (liquid >= lq_system_phase_count(sys))
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "liquid", "phase index out of range");
    proj_b b;
    memset(&b, 0, sizeof b);
    b.ws = ws;
    b.o = opt;
    b.r = lqi_calloc(1, sizeof *b.r);
    lq_status st = b.r ? lq_eq_result_alloc(ws, &b.res) : LQ_ENOMEM;
    if (st == LQ_OK) {
        b.r->liquid = liquid;
        b.r->grid_n = opt->grid_n;
        b.r->n_nodes = (opt->grid_n + 1) * (opt->grid_n + 2) / 2;
        b.r->nodes = lqi_calloc(b.r->n_nodes, sizeof *b.r->nodes);
        if (!b.r->nodes) st = LQ_ENOMEM;
    }
    if (st == LQ_OK) st = grid(&b);
    size_t nok = 0;
    for (size_t i = 0; st == LQ_OK && i < b.r->n_nodes; i++) nok += (size_t)b.r->nodes[i].ok;
    if (st == LQ_OK && nok == 0) st = LQ_ENOTFOUND;
    if (st == LQ_OK) st = lines_and_invariants(&b);
    if (st == LQ_OK) st = make_lines(b.r, 2.5 * spacing(&b));
    if (st == LQ_OK) st = end_invariants(&b);
    if (st == LQ_OK) st = join_invariants(&b);
    lq_eq_result_free(b.res);
    if (st != LQ_OK) {
        lq_liquidus_projection_free(b.r);
        if (st == LQ_ENOTFOUND)
            return lqi_diag_set(diag, st, NULL, 0, NULL,
                                "liquidus projection: no liquidus between %g and %g K", opt->T_min,
                                opt->T_max);
        return lqi_diag_set(diag, st, NULL, 0, NULL, "liquidus projection: %s", lq_status_str(st));
    }
    *out = b.r;
    return LQ_OK;
}
