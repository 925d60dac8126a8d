/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Ternary isothermal sections: grid of equilibria, tie-line families traced by continuation,
 * tie-triangles (method: docs/phase-diagrams.md). */
#include <math.h>
#include <string.h>

#include "core/core_internal.h"
#include "thermo/equil/equil_internal.h"

#define NONE ((size_t)-1)
/* sqrt(3)/2: height of the Gibbs triangle of unit side. */
#define H3 0.86602540378443864676
/* Two tie-triangles are one when every vertex agrees to this (mole fraction). */
#define TRI_SAME 1e-5
/* A family whose tie-lines are shorter than this (in the triangle's plane) ends in a point. */
#define POINT_LEN 1e-5
/* Offset of the outermost grid points from the edges, in grid divisions. */
#define GRID_DELTA 0.05

void lq_ternary_section_options_default(lq_ternary_section_options *o) {
    if (!o) return;
    o->T = 0.0;
    o->grid_n = 24;
    o->step = 0.01;
    o->max_dx = 0.02;
    o->tol = 1e-6;
    o->edge = 1e-7;
    o->max_tielines = 4000;
}

/* A set of phases (composition sets), sorted; a phase may appear twice (miscibility gap). */
typedef struct pkey {
    size_t n;
    size_t ph[3];
} pkey;

typedef struct builder {
    lq_eq_ws *ws;
    const lq_ternary_section_options *opt;
    lq_ternary_section *s;
    size_t cap_reg, cap_tri, cap_f;
    lq_eq_result *cur, *trial;
    /* grid */
    size_t ng;
    double *gx;    /* [ng * 3] */
    pkey *gkey;    /* [ng] (n = 0: failed) */
    int *gcovered; /* [ng] 1 when inside a traced family */
    double *tl;    /* tie-lines of a walk: [cap_tl * 6] */
    size_t cap_tl;
} builder;

static lq_status grow(void **arr, size_t *cap, size_t n, size_t elem) {
    if (n < *cap) return LQ_OK;
    size_t nc = *cap ? 2 * *cap : 16;
    void *p = lqi_realloc(*arr, nc * elem);
    if (!p) return LQ_ENOMEM;
    *arr = p;
    *cap = nc;
    return LQ_OK;
}

static void key_of(const lq_eq_result *r, pkey *k) {
    k->n = r->n_phases < 3 ? r->n_phases : 3;
    for (size_t i = 0; i < 3; i++) k->ph[i] = i < k->n ? r->phases[i].phase : NONE;
    for (size_t i = 1; i < k->n; i++)
        for (size_t j = i; j > 0 && k->ph[j] < k->ph[j - 1]; j--) {
            size_t t = k->ph[j];
            k->ph[j] = k->ph[j - 1];
            k->ph[j - 1] = t;
        }
}

static int key_eq(const pkey *a, const pkey *b) {
    if (a->n != b->n) return 0;
    for (size_t i = 0; i < a->n; i++)
        if (a->ph[i] != b->ph[i]) return 0;
    return 1;
}

/* Cartesian coordinates in the Gibbs triangle (component 0 at (0,0), 1 at (1,0), 2 at top). */
static void cart(const double *x, double *X, double *Y) {
    *X = x[1] + 0.5 * x[2];
    *Y = H3 * x[2];
}

static double dist3(const double *a, const double *b) {
    double d = 0.0;
    for (int c = 0; c < 3; c++) d = fmax(d, fabs(a[c] - b[c]));
    return d;
}

static lq_status solve(builder *b, const double *x, const lq_eq_result *start, lq_eq_result *res) {
    b->s->n_equilibria++;
    lq_status st = start ? lqi_eq_solve_warm(b->ws, b->opt->T, x, 3, start, res)
                         : lq_eq_solve(b->ws, b->opt->T, x, 3, res, NULL);
    if (st == LQ_ENOCONV) b->s->n_failed++;
    return st;
}

/*
 * Tie-line ends of a two-phase result in the order of key->ph. For a miscibility gap the ends are
 * matched to `prev` (the last tie-line, may be NULL: then by increasing x of component 1).
 */
static void ends_of(const lq_eq_result *r, const pkey *key, const double *prev, double *e) {
    const double *x0 = r->phases[0].x, *x1 = r->phases[1].x;
    int swap;
    if (key->ph[0] != key->ph[1])
        swap = r->phases[0].phase != key->ph[0];
    else if (prev)
        swap = dist3(x0, prev) + dist3(x1, prev + 3) > dist3(x1, prev) + dist3(x0, prev + 3);
    else
        swap = x0[1] > x1[1];
    memcpy(e, swap ? x1 : x0, 3 * sizeof *e);
    memcpy(e + 3, swap ? x0 : x1, 3 * sizeof *e);
}

/* Adds the tie-triangle of a three-phase result unless known; its index in *idx. */
static lq_status add_triangle(builder *b, const lq_eq_result *r, size_t *idx) {
    lq_ternary_triangle t;
    size_t o[3] = {0, 1, 2};
    for (size_t i = 1; i < 3; i++)
        for (size_t j = i; j > 0; j--) {
            const lq_eq_phase *p = &r->phases[o[j]], *q = &r->phases[o[j - 1]];
            if (p->phase < q->phase || (p->phase == q->phase && p->x[1] < q->x[1])) {
                size_t u = o[j];
                o[j] = o[j - 1];
                o[j - 1] = u;
            }
        }
    for (size_t k = 0; k < 3; k++) {
        t.phase[k] = r->phases[o[k]].phase;
        memcpy(t.x[k], r->phases[o[k]].x, 3 * sizeof(double));
    }
    lq_ternary_section *s = b->s;
    for (size_t i = 0; i < s->n_triangles; i++) {
        const lq_ternary_triangle *u = &s->triangles[i];
        int same = 1;
        for (size_t k = 0; k < 3 && same; k++)
            same = u->phase[k] == t.phase[k] && dist3(u->x[k], t.x[k]) < TRI_SAME;
        if (same) {
            *idx = i;
            return LQ_OK;
        }
    }
    lq_status st = grow((void **)&s->triangles, &b->cap_tri, s->n_triangles, sizeof t);
    if (st != LQ_OK) return st;
    *idx = s->n_triangles;
    s->triangles[s->n_triangles++] = t;
    return LQ_OK;
}

/* The edge of triangle t that closes a family of key (ends matched to the last tie-line e). */
static void triangle_edge(const lq_ternary_triangle *t, const pkey *key, const double *e,
                          double *out) {
    int used[3] = {0, 0, 0};
    for (int k = 0; k < 2; k++) {
        size_t best = 0;
        double dbest = HUGE_VAL;
        for (size_t v = 0; v < 3; v++) {
            if (used[v] || t->phase[v] != key->ph[k]) continue;
            double d = dist3(t->x[v], e + 3 * k);
            if (d < dbest) {
                dbest = d;
                best = v;
            }
        }
        used[best] = 1;
        memcpy(out + 3 * k, t->x[best], 3 * sizeof(double));
    }
}

static lq_status push_tl(builder *b, size_t *n, const double *e) {
    lq_status st = grow((void **)&b->tl, &b->cap_tl, *n, 6 * sizeof(double));
    if (st != LQ_OK) return st;
    memcpy(b->tl + 6 * *n, e, 6 * sizeof(double));
    (*n)++;
    return LQ_OK;
}

/* Largest step t >= 0 along d from xm before a component falls to opt->edge. */
static double edge_distance(const builder *b, const double *xm, const double *d) {
    double t = HUGE_VAL;
    for (int c = 0; c < 3; c++)
        if (d[c] < -1e-15) t = fmin(t, (xm[c] - b->opt->edge) / -d[c]);
    return fmax(t, 0.0);
}

typedef struct walk_end {
    lq_ternary_end kind;
    size_t tri;
} walk_end;

/*
 * One direction of a family from b->cur (a two-phase equilibrium of `key`): tie-lines appended to
 * b->tl from index *n on. Continuation: the overall composition moves from the midpoint of the last
 * tie-line by h perpendicular to it (in the plane of the Gibbs triangle), on the side `sign`
 * (first step) and onwards; a step that changes the phase set, fails, or moves an end by more
 * than max_dx is halved; once a change has been met the step no longer grows, so the walk closes
 * on the boundary geometrically, down to opt->tol.
 */
static lq_status walk(builder *b, const pkey *key, double sign, const double *e0, size_t *n,
                      walk_end *we) {
    const lq_ternary_section_options *o = b->opt;
    double e[6], en[6], pn[2] = {0.0, 0.0}, h = o->step;
    int bracketed = 0, first = 1, far = 0;
    size_t tri = NONE;
    ends_of(b->cur, key, *n ? b->tl + 6 * (*n - 1) : NULL, e);
    we->kind = LQ_TERNARY_END_UNRESOLVED;
    we->tri = NONE;
    for (size_t it = 0; it < 16 * o->max_tielines; it++) {
        if (*n >= o->max_tielines) return LQ_OK;
        double ax, ay, bx, by;
        cart(e, &ax, &ay);
        cart(e + 3, &bx, &by);
        double len = hypot(bx - ax, by - ay);
        if (len < POINT_LEN) {
            we->kind = LQ_TERNARY_END_POINT;
            return LQ_OK;
        }
        double nx = -(by - ay) / len, ny = (bx - ax) / len;
        if (first ? sign < 0.0 : nx * pn[0] + ny * pn[1] < 0.0) {
            nx = -nx;
            ny = -ny;
        }
        /* direction in mole fractions: x2 = Y / H3, x1 = X - x2 / 2 */
        double d[3], xm[3], x[3];
        d[2] = ny / H3;
        d[1] = nx - 0.5 * d[2];
        d[0] = -d[1] - d[2];
        for (int c = 0; c < 3; c++) xm[c] = 0.5 * (e[c] + e[3 + c]);
        double tmax = edge_distance(b, xm, d), hh = h;
        int at_edge = 0;
        if (hh >= tmax) {
            hh = tmax;
            at_edge = 1;
        }
        if (hh < o->tol) {
            we->kind = at_edge ? LQ_TERNARY_END_EDGE : we->kind;
            if (!at_edge && tri != NONE) {
                double te[6];
                triangle_edge(&b->s->triangles[tri], key, e, te);
                lq_status st = push_tl(b, n, te);
                if (st != LQ_OK) return st;
                we->kind = LQ_TERNARY_END_TRIANGLE;
                we->tri = tri;
            }
            return LQ_OK;
        }
        for (int c = 0; c < 3; c++) x[c] = xm[c] + hh * d[c];
        lq_status st = solve(b, x, b->cur, b->trial);
        pkey k2 = {0, {NONE, NONE, NONE}};
        if (st == LQ_OK) key_of(b->trial, &k2);
        if (st == LQ_OK && key_eq(&k2, key)) {
            ends_of(b->trial, key, e, en);
            double mv = fmax(dist3(en, e), dist3(en + 3, e + 3));
            if (mv > o->max_dx && hh > o->tol) {
                h = 0.5 * hh;
                continue;
            }
            st = push_tl(b, n, en);
            if (st != LQ_OK) return st;
            lq_eq_result *t = b->cur;
            b->cur = b->trial;
            b->trial = t;
            memcpy(e, en, sizeof e);
            pn[0] = nx;
            pn[1] = ny;
            first = 0;
            if (e0) {
                /* back at the start after going far from it: a ring around a pocket */
                double d0 = fmax(dist3(e, e0), dist3(e + 3, e0 + 3));
                if (d0 > 4.0 * o->max_dx) far = 1;
                if (far && d0 <= o->max_dx) {
                    we->kind = LQ_TERNARY_END_LOOP;
                    return LQ_OK;
                }
            }
            if (at_edge) {
                we->kind = LQ_TERNARY_END_EDGE;
                return LQ_OK;
            }
            if (!bracketed && mv < 0.5 * o->max_dx) h = fmin(1.5 * h, o->step);
            continue;
        }
        if (st != LQ_OK && st != LQ_ENOCONV) return st;
        if (st == LQ_OK) {
            /* a gap that ends in its own single-phase field closes at its critical point */
            we->kind = k2.n == 1 && key->ph[0] == key->ph[1] && k2.ph[0] == key->ph[0]
                           ? LQ_TERNARY_END_POINT
                           : LQ_TERNARY_END_OTHER;
            if (k2.n == 3) {
                /* a tie-triangle holding both phases of the family closes it */
                int has0 = 0, has1 = 0;
                for (size_t i = 0; i < 3; i++) {
                    if (k2.ph[i] == key->ph[0] && !has0)
                        has0 = 1;
                    else if (k2.ph[i] == key->ph[1])
                        has1 = 1;
                }
                if (has0 && has1) {
                    st = add_triangle(b, b->trial, &tri);
                    if (st != LQ_OK) return st;
                }
            }
        } else if (tri == NONE) {
            we->kind = LQ_TERNARY_END_UNRESOLVED;
        }
        bracketed = 1;
        h = 0.5 * hh;
        if (h < o->tol) h = 0.0; /* next round closes */
    }
    return LQ_OK;
}

/* Barycentric test with slack: 1 when (px, py) lies in the triangle a, b, c. */
static int in_tri(double px, double py, const double *a, const double *b, const double *c) {
    double d = (b[1] - c[1]) * (a[0] - c[0]) + (c[0] - b[0]) * (a[1] - c[1]);
    if (fabs(d) < 1e-18) return 0;
    double l1 = ((b[1] - c[1]) * (px - c[0]) + (c[0] - b[0]) * (py - c[1])) / d;
    double l2 = ((c[1] - a[1]) * (px - c[0]) + (a[0] - c[0]) * (py - c[1])) / d;
    double l3 = 1.0 - l1 - l2;
    const double s = -1e-6;
    return l1 >= s && l2 >= s && l3 >= s;
}

/* Marks the grid points of `key` that lie between consecutive tie-lines of region r. */
static void cover(builder *b, const pkey *key, const lq_ternary_region *r) {
    for (size_t g = 0; g < b->ng; g++) {
        if (b->gcovered[g] || !key_eq(&b->gkey[g], key)) continue;
        double px, py;
        cart(b->gx + 3 * g, &px, &py);
        for (size_t i = 0; i + 1 < r->n && !b->gcovered[g]; i++) {
            double q[4][2];
            const double *t0 = r->x + 6 * i, *t1 = r->x + 6 * (i + 1);
            cart(t0, &q[0][0], &q[0][1]);
            cart(t0 + 3, &q[1][0], &q[1][1]);
            cart(t1 + 3, &q[2][0], &q[2][1]);
            cart(t1, &q[3][0], &q[3][1]);
            b->gcovered[g] = in_tri(px, py, q[0], q[1], q[2]) || in_tri(px, py, q[0], q[2], q[3]) ||
                             in_tri(px, py, q[0], q[1], q[3]) || in_tri(px, py, q[1], q[2], q[3]);
        }
    }
}

/* 1 when the middle tie-line of the walk buffer (n lines) lies strictly inside a known
 * tie-triangle. */
static int inside_triangle(const builder *b, size_t n) {
    const double *e = b->tl + 6 * (n / 2);
    double m[3], px, py;
    for (int c = 0; c < 3; c++) m[c] = 0.5 * (e[c] + e[3 + c]);
    cart(m, &px, &py);
    for (size_t t = 0; t < b->s->n_triangles; t++) {
        const lq_ternary_triangle *u = &b->s->triangles[t];
        double v[3][2];
        for (int k = 0; k < 3; k++) cart(u->x[k], &v[k][0], &v[k][1]);
        double d =
            (v[1][1] - v[2][1]) * (v[0][0] - v[2][0]) + (v[2][0] - v[1][0]) * (v[0][1] - v[2][1]);
        if (fabs(d) < 1e-18) continue;
        double l1 =
            ((v[1][1] - v[2][1]) * (px - v[2][0]) + (v[2][0] - v[1][0]) * (py - v[2][1])) / d;
        double l2 =
            ((v[2][1] - v[0][1]) * (px - v[2][0]) + (v[0][0] - v[2][0]) * (py - v[2][1])) / d;
        if (l1 > 1e-3 && l2 > 1e-3 && 1.0 - l1 - l2 > 1e-3) return 1;
    }
    return 0;
}

/* Traces the family through grid point g (both directions) into a new region. */
static lq_status trace(builder *b, size_t g) {
    const pkey *key = &b->gkey[g];
    size_t n = 0;
    walk_end w0, w1;
    lq_status st = solve(b, b->gx + 3 * g, NULL, b->cur);
    if (st != LQ_OK) return st == LQ_ENOCONV ? LQ_OK : st;
    pkey k;
    key_of(b->cur, &k);
    if (!key_eq(&k, key)) return LQ_OK;
    double e0[6];
    ends_of(b->cur, key, NULL, e0);
    /* backwards first; the tie-lines found are then reversed in place */
    st = walk(b, key, -1.0, e0, &n, &w0);
    if (st != LQ_OK) return st;
    for (size_t i = 0; i < n / 2; i++)
        for (int c = 0; c < 6; c++) {
            double t = b->tl[6 * i + (size_t)c];
            b->tl[6 * i + (size_t)c] = b->tl[6 * (n - 1 - i) + (size_t)c];
            b->tl[6 * (n - 1 - i) + (size_t)c] = t;
        }
    st = push_tl(b, &n, e0);
    w1 = w0; /* a ring is complete: the walk came back to e0 */
    if (st == LQ_OK && w0.kind != LQ_TERNARY_END_LOOP) st = solve(b, b->gx + 3 * g, NULL, b->cur);
    if (st == LQ_OK && w0.kind != LQ_TERNARY_END_LOOP) st = walk(b, key, 1.0, NULL, &n, &w1);
    if (st == LQ_ENOCONV) {
        w1.kind = LQ_TERNARY_END_UNRESOLVED;
        w1.tri = NONE;
        st = LQ_OK;
    }
    if (st != LQ_OK) return st;
    lq_ternary_section *s = b->s;
    if (inside_triangle(b, n)) {
        /* a two-phase state inside a known tie-triangle: the solver missed a composition set
         * (metastable); not a region of the section */
        s->n_warnings++;
        b->gcovered[g] = 1;
        return LQ_OK;
    }
    st = grow((void **)&s->regions, &b->cap_reg, s->n_regions, sizeof *s->regions);
    if (st != LQ_OK) return st;
    lq_ternary_region *r = &s->regions[s->n_regions];
    memset(r, 0, sizeof *r);
    r->x = lqi_malloc_array(6 * n, sizeof *r->x);
    if (!r->x) return LQ_ENOMEM;
    memcpy(r->x, b->tl, 6 * n * sizeof *r->x);
    r->n = n;
    r->phase[0] = key->ph[0];
    r->phase[1] = key->ph[1];
    r->end[0] = w0.kind;
    r->end[1] = w1.kind;
    r->end_triangle[0] = w0.tri;
    r->end_triangle[1] = w1.tri;
    s->n_warnings += (size_t)(w0.kind == LQ_TERNARY_END_UNRESOLVED) +
                     (size_t)(w1.kind == LQ_TERNARY_END_UNRESOLVED);
    s->n_regions++;
    b->gcovered[g] = 1;
    cover(b, key, r);
    return LQ_OK;
}

/* Accumulates grid point g into the field of its phase set. */
static lq_status add_field(builder *b, size_t g) {
    lq_ternary_section *s = b->s;
    const pkey *k = &b->gkey[g];
    for (size_t i = 0; i < s->n_fields; i++) {
        lq_ternary_field *f = &s->fields[i];
        pkey fk = {f->n_phases, {f->phase[0], f->phase[1], f->phase[2]}};
        if (!key_eq(&fk, k)) continue;
        for (int c = 0; c < 3; c++) f->x[c] += b->gx[3 * g + (size_t)c];
        f->n_grid++;
        return LQ_OK;
    }
    lq_status st = grow((void **)&s->fields, &b->cap_f, s->n_fields, sizeof *s->fields);
    if (st != LQ_OK) return st;
    lq_ternary_field *f = &s->fields[s->n_fields++];
    f->n_phases = k->n;
    memcpy(f->phase, k->ph, sizeof f->phase);
    memcpy(f->x, b->gx + 3 * g, sizeof f->x);
    f->n_grid = 1;
    return LQ_OK;
}

/* The field's grid point nearest the mean of its grid points: a point of the field even when the
 * field is not convex (the mean alone can fall in a neighbouring field). */
static void representative(const builder *b, lq_ternary_field *f) {
    double m[3], best = HUGE_VAL;
    for (int c = 0; c < 3; c++) m[c] = f->x[c] / (double)f->n_grid;
    pkey fk = {f->n_phases, {f->phase[0], f->phase[1], f->phase[2]}};
    for (size_t g = 0; g < b->ng; g++) {
        if (!key_eq(&b->gkey[g], &fk)) continue;
        double d = dist3(b->gx + 3 * g, m);
        if (d < best) {
            best = d;
            memcpy(f->x, b->gx + 3 * g, sizeof f->x);
        }
    }
}

/* The grid: equilibria at every overall composition, warm-started along each row. */
static lq_status grid(builder *b) {
    size_t n = b->opt->grid_n;
    b->ng = (n + 1) * (n + 2) / 2;
    b->gx = lqi_malloc_array(3 * b->ng, sizeof *b->gx);
    b->gkey = lqi_malloc_array(b->ng, sizeof *b->gkey);
    b->gcovered = lqi_malloc_array(b->ng, sizeof *b->gcovered);
    if (!b->gx || !b->gkey || !b->gcovered) return LQ_ENOMEM;
    double den = (double)n + 3.0 * GRID_DELTA;
    size_t g = 0;
    for (size_t i = 0; i <= n; i++) {
        int warm = 0;
        for (size_t j = 0; j + i <= n; j++, g++) {
            double *x = b->gx + 3 * g;
            x[0] = ((double)(n - i - j) + GRID_DELTA) / den;
            x[1] = ((double)j + GRID_DELTA) / den;
            x[2] = ((double)i + GRID_DELTA) / den;
            b->gcovered[g] = 0;
            b->gkey[g].n = 0;
            lq_status st = solve(b, x, warm ? b->cur : NULL, b->trial);
            if (st == LQ_ENOCONV) {
                warm = 0;
                continue;
            }
            if (st != LQ_OK) return st;
            key_of(b->trial, &b->gkey[g]);
            lq_eq_result *t = b->cur;
            b->cur = b->trial;
            b->trial = t;
            warm = 1;
            st = add_field(b, g);
            if (st == LQ_OK && b->gkey[g].n == 3) {
                size_t idx;
                st = add_triangle(b, b->cur, &idx);
            }
            if (st != LQ_OK) return st;
        }
    }
    return LQ_OK;
}

static lq_status check(const lq_eq_ws *ws, const lq_ternary_section_options *o,
                       lq_ternary_section **out, lq_diag *diag) {
    if (!ws || !o || !out) return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "NULL argument");
    if (ws->ncomp != 3)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL,
                            "isothermal section: the system has %zu components, not 3", ws->ncomp);
    if (!(o->T > 0.0) || !isfinite(o->T))
        return lqi_diag_set(diag, LQ_EDOM, NULL, 0, "T", "T = %g K is not > 0", o->T);
    if (o->grid_n < 2 || o->grid_n > 400 || !(o->step > 0.0 && o->step < 0.5) ||
        !(o->max_dx > 0.0) || !(o->tol > 0.0 && o->tol < o->step) ||
        !(o->edge > 0.0 && o->edge < 1e-2) || o->max_tielines < 2)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL,
                            "isothermal section: bad options (grid_n 2..400, 0 < tol < step < "
                            "0.5, max_dx > 0, 0 < edge < 0.01, max_tielines >= 2)");
    return LQ_OK;
}

lq_status lq_ternary_section_compute(lq_eq_ws *ws, const lq_ternary_section_options *opt,
                                     lq_ternary_section **out, lq_diag *diag) {
    lq_status st = check(ws, opt, out, diag);
    if (st != LQ_OK) return st;
    builder b;
    memset(&b, 0, sizeof b);
    b.ws = ws;
    b.opt = opt;
    b.s = lqi_calloc(1, sizeof *b.s);
    if (!b.s) return LQ_ENOMEM;
    b.s->T = opt->T;
    st = lq_eq_result_alloc(ws, &b.cur);
    if (st == LQ_OK) st = lq_eq_result_alloc(ws, &b.trial);
    if (st == LQ_OK) st = grid(&b);
    /* two-phase families, each traced once from its first uncovered grid point */
    for (size_t g = 0; st == LQ_OK && g < b.ng; g++)
        if (b.gkey[g].n == 2 && !b.gcovered[g]) st = trace(&b, g);
    if (st == LQ_OK) {
        size_t ok = 0;
        for (size_t g = 0; g < b.ng; g++) ok += b.gkey[g].n > 0;
        if (ok == 0) st = LQ_ENOTFOUND;
    }
    for (size_t i = 0; st == LQ_OK && i < b.s->n_fields; i++) representative(&b, &b.s->fields[i]);
    lq_eq_result_free(b.cur);
    lq_eq_result_free(b.trial);
    lqi_free(b.gx);
    lqi_free(b.gkey);
    lqi_free(b.gcovered);
    lqi_free(b.tl);
    if (st != LQ_OK) {
        lq_ternary_section_free(b.s);
        return lqi_diag_set(diag, st, NULL, 0, NULL, "isothermal section at T = %g K: %s", opt->T,
                            st == LQ_ENOTFOUND ? "no grid point converged" : lq_status_str(st));
    }
    *out = b.s;
    return LQ_OK;
}

void lq_ternary_section_free(lq_ternary_section *s) {
    if (!s) return;
    for (size_t i = 0; i < s->n_regions; i++) lqi_free(s->regions[i].x);
    lqi_free(s->regions);
    lqi_free(s->triangles);
    lqi_free(s->fields);
    lqi_free(s);
}
