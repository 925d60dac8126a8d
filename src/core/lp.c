/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The library's one linear program: revised simplex over columns held in contiguous blocks. */
#include <math.h>
#include <string.h>

#include "core/core_internal.h"

/*
 * Revised simplex method (G. B. Dantzig, Linear Programming and Extensions, 1963; the revised form
 * as in V. Chvatal, Linear Programming, 1983, ch. 7). Each iteration factors the basis matrix B
 * (columns: the basic columns) once through LAPACK (lqi_lu_factor) and uses it twice: the duals
 * from B^T mu = c_B, the entering direction from B w = a_enter. The basis matrices of the
 * library's hulls are at most a few tens of rows, so refactoring costs less than keeping an
 * updated factorisation would.
 */

/* Relative pivot threshold of the basis factorisation: compositions are O(1), so a pivot below
 * 1e-13 of the largest entry means the basic columns are linearly dependent. */
#define LQI_LP_TINY 1e-13
/* Ratio test: only directions w_i above this take part; ratios within LQI_LP_TIE are ties. */
#define LQI_LP_WMIN 1e-12
#define LQI_LP_TIE 1e-15

struct lqi_lp_ws {
    size_t d;
    double *B, *w;
    int *ipiv;
};

lq_status lqi_lp_ws_alloc(size_t d, lqi_lp_ws **out) {
    if (!out || d == 0) return LQ_EINVAL;
    lqi_lp_ws *ws = lqi_calloc(1, sizeof *ws);
    if (!ws) return LQ_ENOMEM;
    ws->d = d;
    ws->B = lqi_malloc_array(d * d, sizeof *ws->B);
    ws->w = lqi_malloc_array(d, sizeof *ws->w);
    ws->ipiv = lqi_malloc_array(d, sizeof *ws->ipiv);
    if (!ws->B || !ws->w || !ws->ipiv) {
        lqi_lp_ws_free(ws);
        return LQ_ENOMEM;
    }
    *out = ws;
    return LQ_OK;
}

void lqi_lp_ws_free(lqi_lp_ws *ws) {
    if (!ws) return;
    lqi_free(ws->B);
    lqi_free(ws->w);
    lqi_free(ws->ipiv);
    lqi_free(ws);
}

/* Column j of the LP (entries and cost); NULL when j is past the last block. */
static const double *column(const lqi_lp *lp, size_t j, double *cost) {
    for (size_t k = 0; k < lp->nblocks; k++) {
        const lqi_lp_block *b = &lp->block[k];
        if (j < b->count) {
            *cost = b->cost[j];
            return b->a + j * lp->d;
        }
        j -= b->count;
    }
    return NULL;
}

/* B (row-major, d x d) with column i = column basis[i]; c_B into cb. */
static int basis_matrix(const lqi_lp *lp, const size_t *basis, lqi_lp_ws *ws, double *cb) {
    size_t d = lp->d;
    for (size_t i = 0; i < d; i++) {
        const double *a = column(lp, basis[i], &cb[i]);
        if (!a) return -1;
        for (size_t r = 0; r < d; r++) ws->B[r * d + i] = a[r];
    }
    return 0;
}

static int in_basis(const size_t *basis, size_t d, size_t j) {
    for (size_t i = 0; i < d; i++)
        if (basis[i] == j) return 1;
    return 0;
}

/* Columns whose reduced costs price() computes in one go (a stack buffer). */
#define LQI_LP_PRICE_BLOCK 128

/* Reduced costs c_i - mu.a_i of m consecutive columns into out, each summed as
 * c - mu_0 a_0 - mu_1 a_1 - ... (the same value to the bit in every branch); the loops over
 * columns of the small d of the hulls are unrolled over d, so the compiler vectorises them. */
static void reduced_costs(const double *cost, const double *a, size_t m, size_t d, const double *mu,
                          double *out) {
    if (d == 2) {
        const double m0 = mu[0], m1 = mu[1];
        for (size_t i = 0; i < m; i++) out[i] = cost[i] - m0 * a[2 * i] - m1 * a[2 * i + 1];
    } else if (d == 3) {
        const double m0 = mu[0], m1 = mu[1], m2 = mu[2];
        for (size_t i = 0; i < m; i++)
            out[i] = cost[i] - m0 * a[3 * i] - m1 * a[3 * i + 1] - m2 * a[3 * i + 2];
    } else {
        for (size_t i = 0; i < m; i++) {
            double v = cost[i];
            for (size_t r = 0; r < d; r++) v -= mu[r] * a[i * d + r];
            out[i] = v;
        }
    }
}

/* Entering column: reduced cost c_j - mu.a_j below -tol, the most negative (Dantzig) or the first
 * (Bland); n when there is none (optimal). */
static size_t price(const lqi_lp *lp, const size_t *basis, const double *mu) {
    size_t d = lp->d, n = lp->n, enter = n, j = 0;
    double dmin = -lp->tol, dj[LQI_LP_PRICE_BLOCK];
    for (size_t k = 0; k < lp->nblocks && j < n; k++) {
        const lqi_lp_block *blk = &lp->block[k];
        size_t count = blk->count < n - j ? blk->count : n - j;
        for (size_t q0 = 0; q0 < count; q0 += LQI_LP_PRICE_BLOCK) {
            size_t m = count - q0 < LQI_LP_PRICE_BLOCK ? count - q0 : LQI_LP_PRICE_BLOCK;
            reduced_costs(blk->cost + q0, blk->a + q0 * d, m, d, mu, dj);
            for (size_t i = 0; i < m; i++)
                if (dj[i] < dmin && !in_basis(basis, d, j + i)) {
                    if (lp->bland) return j + i;
                    enter = j + i;
                    dmin = dj[i];
                }
            j += m;
        }
    }
    return enter;
}

lq_status lqi_lp_solve(const lqi_lp *lp, const double *b, size_t *basis, double *xb, double *mu,
                       double *value, lqi_lp_ws *ws) {
    if (!lp || !b || !basis || !xb || !mu || !ws || lp->d != ws->d ||
        lp->nblocks > LQI_LP_MAX_BLOCKS)
        return LQ_EINVAL;
    size_t d = lp->d, n = lp->n;
    /* starting point: x_B = B^-1 b */
    if (basis_matrix(lp, basis, ws, mu) != 0) return LQ_EINVAL;
    if (lqi_lu_factor(ws->B, d, ws->ipiv, LQI_LP_TINY) != LQ_OK) return LQ_ESINGULAR;
    memcpy(xb, b, d * sizeof *xb);
    lqi_lu_solve(ws->B, d, ws->ipiv, 0, xb);
    for (size_t i = 0; i < d; i++)
        if (xb[i] < 0.0) {
            if (xb[i] < -1e-9) return LQ_EINVAL; /* the starting basis is not feasible */
            xb[i] = 0.0;
        }
    lq_status st = LQ_ENOCONV;
    for (size_t it = 0; it <= lp->max_iter; it++) {
        if (it > 0) {
            basis_matrix(lp, basis, ws, mu);
            if (lqi_lu_factor(ws->B, d, ws->ipiv, LQI_LP_TINY) != LQ_OK) return LQ_ESINGULAR;
        }
        /* duals: B^T mu = c_B (mu holds c_B on entry) */
        lqi_lu_solve(ws->B, d, ws->ipiv, 1, mu);
        if (it == lp->max_iter) break; /* the duals belong to the basis returned */
        /* pricing: reduced cost c_j - mu.a_j; Dantzig takes the most negative, Bland the first */
        size_t enter = price(lp, basis, mu);
        if (enter == n) {
            st = LQ_OK;
            break;
        }
        /* direction B w = a_enter and ratio test; on ties a column outside [0, n) (an artificial
         * one) leaves first, else the lowest column index (Bland's rule, against cycling on the
         * degenerate vertices that compositions on hull edges give) */
        double cost_e;
        const double *ae = column(lp, enter, &cost_e);
        memcpy(ws->w, ae, d * sizeof *ws->w);
        lqi_lu_solve(ws->B, d, ws->ipiv, 0, ws->w);
        size_t leave = d;
        double theta = HUGE_VAL;
        for (size_t i = 0; i < d; i++) {
            if (!(ws->w[i] > LQI_LP_WMIN)) continue;
            double t = xb[i] / ws->w[i];
            int better = t < theta - LQI_LP_TIE;
            if (!better && leave < d && t <= theta + LQI_LP_TIE) {
                int art_i = basis[i] >= n, art_l = basis[leave] >= n;
                better = art_i != art_l ? art_i : basis[i] < basis[leave];
            }
            if (leave == d || better) {
                theta = t;
                leave = i;
            }
        }
        if (leave == d) return LQ_ESINGULAR; /* unbounded */
        for (size_t i = 0; i < d; i++) {
            xb[i] -= theta * ws->w[i];
            if (xb[i] < 0.0) xb[i] = 0.0;
        }
        xb[leave] = theta;
        basis[leave] = enter;
    }
    if (value) {
        double v = 0.0;
        for (size_t i = 0; i < d; i++) {
            double cost = 0.0;
            column(lp, basis[i], &cost);
            v += cost * xb[i];
        }
        *value = v;
    }
    return st;
}
