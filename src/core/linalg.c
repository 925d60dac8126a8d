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
    for (size_t i = 0; i < n * n; i++) {
        double v = fabs(a[i]);
        if (!(v <= anorm)) anorm = v; /* also picks up NaN, caught below */
    }
    if (!isfinite(anorm)) return LQ_ESINGULAR;
    lapack_int nn = (lapack_int)n;
    lapack_int info = LAPACKE_dgetrf_work(LAPACK_COL_MAJOR, nn, nn, a, nn, ipiv);
    if (info < 0) return LQ_EINVAL;
    if (info > 0) return LQ_ESINGULAR;
    double tiny = rel_tiny * anorm;
    for (size_t k = 0; k < n; k++)
        if (!(fabs(a[k * n + k]) > tiny)) return LQ_ESINGULAR;
    return LQ_OK;
}

void lqi_lu_solve(const double *a, size_t n, const int *ipiv, int transpose, double *b) {
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
