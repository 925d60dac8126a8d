/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The library's one dense linear-algebra path: thin wrappers over LAPACKE (dgesv, dgelsd). */
#include <lapacke.h>
#include <limits.h>

#include "core/core_internal.h"

static int fits_int(size_t n) { return n <= (size_t)INT_MAX; }

lq_status lqi_linsolve(double *a, size_t n, double *b, size_t nrhs) {
    if (!a || !b || n == 0 || nrhs == 0 || !fits_int(n) || !fits_int(nrhs)) return LQ_EINVAL;
    lapack_int *ipiv = lqi_malloc_array(n, sizeof *ipiv);
    if (!ipiv) return LQ_ENOMEM;
    lapack_int info = LAPACKE_dgesv(LAPACK_ROW_MAJOR, (lapack_int)n, (lapack_int)nrhs, a,
                                    (lapack_int)n, ipiv, b, (lapack_int)nrhs);
    lqi_free(ipiv);
    if (info < 0) return LQ_EINVAL;
    return info > 0 ? LQ_ESINGULAR : LQ_OK;
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
    if (info < 0) return info == -999 /* LAPACKE's allocation failure */ ? LQ_ENOMEM : LQ_EINVAL;
    if (info > 0) return LQ_ESINGULAR; /* SVD did not converge */
    if (rank) *rank = (size_t)rk;
    return LQ_OK;
}
