/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Lower convex hull of the sampled (x, G) points at one overall composition, by the core LP. */
#include <math.h>
#include <string.h>

#include "core/core_internal.h"
#include "thermo/equil/equil_internal.h"

/*
 * Primal: minimise sum_j lambda_j g_j subject to sum_j lambda_j x_j = x0, lambda >= 0, over the
 * sampled points j (G per mole of atoms g_j, composition x_j). Its optimum is the lower convex hull
 * at x0; the dual variables of the basis are the chemical potentials of the hyperplane through the
 * basis points (B^T mu = g_B). Solved by the library's simplex (lqi_lp_solve) with Dantzig pricing,
 * starting from one artificial point per pure component whose energy lies far above every sample
 * (big-M), in the way of the lower-convex-hull step of pycalphad (Otis and Liu, J. Open Res. Softw.
 * 5 (2017) 1).
 */

typedef struct {
    const lq_eq_ws *ws;
    size_t j0;    /* first point that may enter (the extra points only: ws->ns) */
    size_t n;     /* points that may enter */
    double g_art; /* energy of the artificial points */
} hull_ctx;

/* LP column j: point j0 + j for j < n, else the artificial unit point of component j - n. */
static const double *hull_column(void *ctx, size_t j, double *scratch, double *cost) {
    const hull_ctx *h = ctx;
    const lq_eq_ws *ws = h->ws;
    size_t nc = ws->ncomp;
    if (j >= h->n) {
        memset(scratch, 0, nc * sizeof *scratch);
        scratch[j - h->n] = 1.0;
        *cost = h->g_art;
        return scratch;
    }
    size_t p = h->j0 + j;
    if (p < ws->ns) {
        *cost = ws->s_g[p];
        return ws->s_x + p * nc;
    }
    *cost = ws->e_g[p - ws->ns];
    return ws->e_x + (p - ws->ns) * nc;
}

lq_status lqi_eq_hull(lq_eq_ws *ws, const double *x0, int extras_only) {
    size_t nc = ws->ncomp, np = ws->ns + ws->nextra, j0 = extras_only ? ws->ns : 0;
    double gmin = HUGE_VAL, gmax = -HUGE_VAL;
    for (size_t j = j0; j < np; j++) {
        double g = j < ws->ns ? ws->s_g[j] : ws->e_g[j - ws->ns];
        if (g < gmin) gmin = g;
        if (g > gmax) gmax = g;
    }
    if (np == j0 || !isfinite(gmin) || !isfinite(gmax)) return LQ_EDOM;
    hull_ctx h = {ws, j0, np - j0, gmax + 10.0 * (gmax - gmin) + 1e5};
    lqi_lp lp = {nc,           h.n, hull_column, &h, 0, 1e-9 * (fabs(gmin) + fabs(gmax) + 1.0),
                 200 + 20 * nc};
    for (size_t c = 0; c < nc; c++) ws->basis[c] = h.n + c;
    lq_status st = lqi_lp_solve(&lp, x0, ws->basis, ws->lambda, ws->hmu, NULL, ws->lp);
    /* after the pivot budget the last basis still gives a usable starting point for Newton */
    if (st != LQ_OK && st != LQ_ENOCONV) return st == LQ_EINVAL ? LQ_EDOM : LQ_ESINGULAR;
    for (size_t i = 0; i < nc; i++) {
        size_t j = ws->basis[i];
        if (j >= h.n) {
            if (ws->lambda[i] > 1e-10) return LQ_EDOM; /* x0 not reachable */
            ws->basis[i] = np + (j - h.n);             /* artificial, as the callers expect */
        } else {
            ws->basis[i] = j0 + j;
        }
    }
    return LQ_OK;
}
