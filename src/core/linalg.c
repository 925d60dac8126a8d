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

/*
 * Small systems (n <= LQI_LU_SMALL) are factored here rather than by LAPACK: for the 2-20 unknowns
 * of the equilibrium Newton steps and the LP bases, OpenBLAS's dgetrf/dgetrs/dpotrf spend most of
 * their time in call overhead (buffer allocation, locks, thread checks) rather than arithmetic. The
 * small path is the textbook unblocked algorithm of LAPACK's dgetf2 / dgetrs / dpotf2 (Golub and
 * Van Loan, Matrix Computations, 4th ed., Algorithms 3.4.1 and 4.2.1) on the same column-major
 * view of the array and with the same pivot choice (the first largest |entry| of the column), so
 * the factor/solve contract and the singularity tests are those of the LAPACK path; only the
 * rounding of the sums differs.
 */
#define LQI_LU_SMALL 32

/* LU of the column-major m (n x n, m[i + j n]) with row interchanges, 1-based ipiv as dgetf2;
 * -1 at an exactly zero pivot column (dgetf2's info > 0). */
static int lu_small(double *m, size_t n, int *ipiv) {
    for (size_t k = 0; k < n; k++) {
        double *ck = m + k * n, big = fabs(ck[k]);
        size_t p = k;
        for (size_t i = k + 1; i < n; i++)
            if (fabs(ck[i]) > big) big = fabs(ck[i]), p = i;
        ipiv[k] = (int)p + 1;
        if (big == 0.0) return -1;
        if (p != k)
            for (size_t j = 0; j < n; j++) {
                double t = m[k + j * n];
                m[k + j * n] = m[p + j * n];
                m[p + j * n] = t;
            }
        double inv = 1.0 / ck[k];
        for (size_t i = k + 1; i < n; i++) ck[i] *= inv;
        for (size_t j = k + 1; j < n; j++) {
            double *cj = m + j * n, f = cj[k];
            for (size_t i = k + 1; i < n; i++) cj[i] -= ck[i] * f; /* NaN propagates */
        }
    }
    return 0;
}

/* dgetrs on the factors of lu_small: trans = 0 solves M x = b, else M^T x = b (M = P L U). */
static void lu_small_solve(const double *m, size_t n, const int *ipiv, int trans, double *b) {
    if (!trans) {
        for (size_t k = 0; k < n; k++) {
            size_t p = (size_t)ipiv[k] - 1;
            double t = b[k];
            b[k] = b[p];
            b[p] = t;
        }
        for (size_t j = 0; j < n; j++) /* L y = b, unit diagonal, by columns */
            for (size_t i = j + 1; i < n; i++) b[i] -= m[i + j * n] * b[j];
        for (size_t j = n; j-- > 0;) { /* U x = y */
            b[j] /= m[j + j * n];
            for (size_t i = 0; i < j; i++) b[i] -= m[i + j * n] * b[j];
        }
        return;
    }
    for (size_t j = 0; j < n; j++) { /* U^T z = b: row j of U^T is column j of U */
        double s = b[j];
        for (size_t i = 0; i < j; i++) s -= m[i + j * n] * b[i];
        b[j] = s / m[j + j * n];
    }
    for (size_t j = n; j-- > 0;) { /* L^T w = z */
        double s = b[j];
        for (size_t i = j + 1; i < n; i++) s -= m[i + j * n] * b[i];
        b[j] = s;
    }
    for (size_t k = n; k-- > 0;) {
        size_t p = (size_t)ipiv[k] - 1;
        double t = b[k];
        b[k] = b[p];
        b[p] = t;
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
    for (size_t i = 0; i < n * n; i++) {
        double v = fabs(a[i]);
        if (!(v <= anorm)) anorm = v; /* also picks up NaN, caught below */
    }
    if (!isfinite(anorm)) return LQ_ESINGULAR;
    lapack_int nn = (lapack_int)n;
    lapack_int info = n <= LQI_LU_SMALL
                          ? (lapack_int)lu_small(a, n, ipiv)
                          : LAPACKE_dgetrf_work(LAPACK_COL_MAJOR, nn, nn, a, nn, ipiv);
    if (info < 0 && n <= LQI_LU_SMALL) return LQ_ESINGULAR;
    if (info < 0) return LQ_EINVAL;
    if (info > 0) return LQ_ESINGULAR;
    double tiny = rel_tiny * anorm;
    for (size_t k = 0; k < n; k++)
        if (!(fabs(a[k * n + k]) > tiny)) return LQ_ESINGULAR;
    return LQ_OK;
}

void lqi_lu_solve(const double *a, size_t n, const int *ipiv, int transpose, double *b) {
    if (n <= LQI_LU_SMALL) {
        /* A x = b is the transposed solve of the column-major A^T, as below */
        lu_small_solve(a, n, ipiv, !transpose, b);
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
    if (n <= LQI_LU_SMALL) {
        /* dpotf2 'L', column by column (the lower triangle of the column-major view) */
        for (size_t j = 0; j < n; j++) {
            double *cj = a + j * n, d = cj[j];
            for (size_t k = 0; k < j; k++) d -= a[j + k * n] * a[j + k * n];
            if (!(d > 0.0)) return LQ_ESINGULAR;
            d = sqrt(d);
            cj[j] = d;
            if (!(d * d > min_pivot)) return LQ_ESINGULAR;
            for (size_t i = j + 1; i < n; i++) {
                double s = cj[i];
                for (size_t k = 0; k < j; k++) s -= a[i + k * n] * a[j + k * n];
                cj[i] = s / d;
            }
        }
        return LQ_OK;
    }
    /* symmetric: the row-major array is its own column-major transpose, no copy needed */
    lapack_int nn = (lapack_int)n;
    lapack_int info = LAPACKE_dpotrf_work(LAPACK_COL_MAJOR, 'L', nn, a, nn);
    if (info < 0) return LQ_EINVAL;
    if (info > 0) return LQ_ESINGULAR;
    for (size_t k = 0; k < n; k++)
        if (!(a[k * n + k] * a[k * n + k] > min_pivot)) return LQ_ESINGULAR;
    return LQ_OK;
}
