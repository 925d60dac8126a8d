/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Small dense LU factorisation with partial pivoting for the hull LP and the Newton systems. */
#include <math.h>

#include "thermo/equil/equil_internal.h"

/* Relative pivot threshold: with the row and column scaling of the Newton system (docs/
 * equilibrium.md) entries are O(1), so a pivot below 1e-13 of the largest entry means rank
 * deficiency (e.g. more phases than the phase rule allows), not a merely ill-conditioned system. */
#define LQI_LU_TINY 1e-13

lq_status lqi_lu_factor(double *a, size_t n, size_t *piv) {
    double anorm = 0.0;
    for (size_t i = 0; i < n * n; i++)
        if (fabs(a[i]) > anorm) anorm = fabs(a[i]);
    if (!isfinite(anorm)) return LQ_ESINGULAR;
    for (size_t k = 0; k < n; k++) {
        size_t p = k;
        double best = fabs(a[k * n + k]);
        for (size_t i = k + 1; i < n; i++) {
            double v = fabs(a[i * n + k]);
            if (v > best) {
                best = v;
                p = i;
            }
        }
        piv[k] = p;
        if (!(best > LQI_LU_TINY * anorm)) return LQ_ESINGULAR;
        if (p != k)
            for (size_t j = 0; j < n; j++) {
                double t = a[k * n + j];
                a[k * n + j] = a[p * n + j];
                a[p * n + j] = t;
            }
        double inv = 1.0 / a[k * n + k];
        for (size_t i = k + 1; i < n; i++) {
            double f = a[i * n + k] * inv;
            a[i * n + k] = f;
            if (f != 0.0)
                for (size_t j = k + 1; j < n; j++) a[i * n + j] -= f * a[k * n + j];
        }
    }
    return LQ_OK;
}

void lqi_lu_solve(const double *a, size_t n, const size_t *piv, double *b) {
    for (size_t k = 0; k < n; k++) {
        size_t p = piv[k];
        if (p != k) {
            double t = b[k];
            b[k] = b[p];
            b[p] = t;
        }
    }
    for (size_t i = 1; i < n; i++) {
        double s = b[i];
        for (size_t j = 0; j < i; j++) s -= a[i * n + j] * b[j];
        b[i] = s;
    }
    for (size_t i = n; i-- > 0;) {
        double s = b[i];
        for (size_t j = i + 1; j < n; j++) s -= a[i * n + j] * b[j];
        b[i] = s / a[i * n + i];
    }
}
