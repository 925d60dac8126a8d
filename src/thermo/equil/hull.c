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

lq_status lqi_eq_hull(lq_eq_ws *ws, const double *x0, int extras_only) {
    size_t nc = ws->ncomp, np = ws->ns + ws->nextra, j0 = extras_only ? ws->ns : 0;
    double gmin = HUGE_VAL, gmax = -HUGE_VAL;
    for (size_t j = j0; j < np; j++) {
        double g = j < ws->ns ? ws->s_g[j] : ws->e_g[j - ws->ns];
        if (g < gmin) gmin = g;
        if (g > gmax) gmax = g;
    }
    if (np == j0 || !isfinite(gmin) || !isfinite(gmax)) return LQ_EDOM;
    /* columns: the samples (unless extras_only), the extra points, then the artificial points
     * (ws->art_x holds the nc x nc identity) */
    double g_art = gmax + 10.0 * (gmax - gmin) + 1e5;
    for (size_t c = 0; c < nc; c++) ws->art_g[c] = g_art;
    size_t n = np - j0;
    lqi_lp lp;
    memset(&lp, 0, sizeof lp);
    lp.d = nc;
    if (!extras_only) lp.block[lp.nblocks++] = (lqi_lp_block){ws->s_x, ws->s_g, ws->ns};
    lp.block[lp.nblocks++] = (lqi_lp_block){ws->e_x, ws->e_g, ws->nextra};
    lp.block[lp.nblocks++] = (lqi_lp_block){ws->art_x, ws->art_g, nc};
    lp.n = n;
    lp.bland = 0;
    lp.tol = 1e-9 * (fabs(gmin) + fabs(gmax) + 1.0);
    lp.max_iter = 200 + 20 * nc;
    for (size_t c = 0; c < nc; c++) ws->basis[c] = n + c;
    lq_status st = lqi_lp_solve(&lp, x0, ws->basis, ws->lambda, ws->hmu, NULL, ws->lp);
    /* after the pivot budget the last basis still gives a usable starting point for Newton */
    if (st != LQ_OK && st != LQ_ENOCONV) return st == LQ_EINVAL ? LQ_EDOM : LQ_ESINGULAR;
    for (size_t i = 0; i < nc; i++) {
        size_t j = ws->basis[i];
        if (j >= n) {
            if (ws->lambda[i] > 1e-10) return LQ_EDOM; /* x0 not reachable */
            ws->basis[i] = np + (j - n);               /* artificial, as the callers expect */
        } else {
            ws->basis[i] = j0 + j;
        }
    }
    return LQ_OK;
}
