/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Cell potentials from a database: E(x) by equilibria along x at T, plateaus of the two-phase
 * fields, and deposition potentials of the line compounds on the host. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core_internal.h"
#include "thermo/cell/cell_internal.h"

#define STD_P_PA 101325.0

typedef struct db_ctx {
    lq_system *sys;
    lq_eq_ws *ws;
    lq_eq_result *res;
    double G_metal, G_host; /* J/mol of atoms, database reference (SER) */
} db_ctx;

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The scan: k dx inside (0, 1) and the extra compositions, sorted, duplicates removed. */
static lq_status make_grid(const lq_cell_options *opt, double **grid, size_t *n, lq_diag *diag) {
    if (!(opt->dx > 0.0 && opt->dx <= 0.5))
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "dx", "scan step %g must lie in (0, 0.5]",
                            opt->dx);
    if (opt->n_x && !opt->x) return LQ_EINVAL;
    size_t nk = (size_t)floor(1.0 / opt->dx + 1e-9);
    double *g = lqi_malloc_array(nk + opt->n_x + 1, sizeof *g);
    if (!g) return LQ_ENOMEM;
    size_t m = 0;
    for (size_t k = 1; k <= nk; k++) {
        double x = (double)k * opt->dx;
        if (x < 1.0 - 1e-9) g[m++] = x;
    }
    for (size_t i = 0; i < opt->n_x; i++) {
        if (!(opt->x[i] > 0.0 && opt->x[i] < 1.0)) {
            lqi_free(g);
            return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "x",
                                "composition %zu: x = %g must lie in (0, 1)", i + 1, opt->x[i]);
        }
        g[m++] = opt->x[i];
    }
    qsort(g, m, sizeof *g, cmp_double);
    size_t u = 0;
    for (size_t i = 0; i < m; i++)
        if (u == 0 || g[i] - g[u - 1] > 1e-12) g[u++] = g[i];
    *grid = g;
    *n = u;
    return LQ_OK;
}

static lq_status open_ctx(const lq_db *db, const lq_cell_options *opt, lq_cell_result *r, db_ctx *c,
                          lq_diag *diag) {
    const char *comps[2] = {opt->host, opt->metal};
    lq_status st = lq_system_create(db, comps, 2, NULL, 0, &c->sys, diag);
    if (st == LQ_ENOTFOUND) st = LQ_EINVAL; /* a component the database lacks is bad input */
    if (st == LQ_OK) st = lq_eq_ws_alloc(c->sys, NULL, &c->ws, diag);
    if (st == LQ_OK) st = lq_eq_result_alloc(c->ws, &c->res);
    if (st != LQ_OK) return st;
    size_t ph = 0, hph = 0;
    if (opt->metal_phase) {
        st = lq_system_phase_find(c->sys, opt->metal_phase, &ph);
        if (st != LQ_OK)
            return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "metal_phase",
                                "%s is not a phase of the %s-%s system", opt->metal_phase, r->host,
                                r->metal);
        st = lq_eq_reference_G(c->ws, opt->T_K, 1, ph, &c->G_metal, NULL, NULL, NULL, diag);
    } else {
        st = lq_eq_reference_stable(c->ws, opt->T_K, 1, &ph, &c->G_metal, diag);
    }
    if (st == LQ_OK) st = lq_eq_reference_stable(c->ws, opt->T_K, 0, &hph, &c->G_host, diag);
    if (st != LQ_OK) return st;
    lq_phase_info info;
    if (lq_system_phase_info(c->sys, ph, &info) == LQ_OK)
        snprintf(r->metal_phase, sizeof r->metal_phase, "%s", info.name);
    return LQ_OK;
}

static void close_ctx(db_ctx *c) {
    lq_eq_result_free(c->res);
    lq_eq_ws_free(c->ws);
    lq_system_free(c->sys);
}

/* The stable phase set of an equilibrium, the phase with less M first. */
static size_t phase_key(const lq_eq_result *res, size_t key[2], double xk[2]) {
    size_t np = res->n_phases > 2 ? 2 : res->n_phases;
    for (size_t i = 0; i < np; i++) {
        key[i] = res->phases[i].phase;
        xk[i] = res->phases[i].x[1];
    }
    if (np == 2 && xk[1] < xk[0]) {
        size_t t = key[0];
        key[0] = key[1];
        key[1] = t;
        double tx = xk[0];
        xk[0] = xk[1];
        xk[1] = tx;
    }
    return np;
}

static void field_start(lq_cell_result *r, const db_ctx *c, size_t np, const size_t key[2],
                        const double xk[2], double x, double dmu) {
    lq_cell_field *f = &r->fields[r->n_fields++];
    memset(f, 0, sizeof *f);
    f->n_phases = np;
    for (size_t i = 0; i < np; i++) {
        lq_phase_info info;
        if (lq_system_phase_info(c->sys, key[i], &info) == LQ_OK)
            snprintf(f->phase[i], sizeof f->phase[i], "%s", info.name);
    }
    f->x_lo = np == 2 ? xk[0] : x;
    f->x_hi = np == 2 ? xk[1] : x;
    f->dmu_J_per_mol = np == 2 ? dmu : (double)NAN;
    f->E_V = np == 2 ? lqi_cell_emf(dmu, r->n_electrons) : (double)NAN;
    f->E_ref_V = f->E_scale_V = (double)NAN;
    if (np == 2) lqi_cell_convert(r, f->E_V, &f->E_ref_V, &f->E_scale_V);
}

/* Equilibria along the grid: points and fields. */
static lq_status scan(lq_cell_result *r, db_ctx *c, const double *grid, size_t n, lq_diag *diag) {
    r->points = lqi_calloc(n, sizeof *r->points);
    r->fields = lqi_calloc(n, sizeof *r->fields);
    if (!r->points || !r->fields) return LQ_ENOMEM;
    size_t cur_np = 0, cur_key[2] = {0, 0};
    for (size_t i = 0; i < n; i++) {
        double x[2] = {1.0 - grid[i], grid[i]};
        lq_diag d;
        lq_status st = lq_eq_solve(c->ws, r->T_K, x, 2, c->res, &d);
        if (st == LQ_ENOCONV) {
            r->n_failed++;
            continue;
        }
        if (st != LQ_OK) {
            if (diag) *diag = d;
            return st;
        }
        size_t key[2] = {0, 0};
        double xk[2] = {0.0, 0.0};
        size_t np = phase_key(c->res, key, xk);
        double dmu = c->res->mu[1] - c->G_metal;
        if (r->n_fields == 0 || np != cur_np || key[0] != cur_key[0] ||
            (np == 2 && key[1] != cur_key[1])) {
            field_start(r, c, np, key, xk, grid[i], dmu);
            cur_np = np;
            cur_key[0] = key[0];
            cur_key[1] = key[1];
        } else if (np == 1) {
            r->fields[r->n_fields - 1].x_hi = grid[i];
        }
        lq_cell_point *p = &r->points[r->n_points++];
        p->x = grid[i];
        p->dmu_J_per_mol = dmu;
        p->E_V = lqi_cell_emf(dmu, r->n_electrons);
        lqi_cell_convert(r, p->E_V, &p->E_ref_V, &p->E_scale_V);
        p->field = r->n_fields - 1;
    }
    if (r->n_points == 0)
        return lqi_diag_set(diag, LQ_ENOCONV, NULL, 0, "x",
                            "no equilibrium of the %s-%s scan at %g K converged", r->host, r->metal,
                            r->T_K);
    return LQ_OK;
}

/* x of M in a line compound (one constituent per sublattice, neutral), or -1. */
static double compound_x(const lq_system *sys, size_t ph) {
    lq_phase_info in;
    if (lq_system_phase_info(sys, ph, &in) != LQ_OK || in.constituent_charge ||
        in.n_constituents != in.n_sublattices)
        return -1.0;
    double m[2] = {0.0, 0.0};
    for (size_t k = 0; k < in.n_constituents; k++)
        for (size_t cc = 0; cc < 2; cc++)
            m[cc] += in.site_ratio[in.sublattice_of[k]] * in.constituent_comp[k * 2 + cc];
    if (!(m[0] > 0.0 && m[1] > 0.0)) return -1.0;
    return m[1] / (m[0] + m[1]);
}

/* Deposition of every line compound on the host (its g against the stable host and the metal
 * reference at T, and its distance from the equilibrium G at its composition). */
static lq_status deposits(lq_cell_result *r, db_ctx *c, lq_diag *diag) {
    size_t nph = lq_system_phase_count(c->sys);
    r->deposits = lqi_calloc(nph ? nph : 1, sizeof *r->deposits);
    lq_thermo_ws *tw = NULL;
    double *y = NULL;
    lq_status st = r->deposits ? lq_thermo_ws_alloc(c->sys, &tw) : LQ_ENOMEM;
    if (st == LQ_OK) st = lq_thermo_ws_set_TP(tw, r->T_K, STD_P_PA);
    for (size_t ph = 0; st == LQ_OK && ph < nph; ph++) {
        double x = compound_x(c->sys, ph);
        if (x < 0.0) continue;
        lq_phase_info in;
        lq_system_phase_info(c->sys, ph, &in);
        lqi_free(y);
        y = lqi_malloc_array(in.n_constituents, sizeof *y);
        if (!y) {
            st = LQ_ENOMEM;
            break;
        }
        for (size_t k = 0; k < in.n_constituents; k++) y[k] = 1.0;
        lq_phase_ghsc gh;
        st = lq_phase_properties(tw, ph, y, 1, &gh);
        double xv[2] = {1.0 - x, x};
        lq_diag d;
        if (st == LQ_OK) st = lq_eq_solve(c->ws, r->T_K, xv, 2, c->res, &d);
        if (st != LQ_OK) {
            if (diag && st != LQ_ENOMEM) *diag = d;
            break;
        }
        double ref = (1.0 - x) * c->G_host + x * c->G_metal;
        lq_cell_deposit *dp = &r->deposits[r->n_deposits++];
        snprintf(dp->phase, sizeof dp->phase, "%s", in.name);
        dp->x = x;
        dp->g_J_per_mol_atom = gh.G - ref;
        dp->above_hull_J_per_mol_atom = gh.G - c->res->G;
        dp->E_V = lqi_cell_emf(dp->g_J_per_mol_atom / x, r->n_electrons);
        lqi_cell_convert(r, dp->E_V, &dp->E_ref_V, &dp->E_scale_V);
    }
    lqi_free(y);
    lq_thermo_ws_free(tw);
    return st;
}

static int cmp_deposit(const void *a, const void *b) {
    const lq_cell_deposit *p = a, *q = b;
    return (p->x > q->x) - (p->x < q->x);
}

lq_status lq_cell_from_db(const lq_db *db, const lq_cell_options *opt, lq_cell_result **out,
                          lq_diag *diag) {
    if (!db || !out) return LQ_EINVAL;
    lq_status st = lqi_cell_check_options(opt, diag);
    if (st != LQ_OK) return st;
    double *grid = NULL;
    size_t n = 0;
    st = make_grid(opt, &grid, &n, diag);
    if (st != LQ_OK) return st;
    lq_cell_result *r = NULL;
    db_ctx c = {0};
    st = lqi_cell_result_new(opt, &r, diag);
    if (st == LQ_OK) st = open_ctx(db, opt, r, &c, diag);
    if (st == LQ_OK) st = scan(r, &c, grid, n, diag);
    if (st == LQ_OK) st = deposits(r, &c, diag);
    close_ctx(&c);
    lqi_free(grid);
    if (st != LQ_OK) {
        lq_cell_result_free(r);
        return st;
    }
    qsort(r->deposits, r->n_deposits, sizeof *r->deposits, cmp_deposit);
    *out = r;
    return LQ_OK;
}
