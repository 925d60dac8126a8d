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
 *
 * With many samples (tens of thousands in a ternary with sublattice phases) most pivots of the
 * simplex price every sample. Column generation instead (G. B. Dantzig, P. Wolfe, Oper. Res. 8
 * (1960) 101; the "restricted master problem"): the LP is solved over a small candidate set, every
 * sample is priced once against its duals, the LQI_EQ_CG_ADD * C most negative reduced costs join
 * the candidates, and the LP is re-solved warm from its last basis, until no sample has a reduced
 * cost below -tol: then the candidates' optimum is the optimum over all samples (the same
 * optimality test as the simplex's own). After LQI_EQ_CG_PASSES passes the full LP is solved.
 */

static lq_status lp_run(lq_eq_ws *ws, const double *x0, const lqi_lp_block *first, size_t n,
                        double tol) {
    size_t nc = ws->ncomp;
    lqi_lp lp;
    memset(&lp, 0, sizeof lp);
    lp.d = nc;
    if (first) lp.block[lp.nblocks++] = *first;
    lp.block[lp.nblocks++] = (lqi_lp_block){ws->e_x, ws->e_g, ws->nextra};
    lp.block[lp.nblocks++] = (lqi_lp_block){ws->art_x, ws->art_g, nc};
    lp.n = n;
    lp.bland = 0;
    lp.tol = tol;
    lp.max_iter = 200 + 20 * nc;
    lq_status st = lqi_lp_solve(&lp, x0, ws->basis, ws->lambda, ws->hmu, NULL, ws->lp);
    /* after the pivot budget the last basis still gives a usable starting point for Newton */
    if (st != LQ_OK && st != LQ_ENOCONV) return st == LQ_EINVAL ? LQ_EDOM : LQ_ESINGULAR;
    return LQ_OK;
}

/* Column generation over the samples; on return ws->basis holds LP column indices over
 * [candidates, extras, artificial] and *ncand_out the number of candidates. 1 when it did not
 * finish within LQI_EQ_CG_PASSES passes (or without room), 0 when optimal, < 0 on an LP error. */
static int hull_cg(lq_eq_ws *ws, const double *x0, double tol, lq_status *st) {
    size_t nc = ws->ncomp, K = LQI_EQ_CG_ADD * nc;
    /* the previous hull's candidates start this one (at most half the room; their energies at
     * the current T): neighbouring conditions share most of the facet's points */
    if (ws->ncand > ws->maxcand / 2) ws->ncand = ws->maxcand / 2;
    for (size_t q = 0; q < ws->ncand; q++) ws->c_g[q] = ws->s_g[ws->c_idx[q]];
    for (size_t c = 0; c < nc; c++) ws->basis[c] = ws->ncand + ws->nextra + c;
    for (int pass = 0; pass < LQI_EQ_CG_PASSES; pass++) {
        lqi_lp_block cb = {ws->c_x, ws->c_g, ws->ncand};
        *st = lp_run(ws, x0, &cb, ws->ncand + ws->nextra, tol);
        if (*st != LQ_OK) return -1;
        /* price every sample against the duals; keep the K most negative reduced costs */
        size_t nnew = 0;
        double worst_kept = -tol;
        for (size_t j = 0; j < ws->ns; j++) {
            const double *x = ws->s_x + j * nc;
            double r = ws->s_g[j];
            for (size_t c = 0; c < nc; c++) r -= ws->hmu[c] * x[c];
            if (!(r < worst_kept) && !(nnew < K && r < -tol)) continue;
            /* insertion into the sorted list (ascending), dropping the last when full */
            size_t pos = nnew < K ? nnew++ : K - 1;
            while (pos > 0 && ws->c_red[pos - 1] > r) {
                ws->c_red[pos] = ws->c_red[pos - 1];
                ws->c_new[pos] = ws->c_new[pos - 1];
                pos--;
            }
            ws->c_red[pos] = r;
            ws->c_new[pos] = j;
            if (nnew == K) worst_kept = ws->c_red[K - 1];
        }
        if (nnew == 0) return 0;
        if (ws->ncand + nnew > ws->maxcand) return 1;
        /* append; basis indices past the candidates (extras, artificial) shift by nnew */
        for (size_t c = 0; c < nc; c++)
            if (ws->basis[c] >= ws->ncand) ws->basis[c] += nnew;
        for (size_t q = 0; q < nnew; q++) {
            size_t j = ws->c_new[q], at = ws->ncand + q;
            /* a sample already a candidate has reduced cost >= -tol at the LP optimum */
            ws->c_idx[at] = j;
            memcpy(ws->c_x + at * nc, ws->s_x + j * nc, nc * sizeof *ws->c_x);
            ws->c_g[at] = ws->s_g[j];
        }
        ws->ncand += nnew;
    }
    return 1;
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
    /* columns: the samples (unless extras_only), the extra points, then the artificial points
     * (ws->art_x holds the nc x nc identity) */
    double g_art = gmax + 10.0 * (gmax - gmin) + 1e5;
    for (size_t c = 0; c < nc; c++) ws->art_g[c] = g_art;
    double tol = 1e-9 * (fabs(gmin) + fabs(gmax) + 1.0);
    lq_status st = LQ_OK;
    int cg = !extras_only && ws->ns > 16 * LQI_EQ_CG_ADD * nc ? hull_cg(ws, x0, tol, &st) : 1;
    if (cg < 0) return st;
    size_t n, nfirst;
    if (cg == 0) {
        nfirst = ws->ncand;
        n = ws->ncand + ws->nextra;
    } else {
        /* the plain LP over every column */
        n = np - j0;
        nfirst = extras_only ? 0 : ws->ns;
        for (size_t c = 0; c < nc; c++) ws->basis[c] = n + c;
        lqi_lp_block sb = {ws->s_x, ws->s_g, ws->ns};
        st = lp_run(ws, x0, extras_only ? NULL : &sb, n, tol);
        if (st != LQ_OK) return st;
    }
    for (size_t i = 0; i < nc; i++) {
        size_t j = ws->basis[i];
        if (j >= n) {
            if (ws->lambda[i] > 1e-10) return LQ_EDOM; /* x0 not reachable */
            ws->basis[i] = np + (j - n);               /* artificial, as the callers expect */
        } else if (j < nfirst) {
            ws->basis[i] = cg == 0 ? ws->c_idx[j] : j0 + j;
        } else {
            ws->basis[i] = ws->ns + (j - nfirst); /* an extra point */
        }
    }
    return LQ_OK;
}
