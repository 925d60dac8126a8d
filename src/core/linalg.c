/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The library's one dense linear-algebra path: thin wrappers over LAPACKE (dgesv, dgetrf/dgetrs,
 * dgelsd). */
#include <float.h>
#include <lapacke.h>
#include <limits.h>
#include <math.h>

#include "core/core_internal.h"

static int fits_int(size_t n) { return n <= (size_t)INT_MAX; }

/* The pivot arrays of the factor/solve pair are plain int in the internal header, so that callers
 * need not include lapacke.h; LAPACKE's default (LP64) lapack_int is int. */
_Static_assert(sizeof(lapack_int) == sizeof(int), "lqi_lu_* assume 32-bit lapack_int (LP64)");

lq_status lqi_linsolve(double *a, size_t n, double *b, size_t nrhs) {
    if (!a || !b || n == 0 || nrhs == 0 || !fits_int(n) || !fits_int(nrhs)) return LQ_EINVAL;
    double anorm = 0.0;
    for (size_t i = 0; i < n * n; i++) {
        double v = fabs(a[i]);
        if (!(v <= anorm)) anorm = v;
    }
    if (!isfinite(anorm)) return LQ_ESINGULAR;
    lapack_int *ipiv = lqi_malloc_array(n, sizeof *ipiv);
    if (!ipiv) return LQ_ENOMEM;
    lapack_int info = LAPACKE_dgesv(LAPACK_ROW_MAJOR, (lapack_int)n, (lapack_int)nrhs, a,
                                    (lapack_int)n, ipiv, b, (lapack_int)nrhs);
    lqi_free(ipiv);
    if (info == LAPACK_TRANSPOSE_MEMORY_ERROR || info == LAPACK_WORK_MEMORY_ERROR) return LQ_ENOMEM;
    if (info < 0) return LQ_EINVAL;
    if (info > 0) return LQ_ESINGULAR;
    /* a pivot at the rounding level of the largest entry: numerically singular (dgesv only
     * reports exact zeros), and the solution would be noise */
    double tiny = (double)n * DBL_EPSILON * anorm;
    for (size_t k = 0; k < n; k++)
        if (!(fabs(a[k * n + k]) > tiny)) return LQ_ESINGULAR;
    return LQ_OK;
}

lq_status lqi_lstsq(double *a, size_t m, size_t n, double *b, double rcond, size_t *rank) {
    if (!a || !b || m == 0 || n == 0 || !fits_int(m) || !fits_int(n)) return LQ_EINVAL;
    size_t mn = m < n ? m : n;
    double *s = lqi_malloc_array(mn, sizeof *s);
    if (!s) return LQ_ENOMEM;
    lapack_int rk = 0;
    lapack_int info = LAPACKE_dgelsd(LAPACK_ROW_MAJOR, (lapack_int)m, (lapack_int)n, 1, a,
                                     (lapack_int)n, b, 1, s, rcond, &rk);
    lqi_free(s);
    if (info == LAPACK_TRANSPOSE_MEMORY_ERROR || info == LAPACK_WORK_MEMORY_ERROR) return LQ_ENOMEM;
    if (info < 0) return LQ_EINVAL;
    if (info > 0) return LQ_ESINGULAR; /* SVD did not converge */
    if (rank) *rank = (size_t)rk;
    return LQ_OK;
}

lq_status lqi_nullspace(double *a, size_t m, size_t n, double rel_tol, double *vt, size_t *rank) {
    if (!a || !vt || !rank || m == 0 || n == 0 || !fits_int(m) || !fits_int(n)) return LQ_EINVAL;
    size_t mn = m < n ? m : n;
    double *s = lqi_malloc_array(mn + mn, sizeof *s);
    if (!s) return LQ_ENOMEM;
    lapack_int info = LAPACKE_dgesvd(LAPACK_ROW_MAJOR, 'N', 'A', (lapack_int)m, (lapack_int)n, a,
                                     (lapack_int)n, s, NULL, 1, vt, (lapack_int)n, s + mn);
    if (info == 0) {
        size_t r = 0;
        while (r < mn && s[r] > rel_tol * s[0]) r++;
        *rank = r;
    }
    lqi_free(s);
    if (info == LAPACK_TRANSPOSE_MEMORY_ERROR || info == LAPACK_WORK_MEMORY_ERROR) return LQ_ENOMEM;
    if (info < 0) return LQ_EINVAL;
    if (info > 0) return LQ_ESINGULAR;
    return LQ_OK;
}

/*
 * Systems of at most LQI_LU_SMALL unknowns (the equilibrium solver's Newton steps, n ~ 10) are
 * factored here rather than by dgetrf/dgetrs: for them the LAPACK call, not the arithmetic, is the
 * cost (OpenBLAS's dgetrf took ~9800 instructions per call on n ~ 10, ~ 660 flops, its dgetrs
 * ~2700 per solve: 21 % of a Cu-Mg assessment log-probability, callgrind). The algorithm and the
 * storage are LAPACK's unblocked dgetf2 (right-looking, partial pivoting by the first largest
 * |entry| of the column as idamax, reciprocal scaling of the column below the pivot) on the same
 * column-major array, so factors and ipiv (1-based) mean exactly what dgetrf's do and either path
 * solves with either factors; results agree with LAPACK's to rounding.
 */
#define LQI_LU_SMALL 16

/* In place P M = L U of the column-major n x n M; nonzero when a pivot is exactly zero (LAPACK's
 * info > 0; the elimination continues past it as dgetf2 does). */
static int lu_small_factor(double *m, size_t n, int *ipiv) {
    int singular = 0;
    for (size_t j = 0; j < n; j++) {
        double *cj = m + j * n, best = fabs(cj[j]);
        size_t p = j;
        for (size_t i = j + 1; i < n; i++)
            if (fabs(cj[i]) > best) best = fabs(cj[i]), p = i;
        ipiv[j] = (int)p + 1;
        if (cj[p] == 0.0) { /* exact-zero sentinel, as LAPACK's info */
            singular = 1;
            continue;
        }
        if (p != j)
            for (size_t k = 0; k < n; k++) {
                double t = m[k * n + j];
                m[k * n + j] = m[k * n + p];
                m[k * n + p] = t;
            }
        if (fabs(cj[j]) >= DBL_MIN) {
            double r = 1.0 / cj[j];
            for (size_t i = j + 1; i < n; i++) cj[i] *= r;
        } else {
            for (size_t i = j + 1; i < n; i++) cj[i] /= cj[j];
        }
        for (size_t k = j + 1; k < n; k++) {
            double *ck = m + k * n, f = ck[j];
            if (f != 0.0)
                for (size_t i = j + 1; i < n; i++) ck[i] -= cj[i] * f;
        }
    }
    return singular;
}

/* Solves with the factors of lu_small_factor: M x = b when plain (the interchanges, L, then U;
 * dgetrs 'N'), else M^T x = b (U^T, L^T, then the interchanges in reverse; dgetrs 'T'). */
static void lu_small_solve(const double *m, size_t n, const int *ipiv, int plain, double *b) {
    if (plain) {
        for (size_t i = 0; i < n; i++) {
            size_t p = (size_t)ipiv[i] - 1;
            if (p != i) {
                double t = b[i];
                b[i] = b[p];
                b[p] = t;
            }
        }
        for (size_t j = 0; j < n; j++) { /* L (unit diagonal), column by column */
            const double *cj = m + j * n;
            double v = b[j];
            if (v != 0.0)
                for (size_t i = j + 1; i < n; i++) b[i] -= v * cj[i];
        }
        for (size_t j = n; j-- > 0;) { /* U */
            const double *cj = m + j * n;
            b[j] /= cj[j];
            double v = b[j];
            if (v != 0.0)
                for (size_t i = 0; i < j; i++) b[i] -= v * cj[i];
        }
        return;
    }
    for (size_t j = 0; j < n; j++) { /* U^T: row j of U^T is column j of U */
        const double *cj = m + j * n;
        double v = b[j];
        for (size_t i = 0; i < j; i++) v -= cj[i] * b[i];
        b[j] = v / cj[j];
    }
    for (size_t j = n; j-- > 0;) { /* L^T (unit diagonal) */
        const double *cj = m + j * n;
        double v = b[j];
        for (size_t i = j + 1; i < n; i++) v -= cj[i] * b[i];
        b[j] = v;
    }
    for (size_t i = n; i-- > 0;) {
        size_t p = (size_t)ipiv[i] - 1;
        if (p != i) {
            double t = b[i];
            b[i] = b[p];
            b[p] = t;
        }
    }
}

/*
 * A row-major matrix is the column-major storage of its transpose. The pair below hands LAPACK
 * the row-major array as a column-major A^T, so no transposed copy is made (LAPACKE's row-major
 * path allocates one per call, which dominates for the small systems of the equilibrium solver):
 * dgetrf factors A^T = P L U, and A x = b is then A^T's transposed solve ('T'), A^T x = b the plain
 * one ('N'). The _work entry points skip LAPACKE's NaN scan; lqi_lu_factor checks finiteness
 * itself while looking for the largest entry.
 */
lq_status lqi_lu_factor(double *a, size_t n, int *ipiv, double rel_tiny) {
    if (!a || !ipiv || n == 0 || !fits_int(n)) return LQ_EINVAL;
    double anorm = 0.0;
    int bad = 0;
    for (size_t i = 0; i < n * n; i++) {
        double v = fabs(a[i]);
        bad |= !(v <= DBL_MAX); /* NaN or infinite (a NaN max would be overwritten by the next) */
        if (v > anorm) anorm = v;
    }
    if (bad) return LQ_ESINGULAR;
    if (n <= LQI_LU_SMALL) {
        if (lu_small_factor(a, n, ipiv)) return LQ_ESINGULAR;
    } else {
        lapack_int nn = (lapack_int)n;
        lapack_int info = LAPACKE_dgetrf_work(LAPACK_COL_MAJOR, nn, nn, a, nn, ipiv);
        if (info < 0) return LQ_EINVAL;
        if (info > 0) return LQ_ESINGULAR;
    }
    double tiny = rel_tiny * anorm;
    for (size_t k = 0; k < n; k++)
        if (!(fabs(a[k * n + k]) > tiny)) return LQ_ESINGULAR;
    return LQ_OK;
}

void lqi_lu_solve(const double *a, size_t n, const int *ipiv, int transpose, double *b) {
    if (n <= LQI_LU_SMALL) {
        lu_small_solve(a, n, ipiv, transpose, b); /* M = A^T: A^T x = b is M's plain solve */
        return;
    }
    lapack_int nn = (lapack_int)n;
    /* const is dropped only because the LAPACKE prototype lacks it; dgetrs does not write a */
    LAPACKE_dgetrs_work(LAPACK_COL_MAJOR, transpose ? 'N' : 'T', nn, 1, (double *)(uintptr_t)a, nn,
                        ipiv, b, nn);
}

lq_status lqi_chol_factor(double *a, size_t n, double min_pivot) {
    if (!a || n == 0 || !fits_int(n)) return LQ_EINVAL;
    for (size_t i = 0; i < n * n; i++)
        if (!isfinite(a[i])) return LQ_ESINGULAR;
    /* symmetric: the row-major array is its own column-major transpose, no copy needed */
    lapack_int nn = (lapack_int)n;
    lapack_int info = LAPACKE_dpotrf_work(LAPACK_COL_MAJOR, 'L', nn, a, nn);
    if (info < 0) return LQ_EINVAL;
    if (info > 0) return LQ_ESINGULAR;
    for (size_t k = 0; k < n; k++)
        if (!(a[k * n + k] * a[k * n + k] > min_pivot)) return LQ_ESINGULAR;
    return LQ_OK;
}
