/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Lower convex hull of the sampled (x, G) points at one overall composition, by a simplex LP. */
#include <math.h>
#include <string.h>

#include "thermo/equil/equil_internal.h"

/*
 * Primal: minimise sum_j lambda_j g_j subject to sum_j lambda_j x_j = x0, lambda >= 0, over the
 * sampled points j (G per mole of atoms g_j, composition x_j). Its optimum is the lower convex hull
 * at x0; the dual variables of the basis are the chemical potentials of the hyperplane through the
 * basis points (B^T mu = g_B). Revised simplex with Dantzig pricing, starting from one artificial
 * point per pure component whose energy lies far above every sample (big-M), in the way of the
 * lower-convex-hull step of pycalphad (Otis and Liu, J. Open Res. Softw. 5 (2017) 1).
 */

static const double *point_x(const lq_eq_ws *ws, size_t j, double *unit) {
    size_t ns = ws->ns, ne = ws->nextra, nc = ws->ncomp;
    if (j < ns) return ws->s_x + j * nc;
    if (j < ns + ne) return ws->e_x + (j - ns) * nc;
    memset(unit, 0, nc * sizeof *unit);
    unit[j - ns - ne] = 1.0;
    return unit;
}

static double point_g(const lq_eq_ws *ws, size_t j, double g_art) {
    if (j < ws->ns) return ws->s_g[j];
    if (j < ws->ns + ws->nextra) return ws->e_g[j - ws->ns];
    return g_art;
}

lq_status lqi_eq_hull(lq_eq_ws *ws, const double *x0, int extras_only) {
    size_t nc = ws->ncomp, np = ws->ns + ws->nextra, j0 = extras_only ? ws->ns : 0;
    double gmin = HUGE_VAL, gmax = -HUGE_VAL;
    for (size_t j = j0; j < np; j++) {
        double g = point_g(ws, j, 0.0);
        if (g < gmin) gmin = g;
        if (g > gmax) gmax = g;
    }
    if (np == j0 || !isfinite(gmin) || !isfinite(gmax)) return LQ_EDOM;
    double g_art = gmax + 10.0 * (gmax - gmin) + 1e5;
    double tol = 1e-9 * (fabs(gmin) + fabs(gmax) + 1.0);
    double *unit = ws->mutmp;
    for (size_t c = 0; c < nc; c++) {
        ws->basis[c] = np + c;
        ws->lambda[c] = x0[c];
    }
    size_t maxit = 200 + 20 * nc;
    for (size_t it = 0; it < maxit; it++) {
        /* mu from B^T mu = g_B; row i of B^T is x of basis point i */
        for (size_t i = 0; i < nc; i++) {
            const double *xi = point_x(ws, ws->basis[i], unit);
            for (size_t r = 0; r < nc; r++) ws->B[i * nc + r] = xi[r];
            ws->hmu[i] = point_g(ws, ws->basis[i], g_art);
        }
        if (lqi_lu_factor(ws->B, nc, ws->piv) != LQ_OK) return LQ_ESINGULAR;
        lqi_lu_solve(ws->B, nc, ws->piv, ws->hmu);
        /* pricing */
        size_t enter = np;
        double dmin = -tol;
        for (size_t j = j0; j < np; j++) {
            const double *xj = point_x(ws, j, unit);
            double d = point_g(ws, j, g_art);
            for (size_t r = 0; r < nc; r++) d -= ws->hmu[r] * xj[r];
            if (d < dmin) {
                int inb = 0;
                for (size_t i = 0; i < nc; i++) inb |= ws->basis[i] == j;
                if (!inb) {
                    dmin = d;
                    enter = j;
                }
            }
        }
        if (enter == np) break;
        /* B w = x_enter, B columns are the basis points */
        for (size_t i = 0; i < nc; i++) {
            const double *xi = point_x(ws, ws->basis[i], unit);
            for (size_t r = 0; r < nc; r++) ws->Bw[r * nc + i] = xi[r];
        }
        if (lqi_lu_factor(ws->Bw, nc, ws->piv) != LQ_OK) return LQ_ESINGULAR;
        const double *xe = point_x(ws, enter, unit);
        memcpy(ws->rhs, xe, nc * sizeof *ws->rhs);
        lqi_lu_solve(ws->Bw, nc, ws->piv, ws->rhs);
        size_t leave = nc;
        double theta = HUGE_VAL;
        for (size_t i = 0; i < nc; i++) {
            if (ws->rhs[i] > 1e-12) {
                double t = ws->lambda[i] / ws->rhs[i];
                /* ties: let an artificial point leave first */
                if (t < theta - 1e-15 || (t <= theta + 1e-15 && leave < nc && ws->basis[i] >= np &&
                                          ws->basis[leave] < np)) {
                    theta = t;
                    leave = i;
                }
            }
        }
        if (leave == nc) return LQ_ESINGULAR;
        for (size_t i = 0; i < nc; i++) {
            ws->lambda[i] -= theta * ws->rhs[i];
            if (ws->lambda[i] < 0.0) ws->lambda[i] = 0.0;
        }
        ws->lambda[leave] = theta;
        ws->basis[leave] = enter;
    }
    for (size_t i = 0; i < nc; i++)
        if (ws->basis[i] >= np && ws->lambda[i] > 1e-10) return LQ_EDOM; /* x0 not reachable */
    return LQ_OK;
}
